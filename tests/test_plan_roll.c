/* Tests for plan_roll: a plan rolled to another Tết is its own text with
 * only plan.tet, the year of plan.id and the dates written out changed,
 * byte for byte everywhere else; the dates keep their distance from Tết or
 * their lunar day; texts naming the old year come back as notes.
 *
 * Tết: 2022-02-01 (Nhâm Dần), 2023-01-22, 2024-02-10, 2027-02-06 (Đinh
 * Mùi). From Tết 2022 to Tết 2027 is 1831 days. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/date.h"
#include "kehoach/lunar.h"
#include "kehoach/plan.h"
#include "kehoach/plan_roll.h"
#include "kehoach/plan_yaml.h"
#include "kehoach/util.h"

#define BOM "\xef\xbb\xbf"

/* A plan about Tết 2022 written every way the format allows: comments,
 * blank lines, both date forms with and without padding, quotes of both
 * kinds, flow style after Vietnamese text on the same line, relative and
 * lunar dates. */
static const char plan_2022[] =
	"# Kế hoạch Tết Nhâm Dần 2022: comments stay as they are\n"
	"kehoach: 1\n"
	"\n"
	"plan:\n"
	"  id: kh-tet-2022   # the id gets the year\n"
	"  title: \"Kế hoạch Tết Nguyên đán Nhâm Dần 2022\"\n"
	"  issuer: 'Sở Thông tin và Truyền thông'\n"
	"  issued: 19/01/2022\n"
	"  tet: 2022  # năm\n"
	"  from: \"2022-01-05\"\n"
	"  to: 'tet+14'\n"
	"  phases:\n"
	"    before: { from: 5/1/2022, to: tet-3 }\n"
	"units:\n"
	"  - id: vp\n"
	"    name: \"Văn phòng Sở\"\n"
	"    duties:\n"
	"      # the roster, before the holiday\n"
	"      - id: vp-1\n"
	"        text: \"Bố trí lịch trực Tết\"\n"
	"        due: 2022-01-28    # the last working day\n"
	"        start: '28/01/2022'\n"
	"      - { id: vp-2, text: \"Ông Công ông Táo\", due: 23/12 ÂL }\n"
	"      - { id: vp-3, text: \"Trực Tết ở Hà Tĩnh\", due: 2022-01-25 }\n"
	"      - id: vp-4\n"
	"        text: 'Sau Tết'\n"
	"        due: tet+6\n"
	"        start: \" 2022-02-07 \"\n";

/* The same, rolled to 2027 keeping the distance from Tết. */
static const char plan_2027[] =
	"# Kế hoạch Tết Nhâm Dần 2022: comments stay as they are\n"
	"kehoach: 1\n"
	"\n"
	"plan:\n"
	"  id: kh-tet-2027   # the id gets the year\n"
	"  title: \"Kế hoạch Tết Nguyên đán Nhâm Dần 2022\"\n"
	"  issuer: 'Sở Thông tin và Truyền thông'\n"
	"  issued: 24/01/2027\n"
	"  tet: 2027  # năm\n"
	"  from: \"2027-01-10\"\n"
	"  to: 'tet+14'\n"
	"  phases:\n"
	"    before: { from: 10/1/2027, to: tet-3 }\n"
	"units:\n"
	"  - id: vp\n"
	"    name: \"Văn phòng Sở\"\n"
	"    duties:\n"
	"      # the roster, before the holiday\n"
	"      - id: vp-1\n"
	"        text: \"Bố trí lịch trực Tết\"\n"
	"        due: 2027-02-02    # the last working day\n"
	"        start: '02/02/2027'\n"
	"      - { id: vp-2, text: \"Ông Công ông Táo\", due: 23/12 ÂL }\n"
	"      - { id: vp-3, text: \"Trực Tết ở Hà Tĩnh\", due: 2027-01-30 }\n"
	"      - id: vp-4\n"
	"        text: 'Sau Tết'\n"
	"        due: tet+6\n"
	"        start: \" 2027-02-12 \"\n";

#define TITLE_LINE 6u

/* ---- helpers ------------------------------------------------------------ */

static void roll_ok(const char *text, size_t len, int to_year,
		    enum roll_keep keep, struct roll_result *res)
{
	struct kh_error err;
	if (plan_roll("test.yaml", text, len, to_year, keep, res, &err) != 0)
		fail_msg("roll failed: %s:%u:%u: %s", err.file, err.line,
			 err.column, err.message);
}

