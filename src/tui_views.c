/* tui_views: what each screen does, one struct tui_view_ops a screen.
 * Loading reads the store (tui_data.c), drawing only draws (tui_draw.c);
 * the requests here move, open and go back, and return what to redo. */
#include <curses.h>

#include "kehoach/i18n.h"

#include "tui_internal.h"

/* A whole list away: far more rows than any list holds. */
#define FAR (1L << 40)

/* How far a moving request moves: a row, a page or to an end. */
static long request_delta(const struct tui *t, enum request req)
{
	long page = tui_pane_height(t) - 2;
	switch (req) {
	case REQ_UP:
		return -1;
	case REQ_DOWN:
		return 1;
	case REQ_PAGE_UP:
		return -page;
	case REQ_PAGE_DOWN:
		return page;
	case REQ_FIRST:
		return -FAR;
	default:
		return FAR;
	}
}

static bool moving(enum request req)
{
	return req == REQ_UP || req == REQ_DOWN || req == REQ_PAGE_UP ||
	       req == REQ_PAGE_DOWN || req == REQ_FIRST || req == REQ_LAST;
}

void tui_move_units(struct tui *t, long delta)
{
	if (!t->n_units)
		return;
	long sel = (long)t->unit_sel + delta;
	if (sel < 0)
		sel = 0;
	if (sel >= (long)t->n_units)
		sel = (long)t->n_units - 1;
	tui_select_unit(t, (size_t)sel);
	if (!tui_too_small(t))
		tui_scroll_units(t, tui_pane_height(t));
}

/* Enter on a duty: the detail, which Esc leaves for this screen. */
static int open_detail(struct tui *t, const struct duty_entry *d)
{
	if (!d)
		return 0;
	t->back = t->view;
	t->view = VIEW_DETAIL;
	t->detail_assignment = d->assignment;
	duty_entry_free(&t->detail_seen);
	duty_entry_copy(&t->detail_seen, d);
	t->detail_scroll = 0;
	return TUI_REDRAW | TUI_RELOAD;
}

/* A click selects the row under it, the wheel scrolls the list. */
static int pane_mouse(struct tui *t, struct duty_pane *pane, const struct event *ev,
		      int wheel)
{
	int top = 1, height = tui_pane_height(t);
	if (wheel)
		duty_pane_move(pane, wheel, height - 1);
	else if (ev->y > top && pane->top + (ev->y - top - 1) < pane->count)
		duty_pane_move(pane, pane->top + (ev->y - top - 1) - pane->selected,
			       height - 1);
	return TUI_REDRAW | TUI_RELOAD;
}

static void fill_pane(struct tui *t, struct duty_pane *pane)
{
	duty_pane_fill(t, pane, tui_pane_height(t) - 1);
}

/* ---- the units and their duties ------------------------------------------ */

static void main_load(struct tui *t)
{
	fill_pane(t, &t->main);
}

static const struct duty_entry *main_current(struct tui *t)
{
	return t->focus == PANE_DUTIES ? duty_pane_current(&t->main) : NULL;
}

static int main_request(struct tui *t, enum request req)
{
	if (moving(req)) {
		if (t->focus == PANE_DUTIES)
			duty_pane_move(&t->main, request_delta(t, req), tui_pane_height(t) - 1);
		else
			tui_move_units(t, request_delta(t, req));
		return TUI_REDRAW | TUI_RELOAD;
	}
	switch (req) {
	case REQ_TOGGLE_PANE:
		t->focus = t->focus == PANE_UNITS ? PANE_DUTIES : PANE_UNITS;
		return TUI_REDRAW | TUI_RELOAD;
	case REQ_UNITS_PANE:
	case REQ_DUTIES_PANE:
		t->focus = req == REQ_UNITS_PANE ? PANE_UNITS : PANE_DUTIES;
		return TUI_REDRAW | TUI_RELOAD;
	case REQ_OPEN:
		if (t->focus == PANE_UNITS) {
			t->focus = PANE_DUTIES;
			return TUI_REDRAW | TUI_RELOAD;
		}
		return open_detail(t, main_current(t));
	default:
		return TUI_REDRAW;
	}
}

