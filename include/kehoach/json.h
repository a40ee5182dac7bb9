/* json: writing JSON text. Strings are escaped losslessly and so that the
 * output is terminal-safe: control characters, C1 controls, bidi controls,
 * zero-width characters and line separators become \uXXXX escapes. */
#ifndef KEHOACH_JSON_H
#define KEHOACH_JSON_H

#include <stdbool.h>

#include "kehoach/date.h"
#include "kehoach/util.h"

/* Appends s (UTF-8) as a quoted JSON string; NULL appends null. */
void json_append_string(struct buf *out, const char *s);

/* Appends a JSON array of the n strings in items. */
void json_append_string_array(struct buf *out, const char *const *items,
			      size_t n);

/* A JSON object written a member at a time, as the commands print them:
 * {"plan": "tb", "total": 3, "leap": false}. json_object_begin() writes
 * the "{", each json_member_*() the separator, its key (an ASCII literal
 * of the caller's, written as it is) and its value, json_object_end() the
 * "}". The object writes into out, which the caller owns. */
struct json_object {
	struct buf *out;
	bool empty;
};

void json_object_begin(struct json_object *o, struct buf *out);
void json_object_end(struct json_object *o);
/* value is escaped as json_append_string() does; NULL writes null. */
void json_member_string(struct json_object *o, const char *key, const char *value);
void json_member_int(struct json_object *o, const char *key, long long value);
void json_member_bool(struct json_object *o, const char *key, bool value);
/* A number, or null when not defined (a rate over nothing). */
void json_member_number(struct json_object *o, const char *key, double value,
			bool defined);
/* "2022-01-28"; KH_DATE_NONE writes null. */
void json_member_date(struct json_object *o, const char *key, kh_date date);

#endif
