/* Tests for plan_yaml (and the plan_validate() checks it ends with).
 *
 * Every file in tests/data/bad must be refused, and its first line
 *     # expect: LINE: SUBSTRING
 * says at which line and with what words: plan files are written by hand,
 * so an error that names the wrong line is a bug, not a nuisance. Every
 * file in tests/data/good must load, and the tests below check the exact
 * values it holds. Inputs whose bad bytes cannot carry a comment header
 * (NUL bytes, invalid UTF-8, sizes at the limits) are built here, in
 * memory or in temporary files. Last, the real plans in plans/ must load. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kehoach/date.h"
#include "kehoach/plan.h"
#include "kehoach/plan_yaml.h"
#include "kehoach/text.h"

/* Vietnamese spelled byte by byte, so that no editor can normalise the
 * NFD forms behind our backs. */
#define TET_NFC "T\xe1\xba\xbft"                 /* Tết */
#define TET_NFD "Te\xcc\x82\xcc\x81t"
#define BOM "\xef\xbb\xbf"

/* A plan that is sound up to the text of its one duty, which the caller
 * appends and which lands on TEXT_LINE. Generated inputs start with it so
 * that each can only be wrong where the test makes it wrong. */
#define PLAN_HEAD \
	"kehoach: 1\n"          \
	"plan:\n"               \
	"  id: p\n"             \
	"  title: \"T\"\n"      \
	"  issuer: \"I\"\n"     \
	"units:\n"              \
	"  - id: vp\n"          \
	"    name: \"V\"\n"     \
	"    duties:\n"         \
	"      - id: vp-1\n"    \
	"        text: "
#define TEXT_LINE 11u
/* The column of the first character after `text: "`. */
#define TEXT_QUOTED_COLUMN 16u

/* ---- helpers ------------------------------------------------------------ */

static const char *env_dir(const char *name)
{
	const char *dir = getenv(name);
	if (!dir || !*dir)
		fail_msg("%s is not set (tests/meson.build sets it)", name);
	return dir;
}

/* $KEHOACH_TEST_DATA/sub/name into out. Paths live in caller buffers, not
 * on the heap, so a failing assertion (a longjmp) leaks nothing. */
static void data_path(char out[PATH_MAX], const char *sub, const char *name)
{
	int n = snprintf(out, PATH_MAX, "%s/%s/%s", env_dir("KEHOACH_TEST_DATA"),
			 sub, name);
	assert_true(n > 0 && n < PATH_MAX);
}

static void write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		assert_true(n > 0);
		p += n;
		len -= (size_t)n;
	}
}

/* Creates a temporary file holding data; the caller unlink()s path. */
static void write_temp(char path[PATH_MAX], const void *data, size_t len)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	snprintf(path, PATH_MAX, "%s/kehoach-test-plan-XXXXXX", dir);
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	write_all(fd, data, len);
	assert_int_equal(close(fd), 0);
}

/* The whole file at path, NUL-terminated; the caller frees it. */
static char *read_whole(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	long size = ftell(fp);
	assert_true(size >= 0);
	rewind(fp);
	char *data = malloc((size_t)size + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)size, fp), (size_t)size);
	data[size] = '\0';
	fclose(fp);
	if (len)
		*len = (size_t)size;
	return data;
}

/* Loads tests/data/good/name, which must succeed; the caller frees it. */
static struct plan *load_good(const char *name)
{
	char path[PATH_MAX];
	struct plan *plan = NULL;
	struct kh_error err;
	data_path(path, "good", name);
	if (plan_load_file(path, &plan, &err) != 0)
		fail_msg("%s:%u:%u: %s", err.file, err.line, err.column, err.message);
	assert_non_null(plan);
	assert_string_equal(plan->file, path);
	return plan;
}

/* Checks that a load failed the way it should: rc -1, no plan, and an error
 * naming file, line (0: not about a line) and containing substring. */
static void check_refused(int rc, const struct plan *plan,
			  const struct kh_error *err, const char *file,
			  unsigned line, const char *substring)
{
	if (rc == 0)
		fail_msg("%s: loaded; expected an error at line %u (%s)", file,
			 line, substring);
	assert_int_equal(rc, -1);
	assert_null(plan);
	assert_string_equal(err->file, file);
	if (err->line != line || !strstr(err->message, substring))
		fail_msg("%s:%u:%u: %s\n  expected line %u and '%s'", err->file,
			 err->line, err->column, err->message, line, substring);
	/* Every error with a line also has a column to put the cursor on. */
	if (line > 0)
		assert_true(err->column >= 1);
}

/* Loads data from memory, and again from a temporary file, and checks
 * that both are refused at line with substring: the two entry points find
 * positions differently (offset_pos() reads the file again). */
static void check_refused_both(const char *data, size_t len, unsigned line,
			       unsigned column, const char *substring)
{
	struct plan *plan = (struct plan *)&plan;  /* must be reset to NULL */
	struct kh_error err;
	int rc = plan_load_buffer("generated.yaml", data, len, &plan, &err);
	check_refused(rc, plan, &err, "generated.yaml", line, substring);
	if (column)
		assert_int_equal(err.column, column);

	char path[PATH_MAX];
	write_temp(path, data, len);
	plan = (struct plan *)&plan;
	rc = plan_load_file(path, &plan, &err);
	unlink(path);
	check_refused(rc, plan, &err, path, line, substring);
	if (column)
		assert_int_equal(err.column, column);
}

static kh_date ymd(int year, int month, int day)
{
	return date_from_ymd(year, month, day);
}

static const struct unit *unit_by_id(const struct plan *plan, const char *id)
{
	const struct unit *unit = plan_find_unit(plan, id);
	if (!unit)
		fail_msg("no unit '%s'", id);
	return unit;
}

