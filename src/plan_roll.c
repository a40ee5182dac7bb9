/* plan_roll: a plan rewritten for another Tết, in place in its own text.
 *
 * The plan is loaded first with the normal loader, which says whether it
 * is sound. Then libyaml reads the same text again, as events only: a stack
 * of the keys and lists above each scalar gives its path
 * ("units[].duties[].due"), a table of paths says what to do with it, and
 * the output is the input with just those scalars' bytes replaced. Nothing
 * is serialised again, so nothing the events do not carry (comments, blank
 * lines, quoting, line ends) can be lost. */
#include "kehoach/plan_roll.h"

#include <stdio.h>
#include <string.h>

#include "kehoach/i18n.h"
#include "kehoach/plan_yaml.h"
#include "kehoach/text.h"
#include "kehoach/yaml_reader.h"

/* ---- the plan id ---------------------------------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Whether the last '-'-separated part of id[0..len) ends with year after
 * something that is not a digit ("tet2022", not "12022"). */
static bool ends_with_year(const char *id, size_t len, const char *year)
{
	return len > 4 && !memcmp(id + len - 4, year, 4) && !is_digit(id[len - 5]);
}

char *plan_roll_id(const char *id, int from_year, int to_year)
{
	char from[16], to[16];
	snprintf(from, sizeof(from), "%04d", from_year);
	snprintf(to, sizeof(to), "%04d", to_year);
	struct buf b = { 0 };
	bool replaced = false;
	/* Every part that is the year: "kh-2022-tet-2022" is about one Tết. */
	for (const char *part = id; part;) {
		const char *dash = strchr(part, '-');
		size_t len = dash ? (size_t)(dash - part) : strlen(part);
		bool is_year = len == 4 && !memcmp(part, from, 4);
		replaced |= is_year;
		buf_append(&b, is_year ? to : part, is_year ? 4 : len);
		if (dash)
			buf_putc(&b, '-');
		part = dash ? dash + 1 : NULL;
	}
	if (!replaced && ends_with_year(b.data, b.len, from))
		memcpy(b.data + b.len - 4, to, 4);
	else if (!replaced)
		buf_printf(&b, "-%s", to);
	char *rolled = buf_steal(&b);
	if (!plan_id_valid(rolled)) {
		x_free(rolled);
		return NULL;
	}
	return rolled;
}

/* ---- what each scalar is ---------------------------------------------------- */

enum role {
	ROLE_TET,
	ROLE_ID,
	ROLE_DATE,      /* rewritten when written out, as YYYY-MM-DD or DD/MM/YYYY */
	ROLE_TEXT,      /* looked at for the old year, never changed */
};

struct path_role {
	const char *path;   /* keys joined by '.', "[]" for a list's items */
	enum role role;
	const char *field;  /* the key, for notes */
};

static const struct path_role path_roles[] = {
	{ "plan.tet", ROLE_TET, "tet" },
	{ "plan.id", ROLE_ID, "id" },
	{ "plan.issued", ROLE_DATE, "issued" },
	{ "plan.from", ROLE_DATE, "from" },
	{ "plan.to", ROLE_DATE, "to" },
	{ "plan.phases.before.from", ROLE_DATE, "from" },
	{ "plan.phases.before.to", ROLE_DATE, "to" },
	{ "plan.phases.during.from", ROLE_DATE, "from" },
	{ "plan.phases.during.to", ROLE_DATE, "to" },
	{ "plan.phases.after.from", ROLE_DATE, "from" },
	{ "plan.phases.after.to", ROLE_DATE, "to" },
	{ "units[].duties[].due", ROLE_DATE, "due" },
	{ "units[].duties[].start", ROLE_DATE, "start" },
	{ "plan.title", ROLE_TEXT, "title" },
	{ "plan.basis[]", ROLE_TEXT, "basis" },
	{ "units[].duties[].text", ROLE_TEXT, "text" },
	{ "units[].duties[].refs[]", ROLE_TEXT, "refs" },
	{ "units[].duties[].target", ROLE_TEXT, "target" },
};

