/* tui internals shared by tui*.c: the interface's state, its input events
 * and the functions one file offers the others. */
#ifndef KEHOACH_TUI_INTERNAL_H
#define KEHOACH_TUI_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "kehoach/line_edit.h"
#include "kehoach/store.h"
#include "kehoach/tui.h"

/* Below this the screen says it is too small instead of drawing. */
#define TUI_MIN_COLS 50
#define TUI_MIN_ROWS 10

enum tui_view {
	VIEW_MAIN,      /* units pane + duties pane */
	VIEW_LIST,      /* search results or overdue duties, across units */
	VIEW_DETAIL,    /* one duty in full */
	VIEW_HELP,
	VIEW_STATS,     /* the summary table: units ranked, for the director */
};

enum tui_pane { PANE_UNITS, PANE_DUTIES };

/* What a key handler asks the main loop to do next. */
enum tui_flags {
	TUI_REDRAW = 1 << 0,
	TUI_RELOAD = 1 << 1,          /* the current view reads again what it shows */
	TUI_RELOAD_COUNTS = 1 << 2,   /* the units pane and its counts too */
	TUI_QUIT = 1 << 3,
};

/* Requests: keys of every screen map to these. */
enum request {
	REQ_NONE,
	REQ_UP, REQ_DOWN, REQ_PAGE_UP, REQ_PAGE_DOWN, REQ_FIRST, REQ_LAST,
	REQ_TOGGLE_PANE, REQ_UNITS_PANE, REQ_DUTIES_PANE, REQ_OPEN, REQ_BACK,
	REQ_TOGGLE_DONE, REQ_DONE_ON, REQ_DOING, REQ_PROGRESS, REQ_NOTE, REQ_UNDO,
	REQ_SEARCH, REQ_OVERDUE, REQ_STATS,
	REQ_PHASE_ALL, REQ_PHASE_BEFORE, REQ_PHASE_DURING, REQ_PHASE_AFTER,
	REQ_CHECKLIST, REQ_PRINT, REQ_MAIL, REQ_RELOAD, REQ_ARCHIVED, REQ_EDIT, REQ_HELP, REQ_QUIT,
};

/* One input event, from the terminal or from a headless key script. */
enum event_kind {
	EVENT_CHAR,      /* a typed character: code */
	EVENT_KEY,       /* a curses function key: code is KEY_* */
	EVENT_CLICK,     /* x, y */
	EVENT_WHEEL_UP,
	EVENT_WHEEL_DOWN,
	EVENT_RESIZE,    /* cols, rows (headless) or the terminal's new size */
	EVENT_TICK,      /* idle: time to look for other users' changes */
	EVENT_NONE,      /* terminal: no more input has arrived yet */
	EVENT_CLOCK,     /* headless: the clock moves code seconds on */
	EVENT_DUMP,      /* headless: write the screen out */
	EVENT_END,       /* headless: the script is over */
};

struct event {
	enum event_kind kind;
	int code;
	int x, y;
	int cols, rows;
};

struct tui;
struct duty_entry;

/* What one screen does (as tig's view_ops): the main loop calls these
 * instead of asking which screen it is on. */
struct tui_view_ops {
	/* Reads from the store what draw shows: the only place a screen
	 * queries. Called before a draw that follows TUI_RELOAD (NULL:
	 * nothing to read). */
	void (*load)(struct tui *t);
	/* Draws the screen between the header and the bottom lines from
	 * what load read; never queries. */
	void (*draw)(struct tui *t, int top, int height);
	/* The screen's own requests (moving, opening, panes); returns
	 * enum tui_flags. */
	int (*request)(struct tui *t, enum request req);
	/* A click or wheel at ev's x, y inside the panes' rows (NULL:
	 * nothing to click on). */
	int (*mouse)(struct tui *t, const struct event *ev, int wheel);
	/* The duty keys such as x and n act on, as the screen shows it,
	 * or NULL (no operation: none ever). */
	const struct duty_entry *(*current)(struct tui *t);
	/* The key line at the bottom, the keys most wanted first. */
	const char *(*keys)(const struct tui *t);
	/* Esc: where it goes from here. */
	int (*back)(struct tui *t);
};

