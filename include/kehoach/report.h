/* report: checklists (and, later, monthly reports) built from the same
 * query layer as the screen. Plain text for now; every string from a plan
 * or the database goes through the text sanitiser. */
#ifndef KEHOACH_REPORT_H
#define KEHOACH_REPORT_H

#include <stdio.h>

#include "kehoach/store.h"

struct checklist_options {
	const char *plan;     /* plan id, or NULL for every plan */
	const char *unit;     /* unit id, or NULL for every unit */
	const char *plan_title;   /* for the header */
	const char *unit_name;    /* for the header; NULL: the whole plan */
	int phase;            /* -1 or enum phase */
	kh_date today;        /* the date printed, and overdue reckoning */
	size_t width;         /* wrap at this many columns (80 if 0) */
};

/* Writes the checklist as plain text to out: a header (plan, unit, date),
 * the duties numbered with [ ]/[x] boxes, deadlines, overdue marks, the
 * note and who marked done duties, then the counts and a signature block.
 * Returns 0, or -1 with err. */
int report_checklist_text(struct store *store, const struct checklist_options *opts,
			  FILE *out, struct kh_error *err);

#endif
