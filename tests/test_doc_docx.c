/* doc_read_docx and doc_read: the paragraphs of Word documents with the
 * numbers and bullets Word shows, and the refusal of hostile ones. The
 * .docx files are written at build time by
 * tests/data/directives/make_docx.py into $KEHOACH_DOCX_FIXTURES; what
 * each holds is said there. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "kehoach/doc.h"

struct expected {
	unsigned line;
	const char *text;
};

static char *fixture(const char *name)
{
	const char *dir = getenv("KEHOACH_DOCX_FIXTURES");
	assert_non_null(dir);
	static char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static void read_ok(const char *path, struct doc *doc)
{
	struct kh_error err;
	kh_error_clear(&err);
	if (doc_read(path, doc, &err) != 0)
		fail_msg("%s: %s", path, err.message);
}

static void expect_paragraphs(const char *name, const struct expected *want, size_t n)
{
	struct doc doc;
	read_ok(fixture(name), &doc);
	assert_int_equal(doc.encoding, DOC_DOCX);
	for (size_t i = 0; i < n && i < doc.n_paragraphs; i++) {
		assert_string_equal(doc.paragraphs[i].text, want[i].text);
		assert_int_equal(doc.paragraphs[i].line, want[i].line);
	}
	assert_int_equal(doc.n_paragraphs, n);
	doc_free(&doc);
}

static void read_fails(const char *path, const char *message)
{
	struct doc doc;
	struct kh_error err;
	kh_error_clear(&err);
	if (doc_read(path, &doc, &err) != -1)
		fail_msg("%s was read", path);
	if (!strstr(err.message, message))
		fail_msg("%s: \"%s\" does not say \"%s\"", path, err.message, message);
	assert_string_equal(err.file, path);
	assert_null(strchr(err.message, '\n'));
	assert_int_equal(doc.n_paragraphs, 0);
	doc_free(&doc);
}

#define EXPECT(name, ...)                                                      \
	do {                                                                   \
		static const struct expected want[] = { __VA_ARGS__ };         \
		expect_paragraphs(name, want, sizeof(want) / sizeof(want[0])); \
	} while (0)

/* Headings numbered by a style, duties by a bullet level "-": the same
 * paragraphs, on the same lines, as the directive saved as text (its
 * first two paragraphs, near duplicates, included: they are paragraphs
 * of the .docx too). */
static void directive_reads_as_its_text(void **state)
{
	(void)state;
	char txt[4096];
	snprintf(txt, sizeof(txt), "%s/directives/ha-tinh-77-STTTT-VP.txt",
		 getenv("KEHOACH_TEST_DATA"));
	struct doc text, word;
	read_ok(txt, &text);
	read_ok(fixture("ha-tinh-77.docx"), &word);
	assert_int_equal(text.encoding, DOC_UTF8);
	assert_int_equal(word.encoding, DOC_DOCX);
	assert_int_equal(word.n_paragraphs, text.n_paragraphs);
	assert_int_equal(word.n_paragraphs, 33);
	for (size_t i = 0; i < word.n_paragraphs; i++) {
		assert_string_equal(word.paragraphs[i].text, text.paragraphs[i].text);
		assert_int_equal(word.paragraphs[i].line, text.paragraphs[i].line);
	}
	assert_string_equal(word.paragraphs[2].text,
			    "1. Các phòng, Trung tâm CNTT và Truyền thông");
	assert_string_equal(word.paragraphs[7].text, "2. Văn phòng Sở");
	assert_int_equal(strncmp(word.paragraphs[8].text, "- Tăng cường công tác theo dõi", 35), 0);
	assert_string_equal(word.paragraphs[29].text, "7. Phòng Thông tin, Báo chí xuất bản");
	doc_free(&text);
	doc_free(&word);
}

static void word_numbering(void **state)
{
	(void)state;
	EXPECT("numbering.docx",
	       /* upperRoman and lowerLetter "%2)"; letters restart under II */
	       { 1, "I. Nhiệm vụ chung" }, { 2, "a) Văn phòng" }, { 3, "b) Thanh tra" },
	       { 4, "II. Nhiệm vụ cụ thể" }, { 5, "a) Trung tâm" },
	       /* paragraph 6 is empty; "%1.%2." and "(%3)" with lvlRestart 1:
		* level 3 goes on under 1.2., starts again under 2. */
	       { 7, "1. Tổ chức" }, { 8, "1.1. Trực Tết" }, { 9, "(i) ngày đầu" },
	       { 10, "1.2. Báo cáo" }, { 11, "(ii) ngày hai" }, { 12, "2. Kiểm tra" },
	       { 13, "(i) ngày ba" },
	       /* numbered by the style "Dieu"; the empty paragraph 15 is
		* "Điều 2." in Word, though not read; numId 0 numbers nothing */
	       { 14, "Điều 1. Phạm vi" }, { 16, "Điều 3. Đối tượng" },
	       { 17, "Không đánh số" },
	       /* bullets: "+" kept; "o", "§" and Symbol's U+F0B7 as "•" */
	       { 18, "+ cộng" }, { 19, "• chữ o" }, { 20, "• dấu đoạn" },
	       { 21, "• Symbol" },
	       /* a second w:num of the Roman list, started over at I */
	       { 22, "I. Mục mới" },
	       /* a numId numbering.xml does not define */
	       { 23, "Không có định nghĩa" },
	       /* tab, line breaks, non-breaking hyphen; deleted text, a
		* field code and tab stops left out; trimmed */
	       { 24, "Trực Tết Nhâm-Dần 2022 (xem)" },
	       /* decomposed in the XML, NFC here */
	       { 25, "Tết Nhâm Dần" },
	       /* a style based on the numbered one: its sections go on */
	       { 26, "1. Mục kế thừa" },
	       /* paragraph 27 was deleted (changes tracked): not counted */
	       { 28, "3. Tổng kết" });
}

