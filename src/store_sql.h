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

/* Conditions on an assignment `a`. The outcomes refer to the bound
 * parameter :today (the day they are reckoned on); due soon also to
 * :soon, bound to the span of store_set_due_soon() (calendar days). a.deadline is the effective
 * deadline (the plan's, or the extended one); an assignment without one
 * (NULL) is never overdue nor late. A withdrawn (cancelled) assignment
 * is in none of the outcomes but its own, and in no count of open work. */
#define SQL_DONE "a.state = " STORE_SQL_STR(STORE_SQL_DONE_N)
#define SQL_DOING "(a.state = " STORE_SQL_STR(STORE_SQL_DOING_N) " AND a.cancelled = 0)"
#define SQL_CANCELLED "(a.cancelled <> 0)"
#define SQL_OPEN "(a.state <> " STORE_SQL_STR(STORE_SQL_DONE_N) " AND a.cancelled = 0)"
#define SQL_DONE_COUNTED "(" SQL_DONE " AND a.cancelled = 0)"

/* The four outcomes of Báo cáo 1270/BC-TCTTTg. */
#define SQL_DONE_ON_TIME \
	"(" SQL_DONE_COUNTED " AND (a.deadline IS NULL OR a.done_on IS NULL" \
	" OR a.done_on <= a.deadline))"
#define SQL_DONE_LATE "(" SQL_DONE_COUNTED " AND a.done_on > a.deadline)"
/* The day outcomes are reckoned on: today, or for a duty of an archived
 * plan the day it was archived, so that what was left undone is not
 * overdue by ever more days. */
#define SQL_AS_OF "coalesce(a.frozen_on, :today)"

#define SQL_IN_TIME "(" SQL_OPEN " AND (a.deadline IS NULL OR a.deadline >= " SQL_AS_OF "))"
/* Overdue as of `day` (an SQL expression). */
#define SQL_OVERDUE_ON(day) "(" SQL_OPEN " AND a.deadline < " day ")"
#define SQL_OVERDUE SQL_OVERDUE_ON(SQL_AS_OF)

/* Open, with the deadline from `day` to `days` (SQL expressions) on. */
#define SQL_DUE_WITHIN_ON(day, days) \
	"(" SQL_OPEN " AND a.deadline BETWEEN " day " AND " day " + " days ")"
#define SQL_DUE_WITHIN(days) SQL_DUE_WITHIN_ON(SQL_AS_OF, days)
#define SQL_DUE_SOON SQL_DUE_WITHIN(":soon")

/* The deadline of open work of a current plan, NULL for anything else:
 * the expression the index assignment_open_by_deadline holds (without
 * the table's alias, as an index wants it), so that what is overdue or
 * due soon in the current plans is one range of one narrow index. For
 * its rows SQL_OVERDUE and SQL_DUE_SOON read that deadline alone
 * (frozen_on is NULL: reckoned as of today), which SQL_OVERDUE_IF_OPEN
 * and SQL_DUE_SOON_IF_OPEN say (kehoach brief, at every login). */
#define SQL_OPEN_DEADLINE_OF(prefix) \
	"(CASE WHEN " prefix "retired = 0 AND " prefix "cancelled = 0 AND " prefix "state <> " \
	STORE_SQL_STR(STORE_SQL_DONE_N) " AND " prefix "frozen_on IS NULL THEN " prefix \
	"deadline END)"
#define SQL_OPEN_DEADLINE_INDEXED SQL_OPEN_DEADLINE_OF("")
#define SQL_OPEN_DEADLINE SQL_OPEN_DEADLINE_OF("a.")
#define SQL_OPEN_CURRENT \
	"a.retired = 0 AND a.cancelled = 0 AND a.state <> " STORE_SQL_STR(STORE_SQL_DONE_N) \
	" AND a.frozen_on IS NULL"
#define SQL_OVERDUE_IF_OPEN SQL_OPEN_DEADLINE " < :today"
#define SQL_DUE_SOON_IF_OPEN SQL_OPEN_DEADLINE " BETWEEN :today AND :today + :soon"

/* enum duty_outcome's numbers, spelled once for SQL and checked. */
#define STORE_SQL_ON_TIME_N 0
#define STORE_SQL_LATE_N 1
#define STORE_SQL_IN_TIME_N 2
#define STORE_SQL_OVERDUE_N 3
#define STORE_SQL_CANCELLED_N 4
_Static_assert(STORE_SQL_ON_TIME_N == OUTCOME_DONE_ON_TIME, "outcome numbers");
_Static_assert(STORE_SQL_LATE_N == OUTCOME_DONE_LATE, "outcome numbers");
_Static_assert(STORE_SQL_IN_TIME_N == OUTCOME_IN_TIME, "outcome numbers");
_Static_assert(STORE_SQL_OVERDUE_N == OUTCOME_OVERDUE, "outcome numbers");
_Static_assert(STORE_SQL_CANCELLED_N == OUTCOME_CANCELLED, "outcome numbers");

