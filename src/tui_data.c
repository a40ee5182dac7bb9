/* tui_data: what the panes show, read through the store's query layer, and
 * the changes a unit head makes. No curses here. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kehoach/i18n.h"
#include "kehoach/report.h"
#include "kehoach/text.h"
#include "tui_internal.h"

void tui_message(struct tui *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->message, sizeof(t->message), fmt, ap);
	va_end(ap);
}

static void report_error(struct tui *t, const struct kh_error *err)
{
	char line[sizeof(err->message) + sizeof(err->file) + 32];
	kh_error_format(err, line, sizeof(line));
	tui_message(t, "%s", line);
}

static char *dup_or_null(const char *s)
{
	return s ? x_strdup(s) : NULL;
}

/* ---- units --------------------------------------------------------------- */

/* Plans and units arrive separately, both ordered by plan id: they are
 * merged into one list, each plan followed by its units. */
struct units_load {
	struct unit_entry *plans, *units;
	size_t n_plans, cap_plans, n_units, cap_units;
	bool with_archived;   /* the store leaves out their units unless so */
};

static int add_plan(void *ctx, const struct plan_row *row)
{
	struct units_load *load = ctx;
	bool archived = row->archived_on != KH_DATE_NONE;
	if (archived && !load->with_archived)
		return 0;
	X_GROW(load->plans, load->cap_plans, load->n_plans + 1);
	struct unit_entry *e = &load->plans[load->n_plans++];
	memset(e, 0, sizeof(*e));
	e->is_plan = true;
	e->plan_id = x_strdup(row->plan_id);
	e->name = x_strdup(row->title);
	e->detail = dup_or_null(row->number);
	e->tet = row->tet;
	e->archived = archived;
	return 0;
}

static int add_unit(void *ctx, const struct unit_row *row)
{
	struct units_load *load = ctx;
	X_GROW(load->units, load->cap_units, load->n_units + 1);
	struct unit_entry *e = &load->units[load->n_units++];
	memset(e, 0, sizeof(*e));
	e->plan_id = x_strdup(row->plan_id);
	e->unit_id = x_strdup(row->unit_id);
	e->name = x_strdup(row->name);
	e->detail = dup_or_null(row->members);
	e->is_group = row->is_group;
	e->total = row->total;
	e->done = row->done;
	e->overdue = row->overdue;
	e->archived = row->archived;
	return 0;
}

/* Returns the merged list (n entries); the plan rows sum their units (not
 * the groups, whose duties are their members'). */
static struct unit_entry *merge_units(struct units_load *load, size_t *n)
{
	struct unit_entry *all = x_calloc(load->n_plans + load->n_units + 1,
					  sizeof(*all));
	size_t u = 0;
	*n = 0;
	for (size_t p = 0; p < load->n_plans; p++) {
		struct unit_entry *plan = &all[(*n)++];
		*plan = load->plans[p];
		while (u < load->n_units && !strcmp(load->units[u].plan_id, plan->plan_id)) {
			const struct unit_entry *unit = &load->units[u++];
			if (!unit->is_group) {
				plan->total += unit->total;
				plan->done += unit->done;
				plan->overdue += unit->overdue;
			}
			all[(*n)++] = *unit;
		}
	}
	x_free(load->plans);
	x_free(load->units);
	return all;
}

void tui_units_free(struct tui *t)
{
	for (size_t i = 0; i < t->n_units; i++) {
		struct unit_entry *e = &t->units[i];
		x_free(e->plan_id);
		x_free(e->unit_id);
		x_free(e->name);
		x_free(e->detail);
	}
	x_free(t->units);
	t->units = NULL;
	t->n_units = 0;
}

/* The units of the plans load holds, by name alone (no counts). */
static int add_unit_names(struct tui *t, struct units_load *load,
			  struct kh_error *err)
{
	for (size_t p = 0; p < load->n_plans; p++)
		if (store_unit_names(t->store, load->plans[p].plan_id, add_unit, load,
				     err) < 0)
			return -1;
	return 0;
}

/* Reloads the units pane, keeping the selection on the same unit; with
 * counted false, the units' names alone (see tui_load_unit_names). */
