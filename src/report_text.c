/* report_text: a report as plain text, laid out like the paper form —
 * the two-column header, centred titles, numbered duties with [ ] / [x]
 * boxes under hanging indents, the two-column signature block — wrapped
 * at word boundaries by display width. */
#include "report_internal.h"

#include <string.h>

#include "kehoach/i18n.h"
#include "kehoach/text.h"

/* Narrower than this and the header's columns cannot hold their words. */
#define MIN_WIDTH 40

/* Lines of text centred in a column; lines that fill it stay as they are. */
static void put_centred(struct buf *out, const char *line, size_t column)
{
	size_t w = text_width(line);
	buf_put_spaces(out, w < column ? (column - w) / 2 : 0);
	buf_puts(out, line);
}

/* Appends the wrapped lines of s (if any) to a column's list. */
static void column_add(char ***lines, size_t *count, const char *s, size_t width)
{
	if (!s)
		return;
	char **wrapped = text_wrap_sanitized(s, width);
	size_t n = 0;
	while (wrapped[n])
		n++;
	*lines = x_realloc(*lines, (*count + n + 1) * sizeof(**lines));
	memcpy(*lines + *count, wrapped, n * sizeof(*wrapped));
	*count += n;
	(*lines)[*count] = NULL;
	x_free(wrapped);    /* the strings now belong to *lines */
}

/* Two lists of lines side by side, each centred in its column. */
static void put_columns(struct buf *out, char **left, size_t n_left, size_t left_width,
			char **right, size_t n_right, size_t right_width)
{
	for (size_t i = 0; i < n_left || i < n_right; i++) {
		size_t used = 0;
		if (i < n_left) {
			size_t w = text_width(left[i]);
			size_t pad = w < left_width ? (left_width - w) / 2 : 0;
			buf_put_spaces(out, pad);
			buf_puts(out, left[i]);
			used = pad + w;
		}
		if (i < n_right) {
			buf_put_spaces(out, used < left_width ? left_width - used : 1);
			put_centred(out, right[i], right_width);
		}
		buf_putc(out, '\n');
	}
}

static void free_lines(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		x_free(lines[i]);
	x_free(lines);
}

/* The widths of the two columns of a page width wide. */
static size_t left_column(size_t width)
{
	return width * 2 / 5;
}

static size_t right_column(size_t width)
{
	return width - left_column(width);
}

/* Two columns built from up to three strings each (NULLs skipped); each
 * string wraps at its column's width less a margin of 2. */
static void put_column_block(struct buf *out, size_t width, const char *const left_items[3],
			     const char *const right_items[3])
{
	size_t left_width = left_column(width), right_width = right_column(width);
	char **left = NULL, **right = NULL;
	size_t n_left = 0, n_right = 0;
	for (int i = 0; i < 3; i++) {
		column_add(&left, &n_left, left_items[i], left_width - 2);
		column_add(&right, &n_right, right_items[i], right_width - 2);
	}
	put_columns(out, left, n_left, left_width, right, n_right, right_width);
	free_lines(left, n_left);
	free_lines(right, n_right);
}

static void put_header(const struct report *r, size_t width, struct buf *out)
{
	const char *left[3] = { r->parent, r->issuer, NULL };
	const char *right[3] = { r->nation, r->motto, NULL };
	put_column_block(out, width, left, right);
	/* The lunar date beside the solar one when the column holds both,
	 * else on a line of its own under it, never split between them. */
	const char *number[3] = { r->number, NULL, NULL };
	const char *date[3] = { r->place_date, r->lunar_date, NULL };
	char *both = NULL;
	if (r->place_date && r->lunar_date &&
	    text_width(r->place_date) + 1 + text_width(r->lunar_date) <=
	    right_column(width) - 2) {
		both = x_asprintf("%s %s", r->place_date, r->lunar_date);
		date[0] = both;
		date[1] = NULL;
	}
	put_column_block(out, width, number, date);
	x_free(both);
	buf_putc(out, '\n');
	const char *titles[] = { r->kind, r->title, r->subtitle };
	for (size_t t = 0; t < sizeof(titles) / sizeof(titles[0]); t++) {
		if (!titles[t])
			continue;
		char **lines = text_wrap_sanitized(titles[t], width - 8);
		for (char **l = lines; *l; l++) {
			put_centred(out, *l, width);
			buf_putc(out, '\n');
		}
		text_lines_free(lines);
	}
}

/* A hanging paragraph being written (put_hanging). */
struct hanging {
	struct buf *out;
	const char *first;      /* before the first line; NULL once written */
	size_t indent;
};

static void put_hanging_line(void *ctx, const char *line, size_t len)
{
	struct hanging *h = ctx;
	if (h->first) {
		buf_puts(h->out, h->first);
		buf_put_spaces(h->out, h->indent - text_width(h->first));
		h->first = NULL;
	} else {
		buf_put_spaces(h->out, h->indent);
	}
	buf_append(h->out, line, len);
	buf_putc(h->out, '\n');
}

