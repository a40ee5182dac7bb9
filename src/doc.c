/* doc: reading a received document from its file, and telling a Word
 * document from a text one (doc.h). Every reader takes the file the same
 * way, through file_io: a regular file only (a FIFO does not block, a
 * device is refused), at most DOC_MAX_BYTES, read once. */
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "build_config.h"
#include "doc_internal.h"
#include "kehoach/file_io.h"
#include "kehoach/i18n.h"
#include "kehoach/module.h"

const char *doc_encoding_name(enum doc_encoding encoding)
{
	switch (encoding) {
	case DOC_UTF16LE:
		return "UTF-16LE";
	case DOC_UTF16BE:
		return "UTF-16BE";
	case DOC_WINDOWS_1258:
		return "Windows-1258";
	case DOC_DOCX:
		return "docx";
	case DOC_UTF8:
		break;
	}
	return "UTF-8";
}

typedef int (*doc_reader)(const char *name, const char *data, size_t len,
			  struct doc *doc, struct kh_error *err);

int doc_read_docx_buffer(const char *name, const char *data, size_t len,
			 struct doc *doc, struct kh_error *err)
{
	/* The reader's module, loaded once, when a .docx is first read. */
	static struct module_function reader = {
		KEHOACH_BUILD_DOCX_MODULE, KEHOACH_DOCX_MODULE, "doc_docx_module_read",
	};
	doc_reader read_docx;
	*(void **)&read_docx = module_function_get(&reader);
	if (!read_docx) {
		memset(doc, 0, sizeof(*doc));
		kh_error_set(err, name, 0, 0,
			     _("Word documents cannot be read: the .docx module cannot be loaded (%s); reinstall kehoach, or save the document as plain text"),
			     reader.why);
		return -1;
	}
	return read_docx(name, data, len, doc, err);
}

/* Reads path with file_io and hands its bytes to read_buffer. */
static int read_file_with(const char *path, doc_reader read_buffer,
			  struct doc *doc, struct kh_error *err)
{
	struct buf data = { 0 };
	memset(doc, 0, sizeof(*doc));
	int rc = file_read_input(path, DOC_MAX_BYTES, &data, err);
	if (rc == 0)
		rc = read_buffer(path, data.data ? data.data : "", data.len, doc, err);
	buf_free(&data);
	return rc;
}

static bool starts_with(const char *data, size_t len, const char *magic, size_t n)
{
	return len >= n && memcmp(data, magic, n) == 0;
}

static bool named_docx(const char *name)
{
	size_t len = strlen(name);
	return len >= 5 && strcasecmp(name + len - 5, ".docx") == 0;
}

/* Which reader the bytes call for. A zip is a .docx; so is anything named
 * .docx, which the .docx reader then refuses as not a zip, rather than
 * the text reader as "binary". An OLE file (old .doc, or a .docx
 * protected with a password, which Word wraps in one) is neither. */
static int read_by_content(const char *name, const char *data, size_t len,
			   struct doc *doc, struct kh_error *err)
{
	if (starts_with(data, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
		kh_error_set(err, name, 0, 0, "%s",
			     _("this is an old Word document (.doc) or one protected with a"
			       " password: save it again in Word as .docx without a password,"
			       " or as plain text"));
		return -1;
	}
	if (starts_with(data, len, "PK\x03\x04", 4) || named_docx(name))
		return doc_read_docx_buffer(name, data, len, doc, err);
	return doc_read_text_buffer(name, data, len, doc, err);
}

int doc_read(const char *path, struct doc *doc, struct kh_error *err)
{
	return read_file_with(path, read_by_content, doc, err);
}

int doc_read_text(const char *path, struct doc *doc, struct kh_error *err)
{
	return read_file_with(path, doc_read_text_buffer, doc, err);
}

int doc_read_docx(const char *path, struct doc *doc, struct kh_error *err)
{
	return read_file_with(path, doc_read_docx_buffer, doc, err);
}

void doc_free(struct doc *doc)
{
	x_free(doc->paragraphs);
	arena_free(&doc->arena);
	memset(doc, 0, sizeof(*doc));
}