static void roll_refused(const char *text, int to_year, enum roll_keep keep,
			 unsigned line, const char *words)
{
	struct roll_result res;
	struct kh_error err;
	int rc = plan_roll("bad.yaml", text, strlen(text), to_year, keep, &res, &err);
	roll_result_free(&res);
	assert_int_equal(rc, -1);
	assert_string_equal(err.file, "bad.yaml");
	assert_int_equal(err.line, line);
	if (!strstr(err.message, words))
		fail_msg("'%s' does not say '%s'", err.message, words);
}

/* s with every "\n" as "\r\n", after prefix. */
static char *crlf(const char *prefix, const char *s)
{
	struct buf b = { 0 };
	buf_puts(&b, prefix);
	for (; *s; s++) {
		if (*s == '\n')
			buf_putc(&b, '\r');
		buf_putc(&b, *s);
	}
	return buf_steal(&b);
}

static const struct duty *find_duty(const struct plan *plan, const char *id)
{
	for (size_t u = 0; u < plan->n_units; u++)
		for (size_t d = 0; d < plan->units[u].n_duties; d++)
			if (!strcmp(plan->units[u].duties[d].id, id))
				return &plan->units[u].duties[d];
	fail_msg("no duty %s", id);
	return NULL;
}

static kh_date ymd(int year, int month, int day)
{
	return date_from_ymd(year, month, day);
}

/* A small plan about Tết from_year with one duty due on due (ISO). */
static char *plan_due(int from_year, kh_date due)
{
	char iso[DATE_STR_SIZE];
	date_format_iso(due, iso);
	return x_asprintf("kehoach: 1\n"
			  "plan:\n"
			  "  id: p-%d\n"
			  "  title: \"T\"\n"
			  "  issuer: \"I\"\n"
			  "  tet: %d\n"
			  "units:\n"
			  "  - id: vp\n"
			  "    name: \"V\"\n"
			  "    duties:\n"
			  "      - id: vp-1\n"
			  "        text: \"x\"\n"
			  "        due: %s\n",
			  from_year, from_year, iso);
}

/* Rolls plan_due(from_year, due) with keep lunar; returns the new due. */
static kh_date roll_due_lunar(int from_year, kh_date due, int to_year,
			      struct roll_result *res)
{
	char *text = plan_due(from_year, due);
	roll_ok(text, strlen(text), to_year, ROLL_KEEP_LUNAR, res);
	x_free(text);
	struct plan *plan;
	struct kh_error err;
	assert_int_equal(plan_load_buffer("rolled", buf_str(&res->text),
					  res->text.len, &plan, &err), 0);
	kh_date rolled = find_duty(plan, "vp-1")->due;
	plan_free(plan);
	return rolled;
}

/* ---- tests -------------------------------------------------------------- */

static void test_everything_else_kept(void **state)
{
	(void)state;
	struct roll_result res;
	roll_ok(plan_2022, sizeof(plan_2022) - 1, 2027, ROLL_KEEP_TET, &res);
	assert_string_equal(buf_str(&res.text), plan_2027);
	assert_int_equal(res.from_year, 2022);
	assert_int_equal(res.to_year, 2027);
	roll_result_free(&res);
}

static void test_distance_from_tet_kept(void **state)
{
	(void)state;
	struct roll_result res;
	struct plan *old, *rolled;
	struct kh_error err;
	roll_ok(plan_2022, sizeof(plan_2022) - 1, 2027, ROLL_KEEP_TET, &res);
	assert_int_equal(plan_load_buffer("old", plan_2022, sizeof(plan_2022) - 1,
					  &old, &err), 0);
	assert_int_equal(plan_load_buffer("new", buf_str(&res.text), res.text.len,
					  &rolled, &err), 0);
	static const char *const ids[] = { "vp-1", "vp-2", "vp-3", "vp-4" };
	for (size_t i = 0; i < KH_ARRAY_LEN(ids); i++) {
		const struct duty *a = find_duty(old, ids[i]);
		const struct duty *b = find_duty(rolled, ids[i]);
		/* vp-2 is lunar: it keeps its lunar day, not the distance. */
		if (i != 1)
			assert_int_equal(a->due - lunar_tet(2022),
					 b->due - lunar_tet(2027));
	}
	assert_int_equal(old->period.to - lunar_tet(2022),
			 rolled->period.to - lunar_tet(2027));
	assert_int_equal(rolled->phases[PHASE_BEFORE].from, ymd(2027, 1, 10));
	assert_int_equal(rolled->issued, ymd(2027, 1, 24));
	assert_string_equal(rolled->id, "kh-tet-2027");
	assert_int_equal(rolled->tet, 2027);
	plan_free(old);
	plan_free(rolled);
	roll_result_free(&res);
}

