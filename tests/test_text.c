/* Unit tests for text: validation, NFC, folding, sanitising, width,
 * truncation and wrapping, with Vietnamese in NFC and in NFD. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "kehoach/text.h"

/* Vietnamese written both ways: precomposed (NFC) and as base letters
 * followed by combining marks (NFD), spelled out byte by byte so that no
 * editor can normalise them behind our backs. */
#define TET_NFC "T\xe1\xba\xbft"                        /* Tết */
#define TET_NFD "Te\xcc\x82\xcc\x81t"
#define DANG_NFC "\xc4\x90\xe1\xba\xa3ng"               /* Đảng */
#define DANG_NFD "\xc4\x90" "a\xcc\x89ng"
#define KIEM_TRA_NFC "KI\xe1\xbb\x82M TRA"              /* KIỂM TRA */
#define KIEM_TRA_NFD "KIE\xcc\x82\xcc\x89M TRA"
/* Chuẩn bị đón Tết Nguyên Đán */
#define CHUAN_BI_NFC "Chu\xe1\xba\xa9n b\xe1\xbb\x8b \xc4\x91\xc3\xb3n " \
	TET_NFC " Nguy\xc3\xaan \xc4\x90\xc3\xa1n"
#define CHUAN_BI_NFD "Chua\xcc\x82\xcc\x89n bi\xcc\xa3 \xc4\x91o\xcc\x81n " \
	TET_NFD " Nguye\xcc\x82n \xc4\x90" "a\xcc\x81n"
#define ELLIPSIS "\xe2\x80\xa6"

/* Code point cp as a NUL-terminated UTF-8 string in out (5 bytes). */
static void encode(int32_t cp, char *out)
{
	utf8proc_ssize_t n = utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
	out[n] = '\0';
}

static bool is_surrogate(int32_t cp)
{
	return cp >= 0xD800 && cp <= 0xDFFF;
}

static void assert_fold(const char *s, const char *expected)
{
	char *folded = text_fold(s);
	assert_string_equal(folded, expected);
	x_free(folded);
}

static void assert_nfc(const char *s, const char *expected)
{
	char *nfc = text_nfc(s);
	assert_string_equal(nfc, expected);
	x_free(nfc);
}

static void assert_sanitize(const char *s, unsigned flags,
			    const char *expected)
{
	char *clean = text_sanitize(s, flags);
	assert_string_equal(clean, expected);
	x_free(clean);
}

static void assert_truncate(const char *s, size_t width, const char *expected)
{
	char *cut = text_truncate(s, width);
	assert_string_equal(cut, expected);
	x_free(cut);
}

/* expected is a NULL-terminated list of lines. */
static void assert_wrap(const char *s, size_t width, const char *const *expected)
{
	char **lines = text_wrap(s, width);
	size_t i;
	for (i = 0; expected[i]; i++) {
		assert_non_null(lines[i]);
		assert_string_equal(lines[i], expected[i]);
	}
	assert_null(lines[i]);
	text_lines_free(lines);
}

/* ------------------------------------------------------------ UTF-8 */

static void test_valid_utf8_accepts(void **state)
{
	(void)state;
	static const char *const good[] = {
		"", "plain ASCII", TET_NFC, TET_NFD, CHUAN_BI_NFC,
		"\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xef\xbf\xbf",
		"\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf", "\xed\x9f\xbf",
		"\xee\x80\x80",
	};
	for (size_t i = 0; i < KH_ARRAY_LEN(good); i++)
		assert_true(text_valid_utf8(good[i], strlen(good[i])));
}

static void test_valid_utf8_rejects(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"\xc0\xaf",             /* overlong '/' */
		"\xc1\xbf",             /* overlong */
		"\xe0\x80\xaf",         /* overlong */
		"\xe0\x9f\xbf",         /* overlong U+07FF */
		"\xf0\x80\x80\xaf",     /* overlong */
		"\xf0\x8f\xbf\xbf",     /* overlong U+FFFF */
		"\xed\xa0\x80",         /* U+D800 */
		"\xed\xbf\xbf",         /* U+DFFF */
		"\xf4\x90\x80\x80",     /* U+110000 */
		"\xf5\x80\x80\x80",
		"\xff", "\xfe", "\x80", "\xbf",
		"T\xe1\xba",            /* truncated at the end */
		"T\xe1\xbat",           /* truncated in the middle */
		"\xc3",
		"\xf0\x9f\x98",
	};
	for (size_t i = 0; i < KH_ARRAY_LEN(bad); i++)
		assert_false(text_valid_utf8(bad[i], strlen(bad[i])));
}

static void test_valid_utf8_length_and_nul(void **state)
{
	(void)state;
	/* The length is honoured: a sequence cut by len is truncated. */
	assert_false(text_valid_utf8(TET_NFC, 3));
	assert_true(text_valid_utf8(TET_NFC, 1));
	/* A NUL byte is rejected wherever it is, including in the eight-byte
	 * steps over ASCII. */
	char text[40];
	for (size_t at = 0; at < 32; at++) {
		memset(text, 'a', sizeof(text));
		text[at] = '\0';
		assert_false(text_valid_utf8(text, 32));
		assert_true(text_valid_utf8(text, at));
	}
	/* An invalid byte after a long run of ASCII is still found. */
	memset(text, 'a', sizeof(text));
	text[17] = (char)0xff;
	assert_false(text_valid_utf8(text, sizeof(text)));
}

