/* Unit tests for the PDF writer: a report built by hand, in Vietnamese and
 * with characters that markup would choke on, written to a file and read
 * back with the poppler tools (pdftotext, pdffonts, pdfinfo): the text is
 * all there with its diacritics, the fonts are embedded, the pages are A4
 * and numbered, no duty is split across pages and no heading is left at a
 * page's foot. Exits 77 (skipped) when the poppler tools are missing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kehoach/report.h"
#include "kehoach/util.h"
#include "report_internal.h"

#define N_LONG_ENTRIES 120
#define N_DETAILS 3

/* Every string of a test's report; freed together. */
static struct arena strings;

static const char *keepf(const char *fmt, ...) KH_PRINTF(1, 2);
static const char *keepf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = x_vasprintf(fmt, ap);
	va_end(ap);
	const char *kept = arena_strdup(&strings, s);
	x_free(s);
	return kept;
}

/* The header and signature block every test report shares. */
static void fill_header(struct report *r)
{
	*r = (struct report){
		.parent = "UBND TỈNH HÀ TĨNH",
		.issuer = "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
		.number = "Số: 77/KH-STTTT",
		.nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		.motto = "Độc lập - Tự do - Hạnh phúc",
		.place_date = "Hà Tĩnh, ngày 25 tháng 01 năm 2022",
		.lunar_date = "(23 tháng Chạp năm Tân Sửu)",
		.kind = "DANH SÁCH KIỂM TRA NHIỆM VỤ",
		.title = "Kế hoạch trực Tết Nguyên đán Nhâm Dần 2022 & đón Xuân Quý Mão <script>",
		.subtitle = "Đơn vị: Văn phòng Sở",
		.summary = "Tổng số: 120 — Đã xong: 24 — Quá hạn: 24",
		.sign_left = "NGƯỜI LẬP BIỂU",
		.sign_right = "THỦ TRƯỞNG ĐƠN VỊ",
		.sign_hint = "(Ký, ghi rõ họ tên)",
		.sign_right_name = "Nguyễn Văn Đảng",
		.doc_title = "Danh sách kiểm tra — Trực Tết Nhâm Dần 2022",
	};
}

/* The start of entry g's text ("Nhiệm vụ số g: …") and the value of its
 * last detail: both on one page, or the entry was split. */
static const char *entry_start(int g)
{
	return keepf("Nhiệm vụ số %d:", g);
}

static const char *entry_end(int g)
{
	return keepf("kết thúc NV-%03d", g);
}

static void fill_entry(struct report_entry *e, int number, int g)
{
	const char *text = "Tổ chức trực Tết Nguyên đán Nhâm Dần 2022, bảo đảm "
		"thông tin thông suốt <script>alert(1)</script> & báo cáo "
		"Đảng ủy";
	/* Some long, some with a line break, most of a line or two. */
	if (g % 7 == 0)
		text = keepf("%s; rà soát hạ tầng mạng, trung tâm dữ liệu, hệ "
			     "thống thư điện tử công vụ và cổng thông tin điện "
			     "tử tỉnh trước, trong và sau Tết Quý Mão; phân "
			     "công lãnh đạo, công chức trực 24/24 giờ.", text);
	else if (g % 5 == 0)
		text = keepf("%s.\nGửi báo cáo trước 16 giờ hằng ngày.", text);
	else if (g % 3 == 0)
		/* Hyphens and slashes inside words, at shifting places: a line
		 * must never end inside "15-CT/TU" (pdftotext would take the
		 * hyphen for a hyphenation and drop it). */
		text = keepf("%s %.*stheo Chỉ thị số 15-CT/TU, Công văn số "
			     "01/CT-UBND về phòng, chống dịch Covid-19.", text,
			     (g / 3 % 12) * 3, "xx xx xx xx xx xx xx xx xx xx xx xx ");
	struct report_detail *d = (struct report_detail *)arena_alloc(
		&strings, N_DETAILS * sizeof(*d));
	d[0] = (struct report_detail){ "Hạn:", "28/01/2022 (26 tháng Chạp)", false };
	d[1] = (struct report_detail){ "Phối hợp:", "Phòng Bưu chính & Viễn thông", false };
	d[2] = (struct report_detail){ g % 5 == 0 ? "Quá hạn:" : "Ghi chú:",
				       entry_end(g), g % 5 == 0 };
	*e = (struct report_entry){
		.number = number,
		.done = g % 5 == 1,
		.overdue = g % 5 == 0,
		.name = keepf("tet-%03d", g),
		.text = keepf("%s %s", entry_start(g), text),
		.details = d,
		.n_details = N_DETAILS,
	};
}

