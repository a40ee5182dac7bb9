/* tui: starting and stopping curses, reading input (from the terminal or
 * a headless key script), signals, and the main loop. */
#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "kehoach/i18n.h"
#include "tui_internal.h"

/* Ticks of idle input between looks at the database for other users'
 * changes; a tick is TICK_MS. */
#define TICK_MS 250
#define TICKS_PER_POLL 4

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

/* Quits cleanly on SIGINT, SIGTERM and SIGHUP (a dropped SSH session):
 * the loop sees the flag, and endwin() restores the terminal. No
 * SA_RESTART, so that a blocked read returns at once. */
static void catch_stop_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* Says on one line why the terminal cannot be used and what to do;
 * returns -1. */
static int refuse_terminal(const char *why)
{
	fprintf(stderr, _("kehoach: %s; set TERM to your terminal's type (TERM=xterm-256color "
			  "suits most) or use a command such as 'kehoach list'\n"), why);
	return -1;
}

int tui_check_terminal(void)
{
	if (!i18n_utf8()) {
		fprintf(stderr, "%s", _("kehoach: this system has no UTF-8 locale (not even C.UTF-8),"
					" so the interface cannot draw Vietnamese; ask the administrator"
					" to install one (apt-get install locales, then locale-gen"
					" vi_VN.UTF-8), or use a command such as 'kehoach list'\n"));
		return -1;
	}
	const char *keys_path = getenv("KEHOACH_TUI_KEYS");
	if (keys_path && *keys_path)
		return 0;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "%s", _("kehoach: the interface needs a terminal; "
					"use a command such as 'kehoach list' in scripts\n"));
		return -1;
	}
	const char *term = getenv("TERM");
	if (!term || !*term)
		return refuse_terminal(_("TERM is not set, so the terminal cannot be driven"));
	char why[512];
	int err = 0;
	if (setupterm(term, STDOUT_FILENO, &err) != OK) {
		snprintf(why, sizeof(why), _("the terminal type '%s' is unknown or unusable"), term);
		return refuse_terminal(why);
	}
	/* What the screen needs, not a list of names: without cursor
	 * addressing (TERM=dumb, a printing terminal) it cannot be drawn. */
	const char *cup = tigetstr("cup");
	bool addressable = cup && cup != (const char *)-1;
	del_curterm(cur_term);
	if (!addressable) {
		snprintf(why, sizeof(why),
			 _("the terminal type '%s' cannot move the cursor, which the interface needs"),
			 term);
		return refuse_terminal(why);
	}
	return 0;
}

/* ---- headless key scripts ------------------------------------------------ */

static const struct {
	const char *name;
	enum event_kind kind;
	int code;
} named_keys[] = {
	{ "Up", EVENT_KEY, KEY_UP }, { "Down", EVENT_KEY, KEY_DOWN },
	{ "Left", EVENT_KEY, KEY_LEFT }, { "Right", EVENT_KEY, KEY_RIGHT },
	{ "PgUp", EVENT_KEY, KEY_PPAGE }, { "PgDn", EVENT_KEY, KEY_NPAGE },
	{ "Home", EVENT_KEY, KEY_HOME }, { "End", EVENT_KEY, KEY_END },
	{ "Backspace", EVENT_KEY, KEY_BACKSPACE }, { "Del", EVENT_KEY, KEY_DC },
	{ "BTab", EVENT_KEY, KEY_BTAB },
	{ "Enter", EVENT_CHAR, '\n' }, { "Esc", EVENT_CHAR, 27 },
	{ "Tab", EVENT_CHAR, '\t' }, { "Space", EVENT_CHAR, ' ' },
	{ "lt", EVENT_CHAR, '<' },
	{ "Wait", EVENT_TICK, 0 }, { "Dump", EVENT_DUMP, 0 },
};

/* Reads one UTF-8 character from fp; returns its code point, or -1. */
static int read_utf8(FILE *fp, int first)
{
	int c = first, extra = 0, cp;
	if (c < 0x80)
		return c;
	if ((c & 0xE0) == 0xC0)
		cp = c & 0x1F, extra = 1;
	else if ((c & 0xF0) == 0xE0)
		cp = c & 0x0F, extra = 2;
	else if ((c & 0xF8) == 0xF0)
		cp = c & 0x07, extra = 3;
	else
		return 0xFFFD;
	while (extra-- > 0) {
		int next = getc(fp);
		if (next == EOF || (next & 0xC0) != 0x80)
			return 0xFFFD;
		cp = (cp << 6) | (next & 0x3F);
	}
	return cp;
}

static bool parse_size(const char *s, int *cols, int *rows)
{
	return s && sscanf(s, "%dx%d", cols, rows) == 2 && *cols > 0 && *rows > 0 &&
	       *cols <= 1000 && *rows <= 1000;
}

