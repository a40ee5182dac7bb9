/* kehoach list: duties by plan, unit, phase, status, deadline and text, as
 * text, TSV or JSON. */
#include <string.h>

#include "kehoach/cli.h"
#include "kehoach/json.h"
#include "kehoach/text.h"

void cli_print_duty_line(FILE *out, const struct duty_row *row)
{
	char name[256], date[DATE_STR_SIZE];
	duty_row_name(row, name, sizeof(name));
	const char *flag = row->overdue ? _("overdue") : row->due_soon ? _("soon") : "";
	fprintf(out, "%s ", duty_state_box(row->state));
	cli_put(out, name);
	const char *deadline = cli_date(row->deadline, date);
	/* Pad by display width: "—" is three bytes but one column. */
	fprintf(out, "%*s %s%*s %-7s ", (int)(strlen(name) < 18 ? 18 - strlen(name) : 0),
		"", deadline, (int)(10 - text_width(deadline)), "", flag);
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
	json_object_end(&o);
}

struct list_run {
	enum cli_format format;
	int rows;
	struct buf line;
};

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
	}
	fwrite(buf_str(b), 1, b->len, stdout);
	run->rows++;
	return 0;
}

static const char usage[] = N_(
	"Usage: kehoach list [--plan ID] [--unit ID] [--phase P] [--status S]\n"
	"                    [--overdue] [--due-within N] [--search TEXT]\n"
	"                    [--format text|tsv|json]\n"
	"Lists duties, one per unit that must do them.\n"
	"  --phase P        before, during or after\n"
	"  --status S       todo, doing or done\n"
	"  --overdue        past their deadline and not done\n"
	"  --due-within N   not done, deadline within the next N days\n"
	"  --search TEXT    text or id contains TEXT, ignoring case and\n"
	"                   diacritics ('tet' finds Tết, 'dang' finds Đảng)\n");

int cli_list(struct cli *cli, int argc, char **argv)
{
	const char *plan = NULL, *unit = NULL, *phase = NULL,
		   *status = NULL, *overdue = NULL, *within = NULL,
		   *search = NULL, *format_name = "text";
	const struct cli_option options[] = {
		{ "plan", true, &plan },
		{ "unit", true, &unit },
		{ "phase", true, &phase },
		{ "status", true, &status },
		{ "overdue", false, &overdue },
		{ "due-within", true, &within },
		{ "search", true, &search },
		{ "format", true, &format_name },
		{ 0 },
	};
	struct cli_args args;
	struct list_run run = { 0 };
	struct duty_filter filter;
	store_filter_init(&filter, cli->today);
	int rc;
	if (!cli_parse(argc, argv, options, _(usage), 0, 0, &args, &rc))
		return rc;
	cli_args_free(&args);
	rc = KH_EXIT_USAGE;
	if (cli_parse_format(argv[0], format_name, true, &run.format) < 0)
		goto out;
	enum phase p;
	if (phase && phase_parse(phase, &p) < 0) {
		cli_usage_error(argv[0], _("unknown phase '%s' (before, during or after)"), phase);
		goto out;
	}
	enum duty_state st;
	if (status && duty_state_parse(status, &st) < 0) {
		cli_usage_error(argv[0], _("unknown status '%s' (todo, doing or done)"), status);
		goto out;
	}
	if (within && cli_parse_count(argv[0], "due-within", within, &filter.due_within) < 0)
		goto out;
	filter.plan = plan;
	filter.unit = unit;
	filter.phase = phase ? (int)p : -1;
	filter.state = status ? (int)st : -1;
	filter.overdue = overdue != NULL;
	filter.search = search && *search ? search : NULL;

	rc = KH_EXIT_FAIL;
	if (cli_open_store(cli, NULL) < 0)
		goto out;
	struct kh_error err;
	if (run.format == FORMAT_JSON)
		fputs("[", stdout);
	if (store_list(cli->store, &filter, print_row, &run, &err) < 0) {
		if (run.format == FORMAT_JSON)
			fputs("]\n", stdout);
		cli_report_error(&err);
		goto out;
	}
	if (run.format == FORMAT_JSON)
		fputs(run.rows ? "\n]\n" : "]\n", stdout);
	rc = KH_EXIT_OK;
out:
	buf_free(&run.line);
	return rc;
}
