/* kehoach checklist, kehoach report: printed documents, written to stdout,
 * to a file (-o) or to the printer (--print). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kehoach/cli.h"
#include "kehoach/mail.h"
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
#define OUTPUT_OPTIONS \
	{ "format", 0, CLI_CHOICE, N_("text (the default), md, html or pdf; with -o, the file's extension chooses when --format is not given"), \
	  document_formats, "text|md|html|pdf" }, \
	{ "output", 'o', CLI_FILE, N_("write to FILE instead of standard output") }, \
	{ "print", 0, CLI_FLAG, N_("send it to the printer with lp: text or pdf, and pdf when neither --format nor -o chooses (if built with it)") }, \
	{ "width", 0, CLI_NUMBER, N_("text: wrap at N columns (80)") }

static const struct cli_choice document_formats[] = {
	{ "text", REPORT_TEXT }, { "md", REPORT_MARKDOWN }, { "markdown", REPORT_MARKDOWN },
	{ "html", REPORT_HTML }, { "pdf", REPORT_PDF }, { 0 },
};

static struct output output_of(const struct cli_args *args)
{
	return (struct output){
		.format_name = cli_value(args, "format"),
		.path = cli_value(args, "output"),
		.print = cli_value(args, "print"),
		.width_text = cli_value(args, "width"),
	};
}

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

/* A document to write: one of the two, built while it is written. */
struct document {
	struct cli *cli;
	const struct output *output;
	const struct checklist_options *checklist;   /* or NULL: */
	const struct monthly_options *monthly;
};

/* Builds the document and writes it to out as it goes. */
static int produce(void *ctx, FILE *out, struct kh_error *err)
{
	const struct document *d = ctx;
	struct report_writer *w = report_writer_new(d->output->format, d->output->width,
						    out, err);
	if (!w)
		return -1;
	return d->checklist ? report_checklist_write(d->cli->store, d->checklist, w, err)
			    : report_monthly_write(d->cli->store, d->monthly, w, err);
}

/* Prints a document kept only for lp in a temporary file. */
static int print_only(struct document *d, const struct output *o)
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
	if (report_save_with(produce, d, path, &err) < 0)
		cli_report_error(&err);
	else
		rc = print_file(path);
	unlink(path);
out:
	x_free(path);
	return rc;
}

/* Writes the document where the options say, as it is built. */
static int emit(struct document *d)
{
	const struct output *o = d->output;
	struct kh_error err;
	kh_error_clear(&err);
	if (!o->path && o->print)
		return print_only(d, o);
	if (o->path) {
		if (report_save_with(produce, d, o->path, &err) < 0) {
			cli_report_error(&err);
			return KH_EXIT_FAIL;
		}
		return o->print ? print_file(o->path) : KH_EXIT_OK;
	}
	if (produce(d, stdout, &err) < 0) {
		cli_report_error(&err);
		return KH_EXIT_FAIL;
	}
	return KH_EXIT_OK;
}

/* ---- kehoach checklist ----------------------------------------------- */

/* One unit or all, and where the checklist goes. */
static int check_checklist(struct cli *cli, const struct cli_args *args)
{
	(void)cli;
	if (cli_value(args, "unit") && cli_flag(args, "all")) {
		cli_usage_error(args->command->name, "%s",
				_("'--unit' and '--all' do not go together"));
		return KH_EXIT_USAGE;
	}
	if (args->count && !cli_flag(args, "mail")) {
		cli_usage_error(args->command->name, "%s",
				_("a person's login goes with '--mail' (checklist --mail LOGIN)"));
		return KH_EXIT_USAGE;
	}
	if (cli_flag(args, "mail")) {
		if (cli_value(args, "format") || cli_value(args, "output") ||
		    cli_value(args, "print") || cli_value(args, "width")) {
			cli_usage_error(args->command->name, "%s",
					_("'--mail' sends the checklist as a PDF (or text without"
					  " PDF): leave out --format, -o, --print and --width"));
			return KH_EXIT_USAGE;
		}
		return KH_EXIT_OK;
	}
	struct output o = output_of(args);
	return check_output(args->command->name, &o);
}

