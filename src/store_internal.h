/* store internals shared by store*.c; not part of the public interface. */
#ifndef KEHOACH_STORE_INTERNAL_H
#define KEHOACH_STORE_INTERNAL_H

#include <sqlite3.h>
#include <sys/types.h>

#include "kehoach/store.h"

/* How many statements a store keeps prepared (store_prepare_kept). */
#define STORE_KEPT_MAX 16

struct store {
	sqlite3 *db;
	/* Counts may be kept (unit_counts): not before a session's check
	 * of the database says it is sound (store_keep_counts). */
	bool keep_counts_off;
	char *path;
	/* The -wal file this connection opened (store_wal_remember). */
	bool wal_known;
	dev_t wal_dev;
	ino_t wal_ino;
	/* Whether the views of current work show archived plans too. */
	bool with_archived;
	/* The calendar days "due soon" spans (store_set_due_soon). */
	int due_soon_days;
	/* Statements kept prepared between calls (store_prepare_kept): the
	 * interface asks the same few at every key. */
	struct kept_statement {
		char *sql;
		sqlite3_stmt *stmt;
	} kept[STORE_KEPT_MAX];
	size_t n_kept, next_evicted;
	/* The snapshots (store_snapshot): the assignments' keys, in order,
	 * of the phase asked (keys), from those of every phase with their
	 * phases (all, phases), which store_snapshot_phase() filters again.
	 * What it was taken of, and when, so that the same query asked
	 * again reuses it (see snapshot_reuse in store_query.c): the
	 * statement with its values, the database's data_version, and this
	 * connection's counts of changes then. */
	struct snapshot_keys {
		long long *keys;
		size_t n, cap;
		long long *all;
		signed char *phases;
		size_t n_all, cap_all, cap_phases;
		char *query;
		long long data_version;
		sqlite3_int64 changes, marks_changes;
		size_t marked;
	} snapshots[STORE_SNAPSHOTS];
	/* This connection's own marks since it opened: the rows they
	 * changed (sqlite3_total_changes64() counts them with every other
	 * change), and the assignments they marked, in order. A mark changes
	 * whether an assignment is in a list, never where it sorts. */
	sqlite3_int64 marks_changes;
	long long *marked;
	size_t n_marked, cap_marked;
	/* While a sync writes a unit's duties: their search texts made
	 * ahead, or NULL. */
	struct search_ahead *search_ahead;
};

/* Notes a change of this connection committed since total_changes64 was
 * since that a snapshot may outlive: marks of the assignments keys[0 … n)
 * (their state, note or progress; n = 0 for kept counts, which no list
 * reads). Any other change of the connection makes the snapshots stale. */
void store_note_mark(struct store *store, sqlite3_int64 since,
		     const long long *keys, size_t n);

/* What a search reads of a duty (duty_search.folded, made by the SQL
 * function kh_search_text(id, text)): its id as it is, this separator,
 * then its text folded (text_fold). A search text, folded, holds no
 * control character, so it never reaches across the separator: it finds
 * what it would find in the id or in the folded text alone. */
#define STORE_SEARCH_SEPARATOR '\x1f'

/* Appends what a search reads of a duty with this id and text. */
void store_search_text_append(struct buf *out, const char *id, const char *text);

/* The search texts of one unit's duties made ahead of their write, on
 * the thread that reads the plan: kh_search_text() takes them, in
 * order, for the duties whose id and text they were made of (see
 * store_sync.c), and makes any other itself. */
struct search_ahead {
	struct search_ahead_duty {
		const char *id, *text;    /* the plan's, until the unit is written */
		size_t folded;            /* where its search text starts in texts */
	} *duties;
	size_t n, next;
	struct buf texts;             /* each with its NUL */
};

/* path with its folder part removed (points into path). */
const char *store_base_name(const char *path);

/* Notes which -wal file the connection has open, once it has one. */
void store_wal_remember(struct store *store);

/* Refuses (-1 with err) to write when the -wal at the database's path is
 * no longer the file this connection opened: removed or replaced by hand,
 * it would take the change with it. */
int store_wal_check(struct store *store, struct kh_error *err);

/* Prepares sql (cached by SQLite's own statement cache is not available,
 * so callers keep their statements for the duration of one operation).
 * Returns NULL and fills err on failure. */
sqlite3_stmt *store_prepare(struct store *store, const char *sql,
			    struct kh_error *err);

/* How long a connection waits for another writer (sqlite3_busy_timeout):
 * other unit heads may be writing. */
#define STORE_BUSY_TIMEOUT_MS 10000

/* As store_prepare(), for a query asked again and again (the interface's
 * pages and counts): the statement stays prepared in the store until it
 * closes. Give it back with store_release(), never sqlite3_finalize(). A
 * statement of the same text still running (a caller's callback asking
 * again) is not shared: that call gets one of its own. */
sqlite3_stmt *store_prepare_kept(struct store *store, const char *sql,
				 struct kh_error *err);
/* Ends a use of a statement from store_prepare_kept(): reset, its
 * parameters cleared (NULL: nothing). */
void store_release(struct store *store, sqlite3_stmt *stmt);

/* Appends "tt (Thanh tra Sở)" to out: the unit id with its name, as a
 * clerk knows it, for messages. The name comes from the plan of plan_key
 * when it has that unit, else from any active plan; the id stands alone
 * when no plan has it (or the database cannot say). */
void store_append_unit_label(struct store *store, long long plan_key,
			     const char *id, struct buf *out);

/* Records SQLite's current error message in err with context; returns -1. */
int store_fail(struct store *store, struct kh_error *err, const char *context);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. */
int store_begin(struct store *store, struct kh_error *err);
int store_commit(struct store *store, struct kh_error *err);
void store_rollback(struct store *store);

/* Runs sql (no parameters, no rows); -1 and err on failure. */
int store_exec(struct store *store, const char *sql, struct kh_error *err);

/* Binds text, or NULL when s is NULL. */
int store_bind_text(sqlite3_stmt *stmt, int index, const char *s);
/* Binds a date, or NULL for KH_DATE_NONE. */
int store_bind_date(sqlite3_stmt *stmt, int index, kh_date date);
/* Reads a date column (NULL → KH_DATE_NONE). */
kh_date store_column_date(sqlite3_stmt *stmt, int col);
/* Reads a text column (NULL → NULL). */
const char *store_column_text(sqlite3_stmt *stmt, int col);

#endif