static const struct duty *duty_by_id(const struct plan *plan, const char *id)
{
	for (size_t u = 0; u < plan->n_units; u++)
		for (size_t d = 0; d < plan->units[u].n_duties; d++)
			if (strcmp(plan->units[u].duties[d].id, id) == 0)
				return &plan->units[u].duties[d];
	fail_msg("no duty '%s'", id);
	return NULL;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* ---- bad fixtures ------------------------------------------------------- */

struct expectation {
	unsigned line;
	char substring[512];
};

/* Reads the `# expect: LINE: SUBSTRING` header of a bad fixture (after a
 * byte order mark, before a CR). A fixture without one is a broken test,
 * not a pass. */
static void read_expectation(const char *path, struct expectation *ex)
{
	char first[1024];
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	if (!fgets(first, sizeof(first), fp))
		first[0] = '\0';
	fclose(fp);
	char *s = first;
	if (strncmp(s, BOM, 3) == 0)
		s += 3;
	s[strcspn(s, "\r\n")] = '\0';
	int used = 0;
	if (sscanf(s, "# expect: %u: %n", &ex->line, &used) != 1 || used == 0 ||
	    ex->line == 0 || !s[used])
		fail_msg("%s: first line is not '# expect: LINE: SUBSTRING'", path);
	snprintf(ex->substring, sizeof(ex->substring), "%s", s + used);
}

static void test_bad_fixture(void **state)
{
	const char *name = *state;
	char path[PATH_MAX];
	struct expectation ex;
	data_path(path, "bad", name);
	read_expectation(path, &ex);

	struct plan *plan = (struct plan *)&plan;  /* must be reset to NULL */
	struct kh_error err;
	int rc = plan_load_file(path, &plan, &err);
	if (rc == 0)
		plan_free(plan);
	check_refused(rc, rc == 0 ? NULL : plan, &err, path, ex.line,
		      ex.substring);
}

/* What the format says the loader rejects, one fixture each. The fixtures
 * run from the directory listing (so a new one needs no code); this list
 * makes sure none of these quietly disappears. */
static const char *const required_bad[] = {
	"syntax-bad-indentation.yaml",
	"syntax-over-indentation.yaml",
	"syntax-under-indented-unit-key.yaml",
	"syntax-unclosed-quote.yaml",
	"syntax-unclosed-flow-sequence.yaml",
	"type-text-mapping.yaml",
	"type-units-mapping.yaml",
	"type-duties-scalar.yaml",
	"type-tet-text.yaml",
	"version-quoted.yaml",
	"version-unsupported.yaml",
	"unknown-key-duty-dua.yaml",
	"unknown-key-top-level.yaml",
	"unknown-key-plan.yaml",
	"unknown-key-phase.yaml",
	"missing-duty-text.yaml",
	"missing-unit-name.yaml",
	"missing-plan-id.yaml",
	"missing-units.yaml",
	"missing-issuer.yaml",
	"missing-version.yaml",
	"empty-text.yaml",
	"empty-text-quoted.yaml",
	"date-impossible-30-02.yaml",
	"date-impossible-not-leap-year.yaml",
	"date-impossible-month-13.yaml",
	"date-malformed.yaml",
	"date-tet-relative.yaml",
	"date-tet-relative-first-named.yaml",
	"date-lunar.yaml",
	"lunar-30-tet-2025.yaml",
	"lunar-30-tet-2026.yaml",
	"lunar-outside-calendar.yaml",
	"issued-tet-relative.yaml",
	"issued-lunar.yaml",
	"start-after-due-relative.yaml",
	"start-after-due.yaml",
	"phase-reversed.yaml",
	"period-reversed.yaml",
	"duplicate-key-text.yaml",
	"duplicate-duty-id-across-units.yaml",
	"duplicate-unit-id.yaml",
	"id-uppercase.yaml",
	"id-leading-dash.yaml",
	"id-too-long.yaml",
	"id-vietnamese.yaml",
	"with-unknown-unit.yaml",
	"members-unknown-unit.yaml",
	"group-nested.yaml",
	"group-lists-itself.yaml",
	"group-no-members.yaml",
	"alias.yaml",
	"anchor.yaml",
	"tag-str.yaml",
	"tag-custom.yaml",
	"deep-flow-sequence.yaml",
	"deep-mapping.yaml",
	"two-documents.yaml",
	"empty-comments-only.yaml",
	"tet-out-of-range.yaml",
	"tet-out-of-range-2101.yaml",
	"tet-default-period-reversed.yaml",
	"tet-default-before-reversed.yaml",
	"phase-unknown.yaml",
	"units-empty.yaml",
	"nul-escape.yaml",
	"nul-escape-in-key.yaml",
	"control-character.yaml",
	"crlf-unknown-key.yaml",
	"bom-unknown-key.yaml",
	"syntax-tab-indentation.yaml",
	"syntax-colon-in-text.yaml",
	"syntax-quote-closed-on-a-later-line.yaml",
	"syntax-text-after-quote.yaml",
	"syntax-value-runs-on.yaml",
	"syntax-at-sign.yaml",
	"syntax-unknown-escape.yaml",
	"syntax-list-after-key.yaml",
	"syntax-list-item-among-keys.yaml",
	"syntax-unclosed-flow-mapping.yaml",
	"unknown-key-misspelt.yaml",
	"type-text-item-mapping.yaml",
	"several-mistakes.yaml",
};

static void test_required_bad_fixtures_exist(void **state)
{
	(void)state;
	for (size_t i = 0; i < KH_ARRAY_LEN(required_bad); i++) {
		char path[PATH_MAX];
		struct stat st;
		data_path(path, "bad", required_bad[i]);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			fail_msg("missing fixture %s", path);
	}
}

/* The id fixture must be exactly one byte over the limit, and one at the
 * limit must pass, or "too long" is not what is being tested. */
static void test_id_length_limit(void **state)
{
	(void)state;
	char id[PLAN_ID_MAX + 2];
	memset(id, 'a', sizeof(id) - 1);
	id[sizeof(id) - 1] = '\0';
	assert_false(plan_id_valid(id));
	id[PLAN_ID_MAX] = '\0';
	assert_true(plan_id_valid(id));

	char path[PATH_MAX];
	data_path(path, "bad", "id-too-long.yaml");
	char *data = read_whole(path, NULL);
	char *line = strstr(data, "  - id: ");
	assert_non_null(line);
	line += strlen("  - id: ");
	size_t len = strcspn(line, "\r\n");
	free(data);
	assert_int_equal(len, PLAN_ID_MAX + 1);

	char buf[512];
	snprintf(buf, sizeof(buf),
		 "kehoach: 1\nplan:\n  id: %s\n  title: T\n  issuer: I\n"
		 "units:\n  - id: %s\n    name: V\n", id, id);
	struct plan *plan;
	struct kh_error err;
	if (plan_load_buffer("limit.yaml", buf, strlen(buf), &plan, &err) != 0)
		fail_msg("%u:%u: %s", err.line, err.column, err.message);
	assert_string_equal(plan->id, id);
	assert_string_equal(plan->units[0].id, id);
	plan_free(plan);
}

/* ---- good fixtures ------------------------------------------------------ */

static void test_minimal(void **state)
{
	(void)state;
	struct plan *plan = load_good("minimal.yaml");
	assert_int_equal(plan->version, 1);
	assert_string_equal(plan->id, "toi-thieu");
	assert_string_equal(plan->title, "Kế hoạch tối thiểu");
	assert_string_equal(plan->issuer, "Văn phòng");
	/* Every optional key absent reads as absent, not as "" or day 0. */
	assert_null(plan->parent);
	assert_null(plan->number);
	assert_null(plan->place);
	assert_int_equal(plan->issued, KH_DATE_NONE);
	assert_int_equal(plan->n_basis, 0);
	assert_int_equal(plan->tet, 0);
	assert_int_equal(plan->period.from, KH_DATE_NONE);
	assert_int_equal(plan->period.to, KH_DATE_NONE);
	for (int p = 0; p < PHASE_COUNT; p++) {
		assert_int_equal(plan->phases[p].from, KH_DATE_NONE);
		assert_int_equal(plan->phases[p].to, KH_DATE_NONE);
	}
	assert_int_equal(plan->n_units, 1);
	const struct unit *vp = &plan->units[0];
	assert_string_equal(vp->id, "vp");
	assert_string_equal(vp->name, "Văn phòng");
	assert_null(vp->head);
	assert_null(vp->members);
	assert_false(vp->is_group);
	assert_int_equal(vp->n_duties, 0);
	assert_int_equal(vp->pos.line, 8);
	assert_int_equal(plan->id_pos.line, 4);
	assert_int_equal(plan->id_pos.column, 7);
	plan_free(plan);
}

static void test_full(void **state)
{
	(void)state;
	struct plan *plan = load_good("full.yaml");
	assert_int_equal(plan->version, 1);
	assert_string_equal(plan->id, "day-du-2022");
	assert_string_equal(plan->title,
			    "Phân công triển khai thực hiện các nhiệm vụ trước, trong và sau Tết");
	assert_string_equal(plan->issuer, "Sở Thông tin và Truyền thông");
	assert_string_equal(plan->parent, "UBND tỉnh Hà Tĩnh");
	assert_string_equal(plan->number, "77/STTTT-VP");
	assert_int_equal(plan->issued, ymd(2022, 1, 19));   /* written 19/01/2022 */
	assert_string_equal(plan->place, "Hà Tĩnh");
	assert_int_equal(plan->n_basis, 2);
	assert_string_equal(plan->basis[0],
			    "Chỉ thị số 01/CT-UBND ngày 05/01/2022 của UBND tỉnh");
	assert_string_equal(plan->basis[1], "Nghị quyết của HĐND tỉnh");
	assert_int_equal(plan->tet, 2022);
	assert_int_equal(plan->period.from, ymd(2022, 1, 19));
	assert_int_equal(plan->period.to, ymd(2022, 2, 15));
	assert_int_equal(plan->phases[PHASE_NONE].from, KH_DATE_NONE);
	assert_int_equal(plan->phases[PHASE_NONE].to, KH_DATE_NONE);
	assert_int_equal(plan->phases[PHASE_BEFORE].from, ymd(2022, 1, 19));
	assert_int_equal(plan->phases[PHASE_BEFORE].to, ymd(2022, 1, 29));
	assert_int_equal(plan->phases[PHASE_DURING].from, ymd(2022, 1, 30));
	assert_int_equal(plan->phases[PHASE_DURING].to, ymd(2022, 2, 5));
	assert_int_equal(plan->phases[PHASE_AFTER].from, ymd(2022, 2, 6));
	assert_int_equal(plan->phases[PHASE_AFTER].to, ymd(2022, 2, 15));
	/* All written: nothing from the defaults for tet. */
	assert_false(plan->period.defaulted);
	for (int p = 0; p < PHASE_COUNT; p++)
		assert_false(plan->phases[p].defaulted);
	assert_int_equal(plan->tet_pos.line, 15);

	/* Units in file order. */
	assert_int_equal(plan->n_units, 3);
	assert_string_equal(plan->units[0].id, "cac-phong");
	assert_string_equal(plan->units[1].id, "vp");
	assert_string_equal(plan->units[2].id, "ttcntt");

	const struct unit *group = unit_by_id(plan, "cac-phong");
	assert_string_equal(group->name, "Các phòng, Trung tâm");
	assert_true(group->is_group);
	assert_int_equal(group->n_members, 2);
	assert_string_equal(group->members[0].id, "vp");
	assert_string_equal(group->members[1].id, "ttcntt");
	/* Reference positions feed "unknown unit" errors elsewhere. */
	assert_int_equal(group->members[1].pos.line, 27);
	assert_int_equal(group->members[1].pos.column, 19);
	assert_int_equal(group->n_duties, 1);
	assert_string_equal(group->duties[0].id, "chung-1");
	assert_int_equal(group->duties[0].phase, PHASE_BEFORE);

	const struct unit *vp = unit_by_id(plan, "vp");
	assert_string_equal(vp->name, "Văn phòng Sở");
	assert_string_equal(vp->head, "Chánh Văn phòng");
	assert_false(vp->is_group);
	assert_null(vp->members);
	assert_int_equal(vp->n_duties, 3);
	assert_int_equal(vp->id_pos.line, 32);

	const struct duty *d = &vp->duties[0];
	assert_string_equal(d->id, "vp-1");
	assert_string_equal(d->text, "Bố trí lịch trực các ngày nghỉ Tết.");
	assert_int_equal(d->phase, PHASE_BEFORE);
	assert_int_equal(d->start, ymd(2022, 1, 20));
	assert_int_equal(d->due, ymd(2022, 1, 28));          /* written 28/01/2022 */
	assert_int_equal(d->n_refs, 2);
	assert_string_equal(d->refs[0], "Công văn 245/VPCP-KGVX ngày 11/01/2022");
	assert_string_equal(d->refs[1], "Kết luận số 29-KL/TU");
	assert_int_equal(d->n_with, 1);
	assert_string_equal(d->with[0].id, "ttcntt");
	assert_int_equal(d->with[0].pos.line, 42);
	assert_string_equal(d->target, "100% ngày nghỉ có người trực");
	assert_int_equal(d->pos.line, 36);
	assert_int_equal(d->id_pos.line, 36);
	assert_int_equal(d->start_pos.line, 39);
	assert_int_equal(d->due_pos.line, 40);
	assert_int_equal(d->due_pos.column, 14);

	d = &vp->duties[1];
	assert_string_equal(d->id, "vp-2");
	assert_int_equal(d->phase, PHASE_NONE);
	assert_int_equal(d->due, KH_DATE_NONE);
	assert_int_equal(d->start, KH_DATE_NONE);
	assert_int_equal(d->n_refs, 0);
	assert_int_equal(d->n_with, 0);
	assert_null(d->target);

	assert_int_equal(vp->duties[2].phase, PHASE_DURING);

	const struct unit *tt = unit_by_id(plan, "ttcntt");
	assert_string_equal(tt->name, "Trung tâm CNTT và Truyền thông");
	assert_false(tt->is_group);
	assert_int_equal(tt->n_duties, 0);
	assert_null(plan_find_unit(plan, "khong-co"));
	plan_free(plan);
}

/* The effective deadline, each rule of plan-format.md in turn. */
static void test_deadlines(void **state)
{
	(void)state;
	struct plan *plan = load_good("full.yaml");
	/* due given: the due, even though its phase ends later. */
	assert_int_equal(plan_duty_deadline(plan, duty_by_id(plan, "vp-1")),
			 ymd(2022, 1, 28));
	/* phase only: the end of that phase. */
	assert_int_equal(plan_duty_deadline(plan, duty_by_id(plan, "vp-3")),
			 ymd(2022, 2, 5));
	assert_int_equal(plan_duty_deadline(plan, duty_by_id(plan, "chung-1")),
			 ymd(2022, 1, 29));
	/* neither: the end of the plan period. */
	assert_int_equal(plan_duty_deadline(plan, duty_by_id(plan, "vp-2")),
			 ymd(2022, 2, 15));
	plan_free(plan);

	plan = load_good("no-deadlines.yaml");
	/* nothing: no deadline, even with a phase the plan does not date. */
	assert_int_equal(plan_duty_deadline(plan, duty_by_id(plan, "thuong-xuyen")),
			 KH_DATE_NONE);
	assert_int_equal(plan_duty_deadline(plan, duty_by_id(plan, "co-giai-doan")),
			 KH_DATE_NONE);
	assert_int_equal(plan_duty_deadline(plan, duty_by_id(plan, "co-han")),
			 ymd(2022, 3, 31));
	plan_free(plan);
}

/* Windows Notepad starts UTF-8 files with a byte order mark. */
static void test_bom(void **state)
{
	(void)state;
	char path[PATH_MAX];
	data_path(path, "good", "bom.yaml");
	char *raw = read_whole(path, NULL);
	bool has_bom = strncmp(raw, BOM, 3) == 0;
	free(raw);
	assert_true(has_bom);   /* else the fixture lost its BOM */

	struct plan *plan = load_good("bom.yaml");
	assert_int_equal(plan->version, 1);
	assert_string_equal(plan->id, "co-bom");
	assert_string_equal(plan->place, "Hà Tĩnh");
	plan_free(plan);

	/* Notepad puts the mark right before the first key; it must not
	 * count as indentation (which would end the mapping after it). */
	plan = load_good("bom-first-key.yaml");
	assert_string_equal(plan->id, "bom-dau-dong");
	assert_int_equal(plan->n_units, 1);
	plan_free(plan);

	/* Nor as a column: errors on the first line point where an editor
	 * shows the character, both from the parser and from the reader. */
	static const char quoted[] = BOM "kehoach: \"1\"\n";
	check_refused_both(quoted, sizeof(quoted) - 1, 1, 10,
			   "expected the format version");
	static const char bad_byte[] = BOM "kehoach: \x80\n";
	check_refused_both(bad_byte, sizeof(bad_byte) - 1, 1, 10, "invalid UTF-8");
}

/* CRLF line ends: no CR may reach the texts, and lines count as lines. */
static void test_crlf(void **state)
{
	(void)state;
	char path[PATH_MAX];
	data_path(path, "good", "crlf.yaml");
	char *raw = read_whole(path, NULL);
	bool has_crlf = strstr(raw, "units:\r\n") != NULL;
	free(raw);
	assert_true(has_crlf);  /* else a checkout converted the fixture */

	struct plan *plan = load_good("crlf.yaml");
	assert_string_equal(plan->id, "crlf");
	assert_string_equal(plan->title,
			    "Phân công nhiệm vụ trước, trong và sau Tết Nguyên đán");
	const struct duty *d = duty_by_id(plan, "vp-2");
	assert_string_equal(d->text, "Dòng một\nDòng hai\n");
	assert_null(strchr(duty_by_id(plan, "vp-1")->text, '\r'));
	assert_int_equal(d->id_pos.line, 19);
	plan_free(plan);
}

/* The NFD twin must load into exactly the strings of the NFC twin. */
static void test_nfd_is_stored_as_nfc(void **state)
{
	(void)state;
	char path[PATH_MAX];
	data_path(path, "good", "nfd.yaml");
	char *raw = read_whole(path, NULL);
	bool decomposed = strstr(raw, TET_NFD) != NULL && !strstr(raw, TET_NFC);
	free(raw);
	assert_true(decomposed);  /* else the test compares NFC with NFC */

	struct plan *nfc = load_good("nfc.yaml");
	struct plan *nfd = load_good("nfd.yaml");
	assert_non_null(strstr(nfd->title, TET_NFC));
	assert_null(strstr(nfd->title, TET_NFD));
	assert_string_equal(nfd->title,
			    "Ph\xc3\xa2n c\xc3\xb4ng nhi\xe1\xbb\x87m v\xe1\xbb\xa5 "
			    "tr\xc6\xb0\xe1\xbb\x9b" "c, trong v\xc3\xa0 sau " TET_NFC
			    " Nguy\xc3\xaan \xc4\x91\xc3\xa1n");
	assert_string_equal(nfd->title, nfc->title);
	assert_string_equal(nfd->issuer, nfc->issuer);
	assert_string_equal(nfd->place, nfc->place);
	assert_int_equal(nfd->n_basis, 1);
	assert_string_equal(nfd->basis[0], nfc->basis[0]);
	assert_string_equal(nfd->units[0].name, nfc->units[0].name);
	assert_string_equal(nfd->units[0].head, nfc->units[0].head);
	const struct duty *a = &nfc->units[0].duties[0];
	const struct duty *b = &nfd->units[0].duties[0];
	assert_string_equal(b->text, a->text);
	assert_string_equal(b->refs[0], a->refs[0]);
	assert_string_equal(b->target, a->target);
	plan_free(nfc);
	plan_free(nfd);
}

static void test_flow_style(void **state)
{
	(void)state;
	struct plan *plan = load_good("flow-style.yaml");
	assert_string_equal(plan->id, "kieu-flow");
	assert_string_equal(plan->title, "Kế hoạch viết kiểu flow");
	assert_int_equal(plan->period.from, ymd(2022, 1, 1));
	assert_int_equal(plan->period.to, ymd(2022, 1, 31));
	assert_int_equal(plan->phases[PHASE_BEFORE].to, ymd(2022, 1, 10));
	assert_int_equal(plan->phases[PHASE_DURING].to, KH_DATE_NONE);
	assert_int_equal(plan->phases[PHASE_AFTER].from, ymd(2022, 1, 21));
	assert_int_equal(plan->n_basis, 2);
	assert_string_equal(plan->basis[1], "Căn cứ hai");
	assert_int_equal(plan->n_units, 4);
	const struct duty *d = duty_by_id(plan, "vp-1");
	assert_string_equal(d->text, "Việc một");
	assert_int_equal(d->n_with, 2);
	assert_string_equal(d->with[0].id, "tt");
	assert_string_equal(d->with[1].id, "cntt");
	assert_int_equal(d->n_refs, 2);
	assert_string_equal(d->refs[0], "a");
	assert_string_equal(d->refs[1], "b");
	assert_string_equal(unit_by_id(plan, "tt")->name, "Thanh tra");
	const struct unit *group = unit_by_id(plan, "nhom");
	assert_true(group->is_group);
	assert_int_equal(group->n_members, 2);
	assert_int_equal(group->n_duties, 0);   /* duties: [] */
	plan_free(plan);
}

/* Plain, quoted, block and escaped scalars, each with its exact value. */
static void test_scalar_styles(void **state)
{
	(void)state;
	struct plan *plan = load_good("scalars.yaml");
	assert_string_equal(plan->title, "Kế hoạch 1:2022, viết không ngoặc");
	assert_string_equal(plan->issuer, "Văn phòng 'Sở'");
	/* \u1EBF is ế: escapes are decoded, and the result is NFC. */
	assert_string_equal(plan->parent, "UBND \"tỉnh\" " TET_NFC);
	assert_string_equal(plan->place, "Hà Tĩnh");   /* folded plain lines */
	assert_string_equal(plan->number, "01");       /* text, not the number 1 */
	assert_string_equal(plan->units[0].id, "vp");
	assert_string_equal(plan->units[0].name, "vp");
	assert_string_equal(duty_by_id(plan, "2022")->text, "Dòng một\nDòng hai\n");
	assert_string_equal(duty_by_id(plan, "gap")->text, "Gấp lại");
	assert_string_equal(duty_by_id(plan, "so")->text, "123");
	assert_string_equal(duty_by_id(plan, "null-trong-ngoac")->text, "null");
	plan_free(plan);
}

/* Every file in good/ loads: a fixture added there is checked at least
 * this much, and one that stops loading is noticed here too. */
static void test_every_good_fixture_loads(void **state)
{
	(void)state;
	char dir[PATH_MAX];
	data_path(dir, "good", "");
	DIR *d = opendir(dir);
	assert_non_null(d);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!has_suffix(e->d_name, ".yaml"))
			continue;
		char path[PATH_MAX];
		struct plan *plan;
		struct kh_error err;
		data_path(path, "good", e->d_name);
		if (plan_load_file(path, &plan, &err) != 0) {
			closedir(d);
			fail_msg("%s:%u:%u: %s", err.file, err.line, err.column,
				 err.message);
		}
		plan_free(plan);
		n++;
	}
	closedir(d);
	assert_true(n >= 10);
}

