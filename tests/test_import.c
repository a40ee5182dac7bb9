/* import_recognise on the Hà Tĩnh directive (tests/data/directives, the
 * source plans/ha-tinh-tet-2022.yaml was transcribed from): its seven
 * sections, the first addressed to the six others, and its 23 duties
 * word for word; and a text with no sections refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kehoach/import.h"
#include "kehoach/plan_yaml.h"

static void seed_directive(void **state)
{
	(void)state;
	const char *root = getenv("KEHOACH_TEST_DATA");
	assert_non_null(root);
	char path[1024];
	snprintf(path, sizeof(path), "%s/directives/ha-tinh-77-STTTT-VP.txt", root);
	struct doc doc;
	struct import_result r;
	struct kh_error err;
	kh_error_clear(&err);
	assert_int_equal(doc_read_text(path, &doc, &err), 0);
	assert_int_equal(import_recognise(path, &doc, 0, &r, &err), 0);
	assert_int_equal(r.n_sections, 7);
	assert_string_equal(r.sections[0].label, "1");
	assert_string_equal(r.sections[0].name, "Các phòng, Trung tâm CNTT và Truyền thông");
	assert_true(r.sections[0].is_group);
	static const char *const names[] = {
		"Văn phòng Sở", "Thanh tra Sở", "Trung tâm CNTT-TT",
		"Phòng công nghệ thông tin", "Phòng Bưu chính viễn thông",
		"Phòng Thông tin, Báo chí xuất bản",
	};
	static const size_t duties[] = { 4, 4, 3, 3, 4, 3, 2 };
	size_t total = 0;
	for (size_t i = 0; i < r.n_sections; i++) {
		if (i > 0) {
			assert_string_equal(r.sections[i].name, names[i - 1]);
			assert_false(r.sections[i].is_group);
		}
		assert_int_equal(r.sections[i].n_duties, duties[i]);
		total += r.sections[i].n_duties;
	}
	assert_int_equal(total, 23);
	/* Word for word, without the bullet. */
	assert_string_equal(r.sections[1].duties[1].text,
		"Xử lý nghiêm những cán bộ, công chức, viên chức có hành vi cửa quyền, tham nhũng,"
		" lãng phí, gây phiền hà cho Nhân dân và doanh nghiệp.");
	/* Every duty word for word as plans/ha-tinh-tet-2022.yaml, which was
	 * transcribed by hand from this text, has it, in the same order. */
	const char *source = getenv("KEHOACH_SOURCE_ROOT");
	assert_non_null(source);
	snprintf(path, sizeof(path), "%s/plans/ha-tinh-tet-2022.yaml", source);
	struct plan *plan;
	assert_int_equal(plan_load_file(path, &plan, &err), 0);
	assert_int_equal(plan->n_units, r.n_sections);
	for (size_t u = 0; u < plan->n_units; u++) {
		assert_int_equal(plan->units[u].n_duties, r.sections[u].n_duties);
		assert_int_equal(plan->units[u].is_group, r.sections[u].is_group);
		for (size_t d = 0; d < plan->units[u].n_duties; d++) {
			const struct duty *want = &plan->units[u].duties[d];
			const struct import_duty *got = &r.sections[u].duties[d];
			assert_string_equal(want->text, got->text);
			/* …and cites the same documents, in the same order. */
			assert_int_equal(want->n_refs, got->n_refs);
			for (size_t i = 0; i < want->n_refs; i++)
				assert_string_equal(want->refs[i], got->refs[i]);
		}
	}
	plan_free(plan);
	assert_string_equal(r.number, "77/STTTT-VP");
	assert_int_equal(r.issued, date_from_ymd(2022, 1, 19));
	assert_true(r.n_preamble >= 1);
	assert_non_null(strstr(r.preamble[r.n_preamble - 1], "77/STTTT-VP ngày 19/01/2022"));
	import_result_free(&r);
	doc_free(&doc);
}

static void no_sections(void **state)
{
	(void)state;
	static const char text[] = "Kính gửi các đơn vị.\nĐề nghị thực hiện nghiêm túc.\n";
	struct doc doc;
	struct import_result r;
	struct kh_error err;
	assert_int_equal(doc_read_text_buffer("x.txt", text, sizeof(text) - 1, &doc, &err), 0);
	assert_int_equal(import_recognise("x.txt", &doc, 0, &r, &err), -1);
	assert_non_null(strstr(err.message, "no numbered sections"));
	import_result_free(&r);
	doc_free(&doc);
}

