/* Fuzzes text: UTF-8 validation, the sanitiser, width, truncation,
 * wrapping, NFC, folding and upper case, checking what text.h promises
 * against utf8proc and against each other.
 *
 * The first byte of the input chooses the width (its low six bits, 0 to
 * 63) and whether the sanitiser keeps newlines (bit 6); the rest is the
 * text, cut at its first NUL where a function takes a C string. */
#include <stdbool.h>
#include <string.h>

#include <utf8proc.h>

#include "kehoach/text.h"

#include "fuzz.h"

#define ELLIPSIS "\xE2\x80\xA6"

/* True when s[0..len) is well-formed UTF-8 without NUL, by utf8proc. */
static bool ref_valid_utf8(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0;

	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p + i,
						      (utf8proc_ssize_t)(len - i),
						      &cp);
		if (n <= 0 || cp == 0)
			return false;
		i += (size_t)n;
	}
	return true;
}

/* The next code point of valid UTF-8 at *s, advancing *s. */
static int32_t next_cp(const char **s)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)*s, -1,
					      &cp);
	FUZZ_CHECK(n > 0, "invalid UTF-8 at \"%.16s\"", *s);
	*s += n;
	return cp;
}

/* Columns of a code point shown raw, as a terminal counts them. */
static size_t ref_cp_width(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 0x20 && cp < 0x7F;
	int w = utf8proc_charwidth(cp);
	return w > 0 ? (size_t)w : 0;
}

/* Columns of s[0..len) (valid UTF-8), code point by code point. */
static size_t ref_width(const char *s, size_t len)
{
	const char *end = s + len;
	size_t width = 0;
	while (s < end)
		width += ref_cp_width(next_cp(&s));
	return width;
}

/* The bidi controls and zero-width characters text.h names. */
static bool is_bidi_or_zero_width(int32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200E || cp == 0x200F || cp == 0x061C ||
	       (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;
}

/* Nothing in s may take over a terminal: no C0 control but '\n' (only
 * when keep_newlines), no DEL, no C1, no bidi control or zero-width
 * character, nothing unassigned, private or of another invisible kind. */
static void check_terminal_safe(const char *s, bool keep_newlines)
{
	FUZZ_CHECK(ref_valid_utf8(s, strlen(s)), "sanitised text is not UTF-8");
	while (*s) {
		int32_t cp = next_cp(&s);
		if (cp == '\n' && keep_newlines)
			continue;
		FUZZ_CHECK(cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp <= 0x9F),
			   "control character U+%04X in sanitised text", (unsigned)cp);
		FUZZ_CHECK(!is_bidi_or_zero_width(cp),
			   "U+%04X in sanitised text", (unsigned)cp);
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_CC:
		case UTF8PROC_CATEGORY_CF:
		case UTF8PROC_CATEGORY_ZL:
		case UTF8PROC_CATEGORY_ZP:
		case UTF8PROC_CATEGORY_CO:
		case UTF8PROC_CATEGORY_CS:
		case UTF8PROC_CATEGORY_CN:
			FUZZ_CHECK(false, "invisible U+%04X in sanitised text",
				   (unsigned)cp);
			break;
		default:
			break;
		}
	}
}

static void check_sanitize(const char *s, unsigned flags)
{
	bool keep = flags & TEXT_KEEP_NEWLINES;
	char *clean = text_sanitize(s, flags);
	check_terminal_safe(clean, keep);

	/* What is safe stays as it is. */
	char *again = text_sanitize(clean, flags);
	FUZZ_CHECK(strcmp(again, clean) == 0, "sanitising twice changes the text");
	x_free(again);

	/* Appending keeps what the buffer held. */
	struct buf b = {0};
	buf_puts(&b, "x");
	text_sanitize_append(&b, s, flags);
	FUZZ_CHECK(b.len == strlen(clean) + 1 && b.data[0] == 'x' &&
		   strcmp(b.data + 1, clean) == 0, "append differs");
	buf_free(&b);

	bool printable_ascii = true;
	for (const char *p = s; *p && printable_ascii; p++)
		printable_ascii = *p >= 0x20 && *p < 0x7F;
	if (printable_ascii)
		FUZZ_CHECK(strcmp(clean, s) == 0, "printable ASCII changed");
	x_free(clean);
}