/* ---- Tết and the lunar calendar ----------------------------------------- */

#define OPEN { KH_DATE_NONE, KH_DATE_NONE }

static void assert_range_none(const struct date_range *range)
{
	assert_int_equal(range->from, KH_DATE_NONE);
	assert_int_equal(range->to, KH_DATE_NONE);
}

/* Checks the plan period and the three phases against ranges[], in that
 * order, each { from, to } (OPEN: not there). */
static void assert_ranges(const struct plan *plan, const kh_date ranges[4][2])
{
	const struct date_range *actual[4] = {
		&plan->period, &plan->phases[PHASE_BEFORE],
		&plan->phases[PHASE_DURING], &plan->phases[PHASE_AFTER],
	};
	for (size_t i = 0; i < 4; i++) {
		if (actual[i]->from == ranges[i][0] && actual[i]->to == ranges[i][1])
			continue;
		char from[DATE_STR_SIZE], to[DATE_STR_SIZE];
		date_format_iso(actual[i]->from, from);
		date_format_iso(actual[i]->to, to);
		fail_msg("%s: range %zu (period, before, during, after) is %s … %s",
			 plan->file, i, from, to);
	}
	assert_range_none(&plan->phases[PHASE_NONE]);
}

/* tet with the period written and no phases: the three default phases. */
static void test_tet_default_phases(void **state)
{
	(void)state;
	struct plan *plan = load_good("tet-without-phases.yaml");
	assert_ranges(plan, (const kh_date[4][2]){
		{ ymd(2022, 1, 19), ymd(2022, 2, 15) },
		{ ymd(2022, 1, 19), ymd(2022, 1, 29) },
		{ ymd(2022, 1, 30), ymd(2022, 2, 5) },
		{ ymd(2022, 2, 6), ymd(2022, 2, 15) },
	});
	assert_false(plan->period.defaulted);
	for (int p = PHASE_BEFORE; p < PHASE_COUNT; p++) {
		assert_true(plan->phases[p].defaulted);
		assert_int_equal(plan->phases[p].pos.line, 8);   /* tet: 2022 */
	}
	assert_int_equal(plan_duty_deadline(plan, duty_by_id(plan, "truoc")),
			 ymd(2022, 1, 29));
	assert_int_equal(plan_duty_deadline(plan, duty_by_id(plan, "trong")),
			 ymd(2022, 2, 5));
	assert_int_equal(plan_duty_deadline(plan, duty_by_id(plan, "sau")),
			 ymd(2022, 2, 15));
	plan_free(plan);
}

