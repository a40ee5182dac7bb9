/* tui_draw: laying the screen out and drawing it. Every string from a plan
 * or the database reaches the screen through text_truncate() or
 * text_wrap(), which sanitise it first. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kehoach/i18n.h"
#include "kehoach/lunar.h"
#include "kehoach/text.h"
#include "tui_internal.h"

enum color_pair {
	PAIR_OVERDUE = 1,
	PAIR_SOON,
	PAIR_DONE,
	PAIR_BAR,
	PAIR_HEADER,
};

void tui_colors_init(struct tui *t)
{
	const char *no_color = getenv("NO_COLOR");
	t->color = !(no_color && *no_color) && has_colors();
	if (!t->color)
		return;
	start_color();
	use_default_colors();
	init_pair(PAIR_OVERDUE, COLOR_RED, -1);
	init_pair(PAIR_SOON, COLOR_YELLOW, -1);
	init_pair(PAIR_DONE, COLOR_GREEN, -1);
	init_pair(PAIR_BAR, COLOR_GREEN, -1);
	init_pair(PAIR_HEADER, COLOR_WHITE, COLOR_BLUE);
}

/* The attribute for a kind of row; without colour, attributes alone (and
 * the '!' and '~' marks drawn in every mode) carry the meaning. */
static attr_t pair_attr(const struct tui *t, enum color_pair pair)
{
	if (t->color)
		return COLOR_PAIR(pair) | (pair == PAIR_DONE ? A_DIM : 0);
	switch (pair) {
	case PAIR_OVERDUE:
		return A_BOLD;
	case PAIR_SOON:
		return A_UNDERLINE;
	case PAIR_DONE:
		return A_DIM;
	case PAIR_HEADER:
		return A_REVERSE;
	default:
		return 0;
	}
}

int tui_pane_height(const struct tui *t)
{
	/* Header, and two lines at the bottom: the message and the keys. */
	return t->rows - 3;
}

int tui_units_width(const struct tui *t)
{
	int w = t->cols * 2 / 5;
	return w < 26 ? 26 : w > 48 ? 48 : w;
}

/* Draws s (sanitised, cut to width with an ellipsis) at y, x and fills the
 * rest of the width with spaces. */
static void put_cell(int y, int x, int width, const char *s, attr_t attr)
{
	/* Never past the screen's edge: curses would wrap onto the next row. */
	if (x + width > COLS)
		width = COLS - x;
	if (width <= 0)
		return;
	char *cut = text_truncate(s ? s : "", (size_t)width);
	int used = (int)text_width(cut);
	attron(attr);
	mvaddstr(y, x, cut);
	for (int i = used; i < width; i++)
		addch(' ');
	attroff(attr);
	x_free(cut);
}

/* "12 days to Tết  ", "Tết today  ", "3 days after Tết  " for a plan
 * about a Tết; "" otherwise. */
static void tet_countdown(int year, kh_date today, char *out, size_t size)
{
	kh_date tet = year ? lunar_tet(year) : KH_DATE_NONE;
	out[0] = '\0';
	if (tet == KH_DATE_NONE)
		return;
	long days = (long)today - (long)tet;
	if (days < 0)
		snprintf(out, size, ngettext("%ld day to Tết  ", "%ld days to Tết  ",
					     (unsigned long)-days), -days);
	else if (days == 0)
		snprintf(out, size, "%s", _("Tết today  "));
	else
		snprintf(out, size, ngettext("%ld day after Tết  ", "%ld days after Tết  ",
					     (unsigned long)days), days);
}

/* How much of today the header shows: with the lunar date, with the
 * weekday, or the date alone, as the width allows. */
enum today_detail {
	TODAY_LUNAR,
	TODAY_WEEKDAY,
	TODAY_DATE,
};

