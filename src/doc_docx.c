/* doc_docx: a Word document (.docx) as paragraphs (doc.h).
 *
 * A .docx is a zip (read with libzip, from memory) of XML parts (parsed
 * with libxml2): word/document.xml holds the paragraphs, and
 * word/numbering.xml and word/styles.xml say which of them Word numbers
 * and how. Those numbers are not in the text: Word computes them as it
 * shows the document, and so does doc_docx_numbering.c, or
 * "1. Văn phòng Sở" numbered by Word would read as "Văn phòng Sở".
 *
 * Everything here comes from whoever sent the document. Parts are read
 * with a bound however large the zip says they are (a zip bomb says
 * little), and XML is parsed without the network, without loading DTDs
 * or external entities and without substituting entities, with
 * libxml2's default limits (never XML_PARSE_HUGE): the recursion below
 * is as deep as the XML, which those limits keep to 256 levels. */
#include <stdbool.h>
#include <string.h>

#include <libxml/parser.h>
#include <zip.h>

#include "doc_docx.h"
#include "doc_internal.h"
#include "kehoach/i18n.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"

/* ---- errors -------------------------------------------------------------- */

static void not_a_zip(const char *name, struct kh_error *err)
{
	kh_error_set(err, name, 0, 0, "%s",
		     _("this is not a Word document (.docx): it is not a zip archive; save it"
		       " again in Word as .docx, or as plain text"));
}

static void damaged(const char *name, const char *why, struct kh_error *err)
{
	kh_error_set(err, name, 0, 0,
		     _("the Word document is damaged: %s; open it in Word and save it again"),
		     why);
}

static void protected_by_password(const char *name, struct kh_error *err)
{
	kh_error_set(err, name, 0, 0, "%s",
		     _("the Word document is protected with a password: save it again in"
		       " Word without one"));
}

static void too_large(const char *name, const char *part, size_t limit,
		      struct kh_error *err)
{
	kh_error_set(err, name, 0, 0,
		     _("the Word document would unpack to more than %zu MiB (at %s): it may be"
		       " a zip bomb; save it again in Word, or as plain text"),
		     limit / (1024 * 1024), part);
}

/* ---- the zip ------------------------------------------------------------- */

struct docx_zip {
	zip_t *archive;
	const char *name;     /* the document, for errors */
	size_t unpacked;      /* bytes of the parts read so far */
};

static int open_zip(struct docx_zip *zip, const char *data, size_t len,
		    struct kh_error *err)
{
	zip_error_t zerr;
	zip_error_init(&zerr);
	zip_source_t *source = zip_source_buffer_create(data, len, 0, &zerr);
	if (source) {
		zip->archive = zip_open_from_source(source, ZIP_RDONLY, &zerr);
		if (!zip->archive)
			zip_source_free(source);
	}
	if (!zip->archive) {
		if (zip_error_code_zip(&zerr) == ZIP_ER_NOZIP)
			not_a_zip(zip->name, err);
		else
			damaged(zip->name, zip_error_strerror(&zerr), err);
	}
	zip_error_fini(&zerr);
	return zip->archive ? 0 : -1;
}

static bool zip_error_is_password(int code)
{
	return code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD ||
	       code == ZIP_ER_ENCRNOTSUPP;
}

/* Reads what file gives into out, refusing once it passes limit bytes:
 * the size the zip declared is not trusted. */
static int read_bounded(struct docx_zip *zip, const char *part, zip_file_t *file,
			size_t limit, struct buf *out, struct kh_error *err)
{
	char chunk[64 * 1024];
	for (;;) {
		zip_int64_t n = zip_fread(file, chunk, sizeof(chunk));
		if (n < 0) {
			damaged(zip->name, zip_file_strerror(file), err);
			return -1;
		}
		if (n == 0)
			return 0;
		if ((size_t)n > limit - out->len) {
			too_large(zip->name, part, limit, err);
			return -1;
		}
		buf_append(out, chunk, (size_t)n);
	}
}

/* The limit left for the next part: its own, or what the total allows. */
static size_t part_limit(const struct docx_zip *zip)
{
	size_t left = DOC_DOCX_MAX_TOTAL - zip->unpacked;
	return left < DOC_DOCX_MAX_PART ? left : DOC_DOCX_MAX_PART;
}

/* Reads the part called part into out. Returns 1, 0 when the document has
 * no such part, or -1 with err. */