/* I. a part heading; 1., 2., 3. units with 40 duties each; a list
 * heading in the last unit; then a unit with nothing to do. */
static void fill_long(struct report *r)
{
	fill_header(r);
	size_t n = 6;
	struct report_section *s = (struct report_section *)arena_alloc(
		&strings, n * sizeof(*s));
	int g = 1;
	s[0] = (struct report_section){ .level = 1, .title = "I. NHIỆM VỤ TRỌNG TÂM" };
	for (size_t i = 1; i <= 4; i++) {
		s[i] = (struct report_section){
			.level = i == 4 ? 3 : 2,
			.title = i == 4 ? "a) Việc của Đảng ủy (30)"
				: keepf("%zu. Phòng số %zu (%d)", i, i, i == 3 ? 10 : 40),
			.n_entries = i == 3 ? 10 : i == 4 ? 30 : 40,
		};
		s[i].entries = (struct report_entry *)arena_alloc(
			&strings, s[i].n_entries * sizeof(struct report_entry));
		for (size_t j = 0; j < s[i].n_entries; j++)
			fill_entry(&s[i].entries[j], (int)j + 1, g++);
	}
	s[5] = (struct report_section){
		.level = 2, .title = "4. Thanh tra Sở",
		.empty = "Không có nhiệm vụ trong tháng.",
	};
	r->sections = s;
	r->n_sections = n;
}

/* ---- Reading the PDF back -------------------------------------------- */

/* What command prints, or NULL when it fails. */
static char *run(const char *fmt, ...) KH_PRINTF(1, 2);
static char *run(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *command = x_vasprintf(fmt, ap);
	va_end(ap);
	FILE *pipe = popen(command, "r");
	x_free(command);
	if (!pipe)
		return NULL;
	struct buf out = { 0 };
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), pipe)) > 0)
		buf_append(&out, chunk, n);
	if (pclose(pipe) != 0) {
		buf_free(&out);
		return NULL;
	}
	return buf_steal(&out);
}

/* s without its spaces and line breaks: wrapping moves them. */
static char *squeeze(const char *s)
{
	struct buf out = { 0 };
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			buf_putc(&out, *s);
	return buf_steal(&out);
}

static bool contains_squeezed(const char *haystack, const char *needle)
{
	char *n = squeeze(needle);
	bool found = strstr(haystack, n) != NULL;
	x_free(n);
	return found;
}

/* Writes r to a new temporary file; returns its path (x_free). */
static char *write_pdf(const struct report *r)
{
	char *path = x_strdup("/tmp/kehoach-test-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *out = fdopen(fd, "wb");
	assert_non_null(out);
	struct kh_error err = { 0 };
	int rc = report_write_pdf(r, out, &err);
	if (rc != 0)
		fail_msg("report_write_pdf: %s", err.message);
	assert_int_equal(fclose(out), 0);
	return path;
}

static int page_count(const char *path)
{
	char *info = run("pdfinfo '%s'", path);
	assert_non_null(info);
	const char *pages = strstr(info, "\nPages:");
	assert_non_null(pages);
	int n = atoi(pages + strlen("\nPages:"));
	x_free(info);
	return n;
}

/* Each page's text with -layout, squeezed; NULL-terminated. */
static char **page_texts(const char *path, int pages)
{
	char **texts = x_calloc((size_t)pages + 1, sizeof(*texts));
	for (int i = 0; i < pages; i++) {
		char *text = run("pdftotext -layout -f %d -l %d '%s' -",
				 i + 1, i + 1, path);
		assert_non_null(text);
		texts[i] = squeeze(text);
		x_free(text);
	}
	return texts;
}

static void free_texts(char **texts)
{
	for (size_t i = 0; texts[i]; i++)
		x_free(texts[i]);
	x_free(texts);
}

/* The one page (0-based) whose text holds needle; fails when it is on
 * none or on several. */
static int page_of(char **texts, const char *needle)
{
	int found = -1;
	for (int i = 0; texts[i]; i++) {
		if (!contains_squeezed(texts[i], needle))
			continue;
		if (found >= 0)
			fail_msg("\"%s\" on pages %d and %d", needle, found + 1, i + 1);
		found = i;
	}
	if (found < 0)
		fail_msg("\"%s\" on no page", needle);
	return found;
}

/* ---- Tests ----------------------------------------------------------- */

static int setup(void **state)
{
	(void)state;
	memset(&strings, 0, sizeof(strings));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&strings);
	return 0;
}

