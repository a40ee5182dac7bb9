/* Tests for date: day numbers against values computed independently (Python's
 * datetime), every day of years 1000-9999 against a calendar stepped here one
 * day at a time, and every date form of plan-format.md, accepted or rejected,
 * with the exact result. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kehoach/date.h"

/* A value date_parse() must leave alone when it rejects a date. */
#define UNTOUCHED ((kh_date)123456)

/* ---- day numbers ------------------------------------------------------ */

struct known_day {
	int year, month, day;
	kh_date number;
	int weekday;    /* 0 = Sunday */
};

/* From Python: date(y, m, d).toordinal() - date(1970, 1, 1).toordinal(). */
static const struct known_day known_days[] = {
	{ 1970, 1, 1, 0, 4 },
	{ 1969, 12, 31, -1, 3 },
	{ 2000, 3, 1, 11017, 3 },
	{ 2022, 2, 1, 19024, 2 },       /* mùng 1 Tết Nhâm Dần, a Tuesday */
	{ 2024, 2, 29, 19782, 4 },
	{ 2100, 3, 1, 47541, 1 },
	{ 1900, 1, 1, -25567, 1 },
	{ 1900, 3, 1, -25508, 4 },      /* no 29 February in 1900 */
	{ 1600, 2, 29, -135081, 2 },
	{ 1000, 1, 1, -354285, 3 },
	{ 1000, 2, 28, -354227, 5 },
	{ 9999, 12, 31, 2932896, 5 },
};

static void test_known_day_numbers(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(known_days) / sizeof(known_days[0]); i++) {
		const struct known_day *k = &known_days[i];
		int y, m, d;

		kh_date n = date_from_ymd(k->year, k->month, k->day);
		if (n != k->number)
			fail_msg("%04d-%02d-%02d: day %ld, expected %ld", k->year,
				 k->month, k->day, (long)n, (long)k->number);
		date_to_ymd(k->number, &y, &m, &d);
		if (y != k->year || m != k->month || d != k->day)
			fail_msg("day %ld: %d-%d-%d, expected %04d-%02d-%02d",
				 (long)k->number, y, m, d, k->year, k->month,
				 k->day);
	}
}

static void test_weekday_known(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(known_days) / sizeof(known_days[0]); i++) {
		const struct known_day *k = &known_days[i];
		int w = date_weekday(k->number);
		if (w != k->weekday)
			fail_msg("%04d-%02d-%02d: weekday %d, expected %d",
				 k->year, k->month, k->day, w, k->weekday);
	}
	/* 1969-12-28, a Sunday, and the extremes of the type must stay in
	 * 0 … 6 (C's % is negative for negative numbers). */
	assert_int_equal(date_weekday(-4), 0);
	assert_in_range(date_weekday(INT32_MIN), 0, 6);
	assert_in_range(date_weekday(INT32_MAX), 0, 6);
}

/* The month lengths, written out here rather than taken from the module. */
static int reference_month_length(int year, int month)
{
	static const int lengths[12] = { 31, 28, 31, 30, 31, 30,
					 31, 31, 30, 31, 30, 31 };
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : lengths[month - 1];
}

/* Every day from 1000-01-01 to 9999-12-31: consecutive day numbers, both
 * conversions, the weekday stepping by one, and each date's ISO and
 * Vietnamese spellings parsing back to the same day. */
