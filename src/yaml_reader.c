/* yaml_reader: libyaml's events, strictly, with every error placed at a
 * file, line and column. */
#include "kehoach/yaml_reader.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kehoach/file_io.h"
#include "kehoach/i18n.h"

static struct source_pos mark_pos(yaml_mark_t mark)
{
	return (struct source_pos){ (unsigned)mark.line + 1,
				    (unsigned)mark.column + 1 };
}

struct source_pos yaml_reader_pos(const struct yaml_reader *r)
{
	return mark_pos(r->event.start_mark);
}

int yaml_reader_fail(struct yaml_reader *r, struct source_pos pos,
		     const char *fmt, ...)
{
	char message[sizeof(r->err->message)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	kh_error_set(r->err, r->name, pos.line, pos.column, "%s", message);
	return -1;
}

/* libyaml reports reader errors (bad UTF-8, control characters) as a byte
 * offset only; turn it into a line and column by reading up to it. */
static struct source_pos offset_pos(const struct yaml_reader *r, size_t offset)
{
	struct source_pos pos = { 1, 1 };
	FILE *fp = NULL;
	if (!r->data) {
		/* The file again, by name: it may be something else now. */
		long long size;
		struct kh_error ignored;
		int fd = file_open_input(r->name, r->max_bytes, &size, &ignored);
		if (fd < 0 || !(fp = fdopen(fd, "rb"))) {
			if (fd >= 0)
				close(fd);
			return pos;
		}
	}
	if (fp && fseek(fp, r->skip, SEEK_SET) != 0) {
		fclose(fp);
		return pos;
	}
	for (size_t i = 0; i < offset; i++) {
		int c = fp ? getc(fp) : (unsigned char)r->data[i];
		if (c == EOF)
			break;
		if (c == '\n') {
			pos.line++;
			pos.column = 1;
		} else if ((c & 0xC0) != 0x80) {
			pos.column++;  /* columns count characters, not bytes */
		}
	}
	if (fp)
		fclose(fp);
	return pos;
}

static int fail_parser(struct yaml_reader *r)
{
	yaml_parser_t *p = &r->parser;
	const char *problem = p->problem ? p->problem : "unknown problem";
	if (r->grew_too_large) {
		file_too_large(r->err, r->name, -1, r->max_bytes);
		return -1;
	}
	if (p->error == YAML_READER_ERROR) {
		struct source_pos pos = offset_pos(r, p->problem_offset);
		if (p->problem_value == 0 && strstr(problem, "control"))
			return yaml_reader_fail(r, pos, "NUL byte in the file (%s are UTF-8 text)",
						r->kind);
		/* An encoded surrogate or a code point past U+10FFFF is
		 * "invalid Unicode character" to libyaml: bad UTF-8 all the same. */
		if (strstr(problem, "UTF-8") || strstr(problem, "octet") ||
		    strstr(problem, "Unicode"))
			return yaml_reader_fail(r, pos,
						"invalid UTF-8 (%s); save the file as UTF-8",
						problem);
		/* problem_value is the decoded character here, not a byte. */
		return yaml_reader_fail(r, pos, "unreadable text: %s (U+%04X)", problem,
					(unsigned)p->problem_value);
	}
	if (p->error == YAML_MEMORY_ERROR)
		return yaml_reader_fail(r, (struct source_pos){ 0, 0 },
					"out of memory while parsing");
	struct source_pos pos = mark_pos(p->problem_mark);
	/* An unclosed quote or bracket is only noticed at the end of the input
	 * or at some later token that does not fit; the line to fix is where
	 * it was opened, which libyaml gives as the context. */
	if (p->context && (strstr(problem, "end of stream") ||
			   strncmp(p->context, "while parsing a flow", 20) == 0))
		return yaml_reader_fail(r, mark_pos(p->context_mark),
					"YAML syntax error: %s %s that starts here (noticed at line %zu)",
					problem, p->context, p->problem_mark.line + 1);
	if (p->context)
		return yaml_reader_fail(r, pos, "YAML syntax error: %s %s (line %zu)",
					problem, p->context, p->context_mark.line + 1);
	return yaml_reader_fail(r, pos, "YAML syntax error: %s", problem);
}

bool yaml_reader_is_null(const struct yaml_reader *r)
{
	const yaml_event_t *e = &r->event;
	if (e->type != YAML_SCALAR_EVENT ||
	    e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	const char *v = (const char *)e->data.scalar.value;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") ||
	       !strcmp(v, "Null") || !strcmp(v, "NULL");
}

const char *yaml_reader_event_kind(const struct yaml_reader *r)
{
	switch (r->event.type) {
	case YAML_SCALAR_EVENT:
		/* `duties:` left empty is not "a value" to the person who wrote it. */
		return yaml_reader_is_null(r) ? "an empty value" : "a value";
	case YAML_SEQUENCE_START_EVENT:
		return "a list";
	case YAML_MAPPING_START_EVENT:
		return "a mapping";
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return "the end of a block";
	case YAML_DOCUMENT_START_EVENT:
		return "a second document";
	case YAML_ALIAS_EVENT:
		return "an alias";
	default:
		return "the end of the file";
	}
}

/* Aliases, anchors and tags are refused: they would let one node stand
 * for many, or change a value's type behind the reader's back. */
int yaml_reader_next(struct yaml_reader *r)
{
	if (r->have_event) {
		yaml_event_delete(&r->event);
		r->have_event = false;
	}
	if (!yaml_parser_parse(&r->parser, &r->event))
		return fail_parser(r);
	r->have_event = true;

	const yaml_event_t *e = &r->event;
	const yaml_char_t *anchor = NULL, *tag = NULL;
	switch (e->type) {
	case YAML_ALIAS_EVENT:
		return yaml_reader_fail(r, yaml_reader_pos(r),
					"aliases (*%s) are not allowed in %s; write the value out",
					(const char *)e->data.alias.anchor, r->kind);
	case YAML_SCALAR_EVENT:
		anchor = e->data.scalar.anchor;
		tag = e->data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = e->data.sequence_start.anchor;
		tag = e->data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = e->data.mapping_start.anchor;
		tag = e->data.mapping_start.tag;
		break;
	default:
		break;
	}
	if (anchor)
		return yaml_reader_fail(r, yaml_reader_pos(r),
					"anchors (&%s) are not allowed in %s", anchor, r->kind);
	if (tag)
		return yaml_reader_fail(r, yaml_reader_pos(r),
					"tags (%s) are not allowed in %s", tag, r->kind);
	return 0;
}

int yaml_reader_expect(struct yaml_reader *r, yaml_event_type_t type,
		       const char *what)
{
	if (yaml_reader_next(r) < 0)
		return -1;
	if (r->event.type != type)
		return yaml_reader_fail(r, yaml_reader_pos(r), "expected %s, found %s",
					what, yaml_reader_event_kind(r));
	return 0;
}

int yaml_reader_scalar(struct yaml_reader *r, const char *what,
		       const char **value, size_t *len)
{
	const yaml_event_t *e = &r->event;
	struct source_pos pos = yaml_reader_pos(r);
	if (e->type != YAML_SCALAR_EVENT)
		return yaml_reader_fail(r, pos, "expected %s, found %s", what,
					yaml_reader_event_kind(r));
	if (yaml_reader_is_null(r) || e->data.scalar.length == 0)
		return yaml_reader_fail(r, pos, "expected %s, found an empty value", what);
	if (e->data.scalar.length > r->max_scalar)
		return yaml_reader_fail(r, pos, "value too long (%zu bytes; at most %zu)",
					e->data.scalar.length, r->max_scalar);
	*value = (const char *)e->data.scalar.value;
	*len = e->data.scalar.length;
	/* libyaml lets an escaped "\0" through in double-quoted scalars. */
	if (strlen(*value) != *len)
		return yaml_reader_fail(r, pos, "NUL character in %s", what);
	return 0;
}

int yaml_reader_begin_document(struct yaml_reader *r, const char *content,
			       const char *mapping)
{
	if (yaml_reader_expect(r, YAML_STREAM_START_EVENT, "the start of the file") < 0 ||
	    yaml_reader_next(r) < 0)
		return -1;
	if (r->event.type == YAML_STREAM_END_EVENT)
		return content ? yaml_reader_fail(r, yaml_reader_pos(r),
						  "the file is empty; expected %s", content)
			       : 1;
	if (r->event.type != YAML_DOCUMENT_START_EVENT)
		return yaml_reader_fail(r, yaml_reader_pos(r), "expected a document");
	return yaml_reader_expect(r, YAML_MAPPING_START_EVENT, mapping);
}

int yaml_reader_end_document(struct yaml_reader *r, const char *why)
{
	if (yaml_reader_expect(r, YAML_DOCUMENT_END_EVENT, "the end of the document") < 0 ||
	    yaml_reader_next(r) < 0)
		return -1;
	if (r->event.type != YAML_STREAM_END_EVENT)
		return yaml_reader_fail(r, yaml_reader_pos(r),
					"more than one document in the file; %s", why);
	return 0;
}

/* With the encoding set (so that UTF-16 is refused), libyaml does not drop
 * a byte order mark: it counts it as a column, so a first key written right
 * after it is indented deeper than the keys below and ends the mapping.
 * Windows Notepad writes one, so the reader drops it first. */
#define UTF8_BOM "\xEF\xBB\xBF"

static void start(struct yaml_reader *r, const char *name, const char *kind,
		  size_t max_scalar, struct kh_error *err)
{
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->kind = kind;
	r->max_scalar = max_scalar;
	r->err = err;
	kh_error_clear(err);
	yaml_parser_initialize(&r->parser);
	yaml_parser_set_encoding(&r->parser, YAML_UTF8_ENCODING);
}

/* libyaml's read handler: reads from the file, but no further than the
 * limit, so that a file that grows while it is read cannot slip past the
 * size checked when it was opened. */
static int read_limited(void *data, unsigned char *buffer, size_t size,
			size_t *size_read)
{
	struct yaml_reader *r = data;
	size_t left = r->max_bytes + 1 - r->bytes_read;
	size_t n = fread(buffer, 1, size < left ? size : left, r->fp);
	r->bytes_read += n;
	*size_read = n;
	if (r->bytes_read > r->max_bytes) {
		r->grew_too_large = true;
		return 0;
	}
	return !ferror(r->fp);
}

int yaml_reader_open_file(struct yaml_reader *r, const char *path,
			  const char *kind, size_t max_bytes, size_t max_scalar,
			  struct kh_error *err)
{
	start(r, path, kind, max_scalar, err);
	long long size;
	int fd = file_open_input(path, max_bytes, &size, err);
	if (fd < 0)
		return -1;
	if (!(r->fp = fdopen(fd, "rb"))) {
		kh_error_set(err, path, 0, 0, _("cannot read: %s"), strerror(errno));
		close(fd);
		return -1;
	}
	char head[3];
	r->skip = fread(head, 1, 3, r->fp) == 3 && !memcmp(head, UTF8_BOM, 3) ? 3 : 0;
	if (fseek(r->fp, r->skip, SEEK_SET) != 0) {
		kh_error_set(err, path, 0, 0, _("cannot read: %s"), strerror(errno));
		return -1;
	}
	r->max_bytes = max_bytes;
	r->bytes_read = (size_t)r->skip;
	yaml_parser_set_input(&r->parser, read_limited, r);
	return 0;
}

int yaml_reader_open_buffer(struct yaml_reader *r, const char *name,
			    const char *data, size_t len, const char *kind,
			    size_t max_bytes, size_t max_scalar,
			    struct kh_error *err)
{
	start(r, name, kind, max_scalar, err);
	if (len > max_bytes) {
		kh_error_set(err, name, 0, 0, "too large (%zu bytes; at most %zu)",
			     len, max_bytes);
		return -1;
	}
	if (len >= 3 && !memcmp(data, UTF8_BOM, 3)) {
		data += 3;
		len -= 3;
		r->skip = 3;
	}
	r->data = data;
	yaml_parser_set_input_string(&r->parser, (const unsigned char *)data, len);
	return 0;
}

void yaml_reader_close(struct yaml_reader *r)
{
	if (r->have_event)
		yaml_event_delete(&r->event);
	r->have_event = false;
	yaml_parser_delete(&r->parser);
	if (r->fp)
		fclose(r->fp);
	r->fp = NULL;
}