/* Every duty's text and details, the header, the title with its '<' and
 * '&', the summary and the signature block, diacritics intact. */
static void test_text_is_all_there(void **state)
{
	(void)state;
	struct report r;
	fill_long(&r);
	char *path = write_pdf(&r);
	char *layout = run("pdftotext -layout '%s' -", path);
	char *raw = run("pdftotext -raw '%s' -", path);
	char *plain = run("pdftotext '%s' -", path);
	assert_non_null(layout);
	assert_non_null(raw);
	assert_non_null(plain);
	char *all = squeeze(layout), *all_raw = squeeze(raw), *all_plain = squeeze(plain);
	for (size_t i = 0; i < r.n_sections; i++) {
		const struct report_section *s = &r.sections[i];
		assert_true(contains_squeezed(all, s->title));
		if (s->empty)
			assert_true(contains_squeezed(all, s->empty));
		for (size_t j = 0; j < s->n_entries; j++) {
			const struct report_entry *e = &s->entries[j];
			if (!contains_squeezed(all, e->text))
				fail_msg("missing: %s", e->text);
			/* Without -layout, pdftotext joins a line that ends
			 * in a hyphen to the next, dropping the hyphen. */
			if (!contains_squeezed(all_plain, e->text))
				fail_msg("missing without -layout: %s", e->text);
			assert_true(contains_squeezed(all, e->name));
			for (size_t k = 0; k < e->n_details; k++) {
				char *line = x_asprintf("%s %s", e->details[k].label,
							e->details[k].value);
				assert_true(contains_squeezed(all, line));
				x_free(line);
			}
		}
	}
	/* The header's columns sit side by side, so -layout interleaves
	 * their wrapped lines: read them in drawing order instead. */
	const char *header[] = {
		r.parent, r.issuer, r.number, r.nation, r.motto, r.place_date,
		r.lunar_date,
		r.kind, r.title, r.subtitle, r.summary, r.sign_left, r.sign_right,
		r.sign_hint, r.sign_right_name,
	};
	for (size_t i = 0; i < KH_ARRAY_LEN(header); i++)
		if (!contains_squeezed(all_raw, header[i]))
			fail_msg("missing: %s", header[i]);
	assert_non_null(strstr(all, "<script>alert(1)</script>&báocáoĐảngủy"));
	x_free(all);
	x_free(all_raw);
	x_free(all_plain);
	x_free(layout);
	x_free(raw);
	x_free(plain);
	unlink(path);
	x_free(path);
}

/* Page 2 starts with its number, alone on its line, centred; page 1 has
 * none. */
static void test_page_numbers(void **state)
{
	(void)state;
	struct report r;
	fill_long(&r);
	char *path = write_pdf(&r);
	int pages = page_count(path);
	assert_true(pages >= 2);
	for (int page = 1; page <= 2; page++) {
		char *text = run("pdftotext -layout -f %d -l %d '%s' -", page,
				 page, path);
		assert_non_null(text);
		const char *p = text;
		while (isspace((unsigned char)*p))
			p++;
		size_t len = strcspn(p, "\n");
		if (page == 1)
			assert_false(len == 1 && p[0] == '1');
		else
			assert_true(len == 1 && p[0] == '2');
		x_free(text);
	}
	unlink(path);
	x_free(path);
}

/* A duty, its box, text and details, is on one page; a heading is on the
 * page of the first duty under it. */
