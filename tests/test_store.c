/* Unit tests of the store against real temporary databases: schema and
 * identity, sync (unchanged, changed, broken, removed files), status that
 * follows ids, marks and history, undo, names, deadlines, and a failure
 * injected in the middle of a sync. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kehoach/store.h"
#include "store_internal.h"   /* the connection, for a progress handler */
#include "report_internal.h"  /* store_report_list */

struct fixture {
	char dir[256];
	char db[300];
	char plan[300];
	struct store *store;
};

static const char base_plan[] =
	"kehoach: 1\n"
	"plan:\n"
	"  id: p1\n"
	"  title: \"Kế hoạch Tết\"\n"
	"  issuer: \"Sở Thông tin và Truyền thông\"\n"
	"  from: 2022-01-10\n"
	"  to: 2022-02-28\n"
	"  phases:\n"
	"    before: { from: 2022-01-10, to: 2022-01-28 }\n"
	"    during: { from: 2022-01-29, to: 2022-02-06 }\n"
	"    after: { from: 2022-02-07, to: 2022-02-28 }\n"
	"units:\n"
	"  - id: all\n"
	"    name: \"Các phòng\"\n"
	"    members: [vp, tt]\n"
	"    duties:\n"
	"      - id: g1\n"
	"        text: \"Xây dựng kế hoạch của đơn vị\"\n"
	"        phase: before\n"
	"  - id: vp\n"
	"    name: \"Văn phòng Sở\"\n"
	"    duties:\n"
	"      - id: vp-1\n"
	"        text: \"Bố trí lịch trực Tết\"\n"
	"        due: 2022-01-25\n"
	"      - id: vp-2\n"
	"        text: \"Tăng cường kiểm tra Đảng viên\"\n"
	"        phase: during\n"
	"  - id: tt\n"
	"    name: \"Thanh tra Sở\"\n"
	"    duties:\n"
	"      - id: tt-1\n"
	"        text: \"Thanh tra trò chơi trực tuyến\"\n";

static void write_file(const char *path, const char *content)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(content, fp);
	fclose(fp);
}

/* Rewrites path with a later mtime, so that the change is seen even
 * within one clock tick. */
static void rewrite(const char *path, const char *content)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	write_file(path, content);
	struct timespec times[2] = { st.st_atim, st.st_mtim };
	times[1].tv_sec += 2;
	assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/kehoach-store-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/test.db", f->dir);
	snprintf(f->plan, sizeof(f->plan), "%s/p1.yaml", f->dir);
	write_file(f->plan, base_plan);
	struct kh_error err;
	assert_int_equal(store_open(f->db, &f->store, &err), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->store);
	char cmd[400];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

struct events {
	int loaded, unchanged, failed, removed, dropped;
	unsigned last_error_line;
};

static void count_event(void *ctx, const struct sync_event *event)
{
	struct events *ev = ctx;
	switch (event->outcome) {
	case SYNC_LOADED:
		ev->loaded++;
		break;
	case SYNC_UNCHANGED:
		ev->unchanged++;
		break;
	case SYNC_FAILED:
		ev->failed++;
		ev->last_error_line = event->error->line;
		break;
	case SYNC_DUTY_DROPPED:
		ev->dropped++;
		break;
	case SYNC_REMOVED:
		ev->removed++;
		break;
	}
}

static struct events sync_paths(struct fixture *f, const char *const *paths,
				size_t n)
{
	struct events ev = { 0 };
	struct kh_error err;
	int rc = store_sync(f->store, paths, n, count_event, &ev, &err);
	assert_true(rc >= 0);
	assert_int_equal(rc, ev.failed);
	return ev;
}

static struct events sync_plan(struct fixture *f)
{
	const char *paths[] = { f->plan };
	return sync_paths(f, paths, 1);
}

static long long resolve(struct fixture *f, const char *name)
{
	struct duty_ref ref;
	struct kh_error err;
	assert_int_equal(store_resolve(f->store, name, 0, &ref, &err), 0);
	assert_true(ref.assignment > 0);
	return ref.assignment;
}

static struct actor test_actor(uid_t uid, const char *user)
{
	struct actor a = { uid, user, "host", 42, 1643000000 };
	return a;
}

static void mark(struct fixture *f, const char *name, enum duty_state state,
		 const char *note, uid_t uid)
{
	struct mark m = { state, note, state == DUTY_DONE ? date_from_ymd(2022, 1, 20)
							  : KH_DATE_NONE };
	struct actor a = test_actor(uid, uid ? "minh.lv" : "hang.nt");
	struct kh_error err;
	assert_int_equal(store_mark(f->store, resolve(f, name), &m, &a, &err), 0);
}

/* Collects the listed rows as "name:state:note" lines. */
struct listing {
	char text[4096];
	int rows;
	int overdue;
	int due_soon;
};

static int collect(void *ctx, const struct duty_row *row)
{
	struct listing *l = ctx;
	size_t len = strlen(l->text);
	snprintf(l->text + len, sizeof(l->text) - len, "%s%s%s:%s:%s\n",
		 row->duty_id, row->group_duty ? "@" : "",
		 row->group_duty ? row->unit_id : "", duty_state_name(row->state),
		 row->note ? row->note : "");
	l->rows++;
	l->overdue += row->overdue;
	l->due_soon += row->due_soon;
	return 0;
}

static struct listing list(struct fixture *f, const struct duty_filter *filter)
{
	struct listing l = { "", 0, 0, 0 };
	struct kh_error err;
	assert_int_equal(store_list(f->store, filter, collect, &l, &err), 0);
	return l;
}

static struct listing list_all(struct fixture *f, kh_date today)
{
	struct duty_filter filter;
	store_filter_init(&filter, today);
	return list(f, &filter);
}

