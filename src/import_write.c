/* import_write: a recognised directive as a draft plan, and as JSON
 * (import.h).
 *
 * The draft is for a clerk to review, so every value kehoach guessed has
 * a comment above it saying from which words of the document; a value
 * copied as it stands (a section's name, a duty's text) has none. The
 * draft is loaded by the plan loader before anyone sees it: one that
 * does not load is kehoach's bug, not the clerk's. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kehoach/i18n.h"
#include "kehoach/import.h"
#include "kehoach/json.h"
#include "kehoach/lunar.h"
#include "kehoach/plan_yaml.h"
#include "kehoach/text.h"

/* ---- YAML --------------------------------------------------------------- */

/* s as a YAML double-quoted scalar: safe whatever it holds. */
static void put_quoted(struct buf *out, const char *s)
{
	buf_putc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_printf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			buf_printf(out, "\\x%02x", *p);
		else
			buf_putc(out, (char)*p);
	}
	buf_putc(out, '"');
}

/* Whether YAML could end a comment at c: a line break of any kind
 * (\n, \r, NEL, U+2028, U+2029), or a control character. */
static bool breaks_comment(int32_t c)
{
	return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x2028 ||
	       c == 0x2029;
}

/* "# …" at indent, on one line whatever the words hold. */
static void put_comment(struct buf *out, int indent, const char *fmt, ...) KH_PRINTF(3, 4);
static void put_comment(struct buf *out, int indent, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = x_vasprintf(fmt, ap);
	va_end(ap);
	buf_printf(out, "%*s# ", indent, "");
	for (const char *p = text; *p;) {
		const char *start = p;
		int32_t c = text_next_codepoint(&p);
		if (breaks_comment(c))
			buf_putc(out, ' ');
		else
			buf_append(out, start, (size_t)(p - start));
	}
	buf_putc(out, '\n');
	x_free(text);
}

static void put_text(struct buf *out, int indent, const char *key, const char *value)
{
	buf_printf(out, "%*s%s: ", indent, "", key);
	put_quoted(out, value);
	buf_putc(out, '\n');
}

/* "line 12" or "paragraph 12", as the source counts. */
static char *where(const struct import_source *source, unsigned line)
{
	return source->paragraphs ? x_asprintf(_("paragraph %u"), line) :
		x_asprintf(_("line %u"), line);
}

/* A deadline in the plan's own forms: "2022-01-25", "tet-1", "23/12 ÂL". */
static void due_value(const struct import_due *due, char *out, size_t size)
{
	char text[DATE_TET_STR_SIZE > DATE_STR_SIZE ? DATE_TET_STR_SIZE : DATE_STR_SIZE];
	switch (due->kind) {
	case IMPORT_DUE_DATE:
		date_format_iso(due->date, text);
		snprintf(out, size, "%s", text);
		return;
	case IMPORT_DUE_TET:
		date_format_tet_offset(due->tet_offset, text);
		snprintf(out, size, "%s", text);
		return;
	case IMPORT_DUE_LUNAR:
		snprintf(out, size, "%d/%d ÂL", due->lunar_day, due->lunar_month);
		return;
	case IMPORT_DUE_NONE:
		break;
	}
	out[0] = '\0';
}

static bool due_needs_tet(const struct import_due *due)
{
	return due->kind == IMPORT_DUE_TET || due->kind == IMPORT_DUE_LUNAR;
}

/* The day due falls on for the Tết of tet (0: none known). Returns 0, or
 * -1 when there is none: a deadline by Tết without its year, a lunar
 * 30th of a 29-day month, a day outside the calendar. */
static int due_day(const struct import_due *due, int tet, kh_date *out)
{
	if (due->kind == IMPORT_DUE_DATE) {
		*out = due->date;
		return 0;
	}
	if (!tet)
		return -1;
	struct date_calendar_form form = {
		.tet_offset = due->tet_offset,
		.lunar_day = due->kind == IMPORT_DUE_LUNAR ? due->lunar_day : 0,
		.lunar_month = due->lunar_month,
	};
	return lunar_resolve_form(tet, &form, out);
}

/* The last day any duty's deadline falls on, or KH_DATE_NONE. */
static kh_date last_deadline(const struct import_result *r)
{
	kh_date last = KH_DATE_NONE;
	for (size_t s = 0; s < r->n_sections; s++)
		for (size_t d = 0; d < r->sections[s].n_duties; d++) {
			kh_date day;
			const struct import_due *due = &r->sections[s].duties[d].due;
			if (due->kind != IMPORT_DUE_NONE && due_day(due, r->tet, &day) == 0 &&
			    (last == KH_DATE_NONE || day > last))
				last = day;
		}
	return last;
}

