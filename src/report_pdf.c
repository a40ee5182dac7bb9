/* report_pdf: a report as A4 pages laid out after Nghị định 30/2020/NĐ-CP
 * (margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman
 * 13 pt), set with pango and drawn with cairo.
 *
 * Everything below the page-1 header is cut into blocks: a heading, a
 * duty with its details, the summary, the signature block. A block is
 * measured before it is drawn, so that it moves whole to the next page
 * when it does not fit; only a block taller than a page is broken, and
 * then between lines. Headings wait for the block after them and go with
 * it, so that none is left alone at a page's foot.
 *
 * Text goes to pango as plain text with attribute lists, never as markup:
 * plan text may hold '<' and '&'. */
#include "report_internal.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "kehoach/i18n.h"

/* ---- Page geometry, in points ---------------------------------------- */

#define MM (72.0 / 25.4)
#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN_TOP (20 * MM)
#define MARGIN_BOTTOM (20 * MM)
#define MARGIN_LEFT (30 * MM)
#define MARGIN_RIGHT (15 * MM)
#define TEXT_W (PAGE_W - MARGIN_LEFT - MARGIN_RIGHT)
#define BODY_BOTTOM (PAGE_H - MARGIN_BOTTOM)
#define BODY_H (BODY_BOTTOM - MARGIN_TOP)

/* A family list: fontconfig takes the first one installed, and the
 * metric-compatible Liberation Serif keeps the layout where Times New
 * Roman is missing (most Linux systems). */
#define FONT_FAMILY "Times New Roman, Liberation Serif, serif"
#define BODY_SIZE 13.0
#define DETAIL_SIZE 11.5
#define NAME_SIZE 9.0

/* A duty: its box at the margin, its number right-aligned in a narrow
 * column, its text and details under one hanging indent. */
#define BOX_SIZE 9.0
#define NUMBER_X 12.0
#define NUMBER_W 25.0
#define TEXT_X 41.0
#define DETAIL_HANG 12.0

enum box { BOX_NONE, BOX_EMPTY, BOX_TICKED, BOX_WITHDRAWN };

struct pdf;
struct row;
/* Draws what a row has besides its layout (a bar, a table's cells). */
typedef void (*paint_fn)(struct pdf *p, const struct row *row, double top);

/* How a layout's text looks. */
struct look {
	double size;
	bool bold;
	bool italic;
	PangoAlignment align;
	bool justify;
};

/* One line of a block, or several wrapped lines of one paragraph. */
struct row {
	double gap;             /* space above it; dropped at a page's top */
	PangoLayout *layout;    /* may be NULL: a rule alone */
	double x;               /* from the left margin */
	PangoLayout *side;      /* beside it, top-aligned, or NULL */
	double side_x;
	enum box box;           /* drawn on the first line's baseline */
	double rule;            /* > 0: a centred rule this long under it */
	double rule_x;          /* the rule's centre, from the left margin */
	paint_fn paint;         /* NULL, or draws the rest of the row */
	double height;          /* a painted row's height, at least */
	PangoLayout **cells;    /* for paint: owned */
	size_t n_cells;
	const struct outcome_counts *counts;   /* a bar of the chart */
	double scale;           /* its points per duty */
	bool bold_rules;        /* a table's total row: a heavier rule above */
};

/* Rows that go on one page together when they can. */
struct block {
	struct row *rows;
	size_t n_rows, cap;
	double tail;            /* room kept below the last row (to sign in) */
	bool keep_with_next;    /* a heading: never last on a page */
};

struct pdf {
	cairo_t *cr;
	PangoContext *pango;
	double y;               /* where the next row's gap starts */
	int page;
	bool at_top;            /* nothing drawn on this page yet */
	struct block **pending; /* headings waiting for what follows them */
	size_t n_pending, cap_pending;
};

/* cairo hands the PDF over in pieces; the first failure is kept. */
struct sink {
	FILE *out;
	int error;              /* errno of the failed write, or 0 */
};

