/* kehoach init [--shared GROUP]: creates the database; with --shared, one
 * that every member of GROUP can write, for an office where unit heads log
 * in to one server. */
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kehoach/cli.h"

static const char usage[] = N_(
	"Usage: kehoach init [--shared GROUP]\n"
	"\n"
	"Creates the database (see --db and the configuration) and its folder,\n"
	"or brings an existing one up to date. With --shared GROUP the folder\n"
	"becomes GROUP's and setgid (mode 2770) and the database files\n"
	"group-writable (0660), so that every member of GROUP can mark duties.\n"
	"The folder must hold nothing but the database. Run it as root, or as\n"
	"a member of GROUP.\n");

/* Whether name (in the database's folder) is the database or one of the
 * files SQLite keeps beside it. */
static bool is_database_file(const char *name, const char *db_name)
{
	size_t n = strlen(db_name);
	return strncmp(name, db_name, n) == 0 &&
	       (!name[n] || !strcmp(name + n, "-wal") || !strcmp(name + n, "-shm") ||
		!strcmp(name + n, "-journal"));
}

/* A shared folder's mode and group are changed: refuse one that holds
 * anything else (a home folder, /tmp), which that would open up. */
static int check_folder_is_own(const char *folder, const char *db_name)
{
	DIR *dir = opendir(folder);
	if (!dir) {
		cli_error(_("cannot read the folder %s: %s"), folder, strerror(errno));
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(dir))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    is_database_file(e->d_name, db_name))
			continue;
		cli_error(_("the folder %s holds other files (%s): a shared database needs a"
			    " folder of its own, such as /srv/kehoach/kehoach.db"),
			  folder, e->d_name);
		rc = -1;
		break;
	}
	closedir(dir);
	return rc;
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

/* Gives path to group gid with mode; says what failed. */
static int share(const char *path, gid_t gid, mode_t mode)
{
	if (chown(path, (uid_t)-1, gid) < 0 || chmod(path, mode) < 0) {
		cli_error(_("cannot give %s to the group: %s"), path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Checks, before anything is created, that the database can be shared
 * with group: it exists, the user may give files to it, and the folder
 * (if it is there) holds nothing else. Sets *gid. */
static int check_sharing(const char *db_path, const char *group, gid_t *gid)
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
	char *folder = path_folder(db_path);
	const char *slash = strrchr(db_path, '/');
	int rc = access(folder, F_OK) == 0
		 ? check_folder_is_own(folder, slash ? slash + 1 : db_path) : 0;
	x_free(folder);
	return rc;
}

/* The folder 2770 and the group's, the database and the files beside it
 * 0660. */
static int share_database(const char *db_path, gid_t gid)
{
	char *folder = path_folder(db_path);
	int rc = share(folder, gid, 02770);
	x_free(folder);
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	for (size_t i = 0; rc == 0 && i < KH_ARRAY_LEN(suffixes); i++) {
		char *file = x_asprintf("%s%s", db_path, suffixes[i]);
		if (access(file, F_OK) == 0)
			rc = share(file, gid, 0660);
		x_free(file);
	}
	return rc;
}

int cli_init(struct cli *cli, int argc, char **argv)
{
	const char *group = NULL;
	const struct cli_option options[] = {
		{ "shared", true, &group, 0 },
		{ 0 },
	};
	struct cli_args args;
	int rc;
	if (!cli_parse(argc, argv, options, _(usage), 0, 0, &args, &rc))
		return rc;
	cli_args_free(&args);
	gid_t gid = 0;
	if (group && check_sharing(cli->db_path, group, &gid) < 0)
		return KH_EXIT_FAIL;
	bool existed = access(cli->db_path, F_OK) == 0;
	/* What the database creates must stay group-writable: SQLite gives
	 * the files it adds later the database's own mode. */
	if (group)
		umask(007);
	if (cli_make_parent_dirs(cli->db_path, group ? 0755 : 0700) < 0)
		return KH_EXIT_FAIL;
	struct kh_error err;
	if (store_open(cli->db_path, &cli->store, &err) < 0) {
		cli_report_error(&err);
		return KH_EXIT_FAIL;
	}
	if (group && share_database(cli->db_path, gid) < 0)
		return KH_EXIT_FAIL;
	cli_put(stdout, cli->db_path);
	fputs(existed ? _(": the database is ready (it was there; nothing in it changed)\n")
		      : _(": the database is created\n"), stdout);
	if (group) {
		printf(_("Shared with the group %s: its folder is setgid and group-writable (2770),"
			 " the database files 0660.\n"), group);
		printf("%s", _("Next: add each unit head to the group, and map them to their units"
			       " under 'heads' in the configuration (see README, For administrators).\n"));
	}
	return KH_EXIT_OK;
}
