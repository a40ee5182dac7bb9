/* text: UTF-8 for Vietnamese — validation, NFC, diacritic-insensitive
 * folding, display width, wrapping, and the one terminal-safe sanitiser.
 *
 * Every string from a plan or the database that reaches a terminal, a file
 * or a printed page goes through text_sanitize() (or a function here built
 * on it). Nothing in this module knows about curses. */
#ifndef KEHOACH_TEXT_H
#define KEHOACH_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kehoach/util.h"

/* True when s[0..len) is well-formed UTF-8: no overlong forms, no
 * surrogates, nothing above U+10FFFF, and no NUL byte. */
bool text_valid_utf8(const char *s, size_t len);

/* Decodes one code point at *s (valid UTF-8 expected), advancing *s.
 * Returns the code point, or 0xFFFD on a malformed byte (advancing one). */
int32_t text_next_codepoint(const char **s);

/* Writes code point cp (0 to U+10FFFF) as UTF-8 into out, NUL-terminated;
 * returns the number of bytes before the NUL (1 to 4). */
#define TEXT_UTF8_SIZE 5
size_t text_encode_codepoint(int32_t cp, char out[TEXT_UTF8_SIZE]);

/* True when a quick check proves s[0..len) is already NFC (false means
 * "maybe not": text_nfc() decides). Lets callers skip a copy. */
bool text_is_nfc_quick(const char *s, size_t len);

/* The NFC form of s (valid UTF-8). Returns a new string the caller frees.
 * Fast when s is already NFC, which is the common case. */
char *text_nfc(const char *s);

/* Appends to out the folded form of s, for search: NFC or NFD input alike,
 * lower case, Vietnamese diacritics removed, đ/Đ → d ("Đảng" → "dang",
 * "Tết" → "tet", "KIỂM TRA" → "kiem tra"). Runs of white space become one
 * space. ASCII is copied at memory speed. */
void text_fold_append(struct buf *out, const char *s);
/* The same, as a new string the caller frees. */
char *text_fold(const char *s);
/* What text_fold() folds by: its own rules and utf8proc's Unicode
 * version. Text folded and kept (the database's search table) is folded
 * again when this changes. */
void text_fold_version(char *out, size_t size);

/* The upper-case form of s (valid UTF-8), in NFC: "UBND tỉnh Hà Tĩnh" →
 * "UBND TỈNH HÀ TĨNH", for the headings of office documents. Returns a new
 * string the caller frees. */
char *text_upper(const char *s);
/* The lower-case form of s, likewise ("SỞ Y TẾ" → "sở y tế"). */
char *text_lower(const char *s);

/* Display width in terminal columns of s (valid UTF-8) as it would appear
 * after text_sanitize(): combining marks count 0, wide (CJK) characters 2. */
size_t text_width(const char *s);

enum text_sanitize_flags {
	TEXT_KEEP_NEWLINES = 1 << 0,   /* '\n' passes through (multi-line text) */
};

/* Appends to out a copy of s that is safe to write to a terminal: C0 and C1
 * control characters (ESC, CR, DEL, U+0080–U+009F …) are shown in caret or
 * <U+XXXX> notation, bidi controls (U+202A–U+202E, U+2066–U+2069,
 * U+200E/U+200F, U+061C) and zero-width characters (U+200B–U+200D, U+2060,
 * U+FEFF) as <U+XXXX>; a tab becomes a space; invalid UTF-8 bytes become
 * <XX>. Everything else is copied unchanged. */
void text_sanitize_append(struct buf *out, const char *s, unsigned flags);
/* The same, as a new string the caller frees. */
char *text_sanitize(const char *s, unsigned flags);

/* s sanitised and cut to at most width columns; when it had to be cut, the
 * last column is "…". Returns a new string the caller frees. */
char *text_truncate(const char *s, size_t width);

/* s sanitised and wrapped at word boundaries into lines of at most width
 * columns (a word longer than width is broken between characters); '\n' in
 * s starts a new line. Returns a NULL-terminated array of new strings; the
 * caller frees it with text_lines_free(). Never returns an empty array: ""
 * gives one empty line. */
char **text_wrap(const char *s, size_t width);
/* text_wrap() of text already sanitised (text_sanitize() with
 * TEXT_KEEP_NEWLINES, as a report's strings are): the same lines, without
 * sanitising it again. */
char **text_wrap_sanitized(const char *clean, size_t width);
/* Hands each line of text_wrap_sanitized(clean, width) to on_line, in
 * order, as len bytes of clean itself (not NUL-terminated there): the
 * same lines, none of them copied. */
typedef void (*text_line_fn)(void *ctx, const char *line, size_t len);
void text_wrap_each(const char *clean, size_t width, text_line_fn on_line, void *ctx);
void text_lines_free(char **lines);

#endif
