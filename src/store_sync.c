/* store_sync: making the database mirror the plan files.
 *
 * Cheap when nothing changed: a file whose size and mtime match the last
 * sync is not opened; one whose content hash matches is not parsed
 * (unless it failed: its error is then said again, in this user's
 * language). A
 * changed file is parsed outside any transaction, then written in one
 * BEGIN IMMEDIATE transaction by upserting on natural keys (plan id, unit
 * id, duty id, slot), so row keys — and with them every status and its
 * history — survive edits. Rows the file no longer has are retired by
 * generation, not deleted, and revive if they come back. */
#include "store_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* XXH3_state_t whole, to keep one in a struct or on the stack. */
#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

#include "kehoach/file_io.h"
#include "kehoach/i18n.h"
#include "kehoach/json.h"
#include "kehoach/plan_source.h"
#include "kehoach/plan_yaml.h"

struct file_state {
	long long size;
	long long mtime_ns;
	char hash[SOURCE_HASH_HEX];
};

struct known_file {
	bool found;
	struct file_state state;
	char *plan_id;
	char *error;
	unsigned error_line;
	unsigned error_column;
};

static void known_file_free(struct known_file *known)
{
	x_free(known->plan_id);
	x_free(known->error);
}

static void hash_chunk(void *state, const char *bytes, size_t len)
{
	XXH3_128bits_update(state, bytes, len);
}

/* Hashes the file's content, reading no further than a plan file may be:
 * one that grows past it while hashed is refused. */
static int hash_file(const char *path, char out[SOURCE_HASH_HEX],
		     struct kh_error *err)
{
	XXH3_state_t state;
	XXH3_128bits_reset(&state);
	int rc = file_read_chunks(path, PLAN_FILE_MAX_BYTES, hash_chunk, &state, err);
	if (rc == 0)
		source_hash_hex(&state, out);
	return rc;
}

/* The file's size and time, without reading it: a file too large to be a
 * plan is refused here, before hashing gigabytes of it. */
static int stat_file(const char *path, struct file_state *st,
		     struct kh_error *err)
{
	struct stat sb;
	if (file_stat_input(path, PLAN_FILE_MAX_BYTES, &sb, err) < 0)
		return -1;
	st->size = (long long)sb.st_size;
	st->mtime_ns = (long long)sb.st_mtim.tv_sec * 1000000000LL +
		       sb.st_mtim.tv_nsec;
	st->hash[0] = '\0';
	return 0;
}

static int lookup_file(struct store *store, const char *abs,
		       struct known_file *known, struct kh_error *err)
{
	memset(known, 0, sizeof(*known));
	sqlite3_stmt *stmt = store_prepare(store,
		"SELECT size, mtime_ns, hash, plan_id, error, error_line, error_column"
		" FROM plan_file WHERE path = ?", err);
	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, abs);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		known->found = true;
		known->state.size = sqlite3_column_int64(stmt, 0);
		known->state.mtime_ns = sqlite3_column_int64(stmt, 1);
		snprintf(known->state.hash, SOURCE_HASH_HEX, "%s",
			 store_column_text(stmt, 2));
		const char *plan_id = store_column_text(stmt, 3);
		const char *error = store_column_text(stmt, 4);
		known->plan_id = plan_id ? x_strdup(plan_id) : NULL;
		known->error = error ? x_strdup(error) : NULL;
		known->error_line = (unsigned)sqlite3_column_int(stmt, 5);
		known->error_column = (unsigned)sqlite3_column_int(stmt, 6);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, _("cannot read the plan files table"));
	return 0;
}

/* Records what is now known of a file: its state, and the plan it holds or
 * the error it gave (error NULL: loaded). Runs inside the caller's
 * transaction, or alone. The layout of its units (save_layout) is kept
 * only when its content is the one it had: neither loaded nor failed. */
static int save_file(struct store *store, const char *abs,
		     const struct file_state *st, const char *plan_id,
		     const struct kh_error *error, struct kh_error *err)
{
	sqlite3_stmt *stmt = store_prepare(store,
		"INSERT INTO plan_file(path, size, mtime_ns, hash, plan_id, error,"
		"   error_line, error_column) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
		" ON CONFLICT(path) DO UPDATE SET size = ?2, mtime_ns = ?3, hash = ?4,"
		"   plan_id = coalesce(?5, plan_id), error = ?6, error_line = ?7,"
		"   error_column = ?8,"
		"   src_head = CASE WHEN ?5 IS NULL AND ?6 IS NULL THEN src_head END", err);
	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, abs);
	sqlite3_bind_int64(stmt, 2, st->size);
	sqlite3_bind_int64(stmt, 3, st->mtime_ns);
	store_bind_text(stmt, 4, st->hash);
	store_bind_text(stmt, 5, plan_id);
	store_bind_text(stmt, 6, error ? error->message : NULL);
	sqlite3_bind_int(stmt, 7, error ? (int)error->line : 0);
	sqlite3_bind_int(stmt, 8, error ? (int)error->column : 0);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, _("cannot record a plan file"));
	return 0;
}

/* save_file() for a file that was not loaded (error NULL: unchanged).
 * For content the database knows already it is only a saving for next
 * time (the new mtime): a database this user may only read is then no
 * reason to fail. */
static int remember_file(struct store *store, const char *abs,
			 const struct file_state *st, const struct kh_error *error,
			 bool same_content, struct kh_error *err)
{
	if (save_file(store, abs, st, NULL, error, err) == 0)
		return 0;
	return same_content &&
	       (sqlite3_extended_errcode(store->db) & 0xff) == SQLITE_READONLY ? 0 : -1;
}

/* A duty the plan had before this sync (retired ones included: they
 * revive), looked up by id as this version writes it. */
struct old_duty {
	long long key;
	long long ord;
	long long content_hash;
	bool has_hash;      /* NULL until a sync of schema 7 wrote it */
	bool retired;
};

/* New rows are inserted several to a statement: a statement of a
 * hundred rows costs a third less than a hundred statements of one (a
 * cursor opened on each index and a statement journal begun and ended,
 * per statement; callgrind of a cold sync's 100,000 duties and
 * assignments: 5.31 G instructions one row a statement, 3.60 G a
 * hundred). A batch is cut in sizes that are powers of two, so that a
 * plan prepares at most BATCH_SIZES statements of each. */
#define BATCH_SIZES 7
#define INSERT_BATCH_MAX (1 << (BATCH_SIZES - 1))

/* What a duty is written from besides its own fields: its refs and
 * with as written (offsets of NUL-terminated JSON in w->facts_text), the
 * deadline it gets from the plan, its content hash. Found once a unit:
 * the unit's hash needs every duty's, and a duty written needs all of
 * them (found twice, they were 7% of a cold sync's writing thread). */
struct duty_facts {
	long long hash;
	kh_date deadline;
	size_t refs, with;
};

/* A duty's row as written: inserted with key when new in this version
 * (waiting in the batch until then), else updated by it. Its texts are
 * the unit's and its facts the writer's (facts_text), both kept until
 * the unit is written, by which time the batch is. */
struct duty_write {
	const struct duty *duty;
	const struct duty_facts *facts;
	long long key, owner_key, ord;
};

struct pending_assignment {
	long long duty_key, slot, unit_key;
	kh_date deadline;
};

/* The statements and lookups of one plan write. Rows are inserted, or
 * updated by key when the plan already had them: no upsert, because an
 * upsert (and RETURNING) makes SQLite open a statement journal per row,
 * which doubled the cost of loading a large plan. A duty whose content
 * hash is the one stored is not written at all: re-syncing a large file
 * after a small edit writes what the edit changed. */
struct plan_writer {
	struct store *store;
	struct plan plan;         /* the plan's own fields (no units) */
	long long plan_key;
	long long gen;
	kh_date archived_on;      /* the plan's; KH_DATE_NONE: current */
	/* The units so far, in file order (copies: the loader's array
	 * moves while it grows), each with its row's key, the order of its
	 * first duty, and whether its duties wait for the end of the file
	 * (a date relative to Tết, a member not read yet). */
	struct unit *units;
	long long *unit_keys;
	long long *first_ord;
	bool *waiting;
	struct arena **bulks;     /* a streamed unit's duties, until written */
	struct arena **unwritten; /* those of units handed over after a failure */
	size_t n_unwritten, unwritten_cap;
	size_t n_units, units_cap;
	long long next_ord;
	struct str_map unit_key_by_id;
	struct str_map old_units; /* id → key of the rows the plan had */
	struct str_map old_unit_hash; /* id → content_hash, of its current units */
	/* The places (ord) of the duties of units passed over whole, as
	 * [from, to) ranges in file order. */
	struct ord_range {
		long long from, to;
	} *kept;
	size_t n_kept, kept_cap;
	struct buf unit_content;  /* what a unit's content hash is taken of */
	sqlite3_stmt *duty_lookup;
	/* The keys of the duties this version has (found or added): the
	 * others are dropped. Sorted once the plan is written. */
	long long *seen;
	size_t n_seen, seen_cap;
	struct arena old_ids;     /* the keys of the maps here */
	sqlite3_stmt *unit_insert, *unit_update, *unit_keep;
	sqlite3_stmt *member;
	sqlite3_stmt *duty_update, *duty_reorder, *search_of_ords;
	/* The units given assignments (in order, each once in a row): their
	 * kept counts are dropped (drop_kept_counts). */
	long long *inserted_for;
	size_t n_inserted_for, inserted_for_cap;
	sqlite3_stmt *slots_retire;
	sqlite3_stmt *assignment_update;
	/* New duties and assignments, inserted a batch at a time
	 * (flush_inserts); a new duty's key is given here, from
	 * next_duty_key on, so that its assignments can name it before it
	 * is inserted. */
	struct duty_write pending_duties[INSERT_BATCH_MAX];
	size_t n_pending_duties;
	struct pending_assignment pending_assignments[INSERT_BATCH_MAX];
	size_t n_pending_assignments;
	long long next_duty_key;
	/* Their statements by size, 2^i rows for slot i, made when first
	 * needed. */
	sqlite3_stmt *duty_inserts[BATCH_SIZES];
	sqlite3_stmt *assignment_inserts[BATCH_SIZES];
	struct buf refs;
	struct buf with;
	struct buf content;       /* what a duty's content hash is taken of */
	/* The facts of one unit's duties (unit_duty_facts), for unit
	 * facts_for - 1 (0: none yet). */
	struct duty_facts *facts;
	size_t facts_cap, facts_for;
	struct buf facts_text;
	/* The duties new in this sync, by owner (for the suggestion to add
	 * `was:` when a duty with marks leaves the plan). */
	struct str_map new_duty_owner; /* id → owner unit key */
	sync_event_fn on_event;
	void *ctx;
	const char *path;
	/* A file new to the store: its plan's search texts are made on the
	 * thread that reads it (see search_ahead_make). */
	bool fold_ahead;
};

/* Steps a statement that returns no rows, then readies it for reuse.
 * what is a message id (N_), translated only when the step failed:
 * translating it for every row of a large plan cost 4% of a sync. */
static int step_done(struct plan_writer *w, sqlite3_stmt *stmt,
		     const char *what, struct kh_error *err)
{
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(w->store, err, _(what));
	return 0;
}

