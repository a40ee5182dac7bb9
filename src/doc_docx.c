/* doc_docx: a Word document (.docx) as paragraphs (doc.h).
 *
 * A .docx is a zip (read with libzip, from memory) of XML parts (parsed
 * with libxml2): word/document.xml holds the paragraphs, and
 * word/numbering.xml and word/styles.xml say which of them Word numbers
 * and how. Those numbers are not in the text: Word computes them as it
 * shows the document, and so does this file, or "1. Văn phòng Sở"
 * numbered by Word would read as "Văn phòng Sở".
 *
 * Everything here comes from whoever sent the document. Parts are read
 * with a bound however large the zip says they are (a zip bomb says
 * little), and XML is parsed without the network, without loading DTDs
 * or external entities and without substituting entities, with
 * libxml2's default limits (never XML_PARSE_HUGE): the recursion below
 * is as deep as the XML, which those limits keep to 256 levels. */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "doc_internal.h"
#include "kehoach/i18n.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"

/* Word numbers nine levels deep (w:ilvl 0 to 8). */
#define LEVELS 9
/* Styles are based on styles; a loop among them must end. */
#define MAX_STYLE_CHAIN 16
/* Starting values beyond this are taken as this: no directive numbers
 * that far, and counters then cannot overflow. */
#define MAX_START 1000000L

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

/* Whether n is the WordprocessingML element local. */
static bool is_w(const xmlNode *n, const char *local)
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

/* The attribute w:local of n, or NULL. */
static const char *w_attr(const xmlNode *n, const char *local)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (is_w_ns(a->ns) && strcmp((const char *)a->name, local) == 0 && a->children &&
		    a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

/* The first child element w:local of n, or NULL. */
static const xmlNode *w_child(const xmlNode *n, const char *local)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is_w(c, local))
			return c;
	return NULL;
}

/* The w:val of n's child w:local (<w:start w:val="1"/>), or NULL. */
static const char *w_child_val(const xmlNode *n, const char *local)
{
	const xmlNode *c = w_child(n, local);
	return c ? w_attr(c, "val") : NULL;
}

/* s as a whole number in [lo, hi] (clamped), or false when it is none. */
static bool parse_number(const char *s, long lo, long hi, long *out)
{
	if (!s)
		return false;
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || *end != '\0')
		return false;
	*out = v < lo ? lo : v > hi ? hi : v;
	return true;
}

/* ---- numbering ----------------------------------------------------------- */

enum num_format {
	FORMAT_DECIMAL,
	FORMAT_UPPER_ROMAN,
	FORMAT_LOWER_ROMAN,
	FORMAT_UPPER_LETTER,
	FORMAT_LOWER_LETTER,
	FORMAT_BULLET,
	FORMAT_NONE,
};

/* One w:lvl of a w:abstractNum. */
struct num_level {
	long start;
	enum num_format format;
	const char *text;   /* w:lvlText ("%1.", "-"), in the numbering tree; NULL: none */
	long restart;       /* w:lvlRestart: -1 absent, 0 never, else a 1-based level */
};

/* A w:abstractNum: the look of a list, and where its counters are (Word
 * counts on across every w:num that uses it). */
struct abstract_num {
	long id;
	struct num_level levels[LEVELS];
	long counter[LEVELS];
	long start_at[LEVELS];   /* where a level starts next: w:start or an override */
	bool started[LEVELS];
};

/* A w:num: what a paragraph's w:numId names. */
struct num {
	long id;
	long abstract_id;
	struct abstract_num *abstract;   /* NULL when it names none */
	long start_override[LEVELS];     /* -1: none */
	bool used;                       /* overrides applied */
};

/* A paragraph style and the numbering it gives its paragraphs. */
struct para_style {
	const char *id;
	const char *based_on;
	const char *num_id;   /* NULL: not said here */
	const char *level;
};

