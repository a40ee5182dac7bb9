/* report_build: a checklist or a monthly report, queried from the store
 * into a struct report. Every string is sanitised on its way in (keep()),
 * so that no writer can forget to. */
/* sched_getaffinity(), CPU_COUNT(). */
#define _GNU_SOURCE
#include "kehoach/report.h"

#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kehoach/i18n.h"
#include "kehoach/lunar.h"
#include "kehoach/text.h"
#include "ordered_pool.h"
#include "report_internal.h"

/* Room for the facts under one duty (deadline, overdue, extension, with,
 * target, state, note) at first; a group's duty, with a line per member,
 * doubles it as often as it needs. A power of two. */
#define MAX_DETAILS 8

/* Threads building a report's units beside the one writing it, at most.
 * How many units may wait built is the format's (units_ahead). */
#define REPORT_MAX_HELPERS 4

struct report_private {
	struct arena arena;          /* the header's strings and the appendix */
	struct arena body;           /* the sections': freed as they are written */
	struct arena *strings;       /* where keep() puts them: one of the two */
	struct buf clean;            /* keep()'s sanitised string */
	struct buf scratch;          /* compose()'s string */
	struct report_writer *writer;   /* writes sections as they are done, or NULL */
	size_t sections_cap;
	size_t *entries_cap;         /* per section */
	struct report_table table;   /* the appendix, when there is one */
	size_t rows_cap;
};

/* ---- the document ---------------------------------------------------- */

static struct report *report_new(void)
{
	struct report *r = x_calloc(1, sizeof(*r));
	r->priv = x_calloc(1, sizeof(*r->priv));
	r->priv->strings = &r->priv->arena;
	return r;
}

void report_free(struct report *report)
{
	if (!report)
		return;
	for (size_t i = 0; i < report->n_sections; i++)
		x_free(report->sections[i].entries);
	x_free(report->sections);
	if (report->priv) {
		arena_free(&report->priv->arena);
		arena_free(&report->priv->body);
		x_free(report->priv->entries_cap);
		x_free(report->priv->table.rows);
		buf_free(&report->priv->clean);
		buf_free(&report->priv->scratch);
		x_free(report->priv);
	}
	x_free(report);
}

/* A sanitised copy of s owned by the report; NULL stays NULL. */
static const char *keep(struct report *r, const char *s)
{
	if (!s)
		return NULL;
	/* Sanitised into one buffer kept for the purpose: a month's report
	 * keeps hundreds of thousands of strings, and each had a heap copy
	 * of its own on the way. */
	struct buf *clean = &r->priv->clean;
	buf_reset(clean);
	text_sanitize_append(clean, s, TEXT_KEEP_NEWLINES);
	return arena_strdup(r->priv->strings, buf_str(clean));
}

/* An empty string to compose a value in before keep() takes a copy:
 * the report's one, so that a month's report does not allocate and
 * free a buffer for each of its 300,000 names, deadlines and states
 * (3% of it, callgrind). Whoever composes in it is done with it before
 * anything else composes. */
static struct buf *compose(struct report *r)
{
	buf_reset(&r->priv->scratch);
	return &r->priv->scratch;
}

static const char *keepf(struct report *r, const char *fmt, ...) KH_PRINTF(2, 3);
static const char *keepf(struct report *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = x_vasprintf(fmt, ap);
	va_end(ap);
	const char *copy = keep(r, s);
	x_free(s);
	return copy;
}

static const char *keep_upper(struct report *r, const char *s)
{
	if (!s)
		return NULL;
	char *upper = text_upper(s);
	const char *copy = keep(r, upper);
	x_free(upper);
	return copy;
}

/* Appends a section; title and empty must already be kept. Returns its
 * index (pointers into the array move as it grows). */
static size_t add_section(struct report *r, int level, const char *title,
			  const char *empty)
{
	struct report_private *p = r->priv;
	size_t old_cap = p->sections_cap;
	X_GROW(r->sections, p->sections_cap, r->n_sections + 1);
	if (p->sections_cap != old_cap) {
		p->entries_cap = x_realloc(p->entries_cap,
					   p->sections_cap * sizeof(*p->entries_cap));
		memset(p->entries_cap + old_cap, 0,
		       (p->sections_cap - old_cap) * sizeof(*p->entries_cap));
	}
	r->sections[r->n_sections] = (struct report_section){
		.level = level, .title = title, .empty = empty,
	};
	return r->n_sections++;
}

/* From here on, strings go with the sections: a document being written
 * (see flush_sections) frees them once written. */
static void start_body(struct report *r)
{
	r->priv->strings = &r->priv->body;
}

/* Forgets every section, with the strings of the body. */
static void clear_sections(struct report *r)
{
	struct report_private *p = r->priv;
	for (size_t i = 0; i < r->n_sections; i++) {
		x_free(r->sections[i].entries);
		r->sections[i].entries = NULL;
		p->entries_cap[i] = 0;
	}
	r->n_sections = 0;
	arena_free(&p->body);
}

/* A document being written: writes the sections built so far, all of
 * them complete, and forgets them with their strings, so that a report
 * of any size holds one unit's part at a time. */
static void flush_sections(struct report *r)
{
	struct report_private *p = r->priv;
	if (!p->writer)
		return;
	report_writer_sections(p->writer, r, 0, r->n_sections);
	clear_sections(r);
}

/* Hands a finished report over: written to the writer it was built for
 * (and freed), or returned in *out. A report that failed is freed, its
 * writer too. Returns rc (REPORT_NOT_BUILT for a writer's), or -1 when
 * the writer fails. */
static int report_done(struct report *r, int rc, struct report **out,
		       struct kh_error *err)
{
	struct report_writer *w = r->priv->writer;
	/* Written as it is built: a failure to build is not one to write. */
	if (rc < 0 && w)
		rc = REPORT_NOT_BUILT;
	if (w && rc == 0)
		rc = report_writer_close(w, r, err);
	else if (w)
		report_writer_abandon(w, r);
	if (rc == 0 && !w) {
		*out = r;
		return 0;
	}
	report_free(r);
	return rc;
}

/* Drops the last section (one that turned out to have nothing in it). */
static void drop_last_section(struct report *r)
{
	struct report_section *s = &r->sections[--r->n_sections];
	x_free(s->entries);
	s->entries = NULL;
	r->priv->entries_cap[r->n_sections] = 0;
}

static struct report_entry *add_entry(struct report *r)
{
	size_t i = r->n_sections - 1;
	struct report_section *s = &r->sections[i];
	X_GROW(s->entries, r->priv->entries_cap[i], s->n_entries + 1);
	struct report_entry *e = &s->entries[s->n_entries++];
	*e = (struct report_entry){
		.number = (int)s->n_entries,
		.details = arena_alloc(r->priv->strings,
				       MAX_DETAILS * sizeof(struct report_detail)),
	};
	return e;
}

/* value is kept here; label is one of the program's own (a translated
 * message) or kept already: a month's report has 170,000 details, and
 * sanitising the same few labels again was a tenth of building them. */
static void add_detail(struct report *r, struct report_entry *e,
		       const char *label, const char *value, bool alert)
{
	size_t n = e->n_details;
	/* Full at MAX_DETAILS and at each power of two after it. */
	if (n >= MAX_DETAILS && (n & (n - 1)) == 0) {
		struct report_detail *more = arena_alloc(r->priv->strings,
							 2 * n * sizeof(*more));
		memcpy(more, e->details, n * sizeof(*more));
		e->details = more;
	}
	e->details[e->n_details++] = (struct report_detail){
		label, keep(r, value), alert,
	};
}

