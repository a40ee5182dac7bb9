/* date: civil (proleptic Gregorian) dates as day numbers, and the one parser
 * for the date forms users type: ISO "2022-01-28" and Vietnamese
 * "28/01/2022". Tết-relative ("tet-3") and lunar ("23/12 ÂL") forms are
 * recognised so that callers can say they need the calendar module. */
#ifndef KEHOACH_DATE_H
#define KEHOACH_DATE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* Days since 1970-01-01; negative before. */
typedef int32_t kh_date;
#define KH_DATE_NONE INT32_MIN

bool date_valid_ymd(int year, int month, int day);
int date_days_in_month(int year, int month);
/* The arguments must form a valid date (date_valid_ymd). */
kh_date date_from_ymd(int year, int month, int day);
void date_to_ymd(kh_date date, int *year, int *month, int *day);
/* 0 = Sunday … 6 = Saturday. */
int date_weekday(kh_date date);
/* "Thứ Hai" … "Thứ Bảy", "Chủ Nhật": the day's name as Vietnamese calendars
 * print it beside the lunar date, in every locale (a static UTF-8 NFC
 * string). */
const char *date_weekday_name(kh_date date);

enum date_parse_result {
	DATE_PARSE_OK,
	DATE_PARSE_SYNTAX,         /* not a date at all */
	DATE_PARSE_IMPOSSIBLE,     /* well formed, but no such day (30/02/2022) */
	DATE_PARSE_TET_RELATIVE,   /* "tet", "tet-3", "tet+6": *out unset, *offset set */
	DATE_PARSE_LUNAR,          /* "23/12 ÂL" / "23/12 AL": *out unset, *lunar_* set */
	/* "tet+1000": well formed, but with more digits than
	 * DATE_TET_OFFSET_MAX has; nothing set. */
	DATE_PARSE_OUT_OF_RANGE,
};

/* The most days a date may count from Tết ("tet-999" … "tet+999", three
 * digits): a plan's dates lie within months of it. */
#define DATE_TET_OFFSET_MAX 999

/* The form of a date that depends on the calendar; filled when
 * date_parse() returns DATE_PARSE_TET_RELATIVE or DATE_PARSE_LUNAR. */
struct date_calendar_form {
	int tet_offset;   /* days after mùng 1 Tết (negative: before) */
	int lunar_day;
	int lunar_month;
};

/* Parses s (surrounding blanks allowed). Years are four digits, 1000-9999;
 * day and month may have one or two digits. form may be NULL. */
enum date_parse_result date_parse(const char *s, kh_date *out,
				  struct date_calendar_form *form);

#define DATE_STR_SIZE 11
/* "2022-01-28" */
void date_format_iso(kh_date date, char out[DATE_STR_SIZE]);
/* "28/01/2022", as dates are shown to users. */
void date_format_vn(kh_date date, char out[DATE_STR_SIZE]);

#define DATE_TIME_STR_SIZE 32
/* "30/01/2022 14:03": a moment (unix time) in local time, as shown to
 * users. Returns false, with out empty, when it cannot be converted. */
bool date_format_local_time(long long unix_time, char out[DATE_TIME_STR_SIZE]);

/* Enough for date_format_tet_offset() of any int. */
#define DATE_TET_STR_SIZE 16
/* "tet", "tet-3", "tet+6": offset days from mùng 1 Tết as date_parse()
 * reads them back. */
void date_format_tet_offset(int offset, char out[DATE_TET_STR_SIZE]);

/* Today in the local time zone. */
kh_date date_today_local(void);
/* The day of the moment when in the local time zone (KH_DATE_NONE for a
 * moment no kh_date holds). */
kh_date date_local(time_t when);

#endif
