/* cli: global options, the command table, and helpers shared by the
 * subcommands. */
#include "kehoach/cli.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "build_config.h"
#include "kehoach/file_io.h"
#include "kehoach/lunar.h"
#include "kehoach/plan.h"
#include "kehoach/text.h"
#include "kehoach/tui.h"

/* The tests' build (tests/meson.build) reads a system file of their own. */
#ifdef KEHOACH_TEST_SYSTEM_CONFIG
#undef KEHOACH_SYSTEM_CONFIG
#define KEHOACH_SYSTEM_CONFIG KEHOACH_TEST_SYSTEM_CONFIG
#endif

/* The commands, in the order of kehoach --help; each is whole in its own
 * file (cli_X.c), so that adding one is adding its entry here. */
const struct cli_command *const cli_commands[] = {
	&cli_check_command, &cli_sync_command, &cli_units_command,
	&cli_list_command, &cli_show_command, &cli_done_command,
	&cli_start_command, &cli_reopen_command, &cli_progress_command,
	&cli_extend_command, &cli_cancel_command, &cli_undo_command,
	&cli_history_command, &cli_brief_command, &cli_stats_command, &cli_checklist_command,
	&cli_report_command, &cli_plans_command, &cli_archive_command,
	&cli_unarchive_command,
	&cli_init_command, &cli_doctor_command, &cli_overview_command,
	&cli_tet_command, &cli_lunar_command, &cli_holidays_command, &cli_export_command,
	&cli_remind_command,
	&cli_import_command,
	&cli_roll_command,
};
const size_t cli_n_commands = KH_ARRAY_LEN(cli_commands);

const struct cli_choice cli_formats_text_json[] = {
	{ "text", FORMAT_TEXT }, { "json", FORMAT_JSON }, { 0 },
};
const struct cli_choice cli_phases[] = {
	{ "before", PHASE_BEFORE }, { "during", PHASE_DURING }, { "after", PHASE_AFTER },
	{ 0 },
};
const struct cli_choice cli_states[] = {
	{ "todo", DUTY_TODO }, { "doing", DUTY_DOING }, { "done", DUTY_DONE }, { 0 },
};

static void print_help(FILE *out)
{
	fprintf(out, "%s", _("Usage: kehoach [GLOBAL OPTIONS] [COMMAND [ARGS]]\n"
		"\n"
		"kehoach keeps the duties of work plans (kế hoạch) and their status.\n"
		"Without a command it opens the interface (on a terminal).\n"
		"\nCommands:\n"));
	for (size_t i = 0; i < cli_n_commands; i++)
		cli_help_summary(out, cli_commands[i]);
	fprintf(out, _("\nGlobal options (before the command):\n"
		"  --db PATH       the database (default: the configuration's, else\n"
		"                  $XDG_DATA_HOME/kehoach/kehoach.db)\n"
		"  --plans DIR     the plans folder (default: the configuration's, else\n"
		"                  ./plans, else $XDG_CONFIG_HOME/kehoach/plans)\n"
		"  --config FILE   read FILE after %s and\n"
		"                  $XDG_CONFIG_HOME/kehoach/config.yaml (also KEHOACH_CONFIG)\n"
		"  --today DATE    replay another day (also KEHOACH_TODAY); DATE is\n"
		"                  YYYY-MM-DD or DD/MM/YYYY\n"
		"  --lang vi|en    the language of messages and documents (also\n"
		"                  KEHOACH_LANG, then lang: in the configuration;\n"
		"                  default: vi, whatever the locale)\n"
		"  --help, --version\n"
		"\nA duty is named by its id; a group's duty for one unit by ID@UNIT;\n"
		"PLAN/ID where ids clash across plans.\n"
		"Exit status: 0 ok, 1 failure, 2 usage error.\n"), KEHOACH_SYSTEM_CONFIG);
}

static void vprint_error(const char *prefix, const char *fmt, va_list ap)
	KH_PRINTF(2, 0);
static void vprint_error(const char *prefix, const char *fmt, va_list ap)
{
	char *message = x_vasprintf(fmt, ap);
	char *safe = text_sanitize(message, 0);
	fprintf(stderr, "kehoach: %s%s\n", prefix, safe);
	x_free(safe);
	x_free(message);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprint_error("", fmt, ap);
	va_end(ap);
}

void cli_usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *prefix = x_asprintf("%s%s", command ? command : "",
				  command ? ": " : "");
	vprint_error(prefix, fmt, ap);
	x_free(prefix);
	va_end(ap);
	if (command)
		fprintf(stderr, _("Try 'kehoach %s --help'.\n"), command);
	else
		fprintf(stderr, "%s", _("Try 'kehoach --help'.\n"));
}

int cli_check_xlsx_output(const struct cli_args *args, bool xlsx)
{
	bool output = cli_value(args, "output") != NULL;
	if (xlsx && !output) {
		cli_error(_("%s: --format xlsx writes a workbook, not text: add -o FILE"),
			  args->command->name);
		return KH_EXIT_USAGE;
	}
	if (!xlsx && output) {
		cli_error(_("%s: -o is for --format xlsx; send other formats to a file with >"),
			  args->command->name);
		return KH_EXIT_USAGE;
	}
	return KH_EXIT_OK;
}

