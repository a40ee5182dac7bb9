/* doc_docx: what the .docx reader's two files share. doc_docx.c reads
 * the zip and the body's paragraphs; doc_docx_numbering.c works out the
 * numbers and bullets Word shows before them. Private to those two. */
#ifndef KEHOACH_DOC_DOCX_H
#define KEHOACH_DOC_DOCX_H

#include <stdbool.h>

#include <libxml/tree.h>

#include "kehoach/util.h"

/* ---- WordprocessingML (doc_docx.c) --------------------------------------- */

/* Whether n is the element w:local (either namespace Word writes in). */
bool docx_is_w(const xmlNode *n, const char *local);

/* The attribute w:local of n, or NULL. */
const char *docx_attr(const xmlNode *n, const char *local);

/* The first child element w:local of n (which may be NULL), or NULL. */
const xmlNode *docx_child(const xmlNode *n, const char *local);

/* The w:val of n's child w:local (<w:start w:val="1"/>), or NULL. */
const char *docx_child_val(const xmlNode *n, const char *local);

/* ---- numbering (doc_docx_numbering.c) ------------------------------------ */

struct docx_abstract_num;
struct docx_num;
struct docx_style;

/* The lists of a document and where their counters stand. Its strings
 * point into the trees it was read from, which must outlive it. */
struct docx_numbering {
	struct docx_abstract_num *abstracts;
	size_t n_abstracts;
	struct docx_num *nums;
	size_t n_nums;
	struct docx_style *styles;
	size_t n_styles;
	const char *default_style;   /* the style of a paragraph that names none */
};

/* Reads word/numbering.xml and word/styles.xml; either may be NULL (the
 * document has none: nothing is numbered by it). */
void docx_numbering_read(struct docx_numbering *nb, const xmlDoc *numbering,
			 const xmlDoc *styles);

/* Counts the paragraph whose w:pPr is p_pr (NULL: it has none) in its
 * list, when Word numbers it, and appends the label Word shows ("1.",
 * "II.", "a)", "1.2.", "-", "•") to label; appends nothing otherwise.
 * Paragraphs are to be given in the order of the document. */
void docx_numbering_label(struct docx_numbering *nb, const xmlNode *p_pr,
			  struct buf *label);

void docx_numbering_free(struct docx_numbering *nb);

#endif