/* Every length the encoder writes reads back as the same code point. */
static void test_encode_codepoint(void **state)
{
	(void)state;
	static const struct { int32_t cp; const char *utf8; } cases[] = {
		{ 'T', "T" }, { 0xE0, "\xc3\xa0" }, { 0x1EBF, "\xe1\xba\xbf" },
		{ 0x20AB, "\xe2\x82\xab" }, { 0x1F600, "\xf0\x9f\x98\x80" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[TEXT_UTF8_SIZE];
		assert_int_equal(text_encode_codepoint(cases[i].cp, out),
				 strlen(cases[i].utf8));
		assert_string_equal(out, cases[i].utf8);
		const char *p = out;
		assert_int_equal(text_next_codepoint(&p), cases[i].cp);
	}
}

static void test_next_codepoint(void **state)
{
	(void)state;
	const char *p = TET_NFC;
	assert_int_equal(text_next_codepoint(&p), 'T');
	assert_int_equal(text_next_codepoint(&p), 0x1EBF);
	assert_int_equal(text_next_codepoint(&p), 't');
	assert_int_equal(*p, '\0');

	p = "\xf0\x9f\x98\x80";
	assert_int_equal(text_next_codepoint(&p), 0x1F600);
	assert_int_equal(*p, '\0');

	/* Malformed: U+FFFD, one byte at a time. */
	const char *bad = "\xe1\xba" "x\xc0\xaf";
	p = bad;
	assert_int_equal(text_next_codepoint(&p), 0xFFFD);
	assert_ptr_equal(p, bad + 1);
	assert_int_equal(text_next_codepoint(&p), 0xFFFD);
	assert_int_equal(text_next_codepoint(&p), 'x');
	assert_int_equal(text_next_codepoint(&p), 0xFFFD);
	assert_int_equal(text_next_codepoint(&p), 0xFFFD);
	assert_ptr_equal(p, bad + 5);
}

/* --------------------------------------------------------------- NFC */

static void test_nfc_of_nfd(void **state)
{
	(void)state;
	assert_nfc(TET_NFD, TET_NFC);
	assert_nfc(DANG_NFD, DANG_NFC);
	assert_nfc(KIEM_TRA_NFD, KIEM_TRA_NFC);
	assert_nfc(CHUAN_BI_NFD, CHUAN_BI_NFC);
	/* Marks in the wrong canonical order are reordered: dot below (220)
	 * before circumflex (230). */
	assert_nfc("e\xcc\x82\xcc\xa3", "\xe1\xbb\x87");
	assert_nfc("e\xcc\xa3\xcc\x82", "\xe1\xbb\x87");
}

static void test_nfc_unchanged(void **state)
{
	(void)state;
	static const char *const already[] = {
		"", "ASCII only", TET_NFC, DANG_NFC, KIEM_TRA_NFC,
		CHUAN_BI_NFC,
		"\xe2\x80\x9c" "x" "\xe2\x80\x9d \xe2\x80\x93 100.000\xe2\x82\xab",
		"\xe4\xb8\xad\xe6\x96\x87",     /* CJK: past the quick check */
	};
	for (size_t i = 0; i < KH_ARRAY_LEN(already); i++) {
		char *nfc = text_nfc(already[i]);
		assert_string_equal(nfc, already[i]);
		assert_ptr_not_equal(nfc, already[i]);
		x_free(nfc);
	}
	/* Invalid UTF-8 is copied as it is, whether or not it looks NFC. */
	assert_nfc("T\xe1\xba\xbft\xff", "T\xe1\xba\xbft\xff");
	assert_nfc(TET_NFD "\xff", TET_NFD "\xff");
	/* Singletons are replaced even though the result looks the same:
	 * U+212B ANGSTROM SIGN is U+00C5. */
	assert_nfc("\xe2\x84\xab", "\xc3\x85");
}

/* text_nfc() gives what utf8proc gives for every code point alone. That
 * covers whatever the quick check accepts, one code point at a time. */
static void test_nfc_every_codepoint(void **state)
{
	(void)state;
	for (int32_t cp = 1; cp <= 0x10FFFF; cp++) {
		if (is_surrogate(cp))
			continue;
		char s[8];
		encode(cp, s);
		char *ours = text_nfc(s);
		char *theirs = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
		assert_non_null(theirs);
		if (strcmp(ours, theirs) != 0)
			fail_msg("text_nfc differs from utf8proc at U+%04X",
				 (unsigned)cp);
		x_free(ours);
		free(theirs);
	}
}

static void assert_nfc_like_utf8proc(const char *s)
{
	char *ours = text_nfc(s);
	char *theirs = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
	assert_non_null(theirs);
	assert_string_equal(ours, theirs);
	x_free(ours);
	free(theirs);
}

/* A string changes under NFC only through a non-NFC code point (checked
 * above), a composition or marks out of order. These two tests try every
 * composition and every misordered pair of marks, so that a quick check
 * that let any of them through would fail here whatever its rule. */
static void test_nfc_every_composition(void **state)
{
	(void)state;
	for (int32_t cp = 1; cp <= 0x10FFFF; cp++) {
		if (is_surrogate(cp))
			continue;
		int32_t parts[8];
		utf8proc_ssize_t n = utf8proc_decompose_char(
			cp, parts, 8, UTF8PROC_DECOMPOSE, NULL);
		assert_true(n >= 1 && n <= 8);
		/* Each way of part-composing it: NFC(parts[0..k)) followed by
		 * the remaining parts, which includes the one-step pair. */
		for (utf8proc_ssize_t k = 1; k < n; k++) {
			char head[8 * 4 + 1], s[8 * 4 * 2 + 1];
			size_t len = 0;
			for (utf8proc_ssize_t i = 0; i < k; i++)
				len += (size_t)utf8proc_encode_char(
					parts[i], (utf8proc_uint8_t *)head + len);
			head[len] = '\0';
			char *composed = (char *)utf8proc_NFC(
				(const utf8proc_uint8_t *)head);
			assert_non_null(composed);
			strcpy(s, composed);
			free(composed);
			len = strlen(s);
			for (utf8proc_ssize_t i = k; i < n; i++)
				len += (size_t)utf8proc_encode_char(
					parts[i], (utf8proc_uint8_t *)s + len);
			s[len] = '\0';
			assert_nfc_like_utf8proc(s);
		}
	}
}

static void test_nfc_mark_order(void **state)
{
	(void)state;
	static int32_t marks[2048];
	size_t n = 0;
	for (int32_t cp = 1; cp <= 0x10FFFF; cp++) {
		if (is_surrogate(cp))
			continue;
		if (utf8proc_get_property(cp)->combining_class != 0) {
			assert_true(n < KH_ARRAY_LEN(marks));
			marks[n++] = cp;
		}
	}
	assert_true(n > 500);
	for (size_t i = 0; i < n; i++) {
		int ci = utf8proc_get_property(marks[i])->combining_class;
		for (size_t j = 0; j < n; j++) {
			if (utf8proc_get_property(marks[j])->combining_class >= ci)
				continue;
			char s[16];
			s[0] = 'x';
			encode(marks[i], s + 1);
			encode(marks[j], s + strlen(s));
			assert_nfc_like_utf8proc(s);
		}
	}
}

/* The code points text_nfc() passes through without utf8proc (see
 * nfc_quick_check() in src/text.c; keep the two in step). */
static bool in_nfc_fast_set(int32_t cp)
{
	return (cp > 0 && cp < 0x300) || (cp >= 0x1E00 && cp <= 0x1EFF) ||
	       (cp >= 0x2002 && cp <= 0x20BF);
}

/* The quick check's claim: any string of those code points is NFC. Each
 * one alone is; and since all are starters that nothing composes with,
 * only neighbours could interact, so every ordered pair is checked: for
 * each a, the string a b0 a b1 a b2 ... holds (a, b) and (b, a) for all b. */
static void test_nfc_fast_set_pairs(void **state)
{
	(void)state;
	int32_t set[0x500];
	size_t n = 0;
	for (int32_t cp = 0; cp < 0x2100; cp++)
		if (in_nfc_fast_set(cp))
			set[n++] = cp;
	assert_true(n > 1000 && n <= KH_ARRAY_LEN(set));

	struct buf s = {0};
	for (size_t i = 0; i < n; i++) {
		char a[8], b[8];
		encode(set[i], a);
		buf_reset(&s);
		for (size_t j = 0; j < n; j++) {
			encode(set[j], b);
			buf_puts(&s, a);
			buf_puts(&s, b);
		}
		char *theirs = (char *)utf8proc_NFC(
			(const utf8proc_uint8_t *)buf_str(&s));
		assert_non_null(theirs);
		if (strcmp(theirs, buf_str(&s)) != 0)
			fail_msg("a pair starting with U+%04X is not NFC",
				 (unsigned)set[i]);
		free(theirs);
		char *ours = text_nfc(buf_str(&s));
		assert_string_equal(ours, buf_str(&s));
		x_free(ours);
	}
	buf_free(&s);
}

/* ----------------------------------------------------------- folding */

static void test_fold_vietnamese(void **state)
{
	(void)state;
	assert_fold(TET_NFC, "tet");
	assert_fold(TET_NFD, "tet");
	assert_fold(DANG_NFC, "dang");
	assert_fold(DANG_NFD, "dang");
	assert_fold("\xc4\x91\xe1\xba\xa3ng", "dang");   /* đảng */
	assert_fold(KIEM_TRA_NFC, "kiem tra");
	assert_fold(KIEM_TRA_NFD, "kiem tra");
	assert_fold(CHUAN_BI_NFC, "chuan bi don tet nguyen dan");
	assert_fold(CHUAN_BI_NFD, "chuan bi don tet nguyen dan");
	/* One-letter words between spaces: Họp ở Hà Nội. */
	assert_fold("H\xe1\xbb\x8dp \xe1\xbb\x9f H\xc3\xa0 N\xe1\xbb\x99i",
		    "hop o ha noi");
	assert_fold("Ho\xcc\xa3p o\xcc\x9b\xcc\x89 Ha\xcc\x80 No\xcc\x82\xcc\xa3i",
		    "hop o ha noi");
	/* Ắ Ầ Ệ Ổ Ỡ ự ỳ Í: each vowel, each tone, both cases. */
	assert_fold("\xe1\xba\xae\xe1\xba\xa6\xe1\xbb\x86\xe1\xbb\x94"
		    "\xe1\xbb\xa0\xe1\xbb\xb1\xe1\xbb\xb3\xc3\x8d",
		    "aaeoouyi");
}

static void test_fold_search(void **state)
{
	(void)state;
	char *nfc = text_fold(CHUAN_BI_NFC);
	char *nfd = text_fold(CHUAN_BI_NFD);
	char *needle = text_fold("T\xe1\xba\xbe" "T");   /* TẾT */
	assert_string_equal(needle, "tet");
	assert_non_null(strstr(nfc, "tet"));
	assert_non_null(strstr(nfd, "tet"));
	assert_non_null(strstr(nfc, "nguyen dan"));
	assert_null(strstr(nfc, "tat"));
	x_free(needle);
	x_free(nfd);
	x_free(nfc);
}

static void test_fold_whitespace(void **state)
{
	(void)state;
	assert_fold("a  b", "a b");
	assert_fold(" \t\r\n\v\fa", " a");
	assert_fold("a \t\n", "a ");
	/* No-break space, ideographic space, line separator, NEL. */
	assert_fold("a\xc2\xa0\xc2\xa0" "b\xe3\x80\x80" "c\xe2\x80\xa8"
		    "d\xc2\x85" "e", "a b c d e");
	/* A stray mark between spaces does not split the run. */
	assert_fold("a \xcc\x81 b", "a b");
	/* Zero-width and format characters vanish from the key. */
	assert_fold("T\xe2\x80\x8b\xe1\xba\xbf\xc2\xadt\xef\xbb\xbf", "tet");
	assert_fold("", "");
}

static void test_fold_append(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_puts(&b, "x ");
	text_fold_append(&b, " " DANG_NFC);
	text_fold_append(&b, "|" TET_NFD);
	assert_string_equal(buf_str(&b), "x  dang|tet");
	buf_free(&b);
}

static void test_fold_other_scripts(void **state)
{
	(void)state;
	assert_fold("\xc3\x9f", "ss");                     /* ß */
	assert_fold("\xef\xac\x81nal", "final");            /* ﬁnal */
	assert_fold("\xe2\x80\x93", "-");                   /* en dash */
	assert_fold("\xc3\x85ngstr\xc3\xb6m", "angstrom");
	assert_fold("\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1",
		    "\xce\xb1\xce\xb8\xce\xb7\xce\xbd\xce\xb1");   /* Αθήνα */
	assert_fold("\xe4\xb8\xad\xe6\x96\x87", "\xe4\xb8\xad\xe6\x96\x87");
	assert_fold("a\xc2\xb4" "b", "ab");                 /* spacing acute */
	/* Longer than a table entry holds: ‴ is three ′. */
	assert_fold("\xe2\x80\xb4", "\xe2\x80\xb2\xe2\x80\xb2\xe2\x80\xb2");
	assert_fold("\xf0\x9d\x90\x80", "a");             /* 𝐀, past the table */
}

/* Malformed UTF-8 folds to U+FFFD a byte at a time, like
 * text_next_codepoint() reads it. */
static void test_fold_invalid(void **state)
{
	(void)state;
	assert_fold("\xff", "\xef\xbf\xbd");
	assert_fold("A\xc3", "a\xef\xbf\xbd");                /* truncated */
	assert_fold("\xc3" "A", "\xef\xbf\xbd" "a");
	assert_fold("\xe1\xba", "\xef\xbf\xbd\xef\xbf\xbd");
	/* Overlong forms of 'A' and '/' are not letters. */
	assert_fold("\xe0\x81\x81", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	assert_fold("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd");
	assert_fold("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
}

/* Longer than the stack chunk folding collects its output in. */
static void test_fold_long(void **state)
{
	(void)state;
	struct buf in = {0}, want = {0};
	for (int i = 0; i < 3000; i++) {
		buf_puts(&in, i % 2 ? CHUAN_BI_NFC "  " : CHUAN_BI_NFD "\t");
		buf_puts(&want, "chuan bi don tet nguyen dan ");
	}
	char *folded = text_fold(buf_str(&in));
	assert_string_equal(folded, buf_str(&want));
	x_free(folded);

	/* One long run of ASCII, then one of replacements longer than
	 * what they replace. */
	buf_reset(&in);
	buf_reset(&want);
	for (int i = 0; i < 5000; i++) {
		buf_puts(&in, "ABCD");
		buf_puts(&want, "abcd");
	}
	for (int i = 0; i < 5000; i++) {
		buf_puts(&in, "\xc2\xbd");        /* ½ */
		buf_puts(&want, "1/2");
	}
	folded = text_fold(buf_str(&in));
	assert_string_equal(folded, buf_str(&want));
	x_free(folded);
	buf_free(&in);
	buf_free(&want);
}

/* Every code point folds the same precomposed or decomposed, and a folded
 * key folds to itself (so a query typed without accents still works). */
static void test_fold_every_codepoint(void **state)
{
	(void)state;
	for (int32_t cp = 1; cp <= 0x10FFFF; cp++) {
		if (is_surrogate(cp))
			continue;
		char s[8];
		encode(cp, s);
		char *folded = text_fold(s);
		char *again = text_fold(folded);
		if (strcmp(folded, again) != 0)
			fail_msg("fold of U+%04X is not stable", (unsigned)cp);
		x_free(again);

		int32_t parts[32];
		utf8proc_ssize_t n = utf8proc_decompose_char(
			cp, parts, 32, UTF8PROC_DECOMPOSE, NULL);
		assert_true(n >= 1 && n <= 32);
		if (n > 1 || parts[0] != cp) {
			char nfd[32 * 4 + 1];
			size_t len = 0;
			for (utf8proc_ssize_t i = 0; i < n; i++)
				len += (size_t)utf8proc_encode_char(
					parts[i], (utf8proc_uint8_t *)nfd + len);
			nfd[len] = '\0';
			char *from_nfd = text_fold(nfd);
			if (strcmp(folded, from_nfd) != 0)
				fail_msg("U+%04X folds unlike its NFD",
					 (unsigned)cp);
			x_free(from_nfd);
		}
		x_free(folded);
	}
}

/* --------------------------------------------------------- sanitiser */

static void test_sanitize_escape_sequences(void **state)
{
	(void)state;
	assert_sanitize("\x1b[31mred\x1b[0m", 0, "^[[31mred^[[0m");
	assert_sanitize("\x1b]0;title\x07", 0, "^[]0;title^G");
	assert_sanitize("over\rwrite", 0, "over^Mwrite");
	assert_sanitize("del\x7f", 0, "del^?");
	assert_sanitize("\x01\x1f", 0, "^A^_");
	assert_sanitize("a\tb", 0, "a b");
	assert_sanitize(CHUAN_BI_NFC, 0, CHUAN_BI_NFC);
	assert_sanitize(CHUAN_BI_NFD, 0, CHUAN_BI_NFD);
	assert_sanitize("\xe4\xb8\xad", 0, "\xe4\xb8\xad");
	assert_sanitize("", 0, "");
}

static void test_sanitize_c1_and_format(void **state)
{
	(void)state;
	assert_sanitize("a\xc2\x85" "b", 0, "a<U+0085>b");        /* NEL */
	assert_sanitize("\xc2\x9b" "31m", 0, "<U+009B>31m");      /* CSI */
	assert_sanitize("\xc2\x80\xc2\x9f", 0, "<U+0080><U+009F>");
	assert_sanitize("abc\xe2\x80\xae" "fed", 0, "abc<U+202E>fed");
	assert_sanitize("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", 0,
			"<U+202A><U+202B><U+202C><U+202D>");
	assert_sanitize("\xe2\x81\xa6\xe2\x81\xa9", 0, "<U+2066><U+2069>");
	assert_sanitize("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", 0,
			"<U+200E><U+200F><U+061C>");
	assert_sanitize("zero\xe2\x80\x8bwidth", 0, "zero<U+200B>width");
	assert_sanitize("\xe2\x80\x8c\xe2\x80\x8d\xe2\x81\xa0", 0,
			"<U+200C><U+200D><U+2060>");
	assert_sanitize("\xef\xbb\xbf" "bom", 0, "<U+FEFF>bom");
	assert_sanitize("soft\xc2\xad" "hyphen", 0, "soft<U+00AD>hyphen");
	assert_sanitize("\xe2\x80\xa8\xe2\x80\xa9", 0, "<U+2028><U+2029>");
	assert_sanitize("\xee\x80\x80", 0, "<U+E000>");          /* private */
	assert_sanitize("\xcd\xb8", 0, "<U+0378>");              /* unassigned */
	assert_sanitize("\xef\xbf\xbe", 0, "<U+FFFE>");          /* nonchar */
	assert_sanitize("\xf3\xa0\x80\x81", 0, "<U+E0001>");     /* tag */
}

static void test_sanitize_newlines(void **state)
{
	(void)state;
	assert_sanitize("one\ntwo", 0, "one^Jtwo");
	assert_sanitize("one\ntwo", TEXT_KEEP_NEWLINES, "one\ntwo");
	assert_sanitize("one\r\ntwo", TEXT_KEEP_NEWLINES, "one^M\ntwo");
	assert_sanitize("\n", TEXT_KEEP_NEWLINES, "\n");
}

static void test_sanitize_invalid_utf8(void **state)
{
	(void)state;
	assert_sanitize("a\xff" "b", 0, "a<FF>b");
	assert_sanitize("\xc0\xaf", 0, "<C0><AF>");
	assert_sanitize("\xed\xa0\x80", 0, "<ED><A0><80>");
	assert_sanitize("T\xe1\xba", 0, "T<E1><BA>");
	assert_sanitize("\xe1\xba" TET_NFC, 0, "<E1><BA>" TET_NFC);
	assert_sanitize("\xf4\x90\x80\x80", 0, "<F4><90><80><80>");
}

static void test_sanitize_append(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_puts(&b, "> ");
	text_sanitize_append(&b, "\x1b", 0);
	text_sanitize_append(&b, TET_NFC, 0);
	assert_string_equal(buf_str(&b), "> ^[" TET_NFC);
	buf_free(&b);
}

/* No byte of a C0 or C1 control, nor DEL, ever comes out raw: each
 * U+0001–U+009F alone and between letters, with and without the flag. */
static void test_sanitize_no_raw_controls(void **state)
{
	(void)state;
	for (int32_t cp = 1; cp <= 0x9F; cp++) {
		for (unsigned flags = 0; flags <= TEXT_KEEP_NEWLINES; flags++) {
			char c[8], s[16];
			encode(cp, c);
			strcpy(s, "a");
			strcat(s, c);
			strcat(s, "b");
			char *clean = text_sanitize(s, flags);
			const char *p = clean;
			bool keep = cp == '\n' && (flags & TEXT_KEEP_NEWLINES);
			assert_true(text_valid_utf8(clean, strlen(clean)));
			while (*p) {
				int32_t out = text_next_codepoint(&p);
				bool control = out < 0x20 || (out >= 0x7F &&
							      out <= 0x9F);
				if (control && !(keep && out == '\n'))
					fail_msg("U+%04X came out raw",
						 (unsigned)cp);
			}
			if (cp >= 0x20 && cp < 0x7F)
				assert_string_equal(clean, s);
			else if (!keep)
				assert_string_not_equal(clean, s);
			x_free(clean);
		}
	}
}

/* Whatever bytes go in, what comes out is valid UTF-8 without controls. */
static void test_sanitize_random_bytes(void **state)
{
	(void)state;
	uint32_t seed = 12345;
	for (int round = 0; round < 2000; round++) {
		char s[64];
		size_t len = (size_t)(round % 63);
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			s[i] = (char)((seed >> 16) % 255 + 1);
		}
		s[len] = '\0';
		char *clean = text_sanitize(s, 0);
		assert_true(text_valid_utf8(clean, strlen(clean)));
		const char *p = clean;
		while (*p) {
			int32_t cp = text_next_codepoint(&p);
			assert_false(cp < 0x20 || (cp >= 0x7F && cp <= 0x9F));
		}
		x_free(clean);
	}
}

/* ------------------------------------------------------------- width */

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width(TET_NFC), 3);
	assert_int_equal(text_width(TET_NFD), 3);
	assert_int_equal(text_width(CHUAN_BI_NFC), 27);
	assert_int_equal(text_width(CHUAN_BI_NFD), 27);
	assert_int_equal(text_width("\xe4\xb8\xad\xe6\x96\x87"), 4);  /* 中文 */
	assert_int_equal(text_width(TET_NFD " \xe4\xb8\xad\xe6\x96\x87"), 8);
	assert_int_equal(text_width("\xef\xbc\xa1"), 2);   /* fullwidth A */
	assert_int_equal(text_width("\xc2\xb1"), 1);       /* ± ambiguous */
	/* As sanitised: "^[" and "<U+202E>", "<FF>", "^J", a tab as ' '. */
	assert_int_equal(text_width("\x1b"), 2);
	assert_int_equal(text_width("\xe2\x80\xae"), 8);
	assert_int_equal(text_width("\xff"), 4);
	assert_int_equal(text_width("a\nb"), 4);
	assert_int_equal(text_width("a\tb"), 3);
}