static void test_crlf_and_bom(void **state)
{
	(void)state;
	char *in = crlf(BOM, plan_2022);
	char *want = crlf(BOM, plan_2027);
	struct roll_result res;
	roll_ok(in, strlen(in), 2027, ROLL_KEEP_TET, &res);
	assert_string_equal(buf_str(&res.text), want);
	roll_result_free(&res);
	/* Without the BOM too: the two must not share an offset by luck. */
	x_free(in);
	x_free(want);
	in = crlf("", plan_2022);
	want = crlf("", plan_2027);
	roll_ok(in, strlen(in), 2027, ROLL_KEEP_TET, &res);
	assert_string_equal(buf_str(&res.text), want);
	roll_result_free(&res);
	x_free(in);
	x_free(want);
}

/* libyaml counts a lone CR, U+2028 and U+0085 as line breaks: whatever
 * comes after one must still be found byte for byte. */
static void test_odd_line_breaks(void **state)
{
	(void)state;
	static const char in[] =
		"kehoach: 1\r"
		"plan:\n"
		"  id: p-2022\n"
		"  title: \"Tết\xe2\x80\xa8Nhâm Dần\xc2\x85 ấy\"\n"
		"  issuer: \"Sở\"\n"
		"  tet: 2022\n"
		"  from: 2022-01-19\n"
		"units:\n"
		"  - { id: vp, name: \"Văn phòng\" }\n";
	static const char want[] =
		"kehoach: 1\r"
		"plan:\n"
		"  id: p-2027\n"
		"  title: \"Tết\xe2\x80\xa8Nhâm Dần\xc2\x85 ấy\"\n"
		"  issuer: \"Sở\"\n"
		"  tet: 2027\n"
		"  from: 2027-01-24\n"
		"units:\n"
		"  - { id: vp, name: \"Văn phòng\" }\n";
	struct roll_result res;
	roll_ok(in, sizeof(in) - 1, 2027, ROLL_KEEP_TET, &res);
	assert_string_equal(buf_str(&res.text), want);
	roll_result_free(&res);
}

static void test_calendar_forms_unchanged(void **state)
{
	(void)state;
	struct roll_result res;
	roll_ok(plan_2022, sizeof(plan_2022) - 1, 2027, ROLL_KEEP_LUNAR, &res);
	const char *out = buf_str(&res.text);
	assert_non_null(strstr(out, "due: 23/12 ÂL }\n"));
	assert_non_null(strstr(out, "  to: 'tet+14'\n"));
	assert_non_null(strstr(out, "to: tet-3 }\n"));
	assert_non_null(strstr(out, "        due: tet+6\n"));
	roll_result_free(&res);
}

static void test_id(void **state)
{
	(void)state;
	static const struct {
		const char *id;
		const char *want;
	} cases[] = {
		{ "stttt-ht-tet-2022", "stttt-ht-tet-2027" },
		{ "2022-tet", "2027-tet" },
		{ "kh-2022-tet-2022", "kh-2027-tet-2027" },
		{ "tet2022", "tet2027" },
		{ "kh-tet2022", "kh-tet2027" },
		{ "kh-tet", "kh-tet-2027" },
		{ "kh-12022", "kh-12022-2027" },
		{ "kh-20221", "kh-20221-2027" },
		{ "kh-2021", "kh-2021-2027" },
		{ "2022", "2027" },
	};
	for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
		char *got = plan_roll_id(cases[i].id, 2022, 2027);
		assert_non_null(got);
		if (strcmp(got, cases[i].want))
			fail_msg("%s: expected %s, got %s", cases[i].id,
				 cases[i].want, got);
		x_free(got);
	}
	/* 60 characters and "-2027" is more than an id may have. */
	char long_id[61];
	memset(long_id, 'k', 60);
	long_id[60] = '\0';
	assert_null(plan_roll_id(long_id, 2022, 2027));
	long_id[59] = '\0';
	char *fits = plan_roll_id(long_id, 2022, 2027);
	assert_int_equal(strlen(fits), 64);
	x_free(fits);

	long_id[59] = 'k';
	char *text = x_asprintf("kehoach: 1\nplan:\n  id: %s\n  title: T\n"
				"  issuer: I\n  tet: 2022\nunits:\n"
				"  - { id: vp, name: V }\n", long_id);
	roll_refused(text, 2027, ROLL_KEEP_TET, 3, "longer than 64");
	x_free(text);

	/* A quoted id: only the inside of the quotes changes. */
	static const char quoted[] = "kehoach: 1\nplan:\n  id: 'kh-2022'\n  title: T\n"
				     "  issuer: I\n  tet: 2022\nunits:\n"
				     "  - { id: vp, name: V }\n";
	struct roll_result res;
	roll_ok(quoted, sizeof(quoted) - 1, 2023, ROLL_KEEP_TET, &res);
	assert_non_null(strstr(buf_str(&res.text), "  id: 'kh-2023'\n"));
	roll_result_free(&res);
}