static void load_units(struct tui *t, bool counted)
{
	char *plan = NULL, *unit = NULL;
	if (t->unit_sel < t->n_units) {
		plan = dup_or_null(t->units[t->unit_sel].plan_id);
		unit = dup_or_null(t->units[t->unit_sel].unit_id);
	}
	struct units_load load = { .with_archived = t->show_archived };
	struct kh_error err;
	if (store_plans(t->store, add_plan, &load, &err) < 0 ||
	    (counted ? store_units(t->store, NULL, t->today, add_unit, &load, &err)
		     : add_unit_names(t, &load, &err)) < 0)
		report_error(t, &err);
	tui_units_free(t);
	t->units = merge_units(&load, &t->n_units);
	t->units_gen++;
	t->first_paint = !counted;
	size_t sel = 0;
	/* With one plan, start on its first unit rather than the plan row. */
	if (t->n_units > 1 && !plan && t->units[0].is_plan &&
	    (t->n_units < 2 || !t->units[1].is_plan))
		sel = 1;
	for (size_t i = 0; plan && i < t->n_units; i++) {
		const struct unit_entry *e = &t->units[i];
		if (!strcmp(e->plan_id, plan) &&
		    ((!unit && !e->unit_id) || (unit && e->unit_id && !strcmp(unit, e->unit_id)))) {
			sel = i;
			break;
		}
	}
	x_free(plan);
	x_free(unit);
	t->unit_sel = t->n_units ? sel : 0;
}

void tui_load_units(struct tui *t)
{
	load_units(t, true);
}

/* The first screen's units pane: counting 100,000 assignments by unit
 * takes some 40 ms, their names well under one. The counts come in the
 * paint right after the first (tui_load_units), as htop and tig fill in
 * what takes longer. */
void tui_load_unit_names(struct tui *t)
{
	load_units(t, false);
}

size_t tui_home_unit(const struct tui *t)
{
	const char *const *mine = t->actor.may_mark;
	for (size_t i = 0; mine && mine[0] && i < t->n_units; i++)
		if (t->units[i].unit_id && !strcmp(t->units[i].unit_id, mine[0]))
			return i;
	return t->unit_sel;
}

void tui_select_unit(struct tui *t, size_t index)
{
	if (index >= t->n_units)
		return;
	bool changed = index != t->unit_sel;
	t->unit_sel = index;
	const struct unit_entry *e = &t->units[index];
	if (changed || t->main.stale || !t->main.plan) {
		duty_pane_set(&t->main, t->today, e->plan_id, e->unit_id,
			      NULL, t->phase, DUTY_ORDER_PLAN, false);
		/* Paged from a snapshot: a plan row's 100,000 duties, and a
		 * unit's too, whose count then comes with it and whose
		 * columns are read for the rows shown only. */
		t->main.snapshot_slot = e->unit_id ? TUI_SNAPSHOT_UNIT : TUI_SNAPSHOT_PLAN;
	}
}

/* ---- duty panes ---------------------------------------------------------- */

void duty_entry_free(struct duty_entry *e)
{
	x_free(e->name);
	x_free(e->duty_id);
	x_free(e->plan_id);
	x_free(e->unit_id);
	x_free(e->owner_id);
	x_free(e->text);
	x_free(e->note);
	memset(e, 0, sizeof(*e));
}

void duty_entry_copy(struct duty_entry *out, const struct duty_entry *e)
{
	*out = *e;
	out->name = dup_or_null(e->name);
	out->duty_id = dup_or_null(e->duty_id);
	out->plan_id = dup_or_null(e->plan_id);
	out->unit_id = dup_or_null(e->unit_id);
	out->owner_id = dup_or_null(e->owner_id);
	out->text = dup_or_null(e->text);
	out->note = dup_or_null(e->note);
}

static void free_rows(struct duty_pane *pane)
{
	for (size_t i = 0; i < pane->n_rows; i++)
		duty_entry_free(&pane->rows[i]);
	x_free(pane->rows);
	pane->rows = NULL;
	pane->n_rows = 0;
}

void duty_pane_free(struct duty_pane *pane)
{
	free_rows(pane);
	x_free(pane->plan);
	x_free(pane->unit);
	x_free(pane->search);
	memset(pane, 0, sizeof(*pane));
}

void duty_pane_set(struct duty_pane *pane, kh_date today, const char *plan,
		   const char *unit, const char *search, int phase,
		   enum duty_order order, bool overdue)
{
	duty_pane_free(pane);
	store_filter_init(&pane->filter, today);
	pane->plan = dup_or_null(plan);
	pane->unit = dup_or_null(unit);
	pane->search = dup_or_null(search);
	pane->filter.plan = pane->plan;
	pane->filter.unit = pane->unit;
	pane->filter.search = pane->search;
	pane->filter.phase = phase;
	pane->filter.order = order;
	pane->filter.overdue = overdue;
	pane->stale = true;
}