/* The format nests six deep (the file, units, a unit, duties, a duty,
 * refs); the loader has refused anything deeper before we look. */
#define DEPTH_MAX 8
/* Every key the loader accepts fits. */
#define KEY_MAX 16

struct frame {
	bool mapping;
	bool want_key;          /* a mapping between a value and the next key */
	char key[KEY_MAX];      /* the key whose value is being read */
};

struct roller {
	struct yaml_reader reader;   /* the events of text, as it is rewritten */
	const char *name;
	const char *text;       /* the whole input, byte order mark included */
	size_t len;
	size_t skip;            /* bytes of byte order mark */
	size_t cursor_bytes;    /* a character index already turned into bytes */
	size_t cursor_chars;
	size_t copied;          /* bytes of text already in the output */
	int to_year;
	int year_shift;         /* to_year minus the plan's tet */
	enum roll_keep keep;
	kh_date day_shift;      /* Tết of to_year minus Tết of the plan's tet */
	char year_digits[16];   /* the old year, to find in texts */
	char can_chi[4 * LUNAR_CAN_CHI_SIZE];  /* its name, folded */
	struct roll_result *result;
	struct kh_error *err;
	struct frame stack[DEPTH_MAX];
	int depth;
};

/* The path of the value being read, as in path_roles. */
static const struct path_role *find_role(const struct roller *r)
{
	char path[DEPTH_MAX * (KEY_MAX + 2)];
	size_t len = 0;
	path[0] = '\0';
	for (int i = 0; i < r->depth; i++) {
		const struct frame *f = &r->stack[i];
		if (!f->mapping)
			len += (size_t)snprintf(path + len, sizeof(path) - len, "[]");
		else
			len += (size_t)snprintf(path + len, sizeof(path) - len, "%s%s",
						len ? "." : "", f->key);
	}
	for (size_t i = 0; i < KH_ARRAY_LEN(path_roles); i++)
		if (!strcmp(path_roles[i].path, path))
			return &path_roles[i];
	return NULL;
}

/* ---- where a scalar is written ------------------------------------------------
 *
 * libyaml's marks count characters, not bytes (and a CRLF as two), from
 * after the byte order mark. Turning a mark's index into a byte offset by
 * walking the code points needs no idea of what libyaml takes for a line
 * break (it takes a lone CR, U+0085, U+2028 and U+2029 too), as a table of
 * lines and columns would. Marks arrive in order, so the walk goes on from
 * the last one. */

