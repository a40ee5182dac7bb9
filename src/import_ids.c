/* import_ids: the ids of a draft plan (import.h).
 *
 * An id is made from a name as a clerk types one: lower case, without
 * diacritics, words joined by '-' ("Văn phòng Sở" → "van-phong-so").
 * Before making one, the plans already in the folder are asked: a
 * directive imported again, or one naming the units an office already
 * has, keeps the ids people use on the command line and the marks kept
 * under them. */
#include <string.h>

#include "kehoach/import.h"
#include "kehoach/plan.h"
#include "kehoach/text.h"

/* The id made of s: its folded letters and digits, other runs as one
 * '-', at most PLAN_ID_MAX bytes cut at a '-'; "" when none is left. */
static char *id_from_text(const char *s)
{
	char *folded = text_fold(s);
	struct buf id = { 0 };
	bool dash = false;
	for (const char *p = folded; *p; p++) {
		bool keep = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
		if (!keep) {
			dash = id.len > 0;
			continue;
		}
		if (dash)
			buf_putc(&id, '-');
		buf_putc(&id, *p);
		dash = false;
	}
	x_free(folded);
	char *out = buf_steal(&id);
	if (!out)
		return x_strdup("");
	if (strlen(out) > PLAN_ID_MAX) {
		out[PLAN_ID_MAX] = '\0';
		char *cut = strrchr(out, '-');
		if (cut)
			*cut = '\0';
	}
	return out;
}

/* base, or base-2, base-3 … whichever no id in used has yet; added to
 * used. */
static const char *unique_id(struct import_ids *ids, struct str_map *used, const char *base)
{
	char *candidate = x_strdup(base);
	for (int n = 2; str_map_get(used, candidate, NULL) || !plan_id_valid(candidate); n++) {
		x_free(candidate);
		/* Leave room for the suffix within PLAN_ID_MAX. */
		candidate = x_asprintf("%.*s-%d", PLAN_ID_MAX - 8, base[0] ? base : "x", n);
	}
	const char *id = arena_strdup(&ids->arena, candidate);
	x_free(candidate);
	str_map_add(used, id, 1, NULL);
	return id;
}

/* The plan of the same number among known, or NULL. */
static const struct plan *plan_numbered(const char *number, struct plan *const *known,
					size_t n_known)
{
	for (size_t i = 0; number && i < n_known; i++)
		if (known[i]->number && !strcmp(known[i]->number, number))
			return known[i];
	return NULL;
}

/* A unit named name (whatever its case and diacritics) in known. */
static const struct unit *unit_named(const char *name, struct plan *const *known,
				     size_t n_known, const struct plan **in)
{
	char *want = text_fold(name);
	const struct unit *found = NULL;
	for (size_t i = 0; i < n_known && !found; i++)
		for (size_t u = 0; u < known[i]->n_units && !found; u++) {
			char *have = text_fold(known[i]->units[u].name);
			if (!strcmp(have, want)) {
				found = &known[i]->units[u];
				*in = known[i];
			}
			x_free(have);
		}
	x_free(want);
	return found;
}

/* The id of a duty of that very text in known, or NULL. */
static const char *duty_of_text(const char *text, struct plan *const *known, size_t n_known)
{
	for (size_t i = 0; i < n_known; i++)
		for (size_t u = 0; u < known[i]->n_units; u++)
			for (size_t d = 0; d < known[i]->units[u].n_duties; d++)
				if (!strcmp(known[i]->units[u].duties[d].text, text))
					return known[i]->units[u].duties[d].id;
	return NULL;
}

static const char *plan_id(const struct import_result *r, const struct import_source *source,
			   struct import_ids *ids, struct plan *const *known, size_t n_known)
{
	const struct plan *same = plan_numbered(r->number, known, n_known);
	if (same) {
		ids->plan_from = same->file;
		return arena_strdup(&ids->arena, same->id);
	}
	const char *base = strrchr(source->name, '/');
	base = base ? base + 1 : source->name;
	char *stem = x_strdup(base);
	char *dot = strrchr(stem, '.');
	if (dot && dot != stem)
		*dot = '\0';
	char *made = id_from_text(r->number ? r->number : stem);
	const char *id = arena_strdup(&ids->arena, made[0] ? made : "ke-hoach");
	x_free(made);
	x_free(stem);
	return id;
}

void import_assign_ids(const struct import_result *r, const struct import_source *source,
		       struct plan *const *known, size_t n_known, struct import_ids *ids)
{
	memset(ids, 0, sizeof(*ids));
	struct str_map used = { 0 };
	size_t n = r->n_sections ? r->n_sections : 1;
	ids->plan = plan_id(r, source, ids, known, n_known);
	ids->units = arena_alloc(&ids->arena, n * sizeof(*ids->units));
	ids->unit_from = arena_alloc(&ids->arena, n * sizeof(*ids->unit_from));
	ids->duties = arena_alloc(&ids->arena, n * sizeof(*ids->duties));
	for (size_t s = 0; s < r->n_sections; s++) {
		const struct plan *in = NULL;
		const struct unit *same = unit_named(r->sections[s].name, known, n_known, &in);
		char *made = id_from_text(r->sections[s].name);
		ids->units[s] = unique_id(ids, &used, same ? same->id : made[0] ? made : "don-vi");
		ids->unit_from[s] = same && !strcmp(ids->units[s], same->id) ? in->file : NULL;
		x_free(made);
	}
	for (size_t s = 0; s < r->n_sections; s++) {
		const struct import_section *sec = &r->sections[s];
		ids->duties[s] = arena_alloc(&ids->arena, (sec->n_duties + 1) * sizeof(**ids->duties));
		for (size_t d = 0; d < sec->n_duties; d++) {
			const char *same = duty_of_text(sec->duties[d].text, known, n_known);
			char *made = x_asprintf("%s-%zu", ids->units[s], d + 1);
			ids->duties[s][d] = unique_id(ids, &used,
						      same && !str_map_get(&used, same, NULL) ? same : made);
			x_free(made);
		}
	}
	str_map_free(&used);
}

void import_ids_free(struct import_ids *ids)
{
	arena_free(&ids->arena);
	memset(ids, 0, sizeof(*ids));
}
