/* store: the SQLite database — schema and migrations, sync of plan files,
 * marks with their history, and the one query layer every front end reads.
 *
 * All SQL lives in this module, as prepared statements with bound
 * parameters. Every write is one short BEGIN IMMEDIATE transaction that
 * never waits for a key; a history row is written in the same transaction
 * as the change it records. */
#ifndef KEHOACH_STORE_H
#define KEHOACH_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "kehoach/date.h"
#include "kehoach/error.h"
#include "kehoach/people.h"
#include "kehoach/plan.h"

/* "KHPL": marks a kehoach database for file(1) and for us. */
#define STORE_APPLICATION_ID 0x4B48504C
#define STORE_SCHEMA_VERSION 11

enum duty_state {
	DUTY_TODO = 0,
	DUTY_DOING = 1,
	DUTY_DONE = 2,
};

/* "todo", "doing", "done": the names users type, in every language. */
const char *duty_state_name(enum duty_state state);
/* The state in words, translated: "not done", "in progress", "done". */
const char *duty_state_label(enum duty_state state);
/* Returns 0 and sets *out for a state name, else -1. */
int duty_state_parse(const char *s, enum duty_state *out);
/* Returns 0 and sets *out for a progress as users type it, a whole number
 * from 0 to 100 ("60"), else -1. */
int duty_progress_parse(const char *s, int *out);

/* What became of an assignment, as of a day (Báo cáo 1270/BC-TCTTTg):
 * done by its deadline, done after it, not done and not yet due, not
 * done and past it; or withdrawn, which counts in none of the four. The
 * deadline is the effective one, after extensions. Decided in SQL by the
 * query layer (store_sql.h) and read as a column: never computed in C. */
enum duty_outcome {
	OUTCOME_DONE_ON_TIME = 0,
	OUTCOME_DONE_LATE = 1,
	OUTCOME_IN_TIME = 2,
	OUTCOME_OVERDUE = 3,
	OUTCOME_CANCELLED = 4,
	OUTCOME_COUNT
};

/* "done_on_time", "done_late", "in_time", "overdue", "cancelled": the
 * names scripts read and users type, in every language. */
const char *duty_outcome_name(enum duty_outcome outcome);
/* In words, translated: "done on time" … */
const char *duty_outcome_label(enum duty_outcome outcome);
int duty_outcome_parse(const char *s, enum duty_outcome *out);

/* Assignments counted by outcome (withdrawn ones not in total). */
struct outcome_counts {
	long total;
	long done_on_time, done_late, in_time, overdue, cancelled;
	int max_days_late;
};

/* The rates the Government Office reports, over what has come due
 * (done on time + done late + overdue); not defined when nothing has. */
struct outcome_rates {
	bool defined;
	double done;       /* (on time + late) ÷ due */
	double on_time;    /* on time ÷ due */
	double overdue;    /* overdue ÷ due */
};

/* The one place the rates are computed. */
void outcome_rates(const struct outcome_counts *counts, struct outcome_rates *out);
/* Adds counts to total (max_days_late: the larger). */
void outcome_counts_add(struct outcome_counts *total, const struct outcome_counts *counts);

struct store;

/* Opens (creating if needed) the database at path and brings its schema up
 * to date. The folder must exist. Returns 0 and a store the caller closes
 * with store_close(), or -1 and err. A database written by a newer kehoach,
 * or with a schema version below 0, is refused untouched, and so is one
 * whose write-ahead log was removed while it was open (store_wal_intact). Once open, every write is refused
 * when the log is removed or replaced under the store. */
int store_open(const char *path, struct store **out, struct kh_error *err);
void store_close(struct store *store);

/* Opens the database at path to read it as it is, never writing: no
 * creation, no migration, no change of journal, a short wait for a
 * writer. For a look that must never change anything nor keep anyone
 * waiting (kehoach brief, at login). Returns 0, or -1 with err. */
int store_open_readonly(const char *path, struct store **out, struct kh_error *err);

/* Whether the database at path may be opened without losing changes:
 * returns -1 with err saying what to do when its -wal file was removed
 * while a program still has the database open (the -shm file it uses is
 * there, the -wal is not). Opening it then would make a new -wal that the
 * program already open does not see, and hide the problem from the next
 * one. Returns 0 otherwise, also when there is no database yet. Touches
 * nothing. */
