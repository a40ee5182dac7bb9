/* Unit tests of the working-day calendar: the days off of 2024, 2025
 * and 2026 as the rules compute them, checked against the notices of
 * those years where they agree, the day in lieu, Quốc khánh's second day,
 * and counting working days across Tết. The configuration's corrections
 * are tested with the configuration (test_config.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "kehoach/workdays.h"

static kh_date day(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

struct expected {
	int m, d;
	const char *name;
};

/* The named days off of year must be exactly want[n]. */
static void expect_year(struct workdays *cal, int year, const struct expected *want, size_t n)
{
	const struct workdays_day *days;
	size_t got = workdays_year(cal, year, &days);
	for (size_t i = 0; i < n && i < got; i++) {
		char iso[DATE_STR_SIZE];
		date_format_iso(days[i].date, iso);
		if (days[i].date != day(year, want[i].m, want[i].d) ||
		    strcmp(days[i].name, want[i].name))
			fail_msg("%d, day %zu: expected %d/%d %s, got %s %s", year, i,
				 want[i].d, want[i].m, want[i].name, iso, days[i].name);
	}
	assert_int_equal(got, n);
}

/* The same without the configuration's corrections. */
static void expect_computed(int year, const struct expected *want, size_t n)
{
	struct workdays cal;
	workdays_init(&cal, NULL, 0, NULL, 0);
	expect_year(&cal, year, want, n);
	workdays_free(&cal);
}

#define NEW_YEAR "New Year's Day"
#define TET "Lunar New Year (Tết)"
#define HUNG "Hùng Kings' Commemoration"
#define APRIL "Reunification Day"
#define MAY "International Labour Day"
#define NATIONAL "National Day"
#define IN_LIEU "day off in lieu"

static void test_2024(void **state)
{
	(void)state;
	/* Tết Giáp Thìn is Saturday 10/2; tháng Chạp Quý Mão has 30 days, so
	 * the default Tết is 30 Chạp (9/2) to mùng 4 (13/2), with a day in
	 * lieu for the Saturday and one for the Sunday. The notice gave
	 * 8/2 to 14/2: the configuration says so (test_overrides). */
	static const struct expected want[] = {
		{ 1, 1, NEW_YEAR },
		{ 2, 9, TET }, { 2, 10, TET }, { 2, 11, TET }, { 2, 12, TET }, { 2, 13, TET },
		{ 2, 14, IN_LIEU }, { 2, 15, IN_LIEU },
		{ 4, 18, HUNG }, { 4, 30, APRIL }, { 5, 1, MAY },
		/* 2/9 a Monday: Tuesday 3/9 with it, as in 2024. */
		{ 9, 2, NATIONAL }, { 9, 3, NATIONAL },
	};
	expect_computed(2024, want, sizeof(want) / sizeof(*want));
}

static void test_2025(void **state)
{
	(void)state;
	/* Tết Ất Tỵ is Wednesday 29/1; tháng Chạp Giáp Thìn has 29 days, so
	 * the last day of the year is 29 Chạp, 28/1. Mùng 4, 1/2, is a
	 * Saturday: Monday 3/2 in lieu. */
	static const struct expected want[] = {
		{ 1, 1, NEW_YEAR },
		{ 1, 28, TET }, { 1, 29, TET }, { 1, 30, TET }, { 1, 31, TET }, { 2, 1, TET },
		{ 2, 3, IN_LIEU },
		{ 4, 7, HUNG }, { 4, 30, APRIL }, { 5, 1, MAY },
		/* 2/9 a Tuesday: Monday 1/9 with it, as in 2025. */
		{ 9, 1, NATIONAL }, { 9, 2, NATIONAL },
	};
	expect_computed(2025, want, sizeof(want) / sizeof(*want));
}

static void test_2026(void **state)
{
	(void)state;
	/* Tết Bính Ngọ is Tuesday 17/2. Giỗ Tổ, 10/3 ÂL, is Sunday 26/4:
	 * Monday 27/4 in lieu. 2/9 a Wednesday: the day after. */
	static const struct expected want[] = {
		{ 1, 1, NEW_YEAR },
		{ 2, 16, TET }, { 2, 17, TET }, { 2, 18, TET }, { 2, 19, TET }, { 2, 20, TET },
		{ 4, 26, HUNG }, { 4, 27, IN_LIEU }, { 4, 30, APRIL }, { 5, 1, MAY },
		{ 9, 2, NATIONAL }, { 9, 3, NATIONAL },
	};
	expect_computed(2026, want, sizeof(want) / sizeof(*want));
}

