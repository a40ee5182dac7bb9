/* json: writing JSON text. Strings are escaped losslessly and so that the
 * output is terminal-safe: control characters, C1 controls, bidi controls,
 * zero-width characters and line separators become \uXXXX escapes. */
#ifndef KEHOACH_JSON_H
#define KEHOACH_JSON_H

#include "kehoach/util.h"

/* Appends s (UTF-8) as a quoted JSON string; NULL appends null. */
void json_append_string(struct buf *out, const char *s);

/* Appends a JSON array of the n strings in items. */
void json_append_string_array(struct buf *out, const char *const *items,
			      size_t n);

#endif