int store_wal_intact(const char *path, struct kh_error *err);

/* ---- health -------------------------------------------------------------- */

/* The database's vital signs, for `kehoach doctor`. */
struct store_health {
	long long size_bytes;        /* the database file */
	long long wal_bytes;         /* its write-ahead log; 0 when there is none */
	int schema_version;
	long long page_size, page_count, free_pages;
	long long plans, assignments, changes;
	long long last_change_at;    /* unix time of the latest change; 0: none */
	char last_change_by[64];     /* who made it; "" when none */
};

int store_health(struct store *store, struct store_health *out, struct kh_error *err);

/* The duties whose text as a search reads it (the search table, kept
 * beside the duties) is missing or not what it should be: none, unless
 * the database was edited by hand. Sets *count. */
int store_search_out_of_step(struct store *store, long *count, struct kh_error *err);
/* Writes those again; sets *rebuilt to how many. */
int store_search_rebuild(struct store *store, long *rebuilt, struct kh_error *err);

/* SQLite's integrity check, full (every index against its table: slow on
 * a big database) or quick. Returns 0 when the database is sound, 1 with
 * the problems found (one per line) appended to problems, -1 with err. */
int store_check(struct store *store, bool full, struct buf *problems,
		struct kh_error *err);

/* The quick check of store_check(), beside the work: on a read-only
 * connection of its own, in a thread, so that the interface shows its
 * first screen at once and waits for the check only before it writes.
 * Returns the run (store_check_stop() frees it), or NULL with err. */
struct store_check_run;
struct store_check_run *store_check_start(struct store *store, struct kh_error *err);
/* The check's outcome, as store_check() returns it (problems appended,
 * err filled), waiting for its end when wait; without wait, 2 while it
 * still runs. */
int store_check_result(struct store_check_run *run, bool wait, struct buf *problems,
		       struct kh_error *err);
/* Stops the check if it still runs, and frees run (NULL: nothing). */
void store_check_stop(struct store_check_run *run);

/* ---- sync ---------------------------------------------------------------- */

enum sync_outcome {
	SYNC_UNCHANGED,   /* size and mtime (or content) as last time */
	SYNC_LOADED,      /* parsed and written to the database */
	SYNC_FAILED,      /* rejected: event->error says why; old data kept */
	SYNC_REMOVED,     /* no longer in the plans folder: its plan retired */
	SYNC_DUTY_DROPPED, /* a duty with marks, notes or history left the plan
			    * (kept, no longer shown): duty_id, and
			    * successor_id when a new duty of the same unit
			    * may be it renamed (`was:`) */
};

struct sync_event {
	const char *path;
	enum sync_outcome outcome;
	const char *plan_id;            /* NULL when unknown */
	const struct kh_error *error;   /* for SYNC_FAILED */
	const char *duty_id;            /* for SYNC_DUTY_DROPPED */
	const char *successor_id;       /* for SYNC_DUTY_DROPPED; NULL if none */
	/* For SYNC_LOADED: the units parsed, of the plan's (0 of 0: the
	 * whole file was; see "passing over" in store_sync.c). */
	size_t units_read, units_total;
};

typedef void (*sync_event_fn)(void *ctx, const struct sync_event *event);

/* Makes the database mirror the plan files in paths (absolute or relative
 * regular files): unchanged files are not read at all, files whose content
 * is unchanged are not parsed (but for those that failed: their error is
 * given again, in the language of this run), each changed file is written
 * in its own transaction, and the plans of files no longer listed are
 * retired with their history. A file that fails to load is reported through on_event
 * (also again on later syncs until it changes) and everything already
 * stored for it stays as it was. Returns the number of files that failed,
 * or -1 with err when the database itself failed. */
int store_sync(struct store *store, const char *const *paths, size_t n_paths,
	       sync_event_fn on_event, void *ctx, struct kh_error *err);

/* ---- queries ------------------------------------------------------------- */

/* Archived plans are left out of every list, count and summary unless
 * their plan is named (filter.plan, a duty's own name) or this is set
 * (the commands' --archived, the interface's key). */
void store_include_archived(struct store *store, bool include);