/* Some phases written: only those; the period's open end is defaulted. */
static void test_tet_some_phases(void **state)
{
	(void)state;
	struct plan *plan = load_good("tet-some-phases.yaml");
	/* No issued: tet-30 … the `to` written. */
	assert_ranges(plan, (const kh_date[4][2]){
		{ ymd(2022, 1, 2), ymd(2022, 2, 20) },
		{ ymd(2022, 1, 19), ymd(2022, 1, 28) },
		{ ymd(2022, 1, 29), ymd(2022, 2, 6) },
		OPEN,
	});
	assert_true(plan->period.defaulted);
	assert_false(plan->phases[PHASE_BEFORE].defaulted);
	/* A duty of the phase left out: the end of the plan period. */
	assert_int_equal(plan_duty_deadline(plan, duty_by_id(plan, "sau")),
			 ymd(2022, 2, 20));
	plan_free(plan);
}

static void test_tet_relative_dates(void **state)
{
	(void)state;
	struct plan *plan = load_good("tet-relative.yaml");
	assert_int_equal(plan->tet, 2027);
	/* Neither issued nor period: tet-30 … tet+14. */
	assert_ranges(plan, (const kh_date[4][2]){
		{ ymd(2027, 1, 7), ymd(2027, 2, 20) },
		{ ymd(2027, 1, 7), ymd(2027, 2, 3) },
		{ ymd(2027, 2, 4), ymd(2027, 2, 10) },
		{ ymd(2027, 2, 11), ymd(2027, 2, 20) },
	});
	assert_int_equal(duty_by_id(plan, "tru-3")->due, ymd(2027, 2, 3));
	assert_int_equal(duty_by_id(plan, "mung-1")->start, ymd(2027, 2, 6));
	assert_int_equal(duty_by_id(plan, "mung-1")->due, ymd(2027, 2, 6));
	assert_int_equal(duty_by_id(plan, "cong-6")->start, ymd(2027, 2, 6));
	assert_int_equal(duty_by_id(plan, "cong-6")->due, ymd(2027, 2, 12));
	assert_int_equal(duty_by_id(plan, "xa")->start, ymd(2026, 10, 9));
	assert_int_equal(duty_by_id(plan, "xa")->due, ymd(2029, 11, 1));
	/* Positions are those of the values, as for any date. */
	assert_int_equal(duty_by_id(plan, "cong-6")->due_pos.line, 24);
	assert_int_equal(duty_by_id(plan, "cong-6")->due_pos.column, 14);
	plan_free(plan);
}