/* ---- what the store says about plans and units --------------------- */

struct plan_info {
	char *id, *title, *number, *issuer, *parent, *place;
};

struct plan_list {
	struct plan_info *items;
	size_t count, cap;
};

static char *copy_or_null(const char *s)
{
	return s ? x_strdup(s) : NULL;
}

static int collect_plan(void *ctx, const struct plan_row *row)
{
	struct plan_list *list = ctx;
	X_GROW(list->items, list->cap, list->count + 1);
	list->items[list->count++] = (struct plan_info){
		x_strdup(row->plan_id), x_strdup(row->title),
		copy_or_null(row->number), x_strdup(row->issuer),
		copy_or_null(row->parent), copy_or_null(row->place),
	};
	return 0;
}

static void plan_list_free(struct plan_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		struct plan_info *p = &list->items[i];
		x_free(p->id);
		x_free(p->title);
		x_free(p->number);
		x_free(p->issuer);
		x_free(p->parent);
		x_free(p->place);
	}
	x_free(list->items);
	memset(list, 0, sizeof(*list));
}

static const struct plan_info *find_plan(const struct plan_list *list, const char *id)
{
	for (size_t i = 0; i < list->count; i++)
		if (strcmp(list->items[i].id, id) == 0)
			return &list->items[i];
	return NULL;
}

struct unit_info {
	char *id, *name, *head;
	bool is_group;
};

/* The units of one plan, in plan order, with a map from id to index. */
struct unit_table {
	struct unit_info *items;
	size_t count, cap;
	struct str_map by_id;
};

static int collect_unit(void *ctx, const struct unit_row *row)
{
	struct unit_table *t = ctx;
	X_GROW(t->items, t->cap, t->count + 1);
	t->items[t->count++] = (struct unit_info){
		x_strdup(row->unit_id), x_strdup(row->name),
		copy_or_null(row->head), row->is_group,
	};
	return 0;
}

static int load_units(struct store *store, const char *plan,
		      struct unit_table *t, struct kh_error *err)
{
	/* Names only: what a document counts, it counts as it lists. */
	if (store_unit_names(store, plan, collect_unit, t, err) < 0)
		return -1;
	for (size_t i = 0; i < t->count; i++)
		str_map_add(&t->by_id, t->items[i].id, (long long)i, NULL);
	return 0;
}

static void unit_table_free(struct unit_table *t)
{
	for (size_t i = 0; i < t->count; i++) {
		x_free(t->items[i].id);
		x_free(t->items[i].name);
		x_free(t->items[i].head);
	}
	x_free(t->items);
	str_map_free(&t->by_id);
	memset(t, 0, sizeof(*t));
}

static const struct unit_info *find_unit(const struct unit_table *t, const char *id)
{
	long long i;
	return str_map_get(&t->by_id, id, &i) ? &t->items[i] : NULL;
}

/* ---- the header and the end ------------------------------------------ */

/* "Hà Tĩnh, ngày 25 tháng 01 năm 2022". */
static const char *place_and_date(struct report *r, const char *place, kh_date day)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	if (place)
		/* TRANSLATORS: place and date under the national heading of an
		 * office document: place, day, month, year. */
		return keepf(r, _("%1$s, %2$02d/%3$02d/%4$d"), place, d, m, y);
	/* TRANSLATORS: the date of an office document without a place. */
	return keepf(r, _("%1$02d/%2$02d/%3$d"), d, m, y);
}

/* "(23 tháng Chạp năm Tân Sửu)", or NULL outside the lunar calendar's
 * years. In Vietnamese in every language, as in the interface's header:
 * the lunar calendar's names are names. */
static const char *lunar_day(struct report *r, kh_date day)
{
	struct lunar_date ld;
	if (lunar_from_date(day, &ld) < 0)
		return NULL;
	char lunar[LUNAR_LONG_SIZE];
	lunar_format_long(&ld, lunar);
	return keepf(r, "(%s)", lunar);
}

/* The issuing body (left) and the national heading (right). parent,
 * issuer and place may be NULL: they are then left out. */
static void set_header(struct report *r, const char *parent, const char *issuer,
		       const char *number, const char *place, kh_date today)
{
	r->parent = keep_upper(r, parent);
	r->issuer = keep_upper(r, issuer);
	/* TRANSLATORS: the document number line of an office document. */
	r->number = number ? keepf(r, _("No. %s"), number) : NULL;
	r->nation = keep(r, _("SOCIALIST REPUBLIC OF VIETNAM"));
	r->motto = keep(r, _("Independence - Freedom - Happiness"));
	r->place_date = place_and_date(r, place, today);
	r->lunar_date = lunar_day(r, today);
}

static void set_signatures(struct report *r, const char *right, const char *name)
{
	r->sign_left = keep(r, _("PREPARED BY"));
	r->sign_right = keep(r, right);
	r->sign_hint = keep(r, _("(signature, full name)"));
	r->sign_right_name = keep(r, name);
}

/* ---- one duty -------------------------------------------------------- */

/* Whom a done duty names as having marked it. */
enum marker {
	MARKER_ANYONE,    /* the person's name, else the login */
	MARKER_NAMED,     /* only a person the configuration names */
};

/* How a group's duty, one row per member, is listed. */
enum group_mode {
	GROUP_EACH,       /* as each member's own (a unit's checklist) */
	GROUP_SKIP,       /* not at all: it is listed under its group */
	GROUP_ONCE,       /* once, with each member's state under it */
};

/* A day as format_day() writes it. */
struct day_text {
	bool set;
	kh_date day;
	char text[DATE_STR_SIZE + LUNAR_SHORT_SIZE + 3];
};

struct builder {
	struct store *store;
	struct report *report;
	const struct unit_table *units;   /* of the plan being listed */
	const char *home_plan;            /* the plan the document is about, or NULL */
	enum marker marker;
	const struct people *people;      /* names behind the logins, or NULL */
	kh_date today;
	const char *note_label;           /* "Note:", or "Result:" for results */
	bool results;                     /* done work: its result, not its plan */
	enum group_mode groups;
	long long last_duty;              /* GROUP_ONCE: the last entry's duty */
	int total, done, overdue, withdrawn;
	struct kh_error *err;
	/* Connections reading the builder's state of the database beside
	 * its own, one per thread that builds units (see add_part). */
	struct store **helpers;
	size_t n_helpers;
	/* The days format_day() wrote, by day: a report of 100,000
	 * assignments names a few dozen deadlines tens of thousands of
	 * times, and the lunar calendar is the costly part. */
	struct day_text days[64];
};

/* "28/01/2022 (lunar 26/12)". */
static void format_day(struct builder *b, struct buf *out, kh_date day)
{
	struct day_text *memo = &b->days[(unsigned)day % KH_ARRAY_LEN(b->days)];
	if (!memo->set || memo->day != day) {
		char solar[DATE_STR_SIZE];
		date_format_vn(day, solar);
		struct lunar_date ld;
		if (lunar_from_date(day, &ld) == 0) {
			char lunar[LUNAR_SHORT_SIZE];
			lunar_format_short(&ld, lunar);
			snprintf(memo->text, sizeof(memo->text), "%s (%s)", solar, lunar);
		} else {
			snprintf(memo->text, sizeof(memo->text), "%s", solar);
		}
		memo->set = true;
		memo->day = day;
	}
	buf_puts(out, memo->text);
}