/* "Thứ Năm, 27/01/2022 — 25 tháng Chạp năm Tân Sửu" and its shorter forms. */
static void format_today(kh_date today, enum today_detail detail, char *out,
			 size_t size)
{
	char vn[DATE_STR_SIZE], lunar[LUNAR_LONG_SIZE];
	struct lunar_date ld;
	date_format_vn(today, vn);
	if (detail == TODAY_DATE) {
		snprintf(out, size, "%s", vn);
	} else if (detail == TODAY_LUNAR && lunar_from_date(today, &ld) == 0) {
		lunar_format_long(&ld, lunar);
		snprintf(out, size, "%s, %s — %s", date_weekday_name(today), vn, lunar);
	} else {
		snprintf(out, size, "%s, %s", date_weekday_name(today), vn);
	}
}

/* The plan's title keeps at least this much of the header (or a third of
 * a wide one) before today loses its details. */
#define HEADER_TITLE_MIN 20

/* Writes the header's right part, the countdown tet and today in as much
 * detail as leaves the title left its share; returns its width. */
static int header_right(const struct tui *t, const char *left, const char *tet,
			char *out, size_t size)
{
	char today[128];
	int title_min = t->cols / 3 > HEADER_TITLE_MIN ? t->cols / 3 : HEADER_TITLE_MIN;
	int left_width = (int)text_width(left);
	int need = left_width < title_min ? left_width : title_min;
	int width;
	/* The lunar calendar (a table of two centuries, some 4 ms to compute)
	 * waits for the paint after the first, as the units' counts do. */
	enum today_detail most = t->first_paint ? TODAY_WEEKDAY : TODAY_LUNAR;
	for (enum today_detail detail = most;; detail++) {
		format_today(t->today, detail, today, sizeof(today));
		snprintf(out, size, _(" %sToday %s"), tet, today);
		width = (int)text_width(out) + 1;
		if (detail == TODAY_DATE || t->cols - width >= need)
			return width;
	}
}

/* The plan row of the selected row (n_units when there is none). */
static size_t header_plan(const struct tui *t)
{
	if (t->unit_sel >= t->n_units)
		return t->n_units;
	size_t p = t->unit_sel;
	while (p > 0 && !t->units[p].is_plan)
		p--;
	return p;
}

static void draw_header(struct tui *t)
{
	char right[256], left[512] = "kehoach", tet[64] = "";
	size_t p = header_plan(t);
	struct tui_drawn *drawn = &t->drawn;
	/* What it says follows from the plan and the day alone. */
	if (drawn->valid && drawn->header_plan == p && drawn->header_gen == t->units_gen &&
	    drawn->today == t->today)
		return;
	drawn->header_plan = p;
	drawn->header_gen = t->units_gen;
	drawn->today = t->today;
	if (p < t->n_units) {
		const struct unit_entry *plan = &t->units[p];
		snprintf(left, sizeof(left), "%s%s%s", plan->name,
			 plan->detail ? " — " : "", plan->detail ? plan->detail : "");
		tet_countdown(plan->tet, t->today, tet, sizeof(tet));
	}
	int rw = header_right(t, left, tet, right, sizeof(right));
	put_cell(0, 0, t->cols - rw, left, pair_attr(t, PAIR_HEADER) | A_BOLD);
	put_cell(0, t->cols - rw, rw, right, pair_attr(t, PAIR_HEADER));
}

static void draw_progress(int y, int x, int width, int done, int total,
			  const struct tui *t)
{
	int filled = total ? (done * width + total / 2) / total : 0;
	move(y, x);
	attron(pair_attr(t, PAIR_BAR));
	for (int i = 0; i < filled; i++)
		addstr("█");
	attroff(pair_attr(t, PAIR_BAR));
	for (int i = filled; i < width; i++)
		addstr("░");
}

static void draw_unit_row(struct tui *t, int y, size_t idx, int width);

void tui_scroll_units(struct tui *t, int height)
{
	size_t sel = t->unit_sel;
	if (sel < t->unit_top)
		t->unit_top = sel;
	if (height > 0 && sel >= t->unit_top + (size_t)height)
		t->unit_top = sel - (size_t)height + 1;
}

