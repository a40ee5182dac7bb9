/* plan_yaml: libyaml events → struct plan, strictly.
 *
 * A recursive descent over the event stream, driven by one table of known
 * keys per mapping (plan, unit, duty, phase range). Because every value is
 * checked against the type the format expects as soon as its first event
 * arrives, nesting deeper than the format allows is refused at once and the
 * descent never goes deeper than the format's own six levels.
 *
 * A refused value is read past (yaml_reader_skip_to) and loading goes on
 * with the next key or item, so that one run finds every mistake; only a
 * syntax error, after which libyaml can read nothing more, ends the file.
 * Every reading function returns -1 for a value it refused (reported,
 * maybe read only in part); the loops over keys and items recover. */
#include "kehoach/plan_yaml.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kehoach/i18n.h"
#include "kehoach/lunar.h"
#include "kehoach/text.h"
#include "kehoach/yaml_reader.h"

/* A date written in a calendar form ("tet-3", "23/12 ÂL"), waiting for the
 * end of the document: `tet:` may come after the dates that need it. */
struct pending_date {
	struct date_calendar_form form;
	struct source_pos pos;
	kh_date date;           /* once resolved */
};

/* What a value is expected to be, for the message when it is not: made
 * for every value read but needed only when one is wrong. Translated and
 * formatted once a loader (by the address of its message id, or of its
 * field), not once a value: gettext and snprintf for each value of a
 * 100,000-duty plan were a tenth of reading it. A text made is kept
 * until the loader ends (callers hold it while they read the value):
 * there are a few dozen. */
struct expected_memo {
	const void *key;
	char *text;
};

struct loader {
	struct yaml_reader r;
	struct expected_memo *expected;
	size_t n_expected, expected_cap;
	struct plan *plan;
	struct kh_errors *errors;
	struct pending_date *pending;  /* in the order written */
	size_t n_pending;
	size_t pending_cap;
	bool phases_written;    /* `phases` is there, maybe empty */
	bool plan_read;         /* the mapping `plan` was read */
	const struct plan_stream *stream;   /* NULL: nothing handed over */
	bool streaming;         /* the header was handed over */
	/* While streaming: the arena of the unit being read, for its duties
	 * (handed over with it), and the checks of the duties let go. */
	struct arena *unit_bulk;
	struct arena *bulk;     /* where values go now: NULL, the plan's */
	struct plan_duty_checker *checker;
};

/* Where the values read now are kept: the plan's arena, or while a
 * streamed unit's duties are read, that unit's. */
static struct arena *values_arena(struct loader *ld)
{
	return ld->bulk ? ld->bulk : &ld->plan->arena;
}

/* The text kept for key, or NULL. */
static const char *expected_kept(const struct loader *ld, const void *key)
{
	for (size_t i = 0; i < ld->n_expected; i++)
		if (ld->expected[i].key == key)
			return ld->expected[i].text;
	return NULL;
}

static const char *expected_keep(struct loader *ld, const void *key, char *text)
{
	X_GROW(ld->expected, ld->expected_cap, ld->n_expected + 1);
	ld->expected[ld->n_expected++] = (struct expected_memo){ key, text };
	return text;
}

/* _(msgid), memoised. */
static const char *expected(struct loader *ld, const char *msgid)
{
	const char *text = expected_kept(ld, msgid);
	return text ? text : expected_keep(ld, msgid, x_strdup(_(msgid)));
}

/* The current event as text, in NFC, copied into the plan's arena. */
static int current_text(struct loader *ld, const char *what, const char **out)
{
	const char *value;
	size_t len;
	const yaml_event_t *e = &ld->r.event;
	/* A text with ': ' in it, unquoted, reads as "key: value". */
	if (e->type == YAML_MAPPING_START_EVENT &&
	    e->data.mapping_start.style == YAML_BLOCK_MAPPING_STYLE)
		return yaml_reader_fail(&ld->r, yaml_reader_pos(&ld->r),
					_("expected %s, found a mapping ('key: value'); if the text contains ': ', put the whole text in quotes (\"…\")"),
					what);
	if (yaml_reader_scalar(&ld->r, what, &value, &len) < 0)
		return -1;
	/* Most text is NFC already: copy it once, straight into the arena. */
	if (text_is_nfc_quick(value, len)) {
		*out = arena_strndup(values_arena(ld), value, len);
		return 0;
	}
	char *nfc = text_nfc(value);
	*out = arena_strdup(values_arena(ld), nfc);
	x_free(nfc);
	return 0;
}

static int read_text(struct loader *ld, const char *what, const char **out,
		     struct source_pos *pos)
{
	if (yaml_reader_next(&ld->r) < 0)
		return -1;
	if (pos)
		*pos = yaml_reader_pos(&ld->r);
	return current_text(ld, what, out);
}

