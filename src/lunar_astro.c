/* lunar_astro: the Vietnamese lunar calendar, computed from new moons and
 * solar terms for UTC+7 (see lunar.h for the rules).
 *
 * New moons are numbered by their lunation k, 0 being that of 2000-01-06.
 * Meeus' series gives each new moon in Terrestrial Time; ΔT (Espenak and
 * Meeus' polynomials) turns it into UT, and adding seven hours gives the
 * local day it falls on, which is the first day of a month.
 *
 * Whether a month holds a major solar term only needs the sun's longitude
 * at two local midnights: the one that begins the month and the one that
 * begins the next month. The month holds a term exactly when the
 * longitude's 30° sector differs between the two; it holds the winter
 * solstice when the first is below 270° and the second is not. No
 * root-finding is needed, and a term that falls at 23:59 local time belongs
 * to the day it falls on.
 *
 * Everything is computed once, for all the years, into one table of the
 * 2500 months or so from the month 11 of 1899 to that of 2101: as many new
 * moons and sun longitudes. That happens when kehoach is built
 * (lunar_table_gen.c); lunar.c only looks the table up. Months are
 * numbered span by span, from one month 11 to the next, which is all the
 * rules speak of; lunar years (Tết to Tết) are cut from that list
 * afterwards. */
#include "lunar_astro.h"

#include <assert.h>
#include <math.h>

#define TZ_HOURS 7.0
#define DEG (3.14159265358979323846 / 180.0)
/* Julian Date of 1970-01-01 00:00 UT, day 0 of kh_date. */
#define JD_1970 2440587.5
#define JD_J2000 2451545.0
#define SYNODIC_MONTH 29.530588861

static double sin_deg(double degrees)
{
	return sin(degrees * DEG);
}

/* ΔT = TT - UT in seconds, at a fractional Gregorian year: Espenak and
 * Meeus' polynomials (NASA's eclipse canon, 2006) for 1860 … 2150; beyond
 * 2005 they are a forecast, good to a minute or so by 2100. */
static double delta_t_seconds(double year)
{
	double t;

	if (year < 1900) {
		t = year - 1860;
		return 7.62 + 0.5737 * t - 0.251754 * t * t +
		       0.01680668 * t * t * t - 0.0004473624 * pow(t, 4) +
		       pow(t, 5) / 233174;
	}
	if (year < 1920) {
		t = year - 1900;
		return -2.79 + 1.494119 * t - 0.0598939 * t * t +
		       0.0061966 * t * t * t - 0.000197 * pow(t, 4);
	}
	if (year < 1941) {
		t = year - 1920;
		return 21.20 + 0.84493 * t - 0.076100 * t * t +
		       0.0020936 * t * t * t;
	}
	if (year < 1961) {
		t = year - 1950;
		return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
	}
	if (year < 1986) {
		t = year - 1975;
		return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
	}
	if (year < 2005) {
		t = year - 2000;
		return 63.86 + 0.3345 * t - 0.060374 * t * t +
		       0.0017275 * t * t * t + 0.000651814 * pow(t, 4) +
		       0.00002373599 * pow(t, 5);
	}
	if (year < 2050) {
		t = year - 2000;
		return 62.92 + 0.32217 * t + 0.005589 * t * t;
	}
	t = (year - 1820) / 100;
	return -20 + 32 * t * t - 0.5628 * (2150 - year);
}

static double delta_t_days(double jd)
{
	return delta_t_seconds(2000.0 + (jd - JD_J2000) / 365.25) / 86400.0;
}

/* The Julian Ephemeris Day (TT) of new moon k: Meeus ch. 49, the mean
 * phase with the periodic terms of the new moon and the 14 planetary
 * arguments. */
