/* export: the open duties with a deadline as calendar events (RFC 5545)
 * for the phones and calendars of the people who do them, and as CSV.
 *
 * Each open assignment of a current plan with a deadline is one all-day
 * event on its deadline, with a stable UID (plan, duty and unit ids: an
 * export after a change updates the calendar that imported the first one
 * rather than adding to it), the duty's text, plan and unit, and an alarm
 * some working days before. The iCalendar text is written by libical, in
 * a module of its own (kehoach-ics.so, loaded when first wanted, as the
 * PDF writer is: libical brings ICU). */
#ifndef KEHOACH_EXPORT_H
#define KEHOACH_EXPORT_H

#include <stddef.h>
#include <stdio.h>

#include "kehoach/date.h"
#include "kehoach/error.h"

struct export_event {
	const char *uid;          /* "stttt-ht-tet-2022.vp-1.vp@kehoach" */
	const char *summary;      /* "vp-1: Bố trí lịch trực Tết" */
	const char *description;  /* plan, unit, deadline, extension … */
	const char *category;     /* the plan's id */
	const char *name;         /* the duty as the command line names it */
	const char *text;         /* the duty's text */
	const char *unit;         /* the unit that does it: its id */
	kh_date day;              /* the deadline */
	kh_date alarm;            /* the day of the alarm (08:00, UTC+7) */
	bool in_process;          /* started: STATUS IN-PROCESS, else CONFIRMED */
};

struct export_calendar {
	const char *name;         /* X-WR-CALNAME */
	long long now;            /* DTSTAMP, unix time */
};

/* Which parts of the calendar one call writes, so that a calendar of
 * 100,000 events is written a batch at a time rather than held whole:
 * its head before the first batch, its end after the last. */
enum export_ics_part {
	EXPORT_ICS_HEAD = 1,
	EXPORT_ICS_END = 2,
	EXPORT_ICS_WHOLE = EXPORT_ICS_HEAD | EXPORT_ICS_END,
};

/* Writes the n events to out, after the calendar's head and before its
 * end as parts says. Returns 0, or -1 with err (the module cannot be
 * loaded, or out cannot be written). */
int export_write_ics(const struct export_calendar *calendar,
		     const struct export_event *events, size_t n, unsigned parts,
		     FILE *out, struct kh_error *err);

/* The module's entry (kehoach-ics.so), which export_write_ics loads. */
typedef int (*export_ics_writer)(const struct export_calendar *calendar,
				 const struct export_event *events, size_t n,
				 unsigned parts, FILE *out, struct kh_error *err);

#endif