static void add_deadline(struct builder *b, struct report_entry *e,
			 const struct duty_row *row)
{
	struct buf *value = compose(b->report);
	if (row->deadline == KH_DATE_NONE)
		buf_puts(value, _("ongoing"));
	else
		format_day(b, value, row->deadline);
	if (row->phase != PHASE_NONE) {
		buf_puts(value, ", ");
		buf_puts(value, phase_title(row->phase));
	}
	add_detail(b->report, e, _("Deadline:"), buf_str(value), false);
	if (row->overdue) {
		int days = row->deadline < b->today ? b->today - row->deadline : 0;
		value = compose(b->report);
		buf_printf(value, ngettext("%d day", "%d days", days), days);
		add_detail(b->report, e, _("Overdue:"), buf_str(value), true);
	}
}

/* "With:" the units row's duty is done with, by name (by id when not a
 * unit of the plan), from the ids its row came with. */
static void add_with(struct builder *b, struct report_entry *e, const char *with_ids)
{
	if (!with_ids)
		return;
	struct buf *names = compose(b->report);
	for (const char *id = with_ids; *id;) {
		const char *end = strchr(id, REPORT_WITH_SEPARATOR);
		size_t len = end ? (size_t)(end - id) : strlen(id);
		/* No unit's id is longer: such a one is shown as it is. */
		char one[PLAN_ID_MAX + 1];
		const struct unit_info *u = NULL;
		if (len <= PLAN_ID_MAX) {
			memcpy(one, id, len);
			one[len] = '\0';
			u = find_unit(b->units, one);
		}
		if (names->len)
			buf_puts(names, ", ");
		if (u)
			buf_puts(names, u->name);
		else
			buf_append(names, id, len);
		id += len + (end != NULL);
	}
	if (names->len)
		add_detail(b->report, e, _("With:"), buf_str(names), false);
}

/* Who marked a duty, as the document names them; NULL: not named. */
static const char *marker_name(const struct builder *b, const char *login)
{
	if (b->marker == MARKER_ANYONE)
		return people_name(b->people, login);
	const struct person *p = people_find(b->people, login);
	return p ? p->name : NULL;
}

/* "quá hạn 3 ngày". */
static void late_words(struct buf *out, int days)
{
	buf_printf(out, ngettext("%d day late", "%d days late", days), days);
}

/* How a done duty came out, after what is already in out: ", đúng hạn",
 * ", quá hạn 3 ngày"; nothing for one without a deadline. */
static void outcome_words(struct buf *out, const struct duty_row *row)
{
	if (row->deadline == KH_DATE_NONE)
		return;
	buf_puts(out, out->len ? ", " : "");
	if (row->outcome == OUTCOME_DONE_LATE)
		late_words(out, row->days_late);
	else
		buf_puts(out, _("on time"));
}

/* "đang thực hiện, 60%: the note". */
static void progress_words(struct buf *out, const struct duty_row *row)
{
	buf_puts(out, _("in progress"));
	if (row->progress >= 0)
		buf_printf(out, ", %d%%", row->progress);
	if (row->note)
		buf_printf(out, ": %s", row->note);
}

/* "28/01/2022 (26/12 ÂL), đúng hạn, Nguyễn Văn A". */
static void done_words(struct builder *b, struct buf *out, const struct duty_row *row)
{
	if (row->done_on != KH_DATE_NONE)
		format_day(b, out, row->done_on);
	outcome_words(out, row);
	const char *by = marker_name(b, row->changed_by);
	if (by)
		buf_printf(out, "%s%s", out->len ? ", " : "", by);
}

static bool in_progress(const struct duty_row *row)
{
	return row->state == DUTY_DOING ||
	       (row->state == DUTY_TODO && row->progress >= 0);
}

/* The state of a duty, and its note: returns whether the note was said. */
static bool add_state(struct builder *b, struct report_entry *e,
		      const struct duty_row *row)
{
	struct buf *value = compose(b->report);
	bool said_note = false;
	if (in_progress(row)) {
		progress_words(value, row);
		add_detail(b->report, e, _("Status:"), buf_str(value), false);
		said_note = true;
	} else if (row->state == DUTY_DONE) {
		done_words(b, value, row);
		add_detail(b->report, e, _("Done:"), buf_str(value), false);
	}
	return said_note;
}

/* "Gia hạn: đến 15/02/2022 (hạn theo kế hoạch: 10/02/2022): lý do". */
static void add_extension(struct builder *b, struct report_entry *e,
			  const struct duty_row *row)
{
	if (!row->extended)
		return;
	char to[DATE_STR_SIZE], from[DATE_STR_SIZE];
	date_format_vn(row->deadline, to);
	struct buf *value = compose(b->report);
	if (row->plan_deadline != KH_DATE_NONE) {
		date_format_vn(row->plan_deadline, from);
		buf_printf(value, _("to %1$s (the plan's deadline: %2$s)"), to, from);
	} else {
		buf_printf(value, _("to %s"), to);
	}
	if (row->extend_reason)
		buf_printf(value, ": %s", row->extend_reason);
	add_detail(b->report, e, _("Extended:"), buf_str(value), false);
}

/* One member's part in a group's duty: "Văn phòng: hoàn thành
 * 28/01/2022, đúng hạn — the note". */
static void add_member(struct builder *b, struct report_entry *e,
		       const struct duty_row *row)
{
	struct buf *value = compose(b->report);
	if (row->cancelled) {
		buf_puts(value, _("withdrawn"));
		if (row->cancel_reason)
			buf_printf(value, ": %s", row->cancel_reason);
	} else if (in_progress(row)) {
		progress_words(value, row);
	} else {
		buf_puts(value, duty_state_label(row->state));
		if (row->state == DUTY_DONE) {
			buf_putc(value, ' ');
			done_words(b, value, row);
		} else if (row->overdue) {
			buf_puts(value, ", ");
			late_words(value, row->days_late);
		}
	}
	if (row->note && !row->cancelled && !in_progress(row))
		buf_printf(value, " — %s", row->note);
	const char *label = keepf(b->report, "%s:", row->unit_name);
	add_detail(b->report, e, label, buf_str(value), row->overdue);
}

/* A duty's name in the document, in one form throughout: its id (with
 * "@unit" for a group's duty listed once per member, when member) when it
 * belongs to the plan the document is about, which the header names; "plan/id" when
 * it belongs to another plan (next month's plan in a monthly report, any
 * plan in a report on several), so that it says whose it is. Not
 * duty_row_name()'s form, which qualifies an id only where another plan
 * in the database has the same one: in one document that made some duties
 * of a plan qualified and the next ones not. */
static const char *duty_name(struct builder *b, const struct duty_row *row,
			     bool member)
{
	bool home = b->home_plan && strcmp(row->plan_id, b->home_plan) == 0;
	bool at = row->group_duty && member;
	/* Joined, not printed: one per duty listed. */
	struct buf *name = compose(b->report);
	if (!home) {
		buf_puts(name, row->plan_id);
		buf_putc(name, '/');
	}
	buf_puts(name, row->duty_id);
	if (at) {
		buf_putc(name, '@');
		buf_puts(name, row->unit_id);
	}
	return keep(b->report, buf_str(name));
}

