/* kehoach list: duties by plan, unit, phase, status, deadline and text, as
 * text, TSV or JSON. */
#include <string.h>

#include "kehoach/cli.h"
#include "kehoach/json.h"
#include "kehoach/report.h"
#include "kehoach/text.h"

void cli_print_duty_line(FILE *out, const struct duty_row *row)
{
	char name[256], date[DATE_STR_SIZE];
	duty_row_name(row, name, sizeof(name));
	const char *flag = row->cancelled ? _("withdrawn") : row->overdue ? _("overdue")
			   : row->due_soon ? _("soon") : "";
	/* A withdrawn duty is no work to do: not an empty box. */
	fprintf(out, "%s ", row->cancelled ? "[-]" : duty_state_box(row->state));
	cli_put(out, name);
	const char *deadline = cli_date(row->deadline, date);
	/* Pad by display width: "—" is three bytes but one column. */
	/* The flag padded by display width too: "đã rút" is 8 bytes, 6 columns. */
	int flag_pad = 7 - (int)text_width(flag);
	fprintf(out, "%*s %s%*s %s%*s ", (int)(strlen(name) < 18 ? 18 - strlen(name) : 0),
		"", deadline, (int)(10 - text_width(deadline)), "", flag,
		flag_pad > 0 ? flag_pad : 0, "");
	cli_put(out, row->unit_id);
	fprintf(out, "%*s ", (int)(strlen(row->unit_id) < 10 ? 10 - strlen(row->unit_id) : 0), "");
	cli_put(out, row->text);
	fputc('\n', out);
}

/* TSV fields hold no tab or newline: both become a space, after the text
 * went through the sanitiser. */
static void put_tsv_field(struct buf *b, const char *s)
{
	size_t start = b->len;
	text_sanitize_append(b, s ? s : "", 0);
	for (size_t i = start; i < b->len; i++)
		if (b->data[i] == '\t' || b->data[i] == '\n')
			b->data[i] = ' ';
}

static void append_json_row(struct buf *b, const struct duty_row *row)
{
	char name[256];
	duty_row_name(row, name, sizeof(name));
	struct json_object o;
	json_object_begin(&o, b);
	json_member_string(&o, "plan", row->plan_id);
	json_member_string(&o, "unit", row->unit_id);
	json_member_string(&o, "owner", row->owner_id);
	json_member_string(&o, "id", row->duty_id);
	json_member_string(&o, "name", name);
	json_member_string(&o, "text", row->text);
	json_member_string(&o, "phase",
			   row->phase == PHASE_NONE ? NULL : phase_name(row->phase));
	json_member_date(&o, "due", row->deadline);
	json_member_string(&o, "state", duty_state_name(row->state));
	json_member_bool(&o, "overdue", row->overdue);
	json_member_bool(&o, "due_soon", row->due_soon);
	json_member_string(&o, "note", row->note);
	json_member_string(&o, "target", row->target);
	json_member_date(&o, "done_on", row->done_on);
	json_member_string(&o, "changed_by", row->changed_by);
	json_member_string(&o, "outcome", duty_outcome_name(row->outcome));
	json_member_int(&o, "days_late", row->days_late);
	json_member_date(&o, "due_plan", row->plan_deadline);
	json_member_bool(&o, "extended", row->extended);
	if (row->progress >= 0)
		json_member_int(&o, "progress", row->progress);
	else
		json_member_string(&o, "progress", NULL);
	json_member_bool(&o, "cancelled", row->cancelled);
	json_object_end(&o);
}

struct list_run {
	enum cli_format format;
	int rows;
	struct buf line;
	struct report_sheet *sheet;     /* FORMAT_XLSX */
};

/* ---- a workbook -------------------------------------------------------------- */

static struct report_sheet *new_sheet(const struct cli *cli)
{
	const struct report_column columns[] = {
		{ _("Plan"), REPORT_CELL_TEXT, 20 },
		{ _("Unit id"), REPORT_CELL_TEXT, 10 },
		{ _("Id"), REPORT_CELL_TEXT, 10 },
		{ _("Duty"), REPORT_CELL_WRAPPED, 60 },
		{ _("Deadline"), REPORT_CELL_DATE, 12 },
		{ _("State"), REPORT_CELL_TEXT, 14 },
		{ _("Outcome"), REPORT_CELL_TEXT, 16 },
		{ _("Days late"), REPORT_CELL_COUNT, 9 },
		{ _("Progress"), REPORT_CELL_RATE, 10 },
	};
	return report_sheet_new(_("Duties"), _("LIST OF DUTIES"), cli->today,
				columns, KH_ARRAY_LEN(columns));
}

static void sheet_row(struct report_sheet *sheet, const struct duty_row *row)
{
	report_sheet_text(sheet, row->plan_id);
	report_sheet_text(sheet, row->unit_id);
	report_sheet_text(sheet, row->duty_id);
	report_sheet_text(sheet, row->text);
	report_sheet_date(sheet, row->deadline);
	report_sheet_text(sheet, duty_state_label(row->state));
	report_sheet_text(sheet, duty_outcome_label(row->outcome));
	report_sheet_number(sheet, row->days_late, row->days_late > 0);
	report_sheet_number(sheet, row->progress / 100.0, row->progress >= 0);
	report_sheet_end_row(sheet, false);
}

