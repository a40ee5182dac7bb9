/* plan: the in-memory model and the checks that need the whole plan. */
#include "kehoach/plan.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kehoach/i18n.h"
#include "kehoach/lunar.h"

static const char *const phase_names[PHASE_COUNT] = {
	[PHASE_NONE] = "",
	[PHASE_BEFORE] = "before",
	[PHASE_DURING] = "during",
	[PHASE_AFTER] = "after",
};

const char *phase_name(enum phase phase)
{
	if ((unsigned)phase >= PHASE_COUNT)
		return "";
	return phase_names[phase];
}

const char *phase_title(enum phase phase)
{
	switch (phase) {
	case PHASE_BEFORE:
		return _("before Tết");
	case PHASE_DURING:
		return _("during Tết");
	case PHASE_AFTER:
		return _("after Tết");
	default:
		return "";
	}
}

int phase_parse(const char *s, enum phase *out)
{
	for (int p = PHASE_BEFORE; p < PHASE_COUNT; p++) {
		if (strcmp(s, phase_names[p]) == 0) {
			*out = (enum phase)p;
			return 0;
		}
	}
	return -1;
}

struct plan *plan_new(const char *file)
{
	struct plan *plan = x_calloc(1, sizeof(*plan));
	plan->file = arena_strdup(&plan->arena, file);
	plan->issued = KH_DATE_NONE;
	plan->period.from = plan->period.to = KH_DATE_NONE;
	for (int p = 0; p < PHASE_COUNT; p++)
		plan->phases[p].from = plan->phases[p].to = KH_DATE_NONE;
	return plan;
}

void plan_free(struct plan *plan)
{
	if (!plan)
		return;
	arena_free(&plan->arena);
	x_free(plan);
}