static int sql_int(struct fixture *f, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	int v = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

static void sql_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* ---- tests --------------------------------------------------------------- */

static void test_schema_identity(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(sql_int(f, "PRAGMA application_id"), STORE_APPLICATION_ID);
	assert_int_equal(sql_int(f, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
}

static void test_newer_schema_refused_untouched(void **state)
{
	struct fixture *f = *state;
	store_close(f->store);
	f->store = NULL;
	sql_exec(f->db, "PRAGMA user_version = 99");
	struct kh_error err;
	struct store *s = NULL;
	assert_int_equal(store_open(f->db, &s, &err), -1);
	assert_null(s);
	assert_non_null(strstr(err.message, "newer kehoach"));
	assert_int_equal(sql_int(f, "PRAGMA user_version"), 99);
}

static void test_foreign_database_refused(void **state)
{
	struct fixture *f = *state;
	char other[320];
	snprintf(other, sizeof(other), "%s/other.db", f->dir);
	sql_exec(other, "CREATE TABLE t(x); INSERT INTO t VALUES (1)");
	struct kh_error err;
	struct store *s = NULL;
	assert_int_equal(store_open(other, &s, &err), -1);
	assert_non_null(strstr(err.message, "not a kehoach database"));
}

static void test_sync_unchanged_and_touched(void **state)
{
	struct fixture *f = *state;
	struct events ev = sync_plan(f);
	assert_int_equal(ev.loaded, 1);
	assert_int_equal(list_all(f, date_from_ymd(2022, 1, 1)).rows, 5);
	ev = sync_plan(f);
	assert_int_equal(ev.unchanged, 1);
	assert_int_equal(ev.loaded, 0);
	/* Same content, new mtime: hashed, not parsed. */
	rewrite(f->plan, base_plan);
	ev = sync_plan(f);
	assert_int_equal(ev.unchanged, 1);
	assert_int_equal(ev.loaded, 0);
}

static void test_broken_file_keeps_everything(void **state)
{
	struct fixture *f = *state;
	sync_plan(f);
	mark(f, "vp-1", DUTY_DONE, "xong", 0);
	rewrite(f->plan, "kehoach: 1\nplan:\n  id: p1\n  dua: x\n");
	struct events ev = sync_plan(f);
	assert_int_equal(ev.failed, 1);
	assert_int_equal(ev.last_error_line, 4);
	struct listing l = list_all(f, date_from_ymd(2022, 1, 1));
	assert_int_equal(l.rows, 5);
	assert_non_null(strstr(l.text, "vp-1:done:xong\n"));
	/* Reported again while unchanged, without being parsed again. */
	ev = sync_plan(f);
	assert_int_equal(ev.failed, 1);
	assert_int_equal(ev.last_error_line, 4);
	rewrite(f->plan, base_plan);
	ev = sync_plan(f);
	assert_int_equal(ev.failed, 0);
	assert_non_null(strstr(list_all(f, 0).text, "vp-1:done:xong\n"));
}

static void replace_in_plan(struct fixture *f, const char *from, const char *to)
{
	const char *at = strstr(base_plan, from);
	assert_non_null(at);
	char edited[4096];
	snprintf(edited, sizeof(edited), "%.*s%s%s", (int)(at - base_plan),
		 base_plan, to, at + strlen(from));
	rewrite(f->plan, edited);
}

static void test_status_follows_ids(void **state)
{
	struct fixture *f = *state;
	sync_plan(f);
	mark(f, "vp-1", DUTY_DONE, "Đã xong", 0);
	mark(f, "g1@tt", DUTY_DOING, NULL, 0);

	/* Edited text keeps the status. */
	replace_in_plan(f, "Bố trí lịch trực Tết", "Bố trí lịch trực Tết Nhâm Dần");
	assert_int_equal(sync_plan(f).loaded, 1);
	struct listing l = list_all(f, 0);
	assert_non_null(strstr(l.text, "vp-1:done:Đã xong\n"));
	assert_non_null(strstr(l.text, "g1@tt:doing:\n"));

	/* A removed duty is retired... */
	replace_in_plan(f,
		"      - id: vp-1\n        text: \"Bố trí lịch trực Tết\"\n        due: 2022-01-25\n",
		"");
	assert_int_equal(sync_plan(f).loaded, 1);
	l = list_all(f, 0);
	assert_int_equal(l.rows, 4);
	assert_null(strstr(l.text, "vp-1:"));
	/* ...and comes back with its status and history. */
	rewrite(f->plan, base_plan);
	assert_int_equal(sync_plan(f).loaded, 1);
	assert_non_null(strstr(list_all(f, 0).text, "vp-1:done:Đã xong\n"));
	assert_int_equal(sql_int(f, "SELECT count(*) FROM history"), 2);

	/* A member leaving the group retires its assignment only. */
	replace_in_plan(f, "members: [vp, tt]", "members: [vp]");
	sync_plan(f);
	l = list_all(f, 0);
	assert_null(strstr(l.text, "g1@tt"));
	assert_non_null(strstr(l.text, "g1@vp:todo:"));
	rewrite(f->plan, base_plan);
	sync_plan(f);
	assert_non_null(strstr(list_all(f, 0).text, "g1@tt:doing:\n"));
}

static void test_removed_file_retires_plan(void **state)
{
	struct fixture *f = *state;
	sync_plan(f);
	mark(f, "tt-1", DUTY_DONE, NULL, 0);
	struct events ev = sync_paths(f, NULL, 0);
	assert_int_equal(ev.removed, 1);
	assert_int_equal(list_all(f, 0).rows, 0);
	ev = sync_plan(f);
	assert_int_equal(ev.loaded, 1);
	assert_non_null(strstr(list_all(f, 0).text, "tt-1:done:\n"));
}

static void test_plan_id_clash(void **state)
{
	struct fixture *f = *state;
	char second[320];
	snprintf(second, sizeof(second), "%s/p1-copy.yaml", f->dir);
	write_file(second, base_plan);
	const char *paths[] = { f->plan, second };
	struct events ev = sync_paths(f, paths, 2);
	assert_int_equal(ev.loaded, 1);
	assert_int_equal(ev.failed, 1);
	assert_int_equal(ev.last_error_line, 3);
	assert_int_equal(list_all(f, 0).rows, 5);
}

/* Writes a second plan, p2, beside the fixture's: the same units, vp's
 * first duty renamed vq-1, the group's members in the other order (so
 * that only the unit's key tells the plans' rows apart). Syncs both;
 * paths[] gets their paths (second holds the second's). */
static void sync_two_plans(struct fixture *f, char second[320], const char *paths[2])
{
	snprintf(second, 320, "%s/p2.yaml", f->dir);
	char *plan = strdup(base_plan);
	memcpy(strstr(plan, "id: p1"), "id: p2", 6);
	memcpy(strstr(plan, "id: vp-1"), "id: vq-1", 8);
	memcpy(strstr(plan, "members: [vp, tt]"), "members: [tt, vp]", 17);
	write_file(second, plan);
	free(plan);
	paths[0] = f->plan;
	paths[1] = second;
	assert_int_equal(sync_paths(f, paths, 2).loaded, 2);
}

/* A unit id in two plans: with a plan named, that plan's unit alone
 * (found by its key); without, both. */
static void test_unit_of_a_plan(void **state)
{
	struct fixture *f = *state;
	char second[320];
	const char *paths[2];
	sync_two_plans(f, second, paths);
	struct duty_filter filter;
	store_filter_init(&filter, 0);
	filter.unit = "vp";
	filter.plan = "p1";
	assert_string_equal(list(f, &filter).text, "g1@vp:todo:\nvp-1:todo:\nvp-2:todo:\n");
	filter.plan = "p2";
	assert_string_equal(list(f, &filter).text, "g1@vp:todo:\nvq-1:todo:\nvp-2:todo:\n");
	filter.plan = NULL;
	assert_int_equal(list(f, &filter).rows, 6);
	filter.plan = "p3";
	assert_int_equal(list(f, &filter).rows, 0);
}

/* store_report_list callback: each row as "plan/duty@unit unit-name
 * group|own state outcome with", one a line. */
static int collect_report_row(void *ctx, const struct duty_row *row, const char *with)
{
	struct listing *l = ctx;
	size_t len = strlen(l->text);
	snprintf(l->text + len, sizeof(l->text) - len, "%s/%s@%s %s %s %s %d %s\n",
		 row->plan_id, row->duty_id, row->unit_id, row->unit_name,
		 row->group_duty ? "group" : "own", duty_state_name(row->state),
		 (int)row->outcome, with ? with : "-");
	l->rows++;
	l->overdue += row->overdue;
	return 0;
}

static struct listing report_list(struct fixture *f, const struct duty_filter *filter)
{
	struct listing l = { "", 0, 0, 0 };
	struct kh_error err;
	assert_int_equal(store_report_list(f->store, filter, collect_report_row, &l, &err), 0);
	return l;
}

/* A report's rows of a unit said to be plain in its plan are found
 * without joining the plan or the duty's owner: the same rows, with the
 * same plan id and group duties, as when the store looks the unit up;
 * and a unit id in two plans gives that plan's rows. */
static void test_report_rows_of_a_plain_unit(void **state)
{
	struct fixture *f = *state;
	char second[320];
	const char *paths[2];
	sync_two_plans(f, second, paths);
	mark(f, "p2/vq-1", DUTY_DONE, NULL, 0);
	struct duty_filter filter;
	store_filter_init(&filter, date_from_ymd(2022, 2, 1));
	filter.unit = "vp";
	const char *plans[] = { "p1", "p2" };
	const int overdue[] = { 2, 1 };
	const char *expected[] = {
		"p1/g1@vp Văn phòng Sở group todo 3 -\n"
		"p1/vp-1@vp Văn phòng Sở own todo 3 -\n"
		"p1/vp-2@vp Văn phòng Sở own todo 2 -\n",
		"p2/g1@vp Văn phòng Sở group todo 3 -\n"
		"p2/vq-1@vp Văn phòng Sở own done 0 -\n"
		"p2/vp-2@vp Văn phòng Sở own todo 2 -\n",
	};
	for (size_t i = 0; i < 2; i++) {
		filter.plan = plans[i];
		filter.unit_kind = UNIT_KIND_UNKNOWN;
		struct listing looked_up = report_list(f, &filter);
		filter.unit_kind = UNIT_KIND_PLAIN;
		struct listing said = report_list(f, &filter);
		assert_string_equal(looked_up.text, expected[i]);
		assert_string_equal(said.text, expected[i]);
		assert_int_equal(said.overdue, overdue[i]);
	}
	filter.plan = "p3";
	assert_int_equal(report_list(f, &filter).rows, 0);
	/* A plan whose file is gone is retired: none of its rows. */
	assert_int_equal(sync_paths(f, paths, 1).loaded, 0);
	assert_int_equal(sql_int(f, "SELECT retired FROM plan WHERE id = 'p2'"), 1);
	filter.plan = "p2";
	assert_int_equal(report_list(f, &filter).rows, 0);
}

static void test_marks_history_undo(void **state)
{
	struct fixture *f = *state;
	sync_plan(f);
	long long vp1 = resolve(f, "vp-1");
	struct actor hang = test_actor(1001, "hang.nt");
	struct kh_error err;
	struct mark done = { DUTY_DONE, "Xo\xcc\x81ng", date_from_ymd(2022, 1, 24) };
	assert_int_equal(store_mark(f->store, vp1, &done, &hang, &err), 0);
	/* The same again changes nothing and writes no history. */
	struct mark same = { DUTY_DONE, NULL, date_from_ymd(2022, 1, 24) };
	assert_int_equal(store_mark(f->store, vp1, &same, &hang, &err), 1);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM history"), 1);
	/* Notes are stored in NFC. */
	assert_int_equal(sql_int(f, "SELECT note = 'Xo' || char(0x301) || 'ng' FROM assignment WHERE note IS NOT NULL"), 0);
	assert_int_equal(sql_int(f, "SELECT note = 'Xóng' FROM assignment WHERE note IS NOT NULL"), 1);

	struct mark doing = { DUTY_DOING, NULL, KH_DATE_NONE };
	assert_int_equal(store_mark(f->store, resolve(f, "tt-1"), &doing, &hang, &err), 0);

	struct undo_result undone;
	assert_int_equal(store_undo(f->store, &hang, &undone, &err), 0);
	assert_string_equal(undone.duty_name, "p1/tt-1");
	assert_int_equal(undone.to, DUTY_TODO);
	assert_int_equal(store_undo(f->store, &hang, &undone, &err), 0);
	assert_string_equal(undone.duty_name, "p1/vp-1");
	assert_int_equal(undone.from, DUTY_DONE);
	assert_int_equal(store_undo(f->store, &hang, &undone, &err), 1);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM assignment WHERE state <> 0 OR note IS NOT NULL"), 0);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM history"), 4);
	/* History is append-only, enforced by the schema itself. */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM history", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void test_undo_refused_over_another_user(void **state)
{
	struct fixture *f = *state;
	sync_plan(f);
	long long vp1 = resolve(f, "vp-1");
	struct actor hang = test_actor(1001, "hang.nt");
	struct actor minh = test_actor(1002, "minh.lv");
	struct kh_error err;
	struct mark done = { DUTY_DONE, NULL, date_from_ymd(2022, 1, 24) };
	struct mark note = { DUTY_DONE, "kết quả tốt", date_from_ymd(2022, 1, 24) };
	assert_int_equal(store_mark(f->store, vp1, &done, &hang, &err), 0);
	assert_int_equal(store_mark(f->store, vp1, &note, &minh, &err), 0);
	struct undo_result undone;
	assert_int_equal(store_undo(f->store, &hang, &undone, &err), -1);
	assert_non_null(strstr(err.message, "minh.lv"));
	assert_int_equal(sql_int(f, "SELECT count(*) FROM history"), 2);
	assert_int_equal(sql_int(f, "SELECT note = 'kết quả tốt' FROM assignment WHERE key = (SELECT assignment_key FROM history WHERE seq = 2)"), 1);
}

/* Two sessions on one database, both showing vp-1 as todo: the second
 * mark is refused, names the first marker, and overwrites nothing. */
static void test_mark_from_stale_screen(void **state)
{
	struct fixture *f = *state;
	sync_plan(f);
	struct store *other;
	struct kh_error err;
	assert_int_equal(store_open(f->db, &other, &err), 0);
	long long vp1 = resolve(f, "vp-1");
	struct actor hang = test_actor(1001, "hang.nt");
	struct actor minh = test_actor(1002, "minh.lv");
	struct mark done = {
		.state = DUTY_DONE, .note = "xong", .done_on = date_from_ymd(2022, 1, 24),
		.check_seen = true, .seen_state = DUTY_TODO, .seen_note = NULL,
	};
	struct mark doing = {
		.state = DUTY_DOING, .done_on = KH_DATE_NONE,
		.check_seen = true, .seen_state = DUTY_TODO, .seen_note = NULL,
	};
	assert_int_equal(store_mark(f->store, vp1, &done, &hang, &err), MARK_CHANGED);
	assert_int_equal(store_mark(other, vp1, &doing, &minh, &err), MARK_CONFLICT);
	assert_non_null(strstr(err.message, "hang.nt"));
	assert_non_null(strstr(err.message, "done"));
	assert_int_equal(sql_int(f, "SELECT count(*) FROM history"), 1);
	assert_int_equal(sql_int(f, "SELECT state FROM assignment WHERE note = 'xong'"), DUTY_DONE);
	/* Seen as it is now, the same mark goes through. */
	doing.seen_state = DUTY_DONE;
	doing.seen_note = "xong";
	assert_int_equal(store_mark(other, vp1, &doing, &minh, &err), MARK_CHANGED);
	/* A note shown that has changed since is a conflict too. */
	struct mark note = {
		.state = DUTY_DOING, .note = "của tôi", .done_on = KH_DATE_NONE,
		.check_seen = true, .seen_state = DUTY_DOING, .seen_note = "cũ",
	};
	assert_int_equal(store_mark(f->store, vp1, &note, &hang, &err), MARK_CONFLICT);
	assert_non_null(strstr(err.message, "minh.lv"));
	assert_int_equal(sql_int(f, "SELECT count(*) FROM history"), 2);
	store_close(other);
}

static void test_resolve_names(void **state)
{
	struct fixture *f = *state;
	char second[320];
	snprintf(second, sizeof(second), "%s/p2.yaml", f->dir);
	write_file(second,
		   "kehoach: 1\nplan:\n  id: p2\n  title: t\n  issuer: i\n"
		   "units:\n  - id: vp\n    name: n\n    duties:\n"
		   "      - { id: vp-1, text: \"khác\" }\n");
	const char *paths[] = { f->plan, second };
	sync_paths(f, paths, 2);
	struct duty_ref ref;
	struct kh_error err;
	assert_int_equal(store_resolve(f->store, "vp-1", 0, &ref, &err), -1);
	assert_non_null(strstr(err.message, "p1/vp-1, p2/vp-1"));
	assert_int_equal(store_resolve(f->store, "p2/vp-1", 0, &ref, &err), 0);
	assert_int_equal(store_resolve(f->store, "g1", 0, &ref, &err), -1);
	/* The names that work, each with its unit's name. */
	assert_non_null(strstr(err.message, "g1@vp (Văn phòng Sở), g1@tt (Thanh tra Sở)"));
	assert_int_equal(store_resolve(f->store, "g1", RESOLVE_ALLOW_GROUP, &ref, &err), 0);
	assert_int_equal(ref.assignment, 0);
	assert_int_equal(store_resolve(f->store, "p1/g1@tt", 0, &ref, &err), 0);
	assert_true(ref.assignment > 0);
	assert_int_equal(store_resolve(f->store, "g1@nobody", 0, &ref, &err), -1);
	assert_non_null(strstr(err.message, "unit nobody; it is assigned to vp (Văn phòng Sở),"
				" tt (Thanh tra Sở)"));
	assert_int_equal(store_resolve(f->store, "nothing", 0, &ref, &err), -1);
	assert_non_null(strstr(err.message, "no duty named"));
}

static void test_deadlines_over_days(void **state)
{
	struct fixture *f = *state;
	sync_plan(f);
	/* Deadlines: g1@vp, g1@tt 28/01 (phase before); vp-1 25/01 (due);
	 * vp-2 06/02 (phase during); tt-1 28/02 (plan end). */
	struct {
		int y, m, d;
		int overdue, due_soon;
	} days[] = {
		{ 2022, 1, 20, 0, 0 },
		{ 2022, 1, 22, 0, 1 },   /* vp-1 within 3 days */
		{ 2022, 1, 25, 0, 3 },   /* vp-1 due today, g1 ×2 in 3 days */
		{ 2022, 1, 26, 1, 2 },
		{ 2022, 1, 29, 3, 0 },
		{ 2022, 2, 7, 4, 0 },
		{ 2022, 3, 1, 5, 0 },
	};
	for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		struct listing l = list_all(f, date_from_ymd(days[i].y, days[i].m, days[i].d));
		assert_int_equal(l.overdue, days[i].overdue);
		assert_int_equal(l.due_soon, days[i].due_soon);
	}
	/* Done is never overdue. */
	mark(f, "vp-1", DUTY_DONE, NULL, 0);
	assert_int_equal(list_all(f, date_from_ymd(2022, 3, 1)).overdue, 4);
	struct duty_filter filter;
	store_filter_init(&filter, date_from_ymd(2022, 1, 29));
	filter.overdue = true;
	filter.unit = "all";
	assert_int_equal(list(f, &filter).rows, 2);
	filter.unit = "tt";
	assert_int_equal(list(f, &filter).rows, 1);
}

/* The ranges reports use: deadlines within a month, done within a month. */
static void test_deadline_and_done_ranges(void **state)
{
	struct fixture *f = *state;
	sync_plan(f);
	struct duty_filter filter;
	store_filter_init(&filter, date_from_ymd(2022, 1, 20));
	filter.deadline_from = date_from_ymd(2022, 1, 26);
	filter.deadline_to = date_from_ymd(2022, 2, 6);
	assert_string_equal(list(f, &filter).text, "g1@vp:todo:\ng1@tt:todo:\nvp-2:todo:\n");
	filter.deadline_from = KH_DATE_NONE;
	filter.deadline_to = date_from_ymd(2022, 1, 25);
	assert_string_equal(list(f, &filter).text, "vp-1:todo:\n");
	mark(f, "vp-1", DUTY_DONE, "xong", 0);    /* done on 20/01/2022 */
	store_filter_init(&filter, date_from_ymd(2022, 1, 20));
	filter.done_from = date_from_ymd(2022, 1, 20);
	filter.done_to = date_from_ymd(2022, 1, 31);
	assert_string_equal(list(f, &filter).text, "vp-1:done:xong\n");
	filter.done_from = date_from_ymd(2022, 1, 21);
	assert_int_equal(list(f, &filter).rows, 0);
	/* Reopened: no longer done in any range. */
	mark(f, "vp-1", DUTY_TODO, NULL, 0);
	filter.done_from = KH_DATE_NONE;
	assert_int_equal(list(f, &filter).rows, 0);
}

static int count_plan(void *ctx, const struct plan_row *row)
{
	assert_string_equal(row->plan_id, "p1");
	assert_string_equal(row->issuer, "Sở Thông tin và Truyền thông");
	assert_null(row->parent);
	assert_int_equal(row->from, date_from_ymd(2022, 1, 10));
	assert_int_equal(row->to, date_from_ymd(2022, 2, 28));
	(*(int *)ctx)++;
	return 0;
}

/* The -wal removed, then replaced, under an open store: every write is
 * refused and says why, and opening the database again is refused without
 * making a new log; a log that SQLite truncates itself is no alarm. What
 * the store saved before is in the database once it has closed. */
static void test_wal_removed_under_open_store(void **state)
{
	struct fixture *f = *state;
	sync_plan(f);
	char wal[320];
	snprintf(wal, sizeof(wal), "%s-wal", f->db);
	long long vp1 = resolve(f, "vp-1");
	struct actor hang = test_actor(1001, "hang.nt");
	struct mark done = { DUTY_DONE, NULL, date_from_ymd(2022, 1, 24) };
	struct mark doing = { DUTY_DOING, NULL, KH_DATE_NONE };
	struct undo_result undone;
	struct kh_error err;
	sql_exec(f->db, "PRAGMA wal_checkpoint(TRUNCATE)");
	assert_int_equal(store_mark(f->store, vp1, &done, &hang, &err), MARK_CHANGED);

	assert_int_equal(unlink(wal), 0);
	assert_int_equal(store_mark(f->store, vp1, &doing, &hang, &err), -1);
	assert_non_null(strstr(err.message,
			       "test.db-wal, the database's write-ahead log, was removed or replaced"));
	struct store *other = NULL;
	assert_int_equal(store_open(f->db, &other, &err), -1);
	assert_null(other);
	assert_non_null(strstr(err.message, "still has the database open"));
	assert_int_equal(access(wal, F_OK), -1);

	write_file(wal, "");
	assert_int_equal(store_mark(f->store, vp1, &doing, &hang, &err), -1);
	assert_non_null(strstr(err.message, "was removed or replaced"));
	assert_int_equal(store_undo(f->store, &hang, &undone, &err), -1);
	replace_in_plan(f, "Bố trí lịch trực Tết", "Bố trí lịch trực Tết Nhâm Dần");
	const char *paths[] = { f->plan };
	assert_int_equal(store_sync(f->store, paths, 1, NULL, NULL, &err), -1);
	assert_non_null(strstr(err.message, "was removed or replaced"));

	store_close(f->store);
	f->store = NULL;
	assert_int_equal(sql_int(f, "SELECT count(*) FROM history"), 1);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM assignment WHERE state = 2"), 1);
}

static void test_plan_lookup(void **state)
{
	struct fixture *f = *state;
	sync_plan(f);
	struct kh_error err;
	int seen = 0;
	assert_int_equal(store_plan(f->store, "p1", count_plan, &seen, &err), 0);
	assert_int_equal(seen, 1);
	assert_int_equal(store_plan(f->store, "nope", count_plan, &seen, &err), 1);
	assert_int_equal(seen, 1);
}

static void test_search_folds(void **state)
{
	struct fixture *f = *state;
	sync_plan(f);
	struct duty_filter filter;
	store_filter_init(&filter, 0);
	const struct {
		const char *needle;
		int rows;
	} cases[] = {
		{ "tet", 1 }, { "TẾT", 1 }, { "dang", 1 }, { "kiem tra", 1 },
		{ "Te\xcc\x82\xcc\x81t", 1 }, { "ke hoach", 2 }, { "zzz", 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		filter.search = cases[i].needle;
		assert_int_equal(list(f, &filter).rows, cases[i].rows);
	}
	/* An id is found as it is; the folded text is read apart from it. */
	filter.search = "vp-";
	assert_int_equal(list(f, &filter).rows, 2);
	filter.search = "tt-1thanh";
	assert_int_equal(list(f, &filter).rows, 0);
	filter.search = "tt-1\x1fthanh";
	assert_int_equal(list(f, &filter).rows, 0);
}

/* What a search reads of a duty (duty_search) follows the sync: a new
 * text, a new id (was:), a duty dropped. */
static void test_search_follows_sync(void **state)
{
	struct fixture *f = *state;
	sync_plan(f);
	struct duty_filter filter;
	store_filter_init(&filter, 0);
	replace_in_plan(f, "      - id: tt-1\n        text: \"Thanh tra trò chơi trực tuyến\"\n",
			"      - id: tt-2\n        was: [tt-1]\n"
			"        text: \"Kiểm tra dịch vụ viễn thông\"\n");
	sync_plan(f);
	filter.search = "tro choi";
	assert_int_equal(list(f, &filter).rows, 0);
	filter.search = "vien thong";
	assert_string_equal(list(f, &filter).text, "tt-2:todo:\n");
	filter.search = "tt-1";
	assert_int_equal(list(f, &filter).rows, 0);
	filter.search = "tt-2";
	assert_int_equal(list(f, &filter).rows, 1);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM duty_search s"
				    " JOIN duty d ON d.key = s.duty_key"
				    " WHERE s.folded = d.id || char(31) || 'kiem tra dich vu vien thong'"), 1);
	/* Dropped from the plan: still a row (retired), not found. */
	replace_in_plan(f, "      - id: vp-2\n        text: \"Tăng cường kiểm tra Đảng viên\"\n"
			"        phase: during\n", "");
	sync_plan(f);
	filter.search = "dang vien";
	assert_int_equal(list(f, &filter).rows, 0);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM duty d LEFT JOIN duty_search s"
				    " ON s.duty_key = d.key WHERE s.duty_key IS NULL"), 0);
}