static int add_row(void *ctx, const struct duty_row *row)
{
	struct duty_pane *pane = ctx;
	struct duty_entry *e = &pane->rows[pane->n_rows++];
	char name[256];
	duty_row_name(row, name, sizeof(name));
	e->assignment = row->assignment;
	e->name = x_strdup(name);
	e->duty_id = x_strdup(row->duty_id);
	e->plan_id = x_strdup(row->plan_id);
	e->unit_id = x_strdup(row->unit_id);
	e->owner_id = x_strdup(row->owner_id);
	e->text = x_strdup(row->text);
	e->note = dup_or_null(row->note);
	e->deadline = row->deadline;
	e->done_on = row->done_on;
	e->state = row->state;
	e->overdue = row->overdue;
	e->due_soon = row->due_soon;
	e->cancelled = row->cancelled;
	e->progress = row->progress;
	e->archived = row->archived;
	return 0;
}

void duty_pane_fill(struct tui *t, struct duty_pane *pane, int height)
{
	if (height < 1)
		height = 1;
	struct kh_error err;
	bool reread = pane->stale;
	/* What a mark changes (the overdue duties) is searched again. */
	if (pane->rephase && pane->filter.overdue)
		pane->resnap = true;
	if (pane->stale && pane->filter.snapshot && pane->rephase && !pane->resnap) {
		store_snapshot_phase(t->store, pane->filter.snapshot, pane->filter.phase,
				     &pane->count);
		pane->rephase = false;
		pane->stale = false;
	} else if (pane->stale && pane->snapshot_slot &&
		   (pane->resnap || !pane->filter.snapshot)) {
		pane->rephase = false;
		pane->filter.snapshot = 0;
		if (store_snapshot(t->store, &pane->filter, pane->snapshot_slot,
				   &pane->count, &err) < 0) {
			report_error(t, &err);
			pane->count = 0;
		} else {
			pane->filter.snapshot = pane->snapshot_slot;
		}
		pane->resnap = false;
		pane->stale = false;
	} else if (pane->stale && pane->filter.snapshot) {
		pane->stale = false;   /* a snapshot keeps its count */
	} else if (pane->stale) {
		if (store_count(t->store, &pane->filter, &pane->count, &err) < 0) {
			report_error(t, &err);
			pane->count = 0;
		}
		pane->stale = false;
	}
	/* Keep the selection inside the list and on screen. */
	if (pane->selected >= pane->count)
		pane->selected = pane->count ? pane->count - 1 : 0;
	if (pane->selected < pane->top)
		pane->top = pane->selected;
	if (pane->selected >= pane->top + height)
		pane->top = pane->selected - height + 1;
	if (pane->top > 0 && pane->top + height > pane->count)
		pane->top = pane->count > height ? pane->count - height : 0;
	/* Rows are read a screen above and below the visible ones, so that
	 * moving and paging mostly draw from memory. */
	long have_from = pane->filter.offset;
	long have_to = have_from + (long)pane->n_rows;
	long want_to = pane->top + height < pane->count ? pane->top + height : pane->count;
	if (!reread && pane->rows && pane->top >= have_from && want_to <= have_to)
		return;
	free_rows(pane);
	long from = pane->top - height > 0 ? pane->top - height : 0;
	pane->rows = x_calloc((size_t)height * 3, sizeof(*pane->rows));
	pane->filter.offset = from;
	pane->filter.limit = (long)height * 3;
	if (pane->count && store_list(t->store, &pane->filter, add_row, pane, &err) < 0)
		report_error(t, &err);
	pane->gen = ++t->rows_gen;
}

void duty_pane_move(struct duty_pane *pane, long delta, int height)
{
	long sel = pane->selected + delta;
	if (sel >= pane->count)
		sel = pane->count - 1;
	if (sel < 0)
		sel = 0;
	pane->selected = sel;
	if (sel < pane->top)
		pane->top = sel;
	if (sel >= pane->top + height)
		pane->top = sel - height + 1;
}

const struct duty_entry *duty_pane_current(const struct duty_pane *pane)
{
	long i = pane->selected - pane->filter.offset;
	if (pane->count == 0 || i < 0 || (size_t)i >= pane->n_rows)
		return NULL;
	return &pane->rows[i];
}

/* ---- the summary table ---------------------------------------------------- */

void tui_stats_free(struct tui *t)
{
	for (size_t i = 0; i < t->n_stats; i++) {
		x_free(t->stats[i].plan_id);
		x_free(t->stats[i].unit_id);
		x_free(t->stats[i].name);
	}
	x_free(t->stats);
	t->stats = NULL;
	t->n_stats = 0;
}

struct stats_load {
	struct stats_entry *rows;
	size_t n, cap;
};

static int add_stats_row(void *ctx, const struct stats_row *row)
{
	struct stats_load *load = ctx;
	X_GROW(load->rows, load->cap, load->n + 1);
	struct stats_entry *e = &load->rows[load->n++];
	e->plan_id = x_strdup(row->plan_id);
	e->unit_id = x_strdup(row->unit_id);
	e->name = x_strdup(row->name);
	e->counts = row->counts;
	e->rates = row->rates;
	return 0;
}

