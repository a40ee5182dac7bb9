/* The store when the disk fails: a SQLite VFS that wraps the default one
 * and makes its writes, syncs and truncations fail from the Nth on (a full
 * disk: the write half done, then SQLITE_FULL; a dead disk: every call an
 * I/O error) or at the Nth only (a passing glitch).
 *
 * For every N from 0 to the number of such calls a whole session needs
 * (open, sync of a changed plan, a mark, close), the session is run with
 * that fault. Each step must succeed or fail with an error that names the
 * database, never crash; afterwards, opened again without faults, the
 * database must pass the integrity check and hold exactly a state the
 * session could have left (each operation all or nothing; those reported
 * done present; the earlier mark and plan never lost), and a retry must
 * reach the state of a session without faults.
 *
 * The faulty VFS is registered as SQLite's default, so the store opens
 * through it exactly as it does in production: no hook in the store.
 * Creating a database (the migrations) is run under every fault too:
 * afterwards there is no schema or all of it, never part. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kehoach/store.h"
#include "kehoach/util.h"

/* ---- the faulty VFS ------------------------------------------------------ */

enum fault_kind {
	FAULT_DISK_FULL,     /* from call N on, writes stop half-way with SQLITE_FULL */
	FAULT_DEAD_DISK,     /* from call N on, every call fails with an I/O error */
	FAULT_GLITCH,        /* call N alone fails with an I/O error */
};

static struct {
	bool armed;
	enum fault_kind kind;
	long first;        /* the index of the first call that fails */
	long calls;        /* writes, syncs and truncations seen while armed */
	long failures;     /* calls made to fail */
} faults;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs faulty_vfs;

struct faulty_file {
	sqlite3_file base;
	sqlite3_file *real;   /* just after this struct, real_vfs->szOsFile bytes */
};

static sqlite3_file *real_file(sqlite3_file *file)
{
	return ((struct faulty_file *)file)->real;
}

/* Whether the call about to be made fails. */
static bool fault_now(void)
{
	if (!faults.armed)
		return false;
	long index = faults.calls++;
	bool fail = faults.kind == FAULT_GLITCH ? index == faults.first
						: index >= faults.first;
	if (fail)
		faults.failures++;
	return fail;
}

static int faulty_write(sqlite3_file *file, const void *data, int amount,
			sqlite3_int64 offset)
{
	if (!fault_now())
		return real_file(file)->pMethods->xWrite(real_file(file), data,
							 amount, offset);
	if (faults.kind == FAULT_DISK_FULL) {
		/* As a real full disk does: part of it written, then no room. */
		if (amount > 1)
			real_file(file)->pMethods->xWrite(real_file(file), data,
							  amount / 2, offset);
		return SQLITE_FULL;
	}
	return SQLITE_IOERR_WRITE;
}

static int faulty_sync(sqlite3_file *file, int flags)
{
	/* A full disk still syncs what it holds. */
	if (fault_now() && faults.kind != FAULT_DISK_FULL)
		return SQLITE_IOERR_FSYNC;
	return real_file(file)->pMethods->xSync(real_file(file), flags);
}

static int faulty_truncate(sqlite3_file *file, sqlite3_int64 size)
{
	/* Shrinking a file needs no room. */
	if (fault_now() && faults.kind != FAULT_DISK_FULL)
		return SQLITE_IOERR_TRUNCATE;
	return real_file(file)->pMethods->xTruncate(real_file(file), size);
}

/* Everything else goes straight to the real file. */
static int faulty_close(sqlite3_file *file)
{
	return real_file(file)->pMethods->xClose(real_file(file));
}

static int faulty_read(sqlite3_file *file, void *data, int amount,
		       sqlite3_int64 offset)
{
	return real_file(file)->pMethods->xRead(real_file(file), data, amount, offset);
}

static int faulty_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
	return real_file(file)->pMethods->xFileSize(real_file(file), size);
}

static int faulty_lock(sqlite3_file *file, int level)
{
	return real_file(file)->pMethods->xLock(real_file(file), level);
}

static int faulty_unlock(sqlite3_file *file, int level)
{
	return real_file(file)->pMethods->xUnlock(real_file(file), level);
}

