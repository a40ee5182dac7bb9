/* doc_docx_numbering: the numbers and bullets Word shows before its
 * paragraphs (doc_docx.h), from word/numbering.xml and word/styles.xml.
 *
 * A paragraph is numbered by its own w:numPr or its style's (w:numId,
 * w:ilvl). w:numId names a w:num, which names a w:abstractNum: the look
 * of each of nine levels (w:start, w:numFmt, w:lvlText "%1.%2.",
 * w:lvlRestart), with start values a w:num may override. Counters are
 * kept per w:abstractNum and level, as Word counts on across the w:nums
 * that share one, and a deeper level starts again when a shallower one
 * is used. Ids are looked up in sorted arrays: a hostile numbering.xml
 * may define many. */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "doc_docx.h"

/* Word numbers nine levels deep (w:ilvl 0 to 8). */
#define LEVELS 9
/* Styles are based on styles; a loop among them must end. */
#define MAX_STYLE_CHAIN 16
/* Starting values beyond this are taken as this: no directive numbers
 * that far, and counters then cannot overflow. */
#define MAX_START 1000000L

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
struct docx_abstract_num {
	long id;
	struct num_level levels[LEVELS];
	long counter[LEVELS];
	long start_at[LEVELS];   /* where a level starts next: w:start or an override */
	bool started[LEVELS];
};

/* A w:num: what a paragraph's w:numId names. */
struct docx_num {
	long id;
	long abstract_id;
	struct docx_abstract_num *abstract;   /* NULL when it names none */
	long start_override[LEVELS];          /* -1: none */
	bool used;                            /* overrides applied */
};

/* A paragraph style and the numbering it gives its paragraphs. */
struct docx_style {
	const char *id;
	const char *based_on;
	const char *num_id;   /* NULL: not said here */
	const char *level;
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
	if (!parse_number(docx_child_val(lvl, "start"), 0, MAX_START, &level->start))
		level->start = 0;   /* the standard's default */
	level->format = parse_format(docx_child_val(lvl, "numFmt"));
	level->text = docx_child_val(lvl, "lvlText");
	if (!parse_number(docx_child_val(lvl, "lvlRestart"), 0, LEVELS, &level->restart))
		level->restart = -1;
}

static void read_abstract(struct docx_numbering *nb, size_t *cap, const xmlNode *n)
{
	long id;
	if (!parse_number(docx_attr(n, "abstractNumId"), LONG_MIN, LONG_MAX, &id))
		return;
	X_GROW(nb->abstracts, *cap, nb->n_abstracts + 1);
	struct docx_abstract_num *a = &nb->abstracts[nb->n_abstracts++];
	memset(a, 0, sizeof(*a));
	a->id = id;
	for (const xmlNode *c = n->children; c; c = c->next) {
		long ilvl;
		if (docx_is_w(c, "lvl") && parse_number(docx_attr(c, "ilvl"), -1, LEVELS, &ilvl) &&
		    ilvl >= 0 && ilvl < LEVELS)
			read_level(c, &a->levels[ilvl]);
	}
	for (int l = 0; l < LEVELS; l++)
		a->start_at[l] = a->levels[l].start;
}

static void read_num_overrides(const xmlNode *n, struct docx_num *num)
{
	for (int l = 0; l < LEVELS; l++)
		num->start_override[l] = -1;
	for (const xmlNode *c = n->children; c; c = c->next) {
		long ilvl, start;
		if (docx_is_w(c, "lvlOverride") && parse_number(docx_attr(c, "ilvl"), -1, LEVELS, &ilvl) &&
		    ilvl >= 0 && ilvl < LEVELS &&
		    parse_number(docx_child_val(c, "startOverride"), 0, MAX_START, &start))
			num->start_override[ilvl] = start;
	}
}

static void read_num(struct docx_numbering *nb, size_t *cap, const xmlNode *n)
{
	long id, abstract_id;
	if (!parse_number(docx_attr(n, "numId"), LONG_MIN, LONG_MAX, &id) ||
	    !parse_number(docx_child_val(n, "abstractNumId"), LONG_MIN, LONG_MAX, &abstract_id))
		return;
	X_GROW(nb->nums, *cap, nb->n_nums + 1);
	struct docx_num *num = &nb->nums[nb->n_nums++];
	memset(num, 0, sizeof(*num));
	num->id = id;
	num->abstract_id = abstract_id;
	read_num_overrides(n, num);
}

static int compare_abstract(const void *a, const void *b)
{
	long x = ((const struct docx_abstract_num *)a)->id, y = ((const struct docx_abstract_num *)b)->id;
	return (x > y) - (x < y);
}

static int compare_num(const void *a, const void *b)
{
	long x = ((const struct docx_num *)a)->id, y = ((const struct docx_num *)b)->id;
	return (x > y) - (x < y);
}

static int compare_style(const void *a, const void *b)
{
	return strcmp(((const struct docx_style *)a)->id, ((const struct docx_style *)b)->id);
}

