/* import_recognise: sections and duties of a directive (import.h). */
#include <stdio.h>
#include <string.h>

#include "import_internal.h"
#include "kehoach/i18n.h"
#include "kehoach/import.h"
#include "kehoach/text.h"

/* A bullet as Word and typists write them; returns its length, or 0. */
static size_t bullet_length(const char *s)
{
	static const char *const bullets[] = { "- ", "+ ", "* ", "– ", "• ", "· " };
	for (size_t i = 0; i < KH_ARRAY_LEN(bullets); i++)
		if (!strncmp(s, bullets[i], strlen(bullets[i])))
			return strlen(bullets[i]);
	return 0;
}

static bool is_roman(const char *s, size_t len)
{
	return len > 0 && len <= 5 && strspn(s, "IVXLC") == len;
}

/* A section's heading: "1. Văn phòng Sở", "II. …", "a) …". Sets the
 * label's length and where the name starts; a line that ends a sentence
 * is a numbered duty, not a heading. */
static bool is_heading(const char *s, size_t *label_len, const char **name)
{
	size_t digits = strspn(s, "0123456789");
	size_t len = digits ? digits : strspn(s, "IVXLC");
	/* a) … d), đ), e): the Vietnamese alphabet's letters. */
	if (!digits && !is_roman(s, len))
		len = (s[0] >= 'a' && s[0] <= 'z') ? 1 : !strncmp(s, "đ", strlen("đ")) ? strlen("đ") : 0;
	if (len == 0 || len > 5 || !s[len] || (s[len] != '.' && s[len] != ')') ||
	    (s[len + 1] != ' ' && s[len + 1] != '\t'))
		return false;
	const char *rest = s + len + 2;
	rest += strspn(rest, " \t");
	size_t rest_len = strlen(rest);
	if (rest_len == 0 || rest_len > 160 || strchr(".;:", rest[rest_len - 1]))
		return false;
	*label_len = len;
	*name = rest;
	return true;
}

/* A heading in capitals ("I. MỤC ĐÍCH, YÊU CẦU", "II. TỔ CHỨC THỰC
 * HIỆN") titles a part of the document: the units are the headings
 * under it, written as names are. */
static bool is_part_title(const char *name)
{
	char *upper = text_upper(name);
	char *folded = text_fold(name);
	bool part = !strcmp(upper, name) && strpbrk(folded, "abcdefghijklmnopqrstuvwxyz");
	x_free(upper);
	x_free(folded);
	return part;
}

/* "Các phòng, Trung tâm …": a section for several units. */
static bool names_several(const char *name)
{
	return !strncmp(name, "Các ", strlen("Các ")) || !strncmp(name, "các ", strlen("các "));
}

/* A line too short to be a duty and not a sentence: the initials or the
 * name of whoever wrote the text up ("PT", "Nguyễn Văn A"). */
static bool is_byline(const char *s)
{
	size_t len = strlen(s);
	size_t words = 1;
	for (const char *p = s; *p; p++)
		words += *p == ' ';
	return len <= 40 && words <= 4 && !strchr(".;:,", s[len - 1]);
}

/* Where the body ends: the recipients ("Nơi nhận:"), or the closing
 * paragraph ("Trên đây là Kế hoạch …", "Nhận được Công văn này, yêu cầu
 * …", any paragraph that is no bullet and ends with the "./." that ends
 * an administrative text). */
static bool ends_body(const char *s, size_t bullet)
{
	static const char *const closings[] = { "Nơi nhận", "Trên đây là ", "Nhận được " };
	for (size_t i = 0; i < KH_ARRAY_LEN(closings); i++)
		if (!strncmp(s, closings[i], strlen(closings[i])))
			return true;
	size_t len = strlen(s);
	return !bullet && len >= 3 && !strcmp(s + len - 3, "./.");
}

/* A preamble paragraph; a heading's two columns ("SỞ Y TẾ<tab>Độc lập
 * - Tự do - Hạnh phúc", as Word saves a table) are a paragraph each. */
static void add_preamble(struct import_result *r, size_t *cap, const char *text)
{
	for (;;) {
		size_t len = strcspn(text, "\t");
		if (len) {
			X_GROW(r->preamble, *cap, r->n_preamble + 1);
			r->preamble[r->n_preamble++] = arena_strndup(&r->arena, text, len);
		}
		if (!text[len])
			return;
		text += len + 1;
	}
}