/* ---- dates that wait for plan.tet ----------------------------------------
 *
 * A date in a calendar form is stored as a mark holding the index of its
 * pending_date, and replaced by the real date once the whole document is
 * read. The mark is an index, not a pointer to the field, because the
 * arrays of units and duties move while they grow. Marks lie just above
 * KH_DATE_NONE, millions of years before any date the parser accepts, and
 * never leave the loader. */
#define PENDING_MARK_BASE (KH_DATE_NONE + 1)
#define PENDING_MAX ((size_t)INT32_MAX / 2)

static bool is_pending_mark(kh_date date)
{
	return date >= PENDING_MARK_BASE &&
	       (size_t)((int64_t)date - PENDING_MARK_BASE) < PENDING_MAX;
}

static int add_pending(struct loader *ld, const struct date_calendar_form *form,
		       struct source_pos pos, kh_date *out)
{
	if (ld->n_pending == PENDING_MAX)
		return yaml_reader_fail(&ld->r, pos,
					_("too many dates relative to Tết; write some of them out"));
	X_GROW(ld->pending, ld->pending_cap, ld->n_pending + 1);
	ld->pending[ld->n_pending] = (struct pending_date){ *form, pos, KH_DATE_NONE };
	*out = PENDING_MARK_BASE + (kh_date)ld->n_pending;
	ld->n_pending++;
	return 0;
}

/* Enough for format_form(): "30/12 ÂL" or any Tết offset. */
#define FORM_STR_SIZE 32

/* The calendar form as the parser understood it, for messages. */
static void format_form(const struct date_calendar_form *form,
			char out[FORM_STR_SIZE])
{
	if (form->lunar_day)
		snprintf(out, FORM_STR_SIZE, "%d/%d ÂL", form->lunar_day,
			 form->lunar_month);
	else
		date_format_tet_offset(form->tet_offset, out);
}

/* Reads a DATE; calendar (plan-format.md's relative and lunar forms) says
 * whether the field takes them, which `issued` does not: it is a fact
 * about the document, not a day of the plan. */
static int read_date(struct loader *ld, kh_date *out, struct source_pos *pos,
		     const char *key, bool calendar)
{
	const char *value;
	size_t len;
	struct date_calendar_form form;
	if (yaml_reader_next(&ld->r) < 0 ||
	    yaml_reader_scalar(&ld->r, expected(ld, N_("a date")), &value, &len) < 0)
		return -1;
	struct source_pos at = yaml_reader_pos(&ld->r);
	if (pos)
		*pos = at;
	enum date_parse_result parsed = date_parse(value, out, &form);
	switch (parsed) {
	case DATE_PARSE_OK:
		return 0;
	case DATE_PARSE_IMPOSSIBLE:
		return yaml_reader_fail(&ld->r, at,
					_("no such date: '%s'; check the day and the month"), value);
	case DATE_PARSE_TET_RELATIVE:
	case DATE_PARSE_LUNAR:
	case DATE_PARSE_OUT_OF_RANGE:
		if (!calendar)
			return yaml_reader_fail(&ld->r, at,
				       _("'%s' takes a date written out (YYYY-MM-DD or DD/MM/YYYY), not '%s'"),
				       key, value);
		if (parsed == DATE_PARSE_OUT_OF_RANGE)
			return yaml_reader_fail(&ld->r, at,
				       _("'%s' is too far from Tết: kehoach counts at most %d days before or after it (tet-%d to tet+%d)"),
				       value, DATE_TET_OFFSET_MAX, DATE_TET_OFFSET_MAX,
				       DATE_TET_OFFSET_MAX);
		return add_pending(ld, &form, at, out);
	case DATE_PARSE_SYNTAX:
	default:
		return yaml_reader_fail(&ld->r, at,
			       calendar ? _("expected a date (YYYY-MM-DD, DD/MM/YYYY, tet-N, tet+N or DD/MM ÂL), found '%s'")
				        : _("expected a date (YYYY-MM-DD or DD/MM/YYYY), found '%s'"),
			       value);
	}
}

/* The date of one pending date, around plan.tet (known to be in range). */
static int resolve_pending(struct loader *ld, struct pending_date *p)
{
	char written[FORM_STR_SIZE];
	int tet = ld->plan->tet;
	format_form(&p->form, written);
	if (!tet)
		return yaml_reader_fail(&ld->r, p->pos,
			       _("'%s' needs plan.tet: add 'tet: YEAR' to the plan"),
			       written);
	if (lunar_resolve_form(tet, &p->form, &p->date) == 0)
		return 0;
	int year = lunar_year_around_tet(tet, p->form.lunar_month);
	int days = lunar_month_length(year, p->form.lunar_month, false);
	if (!days)
		return yaml_reader_fail(&ld->r, p->pos,
			       _("'%s' falls in the lunar year %d, outside the calendar kehoach knows (%d-%d)"),
			       written, year, LUNAR_YEAR_MIN, LUNAR_YEAR_MAX);
	char can_chi[LUNAR_CAN_CHI_SIZE];
	lunar_can_chi_year(year, can_chi, sizeof(can_chi));
	return yaml_reader_fail(&ld->r, p->pos,
		       _("%s does not exist: %s of the lunar year %s (%d–%d) has %d days"),
		       written, lunar_month_name(p->form.lunar_month), can_chi,
		       year, year + 1, days);
}

