/* report_sheet: a spreadsheet as report_xlsx.c builds it and the
 * workbook writer (report_xlsx_write.c, the module kehoach-xlsx.so)
 * writes it. Private to the report module. */
#ifndef KEHOACH_REPORT_SHEET_H
#define KEHOACH_REPORT_SHEET_H

#include "kehoach/report.h"

/* The rows above the table: two of heading, a blank, the title, the day,
 * a blank. */
#define TABLE_ROW 6

struct cell {
	bool set;
	double number;
	char *text;             /* sanitised; NULL for a number */
};

struct sheet_row {
	size_t first;           /* its first cell in cells */
	bool total;
};

struct report_sheet {
	char *name, *title;
	kh_date as_of;
	char *parent, *issuer;
	struct report_column *columns;
	size_t n_columns;
	struct cell *cells;
	size_t n_cells, cells_cap;
	struct sheet_row *rows;
	size_t n_rows, rows_cap;
	size_t row_start;       /* the first cell of the row being filled */
};

/* A copy of s fit for a cell: sanitised, at most 32,767 bytes (Excel's
 * limit), cut between characters. The caller frees it. */
char *report_sheet_cell_text(const char *s, bool multi_line);

/* The module's entry: writes the workbook of s to file (a new, private
 * file; path names the target in errors). Returns 0, or -1 with err. */
int report_xlsx_module_write(const struct report_sheet *s, const char *file,
			     const char *path, struct kh_error *err);

#endif
