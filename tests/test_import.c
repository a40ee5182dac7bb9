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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_directive),
		cmocka_unit_test(no_sections),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
