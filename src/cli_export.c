/* kehoach export --format ics|csv [--plan ID] [--unit ID] [-o FILE]: the
 * open duties with a deadline, for calendars and spreadsheets (export.h).
 * One row per assignment of a current plan that is neither done nor
 * withdrawn; its alarm the configured number of working days (as "due
 * soon" counts them) before the deadline. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kehoach/cli.h"
#include "kehoach/export.h"
#include "kehoach/file_io.h"
#include "kehoach/workdays.h"

enum export_format { EXPORT_ICS, EXPORT_CSV };

/* Events are written a batch at a time, so that an export of 100,000
 * holds a few hundred. */
#define EXPORT_BATCH 256

/* The batch of events, the arena their texts live in, and where they go. */
struct export_run {
	struct cli *cli;
	bool csv;
	struct export_calendar calendar;
	FILE *out;
	bool begun;             /* the head (CSV: the header) is written */
	struct kh_error *err;
	struct export_event *events;
	size_t n, cap;
	struct arena arena;
};

static int write_batch(struct export_run *run, bool last);

/* The day n working days before day (day itself when n is 0). */
static kh_date working_days_before(struct workdays *calendar, kh_date day, int n)
{
	while (n > 0) {
		day--;
		if (workdays_is_working(calendar, day))
			n--;
	}
	return day;
}

static const char *describe(struct export_run *run, const struct duty_row *row)
{
	char deadline[DATE_STR_SIZE], planned[DATE_STR_SIZE];
	struct buf text = { 0 };
	buf_printf(&text, _("Plan: %s\nUnit: %s (%s)\nDeadline: %s\n\n%s"), row->plan_id,
		   row->unit_name, row->unit_id, cli_date(row->deadline, deadline), row->text);
	if (row->extended)
		buf_printf(&text, _("\n\nExtended from %s: %s"), cli_date(row->plan_deadline, planned),
			   row->extend_reason ? row->extend_reason : "");
	const char *out = arena_strdup(&run->arena, buf_str(&text));
	buf_free(&text);
	return out;
}

static int add_event(void *ctx, const struct duty_row *row)
{
	struct export_run *run = ctx;
	if (row->state == DUTY_DONE || row->cancelled || row->deadline == KH_DATE_NONE)
		return 0;
	char name[256];
	duty_row_name(row, name, sizeof(name));
	X_GROW(run->events, run->cap, run->n + 1);
	struct export_event *e = &run->events[run->n++];
	char *uid = x_asprintf("%s.%s.%s@kehoach", row->plan_id, row->duty_id, row->unit_id);
	char *summary = x_asprintf("%s: %s", name, row->text);
	*e = (struct export_event){
		.uid = arena_strdup(&run->arena, uid),
		.summary = arena_strdup(&run->arena, summary),
		.description = describe(run, row),
		.category = arena_strdup(&run->arena, row->plan_id),
		.name = arena_strdup(&run->arena, name),
		.text = arena_strdup(&run->arena, row->text),
		.unit = arena_strdup(&run->arena, row->unit_id),
		.day = row->deadline,
		.alarm = working_days_before(&run->cli->calendar, row->deadline,
					     config_due_soon_days(&run->cli->config)),
		.in_process = row->state == DUTY_DOING,
	};
	x_free(uid);
	x_free(summary);
	return run->n == EXPORT_BATCH && write_batch(run, false) < 0 ? -1 : 0;
}

static void csv_line(FILE *out, const char *const *fields, size_t n)
{
	struct buf line = { 0 };
	for (size_t f = 0; f < n; f++) {
		buf_puts(&line, f ? "," : "");
		cli_csv_field(&line, fields[f]);
	}
	buf_puts(&line, "\r\n");
	fwrite(buf_str(&line), 1, line.len, out);
	buf_free(&line);
}

/* The same rows for a spreadsheet: one a line, a header first, CRLF
 * line ends and a byte-order mark, as spreadsheets read UTF-8 CSV. */
static void write_csv(const struct export_run *run)
{
	if (!run->begun) {
		fputs("\xef\xbb\xbf", run->out);
		const char *header[] = { _("plan"), _("unit"), _("duty"), _("text"),
					 _("deadline"), _("alarm"), "uid" };
		csv_line(run->out, header, KH_ARRAY_LEN(header));
	}
	for (size_t i = 0; i < run->n; i++) {
		const struct export_event *e = &run->events[i];
		char day[DATE_STR_SIZE], alarm[DATE_STR_SIZE];
		const char *fields[] = { e->category, e->unit, e->name, e->text,
					 cli_date(e->day, day), cli_date(e->alarm, alarm), e->uid };
		csv_line(run->out, fields, KH_ARRAY_LEN(fields));
	}
}

