/* file_io: user-named files read without hanging, replaced only when they
 * are plain files. */
#define _GNU_SOURCE     /* sync_file_range, fopencookie */
#include "kehoach/file_io.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kehoach/i18n.h"

/* What a file that is not a plain file is, for messages. */
static const char *file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return _("a folder");
	if (S_ISFIFO(mode))
		return _("a FIFO (named pipe)");
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return _("a device");
	if (S_ISSOCK(mode))
		return _("a socket");
	return _("not a plain file");
}

void file_too_large(struct kh_error *err, const char *path, long long size,
		    size_t max_bytes)
{
	if (size >= 0)
		kh_error_set(err, path, 0, 0, _("file too large (%lld bytes; at most %zu)"),
			     size, max_bytes);
	else
		kh_error_set(err, path, 0, 0,
			     _("file too large (it grew past %zu bytes while being read)"),
			     max_bytes);
}

/* The checks every input passes, on what stat or fstat said of it. */
static int check_input(const char *path, const struct stat *st, size_t max_bytes,
		       struct kh_error *err)
{
	if (!S_ISREG(st->st_mode)) {
		kh_error_set(err, path, 0, 0, _("not a regular file: this is %s"),
			     file_kind(st->st_mode));
		return -1;
	}
	if ((unsigned long long)st->st_size > max_bytes) {
		file_too_large(err, path, (long long)st->st_size, max_bytes);
		return -1;
	}
	return 0;
}

int file_stat_input(const char *path, size_t max_bytes, struct stat *st,
		    struct kh_error *err)
{
	if (stat(path, st) < 0) {
		kh_error_set(err, path, 0, 0, _("cannot read: %s"), strerror(errno));
		return -1;
	}
	return check_input(path, st, max_bytes, err);
}

int file_open_input(const char *path, size_t max_bytes, long long *size,
		    struct kh_error *err)
{
	/* O_NONBLOCK: a FIFO opens at once instead of waiting for a writer,
	 * and is then refused by its type. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		kh_error_set(err, path, 0, 0, _("cannot open: %s"), strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) < 0) {
		kh_error_set(err, path, 0, 0, _("cannot read: %s"), strerror(errno));
		goto fail;
	}
	if (check_input(path, &st, max_bytes, err) < 0)
		goto fail;
	int flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) {
		kh_error_set(err, path, 0, 0, _("cannot read: %s"), strerror(errno));
		goto fail;
	}
	*size = (long long)st.st_size;
	return fd;
fail:
	close(fd);
	return -1;
}

int file_read_chunks(const char *path, size_t max_bytes, file_chunk_fn on_chunk,
		     void *ctx, struct kh_error *err)
{
	long long size;
	int fd = file_open_input(path, max_bytes, &size, err);
	if (fd < 0)
		return -1;
	char chunk[65536];
	size_t total = 0;
	ssize_t n;
	int rc = 0;
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			kh_error_set(err, path, 0, 0, _("cannot read: %s"), strerror(errno));
			rc = -1;
			break;
		}
		total += (size_t)n;
		if (total > max_bytes) {
			file_too_large(err, path, -1, max_bytes);
			rc = -1;
			break;
		}
		on_chunk(ctx, chunk, (size_t)n);
	}
	close(fd);
	return rc;
}

static void append_chunk(void *ctx, const char *bytes, size_t len)
{
	buf_append(ctx, bytes, len);
}

int file_read_input(const char *path, size_t max_bytes, struct buf *out,
		    struct kh_error *err)
{
	size_t start = out->len;
	int rc = file_read_chunks(path, max_bytes, append_chunk, out, err);
	if (rc < 0 && out->data) {
		out->len = start;
		out->data[start] = '\0';
	}
	return rc;
}

bool file_is_open_here(dev_t dev, ino_t ino)
{
	DIR *dir = opendir("/proc/self/fd");
	if (dir) {
		bool found = false;
		struct dirent *e;
		while (!found && (e = readdir(dir))) {
			struct stat st;
			char *end;
			long fd = strtol(e->d_name, &end, 10);
			found = *end == '\0' && end != e->d_name && fd != dirfd(dir) &&
				fstat((int)fd, &st) == 0 && st.st_dev == dev && st.st_ino == ino;
		}
		closedir(dir);
		return found;
	}
	/* Without /proc: every descriptor this process may have. */
	long max = sysconf(_SC_OPEN_MAX);
	for (int fd = 0; fd < (max > 0 && max < 65536 ? max : 65536); fd++) {
		struct stat st;
		if (fstat(fd, &st) == 0 && st.st_dev == dev && st.st_ino == ino)
			return true;
	}
	return false;
}

