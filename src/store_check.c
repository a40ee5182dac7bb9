/* store_check: where a streamed sync's checks keep what they need of
 * the duties already let go (plan.h, struct plan_check_store): a private
 * temporary database of their own, so that a sync's memory stays the
 * same whatever the size of the plan.
 *
 * In memory, the ids of 100,000 duties and the `with` and `was` of those
 * that have them took 4.5 MiB (valgrind massif, a cold sync of a 200,000
 * duty plan: 9.7 of its 17 MB of heap at the peak). Here they take the
 * database's page cache, bounded by CHECK_CACHE_KIB; what does not fit
 * goes to a temporary file, which SQLite makes where temporary files go
 * (SQLITE_TMPDIR, TMPDIR, /var/tmp, /tmp), with O_EXCL and a random
 * name, and deletes at once: no one else can open it. */
#include "store_internal.h"
#include "store_sql.h"

#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "kehoach/plan.h"
#include "kehoach/util.h"

/* The page cache of the temporary database: its memory, whatever the
 * plan's size. */
#define CHECK_CACHE_KIB 512

struct store_check_spill {
	sqlite3 *db;
	sqlite3_stmt *add_id, *find_id, *put_record, *records;
	char failure[256];
};

/* Notes why the last call failed. Returns -1. */
static int spill_fail(struct store_check_spill *s)
{
	snprintf(s->failure, sizeof(s->failure), "%s", sqlite3_errmsg(s->db));
	return -1;
}

static int spill_find_id(void *ctx, const char *id, long long *first)
{
	struct store_check_spill *s = ctx;
	sqlite3_reset(s->find_id);
	sqlite3_bind_text(s->find_id, 1, id, -1, SQLITE_STATIC);
	int step = sqlite3_step(s->find_id);
	int rc = step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : spill_fail(s);
	if (rc == 1)
		*first = sqlite3_column_int64(s->find_id, 0);
	sqlite3_reset(s->find_id);
	return rc;
}

static int spill_add_id(void *ctx, const char *id, long long line, long long *first)
{
	struct store_check_spill *s = ctx;
	sqlite3_reset(s->add_id);
	sqlite3_bind_text(s->add_id, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s->add_id, 2, line);
	int rc = sqlite3_step(s->add_id) == SQLITE_DONE ? 0 : spill_fail(s);
	sqlite3_reset(s->add_id);
	/* Not added: the id was there. */
	return rc < 0 || sqlite3_changes(s->db) ? rc : spill_find_id(s, id, first);
}

static int spill_put_record(void *ctx, const void *bytes, size_t len)
{
	struct store_check_spill *s = ctx;
	sqlite3_reset(s->put_record);
	sqlite3_bind_blob64(s->put_record, 1, bytes, len, SQLITE_STATIC);
	int rc = sqlite3_step(s->put_record) == SQLITE_DONE ? 0 : spill_fail(s);
	sqlite3_reset(s->put_record);
	return rc;
}

static int spill_next_record(void *ctx, const void **bytes, size_t *len)
{
	struct store_check_spill *s = ctx;
	int step = sqlite3_step(s->records);
	if (step == SQLITE_DONE)
		return 0;
	if (step != SQLITE_ROW)
		return spill_fail(s);
	*len = (size_t)sqlite3_column_bytes(s->records, 0);
	*bytes = sqlite3_column_blob(s->records, 0);
	return 1;
}

static const char *spill_failure(void *ctx)
{
	struct store_check_spill *s = ctx;
	return s->failure;
}

void store_check_spill_close(struct store_check_spill *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->add_id);
	sqlite3_finalize(s->find_id);
	sqlite3_finalize(s->put_record);
	sqlite3_finalize(s->records);
	sqlite3_close(s->db);   /* the transaction rolled back, the file gone */
	x_free(s);
}

static sqlite3_stmt *spill_prepare(struct store_check_spill *s, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
		return NULL;
	return stmt;
}

struct store_check_spill *store_check_spill_open(struct plan_check_store *store)
{
	struct store_check_spill *s = x_calloc(1, sizeof(*s));
	/* "": a private temporary database, on disk only once its cache is
	 * full. One transaction for its whole life: nothing is written for
	 * a commit, and closing it throws everything away. */
	if (sqlite3_open_v2("", &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK ||
	    sqlite3_exec(s->db,
			 "PRAGMA cache_size = -" STORE_SQL_STR(CHECK_CACHE_KIB) ";"
			 "PRAGMA journal_mode = OFF;"
			 "PRAGMA synchronous = OFF;"
			 "CREATE TABLE id (id TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID;"
			 "CREATE TABLE record (data BLOB NOT NULL);"
			 "BEGIN;",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    !(s->add_id = spill_prepare(s, "INSERT INTO id(id, line) VALUES (?1, ?2)"
					" ON CONFLICT (id) DO NOTHING")) ||
	    !(s->find_id = spill_prepare(s, "SELECT line FROM id WHERE id = ?1")) ||
	    !(s->put_record = spill_prepare(s, "INSERT INTO record(data) VALUES (?1)")) ||
	    !(s->records = spill_prepare(s, "SELECT data FROM record ORDER BY rowid"))) {
		store_check_spill_close(s);
		return NULL;
	}
	*store = (struct plan_check_store){ s, spill_add_id, spill_find_id, spill_put_record,
					    spill_next_record, spill_failure };
	return s;
}
