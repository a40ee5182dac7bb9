/* report: a plain-text checklist of a unit's duties, to tick on paper. */
#include "kehoach/report.h"

#include <string.h>

#include "kehoach/i18n.h"
#include "kehoach/text.h"

struct checklist_run {
	const struct checklist_options *opts;
	FILE *out;
	int number;
	int done;
	int overdue;
};

/* Writes text wrapped to the page width after a hanging indent. */
static void put_wrapped(FILE *out, const char *first, const char *text,
			size_t indent, size_t width)
{
	char **lines = text_wrap(text, width > indent + 20 ? width - indent : 20);
	for (char **l = lines; *l; l++)
		fprintf(out, "%-*s%s\n", (int)indent, l == lines ? first : "", *l);
	text_lines_free(lines);
}

static void write_header(const struct checklist_options *opts, FILE *out)
{
	char date[DATE_STR_SIZE];
	const char *plan_title = opts->plan_title ? opts->plan_title :
				 opts->plan ? opts->plan : "";
	char *unit = text_sanitize(opts->unit_name ? opts->unit_name : plan_title, 0);
	char *plan = text_sanitize(plan_title, 0);
	date_format_vn(opts->today, date);
	fprintf(out, _("CHECKLIST — %s\n"), unit);
	fprintf(out, _("Plan: %s\n"), plan);
	fprintf(out, _("Printed on %s\n\n"), date);
	x_free(unit);
	x_free(plan);
}

static int write_duty(void *ctx, const struct duty_row *row)
{
	struct checklist_run *run = ctx;
	size_t width = run->opts->width ? run->opts->width : 80;
	char first[32], name[256], date[DATE_STR_SIZE] = "—";
	snprintf(first, sizeof(first), "%3d. %s ", ++run->number,
		 row->state == DUTY_DONE ? "[x]" : "[ ]");
	struct buf line = { 0 };
	duty_row_name(row, name, sizeof(name));
	text_sanitize_append(&line, name, 0);
	if (row->deadline != KH_DATE_NONE)
		date_format_vn(row->deadline, date);
	buf_printf(&line, _(" — deadline %s"), date);
	if (row->phase != PHASE_NONE)
		buf_printf(&line, " (%s)", phase_name(row->phase));
	if (row->overdue)
		buf_printf(&line, " — %s", _("OVERDUE"));
	put_wrapped(run->out, first, buf_str(&line), strlen(first), width);
	put_wrapped(run->out, "", row->text, strlen(first), width);
	if (row->state == DUTY_DONE) {
		buf_reset(&line);
		char done_on[DATE_STR_SIZE] = "?";
		if (row->done_on != KH_DATE_NONE)
			date_format_vn(row->done_on, done_on);
		char *who = text_sanitize(row->changed_by ? row->changed_by : "?", 0);
		buf_printf(&line, _("Done on %s by %s"), done_on, who);
		x_free(who);
		put_wrapped(run->out, "", buf_str(&line), strlen(first), width);
		run->done++;
	}
	if (row->note) {
		buf_reset(&line);
		buf_puts(&line, _("Note: "));
		buf_puts(&line, row->note);
		put_wrapped(run->out, "", buf_str(&line), strlen(first), width);
	}
	run->overdue += row->overdue;
	fputc('\n', run->out);
	buf_free(&line);
	return 0;
}

int report_checklist_text(struct store *store, const struct checklist_options *opts,
			  FILE *out, struct kh_error *err)
{
	struct duty_filter filter;
	store_filter_init(&filter, opts->today);
	filter.plan = opts->plan;
	filter.unit = opts->unit;
	filter.phase = opts->phase;
	struct checklist_run run = { .opts = opts, .out = out };
	write_header(opts, out);
	if (store_list(store, &filter, write_duty, &run, err) < 0)
		return -1;
	if (run.number == 0)
		fprintf(out, "%s", _("No duties.\n\n"));
	fprintf(out, _("Done: %d   Open: %d   Overdue: %d\n\n"), run.done,
		run.number - run.done, run.overdue);
	fprintf(out, "%s", _("Prepared by                          Head of unit\n"
			     "(signature, full name)               (signature, full name)\n"));
	return ferror(out) ? (kh_error_set(err, NULL, 0, 0, "cannot write the checklist"), -1) : 0;
}
