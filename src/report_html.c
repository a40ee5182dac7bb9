/* report_html: a report as Markdown or as one stand-alone HTML page.
 * Every string is escaped for its format here; '\n' becomes a line break. */
#include "report_internal.h"

#include <string.h>

#include "kehoach/i18n.h"

static int finish(FILE *out, struct kh_error *err)
{
	if (fflush(out) != 0 || ferror(out)) {
		kh_error_set(err, NULL, 0, 0, "%s", _("cannot write the report"));
		return -1;
	}
	return 0;
}

/* ---- Markdown -------------------------------------------------------- */

/* s with Markdown's special characters escaped, so that plan text never
 * turns into markup; a line break becomes a hard break and the next line
 * starts after indent spaces (to stay inside its list item). */
static void md_put(FILE *out, const char *s, int indent)
{
	bool line_start = true;
	for (const char *p = s; *p; p++) {
		if (*p == '\n') {
			fprintf(out, "\\\n%*s", indent, "");
			line_start = true;
			continue;
		}
		/* Inline markup anywhere; block markup only at a line's start. */
		if (strchr("\\`*_[]<>|~&!", *p) || (line_start && strchr("#+-=", *p)))
			fputc('\\', out);
		if (line_start && *p >= '0' && *p <= '9') {
			/* "1." or "1)" at a line's start would make a list. */
			size_t digits = strspn(p, "0123456789");
			if (p[digits] == '.' || p[digits] == ')') {
				fwrite(p, 1, digits, out);
				fputc('\\', out);
				p += digits;
			}
		}
		fputc(*p, out);
		line_start = false;
	}
}

/* A line that ends with a hard break ("\" then newline) unless last. */
static void md_line(FILE *out, const char *marker, const char *s, bool more)
{
	if (!s)
		return;
	fputs(marker, out);
	md_put(out, s, 0);
	fputs(marker, out);
	fputs(more ? "\\\n" : "\n", out);
}

static void md_entry(const struct report_entry *e, FILE *out)
{
	int indent = fprintf(out, "%d. ", e->number);
	fprintf(out, "[%c] ", e->withdrawn ? '-' : e->done ? 'x' : ' ');
	if (e->name) {
		/* Names are ids (a-z, 0-9, '-', '@', '/'): nothing in one can
		 * end a code span, and escapes do not work inside it. */
		fprintf(out, "`%s` ", e->name);
	}
	md_put(out, e->text, indent);
	for (size_t i = 0; i < e->n_details; i++) {
		const struct report_detail *d = &e->details[i];
		fprintf(out, "\\\n%*s**", indent, "");
		md_put(out, d->label, indent);
		fputs("** ", out);
		if (d->alert)
			fputs("**", out);
		md_put(out, d->value, indent);
		if (d->alert)
			fputs("**", out);
	}
	fputc('\n', out);
}

/* The appendix: a pipe table, the figures right-aligned. */
static void md_table(const struct report_table *t, FILE *out)
{
	fputs("\n---\n\n", out);
	md_line(out, "**", t->title, true);
	md_line(out, "*", t->note, false);
	fputs("\n| ", out);
	md_put(out, t->unit_heading, 0);
	for (size_t c = 0; c < REPORT_STATS_COLUMNS; c++) {
		fputs(" | ", out);
		md_put(out, t->headings[c], 0);
	}
	fputs(" |\n|:---|", out);
	for (size_t c = 0; c < REPORT_STATS_COLUMNS; c++)
		fputs("---:|", out);
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct report_table_row *row = &t->rows[i];
		const char *strong = row->total ? "**" : "";
		fprintf(out, "\n| %s", strong);
		md_put(out, row->label, 0);
		fputs(strong, out);
		for (size_t c = 0; c < REPORT_STATS_COLUMNS; c++) {
			fprintf(out, " | %s", strong);
			md_put(out, row->cells[c], 0);
			fputs(strong, out);
		}
		fputs(" |", out);
	}
	fputc('\n', out);
}