static void test_pagination(void **state)
{
	(void)state;
	struct report r;
	fill_long(&r);
	char *path = write_pdf(&r);
	int pages = page_count(path);
	assert_true(pages >= 2);
	char **texts = page_texts(path, pages);
	int g = 1;
	for (size_t i = 0; i < r.n_sections; i++) {
		const struct report_section *s = &r.sections[i];
		for (size_t j = 0; j < s->n_entries; j++, g++) {
			/* The number and the text's start, then the last
			 * detail: wherever the number is, all of it is. */
			const char *start = keepf("%d. %s", s->entries[j].number,
						  entry_start(g));
			int first = page_of(texts, start);
			int last = page_of(texts, entry_end(g));
			if (first != last)
				fail_msg("entry %d split over pages %d and %d", g,
					 first + 1, last + 1);
		}
	}
	/* "I." and "1." head the first duty; every later unit heads its own. */
	assert_int_equal(page_of(texts, r.sections[0].title),
			 page_of(texts, entry_start(1)));
	g = 1;
	for (size_t i = 1; i < r.n_sections; i++) {
		const struct report_section *s = &r.sections[i];
		const char *follows = s->n_entries ? entry_start(g) : s->empty;
		assert_int_equal(page_of(texts, s->title), page_of(texts, follows));
		g += (int)s->n_entries;
	}
	/* The summary goes with the signature block. */
	assert_int_equal(page_of(texts, r.summary), page_of(texts, r.sign_right_name));
	free_texts(texts);
	unlink(path);
	x_free(path);
}

/* A duty longer than a page breaks between lines, once, every line kept. */
static void test_entry_taller_than_a_page(void **state)
{
	(void)state;
	struct report r;
	fill_header(&r);
	struct buf text = { 0 };
	for (int i = 1; i <= 70; i++)
		buf_printf(&text, "%sĐoạn %d: bảo đảm an toàn thông tin dịp Tết Quý Mão.",
			   i > 1 ? "\n" : "", i);
	struct report_entry e = { .number = 1, .text = keepf("%s", buf_str(&text)) };
	buf_free(&text);
	struct report_section s = { .level = 2, .title = "1. Một nhiệm vụ rất dài",
				    .entries = &e, .n_entries = 1 };
	r.sections = &s;
	r.n_sections = 1;
	char *path = write_pdf(&r);
	int pages = page_count(path);
	assert_true(pages >= 2);
	char **texts = page_texts(path, pages);
	for (int i = 1; i <= 70; i++) {
		char *line = x_asprintf("Đoạn %d: bảo đảm", i);
		page_of(texts, line);
		x_free(line);
	}
	/* Page 1 has room for the heading and most of the duty. */
	assert_int_equal(page_of(texts, s.title), 0);
	assert_int_equal(page_of(texts, "1. Đoạn 1:"), 0);
	free_texts(texts);
	unlink(path);
	x_free(path);
}

/* cairo embeds a subset of every font it uses. */
static void test_fonts_embedded(void **state)
{
	(void)state;
	struct report r;
	fill_long(&r);
	char *path = write_pdf(&r);
	char *fonts = run("pdffonts '%s'", path);
	assert_non_null(fonts);
	/* name  type  encoding  emb sub uni  object ID: emb is fifth last. */
	char *rule = strstr(fonts, "\n---");
	assert_non_null(rule);
	char *line = strchr(rule + 1, '\n');
	int count = 0;
	while (line && line[1]) {
		line++;
		char *end = strchr(line, '\n');
		if (end)
			*end = '\0';
		char *words[32];
		int n = 0;
		for (char *w = strtok(line, " "); w && n < 32; w = strtok(NULL, " "))
			words[n++] = w;
		assert_true(n >= 7);
		if (strcmp(words[n - 5], "yes") != 0)
			fail_msg("not embedded: %s", words[0]);
		count++;
		line = end;
	}
	/* Regular, bold, italic at least. */
	assert_true(count >= 3);
	x_free(fonts);
	unlink(path);
	x_free(path);
}

/* pdfinfo's line "key   value" says value. */
static void assert_info(const char *info, const char *key, const char *value)
{
	const char *p = info;
	while (strncmp(p, key, strlen(key)) != 0) {
		p = strchr(p, '\n');
		if (!p)
			fail_msg("pdfinfo says no %s", key);
		p++;
	}
	p += strlen(key);
	p += strspn(p, " ");
	size_t len = strcspn(p, "\n");
	if (len != strlen(value) || strncmp(p, value, len) != 0)
		fail_msg("%s %.*s, not %s", key, (int)len, p, value);
}

