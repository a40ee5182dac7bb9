/* kehoach checklist, kehoach report: printed documents, written to stdout,
 * to a file (-o) or to the printer (--print). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kehoach/cli.h"
#include "kehoach/report.h"

/* Where a document goes, from the options both commands share. */
struct output {
	const char *format_name;   /* --format, or NULL */
	const char *path;          /* -o, or NULL (stdout) */
	const char *print;         /* --print: "" when given */
	const char *width_text;    /* --width */
	enum report_format format;
	size_t width;
};

/* The options every document command takes, for its option table. */
#define OUTPUT_OPTIONS(o) \
	{ "format", true, &(o).format_name, 0 }, \
	{ "output", true, &(o).path, 'o' }, \
	{ "print", false, &(o).print, 0 }, \
	{ "width", true, &(o).width_text, 0 }

/* The format named, or the one -o's extension implies, or the default:
 * for the printer PDF when this build has it (as the interface's P
 * prints), else text. Markdown and HTML are not for the printer: lp
 * would print their markup. */
static int choose_format(const char *command, struct output *o)
{
	const char *name = o->format_name;
	if (!name && o->path) {
		const char *dot = strrchr(o->path, '.');
		enum report_format guess;
		if (dot && !strchr(dot, '/') && report_format_parse(dot + 1, &guess) == 0)
			name = dot + 1;
		else if (dot && strcmp(dot, ".txt") == 0)
			name = "text";
	}
	if (!name)
		name = o->print && report_format_available(REPORT_PDF, NULL) ? "pdf" : "text";
	if (report_format_parse(name, &o->format) < 0) {
		cli_usage_error(command, _("unknown format '%s' (text, md, html or pdf)"), name);
		return KH_EXIT_USAGE;
	}
	if (o->print && !report_format_printable(o->format)) {
		cli_usage_error(command, _("'--print' prints text or pdf, not %s:"
					   " choose one with --format"), name);
		return KH_EXIT_USAGE;
	}
	struct kh_error err;
	kh_error_clear(&err);
	if (!report_format_available(o->format, &err)) {
		cli_report_error(&err);
		return KH_EXIT_FAIL;
	}
	return KH_EXIT_OK;
}

/* Checks the output options before any work is done. */
static int check_output(const char *command, struct output *o)
{
	int rc = choose_format(command, o);
	if (rc != KH_EXIT_OK)
		return rc;
	o->width = 80;
	if (o->width_text) {
		char *end;
		errno = 0;
		long w = strtol(o->width_text, &end, 10);
		if (errno || end == o->width_text || *end || w < 40 || w > 1000) {
			cli_usage_error(command, _("'--width' needs a number of columns"
						   " from 40 to 1000, not '%s'"), o->width_text);
			return KH_EXIT_USAGE;
		}
		o->width = (size_t)w;
	}
	if (o->path && strcmp(o->path, "-") == 0)
		o->path = NULL;
	if (!o->path && !o->print && report_format_is_binary(o->format) &&
	    isatty(STDOUT_FILENO)) {
		cli_usage_error(command, "%s", _("PDF is not for a terminal: write it"
						 " to a file with -o FILE, or print it with --print"));
		return KH_EXIT_USAGE;
	}
	return KH_EXIT_OK;
}

/* Sends the file to the printer and says what lp said. */
static int print_file(const char *path)
{
	char said[512];
	struct kh_error err;
	kh_error_clear(&err);
	if (report_print_file(path, said, sizeof(said), &err) < 0) {
		cli_report_error(&err);
		return KH_EXIT_FAIL;
	}
	fputs(_("Sent to the printer: "), stdout);
	cli_put(stdout, said);
	fputc('\n', stdout);
	return KH_EXIT_OK;
}