static double new_moon_jde(int k)
{
	/* Sine terms: coefficient (days), power of E, and the multiples of
	 * M (sun's mean anomaly), M' (moon's) and F (argument of latitude). */
	static const struct {
		double coef;
		signed char e, m, mp, f;
	} terms[] = {
		{ -0.40720, 0, 0, 1, 0 },  { 0.17241, 1, 1, 0, 0 },
		{ 0.01608, 0, 0, 2, 0 },   { 0.01039, 0, 0, 0, 2 },
		{ 0.00739, 1, -1, 1, 0 },  { -0.00514, 1, 1, 1, 0 },
		{ 0.00208, 2, 2, 0, 0 },   { -0.00111, 0, 0, 1, -2 },
		{ -0.00057, 0, 0, 1, 2 },  { 0.00056, 1, 1, 2, 0 },
		{ -0.00042, 0, 0, 3, 0 },  { 0.00042, 1, 1, 0, 2 },
		{ 0.00038, 1, 1, 0, -2 },  { -0.00024, 1, -1, 2, 0 },
		{ -0.00007, 0, 2, 1, 0 },  { 0.00004, 0, 0, 2, -2 },
		{ 0.00004, 0, 3, 0, 0 },   { 0.00003, 0, 1, 1, -2 },
		{ 0.00003, 0, 0, 2, 2 },   { -0.00003, 0, 1, 1, 2 },
		{ 0.00003, 0, -1, 1, 2 },  { -0.00002, 0, -1, 1, -2 },
		{ -0.00002, 0, 1, 3, 0 },  { 0.00002, 0, 0, 4, 0 },
	};
	/* Planetary arguments A1 … A14: constant, rate per lunation, and
	 * coefficient; A1 also has a T² term. */
	static const double planetary[][3] = {
		{ 299.77, 0.107408, 0.000325 }, { 251.88, 0.016321, 0.000165 },
		{ 251.83, 26.651886, 0.000164 }, { 349.42, 36.412478, 0.000126 },
		{ 84.66, 18.206239, 0.000110 },  { 141.74, 53.303771, 0.000062 },
		{ 207.14, 2.453732, 0.000060 },  { 154.84, 7.306860, 0.000056 },
		{ 34.52, 27.261239, 0.000047 },  { 207.19, 0.121824, 0.000042 },
		{ 291.34, 1.844379, 0.000040 },  { 161.72, 24.198154, 0.000037 },
		{ 239.56, 25.513099, 0.000035 }, { 331.55, 3.592518, 0.000023 },
	};
	double t = k / 1236.85;
	double t2 = t * t, t3 = t2 * t, t4 = t3 * t;
	double jde = 2451550.09766 + SYNODIC_MONTH * k + 0.00015437 * t2 -
		     0.000000150 * t3 + 0.00000000073 * t4;
	double e = 1 - 0.002516 * t - 0.0000074 * t2;
	double m = 2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3;
	double mp = 201.5643 + 385.81693528 * k + 0.0107582 * t2 +
		    0.00001238 * t3 - 0.000000058 * t4;
	double f = 160.7108 + 390.67050284 * k - 0.0016118 * t2 -
		   0.00000227 * t3 + 0.000000011 * t4;
	double omega = 124.7746 - 1.56375588 * k + 0.0020672 * t2 +
		       0.00000215 * t3;

	for (size_t i = 0; i < sizeof(terms) / sizeof(terms[0]); i++) {
		double c = terms[i].coef;
		for (int p = 0; p < terms[i].e; p++)
			c *= e;
		jde += c * sin_deg(terms[i].m * m + terms[i].mp * mp +
				   terms[i].f * f);
	}
	jde += -0.00017 * sin_deg(omega);
	for (size_t i = 0; i < sizeof(planetary) / sizeof(planetary[0]); i++) {
		double a = planetary[i][0] + planetary[i][1] * k;
		if (i == 0)
			a -= 0.009173 * t2;
		jde += planetary[i][2] * sin_deg(a);
	}
	return jde;
}

/* The local day on which new moon k falls: the first day of its month. */
static kh_date new_moon_day(int k)
{
	double jde = new_moon_jde(k);
	double local = jde - delta_t_days(jde) + TZ_HOURS / 24 - JD_1970;
	return (kh_date)floor(local);
}

/* The sun's apparent longitude in degrees, 0 ≤ λ < 360, at the local
 * midnight that begins day: Meeus ch. 25, low precision (0.01°). */
