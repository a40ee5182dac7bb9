/* import: what a directive says, recognised from its paragraphs (doc.h),
 * before it is written as a draft plan. The recogniser sees paragraphs
 * only, whichever reader (text, .docx) made them.
 *
 * A directive is a preamble (what it rests on, its number and date), then
 * numbered sections addressed to units ("1. Văn phòng Sở", "I.", "a)"),
 * each with its duties as bullets ("- …", "+ …", "• …"). A section
 * addressed to several units ("Các phòng, Trung tâm …") is a group whose
 * members are the other sections' units. */
#ifndef KEHOACH_IMPORT_H
#define KEHOACH_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/date.h"
#include "kehoach/doc.h"
#include "kehoach/error.h"

struct import_duty {
	const char *text;        /* word for word, without its bullet */
	unsigned line;           /* the source line or paragraph */
	const char **refs;       /* the documents it cites, as cited */
	size_t n_refs;
};

struct import_section {
	const char *label;       /* "1", "II", "a" */
	const char *name;        /* "Văn phòng Sở" */
	bool is_group;           /* addressed to the other sections' units */
	unsigned line;
	struct import_duty *duties;
	size_t n_duties;
};

struct import_result {
	const char **preamble;   /* the paragraphs before the first section */
	size_t n_preamble;
	/* The document's own number and day ("ban hành văn bản số
	 * 77/STTTT-VP ngày 19/01/2022"): NULL and KH_DATE_NONE when the
	 * preamble does not say. */
	const char *number;
	kh_date issued;
	struct import_section *sections;
	size_t n_sections;
	struct arena arena;      /* owns the names, texts and arrays */
};

/* Recognises the sections and duties of doc. Returns 0, or -1 with err
 * (naming doc_name) when it has no section with a duty: that is no
 * directive kehoach can make a plan of. Free result with
 * import_result_free(), also after a failure. */
int import_recognise(const char *doc_name, const struct doc *doc,
		     struct import_result *result, struct kh_error *err);

void import_result_free(struct import_result *result);

#endif