static size_t utf8_length(unsigned char lead)
{
	return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

static size_t byte_offset(struct roller *r, size_t index)
{
	if (index < r->cursor_chars) {
		r->cursor_chars = 0;
		r->cursor_bytes = r->skip;
	}
	while (r->cursor_chars < index && r->cursor_bytes < r->len) {
		r->cursor_bytes += utf8_length((unsigned char)r->text[r->cursor_bytes]);
		r->cursor_chars++;
	}
	return r->cursor_bytes < r->len ? r->cursor_bytes : r->len;
}

/* The bytes of the scalar as written: inside the quotes of a quoted one. */
static void scalar_span(struct roller *r, const yaml_event_t *e, size_t *start,
			size_t *end)
{
	*start = byte_offset(r, e->start_mark.index);
	*end = byte_offset(r, e->end_mark.index);
	yaml_scalar_style_t style = e->data.scalar.style;
	bool quoted = style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
		      style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	if (quoted && *end - *start >= 2) {
		(*start)++;
		(*end)--;
	}
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Replaces written, the scalar's value as it is in the file, with
 * replacement, in the output. The scalar's bytes (but for blanks around a
 * quoted date) must be written exactly: a value spelt with escapes
 * ("\x32022-01-28") or over several lines is refused rather than guessed
 * at. */
static int replace_in_scalar(struct roller *r, const yaml_event_t *e,
			     const char *written, const char *replacement)
{
	size_t start, end, len = strlen(written);
	scalar_span(r, e, &start, &end);
	while (start < end && is_blank(r->text[start]))
		start++;
	while (end > start && is_blank(r->text[end - 1]))
		end--;
	if (end - start != len || memcmp(r->text + start, written, len) != 0 ||
	    start < r->copied)
		return yaml_reader_fail(&r->reader, yaml_reader_pos(&r->reader),
					_("cannot rewrite '%s' where it is written (with escapes or over several lines); write it plainly"),
					written);
	buf_append(&r->result->text, r->text + r->copied, start - r->copied);
	buf_puts(&r->result->text, replacement);
	r->copied = end;
	return 0;
}

/* ---- notes ------------------------------------------------------------------- */

static struct roll_note *add_note(struct roller *r, const yaml_event_t *e,
				  enum roll_note_kind kind, const char *field)
{
	struct roll_result *res = r->result;
	X_GROW(res->notes, res->notes_cap, res->n_notes + 1);
	struct roll_note *note = &res->notes[res->n_notes++];
	*note = (struct roll_note){
		.kind = kind,
		.line = (unsigned)e->start_mark.line + 1,
		.column = (unsigned)e->start_mark.column + 1,
		.field = field,
	};
	return note;
}

static bool is_word_char(char c, bool digits_only)
{
	return is_digit(c) || (!digits_only && ((c >= 'a' && c <= 'z') ||
						(c >= 'A' && c <= 'Z')));
}

/* Whether needle is in hay as a word of its own: not inside a longer
 * number ("12022") or word. A year needs no space around it ("Tết2022"
 * speaks of it), so only digits extend a number. */
static bool has_word(const char *hay, const char *needle, bool digits_only)
{
	size_t len = strlen(needle);
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) {
		bool starts = p == hay || !is_word_char(p[-1], digits_only);
		if (starts && !is_word_char(p[len], digits_only))
			return true;
	}
	return false;
}

/* Texts stay as written; one that names the old year is worth a look.
 * The name is compared folded, so "NHÂM DẦN" and NFD text count too. */
static void look_at_text(struct roller *r, const yaml_event_t *e,
			 const char *field)
{
	const char *value = (const char *)e->data.scalar.value;
	char *folded = text_fold(value);
	bool year = has_word(value, r->year_digits, true);
	bool can_chi = r->can_chi[0] && has_word(folded, r->can_chi, false);
	x_free(folded);
	if (!year && !can_chi)
		return;
	struct roll_note *note = add_note(r, e, ROLL_NOTE_MENTION, field);
	note->mentions_year = year;
	note->mentions_can_chi = can_chi;
}

/* ---- dates ----------------------------------------------------------------- */

/* The date in the form token was written in: ISO stays ISO, D/M/YYYY keeps
 * the width of each field ("5/1/2022" stays unpadded where it can). */
static void format_like(const char *token, kh_date date, char out[DATE_STR_SIZE])
{
	const char *slash = strchr(token, '/');
	if (!slash) {
		date_format_iso(date, out);
		return;
	}
	int year, month, day;
	date_to_ymd(date, &year, &month, &day);
	int day_width = (int)(slash - token);
	int month_width = (int)(strchr(slash + 1, '/') - slash - 1);
	snprintf(out, DATE_STR_SIZE, "%0*d/%0*d/%04d", day_width, day, month_width,
		 month, year);
}

static void add_lunar_note(struct roller *r, const yaml_event_t *e,
			   enum roll_note_kind kind, const char *field,
			   kh_date old, const struct lunar_date *from,
			   kh_date moved, const struct lunar_date *to)
{
	struct roll_note *note = add_note(r, e, kind, field);
	note->old_date = old;
	note->old_lunar = *from;
	note->new_date = moved;
	note->new_lunar = *to;
}

/* from, year_shift lunar years on: the same day of the same month. A leap
 * month the new year lacks becomes the ordinary month of its number, a 30th
 * the new month lacks its 29th: the nearest day that exists, said in a
 * note. old is from's civil date; *to and *out get the new day. */
