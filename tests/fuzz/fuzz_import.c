/* Fuzzes kehoach import from the document on: each input is read as a
 * text document (and, when it is a zip, as a .docx), recognised, given
 * ids and written as a draft plan. Whatever the input, a draft that is
 * made must load: import_write_plan() loads it, and its failing is the
 * bug this target looks for; so are crashes and undefined behaviour in
 * the readers and the recogniser. */
#include <stdbool.h>
#include <string.h>

#include "doc_internal.h"
#include "kehoach/doc.h"
#include "kehoach/import.h"
#include "kehoach/plan.h"

#include "fuzz.h"

static void import_doc(const struct doc *doc, int tet)
{
	struct import_result r;
	struct kh_error err;
	kh_error_clear(&err);
	if (import_recognise("fuzz.txt", doc, tet, &r, &err) == 0) {
		struct import_source source = { .name = "fuzz.txt" };
		struct import_ids ids;
		import_assign_ids(&r, &source, NULL, 0, &ids);
		struct buf yaml = { 0 }, json = { 0 };
		struct plan *plan = NULL;
		int loaded = import_write_plan(&r, &ids, &source, &yaml, &plan, &err);
		FUZZ_CHECK(loaded == 0, "the draft does not load: %s\n%s", err.message,
			   buf_str(&yaml));
		import_write_json(&r, &ids, &source, plan, &json);
		plan_free(plan);
		buf_free(&yaml);
		buf_free(&json);
		import_ids_free(&ids);
	}
	import_result_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct doc doc;
	struct kh_error err;
	/* The first byte picks the Tết: none (from the text) or a year. */
	int tet = size && data[0] < 32 ? 2000 + data[0] : 0;
	if (doc_read_text_buffer("fuzz.txt", (const char *)data, size, &doc, &err) == 0)
		import_doc(&doc, tet);
	doc_free(&doc);
	if (size >= 4 && !memcmp(data, "PK\x03\x04", 4)) {
		if (doc_docx_module_read("fuzz.docx", (const char *)data, size, &doc, &err) == 0)
			import_doc(&doc, tet);
		doc_free(&doc);
	}
	return 0;
}