static void replace_mark(const struct loader *ld, kh_date *date)
{
	if (is_pending_mark(*date))
		*date = ld->pending[*date - PENDING_MARK_BASE].date;
}

/* Resolves every pending date (reporting each that fails) and puts the
 * dates in place of their marks: KH_DATE_NONE for those that failed. */
static void resolve_calendar_dates(struct loader *ld)
{
	struct plan *plan = ld->plan;
	for (size_t i = 0; i < ld->n_pending; i++)
		resolve_pending(ld, &ld->pending[i]);
	if (!ld->n_pending)
		return;
	replace_mark(ld, &plan->period.from);
	replace_mark(ld, &plan->period.to);
	for (int p = PHASE_BEFORE; p < PHASE_COUNT; p++) {
		replace_mark(ld, &plan->phases[p].from);
		replace_mark(ld, &plan->phases[p].to);
	}
	for (size_t u = 0; u < plan->n_units; u++) {
		for (size_t d = 0; d < plan->units[u].n_duties; d++) {
			struct duty *duty = &plan->units[u].duties[d];
			replace_mark(ld, &duty->due);
			replace_mark(ld, &duty->start);
		}
	}
}

/* Reads a plain decimal integer in [min, max]. */
static int read_int(struct loader *ld, const char *what, long min, long max,
		    int *out)
{
	const char *value;
	size_t len;
	if (yaml_reader_next(&ld->r) < 0 || yaml_reader_scalar(&ld->r, what, &value, &len) < 0)
		return -1;
	long n = 0;
	bool ok = ld->r.event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		  len > 0 && len <= 6;
	for (size_t i = 0; ok && i < len; i++) {
		ok = value[i] >= '0' && value[i] <= '9';
		n = n * 10 + (value[i] - '0');
	}
	if (!ok || n < min || n > max)
		return yaml_reader_fail(&ld->r, yaml_reader_pos(&ld->r),
					_("expected %s, found '%s'"), what, value);
	*out = (int)n;
	return 0;
}

/* Reads one item of a sequence from the current event into *item. */
typedef int (*item_fn)(struct loader *ld, void *item);

/* Reads a sequence whose items are item_size bytes each into an array in
 * the plan's arena, sized exactly. An item read_item refuses (-1) is left
 * out; either way what is left of it is read past. */
static int read_sequence(struct loader *ld, const char *what, size_t item_size,
			 item_fn read_item, void **items, size_t *count)
{
	if (yaml_reader_expect(&ld->r, YAML_SEQUENCE_START_EVENT, what) < 0)
		return -1;
	unsigned depth = ld->r.depth;
	char *tmp = NULL;
	size_t n = 0, cap = 0;
	int rc = -1;
	for (;;) {
		int got = yaml_reader_next(&ld->r);
		if (got == 0 && ld->r.event.type == YAML_SEQUENCE_END_EVENT)
			break;
		X_GROW(tmp, cap, (n + 1) * item_size);
		memset(tmp + n * item_size, 0, item_size);
		if (got == 0 && read_item(ld, tmp + n * item_size) == 0)
			n++;
		if (yaml_reader_skip_to(&ld->r, depth) < 0)
			goto out;
	}
	*items = arena_alloc(values_arena(ld), n * item_size);
	if (n)
		memcpy(*items, tmp, n * item_size);
	*count = n;
	rc = 0;
out:
	x_free(tmp);
	return rc;
}

static int text_item(struct loader *ld, void *item)
{
	return current_text(ld, expected(ld, N_("a text item")), item);
}

/* A reference refused is kept, with no id: a group whose members were
 * all refused is not also said to have none (the plan fails anyway). */
static int unit_ref_item(struct loader *ld, void *item)
{
	struct unit_ref *ref = item;
	const char *id;
	size_t len;
	ref->pos = yaml_reader_pos(&ld->r);
	if (yaml_reader_scalar(&ld->r, expected(ld, N_("a unit id")), &id, &len) < 0)
		return 0;
	if (!plan_id_valid(id)) {
		char *shown = text_sanitize(id, 0);
		yaml_reader_fail(&ld->r, ref->pos,
				 _("expected a unit id, found '%s': write the id of a unit (as in 'id:'), not its name"),
				 shown);
		x_free(shown);
		return 0;
	}
	ref->id = arena_strndup(values_arena(ld), id, len);
	return 0;
}