static int main_mouse(struct tui *t, const struct event *ev, int wheel)
{
	if (ev->x < tui_units_width(t)) {
		t->focus = PANE_UNITS;
		if (wheel)
			tui_move_units(t, wheel);
		else
			tui_select_unit(t, t->unit_top + (size_t)(ev->y - 1));
		return TUI_REDRAW | TUI_RELOAD;
	}
	t->focus = PANE_DUTIES;
	return pane_mouse(t, &t->main, ev, wheel);
}

/* It is cut at the terminal's width, so the keys most wanted come first:
 * on the units, the checklist and printing it before the phase filter and
 * reload (the help lists them all). */
static struct tui_key_line units_keys = { .requests = (const enum request[]){
	REQ_QUIT, REQ_HELP, REQ_DUTIES_PANE, REQ_SEARCH, REQ_OVERDUE, REQ_STATS, REQ_CHECKLIST,
	REQ_PRINT, REQ_PHASE_ALL, REQ_RELOAD, REQ_ARCHIVED, REQ_NONE } };
static struct tui_key_line duties_keys = { .requests = (const enum request[]){
	REQ_QUIT, REQ_HELP, REQ_OPEN, REQ_TOGGLE_DONE, REQ_DONE_ON, REQ_DOING, REQ_NOTE,
	REQ_UNDO, REQ_UNITS_PANE, REQ_SEARCH, REQ_EDIT, REQ_NONE } };

static const char *main_keys(const struct tui *t)
{
	return tui_key_line(t->focus == PANE_UNITS ? &units_keys : &duties_keys);
}

static int main_back(struct tui *t)
{
	t->focus = PANE_UNITS;
	return TUI_REDRAW | TUI_RELOAD;
}

/* ---- search results and overdue duties ----------------------------------- */

static void list_load(struct tui *t)
{
	fill_pane(t, &t->list);
}

static const struct duty_entry *list_current(struct tui *t)
{
	return duty_pane_current(&t->list);
}

static int list_request(struct tui *t, enum request req)
{
	if (moving(req)) {
		duty_pane_move(&t->list, request_delta(t, req), tui_pane_height(t) - 1);
		return TUI_REDRAW | TUI_RELOAD;
	}
	if (req == REQ_OPEN)
		return open_detail(t, list_current(t));
	/* Tab and the arrows between panes: this screen has one. */
	return TUI_REDRAW;
}

static int list_mouse(struct tui *t, const struct event *ev, int wheel)
{
	return pane_mouse(t, &t->list, ev, wheel);
}

static struct tui_key_line list_key_line = { .requests = (const enum request[]){
	REQ_QUIT, REQ_HELP, REQ_BACK, REQ_OPEN, REQ_TOGGLE_DONE, REQ_DONE_ON, REQ_DOING,
	REQ_NOTE, REQ_UNDO, REQ_NONE } };

static const char *list_keys(const struct tui *t)
{
	(void)t;
	return tui_key_line(&list_key_line);
}

static int list_back(struct tui *t)
{
	t->view = VIEW_MAIN;
	return TUI_REDRAW | TUI_RELOAD;
}

/* ---- one duty in full ---------------------------------------------------- */

static const struct duty_entry *detail_current(struct tui *t)
{
	return t->detail_seen.assignment ? &t->detail_seen : NULL;
}

/* Moving scrolls; the draw keeps the scroll within the lines. */
static int detail_request(struct tui *t, enum request req)
{
	if (!moving(req))
		return req == REQ_OPEN ? 0 : TUI_REDRAW;
	long delta = request_delta(t, req);
	t->detail_scroll += delta > (1L << 30) ? 1 << 20 :
			    delta < -(1L << 30) ? -(1 << 20) : (int)delta;
	return TUI_REDRAW;
}

static int detail_mouse(struct tui *t, const struct event *ev, int wheel)
{
	(void)ev;
	t->detail_scroll += wheel;
	return TUI_REDRAW;
}

/* Moving scrolls the text here. */
static struct tui_key_line detail_key_line = { .requests = (const enum request[]){
	REQ_QUIT, REQ_BACK, REQ_TOGGLE_DONE, REQ_DONE_ON, REQ_DOING, REQ_NOTE, REQ_UNDO,
	REQ_UP, REQ_NONE } };