void cli_report_error(const struct kh_error *err)
{
	char line[sizeof(err->file) + sizeof(err->message) + 32];
	kh_error_format(err, line, sizeof(line));
	cli_error("%s", line);
}

/* A CSV field: in quotes when it holds a separator, a quote or a line
 * break, a quote doubled (RFC 4180). Text is sanitised first. */
void cli_csv_field(struct buf *b, const char *s)
{
	char *safe = text_sanitize(s ? s : "", 0);
	if (strpbrk(safe, ",\"\n\r")) {
		buf_putc(b, '"');
		for (const char *p = safe; *p; p++) {
			if (*p == '"')
				buf_putc(b, '"');
			buf_putc(b, *p);
		}
		buf_putc(b, '"');
	} else {
		buf_puts(b, safe);
	}
	x_free(safe);
}

int cli_write_output(const char *path, const struct buf *text, enum cli_write how)
{
	struct kh_error err;
	kh_error_clear(&err);
	if (!path) {
		fwrite(buf_str(text), 1, text->len, stdout);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			cli_error(_("cannot write to standard output: %s"), strerror(errno));
			return KH_EXIT_FAIL;
		}
		return KH_EXIT_OK;
	}
	struct file_swap swap;
	int opened = how == CLI_WRITE_NEW ? file_swap_create(&swap, path, &err)
					  : file_swap_open(&swap, path, &err);
	if (opened < 0) {
		if (how == CLI_WRITE_NEW && errno == EEXIST)
			cli_error(_("%s exists already: nothing was written; give --force to replace it, or another name with -o"),
				  path);
		else
			cli_report_error(&err);
		return KH_EXIT_FAIL;
	}
	fwrite(buf_str(text), 1, text->len, swap.fp);
	if (file_swap_commit(&swap, &err) < 0) {
		cli_report_error(&err);
		return KH_EXIT_FAIL;
	}
	return KH_EXIT_OK;
}

void cli_put(FILE *out, const char *s)
{
	struct buf b = { 0 };
	text_sanitize_append(&b, s ? s : "", 0);
	fwrite(buf_str(&b), 1, b.len, out);
	buf_free(&b);
}

const char *cli_date(kh_date date, char buf[DATE_STR_SIZE])
{
	if (date == KH_DATE_NONE)
		return "—";
	date_format_vn(date, buf);
	return buf;
}

void cli_timestamp(long long unix_time, char *out, size_t out_size)
{
	char when[DATE_TIME_STR_SIZE];
	snprintf(out, out_size, "%s", date_format_local_time(unix_time, when) ? when : "?");
}

/* ---- a command's line --------------------------------------------------- */

/* The option named by a long form ("--name" or "--name=value", without
 * the dashes: len bytes of name), or NULL. */
static const struct cli_option *find_option(const struct cli_option *options,
					    const char *name, size_t len)
{
	for (const struct cli_option *opt = options; opt->name; opt++)
		if (strlen(opt->name) == len && !strncmp(opt->name, name, len))
			return opt;
	return NULL;
}

/* The option whose one-letter form is arg ("-o"), or NULL. */
static const struct cli_option *find_letter(const struct cli_option *options,
					    const char *arg)
{
	if (arg[1] == '\0' || arg[2] != '\0')
		return NULL;
	for (const struct cli_option *o = options; o->name; o++)
		if (o->letter && o->letter == arg[1])
			return o;
	return NULL;
}

static size_t option_index(const struct cli_args *args, const char *name)
{
	const struct cli_option *options = args->command->options;
	const struct cli_option *opt = find_option(options, name, strlen(name));
	/* A command asking for an option it does not declare is a bug,
	 * which every test of that command would show. */
	if (!opt)
		abort();
	return (size_t)(opt - options);
}

const char *cli_value(const struct cli_args *args, const char *name)
{
	return args->values[option_index(args, name)];
}

bool cli_flag(const struct cli_args *args, const char *name)
{
	return cli_value(args, name) != NULL;
}

kh_date cli_date_value(const struct cli_args *args, const char *name)
{
	size_t i = option_index(args, name);
	return args->values[i] ? (kh_date)args->numbers[i] : KH_DATE_NONE;
}

int cli_number(const struct cli_args *args, const char *name, int fallback)
{
	size_t i = option_index(args, name);
	return args->values[i] ? (int)args->numbers[i] : fallback;
}

/* Reads argv[1..argc) into args: options into their slots, the rest as
 * arguments. Returns 0, or -1 after a usage error; *help is set by
 * --help or -h. */
