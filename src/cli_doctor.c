/* kehoach doctor: the database's full integrity check and vital signs. */
#include <string.h>
#include <time.h>

#include "kehoach/cli.h"

/* "37.8 MB", "512 kB", "0 B". */
static void format_bytes(long long n, char *out, size_t size)
{
	if (n >= 1000 * 1000)
		snprintf(out, size, _("%.1f MB"), (double)n / 1e6);
	else if (n >= 1000)
		snprintf(out, size, _("%.1f kB"), (double)n / 1e3);
	else
		snprintf(out, size, _("%lld B"), n);
}

static void print_database(const char *path)
{
	fputs(_("Database: "), stdout);
	cli_put(stdout, path);
	fputc('\n', stdout);
}

static void print_health(const char *path, const struct store_health *h)
{
	char size[32], wal[32];
	format_bytes(h->size_bytes, size, sizeof(size));
	format_bytes(h->wal_bytes, wal, sizeof(wal));
	print_database(path);
	printf(_("  size %s (%lld pages of %lld bytes, %lld free); write-ahead log %s\n"),
	       size, h->page_count, h->page_size, h->free_pages, wal);
	printf(_("  schema version %d (this kehoach writes %d)\n"), h->schema_version,
	       STORE_SCHEMA_VERSION);
	printf(_("  %lld plans, %lld assignments, %lld changes in the history\n"),
	       h->plans, h->assignments, h->changes);
	if (h->last_change_at) {
		char when[32];
		cli_timestamp(h->last_change_at, when, sizeof(when));
		printf(_("  last change %s by "), when);
		cli_put(stdout, h->last_change_by);
		fputc('\n', stdout);
	} else {
		printf("%s", _("  no change yet\n"));
	}
}

/* Each line of problems on a line of its own, sanitised. */
static void print_problems(const char *problems)
{
	while (*problems) {
		size_t len = strcspn(problems, "\n");
		char *line = x_strndup(problems, len);
		cli_put(stdout, line);
		fputc('\n', stdout);
		x_free(line);
		problems += len + (problems[len] == '\n');
	}
}

/* A write-ahead log removed under a program that has the database open,
 * found before opening it: opening would make a new log and hide it.
 * Returns false after reporting it. */
static bool wal_intact(const char *path)
{
	struct kh_error err;
	if (store_wal_intact(path, &err) == 0)
		return true;
	print_database(path);
	printf("%s", _("Write-ahead log: PROBLEM FOUND\n"));
	print_problems(err.message);
	return false;
}

/* A log removed under a database is found before SQLite opens it (and
 * would make a new, empty one). */
static int check_doctor(struct cli *cli, const struct cli_args *args)
{
	(void)args;
	return wal_intact(cli->db_path) ? KH_EXIT_OK : KH_EXIT_FAIL;
}

static int note_found(void *ctx, const struct unit_row *row)
{
	(void)row;
	*(bool *)ctx = true;
	return 0;
}

/* Whether a current plan has the unit. */
static bool unit_in_store(void *ctx, const char *unit)
{
	struct cli *cli = ctx;
	bool found = false;
	struct kh_error err;
	store_unit(cli->store, NULL, unit, cli->today, note_found, &found, &err);
	return found;
}

/* The search table is kept beside the duties, made from them: one out of
 * step (a database edited by hand) is written again, not restored. */
static int check_search(struct cli *cli)
{
	struct kh_error err;
	long out_of_step, rebuilt;
	if (store_search_out_of_step(cli->store, &out_of_step, &err) < 0) {
		cli_report_error(&err);
		return KH_EXIT_FAIL;
	}
	if (out_of_step == 0) {
		printf("%s", _("Search table: ok\n"));
		return KH_EXIT_OK;
	}
	if (store_search_rebuild(cli->store, &rebuilt, &err) < 0) {
		printf(ngettext("Search table: %ld duty out of step\n",
				"Search table: %ld duties out of step\n", out_of_step),
		       out_of_step);
		cli_report_error(&err);
		return KH_EXIT_FAIL;
	}
	printf(ngettext("Search table: %ld duty was out of step; written again\n",
			"Search table: %ld duties were out of step; written again\n", rebuilt),
	       rebuilt);
	return KH_EXIT_OK;
}

static int run_doctor(struct cli *cli, const struct cli_args *args)
{
	(void)args;
	int rc;
	struct store_health health;
	struct kh_error err;
	/* Figures that cannot be read are a symptom: the check says why. */
	if (store_health(cli->store, &health, &err) < 0)
		cli_report_error(&err);
	else
		print_health(cli->db_path, &health);
	/* A typo in heads: or office: gives nobody the unit: a warning, as
	 * the database itself is sound. */
	cli_warn_rules(cli, unit_in_store, cli);
	struct buf problems = { 0 };
	int check = store_check(cli->store, true, &problems, &err);
	if (check < 0) {
		cli_report_error(&err);
		rc = KH_EXIT_FAIL;
	} else if (check > 0) {
		printf("%s", _("Integrity check: PROBLEMS FOUND\n"));
		print_problems(buf_str(&problems));
		printf("%s", _("\nRestore the database from a backup, or copy what can be read"
			       " with: sqlite3 OLD.db .recover | sqlite3 NEW.db\n"));
		rc = KH_EXIT_FAIL;
	} else {
		printf("%s", _("Integrity check: ok\n"));
		rc = check_search(cli);
	}
	buf_free(&problems);
	return rc;
}

static const struct cli_option doctor_options[] = { { 0 } };

const struct cli_command cli_doctor_command = {
	.name = "doctor",
	.summary = N_("check the whole database, show its vital signs"),
	.description = N_(
		"Checks the whole database (SQLite's integrity check: every table and\n"
		"index) and prints its vital signs: size, write-ahead log, schema\n"
		"version, counts and the last change. Then checks the search table\n"
		"against the duties, and writes again what is out of step. Exit\n"
		"status 1 when something is wrong.\n"),
	.options = doctor_options,
	.flags = CLI_OPENS_STORE,
	.check = check_doctor,
	.run = run_doctor,
};
