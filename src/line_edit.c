/* line_edit: a one-line UTF-8 editor's text and cursor. */
#include "kehoach/line_edit.h"

#include <string.h>
#include <utf8proc.h>

#include "kehoach/text.h"

void line_edit_init(struct line_edit *le, const char *initial)
{
	memset(le, 0, sizeof(*le));
	buf_puts(&le->text, initial ? initial : "");
	le->cursor = le->text.len;
}

void line_edit_free(struct line_edit *le)
{
	buf_free(&le->text);
	le->cursor = 0;
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

void line_edit_insert(struct line_edit *le, const char *utf8)
{
	size_t len = strlen(utf8);
	if (!text_valid_utf8(utf8, len))
		return;
	struct buf clean = { 0 };
	for (const char *p = utf8; *p;) {
		const char *start = p;
		int32_t cp = text_next_codepoint(&p);
		/* A note is one line: controls (newlines, escapes) stay out. */
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			continue;
		buf_append(&clean, start, (size_t)(p - start));
	}
	struct buf joined = { 0 };
	buf_append(&joined, buf_str(&le->text), le->cursor);
	buf_append(&joined, buf_str(&clean), clean.len);
	buf_append(&joined, buf_str(&le->text) + le->cursor, le->text.len - le->cursor);
	le->cursor += clean.len;
	buf_free(&le->text);
	le->text = joined;
	buf_free(&clean);
}

static void remove_range(struct line_edit *le, size_t from, size_t to)
{
	memmove(le->text.data + from, le->text.data + to, le->text.len - to + 1);
	le->text.len -= to - from;
	le->cursor = from;
}

void line_edit_backspace(struct line_edit *le)
{
	if (le->cursor > 0)
		remove_range(le, prev_boundary(le, le->cursor), le->cursor);
}

void line_edit_delete(struct line_edit *le)
{
	if (le->cursor < le->text.len) {
		size_t at = le->cursor;
		remove_range(le, at, next_boundary(le, at));
	}
}

void line_edit_left(struct line_edit *le)
{
	le->cursor = prev_boundary(le, le->cursor);
}

void line_edit_right(struct line_edit *le)
{
	le->cursor = next_boundary(le, le->cursor);
}

void line_edit_home(struct line_edit *le)
{
	le->cursor = 0;
}

void line_edit_end(struct line_edit *le)
{
	le->cursor = le->text.len;
}

size_t line_edit_cursor_column(const struct line_edit *le)
{
	char *before = x_strndup(buf_str(&le->text), le->cursor);
	size_t width = text_width(before);
	x_free(before);
	return width;
}