/* Counts the entry just finished into the builder's totals. */
static void count_entry(struct builder *b, const struct report_entry *e)
{
	if (e->withdrawn) {
		b->withdrawn++;
		return;
	}
	b->total++;
	b->done += e->done;
	b->overdue += e->overdue;
}

/* A further member's row of the group's duty listed last (GROUP_ONCE):
 * its state under the entry. Done when every member still charged with
 * it is; overdue when any is. */
static void merge_member(struct builder *b, const struct duty_row *row)
{
	struct report_section *s = &b->report->sections[b->report->n_sections - 1];
	struct report_entry *e = &s->entries[s->n_entries - 1];
	b->total -= !e->withdrawn;
	b->done -= e->done && !e->withdrawn;
	b->overdue -= e->overdue && !e->withdrawn;
	b->withdrawn -= e->withdrawn;
	if (!row->cancelled) {
		e->done = (e->done || e->withdrawn) && row->state == DUTY_DONE;
		e->withdrawn = false;
	}
	e->overdue |= row->overdue;
	add_member(b, e, row);
	count_entry(b, e);
}

/* Whether row continues the group's duty listed last. */
static bool same_group_duty(const struct builder *b, const struct duty_row *row)
{
	const struct report *r = b->report;
	return b->groups == GROUP_ONCE && row->group_duty && r->n_sections &&
	       r->sections[r->n_sections - 1].n_entries && b->last_duty == row->duty;
}

/* store_report_list callback: one numbered duty with its facts. */
static int add_duty(void *ctx, const struct duty_row *row, const char *with_ids)
{
	struct builder *b = ctx;
	struct report *r = b->report;
	if (row->group_duty && b->groups == GROUP_SKIP)
		return 0;
	if (same_group_duty(b, row)) {
		merge_member(b, row);
		return 0;
	}
	bool once = b->groups == GROUP_ONCE && row->group_duty;
	struct report_entry *e = add_entry(r);
	b->last_duty = row->duty;
	e->name = duty_name(b, row, !once);
	e->text = keep(r, row->text);
	e->withdrawn = row->cancelled;
	e->done = row->state == DUTY_DONE && !row->cancelled;
	e->overdue = row->overdue;
	/* What was planned (deadline, partners, target) matters until it is
	 * done; a report of results gives the result instead. */
	if (!b->results && !row->cancelled) {
		add_deadline(b, e, row);
		add_with(b, e, with_ids);
		if (row->target)
			add_detail(r, e, _("Target:"), row->target, false);
	}
	add_extension(b, e, row);
	if (once) {
		add_member(b, e, row);
	} else if (row->cancelled) {
		add_detail(r, e, _("Withdrawn:"), row->cancel_reason ? row->cancel_reason
			   : _("no reason given"), false);
	} else {
		bool said_note = add_state(b, e, row);
		if (row->note && !said_note)
			add_detail(r, e, b->note_label, row->note, false);
	}
	count_entry(b, e);
	return 0;
}

/* Lists filter's duties into the last section. Returns 0 or -1. */
static int list_into(struct builder *b, const struct duty_filter *filter)
{
	b->last_duty = 0;
	int rc = store_report_list(b->store, filter, add_duty, b, b->err);
	return rc < 0 ? -1 : 0;
}

/* ---- checklists ------------------------------------------------------ */

struct plan_ids {
	struct buf list;     /* "a, b, c" for messages */
	char *first;
	int count;
};

static int collect_unit_plan(void *ctx, const struct unit_row *row)
{
	struct plan_ids *ids = ctx;
	if (ids->count++ == 0)
		ids->first = x_strdup(row->plan_id);
	buf_printf(&ids->list, "%s%s", ids->list.len ? ", " : "", row->plan_id);
	return 0;
}

/* The plan a checklist is for: the one given, else the only plan the unit
 * is in, else the only plan. Returns a new string, or NULL with err. */
static char *checklist_plan(struct store *store, const struct checklist_options *opts,
			    const struct plan_list *plans, struct kh_error *err)
{
	if (opts->plan) {
		if (find_plan(plans, opts->plan))
			return x_strdup(opts->plan);
		kh_error_set(err, NULL, 0, 0, _("no plan \"%s\""), opts->plan);
		return NULL;
	}
	struct plan_ids ids = {0};
	if (opts->unit) {
		if (store_unit(store, NULL, opts->unit, opts->today, collect_unit_plan,
			       &ids, err) < 0)
			goto out;
		if (ids.count == 0)
			kh_error_set(err, NULL, 0, 0, _("no unit \"%s\""), opts->unit);
		else if (ids.count > 1)
			kh_error_set(err, NULL, 0, 0,
				     _("unit \"%s\" is in several plans (%s): choose one with --plan"),
				     opts->unit, buf_str(&ids.list));
	} else {
		for (size_t i = 0; i < plans->count; i++) {
			if (ids.count++ == 0)
				ids.first = x_strdup(plans->items[i].id);
			buf_printf(&ids.list, "%s%s", i ? ", " : "", plans->items[i].id);
		}
		if (ids.count == 0)
			kh_error_set(err, NULL, 0, 0, "%s", _("no plans are loaded"));
		else if (ids.count > 1)
			kh_error_set(err, NULL, 0, 0,
				     _("several plans are loaded (%s): choose one with --plan"),
				     buf_str(&ids.list));
	}
out:
	buf_free(&ids.list);
	if (ids.count != 1) {
		x_free(ids.first);
		return NULL;
	}
	return ids.first;
}

static void checklist_filter(struct duty_filter *filter,
			     const struct checklist_options *opts,
			     const char *plan, const char *unit)
{
	store_filter_init(filter, opts->today);
	filter->plan = plan;
	filter->unit = unit;
	filter->phase = opts->phase;
	filter->state = opts->state;
}

/* The body: one unit's duties, or a numbered section per unit. */
static int checklist_body(struct builder *b, const struct checklist_options *opts,
			  const char *plan)
{
	struct report *r = b->report;
	struct duty_filter filter;
	if (opts->unit) {
		add_section(r, 2, NULL, keep(r, _("No duties.")));
		checklist_filter(&filter, opts, plan, opts->unit);
		return list_into(b, &filter);
	}
	int number = 0;
	for (size_t i = 0; i < b->units->count; i++) {
		const struct unit_info *u = &b->units->items[i];
		/* A group's duties are listed under each of its members. */
		if (u->is_group)
			continue;
		add_section(r, 2, keepf(r, "%d. %s", ++number, u->name),
			    keep(r, _("No duties.")));
		checklist_filter(&filter, opts, plan, u->id);
		if (list_into(b, &filter) < 0)
			return -1;
		flush_sections(r);
	}
	return 0;
}