/* Recognises text (a small directive) for the Tết of tet_year. */
static void recognise(const char *text, int tet_year, struct doc *doc,
		      struct import_result *r)
{
	struct kh_error err;
	kh_error_clear(&err);
	assert_int_equal(doc_read_text_buffer("t.txt", text, strlen(text), doc, &err), 0);
	assert_int_equal(import_recognise("t.txt", doc, tet_year, r, &err), 0);
}

static const char phrases[] =
	"Sở Y tế tỉnh Nam Định ban hành Công văn số 123/SYT-NVY ngày 10/01/2024 về việc"
	" triển khai công tác y tế dịp Tết Nguyên đán Giáp Thìn 2024, cụ thể:\n"
	"1. Phòng Nghiệp vụ Y\n"
	"- Hoàn thành kế hoạch trực Tết trước ngày 25/01/2024.\n"
	"- Kiểm tra các bệnh viện, xong trước Tết.\n"
	"- Tổng hợp số liệu trước 23 tháng Chạp.\n"
	"- Báo cáo kết quả xong trước mùng 6 Tết.\n"
	"- Rà soát thuốc, hoàn thành trong tháng 01/2024.\n"
	"- Kiểm tra trước Tết; gửi báo cáo chậm nhất ngày 05/02.\n"
	"- Chủ trì, phối hợp với Văn phòng Sở và thanh tra sở tổ chức kiểm tra.\n"
	"- Thực hiện nhiệm vụ trước, trong và sau Tết.\n"
	"2. Văn phòng Sở\n"
	"- Bố trí lịch trực, trước 17h00 ngày 26 tháng 01 năm 2024.\n"
	"3. Thanh tra Sở\n"
	"- Phối hợp với Phòng Nghiệp vụ Y kiểm tra; báo cáo Sở Y tế trước 15/12.\n";

static void deadlines(void **state)
{
	(void)state;
	struct doc doc;
	struct import_result r;
	recognise(phrases, 0, &doc, &r);
	assert_int_equal(r.tet, 2024);
	assert_string_equal(r.tet_words, "Tết Nguyên đán Giáp Thìn 2024");
	assert_string_equal(r.number, "123/SYT-NVY");
	assert_string_equal(r.issuer, "Sở Y tế tỉnh Nam Định");
	assert_string_equal(r.title, "Triển khai công tác y tế dịp Tết Nguyên đán Giáp Thìn 2024");
	const struct import_duty *d = r.sections[0].duties;
	assert_int_equal(d[0].due.kind, IMPORT_DUE_DATE);
	assert_int_equal(d[0].due.date, date_from_ymd(2024, 1, 25));
	assert_string_equal(d[0].due.words, "trước ngày 25/01/2024");
	assert_int_equal(d[1].due.kind, IMPORT_DUE_TET);
	assert_int_equal(d[1].due.tet_offset, -1);
	assert_string_equal(d[1].due.words, "trước Tết");
	assert_int_equal(d[2].due.kind, IMPORT_DUE_LUNAR);
	assert_int_equal(d[2].due.lunar_day, 23);
	assert_int_equal(d[2].due.lunar_month, 12);
	assert_int_equal(d[3].due.kind, IMPORT_DUE_TET);
	assert_int_equal(d[3].due.tet_offset, 5);
	assert_string_equal(d[3].due.words, "trước mùng 6 Tết");
	assert_int_equal(d[4].due.date, date_from_ymd(2024, 1, 31));
	/* The last deadline of the text; its year from the Tết's season. */
	assert_int_equal(d[5].due.kind, IMPORT_DUE_DATE);
	assert_int_equal(d[5].due.date, date_from_ymd(2024, 2, 5));
	assert_true(d[5].due.year_guessed);
	assert_int_equal(d[6].due.kind, IMPORT_DUE_NONE);
	/* "trước, trong và sau Tết" sets no deadline. */
	assert_int_equal(d[7].due.kind, IMPORT_DUE_NONE);
	assert_int_equal(r.sections[1].duties[0].due.date, date_from_ymd(2024, 1, 26));
	/* December belongs to the year before the Tết. */
	assert_int_equal(r.sections[2].duties[0].due.date, date_from_ymd(2023, 12, 15));
	import_result_free(&r);
	doc_free(&doc);
}

