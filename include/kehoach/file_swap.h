/* file_swap: a file replaced whole or not at all.
 *
 * What is written goes to a temporary file beside the target, which is
 * flushed to disk and renamed over the target only once all of it is
 * there: nobody (a sync of the plans folder, a printer queue) sees half a
 * file, and a failure leaves the target as it was. */
#ifndef KEHOACH_FILE_SWAP_H
#define KEHOACH_FILE_SWAP_H

#include <stdio.h>

#include "kehoach/error.h"

struct file_swap {
	const char *path;   /* the target, as given (not copied) */
	char *tmp;          /* the temporary file */
	FILE *fp;           /* write here */
};

/* Opens a temporary file for path with the mode path has now (so that
 * replacing a file keeps who may read it), or that a new file would get
 * from the umask. Returns 0, or -1 with err naming path. */
int file_swap_open(struct file_swap *swap, const char *path, struct kh_error *err);

/* Flushes, syncs and renames the temporary file over the target. Returns
 * 0, or -1 with err (the temporary file removed, the target untouched). */
int file_swap_commit(struct file_swap *swap, struct kh_error *err);

/* Drops what was written; the target is untouched. Safe after a commit
 * or a failed open. */
void file_swap_abort(struct file_swap *swap);

#endif
