/* workdays: Vietnam's working days, computed, with the configuration's
 * corrections.
 *
 * A day is off when it is a Saturday or a Sunday, or a public holiday of
 * the Labor Code 2019 (art. 112), or a day given in compensation (nghỉ
 * bù, art. 111(3)), or a day the configuration adds; a day the
 * configuration lists as worked (a Saturday swapped for a day off) is a
 * working day whatever the rules say.
 *
 * The public holidays, by year:
 *   - Tết Dương lịch: 1/1;
 *   - Tết Nguyên đán: the last day of the lunar year (30 tháng Chạp, or 29
 *     when the month has 29 days) through mùng 4. The Government decides
 *     the exact days each year; the configuration's `holidays:` and
 *     `workdays:` give them;
 *   - Giỗ Tổ Hùng Vương: 10 tháng Ba âm lịch;
 *   - Ngày Chiến thắng: 30/4; Ngày Quốc tế Lao động: 1/5;
 *   - Quốc khánh: 2/9 and one adjacent day: the neighbour that is a
 *     weekday; when both are (2/9 from Tuesday to Thursday), the one next
 *     to a weekend (Monday or Friday); when neither is (a Wednesday), the
 *     day after. So 2023 (Saturday): Friday 1/9; 2024 (Monday): Tuesday
 *     3/9; 2025 (Tuesday): Monday 1/9, as the notices of those years had.
 * Each holiday that falls on a Saturday or a Sunday gives the first later
 * weekday that is not itself off (nghỉ bù), in date order.
 *
 * Years outside LUNAR_YEAR_MIN … LUNAR_YEAR_MAX have no Tết nor Giỗ Tổ
 * here, only the solar holidays. */
#ifndef KEHOACH_WORKDAYS_H
#define KEHOACH_WORKDAYS_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/date.h"

/* The working days "due soon" counts when the configuration does not say
 * (due_soon_days:), and the most it may say. */
#define WORKDAYS_DUE_SOON_DEFAULT 3
#define WORKDAYS_DUE_SOON_MAX 30

/* One named day off. name is the untranslated message (N_()); show it
 * with _(). */
struct workdays_day {
	kh_date date;
	const char *name;
};

/* The calendar. The configured lists are the caller's (they must outlive
 * it), each sorted and without repeats; the rest is a cache of one year's
 * days, owned by the calendar (workdays_free). */
struct workdays {
	const kh_date *days_off;      /* extra days off, any year */
	size_t n_days_off;
	const kh_date *days_worked;   /* working days although computed off */
	size_t n_days_worked;
	int cached_year;              /* 0: nothing cached */
	struct workdays_day *cache;
	size_t n_cache, cache_cap;
};

/* A calendar with those corrections (NULL, 0 for none); see struct
 * workdays for who owns what. */
void workdays_init(struct workdays *cal, const kh_date *days_off, size_t n_days_off,
		   const kh_date *days_worked, size_t n_days_worked);

void workdays_free(struct workdays *cal);

/* The named days off of year (not the ordinary weekends), sorted, each
 * day once, with the configured extra days and without the configured
 * worked ones. Returns the count and sets *days to an array the calendar
 * owns, valid until the next call on cal. */
size_t workdays_year(struct workdays *cal, int year, const struct workdays_day **days);

/* Whether day is a working day. */
bool workdays_is_working(struct workdays *cal, kh_date day);

/* The day n (≥ 0) working days after from: from itself when n is 0. */
kh_date workdays_add(struct workdays *cal, kh_date from, int n);

/* The calendar days from from to the day n working days after it: what
 * "due soon" spans (store_set_due_soon) when n is due_soon_days. */
int workdays_span(struct workdays *cal, kh_date from, int n);

/* How many working days lie after from up to and including to (0 when
 * to is not after from). */
int workdays_between(struct workdays *cal, kh_date from, kh_date to);

#endif