static void md_begin(struct report_stream *st, const struct report *r)
{
	FILE *out = st->out;
	md_line(out, "", r->parent, r->issuer || r->number);
	md_line(out, "**", r->issuer, r->number);
	md_line(out, "", r->number, false);
	fputc('\n', out);
	md_line(out, "**", r->nation, true);
	md_line(out, "**", r->motto, false);
	fputc('\n', out);
	if (r->place_date && r->lunar_date) {
		/* Markdown has no columns: the two dates share the line. */
		char *both = x_asprintf("%s %s", r->place_date, r->lunar_date);
		md_line(out, "*", both, false);
		x_free(both);
	} else {
		md_line(out, "*", r->place_date ? r->place_date : r->lunar_date, false);
	}
	fputs("\n# ", out);
	md_put(out, r->kind, 0);
	fputs("\n\n", out);
	md_line(out, "**", r->title, false);
	if (r->subtitle) {
		fputc('\n', out);
		md_line(out, "", r->subtitle, false);
	}
}

static void md_section(struct report_stream *st, const struct report_section *s)
{
	FILE *out = st->out;
	if (s->title) {
		fprintf(out, "\n%.*s ", s->level + 1, "####");
		md_put(out, s->title, 0);
		fputc('\n', out);
	}
	if (s->intro) {
		fputc('\n', out);
		md_line(out, "", s->intro, false);
	}
	if (s->n_entries == 0 && s->empty) {
		fputc('\n', out);
		md_line(out, "*", s->empty, false);
	}
	if (s->n_entries)
		fputc('\n', out);
	for (size_t j = 0; j < s->n_entries; j++)
		md_entry(&s->entries[j], out);
}

static int md_end(struct report_stream *st, const struct report *r, struct kh_error *err)
{
	FILE *out = st->out;
	if (r->summary) {
		fputc('\n', out);
		md_line(out, "**", r->summary, false);
	}
	/* The signature block as a two-column table, as it is on paper. */
	fputs("\n| ", out);
	md_put(out, r->sign_left, 0);
	fputs(" | ", out);
	md_put(out, r->sign_right, 0);
	fputs(" |\n|:---:|:---:|\n| *", out);
	md_put(out, r->sign_hint, 0);
	fputs("* | *", out);
	md_put(out, r->sign_hint, 0);
	fputs("* |\n| | ", out);
	if (r->sign_right_name) {
		fputs("<br><br><br>**", out);
		md_put(out, r->sign_right_name, 0);
		fputs("**", out);
	}
	fputs(" |\n", out);
	if (r->appendix)
		md_table(r->appendix, out);
	return finish(out, err);
}

const struct report_format_ops report_markdown_ops = {
	md_begin, md_section, md_end, REPORT_UNITS_AHEAD,
};

/* ---- HTML ------------------------------------------------------------ */

/* s escaped for HTML text and attributes; '\n' becomes <br>. */
static void html_put(FILE *out, const char *s)
{
	for (const char *p = s; p && *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		case '\n': fputs("<br>", out); break;
		default: fputc(*p, out);
		}
	}
}

/* <tag class="cls">s</tag>, when s is given. */
static void html_element(FILE *out, const char *tag, const char *cls, const char *s)
{
	if (!s)
		return;
	fprintf(out, "<%s class=\"%s\">", tag, cls);
	html_put(out, s);
	fprintf(out, "</%s>\n", tag);
}

/* Laid out after Nghị định 30/2020/NĐ-CP: A4, Times 13pt, margins 20 mm
 * top and bottom, 30 mm left, 15 mm right. */
