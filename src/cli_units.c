/* kehoach units: each unit with total, done and overdue; and the overview
 * shown when kehoach runs without a command. */
#include <string.h>

#include "kehoach/cli.h"
#include "kehoach/json.h"
#include "kehoach/text.h"

struct units_run {
	enum cli_format format;
	const char *last_plan;
	struct buf out;
	int rows;
};

/* " 104 total": a count right-aligned in width columns, and its word. */
static void put_count(struct buf *line, int count, int width, const char *word)
{
	buf_putc(line, ' ');
	buf_put_number(line, count, width);
	buf_putc(line, ' ');
	buf_puts(line, word);
}

static int print_unit(void *ctx, const struct unit_row *row)
{
	struct units_run *run = ctx;
	if (run->format == FORMAT_JSON) {
		struct buf *b = &run->out;
		buf_puts(b, run->rows ? ",\n  " : "\n  ");
		struct json_object o;
		json_object_begin(&o, b);
		json_member_string(&o, "plan", row->plan_id);
		json_member_string(&o, "unit", row->unit_id);
		json_member_string(&o, "name", row->name);
		json_member_bool(&o, "group", row->is_group);
		json_member_string(&o, "members", row->is_group ? row->members : NULL);
		json_member_int(&o, "total", row->total);
		json_member_int(&o, "done", row->done);
		json_member_int(&o, "doing", row->doing);
		json_member_int(&o, "overdue", row->overdue);
		json_member_int(&o, "due_soon", row->due_soon);
		json_object_end(&o);
		run->rows++;
		return 0;
	}
	/* Each line made in run->out and written whole: printf's engine was
	 * 12% of `kehoach units` on 1,000 units (callgrind). */
	struct buf *line = &run->out;
	buf_reset(line);
	if (!run->last_plan || strcmp(run->last_plan, row->plan_id)) {
		if (run->rows)
			buf_putc(line, '\n');
		text_sanitize_append(line, row->plan_id, 0);
		buf_putc(line, '\n');
		x_free((char *)run->last_plan);
		run->last_plan = x_strdup(row->plan_id);
	}
	run->rows++;
	/* The id is the database's, which another writer may have filled:
	 * sanitised, and padded by display width. */
	buf_puts(line, "  ");
	size_t id_at = line->len;
	text_sanitize_append(line, row->unit_id, 0);
	size_t id_width = text_width(line->data + id_at);
	buf_put_spaces(line, id_width < 12 ? 12 - id_width : 0);
	put_count(line, row->total, 5, _("total"));
	put_count(line, row->done, 5, _("done"));
	put_count(line, row->overdue, 4, _("overdue"));
	buf_puts(line, "  ");
	text_sanitize_append(line, row->name, 0);
	if (row->is_group) {
		buf_puts(line, _(" (group: "));
		text_sanitize_append(line, row->members ? row->members : "", 0);
		buf_putc(line, ')');
	}
	buf_putc(line, '\n');
	fwrite(line->data, 1, line->len, stdout);
	return 0;
}

static int count_archived(void *ctx, const struct plan_row *row)
{
	if (row->archived_on != KH_DATE_NONE)
		++*(int *)ctx;
	return 0;
}

/* Nothing to show: no plan at all, or only archived ones. */
static void say_no_units(struct cli *cli)
{
	int archived = 0;
	struct kh_error err;
	if (store_plans(cli->store, count_archived, &archived, &err) == 0 && archived)
		printf(ngettext("No current plan: %d plan is archived (see 'kehoach plans';"
				" --archived shows it).\n",
				"No current plan: %d plans are archived (see 'kehoach plans';"
				" --archived shows them).\n", (unsigned long)archived), archived);
	else
		printf("%s", _("No plans loaded. Put plan files in the plans folder (see 'kehoach --help').\n"));
}

static int run_units(struct cli *cli, const char *plan, enum cli_format format)
{
	struct units_run run = { .format = format };
	struct kh_error err;
	int rc = store_units(cli->store, plan, cli->today, print_unit, &run, &err);
	x_free((char *)run.last_plan);
	if (rc < 0) {
		buf_free(&run.out);
		cli_report_error(&err);
		return KH_EXIT_FAIL;
	}
	if (format == FORMAT_JSON)
		printf("[%s%s]\n", buf_str(&run.out), run.rows ? "\n" : "");
	else if (run.rows == 0)
		say_no_units(cli);
	buf_free(&run.out);
	return KH_EXIT_OK;
}

static int run_units_command(struct cli *cli, const struct cli_args *args)
{
	store_include_archived(cli->store, cli_flag(args, "archived"));
	return run_units(cli, cli_value(args, "plan"),
			 (enum cli_format)cli_number(args, "format", FORMAT_TEXT));
}

static const struct cli_option units_options[] = {
	{ "plan", 0, CLI_PLAN, N_("the units of that plan") },
	{ "format", 0, CLI_CHOICE, N_("text (the default) or json"), cli_formats_text_json },
	{ "archived", 0, CLI_FLAG, N_("archived plans too") },
	{ 0 },
};

const struct cli_command cli_units_command = {
	.name = "units",
	.summary = N_("each unit with total, done, overdue"),
	.description = N_("Each unit with its number of duties, done and overdue.\n"),
	.options = units_options,
	.flags = CLI_OPENS_STORE,
	.run = run_units_command,
};

static int print_overdue(void *ctx, const struct duty_row *row)
{
	int *count = ctx;
	if ((*count)++ == 0)
		printf("%s", _("\nOverdue:\n"));
	cli_print_duty_line(stdout, row);
	return 0;
}

static int run_overview(struct cli *cli, const struct cli_args *args)
{
	store_include_archived(cli->store, cli_flag(args, "archived"));
	char today[DATE_STR_SIZE];
	printf(_("Today: %s\n\n"), cli_date(cli->today, today));
	int rc = run_units(cli, NULL, FORMAT_TEXT);
	if (rc != KH_EXIT_OK)
		return rc;
	struct duty_filter filter;
	store_filter_init(&filter, cli->today);
	filter.overdue = true;
	int count = 0;
	struct kh_error err;
	if (store_list(cli->store, &filter, print_overdue, &count, &err) < 0) {
		cli_report_error(&err);
		return KH_EXIT_FAIL;
	}
	if (count == 0)
		printf("%s", _("\nNothing is overdue.\n"));
	return KH_EXIT_OK;
}

static const struct cli_option overview_options[] = {
	{ "archived", 0, CLI_FLAG, N_("archived plans too") },
	{ 0 },
};

const struct cli_command cli_overview_command = {
	.name = "overview",
	.summary = N_("the units and the overdue duties, as text"),
	.description = N_(
		"Every unit with its counts, then the overdue duties: the interface's\n"
		"first screen as plain text, for scripts and mail.\n"),
	.options = overview_options,
	.flags = CLI_OPENS_STORE,
	.run = run_overview,
};