static const char *detail_keys(const struct tui *t)
{
	(void)t;
	return tui_key_line(&detail_key_line);
}

static int detail_back(struct tui *t)
{
	t->view = t->back;
	return TUI_REDRAW | TUI_RELOAD;
}

/* ---- help ---------------------------------------------------------------- */

/* Nothing to move or open on the help. */
static int help_request(struct tui *t, enum request req)
{
	(void)t;
	return req == REQ_OPEN ? 0 : TUI_REDRAW;
}

static struct tui_key_line help_key_line = { .requests = (const enum request[]){
	REQ_BACK, REQ_QUIT, REQ_NONE } };

static const char *help_keys(const struct tui *t)
{
	(void)t;
	return tui_key_line(&help_key_line);
}

static int help_back(struct tui *t)
{
	t->view = t->help_back;
	return TUI_REDRAW | TUI_RELOAD;
}

/* ---- the summary table ---------------------------------------------------- */

static void stats_move(struct tui *t, long delta)
{
	if (!t->n_stats)
		return;
	long sel = (long)t->stats_sel + delta;
	if (sel >= (long)t->n_stats)
		sel = (long)t->n_stats - 1;
	t->stats_sel = sel < 0 ? 0 : (size_t)sel;
}

/* Enter on a unit: its duties, in the units pane's screen. */
static int stats_open(struct tui *t)
{
	size_t index;
	if (!tui_stats_unit(t, &index)) {
		tui_message(t, "%s", _("That unit is no longer in any plan."));
		return TUI_REDRAW;
	}
	tui_select_unit(t, index);
	t->focus = PANE_DUTIES;
	t->view = VIEW_MAIN;
	return TUI_REDRAW | TUI_RELOAD;
}

/* Moving only draws: the rows are read when the data change. */
static int stats_request(struct tui *t, enum request req)
{
	if (moving(req)) {
		stats_move(t, request_delta(t, req));
		return TUI_REDRAW;
	}
	return req == REQ_OPEN ? stats_open(t) : TUI_REDRAW;
}

static int stats_mouse(struct tui *t, const struct event *ev, int wheel)
{
	int first = 1 + TUI_STATS_HEAD;
	if (wheel)
		stats_move(t, wheel);
	else if (ev->y >= first)
		stats_move(t, (long)t->stats_top + (ev->y - first) - (long)t->stats_sel);
	return TUI_REDRAW;
}

static struct tui_key_line stats_key_line = { .requests = (const enum request[]){
	REQ_QUIT, REQ_HELP, REQ_BACK, REQ_OPEN, REQ_RELOAD, REQ_NONE } };

static const char *stats_keys(const struct tui *t)
{
	(void)t;
	return tui_key_line(&stats_key_line);
}

static int stats_back(struct tui *t)
{
	t->view = t->stats_back;
	return TUI_REDRAW | TUI_RELOAD;
}

/* ---- the table ----------------------------------------------------------- */

static const struct tui_view_ops view_ops[] = {
	[VIEW_MAIN] = { main_load, tui_draw_main, main_request, main_mouse, main_current,
			main_keys, main_back },
	[VIEW_LIST] = { list_load, tui_draw_list, list_request, list_mouse, list_current,
			list_keys, list_back },
	[VIEW_DETAIL] = { tui_load_detail, tui_draw_detail, detail_request, detail_mouse,
			  detail_current, detail_keys, detail_back },
	/* Nothing to read, click on or change. */
	[VIEW_HELP] = { NULL, tui_draw_help, help_request, NULL, NULL, help_keys,
			help_back },
	/* Units, not duties: no duty to change. */
	[VIEW_STATS] = { tui_load_stats, tui_draw_stats, stats_request, stats_mouse, NULL,
			 stats_keys, stats_back },
};

const struct tui_view_ops *tui_view_ops(enum tui_view view)
{
	return &view_ops[view];
}

void tui_load(struct tui *t, int flags)
{
	if (flags & TUI_RELOAD_COUNTS)
		tui_load_units(t);
	if (tui_too_small(t) || !(flags & TUI_RELOAD))
		return;
	const struct tui_view_ops *ops = tui_view_ops(t->view);
	if (ops->load)
		ops->load(t);
}
