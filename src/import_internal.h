/* import_internal: what the parts of the recogniser share (import.h).
 *
 * Phrases ("trước ngày 25/01/2022", "phối hợp với Văn phòng Sở") are
 * matched on words: each word of a text, with where it is and its folded
 * form (lower case, no diacritics: "Chạp" → "chap"), so that a rule reads
 * "truoc tet" whether the document wrote "trước Tết", "Trước tết" or
 * decomposed diacritics. */
#ifndef KEHOACH_IMPORT_INTERNAL_H
#define KEHOACH_IMPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/import.h"

struct import_word {
	const char *start;   /* in the text, without the marks around it */
	size_t len;
	const char *folded;  /* lower case, no diacritics */
	bool ends_clause;    /* followed by , ; : . or ) : a phrase stops here */
	bool is_abbreviation; /* written in capitals, 2 letters or more: "CNTT" */
};

struct import_words {
	struct import_word *items;
	size_t n;
	struct arena arena;
};

/* Splits text into words at spaces and hyphens between words ("CNTT-TT"
 * is two words); marks around a word (quotes, brackets, the comma after
 * it) are not part of it. A date ("25/01/2022") is one word. */
void import_words_split(const char *text, struct import_words *words);
void import_words_free(struct import_words *words);

/* Whether words[at…] are the folded words of phrase ("truoc ngay"), none
 * but the last ending a clause. */
bool import_words_match(const struct import_words *words, size_t at,
			const char *phrase);

/* The deadline text states, from its last phrase that states one (a
 * duty's last deadline is that of its last step: "… trước Tết; báo cáo
 * kết quả trước ngày 15/02"). context gives the year of a date written
 * without one. Leaves due->kind IMPORT_DUE_NONE when there is none. */
struct import_year_context {
	int tet;             /* the Tết the document is about, or 0 */
	kh_date issued;      /* the document's day, or KH_DATE_NONE */
};
void import_find_deadline(const char *text, const struct import_year_context *context,
			  struct import_due *due, struct arena *arena);

/* The documents a text cites ("Chỉ thị số 01/CT-UBND ngày 05/01/2022 của
 * UBND tỉnh"), each once, in order; appended to *refs. */
void import_find_citations(const char *text, const char ***refs, size_t *n_refs,
			   struct arena *arena);

/* The length of the citation at s ("Quyết định số 739/QĐ-UBND ngày
 * 23/3/2017 của UBND tỉnh"), or 0. */
size_t import_citation_length(const char *s);
/* Whether s starts with the kind of a document ("Chỉ thị", "Luật" …). */
bool import_names_document(const char *s);

/* The preamble's facts: the document's number, day, place, issuer and
 * the body above it, its subject, the documents it rests on and its Tết
 * (tet_year when given). */
void import_read_preamble(struct import_result *r, int tet_year);

/* Each duty's coordinating units among the sections (import_with.c). */
void import_find_with(struct import_result *r);

#endif
