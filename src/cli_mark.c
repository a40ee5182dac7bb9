/* kehoach done / start / reopen / undo: changing a duty's state. Each
 * change records the OS user and the time in the history. */
#include <string.h>

#include "kehoach/cli.h"
#include "kehoach/text.h"

static int mark_command(struct cli *cli, int argc, char **argv,
			enum duty_state state, const char *usage)
{
	const char *note = NULL, *on = NULL;
	struct cli_option options[] = {
		{ "note", true, &note },
		{ "on", true, &on },   /* only for done */
		{ 0 },
	};
	if (state != DUTY_DONE)
		options[1] = (struct cli_option){ 0 };
	struct cli_args a;
	struct mark mark = { .state = state, .done_on = KH_DATE_NONE };
	int rc;
	if (!cli_parse(argc, argv, options, _(usage), 1, 1, &a, &rc))
		return rc;
	const char **args = a.items;
	rc = KH_EXIT_USAGE;
	if (note && !text_valid_utf8(note, strlen(note))) {
		cli_usage_error(argv[0], _("the note is not valid UTF-8"));
		goto out;
	}
	mark.note = note;
	if (state == DUTY_DONE) {
		mark.done_on = cli->today;
		if (on && cli_parse_date("--on", on, &mark.done_on) < 0)
			goto out;
		if (mark.done_on > cli->today) {
			char today[DATE_STR_SIZE];
			cli_usage_error(argv[0], _("--on: %s is after today (%s): a duty cannot"
						   " be done in the future; give the day it was done"),
					on, cli_date(cli->today, today));
			goto out;
		}
	}
	rc = KH_EXIT_FAIL;
	if (cli_open_store(cli, NULL) < 0)
		goto out;
	struct duty_ref ref;
	struct kh_error err;
	struct actor actor;
	if (store_resolve(cli->store, args[0], 0, &ref, &err) < 0) {
		cli_report_error(&err);
		goto out;
	}
	cli_actor(cli, &actor);
	int changed = store_mark(cli->store, ref.assignment, &mark, &actor, &err);
	if (changed < 0) {
		cli_report_error(&err);
		goto out;
	}
	cli_put(stdout, args[0]);
	if (changed == 1)
		printf(_(": already %s; nothing changed\n"), duty_state_name(state));
	else
		printf(": %s\n", duty_state_name(state));
	rc = KH_EXIT_OK;
out:
	cli_args_free(&a);
	return rc;
}

int cli_done(struct cli *cli, int argc, char **argv)
{
	return mark_command(cli, argc, argv, DUTY_DONE, N_(
		"Usage: kehoach done ID [--note TEXT] [--on DATE]\n"
		"Marks a duty done (on DATE, default today), with an optional note\n"
		"such as the result achieved. --note \"\" clears the note.\n"));
}

int cli_start(struct cli *cli, int argc, char **argv)
{
	return mark_command(cli, argc, argv, DUTY_DOING, N_(
		"Usage: kehoach start ID [--note TEXT]\n"
		"Marks a duty as being done.\n"));
}

int cli_reopen(struct cli *cli, int argc, char **argv)
{
	return mark_command(cli, argc, argv, DUTY_TODO, N_(
		"Usage: kehoach reopen ID [--note TEXT]\n"
		"Marks a duty as not done.\n"));
}

static const char undo_usage[] = N_(
	"Usage: kehoach undo\n"
	"Undoes your last change (undo again to go further back).\n"
	"Refused when someone else changed that duty since. A change to a duty\n"
	"since removed from its plan cannot be undone: undo says so and undoes\n"
	"your change before it.\n");

/* Says which later changes undo passed over, and why. */
static void print_skipped(const struct undo_result *result)
{
	if (result->skipped == 0)
		return;
	char *name = text_sanitize(result->skipped_name, 0);
	if (result->skipped == 1)
		printf(_("Your later change to %s cannot be undone: that duty is no longer"
			 " in any plan.\n"), name);
	else
		printf(_("Your %d later changes to duties no longer in any plan (the latest"
			 " to %s) cannot be undone.\n"), result->skipped, name);
	x_free(name);
}

int cli_undo(struct cli *cli, int argc, char **argv)
{
	static const struct cli_option options[] = { { 0 } };
	struct cli_args args;
	int rc;
	if (!cli_parse(argc, argv, options, _(undo_usage), 0, 0, &args, &rc))
		return rc;
	cli_args_free(&args);
	if (cli_open_store(cli, NULL) < 0)
		return KH_EXIT_FAIL;
	struct actor actor;
	struct undo_result result;
	struct kh_error err;
	cli_actor(cli, &actor);
	int undone = store_undo(cli->store, &actor, &result, &err);
	if (undone < 0) {
		cli_report_error(&err);
		return KH_EXIT_FAIL;
	}
	print_skipped(&result);
	if (undone == 1) {
		printf("%s", _("Nothing to undo.\n"));
	} else {
		cli_put(stdout, result.duty_name);
		printf(": %s → %s\n", duty_state_name(result.from),
		       duty_state_name(result.to));
	}
	return KH_EXIT_OK;
}