static int write_plan_row(struct plan_writer *w, const char *abs,
			  struct kh_error *err)
{
	const struct plan *plan = &w->plan;
	struct buf basis = { 0 };
	json_append_string_array(&basis, plan->basis, plan->n_basis);
	sqlite3_stmt *stmt = store_prepare(w->store,
		"INSERT INTO plan(id, path, title, issuer, parent, number, issued,"
		"   place, basis, tet, period_from, period_to, before_from, before_to,"
		"   during_from, during_to, after_from, after_to, gen, retired)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
		"   ?15, ?16, ?17, ?18, 1, 0)"
		" ON CONFLICT(id) DO UPDATE SET path = ?2, title = ?3, issuer = ?4,"
		"   parent = ?5, number = ?6, issued = ?7, place = ?8, basis = ?9,"
		"   tet = ?10, period_from = ?11, period_to = ?12, before_from = ?13,"
		"   before_to = ?14, during_from = ?15, during_to = ?16,"
		"   after_from = ?17, after_to = ?18, gen = gen + 1, retired = 0"
		" RETURNING key, gen, archived_on", err);
	int rc = -1;
	if (!stmt)
		goto out;
	store_bind_text(stmt, 1, plan->id);
	store_bind_text(stmt, 2, abs);
	store_bind_text(stmt, 3, plan->title);
	store_bind_text(stmt, 4, plan->issuer);
	store_bind_text(stmt, 5, plan->parent);
	store_bind_text(stmt, 6, plan->number);
	store_bind_date(stmt, 7, plan->issued);
	store_bind_text(stmt, 8, plan->place);
	store_bind_text(stmt, 9, buf_str(&basis));
	if (plan->tet)
		sqlite3_bind_int(stmt, 10, plan->tet);
	store_bind_date(stmt, 11, plan->period.from);
	store_bind_date(stmt, 12, plan->period.to);
	for (int p = PHASE_BEFORE; p < PHASE_COUNT; p++) {
		store_bind_date(stmt, 13 + 2 * (p - 1), plan->phases[p].from);
		store_bind_date(stmt, 14 + 2 * (p - 1), plan->phases[p].to);
	}
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		store_fail(w->store, err, _("cannot write a plan"));
		goto out;
	}
	w->plan_key = sqlite3_column_int64(stmt, 0);
	w->gen = sqlite3_column_int64(stmt, 1);
	w->archived_on = store_column_date(stmt, 2);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		store_fail(w->store, err, _("cannot write a plan"));
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(stmt);
	buf_free(&basis);
	return rc;
}

/* Whether this sync writes the plan for the first time (generation 1):
 * it has no rows yet, so nothing to look up, keep or retire. */
static bool plan_is_new(const struct plan_writer *w)
{
	return w->gen == 1;
}

/* Loads id → key of the rows of one table the plan already has (retired
 * ones included: they revive). */
static int load_old_keys(struct plan_writer *w, const char *sql,
			 struct str_map *map, struct kh_error *err)
{
	if (plan_is_new(w))
		return 0;
	sqlite3_stmt *stmt = store_prepare(w->store, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, w->plan_key);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *id = arena_strdup(&w->old_ids, store_column_text(stmt, 0));
		str_map_add(map, id, sqlite3_column_int64(stmt, 1), NULL);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail(w->store, err, _("cannot read a plan"));
}

/* The statement inserting 2^size_log2 rows of row_sql after head, made
 * when first asked for and kept in cache[size_log2]. */
static sqlite3_stmt *batch_statement(struct plan_writer *w, sqlite3_stmt **cache,
				     size_t size_log2, const char *head,
				     const char *row_sql, struct kh_error *err)
{
	if (!cache[size_log2]) {
		struct buf sql = { 0 };
		buf_puts(&sql, head);
		for (size_t i = 0; i < (size_t)1 << size_log2; i++) {
			if (i)
				buf_putc(&sql, ',');
			buf_puts(&sql, row_sql);
		}
		cache[size_log2] = store_prepare(w->store, buf_str(&sql), err);
		buf_free(&sql);
	}
	return cache[size_log2];
}

/* Binds pending row `row` to the parameters from `first` on. */
typedef void bind_row_fn(struct plan_writer *w, sqlite3_stmt *stmt, int first,
			 size_t row);

/* Inserts n pending rows, as few statements as the sizes allow. */
static int insert_rows(struct plan_writer *w, sqlite3_stmt **cache,
		       const char *head, const char *row_sql, int row_params,
		       size_t n, bind_row_fn *bind, const char *what,
		       struct kh_error *err)
{
	size_t done = 0;
	while (done < n) {
		size_t size_log2 = BATCH_SIZES - 1;
		while (((size_t)1 << size_log2) > n - done)
			size_log2--;
		sqlite3_stmt *stmt = batch_statement(w, cache, size_log2, head, row_sql, err);
		if (!stmt)
			return -1;
		size_t rows = (size_t)1 << size_log2;
		for (size_t r = 0; r < rows; r++)
			bind(w, stmt, (int)r * row_params + 1, done + r);
		if (step_done(w, stmt, what, err) < 0)
			return -1;
		done += rows;
	}
	return 0;
}

/* Binds a duty's row from parameter first on, in the order both duty
 * statements take it: plan, id, owner, text, phase, due, start, refs,
 * with, target, place, generation, content hash, key. */
static void bind_duty_row(struct plan_writer *w, sqlite3_stmt *stmt, int first,
			  const struct duty_write *row)
{
	const struct duty *duty = row->duty;
	sqlite3_bind_int64(stmt, first, w->plan_key);
	store_bind_text(stmt, first + 1, duty->id);
	sqlite3_bind_int64(stmt, first + 2, row->owner_key);
	store_bind_text(stmt, first + 3, duty->text);
	sqlite3_bind_int(stmt, first + 4, duty->phase);
	store_bind_date(stmt, first + 5, duty->due);
	store_bind_date(stmt, first + 6, duty->start);
	store_bind_text(stmt, first + 7, w->facts_text.data + row->facts->refs);
	store_bind_text(stmt, first + 8, w->facts_text.data + row->facts->with);
	store_bind_text(stmt, first + 9, duty->target);
	sqlite3_bind_int64(stmt, first + 10, row->ord);
	sqlite3_bind_int64(stmt, first + 11, w->gen);
	sqlite3_bind_int64(stmt, first + 12, row->facts->hash);
	sqlite3_bind_int64(stmt, first + 13, row->key);
}

static void bind_pending_duty(struct plan_writer *w, sqlite3_stmt *stmt, int first,
			      size_t row)
{
	bind_duty_row(w, stmt, first, &w->pending_duties[row]);
}

/* A duty added to an archived plan is frozen with it. */
static void bind_pending_assignment(struct plan_writer *w, sqlite3_stmt *stmt,
				    int first, size_t row)
{
	const struct pending_assignment *p = &w->pending_assignments[row];
	sqlite3_bind_int64(stmt, first, p->duty_key);
	sqlite3_bind_int64(stmt, first + 1, p->slot);
	sqlite3_bind_int64(stmt, first + 2, p->unit_key);
	sqlite3_bind_int64(stmt, first + 3, w->gen);
	store_bind_date(stmt, first + 4, p->deadline);
	store_bind_date(stmt, first + 5, p->deadline);
	store_bind_date(stmt, first + 6, w->archived_on);
}

/* Inserts the pending duties, then the pending assignments (which may
 * be of those duties). */
static int flush_inserts(struct plan_writer *w, struct kh_error *err)
{
	size_t duties = w->n_pending_duties, assignments = w->n_pending_assignments;
	w->n_pending_duties = w->n_pending_assignments = 0;
	return insert_rows(w, w->duty_inserts,
			   "INSERT INTO duty(plan_key, id, owner_key, text, phase, due,"
			   " start, refs, with_units, target, ord, gen, content_hash, key)"
			   " VALUES ", "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)", 14, duties,
			   bind_pending_duty, N_("cannot write a duty"), err) < 0 ||
	       insert_rows(w, w->assignment_inserts,
			   "INSERT INTO assignment(duty_key, slot, unit_key, gen, deadline,"
			   " plan_deadline, frozen_on) VALUES ", "(?,?,?,?,?,?,?)", 7,
			   assignments, bind_pending_assignment,
			   N_("cannot write an assignment"), err) < 0 ? -1 : 0;
}