/* 2022-01-25 is 23 tháng Chạp Tân Sửu (lunar year 2021). With keep lunar
 * it becomes 23 tháng Chạp of lunar year 2026, the year before Tết 2027. */
static void test_keep_lunar(void **state)
{
	(void)state;
	struct lunar_date ld;
	assert_int_equal(lunar_from_date(ymd(2022, 1, 25), &ld), 0);
	assert_int_equal(ld.day, 23);
	assert_int_equal(ld.month, 12);
	assert_int_equal(ld.year, 2021);

	struct roll_result res;
	kh_date rolled = roll_due_lunar(2022, ymd(2022, 1, 25), 2027, &res);
	assert_int_equal(res.n_notes, 0);
	roll_result_free(&res);
	assert_int_equal(lunar_from_date(rolled, &ld), 0);
	assert_int_equal(ld.day, 23);
	assert_int_equal(ld.month, 12);
	assert_int_equal(ld.year, 2026);
	assert_false(ld.leap);
	/* And it is what the lunar form gives in the rolled plan. */
	struct date_calendar_form form = { 0, 23, 12 };
	kh_date resolved;
	assert_int_equal(lunar_resolve_form(2027, &form, &resolved), 0);
	assert_int_equal(rolled, resolved);

	/* Across a leap month, keeping the lunar day is not keeping the
	 * distance from Tết: Trung thu 2022 (15/8 Nhâm Dần, 2022-09-10) goes
	 * to 15/8 Quý Mão, 2023-09-29, not to Tết 2023 + 221 days. */
	rolled = roll_due_lunar(2022, ymd(2022, 9, 10), 2023, &res);
	roll_result_free(&res);
	assert_int_equal(rolled, ymd(2023, 9, 29));
	assert_int_not_equal(rolled, ymd(2022, 9, 10) + lunar_tet(2023) - lunar_tet(2022));

	/* In a whole plan, written the way it was. */
	roll_ok(plan_2022, sizeof(plan_2022) - 1, 2027, ROLL_KEEP_LUNAR, &res);
	char iso[DATE_STR_SIZE], want[64];
	date_format_iso(resolved, iso);
	snprintf(want, sizeof(want), "Trực Tết ở Hà Tĩnh\", due: %s }\n", iso);
	assert_non_null(strstr(buf_str(&res.text), want));
	roll_result_free(&res);
}

/* 2023 has a leap month 2 (from 2023-03-22); 2024 has none. */
static void test_keep_lunar_leap_month(void **state)
{
	(void)state;
	assert_int_equal(lunar_leap_month(2023), 2);
	assert_int_not_equal(lunar_leap_month(2024), 2);
	struct lunar_date ld;
	assert_int_equal(lunar_from_date(ymd(2023, 3, 25), &ld), 0);
	assert_true(ld.leap);
	assert_int_equal(ld.day, 4);

	struct roll_result res;
	kh_date rolled = roll_due_lunar(2023, ymd(2023, 3, 25), 2024, &res);
	assert_int_equal(lunar_from_date(rolled, &ld), 0);
	assert_int_equal(ld.day, 4);
	assert_int_equal(ld.month, 2);
	assert_int_equal(ld.year, 2024);
	assert_false(ld.leap);
	assert_int_equal(res.n_notes, 1);
	const struct roll_note *note = &res.notes[0];
	assert_int_equal(note->kind, ROLL_NOTE_LEAP_MONTH);
	assert_string_equal(note->field, "due");
	assert_int_equal(note->line, 13);
	assert_int_equal(note->old_date, ymd(2023, 3, 25));
	assert_int_equal(note->new_date, rolled);
	assert_true(note->old_lunar.leap);
	assert_false(note->new_lunar.leap);
	roll_result_free(&res);
}