/* Prints a document kept only for lp in a temporary file. */
static int print_only(const struct report *r, const struct output *o)
{
	const char *tmpdir = getenv("TMPDIR");
	char *path = x_asprintf("%s/kehoach-XXXXXX.%s", tmpdir && *tmpdir ? tmpdir : "/tmp",
				report_format_extension(o->format));
	int rc = KH_EXIT_FAIL;
	int fd = mkstemps(path, (int)strlen(report_format_extension(o->format)) + 1);
	if (fd < 0) {
		cli_error(_("cannot make a temporary file for printing: %s"), strerror(errno));
		goto out;
	}
	close(fd);
	struct kh_error err;
	kh_error_clear(&err);
	if (report_save(r, o->format, o->width, path, &err) < 0)
		cli_report_error(&err);
	else
		rc = print_file(path);
	unlink(path);
out:
	x_free(path);
	return rc;
}

static int emit(const struct report *r, const struct output *o)
{
	struct kh_error err;
	kh_error_clear(&err);
	if (!o->path && o->print)
		return print_only(r, o);
	if (o->path) {
		if (report_save(r, o->format, o->width, o->path, &err) < 0) {
			cli_report_error(&err);
			return KH_EXIT_FAIL;
		}
		return o->print ? print_file(o->path) : KH_EXIT_OK;
	}
	if (report_write(r, o->format, o->width, stdout, &err) < 0) {
		cli_report_error(&err);
		return KH_EXIT_FAIL;
	}
	return KH_EXIT_OK;
}

/* ---- kehoach checklist ----------------------------------------------- */

static const char checklist_usage[] = N_(
	"Usage: kehoach checklist [--plan ID] [--unit ID | --all] [--phase P]\n"
	"                         [--status S] [--format text|md|html|pdf]\n"
	"                         [-o FILE] [--print] [--width N]\n"
	"\n"
	"A unit's checklist to tick on paper: the plan's header, the duties\n"
	"numbered with their boxes, deadlines and phases, overdue duties marked,\n"
	"who marked done duties and when, the counts and a signature block.\n"
	"\n"
	"  --plan ID      the plan (needed only when the unit is in several)\n"
	"  --unit ID      one unit, or a group (its members' duties)\n"
	"  --all          every unit, one section each (the default)\n"
	"  --phase P      before, during or after\n"
	"  --status S     todo, doing or done\n"
	"  --format F     text (the default), md, html or pdf; with -o, the\n"
	"                 file's extension chooses when --format is not given\n"
	"  -o, --output FILE  write to FILE instead of standard output\n"
	"  --print        send it to the printer with lp: text or pdf, and pdf\n"
	"                 when neither --format nor -o chooses (if built with it)\n"
	"  --width N      text: wrap at N columns (80)\n");

int cli_checklist(struct cli *cli, int argc, char **argv)
{
	const char *plan = NULL, *unit = NULL, *all = NULL, *phase = NULL,
		   *status = NULL;
	struct output o = { 0 };
	const struct cli_option options[] = {
		{ "plan", true, &plan, 0 },
		{ "unit", true, &unit, 0 },
		{ "all", false, &all, 0 },
		{ "phase", true, &phase, 0 },
		{ "status", true, &status, 0 },
		OUTPUT_OPTIONS(o),
		{ 0 },
	};
	struct cli_args args;
	int rc;
	if (!cli_parse(argc, argv, options, _(checklist_usage), 0, 0, &args, &rc))
		return rc;
	cli_args_free(&args);
	if (unit && all) {
		cli_usage_error(argv[0], "%s", _("'--unit' and '--all' do not go together"));
		return KH_EXIT_USAGE;
	}
	struct checklist_options opts = {
		.plan = plan, .unit = unit, .phase = -1, .state = -1, .today = cli->today,
		.people = &cli->config.people,
	};
	enum phase p;
	if (phase && phase_parse(phase, &p) < 0) {
		cli_usage_error(argv[0], _("unknown phase '%s' (before, during or after)"), phase);
		return KH_EXIT_USAGE;
	}
	opts.phase = phase ? (int)p : -1;
	enum duty_state st;
	if (status && duty_state_parse(status, &st) < 0) {
		cli_usage_error(argv[0], _("unknown status '%s' (todo, doing or done)"), status);
		return KH_EXIT_USAGE;
	}
	opts.state = status ? (int)st : -1;
	if ((rc = check_output(argv[0], &o)) != KH_EXIT_OK)
		return rc;
	if (cli_open_store(cli, NULL) < 0)
		return KH_EXIT_FAIL;
	struct report *r;
	struct kh_error err;
	if (report_checklist(cli->store, &opts, &r, &err) < 0) {
		cli_report_error(&err);
		return KH_EXIT_FAIL;
	}
	rc = emit(r, &o);
	report_free(r);
	return rc;
}

