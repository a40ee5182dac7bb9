/* import_preamble: what a directive's preamble says of the directive
 * itself (import_internal.h).
 *
 * Two shapes are read. A document as issued opens with its heading:
 *
 *     UBND TỈNH QUẢNG TRỊ
 *     SỞ GIÁO DỤC VÀ ĐÀO TẠO
 *     Số: 45/KH-SGDĐT
 *     Quảng Trị, ngày 06 tháng 01 năm 2025
 *     KẾ HOẠCH
 *     Triển khai nhiệm vụ …
 *     Căn cứ Chỉ thị số …;
 *
 * and a summary of it (as a department's news page gives it) says it in
 * one sentence: "… Sở Thông tin và truyền thông đã ban hành văn bản số
 * 77/STTTT-VP ngày 19/01/2022 về việc phân công …, theo đó …". */
#include <stdio.h>
#include <string.h>

#include "import_internal.h"
#include "kehoach/lunar.h"
#include "kehoach/text.h"

/* The kinds of document whose name stands alone, in capitals, above
 * its subject. */
static const char *const document_titles[] = {
	"ke hoach", "chi thi", "cong van", "thong bao", "quyet dinh", "huong dan",
	"chuong trinh", "phuong an",
};

/* Words that open a sentence naming what the document rests on. */
static const char *const basis_leads[] = {
	"Căn cứ ", "Nhằm thực hiện ", "Triển khai thực hiện ", "Thực hiện ", "Triển khai ",
};

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static bool is_capitals(const char *s)
{
	char *upper = text_upper(s);
	bool same = !strcmp(upper, s);
	x_free(upper);
	return same;
}

/* s with its first letter in capitals ("phân công …" → "Phân công …"). */
static const char *capitalised(struct arena *arena, const char *s, size_t len)
{
	const char *p = s;
	text_next_codepoint(&p);
	char *first = x_strndup(s, (size_t)(p - s));
	char *upper = text_upper(first);
	char *rest = x_strndup(p, len - (size_t)(p - s));
	char *joined = x_asprintf("%s%s", upper, rest);
	const char *out = arena_strdup(arena, joined);
	x_free(first);
	x_free(upper);
	x_free(rest);
	x_free(joined);
	return out;
}

/* "19/01/2022" at s: the day, or KH_DATE_NONE. */
static kh_date read_day(const char *s)
{
	int d, m, y, n = 0;
	if (sscanf(s, "%2d/%2d/%4d%n", &d, &m, &y, &n) != 3 || n < 8)
		return KH_DATE_NONE;
	return date_valid_ymd(y, m, d) ? date_from_ymd(y, m, d) : KH_DATE_NONE;
}

/* A document's number ("77/STTTT-VP") at s; its length, or 0. */
static size_t number_length(const char *s)
{
	size_t len = strcspn(s, " ;,)");
	while (len && s[len - 1] == '.')
		len--;
	return memchr(s, '/', len) ? len : 0;
}

/* "Số: 45/KH-SGDĐT" (or "Số 45/…") on a line of its own. */
static void read_number_line(struct import_result *r, const char *p)
{
	if (r->number || !(starts_with(p, "Số") || starts_with(p, "SỐ")))
		return;
	p += strlen("Số");
	p += strspn(p, ": ");
	size_t len = number_length(p);
	if (len)
		r->number = arena_strndup(&r->arena, p, len);
}

/* "Quảng Trị, ngày 06 tháng 01 năm 2025": the place and the day. */
static void read_place_and_day(struct import_result *r, const char *p)
{
	const char *at = strstr(p, ", ngày ");
	int d, m, y, n = 0;
	if (!at || at == p || at - p > 40 || strpbrk(p, "0123456789") < at ||
	    sscanf(at + strlen(", ngày "), "%2d tháng %2d năm %4d%n", &d, &m, &y, &n) != 3 ||
	    !date_valid_ymd(y, m, d))
		return;
	if (!r->place)
		r->place = arena_strndup(&r->arena, p, (size_t)(at - p));
	if (r->issued == KH_DATE_NONE)
		r->issued = date_from_ymd(y, m, d);
}