/* One row of the units pane: a plan, or a unit of it. */
struct unit_entry {
	bool is_plan;
	char *plan_id;
	char *unit_id;       /* NULL for a plan row */
	char *name;          /* unit name, or plan title */
	char *detail;        /* group members, or the plan's number */
	bool is_group;
	int tet;             /* plan rows: the year of the plan's Tết, or 0 */
	bool archived;       /* of an archived plan (shown with A) */
	int total, done, overdue;
};

/* One row of the summary table, as store_stats() ranks them. */
struct stats_entry {
	char *plan_id;
	char *unit_id;
	char *name;
	struct outcome_counts counts;
	struct outcome_rates rates;
};

/* One visible row of a duty list. */
struct duty_entry {
	long long assignment;
	char *name;          /* ID, ID@UNIT or PLAN/ID */
	char *duty_id;       /* the id the plan file gives it */
	char *plan_id;
	char *unit_id;
	char *owner_id;      /* the unit or group the plan gave it to */
	char *text;
	char *note;          /* NULL if none */
	kh_date deadline;
	kh_date done_on;
	enum duty_state state;
	bool overdue, due_soon;
	bool cancelled;      /* withdrawn */
	int progress;        /* 0-100, -1 when none was given */
	bool archived;       /* its plan is archived */
};

/* A scrolling list of duties read a window at a time from the store, so
 * that 100,000 duties never sit in memory. */
struct duty_pane {
	struct duty_filter filter;
	char *plan, *unit, *search;     /* owned copies behind filter */
	long count;
	long selected;
	long top;
	struct duty_entry *rows;        /* rows filter.offset … + n_rows - 1 */
	size_t n_rows;
	bool stale;                     /* count and rows must be re-read */
	unsigned long gen;              /* which read of the rows they are (0:
					 * none): the draw redraws only the
					 * rows that changed while it is the
					 * same */
	/* Lists that may be long (a whole plan, a search, the overdue duties)
	 * are searched once into the store's snapshot number snapshot_slot
	 * and paged from it; resnap asks for a new search. 0: no snapshot. */
	int snapshot_slot;
	bool resnap;
	/* Only the phase changed: the snapshot is filtered again (a list
	 * whose rows marks cannot change: not the overdue duties). */
	bool rephase;
};

/* The store snapshots the panes page from: a unit's duties, a plan
 * row's, a search, the overdue duties. Each in a slot of its own, so that
 * the store reuses it when the same list is asked for again (a plan row
 * selected again, the overdue list opened again after a mark). */
enum {
	TUI_SNAPSHOT_UNIT = 1,
	TUI_SNAPSHOT_PLAN = 2,
	TUI_SNAPSHOT_SEARCH = 3,
	TUI_SNAPSHOT_OVERDUE = 4,
};
_Static_assert(TUI_SNAPSHOT_OVERDUE <= STORE_SNAPSHOTS, "a slot for each list");

enum edit_kind {
	EDIT_NONE,
	EDIT_NOTE,
	EDIT_SEARCH,
	EDIT_DONE_ON,    /* the day a duty was done (X) */
	EDIT_PROGRESS,   /* how far a duty being done is, in percent (%) */
};

/* What a duty list on screen was drawn from (see struct tui_drawn). */
struct duty_pane_drawn {
	const struct duty_pane *pane;
	unsigned long gen;
	long top, selected, count;
	int x0, top_y, height, width;
	bool focused;
	const char *title;
};

/* What the screen shows now, so that a draw redraws only what changed:
 * moving between units redraws the two rows of the units pane that
 * changed and the duties, moving between duties two rows. Valid only
 * while nothing else drew over it (another view, a resize). */
struct tui_drawn {
	bool valid;
	enum tui_view view;
	int cols, rows;
	bool color;
	unsigned long units_gen;     /* of t->units, when drawn */
	size_t header_plan;          /* the plan row the header named, */
	unsigned long header_gen;    /* of the units as they were then */
	kh_date today;
	size_t unit_top, unit_sel;
	int units_width;
	bool units_focused;
	struct duty_pane_drawn duties;
	char message[512];
	const char *keys;
	bool editing;
};

