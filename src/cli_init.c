/* kehoach init [--shared GROUP]: creates the database; with --shared, one
 * that every member of GROUP can write, for an office where unit heads log
 * in to one server.
 *
 * The shared folder is writable by every member, and init may run as
 * root: a member could swap a symbolic or hard link in for a database
 * file between a check and a chown() by name, and have root hand any file
 * on the machine to the group. So the folder is first closed to the
 * group's writes (nobody can then add, rename or remove anything in it),
 * checked, and only then are the database files opened, without following
 * links, and changed through their descriptors. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/acl.h>
#include <unistd.h>

#include "kehoach/cli.h"

/* The folder while it is checked: the group may read it, not write it. */
#define FOLDER_LOCKED_MODE 02750
/* The folder once shared: setgid (new files get the group) and sticky (a
 * member cannot remove or rename a file another member or root owns). */
#define FOLDER_SHARED_MODE 03770
#define FILE_SHARED_MODE 0660
/* The plans folder: the group reads it; the office writes it through an
 * access control list (see share_plans_folder). */
#define PLANS_FOLDER_MODE 02750

static const char *const database_suffixes[] = { "", "-wal", "-shm" };

/* Whether name (in the database's folder) is the database or one of the
 * files SQLite keeps beside it in WAL mode. A rollback journal is not: the
 * database never uses one, so one found there was put there. */
static bool is_database_file(const char *name, const char *db_name)
{
	size_t n = strlen(db_name);
	if (strncmp(name, db_name, n) != 0)
		return false;
	for (size_t i = 0; i < KH_ARRAY_LEN(database_suffixes); i++)
		if (!strcmp(name + n, database_suffixes[i]))
			return true;
	return false;
}

/* Whether user uid is in group gid, as its primary group or a member. */
static bool user_in_group(uid_t uid, gid_t gid)
{
	struct passwd *pw = getpwuid(uid);
	if (!pw)
		return false;
	if (pw->pw_gid == gid)
		return true;
	struct group *gr = getgrgid(gid);
	for (char **m = gr ? gr->gr_mem : NULL; m && *m; m++)
		if (!strcmp(*m, pw->pw_name))
			return true;
	return false;
}

/* Whether the file st describes belongs to someone who may write in the
 * shared folder anyway: root, the caller, or a member of the group. */
static bool owned_by_group_side(const struct stat *st, gid_t gid)
{
	return st->st_uid == 0 || st->st_uid == geteuid() ||
	       user_in_group(st->st_uid, gid);
}

static bool in_group(gid_t gid)
{
	if (getegid() == gid)
		return true;
	int n = getgroups(0, NULL);
	if (n <= 0)
		return false;
	gid_t *groups = x_calloc((size_t)n, sizeof(*groups));
	n = getgroups(n, groups);
	bool found = false;
	for (int i = 0; i < n && !found; i++)
		found = groups[i] == gid;
	x_free(groups);
	return found;
}

/* Checks that group exists and the user may give files to it; sets *gid. */
static int check_group(const char *group, gid_t *gid)
{
	struct group *gr = getgrnam(group);
	if (!gr) {
		cli_error(_("there is no group '%s'; create it (groupadd %s) and add the unit"
			    " heads to it (usermod -aG %s USER)"), group, group, group);
		return -1;
	}
	*gid = gr->gr_gid;
	if (geteuid() != 0 && !in_group(*gid)) {
		cli_error(_("you are not in the group '%s': run this as root, or as one of its members"),
			  group);
		return -1;
	}
	return 0;
}

/* Closes the folder dir_fd to the group's writes; root also takes it
 * over, so that no member can open it again while it is checked. */
static int lock_folder(int dir_fd, const char *folder, gid_t gid)
{
	if (fchown(dir_fd, geteuid() == 0 ? 0 : (uid_t)-1, gid) < 0 ||
	    fchmod(dir_fd, FOLDER_LOCKED_MODE) < 0) {
		cli_error(_("cannot give the folder %s to the group: %s"), folder,
			  strerror(errno));
		return -1;
	}
	return 0;
}

