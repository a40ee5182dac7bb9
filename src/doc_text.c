/* doc_text: a text document as paragraphs (doc.h). The encoding is found
 * from the byte-order mark, else by the bytes being valid UTF-8, else the
 * document is taken as Windows-1258 and converted with iconv. */
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <string.h>

#include "doc_internal.h"
#include "kehoach/i18n.h"
#include "kehoach/text.h"

/* The encoding of data, and how many bytes of byte-order mark to skip. */
static enum doc_encoding find_encoding(const unsigned char *data, size_t len,
				       size_t *skip)
{
	*skip = 0;
	if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
		*skip = 3;
		return DOC_UTF8;
	}
	if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE) {
		*skip = 2;
		return DOC_UTF16LE;
	}
	if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF) {
		*skip = 2;
		return DOC_UTF16BE;
	}
	return text_valid_utf8((const char *)data, len) ? DOC_UTF8 : DOC_WINDOWS_1258;
}

/* data[0..len) in encoding, as UTF-8 appended to out. Returns 0, or -1
 * with err when it is not valid in that encoding. */
static int to_utf8(const char *name, const char *data, size_t len,
		   enum doc_encoding encoding, struct buf *out, struct kh_error *err)
{
	if (encoding == DOC_UTF8) {
		buf_append(out, data, len);
		return 0;
	}
	iconv_t cd = iconv_open("UTF-8", doc_encoding_name(encoding));
	if (cd == (iconv_t)-1) {
		kh_error_set(err, name, 0, 0, _("cannot read text in %s on this system: %s"),
			     doc_encoding_name(encoding), strerror(errno));
		return -1;
	}
	char *in = (char *)data;
	size_t in_left = len;
	int rc = 0;
	while (in_left > 0) {
		char chunk[4096];
		char *o = chunk;
		size_t o_left = sizeof(chunk);
		size_t done = iconv(cd, &in, &in_left, &o, &o_left);
		buf_append(out, chunk, sizeof(chunk) - o_left);
		if (done == (size_t)-1 && errno != E2BIG) {
			kh_error_set(err, name, 0, 0,
				     _("the text is not valid %s (at byte %zu): save it again as UTF-8"
				       " (in Word: Save As, Plain Text, Unicode (UTF-8))"),
				     doc_encoding_name(encoding), (size_t)(in - data));
			rc = -1;
			break;
		}
	}
	/* Windows-1258 holds a letter back until it sees whether a tone
	 * mark follows: the last one comes out on the flush. */
	if (rc == 0) {
		char chunk[64];
		char *o = chunk;
		size_t o_left = sizeof(chunk);
		iconv(cd, NULL, NULL, &o, &o_left);
		buf_append(out, chunk, sizeof(chunk) - o_left);
	}
	iconv_close(cd);
	return rc;
}

/* Whether the text holds what no typed document does: NUL, or control
 * characters other than tab, line breaks and form feed. */
static const char *binary_byte(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
			return s + i;
	}
	return NULL;
}

/* Space at either end of a line: what Word's "Save as text" leaves
 * around a paragraph (a carriage return before the line feed). */
static bool is_trimmed(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f';
}

void doc_trim(const char **start, const char **end)
{
	while (*start < *end && is_trimmed(**start))
		(*start)++;
	while (*end > *start && is_trimmed((*end)[-1]))
		(*end)--;
}

void doc_add_paragraph(struct doc *doc, size_t *cap, const char *start,
		       const char *end, unsigned line)
{
	doc_trim(&start, &end);
	if (start == end)
		return;
	char *raw = x_strndup(start, (size_t)(end - start));
	char *nfc = text_nfc(raw);
	X_GROW(doc->paragraphs, *cap, doc->n_paragraphs + 1);
	doc->paragraphs[doc->n_paragraphs++] = (struct doc_paragraph){
		.text = arena_strdup(&doc->arena, nfc),
		.line = line,
	};
	x_free(nfc);
	x_free(raw);
}

int doc_check_not_empty(const char *name, const struct doc *doc,
			struct kh_error *err)
{
	if (doc->n_paragraphs > 0)
		return 0;
	kh_error_set(err, name, 0, 0, "%s",
		     _("the document is empty: there is no text to make a plan from"));
	return -1;
}

int doc_read_text_buffer(const char *name, const char *data, size_t len,
			 struct doc *doc, struct kh_error *err)
{
	memset(doc, 0, sizeof(*doc));
	size_t skip;
	doc->encoding = find_encoding((const unsigned char *)data, len, &skip);
	struct buf text = { 0 };
	int rc = -1;
	if (to_utf8(name, data + skip, len - skip, doc->encoding, &text, err) < 0)
		goto out;
	const char *bad = binary_byte(buf_str(&text), text.len);
	if (bad) {
		kh_error_set(err, name, 0, 0,
			     _("this is not a text document (it holds the byte 0x%02x): give the"
			       " directive as .docx or as text saved from Word"),
			     (unsigned)(unsigned char)*bad);
		goto out;
	}
	size_t cap = 0;
	unsigned line = 1;
	const char *p = buf_str(&text), *end = p + text.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		doc_add_paragraph(doc, &cap, p, stop, line++);
		p = nl ? nl + 1 : end;
	}
	rc = doc_check_not_empty(name, doc, err);
out:
	buf_free(&text);
	return rc;
}
