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

/* Records an error at pos in the plan's file; returns -1. */
static int fail_at(struct kh_error *err, const struct plan *plan,
		   struct source_pos pos, const char *fmt, ...) KH_PRINTF(4, 5);
static int fail_at(struct kh_error *err, const struct plan *plan,
		   struct source_pos pos, const char *fmt, ...)
{
	char message[sizeof(err->message)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	kh_error_set(err, plan->file, pos.line, pos.column, "%s", message);
	return -1;
}

static int check_unit_refs(const struct plan *plan, const struct str_map *units,
			   const struct unit_ref *refs, size_t n_refs,
			   const char *what, bool members, struct kh_error *err)
{
	for (size_t i = 0; i < n_refs; i++) {
		long long index;
		if (!str_map_get(units, refs[i].id, &index))
			return fail_at(err, plan, refs[i].pos,
				       "unknown unit '%s' in %s (not a unit of this plan)",
				       refs[i].id, what);
		if (members && plan->units[index].is_group)
			return fail_at(err, plan, refs[i].pos,
				       "unit '%s' is a group; a group may not be a member of a group",
				       refs[i].id);
		for (size_t j = 0; j < i; j++)
			if (strcmp(refs[j].id, refs[i].id) == 0)
				return fail_at(err, plan, refs[i].pos,
					       "unit '%s' is listed twice in %s (first at line %u)",
					       refs[i].id, what, refs[j].pos.line);
	}
	return 0;
}

static int check_range(const struct plan *plan, struct date_range range,
		       const char *what, struct kh_error *err)
{
	if (range.from != KH_DATE_NONE && range.to != KH_DATE_NONE &&
	    range.from > range.to) {
		char from[DATE_STR_SIZE], to[DATE_STR_SIZE];
		date_format_vn(range.from, from);
		date_format_vn(range.to, to);
		/* A default date that makes no sense is fixed by writing the
		 * dates out, which the tet line alone does not show. */
		return fail_at(err, plan, range.pos, "%s starts on %s, after it ends on %s%s",
			       what, from, to,
			       range.defaulted ? " (by the defaults for 'tet'; write its dates in the plan)" : "");
	}
	return 0;
}

static int check_id(const struct plan *plan, const char *id,
		    struct source_pos pos, const char *what, struct kh_error *err)
{
	if (plan_id_valid(id))
		return 0;
	return fail_at(err, plan, pos,
		       "bad %s id '%s': use lower-case letters a-z, digits and '-', starting with a letter or digit, at most %d characters",
		       what, id, PLAN_ID_MAX);
}

int plan_validate(const struct plan *plan, struct kh_error *err)
{
	int rc = -1;
	struct str_map units = { 0 }, duties = { 0 };

	if (check_id(plan, plan->id, plan->id_pos, "plan", err) < 0)
		goto out;
	if (check_range(plan, plan->period, "the plan period", err) < 0)
		goto out;
	for (int p = PHASE_BEFORE; p < PHASE_COUNT; p++) {
		char what[64];
		snprintf(what, sizeof(what), "phase '%s'", phase_name((enum phase)p));
		if (check_range(plan, plan->phases[p], what, err) < 0)
			goto out;
	}

	for (size_t u = 0; u < plan->n_units; u++) {
		const struct unit *unit = &plan->units[u];
		long long first;
		if (check_id(plan, unit->id, unit->id_pos, "unit", err) < 0)
			goto out;
		if (!str_map_add(&units, unit->id, (long long)u, &first)) {
			fail_at(err, plan, unit->id_pos,
				"unit id '%s' is used twice (first at line %u)",
				unit->id, plan->units[first].id_pos.line);
			goto out;
		}
	}

	for (size_t u = 0; u < plan->n_units; u++) {
		const struct unit *unit = &plan->units[u];
		if (unit->is_group) {
			if (unit->n_members == 0) {
				fail_at(err, plan, unit->pos,
					"group '%s' has no members", unit->id);
				goto out;
			}
			/* Before check_unit_refs(): a group is a group, so there
			 * it would only be called a nested group. */
			for (size_t m = 0; m < unit->n_members; m++) {
				if (strcmp(unit->members[m].id, unit->id) == 0) {
					fail_at(err, plan, unit->members[m].pos,
						"group '%s' lists itself as a member",
						unit->id);
					goto out;
				}
			}
			if (check_unit_refs(plan, &units, unit->members,
					    unit->n_members, "members", true,
					    err) < 0)
				goto out;
		}
		for (size_t d = 0; d < unit->n_duties; d++) {
			const struct duty *duty = &unit->duties[d];
			long long first;
			if (check_id(plan, duty->id, duty->id_pos, "duty", err) < 0)
				goto out;
			if (!str_map_add(&duties, duty->id, duty->id_pos.line, &first)) {
				fail_at(err, plan, duty->id_pos,
					"duty id '%s' is used twice (first at line %lld)",
					duty->id, first);
				goto out;
			}
			if (check_unit_refs(plan, &units, duty->with,
					    duty->n_with, "with", false, err) < 0)
				goto out;
			if (duty->start != KH_DATE_NONE && duty->due != KH_DATE_NONE &&
			    duty->start > duty->due) {
				char start[DATE_STR_SIZE], due[DATE_STR_SIZE];
				date_format_vn(duty->start, start);
				date_format_vn(duty->due, due);
				fail_at(err, plan, duty->start_pos,
					"duty '%s' starts on %s, after it is due on %s",
					duty->id, start, due);
				goto out;
			}
		}
	}
	rc = 0;
out:
	str_map_free(&units);
	str_map_free(&duties);
	return rc;
}
