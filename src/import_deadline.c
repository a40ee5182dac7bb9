/* import_deadline: the deadline a duty's text states (import_internal.h).
 *
 * The phrases are those of Vietnamese directives: "trước ngày 25/01/2022",
 * "chậm nhất ngày 25/01", "trước 17h00 ngày 25 tháng 01 năm 2022",
 * "trước Tết" (the last day of the old year: tet-1), "xong trước mùng 6
 * Tết" (mùng 6 is tet+5), "trước 23 tháng Chạp" (23/12 ÂL), "hoàn thành
 * trong tháng 01/2022" (its last day). As offices read them, "trước ngày
 * X" sets X as the deadline: the work is due by X. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"

/* Words that introduce a deadline, longest first. */
static const char *const deadline_leads[] = {
	"cham nhat la", "cham nhat", "han cuoi", "den het ngay", "truoc",
};

static bool is_number(const char *folded, int *value)
{
	size_t len = strlen(folded);
	if (len == 0 || len > 4 || strspn(folded, "0123456789") != len)
		return false;
	*value = atoi(folded);
	return true;
}

/* "25/01/2022", "25/01", "25-01-2022": day, month and the year (0 when
 * not written). */
static bool is_day_month(const char *folded, int *d, int *m, int *y)
{
	int n = 0;
	char sep;
	*y = 0;
	if (sscanf(folded, "%2d%c%2d%n", d, &sep, m, &n) != 3 || (sep != '/' && sep != '-'))
		return false;
	if (folded[n] == sep) {
		int more = 0;
		if (sscanf(folded + n + 1, "%4d%n", y, &more) != 1 || more != 4)
			return false;
		n += 1 + more;
	}
	return folded[n] == '\0';
}

/* The year of day/month when the text leaves it out: that of the Tết's
 * season (October to December before it, the rest in its year), else
 * the first such day from two months before the document's day. */
static int guess_year(const struct import_year_context *context, int month, int day)
{
	if (context->tet)
		return month >= 10 ? context->tet - 1 : context->tet;
	if (context->issued == KH_DATE_NONE)
		return 0;
	int y, m, d;
	date_to_ymd(context->issued, &y, &m, &d);
	if (date_valid_ymd(y, month, day) && date_from_ymd(y, month, day) < context->issued - 60)
		return y + 1;
	return y;
}

struct phrase {
	struct import_due due;
	size_t end;   /* the word after it */
};

static bool set_date(struct phrase *p, int y, int m, int d, bool guessed, size_t end)
{
	if (!date_valid_ymd(y, m, d))
		return false;
	p->due.kind = IMPORT_DUE_DATE;
	p->due.date = date_from_ymd(y, m, d);
	p->due.year_guessed = guessed;
	p->end = end;
	return true;
}

/* "25 tháng 01 năm 2022", "23 tháng Chạp", "15 tháng 12 âm lịch",
 * "mùng 10 tháng Giêng", "Rằm tháng Giêng" at i. */
static bool day_in_words(const struct import_words *w, size_t i,
			 const struct import_year_context *context, struct phrase *p)
{
	int d, m, y;
	if (import_words_match(w, i, "ram")) {
		d = 15;
	} else {
		if (import_words_match(w, i, "mung") || import_words_match(w, i, "mong"))
			i++;
		if (i >= w->n || !is_number(w->items[i].folded, &d))
			return false;
	}
	if (!import_words_match(w, i + 1, "thang"))
		return false;
	size_t j = i + 2;
	if (j >= w->n)
		return false;
	if (import_words_match(w, j, "chap") || import_words_match(w, j, "gieng")) {
		m = import_words_match(w, j, "chap") ? 12 : 1;
	} else if (is_number(w->items[j].folded, &m) && import_words_match(w, j + 1, "am lich")) {
		j += 2;
	} else if (is_number(w->items[j].folded, &m)) {
		if (import_words_match(w, j + 1, "nam") && j + 2 < w->n &&
		    is_number(w->items[j + 2].folded, &y) && y >= 1900)
			return set_date(p, y, m, d, false, j + 3);
		y = guess_year(context, m, d);
		return y && set_date(p, y, m, d, true, j + 1);
	} else {
		return false;
	}
	if (m < 1 || m > 12 || d < 1 || d > 30)
		return false;
	p->due.kind = IMPORT_DUE_LUNAR;
	p->due.lunar_day = d;
	p->due.lunar_month = m;
	p->end = j + 1;
	return true;
}

