/* store_wal: refusing to read or write when the database's write-ahead
 * log was removed or replaced while the database was open.
 *
 * Every connection keeps the -wal file it opened until it closes, and the
 * last one to close copies that file into the database. Once someone
 * removes the -wal by hand, a program that opens the database afterwards
 * makes a new one beside it: its changes go there while the program
 * already open still writes to the removed file, and whichever of them
 * closes last decides what is kept. A mark reported as saved is then
 * lost. Two checks keep that from happening:
 *
 *   - before opening: a -shm that a live connection still uses, with no
 *     -wal beside it, means the log was removed under that connection;
 *     so do both files missing while a connection holds its lock on the
 *     database;
 *   - before each write of an open store: the -wal at its path must still
 *     be the file this connection opened. */
/* F_OFD_GETLK (Linux 3.15). */
#define _GNU_SOURCE
#include "store_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kehoach/i18n.h"

/* Whether a process holds a lock on the file with inode ino, from
 * /proc/locks (see lock_holder). Only the inode is compared: on btrfs the
 * device that stat(2) gives is not the one the kernel lists there. */
static int lock_listed(ino_t ino, long *pid)
{
	FILE *f = fopen("/proc/locks", "re");
	if (!f)
		return -1;
	char line[256];
	int found = 0;
	while (!found && fgets(line, sizeof(line), f)) {
		/* "1: POSIX  ADVISORY  READ 2533 fe:00:1095 128 128", and
		 * "1: -> POSIX …" for a process waiting for that lock. */
		char *p = strchr(line, ':');
		if (!p)
			continue;
		p++;
		p += strspn(p, " ");
		if (!strncmp(p, "->", 2))
			continue;
		long holder;
		unsigned major, minor;
		unsigned long long inode;
		if (sscanf(p, "%*s %*s %*s %ld %x:%x:%llu", &holder, &major, &minor,
			   &inode) == 4 && inode == (unsigned long long)ino) {
			*pid = holder > 0 ? holder : 0;
			found = 1;
		}
	}
	fclose(f);
	return found;
}

/* Descriptors of the files asked about, kept open until the process
 * ends: closing one would drop every lock this process holds on its
 * file, those of its own connections included (POSIX locks belong to
 * the process, not to a descriptor). One a file: a command asks about
 * its database, a test process about a few dozen. */
#define LOCK_PROBES 64
static struct lock_probe {
	dev_t dev;
	ino_t ino;
	int fd;
} lock_probes[LOCK_PROBES];
static size_t n_lock_probes;
static pthread_mutex_t lock_probes_guard = PTHREAD_MUTEX_INITIALIZER;

/* A descriptor of path, the regular file with inode ino, kept (see
 * above); -1 when it cannot be had, or path is no longer that file. Only
 * a regular file is opened: the -shm's name is in a folder others may
 * write, and opening a device put there can do something (a watchdog, a
 * serial line); not through a symbolic link, as SQLite does not. */
static int lock_probe(const char *path, ino_t ino)
{
	struct stat st;
	if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode) || st.st_ino != ino)
		return -1;
	int fd = -1;
	pthread_mutex_lock(&lock_probes_guard);
	for (size_t i = 0; i < n_lock_probes && fd < 0; i++)
		if (lock_probes[i].dev == st.st_dev && lock_probes[i].ino == ino)
			fd = lock_probes[i].fd;
	if (fd < 0 && n_lock_probes < LOCK_PROBES) {
		int opened = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW |
				  O_CLOEXEC);
		struct stat got;
		if (opened >= 0 && fstat(opened, &got) == 0 && S_ISREG(got.st_mode)) {
			/* Kept even when another file took the name meanwhile:
			 * this process may hold locks on that one too. */
			lock_probes[n_lock_probes++] = (struct lock_probe){
				got.st_dev, got.st_ino, opened,
			};
			if (got.st_dev == st.st_dev && got.st_ino == ino)
				fd = opened;
		} else if (opened >= 0) {
			/* Not a regular file: nothing SQLite locks. */
			close(opened);
		}
	}
	pthread_mutex_unlock(&lock_probes_guard);
	return fd;
}

/* Whether a process holds a lock on path, the file with inode ino: every
 * SQLite connection keeps one on the database and on the -shm file for
 * as long as it is open. Returns 1 and the process (0 when not known)
 * when one does, 0 when none does, -1 when that cannot be found out.
 *
 * Asked with F_OFD_GETLK: a lock of this description conflicts with
 * every other lock, the POSIX locks of this process's own connections
 * too. /proc/locks says the same, but reading it took 8–20 ms on a
 * virtual machine, for every command that opened a database at rest. */
static int lock_holder(const char *path, ino_t ino, long *pid)
{
	int fd = lock_probe(path, ino);
	if (fd < 0)
		return lock_listed(ino, pid);
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	if (fcntl(fd, F_OFD_GETLK, &fl) < 0)
		return lock_listed(ino, pid);
	if (fl.l_type == F_UNLCK)
		return 0;
	*pid = fl.l_pid > 0 ? fl.l_pid : 0;
	return 1;
}

/* The -wal and -shm files missing or present, in the order that tells a
 * removed log from SQLite's own comings and goings: it makes the -wal
 * before the -shm when a database is opened, and removes the -shm before
 * the -wal when the last connection closes. So a -shm seen after the -wal
 * was found missing, and a -wal still missing after that, are no step of
 * SQLite's. Returns true in that case, with the -shm's inode. */
static bool shm_without_wal(const char *wal, const char *shm, ino_t *shm_ino)
{
	struct stat st;
	if (stat(wal, &st) == 0 || errno != ENOENT || stat(shm, &st) < 0)
		return false;
	*shm_ino = st.st_ino;
	return stat(wal, &st) < 0 && errno == ENOENT;
}

