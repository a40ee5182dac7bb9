/* doc: a received document (a directive, a plan in Word) as paragraphs of
 * text, for `kehoach import` to recognise. Reading is apart from
 * recognising: plain text and .docx give the same paragraphs, so a rule
 * of the recogniser serves both.
 *
 * Text files come as Word's "Save as text" writes them: UTF-8 (with or
 * without a byte-order mark), UTF-16 with its mark, or Windows-1258 (the
 * Vietnamese code page, whose tone marks are combining characters).
 * A .docx is read with libzip and libxml2: its paragraphs, with the
 * numbers and bullets Word shows in front of them (computed from the
 * document's numbering, as they are not in its text), so that a directive
 * numbered by Word reads like the same directive saved as text.
 * Every paragraph is UTF-8 in NFC. */
#ifndef KEHOACH_DOC_H
#define KEHOACH_DOC_H

#include <stddef.h>

#include "kehoach/error.h"
#include "kehoach/util.h"

/* Documents larger than this are refused before reading. */
#define DOC_MAX_BYTES (8u * 1024 * 1024)

/* A part of a .docx (word/document.xml, numbering.xml, styles.xml) larger
 * than this once unpacked is refused, and so are parts adding up to more
 * than DOC_DOCX_MAX_TOTAL: a small zip can unpack to gigabytes (a zip
 * bomb). No real directive comes near. */
#define DOC_DOCX_MAX_PART (32u * 1024 * 1024)
#define DOC_DOCX_MAX_TOTAL (64u * 1024 * 1024)

enum doc_encoding {
	DOC_UTF8,
	DOC_UTF16LE,
	DOC_UTF16BE,
	DOC_WINDOWS_1258,
	DOC_DOCX,          /* not text: a Word document (.docx) */
};

struct doc_paragraph {
	const char *text;      /* UTF-8, NFC, without its line break; never empty */
	unsigned line;         /* where it starts in the source (1-based): its
				* line in a text document; in a .docx, the
				* paragraph's place among all the paragraphs
				* of the body, empty ones and those in tables
				* included ("paragraph 12") */
};

struct doc {
	struct doc_paragraph *paragraphs;
	size_t n_paragraphs;
	enum doc_encoding encoding;   /* what the source was read as */
	struct arena arena;           /* owns the texts */
};

/* Reads the text document path (at most DOC_MAX_BYTES) into doc: its
 * non-blank lines as paragraphs, in order, white space at either end
 * trimmed. Returns 0, or -1 with err (naming the file) for a file that
 * cannot be read, is empty, holds no text (a binary file: NUL bytes or
 * control characters), or is not valid in the encoding it was taken to
 * be in. Free doc with doc_free() after either. */
int doc_read_text(const char *path, struct doc *doc, struct kh_error *err);

/* The same for bytes already read; name is used in errors. */
int doc_read_text_buffer(const char *name, const char *data, size_t len,
			 struct doc *doc, struct kh_error *err);

/* Reads the Word document path (a .docx of at most DOC_MAX_BYTES) into
 * doc: the text of every paragraph of its body (those in tables too), in
 * order, empty ones skipped, each with the number or bullet Word shows
 * before it ("1. ", "II. ", "a) ", "1.2. ", "- ", "• "). Text Word shows
 * is taken: a tab or a line break is one space, deleted text (tracked
 * changes) is left out. Returns 0, or -1 with err (naming the file) for
 * a file that cannot be read, is not a zip or not a Word document, is
 * damaged, protected with a password, holds no text or would unpack to
 * more than DOC_DOCX_MAX_PART or DOC_DOCX_MAX_TOTAL bytes. */
int doc_read_docx(const char *path, struct doc *doc, struct kh_error *err);

/* The same for bytes already read; name is used in errors. */
int doc_read_docx_buffer(const char *name, const char *data, size_t len,
			 struct doc *doc, struct kh_error *err);

/* Reads path as a Word document when it is one (a zip archive, or a file
 * named .docx: one that is not a zip is refused, not read as text), else
 * as a text document; the same results and errors as those two. */
int doc_read(const char *path, struct doc *doc, struct kh_error *err);

void doc_free(struct doc *doc);

/* "UTF-8", "UTF-16LE", …, "docx" for messages. */
const char *doc_encoding_name(enum doc_encoding encoding);

#endif
