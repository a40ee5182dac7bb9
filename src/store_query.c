/* store_query: the one query layer. The CLI, the interface and reports all
 * read duties, units and names through these functions, so that what is on
 * screen, on stdout and on paper always agrees. */
#include "store_internal.h"
#include "store_sql.h"
#include "report_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/i18n.h"
#include "kehoach/text.h"

/* The columns every duty query returns, in struct duty_row order. */
#define DUTY_COLUMNS DUTY_COLUMNS_OF("p.id", "o.is_group", "a.key", "o.id", \
	"EXISTS (SELECT 1 FROM plan p2 CROSS JOIN duty d2" \
	"   WHERE d2.plan_key = p2.key AND d2.id = d.id AND p2.retired = 0" \
	"   AND d2.key <> d.key AND d2.retired = 0)", \
	"d.due", "d.start", "a.changed_at", SQL_DUE_SOON, "p.archived_on IS NOT NULL", \
	"d.with_units <> '[]'")
/* The same, with SQL expressions for the columns a query may find
 * otherwise (the plan's id, whether the owner is a group) or read as
 * constants instead: ambiguous_id (a subquery a row), and those of
 * struct duty_row a document never shows (see REPORT_COLUMNS). */
#define DUTY_COLUMNS_OF(plan_id, group_duty, assignment, owner, ambiguous, due, \
			start, changed_at, due_soon, archived, has_with) \
	assignment ", d.key, " plan_id ", d.id, u.id, u.name, " owner ", " group_duty ", " \
	ambiguous ", d.text, d.target, d.phase, " due ", " start ", a.deadline," \
	" a.state, a.note, a.changed_by, " changed_at ", a.done_on, " \
	due_soon ", " SQL_OUTCOME ", " SQL_DAYS_LATE ", a.plan_deadline," \
	" a.extended_to IS NOT NULL, a.extend_reason, a.cancelled, a.cancel_reason," \
	" coalesce(a.progress, -1), " archived ", " has_with

/* DUTY_COLUMNS_OF's columns, by position. Overdue is not among them: a
 * row is overdue when its outcome is OUTCOME_OVERDUE, and
 * read_report_row() sets it so (SQL_OVERDUE evaluated again, in a
 * column of its own, was 2% of a month's report). */
enum duty_column {
	COL_ASSIGNMENT, COL_DUTY, COL_PLAN_ID, COL_DUTY_ID, COL_UNIT_ID, COL_UNIT_NAME,
	COL_OWNER_ID, COL_GROUP_DUTY, COL_AMBIGUOUS_ID, COL_TEXT, COL_TARGET, COL_PHASE,
	COL_DUE, COL_START, COL_DEADLINE, COL_STATE, COL_NOTE, COL_CHANGED_BY,
	COL_CHANGED_AT, COL_DONE_ON, COL_DUE_SOON, COL_OUTCOME, COL_DAYS_LATE,
	COL_PLAN_DEADLINE, COL_EXTENDED, COL_EXTEND_REASON, COL_CANCELLED,
	COL_CANCEL_REASON, COL_PROGRESS, COL_ARCHIVED, COL_HAS_WITH,
	DUTY_COLUMN_COUNT       /* a report's further columns follow */
};

/* Driven from the plan, through duty(plan_key, ord): rows come out in
 * the plan's own order, so that a page of a 100,000-duty plan needs no
 * sort and computes its columns for the page only. */
#define DUTY_FROM_BY_PLAN \
	" FROM plan p CROSS JOIN duty d CROSS JOIN assignment a" \
	" JOIN unit u ON u.key = a.unit_key" \
	" JOIN unit o ON o.key = d.owner_key" \
	" WHERE d.plan_key = p.key AND a.duty_key = d.key" \
	" AND a.retired = 0 AND d.retired = 0 AND p.retired = 0"

/* The rows of a page of one of the connection's snapshots (see
 * store_snapshot()), after `WITH s(seq, assignment) AS (VALUES …)`: the
 * page's keys, bound in the snapshot's order, so that a page costs its own
 * rows. Rows retired since still show: a list does not shift under the
 * user's cursor. */
#define SNAPSHOT_FROM \
	" FROM s CROSS JOIN assignment a" \
	" JOIN duty d ON d.key = a.duty_key" \
	" JOIN plan p ON p.key = d.plan_key" \
	" JOIN unit u ON u.key = a.unit_key" \
	" JOIN unit o ON o.key = d.owner_key" \
	" WHERE a.key = s.assignment"

/* Left to the planner: with a unit it starts from assignment_by_unit. */
#define DUTY_FROM \
	" FROM assignment a" \
	" JOIN duty d ON d.key = a.duty_key" \
	" JOIN plan p ON p.key = d.plan_key" \
	" JOIN unit u ON u.key = a.unit_key" \
	" JOIN unit o ON o.key = d.owner_key" \
	" WHERE a.retired = 0 AND d.retired = 0 AND p.retired = 0"

/* The period a summary covers, on assignment `a` (binds :period_from and
 * :period_to): due in it, done in it, or overdue at its start. */
#define SQL_IN_PERIOD \
	" AND (a.deadline BETWEEN :period_from AND :period_to" \
	" OR (" SQL_DONE " AND a.done_on BETWEEN :period_from AND :period_to)" \
	" OR (a.deadline < :period_from AND (a.state <> " \
	STORE_SQL_STR(STORE_SQL_DONE_N) " OR a.done_on >= :period_from)))"

void store_include_archived(struct store *store, bool include)
{
	store->with_archived = include;
}

void store_set_due_soon(struct store *store, int days)
{
	store->due_soon_days = days;
}

int store_due_soon_days(const struct store *store)
{
	return store->due_soon_days;
}

void store_filter_init(struct duty_filter *filter, kh_date today)
{
	memset(filter, 0, sizeof(*filter));
	filter->phase = -1;
	filter->state = -1;
	filter->due_within = -1;
	filter->deadline_from = KH_DATE_NONE;
	filter->deadline_to = KH_DATE_NONE;
	filter->done_from = KH_DATE_NONE;
	filter->done_to = KH_DATE_NONE;
	filter->outcome = -1;
	filter->period_from = KH_DATE_NONE;
	filter->period_to = KH_DATE_NONE;
	filter->today = today;
}

void duty_row_name(const struct duty_row *row, char *out, size_t out_size)
{
	snprintf(out, out_size, "%s%s%s%s%s", row->ambiguous_id ? row->plan_id : "",
		 row->ambiguous_id ? "/" : "", row->duty_id,
		 row->group_duty ? "@" : "", row->group_duty ? row->unit_id : "");
}

void duty_full_name(const char *plan_id, const char *duty_id,
		    const char *group_unit, char *out, size_t out_size)
{
	snprintf(out, out_size, "%s/%s%s%s", plan_id, duty_id,
		 group_unit ? "@" : "", group_unit ? group_unit : "");
}

const char *duty_state_box(enum duty_state state)
{
	switch (state) {
	case DUTY_DONE:
		return "[x]";
	case DUTY_DOING:
		return "[~]";
	default:
		return "[ ]";
	}
}

/* Reads the columns of the row stmt is on that a report's have too
 * (REPORT_COLUMNS); the others are left 0. */
static void read_report_row(sqlite3_stmt *stmt, struct duty_row *row)
{
	memset(row, 0, sizeof(*row));
	row->duty = sqlite3_column_int64(stmt, COL_DUTY);
	row->plan_id = store_column_text(stmt, COL_PLAN_ID);
	row->duty_id = store_column_text(stmt, COL_DUTY_ID);
	row->unit_id = store_column_text(stmt, COL_UNIT_ID);
	row->unit_name = store_column_text(stmt, COL_UNIT_NAME);
	row->group_duty = sqlite3_column_int(stmt, COL_GROUP_DUTY) != 0;
	row->text = store_column_text(stmt, COL_TEXT);
	row->target = store_column_text(stmt, COL_TARGET);
	row->phase = (enum phase)sqlite3_column_int(stmt, COL_PHASE);
	row->deadline = store_column_date(stmt, COL_DEADLINE);
	row->state = (enum duty_state)sqlite3_column_int(stmt, COL_STATE);
	row->note = store_column_text(stmt, COL_NOTE);
	row->changed_by = store_column_text(stmt, COL_CHANGED_BY);
	row->done_on = store_column_date(stmt, COL_DONE_ON);
	row->outcome = (enum duty_outcome)sqlite3_column_int(stmt, COL_OUTCOME);
	row->overdue = row->outcome == OUTCOME_OVERDUE;
	row->days_late = sqlite3_column_int(stmt, COL_DAYS_LATE);
	row->plan_deadline = store_column_date(stmt, COL_PLAN_DEADLINE);
	row->extended = sqlite3_column_int(stmt, COL_EXTENDED) != 0;
	row->extend_reason = store_column_text(stmt, COL_EXTEND_REASON);
	row->cancelled = sqlite3_column_int(stmt, COL_CANCELLED) != 0;
	row->cancel_reason = store_column_text(stmt, COL_CANCEL_REASON);
	row->progress = sqlite3_column_int(stmt, COL_PROGRESS);
}

/* Reads every column of the row stmt is on (DUTY_COLUMNS). */
static void read_duty_row(sqlite3_stmt *stmt, struct duty_row *row)
{
	read_report_row(stmt, row);
	row->assignment = sqlite3_column_int64(stmt, COL_ASSIGNMENT);
	row->owner_id = store_column_text(stmt, COL_OWNER_ID);
	row->ambiguous_id = sqlite3_column_int(stmt, COL_AMBIGUOUS_ID) != 0;
	row->due = store_column_date(stmt, COL_DUE);
	row->start = store_column_date(stmt, COL_START);
	row->changed_at = sqlite3_column_int64(stmt, COL_CHANGED_AT);
	row->due_soon = sqlite3_column_int(stmt, COL_DUE_SOON) != 0;
	row->archived = sqlite3_column_int(stmt, COL_ARCHIVED) != 0;
	row->has_with = sqlite3_column_int(stmt, COL_HAS_WITH) != 0;
}

/* Whether any active unit with this id is a group, and whether any is not:
 * decides which index a --unit filter can use. */
