/* date: civil dates as day numbers, and the one parser of the date forms
 * users type (see plan-format.md, DATE).
 *
 * Dates are counted in the proleptic Gregorian calendar. Years are shifted to
 * begin on 1 March, so that the leap day is the last day of a shifted year and
 * the month lengths before it follow a fixed pattern; 400 Gregorian years
 * (an era) always hold 146097 days, so everything reduces to arithmetic within
 * one era. Intermediate values are 64-bit so that any kh_date, even
 * KH_DATE_NONE, converts without overflow. */
#include "kehoach/date.h"

#include <stddef.h>
#include <stdio.h>
#include <time.h>

enum {
	YEAR_MIN = 1000,
	YEAR_MAX = 9999,
	DAYS_PER_ERA = 146097,            /* 400 * 365 + 97 leap days */
	/* Days from 0000-03-01 (day 0 of era 0) to 1970-01-01. */
	EPOCH_OFFSET = 719468,
	/* Tết offsets: the most digits, for DATE_TET_OFFSET_MAX; lunar
	 * fields: the largest values accepted. */
	TET_OFFSET_DIGITS = 3,
	LUNAR_DAY_MAX = 30,               /* whether the 30th exists depends on the year */
	LUNAR_MONTH_MAX = 12,
};

/* Division rounding towards minus infinity: C rounds towards zero, which
 * would put days before 0000-03-01 (KH_DATE_NONE among them) into the
 * wrong era. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static bool is_leap_year(int64_t year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
	static const unsigned char days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && is_leap_year(year))
		return 29;
	return days[month - 1];
}

bool date_valid_ymd(int year, int month, int day)
{
	if (year < YEAR_MIN || year > YEAR_MAX)
		return false;
	if (month < 1 || month > 12)
		return false;
	return day >= 1 && day <= date_days_in_month(year, month);
}

/* Days from 1 March to the first of the month, for months counted from
 * March = 0: the lengths 31 30 31 30 31 | 31 30 31 30 31 | 31 (28/29) repeat
 * every five months with 153 days, which (153 * m + 2) / 5 reproduces. */
static int64_t days_before_shifted_month(int64_t shifted_month)
{
	return (153 * shifted_month + 2) / 5;
}

kh_date date_from_ymd(int year, int month, int day)
{
	/* January and February belong to the shifted year that began the
	 * previous March, so the leap day ends a shifted year. */
	int64_t y = month <= 2 ? (int64_t)year - 1 : year;
	int64_t shifted_month = month <= 2 ? month + 9 : month - 3;

	int64_t era = floor_div(y, 400);
	int64_t year_of_era = y - era * 400;                       /* 0 … 399 */
	int64_t day_of_year = days_before_shifted_month(shifted_month) + day - 1;
	int64_t day_of_era = year_of_era * 365 + year_of_era / 4
			     - year_of_era / 100 + day_of_year;    /* 0 … 146096 */

	return (kh_date)(era * DAYS_PER_ERA + day_of_era - EPOCH_OFFSET);
}

void date_to_ymd(kh_date date, int *year, int *month, int *day)
{
	int64_t z = (int64_t)date + EPOCH_OFFSET;
	int64_t era = floor_div(z, DAYS_PER_ERA);
	int64_t day_of_era = z - era * DAYS_PER_ERA;                /* 0 … 146096 */

	/* Remove the leap days before day_of_era (one every 4 years, none
	 * every 100, one every 400; the last day of the era is the 400-year
	 * leap day) so that dividing by 365 gives the year within the era. */
	int64_t year_of_era = (day_of_era - day_of_era / 1460
			       + day_of_era / 36524
			       - day_of_era / (DAYS_PER_ERA - 1)) / 365;
	int64_t day_of_year = day_of_era - (year_of_era * 365 + year_of_era / 4
					    - year_of_era / 100);
	/* Inverse of days_before_shifted_month(). */
	int64_t shifted_month = (5 * day_of_year + 2) / 153;
	int64_t d = day_of_year - days_before_shifted_month(shifted_month) + 1;
	int64_t m = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
	int64_t y = year_of_era + era * 400 + (m <= 2 ? 1 : 0);

	*year = (int)y;
	*month = (int)m;
	*day = (int)d;
}