/* Looks the plan's duty id up: 1 (*old filled), 0 (none), or -1. */
static int lookup_old_duty(struct plan_writer *w, const char *id,
			   struct old_duty *old, struct kh_error *err)
{
	if (plan_is_new(w))
		return 0;
	/* What this sync wrote is read as written: a `was:` may name a
	 * duty new in this version. */
	if (flush_inserts(w, err) < 0)
		return -1;
	sqlite3_stmt *stmt = w->duty_lookup;
	sqlite3_bind_int64(stmt, 1, w->plan_key);
	store_bind_text(stmt, 2, id);
	int rc = sqlite3_step(stmt);
	bool found = rc == SQLITE_ROW;
	if (found) {
		*old = (struct old_duty){
			.key = sqlite3_column_int64(stmt, 0),
			.ord = sqlite3_column_int64(stmt, 1),
			.content_hash = sqlite3_column_int64(stmt, 2),
			.has_hash = sqlite3_column_type(stmt, 2) != SQLITE_NULL,
			.retired = sqlite3_column_int(stmt, 3) != 0,
		};
		rc = SQLITE_DONE;   /* (plan, id) is unique */
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(w->store, err, _("cannot read a plan"));
	return found;
}

static void note_seen(struct plan_writer *w, long long key)
{
	X_GROW(w->seen, w->seen_cap, w->n_seen + 1);
	w->seen[w->n_seen++] = key;
}

/* Notes that the duties at places [from, to) are as the last sync wrote
 * them (their unit passed over whole). */
static void keep_places(struct plan_writer *w, long long from, long long to)
{
	if (from == to)
		return;
	X_GROW(w->kept, w->kept_cap, w->n_kept + 1);
	w->kept[w->n_kept++] = (struct ord_range){ from, to };
}

static int compare_keys(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

/* Runs update (whose last parameter is the key) when id had a row, else
 * insert; both already bound. Sets *key. */
static int insert_or_update(struct plan_writer *w, const struct str_map *old,
			    const char *id, sqlite3_stmt *insert,
			    sqlite3_stmt *update, int key_param, long long *key,
			    const char *what, struct kh_error *err)
{
	if (str_map_get(old, id, key)) {
		sqlite3_bind_int64(update, key_param, *key);
		return step_done(w, update, what, err);
	}
	if (step_done(w, insert, what, err) < 0)
		return -1;
	*key = sqlite3_last_insert_rowid(w->store->db);
	return 0;
}

/* Writes the row of the writer's unit u, with its content hash (NULL:
 * none, for duties still to be written). */
static int write_unit_row(struct plan_writer *w, size_t u, const long long *hash,
			  struct kh_error *err)
{
	const struct unit *unit = &w->units[u];
	sqlite3_stmt *stmts[] = { w->unit_insert, w->unit_update };
	for (size_t s = 0; s < KH_ARRAY_LEN(stmts); s++) {
		if (hash)
			sqlite3_bind_int64(stmts[s], 9, *hash);
		else
			sqlite3_bind_null(stmts[s], 9);
		sqlite3_bind_int64(stmts[s], 1, w->plan_key);
		store_bind_text(stmts[s], 2, unit->id);
		store_bind_text(stmts[s], 3, unit->name);
		store_bind_text(stmts[s], 4, unit->head);
		sqlite3_bind_int(stmts[s], 5, unit->is_group);
		sqlite3_bind_int64(stmts[s], 6, (long long)u);
		sqlite3_bind_int64(stmts[s], 7, w->gen);
	}
	if (insert_or_update(w, &w->old_units, unit->id, w->unit_insert,
			     w->unit_update, 8, &w->unit_keys[u],
			     N_("cannot write a unit"), err) < 0)
		return -1;
	str_map_add(&w->unit_key_by_id, unit->id, w->unit_keys[u], NULL);
	return 0;
}

/* Rewrites the members of the plan's groups: small, with no history. */
static int write_members(struct plan_writer *w, struct kh_error *err)
{
	sqlite3_stmt *del = store_prepare(w->store,
		"DELETE FROM unit_member WHERE group_key IN"
		" (SELECT key FROM unit WHERE plan_key = ?)", err);
	if (!del)
		return -1;
	sqlite3_bind_int64(del, 1, w->plan_key);
	int rc = sqlite3_step(del);
	sqlite3_finalize(del);
	if (rc != SQLITE_DONE)
		return store_fail(w->store, err, _("cannot rewrite group members"));
	for (size_t u = 0; u < w->n_units; u++) {
		const struct unit *unit = &w->units[u];
		for (size_t m = 0; m < unit->n_members; m++) {
			long long member_key = 0;
			str_map_get(&w->unit_key_by_id, unit->members[m].id, &member_key);
			sqlite3_bind_int64(w->member, 1, w->unit_keys[u]);
			sqlite3_bind_int64(w->member, 2, member_key);
			sqlite3_bind_int64(w->member, 3, (long long)m);
			if (step_done(w, w->member, N_("cannot write group members"), err) < 0)
				return -1;
		}
	}
	return 0;
}

/* Writes one assignment of a duty; a duty that is new has none to
 * update. A new assignment waits for the batch's insert. */
static int write_assignment(struct plan_writer *w, long long duty_key,
			    bool new_duty, long long slot, long long unit_key,
			    kh_date deadline, struct kh_error *err)
{
	if (!new_duty) {
		sqlite3_stmt *update = w->assignment_update;
		sqlite3_bind_int64(update, 1, duty_key);
		sqlite3_bind_int64(update, 2, slot);
		sqlite3_bind_int64(update, 3, unit_key);
		sqlite3_bind_int64(update, 4, w->gen);
		store_bind_date(update, 5, deadline);
		if (step_done(w, update, N_("cannot write an assignment"), err) < 0)
			return -1;
		if (sqlite3_changes(w->store->db) > 0)
			return 0;
	}
	/* A unit's duties come together: a key repeats only in a row. */
	size_t n = w->n_inserted_for;
	if (n == 0 || w->inserted_for[n - 1] != unit_key) {
		X_GROW(w->inserted_for, w->inserted_for_cap, n + 1);
		w->inserted_for[w->n_inserted_for++] = unit_key;
	}
	if (w->n_pending_assignments == INSERT_BATCH_MAX && flush_inserts(w, err) < 0)
		return -1;
	w->pending_assignments[w->n_pending_assignments++] = (struct pending_assignment){
		duty_key, slot, unit_key, deadline,
	};
	return 0;
}

static void unit_refs_json(struct buf *out, const struct unit_ref *refs,
			   size_t n)
{
	buf_reset(out);
	buf_putc(out, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(out, ',');
		json_append_string(out, refs[i].id);
	}
	buf_putc(out, ']');
}

/* Runs sql on one duty's key (?1), with text (?2) when not NULL. */
static int run_on_key(struct plan_writer *w, const char *sql, long long key,
		      const char *text, struct kh_error *err)
{
	sqlite3_stmt *stmt = store_prepare(w->store, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, key);
	if (text)
		store_bind_text(stmt, 2, text);
	int rc = step_done(w, stmt, N_("cannot write a duty"), err);
	sqlite3_finalize(stmt);
	return rc;
}

/* Whether anything was done with a duty's assignments: a state, a note,
 * a history. Returns 1, 0, or -1 with err. */
static int duty_has_marks(struct plan_writer *w, long long key, struct kh_error *err)
{
	sqlite3_stmt *stmt = store_prepare(w->store,
		"SELECT EXISTS (SELECT 1 FROM assignment a WHERE a.duty_key = ?1"
		" AND (a.state <> 0 OR a.note IS NOT NULL OR a.progress IS NOT NULL"
		" OR a.extended_to IS NOT NULL OR a.cancelled"
		" OR EXISTS (SELECT 1 FROM history h WHERE h.assignment_key = a.key)))", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, key);
	int rc = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0)
						  : store_fail(w->store, err, _("cannot read a duty"));
	sqlite3_finalize(stmt);
	return rc;
}

/* A duty renamed (`was: [old]`) takes over the duty it was: the same
 * row under its new id, so that its assignments, their marks, notes and
 * history follow it. */
static int take_over_renamed(struct plan_writer *w, const struct duty *duty,
			     struct kh_error *err)
{
	struct old_duty was, now;
	int found = 0;
	for (size_t i = 0; i < duty->n_was && found == 0; i++)
		found = lookup_old_duty(w, duty->was[i], &was, err);
	if (found <= 0)
		return found;
	int exists = lookup_old_duty(w, duty->id, &now, err);
	if (exists < 0)
		return -1;
	/* The new id may have been loaded by an earlier sync, before its
	 * was: was written (as the sync that dropped the old duty advises):
	 * that row gives way, if nothing was done with it yet. */
	if (exists) {
		int marked = duty_has_marks(w, now.key, err);
		if (marked != 0)
			return marked < 0 ? -1 : 0;
		if (run_on_key(w, "DELETE FROM unit_counts WHERE unit_key IN"
			       " (SELECT unit_key FROM assignment WHERE duty_key = ?1)",
			       now.key, NULL, err) < 0 ||
		    run_on_key(w, "DELETE FROM assignment WHERE duty_key = ?1", now.key, NULL, err) < 0 ||
		    run_on_key(w, "DELETE FROM duty_search WHERE duty_key = ?1", now.key, NULL, err) < 0 ||
		    run_on_key(w, "DELETE FROM duty WHERE key = ?1", now.key, NULL, err) < 0)
			return -1;
	}
	/* Its stored hash was of the old id: the row is written again. */
	return run_on_key(w, "UPDATE duty SET id = ?2 WHERE key = ?1", was.key,
			  duty->id, err);
}

/* Writes the new place of a duty whose content did not change. */
static int reorder_duty(struct plan_writer *w, long long key, long long ord,
			struct kh_error *err)
{
	sqlite3_bind_int64(w->duty_reorder, 1, key);
	sqlite3_bind_int64(w->duty_reorder, 2, ord);
	return step_done(w, w->duty_reorder, N_("cannot write a duty"), err);
}

/* Retires the assignments of a rewritten duty that this version did not
 * write: the members a group no longer has. */
static int retire_dropped_slots(struct plan_writer *w, long long duty_key,
				struct kh_error *err)
{
	sqlite3_bind_int64(w->slots_retire, 1, duty_key);
	sqlite3_bind_int64(w->slots_retire, 2, w->gen);
	return step_done(w, w->slots_retire, N_("cannot write an assignment"), err);
}

static void content_text(struct buf *out, const char *text)
{
	if (text)
		buf_append(out, text, strlen(text) + 1);
	else
		buf_putc(out, '\x01');   /* absent, unlike "" */
}

static void content_number(struct buf *out, long long n)
{
	buf_append(out, (const char *)&n, sizeof(n));
}

/* The hash of everything a duty's row and its assignments are written
 * from but its place in the file: its id and owner, its fields, the
 * deadline it gets from the plan, and the members of a group (its
 * assignments' slots). A duty whose hash is the one stored has rows
 * equal to what would be written, but maybe its order: a duty added
 * near the top moves every one after it, and only their order is then
 * written. */
static long long duty_content_hash(struct plan_writer *w, const struct unit *owner,
				   const struct duty *duty, kh_date deadline)
{
	struct buf *c = &w->content;
	buf_reset(c);
	content_text(c, duty->id);
	content_text(c, owner->id);
	content_number(c, owner->is_group);
	for (size_t m = 0; owner->is_group && m < owner->n_members; m++)
		content_text(c, owner->members[m].id);
	content_text(c, duty->text);
	content_number(c, duty->phase);
	content_number(c, duty->due);
	content_number(c, duty->start);
	content_number(c, deadline);
	content_text(c, buf_str(&w->refs));
	content_text(c, buf_str(&w->with));
	content_text(c, duty->target);
	/* Not written, but a `was:` added later takes a row over: the
	 * duty's unit must not be passed over then. */
	content_number(c, (long long)duty->n_was);
	for (size_t i = 0; i < duty->n_was; i++)
		content_text(c, duty->was[i]);
	return (long long)XXH3_64bits(c->data, c->len);
}

/* The duty's refs and with as written (w->refs, w->with), its deadline
 * and its content hash. */
static long long duty_hash(struct plan_writer *w, const struct unit *unit,
			   const struct duty *duty, kh_date *deadline)
{
	buf_reset(&w->refs);
	json_append_string_array(&w->refs, duty->refs, duty->n_refs);
	unit_refs_json(&w->with, duty->with, duty->n_with);
	*deadline = plan_duty_deadline(&w->plan, duty);
	return duty_content_hash(w, unit, duty, *deadline);
}

/* Appends s with its NUL to w->facts_text; returns where it starts. */
static size_t keep_fact_text(struct plan_writer *w, const struct buf *s)
{
	size_t at = w->facts_text.len;
	buf_append(&w->facts_text, buf_str(s), s->len + 1);
	return at;
}

static const struct duty_facts *unit_duty_facts(struct plan_writer *w, size_t u)
{
	if (w->facts_for == u + 1)
		return w->facts;
	const struct unit *unit = &w->units[u];
	if (unit->n_duties > w->facts_cap) {
		w->facts_cap = unit->n_duties;
		w->facts = x_realloc(w->facts, w->facts_cap * sizeof(*w->facts));
	}
	buf_reset(&w->facts_text);
	for (size_t d = 0; d < unit->n_duties; d++) {
		struct duty_facts *f = &w->facts[d];
		f->hash = duty_hash(w, unit, &unit->duties[d], &f->deadline);
		f->refs = keep_fact_text(w, &w->refs);
		f->with = keep_fact_text(w, &w->with);
	}
	w->facts_for = u + 1;
	return w->facts;
}

/* The hash of the writer's unit u's part of the file: the unit, the
 * place of its first duty, and each duty's content hash. When it is the
 * one stored, the last sync wrote every duty of it as this one would,
 * in the same places. */
static long long unit_content_hash(struct plan_writer *w, size_t u)
{
	const struct unit *unit = &w->units[u];
	struct buf *c = &w->unit_content;
	buf_reset(c);
	content_text(c, unit->id);
	content_number(c, unit->is_group);
	for (size_t m = 0; m < unit->n_members; m++)
		content_text(c, unit->members[m].id);
	content_number(c, w->first_ord[u]);
	content_number(c, (long long)unit->n_duties);
	const struct duty_facts *facts = unit_duty_facts(w, u);
	for (size_t d = 0; d < unit->n_duties; d++)
		content_number(c, facts[d].hash);
	return (long long)XXH3_64bits(c->data, c->len);
}

static int write_duty(struct plan_writer *w, size_t u, const struct duty *duty,
		      const struct duty_facts *facts, long long ord, struct kh_error *err)
{
	const struct unit *unit = &w->units[u];

	kh_date deadline = facts->deadline;
	long long hash = facts->hash;
	if (take_over_renamed(w, duty, err) < 0)
		return -1;
	struct old_duty old;
	int found = lookup_old_duty(w, duty->id, &old, err);
	if (found < 0)
		return -1;
	bool new_duty = !found;
	if (found) {
		note_seen(w, old.key);
		if (!old.retired && old.has_hash && old.content_hash == hash)
			return old.ord == ord ? 0 : reorder_duty(w, old.key, ord, err);
	}

	struct duty_write row = {
		duty, facts, new_duty ? w->next_duty_key : old.key, w->unit_keys[u], ord,
	};
	if (new_duty) {
		if (w->n_pending_duties == INSERT_BATCH_MAX && flush_inserts(w, err) < 0)
			return -1;
		w->next_duty_key++;
		w->pending_duties[w->n_pending_duties++] = row;
		/* What retire_dropped_duties() reads: the duties this version
		 * has, and the new ones' owners (to suggest `was:`). A new plan
		 * retires nothing, and keeping them for its 100,000 duties was
		 * 5.6 MiB of a cold sync's peak, which grew with the plan. */
		if (!plan_is_new(w)) {
			str_map_add(&w->new_duty_owner, arena_strdup(&w->old_ids, duty->id),
				    w->unit_keys[u], NULL);
			note_seen(w, row.key);
		}
	} else {
		bind_duty_row(w, w->duty_update, 1, &row);
		if (step_done(w, w->duty_update, N_("cannot write a duty"), err) < 0)
			return -1;
	}
	long long duty_key = row.key;

	if (!unit->is_group) {
		if (write_assignment(w, duty_key, new_duty, 0, w->unit_keys[u],
				     deadline, err) < 0)
			return -1;
	}
	for (size_t m = 0; unit->is_group && m < unit->n_members; m++) {
		/* plan_validate() made sure every member is a unit. */
		long long member_key = 0;
		str_map_get(&w->unit_key_by_id, unit->members[m].id, &member_key);
		if (write_assignment(w, duty_key, new_duty, member_key, member_key,
				     deadline, err) < 0)
			return -1;
	}
	return new_duty ? 0 : retire_dropped_slots(w, duty_key, err);
}

/* The duty of the plan's last version that owner key had new in this
 * one, if any: the likely new id of a dropped duty. */
static const char *successor_of(const struct plan_writer *w, long long owner)
{
	for (size_t i = 0; i < w->new_duty_owner.cap; i++)
		if (w->new_duty_owner.keys[i] && w->new_duty_owner.values[i] == owner)
			return w->new_duty_owner.keys[i];
	return NULL;
}

/* Before it is retired: says whether a duty leaving the plan had marks,
 * notes or history (kept, but no longer shown), and suggests `was:` when
 * a duty new in this sync has the same owner. */
static int warn_dropped_duty(struct plan_writer *w, sqlite3_stmt *marked,
			     const char *id, long long key, struct kh_error *err)
{
	sqlite3_bind_int64(marked, 1, key);
	int rc = sqlite3_step(marked);
	if (rc == SQLITE_ROW) {
		struct sync_event event = {
			.path = w->path,
			.outcome = SYNC_DUTY_DROPPED,
			.plan_id = w->plan.id,
			.duty_id = id,
			.successor_id = successor_of(w, sqlite3_column_int64(marked, 0)),
		};
		w->on_event(w->ctx, &event);
		rc = sqlite3_step(marked);
	}
	sqlite3_reset(marked);
	return rc == SQLITE_DONE ? 0 : store_fail(w->store, err, _("cannot read a duty"));
}

/* The keys of the plan's duties this version does not have, in the
 * plan's (old) order. */
static int dropped_duties(struct plan_writer *w, long long **keys, size_t *n,
			  struct kh_error *err)
{
	*keys = NULL;
	*n = 0;
	if (w->n_seen)   /* none: every unit passed over (seen is NULL) */
		qsort(w->seen, w->n_seen, sizeof(*w->seen), compare_keys);
	/* From duty_by_plan_order alone (the key is in the index), between
	 * the places of the units passed over whole (kept, in order), whose
	 * duties are all still there: after a small edit, a few hundred
	 * entries of the index instead of every duty of the plan. */
	sqlite3_stmt *stmt = store_prepare(w->store,
		"SELECT key FROM duty WHERE plan_key = ?1 AND ord >= ?2 AND ord < ?3"
		" ORDER BY ord", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, w->plan_key);
	size_t cap = 0;
	int rc = SQLITE_DONE;
	for (size_t gap = 0; gap <= w->n_kept && rc == SQLITE_DONE; gap++) {
		long long from = gap ? w->kept[gap - 1].to : LLONG_MIN;
		long long to = gap < w->n_kept ? w->kept[gap].from : LLONG_MAX;
		if (from >= to)
			continue;
		sqlite3_bind_int64(stmt, 2, from);
		sqlite3_bind_int64(stmt, 3, to);
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
			long long key = sqlite3_column_int64(stmt, 0);
			if (w->n_seen &&
			    bsearch(&key, w->seen, w->n_seen, sizeof(*w->seen), compare_keys))
				continue;
			X_GROW(*keys, cap, *n + 1);
			(*keys)[(*n)++] = key;
		}
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail(w->store, err, _("cannot read a plan"));
}

/* Retires a duty the plan no longer has, with its assignments, saying
 * first whether it had marks; one retired already stays so, unsaid. */
static int retire_dropped(struct plan_writer *w, sqlite3_stmt *about,
			  sqlite3_stmt *marked, long long key, struct kh_error *err)
{
	sqlite3_bind_int64(about, 1, key);
	int rc = sqlite3_step(about);
	bool current = rc == SQLITE_ROW && sqlite3_column_int(about, 1) == 0;
	char *id = current ? x_strdup(store_column_text(about, 0)) : NULL;
	sqlite3_reset(about);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(w->store, err, _("cannot read a duty"));
	if (!current)
		return 0;
	rc = marked ? warn_dropped_duty(w, marked, id, key, err) : 0;
	x_free(id);
	if (rc == 0)
		rc = run_on_key(w, "UPDATE assignment SET retired = 1"
				" WHERE duty_key = ?1 AND retired = 0", key, NULL, err);
	if (rc == 0)
		rc = run_on_key(w, "UPDATE duty SET retired = 1 WHERE key = ?1",
				key, NULL, err);
	return rc;
}

/* Retires the duties this version of the plan no longer has, with their
 * assignments, in the plan's order, saying first which had marks. */
static int retire_dropped_duties(struct plan_writer *w, struct kh_error *err)
{
	if (plan_is_new(w))
		return 0;
	long long *keys;
	size_t n;
	if (dropped_duties(w, &keys, &n, err) < 0)
		return -1;
	sqlite3_stmt *about = NULL, *marked = NULL;
	int rc = 0;
	if (n) {
		about = store_prepare(w->store, "SELECT id, retired FROM duty WHERE key = ?1", err);
		if (about && w->on_event)
			marked = store_prepare(w->store,
				"SELECT d.owner_key FROM duty d WHERE d.key = ?1"
				" AND EXISTS (SELECT 1 FROM assignment a"
				"  WHERE a.duty_key = d.key AND (a.state <> 0 OR a.note IS NOT NULL"
				"  OR EXISTS (SELECT 1 FROM history h WHERE h.assignment_key = a.key)))",
				err);
		if (!about || (w->on_event && !marked))
			rc = -1;
	}
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = retire_dropped(w, about, marked, keys[i], err);
	sqlite3_finalize(about);
	sqlite3_finalize(marked);
	x_free(keys);
	return rc;
}

/* Retires what this generation of the plan no longer has: the duties
 * above, the units it does not name, and the plan the file held before. */
static int retire_leftovers(struct plan_writer *w, const char *abs,
			    struct kh_error *err)
{
	static const char *const sql[] = {
		"UPDATE unit SET retired = 1 WHERE plan_key = ?1 AND retired = 0"
		" AND gen < ?2",
		/* The file used to hold another plan: that one is gone. */
		"UPDATE plan SET retired = 1 WHERE path = ?3 AND key <> ?1",
	};
	if (retire_dropped_duties(w, err) < 0)
		return -1;
	/* A new plan has nothing older than itself; only the last applies. */
	size_t first = plan_is_new(w) ? KH_ARRAY_LEN(sql) - 1 : 0;
	for (size_t i = first; i < KH_ARRAY_LEN(sql); i++) {
		sqlite3_stmt *stmt = store_prepare(w->store, sql[i], err);
		if (!stmt)
			return -1;
		sqlite3_bind_int64(stmt, 1, w->plan_key);
		sqlite3_bind_int64(stmt, 2, w->gen);
		store_bind_text(stmt, 3, abs);
		int rc = sqlite3_step(stmt);
		sqlite3_finalize(stmt);
		if (rc != SQLITE_DONE)
			return store_fail(w->store, err, _("cannot retire old rows"));
	}
	return 0;
}

/* Sets next_duty_key to the key SQLite would give the next duty (one
 * past the largest): this writer alone inserts duties, in a
 * transaction of its own. */
static int first_free_duty_key(struct plan_writer *w, struct kh_error *err)
{
	sqlite3_stmt *stmt = store_prepare(w->store,
		"SELECT coalesce(max(key), 0) + 1 FROM duty", err);
	if (!stmt)
		return -1;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		w->next_duty_key = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : store_fail(w->store, err, _("cannot read a plan"));
}

static int prepare_writer(struct plan_writer *w, struct kh_error *err)
{
	static const struct {
		size_t offset;
		const char *sql;
	} statements[] = {
		{ offsetof(struct plan_writer, unit_insert),
		  "INSERT INTO unit(plan_key, id, name, head, is_group, ord, gen, content_hash)"
		  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?9)" },
		{ offsetof(struct plan_writer, unit_update),
		  "UPDATE unit SET name = ?3, head = ?4, is_group = ?5, ord = ?6,"
		  " gen = ?7, content_hash = ?9, retired = 0"
		  " WHERE key = ?8 AND plan_key = ?1 AND id = ?2" },
		{ offsetof(struct plan_writer, unit_keep),
		  "UPDATE unit SET gen = ?2, ord = ?3, retired = 0 WHERE key = ?1" },
		{ offsetof(struct plan_writer, member),
		  "INSERT INTO unit_member(group_key, member_key, ord) VALUES (?, ?, ?)" },
		{ offsetof(struct plan_writer, duty_update),
		  "UPDATE duty SET owner_key = ?3, text = ?4, phase = ?5,"
		  " due = ?6, start = ?7, refs = ?8, with_units = ?9, target = ?10,"
		  " ord = ?11, gen = ?12, content_hash = ?13, retired = 0"
		  " WHERE key = ?14 AND plan_key = ?1 AND id = ?2" },
		{ offsetof(struct plan_writer, duty_lookup),
		  "SELECT key, ord, content_hash, retired FROM duty"
		  " WHERE plan_key = ?1 AND id = ?2" },
		{ offsetof(struct plan_writer, duty_reorder),
		  "UPDATE duty SET ord = ?2 WHERE key = ?1" },
		{ offsetof(struct plan_writer, search_of_ords),
		  "INSERT INTO duty_search(duty_key, folded)"
		  " SELECT key, kh_search_text(id, text) FROM duty"
		  " WHERE plan_key = ?1 AND ord BETWEEN ?2 AND ?3"
		  /* A duty's row rewritten only when its text or id changed;
		   * a key that was a duty's once may hold its row still. */
		  " ON CONFLICT (duty_key) DO UPDATE SET folded = excluded.folded"
		  " WHERE folded IS NOT excluded.folded" },
		{ offsetof(struct plan_writer, slots_retire),
		  "UPDATE assignment SET retired = 1"
		  " WHERE duty_key = ?1 AND gen < ?2 AND retired = 0" },
		{ offsetof(struct plan_writer, assignment_update),
		  /* An extension outlives a new version of the plan. */
		  "UPDATE assignment SET unit_key = ?3, gen = ?4, plan_deadline = ?5,"
		  " deadline = coalesce(extended_to, ?5),"
		  " retired = 0 WHERE duty_key = ?1 AND slot = ?2" },
	};
	for (size_t i = 0; i < KH_ARRAY_LEN(statements); i++) {
		sqlite3_stmt **slot =
			(sqlite3_stmt **)((char *)w + statements[i].offset);
		if (!(*slot = store_prepare(w->store, statements[i].sql, err)))
			return -1;
	}
	if (first_free_duty_key(w, err) < 0)
		return -1;
	return load_old_keys(w, "SELECT id, key FROM unit WHERE plan_key = ?",
			     &w->old_units, err) < 0 ||
	       load_old_keys(w, "SELECT id, content_hash FROM unit WHERE plan_key = ?"
			     " AND retired = 0 AND content_hash IS NOT NULL",
			     &w->old_unit_hash, err) < 0 ? -1 : 0;
}

static void free_bulk(struct arena *bulk)
{
	if (bulk)
		arena_free(bulk);
	x_free(bulk);
}

static void finish_writer(struct plan_writer *w)
{
	sqlite3_stmt *stmts[] = {
		w->unit_insert, w->unit_update, w->unit_keep, w->member,
		w->duty_update, w->duty_lookup, w->duty_reorder, w->search_of_ords,
		w->slots_retire, w->assignment_update,
	};
	for (size_t i = 0; i < KH_ARRAY_LEN(stmts); i++)
		sqlite3_finalize(stmts[i]);
	for (size_t i = 0; i < BATCH_SIZES; i++) {
		sqlite3_finalize(w->duty_inserts[i]);
		sqlite3_finalize(w->assignment_inserts[i]);
	}
	str_map_free(&w->unit_key_by_id);
	str_map_free(&w->old_units);
	str_map_free(&w->old_unit_hash);
	x_free(w->kept);
	buf_free(&w->unit_content);
	x_free(w->seen);
	x_free(w->inserted_for);
	buf_free(&w->content);
	str_map_free(&w->new_duty_owner);
	arena_free(&w->old_ids);
	buf_free(&w->refs);
	buf_free(&w->with);
	x_free(w->facts);
	buf_free(&w->facts_text);
	for (size_t u = 0; u < w->n_units; u++)
		free_bulk(w->bulks[u]);
	for (size_t i = 0; i < w->n_unwritten; i++)
		free_bulk(w->unwritten[i]);
	x_free(w->unwritten);
	x_free(w->units);
	x_free(w->unit_keys);
	x_free(w->first_ord);
	x_free(w->waiting);
	x_free(w->bulks);
}

/* Refuses a plan whose id an active plan from another file already has. */
static int check_plan_id_free(struct store *store, const struct plan *plan,
			      const char *abs, struct kh_error *load_error,
			      struct kh_error *err)
{
	sqlite3_stmt *stmt = store_prepare(store,
		"SELECT path FROM plan WHERE id = ? AND path <> ? AND retired = 0",
		err);
	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, plan->id);
	store_bind_text(stmt, 2, abs);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		kh_error_set(load_error, plan->file, plan->id_pos.line,
			     plan->id_pos.column,
			     _("plan id '%s' is already used by %s; plan ids must be unique:"
			       " give this plan another"),
			     plan->id, store_column_text(stmt, 0));
		rc = 1;
	} else {
		rc = rc == SQLITE_DONE ? 0 : store_fail(store, err, _("cannot check plan ids"));
	}
	sqlite3_finalize(stmt);
	return rc;
}

