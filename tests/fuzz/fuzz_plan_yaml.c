/* Fuzzes the plan loader: each input is loaded from memory
 * (plan_load_buffer) and from a file (plan_load_file, a temporary file
 * rewritten for each input). Both must agree, to the error's line, column
 * and message; a plan they accept must hold what plan.h promises. */
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "kehoach/plan.h"
#include "kehoach/plan_yaml.h"
#include "kehoach/text.h"

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);

static char tmp_path[4096];
static int tmp_fd = -1;

static void remove_tmp(void)
{
	if (tmp_fd >= 0) {
		close(tmp_fd);
		unlink(tmp_path);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *dir = getenv("TMPDIR");
	snprintf(tmp_path, sizeof(tmp_path), "%s/kehoach-fuzz-XXXXXX.yaml",
		 dir && *dir ? dir : "/tmp");
	tmp_fd = mkstemps(tmp_path, 5);
	if (tmp_fd < 0) {
		perror(tmp_path);
		exit(1);
	}
	atexit(remove_tmp);
	return 0;
}

static void write_tmp(const uint8_t *data, size_t size)
{
	size_t done = 0;
	FUZZ_CHECK(ftruncate(tmp_fd, 0) == 0, "cannot truncate %s", tmp_path);
	while (done < size) {
		ssize_t n = pwrite(tmp_fd, data + done, size - done, (off_t)done);
		FUZZ_CHECK(n > 0, "cannot write %s", tmp_path);
		done += (size_t)n;
	}
}

/* Optional texts are NULL; every text there is is NFC without control
 * bytes the loader should have refused (NUL, invalid UTF-8). */
static void check_text(const char *s, bool required, const char *what)
{
	if (!s) {
		FUZZ_CHECK(!required, "%s missing", what);
		return;
	}
	size_t len = strlen(s);
	FUZZ_CHECK(!required || len > 0, "%s empty", what);
	FUZZ_CHECK(text_valid_utf8(s, len), "%s is not UTF-8", what);
	char *nfc = text_nfc(s);
	FUZZ_CHECK(strcmp(nfc, s) == 0, "%s is not NFC", what);
	x_free(nfc);
	/* What every front end does with it. */
	x_free(text_sanitize(s, TEXT_KEEP_NEWLINES));
}

/* A date is absent or a real day: a year of four digits, give or take
 * the defaults for Tết (a date that marks a pending calendar form, just
 * above KH_DATE_NONE, must never get out of the loader). */
static void check_date(kh_date date, const char *what)
{
	static kh_date lo, hi;
	if (!lo) {
		lo = date_from_ymd(1000, 1, 1) - 1000;
		hi = date_from_ymd(9999, 12, 31) + 1000;
	}
	FUZZ_CHECK(date == KH_DATE_NONE || (date >= lo && date <= hi),
		   "%s is day %ld", what, (long)date);
}

static void check_range(const struct date_range *r, const char *what)
{
	check_date(r->from, what);
	check_date(r->to, what);
	if (r->from != KH_DATE_NONE && r->to != KH_DATE_NONE)
		FUZZ_CHECK(r->from <= r->to, "%s runs backwards", what);
}

static void check_refs(const struct plan *plan, const struct unit_ref *refs,
		       size_t n, bool members)
{
	for (size_t i = 0; i < n; i++) {
		const struct unit *u = plan_find_unit(plan, refs[i].id);
		FUZZ_CHECK(u != NULL, "unknown unit '%s' accepted", refs[i].id);
		FUZZ_CHECK(!members || !u->is_group, "nested group accepted");
		FUZZ_CHECK(refs[i].pos.line > 0, "reference without a position");
	}
}

static void check_plan(const struct plan *plan)
{
	struct kh_error err;

	FUZZ_CHECK(plan->version == PLAN_FORMAT_VERSION, "version %d", plan->version);
	FUZZ_CHECK(plan_id_valid(plan->id), "bad plan id accepted");
	check_text(plan->title, true, "title");
	check_text(plan->issuer, true, "issuer");
	check_text(plan->parent, false, "parent");
	check_text(plan->number, false, "number");
	check_text(plan->place, false, "place");
	for (size_t i = 0; i < plan->n_basis; i++)
		check_text(plan->basis[i], true, "basis");
	check_date(plan->issued, "issued");
	FUZZ_CHECK(plan->tet == 0 || (plan->tet >= 1900 && plan->tet <= 2100),
		   "tet %d", plan->tet);
	check_range(&plan->period, "the period");
	for (int p = PHASE_BEFORE; p < PHASE_COUNT; p++)
		check_range(&plan->phases[p], phase_name((enum phase)p));
	FUZZ_CHECK(plan->n_units > 0, "no units");

	for (size_t u = 0; u < plan->n_units; u++) {
		const struct unit *unit = &plan->units[u];
		FUZZ_CHECK(plan_id_valid(unit->id), "bad unit id accepted");
		FUZZ_CHECK(plan_find_unit(plan, unit->id) == unit, "unit id twice");
		check_text(unit->name, true, "unit name");
		check_text(unit->head, false, "head");
		FUZZ_CHECK(unit->is_group == (unit->members != NULL), "group flag");
		FUZZ_CHECK(!unit->is_group || unit->n_members > 0, "empty group");
		check_refs(plan, unit->members, unit->n_members, true);
		for (size_t d = 0; d < unit->n_duties; d++) {
			const struct duty *duty = &unit->duties[d];
			FUZZ_CHECK(plan_id_valid(duty->id), "bad duty id accepted");
			check_text(duty->text, true, "duty text");
			check_text(duty->target, false, "target");
			for (size_t r = 0; r < duty->n_refs; r++)
				check_text(duty->refs[r], true, "refs");
			FUZZ_CHECK(duty->phase >= PHASE_NONE && duty->phase <= PHASE_AFTER,
				   "phase %d", (int)duty->phase);
			check_date(duty->due, "due");
			check_date(duty->start, "start");
			check_date(plan_duty_deadline(plan, duty), "deadline");
			check_refs(plan, duty->with, duty->n_with, false);
		}
	}
	FUZZ_CHECK(plan_validate(plan, &err) == 0, "a loaded plan fails to validate: %s",
		   err.message);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plan *from_buffer = NULL, *from_file = NULL;
	struct kh_error buffer_err, file_err;

	int rc = plan_load_buffer(tmp_path, (const char *)data, size, &from_buffer,
				  &buffer_err);
	write_tmp(data, size);
	int file_rc = plan_load_file(tmp_path, &from_file, &file_err);

	FUZZ_CHECK(rc == file_rc, "the buffer gives %d, the file %d (%s / %s)", rc,
		   file_rc, buffer_err.message, file_err.message);
	if (rc == 0) {
		FUZZ_CHECK(from_buffer && from_file, "no plan");
		check_plan(from_buffer);
		FUZZ_CHECK(from_buffer->n_units == from_file->n_units &&
			   strcmp(from_buffer->id, from_file->id) == 0,
			   "the buffer and the file give different plans");
	} else {
		FUZZ_CHECK(!from_buffer && !from_file, "a plan on failure");
		FUZZ_CHECK(buffer_err.message[0] != '\0', "an error without a message");
		FUZZ_CHECK(strcmp(buffer_err.file, file_err.file) == 0 &&
			   buffer_err.line == file_err.line &&
			   buffer_err.column == file_err.column &&
			   strcmp(buffer_err.message, file_err.message) == 0,
			   "different errors:\n  buffer %u:%u: %s\n  file   %u:%u: %s",
			   buffer_err.line, buffer_err.column, buffer_err.message,
			   file_err.line, file_err.column, file_err.message);
	}
	plan_free(from_buffer);
	plan_free(from_file);
	return 0;
}