static int read_line(int argc, char **argv, struct cli_args *args, bool *help)
{
	const struct cli_option *options = args->command->options;
	bool only_arguments = false;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (only_arguments || arg[0] != '-' || !strcmp(arg, "-")) {
			args->items[args->count++] = arg;
			continue;
		}
		if (!strcmp(arg, "--")) {
			only_arguments = true;
			continue;
		}
		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			*help = true;
			continue;
		}
		const char *name = arg + 2;
		const char *eq = strchr(name, '=');
		const struct cli_option *opt = strncmp(arg, "--", 2)
			? find_letter(options, arg)
			: find_option(options, name, eq ? (size_t)(eq - name) : strlen(name));
		if (opt && arg[1] != '-')
			eq = NULL;
		if (!opt) {
			cli_usage_error(argv[0], _("unknown option '%s'"), arg);
			return -1;
		}
		const char **value = &args->values[opt - options];
		if (opt->kind == CLI_FLAG) {
			if (eq) {
				cli_usage_error(argv[0], _("option '--%s' takes no value"),
						opt->name);
				return -1;
			}
			*value = "";
		} else if (eq) {
			*value = eq + 1;
		} else if (i + 1 < argc) {
			*value = argv[++i];
		} else {
			cli_usage_error(argv[0], _("option '--%s' needs a value"),
					opt->name);
			return -1;
		}
	}
	return 0;
}

/* "todo, doing or done". */
static char *choice_list(const struct cli_choice *choices)
{
	char *list = x_strdup(choices[0].name);
	for (size_t i = 1; choices[i].name; i++) {
		char *longer = choices[i + 1].name
			? x_asprintf("%s, %s", list, choices[i].name)
			/* TRANSLATORS: the last of a list of values: "text, tsv or json". */
			: x_asprintf(_("%s or %s"), list, choices[i].name);
		x_free(list);
		list = longer;
	}
	return list;
}

static int parse_choice(const char *command, const struct cli_option *opt,
			const char *s, long *out)
{
	for (const struct cli_choice *c = opt->choices; c->name; c++) {
		if (!strcmp(c->name, s)) {
			*out = c->value;
			return 0;
		}
	}
	char *list = choice_list(opt->choices);
	cli_usage_error(command, _("--%s: unknown value '%s' (%s)"), opt->name, s,
			list);
	x_free(list);
	return -1;
}

static int parse_count(const char *command, const char *option, const char *s,
		       long *out)
{
	char *end;
	errno = 0;
	long n = strtol(s, &end, 10);
	if (errno || end == s || *end || n < 0 || n > 100000 || s[0] == '+' ||
	    s[0] == ' ') {
		cli_usage_error(command, _("'--%s' needs a number of days, not '%s'"),
				option, s);
		return -1;
	}
	*out = n;
	return 0;
}

/* Checks one option's value by its kind, with the one parser of each
 * (and text for being UTF-8),
 * into *number. */
static int check_value(const char *command, const struct cli_option *opt,
		       const char *value, long *number)
{
	kh_date date;
	int year;
	switch (opt->kind) {
	case CLI_DATE: {
		char *what = x_asprintf("--%s", opt->name);
		int rc = cli_parse_date(what, value, &date);
		x_free(what);
		*number = date;
		return rc;
	}
	case CLI_DAYS:
		return parse_count(command, opt->name, value, number);
	case CLI_YEAR:
		if (cli_parse_year(command, value, &year) < 0)
			return -1;
		*number = year;
		return 0;
	case CLI_CHOICE:
		return parse_choice(command, opt, value, number);
	case CLI_TEXT:
		/* A note, a reason, a search: text, whichever command. */
		if (!text_valid_utf8(value, strlen(value))) {
			cli_usage_error(command, _("--%s is not valid UTF-8"), opt->name);
			return -1;
		}
		return 0;
	default:
		return 0;
	}
}

/* The checks every command gets: each value by its kind, the options it
 * needs, the number of its arguments. */
static int check_line(const struct cli_args *args)
{
	const struct cli_command *c = args->command;
	for (size_t i = 0; c->options[i].name; i++) {
		const struct cli_option *opt = &c->options[i];
		if (args->values[i] &&
		    check_value(c->name, opt, args->values[i], &args->numbers[i]) < 0)
			return -1;
	}
	for (size_t i = 0; c->options[i].name; i++) {
		const struct cli_option *opt = &c->options[i];
		if (opt->required && !args->values[i]) {
			char *placeholder = cli_help_placeholder(opt);
			cli_usage_error(c->name, _("needs --%s %s"), opt->name, placeholder);
			x_free(placeholder);
			return -1;
		}
	}
	if (args->count < c->min_args) {
		cli_usage_error(c->name, "%s", _(c->missing));
		return -1;
	}
	if (c->max_args >= 0 && args->count > c->max_args) {
		if (c->max_args == 0)
			cli_usage_error(c->name, _("takes no arguments"));
		else
			cli_usage_error(c->name, _("unexpected argument '%s'"),
					args->items[c->max_args]);
		return -1;
	}
	return 0;
}

static void args_free(struct cli_args *args)
{
	x_free(args->items);
	x_free(args->values);
	x_free(args->numbers);
}

static size_t count_options(const struct cli_command *c)
{
	size_t n = 0;
	while (c->options[n].name)
		n++;
	return n;
}

/* Runs a command: its line read and checked, its own check, the store
 * opened when it needs it, then the command. argv[0] is its name. */