static const char html_style[] =
	"@page { size: A4; margin: 20mm 15mm 20mm 30mm; }\n"
	"body { font-family: 'Times New Roman', 'Liberation Serif', Times, serif;"
	" font-size: 13pt; line-height: 1.3; max-width: 165mm; margin: 1em auto;"
	" color: #000; background: #fff; }\n"
	"@media print { body { margin: 0; max-width: none; } }\n"
	"table.header { width: 100%; border-collapse: collapse; }\n"
	"table.header td { vertical-align: top; text-align: center; padding: 0; }\n"
	"td.office { width: 40%; } td.nation { width: 60%; }\n"
	".parent { margin: 0; }\n"
	".issuer, .nation-name, .motto { margin: 0; font-weight: bold; }\n"
	".issuer::after, .motto::after { content: ''; display: block;"
	" margin: 2px auto 0; border-top: 1px solid #000; width: 35%; }\n"
	".motto::after { width: 100%; }\n"
	".motto { display: inline-block; font-size: 14pt; }\n"
	".number { margin: 0.6em 0 0; }\n"
	".place-date { margin: 0.6em 0 0; font-style: italic; }\n"
	".lunar { white-space: nowrap; }\n"
	".titles { text-align: center; margin: 1.5em 0 1em; }\n"
	".kind { font-size: 14pt; font-weight: bold; margin: 0; }\n"
	".title { font-weight: bold; margin: 0.2em 0; }\n"
	".subtitle { margin: 0.2em 0; }\n"
	"h2 { font-size: 13pt; margin: 1.2em 0 0.4em; }\n"
	"h3 { font-size: 13pt; margin: 1em 0 0.3em; }\n"
	"h4 { font-size: 13pt; font-style: italic; margin: 0.8em 0 0.3em 1em; }\n"
	".empty { font-style: italic; margin-left: 2em; }\n"
	"ol.duties { list-style: none; padding-left: 0; margin: 0; }\n"
	"ol.duties li { display: flex; gap: 0.4em; margin: 0.4em 0;"
	" break-inside: avoid; page-break-inside: avoid; }\n"
	".box { font-family: 'DejaVu Sans', sans-serif; }\n"
	".number-cell { min-width: 1.8em; text-align: right; }\n"
	".text { text-align: justify; }\n"
	".name { font-size: 10pt; color: #555; font-family: 'DejaVu Sans Mono', monospace; }\n"
	".details { font-size: 11.5pt; margin: 0.1em 0 0; padding: 0; list-style: none; }\n"
	".details .alert { font-weight: bold; color: #b00000; }\n"
	"li.overdue .text { font-weight: bold; }\n"
	".summary { margin-top: 1.2em; font-weight: bold; }\n"
	"table.signatures { width: 100%; margin-top: 1.5em; break-inside: avoid;"
	" page-break-inside: avoid; }\n"
	"table.signatures td { width: 50%; text-align: center; vertical-align: top; }\n"
	".sign-caption { font-weight: bold; margin: 0; }\n"
	".sign-hint { font-style: italic; margin: 0; }\n"
	".sign-name { font-weight: bold; margin: 5em 0 0; }\n"
	".intro { text-align: justify; }\n"
	".appendix { break-before: page; page-break-before: always; margin-top: 2em; }\n"
	".appendix .title { text-align: center; }\n"
	".appendix .note { text-align: center; font-style: italic; margin: 0 0 1em; }\n"
	"table.stats { width: 100%; border-collapse: collapse; font-size: 11pt; }\n"
	"table.stats th, table.stats td { border: 1px solid #000; padding: 2px 4px; }\n"
	"table.stats td.figure { text-align: right; white-space: nowrap; }\n"
	"table.stats tr.total td { font-weight: bold; }\n";

static void html_entry(const struct report_entry *e, FILE *out)
{
	fprintf(out, "<li%s><span class=\"box\">%s</span>"
		"<span class=\"number-cell\">%d.</span><div>",
		e->overdue ? " class=\"overdue\"" : "",
		e->withdrawn ? "⊟" : e->done ? "\u2611" : "\u2610", e->number);
	fputs("<div class=\"text\">", out);
	if (e->name) {
		fputs("<span class=\"name\">", out);
		html_put(out, e->name);
		fputs("</span> ", out);
	}
	html_put(out, e->text);
	fputs("</div>\n", out);
	if (e->n_details)
		fputs("<ul class=\"details\">\n", out);
	for (size_t i = 0; i < e->n_details; i++) {
		const struct report_detail *d = &e->details[i];
		fprintf(out, "<li%s><b>", d->alert ? " class=\"alert\"" : "");
		html_put(out, d->label);
		fputs("</b> ", out);
		html_put(out, d->value);
		fputs("</li>\n", out);
	}
	if (e->n_details)
		fputs("</ul>\n", out);
	fputs("</div></li>\n", out);
}