/* Drops the counts kept of every group of the plan: a group's counts
 * are its members' rows of its duties, which a new version may give
 * other members or another owner (the trigger sees the duty's new owner
 * only). Done as the write begins, for the groups the plan had (one it
 * makes a plain unit would keep its counts: nothing of its own changes),
 * and as it ends, for those it has. Groups are few. */
static int drop_group_counts(struct plan_writer *w, struct kh_error *err)
{
	sqlite3_stmt *stmt = store_prepare(w->store,
		"DELETE FROM unit_counts WHERE unit_key IN"
		" (SELECT key FROM unit WHERE plan_key = ?1 AND is_group)", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, w->plan_key);
	int rc = step_done(w, stmt, N_("cannot write an assignment"), err);
	sqlite3_finalize(stmt);
	return rc;
}

/* Starts the write of a plan, from its own fields (header: no units):
 * its row, in a transaction the writer's last step commits. Returns 0, 1
 * when the plan id is another file's (load_error filled), or -1. */
static int writer_begin(struct plan_writer *w, const struct plan *header,
			const char *abs, struct kh_error *load_error,
			struct kh_error *err)
{
	w->plan = *header;
	w->plan.units = NULL;
	w->plan.n_units = 0;
	w->plan.arena = (struct arena){ 0 };
	if (store_begin(w->store, err) < 0)
		return -1;
	int clash = check_plan_id_free(w->store, header, abs, load_error, err);
	if (clash != 0)
		return clash;
	if (write_plan_row(w, abs, err) < 0 || drop_group_counts(w, err) < 0 ||
	    prepare_writer(w, err) < 0)
		return -1;
	return 0;
}

