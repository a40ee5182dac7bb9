/* kehoach export --format ics|csv [--plan ID] [--unit ID] [-o FILE]: the
 * open duties with a deadline, for calendars and spreadsheets (export.h).
 * One row per assignment of a current plan that is neither done nor
 * withdrawn; its alarm the configured number of working days (as "due
 * soon" counts them) before the deadline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kehoach/cli.h"
#include "kehoach/export.h"
#include "kehoach/workdays.h"

enum export_format { EXPORT_ICS, EXPORT_CSV };

/* The events, and the arena their texts live in. */
struct export_run {
	struct cli *cli;
	struct export_event *events;
	size_t n, cap;
	struct arena arena;
};

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
	return 0;
}

/* The same rows for a spreadsheet: one a line, a header first, CRLF
 * line ends and a byte-order mark, as spreadsheets read UTF-8 CSV. */
static void write_csv(const struct export_run *run, struct buf *out)
{
	buf_puts(out, "\xef\xbb\xbf");
	const char *header[] = { _("plan"), _("unit"), _("duty"), _("text"), _("deadline"),
				 _("alarm"), "uid" };
	for (size_t i = 0; i < KH_ARRAY_LEN(header); i++) {
		buf_puts(out, i ? "," : "");
		cli_csv_field(out, header[i]);
	}
	buf_puts(out, "\r\n");
	for (size_t i = 0; i < run->n; i++) {
		const struct export_event *e = &run->events[i];
		char day[DATE_STR_SIZE], alarm[DATE_STR_SIZE];
		const char *fields[] = { e->category, e->unit, e->name, e->text,
					 cli_date(e->day, day), cli_date(e->alarm, alarm), e->uid };
		for (size_t f = 0; f < KH_ARRAY_LEN(fields); f++) {
			buf_puts(out, f ? "," : "");
			cli_csv_field(out, fields[f]);
		}
		buf_puts(out, "\r\n");
	}
}

static int write_ics(const struct cli_args *args, const struct export_run *run,
		     struct buf *out)
{
	const char *which = cli_value(args, "unit") ? cli_value(args, "unit") :
		cli_value(args, "plan") ? cli_value(args, "plan") : _("all plans");
	char *name = x_asprintf("kehoach — %s", which);
	struct export_calendar calendar = { .name = name, .now = (long long)time(NULL) };
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	struct kh_error err;
	kh_error_clear(&err);
	int rc = mem ? export_write_ics(&calendar, run->events, run->n, mem, &err) : -1;
	if (mem)
		fclose(mem);
	if (rc == 0)
		buf_append(out, text, len);
	else
		cli_report_error(&err);
	free(text);
	x_free(name);
	return rc;
}

static int run_export(struct cli *cli, const struct cli_args *args)
{
	struct export_run run = { .cli = cli };
	struct duty_filter filter;
	struct kh_error err;
	kh_error_clear(&err);
	store_filter_init(&filter, cli->today);
	filter.plan = cli_value(args, "plan");
	filter.unit = cli_value(args, "unit");
	struct buf out = { 0 };
	int rc = KH_EXIT_FAIL;
	if (store_list(cli->store, &filter, add_event, &run, &err) < 0) {
		cli_report_error(&err);
		goto done;
	}
	if (cli_number(args, "format", EXPORT_ICS) == EXPORT_CSV)
		write_csv(&run, &out);
	else if (write_ics(args, &run, &out) < 0)
		goto done;
	rc = cli_write_output(cli_value(args, "output"), &out, CLI_WRITE_REPLACE);
done:
	buf_free(&out);
	x_free(run.events);
	arena_free(&run.arena);
	return rc;
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