/* A document dated after the days before its Tết (a review of it, or
 * --tet naming an earlier one): the phases the format gives by default
 * would run backwards, so the period is written out, from its day to its
 * last deadline, without phases. */
static void put_period(const struct import_result *r, struct buf *out)
{
	if (!r->tet || r->issued == KH_DATE_NONE || r->issued <= lunar_tet(r->tet) - 3)
		return;
	kh_date to = last_deadline(r);
	if (to == KH_DATE_NONE || to < r->issued)
		to = r->issued;
	char from_iso[DATE_STR_SIZE], to_iso[DATE_STR_SIZE];
	date_format_iso(r->issued, from_iso);
	date_format_iso(to, to_iso);
	put_comment(out, 2, _("guessed: the document is dated after the days before its Tết, so the period runs from its day to its last deadline, without phases"));
	buf_printf(out, "  from: %s\n  to: %s\n  phases: {}\n", from_iso, to_iso);
}

static void put_plan_facts(const struct import_result *r, const struct import_ids *ids,
			   const struct import_source *source, struct buf *out)
{
	buf_puts(out, "plan:\n");
	if (ids->plan_from)
		put_comment(out, 2, _("guessed: the id of %s, the plan of the same number"),
			    ids->plan_from);
	else if (r->number)
		put_comment(out, 2, _("guessed: made from the number \"%s\""), r->number);
	else
		put_comment(out, 2, _("guessed: made from the file's name; the document gives no number"));
	buf_printf(out, "  id: %s\n", ids->plan);
	if (r->title) {
		put_comment(out, 2, _("guessed from \"%s\""), r->title_words);
		put_text(out, 2, "title", r->title);
	} else {
		put_comment(out, 2, _("not found in the document: write its subject (trích yếu)"));
		char *title = x_asprintf(_("Plan imported from %s"), source->name);
		put_text(out, 2, "title", title);
		x_free(title);
	}
	if (r->issuer) {
		put_comment(out, 2, _("guessed from the words \"%s\""), r->issuer);
		put_text(out, 2, "issuer", r->issuer);
	} else {
		put_comment(out, 2, _("not found in the document: write the body that issues it"));
		put_text(out, 2, "issuer", _("(issuing body)"));
	}
	if (r->parent) {
		put_comment(out, 2, _("guessed from the heading \"%s\""), r->parent);
		put_text(out, 2, "parent", r->parent);
	}
	if (r->number) {
		put_comment(out, 2, _("guessed from \"số %s\""), r->number);
		put_text(out, 2, "number", r->number);
	}
	if (r->issued != KH_DATE_NONE) {
		char iso[DATE_STR_SIZE], vn[DATE_STR_SIZE];
		date_format_iso(r->issued, iso);
		date_format_vn(r->issued, vn);
		put_comment(out, 2, _("guessed from \"ngày %s\""), vn);
		buf_printf(out, "  issued: %s\n", iso);
	}
	if (r->place) {
		put_comment(out, 2, _("guessed from \"%s, ngày …\""), r->place);
		put_text(out, 2, "place", r->place);
	}
	if (r->n_basis) {
		put_comment(out, 2, _("guessed: the documents the preamble says it carries out (\"Căn cứ …\", \"Thực hiện …\")"));
		buf_puts(out, "  basis:\n");
		for (size_t i = 0; i < r->n_basis; i++) {
			buf_puts(out, "    - ");
			put_quoted(out, r->basis[i]);
			buf_putc(out, '\n');
		}
	}
	if (r->tet) {
		if (r->tet_words)
			put_comment(out, 2, _("guessed from \"%s\""), r->tet_words);
		else if (r->tet_named_words)
			put_comment(out, 2, _("given with --tet; the document names \"%s\""),
				    r->tet_named_words);
		buf_printf(out, "  tet: %d\n", r->tet);
		put_period(r, out);
	}
}

static void put_members(const struct import_result *r, const struct import_ids *ids,
			const struct import_source *source, size_t s, struct buf *out)
{
	char *at = where(source, r->sections[s].line);
	put_comment(out, 4, _("guessed: \"%s\" (%s) names several units: a group of the other sections' units"),
		    r->sections[s].name, at);
	x_free(at);
	buf_puts(out, "    members: [");
	bool first = true;
	for (size_t m = 0; m < r->n_sections; m++) {
		if (r->sections[m].is_group)
			continue;
		buf_printf(out, "%s%s", first ? "" : ", ", ids->units[m]);
		first = false;
	}
	buf_puts(out, "]\n");
}