static void test_lunar_dates(void **state)
{
	(void)state;
	struct plan *plan = load_good("lunar.yaml");
	/* The period: 1/10 ÂL of the lunar year Tân Sửu, which ends at Tết
	 * 2022, to 29/9 ÂL of Nhâm Dần, which that Tết begins. One phase
	 * written: no default ones. */
	assert_ranges(plan, (const kh_date[4][2]){
		{ ymd(2021, 11, 5), ymd(2022, 10, 24) },
		OPEN,
		{ ymd(2022, 1, 31), ymd(2022, 2, 4) },
		OPEN,
	});
	assert_false(plan->period.defaulted);
	assert_int_equal(duty_by_id(plan, "ong-tao")->due, ymd(2022, 1, 25));
	assert_int_equal(duty_by_id(plan, "ong-tao-al")->due, ymd(2022, 1, 25));
	assert_int_equal(duty_by_id(plan, "ram")->start, ymd(2022, 2, 1));
	assert_int_equal(duty_by_id(plan, "ram")->due, ymd(2022, 2, 15));
	plan_free(plan);
}

/* `tet:` after the dates that need it, even after the units. */
static void test_tet_written_last(void **state)
{
	(void)state;
	struct plan *plan = load_good("tet-written-last.yaml");
	assert_int_equal(plan->tet, 2025);
	assert_int_equal(duty_by_id(plan, "tat-nien")->due, ymd(2025, 1, 28));
	assert_int_equal(duty_by_id(plan, "khai-xuan")->start, ymd(2025, 2, 3));
	assert_int_equal(duty_by_id(plan, "khai-xuan")->due, ymd(2025, 2, 7));
	assert_ranges(plan, (const kh_date[4][2]){
		{ ymd(2024, 12, 30), ymd(2025, 2, 18) },
		{ ymd(2024, 12, 30), ymd(2025, 1, 26) },
		{ ymd(2025, 1, 27), ymd(2025, 2, 2) },
		{ ymd(2025, 2, 3), ymd(2025, 2, 18) },
	});
	plan_free(plan);
}

/* A plan about the Tết of tet with one duty due on due, from memory; the
 * due line is CALENDAR_DUE_LINE. */
#define CALENDAR_DUE_LINE 13u
static int load_due(int tet, const char *due, struct plan **plan,
		    struct kh_error *err)
{
	char data[512];
	int n = snprintf(data, sizeof(data),
			 "kehoach: 1\nplan:\n  id: p\n  title: T\n  issuer: I\n"
			 "  tet: %d\nunits:\n  - id: vp\n    name: V\n    duties:\n"
			 "      - id: vp-1\n        text: X\n        due: \"%s\"\n",
			 tet, due);
	assert_true(n > 0 && (size_t)n < sizeof(data));
	return plan_load_buffer("calendar.yaml", data, (size_t)n, plan, err);
}

/* Known days, from published Vietnamese calendars, not from this code. */
static void test_calendar_dates(void **state)
{
	(void)state;
	static const struct {
		int tet;
		const char *due;
		int y, m, d;
	} cases[] = {
		{ 2022, "23/12 ÂL", 2022, 1, 25 },   /* ông Công ông Táo */
		{ 2022, "tet", 2022, 2, 1 },
		{ 2027, "tet-3", 2027, 2, 3 },
		{ 2025, "29/12 ÂL", 2025, 1, 28 },   /* the last day of Giáp Thìn */
		{ 2026, "29/12 ÂL", 2026, 2, 16 },   /* the last day of Ất Tỵ */
		{ 2024, "30/12 ÂL", 2024, 2, 9 },    /* a 30th that exists */
		{ 2024, "1/1 ÂL", 2024, 2, 10 },
		{ 2022, "15/10 ÂL", 2021, 11, 19 },  /* months 10-12: the year before */
		{ 2022, "15/7 ÂL", 2022, 8, 12 },    /* Vu Lan */
		{ 2023, "15/8 ÂL", 2023, 9, 29 },    /* Trung thu */
		/* 2023 has a leap month 2 (from 2023-03-22): "10/2 ÂL" is the
		 * ordinary one. */
		{ 2023, "10/2 ÂL", 2023, 3, 1 },
	};
	for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
		struct plan *plan;
		struct kh_error err;
		if (load_due(cases[i].tet, cases[i].due, &plan, &err) != 0)
			fail_msg("tet %d, due %s: %u:%u: %s", cases[i].tet,
				 cases[i].due, err.line, err.column, err.message);
		kh_date due = plan->units[0].duties[0].due;
		plan_free(plan);
		if (due != ymd(cases[i].y, cases[i].m, cases[i].d)) {
			char got[DATE_STR_SIZE];
			date_format_iso(due, got);
			fail_msg("tet %d, due %s: got %s, expected %04d-%02d-%02d",
				 cases[i].tet, cases[i].due, got, cases[i].y,
				 cases[i].m, cases[i].d);
		}
	}

	static const struct {
		int tet;
		const char *due;
		const char *substring;
	} bad[] = {
		{ 2025, "30/12 ÂL",
		  "30/12 ÂL does not exist: tháng Chạp of the lunar year Giáp Thìn (2024–2025) has 29 days" },
		{ 2026, "30/12 AL",
		  "30/12 ÂL does not exist: tháng Chạp of the lunar year Ất Tỵ (2025–2026) has 29 days" },
		{ 2022, "30/9 ÂL",
		  "30/9 ÂL does not exist: tháng Chín of the lunar year Nhâm Dần (2022–2023) has 29 days" },
		{ 2022, "31/1 ÂL", "no such date: '31/1 ÂL'" },
		{ 2022, "1/13 ÂL", "no such date: '1/13 ÂL'" },
		{ 2100, "1/10 ÂL", "" },  /* lunar 2099: still known */
		{ 1900, "1/10 ÂL", "falls in the lunar year 1899, outside the calendar" },
	};
	for (size_t i = 0; i < KH_ARRAY_LEN(bad); i++) {
		struct plan *plan = (struct plan *)&plan;
		struct kh_error err;
		int rc = load_due(bad[i].tet, bad[i].due, &plan, &err);
		if (!*bad[i].substring) {
			if (rc != 0)
				fail_msg("tet %d, due %s: %s", bad[i].tet, bad[i].due,
					 err.message);
			plan_free(plan);
			continue;
		}
		check_refused(rc, plan, &err, "calendar.yaml", CALENDAR_DUE_LINE,
			      bad[i].substring);
		assert_int_equal(err.column, 14);
	}
}