static int move_lunar_day(struct roller *r, const yaml_event_t *e,
			  const char *field, const char *token, kh_date old,
			  const struct lunar_date *from, struct lunar_date *to,
			  kh_date *out)
{
	*to = *from;
	to->year += r->year_shift;
	bool leap_gone = to->leap && lunar_leap_month(to->year) != to->month;
	if (leap_gone)
		to->leap = false;
	int days = lunar_month_length(to->year, to->month, to->leap);
	bool day_gone = days && to->day > days;
	if (day_gone)
		to->day = days;
	if (lunar_to_date(to, out) < 0)
		return yaml_reader_fail(&r->reader, yaml_reader_pos(&r->reader),
					_("%s would fall in the lunar year %d, outside the calendar kehoach knows (%d-%d)"),
					token, to->year, LUNAR_YEAR_MIN, LUNAR_YEAR_MAX);
	if (leap_gone)
		add_lunar_note(r, e, ROLL_NOTE_LEAP_MONTH, field, old, from, *out, to);
	if (day_gone)
		add_lunar_note(r, e, ROLL_NOTE_DAY_30, field, old, from, *out, to);
	return 0;
}

/* A date written out, under --keep lunar: its lunar day, moved. */
static int move_lunar(struct roller *r, const yaml_event_t *e, const char *field,
		      const char *token, kh_date old, kh_date *out)
{
	struct lunar_date from, to;
	if (lunar_from_date(old, &from) < 0)
		return yaml_reader_fail(&r->reader, yaml_reader_pos(&r->reader),
					_("%s is outside the lunar calendar kehoach knows (%d-%d): --keep lunar cannot move it, --keep tet can"),
					token, LUNAR_YEAR_MIN, LUNAR_YEAR_MAX);
	return move_lunar_day(r, e, field, token, old, &from, &to, out);
}

static int move_date(struct roller *r, const yaml_event_t *e, const char *field,
		     const char *token, kh_date old, kh_date *out)
{
	if (r->keep == ROLL_KEEP_LUNAR) {
		if (move_lunar(r, e, field, token, old, out) < 0)
			return -1;
	} else {
		*out = old + r->day_shift;
	}
	int year, month, day;
	date_to_ymd(*out, &year, &month, &day);
	/* What the date parser reads back: four-digit years. */
	if (year < 1000 || year > 9999)
		return yaml_reader_fail(&r->reader, yaml_reader_pos(&r->reader),
					_("%s would move to the year %d, which a plan cannot hold"),
					token, year);
	return 0;
}

/* A date written out (token, as written) moves. */
static int roll_solar(struct roller *r, const yaml_event_t *e, const char *field,
		      const char *token, kh_date old)
{
	kh_date moved;
	if (move_date(r, e, field, token, old, &moved) < 0)
		return -1;
	char written[DATE_STR_SIZE];
	format_like(token, moved, written);
	return replace_in_scalar(r, e, token, written);
}

/* A lunar date ("30/12 ÂL", token as written) follows plan.tet as it is,
 * unless its day is one the month lacks in the new year: a 30th becomes
 * the 29th, with a note, as a date written out does under --keep lunar. */
static int roll_lunar_form(struct roller *r, const yaml_event_t *e,
			   const char *field, const char *token,
			   const struct date_calendar_form *form)
{
	struct lunar_date from = {
		.day = form->lunar_day,
		.month = form->lunar_month,
		.year = lunar_year_around_tet(r->result->from_year, form->lunar_month),
	}, to;
	kh_date old, moved;
	/* The plan loaded, so the day exists around its own Tết (and were it
	 * not, check_rolled() would say so). */
	if (lunar_to_date(&from, &old) < 0)
		return 0;
	if (move_lunar_day(r, e, field, token, old, &from, &to, &moved) < 0)
		return -1;
	if (to.day == from.day)
		return 0;
	char *written = x_asprintf("%d%s", to.day, strchr(token, '/'));
	int rc = replace_in_scalar(r, e, token, written);
	x_free(written);
	return rc;
}