static void check_width(const char *s)
{
	char *clean = text_sanitize(s, 0);
	size_t width = text_width(s);
	FUZZ_CHECK(width == ref_width(clean, strlen(clean)),
		   "text_width %zu, the sanitised text has %zu columns", width,
		   ref_width(clean, strlen(clean)));
	FUZZ_CHECK(text_width(clean) == width, "width changes when sanitised");
	x_free(clean);
}

static void check_truncate(const char *s, size_t width)
{
	char *clean = text_sanitize(s, 0);
	char *cut = text_truncate(s, width);
	size_t len = strlen(cut);

	FUZZ_CHECK(ref_width(cut, len) <= width, "truncated to %zu columns, wider",
		   width);
	if (width == 0) {
		/* Nothing, not even the marks that take no column. */
		FUZZ_CHECK(len == 0, "not empty at width 0");
	} else if (ref_width(clean, strlen(clean)) <= width) {
		FUZZ_CHECK(strcmp(cut, clean) == 0, "cut although it fits");
	} else {
		/* The longest prefix that leaves a column for "…": the code
		 * point after it takes columns (so no accent is left behind)
		 * and would not have fitted. */
		size_t keep = len - (sizeof(ELLIPSIS) - 1);
		FUZZ_CHECK(len >= sizeof(ELLIPSIS) - 1 &&
			   strcmp(cut + keep, ELLIPSIS) == 0, "no ellipsis");
		FUZZ_CHECK(strncmp(cut, clean, keep) == 0, "not a prefix");
		const char *next = clean + keep;
		int32_t cp = next_cp(&next);
		FUZZ_CHECK(ref_cp_width(cp) > 0, "cut before U+%04X, which has no width",
			   (unsigned)cp);
		FUZZ_CHECK(ref_width(clean, keep) + ref_cp_width(cp) > width - 1,
			   "cut shorter than needed");
	}
	x_free(cut);
	x_free(clean);
}

static bool is_zero_width_start(const char *line)
{
	const char *p = line;
	return *p && ref_cp_width(next_cp(&p)) == 0;
}

/* The lines, in order, are pieces of the sanitised text: each is found
 * where the last ended, or after spaces and newlines (the breaks). No text
 * is lost, no line is wider than the width unless it holds one character
 * wider than that, and a break inside a word never leaves an accent at
 * the start of a line. */
static void check_wrap(const char *s, size_t width)
{
	char *clean = text_sanitize(s, TEXT_KEEP_NEWLINES);
	char **lines = text_wrap(s, width);
	const char *at = clean;
	size_t n = 0, newlines = 0;

	FUZZ_CHECK(lines[0] != NULL, "no lines");
	for (const char *p = clean; *p; p++)
		newlines += *p == '\n';
	for (char **line = lines; *line; line++, n++) {
		size_t len = strlen(*line);
		FUZZ_CHECK(!strchr(*line, '\n'), "newline inside line %zu", n);
		const char *start = at;
		while (strncmp(at, *line, len) != 0) {
			FUZZ_CHECK(*at == ' ' || *at == '\n',
				   "line %zu \"%s\" is not the text that follows", n,
				   *line);
			at++;
		}
		if (at == start && n > 0 && at > clean && at[-1] != ' ' &&
		    at[-1] != '\n')
			FUZZ_CHECK(!is_zero_width_start(*line),
				   "line %zu starts with an accent cut from its letter", n);
		at += len;

		size_t w = ref_width(*line, len);
		if (w > width) {
			/* One character too wide for the width, and its marks. */
			const char *p = *line;
			size_t wide = 0;
			while (*p)
				wide += ref_cp_width(next_cp(&p)) > 0;
			FUZZ_CHECK(wide == 1, "line %zu has %zu columns, width %zu",
				   n, w, width);
		}
	}
	for (; *at; at++)
		FUZZ_CHECK(*at == ' ' || *at == '\n', "text after the last line");
	FUZZ_CHECK(n >= newlines + 1, "%zu lines for %zu newlines", n, newlines);
	text_lines_free(lines);
	x_free(clean);
}

