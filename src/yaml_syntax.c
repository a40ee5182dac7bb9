/* yaml_syntax: what libyaml's failures mean to the clerk who wrote the file.
 *
 * libyaml words its problems for YAML experts ("mapping values are not
 * allowed in this context") and places some where they are noticed rather
 * than where they are made. This reads the offending line again and, with
 * what the reader saw before (the keys of the open mappings, the last
 * quoted text), says what to change there: a tab, a ': ' in an unquoted
 * text, a quote or bracket left open, a line that lines up with no key. */
#include "yaml_syntax.h"

#include <stdarg.h>
#include <string.h>

#include "kehoach/i18n.h"
#include "kehoach/text.h"

/* The input again from its start (after any byte order mark), byte by
 * byte; the file is read through the reader's own stream, which libyaml
 * no longer needs once it has failed. */
struct input {
	const struct yaml_reader *r;
	size_t offset;
	int back;               /* a byte read ahead, or EOF */
};

static bool input_rewind(struct input *in, const struct yaml_reader *r)
{
	*in = (struct input){ r, 0, EOF };
	return !r->fp || fseek(r->fp, r->skip, SEEK_SET) == 0;
}

static int input_getc(struct input *in)
{
	const struct yaml_reader *r = in->r;
	int c = in->back;
	if (c != EOF) {
		in->back = EOF;
		return c;
	}
	if (r->fp)
		return in->offset++ < r->max_bytes ? getc(r->fp) : EOF;
	return in->offset < r->len ? (unsigned char)r->data[in->offset++] : EOF;
}

/* The next character as a line break counts it: "\r\n" and a lone "\r"
 * end a line as "\n" does, as libyaml counts them. */
static int input_getc_line(struct input *in)
{
	int c = input_getc(in);
	if (c == '\r') {
		int next = input_getc(in);
		if (next != '\n')
			in->back = next;
		return '\n';
	}
	return c;
}

/* libyaml places errors in the bytes (bad UTF-8, control characters) at a
 * byte offset only; this turns it into a line and column. */
static struct source_pos offset_pos(const struct yaml_reader *r, size_t offset)
{
	struct source_pos pos = { 1, 1 };
	struct input in;
	if (!input_rewind(&in, r))
		return pos;
	for (size_t i = 0; i < offset; i++) {
		int c = input_getc(&in);
		if (c == EOF)
			break;
		if (c == '\n') {
			pos.line++;
			pos.column = 1;
		} else if ((c & 0xC0) != 0x80) {
			pos.column++;  /* columns count characters, not bytes */
		}
	}
	return pos;
}

/* Enough of a line to see what is wrong with it. */
#define LINE_SIZE 4096

/* Line `line` of the input into out, without its line break, cut short
 * at LINE_SIZE - 1 bytes; "" when there is no such line. */
static void input_line(const struct yaml_reader *r, unsigned line,
		       char out[LINE_SIZE])
{
	struct input in;
	size_t n = 0;
	int c = 0;
	out[0] = '\0';
	if (!line || !input_rewind(&in, r))
		return;
	for (unsigned at = 1; at < line; at++) {
		while ((c = input_getc_line(&in)) != EOF && c != '\n')
			;
		if (c == EOF)
			return;
	}
	while ((c = input_getc_line(&in)) != EOF && c != '\n' && n + 1 < LINE_SIZE)
		out[n++] = (char)c;
	out[n] = '\0';
}

/* The byte offset in s of the character at column (1-based; columns
 * count characters), or the length of s when it is shorter. */
