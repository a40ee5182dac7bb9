/* report_xlsx: a table as an Excel workbook (libxlsxwriter), laid out as
 * offices print one: the issuing body and the national heading, the
 * title, the day it is as of, then the table. */
#include "kehoach/report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kehoach/file_io.h"
#include "kehoach/i18n.h"
#include "kehoach/text.h"
#include "kehoach/util.h"
#include "build_config.h"
#include "kehoach/module.h"
#include "report_internal.h"
#include "report_sheet.h"

struct report_sheet *report_sheet_new(const char *name, const char *title,
				      kh_date as_of,
				      const struct report_column *columns,
				      size_t n_columns)
{
	struct report_sheet *s = x_calloc(1, sizeof(*s));
	s->name = report_sheet_cell_text(name, false);
	s->title = report_sheet_cell_text(title, false);
	s->as_of = as_of;
	s->columns = x_calloc(n_columns ? n_columns : 1, sizeof(*s->columns));
	for (size_t i = 0; i < n_columns; i++) {
		s->columns[i] = columns[i];
		s->columns[i].heading = report_sheet_cell_text(columns[i].heading, false);
	}
	s->n_columns = n_columns;
	return s;
}

void report_sheet_free(struct report_sheet *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_cells; i++)
		x_free(s->cells[i].text);
	for (size_t i = 0; i < s->n_columns; i++)
		x_free((char *)s->columns[i].heading);
	x_free(s->cells);
	x_free(s->rows);
	x_free(s->columns);
	x_free(s->name);
	x_free(s->title);
	x_free(s->parent);
	x_free(s->issuer);
	x_free(s);
}

int report_sheet_office(struct report_sheet *s, struct store *store,
			const char *plan, struct kh_error *err)
{
	char *parent, *issuer;
	if (report_office(store, plan, &parent, &issuer, err) < 0)
		return -1;
	x_free(s->parent);
	x_free(s->issuer);
	s->parent = parent ? report_sheet_cell_text(parent, false) : NULL;
	s->issuer = issuer ? report_sheet_cell_text(issuer, false) : NULL;
	x_free(parent);
	x_free(issuer);
	return 0;
}

static struct cell *next_cell(struct report_sheet *s)
{
	X_GROW(s->cells, s->cells_cap, s->n_cells + 1);
	struct cell *c = &s->cells[s->n_cells++];
	*c = (struct cell){0};
	return c;
}

void report_sheet_text(struct report_sheet *s, const char *text)
{
	size_t col = s->n_cells - s->row_start;
	struct cell *c = next_cell(s);
	if (text) {
		bool wrapped = col < s->n_columns &&
			       s->columns[col].kind == REPORT_CELL_WRAPPED;
		c->set = true;
		c->text = report_sheet_cell_text(text, wrapped);
	}
}

void report_sheet_number(struct report_sheet *s, double value, bool defined)
{
	struct cell *c = next_cell(s);
	c->set = defined;
	c->number = value;
}

void report_sheet_date(struct report_sheet *s, kh_date day)
{
	report_sheet_number(s, day, day != KH_DATE_NONE);
}

void report_sheet_end_row(struct report_sheet *s, bool total)
{
	/* A short row is padded: every row has a cell per column. */
	while (s->n_cells - s->row_start < s->n_columns)
		next_cell(s);
	X_GROW(s->rows, s->rows_cap, s->n_rows + 1);
	s->rows[s->n_rows++] = (struct sheet_row){ s->row_start, total };
	s->row_start = s->n_cells;
}

static void copy_chunk(void *ctx, const char *bytes, size_t len)
{
	fwrite(bytes, 1, len, ctx);
}

int report_sheet_save(const struct report_sheet *s, const char *path,
		      struct kh_error *err)
{
	/* libxlsxwriter writes to a name: a private temporary file, then
	 * copied to path through file_io, which replaces only a plain
	 * file, and whole. */
	const char *dir = getenv("TMPDIR");
	char *tmp = x_asprintf("%s/kehoach-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	int rc = -1;
	int fd = mkstemp(tmp);
	if (fd < 0) {
		kh_error_set(err, tmp, 0, 0, _("cannot create a temporary file: %s"),
			     strerror(errno));
		x_free(tmp);
		return -1;
	}
	close(fd);
	struct file_swap swap;
	/* The writer is a module (module.h): libxlsxwriter brings minizip
	 * and libcrypto, which every other command would load for nothing. */
	static struct module_function writer = {
		KEHOACH_BUILD_XLSX_MODULE, KEHOACH_XLSX_MODULE, "report_xlsx_module_write",
	};
	int (*write_workbook)(const struct report_sheet *, const char *, const char *,
			      struct kh_error *);
	*(void **)&write_workbook = module_function_get(&writer);
	if (!write_workbook) {
		kh_error_set(err, path, 0, 0,
			     _("workbooks cannot be written: the .xlsx module cannot be loaded (%s); reinstall kehoach"),
			     writer.why);
		goto out;
	}
	if (write_workbook(s, tmp, path, err) < 0)
		goto out;
	if (file_swap_open(&swap, path, err) < 0)
		goto out;
	if (file_read_chunks(tmp, SIZE_MAX, copy_chunk, swap.fp, err) < 0) {
		file_swap_abort(&swap);
		goto out;
	}
	rc = file_swap_commit(&swap, err);
out:
	unlink(tmp);
	x_free(tmp);
	return rc;
}
