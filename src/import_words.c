/* import_words: a text as words, for matching phrases (import_internal.h). */
#include <string.h>

#include "import_internal.h"
#include "kehoach/text.h"

/* Marks that may stand before a word: quotes and an opening bracket. */
static size_t leading_marks(const char *s, size_t len)
{
	static const char *const marks[] = { "(", "\"", "'", "“", "‘", "[" };
	size_t skipped = 0;
	for (bool again = true; again;) {
		again = false;
		for (size_t i = 0; i < KH_ARRAY_LEN(marks); i++) {
			size_t m = strlen(marks[i]);
			if (skipped + m <= len && !strncmp(s + skipped, marks[i], m)) {
				skipped += m;
				again = true;
			}
		}
	}
	return skipped;
}

/* Marks that may follow a word; those that end a clause set *ends. */
static size_t trailing_marks(const char *s, size_t len, bool *ends)
{
	static const char *const marks[] = { ",", ";", ":", ".", ")", "\"", "'", "”", "’", "]", "…", "!", "?" };
	size_t kept = len;
	for (bool again = true; again;) {
		again = false;
		for (size_t i = 0; i < KH_ARRAY_LEN(marks); i++) {
			size_t m = strlen(marks[i]);
			if (kept >= m && !strncmp(s + kept - m, marks[i], m)) {
				kept -= m;
				*ends |= !strchr("\"'", marks[i][0]) && strcmp(marks[i], "”") &&
					 strcmp(marks[i], "’");
				again = true;
			}
		}
	}
	return kept;
}

/* "CNTT", "HĐND": letters only, none of them lower case. */
static bool all_capitals(const char *word, const char *folded)
{
	size_t len = strlen(folded);
	if (len < 2 || strspn(folded, "abcdefghijklmnopqrstuvwxyz") != len)
		return false;
	char *upper = text_upper(word);
	bool same = !strcmp(upper, word);
	x_free(upper);
	return same;
}

static void add_word(struct import_words *words, size_t *cap, const char *s,
		     size_t len)
{
	bool ends = false;
	size_t lead = leading_marks(s, len);
	s += lead;
	len = trailing_marks(s, len - lead, &ends);
	if (len == 0) {
		/* A mark on its own ("–", ";"): it ends the clause before it. */
		if (ends && words->n)
			words->items[words->n - 1].ends_clause = true;
		return;
	}
	char *word = arena_strndup(&words->arena, s, len);
	char *folded = text_fold(word);
	X_GROW(words->items, *cap, words->n + 1);
	words->items[words->n++] = (struct import_word){
		.start = s,
		.len = len,
		.folded = arena_strdup(&words->arena, folded),
		.ends_clause = ends,
		.is_abbreviation = all_capitals(word, folded),
	};
	x_free(folded);
}

void import_words_split(const char *text, struct import_words *words)
{
	memset(words, 0, sizeof(*words));
	size_t cap = 0;
	const char *s = text;
	while (*s) {
		s += strspn(s, " \t");
		size_t len = strcspn(s, " \t");
		/* "CNTT-TT": a hyphen between letters parts two words; one
		 * between digits ("29-KL/TU") does not. */
		const char *dash;
		while ((dash = memchr(s, '-', len)) && dash > s && dash + 1 < s + len &&
		       !(dash[-1] >= '0' && dash[-1] <= '9') &&
		       !(dash[1] >= '0' && dash[1] <= '9') && !memchr(s, '/', len)) {
			add_word(words, &cap, s, (size_t)(dash - s));
			len -= (size_t)(dash + 1 - s);
			s = dash + 1;
		}
		if (len)
			add_word(words, &cap, s, len);
		s += len;
	}
}

void import_words_free(struct import_words *words)
{
	x_free(words->items);
	arena_free(&words->arena);
	memset(words, 0, sizeof(*words));
}

bool import_words_match(const struct import_words *words, size_t at,
			const char *phrase)
{
	while (*phrase) {
		size_t len = strcspn(phrase, " ");
		if (at >= words->n || strlen(words->items[at].folded) != len ||
		    strncmp(words->items[at].folded, phrase, len))
			return false;
		phrase += len;
		phrase += strspn(phrase, " ");
		if (*phrase && words->items[at].ends_clause)
			return false;
		at++;
	}
	return true;
}
