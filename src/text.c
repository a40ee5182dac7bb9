/* text: UTF-8 validation, NFC, search folding, display width, truncation,
 * wrapping and the terminal-safe sanitiser.
 *
 * Unicode data (normalisation, case folding, categories, widths) comes from
 * utf8proc; this file only adds fast paths for the text a plan is made of,
 * which is mostly ASCII and precomposed Vietnamese. */
#include "kehoach/text.h"

#include <stdio.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include <utf8proc.h>

#define REPLACEMENT_CHAR 0xFFFD

/* Folding looks code points below this up in a table built once; it covers
 * Latin, combining marks, Greek, Cyrillic, Latin Extended Additional (the
 * precomposed Vietnamese letters) and General Punctuation. */
#define FOLD_TABLE_SIZE 0x2100
/* A table entry's length when the replacement is too long for it. */
#define FOLD_SLOW 0xFF
/* Enough for the longest compatibility decomposition (U+FDFA, 18 code
 * points), each of them case-folded. */
#define FOLD_MAX_PARTS 64
#define FOLD_MAX_BYTES (FOLD_MAX_PARTS * 4)
/* Folding writes into a chunk on the stack and appends it to the caller's
 * buffer when fewer than FOLD_MAX_BYTES + 8 bytes are left. */
#define FOLD_CHUNK 8192
#define FOLD_FLUSH_AT (FOLD_CHUNK - FOLD_MAX_BYTES - 8)

/* Compatibility decomposition, marks and default-ignorables (ZWSP, soft
 * hyphen, bidi controls) dropped, look-alike punctuation lumped (– → -). */
#define FOLD_DECOMPOSE_OPTIONS \
	(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK | \
	 UTF8PROC_IGNORE | UTF8PROC_LUMP)

#define HIGH_BITS UINT64_C(0x8080808080808080)
#define LOW_BITS UINT64_C(0x0101010101010101)

/* Decodes one well-formed UTF-8 sequence of at most avail bytes at p into
 * *cp. Returns its length, or 0 when it is malformed (overlong, surrogate,
 * above U+10FFFF, truncated). Each byte is checked before the next is read,
 * so a NUL terminator is never read past. A NUL byte decodes as U+0000. */
static size_t utf8_decode(const unsigned char *p, size_t avail, int32_t *cp)
{
	unsigned char c = p[0];
	size_t n;
	int32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		v = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		v = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (avail < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

/* The two- and three-byte sequences that cannot be overlong or
 * surrogates (all of Vietnamese's letters and marks), decoded without
 * utf8_decode()'s general checks: the code point in *cp and the length,
 * or 0 for anything else (ASCII, other or broken sequences), which goes
 * the long way. Text is sanitised and measured over and over (a month's
 * report is 30 MB of it). A byte after the lead is read only while the
 * ones before continue it, so a NUL is never read past. */
static inline size_t decode_short(const unsigned char *p, int32_t *cp)
{
	unsigned c = p[0];
	if (c >= 0xC2 && c <= 0xDF && (p[1] & 0xC0) == 0x80) {
		*cp = (int32_t)((c & 0x1F) << 6 | (p[1] & 0x3F));
		return 2;
	}
	if (c >= 0xE1 && c <= 0xEC && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		*cp = (int32_t)((c & 0x0F) << 12 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F));
		return 3;
	}
	return 0;
}

/* True when any of the 8 bytes at p has its high bit set or is NUL. */
static bool word_has_high_or_nul(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return ((v & HIGH_BITS) | ((v - LOW_BITS) & ~v & HIGH_BITS)) != 0;
}

bool text_valid_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;

	while (p < end) {
		/* Plain ASCII eight bytes at a time. */
		while (end - p >= 8 && !word_has_high_or_nul(p))
			p += 8;
		if (p == end)
			break;
		int32_t cp;
		size_t n = utf8_decode(p, (size_t)(end - p), &cp);
		if (n == 0 || cp == 0)
			return false;
		p += n;
	}
	return true;
}