/* A 30th whose month has 29 days in the next lunar year becomes the 29th. */
static void test_keep_lunar_30th(void **state)
{
	(void)state;
	kh_date thirtieth = KH_DATE_NONE;
	struct lunar_date ld;
	for (kh_date d = lunar_tet(2022); d < lunar_tet(2023); d++) {
		assert_int_equal(lunar_from_date(d, &ld), 0);
		if (ld.day == 30 && !ld.leap &&
		    lunar_month_length(2023, ld.month, false) == 29) {
			thirtieth = d;
			break;
		}
	}
	assert_int_not_equal(thirtieth, KH_DATE_NONE);
	int month = ld.month;

	struct roll_result res;
	kh_date rolled = roll_due_lunar(2022, thirtieth, 2023, &res);
	assert_int_equal(lunar_from_date(rolled, &ld), 0);
	assert_int_equal(ld.day, 29);
	assert_int_equal(ld.month, month);
	assert_int_equal(ld.year, 2023);
	assert_int_equal(res.n_notes, 1);
	assert_int_equal(res.notes[0].kind, ROLL_NOTE_DAY_30);
	assert_int_equal(res.notes[0].new_lunar.day, 29);
	roll_result_free(&res);
}

/* "30/12 ÂL" in a plan about Tết 2023 is 30 tháng Chạp Nhâm Dần
 * (2023-01-21). Around Tết 2024 tháng Chạp (Quý Mão) has a 30th, around
 * Tết 2025 (Giáp Thìn) only 29 days: there it becomes "29/12 ÂL", as
 * written otherwise, with a note, under either --keep. */
static void test_lunar_30th(void **state)
{
	(void)state;
	static const char in[] =
		"kehoach: 1\n"
		"plan:\n"
		"  id: p-2023\n"
		"  title: \"T\"\n"
		"  issuer: \"I\"\n"
		"  tet: 2023\n"
		"units:\n"
		"  - id: vp\n"
		"    name: \"V\"\n"
		"    duties:\n"
		"      - { id: vp-1, text: \"x\", due: 30/12 \xC3\x82L }\n"
		"      - { id: vp-2, text: \"x\", due: \" 30/12al \" }\n";
	assert_int_equal(lunar_month_length(2022, 12, false), 30);
	assert_int_equal(lunar_month_length(2023, 12, false), 30);
	assert_int_equal(lunar_month_length(2024, 12, false), 29);

	struct roll_result res;
	roll_ok(in, sizeof(in) - 1, 2024, ROLL_KEEP_TET, &res);
	assert_non_null(strstr(buf_str(&res.text), "due: 30/12 \xC3\x82L }\n"));
	assert_int_equal(res.n_notes, 0);
	roll_result_free(&res);

	for (int keep = ROLL_KEEP_TET; keep <= ROLL_KEEP_LUNAR; keep++) {
		roll_ok(in, sizeof(in) - 1, 2025, (enum roll_keep)keep, &res);
		const char *out = buf_str(&res.text);
		assert_non_null(strstr(out, "  tet: 2025\n"));
		assert_non_null(strstr(out, "due: 29/12 \xC3\x82L }\n"));
		assert_non_null(strstr(out, "due: \" 29/12al \" }\n"));
		assert_int_equal(res.n_notes, 2);
		const struct roll_note *note = &res.notes[0];
		assert_int_equal(note->kind, ROLL_NOTE_DAY_30);
		assert_string_equal(note->field, "due");
		assert_int_equal(note->line, 11);
		assert_int_equal(note->old_date, ymd(2023, 1, 21));
		assert_int_equal(note->old_lunar.day, 30);
		assert_int_equal(note->new_lunar.day, 29);
		assert_int_equal(note->new_lunar.month, 12);
		assert_int_equal(note->new_lunar.year, 2024);
		struct date_calendar_form form = { 0, 29, 12 };
		kh_date want;
		assert_int_equal(lunar_resolve_form(2025, &form, &want), 0);
		assert_int_equal(note->new_date, want);
		assert_int_equal(res.notes[1].line, 12);
		roll_result_free(&res);
	}
}

