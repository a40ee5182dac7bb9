/* kehoach done / start / reopen / progress / extend / cancel / undo:
 * changing duties. Several duties named at once change in one
 * transaction, all or none. Each change records the OS user, the time
 * and any reason in the history. */
#include <stdlib.h>
#include <string.h>

#include "kehoach/cli.h"
#include "kehoach/text.h"

/* A duty is not done on a day that has not come yet. */
static int check_done(struct cli *cli, const struct cli_args *args)
{
	int rc = KH_EXIT_OK;
	kh_date on = cli_date_value(args, "on");
	if (on != KH_DATE_NONE && on > cli->today) {
		char today[DATE_STR_SIZE];
		cli_usage_error(args->command->name,
				_("--on: %s is after today (%s): a duty cannot"
				  " be done in the future; give the day it was done"),
				cli_value(args, "on"), cli_date(cli->today, today));
		rc = KH_EXIT_USAGE;
	}
	return rc;
}

/* The assignments the names stand for, one per name; with
 * whole_groups, a group's duty named without @UNIT stands for every
 * member's. */
struct targets {
	long long *assignments;
	char **names;            /* how each is named: ID, ID@UNIT … */
	size_t n, cap;
};

static void add_target(struct targets *t, long long assignment, const char *name)
{
	X_GROW(t->assignments, t->cap, t->n + 1);
	t->names = x_realloc(t->names, t->cap * sizeof(*t->names));
	t->assignments[t->n] = assignment;
	t->names[t->n++] = x_strdup(name);
}

/* A member's assignment of a group's duty, named ID@UNIT. */
static int add_group_member(void *ctx, const struct duty_row *row)
{
	char name[256];
	duty_row_name(row, name, sizeof(name));
	add_target(ctx, row->assignment, name);
	return 0;
}

static void targets_free(struct targets *t)
{
	for (size_t i = 0; i < t->n; i++)
		x_free(t->names[i]);
	x_free(t->assignments);
	x_free(t->names);
}

/* Resolves every name; each that is unknown is reported. Returns 0, or
 * -1 when any was. */
/* A head of one unit who names a group's duty without @UNIT means their
 * own unit's part of it: the name with @UNIT, or NULL when that is not
 * so (the caller then resolves the name as it is, and reports why not). */
static char *own_part(struct cli *cli, const char *name)
{
	struct actor actor;
	cli_actor(cli, &actor);
	if (!actor.may_mark || !actor.may_mark[0] || actor.may_mark[1] || strchr(name, '@'))
		return NULL;
	struct duty_ref ref;
	struct kh_error err;
	if (store_resolve(cli->store, name, RESOLVE_ALLOW_GROUP, &ref, &err) < 0 ||
	    ref.assignment)
		return NULL;
	char *own = x_asprintf("%s@%s", name, actor.may_mark[0]);
	if (store_resolve(cli->store, own, 0, &ref, &err) < 0) {
		x_free(own);
		return NULL;
	}
	return own;
}

static int resolve_names(struct cli *cli, const char *const *names, int n,
			 bool whole_groups, struct targets *t)
{
	int failed = 0;
	for (int i = 0; i < n; i++) {
		struct duty_ref ref;
		struct kh_error err;
		char *own = whole_groups ? NULL : own_part(cli, names[i]);
		const char *name = own ? own : names[i];
		int resolved = store_resolve(cli->store, name,
					     whole_groups ? RESOLVE_ALLOW_GROUP : 0, &ref, &err);
		if (resolved < 0) {
			char *line = x_asprintf("%s: %s", names[i], err.message);
			snprintf(err.message, sizeof(err.message), "%s", line);
			x_free(line);
			cli_report_error(&err);
			failed = 1;
			x_free(own);
			continue;
		}
		if (ref.assignment) {
			/* As the head meant it: ID@UNIT for their own part. */
			add_target(t, ref.assignment, name);
			x_free(own);
			continue;
		}
		x_free(own);
		/* A group's duty: every member's assignment, each named. */
		struct duty_filter filter;
		store_filter_init(&filter, cli->today);
		filter.duty = ref.duty;
		if (store_list(cli->store, &filter, add_group_member, t, &err) < 0) {
			cli_report_error(&err);
			failed = 1;
		}
	}
	return failed ? -1 : 0;
}

/* What a change did, said for each assignment. */
static const char *said(const struct change *change)
{
	switch (change->kind) {
	case CHANGE_MARK:
		return duty_state_name(change->mark.state);
	case CHANGE_PROGRESS:
		return _("progress recorded");
	case CHANGE_EXTEND:
		return change->extend_to == KH_DATE_NONE ? _("back to the plan's deadline")
							  : _("deadline extended");
	case CHANGE_CANCEL:
		return _("withdrawn");
	}
	return "";
}