/* What follows "trước" (and its like) at i: a day, or a day of Tết. */
static bool deadline_at(const struct import_words *w, size_t i,
			const struct import_year_context *context, struct phrase *p)
{
	/* "17h00", "17 giờ" before the day. */
	if (i < w->n && strchr("0123456789", w->items[i].folded[0]) &&
	    strchr(w->items[i].folded, 'h'))
		i++;
	else if (i < w->n && is_number(w->items[i].folded, &(int){ 0 }) &&
		 import_words_match(w, i + 1, "gio"))
		i += 2;
	if (import_words_match(w, i, "ngay"))
		i++;
	if (i >= w->n)
		return false;
	int d, m, y, n;
	if (is_day_month(w->items[i].folded, &d, &m, &y)) {
		bool guessed = y == 0;
		if (guessed)
			y = guess_year(context, m, d);
		return y && set_date(p, y, m, d, guessed, i + 1);
	}
	if (day_in_words(w, i, context, p))
		return true;
	if ((import_words_match(w, i, "mung") || import_words_match(w, i, "mong")) &&
	    i + 1 < w->n && is_number(w->items[i + 1].folded, &n) && n >= 1 && n <= 30 &&
	    import_words_match(w, i + 2, "tet")) {
		p->due.kind = IMPORT_DUE_TET;
		p->due.tet_offset = n - 1;
		p->end = i + 3;
		return true;
	}
	if (import_words_match(w, i, "tet") && !import_words_match(w, i + 1, "duong lich")) {
		p->due.kind = IMPORT_DUE_TET;
		p->due.tet_offset = -1;
		p->end = import_words_match(w, i + 1, "nguyen dan") ? i + 3 : i + 1;
		return true;
	}
	return false;
}

/* "I", "II", "III", "IV" or a digit: a quarter; 0 when not one. */
static int quarter_number(const char *folded)
{
	static const char *const romans[] = { "i", "ii", "iii", "iv" };
	for (int q = 0; q < 4; q++)
		if (!strcmp(folded, romans[q]))
			return q + 1;
	int n;
	return is_number(folded, &n) && n >= 1 && n <= 4 ? n : 0;
}

/* "trong quý I/2023", "trong quý I năm 2023": the quarter's last day. */
static bool quarter_at(const struct import_words *w, size_t i, struct phrase *p)
{
	if (!import_words_match(w, i, "trong quy") || i + 2 >= w->n)
		return false;
	const char *f = w->items[i + 2].folded;
	const char *slash = strchr(f, '/');
	int y = 0, n = 0;
	if (slash) {
		char *q = x_strndup(f, (size_t)(slash - f));
		int quarter = quarter_number(q);
		x_free(q);
		if (!quarter || sscanf(slash + 1, "%4d%n", &y, &n) != 1 || n != 4 || slash[5])
			return false;
		return set_date(p, y, quarter * 3, date_days_in_month(y, quarter * 3), false, i + 3);
	}
	int quarter = quarter_number(f);
	if (!quarter || !import_words_match(w, i + 3, "nam") || i + 4 >= w->n ||
	    !is_number(w->items[i + 4].folded, &y) || y < 1900)
		return false;
	return set_date(p, y, quarter * 3, date_days_in_month(y, quarter * 3), false, i + 5);
}

/* "trong tháng 01/2022", "trong tháng 01 năm 2022": the month's last day. */
static bool month_at(const struct import_words *w, size_t i, struct phrase *p)
{
	if (!import_words_match(w, i, "trong thang") || i + 2 >= w->n)
		return false;
	int m, y, n = 0;
	const char *f = w->items[i + 2].folded;
	if (sscanf(f, "%2d/%4d%n", &m, &y, &n) == 2 && f[n] == '\0' && n >= 6)
		return m >= 1 && m <= 12 && set_date(p, y, m, date_days_in_month(y, m), false, i + 3);
	if (is_number(f, &m) && import_words_match(w, i + 3, "nam") && i + 4 < w->n &&
	    is_number(w->items[i + 4].folded, &y) && y >= 1900 && m >= 1 && m <= 12)
		return set_date(p, y, m, date_days_in_month(y, m), false, i + 5);
	return false;
}

static size_t lead_length(const struct import_words *w, size_t i)
{
	for (size_t k = 0; k < KH_ARRAY_LEN(deadline_leads); k++)
		if (import_words_match(w, i, deadline_leads[k])) {
			const char *s = deadline_leads[k];
			size_t words = 1;
			for (; *s; s++)
				words += *s == ' ';
			/* "trước, trong và sau Tết": a lead that ends its
			 * clause introduces nothing. */
			return w->items[i + words - 1].ends_clause ? 0 : words;
		}
	return 0;
}

void import_find_deadline(const char *text, const struct import_year_context *context,
			  struct import_due *due, struct arena *arena)
{
	memset(due, 0, sizeof(*due));
	due->date = KH_DATE_NONE;
	struct import_words w;
	import_words_split(text, &w);
	for (size_t i = 0; i < w.n; i++) {
		struct phrase p = { .due = { .date = KH_DATE_NONE } };
		size_t lead = lead_length(&w, i);
		if (!(lead && deadline_at(&w, i + lead, context, &p)) && !month_at(&w, i, &p) &&
		    !quarter_at(&w, i, &p))
			continue;
		const struct import_word *last = &w.items[p.end - 1];
		p.due.words = arena_strndup(arena, w.items[i].start,
					    (size_t)(last->start + last->len - w.items[i].start));
		*due = p.due;
		i = p.end - 1;
	}
	import_words_free(&w);
}
