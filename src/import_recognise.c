/* import_recognise: sections and duties of a directive (import.h). */
#include <stdio.h>
#include <string.h>

#include "kehoach/i18n.h"
#include "kehoach/import.h"

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
	if (!digits && !is_roman(s, len))
		len = (s[0] >= 'a' && s[0] <= 'z') ? 1 : 0;
	if (len == 0 || len > 5 || (s[len] != '.' && s[len] != ')') || s[len + 1] != ' ')
		return false;
	const char *rest = s + len + 2;
	rest += strspn(rest, " ");
	size_t rest_len = strlen(rest);
	if (rest_len == 0 || rest_len > 160 || strchr(".;:", rest[rest_len - 1]))
		return false;
	*label_len = len;
	*name = rest;
	return true;
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

/* The kinds of document a duty cites by number ("Chỉ thị số 01/CT-UBND
 * ngày 05/01/2022 của UBND tỉnh"). */
static const char *const document_kinds[] = {
	"Chỉ thị", "Kết luận", "Nghị quyết", "Quyết định", "Kế hoạch", "Văn bản",
	"Công văn", "Thông tư", "Nghị định", "Thông báo", "Hướng dẫn", "Luật",
};

/* Where an issuer's name ends: the words and marks that follow one in a
 * sentence ("… của UBND tỉnh về việc …", "…; ", "…)"). */
static size_t issuer_length(const char *s)
{
	static const char *const ends[] = {
		" về ", " và ", " nhằm ", " để ", " tại ", " theo ", ";", ")", ",", ". ", "\n",
	};
	size_t len = strlen(s);
	for (size_t i = 0; i < KH_ARRAY_LEN(ends); i++) {
		const char *at = strstr(s, ends[i]);
		if (at && (size_t)(at - s) < len)
			len = (size_t)(at - s);
	}
	/* A sentence's last full stop. */
	while (len && (s[len - 1] == '.' || s[len - 1] == ' '))
		len--;
	return len;
}

/* The length of a citation starting at s with kind: "KIND số NUMBER",
 * then " ngày D/M/YYYY" and " của ISSUER" when given; 0 when s is no
 * citation (no number). */
static size_t citation_length(const char *s, const char *kind)
{
	size_t k = strlen(kind);
	if (strncmp(s, kind, k) || strncmp(s + k, " số ", strlen(" số ")))
		return 0;
	const char *p = s + k + strlen(" số ");
	size_t number = strcspn(p, " ;,)");
	while (number && p[number - 1] == '.')
		number--;
	if (number == 0)
		return 0;
	p += number;
	if (!strncmp(p, " ngày ", strlen(" ngày ")) && p[strlen(" ngày ")] >= '0' &&
	    p[strlen(" ngày ")] <= '9') {
		const char *date = p + strlen(" ngày ");
		size_t n = strspn(date, "0123456789/");
		p = date + n;
	}
	if (!strncmp(p, " của ", strlen(" của ")))
		p += strlen(" của ") + issuer_length(p + strlen(" của "));
	return (size_t)(p - s);
}

/* "tiêu chuẩn quốc gia TCVN ISO 9001:2015": a standard, cited by name. */
static size_t standard_length(const char *s)
{
	static const char lead[] = "tiêu chuẩn quốc gia TCVN";
	if (strncmp(s, lead, strlen(lead)))
		return 0;
	return issuer_length(s);
}

/* The documents text cites, each once, in the order it cites them. */
static void find_refs(struct import_result *r, struct import_duty *duty)
{
	size_t cap = 0;
	for (const char *s = duty->text; *s; s++) {
		if (s != duty->text && s[-1] != ' ' && s[-1] != '(')
			continue;
		size_t len = standard_length(s);
		for (size_t k = 0; !len && k < KH_ARRAY_LEN(document_kinds); k++)
			len = citation_length(s, document_kinds[k]);
		if (!len)
			continue;
		char *ref = arena_strndup(&r->arena, s, len);
		bool seen = false;
		for (size_t i = 0; i < duty->n_refs; i++)
			seen |= !strcmp(duty->refs[i], ref);
		if (!seen) {
			X_GROW(duty->refs, cap, duty->n_refs + 1);
			duty->refs[duty->n_refs++] = ref;
		}
		s += len - 1;
	}
}

/* "19/01/2022" at s: the day, or KH_DATE_NONE. */
static kh_date read_day(const char *s)
{
	int d, m, y, n = 0;
	if (sscanf(s, "%2d/%2d/%4d%n", &d, &m, &y, &n) != 3 || n < 8)
		return KH_DATE_NONE;
	return date_valid_ymd(y, m, d) ? date_from_ymd(y, m, d) : KH_DATE_NONE;
}

/* The document's own number and day, which its preamble gives where it
 * says it was issued: "… đã ban hành văn bản số 77/STTTT-VP ngày
 * 19/01/2022 …" (Kế hoạch, Chỉ thị … alike). */
static void find_own_number(struct import_result *r)
{
	static const char issued[] = "ban hành ";
	for (size_t i = 0; i < r->n_preamble && !r->number; i++) {
		const char *at = strstr(r->preamble[i], issued);
		if (!at)
			continue;
		const char *so = strstr(at, " số ");
		/* The kind of document between: at most a few words. */
		if (!so || so - at > 40)
			continue;
		const char *number = so + strlen(" số ");
		size_t len = strcspn(number, " ;,)");
		while (len && number[len - 1] == '.')
			len--;
		if (!len)
			continue;
		r->number = arena_strndup(&r->arena, number, len);
		if (!strncmp(number + len, " ngày ", strlen(" ngày ")))
			r->issued = read_day(number + len + strlen(" ngày "));
	}
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
	find_refs(r, duty);
}

int import_recognise(const char *doc_name, const struct doc *doc,
		     struct import_result *r, struct kh_error *err)
{
	memset(r, 0, sizeof(*r));
	r->issued = KH_DATE_NONE;
	size_t section_cap = 0, preamble_cap = 0, duty_cap = 0, n_duties = 0;
	for (size_t i = 0; i < doc->n_paragraphs; i++) {
		const struct doc_paragraph *p = &doc->paragraphs[i];
		size_t label_len, bullet = bullet_length(p->text);
		const char *name;
		if (!bullet && is_heading(p->text, &label_len, &name)) {
			add_section(r, &section_cap, p->text, label_len, name, p->line);
			duty_cap = 0;
		} else if (r->n_sections == 0) {
			X_GROW(r->preamble, preamble_cap, r->n_preamble + 1);
			r->preamble[r->n_preamble++] = arena_strdup(&r->arena, p->text);
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
	find_own_number(r);
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
			x_free(r->sections[i].duties[d].refs);
		x_free(r->sections[i].duties);
	}
	x_free(r->sections);
	x_free(r->preamble);
	arena_free(&r->arena);
	memset(r, 0, sizeof(*r));
}
