/* doc_internal: what the text and the .docx readers share, so that a
 * paragraph is trimmed, normalised and refused the same way whatever it
 * was read from. Private to doc.c, doc_text.c and doc_docx.c. */
#ifndef KEHOACH_DOC_INTERNAL_H
#define KEHOACH_DOC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/doc.h"

/* Moves *start and *end past the white space at either end of
 * [*start, *end); they meet when it is blank. */
void doc_trim(const char **start, const char **end);

/* Adds [start, end) as a paragraph, trimmed and in NFC, unless it is
 * blank; *cap is the capacity of doc->paragraphs. */
void doc_add_paragraph(struct doc *doc, size_t *cap, const char *start,
		       const char *end, unsigned line);

/* Returns 0 when doc has a paragraph, else -1 with err naming name. */
int doc_check_not_empty(const char *name, const struct doc *doc,
			struct kh_error *err);

/* The .docx reader's entry in its module (kehoach-docx.so, loaded by
 * doc.c when a .docx is first read): doc_read_docx_buffer() as doc.h
 * describes it. */
int doc_docx_module_read(const char *name, const char *data, size_t len,
			 struct doc *doc, struct kh_error *err);

#endif