/* The Hà Tĩnh plan written with tet: 2022 and the defaults gives every duty
 * the deadline the explicit plan in plans/ does. */
static void test_ha_tinh_relative(void **state)
{
	(void)state;
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/plans/ha-tinh-tet-2022.yaml",
		 env_dir("KEHOACH_SOURCE_ROOT"));
	struct plan *explicit_plan;
	struct kh_error err;
	if (plan_load_file(path, &explicit_plan, &err) != 0)
		fail_msg("%s:%u:%u: %s", err.file, err.line, err.column, err.message);
	struct plan *plan = load_good("ha-tinh-tet-2022-relative.yaml");

	assert_ranges(plan, (const kh_date[4][2]){
		{ ymd(2022, 1, 19), ymd(2022, 2, 15) },
		{ ymd(2022, 1, 19), ymd(2022, 1, 29) },
		{ ymd(2022, 1, 30), ymd(2022, 2, 5) },
		{ ymd(2022, 2, 6), ymd(2022, 2, 15) },
	});
	assert_int_equal(duty_by_id(plan, "vp-1")->due, ymd(2022, 1, 28));

	size_t compared = 0;
	assert_int_equal(plan->n_units, explicit_plan->n_units);
	for (size_t u = 0; u < explicit_plan->n_units; u++) {
		const struct unit *unit = &explicit_plan->units[u];
		assert_int_equal(plan->units[u].n_duties, unit->n_duties);
		for (size_t d = 0; d < unit->n_duties; d++) {
			const struct duty *a = &unit->duties[d];
			const struct duty *b = duty_by_id(plan, a->id);
			if (plan_duty_deadline(explicit_plan, a) !=
			    plan_duty_deadline(plan, b))
				fail_msg("duty %s: the deadlines differ", a->id);
			compared++;
		}
	}
	plan_free(explicit_plan);
	plan_free(plan);
	assert_int_equal(compared, 23);
}

/* ---- generated inputs --------------------------------------------------- */

static void test_empty_input(void **state)
{
	(void)state;
	check_refused_both("", 0, 1, 1, "the file is empty");
	/* Blank lines are no plan either; the end is on line 3. */
	check_refused_both("\n\n", 2, 3, 1, "the file is empty");
}

/* A raw NUL byte stops a C string; it must stop the load, at its place. */
static void test_nul_byte(void **state)
{
	(void)state;
	static const char data[] = PLAN_HEAD "\"A\0B\"\n";
	check_refused_both(data, sizeof(data) - 1, TEXT_LINE,
			   TEXT_QUOTED_COLUMN + 1, "NUL byte");
	/* At the very start too (offset 0 is an edge of offset_pos()). */
	check_refused_both("\0kehoach: 1\n", 12, 1, 1, "NUL byte");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	static const struct {
		const char *bytes;
		const char *substring;
		unsigned column;   /* 0: not checked */
	} cases[] = {
		{ "\x80", "invalid UTF-8", TEXT_QUOTED_COLUMN + 1 },       /* lone continuation */
		/* Columns count characters: ệ is one column, three bytes. */
		{ "Vi\xe1\xbb\x87" "c\x80", "invalid UTF-8", TEXT_QUOTED_COLUMN + 5 },
		{ "\xff", "invalid UTF-8", TEXT_QUOTED_COLUMN + 1 },
		{ "\xc3", "invalid UTF-8", 0 },                            /* cut short */
		{ "\xc0\x80", "invalid UTF-8", TEXT_QUOTED_COLUMN + 1 },   /* overlong NUL */
		{ "\xe0\x80\xaf", "invalid UTF-8", 0 },                    /* overlong '/' */
		{ "\xed\xa0\x80", "invalid UTF-8", 0 },                    /* surrogate U+D800 */
		{ "\xf4\x90\x80\x80", "invalid UTF-8", 0 },                /* past U+10FFFF */
		{ "V\xe3n", "invalid UTF-8", 0 },                          /* "Văn" in Windows-1258 */
		{ "\x01", "control characters", TEXT_QUOTED_COLUMN + 1 },
		{ "\x1b[31m", "control characters", TEXT_QUOTED_COLUMN + 1 },
		{ "\xc2\x9b", "control characters", TEXT_QUOTED_COLUMN + 1 },  /* C1 CSI */
	};
	for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
		char data[256];
		int n = snprintf(data, sizeof(data), PLAN_HEAD "\"A%sB\"\n",
				 cases[i].bytes);
		assert_true(n > 0 && (size_t)n < sizeof(data));
		check_refused_both(data, (size_t)n, TEXT_LINE, cases[i].column,
				   cases[i].substring);
	}
	/* At the end of the file, with nothing after the bad byte. */
	static const char cut[] = PLAN_HEAD "\"A\"\n# \xe1\xba";
	check_refused_both(cut, sizeof(cut) - 1, TEXT_LINE + 1, 0, "invalid UTF-8");
}

/* The size limit is checked on the file's size before reading, so a sparse
 * file is enough; one byte under it is read (and refused for its NULs). */
static void test_file_too_large(void **state)
{
	(void)state;
	char path[PATH_MAX];
	struct plan *plan = (struct plan *)&plan;
	struct kh_error err;
	write_temp(path, "", 0);
	assert_int_equal(truncate(path, (off_t)PLAN_FILE_MAX_BYTES + 1), 0);
	int rc = plan_load_file(path, &plan, &err);
	check_refused(rc, plan, &err, path, 0, "too large");

	assert_int_equal(truncate(path, (off_t)PLAN_FILE_MAX_BYTES), 0);
	rc = plan_load_file(path, &plan, &err);
	unlink(path);
	check_refused(rc, plan, &err, path, 1, "NUL byte");

	/* plan_load_buffer() must refuse on the length alone, before it reads
	 * a byte: one byte of real memory stands for the whole. */
	static const char one = 'k';
	plan = (struct plan *)&plan;
	rc = plan_load_buffer("huge.yaml", &one, (size_t)PLAN_FILE_MAX_BYTES + 1,
			      &plan, &err);
	check_refused(rc, plan, &err, "huge.yaml", 0, "too large");
}

