/* tui_key_table: the key table, and what is generated from it: the help
 * screen and the key lines. A key is bound in one place, where the help
 * says what it does, so that the help cannot leave a key out (as tig's
 * request table). Apart from tui_keys.c so that a unit test can check the
 * table without curses running. */
#include <curses.h>
#include <stdio.h>

#include "kehoach/i18n.h"
#include "kehoach/text.h"
#include "tui_internal.h"

struct key_code {
	int code;
	bool function_key;      /* a curses KEY_*, not a typed character */
	enum request request;
};

/* A key line's label for one request of a binding. */
struct key_label {
	enum request request;
	const char *label;      /* N_(): the key, then a word or two */
};

/* Keys with one meaning, and how the help screen and the key lines show
 * them. */
struct key_binding {
	/* The keys as the help names them: key caps, alike in every
	 * language. */
	const char *names;
	/* N_(): what they do, on the help screen. */
	const char *help;
	/* On the help line of the binding before, in its second column. */
	bool beside;
	struct key_code codes[6];     /* ended by REQ_NONE */
	struct key_label labels[2];   /* ended by REQ_NONE */
};

static const struct key_binding bindings[] = {
	{ "↑ ↓  j k", N_("move"), false,
	  { { KEY_UP, true, REQ_UP }, { 'k', false, REQ_UP },
	    { KEY_DOWN, true, REQ_DOWN }, { 'j', false, REQ_DOWN } },
	  /* Shown where moving scrolls a text, not a list. */
	  { { REQ_UP, N_("↑↓ scroll") } } },
	{ "PgUp PgDn", N_("page"), true,
	  { { KEY_PPAGE, true, REQ_PAGE_UP }, { 2 /* ^B */, false, REQ_PAGE_UP },
	    { KEY_NPAGE, true, REQ_PAGE_DOWN }, { 6 /* ^F */, false, REQ_PAGE_DOWN } },
	  { { REQ_NONE, NULL } } },
	{ "Home End  g G", N_("first, last"), false,
	  { { KEY_HOME, true, REQ_FIRST }, { 'g', false, REQ_FIRST },
	    { KEY_END, true, REQ_LAST }, { 'G', false, REQ_LAST } },
	  { { REQ_NONE, NULL } } },
	/* The key line names Tab by where it goes from the pane it is on. */
	{ "Tab ← →", N_("switch pane"), true,
	  { { '\t', false, REQ_TOGGLE_PANE }, { KEY_BTAB, true, REQ_TOGGLE_PANE },
	    { KEY_RIGHT, true, REQ_DUTIES_PANE }, { 'l', false, REQ_DUTIES_PANE },
	    { KEY_LEFT, true, REQ_UNITS_PANE }, { 'h', false, REQ_UNITS_PANE } },
	  { { REQ_DUTIES_PANE, N_("Tab duties") }, { REQ_UNITS_PANE, N_("Tab units") } } },
	{ "Enter", N_("open a duty"), false,
	  { { '\n', false, REQ_OPEN }, { '\r', false, REQ_OPEN },
	    { KEY_ENTER, true, REQ_OPEN } },
	  { { REQ_OPEN, N_("Enter open") } } },
	{ "Esc", N_("back"), true,
	  { { 27 /* Esc */, false, REQ_BACK }, { KEY_BACKSPACE, true, REQ_BACK } },
	  { { REQ_BACK, N_("Esc back") } } },
	{ "Space  x", N_("done / not done"), false,
	  { { ' ', false, REQ_TOGGLE_DONE }, { 'x', false, REQ_TOGGLE_DONE } },
	  { { REQ_TOGGLE_DONE, N_("x done") } } },
	{ "s", N_("doing"), true,
	  { { 's', false, REQ_DOING } },
	  { { REQ_DOING, N_("s doing") } } },
	{ "X", N_("done on a day you type (dd/mm/yyyy; Enter alone: today)"), false,
	  { { 'X', false, REQ_DONE_ON } },
	  { { REQ_DONE_ON, N_("X done on…") } } },
	{ "%", N_("progress of a duty being done (0-100)"), false,
	  { { '%', false, REQ_PROGRESS } },
	  { { REQ_PROGRESS, N_("% progress") } } },
	{ "n", N_("write a note"), false,
	  { { 'n', false, REQ_NOTE } },
	  { { REQ_NOTE, N_("n note") } } },
	{ "u", N_("undo your last change"), true,
	  { { 'u', false, REQ_UNDO } },
	  { { REQ_UNDO, N_("u undo") } } },
	{ "e", N_("edit the duty in its plan file ($VISUAL, $EDITOR)"), false,
	  { { 'e', false, REQ_EDIT } },
	  { { REQ_EDIT, N_("e edit") } } },
	{ "/", N_("search all duties (no accents needed: tet finds Tết)"), false,
	  { { '/', false, REQ_SEARCH } },
	  { { REQ_SEARCH, N_("/ search") } } },
	{ "o", N_("overdue duties, most recent deadline first"), false,
	  { { 'o', false, REQ_OVERDUE } },
	  { { REQ_OVERDUE, N_("o overdue") } } },
	{ "d", N_("the summary table: units ranked, most overdue first"), false,
	  { { 'd', false, REQ_STATS } },
	  { { REQ_STATS, N_("d summary") } } },
	{ "1 2 3 0", N_("before / during / after Tết / all phases"), false,
	  { { '1', false, REQ_PHASE_BEFORE }, { '2', false, REQ_PHASE_DURING },
	    { '3', false, REQ_PHASE_AFTER }, { '0', false, REQ_PHASE_ALL } },
	  { { REQ_PHASE_ALL, N_("1-3,0 phase") } } },
	{ "p", N_("write the unit's checklist to a file"), false,
	  { { 'p', false, REQ_CHECKLIST } },
	  { { REQ_CHECKLIST, N_("p checklist") } } },
	{ "P", N_("print the unit's checklist (lp)"), false,
	  { { 'P', false, REQ_PRINT } },
	  { { REQ_PRINT, N_("P print") } } },
	{ "m", N_("mail the unit's checklist to yourself"), false,
	  { { 'm', false, REQ_MAIL } },
	  { { REQ_MAIL, N_("m mail") } } },
	{ "r", N_("reload plans"), false,
	  { { 'r', false, REQ_RELOAD } },
	  { { REQ_RELOAD, N_("r reload") } } },
	{ "A", N_("archived plans too"), true,
	  { { 'A', false, REQ_ARCHIVED } },
	  { { REQ_ARCHIVED, N_("A archived") } } },
	{ "?", N_("this help"), false,
	  { { '?', false, REQ_HELP } },
	  { { REQ_HELP, N_("? help") } } },
	{ "q", N_("quit"), true,
	  { { 'q', false, REQ_QUIT } },
	  { { REQ_QUIT, N_("q quit") } } },
};

