/* store: opening the database, the schema and its migrations, and the small
 * helpers the other store files share. */
#include "store_internal.h"
#include "store_sql.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "kehoach/i18n.h"
#include "kehoach/text.h"

/* Each step takes the schema from version i to i + 1 and sets
 * user_version (and, in the first, application_id) as its last act. The first creates
 * everything; later ones will alter it. Steps are never edited once
 * released: a database written by that release must migrate the same way. */
static const char *const migrations[] = {
	/* 0 → 1 */
	"CREATE TABLE plan_file ("
	"  path TEXT PRIMARY KEY,"
	"  size INTEGER NOT NULL,"
	"  mtime_ns INTEGER NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  plan_id TEXT,"          /* the plan it held when it last loaded */
	"  error TEXT,"            /* the error when it last failed, else NULL */
	"  error_line INTEGER,"
	"  error_column INTEGER"
	");"
	"CREATE TABLE plan ("
	"  key INTEGER PRIMARY KEY,"
	"  id TEXT NOT NULL UNIQUE,"
	"  path TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  issuer TEXT NOT NULL,"
	"  parent TEXT,"
	"  number TEXT,"
	"  issued INTEGER,"
	"  place TEXT,"
	"  basis TEXT NOT NULL DEFAULT '[]',"   /* JSON array of text */
	"  tet INTEGER,"
	"  period_from INTEGER, period_to INTEGER,"
	"  before_from INTEGER, before_to INTEGER,"
	"  during_from INTEGER, during_to INTEGER,"
	"  after_from INTEGER, after_to INTEGER,"
	"  gen INTEGER NOT NULL DEFAULT 0,"
	"  retired INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE unit ("
	"  key INTEGER PRIMARY KEY,"
	"  plan_key INTEGER NOT NULL REFERENCES plan(key),"
	"  id TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  head TEXT,"
	"  is_group INTEGER NOT NULL,"
	"  ord INTEGER NOT NULL,"
	"  gen INTEGER NOT NULL,"
	"  retired INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE (plan_key, id)"
	");"
	"CREATE TABLE unit_member ("
	"  group_key INTEGER NOT NULL REFERENCES unit(key),"
	"  member_key INTEGER NOT NULL REFERENCES unit(key),"
	"  ord INTEGER NOT NULL,"
	"  PRIMARY KEY (group_key, member_key)"
	") WITHOUT ROWID;"
	"CREATE TABLE duty ("
	"  key INTEGER PRIMARY KEY,"
	"  plan_key INTEGER NOT NULL REFERENCES plan(key),"
	"  id TEXT NOT NULL,"
	"  owner_key INTEGER NOT NULL REFERENCES unit(key),"
	"  text TEXT NOT NULL,"
	"  phase INTEGER NOT NULL,"
	"  due INTEGER,"
	"  start INTEGER,"
	"  refs TEXT NOT NULL DEFAULT '[]',"
	"  with_units TEXT NOT NULL DEFAULT '[]',"
	"  target TEXT,"
	"  ord INTEGER NOT NULL,"
	"  gen INTEGER NOT NULL,"
	"  retired INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE (plan_key, id)"
	");"
	/* A plan's duties in file order, for paging through a whole plan. */
	"CREATE INDEX duty_by_plan_order ON duty(plan_key, ord);"
	/* No index on duty(id) or duty(owner_key): every index on this
	 * table is paid for on each of a large plan's rows. Lookups by id go
	 * through UNIQUE (plan_key, id), one probe per plan. */
	"CREATE INDEX unit_by_id ON unit(id);"
	/* One row per duty and unit that must do it. slot is 0 for a unit's
	 * own duty and the member's unit key for a group duty, so that status
	 * follows the duty id (and the member, for group duties). */
	"CREATE TABLE assignment ("
	"  key INTEGER PRIMARY KEY,"
	"  duty_key INTEGER NOT NULL REFERENCES duty(key),"
	"  slot INTEGER NOT NULL,"
	"  unit_key INTEGER NOT NULL REFERENCES unit(key),"
	/* The duty's effective deadline (NULL: ongoing), kept here so that a
	 * unit's counts and overdue list read one index. */
	"  deadline INTEGER,"
	"  state INTEGER NOT NULL DEFAULT " STORE_SQL_STR(STORE_SQL_TODO_N) ","
	"  note TEXT,"
	"  done_on INTEGER,"
	"  changed_by TEXT,"
	"  changed_at INTEGER,"
	"  gen INTEGER NOT NULL,"
	"  retired INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE (duty_key, slot)"
	");"
	/* Covers a unit's counts and overdue list without touching the table. */
	"CREATE INDEX assignment_by_unit ON assignment(unit_key, retired, state, deadline);"
	/* Append-only: rows are never updated or deleted. */
	"CREATE TABLE history ("
	"  seq INTEGER PRIMARY KEY,"
	"  assignment_key INTEGER NOT NULL REFERENCES assignment(key),"
	"  at INTEGER NOT NULL,"
	"  uid INTEGER NOT NULL,"
	"  user TEXT NOT NULL,"
	"  host TEXT,"
	"  pid INTEGER,"
	"  old_state INTEGER NOT NULL,"
	"  new_state INTEGER NOT NULL,"
	"  old_note TEXT,"
	"  new_note TEXT,"
	"  old_done_on INTEGER,"
	"  new_done_on INTEGER,"
	"  undoes INTEGER REFERENCES history(seq)"
	");"
	"CREATE INDEX history_by_assignment ON history(assignment_key);"
	"CREATE INDEX history_by_uid ON history(uid, seq);"
	"CREATE INDEX history_by_undoes ON history(undoes) WHERE undoes IS NOT NULL;"
	"CREATE TRIGGER history_append_only_update BEFORE UPDATE ON history"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
	"CREATE TRIGGER history_append_only_delete BEFORE DELETE ON history"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
	"PRAGMA application_id = 1263030348;"
	"PRAGMA user_version = 1;",
	/* 1 → 2: changes by day, for `history --since/--until` and the
	 * latest change `doctor` shows, without reading the whole history. */
	"CREATE INDEX history_by_at ON history(at);"
	"PRAGMA user_version = 2;",
	/* 2 → 3: counting as offices count. An assignment keeps the plan's
	 * deadline beside the effective one (deadline, which an extension
	 * moves), its withdrawal and its progress; each change records them
	 * before and after, with the reason given, so that undo restores
	 * them as it restores a state. The unit index also covers what the
	 * outcomes read. */
	"ALTER TABLE assignment ADD COLUMN plan_deadline INTEGER;"
	"UPDATE assignment SET plan_deadline = deadline;"
	"ALTER TABLE assignment ADD COLUMN extended_to INTEGER;"
	"ALTER TABLE assignment ADD COLUMN extend_reason TEXT;"
	"ALTER TABLE assignment ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE assignment ADD COLUMN cancel_reason TEXT;"
	"ALTER TABLE assignment ADD COLUMN progress INTEGER;"
	"DROP INDEX assignment_by_unit;"
	"CREATE INDEX assignment_by_unit ON assignment(unit_key, retired, state,"
	"  deadline, cancelled, done_on);"
	"ALTER TABLE history ADD COLUMN old_progress INTEGER;"
	"ALTER TABLE history ADD COLUMN new_progress INTEGER;"
	"ALTER TABLE history ADD COLUMN old_extended_to INTEGER;"
	"ALTER TABLE history ADD COLUMN new_extended_to INTEGER;"
	"ALTER TABLE history ADD COLUMN old_cancelled INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE history ADD COLUMN new_cancelled INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE history ADD COLUMN reason TEXT;"
	"PRAGMA user_version = 3;",
	/* 3 → 4: plans over the years. An archived plan keeps everything,
	 * leaves the views of current work, and its duties' outcomes are
	 * reckoned as of the day it was archived (frozen_on, beside each
	 * assignment, so that counting still reads one index). Archiving is
	 * recorded like any change. */
	"ALTER TABLE plan ADD COLUMN archived_on INTEGER;"
	"ALTER TABLE plan ADD COLUMN archive_note TEXT;"
	"ALTER TABLE assignment ADD COLUMN frozen_on INTEGER;"
	"DROP INDEX assignment_by_unit;"
	"CREATE INDEX assignment_by_unit ON assignment(unit_key, retired, state,"
	"  deadline, cancelled, done_on, frozen_on);"
	"CREATE TABLE plan_history ("
	"  seq INTEGER PRIMARY KEY,"
	"  plan_key INTEGER NOT NULL REFERENCES plan(key),"
	"  at INTEGER NOT NULL,"
	"  uid INTEGER NOT NULL,"
	"  user TEXT NOT NULL,"
	"  host TEXT,"
	"  pid INTEGER,"
	"  archived_on INTEGER,"      /* NULL: made current again */
	"  note TEXT"
	");"
	"CREATE TRIGGER plan_history_append_only_update BEFORE UPDATE ON plan_history"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
	"CREATE TRIGGER plan_history_append_only_delete BEFORE DELETE ON plan_history"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
	"PRAGMA user_version = 4;",
	/* 4 → 5: what is overdue or due soon in the current plans, by
	 * deadline, without the rest: kehoach brief reads it at every login
	 * (its counts and first few names from one range of one narrow
	 * index, whatever the size of the plans). */
	"CREATE INDEX assignment_open_by_deadline ON assignment(" SQL_OPEN_DEADLINE_INDEXED ");"
	"PRAGMA user_version = 5;",
	/* 5 → 6: the reminders `kehoach remind` mailed: to whom, on which
	 * day (at most one a person a day), with the assignments each
	 * listed, which `kehoach history` shows as đôn đốc. Append-only,
	 * like the history. */
	"CREATE TABLE reminder ("
	"  seq INTEGER PRIMARY KEY,"
	"  login TEXT NOT NULL,"
	"  address TEXT NOT NULL,"
	"  day INTEGER NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  duties INTEGER NOT NULL,"
	"  uid INTEGER NOT NULL,"
	"  user TEXT NOT NULL,"
	"  host TEXT,"
	"  pid INTEGER"
	");"
	"CREATE INDEX reminder_by_login_day ON reminder(login, day);"
	"CREATE TABLE reminder_duty ("
	"  reminder_seq INTEGER NOT NULL REFERENCES reminder(seq),"
	"  assignment_key INTEGER NOT NULL REFERENCES assignment(key),"
	"  PRIMARY KEY (reminder_seq, assignment_key)"
	") WITHOUT ROWID;"
	"CREATE INDEX reminder_duty_by_assignment ON reminder_duty(assignment_key);"
	"CREATE TRIGGER reminder_append_only_update BEFORE UPDATE ON reminder"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
	"CREATE TRIGGER reminder_append_only_delete BEFORE DELETE ON reminder"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
	"PRAGMA user_version = 6;",
	/* 6 → 7: a hash of each duty's content as last written (its text,
	 * dates, owner, members, order …; store_sync.c says which), so that
	 * syncing a file in which one duty changed rewrites that duty alone.
	 * NULL until a sync writes it: every duty is then rewritten once. */
	"ALTER TABLE duty ADD COLUMN content_hash INTEGER;"
	/* The same of a unit's part of the file (its duties' hashes, in
	 * their places): a unit whose part did not change is passed over
	 * whole. */
	"ALTER TABLE unit ADD COLUMN content_hash INTEGER;"
	/* And the counts `units` and the interface show of a plain unit of
	 * a current plan as of a day (due soon: within soon_days), kept once
	 * counted, so that a second look costs a row a unit, not a walk of
	 * its assignments. Any change to what they count drops the unit's
	 * rows (the triggers below; since 9 the sync drops them itself for
	 * the units it gives or takes assignments); store_query.c fills them
	 * again. */
	"CREATE TABLE unit_counts ("
	"  unit_key INTEGER NOT NULL,"
	"  day INTEGER NOT NULL,"
	"  soon_days INTEGER NOT NULL,"
	"  total INTEGER NOT NULL, done INTEGER NOT NULL, doing INTEGER NOT NULL,"
	"  overdue INTEGER NOT NULL, soon INTEGER NOT NULL,"
	"  PRIMARY KEY (unit_key, day, soon_days)"
	") WITHOUT ROWID;"
	"CREATE TRIGGER unit_counts_on_insert AFTER INSERT ON assignment"
	"  BEGIN DELETE FROM unit_counts WHERE unit_key = new.unit_key; END;"
	"CREATE TRIGGER unit_counts_on_delete AFTER DELETE ON assignment"
	"  BEGIN DELETE FROM unit_counts WHERE unit_key = old.unit_key; END;"
	"CREATE TRIGGER unit_counts_on_update AFTER UPDATE OF unit_key, retired, state,"
	"  deadline, cancelled, done_on, frozen_on ON assignment"
	"  BEGIN DELETE FROM unit_counts WHERE unit_key IN (old.unit_key, new.unit_key); END;"
	"PRAGMA user_version = 7;",
	/* 7 → 8: each duty's id and text as a search reads them (its id,
	 * then its text folded: lower case, without diacritics), in a narrow
	 * table of their own. A search then reads 15 MB of folded text for
	 * 100,000 duties, instead of the duties' 25 MB of rows, folding each
	 * text again at every search. kh_search_text() makes the row; the
	 * sync writes those of the duties it wrote, and deletes a duty's
	 * with it (no foreign key: checking it cost a cold sync 50 ms). */
	"CREATE TABLE duty_search ("
	"  duty_key INTEGER PRIMARY KEY,"
	"  folded TEXT NOT NULL"
	");"
	"INSERT INTO duty_search(duty_key, folded)"
	"  SELECT key, kh_search_text(id, text) FROM duty;"
	/* What the texts were folded by (text_fold_version): folded again
	 * when it changes (search_in_step). */
	"CREATE TABLE duty_search_fold (version TEXT NOT NULL);"
	"INSERT INTO duty_search_fold(version) VALUES (kh_fold_version());"
	"PRAGMA user_version = 8;",
	/* 8 → 9: assignments are inserted and deleted by the sync alone,
	 * which drops the kept counts of the units it gives or takes them
	 * (drop_kept_counts in store_sync.c): a trigger run for each of a
	 * new plan's 100,000 rows cost its cold sync a third of a second.
	 * Updates (marks, extensions, withdrawals) keep their trigger. */
	"DROP TRIGGER unit_counts_on_insert;"
	"DROP TRIGGER unit_counts_on_delete;"
	"PRAGMA user_version = 9;",
	/* 9 → 10: where each unit lies in its file, as the last sync that
	 * read the file whole found it (plan_source.h): bytes, hash and
	 * duties of each unit's item; bytes and hash of the head and tail
	 * around them, and the column of each unit's "-". A re-sync after a
	 * small edit then parses only the units around it. NULL: not known
	 * (the file failed since, or it is not laid out one unit a line). */
	"ALTER TABLE unit ADD COLUMN src_bytes INTEGER;"
	"ALTER TABLE unit ADD COLUMN src_hash INTEGER;"
	"ALTER TABLE unit ADD COLUMN src_duties INTEGER;"
	"ALTER TABLE plan_file ADD COLUMN src_head INTEGER;"
	"ALTER TABLE plan_file ADD COLUMN src_head_hash INTEGER;"
	"ALTER TABLE plan_file ADD COLUMN src_tail INTEGER;"
	"ALTER TABLE plan_file ADD COLUMN src_tail_hash INTEGER;"
	"ALTER TABLE plan_file ADD COLUMN src_dash INTEGER;"
	"PRAGMA user_version = 10;",
	/* 10 → 11: a group's counts are kept too. They are its duties'
	 * assignments, which are its members' rows (slot: the member), so
	 * a change to one drops the counts of the duty's owner as well.
	 * Counting a group afresh reads each of those rows' duty, scattered
	 * over the file: 60 of the 110 pages `kehoach units` read for
	 * 1,000 units with nothing changed. The sync drops the counts of
	 * every group of a plan it writes (drop_kept_counts). */
	"CREATE TRIGGER unit_counts_on_group_update AFTER UPDATE OF unit_key, retired,"
	"  state, deadline, cancelled, done_on, frozen_on ON assignment"
	"  WHEN new.slot <> 0"
	"  BEGIN DELETE FROM unit_counts WHERE unit_key ="
	"  (SELECT owner_key FROM duty WHERE key = new.duty_key); END;"
	/* And the units in their plan's order, as `units` and the
	 * interface's units pane list them: sorting the 1,000 rows with
	 * their names was a sixth of the steps of `units`. */
	"CREATE INDEX unit_by_plan_order ON unit(plan_key, ord);"
	"PRAGMA user_version = 11;",
};

