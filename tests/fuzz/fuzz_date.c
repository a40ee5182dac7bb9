/* Fuzzes the date parser (date_parse) against a second, plainer reading
 * of plan-format.md's DATE forms, and what follows from a parsed date:
 * formatting and parsing back, the calendar forms resolved around Tết,
 * and, for the first four bytes taken as a day number, the conversions
 * between civil and lunar dates. */
#include <stdbool.h>
#include <string.h>

#include "kehoach/date.h"
#include "kehoach/lunar.h"

#include "fuzz.h"

/* Written into the outputs first: date_parse() must leave them alone when
 * it has nothing for them. */
#define UNTOUCHED_DATE ((kh_date)0x5A5A5A5A)
#define UNTOUCHED_FORM 0x5A5A

/* The expected reading of a date. */
struct ref_date {
	enum date_parse_result result;
	int year, month, day;            /* DATE_PARSE_OK */
	struct date_calendar_form form;  /* the calendar forms */
};

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The number written by the digits s[0..n), or -1 unless there are
 * between min and max of them and nothing else. */
static int number(const char *s, size_t n, size_t min, size_t max)
{
	int v = 0;
	if (n < min || n > max)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* The length of the run of digits at s. */
static size_t digits(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && digit(s[i]))
		i++;
	return i;
}

/* When s[0..n) begins with one of the alternatives, the length of it;
 * else 0. The longest that matches wins. */
static size_t prefix(const char *s, size_t n, const char *const *alts,
		     size_t n_alts)
{
	size_t best = 0;
	for (size_t i = 0; i < n_alts; i++) {
		size_t len = strlen(alts[i]);
		if (len <= n && len > best && memcmp(s, alts[i], len) == 0)
			best = len;
	}
	return best;
}

/* Day numbers counted plainly: the days of the years before, then of the
 * months before. */
static bool leap(int y)
{
	return y % 400 == 0 || (y % 4 == 0 && y % 100 != 0);
}

static int month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

static long long days_before_year(long long y)
{
	y--;
	return y * 365 + y / 4 - y / 100 + y / 400;
}

static kh_date ref_day_number(int y, int m, int d)
{
	long long n = days_before_year(y) - days_before_year(1970);
	for (int i = 1; i < m; i++)
		n += month_days(y, i);
	return (kh_date)(n + d - 1);
}

static void ref_ymd(struct ref_date *r, int y, int m, int d)
{
	if (y < 1000 || m < 1 || m > 12 || d < 1 || d > month_days(y, m)) {
		r->result = DATE_PARSE_IMPOSSIBLE;
		return;
	}
	r->result = DATE_PARSE_OK;
	r->year = y;
	r->month = m;
	r->day = d;
}

static struct ref_date ref_parse(const char *s)
{
	static const char *const tet_words[] = {
		"tet", "teT", "tEt", "tET", "Tet", "TeT", "TEt", "TET",
	};
	static const char *const tet_e[] = {   /* ế Ế in NFC and NFD */
		"\xE1\xBA\xBF", "\xE1\xBA\xBE", "e\xCC\x82\xCC\x81", "E\xCC\x82\xCC\x81",
	};
	static const char *const lunar_a[] = {  /* a A â Â, NFC and NFD */
		"a", "A", "\xC3\xA2", "\xC3\x82", "a\xCC\x82", "A\xCC\x82",
	};
	struct ref_date r = { .result = DATE_PARSE_SYNTAX };
	size_t n = strlen(s);

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}

	/* tet, Tết, tet-N, tet+N (N: one to three digits; more are out of
	 * range). */
	size_t word = prefix(s, n, tet_words, 8);
	if (!word && n >= 2 && (s[0] == 't' || s[0] == 'T')) {
		size_t e = prefix(s + 1, n - 1, tet_e, 4);
		if (e && 1 + e < n && (s[1 + e] == 't' || s[1 + e] == 'T'))
			word = 2 + e;
	}
	if (word) {
		const char *rest = s + word;
		size_t left = n - word;
		int offset = 0;
		if (left) {
			if (rest[0] != '+' && rest[0] != '-')
				return r;
			size_t k = digits(rest + 1, left - 1);
			if (k < 1 || k != left - 1)
				return r;
			if (k > 3) {
				r.result = DATE_PARSE_OUT_OF_RANGE;
				return r;
			}
			offset = number(rest + 1, k, 1, 3);
			if (rest[0] == '-')
				offset = -offset;
		}
		r.result = DATE_PARSE_TET_RELATIVE;
		r.form.tet_offset = offset;
		return r;
	}

	/* YYYY-MM-DD */
	if (n == 10 && s[4] == '-' && s[7] == '-') {
		int y = number(s, 4, 4, 4), m = number(s + 5, 2, 2, 2),
		    d = number(s + 8, 2, 2, 2);
		if (y >= 0 && m >= 0 && d >= 0)
			ref_ymd(&r, y, m, d);
		return r;
	}

	/* D/M/YYYY or D/M ÂL */
	size_t n1 = digits(s, n);
	if (n1 < 1 || n1 > 2 || n1 == n || s[n1] != '/')
		return r;
	size_t n2 = digits(s + n1 + 1, n - n1 - 1);
	if (n2 < 1 || n2 > 2)
		return r;
	int d = number(s, n1, 1, 2), m = number(s + n1 + 1, n2, 1, 2);
	const char *rest = s + n1 + 1 + n2;
	size_t left = n - n1 - 1 - n2;
	if (left && rest[0] == '/') {
		int y = number(rest + 1, left - 1, 4, 4);
		if (y >= 0)
			ref_ymd(&r, y, m, d);
		return r;
	}
	while (left && (*rest == ' ' || *rest == '\t')) {
		rest++;
		left--;
	}
	size_t a = prefix(rest, left, lunar_a, 6);
	if (!a || left != a + 1 || (rest[a] != 'L' && rest[a] != 'l'))
		return r;
	if (d < 1 || d > 30 || m < 1 || m > 12) {
		r.result = DATE_PARSE_IMPOSSIBLE;
		return r;
	}
	r.result = DATE_PARSE_LUNAR;
	r.form.lunar_day = d;
	r.form.lunar_month = m;
	return r;
}