static void test_notes_on_texts(void **state)
{
	(void)state;
	static const char in[] =
		"kehoach: 1\n"
		"plan:\n"
		"  id: p\n"
		"  title: \"Kế hoạch Tết Nguyên đán Nhâm Dần 2022\"\n"
		"  issuer: \"Sở Nhâm Dần 2022\"\n"          /* not looked at */
		"  tet: 2022\n"
		"  basis: [\"Chỉ thị 01/CT-UBND ngày 05/01/2022\", \"Số 12022\"]\n"
		"units:\n"
		"  - id: vp\n"
		"    name: \"V\"\n"
		"    duties:\n"
		"      - id: vp-1\n"
		"        text: \"Đón xuân NHÂM DẦN\"\n"
		"        refs: [\"Văn bản năm 2021\", \"Tết2022\"]\n"
		"        target: \"Không có gì\"\n"
		"      - id: vp-2\n"
		"        text: \"Nhâm Dầnh\"\n"              /* not the name */
		"        target: \"Xuân Nha\xcc\x82m Da\xcc\x82\xcc\x80n\"\n";  /* NFD */
	struct roll_result res;
	roll_ok(in, sizeof(in) - 1, 2027, ROLL_KEEP_TET, &res);
	static const struct {
		unsigned line;
		const char *field;
		bool year;
		bool can_chi;
	} want[] = {
		{ 4, "title", true, true },
		{ 7, "basis", true, false },
		{ 13, "text", false, true },
		{ 14, "refs", true, false },
		{ 18, "target", false, true },
	};
	assert_int_equal(res.n_notes, KH_ARRAY_LEN(want));
	for (size_t i = 0; i < KH_ARRAY_LEN(want); i++) {
		const struct roll_note *note = &res.notes[i];
		assert_int_equal(note->kind, ROLL_NOTE_MENTION);
		assert_int_equal(note->line, want[i].line);
		assert_string_equal(note->field, want[i].field);
		assert_int_equal(note->mentions_year, want[i].year);
		assert_int_equal(note->mentions_can_chi, want[i].can_chi);
	}
	assert_int_equal(res.notes[0].column, 10);
	/* Texts are never changed. */
	assert_non_null(strstr(buf_str(&res.text), "Nguyên đán Nhâm Dần 2022\"\n"));
	roll_result_free(&res);
}

static void test_refused(void **state)
{
	(void)state;
	roll_refused("kehoach: 1\n"
		     "plan:\n"
		     "  id: p\n"
		     "  title: T\n"
		     "  issuer: I\n"
		     "  from: 2022-01-19\n"
		     "units:\n"
		     "  - { id: vp, name: V }\n",
		     2027, ROLL_KEEP_TET, 3, "tet: YEAR");
	/* A plan that does not load: the loader's error. */
	roll_refused("kehoach: 1\n"
		     "plan:\n"
		     "  id: p\n"
		     "  title: T\n"
		     "  issuer: I\n"
		     "  tet: 2022\n"
		     "  dua: 2022-01-19\n"
		     "units:\n"
		     "  - { id: vp, name: V }\n",
		     2027, ROLL_KEEP_TET, 7, "unknown key 'dua'");
	/* A date spelt with an escape is not guessed at. */
	roll_refused("kehoach: 1\n"
		     "plan:\n"
		     "  id: p\n"
		     "  title: T\n"
		     "  issuer: I\n"
		     "  tet: 2022\n"
		     "  from: \"\\x32022-01-19\"\n"
		     "units:\n"
		     "  - { id: vp, name: V }\n",
		     2027, ROLL_KEEP_TET, 7, "write it plainly");

	struct roll_result res;
	struct kh_error err;
	assert_int_equal(plan_roll("x", plan_2022, sizeof(plan_2022) - 1, 2101,
				   ROLL_KEEP_TET, &res, &err), -1);
	roll_result_free(&res);
	assert_non_null(strstr(err.message, "2101"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_everything_else_kept),
		cmocka_unit_test(test_distance_from_tet_kept),
		cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_odd_line_breaks),
		cmocka_unit_test(test_calendar_forms_unchanged),
		cmocka_unit_test(test_id),
		cmocka_unit_test(test_keep_lunar),
		cmocka_unit_test(test_keep_lunar_leap_month),
		cmocka_unit_test(test_keep_lunar_30th),
		cmocka_unit_test(test_lunar_30th),
		cmocka_unit_test(test_notes_on_texts),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests_name("plan_roll", tests, NULL, NULL);
}
