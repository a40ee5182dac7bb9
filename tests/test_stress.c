/* Several unit heads on one database: many processes marking at once, and
 * processes killed with SIGKILL in the middle of marking. The database is
 * a real file; each process opens its own connection, as kehoach does.
 *
 * Checked afterwards with plain SQL: the integrity check, every mark in
 * the history, no lost update (each history row starts from the state the
 * previous row of its duty left), and each duty's status equal to its
 * last history row (nothing half-applied). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kehoach/store.h"
#include "kehoach/util.h"

#define WRITERS 8
#define MARKS_PER_WRITER 500
#define KILLS 200
/* Few duties, so that writers really contend for the same rows. */
#define DUTIES 6

struct fixture {
	char dir[64];
	char db[96];
	char plan[96];
	long long assignments[DUTIES];
};

static void write_plan(const char *path)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("kehoach: 1\n"
	      "plan:\n"
	      "  id: p\n"
	      "  title: \"Kế hoạch\"\n"
	      "  issuer: \"Sở\"\n"
	      "  from: 2022-01-01\n"
	      "  to: 2022-02-28\n"
	      "units:\n"
	      "  - id: vp\n"
	      "    name: \"Văn phòng\"\n"
	      "    duties:\n", fp);
	for (int i = 0; i < DUTIES; i++)
		fprintf(fp, "      - id: d%d\n        text: \"Nhiệm vụ %d\"\n", i, i);
	fclose(fp);
}

static void ignore_event(void *ctx, const struct sync_event *event)
{
	(void)ctx;
	(void)event;
}

