/* line_edit: a one-line UTF-8 editor's text and cursor. */
#include "kehoach/line_edit.h"

#include <string.h>
#include <utf8proc.h>

#include "kehoach/text.h"

/* Display width of s[0, len): display widths add up, code point by code
 * point, so a change is measured by what it adds or takes away. */
static size_t span_width(const char *s, size_t len)
{
	char *copy = x_strndup(s, len);
	size_t width = text_width(copy);
	x_free(copy);
	return width;
}

void line_edit_init(struct line_edit *le, const char *initial, size_t max)
{
	memset(le, 0, sizeof(*le));
	buf_puts(&le->text, initial ? initial : "");
	le->cursor = le->text.len;
	le->cursor_column = text_width(buf_str(&le->text));
	le->max = max;
}

void line_edit_free(struct line_edit *le)
{
	buf_free(&le->text);
	memset(le, 0, sizeof(*le));
}

/* The byte offset of the character boundary after pos. */
static size_t next_boundary(const struct line_edit *le, size_t pos)
{
	const char *s = buf_str(&le->text);
	if (pos >= le->text.len)
		return le->text.len;
	const char *p = s + pos;
	int32_t prev = text_next_codepoint(&p);
	utf8proc_int32_t state = 0;
	while ((size_t)(p - s) < le->text.len) {
		const char *q = p;
		int32_t cp = text_next_codepoint(&q);
		if (utf8proc_grapheme_break_stateful(prev, cp, &state))
			break;
		prev = cp;
		p = q;
	}
	return (size_t)(p - s);
}

/* The byte offset of the character boundary before pos. */
static size_t prev_boundary(const struct line_edit *le, size_t pos)
{
	size_t at = 0, last = 0;
	while (at < pos && at < le->text.len) {
		last = at;
		at = next_boundary(le, at);
	}
	return last;
}

/* Puts the cursor at pos, whose display column is column. Whatever the
 * limit was dropping is over: this is another key. */
static void move_to(struct line_edit *le, size_t pos, size_t column)
{
	le->cursor = pos;
	le->cursor_column = column;
	le->full = false;
}

/* Removes text[from, to), a range that starts or ends at the cursor, and
 * leaves the cursor at from. */
static void remove_range(struct line_edit *le, size_t from, size_t to)
{
	size_t column = le->cursor_column;
	if (le->cursor == to)
		column -= span_width(le->text.data + from, to - from);
	memmove(le->text.data + from, le->text.data + to, le->text.len - to + 1);
	le->text.len -= to - from;
	move_to(le, from, column);
}

/* A note is one line: controls (newlines, escapes) stay out. */
static bool is_control(int32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

/* cp did not fit. Had it continued the character before the cursor (an
 * accent of its letter, typed decomposed), that character would be cut:
 * what of it is there goes too. */
static void drop_unfinished(struct line_edit *le, int32_t cp)
{
	if (le->cursor == 0)
		return;
	size_t from = prev_boundary(le, le->cursor);
	const char *s = buf_str(&le->text);
	const char *p = s + from;
	int32_t last = text_next_codepoint(&p);
	utf8proc_int32_t state = 0;
	while ((size_t)(p - s) < le->cursor) {
		int32_t next = text_next_codepoint(&p);
		utf8proc_grapheme_break_stateful(last, next, &state);
		last = next;
	}
	if (!utf8proc_grapheme_break_stateful(last, cp, &state))
		remove_range(le, from, le->cursor);
}

/* Inserts the code point cp, bytes[0, len), at the cursor; false when the
 * limit keeps it out. */
static bool insert_codepoint(struct line_edit *le, const char *bytes, size_t len,
			     int32_t cp)
{
	if (le->full)
		return false;
	if (le->max && le->text.len + len > le->max) {
		drop_unfinished(le, cp);
		le->full = true;
		return false;
	}
	buf_insert(&le->text, le->cursor, bytes, len);
	le->cursor += len;
	le->cursor_column += span_width(bytes, len);
	return true;
}

bool line_edit_insert(struct line_edit *le, const char *utf8)
{
	if (!text_valid_utf8(utf8, strlen(utf8)))
		return true;
	bool all = true;
	for (const char *p = utf8; *p && all;) {
		const char *start = p;
		int32_t cp = text_next_codepoint(&p);
		if (!is_control(cp))
			all = insert_codepoint(le, start, (size_t)(p - start), cp);
	}
	return all;
}

void line_edit_backspace(struct line_edit *le)
{
	if (le->cursor > 0)
		remove_range(le, prev_boundary(le, le->cursor), le->cursor);
}

void line_edit_delete(struct line_edit *le)
{
	if (le->cursor < le->text.len)
		remove_range(le, le->cursor, next_boundary(le, le->cursor));
}

void line_edit_left(struct line_edit *le)
{
	size_t to = prev_boundary(le, le->cursor);
	move_to(le, to, le->cursor_column -
		span_width(buf_str(&le->text) + to, le->cursor - to));
}

void line_edit_right(struct line_edit *le)
{
	size_t to = next_boundary(le, le->cursor);
	move_to(le, to, le->cursor_column +
		span_width(buf_str(&le->text) + le->cursor, to - le->cursor));
}

void line_edit_home(struct line_edit *le)
{
	move_to(le, 0, 0);
}

void line_edit_end(struct line_edit *le)
{
	move_to(le, le->text.len,
		le->cursor_column + text_width(buf_str(&le->text) + le->cursor));
}

/* The byte offset of the code point that ends at pos (> 0). */
static size_t codepoint_before(const char *s, size_t pos)
{
	do
		pos--;
	while (pos > 0 && ((unsigned char)s[pos] & 0xC0) == 0x80);
	return pos;
}

size_t line_edit_view(const struct line_edit *le, size_t width,
		      size_t *cursor_x)
{
	const char *s = buf_str(&le->text);
	size_t budget = width > 0 ? width - 1 : 0;
	size_t start = le->cursor, used = 0;
	while (start > 0) {
		size_t from = codepoint_before(s, start);
		size_t w = span_width(s + from, start - from);
		if (used + w > budget)
			break;
		used += w;
		start = from;
	}
	/* Accents whose letter did not fit would show on their own. */
	while (start < le->cursor) {
		const char *p = s + start;
		text_next_codepoint(&p);
		size_t next = (size_t)(p - s);
		if (span_width(s + start, next - start) > 0)
			break;
		start = next;
	}
	*cursor_x = used;
	return start;
}
