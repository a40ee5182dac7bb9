/* tui_keys: the requests every screen shares (the keys that ask for them
 * are in tui_key_table.c), and the editor's line; the screen's own
 * requests go to its tui_view_ops. Handlers return flags saying what to
 * redo, so that the main loop stays simple. */
#include <curses.h>
#include <string.h>

#include "kehoach/i18n.h"
#include "kehoach/text.h"
#include "tui_internal.h"

bool tui_too_small(const struct tui *t)
{
	return t->cols < TUI_MIN_COLS || t->rows < TUI_MIN_ROWS;
}

static void start_edit(struct tui *t, enum edit_kind kind, const char *initial)
{
	t->edit_kind = kind;
	line_edit_init(&t->edit, initial, kind == EDIT_NOTE ? STORE_NOTE_MAX : 0);
}

static void open_overdue(struct tui *t)
{
	duty_pane_set(&t->list, t->today, NULL, NULL, NULL, t->phase,
		      DUTY_ORDER_LATEST_DEADLINE, true);
	t->list.snapshot_slot = TUI_SNAPSHOT_OVERDUE;
	snprintf(t->list_title, sizeof(t->list_title), "%s", _("Overdue, most recent deadline first"));
	t->view = VIEW_LIST;
}

static void open_search(struct tui *t, const char *text)
{
	duty_pane_set(&t->list, t->today, NULL, NULL, text, t->phase,
		      DUTY_ORDER_PLAN, false);
	t->list.snapshot_slot = TUI_SNAPSHOT_SEARCH;
	char *safe = text_sanitize(text, 0);
	snprintf(t->list_title, sizeof(t->list_title), _("Search “%s”"), safe);
	x_free(safe);
	t->view = VIEW_LIST;
}

static void set_phase(struct tui *t, int phase)
{
	t->phase = phase;
	t->main.filter.phase = phase;
	t->main.stale = true;
	t->main.rephase = true;
	t->main.selected = t->main.top = 0;
	t->list.filter.phase = phase;
	t->list.stale = true;
	t->list.rephase = true;
	t->list.selected = t->list.top = 0;
}

/* A typed (or pasted) character, at the editor's cursor. */
static void insert_char(struct tui *t, int c)
{
	char utf8[TEXT_UTF8_SIZE];
	text_encode_codepoint(c, utf8);
	/* Only the note editor has a limit. */
	if (!line_edit_insert(&t->edit, utf8))
		tui_message(t, _("A note holds at most %d bytes (a letter with accents takes 2 or 3):"
				 " the rest was left out."), STORE_NOTE_MAX);
}

/* The day typed at the completion date prompt: empty for today, else a
 * date the one date parser reads, today or before. Returns false, with
 * the reason on the message line, for anything else. */
static bool typed_done_on(struct tui *t, const char *typed, kh_date *day)
{
	/* Today as the clock has it now, a moment past midnight too. */
	tui_check_day(t);
	char today[DATE_STR_SIZE];
	date_format_vn(t->today, today);
	if (typed[strspn(typed, " ")] == '\0') {
		*day = t->today;
		return true;
	}
	switch (date_parse(typed, day, NULL)) {
	case DATE_PARSE_OK:
		if (*day <= t->today)
			return true;
		tui_message(t, _("%s is after today (%s): type the day the duty was done."),
			    typed, today);
		return false;
	case DATE_PARSE_IMPOSSIBLE:
		tui_message(t, _("There is no day %s. Type dd/mm/yyyy, or Enter alone for today."),
			    typed);
		return false;
	default:
		tui_message(t, _("Not a date: “%s”. Type dd/mm/yyyy, or Enter alone for today."),
			    typed);
		return false;
	}
}

/* Enter at the completion date prompt: marks the duty done on that day;
 * a day refused leaves the prompt open, with what was typed. */
static int finish_done_on(struct tui *t)
{
	kh_date day;
	/* Refused, the day may still have moved on (past midnight). */
	if (!typed_done_on(t, buf_str(&t->edit.text), &day))
		return TUI_REDRAW | TUI_RELOAD;
	line_edit_free(&t->edit);
	t->edit_kind = EDIT_NONE;
	int flags = tui_mark(t, &t->edit_seen, CHANGE_DONE_ON, NULL, day);
	duty_entry_free(&t->edit_seen);
	return flags;
}

/* Enter at the progress prompt: a whole number from 0 to 100 ("60", or
 * "60%") records it; anything else leaves the prompt open, with what was
 * typed. */