/* ---- mappings ------------------------------------------------------------ */

enum field_type {
	FIELD_TEXT,
	FIELD_DATE,
	FIELD_ABSOLUTE_DATE,    /* a DATE without the calendar forms */
	FIELD_TEXT_LIST,
	FIELD_UNIT_REFS,
	FIELD_PHASE,
	FIELD_VERSION,
	FIELD_YEAR,
	FIELD_NESTED,
};

#define NO_OFFSET ((size_t)-1)

struct field {
	const char *key;
	enum field_type type;
	bool required;
	size_t offset;        /* of the value in the target struct */
	size_t aux_offset;    /* lists: of the count; others: of a source_pos */
	int (*nested)(struct loader *ld, void *target);
};

#define MAX_FIELDS 16

/* What a field of a text or a list holds, by its key, memoised by field. */
static const char *expected_for(struct loader *ld, const struct field *f)
{
	const char *kept = expected_kept(ld, f);
	if (kept)
		return kept;
	char text[160];
	switch (f->type) {
	case FIELD_TEXT_LIST:
		snprintf(text, sizeof(text), _("a list of texts for '%s'"), f->key);
		break;
	case FIELD_UNIT_REFS:
		snprintf(text, sizeof(text), _("a list of unit ids for '%s'"), f->key);
		break;
	default:
		snprintf(text, sizeof(text), _("a text for '%s'"), f->key);
		break;
	}
	return expected_keep(ld, f, x_strdup(text));
}

static int read_field(struct loader *ld, const struct field *f, void *target)
{
	char *base = target;
	void *value = base + f->offset;
	struct source_pos *pos =
		f->aux_offset == NO_OFFSET ? NULL : (struct source_pos *)(base + f->aux_offset);
	char what[96];
	switch (f->type) {
	case FIELD_TEXT:
		return read_text(ld, expected_for(ld, f), value, pos);
	case FIELD_DATE:
	case FIELD_ABSOLUTE_DATE:
		return read_date(ld, value, pos, f->key, f->type == FIELD_DATE);
	case FIELD_TEXT_LIST:
		return read_sequence(ld, expected_for(ld, f),
				     sizeof(const char *), text_item,
				     value, (size_t *)(base + f->aux_offset));
	case FIELD_UNIT_REFS:
		return read_sequence(ld, expected_for(ld, f),
				     sizeof(struct unit_ref),
				     unit_ref_item, value,
				     (size_t *)(base + f->aux_offset));
	case FIELD_PHASE: {
		const char *s;
		struct source_pos at;
		if (read_text(ld, expected(ld, N_("a phase")), &s, &at) < 0)
			return -1;
		if (phase_parse(s, value) < 0)
			return yaml_reader_fail(&ld->r, at,
				       _("unknown phase '%s' (expected before, during or after)"),
				       s);
		return 0;
	}
	case FIELD_VERSION: {
		int *version = value;
		if (read_int(ld, _("the format version (an integer)"), 0, 999999,
			     version) < 0)
			return -1;
		if (*version != PLAN_FORMAT_VERSION)
			return yaml_reader_fail(&ld->r, yaml_reader_pos(&ld->r),
				       _("plan format version %d is not supported (this kehoach reads version %d)"),
				       *version, PLAN_FORMAT_VERSION);
		return 0;
	}
	case FIELD_YEAR:
		snprintf(what, sizeof(what), _("a year (%d-%d)"), LUNAR_YEAR_MIN,
			 LUNAR_YEAR_MAX);
		if (read_int(ld, what, LUNAR_YEAR_MIN, LUNAR_YEAR_MAX, value) < 0)
			return -1;
		if (pos)
			*pos = yaml_reader_pos(&ld->r);
		return 0;
	case FIELD_NESTED:
		return f->nested(ld, target);
	}
	return -1;
}

static void list_keys(const struct field *fields, size_t n, char *out,
		      size_t out_size)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n && len < out_size; i++)
		len += (size_t)snprintf(out + len, out_size - len, "%s%s",
					i ? ", " : "", fields[i].key);
}

/* The keys of one mapping read so far. */
struct keys_seen {
	struct source_pos at[MAX_FIELDS];   /* line 0: not yet */
	bool misspelt[MAX_FIELDS];          /* an unknown key looked like it */
};

/* The longest key edit_distance() compares. */
#define KEY_COMPARED_MAX 32