/* Applies change to the duties named, all or none, and says what
 * became of each. */
static int change_duties(struct cli *cli, const char *const *names, int n,
			 const struct change *change, bool whole_groups)
{
	struct targets t = { 0 };
	int rc = KH_EXIT_FAIL;
	if (resolve_names(cli, names, n, whole_groups, &t) < 0)
		goto out;
	struct actor actor;
	struct kh_error err;
	cli_actor(cli, &actor);
	int *results = x_calloc(t.n + 1, sizeof(*results));
	struct kh_error *refused = x_calloc(t.n + 1, sizeof(*refused));
	int applied = store_change(cli->store, t.assignments, t.n, change, &actor,
				   results, refused, &err);
	if (applied < 0) {
		cli_report_error(&err);
	} else if (applied > 0 && t.n == 1) {
		cli_report_error(&refused[0]);
	} else if (applied > 0) {
		for (size_t i = 0; i < t.n; i++) {
			if (results[i] >= 0)
				continue;
			char line[sizeof(refused[i].file) + sizeof(refused[i].message) + 32];
			kh_error_format(&refused[i], line, sizeof(line));
			cli_error("%s: %s", t.names[i], line);
		}
		cli_error("%s", _("nothing was changed: the duties named change all"
				  " together or not at all"));
	} else {
		for (size_t i = 0; i < t.n; i++) {
			cli_put(stdout, t.names[i]);
			if (results[i] == MARK_UNCHANGED)
				printf(change->kind == CHANGE_MARK
				       ? _(": already %s; nothing changed\n")
				       : _(": already so (%s); nothing changed\n"), said(change));
			else
				printf(": %s\n", said(change));
		}
		rc = KH_EXIT_OK;
	}
	x_free(results);
	x_free(refused);
out:
	targets_free(&t);
	return rc;
}

static int mark_duties(struct cli *cli, const struct cli_args *args,
		       enum duty_state state)
{
	struct change change = {
		.kind = CHANGE_MARK,
		.mark = { .state = state, .note = cli_value(args, "note"),
			  .done_on = KH_DATE_NONE },
	};
	if (state == DUTY_DONE) {
		change.mark.done_on = cli_date_value(args, "on");
		if (change.mark.done_on == KH_DATE_NONE)
			change.mark.done_on = cli->today;
	}
	return change_duties(cli, args->items, args->count, &change, false);
}

static int run_done(struct cli *cli, const struct cli_args *args)
{
	return mark_duties(cli, args, DUTY_DONE);
}

static int run_start(struct cli *cli, const struct cli_args *args)
{
	return mark_duties(cli, args, DUTY_DOING);
}

static int run_reopen(struct cli *cli, const struct cli_args *args)
{
	return mark_duties(cli, args, DUTY_TODO);
}

#define NOTE_OPTION \
	{ "note", 0, CLI_TEXT, N_("a note, such as the result achieved (at most 4096 bytes in NFC); --note \"\" clears it") }

static const struct cli_option done_options[] = {
	NOTE_OPTION,
	{ "on", 0, CLI_DATE, N_("the day it was done (default: today; not after today)") },
	{ 0 },
};

static const struct cli_option mark_options[] = { NOTE_OPTION, { 0 } };

/* The three marks: duties named, a note, and for done its day. */
#define MARK_COMMAND(cmd, summary_text, description_text, opts, check_fn, fn) { \
	.name = cmd, .arguments = "ID…", .argument_kind = CLI_DUTY, \
	.min_args = 1, .max_args = -1, .missing = N_("needs a duty name"), \
	.summary = summary_text, .description = description_text, \
	.options = opts, .flags = CLI_OPENS_STORE | CLI_CHANGES_STORE, \
	.check = check_fn, .run = fn, \
}

const struct cli_command cli_done_command = MARK_COMMAND("done",
	N_("mark duties done"),
	N_("Marks duties done (on DATE, default today), with an optional note\n"
	   "such as the result achieved. Several duties are marked together or\n"
	   "not at all.\n"),
	done_options, check_done, run_done);

const struct cli_command cli_start_command = MARK_COMMAND("start",
	N_("mark duties as being done"),
	N_("Marks duties as being done.\n"),
	mark_options, NULL, run_start);

const struct cli_command cli_reopen_command = MARK_COMMAND("reopen",
	N_("mark duties not done, or bring back withdrawn ones"),
	N_("Marks duties as not done; a withdrawn duty comes back as not done.\n"),
	mark_options, NULL, run_reopen);

/* ---- kehoach progress ------------------------------------------------------ */