_Static_assert(STORE_APPLICATION_ID == 1263030348, "application id literal");

_Static_assert(KH_ARRAY_LEN(migrations) == STORE_SCHEMA_VERSION,
	       "one migration per schema version");

const char *duty_state_name(enum duty_state state)
{
	switch (state) {
	case DUTY_TODO:
		return "todo";
	case DUTY_DOING:
		return "doing";
	case DUTY_DONE:
		return "done";
	}
	return "?";
}

const char *duty_state_label(enum duty_state state)
{
	switch (state) {
	case DUTY_DONE:
		return _("done");
	case DUTY_DOING:
		return _("in progress");
	default:
		return _("not done");
	}
}

int duty_state_parse(const char *s, enum duty_state *out)
{
	for (int st = DUTY_TODO; st <= DUTY_DONE; st++) {
		if (strcmp(s, duty_state_name((enum duty_state)st)) == 0) {
			*out = (enum duty_state)st;
			return 0;
		}
	}
	return -1;
}

int duty_progress_parse(const char *s, int *out)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (end == s || *end || s[0] < '0' || s[0] > '9' || n > 100)
		return -1;
	*out = (int)n;
	return 0;
}

static const struct {
	const char *name;
	const char *label;
} outcomes[OUTCOME_COUNT] = {
	[OUTCOME_DONE_ON_TIME] = { "done_on_time", N_("done on time") },
	[OUTCOME_DONE_LATE] = { "done_late", N_("done late") },
	[OUTCOME_IN_TIME] = { "in_time", N_("not yet due") },
	[OUTCOME_OVERDUE] = { "overdue", N_("overdue") },
	[OUTCOME_CANCELLED] = { "cancelled", N_("withdrawn") },
};