/* s wrapped to width - indent, the first line after first (padded to
 * indent), the others after indent spaces. */
static void put_hanging(struct buf *out, const char *first, size_t indent,
			const char *s, size_t width)
{
	struct hanging h = { out, first, indent };
	text_wrap_each(s, width > indent + 10 ? width - indent : 10, put_hanging_line, &h);
}

/* "  12. [x] " in out (ENTRY_PREFIX_MAX bytes): the entry's number after
 * indent spaces, then its box. Joined, not printed: snprintf was 3% of
 * a month's report. Returns its length. */
#define ENTRY_PREFIX_MAX 48

static size_t entry_prefix(const struct report_entry *e, size_t indent, char *out)
{
	char number[KH_NUMBER_SIZE];
	size_t digits = number_text(e->number > 0 ? e->number : 0, number);
	const char *box = e->withdrawn ? "[-]" : duty_state_box(e->done ? DUTY_DONE : DUTY_TODO);
	size_t n = indent < 16 ? indent : 16, len;
	memset(out, ' ', n);
	if (digits < 2)
		out[n++] = ' ';     /* "%2d" */
	memcpy(out + n, number, digits);
	n += digits;
	memcpy(out + n, ". ", 2);
	n += 2;
	memcpy(out + n, box, len = strlen(box));
	n += len;
	out[n++] = ' ';
	out[n] = '\0';
	return n;
}

/* line: a buffer of the caller's, kept from entry to entry. */
static void put_entry(const struct report_entry *e, size_t indent, size_t width,
		      struct buf *line, struct buf *out)
{
	char first[ENTRY_PREFIX_MAX];
	size_t hang = entry_prefix(e, indent, first);
	/* The name first, as in an id column: what to type to mark it.
	 * Lines are joined with buf_puts, not printf: a report writes
	 * hundreds of thousands, and vsnprintf copies %s a byte at a time. */
	buf_reset(line);
	if (e->name) {
		buf_puts(line, e->name);
		buf_puts(line, " — ");
	}
	buf_puts(line, e->text);
	put_hanging(out, first, hang, buf_str(line), width);
	for (size_t i = 0; i < e->n_details; i++) {
		const struct report_detail *d = &e->details[i];
		buf_reset(line);
		buf_puts(line, d->alert ? "! " : "");
		buf_puts(line, d->label);
		buf_putc(line, ' ');
		buf_puts(line, d->value);
		put_hanging(out, "", hang, buf_str(line), width);
	}
}

static void put_section(const struct report_section *s, size_t width, struct buf *line,
			struct buf *out)
{
	size_t indent = s->level >= 3 ? 2 : 0;
	if (s->level <= 2)
		buf_putc(out, '\n');
	if (s->title) {
		char prefix[8];
		snprintf(prefix, sizeof(prefix), "%*s", (int)indent, "");
		put_hanging(out, prefix, indent, s->title, width);
	}
	if (s->intro)
		put_hanging(out, "", indent, s->intro, width);
	if (s->n_entries == 0 && s->empty) {
		char prefix[8];
		snprintf(prefix, sizeof(prefix), "%*s", (int)indent + 4, "");
		put_hanging(out, prefix, indent + 4, s->empty, width);
	}
	for (size_t i = 0; i < s->n_entries; i++)
		put_entry(&s->entries[i], indent, width, line, out);
}

static void put_signatures(const struct report *r, size_t width, struct buf *out)
{
	const char *left[3] = { r->sign_left, r->sign_hint, NULL };
	const char *right[3] = { r->sign_right, r->sign_hint, NULL };
	put_column_block(out, width, left, right);
	buf_puts(out, "\n\n\n");
	if (r->sign_right_name) {
		const char *none[3] = { NULL, NULL, NULL };
		const char *name[3] = { r->sign_right_name, NULL, NULL };
		put_column_block(out, width, none, name);
	}
}

/* ---- the appendix: the summary table -------------------------------- */

/* A column's width: its widest cell, or its heading's longest word (the
 * heading wraps), at least 3. */
static size_t table_column(const struct report_table *t, size_t col)
{
	size_t w = 3;
	for (size_t i = 0; i < t->n_rows; i++) {
		size_t cw = text_width(t->rows[i].cells[col]);
		w = cw > w ? cw : w;
	}
	char *words = x_strdup(t->headings[col]), *save = NULL;
	for (char *word = strtok_r(words, " ", &save); word;
	     word = strtok_r(NULL, " ", &save))
		w = text_width(word) > w ? text_width(word) : w;
	x_free(words);
	return w;
}

/* One row of the table, its cells wrapped in their columns: the unit's
 * left-aligned, the figures right-aligned. */