/* How many calendar days ahead of the day outcomes are reckoned on a
 * deadline is "due soon" (0: due today only). The caller counts them
 * from its calendar of working days (workdays.h: the days up to the
 * configured number of working days ahead); until it says, the store
 * counts STORE_DUE_SOON_DAYS. */
#define STORE_DUE_SOON_DAYS 3
void store_set_due_soon(struct store *store, int days);

enum duty_order {
	DUTY_ORDER_PLAN,              /* by plan, in the plan's own order */
	DUTY_ORDER_LATEST_DEADLINE,   /* latest deadline first */
	DUTY_ORDER_EARLIEST_DEADLINE, /* earliest deadline first: the most late */
};

/* What to list. A zeroed filter (after store_filter_init) lists every
 * active assignment. */
/* What a filter's unit is in its plan, when the caller knows. */
enum unit_kind {
	UNIT_KIND_UNKNOWN,       /* looked up at each query */
	UNIT_KIND_PLAIN,
	UNIT_KIND_GROUP,
};

struct duty_filter {
	const char *plan;        /* plan id */
	const char *unit;        /* unit id: its own duties, or a group's */
	/* With plan and unit, what the unit is in that plan, if the caller
	 * knows (a report, from the plan's units): a month's report asks
	 * it before each of its 3,000 lists (1.5% of it, callgrind). */
	enum unit_kind unit_kind;
	int phase;               /* -1 any, else enum phase */
	int state;               /* -1 any, else enum duty_state */
	bool overdue;
	int due_within;          /* -1 none, else deadline within N days of today */
	const char *search;      /* case- and diacritic-insensitive */
	long long assignment;    /* 0 any, else just this assignment */
	/* 0 any, else just this assignment if the rest of the filter finds
	 * it (archived or not as the filter says, unlike assignment) */
	long long only_assignment;
	const long long *assignments; /* NULL any, else just these (n_assignments) */
	size_t n_assignments;
	long long duty;          /* 0 any, else this duty's assignments */
	kh_date deadline_from;   /* deadline on or after; KH_DATE_NONE: any */
	kh_date deadline_to;     /* deadline on or before; KH_DATE_NONE: any */
	kh_date done_from;       /* done on or after this day; KH_DATE_NONE: any */
	kh_date done_to;         /* done on or before this day; KH_DATE_NONE: any */
	int outcome;             /* -1 any, else enum duty_outcome */
	/* A period reported on (stats --from/--to): the assignments whose
	 * deadline falls in it, those done in it, and those overdue at its
	 * start. Both KH_DATE_NONE: no period; one: open on that side. */
	kh_date period_from, period_to;
	kh_date today;
	enum duty_order order;
	int snapshot;            /* 0, or read this snapshot (store_snapshot) */
	long limit;              /* 0: no limit */
	long offset;
};

void store_filter_init(struct duty_filter *filter, kh_date today);

/* How many days ahead a deadline counts as due soon, as the lists'
 * due_soon reckons it; for a filter's due_within that means the same. */
int store_due_soon_days(const struct store *store);

/* One assignment (a duty for one unit) as every front end sees it. The
 * strings are valid only during the callback. */
struct duty_row {
	long long assignment;
	long long duty;
	const char *plan_id;
	const char *duty_id;
	const char *unit_id;       /* the unit that does it */
	const char *unit_name;
	const char *owner_id;      /* the unit or group the plan gave it to */
	bool group_duty;           /* owner is a group: name it ID@UNIT */
	bool ambiguous_id;         /* duty id used in more than one plan */
	const char *text;
	const char *target;        /* NULL if none */
	enum phase phase;
	kh_date due;               /* as written; KH_DATE_NONE if absent */
	kh_date start;
	kh_date deadline;          /* effective; KH_DATE_NONE: ongoing */
	kh_date plan_deadline;     /* the plan's, before any extension */
	bool extended;             /* deadline moved by `kehoach extend` */
	const char *extend_reason; /* NULL if none */
	bool cancelled;            /* withdrawn by `kehoach cancel` */
	const char *cancel_reason; /* NULL if none */
	int progress;              /* 0-100, or -1 when none was given */
	enum duty_state state;
	bool overdue;
	bool due_soon;
	enum duty_outcome outcome; /* as of the filter's today */
	int days_late;             /* overdue: till today; done late: till done */
	const char *note;          /* NULL if none */
	const char *changed_by;    /* who last changed the state; NULL if never */
	long long changed_at;      /* unix time; 0 if never */
	kh_date done_on;           /* KH_DATE_NONE unless done */
	bool archived;             /* its plan is archived */
	bool has_with;             /* the plan names units it does it with
				    * (store_duty_list DUTY_WITH lists them) */
};