static double sun_longitude(kh_date day)
{
	double jd = JD_1970 + day - TZ_HOURS / 24;
	double t = (jd + delta_t_days(jd) - JD_J2000) / 36525;
	double l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
	double m = 357.52911 + 35999.05029 * t - 0.0001537 * t * t;
	double c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin_deg(m) +
		   (0.019993 - 0.000101 * t) * sin_deg(2 * m) +
		   0.000289 * sin_deg(3 * m);
	double omega = 125.04 - 1934.136 * t;
	double lambda = l0 + c - 0.00569 - 0.00478 * sin_deg(omega);

	lambda = fmod(lambda, 360);
	return lambda < 0 ? lambda + 360 : lambda;
}

/* Which 30° sector (0 … 11) the sun is in as day begins: a month holds a
 * major solar term when this differs between its first day and the next
 * month's. */
static int sun_sector(kh_date day)
{
	int s = (int)(sun_longitude(day) / 30);
	return s > 11 ? 11 : s;
}

/* True when the sun has reached 270° (the winter solstice) as day begins;
 * meaningful for days within a few months of a December solstice. */
static bool solstice_reached(kh_date day)
{
	double lambda = sun_longitude(day);
	return lambda >= 270 || lambda < 90;
}

/* The lunation k whose month holds the winter solstice of Gregorian year
 * year: the last new moon whose day begins before the solstice. */
static int month11_lunation(int year)
{
	kh_date dec21 = date_from_ymd(year, 12, 21);
	int k = (int)floor((JD_1970 + dec21 - 2451550.09766) / SYNODIC_MONTH);

	while (solstice_reached(new_moon_day(k)))
		k--;
	while (!solstice_reached(new_moon_day(k + 1)))
		k++;
	return k;
}

/* In a span of 13 months from the month 11 at lunation k11, the place of
 * the leap month counted from month 11 (1 … 12): the first month in which
 * the sun enters no new 30° sector. */
static int leap_offset(int k11)
{
	int sector = sun_sector(new_moon_day(k11 + 1));

	for (int i = 1; i <= 12; i++) {
		int next = sun_sector(new_moon_day(k11 + i + 1));
		if (next == sector)
			return i;
		sector = next;
	}
	/* 13 new moons fit in one solar year only when some month misses
	 * every term. */
	assert(!"a 13-month span without a month free of terms");
	return 0;
}

/* The months of the span from the month 11 at lunation k11 to the one at
 * k11_next, numbered: the leap month (13 months) repeats the number
 * before it. Sets number[i] and leap[i] for each; returns the count. */
static int span_numbers(int k11, int k11_next, unsigned char *number, bool *leap)
{
	int count = k11_next - k11;
	int leap_at = 0;
	int n = 11;

	assert(count == 12 || count == 13);
	if (count == 13)
		leap_at = leap_offset(k11);
	for (int i = 0; i < count; i++) {
		if (i > 0 && i != leap_at)
			n = n % 12 + 1;
		number[i] = (unsigned char)n;
		leap[i] = i > 0 && i == leap_at;
	}
	return count;
}

void lunar_astro_months(struct lunar_months *table)
{
	int k11 = month11_lunation(LUNAR_SOLSTICE_MIN);
	int n = 0;

	/* Months are numbered span by span, from each month 11 to the next. */
	for (int year = LUNAR_SOLSTICE_MIN; year < LUNAR_SOLSTICE_MAX; year++) {
		int k11_next = month11_lunation(year + 1);
		int count = span_numbers(k11, k11_next, &table->number[n], &table->leap[n]);
		for (int i = 0; i < count; i++, n++)
			table->start[n] = new_moon_day(k11 + i);
		k11 = k11_next;
	}
	table->start[n] = new_moon_day(k11);
	table->count = n;

	/* A lunar year begins with its month 1 (never a leap one), and is
	 * named by the civil year of that day. */
	for (int i = 0; i < n; i++) {
		int year, month, day;
		if (table->number[i] != 1 || table->leap[i])
			continue;
		date_to_ymd(table->start[i], &year, &month, &day);
		assert(year >= LUNAR_YEAR_MIN && year <= LUNAR_YEAR_MAX + 1);
		table->tet[year - LUNAR_YEAR_MIN] = i;
	}
}