static int read_part(struct docx_zip *zip, const char *part, struct buf *out,
		     struct kh_error *err)
{
	zip_int64_t index = zip_name_locate(zip->archive, part, ZIP_FL_NOCASE);
	if (index < 0)
		return 0;
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(zip->archive, (zip_uint64_t)index, 0, &st) < 0) {
		damaged(zip->name, zip_strerror(zip->archive), err);
		return -1;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
		protected_by_password(zip->name, err);
		return -1;
	}
	size_t limit = part_limit(zip);
	if ((st.valid & ZIP_STAT_SIZE) && st.size > limit) {
		too_large(zip->name, part, limit, err);
		return -1;
	}
	zip_file_t *file = zip_fopen_index(zip->archive, (zip_uint64_t)index, 0);
	if (!file) {
		zip_error_t *zerr = zip_get_error(zip->archive);
		if (zip_error_is_password(zip_error_code_zip(zerr)))
			protected_by_password(zip->name, err);
		else
			damaged(zip->name, zip_error_strerror(zerr), err);
		return -1;
	}
	int rc = read_bounded(zip, part, file, limit, out, err);
	zip_fclose(file);
	zip->unpacked += out->len;
	return rc < 0 ? -1 : 1;
}

/* ---- XML ----------------------------------------------------------------- */

/* libxml2's message about part, on one line. */
static void damaged_xml(const char *name, const char *part, const xmlError *e,
			struct kh_error *err)
{
	const char *why = e && e->message ? e->message : "";
	const char *end = why + strlen(why);
	doc_trim(&why, &end);
	while (end > why && end[-1] == '\n')
		end--;
	kh_error_set(err, name, 0, 0,
		     _("the Word document is damaged: %s, line %d: %.*s; open it in Word and"
		       " save it again"),
		     part, e ? e->line : 0, (int)(end - why), why);
}

/* Parses the part's bytes. Returns the tree, or NULL with err. */
static xmlDoc *parse_part(const char *name, const char *part, const struct buf *xml,
			  struct kh_error *err)
{
	xmlParserCtxt *ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		damaged(name, _("out of memory"), err);
		return NULL;
	}
	/* No NOENT (entities stay references), no DTDLOAD, no HUGE. */
	xmlDoc *tree = xmlCtxtReadMemory(ctxt, xml->data ? xml->data : "", (int)xml->len,
					 part, NULL,
					 XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!tree)
		damaged_xml(name, part, xmlCtxtGetLastError(ctxt), err);
	xmlFreeParserCtxt(ctxt);
	return tree;
}

/* Reads and parses a part. Returns 0 with *tree (NULL when the document
 * has no such part), or -1 with err. */
static int load_part(struct docx_zip *zip, const char *part, xmlDoc **tree,
		     struct kh_error *err)
{
	struct buf xml = { 0 };
	*tree = NULL;
	int found = read_part(zip, part, &xml, err);
	if (found > 0)
		*tree = parse_part(zip->name, part, &xml, err);
	buf_free(&xml);
	return found < 0 || (found > 0 && !*tree) ? -1 : 0;
}

static bool is_w_ns(const xmlNs *ns)
{
	return ns && (strcmp((const char *)ns->href, W_NS) == 0 ||
		      strcmp((const char *)ns->href, W_NS_STRICT) == 0);
}

bool docx_is_w(const xmlNode *n, const char *local)
{
	return n->type == XML_ELEMENT_NODE && is_w_ns(n->ns) &&
	       strcmp((const char *)n->name, local) == 0;
}

/* mc:Fallback repeats, for older readers, what mc:Choice holds. */
static bool is_fallback(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE && n->ns &&
	       strcmp((const char *)n->ns->href, MC_NS) == 0 &&
	       strcmp((const char *)n->name, "Fallback") == 0;
}

const char *docx_attr(const xmlNode *n, const char *local)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (is_w_ns(a->ns) && strcmp((const char *)a->name, local) == 0 && a->children &&
		    a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

const xmlNode *docx_child(const xmlNode *n, const char *local)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (docx_is_w(c, local))
			return c;
	return NULL;
}

const char *docx_child_val(const xmlNode *n, const char *local)
{
	const xmlNode *c = docx_child(n, local);
	return c ? docx_attr(c, "val") : NULL;
}

/* ---- the body ------------------------------------------------------------ */

struct body_reader {
	struct doc *doc;
	size_t cap;
	unsigned index;           /* of the last w:p met, 1-based */
	struct docx_numbering *numbering;
};

static void append_text_nodes(struct buf *out, const xmlNode *t)
{
	for (const xmlNode *c = t->children; c; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			buf_puts(out, (const char *)c->content);
}

/* Whether n holds nothing of the paragraph's own text: its properties,
 * deleted text, a paragraph inside it (a text box: read on its own), or
 * a fallback copy. */
static bool not_text(const xmlNode *n)
{
	return docx_is_w(n, "pPr") || docx_is_w(n, "rPr") || docx_is_w(n, "del") || docx_is_w(n, "delText") ||
	       docx_is_w(n, "p") || is_fallback(n);
}

/* The text Word shows of the elements from n on, appended to out. */
static void append_text(struct buf *out, const xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || not_text(n))
			continue;
		if (docx_is_w(n, "t"))
			append_text_nodes(out, n);
		else if (docx_is_w(n, "tab") || docx_is_w(n, "br") || docx_is_w(n, "cr"))
			buf_putc(out, ' ');
		else if (docx_is_w(n, "noBreakHyphen"))
			buf_putc(out, '-');
		else
			append_text(out, n->children);
	}
}

