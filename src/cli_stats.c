/* kehoach stats: the summary table (Biểu tổng hợp tình hình thực hiện
 * nhiệm vụ), as text, JSON or CSV: per unit the four outcomes of Báo cáo
 * 1270/BC-TCTTTg, the withdrawn, the rates over what has come due and the
 * longest delay, then the total. The figures come from store_stats, the
 * one place they are counted. */
#include <string.h>

#include "kehoach/cli.h"
#include "kehoach/json.h"
#include "kehoach/report.h"
#include "kehoach/text.h"

enum stats_format { STATS_TEXT, STATS_JSON, STATS_CSV, STATS_XLSX };

struct stats_run {
	enum stats_format format;
	int rows;
	struct buf out;
	struct report_sheet *sheet;     /* STATS_XLSX */
};

/* ---- a workbook -------------------------------------------------------------- */

static struct report_sheet *new_sheet(const struct cli *cli)
{
	struct report_column columns[3 + REPORT_STATS_COLUMNS] = {
		{ _("Plan"), REPORT_CELL_TEXT, 22 },
		{ _("Unit id"), REPORT_CELL_TEXT, 10 },
		{ _("Unit"), REPORT_CELL_WRAPPED, 30 },
	};
	for (size_t i = 0; i < REPORT_STATS_COLUMNS; i++) {
		/* The counts, the three rates, the longest delay. */
		enum report_cell_kind kind = i >= 6 && i < 9 ? REPORT_CELL_RATE : REPORT_CELL_COUNT;
		columns[3 + i] = (struct report_column){
			_(report_stats_headings[i]), kind, kind == REPORT_CELL_RATE ? 11 : 9,
		};
	}
	return report_sheet_new(_("Summary"),
				_("SUMMARY TABLE OF THE RESULTS OF THE DUTIES"),
				cli->today, columns, KH_ARRAY_LEN(columns));
}

static void sheet_counts(struct report_sheet *sheet, const struct outcome_counts *c,
			 bool total)
{
	struct outcome_rates r;
	outcome_rates(c, &r);
	long figures[] = { c->total, c->done_on_time, c->done_late, c->in_time,
			   c->overdue, c->cancelled };
	for (size_t i = 0; i < KH_ARRAY_LEN(figures); i++)
		report_sheet_number(sheet, (double)figures[i], true);
	report_sheet_number(sheet, r.done, r.defined);
	report_sheet_number(sheet, r.on_time, r.defined);
	report_sheet_number(sheet, r.overdue, r.defined);
	report_sheet_number(sheet, c->max_days_late, true);
	report_sheet_end_row(sheet, total);
}

/* ---- JSON and CSV --------------------------------------------------------- */

static void json_counts(struct json_object *o, const struct outcome_counts *c)
{
	struct outcome_rates r;
	outcome_rates(c, &r);
	json_member_int(o, "total", c->total);
	json_member_int(o, "done_on_time", c->done_on_time);
	json_member_int(o, "done_late", c->done_late);
	json_member_int(o, "in_time", c->in_time);
	json_member_int(o, "overdue", c->overdue);
	json_member_int(o, "cancelled", c->cancelled);
	json_member_number(o, "rate_done", r.done, r.defined);
	json_member_number(o, "rate_on_time", r.on_time, r.defined);
	json_member_number(o, "rate_overdue", r.overdue, r.defined);
	json_member_int(o, "max_days_late", c->max_days_late);
}

static void csv_rate(struct buf *b, double rate, bool defined)
{
	if (defined)
		buf_printf(b, ",%.10g", rate);
	else
		buf_puts(b, ",");
}

static void csv_counts(struct buf *b, const struct outcome_counts *c)
{
	struct outcome_rates r;
	outcome_rates(c, &r);
	buf_printf(b, ",%ld,%ld,%ld,%ld,%ld,%ld", c->total, c->done_on_time,
		   c->done_late, c->in_time, c->overdue, c->cancelled);
	csv_rate(b, r.done, r.defined);
	csv_rate(b, r.on_time, r.defined);
	csv_rate(b, r.overdue, r.defined);
	buf_printf(b, ",%d\r\n", c->max_days_late);
}

/* ---- text ------------------------------------------------------------------ */

/* The text table: the unit, then report_stats_headings. */
#define UNIT_COLUMN 28

static int heading_width(size_t i)
{
	int w = (int)text_width(_(report_stats_headings[i]));
	return w < 7 ? 7 : w;
}