const char *duty_outcome_name(enum duty_outcome outcome)
{
	return outcome < OUTCOME_COUNT ? outcomes[outcome].name : "?";
}

const char *duty_outcome_label(enum duty_outcome outcome)
{
	return outcome < OUTCOME_COUNT ? _(outcomes[outcome].label) : "?";
}

int duty_outcome_parse(const char *s, enum duty_outcome *out)
{
	for (int o = 0; o < OUTCOME_COUNT; o++) {
		if (strcmp(s, outcomes[o].name) == 0) {
			*out = (enum duty_outcome)o;
			return 0;
		}
	}
	return -1;
}

void outcome_rates(const struct outcome_counts *c, struct outcome_rates *out)
{
	long due = c->done_on_time + c->done_late + c->overdue;
	out->defined = due > 0;
	out->done = due ? (double)(c->done_on_time + c->done_late) / (double)due : 0;
	out->on_time = due ? (double)c->done_on_time / (double)due : 0;
	out->overdue = due ? (double)c->overdue / (double)due : 0;
}

void outcome_counts_add(struct outcome_counts *total, const struct outcome_counts *c)
{
	total->total += c->total;
	total->done_on_time += c->done_on_time;
	total->done_late += c->done_late;
	total->in_time += c->in_time;
	total->overdue += c->overdue;
	total->cancelled += c->cancelled;
	if (c->max_days_late > total->max_days_late)
		total->max_days_late = c->max_days_late;
}

const char *store_base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Why nothing can be made in dir, the database name's folder, by the
 * errno why of access(dir, W_OK) (EROFS: a read-only file system, EACCES:
 * permissions), and what to do; exists: whether the database is there
 * already, so that it is its -wal and -shm that must be made. */