/* Whether every member of the unit has its row already. */
static bool members_written(const struct plan_writer *w, const struct unit *unit)
{
	long long key;
	for (size_t m = 0; m < unit->n_members; m++)
		if (!unit->members[m].id ||
		    !str_map_get(&w->unit_key_by_id, unit->members[m].id, &key))
			return false;
	return true;
}

static int write_unit_duties(struct plan_writer *w, size_t u, struct kh_error *err)
{
	const struct unit *unit = &w->units[u];
	const struct duty_facts *facts = unit_duty_facts(w, u);
	for (size_t d = 0; d < unit->n_duties; d++)
		if (write_duty(w, u, &unit->duties[d], &facts[d],
			       w->first_ord[u] + (long long)d, err) < 0)
			return -1;
	if (flush_inserts(w, err) < 0)
		return -1;
	if (unit->n_duties == 0)
		return 0;
	/* The unit's duties as a search reads them (duty_search), at once,
	 * while their pages are still in the cache: read back after the
	 * whole plan, from pages long since spilled to the log, a new plan's
	 * 100,000 took 200-300 ms of a cold sync's end. The place range may
	 * hold a duty of a later unit not yet written, or a retired one:
	 * their rows are folded from what is stored, as they already are. */
	sqlite3_bind_int64(w->search_of_ords, 1, w->plan_key);
	sqlite3_bind_int64(w->search_of_ords, 2, w->first_ord[u]);
	sqlite3_bind_int64(w->search_of_ords, 3,
			   w->first_ord[u] + (long long)unit->n_duties - 1);
	return step_done(w, w->search_of_ords, N_("cannot write a duty"), err);
}

/* The search texts of unit's duties, made on the thread that reads the
 * plan. A new plan writes every duty, and folding their texts (text_fold)
 * was 9% of the writing thread's instructions in a cold sync (callgrind,
 * 100,000 duties), while the reading thread had time to spare. A re-sync
 * writes a few changed units, which the writer folds itself: made ahead,
 * the texts of every unchanged unit would wait on the parser instead. */
static struct search_ahead *search_ahead_make(const struct unit *unit)
{
	struct search_ahead *ahead = x_calloc(1, sizeof(*ahead));
	ahead->duties = x_calloc(unit->n_duties ? unit->n_duties : 1,
				 sizeof(*ahead->duties));
	for (size_t d = 0; d < unit->n_duties; d++) {
		const struct duty *duty = &unit->duties[d];
		ahead->duties[d] = (struct search_ahead_duty){
			duty->id, duty->text, ahead->texts.len,
		};
		store_search_text_append(&ahead->texts, duty->id, duty->text);
		buf_append(&ahead->texts, "", 1);   /* its NUL */
	}
	ahead->n = unit->n_duties;
	return ahead;
}

static void search_ahead_free(struct search_ahead *ahead)
{
	if (!ahead)
		return;
	x_free(ahead->duties);
	buf_free(&ahead->texts);
	x_free(ahead);
}

/* Appends a copy of unit, whose duties take places, to the writer's;
 * returns its number. */
static size_t append_unit(struct plan_writer *w, const struct unit *unit,
			  struct arena *bulk, long long places)
{
	size_t u = w->n_units;
	if (u == w->units_cap) {
		size_t cap = w->units_cap;
		X_GROW(w->units, cap, u + 1);
		w->unit_keys = x_realloc(w->unit_keys, cap * sizeof(*w->unit_keys));
		w->first_ord = x_realloc(w->first_ord, cap * sizeof(*w->first_ord));
		w->waiting = x_realloc(w->waiting, cap * sizeof(*w->waiting));
		w->bulks = x_realloc(w->bulks, cap * sizeof(*w->bulks));
		w->units_cap = cap;
	}
	w->units[u] = *unit;
	w->bulks[u] = bulk;
	w->first_ord[u] = w->next_ord;
	w->next_ord += places;
	w->waiting[u] = false;
	w->n_units++;
	return u;
}

/* writer_add_unit() but for ahead. */
static int add_unit(struct plan_writer *w, const struct unit *unit,
		    bool dates_final, struct arena *bulk, struct search_ahead *ahead,
		    struct kh_error *err)
{
	size_t u = append_unit(w, unit, bulk, (long long)unit->n_duties);
	/* A unit whose duties wait for the end has no hash: it is written
	 * whole every time (groups named before their members, dates
	 * relative to Tết: a few). */
	w->waiting[u] = !dates_final || !members_written(w, unit);
	long long hash = w->waiting[u] ? 0 : unit_content_hash(w, u);
	if (write_unit_row(w, u, w->waiting[u] ? NULL : &hash, err) < 0)
		return -1;
	if (w->waiting[u])
		return 0;
	long long old;
	if (str_map_get(&w->old_unit_hash, unit->id, &old) && old == hash) {
		keep_places(w, w->first_ord[u], w->first_ord[u] + (long long)unit->n_duties);
	} else {
		w->store->search_ahead = ahead;
		int rc = write_unit_duties(w, u, err);
		w->store->search_ahead = NULL;
		if (rc < 0)
			return -1;
	}
	free_bulk(w->bulks[u]);
	w->bulks[u] = NULL;
	w->units[u].duties = NULL;
	return 0;
}

/* Writes the next unit of the file (a copy is kept) and, unless they
 * must wait for the end of the file, its duties. bulk (NULL: none) holds
 * a streamed unit's duties: the writer's now, freed once they are
 * written, if the reader let them go (dates_final). ahead (NULL: none)
 * holds their search texts, made by the reader; it is freed here. */
static int writer_add_unit(struct plan_writer *w, const struct unit *unit,
			   bool dates_final, struct arena *bulk,
			   struct search_ahead *ahead, struct kh_error *err)
{
	int rc = add_unit(w, unit, dates_final, bulk, ahead, err);
	search_ahead_free(ahead);
	return rc;
}

/* Drops the counts kept (unit_counts) of the units given assignments:
 * the sync is what inserts and deletes assignments, and says so itself,
 * once a unit, rather than a trigger once a row (see schema 9 in
 * store.c); take_over_renamed drops those of the assignments it
 * deletes. Updates drop theirs by trigger. And the groups' (again). */
static int drop_kept_counts(struct plan_writer *w, struct kh_error *err)
{
	sqlite3_stmt *stmt = store_prepare(w->store,
		"DELETE FROM unit_counts WHERE unit_key = ?1", err);
	if (!stmt)
		return -1;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < w->n_inserted_for; i++) {
		sqlite3_bind_int64(stmt, 1, w->inserted_for[i]);
		rc = step_done(w, stmt, N_("cannot write an assignment"), err);
	}
	sqlite3_finalize(stmt);
	return rc == 0 ? drop_group_counts(w, err) : rc;
}

/* Records where each unit of the file lies (plan_source.h), for the next
 * sync to pass over those an edit does not touch; with each, how many
 * duties it has (the places they take). */
static int save_layout(struct plan_writer *w, const struct source_layout *layout,
		       const char *abs, struct kh_error *err)
{
	if (layout->n_units != w->n_units)
		return 0;
	sqlite3_stmt *file = store_prepare(w->store,
		"UPDATE plan_file SET src_head = ?2, src_head_hash = ?3, src_tail = ?4,"
		" src_tail_hash = ?5, src_dash = ?6 WHERE path = ?1", err);
	sqlite3_stmt *unit = file ? store_prepare(w->store,
		"UPDATE unit SET src_bytes = ?2, src_hash = ?3, src_duties = ?4"
		" WHERE key = ?1", err) : NULL;
	int rc = unit ? 0 : -1;
	for (size_t u = 0; rc == 0 && u < w->n_units; u++) {
		long long end = u + 1 < w->n_units ? w->first_ord[u + 1] : w->next_ord;
		sqlite3_bind_int64(unit, 1, w->unit_keys[u]);
		sqlite3_bind_int64(unit, 2, (long long)layout->units[u].bytes);
		sqlite3_bind_int64(unit, 3, (long long)layout->units[u].hash);
		sqlite3_bind_int64(unit, 4, end - w->first_ord[u]);
		rc = step_done(w, unit, N_("cannot write a unit"), err);
	}
	if (rc == 0) {
		store_bind_text(file, 1, abs);
		sqlite3_bind_int64(file, 2, (long long)layout->head);
		sqlite3_bind_int64(file, 3, (long long)layout->head_hash);
		sqlite3_bind_int64(file, 4, (long long)layout->tail);
		sqlite3_bind_int64(file, 5, (long long)layout->tail_hash);
		sqlite3_bind_int(file, 6, (int)layout->dash);
		rc = step_done(w, file, N_("cannot record a plan file"), err);
	}
	sqlite3_finalize(file);
	sqlite3_finalize(unit);
	return rc;
}

/* save_layout() of layout, or when NULL of the one the file has, read
 * again (it must still be the content loaded, st->hash). The read costs
 * a large plan's cold sync a few per cent; what it saves is the parse of
 * the whole file at every later edit. */
static int record_layout(struct plan_writer *w, const struct plan *plan,
			 const char *abs, const struct file_state *st,
			 const struct source_layout *layout, struct kh_error *err)
{
	if (layout)
		return save_layout(w, layout, abs, err);
	struct source_layout found;
	if (source_layout_find(w->path, plan, st->hash, &found) < 0)
		return 0;
	int rc = save_layout(w, &found, abs, err);
	source_layout_free(&found);
	return rc;
}

/* Ends the write of the plan, loaded whole and sound: the members of its
 * groups, the duties that waited (from the plan, whose dates are now
 * final), what it no longer has, the file's state and layout (NULL: read
 * from the file); then commits. */