static int run_command(struct cli *cli, const struct cli_command *c, int argc,
		       char **argv)
{
	size_t n_options = count_options(c);
	struct cli_args args = {
		.command = c,
		.items = x_calloc((size_t)argc + 1, sizeof(*args.items)),
		.values = x_calloc(n_options + 1, sizeof(*args.values)),
		.numbers = x_calloc(n_options + 1, sizeof(*args.numbers)),
	};
	bool help = false;
	int rc = KH_EXIT_USAGE;
	if (read_line(argc, argv, &args, &help) < 0)
		goto out;
	if (help) {
		cli_help_command(stdout, c);
		rc = KH_EXIT_OK;
		goto out;
	}
	if (check_line(&args) < 0)
		goto out;
	if (c->check && (rc = c->check(cli, &args)) != KH_EXIT_OK)
		goto out;
	rc = KH_EXIT_FAIL;
	if ((c->flags & CLI_OPENS_STORE) && cli_open_store(cli, NULL) < 0)
		goto out;
	rc = c->run(cli, &args);
out:
	args_free(&args);
	return rc;
}

int cli_parse_date(const char *what, const char *s, kh_date *out)
{
	switch (date_parse(s, out, NULL)) {
	case DATE_PARSE_OK:
		return 0;
	case DATE_PARSE_IMPOSSIBLE:
		cli_usage_error(NULL, _("%s: no such date: '%s'"), what, s);
		return -1;
	default:
		cli_usage_error(NULL, _("%s: expected a date (YYYY-MM-DD or DD/MM/YYYY), not '%s'"),
				what, s);
		return -1;
	}
}

int cli_parse_year(const char *command, const char *s, int *out)
{
	char *end;
	long year = strtol(s, &end, 10);
	bool digits = *s >= '0' && *s <= '9' && strlen(s) <= 4 && !*end;
	if (!digits || year < LUNAR_YEAR_MIN || year > LUNAR_YEAR_MAX) {
		cli_usage_error(command, _("expected a year from %d to %d, not '%s'"),
				LUNAR_YEAR_MIN, LUNAR_YEAR_MAX, s);
		return -1;
	}
	*out = (int)year;
	return 0;
}

/* ---- plan files and the store --------------------------------------------- */

static bool has_plan_suffix(const char *name)
{
	size_t len = strlen(name);
	return name[0] != '.' &&
	       ((len > 5 && !strcmp(name + len - 5, ".yaml")) ||
		(len > 4 && !strcmp(name + len - 4, ".yml")));
}

static int compare_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **cli_plan_files(const char *dir, struct kh_error *err)
{
	DIR *d = opendir(dir);
	if (!d) {
		kh_error_set(err, dir, 0, 0, _("cannot open the plans folder: %s"),
			     strerror(errno));
		return NULL;
	}
	char **paths = NULL;
	size_t n = 0, cap = 0;
	struct dirent *entry;
	while ((entry = readdir(d))) {
		if (!has_plan_suffix(entry->d_name))
			continue;
		X_GROW(paths, cap, n + 2);
		size_t dlen = strlen(dir);
		paths[n++] = x_asprintf("%s%s%s", dir,
					dlen && dir[dlen - 1] == '/' ? "" : "/",
					entry->d_name);
	}
	closedir(d);
	X_GROW(paths, cap, n + 1);
	qsort(paths, n, sizeof(*paths), compare_paths);
	paths[n] = NULL;
	return paths;
}

void cli_free_paths(char **paths)
{
	if (!paths)
		return;
	for (char **p = paths; *p; p++)
		x_free(*p);
	x_free(paths);
}

int cli_make_parent_dirs(const char *path, mode_t mode)
{
	char *copy = x_strdup(path);
	int rc = 0;
	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, mode) < 0 && errno != EEXIST) {
			cli_error(_("cannot create the folder %s: %s"), copy,
				  strerror(errno));
			rc = -1;
			break;
		}
		*p = '/';
	}
	x_free(copy);
	return rc;
}

/* A duty with marks left the plan: renamed without `was:`, perhaps. */
static void say_duty_dropped(const struct sync_event *event)
{
	if (event->successor_id)
		cli_error(_("%s: duty %s has marks, notes or history and is no longer in plan %s:"
			    " they are kept but no longer shown. If %s is %s renamed, add"
			    " 'was: [%s]' to %s"), event->path, event->duty_id, event->plan_id,
			  event->successor_id, event->duty_id, event->duty_id, event->successor_id);
	else
		cli_error(_("%s: duty %s has marks, notes or history and is no longer in plan %s:"
			    " they are kept but no longer shown. If it was renamed, add"
			    " 'was: [%s]' to the duty it became"), event->path, event->duty_id,
			  event->plan_id, event->duty_id);
}

static void on_sync_event(void *ctx, const struct sync_event *event)
{
	const struct cli *cli = ctx;
	switch (event->outcome) {
	case SYNC_FAILED:
		cli_report_error(event->error);
		cli_error(_("%s was skipped; what was stored from it before is kept"),
			  event->path);
		break;
	case SYNC_LOADED:
		if (cli->report_sync) {
			char *id = text_sanitize(event->plan_id, 0);
			cli_put(stdout, event->path);
			if (event->units_total)
				printf(_(": loaded plan %s (%zu of its %zu units read;"
					 " the others are as they were)\n"),
				       id, event->units_read, event->units_total);
			else
				printf(_(": loaded plan %s\n"), id);
			x_free(id);
		}
		break;
	case SYNC_REMOVED:
		if (cli->report_sync) {
			/* The id is the one the database kept, which another
			 * writer may have filled: sanitised like the path. */
			char *id = text_sanitize(event->plan_id ? event->plan_id : "?", 0);
			cli_put(stdout, event->path);
			printf(_(": gone; plan %s retired (its history is kept)\n"), id);
			x_free(id);
		}
		break;
	case SYNC_DUTY_DROPPED:
		say_duty_dropped(event);
		break;
	case SYNC_UNCHANGED:
		break;
	}
}