static void draw_units(struct tui *t, int top, int height, int width)
{
	size_t sel = t->unit_sel;
	tui_scroll_units(t, height);
	struct tui_drawn *drawn = &t->drawn;
	bool focused = t->focus == PANE_UNITS;
	/* The same rows as drawn: only the selection may have moved. */
	if (drawn->valid && drawn->units_gen == t->units_gen && drawn->unit_top == t->unit_top &&
	    drawn->units_width == width && drawn->units_focused == focused) {
		size_t was = drawn->unit_sel;
		if (was != sel && was >= t->unit_top && was < t->unit_top + (size_t)height)
			draw_unit_row(t, top + (int)(was - t->unit_top), was, width);
		if (was != sel)
			draw_unit_row(t, top + (int)(sel - t->unit_top), sel, width);
	} else {
		for (int i = 0; i < height; i++)
			draw_unit_row(t, top + i, t->unit_top + (size_t)i, width);
	}
	drawn->units_gen = t->units_gen;
	drawn->unit_top = t->unit_top;
	drawn->unit_sel = sel;
	drawn->units_width = width;
	drawn->units_focused = focused;
}

/* Row idx of the units pane, at y. */
static void draw_unit_row(struct tui *t, int y, size_t idx, int width)
{
	size_t sel = t->unit_sel;
	if (idx >= t->n_units) {
		put_cell(y, 0, width, "", 0);
		return;
	}
	const struct unit_entry *e = &t->units[idx];
	bool selected = idx == sel;
	attr_t attr = selected ? (t->focus == PANE_UNITS ? A_REVERSE : A_BOLD) : 0;
	if (e->archived)
		attr |= A_DIM;
	/* Before the counts have come (the first screen), none is shown. */
	char counts[32] = "", overdue[16] = "";
	if (!t->first_paint)
		snprintf(counts, sizeof(counts), "%d/%d", e->done, e->total);
	if (e->overdue)
		snprintf(overdue, sizeof(overdue), "%d!", e->overdue);
	/* name | counts (right-aligned) | bar | overdue */
	const int counts_w = 8, overdue_w = 4;
	int bar = width >= 38 ? 6 : 0;
	int right = counts_w + (bar ? bar + 1 : 0) + overdue_w;
	char name[512];
	if (e->is_plan && e->archived)
		snprintf(name, sizeof(name), _("▾ %s (archived)"), e->plan_id);
	else if (e->is_plan)
		snprintf(name, sizeof(name), "▾ %s", e->plan_id);
	else if (e->is_group && !t->first_paint)
		snprintf(name, sizeof(name), "  %s [%s]", e->name,
			 e->detail ? e->detail : "");
	else
		snprintf(name, sizeof(name), "  %s", e->name);
	put_cell(y, 0, width - right, name, attr | (e->is_plan ? A_BOLD : 0));
	int x = width - right;
	char padded[40];
	snprintf(padded, sizeof(padded), "%*s ", counts_w - 1, counts);
	put_cell(y, x, counts_w, padded, attr);
	x += counts_w;
	if (bar && t->first_paint) {
		put_cell(y, x, bar + 1, "", attr);
		x += bar + 1;
	} else if (bar) {
		draw_progress(y, x, bar, e->done, e->total, t);
		x += bar;
		put_cell(y, x, 1, "", attr);
		x += 1;
	}
	put_cell(y, x, overdue_w, overdue,
		 e->overdue ? pair_attr(t, PAIR_OVERDUE) | attr : attr);
}


/* A duty's text as its row shows it: after "(withdrawn)" for a duty
 * withdrawn, after its progress ("60%") for one being done. */
static void duty_row_text(const struct duty_entry *d, char *out, size_t size)
{
	if (d->cancelled)
		snprintf(out, size, _("(withdrawn) %s"), d->text);
	else if (d->state == DUTY_DOING && d->progress >= 0)
		snprintf(out, size, "%d%% %s", d->progress, d->text);
	else
		snprintf(out, size, "%s", d->text);
}

/* The width of the id column: the longest name of the rows read, within
 * a third of the pane. */
static int id_column_width(const struct duty_pane *pane, int width)
{
	int id_width = 6;
	for (size_t i = 0; i < pane->n_rows; i++) {
		int w = (int)text_width(pane->rows[i].name);
		if (w > id_width)
			id_width = w;
	}
	return id_width > width / 3 ? width / 3 : id_width;
}