static void without_numbering_parts(void **state)
{
	(void)state;
	struct doc doc;
	read_ok(fixture("no-numbering.docx"), &doc);
	assert_int_equal(doc.n_paragraphs, 25);
	assert_string_equal(doc.paragraphs[0].text, "Nhiệm vụ chung");
	assert_int_equal(doc.paragraphs[5].line, 7);
	assert_string_equal(doc.paragraphs[5].text, "Tổ chức");
	assert_string_equal(doc.paragraphs[12].text, "Phạm vi");
	doc_free(&doc);
}

static void tables_and_text_boxes(void **state)
{
	(void)state;
	EXPECT("table.docx", { 1, "Trước bảng" }, { 2, "Đơn vị" }, { 3, "Nhiệm vụ" },
	       { 4, "Văn phòng" }, { 5, "- Trực Tết" }, { 7, "- Báo cáo" },
	       /* the text box's paragraph after its own, and once: its
		* mc:Fallback copy is not read */
	       { 8, "Sau bảng" }, { 9, "Ghi chú trong hộp" });
}

static void hostile_documents(void **state)
{
	(void)state;
	read_fails(fixture("not-a-zip.docx"),
		   "this is not a Word document (.docx): it is not a zip archive");
	read_fails(fixture("no-document.docx"), "holds no word/document.xml");
	read_fails(fixture("bomb.docx"), "it may be a zip bomb");
	/* The header says 1000 bytes: the bounded read finds 40 MiB. */
	read_fails(fixture("bomb-lying.docx"), "it may be a zip bomb");
	read_fails(fixture("bad-xml.docx"),
		   "the Word document is damaged: word/document.xml, line 2:");
	read_fails(fixture("bad-numbering.docx"),
		   "the Word document is damaged: word/numbering.xml, line 1:");
	read_fails(fixture("no-body.docx"), "has no body");
	read_fails(fixture("encrypted.docx"), "protected with a password");
	read_fails(fixture("billion-laughs.docx"), "the Word document is damaged");
	read_fails(fixture("empty.docx"), "the document is empty");
	read_fails(fixture("old-word.doc"), "an old Word document (.doc)");
}

/* An external entity is neither loaded nor substituted. */
static void external_entity_not_read(void **state)
{
	(void)state;
	EXPECT("external-entity.docx", { 1, "Trước" });
}

/* A fresh name beside the fixtures (a FIFO left by a run that failed
 * would make fopen wait). */
static char *temp_path(const char *name)
{
	static char path[4096];
	snprintf(path, sizeof(path), "%s/%s", getenv("KEHOACH_DOCX_FIXTURES"), name);
	unlink(path);
	return path;
}

static char *write_temp(const char *name, const char *bytes, size_t len)
{
	char *path = temp_path(name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* Taken as text unless it is a zip or named .docx; a FIFO is refused
 * without waiting for a writer. */
static void read_by_content(void **state)
{
	(void)state;
	static const char text[] = "1. Văn phòng Sở\n- Trực Tết.\n";
	struct doc doc;
	read_ok(write_temp("directive-as-text.txt", text, sizeof(text) - 1), &doc);
	assert_int_equal(doc.encoding, DOC_UTF8);
	assert_string_equal(doc.paragraphs[1].text, "- Trực Tết.");
	doc_free(&doc);

	/* A .docx renamed: still read as one. */
	char from[4096];
	snprintf(from, sizeof(from), "%s", fixture("table.docx"));
	char *renamed = temp_path("renamed.txt");
	assert_int_equal(link(from, renamed), 0);
	read_ok(renamed, &doc);
	assert_int_equal(doc.encoding, DOC_DOCX);
	doc_free(&doc);
	unlink(renamed);

	char *fifo = temp_path("fifo.docx");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	read_fails(fifo, "FIFO");
	unlink(fifo);

	assert_string_equal(doc_encoding_name(DOC_DOCX), "docx");
}

/* doc_read_docx takes a file the way doc_read does, and refuses text. */
static void docx_reader_refuses_text(void **state)
{
	(void)state;
	struct doc doc;
	struct kh_error err;
	kh_error_clear(&err);
	assert_int_equal(doc_read_docx(fixture("numbering.docx"), &doc, &err), 0);
	assert_string_equal(doc.paragraphs[0].text, "I. Nhiệm vụ chung");
	doc_free(&doc);
	assert_int_equal(doc_read_docx_buffer("x.docx", "Văn phòng", 10, &doc, &err), -1);
	assert_non_null(strstr(err.message, "not a zip archive"));
	assert_string_equal(err.file, "x.docx");
	doc_free(&doc);
	assert_int_equal(doc_read_docx_buffer("x.docx", "PK\x05\x06", 4, &doc, &err), -1);
	assert_string_equal(err.file, "x.docx");
	doc_free(&doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(directive_reads_as_its_text),
		cmocka_unit_test(word_numbering),
		cmocka_unit_test(without_numbering_parts),
		cmocka_unit_test(tables_and_text_boxes),
		cmocka_unit_test(hostile_documents),
		cmocka_unit_test(external_entity_not_read),
		cmocka_unit_test(read_by_content),
		cmocka_unit_test(docx_reader_refuses_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
