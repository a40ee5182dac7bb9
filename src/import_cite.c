/* import_cite: the documents a text cites (import_internal.h). */
#include <stdio.h>
#include <string.h>

#include "import_internal.h"
#include "kehoach/text.h"

/* The kinds of document a duty cites by number ("Chỉ thị số 01/CT-UBND
 * ngày 05/01/2022 của UBND tỉnh"); a longer name before its prefix. */
static const char *const document_kinds[] = {
	"Chỉ thị", "Kết luận", "Nghị quyết liên tịch", "Nghị quyết", "Quyết định",
	"Kế hoạch", "Văn bản", "Công văn", "Thông tư liên tịch", "Thông tư",
	"Nghị định", "Thông báo", "Hướng dẫn", "Luật", "Quy định", "Quy chế",
	"Chương trình", "Đề án", "Công điện",
};

/* Words that follow an issuer's name in a sentence, not part of it:
 * "… của Chính phủ quy định chi tiết …", "… của UBND tỉnh về việc …". */
static const char *const after_issuer[] = {
	" về ", " quy định", " hướng dẫn", " ban hành", " phê duyệt", " sửa đổi",
	" nhằm ", " để ", " tại ", " theo ", " trong ", " đối với ", " trên ",
	" thì ", " khi ", " đã ", " đến ",
};

/* Bodies whose own names hold "về": "Ban Chỉ đạo liên ngành về an toàn
 * thực phẩm tỉnh". Their name runs to the end of the clause. */
static const char *const named_about[] = { "Ban Chỉ đạo", "Hội đồng" };

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Whether " và " at s joins two parts of one name ("Bộ Giáo dục và Đào
 * tạo", "Bộ Y tế và Bộ Giáo dục và Đào tạo") rather than two clauses or
 * two documents ("… của UBND tỉnh và Chỉ thị số …", "… và tổ chức …"). */
static bool joins_name(const char *s)
{
	const char *next = s + strlen(" và ");
	if (import_names_document(next))
		return false;
	const char *p = next;
	int32_t c = text_next_codepoint(&p);
	/* A capital letter begins a name's part: its lower case differs. */
	char lower[TEXT_UTF8_SIZE + 1] = { 0 }, letter[TEXT_UTF8_SIZE + 1] = { 0 };
	text_encode_codepoint(c, letter);
	char *folded = text_fold(letter);
	snprintf(lower, sizeof(lower), "%s", folded);
	x_free(folded);
	return c > 0 && strcmp(lower, letter) && c != ' ';
}

/* Where an issuer's name ends: before the words and marks that follow
 * one in a sentence ("… của UBND tỉnh về việc …", "…; ", "…)"). */
static size_t issuer_length(const char *s)
{
	size_t len = strcspn(s, ";),\n");
	/* A sentence or a clause ends; "ISO 9001:2015" goes on. */
	static const char *const stops[] = { ". ", ": " };
	for (size_t i = 0; i < KH_ARRAY_LEN(stops); i++) {
		const char *at = strstr(s, stops[i]);
		if (at && (size_t)(at - s) < len)
			len = (size_t)(at - s);
	}
	bool about = false;
	for (size_t i = 0; i < KH_ARRAY_LEN(named_about); i++)
		about |= starts_with(s, named_about[i]);
	for (size_t i = 0; i < KH_ARRAY_LEN(after_issuer); i++) {
		if (about && !strcmp(after_issuer[i], " về "))
			continue;
		const char *at = strstr(s, after_issuer[i]);
		if (at && (size_t)(at - s) < len)
			len = (size_t)(at - s);
	}
	for (const char *at = strstr(s, " và "); at && (size_t)(at - s) < len;
	     at = strstr(at + 1, " và "))
		if (!joins_name(at)) {
			len = (size_t)(at - s);
			break;
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