/* How many times, and how far apart, both files are seen missing while
 * the database is locked before that counts: 200 ms in all. */
#define LOG_GONE_LOOKS 5
#define LOG_GONE_PAUSE_NS (50 * 1000 * 1000L)

/* Whether neither the -wal nor the -shm is there. */
static bool log_missing(const char *wal, const char *shm)
{
	struct stat st;
	return stat(wal, &st) < 0 && errno == ENOENT && stat(shm, &st) < 0 &&
	       errno == ENOENT;
}

/* Both files removed by hand under a program that has the database open:
 * that program still holds its lock on the database itself (every WAL
 * connection does, while neither file exists only between SQLite's last
 * close and the next open, when nobody holds it). The files are looked at
 * again after the lock, as for shm_without_wal(). Returns -1 with err in
 * that case. */
static int check_log_removed(const char *path, const char *real, const char *wal,
			     const char *shm, struct kh_error *err)
{
	struct stat db;
	long pid = 0;
	if (stat(real, &db) < 0)
		return 0;
	/* A program opening the database holds its lock for a moment
	 * before it makes the -wal, and the last one to close holds it for a
	 * moment after removing both: only a state that lasts is a log
	 * removed under an open connection. */
	for (int look = 0; look < LOG_GONE_LOOKS; look++) {
		if (look > 0)
			nanosleep(&(struct timespec){ 0, LOG_GONE_PAUSE_NS }, NULL);
		if (!log_missing(wal, shm) || lock_holder(real, db.st_ino, &pid) != 1 ||
		    !log_missing(wal, shm))
			return 0;
	}
	kh_error_set(err, path, 0, 0,
		     _("%s-wal and %s-shm, the database's write-ahead log and its index,"
		       " were removed while process %ld still has the database open: a"
		       " change saved now would be lost when that process closes it, so"
		       " nothing was read or changed. Close every program using the"
		       " database (the kehoach interface, sqlite3), then try again: the"
		       " last one to close saves what it holds. Never remove the -wal or"
		       " -shm file of a database in use"),
		     store_base_name(real), store_base_name(real), pid);
	return -1;
}

int store_wal_intact(const char *path, struct kh_error *err)
{
	/* SQLite names the -wal and -shm after the file a symbolic link
	 * points to. No database yet: no log to lose. */
	char *real = realpath(path, NULL);
	if (!real)
		return 0;
	char *wal = x_asprintf("%s-wal", real);
	char *shm = x_asprintf("%s-shm", real);
	ino_t shm_ino;
	long pid = 0;
	int rc = 0;
	if (!shm_without_wal(wal, shm, &shm_ino)) {
		rc = check_log_removed(path, real, wal, shm, err);
		goto out;
	}
	int held = lock_holder(shm, shm_ino, &pid);
	/* No lock: left by a program that ended without closing, and SQLite
	 * rebuilds the -shm from the log there is. Both files looked at
	 * again: a program that opened the database meanwhile (and holds
	 * the lock seen) made its -wal first. */
	if (held == 0 || !shm_without_wal(wal, shm, &shm_ino))
		goto out;
	if (held == 1 && pid > 0)
		kh_error_set(err, path, 0, 0,
			     _("%s-wal, the database's write-ahead log, was removed while"
			       " process %ld still has the database open: a change saved now"
			       " would be lost when that process closes it, so nothing was read"
			       " or changed. Close every program using the database (the kehoach"
			       " interface, sqlite3), then try again: the last one to close saves"
			       " what it holds. Never remove the -wal or -shm file of a database"
			       " in use"),
			     store_base_name(real), pid);
	else
		kh_error_set(err, path, 0, 0,
			     _("%s-wal, the database's write-ahead log, is missing while its"
			       " -shm file is still there, so a program may still have the"
			       " database open: a change saved now could be lost when that"
			       " program closes it, so nothing was read or changed. Close every"
			       " program using the database (the kehoach interface, sqlite3),"
			       " then try again. Never remove the -wal or -shm file of a database"
			       " in use"),
			     store_base_name(real));
	rc = -1;
out:
	x_free(shm);
	x_free(wal);
	free(real);
	return rc;
}

void store_wal_remember(struct store *store)
{
	const char *wal = sqlite3_filename_wal(sqlite3_db_filename(store->db, "main"));
	struct stat st;
	/* No log (not in WAL mode): nothing to watch. */
	store->wal_known = wal && stat(wal, &st) == 0;
	if (store->wal_known) {
		store->wal_dev = st.st_dev;
		store->wal_ino = st.st_ino;
	}
}

int store_wal_check(struct store *store, struct kh_error *err)
{
	if (!store->wal_known)
		return 0;
	/* While this connection is open SQLite itself never removes or
	 * replaces its -wal (the last connection to close does), and
	 * truncating it keeps the file: any other file there, or none, was
	 * put there by someone else. */
	const char *db = sqlite3_db_filename(store->db, "main");
	const char *wal = sqlite3_filename_wal(db);
	struct stat st;
	if (stat(wal, &st) == 0 && st.st_dev == store->wal_dev &&
	    st.st_ino == store->wal_ino)
		return 0;
	kh_error_set(err, store->path, 0, 0,
		     _("%s-wal, the database's write-ahead log, was removed or replaced"
		       " while this kehoach had the database open: a change saved now would"
		       " be lost, so nothing was changed. Quit kehoach and start it again"
		       " (what it saved before is kept when it closes). Never remove the"
		       " -wal or -shm file of a database in use"),
		     store_base_name(db));
	return -1;
}