static void test_every_day_round_trip(void **state)
{
	int y = 1000, m = 1, d = 1;
	kh_date n = -354285;
	int weekday = 3;
	long days = 0;

	(void)state;
	for (;;) {
		char iso[DATE_STR_SIZE], vn[DATE_STR_SIZE], expect[48];
		int yy, mm, dd;
		kh_date parsed = UNTOUCHED;

		if (date_from_ymd(y, m, d) != n)
			fail_msg("from_ymd(%d, %d, %d) = %ld, expected %ld", y,
				 m, d, (long)date_from_ymd(y, m, d), (long)n);
		date_to_ymd(n, &yy, &mm, &dd);
		if (yy != y || mm != m || dd != d)
			fail_msg("to_ymd(%ld) = %d-%d-%d, expected %d-%d-%d",
				 (long)n, yy, mm, dd, y, m, d);
		if (!date_valid_ymd(y, m, d))
			fail_msg("%d-%d-%d not valid", y, m, d);
		if (date_weekday(n) != weekday)
			fail_msg("weekday(%ld) = %d, expected %d", (long)n,
				 date_weekday(n), weekday);

		date_format_iso(n, iso);
		snprintf(expect, sizeof(expect), "%04d-%02d-%02d", y, m, d);
		if (strcmp(iso, expect) != 0)
			fail_msg("iso(%ld) = \"%s\", expected \"%s\"", (long)n,
				 iso, expect);
		date_format_vn(n, vn);
		snprintf(expect, sizeof(expect), "%02d/%02d/%04d", d, m, y);
		if (strcmp(vn, expect) != 0)
			fail_msg("vn(%ld) = \"%s\", expected \"%s\"", (long)n,
				 vn, expect);
		if (date_parse(iso, &parsed, NULL) != DATE_PARSE_OK || parsed != n)
			fail_msg("\"%s\" does not parse back to %ld", iso, (long)n);
		parsed = UNTOUCHED;
		if (date_parse(vn, &parsed, NULL) != DATE_PARSE_OK || parsed != n)
			fail_msg("\"%s\" does not parse back to %ld", vn, (long)n);

		days++;
		if (y == 9999 && m == 12 && d == 31)
			break;
		n++;
		weekday = (weekday + 1) % 7;
		if (++d > reference_month_length(y, m)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	assert_int_equal(n, 2932896);
	/* 9000 years of 365 days, plus a day in each of the 2250 years
	 * divisible by 4, except the 90 - 22 centuries not divisible by 400. */
	assert_int_equal(days, 9000L * 365 + 2250 - (90 - 22));
}

static void test_leap_years(void **state)
{
	(void)state;
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2023, 2), 28);
	assert_int_equal(date_days_in_month(2100, 2), 28);
	assert_int_equal(date_days_in_month(1600, 2), 29);
	assert_false(date_valid_ymd(1900, 2, 29));
	assert_true(date_valid_ymd(2000, 2, 29));
	assert_true(date_valid_ymd(2024, 2, 29));
	assert_false(date_valid_ymd(2023, 2, 29));
	/* 2024 has 366 days, 1900 has 365. */
	assert_int_equal(date_from_ymd(2025, 1, 1) - date_from_ymd(2024, 1, 1), 366);
	assert_int_equal(date_from_ymd(1901, 1, 1) - date_from_ymd(1900, 1, 1), 365);
}

static void test_days_in_month(void **state)
{
	static const int lengths_2022[13] = { 0, 31, 28, 31, 30, 31, 30,
					      31, 31, 30, 31, 30, 31 };
	(void)state;
	for (int m = 1; m <= 12; m++)
		assert_int_equal(date_days_in_month(2022, m), lengths_2022[m]);
	assert_int_equal(date_days_in_month(2022, 0), 0);
	assert_int_equal(date_days_in_month(2022, 13), 0);
	assert_int_equal(date_days_in_month(2022, -1), 0);
}

static void test_valid_ymd(void **state)
{
	(void)state;
	assert_true(date_valid_ymd(1000, 1, 1));
	assert_true(date_valid_ymd(9999, 12, 31));
	assert_true(date_valid_ymd(2022, 4, 30));
	assert_false(date_valid_ymd(999, 12, 31));
	assert_false(date_valid_ymd(10000, 1, 1));
	assert_false(date_valid_ymd(0, 1, 1));
	assert_false(date_valid_ymd(-2022, 1, 1));
	assert_false(date_valid_ymd(2022, 0, 1));
	assert_false(date_valid_ymd(2022, 13, 1));
	assert_false(date_valid_ymd(2022, 1, 0));
	assert_false(date_valid_ymd(2022, 1, 32));
	assert_false(date_valid_ymd(2022, 4, 31));
	assert_false(date_valid_ymd(2022, 1, -1));
}

/* ---- parsing ---------------------------------------------------------- */

struct parse_case {
	const char *input;
	enum date_parse_result result;
	/* DATE_PARSE_OK: */
	int year, month, day;
	/* DATE_PARSE_TET_RELATIVE: */
	int tet_offset;
	/* DATE_PARSE_LUNAR: */
	int lunar_day, lunar_month;
};

#define OK(s, y, m, d) { s, DATE_PARSE_OK, y, m, d, 0, 0, 0 }
#define SYNTAX(s) { s, DATE_PARSE_SYNTAX, 0, 0, 0, 0, 0, 0 }
#define IMPOSSIBLE(s) { s, DATE_PARSE_IMPOSSIBLE, 0, 0, 0, 0, 0, 0 }
#define TET(s, off) { s, DATE_PARSE_TET_RELATIVE, 0, 0, 0, off, 0, 0 }
#define LUNAR(s, d, m) { s, DATE_PARSE_LUNAR, 0, 0, 0, 0, d, m }
#define OUT_OF_RANGE(s) { s, DATE_PARSE_OUT_OF_RANGE, 0, 0, 0, 0, 0, 0 }