/* A failure in the middle of writing a plan leaves nothing half-done. */
static void test_failure_mid_sync_rolls_back(void **state)
{
	struct fixture *f = *state;
	sync_plan(f);
	mark(f, "vp-1", DUTY_DONE, "xong", 0);
	sql_exec(f->db, "CREATE TRIGGER boom BEFORE INSERT ON duty WHEN NEW.id = 'boom'"
			" BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
	replace_in_plan(f, "      - id: tt-1\n",
			"      - id: boom\n        text: \"x\"\n      - id: tt-1\n");
	const char *paths[] = { f->plan };
	struct kh_error err;
	assert_int_equal(store_sync(f->store, paths, 1, NULL, NULL, &err), -1);
	assert_non_null(strstr(err.message, "injected failure"));
	/* The old plan is intact and the file will be retried. */
	struct listing l = list_all(f, 0);
	assert_int_equal(l.rows, 5);
	assert_non_null(strstr(l.text, "vp-1:done:xong\n"));
	sql_exec(f->db, "DROP TRIGGER boom");
	assert_int_equal(sync_plan(f).loaded, 1);
	assert_int_equal(list_all(f, 0).rows, 6);
}

struct unit_counts {
	char text[1024];
};

static int collect_unit(void *ctx, const struct unit_row *row)
{
	struct unit_counts *c = ctx;
	size_t len = strlen(c->text);
	snprintf(c->text + len, sizeof(c->text) - len, "%s %d/%d/%d %s\n", row->unit_id,
		 row->total, row->done, row->overdue, row->members ? row->members : "-");
	return 0;
}

static void test_units_counts(void **state)
{
	struct fixture *f = *state;
	sync_plan(f);
	mark(f, "g1@vp", DUTY_DONE, NULL, 0);
	struct unit_counts c = { "" };
	struct kh_error err;
	assert_int_equal(store_units(f->store, NULL, date_from_ymd(2022, 2, 1),
				     collect_unit, &c, &err), 0);
	assert_string_equal(c.text,
			    "all 2/1/1 vp, tt\n"
			    "vp 3/1/1 -\n"
			    "tt 2/0/1 -\n");
}

static void test_count_order_and_data_version(void **state)
{
	struct fixture *f = *state;
	sync_plan(f);
	struct duty_filter filter;
	store_filter_init(&filter, date_from_ymd(2022, 3, 1));
	long count = 0;
	struct kh_error err;
	assert_int_equal(store_count(f->store, &filter, &count, &err), 0);
	assert_int_equal(count, 5);
	filter.search = "dang";
	assert_int_equal(store_count(f->store, &filter, &count, &err), 0);
	assert_int_equal(count, 1);
	filter.search = NULL;
	/* Latest deadline first: tt-1 (28/02) … vp-1 (25/01). */
	filter.order = DUTY_ORDER_LATEST_DEADLINE;
	filter.limit = 2;
	filter.offset = 0;
	struct listing l = list(f, &filter);
	assert_string_equal(l.text, "tt-1:todo:\nvp-2:todo:\n");
	filter.offset = 4;
	assert_string_equal(list(f, &filter).text, "vp-1:todo:\n");

	/* Another connection's commit changes the data version we see. */
	long long before = 0, after = 0;
	assert_int_equal(store_data_version(f->store, &before, &err), 0);
	struct store *other;
	assert_int_equal(store_open(f->db, &other, &err), 0);
	struct mark m = { DUTY_DONE, NULL, date_from_ymd(2022, 1, 20) };
	struct actor a = test_actor(7, "other");
	assert_int_equal(store_mark(other, resolve(f, "tt-1"), &m, &a, &err), 0);
	store_close(other);
	assert_int_equal(store_data_version(f->store, &after, &err), 0);
	assert_true(after != before);
}

static void test_snapshots(void **state)
{
	struct fixture *f = *state;
	sync_plan(f);
	struct kh_error err;
	struct duty_filter all, search;
	store_filter_init(&all, date_from_ymd(2022, 3, 1));
	store_filter_init(&search, date_from_ymd(2022, 3, 1));
	search.search = "tet";
	long n_all = 0, n_search = 0;
	assert_int_equal(store_snapshot(f->store, &all, 1, &n_all, &err), 0);
	assert_int_equal(store_snapshot(f->store, &search, 2, &n_search, &err), 0);
	assert_int_equal(n_all, 5);
	assert_int_equal(n_search, 1);
	/* Pages by position, in the same order as the plain query. */
	struct listing plain = list(f, &all);
	all.snapshot = 1;
	all.limit = 2;
	all.offset = 0;
	struct listing page1 = list(f, &all);
	all.offset = 2;
	struct listing page2 = list(f, &all);
	all.offset = 4;
	struct listing page3 = list(f, &all);
	char joined[3 * sizeof(page1.text)];
	snprintf(joined, sizeof(joined), "%s%s%s", page1.text, page2.text, page3.text);
	assert_string_equal(joined, plain.text);
	assert_int_equal(page3.rows, 1);
	/* A mark shows in the snapshot; its rows and count stay. */
	mark(f, "vp-1", DUTY_DONE, NULL, 0);
	all.offset = 0;
	all.limit = 0;
	assert_non_null(strstr(list(f, &all).text, "vp-1:done:"));
	long count = 0;
	assert_int_equal(store_count(f->store, &all, &count, &err), 0);
	assert_int_equal(count, 5);
	search.snapshot = 2;
	assert_string_equal(list(f, &search).text, "vp-1:done:\n");
	/* A new snapshot of slot 1 leaves slot 2 alone. */
	all.snapshot = 0;
	all.state = DUTY_TODO;
	assert_int_equal(store_snapshot(f->store, &all, 1, &n_all, &err), 0);
	assert_int_equal(n_all, 4);
	assert_string_equal(list(f, &search).text, "vp-1:done:\n");
}

/* The rows filter finds through a snapshot taken in store's slot (its
 * own for each filter), as "name:state:note" lines. */
static struct listing snapshot_rows(struct store *store, const struct duty_filter *filter)
{
	struct duty_filter f = *filter;
	int slot = f.search ? 3 : 4;
	long count = -1;
	struct kh_error err;
	assert_int_equal(store_snapshot(store, &f, slot, &count, &err), 0);
	f.snapshot = slot;
	struct listing l = { "", 0, 0, 0 };
	assert_int_equal(store_list(store, &f, collect, &l, &err), 0);
	assert_int_equal(l.rows, count);
	return l;
}

/* The same through a connection of its own, which has no snapshot to
 * reuse: what the list must hold. */
static struct listing fresh_rows(struct fixture *f, const struct duty_filter *filter)
{
	struct store *fresh;
	struct kh_error err;
	assert_int_equal(store_open(f->db, &fresh, &err), 0);
	struct listing l = snapshot_rows(fresh, filter);
	store_close(fresh);
	return l;
}

/* A snapshot asked for again is reused only as long as it still holds
 * what a fresh search finds: after the connection's own marks (an
 * assignment no longer found is dropped, one found again is placed where
 * it sorts), after a change of its own that moves rows (a sync), and
 * after another connection's mark. */
static void test_snapshot_asked_again(void **state)
{
	struct fixture *f = *state;
	sync_plan(f);
	struct duty_filter overdue, search;
	store_filter_init(&overdue, date_from_ymd(2022, 3, 1));
	overdue.overdue = true;
	overdue.order = DUTY_ORDER_LATEST_DEADLINE;
	store_filter_init(&search, date_from_ymd(2022, 3, 1));
	search.search = "tet";
	struct listing before = snapshot_rows(f->store, &overdue);
	assert_string_equal(before.text, fresh_rows(f, &overdue).text);
	assert_non_null(strstr(before.text, "vp-1:todo:"));

	/* Done: no longer overdue. */
	mark(f, "vp-1", DUTY_DONE, NULL, 0);
	struct listing done = snapshot_rows(f->store, &overdue);
	assert_null(strstr(done.text, "vp-1:"));
	assert_int_equal(done.rows, before.rows - 1);
	assert_string_equal(done.text, fresh_rows(f, &overdue).text);
	/* The search still finds it, marked. */
	assert_string_equal(snapshot_rows(f->store, &search).text, "vp-1:done:\n");

	/* Reopened: overdue again, in its place. */
	mark(f, "vp-1", DUTY_TODO, NULL, 0);
	mark(f, "tt-1", DUTY_DOING, "đang làm", 0);
	struct listing reopened = snapshot_rows(f->store, &overdue);
	assert_int_equal(reopened.rows, before.rows);
	assert_string_equal(reopened.text, fresh_rows(f, &overdue).text);
	assert_non_null(strstr(reopened.text, "tt-1:doing:đang làm"));
	assert_string_equal(snapshot_rows(f->store, &search).text, "vp-1:todo:\n");

	/* A sync of this connection moves vp-1's deadline, and its row. */
	replace_in_plan(f, "due: 2022-01-25", "due: 2022-02-27");
	sync_plan(f);
	struct listing moved = snapshot_rows(f->store, &overdue);
	assert_string_equal(moved.text, fresh_rows(f, &overdue).text);
	assert_true(strcmp(moved.text, reopened.text) != 0);

	/* Another connection's mark. */
	struct store *other;
	struct kh_error err;
	assert_int_equal(store_open(f->db, &other, &err), 0);
	struct mark m = { DUTY_DONE, NULL, date_from_ymd(2022, 1, 20) };
	struct actor a = test_actor(7, "other");
	assert_int_equal(store_mark(other, resolve(f, "tt-1"), &m, &a, &err), 0);
	store_close(other);
	struct listing theirs = snapshot_rows(f->store, &overdue);
	assert_null(strstr(theirs.text, "tt-1:"));
	assert_string_equal(theirs.text, fresh_rows(f, &overdue).text);
}

/* Marks tt-1 done through a connection of its own, once, from inside
 * a snapshot's query on another connection (a progress handler). */
struct commit_midway {
	struct fixture *f;
	long long assignment;
	bool done;
};

/* Whether the snapshot's query is running on db. */
static bool snapshot_query_running(sqlite3 *db)
{
	for (sqlite3_stmt *s = sqlite3_next_stmt(db, NULL); s; s = sqlite3_next_stmt(db, s))
		if (sqlite3_stmt_busy(s) && !strncmp(sqlite3_sql(s), "SELECT a.key, d.phase", 21))
			return true;
	return false;
}

static int commit_midway(void *ctx)
{
	struct commit_midway *c = ctx;
	if (c->done || !snapshot_query_running(c->f->store->db))
		return 0;
	c->done = true;
	struct store *other;
	struct kh_error err;
	assert_int_equal(store_open(c->f->db, &other, &err), 0);
	struct mark m = { DUTY_DONE, NULL, date_from_ymd(2022, 1, 20) };
	struct actor a = test_actor(7, "other");
	assert_int_equal(store_mark(other, c->assignment, &m, &a, &err), 0);
	store_close(other);
	return 0;
}

/* Another connection commits while a snapshot's query runs: the query
 * does not see it, and the next snapshot must not be reused (it was,
 * when the snapshot noted the database's version after its query). */
static void test_snapshot_commit_midway(void **state)
{
	struct fixture *f = *state;
	sync_plan(f);
	struct duty_filter todo;
	store_filter_init(&todo, date_from_ymd(2022, 3, 1));
	todo.state = DUTY_TODO;
	struct commit_midway c = { f, resolve(f, "tt-1"), false };
	sqlite3_progress_handler(f->store->db, 1, commit_midway, &c);
	struct listing during = snapshot_rows(f->store, &todo);
	sqlite3_progress_handler(f->store->db, 0, NULL, NULL);
	assert_true(c.done);
	/* Taken before the commit: it holds tt-1, shown as it is now. */
	assert_non_null(strstr(during.text, "tt-1:done:"));
	struct listing after = snapshot_rows(f->store, &todo);
	assert_null(strstr(after.text, "tt-1:"));
	assert_string_equal(after.text, fresh_rows(f, &todo).text);
}

/* How many assignments db sees done. */
static int done_seen(sqlite3 *db)
{
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM assignment WHERE state = 2",
					    -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	int n = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

/* Marks duty tt-1 done from another connection: once, at the third step
 * of a helper's first read (its transaction's state taken by then). */
struct commit_in_begin {
	struct fixture *f;
	long long assignment;
	int steps;
};

/* Marks assignment done from a connection of its own. */
static void mark_elsewhere(struct fixture *f, long long assignment)
{
	struct store *other;
	struct kh_error err;
	assert_int_equal(store_open(f->db, &other, &err), 0);
	struct mark m = { DUTY_DONE, NULL, date_from_ymd(2022, 1, 20) };
	struct actor a = test_actor(7, "other");
	assert_int_equal(store_mark(other, assignment, &m, &a, &err), 0);
	store_close(other);
}

static int commit_in_begin(void *ctx)
{
	struct commit_in_begin *c = ctx;
	if (++c->steps == 3)
		mark_elsewhere(c->f, c->assignment);
	return 0;
}

/* A report's helpers read the state its own connection reads, though
 * another commits while they begin (it is then begun again), and none of
 * them sees what is committed after. */
static void test_helpers_share_the_state(void **state)
{
	struct fixture *f = *state;
	sync_plan(f);
	struct kh_error err;
	struct store *helpers[2];
	for (size_t i = 0; i < 2; i++)
		assert_int_equal(store_open_helper(f->store, &helpers[i], &err), 0);
	struct commit_in_begin c = { f, resolve(f, "tt-1"), 0 };
	sqlite3_progress_handler(helpers[1]->db, 1, commit_in_begin, &c);
	bool began, shared;
	assert_int_equal(store_read_begin_shared(f->store, helpers, 2, &began, &shared,
						 &err), 0);
	sqlite3_progress_handler(helpers[1]->db, 0, NULL, NULL);
	assert_true(c.steps >= 3);
	assert_true(began);
	assert_true(shared);
	assert_int_equal(done_seen(f->store->db), 1);
	assert_int_equal(done_seen(helpers[0]->db), 1);
	assert_int_equal(done_seen(helpers[1]->db), 1);

	/* Committed after: seen by none of them. */
	mark_elsewhere(f, resolve(f, "vp-1"));
	assert_int_equal(done_seen(f->store->db), 1);
	assert_int_equal(done_seen(helpers[0]->db), 1);
	assert_int_equal(done_seen(helpers[1]->db), 1);
	store_read_end(f->store, began);
	for (size_t i = 0; i < 2; i++)
		store_read_end(helpers[i], true);
	assert_int_equal(done_seen(f->store->db), 2);

	/* Inside a transaction already: that state, and no helper. */
	assert_int_equal(store_read_begin(f->store, &began, &err), 0);
	bool began_again;
	assert_int_equal(store_read_begin_shared(f->store, helpers, 2, &began_again,
						 &shared, &err), 0);
	assert_false(began_again);
	assert_false(shared);
	store_read_end(f->store, began);

	/* A statement part way through its rows holds an older state than
	 * the helpers would begin in: none of them is used. */
	sqlite3_stmt *running;
	assert_int_equal(sqlite3_prepare_v2(f->store->db, "SELECT key FROM assignment",
					    -1, &running, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(running), SQLITE_ROW);
	mark_elsewhere(f, resolve(f, "vp-2"));
	assert_int_equal(store_read_begin_shared(f->store, helpers, 2, &began, &shared,
						 &err), 0);
	assert_false(shared);
	store_read_end(f->store, began);
	sqlite3_finalize(running);
	for (size_t i = 0; i < 2; i++)
		store_close(helpers[i]);
}

/* A plan whose unit vp has n duties (ids d0001 …), their deadlines
 * falling as the plan goes on, so that the unit's index finds them in
 * the reverse of the plan's order; every third is done. pad makes each
 * duty's text that much longer. */
static void write_long_plan(struct fixture *f, int n, int pad)
{
	FILE *fp = fopen(f->plan, "w");
	assert_non_null(fp);
	fputs("kehoach: 1\nplan:\n  id: p1\n  title: \"Kế hoạch\"\n  issuer: \"Sở\"\n"
	      "  from: 2022-01-01\n  to: 2022-12-31\n"
	      "units:\n  - id: all\n    name: \"Các phòng\"\n    members: [tt, vp]\n"
	      "    duties:\n      - id: g1\n        text: \"Việc chung\"\n"
	      "        due: 2022-06-01\n"
	      "  - id: tt\n    name: \"Thanh tra\"\n"
	      "  - id: vp\n    name: \"Văn phòng\"\n    duties:\n", fp);
	for (int i = 1; i <= n; i++)
		fprintf(fp, "      - id: d%04d\n        text: \"Nhiệm vụ %d %.*s\"\n"
			"        due: 2022-%02d-%02d\n", i, i, pad,
			"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
			12 - (i * 11 / n) % 12, 28 - i % 28);
	fclose(fp);
}

/* store_report_list callback: checks the rows come in the plan's order
 * (the group's duty g1 first, tt's before vp's, then d0001 …), counts
 * them. */
struct report_order {
	long rank;
	char last[32];
	int rows, done;
};

static int check_report_order(void *ctx, const struct duty_row *row, const char *with)
{
	(void)with;
	struct report_order *o = ctx;
	long number = row->duty_id[0] == 'd' ? atol(row->duty_id + 1) : 0;
	long rank = 2 * number + (strcmp(row->unit_id, "vp") == 0);
	assert_true(o->rows == 0 || rank > o->rank);
	o->rank = rank;
	snprintf(o->last, sizeof(o->last), "%s@%s", row->duty_id, row->unit_id);
	o->rows++;
	o->done += row->state == DUTY_DONE;
	return 0;
}

/* Whether store's connection has prepared the report query that sorts
 * its keys in SQL. */
static bool sorted_in_sql(struct store *store)
{
	for (sqlite3_stmt *s = sqlite3_next_stmt(store->db, NULL); s;
	     s = sqlite3_next_stmt(store->db, s))
		if (strstr(sqlite3_sql(s), "WITH s(assignment)"))
			return true;
	return false;
}

static struct report_order report_order(struct fixture *f, const char *unit)
{
	struct duty_filter filter;
	store_filter_init(&filter, date_from_ymd(2022, 1, 1));
	filter.plan = "p1";
	filter.unit = unit;
	struct report_order o = { 0, "", 0, 0 };
	struct kh_error err;
	assert_int_equal(store_report_list(f->store, &filter, check_report_order, &o,
					   &err), 0);
	return o;
}

/* Marks every third of the duties after from up to n done. */
static void mark_every_third(struct fixture *f, int from, int n)
{
	for (int i = from + 3 - from % 3; i <= n; i += 3) {
		char name[16];
		snprintf(name, sizeof(name), "d%04d", i);
		mark(f, name, DUTY_DONE, NULL, 0);
	}
}

/* A unit's rows are put in the plan's order whether they are few (held
 * and sorted in C) or too many to hold (sorted by SQLite). */
static void test_report_rows_in_plan_order(void **state)
{
	struct fixture *f = *state;
	write_long_plan(f, 60, 0);
	sync_plan(f);
	mark_every_third(f, 0, 60);
	struct report_order o = report_order(f, "vp");
	assert_int_equal(o.rows, 61);
	assert_int_equal(o.done, 20);
	assert_false(sorted_in_sql(f->store));
	o = report_order(f, "all");
	assert_int_equal(o.rows, 2);
	assert_string_equal(o.last, "g1@vp");

	write_long_plan(f, 1500, 300);
	struct timespec later[2] = { { 0, UTIME_OMIT }, { time(NULL) + 5, 0 } };
	assert_int_equal(utimensat(AT_FDCWD, f->plan, later, 0), 0);
	sync_plan(f);
	mark_every_third(f, 60, 1500);   /* the first 60 keep theirs */
	o = report_order(f, "vp");
	assert_int_equal(o.rows, 1501);
	assert_int_equal(o.done, 500);
	assert_true(sorted_in_sql(f->store));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_schema_identity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_database_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sync_unchanged_and_touched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken_file_keeps_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_follows_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_removed_file_retires_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_id_clash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unit_of_a_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_rows_of_a_plain_unit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_marks_history_undo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undo_refused_over_another_user, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolve_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deadlines_over_days, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_folds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_follows_sync, setup, teardown),
		cmocka_unit_test_setup_teardown(test_units_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_mid_sync_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_count_order_and_data_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot_asked_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot_commit_midway, setup, teardown),
		cmocka_unit_test_setup_teardown(test_helpers_share_the_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deadline_and_done_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mark_from_stale_screen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wal_removed_under_open_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_rows_in_plan_order, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