static void put_due(const struct import_result *r, const struct import_source *source,
		    const struct import_duty *duty, struct buf *out)
{
	if (duty->due.kind == IMPORT_DUE_NONE)
		return;
	char *at = where(source, duty->line);
	kh_date day;
	if (due_needs_tet(&duty->due) && !r->tet) {
		put_comment(out, 8, _("\"%s\" (%s) is a deadline by Tết, but the document names no year of Tết: import again with --tet YEAR, or write due: yourself"),
			    duty->due.words, at);
	} else if (due_day(&duty->due, r->tet, &day) < 0) {
		put_comment(out, 8, _("\"%s\" (%s) names no day of the lunar calendar for the Tết of %d (a 30th the month has not?): write due: yourself"),
			    duty->due.words, at, r->tet);
	} else {
		char value[32];
		due_value(&duty->due, value, sizeof(value));
		if (duty->due.year_guessed)
			put_comment(out, 8, _("guessed from \"%s\" (%s); the year is not written there"),
				    duty->due.words, at);
		else
			put_comment(out, 8, _("guessed from \"%s\" (%s)"), duty->due.words, at);
		buf_printf(out, "        due: ");
		if (duty->due.kind == IMPORT_DUE_LUNAR)
			put_quoted(out, value);
		else
			buf_puts(out, value);
		buf_putc(out, '\n');
	}
	x_free(at);
}

static void put_duty(const struct import_result *r, const struct import_ids *ids,
		     const struct import_source *source, size_t s, size_t d, struct buf *out)
{
	const struct import_duty *duty = &r->sections[s].duties[d];
	buf_printf(out, "      - id: %s\n", ids->duties[s][d]);
	put_text(out, 8, "text", duty->text);
	if (duty->n_refs) {
		put_comment(out, 8, _("guessed: the documents the text cites"));
		buf_puts(out, "        refs:\n");
		for (size_t i = 0; i < duty->n_refs; i++) {
			buf_puts(out, "          - ");
			put_quoted(out, duty->refs[i]);
			buf_putc(out, '\n');
		}
	}
	put_due(r, source, duty, out);
	if (duty->n_with) {
		struct buf words = { 0 };
		for (size_t i = 0; i < duty->n_with; i++)
			buf_printf(&words, "%s\"%s\"", i ? ", " : "", duty->with[i].words);
		put_comment(out, 8, _("guessed: it works with %s"), buf_str(&words));
		buf_free(&words);
		buf_puts(out, "        with: [");
		for (size_t i = 0; i < duty->n_with; i++)
			buf_printf(out, "%s%s", i ? ", " : "", ids->units[duty->with[i].section]);
		buf_puts(out, "]\n");
	}
}

static void put_units(const struct import_result *r, const struct import_ids *ids,
		      const struct import_source *source, struct buf *out)
{
	buf_puts(out, "units:\n");
	for (size_t s = 0; s < r->n_sections; s++) {
		const struct import_section *sec = &r->sections[s];
		char *at = where(source, sec->line);
		put_comment(out, 2, "%s. %s (%s)", sec->label, sec->name, at);
		x_free(at);
		if (ids->unit_from[s])
			put_comment(out, 2, _("guessed: the id of the unit of this name in %s"),
				    ids->unit_from[s]);
		buf_printf(out, "  - id: %s\n", ids->units[s]);
		put_text(out, 4, "name", sec->name);
		if (sec->is_group)
			put_members(r, ids, source, s, out);
		if (sec->n_duties == 0)
			continue;
		buf_puts(out, "    duties:\n");
		for (size_t d = 0; d < sec->n_duties; d++)
			put_duty(r, ids, source, s, d, out);
	}
}

int import_write_plan(const struct import_result *r, const struct import_ids *ids,
		      const struct import_source *source, struct buf *out,
		      struct plan **plan, struct kh_error *err)
{
	put_comment(out, 0, _("A draft plan made by kehoach import from %s."), source->name);
	put_comment(out, 0, _("Review every value under a comment that says \"guessed\", then: kehoach check FILE"));
	buf_puts(out, "kehoach: 1\n");
	put_plan_facts(r, ids, source, out);
	put_units(r, ids, source, out);
	struct kh_error load;
	kh_error_clear(&load);
	if (plan_load_buffer(_("draft"), buf_str(out), out->len, plan, &load) < 0) {
		char message[sizeof(load.message) + 64];
		kh_error_format(&load, message, sizeof(message));
		kh_error_set(err, source->name, 0, 0,
			     _("the draft made of this document does not load (%s): this is a bug in kehoach import; nothing was written"),
			     message);
		return -1;
	}
	return 0;
}

/* ---- JSON --------------------------------------------------------------- */