static int checklist(struct store *store, const struct checklist_options *opts,
		     struct report_writer *w, struct report **out, struct kh_error *err)
{
	struct plan_list plans = {0};
	struct unit_table units = {0};
	struct report *r = report_new();
	r->priv->writer = w;
	char *plan_id = NULL;
	int rc = -1;
	/* Read from one state of the database: the figures and the lists
	 * then agree while others mark duties. A document written as it is
	 * built (to a pipe, say) holds that state until it is written: the
	 * write-ahead log cannot be folded back past it meanwhile, which
	 * costs nothing but its size. */
	bool reading;
	if (store_read_begin(store, &reading, err) < 0 ||
	    store_plans(store, collect_plan, &plans, err) < 0)
		goto out;
	if (!(plan_id = checklist_plan(store, opts, &plans, err)))
		goto out;
	const struct plan_info *plan = find_plan(&plans, plan_id);
	if (load_units(store, plan_id, &units, err) < 0)
		goto out;
	const struct unit_info *unit = NULL;
	if (opts->unit && !(unit = find_unit(&units, opts->unit))) {
		kh_error_set(err, NULL, 0, 0, _("plan \"%s\" has no unit \"%s\""),
			     plan_id, opts->unit);
		goto out;
	}
	set_header(r, plan->parent, plan->issuer, plan->number, plan->place, opts->today);
	r->kind = keep(r, _("DUTY CHECKLIST"));
	r->title = keep(r, plan->title);
	r->subtitle = unit ? keepf(r, _("Unit: %s"), unit->name)
			   : keep(r, _("All units"));
	r->doc_title = keepf(r, "%s — %s", r->kind, r->subtitle);
	start_body(r);
	/* A unit head's working paper: who ticked a duty off matters to
	 * the one who hands it to the director. */
	struct builder b = {
		.store = store, .report = r, .units = &units, .home_plan = plan_id,
		.marker = MARKER_ANYONE, .people = opts->people, .today = opts->today,
		.note_label = _("Note:"), .err = err,
	};
	if (checklist_body(&b, opts, plan_id) < 0)
		goto out;
	r->summary = keepf(r, _("Total: %d — done: %d — open: %d — overdue: %d"),
			   b.total, b.done, b.total - b.done, b.overdue);
	if (b.withdrawn)
		r->summary = keepf(r, _("%1$s — withdrawn: %2$d"), r->summary, b.withdrawn);
	set_signatures(r, _("HEAD OF UNIT"), unit ? unit->head : NULL);
	rc = 0;
out:
	x_free(plan_id);
	unit_table_free(&units);
	plan_list_free(&plans);
	store_read_end(store, reading);
	return report_done(r, rc, out, err);
}

int report_checklist(struct store *store, const struct checklist_options *opts,
		     struct report **out, struct kh_error *err)
{
	return checklist(store, opts, NULL, out, err);
}

int report_checklist_write(struct store *store, const struct checklist_options *opts,
			   struct report_writer *w, struct kh_error *err)
{
	return checklist(store, opts, w, NULL, err);
}

/* ---- monthly reports ------------------------------------------------- */

struct month {
	int year, month;
	kh_date first, last;
};