static void explain_folder(const char *dir, const char *name, bool exists,
			   int why, struct buf *out)
{
	if (!exists && why == EROFS)
		buf_printf(out, _("the database cannot be created: its folder %s is on a"
				  " read-only file system. Give --db a path on a disk that can"
				  " be written, or have this one mounted read-write"), dir);
	else if (!exists)
		buf_printf(out, _("the database cannot be created: you may not write in its"
				  " folder %s (%s). Give --db a path in a folder of yours, or ask"
				  " for write access to this one"), dir, strerror(why));
	else if (why == EROFS)
		buf_printf(out, _("the database is on a read-only file system (in %s), and"
				  " SQLite must create %s-wal and %s-shm beside it, even to read"
				  " it. Have the disk mounted read-write, or copy the database to"
				  " one that is"), dir, name, name);
	else
		/* WAL mode: even a reader needs the -wal and -shm files. */
		buf_printf(out, _("its folder %s is read-only for you, and SQLite must create"
				  " %s-wal and %s-shm there, even to read the database. Ask for"
				  " write access to the folder"), dir, name, name);
}

/* Explains a failure to open the database, or to make its -wal or -shm,
 * when its folder cannot be written: SQLite's errno is then that of its
 * last try, opening read-only what it could not make ("No such file or
 * directory"). Returns false when the folder is not the reason. */
static bool explain_cantopen(struct store *store, struct buf *out)
{
	char *dir = path_folder(store->path);
	char *wal = x_asprintf("%s-wal", store->path);
	char *shm = x_asprintf("%s-shm", store->path);
	struct stat st;
	bool folder = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
	int why = !folder || access(dir, W_OK) == 0 ? 0 : errno;
	bool exists = access(store->path, F_OK) == 0;
	bool to_make = !exists || access(wal, F_OK) < 0 || access(shm, F_OK) < 0;
	bool explained = to_make && (why == EROFS || why == EACCES || why == EPERM);
	if (explained)
		explain_folder(dir, store_base_name(store->path), exists, why, out);
	x_free(shm);
	x_free(wal);
	x_free(dir);
	return explained;
}

/* Which of the database's files, or its folder, this user may not write.
 * SQLite says "attempt to write a readonly database" whichever it is, and
 * a -shm file left read-only by a reader of a read-only database blocks
 * writers even once the database is writable again. */
static void explain_read_only(struct store *store, int code, struct buf *out)
{
	char *dir = path_folder(store->path);
	char *wal = x_asprintf("%s-wal", store->path);
	char *shm = x_asprintf("%s-shm", store->path);
	const char *name = store_base_name(store->path);
	int why = access(dir, W_OK) == 0 ? 0 : errno;
	if (code == SQLITE_READONLY_DIRECTORY || code == SQLITE_READONLY_CANTINIT ||
	    (why && access(wal, F_OK) < 0)) {
		explain_folder(dir, name, true, why ? why : EACCES, out);
	} else if (access(store->path, W_OK) < 0) {
		if (errno == EROFS)
			buf_printf(out, "%s", _("the database is on a read-only file system:"
						" have the disk mounted read-write, or copy the"
						" database to one that is"));
		else
			buf_printf(out, "%s", _("the database file is read-only for you: ask"
						" its owner for write access"));
	} else if (access(shm, F_OK) == 0 && access(shm, W_OK) < 0) {
		buf_printf(out, _("%s-shm is read-only for you (left by someone who could only"
				  " read the database): remove it while no one uses the database,"
				  " or make it writable"), name);
	} else if (access(wal, F_OK) == 0 && access(wal, W_OK) < 0) {
		buf_printf(out, _("%s-wal is read-only for you: ask for write access to it"),
			   name);
	} else {
		buf_printf(out, "%s", _("the database is read-only for you"));
	}
	x_free(shm);
	x_free(wal);
	x_free(dir);
}

/* What an SQLite result code means for the user and what to do, in
 * their language; NULL for the codes kehoach does not expect, whose
 * SQLite message is then all there is to say. */
static const char *sqlite_reason(int primary_code)
{
	switch (primary_code) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		/* The busy timeout (store_open) has run out. */
		return _("the database is locked: another program (another kehoach,"
			 " sqlite3) has been writing to it for more than 10 seconds. Try"
			 " again in a moment; if it lasts, close the programs using it");
	case SQLITE_FULL:
		return _("the disk is full: free some space on it, then try again");
	case SQLITE_CORRUPT:
		return _("the database is damaged ('kehoach doctor' says where):"
			 " restore it from a backup");
	case SQLITE_NOTADB:
		return _("the file is not a database, or it is damaged: give another"
			 " path with --db, or restore it from a backup");
	case SQLITE_NOMEM:
		return _("out of memory");
	case SQLITE_TOOBIG:
		return _("a text is too long for the database");
	case SQLITE_CANTOPEN:
		return _("the database file cannot be opened");
	case SQLITE_IOERR:
		return _("the disk could not be read or written");
	default:
		return NULL;
	}
}

/* SQLite's last error in words that say what to do about it: which file
 * is read-only, and why a file could not be opened or read (SQLite's
 * message leaves out the system's reason). message is SQLite's own, used
 * for the codes sqlite_reason() does not know. */
static void explain_error(struct store *store, const char *message,
			  struct buf *out)
{
	int code = sqlite3_extended_errcode(store->db);
	int sys = sqlite3_system_errno(store->db);
	switch (code & 0xff) {
	case SQLITE_READONLY:
		if (code == SQLITE_READONLY_DBMOVED)
			buf_printf(out, "%s", _("the database file was moved or removed while"
						" in use: quit kehoach and start it again"));
		else
			explain_read_only(store, code, out);
		return;
	case SQLITE_CANTOPEN:
		if (explain_cantopen(store, out))
			return;
		if (sys) {
			buf_printf(out, "%s", strerror(sys));
			return;
		}
		break;
	case SQLITE_IOERR:
		if (sys) {
			buf_printf(out, "%s (%s)", sqlite_reason(SQLITE_IOERR), strerror(sys));
			return;
		}
		break;
	}
	const char *reason = sqlite_reason(code & 0xff);
	buf_printf(out, "%s", reason ? reason : message);
}

/* Records the error SQLite has just given, after context when not NULL. */
static void fail_with(struct store *store, struct kh_error *err,
		      const char *context, const char *message)
{
	struct buf why = { 0 };
	explain_error(store, message, &why);
	kh_error_set(err, store->path, 0, 0, "%s%s%s", context ? context : "",
		     context ? ": " : "", buf_str(&why));
	buf_free(&why);
}

int store_fail(struct store *store, struct kh_error *err, const char *context)
{
	fail_with(store, err, context, sqlite3_errmsg(store->db));
	return -1;
}

sqlite3_stmt *store_prepare(struct store *store, const char *sql,
			    struct kh_error *err)
{
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v3(store->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
			       &stmt, NULL) != SQLITE_OK) {
		store_fail(store, err, _("cannot read the database"));
		return NULL;
	}
	return stmt;
}