/* checklist --mail: the checklist to the user running it, or the person
 * named, as a PDF attachment (the body says what it is), or as the body
 * itself in a build without PDF. */
int cli_mail_report(struct cli *cli, const struct report *r, const char *login,
		    char *said, size_t said_size, struct kh_error *err)
{
	struct actor me;
	store_actor_from_process(&me);
	if (!login)
		login = me.user;
	const struct person *p = people_find(&cli->config.people, login);
	if (!p || !p->email) {
		kh_error_set(err, NULL, 0, 0,
			     _("%s has no email in the configuration's 'people:': add one"
			       " (email: name@example.gov.vn)"), login);
		return -1;
	}
	bool pdf = report_format_available(REPORT_PDF, NULL);
	struct buf doc = { 0 }, body = { 0 };
	char *subject = x_asprintf("%s: %s", r->kind ? r->kind : _("Checklist"),
				   r->subtitle ? r->subtitle : (r->title ? r->title : ""));
	char *filename = NULL;
	char *label = people_label(&cli->config.people, login);
	int rc = -1;
	if (cli_render_report(r, pdf ? REPORT_PDF : REPORT_TEXT, &doc, err) < 0)
		goto out;
	buf_printf(&body, _("Dear %s,"), p->name);
	buf_puts(&body, "\n\n");
	struct mail_attachment attachment = { 0 };
	if (pdf) {
		buf_puts(&body, _("The checklist is attached (PDF)."));
		buf_puts(&body, "\n");
		filename = x_asprintf("%s.pdf", r->doc_title ? r->doc_title : _("Checklist"));
		for (char *c = filename; *c; c++)
			if (*c == '/' || *c == '\\')
				*c = '-';   /* "Số 77/STTTT": a name, not a path */
		attachment = (struct mail_attachment){ filename, "application/pdf", doc.data, doc.len };
	} else {
		buf_append(&body, doc.data, doc.len);
	}
	if (cli_mail_send(cli, p, subject, buf_str(&body), pdf ? &attachment : NULL,
			  pdf ? 1 : 0, err) < 0) {
		char why[sizeof(err->message)];
		snprintf(why, sizeof(why), "%s", err->message);
		kh_error_set(err, NULL, 0, 0, _("cannot send the checklist to %s <%s>: %s"),
			     label, p->email, why);
		goto out;
	}
	snprintf(said, said_size, _("Checklist sent to %s <%s>"), label, p->email);
	rc = 0;
out:
	x_free(label);
	x_free(subject);
	x_free(filename);
	buf_free(&doc);
	buf_free(&body);
	return rc;
}

/* checklist --mail: the checklist to the user, or the person named. */
static int mail_checklist(struct cli *cli, const struct report *r, const char *login)
{
	char said[512];
	struct kh_error err;
	kh_error_clear(&err);
	if (cli_mail_report(cli, r, login, said, sizeof(said), &err) < 0) {
		cli_report_error(&err);
		return KH_EXIT_FAIL;
	}
	printf("%s\n", said);
	return KH_EXIT_OK;
}

static int run_checklist(struct cli *cli, const struct cli_args *args)
{
	struct checklist_options opts = {
		.plan = cli_value(args, "plan"),
		.unit = cli_value(args, "unit"),
		.phase = cli_number(args, "phase", -1),
		.state = cli_number(args, "status", -1),
		.today = cli->today,
		.people = &cli->config.people,
	};
	struct output o = output_of(args);
	bool mail = cli_flag(args, "mail");
	int rc = mail ? KH_EXIT_OK : check_output(args->command->name, &o);
	if (rc != KH_EXIT_OK)
		return rc;
	if (!mail) {
		struct document d = { cli, &o, &opts, NULL };
		return emit(&d);
	}
	struct report *r;
	struct kh_error err;
	if (report_checklist(cli->store, &opts, &r, &err) < 0) {
		cli_report_error(&err);
		return KH_EXIT_FAIL;
	}
	rc = mail_checklist(cli, r, args->count ? args->items[0] : NULL);
	report_free(r);
	return rc;
}

