/* report: printed documents — a unit's checklist and the office's monthly
 * report — read through the same query layer as the screen.
 *
 * Building and writing are separate. report_checklist() and
 * report_monthly() query the store into a struct report: the document as
 * an office would lay it out (a header after Nghị định 30/2020/NĐ-CP,
 * sections of numbered duties, the totals, a signature block). One writer
 * per format then renders it: text, Markdown, HTML and, when kehoach is
 * built with cairo and pango, PDF.
 *
 * Every string in a struct report has already been through the text
 * sanitiser (text_sanitize() with TEXT_KEEP_NEWLINES): a writer adds only
 * its own escaping and treats '\n' as a line break. */
#ifndef KEHOACH_REPORT_H
#define KEHOACH_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "kehoach/date.h"
#include "kehoach/error.h"
#include "kehoach/store.h"

enum report_format {
	REPORT_TEXT,
	REPORT_MARKDOWN,
	REPORT_HTML,
	REPORT_PDF,
};

/* Parses "text", "md" (or "markdown"), "html", "pdf". Returns 0 or -1. */
int report_format_parse(const char *name, enum report_format *out);
/* "txt", "md", "html", "pdf": the file name extension. */
const char *report_format_extension(enum report_format format);
/* False only for REPORT_PDF in a build without cairo and pango; then err
 * (which may be NULL) says how to get it. */
bool report_format_available(enum report_format format, struct kh_error *err);
/* True for formats that are not text (PDF): not for a terminal. */
bool report_format_is_binary(enum report_format format);
/* True for the formats a printer shows as they are meant to look: text
 * and PDF. lp would print Markdown and HTML as their raw markup. */
bool report_format_printable(enum report_format format);

/* One fact about a duty, shown under its text: "Hạn:" "28/01/2022 …". */
struct report_detail {
	const char *label;      /* short, ends with ':'; shown bold where possible */
	const char *value;
	bool alert;             /* overdue: shown emphasised (bold, red in HTML) */
};

/* A numbered duty with its box and its details. */
struct report_entry {
	int number;             /* 1, 2, … within its section */
	bool done;              /* ☑ / [x] rather than ☐ / [ ] */
	bool overdue;
	bool withdrawn;         /* not open work: a [-] rather than a box */
	const char *name;       /* the duty's name for the command line */
	const char *text;       /* the duty as the plan words it */
	struct report_detail *details;
	size_t n_details;
};

/* A heading and the duties under it. Headings carry their own numbering
 * ("I. …", "1. …", "a) …"), so writers print them as they are. */
struct report_section {
	int level;              /* 1 part, 2 unit, 3 a list within a unit */
	const char *title;
	const char *intro;      /* a paragraph under the title; NULL: none */
	const char *empty;      /* said when there are no entries; NULL: nothing */
	struct report_entry *entries;
	size_t n_entries;
};

/* The summary table (Biểu tổng hợp): the columns after the unit, in
 * this order, their headings untranslated (N_()). One set for the
 * command line's `kehoach stats` and the reports. */
#define REPORT_STATS_COLUMNS 10
#define REPORT_CELL_SIZE 32
extern const char *const report_stats_headings[REPORT_STATS_COLUMNS];

/* The cells of one row of the summary table: the counts, the rates
 * (i18n_percent) and the longest delay. */
void report_stats_cells(const struct outcome_counts *counts,
			char cells[REPORT_STATS_COLUMNS][REPORT_CELL_SIZE]);

/* One unit's row of the summary table, or the total. */
struct report_table_row {
	const char *label;
	const char *cells[REPORT_STATS_COLUMNS];
	struct outcome_counts counts;   /* for the PDF's chart */
	bool total;                     /* the last row: bold, not charted */
};

/* An appendix: the summary table after the signatures, on a page of its
 * own where pages exist; in PDF preceded by a bar per unit (on time,
 * late, not yet due, overdue). */
struct report_table {
	const char *title;      /* "Phụ lục: Biểu tổng hợp …" (bold, centred) */
	const char *note;       /* "Tháng 01/2022, tính đến ngày 31/01/2022" */
	const char *unit_heading;
	const char *headings[REPORT_STATS_COLUMNS];
	const char *legend[4];  /* the chart's segments, in their order */
	struct report_table_row *rows;
	size_t n_rows;
};