/* Quốc khánh's second day and the day in lieu, against the three years
 * the rule was chosen from, and 1/1 on a Sunday. */
static void test_national_day_and_lieu(void **state)
{
	(void)state;
	struct workdays cal;
	workdays_init(&cal, NULL, 0, NULL, 0);
	/* 2023: 2/9 a Saturday: Friday 1/9 with it, Monday 4/9 in lieu. */
	assert_false(workdays_is_working(&cal, day(2023, 9, 1)));
	assert_false(workdays_is_working(&cal, day(2023, 9, 4)));
	assert_true(workdays_is_working(&cal, day(2023, 8, 31)));
	assert_true(workdays_is_working(&cal, day(2023, 9, 5)));
	/* 2024: Monday 2/9 and Tuesday 3/9. */
	assert_false(workdays_is_working(&cal, day(2024, 9, 3)));
	assert_true(workdays_is_working(&cal, day(2024, 9, 4)));
	assert_true(workdays_is_working(&cal, day(2024, 8, 30)));
	/* 2025: Monday 1/9 and Tuesday 2/9. */
	assert_false(workdays_is_working(&cal, day(2025, 9, 1)));
	assert_true(workdays_is_working(&cal, day(2025, 9, 3)));
	/* 2023: 1/1 a Sunday, Monday 2/1 in lieu; 30/4 a Sunday and Giỗ
	 * Tổ (29/4) a Saturday: 2/5 and 3/5 in lieu, after 1/5. */
	assert_false(workdays_is_working(&cal, day(2023, 1, 2)));
	assert_true(workdays_is_working(&cal, day(2023, 1, 3)));
	assert_false(workdays_is_working(&cal, day(2023, 5, 2)));
	assert_false(workdays_is_working(&cal, day(2023, 5, 3)));
	assert_true(workdays_is_working(&cal, day(2023, 5, 4)));
	/* Weekends are off, ordinary weekdays are not. */
	assert_false(workdays_is_working(&cal, day(2025, 3, 8)));
	assert_false(workdays_is_working(&cal, day(2025, 3, 9)));
	assert_true(workdays_is_working(&cal, day(2025, 3, 10)));
	workdays_free(&cal);
}

/* Counting working days across Tết 2025 without corrections. */
static void test_arithmetic(void **state)
{
	(void)state;
	struct workdays cal;
	workdays_init(&cal, NULL, 0, NULL, 0);
	/* Friday 24/1: Monday 27/1 is the first working day after, then
	 * Tết and its day in lieu until Tuesday 4/2. */
	assert_int_equal(workdays_add(&cal, day(2025, 1, 24), 0), day(2025, 1, 24));
	assert_int_equal(workdays_add(&cal, day(2025, 1, 24), 1), day(2025, 1, 27));
	assert_int_equal(workdays_add(&cal, day(2025, 1, 24), 2), day(2025, 2, 4));
	assert_int_equal(workdays_add(&cal, day(2025, 1, 24), 3), day(2025, 2, 5));
	assert_int_equal(workdays_span(&cal, day(2025, 1, 24), 3), 12);
	assert_int_equal(workdays_between(&cal, day(2025, 1, 24), day(2025, 2, 5)), 3);
	assert_int_equal(workdays_between(&cal, day(2025, 1, 24), day(2025, 2, 3)), 1);
	assert_int_equal(workdays_between(&cal, day(2025, 2, 5), day(2025, 1, 24)), 0);
	/* An ordinary week: Friday + 3 is Wednesday. */
	assert_int_equal(workdays_add(&cal, day(2025, 3, 7), 3), day(2025, 3, 12));
	workdays_free(&cal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_2024),
		cmocka_unit_test(test_2025),
		cmocka_unit_test(test_2026),
		cmocka_unit_test(test_national_day_and_lieu),
		cmocka_unit_test(test_arithmetic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