static const struct parse_case parse_cases[] = {
	/* ISO */
	OK("2022-01-28", 2022, 1, 28),
	OK("1000-01-01", 1000, 1, 1),
	OK("9999-12-31", 9999, 12, 31),
	OK("2024-02-29", 2024, 2, 29),
	OK("2000-02-29", 2000, 2, 29),
	OK("  2022-01-28", 2022, 1, 28),
	OK("2022-01-28 \t ", 2022, 1, 28),
	OK("\t2022-01-28\t", 2022, 1, 28),
	/* Vietnamese */
	OK("28/01/2022", 2022, 1, 28),
	OK("28/1/2022", 2022, 1, 28),
	OK("1/2/2022", 2022, 2, 1),
	OK("01/02/2022", 2022, 2, 1),
	OK("01/2/2022", 2022, 2, 1),
	OK("1/02/2022", 2022, 2, 1),
	OK("29/02/2024", 2024, 2, 29),
	OK("31/12/9999", 9999, 12, 31),
	OK("1/1/1000", 1000, 1, 1),
	OK(" 5/1/2022 ", 2022, 1, 5),

	/* Not a date */
	SYNTAX(""),
	SYNTAX(" "),
	SYNTAX(" \t "),
	SYNTAX("tomorrow"),
	SYNTAX("today"),
	SYNTAX("2022-1-5"),
	SYNTAX("2022-01-5"),
	SYNTAX("2022-1-05"),
	SYNTAX("2022-001-05"),
	SYNTAX("2022-01-005"),
	SYNTAX("2022/01/05"),
	SYNTAX("2022.01.05"),
	SYNTAX("28-01-2022"),
	SYNTAX("28.01.2022"),
	SYNTAX("2022-01-28x"),
	SYNTAX("x2022-01-28"),
	SYNTAX("2022-01-28 x"),
	SYNTAX("2022-01-28T00:00"),
	SYNTAX("2022-01-28\n"),         /* blanks are spaces and tabs only */
	SYNTAX("\n2022-01-28"),
	SYNTAX("2022 -01-28"),
	SYNTAX("2022- 01-28"),
	SYNTAX("2022-01-\t28"),
	SYNTAX("+2022-01-28"),
	SYNTAX("-2022-01-28"),
	SYNTAX("2022-+1-28"),
	SYNTAX("2022-01--8"),
	SYNTAX("28/+1/2022"),
	SYNTAX("+28/01/2022"),
	SYNTAX("-1/01/2022"),
	SYNTAX("28/01/+2022"),
	SYNTAX("28/01/-2022"),
	SYNTAX("12022-01-28"),
	SYNTAX("28/01/12022"),
	SYNTAX("202-01-28"),
	SYNTAX("28/01/22"),
	SYNTAX("28/01/022"),
	SYNTAX("028/01/2022"),
	SYNTAX("28/001/2022"),
	SYNTAX("28//2022"),
	SYNTAX("/01/2022"),
	SYNTAX("28/01/"),
	SYNTAX("28/01/2022/"),
	SYNTAX("28 / 01 / 2022"),
	SYNTAX("28/01"),                /* day and month alone: no year */
	SYNTAX("2022"),
	SYNTAX("20220128"),
	SYNTAX("2022-01"),
	/* Digit runs long enough to overflow an int if the parser counted
	 * them as numbers (UndefinedBehaviorSanitizer would notice). */
	SYNTAX("99999999999999999999-01-28"),
	SYNTAX("28/01/99999999999999999999"),
	SYNTAX("99999999999999999999/01/2022"),
	SYNTAX("2022-01-28 ÂL"),
	SYNTAX("28/01/2022 AL"),
	SYNTAX("\xEF\xBC\x92" "022-01-28"),  /* fullwidth digit two */
	SYNTAX("2022-01-28\xC2\xA0"),   /* a no-break space is not a blank */

	/* Well formed, but no such day */
	IMPOSSIBLE("30/02/2022"),
	IMPOSSIBLE("29/02/2023"),
	IMPOSSIBLE("29/02/1900"),
	IMPOSSIBLE("00/01/2022"),
	IMPOSSIBLE("0/1/2022"),
	IMPOSSIBLE("1/0/2022"),
	IMPOSSIBLE("32/01/2022"),
	IMPOSSIBLE("31/04/2022"),
	IMPOSSIBLE("1/13/2022"),
	IMPOSSIBLE("99/99/2022"),
	IMPOSSIBLE("01/01/0999"),
	IMPOSSIBLE("01/01/0000"),
	IMPOSSIBLE("2022-13-01"),
	IMPOSSIBLE("2022-00-10"),
	IMPOSSIBLE("2022-01-00"),
	IMPOSSIBLE("2022-02-29"),
	IMPOSSIBLE("2022-04-31"),
	IMPOSSIBLE("2022-99-99"),
	IMPOSSIBLE("1900-02-29"),
	IMPOSSIBLE("0999-12-31"),
	IMPOSSIBLE("0000-01-01"),

	/* Relative to Tết */
	TET("tet", 0),
	TET("tet-3", -3),
	TET("tet+6", 6),
	TET("tet+0", 0),
	TET("tet-0", 0),
	TET("tet+999", 999),
	TET("tet-999", -999),
	TET("tet-007", -7),
	TET("TET-3", -3),
	TET("Tet+6", 6),
	TET("tEt", 0),
	TET("  tet-3\t", -3),
	TET("T\xE1\xBA\xBFt", 0),               /* Tết, NFC */
	TET("t\xE1\xBA\xBFt-3", -3),            /* tết */
	TET("T\xE1\xBA\xBET+6", 6),             /* TẾT */
	TET("Te\xCC\x82\xCC\x81t-2", -2),       /* Tết, NFD */
	TET("TE\xCC\x82\xCC\x81T", 0),          /* TẾT, NFD */
	SYNTAX("tet-"),
	SYNTAX("tet+"),
	/* Well formed, but further from Tết than kehoach counts. */
	OUT_OF_RANGE("tet+1000"),
	OUT_OF_RANGE("tet-1234"),
	OUT_OF_RANGE("tet+99999"),
	OUT_OF_RANGE("T\xE1\xBA\xBFt-99999"),
	OUT_OF_RANGE("tet+1000000000"),
	OUT_OF_RANGE("tet+99999999999999999999"),
	OUT_OF_RANGE("tet-0007"),
	SYNTAX("tet+99999x"),
	SYNTAX("tet--3"),
	SYNTAX("tet+-3"),
	SYNTAX("tet 3"),
	SYNTAX("tet -3"),
	SYNTAX("tet- 3"),
	SYNTAX("tet3"),
	SYNTAX("tetx"),
	SYNTAX("tet-3x"),
	SYNTAX("tet-3 days"),
	SYNTAX("te"),
	SYNTAX("t"),
	SYNTAX("xtet"),
	SYNTAX("tets"),
	SYNTAX("T\xC3\xAAt"),                   /* Têt: circumflex but no acute */
	SYNTAX("Te\xCC\x81t"),                  /* acute alone, NFD */
	SYNTAX("Te\xCC\x82t"),                  /* circumflex alone, NFD */
	SYNTAX("T\xE1\xBA\xBF"),                /* Tế */

	/* Lunar */
	LUNAR("23/12 \xC3\x82L", 23, 12),       /* ÂL */
	LUNAR("23/12 AL", 23, 12),
	LUNAR("23/12 \xC3\xA2l", 23, 12),       /* âl */
	LUNAR("23/12 al", 23, 12),
	LUNAR("23/12 Al", 23, 12),
	LUNAR("23/12 \xC3\x82l", 23, 12),       /* Âl */
	LUNAR("23/12\xC3\x82L", 23, 12),        /* no space */
	LUNAR("23/12AL", 23, 12),
	LUNAR("23/12   AL", 23, 12),
	LUNAR("23/12\tAL", 23, 12),
	LUNAR("  23/12 AL  ", 23, 12),
	LUNAR("23/12 A\xCC\x82L", 23, 12),      /* ÂL, NFD */
	LUNAR("1/1 AL", 1, 1),
	LUNAR("01/01 al", 1, 1),
	LUNAR("30/12 AL", 30, 12),      /* the year decides whether it exists */
	LUNAR("30/1 AL", 30, 1),
	LUNAR("29/11 AL", 29, 11),
	IMPOSSIBLE("31/12 AL"),
	IMPOSSIBLE("23/13 AL"),
	IMPOSSIBLE("0/1 AL"),
	IMPOSSIBLE("1/0 AL"),
	IMPOSSIBLE("00/12 \xC3\x82L"),
	IMPOSSIBLE("99/99 AL"),
	SYNTAX("23/12"),
	SYNTAX("23/12 A"),
	SYNTAX("23/12 L"),
	SYNTAX("23/12 ALL"),
	SYNTAX("23/12 AL x"),
	SYNTAX("23/12 A L"),
	SYNTAX("23/12/ AL"),
	SYNTAX("23/12/AL"),
	SYNTAX("123/12 AL"),
	SYNTAX("23/123 AL"),
	SYNTAX("23-12 AL"),
	SYNTAX("+23/12 AL"),
	SYNTAX("23/12 \xC3\x83L"),              /* ÃL: wrong accent */
	SYNTAX("23/12 \xC3\x82"),               /* Â alone */
	SYNTAX("23/12 AL\xC2\xA0"),
	SYNTAX("23/12 \xC2\xA0" "AL"),
};