/* A4, and the metadata. */
static void test_page_size_and_metadata(void **state)
{
	(void)state;
	struct report r;
	fill_long(&r);
	char *path = write_pdf(&r);
	char *info = run("pdfinfo '%s'", path);
	assert_non_null(info);
	const char *size = strstr(info, "Page size:");
	assert_non_null(size);
	double w = 0, h = 0;
	assert_int_equal(sscanf(size, "Page size: %lf x %lf", &w, &h), 2);
	assert_true(w > 595.0 && w < 595.6);
	assert_true(h > 841.6 && h < 842.2);
	assert_info(info, "Title:", "Danh sách kiểm tra — Trực Tết Nhâm Dần 2022");
	assert_info(info, "Creator:", "kehoach");
	x_free(info);
	unlink(path);
	x_free(path);
}

/* Whether a line of text (runs of spaces read as one) holds needle. */
static bool line_holds(const char *text, const char *needle)
{
	bool found = false;
	while (*text && !found) {
		size_t len = strcspn(text, "\n");
		struct buf line = { 0 };
		for (size_t i = 0; i < len; i++)
			if (text[i] != ' ' || (i > 0 && text[i - 1] != ' '))
				buf_putc(&line, text[i]);
		found = strstr(buf_str(&line), needle) != NULL;
		buf_free(&line);
		text += len + (text[len] == '\n');
	}
	return found;
}

/* Page 1's text with -layout, where the header's columns share lines. */
static char *first_page_text(const struct report *r)
{
	char *path = write_pdf(r);
	char *text = run("pdftotext -layout -f 1 -l 1 '%s' -", path);
	assert_non_null(text);
	unlink(path);
	x_free(path);
	return text;
}

/* The lunar date goes beside the solar one when the column holds both,
 * else on the next line, whole: the break falls between the two dates,
 * never inside one, whatever the place's length. */
static void test_header_dates(void **state)
{
	(void)state;
	struct report r;
	fill_header(&r);
	char *text = first_page_text(&r);
	if (!line_holds(text, "Hà Tĩnh, ngày 25 tháng 01 năm 2022") ||
	    !line_holds(text, "(23 tháng Chạp năm Tân Sửu)"))
		fail_msg("the dates are not each on one line:\n%s", text);
	x_free(text);

	r.place_date = "Huế, 25/01/2022";
	text = first_page_text(&r);
	if (!line_holds(text, "Huế, 25/01/2022 (23 tháng Chạp năm Tân Sửu)"))
		fail_msg("a short date and the lunar one share a line:\n%s", text);
	x_free(text);

	/* Too long for one line even alone: the solar date wraps, the
	 * lunar one still stands whole on its own line. */
	r.place_date = "Thị xã Kỳ Anh, tỉnh Hà Tĩnh, thành phố Hồ Chí Minh, "
		       "ngày 25 tháng 01 năm 2022";
	text = first_page_text(&r);
	if (!line_holds(text, "(23 tháng Chạp năm Tân Sửu)") ||
	    !line_holds(text, "ngày 25 tháng 01 năm 2022"))
		fail_msg("a long place: the dates broke inside:\n%s", text);
	x_free(text);

	r.lunar_date = NULL;
	r.place_date = "Hà Tĩnh, ngày 25 tháng 01 năm 2022";
	text = first_page_text(&r);
	assert_true(line_holds(text, "Hà Tĩnh, ngày 25 tháng 01 năm 2022"));
	assert_null(strstr(text, "Chạp"));
	x_free(text);
}

/* Nothing but NULLs: one blank page, no crash. */
static void test_empty_report(void **state)
{
	(void)state;
	struct report r = { 0 };
	char *path = write_pdf(&r);
	assert_int_equal(page_count(path), 1);
	unlink(path);
	x_free(path);
}

static void test_write_error(void **state)
{
	(void)state;
	struct report r;
	fill_long(&r);
	FILE *out = fopen("/dev/full", "wb");
	if (!out)
		skip();
	struct kh_error err = { 0 };
	assert_int_equal(report_write_pdf(&r, out, &err), -1);
	assert_true(err.message[0] != '\0');
	fclose(out);
}

int main(void)
{
	if (system("command -v pdftotext >/dev/null && command -v pdffonts "
		   ">/dev/null && command -v pdfinfo >/dev/null") != 0) {
		fprintf(stderr, "skipped: the poppler tools are not installed\n");
		return 77;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_text_is_all_there, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pagination, setup, teardown),
		cmocka_unit_test_setup_teardown(test_entry_taller_than_a_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fonts_embedded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_size_and_metadata, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_error, setup, teardown),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	/* As the program does at exit: LeakSanitizer then sees only what
	 * the writer itself might leak. */
	report_pdf_release_caches();
	return failed;
}