static int collect_assignment(void *ctx, const struct duty_row *row)
{
	long long *keys = ctx;
	keys[atoi(row->duty_id + 1)] = row->assignment;
	return 0;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/kehoach-stress-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/kehoach.db", f->dir);
	snprintf(f->plan, sizeof(f->plan), "%s/p.yaml", f->dir);
	write_plan(f->plan);
	struct store *store;
	struct kh_error err;
	assert_int_equal(store_open(f->db, &store, &err), 0);
	const char *paths[] = { f->plan };
	assert_int_equal(store_sync(store, paths, 1, ignore_event, NULL, &err), 0);
	struct duty_filter filter;
	store_filter_init(&filter, date_from_ymd(2022, 1, 20));
	assert_int_equal(store_list(store, &filter, collect_assignment, f->assignments, &err), 0);
	store_close(store);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* ---- reading the result with plain SQL ------------------------------- */

static long long sql_int(const char *db_path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	long long v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

static void expect_integrity_ok(const char *db_path)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "ok");
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

/* No lost update: a change that starts from a state the previous change
 * did not leave was made blind, over someone else's. And nothing half
 * applied: each duty is as its last change left it. */
static void expect_history_consistent(const char *db_path)
{
	assert_int_equal(sql_int(db_path,
		"SELECT count(*) FROM history h WHERE h.old_state <>"
		" coalesce((SELECT p.new_state FROM history p"
		"   WHERE p.assignment_key = h.assignment_key AND p.seq < h.seq"
		"   ORDER BY p.seq DESC LIMIT 1), 0)"), 0);
	assert_int_equal(sql_int(db_path,
		"SELECT count(*) FROM assignment a WHERE a.state <>"
		" coalesce((SELECT h.new_state FROM history h"
		"   WHERE h.assignment_key = a.key ORDER BY h.seq DESC LIMIT 1), 0)"
		" OR coalesce(a.note, '') <> coalesce((SELECT h.new_note FROM history h"
		"   WHERE h.assignment_key = a.key ORDER BY h.seq DESC LIMIT 1), '')"), 0);
}

/* ---- a writer -------------------------------------------------------- */

struct seen {
	enum duty_state state;
	char *note;
};

static int read_seen(void *ctx, const struct duty_row *row)
{
	struct seen *s = ctx;
	s->state = row->state;
	s->note = row->note ? x_strdup(row->note) : NULL;
	return 0;
}

/* Marks one duty as a unit head would from a screen: reads it, then asks
 * to toggle it from what it read, with a note naming this mark. Tries
 * again when someone else changed it in between. Returns 0, or -1 after
 * printing why (any error, "database is locked" among them, fails). */
static int mark_once(struct store *store, long long assignment, int writer, int n)
{
	char note[64];
	snprintf(note, sizeof(note), "w%d-m%d", writer, n);
	struct actor actor;
	store_actor_from_process(&actor);
	for (;;) {
		struct kh_error err;
		struct duty_filter filter;
		store_filter_init(&filter, date_from_ymd(2022, 1, 20));
		filter.assignment = assignment;
		struct seen seen = { 0 };
		if (store_list(store, &filter, read_seen, &seen, &err) < 0) {
			fprintf(stderr, "writer %d: %s\n", writer, err.message);
			return -1;
		}
		struct mark mark = {
			.state = seen.state == DUTY_DONE ? DUTY_TODO : DUTY_DONE,
			.note = note,
			.done_on = date_from_ymd(2022, 1, 20),
			.check_seen = true,
			.seen_state = seen.state,
			.seen_note = seen.note,
		};
		actor.now = (long long)time(NULL);
		int rc = store_mark(store, assignment, &mark, &actor, &err);
		x_free(seen.note);
		if (rc == MARK_CHANGED)
			return 0;
		if (rc != MARK_CONFLICT) {
			fprintf(stderr, "writer %d: mark %d: %s\n", writer, n, err.message);
			return -1;
		}
	}
}

/* A child process: its own connection, count marks. With ack_fd, writes
 * each mark's note after store_mark acknowledged it. */
static int writer_main(const struct fixture *f, int writer, int count, int ack_fd)
{
	struct store *store;
	struct kh_error err;
	if (store_open(f->db, &store, &err) < 0) {
		fprintf(stderr, "writer %d: %s\n", writer, err.message);
		return 1;
	}
	unsigned seed = (unsigned)(getpid() * 2654435761u);
	int rc = 0;
	for (int n = 0; (count < 0 || n < count) && rc == 0; n++) {
		long long a = f->assignments[rand_r(&seed) % DUTIES];
		rc = mark_once(store, a, writer, n);
		if (rc == 0 && ack_fd >= 0) {
			char line[64];
			int len = snprintf(line, sizeof(line), "w%d-m%d\n", writer, n);
			if (write(ack_fd, line, (size_t)len) != len)
				rc = -1;
		}
	}
	store_close(store);
	return rc == 0 ? 0 : 1;
}

/* ---- the tests ------------------------------------------------------- */

static void test_writers_at_once(void **state)
{
	struct fixture *f = *state;
	pid_t pids[WRITERS];
	for (int w = 0; w < WRITERS; w++) {
		pids[w] = fork();
		assert_true(pids[w] >= 0);
		if (pids[w] == 0)
			_exit(writer_main(f, w, MARKS_PER_WRITER, -1));
	}
	for (int w = 0; w < WRITERS; w++) {
		int status;
		assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	expect_integrity_ok(f->db);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM history"),
			 WRITERS * MARKS_PER_WRITER);
	/* Each mark's own note is in the history once. */
	assert_int_equal(sql_int(f->db, "SELECT count(DISTINCT new_note) FROM history"),
			 WRITERS * MARKS_PER_WRITER);
	expect_history_consistent(f->db);
}

static long count_lines(const struct buf *b)
{
	long n = 0;
	for (const char *p = buf_str(b); *p; p++)
		n += *p == '\n';
	return n;
}

/* Reads the acknowledged notes from fd into acked (one string of lines)
 * until it holds at least lines of them, or until EOF when lines < 0. */
static void read_acks(int fd, struct buf *acked, long lines)
{
	char chunk[512];
	ssize_t n;
	while ((lines < 0 || count_lines(acked) < lines) &&
	       (n = read(fd, chunk, lines < 0 ? sizeof(chunk) : 1)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		assert_true(n > 0);
		buf_append(acked, chunk, (size_t)n);
	}
}

/* Every acknowledged note is in the history. */
static void expect_acked_present(const char *db_path, const struct buf *acked)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db,
		"SELECT count(*) FROM history WHERE new_note = ?", -1, &stmt, NULL), SQLITE_OK);
	char *copy = x_strdup(buf_str(acked));
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		sqlite3_bind_text(stmt, 1, line, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
		if (sqlite3_column_int(stmt, 0) != 1)
			fail_msg("acknowledged mark %s is not in the history once", line);
		sqlite3_reset(stmt);
	}
	x_free(copy);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

static void test_killed_while_marking(void **state)
{
	struct fixture *f = *state;
	unsigned seed = 12345;
	long total_acked = 0;
	for (int k = 0; k < KILLS; k++) {
		int fds[2];
		assert_int_equal(pipe(fds), 0);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(fds[0]);
			_exit(writer_main(f, 1000 + k, -1, fds[1]));
		}
		close(fds[1]);
		/* A random moment: one kill in four from the start (before the
		 * store is even open, on a loaded machine), the others after a
		 * random number of acknowledged marks, so that kills fall
		 * inside runs of marks however slow the machine is. */
		struct buf acked = { 0 };
		unsigned dice = (unsigned)rand_r(&seed);
		if (dice % 4 != 0)
			read_acks(fds[0], &acked, (long)(dice / 4 % 8) + 1);
		struct timespec pause = { 0, (long)(rand_r(&seed) % 5000) * 1000 };
		nanosleep(&pause, NULL);
		kill(pid, SIGKILL);
		read_acks(fds[0], &acked, -1);
		close(fds[0]);
		int status;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status) || WIFEXITED(status));
		expect_integrity_ok(f->db);
		expect_acked_present(f->db, &acked);
		total_acked += count_lines(&acked);
		buf_free(&acked);
	}
	expect_history_consistent(f->db);
	/* The kills fell during marking often enough to mean something. */
	assert_true(total_acked > KILLS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_writers_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_killed_while_marking, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