sqlite3_stmt *store_prepare_kept(struct store *store, const char *sql,
				 struct kh_error *err)
{
	for (size_t i = 0; i < store->n_kept; i++) {
		struct kept_statement *k = &store->kept[i];
		if (!strcmp(k->sql, sql))
			return sqlite3_stmt_busy(k->stmt) ? store_prepare(store, sql, err)
							  : k->stmt;
	}
	sqlite3_stmt *stmt = store_prepare(store, sql, err);
	if (!stmt)
		return NULL;
	/* Full: the oldest kept gives way, in turn. */
	struct kept_statement *k;
	if (store->n_kept < STORE_KEPT_MAX) {
		k = &store->kept[store->n_kept++];
	} else {
		k = &store->kept[store->next_evicted];
		/* One still running is not taken from under its caller. */
		if (sqlite3_stmt_busy(k->stmt))
			return stmt;
		store->next_evicted = (store->next_evicted + 1) % STORE_KEPT_MAX;
		sqlite3_finalize(k->stmt);
		x_free(k->sql);
	}
	k->sql = x_strdup(sql);
	k->stmt = stmt;
	return stmt;
}

void store_release(struct store *store, sqlite3_stmt *stmt)
{
	if (!stmt)
		return;
	for (size_t i = 0; i < store->n_kept; i++) {
		if (store->kept[i].stmt == stmt) {
			sqlite3_reset(stmt);
			sqlite3_clear_bindings(stmt);
			return;
		}
	}
	sqlite3_finalize(stmt);
}

/* store_exec, with what was being done before SQLite's message. */
static int exec_for(struct store *store, const char *sql, const char *context,
		    struct kh_error *err)
{
	char *message = NULL;
	if (sqlite3_exec(store->db, sql, NULL, NULL, &message) != SQLITE_OK) {
		fail_with(store, err, context,
			  message ? message : sqlite3_errmsg(store->db));
		sqlite3_free(message);
		return -1;
	}
	return 0;
}

int store_exec(struct store *store, const char *sql, struct kh_error *err)
{
	return exec_for(store, sql, NULL, err);
}

int store_begin(struct store *store, struct kh_error *err)
{
	if (exec_for(store, "BEGIN IMMEDIATE", _("cannot start a change"), err) < 0)
		return -1;
	if (store_wal_check(store, err) < 0) {
		store_rollback(store);
		return -1;
	}
	return 0;
}

int store_commit(struct store *store, struct kh_error *err)
{
	if (exec_for(store, "COMMIT", _("cannot save the change"), err) < 0) {
		store_rollback(store);
		return -1;
	}
	return 0;
}

int store_read_begin(struct store *store, bool *began, struct kh_error *err)
{
	*began = false;
	if (!sqlite3_get_autocommit(store->db))
		return 0;
	if (exec_for(store, "BEGIN", _("cannot read the database"), err) < 0)
		return -1;
	*began = true;
	return 0;
}

/* Whether a statement of store's is part way through its rows: it holds
 * the state it began in, outside any transaction begun, and data_version
 * read beside it is that state's, not the latest. */
static bool statement_running(struct store *store)
{
	for (sqlite3_stmt *s = sqlite3_next_stmt(store->db, NULL); s;
	     s = sqlite3_next_stmt(store->db, s))
		if (sqlite3_stmt_busy(s))
			return true;
	return false;
}

/* Ends the read transactions of helpers[0 … n). */
static void end_helpers(struct store **helpers, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_read_end(helpers[i], true);
}

int store_read_begin_shared(struct store *store, struct store **helpers, size_t n,
			    bool *began, bool *shared, struct kh_error *err)
{
	*shared = false;
	if (n == 0 || !sqlite3_get_autocommit(store->db) || statement_running(store))
		return store_read_begin(store, began, err);
	/* SQLite (as Debian builds it) cannot hand a state over from one
	 * connection to another. But a transaction has the state of its
	 * first read; the helpers begin theirs between two readings of
	 * store's data_version, the second of them store's own first read:
	 * when no commit came in between, every one of them has the state
	 * store has. A few tries, then store reads alone. */
	for (int attempt = 0; attempt < 3; attempt++) {
		/* Outside a transaction, the latest; inside, its state's. */
		long long before = -1, after = -2;
		store_data_version(store, &before, NULL);
		size_t begun = 0;
		while (begun < n &&
		       sqlite3_exec(helpers[begun]->db,
				    "BEGIN; SELECT count(*) FROM sqlite_schema",
				    NULL, NULL, NULL) == SQLITE_OK)
			begun++;
		if (store_read_begin(store, began, err) < 0) {
			end_helpers(helpers, begun);
			return -1;
		}
		store_data_version(store, &after, NULL);
		if (begun == n && before == after) {
			*shared = true;
			return 0;
		}
		end_helpers(helpers, begun);
		if (begun < n)
			return 0;
		store_read_end(store, *began);
	}
	return store_read_begin(store, began, err);
}