static const char *result_name(enum date_parse_result r)
{
	switch (r) {
	case DATE_PARSE_OK: return "OK";
	case DATE_PARSE_SYNTAX: return "SYNTAX";
	case DATE_PARSE_IMPOSSIBLE: return "IMPOSSIBLE";
	case DATE_PARSE_TET_RELATIVE: return "TET_RELATIVE";
	case DATE_PARSE_LUNAR: return "LUNAR";
	case DATE_PARSE_OUT_OF_RANGE: return "OUT_OF_RANGE";
	}
	return "?";
}

static void check_parse_case(const struct parse_case *c)
{
	const struct date_calendar_form sentinel = { 77, 88, 99 };
	struct date_calendar_form form = sentinel;
	kh_date out = UNTOUCHED;

	enum date_parse_result r = date_parse(c->input, &out, &form);
	if (r != c->result)
		fail_msg("\"%s\": %s, expected %s", c->input, result_name(r),
			 result_name(c->result));

	if (r == DATE_PARSE_OK) {
		kh_date want = date_from_ymd(c->year, c->month, c->day);
		if (out != want)
			fail_msg("\"%s\": day %ld, expected %ld", c->input,
				 (long)out, (long)want);
	} else if (out != UNTOUCHED) {
		fail_msg("\"%s\": *out written on %s", c->input, result_name(r));
	}

	switch (r) {
	case DATE_PARSE_TET_RELATIVE:
		if (form.tet_offset != c->tet_offset)
			fail_msg("\"%s\": offset %d, expected %d", c->input,
				 form.tet_offset, c->tet_offset);
		break;
	case DATE_PARSE_LUNAR:
		if (form.lunar_day != c->lunar_day
		    || form.lunar_month != c->lunar_month)
			fail_msg("\"%s\": lunar %d/%d, expected %d/%d", c->input,
				 form.lunar_day, form.lunar_month,
				 c->lunar_day, c->lunar_month);
		break;
	default:
		if (memcmp(&form, &sentinel, sizeof(form)) != 0)
			fail_msg("\"%s\": form written on %s", c->input,
				 result_name(r));
		break;
	}

	/* The same answer without a form to fill. */
	out = UNTOUCHED;
	r = date_parse(c->input, &out, NULL);
	if (r != c->result)
		fail_msg("\"%s\" (form NULL): %s, expected %s", c->input,
			 result_name(r), result_name(c->result));
}