/* Syncs the plans folder into the open store, telling on_event (with
 * ctx) about each file; returns the number of files that failed, or -1
 * with err. */
static int sync_plans_folder(struct cli *cli, sync_event_fn on_event, void *ctx,
			     struct kh_error *err)
{
	char **paths = cli_plan_files(cli->plans_dir, err);
	if (!paths)
		return -1;
	size_t n = 0;
	while (paths[n])
		n++;
	int failed = store_sync(cli->store, (const char *const *)paths, n,
				on_event, ctx, err);
	cli_free_paths(paths);
	return failed;
}

/* Whether the open database is the office's: the system file's, however
 * it was named (a link, a hard link a member made to it, a link swapped
 * while kehoach started: the file this process holds open is compared),
 * or any database when that file names none. A user's own database holds
 * nothing of anyone else's, whatever folder it is synced from. */
static bool is_office_database(const struct cli *cli)
{
	const char *office = cli->office_database;
	struct stat want;
	if (!office)
		return true;
	return stat(office, &want) == 0 && file_is_open_here(want.st_dev, want.st_ino);
}

/* Once the system's file has set heads, plans come from its plans folder
 * only: another (--plans, KEHOACH_PLANS, a user's or --config's plans:)
 * would let one user retire every plan of the office, or load a copy with
 * two units swapped and mark another unit's duties as their own. Folders
 * are compared by identity, not spelling; the sync then reads the system
 * file's spelling, so that a symbolic link the user owns cannot be turned
 * elsewhere once checked. Returns 0, or -1 after printing why. */
static int use_office_plans(struct cli *cli)
{
	if (!cli->config.rules_locked || !is_office_database(cli))
		return 0;
	const char *rules = cli->config.rules_file;
	const char *office = cli->office_plans;
	if (!office) {
		cli_error(_("%s says who heads which unit but not where the office's plans are, so kehoach loads no plans: the administrator must set 'plans:' in %s. To validate a folder without loading it: kehoach check DIR"),
			  rules, rules);
		return -1;
	}
	struct stat want, got;
	if (stat(office, &want) < 0) {
		struct kh_error err;
		kh_error_set(&err, office, 0, 0, _("cannot open the plans folder: %s"),
			     strerror(errno));
		cli_report_error(&err);
		return -1;
	}
	if (stat(cli->plans_dir, &got) < 0 || got.st_dev != want.st_dev ||
	    got.st_ino != want.st_ino) {
		cli_error(_("the plans folder %s is not the office's: as %s says who heads which unit, kehoach loads plans only from %s. Ask the office to publish the plan in %s, and leave out --plans, KEHOACH_PLANS and 'plans:' in your own configuration. To validate a folder without loading it: kehoach check %s"),
			  cli->plans_dir, rules, office, office, cli->plans_dir);
		return -1;
	}
	cli->plans_dir = office;
	return 0;
}

void cli_set_due_soon(struct cli *cli)
{
	store_set_due_soon(cli->store, workdays_span(&cli->calendar, cli->today,
						     config_due_soon_days(&cli->config)));
}

int cli_open_store(struct cli *cli, int *failures)
{
	struct kh_error err;
	kh_error_clear(&err);
	/* A personal database is nobody else's business. */
	if (cli_make_parent_dirs(cli->db_path, 0700) < 0)
		return -1;
	if (store_open(cli->db_path, &cli->store, &err) < 0) {
		cli_report_error(&err);
		return -1;
	}
	cli_set_due_soon(cli);
	/* Decided on what was opened, before anything is loaded into it. */
	if (use_office_plans(cli) < 0)
		return -1;
	int failed = sync_plans_folder(cli, on_sync_event, cli, &err);
	if (failed < 0) {
		cli_report_error(&err);
		return -1;
	}
	if (failures)
		*failures = failed;
	return 0;
}

void cli_actor(const struct cli *cli, struct actor *actor)
{
	store_actor_from_process(actor);
	actor->may_mark = config_units_of(&cli->config, actor->user);
	actor->rules_file = cli->config.rules_file;
	actor->people = &cli->config.people;
}

/* A login of the configuration that is no user here: a typo, most likely. */
static bool is_user(const char *login)
{
	return getpwnam(login) != NULL;
}