static int unit_kinds(struct store *store, const char *unit, bool *plain,
		      bool *group, struct kh_error *err)
{
	/* Aggregates, not DISTINCT: a report asks this before each of its
	 * 6,000 lists, and DISTINCT builds a temporary table each time
	 * (four times the instructions, callgrind). */
	sqlite3_stmt *stmt = store_prepare_kept(store,
		"SELECT max(u.is_group = 0), max(u.is_group <> 0)"
		" FROM unit u JOIN plan p ON p.key = u.plan_key"
		" WHERE u.id = ? AND u.retired = 0 AND p.retired = 0", err);
	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, unit);
	int rc = sqlite3_step(stmt);
	*plain = rc == SQLITE_ROW && sqlite3_column_int(stmt, 0);
	*group = rc == SQLITE_ROW && sqlite3_column_int(stmt, 1);
	store_release(store, stmt);
	return rc == SQLITE_ROW ? 0 : store_fail(store, err, _("cannot read units"));
}

/* Whether the filter's rows are found from an index of their own (a
 * unit's, one assignment's, one duty's): a few, not a walk of a plan. */
static bool few_rows(const struct duty_filter *f)
{
	return f->unit || f->assignment || f->only_assignment || f->duty ||
	       f->assignments;
}

/* Whether append_scope() keeps filter's rows to current plans, whose
 * assignments are not frozen (frozen_on is set only by archiving). */
static bool current_plans_only(const struct store *store, const struct duty_filter *f)
{
	return !f->plan && !store->with_archived && !f->assignment && !f->duty;
}

/* Appends the conditions of which plans and units filter's rows are of
 * (plan, archived, unit). */
static int append_scope(struct store *store, const struct duty_filter *f,
			struct buf *sql, struct kh_error *err)
{
	/* With a unit, the unary + keeps the planner from walking the whole
	 * plan by its id when the unit's index finds its hundred rows. */
	if (f->plan)
		buf_puts(sql, f->unit ? " AND +p.id = :plan" : " AND p.id = :plan");
	/* A plan named, or one duty, is shown archived or not. */
	else if (current_plans_only(store, f))
		buf_puts(sql, " AND p.archived_on IS NULL");
	if (f->unit) {
		bool plain, group;
		if (f->plan && f->unit_kind != UNIT_KIND_UNKNOWN) {
			plain = f->unit_kind == UNIT_KIND_PLAIN;
			group = !plain;
		} else if (unit_kinds(store, f->unit, &plain, &group, err) < 0) {
			return -1;
		}
		/* A group's duties are done by its members: reach them
		 * through the members' assignments. */
		if (plain && group)
			buf_puts(sql, " AND (u.id = :unit OR (o.id = :unit AND o.is_group))");
		else if (group)
			buf_puts(sql, " AND a.unit_key IN (SELECT um.member_key FROM unit g"
				      " JOIN unit_member um ON um.group_key = g.key"
				      " WHERE g.id = :unit AND g.is_group)"
				      " AND o.id = :unit");
		/* In one plan a unit id is one unit: its key, not a list of
		 * them, which SQLite builds into a temporary table at each
		 * run (a report runs 3,000 such lists: 30,000 instructions
		 * each, callgrind). */
		else if (f->plan)
			buf_puts(sql, " AND a.unit_key = (SELECT u1.key FROM unit u1"
				      " JOIN plan p1 ON p1.key = u1.plan_key"
				      " WHERE u1.id = :unit AND p1.id = :plan)");
		else
			buf_puts(sql, " AND a.unit_key IN (SELECT key FROM unit"
				      " WHERE id = :unit)");
	}
	return 0;
}

/* Appends the filter's other conditions (append_scope()'s are the
 * plans and units); current_only: the rows are of current plans only. */
static void append_limits(const struct duty_filter *f, bool current_only, struct buf *sql)
{
	if (f->phase >= 0)
		buf_puts(sql, " AND d.phase = :phase");
	/* A withdrawn duty is no longer open work, nor done. */
	if (f->state >= 0)
		buf_puts(sql, " AND a.state = :state AND a.cancelled = 0");
	if (f->outcome >= 0)
		buf_puts(sql, " AND " SQL_OUTCOME " = :outcome");
	if (f->period_from != KH_DATE_NONE || f->period_to != KH_DATE_NONE)
		buf_puts(sql, SQL_IN_PERIOD);
	/* Of current plans, the overdue are one range of the index
	 * assignment_open_by_deadline, which SQL_OVERDUE_IF_OPEN reads, not
	 * every row tested (the interface's overdue list, list --overdue:
	 * 18% fewer instructions for 35,855 of 100,000, callgrind). */
	if (f->overdue)
		buf_puts(sql, current_only ? " AND " SQL_OVERDUE_IF_OPEN : " AND " SQL_OVERDUE);
	if (f->due_within >= 0)
		buf_puts(sql, " AND " SQL_DUE_WITHIN(":within"));
	/* The duties' folded texts alone are read, in a narrow table: the
	 * planner then starts from the duties found (see append_query). A
	 * few rows found otherwise (a unit's, one assignment's) look up
	 * their own text instead of reading the whole table. */
	if (f->search && !few_rows(f))
		buf_puts(sql, " AND d.key IN (SELECT duty_key FROM duty_search"
			      " WHERE kh_contains(folded, :search))");
	else if (f->search)
		buf_puts(sql, " AND kh_contains((SELECT folded FROM duty_search"
			      " WHERE duty_key = d.key), :search)");
	if (f->deadline_from != KH_DATE_NONE)
		buf_puts(sql, " AND a.deadline >= :deadline_from");
	if (f->deadline_to != KH_DATE_NONE)
		buf_puts(sql, " AND a.deadline <= :deadline_to");
	if (f->done_from != KH_DATE_NONE)
		buf_puts(sql, " AND " SQL_DONE " AND a.done_on >= :done_from");
	if (f->done_to != KH_DATE_NONE)
		buf_puts(sql, " AND " SQL_DONE " AND a.done_on <= :done_to");
	if (f->assignment)
		buf_puts(sql, " AND a.key = :assignment");
	if (f->only_assignment)
		buf_puts(sql, " AND a.key = :only_assignment");
	if (f->assignments) {
		/* Keys are integers: written out, as no text ever is. */
		buf_puts(sql, " AND a.key IN (");
		for (size_t i = 0; i < f->n_assignments; i++)
			buf_printf(sql, "%s%lld", i ? ", " : "", f->assignments[i]);
		buf_puts(sql, ")");
	}
	if (f->duty)
		buf_puts(sql, " AND d.key = :duty");
}

/* Appends the filter's conditions from fixed clauses: only the shape
 * varies, every value is a bound parameter. */
static int append_conditions(struct store *store, const struct duty_filter *f,
			     struct buf *sql, struct kh_error *err)
{
	if (append_scope(store, f, sql, err) < 0)
		return -1;
	append_limits(f, current_plans_only(store, f), sql);
	return 0;
}

/* The FROM and WHERE of filter's rows, after `SELECT <columns>`. */
static int append_unordered(struct store *store, const struct duty_filter *f,
			    struct buf *sql, struct kh_error *err)
{
	/* Walk the plan in order only for a list of it; a unit, one
	 * assignment, one duty or the duties a search finds are found
	 * faster from their own indexes, and then sorted. */
	bool by_plan = !few_rows(f) && !f->search && f->order == DUTY_ORDER_PLAN;
	buf_puts(sql, by_plan ? DUTY_FROM_BY_PLAN : DUTY_FROM);
	return append_conditions(store, f, sql, err);
}

/* The FROM, WHERE and ORDER BY of filter's rows. */
static int append_query(struct store *store, const struct duty_filter *f,
			struct buf *sql, struct kh_error *err)
{
	if (append_unordered(store, f, sql, err) < 0)
		return -1;
	if (f->order == DUTY_ORDER_LATEST_DEADLINE)
		buf_puts(sql, " ORDER BY a.deadline DESC, p.id, d.ord, a.slot");
	else if (f->order == DUTY_ORDER_EARLIEST_DEADLINE)
		buf_puts(sql, " ORDER BY a.deadline, p.id, d.ord, a.slot");
	else
		buf_puts(sql, " ORDER BY p.id, d.ord, a.slot");
	return 0;
}

/* The snapshot filter reads (NULL when it names none that exists). */
static struct snapshot_keys *filter_snapshot(struct store *store, const struct duty_filter *f)
{
	return f->snapshot >= 1 && f->snapshot <= STORE_SNAPSHOTS ?
	       &store->snapshots[f->snapshot - 1] : NULL;
}

/* The keys of the snapshot's page filter asks for (offset, limit): how
 * many, and *first the first. */
static size_t snapshot_page(struct store *store, const struct duty_filter *f,
			    const long long **first)
{
	const struct snapshot_keys *snap = filter_snapshot(store, f);
	size_t offset = f->offset > 0 ? (size_t)f->offset : 0;
	if (!snap || offset >= snap->n)
		return 0;
	size_t n = snap->n - offset;
	if (f->limit > 0 && (size_t)f->limit < n)
		n = (size_t)f->limit;
	*first = snap->keys + offset;
	return n;
}

static int build_list_query(struct store *store, const struct duty_filter *f,
			    struct buf *sql, struct kh_error *err)
{
	if (f->snapshot) {
		/* The page's keys as parameters ?1 … ?n, in order: the
		 * text depends on n alone, and stays prepared. */
		const long long *keys;
		size_t n = snapshot_page(store, f, &keys);
		buf_puts(sql, "WITH s(seq, assignment) AS (VALUES ");
		for (size_t i = 1; i <= n; i++)
			buf_printf(sql, "%s(%zu, ?%zu)", i > 1 ? ", " : "", i, i);
		buf_puts(sql, ") ");
		buf_puts(sql, "SELECT " DUTY_COLUMNS SNAPSHOT_FROM " ORDER BY s.seq");
		return 0;
	}
	buf_puts(sql, "SELECT " DUTY_COLUMNS);

	if (append_query(store, f, sql, err) < 0)
		return -1;
	if (f->limit > 0)
		buf_puts(sql, " LIMIT :limit OFFSET :offset");
	return 0;
}

static void bind_named_text(sqlite3_stmt *stmt, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(stmt, name);
	if (i)
		store_bind_text(stmt, i, v);
}

