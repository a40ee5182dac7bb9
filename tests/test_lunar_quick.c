/* lunar_first_day from one year's new moons (what the working days ask
 * at every command) gives, for every month of every year of the
 * calendar, the same day as the full table: computed first, before
 * anything fills the table, then compared. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "kehoach/lunar.h"

enum { YEARS = LUNAR_YEAR_MAX - LUNAR_YEAR_MIN + 1 };

static void same_as_the_table(void **state)
{
	(void)state;
	static kh_date quick[YEARS][12];
	for (int y = 0; y < YEARS; y++)
		for (int m = 1; m <= 12; m++)
			quick[y][m - 1] = lunar_first_day(LUNAR_YEAR_MIN + y, m);
	/* Now the table. */
	assert_true(lunar_tet(2022) != KH_DATE_NONE);
	for (int y = 0; y < YEARS; y++)
		for (int m = 1; m <= 12; m++) {
			struct lunar_date ld = { .year = LUNAR_YEAR_MIN + y, .month = m, .day = 1 };
			kh_date day;
			assert_int_equal(lunar_to_date(&ld, &day), 0);
			assert_int_equal(quick[y][m - 1], day);
		}
	assert_int_equal(lunar_first_day(LUNAR_YEAR_MIN - 1, 1), KH_DATE_NONE);
	assert_int_equal(lunar_first_day(2022, 13), KH_DATE_NONE);
	/* Tết Nhâm Dần: 01/02/2022. */
	assert_int_equal(lunar_first_day(2022, 1), date_from_ymd(2022, 2, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_as_the_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
