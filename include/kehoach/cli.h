/* cli: the command line, which is also the scripting interface. One file
 * per subcommand (cli_list.c, cli_mark.c …); this header holds what they
 * share: the context built from the global options, option parsing, and
 * output helpers that pass every plan or database string through the
 * terminal-safe sanitiser. */
#ifndef KEHOACH_CLI_H
#define KEHOACH_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "kehoach/config.h"
#include "kehoach/date.h"
#include "kehoach/error.h"
#include "kehoach/store.h"

#include "kehoach/i18n.h"

enum exit_code {
	KH_EXIT_OK = 0,
	KH_EXIT_FAIL = 1,
	KH_EXIT_USAGE = 2,
};

struct cli {
	const char *db_path;       /* --db, KEHOACH_DB, the configuration, or XDG data */
	const char *plans_dir;     /* --plans, KEHOACH_PLANS, the configuration,
				    * ./plans or the XDG config folder */
	const char *config_path;   /* --config, or KEHOACH_CONFIG */
	struct config config;      /* the configuration files, layered */
	const char *office_plans;  /* the system file's plans folder, once that
				    * file has set heads (config.rules_locked):
				    * the only one synced then; NULL: none set */
	const char *office_database; /* the system file's database, once that
				    * file has set heads; NULL: none set (then
				    * every database is guarded as the office's) */
	kh_date today;             /* --today, KEHOACH_TODAY, or the local date */
	bool today_pinned;         /* by --today or KEHOACH_TODAY */
	struct store *store;       /* open after cli_open_store() */
	bool report_sync;          /* say which plans were loaded or removed */
	char *owned_db_path;
	char *owned_plans_dir;
};

/* A subcommand: argc/argv start at its name. Returns an exit code. */
typedef int (*cli_command_fn)(struct cli *cli, int argc, char **argv);

int cli_main(int argc, char **argv);

/* ---- options ------------------------------------------------------------- */

struct cli_option {
	const char *name;      /* long name without "--" */
	bool has_arg;
	const char **value;    /* set to the argument, or "" for a flag */
	char letter;           /* a one-letter form ("-o"), or 0 */
};

/* The arguments of a command that are not options. */
struct cli_args {
	const char **items;
	int count;
};

/* Parses argv[1..argc) (argv[0] is the command name) against options (a
 * table ending with a zeroed entry; --help is always understood and prints
 * usage). Returns true to go on, with the other arguments in *args (free
 * them with cli_args_free()). Returns false when the command is over, with
 * the code to exit with in *exit_code: KH_EXIT_OK after printing the help,
 * KH_EXIT_USAGE after a usage error naming the unknown option, the missing
 * value, or (outside [min_args, max_args]) the wrong number of arguments. */
bool cli_parse(int argc, char **argv, const struct cli_option *options,
	       const char *usage, int min_args, int max_args,
	       struct cli_args *args, int *exit_code);
void cli_args_free(struct cli_args *args);

/* Parses a non-negative integer option; prints a usage error on failure. */
int cli_parse_count(const char *command, const char *option, const char *s,
		    int *out);

/* Parses YEAR strictly (digits only); prints a usage error unless it is a
 * year whose Tết the calendar knows (LUNAR_YEAR_MIN … LUNAR_YEAR_MAX). */
int cli_parse_year(const char *command, const char *s, int *out);

/* Parses DATE with the one date parser; prints a usage error on failure. */
int cli_parse_date(const char *what, const char *s, kh_date *out);

/* ---- the store ----------------------------------------------------------- */

/* Opens the database (creating its folder) and syncs the plans folder,
 * reporting files that fail to load on stderr. Once the system's file has
 * set heads, only its plans folder may be synced: another is refused
 * before the database is opened. Returns 0, or -1 after printing why.
 * *failures (may be NULL) gets the count of failed files. */
int cli_open_store(struct cli *cli, int *failures);

/* Creates every missing folder of path's parent (mkdir -p) with mode.
 * Returns 0, or -1 after printing why. */
int cli_make_parent_dirs(const char *path, mode_t mode);

/* The plan files in dir (*.yaml and *.yml, sorted). Returns a
 * NULL-terminated array the caller frees with cli_free_paths(), or NULL
 * with err. */
char **cli_plan_files(const char *dir, struct kh_error *err);
void cli_free_paths(char **paths);

/* Who is making a change: the process's user, with the units the
 * configuration lets them mark. */
void cli_actor(const struct cli *cli, struct actor *actor);

/* ---- output -------------------------------------------------------------- */

/* Prints "kehoach: " and the message, sanitised, to stderr. */
void cli_error(const char *fmt, ...) KH_PRINTF(1, 2);
void cli_report_error(const struct kh_error *err);
void cli_usage_error(const char *command, const char *fmt, ...) KH_PRINTF(2, 3);

/* Writes s through the terminal-safe sanitiser (one line: newlines shown). */
void cli_put(FILE *out, const char *s);

/* "28/01/2022", or "—" for KH_DATE_NONE. */
const char *cli_date(kh_date date, char buf[DATE_STR_SIZE]);
/* "25/01/2022 14:03" in local time. */
void cli_timestamp(long long unix_time, char *out, size_t out_size);

/* One duty as a line of `kehoach list`: box, name, deadline, unit, text. */
void cli_print_duty_line(FILE *out, const struct duty_row *row);

enum cli_format { FORMAT_TEXT, FORMAT_TSV, FORMAT_JSON };
/* Parses --format's value among the allowed ones; prints a usage error. */
int cli_parse_format(const char *command, const char *s, bool allow_tsv,
		     enum cli_format *out);

int cli_check(struct cli *cli, int argc, char **argv);
int cli_sync(struct cli *cli, int argc, char **argv);
int cli_units(struct cli *cli, int argc, char **argv);
int cli_list(struct cli *cli, int argc, char **argv);
int cli_show(struct cli *cli, int argc, char **argv);
int cli_done(struct cli *cli, int argc, char **argv);
int cli_start(struct cli *cli, int argc, char **argv);
int cli_reopen(struct cli *cli, int argc, char **argv);
int cli_undo(struct cli *cli, int argc, char **argv);
int cli_history(struct cli *cli, int argc, char **argv);
int cli_overview(struct cli *cli, int argc, char **argv);
int cli_doctor(struct cli *cli, int argc, char **argv);
int cli_init(struct cli *cli, int argc, char **argv);
int cli_checklist(struct cli *cli, int argc, char **argv);
int cli_report(struct cli *cli, int argc, char **argv);
int cli_tet(struct cli *cli, int argc, char **argv);
int cli_lunar(struct cli *cli, int argc, char **argv);
int cli_roll(struct cli *cli, int argc, char **argv);

#endif