/* ---- writing ----------------------------------------------------------- */

static mode_t mode_for(const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return st.st_mode & 0777;   /* never setuid, setgid or sticky */
	mode_t mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

static int fail(struct file_swap *swap, struct kh_error *err)
{
	kh_error_set(err, swap->path, 0, 0, _("cannot write: %s"), strerror(errno));
	file_swap_abort(swap);
	return -1;
}

static int refuse(struct file_swap *swap, mode_t mode, struct kh_error *err)
{
	kh_error_set(err, swap->path, 0, 0,
		     _("cannot write here: this is %s; name a file (a new one, or a plain file"
		       " to replace)"), file_kind(mode));
	file_swap_abort(swap);
	return -1;
}

/* Writes straight into the FIFO or character device at path. */
static int open_through(struct file_swap *swap, struct kh_error *err)
{
	int fd = open(swap->path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		int saved = errno;
		if (fd >= 0)
			close(fd);
		errno = saved;
		return fail(swap, err);
	}
	/* Swapped for something else since it was looked at. */
	if (!S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode)) {
		close(fd);
		return refuse(swap, st.st_mode, err);
	}
	if (!(swap->fp = fdopen(fd, "wb"))) {
		close(fd);
		return fail(swap, err);
	}
	return 0;
}

/* A temporary file is written behind: each time WRITE_BEHIND bytes more
 * have been written, the kernel is asked to start putting them on disk
 * (sync_file_range, which does not wait for it), so that the fsync before
 * the rename waits for the last of them only. A month's report is 32 MB:
 * its fsync alone took 25 ms of a 0.35 s run. */
#define WRITE_BEHIND (1 << 20)

struct write_behind {
	int fd;
	off_t written, started;     /* bytes written; those given to the disk */
};

static ssize_t write_behind(void *cookie, const char *bytes, size_t size)
{
	struct write_behind *wb = cookie;
	size_t done = 0;
	while (done < size) {
		ssize_t n = write(wb->fd, bytes + done, size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return done ? (ssize_t)done : -1;
		done += (size_t)n;
	}
	wb->written += (off_t)size;
	if (wb->written - wb->started >= WRITE_BEHIND) {
		/* Only a head start: the fsync says whether it all got there. */
		(void)sync_file_range(wb->fd, wb->started, wb->written - wb->started,
				      SYNC_FILE_RANGE_WRITE);
		wb->started = wb->written;
	}
	return (ssize_t)size;
}

static int close_behind(void *cookie)
{
	struct write_behind *wb = cookie;
	int rc = close(wb->fd);
	free(wb);
	return rc;
}

/* Opens a temporary file beside swap->target, to be renamed over it. */
static int open_temporary(struct file_swap *swap, struct kh_error *err)
{
	swap->tmp = x_asprintf("%s.tmp-XXXXXX", swap->target);
	int fd = mkstemp(swap->tmp);
	if (fd < 0) {
		x_free(swap->tmp);
		swap->tmp = NULL;
		return fail(swap, err);
	}
	static const cookie_io_functions_t behind = {
		.write = write_behind, .close = close_behind,
	};
	struct write_behind *wb = calloc(1, sizeof(*wb));
	/* mkstemp makes it 0600. */
	if (!wb || fchmod(fd, mode_for(swap->target)) < 0)
		goto failed;
	wb->fd = fd;
	if (!(swap->fp = fopencookie(wb, "wb", behind)))
		goto failed;
	swap->tmp_fd = fd;
	return 0;
failed: {
		int saved = errno;
		free(wb);
		close(fd);
		errno = saved;
		return fail(swap, err);
	}
}

/* Whether path is standard output under another name: /dev/stdout,
 * /proc/self/fd/1, or the file the shell redirected it to. That is written
 * to as standard output (at its offset; >> appends), never replaced: a
 * replaced file would lose what was appended before and what is printed
 * after. */
static bool is_standard_output(const char *path)
{
	struct stat named, out;
	return stat(path, &named) == 0 && fstat(STDOUT_FILENO, &out) == 0 &&
	       named.st_dev == out.st_dev && named.st_ino == out.st_ino;
}

static int open_standard_output(struct file_swap *swap, struct kh_error *err)
{
	fflush(stdout);
	int fd = dup(STDOUT_FILENO);
	if (fd < 0 || !(swap->fp = fdopen(fd, "wb"))) {
		int saved = errno;
		if (fd >= 0)
			close(fd);
		errno = saved;
		return fail(swap, err);
	}
	return 0;
}

int file_swap_open(struct file_swap *swap, const char *path, struct kh_error *err)
{
	*swap = (struct file_swap){ .path = path };
	if (is_standard_output(path))
		return open_standard_output(swap, err);
	struct stat st;
	if (lstat(path, &st) < 0) {
		if (errno != ENOENT)
			return fail(swap, err);
		swap->target = x_strdup(path);
		return open_temporary(swap, err);
	}
	if (S_ISLNK(st.st_mode)) {
		/* Another user's link (in /tmp, say) could lead root to
		 * replace any file: the kernel's protected_symlinks rule. */
		if (st.st_uid != geteuid() && st.st_uid != 0) {
			kh_error_set(err, path, 0, 0,
				     _("cannot write here: this is a symbolic link another user"
				       " made; name the file itself"));
			return -1;
		}
		if (stat(path, &st) < 0) {
			if (errno != ENOENT)
				return fail(swap, err);
			kh_error_set(err, path, 0, 0,
				     _("cannot write here: this is a link to a file that does"
				       " not exist; name the file itself"));
			return -1;
		}
		if (S_ISREG(st.st_mode)) {
			/* The link stays; the file it leads to is replaced. */
			char resolved[PATH_MAX];
			if (!realpath(path, resolved))
				return fail(swap, err);
			swap->target = x_strdup(resolved);
			return open_temporary(swap, err);
		}
	}
	if (S_ISREG(st.st_mode)) {
		swap->target = x_strdup(path);
		return open_temporary(swap, err);
	}
	if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))
		return open_through(swap, err);
	return refuse(swap, st.st_mode, err);
}