static void test_parse_forms(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++)
		check_parse_case(&parse_cases[i]);
}

static void test_parse_known_day(void **state)
{
	kh_date out = UNTOUCHED;

	(void)state;
	/* Against a day number from outside the module, not date_from_ymd(). */
	assert_int_equal(date_parse("01/02/2022", &out, NULL), DATE_PARSE_OK);
	assert_int_equal(out, 19024);
	out = UNTOUCHED;
	assert_int_equal(date_parse("2022-02-01", &out, NULL), DATE_PARSE_OK);
	assert_int_equal(out, 19024);
	out = UNTOUCHED;
	assert_int_equal(date_parse("31/12/1969", &out, NULL), DATE_PARSE_OK);
	assert_int_equal(out, -1);
}

/* A date inside a longer buffer: the parser must stop at the NUL. */
static void test_parse_stops_at_nul(void **state)
{
	const char text[] = "2022-01-28\0" "5";
	kh_date out = UNTOUCHED;

	(void)state;
	assert_int_equal(date_parse(text, &out, NULL), DATE_PARSE_OK);
	assert_int_equal(out, date_from_ymd(2022, 1, 28));
}

/* ---- formatting ------------------------------------------------------- */

/* A moment in local time, here Hà Nội's (UTC+7, no summer time). */
static void test_format_local_time(void **state)
{
	char when[DATE_TIME_STR_SIZE];

	(void)state;
	setenv("TZ", "ICT-7", 1);
	tzset();
	/* 2022-01-30 07:03:00 UTC */
	assert_true(date_format_local_time(1643526180, when));
	assert_string_equal(when, "30/01/2022 14:03");
	unsetenv("TZ");
	tzset();
}