int cli_warn_rules(const struct cli *cli, cli_unit_known_fn unit_known, void *ctx)
{
	const struct config *c = &cli->config;
	const char *rules = c->rules_file ? c->rules_file : "?";
	int warnings = 0;
	for (size_t i = 0; i < c->n_heads; i++) {
		const struct config_head *h = &c->heads[i];
		if (!is_user(h->user)) {
			cli_error(_("%s:%u: warning: 'heads:' names '%s', who is no user on this"
				    " system: check it for a typo"), rules, h->line, h->user);
			warnings++;
		}
		for (const char *const *u = h->units; u && *u; u++) {
			if (unit_known(ctx, *u))
				continue;
			cli_error(_("%s:%u: warning: 'heads:' gives %s the unit '%s', which no"
				    " current plan has: check it for a typo"), rules, h->line,
				  h->user, *u);
			warnings++;
		}
	}
	for (const char *const *o = c->office; o && *o; o++) {
		if (is_user(*o))
			continue;
		cli_error(_("%s:%u: warning: 'office:' names '%s', who is no user on this"
			    " system: check it for a typo"), c->office_file ? c->office_file : "?",
			  c->office_line, *o);
		warnings++;
	}
	return warnings;
}

/* ---- defaults ------------------------------------------------------------ */

/* The home folder: $HOME, or when HOME is unset (cron, `env -i`) the
 * password database's for the effective user. Returns NULL, with *why (a
 * new string the caller frees) saying so, when that is no absolute path:
 * a relative one would put the database under whatever folder kehoach
 * was started in, an empty one under the root folder. */
static const char *home_folder(char **why)
{
	const char *home = getenv("HOME");
	if (!home) {
		const struct passwd *pw = getpwuid(geteuid());
		if (pw && pw->pw_dir && pw->pw_dir[0] == '/')
			return pw->pw_dir;
		*why = x_asprintf(_("HOME is not set, and the password database gives no home folder for uid %ld"),
				  (long)geteuid());
		return NULL;
	}
	if (home[0] == '/')
		return home;
	*why = x_asprintf(_("HOME is '%s', not an absolute path"), home);
	return NULL;
}

/* $env/kehoach/rest when env is an absolute path (XDG: a relative one is
 * ignored), else HOME/fallback/kehoach/rest. Returns a new string, or NULL
 * with *why as home_folder() does. */