static void coordinating_units(void **state)
{
	(void)state;
	struct doc doc;
	struct import_result r;
	recognise(phrases, 0, &doc, &r);
	const struct import_duty *d = &r.sections[0].duties[6];
	assert_int_equal(d->n_with, 2);
	assert_int_equal(d->with[0].section, 1);
	assert_string_equal(d->with[0].words, "Văn phòng Sở");
	assert_int_equal(d->with[1].section, 2);
	assert_string_equal(d->with[1].words, "thanh tra sở");
	d = &r.sections[2].duties[0];
	assert_int_equal(d->n_with, 1);
	assert_int_equal(d->with[0].section, 0);
	/* A unit that is no section of the document is no 'with'. */
	assert_int_equal(r.sections[0].duties[0].n_with, 0);
	import_result_free(&r);
	doc_free(&doc);
}

/* --tet decides over what the text names; a year-less date follows it. */
static void tet_given(void **state)
{
	(void)state;
	struct doc doc;
	struct import_result r;
	recognise(phrases, 2025, &doc, &r);
	assert_int_equal(r.tet, 2025);
	assert_null(r.tet_words);
	assert_int_equal(r.sections[0].duties[5].due.date, date_from_ymd(2025, 2, 5));
	import_result_free(&r);
	doc_free(&doc);
}

/* A document as issued: its heading in capitals, "Số:", place and day. */
static void formal_heading(void **state)
{
	(void)state;
	static const char text[] =
		"UBND TỈNH QUẢNG TRỊ\n"
		"SỞ GIÁO DỤC VÀ ĐÀO TẠO\n"
		"Số: 45/KH-SGDĐT\n"
		"Quảng Trị, ngày 06 tháng 01 năm 2025\n"
		"KẾ HOẠCH\n"
		"Triển khai nhiệm vụ trước, trong và sau Tết Nguyên đán Ất Tỵ 2025\n"
		"Căn cứ Chỉ thị số 01/CT-TTg ngày 03/01/2025 của Thủ tướng Chính phủ;\n"
		"Thực hiện Kế hoạch số 12/KH-UBND ngày 02/01/2025 của UBND tỉnh Quảng Trị, Sở Giáo dục và Đào tạo xây dựng kế hoạch như sau:\n"
		"I. Văn phòng Sở\n"
		"- Trực Tết.\n";
	struct doc doc;
	struct import_result r;
	recognise(text, 0, &doc, &r);
	assert_string_equal(r.number, "45/KH-SGDĐT");
	assert_string_equal(r.place, "Quảng Trị");
	assert_int_equal(r.issued, date_from_ymd(2025, 1, 6));
	/* As the preamble spells it. */
	assert_string_equal(r.parent, "UBND tỉnh Quảng Trị");
	assert_string_equal(r.issuer, "Sở Giáo dục và Đào tạo");
	assert_string_equal(r.title, "Triển khai nhiệm vụ trước, trong và sau Tết Nguyên đán Ất Tỵ 2025");
	assert_int_equal(r.n_basis, 2);
	assert_string_equal(r.basis[0], "Chỉ thị số 01/CT-TTg ngày 03/01/2025 của Thủ tướng Chính phủ");
	assert_string_equal(r.basis[1], "Kế hoạch số 12/KH-UBND ngày 02/01/2025 của UBND tỉnh Quảng Trị");
	assert_int_equal(r.tet, 2025);
	assert_string_equal(r.sections[0].label, "I");
	import_result_free(&r);
	doc_free(&doc);
}

/* A plan's parts in capitals are no units: the units are the headings
 * under them, and what a part says before its first unit is no duty. */
static void parts(void **state)
{
	(void)state;
	static const char text[] =
		"KẾ HOẠCH\n"
		"Triển khai nhiệm vụ năm 2025\n"
		"I. MỤC ĐÍCH, YÊU CẦU\n"
		"- Bảo đảm an toàn, tiết kiệm.\n"
		"II. TỔ CHỨC THỰC HIỆN\n"
		"1. Văn phòng Sở\n"
		"- Trực Tết.\n"
		"2. Thanh tra Sở\n"
		"- Kiểm tra.\n"
		"III. CHẾ ĐỘ BÁO CÁO\n"
		"- Báo cáo hằng tháng.\n";
	struct doc doc;
	struct import_result r;
	recognise(text, 0, &doc, &r);
	assert_int_equal(r.n_sections, 2);
	assert_string_equal(r.sections[0].name, "Văn phòng Sở");
	assert_int_equal(r.sections[0].n_duties, 1);
	assert_string_equal(r.sections[1].name, "Thanh tra Sở");
	assert_int_equal(r.sections[1].n_duties, 1);
	import_result_free(&r);
	doc_free(&doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_directive),
		cmocka_unit_test(no_sections),
		cmocka_unit_test(deadlines),
		cmocka_unit_test(coordinating_units),
		cmocka_unit_test(tet_given),
		cmocka_unit_test(formal_heading),
		cmocka_unit_test(parts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