/* Where the name of whoever issues ends, going back from end to the
 * clause it opens (after ", " or "; "). */
static const char *clause_start(const char *paragraph, const char *end)
{
	const char *start = paragraph;
	for (const char *s = paragraph; s < end; s++)
		if ((*s == ',' || *s == ';') && s[1] == ' ')
			start = s + 2;
	return start;
}

/* "… Sở Thông tin và truyền thông đã ban hành văn bản số 77/STTTT-VP
 * ngày 19/01/2022 về việc …, theo đó …": issuer, number, day, subject. */
static void read_issued_sentence(struct import_result *r, const char *p)
{
	const char *at = strstr(p, "ban hành ");
	if (!at)
		return;
	const char *so = strstr(at, " số ");
	/* The kind of document between: a few words at most. */
	if (!so || so - at > 40)
		return;
	const char *number = so + strlen(" số ");
	size_t len = number_length(number);
	if (!len)
		return;
	if (!r->number)
		r->number = arena_strndup(&r->arena, number, len);
	const char *rest = number + len;
	if (starts_with(rest, " ngày ")) {
		if (r->issued == KH_DATE_NONE)
			r->issued = read_day(rest + strlen(" ngày "));
		rest += strlen(" ngày ");
		rest += strspn(rest, "0123456789/");
	}
	const char *by = at;
	if (by - p >= (long)strlen("đã ") && !strncmp(by - strlen("đã "), "đã ", strlen("đã ")))
		by -= strlen("đã ");
	const char *start = clause_start(p, by);
	if (!r->issuer && by - start > 1 && by - start < 120)
		r->issuer = arena_strndup(&r->arena, start, (size_t)(by - 1 - start));
	if (!r->title && starts_with(rest, " về việc ")) {
		const char *subject = rest + strlen(" về việc ");
		static const char *const ends[] = {
			", theo đó", ", yêu cầu", ", cụ thể", ", như sau", ". ", ";", ":",
		};
		size_t slen = strlen(subject);
		for (size_t i = 0; i < KH_ARRAY_LEN(ends); i++) {
			const char *e = strstr(subject, ends[i]);
			if (e && (size_t)(e - subject) < slen)
				slen = (size_t)(e - subject);
		}
		while (slen && strchr(".,", subject[slen - 1]))
			slen--;
		if (slen) {
			r->title = capitalised(&r->arena, subject, slen);
			r->title_words = arena_strndup(&r->arena, rest + 1, (size_t)(subject + slen - rest - 1));
		}
	}
}

/* A name in capitals in ordinary case, as a clerk writes it when the
 * document never does: lower case but for its first letter, the
 * abbreviations of bodies ("UBND") and the name of a place after its
 * kind, each syllable capitalised ("ỦY BAN NHÂN DÂN HUYỆN YÊN THÀNH" →
 * "Ủy ban nhân dân huyện Yên Thành"). */
static const char *ordinary_case(struct arena *arena, const char *capitals)
{
	static const char *const abbreviations[] = { "UBND", "HĐND", "MTTQ", "TP" };
	static const char *const place_kinds[] = {
		"tinh", "huyen", "pho", "xa", "quan", "phuong", "tran",
	};
	struct buf out = { 0 };
	bool place = false, first = true;
	char *copy = x_strdup(capitals);
	for (char *word = strtok(copy, " "); word; word = strtok(NULL, " ")) {
		bool keep = false;
		for (size_t i = 0; i < KH_ARRAY_LEN(abbreviations); i++)
			keep |= !strcmp(word, abbreviations[i]);
		char *lower = text_lower(word);
		buf_puts(&out, first ? "" : " ");
		if (keep) {
			buf_puts(&out, word);
		} else if (first || place) {
			const char *rest = lower;
			text_next_codepoint(&rest);
			char *head = x_strndup(lower, (size_t)(rest - lower));
			char *upper = text_upper(head);
			buf_printf(&out, "%s%s", upper, rest);
			x_free(head);
			x_free(upper);
		} else {
			buf_puts(&out, lower);
		}
		char *folded = text_fold(word);
		for (size_t i = 0; i < KH_ARRAY_LEN(place_kinds); i++)
			place |= !strcmp(folded, place_kinds[i]);
		x_free(folded);
		x_free(lower);
		first = false;
	}
	x_free(copy);
	const char *result = arena_strdup(arena, buf_str(&out));
	buf_free(&out);
	return result;
}