static size_t column_offset(const char *s, unsigned column)
{
	size_t i = 0;
	for (unsigned c = 1; c < column && s[i]; c++) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

static unsigned offset_column(const char *s, size_t offset)
{
	unsigned column = 1;
	for (size_t i = 0; i < offset && s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			column++;
	return column;
}

/* The character at offset as a string, for messages. */
static void char_at(const char *s, size_t offset, char out[8])
{
	size_t len = 1;
	while (len < 4 && ((unsigned char)s[offset + len] & 0xC0) == 0x80)
		len++;
	snprintf(out, 8, "%.*s", s[offset] ? (int)len : 0, s + offset);
}

/* The column of a tab among the blanks a line begins with, or 0. */
static unsigned indent_tab(const char *line)
{
	for (size_t i = 0; line[i] == ' ' || line[i] == '\t'; i++)
		if (line[i] == '\t')
			return offset_column(line, i);
	return 0;
}

static bool is_blank_or_end(char c)
{
	return c == ' ' || c == '\t' || c == '\0';
}

/* Where the key at the start of line ends: the offset of its ':' (one
 * followed by a blank or the end of the line, outside the quotes of a
 * quoted key), or -1 for a line without one. *key_start gets the offset
 * of the key, after the indentation and any list dashes. */
static long key_colon(const char *line, size_t *key_start)
{
	size_t i = strspn(line, " \t");
	while (line[i] == '-' && (line[i + 1] == ' ' || line[i + 1] == '\t'))
		i += 1 + strspn(line + i + 1, " \t");
	*key_start = i;
	char quote = 0;
	for (; line[i]; i++) {
		char c = line[i];
		if (quote) {
			if (c == quote)
				quote = 0;
		} else if ((c == '"' || c == '\'') && i == *key_start) {
			quote = c;
		} else if (c == ':' && is_blank_or_end(line[i + 1])) {
			return (long)i;
		} else if (c == '#' && i > 0 && (line[i - 1] == ' ' || line[i - 1] == '\t')) {
			return -1;  /* a comment */
		}
	}
	return -1;
}

/* Reports "YAML syntax error: MESSAGE" at pos. */
static int fail_syntax(struct yaml_reader *r, struct source_pos pos,
		       const char *fmt, ...) KH_PRINTF(3, 4);
static int fail_syntax(struct yaml_reader *r, struct source_pos pos,
		       const char *fmt, ...)
{
	char message[sizeof(r->err->message)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	return yaml_reader_fail(r, pos, _("YAML syntax error: %s"), message);
}

/* ---- the bytes ------------------------------------------------------------ */

static int fail_reader(struct yaml_reader *r)
{
	const yaml_parser_t *p = &r->parser;
	const char *problem = p->problem ? p->problem : "";
	struct source_pos pos = offset_pos(r, p->problem_offset);
	if (strstr(problem, "control")) {
		/* problem_value is the decoded character here, not a byte. */
		if (p->problem_value == 0)
			return yaml_reader_fail(r, pos,
						_("NUL byte in the file (%s are UTF-8 text): save it again as text"),
						_(r->kind));
		return yaml_reader_fail(r, pos,
					_("control characters (here U+%04X) are not allowed in %s: remove it"),
					(unsigned)p->problem_value, _(r->kind));
	}
	/* An encoded surrogate or a code point past U+10FFFF is "invalid
	 * Unicode character" to libyaml: bad UTF-8 all the same. */
	if (strstr(problem, "UTF-8") || strstr(problem, "octet") ||
	    strstr(problem, "Unicode"))
		return yaml_reader_fail(r, pos,
					_("invalid UTF-8: save the file with the encoding UTF-8 (in Notepad: Save As, Encoding: UTF-8)"));
	if (!strcmp(problem, "input error"))
		return yaml_reader_fail(r, (struct source_pos){ 0, 0 },
					_("cannot read the file"));
	return yaml_reader_fail(r, pos, _("the file cannot be read as text (libyaml: %s)"),
				problem);
}

/* ---- quotes and brackets left open ---------------------------------------- */

/* A quote never closed: libyaml notices at the end of the file (or at a
 * `---` line), but the line to fix is the one it opened on. */
static int fail_open_quote(struct yaml_reader *r)
{
	struct source_pos at = yaml_reader_mark_pos(r->parser.context_mark);
	char line[LINE_SIZE], quote[8];
	input_line(r, at.line, line);
	char_at(line, column_offset(line, at.column), quote);
	return fail_syntax(r, at,
			   _("the quote %s opened at line %u, column %u is never closed: add the closing %s at the end of the text"),
			   quote, at.line, at.column, quote);
}

static int fail_open_bracket(struct yaml_reader *r)
{
	const yaml_parser_t *p = &r->parser;
	struct source_pos at = yaml_reader_mark_pos(p->context_mark);
	struct source_pos noticed = yaml_reader_mark_pos(p->problem_mark);
	if (strstr(p->context, "mapping"))
		return fail_syntax(r, at,
				   _("the mapping opened here with '{' is not closed with '}', or a ',' is missing between its keys (noticed at line %u, column %u)"),
				   noticed.line, noticed.column);
	return fail_syntax(r, at,
			   _("the list opened here with '[' is not closed with ']', or a ',' is missing between its items (noticed at line %u, column %u)"),
			   noticed.line, noticed.column);
}

/* More text where a key was expected, right after a quoted text on the
 * same line: a quote closed too early ('it's'), or one left open on an
 * earlier line that only closes here. */
static int fail_after_quote(struct yaml_reader *r, struct source_pos at)
{
	bool dq = r->scalar_style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	const char *quote = dq ? "\"" : "'";
	struct source_pos open = r->scalar_start;
	if (open.line < r->scalar_end.line)
		return fail_syntax(r, open,
				   _("the quote %s opened at line %u, column %u is not closed on its line, so the text runs on to line %u: add the closing %s on line %u"),
				   quote, open.line, open.column, r->scalar_end.line,
				   quote, open.line);
	return fail_syntax(r, at,
			   _("more text after the closing quote: put the whole text in quotes, and write each %s inside it as %s"),
			   quote, dq ? "\\\"" : "''");
}

/* ---- indentation ---------------------------------------------------------- */

/* The column a block collection's lines line up at: its keys', or its
 * dashes'; 0 for one that lines nothing up. */
static unsigned level_column(const struct yaml_level *level)
{
	if (level->flow)
		return 0;
	if (level->mapping)
		return level->has_key ? level->key_pos.column : 0;
	return level->start.column;
}

static void describe_level(const struct yaml_level *level, char *out, size_t size)
{
	if (level->mapping) {
		char *key = text_sanitize(level->key, 0);
		snprintf(out, size, _("the key '%s' (line %u, column %u)"), key,
			 level->key_pos.line, level->key_pos.column);
		x_free(key);
	} else {
		snprintf(out, size, _("the '-' of the list at line %u, column %u"),
			 level->start.line, level->start.column);
	}
}

/* A line indented to a column no key or list above it has: names the
 * nearest ones left and right of it among the collections open and those
 * just closed, which are what the line can belong to. */
static int fail_misaligned(struct yaml_reader *r, struct source_pos at)
{
	const struct yaml_level *left = NULL, *right = NULL;
	for (unsigned i = 0; i < r->n_levels; i++) {
		const struct yaml_level *level = &r->levels[i];
		unsigned column = level_column(level);
		if (!column || column == at.column)
			continue;
		if (column < at.column && (!left || column >= level_column(left)))
			left = level;
		if (column > at.column && (!right || column <= level_column(right)))
			right = level;
	}
	char a[256], b[256];
	if (left && right) {
		describe_level(left, a, sizeof(a));
		describe_level(right, b, sizeof(b));
		return fail_syntax(r, at,
				   _("this line is indented to column %u, which lines up with nothing above it: indent it with spaces to line up with %s or with %s"),
				   at.column, a, b);
	}
	if (left || right) {
		describe_level(left ? left : right, a, sizeof(a));
		return fail_syntax(r, at,
				   _("this line is indented to column %u, which lines up with nothing above it: indent it with spaces to line up with %s"),
				   at.column, a);
	}
	return fail_syntax(r, at,
			   _("this line is not indented like the lines above it: indent it with spaces to line up with the key or list it belongs to"));
}

/* "did not find expected key" / "'-' indicator": something where the
 * next key or list item should be. */
static int fail_misplaced(struct yaml_reader *r, struct source_pos at,
			  const char *line)
{
	size_t offset = column_offset(line, at.column);
	bool line_start = offset == strspn(line, " ");
	if (!line_start && r->scalar_end.line == at.line &&
	    r->scalar_end.column <= at.column &&
	    (r->scalar_style == YAML_DOUBLE_QUOTED_SCALAR_STYLE ||
	     r->scalar_style == YAML_SINGLE_QUOTED_SCALAR_STYLE))
		return fail_after_quote(r, at);
	if (!line_start) {
		char c[8];
		char_at(line, offset, c);
		return fail_syntax(r, at,
				   _("unexpected '%s' after the value: remove it, or put the whole text in quotes"),
				   c);
	}
	if (line[offset] == '-' && is_blank_or_end(line[offset + 1]) &&
	    !strcmp(r->parser.problem, "did not find expected key"))
		return fail_syntax(r, at,
				   _("a list item ('- ') where a key was expected: put the list under its key, indented more than the key"));
	return fail_misaligned(r, at);
}

/* The innermost open block mapping with a key, or NULL. */
static const struct yaml_level *last_key(const struct yaml_reader *r)
{
	unsigned open = r->depth < r->n_levels ? r->depth : r->n_levels;
	for (unsigned i = open; i-- > 0;) {
		const struct yaml_level *level = &r->levels[i];
		if (level->mapping && !level->flow && level->has_key)
			return level;
	}
	return NULL;
}

/* "mapping values are not allowed in this context": a ': ' where YAML
 * cannot start a key. After the key of the line, it is in an unquoted
 * text. As the line's own first ': ', on a line indented more than the
 * key above it, the line has run on from that key's value. */
static int fail_colon(struct yaml_reader *r, struct source_pos at,
		      const char *line)
{
	size_t key_start;
	long colon = key_colon(line, &key_start);
	if (colon >= 0 && offset_column(line, (size_t)colon) < at.column) {
		char key[64];
		snprintf(key, sizeof(key), "%.*s", (int)((size_t)colon - key_start),
			 line + key_start);
		char *shown = text_sanitize(key, 0);
		int rc = fail_syntax(r, at,
				     _("the text after '%s:' contains ': ', which YAML reads as the start of a key: put the whole text in quotes, as in %s: \"…\""),
				     shown, shown);
		x_free(shown);
		return rc;
	}
	struct source_pos start = { at.line, offset_column(line, strspn(line, " ")) };
	const struct yaml_level *above = last_key(r);
	bool ran_on = r->scalar_start.line < at.line && r->scalar_end.line == at.line;
	if (!above || !ran_on || start.column <= above->key_pos.column)
		return fail_misaligned(r, start);
	char *key = text_sanitize(above->key, 0);
	int rc = fail_syntax(r, start,
			     _("this line is indented more than the key '%s' above it (line %u, column %u), so YAML reads it as part of the value of '%s': if it is a new key, indent it with spaces to line up with '%s'; if it goes on with a text, put the whole text in quotes"),
			     key, above->key_pos.line, above->key_pos.column, key, key);
	x_free(key);
	return rc;
}

/* ---- everything else ------------------------------------------------------ */

/* libyaml's other problems (all of them, as of libyaml 0.2.5), said
 * plainly; a problem starts with `problem`. */
static const struct {
	const char *problem;
	const char *meaning;
} meanings[] = {
	{ "block sequence entries are not allowed",
	  N_("a list item ('- ') cannot follow a key on its line: start the list on the next line, indented, or put the text in quotes") },
	{ "could not find expected ':'",
	  N_("a key without ':' after it on the same line: write 'key: value' on one line, or put a text that runs over several lines in quotes") },
	{ "did not find expected node content",
	  N_("a value is missing here") },
	{ "did not find expected <document start>",
	  N_("more text after the end of the document ('...'): remove it") },
	{ "found unexpected end of stream",
	  N_("the file ends in the middle of a value") },
	{ "found unexpected document indicator",
	  N_("a line '---' or '...' inside a value: indent it, or put the text in quotes") },
	{ "found unknown escape character",
	  N_("an unknown escape after '\\' in a text in double quotes: write '\\\\' for a backslash, or put the text in single quotes ('…')") },
	{ "found invalid Unicode character escape code",
	  N_("an unknown escape after '\\' in a text in double quotes: write '\\\\' for a backslash, or put the text in single quotes ('…')") },
	{ "did not find expected hexdecimal number",
	  N_("an unknown escape after '\\' in a text in double quotes: write '\\\\' for a backslash, or put the text in single quotes ('…')") },
	{ "found unexpected ':'",
	  N_("an unexpected ':' here: put the text in quotes") },
	{ "mapping keys are not allowed",
	  N_("a '?' here starts a complex key, which these files do not use: put the text in quotes") },
	{ "found an indentation indicator equal to 0",
	  N_("'|' or '>' with the indentation 0: remove the digit") },
	{ "did not find expected comment or line break",
	  N_("unexpected text after '|', '>' or a directive: put the text in quotes") },
	{ "did not find expected alphabetic or numeric character",
	  N_("'&' or '*' must be followed by a name: to write it in a text, put the text in quotes") },
	{ "Maximum nesting level",
	  N_("nested too deeply") },
};

/* The directives (`%YAML`) and tags (`!x`) plan files never use, which a
 * text that starts with '%' or '!' stumbles into. */
static const char *const directive_problems[] = {
	"could not find expected directive name",
	"found unknown directive name",
	"found unexpected non-alphabetical character",
	"did not find expected digit or '.' character",
	"did not find expected version number",
	"found extremely long version number",
	"found duplicate %YAML directive",
	"found duplicate %TAG directive",
	"found incompatible YAML document",
	"did not find expected whitespace",
	"did not find expected '!'",
	"did not find expected tag URI",
	"did not find the expected '>'",
	"did not find URI escaped octet",
	"found an incorrect leading UTF-8 octet",
	"found an incorrect trailing UTF-8 octet",
	"found undefined tag handle",
};

static int fail_other(struct yaml_reader *r, struct source_pos at,
		      const char *problem)
{
	for (size_t i = 0; i < KH_ARRAY_LEN(meanings); i++)
		if (!strncmp(problem, meanings[i].problem, strlen(meanings[i].problem)))
			return fail_syntax(r, at, "%s", _(meanings[i].meaning));
	for (size_t i = 0; i < KH_ARRAY_LEN(directive_problems); i++)
		if (!strncmp(problem, directive_problems[i], strlen(directive_problems[i])))
			return fail_syntax(r, at, "%s",
					   _("a directive or a tag (a value that starts with '!'), which these files do not use: put a text that starts with '!' or a percent sign in quotes"));
	/* A libyaml newer than this file: its words, but in a sentence that
	 * says where to look. */
	return fail_syntax(r, at,
			   _("libyaml says \"%s\"; look on this line for a missing quote, ':' or bracket"),
			   problem);
}

int yaml_syntax_fail(struct yaml_reader *r)
{
	const yaml_parser_t *p = &r->parser;
	if (p->error == YAML_READER_ERROR)
		return fail_reader(r);
	if (p->error == YAML_MEMORY_ERROR)
		return yaml_reader_fail(r, (struct source_pos){ 0, 0 },
					_("out of memory while reading the file"));
	const char *problem = p->problem ? p->problem : "";
	const char *context = p->context ? p->context : "";
	struct source_pos at = yaml_reader_mark_pos(p->problem_mark);
	char line[LINE_SIZE];
	if (!strcmp(context, "while scanning a quoted scalar") &&
	    (strstr(problem, "end of stream") || strstr(problem, "document indicator")))
		return fail_open_quote(r);
	if (!strncmp(context, "while parsing a flow", 20) &&
	    !strncmp(problem, "did not find expected ','", 25))
		return fail_open_bracket(r);
	input_line(r, at.line, line);
	unsigned tab = indent_tab(line);
	if (tab || strstr(problem, "tab character"))
		return fail_syntax(r, tab ? (struct source_pos){ at.line, tab } : at,
				   _("a tab is used for indentation here, and YAML does not allow tabs: indent with spaces"));
	if (!strcmp(problem, "mapping values are not allowed in this context"))
		return fail_colon(r, at, line);
	if (!strcmp(problem, "did not find expected key") ||
	    !strcmp(problem, "did not find expected '-' indicator"))
		return fail_misplaced(r, at, line);
	if (!strcmp(problem, "found character that cannot start any token")) {
		char c[8];
		char_at(line, column_offset(line, at.column), c);
		return fail_syntax(r, at,
				   _("'%s' cannot begin a value: put the whole text in quotes (\"…\")"),
				   c);
	}
	return fail_other(r, at, problem);
}