static void text_cell(struct buf *b, size_t column, const char *value)
{
	int pad = heading_width(column) - (int)text_width(value);
	buf_printf(b, "  %*s%s", pad > 0 ? pad : 0, "", value);
}

static void text_heading(struct buf *b)
{
	char *unit = text_truncate(_("Unit"), UNIT_COLUMN);
	buf_puts(b, unit);
	buf_printf(b, "%*s", (int)(UNIT_COLUMN - text_width(unit)), "");
	x_free(unit);
	for (size_t i = 0; i < REPORT_STATS_COLUMNS; i++)
		text_cell(b, i, _(report_stats_headings[i]));
	buf_putc(b, '\n');
}

static void text_row(struct buf *b, const char *label, const struct outcome_counts *c)
{
	char *safe = text_sanitize(label, 0);
	char *shown = text_truncate(safe, UNIT_COLUMN - 1);
	buf_puts(b, shown);
	buf_printf(b, "%*s", (int)(UNIT_COLUMN - text_width(shown)), "");
	x_free(shown);
	x_free(safe);
	char cells[REPORT_STATS_COLUMNS][REPORT_CELL_SIZE];
	report_stats_cells(c, cells);
	for (size_t col = 0; col < REPORT_STATS_COLUMNS; col++)
		text_cell(b, col, cells[col]);
	buf_putc(b, '\n');
}

static int print_stats_row(void *ctx, const struct stats_row *row)
{
	struct stats_run *run = ctx;
	struct buf *b = &run->out;
	if (run->format == STATS_JSON) {
		buf_puts(b, run->rows ? ",\n    " : "\n    ");
		struct json_object o;
		json_object_begin(&o, b);
		json_member_string(&o, "plan", row->plan_id);
		json_member_string(&o, "unit", row->unit_id);
		json_member_string(&o, "name", row->name);
		json_counts(&o, &row->counts);
		json_object_end(&o);
	} else if (run->format == STATS_XLSX) {
		report_sheet_text(run->sheet, row->plan_id);
		report_sheet_text(run->sheet, row->unit_id);
		report_sheet_text(run->sheet, row->name);
		sheet_counts(run->sheet, &row->counts, false);
	} else if (run->format == STATS_CSV) {
		cli_csv_field(b, row->plan_id);
		buf_putc(b, ',');
		cli_csv_field(b, row->unit_id);
		buf_putc(b, ',');
		cli_csv_field(b, row->name);
		csv_counts(b, &row->counts);
	} else {
		char *label = x_asprintf("%s %s", row->unit_id, row->name);
		text_row(b, label, &row->counts);
		x_free(label);
	}
	run->rows++;
	return 0;
}

static void begin_output(struct stats_run *run, const struct cli *cli,
			 const struct duty_filter *filter)
{
	struct buf *b = &run->out;
	char day[DATE_STR_SIZE];
	if (run->format == STATS_JSON) {
		date_format_iso(cli->today, day);
		buf_printf(b, "{\"as_of\": \"%s\", \"units\": [", day);
	} else if (run->format == STATS_XLSX) {
		run->sheet = new_sheet(cli);
	} else if (run->format == STATS_CSV) {
		buf_puts(b, "plan,unit,name,total,done_on_time,done_late,in_time,overdue,"
			    "cancelled,rate_done,rate_on_time,rate_overdue,max_days_late\r\n");
	} else {
		char from[DATE_STR_SIZE], to[DATE_STR_SIZE];
		buf_printf(b, _("Summary of duties as of %s"), cli_date(cli->today, day));
		if (filter->period_from != KH_DATE_NONE || filter->period_to != KH_DATE_NONE)
			buf_printf(b, _(", period %s – %s"), cli_date(filter->period_from, from),
				   cli_date(filter->period_to, to));
		buf_puts(b, "\n");
		buf_puts(b, _("Rates over the duties that have come due: done (on time or"
			      " late), done on time, overdue.\n\n"));
		text_heading(b);
	}
}

static void end_output(struct stats_run *run, const struct outcome_counts *total)
{
	struct buf *b = &run->out;
	if (run->format == STATS_JSON) {
		buf_puts(b, run->rows ? "\n  ],\n  \"total\": " : "],\n  \"total\": ");
		struct json_object o;
		json_object_begin(&o, b);
		json_counts(&o, total);
		json_object_end(&o);
		buf_puts(b, "}\n");
	} else if (run->format == STATS_XLSX) {
		report_sheet_text(run->sheet, NULL);
		report_sheet_text(run->sheet, NULL);
		report_sheet_text(run->sheet, _("Total"));
		sheet_counts(run->sheet, total, true);
	} else if (run->format == STATS_CSV) {
		buf_puts(b, ",,");
		cli_csv_field(b, _("Total"));
		csv_counts(b, total);
	} else {
		text_row(b, _("Total"), total);
	}
}