static int faulty_check_reserved_lock(sqlite3_file *file, int *out)
{
	return real_file(file)->pMethods->xCheckReservedLock(real_file(file), out);
}

static int faulty_file_control(sqlite3_file *file, int op, void *arg)
{
	return real_file(file)->pMethods->xFileControl(real_file(file), op, arg);
}

static int faulty_sector_size(sqlite3_file *file)
{
	return real_file(file)->pMethods->xSectorSize(real_file(file));
}

static int faulty_device_characteristics(sqlite3_file *file)
{
	return real_file(file)->pMethods->xDeviceCharacteristics(real_file(file));
}

static int faulty_shm_map(sqlite3_file *file, int page, int page_size,
			  int extend, void volatile **out)
{
	return real_file(file)->pMethods->xShmMap(real_file(file), page, page_size,
						  extend, out);
}

static int faulty_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
	return real_file(file)->pMethods->xShmLock(real_file(file), offset, n, flags);
}

static void faulty_shm_barrier(sqlite3_file *file)
{
	real_file(file)->pMethods->xShmBarrier(real_file(file));
}

static int faulty_shm_unmap(sqlite3_file *file, int delete_flag)
{
	return real_file(file)->pMethods->xShmUnmap(real_file(file), delete_flag);
}

static int faulty_fetch(sqlite3_file *file, sqlite3_int64 offset, int amount,
			void **out)
{
	return real_file(file)->pMethods->xFetch(real_file(file), offset, amount, out);
}

static int faulty_unfetch(sqlite3_file *file, sqlite3_int64 offset, void *p)
{
	return real_file(file)->pMethods->xUnfetch(real_file(file), offset, p);
}

static const sqlite3_io_methods faulty_io = {
	.iVersion = 3,
	.xClose = faulty_close,
	.xRead = faulty_read,
	.xWrite = faulty_write,
	.xTruncate = faulty_truncate,
	.xSync = faulty_sync,
	.xFileSize = faulty_file_size,
	.xLock = faulty_lock,
	.xUnlock = faulty_unlock,
	.xCheckReservedLock = faulty_check_reserved_lock,
	.xFileControl = faulty_file_control,
	.xSectorSize = faulty_sector_size,
	.xDeviceCharacteristics = faulty_device_characteristics,
	.xShmMap = faulty_shm_map,
	.xShmLock = faulty_shm_lock,
	.xShmBarrier = faulty_shm_barrier,
	.xShmUnmap = faulty_shm_unmap,
	.xFetch = faulty_fetch,
	.xUnfetch = faulty_unfetch,
};

static int faulty_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file,
		       int flags, int *out_flags)
{
	(void)vfs;
	struct faulty_file *ff = (struct faulty_file *)file;
	ff->real = (sqlite3_file *)(ff + 1);
	int rc = real_vfs->xOpen(real_vfs, name, ff->real, flags, out_flags);
	/* SQLite calls xClose only when pMethods is set: mirror the real one. */
	ff->base.pMethods = ff->real->pMethods ? &faulty_io : NULL;
	return rc;
}

/* Makes the faulty VFS (disarmed) SQLite's default, or the real one again. */
static void use_faulty_vfs(bool on)
{
	if (!real_vfs) {
		real_vfs = sqlite3_vfs_find(NULL);
		assert_non_null(real_vfs);
		assert_true(real_vfs->iVersion >= 3);
		faulty_vfs = *real_vfs;   /* pAppData and the rest as the real one */
		faulty_vfs.pNext = NULL;
		faulty_vfs.zName = "kehoach-faulty";
		faulty_vfs.szOsFile = (int)sizeof(struct faulty_file) + real_vfs->szOsFile;
		faulty_vfs.xOpen = faulty_open;
	}
	faults.armed = false;
	assert_int_equal(sqlite3_vfs_register(on ? &faulty_vfs : real_vfs, 1), SQLITE_OK);
	assert_ptr_equal(sqlite3_vfs_find(NULL), on ? &faulty_vfs : real_vfs);
}