static void bind_named_int(sqlite3_stmt *stmt, const char *name, long long v)
{
	int i = sqlite3_bind_parameter_index(stmt, name);
	if (i)
		sqlite3_bind_int64(stmt, i, v);
}

/* The open assignments of current plans with a deadline by the end of
 * the due-soon span, of :unit when bound: the terms of the partial index
 * assignment_open_by_deadline, written out so that the planner uses it. */
/* Every unit: one range of the index of open deadlines (the condition
 * of each query bounds it). */
#define BRIEF_FROM_ALL " FROM assignment a WHERE 1"
/* One unit: its own rows, from the unit's index. */
#define BRIEF_OF_UNIT " AND a.unit_key IN (SELECT key FROM unit WHERE id = :unit)"
#define BRIEF_FROM_UNIT " FROM assignment a INDEXED BY assignment_by_unit" \
	" WHERE " SQL_OPEN_CURRENT BRIEF_OF_UNIT

/* The rows of retired plans (their file removed, or their plan renamed):
 * the sync retires a plan, not its rows, which the index of open
 * deadlines and the unit's index therefore still hold. A count takes
 * them off (found by a review: the walk counted them, the units' kept
 * counts did not). */
#define BRIEF_FROM_RETIRED " FROM plan p CROSS JOIN duty d CROSS JOIN assignment a" \
	" WHERE p.retired <> 0 AND d.plan_key = p.key AND a.duty_key = d.key"

static sqlite3_stmt *prepare_brief_from(struct store *store, const char *select,
					const char *from, const char *unit, const char *rest,
					kh_date today, struct kh_error *err)
{
	struct buf sql = { 0 };
	buf_printf(&sql, "%s%s%s", select, from, rest);
	sqlite3_stmt *stmt = store_prepare(store, buf_str(&sql), err);
	buf_free(&sql);
	if (!stmt)
		return NULL;
	bind_named_int(stmt, ":today", today);
	bind_named_int(stmt, ":soon", store_due_soon_days(store));
	if (unit)
		bind_named_text(stmt, ":unit", unit);
	return stmt;
}

static sqlite3_stmt *prepare_brief(struct store *store, const char *select,
				   const char *unit, const char *rest, kh_date today,
				   struct kh_error *err)
{
	return prepare_brief_from(store, select, unit ? BRIEF_FROM_UNIT : BRIEF_FROM_ALL, unit,
				  rest, today, err);
}

/* Steps stmt (NULL: its prepare failed, err said why) for its one row:
 * its first three columns in out (0 for those it does not have).
 * Returns 0, or -1 with err. */
static int step_sums(struct store *store, sqlite3_stmt *stmt, long long out[3],
		     struct kh_error *err)
{
	if (!stmt)
		return -1;
	int step = sqlite3_step(stmt);
	for (int i = 0; i < 3 && step == SQLITE_ROW; i++)
		out[i] = i < sqlite3_column_count(stmt) ? sqlite3_column_int64(stmt, i) : 0;
	sqlite3_finalize(stmt);
	return step == SQLITE_ROW ? 0 : store_fail(store, err, _("cannot count duties"));
}

/* How many rows of one kind: a walk of one range of the index, less
 * those of retired plans (none, mostly: a look at the plans). */
static int brief_count(struct store *store, const char *unit, kh_date today,
		       const char *condition, long *count, struct kh_error *err)
{
	char rest[512];
	long long all[3], retired[3];
	snprintf(rest, sizeof(rest), " AND %s", condition);
	if (step_sums(store, prepare_brief(store, "SELECT count(*)", unit, rest, today, err),
		      all, err) < 0 ||
	    step_sums(store, prepare_brief_from(store, "SELECT count(*)",
						unit ? BRIEF_FROM_RETIRED BRIEF_OF_UNIT
						     : BRIEF_FROM_RETIRED,
						unit, rest, today, err),
		      retired, err) < 0)
		return -1;
	*count = (long)(all[0] - retired[0]);
	return 0;
}

/* The keys of the first rows of one kind (the most late, the soonest
 * due), appended to keys (room for 2 × 64). */
static int brief_keys(struct store *store, const char *unit, kh_date today,
		      const char *condition, long limit, long long *keys, size_t *n,
		      struct kh_error *err)
{
	char rest[768];
	snprintf(rest, sizeof(rest), " AND %s ORDER BY " SQL_OPEN_DEADLINE " LIMIT %ld",
		 condition, limit);
	sqlite3_stmt *stmt = prepare_brief(store, "SELECT a.key", unit, rest, today, err);
	if (!stmt)
		return -1;
	int step;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW)
		keys[(*n)++] = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return step == SQLITE_DONE ? 0 : store_fail(store, err, _("cannot list duties"));
}

/* Hands each row of the one listing to the callback of its kind. */
struct brief_split {
	duty_row_fn on_overdue, on_soon;
	void *ctx;
};

static int brief_dispatch(void *ctx, const struct duty_row *row)
{
	const struct brief_split *split = ctx;
	return (row->overdue ? split->on_overdue : split->on_soon)(split->ctx, row);
}

/* The office's counts from the units' kept counts (unit_counts, as
 * `units` and the interface keep them for a day), where counting every
 * open deadline walks them all (36,000 overdue and 20,000 due soon in the
 * benchmark's plan: 150 pages read; 11.4 ms against 8.0 for `kehoach
 * brief`). The sums are the counts: every assignment a current plan has
 * not retired is a row of one plain unit of it (a group's duties are its
 * members' rows), frozen_on is set only by archiving, and for those rows
 * a unit's overdue and due soon (SQL_OVERDUE, SQL_DUE_SOON) are
 * SQL_OVERDUE_IF_OPEN and SQL_DUE_SOON_IF_OPEN. brief never writes: what
 * is kept was kept by another command. */
#define OFFICE_UNITS \
	" FROM unit u JOIN plan p ON p.key = u.plan_key" \
	" LEFT JOIN unit_counts k ON k.unit_key = u.key" \
	"  AND k.day = :today AND k.soon_days = :soon" \
	" WHERE u.retired = 0 AND p.retired = 0 AND p.archived_on IS NULL" \
	" AND NOT u.is_group"
/* The kept counts' sums, and how many units have none. */
#define OFFICE_KEPT \
	"SELECT total(k.overdue), total(k.soon), count(*) - count(k.unit_key)" OFFICE_UNITS
/* The units without kept counts (as a mark leaves one until `units` keeps
 * it again), counted from ranges of their own index as `units` counts. */
#define OFFICE_NOT_KEPT \
	"SELECT total(" SQL_UNIT_RANGE(SQL_OPEN_STATE_IN " AND " SQL_OVERDUE_ON(":today")) ")," \
	" total(" SQL_UNIT_RANGE(SQL_OPEN_STATE_IN " AND " \
				  SQL_DUE_WITHIN_ON(":today", ":soon")) ")" \
	OFFICE_UNITS " AND k.unit_key IS NULL"
/* Whether any counts are kept for today: not at the day's first brief,
 * before `units` or the interface kept them; the walk then follows at
 * once (a look at the units' kept counts first cost it 1.7 ms). */
#define OFFICE_ANY_KEPT \
	"SELECT EXISTS (SELECT 1 FROM unit_counts WHERE day = :today AND soon_days = :soon)"
/* More units than this without kept counts, and the walk costs less
 * (a unit's ranges: 14 us; the walk: 4.4 ms). */
#define OFFICE_NOT_KEPT_MAX 64

/* Runs one of the queries above, with :today and :soon bound, into out
 * (step_sums()). */
static int office_sums(struct store *store, const char *sql, kh_date today,
		       long long out[3], struct kh_error *err)
{
	return step_sums(store, prepare_brief_from(store, sql, "", NULL, "", today, err), out,
			 err);
}

/* Fills counts for the office from the kept counts: 1; 0 when too few
 * units have them (counts untouched); -1 on failure. */
static int office_counts(struct store *store, kh_date today, struct store_brief *counts,
			 struct kh_error *err)
{
	long long any[3], kept[3], rest[3] = { 0 };
	if (office_sums(store, OFFICE_ANY_KEPT, today, any, err) < 0)
		return -1;
	if (!any[0])
		return 0;
	if (office_sums(store, OFFICE_KEPT, today, kept, err) < 0)
		return -1;
	if (kept[2] > OFFICE_NOT_KEPT_MAX)
		return 0;
	if (kept[2] > 0 && office_sums(store, OFFICE_NOT_KEPT, today, rest, err) < 0)
		return -1;
	counts->overdue = (long)(kept[0] + rest[0]);
	counts->due_soon = (long)(kept[1] + rest[1]);
	return 1;
}

int store_brief(struct store *store, const char *unit, kh_date today, long limit,
		struct store_brief *counts, duty_row_fn on_overdue, duty_row_fn on_soon,
		void *ctx, struct kh_error *err)
{
	int from_kept = unit ? 0 : office_counts(store, today, counts, err);
	if (from_kept < 0)
		return -1;
	if (!from_kept &&
	    (brief_count(store, unit, today, SQL_OVERDUE_IF_OPEN, &counts->overdue, err) < 0 ||
	     brief_count(store, unit, today, SQL_DUE_SOON_IF_OPEN, &counts->due_soon, err) < 0))
		return -1;
	limit = limit < 0 ? 0 : limit > 64 ? 64 : limit;
	long long keys[128];
	size_t n = 0;
	if (limit && counts->overdue &&
	    brief_keys(store, unit, today, SQL_OVERDUE_IF_OPEN, limit, keys, &n, err) < 0)
		return -1;
	if (limit && counts->due_soon &&
	    brief_keys(store, unit, today, SQL_DUE_SOON_IF_OPEN, limit, keys, &n, err) < 0)
		return -1;
	if (!n)
		return 0;
	/* Both kinds in one listing: its query is the costly part to make. */
	struct duty_filter filter;
	store_filter_init(&filter, today);
	filter.assignments = keys;
	filter.n_assignments = n;
	filter.order = DUTY_ORDER_EARLIEST_DEADLINE;
	struct brief_split split = { on_overdue, on_soon, ctx };
	return store_list(store, &filter, brief_dispatch, &split, err);
}