/* The name in capitals as the document writes it elsewhere in ordinary
 * case ("SỞ Y TẾ" → "Sở Y tế"), or as it stands. */
static const char *ordinary_spelling(struct import_result *r, const char *capitals)
{
	char *folded = text_fold(capitals);
	const char *found = NULL;
	for (size_t i = 0; i < r->n_preamble && !found; i++) {
		struct import_words w;
		import_words_split(r->preamble[i], &w);
		size_t n = 1;
		for (const char *s = folded; *s; s++)
			n += *s == ' ';
		for (size_t at = 0; at + n <= w.n && !found; at++) {
			if (!import_words_match(&w, at, folded))
				continue;
			const struct import_word *last = &w.items[at + n - 1];
			char *spelt = x_strndup(w.items[at].start,
						(size_t)(last->start + last->len - w.items[at].start));
			if (!is_capitals(spelt))
				found = arena_strdup(&r->arena, spelt);
			x_free(spelt);
		}
		import_words_free(&w);
	}
	x_free(folded);
	return found ? found : ordinary_case(&r->arena, capitals);
}

static bool is_document_title(const char *p)
{
	char *folded = text_fold(p);
	bool found = false;
	for (size_t i = 0; i < KH_ARRAY_LEN(document_titles); i++)
		found |= !strcmp(folded, document_titles[i]);
	x_free(folded);
	return found && is_capitals(p);
}

/* The subject as a title: without "V/v", "Về việc" or "Về" before it. */
static void set_title(struct import_result *r, const char *line)
{
	static const char *const leads[] = { "V/v ", "Về việc ", "về việc ", "Về ", "về " };
	const char *t = line;
	for (size_t i = 0; i < KH_ARRAY_LEN(leads); i++)
		if (starts_with(t, leads[i])) {
			t += strlen(leads[i]);
			break;
		}
	if (!*t)
		return;
	r->title = capitalised(&r->arena, t, strlen(t));
	r->title_words = line;
}

/* A line of capitals that goes on the one before: "ỦY BAN NHÂN DÂN" /
 * "HUYỆN YÊN THÀNH" is one name on two lines. */
static bool continues_name(const char *p)
{
	static const char *const places[] = {
		"TỈNH ", "HUYỆN ", "THÀNH PHỐ ", "THỊ XÃ ", "QUẬN ", "XÃ ", "PHƯỜNG ", "THỊ TRẤN ",
	};
	for (size_t i = 0; i < KH_ARRAY_LEN(places); i++)
		if (starts_with(p, places[i]))
			return true;
	return false;
}

/* The heading in capitals: the body above, then the issuer (each on a
 * line or two), then the kind of document and its subject on the next
 * line ("V/v …" in a letter). */