static bool same_unit(const char *plan, const char *unit, const char *plan_id,
		      const char *unit_id)
{
	return plan && unit && unit_id && !strcmp(plan, plan_id) && !strcmp(unit, unit_id);
}

void tui_load_stats(struct tui *t)
{
	char *plan = NULL, *unit = NULL;
	if (t->stats_sel < t->n_stats) {
		plan = x_strdup(t->stats[t->stats_sel].plan_id);
		unit = x_strdup(t->stats[t->stats_sel].unit_id);
	}
	/* The filter of `kehoach stats` with no option: every plan, as of
	 * the interface's today. */
	struct duty_filter filter;
	store_filter_init(&filter, t->today);
	struct stats_load load = { 0 };
	struct kh_error err;
	if (store_stats(t->store, &filter, add_stats_row, &load, &t->stats_total, &err) < 0)
		report_error(t, &err);
	tui_stats_free(t);
	t->stats = load.rows;
	t->n_stats = load.n;
	t->stats_sel = 0;
	for (size_t i = 0; plan && i < t->n_stats; i++) {
		if (same_unit(plan, unit, t->stats[i].plan_id, t->stats[i].unit_id)) {
			t->stats_sel = i;
			break;
		}
	}
	x_free(plan);
	x_free(unit);
}

bool tui_stats_unit(const struct tui *t, size_t *index)
{
	if (t->stats_sel >= t->n_stats)
		return false;
	const struct stats_entry *e = &t->stats[t->stats_sel];
	for (size_t i = 0; i < t->n_units; i++) {
		if (same_unit(e->plan_id, e->unit_id, t->units[i].plan_id, t->units[i].unit_id)) {
			*index = i;
			return true;
		}
	}
	return false;
}

/* ---- the detail ---------------------------------------------------------- */

const char *tui_phase_label(int phase)
{
	return phase == PHASE_NONE || phase < 0 ? _("all phases") : phase_title(phase);
}

/* The detail's lines, as tui_load_detail() lays them out. */
struct detail_lines {
	char **items;
	size_t n, cap;
	int width;
	long long duty;     /* the duty of the assignment shown */
	const struct people *people;   /* who changed it, by name */
};

static void add_line(struct detail_lines *l, const char *s)
{
	X_GROW(l->items, l->cap, l->n + 1);
	l->items[l->n++] = x_strdup(s);
}

/* Adds "label text" with text wrapped under itself; labels are padded by
 * display columns, since Vietnamese labels hold multi-byte letters. */
static void add_field(struct detail_lines *l, const char *label, const char *text)
{
	if (!text)
		return;
	const int indent = 14;
	int pad = indent - (int)text_width(label);
	char **wrapped = text_wrap(text, (size_t)(l->width > indent + 10 ? l->width - indent : 10));
	for (char **w = wrapped; *w; w++) {
		struct buf line = { 0 };
		buf_printf(&line, "%s%*s%s", w == wrapped ? label : "",
			   w == wrapped ? (pad > 1 ? pad : 1) : indent, "", *w);
		add_line(l, buf_str(&line));
		buf_free(&line);
	}
	text_lines_free(wrapped);
}

/* Status, with the reason of a withdrawal, how far a duty being done is,
 * and when it was done and whether on time. */
static void detail_status(struct detail_lines *l, const struct duty_row *row)
{
	char line[1024];
	if (row->cancelled && row->cancel_reason)
		snprintf(line, sizeof(line), _("withdrawn: %s"), row->cancel_reason);
	else
		snprintf(line, sizeof(line), "%s",
			 row->cancelled ? _("withdrawn") : duty_state_label(row->state));
	add_field(l, _("Status:"), line);
	if (!row->cancelled && row->state == DUTY_DOING && row->progress >= 0) {
		snprintf(line, sizeof(line), "%d%%", row->progress);
		add_field(l, _("Progress:"), line);
	}
	if (row->state != DUTY_DONE || row->done_on == KH_DATE_NONE)
		return;
	char done_on[DATE_STR_SIZE];
	date_format_vn(row->done_on, done_on);
	add_field(l, _("Done on:"), done_on);
	if (row->outcome == OUTCOME_DONE_LATE)
		snprintf(line, sizeof(line), ngettext("done %d day late", "done %d days late",
						      (unsigned long)row->days_late),
			 row->days_late);
	else
		snprintf(line, sizeof(line), "%s", duty_outcome_label(row->outcome));
	add_field(l, _("Outcome:"), line);
}

