/* lunar: the Vietnamese lunar calendar (see lunar.h for the rules),
 * looked up in the table of its months that lunar_astro.c computes and
 * the build writes out as read-only data (lunar_table.c). */
#include "kehoach/lunar.h"

#include "kehoach/i18n.h"

#include <stdio.h>

#include "lunar_astro.h"

/* Sets *first and *end to the indices of lunar year year's months, or
 * returns false outside the range. */
static bool year_months(int year, int *first, int *end)
{
	if (year < LUNAR_YEAR_MIN || year > LUNAR_YEAR_MAX)
		return false;
	*first = lunar_months.tet[year - LUNAR_YEAR_MIN];
	*end = lunar_months.tet[year - LUNAR_YEAR_MIN + 1];
	return true;
}

/* The index of month (leap or not) of lunar year year, or -1. */
static int month_find(int year, int month, bool leap)
{
	int first, end;

	if (!year_months(year, &first, &end))
		return -1;
	for (int i = first; i < end; i++)
		if (lunar_months.number[i] == month && lunar_months.leap[i] == leap)
			return i;
	return -1;
}

int lunar_from_date(kh_date date, struct lunar_date *out)
{
	int first, end, year, civil_month, civil_day;

	year_months(LUNAR_YEAR_MIN, &first, &end);
	if (date < lunar_months.start[first] ||
	    date > date_from_ymd(LUNAR_YEAR_MAX, 12, 31))
		return -1;
	/* The month: the last to begin on or before date. */
	int lo = first, hi = lunar_months.count;
	while (hi - lo > 1) {
		int mid = lo + (hi - lo) / 2;
		if (lunar_months.start[mid] <= date)
			lo = mid;
		else
			hi = mid;
	}
	/* The lunar year: the civil one, or until its Tết the one before. */
	date_to_ymd(date, &year, &civil_month, &civil_day);
	if (year > LUNAR_YEAR_MIN && lo < lunar_months.tet[year - LUNAR_YEAR_MIN])
		year--;
	out->day = (int)(date - lunar_months.start[lo]) + 1;
	out->month = lunar_months.number[lo];
	out->year = year;
	out->leap = lunar_months.leap[lo];
	return 0;
}

int lunar_to_date(const struct lunar_date *ld, kh_date *out)
{
	int i = month_find(ld->year, ld->month, ld->leap);
	if (i < 0 || ld->day < 1 || ld->day > lunar_months.start[i + 1] - lunar_months.start[i])
		return -1;
	*out = lunar_months.start[i] + ld->day - 1;
	return 0;
}

kh_date lunar_first_day(int year, int month)
{
	struct lunar_date ld = { .year = year, .month = month, .day = 1 };
	kh_date day;
	return lunar_to_date(&ld, &day) == 0 ? day : KH_DATE_NONE;
}

kh_date lunar_tet(int year)
{
	int first, end;
	return year_months(year, &first, &end) ? lunar_months.start[first] :
						 KH_DATE_NONE;
}

int lunar_month_length(int year, int month, bool leap)
{
	int i = month_find(year, month, leap);
	return i < 0 ? 0 : (int)(lunar_months.start[i + 1] - lunar_months.start[i]);
}

int lunar_leap_month(int year)
{
	int first, end;

	if (!year_months(year, &first, &end))
		return 0;
	for (int i = first; i < end; i++)
		if (lunar_months.leap[i])
			return lunar_months.number[i];
	return 0;
}

void lunar_can_chi_year(int year, char *out, size_t size)
{
	static const char *const can[10] = {
		"Giáp", "Ất", "Bính", "Đinh", "Mậu",
		"Kỷ", "Canh", "Tân", "Nhâm", "Quý",
	};
	static const char *const chi[12] = {
		"Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ",
		"Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi",
	};
	/* 4 AD was Giáp Tý; long long keeps year + 6 from overflowing. */
	long long y = year;
	int stem = (int)(((y + 6) % 10 + 10) % 10);
	int branch = (int)(((y + 8) % 12 + 12) % 12);

	if (size == 0)
		return;
	int n = snprintf(out, size, "%s %s", can[stem], chi[branch]);
	if (n < 0 || (size_t)n >= size)
		out[0] = '\0';
}

const char *lunar_month_name(int month)
{
	static const char *const names[12] = {
		"tháng Giêng", "tháng Hai", "tháng Ba", "tháng Tư",
		"tháng Năm", "tháng Sáu", "tháng Bảy", "tháng Tám",
		"tháng Chín", "tháng Mười", "tháng Mười Một", "tháng Chạp",
	};
	if (month < 1 || month > 12)
		return NULL;
	return names[month - 1];
}

void lunar_format_short(const struct lunar_date *ld, char out[LUNAR_SHORT_SIZE])
{
	/* TRANSLATORS: a lunar day/month printed beside a solar date. */
	snprintf(out, LUNAR_SHORT_SIZE, ld->leap ? _("lunar %d/%d (leap)") : _("lunar %d/%d"),
		 ld->day, ld->month);
}

void lunar_format_long(const struct lunar_date *ld, char out[LUNAR_LONG_SIZE])
{
	char can_chi[LUNAR_CAN_CHI_SIZE];
	const char *month = lunar_month_name(ld->month);

	lunar_can_chi_year(ld->year, can_chi, sizeof(can_chi));
	snprintf(out, LUNAR_LONG_SIZE, "%s%d %s%s năm %s",
		 ld->day <= 10 ? "mùng " : "", ld->day, month ? month : "?",
		 ld->leap ? " nhuận" : "", can_chi);
}

int lunar_year_around_tet(int tet_year, int month)
{
	return month >= 10 ? tet_year - 1 : tet_year;
}

int lunar_resolve_form(int tet_year, const struct date_calendar_form *form,
		       kh_date *out)
{
	kh_date tet = lunar_tet(tet_year);

	if (tet == KH_DATE_NONE)
		return -1;
	if (form->lunar_day == 0) {
		*out = tet + form->tet_offset;
		return 0;
	}
	struct lunar_date ld = {
		.day = form->lunar_day,
		.month = form->lunar_month,
		.year = lunar_year_around_tet(tet_year, form->lunar_month),
		.leap = false,
	};
	return lunar_to_date(&ld, out);
}
