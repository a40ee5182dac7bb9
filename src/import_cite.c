/* import_cite: the documents a text cites (import_internal.h). */
#include <string.h>

#include "import_internal.h"

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

size_t import_citation_length(const char *s)
{
	size_t len = standard_length(s);
	for (size_t k = 0; !len && k < KH_ARRAY_LEN(document_kinds); k++)
		len = citation_length(s, document_kinds[k]);
	return len;
}

bool import_names_document(const char *s)
{
	for (size_t k = 0; k < KH_ARRAY_LEN(document_kinds); k++)
		if (!strncmp(s, document_kinds[k], strlen(document_kinds[k])))
			return true;
	return false;
}

void import_find_citations(const char *text, const char ***refs, size_t *n_refs,
			   struct arena *arena)
{
	size_t cap = *n_refs;
	for (const char *s = text; *s; s++) {
		if (s != text && s[-1] != ' ' && s[-1] != '(')
			continue;
		size_t len = import_citation_length(s);
		if (!len)
			continue;
		char *ref = arena_strndup(arena, s, len);
		bool seen = false;
		for (size_t i = 0; i < *n_refs; i++)
			seen |= !strcmp((*refs)[i], ref);
		if (!seen) {
			X_GROW(*refs, cap, *n_refs + 1);
			(*refs)[(*n_refs)++] = ref;
		}
		s += len - 1;
	}
}