static void check_reparse(const char *text, kh_date date)
{
	kh_date again = KH_DATE_NONE;
	FUZZ_CHECK(date_parse(text, &again, NULL) == DATE_PARSE_OK && again == date,
		   "'%s' does not parse back to day %ld", text, (long)date);
}

/* A calendar form resolved around the Tết of year tet_year. */
static void check_resolve(const struct date_calendar_form *form, int tet_year)
{
	kh_date date = UNTOUCHED_DATE;
	kh_date tet = lunar_tet(tet_year);
	int rc = lunar_resolve_form(tet_year, form, &date);

	if (tet == KH_DATE_NONE) {
		FUZZ_CHECK(rc == -1 && date == UNTOUCHED_DATE,
			   "resolved around Tết %d, outside the calendar", tet_year);
		return;
	}
	if (form->lunar_day == 0) {
		FUZZ_CHECK(rc == 0 && date == tet + form->tet_offset,
			   "tet%+d of %d is not Tết plus the offset", form->tet_offset,
			   tet_year);
		return;
	}
	int year = lunar_year_around_tet(tet_year, form->lunar_month);
	int days = lunar_month_length(year, form->lunar_month, false);
	if (rc != 0) {
		FUZZ_CHECK(date == UNTOUCHED_DATE, "a failed resolve wrote a date");
		FUZZ_CHECK(days < form->lunar_day, "%d/%d ÂL around Tết %d refused, "
			   "the month has %d days", form->lunar_day,
			   form->lunar_month, tet_year, days);
		return;
	}
	struct lunar_date ld;
	FUZZ_CHECK(lunar_from_date(date, &ld) == 0, "resolved outside the calendar");
	FUZZ_CHECK(ld.day == form->lunar_day && ld.month == form->lunar_month &&
		   !ld.leap && ld.year == year,
		   "%d/%d ÂL around Tết %d is %d/%d%s of %d", form->lunar_day,
		   form->lunar_month, tet_year, ld.day, ld.month,
		   ld.leap ? " (leap)" : "", ld.year);
}

