/* import_with: the coordinating units a duty names ("phối hợp với Văn
 * phòng Sở và Thanh tra Sở"), found among the document's own sections
 * (import_internal.h).
 *
 * A text names a unit as its heading does, or spells out what the
 * heading abbreviates: "Trung tâm Công nghệ thông tin và Truyền thông"
 * is the section "Trung tâm CNTT-TT", each capital of "CNTT" the first
 * letter of one word, "và" between the parts. Case and diacritics do not
 * matter ("phòng Nội vụ" is "Phòng Nội vụ"). */
#include <string.h>

#include "import_internal.h"

/* Words that open the list of coordinating units. */
static const char *const with_leads[] = {
	"phoi hop chat che voi", "phoi hop voi", "phoi hop cung", "phoi hop",
};

/* How many words of text, from at, an abbreviation ("cntt") spells out
 * by their first letters; 0 when they do not. */
static size_t spelt_out(const struct import_words *text, size_t at, const char *letters)
{
	size_t n = strlen(letters);
	for (size_t k = 0; k < n; k++)
		if (at + k >= text->n || text->items[at + k].folded[0] != letters[k] ||
		    (k + 1 < n && text->items[at + k].ends_clause))
			return 0;
	return n;
}

/* How many words of text, from at, name the unit whose name's words are
 * name; 0 when they do not. */
static size_t names_unit(const struct import_words *text, size_t at,
			 const struct import_words *name)
{
	size_t t = at;
	for (size_t k = 0; k < name->n; k++) {
		if (t < text->n && k > 0 && text->items[t - 1].ends_clause)
			return 0;
		/* "và" joining what the heading joins with a hyphen. */
		if (k > 0 && t < text->n && !strcmp(text->items[t].folded, "va") &&
		    strcmp(name->items[k].folded, "va"))
			t++;
		if (t < text->n && !strcmp(text->items[t].folded, name->items[k].folded)) {
			t++;
			continue;
		}
		size_t n = name->items[k].is_abbreviation ?
			spelt_out(text, t, name->items[k].folded) : 0;
		if (!n)
			return 0;
		t += n;
	}
	return t - at;
}

static size_t lead_at(const struct import_words *w, size_t i)
{
	for (size_t k = 0; k < KH_ARRAY_LEN(with_leads); k++)
		if (import_words_match(w, i, with_leads[k])) {
			size_t n = 1;
			for (const char *s = with_leads[k]; *s; s++)
				n += *s == ' ';
			return n;
		}
	return 0;
}

static void add_with(struct import_result *r, struct import_duty *duty, size_t *cap,
		     size_t section, const struct import_words *w, size_t at, size_t n)
{
	for (size_t i = 0; i < duty->n_with; i++)
		if (duty->with[i].section == section)
			return;
	const struct import_word *last = &w->items[at + n - 1];
	X_GROW(duty->with, *cap, duty->n_with + 1);
	duty->with[duty->n_with++] = (struct import_with){
		.section = section,
		.words = arena_strndup(&r->arena, w->items[at].start,
				       (size_t)(last->start + last->len - w->items[at].start)),
	};
}

/* The section named by the words at, other than own and groups; sets
 * *n to the words it took. */
static bool section_named(const struct import_result *r, const struct import_words *names,
			  size_t own, const struct import_words *w, size_t at,
			  size_t *section, size_t *n)
{
	for (size_t s = 0; s < r->n_sections; s++) {
		if (s == own || r->sections[s].is_group)
			continue;
		*n = names_unit(w, at, &names[s]);
		if (*n) {
			*section = s;
			return true;
		}
	}
	return false;
}

void import_find_with(struct import_result *r)
{
	struct import_words *names = x_calloc(r->n_sections ? r->n_sections : 1, sizeof(*names));
	for (size_t s = 0; s < r->n_sections; s++)
		import_words_split(r->sections[s].name, &names[s]);
	for (size_t s = 0; s < r->n_sections; s++) {
		for (size_t d = 0; d < r->sections[s].n_duties; d++) {
			struct import_duty *duty = &r->sections[s].duties[d];
			struct import_words w;
			size_t cap = 0;
			import_words_split(duty->text, &w);
			for (size_t i = 0; i < w.n; i++) {
				size_t lead = lead_at(&w, i);
				if (!lead || w.items[i + lead - 1].ends_clause)
					continue;
				/* "… với Văn phòng Sở, Thanh tra Sở và …" */
				size_t at = i + lead, section, n;
				while (section_named(r, names, s, &w, at, &section, &n)) {
					add_with(r, duty, &cap, section, &w, at, n);
					at += n;
					if (at < w.n && !strcmp(w.items[at].folded, "va"))
						at++;
					else if (!w.items[at - 1].ends_clause ||
						 w.items[at - 1].start[w.items[at - 1].len] != ',')
						break;
				}
			}
			import_words_free(&w);
		}
	}
	for (size_t s = 0; s < r->n_sections; s++)
		import_words_free(&names[s]);
	x_free(names);
}