/* ---- kehoach report -------------------------------------------------- */

static const char report_usage[] = N_(
	"Usage: kehoach report --month YYYY-MM [--plan ID]\n"
	"                      [--format text|md|html|pdf] [-o FILE] [--print]\n"
	"                      [--width N]\n"
	"\n"
	"The month's report: per unit, what was done that month with its note\n"
	"(where the result is written), what is still open and what is overdue;\n"
	"then the duties that fall due the next month.\n"
	"\n"
	"  --month YYYY-MM  the month reported on\n"
	"  --plan ID      that plan's results; next month's duties come from\n"
	"                 every plan of the same office (parent and issuer)\n"
	"  --format F     text (the default), md, html or pdf; with -o, the\n"
	"                 file's extension chooses when --format is not given\n"
	"  -o, --output FILE  write to FILE instead of standard output\n"
	"  --print        send it to the printer with lp: text or pdf, and pdf\n"
	"                 when neither --format nor -o chooses (if built with it)\n"
	"  --width N      text: wrap at N columns (80)\n");

/* "2022-01" (or "01/2022") into year and month. */
static int parse_month(const char *s, int *year, int *month)
{
	int y, m, n = 0;
	if ((sscanf(s, "%4d-%2d%n", &y, &m, &n) == 2 && n == 7 && s[4] == '-') ||
	    (sscanf(s, "%2d/%4d%n", &m, &y, &n) == 2 && n == 7 && s[2] == '/')) {
		if (s[n] == '\0' && m >= 1 && m <= 12 && y >= 1900 && y <= 2100) {
			*year = y;
			*month = m;
			return 0;
		}
	}
	return -1;
}

int cli_report(struct cli *cli, int argc, char **argv)
{
	const char *plan = NULL, *month = NULL;
	struct output o = { 0 };
	const struct cli_option options[] = {
		{ "month", true, &month, 0 },
		{ "plan", true, &plan, 0 },
		OUTPUT_OPTIONS(o),
		{ 0 },
	};
	struct cli_args args;
	int rc;
	if (!cli_parse(argc, argv, options, _(report_usage), 0, 0, &args, &rc))
		return rc;
	cli_args_free(&args);
	struct monthly_options opts = {
		.plan = plan, .today = cli->today, .people = &cli->config.people,
	};
	if (!month) {
		cli_usage_error(argv[0], "%s", _("needs --month YYYY-MM"));
		return KH_EXIT_USAGE;
	}
	if (parse_month(month, &opts.year, &opts.month) < 0) {
		cli_usage_error(argv[0], _("'--month' needs a month as YYYY-MM, not '%s'"), month);
		return KH_EXIT_USAGE;
	}
	if ((rc = check_output(argv[0], &o)) != KH_EXIT_OK)
		return rc;
	if (cli_open_store(cli, NULL) < 0)
		return KH_EXIT_FAIL;
	struct report *r;
	struct kh_error err;
	if (report_monthly(cli->store, &opts, &r, &err) < 0) {
		cli_report_error(&err);
		return KH_EXIT_FAIL;
	}
	rc = emit(r, &o);
	report_free(r);
	return rc;
}