int cli_stats_text(struct cli *cli, struct buf *out, struct outcome_counts *total,
		   struct kh_error *err)
{
	struct stats_run run = { .format = STATS_TEXT };
	struct duty_filter filter;
	store_filter_init(&filter, cli->today);
	begin_output(&run, cli, &filter);
	if (store_stats(cli->store, &filter, print_stats_row, &run, total, err) < 0) {
		buf_free(&run.out);
		return -1;
	}
	end_output(&run, total);
	buf_append(out, run.out.data, run.out.len);
	buf_free(&run.out);
	return 0;
}

static int run_stats(struct cli *cli, const struct cli_args *args)
{
	struct stats_run run = { .format = (enum stats_format)cli_number(args, "format", STATS_TEXT) };
	struct duty_filter filter;
	store_filter_init(&filter, cli->today);
	filter.plan = cli_value(args, "plan");
	filter.unit = cli_value(args, "unit");
	filter.period_from = cli_date_value(args, "from");
	filter.period_to = cli_date_value(args, "to");
	struct outcome_counts total;
	struct kh_error err;
	store_include_archived(cli->store, cli_flag(args, "archived"));
	begin_output(&run, cli, &filter);
	int rc = KH_EXIT_FAIL;
	if (store_stats(cli->store, &filter, print_stats_row, &run, &total, &err) < 0)
		goto fail;
	end_output(&run, &total);
	if (run.sheet) {
		if (report_sheet_office(run.sheet, cli->store, filter.plan, &err) < 0 ||
		    report_sheet_save(run.sheet, cli_value(args, "output"), &err) < 0)
			goto fail;
	} else {
		fwrite(buf_str(&run.out), 1, run.out.len, stdout);
	}
	rc = KH_EXIT_OK;
	goto out;
fail:
	cli_report_error(&err);
out:
	report_sheet_free(run.sheet);
	buf_free(&run.out);
	return rc;
}

static int check_stats(struct cli *cli, const struct cli_args *args)
{
	(void)cli;
	int rc = cli_check_xlsx_output(args, cli_number(args, "format", STATS_TEXT) == STATS_XLSX);
	if (rc != KH_EXIT_OK)
		return rc;
	kh_date from = cli_date_value(args, "from"), to = cli_date_value(args, "to");
	if (from != KH_DATE_NONE && to != KH_DATE_NONE && from > to) {
		cli_usage_error(args->command->name, _("--from %s is after --to %s"),
				cli_value(args, "from"), cli_value(args, "to"));
		return KH_EXIT_USAGE;
	}
	return KH_EXIT_OK;
}

static const struct cli_choice stats_formats[] = {
	{ "text", STATS_TEXT }, { "json", STATS_JSON }, { "csv", STATS_CSV },
	{ "xlsx", STATS_XLSX }, { 0 },
};

static const struct cli_option stats_options[] = {
	{ "plan", 0, CLI_PLAN, N_("the duties of that plan") },
	{ "unit", 0, CLI_UNIT, N_("that unit's row, or a group's members' (their duties of the group)") },
	{ "from", 0, CLI_DATE, N_("a period from that day: duties due in it, done in it, or overdue at its start") },
	{ "to", 0, CLI_DATE, N_("…to that day") },
	{ "format", 0, CLI_CHOICE, N_("text (the default), json, csv or xlsx (an Excel workbook, with -o)"), stats_formats },
	{ "output", 'o', CLI_FILE, N_("write the workbook (--format xlsx) to FILE") },
	{ "archived", 0, CLI_FLAG, N_("archived plans too") },
	{ 0 },
};

const struct cli_command cli_stats_command = {
	.name = "stats",
	.summary = N_("the summary table: on time, late, not yet due, overdue"),
	.description = N_(
		"The summary table (Biểu tổng hợp tình hình thực hiện nhiệm vụ): per\n"
		"unit, as of --today, its duties done on time, done late, not yet due\n"
		"and overdue (the effective deadline, after extensions), those\n"
		"withdrawn, the rates over what has come due (done, done on time,\n"
		"overdue), and the longest delay in days; the most overdue first,\n"
		"then by rate of completion. A group's duties count for each member.\n"),
	.options = stats_options,
	.flags = CLI_OPENS_STORE,
	.check = check_stats,
	.run = run_stats,
};