static void table_line(struct buf *out, const char *unit, const char *const *cells,
		       size_t unit_width, const size_t *widths)
{
	char **wrapped[REPORT_STATS_COLUMNS + 1];
	size_t counts[REPORT_STATS_COLUMNS + 1], lines = 0;
	wrapped[0] = text_wrap_sanitized(unit, unit_width);
	for (size_t c = 0; c < REPORT_STATS_COLUMNS; c++)
		wrapped[c + 1] = text_wrap_sanitized(cells[c], widths[c]);
	for (size_t c = 0; c <= REPORT_STATS_COLUMNS; c++) {
		for (counts[c] = 0; wrapped[c][counts[c]]; counts[c]++)
			;
		lines = counts[c] > lines ? counts[c] : lines;
	}
	struct buf line = {0};
	for (size_t l = 0; l < lines; l++) {
		buf_reset(&line);
		for (size_t c = 0; c <= REPORT_STATS_COLUMNS; c++) {
			const char *cell = l < counts[c] ? wrapped[c][l] : "";
			size_t w = c ? widths[c - 1] : unit_width, cw = text_width(cell);
			size_t pad = cw < w ? w - cw : 0;
			if (c) {
				buf_put_spaces(&line, 1 + pad);
				buf_puts(&line, cell);
			} else {
				buf_puts(&line, cell);
				buf_put_spaces(&line, pad);
			}
		}
		/* No spaces at a line's end, where a column ran out of lines. */
		while (line.len && buf_str(&line)[line.len - 1] == ' ')
			line.len--;
		buf_append(out, buf_str(&line), line.len);
		buf_putc(out, '\n');
	}
	buf_free(&line);
	for (size_t c = 0; c <= REPORT_STATS_COLUMNS; c++)
		text_lines_free(wrapped[c]);
}

static void put_rule(struct buf *out, size_t n)
{
	while (n--)
		buf_putc(out, '-');
	buf_putc(out, '\n');
}

/* The unit's column takes what the figures leave of the width. */
static void put_table(const struct report_table *t, size_t width, struct buf *out)
{
	size_t widths[REPORT_STATS_COLUMNS], used = 0;
	for (size_t c = 0; c < REPORT_STATS_COLUMNS; c++)
		used += 1 + (widths[c] = table_column(t, c));
	size_t unit_width = used + 12 < width ? width - used : 12;
	buf_puts(out, "\n\n");
	const char *titles[] = { t->title, t->note };
	for (size_t i = 0; i < KH_ARRAY_LEN(titles); i++) {
		char **lines = text_wrap_sanitized(titles[i], width - 8);
		for (char **l = lines; *l; l++) {
			put_centred(out, *l, width);
			buf_putc(out, '\n');
		}
		text_lines_free(lines);
	}
	buf_putc(out, '\n');
	table_line(out, t->unit_heading, t->headings, unit_width, widths);
	put_rule(out, unit_width + used);
	for (size_t i = 0; i < t->n_rows; i++) {
		if (t->rows[i].total)
			put_rule(out, unit_width + used);
		table_line(out, t->rows[i].label, t->rows[i].cells, unit_width, widths);
	}
}

static size_t text_width_of(const struct report_stream *s)
{
	return s->width < MIN_WIDTH ? MIN_WIDTH : s->width;
}

/* The text is made in a buffer and written a large block at a time:
 * a month's report is some 450,000 lines, and the stream's calls per
 * piece and its 4 KiB writes were a good part of writing it. */
#define TEXT_BLOCK (256 * 1024)

/* A text stream's state: what is not written yet, and a line's
 * buffer kept from entry to entry. */
struct text_state {
	struct buf out;
	struct buf line;
};

static void text_flush(struct report_stream *s, bool all)
{
	struct text_state *t = s->state;
	if (t->out.len && (all || t->out.len >= TEXT_BLOCK)) {
		fwrite(buf_str(&t->out), 1, t->out.len, s->out);
		buf_reset(&t->out);
	}
}

static void text_begin(struct report_stream *s, const struct report *r)
{
	struct text_state *t = x_calloc(1, sizeof(*t));
	s->state = t;
	put_header(r, text_width_of(s), &t->out);
	text_flush(s, false);
}

static void text_section(struct report_stream *s, const struct report_section *section)
{
	struct text_state *t = s->state;
	put_section(section, text_width_of(s), &t->line, &t->out);
	text_flush(s, false);
}

static int text_end(struct report_stream *s, const struct report *report,
		    struct kh_error *err)
{
	size_t width = text_width_of(s);
	struct text_state *t = s->state;
	struct buf *out = &t->out;
	if (report->summary) {
		buf_putc(out, '\n');
		put_hanging(out, "", 0, report->summary, width);
	}
	buf_putc(out, '\n');
	put_signatures(report, width, out);
	if (report->appendix)
		put_table(report->appendix, width, out);
	text_flush(s, true);
	buf_free(out);
	buf_free(&t->line);
	x_free(t);
	s->state = NULL;
	if (fflush(s->out) != 0 || ferror(s->out)) {
		kh_error_set(err, NULL, 0, 0, "%s", _("cannot write the report"));
		return -1;
	}
	return 0;
}

const struct report_format_ops report_text_ops = {
	text_begin, text_section, text_end, REPORT_UNITS_AHEAD,
};
