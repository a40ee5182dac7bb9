/* error: the one error record every fallible core function fills.
 *
 * The core never prints; it fills a caller-owned struct kh_error and returns
 * -1 (or an enum). Front ends format it as "file:line:column: message". */
#ifndef KEHOACH_ERROR_H
#define KEHOACH_ERROR_H

#include "kehoach/util.h"

/* Where something was written in a file (1-based). */
struct source_pos {
	unsigned line;
	unsigned column;
};

struct kh_error {
	char file[1024];     /* "" when the error is not about a file */
	unsigned line;       /* 1-based; 0 when unknown */
	unsigned column;     /* 1-based; 0 when unknown */
	char message[1024];
};

void kh_error_clear(struct kh_error *err);

/* Records an error; any of file (NULL), line and column (0) may be absent.
 * err may be NULL, in which case nothing is recorded. */
void kh_error_set(struct kh_error *err, const char *file, unsigned line,
		  unsigned column, const char *fmt, ...) KH_PRINTF(5, 6);

/* Writes "file:line:column: message" (the parts that are known) into out. */
void kh_error_format(const struct kh_error *err, char *out, size_t out_size);

/* Every error found in one file, for a front end that shows them all
 * (`kehoach check`) while other callers want only the first.
 *
 * items holds the `keep` earliest errors by position (line, then column;
 * errors without a position first), in that order, whatever order they
 * were found in: validation runs after parsing, yet a clerk reads the
 * file from the top. count is how many were reported in all, and first
 * the first one reported, the one a loader that stopped there would have
 * given. */
struct kh_errors {
	struct kh_error first;
	struct kh_error *items;
	size_t n_items;
	size_t count;
	size_t keep;
};

/* An empty list that keeps up to keep errors in items. */
void kh_errors_init(struct kh_errors *list, size_t keep);

/* Records a copy of err. */
void kh_errors_add(struct kh_errors *list, const struct kh_error *err);

/* Frees the kept errors; the list is empty (and keeps none) afterwards. */
void kh_errors_free(struct kh_errors *list);

#endif