/* How many edits (a byte added, removed or changed, or two swapped) turn
 * a into b; SIZE_MAX for keys longer than any the format has. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	size_t d[KEY_COMPARED_MAX + 1][KEY_COMPARED_MAX + 1];
	if (n > KEY_COMPARED_MAX || m > KEY_COMPARED_MAX)
		return SIZE_MAX;
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[n][m];
}

/* The key not yet written that an unknown key is most likely a misspelling
 * of ("titel", "dua"), or NULL. */
static const struct field *nearest_key(const char *key, const struct field *fields,
				       size_t n_fields, const struct keys_seen *seen)
{
	const struct field *nearest = NULL;
	size_t best = strlen(key) <= 3 ? 1 : 2;
	for (size_t i = 0; i < n_fields; i++) {
		size_t d = edit_distance(key, fields[i].key);
		if (!seen->at[i].line && d <= best && (!nearest || d < best)) {
			nearest = &fields[i];
			best = d;
		}
	}
	return nearest;
}

/* The field the current event names as a key of the mapping what, or
 * NULL when it names none (reported: not a text, unknown, written twice). */
static const struct field *read_key(struct loader *ld, const char *what,
				    const struct field *fields, size_t n_fields,
				    struct keys_seen *seen)
{
	struct yaml_reader *r = &ld->r;
	if (r->event.type != YAML_SCALAR_EVENT) {
		char expected[128];
		snprintf(expected, sizeof(expected), _("a key in %s"), what);
		yaml_reader_mismatch(r, expected);
		return NULL;
	}
	const char *key = (const char *)r->event.data.scalar.value;
	struct source_pos key_pos = yaml_reader_pos(r);
	/* "text\0x" must not pass as "text". */
	if (strlen(key) != r->event.data.scalar.length) {
		yaml_reader_fail(r, key_pos, _("NUL character (\\0) in a key in %s: remove it"),
				 what);
		return NULL;
	}
	size_t i = 0;
	while (i < n_fields && strcmp(fields[i].key, key) != 0)
		i++;
	if (i == n_fields) {
		const struct field *near = nearest_key(key, fields, n_fields, seen);
		char *shown = text_sanitize(key, 0);
		if (near) {
			/* Then the key it stands for is not also missing. */
			seen->misspelt[near - fields] = true;
			yaml_reader_fail(r, key_pos, _("unknown key '%s' in %s: did you mean '%s'?"),
					 shown, what, near->key);
		} else {
			char keys[256];
			list_keys(fields, n_fields, keys, sizeof(keys));
			yaml_reader_fail(r, key_pos,
					 _("unknown key '%s' in %s (expected one of: %s)"),
					 shown, what, keys);
		}
		x_free(shown);
		return NULL;
	}
	if (seen->at[i].line) {
		yaml_reader_fail(r, key_pos,
				 _("duplicate key '%s' in %s (first at line %u): keep one of them"),
				 fields[i].key, what, seen->at[i].line);
		return NULL;
	}
	seen->at[i] = key_pos;
	return &fields[i];
}

/* Reads a mapping whose MAPPING_START is the current event, dispatching
 * each key to its field; what names the mapping in errors (_("a duty")).
 * A key or value refused is read past; -1 only when the file can be read
 * no further. */
static int read_mapping(struct loader *ld, const char *what,
			const struct field *fields, size_t n_fields,
			void *target)
{
	struct yaml_reader *r = &ld->r;
	struct source_pos start = yaml_reader_pos(r);
	unsigned depth = r->depth;
	struct keys_seen seen = { 0 };

	for (;;) {
		int got = yaml_reader_next(r);
		if (got == 0 && r->event.type == YAML_MAPPING_END_EVENT)
			break;
		const struct field *f = got == 0 ? read_key(ld, what, fields, n_fields, &seen)
						 : NULL;
		if (f) {
			if (read_field(ld, f, target) < 0 &&
			    yaml_reader_skip_to(r, depth) < 0)
				return -1;
			continue;
		}
		/* Past the refused key, then past its value. */
		if (yaml_reader_skip_to(r, depth) < 0)
			return -1;
		yaml_reader_next(r);
		if (yaml_reader_skip_to(r, depth) < 0)
			return -1;
	}
	for (size_t i = 0; i < n_fields; i++) {
		/* A key indented less than its siblings ends the mapping
		 * early: it is not missing, and the syntax error that follows
		 * (which yaml_reader_next() read ahead) has ended the file. */
		if (fields[i].required && !seen.at[i].line && !seen.misspelt[i])
			yaml_reader_fail(r, start, _("%s is missing the required key '%s'"),
					 what, fields[i].key);
	}
	return 0;
}

#define TEXT(k, type_, field, req) \
	{ k, FIELD_TEXT, req, offsetof(type_, field), NO_OFFSET, NULL }
#define ID(k, type_, field, pos_field) \
	{ k, FIELD_TEXT, true, offsetof(type_, field), offsetof(type_, pos_field), NULL }