int file_swap_create(struct file_swap *swap, const char *path, struct kh_error *err)
{
	*swap = (struct file_swap){ .path = path, .create_only = true };
	struct stat st;
	if (lstat(path, &st) == 0) {
		/* A folder, a socket …: --force could not replace it either. */
		if (S_ISDIR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISSOCK(st.st_mode)) {
			errno = 0;
			return refuse(swap, st.st_mode, err);
		}
		kh_error_set(err, path, 0, 0, _("it exists already"));
		errno = EEXIST;
		return -1;
	}
	if (errno != ENOENT)
		return fail(swap, err);
	swap->target = x_strdup(path);
	return open_temporary(swap, err);
}

/* The temporary file becomes the target: renamed over it, or (to create
 * only) linked to its name, which fails if anything has taken the name
 * meanwhile. */
static int put_in_place(struct file_swap *swap)
{
	if (!swap->create_only)
		return rename(swap->tmp, swap->target);
	if (link(swap->tmp, swap->target) < 0)
		return -1;
	unlink(swap->tmp);
	return 0;
}

int file_swap_commit(struct file_swap *swap, struct kh_error *err)
{
	/* errno stays as the first failure set it: a later success does not
	 * clear it. A FIFO or device cannot be synced (EINVAL). */
	bool ok = fflush(swap->fp) == 0 && !ferror(swap->fp) &&
		  (!swap->tmp || fsync(swap->tmp_fd) == 0);
	ok = fclose(swap->fp) == 0 && ok;
	swap->fp = NULL;
	if (!ok)
		return fail(swap, err);
	if (swap->tmp) {
		/* Never rename over what has become something else meanwhile. */
		struct stat st;
		if (lstat(swap->target, &st) == 0 && !S_ISREG(st.st_mode))
			return refuse(swap, st.st_mode, err);
		if (put_in_place(swap) < 0)
			return fail(swap, err);
		x_free(swap->tmp);
		swap->tmp = NULL;
	}
	file_swap_abort(swap);
	return 0;
}

void file_swap_abort(struct file_swap *swap)
{
	if (swap->fp)
		fclose(swap->fp);
	swap->fp = NULL;
	if (swap->tmp)
		unlink(swap->tmp);
	x_free(swap->tmp);
	swap->tmp = NULL;
	x_free(swap->target);
	swap->target = NULL;
}