static void arm(enum fault_kind kind, long first)
{
	faults.armed = true;
	faults.kind = kind;
	faults.first = first;
	faults.calls = 0;
	faults.failures = 0;
}

static void disarm(void)
{
	faults.armed = false;
}

/* ---- the plans and the session ------------------------------------------- */

static const char plan_v1[] =
	"kehoach: 1\n"
	"plan:\n"
	"  id: p1\n"
	"  title: \"Kế hoạch Tết\"\n"
	"  issuer: \"Sở Thông tin và Truyền thông\"\n"
	"  from: 2022-01-10\n"
	"  to: 2022-02-28\n"
	"units:\n"
	"  - id: all\n"
	"    name: \"Các phòng\"\n"
	"    members: [vp, tt]\n"
	"    duties:\n"
	"      - id: g1\n"
	"        text: \"Xây dựng kế hoạch của đơn vị\"\n"
	"  - id: vp\n"
	"    name: \"Văn phòng Sở\"\n"
	"    duties:\n"
	"      - id: vp-1\n"
	"        text: \"Bố trí lịch trực Tết\"\n"
	"        due: 2022-01-25\n"
	"      - id: vp-2\n"
	"        text: \"Tăng cường kiểm tra\"\n"
	"  - id: tt\n"
	"    name: \"Thanh tra Sở\"\n"
	"    duties:\n"
	"      - id: tt-1\n"
	"        text: \"Thanh tra trò chơi trực tuyến\"\n";

struct fixture {
	char dir[64];
	char db[96];
	char plan[96];
	char *v2;              /* the changed plan: v1 edited, and many duties more */
	/* The states a session may leave, as dump() gives them. */
	char *before;          /* nothing of the session */
	char *synced;          /* the sync alone */
	char *marked;          /* the mark alone (the sync failed) */
	char *both;            /* the sync and the mark */
	long session_calls;    /* writes, syncs and truncations of a session */
	long create_calls;     /* … of creating a database */
};

static char *make_plan_v2(void)
{
	struct buf b = { 0 };
	const char *tail = strstr(plan_v1, "  - id: tt\n");
	buf_append(&b, plan_v1, (size_t)(tail - plan_v1));
	/* A new unit with enough duties to fill many pages: the sync's
	 * transaction then spans many writes, a fault can hit any. */
	buf_printf(&b, "  - id: kt\n    name: \"Phòng Kế toán\"\n    duties:\n");
	for (int i = 0; i < 150; i++)
		buf_printf(&b, "      - id: kt-%d\n        text: \"Quyết toán khoản chi số %d"
			   " của năm, đối chiếu với kho bạc và báo cáo Sở\"\n", i, i);
	buf_append(&b, tail, strlen(tail));
	/* An edited duty, so that the sync also rewrites rows it keeps. */
	char *s = x_strdup(buf_str(&b));
	buf_free(&b);
	char *edit = strstr(s, "Tăng cường kiểm tra");
	assert_non_null(edit);
	memcpy(edit, "TĂNG", strlen("TĂNG"));
	return s;
}

/* Writes content to path with a fixed modification time, so that a plan
 * file's row is the same in every run. */
static void write_plan(const char *path, const char *content, time_t mtime)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(content, fp);
	assert_int_equal(fclose(fp), 0);
	struct timespec times[2] = { { mtime, 0 }, { mtime, 0 } };
	assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
}

static void remove_db(struct fixture *f)
{
	char path[128];
	unlink(f->db);
	snprintf(path, sizeof(path), "%s-wal", f->db);
	unlink(path);
	snprintf(path, sizeof(path), "%s-shm", f->db);
	unlink(path);
	snprintf(path, sizeof(path), "%s-journal", f->db);
	unlink(path);
}

static struct actor test_actor(void)
{
	struct actor a = { 1001, "hang.nt", "host", 42, 1643000000 };
	return a;
}

/* The database as it is before every session: plan v1 synced, tt-1
 * marked, closed cleanly; and v2 in the plan file. */