/* The deadline, beside the plan's when it was extended, with the reason. */
static void detail_deadline(struct detail_lines *l, const struct duty_row *row)
{
	char date[DATE_STR_SIZE] = "—", plan_date[DATE_STR_SIZE] = "—";
	char line[1024], extended[512] = "";
	if (row->deadline != KH_DATE_NONE)
		date_format_vn(row->deadline, date);
	if (row->extended) {
		if (row->plan_deadline != KH_DATE_NONE)
			date_format_vn(row->plan_deadline, plan_date);
		int n = snprintf(extended, sizeof(extended), _("%s, extended to %s"),
				 plan_date, date);
		if (row->extend_reason && n >= 0 && (size_t)n < sizeof(extended))
			snprintf(extended + n, sizeof(extended) - (size_t)n, ": %s",
				 row->extend_reason);
	}
	snprintf(line, sizeof(line), "%s%s", row->extended ? extended : date,
		 row->overdue ? _(" — overdue") : row->due_soon ? _(" — due soon") : "");
	add_field(l, _("Deadline:"), line);
}

static int detail_row(void *ctx, const struct duty_row *row)
{
	struct detail_lines *l = ctx;
	char line[512], when[DATE_TIME_STR_SIZE];
	l->duty = row->duty;
	duty_full_name(row->plan_id, row->duty_id, row->group_duty ? row->unit_id : NULL,
		       line, sizeof(line));
	char *safe = text_sanitize(line, 0);
	add_line(l, safe);
	x_free(safe);
	add_line(l, "");
	add_field(l, _("Unit:"), row->unit_name);
	detail_status(l, row);
	detail_deadline(l, row);
	if (row->phase != PHASE_NONE)
		add_field(l, _("Phase:"), tui_phase_label(row->phase));
	add_field(l, _("Target:"), row->target);
	add_field(l, _("Note:"), row->note);
	if (row->changed_by) {
		date_format_local_time(row->changed_at, when);
		snprintf(line, sizeof(line), "%s, %s",
			 people_name(l->people, row->changed_by), when);
		add_field(l, _("Changed by:"), line);
	}
	add_line(l, "");
	add_field(l, _("Duty:"), row->text);
	return 0;
}

struct list_ctx {
	struct detail_lines *lines;
	const char *label;
};

static void detail_item(void *ctx, const char *item)
{
	struct list_ctx *c = ctx;
	add_field(c->lines, c->label, item);
	c->label = "";
}

static int detail_history(void *ctx, const struct history_row *row)
{
	struct detail_lines *l = ctx;
	char when[DATE_TIME_STR_SIZE], line[1024];
	date_format_local_time(row->at, when);
	char *who = people_label(l->people, row->user);
	snprintf(line, sizeof(line), "%s  %s  %s → %s%s%s%s", when, who,
		 duty_state_label(row->old_state), duty_state_label(row->new_state),
		 row->undoes ? _(" (undo)") : "", row->new_note ? ": " : "",
		 row->new_note ? row->new_note : "");
	x_free(who);
	add_field(l, "", line);
	return 0;
}

/* Reads the duty into t->detail_seen (what x, s and n act on) and its
 * lines, history included, into t->detail_lines. */
void tui_load_detail(struct tui *t)
{
	duty_entry_free(&t->detail_seen);
	tui_read_assignment(t, t->detail_assignment, &t->detail_seen);
	tui_detail_free(t);
	struct detail_lines l = { .width = t->cols - 2, .people = t->opts->people };
	struct duty_filter filter;
	store_filter_init(&filter, t->today);
	filter.assignment = t->detail_assignment;
	struct kh_error err;
	struct history_filter history = { 0, t->detail_assignment };
	struct list_ctx refs = { &l, _("Refs:") }, with = { &l, _("With:") };
	if (store_list(t->store, &filter, detail_row, &l, &err) == 0 && l.duty) {
		store_duty_list(t->store, l.duty, DUTY_REFS, detail_item, &refs, &err);
		store_duty_list(t->store, l.duty, DUTY_WITH, detail_item, &with, &err);
		add_line(&l, "");
		add_line(&l, _("History:"));
		store_history(t->store, &history, detail_history, &l, &err);
	} else {
		add_line(&l, _("This duty is no longer in any plan."));
	}
	t->detail_lines = l.items;
	t->n_detail_lines = l.n;
}

void tui_detail_free(struct tui *t)
{
	for (size_t i = 0; i < t->n_detail_lines; i++)
		x_free(t->detail_lines[i]);
	x_free(t->detail_lines);
	t->detail_lines = NULL;
	t->n_detail_lines = 0;
}

/* ---- changes ------------------------------------------------------------- */

/* After a change of ours or of someone else's: counts and lists again.
 * Returns the flags that ask for them. */