/* Binds the filter's values; *needle (freed by the caller) keeps the
 * folded search text alive while the statement runs. */
static void bind_filter(sqlite3_stmt *stmt, const struct duty_filter *filter,
			char **needle)
{
	bind_named_text(stmt, ":plan", filter->plan);
	bind_named_text(stmt, ":unit", filter->unit);
	bind_named_int(stmt, ":phase", filter->phase);
	bind_named_int(stmt, ":state", filter->state);
	bind_named_int(stmt, ":today", filter->today);
	bind_named_int(stmt, ":within", filter->due_within);
	if (filter->search) {
		*needle = text_fold(filter->search);
		/* One that would reach across the separator finds nothing,
		 * as in the id or the text alone (it cannot be typed). */
		bind_named_text(stmt, ":search",
				strchr(*needle, STORE_SEARCH_SEPARATOR) ? NULL : *needle);
	}
	bind_named_int(stmt, ":deadline_from", filter->deadline_from);
	bind_named_int(stmt, ":deadline_to", filter->deadline_to);
	bind_named_int(stmt, ":done_from", filter->done_from);
	bind_named_int(stmt, ":done_to", filter->done_to);
	bind_named_int(stmt, ":outcome", filter->outcome);
	/* An open side of a period reaches past every date. */
	bind_named_int(stmt, ":period_from",
		       filter->period_from != KH_DATE_NONE ? filter->period_from : INT32_MIN);
	bind_named_int(stmt, ":period_to",
		       filter->period_to != KH_DATE_NONE ? filter->period_to : INT32_MAX);
	bind_named_int(stmt, ":assignment", filter->assignment);
	bind_named_int(stmt, ":only_assignment", filter->only_assignment);
	bind_named_int(stmt, ":duty", filter->duty);
	bind_named_int(stmt, ":limit", filter->limit);
	bind_named_int(stmt, ":offset", filter->offset);
	bind_named_int(stmt, ":snapshot", filter->snapshot);
}

/* Binds filter's values to stmt (NULL: nothing), and returns it. */
static sqlite3_stmt *bind_filtered(struct store *store, sqlite3_stmt *stmt,
				   const struct duty_filter *filter, char **needle)
{
	if (stmt) {
		bind_filter(stmt, filter, needle);
		bind_named_int(stmt, ":soon", store->due_soon_days);
	}
	return stmt;
}

/* Prepares sql and binds filter's values to it. *needle holds the folded
 * search text the statement refers to: free it after finalizing. */
static sqlite3_stmt *prepare_filtered(struct store *store, const struct buf *sql,
				      const struct duty_filter *filter,
				      char **needle, struct kh_error *err)
{
	return bind_filtered(store, store_prepare(store, buf_str(sql), err), filter, needle);
}

/* prepare_filtered(), kept prepared (store_prepare_kept): lists and counts
 * the interface asks at every key. Give it back with store_release(). */
static sqlite3_stmt *prepare_filtered_kept(struct store *store, const struct buf *sql,
					   const struct duty_filter *filter,
					   char **needle, struct kh_error *err)
{
	return bind_filtered(store, store_prepare_kept(store, buf_str(sql), err), filter,
			     needle);
}

int store_list(struct store *store, const struct duty_filter *filter,
	       duty_row_fn on_row, void *ctx, struct kh_error *err)
{
	struct buf sql = { 0 };
	char *needle = NULL;
	sqlite3_stmt *stmt = NULL;
	int rc = -1;
	const long long *keys = NULL;
	size_t n_keys = filter->snapshot ? snapshot_page(store, filter, &keys) : 0;
	if (filter->snapshot && !n_keys) {
		rc = 0;   /* past the snapshot's end: no rows */
		goto out;
	}
	if (build_list_query(store, filter, &sql, err) < 0)
		goto out;
	stmt = prepare_filtered_kept(store, &sql, filter, &needle, err);
	if (!stmt)
		goto out;
	for (size_t i = 0; i < n_keys; i++)
		sqlite3_bind_int64(stmt, (int)i + 1, keys[i]);

	int step;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct duty_row row;
		read_duty_row(stmt, &row);
		int stop = on_row(ctx, &row);
		if (stop) {
			rc = stop;
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		store_fail(store, err, _("cannot list duties"));
		goto out;
	}
	rc = 0;
out:
	store_release(store, stmt);
	x_free(needle);
	buf_free(&sql);
	return rc;
}

int store_count(struct store *store, const struct duty_filter *filter,
		long *count, struct kh_error *err)
{
	struct buf sql = { 0 };
	char *needle = NULL;
	sqlite3_stmt *stmt = NULL;
	int rc = -1;
	if (filter->snapshot) {
		/* A snapshot keeps its count. */
		const struct snapshot_keys *snap = filter_snapshot(store, filter);
		*count = snap ? (long)snap->n : 0;
		return 0;
	}
	buf_puts(&sql, "SELECT count(*)" DUTY_FROM);
	if (append_conditions(store, filter, &sql, err) < 0)
		goto out;
	stmt = prepare_filtered_kept(store, &sql, filter, &needle, err);
	if (!stmt)
		goto out;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		store_fail(store, err, _("cannot count duties"));
		goto out;
	}
	*count = (long)sqlite3_column_int64(stmt, 0);
	rc = 0;
out:
	store_release(store, stmt);
	x_free(needle);
	buf_free(&sql);
	return rc;
}

/* Whether filter (phase -1) finds assignment key now: 1 yes, 0 no, -1
 * the query failed. */
static int filter_finds(struct store *store, const struct duty_filter *filter,
			long long key)
{
	struct duty_filter f = *filter;
	f.only_assignment = key;
	struct buf sql = { 0 };
	char *needle = NULL;
	sqlite3_stmt *stmt = NULL;
	int rc = -1;
	struct kh_error ignored;
	buf_puts(&sql, "SELECT 1");
	if (append_query(store, &f, &sql, &ignored) == 0)
		stmt = prepare_filtered_kept(store, &sql, &f, &needle, &ignored);
	if (stmt) {
		int step = sqlite3_step(stmt);
		rc = step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : -1;
	}
	store_release(store, stmt);
	x_free(needle);
	buf_free(&sql);
	return rc;
}

/* Drops key from snap's rows, if there. */
static void snapshot_drop(struct snapshot_keys *snap, long long key)
{
	for (size_t i = 0; i < snap->n_all; i++) {
		if (snap->all[i] != key)
			continue;
		memmove(snap->all + i, snap->all + i + 1,
			(snap->n_all - i - 1) * sizeof(*snap->all));
		memmove(snap->phases + i, snap->phases + i + 1,
			(snap->n_all - i - 1) * sizeof(*snap->phases));
		snap->n_all--;
		return;
	}
}

static bool snapshot_has(const struct snapshot_keys *snap, long long key)
{
	for (size_t i = 0; i < snap->n_all; i++)
		if (snap->all[i] == key)
			return true;
	return false;
}

/* Marks since a snapshot beyond this many: searched again whole, which
 * then costs less than asking after each. */
#define SNAPSHOT_MARKS_MAX 64

/* Whether snap, taken of query (the statement with its values), still
 * holds what filter finds, brought up to date if need be: nothing but
 * this connection's own marks has changed the database since (any other
 * change of its own, or another connection's commit, and it is taken
 * again), and each assignment marked since is still found, or no longer
 * found, as before; one no longer found is dropped. A mark never moves
 * an assignment within a list (store_note_mark), and one newly found
 * would have to be placed: the snapshot is then taken again. This is
 * what makes the overdue list open at once again after a mark, instead
 * of searching 100,000 assignments again. */
static bool snapshot_reuse(struct store *store, struct snapshot_keys *snap,
			   const char *query, const struct duty_filter *filter)
{
	long long version;
	if (!snap->query || !query || strcmp(snap->query, query) != 0 ||
	    store_data_version(store, &version, NULL) < 0 ||
	    version != snap->data_version ||
	    sqlite3_total_changes64(store->db) - snap->changes !=
	    store->marks_changes - snap->marks_changes ||
	    store->n_marked - snap->marked > SNAPSHOT_MARKS_MAX)
		return false;
	for (size_t m = snap->marked; m < store->n_marked; m++) {
		long long key = store->marked[m];
		bool again = false;
		for (size_t e = snap->marked; e < m && !again; e++)
			again = store->marked[e] == key;
		if (again)
			continue;
		int finds = filter_finds(store, filter, key);
		if (finds < 0 || (finds && !snapshot_has(snap, key)))
			return false;
		if (!finds)
			snapshot_drop(snap, key);
	}
	snap->marked = store->n_marked;
	snap->changes = sqlite3_total_changes64(store->db);
	snap->marks_changes = store->marks_changes;
	return true;
}

/* Notes what snap was just taken of (query: the statement with its
 * values, NULL: not to be reused), and when: version is the data_version
 * read before the query ran, so that a commit of another connection
 * while it ran makes it taken again next time. */
static void snapshot_stamp(struct store *store, struct snapshot_keys *snap,
			   const char *query, long long version)
{
	x_free(snap->query);
	snap->query = query ? x_strdup(query) : NULL;
	snap->data_version = version;
	snap->marked = store->n_marked;
	snap->changes = sqlite3_total_changes64(store->db);
	snap->marks_changes = store->marks_changes;
}

