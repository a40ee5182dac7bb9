/* line_edit: the text and cursor of a one-line editor (the note editor and
 * the search prompt), without curses. The cursor moves, and Backspace
 * deletes, by whole user-perceived characters: a letter with its combining
 * marks is one, whether typed composed or not.
 *
 * A paste arrives one character at a time, so every operation costs what
 * it changes, not the length of the line: the cursor's display column is
 * kept up to date as the text changes, and line_edit_view() measures only
 * what a view shows. */
#ifndef KEHOACH_LINE_EDIT_H
#define KEHOACH_LINE_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/util.h"

struct line_edit {
	struct buf text;       /* UTF-8 */
	size_t cursor;         /* byte offset into text, on a character boundary */
	size_t cursor_column;  /* display width of text[0, cursor) */
	size_t max;            /* most bytes text may hold; 0: no limit */
	bool full;             /* an insertion met max: the insertions that
				* follow it are dropped too */
};

/* Starts editing a copy of initial (NULL for empty), cursor at the end,
 * text limited to max bytes (0: no limit). An initial text already longer
 * is kept whole; it only cannot grow. */
void line_edit_init(struct line_edit *le, const char *initial, size_t max);
void line_edit_free(struct line_edit *le);

/* Inserts UTF-8 bytes at the cursor (invalid UTF-8 and control characters
 * are ignored) and moves the cursor after them. Returns false when the
 * limit left something out: the text then stops on a whole character (a
 * letter whose accents do not fit goes too), and further insertions are
 * dropped until the cursor moves or text is deleted, so that what was kept
 * is the beginning of what was pasted. */
bool line_edit_insert(struct line_edit *le, const char *utf8);
void line_edit_backspace(struct line_edit *le);
void line_edit_delete(struct line_edit *le);
void line_edit_left(struct line_edit *le);
void line_edit_right(struct line_edit *le);
void line_edit_home(struct line_edit *le);
void line_edit_end(struct line_edit *le);

/* What a view width columns wide shows with the cursor in it (the cursor
 * may sit after the last character, so the view keeps it a column):
 * returns the byte offset of the first character shown, and sets
 * *cursor_x to the cursor's column in the view. Walks back from the
 * cursor only as far as the view reaches. */
size_t line_edit_view(const struct line_edit *le, size_t width,
		      size_t *cursor_x);

#endif