/* The name a user types for this row: ID, ID@UNIT for a group's duty, and
 * PLAN/… when the id is used in several plans. */
void duty_row_name(const struct duty_row *row, char *out, size_t out_size);

/* The full name of an assignment, whatever the other plans hold: PLAN/ID,
 * or PLAN/ID@UNIT for a group's duty (group_unit; NULL for a unit's own). */
void duty_full_name(const char *plan_id, const char *duty_id,
		    const char *group_unit, char *out, size_t out_size);

/* The box a list shows for a state: "[x]" done, "[~]" in progress,
 * "[ ]" not done. */
const char *duty_state_box(enum duty_state state);

/* Return non-zero to stop the iteration (store_list then returns it). */
typedef int (*duty_row_fn)(void *ctx, const struct duty_row *row);

/* Calls on_row for each matching assignment, by plan and then as the plan
 * file lists its duties (a group's duty once per member). Returns 0, the
 * callback's non-zero value, or -1 with err. */
int store_list(struct store *store, const struct duty_filter *filter,
	       duty_row_fn on_row, void *ctx, struct kh_error *err);

/* How many assignments store_list would give (ignoring limit/offset). */
int store_count(struct store *store, const struct duty_filter *filter,
		long *count, struct kh_error *err);

/* The open duties of the current plans that are overdue, and due soon,
 * for unit (NULL: every unit), counted from the index of open deadlines
 * alone; and the first of each (the most late, the soonest due), at most
 * limit each, handed to on_row as the lists give them. */
struct store_brief {
	long overdue;
	long due_soon;
};
int store_brief(struct store *store, const char *unit, kh_date today, long limit,
		struct store_brief *counts, duty_row_fn on_overdue, duty_row_fn on_soon,
		void *ctx, struct kh_error *err);

/* Reads what follows, until store_read_end(), from one state of the
 * database: a document made of many queries (its figures, its lists)
 * then agrees with itself while others mark duties. Sets *began; false
 * when already inside a transaction, which then gives that state. */
int store_read_begin(struct store *store, bool *began, struct kh_error *err);
/* Ends what store_read_begin() began (began: what it said). */
void store_read_end(struct store *store, bool began);

/* A helper of store: a read-only connection of its own to the same
 * database, with the same view settings, for another thread to read
 * with (a report's units built on both cores). Returns 0, or -1 with
 * err. Closed with store_close(). */
int store_open_helper(struct store *store, struct store **out, struct kh_error *err);
/* store_read_begin() on store, and a read transaction on each of
 * helpers[0 … n) in the same state of the database. *shared says
 * whether they have it: false when store was already inside a
 * transaction or has a statement part way through its rows, or when
 * others kept committing while they began; the
 * helpers then read nothing (their transactions are ended). Returns 0,
 * or -1 with err. store_read_end() ends store's, and each helper's
 * (began: true), as store_close() does. */
int store_read_begin_shared(struct store *store, struct store **helpers, size_t n,
			    bool *began, bool *shared, struct kh_error *err);

#define STORE_SNAPSHOTS 4

/* Keeps the assignments filter matches, in order, as this connection's
 * snapshot number slot (1 … STORE_SNAPSHOTS), and sets *count. Later
 * store_list() and store_count() calls with filter.snapshot = slot read it
 * by position (offset, limit) instead of searching again: paging a search
 * or a whole plan of 100,000 duties then costs only the page. The rows
 * show their current state; the snapshot keeps its rows (and its count)
 * until the next store_snapshot() of that slot. */
int store_snapshot(struct store *store, const struct duty_filter *filter,
		   int slot, long *count, struct kh_error *err);
/* The snapshot in slot as if taken again with filter.phase = phase (-1:
 * every phase), from the rows it found (of every phase): no search again.
 * Sets *count. */
void store_snapshot_phase(struct store *store, int slot, int phase, long *count);

/* A number that changes whenever another connection (another unit head)
 * commits a change to the database: cheap to poll while idle. */