#define DATE(k, type_, field, req) \
	{ k, FIELD_DATE, req, offsetof(type_, field), NO_OFFSET, NULL }
#define DATE_AT(k, type_, field, pos_field) \
	{ k, FIELD_DATE, false, offsetof(type_, field), offsetof(type_, pos_field), NULL }
#define LIST(k, kind, type_, field, count) \
	{ k, kind, false, offsetof(type_, field), offsetof(type_, count), NULL }
#define NESTED(k, req, fn) { k, FIELD_NESTED, req, 0, NO_OFFSET, fn }

static int read_duty(struct loader *ld, void *item)
{
	static const struct field fields[] = {
		ID("id", struct duty, id, id_pos),
		TEXT("text", struct duty, text, true),
		{ "phase", FIELD_PHASE, false, offsetof(struct duty, phase), NO_OFFSET, NULL },
		DATE_AT("due", struct duty, due, due_pos),
		DATE_AT("start", struct duty, start, start_pos),
		LIST("refs", FIELD_TEXT_LIST, struct duty, refs, n_refs),
		LIST("with", FIELD_UNIT_REFS, struct duty, with, n_with),
		TEXT("target", struct duty, target, false),
		LIST("was", FIELD_TEXT_LIST, struct duty, was, n_was),
	};
	struct duty *duty = item;
	if (ld->r.event.type != YAML_MAPPING_START_EVENT)
		return yaml_reader_mismatch(&ld->r, _("a duty (a mapping)"));
	duty->pos = yaml_reader_pos(&ld->r);
	duty->due = duty->start = KH_DATE_NONE;
	return read_mapping(ld, expected(ld, N_("a duty")), fields, KH_ARRAY_LEN(fields), duty);
}

static int read_duties(struct loader *ld, void *target)
{
	struct unit *unit = target;
	ld->bulk = ld->unit_bulk;
	int rc = read_sequence(ld, expected(ld, N_("a list of duties")), sizeof(struct duty),
			       read_duty, (void **)&unit->duties, &unit->n_duties);
	ld->bulk = NULL;
	return rc;
}

static int read_unit(struct loader *ld, void *item)
{
	static const struct field fields[] = {
		ID("id", struct unit, id, id_pos),
		TEXT("name", struct unit, name, true),
		TEXT("head", struct unit, head, false),
		LIST("members", FIELD_UNIT_REFS, struct unit, members, n_members),
		NESTED("duties", false, read_duties),
	};
	struct unit *unit = item;
	/* Kept without an id: a reference to it is then not "unknown". */
	if (ld->r.event.type != YAML_MAPPING_START_EVENT) {
		yaml_reader_mismatch(&ld->r, _("a unit (a mapping)"));
		return 0;
	}
	unit->pos = yaml_reader_pos(&ld->r);
	unit->at = ld->r.event.start_mark.index;
	unit->line_at = unit->at - ld->r.event.start_mark.column;
	if (read_mapping(ld, expected(ld, N_("a unit")), fields, KH_ARRAY_LEN(fields), unit) < 0)
		return -1;
	unit->is_group = unit->members != NULL;
	return 0;
}

/* Whether a duty's dates wait for the end of the document. */
static bool duty_dates_pending(const struct duty *duty)
{
	return is_pending_mark(duty->due) || is_pending_mark(duty->start);
}

/* read_unit(), then, while the plan is sound, the unit handed over with
 * the arena of its duties. Duties whose dates are final are checked and
 * let go (the unit keeps none); the others stay for the end, when their
 * dates are known (the receiver holds them until then). */
static int read_unit_streamed(struct loader *ld, void *item)
{
	if (ld->errors->count)
		return read_unit(ld, item);
	struct arena *bulk = x_calloc(1, sizeof(*bulk));
	ld->unit_bulk = bulk;
	int rc = read_unit(ld, item);
	ld->unit_bulk = NULL;
	struct unit *unit = item;
	bool dates_final = true;
	for (size_t d = 0; d < unit->n_duties && dates_final; d++)
		dates_final = !duty_dates_pending(&unit->duties[d]);
	if (rc == 0 && !ld->errors->count && dates_final)
		plan_duty_checker_add(ld->checker, ld->plan, unit, ld->errors);
	if (rc < 0 || ld->errors->count) {
		/* The plan fails: it keeps this unit's duties. */
		arena_absorb(&ld->plan->arena, bulk);
		x_free(bulk);
		return rc;
	}
	ld->stream->unit(ld->stream->ctx, unit, dates_final, bulk);
	if (dates_final) {
		unit->duties = NULL;
		unit->n_duties = 0;
	}
	return rc;
}

/* The checks of the duties a streamed load let go, and of those it kept
 * for the end (now that their dates are final). */