static void read_heading(struct import_result *r)
{
	char *caps[2] = { NULL, NULL };
	size_t n_caps = 0;
	for (size_t i = 0; i < r->n_preamble; i++) {
		const char *p = r->preamble[i];
		char *folded = text_fold(p);
		bool national = starts_with(folded, "cong hoa xa hoi") || starts_with(folded, "doc lap");
		x_free(folded);
		if (is_document_title(p)) {
			if (!r->title && i + 1 < r->n_preamble && !is_capitals(r->preamble[i + 1]))
				set_title(r, r->preamble[i + 1]);
			break;
		}
		if (starts_with(p, "V/v ") && !r->title)
			set_title(r, p);
		if (national || !is_capitals(p) || strlen(p) >= 120 || starts_with(p, "SỐ"))
			continue;
		if (n_caps && continues_name(p)) {
			char *joined = x_asprintf("%s %s", caps[n_caps - 1], p);
			x_free(caps[n_caps - 1]);
			caps[n_caps - 1] = joined;
			continue;
		}
		if (n_caps == 2) {
			x_free(caps[0]);
			caps[0] = caps[1];
			n_caps = 1;
		}
		caps[n_caps++] = x_strdup(p);
	}
	if (n_caps == 2 && !r->parent)
		r->parent = ordinary_spelling(r, caps[0]);
	if (n_caps && !r->issuer)
		r->issuer = ordinary_spelling(r, caps[n_caps - 1]);
	for (size_t i = 0; i < n_caps; i++)
		x_free(caps[i]);
}

/* "Căn cứ Chỉ thị số …; Thực hiện Công văn số … và Kế hoạch số …": the
 * documents the plan rests on, each as cited (not the document itself,
 * which its own preamble may name). */
static void read_basis(struct import_result *r, const char *p)
{
	bool lead = false;
	for (size_t i = 0; i < KH_ARRAY_LEN(basis_leads); i++)
		lead |= starts_with(p, basis_leads[i]);
	if (!lead)
		return;
	size_t before = r->n_basis;
	import_find_citations(p, &r->basis, &r->n_basis, &r->arena);
	size_t kept = before;
	for (size_t i = before; i < r->n_basis; i++) {
		bool own = r->number && strstr(r->basis[i], r->number);
		if (!own)
			r->basis[kept++] = r->basis[i];
	}
	r->n_basis = kept;
}

/* "Tết Nguyên đán Nhâm Dần 2022", "Tết Ất Tỵ năm 2025": the year of a
 * Tết named in text, or 0; *words gets the words. */
static int tet_named(struct arena *arena, const char *text, const char **words)
{
	struct import_words w;
	import_words_split(text, &w);
	int year = 0;
	for (size_t i = 0; i < w.n && !year; i++) {
		if (strcmp(w.items[i].folded, "tet"))
			continue;
		for (size_t j = i + 1; j < w.n && j <= i + 7; j++) {
			int y = 0, n = 0;
			if (sscanf(w.items[j].folded, "%4d%n", &y, &n) == 1 &&
			    n == 4 && w.items[j].folded[4] == '\0' &&
			    y >= LUNAR_YEAR_MIN && y <= LUNAR_YEAR_MAX) {
				year = y;
				*words = arena_strndup(arena, w.items[i].start,
						       (size_t)(w.items[j].start + 4 - w.items[i].start));
				break;
			}
			if (w.items[j].ends_clause)
				break;
		}
	}
	import_words_free(&w);
	return year;
}

static void read_tet(struct import_result *r, int tet_year)
{
	if (r->title)
		r->tet = tet_named(&r->arena, r->title, &r->tet_words);
	for (size_t i = 0; i < r->n_preamble && !r->tet; i++)
		r->tet = tet_named(&r->arena, r->preamble[i], &r->tet_words);
	for (size_t s = 0; s < r->n_sections && !r->tet; s++)
		for (size_t d = 0; d < r->sections[s].n_duties && !r->tet; d++)
			r->tet = tet_named(&r->arena, r->sections[s].duties[d].text, &r->tet_words);
	if (tet_year && r->tet != tet_year) {
		r->tet_named = r->tet;
		r->tet_named_words = r->tet_words;
	}
	if (tet_year) {
		r->tet = tet_year;
		r->tet_words = NULL;
	}
}

void import_read_preamble(struct import_result *r, int tet_year)
{
	for (size_t i = 0; i < r->n_preamble; i++) {
		read_number_line(r, r->preamble[i]);
		read_place_and_day(r, r->preamble[i]);
		read_issued_sentence(r, r->preamble[i]);
	}
	read_heading(r);
	for (size_t i = 0; i < r->n_preamble; i++)
		read_basis(r, r->preamble[i]);
	read_tet(r, tet_year);
}
