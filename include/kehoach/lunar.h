/* lunar: the Vietnamese lunar calendar (âm lịch) from 1900 to 2100.
 *
 * Dates are computed, not tabulated, for UTC+7 by the rules of the
 * Vietnamese calendar as Hồ Ngọc Đức publishes them:
 *
 *   - a month begins on the local (UTC+7) day of a new moon;
 *   - month 11 is the month holding the winter solstice;
 *   - when 13 months lie between one month 11 and the next, the first month
 *     after month 11 in which the sun enters no major solar term (no
 *     multiple of 30° of longitude) is a leap month, and takes the number of
 *     the month before it;
 *   - Tết (mùng 1 tháng Giêng) is the first day of month 1.
 *
 * New moons come from Meeus' series (Astronomical Algorithms, ch. 49), the
 * sun's apparent longitude from his low-precision formula (ch. 25).
 * Vietnam's calendar is not China's (UTC+8): from 1968 to 2100, Tết
 * differs in 1968, 1969, 1985, 2007, 2030 and 2053, and so do some leap
 * months. Until 1967 the calendar used in Vietnam followed China's; dates
 * before then are the UTC+7 calendar carried backwards (its Tết 1903, 1916,
 * 1935 and 1965 fall a day before the same rules' at UTC+8).
 *
 * The months of the whole range are computed when kehoach is built, into a
 * table of read-only data (16 kB, lunar_astro.h): every call only looks
 * it up, in well under a microsecond, on any thread. */
#ifndef KEHOACH_LUNAR_H
#define KEHOACH_LUNAR_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/date.h"

/* The lunar years this module knows: those whose Tết falls in these
 * Gregorian years. */
#define LUNAR_YEAR_MIN 1900
#define LUNAR_YEAR_MAX 2100

/* Enough for any "Can Chi" name and its NUL ("Bính Tuất" is 12 bytes). */
#define LUNAR_CAN_CHI_SIZE 16

struct lunar_date {
	int day;     /* 1 … 30 */
	int month;   /* 1 (tháng Giêng) … 12 (tháng Chạp) */
	int year;    /* the Gregorian year in which this lunar year begins (Tết) */
	bool leap;   /* a leap month (tháng nhuận), numbered like the one before */
};

/* The lunar date of date. Returns 0 and fills *out, or -1 (leaving *out
 * alone) when date lies outside 1900-01-31 (Tết 1900) … 2100-12-31. */
int lunar_from_date(kh_date date, struct lunar_date *out);

/* The civil date of *ld. Returns 0 and fills *out, or -1 (leaving *out
 * alone) when there is no such lunar day: a year outside LUNAR_YEAR_MIN …
 * LUNAR_YEAR_MAX, a month outside 1 … 12, a leap month the year does not
 * have, or a day outside the month (the 30th of a 29-day month). */
int lunar_to_date(const struct lunar_date *ld, kh_date *out);

/* Mùng 1 Tết of the lunar year that begins in Gregorian year year, or
 * KH_DATE_NONE outside LUNAR_YEAR_MIN … LUNAR_YEAR_MAX. */
kh_date lunar_tet(int year);

/* 29 or 30, the days in that month of that lunar year (leap: the leap month
 * numbered month), or 0 when the year has no such month. */
int lunar_month_length(int year, int month, bool leap);

/* The first day of the ordinary month month (1 … 12) of lunar year year,
 * or KH_DATE_NONE outside the calendar. */
kh_date lunar_first_day(int year, int month);

/* The number of the leap month of that lunar year (1 … 12), or 0 when the
 * year has none or lies outside LUNAR_YEAR_MIN … LUNAR_YEAR_MAX. */
int lunar_leap_month(int year);

/* Writes the name of lunar year year (as in struct lunar_date: the civil
 * year of its Tết, so January before Tết takes the year before) in the
 * sexagenary cycle, "Nhâm Dần" for 2022 (UTF-8, NFC), as a NUL-terminated
 * string into the caller's out[size].
 * Any year works: the cycle repeats every 60 years. A name that does not
 * fit is not cut in the middle of a letter: out becomes "" (size
 * LUNAR_CAN_CHI_SIZE always fits). Nothing is written when size is 0. */
void lunar_can_chi_year(int year, char *out, size_t size);

/* Enough for lunar_format_short() in any language. */
#define LUNAR_SHORT_SIZE 48

/* The short form printed beside a solar date: "26/12 ÂL", "15/4 nhuận ÂL"
 * (translated: "lunar 26/12" in English). */
void lunar_format_short(const struct lunar_date *ld, char out[LUNAR_SHORT_SIZE]);

/* "tháng Giêng", "tháng Hai" … "tháng Mười Một", "tháng Chạp" for months
 * 1 … 12 (a static UTF-8 NFC string the caller must not free), or NULL for
 * any other number. These are names, in Vietnamese in every locale. */
const char *lunar_month_name(int month);

/* Enough for lunar_format_long(): the longest, "mùng 10 tháng Mười Một
 * nhuận năm Nhâm Tuất", is 55 bytes. */
#define LUNAR_LONG_SIZE 64

/* The lunar date written out as people say it: "23 tháng Chạp năm Tân
 * Sửu", "mùng 1 tháng Hai nhuận năm Quý Mão" (days 1 … 10 take "mùng").
 * These are names, in Vietnamese in every locale, like lunar_month_name(). */
void lunar_format_long(const struct lunar_date *ld, char out[LUNAR_LONG_SIZE]);

/* ---- dates relative to the Tết of a plan ----------------------------------
 *
 * The calendar forms of a DATE (plan-format.md: "tet-3", "23/12 ÂL") name
 * a day only once the Tết they are about is known: mùng 1 Tết of the lunar
 * year that begins in Gregorian year tet_year. */

/* The lunar year a lunar month written without its year falls in: months
 * 10, 11 and 12 in the one that ends at that Tết (tet_year - 1), months
 * 1 … 9 in the one it begins (tet_year). */
int lunar_year_around_tet(int tet_year, int month);

/* The civil date of form, as date_parse() fills it (lunar_day 0 for the
 * Tết-relative form), around the Tết of tet_year. Returns 0 and fills
 * *out, or -1 (leaving *out alone) when there is no such day: tet_year
 * outside LUNAR_YEAR_MIN … LUNAR_YEAR_MAX, a lunar year outside them too,
 * or the 30th of a 29-day month. A leap month is never meant: "15/2 ÂL"
 * is the 15th of the ordinary month 2. */
int lunar_resolve_form(int tet_year, const struct date_calendar_form *form,
		       kh_date *out);

#endif