/* The outcome of `a` as enum duty_outcome. */
#define SQL_OUTCOME \
	"(CASE WHEN " SQL_CANCELLED " THEN " STORE_SQL_STR(STORE_SQL_CANCELLED_N) \
	" WHEN " SQL_DONE_LATE " THEN " STORE_SQL_STR(STORE_SQL_LATE_N) \
	" WHEN " SQL_DONE " THEN " STORE_SQL_STR(STORE_SQL_ON_TIME_N) \
	" WHEN " SQL_OVERDUE " THEN " STORE_SQL_STR(STORE_SQL_OVERDUE_N) \
	" ELSE " STORE_SQL_STR(STORE_SQL_IN_TIME_N) " END)"

/* Days past the deadline: for an overdue one until :today, for one done
 * late until it was done; 0 for the others. */
#define SQL_DAYS_LATE \
	"(CASE WHEN " SQL_OVERDUE " THEN " SQL_AS_OF " - a.deadline" \
	" WHEN " SQL_DONE_LATE " THEN a.done_on - a.deadline ELSE 0 END)"

/* How many assignments of a group meet cond: an aggregate FILTER, about
 * twice as fast over 100,000 assignments as sum(cond), which evaluates
 * into every row's sum. */
#define SQL_COUNT_WHERE(cond) "count(*) FILTER (WHERE " cond ")"

/* A group of assignments counted, for struct unit_row: withdrawn ones
 * are not in its total. */
#define SQL_COUNTS \
	SQL_COUNT_WHERE("a.cancelled = 0") " AS total, " \
	SQL_COUNT_WHERE(SQL_DONE_COUNTED) " AS done, " \
	SQL_COUNT_WHERE(SQL_DOING) " AS doing, " \
	SQL_COUNT_WHERE(SQL_OVERDUE) " AS overdue, " \
	SQL_COUNT_WHERE(SQL_DUE_SOON) " AS soon"

/* SQL_OPEN's states as a list: the same rows (a state is one of three),
 * but an index on state can range over them, not over `state <> done`. */
#define SQL_OPEN_STATE_IN \
	"a.state IN (" STORE_SQL_STR(STORE_SQL_TODO_N) ", " STORE_SQL_STR(STORE_SQL_DOING_N) ")"

/* How many assignments of unit u meet cond, from one range of
 * assignment_by_unit (unit_key, retired, state, deadline, …). */
#define SQL_UNIT_RANGE(cond) \
	"(SELECT count(*) FROM assignment a WHERE a.unit_key = u.key" \
	" AND a.retired = 0 AND " cond ")"

/* SQL_COUNTS of a plain unit of a current plan, in its order, each as
 * each(COUNT, NAME) makes it of the count and of SQL_COUNTS's name for
 * it: its assignments' outcomes are reckoned as of :today (frozen_on is
 * set only with the plan's archiving), so each count is one range of the
 * unit's index — 100,000 assignments read in the ranges that match
 * rather than every row tested five times. */
#define SQL_COUNTS_BY_RANGE(each) \
	each(SQL_UNIT_RANGE("a.cancelled = 0"), "total") ", " \
	each(SQL_UNIT_RANGE(SQL_DONE_COUNTED), "done") ", " \
	each(SQL_UNIT_RANGE(SQL_DOING), "doing") ", " \
	each(SQL_UNIT_RANGE(SQL_OPEN_STATE_IN " AND " SQL_OVERDUE_ON(":today")), "overdue") ", " \
	each(SQL_UNIT_RANGE(SQL_OPEN_STATE_IN " AND " SQL_DUE_WITHIN_ON(":today", ":soon")), "soon")

/* A group of assignments counted by outcome, for struct outcome_counts,
 * with the names the stats query ranks by. */
#define SQL_OUTCOME_COUNTS \
	SQL_COUNT_WHERE("a.cancelled = 0") " AS total, " \
	SQL_COUNT_WHERE(SQL_DONE_ON_TIME) " AS on_time, " \
	SQL_COUNT_WHERE(SQL_DONE_LATE) " AS late, " \
	SQL_COUNT_WHERE(SQL_IN_TIME) " AS in_time, " \
	SQL_COUNT_WHERE(SQL_OVERDUE) " AS overdue, " \
	SQL_COUNT_WHERE(SQL_CANCELLED) " AS cancelled, " \
	"coalesce(max(" SQL_DAYS_LATE ") FILTER (WHERE " SQL_OVERDUE " OR " SQL_DONE_LATE "), 0)" \
	" AS days_late"

#endif