int store_snapshot(struct store *store, const struct duty_filter *filter,
		   int slot, long *count, struct kh_error *err)
{
	struct buf sql = { 0 };
	char *needle = NULL;
	char *query = NULL;
	sqlite3_stmt *stmt = NULL;
	int rc = -1;
	struct duty_filter f = *filter;
	f.snapshot = 0;
	f.limit = 0;
	if (slot < 1 || slot > STORE_SNAPSHOTS) {
		kh_error_set(err, NULL, 0, 0, _("no snapshot slot %d"), slot);
		goto out;
	}
	/* The keys alone, kept in memory in order: a page is then read by
	 * its keys (store_list), and no temporary table is written. Every
	 * phase's, so that another phase is the same list filtered again
	 * (store_snapshot_phase), not searched again. */
	struct snapshot_keys *snap = &store->snapshots[slot - 1];
	f.phase = -1;
	buf_puts(&sql, "SELECT a.key, d.phase");
	if (append_query(store, &f, &sql, err) < 0)
		goto out;
	stmt = prepare_filtered_kept(store, &sql, &f, &needle, err);
	if (!stmt)
		goto out;
	/* The statement is given back while the snapshot is checked: the
	 * check prepares statements of its own, and one kept but not
	 * running may give way to them. */
	query = sqlite3_expanded_sql(stmt);
	store_release(store, stmt);
	stmt = NULL;
	if (snapshot_reuse(store, snap, query, &f)) {
		store_snapshot_phase(store, slot, filter->phase, count);
		rc = 0;
		goto out;
	}
	x_free(needle);
	needle = NULL;
	long long version = 0;
	if (store_data_version(store, &version, NULL) < 0) {
		sqlite3_free(query);
		query = NULL;   /* not to be reused */
	}
	stmt = prepare_filtered_kept(store, &sql, &f, &needle, err);
	if (!stmt)
		goto out;
	snap->n = snap->n_all = 0;
	int step;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		X_GROW(snap->all, snap->cap_all, snap->n_all + 1);
		X_GROW(snap->phases, snap->cap_phases, snap->n_all + 1);
		snap->all[snap->n_all] = sqlite3_column_int64(stmt, 0);
		snap->phases[snap->n_all++] = (signed char)sqlite3_column_int(stmt, 1);
	}
	if (step != SQLITE_DONE) {
		snap->n_all = 0;
		store_fail(store, err, _("cannot list duties"));
		store_release(store, stmt);
		stmt = NULL;
		snapshot_stamp(store, snap, NULL, 0);
		goto out;
	}
	store_release(store, stmt);
	stmt = NULL;
	snapshot_stamp(store, snap, query, version);
	store_snapshot_phase(store, slot, filter->phase, count);
	rc = 0;
out:
	sqlite3_free(query);
	store_release(store, stmt);
	x_free(needle);
	buf_free(&sql);
	return rc;
}

void store_snapshot_phase(struct store *store, int slot, int phase, long *count)
{
	*count = 0;
	if (slot < 1 || slot > STORE_SNAPSHOTS)
		return;
	struct snapshot_keys *snap = &store->snapshots[slot - 1];
	snap->n = 0;
	X_GROW(snap->keys, snap->cap, snap->n_all + 1);
	for (size_t i = 0; i < snap->n_all; i++)
		if (phase < 0 || snap->phases[i] == phase)
			snap->keys[snap->n++] = snap->all[i];
	*count = (long)snap->n;
}

int store_data_version(struct store *store, long long *version,
		       struct kh_error *err)
{
	sqlite3_stmt *stmt = store_prepare_kept(store, "PRAGMA data_version", err);
	if (!stmt)
		return -1;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int64(stmt, 0);
	store_release(store, stmt);
	return rc == SQLITE_ROW ? 0 : store_fail(store, err, _("cannot read the data version"));
}

int store_duty_list(struct store *store, long long duty, enum duty_list_kind kind,
		    text_item_fn on_item, void *ctx, struct kh_error *err)
{
	sqlite3_stmt *stmt = store_prepare_kept(store, kind == DUTY_REFS
		? "SELECT j.value FROM duty, json_each(duty.refs) j WHERE duty.key = ?"
		: "SELECT j.value FROM duty, json_each(duty.with_units) j WHERE duty.key = ?",
		err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, duty);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		on_item(ctx, store_column_text(stmt, 0));
	store_release(store, stmt);
	return rc == SQLITE_DONE ? 0 : store_fail(store, err, _("cannot read a duty"));
}

/* Hands each row of stmt — plan, unit, name, head, is_group, members, the
 * five counts, archived — to on_row, and finalizes stmt. */
static int unit_rows(struct store *store, sqlite3_stmt *stmt, unit_row_fn on_row,
		     void *ctx, struct kh_error *err)
{
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct unit_row row = {
			.plan_id = store_column_text(stmt, 0),
			.unit_id = store_column_text(stmt, 1),
			.name = store_column_text(stmt, 2),
			.head = store_column_text(stmt, 3),
			.is_group = sqlite3_column_int(stmt, 4) != 0,
			.members = store_column_text(stmt, 5),
			.total = sqlite3_column_int(stmt, 6),
			.done = sqlite3_column_int(stmt, 7),
			.doing = sqlite3_column_int(stmt, 8),
			.overdue = sqlite3_column_int(stmt, 9),
			.due_soon = sqlite3_column_int(stmt, 10),
			.archived = sqlite3_column_int(stmt, 11) != 0,
		};
		int stop = on_row(ctx, &row);
		if (stop) {
			sqlite3_finalize(stmt);
			return stop;
		}
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail(store, err, _("cannot count units"));
}

/* A count of query_units: a group's counted or kept (GROUPS_COUNTED
 * leaves out those kept); a plain unit's of a current plan kept or from
 * its index ranges; else from the counted rows. */
#define RANGED_OR_COUNTED(range, name) \
	"CASE WHEN u.is_group THEN coalesce(c." name ", k." name ", 0)" \
	" WHEN c.unit_key IS NULL AND p.archived_on IS NULL" \
	" THEN coalesce(k." name ", " range ") ELSE coalesce(c." name ", 0) END"
#define UNIT_COUNTS SQL_COUNTS_BY_RANGE(RANGED_OR_COUNTED)
#define RANGE_AS(range, name) range " AS " name

/* The plain units of current plans (as u, in plan p). */
#define COUNTED_BY_RANGE \
	" FROM unit u JOIN plan p ON p.key = u.plan_key" \
	" WHERE u.retired = 0 AND p.retired = 0 AND p.archived_on IS NULL" \
	" AND NOT u.is_group"
#define KEPT_NOT_OF(unit) \
	"NOT EXISTS (SELECT 1 FROM unit_counts k WHERE k.unit_key = " unit ".key" \
	" AND k.day = :today AND k.soon_days = :soon)"
#define KEPT_NOT KEPT_NOT_OF("u")
#define NOT_KEPT " AND " KEPT_NOT

/* The counts of the groups (as g) not kept as of :today, by group: its
 * duties' assignments, which are its members' (the rows of g's members
 * whose duty g owns). A group with none has no row. */
#define GROUPS_COUNTED(where) \
	"SELECT g.key AS unit_key, " SQL_COUNTS \
	" FROM unit g CROSS JOIN unit_member um CROSS JOIN assignment a" \
	" CROSS JOIN duty d" \
	" WHERE g.is_group AND g.retired = 0 AND um.group_key = g.key" \
	" AND a.unit_key = um.member_key AND a.retired = 0" \
	" AND d.key = a.duty_key AND d.owner_key = g.key" \
	" AND " KEPT_NOT_OF("g") where \
	" GROUP BY g.key"

/* Runs sql with :today and :soon bound: its first column's number when
 * it gives a row, 0 when it gives none, -1 when it fails. */
static int run_with_day(struct store *store, const char *sql, kh_date today)
{
	struct kh_error ignored;
	sqlite3_stmt *stmt = store_prepare_kept(store, sql, &ignored);
	if (!stmt)
		return -1;
	bind_named_int(stmt, ":today", today);
	bind_named_int(stmt, ":soon", store->due_soon_days);
	int rc = sqlite3_step(stmt);
	int missing = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
	store_release(store, stmt);
	return rc == SQLITE_ROW ? missing : rc == SQLITE_DONE ? 0 : -1;
}

/* Counts the plain units of current plans whose counts as of today are
 * not kept yet, when there are many, and keeps them (unit_counts), in a
 * change of its own:
 * the next look reads a row a unit. Best effort: a database this user
 * may only read, another writer holding it, or a change of the caller's
 * under way, and the counts are made as the query reads them. */
void store_keep_counts(struct store *store, bool keep)
{
	store->keep_counts_off = !keep;
}

/* Fewer units than this without kept counts (unless that is all of
 * them) are counted as they are read: a mark leaves one unit to count
 * again, and the change that would keep it (a commit, flushed to disk)
 * costs more than counting it. */
#define KEEP_COUNTS_MIN 16

/* Whether at least KEEP_COUNTS_MIN plain units of current plans (or all
 * of them) have no counts kept for today: 1, 0, or -1. The kept rows
 * counted, not looked for unit by unit (13% of `kehoach units` with
 * nothing changed, callgrind): rows are kept only for such units, and a
 * unit's are dropped when it stops being one (its assignments retired
 * or frozen, which the trigger sees). Were one left over, fewer would
 * seem missing, and the units would be counted as they are read. */
#define UNITS_UNKEPT \
	"SELECT coalesce(units - kept >= min(units, " STORE_SQL_STR(KEEP_COUNTS_MIN) ")" \
	"  AND units > 0, 0)" \
	" FROM (SELECT count(*) AS units" COUNTED_BY_RANGE ")," \
	"  (SELECT count(*) AS kept FROM unit_counts" \
	"   WHERE day = :today AND soon_days = :soon)"

static void keep_unit_counts(struct store *store, kh_date today)
{
	if (store->keep_counts_off || sqlite3_db_readonly(store->db, "main") != 0 ||
	    !sqlite3_get_autocommit(store->db) ||
	    run_with_day(store, UNITS_UNKEPT, today) <= 0)
		return;
	struct kh_error ignored;
	sqlite3_int64 since = sqlite3_total_changes64(store->db);
	/* A writer at work: do not wait for it, only to keep counts. */
	sqlite3_busy_timeout(store->db, 0);
	int begun = store_begin(store, &ignored);
	sqlite3_busy_timeout(store->db, STORE_BUSY_TIMEOUT_MS);
	if (begun < 0)
		return;
	if (run_with_day(store, "DELETE FROM unit_counts"
			 " WHERE day <> :today OR soon_days <> :soon", today) < 0 ||
	    run_with_day(store, "INSERT INTO unit_counts(unit_key, day, soon_days,"
			 " total, done, doing, overdue, soon)"
			 " SELECT u.key, :today, :soon, " SQL_COUNTS_BY_RANGE(RANGE_AS)
			 COUNTED_BY_RANGE NOT_KEPT, today) < 0 ||
	    run_with_day(store, "INSERT INTO unit_counts(unit_key, day, soon_days,"
			 " total, done, doing, overdue, soon)"
			 " SELECT unit_key, :today, :soon, total, done, doing, overdue, soon"
			 " FROM (" GROUPS_COUNTED(" AND g.plan_key IN (SELECT key FROM plan"
						 " WHERE retired = 0 AND archived_on IS NULL)") ")",
			 today) < 0 ||
	    store_commit(store, &ignored) < 0)
		store_rollback(store);
	else
		store_note_mark(store, since, NULL, 0);   /* no list reads them */
}