static struct event script_event(struct tui *t)
{
	struct event ev = { .kind = EVENT_END };
	int c;
	do
		c = getc(t->keys);
	while (c == '\n' || c == '\r');
	if (c == EOF)
		return ev;
	if (c != '<') {
		ev.kind = EVENT_CHAR;
		ev.code = read_utf8(t->keys, c);
		return ev;
	}
	char name[64];
	size_t n = 0;
	while ((c = getc(t->keys)) != EOF && c != '>' && n + 1 < sizeof(name))
		name[n++] = (char)c;
	name[n] = '\0';
	for (size_t i = 0; i < KH_ARRAY_LEN(named_keys); i++) {
		if (!strcmp(named_keys[i].name, name)) {
			ev.kind = named_keys[i].kind;
			ev.code = named_keys[i].code;
			return ev;
		}
	}
	char size[32];
	if (sscanf(name, "Resize %31s", size) == 1 && parse_size(size, &ev.cols, &ev.rows)) {
		ev.kind = EVENT_RESIZE;
	} else if (sscanf(name, "Clock +%d", &ev.code) == 1 && ev.code >= 0) {
		ev.kind = EVENT_CLOCK;
	} else if (sscanf(name, "Click %d %d", &ev.x, &ev.y) == 2) {
		ev.kind = EVENT_CLICK;
	} else if (sscanf(name, "WheelUp %d %d", &ev.x, &ev.y) == 2) {
		ev.kind = EVENT_WHEEL_UP;
	} else if (sscanf(name, "WheelDown %d %d", &ev.x, &ev.y) == 2) {
		ev.kind = EVENT_WHEEL_DOWN;
	} else {
		fprintf(stderr, _("kehoach: unknown key <%s> in the key script\n"), name);
		ev.kind = EVENT_END;
	}
	return ev;
}

/* Writes the screen as UTF-8 text, one line per row, trailing blanks cut. */
static void dump_screen(struct tui *t)
{
	for (int y = 0; y < t->rows; y++) {
		struct buf line = { 0 };
		size_t keep = 0;
		cchar_t cells[1024];
		int n = mvin_wchnstr(y, 0, cells, t->cols < 1024 ? t->cols : 1023);
		for (int x = 0; n != ERR && x < t->cols && x < 1023; x++) {
			wchar_t wch[CCHARW_MAX + 1];
			attr_t attrs;
			short pair;
			if (getcchar(&cells[x], wch, &attrs, &pair, NULL) == ERR || !wch[0])
				break;
			for (int i = 0; wch[i]; i++) {
				char mb[MB_LEN_MAX];
				mbstate_t st;
				memset(&st, 0, sizeof(st));
				size_t len = wcrtomb(mb, wch[i], &st);
				if (len != (size_t)-1)
					buf_append(&line, mb, len);
			}
			if (wch[0] != L' ')
				keep = line.len;
		}
		fwrite(buf_str(&line), 1, keep, t->dump);
		fputc('\n', t->dump);
		buf_free(&line);
	}
	fputs("--\n", t->dump);
	fflush(t->dump);
}

/* ---- terminal input ------------------------------------------------------ */

/* The terminal's next event: waiting for it up to a tick (EVENT_TICK when
 * none came), or, with pending_only, only one that has already arrived
 * (EVENT_NONE when none has). */
static struct event terminal_event(bool pending_only)
{
	struct event ev = { .kind = pending_only ? EVENT_NONE : EVENT_TICK };
	wint_t wch;
	timeout(pending_only ? 0 : TICK_MS);
	int rc = wget_wch(stdscr, &wch);
	if (rc == ERR)
		return ev;
	if (rc == KEY_CODE_YES && wch == KEY_RESIZE) {
		ev.kind = EVENT_RESIZE;
		getmaxyx(stdscr, ev.rows, ev.cols);
		return ev;
	}
	if (rc == KEY_CODE_YES && wch == KEY_MOUSE) {
		MEVENT me;
		if (getmouse(&me) != OK)
			return ev;
		ev.x = me.x;
		ev.y = me.y;
		if (me.bstate & BUTTON4_PRESSED)
			ev.kind = EVENT_WHEEL_UP;
#ifdef BUTTON5_PRESSED
		else if (me.bstate & BUTTON5_PRESSED)
			ev.kind = EVENT_WHEEL_DOWN;
#endif
		else if (me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED))
			ev.kind = EVENT_CLICK;
		return ev;
	}
	ev.kind = rc == KEY_CODE_YES ? EVENT_KEY : EVENT_CHAR;
	ev.code = (int)wch;
	return ev;
}

