/* plan_roll: a copy of a plan for another Tết (kehoach roll).
 *
 * The copy is the original text with only a few scalars rewritten in place:
 * plan.tet, the year in plan.id, and every date written out (YYYY-MM-DD or
 * DD/MM/YYYY) in a date field. Comments, blank lines, key order, quoting
 * and line ends stay byte for byte, so that the copy reads like the file
 * its author wrote. Dates relative to Tết ("tet-3") and lunar dates
 * ("23/12 ÂL") already follow plan.tet and stay as written, but for a lunar
 * 30th the month lacks in the new year, which becomes its 29th. Texts are
 * never changed; those that speak of the old year are reported as notes. */
#ifndef KEHOACH_PLAN_ROLL_H
#define KEHOACH_PLAN_ROLL_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/date.h"
#include "kehoach/error.h"
#include "kehoach/lunar.h"
#include "kehoach/util.h"

/* What a date written out keeps when it moves to the new year. */
enum roll_keep {
	ROLL_KEEP_TET,     /* its distance in days from mùng 1 Tết */
	ROLL_KEEP_LUNAR,   /* its lunar day and month */
};

enum roll_note_kind {
	/* A text (title, basis, duty text, refs, target) names the old year
	 * or its Can Chi: it may need editing by hand. */
	ROLL_NOTE_MENTION,
	/* --keep lunar: the date was in a leap month the new lunar year does
	 * not have; it went to the ordinary month of that number. */
	ROLL_NOTE_LEAP_MONTH,
	/* The date was a 30th, the new month has 29 days: it became the
	 * 29th (a date written out under --keep lunar, or a lunar date). */
	ROLL_NOTE_DAY_30,
};

/* Something the user should look at; not an error. Positions are 1-based
 * and hold in the rolled text too: rolling never adds or removes a line. */
struct roll_note {
	enum roll_note_kind kind;
	unsigned line;
	unsigned column;
	const char *field;          /* the key: "title", "basis", "text", "due" … */
	bool mentions_year;         /* ROLL_NOTE_MENTION: the year, as digits */
	bool mentions_can_chi;      /* ROLL_NOTE_MENTION: its Can Chi name */
	kh_date old_date;           /* the lunar notes: before and after */
	kh_date new_date;
	struct lunar_date old_lunar;
	struct lunar_date new_lunar;
};

struct roll_result {
	struct buf text;            /* the rolled plan */
	int from_year;              /* plan.tet of the original */
	int to_year;
	struct roll_note *notes;    /* in the order of the file */
	size_t n_notes;
	size_t notes_cap;
};

/* Rolls the plan text[0..len) (named name in errors) to the Tết of
 * to_year (LUNAR_YEAR_MIN … LUNAR_YEAR_MAX). The plan must load cleanly
 * and have plan.tet. Fills *result (zeroed first; free it with
 * roll_result_free(), also after a failure) and returns 0; or returns -1
 * and fills err (file, line, column, message). The rolled text is loaded
 * again before it is returned: it always passes `kehoach check`. */
int plan_roll(const char *name, const char *text, size_t len, int to_year,
	      enum roll_keep keep, struct roll_result *result,
	      struct kh_error *err);

void roll_result_free(struct roll_result *result);

/* The id a plan rolled to to_year gets (from_year: its plan.tet): the
 * from_year in it, as a whole '-'-separated part or at the end of the
 * last part, becomes to_year; an id without it gets "-TO_YEAR" appended.
 * Returns a new string the caller frees; NULL when the result would not
 * be a valid id (too long). */
char *plan_roll_id(const char *id, int from_year, int to_year);

#endif