static void check_streamed_duties(struct loader *ld)
{
	const struct plan *plan = ld->plan;
	for (size_t u = 0; u < plan->n_units; u++)
		if (plan->units[u].n_duties)
			plan_duty_checker_add(ld->checker, plan, &plan->units[u], ld->errors);
	plan_duty_checker_end(ld->checker, plan, ld->errors);
}

/* Hands the plan's own fields over, when they are final. */
static void stream_header(struct loader *ld)
{
	const struct plan *plan = ld->plan;
	if (!ld->stream || !ld->plan_read || ld->n_pending || ld->errors->count)
		return;
	struct plan header = *plan;
	header.units = NULL;
	header.n_units = 0;
	header.arena = (struct arena){ 0 };
	plan_apply_tet_defaults(&header, !ld->phases_written);
	ld->stream->header(ld->stream->ctx, &header);
	ld->streaming = true;
	ld->checker = plan_duty_checker_new(ld->stream->check_store);
}

static int read_units(struct loader *ld, void *target)
{
	(void)target;
	struct plan *plan = ld->plan;
	stream_header(ld);
	if (read_sequence(ld, _("a list of units"), sizeof(struct unit),
			  ld->streaming ? read_unit_streamed : read_unit,
			  (void **)&plan->units, &plan->n_units) < 0)
		return -1;
	plan->units_end = ld->r.event.start_mark.index;
	plan->units_end_column = (unsigned)ld->r.event.start_mark.column;
	if (plan->n_units == 0)
		return yaml_reader_fail(&ld->r, yaml_reader_pos(&ld->r),
					_("'units' needs at least one unit"));
	return 0;
}

static int read_phase_range(struct loader *ld, struct plan *plan, enum phase phase)
{
	static const struct field fields[] = {
		DATE("from", struct date_range, from, true),
		DATE("to", struct date_range, to, true),
	};
	struct date_range *range = &plan->phases[phase];
	char what[64];
	if (yaml_reader_expect(&ld->r, YAML_MAPPING_START_EVENT,
			       _("a mapping with 'from' and 'to'")) < 0)
		return -1;
	range->pos = yaml_reader_pos(&ld->r);
	snprintf(what, sizeof(what), _("phase '%s'"), phase_name(phase));
	return read_mapping(ld, what, fields, KH_ARRAY_LEN(fields), range);
}

static int read_phase_before(struct loader *ld, void *target)
{
	return read_phase_range(ld, target, PHASE_BEFORE);
}

static int read_phase_during(struct loader *ld, void *target)
{
	return read_phase_range(ld, target, PHASE_DURING);
}

static int read_phase_after(struct loader *ld, void *target)
{
	return read_phase_range(ld, target, PHASE_AFTER);
}

static int read_phases(struct loader *ld, void *target)
{
	static const struct field fields[] = {
		NESTED("before", false, read_phase_before),
		NESTED("during", false, read_phase_during),
		NESTED("after", false, read_phase_after),
	};
	if (yaml_reader_expect(&ld->r, YAML_MAPPING_START_EVENT, _("a mapping of phases")) < 0)
		return -1;
	ld->phases_written = true;
	return read_mapping(ld, _("the mapping 'phases'"), fields, KH_ARRAY_LEN(fields),
			    target);
}

/* The period's position is that of whichever end is written last, the
 * line to fix when the two are the wrong way round. */
static int read_period_from(struct loader *ld, void *target)
{
	struct plan *plan = target;
	return read_date(ld, &plan->period.from, &plan->period.pos, "from", true);
}

static int read_period_to(struct loader *ld, void *target)
{
	struct plan *plan = target;
	return read_date(ld, &plan->period.to, &plan->period.pos, "to", true);
}

static int read_plan_section(struct loader *ld, void *target)
{
	static const struct field fields[] = {
		ID("id", struct plan, id, id_pos),
		TEXT("title", struct plan, title, true),
		TEXT("issuer", struct plan, issuer, true),
		TEXT("parent", struct plan, parent, false),
		TEXT("number", struct plan, number, false),
		{ "issued", FIELD_ABSOLUTE_DATE, false, offsetof(struct plan, issued), NO_OFFSET, NULL },
		TEXT("place", struct plan, place, false),
		LIST("basis", FIELD_TEXT_LIST, struct plan, basis, n_basis),
		{ "tet", FIELD_YEAR, false, offsetof(struct plan, tet), offsetof(struct plan, tet_pos), NULL },
		NESTED("from", false, read_period_from),
		NESTED("to", false, read_period_to),
		NESTED("phases", false, read_phases),
	};
	struct plan *plan = target;
	if (yaml_reader_expect(&ld->r, YAML_MAPPING_START_EVENT, _("the mapping 'plan'")) < 0)
		return -1;
	plan->pos = yaml_reader_pos(&ld->r);
	int rc = read_mapping(ld, _("the mapping 'plan'"), fields, KH_ARRAY_LEN(fields), plan);
	ld->plan_read = true;
	return rc;
}