static int finish_progress(struct tui *t)
{
	char typed[32];
	snprintf(typed, sizeof(typed), "%s", buf_str(&t->edit.text));
	size_t len = strlen(typed);
	if (len && typed[len - 1] == '%')
		typed[len - 1] = '\0';
	int percent;
	if (duty_progress_parse(typed, &percent) < 0) {
		tui_message(t, _("Not a percentage: “%s”. Type a whole number from 0 to 100."),
			    buf_str(&t->edit.text));
		return TUI_REDRAW;
	}
	line_edit_free(&t->edit);
	t->edit_kind = EDIT_NONE;
	int flags = tui_set_progress(t, &t->edit_seen, percent);
	duty_entry_free(&t->edit_seen);
	return flags;
}

/* Keys typed into the note editor, the search prompt or the completion
 * date prompt. A message (the limit's, a date refused) stays until the
 * next key. */
static int handle_edit(struct tui *t, const struct event *ev)
{
	t->message[0] = '\0';
	if (ev->kind == EVENT_CHAR && (ev->code == '\n' || ev->code == '\r') &&
	    t->edit_kind == EDIT_DONE_ON)
		return finish_done_on(t);
	if (ev->kind == EVENT_CHAR && (ev->code == '\n' || ev->code == '\r') &&
	    t->edit_kind == EDIT_PROGRESS)
		return finish_progress(t);
	if (ev->kind == EVENT_CHAR && (ev->code == '\n' || ev->code == '\r')) {
		char *text = buf_steal(&t->edit.text);
		enum edit_kind kind = t->edit_kind;
		line_edit_free(&t->edit);
		t->edit_kind = EDIT_NONE;
		int flags = TUI_REDRAW;
		if (kind == EDIT_NOTE) {
			/* Against the duty as it was when the editing began: a
			 * note someone saved meanwhile is not overwritten. */
			flags = tui_mark(t, &t->edit_seen, CHANGE_NOTE, text, KH_DATE_NONE);
			duty_entry_free(&t->edit_seen);
		} else if (*text) {
			open_search(t, text);
			flags |= TUI_RELOAD;
		}
		x_free(text);
		return flags;
	}
	if (ev->kind == EVENT_CHAR && ev->code == 27) {
		line_edit_free(&t->edit);
		duty_entry_free(&t->edit_seen);
		t->edit_kind = EDIT_NONE;
		tui_message(t, "%s", _("Cancelled."));
		return TUI_REDRAW;
	}
	if (ev->kind == EVENT_KEY) {
		switch (ev->code) {
		case KEY_BACKSPACE:
			line_edit_backspace(&t->edit);
			break;
		case KEY_DC:
			line_edit_delete(&t->edit);
			break;
		case KEY_LEFT:
			line_edit_left(&t->edit);
			break;
		case KEY_RIGHT:
			line_edit_right(&t->edit);
			break;
		case KEY_HOME:
			line_edit_home(&t->edit);
			break;
		case KEY_END:
			line_edit_end(&t->edit);
			break;
		}
		return TUI_REDRAW;
	}
	if (ev->kind == EVENT_CHAR) {
		if (ev->code == 127 || ev->code == 8) {
			line_edit_backspace(&t->edit);
		} else if (ev->code == 1) {          /* ^A */
			line_edit_home(&t->edit);
		} else if (ev->code == 5) {          /* ^E */
			line_edit_end(&t->edit);
		} else if (ev->code >= 0x20) {
			insert_char(t, ev->code);
		}
	}
	return TUI_REDRAW;
}

/* A click or the wheel, on the panes' rows: the screen's to handle. */
static int handle_mouse(struct tui *t, const struct event *ev)
{
	int top = 1, height = tui_pane_height(t);
	if (ev->y < top || ev->y >= top + height)
		return 0;
	int wheel = ev->kind == EVENT_WHEEL_UP ? -3 : ev->kind == EVENT_WHEEL_DOWN ? 3 : 0;
	const struct tui_view_ops *ops = tui_view_ops(t->view);
	return ops->mouse ? ops->mouse(t, ev, wheel) : 0;
}

/* The duty a change key acts on; NULL, after saying so, when none is
 * selected. */
static const struct duty_entry *duty_to_change(struct tui *t)
{
	const struct tui_view_ops *ops = tui_view_ops(t->view);
	const struct duty_entry *d = ops->current ? ops->current(t) : NULL;
	if (!d)
		tui_message(t, "%s", _("Select a duty first (Tab moves to the duties)."));
	return d;
}

static int change_state(struct tui *t, enum request req)
{
	const struct duty_entry *d = duty_to_change(t);
	if (!d)
		return TUI_REDRAW;
	return tui_mark(t, d, req == REQ_DOING ? CHANGE_DOING : CHANGE_TOGGLE_DONE, NULL,
			KH_DATE_NONE);
}

/* n, X and %: an editor on the message line for the duty the screen shows,
 * which the change is then checked against. */