static void check_format(kh_date n, const char *iso, const char *vn)
{
	/* Exactly DATE_STR_SIZE, so that AddressSanitizer sees an overrun. */
	char *buf = malloc(DATE_STR_SIZE);

	assert_non_null(buf);
	date_format_iso(n, buf);
	assert_string_equal(buf, iso);
	date_format_vn(n, buf);
	assert_string_equal(buf, vn);
	free(buf);
}

static void test_format(void **state)
{
	(void)state;
	check_format(19024, "2022-02-01", "01/02/2022");
	check_format(date_from_ymd(2022, 1, 28), "2022-01-28", "28/01/2022");
	check_format(date_from_ymd(2022, 12, 5), "2022-12-05", "05/12/2022");
	check_format(0, "1970-01-01", "01/01/1970");
	check_format(-1, "1969-12-31", "31/12/1969");
	check_format(-354285, "1000-01-01", "01/01/1000");
	check_format(2932896, "9999-12-31", "31/12/9999");
	/* Day numbers outside the supported years still format sensibly while
	 * the year has four digits, and as question marks when it has not.
	 * (The escapes keep pairs of question marks from being trigraphs.) */
	check_format(-719528, "0000-01-01", "01/01/0000");
	check_format(-719529, "?\?\?\?-?\?-?\?", "?\?/?\?/?\?\?\?");
	check_format(2932897, "?\?\?\?-?\?-?\?", "?\?/?\?/?\?\?\?");
	check_format(KH_DATE_NONE, "?\?\?\?-?\?-?\?", "?\?/?\?/?\?\?\?");
	check_format(INT32_MAX, "?\?\?\?-?\?-?\?", "?\?/?\?/?\?\?\?");
}

/* ---- today ------------------------------------------------------------ */

static int64_t floor_days(int64_t seconds)
{
	return seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
}

/* date_today_local() in time zone tz (a POSIX TZ string, which needs no
 * zone database) must be the UTC day shifted by offset seconds. Taking the
 * time before and after allows for midnight passing in between. */
static void check_today_in_zone(const char *tz, int64_t offset)
{
	time_t before = time(NULL);
	kh_date today;
	time_t after;

	assert_int_equal(setenv("TZ", tz, 1), 0);
	today = date_today_local();
	after = time(NULL);
	if (today != floor_days((int64_t)before + offset)
	    && today != floor_days((int64_t)after + offset))
		fail_msg("TZ=%s: today %ld, expected %ld", tz, (long)today,
			 (long)floor_days((int64_t)before + offset));
}

static void test_today_local(void **state)
{
	const char *saved = getenv("TZ");
	char *copy = saved ? strdup(saved) : NULL;

	(void)state;
	check_today_in_zone("UTC0", 0);
	check_today_in_zone("<+07>-7", 7 * 3600);
	check_today_in_zone("<+14>-14", 14 * 3600);
	check_today_in_zone("<-12>12", -12 * 3600);
	/* Zones 26 hours apart are never on the same day, so this fails if
	 * the zone is ignored after the first call. */
	assert_int_equal(setenv("TZ", "<+14>-14", 1), 0);
	kh_date east = date_today_local();
	assert_int_equal(setenv("TZ", "<-12>12", 1), 0);
	kh_date west = date_today_local();
	assert_true(east - west == 1 || east - west == 2);

	if (copy)
		setenv("TZ", copy, 1);
	else
		unsetenv("TZ");
	tzset();
	free(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_day_numbers),
		cmocka_unit_test(test_weekday_known),
		cmocka_unit_test(test_every_day_round_trip),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_days_in_month),
		cmocka_unit_test(test_valid_ymd),
		cmocka_unit_test(test_parse_forms),
		cmocka_unit_test(test_parse_known_day),
		cmocka_unit_test(test_parse_stops_at_nul),
		cmocka_unit_test(test_format_local_time),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_today_local),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
