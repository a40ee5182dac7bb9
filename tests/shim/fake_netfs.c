/* A preloaded library for tests: statfs(2) reports an NFS file system for
 * every path under $FAKE_NETFS_DIR, so that kehoach's refusal of a
 * database on a network file system can be tested on a machine without
 * one. Everything else goes to the real statfs. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>

#define NFS_SUPER_MAGIC 0x6969

typedef int (*statfs_fn)(const char *path, struct statfs *buf);

int statfs(const char *path, struct statfs *buf);

int statfs(const char *path, struct statfs *buf)
{
	statfs_fn real = (statfs_fn)dlsym(RTLD_NEXT, "statfs");
	int rc = real(path, buf);
	const char *dir = getenv("FAKE_NETFS_DIR");
	if (rc == 0 && dir && *dir && strncmp(path, dir, strlen(dir)) == 0)
		buf->f_type = NFS_SUPER_MAGIC;
	return rc;
}