/* Opens the database's folder, not through a link. Returns its
 * descriptor, or -1. */
static int open_folder(const char *folder, gid_t gid)
{
	int fd = open(folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		cli_error(_("cannot open the folder %s: %s (it must be a folder, not a link to one)"),
			  folder, strerror(errno));
		goto fail;
	}
	if (!owned_by_group_side(&st, gid)) {
		cli_error(_("the folder %s belongs to a user outside the group: a shared database"
			    " needs a folder of its own, such as /srv/kehoach"), folder);
		goto fail;
	}
	return fd;
fail:
	if (fd >= 0)
		close(fd);
	return -1;
}

/* Says what is wrong with the entry st describes, or NULL when it is a
 * file the database may use: a plain file, linked nowhere else. */
static const char *entry_problem(const struct stat *st, gid_t gid)
{
	if (S_ISLNK(st->st_mode))
		return _("a symbolic link");
	if (!S_ISREG(st->st_mode))
		return _("not a plain file");
	if (st->st_nlink != 1)
		return _("a hard link to a file elsewhere");
	if (!owned_by_group_side(st, gid))
		return _("owned by a user outside the group");
	return NULL;
}

/* The locked folder must hold nothing but the database's own files, each a
 * plain file: anything else would be opened up to the group, or followed
 * by root. */
static int check_folder_entries(int dir_fd, const char *folder,
				const char *db_name, gid_t gid)
{
	int list_fd = dup(dir_fd);
	DIR *dir = list_fd >= 0 ? fdopendir(list_fd) : NULL;
	if (!dir) {
		cli_error(_("cannot read the folder %s: %s"), folder, strerror(errno));
		if (list_fd >= 0)
			close(list_fd);
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(dir))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (!is_database_file(e->d_name, db_name)) {
			cli_error(_("the folder %s holds other files (%s): a shared database needs a"
				    " folder of its own, such as /srv/kehoach/kehoach.db"),
				  folder, e->d_name);
			rc = -1;
			break;
		}
		struct stat st;
		const char *problem = fstatat(dir_fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0
			? strerror(errno) : entry_problem(&st, gid);
		if (problem) {
			cli_error(_("%s/%s is %s: remove it (after checking who put it there),"
				    " then run init again"), folder, e->d_name, problem);
			rc = -1;
		}
	}
	closedir(dir);
	return rc;
}

/* Whether someone other than root or the caller could rename entries of
 * the folder st describes, such as the one owned by child_uid. */
static bool others_may_rename(const struct stat *st, uid_t child_uid)
{
	uid_t me = geteuid();
	bool owned = st->st_uid == 0 || st->st_uid == me;
	if (owned && !(st->st_mode & (S_IWGRP | S_IWOTH)))
		return false;
	/* Sticky (/tmp): only an entry's owner may rename it. */
	return !(owned && (st->st_mode & S_ISVTX) && (child_uid == 0 || child_uid == me));
}

/* The folders above the database's, from its parent up to /: a member who
 * could rename one of them (or the database's folder within it) while
 * root works would make root open or create a database elsewhere, as
 * SQLite opens it by name. Like sshd's StrictModes, they must be
 * writable by root or the caller only (or sticky, with what leads down
 * theirs). */
static int check_folders_above(const char *folder, bool plans)
{
	char path[PATH_MAX];
	if (!realpath(folder, path)) {
		cli_error(_("cannot open the folder %s: %s"), folder, strerror(errno));
		return -1;
	}
	while (strcmp(path, "/") != 0) {
		struct stat child, parent;
		char *slash = strrchr(path, '/');
		if (lstat(path, &child) < 0)
			break;
		*slash = '\0';
		const char *above = slash == path ? "/" : path;
		if (stat(above, &parent) < 0 || others_may_rename(&parent, child.st_uid)) {
			if (plans)
				cli_error(_("the folder %s can be changed by users other than root,"
					    " so a member could move the plans folder away while init"
					    " runs: keep it under folders only root can write (chmod"
					    " go-w %s), such as /srv/kehoach"), above, above);
			else
				cli_error(_("the folder %s can be changed by users other than root, so a"
					    " member could move the database's folder away while init"
					    " runs: keep the shared database under folders only root can"
					    " write (chmod go-w %s), such as /srv/kehoach"), above, above);
			return -1;
		}
		if (slash == path)
			break;
	}
	return 0;
}