/* Row index of a duty list, at y. */
static void draw_duty_row(struct tui *t, const struct duty_pane *pane, long index, int y,
			  int x0, int width, int id_width, bool focused)
{
	long in_window = index - pane->filter.offset;
	if (index >= pane->count || in_window < 0 || (size_t)in_window >= pane->n_rows) {
		put_cell(y, x0, width, "", 0);
		return;
	}
	const struct duty_entry *d = &pane->rows[in_window];
	attr_t attr = 0;
	if (d->cancelled)
		attr = A_DIM;
	else if (d->state == DUTY_DONE)
		attr = pair_attr(t, PAIR_DONE);
	else if (d->overdue)
		attr = pair_attr(t, PAIR_OVERDUE);
	else if (d->due_soon)
		attr = pair_attr(t, PAIR_SOON);
	if (d->archived)
		attr |= A_DIM;
	if (index == pane->selected)
		attr |= focused ? A_REVERSE : A_BOLD;
	char date[DATE_STR_SIZE] = "—";
	if (d->deadline != KH_DATE_NONE)
		date_format_vn(d->deadline, date);
	const char *mark = d->overdue ? "!" : d->due_soon ? "~" : " ";
	char left[64], when[32], text[1024];
	duty_row_text(d, text, sizeof(text));
	/* No trailing blanks: the cell widths leave the gaps, and a cell cut
	 * at the pane's edge keeps its last character. */
	snprintf(left, sizeof(left), "%s", duty_state_box(d->state));
	snprintf(when, sizeof(when), "%s%s", date, mark);
	/* Box, id, deadline, text: each cut to what is left of the pane, so
	 * that nothing runs past its right edge. */
	const struct {
		const char *s;
		int width;
	} cells[] = {
		{ left, 4 }, { d->name, id_width + 1 }, { when, 12 },
		{ text, width },
	};
	int x = x0;
	for (size_t c = 0; c < KH_ARRAY_LEN(cells) && x < x0 + width; c++) {
		int w = cells[c].width < x0 + width - x ? cells[c].width : x0 + width - x;
		put_cell(y, x, w, cells[c].s, attr);
		x += w;
	}
}

/* Whether the list on screen is this one, from the same rows, in the same
 * place: then only the selection may have moved. */
static bool same_duties(const struct duty_pane_drawn *was, const struct duty_pane_drawn *now)
{
	return was->pane == now->pane && was->gen && was->gen == now->gen &&
	       was->top == now->top && was->count == now->count && was->x0 == now->x0 &&
	       was->top_y == now->top_y && was->height == now->height &&
	       was->width == now->width && was->focused == now->focused &&
	       was->title == now->title;
}

/* Draws a duty list, as its load filled it, in the rectangle; title above
 * it. Redraws only the rows whose selection changed when the list on
 * screen is the same. */
static void draw_duties(struct tui *t, struct duty_pane *pane, const char *title,
			int top, int x0, int height, int width, bool focused)
{
	struct duty_pane_drawn now = {
		.pane = pane, .gen = pane->gen, .top = pane->top, .selected = pane->selected,
		.count = pane->count, .x0 = x0, .top_y = top, .height = height,
		.width = width, .focused = focused, .title = title,
	};
	struct duty_pane_drawn *was = &t->drawn.duties;
	int rows = height - 1;
	if (t->drawn.valid && same_duties(was, &now)) {
		if (was->selected != now.selected) {
			int id_width = id_column_width(pane, width);
			long moved[] = { was->selected, now.selected };
			for (size_t i = 0; i < KH_ARRAY_LEN(moved); i++)
				if (moved[i] >= pane->top && moved[i] < pane->top + rows)
					draw_duty_row(t, pane, moved[i],
						      top + 1 + (int)(moved[i] - pane->top), x0,
						      width, id_width, focused);
		}
		*was = now;
		return;
	}
	*was = now;
	char head[600];
	snprintf(head, sizeof(head),
		 ngettext("%s — %ld duty, %s", "%s — %ld duties, %s",
			  (unsigned long)pane->count),
		 title, pane->count, tui_phase_label(pane->filter.phase));
	put_cell(top, x0, width, head, A_BOLD);
	int id_width = id_column_width(pane, width);
	for (int i = 0; i < rows; i++)
		draw_duty_row(t, pane, pane->top + i, top + 1 + i, x0, width, id_width, focused);
}