/* What holds for any day number, even far outside 1000 … 9999. */
static void check_day_number(kh_date date, unsigned size_byte)
{
	int y, m, d;
	char iso[DATE_STR_SIZE], vn[DATE_STR_SIZE];

	date_to_ymd(date, &y, &m, &d);
	FUZZ_CHECK(m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m),
		   "day %ld is %d-%d-%d", (long)date, y, m, d);
	FUZZ_CHECK(date_from_ymd(y, m, d) == date, "day %ld does not come back",
		   (long)date);
	int w = date_weekday(date);
	FUZZ_CHECK(w >= 0 && w <= 6, "weekday %d", w);
	FUZZ_CHECK(date_weekday_name(date) != NULL, "no weekday name");

	date_format_iso(date, iso);
	date_format_vn(date, vn);
	FUZZ_CHECK(strlen(iso) == 10 && strlen(vn) == 10, "'%s', '%s'", iso, vn);
	if (y >= 1000 && y <= 9999) {
		FUZZ_CHECK(ref_day_number(y, m, d) == date, "%d-%d-%d is day %ld",
			   y, m, d, (long)date);
		check_reparse(iso, date);
		check_reparse(vn, date);
	}

	struct lunar_date ld;
	if (lunar_from_date(date, &ld) == 0) {
		kh_date back = UNTOUCHED_DATE;
		char short_form[LUNAR_SHORT_SIZE], long_form[LUNAR_LONG_SIZE];
		FUZZ_CHECK(ld.day >= 1 && ld.day <= 30 && ld.month >= 1 &&
			   ld.month <= 12 && ld.year >= LUNAR_YEAR_MIN &&
			   ld.year <= LUNAR_YEAR_MAX,
			   "lunar %d/%d/%d", ld.day, ld.month, ld.year);
		FUZZ_CHECK(lunar_to_date(&ld, &back) == 0 && back == date,
			   "lunar date of day %ld does not come back", (long)date);
		FUZZ_CHECK(ld.day <= lunar_month_length(ld.year, ld.month, ld.leap),
			   "day past the month's length");
		lunar_format_short(&ld, short_form);
		lunar_format_long(&ld, long_form);
		FUZZ_CHECK(memchr(short_form, 0, sizeof(short_form)) &&
			   memchr(long_form, 0, sizeof(long_form)), "unterminated");
	} else {
		FUZZ_CHECK(y < 1900 || (y == 1900 && m == 1) || y > LUNAR_YEAR_MAX,
			   "day %ld (%d-%d-%d) outside the lunar calendar",
			   (long)date, y, m, d);
	}

	/* Any year has a name, cut whole or not at all. */
	char name[LUNAR_CAN_CHI_SIZE + 1];
	size_t size = size_byte % sizeof(name);
	memset(name, 'x', sizeof(name));
	lunar_can_chi_year(y, name, size);
	if (size > 0)
		FUZZ_CHECK(memchr(name, 0, size) != NULL, "can chi unterminated");
	else
		FUZZ_CHECK(name[0] == 'x', "wrote into a buffer of size 0");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	kh_date date = UNTOUCHED_DATE;
	struct date_calendar_form form = {
		UNTOUCHED_FORM, UNTOUCHED_FORM, UNTOUCHED_FORM,
	};
	enum date_parse_result result = date_parse(s, &date, &form);
	struct ref_date ref = ref_parse(s);

	FUZZ_CHECK(result == ref.result, "'%s': result %d, expected %d", s,
		   (int)result, (int)ref.result);
	if (result != DATE_PARSE_OK)
		FUZZ_CHECK(date == UNTOUCHED_DATE, "'%s': date written", s);
	if (result != DATE_PARSE_TET_RELATIVE && result != DATE_PARSE_LUNAR)
		FUZZ_CHECK(form.tet_offset == UNTOUCHED_FORM &&
			   form.lunar_day == UNTOUCHED_FORM &&
			   form.lunar_month == UNTOUCHED_FORM, "'%s': form written", s);
	/* Also with no form to fill. */
	kh_date date2 = UNTOUCHED_DATE;
	FUZZ_CHECK(date_parse(s, &date2, NULL) == result && date2 == date,
		   "'%s' parses differently without a form", s);

	switch (result) {
	case DATE_PARSE_OK: {
		int y, m, d;
		date_to_ymd(date, &y, &m, &d);
		FUZZ_CHECK(y == ref.year && m == ref.month && d == ref.day &&
			   date == ref_day_number(y, m, d),
			   "'%s' is %d-%d-%d", s, y, m, d);
		break;
	}
	case DATE_PARSE_TET_RELATIVE: {
		char text[DATE_TET_STR_SIZE];
		struct date_calendar_form back;
		FUZZ_CHECK(form.tet_offset == ref.form.tet_offset &&
			   form.lunar_day == 0 && form.lunar_month == 0,
			   "'%s': offset %d", s, form.tet_offset);
		date_format_tet_offset(form.tet_offset, text);
		FUZZ_CHECK(date_parse(text, &date, &back) == DATE_PARSE_TET_RELATIVE &&
			   back.tet_offset == form.tet_offset,
			   "'%s' does not parse back", text);
		break;
	}
	case DATE_PARSE_LUNAR:
		FUZZ_CHECK(form.lunar_day == ref.form.lunar_day &&
			   form.lunar_month == ref.form.lunar_month &&
			   form.tet_offset == 0, "'%s': %d/%d", s, form.lunar_day,
			   form.lunar_month);
		break;
	default:
		break;
	}

	if (result == DATE_PARSE_TET_RELATIVE || result == DATE_PARSE_LUNAR) {
		/* The ends of the calendar, a year just outside each, and one
		 * the input chooses. */
		static const int years[] = {
			LUNAR_YEAR_MIN - 1, LUNAR_YEAR_MIN, 2022, 2025,
			LUNAR_YEAR_MAX, LUNAR_YEAR_MAX + 1,
		};
		for (size_t i = 0; i < KH_ARRAY_LEN(years); i++)
			check_resolve(&form, years[i]);
		check_resolve(&form, LUNAR_YEAR_MIN - 5 + (int)(size * 7919 % 211));
	}

	if (size >= 5) {
		uint32_t bits;
		memcpy(&bits, data, sizeof(bits));
		check_day_number((kh_date)bits, data[4]);
		/* And a day near the calendar, where the lunar checks bite. */
		check_day_number(date_from_ymd(1899, 1, 1) + (kh_date)(bits % 80000),
				 data[4]);
	}
	x_free(s);
	return 0;
}
