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
#include "yaml_pipe.h"
#include "yaml_syntax.h"

struct source_pos yaml_reader_mark_pos(yaml_mark_t mark)
{
	return (struct source_pos){ (unsigned)mark.line + 1,
				    (unsigned)mark.column + 1 };
}

struct source_pos yaml_reader_pos(const struct yaml_reader *r)
{
	return yaml_reader_mark_pos(r->event.start_mark);
}

void yaml_reader_collect(struct yaml_reader *r, struct kh_errors *errors)
{
	r->errors = errors;
}

int yaml_reader_fail(struct yaml_reader *r, struct source_pos pos,
		     const char *fmt, ...)
{
	struct kh_error e;
	char message[sizeof(e.message)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	kh_error_set(&e, r->name, pos.line, pos.column, "%s", message);
	if (r->n_errors++ == 0 && r->err)
		*r->err = e;
	if (r->errors)
		kh_errors_add(r->errors, &e);
	return -1;
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
		return yaml_reader_is_null(r) || !r->event.data.scalar.length
			       ? _("an empty value") : _("a value");
	case YAML_SEQUENCE_START_EVENT:
		return _("a list");
	case YAML_MAPPING_START_EVENT:
		return _("a mapping");
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return _("the end of a block");
	case YAML_DOCUMENT_START_EVENT:
		return _("a second document");
	case YAML_ALIAS_EVENT:
		return _("an alias");
	default:
		return _("the end of the file");
	}
}

/* The key of a mapping, cut short on a character boundary, for hints. */
static void copy_key(struct yaml_level *level, const yaml_event_t *e)
{
	size_t size = sizeof(level->key);
	size_t len = e->type == YAML_SCALAR_EVENT ? e->data.scalar.length : 0;
	const char *key = len ? (const char *)e->data.scalar.value : "";
	if (len >= size) {
		len = size - sizeof("…");
		while (len > 0 && ((unsigned char)key[len] & 0xC0) == 0x80)
			len--;
		snprintf(level->key, size, "%.*s…", (int)len, key);
	} else {
		/* Every key of a plan comes here: no snprintf for the usual. */
		memcpy(level->key, key, len);
		level->key[len] = '\0';
	}
}

/* A node (the current event) in the collection that holds it: in a
 * mapping, keys and values take turns. */
static void note_node(struct yaml_reader *r)
{
	if (r->depth > YAML_LEVELS_KEPT)
		return;
	/* What closed before this node is no longer just closed. */
	r->n_levels = r->depth;
	if (r->depth == 0)
		return;
	struct yaml_level *parent = &r->levels[r->depth - 1];
	if (!parent->mapping)
		return;
	if (parent->want_key) {
		copy_key(parent, &r->event);
		parent->key_pos = yaml_reader_pos(r);
		parent->has_key = true;
	}
	parent->want_key = !parent->want_key;
}

static void open_level(struct yaml_reader *r, bool mapping, bool flow)
{
	if (r->depth < YAML_LEVELS_KEPT) {
		r->levels[r->depth] = (struct yaml_level){
			.mapping = mapping, .flow = flow, .want_key = mapping,
			.start = yaml_reader_pos(r),
		};
		r->n_levels = r->depth + 1;
	}
	r->depth++;
}

/* Keeps track of where the current event stands: how deep, in which
 * collections, after which keys and quotes. */