static char *xdg_path(const char *env, const char *fallback, const char *rest,
		      char **why)
{
	const char *base = getenv(env);
	if (base && base[0] == '/')
		return x_asprintf("%s/kehoach/%s", base, rest);
	const char *home = home_folder(why);
	return home ? x_asprintf("%s/%s/kehoach/%s", home, fallback, rest) : NULL;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The value of the environment variable name, or NULL when it is unset
 * or empty. */
static const char *env_value(const char *name)
{
	const char *value = getenv(name);
	return value && *value ? value : NULL;
}

/* Reads one configuration file over cli->config; a file that must exist
 * (one the user named) is an error when missing. */
static int load_config_file(struct cli *cli, const char *path, bool must_exist)
{
	if (!must_exist && access(path, F_OK) != 0)
		return 0;
	struct kh_error err;
	if (config_load_file(&cli->config, path, &err) < 0) {
		cli_report_error(&err);
		return -1;
	}
	return 0;
}

/* The system's file, the user's, then the one named by --config or
 * KEHOACH_CONFIG: each setting a later file makes wins, but for `heads`
 * and `office` once the system's file has set `heads`. */
static int load_config(struct cli *cli)
{
	/* Without a home folder there is no user's file to read. */
	char *why = NULL;
	char *user_file = xdg_path("XDG_CONFIG_HOME", ".config", "config.yaml", &why);
	int rc = load_config_file(cli, KEHOACH_SYSTEM_CONFIG, false);
	cli->config.rules_locked = cli->config.has_heads;
	if (cli->config.rules_locked) {
		cli->office_plans = cli->config.plans;
		cli->office_database = cli->config.database;
	}
	if (rc == 0 && user_file)
		rc = load_config_file(cli, user_file, false);
	x_free(user_file);
	x_free(why);
	if (!cli->config_path)
		cli->config_path = env_value("KEHOACH_CONFIG");
	if (rc == 0 && cli->config_path)
		rc = load_config_file(cli, cli->config_path, true);
	return rc;
}

/* After load_config(): the database and the plans folder. Returns 0, or
 * -1 after printing why. */
static int default_paths(struct cli *cli)
{
	char *why = NULL;
	int rc = -1;
	if (!cli->db_path)
		cli->db_path = env_value("KEHOACH_DB");
	if (!cli->db_path)
		cli->db_path = cli->config.database;
	if (!cli->db_path)
		cli->db_path = cli->owned_db_path =
			xdg_path("XDG_DATA_HOME", ".local/share", "kehoach.db", &why);
	if (!cli->db_path) {
		cli_error(_("%s, so kehoach cannot tell where your database is: set HOME to your home folder, or give --db PATH"),
			  why);
		goto out;
	}
	/* SQLite reads these as a database in memory or a URI: marks made
	 * there would be reported saved and then lost. */
	if (!*cli->db_path || !strcmp(cli->db_path, ":memory:") ||
	    !strncmp(cli->db_path, "file:", 5)) {
		cli_error(_("'%s' is not the path of a database file: give one, such as"
			    " --db ~/kehoach.db"), cli->db_path);
		goto out;
	}
	if (!cli->plans_dir)
		cli->plans_dir = env_value("KEHOACH_PLANS");
	if (!cli->plans_dir)
		cli->plans_dir = cli->config.plans;
	cli->plans_named = cli->plans_dir != NULL;
	if (!cli->plans_dir) {
		if (is_dir("plans"))
			cli->plans_dir = "plans";
		else
			cli->plans_dir = cli->owned_plans_dir =
				xdg_path("XDG_CONFIG_HOME", ".config", "plans", &why);
	}
	if (!cli->plans_dir) {
		cli_error(_("%s, so kehoach cannot tell where your plans folder is: set HOME to your home folder, or give --plans DIR"),
			  why);
		goto out;
	}
	rc = 0;
out:
	x_free(why);
	return rc;
}

/* Today: --today, KEHOACH_TODAY or the local date. Returns 0, or -1 after
 * a usage error. */
static int default_today(struct cli *cli, const char *today)
{
	if (!today)
		today = env_value("KEHOACH_TODAY");
	if (today) {
		cli->today_pinned = true;
		return cli_parse_date("--today", today, &cli->today);
	}
	cli->today = date_today_local();
	return 0;
}

/* The interface's reload: no messages on stderr under curses; the
 * interface reports what on_event tells it. */
static int reload_plans(void *ctx, sync_event_fn on_event, void *event_ctx,
			struct kh_error *err)
{
	return sync_plans_folder(ctx, on_event, event_ctx, err);
}

/* The interface's checklists: KEHOACH_CHECKLIST_FORMAT when it names one
 * this build can write, else PDF when built with it, else text. */
static enum report_format checklist_format(void)
{
	const char *name = getenv("KEHOACH_CHECKLIST_FORMAT");
	enum report_format format;
	if (name && *name && report_format_parse(name, &format) == 0 &&
	    report_format_available(format, NULL))
		return format;
	return report_format_available(REPORT_PDF, NULL) ? REPORT_PDF : REPORT_TEXT;
}

/* The first line of SQLite's check that names a problem (not its
 * "*** in database main ***" heading), on one line. */
static const char *first_problem(const char *report)
{
	static char line[256];
	const char *p = report;
	while (strncmp(p, "***", 3) == 0 && strchr(p, '\n'))
		p = strchr(p, '\n') + 1;
	size_t len = strcspn(p, "\n");
	snprintf(line, sizeof(line), "%.*s", (int)(len < sizeof(line) ? len : sizeof(line) - 1), p);
	return line;
}

/* The quick integrity check an interactive session starts with (over
 * 100 ms on a database of 100,000 duties: too slow for every command, and
 * `kehoach doctor` does the full one). It runs beside the session, which
 * waits for it only before it writes: the first screen does not. */
struct session_check {
	struct cli *cli;
	struct store_check_run *run;   /* started when first asked: after the
					* first screen */
	int sound;      /* 1 sound, -1 not, 0 not known yet */
	bool start_failed;
	struct kh_error start_error;
};

/* Says why the database is refused, once the check has ended: on stderr,
 * after the interface has given the terminal back. */
static void report_check(struct session_check *check, int rc, const struct buf *problems,
			 const struct kh_error *err)
{
	if (rc < 0)
		cli_report_error(err);
	else if (rc > 0)
		cli_error(_("the database %s is damaged; nothing was changed. Run 'kehoach doctor'"
			    " for details. First problem: %s"), check->cli->db_path,
			  first_problem(buf_str(problems)));
}

/* tui_options.database_sound: the check's outcome, waited for or not. */
static int session_database_sound(void *ctx, bool wait)
{
	struct session_check *check = ctx;
	if (check->sound)
		return check->sound;
	if (!check->run) {
		check->run = store_check_start(check->cli->store, &check->start_error);
		if (!check->run) {
			check->start_failed = true;
			return check->sound = -1;
		}
	}
	struct buf problems = { 0 };
	struct kh_error err;
	kh_error_clear(&err);
	int rc = store_check_result(check->run, wait, &problems, &err);
	buf_free(&problems);
	if (rc != 2)
		check->sound = rc == 0 ? 1 : -1;
	/* Sound: what the session counts may now be kept in it. */
	store_keep_counts(check->cli->store, check->sound > 0);
	return check->sound;
}

/* After the session: says why the database was refused, if it was;
 * stops a check the session did not wait for. Returns 0 when the
 * database was not found damaged. */
static int end_session_check(struct session_check *check)
{
	int rc = 0;
	if (check->start_failed) {
		cli_report_error(&check->start_error);
		rc = -1;
	} else if (check->sound < 0) {
		struct buf problems = { 0 };
		struct kh_error err;
		kh_error_clear(&err);
		rc = store_check_result(check->run, true, &problems, &err);
		report_check(check, rc, &problems, &err);
		buf_free(&problems);
	}
	store_check_stop(check->run);
	check->run = NULL;
	return rc == 0 ? 0 : -1;
}
/* The interface's m: the checklist to the user running it. */
static int mail_from_interface(void *ctx, const struct report *r, char *said,
			       size_t said_size, struct kh_error *err)
{
	return cli_mail_report(ctx, r, NULL, said, said_size, err);
}

/* kehoach without a command: the interface, on the same plans and
 * database as the command line. */
static int cli_interface(struct cli *cli)
{
	if (tui_check_terminal() < 0 || cli_open_store(cli, NULL) < 0)
		return KH_EXIT_FAIL;
	struct session_check check = { .cli = cli };
	struct tui_options opts = {
		.store = cli->store,
		.today = cli->today,
		.today_pinned = cli->today_pinned,
		.reload = reload_plans,
		.reload_ctx = cli,
		.checklist_format = checklist_format,
		.calendar = &cli->calendar,
		.due_soon_days = config_due_soon_days(&cli->config),
		.mail_report = mail_from_interface,
		.mail_ctx = cli,
		.database_sound = session_database_sound,
		.database_ctx = &check,
		.started_ns = cli->started_ns,
	};
	struct actor actor;
	cli_actor(cli, &actor);
	opts.may_mark = actor.may_mark;
	opts.rules_file = actor.rules_file;
	opts.people = actor.people;
	/* Nothing is written before the check says the database is sound. */
	store_keep_counts(cli->store, false);
	int rc = tui_run(&opts);
	return end_session_check(&check) < 0 ? KH_EXIT_FAIL : rc;
}

/* CLOCK_MONOTONIC, in ns. */
static long long cli_clock_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* lang: of the configuration, unless --lang or $KEHOACH_LANG chose. */
static void use_configured_language(const struct cli *cli, const char *lang)
{
	if (!lang && !env_value("KEHOACH_LANG") && cli->config.lang)
		i18n_use(cli->config.lang);
}

const struct cli_command *cli_find_command(const char *name)
{
	for (size_t i = 0; i < cli_n_commands; i++)
		if (!strcmp(cli_commands[i]->name, name))
			return cli_commands[i];
	return NULL;
}

int cli_main(int argc, char **argv)
{
	struct cli cli = { .started_ns = cli_clock_ns() };
	i18n_init();
	const char *today = NULL, *lang = NULL;
	bool help = false;
	int i = 1;
	int rc = KH_EXIT_USAGE;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *arg = argv[i];
		const char **target = NULL;
		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			help = true;
			break;
		}
		if (!strcmp(arg, "--version")) {
			printf("kehoach %s\n", KEHOACH_VERSION);
			return KH_EXIT_OK;
		}
		const struct {
			const char *name;
			const char **value;
		} globals[] = {
			{ "--db", &cli.db_path },
			{ "--plans", &cli.plans_dir },
			{ "--config", &cli.config_path },
			{ "--today", &today },
			{ "--lang", &lang },
		};
		const char *name_end = arg + strcspn(arg, "=");
		size_t name_len = (size_t)(name_end - arg);
		for (size_t g = 0; g < KH_ARRAY_LEN(globals); g++)
			if (strlen(globals[g].name) == name_len &&
			    !strncmp(globals[g].name, arg, name_len))
				target = globals[g].value;
		if (!target) {
			cli_usage_error(NULL, _("unknown option '%s'"), arg);
			goto out;
		}
		if (*name_end == '=') {
			*target = name_end + 1;
		} else if (i + 1 < argc) {
			*target = argv[++i];
		} else {
			cli_usage_error(NULL, _("option '%s' needs a value"), arg);
			goto out;
		}
		/* Switch at once, so that what comes next (--help, errors) is
		 * in that language. */
		if (target == &lang) {
			if (strcmp(lang, "vi") && strcmp(lang, "en")) {
				cli_usage_error(NULL, _("unknown language '%s' (expected vi or en)"),
						lang);
				goto out;
			}
			i18n_use(lang);
		}
	}
	/* The build's: the manual's entries, in the language --lang chose,
	 * whatever the configuration of whoever builds it says. */
	if (i < argc && !strcmp(argv[i], "__man")) {
		cli_help_manual(stdout, cli_commands, cli_n_commands);
		rc = KH_EXIT_OK;
		goto out;
	}
	/* The configuration may set the language: read it before --help,
	 * whose text is in that language even when the file has a mistake. */
	bool config_ok = load_config(&cli) == 0;
	config_calendar(&cli.config, &cli.calendar);
	use_configured_language(&cli, lang);
	if (help) {
		print_help(stdout);
		rc = KH_EXIT_OK;
		goto out;
	}
	if (!config_ok) {
		rc = KH_EXIT_FAIL;
		goto out;
	}
	if (default_paths(&cli) < 0) {
		rc = KH_EXIT_FAIL;
		goto out;
	}
	if (default_today(&cli, today) < 0)
		goto out;
	if (i == argc) {
		rc = cli_interface(&cli);
		goto out;
	}
	if (!strcmp(argv[i], "__complete")) {
		rc = cli_complete(&cli, argc - i, argv + i);
		goto out;
	}
	const struct cli_command *command = cli_find_command(argv[i]);
	if (!command) {
		cli_usage_error(NULL, _("unknown command '%s'"), argv[i]);
		goto out;
	}
	rc = run_command(&cli, command, argc - i, argv + i);
out:
	store_close(cli.store);
	workdays_free(&cli.calendar);
	config_free(&cli.config);
	x_free(cli.owned_db_path);
	x_free(cli.owned_plans_dir);
	return rc;
}