bool plan_id_valid(const char *id)
{
	size_t len = strlen(id);
	if (len == 0 || len > PLAN_ID_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = id[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			  (c == '-' && i > 0);
		if (!ok)
			return false;
	}
	return true;
}

const struct unit *plan_find_unit(const struct plan *plan, const char *id)
{
	for (size_t i = 0; i < plan->n_units; i++)
		if (strcmp(plan->units[i].id, id) == 0)
			return &plan->units[i];
	return NULL;
}

kh_date plan_duty_deadline(const struct plan *plan, const struct duty *duty)
{
	if (duty->due != KH_DATE_NONE)
		return duty->due;
	if (duty->phase != PHASE_NONE &&
	    plan->phases[duty->phase].to != KH_DATE_NONE)
		return plan->phases[duty->phase].to;
	return plan->period.to;
}

/* Fills the open ends of range with from and to; a range that gets one
 * is the defaults' and is blamed on the tet line. */
static void default_range(struct date_range *range, kh_date from, kh_date to,
			  struct source_pos tet_pos)
{
	bool open = range->from == KH_DATE_NONE || range->to == KH_DATE_NONE;
	if (!open)
		return;
	if (range->from == KH_DATE_NONE)
		range->from = from;
	if (range->to == KH_DATE_NONE)
		range->to = to;
	range->defaulted = true;
	range->pos = tet_pos;
}

void plan_apply_tet_defaults(struct plan *plan, bool with_phases)
{
	kh_date tet = plan->tet ? lunar_tet(plan->tet) : KH_DATE_NONE;
	if (tet == KH_DATE_NONE)
		return;
	struct date_range *period = &plan->period;
	default_range(period,
		      plan->issued != KH_DATE_NONE ? plan->issued : tet + PLAN_TET_FROM,
		      tet + PLAN_TET_TO, plan->tet_pos);
	if (!with_phases)
		return;
	default_range(&plan->phases[PHASE_BEFORE], period->from,
		      tet + PLAN_DURING_FROM - 1, plan->tet_pos);
	default_range(&plan->phases[PHASE_DURING], tet + PLAN_DURING_FROM,
		      tet + PLAN_DURING_TO, plan->tet_pos);
	default_range(&plan->phases[PHASE_AFTER], tet + PLAN_DURING_TO + 1,
		      period->to, plan->tet_pos);
}

/* Reports an error at pos in the plan's file. */
static void report(struct kh_errors *errors, const struct plan *plan,
		   struct source_pos pos, const char *fmt, ...) KH_PRINTF(4, 5);
static void report(struct kh_errors *errors, const struct plan *plan,
		   struct source_pos pos, const char *fmt, ...)
{
	struct kh_error e;
	char message[sizeof(e.message)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	kh_error_set(&e, plan->file, pos.line, pos.column, "%s", message);
	kh_errors_add(errors, &e);
}

/* The units a list refers to (`members` of the group self, or a duty's
 * `with`, self NULL) must be units of the plan, each once, and no group
 * among a group's members. Without named (some unit's id could not be
 * read), an unknown id may be that unit's: it is not reported. A
 * reference without an id was refused when read. */
static void check_unit_refs(const struct plan *plan, const struct str_map *units,
			    bool named, const struct unit_ref *refs, size_t n_refs,
			    const char *key, const char *self, struct kh_errors *errors)
{
	for (size_t i = 0; i < n_refs; i++) {
		long long index;
		bool twice = false;
		if (!refs[i].id)
			continue;  /* refused when read */
		for (size_t j = 0; j < i && !twice; j++)
			if (refs[j].id && strcmp(refs[j].id, refs[i].id) == 0) {
				report(errors, plan, refs[i].pos,
				       _("unit '%s' is listed twice in %s (first at line %u): remove one"),
				       refs[i].id, key, refs[j].pos.line);
				twice = true;
			}
		if (twice)
			continue;
		if (self && strcmp(refs[i].id, self) == 0)
			report(errors, plan, refs[i].pos,
			       _("group '%s' lists itself as a member: remove it from 'members'"),
			       self);
		else if (!str_map_get(units, refs[i].id, &index)) {
			if (named)
				report(errors, plan, refs[i].pos,
				       _("unknown unit '%s' in %s (not a unit of this plan): write the id of one of its units"),
				       refs[i].id, key);
		} else if (self && plan->units[index].is_group) {
			report(errors, plan, refs[i].pos,
			       _("unit '%s' is a group; a group may not be a member of a group"),
			       refs[i].id);
		}
	}
}

static void check_range(const struct plan *plan, struct date_range range,
			const char *what, struct kh_errors *errors)
{
	if (range.from == KH_DATE_NONE || range.to == KH_DATE_NONE ||
	    range.from <= range.to)
		return;
	char from[DATE_STR_SIZE], to[DATE_STR_SIZE];
	date_format_vn(range.from, from);
	date_format_vn(range.to, to);
	/* A default date that makes no sense is fixed by writing the dates
	 * out, which the tet line alone does not show. */
	if (range.defaulted)
		report(errors, plan, range.pos,
		       _("%s starts on %s, after it ends on %s (by the defaults for 'tet'; write its dates in the plan)"),
		       what, from, to);
	else
		report(errors, plan, range.pos, _("%s starts on %s, after it ends on %s"),
		       what, from, to);
}

enum id_owner { ID_OF_PLAN, ID_OF_UNIT, ID_OF_DUTY };

/* Reports id unless it is valid (a NULL id was refused when read). */
static void check_id(const struct plan *plan, const char *id,
		     struct source_pos pos, enum id_owner owner,
		     struct kh_errors *errors)
{
	if (!id || plan_id_valid(id))
		return;
	switch (owner) {
	case ID_OF_PLAN:
		report(errors, plan, pos,
		       _("bad plan id '%s': use lower-case letters a-z, digits and '-', starting with a letter or digit, at most %d characters"),
		       id, PLAN_ID_MAX);
		break;
	case ID_OF_UNIT:
		report(errors, plan, pos,
		       _("bad unit id '%s': use lower-case letters a-z, digits and '-', starting with a letter or digit, at most %d characters"),
		       id, PLAN_ID_MAX);
		break;
	case ID_OF_DUTY:
		report(errors, plan, pos,
		       _("bad duty id '%s': use lower-case letters a-z, digits and '-', starting with a letter or digit, at most %d characters"),
		       id, PLAN_ID_MAX);
		break;
	}
}

static void check_dates(const struct plan *plan, struct kh_errors *errors)
{
	check_range(plan, plan->period, _("the plan period"), errors);
	for (int p = PHASE_BEFORE; p < PHASE_COUNT; p++) {
		char what[64];
		snprintf(what, sizeof(what), _("phase '%s'"), phase_name((enum phase)p));
		check_range(plan, plan->phases[p], what, errors);
	}
}

/* Checks the ids of the units and fills units (id → index); returns
 * whether every unit has one. */
static bool check_unit_ids(const struct plan *plan, struct str_map *units,
			   struct kh_errors *errors)
{
	bool named = true;
	for (size_t u = 0; u < plan->n_units; u++) {
		const struct unit *unit = &plan->units[u];
		long long first;
		if (!unit->id) {
			named = false;
			continue;
		}
		check_id(plan, unit->id, unit->id_pos, ID_OF_UNIT, errors);
		if (!str_map_add(units, unit->id, (long long)u, &first))
			report(errors, plan, unit->id_pos,
			       _("unit id '%s' is used twice (first at line %u): give each unit its own id"),
			       unit->id, plan->units[first].id_pos.line);
	}
	return named;
}

/* ---- what a check keeps -------------------------------------------------- */

/* plan_check_store in memory: the ids in a str_table, the records one
 * after another in a buf, each after its length. */
struct memory_store {
	struct str_table ids;
	struct buf records;
	size_t next;                /* where next_record() reads */
};

static int memory_add_id(void *ctx, const char *id, long long line, long long *first)
{
	struct memory_store *m = ctx;
	return str_table_add(&m->ids, id, line, first) ? 0 : 1;
}

static int memory_find_id(void *ctx, const char *id, long long *first)
{
	struct memory_store *m = ctx;
	return str_table_get(&m->ids, id, first) ? 1 : 0;
}

static int memory_put_record(void *ctx, const void *bytes, size_t len)
{
	struct memory_store *m = ctx;
	buf_append(&m->records, (const char *)&len, sizeof(len));
	buf_append(&m->records, bytes, len);
	return 0;
}

static int memory_next_record(void *ctx, const void **bytes, size_t *len)
{
	struct memory_store *m = ctx;
	if (m->next >= m->records.len)
		return 0;
	const char *at = m->records.data + m->next;
	memcpy(len, at, sizeof(*len));
	*bytes = at + sizeof(*len);
	m->next += sizeof(*len) + *len;
	return 1;
}

static const char *memory_failure(void *ctx)
{
	(void)ctx;
	return "";   /* it does not fail: running out of memory ends the program */
}

static struct plan_check_store memory_store_open(struct memory_store *m)
{
	*m = (struct memory_store){ 0 };
	return (struct plan_check_store){ m, memory_add_id, memory_find_id,
					  memory_put_record, memory_next_record,
					  memory_failure };
}

static void memory_store_close(struct memory_store *m)
{
	str_table_free(&m->ids);
	buf_free(&m->records);
}

/* The store a check keeps the duties' ids in, and whether it failed:
 * said once, at the duty where it did. */
struct kept {
	const struct plan_check_store *store;
	bool failed;
};

static void kept_failed(struct kept *k, const struct plan *plan, struct source_pos pos,
			struct kh_errors *errors)
{
	if (!k->failed)
		report(errors, plan, pos,
		       _("cannot check the duties' ids: %s; make room for temporary files (TMPDIR) and try again"),
		       k->store->failure(k->store->ctx));
	k->failed = true;
}

/* What a duty is checked for on its own: its id (valid, not another
 * duty's: kept holds the ids so far, with their lines) and its dates. */
static void check_duty_alone(const struct plan *plan, const struct duty *duty,
			     struct kept *kept, struct kh_errors *errors)
{
	long long first;
	const char *id = duty->id;
	check_id(plan, id, duty->id_pos, ID_OF_DUTY, errors);
	int found = id && !kept->failed
		? kept->store->add_id(kept->store->ctx, id, duty->id_pos.line, &first) : 0;
	if (found < 0)
		kept_failed(kept, plan, duty->id_pos, errors);
	else if (found)
		report(errors, plan, duty->id_pos,
		       _("duty id '%s' is used twice (first at line %lld): give each duty its own id"),
		       id, first);
	if (duty->start != KH_DATE_NONE && duty->due != KH_DATE_NONE &&
	    duty->start > duty->due) {
		char start[DATE_STR_SIZE], due[DATE_STR_SIZE];
		date_format_vn(duty->start, start);
		date_format_vn(duty->due, due);
		report(errors, plan, duty->start_pos,
		       _("duty '%s' starts on %s, after it is due on %s"),
		       duty->id ? duty->id : "?", start, due);
	}
}

static void check_duty(const struct plan *plan, const struct duty *duty,
		       const struct str_map *units, bool named,
		       struct kept *kept, struct kh_errors *errors)
{
	check_duty_alone(plan, duty, kept, errors);
	check_unit_refs(plan, units, named, duty->with, duty->n_with, "with", NULL,
			errors);
}

/* The ids in one duty's `was:` (a duty renamed; at is the duty's id):
 * each a valid id, none a duty the plan still has (that one was not
 * renamed), none claimed by two duties (claimed: the ones so far, kept
 * as copies: a streamed check reads was from a record that the next one
 * replaces). */
static void check_was(const struct plan *plan, const char *const *was, size_t n_was,
		      struct source_pos at, struct kept *kept,
		      struct str_table *claimed, struct kh_errors *errors)
{
	for (size_t i = 0; i < n_was; i++) {
		const char *old = was[i];
		long long first;
		check_id(plan, old, at, ID_OF_DUTY, errors);
		int found = kept->failed ? 0 : kept->store->find_id(kept->store->ctx, old, &first);
		if (found < 0)
			kept_failed(kept, plan, at, errors);
		else if (found)
			report(errors, plan, at,
			       _("'was: %s' names a duty this plan still has (line %lld): a duty that is still there was not renamed"),
			       old, first);
		else if (!str_table_add(claimed, old, at.line, &first))
			report(errors, plan, at,
			       _("'%s' is in 'was' of two duties (first at line %lld): a duty was renamed into one of them only"),
			       old, first);
	}
}

static void check_renames(const struct plan *plan, struct kept *kept,
			  struct kh_errors *errors)
{
	struct str_table claimed = { 0 };
	for (size_t u = 0; u < plan->n_units; u++)
		for (size_t d = 0; d < plan->units[u].n_duties; d++) {
			const struct duty *duty = &plan->units[u].duties[d];
			check_was(plan, duty->was, duty->n_was, duty->id_pos, kept,
				  &claimed, errors);
		}
	str_table_free(&claimed);
}

int plan_check(const struct plan *plan, struct kh_errors *errors)
{
	size_t before = errors->count;
	struct str_map units = { 0 };
	struct memory_store memory;
	const struct plan_check_store store = memory_store_open(&memory);
	struct kept kept = { &store, false };

	check_id(plan, plan->id, plan->id_pos, ID_OF_PLAN, errors);
	check_dates(plan, errors);
	bool named = check_unit_ids(plan, &units, errors);
	for (size_t u = 0; u < plan->n_units; u++) {
		const struct unit *unit = &plan->units[u];
		if (unit->is_group) {
			if (unit->n_members == 0)
				report(errors, plan, unit->pos,
				       _("group '%s' has no members: list its units under 'members'"),
				       unit->id ? unit->id : "?");
			check_unit_refs(plan, &units, named, unit->members,
					unit->n_members, "members",
					unit->id ? unit->id : "", errors);
		}
		for (size_t d = 0; d < unit->n_duties; d++)
			check_duty(plan, &unit->duties[d], &units, named, &kept, errors);
	}
	check_renames(plan, &kept, errors);
	str_map_free(&units);
	memory_store_close(&memory);
	return errors->count > before ? -1 : 0;
}

int plan_validate(const struct plan *plan, struct kh_error *err)
{
	struct kh_errors errors;
	kh_errors_init(&errors, 0);
	int rc = plan_check(plan, &errors);
	if (rc < 0)
		*err = errors.first;
	kh_errors_free(&errors);
	return rc;
}

/* ---- duties checked as they are read -------------------------------------
 *
 * A plan read and stored as it is read no longer has the duties already
 * stored by the end; what plan_check() would look at in them is checked
 * as each unit comes, or kept (ids, `with` and `was` lists: a small part
 * of a duty) in the checker's store for the checks that need the whole
 * plan. Whether the plan passes is what plan_check() would say; the
 * order of the errors may differ. */

struct plan_duty_checker {
	struct kept kept;
	struct plan_check_store own;     /* when given none */
	struct memory_store memory;
	struct buf record;               /* one duty's refs, as put */
	struct unit_ref *with;           /* one duty's, as read back */
	const char **was;
	size_t with_cap, was_cap;
};

struct plan_duty_checker *plan_duty_checker_new(const struct plan_check_store *store)
{
	struct plan_duty_checker *c = x_calloc(1, sizeof(*c));
	if (!store) {
		c->own = memory_store_open(&c->memory);
		store = &c->own;
	}
	c->kept.store = store;
	return c;
}

static void put_bytes(struct buf *b, const void *p, size_t n)
{
	buf_append(b, p, n);
}

static const char *take_bytes(const char *at, void *p, size_t n)
{
	memcpy(p, at, n);
	return at + n;
}

/* An id as put_refs() writes it: a byte that says whether it is there
 * (refused when read: NULL), then the id and its NUL. */
static void put_id(struct buf *b, const char *id)
{
	buf_putc(b, id ? 1 : 0);
	if (id)
		buf_append(b, id, strlen(id) + 1);
}

static const char *take_id(const char *at, const char **id)
{
	*id = *at++ ? at : NULL;
	return *id ? at + strlen(at) + 1 : at;
}

/* A duty's refs as one record: where its id is, how many `with` and
 * `was`, each `with` with where it is, each `was`. No pointers and no
 * padding: a large plan has tens of thousands of them. */
static void put_refs(struct buf *b, const struct duty *duty)
{
	buf_reset(b);
	put_bytes(b, &duty->id_pos, sizeof(duty->id_pos));
	put_bytes(b, &duty->n_with, sizeof(duty->n_with));
	put_bytes(b, &duty->n_was, sizeof(duty->n_was));
	for (size_t i = 0; i < duty->n_with; i++) {
		put_bytes(b, &duty->with[i].pos, sizeof(duty->with[i].pos));
		put_id(b, duty->with[i].id);
	}
	for (size_t i = 0; i < duty->n_was; i++)
		put_id(b, duty->was[i]);
}

/* Reads the refs of one duty back from its record at into c->with and
 * c->was. */
static void take_refs(struct plan_duty_checker *c, const char *at,
		      struct source_pos *pos, size_t *n_with, size_t *n_was)
{
	at = take_bytes(at, pos, sizeof(*pos));
	at = take_bytes(at, n_with, sizeof(*n_with));
	at = take_bytes(at, n_was, sizeof(*n_was));
	X_GROW(c->with, c->with_cap, *n_with);
	X_GROW(c->was, c->was_cap, *n_was);
	for (size_t i = 0; i < *n_with; i++) {
		at = take_bytes(at, &c->with[i].pos, sizeof(c->with[i].pos));
		at = take_id(at, &c->with[i].id);
	}
	for (size_t i = 0; i < *n_was; i++)
		at = take_id(at, &c->was[i]);
}

void plan_duty_checker_add(struct plan_duty_checker *c, const struct plan *plan,
			   const struct unit *unit, struct kh_errors *errors)
{
	const struct plan_check_store *store = c->kept.store;
	for (size_t d = 0; d < unit->n_duties; d++) {
		const struct duty *duty = &unit->duties[d];
		check_duty_alone(plan, duty, &c->kept, errors);
		if ((duty->n_was || duty->n_with) && !c->kept.failed) {
			put_refs(&c->record, duty);
			if (store->put_record(store->ctx, c->record.data, c->record.len) < 0)
				kept_failed(&c->kept, plan, duty->id_pos, errors);
		}
	}
}

void plan_duty_checker_end(struct plan_duty_checker *c, const struct plan *plan,
			   struct kh_errors *errors)
{
	if (c->kept.failed)
		return;     /* said; what is kept is not the whole */
	const struct plan_check_store *store = c->kept.store;
	struct str_map units = { 0 };
	struct str_table claimed = { 0 };
	struct kh_errors ignored;   /* the units' own errors: plan_check()'s */
	kh_errors_init(&ignored, 0);
	bool named = check_unit_ids(plan, &units, &ignored);
	kh_errors_free(&ignored);
	const void *record;
	size_t len;
	int more = 0;
	while (!c->kept.failed && (more = store->next_record(store->ctx, &record, &len)) > 0) {
		struct source_pos pos;
		size_t n_with, n_was;
		take_refs(c, record, &pos, &n_with, &n_was);
		check_unit_refs(plan, &units, named, c->with, n_with, "with", NULL, errors);
		check_was(plan, c->was, n_was, pos, &c->kept, &claimed, errors);
	}
	if (!c->kept.failed && more < 0)
		kept_failed(&c->kept, plan, plan->id_pos, errors);
	str_map_free(&units);
	str_table_free(&claimed);
}

void plan_duty_checker_free(struct plan_duty_checker *c)
{
	if (!c)
		return;
	if (c->kept.store == &c->own)
		memory_store_close(&c->memory);
	buf_free(&c->record);
	x_free(c->with);
	x_free(c->was);
	x_free(c);
}