static struct month month_of(int year, int month)
{
	struct month m = { year, month, date_from_ymd(year, month, 1), 0 };
	m.last = date_from_ymd(year + month / 12, month % 12 + 1, 1) - 1;
	return m;
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Plans of one office: the same parent body and issuer. */
static bool same_office(const struct plan_info *a, const struct plan_info *b)
{
	return same_text(a->parent, b->parent) && same_text(a->issuer, b->issuer);
}

/* The unit headings of one part of a report, so that they can name their
 * plan when the part turns out to mix several. */
struct part_heading {
	size_t section;
	int number;
	const char *unit_name;             /* kept by the report */
	const struct plan_info *plan;
};

/* What a part's heading says before its units, when that takes
 * finding (the month's figures: a pass over its assignments): found by
 * the report's thread while the first units are built, or at the
 * part's end when it has none. */
struct part_intro {
	int (*find)(struct builder *b, void *ctx, const char **intro);
	void *ctx;
	size_t heading;     /* the section of the report it goes under */
	bool found;
};

struct part {
	struct part_heading *items;
	size_t count, cap;
	int units;
	struct part_intro *intro;   /* or NULL */
};

/* Finds part's intro, once. Returns 0, or -1 with b->err. */
static int part_find_intro(struct builder *b, struct part *part)
{
	struct part_intro *in = part->intro;
	if (!in || in->found)
		return 0;
	in->found = true;
	const char *intro;
	if (in->find(b, in->ctx, &intro) < 0)
		return -1;
	b->report->sections[in->heading].intro = intro;
	return 0;
}

/* Numbers the unit heading at section heading of r, or drops it when
 * nothing was listed under it; notes it in part. Returns whether kept. */
static bool part_close_unit(struct part *part, struct report *r, size_t heading,
			    const struct plan_info *plan, const struct unit_info *u)
{
	if (r->n_sections == heading + 1 && r->sections[heading].n_entries == 0) {
		drop_last_section(r);
		return false;
	}
	int number = ++part->units;
	r->sections[heading].title = keepf(r, "%d. %s", number, u->name);
	X_GROW(part->items, part->cap, part->count + 1);
	part->items[part->count++] = (struct part_heading){
		heading, number, keep(r, u->name), plan,
	};
	return true;
}

/* When units of several plans share a part, each heading names its plan. */
static void part_finish(struct part *part, struct report *r)
{
	bool mixed = false;
	for (size_t i = 1; i < part->count; i++)
		mixed |= part->items[i].plan != part->items[0].plan;
	for (size_t i = 0; mixed && i < part->count; i++) {
		const struct part_heading *h = &part->items[i];
		r->sections[h->section].title = keepf(r, "%d. %s — %s", h->number,
						      h->unit_name, h->plan->title);
	}
	x_free(part->items);
	memset(part, 0, sizeof(*part));
}

/* A lettered list ("a) Done (3)") of filter's duties; left out when it
 * would be empty. Adds how many it listed to *count. */
static int add_list(struct builder *b, const struct duty_filter *filter,
		    const char *label, char *letter, int *count)
{
	struct report *r = b->report;
	size_t i = add_section(r, 3, NULL, NULL);
	if (list_into(b, filter) < 0)
		return -1;
	size_t n = r->sections[i].n_entries;
	if (n == 0) {
		drop_last_section(r);
		return 0;
	}
	r->sections[i].title = keepf(r, "%c) %s (%zu)", (*letter)++, label, n);
	*count += (int)n;
	return 0;
}

struct month_counts {
	int done, open, overdue, next;
};

/* A filter for one unit of one plan, seen on the builder's today. */
static void unit_filter(struct duty_filter *f, const struct builder *b,
			const char *plan, const char *unit)
{
	store_filter_init(f, b->today);
	f->plan = plan;
	f->unit = unit;
	/* A part's units come from the plan's units (build_unit()). */
	if (b->groups != GROUP_EACH)
		f->unit_kind = b->groups == GROUP_ONCE ? UNIT_KIND_GROUP : UNIT_KIND_PLAIN;
}

/* Part I for a group: its duties of the month (due in it, done in it or
 * overdue at its start), each once with its members' states. */
static int group_results(struct builder *b, const char *plan, const char *group,
			 const struct month *m, struct month_counts *counts)
{
	struct duty_filter f;
	unit_filter(&f, b, plan, group);
	f.period_from = m->first;
	f.period_to = m->last;
	if (list_into(b, &f) < 0)
		return -1;
	const struct report_section *s = &b->report->sections[b->report->n_sections - 1];
	for (size_t i = 0; i < s->n_entries; i++) {
		const struct report_entry *e = &s->entries[i];
		if (e->withdrawn)
			continue;
		if (e->done)
			counts->done++;
		else if (e->overdue)
			counts->overdue++;
		else
			counts->open++;
	}
	return 0;
}

/* Part I for one unit: done that month (with the result), still open,
 * overdue. */
static int unit_results(struct builder *b, const char *plan, const char *unit,
			const struct month *m, struct month_counts *counts)
{
	if (b->groups == GROUP_ONCE)
		return group_results(b, plan, unit, m, counts);
	char letter = 'a';
	struct duty_filter f;
	unit_filter(&f, b, plan, unit);
	f.done_from = m->first;
	f.done_to = m->last;
	b->note_label = _("Result:");
	b->results = true;
	int rc = add_list(b, &f, _("Done"), &letter, &counts->done);
	b->results = false;
	b->note_label = _("Note:");
	if (rc < 0)
		return -1;
	if (m->last >= b->today) {
		unit_filter(&f, b, plan, unit);
		f.deadline_from = m->first;
		f.due_within = m->last - b->today;
		if (add_list(b, &f, _("Still open"), &letter, &counts->open) < 0)
			return -1;
	}
	unit_filter(&f, b, plan, unit);
	f.overdue = true;
	f.deadline_to = m->last;
	return add_list(b, &f, _("Overdue"), &letter, &counts->overdue);
}

/* Part II for one unit: what falls due next month. */
static int unit_next_month(struct builder *b, const char *plan, const char *unit,
			   const struct month *next, struct month_counts *counts)
{
	struct duty_filter f;
	unit_filter(&f, b, plan, unit);
	f.deadline_from = next->first;
	f.deadline_to = next->last;
	int before = b->total;
	if (list_into(b, &f) < 0)
		return -1;
	counts->next += b->total - before;
	return 0;
}

typedef int (*unit_part_fn)(struct builder *b, const char *plan, const char *unit,
			    const struct month *m, struct month_counts *counts);

/* Which plans a part covers: all of them (only NULL), only that plan, or
 * every plan of its office. */
enum part_scope { SCOPE_PLAN, SCOPE_OFFICE };

static bool in_scope(const struct plan_info *plan, const struct plan_info *only,
		     enum part_scope scope)
{
	if (!only)
		return true;
	return scope == SCOPE_PLAN ? plan == only : same_office(plan, only);
}

/* How many plans a part covers. */
static size_t plans_in_scope(const struct plan_list *plans, const struct plan_info *only,
			     enum part_scope scope)
{
	size_t n = 0;
	for (size_t p = 0; p < plans->count; p++)
		n += in_scope(&plans->items[p], only, scope);
	return n;
}

/* One unit's part as it is built: in a report of its own when built on
 * a helper's thread, until the report's thread writes it out. */
struct unit_slot {
	struct report *report;
	size_t heading;                   /* the unit's heading in it */
	struct month_counts counts;
};

/* A thread building units: a copy of the report's builder, on a helper's
 * connection (or the builder itself, on the report's thread). */
struct unit_worker {
	struct builder b;
	struct builder *own;              /* the one it builds with */
	struct kh_error err;
	struct plan_part *pp;
};

/* The units of one plan in a part, as ordered_pool jobs. */
struct plan_part {
	struct builder *b;                /* the report's */
	struct part *part;
	const struct plan_info *plan;
	const struct unit_table *units;
	const struct month *m;
	unit_part_fn fill;
	struct month_counts *counts;
	bool stream;                      /* each unit written when taken */
	struct unit_slot *slots;
};

/* ordered_pool run: builds unit job into its slot. */
static int build_unit(void *worker, size_t job, size_t slot_index)
{
	struct unit_worker *w = worker;
	struct plan_part *pp = w->pp;
	struct unit_slot *slot = &pp->slots[slot_index];
	const struct unit_info *u = &pp->units->items[job];
	struct builder *b = w->own;
	b->report = slot->report;
	/* A group's duties under the group, once, not under each of its
	 * members. */
	b->groups = u->is_group ? GROUP_ONCE : GROUP_SKIP;
	slot->counts = (struct month_counts){0};
	slot->heading = add_section(slot->report, 2, NULL, NULL);
	return pp->fill(b, pp->plan->id, u->id, pp->m, &slot->counts);
}

/* ordered_pool take: numbers unit job (or drops it, with nothing under
 * it), counts it, and writes it out when the part streams. */
static int take_unit(void *ctx, size_t job, size_t slot_index)
{
	struct plan_part *pp = ctx;
	struct unit_slot *slot = &pp->slots[slot_index];
	struct report *r = slot->report, *doc = pp->b->report;
	pp->counts->done += slot->counts.done;
	pp->counts->open += slot->counts.open;
	pp->counts->overdue += slot->counts.overdue;
	pp->counts->next += slot->counts.next;
	bool kept = part_close_unit(pp->part, r, slot->heading, pp->plan,
				    &pp->units->items[job]);
	if (!pp->stream)
		return 0;
	if (kept) {
		/* The part's heading first, when this is its first unit. */
		flush_sections(doc);
		flush_sections(r);
		pp->part->count = 0;
	} else if (r != doc) {
		clear_sections(r);
	}
	return 0;
}

/* How many threads build a report's units beside the one writing it
 * (which builds too while it waits): one per further core
 * (KEHOACH_THREADS, when set, says how many; 0: none). */
static size_t helper_count(void)
{
	const char *wanted = getenv("KEHOACH_THREADS");
	long n;
	if (wanted && *wanted) {
		n = strtol(wanted, NULL, 10);
	} else {
		/* The cores this process may run on (taskset, a container's
		 * cpuset), not the machine's. */
		cpu_set_t cores;
		n = sched_getaffinity(0, sizeof(cores), &cores) == 0 ? CPU_COUNT(&cores)
								     : sysconf(_SC_NPROCESSORS_ONLN);
		n--;
	}
	return n < 0 ? 0 : n > REPORT_MAX_HELPERS ? REPORT_MAX_HELPERS : (size_t)n;
}

/* Opens the helpers a report being written has (helper_count()), as
 * many as can be had: none is needed. Returns how many. */
static size_t open_helpers(struct store *store, struct store **helpers)
{
	size_t wanted = helper_count(), n = 0;
	struct kh_error ignored;
	while (n < wanted && store_open_helper(store, &helpers[n], &ignored) == 0)
		n++;
	return n;
}

static void close_helpers(struct store **helpers, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		store_close(helpers[i]);
	*n = 0;
}

/* ordered_pool prelude: the part's intro, found while the threads build
 * the first units. */
static int find_intro_first(void *ctx)
{
	struct plan_part *pp = ctx;
	return part_find_intro(pp->b, pp->part);
}

/* Lists the units of plan into part: on the helpers' threads, each unit
 * in a slot of its own, when the part is written as it goes; else on the
 * report's thread, into the report itself. */
static int add_plan_part(struct builder *b, struct part *part, const struct plan_info *plan,
			 const struct month *m, unit_part_fn fill,
			 struct month_counts *counts, bool stream)
{
	struct unit_table units = {0};
	int rc = load_units(b->store, plan->id, &units, b->err);
	if (rc < 0)
		return -1;
	size_t n_threads = stream && b->report->priv->writer ? b->n_helpers : 0;
	struct plan_part pp = {
		.b = b, .part = part, .plan = plan, .units = &units, .m = m,
		.fill = fill, .counts = counts, .stream = stream,
	};
	/* The threads', then the report's thread's. */
	struct unit_worker workers[REPORT_MAX_HELPERS + 1];
	void *contexts[REPORT_MAX_HELPERS];
	struct unit_slot alone, *slots = &alone;
	struct ordered_pool pool = {
		.n_jobs = units.count, .workers = contexts, .n_threads = n_threads,
		.caller = &workers[n_threads], .run = build_unit, .take = take_unit,
		.prelude = find_intro_first, .ctx = &pp,
	};
	b->units = &units;
	if (n_threads == 0) {
		workers[0] = (struct unit_worker){ .own = b, .pp = &pp };
		alone = (struct unit_slot){ .report = b->report };
		pool.window = 1;
	} else {
		/* Each with a builder of its own, the report's thread too: its
		 * builder's report is the document, not a slot. */
		for (size_t i = 0; i <= n_threads; i++) {
			workers[i] = (struct unit_worker){ .b = *b, .pp = &pp };
			workers[i].b.store = i < n_threads ? b->helpers[i] : b->store;
			workers[i].b.err = &workers[i].err;
			workers[i].own = &workers[i].b;
			if (i < n_threads)
				contexts[i] = &workers[i];
		}
		pool.window = report_writer_units_ahead(b->report->priv->writer);
		slots = x_calloc(pool.window, sizeof(*slots));
		for (size_t i = 0; i < pool.window; i++) {
			slots[i] = (struct unit_slot){ .report = report_new() };
			start_body(slots[i].report);
			slots[i].report->priv->writer = b->report->priv->writer;
		}
	}
	pp.slots = slots;
	rc = ordered_pool_run(&pool);
	struct unit_worker *failed = pool.failed_worker;
	/* A thread's error was said in its own record. */
	if (rc != 0 && failed && failed->own != b && b->err)
		*b->err = failed->err;
	if (n_threads > 0) {
		for (size_t i = 0; i < pool.window; i++) {
			slots[i].report->priv->writer = NULL;
			report_free(slots[i].report);
		}
		x_free(slots);
	}
	b->units = NULL;
	b->groups = GROUP_EACH;
	unit_table_free(&units);
	return rc < 0 ? -1 : rc;
}

/* One part of the report: a numbered heading per unit of every plan in
 * scope that has something under it. Sets *listed to how many units
 * came under it. */
static int add_part(struct builder *b, const struct plan_list *plans,
		    const struct plan_info *only, enum part_scope scope,
		    const struct month *m, unit_part_fn fill,
		    struct month_counts *counts, struct part_intro *intro, int *listed)
{
	struct part part = { .intro = intro };
	int rc = 0;
	/* Units of several plans may end up sharing the part, and then each
	 * heading names its plan (part_finish): the part is written whole.
	 * Of one plan, each unit is written as soon as it is done. */
	bool stream = plans_in_scope(plans, only, scope) <= 1;
	for (size_t p = 0; p < plans->count && rc == 0; p++) {
		const struct plan_info *plan = &plans->items[p];
		if (in_scope(plan, only, scope))
			rc = add_plan_part(b, &part, plan, m, fill, counts, stream);
	}
	if (rc == 0)
		rc = part_find_intro(b, &part);
	*listed = part.units;
	part_finish(&part, b->report);
	return rc;
}

/* ---- the month's figures and the summary table ---------------------- */

static void table_add_row(struct report *r, const char *label,
			  const struct outcome_counts *counts, bool total)
{
	struct report_private *p = r->priv;
	struct report_table *t = &p->table;
	X_GROW(t->rows, p->rows_cap, t->n_rows + 1);
	struct report_table_row *row = &t->rows[t->n_rows++];
	*row = (struct report_table_row){
		.label = keep(r, label), .counts = *counts, .total = total,
	};
	char cells[REPORT_STATS_COLUMNS][REPORT_CELL_SIZE];
	report_stats_cells(counts, cells);
	for (size_t i = 0; i < REPORT_STATS_COLUMNS; i++)
		row->cells[i] = keep(r, cells[i]);
}

struct table_fill {
	struct report *report;
	bool name_plans;     /* several plans: each row names its plan */
};

/* store_stats callback: a unit's row of the table. */
static int collect_stats(void *ctx, const struct stats_row *row)
{
	struct table_fill *fill = ctx;
	char *label = fill->name_plans ? x_asprintf("%s (%s)", row->name, row->plan_id)
				       : x_strdup(row->name);
	table_add_row(fill->report, label, &row->counts, false);
	x_free(label);
	return 0;
}

/* The month's figures in words, for the head of its results. */
static const char *figures_words(struct report *r, const struct month *m,
				 const char *as_of, const struct outcome_counts *c)
{
	struct outcome_rates rates;
	outcome_rates(c, &rates);
	char done[REPORT_CELL_SIZE], on_time[REPORT_CELL_SIZE], overdue[REPORT_CELL_SIZE];
	i18n_percent(rates.done, rates.defined, done, sizeof(done));
	i18n_percent(rates.on_time, rates.defined, on_time, sizeof(on_time));
	i18n_percent(rates.overdue, rates.defined, overdue, sizeof(overdue));
	long due = c->done_on_time + c->done_late + c->overdue;
	const char *words = keepf(r, _("In %1$02d/%2$d, as of %3$s: %4$ld duties; done on"
				       " time %5$ld, done late %6$ld, not yet due %7$ld,"
				       " overdue %8$ld. Of the %9$ld that came due: done"
				       " %10$s, on time %11$s, overdue %12$s."),
				  m->month, m->year, as_of, c->total, c->done_on_time,
				  c->done_late, c->in_time, c->overdue, due, done,
				  on_time, overdue);
	if (c->cancelled)
		words = keepf(r, _("%1$s Withdrawn: %2$ld."), words, c->cancelled);
	return words;
}

/* Which figures month_figures() counts. */
struct figures_of {
	const char *plan;        /* or NULL: every plan */
	bool name_plans;
	const struct month *m;
};

/* month_figures() in the arena keep() puts strings in. */
static int count_month(struct builder *b, const char *plan, bool name_plans,
		       const struct month *m, const char **intro)
{
	struct report *r = b->report;
	kh_date as_of = b->today < m->last ? b->today : m->last;
	struct duty_filter f;
	store_filter_init(&f, as_of);
	f.plan = plan;
	f.period_from = m->first;
	f.period_to = m->last;
	struct table_fill fill = { r, name_plans };
	struct outcome_counts total;
	if (store_stats(b->store, &f, collect_stats, &fill, &total, b->err) < 0)
		return -1;
	table_add_row(r, _("Total"), &total, true);
	struct report_table *t = &r->priv->table;
	char day[DATE_STR_SIZE];
	date_format_vn(as_of, day);
	t->title = keep(r, _("Appendix: summary table of the results of the duties"));
	t->note = keepf(r, _("%1$02d/%2$d, as of %3$s"), m->month, m->year, day);
	t->unit_heading = keep(r, _("Unit"));
	for (size_t i = 0; i < REPORT_STATS_COLUMNS; i++)
		t->headings[i] = keep(r, _(report_stats_headings[i]));
	static const enum duty_outcome segments[] = {
		OUTCOME_DONE_ON_TIME, OUTCOME_DONE_LATE, OUTCOME_IN_TIME, OUTCOME_OVERDUE,
	};
	for (size_t i = 0; i < KH_ARRAY_LEN(segments); i++)
		t->legend[i] = keep(r, duty_outcome_label(segments[i]));
	r->appendix = t;
	*intro = figures_words(r, m, day, &total);
	return 0;
}

/* part_intro find: the month's figures as `kehoach stats --from FIRST
 * --to LAST` counts them, on the month's last day or today when that is
 * earlier (see report_monthly): the summary table becomes the appendix,
 * and its total in words is returned in *intro. Its strings are kept
 * with the header's, not the body's, which go as sections are written. */
static int month_figures(struct builder *b, void *ctx, const char **intro)
{
	const struct figures_of *of = ctx;
	struct report *r = b->report;
	struct arena *body = r->priv->strings;
	r->priv->strings = &r->priv->arena;
	int rc = count_month(b, of->plan, of->name_plans, of->m, intro);
	r->priv->strings = body;
	return rc;
}

/* The header's office when no plan is named: what every plan agrees on. */
static struct plan_info common_office(const struct plan_list *plans)
{
	struct plan_info common = {0};
	if (plans->count == 0)
		return common;
	common = plans->items[0];
	for (size_t i = 1; i < plans->count; i++) {
		const struct plan_info *p = &plans->items[i];
		if (!same_text(common.parent, p->parent))
			common.parent = NULL;
		if (!same_text(common.issuer, p->issuer))
			common.issuer = NULL;
		if (!same_text(common.place, p->place))
			common.place = NULL;
	}
	return common;
}

/* A part's heading, told so when nothing came under it. */
static int add_month_part(struct builder *b, const struct plan_list *plans,
			  const struct plan_info *only, enum part_scope scope,
			  const struct month *m, unit_part_fn fill,
			  struct month_counts *counts, const char *title,
			  struct part_intro *intro, const char *empty)
{
	struct report *r = b->report;
	size_t heading = add_section(r, 1, keep(r, title), NULL);
	if (intro)
		intro->heading = heading;
	int listed;
	if (add_part(b, plans, only, scope, m, fill, counts, intro, &listed) < 0)
		return -1;
	/* Nothing listed: nothing was written since the heading either. */
	if (!listed)
		r->sections[heading].empty = keep(r, empty);
	return 0;
}

static int monthly(struct store *store, const struct monthly_options *opts,
		   struct report_writer *w, struct report **out, struct kh_error *err)
{
	struct plan_list plans = {0};
	struct report *r = report_new();
	r->priv->writer = w;
	int rc = -1;
	bool reading;   /* one state of the database, as checklist() */
	struct store *helpers[REPORT_MAX_HELPERS];
	size_t n_helpers = w ? open_helpers(store, helpers) : 0;
	bool shared;
	if (store_read_begin_shared(store, helpers, n_helpers, &reading, &shared, err) < 0)
		goto out;
	if (!shared)
		close_helpers(helpers, &n_helpers);
	if (store_plans(store, collect_plan, &plans, err) < 0)
		goto out;
	const struct plan_info *only = NULL;
	if (opts->plan && !(only = find_plan(&plans, opts->plan))) {
		kh_error_set(err, NULL, 0, 0, _("no plan \"%s\""), opts->plan);
		goto out;
	}
	/* With one plan loaded, a report on every plan is a report on it. */
	if (!opts->plan && plans.count == 1)
		only = &plans.items[0];
	/* Helpers build the parts written as they go (see add_part): none
	 * of them, when every part mixes plans. */
	if (plans_in_scope(&plans, only, SCOPE_PLAN) > 1 &&
	    plans_in_scope(&plans, only, SCOPE_OFFICE) > 1)
		close_helpers(helpers, &n_helpers);
	struct month m = month_of(opts->year, opts->month);
	struct month next = month_of(opts->year + opts->month / 12, opts->month % 12 + 1);
	struct plan_info office = only ? *only : common_office(&plans);
	set_header(r, office.parent, office.issuer, NULL, office.place, opts->today);
	r->kind = keep(r, _("REPORT"));
	r->title = keepf(r, _("Results of the duties of %1$02d/%2$d"), m.month, m.year);
	r->subtitle = only ? keep(r, only->title) : NULL;
	r->doc_title = keepf(r, "%s — %s", r->kind, r->title);
	/* The office's report of results: what was done, when, with what
	 * result and by whom, but never which account marked it (that is in
	 * the history): only the people the configuration names are named.
	 * The seed reports name no one, and on a one-user install the same
	 * login would stand on every line. */
	struct builder b = {
		.store = store, .report = r, .home_plan = only ? only->id : NULL,
		.marker = MARKER_NAMED, .people = opts->people, .today = opts->today,
		.note_label = _("Note:"), .err = err, .helpers = helpers,
		.n_helpers = n_helpers,
	};
	struct figures_of figures = { only ? only->id : NULL, !only && plans.count > 1, &m };
	struct part_intro intro = { .find = month_figures, .ctx = &figures };
	start_body(r);
	struct month_counts counts = {0};
	char title[256], empty[256];
	snprintf(title, sizeof(title), _("I. RESULTS IN %02d/%d"), m.month, m.year);
	snprintf(empty, sizeof(empty), _("Nothing was due or done in %02d/%d."),
		 m.month, m.year);
	if (add_month_part(&b, &plans, only, SCOPE_PLAN, &m, unit_results,
			   &counts, title, &intro, empty) < 0)
		goto out;
	snprintf(title, sizeof(title), _("II. MAIN DUTIES FOR %02d/%d"),
		 next.month, next.year);
	snprintf(empty, sizeof(empty), _("No duty falls due in %02d/%d."),
		 next.month, next.year);
	if (add_month_part(&b, &plans, only, SCOPE_OFFICE, &next, unit_next_month,
			   &counts, title, NULL, empty) < 0)
		goto out;
	r->summary = keepf(r, _("%1$02d/%2$d: done %3$d, still open %4$d, overdue %5$d;"
				" %6$02d/%7$d: %8$d duties fall due"),
			   m.month, m.year, counts.done, counts.open, counts.overdue,
			   next.month, next.year, counts.next);
	set_signatures(r, _("HEAD OF OFFICE"), NULL);
	rc = 0;
out:
	plan_list_free(&plans);
	store_read_end(store, reading);
	close_helpers(helpers, &n_helpers);
	return report_done(r, rc, out, err);
}

int report_monthly(struct store *store, const struct monthly_options *opts,
		   struct report **out, struct kh_error *err)
{
	return monthly(store, opts, NULL, out, err);
}

int report_monthly_write(struct store *store, const struct monthly_options *opts,
			 struct report_writer *w, struct kh_error *err)
{
	return monthly(store, opts, w, NULL, err);
}

int report_office(struct store *store, const char *plan, char **parent,
		  char **issuer, struct kh_error *err)
{
	struct plan_list plans = {0};
	*parent = *issuer = NULL;
	if (store_plans(store, collect_plan, &plans, err) < 0)
		return -1;
	const struct plan_info *only = plan ? find_plan(&plans, plan) : NULL;
	struct plan_info office = only ? *only : common_office(&plans);
	*parent = office.parent ? text_upper(office.parent) : NULL;
	*issuer = office.issuer ? text_upper(office.issuer) : NULL;
	plan_list_free(&plans);
	return 0;
}
