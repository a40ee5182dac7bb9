/* kehoach done / start / reopen / undo: changing a duty's state. Each
 * change records the OS user and the time in the history. */
#include <string.h>

#include "kehoach/cli.h"
#include "kehoach/text.h"

/* What cli.c cannot check of a mark: the note's text. */
static int check_mark(struct cli *cli, const struct cli_args *args)
{
	(void)cli;
	const char *note = cli_value(args, "note");
	if (note && !text_valid_utf8(note, strlen(note))) {
		cli_usage_error(args->command->name, _("the note is not valid UTF-8"));
		return KH_EXIT_USAGE;
	}
	return KH_EXIT_OK;
}

/* A duty is not done on a day that has not come yet. */
static int check_done(struct cli *cli, const struct cli_args *args)
{
	int rc = check_mark(cli, args);
	kh_date on = cli_date_value(args, "on");
	if (rc == KH_EXIT_OK && on != KH_DATE_NONE && on > cli->today) {
		char today[DATE_STR_SIZE];
		cli_usage_error(args->command->name,
				_("--on: %s is after today (%s): a duty cannot"
				  " be done in the future; give the day it was done"),
				cli_value(args, "on"), cli_date(cli->today, today));
		rc = KH_EXIT_USAGE;
	}
	return rc;
}

static int mark_duty(struct cli *cli, const struct cli_args *args,
		     enum duty_state state)
{
	struct mark mark = {
		.state = state,
		.note = cli_value(args, "note"),
		.done_on = KH_DATE_NONE,
	};
	if (state == DUTY_DONE) {
		mark.done_on = cli_date_value(args, "on");
		if (mark.done_on == KH_DATE_NONE)
			mark.done_on = cli->today;
	}
	const char *name = args->items[0];
	struct duty_ref ref;
	struct kh_error err;
	struct actor actor;
	if (store_resolve(cli->store, name, 0, &ref, &err) < 0) {
		cli_report_error(&err);
		return KH_EXIT_FAIL;
	}
	cli_actor(cli, &actor);
	int changed = store_mark(cli->store, ref.assignment, &mark, &actor, &err);
	if (changed < 0) {
		cli_report_error(&err);
		return KH_EXIT_FAIL;
	}
	cli_put(stdout, name);
	if (changed == 1)
		printf(_(": already %s; nothing changed\n"), duty_state_name(state));
	else
		printf(": %s\n", duty_state_name(state));
	return KH_EXIT_OK;
}

static int run_done(struct cli *cli, const struct cli_args *args)
{
	return mark_duty(cli, args, DUTY_DONE);
}

static int run_start(struct cli *cli, const struct cli_args *args)
{
	return mark_duty(cli, args, DUTY_DOING);
}

static int run_reopen(struct cli *cli, const struct cli_args *args)
{
	return mark_duty(cli, args, DUTY_TODO);
}

#define NOTE_OPTION \
	{ "note", 0, CLI_TEXT, N_("a note, such as the result achieved (at most 4096 bytes in NFC); --note \"\" clears it") }

static const struct cli_option done_options[] = {
	NOTE_OPTION,
	{ "on", 0, CLI_DATE, N_("the day it was done (default: today; not after today)") },
	{ 0 },
};

static const struct cli_option mark_options[] = { NOTE_OPTION, { 0 } };

/* The three marks: a duty named, a note, and for done its day. */
#define MARK_COMMAND(cmd, summary_text, description_text, opts, check_fn, fn) { \
	.name = cmd, .arguments = "ID", .argument_kind = CLI_DUTY, \
	.min_args = 1, .max_args = 1, .missing = N_("needs a duty name"), \
	.summary = summary_text, .description = description_text, \
	.options = opts, .flags = CLI_OPENS_STORE | CLI_CHANGES_STORE, \
	.check = check_fn, .run = fn, \
}

const struct cli_command cli_done_command = MARK_COMMAND("done",
	N_("mark a duty done"),
	N_("Marks a duty done (on DATE, default today), with an optional note\n"
	   "such as the result achieved.\n"),
	done_options, check_done, run_done);

const struct cli_command cli_start_command = MARK_COMMAND("start",
	N_("mark a duty as being done"),
	N_("Marks a duty as being done.\n"),
	mark_options, check_mark, run_start);

const struct cli_command cli_reopen_command = MARK_COMMAND("reopen",
	N_("mark a duty not done"),
	N_("Marks a duty as not done.\n"),
	mark_options, check_mark, run_reopen);

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

static int run_undo(struct cli *cli, const struct cli_args *args)
{
	(void)args;
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

static const struct cli_option undo_options[] = { { 0 } };

const struct cli_command cli_undo_command = {
	.name = "undo",
	.summary = N_("undo your last change"),
	.description = N_(
		"Undoes your last change (undo again to go further back).\n"
		"Refused when someone else changed that duty since. A change to a duty\n"
		"since removed from its plan cannot be undone: undo says so and undoes\n"
		"your change before it.\n"),
	.options = undo_options,
	.flags = CLI_OPENS_STORE | CLI_CHANGES_STORE,
	.run = run_undo,
};