int store_data_version(struct store *store, long long *version,
		       struct kh_error *err);

/* The lists of one duty, for detail views. Returns the items through
 * on_item (valid during the call) in file order. */
enum duty_list_kind { DUTY_REFS, DUTY_WITH };
typedef void (*text_item_fn)(void *ctx, const char *item);
int store_duty_list(struct store *store, long long duty, enum duty_list_kind kind,
		    text_item_fn on_item, void *ctx, struct kh_error *err);

struct unit_row {
	const char *plan_id;
	const char *unit_id;
	const char *name;
	const char *head;        /* NULL if none */
	bool is_group;
	const char *members;     /* groups: member ids joined by ", " */
	int total;
	int done;
	int doing;
	int overdue;
	int due_soon;
	bool archived;           /* its plan is archived */
};

typedef int (*unit_row_fn)(void *ctx, const struct unit_row *row);

/* Every active unit (of one plan, or all when plan is NULL) with its counts
 * on day today; a group counts the assignments of its duties. */
/* Whether looking at the units' counts may keep them in the database
 * for the next look (yes unless said otherwise): an interface says no
 * until its check of the database has found it sound, for a damaged
 * database is not written to. */
void store_keep_counts(struct store *store, bool keep);

int store_units(struct store *store, const char *plan, kh_date today,
		unit_row_fn on_row, void *ctx, struct kh_error *err);

/* Every active unit of plan, in its order, without counting anything
 * (the counts and members of each row are 0 and NULL): for a document
 * that lists the units and counts what it lists itself. */
int store_unit_names(struct store *store, const char *plan, unit_row_fn on_row,
		     void *ctx, struct kh_error *err);

/* The same for one unit (of one plan, or of every plan with that id). */
int store_unit(struct store *store, const char *plan, const char *unit,
	       kh_date today, unit_row_fn on_row, void *ctx, struct kh_error *err);

/* The summary table (Biểu tổng hợp): one row per unit doing duties
 * (groups are not rows: their duties count for each member). */
struct stats_row {
	const char *plan_id;
	const char *unit_id;
	const char *name;
	struct outcome_counts counts;
	struct outcome_rates rates;
};

typedef int (*stats_row_fn)(void *ctx, const struct stats_row *row);

/* The units of the assignments filter keeps (its plan, unit, period …),
 * counted by outcome as of filter->today, most overdue first, then by
 * rate_done ascending (units with nothing due last), then in plan order.
 * *total (may be NULL) gets the sum of the rows. */
int store_stats(struct store *store, const struct duty_filter *filter,
		stats_row_fn on_row, void *ctx, struct outcome_counts *total,
		struct kh_error *err);

struct plan_row {
	const char *plan_id;
	const char *title;
	const char *number;      /* NULL if none */
	const char *issuer;
	const char *path;
	int tet;                 /* Gregorian year of the plan's Tết, or 0 */
	const char *parent;      /* NULL if none */
	const char *place;       /* NULL if none */
	kh_date issued;          /* KH_DATE_NONE if not given */
	kh_date from, to;        /* the plan's period */
	kh_date archived_on;     /* KH_DATE_NONE: current */
	const char *archive_note; /* NULL if none */
};
typedef int (*plan_row_fn)(void *ctx, const struct plan_row *row);
/* Every active plan (current and archived), by id. */
int store_plans(struct store *store, plan_row_fn on_row, void *ctx,
		struct kh_error *err);
/* The active plan with this id: returns 0 after on_row, 1 when there is
 * none, -1 with err. */
int store_plan(struct store *store, const char *plan, plan_row_fn on_row,
	       void *ctx, struct kh_error *err);

/* What a user's duty name ("ID", "ID@UNIT", "PLAN/ID", "PLAN/ID@UNIT")
 * stands for. */
struct duty_ref {
	long long duty;          /* always set */
	long long assignment;    /* 0 when the name is a group duty without @UNIT */
};

enum resolve_flags {
	RESOLVE_ALLOW_GROUP = 1 << 0,   /* a group duty without @UNIT is fine */
};

/* Resolves name among active duties. Fails with a message that says what
 * to write instead when the name is unknown, clashes across plans, or
 * names a group duty without its unit (unless RESOLVE_ALLOW_GROUP). */
