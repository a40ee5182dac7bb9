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

void kh_errors_init(struct kh_errors *list, size_t keep)
{
	memset(list, 0, sizeof(*list));
	list->keep = keep;
}

static bool before(const struct kh_error *a, const struct kh_error *b)
{
	return a->line < b->line || (a->line == b->line && a->column < b->column);
}

void kh_errors_add(struct kh_errors *list, const struct kh_error *err)
{
	if (list->count++ == 0)
		list->first = *err;
	/* After every kept error at or before its position, so that errors
	 * at one position stay in the order found. */
	size_t at = list->n_items;
	while (at > 0 && before(err, &list->items[at - 1]))
		at--;
	if (at == list->keep)
		return;
	if (!list->items)
		list->items = x_calloc(list->keep, sizeof(*list->items));
	size_t n = list->n_items < list->keep ? list->n_items : list->keep - 1;
	memmove(&list->items[at + 1], &list->items[at], (n - at) * sizeof(*list->items));
	list->items[at] = *err;
	list->n_items = n + 1;
}

void kh_errors_free(struct kh_errors *list)
{
	x_free(list->items);
	memset(list, 0, sizeof(*list));
}