static void prepare(struct fixture *f)
{
	disarm();
	remove_db(f);
	write_plan(f->plan, plan_v1, 1640000000);
	struct store *store;
	struct kh_error err;
	assert_int_equal(store_open(f->db, &store, &err), 0);
	const char *paths[] = { f->plan };
	assert_int_equal(store_sync(store, paths, 1, NULL, NULL, &err), 0);
	struct duty_ref ref;
	assert_int_equal(store_resolve(store, "tt-1", 0, &ref, &err), 0);
	struct mark doing = { DUTY_DOING, "Đang làm", KH_DATE_NONE };
	struct actor actor = test_actor();
	assert_int_equal(store_mark(store, ref.assignment, &doing, &actor, &err), 0);
	store_close(store);
	write_plan(f->plan, f->v2, 1640000100);
}

/* Every row of every table, with the schema version, as text; through the
 * real VFS whatever the default is. */
static char *dump(const char *path)
{
	static const char *const tables[] = {
		"plan_file", "plan", "unit", "unit_member", "duty", "assignment", "history",
	};
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
					 real_vfs->zName), SQLITE_OK);
	struct buf b = { 0 };
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	buf_printf(&b, "user_version %d\n", sqlite3_column_int(stmt, 0));
	sqlite3_finalize(stmt);
	for (size_t t = 0; t < KH_ARRAY_LEN(tables); t++) {
		char sql[96];
		snprintf(sql, sizeof(sql), "SELECT * FROM %s ORDER BY 1, 2", tables[t]);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
		buf_printf(&b, "[%s]\n", tables[t]);
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(stmt); c++) {
				const char *v = (const char *)sqlite3_column_text(stmt, c);
				buf_printf(&b, "%s%s", c ? "|" : "", v ? v : "NULL");
			}
			buf_printf(&b, "\n");
		}
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	char *s = x_strdup(buf_str(&b));
	buf_free(&b);
	return s;
}

/* An error from the store must say what failed, about which file. */
static void check_error(const struct fixture *f, const struct kh_error *err,
			const char *what, long n)
{
	if (err->message[0] == '\0' || strcmp(err->file, f->db) != 0) {
		fail_msg("fault at call %ld: %s failed with the error '%s' about '%s';"
			 " expected a message about %s", n, what, err->message,
			 err->file, f->db);
	}
}

struct outcome {
	bool opened, synced, marked;
};

/* One session: open, sync the changed plan, mark vp-1 done, close. A
 * step fails cleanly or succeeds; the mark is tried whether the sync
 * succeeded or not, as a user would. A retry may find vp-1 already done. */
static struct outcome session(struct fixture *f, long n, bool retry)
{
	struct outcome out = { false, false, false };
	struct store *store;
	struct kh_error err;
	kh_error_clear(&err);
	if (store_open(f->db, &store, &err) < 0) {
		check_error(f, &err, "opening", n);
		return out;
	}
	out.opened = true;
	const char *paths[] = { f->plan };
	kh_error_clear(&err);
	int rc = store_sync(store, paths, 1, NULL, NULL, &err);
	if (rc < 0)
		check_error(f, &err, "the sync", n);
	else if (rc != 0)
		fail_msg("fault at call %ld: the sync reports a plan file that failed", n);
	out.synced = rc == 0;
	struct duty_ref ref;
	kh_error_clear(&err);
	if (store_resolve(store, "vp-1", 0, &ref, &err) < 0) {
		check_error(f, &err, "looking up vp-1", n);
		goto out;
	}
	struct mark done = { DUTY_DONE, "Đã bố trí", date_from_ymd(2022, 1, 24) };
	struct actor actor = test_actor();
	kh_error_clear(&err);
	rc = store_mark(store, ref.assignment, &done, &actor, &err);
	if (rc < 0)
		check_error(f, &err, "the mark", n);
	else if (rc != MARK_CHANGED && !(retry && rc == MARK_UNCHANGED))
		fail_msg("fault at call %ld: store_mark returned %d", n, rc);
	out.marked = rc >= 0;
out:
	store_close(store);
	return out;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	/* In memory where there is a tmpfs: some 1,500 sessions, each
	 * syncing to disk several times, take minutes on a busy disk. */
	snprintf(f->dir, sizeof(f->dir), "%s/kehoach-faults-XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/test.db", f->dir);
	snprintf(f->plan, sizeof(f->plan), "%s/p1.yaml", f->dir);
	f->v2 = make_plan_v2();
	use_faulty_vfs(true);

