/* The writers of a struct report, one per format (report_write() picks). */
#ifndef KEHOACH_REPORT_INTERNAL_H
#define KEHOACH_REPORT_INTERNAL_H

#include "kehoach/report.h"

/* A document is written in three steps, so that it can be written while
 * it is built and never held whole (a monthly report of 100,000
 * assignments): begin once the header is set, section for each complete
 * section in order, end after the summary and the signatures. */
struct report_stream {
	FILE *out;
	size_t width;           /* text: the line width */
	void *state;            /* the format's own (PDF: its surface) */
};

struct report_format_ops {
	void (*begin)(struct report_stream *s, const struct report *r);
	void (*section)(struct report_stream *s, const struct report_section *section);
	/* Writes the rest and frees the state: 0, or -1 with err when out
	 * cannot be written. */
	int (*end)(struct report_stream *s, const struct report *r,
		   struct kh_error *err);
	/* How many units' parts may wait, built, to be written: what they
	 * hold is memory beside the writer's own. */
	size_t units_ahead;
};

/* Most formats hold little of their own: units built ahead cover the
 * time the month's figures take to count, with room to spare. A helper
 * builds 100 units or more meanwhile (a month's report of 100,000
 * assignments, two cores): with room for 64 it waited 10 ms, and with
 * 128 still some 5 ms (perf). Each unit waiting takes some 30 kB (peak
 * RSS 10.5 MiB with 64, 12.3 with 128, 14.4 with 256). Alternating runs,
 * 256 against 128: medians 296 and 310 ms, then 308 and 349. The PDF
 * writer's fonts and pages leave room for a few only. */
#define REPORT_UNITS_AHEAD 256
#define REPORT_PDF_UNITS_AHEAD 8

extern const struct report_format_ops report_text_ops;
extern const struct report_format_ops report_markdown_ops;
extern const struct report_format_ops report_html_ops;
/* The PDF module (kehoach-pdf.so, in a build with KEHOACH_HAVE_PDF):
 * A4 pages after Nghị định 30/2020/NĐ-CP, laid out with pango and drawn
 * with cairo; and the release of pango's, cairo's and fontconfig's
 * process-wide caches. report.c loads it when a PDF is first wanted. */
const struct report_format_ops *report_pdf_ops(void);
void report_pdf_release_caches(void);
/* The three steps of report_pdf_ops() on a whole report. */
int report_write_pdf(const struct report *report, FILE *out,
		     struct kh_error *err);

/* Writes sections [from, to) of r, after the header when they are the
 * first. */
void report_writer_sections(struct report_writer *w, const struct report *r,
			    size_t from, size_t to);
/* Writes what is left of r (the header too, when nothing came before)
 * and the end, and frees w. Returns 0, or -1 with err. */
int report_writer_close(struct report_writer *w, const struct report *r,
			struct kh_error *err);
/* Frees w after a failure: ends what it began (its output is incomplete),
 * writes nothing when it has not begun. */
void report_writer_abandon(struct report_writer *w, const struct report *r);
/* The format's units_ahead. */
size_t report_writer_units_ahead(const struct report_writer *w);

/* The issuing body of plan (NULL: what every plan agrees on), upper
 * case: *parent and *issuer are new strings the caller frees, or NULL
 * when not known. Returns 0, or -1 with err. */
int report_office(struct store *store, const char *plan, char **parent,
		  char **issuer, struct kh_error *err);

/* The units a duty is done with, in the ids store_report_list() hands
 * over: joined by this character. */
#define REPORT_WITH_SEPARATOR '\x1f'

/* A report's rows: as store_list() lists filter's (in store_query.c),
 * each with with_ids, the ids of the units the duty is done with joined
 * by REPORT_WITH_SEPARATOR (NULL: none). What no document shows is not
 * set: assignment, owner_id, ambiguous_id, due, start, changed_at,
 * due_soon, archived, has_with (see REPORT_COLUMNS). */
typedef int (*report_row_fn)(void *ctx, const struct duty_row *row,
			     const char *with_ids);
int store_report_list(struct store *store, const struct duty_filter *filter,
		      report_row_fn on_row, void *ctx, struct kh_error *err);

#endif