void store_read_end(struct store *store, bool began)
{
	/* Nothing was written: ending it cannot lose anything, and it must
	 * end, or the connection's next change could not begin. */
	if (began && !sqlite3_get_autocommit(store->db) &&
	    sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		store_rollback(store);
}

void store_note_mark(struct store *store, sqlite3_int64 since,
		     const long long *keys, size_t n)
{
	store->marks_changes += sqlite3_total_changes64(store->db) - since;
	X_GROW(store->marked, store->cap_marked, store->n_marked + n);
	for (size_t i = 0; i < n; i++)
		store->marked[store->n_marked++] = keys[i];
}

void store_rollback(struct store *store)
{
	if (!sqlite3_get_autocommit(store->db))
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
}

int store_bind_text(sqlite3_stmt *stmt, int index, const char *s)
{
	if (!s)
		return sqlite3_bind_null(stmt, index);
	return sqlite3_bind_text(stmt, index, s, -1, SQLITE_STATIC);
}

int store_bind_date(sqlite3_stmt *stmt, int index, kh_date date)
{
	if (date == KH_DATE_NONE)
		return sqlite3_bind_null(stmt, index);
	return sqlite3_bind_int(stmt, index, date);
}

kh_date store_column_date(sqlite3_stmt *stmt, int col)
{
	if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
		return KH_DATE_NONE;
	return (kh_date)sqlite3_column_int(stmt, col);
}

const char *store_column_text(sqlite3_stmt *stmt, int col)
{
	return (const char *)sqlite3_column_text(stmt, col);
}

static int pragma_int(struct store *store, const char *sql, int *out,
		      struct kh_error *err)
{
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return store_fail(store, err, _("cannot read the database"));
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return store_fail(store, err, _("cannot read the database"));
	return 0;
}

/* Refuses files that are not ours, databases from a newer kehoach and
 * versions no kehoach writes (migrate() indexes its steps by the
 * version), before anything is written to them. */
static int check_identity(struct store *store, int *version,
			  struct kh_error *err)
{
	int app_id = 0, tables = 0;
	if (pragma_int(store, "PRAGMA application_id", &app_id, err) < 0 ||
	    pragma_int(store, "PRAGMA user_version", version, err) < 0 ||
	    pragma_int(store, "SELECT count(*) FROM sqlite_master", &tables, err) < 0)
		return -1;
	if (app_id != STORE_APPLICATION_ID && (app_id != 0 || tables != 0)) {
		kh_error_set(err, store->path, 0, 0,
			     "%s", _("not a kehoach database (it belongs to another program);"
				     " give another path with --db"));
		return -1;
	}
	if (*version < 0) {
		kh_error_set(err, store->path, 0, 0,
			     _("the database says its schema version is %d, which no kehoach"
			       " writes (this one knows versions 0 to %d); it was left untouched."
			       " Restore it from a backup, or give another path with --db"),
			     *version, STORE_SCHEMA_VERSION);
		return -1;
	}
	if (*version > STORE_SCHEMA_VERSION) {
		kh_error_set(err, store->path, 0, 0,
			     _("this database was written by a newer kehoach (schema %d; this"
			       " one knows up to %d); it was left untouched — upgrade kehoach"),
			     *version, STORE_SCHEMA_VERSION);
		return -1;
	}
	return 0;
}

/* The duties out of step in duty_search: missing, or not what
 * kh_search_text() makes of them now. */
#define SEARCH_OUT_OF_STEP \
	" FROM duty d LEFT JOIN duty_search s ON s.duty_key = d.key" \
	" WHERE s.folded IS NOT kh_search_text(d.id, d.text)"

int store_search_rebuild(struct store *store, long *rebuilt, struct kh_error *err)
{
	*rebuilt = 0;
	if (store_begin(store, err) < 0)
		return -1;
	/* Every duty folded once; only the rows that differ are written,
	 * and counted (a DO UPDATE whose WHERE fails changes nothing). */
	if (store_exec(store,
		       "INSERT INTO duty_search(duty_key, folded)"
		       " SELECT key, kh_search_text(id, text) FROM duty WHERE true"
		       " ON CONFLICT (duty_key) DO UPDATE SET folded = excluded.folded"
		       " WHERE folded IS NOT excluded.folded", err) < 0) {
		store_rollback(store);
		return -1;
	}
	*rebuilt = (long)sqlite3_changes64(store->db);
	if (store_exec(store,
		       "DELETE FROM duty_search_fold;"
		       "INSERT INTO duty_search_fold(version) VALUES (kh_fold_version());",
		       err) < 0) {
		store_rollback(store);
		return -1;
	}
	return store_commit(store, err);
}

int store_search_out_of_step(struct store *store, long *count, struct kh_error *err)
{
	sqlite3_stmt *stmt = store_prepare(store, "SELECT count(*)" SEARCH_OUT_OF_STEP, err);
	if (!stmt)
		return -1;
	int step = sqlite3_step(stmt);
	*count = step == SQLITE_ROW ? (long)sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	return step == SQLITE_ROW ? 0 : store_fail(store, err, _("cannot read the database"));
}

/* The texts a search reads were folded by another text_fold_version()
 * (another libutf8proc, a kehoach whose folding changed): folded again,
 * once, by the first command that may write. One that may not leaves
 * them; a search then finds what the old folding gives. */
static int search_in_step(struct store *store, struct kh_error *err)
{
	sqlite3_stmt *stmt = store_prepare(store,
		"SELECT count(*) FROM duty_search_fold WHERE version = kh_fold_version()", err);
	if (!stmt)
		return -1;
	bool in_step = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0) > 0;
	sqlite3_finalize(stmt);
	long rebuilt;
	if (in_step || sqlite3_db_readonly(store->db, "main") != 0)
		return 0;
	return store_search_rebuild(store, &rebuilt, err);
}

static int migrate(struct store *store, int version, struct kh_error *err)
{
	if (version == STORE_SCHEMA_VERSION)
		return 0;
	if (store_begin(store, err) < 0)
		return -1;
	/* Re-read inside the write lock: another process may have migrated. */
	if (pragma_int(store, "PRAGMA user_version", &version, err) < 0)
		goto fail;
	/* Each step ends by setting user_version to its own number. */
	for (int v = version; v < STORE_SCHEMA_VERSION; v++)
		if (store_exec(store, migrations[v], err) < 0)
			goto fail;
	return store_commit(store, err);
fail:
	store_rollback(store);
	return -1;
}

void store_search_text_append(struct buf *out, const char *id, const char *text)
{
	buf_puts(out, id ? id : "");
	buf_putc(out, STORE_SEARCH_SEPARATOR);
	if (text)
		text_fold_append(out, text);
}

/* The search text made ahead of a duty with this id and text, or NULL.
 * The duties are asked for in the order they were made in (their
 * places): only the next one is looked at, so that a duty that is not
 * among them (another's, left in the places) costs nothing more. */
static const char *search_text_ahead(struct search_ahead *ahead, const char *id,
				     const char *text)
{
	if (!ahead || ahead->next >= ahead->n || !id || !text)
		return NULL;
	const struct search_ahead_duty *d = &ahead->duties[ahead->next];
	if (strcmp(d->id, id) != 0 || strcmp(d->text, text) != 0)
		return NULL;
	ahead->next++;
	return buf_str(&ahead->texts) + d->folded;
}

/* kh_search_text(id, text): what a search reads of a duty (see
 * STORE_SEARCH_SEPARATOR). */
static void sql_search_text(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	struct store *store = sqlite3_user_data(ctx);
	const char *id = (const char *)sqlite3_value_text(argv[0]);
	const char *text = (const char *)sqlite3_value_text(argv[1]);
	const char *ahead = search_text_ahead(store->search_ahead, id, text);
	if (ahead) {
		sqlite3_result_text(ctx, ahead, -1, SQLITE_TRANSIENT);
		return;
	}
	struct buf out = { 0 };
	store_search_text_append(&out, id, text);
	sqlite3_result_text(ctx, buf_str(&out), (int)out.len, SQLITE_TRANSIENT);
	buf_free(&out);
}

/* kh_fold_version(): text_fold_version(). */
static void sql_fold_version(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	char version[128];
	text_fold_version(version, sizeof(version));
	sqlite3_result_text(ctx, version, -1, SQLITE_TRANSIENT);
}

/* kh_contains(haystack, needle): whether haystack holds needle (0 when
 * either is NULL). SQLite's instr() compares at every byte; the C
 * library's strstr() is several times faster over a search's folded
 * texts (which hold no NUL). */
static void sql_contains(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *haystack = (const char *)sqlite3_value_text(argv[0]);
	const char *needle = (const char *)sqlite3_value_text(argv[1]);
	sqlite3_result_int(ctx, haystack && needle && strstr(haystack, needle) != NULL);
}