/* Reads and checks the whole document; every error goes to ld->errors. */
static void read_document(struct loader *ld)
{
	static const struct field fields[] = {
		{ "kehoach", FIELD_VERSION, true, offsetof(struct plan, version), NO_OFFSET, NULL },
		NESTED("plan", true, read_plan_section),
		NESTED("units", true, read_units),
	};
	if (yaml_reader_begin_document(&ld->r, _("a plan"),
				       _("a mapping with 'kehoach', 'plan' and 'units'")) < 0 ||
	    read_mapping(ld, _("the plan file"), fields, KH_ARRAY_LEN(fields),
			 ld->plan) < 0 ||
	    yaml_reader_end_document(&ld->r, _("a plan file holds one plan")) < 0)
		return;
	resolve_calendar_dates(ld);
	/* Written phases, even some, replace all the default ones. */
	plan_apply_tet_defaults(ld->plan, !ld->phases_written);
	plan_check(ld->plan, ld->errors);
	if (ld->streaming)
		check_streamed_duties(ld);
}

/* Reads the plan from the opened reader, then closes it. */
static int load(struct loader *ld, struct plan **out)
{
	ld->plan = plan_new(ld->r.name);
	yaml_reader_collect(&ld->r, ld->errors);
	read_document(ld);
	yaml_reader_close(&ld->r);
	x_free(ld->pending);
	plan_duty_checker_free(ld->checker);
	for (size_t i = 0; i < ld->n_expected; i++)
		x_free(ld->expected[i].text);
	x_free(ld->expected);
	if (ld->errors->count) {
		/* What was handed over points into it: the caller frees it
		 * once done with that. */
		*out = ld->stream ? ld->plan : NULL;
		if (!ld->stream)
			plan_free(ld->plan);
		return -1;
	}
	*out = ld->plan;
	return 0;
}

/* What yaml_reader names plan files as in errors. */
static const char plan_files[] = N_("plan files");

/* The file is read only once the reader opened it (an error otherwise). */
static int load_opened(struct loader *ld, int opened, const struct kh_error *err,
		       struct plan **out)
{
	if (opened < 0) {
		kh_errors_add(ld->errors, err);
		yaml_reader_close(&ld->r);
		return -1;
	}
	return load(ld, out);
}

/* Reads the plan file at path, handing it over to stream (NULL: none). */
static int check_file(const char *path, const struct plan_stream *stream,
		      struct plan **out, struct kh_errors *errors)
{
	*out = NULL;
	struct kh_error err;
	struct loader ld = { .errors = errors, .stream = stream };
	int opened = yaml_reader_open_file_seen(&ld.r, path, plan_files,
						PLAN_FILE_MAX_BYTES, PLAN_SCALAR_MAX_BYTES,
						stream ? stream->bytes : NULL,
						stream ? stream->ctx : NULL, &err);
	return load_opened(&ld, opened, &err, out);
}

int plan_check_file(const char *path, struct plan **out, struct kh_errors *errors)
{
	return check_file(path, NULL, out, errors);
}

int plan_check_buffer(const char *name, const char *data, size_t len,
		      struct plan **out, struct kh_errors *errors)
{
	*out = NULL;
	struct kh_error err;
	struct loader ld = { .errors = errors };
	int opened = yaml_reader_open_buffer(&ld.r, name, data, len, plan_files,
					     PLAN_FILE_MAX_BYTES, PLAN_SCALAR_MAX_BYTES,
					     &err);
	return load_opened(&ld, opened, &err, out);
}

/* The first error of a check, for callers that want one. */
static int first_error(int rc, struct kh_errors *errors, struct kh_error *err)
{
	if (rc < 0)
		*err = errors->first;
	kh_errors_free(errors);
	return rc;
}

int plan_load_file(const char *path, struct plan **out, struct kh_error *err)
{
	struct kh_errors errors;
	kh_errors_init(&errors, 0);
	return first_error(plan_check_file(path, out, &errors), &errors, err);
}

int plan_load_file_streamed(const char *path, const struct plan_stream *stream,
			    struct plan **out, struct kh_error *err)
{
	struct kh_errors errors;
	kh_errors_init(&errors, 0);
	return first_error(check_file(path, stream, out, &errors), &errors, err);
}

int plan_load_buffer(const char *name, const char *data, size_t len,
		     struct plan **out, struct kh_error *err)
{
	struct kh_errors errors;
	kh_errors_init(&errors, 0);
	return first_error(plan_check_buffer(name, data, len, out, &errors), &errors,
			   err);
}