static int writer_finish(struct plan_writer *w, const struct plan *plan,
			 const char *abs, const struct file_state *st,
			 const struct source_layout *layout, struct kh_error *err)
{
	if (write_members(w, err) < 0)
		return -1;
	/* Their duties are the writer's copy's, the same memory as the
	 * plan's (their dates now final): facts found before are not
	 * theirs now. */
	w->facts_for = 0;
	for (size_t u = 0; u < w->n_units; u++)
		if (w->waiting[u] && write_unit_duties(w, u, err) < 0)
			return -1;
	if (retire_leftovers(w, abs, err) < 0 ||
	    drop_kept_counts(w, err) < 0 ||
	    save_file(w->store, abs, st, plan->id, NULL, err) < 0 ||
	    record_layout(w, plan, abs, st, layout, err) < 0)
		return -1;
	return store_commit(w->store, err);
}

/* Writes plan (loaded from abs) and the file's new state in one
 * transaction. Returns 0, 1 when the plan was refused (load_error filled),
 * or -1 when the database failed (err filled; nothing written). */
static int write_plan(struct plan_writer *w, const struct plan *plan,
		      const char *abs, const struct file_state *st,
		      struct kh_error *load_error, struct kh_error *err)
{
	int rc = writer_begin(w, plan, abs, load_error, err);
	for (size_t u = 0; rc == 0 && u < plan->n_units; u++)
		rc = writer_add_unit(w, &plan->units[u], true, NULL, NULL, err);
	if (rc == 0)
		rc = writer_finish(w, plan, abs, st, NULL, err);
	if (rc != 0)
		store_rollback(w->store);
	return rc;
}

/* ---- reading and writing at once -----------------------------------------
 *
 * A large plan is read on a thread of its own while this one writes what
 * is read: parsing and storing overlap on two cores. The reader hands
 * units over through a queue of a few (it waits when the writer lags),
 * so the writer's work stays bounded. The writer writes as they come, in
 * the one transaction, but commits only once the whole file has loaded
 * and passed its checks: a plan refused at its last line leaves nothing
 * behind, as before. */

#define PIPE_UNITS 16
/* A side that waits is woken once half the queue is ready for it (or the
 * file has ended), not at every unit: after a small edit the writer has
 * next to nothing to write and slept and was woken a thousand times, each
 * time taking a core from the parser (as in yaml_pipe). */
#define PIPE_WAKE_AFTER (PIPE_UNITS / 2)

enum pipe_kind { PIPE_HEADER, PIPE_UNIT, PIPE_END };

struct pipe_item {
	enum pipe_kind kind;
	struct unit unit;
	bool dates_final;
	struct arena *bulk;
	struct search_ahead *ahead;   /* or NULL */
};

struct sync_pipe {
	pthread_mutex_t lock;
	pthread_cond_t filled;         /* for the writer */
	pthread_cond_t emptied;        /* for the reader */
	bool writer_waits, reader_waits;
	struct pipe_item items[PIPE_UNITS];
	size_t first, count;
	struct plan header;            /* with PIPE_HEADER */
	/* The reader's: */
	const char *path;
	bool hashing;                  /* the file's hash waits for the read: */
	XXH3_state_t hash;             /* shown the file as read */
	struct plan *plan;
	struct kh_error load_error;
	int load_rc;
	bool fold_ahead;               /* search_ahead_make() each unit */
};

static void pipe_push(struct sync_pipe *p, const struct pipe_item *item)
{
	pthread_mutex_lock(&p->lock);
	while (p->count == PIPE_UNITS) {
		p->reader_waits = true;
		pthread_cond_wait(&p->emptied, &p->lock);
		p->reader_waits = false;
	}
	p->items[(p->first + p->count) % PIPE_UNITS] = *item;
	p->count++;
	if (p->writer_waits && (p->count >= PIPE_WAKE_AFTER || item->kind == PIPE_END))
		pthread_cond_signal(&p->filled);
	pthread_mutex_unlock(&p->lock);
}

static struct pipe_item pipe_pop(struct sync_pipe *p)
{
	pthread_mutex_lock(&p->lock);
	while (p->count == 0) {
		p->writer_waits = true;
		pthread_cond_wait(&p->filled, &p->lock);
		p->writer_waits = false;
	}
	struct pipe_item item = p->items[p->first];
	p->first = (p->first + 1) % PIPE_UNITS;
	p->count--;
	if (p->reader_waits && p->count <= PIPE_UNITS - PIPE_WAKE_AFTER)
		pthread_cond_signal(&p->emptied);
	pthread_mutex_unlock(&p->lock);
	return item;
}

static void hand_over_header(void *ctx, const struct plan *header)
{
	struct sync_pipe *p = ctx;
	p->header = *header;   /* read by the writer after the pop */
	pipe_push(p, &(struct pipe_item){ .kind = PIPE_HEADER });
}

static void hand_over_unit(void *ctx, const struct unit *unit, bool dates_final,
			   struct arena *bulk)
{
	struct sync_pipe *p = ctx;
	struct search_ahead *ahead = p->fold_ahead ? search_ahead_make(unit) : NULL;
	pipe_push(p, &(struct pipe_item){ .kind = PIPE_UNIT, .unit = *unit,
					  .dates_final = dates_final, .bulk = bulk,
					  .ahead = ahead });
}

static void hash_read(void *ctx, const char *bytes, size_t len)
{
	struct sync_pipe *p = ctx;
	hash_chunk(&p->hash, bytes, len);
}

static void *read_plan(void *arg)
{
	struct sync_pipe *p = arg;
	prctl(PR_SET_NAME, "kehoach-read");   /* as top and perf show it */
	/* The checks keep what they need of the duties let go in a
	 * temporary database (store_check.c); in memory if none opens. */
	struct plan_check_store kept;
	struct store_check_spill *spill = store_check_spill_open(&kept);
	const struct plan_stream stream = { hand_over_header, hand_over_unit,
					    p->hashing ? hash_read : NULL, p,
					    spill ? &kept : NULL };
	p->load_rc = plan_load_file_streamed(p->path, &stream, &p->plan, &p->load_error);
	store_check_spill_close(spill);
	pipe_push(p, &(struct pipe_item){ .kind = PIPE_END });
	return NULL;
}

/* Writes what the reader hands over until it is done. Returns 0, 1 (plan
 * id clash, load_error filled) or -1; sets *begun once the write began. */
static int write_handed_over(struct plan_writer *w, struct sync_pipe *p,
			     const char *abs, bool *begun,
			     struct kh_error *clash, struct kh_error *err)
{
	int rc = 0;
	for (;;) {
		struct pipe_item item = pipe_pop(p);
		if (item.kind == PIPE_END)
			return rc;
		if (item.kind == PIPE_HEADER) {
			*begun = true;
			rc = writer_begin(w, &p->header, abs, clash, err);
		} else if (rc != 0) {
			/* The write failed: let the reader finish. The plan may
			 * still hold these duties: they are freed after it. */
			X_GROW(w->unwritten, w->unwritten_cap, w->n_unwritten + 1);
			w->unwritten[w->n_unwritten++] = item.bulk;
			search_ahead_free(item.ahead);
		} else {
			rc = writer_add_unit(w, &item.unit, item.dates_final, item.bulk,
					     item.ahead, err);
		}
	}
}

/* A writer as new, for the same file. */
static void writer_reset(struct plan_writer *w)
{
	struct plan_writer fresh = { .store = w->store, .on_event = w->on_event,
				     .ctx = w->ctx, .path = w->path };
	finish_writer(w);
	*w = fresh;
}

enum load_outcome {
	LOAD_FAILED_DB = -1,  /* err filled; nothing written */
	LOAD_WRITTEN = 0,
	LOAD_REFUSED,         /* the file's error in load_error; nothing written */
	LOAD_ID_TAKEN,        /* another file's plan has its id (load_error) */
};

/* Loads p's file whole, on this thread, into p->plan: when the read
 * while writing could not be had, or failed. A hash that waits for the
 * read is taken first, by reading the file, as for a file of the same
 * size (sync_file): a change landing after it then shows as a new mtime
 * and another hash next time; taken after the load, it could be of
 * content never loaded, and keep it from ever being loaded. */
static void load_whole(struct sync_pipe *p, struct file_state *st)
{
	if (p->hashing) {
		p->hashing = false;
		if (hash_file(p->path, st->hash, &p->load_error) < 0) {
			p->load_rc = -1;
			return;
		}
	}
	p->load_rc = plan_load_file(p->path, &p->plan, &p->load_error);
}

/* Loads the file at path and writes its plan, reading and writing at
 * once; *out is the plan loaded, if it loaded. A hash missing from st is
 * taken from the bytes read (the plan written is the one hashed). */
static enum load_outcome load_and_write(struct plan_writer *w, const char *path,
			  const char *abs, struct file_state *st,
			  struct plan **out, struct kh_error *load_error,
			  struct kh_error *err)
{
	struct sync_pipe p = { .path = path, .hashing = st->hash[0] == '\0',
			       .fold_ahead = w->fold_ahead };
	if (p.hashing)
		XXH3_128bits_reset(&p.hash);
	bool streamed = false;     /* the plan is the one read, whole, with p.hash */
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.filled, NULL);
	pthread_cond_init(&p.emptied, NULL);
	pthread_t reader;
	bool threaded = pthread_create(&reader, NULL, read_plan, &p) == 0;
	int rc = 0;
	bool begun = false;
	struct kh_error clash;
	if (threaded) {
		rc = write_handed_over(w, &p, abs, &begun, &clash, err);
		pthread_join(reader, NULL);
		streamed = p.load_rc == 0;
	} else {
		load_whole(&p, st);
	}
	pthread_cond_destroy(&p.filled);
	pthread_cond_destroy(&p.emptied);
	pthread_mutex_destroy(&p.lock);
	if (p.load_rc < 0 && begun) {
		/* The file's own error comes first, whatever the write met;
		 * the one a load of the whole file gives first, for a streamed
		 * load checks in another order. */
		store_rollback(w->store);
		plan_free(p.plan);
		p.plan = NULL;
		load_whole(&p, st);
		if (p.load_rc == 0) {
			/* Changed meanwhile, and sound now: written whole. */
			writer_reset(w);
			begun = false;
		}
	}
	*out = p.plan;
	if (p.load_rc < 0) {
		store_rollback(w->store);
		*load_error = p.load_error;
		return LOAD_REFUSED;
	}
	if (p.hashing && streamed)
		source_hash_hex(&p.hash, st->hash);
	/* else hashed by load_whole(), or before (sync_file) */
	if (!begun) {
		rc = write_plan(w, p.plan, abs, st, load_error, err);
	} else {
		if (rc == 0)
			rc = writer_finish(w, p.plan, abs, st, NULL, err);
		if (rc != 0)
			store_rollback(w->store);
		if (rc == 1)
			*load_error = clash;
	}
	return rc < 0 ? LOAD_FAILED_DB : rc == 1 ? LOAD_ID_TAKEN : LOAD_WRITTEN;
}

/* ---- passing over what an edit did not touch ------------------------------
 *
 * After a small edit most of a large file is what the last sync read: the
 * units before the edit are byte for byte where they were, those after it
 * byte for byte the same, moved. plan_source.h finds the units between,
 * and only they are parsed: in a plan made of the file's head, the units
 * before them each stood in for by its id (and members), them, the units
 * after stood in for, and the file's tail. The stand-ins give the checks
 * of the whole plan what they need of the units passed over (the units
 * that `with` and `members` may name); the writer keeps those units' rows
 * as they are (pass_over_unit), as it does any unit whose content hash is
 * the one stored.
 *
 * This parses the units read as the whole file would be parsed: each
 * unit's item starts its own line with "-" at the same column (checked
 * when the layout was found, and again for the units read), so the YAML
 * around an item, stand-in or not, is a block sequence's entry at that
 * column, and nothing of an item carries into the next.
 *
 * The file is read whole instead whenever anything here does not hold:
 * no layout stored (the last sync failed, or read a file not laid out a
 * unit a line); the head or tail changed; a unit added, removed, renamed
 * or moved; a duty of the units read added, removed, renamed (`was:`) or
 * moved; the units read do not parse or check (errors are then said as
 * the whole file gives them, with their lines); the file or the plan's
 * rows changed meanwhile; more than PARTIAL_MIDDLE_MAX bytes to read. */

