/* Unit tests for the interface's key table: the help screen is made from
 * it, so every request a key asks for is named on the help screen, and
 * every key the help names asks for something. A key added to the table
 * without its name in the help fails here. Run in English (no catalogue
 * is bound), whose help columns are: keys at 2, text at 19, a second key
 * at 35, its text at 47. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <curses.h>
#include <string.h>

#include "kehoach/text.h"
#include "tui_internal.h"

#define KEYS_COL 2
#define TEXT_COL 19
#define SECOND_COL 35
#define SECOND_TEXT_COL 47

/* The help's names of keys that are not one typed character. */
static const struct {
	const char *name;
	int code;
	bool function_key;
} named_keys[] = {
	{ "↑", KEY_UP, true }, { "↓", KEY_DOWN, true },
	{ "←", KEY_LEFT, true }, { "→", KEY_RIGHT, true },
	{ "PgUp", KEY_PPAGE, true }, { "PgDn", KEY_NPAGE, true },
	{ "Home", KEY_HOME, true }, { "End", KEY_END, true },
	{ "Tab", '\t', false }, { "Enter", '\n', false }, { "Esc", 27, false },
	{ "Space", ' ', false },
};

/* The request of the key the help calls name; fails on a name of no key. */
static enum request request_named(const char *name)
{
	for (size_t i = 0; i < sizeof(named_keys) / sizeof(named_keys[0]); i++)
		if (strcmp(named_keys[i].name, name) == 0)
			return tui_request_of(named_keys[i].code, named_keys[i].function_key);
	if (strlen(name) != 1)
		fail_msg("the help names a key “%s” it has no code for", name);
	return tui_request_of((unsigned char)name[0], false);
}

/* Columns from..to-1 of line (one column a character: the English help
 * has no wide ones) into out. */
static void columns(const char *line, int from, int to, char *out, size_t size)
{
	const char *s = line, *start = NULL, *end = NULL;
	for (int col = 0; *s && col < to; col++) {
		if (col == from)
			start = s;
		const char *c = s;
		text_next_codepoint(&s);
		char one[8] = { 0 };
		memcpy(one, c, (size_t)(s - c));
		assert_int_equal(text_width(one), 1);
		end = s;
	}
	out[0] = '\0';
	if (start && end > start) {
		assert_true((size_t)(end - start) < size);
		memcpy(out, start, (size_t)(end - start));
		out[end - start] = '\0';
	}
}

static bool blank_at(const char *line, int col)
{
	char c[8];
	columns(line, col, col + 1, c, sizeof(c));
	return strcmp(c, " ") == 0;
}

/* Marks in named[] the requests of the keys named in a key field, and
 * checks that each name is a key bound to a request. */
static void note_names(const char *field, bool named[])
{
	char copy[64];
	snprintf(copy, sizeof(copy), "%s", field);
	for (char *name = strtok(copy, " "); name; name = strtok(NULL, " ")) {
		enum request req = request_named(name);
		if (req == REQ_NONE)
			fail_msg("the help names “%s”, which asks for nothing", name);
		named[req] = true;
	}
}

/* The lines about keys: after the heading and a blank line, up to the
 * next blank line. */
static void help_keys(bool named[])
{
	assert_string_equal(tui_help_line(0), "Keys");
	assert_string_equal(tui_help_line(1), "");
	size_t i = 2;
	for (const char *line; (line = tui_help_line(i)) && *line; i++) {
		char field[64], text[128];
		columns(line, 0, KEYS_COL, field, sizeof(field));
		assert_string_equal(field, "  ");
		columns(line, KEYS_COL, TEXT_COL, field, sizeof(field));
		note_names(field, named);
		/* What the keys do, not left out. */
		columns(line, TEXT_COL, TEXT_COL + 1, text, sizeof(text));
		assert_true(*text && strcmp(text, " ") != 0);
		/* A second key: blank before it and before its text (a
		 * key's text goes on without two blanks there). */
		if (blank_at(line, SECOND_COL - 1) && blank_at(line, SECOND_TEXT_COL - 2) &&
		    blank_at(line, SECOND_TEXT_COL - 1)) {
			columns(line, SECOND_COL, SECOND_TEXT_COL, field, sizeof(field));
			note_names(field, named);
		}
	}
	assert_true(i > 2);
}

static bool bound(enum request req)
{
	for (int code = 0; code < 256; code++)
		if (tui_request_of(code, false) == req)
			return true;
	for (int code = KEY_MIN; code <= KEY_MAX; code++)
		if (tui_request_of(code, true) == req)
			return true;
	return false;
}

static void test_every_request_in_the_help(void **state)
{
	(void)state;
	bool named[REQ_QUIT + 1] = { false };
	help_keys(named);
	for (int req = REQ_NONE + 1; req <= REQ_QUIT; req++) {
		if (!bound((enum request)req))
			fail_msg("request %d has no key", req);
		if (!named[req])
			fail_msg("request %d has keys, but the help names none of them", req);
	}
}

/* A typed character and a function key of the same code are different
 * keys. */
static void test_keys_and_function_keys_differ(void **state)
{
	(void)state;
	assert_int_equal(tui_request_of('\t', false), REQ_TOGGLE_PANE);
	assert_int_equal(tui_request_of(KEY_BTAB, true), REQ_TOGGLE_PANE);
	assert_int_equal(tui_request_of(KEY_UP, false), REQ_NONE);
	assert_int_equal(tui_request_of('z', false), REQ_NONE);
}

/* Made once a language: the same text, not made again each time. */
static void test_help_made_once(void **state)
{
	(void)state;
	const char *first = tui_help_line(2);
	assert_ptr_equal(tui_help_line(2), first);
	assert_null(tui_help_line(1000));
}

static void test_key_line_from_the_table(void **state)
{
	(void)state;
	static const enum request requests[] = { REQ_BACK, REQ_QUIT, REQ_NONE };
	struct tui_key_line line = { .requests = requests };
	const char *text = tui_key_line(&line);
	assert_string_equal(text, "Esc back  q quit");
	assert_ptr_equal(tui_key_line(&line), text);
	buf_free(&line.text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_request_in_the_help),
		cmocka_unit_test(test_keys_and_function_keys_differ),
		cmocka_unit_test(test_help_made_once),
		cmocka_unit_test(test_key_line_from_the_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
