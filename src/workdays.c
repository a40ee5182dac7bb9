/* workdays: Vietnam's days off, from the Labor Code's rules and the lunar
 * calendar, with the configuration's corrections. */
#include "kehoach/workdays.h"

#include <stdlib.h>
#include <string.h>

#include "kehoach/i18n.h"
#include "kehoach/lunar.h"
#include "kehoach/util.h"

static const char name_new_year[] = N_("New Year's Day");
static const char name_tet[] = N_("Lunar New Year (Tết)");
static const char name_hung_kings[] = N_("Hùng Kings' Commemoration");
static const char name_reunification[] = N_("Reunification Day");
static const char name_labour[] = N_("International Labour Day");
static const char name_national[] = N_("National Day");
static const char name_compensatory[] = N_("day off in lieu");
static const char name_decided[] = N_("day off by decision");

void workdays_init(struct workdays *cal, const kh_date *days_off, size_t n_days_off,
		   const kh_date *days_worked, size_t n_days_worked)
{
	*cal = (struct workdays){
		.days_off = days_off, .n_days_off = n_days_off,
		.days_worked = days_worked, .n_days_worked = n_days_worked,
	};
}

void workdays_free(struct workdays *cal)
{
	x_free(cal->cache);
	cal->cache = NULL;
	cal->n_cache = cal->cache_cap = 0;
	cal->cached_year = 0;
}

static bool is_weekend(kh_date day)
{
	int wd = date_weekday(day);
	return wd == 0 || wd == 6;
}

static int compare_dates(const void *a, const void *b)
{
	kh_date x = *(const kh_date *)a, y = *(const kh_date *)b;
	return (x > y) - (x < y);
}

static bool listed(const kh_date *days, size_t n, kh_date day)
{
	return n && bsearch(&day, days, n, sizeof(*days), compare_dates);
}

static bool in_cache(const struct workdays *cal, kh_date day)
{
	for (size_t i = 0; i < cal->n_cache; i++)
		if (cal->cache[i].date == day)
			return true;
	return false;
}

static void add_day(struct workdays *cal, kh_date day, const char *name)
{
	if (in_cache(cal, day))
		return;
	X_GROW(cal->cache, cal->cache_cap, cal->n_cache + 1);
	cal->cache[cal->n_cache++] = (struct workdays_day){ day, name };
}

static int compare_days(const void *a, const void *b)
{
	return compare_dates(&((const struct workdays_day *)a)->date,
			     &((const struct workdays_day *)b)->date);
}

/* The day next to 2/9 that Quốc khánh takes (see the header). */
static kh_date national_day_neighbour(kh_date national)
{
	kh_date before = national - 1, after = national + 1;
	if (is_weekend(before))
		return after;
	if (is_weekend(after))
		return before;
	if (date_weekday(before) == 1)
		return before;
	return after;
}

/* The lunar holidays: Tết and Giỗ Tổ, when the calendar knows the year. */
static void add_lunar_holidays(struct workdays *cal, int year)
{
	kh_date tet = lunar_tet(year);
	if (tet == KH_DATE_NONE)
		return;
	/* The eve is the lunar year's last day, 29 or 30 tháng Chạp alike. */
	for (kh_date d = tet - 1; d <= tet + 3; d++)
		add_day(cal, d, name_tet);
	kh_date month3 = lunar_first_day(year, 3);
	if (month3 != KH_DATE_NONE)
		add_day(cal, month3 + 9, name_hung_kings);     /* 10 tháng Ba */
}

static void add_public_holidays(struct workdays *cal, int year)
{
	add_day(cal, date_from_ymd(year, 1, 1), name_new_year);
	add_lunar_holidays(cal, year);
	add_day(cal, date_from_ymd(year, 4, 30), name_reunification);
	add_day(cal, date_from_ymd(year, 5, 1), name_labour);
	kh_date national = date_from_ymd(year, 9, 2);
	add_day(cal, national, name_national);
	add_day(cal, national_day_neighbour(national), name_national);
}

/* Art. 111(3): a holiday on a weekly rest day gives the next working day.
 * The holidays are sorted, so each compensation comes after the last. */
static void add_compensatory_days(struct workdays *cal)
{
	size_t n_holidays = cal->n_cache;
	kh_date last = KH_DATE_NONE;
	for (size_t i = 0; i < n_holidays; i++) {
		kh_date holiday = cal->cache[i].date;
		if (!is_weekend(holiday))
			continue;
		kh_date d = holiday + 1;
		while (d <= last || is_weekend(d) || in_cache(cal, d) ||
		       listed(cal->days_off, cal->n_days_off, d))
			d++;
		add_day(cal, d, name_compensatory);
		last = d;
	}
}

static void add_configured_days(struct workdays *cal, int year)
{
	for (size_t i = 0; i < cal->n_days_off; i++) {
		int y, m, d;
		date_to_ymd(cal->days_off[i], &y, &m, &d);
		if (y == year)
			add_day(cal, cal->days_off[i], name_decided);
	}
}

static void remove_worked_days(struct workdays *cal)
{
	size_t kept = 0;
	for (size_t i = 0; i < cal->n_cache; i++)
		if (!listed(cal->days_worked, cal->n_days_worked, cal->cache[i].date))
			cal->cache[kept++] = cal->cache[i];
	cal->n_cache = kept;
}

static void compute_year(struct workdays *cal, int year)
{
	cal->n_cache = 0;
	add_public_holidays(cal, year);
	qsort(cal->cache, cal->n_cache, sizeof(*cal->cache), compare_days);
	add_compensatory_days(cal);
	add_configured_days(cal, year);
	remove_worked_days(cal);
	qsort(cal->cache, cal->n_cache, sizeof(*cal->cache), compare_days);
	cal->cached_year = year;
}

size_t workdays_year(struct workdays *cal, int year, const struct workdays_day **days)
{
	if (cal->cached_year != year || !cal->cache)
		compute_year(cal, year);
	*days = cal->cache;
	return cal->n_cache;
}

bool workdays_is_working(struct workdays *cal, kh_date day)
{
	if (listed(cal->days_worked, cal->n_days_worked, day))
		return true;
	if (is_weekend(day))
		return false;
	int year, month, mday;
	date_to_ymd(day, &year, &month, &mday);
	const struct workdays_day *days;
	size_t n = workdays_year(cal, year, &days);
	for (size_t i = 0; i < n; i++)
		if (days[i].date == day)
			return false;
	return true;
}

kh_date workdays_add(struct workdays *cal, kh_date from, int n)
{
	kh_date day = from;
	while (n > 0) {
		day++;
		if (workdays_is_working(cal, day))
			n--;
	}
	return day;
}

int workdays_span(struct workdays *cal, kh_date from, int n)
{
	return (int)(workdays_add(cal, from, n) - from);
}

int workdays_between(struct workdays *cal, kh_date from, kh_date to)
{
	int n = 0;
	for (kh_date day = from + 1; day <= to; day++)
		n += workdays_is_working(cal, day);
	return n;
}