/* The document. Strings are NULL when the plan does not give them. */
struct report {
	/* Header, left column: the issuing body, upper case. */
	const char *parent;     /* "UBND TỈNH HÀ TĨNH" */
	const char *issuer;     /* "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" (bold, underlined) */
	const char *number;     /* "Số: 77/STTTT-VP" */
	/* Header, right column: the national heading, then place and date. */
	const char *nation;     /* "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (bold) */
	const char *motto;      /* "Độc lập - Tự do - Hạnh phúc" (bold, underlined) */
	const char *place_date; /* "Hà Tĩnh, ngày 25 tháng 01 năm 2022" (italic) */
	const char *lunar_date; /* "(23 tháng Chạp năm Tân Sửu)", the same day in
				 * the lunar calendar: beside place_date, or on
				 * the line under it when the column is too
				 * narrow for both; NULL when not known */
	/* Title block, centred. */
	const char *kind;       /* "DANH SÁCH KIỂM TRA NHIỆM VỤ" (bold, larger) */
	const char *title;      /* the plan's title, or the report's subject (bold) */
	const char *subtitle;   /* "Đơn vị: Văn phòng" */
	struct report_section *sections;
	size_t n_sections;
	/* After the sections: totals, one line. */
	const char *summary;    /* "Tổng số: 12 — Đã xong: 5 — …" */
	/* Signature block: two columns, caption (bold) and hint (italic), then
	 * space to sign and the name when known. */
	const char *sign_left;  /* "NGƯỜI LẬP BIỂU" */
	const char *sign_right; /* "THỦ TRƯỞNG ĐƠN VỊ" */
	const char *sign_hint;  /* "(Ký, ghi rõ họ tên)" */
	const char *sign_right_name;  /* the unit head, or NULL */
	const struct report_table *appendix;   /* NULL: none */
	/* For the PDF's metadata and the file name. */
	const char *doc_title;
	struct report_private *priv;   /* owns the strings above */
};

void report_free(struct report *report);

struct checklist_options {
	const char *plan;       /* plan id; NULL: the one plan the unit is in */
	const char *unit;       /* unit id; NULL: every unit, a section each */
	int phase;              /* -1 or enum phase */
	int state;              /* -1 or enum duty_state */
	kh_date today;          /* the date printed, and overdue reckoning */
	const struct people *people;   /* who marked a duty, by name; NULL:
					* by login */
};

/* A checklist to tick on paper: the plan's header, the unit's duties
 * numbered with their boxes, deadline and phase, overdue marks,
 * coordinating units, and for done duties who marked them (the person's
 * name, else the login), when, and the note; then the counts and the
 * signature block, signed by the unit's head as the plan names them. Returns 0 and a report
 * the caller frees with report_free(), or -1 with err. */
int report_checklist(struct store *store, const struct checklist_options *opts,
		     struct report **out, struct kh_error *err);

struct monthly_options {
	const char *plan;       /* plan id; NULL: every plan */
	int year, month;        /* the month reported on */
	kh_date today;          /* the date printed, and overdue reckoning */
	const struct people *people;   /* names those who did the duties */
};

/* "Kết quả thực hiện nhiệm vụ tháng MM năm YYYY": the month's figures
 * (done on time, done late, not yet due, overdue, and the rates), then per
 * unit what was done that month with its note (and who did it, when
 * people names them: never a bare login), what is still open and what is
 * overdue; a group's duties once, under the group, with each member's
 * state; then
 * the duties that fall due the next month. With a plan, the next month's
 * duties also come from the other plans of the same office (same parent
 * and issuer): a monthly plan's tasks for the next month are usually the
 * next month's plan. Ends with the summary table as an appendix.
 * The figures and the table are those of `kehoach --today D stats --from
 * FIRST --to LAST` (the month as the period), D being the month's last
 * day, or today when that is earlier: a month's results as they stood
 * at its end, and a month under way as it stands. Returns 0 and a report
 * for report_free(), or -1. */
int report_monthly(struct store *store, const struct monthly_options *opts,
		   struct report **out, struct kh_error *err);

/* A document written while it is built (report_checklist_write,
 * report_monthly_write): each unit's part goes out when it is complete
 * and is then forgotten, so that memory stays flat however large the
 * plans. */
struct report_writer;

/* A writer of format to out; width is the text format's line width in
 * columns (80 if 0). Returns NULL with err when the format is not
 * available (PDF in a build without it). */
struct report_writer *report_writer_new(enum report_format format, size_t width,
					FILE *out, struct kh_error *err);

/* report_checklist() and report_monthly(), written to w as they are built
 * rather than returned; w is freed either way. Returns 0; or -1 with err
 * when out could not be written; or REPORT_NOT_BUILT with err when the
 * document could not be made (no such plan or unit, the database), and
 * then nothing was written when the failure came before the first unit,
 * or an incomplete document, which report_save_with() never keeps. */
