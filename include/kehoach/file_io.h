/* file_io: the files a user names, read and written without surprises.
 *
 * Any path a user gives (a plan, an entry of a plans folder, a
 * configuration file, roll's source, an -o target) may name something
 * other than a plain file: opening a FIFO for reading waits for a writer
 * forever, /dev/zero never ends, a file can grow while it is read, and
 * renaming a finished file over /dev/null as root replaces the device.
 *
 * Reading: a file is opened without waiting (O_NONBLOCK), its type and
 * size checked on the descriptor it was opened as (no race with a
 * rename), and it is read no further than the limit.
 *
 * Writing: what is written goes to a temporary file beside the target,
 * flushed to disk and renamed over the target only once all of it is
 * there, so that nobody (a sync of the plans folder, a printer queue) sees
 * half a file and a failure leaves the target as it was. That is done
 * only for a plain file (or a new name; through a symbolic link, for the
 * plain file it names). Standard output under any name (/dev/stdout,
 * the file it was redirected to) is written to as standard output; a FIFO
 * or a character device (/dev/null, a terminal) is written through, as a
 * shell's > would;
 * anything else (a folder, a block device, a socket, a link to nothing)
 * is refused. */
#ifndef KEHOACH_FILE_IO_H
#define KEHOACH_FILE_IO_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>

#include "kehoach/error.h"
#include "kehoach/util.h"

/* Opens path for reading if it is a regular file of at most max_bytes.
 * Returns a descriptor (in blocking mode, close-on-exec) and sets *size,
 * or returns -1 with err naming path: it cannot be opened, is not a
 * regular file, or is too large. Nothing is read. */
int file_open_input(const char *path, size_t max_bytes, long long *size,
		    struct kh_error *err);

/* The same checks without opening (for a cheap look at whether a file
 * changed): fills *st, or returns -1 with err. */
int file_stat_input(const char *path, size_t max_bytes, struct stat *st,
		    struct kh_error *err);

/* Called with each piece of a file as it is read. */
typedef void (*file_chunk_fn)(void *ctx, const char *bytes, size_t len);

/* Reads path (a regular file of at most max_bytes) from start to end,
 * handing each piece to on_chunk. A file that grows past max_bytes while
 * it is read is refused as too large once it does. Returns 0, or -1 with
 * err (on_chunk may have seen part of the file). */
int file_read_chunks(const char *path, size_t max_bytes, file_chunk_fn on_chunk,
		     void *ctx, struct kh_error *err);

/* Appends the whole of path (a regular file of at most max_bytes) to out.
 * A file that grows past max_bytes while it is read is refused as too
 * large, and what was read of it dropped. Returns 0, or -1 with err. */
int file_read_input(const char *path, size_t max_bytes, struct buf *out,
		    struct kh_error *err);

/* The error for a file larger than max_bytes (size bytes, or -1 when it
 * was found to grow past the limit while read). */
void file_too_large(struct kh_error *err, const char *path, long long size,
		    size_t max_bytes);

/* Whether this process holds the file (dev, ino) open: what was really
 * opened, however its name was spelt or swapped meanwhile. */
bool file_is_open_here(dev_t dev, ino_t ino);

struct file_swap {
	const char *path;   /* the target, as given (not copied) */
	char *target;       /* the plain file replaced (path, or where its
			     * link leads); NULL when written through */
	char *tmp;          /* the temporary file; NULL when written through */
	int tmp_fd;         /* its descriptor (fp writes behind: see file_io.c) */
	FILE *fp;           /* write here */
	bool create_only;   /* file_swap_create(): never replace */
};

/* Opens path for writing as above: a temporary file with the mode the
 * target has now (so that replacing a file keeps who may read it), or that
 * a new file would get from the umask; or the FIFO or device itself.
 * Returns 0, or -1 with err naming path (a folder, a block device, a
 * socket or a link to nothing is refused with what it is). */
int file_swap_open(struct file_swap *swap, const char *path, struct kh_error *err);

/* The same for a file that must not exist yet: refused (errno EEXIST)
 * when path names anything, even a link to nothing; and the commit fails
 * (EEXIST) rather than replace what took the name meanwhile. */
int file_swap_create(struct file_swap *swap, const char *path, struct kh_error *err);

/* Flushes, syncs and renames the temporary file over the target (or
 * flushes what was written through). Returns 0, or -1 with err (the
 * temporary file removed, the target untouched). */
int file_swap_commit(struct file_swap *swap, struct kh_error *err);

/* Drops what was written; the target is untouched (a FIFO or device may
 * have had part of it). Safe after a commit or a failed open. */
void file_swap_abort(struct file_swap *swap);

#endif