static cairo_status_t sink_write(void *closure, const unsigned char *data,
				 unsigned int length)
{
	struct sink *sink = closure;
	errno = 0;
	if (length && fwrite(data, 1, length, sink->out) != length) {
		if (!sink->error)
			sink->error = errno ? errno : EIO;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

/* ---- Layouts --------------------------------------------------------- */

static double units_to_pt(int units)
{
	return (double)units / PANGO_SCALE;
}

static int pt_to_units(double pt)
{
	return (int)(pt * PANGO_SCALE + 0.5);
}

/* attr applied to bytes [start, end) of the layout's text. */
static void attr_add(PangoAttrList *list, PangoAttribute *attr, size_t start,
		     size_t end)
{
	attr->start_index = (guint)start;
	attr->end_index = (guint)end;
	pango_attr_list_insert(list, attr);
}

/* Compound tokens stay whole: no line break after the '-' or '/' of
 * "15-CT/TU", "01/CT-UBND" or "Covid-19", which read wrong split, and a
 * hyphen at a line's end is taken for a hyphenation by text extractors
 * (pdftotext drops it). The break inside the range is what goes. */
static PangoAttrList *compound_attrs(const char *text)
{
	PangoAttrList *attrs = pango_attr_list_new();
#if PANGO_VERSION_CHECK(1, 44, 0)
	for (const char *c = text; *c; c++) {
		if ((*c != '-' && *c != '/') || c == text || isspace((unsigned char)c[-1]) ||
		    !c[1] || isspace((unsigned char)c[1]))
			continue;
		const char *next = g_utf8_next_char(c + 1);
		attr_add(attrs, pango_attr_allow_breaks_new(FALSE),
			 (size_t)(c - text), (size_t)(next - text));
	}
#endif
	return attrs;
}

/* The layout's attributes, to add to and give back with layout_set_attrs(). */
static PangoAttrList *layout_attrs(PangoLayout *layout)
{
	return pango_attr_list_copy(pango_layout_get_attributes(layout));
}

static void layout_set_attrs(PangoLayout *layout, PangoAttrList *attrs)
{
	pango_layout_set_attributes(layout, attrs);
	pango_attr_list_unref(attrs);
}

static PangoLayout *layout_new(struct pdf *p, const char *text,
			       const struct look *look, double width)
{
	PangoLayout *layout = pango_layout_new(p->pango);
	PangoFontDescription *font = pango_font_description_new();
	pango_font_description_set_family(font, FONT_FAMILY);
	pango_font_description_set_size(font, pt_to_units(look->size));
	pango_font_description_set_weight(font, look->bold ? PANGO_WEIGHT_BOLD
					   : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(font, look->italic ? PANGO_STYLE_ITALIC
					  : PANGO_STYLE_NORMAL);
	pango_layout_set_font_description(layout, font);
	pango_font_description_free(font);
	pango_layout_set_width(layout, pt_to_units(width));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(layout, look->align);
	pango_layout_set_justify(layout, look->justify);
	text = text ? text : "";
	pango_layout_set_text(layout, text, -1);
	layout_set_attrs(layout, compound_attrs(text));
	return layout;
}

static double layout_height(PangoLayout *layout)
{
	int width, height;
	if (!layout)
		return 0;
	pango_layout_get_size(layout, &width, &height);
	return units_to_pt(height);
}

/* The width of the widest line, for a rule as long as the text. */
static double layout_width(PangoLayout *layout)
{
	PangoRectangle logical;
	pango_layout_get_extents(layout, NULL, &logical);
	return units_to_pt(logical.width);
}

/* Centred lines read best when they are about as long as each other
 * ("SỞ THÔNG TIN VÀ / TRUYỀN THÔNG", not "SỞ THÔNG TIN VÀ TRUYỀN / THÔNG"):
 * narrows the layout to the least width that keeps its number of lines.
 * Returns how far to move it right to keep it centred in its column. */
static double layout_balance(PangoLayout *layout)
{
	int lines = pango_layout_get_line_count(layout);
	int width = pango_layout_get_width(layout);
	if (lines < 2)
		return 0;
	int lo = 0, hi = width;
	while (hi - lo > PANGO_SCALE / 4) {
		int mid = lo + (hi - lo) / 2;
		pango_layout_set_width(layout, mid);
		if (pango_layout_get_line_count(layout) > lines)
			lo = mid;
		else
			hi = mid;
	}
	pango_layout_set_width(layout, hi);
	return units_to_pt(width - hi) / 2;
}

/* ---- Blocks ---------------------------------------------------------- */

static struct block *block_new(bool keep_with_next)
{
	struct block *b = x_calloc(1, sizeof(*b));
	b->keep_with_next = keep_with_next;
	return b;
}

static struct row *block_add(struct block *b, double gap, PangoLayout *layout,
			     double x)
{
	X_GROW(b->rows, b->cap, b->n_rows + 1);
	struct row *row = &b->rows[b->n_rows++];
	*row = (struct row){ .gap = gap, .layout = layout, .x = x };
	return row;
}

/* Frees b's rows; b stays, empty. */
static void block_clear(struct block *b)
{
	for (size_t i = 0; i < b->n_rows; i++) {
		if (b->rows[i].layout)
			g_object_unref(b->rows[i].layout);
		if (b->rows[i].side)
			g_object_unref(b->rows[i].side);
		for (size_t c = 0; c < b->rows[i].n_cells; c++)
			g_object_unref(b->rows[i].cells[c]);
		x_free(b->rows[i].cells);
	}
	b->n_rows = 0;
}

static void block_free(struct block *b)
{
	if (!b)
		return;
	block_clear(b);
	x_free(b->rows);
	x_free(b);
}

#define RULE_GAP 3.0
#define RULE_WIDTH 0.6

static double row_height(const struct row *row)
{
	double h = layout_height(row->layout);
	double side = layout_height(row->side);
	if (side > h)
		h = side;
	if (row->height > h)
		h = row->height;
	if (row->rule > 0)
		h += RULE_GAP + RULE_WIDTH;
	return h;
}

/* The block's height if drawn now: its first gap is dropped at a top. */
static double block_height(const struct block *b, bool at_top)
{
	double h = b->tail;
	for (size_t i = 0; i < b->n_rows; i++)
		h += (i == 0 && at_top ? 0 : b->rows[i].gap) + row_height(&b->rows[i]);
	return h;
}

/* The least of the block that must go with what precedes it: all of it
 * when it fits on a page, else its first line. */
static double block_head_height(const struct block *b, bool at_top)
{
	if (block_height(b, true) <= BODY_H || b->n_rows == 0)
		return block_height(b, at_top);
	const struct row *row = &b->rows[0];
	double h = at_top ? 0 : row->gap;
	if (!row->layout)
		return h + row_height(row);
	PangoLayoutIter *iter = pango_layout_get_iter(row->layout);
	PangoRectangle logical;
	pango_layout_iter_get_line_extents(iter, NULL, &logical);
	pango_layout_iter_free(iter);
	return h + units_to_pt(logical.y + logical.height);
}

/* ---- Drawing --------------------------------------------------------- */

static void draw_layout(struct pdf *p, PangoLayout *layout, double x, double y)
{
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, layout);
}

static void draw_rule(struct pdf *p, double centre, double length, double y)
{
	cairo_set_line_width(p->cr, RULE_WIDTH);
	cairo_move_to(p->cr, centre - length / 2, y);
	cairo_line_to(p->cr, centre + length / 2, y);
	cairo_stroke(p->cr);
}

/* A square standing on the baseline, as a glyph would, ticked when done.
 * Drawn rather than set as ☐/☑, which Times and Liberation Serif lack: a
 * fallback font would make the box look different on every system. */
static void draw_box(struct pdf *p, double x, double baseline, enum box box)
{
	double top = baseline - BOX_SIZE + 0.5;
	cairo_set_line_width(p->cr, 0.8);
	cairo_rectangle(p->cr, x, top, BOX_SIZE, BOX_SIZE);
	cairo_stroke(p->cr);
	cairo_set_line_width(p->cr, 1.3);
	cairo_set_line_cap(p->cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_line_join(p->cr, CAIRO_LINE_JOIN_ROUND);
	if (box == BOX_WITHDRAWN) {
		cairo_move_to(p->cr, x + 1.8, top + BOX_SIZE / 2);
		cairo_line_to(p->cr, x + BOX_SIZE - 1.8, top + BOX_SIZE / 2);
		cairo_stroke(p->cr);
		return;
	}
	if (box != BOX_TICKED)
		return;
	cairo_move_to(p->cr, x + 1.8, top + 4.6);
	cairo_line_to(p->cr, x + 3.9, top + 7.0);
	cairo_line_to(p->cr, x + 8.0, top + 1.6);
	cairo_stroke(p->cr);
	cairo_set_line_cap(p->cr, CAIRO_LINE_CAP_BUTT);
	cairo_set_line_join(p->cr, CAIRO_LINE_JOIN_MITER);
}

/* What goes with a row's first line: the side layout and the box. */
static void draw_row_extras(struct pdf *p, const struct row *row, double top)
{
	if (row->side)
		draw_layout(p, row->side, MARGIN_LEFT + row->side_x, top);
	if (row->box != BOX_NONE && row->layout)
		draw_box(p, MARGIN_LEFT, top + units_to_pt(
				 pango_layout_get_baseline(row->layout)),
			 row->box);
	if (row->paint)
		row->paint(p, row, top);
}

/* The page number goes in the top margin, centred, from page 2 on. */
static void new_page(struct pdf *p)
{
	cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN_TOP;
	p->at_top = true;
	char number[16];
	snprintf(number, sizeof(number), "%d", p->page);
	struct look look = { BODY_SIZE, false, false, PANGO_ALIGN_CENTER, false };
	PangoLayout *layout = layout_new(p, number, &look, TEXT_W);
	draw_layout(p, layout, MARGIN_LEFT,
		    (MARGIN_TOP - layout_height(layout)) / 2);
	g_object_unref(layout);
}

static void draw_row(struct pdf *p, const struct row *row)
{
	double top = p->y;
	if (row->layout)
		draw_layout(p, row->layout, MARGIN_LEFT + row->x, top);
	draw_row_extras(p, row, top);
	if (row->rule > 0)
		draw_rule(p, MARGIN_LEFT + row->rule_x, row->rule,
			  top + layout_height(row->layout) + RULE_GAP + RULE_WIDTH / 2);
	p->y = top + row_height(row);
}

/* A row line by line, to a new page whenever the next line does not fit:
 * for paragraphs longer than a page. */
static void draw_row_split(struct pdf *p, const struct row *row)
{
	if (!row->layout) {
		if (!p->at_top && p->y + row_height(row) > BODY_BOTTOM)
			new_page(p);
		draw_row(p, row);
		return;
	}
	double top = p->y;      /* where the layout's top would be */
	double bottom = top;
	bool first = true;
	PangoLayoutIter *iter = pango_layout_get_iter(row->layout);
	do {
		PangoRectangle logical, own;
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(iter);
		pango_layout_iter_get_line_extents(iter, NULL, &logical);
		double line_top = units_to_pt(logical.y);
		double line_bottom = units_to_pt(logical.y + logical.height);
		if (!p->at_top && top + line_bottom > BODY_BOTTOM) {
			new_page(p);
			top = p->y - line_top;
		}
		/* show_layout_line() starts at the line's origin, which
		 * alignment and indent move away from the layout's edge. */
		pango_layout_line_get_extents(line, NULL, &own);
		cairo_move_to(p->cr, MARGIN_LEFT + row->x +
			      units_to_pt(logical.x - own.x),
			      top + units_to_pt(pango_layout_iter_get_baseline(iter)));
		pango_cairo_show_layout_line(p->cr, line);
		if (first)
			draw_row_extras(p, row, top + line_top);
		first = false;
		p->at_top = false;
		bottom = top + line_bottom;
	} while (pango_layout_iter_next_line(iter));
	pango_layout_iter_free(iter);
	double side_bottom = top + layout_height(row->side);
	p->y = side_bottom > bottom ? side_bottom : bottom;
	if (row->rule > 0) {
		draw_rule(p, MARGIN_LEFT + row->rule_x, row->rule,
			  p->y + RULE_GAP + RULE_WIDTH / 2);
		p->y += RULE_GAP + RULE_WIDTH;
	}
}

/* Draws b's rows from p->y, each after its gap: whole, or broken
 * between lines where the page ends. */
static void draw_rows(struct pdf *p, const struct block *b, bool whole)
{
	for (size_t i = 0; i < b->n_rows; i++) {
		if (!p->at_top)
			p->y += b->rows[i].gap;
		if (whole)
			draw_row(p, &b->rows[i]);
		else
			draw_row_split(p, &b->rows[i]);
		p->at_top = false;
	}
}

/* Draws the block at p->y: whole on this page or the next when it fits
 * on a page, else broken between lines. */
static void draw_block(struct pdf *p, const struct block *b)
{
	if (!p->at_top && p->y + block_height(b, false) > BODY_BOTTOM &&
	    block_height(b, true) <= BODY_H)
		new_page(p);
	draw_rows(p, b, p->y + block_height(b, p->at_top) <= BODY_BOTTOM);
	p->y += b->tail;
}

/* Draws the waiting headings, then b (when given), keeping them on one
 * page when they fit on one. Frees them all. */
static void flush(struct pdf *p, struct block *b)
{
	double need = 0;
	bool at_top = p->at_top;
	for (size_t i = 0; i < p->n_pending; i++) {
		need += block_height(p->pending[i], at_top);
		at_top = false;
	}
	if (b)
		need += block_head_height(b, at_top);
	if (!p->at_top && p->y + need > BODY_BOTTOM)
		new_page(p);
	for (size_t i = 0; i < p->n_pending; i++) {
		draw_block(p, p->pending[i]);
		block_free(p->pending[i]);
	}
	p->n_pending = 0;
	if (b)
		draw_block(p, b);
	block_free(b);
}

/* Takes b: draws it, or keeps it for the next block if it is a heading. */
static void place(struct pdf *p, struct block *b)
{
	if (b->keep_with_next) {
		X_GROW(p->pending, p->cap_pending, p->n_pending + 1);
		p->pending[p->n_pending++] = b;
		return;
	}
	flush(p, b);
}

/* A block that may grow longer than a page (the appendix's chart and
 * table have a row a unit), built a row at a time: once it is longer, it
 * is placed as it stands (drawn row by row, split where the page ends:
 * draw_block()), and each later row is drawn as draw_block() draws a
 * block that long, and freed. The pages are the same as with the block built whole,
 * but a thousand units' rows of layouts are not all held at once (they
 * were the live heap's peak of a month's PDF, massif: 1.5 MB at 500
 * units, growing with the plan). */
struct long_block {
	struct block *b;
	bool drawing;           /* b is placed: its rows are drawn as added */
};

static struct long_block long_block_new(void)
{
	return (struct long_block){ block_new(false), false };
}

/* Call after each row added to lb->b. */
static void long_block_added(struct pdf *p, struct long_block *lb)
{
	struct block *b = lb->b;
	if (!lb->drawing) {
		if (block_height(b, true) <= BODY_H)
			return;
		lb->drawing = true;
		place(p, b);
		lb->b = block_new(false);
		return;
	}
	draw_rows(p, b, false);
	block_clear(b);
}

static void long_block_end(struct pdf *p, struct long_block *lb)
{
	if (lb->drawing)
		block_free(lb->b);
	else
		place(p, lb->b);
	lb->b = NULL;
}

/* ---- The document ---------------------------------------------------- */

/* Centred in a column of the header; returns the layout's bottom. */
static double header_line(struct pdf *p, const char *text,
			  const struct look *look, double x, double width,
			  double y, double *text_width)
{
	if (!text)
		return y;
	PangoLayout *layout = layout_new(p, text, look, width);
	x += layout_balance(layout);
	draw_layout(p, layout, MARGIN_LEFT + x, y);
	double bottom = y + layout_height(layout);
	if (text_width)
		*text_width = layout_width(layout);
	g_object_unref(layout);
	return bottom;
}

/* The place and date under the national heading, centred in its column,
 * with the lunar date beside it when both fit on one line, else on the
 * line under it: a line break there, never inside either date (balanced
 * lines would cut "(23 tháng / Chạp năm Tân Sửu)"). Returns the bottom. */
static double date_line(struct pdf *p, const struct report *r,
			const struct look *look, double x, double width, double y)
{
	if (!r->place_date || !r->lunar_date)
		return header_line(p, r->place_date ? r->place_date : r->lunar_date,
				   look, x, width, y, NULL);
	char *text = x_asprintf("%s %s", r->place_date, r->lunar_date);
	PangoLayout *layout = layout_new(p, text, look, width);
	if (pango_layout_get_line_count(layout) > 1)
		text[strlen(r->place_date)] = '\n';
	g_object_unref(layout);
	double bottom = header_line(p, text, look, x, width, y, NULL);
	x_free(text);
	return bottom;
}

/* The two-column header of page 1: the issuing body on the left, the
 * national heading on the right; then on one line the document's number
 * and its place and date, each under its own column. */
static void draw_header(struct pdf *p, const struct report *r)
{
	const double left_w = TEXT_W * 0.4, right_x = left_w, right_w = TEXT_W - left_w;
	const struct look parent = { 12.5, false, false, PANGO_ALIGN_CENTER, false };
	const struct look issuer = { 12.5, true, false, PANGO_ALIGN_CENTER, false };
	const struct look nation = { 12.5, true, false, PANGO_ALIGN_CENTER, false };
	const struct look motto = { 13.5, true, false, PANGO_ALIGN_CENTER, false };
	const struct look number = { BODY_SIZE, false, false, PANGO_ALIGN_CENTER, false };
	const struct look date = { BODY_SIZE, false, true, PANGO_ALIGN_CENTER, false };
	double left = MARGIN_TOP, right = MARGIN_TOP, width = 0;

	left = header_line(p, r->parent, &parent, 0, left_w, left, NULL);
	if (r->issuer) {
		left = header_line(p, r->issuer, &issuer, 0, left_w, left, NULL);
		draw_rule(p, MARGIN_LEFT + left_w / 2, left_w / 3, left + 2);
		left += 4;
	}
	right = header_line(p, r->nation, &nation, right_x, right_w, right, NULL);
	if (r->motto) {
		right = header_line(p, r->motto, &motto, right_x, right_w, right,
				    &width);
		draw_rule(p, MARGIN_LEFT + right_x + right_w / 2, width, right + 2);
		right += 4;
	}
	double second = (left > right ? left : right) + 6;
	left = header_line(p, r->number, &number, 0, left_w, second, NULL);
	right = date_line(p, r, &date, right_x, right_w, second);
	p->y = left > right ? left : right;
	p->at_top = p->y <= MARGIN_TOP;
}

/* The kind of document, its subject and the unit, centred, with the
 * short rule that closes the subject. */
static void title_block(struct pdf *p, const struct report *r)
{
	const struct look kind = { 14, true, false, PANGO_ALIGN_CENTER, false };
	const struct look title = { 14, true, false, PANGO_ALIGN_CENTER, false };
	const struct look subtitle = { BODY_SIZE, false, true, PANGO_ALIGN_CENTER, false };
	if (!r->kind && !r->title && !r->subtitle)
		return;
	struct block *b = block_new(true);
	double gap = 22;
	struct row *last = NULL;
	const char *texts[] = { r->kind, r->title, r->subtitle };
	const struct look *looks[] = { &kind, &title, &subtitle };
	for (size_t i = 0; i < KH_ARRAY_LEN(texts); i++) {
		if (!texts[i])
			continue;
		PangoLayout *layout = layout_new(p, texts[i], looks[i], TEXT_W);
		last = block_add(b, gap, layout, layout_balance(layout));
		gap = 2;
	}
	if (last) {
		last->rule = TEXT_W / 4;
		last->rule_x = TEXT_W / 2;
	}
	place(p, b);
}

static void heading_block(struct pdf *p, const struct report_section *s)
{
	const struct look look = { BODY_SIZE, true, s->level >= 3,
				   PANGO_ALIGN_LEFT, false };
	double gap = s->level <= 1 ? 14 : s->level == 2 ? 10 : 7;
	struct block *b = block_new(true);
	block_add(b, gap, layout_new(p, s->title, &look, TEXT_W), 0);
	place(p, b);
}

static void empty_block(struct pdf *p, const struct report_section *s)
{
	const struct look look = { BODY_SIZE, false, true, PANGO_ALIGN_LEFT, false };
	struct block *b = block_new(false);
	block_add(b, 4, layout_new(p, s->empty, &look, TEXT_W - TEXT_X), TEXT_X);
	place(p, b);
}

/* The duty's text, bold when overdue, then its name in small grey type
 * for whoever will mark it from the command line. The name is never
 * broken ("chung-2@vp" could break after the hyphen) but may start a
 * line: glued to the text's last word, a long name would drag it along
 * and leave the line before stretched by justification. */
static PangoLayout *entry_text(struct pdf *p, const struct report_entry *e)
{
	const struct look look = { BODY_SIZE, e->overdue, false, PANGO_ALIGN_LEFT, true };
	const char *text = e->text ? e->text : "";
	if (!e->name)
		return layout_new(p, text, &look, TEXT_W - TEXT_X);
	char *all = x_asprintf("%s\u2002%s", text, e->name);   /* en space */
	PangoLayout *layout = layout_new(p, all, &look, TEXT_W - TEXT_X);
	PangoAttrList *attrs = layout_attrs(layout);
	size_t start = strlen(text) + strlen("\u2002"), end = strlen(all);
#if PANGO_VERSION_CHECK(1, 44, 0)
	attr_add(attrs, pango_attr_allow_breaks_new(FALSE), start, end);
#endif
	attr_add(attrs, pango_attr_size_new(pt_to_units(NAME_SIZE)), start, end);
	attr_add(attrs, pango_attr_weight_new(PANGO_WEIGHT_NORMAL), start, end);
	attr_add(attrs, pango_attr_foreground_new(0x7000, 0x7000, 0x7000), start, end);
	layout_set_attrs(layout, attrs);
	x_free(all);
	return layout;
}

/* "Label: value" in the smaller size, the label bold; an alert (overdue)
 * all bold and dark red. Wrapped lines hang under the value. */
static PangoLayout *detail_text(struct pdf *p, const struct report_detail *d)
{
	const struct look look = { DETAIL_SIZE, d->alert, false, PANGO_ALIGN_LEFT, false };
	const char *label = d->label ? d->label : "";
	char *all = x_asprintf("%s%s%s", label, *label ? " " : "",
			       d->value ? d->value : "");
	PangoLayout *layout = layout_new(p, all, &look, TEXT_W - TEXT_X);
	pango_layout_set_indent(layout, -pt_to_units(DETAIL_HANG));
	PangoAttrList *attrs = layout_attrs(layout);
	attr_add(attrs, pango_attr_weight_new(PANGO_WEIGHT_BOLD), 0, strlen(label));
	if (d->alert)
		attr_add(attrs, pango_attr_foreground_new(0xb000, 0, 0), 0, strlen(all));
	layout_set_attrs(layout, attrs);
	x_free(all);
	return layout;
}

static void entry_block(struct pdf *p, const struct report_entry *e)
{
	const struct look number = { BODY_SIZE, false, false, PANGO_ALIGN_RIGHT, false };
	struct block *b = block_new(false);
	struct row *row = block_add(b, 5, entry_text(p, e), TEXT_X);
	char digits[24];
	snprintf(digits, sizeof(digits), "%d.", e->number);
	row->side = layout_new(p, digits, &number, NUMBER_W);
	row->side_x = NUMBER_X;
	row->box = e->withdrawn ? BOX_WITHDRAWN : e->done ? BOX_TICKED : BOX_EMPTY;
	for (size_t i = 0; i < e->n_details; i++)
		block_add(b, 0.5, detail_text(p, &e->details[i]), TEXT_X);
	place(p, b);
}

/* Caption (bold) over hint (italic), centred in a column. */
static PangoLayout *signature_column(struct pdf *p, const char *caption,
				     const char *hint, double width)
{
	const struct look look = { BODY_SIZE, true, false, PANGO_ALIGN_CENTER, false };
	caption = caption ? caption : "";
	char *all = x_asprintf("%s%s%s", caption, hint ? "\n" : "", hint ? hint : "");
	PangoLayout *layout = layout_new(p, all, &look, width);
	if (hint) {
		PangoAttrList *attrs = layout_attrs(layout);
		size_t start = strlen(caption) + 1, end = strlen(all);
		attr_add(attrs, pango_attr_weight_new(PANGO_WEIGHT_NORMAL), start, end);
		attr_add(attrs, pango_attr_style_new(PANGO_STYLE_ITALIC), start, end);
		layout_set_attrs(layout, attrs);
	}
	x_free(all);
	return layout;
}

/* Two columns, room to sign, the signer's name under the right one. */
static void signature_block(struct pdf *p, const struct report *r)
{
	const struct look name = { BODY_SIZE, true, false, PANGO_ALIGN_CENTER, false };
	const double half = TEXT_W / 2, room = 25 * MM;
	struct block *b = block_new(false);
	struct row *row = block_add(b, 18, signature_column(p, r->sign_left,
				    r->sign_left ? r->sign_hint : NULL, half), 0);
	if (r->sign_right) {
		row->side = signature_column(p, r->sign_right, r->sign_hint, half);
		row->side_x = half;
	}
	if (r->sign_right_name)
		block_add(b, room, layout_new(p, r->sign_right_name, &name, half), half);
	else
		b->tail = room;
	place(p, b);
}

static void summary_block(struct pdf *p, const struct report *r, bool signed_after)
{
	const struct look look = { BODY_SIZE, true, false, PANGO_ALIGN_LEFT, false };
	struct block *b = block_new(signed_after);
	block_add(b, 14, layout_new(p, r->summary, &look, TEXT_W), 0);
	place(p, b);
}

/* The figures of a part, under its heading, justified. */
static void intro_block(struct pdf *p, const struct report_section *s)
{
	const struct look look = { BODY_SIZE, false, false, PANGO_ALIGN_LEFT, true };
	struct block *b = block_new(false);
	block_add(b, 4, layout_new(p, s->intro, &look, TEXT_W), 0);
	place(p, b);
}

/* ---- The appendix: a chart and the summary table --------------------- */

#define TABLE_SIZE 8.0
#define CELL_PAD 2.5
#define LABEL_W 110.0        /* the unit's column, and the chart's labels */
#define BAR_H 9.0
#define SWATCH 8.0

/* The chart's segments, in the order of report_table.legend: on time,
 * late, not yet due, overdue. Told apart in grey print too, by lightness. */
static const double segment_rgb[4][3] = {
	{ 0.16, 0.55, 0.27 },    /* green */
	{ 0.93, 0.62, 0.16 },    /* amber */
	{ 0.60, 0.75, 0.92 },    /* light blue */
	{ 0.72, 0.09, 0.09 },    /* dark red */
};

static void segment_colour(struct pdf *p, size_t i)
{
	cairo_set_source_rgb(p->cr, segment_rgb[i][0], segment_rgb[i][1],
			     segment_rgb[i][2]);
}

/* The legend: a swatch before each segment's name. */
static void paint_legend(struct pdf *p, const struct row *row, double top)
{
	double x = MARGIN_LEFT;
	for (size_t i = 0; i < row->n_cells; i++) {
		segment_colour(p, i);
		cairo_rectangle(p->cr, x, top + 2, SWATCH, SWATCH);
		cairo_fill(p->cr);
		cairo_set_source_rgb(p->cr, 0, 0, 0);
		draw_layout(p, row->cells[i], x + SWATCH + 3, top);
		x += SWATCH + 3 + layout_width(row->cells[i]) + 12;
	}
}

/* A unit's bar: a segment per outcome, as long as its count; the total
 * after it. */
static void paint_bar(struct pdf *p, const struct row *row, double top)
{
	const struct outcome_counts *c = row->counts;
	long counts[4] = { c->done_on_time, c->done_late, c->in_time, c->overdue };
	double x = MARGIN_LEFT + LABEL_W + 6, y = top + (row_height(row) - BAR_H) / 2;
	for (size_t i = 0; i < 4; i++) {
		double w = (double)counts[i] * row->scale;
		if (w <= 0)
			continue;
		segment_colour(p, i);
		cairo_rectangle(p->cr, x, y, w, BAR_H);
		cairo_fill(p->cr);
		x += w;
	}
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	if (row->n_cells)
		draw_layout(p, row->cells[0], x + 4, y + (BAR_H - layout_height(row->cells[0])) / 2);
}

/* A row of the table: each cell ruled, the unit's and the figures'. */
static double column_x(size_t c)
{
	return c == 0 ? 0 : LABEL_W + (double)(c - 1) * (TEXT_W - LABEL_W) / REPORT_STATS_COLUMNS;
}

static void paint_cells(struct pdf *p, const struct row *row, double top)
{
	double h = row_height(row);
	cairo_set_line_width(p->cr, row->bold_rules ? 1.0 : 0.5);
	for (size_t c = 0; c < row->n_cells; c++) {
		double x = MARGIN_LEFT + column_x(c);
		double w = (c + 1 < row->n_cells ? column_x(c + 1) : TEXT_W) - column_x(c);
		cairo_rectangle(p->cr, x, top, w, h);
		cairo_stroke(p->cr);
		draw_layout(p, row->cells[c], x + CELL_PAD, top + CELL_PAD);
	}
}

/* A painted row with n cells to fill; its height is set by the caller. */
static struct row *painted_row(struct block *b, double gap, PangoLayout *layout,
			       paint_fn paint, size_t n)
{
	struct row *row = block_add(b, gap, layout, 0);
	row->paint = paint;
	row->cells = x_calloc(n ? n : 1, sizeof(*row->cells));
	row->n_cells = n;
	return row;
}

static void chart_block(struct pdf *p, const struct report_table *t)
{
	const struct look small = { TABLE_SIZE, false, false, PANGO_ALIGN_LEFT, false };
	struct long_block lb = long_block_new();
	struct row *legend = painted_row(lb.b, 8, NULL, paint_legend, KH_ARRAY_LEN(t->legend));
	for (size_t i = 0; i < legend->n_cells; i++) {
		legend->cells[i] = layout_new(p, t->legend[i], &small, TEXT_W);
		pango_layout_set_width(legend->cells[i], -1);
		double h = layout_height(legend->cells[i]);
		legend->height = h > legend->height ? h : legend->height;
	}
	long most = 1;
	for (size_t i = 0; i < t->n_rows; i++)
		if (!t->rows[i].total && t->rows[i].counts.total > most)
			most = t->rows[i].counts.total;
	/* Room after the longest bar for its total. */
	double scale = (TEXT_W - LABEL_W - 6 - 24) / (double)most;
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct report_table_row *tr = &t->rows[i];
		if (tr->total)
			continue;
		struct row *row = painted_row(lb.b, 4, layout_new(p, tr->label, &small, LABEL_W),
					      paint_bar, 1);
		row->counts = &tr->counts;
		row->scale = scale;
		row->height = BAR_H;
		row->cells[0] = layout_new(p, tr->cells[0], &small, TEXT_W);
		pango_layout_set_width(row->cells[0], -1);
		long_block_added(p, &lb);
	}
	long_block_end(p, &lb);
}

static struct row *table_row(struct pdf *p, struct block *b, const char *label,
			     const char *const *cells, bool bold, PangoAlignment align)
{
	const struct look unit = { TABLE_SIZE, bold, false, PANGO_ALIGN_LEFT, false };
	const struct look figure = { TABLE_SIZE, bold, false, align, false };
	struct row *row = painted_row(b, 0, NULL, paint_cells, REPORT_STATS_COLUMNS + 1);
	for (size_t c = 0; c <= REPORT_STATS_COLUMNS; c++) {
		double w = (c < REPORT_STATS_COLUMNS ? column_x(c + 1) : TEXT_W) - column_x(c);
		row->cells[c] = c == 0 ? layout_new(p, label, &unit, w - 2 * CELL_PAD)
				       : layout_new(p, cells[c - 1], &figure, w - 2 * CELL_PAD);
		double h = layout_height(row->cells[c]) + 2 * CELL_PAD;
		row->height = h > row->height ? h : row->height;
	}
	return row;
}

static void table_block(struct pdf *p, const struct report_table *t)
{
	struct long_block lb = long_block_new();
	table_row(p, lb.b, t->unit_heading, t->headings, true, PANGO_ALIGN_CENTER)->gap = 12;
	long_block_added(p, &lb);
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct report_table_row *tr = &t->rows[i];
		table_row(p, lb.b, tr->label, tr->cells, tr->total, PANGO_ALIGN_RIGHT)->bold_rules =
			tr->total;
		long_block_added(p, &lb);
	}
	long_block_end(p, &lb);
}

/* On a page of its own: the title, the chart, the ruled table. */
static void draw_appendix(struct pdf *p, const struct report_table *t)
{
	const struct look title = { BODY_SIZE, true, false, PANGO_ALIGN_CENTER, false };
	const struct look note = { BODY_SIZE, false, true, PANGO_ALIGN_CENTER, false };
	new_page(p);
	struct block *b = block_new(true);
	PangoLayout *layout = layout_new(p, t->title, &title, TEXT_W);
	block_add(b, 0, layout, layout_balance(layout));
	block_add(b, 2, layout_new(p, t->note, &note, TEXT_W), 0);
	place(p, b);
	chart_block(p, t);
	table_block(p, t);
	flush(p, NULL);
}

static void draw_section(struct pdf *p, const struct report_section *s)
{
	if (s->title)
		heading_block(p, s);
	if (s->intro)
		intro_block(p, s);
	if (s->n_entries == 0 && s->empty)
		empty_block(p, s);
	for (size_t j = 0; j < s->n_entries; j++)
		entry_block(p, &s->entries[j]);
}

static void draw_end(struct pdf *p, const struct report *r)
{
	bool signed_after = r->sign_left || r->sign_right;
	if (r->summary)
		summary_block(p, r, signed_after);
	if (signed_after)
		signature_block(p, r);
	flush(p, NULL);
	if (r->appendix)
		draw_appendix(p, r->appendix);
}

/* cairo's first error, if any: the context's, then the surface's. */
static cairo_status_t finish(cairo_surface_t *surface, cairo_t *cr)
{
	cairo_status_t status = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	return status;
}

/* A PDF being written: cairo writes each page out as it is finished. */
struct pdf_stream {
	struct sink sink;
	cairo_surface_t *surface;
	struct pdf p;
};

/* The font map of every PDF this process makes (on the report's thread
 * alone: report_writer_sections()). For each new font
 * pattern pango 1.50 starts two threads of its own, one matching and one
 * sorting the fonts (FcFontSetMatch, FcFontSetSort), and waits for the
 * one it needs: the other may still be at work in fontconfig when the
 * document is done, holding a reference to the map until it ends.
 * report_pdf_release_caches() waits for the map to go before it takes
 * fontconfig down, so that FcFini() never runs under such a thread. */
static PangoFontMap *font_map;
static GMutex font_map_lock;    /* a static GMutex needs no init */
static GCond font_map_ended;
static bool font_map_gone;

/* How long the release waits for pango's threads: FcFontSetSort over a
 * few thousand fonts takes milliseconds, not seconds. */
#define FONT_MAP_WAIT_SECONDS 10

static void on_font_map_gone(gpointer data, GObject *where_it_was)
{
	(void)data;
	(void)where_it_was;
	g_mutex_lock(&font_map_lock);
	font_map_gone = true;
	g_cond_signal(&font_map_ended);
	g_mutex_unlock(&font_map_lock);
}

/* A pango context on cr, from this process's font map. */
static PangoContext *pdf_context(cairo_t *cr)
{
	if (!font_map)
		font_map = pango_cairo_font_map_new();
	PangoContext *context = pango_font_map_create_context(font_map);
	pango_cairo_update_context(cr, context);
	return context;
}

/* Drops the font map and waits until pango's threads have let it go:
 * true once it is gone (or there was none). */
static bool font_map_release(void)
{
	if (!font_map)
		return true;
	g_object_weak_ref(G_OBJECT(font_map), on_font_map_gone, NULL);
	g_object_unref(font_map);
	font_map = NULL;
	gint64 until = g_get_monotonic_time() + FONT_MAP_WAIT_SECONDS * G_TIME_SPAN_SECOND;
	g_mutex_lock(&font_map_lock);
	while (!font_map_gone &&
	       g_cond_wait_until(&font_map_ended, &font_map_lock, until))
		;
	bool gone = font_map_gone;
	font_map_gone = false;
	g_mutex_unlock(&font_map_lock);
	return gone;
}

static void pdf_begin(struct report_stream *s, const struct report *report)
{
	struct pdf_stream *ps = x_calloc(1, sizeof(*ps));
	s->state = ps;
	ps->sink = (struct sink){ s->out, 0 };
	ps->surface = cairo_pdf_surface_create_for_stream(sink_write, &ps->sink,
							  PAGE_W, PAGE_H);
#if CAIRO_VERSION >= CAIRO_VERSION_ENCODE(1, 16, 0)
	if (report->doc_title)
		cairo_pdf_surface_set_metadata(ps->surface, CAIRO_PDF_METADATA_TITLE,
					       report->doc_title);
	cairo_pdf_surface_set_metadata(ps->surface, CAIRO_PDF_METADATA_CREATOR,
				       "kehoach");
#endif
	/* A context on a surface in error is itself in error, and draws
	 * nothing: the one check is at the end. */
	cairo_t *cr = cairo_create(ps->surface);
	ps->p = (struct pdf){ .cr = cr, .page = 1, .y = MARGIN_TOP, .at_top = true };
	ps->p.pango = pdf_context(cr);
	/* Sizes are in points, and PDF units are points: 72 per inch. */
	pango_cairo_context_set_resolution(ps->p.pango, 72);
	cairo_set_source_rgb(cr, 0, 0, 0);
	draw_header(&ps->p, report);
	title_block(&ps->p, report);
}

static void pdf_section(struct report_stream *s, const struct report_section *section)
{
	struct pdf_stream *ps = s->state;
	draw_section(&ps->p, section);
}

static int pdf_end(struct report_stream *s, const struct report *report,
		   struct kh_error *err)
{
	struct pdf_stream *ps = s->state;
	FILE *out = s->out;
	draw_end(&ps->p, report);
	x_free(ps->p.pending);
	g_object_unref(ps->p.pango);
	cairo_status_t status = finish(ps->surface, ps->p.cr);
	struct sink sink = ps->sink;
	x_free(ps);
	s->state = NULL;
	if (status == CAIRO_STATUS_WRITE_ERROR || sink.error ||
	    fflush(out) != 0 || ferror(out)) {
		int error = sink.error ? sink.error : errno ? errno : EIO;
		kh_error_set(err, NULL, 0, 0, "%s: %s", _("cannot write the report"),
			     strerror(error));
		return -1;
	}
	if (status != CAIRO_STATUS_SUCCESS) {
		kh_error_set(err, NULL, 0, 0, "%s: %s", _("cannot write the report"),
			     cairo_status_to_string(status));
		return -1;
	}
	return 0;
}

static const struct report_format_ops pdf_ops = {
	pdf_begin, pdf_section, pdf_end, REPORT_PDF_UNITS_AHEAD,
};

const struct report_format_ops *report_pdf_ops(void)
{
	return &pdf_ops;
}

int report_write_pdf(const struct report *report, FILE *out, struct kh_error *err)
{
	struct report_stream s = { out, 0, NULL };
	pdf_begin(&s, report);
	for (size_t i = 0; i < report->n_sections; i++)
		pdf_section(&s, &report->sections[i]);
	return pdf_end(&s, report, err);
}

void report_pdf_release_caches(void)
{
	/* In this order: the font map holds fontconfig patterns, and cairo
	 * its font faces, which FcFini() expects to be gone. A thread of
	 * pango's still at work after the wait keeps fontconfig as it is. */
	if (!font_map_release())
		return;
	cairo_debug_reset_static_data();
	FcFini();
}
