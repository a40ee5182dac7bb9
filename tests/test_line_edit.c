/* Unit tests for line_edit: the note's limit (cut on a whole character,
 * composed or not), the cursor's column kept up to date by every change,
 * and the part of a long line a view shows. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "kehoach/line_edit.h"
#include "kehoach/text.h"

/* Tết: precomposed (NFC), and as base letters and combining marks (NFD). */
#define TET_NFC "T\xe1\xba\xbft"
#define TET_NFD "Te\xcc\x82\xcc\x81t"

/* Inserts s one code point at a time, as keys arrive; returns false as
 * soon as one insertion does. */
static bool type(struct line_edit *le, const char *s)
{
	bool all = true;
	while (*s) {
		const char *start = s;
		text_next_codepoint(&s);
		char one[8] = { 0 };
		memcpy(one, start, (size_t)(s - start));
		all = line_edit_insert(le, one) && all;
	}
	return all;
}

static size_t prefix_width(const struct line_edit *le)
{
	char copy[256];
	assert_true(le->cursor < sizeof(copy));
	memcpy(copy, buf_str(&le->text), le->cursor);
	copy[le->cursor] = '\0';
	return text_width(copy);
}

static void test_limit_keeps_the_beginning(void **state)
{
	(void)state;
	struct line_edit le;
	line_edit_init(&le, NULL, 10);
	/* "Tết " is 6 bytes: "Tết Tế" fills 10 exactly, the next "t" is out. */
	assert_false(type(&le, TET_NFC " " TET_NFC " " TET_NFC));
	assert_string_equal(buf_str(&le.text), TET_NFC " T\xe1\xba\xbf");
	/* Dropped until another key: not a later letter that would fit. */
	line_edit_backspace(&le);
	assert_string_equal(buf_str(&le.text), TET_NFC " T");
	assert_false(type(&le, "\xe1\xba\xbf" "ab"));
	assert_string_equal(buf_str(&le.text), TET_NFC " T\xe1\xba\xbf");
	line_edit_backspace(&le);
	line_edit_backspace(&le);
	assert_true(type(&le, "ab"));
	assert_string_equal(buf_str(&le.text), TET_NFC " ab");
	line_edit_free(&le);
}

static void test_limit_cuts_on_a_whole_letter(void **state)
{
	(void)state;
	struct line_edit le;
	/* T, e and the circumflex fit in 4 bytes, the acute does not: ê
	 * alone would be another letter, so the e goes with it. */
	line_edit_init(&le, NULL, 4);
	assert_false(type(&le, TET_NFD));
	assert_string_equal(buf_str(&le.text), "T");
	assert_int_equal(le.cursor, 1);
	assert_int_equal(le.cursor_column, 1);
	line_edit_free(&le);
	/* In one insertion as well; and a limit met between letters keeps
	 * the whole letter before it. */
	line_edit_init(&le, NULL, 6);
	assert_false(line_edit_insert(&le, TET_NFD));
	assert_string_equal(buf_str(&le.text), "Te\xcc\x82\xcc\x81");
	line_edit_free(&le);
}

static void test_limit_in_the_middle(void **state)
{
	(void)state;
	struct line_edit le;
	line_edit_init(&le, "ab", 4);
	line_edit_left(&le);
	assert_false(type(&le, "xyz"));
	assert_string_equal(buf_str(&le.text), "axyb");
	assert_int_equal(le.cursor, 3);
	line_edit_free(&le);
	/* A text already longer is kept whole; it only cannot grow. */
	line_edit_init(&le, "abcdef", 3);
	assert_false(line_edit_insert(&le, "x"));
	assert_string_equal(buf_str(&le.text), "abcdef");
	line_edit_free(&le);
}

static void test_controls_left_out(void **state)
{
	(void)state;
	struct line_edit le;
	line_edit_init(&le, NULL, 0);
	assert_true(line_edit_insert(&le, "a\nb\x1b[31m\xc2\x9b" "c"));
	assert_string_equal(buf_str(&le.text), "ab[31mc");
	assert_true(line_edit_insert(&le, "\xff"));   /* invalid: ignored */
	assert_string_equal(buf_str(&le.text), "ab[31mc");
	line_edit_free(&le);
}

/* The column kept up to date equals the width measured from the start,
 * through a long run of every kind of key, on NFD, wide and escaped
 * characters. */
static void test_cursor_column_follows(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		TET_NFD, TET_NFC, "\xe4\xb8\xad", "\xe2\x80\xae", "a", " ", "\xcc\x81",
	};
	struct line_edit le;
	line_edit_init(&le, TET_NFD " " TET_NFC, 200);
	assert_int_equal(le.cursor_column, prefix_width(&le));
	unsigned seed = 12345;
	for (int i = 0; i < 5000; i++) {
		seed = seed * 1103515245u + 12345u;
		unsigned op = (seed >> 16) % 8;
		switch (op) {
		case 0:
		case 1:
			line_edit_insert(&le, pieces[(seed >> 8) % 7]);
			break;
		case 2:
			line_edit_backspace(&le);
			break;
		case 3:
			line_edit_delete(&le);
			break;
		case 4:
			line_edit_left(&le);
			break;
		case 5:
			line_edit_right(&le);
			break;
		case 6:
			if ((seed >> 4) % 8 == 0)
				line_edit_home(&le);
			break;
		default:
			if ((seed >> 4) % 8 == 0)
				line_edit_end(&le);
			break;
		}
		assert_true(le.text.len <= 200);
		assert_true(text_valid_utf8(buf_str(&le.text), le.text.len));
		assert_int_equal(le.cursor_column, prefix_width(&le));
	}
	line_edit_free(&le);
}

static void test_view(void **state)
{
	(void)state;
	struct line_edit le;
	size_t x;
	/* The last column is the cursor's, after the text. */
	line_edit_init(&le, "0123456789abcdefghij", 0);
	assert_int_equal(line_edit_view(&le, 10, &x), 11);
	assert_int_equal(x, 9);
	line_edit_home(&le);
	assert_int_equal(line_edit_view(&le, 10, &x), 0);
	assert_int_equal(x, 0);
	line_edit_free(&le);
	/* Wide characters: four of them in nine columns. */
	line_edit_init(&le, "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad", 0);
	assert_int_equal(line_edit_view(&le, 10, &x), 3);
	assert_int_equal(x, 8);
	line_edit_free(&le);
	/* An accent whose letter did not fit is not shown on its own. */
	line_edit_init(&le, "e\xcc\x82" "ab", 0);
	assert_int_equal(line_edit_view(&le, 3, &x), 3);
	assert_int_equal(x, 2);
	line_edit_free(&le);
	/* A short line is shown whole. */
	line_edit_init(&le, TET_NFD, 0);
	assert_int_equal(line_edit_view(&le, 10, &x), 0);
	assert_int_equal(x, 3);
	line_edit_free(&le);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limit_keeps_the_beginning),
		cmocka_unit_test(test_limit_cuts_on_a_whole_letter),
		cmocka_unit_test(test_limit_in_the_middle),
		cmocka_unit_test(test_controls_left_out),
		cmocka_unit_test(test_cursor_column_follows),
		cmocka_unit_test(test_view),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
