/* kehoach plans, archive, unarchive: the plans of the database over the
 * years. An archived plan keeps every status and leaves the views of
 * current work; its duties' outcomes stay as they were on the day it was
 * archived. */
#include <string.h>

#include "kehoach/cli.h"
#include "kehoach/json.h"
#include "kehoach/text.h"

struct plans_run {
	struct cli *cli;
	enum cli_format format;
	int rows;
	struct buf out;
	struct kh_error err;
	bool failed;
};

static int add_counts(void *ctx, const struct stats_row *row)
{
	(void)ctx;
	(void)row;
	return 0;
}

/* The plan's counts as stats reckons them. */
static int plan_counts(struct cli *cli, const char *plan, struct outcome_counts *total,
		       struct kh_error *err)
{
	struct duty_filter filter;
	store_filter_init(&filter, cli->today);
	filter.plan = plan;
	return store_stats(cli->store, &filter, add_counts, NULL, total, err);
}

static void text_plan(struct buf *b, const struct plan_row *row,
		      const struct outcome_counts *c)
{
	char from[DATE_STR_SIZE], to[DATE_STR_SIZE], day[DATE_STR_SIZE];
	char *id = text_sanitize(row->plan_id, 0), *title = text_sanitize(row->title, 0);
	buf_printf(b, "%s  %s – %s  ", id, cli_date(row->from, from), cli_date(row->to, to));
	buf_printf(b, _("%ld duties, %ld done, %ld overdue"), c->total,
		   c->done_on_time + c->done_late, c->overdue);
	if (row->archived_on != KH_DATE_NONE)
		buf_printf(b, _("  (archived on %s)"), cli_date(row->archived_on, day));
	buf_printf(b, "\n    %s\n", title);
	x_free(id);
	x_free(title);
}

static void json_plan(struct buf *b, const struct plan_row *row,
		      const struct outcome_counts *c, bool first)
{
	struct json_object o;
	buf_puts(b, first ? "\n  " : ",\n  ");
	json_object_begin(&o, b);
	json_member_string(&o, "plan", row->plan_id);
	json_member_string(&o, "title", row->title);
	json_member_date(&o, "from", row->from);
	json_member_date(&o, "to", row->to);
	json_member_bool(&o, "archived", row->archived_on != KH_DATE_NONE);
	json_member_date(&o, "archived_on", row->archived_on);
	json_member_string(&o, "archive_note", row->archive_note);
	json_member_int(&o, "total", c->total);
	json_member_int(&o, "done", c->done_on_time + c->done_late);
	json_member_int(&o, "overdue", c->overdue);
	json_member_int(&o, "cancelled", c->cancelled);
	json_member_string(&o, "file", row->path);
	json_object_end(&o);
}

static int print_plan(void *ctx, const struct plan_row *row)
{
	struct plans_run *run = ctx;
	struct outcome_counts counts;
	if (plan_counts(run->cli, row->plan_id, &counts, &run->err) < 0) {
		run->failed = true;
		return 1;
	}
	if (run->format == FORMAT_JSON)
		json_plan(&run->out, row, &counts, run->rows == 0);
	else
		text_plan(&run->out, row, &counts);
	run->rows++;
	return 0;
}

static int run_plans(struct cli *cli, const struct cli_args *args)
{
	struct plans_run run = {
		.cli = cli,
		.format = (enum cli_format)cli_number(args, "format", FORMAT_TEXT),
	};
	if (run.format == FORMAT_JSON)
		buf_puts(&run.out, "[");
	int rc = store_plans(cli->store, print_plan, &run, &run.err);
	if (rc < 0 || run.failed) {
		cli_report_error(&run.err);
		buf_free(&run.out);
		return KH_EXIT_FAIL;
	}
	if (run.format == FORMAT_JSON)
		buf_puts(&run.out, run.rows ? "\n]\n" : "]\n");
	fwrite(buf_str(&run.out), 1, run.out.len, stdout);
	buf_free(&run.out);
	return KH_EXIT_OK;
}

static const struct cli_option plans_options[] = {
	{ "format", 0, CLI_CHOICE, N_("text (the default) or json"), cli_formats_text_json },
	{ 0 },
};

const struct cli_command cli_plans_command = {
	.name = "plans",
	.summary = N_("every plan, current and archived, with its counts"),
	.description = N_(
		"Every plan of the database with its period, its duties, how many\n"
		"are done and overdue (an archived plan's as on the day it was\n"
		"archived), and whether it is archived.\n"),
	.options = plans_options,
	.flags = CLI_OPENS_STORE,
	.run = run_plans,
};

/* ---- archive and unarchive --------------------------------------------------- */

static int archive(struct cli *cli, const struct cli_args *args, kh_date day)
{
	struct actor actor;
	struct kh_error err;
	cli_actor(cli, &actor);
	const char *plan = args->items[0];
	int rc = store_archive(cli->store, plan, day, cli_value(args, "note"), &actor, &err);
	if (rc < 0) {
		cli_report_error(&err);
		return KH_EXIT_FAIL;
	}
	char date[DATE_STR_SIZE];
	cli_put(stdout, plan);
	if (rc == 1)
		printf("%s", day != KH_DATE_NONE ? _(": already archived; nothing changed\n")
						 : _(": not archived; nothing changed\n"));
	else if (day != KH_DATE_NONE)
		printf(_(": archived on %s; its unfinished duties stay as they were that day\n"),
		       cli_date(day, date));
	else
		printf("%s", _(": current again\n"));
	return KH_EXIT_OK;
}

static int run_archive(struct cli *cli, const struct cli_args *args)
{
	return archive(cli, args, cli->today);
}

static int run_unarchive(struct cli *cli, const struct cli_args *args)
{
	return archive(cli, args, KH_DATE_NONE);
}

static const struct cli_option archive_options[] = {
	{ "note", 0, CLI_TEXT, N_("why, kept in the plans' history") },
	{ 0 },
};

const struct cli_command cli_archive_command = {
	.name = "archive",
	.arguments = "PLAN",
	.argument_kind = CLI_PLAN,
	.min_args = 1,
	.max_args = 1,
	.missing = N_("needs a plan id (see 'kehoach plans')"),
	.summary = N_("archive a plan that is over"),
	.description = N_(
		"Archives a plan: it stays in the database with every status (its\n"
		"file may stay in the plans folder) but leaves the interface, units,\n"
		"list, overview, stats and the overdue views unless --archived is\n"
		"given; checklists and reports of it still work when it is named.\n"
		"Its unfinished duties stay as they were on the day it is archived.\n"
		"Once 'heads' is set, only the office may archive.\n"),
	.options = archive_options,
	.flags = CLI_OPENS_STORE | CLI_CHANGES_STORE,
	.run = run_archive,
};

const struct cli_command cli_unarchive_command = {
	.name = "unarchive",
	.arguments = "PLAN",
	.argument_kind = CLI_PLAN,
	.min_args = 1,
	.max_args = 1,
	.missing = N_("needs a plan id (see 'kehoach plans')"),
	.summary = N_("make an archived plan current again"),
	.description = N_("Makes an archived plan current again.\n"),
	.options = archive_options,
	.flags = CLI_OPENS_STORE | CLI_CHANGES_STORE,
	.run = run_unarchive,
};