	/* The four states a session may leave, made without faults. */
	prepare(f);
	f->before = dump(f->db);
	struct outcome o = session(f, -1, false);
	assert_true(o.synced && o.marked);
	f->both = dump(f->db);
	prepare(f);
	write_plan(f->plan, plan_v1, 1640000000);   /* nothing to sync */
	o = session(f, -1, false);
	assert_true(o.marked);
	f->marked = dump(f->db);
	prepare(f);
	struct store *store;
	struct kh_error err;
	assert_int_equal(store_open(f->db, &store, &err), 0);
	const char *paths[] = { f->plan };
	assert_int_equal(store_sync(store, paths, 1, NULL, NULL, &err), 0);
	store_close(store);
	f->synced = dump(f->db);
	/* Four different states, or the checks below prove little. */
	assert_string_not_equal(f->before, f->synced);
	assert_string_not_equal(f->before, f->marked);
	assert_string_not_equal(f->synced, f->both);
	assert_string_not_equal(f->marked, f->both);

	/* How many writes, syncs and truncations a whole session makes. */
	prepare(f);
	arm(FAULT_GLITCH, LONG_MAX);
	o = session(f, -1, false);
	disarm();
	assert_true(o.synced && o.marked);
	f->session_calls = faults.calls;
	remove_db(f);
	arm(FAULT_GLITCH, LONG_MAX);
	assert_int_equal(store_open(f->db, &store, &err), 0);
	store_close(store);
	disarm();
	f->create_calls = faults.calls;
	/* Enough that the faults below reach every part of the session. */
	assert_true(f->session_calls >= 20);
	assert_true(f->create_calls >= 5);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	use_faulty_vfs(false);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f->v2);
	free(f->before);
	free(f->synced);
	free(f->marked);
	free(f->both);
	free(f);
	return 0;
}

/* ---- the checks ---------------------------------------------------------- */

/* The first line of a that differs from b's line at the same place (at
 * most 200 bytes of it, in static storage), or "(none)". */
static const char *first_difference(const char *a, const char *b)
{
	static char line[200];
	while (*a && *b) {
		size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
		if (la != lb || memcmp(a, b, la) != 0)
			break;
		a += la + (a[la] == '\n');
		b += lb + (b[lb] == '\n');
	}
	if (!*a)
		return *b ? "(none: it stops where the other goes on)" : "(none)";
	snprintf(line, sizeof(line), "%.*s", (int)strcspn(a, "\n"), a);
	return line;
}

/* The database after a session with a fault, opened with the real VFS:
 * sound, and holding what the outcome allows; then a retry without faults
 * completes the session. */
static void check_after(struct fixture *f, struct outcome o, long n)
{
	use_faulty_vfs(false);
	struct store *store;
	struct kh_error err;
	if (store_open(f->db, &store, &err) < 0)
		fail_msg("fault at call %ld: the database cannot be opened afterwards: %s",
			 n, err.message);
	struct buf problems = { 0 };
	int rc = store_check(store, true, &problems, &err);
	if (rc != 0)
		fail_msg("fault at call %ld: integrity check: %s", n,
			 rc < 0 ? err.message : buf_str(&problems));
	buf_free(&problems);
	store_close(store);

	char *now = dump(f->db);
	/* A step reported as done must be there; one that failed may be
	 * there or not (a commit whose sync failed may survive), but never
	 * in part: the state is one of the four. */
	bool ok = false;
	if (!strcmp(now, f->before))
		ok = !o.synced && !o.marked;
	else if (!strcmp(now, f->synced))
		ok = !o.marked;
	else if (!strcmp(now, f->marked))
		ok = !o.synced;
	else if (!strcmp(now, f->both))
		ok = true;
	if (!ok) {
		print_error("after the fault at call %ld (opened %d, synced %d, marked %d):\n"
			    "  first line unlike before the session: %s\n"
			    "  first line unlike after the whole session: %s\n",
			    n, o.opened, o.synced, o.marked, first_difference(now, f->before),
			    first_difference(now, f->both));
		fail_msg("fault at call %ld: the database is not in a state the session"
			 " could leave", n);
	}
	free(now);

	/* Nothing is stuck: the same session without faults finishes it. */
	struct outcome again = session(f, n, true);
	now = dump(f->db);
	if (!again.opened || strcmp(now, f->both) != 0)
		fail_msg("fault at call %ld: a retry without faults does not complete"
			 " the session", n);
	free(now);
	use_faulty_vfs(true);
}