/* A duty text of n copies of unit, as a whole plan in memory. */
static char *plan_with_text(const char *unit, size_t n, size_t *len)
{
	size_t unit_len = strlen(unit);
	size_t head = strlen(PLAN_HEAD);
	size_t total = head + 2 + n * unit_len + 2;
	char *data = malloc(total + 1);
	assert_non_null(data);
	memcpy(data, PLAN_HEAD "\"", head + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(data + head + 1 + i * unit_len, unit, unit_len);
	memcpy(data + head + 1 + n * unit_len, "\"\n", 3);
	*len = total - 1;
	return data;
}

static void test_scalar_limit(void **state)
{
	(void)state;
	size_t len;
	struct plan *plan;
	struct kh_error err;

	/* At the limit: loads, every byte intact. */
	char *data = plan_with_text("a", PLAN_SCALAR_MAX_BYTES, &len);
	int rc = plan_load_buffer("at-limit.yaml", data, len, &plan, &err);
	free(data);
	if (rc != 0)
		fail_msg("%u:%u: %s", err.line, err.column, err.message);
	const char *text = plan->units[0].duties[0].text;
	size_t text_len = strlen(text);
	size_t first_not_a = strspn(text, "a");
	plan_free(plan);
	assert_int_equal(text_len, PLAN_SCALAR_MAX_BYTES);
	assert_int_equal(first_not_a, PLAN_SCALAR_MAX_BYTES);

	/* One byte over: refused where the value starts. */
	data = plan_with_text("a", PLAN_SCALAR_MAX_BYTES + 1, &len);
	plan = (struct plan *)&plan;
	rc = plan_load_buffer("over-limit.yaml", data, len, &plan, &err);
	free(data);
	check_refused(rc, plan, &err, "over-limit.yaml", TEXT_LINE, "value too long");
	assert_int_equal(err.column, TEXT_QUOTED_COLUMN - 1);
}

/* A 200 KB Vietnamese duty text, from a real file, comes back intact. */
static void test_long_text(void **state)
{
	(void)state;
	static const char unit[] = TET_NFC " Nguyên đán Nhâm Dần 2022, ";
	size_t n = 200 * 1024 / (sizeof(unit) - 1) + 1;
	size_t len;
	char *data = plan_with_text(unit, n, &len);
	char path[PATH_MAX];
	write_temp(path, data, len);

	struct plan *plan;
	struct kh_error err;
	int rc = plan_load_file(path, &plan, &err);
	unlink(path);
	if (rc != 0) {
		free(data);
		fail_msg("%u:%u: %s", err.line, err.column, err.message);
	}
	const char *text = plan->units[0].duties[0].text;
	size_t text_len = strlen(text);
	/* The text sits between the quotes in data. */
	size_t head = strlen(PLAN_HEAD) + 1;
	bool intact = text_len == n * (sizeof(unit) - 1) &&
		      memcmp(text, data + head, text_len) == 0;
	free(data);
	plan_free(plan);
	assert_true(text_len >= 200 * 1024);
	assert_true(intact);
}

/* Nesting far deeper than the fixtures: refused at its first level, with
 * no stack overflow (ASan would see one) and no wait. */
static void test_deep_nesting(void **state)
{
	(void)state;
	enum { DEPTH = 100000 };
	static const struct {
		const char *open, *close, *substring;
	} cases[] = {
		{ "[", "]", "expected a text for 'text', found a list" },
		{ "{a: ", "}", "expected a text for 'text', found a mapping" },
	};
	for (size_t c = 0; c < KH_ARRAY_LEN(cases); c++) {
		size_t lo = strlen(cases[c].open), lc = strlen(cases[c].close);
		size_t head = strlen(PLAN_HEAD);
		size_t len = head + DEPTH * (lo + lc) + 1 + 1;
		char *data = malloc(len + 1);
		assert_non_null(data);
		char *p = data;
		memcpy(p, PLAN_HEAD, head);
		p += head;
		for (size_t i = 0; i < DEPTH; i++, p += lo)
			memcpy(p, cases[c].open, lo);
		*p++ = 'x';
		for (size_t i = 0; i < DEPTH; i++, p += lc)
			memcpy(p, cases[c].close, lc);
		*p++ = '\n';
		*p = '\0';
		struct plan *plan = (struct plan *)&plan;
		struct kh_error err;
		int rc = plan_load_buffer("deep.yaml", data, len, &plan, &err);
		free(data);
		check_refused(rc, plan, &err, "deep.yaml", TEXT_LINE,
			      cases[c].substring);
		assert_int_equal(err.column, TEXT_QUOTED_COLUMN - 1);
	}
}

static void test_unreadable_paths(void **state)
{
	(void)state;
	struct plan *plan = (struct plan *)&plan;
	struct kh_error err;
	char path[PATH_MAX];
	data_path(path, "good", "no-such-file.yaml");
	int rc = plan_load_file(path, &plan, &err);
	check_refused(rc, plan, &err, path, 0, "cannot open");

	data_path(path, "good", "");
	plan = (struct plan *)&plan;
	rc = plan_load_file(path, &plan, &err);
	check_refused(rc, plan, &err, path, 0, "not a regular file");
}

/* plan_load_buffer() reports errors and the plan under the name it is
 * given, and reads the same plan as plan_load_file(). */
static void test_buffer_name(void **state)
{
	(void)state;
	char path[PATH_MAX];
	size_t len;
	data_path(path, "good", "full.yaml");
	char *data = read_whole(path, &len);
	struct plan *plan;
	struct kh_error err;
	int rc = plan_load_buffer("trong-bo-nho", data, len, &plan, &err);
	free(data);
	if (rc != 0)
		fail_msg("%u:%u: %s", err.line, err.column, err.message);
	assert_string_equal(plan->file, "trong-bo-nho");
	assert_string_equal(duty_by_id(plan, "vp-1")->text,
			    "Bố trí lịch trực các ngày nghỉ Tết.");
	assert_int_equal(duty_by_id(plan, "vp-1")->due_pos.line, 40);
	plan_free(plan);

	/* An error found by plan_validate() names the buffer too. */
	static const char dup[] = PLAN_HEAD "x\n  - id: vp\n    name: W\n";
	plan = (struct plan *)&plan;
	rc = plan_load_buffer("trong-bo-nho", dup, sizeof(dup) - 1, &plan, &err);
	check_refused(rc, plan, &err, "trong-bo-nho", TEXT_LINE + 1,
		      "unit id 'vp' is used twice (first at line 7)");
}

/* ---- every error in one run --------------------------------------------- */

struct expected_error {
	unsigned line, column;
	const char *substring;
};

/* The first `keep` errors of a check (any more only counted) must be
 * want, in that order; returns how many there were in all. The errors are
 * copied off the heap before any assertion, so that a failure leaks
 * nothing. */
static size_t check_errors(int rc, struct plan *plan, struct kh_errors *errors,
			   const struct expected_error *want, size_t n_want)
{
	struct kh_error got[16];
	size_t n_got = errors->n_items, count = errors->count;
	assert_true(n_got <= KH_ARRAY_LEN(got));
	for (size_t i = 0; i < n_got; i++)
		got[i] = errors->items[i];
	kh_errors_free(errors);
	if (rc == 0)
		plan_free(plan);
	assert_int_equal(rc, -1);
	assert_null(plan);
	for (size_t i = 0; i < n_got && i < n_want; i++)
		if (got[i].line != want[i].line || got[i].column != want[i].column ||
		    !strstr(got[i].message, want[i].substring))
			fail_msg("error %zu: %u:%u: %s\n  expected %u:%u and '%s'", i + 1,
				 got[i].line, got[i].column, got[i].message, want[i].line,
				 want[i].column, want[i].substring);
	assert_int_equal(n_got, n_want);
	return count;
}

/* Checks the plan in data: its errors must be want, in that order. */
static void check_buffer_errors(const char *data, size_t len,
				const struct expected_error *want, size_t n_want)
{
	struct kh_errors errors;
	struct plan *plan;
	kh_errors_init(&errors, 16);
	int rc = plan_check_buffer("generated.yaml", data, len, &plan, &errors);
	check_errors(rc, plan, &errors, want, n_want);
}

/* The mistakes of several-mistakes.yaml, in the order of the file. */
static const struct expected_error several_mistakes[] = {
	{ 4, 7, "bad plan id 'Ke-Hoach'" },
	{ 7, 8, "expected a year (1900-2100), found '20x2'" },
	{ 10, 11, "expected a text for 'name', found a list" },
	{ 13, 9, "unknown key 'dua' in a duty: did you mean 'due'?" },
	{ 15, 14, "no such date: '2022-02-30'" },
	{ 16, 24, "unknown unit 'kt' in with" },
	{ 17, 13, "duty id 'vp-1' is used twice (first at line 12)" },
	{ 19, 9, "duplicate key 'text' in a duty (first at line 18)" },
	{ 22, 19, "expected a unit id, found 'Văn phòng'" },
};

/* Each mistake that leaves the file readable is reported and read past:
 * the loader's and plan_check()'s errors come out together, in the
 * order of the file, each at its own line and column. */
static void test_check_reports_every_error(void **state)
{
	(void)state;
	char path[PATH_MAX];
	struct kh_errors errors;
	struct plan *plan = (struct plan *)&plan;  /* must be reset to NULL */
	data_path(path, "bad", "several-mistakes.yaml");
	kh_errors_init(&errors, 16);
	int rc = plan_check_file(path, &plan, &errors);
	/* The first found is the one plan_load_file() gives. */
	unsigned first_line = errors.first.line;
	size_t count = check_errors(rc, plan, &errors, several_mistakes,
				    KH_ARRAY_LEN(several_mistakes));
	assert_int_equal(count, KH_ARRAY_LEN(several_mistakes));
	assert_int_equal(first_line, 7);
}

/* With room for three, the three earliest by position are kept, though
 * the plan id's is found last; all are counted. */
static void test_check_keeps_the_earliest(void **state)
{
	(void)state;
	char path[PATH_MAX];
	struct kh_errors errors;
	struct plan *plan;
	data_path(path, "bad", "several-mistakes.yaml");
	kh_errors_init(&errors, 3);
	int rc = plan_check_file(path, &plan, &errors);
	size_t count = check_errors(rc, plan, &errors, several_mistakes, 3);
	assert_int_equal(count, KH_ARRAY_LEN(several_mistakes));
}

/* An anchor, an alias, a mapping where a text belongs, a bad list item:
 * each is reported, and the keys after it are still read. A syntax error
 * ends the file: nothing after it is reported. */
static void test_check_goes_on_until_a_syntax_error(void **state)
{
	(void)state;
	static const char data[] =
		PLAN_HEAD "&t \"A\"\n"                      /* 11: an anchor */
		"        refs: [ok, *t, {a: [b]}]\n"           /* 12: an alias, a mapping */
		"        target: { a: { b: [c] } }\n"          /* 13: a nested mapping */
		"        with: [\"Văn phòng\", vp]\n"        /* 14: a name for an id */
		"        hạn: 2022-01-28\n"                    /* 15: an unknown key */
		"        due: 2022-01-28: x\n"                 /* 16: a syntax error */
		"        dua: 2022-01-28\n";                   /* 17: not read */
	static const struct expected_error want[] = {
		{ TEXT_LINE, 15, "anchors (&t) are not allowed" },
		{ 12, 20, "aliases (*t) are not allowed" },
		{ 12, 24, "expected a text item, found a mapping" },
		{ 13, 17, "expected a text for 'target', found a mapping" },
		{ 14, 16, "expected a unit id, found 'Văn phòng'" },
		{ 15, 9, "unknown key 'hạn' in a duty" },
		{ 16, 24, "YAML syntax error: the text after 'due:' contains ': '" },
	};
	check_buffer_errors(data, sizeof(data) - 1, want, KH_ARRAY_LEN(want));
}

/* A misspelt key is reported once: the key it stands for is not also
 * missing. */
static void test_misspelt_key_is_not_also_missing(void **state)
{
	(void)state;
	static const char data[] = PLAN_HEAD "\"A\"\n"
		"      - id: vp-2\n"
		"        txet: \"B\"\n";
	static const struct expected_error want[] = {
		{ TEXT_LINE + 2, 9, "unknown key 'txet' in a duty: did you mean 'text'?" },
	};
	check_buffer_errors(data, sizeof(data) - 1, want, KH_ARRAY_LEN(want));
}

/* ---- the real plans ----------------------------------------------------- */

static void test_shipped_plans(void **state)
{
	(void)state;
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s/plans", env_dir("KEHOACH_SOURCE_ROOT"));
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct plan *plans[64];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!has_suffix(e->d_name, ".yaml"))
			continue;
		char path[PATH_MAX];
		struct kh_error err;
		int len = snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (len < 0 || (size_t)len >= sizeof(path) ||
		    n == KH_ARRAY_LEN(plans))
			kh_error_set(&err, path, 0, 0, "path too long or too many plans");
		else if (plan_load_file(path, &plans[n], &err) == 0) {
			n++;
			continue;
		}
		for (size_t i = 0; i < n; i++)
			plan_free(plans[i]);
		closedir(d);
		fail_msg("%s:%u:%u: %s", err.file, err.line, err.column, err.message);
	}
	closedir(d);

	/* Plan ids are unique across all loaded plans (plan-format.md). */
	bool unique = true;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			unique = unique && strcmp(plans[i]->id, plans[j]->id) != 0;
	for (size_t i = 0; i < n; i++)
		plan_free(plans[i]);
	assert_true(n >= 3);
	assert_true(unique);
}