void tui_draw_detail(struct tui *t, int top, int height)
{
	int n = (int)t->n_detail_lines;
	if (t->detail_scroll > n - height)
		t->detail_scroll = n - height;
	if (t->detail_scroll < 0)
		t->detail_scroll = 0;
	for (int i = 0; i < height; i++) {
		size_t idx = (size_t)(t->detail_scroll + i);
		mvaddch(top + i, 0, ' ');
		put_cell(top + i, 1, t->cols - 1,
			 idx < t->n_detail_lines ? t->detail_lines[idx] : "",
			 idx == 0 ? A_BOLD : 0);
	}
}

void tui_draw_help(struct tui *t, int top, int height)
{
	for (int i = 0; i < height; i++) {
		const char *s = tui_help_line((size_t)i);
		mvaddch(top + i, 0, ' ');
		put_cell(top + i, 1, t->cols - 1, s ? s : "", i == 0 ? A_BOLD : 0);
	}
}

/* ---- the summary table ---------------------------------------------------- */

/* The parts of a unit's bar, in the order drawn: a letter for each, so
 * that the bar reads without colour, and the colour it has with. */
static const struct {
	char letter;
	enum color_pair pair;    /* 0: the terminal's own colour */
} bar_parts[] = {
	{ '=', PAIR_DONE }, { '~', PAIR_SOON }, { '.', 0 }, { '!', PAIR_OVERDUE },
};

/* The columns after the bar: the rates and the longest delay. */
static const char *const stats_headings[] = {
	N_("Done %"), N_("On time %"), N_("Overdue %"), N_("Max late"),
};

static int stats_column_width(size_t i)
{
	int w = (int)text_width(_(stats_headings[i]));
	return w < 7 ? 7 : w;
}

/* The attribute of a part of the bar: its colour, or a bold overdue part
 * without colour (the letters say the rest). */
static attr_t bar_attr(const struct tui *t, enum color_pair pair)
{
	if (!pair)
		return 0;
	if (t->color)
		return COLOR_PAIR(pair) | A_BOLD;
	return pair == PAIR_OVERDUE ? A_BOLD : 0;
}

/* A bar width columns wide, split in proportion to the counts (each part
 * ends where its running sum, rounded, ends). */
static void draw_outcome_bar(const struct tui *t, int y, int x, int width,
			     const struct outcome_counts *c)
{
	long parts[] = { c->done_on_time, c->done_late, c->in_time, c->overdue };
	long sum = 0;
	int drawn = 0;
	move(y, x);
	for (size_t i = 0; i < KH_ARRAY_LEN(parts); i++) {
		sum += parts[i];
		int end = c->total ? (int)((sum * width + c->total / 2) / c->total) : 0;
		attr_t attr = bar_attr(t, bar_parts[i].pair);
		attron(attr);
		for (; drawn < end && drawn < width; drawn++)
			addch((chtype)(unsigned char)bar_parts[i].letter);
		attroff(attr);
	}
	for (; drawn < width; drawn++)
		addch(' ');
}

/* The lines above the rows: the totals, the rates, the bar's legend and
 * the columns' headings. */