static int print_row(void *ctx, const struct duty_row *row)
{
	struct list_run *run = ctx;
	struct buf *b = &run->line;
	buf_reset(b);
	switch (run->format) {
	case FORMAT_TEXT:
		cli_print_duty_line(stdout, row);
		break;
	case FORMAT_TSV: {
		char date[DATE_STR_SIZE] = "";
		char name[256];
		duty_row_name(row, name, sizeof(name));
		if (row->deadline != KH_DATE_NONE)
			date_format_iso(row->deadline, date);
		const char *fields[] = {
			row->plan_id, row->unit_id, row->duty_id, name,
			phase_name(row->phase), date, duty_state_name(row->state),
			row->overdue ? "overdue" : "", row->note, row->text,
		};
		for (size_t i = 0; i < KH_ARRAY_LEN(fields); i++) {
			if (i)
				buf_putc(b, '\t');
			put_tsv_field(b, fields[i]);
		}
		buf_putc(b, '\n');
		break;
	}
	case FORMAT_JSON:
		buf_puts(b, run->rows ? ",\n  " : "\n  ");
		append_json_row(b, row);
		break;
	case FORMAT_XLSX:
		sheet_row(run->sheet, row);
		break;
	}
	fwrite(buf_str(b), 1, b->len, stdout);
	run->rows++;
	return 0;
}

static int run_list(struct cli *cli, const struct cli_args *args)
{
	struct list_run run = {
		.format = (enum cli_format)cli_number(args, "format", FORMAT_TEXT),
	};
	struct duty_filter filter;
	store_filter_init(&filter, cli->today);
	const char *search = cli_value(args, "search");
	filter.plan = cli_value(args, "plan");
	filter.unit = cli_value(args, "unit");
	filter.phase = cli_number(args, "phase", -1);
	filter.state = cli_number(args, "status", -1);
	filter.outcome = cli_number(args, "outcome", -1);
	filter.overdue = cli_flag(args, "overdue");
	filter.due_within = cli_number(args, "due-within", filter.due_within);
	filter.search = search && *search ? search : NULL;

	store_include_archived(cli->store, cli_flag(args, "archived"));
	int rc = KH_EXIT_FAIL;
	struct kh_error err;
	if (run.format == FORMAT_JSON)
		fputs("[", stdout);
	if (run.format == FORMAT_XLSX)
		run.sheet = new_sheet(cli);
	if (store_list(cli->store, &filter, print_row, &run, &err) < 0) {
		if (run.format == FORMAT_JSON)
			fputs("]\n", stdout);
		cli_report_error(&err);
		goto out;
	}
	if (run.format == FORMAT_JSON)
		fputs(run.rows ? "\n]\n" : "]\n", stdout);
	if (run.sheet &&
	    (report_sheet_office(run.sheet, cli->store, filter.plan, &err) < 0 ||
	     report_sheet_save(run.sheet, cli_value(args, "output"), &err) < 0)) {
		cli_report_error(&err);
		goto out;
	}
	rc = KH_EXIT_OK;
out:
	report_sheet_free(run.sheet);
	buf_free(&run.line);
	return rc;
}

static int check_list(struct cli *cli, const struct cli_args *args)
{
	(void)cli;
	return cli_check_xlsx_output(args, cli_number(args, "format", FORMAT_TEXT) == FORMAT_XLSX);
}

static const struct cli_choice list_formats[] = {
	{ "text", FORMAT_TEXT }, { "tsv", FORMAT_TSV }, { "json", FORMAT_JSON },
	{ "xlsx", FORMAT_XLSX }, { 0 },
};

static const struct cli_choice outcomes[] = {
	{ "done_on_time", OUTCOME_DONE_ON_TIME }, { "done_late", OUTCOME_DONE_LATE },
	{ "in_time", OUTCOME_IN_TIME }, { "overdue", OUTCOME_OVERDUE },
	{ "cancelled", OUTCOME_CANCELLED }, { 0 },
};

static const struct cli_option list_options[] = {
	{ "plan", 0, CLI_PLAN, N_("the duties of that plan") },
	{ "unit", 0, CLI_UNIT, N_("the duties of that unit, or a group's (its members')") },
	{ "phase", 0, CLI_CHOICE, N_("before, during or after Tết"), cli_phases },
	{ "status", 0, CLI_CHOICE, N_("not done (todo), being done (doing) or done"), cli_states },
	{ "overdue", 0, CLI_FLAG, N_("past their deadline and not done") },
	{ "outcome", 0, CLI_CHOICE, N_("done on time, done late, not yet due, overdue or withdrawn"), outcomes },
	{ "due-within", 0, CLI_DAYS, N_("not done, deadline within the next N days") },
	{ "search", 0, CLI_TEXT, N_("text or id contains TEXT, ignoring case and diacritics ('tet' finds Tết, 'dang' finds Đảng)") },
	{ "format", 0, CLI_CHOICE, N_("text (the default), tsv, json or xlsx (an Excel workbook, with -o)"), list_formats },
	{ "output", 'o', CLI_FILE, N_("write the workbook (--format xlsx) to FILE") },
	{ "archived", 0, CLI_FLAG, N_("archived plans too") },
	{ 0 },
};

const struct cli_command cli_list_command = {
	.name = "list",
	.arguments = NULL,
	.summary = N_("list duties (see 'kehoach list --help')"),
	.description = N_("Lists duties, one line per unit that must do them.\n"),
	.options = list_options,
	.flags = CLI_OPENS_STORE,
	.check = check_list,
	.run = run_list,
};
