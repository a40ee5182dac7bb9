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

/* Made ids are at most this long, so that "-12" or a duty's "-123"
 * after them still makes a valid id. */
#define MADE_ID_MAX (PLAN_ID_MAX - 8)

/* The id made of s: its folded letters and digits, other runs as one
 * '-', at most MADE_ID_MAX bytes cut at a '-'; "" when none is left. */
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
	if (strlen(out) > MADE_ID_MAX) {
		out[MADE_ID_MAX] = '\0';
		char *cut = strrchr(out, '-');
		if (cut)
			*cut = '\0';
	}
	return out;
}

static bool is_taken(const struct str_map *used, const char *id)
{
	long long unused;
	return str_map_get(used, id, &unused);
}

/* base, or base-2, base-3 … whichever no id in used has yet; added to
 * used. */
static const char *unique_id(struct import_ids *ids, struct str_map *used, const char *base)
{
	char *candidate = x_strdup(base);
	for (int n = 2; is_taken(used, candidate) || !plan_id_valid(candidate); n++) {
		x_free(candidate);
		/* Leave room for the suffix within PLAN_ID_MAX. */
		candidate = x_asprintf("%.*s-%d", MADE_ID_MAX, base[0] ? base : "x", n);
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

/* What the plans folder already names: units by folded name, duties by
 * text, each the first found; looked up once per section and duty, so
 * that a folder of 100,000 duties costs one pass. */
struct known_names {
	struct str_map units;        /* folded name → index in unit_list */
	struct str_map duties;       /* text → index in duty_ids */
	const struct unit **unit_list;
	const struct plan **unit_plans;
	const char **duty_ids;
	char **folded;               /* owned keys of units */
	size_t n_units, n_duties;
};

static void know_names(struct known_names *k, struct plan *const *known, size_t n_known)
{
	memset(k, 0, sizeof(*k));
	size_t units = 0, duties = 0;
	for (size_t i = 0; i < n_known; i++)
		for (size_t u = 0; u < known[i]->n_units; u++) {
			units++;
			duties += known[i]->units[u].n_duties;
		}
	k->unit_list = x_calloc(units + 1, sizeof(*k->unit_list));
	k->unit_plans = x_calloc(units + 1, sizeof(*k->unit_plans));
	k->folded = x_calloc(units + 1, sizeof(*k->folded));
	k->duty_ids = x_calloc(duties + 1, sizeof(*k->duty_ids));
	for (size_t i = 0; i < n_known; i++)
		for (size_t u = 0; u < known[i]->n_units; u++) {
			const struct unit *unit = &known[i]->units[u];
			k->folded[k->n_units] = text_fold(unit->name);
			if (str_map_add(&k->units, k->folded[k->n_units], (long long)k->n_units, NULL)) {
				k->unit_list[k->n_units] = unit;
				k->unit_plans[k->n_units] = known[i];
			}
			k->n_units++;
			for (size_t d = 0; d < unit->n_duties; d++)
				if (str_map_add(&k->duties, unit->duties[d].text, (long long)k->n_duties, NULL))
					k->duty_ids[k->n_duties++] = unit->duties[d].id;
		}
}

static void forget_names(struct known_names *k)
{
	for (size_t i = 0; i < k->n_units; i++)
		x_free(k->folded[i]);
	str_map_free(&k->units);
	str_map_free(&k->duties);
	x_free(k->unit_list);
	x_free(k->unit_plans);
	x_free(k->duty_ids);
	x_free(k->folded);
}

/* A unit named name (whatever its case and diacritics), or NULL. */
static const struct unit *unit_named(const struct known_names *k, const char *name,
				     const struct plan **in)
{
	char *want = text_fold(name);
	long long at;
	bool found = str_map_get(&k->units, want, &at);
	x_free(want);
	if (!found)
		return NULL;
	*in = k->unit_plans[at];
	return k->unit_list[at];
}

/* The id of a duty of that very text, or NULL. */
static const char *duty_of_text(const struct known_names *k, const char *text)
{
	long long at;
	return str_map_get(&k->duties, text, &at) ? k->duty_ids[at] : NULL;
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
	struct known_names k;
	know_names(&k, known, n_known);
	size_t n = r->n_sections ? r->n_sections : 1;
	ids->plan = plan_id(r, source, ids, known, n_known);
	ids->units = arena_alloc(&ids->arena, n * sizeof(*ids->units));
	ids->unit_from = arena_alloc(&ids->arena, n * sizeof(*ids->unit_from));
	ids->duties = arena_alloc(&ids->arena, n * sizeof(*ids->duties));
	for (size_t s = 0; s < r->n_sections; s++) {
		const struct plan *in = NULL;
		const struct unit *same = unit_named(&k, r->sections[s].name, &in);
		char *made = id_from_text(r->sections[s].name);
		ids->units[s] = unique_id(ids, &used, same ? same->id : made[0] ? made : "don-vi");
		ids->unit_from[s] = same && !strcmp(ids->units[s], same->id) ? in->file : NULL;
		x_free(made);
	}
	for (size_t s = 0; s < r->n_sections; s++) {
		const struct import_section *sec = &r->sections[s];
		ids->duties[s] = arena_alloc(&ids->arena, (sec->n_duties + 1) * sizeof(**ids->duties));
		for (size_t d = 0; d < sec->n_duties; d++) {
			const char *same = duty_of_text(&k, sec->duties[d].text);
			char *made = x_asprintf("%s-%zu", ids->units[s], d + 1);
			ids->duties[s][d] = unique_id(ids, &used,
						      same && !is_taken(&used, same) ? same : made);
			x_free(made);
		}
	}
	str_map_free(&used);
	forget_names(&k);
}

void import_ids_free(struct import_ids *ids)
{
	arena_free(&ids->arena);
	memset(ids, 0, sizeof(*ids));
}