static int check_progress(struct cli *cli, const struct cli_args *args)
{
	(void)cli;
	int percent;
	const char *last = args->items[args->count - 1];
	if (duty_progress_parse(last, &percent) < 0) {
		cli_usage_error(args->command->name,
				_("the last argument is the progress, a percentage from 0 to"
				  " 100, not '%s'"), last);
		return KH_EXIT_USAGE;
	}
	return KH_EXIT_OK;
}

static int run_progress(struct cli *cli, const struct cli_args *args)
{
	struct change change = { .kind = CHANGE_PROGRESS, .note = cli_value(args, "note") };
	duty_progress_parse(args->items[args->count - 1], &change.progress);
	return change_duties(cli, args->items, args->count - 1, &change, false);
}

const struct cli_command cli_progress_command = {
	.name = "progress",
	.arguments = "ID… PERCENT",
	.argument_kind = CLI_DUTY,
	.min_args = 2,
	.max_args = -1,
	.missing = N_("needs a duty name and a percentage"),
	.summary = N_("report how far duties being done are"),
	.description = N_(
		"Records how far duties are done, as a percentage from 0 to 100, with\n"
		"an optional note on what was done; a duty not started becomes one\n"
		"being done. A done duty must be reopened first.\n"),
	.options = mark_options,
	.flags = CLI_OPENS_STORE | CLI_CHANGES_STORE,
	.check = check_progress,
	.run = run_progress,
};

/* ---- kehoach extend, kehoach cancel ----------------------------------------- */

static int check_extend(struct cli *cli, const struct cli_args *args)
{
	(void)cli;
	const char *command = args->command->name;
	bool to = cli_value(args, "to") != NULL, clear = cli_flag(args, "clear");
	if (to == clear) {
		cli_usage_error(command, "%s", _("needs either --to DATE (with --reason) or --clear"));
		return KH_EXIT_USAGE;
	}
	const char *reason = cli_value(args, "reason");
	if (to && (!reason || !*reason)) {
		cli_usage_error(command, "%s",
				_("needs --reason TEXT: why the deadline moves goes in the history"));
		return KH_EXIT_USAGE;
	}
	return KH_EXIT_OK;
}

static int run_extend(struct cli *cli, const struct cli_args *args)
{
	struct change change = {
		.kind = CHANGE_EXTEND,
		.extend_to = cli_date_value(args, "to"),
		.reason = cli_value(args, "reason"),
	};
	return change_duties(cli, args->items, args->count, &change, true);
}

static const struct cli_option extend_options[] = {
	{ "to", 0, CLI_DATE, N_("the new deadline") },
	{ "reason", 0, CLI_TEXT, N_("why (a request, a decision …), kept in the history") },
	{ "clear", 0, CLI_FLAG, N_("go back to the plan's deadline") },
	{ 0 },
};

const struct cli_command cli_extend_command = {
	.name = "extend",
	.arguments = "ID…",
	.argument_kind = CLI_DUTY,
	.min_args = 1,
	.max_args = -1,
	.missing = N_("needs a duty name"),
	.summary = N_("move a deadline (điều chỉnh thời hạn)"),
	.description = N_(
		"Gives duties a new deadline, with the reason, who and when in the\n"
		"history. The plan's deadline is kept and shown beside the new one;\n"
		"done by the new deadline counts as on time. A group's duty named\n"
		"without @UNIT is extended for every member. Once 'heads' is set,\n"
		"only the office may extend.\n"),
	.options = extend_options,
	.flags = CLI_OPENS_STORE | CLI_CHANGES_STORE,
	.check = check_extend,
	.run = run_extend,
};

static int run_cancel(struct cli *cli, const struct cli_args *args)
{
	struct change change = { .kind = CHANGE_CANCEL, .reason = cli_value(args, "reason") };
	return change_duties(cli, args->items, args->count, &change, true);
}

static const struct cli_option cancel_options[] = {
	{ "reason", 0, CLI_TEXT, N_("why it is withdrawn, kept in the history"), .required = true },
	{ 0 },
};

const struct cli_command cli_cancel_command = {
	.name = "cancel",
	.arguments = "ID…",
	.argument_kind = CLI_DUTY,
	.min_args = 1,
	.max_args = -1,
	.missing = N_("needs a duty name"),
	.summary = N_("withdraw duties (rút nhiệm vụ)"),
	.description = N_(
		"Withdraws duties: they leave every count and every list of open\n"
		"work, and stay visible as withdrawn, with the reason. 'kehoach\n"
		"reopen' brings one back. A group's duty named without @UNIT is\n"
		"withdrawn for every member. Once 'heads' is set, only the office\n"
		"may withdraw.\n"),
	.options = cancel_options,
	.flags = CLI_OPENS_STORE | CLI_CHANGES_STORE,
	.run = run_cancel,
};

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
