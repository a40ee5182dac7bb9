/* report: formats, the writer for each, and printing with lp. */
#include "kehoach/report.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "build_config.h"
#include "kehoach/file_io.h"
#include "kehoach/i18n.h"
#include "kehoach/module.h"
#include "kehoach/text.h"
#include "report_internal.h"

extern char **environ;

static const struct {
	const char *name;
	enum report_format format;
} format_names[] = {
	{ "text", REPORT_TEXT },
	{ "md", REPORT_MARKDOWN },
	{ "markdown", REPORT_MARKDOWN },
	{ "html", REPORT_HTML },
	{ "pdf", REPORT_PDF },
};

int report_format_parse(const char *name, enum report_format *out)
{
	for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++) {
		if (strcmp(name, format_names[i].name) == 0) {
			*out = format_names[i].format;
			return 0;
		}
	}
	return -1;
}

const char *report_format_extension(enum report_format format)
{
	switch (format) {
	case REPORT_MARKDOWN:
		return "md";
	case REPORT_HTML:
		return "html";
	case REPORT_PDF:
		return "pdf";
	default:
		return "txt";
	}
}

/* ---- the summary table's cells --------------------------------------- */

const char *const report_stats_headings[REPORT_STATS_COLUMNS] = {
	N_("Total"), N_("On time"), N_("Late"), N_("Not due"), N_("Overdue"),
	N_("Withdrawn"), N_("Done %"), N_("On time %"), N_("Overdue %"), N_("Max late"),
};

void report_stats_cells(const struct outcome_counts *c,
			char cells[REPORT_STATS_COLUMNS][REPORT_CELL_SIZE])
{
	struct outcome_rates r;
	outcome_rates(c, &r);
	long figures[] = { c->total, c->done_on_time, c->done_late, c->in_time,
			   c->overdue, c->cancelled };
	size_t col = 0;
	for (; col < KH_ARRAY_LEN(figures); col++)
		snprintf(cells[col], REPORT_CELL_SIZE, "%ld", figures[col]);
	double rates[] = { r.done, r.on_time, r.overdue };
	for (size_t i = 0; i < KH_ARRAY_LEN(rates); i++, col++)
		i18n_percent(rates[i], r.defined, cells[col], REPORT_CELL_SIZE);
	snprintf(cells[col], REPORT_CELL_SIZE, "%d", c->max_days_late);
}

/* The PDF module, loaded once, when first wanted: its two functions. */
static struct module_function pdf_writer = {
	KEHOACH_BUILD_PDF_MODULE, KEHOACH_PDF_MODULE, "report_pdf_ops",
};
static struct module_function pdf_releaser = {
	KEHOACH_BUILD_PDF_MODULE, KEHOACH_PDF_MODULE, "report_pdf_release_caches",
};
static struct {
	const struct report_format_ops *(*ops)(void);
	void (*release_caches)(void);
} pdf;

/* Loads the PDF module: the build tree's when running from it, else the
 * installed one. Returns whether it is there, else says why in err. */
static bool load_pdf_module(struct kh_error *err)
{
	if (!KEHOACH_HAVE_PDF) {
		kh_error_set(err, NULL, 0, 0, "%s",
			     _("this kehoach was built without PDF: install libcairo2-dev"
			       " and libpango1.0-dev, then rebuild (meson configure"
			       " -Dpdf=enabled)"));
		return false;
	}
	*(void **)&pdf.ops = module_function_get(&pdf_writer);
	*(void **)&pdf.release_caches = module_function_get(&pdf_releaser);
	if (pdf.ops && pdf.release_caches)
		return true;
	pdf.ops = NULL;
	kh_error_set(err, NULL, 0, 0, _("PDF is not available: its module cannot be"
					" loaded (%s); reinstall kehoach"),
		     pdf_writer.function ? pdf_releaser.why : pdf_writer.why);
	return false;
}

bool report_format_available(enum report_format format, struct kh_error *err)
{
	return format != REPORT_PDF || load_pdf_module(err);
}

bool report_format_is_binary(enum report_format format)
{
	return format == REPORT_PDF;
}

bool report_format_printable(enum report_format format)
{
	return format == REPORT_TEXT || format == REPORT_PDF;
}

void report_release_caches(void)
{
	/* Only the PDF module's libraries hold process-wide caches; the
	 * module itself stays loaded, as their exit handlers expect. */
	if (pdf.ops)
		pdf.release_caches();
}

/* ---- writing ---------------------------------------------------------- */

struct report_writer {
	const struct report_format_ops *ops;
	struct report_stream stream;
	bool begun;
};