/* query_units' one unit, of the plan when one is given. */
#define ONE_UNIT \
	" IN (SELECT u1.key FROM unit u1 JOIN plan p1 ON p1.key = u1.plan_key" \
	" WHERE u1.id = :unit AND (:plan IS NULL OR p1.id = :plan))"

/* The units of one plan (or all), or one unit, with their counts. With a
 * unit, every part of the query starts from that unit's key, so that the
 * interface can refresh one unit after a mark in well under a millisecond
 * where all of a 100,000-duty plan's units take some 20 ms. */
static int query_units(struct store *store, const char *plan, const char *unit,
		       kh_date today, unit_row_fn on_row, void *ctx,
		       struct kh_error *err)
{
	if (!unit)
		keep_unit_counts(store, today);
	struct buf sql = { 0 };
	/* A plain unit of a current plan counts its assignments from ranges
	 * of the assignment_by_unit index (SQL_COUNTS_BY_RANGE). One of an
	 * archived plan, reckoned as of its archive day, tests each of its
	 * rows in that index; a group whose counts are not kept counts the
	 * assignments of the duties it owns, starting from the (few)
	 * groups. */
	buf_puts(&sql,
		"WITH counted AS ("
		"  SELECT a.unit_key AS unit_key, " SQL_COUNTS
		"  FROM assignment a WHERE a.retired = 0 AND a.unit_key IN"
		/* From the (few) archived plans to their units, not from
		 * every unit to its plan. */
		"   (SELECT u2.key FROM plan p2 CROSS JOIN unit u2 ON u2.plan_key = p2.key"
		"    WHERE p2.archived_on IS NOT NULL)");
	if (unit)
		buf_puts(&sql, " AND a.unit_key" ONE_UNIT);
	buf_puts(&sql, "  GROUP BY a.unit_key UNION ALL ");
	if (unit)
		buf_puts(&sql, GROUPS_COUNTED(" AND g.key" ONE_UNIT));
	else
		buf_puts(&sql, GROUPS_COUNTED(""));
	buf_putc(&sql, ')');
	buf_puts(&sql,
		" SELECT p.id, u.id, u.name, u.head, u.is_group,"
		/* Asked of groups alone: the subquery opens a sorter each
		 * time, which for the bench's 1,000 plain units was 8% of
		 * `kehoach units` (callgrind). */
		"  CASE WHEN u.is_group THEN"
		"  (SELECT group_concat(id, ', ') FROM (SELECT m.id FROM unit_member um"
		"    JOIN unit m ON m.key = um.member_key WHERE um.group_key = u.key"
		"    ORDER BY um.ord)) END,"
		" " UNIT_COUNTS ", p.archived_on IS NOT NULL"
		" FROM unit u JOIN plan p ON p.key = u.plan_key"
		" LEFT JOIN counted c ON c.unit_key = u.key"
		" LEFT JOIN unit_counts k ON k.unit_key = u.key AND k.day = :today"
		"  AND k.soon_days = :soon"
		" WHERE u.retired = 0 AND p.retired = 0 AND (:plan IS NULL OR p.id = :plan)"
		" AND (p.archived_on IS NULL OR :plan IS NOT NULL OR :with_archived)");
	if (unit)
		buf_puts(&sql, " AND u.id = :unit");
	buf_puts(&sql, " ORDER BY p.id, u.ord");
	sqlite3_stmt *stmt = store_prepare(store, buf_str(&sql), err);
	buf_free(&sql);
	if (!stmt)
		return -1;
	bind_named_text(stmt, ":plan", plan);
	bind_named_int(stmt, ":today", today);
	bind_named_int(stmt, ":soon", store->due_soon_days);
	bind_named_text(stmt, ":unit", unit);
	bind_named_int(stmt, ":with_archived", store->with_archived);
	return unit_rows(store, stmt, on_row, ctx, err);
}

/* The counts of a stats row, from column `first` on (SQL_OUTCOME_COUNTS). */
static void read_outcome_counts(sqlite3_stmt *stmt, int first, struct outcome_counts *c)
{
	c->total = sqlite3_column_int64(stmt, first);
	c->done_on_time = sqlite3_column_int64(stmt, first + 1);
	c->done_late = sqlite3_column_int64(stmt, first + 2);
	c->in_time = sqlite3_column_int64(stmt, first + 3);
	c->overdue = sqlite3_column_int64(stmt, first + 4);
	c->cancelled = sqlite3_column_int64(stmt, first + 5);
	c->max_days_late = sqlite3_column_int(stmt, first + 6);
}

/* The ranking of stats: most overdue first, then by rate of completion
 * (units with nothing due yet, which have none, after those that do),
 * then in plan order. On columns named as SQL_OUTCOME_COUNTS names
 * them. */
#define STATS_ORDER \
	" ORDER BY overdue DESC, coalesce(1.0 * (on_time + late)" \
	" / nullif(on_time + late + overdue, 0), 2), p.id, u.ord"

/* Whether a summary can count from the assignment table alone (its
 * assignment_by_unit index covers every column the outcomes read), as
 * the units view does: about twice as fast over 100,000 assignments.
 * A group's --unit, or a filter on the duties themselves, needs the
 * duties joined. */
static int stats_by_unit_index(struct store *store, const struct duty_filter *f,
			       bool *fast, struct kh_error *err)
{
	bool plain = true, group = false;
	if (f->unit && unit_kinds(store, f->unit, &plain, &group, err) < 0)
		return -1;
	*fast = !group && f->phase < 0 && f->state < 0 && !f->overdue &&
		f->due_within < 0 && !f->search && !f->assignment && !f->assignments && !f->duty &&
		f->deadline_from == KH_DATE_NONE && f->deadline_to == KH_DATE_NONE &&
		f->done_from == KH_DATE_NONE && f->done_to == KH_DATE_NONE &&
		f->outcome < 0;
	return 0;
}

static int build_stats_query(struct store *store, const struct duty_filter *f,
			     struct buf *sql, struct kh_error *err)
{
	bool fast;
	if (stats_by_unit_index(store, f, &fast, err) < 0)
		return -1;
	bool period = f->period_from != KH_DATE_NONE || f->period_to != KH_DATE_NONE;
	if (!fast) {
		buf_puts(sql, "SELECT p.id, u.id, u.name, " SQL_OUTCOME_COUNTS DUTY_FROM);
		if (append_conditions(store, f, sql, err) < 0)
			return -1;
		buf_puts(sql, " GROUP BY a.unit_key" STATS_ORDER);
		return 0;
	}
	buf_puts(sql, "WITH counted AS (SELECT a.unit_key AS unit_key, "
		      SQL_OUTCOME_COUNTS
		      " FROM assignment a WHERE a.retired = 0");
	if (period)
		buf_puts(sql, SQL_IN_PERIOD);
	buf_puts(sql, " GROUP BY a.unit_key)"
		      " SELECT p.id, u.id, u.name, c.total, c.on_time AS on_time,"
		      " c.late AS late, c.in_time, c.overdue AS overdue, c.cancelled,"
		      " c.days_late FROM counted c"
		      " JOIN unit u ON u.key = c.unit_key JOIN plan p ON p.key = u.plan_key"
		      " WHERE u.retired = 0 AND p.retired = 0");
	if (f->plan)
		buf_puts(sql, " AND p.id = :plan");
	else if (!store->with_archived)
		buf_puts(sql, " AND p.archived_on IS NULL");
	if (f->unit)
		buf_puts(sql, " AND u.id = :unit");
	buf_puts(sql, STATS_ORDER);
	return 0;
}

int store_stats(struct store *store, const struct duty_filter *filter,
		stats_row_fn on_row, void *ctx, struct outcome_counts *total,
		struct kh_error *err)
{
	struct buf sql = { 0 };
	char *needle = NULL;
	sqlite3_stmt *stmt = NULL;
	int rc = -1;
	if (total)
		memset(total, 0, sizeof(*total));
	if (build_stats_query(store, filter, &sql, err) < 0)
		goto out;
	stmt = prepare_filtered(store, &sql, filter, &needle, err);
	if (!stmt)
		goto out;
	int step;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct stats_row row = {
			.plan_id = store_column_text(stmt, 0),
			.unit_id = store_column_text(stmt, 1),
			.name = store_column_text(stmt, 2),
		};
		read_outcome_counts(stmt, 3, &row.counts);
		outcome_rates(&row.counts, &row.rates);
		if (total)
			outcome_counts_add(total, &row.counts);
		int stop = on_row(ctx, &row);
		if (stop) {
			rc = stop;
			goto out;
		}
	}
	rc = step == SQLITE_DONE ? 0 : store_fail(store, err, _("cannot count duties"));
out:
	sqlite3_finalize(stmt);
	buf_free(&sql);
	x_free(needle);
	return rc;
}

int store_units(struct store *store, const char *plan, kh_date today,
		unit_row_fn on_row, void *ctx, struct kh_error *err)
{
	return query_units(store, plan, NULL, today, on_row, ctx, err);
}

int store_unit(struct store *store, const char *plan, const char *unit,
	       kh_date today, unit_row_fn on_row, void *ctx, struct kh_error *err)
{
	return query_units(store, plan, unit, today, on_row, ctx, err);
}

int store_unit_names(struct store *store, const char *plan, unit_row_fn on_row,
		     void *ctx, struct kh_error *err)
{
	sqlite3_stmt *stmt = store_prepare(store,
		"SELECT p.id, u.id, u.name, u.head, u.is_group, NULL, 0, 0, 0, 0, 0,"
		" p.archived_on IS NOT NULL"
		" FROM unit u JOIN plan p ON p.key = u.plan_key"
		" WHERE u.retired = 0 AND p.retired = 0 AND p.id = ?"
		" ORDER BY u.ord", err);
	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, plan);
	return unit_rows(store, stmt, on_row, ctx, err);
}