/* ---- lifecycle ----------------------------------------------------------- */

static SCREEN *start_curses(struct tui *t, FILE **null_out, FILE **null_in)
{
	SCREEN *screen;
	if (t->headless) {
		/* A pinned terminal type and size: the same screen everywhere. */
		*null_out = fopen("/dev/null", "w");
		*null_in = fopen("/dev/null", "r");
		if (!*null_out || !*null_in)
			return NULL;
		screen = newterm("xterm-256color", *null_out, *null_in);
		if (!screen)
			return NULL;
		resizeterm(t->rows, t->cols);
	} else {
		screen = newterm(NULL, stdout, stdin);
		if (!screen)
			return NULL;
		getmaxyx(stdscr, t->rows, t->cols);
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	if (!t->headless) {
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
			  | BUTTON5_PRESSED
#endif
			  , NULL);
		mouseinterval(0);
	}
	tui_colors_init(t);
	return screen;
}

/* "2022-01-27 23:59:50", local time, into *out (seconds since the
 * epoch). */
static int parse_clock(const char *s, long long *out)
{
	struct tm tm;
	int end = 0;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%d-%d-%d %d:%d:%d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &end) != 6 || s[end] ||
	    !date_valid_ymd(tm.tm_year, tm.tm_mon, tm.tm_mday) || tm.tm_hour < 0 ||
	    tm.tm_hour > 23 || tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 ||
	    tm.tm_sec > 59)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	time_t when = mktime(&tm);
	if (when == (time_t)-1 || when <= 0)
		return -1;
	*out = (long long)when;
	return 0;
}

