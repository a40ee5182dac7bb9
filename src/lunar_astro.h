/* lunar_astro: the Vietnamese lunar calendar's months computed from new
 * moons and solar terms (see lunar_astro.c), and the table of them that
 * lunar.c looks dates up in.
 *
 * The table is computed when kehoach is built: lunar_table_gen runs
 * lunar_astro_months() and writes it out as lunar_table.c, read-only
 * data. Filling it at run time was half of what `checklist --unit`
 * executes (18 million instructions, callgrind), paid again by every
 * report, calendar and first screen. */
#ifndef KEHOACH_LUNAR_ASTRO_H
#define KEHOACH_LUNAR_ASTRO_H

#include <stdbool.h>

#include "kehoach/lunar.h"

enum {
	/* The months 11 of these Gregorian years' winter solstices bound the
	 * lunar years LUNAR_YEAR_MIN … LUNAR_YEAR_MAX: lunar year y begins
	 * after the month 11 of y - 1, and its last months (11, 12 and maybe
	 * a leap one) come after the month 11 of y. */
	LUNAR_SOLSTICE_MIN = LUNAR_YEAR_MIN - 1,
	LUNAR_SOLSTICE_MAX = LUNAR_YEAR_MAX + 1,
	LUNAR_YEAR_COUNT = LUNAR_YEAR_MAX - LUNAR_YEAR_MIN + 1,
	/* Between the two, 12 or 13 months for each solstice. */
	LUNAR_MONTHS_MAX = (LUNAR_SOLSTICE_MAX - LUNAR_SOLSTICE_MIN) * 13,
};

/* Every month from the month 11 of LUNAR_SOLSTICE_MIN to (not including)
 * that of LUNAR_SOLSTICE_MAX, in order, and where each lunar year
 * begins. */
struct lunar_months {
	int count;
	kh_date start[LUNAR_MONTHS_MAX + 1];   /* start[count]: the month after */
	unsigned char number[LUNAR_MONTHS_MAX];
	bool leap[LUNAR_MONTHS_MAX];
	/* tet[y - LUNAR_YEAR_MIN]: the month 1 of lunar year y, for the years
	 * of the range and the one after, so that year y's months are tet[y]
	 * … tet[y + 1] - 1. */
	int tet[LUNAR_YEAR_COUNT + 1];
};

/* The table, as lunar_table_gen wrote it at build time. */
extern const struct lunar_months lunar_months;

/* Computes the table into *out (some 18 million instructions). */
void lunar_astro_months(struct lunar_months *out);

#endif
