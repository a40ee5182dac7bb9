/* line_edit: the text and cursor of a one-line editor (the note editor and
 * the search prompt), without curses. The cursor moves, and Backspace
 * deletes, by whole user-perceived characters: a letter with its combining
 * marks is one, whether typed composed or not. */
#ifndef KEHOACH_LINE_EDIT_H
#define KEHOACH_LINE_EDIT_H

#include <stddef.h>

#include "kehoach/util.h"

struct line_edit {
	struct buf text;    /* UTF-8 */
	size_t cursor;      /* byte offset into text, on a character boundary */
};

/* Starts editing a copy of initial (NULL for empty), cursor at the end. */
void line_edit_init(struct line_edit *le, const char *initial);
void line_edit_free(struct line_edit *le);

/* Inserts UTF-8 bytes at the cursor (invalid UTF-8 and control characters
 * are ignored) and moves the cursor after them. */
void line_edit_insert(struct line_edit *le, const char *utf8);
void line_edit_backspace(struct line_edit *le);
void line_edit_delete(struct line_edit *le);
void line_edit_left(struct line_edit *le);
void line_edit_right(struct line_edit *le);
void line_edit_home(struct line_edit *le);
void line_edit_end(struct line_edit *le);

/* The display column of the cursor (width of the text before it). */
size_t line_edit_cursor_column(const struct line_edit *le);

#endif
