/* store_sql: the conditions every query of the store is built from,
 * written once. A duty's state and its outcome (overdue, due soon, and
 * with the counting of results the outcomes of done duties) are decided
 * here and only here: the queries filter, select and count with these
 * fragments, and C code reads the results as columns. */
#ifndef KEHOACH_STORE_SQL_H
#define KEHOACH_STORE_SQL_H

#include "kehoach/store.h"

#define STORE_SQL_STR_(x) #x
#define STORE_SQL_STR(x) STORE_SQL_STR_(x)

/* SQL text cannot read enum duty_state: its numbers are spelled once
 * here, and the assertions below fail the build should they drift. */
#define STORE_SQL_TODO_N 0
#define STORE_SQL_DOING_N 1
#define STORE_SQL_DONE_N 2
_Static_assert(STORE_SQL_TODO_N == DUTY_TODO, "SQL and enum duty_state disagree on todo");
_Static_assert(STORE_SQL_DOING_N == DUTY_DOING, "SQL and enum duty_state disagree on doing");
_Static_assert(STORE_SQL_DONE_N == DUTY_DONE, "SQL and enum duty_state disagree on done");

/* How many days ahead a deadline counts as "due soon". */
#define STORE_DUE_SOON_DAYS 3

/* Conditions on an assignment `a`. The outcomes refer to the bound
 * parameter :today (the day they are reckoned on); due soon also to
 * :soon, bound to STORE_DUE_SOON_DAYS. An assignment without a deadline
 * (NULL) is neither overdue nor due. */
#define SQL_DONE "a.state = " STORE_SQL_STR(STORE_SQL_DONE_N)
#define SQL_DOING "a.state = " STORE_SQL_STR(STORE_SQL_DOING_N)
#define SQL_OPEN "a.state <> " STORE_SQL_STR(STORE_SQL_DONE_N)

#define SQL_OVERDUE "(" SQL_OPEN " AND a.deadline < :today)"
/* Open, with the deadline from today to `days` (an SQL expression) on. */
#define SQL_DUE_WITHIN(days) \
	"(" SQL_OPEN " AND a.deadline BETWEEN :today AND :today + " days ")"
#define SQL_DUE_SOON SQL_DUE_WITHIN(":soon")

/* The outcomes selected with every duty, in struct duty_row order; the
 * counting of results adds its outcomes here and beside SQL_OVERDUE. */
#define SQL_OUTCOME_COLUMNS SQL_OVERDUE ", " SQL_DUE_SOON

/* A group of assignments counted, for struct unit_row. */
#define SQL_COUNTS \
	"count(*) AS total, sum(" SQL_DONE ") AS done," \
	" sum(" SQL_DOING ") AS doing, sum(" SQL_OVERDUE ") AS overdue," \
	" sum(" SQL_DUE_SOON ") AS soon"

#endif