static void track(struct yaml_reader *r)
{
	const yaml_event_t *e = &r->event;
	switch (e->type) {
	case YAML_SCALAR_EVENT:
		r->scalar_style = e->data.scalar.style;
		r->scalar_start = yaml_reader_pos(r);
		r->scalar_end = yaml_reader_mark_pos(e->end_mark);
		note_node(r);
		break;
	case YAML_ALIAS_EVENT:
		note_node(r);
		break;
	case YAML_SEQUENCE_START_EVENT:
		note_node(r);
		open_level(r, false,
			   e->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE);
		break;
	case YAML_MAPPING_START_EVENT:
		note_node(r);
		open_level(r, true,
			   e->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (r->depth)
			r->depth--;
		break;
	default:
		break;
	}
}

/* Aliases, anchors and tags are refused: they would let one node stand
 * for many, or change a value's type behind the reader's back. */
static int refuse_extras(struct yaml_reader *r)
{
	const yaml_event_t *e = &r->event;
	const yaml_char_t *anchor = NULL, *tag = NULL;
	switch (e->type) {
	case YAML_ALIAS_EVENT:
		return yaml_reader_fail(r, yaml_reader_pos(r),
					_("aliases (*%s) are not allowed in %s; write the value out"),
					(const char *)e->data.alias.anchor, _(r->kind));
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
					_("anchors (&%s) are not allowed in %s; write the value out where it is used"),
					anchor, _(r->kind));
	if (tag)
		return yaml_reader_fail(r, yaml_reader_pos(r),
					_("tags (%s) are not allowed in %s; remove it, and put a text in quotes"),
					tag, _(r->kind));
	return 0;
}

/* libyaml failed: it can go no further. */
static int fail_parser(struct yaml_reader *r)
{
	r->broken = true;
	if (r->grew_too_large) {
		struct kh_error e;
		file_too_large(&e, r->name, -1, r->max_bytes);
		return yaml_reader_fail(r, (struct source_pos){ e.line, e.column }, "%s",
					e.message);
	}
	return yaml_syntax_fail(r);
}

/* Done with an event: a pipe's events are the pipe's to delete. */
static void drop_event(struct yaml_reader *r, yaml_event_t *event)
{
	if (!r->pipe)
		yaml_event_delete(event);
}

/* The parser's next event: from its thread for a large file. */
static int parse(struct yaml_reader *r, yaml_event_t *event)
{
	return r->pipe ? yaml_pipe_next(r->pipe, event)
		       : yaml_parser_parse(&r->parser, event);
}

/* Reads the next event ahead, so that a syntax error right after the
 * current event is known before anything is said about that event. */
static int peek(struct yaml_reader *r)
{
	if (r->have_ahead || r->event.type == YAML_STREAM_END_EVENT)
		return 0;
	if (!parse(r, &r->ahead))
		return fail_parser(r);
	r->have_ahead = true;
	return 0;
}

int yaml_reader_next(struct yaml_reader *r)
{
	if (r->broken)
		return -1;
	if (r->have_event) {
		drop_event(r, &r->event);
		r->have_event = false;
	}
	if (r->have_ahead) {
		r->event = r->ahead;
		r->have_ahead = false;
	} else if (!parse(r, &r->event)) {
		return fail_parser(r);
	}
	r->have_event = true;
	track(r);
	/* libyaml slows down with the square of the depth; no file kehoach
	 * reads nests deeper than a few levels, and the callers refuse such
	 * a value at once, so this only stops a reader skipping past one. */
	if (r->depth > YAML_DEPTH_MAX) {
		r->broken = true;
		return yaml_reader_fail(r, yaml_reader_pos(r),
					_("nested more than %d levels deep, which no %s need; the rest of the file is not read"),
					YAML_DEPTH_MAX, _(r->kind));
	}
	/* The event may be a text that ran on into the line at fault (a key
	 * indented under it): the syntax error is the one to report. */
	if (peek(r) < 0)
		return -1;
	return refuse_extras(r);
}

int yaml_reader_skip_to(struct yaml_reader *r, unsigned depth)
{
	while (!r->broken && r->depth > depth)
		yaml_reader_next(r);
	return r->broken ? -1 : 0;
}

int yaml_reader_expect(struct yaml_reader *r, yaml_event_type_t type,
		       const char *what)
{
	if (yaml_reader_next(r) < 0)
		return -1;
	if (r->event.type != type)
		return yaml_reader_mismatch(r, what);
	return 0;
}

int yaml_reader_mismatch(struct yaml_reader *r, const char *what)
{
	/* Moving to an alias said what is wrong with it. */
	if (r->event.type == YAML_ALIAS_EVENT)
		return -1;
	return yaml_reader_fail(r, yaml_reader_pos(r), _("expected %s, found %s"),
				what, yaml_reader_event_kind(r));
}

int yaml_reader_scalar(struct yaml_reader *r, const char *what,
		       const char **value, size_t *len)
{
	const yaml_event_t *e = &r->event;
	struct source_pos pos = yaml_reader_pos(r);
	if (e->type != YAML_SCALAR_EVENT || yaml_reader_is_null(r) ||
	    e->data.scalar.length == 0)
		return yaml_reader_mismatch(r, what);
	if (e->data.scalar.length > r->max_scalar)
		return yaml_reader_fail(r, pos, _("value too long (%zu bytes; at most %zu): shorten it"),
					e->data.scalar.length, r->max_scalar);
	*value = (const char *)e->data.scalar.value;
	*len = e->data.scalar.length;
	/* libyaml lets an escaped "\0" through in double-quoted scalars. */
	if (strlen(*value) != *len)
		return yaml_reader_fail(r, pos, _("NUL character (\\0) in %s: remove it"), what);
	return 0;
}

int yaml_reader_begin_document(struct yaml_reader *r, const char *content,
			       const char *mapping)
{
	if (yaml_reader_expect(r, YAML_STREAM_START_EVENT, _("the start of the file")) < 0 ||
	    yaml_reader_next(r) < 0)
		return -1;
	if (r->event.type == YAML_STREAM_END_EVENT)
		return content ? yaml_reader_fail(r, yaml_reader_pos(r),
						  _("the file is empty; expected %s"), content)
			       : 1;
	if (r->event.type != YAML_DOCUMENT_START_EVENT)
		return yaml_reader_mismatch(r, _("a document"));
	return yaml_reader_expect(r, YAML_MAPPING_START_EVENT, mapping);
}

int yaml_reader_end_document(struct yaml_reader *r, const char *why)
{
	if (yaml_reader_expect(r, YAML_DOCUMENT_END_EVENT, _("the end of the document")) < 0 ||
	    yaml_reader_next(r) < 0)
		return -1;
	if (r->event.type != YAML_STREAM_END_EVENT)
		return yaml_reader_fail(r, yaml_reader_pos(r),
					_("more than one document in the file; %s"), why);
	return 0;
}

/* With the encoding set (so that UTF-16 is refused), libyaml does not drop
 * a byte order mark: it counts it as a column, so a first key written right
 * after it is indented deeper than the keys below and ends the mapping.
 * Windows Notepad writes one, so the reader drops it first. */
#define UTF8_BOM "\xEF\xBB\xBF"

/* Files from this size on are parsed on a thread of their own. */
#define YAML_PIPE_MIN_BYTES (1024 * 1024)

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

/* How much of a plan file stdio reads at once. */
#define YAML_READ_BLOCK (1 << 20)

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
	if (r->on_bytes && n)
		r->on_bytes(r->bytes_ctx, (const char *)buffer, n);
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
	return yaml_reader_open_file_seen(r, path, kind, max_bytes, max_scalar, NULL,
					  NULL, err);
}

