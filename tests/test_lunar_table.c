/* The lunar table built into kehoach (lunar_table.c, written at build time
 * by lunar_table_gen) holds exactly what lunar_astro_months() computes:
 * nothing lost or rounded on the way through C source. test_lunar checks
 * the dates themselves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "lunar_astro.h"

static void built_in_table_is_the_computed_one(void **state)
{
	(void)state;
	static struct lunar_months computed;
	lunar_astro_months(&computed);
	const struct lunar_months *built = &lunar_months;
	/* Some 2,500 months from 1899 to 2101, 12 or 13 a year. */
	assert_in_range(computed.count, 12 * (LUNAR_SOLSTICE_MAX - LUNAR_SOLSTICE_MIN),
			13 * (LUNAR_SOLSTICE_MAX - LUNAR_SOLSTICE_MIN));
	assert_int_equal(built->count, computed.count);
	for (int i = 0; i <= computed.count; i++)
		assert_int_equal(built->start[i], computed.start[i]);
	for (int i = 0; i < computed.count; i++) {
		assert_int_equal(built->number[i], computed.number[i]);
		assert_int_equal(built->leap[i], computed.leap[i]);
	}
	for (int y = 0; y <= LUNAR_YEAR_COUNT; y++)
		assert_int_equal(built->tet[y], computed.tet[y]);
}

/* lunar_first_day() reads the table: Tết Nhâm Dần is 01/02/2022; outside
 * the calendar or the twelve months there is no day. */
static void first_days(void **state)
{
	(void)state;
	assert_int_equal(lunar_first_day(2022, 1), date_from_ymd(2022, 2, 1));
	assert_int_equal(lunar_first_day(2022, 1), lunar_tet(2022));
	assert_int_equal(lunar_first_day(LUNAR_YEAR_MIN - 1, 1), KH_DATE_NONE);
	assert_int_equal(lunar_first_day(LUNAR_YEAR_MAX + 1, 1), KH_DATE_NONE);
	assert_int_equal(lunar_first_day(2022, 0), KH_DATE_NONE);
	assert_int_equal(lunar_first_day(2022, 13), KH_DATE_NONE);
	/* Giỗ Tổ, 10/3 âm lịch 2022: 10/04/2022. */
	assert_int_equal(lunar_first_day(2022, 3) + 9, date_from_ymd(2022, 4, 10));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(built_in_table_is_the_computed_one),
		cmocka_unit_test(first_days),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
