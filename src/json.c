/* json: escaping strings for JSON output and storage. */
#include "kehoach/json.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "kehoach/text.h"

/* Code points written as \uXXXX although JSON would allow them raw: they
 * could move a terminal's cursor, reorder text or hide characters. */
static bool needs_escape(int32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
	       (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x2069) || cp == 0x061C || cp == 0xFEFF;
}

void json_append_string(struct buf *out, const char *s)
{
	if (!s) {
		buf_puts(out, "null");
		return;
	}
	buf_putc(out, '"');
	const char *p = s;
	while (*p) {
		const char *run = p;
		while (*p && (unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7F &&
		       *p != '"' && *p != '\\')
			p++;
		buf_append(out, run, (size_t)(p - run));
		if (!*p)
			break;
		const char *start = p;
		int32_t cp = text_next_codepoint(&p);
		switch (cp) {
		case '"':
			buf_puts(out, "\\\"");
			break;
		case '\\':
			buf_puts(out, "\\\\");
			break;
		case '\n':
			buf_puts(out, "\\n");
			break;
		case '\t':
			buf_puts(out, "\\t");
			break;
		default:
			if (needs_escape(cp) || cp == 0xFFFD)
				buf_printf(out, "\\u%04X", (unsigned)cp);
			else
				buf_append(out, start, (size_t)(p - start));
		}
	}
	buf_putc(out, '"');
}

void json_append_string_array(struct buf *out, const char *const *items,
			      size_t n)
{
	buf_putc(out, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(out, ',');
		json_append_string(out, items[i]);
	}
	buf_putc(out, ']');
}

void json_object_begin(struct json_object *o, struct buf *out)
{
	o->out = out;
	o->empty = true;
	buf_putc(out, '{');
}

void json_object_end(struct json_object *o)
{
	buf_putc(o->out, '}');
}

/* The separator and "key": before a member's value. */
static void member_key(struct json_object *o, const char *key)
{
	buf_printf(o->out, "%s\"%s\": ", o->empty ? "" : ", ", key);
	o->empty = false;
}

void json_member_string(struct json_object *o, const char *key, const char *value)
{
	member_key(o, key);
	json_append_string(o->out, value);
}

void json_member_int(struct json_object *o, const char *key, long long value)
{
	member_key(o, key);
	buf_printf(o->out, "%lld", value);
}

void json_member_number(struct json_object *o, const char *key, double value,
			bool defined)
{
	member_key(o, key);
	if (defined)
		buf_printf(o->out, "%.10g", value);
	else
		buf_puts(o->out, "null");
}

void json_member_bool(struct json_object *o, const char *key, bool value)
{
	member_key(o, key);
	buf_puts(o->out, value ? "true" : "false");
}

void json_member_date(struct json_object *o, const char *key, kh_date date)
{
	char iso[DATE_STR_SIZE];
	if (date != KH_DATE_NONE)
		date_format_iso(date, iso);
	json_member_string(o, key, date == KH_DATE_NONE ? NULL : iso);
}