/* ---------------------------------------------------------- truncate */

static void test_truncate_boundaries(void **state)
{
	(void)state;
	assert_truncate("abcdef", 6, "abcdef");
	assert_truncate("abcdef", 7, "abcdef");
	assert_truncate("abcdef", 5, "abcd" ELLIPSIS);
	assert_truncate("abcdef", 2, "a" ELLIPSIS);
	assert_truncate("abcdef", 1, ELLIPSIS);
	assert_truncate("abcdef", 0, "");
	assert_truncate("", 0, "");
	assert_truncate("", 3, "");
	assert_truncate(TET_NFC, 3, TET_NFC);
	assert_truncate(TET_NFC, 2, "T" ELLIPSIS);
	assert_truncate(CHUAN_BI_NFC, 10,
			"Chu\xe1\xba\xa9n b\xe1\xbb\x8b " ELLIPSIS);
}

static void test_truncate_keeps_marks(void **state)
{
	(void)state;
	/* Width 3 of "Tếtx": "Tế" and the ellipsis; both marks stay. */
	assert_truncate(TET_NFD "x", 3, "Te\xcc\x82\xcc\x81" ELLIPSIS);
	assert_truncate(TET_NFD, 3, TET_NFD);
	assert_truncate(TET_NFD, 2, "T" ELLIPSIS);
	/* Marks after the last character that fits are not left behind. */
	assert_truncate("ae\xcc\x82\xcc\x81", 2, "ae\xcc\x82\xcc\x81");
}