struct tui {
	const struct tui_options *opts;
	struct store *store;
	struct actor actor;
	int cols, rows;
	kh_date today;       /* follows the clock, unless opts->today_pinned */
	long long clock;     /* headless: the time KEHOACH_TUI_CLOCK set and
			      * <Clock +N> moves on; 0: the system's clock */
	bool headless;
	bool color;
	FILE *keys;          /* headless key script */
	FILE *dump;          /* headless screen output */
	enum tui_view view;
	enum tui_view back;       /* where Esc goes from the detail view */
	enum tui_view help_back;  /* and from the help view */
	enum tui_pane focus;
	struct unit_entry *units;
	size_t n_units;
	size_t unit_sel;
	size_t unit_top;
	struct duty_pane main;
	struct duty_pane list;
	char list_title[256];
	int phase;                   /* -1: all phases */
	bool show_archived;          /* archived plans shown too (A) */
	long long detail_assignment;
	struct duty_entry detail_seen;   /* the duty as the detail last showed it */
	int detail_scroll;
	char **detail_lines;             /* the detail as its load laid it out */
	size_t n_detail_lines;
	struct stats_entry *stats;       /* the summary table, ranked */
	size_t n_stats;
	size_t stats_sel, stats_top;
	struct outcome_counts stats_total;
	enum tui_view stats_back;        /* where Esc goes from it */
	char message[512];
	long long data_version;
	enum edit_kind edit_kind;
	struct line_edit edit;
	struct duty_entry edit_seen;     /* the duty whose note (or day done) is
					  * being edited, as it was when the
					  * editor opened */
	bool damaged;                    /* the check found the database unsound:
					  * the session ends, writing nothing */
	bool first_paint;                /* the first screen: the units' names
					  * alone, today without the lunar
					  * date; both come right after */
	unsigned long units_gen;         /* moves on whenever t->units change */
	unsigned long rows_gen;          /* the last duty_pane.gen given out */
	struct tui_drawn drawn;
};

/* tui_data.c: reading the store into the panes, and changing it. */
void tui_load_units(struct tui *t);
void tui_load_unit_names(struct tui *t);
void tui_units_free(struct tui *t);
void tui_select_unit(struct tui *t, size_t index);
/* Where the interface opens: the first unit the user heads, else the
 * unit tui_load_units() chose. */
size_t tui_home_unit(const struct tui *t);
void duty_pane_set(struct duty_pane *pane, kh_date today, const char *plan,
		   const char *unit, const char *search, int phase,
		   enum duty_order order, bool overdue);
void duty_pane_free(struct duty_pane *pane);
/* Reads the count and the rows visible in height lines, when stale or
 * scrolled. */
void duty_pane_fill(struct tui *t, struct duty_pane *pane, int height);
/* Moves the selection by delta (clamped), scrolling to keep it visible. */
void duty_pane_move(struct duty_pane *pane, long delta, int height);
const struct duty_entry *duty_pane_current(const struct duty_pane *pane);
/* Reads one assignment as it is now into *out (free it with
 * duty_entry_free()); false when it is gone. */
bool tui_read_assignment(struct tui *t, long long assignment,
			 struct duty_entry *out);
void duty_entry_free(struct duty_entry *e);
/* An owned copy of e (free it with duty_entry_free()). */
void duty_entry_copy(struct duty_entry *out, const struct duty_entry *e);
/* What a key asks of a duty; the new state follows from its current one,
 * read once. */
enum tui_change {
	CHANGE_TOGGLE_DONE,   /* done, or not done again */
	CHANGE_DOING,
	CHANGE_NOTE,          /* the note alone; state and done day kept */
	CHANGE_DONE_ON,       /* done, on a day given (today or before) */
};
/* Changes a duty as the user asked, from what the screen showed (seen):
 * if someone changed it since, nothing is written and the message says who
 * and when. note is for CHANGE_NOTE, day for CHANGE_DONE_ON. */
int tui_mark(struct tui *t, const struct duty_entry *seen, enum tui_change change,
	     const char *note, kh_date day);
/* Records how far a duty is (0-100), as `kehoach progress` does; a duty
 * not started becomes one being done. */
int tui_set_progress(struct tui *t, const struct duty_entry *seen, int percent);
/* tui_mark(), tui_set_progress(), tui_undo(), tui_reload() and tui_poll_changes() return
 * enum tui_flags: what the change asks to be read again and redrawn. */