int yaml_reader_open_file_seen(struct yaml_reader *r, const char *path,
			       const char *kind, size_t max_bytes, size_t max_scalar,
			       yaml_bytes_fn on_bytes, void *ctx, struct kh_error *err)
{
	start(r, path, kind, max_scalar, err);
	r->on_bytes = on_bytes;
	r->bytes_ctx = ctx;
	long long size;
	int fd = file_open_input(path, max_bytes, &size, err);
	if (fd < 0)
		return -1;
	if (!(r->fp = fdopen(fd, "rb"))) {
		kh_error_set(err, path, 0, 0, _("cannot read: %s"), strerror(errno));
		close(fd);
		return -1;
	}
	/* libyaml asks for 16 KiB at a time: read ahead in larger blocks,
	 * one system call a mebibyte instead of sixty-four (3,700 for the
	 * bench's 30 MB plan, on the parser's thread). A small file gets a
	 * buffer of its size. glibc would size its own by the disk's block. */
	size_t block = size < YAML_READ_BLOCK ? (size_t)size + 1 : YAML_READ_BLOCK;
	r->fp_buffer = x_malloc(block);
	setvbuf(r->fp, r->fp_buffer, _IOFBF, block);
	char head[3];
	r->skip = fread(head, 1, 3, r->fp) == 3 && !memcmp(head, UTF8_BOM, 3) ? 3 : 0;
	if (r->on_bytes && r->skip)
		r->on_bytes(r->bytes_ctx, head, (size_t)r->skip);
	if (fseek(r->fp, r->skip, SEEK_SET) != 0) {
		kh_error_set(err, path, 0, 0, _("cannot read: %s"), strerror(errno));
		return -1;
	}
	r->max_bytes = max_bytes;
	r->bytes_read = (size_t)r->skip;
	yaml_parser_set_input(&r->parser, read_limited, r);
	/* A thread is worth its start only for a file of some size. */
	if (size >= YAML_PIPE_MIN_BYTES)
		r->pipe = yaml_pipe_start(&r->parser);
	return 0;
}

int yaml_reader_open_buffer(struct yaml_reader *r, const char *name,
			    const char *data, size_t len, const char *kind,
			    size_t max_bytes, size_t max_scalar,
			    struct kh_error *err)
{
	start(r, name, kind, max_scalar, err);
	if (len > max_bytes) {
		kh_error_set(err, name, 0, 0, _("too large (%zu bytes; at most %zu)"),
			     len, max_bytes);
		return -1;
	}
	if (len >= 3 && !memcmp(data, UTF8_BOM, 3)) {
		data += 3;
		len -= 3;
		r->skip = 3;
	}
	r->data = data;
	r->len = len;
	yaml_parser_set_input_string(&r->parser, (const unsigned char *)data, len);
	return 0;
}

void yaml_reader_close(struct yaml_reader *r)
{
	if (r->have_event)
		drop_event(r, &r->event);
	if (r->have_ahead)
		drop_event(r, &r->ahead);
	r->have_event = r->have_ahead = false;
	yaml_pipe_stop(r->pipe);
	r->pipe = NULL;
	yaml_parser_delete(&r->parser);
	if (r->fp)
		fclose(r->fp);
	r->fp = NULL;
	x_free(r->fp_buffer);
	r->fp_buffer = NULL;
}