static int create_functions(struct store *store, struct kh_error *err)
{
	static const struct {
		const char *name;
		int n_args;
		void (*fn)(sqlite3_context *, int, sqlite3_value **);
	} functions[] = {
		{ "kh_search_text", 2, sql_search_text },
		{ "kh_contains", 2, sql_contains },
		{ "kh_fold_version", 0, sql_fold_version },
	};
	for (size_t i = 0; i < KH_ARRAY_LEN(functions); i++)
		if (sqlite3_create_function(store->db, functions[i].name,
					    functions[i].n_args,
					    SQLITE_UTF8 | SQLITE_DETERMINISTIC, store,
					    functions[i].fn, NULL, NULL) != SQLITE_OK)
			return store_fail(store, err, _("cannot open the database"));
	return 0;
}

/* Network file systems, by statfs(2) magic number. */
static const struct {
	unsigned long magic;
	const char *name;
} network_fs[] = {
	{ 0x6969, "NFS" },
	{ 0x517B, "SMB" },
	{ 0xFF534D42, "CIFS" },
	{ 0xFE534D42, "SMB2" },
	{ 0x5346414F, "AFS" },
	{ 0x6B414653, "AFS" },
	{ 0x73757245, "Coda" },
	{ 0x01021997, "9P" },
	{ 0x00C36400, "Ceph" },
	{ 0x0BD00BD0, "Lustre" },
	{ 0x01161970, "GFS2" },
	{ 0x7461636F, "OCFS2" },
};

/* SQLite counts the memory it allocates under one lock for the whole
 * process (SQLITE_DEFAULT_MEMSTATUS): a report's threads took it for
 * each of their hundreds of thousands of allocations. Nothing here reads
 * those counts. Set once, before any connection is opened. */
static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* sqlite3_open_v2() with the library configured first. */
static int open_connection(const char *path, sqlite3 **db, int flags)
{
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	pthread_once(&configured, configure_sqlite);
	return sqlite3_open_v2(path, db, flags, NULL);
}

/* Refuses a database on a network file system: WAL needs POSIX locks and
 * shared memory that work between the processes of one machine, which
 * such file systems do not give reliably; several users would corrupt it. */
static int refuse_network_fs(const char *path, struct kh_error *err)
{
	char *dir = path_folder(path);
	struct statfs fs;
	int rc = 0;
	if (statfs(dir, &fs) == 0) {
		for (size_t i = 0; i < KH_ARRAY_LEN(network_fs); i++) {
			if ((unsigned long)fs.f_type != network_fs[i].magic)
				continue;
			kh_error_set(err, path, 0, 0,
				     _("the database is on a network file system (%s); kehoach's"
				       " database needs the locks and shared memory of a local disk,"
				       " or users would damage it. Keep it on a disk of the server"
				       " (such as /srv/kehoach/kehoach.db) and let unit heads log in"
				       " there"),
				     network_fs[i].name);
			rc = -1;
			break;
		}
	}
	x_free(dir);
	return rc;
}

int store_open_readonly(const char *path, struct store **out, struct kh_error *err)
{
	*out = NULL;
	/* SQLite would wait forever on a FIFO put in the database's place. */
	struct stat st;
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
		kh_error_set(err, path, 0, 0, "%s",
			     _("the database is not a plain file; give the database's path with --db"));
		return -1;
	}
	if (store_wal_intact(path, err) < 0)
		return -1;
	struct store *store = x_calloc(1, sizeof(*store));
	store->path = x_strdup(path);
	int version = 0;
	/* No CREATE: a database that is not there stays not there. */
	if (open_connection(path, &store->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX)
	    != SQLITE_OK) {
		if (store->db)
			store_fail(store, err, _("cannot open the database"));
		else
			kh_error_set(err, path, 0, 0, "%s", _("cannot open the database"));
		goto fail;
	}
	sqlite3_extended_result_codes(store->db, 1);
	sqlite3_busy_timeout(store->db, 200);
	if (check_identity(store, &version, err) < 0)
		goto fail;
	if (version != STORE_SCHEMA_VERSION) {
		kh_error_set(err, path, 0, 0,
			     _("the database is at schema %d, this kehoach reads %d: run any other kehoach command once to bring it up to date"),
			     version, STORE_SCHEMA_VERSION);
		goto fail;
	}
	store->due_soon_days = STORE_DUE_SOON_DAYS;
	*out = store;
	return 0;
fail:
	store_close(store);
	return -1;
}

int store_open(const char *path, struct store **out, struct kh_error *err)
{
	*out = NULL;
	if (refuse_network_fs(path, err) < 0 || store_wal_intact(path, err) < 0)
		return -1;
	struct store *store = x_calloc(1, sizeof(*store));
	store->path = x_strdup(path);
	store->due_soon_days = STORE_DUE_SOON_DAYS;
	int version = 0;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		    SQLITE_OPEN_NOMUTEX;
	if (open_connection(path, &store->db, flags) != SQLITE_OK) {
		if (!store->db) {
			kh_error_set(err, path, 0, 0, "%s", _("cannot open the database"));
			goto fail;
		}
		store_fail(store, err, _("cannot open the database"));
		goto fail;
	}
	sqlite3_extended_result_codes(store->db, 1);
	/* Other unit heads may be writing: wait for them rather than fail. */
	sqlite3_busy_timeout(store->db, STORE_BUSY_TIMEOUT_MS);
	if (check_identity(store, &version, err) < 0)
		goto fail;
	/* FULL: a mark the user was told about survives a power cut, not
	 * only a crash (NORMAL may lose the last commits in WAL mode). It
	 * costs one fsync of the WAL per commit, which marks can afford. */
	if (store_exec(store,
		       "PRAGMA journal_mode = WAL;"
		       "PRAGMA synchronous = FULL;"
		       "PRAGMA foreign_keys = ON;"
		       "PRAGMA temp_store = MEMORY;",
		       err) < 0)
		goto fail;
	/* The migrations call them too. */
	if (create_functions(store, err) < 0 || migrate(store, version, err) < 0 ||
	    search_in_step(store, err) < 0)
		goto fail;
	/* The connection has its -wal open by now: it has read the schema. */
	store_wal_remember(store);
	*out = store;
	return 0;
fail:
	store_close(store);
	return -1;
}

int store_open_helper(struct store *store, struct store **out, struct kh_error *err)
{
	/* Opened as any reader opens it: a plain file, its log intact, a
	 * kehoach database at this schema. */
	if (store_open_readonly(store->path, out, err) < 0)
		return -1;
	struct store *helper = *out;
	helper->with_archived = store->with_archived;
	helper->due_soon_days = store->due_soon_days;
	helper->keep_counts_off = true;   /* it reads, never keeps */
	sqlite3_busy_timeout(helper->db, STORE_BUSY_TIMEOUT_MS);
	/* Its reads are by key, scattered over the file: a large cache
	 * would hold pages read once, and each helper's is its own. */
	if (store_exec(helper, "PRAGMA cache_size = -512;"
			       "PRAGMA temp_store = MEMORY;", err) < 0 ||
	    create_functions(helper, err) < 0) {
		store_close(helper);
		*out = NULL;
		return -1;
	}
	return 0;
}