#define PARTIAL_MIDDLE_MAX ((size_t)2 << 20)

/* The file's plan as its last sync left it. */
struct stored_plan {
	long long key;
	struct source_layout layout;
	struct stored_unit {
		long long key, duties;
		char *id;
		bool is_group;
	} *units;
	struct buf stand_ins;   /* each unit's, one after the other */
	size_t *stand_in_at;    /* where unit u's starts in stand_ins (n + 1) */
};

static void stored_plan_free(struct stored_plan *sp)
{
	for (size_t u = 0; u < sp->layout.n_units; u++)
		x_free(sp->units[u].id);
	x_free(sp->units);
	x_free(sp->stand_in_at);
	buf_free(&sp->stand_ins);
	source_layout_free(&sp->layout);
}

/* Reads the layout and the current units of the plan of the file at abs.
 * Returns 1, 0 when there is none to use, or -1 (err). */
static int read_layout(struct store *store, const char *abs, struct stored_plan *sp,
		       struct kh_error *err)
{
	sqlite3_stmt *stmt = store_prepare(store,
		"SELECT f.src_head, f.src_head_hash, f.src_tail, f.src_tail_hash,"
		"  f.src_dash, p.key FROM plan_file f"
		" JOIN plan p ON p.path = f.path AND p.id = f.plan_id AND p.retired = 0"
		" WHERE f.path = ?1 AND f.error IS NULL AND f.src_head IS NOT NULL", err);
	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, abs);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		struct source_layout *l = &sp->layout;
		l->head = (size_t)sqlite3_column_int64(stmt, 0);
		l->head_hash = (uint64_t)sqlite3_column_int64(stmt, 1);
		l->tail = (size_t)sqlite3_column_int64(stmt, 2);
		l->tail_hash = (uint64_t)sqlite3_column_int64(stmt, 3);
		l->dash = (unsigned)sqlite3_column_int(stmt, 4);
		sp->key = sqlite3_column_int64(stmt, 5);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : store_fail(store, err, _("cannot read the plan files table"));
	return 1;
}

/* Reads the plan's current units, in file order, into sp. Returns 1, 0
 * when one has no layout, or -1 (err). A unit with no content hash (one
 * whose duties waited for the end of the file) is passed over all the
 * same: its rows are what its bytes, the plan's head and its members'
 * ids made them, all as they were. */
static int read_units(struct store *store, struct stored_plan *sp, struct kh_error *err)
{
	sqlite3_stmt *stmt = store_prepare(store,
		"SELECT key, id, is_group, src_bytes, src_hash, src_duties"
		" FROM unit WHERE plan_key = ?1 AND retired = 0 ORDER BY ord", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, sp->key);
	size_t cap = 0, ranges_cap = 0;
	int rc, usable = 1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		for (int c = 3; c <= 5; c++)
			if (sqlite3_column_type(stmt, c) == SQLITE_NULL)
				usable = 0;
		size_t u = sp->layout.n_units;
		X_GROW(sp->units, cap, u + 1);
		X_GROW(sp->layout.units, ranges_cap, u + 1);
		sp->units[u] = (struct stored_unit){
			.key = sqlite3_column_int64(stmt, 0),
			.id = x_strdup(store_column_text(stmt, 1)),
			.is_group = sqlite3_column_int(stmt, 2) != 0,
			.duties = sqlite3_column_int64(stmt, 5),
		};
		sp->layout.units[u] = (struct source_range){
			(size_t)sqlite3_column_int64(stmt, 3),
			(uint64_t)sqlite3_column_int64(stmt, 4),
		};
		sp->layout.n_units++;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, _("cannot read a plan"));
	return usable && sp->layout.n_units ? 1 : 0;
}

/* Writes each unit's stand-in: its id and, for a group, its members, as
 * an item of the list of units with "-" at the file's column. Ids are
 * [a-z0-9-] (plan_id_valid): quoted, none reads as anything but text. */
static int write_stand_ins(struct store *store, struct stored_plan *sp,
			   struct kh_error *err)
{
	sqlite3_stmt *members = store_prepare(store,
		"SELECT u.id FROM unit_member m JOIN unit u ON u.key = m.member_key"
		" WHERE m.group_key = ?1 ORDER BY m.ord", err);
	if (!members)
		return -1;
	size_t n = sp->layout.n_units;
	unsigned dash = sp->layout.dash;
	sp->stand_in_at = x_calloc(n + 1, sizeof(*sp->stand_in_at));
	int rc = SQLITE_DONE;
	for (size_t u = 0; u < n && rc == SQLITE_DONE; u++) {
		struct buf *b = &sp->stand_ins;
		sp->stand_in_at[u] = b->len;
		buf_put_spaces(b, dash);
		buf_printf(b, "- id: \"%s\"\n", sp->units[u].id);
		buf_put_spaces(b, dash + 2);
		buf_puts(b, "name: \"-\"\n");
		if (!sp->units[u].is_group)
			continue;
		buf_put_spaces(b, dash + 2);
		buf_puts(b, "members: [");
		sqlite3_bind_int64(members, 1, sp->units[u].key);
		for (size_t m = 0; (rc = sqlite3_step(members)) == SQLITE_ROW; m++)
			buf_printf(b, "%s\"%s\"", m ? ", " : "",
				   store_column_text(members, 0));
		sqlite3_reset(members);
		buf_puts(b, "]\n");
	}
	sp->stand_in_at[n] = sp->stand_ins.len;
	sqlite3_finalize(members);
	return rc == SQLITE_DONE ? 0 : store_fail(store, err, _("cannot read a plan"));
}

/* The file as the partial parse reads it: head, stand-ins for units
 * [0, first), the bytes of the units changed, stand-ins for units after
 * last, tail. Sets *middle_at to where the units changed start in it. */
static void build_partial(const struct stored_plan *sp, const struct source_diff *diff,
			  struct buf *out, size_t *middle_at)
{
	const size_t *at = sp->stand_in_at;
	buf_append(out, diff->head.data, diff->head.len);
	buf_append(out, sp->stand_ins.data, at[diff->first]);
	*middle_at = out->len;
	buf_append(out, diff->middle.data, diff->middle.len);
	size_t n = sp->layout.n_units;
	buf_append(out, sp->stand_ins.data + at[diff->last + 1],
		   at[n] - at[diff->last + 1]);
	buf_append(out, diff->tail.data, diff->tail.len);
}

/* Whether the duties of the units read are those the store has at their
 * places, by id, in order, none with `was:` (a rename claims a duty of
 * another unit, maybe one passed over). */
static int same_duties(struct store *store, const struct stored_plan *sp,
		       const struct plan *plan, const struct source_diff *diff,
		       struct kh_error *err)
{
	long long from = 0, to;
	for (size_t u = 0; u < diff->first; u++)
		from += sp->units[u].duties;
	to = from;
	for (size_t u = diff->first; u <= diff->last; u++)
		to += sp->units[u].duties;
	sqlite3_stmt *stmt = store_prepare(store,
		"SELECT id FROM duty WHERE plan_key = ?1 AND retired = 0"
		" AND ord >= ?2 AND ord < ?3 ORDER BY ord", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, sp->key);
	sqlite3_bind_int64(stmt, 2, from);
	sqlite3_bind_int64(stmt, 3, to);
	bool same = true;
	int rc = SQLITE_ROW;
	for (size_t u = diff->first; same && u <= diff->last; u++) {
		const struct unit *unit = &plan->units[u];
		for (size_t d = 0; same && d < unit->n_duties; d++) {
			rc = sqlite3_step(stmt);
			same = rc == SQLITE_ROW && unit->duties[d].n_was == 0 &&
			       !strcmp(store_column_text(stmt, 0), unit->duties[d].id);
		}
	}
	if (same)
		same = (rc = sqlite3_step(stmt)) == SQLITE_DONE;
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(store, err, _("cannot read a plan"));
	return same;
}

/* A cursor from characters (libyaml's marks) to bytes of a text, for
 * marks that come in order. */
struct char_cursor {
	const struct buf *text;
	size_t byte, chars;
};

static size_t cursor_byte(struct char_cursor *c, size_t chars)
{
	if (chars < c->chars)
		return SIZE_MAX;
	c->byte += source_char_byte(c->text->data + c->byte, c->text->len - c->byte,
				    chars - c->chars);
	c->chars = chars;
	return c->byte;
}

/* Whether the plan parsed from the partial file is the stored plan but
 * for the units read: the same units in order, those read each starting
 * a line with "-" at the file's column, one after the other from the
 * start of the middle to its end, where the next unit or the tail
 * starts. Fills layout with the new file's: the stored ranges, and those
 * of the units read. */
static bool same_units(const struct stored_plan *sp, const struct plan *plan,
		       const struct source_diff *diff, const struct buf *partial,
		       size_t middle_at, struct source_layout *layout)
{
	size_t n = sp->layout.n_units;
	if (plan->n_units != n)
		return false;
	for (size_t u = 0; u < n; u++)
		if (strcmp(plan->units[u].id, sp->units[u].id))
			return false;
	size_t middle_end = middle_at + diff->middle.len;
	size_t *lines = x_calloc(n + 1, sizeof(*lines));
	struct char_cursor cursor = { partial, 0, 0 };
	bool same = true;
	for (size_t u = diff->first; same && u <= diff->last; u++) {
		const struct unit *unit = &plan->units[u];
		size_t line = cursor_byte(&cursor, unit->line_at);
		size_t at = cursor_byte(&cursor, unit->at);
		unsigned dash;
		same = line < middle_end && at <= middle_end &&
		       (u > diff->first || line == middle_at) &&
		       (u == diff->first || line > lines[u - 1]) &&
		       source_dash_line(partial->data + line, at - line, &dash) &&
		       dash == sp->layout.dash;
		lines[u] = line;
	}
	/* What follows: the next stand-in, or the tail. */
	size_t next = diff->last + 1 < n ? plan->units[diff->last + 1].line_at
					 : plan->units_end;
	if (same && cursor_byte(&cursor, next) != middle_end)
		same = false;
	lines[diff->last + 1] = middle_end;
	if (same) {
		*layout = sp->layout;
		layout->units = x_calloc(n, sizeof(*layout->units));
		memcpy(layout->units, sp->layout.units, n * sizeof(*layout->units));
		for (size_t u = diff->first; u <= diff->last; u++) {
			size_t bytes = lines[u + 1] - lines[u];
			layout->units[u] = (struct source_range){
				bytes, XXH3_64bits(partial->data + lines[u], bytes),
			};
		}
	}
	x_free(lines);
	return same;
}

/* Keeps the row of a unit passed over by a partial sync (stand-in: its
 * id and members; stored: what it had), as add_unit() keeps a unit
 * whose content hash is the one stored: its duties, at the places they
 * have, stay as they are. */
static int pass_over_unit(struct plan_writer *w, const struct unit *stand_in,
			  const struct stored_unit *stored, struct kh_error *err)
{
	struct unit copy = *stand_in;
	copy.duties = NULL;
	copy.n_duties = 0;
	size_t u = append_unit(w, &copy, NULL, stored->duties);
	w->unit_keys[u] = stored->key;
	str_map_add(&w->unit_key_by_id, stand_in->id, stored->key, NULL);
	keep_places(w, w->first_ord[u], w->next_ord);
	sqlite3_bind_int64(w->unit_keep, 1, stored->key);
	sqlite3_bind_int64(w->unit_keep, 2, w->gen);
	sqlite3_bind_int64(w->unit_keep, 3, (long long)u);
	return step_done(w, w->unit_keep, N_("cannot write a unit"), err);
}

/* Whether the file's row is still the one the partial sync started from
 * (another sync may have written it since, before this one's transaction
 * began). */
static int file_unchanged(struct store *store, const char *abs,
			  const struct known_file *known, struct kh_error *err)
{
	struct known_file now;
	if (lookup_file(store, abs, &now, err) < 0)
		return -1;
	bool same = now.found && !now.error && now.state.size == known->state.size &&
		    now.state.mtime_ns == known->state.mtime_ns &&
		    !strcmp(now.state.hash, known->state.hash);
	known_file_free(&now);
	return same;
}