/* A date field's value, by its form; "tet-3" follows plan.tet as written. */
static int roll_date(struct roller *r, const yaml_event_t *e, const char *field)
{
	const char *value = (const char *)e->data.scalar.value;
	kh_date old;
	struct date_calendar_form form;
	enum date_parse_result parsed = date_parse(value, &old, &form);
	if (parsed != DATE_PARSE_OK && parsed != DATE_PARSE_LUNAR)
		return 0;
	/* The date without the blanks date_parse() allows around it. */
	size_t start = strspn(value, " \t"), end = strlen(value);
	while (end > start && is_blank(value[end - 1]))
		end--;
	char *token = x_strndup(value + start, end - start);
	int rc = parsed == DATE_PARSE_OK ? roll_solar(r, e, field, token, old)
					 : roll_lunar_form(r, e, field, token, &form);
	x_free(token);
	return rc;
}

static int roll_id(struct roller *r, const yaml_event_t *e)
{
	const char *id = (const char *)e->data.scalar.value;
	char *rolled = plan_roll_id(id, r->result->from_year, r->to_year);
	if (!rolled)
		return yaml_reader_fail(&r->reader, yaml_reader_pos(&r->reader),
					_("the plan id '%s' with the year %d added would be longer than %d characters; shorten it first"),
					id, r->to_year, PLAN_ID_MAX);
	int rc = replace_in_scalar(r, e, id, rolled);
	x_free(rolled);
	return rc;
}

static int apply_role(struct roller *r, const yaml_event_t *e,
		      const struct path_role *role)
{
	char year[16];
	switch (role->role) {
	case ROLE_TET:
		snprintf(year, sizeof(year), "%d", r->to_year);
		return replace_in_scalar(r, e, (const char *)e->data.scalar.value, year);
	case ROLE_ID:
		return roll_id(r, e);
	case ROLE_DATE:
		return roll_date(r, e, role->field);
	case ROLE_TEXT:
		look_at_text(r, e, role->field);
		return 0;
	}
	return 0;
}

/* ---- the walk over the events --------------------------------------------------- */

static void value_done(struct roller *r)
{
	if (r->depth > 0 && r->stack[r->depth - 1].mapping)
		r->stack[r->depth - 1].want_key = true;
}

static int push(struct roller *r, bool mapping)
{
	if (r->depth == DEPTH_MAX)
		return yaml_reader_fail(&r->reader, yaml_reader_pos(&r->reader),
					_("nested deeper than a plan can be"));
	r->stack[r->depth++] = (struct frame){ .mapping = mapping, .want_key = true };
	return 0;
}

static int on_scalar(struct roller *r, const yaml_event_t *e)
{
	struct frame *top = r->depth ? &r->stack[r->depth - 1] : NULL;
	if (top && top->mapping && top->want_key) {
		snprintf(top->key, sizeof(top->key), "%s",
			 (const char *)e->data.scalar.value);
		top->want_key = false;
		return 0;
	}
	const struct path_role *role = find_role(r);
	value_done(r);
	return role ? apply_role(r, e, role) : 0;
}

static int on_event(struct roller *r, const yaml_event_t *e)
{
	switch (e->type) {
	case YAML_MAPPING_START_EVENT:
		return push(r, true);
	case YAML_SEQUENCE_START_EVENT:
		return push(r, false);
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		r->depth--;
		value_done(r);
		return 0;
	case YAML_SCALAR_EVENT:
		return on_scalar(r, e);
	default:
		return 0;
	}
}

/* Reads the events of the text (which the loader has accepted) and writes
 * the output as it goes. */