static int query_plans(struct store *store, const char *plan,
		       plan_row_fn on_row, void *ctx, struct kh_error *err)
{
	sqlite3_stmt *stmt = store_prepare(store,
		"SELECT id, title, number, issuer, path, coalesce(tet, 0),"
		" parent, place, issued, period_from, period_to, archived_on,"
		" archive_note FROM plan"
		" WHERE retired = 0 AND (?1 IS NULL OR id = ?1)"
		" ORDER BY id", err);
	if (!stmt)
		return -1;
	if (plan)
		sqlite3_bind_text(stmt, 1, plan, -1, SQLITE_STATIC);
	int rc, found = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct plan_row row = {
			.plan_id = store_column_text(stmt, 0),
			.title = store_column_text(stmt, 1),
			.number = store_column_text(stmt, 2),
			.issuer = store_column_text(stmt, 3),
			.path = store_column_text(stmt, 4),
			.tet = sqlite3_column_int(stmt, 5),
			.parent = store_column_text(stmt, 6),
			.place = store_column_text(stmt, 7),
			.issued = store_column_date(stmt, 8),
			.from = store_column_date(stmt, 9),
			.to = store_column_date(stmt, 10),
			.archived_on = store_column_date(stmt, 11),
			.archive_note = store_column_text(stmt, 12),
		};
		found = 1;
		int stop = on_row(ctx, &row);
		if (stop) {
			sqlite3_finalize(stmt);
			return stop;
		}
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, _("cannot list plans"));
	return plan && !found ? 1 : 0;
}

int store_plans(struct store *store, plan_row_fn on_row, void *ctx,
		struct kh_error *err)
{
	return query_plans(store, NULL, on_row, ctx, err);
}

int store_plan(struct store *store, const char *plan, plan_row_fn on_row,
	       void *ctx, struct kh_error *err)
{
	return query_plans(store, plan, on_row, ctx, err);
}

/* ---- naming units and duties -------------------------------------------- */

void store_append_unit_label(struct store *store, long long plan_key,
			     const char *id, struct buf *out)
{
	/* The plan's own unit first: ids are unique within a plan only. */
	sqlite3_stmt *stmt = store_prepare(store,
		"SELECT u.name FROM unit u JOIN plan p ON p.key = u.plan_key"
		" WHERE u.id = ?1 AND u.retired = 0 AND p.retired = 0"
		" ORDER BY u.plan_key = ?2 DESC, p.id LIMIT 1", NULL);
	const char *name = NULL;
	if (stmt) {
		store_bind_text(stmt, 1, id);
		sqlite3_bind_int64(stmt, 2, plan_key);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			name = store_column_text(stmt, 0);
	}
	if (name && *name)
		buf_printf(out, "%s (%s)", id, name);
	else
		buf_puts(out, id);
	sqlite3_finalize(stmt);
}

/* ---- naming duties ------------------------------------------------------- */

struct duty_name {
	char *plan;   /* NULL if not given */
	char *id;
	char *unit;   /* NULL if not given */
};

static void split_name(const char *name, struct duty_name *out)
{
	const char *slash = strchr(name, '/');
	const char *id = slash ? slash + 1 : name;
	const char *at = strchr(id, '@');
	out->plan = slash ? x_strndup(name, (size_t)(slash - name)) : NULL;
	out->id = at ? x_strndup(id, (size_t)(at - id)) : x_strdup(id);
	out->unit = at ? x_strdup(at + 1) : NULL;
}

static void free_name(struct duty_name *n)
{
	x_free(n->plan);
	x_free(n->id);
	x_free(n->unit);
}

/* The assignment named: the duty's only one, or that of the unit n names.
 * Lists what may be written instead in names ("kt-1@vp (Văn phòng), …")
 * and the duty's units in units ("vp (Văn phòng), …"). Returns how many
 * match, or -1 with err. */
static int find_assignment(struct store *store, const struct duty_name *n,
			   struct duty_ref *out, struct buf *names,
			   struct buf *units, struct kh_error *err)
{
	sqlite3_stmt *stmt = store_prepare(store,
		"SELECT a.key, u.id, u.name FROM assignment a"
		" JOIN unit u ON u.key = a.unit_key"
		" WHERE a.duty_key = ?1 AND a.retired = 0 ORDER BY u.ord", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, out->duty);
	int found = 0, step;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *unit = store_column_text(stmt, 1);
		const char *unit_name = store_column_text(stmt, 2);
		buf_printf(names, "%s%s%s%s@%s (%s)", names->len ? ", " : "",
			   n->plan ? n->plan : "", n->plan ? "/" : "", n->id, unit,
			   unit_name);
		buf_printf(units, "%s%s (%s)", units->len ? ", " : "", unit, unit_name);
		if (n->unit && strcmp(n->unit, unit))
			continue;
		if (found++ == 0)
			out->assignment = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_finalize(stmt);
	if (step != SQLITE_DONE)
		return store_fail(store, err, _("cannot look up a duty"));
	return found;
}

/* The names of a duty of plan that work as typed, for a message that
 * asks to choose: PLAN/ID, or for a group's duty PLAN/ID@UNIT for each of
 * its units (or the unit n names). */
static void append_typed_names(struct store *store, long long duty, const char *plan,
			       const struct duty_name *n, bool group, struct buf *out)
{
	if (!group || n->unit) {
		buf_printf(out, "%s%s/%s%s%s", out->len ? ", " : "", plan, n->id,
			   n->unit ? "@" : "", n->unit ? n->unit : "");
		return;
	}
	sqlite3_stmt *stmt = store_prepare(store,
		"SELECT u.id FROM assignment a JOIN unit u ON u.key = a.unit_key"
		" WHERE a.duty_key = ? AND a.retired = 0 ORDER BY u.ord", NULL);
	if (!stmt)
		return;
	sqlite3_bind_int64(stmt, 1, duty);
	while (sqlite3_step(stmt) == SQLITE_ROW)
		buf_printf(out, "%s%s/%s@%s", out->len ? ", " : "", plan, n->id,
			   store_column_text(stmt, 0));
	sqlite3_finalize(stmt);
}

int store_resolve(struct store *store, const char *name, unsigned flags,
		  struct duty_ref *out, struct kh_error *err)
{
	struct duty_name n;
	split_name(name, &n);
	sqlite3_stmt *duties = NULL;
	struct buf plans = { 0 }, names = { 0 }, units = { 0 };
	int rc = -1;
	memset(out, 0, sizeof(*out));

	duties = store_prepare(store,
		"SELECT d.key, p.id, o.is_group, p.key, p.archived_on IS NOT NULL"
		" FROM plan p CROSS JOIN duty d"
		" JOIN unit o ON o.key = d.owner_key"
		" WHERE d.plan_key = p.key AND d.id = ?1 AND d.retired = 0"
		" AND p.retired = 0"
		" AND (?2 IS NULL OR p.id = ?2)"
		" ORDER BY p.archived_on IS NOT NULL, p.id", err);
	if (!duties)
		goto out;
	store_bind_text(duties, 1, n.id);
	store_bind_text(duties, 2, n.plan);
	int found = 0, step;
	bool is_group = false;
	long long plan_key = 0;
	bool current = false;
	while ((step = sqlite3_step(duties)) == SQLITE_ROW) {
		/* A bare id means the current plans' duty: archived plans'
		 * come after them, and only count when no current one has it. */
		bool archived = sqlite3_column_int(duties, 4) != 0;
		if (archived && current)
			continue;
		current |= !archived;
		if (found++ == 0) {
			out->duty = sqlite3_column_int64(duties, 0);
			is_group = sqlite3_column_int(duties, 2) != 0;
			plan_key = sqlite3_column_int64(duties, 3);
		}
		append_typed_names(store, sqlite3_column_int64(duties, 0),
				   store_column_text(duties, 1), &n,
				   sqlite3_column_int(duties, 2) != 0, &plans);
	}
	if (step != SQLITE_DONE) {
		store_fail(store, err, _("cannot look up a duty"));
		goto out;
	}
	if (found == 0) {
		if (n.plan)
			kh_error_set(err, NULL, 0, 0, _("no duty named '%s'"), name);
		else
			kh_error_set(err, NULL, 0, 0,
				     _("no duty named '%s' (see 'kehoach list')"), name);
		goto out;
	}
	if (found > 1) {
		kh_error_set(err, NULL, 0, 0,
			     _("'%s' names duties in several plans; say which: %s"),
			     name, buf_str(&plans));
		goto out;
	}

	found = find_assignment(store, &n, out, &names, &units, err);
	if (found < 0)
		goto out;
	if (n.unit && found == 0) {
		struct buf unit = { 0 };
		store_append_unit_label(store, plan_key, n.unit, &unit);
		kh_error_set(err, NULL, 0, 0,
			     _("duty '%s' is not assigned to unit %s; it is assigned to %s"),
			     n.id, buf_str(&unit), buf_str(&units));
		buf_free(&unit);
		goto out;
	}
	if (!n.unit && is_group) {
		out->assignment = 0;
		if (!(flags & RESOLVE_ALLOW_GROUP)) {
			kh_error_set(err, NULL, 0, 0,
				     ngettext("'%s' is a group duty for %d unit; name it so: %s",
					      "'%s' is a group duty for %d units; name one of"
					      " them: %s", found),
				     name, found, buf_str(&names));
			goto out;
		}
	}
	rc = 0;
out:
	sqlite3_finalize(duties);
	buf_free(&plans);
	buf_free(&names);
	buf_free(&units);
	free_name(&n);
	return rc;
}

/* ---- reports ----------------------------------------------------------- */

