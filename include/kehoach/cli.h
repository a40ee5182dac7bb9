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
#include "kehoach/workdays.h"

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
	bool plans_named;          /* by --plans, KEHOACH_PLANS or the
				    * configuration, not a default */
	const char *config_path;   /* --config, or KEHOACH_CONFIG */
	struct config config;      /* the configuration files, layered */
	struct workdays calendar;  /* the working days, as config corrects them */
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
	long long started_ns;      /* CLOCK_MONOTONIC at cli_main()'s start */
};

int cli_main(int argc, char **argv);

/* ---- the table of commands ------------------------------------------------- */

/* What an option's value, or a command's argument, is. It gives the
 * placeholder shown in --help and the manual and what the shell
 * completes; dates, counts of days, years and choices are checked by
 * cli.c (with the one parser of each) before the command runs, the
 * others by the command. */
enum cli_kind {
	CLI_FLAG,       /* no value */
	CLI_TEXT,       /* free text */
	CLI_NUMBER,     /* a number the command checks */
	CLI_DAYS,       /* a number of days, 0 to 100000 */
	CLI_DATE,       /* YYYY-MM-DD or DD/MM/YYYY */
	CLI_YEAR,       /* a year the lunar calendar knows */
	CLI_MONTH,      /* YYYY-MM, checked by the command */
	CLI_CHOICE,     /* one of the option's choices */
	CLI_PLAN,       /* a plan id in the database */
	CLI_UNIT,       /* a unit id in the database */
	CLI_DUTY,       /* a duty's name in the database */
	CLI_USER,       /* an OS user's name */
	CLI_GROUP,      /* an OS group's name */
	CLI_FILE,       /* a file's path */
	CLI_PATH,       /* a file's or a folder's path */
};

/* The formats of the commands that write data. */
enum cli_format { FORMAT_TEXT, FORMAT_TSV, FORMAT_JSON, FORMAT_XLSX };

/* One value of a CLI_CHOICE option, and the number the command gets. */
struct cli_choice {
	const char *name;
	int value;
};

/* The choices shared by several commands, each ending with { 0 }. */
extern const struct cli_choice cli_formats_text_json[];
extern const struct cli_choice cli_phases[];
extern const struct cli_choice cli_states[];

struct cli_option {
	const char *name;       /* long name without "--" */
	char letter;            /* a one-letter form ("-o"), or 0 */
	enum cli_kind kind;     /* CLI_FLAG: it takes no value */
	const char *help;       /* N_(): what it does */
	const struct cli_choice *choices; /* CLI_CHOICE's values */
	const char *placeholder; /* its value in --help when not the kind's
				  * ("ID", "DATE") nor the choices */
	bool required;
};

/* A command's line, parsed and checked. */
struct cli_args {
	const struct cli_command *command;
	const char **items;     /* the arguments that are not options */
	int count;
	const char **values;    /* per option of the command: its value ("" for
				 * a flag given), or NULL when not given */
	long *numbers;          /* per option: a date, day count, year or
				 * choice's value, checked */
};

/* Whether the store is opened (and synced) before the command runs, and
 * whether the command may change what is stored. */
enum cli_command_flags {
	CLI_OPENS_STORE = 1 << 0,
	CLI_CHANGES_STORE = 1 << 1,
};

/* A command, whole. `kehoach --help`, `kehoach NAME --help`, the manual
 * page and shell completion are made from it; cli.c parses its line,
 * checks its values, opens the store and reports errors for all. */
struct cli_command {
	const char *name;
	const char *arguments;  /* its arguments in the usage: "ID", "[PATH…]" */
	enum cli_kind argument_kind; /* what they are, for completion */
	int min_args, max_args; /* max_args -1: any number */
	const char *missing;    /* N_(): the usage error with too few */
	const char *summary;    /* N_(): its line in kehoach --help */
	const char *description; /* N_(): paragraphs for its --help and manual */
	const struct cli_option *options; /* ending with { 0 } */
	unsigned flags;         /* enum cli_command_flags */
	/* Optional: checks what cli.c cannot (one option against another,
	 * against today …), before the store is opened. Returns KH_EXIT_OK
	 * to go on, else the code to exit with, after printing why. */
	int (*check)(struct cli *cli, const struct cli_args *args);
	int (*run)(struct cli *cli, const struct cli_args *args);
};

/* The table: every command, in the order of kehoach --help. */
extern const struct cli_command *const cli_commands[];
extern const size_t cli_n_commands;
/* The command named, or NULL. */
const struct cli_command *cli_find_command(const char *name);

/* Each command's entry, in its own file. */
extern const struct cli_command cli_check_command, cli_sync_command,
	cli_units_command, cli_list_command, cli_show_command,
	cli_done_command, cli_start_command, cli_reopen_command,
	cli_progress_command, cli_extend_command, cli_cancel_command,
	cli_stats_command, cli_plans_command, cli_archive_command,
	cli_unarchive_command,
	cli_undo_command, cli_history_command, cli_brief_command, cli_checklist_command,
	cli_report_command, cli_init_command, cli_doctor_command,
	cli_overview_command, cli_tet_command, cli_lunar_command,
	cli_holidays_command,
	cli_export_command, cli_remind_command,
	cli_import_command,
	cli_roll_command;

/* The value of the command's option NAME: its text, "" for a flag
 * given, or NULL when not given. NAME must be one of its options. */
const char *cli_value(const struct cli_args *args, const char *name);
bool cli_flag(const struct cli_args *args, const char *name);
/* A CLI_DATE option, checked, or KH_DATE_NONE when not given. */
kh_date cli_date_value(const struct cli_args *args, const char *name);
/* A CLI_DAYS, CLI_YEAR or CLI_CHOICE option's number, checked, or
 * fallback when not given. */