static void session_under(void **state, enum fault_kind kind)
{
	struct fixture *f = *state;
	int failed_syncs = 0, failed_marks = 0, failed_opens = 0;
	/* One more than the calls: the last run meets no fault. */
	for (long n = 0; n <= f->session_calls; n++) {
		prepare(f);
		arm(kind, n);
		struct outcome o = session(f, n, false);
		disarm();
		if (n < f->session_calls)
			assert_true(faults.failures > 0);
		failed_opens += !o.opened;
		failed_syncs += o.opened && !o.synced;
		failed_marks += o.opened && !o.marked;
		check_after(f, o, n);
	}
	/* The faults reached the sync and the mark themselves. */
	assert_true(failed_syncs > 0);
	assert_true(failed_marks > 0);
	print_message("%ld calls; failed: %d opens, %d syncs, %d marks\n",
		      f->session_calls, failed_opens, failed_syncs, failed_marks);
}

static void test_disk_full(void **state)
{
	session_under(state, FAULT_DISK_FULL);
}

static void test_dead_disk(void **state)
{
	session_under(state, FAULT_DEAD_DISK);
}

static void test_glitch(void **state)
{
	session_under(state, FAULT_GLITCH);
}

/* Creating a database (the schema's first migration) with a fault: no
 * database, or an empty one, or a whole one; never half a schema. */
static void test_create(void **state)
{
	struct fixture *f = *state;
	static const enum fault_kind kinds[] = {
		FAULT_DISK_FULL, FAULT_DEAD_DISK, FAULT_GLITCH,
	};
	for (size_t k = 0; k < KH_ARRAY_LEN(kinds); k++) {
		for (long n = 0; n <= f->create_calls; n++) {
			remove_db(f);
			arm(kinds[k], n);
			struct store *store;
			struct kh_error err;
			kh_error_clear(&err);
			if (store_open(f->db, &store, &err) < 0)
				check_error(f, &err, "creating the database", n);
			else
				store_close(store);
			disarm();
			use_faulty_vfs(false);
			sqlite3 *db;
			struct stat st;
			if (stat(f->db, &st) == 0) {
				assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READWRITE,
								 NULL), SQLITE_OK);
				sqlite3_stmt *stmt;
				assert_int_equal(sqlite3_prepare_v2(db,
					"SELECT (SELECT user_version FROM pragma_user_version),"
					" (SELECT count(*) FROM sqlite_master),"
					" (SELECT integrity_check FROM pragma_integrity_check)",
					-1, &stmt, NULL), SQLITE_OK);
				assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
				int version = sqlite3_column_int(stmt, 0);
				int objects = sqlite3_column_int(stmt, 1);
				const char *check = (const char *)sqlite3_column_text(stmt, 2);
				if (strcmp(check, "ok") != 0 ||
				    (version == 0) != (objects == 0) || version > STORE_SCHEMA_VERSION)
					fail_msg("%zu/%ld: schema version %d with %d objects; check: %s",
						 k, n, version, objects, check);
				sqlite3_finalize(stmt);
				sqlite3_close(db);
			}
			/* Whatever is left, kehoach takes it up. */
			struct store *again;
			if (store_open(f->db, &again, &err) < 0)
				fail_msg("%zu/%ld: cannot open afterwards: %s", k, n, err.message);
			store_close(again);
			use_faulty_vfs(true);
		}
	}
}

/* An argument runs only the tests whose names match it (cmocka's
 * pattern), e.g. test_faults 'test_glitch'. */
int main(int argc, char **argv)
{
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_disk_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dead_disk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_glitch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