int store_resolve(struct store *store, const char *name, unsigned flags,
		  struct duty_ref *out, struct kh_error *err);

/* ---- changes ------------------------------------------------------------- */

/* Who makes a change, recorded with it in the history. */
struct actor {
	uid_t uid;
	const char *user;     /* the OS user name of uid */
	const char *host;
	long pid;
	long long now;        /* unix time of the change */
	/* The units whose duties this actor may change, NULL-terminated ids;
	 * NULL: every unit. A change to another unit's duty is refused. */
	const char *const *may_mark;
	const char *rules_file;   /* where may_mark comes from, for messages */
	/* Names the others in messages (who changed a duty meanwhile);
	 * NULL: their logins. */
	const struct people *people;
};

/* Fills actor from the process: getuid() and its passwd entry (not $USER),
 * the host name, the pid and the clock; may_mark and people NULL. Strings point into
 * static storage. */
void store_actor_from_process(struct actor *actor);

/* The longest note, in bytes of its NFC form: 4 KB, which a letter with
 * accents fills 2 or 3 bytes at a time. It keeps what the interface
 * edits, shows and stores to a size it handles at once. */
#define STORE_NOTE_MAX 4096

struct mark {
	enum duty_state state;
	const char *note;      /* NULL keeps the note; "" clears it; at most
				* STORE_NOTE_MAX bytes once in NFC */
	kh_date done_on;       /* for DUTY_DONE: the day it was done */
	/* Compare-and-set: when check_seen, the change is made only if the
	 * duty's state and note are still those the user was shown. */
	bool check_seen;
	enum duty_state seen_state;
	const char *seen_note;   /* NULL: no note was shown */
};

/* What store_mark returns besides -1. */
enum mark_result {
	MARK_CHANGED = 0,
	MARK_UNCHANGED = 1,     /* it already was so */
	MARK_CONFLICT = 2,      /* changed since it was shown: err says by whom */
};

/* Sets an assignment's state (and note) and appends the history row, in
 * one transaction. Returns MARK_CHANGED; MARK_UNCHANGED when the state and
 * note it already has are asked for again; MARK_CONFLICT, with err naming
 * who changed it, when and to what, when check_seen finds the duty no
 * longer as it was shown (nothing is written); -1 with err, among others
 * for a note that is not UTF-8 or is longer than STORE_NOTE_MAX. */
int store_mark(struct store *store, long long assignment,
	       const struct mark *mark, const struct actor *actor,
	       struct kh_error *err);

/* Changes besides a mark, and marks of several duties at once. */
enum change_kind {
	CHANGE_MARK,      /* mark: a state, a note, a day it was done */
	CHANGE_PROGRESS,  /* being done, progress percent, and a note */
	CHANGE_EXTEND,    /* a new deadline, or back to the plan's */
	CHANGE_CANCEL,    /* withdrawn; a mark to todo brings it back */
};

struct change {
	enum change_kind kind;
	struct mark mark;        /* CHANGE_MARK */
	int progress;            /* CHANGE_PROGRESS: 0-100 */
	const char *note;        /* CHANGE_PROGRESS: as mark.note */
	kh_date extend_to;       /* CHANGE_EXTEND: KH_DATE_NONE goes back to the
				  * plan's deadline */
	const char *reason;      /* CHANGE_EXTEND to a date, CHANGE_CANCEL */
};

/* Applies change to each of the n assignments, in one transaction: all
 * of them or none. Extensions and withdrawals are the office's: refused
 * to an actor with may_mark. A withdrawn assignment takes no mark but
 * reopen (a mark to todo), no progress. Returns 0 when none was refused
 * (results[i]: MARK_CHANGED, or MARK_UNCHANGED when it already was so);
 * 1 when any was refused: nothing is written, results[i] is -1 and
 * refused[i] says why for each refused one; -1 with err when the change
 * itself is wrong (a note that is not UTF-8 …) or the database failed. */
int store_change(struct store *store, const long long *assignments, size_t n,
		 const struct change *change, const struct actor *actor,
		 int *results, struct kh_error *refused, struct kh_error *err);

/* Archives a plan as of day, with a note, or (day KH_DATE_NONE) makes it
 * current again, recorded in the plans' history. Its duties keep every
 * status; their outcomes are reckoned as of day from then on. The
 * office's: refused to an actor with may_mark. Returns 0, 1 when it
 * already was so, -1 with err (among others: no such plan). */
