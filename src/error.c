/* error: filling and formatting struct kh_error. */
#include "kehoach/error.h"

#include <stdio.h>
#include <string.h>

void kh_error_clear(struct kh_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

void kh_error_set(struct kh_error *err, const char *file, unsigned line,
		  unsigned column, const char *fmt, ...)
{
	if (!err)
		return;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	err->column = column;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
}

void kh_error_format(const struct kh_error *err, char *out, size_t out_size)
{
	if (err->file[0] && err->line && err->column)
		snprintf(out, out_size, "%s:%u:%u: %s", err->file, err->line,
			 err->column, err->message);
	else if (err->file[0] && err->line)
		snprintf(out, out_size, "%s:%u: %s", err->file, err->line,
			 err->message);
	else if (err->file[0])
		snprintf(out, out_size, "%s: %s", err->file, err->message);
	else
		snprintf(out, out_size, "%s", err->message);
}
