/* The writers of a struct report, one per format (report_write() picks). */
#ifndef KEHOACH_REPORT_INTERNAL_H
#define KEHOACH_REPORT_INTERNAL_H

#include "kehoach/report.h"

/* Each returns 0, or -1 with err when out cannot be written. */
int report_write_text(const struct report *report, size_t width, FILE *out,
		      struct kh_error *err);
int report_write_markdown(const struct report *report, FILE *out,
			  struct kh_error *err);
int report_write_html(const struct report *report, FILE *out,
		      struct kh_error *err);
/* The PDF module (kehoach-pdf.so, in a build with KEHOACH_HAVE_PDF):
 * A4 pages after Nghị định 30/2020/NĐ-CP, laid out with pango and drawn
 * with cairo; and the release of pango's, cairo's and fontconfig's
 * process-wide caches. report.c loads it when a PDF is first wanted. */
int report_write_pdf(const struct report *report, FILE *out,
		     struct kh_error *err);
void report_pdf_release_caches(void);

/* The issuing body of plan (NULL: what every plan agrees on), upper
 * case: *parent and *issuer are new strings the caller frees, or NULL
 * when not known. Returns 0, or -1 with err. */
int report_office(struct store *store, const char *plan, char **parent,
		  char **issuer, struct kh_error *err);

#endif