static void draw_stats_head(struct tui *t, int top, int name_width, int bar_width)
{
	const struct outcome_counts *c = &t->stats_total;
	struct outcome_rates r;
	outcome_rates(c, &r);
	char day[DATE_STR_SIZE], line[1024], done[32], on_time[32], overdue[32];
	date_format_vn(t->today, day);
	snprintf(line, sizeof(line),
		 ngettext("Summary as of %s: %ld duties, longest delay %d day",
			  "Summary as of %s: %ld duties, longest delay %d days",
			  (unsigned long)c->max_days_late),
		 day, c->total, c->max_days_late);
	put_cell(top, 0, t->cols, line, A_BOLD);
	/* The four figures with the bar's letters: the legend too. */
	snprintf(line, sizeof(line), _("= %ld on time  ~ %ld late  . %ld not yet due  ! %ld overdue"),
		 c->done_on_time, c->done_late, c->in_time, c->overdue);
	put_cell(top + 1, 0, t->cols, line, 0);
	i18n_percent(r.done, r.defined, done, sizeof(done));
	i18n_percent(r.on_time, r.defined, on_time, sizeof(on_time));
	i18n_percent(r.overdue, r.defined, overdue, sizeof(overdue));
	snprintf(line, sizeof(line), _("Of those come due: done %s, on time %s, overdue %s"),
		 done, on_time, overdue);
	put_cell(top + 2, 0, t->cols, line, 0);
	snprintf(line, sizeof(line), "%3s  %s", "#", _("Unit"));
	put_cell(top + 3, 0, 5 + name_width, line, A_BOLD);
	int x = 5 + name_width;
	put_cell(top + 3, x, bar_width + 1, "", A_BOLD);
	x += bar_width + 1;
	for (size_t i = 0; i < KH_ARRAY_LEN(stats_headings); i++) {
		int w = stats_column_width(i);
		snprintf(line, sizeof(line), "%*s%s", w - (int)text_width(_(stats_headings[i])),
			 "", _(stats_headings[i]));
		put_cell(top + 3, x, w + 1, line, A_BOLD);
		x += w + 1;
	}
}

/* A unit's row: rank, id and name, the bar, the rates, the longest delay. */
static void draw_stats_row(struct tui *t, int y, size_t index, int name_width,
			   int bar_width)
{
	const struct stats_entry *e = &t->stats[index];
	attr_t attr = index == t->stats_sel ? A_REVERSE : 0;
	char line[1024];
	snprintf(line, sizeof(line), "%3zu  %s %s", index + 1, e->unit_id, e->name);
	put_cell(y, 0, 4 + name_width, line, attr);
	put_cell(y, 4 + name_width, 1, "", 0);
	int x = 5 + name_width;
	draw_outcome_bar(t, y, x, bar_width, &e->counts);
	put_cell(y, x + bar_width, 1, "", 0);
	x += bar_width + 1;
	char cell[32];
	double rates[] = { e->rates.done, e->rates.on_time, e->rates.overdue };
	for (size_t i = 0; i < KH_ARRAY_LEN(stats_headings); i++) {
		if (i < KH_ARRAY_LEN(rates))
			i18n_percent(rates[i], e->rates.defined, cell, sizeof(cell));
		else
			snprintf(cell, sizeof(cell), "%d", e->counts.max_days_late);
		int w = stats_column_width(i);
		snprintf(line, sizeof(line), "%*s%s", w - (int)text_width(cell), "", cell);
		put_cell(y, x, w + 1, line,
			 i == 2 && e->counts.overdue ? pair_attr(t, PAIR_OVERDUE) : 0);
		x += w + 1;
	}
}

void tui_draw_stats(struct tui *t, int top, int height)
{
	int numbers = 0;
	for (size_t i = 0; i < KH_ARRAY_LEN(stats_headings); i++)
		numbers += stats_column_width(i) + 1;
	/* The bar takes a quarter of the width; the name what is left, at
	 * least 12 columns, the bar giving way on a narrow screen. */
	int bar_width = t->cols / 4;
	int name_width = t->cols - 5 - bar_width - 1 - numbers;
	if (name_width < 12) {
		bar_width -= 12 - name_width;
		name_width = 12;
	}
	if (bar_width < 4)
		bar_width = 4;
	draw_stats_head(t, top, name_width, bar_width);
	int rows = height - TUI_STATS_HEAD;
	if (rows < 1)
		return;
	if (t->stats_sel < t->stats_top)
		t->stats_top = t->stats_sel;
	if (t->stats_sel >= t->stats_top + (size_t)rows)
		t->stats_top = t->stats_sel - (size_t)rows + 1;
	for (int i = 0; i < rows; i++) {
		size_t index = t->stats_top + (size_t)i;
		int y = top + TUI_STATS_HEAD + i;
		if (index < t->n_stats)
			draw_stats_row(t, y, index, name_width, bar_width);
		else
			put_cell(y, 0, t->cols, "", 0);
	}
}