static void add_section(struct import_result *r, size_t *cap, const char *text,
			size_t label_len, const char *name, unsigned line)
{
	X_GROW(r->sections, *cap, r->n_sections + 1);
	struct import_section *sec = &r->sections[r->n_sections++];
	*sec = (struct import_section){
		.label = arena_strndup(&r->arena, text, label_len),
		.name = arena_strdup(&r->arena, name),
		.is_group = names_several(name),
		.line = line,
	};
}

static void add_duty(struct import_result *r, size_t *duty_cap, const char *text,
		     unsigned line)
{
	struct import_section *sec = &r->sections[r->n_sections - 1];
	X_GROW(sec->duties, *duty_cap, sec->n_duties + 1);
	struct import_duty *duty = &sec->duties[sec->n_duties++];
	*duty = (struct import_duty){
		.text = arena_strdup(&r->arena, text),
		.line = line,
	};
	import_find_citations(duty->text, &duty->refs, &duty->n_refs, &r->arena);
}

/* Each duty's deadline, read for the Tết and day the preamble gave. */
static void find_deadlines(struct import_result *r)
{
	struct import_year_context context = { .tet = r->tet, .issued = r->issued };
	for (size_t s = 0; s < r->n_sections; s++)
		for (size_t d = 0; d < r->sections[s].n_duties; d++) {
			struct import_duty *duty = &r->sections[s].duties[d];
			import_find_deadline(duty->text, &context, &duty->due, &r->arena);
		}
}

int import_recognise(const char *doc_name, const struct doc *doc, int tet_year,
		     struct import_result *r, struct kh_error *err)
{
	memset(r, 0, sizeof(*r));
	r->issued = KH_DATE_NONE;
	size_t section_cap = 0, preamble_cap = 0, duty_cap = 0, n_duties = 0;
	/* Under a part's title ("II. NHIỆM VỤ CỤ THỂ"), until its first
	 * unit: no section takes what is written there. */
	bool in_unit = false;
	for (size_t i = 0; i < doc->n_paragraphs; i++) {
		const struct doc_paragraph *p = &doc->paragraphs[i];
		size_t label_len, bullet = bullet_length(p->text);
		const char *name;
		bool heading = !bullet && is_heading(p->text, &label_len, &name);
		if (heading && is_part_title(name)) {
			in_unit = false;
		} else if (heading) {
			add_section(r, &section_cap, p->text, label_len, name, p->line);
			duty_cap = 0;
			in_unit = true;
		} else if (r->n_sections == 0) {
			add_preamble(r, &preamble_cap, p->text);
		} else if (!in_unit) {
			continue;
		} else if (ends_body(p->text, bullet)) {
			break;
		} else if (!bullet && is_byline(p->text)) {
			/* Initials or a signature ("PT") after the duties. */
			continue;
		} else {
			/* A bullet, or a sentence of the section: a duty. */
			const char *text = p->text + bullet;
			text += strspn(text, " ");
			if (*text) {
				add_duty(r, &duty_cap, text, p->line);
				n_duties++;
			}
		}
	}
	/* A group needs units: "Các phòng" alone is one unit. */
	size_t groups = 0;
	for (size_t i = 0; i < r->n_sections; i++)
		groups += r->sections[i].is_group;
	if (groups == r->n_sections)
		for (size_t i = 0; i < r->n_sections; i++)
			r->sections[i].is_group = false;
	if (r->n_sections > IMPORT_MAX_SECTIONS || groups > IMPORT_MAX_GROUPS) {
		kh_error_set(err, doc_name, 0, 0,
			     _("%zu numbered sections, %zu of them addressed to several units: more than a directive has (at most %d sections, %d of them groups); is this a directive?"),
			     r->n_sections, groups, IMPORT_MAX_SECTIONS, IMPORT_MAX_GROUPS);
		return -1;
	}
	import_read_preamble(r, tet_year);
	find_deadlines(r);
	import_find_with(r);
	if (n_duties == 0) {
		kh_error_set(err, doc_name, 0, 0, "%s",
			     _("no numbered sections with duties were found (such as \"1. Văn"
			       " phòng Sở\" followed by \"- …\" lines): this does not read as a"
			       " directive that assigns duties"));
		return -1;
	}
	return 0;
}

void import_result_free(struct import_result *r)
{
	for (size_t i = 0; i < r->n_sections; i++) {
		for (size_t d = 0; d < r->sections[i].n_duties; d++)
		{
			x_free(r->sections[i].duties[d].refs);
			x_free(r->sections[i].duties[d].with);
		}
		x_free(r->sections[i].duties);
	}
	x_free(r->sections);
	x_free(r->preamble);
	x_free(r->basis);
	arena_free(&r->arena);
	memset(r, 0, sizeof(*r));
}