/* Reads word/numbering.xml (tree may be NULL: nothing is numbered), and
 * ties each w:num to its w:abstractNum. Sorted, to be looked up by id. */
static void read_numbering(struct docx_numbering *nb, const xmlDoc *tree)
{
	const xmlNode *root = tree ? xmlDocGetRootElement(tree) : NULL;
	size_t abstracts_cap = 0, nums_cap = 0;
	for (const xmlNode *n = root ? root->children : NULL; n; n = n->next) {
		if (docx_is_w(n, "abstractNum"))
			read_abstract(nb, &abstracts_cap, n);
		else if (docx_is_w(n, "num"))
			read_num(nb, &nums_cap, n);
	}
	if (nb->n_abstracts)
		qsort(nb->abstracts, nb->n_abstracts, sizeof(*nb->abstracts), compare_abstract);
	if (nb->n_nums)
		qsort(nb->nums, nb->n_nums, sizeof(*nb->nums), compare_num);
	for (size_t i = 0; i < nb->n_nums; i++) {
		struct docx_abstract_num key = { .id = nb->nums[i].abstract_id };
		nb->nums[i].abstract = nb->n_abstracts
			? bsearch(&key, nb->abstracts, nb->n_abstracts, sizeof(key), compare_abstract)
			: NULL;
	}
}

static void read_style(struct docx_numbering *nb, size_t *cap, const xmlNode *n)
{
	const char *type = docx_attr(n, "type");
	const char *id = docx_attr(n, "styleId");
	if (!id || (type && strcmp(type, "paragraph") != 0))
		return;
	const xmlNode *num_pr = docx_child(docx_child(n, "pPr"), "numPr");
	X_GROW(nb->styles, *cap, nb->n_styles + 1);
	nb->styles[nb->n_styles++] = (struct docx_style){
		.id = id,
		.based_on = docx_child_val(n, "basedOn"),
		.num_id = num_pr ? docx_child_val(num_pr, "numId") : NULL,
		.level = num_pr ? docx_child_val(num_pr, "ilvl") : NULL,
	};
	const char *is_default = docx_attr(n, "default");
	if (is_default && (strcmp(is_default, "1") == 0 || strcmp(is_default, "true") == 0))
		nb->default_style = id;
}

/* Reads word/styles.xml (tree may be NULL: no style numbers). */
static void read_styles(struct docx_numbering *nb, const xmlDoc *tree)
{
	const xmlNode *root = tree ? xmlDocGetRootElement(tree) : NULL;
	size_t cap = 0;
	for (const xmlNode *n = root ? root->children : NULL; n; n = n->next)
		if (docx_is_w(n, "style"))
			read_style(nb, &cap, n);
	if (nb->n_styles)
		qsort(nb->styles, nb->n_styles, sizeof(*nb->styles), compare_style);
}

static const struct docx_style *find_style(const struct docx_numbering *nb, const char *id)
{
	if (!id || nb->n_styles == 0)
		return NULL;
	struct docx_style key = { .id = id };
	return bsearch(&key, nb->styles, nb->n_styles, sizeof(key), compare_style);
}

static struct docx_num *find_num(const struct docx_numbering *nb, long id)
{
	if (nb->n_nums == 0)
		return NULL;
	struct docx_num key = { .id = id };
	return bsearch(&key, nb->nums, nb->n_nums, sizeof(key), compare_num);
}

/* Fills what the paragraph did not say itself (*num_id, *level still
 * NULL) from its style and the styles that one is based on. */
static void style_numbering(const struct docx_numbering *nb, const char *style_id,
			    const char **num_id, const char **level)
{
	const struct docx_style *style = find_style(nb, style_id ? style_id : nb->default_style);
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
static bool paragraph_list(const struct docx_numbering *nb, const xmlNode *p_pr,
			   struct docx_num **num, int *level)
{
	const xmlNode *num_pr = docx_child(p_pr, "numPr");
	const char *num_id = num_pr ? docx_child_val(num_pr, "numId") : NULL;
	const char *ilvl = num_pr ? docx_child_val(num_pr, "ilvl") : NULL;
	style_numbering(nb, docx_child_val(p_pr, "pStyle"), &num_id, &ilvl);
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
static void count(struct docx_num *num, int level)
{
	struct docx_abstract_num *a = num->abstract;
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
static void append_label(struct buf *out, const struct docx_abstract_num *a, int level)
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

void docx_numbering_free(struct docx_numbering *nb)
{
	x_free(nb->abstracts);
	x_free(nb->nums);
	x_free(nb->styles);
}

void docx_numbering_read(struct docx_numbering *nb, const xmlDoc *numbering,
			 const xmlDoc *styles)
{
	memset(nb, 0, sizeof(*nb));
	read_numbering(nb, numbering);
	read_styles(nb, styles);
}

void docx_numbering_label(struct docx_numbering *nb, const xmlNode *p_pr,
			  struct buf *label)
{
	struct docx_num *num;
	int level;
	if (paragraph_list(nb, p_pr, &num, &level)) {
		count(num, level);
		append_label(label, num->abstract, level);
	}
}