int cli_number(const struct cli_args *args, const char *name, int fallback);

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

/* Tells the open store what "due soon" spans from today: the calendar
 * days to the configured number of working days ahead (cli_open_store
 * does it; a command that opens the store itself calls it). */
void cli_set_due_soon(struct cli *cli);

/* Creates every missing folder of path's parent (mkdir -p) with mode.
 * Returns 0, or -1 after printing why. */
int cli_make_parent_dirs(const char *path, mode_t mode);

/* The plan files in dir (*.yaml and *.yml, sorted). Returns a
 * NULL-terminated array the caller frees with cli_free_paths(), or NULL
 * with err. */
char **cli_plan_files(const char *dir, struct kh_error *err);
void cli_free_paths(char **paths);

/* Warns (on stderr, with the configuration file and line) of 'heads:'
 * and 'office:' entries that name logins that are no user here, or units
 * unit_known does not know. Returns how many. */
typedef bool (*cli_unit_known_fn)(void *ctx, const char *unit);
int cli_warn_rules(const struct cli *cli, cli_unit_known_fn unit_known, void *ctx);

/* Who is making a change: the process's user, with the units the
 * configuration lets them mark. */
void cli_actor(const struct cli *cli, struct actor *actor);

/* ---- help, the manual and completion, from the table (cli_help.c) ---- */

/* The line of a command in kehoach --help. */
void cli_help_summary(FILE *out, const struct cli_command *c);
/* kehoach COMMAND --help: usage, description, options. */
void cli_help_command(FILE *out, const struct cli_command *c);
/* An option's value as the usage shows it: "ID", "text|json". Returns a
 * new string. */
char *cli_help_placeholder(const struct cli_option *opt);
/* The manual's entries for the commands, in roff, in the language in
 * use (kehoach __man; docs/meson.build puts them in the pages). */
void cli_help_manual(FILE *out, const struct cli_command *const *commands,
		     size_t n);

/* kehoach __complete …: the words shell completion offers (cli_complete.c). */
int cli_complete(struct cli *cli, int argc, char **argv);

/* ---- output -------------------------------------------------------------- */

/* Prints "kehoach: " and the message, sanitised, to stderr. */
void cli_error(const char *fmt, ...) KH_PRINTF(1, 2);
void cli_report_error(const struct kh_error *err);
void cli_usage_error(const char *command, const char *fmt, ...) KH_PRINTF(2, 3);
/* A workbook (--format xlsx, xlsx true) is a binary file: it needs -o FILE,
 * and -o is for a workbook only. Returns KH_EXIT_OK, or KH_EXIT_USAGE
 * after one line saying what to add or drop. */
int cli_check_xlsx_output(const struct cli_args *args, bool xlsx);

/* Writes s through the terminal-safe sanitiser (one line: newlines shown). */
void cli_put(FILE *out, const char *s);

/* A CSV field (RFC 4180): in quotes when it holds a separator, a quote or
 * a line break, a quote doubled; the text sanitised first. */
void cli_csv_field(struct buf *b, const char *s);

/* How cli_write_output treats a file that is there already. */
enum cli_write {
	CLI_WRITE_REPLACE,   /* replaced whole (file_swap_open) */
	CLI_WRITE_NEW,       /* refused, for a command whose --force replaces
			      * it (file_swap_create) */
};

/* text to path, whole or not at all (file_io.h), or to standard output
 * when path is NULL. Returns KH_EXIT_OK, or KH_EXIT_FAIL after saying
 * why. */
int cli_write_output(const char *path, const struct buf *text, enum cli_write how);

/* "28/01/2022", or "—" for KH_DATE_NONE. */
const char *cli_date(kh_date date, char buf[DATE_STR_SIZE]);
/* "25/01/2022 14:03" in local time. */
void cli_timestamp(long long unix_time, char *out, size_t out_size);

/* What a change did: "todo → done", ", deadline extended to …",
 * ", withdrawn (reason: …)", " (undo)". */
void cli_print_change_what(FILE *out, const struct history_row *row);

/* ---- mail (cli_remind.c) ------------------------------------------------ */

struct mail_attachment;
struct person;
struct report;

/* Mails subject and body (UTF-8 text), with the attachments, to the
 * person (who must have an email), from the configuration's mail_from,
 * through its sendmail command. Returns 0, or -1 with err. */
/* The report (a checklist) mailed to login (NULL: the user running
 * kehoach), as a PDF attachment (the body in a build without PDF); said
 * gets "Checklist sent to NAME <ADDRESS>". Returns 0, or -1 with err
 * saying why in one line. */
int cli_mail_report(struct cli *cli, const struct report *r, const char *login,
		    char *said, size_t said_size, struct kh_error *err);

int cli_mail_send(struct cli *cli, const struct person *to, const char *subject,
		  const char *body, const struct mail_attachment *attachments,
		  size_t n_attachments, struct kh_error *err);

/* Appends the document r in format (text at 80 columns) to out. Returns
 * 0, or -1 with err. */
int cli_render_report(const struct report *r, int format, struct buf *out,
		      struct kh_error *err);

/* The summary table as `kehoach stats` prints it, every unit as of
 * today, appended to out; *total gets the sums. Returns 0, or -1 with
 * err (cli_stats.c). */
int cli_stats_text(struct cli *cli, struct buf *out, struct outcome_counts *total,
		   struct kh_error *err);

/* One duty as a line of `kehoach list`: box, name, deadline, unit, text. */
void cli_print_duty_line(FILE *out, const struct duty_row *row);



#endif
