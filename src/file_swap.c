/* file_swap: a temporary file renamed over its target when complete. */
#include "kehoach/file_swap.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kehoach/i18n.h"

static mode_t mode_for(const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return st.st_mode & 07777;
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

int file_swap_open(struct file_swap *swap, const char *path, struct kh_error *err)
{
	swap->path = path;
	swap->fp = NULL;
	swap->tmp = x_asprintf("%s.tmp-XXXXXX", path);
	int fd = mkstemp(swap->tmp);
	if (fd < 0) {
		x_free(swap->tmp);
		swap->tmp = NULL;
		return fail(swap, err);
	}
	/* mkstemp makes it 0600. */
	if (fchmod(fd, mode_for(path)) < 0 || !(swap->fp = fdopen(fd, "wb"))) {
		int saved = errno;
		close(fd);
		errno = saved;
		return fail(swap, err);
	}
	return 0;
}

int file_swap_commit(struct file_swap *swap, struct kh_error *err)
{
	/* errno stays as the first failure set it: a later success does not
	 * clear it. */
	bool ok = fflush(swap->fp) == 0 && !ferror(swap->fp) &&
		  fsync(fileno(swap->fp)) == 0;
	ok = fclose(swap->fp) == 0 && ok;
	swap->fp = NULL;
	if (!ok)
		return fail(swap, err);
	if (rename(swap->tmp, swap->path) < 0)
		return fail(swap, err);
	x_free(swap->tmp);
	swap->tmp = NULL;
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
}
