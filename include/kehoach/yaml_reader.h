/* yaml_reader: the strict walk over libyaml's events that every YAML file
 * kehoach reads (plans, the configuration) shares.
 *
 * It refuses what those files never need — aliases, anchors, tags, NUL
 * characters, files too large — and turns every problem, libyaml's
 * included, into a struct kh_error naming file:line:column. What the
 * document means is the caller's business: it asks for the next event and
 * checks it against what it expects. */
#ifndef KEHOACH_YAML_READER_H
#define KEHOACH_YAML_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <yaml.h>

#include "kehoach/error.h"

/* A collection open at the current event, or one of those that have just
 * closed: what a hint about a badly indented line names. */
struct yaml_level {
	bool mapping;
	bool flow;
	bool want_key;           /* a mapping whose next node is a key */
	bool has_key;            /* a mapping with key_pos and key set */
	struct source_pos start; /* a block list: its first '-' */
	struct source_pos key_pos;   /* a mapping: its last key */
	char key[48];            /* that key, cut short ("" when not a text) */
};

/* Collections nested deeper than this are not remembered (plans nest six
 * deep), only counted. */
#define YAML_LEVELS_KEPT 16

/* Deeper nesting breaks the reader (see yaml_reader_next). */
#define YAML_DEPTH_MAX 64

struct yaml_pipe;

/* Shown every byte of a file as the reader reads it. */
typedef void (*yaml_bytes_fn)(void *ctx, const char *bytes, size_t len);

struct yaml_reader {
	yaml_parser_t parser;
	struct yaml_pipe *pipe; /* a large file's parser, on its own thread */
	yaml_event_t event;     /* the current event, when have_event */
	bool have_event;
	yaml_event_t ahead;     /* the next one, read ahead */
	bool have_ahead;
	const char *name;       /* the file name used in errors */
	const char *kind;       /* N_("plan files"): what may not hold an alias… */
	const char *data;       /* the input when reading a buffer, after any
				 * byte order mark */
	size_t len;             /* of data */
	FILE *fp;               /* the input when reading a file */
	char *fp_buffer;        /* its stdio buffer */
	long skip;              /* bytes of byte order mark before the input
				 * (which marks do not count) */
	size_t max_scalar;      /* longest value accepted, in bytes */
	size_t max_bytes;       /* the file's size limit */
	size_t bytes_read;      /* of the file, so far */
	yaml_bytes_fn on_bytes; /* shown them, when not NULL */
	void *bytes_ctx;
	bool grew_too_large;    /* it grew past max_bytes while read */
	bool broken;            /* libyaml failed: no event follows */
	unsigned depth;         /* collections open at the current event */
	unsigned n_levels;      /* levels[0, n_levels): the open ones (as far as
				 * kept), then the chain that has just closed */
	struct yaml_level levels[YAML_LEVELS_KEPT];
	/* The last scalar, where a quote left open shows: its style and
	 * where it starts and ends (line 0: none yet). */
	yaml_scalar_style_t scalar_style;
	struct source_pos scalar_start, scalar_end;
	size_t n_errors;        /* reported so far */
	struct kh_error *err;   /* the first error */
	struct kh_errors *errors;   /* every error, when yaml_reader_collect() */
};

/* Opens path for reading (a regular file of at most max_bytes; a UTF-8
 * byte order mark is skipped). kind names such files in errors, untranslated
 * (N_("plan files")); name and kind must outlive the reader. Returns 0, or
 * -1 with err; either way the reader is closed with yaml_reader_close().
 * err holds the first error the reader reports, until it is closed. */
int yaml_reader_open_file(struct yaml_reader *r, const char *path,
			  const char *kind, size_t max_bytes, size_t max_scalar,
			  struct kh_error *err);

/* The same, showing on_bytes (when not NULL) every byte read from the
 * file, the byte order mark too, in order, on the thread that parses: a
 * caller can hash the content it was given rather than read the file
 * twice. Once the stream has ended (not after an error) it has seen the
 * whole file. */
int yaml_reader_open_file_seen(struct yaml_reader *r, const char *path,
			       const char *kind, size_t max_bytes, size_t max_scalar,
			       yaml_bytes_fn on_bytes, void *ctx, struct kh_error *err);

/* The same for len bytes at data, which must outlive the reader. */
int yaml_reader_open_buffer(struct yaml_reader *r, const char *name,
			    const char *data, size_t len, const char *kind,
			    size_t max_bytes, size_t max_scalar,
			    struct kh_error *err);

void yaml_reader_close(struct yaml_reader *r);

/* Makes the reader add every error it reports to errors too (which must
 * outlive it), for a caller that goes on after the first. */
void yaml_reader_collect(struct yaml_reader *r, struct kh_errors *errors);

/* Reports an error at pos (the first one also fills the reader's err) and
 * returns -1. The message is the caller's, translated. */
int yaml_reader_fail(struct yaml_reader *r, struct source_pos pos,
		     const char *fmt, ...) KH_PRINTF(3, 4);

/* Where the current event starts. */
struct source_pos yaml_reader_pos(const struct yaml_reader *r);

/* Moves to the next event; an alias, anchor or tag is an error. On an
 * error the reader is broken when libyaml could not go on (a syntax
 * error, here or right after the event: every later call fails at once),
 * or else the refused event is the current one, as yaml_reader_skip_to()
 * needs. A syntax error gets a message that says how to fix it, never
 * libyaml's own. */
int yaml_reader_next(struct yaml_reader *r);

/* Reads on until depth collections are open, so that a caller that
 * refused a value (a node that may have started a collection) goes on
 * with what follows it. Returns 0, or -1 when the reader is (or becomes)
 * broken. */
int yaml_reader_skip_to(struct yaml_reader *r, unsigned depth);

/* Moves to the next event and checks its type; what names the expected
 * thing in the error, translated (_("a list of unit ids")). */
int yaml_reader_expect(struct yaml_reader *r, yaml_event_type_t type,
		       const char *what);

/* Reports "expected WHAT, found …" for the current event (nothing more
 * for an alias, which moving to it reported) and returns -1. */
int yaml_reader_mismatch(struct yaml_reader *r, const char *what);

/* "a value", "an empty value", "a list", "a mapping" …: the current event
 * as the person who wrote the file would call it, translated. */
const char *yaml_reader_event_kind(const struct yaml_reader *r);

/* Whether the current event is a plain scalar YAML reads as null (`key:`,
 * `~`, `null`). */
bool yaml_reader_is_null(const struct yaml_reader *r);

/* Checks that the current event is a non-empty scalar without NUL and
 * within the size limit; sets *value to libyaml's copy (valid until the
 * next event) and *len to its length. what is translated, as for
 * yaml_reader_expect(). An alias fails without a second error: moving to
 * it was one. */
int yaml_reader_scalar(struct yaml_reader *r, const char *what,
		       const char **value, size_t *len);

/* Reads the start of the one document a file holds, up to and including
 * its first event, which must be a mapping. In errors, content names what
 * an empty file lacks (_("a plan")) and mapping the mapping expected, both
 * translated. Returns
 * 0, or 1 for a file with no document (only comments, or nothing) when
 * content is NULL, or -1 with the error. */
int yaml_reader_begin_document(struct yaml_reader *r, const char *content,
			       const char *mapping);

/* Reads the end of that document and of the stream: a second document
 * is an error whose message ends with why, translated (_("a plan file
 * holds one plan")). */
int yaml_reader_end_document(struct yaml_reader *r, const char *why);

#endif