/* A report's columns: those of a list, but a document names duties in a
 * form of its own (report_build.c), so the per-row subquery of
 * ambiguous_id is left out (0), and so are the columns no document
 * shows (the assignment's key, the owner's id, the duty's due and
 * start as written, when it was marked, due soon, archived, has_with):
 * constants, each read and evaluated for 100,000 rows was 5% of a
 * month's report (callgrind), and read_report_row() does not read
 * them. After them (enum report_row_column) the ids of the units a duty
 * is done with, joined by REPORT_WITH_SEPARATOR, so that a row needs no
 * query of its own for them (some 20,000 in a month's report).
 *
 * Those ids are taken from the text of the duty's JSON array as it is
 * stored: ids are made of a-z, 0-9 and '-' (plan_id_valid(), which the
 * plan's loader holds every `with` id to), so nothing in the array is
 * escaped and it reads ["id","id",…] exactly (unit_refs_json()). Less
 * its brackets and outer quotes, with each "," the separator, it is the
 * ids joined. json_each() and group_concat(), a subquery a row, were 6%
 * of a month's report (callgrind); store_duty_list() still reads the
 * array with json_each(), for the ids one by one. */
#define REPORT_COLUMNS REPORT_COLUMNS_OF("p.id", "o.is_group")
#define REPORT_COLUMNS_OF(plan_id, group_duty) \
	DUTY_COLUMNS_OF(plan_id, group_duty, "0", "NULL", "0", "NULL", "NULL", "0", "0", \
			"0", "0") "," \
	" CASE WHEN d.with_units <> '[]' THEN replace(substr(d.with_units, 3," \
	" length(d.with_units) - 4), '\",\"', char(31)) END"

/* A report's rows of a plain unit of one plan (bound as :unit and
 * :plan), without the joins of the plan and of the duty's owner: their
 * seeks and columns were 4% of a month's report (callgrind). The
 * unit's key stands for the plan: a unit is of one plan, and so is
 * every duty assigned to it. Of the unit's current rows a duty is a
 * group's exactly when the unit is not its owner: store_sync.c assigns
 * a plain unit's duty to the unit itself, and a group's to each of its
 * members, never to the group. */
#define PLAIN_UNIT_REPORT_COLUMNS REPORT_COLUMNS_OF(":plan", "d.owner_key <> a.unit_key")
#define PLAIN_UNIT_REPORT_FROM \
	" FROM assignment a JOIN duty d ON d.key = a.duty_key" \
	" JOIN unit u ON u.key = a.unit_key" \
	" WHERE a.retired = 0 AND d.retired = 0" \
	" AND a.unit_key = (SELECT u1.key FROM unit u1" \
	" JOIN plan p1 ON p1.key = u1.plan_key" \
	" WHERE u1.id = :unit AND p1.id = :plan AND p1.retired = 0)"

/* REPORT_COLUMNS's further columns, and the two a unit's held rows are
 * put in order by. */
enum report_row_column {
	COL_WITH_IDS = DUTY_COLUMN_COUNT, COL_ORD, COL_SLOT
};

_Static_assert(REPORT_WITH_SEPARATOR == 31, "REPORT_COLUMNS joins the ids with char(31)");

/* Hands each row of stmt to on_row: 0, what on_row stopped with, or -1
 * with err. */
static int report_rows(struct store *store, sqlite3_stmt *stmt, report_row_fn on_row,
		       void *ctx, struct kh_error *err)
{
	int step, stop = 0;
	while (!stop && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct duty_row row;
		read_report_row(stmt, &row);
		stop = on_row(ctx, &row, store_column_text(stmt, COL_WITH_IDS));
	}
	if (stop)
		return stop;
	return step == SQLITE_DONE ? 0 : store_fail(store, err, _("cannot list duties"));
}

/* A unit's report row held to be put in order in C, its strings copied
 * into the held rows' arena. */
struct held_row {
	struct duty_row row;
	const char *with_ids;
	long long ord, slot;
};

/* The rows of one list held at most: a unit's hundred rows take some
 * 60 KiB. A list longer than this is sorted by SQLite instead. */
#define REPORT_HELD_MAX (256 * 1024)

struct held_rows {
	struct held_row **rows;
	size_t n, cap;
	size_t bytes;            /* what the rows and their strings take */
	struct arena arena;      /* the rows and their strings */
};

/* s copied into held's arena (NULL stays NULL). */
static const char *hold_string(struct held_rows *held, const char *s)
{
	if (!s)
		return NULL;
	size_t len = strlen(s);
	held->bytes += len + 1;
	return arena_strndup(&held->arena, s, len);
}

/* s held, as the row before held it (last) when it is the same: a
 * unit's rows name the same plan and unit. */
static const char *hold_repeated(struct held_rows *held, const char *s, const char *last)
{
	return s && last && strcmp(s, last) == 0 ? last : hold_string(held, s);
}

/* Keeps a copy of the row stmt is on. Returns false once the rows held
 * pass REPORT_HELD_MAX. */
static bool hold_row(struct held_rows *held, sqlite3_stmt *stmt)
{
	struct held_row *h = arena_alloc(&held->arena, sizeof(*h));
	held->bytes += sizeof(*h);
	struct duty_row *r = &h->row;
	read_report_row(stmt, r);
	const struct duty_row *last = held->n ? &held->rows[held->n - 1]->row : NULL;
	r->plan_id = hold_repeated(held, r->plan_id, last ? last->plan_id : NULL);
	r->unit_id = hold_repeated(held, r->unit_id, last ? last->unit_id : NULL);
	r->unit_name = hold_repeated(held, r->unit_name, last ? last->unit_name : NULL);
	const char **strings[] = {
		&r->duty_id, &r->owner_id, &r->text, &r->target, &r->note, &r->changed_by,
		&r->extend_reason, &r->cancel_reason,
	};
	for (size_t i = 0; i < KH_ARRAY_LEN(strings); i++)
		*strings[i] = hold_string(held, *strings[i]);
	h->with_ids = hold_string(held, store_column_text(stmt, COL_WITH_IDS));
	h->ord = sqlite3_column_int64(stmt, COL_ORD);
	h->slot = sqlite3_column_int64(stmt, COL_SLOT);
	X_GROW(held->rows, held->cap, held->n + 1);
	held->rows[held->n++] = h;
	return held->bytes <= REPORT_HELD_MAX;
}

static void held_free(struct held_rows *held)
{
	x_free(held->rows);
	arena_free(&held->arena);
}

/* qsort: ORDER BY p.id, d.ord, a.slot, which SQLite's BINARY collation
 * compares as memcmp does. */
static int held_order(const void *a, const void *b)
{
	const struct held_row *x = *(struct held_row *const *)a;
	const struct held_row *y = *(struct held_row *const *)b;
	/* One string when the same plan (hold_repeated()). */
	int c = x->row.plan_id == y->row.plan_id ? 0 : strcmp(x->row.plan_id, y->row.plan_id);
	if (c)
		return c;
	if (x->ord != y->ord)
		return x->ord < y->ord ? -1 : 1;
	return (x->slot > y->slot) - (x->slot < y->slot);
}

/* Reads a unit's rows unsorted, then hands them to on_row in the
 * order's place: SQLite's sorter, and the second pass over the sorted
 * keys that store_report_list() otherwise makes, cost more than reading
 * the rows (callgrind, a month's report of 100,000 assignments: 28% of
 * the rows' instructions). Returns what report_rows() does; *too_many
 * when the rows are more than it holds (then nothing is handed over). */
static int held_report_rows(struct store *store, const struct duty_filter *filter,
			    report_row_fn on_row, void *ctx, bool *too_many,
			    struct kh_error *err)
{
	struct buf sql = { 0 };
	char *needle = NULL;
	struct held_rows held = { 0 };
	int rc = -1;
	if (filter->plan && filter->unit_kind == UNIT_KIND_PLAIN) {
		buf_puts(&sql, "SELECT " PLAIN_UNIT_REPORT_COLUMNS ", d.ord, a.slot"
			 PLAIN_UNIT_REPORT_FROM);
		append_limits(filter, false, &sql);
	} else {
		buf_puts(&sql, "SELECT " REPORT_COLUMNS ", d.ord, a.slot");
		if (append_unordered(store, filter, &sql, err) < 0)
			goto out;
	}
	sqlite3_stmt *stmt = prepare_filtered_kept(store, &sql, filter, &needle, err);
	if (!stmt)
		goto out;
	int step;
	bool fits = true;
	while (fits && (step = sqlite3_step(stmt)) == SQLITE_ROW)
		fits = hold_row(&held, stmt);
	if (fits && step != SQLITE_DONE)
		store_fail(store, err, _("cannot list duties"));
	store_release(store, stmt);
	if (!fits) {
		*too_many = true;
		rc = 0;
		goto out;
	}
	if (step != SQLITE_DONE)
		goto out;
	if (held.n > 1)     /* qsort() of no array is undefined */
		qsort(held.rows, held.n, sizeof(*held.rows), held_order);
	rc = 0;
	for (size_t i = 0; i < held.n && rc == 0; i++)
		rc = on_row(ctx, &held.rows[i]->row, held.rows[i]->with_ids);
out:
	held_free(&held);
	x_free(needle);
	buf_free(&sql);
	return rc;
}

int store_report_list(struct store *store, const struct duty_filter *filter,
		      report_row_fn on_row, void *ctx, struct kh_error *err)
{
	/* A unit's rows are a few: held and sorted here. */
	if (filter->unit && filter->order == DUTY_ORDER_PLAN && !filter->limit) {
		bool too_many = false;
		int rc = held_report_rows(store, filter, on_row, ctx, &too_many, err);
		if (!too_many)
			return rc;
	}
	struct buf sql = { 0 };
	char *needle = NULL;
	sqlite3_stmt *stmt = NULL;
	int rc = -1;
	/* The rows are sorted by their keys alone, then read in that order:
	 * SQLite's sorter holds every column of the rows it sorts, the
	 * duty's text among them. The LIMIT keeps the subquery whole and
	 * its ORDER BY (SQLite drops an unlimited subquery's ORDER BY when
	 * the query joins it); CROSS JOIN keeps it the outer loop, so the
	 * rows come out in its order. */
	buf_puts(&sql, "WITH s(assignment) AS (SELECT a.key");
	if (append_query(store, filter, &sql, err) == 0) {
		buf_puts(&sql, " LIMIT -1) SELECT " REPORT_COLUMNS SNAPSHOT_FROM);
		stmt = prepare_filtered_kept(store, &sql, filter, &needle, err);
		if (stmt)
			rc = report_rows(store, stmt, on_row, ctx, err);
	}
	store_release(store, stmt);
	x_free(needle);
	buf_free(&sql);
	return rc;
}