/* What the editor's line starts with. */
static const char *edit_label(enum edit_kind kind)
{
	switch (kind) {
	case EDIT_NOTE:
		return _("Note: ");
	case EDIT_DONE_ON:
		return _("Completion date [today]: ");
	case EDIT_PROGRESS:
		return _("Progress (0-100): ");
	default:
		return "/";
	}
}

static void draw_bottom(struct tui *t)
{
	int y = t->rows - 2;
	struct tui_drawn *drawn = &t->drawn;
	bool editing = t->edit_kind != EDIT_NONE;
	const char *keys = editing ? NULL : tui_view_ops(t->view)->keys(t);
	/* The key line is made once a language: the same text is the same
	 * pointer. */
	if (drawn->valid && !editing && !drawn->editing && drawn->keys == keys &&
	    !strcmp(drawn->message, t->message))
		return;
	drawn->editing = editing;
	drawn->keys = keys;
	snprintf(drawn->message, sizeof(drawn->message), "%s", t->message);
	if (editing) {
		const char *label = edit_label(t->edit_kind);
		int lw = (int)text_width(label);
		put_cell(y, 0, lw, label, A_BOLD);
		/* Keep the cursor on screen: a long line shows the part of
		 * it up to the cursor. */
		size_t x, start = line_edit_view(&t->edit, (size_t)(t->cols - lw), &x);
		put_cell(y, lw, t->cols - lw, buf_str(&t->edit.text) + start, 0);
		/* The editor's line is taken: a message (the note's limit)
		 * goes where the keys are. */
		if (t->message[0])
			put_cell(t->rows - 1, 0, t->cols, t->message, A_BOLD);
		else
			put_cell(t->rows - 1, 0, t->cols, tui_view_ops(t->view)->keys(t),
				 A_REVERSE);
		move(y, lw + (int)x);
		return;
	}
	put_cell(y, 0, t->cols, t->message, 0);
	put_cell(t->rows - 1, 0, t->cols, keys, A_REVERSE);
}

static void draw_too_small(struct tui *t)
{
	erase();
	char line[256];
	snprintf(line, sizeof(line), _("Terminal too small (%dx%d; needs %dx%d). Enlarge it, or press q to quit."),
		 t->cols, t->rows, TUI_MIN_COLS, TUI_MIN_ROWS);
	char **lines = text_wrap(line, (size_t)(t->cols > 0 ? t->cols : 1));
	int n = 0;
	while (lines[n])
		n++;
	int top = (t->rows - n) / 2;
	for (int i = 0; i < n && top + i < t->rows; i++)
		if (top + i >= 0)
			put_cell(top + i, 0, t->cols, lines[i], A_BOLD);
	text_lines_free(lines);
}

void tui_draw_main(struct tui *t, int top, int height)
{
	int uw = tui_units_width(t);
	draw_units(t, top, height, uw);
	if (!t->drawn.valid)
		for (int y = top; y < top + height; y++)
			mvaddstr(y, uw, "│");
	const char *title = t->unit_sel < t->n_units ? t->units[t->unit_sel].name : "";
	draw_duties(t, &t->main, title, top, uw + 1, height, t->cols - uw - 1,
		    t->focus == PANE_DUTIES);
}

void tui_draw_list(struct tui *t, int top, int height)
{
	draw_duties(t, &t->list, t->list_title, top, 0, height, t->cols, true);
}

void tui_draw(struct tui *t)
{
	curs_set(t->edit_kind != EDIT_NONE ? 1 : 0);
	struct tui_drawn *drawn = &t->drawn;
	if (tui_too_small(t)) {
		draw_too_small(t);
		drawn->valid = false;
		return;
	}
	/* What is on screen can be drawn over in part only on the screens
	 * that keep track of it, as they last drew it. */
	bool tracked = t->view == VIEW_MAIN || t->view == VIEW_LIST;
	if (!tracked || drawn->view != t->view || drawn->cols != t->cols ||
	    drawn->rows != t->rows || drawn->color != t->color)
		drawn->valid = false;
	draw_header(t);
	tui_view_ops(t->view)->draw(t, 1, tui_pane_height(t));
	draw_bottom(t);
	drawn->valid = tracked;
	drawn->view = t->view;
	drawn->cols = t->cols;
	drawn->rows = t->rows;
	drawn->color = t->color;
}
