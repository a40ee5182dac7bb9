/* doc_read_text: paragraphs of a text document in every encoding Word
 * saves text in, and the refusals (empty, binary, invalid). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "kehoach/doc.h"

static void read_ok(const char *data, size_t len, struct doc *doc,
		    enum doc_encoding encoding)
{
	struct kh_error err;
	kh_error_clear(&err);
	int rc = doc_read_text_buffer("t.txt", data, len, doc, &err);
	if (rc != 0)
		fail_msg("%s", err.message);
	assert_int_equal(doc->encoding, encoding);
}

static void read_fails(const char *data, size_t len, const char *message)
{
	struct doc doc;
	struct kh_error err;
	kh_error_clear(&err);
	assert_int_equal(doc_read_text_buffer("t.txt", data, len, &doc, &err), -1);
	assert_non_null(strstr(err.message, message));
	assert_string_equal(err.file, "t.txt");
	doc_free(&doc);
}

static void utf8_lines_trimmed_blank_skipped(void **state)
{
	(void)state;
	static const char text[] = "  1. Văn phòng Sở \r\n\r\n\t- Trực Tết.\n";
	struct doc doc;
	read_ok(text, sizeof(text) - 1, &doc, DOC_UTF8);
	assert_int_equal(doc.n_paragraphs, 2);
	assert_string_equal(doc.paragraphs[0].text, "1. Văn phòng Sở");
	assert_int_equal(doc.paragraphs[0].line, 1);
	assert_string_equal(doc.paragraphs[1].text, "- Trực Tết.");
	assert_int_equal(doc.paragraphs[1].line, 3);
	doc_free(&doc);
}

static void utf8_bom_skipped_and_nfc(void **state)
{
	(void)state;
	/* "Tết" written decomposed: e + U+0302 + U+0301. */
	static const char text[] = "\xEF\xBB\xBFTe\xCC\x82\xCC\x81t";
	struct doc doc;
	read_ok(text, sizeof(text) - 1, &doc, DOC_UTF8);
	assert_string_equal(doc.paragraphs[0].text, "Tết");
	doc_free(&doc);
}

static void utf16_both_byte_orders(void **state)
{
	(void)state;
	/* "Sở\n" in UTF-16 with its mark, both ways round. */
	static const char le[] = "\xFF\xFES\x00\xDF\x1E\n\x00";
	static const char be[] = "\xFE\xFF\x00S\x1E\xDF\x00\n";
	struct doc doc;
	read_ok(le, sizeof(le) - 1, &doc, DOC_UTF16LE);
	assert_string_equal(doc.paragraphs[0].text, "Sở");
	doc_free(&doc);
	read_ok(be, sizeof(be) - 1, &doc, DOC_UTF16BE);
	assert_string_equal(doc.paragraphs[0].text, "Sở");
	doc_free(&doc);
}

static void windows_1258_converted_to_nfc(void **state)
{
	(void)state;
	/* Windows-1258: "Tết" is T, e-circumflex (0xEA), the acute tone mark
	 * as a combining character (0xEC), t; "Đảng" is 0xD0, a, the hook
	 * above (0xD2), n, g. */
	static const char text[] = "T\xEA\xECt \xD0" "a\xD2ng";
	struct doc doc;
	read_ok(text, sizeof(text) - 1, &doc, DOC_WINDOWS_1258);
	assert_string_equal(doc.paragraphs[0].text, "Tết Đảng");
	doc_free(&doc);
}

static void refusals(void **state)
{
	(void)state;
	read_fails("", 0, "empty");
	read_fails("\n  \r\n\t\n", 6, "empty");
	read_fails("PK\x03\x04\x00\x00", 6, "not a text document");
	read_fails("\xFF\xFE" "A", 3, "not valid UTF-16LE");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_lines_trimmed_blank_skipped),
		cmocka_unit_test(utf8_bom_skipped_and_nfc),
		cmocka_unit_test(utf16_both_byte_orders),
		cmocka_unit_test(windows_1258_converted_to_nfc),
		cmocka_unit_test(refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
