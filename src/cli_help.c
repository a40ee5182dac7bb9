/* cli_help: what the table of commands says about each, written out as
 * kehoach --help's lines, a command's --help and the manual's entries.
 * Nothing here is written by hand per command: a new entry in the table
 * appears in all three. */
#include <string.h>

#include "kehoach/cli.h"
#include "kehoach/text.h"

/* Lines are wrapped to fit a terminal of 80 columns. */
#define HELP_WIDTH 79
/* Where kehoach --help's summaries and an option's help begin, unless
 * what stands before is longer. */
#define SUMMARY_COLUMN 26
#define OPTION_HELP_COLUMN_MAX 24

/* The placeholder of each kind of value; NULL for a flag and choices. */
static const char *kind_placeholder(enum cli_kind kind)
{
	switch (kind) {
	case CLI_TEXT:
		return "TEXT";
	case CLI_NUMBER:
	case CLI_DAYS:
		return "N";
	case CLI_DATE:
		return "DATE";
	case CLI_YEAR:
		return "YEAR";
	case CLI_MONTH:
		return "YYYY-MM";
	case CLI_PLAN:
	case CLI_UNIT:
	case CLI_DUTY:
		return "ID";
	case CLI_USER:
		return "NAME";
	case CLI_GROUP:
		return "GROUP";
	case CLI_FILE:
		return "FILE";
	case CLI_PATH:
		return "PATH";
	case CLI_FLAG:
	case CLI_CHOICE:
		break;
	}
	return NULL;
}

char *cli_help_placeholder(const struct cli_option *opt)
{
	if (opt->placeholder)
		return x_strdup(opt->placeholder);
	if (opt->kind != CLI_CHOICE)
		return x_strdup(kind_placeholder(opt->kind) ? kind_placeholder(opt->kind) : "");
	struct buf b = { 0 };
	for (const struct cli_choice *c = opt->choices; c->name; c++) {
		if (c != opt->choices)
			buf_putc(&b, '|');
		buf_puts(&b, c->name);
	}
	char *list = x_strdup(buf_str(&b));
	buf_free(&b);
	return list;
}

/* "--plan ID", "-o FILE", "--overdue": an option as the usage line
 * shows it (the short form when there is one). */
static char *synopsis_form(const struct cli_option *opt)
{
	char *value = cli_help_placeholder(opt);
	char *form = opt->letter
		? x_asprintf("-%c%s%s", opt->letter, *value ? " " : "", value)
		: x_asprintf("--%s%s%s", opt->name, *value ? " " : "", value);
	char *shown = opt->required ? form : x_asprintf("[%s]", form);
	if (shown != form)
		x_free(form);
	x_free(value);
	return shown;
}

/* "-o, --output FILE": an option as the list of options shows it. */
static char *list_form(const struct cli_option *opt)
{
	char *value = cli_help_placeholder(opt);
	char *form = opt->letter
		? x_asprintf("-%c, --%s%s%s", opt->letter, opt->name, *value ? " " : "", value)
		: x_asprintf("--%s%s%s", opt->name, *value ? " " : "", value);
	x_free(value);
	return form;
}

/* The name, arguments and options a command cannot go without:
 * "roll PLAN-FILE --to YEAR". Returns a new string. */
static char *summary_head(const struct cli_command *c)
{
	struct buf b = { 0 };
	buf_puts(&b, c->name);
	if (c->arguments) {
		buf_putc(&b, ' ');
		buf_puts(&b, c->arguments);
	}
	for (const struct cli_option *opt = c->options; opt->name; opt++) {
		if (!opt->required)
			continue;
		char *form = synopsis_form(opt);
		buf_putc(&b, ' ');
		buf_puts(&b, form);
		x_free(form);
	}
	char *head = x_strdup(buf_str(&b));
	buf_free(&b);
	return head;
}

void cli_help_summary(FILE *out, const struct cli_command *c)
{
	char *head = summary_head(c);
	int width = (int)text_width(head);
	int pad = width + 2 < SUMMARY_COLUMN - 2 ? SUMMARY_COLUMN - 2 - width : 2;
	fprintf(out, "  %s%*s%s\n", head, pad, "", _(c->summary));
	x_free(head);
}

/* Adds word to the usage being written, on a new line indented by indent
 * columns when it would not fit. */
static void put_word(FILE *out, const char *word, size_t *column, size_t indent)
{
	size_t width = text_width(word);
	if (*column + 1 + width > HELP_WIDTH && *column > indent) {
		fprintf(out, "\n%*s", (int)indent, "");
		*column = indent;
	} else {
		fputc(' ', out);
		(*column)++;
	}
	fputs(word, out);
	*column += width;
}

static void print_usage_line(FILE *out, const struct cli_command *c)
{
	/* TRANSLATORS: begins "Usage: kehoach list [--plan ID] …". */
	char *head = x_asprintf("%s kehoach %s", _("Usage:"), c->name);
	size_t column = text_width(head), indent = column + 1;
	fputs(head, out);
	x_free(head);
	if (c->arguments)
		put_word(out, c->arguments, &column, indent);
	for (const struct cli_option *opt = c->options; opt->name; opt++) {
		char *form = synopsis_form(opt);
		put_word(out, form, &column, indent);
		x_free(form);
	}
	fputc('\n', out);
}

/* text, wrapped to what is left right of column, each line after the
 * first indented to column. */