/* The Hà Tĩnh plan, counted by hand from its source document. */
static void test_ha_tinh_plan(void **state)
{
	(void)state;
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/plans/ha-tinh-tet-2022.yaml",
		 env_dir("KEHOACH_SOURCE_ROOT"));
	struct plan *plan;
	struct kh_error err;
	if (plan_load_file(path, &plan, &err) != 0)
		fail_msg("%s:%u:%u: %s", err.file, err.line, err.column, err.message);

	size_t groups = 0, duties = 0, assignments = 0;
	const struct unit *group = NULL;
	for (size_t u = 0; u < plan->n_units; u++) {
		const struct unit *unit = &plan->units[u];
		duties += unit->n_duties;
		assignments += unit->n_duties * (unit->is_group ? unit->n_members : 1);
		if (unit->is_group) {
			groups++;
			group = unit;
		}
	}
	assert_string_equal(plan->id, "stttt-ht-tet-2022");
	assert_int_equal(plan->tet, 2022);
	assert_int_equal(plan->issued, ymd(2022, 1, 19));
	assert_int_equal(plan->period.to, ymd(2022, 2, 15));
	assert_int_equal(plan->n_units, 7);
	assert_int_equal(groups, 1);
	assert_string_equal(group->id, "cac-phong");
	assert_int_equal(group->n_members, 6);
	static const char *const members[] = { "vp", "tt", "ttcntt", "cntt",
					       "bcvt", "ttbcxb" };
	for (size_t m = 0; m < KH_ARRAY_LEN(members); m++)
		assert_string_equal(group->members[m].id, members[m]);
	assert_int_equal(duties, 23);
	assert_int_equal(assignments, 43);
	assert_int_equal(plan_duty_deadline(plan, duty_by_id(plan, "vp-1")),
			 ymd(2022, 1, 28));
	assert_int_equal(plan_duty_deadline(plan, duty_by_id(plan, "chung-1")),
			 ymd(2022, 2, 15));
	plan_free(plan);
}

/* ---- main --------------------------------------------------------------- */

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One cmocka test per bad fixture, so that each failure is named. */
static int run_bad_fixtures(void)
{
	const char *root = getenv("KEHOACH_TEST_DATA");
	if (!root) {
		fprintf(stderr, "KEHOACH_TEST_DATA is not set\n");
		return 1;
	}
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s/bad", root);
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return 1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!has_suffix(e->d_name, ".yaml"))
			continue;
		X_GROW(names, cap, n + 1);
		names[n++] = x_strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), compare_names);

	struct CMUnitTest *tests = x_calloc(n, sizeof(*tests));
	for (size_t i = 0; i < n; i++) {
		tests[i].name = names[i];
		tests[i].test_func = test_bad_fixture;
		tests[i].initial_state = names[i];
	}
	int failed = n ? _cmocka_run_group_tests("bad fixtures", tests, n, NULL,
						 NULL)
		       : 1;
	for (size_t i = 0; i < n; i++)
		x_free(names[i]);
	x_free(names);
	x_free(tests);
	return failed;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_required_bad_fixtures_exist),
		cmocka_unit_test(test_id_length_limit),
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_deadlines),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_nfd_is_stored_as_nfc),
		cmocka_unit_test(test_flow_style),
		cmocka_unit_test(test_scalar_styles),
		cmocka_unit_test(test_every_good_fixture_loads),
		cmocka_unit_test(test_tet_default_phases),
		cmocka_unit_test(test_tet_some_phases),
		cmocka_unit_test(test_tet_relative_dates),
		cmocka_unit_test(test_lunar_dates),
		cmocka_unit_test(test_tet_written_last),
		cmocka_unit_test(test_calendar_dates),
		cmocka_unit_test(test_ha_tinh_relative),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_file_too_large),
		cmocka_unit_test(test_scalar_limit),
		cmocka_unit_test(test_long_text),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_unreadable_paths),
		cmocka_unit_test(test_buffer_name),
		cmocka_unit_test(test_check_reports_every_error),
		cmocka_unit_test(test_check_keeps_the_earliest),
		cmocka_unit_test(test_check_goes_on_until_a_syntax_error),
		cmocka_unit_test(test_misspelt_key_is_not_also_missing),
		cmocka_unit_test(test_shipped_plans),
		cmocka_unit_test(test_ha_tinh_plan),
	};
	int failed = cmocka_run_group_tests_name("plan_yaml", tests, NULL, NULL);
	failed += run_bad_fixtures();
	return failed ? 1 : 0;
}