#define REPORT_NOT_BUILT (-2)
int report_checklist_write(struct store *store, const struct checklist_options *opts,
			   struct report_writer *w, struct kh_error *err);
int report_monthly_write(struct store *store, const struct monthly_options *opts,
			 struct report_writer *w, struct kh_error *err);

/* What report_save_with() calls to write the document to out. */
typedef int (*report_producer)(void *ctx, FILE *out, struct kh_error *err);

/* Writes to the file at path what produce writes, through a temporary
 * file in the same folder renamed over it at the end: a failed write
 * leaves any earlier file as it was. Returns 0, or what produce returned
 * (< 0) with its err, which names the file unless the failure was
 * REPORT_NOT_BUILT. */
int report_save_with(report_producer produce, void *ctx, const char *path,
		     struct kh_error *err);

/* Writes report in format to out. width is the text format's line width
 * in columns (80 if 0); other formats ignore it. Returns 0, or -1 with err
 * (a write error, or PDF in a build without it). */
int report_write(const struct report *report, enum report_format format,
		 size_t width, FILE *out, struct kh_error *err);

/* Frees what the PDF libraries keep for the whole process (pango's font
 * map, cairo's caches, fontconfig's configuration), so that a leak checker
 * sees only our memory. Only a program may call it, once, at exit, after
 * its last report: fontconfig is unusable afterwards. Does nothing in a
 * build without PDF. */
void report_release_caches(void);

/* Writes report to the file at path, through a temporary file in the same
 * folder renamed over it at the end: a failed write (disk full) leaves any
 * earlier file as it was. Returns 0, or -1 with err naming the file. */
int report_save(const struct report *report, enum report_format format,
		size_t width, const char *path, struct kh_error *err);

/* Sends the file at path to the default printer with lp(1). Returns 0
 * with lp's answer ("request id is …") in message, or -1 with err saying
 * clearly why not: no lp on this system, no printer, lp's own reason. */
int report_print_file(const char *path, char *message, size_t message_size,
		      struct kh_error *err);

/* ---- spreadsheets (report_xlsx.c) ------------------------------------ */

/* What a column of a spreadsheet holds, which sets its cells' format. */
enum report_cell_kind {
	REPORT_CELL_TEXT,       /* a short text */
	REPORT_CELL_WRAPPED,    /* a long text, wrapped in its column */
	REPORT_CELL_COUNT,      /* a whole number */
	REPORT_CELL_DATE,       /* a date, shown dd/mm/yyyy */
	REPORT_CELL_RATE,       /* a fraction, shown as a percentage (0.00%) */
};

struct report_column {
	const char *heading;    /* translated */
	enum report_cell_kind kind;
	double width;           /* in characters */
};

/* An Excel workbook of one sheet as offices print a table: the issuing
 * body (left) and the national heading (right), a title, the day it is
 * as of, then the table with its headings frozen above it and the total
 * row in bold. Strings are copied and sanitised. */
struct report_sheet;

/* A sheet named name (at most 31 characters) titled title (upper case),
 * as of as_of, with these columns (copied). Returns a sheet the caller
 * frees with report_sheet_free(). */
struct report_sheet *report_sheet_new(const char *name, const char *title,
				      kh_date as_of,
				      const struct report_column *cols,
				      size_t n_cols);
void report_sheet_free(struct report_sheet *sheet);

/* The issuing body above the table: plan's parent body and issuer, or
 * (plan NULL) what every plan agrees on; none is left out. Returns 0, or
 * -1 with err. */
int report_sheet_office(struct report_sheet *sheet, struct store *store,
			const char *plan, struct kh_error *err);

/* The next cell of the current row, in column order: a text (NULL: an
 * empty cell), a number (a count or a rate; not defined: empty) or a date
 * (KH_DATE_NONE: empty). */
void report_sheet_text(struct report_sheet *sheet, const char *text);
void report_sheet_number(struct report_sheet *sheet, double value, bool defined);
void report_sheet_date(struct report_sheet *sheet, kh_date day);
/* Ends the current row; total: the last row, in bold. */
void report_sheet_end_row(struct report_sheet *sheet, bool total);

/* Writes the workbook (.xlsx) to path through a temporary file renamed
 * over it (see file_io.h). Returns 0, or -1 with err naming path. */
int report_sheet_save(const struct report_sheet *sheet, const char *path,
		      struct kh_error *err);

#endif
