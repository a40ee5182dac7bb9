/* report_xlsx_write: a sheet (report_sheet.h) as an Excel workbook,
 * written by libxlsxwriter. Built as the module kehoach-xlsx.so. */
#include <errno.h>
#include <string.h>

#include <xlsxwriter.h>

#include "kehoach/i18n.h"
#include "report_sheet.h"

/* ---- writing ------------------------------------------------------------ */

struct formats {
	lxw_format *left, *left_bold, *nation, *motto, *title, *as_of, *heading;
	lxw_format *cell[2][REPORT_CELL_RATE + 1];   /* [total][kind] */
};

static void make_formats(lxw_workbook *wb, struct formats *f)
{
	f->left = workbook_add_format(wb);
	format_set_align(f->left, LXW_ALIGN_CENTER);
	f->left_bold = workbook_add_format(wb);
	format_set_align(f->left_bold, LXW_ALIGN_CENTER);
	format_set_bold(f->left_bold);
	f->nation = workbook_add_format(wb);
	format_set_align(f->nation, LXW_ALIGN_CENTER);
	format_set_bold(f->nation);
	f->motto = workbook_add_format(wb);
	format_set_align(f->motto, LXW_ALIGN_CENTER);
	format_set_bold(f->motto);
	format_set_underline(f->motto, LXW_UNDERLINE_SINGLE);
	f->title = workbook_add_format(wb);
	format_set_align(f->title, LXW_ALIGN_CENTER);
	format_set_bold(f->title);
	format_set_font_size(f->title, 14);
	f->as_of = workbook_add_format(wb);
	format_set_align(f->as_of, LXW_ALIGN_CENTER);
	format_set_italic(f->as_of);
	f->heading = workbook_add_format(wb);
	format_set_bold(f->heading);
	format_set_border(f->heading, LXW_BORDER_THIN);
	format_set_align(f->heading, LXW_ALIGN_CENTER);
	format_set_align(f->heading, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(f->heading);
	format_set_bg_color(f->heading, 0xD9D9D9);
	for (int total = 0; total < 2; total++) {
		for (int kind = 0; kind <= REPORT_CELL_RATE; kind++) {
			lxw_format *c = workbook_add_format(wb);
			format_set_border(c, LXW_BORDER_THIN);
			format_set_align(c, LXW_ALIGN_VERTICAL_TOP);
			if (total)
				format_set_bold(c);
			switch ((enum report_cell_kind)kind) {
			case REPORT_CELL_WRAPPED:
				format_set_text_wrap(c);
				break;
			case REPORT_CELL_COUNT:
				format_set_num_format(c, "0");
				break;
			case REPORT_CELL_DATE:
				format_set_num_format(c, "dd/mm/yyyy");
				format_set_align(c, LXW_ALIGN_CENTER);
				break;
			case REPORT_CELL_RATE:
				format_set_num_format(c, "0.00%");
				break;
			case REPORT_CELL_TEXT:
				break;
			}
			f->cell[total][kind] = c;
		}
	}
}

/* A text across columns first … last of row (one column: no merge). */
static void put_across(lxw_worksheet *ws, lxw_row_t row, lxw_col_t first,
		       lxw_col_t last, const char *text, lxw_format *format)
{
	if (first == last)
		worksheet_write_string(ws, row, first, text, format);
	else
		worksheet_merge_range(ws, row, first, row, last, text, format);
}

static void write_heading(const struct report_sheet *s, lxw_worksheet *ws,
			  const struct formats *f)
{
	lxw_col_t last = (lxw_col_t)(s->n_columns - 1);
	/* The issuing body takes the left two fifths, as on paper. */
	lxw_col_t split = (lxw_col_t)(s->n_columns * 2 / 5);
	if (split == 0)
		split = 1;
	const char *left[2] = { s->parent, s->issuer };
	lxw_row_t row = 0;
	for (size_t i = 0; i < 2 && split <= last; i++)
		if (left[i])
			put_across(ws, row++, 0, split - 1, left[i],
				   i == 1 ? f->left_bold : f->left);
	lxw_col_t right = split <= last ? split : last;
	char *nation = report_sheet_cell_text(_("SOCIALIST REPUBLIC OF VIETNAM"), false);
	char *motto = report_sheet_cell_text(_("Independence - Freedom - Happiness"), false);
	put_across(ws, 0, right, last, nation, f->nation);
	put_across(ws, 1, right, last, motto, f->motto);
	x_free(nation);
	x_free(motto);
	put_across(ws, 3, 0, last, s->title, f->title);
	char day[DATE_STR_SIZE];
	date_format_vn(s->as_of, day);
	/* TRANSLATORS: under the title of a spreadsheet: the day its
	 * figures stand at (dd/mm/yyyy). */
	char *as_of = x_asprintf(_("As of %s"), day);
	char *safe = report_sheet_cell_text(as_of, false);
	put_across(ws, 4, 0, last, safe, f->as_of);
	x_free(safe);
	x_free(as_of);
}

static void write_table(const struct report_sheet *s, lxw_worksheet *ws,
			const struct formats *f)
{
	for (size_t col = 0; col < s->n_columns; col++) {
		worksheet_set_column(ws, (lxw_col_t)col, (lxw_col_t)col,
				     s->columns[col].width, NULL);
		worksheet_write_string(ws, TABLE_ROW, (lxw_col_t)col,
				       s->columns[col].heading, f->heading);
	}
	worksheet_freeze_panes(ws, TABLE_ROW + 1, 0);
	worksheet_repeat_rows(ws, TABLE_ROW, TABLE_ROW);
	for (size_t r = 0; r < s->n_rows; r++) {
		lxw_row_t row = (lxw_row_t)(TABLE_ROW + 1 + r);
		const struct sheet_row *sr = &s->rows[r];
		for (size_t col = 0; col < s->n_columns; col++) {
			const struct cell *c = &s->cells[sr->first + col];
			enum report_cell_kind kind = s->columns[col].kind;
			lxw_format *format = f->cell[sr->total][kind];
			if (!c->set) {
				worksheet_write_blank(ws, row, (lxw_col_t)col, format);
			} else if (c->text) {
				worksheet_write_string(ws, row, (lxw_col_t)col, c->text, format);
			} else if (kind == REPORT_CELL_DATE) {
				int y, m, d;
				date_to_ymd((kh_date)c->number, &y, &m, &d);
				lxw_datetime when = { y, m, d, 0, 0, 0 };
				worksheet_write_datetime(ws, row, (lxw_col_t)col, &when, format);
			} else {
				worksheet_write_number(ws, row, (lxw_col_t)col, c->number, format);
			}
		}
	}
}

int report_xlsx_module_write(const struct report_sheet *s, const char *file,
			  const char *path, struct kh_error *err)
{
	lxw_workbook *wb = workbook_new(file);
	if (!wb) {
		kh_error_set(err, path, 0, 0, _("cannot write the workbook: %s"),
			     strerror(errno));
		return -1;
	}
	struct formats f;
	make_formats(wb, &f);
	lxw_worksheet *ws = workbook_add_worksheet(wb, s->name);
	if (!ws)
		ws = workbook_add_worksheet(wb, NULL);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);     /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	if (s->n_columns > 0) {
		write_heading(s, ws, &f);
		write_table(s, ws, &f);
	}
	lxw_error rc = workbook_close(wb);
	if (rc != LXW_NO_ERROR) {
		kh_error_set(err, path, 0, 0, _("cannot write the workbook: %s"),
			     lxw_strerror(rc));
		return -1;
	}
	return 0;
}