/* Writes the batch (the head first, the end after the last) and empties
 * it. Returns 0, or -1 with run->err. */
static int write_batch(struct export_run *run, bool last)
{
	int rc = 0;
	if (run->csv)
		write_csv(run);
	else
		rc = export_write_ics(&run->calendar, run->events, run->n,
				      (run->begun ? 0u : EXPORT_ICS_HEAD) |
				      (last ? EXPORT_ICS_END : 0u), run->out, run->err);
	run->begun = true;
	run->n = 0;
	arena_free(&run->arena);
	return rc;
}

/* Writes the export to out as the rows come. Returns 0, or -1 with err. */
static int export_to(struct export_run *run, const struct cli_args *args, FILE *out)
{
	struct duty_filter filter;
	store_filter_init(&filter, run->cli->today);
	filter.plan = cli_value(args, "plan");
	filter.unit = cli_value(args, "unit");
	run->out = out;
	int rc = store_list(run->cli->store, &filter, add_event, run, run->err);
	if (rc == 0)
		rc = write_batch(run, true);
	/* A file is checked as it is committed. */
	if (rc == 0 && out == stdout && (fflush(out) != 0 || ferror(out))) {
		kh_error_set(run->err, NULL, 0, 0, _("cannot write to standard output: %s"),
			     strerror(errno));
		rc = -1;
	}
	return rc < 0 ? -1 : 0;
}

static int run_export(struct cli *cli, const struct cli_args *args)
{
	const char *which = cli_value(args, "unit") ? cli_value(args, "unit") :
		cli_value(args, "plan") ? cli_value(args, "plan") : _("all plans");
	char *name = x_asprintf("kehoach — %s", which);
	struct kh_error err;
	kh_error_clear(&err);
	struct export_run run = {
		.cli = cli, .csv = cli_number(args, "format", EXPORT_ICS) == EXPORT_CSV,
		.calendar = { .name = name, .now = (long long)time(NULL) }, .err = &err,
	};
	const char *path = cli_value(args, "output");
	int rc;
	if (!path) {
		rc = export_to(&run, args, stdout);
	} else {
		/* Through a temporary file: a failure leaves the old one. */
		struct file_swap swap;
		rc = file_swap_open(&swap, path, &err);
		if (rc == 0 && export_to(&run, args, swap.fp) < 0) {
			file_swap_abort(&swap);
			rc = -1;
		} else if (rc == 0) {
			rc = file_swap_commit(&swap, &err);
		}
	}
	if (rc < 0)
		cli_report_error(&err);
	x_free(name);
	x_free(run.events);
	arena_free(&run.arena);
	return rc < 0 ? KH_EXIT_FAIL : KH_EXIT_OK;
}

static const struct cli_choice export_formats[] = {
	{ "ics", EXPORT_ICS }, { "csv", EXPORT_CSV }, { 0 },
};

static const struct cli_option export_options[] = {
	{ "format", 0, CLI_CHOICE, N_("ics: an iCalendar file for calendars and phones (the default); csv: the same rows for a spreadsheet"), export_formats },
	{ "plan", 0, CLI_PLAN, N_("only this plan's duties") },
	{ "unit", 0, CLI_UNIT, N_("only this unit's duties (a group: its members')") },
	{ "output", 'o', CLI_FILE, N_("write to FILE (through a temporary file) instead of standard output") },
	{ 0 },
};

const struct cli_command cli_export_command = {
	.name = "export",
	.arguments = "",
	.min_args = 0,
	.max_args = 0,
	.summary = N_("open duties with a deadline, for a calendar (ics) or a spreadsheet (csv)"),
	.description = N_(
		"One all-day event per open duty of the current plans that has a\n"
		"deadline, on its deadline, with the duty's text, plan and unit, and\n"
		"an alarm at 08:00 the configured number of working days before\n"
		"(due_soon_days, 3 by default). Each event's UID stays the same from\n"
		"one export to the next, so that a calendar that imports the file\n"
		"again updates its events rather than adding them twice.\n"),
	.options = export_options,
	.flags = CLI_OPENS_STORE,
	.run = run_export,
};