/* Opens the database's folder and locks it, once it is seen to hold
 * nothing else: a home folder or /tmp must never be locked or opened up.
 * Returns the locked folder's descriptor, or -1 with the folder as it
 * was. */
static int open_shared_folder(const char *folder, const char *db_name, gid_t gid)
{
	if (check_folders_above(folder, false) < 0)
		return -1;
	int fd = open_folder(folder, gid);
	if (fd < 0)
		return -1;
	if (check_folder_entries(fd, folder, db_name, gid) < 0 ||
	    lock_folder(fd, folder, gid) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Gives the database file name (in the folder dir_fd) to the group, 0660,
 * through its descriptor; a missing file is fine. */
static int share_file(int dir_fd, const char *folder, const char *name, gid_t gid)
{
	int fd = openat(dir_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
				      O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return 0;
	struct stat st;
	const char *problem = fd < 0 || fstat(fd, &st) < 0 ? strerror(errno)
							    : entry_problem(&st, gid);
	if (!problem && (fchown(fd, (uid_t)-1, gid) < 0 ||
			 fchmod(fd, FILE_SHARED_MODE) < 0))
		problem = strerror(errno);
	if (fd >= 0)
		close(fd);
	if (problem) {
		cli_error(_("cannot give %s/%s to the group: %s"), folder, name, problem);
		return -1;
	}
	return 0;
}

/* The database files 0660 and the group's, then the folder opened to the
 * group again. */
static int share_database(int dir_fd, const char *folder, const char *db_name,
			  gid_t gid)
{
	for (size_t i = 0; i < KH_ARRAY_LEN(database_suffixes); i++) {
		char *name = x_asprintf("%s%s", db_name, database_suffixes[i]);
		int rc = share_file(dir_fd, folder, name, gid);
		x_free(name);
		if (rc < 0)
			return -1;
	}
	if (fchmod(dir_fd, FOLDER_SHARED_MODE) < 0) {
		cli_error(_("cannot give the folder %s to the group: %s"), folder,
			  strerror(errno));
		return -1;
	}
	return 0;
}

/* ---- the plans folder the office publishes in ------------------------------ */

/* The plans folder of a shared database: the one --plans, KEHOACH_PLANS
 * or the configuration names, else `plans` beside the database's folder
 * (not in it: that one holds the database files only). Returns a new
 * string. */
static char *shared_plans_folder(const struct cli *cli, const char *db_folder)
{
	if (cli->plans_named)
		return x_strdup(cli->plans_dir);
	char *parent = path_folder(db_folder);
	char *plans = x_asprintf("%s/plans", parent);
	x_free(parent);
	return plans;
}

/* The lists for the plans folder: the owner and each office login may
 * write, the group read; default: the same for what is made in it, so
 * that a plan an office member copies in is the group's to read whatever
 * their umask. Logins that are no user here go to unknown. */
static void plans_acl_text(const char *const *office, struct buf *acl,
			   struct buf *unknown, struct buf *writers)
{
	buf_puts(acl, "u::rwx,g::r-x,o::---,m::rwx");
	for (const char *const *u = office; u && *u; u++) {
		struct buf *list = getpwnam(*u) ? writers : unknown;
		if (list->len)
			buf_puts(list, ", ");
		buf_puts(list, *u);
		if (list == writers)
			buf_printf(acl, ",u:%s:rwx", *u);
	}
}

/* What the folder fd allows, to tell whether init changed it. */
static char *folder_rights(int fd)
{
	struct stat st;
	char *access_text = NULL, *default_text = NULL;
	acl_t a = acl_get_fd(fd);
	char proc[64];
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	acl_t d = acl_get_file(proc, ACL_TYPE_DEFAULT);
	if (a)
		access_text = acl_to_text(a, NULL);
	if (d)
		default_text = acl_to_text(d, NULL);
	char *rights = fstat(fd, &st) == 0
		? x_asprintf("%o %ld %s %s", (unsigned)st.st_mode, (long)st.st_gid,
			     access_text ? access_text : "", default_text ? default_text : "")
		: x_strdup("");
	acl_free(access_text);
	acl_free(default_text);
	if (a)
		acl_free(a);
	if (d)
		acl_free(d);
	return rights;
}

/* Sets the folder fd's mode, group and lists from text. */
static int set_plans_rights(int fd, const char *folder, gid_t gid, const char *text)
{
	char proc[64];
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	acl_t acl = acl_from_text(text);
	int rc = -1;
	/* The default list through the descriptor's own name in /proc: the
	 * folder opened, not whatever its path leads to by now. */
	if (!acl || fchown(fd, (uid_t)-1, gid) < 0 || fchmod(fd, PLANS_FOLDER_MODE) < 0 ||
	    acl_set_fd(fd, acl) < 0 || acl_set_file(proc, ACL_TYPE_DEFAULT, acl) < 0)
		cli_error(_("cannot open the plans folder %s to the office: %s"), folder,
			  strerror(errno));
	else
		rc = 0;
	if (acl)
		acl_free(acl);
	return rc;
}

/* Opens the plans folder, making it if missing, not through a link; it
 * must be root's or the caller's: a member's could be swapped. Returns
 * its descriptor, or -1. */
static int open_plans_folder(const char *folder)
{
	if (mkdir(folder, 0750) < 0 && errno != EEXIST) {
		cli_error(_("cannot create the folder %s: %s"), folder, strerror(errno));
		return -1;
	}
	if (check_folders_above(folder, true) < 0)
		return -1;
	int fd = open(folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		cli_error(_("cannot open the folder %s: %s (it must be a folder, not a link to one)"),
			  folder, strerror(errno));
	} else if (st.st_uid != 0 && st.st_uid != geteuid()) {
		cli_error(_("the plans folder %s belongs to another user: give it to root"
			    " (chown root %s), then run init again"), folder, folder);
	} else {
		return fd;
	}
	if (fd >= 0)
		close(fd);
	return -1;
}

/* The office publishes plans: the plans folder is the group's to read and
 * the office's to write (each login under 'office:' in the configuration),
 * so that a plan one of them copies in is loaded by everyone's next
 * command, and no unit head can replace the office's plans. */
static int share_plans_folder(struct cli *cli, const char *db_folder, const char *group,
			      gid_t gid)
{
	char *folder = shared_plans_folder(cli, db_folder);
	struct buf acl = { 0 }, unknown = { 0 }, writers = { 0 };
	int rc = -1;
	int fd = open_plans_folder(folder);
	if (fd < 0)
		goto out;
	plans_acl_text(cli->config.office, &acl, &unknown, &writers);
	char *before = folder_rights(fd);
	if (set_plans_rights(fd, folder, gid, buf_str(&acl)) == 0) {
		char *after = folder_rights(fd);
		cli_put(stdout, folder);
		if (!strcmp(before, after))
			printf("%s", _(": the plans folder is as it was (nothing changed)\n"));
		else
			printf("%s", _(": the plans folder is set up\n"));
		x_free(after);
		rc = 0;
	}
	x_free(before);
	if (rc == 0 && writers.len)
		printf(_("The group %s reads the plans; the office (%s) publishes them: a plan"
			 " copied into %s is loaded by everyone's next command.\n"),
		       group, buf_str(&writers), folder);
	else if (rc == 0)
		printf(_("Only root may publish plans in %s: list the office's logins under"
			 " 'office:' in the configuration and run init again.\n"), folder);
	if (unknown.len)
		cli_error(_("'office:' names %s, who is no user on this system: left out of"
			    " the plans folder (check the configuration for a typo)"),
			  buf_str(&unknown));
	close(fd);
out:
	buf_free(&acl);
	buf_free(&unknown);
	buf_free(&writers);
	x_free(folder);
	return rc;
}

static void say_done(const char *db_path, bool existed, const char *group)
{
	cli_put(stdout, db_path);
	fputs(existed ? _(": the database is ready (it was there; nothing in it changed)\n")
		      : _(": the database is created\n"), stdout);
	if (!group)
		return;
	printf(_("Shared with the group %s: its folder is setgid, sticky and group-writable"
		 " (3770), the database files 0660.\n"), group);
	printf("%s", _("Next: add each unit head to the group, and map them to their units"
		       " under 'heads' in the configuration (see README, For administrators).\n"));
}

static int run_init(struct cli *cli, const struct cli_args *args)
{
	const char *group = cli_value(args, "shared");
	int rc;
	gid_t gid = 0;
	if (group && check_group(group, &gid) < 0)
		return KH_EXIT_FAIL;
	/* Folders made on the way to a shared database must let the members
	 * through. */
	if (cli_make_parent_dirs(cli->db_path, group ? 0755 : 0700) < 0)
		return KH_EXIT_FAIL;
	/* What the database creates must stay group-writable: SQLite gives
	 * the files it adds later the database's own mode. */
	if (group)
		umask(007);
	char *folder = path_folder(cli->db_path);
	const char *slash = strrchr(cli->db_path, '/');
	const char *db_name = slash ? slash + 1 : cli->db_path;
	int dir_fd = -1;
	rc = KH_EXIT_FAIL;
	/* Checked again once locked: what a member slipped in before the
	 * lock is seen now, and nothing can be slipped in after it. */
	if (group && ((dir_fd = open_shared_folder(folder, db_name, gid)) < 0 ||
		      check_folder_entries(dir_fd, folder, db_name, gid) < 0))
		goto out;
	bool existed = access(cli->db_path, F_OK) == 0;
	struct kh_error err;
	if (store_open(cli->db_path, &cli->store, &err) < 0) {
		cli_report_error(&err);
		goto out;
	}
	if (group && share_database(dir_fd, folder, db_name, gid) < 0)
		goto out;
	say_done(cli->db_path, existed, group);
	/* The database's folder is open to the group now, whatever becomes
	 * of the plans folder. */
	if (dir_fd >= 0)
		close(dir_fd);
	dir_fd = -1;
	if (group && share_plans_folder(cli, folder, group, gid) < 0)
		goto out;
	rc = KH_EXIT_OK;
out:
	/* A folder left locked stays closed to the group's writes: safer than
	 * opening it up with something wrong in it. */
	if (rc != KH_EXIT_OK && dir_fd >= 0)
		cli_error(_("the folder %s is left closed to the group (mode 2750) until"
			    " 'kehoach init --shared %s' succeeds"), folder, group);
	if (dir_fd >= 0)
		close(dir_fd);
	x_free(folder);
	return rc;
}

static const struct cli_option init_options[] = {
	{ "shared", 0, CLI_GROUP, N_("for the members of GROUP: the folder setgid and sticky (3770), the database files group-writable (0660)") },
	{ 0 },
};

/* Opens the database itself, without syncing: it makes the place. */
const struct cli_command cli_init_command = {
	.name = "init",
	.summary = N_("create the database (--shared: for a group of users)"),
	.description = N_(
		"Creates the database (see --db and the configuration) and its folder,\n"
		"or brings an existing one up to date. With --shared GROUP the folder\n"
		"becomes GROUP's, setgid and sticky (mode 3770), and the database files\n"
		"group-writable (0660), so that every member of GROUP can mark duties.\n"
		"The folder must hold nothing but the database and the -wal and -shm\n"
		"files beside it, each a plain file (no links). Run it as root, or as a\n"
		"member of GROUP.\n"),
	.options = init_options,
	.flags = CLI_CHANGES_STORE,
	.run = run_init,
};