struct numbering {
	struct abstract_num *abstracts;
	size_t n_abstracts;
	struct num *nums;
	size_t n_nums;
	struct para_style *styles;
	size_t n_styles;
	const char *default_style;   /* the style of a paragraph that names none */
};

static enum num_format parse_format(const char *s)
{
	static const struct {
		const char *name;
		enum num_format format;
	} formats[] = {
		{ "upperRoman", FORMAT_UPPER_ROMAN },
		{ "lowerRoman", FORMAT_LOWER_ROMAN },
		{ "upperLetter", FORMAT_UPPER_LETTER },
		{ "lowerLetter", FORMAT_LOWER_LETTER },
		{ "bullet", FORMAT_BULLET },
		{ "none", FORMAT_NONE },
	};
	for (size_t i = 0; s && i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(s, formats[i].name) == 0)
			return formats[i].format;
	return FORMAT_DECIMAL;
}

static void read_level(const xmlNode *lvl, struct num_level *level)
{
	if (!parse_number(w_child_val(lvl, "start"), 0, MAX_START, &level->start))
		level->start = 0;   /* the standard's default */
	level->format = parse_format(w_child_val(lvl, "numFmt"));
	level->text = w_child_val(lvl, "lvlText");
	if (!parse_number(w_child_val(lvl, "lvlRestart"), 0, LEVELS, &level->restart))
		level->restart = -1;
}

static void read_abstract(struct numbering *nb, size_t *cap, const xmlNode *n)
{
	long id;
	if (!parse_number(w_attr(n, "abstractNumId"), LONG_MIN, LONG_MAX, &id))
		return;
	X_GROW(nb->abstracts, *cap, nb->n_abstracts + 1);
	struct abstract_num *a = &nb->abstracts[nb->n_abstracts++];
	memset(a, 0, sizeof(*a));
	a->id = id;
	for (const xmlNode *c = n->children; c; c = c->next) {
		long ilvl;
		if (is_w(c, "lvl") && parse_number(w_attr(c, "ilvl"), -1, LEVELS, &ilvl) &&
		    ilvl >= 0 && ilvl < LEVELS)
			read_level(c, &a->levels[ilvl]);
	}
	for (int l = 0; l < LEVELS; l++)
		a->start_at[l] = a->levels[l].start;
}

static void read_num_overrides(const xmlNode *n, struct num *num)
{
	for (int l = 0; l < LEVELS; l++)
		num->start_override[l] = -1;
	for (const xmlNode *c = n->children; c; c = c->next) {
		long ilvl, start;
		if (is_w(c, "lvlOverride") && parse_number(w_attr(c, "ilvl"), -1, LEVELS, &ilvl) &&
		    ilvl >= 0 && ilvl < LEVELS &&
		    parse_number(w_child_val(c, "startOverride"), 0, MAX_START, &start))
			num->start_override[ilvl] = start;
	}
}

static void read_num(struct numbering *nb, size_t *cap, const xmlNode *n)
{
	long id, abstract_id;
	if (!parse_number(w_attr(n, "numId"), LONG_MIN, LONG_MAX, &id) ||
	    !parse_number(w_child_val(n, "abstractNumId"), LONG_MIN, LONG_MAX, &abstract_id))
		return;
	X_GROW(nb->nums, *cap, nb->n_nums + 1);
	struct num *num = &nb->nums[nb->n_nums++];
	memset(num, 0, sizeof(*num));
	num->id = id;
	num->abstract_id = abstract_id;
	read_num_overrides(n, num);
}

static int compare_abstract(const void *a, const void *b)
{
	long x = ((const struct abstract_num *)a)->id, y = ((const struct abstract_num *)b)->id;
	return (x > y) - (x < y);
}

static int compare_num(const void *a, const void *b)
{
	long x = ((const struct num *)a)->id, y = ((const struct num *)b)->id;
	return (x > y) - (x < y);
}

static int compare_style(const void *a, const void *b)
{
	return strcmp(((const struct para_style *)a)->id, ((const struct para_style *)b)->id);
}