void store_close(struct store *store)
{
	if (!store)
		return;
	for (size_t i = 0; i < store->n_kept; i++) {
		sqlite3_finalize(store->kept[i].stmt);
		x_free(store->kept[i].sql);
	}
	for (size_t i = 0; i < STORE_SNAPSHOTS; i++) {
		x_free(store->snapshots[i].keys);
		x_free(store->snapshots[i].all);
		x_free(store->snapshots[i].phases);
		x_free(store->snapshots[i].query);
	}
	x_free(store->marked);
	sqlite3_close_v2(store->db);
	x_free(store->path);
	x_free(store);
}

/* ---- health ------------------------------------------------------------ */

static long long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

static int query_int64(struct store *store, const char *sql, long long *out,
		       struct kh_error *err)
{
	sqlite3_stmt *stmt = store_prepare(store, sql, err);
	if (!stmt)
		return -1;
	int rc = sqlite3_step(stmt);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
	       : store_fail(store, err, _("cannot read the database's figures"));
}

int store_health(struct store *store, struct store_health *out, struct kh_error *err)
{
	memset(out, 0, sizeof(*out));
	char *wal = x_asprintf("%s-wal", store->path);
	out->size_bytes = file_size(store->path);
	out->wal_bytes = file_size(wal);
	x_free(wal);
	long long version;
	if (query_int64(store, "PRAGMA user_version", &version, err) < 0 ||
	    query_int64(store, "PRAGMA page_size", &out->page_size, err) < 0 ||
	    query_int64(store, "PRAGMA page_count", &out->page_count, err) < 0 ||
	    query_int64(store, "PRAGMA freelist_count", &out->free_pages, err) < 0 ||
	    query_int64(store, "SELECT count(*) FROM plan WHERE retired = 0",
			&out->plans, err) < 0 ||
	    query_int64(store, "SELECT count(*) FROM assignment WHERE retired = 0",
			&out->assignments, err) < 0 ||
	    query_int64(store, "SELECT count(*) FROM history", &out->changes, err) < 0 ||
	    query_int64(store, "SELECT coalesce(max(at), 0) FROM history",
			&out->last_change_at, err) < 0)
		return -1;
	out->schema_version = (int)version;
	sqlite3_stmt *stmt = store_prepare(store,
		"SELECT user FROM history ORDER BY seq DESC LIMIT 1", err);
	if (!stmt)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		snprintf(out->last_change_by, sizeof(out->last_change_by), "%s",
			 store_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return 0;
}

int store_check(struct store *store, bool full, struct buf *problems,
		struct kh_error *err)
{
	/* At most this many problems: enough to see what is wrong. */
	sqlite3_stmt *stmt = store_prepare(store, full ? "PRAGMA integrity_check(20)"
						       : "PRAGMA quick_check(20)", err);
	if (!stmt)
		return -1;
	int rc;
	bool ok = false;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *line = store_column_text(stmt, 0);
		if (line && strcmp(line, "ok") == 0) {
			ok = true;
			continue;
		}
		buf_printf(problems, "%s\n", line ? line : "?");
	}
	sqlite3_finalize(stmt);
	/* A page too damaged to walk stops the check itself: that is its
	 * finding, not a failure to check. */
	if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB) {
		buf_printf(problems, "%s\n", sqlite3_errstr(rc));
		return 1;
	}
	if (rc != SQLITE_DONE)
		return store_fail(store, err, _("cannot check the database"));
	return ok && problems->len == 0 ? 0 : 1;
}

/* The quick check on a connection of its own, in a thread of its own. */
struct store_check_run {
	pthread_t thread;
	char *path;
	pthread_mutex_t lock;      /* guards db and stopping */
	sqlite3 *db;               /* while the check runs */
	bool stopping;
	atomic_bool finished;
	int rc;                    /* store_check()'s, once finished */
	struct buf problems;
	struct kh_error err;
};

static void *check_thread(void *arg)
{
	struct store_check_run *run = arg;
	struct store own = { .path = run->path };
	pthread_mutex_lock(&run->lock);
	int opened = run->stopping ? SQLITE_ABORT :
		open_connection(run->path, &own.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
	run->db = own.db;
	pthread_mutex_unlock(&run->lock);
	if (opened != SQLITE_OK) {
		kh_error_set(&run->err, run->path, 0, 0, "%s", _("cannot check the database"));
		run->rc = -1;
	} else {
		sqlite3_extended_result_codes(own.db, 1);
		/* A writer's lock is waited for as the session's own
		 * connection waits for it. */
		sqlite3_busy_timeout(own.db, STORE_BUSY_TIMEOUT_MS);
		run->rc = store_check(&own, false, &run->problems, &run->err);
	}
	pthread_mutex_lock(&run->lock);
	run->db = NULL;
	pthread_mutex_unlock(&run->lock);
	sqlite3_close_v2(own.db);
	atomic_store(&run->finished, true);
	return NULL;
}

struct store_check_run *store_check_start(struct store *store, struct kh_error *err)
{
	struct store_check_run *run = x_calloc(1, sizeof(*run));
	run->path = x_strdup(store->path);
	pthread_mutex_init(&run->lock, NULL);
	atomic_init(&run->finished, false);
	kh_error_clear(&run->err);
	if (pthread_create(&run->thread, NULL, check_thread, run) != 0) {
		kh_error_set(err, store->path, 0, 0, "%s", _("cannot check the database"));
		pthread_mutex_destroy(&run->lock);
		x_free(run->path);
		x_free(run);
		return NULL;
	}
	return run;
}

int store_check_result(struct store_check_run *run, bool wait, struct buf *problems,
		       struct kh_error *err)
{
	if (!wait && !atomic_load(&run->finished))
		return 2;
	/* Joined once; the outcome stays for later calls. */
	if (run->path) {
		pthread_join(run->thread, NULL);
		x_free(run->path);
		run->path = NULL;
	}
	buf_puts(problems, buf_str(&run->problems));
	if (run->rc < 0)
		*err = run->err;
	return run->rc;
}

void store_check_stop(struct store_check_run *run)
{
	if (!run)
		return;
	if (run->path) {
		pthread_mutex_lock(&run->lock);
		run->stopping = true;
		if (run->db)
			sqlite3_interrupt(run->db);
		pthread_mutex_unlock(&run->lock);
		pthread_join(run->thread, NULL);
		x_free(run->path);
	}
	pthread_mutex_destroy(&run->lock);
	buf_free(&run->problems);
	x_free(run);
}