/* Whether the paragraph's mark (its end) is a tracked deletion. */
static bool mark_deleted(const xmlNode *p_pr)
{
	return docx_child(docx_child(p_pr, "rPr"), "del") != NULL;
}

static void read_paragraphs(struct body_reader *r, const xmlNode *n);

static void read_paragraph(struct body_reader *r, const xmlNode *p)
{
	unsigned line = ++r->index;
	struct buf label = { 0 }, text = { 0 };
	/* Counted even when empty: Word shows an empty numbered paragraph's
	 * number, and the next one comes after it. Not when the paragraph
	 * was deleted with changes tracked: it has no number in the text as
	 * it stands. */
	const xmlNode *p_pr = docx_child(p, "pPr");
	if (!mark_deleted(p_pr))
		docx_numbering_label(r->numbering, p_pr, &label);
	append_text(&text, p->children);
	const char *start = buf_str(&text), *end = start + text.len;
	doc_trim(&start, &end);
	if (start != end) {
		if (label.len)
			buf_putc(&label, ' ');
		buf_append(&label, start, (size_t)(end - start));
		doc_add_paragraph(r->doc, &r->cap, buf_str(&label), buf_str(&label) + label.len,
				  line);
	}
	buf_free(&label);
	buf_free(&text);
	read_paragraphs(r, p->children);
}

/* Every w:p from n on, in tables and text boxes too. */
static void read_paragraphs(struct body_reader *r, const xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || is_fallback(n))
			continue;
		if (docx_is_w(n, "p"))
			read_paragraph(r, n);
		else
			read_paragraphs(r, n->children);
	}
}

static const xmlNode *find_body(const xmlDoc *document)
{
	const xmlNode *root = xmlDocGetRootElement(document);
	return root && docx_is_w(root, "document") ? docx_child(root, "body") : NULL;
}

/* ---- reading ------------------------------------------------------------- */

struct docx_parts {
	xmlDoc *document, *numbering, *styles;
};

static int load_parts(struct docx_zip *zip, struct docx_parts *parts,
		      struct kh_error *err)
{
	if (load_part(zip, "word/document.xml", &parts->document, err) < 0)
		return -1;
	if (!parts->document) {
		kh_error_set(err, zip->name, 0, 0, "%s",
			     _("this is not a Word document (.docx): the zip holds no"
			       " word/document.xml; save it again in Word as .docx, or as plain"
			       " text"));
		return -1;
	}
	if (load_part(zip, "word/numbering.xml", &parts->numbering, err) < 0 ||
	    load_part(zip, "word/styles.xml", &parts->styles, err) < 0)
		return -1;
	return 0;
}

static void free_parts(struct docx_parts *parts)
{
	xmlFreeDoc(parts->document);
	xmlFreeDoc(parts->numbering);
	xmlFreeDoc(parts->styles);
}

static int read_body(const char *name, const struct docx_parts *parts, struct doc *doc,
		     struct kh_error *err)
{
	const xmlNode *body = find_body(parts->document);
	if (!body) {
		damaged(name, _("word/document.xml has no body (w:body)"), err);
		return -1;
	}
	struct docx_numbering numbering;
	docx_numbering_read(&numbering, parts->numbering, parts->styles);
	struct body_reader reader = { .doc = doc, .numbering = &numbering };
	read_paragraphs(&reader, body->children);
	docx_numbering_free(&numbering);
	return doc_check_not_empty(name, doc, err);
}

int doc_docx_module_read(const char *name, const char *data, size_t len,
			 struct doc *doc, struct kh_error *err)
{
	memset(doc, 0, sizeof(*doc));
	doc->encoding = DOC_DOCX;
	/* Not left to libzip: it opens an empty file as an empty archive. */
	if (len < 2 || memcmp(data, "PK", 2) != 0) {
		not_a_zip(name, err);
		return -1;
	}
	struct docx_zip zip = { .name = name };
	if (open_zip(&zip, data, len, err) < 0)
		return -1;
	struct docx_parts parts = { 0 };
	int rc = load_parts(&zip, &parts, err);
	zip_discard(zip.archive);
	if (rc == 0)
		rc = read_body(name, &parts, doc, err);
	free_parts(&parts);
	return rc;
}