/* Reads word/numbering.xml (tree may be NULL: nothing is numbered), and
 * ties each w:num to its w:abstractNum. Sorted, to be looked up by id. */
static void read_numbering(struct numbering *nb, const xmlDoc *tree)
{
	const xmlNode *root = tree ? xmlDocGetRootElement(tree) : NULL;
	size_t abstracts_cap = 0, nums_cap = 0;
	for (const xmlNode *n = root ? root->children : NULL; n; n = n->next) {
		if (is_w(n, "abstractNum"))
			read_abstract(nb, &abstracts_cap, n);
		else if (is_w(n, "num"))
			read_num(nb, &nums_cap, n);
	}
	if (nb->n_abstracts)
		qsort(nb->abstracts, nb->n_abstracts, sizeof(*nb->abstracts), compare_abstract);
	if (nb->n_nums)
		qsort(nb->nums, nb->n_nums, sizeof(*nb->nums), compare_num);
	for (size_t i = 0; i < nb->n_nums; i++) {
		struct abstract_num key = { .id = nb->nums[i].abstract_id };
		nb->nums[i].abstract = nb->n_abstracts
			? bsearch(&key, nb->abstracts, nb->n_abstracts, sizeof(key), compare_abstract)
			: NULL;
	}
}

static void read_style(struct numbering *nb, size_t *cap, const xmlNode *n)
{
	const char *type = w_attr(n, "type");
	const char *id = w_attr(n, "styleId");
	if (!id || (type && strcmp(type, "paragraph") != 0))
		return;
	const xmlNode *num_pr = w_child(w_child(n, "pPr"), "numPr");
	X_GROW(nb->styles, *cap, nb->n_styles + 1);
	nb->styles[nb->n_styles++] = (struct para_style){
		.id = id,
		.based_on = w_child_val(n, "basedOn"),
		.num_id = num_pr ? w_child_val(num_pr, "numId") : NULL,
		.level = num_pr ? w_child_val(num_pr, "ilvl") : NULL,
	};
	const char *is_default = w_attr(n, "default");
	if (is_default && (strcmp(is_default, "1") == 0 || strcmp(is_default, "true") == 0))
		nb->default_style = id;
}

/* Reads word/styles.xml (tree may be NULL: no style numbers). */
static void read_styles(struct numbering *nb, const xmlDoc *tree)
{
	const xmlNode *root = tree ? xmlDocGetRootElement(tree) : NULL;
	size_t cap = 0;
	for (const xmlNode *n = root ? root->children : NULL; n; n = n->next)
		if (is_w(n, "style"))
			read_style(nb, &cap, n);
	if (nb->n_styles)
		qsort(nb->styles, nb->n_styles, sizeof(*nb->styles), compare_style);
}

static const struct para_style *find_style(const struct numbering *nb, const char *id)
{
	if (!id || nb->n_styles == 0)
		return NULL;
	struct para_style key = { .id = id };
	return bsearch(&key, nb->styles, nb->n_styles, sizeof(key), compare_style);
}

static struct num *find_num(const struct numbering *nb, long id)
{
	if (nb->n_nums == 0)
		return NULL;
	struct num key = { .id = id };
	return bsearch(&key, nb->nums, nb->n_nums, sizeof(key), compare_num);
}

/* Fills what the paragraph did not say itself (*num_id, *level still
 * NULL) from its style and the styles that one is based on. */
static void style_numbering(const struct numbering *nb, const char *style_id,
			    const char **num_id, const char **level)
{
	const struct para_style *style = find_style(nb, style_id ? style_id : nb->default_style);
	for (int depth = 0; style && depth < MAX_STYLE_CHAIN; depth++) {
		if (!*num_id)
			*num_id = style->num_id;
		if (!*level)
			*level = style->level;
		style = find_style(nb, style->based_on);
	}
}