struct report_writer *report_writer_new(enum report_format format, size_t width,
					FILE *out, struct kh_error *err)
{
	const struct report_format_ops *ops = NULL;
	switch (format) {
	case REPORT_TEXT:
		ops = &report_text_ops;
		break;
	case REPORT_MARKDOWN:
		ops = &report_markdown_ops;
		break;
	case REPORT_HTML:
		ops = &report_html_ops;
		break;
	case REPORT_PDF:
		if (!load_pdf_module(err))
			return NULL;
		ops = pdf.ops();
		break;
	}
	if (!ops) {
		kh_error_set(err, NULL, 0, 0, "%s", _("unknown report format"));
		return NULL;
	}
	struct report_writer *w = x_calloc(1, sizeof(*w));
	w->ops = ops;
	w->stream = (struct report_stream){ out, width ? width : 80, NULL };
	return w;
}

void report_writer_sections(struct report_writer *w, const struct report *r,
			    size_t from, size_t to)
{
	if (!w->begun) {
		w->ops->begin(&w->stream, r);
		w->begun = true;
	}
	for (size_t i = from; i < to; i++)
		w->ops->section(&w->stream, &r->sections[i]);
}

int report_writer_close(struct report_writer *w, const struct report *r,
			struct kh_error *err)
{
	report_writer_sections(w, r, 0, r->n_sections);
	int rc = w->ops->end(&w->stream, r, err);
	x_free(w);
	return rc;
}

size_t report_writer_units_ahead(const struct report_writer *w)
{
	return w->ops->units_ahead;
}

void report_writer_abandon(struct report_writer *w, const struct report *r)
{
	if (w->begun)
		w->ops->end(&w->stream, r, NULL);
	x_free(w);
}

int report_write(const struct report *report, enum report_format format,
		 size_t width, FILE *out, struct kh_error *err)
{
	struct report_writer *w = report_writer_new(format, width, out, err);
	return w ? report_writer_close(w, report, err) : -1;
}

int report_save_with(report_producer produce, void *ctx, const char *path,
		     struct kh_error *err)
{
	struct file_swap swap;
	if (file_swap_open(&swap, path, err) < 0)
		return -1;
	int rc = produce(ctx, swap.fp, err);
	if (rc < 0) {
		file_swap_abort(&swap);
		/* The writers do not know the file's name: say it. */
		if (rc != REPORT_NOT_BUILT && err && !err->file[0])
			snprintf(err->file, sizeof(err->file), "%s", path);
		return rc;
	}
	return file_swap_commit(&swap, err);
}

struct built {
	const struct report *report;
	enum report_format format;
	size_t width;
};

static int write_built(void *ctx, FILE *out, struct kh_error *err)
{
	const struct built *b = ctx;
	return report_write(b->report, b->format, b->width, out, err);
}

int report_save(const struct report *report, enum report_format format,
		size_t width, const char *path, struct kh_error *err)
{
	struct built b = { report, format, width };
	return report_save_with(write_built, &b, path, err);
}

/* ---- printing -------------------------------------------------------- */

/* Reads everything from fd into out (lp says little). */
static void read_all(int fd, struct buf *out)
{
	char chunk[512];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		buf_append(out, chunk, (size_t)n);
	}
}

/* The last line of lp's output, sanitised and without its newline. */
static void last_line(const struct buf *output, char *out, size_t size)
{
	char *clean = text_sanitize(buf_str(output), TEXT_KEEP_NEWLINES);
	size_t len = strlen(clean);
	while (len && clean[len - 1] == '\n')
		clean[--len] = '\0';
	const char *line = strrchr(clean, '\n');
	snprintf(out, size, "%s", line ? line + 1 : clean);
	x_free(clean);
}

int report_print_file(const char *path, char *message, size_t message_size,
		      struct kh_error *err)
{
	int fds[2];
	if (pipe(fds) < 0) {
		kh_error_set(err, NULL, 0, 0, _("cannot run the printing command lp: %s"),
			     strerror(errno));
		return -1;
	}
	posix_spawn_file_actions_t actions;
	posix_spawn_file_actions_init(&actions);
	/* lp's words come back to us, not onto a curses screen. */
	posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
	posix_spawn_file_actions_addclose(&actions, fds[0]);
	posix_spawn_file_actions_addclose(&actions, fds[1]);
	char *argv[] = { "lp", "--", (char *)path, NULL };
	pid_t pid;
	int spawn_rc = posix_spawnp(&pid, "lp", &actions, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&actions);
	close(fds[1]);
	if (spawn_rc != 0) {
		close(fds[0]);
		if (spawn_rc == ENOENT)
			kh_error_set(err, NULL, 0, 0, "%s",
				     _("there is no printing system here (no lp command):"
				       " install cups-client and set up a printer"));
		else
			kh_error_set(err, NULL, 0, 0, _("cannot run the printing command lp: %s"),
				     strerror(spawn_rc));
		return -1;
	}
	struct buf output = {0};
	read_all(fds[0], &output);
	close(fds[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	char said[512];
	last_line(&output, said, sizeof(said));
	buf_free(&output);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		kh_error_set(err, NULL, 0, 0, _("printing failed: %s"),
			     *said ? said : _("lp gave no reason"));
		return -1;
	}
	snprintf(message, message_size, "%s", said);
	return 0;
}