int store_archive(struct store *store, const char *plan, kh_date day,
		  const char *note, const struct actor *actor, struct kh_error *err);

/* What store_undo undid, for the message shown to the user. */
struct undo_result {
	char duty_name[160];     /* PLAN/ID@UNIT form, as short as is unique */
	enum duty_state from;
	enum duty_state to;
	/* Later changes passed over: to duties no longer in any plan. */
	int skipped;
	char skipped_name[160];  /* the latest of them, PLAN/ID[@UNIT] */
};

/* Undoes the latest change made by actor->uid that is not itself undone
 * (undo again to go further back), as a new history row. Changes to
 * duties since removed from their plans cannot be undone: they are passed
 * over and reported in result (skipped, skipped_name), also when nothing
 * is left to undo; such a change can be undone again once its duty is
 * back. Refused, with err naming who and when, if someone else changed
 * that duty since. Returns 0, 1 when there is nothing to undo, -1 with
 * err. */
int store_undo(struct store *store, const struct actor *actor,
	       struct undo_result *result, struct kh_error *err);

struct history_filter {
	long long duty;          /* 0: all */
	long long assignment;    /* 0: all of the duty (or all) */
	const char *unit;        /* changes to this unit's assignments; NULL: all */
	const char *user;        /* changes by this OS user; NULL: all */
	/* Unix times, used only when their flag is set: any time may be
	 * meant, 0 and those before 1970 included. */
	bool has_from;
	long long from_at;       /* changes at or after */
	bool has_until;
	long long until_at;      /* changes before */
	/* Also the reminders that listed the assignments (history_row's
	 * reminded), among the changes by time. */
	bool reminders;
};

struct history_row {
	long long seq;
	const char *plan_id;
	const char *duty_id;
	const char *unit_id;
	bool group_duty;
	long long at;
	unsigned uid;
	const char *user;
	const char *host;
	long pid;
	enum duty_state old_state;
	enum duty_state new_state;
	const char *old_note;
	const char *new_note;
	kh_date done_on;
	long long undoes;         /* seq of the change this one undid, or 0 */
	int old_progress, new_progress;        /* -1: none */
	kh_date old_extended_to, new_extended_to; /* KH_DATE_NONE: none */
	bool old_cancelled, new_cancelled;
	const char *reason;       /* given with an extension or withdrawal */
	kh_date plan_deadline;    /* the plan's deadline, for "back to …" */
	/* A reminder (đôn đốc) that listed this assignment, not a change:
	 * the login reminded and the address; user is who sent it. Only
	 * with history_filter.reminders; NULL for a change. */
	const char *reminded;
	const char *reminded_address;
};

/* ---- reminders ----------------------------------------------------------- */

/* A reminder mailed to a person (kehoach remind). */
struct reminder {
	const char *login;
	const char *address;
	kh_date day;                  /* the day it is for */
	long duties;                  /* how many duties it listed */
	const long long *assignments; /* those of them recorded for history */
	size_t n_assignments;
};

/* Whether login was already reminded on day: returns 1 and sets *at
 * (unix time; may be NULL) when so, 0 when not, -1 with err. */
int store_reminded(struct store *store, const char *login, kh_date day,
		   long long *at, struct kh_error *err);

/* Records a reminder sent by actor, with its assignments, in one
 * transaction. Returns 0, or -1 with err. */
int store_record_reminder(struct store *store, const struct reminder *reminder,
			  const struct actor *actor, struct kh_error *err);

typedef int (*history_row_fn)(void *ctx, const struct history_row *row);

/* Every change, oldest first (and with filter->reminders, the reminders
 * among them by time; filter->user then is who sent them). */
int store_history(struct store *store, const struct history_filter *filter,
		  history_row_fn on_row, void *ctx, struct kh_error *err);

/* A plan_check_store (plan.h) in a private temporary database, on a
 * connection of its own for the calling thread alone (store_check.c), for
 * a plan checked as it is read: fills *kept and returns what
 * store_check_spill_close() closes, or NULL when none could be opened. */
struct store_check_spill;
struct store_check_spill *store_check_spill_open(struct plan_check_store *kept);
void store_check_spill_close(struct store_check_spill *spill);

#endif