/* The list and level of the paragraph whose w:pPr is p_pr (may be NULL),
 * or false when Word does not number it (no w:numId, or w:numId 0). */
static bool paragraph_list(const struct numbering *nb, const xmlNode *p_pr,
			   struct num **num, int *level)
{
	const xmlNode *num_pr = w_child(p_pr, "numPr");
	const char *num_id = num_pr ? w_child_val(num_pr, "numId") : NULL;
	const char *ilvl = num_pr ? w_child_val(num_pr, "ilvl") : NULL;
	style_numbering(nb, w_child_val(p_pr, "pStyle"), &num_id, &ilvl);
	long id, l;
	if (!parse_number(num_id, LONG_MIN, LONG_MAX, &id) || id == 0)
		return false;
	if (!parse_number(ilvl, 0, LEVELS - 1, &l))
		l = 0;
	*num = find_num(nb, id);
	*level = (int)l;
	return *num && (*num)->abstract;
}

/* Whether the level deeper restarts when level shallower is used. */
static bool restarts(const struct num_level *deeper, int shallower)
{
	if (deeper->restart < 0)
		return true;
	return deeper->restart > 0 && shallower + 1 <= deeper->restart;
}

/* Counts one more paragraph at level of num's list. */
static void count(struct num *num, int level)
{
	struct abstract_num *a = num->abstract;
	/* A w:num's start overrides take effect where the w:num is first
	 * used: that is how a list starts again at 1 under a new heading. */
	if (!num->used) {
		for (int l = 0; l < LEVELS; l++)
			if (num->start_override[l] >= 0) {
				a->start_at[l] = num->start_override[l];
				a->started[l] = false;
			}
		num->used = true;
	}
	a->counter[level] = a->started[level] ? a->counter[level] + 1 : a->start_at[level];
	a->started[level] = true;
	for (int deeper = level + 1; deeper < LEVELS; deeper++)
		if (restarts(&a->levels[deeper], level)) {
			a->started[deeper] = false;
			a->start_at[deeper] = a->levels[deeper].start;
		}
}

static void append_roman(struct buf *out, long n, bool upper)
{
	static const struct {
		long value;
		const char *upper, *lower;
	} numerals[] = {
		{ 1000, "M", "m" }, { 900, "CM", "cm" }, { 500, "D", "d" }, { 400, "CD", "cd" },
		{ 100, "C", "c" },  { 90, "XC", "xc" },  { 50, "L", "l" },  { 40, "XL", "xl" },
		{ 10, "X", "x" },   { 9, "IX", "ix" },   { 5, "V", "v" },   { 4, "IV", "iv" },
		{ 1, "I", "i" },
	};
	for (size_t i = 0; i < sizeof(numerals) / sizeof(numerals[0]); i++)
		for (; n >= numerals[i].value; n -= numerals[i].value)
			buf_puts(out, upper ? numerals[i].upper : numerals[i].lower);
}

/* Word's letters: a … z, then aa … zz, then aaa … */
static void append_letters(struct buf *out, long n, bool upper)
{
	char letter = (char)((upper ? 'A' : 'a') + (n - 1) % 26);
	for (long i = 0; i <= (n - 1) / 26; i++)
		buf_putc(out, letter);
}

static void append_number(struct buf *out, long n, enum num_format format)
{
	bool roman = format == FORMAT_UPPER_ROMAN || format == FORMAT_LOWER_ROMAN;
	bool letters = format == FORMAT_UPPER_LETTER || format == FORMAT_LOWER_LETTER;
	if (format == FORMAT_NONE)
		return;
	if (roman && n >= 1 && n < 4000)
		append_roman(out, n, format == FORMAT_UPPER_ROMAN);
	else if (letters && n >= 1 && n <= 26 * 30)
		append_letters(out, n, format == FORMAT_UPPER_LETTER);
	else
		buf_printf(out, "%ld", n);
}