static void check_nfc(const char *s, size_t len)
{
	char *nfc = text_nfc(s);
	char *ref = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);

	FUZZ_CHECK(ref != NULL, "utf8proc refuses valid UTF-8");
	FUZZ_CHECK(strcmp(nfc, ref) == 0, "text_nfc differs from utf8proc");
	if (text_is_nfc_quick(s, len))
		FUZZ_CHECK(strcmp(nfc, s) == 0, "quick check passed text that is not NFC");
	char *again = text_nfc(nfc);
	FUZZ_CHECK(strcmp(again, nfc) == 0, "NFC twice differs");
	x_free(again);
	free(ref);
	x_free(nfc);
}

static void check_fold(const char *s)
{
	char *folded = text_fold(s);
	size_t len = strlen(folded);

	FUZZ_CHECK(ref_valid_utf8(folded, len), "folded text is not UTF-8");
	for (size_t i = 0; i < len; i++) {
		char c = folded[i];
		FUZZ_CHECK(!(c >= 'A' && c <= 'Z'), "upper case left");
		FUZZ_CHECK(c == ' ' || !(c == '\t' || c == '\n' || c == '\r' ||
					 c == '\v' || c == '\f'), "white space left");
		FUZZ_CHECK(!(c == ' ' && i > 0 && folded[i - 1] == ' '),
			   "a run of spaces left");
	}

	/* NFC or NFD input alike. */
	char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
	char *nfd = (char *)utf8proc_NFD((const utf8proc_uint8_t *)s);
	FUZZ_CHECK(nfc && nfd, "utf8proc refuses valid UTF-8");
	char *f_nfc = text_fold(nfc);
	char *f_nfd = text_fold(nfd);
	FUZZ_CHECK(strcmp(f_nfc, folded) == 0, "folding the NFC form differs");
	FUZZ_CHECK(strcmp(f_nfd, folded) == 0, "folding the NFD form differs");

	struct buf b = {0};
	buf_puts(&b, "x");
	text_fold_append(&b, s);
	FUZZ_CHECK(b.len == len + 1 && strcmp(b.data + 1, folded) == 0,
		   "append differs");
	buf_free(&b);
	x_free(f_nfd);
	x_free(f_nfc);
	free(nfd);
	free(nfc);
	x_free(folded);
}

static void check_upper(const char *s)
{
	char *upper = text_upper(s);
	FUZZ_CHECK(ref_valid_utf8(upper, strlen(upper)), "upper case is not UTF-8");
	char *nfc = text_nfc(upper);
	FUZZ_CHECK(strcmp(nfc, upper) == 0, "upper case is not NFC");
	x_free(nfc);
	x_free(upper);
}

/* Any bytes: code point by code point, never past the NUL. */
static void check_codepoints(const char *s)
{
	const char *end = s + strlen(s);
	while (*s) {
		const char *before = s;
		int32_t cp = text_next_codepoint(&s);
		FUZZ_CHECK(s > before && s <= end && s - before <= 4,
			   "text_next_codepoint moved %td bytes", s - before);
		FUZZ_CHECK(cp > 0 && cp <= 0x10FFFF, "code point %ld", (long)cp);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned param = size ? data[0] : 0;
	size_t width = param & 0x3F;
	unsigned flags = param & 0x40 ? TEXT_KEEP_NEWLINES : 0;
	const uint8_t *bytes = size ? data + 1 : data;
	size_t len = size ? size - 1 : 0;

	FUZZ_CHECK(text_valid_utf8((const char *)bytes, len) ==
		   ref_valid_utf8((const char *)bytes, len),
		   "text_valid_utf8 disagrees with utf8proc");

	char *s = fuzz_string(bytes, len);
	size_t slen = strlen(s);
	check_codepoints(s);
	check_sanitize(s, flags);
	check_width(s);
	check_truncate(s, width);
	check_wrap(s, width);
	/* These take valid UTF-8; with anything else they must only not
	 * crash. */
	if (text_valid_utf8(s, slen)) {
		check_nfc(s, slen);
		check_fold(s);
		check_upper(s);
	} else {
		x_free(text_nfc(s));
		x_free(text_fold(s));
		x_free(text_upper(s));
		(void)text_is_nfc_quick(s, slen);
	}
	x_free(s);
	return 0;
}