static void html_section(const struct report_section *s, FILE *out)
{
	if (s->title) {
		int h = s->level + 1 > 4 ? 4 : s->level + 1;
		fprintf(out, "<h%d>", h);
		html_put(out, s->title);
		fprintf(out, "</h%d>\n", h);
	}
	html_element(out, "p", "intro", s->intro);
	if (s->n_entries == 0)
		html_element(out, "p", "empty", s->empty);
	if (s->n_entries == 0)
		return;
	fputs("<ol class=\"duties\">\n", out);
	for (size_t i = 0; i < s->n_entries; i++)
		html_entry(&s->entries[i], out);
	fputs("</ol>\n", out);
}

static void html_header(const struct report *r, FILE *out)
{
	fputs("<table class=\"header\"><tr><td class=\"office\">\n", out);
	html_element(out, "p", "parent", r->parent);
	html_element(out, "p", "issuer", r->issuer);
	html_element(out, "p", "number", r->number);
	fputs("</td><td class=\"nation\">\n", out);
	html_element(out, "p", "nation-name", r->nation);
	html_element(out, "p", "motto", r->motto);
	/* The lunar date wraps to the next line whole, if at all. */
	if (r->place_date || r->lunar_date) {
		fputs("<p class=\"place-date\">", out);
		html_put(out, r->place_date);
		if (r->place_date && r->lunar_date)
			fputc(' ', out);
		if (r->lunar_date) {
			fputs("<span class=\"lunar\">", out);
			html_put(out, r->lunar_date);
			fputs("</span>", out);
		}
		fputs("</p>\n", out);
	}
	fputs("</td></tr></table>\n<div class=\"titles\">\n", out);
	html_element(out, "p", "kind", r->kind);
	html_element(out, "p", "title", r->title);
	html_element(out, "p", "subtitle", r->subtitle);
	fputs("</div>\n", out);
}

static void html_signatures(const struct report *r, FILE *out)
{
	fputs("<table class=\"signatures\"><tr><td>\n", out);
	html_element(out, "p", "sign-caption", r->sign_left);
	html_element(out, "p", "sign-hint", r->sign_hint);
	fputs("</td><td>\n", out);
	html_element(out, "p", "sign-caption", r->sign_right);
	html_element(out, "p", "sign-hint", r->sign_hint);
	html_element(out, "p", "sign-name", r->sign_right_name);
	fputs("</td></tr></table>\n", out);
}

/* The appendix: a ruled table on a page of its own when printed. */
static void html_table(const struct report_table *t, FILE *out)
{
	fputs("<div class=\"appendix\">\n", out);
	html_element(out, "p", "title", t->title);
	html_element(out, "p", "note", t->note);
	fputs("<table class=\"stats\">\n<tr>", out);
	html_element(out, "th", "unit", t->unit_heading);
	for (size_t c = 0; c < REPORT_STATS_COLUMNS; c++)
		html_element(out, "th", "figure", t->headings[c]);
	fputs("</tr>\n", out);
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct report_table_row *row = &t->rows[i];
		fputs(row->total ? "<tr class=\"total\">" : "<tr>", out);
		html_element(out, "td", "unit", row->label);
		for (size_t c = 0; c < REPORT_STATS_COLUMNS; c++)
			html_element(out, "td", "figure", row->cells[c]);
		fputs("</tr>\n", out);
	}
	fputs("</table>\n</div>\n", out);
}

static void html_begin(struct report_stream *st, const struct report *r)
{
	FILE *out = st->out;
	fputs("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"generator\" content=\"kehoach\">\n<title>", out);
	html_put(out, r->doc_title);
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", html_style);
	html_header(r, out);
}

static void html_stream_section(struct report_stream *st, const struct report_section *s)
{
	html_section(s, st->out);
}

static int html_end(struct report_stream *st, const struct report *r, struct kh_error *err)
{
	FILE *out = st->out;
	html_element(out, "p", "summary", r->summary);
	html_signatures(r, out);
	if (r->appendix)
		html_table(r->appendix, out);
	fputs("</body>\n</html>\n", out);
	return finish(out, err);
}

const struct report_format_ops report_html_ops = {
	html_begin, html_stream_section, html_end, REPORT_UNITS_AHEAD,
};