int tui_undo(struct tui *t);
/* Whether the database may be written: the session's check, waited for
 * with wait. False when it found the database unsound (t->damaged set:
 * the session ends) or, without wait, while it still runs. */
bool tui_database_sound(struct tui *t, bool wait);
int tui_reload(struct tui *t);
/* A: archived plans shown too, or left out again, in every view. */
int tui_toggle_archived(struct tui *t);
/* Syncs the plans folder as r does; when the file edited (NULL: none)
 * fails to load, the message gives its first error. */
int tui_reload_plans(struct tui *t, const char *edited);
void tui_write_checklist(struct tui *t, bool print);
int tui_poll_changes(struct tui *t);
/* Reads the duty the detail shows, and lays out its lines at the
 * screen's width. */
void tui_load_detail(struct tui *t);
void tui_detail_free(struct tui *t);
/* Reads the summary table as `kehoach stats` counts it, as of today,
 * keeping the selection on the same unit. */
void tui_load_stats(struct tui *t);
void tui_stats_free(struct tui *t);
/* The index in the units pane of the summary's selected unit; false when
 * the pane has no such unit. */
bool tui_stats_unit(const struct tui *t, size_t *index);
const char *tui_phase_label(int phase);
/* The time now, by the interface's clock. */
time_t tui_now(const struct tui *t);
/* Moves today to the clock's day when the date has changed (and today is
 * not pinned), with everything that depends on it; true when it did. */
bool tui_check_day(struct tui *t);
void tui_message(struct tui *t, const char *fmt, ...) KH_PRINTF(2, 3);

/* tui_draw.c */
void tui_draw(struct tui *t);
/* Scrolls the units pane (height rows) to keep its selection in view: at
 * each move, so that the scroll is the same whether the screen was drawn
 * between moves or not. */
void tui_scroll_units(struct tui *t, int height);
int tui_pane_height(const struct tui *t);
int tui_units_width(const struct tui *t);
void tui_colors_init(struct tui *t);
/* The screens' draw operations. */
void tui_draw_main(struct tui *t, int top, int height);
void tui_draw_list(struct tui *t, int top, int height);
void tui_draw_detail(struct tui *t, int top, int height);
void tui_draw_help(struct tui *t, int top, int height);
void tui_draw_stats(struct tui *t, int top, int height);
/* The summary's lines above its rows: totals, rates, legend, headings. */
#define TUI_STATS_HEAD 4

/* tui_views.c: the screens' operations. */
const struct tui_view_ops *tui_view_ops(enum tui_view view);
/* Reads what the current screen shows, as flags asks: counts, then the
 * screen. Nothing is read on a screen too small to draw. */
void tui_load(struct tui *t, int flags);
void tui_move_units(struct tui *t, long delta);

/* tui_key_table.c: the key table, and the help and key lines made from
 * it. */
/* The request a key asks for: a typed character, or a curses KEY_* when
 * function_key; REQ_NONE for a key bound to nothing. */
enum request tui_request_of(int code, bool function_key);
/* Line i of the help screen in the current language, NULL past its end.
 * Made from the table once a language; valid until the language changes. */
const char *tui_help_line(size_t i);
/* A screen's key line: the labels of its requests, in the order given. */
struct tui_key_line {
	const enum request *requests;   /* ended by REQ_NONE */
	const char *language;           /* which language text is in */
	struct buf text;
};
/* The key line in the current language, made once a language (line keeps
 * it); valid until the language changes. */
const char *tui_key_line(struct tui_key_line *line);

/* m: the selected unit's checklist mailed to the user (tui_data.c). */
void tui_mail_checklist(struct tui *t);

/* tui_edit.c: e, the selected duty's plan file in the user's editor, then
 * the plans synced; returns enum tui_flags. */
int tui_edit_duty(struct tui *t, const struct duty_entry *d);

/* tui_keys.c */
int tui_handle(struct tui *t, const struct event *ev);
/* Whether ev moves the selection in the units pane: a key that reads
 * nothing the screen shows, so that keys typed ahead of the screen need
 * not read and draw the duties of each unit they pass over. */
bool tui_moves_units(const struct tui *t, const struct event *ev);
bool tui_too_small(const struct tui *t);

#endif
