/* tui: the curses interface unit heads work in. It reads and changes the
 * database only through the store's query layer (no SQL here).
 *
 * Headless mode, for tests and benchmarks: with KEHOACH_TUI_KEYS set to a
 * file of keys, the interface reads its keys from that file instead of the
 * terminal (which it then does not need), draws into a screen of
 * KEHOACH_TUI_SIZE (COLSxROWS, default 80x24), and writes the screen as
 * text to KEHOACH_TUI_SCREEN (or stdout) at each <Dump> and at the end.
 * The key file holds characters typed as themselves and names in angle
 * brackets: <Up> <Down> <Left> <Right> <PgUp> <PgDn> <Home> <End> <Enter>
 * <Esc> <Tab> <Space> <Backspace> <Del> <Wait> (an idle tick: live
 * updates are polled) <Dump> <Resize COLSxROWS> <Click X Y> <WheelUp X Y>
 * <WheelDown X Y> <lt> (a '<') <Clock +SECONDS>. Newlines in the file are
 * ignored.
 *
 * KEHOACH_TUI_CLOCK ("2022-01-28 23:59:50", local time) gives a headless
 * run a clock of its own that stands still but for <Clock +SECONDS>, so
 * that a test can cross midnight; without it the clock is the system's.
 * Unless the day is pinned (tui_options.today_pinned), today follows it. */
#ifndef KEHOACH_TUI_H
#define KEHOACH_TUI_H

#include "kehoach/report.h"
#include "kehoach/store.h"
#include "kehoach/workdays.h"

/* Re-syncs the plan files, telling on_event (with event_ctx) what became
 * of each; returns the number of files that failed, or -1 with err. */
typedef int (*tui_reload_fn)(void *ctx, sync_event_fn on_event, void *event_ctx,
			     struct kh_error *err);

struct tui_options {
	struct store *store;
	/* The day the interface opens on. Unless pinned (--today), the
	 * interface follows the clock from there: past midnight, today is
	 * the next day. */
	kh_date today;
	bool today_pinned;
	tui_reload_fn reload;
	void *reload_ctx;
	/* What `p` writes; asked when it is first wanted, as the answer
	 * may load a module (PDF) the start need not wait for. */
	enum report_format (*checklist_format)(void);
	/* The units whose duties the user may mark (NULL: all), from the
	 * configuration named by rules_file; the interface opens on the
	 * first of them. */
	const char *const *may_mark;
	const char *rules_file;
	/* The people behind logins: who changed a duty is shown by name
	 * (the detail, its history, conflicts, checklists); NULL: logins. */
	const struct people *people;
	/* The working days and how many of them "due soon" spans: past
	 * midnight the store is told the new span (store_set_due_soon). */
	struct workdays *calendar;
	int due_soon_days;
	/* m: mails a checklist to the user running the interface, saying
	 * where it went in said; NULL: mail cannot be sent from here. */
	int (*mail_report)(void *ctx, const struct report *r, char *said, size_t said_size,
			   struct kh_error *err);
	void *mail_ctx;
	/* Whether the database is sound, by the check of the session (run
	 * beside it, from the first time it is asked: the interface asks
	 * once its first screen is drawn): 1 sound, 0 not known yet (only
	 * without wait), -1 damaged or not checkable. The interface asks,
	 * waiting, before anything it writes, and without waiting between
	 * keys and when idle; at -1 it quits without writing, and its
	 * caller says why. NULL: sound. */
	int (*database_sound)(void *ctx, bool wait);
	void *database_ctx;
	/* CLOCK_MONOTONIC when the process started, in ns (0: when
	 * tui_run() started): KEHOACH_TUI_TIMING's first screen counts from
	 * it. */
	long long started_ns;
};

/* Whether the interface can start here (a headless key script, or a
 * terminal it can draw on). Returns 0, or -1 after one line on stderr
 * saying why not and what to do; writes no escape byte. Called before the
 * database is opened, so that a refused start changes nothing. */
int tui_check_terminal(void);

/* Runs the interface until the user quits; returns the exit code. When
 * stdin or stdout is not a terminal, or TERM is unset, unknown or names a
 * terminal that cannot move the cursor (dumb), prints one line to stderr
 * and returns 1 without writing an escape byte. */
int tui_run(const struct tui_options *opts);

#endif