int date_weekday(kh_date date)
{
	/* 1970-01-01 was a Thursday (4). */
	int64_t w = ((int64_t)date + 4) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

const char *date_weekday_name(kh_date date)
{
	static const char *const names[7] = {
		"Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư",
		"Thứ Năm", "Thứ Sáu", "Thứ Bảy",
	};
	return names[date_weekday(date)];
}

/* ---- parsing ---------------------------------------------------------- */

/* The unparsed rest of the input, [p, end). */
struct cursor {
	const char *p;
	const char *end;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Plain ASCII digits: isdigit() may accept more in some locales. */
static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool at_end(const struct cursor *c)
{
	return c->p == c->end;
}

static bool take_char(struct cursor *c, char ch)
{
	if (at_end(c) || *c->p != ch)
		return false;
	c->p++;
	return true;
}

/* Takes the bytes of lit if the input continues with them. */
static bool take_literal(struct cursor *c, const char *lit)
{
	const char *q = c->p;

	for (; *lit; lit++, q++) {
		if (q == c->end || *q != *lit)
			return false;
	}
	c->p = q;
	return true;
}

/* Takes a run of digits and returns how many there were (0: none). *value
 * gets their number; it stops growing after 9 digits, which is harmless
 * because callers reject runs that long. */
static int take_digits(struct cursor *c, int *value)
{
	int count = 0;
	int v = 0;

	while (!at_end(c) && is_digit(*c->p)) {
		if (count < 9)
			v = v * 10 + (*c->p - '0');
		count++;
		c->p++;
	}
	*value = v;
	return count;
}

static void skip_blanks(struct cursor *c)
{
	while (!at_end(c) && is_blank(*c->p))
		c->p++;
}

/* Takes the letter written "e" or "ế" in "tet" / "Tết", in either case.
 * Besides NFC, the canonical NFD spelling (e + U+0302 + U+0301) is taken:
 * command-line arguments and environment variables are not normalised, and
 * the two spellings look the same to the person who typed them. */
static bool take_tet_e(struct cursor *c)
{
	/* Longest first: plain "e" is a prefix of the NFD spelling. */
	static const char *const spellings[] = {
		"e\xCC\x82\xCC\x81", "E\xCC\x82\xCC\x81",     /* ế Ế (NFD) */
		"\xE1\xBA\xBF", "\xE1\xBA\xBE",               /* ế Ế (NFC) */
		"e", "E",
	};

	for (size_t i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		if (take_literal(c, spellings[i]))
			return true;
	}
	return false;
}

/* Takes "tet" / "Tết" in any case. */
static bool take_tet_word(struct cursor *c)
{
	struct cursor save = *c;

	if ((take_char(c, 't') || take_char(c, 'T')) && take_tet_e(c)
	    && (take_char(c, 't') || take_char(c, 'T')))
		return true;
	*c = save;
	return false;
}

/* Takes the lunar marker "ÂL" / "AL" in any case (Â in NFC or NFD). */
static bool take_lunar_marker(struct cursor *c)
{
	/* Longest first: plain "A" is a prefix of the NFD spelling. */
	static const char *const a_spellings[] = {
		"A\xCC\x82", "a\xCC\x82",                     /* Â â (NFD) */
		"\xC3\x82", "\xC3\xA2",                       /* Â â (NFC) */
		"A", "a",
	};
	struct cursor save = *c;

	for (size_t i = 0; i < sizeof(a_spellings) / sizeof(a_spellings[0]); i++) {
		if (take_literal(c, a_spellings[i])) {
			if (take_char(c, 'L') || take_char(c, 'l'))
				return true;
			break;
		}
	}
	*c = save;
	return false;
}

/* "tet", "tet-3", "tet+6": the offset has one to three digits. More are
 * out of range, not a syntax error, so that the user learns the limit
 * rather than that this is no date. The cursor is past the word "tet". */
static enum date_parse_result parse_tet_offset(struct cursor *c,
					       struct date_calendar_form *form)
{
	int sign = 0;
	int offset = 0;

	if (take_char(c, '+'))
		sign = 1;
	else if (take_char(c, '-'))
		sign = -1;

	int n = sign ? take_digits(c, &offset) : 0;
	if ((sign && n < 1) || !at_end(c))
		return DATE_PARSE_SYNTAX;
	if (n > TET_OFFSET_DIGITS)
		return DATE_PARSE_OUT_OF_RANGE;
	offset *= sign;

	if (form) {
		form->tet_offset = offset;
		form->lunar_day = 0;
		form->lunar_month = 0;
	}
	return DATE_PARSE_TET_RELATIVE;
}

/* "D/M ÂL": the cursor is past "D/M". Whether a 30th exists in that lunar
 * month is for the calendar module to say, once the year is known. */
static enum date_parse_result parse_lunar_rest(struct cursor *c, int day,
					       int month,
					       struct date_calendar_form *form)
{
	skip_blanks(c);
	if (!take_lunar_marker(c) || !at_end(c))
		return DATE_PARSE_SYNTAX;
	if (day < 1 || day > LUNAR_DAY_MAX || month < 1 || month > LUNAR_MONTH_MAX)
		return DATE_PARSE_IMPOSSIBLE;

	if (form) {
		form->tet_offset = 0;
		form->lunar_day = day;
		form->lunar_month = month;
	}
	return DATE_PARSE_LUNAR;
}

static enum date_parse_result finish_ymd(int year, int month, int day,
					 kh_date *out)
{
	if (!date_valid_ymd(year, month, day))
		return DATE_PARSE_IMPOSSIBLE;
	*out = date_from_ymd(year, month, day);
	return DATE_PARSE_OK;
}

/* Writes *out only on DATE_PARSE_OK and *form only on
 * DATE_PARSE_TET_RELATIVE and DATE_PARSE_LUNAR, so a caller's defaults
 * survive a rejected date. Anything not exactly one of the forms (signs,
 * other separators, trailing text, a five-digit year) is a syntax error;
 * only a well-formed date naming no real day is DATE_PARSE_IMPOSSIBLE. */
enum date_parse_result date_parse(const char *s, kh_date *out,
				  struct date_calendar_form *form)
{
	struct cursor c = { s, s };
	int first, second, third;
	int n1, n2, n3;

	while (*c.end)
		c.end++;
	skip_blanks(&c);
	while (c.end > c.p && is_blank(c.end[-1]))
		c.end--;

	if (take_tet_word(&c))
		return parse_tet_offset(&c, form);

	n1 = take_digits(&c, &first);

	if (n1 == 4 && take_char(&c, '-')) {
		/* ISO: YYYY-MM-DD, every field at its full width. */
		n2 = take_digits(&c, &second);
		if (n2 != 2 || !take_char(&c, '-'))
			return DATE_PARSE_SYNTAX;
		n3 = take_digits(&c, &third);
		if (n3 != 2 || !at_end(&c))
			return DATE_PARSE_SYNTAX;
		return finish_ymd(first, second, third, out);
	}

	if (n1 >= 1 && n1 <= 2 && take_char(&c, '/')) {
		/* Vietnamese D/M/YYYY, or lunar D/M ÂL. */
		n2 = take_digits(&c, &second);
		if (n2 < 1 || n2 > 2)
			return DATE_PARSE_SYNTAX;
		if (!take_char(&c, '/'))
			return parse_lunar_rest(&c, first, second, form);
		n3 = take_digits(&c, &third);
		if (n3 != 4 || !at_end(&c))
			return DATE_PARSE_SYNTAX;
		return finish_ymd(third, second, first, out);
	}

	return DATE_PARSE_SYNTAX;
}

/* ---- formatting ------------------------------------------------------- */

/* Writes value as exactly width decimal digits, zero padded. */
static char *put_digits(char *p, int value, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + value % 10);
		value /= 10;
	}
	return p + width;
}