static int rewrite(struct roller *r)
{
	int rc = yaml_reader_open_buffer(&r->reader, r->name, r->text, r->len,
					 _("plan files"), PLAN_FILE_MAX_BYTES,
					 PLAN_SCALAR_MAX_BYTES, r->err);
	/* Marks count from after the byte order mark the reader skipped. */
	r->skip = r->cursor_bytes = (size_t)r->reader.skip;
	for (bool end = false; !end && rc == 0;) {
		rc = yaml_reader_next(&r->reader);
		if (rc == 0) {
			rc = on_event(r, &r->reader.event);
			end = r->reader.event.type == YAML_STREAM_END_EVENT;
		}
	}
	yaml_reader_close(&r->reader);
	if (rc == 0)
		buf_append(&r->result->text, r->text + r->copied, r->len - r->copied);
	return rc;
}

/* ---- the whole roll ------------------------------------------------------------- */

static void start_roller(struct roller *r, int from_year)
{
	struct roll_result *res = r->result;
	res->from_year = from_year;
	res->to_year = r->to_year;
	r->year_shift = r->to_year - from_year;
	r->day_shift = lunar_tet(r->to_year) - lunar_tet(from_year);
	snprintf(r->year_digits, sizeof(r->year_digits), "%d", from_year);
	char can_chi[LUNAR_CAN_CHI_SIZE];
	lunar_can_chi_year(from_year, can_chi, sizeof(can_chi));
	char *folded = text_fold(can_chi);
	snprintf(r->can_chi, sizeof(r->can_chi), "%s", folded);
	x_free(folded);
	r->copied = 0;
}

/* The plan.tet of the plan, which must load: 0 and an error without one. */
static int plan_tet(const char *name, const char *text, size_t len,
		    struct kh_error *err)
{
	struct plan *plan;
	if (plan_load_buffer(name, text, len, &plan, err) < 0)
		return 0;
	int tet = plan->tet;
	if (!tet)
		kh_error_set(err, name, plan->pos.line, plan->pos.column,
			     _("roll needs 'tet: YEAR' in the plan: it moves a plan from the Tết of one year to another"));
	plan_free(plan);
	return tet;
}

/* The rolled text must load like any plan; if it does not, the roll has
 * a bug, and the user gets nothing rather than a broken file. */
static int check_rolled(const char *name, const struct roll_result *res,
			struct kh_error *err)
{
	struct plan *plan;
	if (plan_load_buffer(name, buf_str(&res->text), res->text.len, &plan, err) < 0) {
		char message[sizeof(err->message)];
		snprintf(message, sizeof(message), "%s", err->message);
		snprintf(err->message, sizeof(err->message),
			 _("the rolled plan does not load (a bug in kehoach roll): %s"),
			 message);
		return -1;
	}
	int tet = plan->tet;
	plan_free(plan);
	if (tet != res->to_year) {
		kh_error_set(err, name, 0, 0,
			     _("the rolled plan has tet %d, not %d (a bug in kehoach roll)"),
			     tet, res->to_year);
		return -1;
	}
	return 0;
}

int plan_roll(const char *name, const char *text, size_t len, int to_year,
	      enum roll_keep keep, struct roll_result *result,
	      struct kh_error *err)
{
	memset(result, 0, sizeof(*result));
	kh_error_clear(err);
	if (to_year < LUNAR_YEAR_MIN || to_year > LUNAR_YEAR_MAX) {
		kh_error_set(err, NULL, 0, 0, _("no Tết is known in %d (only from %d to %d)"),
			     to_year, LUNAR_YEAR_MIN, LUNAR_YEAR_MAX);
		return -1;
	}
	int from_year = plan_tet(name, text, len, err);
	if (!from_year)
		return -1;
	struct roller r = {
		.name = name, .text = text, .len = len, .to_year = to_year,
		.keep = keep, .result = result, .err = err,
	};
	start_roller(&r, from_year);
	if (rewrite(&r) < 0)
		return -1;
	return check_rolled(name, result, err);
}

void roll_result_free(struct roll_result *result)
{
	buf_free(&result->text);
	x_free(result->notes);
	result->notes = NULL;
	result->n_notes = result->notes_cap = 0;
}