static void print_wrapped(FILE *out, const char *text, size_t column)
{
	char **lines = text_wrap(text, HELP_WIDTH - column);
	for (size_t i = 0; lines[i]; i++)
		fprintf(out, "%*s%s\n", i ? (int)column : 0, "", lines[i]);
	if (!lines[0])
		fputc('\n', out);
	text_lines_free(lines);
}

static void print_options(FILE *out, const struct cli_option *options)
{
	size_t widest = 0;
	for (const struct cli_option *opt = options; opt->name; opt++) {
		char *form = list_form(opt);
		size_t w = text_width(form);
		if (w > widest && w <= OPTION_HELP_COLUMN_MAX)
			widest = w;
		x_free(form);
	}
	size_t column = 2 + widest + 2;
	fprintf(out, "\n%s\n", _("Options:"));
	for (const struct cli_option *opt = options; opt->name; opt++) {
		char *form = list_form(opt);
		size_t w = text_width(form);
		if (2 + w + 2 > column)
			fprintf(out, "  %s\n%*s", form, (int)column, "");
		else
			fprintf(out, "  %s%*s", form, (int)(column - 2 - w), "");
		print_wrapped(out, _(opt->help), column);
		x_free(form);
	}
}

void cli_help_command(FILE *out, const struct cli_command *c)
{
	print_usage_line(out, c);
	fputs(_(c->description), out);
	if (c->options[0].name)
		print_options(out, c->options);
}

/* ---- the manual ------------------------------------------------------------ */

/* s for roff: a backslash and a dash escaped, a line starting with a
 * control character made text. */
static void put_roff(FILE *out, const char *s)
{
	bool line_start = true;
	for (; *s; s++) {
		if (line_start && (*s == '.' || *s == '\''))
			fputs("\\&", out);
		if (*s == '\\')
			fputs("\\e", out);
		else if (*s == '-')
			fputs("\\-", out);
		else
			fputc(*s, out);
		line_start = *s == '\n';
	}
}

/* The placeholders of a usage in italics, the rest in roman:
 * "[PATH…]" → "[\fIPATH\fR…]". */
static void put_roff_arguments(FILE *out, const char *s)
{
	bool italic = false;
	for (; *s; s++) {
		bool upper = (*s >= 'A' && *s <= 'Z') || (italic && *s == '-');
		if (upper != italic)
			fputs(upper ? "\\fI" : "\\fR", out);
		italic = upper;
		if (*s == '-')
			fputs("\\-", out);
		else
			fputc(*s, out);
	}
	if (italic)
		fputs("\\fR", out);
}

/* "\fB\-\-format\fR \fBtext\fR|\fBjson\fR", "\fB\-o\fR \fIFILE\fR". */
static void put_roff_option(FILE *out, const struct cli_option *opt, bool long_form)
{
	if (long_form || !opt->letter)
		fprintf(out, "\\fB\\-\\-");
	else
		fprintf(out, "\\fB\\-%c\\fR", opt->letter);
	if (long_form || !opt->letter) {
		put_roff(out, opt->name);
		fputs("\\fR", out);
	}
	if (opt->kind == CLI_FLAG)
		return;
	fputc(' ', out);
	if (opt->kind == CLI_CHOICE && !opt->placeholder) {
		for (const struct cli_choice *c = opt->choices; c->name; c++)
			fprintf(out, "%s\\fB%s\\fR", c == opt->choices ? "" : "|", c->name);
		return;
	}
	char *value = cli_help_placeholder(opt);
	fputs("\\fI", out);
	put_roff(out, value);
	fputs("\\fR", out);
	x_free(value);
}

/* The description's paragraphs: roff fills each, .sp parts them. */
static void put_roff_paragraphs(FILE *out, const char *text)
{
	const char *p = text;
	while (*p) {
		const char *end = strstr(p, "\n\n");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (len && p[len - 1] == '\n')
			len--;
		char *paragraph = x_strndup(p, len);
		put_roff(out, paragraph);
		fputc('\n', out);
		x_free(paragraph);
		if (!end)
			break;
		p = end + strspn(end, "\n");
		if (*p)
			fputs(".sp\n", out);
	}
}

/* An entry: the synopsis as its tag, the description, then each option
 * on a line of its own with what it does. */
static void manual_entry(FILE *out, const struct cli_command *c)
{
	fprintf(out, ".TP\n\\fBkehoach %s\\fR", c->name);
	if (c->arguments) {
		fputc(' ', out);
		put_roff_arguments(out, c->arguments);
	}
	for (const struct cli_option *opt = c->options; opt->name; opt++) {
		fputs(opt->required ? " " : " [", out);
		put_roff_option(out, opt, false);
		if (!opt->required)
			fputc(']', out);
	}
	fputc('\n', out);
	put_roff_paragraphs(out, _(c->description));
	for (const struct cli_option *opt = c->options; opt->name; opt++) {
		fputs(opt == c->options ? ".sp\n" : ".br\n", out);
		if (opt->letter)
			fprintf(out, "\\fB\\-%c\\fR, ", opt->letter);
		put_roff_option(out, opt, true);
		fputs(" \\(em ", out);
		put_roff(out, _(opt->help));
		fputc('\n', out);
	}
}

void cli_help_manual(FILE *out, const struct cli_command *const *commands,
		     size_t n)
{
	for (size_t i = 0; i < n; i++)
		manual_entry(out, commands[i]);
}