static int open_headless(struct tui *t, const char *keys_path)
{
	t->headless = true;
	t->cols = 80;
	t->rows = 24;
	const char *size = getenv("KEHOACH_TUI_SIZE");
	if (size && !parse_size(size, &t->cols, &t->rows)) {
		fprintf(stderr, _("kehoach: KEHOACH_TUI_SIZE must be COLSxROWS, not '%s'\n"),
			size);
		return -1;
	}
	t->keys = fopen(keys_path, "r");
	if (!t->keys) {
		fprintf(stderr, _("kehoach: cannot read the key script %s: %s\n"), keys_path,
			strerror(errno));
		return -1;
	}
	const char *clock = getenv("KEHOACH_TUI_CLOCK");
	if (clock && *clock && parse_clock(clock, &t->clock) < 0) {
		fprintf(stderr, _("kehoach: KEHOACH_TUI_CLOCK must be 'YYYY-MM-DD HH:MM:SS',"
				  " not '%s'\n"), clock);
		return -1;
	}
	const char *screen = getenv("KEHOACH_TUI_SCREEN");
	t->dump = screen && *screen ? fopen(screen, "w") : stdout;
	if (!t->dump) {
		fprintf(stderr, _("kehoach: cannot write %s: %s\n"), screen, strerror(errno));
		return -1;
	}
	return 0;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* Reads again what todo asks for (enum tui_flags), then draws. */
static void redraw(struct tui *t, int todo)
{
	tui_load(t, todo);
	tui_draw(t);
	wnoutrefresh(stdscr);
	doupdate();
}

/* The next event: from the key script, or from the terminal, there only
 * one already typed when pending_only. */
static struct event next_event(struct tui *t, bool pending_only)
{
	return t->headless ? script_event(t) : terminal_event(pending_only);
}

static void run_loop(struct tui *t)
{
	bool timing = t->headless && getenv("KEHOACH_TUI_TIMING");
	/* The first screen as the user waits for it: from the process's
	 * start, store and check included. */
	double start = t->opts->started_ns ? t->opts->started_ns / 1e6 : now_ms();
	double first = 0, busy_ms = 0;
	long keys = 0;
	int idle_ticks = 0;
	/* What the handlers asked for since the last draw (enum tui_flags). */
	int todo = 0;
	/* The keys since the last draw only moved in the units pane. */
	bool moved_units = false;
	redraw(t, TUI_RELOAD);
	first = now_ms() - start;
	/* The units' counts, in the paint right after the first. */
	if (t->first_paint)
		redraw(t, TUI_RELOAD_COUNTS);
	/* The check beside the session starts once the first screen is
	 * up, so that it takes nothing from it. */
	tui_database_sound(t, false);
	for (;;) {
		if (stop_signal)
			break;
		/* Keys typed into the editor need no screen between them: a
		 * paste is drawn once it is all in, not once a character.
		 * Nor do moves in the units pane typed ahead (a key held
		 * down): the duties are read and drawn for the unit they
		 * stop on, not for each one passed over. Other keys act on
		 * what the screen shows (a draw reads the rows they select
		 * from), so it is drawn before each. */
		bool batch = todo && (t->edit_kind != EDIT_NONE || moved_units);
		if (todo && !batch) {
			double draw_start = now_ms();
			redraw(t, todo);
			busy_ms += now_ms() - draw_start;
			todo = 0;
		}
		struct event ev = next_event(t, batch);
		/* The check beside the session, between keys and when idle:
		 * a damaged database ends the session at once. */
		if (stop_signal || ev.kind == EVENT_END ||
		    (!tui_database_sound(t, false) && t->damaged))
			break;
		if (ev.kind == EVENT_NONE || ev.kind == EVENT_DUMP) {
			if (todo)
				redraw(t, todo);
			todo = 0;
			moved_units = false;
			if (ev.kind == EVENT_DUMP)
				dump_screen(t);
			continue;
		}
		/* Nothing looks at the clock until the next key or tick. */
		if (ev.kind == EVENT_CLOCK) {
			t->clock += ev.code;
			continue;
		}
		double key_start = now_ms();
		/* Moves typed ahead end at a key that wants the screen. */
		bool moves_units = tui_moves_units(t, &ev);
		double draw_ms = 0;
		if (moved_units && !moves_units && todo) {
			redraw(t, todo);
			todo = 0;
			draw_ms = now_ms() - key_start;
		}
		moved_units = moves_units;
		/* Past midnight, on a key or an idle tick: the new day. */
		if (tui_check_day(t))
			todo |= TUI_REDRAW | TUI_RELOAD;
		if (ev.kind == EVENT_TICK && !t->headless && ++idle_ticks < TICKS_PER_POLL)
			continue;
		idle_ticks = 0;
		if (ev.kind == EVENT_RESIZE) {
			if (t->headless)
				resizeterm(ev.rows, ev.cols);
			t->rows = ev.rows;
			t->cols = ev.cols;
			erase();
			t->drawn.valid = false;
		}
		int flags = tui_handle(t, &ev);
		/* The key that quits is not counted, but a screen it drew
		 * for the keys before it is theirs. */
		if (flags & TUI_QUIT) {
			busy_ms += draw_ms;
			break;
		}
		/* A reload is drawn even if the handler did not ask. */
		if (flags & (TUI_REDRAW | TUI_RELOAD | TUI_RELOAD_COUNTS))
			todo |= flags;
		busy_ms += now_ms() - key_start;
		keys++;
	}
	if (t->headless && !t->damaged) {
		/* The last keys' screen: counted, as it may be theirs. */
		double draw_start = now_ms();
		if (todo)
			redraw(t, todo);
		busy_ms += now_ms() - draw_start;
		dump_screen(t);
	}
	if (timing)
		fprintf(stderr, "first screen %.2f ms; %ld keys, %.3f ms a key on average\n",
			first, keys, keys ? busy_ms / keys : 0.0);
}

int tui_run(const struct tui_options *opts)
{
	struct tui t = { .opts = opts, .store = opts->store, .phase = -1 };
	const char *keys_path = getenv("KEHOACH_TUI_KEYS");
	FILE *null_out = NULL, *null_in = NULL;
	int rc = 1;
	if (keys_path && *keys_path) {
		if (open_headless(&t, keys_path) < 0)
			goto out;
	} else if (tui_check_terminal() < 0) {
		return 1;
	}
	store_actor_from_process(&t.actor);
	t.actor.may_mark = opts->may_mark;
	t.actor.rules_file = opts->rules_file;
	t.actor.people = opts->people;
	t.today = opts->today;
	/* A headless clock may start on another day than the system's. */
	tui_check_day(&t);
	store_data_version(t.store, &t.data_version, NULL);
	tui_load_unit_names(&t);
	tui_select_unit(&t, tui_home_unit(&t));

	SCREEN *screen = start_curses(&t, &null_out, &null_in);
	if (!screen) {
		fprintf(stderr, "%s", _("kehoach: cannot start the terminal interface\n"));
		goto out;
	}
	catch_stop_signals();
	run_loop(&t);
	endwin();
	delscreen(screen);
	rc = stop_signal ? 128 + stop_signal : t.damaged ? 1 : 0;
out:
	line_edit_free(&t.edit);
	duty_entry_free(&t.detail_seen);
	tui_detail_free(&t);
	duty_entry_free(&t.edit_seen);
	duty_pane_free(&t.main);
	duty_pane_free(&t.list);
	tui_units_free(&t);
	tui_stats_free(&t);
	if (t.keys)
		fclose(t.keys);
	if (t.dump && t.dump != stdout)
		fclose(t.dump);
	if (null_out)
		fclose(null_out);
	if (null_in)
		fclose(null_in);
	return rc;
}