/* The help screen's lines that are not keys, after them. */
static const char *const help_footer[] = {
	"",
	N_("  Mouse: click to select, wheel to scroll."),
	N_("  Changes by other unit heads appear within a second or two."),
};

/* TRANSLATORS: the help screen's columns, counted from 0 at its left
 * edge (the keys are at 2): where the text of a key goes, where a second
 * key on the same line goes, and where its text goes. Set them so that
 * your translations line up; at most 78 columns a line. */
static const char help_columns[] = N_("19 35 47");

/* The heading, a blank line, a line a binding not beside another, the
 * footer: no more lines than these. */
#define HELP_MAX_LINES (2 + KH_ARRAY_LEN(bindings) + KH_ARRAY_LEN(help_footer))

static struct {
	const char *language;   /* _(help_columns) when built: which language */
	struct buf lines[HELP_MAX_LINES];
	size_t n_lines;
} help;

enum request tui_request_of(int code, bool function_key)
{
	for (size_t i = 0; i < KH_ARRAY_LEN(bindings); i++)
		for (const struct key_code *k = bindings[i].codes; k->request != REQ_NONE; k++)
			if (k->code == code && k->function_key == function_key)
				return k->request;
	return REQ_NONE;
}

/* Spaces up to display column col, at least one after any text. */
static void pad_to(struct buf *line, int col)
{
	int width = (int)text_width(buf_str(line));
	buf_put_spaces(line, width + 1 < col ? (size_t)(col - width) : 1);
}

/* Line i of the help screen from the table, in the current language. */
static void build_help(const char *language)
{
	int text_col = 19, second_col = 35, second_text_col = 47;
	/* A translation that is not three columns keeps the English ones. */
	int cols[3];
	if (sscanf(language, "%d %d %d", &cols[0], &cols[1], &cols[2]) == 3) {
		text_col = cols[0];
		second_col = cols[1];
		second_text_col = cols[2];
	}
	for (size_t i = 0; i < help.n_lines; i++)
		buf_reset(&help.lines[i]);
	help.n_lines = 0;
	buf_puts(&help.lines[help.n_lines++], _("Keys"));
	help.n_lines++;
	for (size_t i = 0; i < KH_ARRAY_LEN(bindings); i++) {
		const struct key_binding *b = &bindings[i];
		struct buf *line = &help.lines[help.n_lines - 1];
		if (b->beside) {
			pad_to(line, second_col);
			buf_puts(line, b->names);
			pad_to(line, second_text_col);
		} else {
			line = &help.lines[help.n_lines++];
			buf_puts(line, "  ");
			buf_puts(line, b->names);
			pad_to(line, text_col);
		}
		buf_puts(line, _(b->help));
	}
	for (size_t i = 0; i < KH_ARRAY_LEN(help_footer); i++)
		buf_puts(&help.lines[help.n_lines++],
			 *help_footer[i] ? _(help_footer[i]) : "");
	help.language = language;
}

const char *tui_help_line(size_t i)
{
	const char *language = _(help_columns);
	if (help.language != language)
		build_help(language);
	return i < help.n_lines ? buf_str(&help.lines[i]) : NULL;
}

/* The key line's label of a request, NULL if the table has none. */
static const char *label_of(enum request request)
{
	for (size_t i = 0; i < KH_ARRAY_LEN(bindings); i++)
		for (const struct key_label *l = bindings[i].labels; l->request != REQ_NONE; l++)
			if (l->request == request)
				return l->label;
	return NULL;
}

const char *tui_key_line(struct tui_key_line *line)
{
	const char *language = _(help_columns);
	if (line->language == language)
		return buf_str(&line->text);
	buf_reset(&line->text);
	for (const enum request *r = line->requests; *r != REQ_NONE; r++) {
		const char *label = label_of(*r);
		if (!label)
			continue;
		if (line->text.len)
			buf_puts(&line->text, "  ");
		buf_puts(&line->text, _(label));
	}
	line->language = language;
	return buf_str(&line->text);
}