/* Writes the plan parsed from the partial file: the units read as
 * writer_add_unit() does, the others passed over. */
static int write_partial(struct plan_writer *w, const struct stored_plan *sp,
			 const struct plan *plan, const struct source_diff *diff,
			 const char *abs, const struct known_file *known,
			 const struct file_state *st, const struct source_layout *layout,
			 struct kh_error *err)
{
	struct kh_error clash;
	int rc = writer_begin(w, plan, abs, &clash, err);
	if (rc == 0)
		rc = file_unchanged(w->store, abs, known, err) == 1 ? 0 : 1;
	for (size_t u = 0; rc == 0 && u < plan->n_units; u++)
		rc = u >= diff->first && u <= diff->last
			? writer_add_unit(w, &plan->units[u], true, NULL, NULL, err)
			: pass_over_unit(w, &plan->units[u], &sp->units[u], err);
	if (rc == 0)
		rc = writer_finish(w, plan, abs, st, layout, err);
	if (rc != 0)
		store_rollback(w->store);
	return rc;
}

/* Syncs the file at path by parsing only the units an edit changed, when
 * it can (see above). Returns 1 when written (*out the plan parsed, of
 * stand-ins but for them; *units_read how many), 0 when the file must be
 * read whole (nothing written; w as new), or -1 when the database failed
 * (err). */
static int sync_partially(struct plan_writer *w, const char *path, const char *abs,
			  const struct known_file *known, struct file_state *st,
			  struct plan **out, size_t *units_read, struct kh_error *err)
{
	*out = NULL;
	const char *whole = getenv("KEHOACH_SYNC_WHOLE");
	if (!known->found || known->error || (whole && *whole))
		return 0;
	struct stored_plan sp = { 0 };
	struct source_diff diff = { 0 };
	struct source_layout layout = { 0 };
	struct buf partial = { 0 };
	struct plan *plan = NULL;
	int rc = read_layout(w->store, abs, &sp, err);
	if (rc == 1)
		rc = read_units(w->store, &sp, err);
	if (rc == 1 && (source_diff_read(path, &sp.layout, PARTIAL_MIDDLE_MAX, &diff) < 0 ||
			diff.size != st->size || (st->hash[0] && strcmp(st->hash, diff.hash))))
		rc = 0;
	if (rc == 1)
		rc = write_stand_ins(w->store, &sp, err) < 0 ? -1 : 1;
	size_t middle_at = 0;
	if (rc == 1) {
		build_partial(&sp, &diff, &partial, &middle_at);
		struct kh_error ignored;
		if (plan_load_buffer(path, partial.data, partial.len, &plan, &ignored) != 0 ||
		    !same_units(&sp, plan, &diff, &partial, middle_at, &layout))
			rc = 0;
	}
	if (rc == 1)
		rc = same_duties(w->store, &sp, plan, &diff, err);
	if (rc == 1) {
		snprintf(st->hash, sizeof(st->hash), "%s", diff.hash);
		int written = write_partial(w, &sp, plan, &diff, abs, known, st, &layout, err);
		rc = written < 0 ? -1 : written == 0 ? 1 : 0;
		if (rc == 0)
			writer_reset(w);
	}
	*units_read = diff.last - diff.first + 1;
	if (rc == 1)
		*out = plan;
	else
		plan_free(plan);
	buf_free(&partial);
	source_layout_free(&layout);
	source_diff_free(&diff);
	stored_plan_free(&sp);
	return rc;
}

struct sync_run {
	struct store *store;
	sync_event_fn on_event;
	void *ctx;
	int failures;
};

/* Counts event when it is a failure, and hands it to the caller. */
static void send_event(struct sync_run *run, const struct sync_event *event)
{
	if (event->outcome == SYNC_FAILED)
		run->failures++;
	if (run->on_event)
		run->on_event(run->ctx, event);
}

static void report(struct sync_run *run, const char *path,
		   enum sync_outcome outcome, const char *plan_id,
		   const struct kh_error *error)
{
	send_event(run, &(struct sync_event){ path, outcome, plan_id, error });
}

/* report() of a plan loaded by reading units_read of its units_total. */
static void report_loaded(struct sync_run *run, const char *path, const char *plan_id,
			  size_t units_read, size_t units_total)
{
	send_event(run, &(struct sync_event){ .path = path, .outcome = SYNC_LOADED,
					      .plan_id = plan_id, .units_read = units_read,
					      .units_total = units_total });
}

/* Brings one file up to date. Returns -1 only when the database failed. */
static int sync_file(struct sync_run *run, const char *path, const char *abs,
		     struct kh_error *err)
{
	struct store *store = run->store;
	struct known_file known;
	struct file_state st;
	struct kh_error load_error;
	struct plan *plan = NULL;
	int rc = -1;

	kh_error_clear(&load_error);
	if (lookup_file(store, abs, &known, err) < 0)
		return -1;
	if (stat_file(path, &st, &load_error) < 0) {
		report(run, path, SYNC_FAILED, known.plan_id, &load_error);
		rc = 0;
		goto out;
	}
	bool same_stat = known.found && known.state.size == st.size &&
			 known.state.mtime_ns == st.mtime_ns;
	/* A file new to the store, or of another size, has new content: it
	 * is hashed as the parser reads it (load_and_write), not read once
	 * more before. */
	bool new_content = !known.found || known.state.size != st.size;
	if (!same_stat && !new_content) {
		if (hash_file(path, st.hash, &load_error) < 0) {
			report(run, path, SYNC_FAILED, known.plan_id, &load_error);
			rc = 0;
			goto out;
		}
	}
	bool same_content = same_stat ||
			    (!new_content && !strcmp(known.state.hash, st.hash));
	/* A file that failed is parsed again even so: its stored error is in
	 * the language of whoever synced it then, and this user must read it
	 * in theirs. Broken files are few, and fixed soon. */
	if (same_content && !known.error) {
		/* Remember the new mtime, so that the next run is spared even
		 * the hashing. */
		if (!same_stat && remember_file(store, abs, &st, NULL, true, err) < 0)
			goto out;
		report(run, path, SYNC_UNCHANGED, known.plan_id, NULL);
		rc = 0;
		goto out;
	}

	struct plan_writer w = { .store = store, .on_event = run->on_event,
				 .ctx = run->ctx, .path = path, .fold_ahead = !known.found };
	size_t units_read = 0;
	int partial = sync_partially(&w, path, abs, &known, &st, &plan, &units_read, err);
	if (partial != 0) {
		finish_writer(&w);
		if (partial > 0) {
			report_loaded(run, path, plan->id, units_read, plan->n_units);
			rc = 0;
		}
		goto out;
	}
	enum load_outcome loaded = load_and_write(&w, path, abs, &st, &plan,
						  &load_error, err);
	finish_writer(&w);
	if (loaded == LOAD_FAILED_DB)
		goto out;
	if (loaded == LOAD_WRITTEN) {
		report(run, path, SYNC_LOADED, plan->id, NULL);
		rc = 0;
		goto out;
	}
	if (loaded == LOAD_ID_TAKEN) {
		/* A plan id clash depends on the other files, not on this
		 * one's content: record nothing, so that it is tried again
		 * once the other file is gone. */
		report(run, path, SYNC_FAILED, known.plan_id, &load_error);
		rc = 0;
		goto out;
	}
	/* Rejected: remember that it was, and why; its old plan stays as it
	 * was. */
	if (!same_stat &&
	    remember_file(store, abs, &st, &load_error, same_content, err) < 0)
		goto out;
	report(run, path, SYNC_FAILED, known.plan_id, &load_error);
	rc = 0;
out:
	plan_free(plan);
	known_file_free(&known);
	return rc;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Retires the plans of files that are no longer listed (abs_sorted). */
static int retire_missing(struct sync_run *run, char **abs_sorted, size_t n,
			  struct kh_error *err)
{
	struct store *store = run->store;
	sqlite3_stmt *select = store_prepare(store,
		"SELECT path, plan_id FROM plan_file ORDER BY path", err);
	if (!select)
		return -1;
	struct buf gone = { 0 };   /* NUL-separated paths and plan ids */
	size_t n_gone = 0;
	int rc;
	while ((rc = sqlite3_step(select)) == SQLITE_ROW) {
		const char *path = store_column_text(select, 0);
		const char *plan_id = store_column_text(select, 1);
		if (bsearch(&path, abs_sorted, n, sizeof(*abs_sorted), compare_strings))
			continue;
		buf_append(&gone, path, strlen(path) + 1);
		buf_append(&gone, plan_id ? plan_id : "", strlen(plan_id ? plan_id : "") + 1);
		n_gone++;
	}
	sqlite3_finalize(select);
	if (rc != SQLITE_DONE) {
		buf_free(&gone);
		return store_fail(store, err, _("cannot read the plan files table"));
	}
	if (n_gone == 0) {
		buf_free(&gone);
		return 0;
	}

	sqlite3_stmt *retire = NULL, *forget = NULL;
	rc = -1;
	if (store_begin(store, err) < 0)
		goto out;
	retire = store_prepare(store, "UPDATE plan SET retired = 1 WHERE path = ?", err);
	forget = retire ? store_prepare(store, "DELETE FROM plan_file WHERE path = ?", err) : NULL;
	if (!forget)
		goto out;
	const char *p = gone.data;
	for (size_t i = 0; i < n_gone; i++) {
		const char *path = p;
		sqlite3_bind_text(retire, 1, path, -1, SQLITE_STATIC);
		sqlite3_bind_text(forget, 1, path, -1, SQLITE_STATIC);
		if (sqlite3_step(retire) != SQLITE_DONE ||
		    sqlite3_step(forget) != SQLITE_DONE) {
			store_fail(store, err, _("cannot retire a removed plan"));
			goto out;
		}
		sqlite3_reset(retire);
		sqlite3_reset(forget);
		p += strlen(p) + 1;
		p += strlen(p) + 1;
	}
	if (store_commit(store, err) < 0)
		goto out;
	p = gone.data;
	for (size_t i = 0; i < n_gone; i++) {
		const char *path = p;
		p += strlen(p) + 1;
		report(run, path, SYNC_REMOVED, *p ? p : NULL, NULL);
		p += strlen(p) + 1;
	}
	rc = 0;
out:
	if (rc < 0)
		store_rollback(store);
	sqlite3_finalize(retire);
	sqlite3_finalize(forget);
	buf_free(&gone);
	return rc;
}

int store_sync(struct store *store, const char *const *paths, size_t n_paths,
	       sync_event_fn on_event, void *ctx, struct kh_error *err)
{
	struct sync_run run = { store, on_event, ctx, 0 };
	char **abs = x_calloc(n_paths, sizeof(*abs));
	size_t n_abs = 0;
	int rc = -1;
	/* Resolve every path first and retire the plans of files that are
	 * gone before loading the others, so that a renamed file (or the
	 * survivor of two that shared a plan id) takes its plan over. */
	const char **given = x_calloc(n_paths, sizeof(*given));
	for (size_t i = 0; i < n_paths; i++) {
		char resolved[PATH_MAX];
		if (!realpath(paths[i], resolved)) {
			struct kh_error error;
			kh_error_set(&error, paths[i], 0, 0, _("cannot read: %s"),
				     strerror(errno));
			report(&run, paths[i], SYNC_FAILED, NULL, &error);
			continue;
		}
		given[n_abs] = paths[i];
		abs[n_abs++] = x_strdup(resolved);
	}
	char **sorted = x_calloc(n_abs, sizeof(*sorted));
	memcpy(sorted, abs, n_abs * sizeof(*sorted));
	qsort(sorted, n_abs, sizeof(*sorted), compare_strings);
	int retired = retire_missing(&run, sorted, n_abs, err);
	x_free(sorted);
	for (size_t i = 0; retired == 0 && i < n_abs; i++)
		if (sync_file(&run, given[i], abs[i], err) < 0)
			retired = -1;
	x_free(given);
	if (retired < 0)
		goto out;
	rc = run.failures;
out:
	for (size_t i = 0; i < n_abs; i++)
		x_free(abs[i]);
	x_free(abs);
	return rc;
}