static int edit_duty(struct tui *t, enum edit_kind kind)
{
	const struct duty_entry *d = duty_to_change(t);
	if (!d)
		return TUI_REDRAW;
	duty_entry_free(&t->edit_seen);
	duty_entry_copy(&t->edit_seen, d);
	/* Edit the note the screen shows, not a blank one. */
	start_edit(t, kind, kind == EDIT_NOTE ? d->note : NULL);
	return TUI_REDRAW;
}

static int handle_request(struct tui *t, enum request req)
{
	switch (req) {
	case REQ_UP: case REQ_DOWN: case REQ_PAGE_UP: case REQ_PAGE_DOWN:
	case REQ_FIRST: case REQ_LAST:
	case REQ_TOGGLE_PANE: case REQ_UNITS_PANE: case REQ_DUTIES_PANE:
	case REQ_OPEN:
		return tui_view_ops(t->view)->request(t, req);
	case REQ_BACK:
		return tui_view_ops(t->view)->back(t);
	case REQ_TOGGLE_DONE:
	case REQ_DOING:
		return change_state(t, req);
	case REQ_NOTE:
		return edit_duty(t, EDIT_NOTE);
	case REQ_DONE_ON:
		return edit_duty(t, EDIT_DONE_ON);
	case REQ_PROGRESS:
		return edit_duty(t, EDIT_PROGRESS);
	case REQ_UNDO:
		return tui_undo(t);
	case REQ_SEARCH:
		start_edit(t, EDIT_SEARCH, NULL);
		return TUI_REDRAW;
	case REQ_OVERDUE:
		open_overdue(t);
		return TUI_REDRAW | TUI_RELOAD;
	case REQ_STATS:
		if (t->view != VIEW_STATS) {
			t->stats_back = t->view;
			t->view = VIEW_STATS;
		}
		return TUI_REDRAW | TUI_RELOAD;
	case REQ_PHASE_ALL:
		set_phase(t, -1);
		return TUI_REDRAW | TUI_RELOAD;
	case REQ_PHASE_BEFORE:
	case REQ_PHASE_DURING:
	case REQ_PHASE_AFTER:
		set_phase(t, PHASE_BEFORE + (int)(req - REQ_PHASE_BEFORE));
		return TUI_REDRAW | TUI_RELOAD;
	case REQ_CHECKLIST:
	case REQ_PRINT:
		tui_write_checklist(t, req == REQ_PRINT);
		return TUI_REDRAW;
	case REQ_MAIL:
		tui_mail_checklist(t);
		return TUI_REDRAW;
	case REQ_RELOAD:
		return tui_reload(t);
	case REQ_ARCHIVED:
		return tui_toggle_archived(t);
	case REQ_EDIT: {
		const struct duty_entry *d = duty_to_change(t);
		return d ? tui_edit_duty(t, d) : TUI_REDRAW;
	}
	case REQ_HELP:
		if (t->view != VIEW_HELP) {
			t->help_back = t->view;
			t->view = VIEW_HELP;
		}
		return TUI_REDRAW | TUI_RELOAD;
	case REQ_QUIT:
		return TUI_QUIT;
	case REQ_NONE:
		break;
	}
	return 0;
}

int tui_handle(struct tui *t, const struct event *ev)
{
	switch (ev->kind) {
	case EVENT_TICK:
		return tui_poll_changes(t);
	case EVENT_RESIZE:
		/* The detail is laid out at the screen's width. */
		return TUI_REDRAW | TUI_RELOAD;
	case EVENT_CLICK:
	case EVENT_WHEEL_UP:
	case EVENT_WHEEL_DOWN:
		/* Nothing to click on a too-small screen or while editing. */
		if (t->edit_kind != EDIT_NONE || tui_too_small(t))
			return 0;
		return handle_mouse(t, ev);
	case EVENT_CHAR:
	case EVENT_KEY:
		break;
	default:
		return 0;
	}
	if (t->edit_kind != EDIT_NONE)
		return handle_edit(t, ev);
	if (tui_too_small(t))
		return ev->kind == EVENT_CHAR && ev->code == 'q' ? TUI_QUIT : 0;
	/* A message stays until the next key. */
	t->message[0] = '\0';
	return handle_request(t, tui_request_of(ev->code, ev->kind == EVENT_KEY));
}

bool tui_moves_units(const struct tui *t, const struct event *ev)
{
	if ((ev->kind != EVENT_CHAR && ev->kind != EVENT_KEY) || t->edit_kind != EDIT_NONE ||
	    tui_too_small(t) || t->view != VIEW_MAIN || t->focus != PANE_UNITS)
		return false;
	switch (tui_request_of(ev->code, ev->kind == EVENT_KEY)) {
	case REQ_UP:
	case REQ_DOWN:
	case REQ_PAGE_UP:
	case REQ_PAGE_DOWN:
	case REQ_FIRST:
	case REQ_LAST:
		return true;
	default:
		return false;
	}
}