static void test_truncate_wide_and_controls(void **state)
{
	(void)state;
	const char *cjk = "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97";   /* 中文字 */
	assert_truncate(cjk, 6, cjk);
	assert_truncate(cjk, 5, "\xe4\xb8\xad\xe6\x96\x87" ELLIPSIS);
	/* A wide character that does not fit leaves a column free. */
	assert_truncate(cjk, 4, "\xe4\xb8\xad" ELLIPSIS);
	assert_truncate(cjk, 2, ELLIPSIS);
	/* Sanitised first: nothing raw survives the cut. */
	assert_truncate("\x1b[1mbold", 9, "^[[1mbold");
	assert_truncate("\x1b[1mbold", 4, "^[[" ELLIPSIS);
	assert_truncate("a\nb", 10, "a^Jb");
}

/* -------------------------------------------------------------- wrap */

static void test_upper(void **state)
{
	(void)state;
	const struct {
		const char *in, *out;
	} cases[] = {
		{ "UBND tỉnh Hà Tĩnh", "UBND TỈNH HÀ TĨNH" },
		{ "Sở Thông tin và Truyền thông", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" },
		{ "đảng ủy", "ĐẢNG ỦY" },
		/* NFD in, NFC out. */
		{ "te\xcc\x82\xcc\x81t", "T\xe1\xba\xbeT" },
		{ "", "" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *upper = text_upper(cases[i].in);
		assert_string_equal(upper, cases[i].out);
		x_free(upper);
	}
}

static void test_wrap_words(void **state)
{
	(void)state;
	assert_wrap("aaa bbb ccc", 7,
		    (const char *const[]){"aaa bbb", "ccc", NULL});
	assert_wrap("aaa bbb ccc", 11,
		    (const char *const[]){"aaa bbb ccc", NULL});
	assert_wrap("aaa bbb ccc", 6,
		    (const char *const[]){"aaa", "bbb", "ccc", NULL});
	/* Spaces inside a line stay; those at a break go. */
	assert_wrap("a  b", 10, (const char *const[]){"a  b", NULL});
	assert_wrap("aaa   bbb", 4, (const char *const[]){"aaa", "bbb", NULL});
	assert_wrap("  indented text", 11,
		    (const char *const[]){"  indented", "text", NULL});
	assert_wrap(CHUAN_BI_NFC, 12,
		    (const char *const[]){
			    "Chu\xe1\xba\xa9n b\xe1\xbb\x8b \xc4\x91\xc3\xb3n",
			    TET_NFC " Nguy\xc3\xaan",
			    "\xc4\x90\xc3\xa1n", NULL});
	/* The same text in NFD wraps at the same places. */
	assert_wrap(CHUAN_BI_NFD, 12,
		    (const char *const[]){
			    "Chua\xcc\x82\xcc\x89n bi\xcc\xa3 \xc4\x91o\xcc\x81n",
			    TET_NFD " Nguye\xcc\x82n",
			    "\xc4\x90" "a\xcc\x81n", NULL});
	assert_wrap("\xe4\xb8\xad\xe6\x96\x87 \xe4\xb8\xad\xe6\x96\x87", 4,
		    (const char *const[]){"\xe4\xb8\xad\xe6\x96\x87",
					  "\xe4\xb8\xad\xe6\x96\x87", NULL});
	/* The end of a paragraph that has no more bytes than the line has
	 * columns is taken whole, unmeasured: the same lines as measured,
	 * at the limit, with trailing spaces, after a break. */
	assert_wrap("aaa bbb", 7, (const char *const[]){"aaa bbb", NULL});
	assert_wrap("a b  ", 5, (const char *const[]){"a b  ", NULL});
	assert_wrap("a b  ", 4, (const char *const[]){"a b", NULL});
	assert_wrap("aaaa bb cc", 5, (const char *const[]){"aaaa", "bb cc", NULL});
	assert_wrap("aaaa bb  cc", 5, (const char *const[]){"aaaa", "bb", "cc", NULL});
	/* Wider in bytes than the line, not in columns: measured. */
	assert_wrap(TET_NFC " " TET_NFC, 7,
		    (const char *const[]){TET_NFC " " TET_NFC, NULL});
	assert_wrap(TET_NFD " " TET_NFD, 7,
		    (const char *const[]){TET_NFD " " TET_NFD, NULL});
}

static void test_wrap_long_words(void **state)
{
	(void)state;
	assert_wrap("abcdefghij", 4,
		    (const char *const[]){"abcd", "efgh", "ij", NULL});
	assert_wrap("ab abcdefghij x", 4,
		    (const char *const[]){"ab", "abcd", "efgh", "ij x", NULL});
	/* Never between a letter and its marks. */
	assert_wrap(TET_NFD "t" TET_NFD, 2,
		    (const char *const[]){"Te\xcc\x82\xcc\x81", "tt",
					  "Te\xcc\x82\xcc\x81", "t", NULL});
	/* A wide character wider than the line still gets a line. */
	assert_wrap("\xe4\xb8\xad\xe6\x96\x87", 1,
		    (const char *const[]){"\xe4\xb8\xad", "\xe6\x96\x87", NULL});
	/* ... with its marks, as a letter gets its line at width 0 (both
	 * found by tests/fuzz/fuzz_text.c). */
	assert_wrap("\xe4\xb8\xad\xcc\x81x", 1,
		    (const char *const[]){"\xe4\xb8\xad\xcc\x81", "x", NULL});
	assert_wrap("e\xcc\x81" "a", 0,
		    (const char *const[]){"e\xcc\x81", "a", NULL});
}

static void test_wrap_newlines_and_empty(void **state)
{
	(void)state;
	assert_wrap("", 10, (const char *const[]){"", NULL});
	assert_wrap("a\nb", 10, (const char *const[]){"a", "b", NULL});
	assert_wrap("a\n\nb\n", 10,
		    (const char *const[]){"a", "", "b", "", NULL});
	assert_wrap("aaa bbb\nccc", 3,
		    (const char *const[]){"aaa", "bbb", "ccc", NULL});
	/* Sanitised, but keeping the newlines; a tab is a space. */
	assert_wrap("a\x1b[0m\tb\r\nc", 20,
		    (const char *const[]){"a^[[0m b^M", "c", NULL});
}

/* What text_wrap_each() hands over, checked as it comes. */
struct spans {
	const char *clean;
	const char *after;      /* the end of the last line */
	size_t width, lines;
};

static void check_span(void *ctx, const char *line, size_t len)
{
	struct spans *sp = ctx;
	/* An empty line may be a literal "", anywhere. */
	if (len == 0) {
		sp->lines++;
		return;
	}
	/* Each line is a span of the text, after the last one; what lies
	 * between two lines is spaces or a line break, nothing else. */
	assert_true(line >= sp->after);
	assert_true(line + len <= sp->clean + strlen(sp->clean));
	for (const char *p = sp->after; p < line; p++)
		assert_true(*p == ' ' || *p == '\n');
	assert_null(memchr(line, '\n', len));
	char *copy = x_strndup(line, len);
	assert_true(text_width(copy) <= sp->width || !strchr(copy, ' '));
	x_free(copy);
	sp->after = line + len;
	sp->lines++;
}

static void test_wrap_each_spans(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"Chuẩn bị quà Tết cho cán bộ hưu trí và gia đình chính sách",
		"  indented first word, then   several   spaces  ",
		"aaaaaaaaaaaaaaaaaaaaaaaaa bb cccccccccccccccccccccccc",
		"first paragraph\n\n  second one, indented\nthird",
		TET_NFC " " CHUAN_BI_NFC " " TET_NFC, "", " ", "\n",
	};
	for (size_t t = 0; t < KH_ARRAY_LEN(texts); t++) {
		for (size_t width = 1; width <= 30; width++) {
			struct spans sp = { texts[t], texts[t], width, 0 };
			text_wrap_each(texts[t], width, check_span, &sp);
			/* Whatever follows the last line is spaces too. */
			for (const char *p = sp.after; *p; p++)
				assert_true(*p == ' ' || *p == '\n');
			char **lines = text_wrap_sanitized(texts[t], width);
			size_t n = 0;
			while (lines[n])
				n++;
			assert_int_equal(n, sp.lines);
			text_lines_free(lines);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_utf8_accepts),
		cmocka_unit_test(test_encode_codepoint),
		cmocka_unit_test(test_valid_utf8_rejects),
		cmocka_unit_test(test_valid_utf8_length_and_nul),
		cmocka_unit_test(test_next_codepoint),
		cmocka_unit_test(test_nfc_of_nfd),
		cmocka_unit_test(test_nfc_unchanged),
		cmocka_unit_test(test_nfc_every_codepoint),
		cmocka_unit_test(test_nfc_every_composition),
		cmocka_unit_test(test_nfc_mark_order),
		cmocka_unit_test(test_nfc_fast_set_pairs),
		cmocka_unit_test(test_fold_vietnamese),
		cmocka_unit_test(test_fold_search),
		cmocka_unit_test(test_fold_whitespace),
		cmocka_unit_test(test_fold_append),
		cmocka_unit_test(test_fold_other_scripts),
		cmocka_unit_test(test_fold_invalid),
		cmocka_unit_test(test_fold_long),
		cmocka_unit_test(test_fold_every_codepoint),
		cmocka_unit_test(test_sanitize_escape_sequences),
		cmocka_unit_test(test_sanitize_c1_and_format),
		cmocka_unit_test(test_sanitize_newlines),
		cmocka_unit_test(test_sanitize_invalid_utf8),
		cmocka_unit_test(test_sanitize_append),
		cmocka_unit_test(test_sanitize_no_raw_controls),
		cmocka_unit_test(test_sanitize_random_bytes),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_truncate_boundaries),
		cmocka_unit_test(test_truncate_keeps_marks),
		cmocka_unit_test(test_truncate_wide_and_controls),
		cmocka_unit_test(test_upper),
		cmocka_unit_test(test_wrap_words),
		cmocka_unit_test(test_wrap_long_words),
		cmocka_unit_test(test_wrap_newlines_and_empty),
		cmocka_unit_test(test_wrap_each_spans),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