static const struct cli_option checklist_options[] = {
	{ "plan", 0, CLI_PLAN, N_("the plan (needed only when the unit is in several)") },
	{ "unit", 0, CLI_UNIT, N_("one unit, or a group (its members' duties)") },
	{ "all", 0, CLI_FLAG, N_("every unit, one section each (the default)") },
	{ "phase", 0, CLI_CHOICE, N_("before, during or after Tết"), cli_phases },
	{ "status", 0, CLI_CHOICE, N_("not done (todo), being done (doing) or done"), cli_states },
	OUTPUT_OPTIONS,
	{ "mail", 0, CLI_FLAG, N_("mail it (PDF attached) to yourself, or to LOGIN, as 'people:' gives the email, instead of writing it") },
	{ 0 },
};

const struct cli_command cli_checklist_command = {
	.name = "checklist",
	.arguments = "[LOGIN]",
	.argument_kind = CLI_USER,
	.min_args = 0,
	.max_args = 1,
	.summary = N_("a checklist to print (text, md, html, pdf)"),
	.description = N_(
		"A unit's checklist to tick on paper, as an office document: the\n"
		"issuing body and the national heading, the place and date, the plan's\n"
		"title and the unit; the duties numbered with their boxes, deadlines\n"
		"(with the lunar date) and phases, overdue duties marked, who marked\n"
		"done duties and when; the counts and a signature block.\n"
		"\n"
		"PDF is an A4 document after Nghị định 30/2020/NĐ-CP (in a build with\n"
		"PDF); it cannot go to a terminal. A file named with -o is replaced\n"
		"through a temporary file: a failed write leaves the earlier one as it\n"
		"was. With --mail it is mailed instead (see remind for the mail\n"
		"settings).\n"),
	.options = checklist_options,
	.flags = CLI_OPENS_STORE,
	.check = check_checklist,
	.run = run_checklist,
};

/* ---- kehoach report -------------------------------------------------- */

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

/* The month reported on, and where the report goes. */
static int check_report(struct cli *cli, const struct cli_args *args)
{
	(void)cli;
	const char *month = cli_value(args, "month");
	int year, number;
	if (parse_month(month, &year, &number) < 0) {
		cli_usage_error(args->command->name,
				_("'--month' needs a month as YYYY-MM, not '%s'"), month);
		return KH_EXIT_USAGE;
	}
	struct output o = output_of(args);
	return check_output(args->command->name, &o);
}

static int run_report(struct cli *cli, const struct cli_args *args)
{
	struct monthly_options opts = {
		.plan = cli_value(args, "plan"),
		.today = cli->today,
		.people = &cli->config.people,
	};
	struct output o = output_of(args);
	int rc = check_output(args->command->name, &o);
	if (rc != KH_EXIT_OK || parse_month(cli_value(args, "month"), &opts.year, &opts.month) < 0)
		return rc;
	struct document d = { cli, &o, NULL, &opts };
	return emit(&d);
}

static const struct cli_option report_options[] = {
	{ "month", 0, CLI_MONTH, N_("the month reported on"), .required = true },
	{ "plan", 0, CLI_PLAN, N_("that plan's results; next month's duties come from every plan of the same office (parent and issuer)") },
	OUTPUT_OPTIONS,
	{ 0 },
};

const struct cli_command cli_report_command = {
	.name = "report",
	.summary = N_("the month's results and next month's duties"),
	.description = N_(
		"The month's report: per unit, what was done that month with its note\n"
		"(where the result is written), what is still open and what is overdue;\n"
		"then the duties that fall due the next month, taken from every plan of\n"
		"the same office (same parent and issuer). Output as for checklist.\n"),
	.options = report_options,
	.flags = CLI_OPENS_STORE,
	.check = check_report,
	.run = run_report,
};