/* The duty's deadline: as written in the plan, the day, and the words. */
static void json_due(struct buf *out, const struct import_duty *duty,
		     const struct duty *loaded)
{
	if (duty->due.kind == IMPORT_DUE_NONE) {
		buf_puts(out, "null");
		return;
	}
	char value[32];
	due_value(&duty->due, value, sizeof(value));
	struct json_object o;
	json_object_begin(&o, out);
	json_member_string(&o, "value", value);
	json_member_date(&o, "date", loaded ? loaded->due : KH_DATE_NONE);
	json_member_string(&o, "words", duty->due.words);
	json_member_bool(&o, "year_guessed", duty->due.year_guessed);
	json_object_end(&o);
}

static const struct duty *loaded_duty(const struct plan *plan, const char *id)
{
	for (size_t u = 0; plan && u < plan->n_units; u++)
		for (size_t d = 0; d < plan->units[u].n_duties; d++)
			if (!strcmp(plan->units[u].duties[d].id, id))
				return &plan->units[u].duties[d];
	return NULL;
}

static void json_duty(struct buf *out, const struct import_result *r,
		      const struct import_ids *ids, const struct plan *plan, size_t s, size_t d)
{
	const struct import_duty *duty = &r->sections[s].duties[d];
	struct json_object o;
	json_object_begin(&o, out);
	json_member_string(&o, "id", ids->duties[s][d]);
	json_member_int(&o, "line", duty->line);
	json_member_string(&o, "text", duty->text);
	buf_puts(out, ", \"refs\": ");
	json_append_string_array(out, duty->refs, duty->n_refs);
	buf_puts(out, ", \"due\": ");
	json_due(out, duty, loaded_duty(plan, ids->duties[s][d]));
	buf_puts(out, ", \"with\": [");
	for (size_t i = 0; i < duty->n_with; i++) {
		struct json_object w;
		buf_puts(out, i ? ", " : "");
		json_object_begin(&w, out);
		json_member_string(&w, "unit", ids->units[duty->with[i].section]);
		json_member_string(&w, "words", duty->with[i].words);
		json_object_end(&w);
	}
	buf_putc(out, ']');
	json_object_end(&o);
}

static void json_section(struct buf *out, const struct import_result *r,
			 const struct import_ids *ids, const struct plan *plan, size_t s)
{
	const struct import_section *sec = &r->sections[s];
	struct json_object o;
	json_object_begin(&o, out);
	json_member_string(&o, "id", ids->units[s]);
	json_member_string(&o, "label", sec->label);
	json_member_string(&o, "name", sec->name);
	json_member_int(&o, "line", sec->line);
	json_member_bool(&o, "group", sec->is_group);
	if (sec->is_group) {
		buf_puts(out, ", \"members\": [");
		bool first = true;
		for (size_t m = 0; m < r->n_sections; m++)
			if (!r->sections[m].is_group) {
				buf_puts(out, first ? "" : ", ");
				json_append_string(out, ids->units[m]);
				first = false;
			}
		buf_putc(out, ']');
	}
	buf_puts(out, ", \"duties\": [");
	for (size_t d = 0; d < sec->n_duties; d++) {
		buf_puts(out, d ? ",\n    " : "\n    ");
		json_duty(out, r, ids, plan, s, d);
	}
	buf_puts(out, "]");
	json_object_end(&o);
}

void import_write_json(const struct import_result *r, const struct import_ids *ids,
		       const struct import_source *source, const struct plan *plan,
		       struct buf *out)
{
	struct json_object o;
	json_object_begin(&o, out);
	json_member_string(&o, "source", source->name);
	json_member_string(&o, "lines", source->paragraphs ? "paragraph" : "line");
	json_member_string(&o, "plan", ids->plan);
	json_member_string(&o, "number", r->number);
	json_member_date(&o, "issued", r->issued);
	json_member_string(&o, "issuer", r->issuer);
	json_member_string(&o, "parent", r->parent);
	json_member_string(&o, "title", r->title);
	json_member_string(&o, "place", r->place);
	buf_puts(out, ", \"basis\": ");
	json_append_string_array(out, r->basis, r->n_basis);
	if (r->tet)
		json_member_int(&o, "tet", r->tet);
	else
		buf_puts(out, ", \"tet\": null");
	buf_puts(out, ",\n\"sections\": [");
	for (size_t s = 0; s < r->n_sections; s++) {
		buf_puts(out, s ? ",\n  " : "\n  ");
		json_section(out, r, ids, plan, s);
	}
	buf_puts(out, "]");
	json_object_end(&o);
	buf_putc(out, '\n');
}