static int invalidate(struct tui *t)
{
	t->main.stale = true;
	t->list.stale = true;
	/* A unit's list, unlike a plan's, is searched again: it is short,
	 * and a sync may have given the unit new duties. */
	if (t->main.filter.unit)
		t->main.resnap = true;
	/* Our own write moved the data version: no need to reload twice. */
	store_data_version(t->store, &t->data_version, NULL);
	return TUI_REDRAW | TUI_RELOAD | TUI_RELOAD_COUNTS;
}

bool tui_read_assignment(struct tui *t, long long assignment,
			 struct duty_entry *out)
{
	struct duty_pane one = { 0 };
	duty_pane_set(&one, t->today, NULL, NULL, NULL, -1, DUTY_ORDER_PLAN,
		      false);
	one.filter.assignment = assignment;
	duty_pane_fill(t, &one, 1);
	bool found = one.n_rows == 1;
	memset(out, 0, sizeof(*out));
	if (found) {
		*out = one.rows[0];
		one.n_rows = 0;   /* *out owns the strings now */
	}
	duty_pane_free(&one);
	return found;
}

static int update_unit_entry(void *ctx, const struct unit_row *row)
{
	struct tui *t = ctx;
	for (size_t i = 0; i < t->n_units; i++) {
		struct unit_entry *e = &t->units[i];
		if (e->unit_id && !strcmp(e->unit_id, row->unit_id) &&
		    !strcmp(e->plan_id, row->plan_id)) {
			e->total = row->total;
			e->done = row->done;
			e->overdue = row->overdue;
		}
	}
	return 0;
}

/* Sums the plan rows again from their units (not the groups, whose
 * duties are their members'). */
static void sum_plan_rows(struct tui *t)
{
	struct unit_entry *plan = NULL;
	for (size_t i = 0; i < t->n_units; i++) {
		struct unit_entry *e = &t->units[i];
		if (e->is_plan) {
			plan = e;
			plan->total = plan->done = plan->overdue = 0;
		} else if (plan && !e->is_group) {
			plan->total += e->total;
			plan->done += e->done;
			plan->overdue += e->overdue;
		}
	}
}

/* After a mark of ours: the counts of the units it touched, and the
 * lists again. Everything else is as it was. */
static void refresh_after_mark(struct tui *t, const struct duty_entry *d)
{
	struct kh_error err;
	if (store_unit(t->store, d->plan_id, d->unit_id, t->today,
		       update_unit_entry, t, &err) < 0 ||
	    (strcmp(d->owner_id, d->unit_id) &&
	     store_unit(t->store, d->plan_id, d->owner_id, t->today,
			update_unit_entry, t, &err) < 0))
		report_error(t, &err);
	sum_plan_rows(t);
	t->units_gen++;
	t->main.stale = true;
	t->list.stale = true;
	store_data_version(t->store, &t->data_version, NULL);
}

bool tui_database_sound(struct tui *t, bool wait)
{
	if (t->damaged)
		return false;
	if (!t->opts->database_sound)
		return true;
	int sound = t->opts->database_sound(t->opts->database_ctx, wait);
	t->damaged = sound < 0;
	return sound > 0;
}

static void mark_done_on_message(struct tui *t, kh_date day)
{
	char shown[DATE_STR_SIZE];
	date_format_vn(day, shown);
	tui_message(t, _("Marked done on %s."), shown);
}

int tui_mark(struct tui *t, const struct duty_entry *seen, enum tui_change change,
	     const char *note, kh_date day)
{
	/* Done today is done on the day it is recorded, even a moment past
	 * midnight with no key since. */
	if (!tui_database_sound(t, true))
		return TUI_QUIT;
	tui_check_day(t);
	struct mark mark = {
		.state = seen->state,
		.note = change == CHANGE_NOTE ? note : NULL,
		.done_on = KH_DATE_NONE,
		.check_seen = true,
		.seen_state = seen->state,
		.seen_note = seen->note,
	};
	switch (change) {
	case CHANGE_TOGGLE_DONE:
		mark.state = seen->state == DUTY_DONE ? DUTY_TODO : DUTY_DONE;
		break;
	case CHANGE_DOING:
		mark.state = DUTY_DOING;
		break;
	case CHANGE_NOTE:
		mark.done_on = seen->done_on;
		break;
	case CHANGE_DONE_ON:
		mark.state = DUTY_DONE;
		break;
	}
	if (change != CHANGE_NOTE && mark.state == DUTY_DONE)
		mark.done_on = change == CHANGE_DONE_ON ? day : t->today;
	struct kh_error err;
	t->actor.now = (long long)tui_now(t);
	int rc = store_mark(t->store, seen->assignment, &mark, &t->actor, &err);
	if (rc < 0 || rc == MARK_CONFLICT) {
		/* The screen was out of date: show the duty as it is now. */
		report_error(t, &err);
		return invalidate(t);
	}
	if (rc == MARK_UNCHANGED)
		tui_message(t, "%s", _("Nothing changed."));
	else if (change == CHANGE_NOTE)
		tui_message(t, "%s", note && *note ? _("Note saved.") : _("Note removed."));
	else if (change == CHANGE_DONE_ON)
		mark_done_on_message(t, mark.done_on);
	else
		tui_message(t, _("Marked %s."), duty_state_label(mark.state));
	refresh_after_mark(t, seen);
	return TUI_REDRAW | TUI_RELOAD;
}