/* Copies pattern with each 'd' shown as '?'. The question marks are not
 * spelled out in a string literal because two of them followed by '-' or
 * '/' form a trigraph in strict C11. */
static void put_unknown(char out[DATE_STR_SIZE], const char *pattern)
{
	int i;

	for (i = 0; i < DATE_STR_SIZE - 1 && pattern[i]; i++)
		out[i] = pattern[i] == 'd' ? '?' : pattern[i];
	out[i] = '\0';
}

/* Dates whose year has no four-digit spelling (KH_DATE_NONE among them)
 * come out as question marks of the same width rather than overrunning
 * out[] or printing a misleading year. */
static bool formattable(kh_date date, int *year, int *month, int *day)
{
	date_to_ymd(date, year, month, day);
	return *year >= 0 && *year <= 9999;
}

void date_format_iso(kh_date date, char out[DATE_STR_SIZE])
{
	int year, month, day;
	char *p = out;

	if (!formattable(date, &year, &month, &day)) {
		put_unknown(out, "dddd-dd-dd");
		return;
	}
	p = put_digits(p, year, 4);
	*p++ = '-';
	p = put_digits(p, month, 2);
	*p++ = '-';
	p = put_digits(p, day, 2);
	*p = '\0';
}

void date_format_vn(kh_date date, char out[DATE_STR_SIZE])
{
	int year, month, day;
	char *p = out;

	if (!formattable(date, &year, &month, &day)) {
		put_unknown(out, "dd/dd/dddd");
		return;
	}
	p = put_digits(p, day, 2);
	*p++ = '/';
	p = put_digits(p, month, 2);
	*p++ = '/';
	p = put_digits(p, year, 4);
	*p = '\0';
}

void date_format_tet_offset(int offset, char out[DATE_TET_STR_SIZE])
{
	if (offset)
		snprintf(out, DATE_TET_STR_SIZE, "tet%+d", offset);
	else
		snprintf(out, DATE_TET_STR_SIZE, "tet");
}

/* ---- today ------------------------------------------------------------ */

kh_date date_today_local(void)
{
	return date_local(time(NULL));
}

kh_date date_local(time_t when)
{
	struct tm tm;

	/* localtime_r need not look at TZ again after the first call; tzset
	 * makes a TZ set by a test (or changed since) count. */
	tzset();
	/* Both failures mean a clock far outside any kh_date: say "no date"
	 * rather than invent one. */
	if (when == (time_t)-1 || !localtime_r(&when, &tm))
		return KH_DATE_NONE;
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

bool date_format_local_time(long long unix_time, char out[DATE_TIME_STR_SIZE])
{
	time_t at = (time_t)unix_time;
	struct tm tm;
	out[0] = '\0';
	return localtime_r(&at, &tm) &&
	       strftime(out, DATE_TIME_STR_SIZE, "%d/%m/%Y %H:%M", &tm) > 0;
}