int32_t text_next_codepoint(const char **s)
{
	int32_t cp;
	size_t n = utf8_decode((const unsigned char *)*s, 4, &cp);
	if (n == 0) {
		cp = REPLACEMENT_CHAR;
		n = 1;
	}
	*s += n;
	return cp;
}

size_t text_encode_codepoint(int32_t cp, char out[TEXT_UTF8_SIZE])
{
	size_t n;
	if (cp < 0x80) {
		out[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	out[n] = '\0';
	return n;
}

/* ------------------------------------------------------------------ NFC */

/* The NFC quick check accepts strings whose code points are all below
 * U+0300, in U+1E00–U+1EFF or in U+2002–U+20BF: ASCII, Vietnamese in NFC,
 * and the quotes, dashes, spaces and ₫ around it. None of those has a
 * canonical decomposition that NFC applies, a non-zero combining class, or
 * can be the second half of a composition, so no string of them changes
 * under NFC (tests/test_text.c checks this against utf8proc).
 *
 * It looks at byte pairs, without decoding and without branches, because
 * in Vietnamese text ASCII and multi-byte characters alternate too
 * irregularly for branches to be predicted. A pair (a, b) is rejected when
 * nfc_first[a] & nfc_second[b] is non-zero; each bit is one reason. */
enum {
	NFC_LEAD = 1 << 0,  /* a leads a sequence outside the set, any b */
	NFC_E1 = 1 << 1,    /* a is E1 and b is not B8–BB (not U+1E00–U+1EFF) */
	NFC_E2 = 1 << 2,    /* a is E2 and b is not 80–82 (not U+2000–U+20BF) */
	NFC_2000 = 1 << 3,  /* a b is 80 80 or 80 81: the end of U+2000 or
			     * U+2001, singletons NFC replaces; every other
			     * place the pair can occur is rejected anyway */
};

static unsigned char nfc_first[256];
static unsigned char nfc_second[256];
/* Filled once, whichever thread asks first (the sync reads plans on a
 * thread of its own). */
static pthread_once_t nfc_tables_once = PTHREAD_ONCE_INIT;

static void nfc_tables_fill(void)
{
	for (int b = 0; b < 256; b++) {
		unsigned char first = 0, second = NFC_LEAD;
		if ((b >= 0xCC && b <= 0xE0) || b >= 0xE3)
			first |= NFC_LEAD;
		if (b == 0xE1)
			first |= NFC_E1;
		if (b == 0xE2)
			first |= NFC_E2;
		if (b == 0x80)
			first |= NFC_2000;
		if (b < 0xB8 || b > 0xBB)
			second |= NFC_E1;
		if (b < 0x80 || b > 0x82)
			second |= NFC_E2;
		if (b == 0x80 || b == 0x81)
			second |= NFC_2000;
		nfc_first[b] = first;
		nfc_second[b] = second;
	}
}

static void nfc_tables_init(void)
{
	pthread_once(&nfc_tables_once, nfc_tables_fill);
}

/* True when s (len bytes and its NUL) is certainly NFC; false when it may
 * not be. Invalid UTF-8 may pass: text_nfc() copies that unchanged
 * either way. */
static bool nfc_quick_check(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned bad = 0;

	nfc_tables_init();
	/* The last pair is the last byte and the NUL. */
	for (size_t i = 0; i < len; i++)
		bad |= nfc_first[p[i]] & nfc_second[p[i + 1]];
	return bad == 0;
}

/* NFC by utf8proc, into memory of our own allocator (utf8proc_NFC would
 * return malloc()ed memory and hide allocation failure behind NULL). */
static char *nfc_slow(const char *s, size_t len)
{
	const utf8proc_option_t options = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
	const utf8proc_uint8_t *in = (const utf8proc_uint8_t *)s;

	utf8proc_ssize_t count = utf8proc_decompose(in, (utf8proc_ssize_t)len,
						    NULL, 0, options);
	if (count < 0)
		return x_strndup(s, len);       /* invalid UTF-8: left as is */
	/* utf8proc_reencode() writes the UTF-8 over the code points, which
	 * needs one spare byte for the NUL. */
	int32_t *cps = x_malloc(((size_t)count + 1) * sizeof(*cps));
	utf8proc_ssize_t got = utf8proc_decompose(in, (utf8proc_ssize_t)len,
						  cps, count, options);
	utf8proc_ssize_t bytes = -1;
	if (got == count)
		bytes = utf8proc_reencode(cps, got, options);
	if (bytes < 0) {
		x_free(cps);
		return x_strndup(s, len);
	}
	return x_realloc(cps, (size_t)bytes + 1);
}

bool text_is_nfc_quick(const char *s, size_t len)
{
	return nfc_quick_check(s, len);
}

char *text_nfc(const char *s)
{
	size_t len = strlen(s);
	if (nfc_quick_check(s, len))
		return x_strndup(s, len);
	return nfc_slow(s, len);
}

/* -------------------------------------------------------------- folding */

/* Copied to the output whole (8 bytes, one store), of which len count. */
struct fold_entry {
	char bytes[6];
	unsigned char len;          /* bytes used, or FOLD_SLOW */
	unsigned char space;        /* white space: bytes is " " */
};

static struct fold_entry fold_table[FOLD_TABLE_SIZE];
/* ASCII folded: lower case, every white space character as ' '. */
static unsigned char fold_ascii[0x80];
static pthread_once_t fold_table_once = PTHREAD_ONCE_INIT;

/* True for code points folding turns into (part of) one space. */
static bool fold_is_space(int32_t cp)
{
	if (cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85)
		return true;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return true;
	default:
		return false;
	}
}

/* Decomposes cp with options into parts (FOLD_MAX_PARTS); returns how many,
 * or keeps cp itself when utf8proc cannot decompose it. */
static size_t fold_decompose(int32_t cp, int32_t *parts,
			     utf8proc_option_t options)
{
	utf8proc_ssize_t n = utf8proc_decompose_char(cp, parts, FOLD_MAX_PARTS,
						     options, NULL);
	if (n < 0 || n > FOLD_MAX_PARTS) {
		parts[0] = cp;
		return 1;
	}
	return (size_t)n;
}

/* Writes the folded form of cp (not white space) to dst, which holds
 * FOLD_MAX_BYTES; returns its length, 0 for a mark or other character that
 * folds to nothing.
 *
 * Decomposition comes before case folding so that a precomposed letter and
 * its NFD spelling fold alike even when a mark would case-fold to a letter
 * (U+0345 in "ᾳ"). Spaces from compatibility decompositions of spacing
 * accents ("´" is " " + U+0301) are dropped with the accent. */
static size_t fold_codepoint(int32_t cp, char *dst)
{
	int32_t base[FOLD_MAX_PARTS], folded[FOLD_MAX_PARTS];
	size_t len = 0;
	size_t nbase = fold_decompose(cp, base, FOLD_DECOMPOSE_OPTIONS);

	for (size_t i = 0; i < nbase; i++) {
		size_t n = fold_decompose(base[i], folded,
					  FOLD_DECOMPOSE_OPTIONS |
					  UTF8PROC_CASEFOLD);
		for (size_t j = 0; j < n; j++) {
			int32_t c = folded[j];
			if (c == ' ')
				continue;
			/* đ has no decomposition, yet "dang" must find
			 * "Đảng"; Đ has case-folded to đ by now. */
			if (c == 0x0111)
				c = 'd';
			if (len + 4 > FOLD_MAX_BYTES)
				return len;
			len += (size_t)utf8proc_encode_char(
				c, (utf8proc_uint8_t *)dst + len);
		}
	}
	return len;
}

static void fold_table_fill(void)
{
	for (int32_t cp = 0; cp < FOLD_TABLE_SIZE; cp++) {
		struct fold_entry *e = &fold_table[cp];
		char tmp[FOLD_MAX_BYTES];
		if (fold_is_space(cp)) {
			e->bytes[0] = ' ';
			e->len = 1;
			e->space = 1;
			continue;
		}
		size_t n = fold_codepoint(cp, tmp);
		if (n <= sizeof(e->bytes)) {
			memcpy(e->bytes, tmp, n);
			e->len = (unsigned char)n;
		} else {
			e->len = FOLD_SLOW;
		}
	}
	for (int c = 0; c < 0x80; c++) {
		const struct fold_entry *e = &fold_table[c];
		fold_ascii[c] = e->len == 1 ? (unsigned char)e->bytes[0]
					    : (unsigned char)c;
	}
}

static void fold_table_init(void)
{
	pthread_once(&fold_table_once, fold_table_fill);
}

/* Where folding writes next, and whether the byte before is a space that
 * a following one joins. Helpers take and return it by value: behind a
 * pointer it would live in memory, and every byte written (a char store,
 * which may alias anything) would force it to be reloaded. */
struct fold_pos {
	char *dst;
	unsigned after_space;
};

/* Folds the run of ASCII at *p, up to NUL, non-ASCII or limit. */
static struct fold_pos fold_ascii_run(struct fold_pos w,
				      const unsigned char **p,
				      const char *limit)
{
	const unsigned char *q = *p;
	unsigned c = *q;

	/* Branch-free: a space is always stored, but only kept (dst moves)
	 * when the previous byte was not one. c - 1 < 0x7F is 1 to 0x7F. */
	while (c - 1 < 0x7F && w.dst < limit) {
		unsigned char f = fold_ascii[c];
		unsigned is_space = f == ' ';
		*w.dst = (char)f;
		w.dst += !(is_space & w.after_space);
		w.after_space = is_space;
		c = *++q;
	}
	*p = q;
	return w;
}

/* Writes a table entry: all 8 bytes in one store, then keeps its length,
 * or nothing for a space after a space. An empty replacement (a mark)
 * leaves a run of white space around it one run. */
static struct fold_pos fold_put_entry(struct fold_pos w,
				      const struct fold_entry *e)
{
	unsigned len = e->len;
	memcpy(w.dst, e, sizeof(*e));
	w.dst += len & -(unsigned)!(e->space & w.after_space);
	w.after_space = e->space | (w.after_space & (len == 0));
	return w;
}

/* Folds any code point, the slow way when it is not in the table. */
static struct fold_pos fold_one(struct fold_pos w, int32_t cp)
{
	if (cp < FOLD_TABLE_SIZE && fold_table[cp].len != FOLD_SLOW)
		return fold_put_entry(w, &fold_table[cp]);
	if (fold_is_space(cp))
		return fold_put_entry(w, &fold_table[' ']);
	size_t n = fold_codepoint(cp, w.dst);
	if (n > 0) {
		w.dst += n;
		w.after_space = 0;
	}
	return w;
}

/* Folds the code point at *p, which starts with a non-ASCII byte. The
 * two- and three-byte sequences that cover the table are decoded without
 * branching on their length, which in Vietnamese changes from one letter
 * to the next; anything else (malformed, four bytes, past the table) goes
 * the slow way. */
static struct fold_pos fold_multibyte(struct fold_pos w,
				      const unsigned char **p)
{
	const unsigned char *q = *p;
	unsigned c = q[0], c1 = q[1];
	unsigned c2 = q[1 + (c1 != 0)];         /* never past the NUL */
	unsigned three = c >= 0xE0;
	unsigned cp2 = ((c & 0x1F) << 6) | (c1 & 0x3F);
	unsigned cp3 = ((c & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (c2 & 0x3F);
	unsigned cp = three ? cp3 : cp2;
	unsigned ok = (c >= 0xC2) & (c < 0xF0) & ((c1 & 0xC0) == 0x80) &
		      ((three ^ 1) | (((c2 & 0xC0) == 0x80) & (cp >= 0x800))) &
		      (cp < FOLD_TABLE_SIZE);

	if (ok && fold_table[cp].len != FOLD_SLOW) {
		*p = q + 2 + three;
		return fold_put_entry(w, &fold_table[cp]);
	}
	int32_t slow;
	size_t n = utf8_decode(q, 4, &slow);
	if (n == 0) {
		slow = REPLACEMENT_CHAR;
		n = 1;
	}
	*p = q + n;
	return fold_one(w, slow);
}

void text_fold_append(struct buf *out, const char *s)
{
	/* Collected on the stack, appended to out in large pieces. There
	 * is always room for one slow replacement and an 8-byte store
	 * before the chunk is flushed. */
	char chunk[FOLD_CHUNK];
	struct fold_pos w = {chunk, 0};
	const unsigned char *p = (const unsigned char *)s;

	fold_table_init();
	for (;;) {
		w = fold_ascii_run(w, &p, chunk + FOLD_CHUNK - 1);
		if (w.dst - chunk > FOLD_FLUSH_AT) {
			buf_append(out, chunk, (size_t)(w.dst - chunk));
			w.dst = chunk;
			continue;
		}
		if (!*p)
			break;
		w = fold_multibyte(w, &p);
	}
	buf_append(out, chunk, (size_t)(w.dst - chunk));
}

/* Bumped whenever text_fold() folds anything differently. */
#define TEXT_FOLD_RULES 1

void text_fold_version(char *out, size_t size)
{
	snprintf(out, size, "fold %d, utf8proc %s, Unicode %s", TEXT_FOLD_RULES,
		 utf8proc_version(), utf8proc_unicode_version());
}

char *text_fold(const char *s)
{
	struct buf b = {0};
	text_fold_append(&b, s);
	return buf_steal(&b);
}

/* s with each character mapped by change_case, in NFC. */
static char *text_map_case(const char *s, utf8proc_int32_t (*change_case)(utf8proc_int32_t))
{
	struct buf mapped = {0};
	const char *p = s;
	while (*p) {
		utf8proc_uint8_t bytes[4];
		utf8proc_ssize_t n = utf8proc_encode_char(change_case(text_next_codepoint(&p)), bytes);
		buf_append(&mapped, (const char *)bytes, (size_t)n);
	}
	char *nfc = text_nfc(buf_str(&mapped));
	buf_free(&mapped);
	return nfc;
}

char *text_upper(const char *s)
{
	return text_map_case(s, utf8proc_toupper);
}

char *text_lower(const char *s)
{
	return text_map_case(s, utf8proc_tolower);
}

/* ------------------------------------------------------------ sanitiser */

/* What the sanitiser writes for one piece of its input: either the input
 * bytes themselves (bytes points into the input) or a replacement. */
struct piece {
	const char *bytes;
	size_t len;
	size_t width;               /* display columns */
	char esc[16];               /* room for "<U+10FFFF>" */
};

static void piece_raw(struct piece *pc, const char *s, size_t len,
		      size_t width)
{
	pc->bytes = s;
	pc->len = len;
	pc->width = width;
}

/* A replacement made of ASCII, so its width is its length. */
static void piece_text(struct piece *pc, const char *text)
{
	pc->bytes = text;
	pc->len = strlen(text);
	pc->width = pc->len;
}

/* True for code points that must not reach a terminal raw: controls
 * (C1 included), format characters (bidi controls, zero-width characters,
 * soft hyphen), line and paragraph separators, private use, surrogates and
 * unassigned code points, whose look the terminal cannot be trusted on. */
static bool must_escape(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_CC:
	case UTF8PROC_CATEGORY_CF:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_CO:
	case UTF8PROC_CATEGORY_CS:
	case UTF8PROC_CATEGORY_CN:
		return true;
	default:
		return false;
	}
}

/* Columns of a code point that is shown raw. */
static size_t codepoint_width(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 0x20 && cp < 0x7F;
	int w = utf8proc_charwidth(cp);
	return w > 0 ? (size_t)w : 0;
}

/* What must_escape() and codepoint_width() say of a code point: its
 * width + 1, and CP_ESCAPE when it must be escaped. Below CP_MEMO (Latin
 * with all of Vietnamese's letters and marks) each code point is asked
 * of utf8proc once and remembered: text is sanitised and measured over
 * and over (a monthly report of 100,000 assignments, 30 MB of it), and
 * the two lookups were a third of the cost. Relaxed atomics: threads
 * may fill an entry at once, with the same value. */
#define CP_MEMO 0x2000
#define CP_WIDTH 0x0F
#define CP_ESCAPE 0x80
static _Atomic unsigned char cp_memo[CP_MEMO];

static __attribute__((noinline)) unsigned find_codepoint_facts(int32_t cp)
{
	unsigned facts = (must_escape(cp) ? CP_ESCAPE : 0u) |
			 (1u + (unsigned)codepoint_width(cp));
	if (cp >= 0 && cp < CP_MEMO)
		atomic_store_explicit(&cp_memo[cp], (unsigned char)facts,
				      memory_order_relaxed);
	return facts;
}

/* Inline for what is remembered: sanitising and wrapping ask for each of
 * some 9 million code points of a month's report (callgrind: the call
 * was a third of the answer's instructions). */
static inline unsigned codepoint_facts(int32_t cp)
{
	if (cp >= 0 && cp < CP_MEMO) {
		unsigned facts = atomic_load_explicit(&cp_memo[cp], memory_order_relaxed);
		if (facts)
			return facts;
	}
	return find_codepoint_facts(cp);
}

/* codepoint_width(), remembered. */
static size_t known_width(int32_t cp)
{
	return (codepoint_facts(cp) & CP_WIDTH) - 1;
}

/* An ASCII control character: tab as a space, '\n' kept when asked, the
 * rest in caret notation (ESC is "^[", DEL is "^?"). */
static void sanitize_control(const char *s, unsigned flags, struct piece *pc)
{
	unsigned char c = (unsigned char)*s;
	if (c == '\t') {
		piece_text(pc, " ");
	} else if (c == '\n' && (flags & TEXT_KEEP_NEWLINES)) {
		piece_raw(pc, s, 1, 0);
	} else {
		pc->esc[0] = '^';
		pc->esc[1] = (char)(c ^ 0x40);
		pc->esc[2] = '\0';
		piece_text(pc, pc->esc);
	}
}

/* Reads the piece at s (not at its end) into pc; returns the input after
 * it. Printable ASCII comes as one piece per run. */
static const char *sanitize_piece(const char *s, unsigned flags,
				  struct piece *pc)
{
	const unsigned char *p = (const unsigned char *)s;

	if (*p >= 0x20 && *p < 0x7F) {
		const unsigned char *q = p + 1;
		while (*q >= 0x20 && *q < 0x7F)
			q++;
		piece_raw(pc, s, (size_t)(q - p), (size_t)(q - p));
		return (const char *)q;
	}
	if (*p < 0x80) {
		sanitize_control(s, flags, pc);
		return s + 1;
	}
	int32_t cp;
	size_t n = utf8_decode(p, 4, &cp);
	if (n == 0) {
		snprintf(pc->esc, sizeof(pc->esc), "<%02X>", *p);
		piece_text(pc, pc->esc);
		return s + 1;
	}
	unsigned facts = codepoint_facts(cp);
	if (facts & CP_ESCAPE) {
		snprintf(pc->esc, sizeof(pc->esc), "<U+%04X>", (unsigned)cp);
		piece_text(pc, pc->esc);
	} else {
		piece_raw(pc, s, n, (facts & CP_WIDTH) - 1);
	}
	return s + n;
}

/* How many bytes at p the sanitiser keeps as they are, found without
 * making a piece of each: printable ASCII, and what decode_short()
 * decodes that needs no escape. */
static size_t kept_as_is(const unsigned char *p)
{
	const unsigned char *start = p;
	for (;;) {
		int32_t cp;
		size_t n;
		if (*p >= 0x20 && *p < 0x7F)
			p++;
		else if (*p >= 0x80 && (n = decode_short(p, &cp)) != 0 &&
			 !(codepoint_facts(cp) & CP_ESCAPE))
			p += n;
		else
			return (size_t)(p - start);
	}
}

void text_sanitize_append(struct buf *out, const char *s, unsigned flags)
{
	/* Raw pieces are appended as one run, up to the next replacement. */
	const char *run = s;
	struct piece pc;

	while (*s) {
		s += kept_as_is((const unsigned char *)s);
		if (!*s)
			break;
		const char *next = sanitize_piece(s, flags, &pc);
		if (pc.bytes != s) {
			buf_append(out, run, (size_t)(s - run));
			buf_append(out, pc.bytes, pc.len);
			run = next;
		}
		s = next;
	}
	buf_append(out, run, (size_t)(s - run));
}

char *text_sanitize(const char *s, unsigned flags)
{
	struct buf b = {0};
	text_sanitize_append(&b, s, flags);
	return buf_steal(&b);
}

size_t text_width(const char *s)
{
	size_t width = 0;
	struct piece pc;
	while (*s) {
		s = sanitize_piece(s, 0, &pc);
		width += pc.width;
	}
	return width;
}

/* ------------------------------------------- truncating and wrapping */

/* Truncating and wrapping walk sanitised text one code point at a time and
 * cut only where the next code point would not fit. A combining mark is
 * zero columns wide, so it always fits where the character before it did:
 * no cut ever separates a letter from its accents. */

/* The end of the word of sanitised text at s (the next space, or end)
 * and its columns in *width, in one pass: wrapping measures every word
 * of a report (30 MB for a month of 100,000 assignments). ASCII is a
 * column a byte: sanitised text has no control character left in a
 * line (text_sanitize_append() writes them in caret notation); what
 * decode_short() cannot decode goes through text_next_codepoint(). */
static const char *measure_word(const char *s, const char *end, size_t *width)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *e = (const unsigned char *)end;
	size_t columns = 0;
	while (p < e && *p != ' ') {
		int32_t cp;
		size_t n;
		if (*p < 0x80) {
			columns++;
			p++;
		} else if ((n = decode_short(p, &cp)) != 0) {
			columns += known_width(cp);
			p += n;
		} else {
			const char *q = (const char *)p;
			columns += known_width(text_next_codepoint(&q));
			p = (const unsigned char *)q;
		}
	}
	*width = columns;
	return (const char *)p;
}

char *text_truncate(const char *s, size_t width)
{
	char *clean = text_sanitize(s, 0);
	const char *p = clean;
	const char *cut = clean;    /* end of the longest prefix that leaves
				     * one column for the ellipsis */
	size_t used = 0;

	if (width == 0) {
		clean[0] = '\0';
		return clean;
	}
	while (*p) {
		const char *next = p;
		used += known_width(text_next_codepoint(&next));
		if (used > width) {
			struct buf b = {0};
			buf_append(&b, clean, (size_t)(cut - clean));
			buf_puts(&b, "\xE2\x80\xA6");   /* … */
			x_free(clean);
			return buf_steal(&b);
		}
		if (used <= width - 1)
			cut = next;
		p = next;
	}
	return clean;
}

/* Lines being cut by text_wrap_each(). Every line is one span of the
 * text: a line is a run of words with the spaces between them as they
 * are, and the spaces at a break are dropped between two lines, never
 * inside one. So a line is where it starts and its length, and no byte
 * is copied until the caller writes it where it goes (a month's report
 * wraps 30 MB; copying each word into a line, then each line into a
 * string of its own, was a fifth of the report's time). */
struct wrap {
	size_t width;               /* the limit */
	const char *line;           /* the line being filled: where it starts */
	size_t len;                 /* ... its bytes so far */
	size_t line_width;
	text_line_fn on_line;
	void *ctx;
};

static void wrap_end_line(struct wrap *w)
{
	w->on_line(w->ctx, w->len ? w->line : "", w->len);
	w->len = 0;
	w->line_width = 0;
}

/* Adds s[0..end) to the line: s follows the line's last byte, or starts
 * an empty line. */
static void wrap_add(struct wrap *w, const char *s, const char *end,
		     size_t width)
{
	if (w->len == 0)
		w->line = s;
	w->len += (size_t)(end - s);
	w->line_width += width;
}

/* Places a word wider than the limit, code point by code point, starting
 * on the current line. A mark (no width) stays with its letter even when
 * the letter alone is wider than the line: a wide character at width 1. */
static void wrap_long_word(struct wrap *w, const char *s, const char *end)
{
	while (s < end) {
		const char *next = s;
		size_t cw = known_width(text_next_codepoint(&next));
		if (w->len > 0 && cw > 0 && w->line_width + cw > w->width)
			wrap_end_line(w);
		wrap_add(w, s, next, cw);
		s = next;
	}
}

/* Wraps one line of sanitised text, s[0..end) (no '\n'), greedily at
 * spaces; the spaces at a break are dropped. Adds at least one line. */
static void wrap_paragraph(struct wrap *w, const char *s, const char *end)
{
	const char *p = s;
	bool first = true;

	for (;;) {
		const char *gap = p;
		while (p < end && *p == ' ')
			p++;
		/* Leading spaces are indentation: they stay with the first
		 * word instead of being a place to break. */
		const char *word = first ? gap : p;
		size_t gap_width = (size_t)(word - gap);
		first = false;
		/* No code point is wider than its bytes: when the rest of the
		 * paragraph has no more bytes than the line has columns left,
		 * it fits whole, as the words one by one would (each with the
		 * spaces before it, the trailing ones kept), and is not
		 * measured. Most of a report's lines are short, or the end of
		 * a longer text. */
		if (w->line_width + gap_width + (size_t)(end - word) <= w->width) {
			/* The line ends here: its width is not needed after. */
			wrap_add(w, gap, end, gap_width + (size_t)(end - word));
			break;
		}
		/* A first word's leading spaces: a column each. */
		size_t word_width = (size_t)(p - word), letters;
		p = measure_word(p, end, &letters);
		word_width += letters;
		if (word == p) {
			/* Only trailing spaces left: kept if they fit. */
			if (w->line_width + gap_width <= w->width)
				wrap_add(w, gap, p, gap_width);
			break;
		}
		if (w->len > 0 &&
		    w->line_width + gap_width + word_width <= w->width) {
			wrap_add(w, gap, p, gap_width + word_width);
			continue;
		}
		if (w->len > 0)
			wrap_end_line(w);
		if (word_width <= w->width)
			wrap_add(w, word, p, word_width);
		else
			wrap_long_word(w, word, p);
	}
	wrap_end_line(w);
}

char **text_wrap(const char *s, size_t width)
{
	char *clean = text_sanitize(s, TEXT_KEEP_NEWLINES);
	char **lines = text_wrap_sanitized(clean, width);
	x_free(clean);
	return lines;
}

void text_wrap_each(const char *clean, size_t width, text_line_fn on_line, void *ctx)
{
	struct wrap w = { .width = width, .on_line = on_line, .ctx = ctx };
	const char *p = clean;

	for (;;) {
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl : p + strlen(p);
		wrap_paragraph(&w, p, end);
		if (!nl)
			break;
		p = nl + 1;
	}
}

/* Lines collected by text_wrap_sanitized(). */
struct line_list {
	char **lines;
	size_t count, cap;
};

static void collect_line(void *ctx, const char *line, size_t len)
{
	struct line_list *l = ctx;
	X_GROW(l->lines, l->cap, l->count + 2);     /* + NULL at the end */
	l->lines[l->count++] = x_strndup(line, len);
}

char **text_wrap_sanitized(const char *clean, size_t width)
{
	struct line_list l = {0};
	text_wrap_each(clean, width, collect_line, &l);
	l.lines[l.count] = NULL;
	return l.lines;
}

void text_lines_free(char **lines)
{
	if (!lines)
		return;
	for (char **l = lines; *l; l++)
		x_free(*l);
	x_free(lines);
}