int tui_set_progress(struct tui *t, const struct duty_entry *seen, int percent)
{
	if (!tui_database_sound(t, true))
		return TUI_QUIT;
	struct change change = { .kind = CHANGE_PROGRESS, .progress = percent };
	int result = 0;
	struct kh_error refused, err;
	kh_error_clear(&refused);
	t->actor.now = (long long)tui_now(t);
	int rc = store_change(t->store, &seen->assignment, 1, &change, &t->actor, &result,
			      &refused, &err);
	if (rc != 0) {
		/* Refused (a withdrawn duty, another unit's): named, as the
		 * command line names it. */
		char line[sizeof(err.message) + sizeof(err.file) + 32];
		kh_error_format(rc > 0 ? &refused : &err, line, sizeof(line));
		tui_message(t, "%s: %s", seen->name, line);
		return invalidate(t);
	}
	if (result == MARK_UNCHANGED)
		tui_message(t, "%s", _("Nothing changed."));
	else
		tui_message(t, _("Progress recorded: %d%%."), percent);
	refresh_after_mark(t, seen);
	return TUI_REDRAW | TUI_RELOAD;
}

int tui_undo(struct tui *t)
{
	if (!tui_database_sound(t, true))
		return TUI_QUIT;
	struct undo_result result;
	struct kh_error err;
	t->actor.now = (long long)tui_now(t);
	int rc = store_undo(t->store, &t->actor, &result, &err);
	if (rc < 0)
		report_error(t, &err);
	else if (rc == 1 && result.skipped)
		tui_message(t, _("Nothing to undo: your change to %s cannot be undone, that"
				 " duty is no longer in any plan."), result.skipped_name);
	else if (rc == 1)
		tui_message(t, "%s", _("Nothing to undo."));
	else if (result.skipped)
		tui_message(t, _("Undone: %s is %s again (your later change to %s cannot be"
				 " undone, that duty is no longer in any plan)."),
			    result.duty_name, duty_state_label(result.to), result.skipped_name);
	else
		tui_message(t, _("Undone: %s is %s again."), result.duty_name,
			    duty_state_label(result.to));
	return invalidate(t);
}

/* The sync's events: the first error of the file edited. */
struct reload_watch {
	const char *path;
	struct kh_error error;
	bool failed;
};

static void watch_sync_event(void *ctx, const struct sync_event *event)
{
	struct reload_watch *watch = ctx;
	if (event->outcome == SYNC_FAILED && event->error && !watch->failed &&
	    watch->path && !strcmp(event->path, watch->path)) {
		watch->error = *event->error;
		watch->failed = true;
	}
}

int tui_reload_plans(struct tui *t, const char *edited)
{
	if (!tui_database_sound(t, true))
		return TUI_QUIT;
	t->list.resnap = true;
	t->main.resnap = true;
	struct kh_error err;
	kh_error_clear(&err);
	struct reload_watch watch = { .path = edited };
	int failed = t->opts->reload ?
		     t->opts->reload(t->opts->reload_ctx, watch_sync_event, &watch, &err) : 0;
	if (failed < 0) {
		report_error(t, &err);
	} else if (watch.failed) {
		char line[sizeof(err.message) + sizeof(err.file) + 32];
		kh_error_format(&watch.error, line, sizeof(line));
		tui_message(t, _("%s (the plan stays as it was until the file is fixed)"), line);
	} else if (failed > 0)
		tui_message(t, _("Plans reloaded; %d file(s) could not be loaded (see 'kehoach sync')."),
			    failed);
	else
		tui_message(t, "%s", _("Plans reloaded."));
	return invalidate(t);
}

int tui_reload(struct tui *t)
{
	return tui_reload_plans(t, NULL);
}

int tui_toggle_archived(struct tui *t)
{
	t->show_archived = !t->show_archived;
	store_include_archived(t->store, t->show_archived);
	t->list.resnap = true;
	t->main.resnap = true;
	int flags = invalidate(t);
	/* The unit shown may have gone with its plan: the pane follows the
	 * selection the units pane keeps or moves to. */
	tui_load_units(t);
	tui_select_unit(t, t->unit_sel);
	tui_message(t, "%s", t->show_archived ? _("Archived plans are shown (dimmed); A hides them.")
					      : _("Archived plans are hidden; A shows them."));
	return flags;
}