/* What a bullet shows: Word's bullets are often symbols of a font
 * (U+F0B7 in Symbol, "o" or "§" in Wingdings) that mean nothing as
 * text; a dash and a plus keep their meaning in Vietnamese directives. */
static const char *bullet(const char *level_text)
{
	if (level_text && (strcmp(level_text, "-") == 0 || strcmp(level_text, "\xE2\x80\x93") == 0))
		return "-";
	if (level_text && strcmp(level_text, "+") == 0)
		return "+";
	return "\xE2\x80\xA2";   /* • */
}

/* The label Word shows at level of list a ("1.", "II.", "a)", "1.2."). */
static void append_label(struct buf *out, const struct abstract_num *a, int level)
{
	const struct num_level *lvl = &a->levels[level];
	if (lvl->format == FORMAT_BULLET) {
		buf_puts(out, bullet(lvl->text));
		return;
	}
	for (const char *p = lvl->text ? lvl->text : ""; *p; p++) {
		if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
			int l = p[1] - '1';
			long n = a->started[l] ? a->counter[l] : a->start_at[l];
			enum num_format format = a->levels[l].format;
			append_number(out, n, format == FORMAT_BULLET ? FORMAT_DECIMAL : format);
			p++;
		} else {
			buf_putc(out, *p);
		}
	}
}

static void numbering_free(struct numbering *nb)
{
	x_free(nb->abstracts);
	x_free(nb->nums);
	x_free(nb->styles);
}

/* ---- the body ------------------------------------------------------------ */

struct body_reader {
	struct doc *doc;
	size_t cap;
	unsigned index;           /* of the last w:p met, 1-based */
	struct numbering *numbering;
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
	return is_w(n, "pPr") || is_w(n, "rPr") || is_w(n, "del") || is_w(n, "delText") ||
	       is_w(n, "p") || is_fallback(n);
}

/* The text Word shows of the elements from n on, appended to out. */
static void append_text(struct buf *out, const xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || not_text(n))
			continue;
		if (is_w(n, "t"))
			append_text_nodes(out, n);
		else if (is_w(n, "tab") || is_w(n, "br") || is_w(n, "cr"))
			buf_putc(out, ' ');
		else if (is_w(n, "noBreakHyphen"))
			buf_putc(out, '-');
		else
			append_text(out, n->children);
	}
}

/* Whether the paragraph's mark (its end) is a tracked deletion. */
static bool mark_deleted(const xmlNode *p_pr)
{
	return w_child(w_child(p_pr, "rPr"), "del") != NULL;
}

static void read_paragraphs(struct body_reader *r, const xmlNode *n);

static void read_paragraph(struct body_reader *r, const xmlNode *p)
{
	unsigned line = ++r->index;
	struct num *num;
	int level;
	struct buf label = { 0 }, text = { 0 };
	/* Counted even when empty: Word shows an empty numbered paragraph's
	 * number, and the next one comes after it. Not when the paragraph
	 * was deleted with changes tracked: it has no number in the text as
	 * it stands. */
	const xmlNode *p_pr = w_child(p, "pPr");
	if (!mark_deleted(p_pr) && paragraph_list(r->numbering, p_pr, &num, &level)) {
		count(num, level);
		append_label(&label, num->abstract, level);
	}
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
		if (is_w(n, "p"))
			read_paragraph(r, n);
		else
			read_paragraphs(r, n->children);
	}
}

static const xmlNode *find_body(const xmlDoc *document)
{
	const xmlNode *root = xmlDocGetRootElement(document);
	return root && is_w(root, "document") ? w_child(root, "body") : NULL;
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
	struct numbering numbering = { 0 };
	read_numbering(&numbering, parts->numbering);
	read_styles(&numbering, parts->styles);
	struct body_reader reader = { .doc = doc, .numbering = &numbering };
	read_paragraphs(&reader, body->children);
	numbering_free(&numbering);
	return doc_check_not_empty(name, doc, err);
}

int doc_read_docx_buffer(const char *name, const char *data, size_t len,
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