time_t tui_now(const struct tui *t)
{
	return t->clock ? (time_t)t->clock : time(NULL);
}

/* A new day: what each pane lists and marks overdue or due soon. */
static void pane_new_day(struct duty_pane *pane, kh_date today)
{
	pane->filter.today = today;
	pane->stale = true;
	pane->resnap = true;
}

bool tui_check_day(struct tui *t)
{
	if (t->opts->today_pinned)
		return false;
	kh_date today = date_local(tui_now(t));
	if (today == KH_DATE_NONE || today == t->today)
		return false;
	t->today = today;
	store_set_due_soon(t->store, workdays_span(t->opts->calendar, today,
						   t->opts->due_soon_days));
	pane_new_day(&t->main, today);
	pane_new_day(&t->list, today);
	/* The overdue counts; the header and the detail read t->today. */
	tui_load_units(t);
	return true;
}

int tui_poll_changes(struct tui *t)
{
	long long version = t->data_version;
	if (store_data_version(t->store, &version, NULL) < 0 ||
	    version == t->data_version)
		return 0;
	return invalidate(t);
}

/* Ids come from validated plans, but the database may have been written
 * by something else: a file name made of them keeps to the id alphabet,
 * so it can neither leave the folder ("../") nor carry control bytes. */
static void keep_to_id_alphabet(char *name)
{
	for (char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '.'))
			*p = '_';
}

/* The selected unit's checklist (or the plan's, on a plan's row), as of
 * today in the phase shown; NULL after saying why on the message line
 * (or with nothing selected). The caller frees it with report_free(). */
static struct report *selected_checklist(struct tui *t)
{
	if (t->unit_sel >= t->n_units)
		return NULL;
	const struct unit_entry *e = &t->units[t->unit_sel];
	struct checklist_options opts = {
		.plan = e->plan_id,
		.unit = e->unit_id,
		.phase = t->phase,
		.state = -1,
		.today = t->today,
		.people = t->opts->people,
	};
	struct report *r = NULL;
	struct kh_error err;
	kh_error_clear(&err);
	if (report_checklist(t->store, &opts, &r, &err) < 0) {
		report_error(t, &err);
		report_free(r);
		return NULL;
	}
	return r;
}

/* Writes the selected unit's checklist (or the plan's, on a plan's row)
 * to kehoach-PLAN[-UNIT]-DATE.EXT in the current folder and, with print,
 * sends that file to the printer. */
void tui_write_checklist(struct tui *t, bool print)
{
	struct report *r = selected_checklist(t);
	if (!r)
		return;
	const struct unit_entry *e = &t->units[t->unit_sel];
	enum report_format format = t->opts->checklist_format ?
				    t->opts->checklist_format() : REPORT_TEXT;
	/* A printer wants a page, not Markdown or HTML source. */
	if (print && !report_format_printable(format))
		format = report_format_available(REPORT_PDF, NULL) ? REPORT_PDF : REPORT_TEXT;
	char iso[DATE_STR_SIZE], path[PATH_MAX], cwd[PATH_MAX], said[512];
	date_format_iso(t->today, iso);
	snprintf(path, sizeof(path), "kehoach-%s%s%s-%s.%s", e->plan_id,
		 e->unit_id ? "-" : "", e->unit_id ? e->unit_id : "", iso,
		 report_format_extension(format));
	keep_to_id_alphabet(path);
	struct kh_error err;
	kh_error_clear(&err);
	if (report_save(r, format, 80, path, &err) < 0) {
		report_error(t, &err);
		goto out;
	}
	const char *where = getcwd(cwd, sizeof(cwd)) ? cwd : ".";
	if (!print) {
		tui_message(t, _("Checklist written to %s/%s"), where, path);
		goto out;
	}
	if (report_print_file(path, said, sizeof(said), &err) < 0)
		report_error(t, &err);
	else
		tui_message(t, _("Printed %s: %s"), path, said);
out:
	report_free(r);
}

/* m: the selected unit's checklist mailed to the user, as
 * `kehoach checklist --mail` mails it: no file left on the server. */
void tui_mail_checklist(struct tui *t)
{
	if (!t->opts->mail_report) {
		tui_message(t, "%s", _("Mail cannot be sent from here"));
		return;
	}
	struct report *r = selected_checklist(t);
	if (!r)
		return;
	char said[512];
	struct kh_error err;
	kh_error_clear(&err);
	if (t->opts->mail_report(t->opts->mail_ctx, r, said, sizeof(said), &err) < 0)
		report_error(t, &err);
	else
		tui_message(t, "%s", said);
	report_free(r);
}
