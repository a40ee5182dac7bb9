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

struct yaml_reader {
	yaml_parser_t parser;
	yaml_event_t event;     /* the current event, when have_event */
	bool have_event;
	const char *name;       /* the file name used in errors */
	const char *kind;       /* "plan files": what may not hold an alias… */
	const char *data;       /* the input when reading a buffer, after any
				 * byte order mark */
	FILE *fp;               /* the input when reading a file */
	long skip;              /* bytes of byte order mark before the input
				 * (which marks do not count) */
	size_t max_scalar;      /* longest value accepted, in bytes */
	size_t max_bytes;       /* the file's size limit */
	size_t bytes_read;      /* of the file, so far */
	bool grew_too_large;    /* it grew past max_bytes while read */
	struct kh_error *err;
};

/* Opens path for reading (a regular file of at most max_bytes; a UTF-8
 * byte order mark is skipped). kind names such files in errors ("plan
 * files"); name and kind must outlive the reader. Returns 0, or -1 with
 * err; either way the reader is closed with yaml_reader_close(). */
int yaml_reader_open_file(struct yaml_reader *r, const char *path,
			  const char *kind, size_t max_bytes, size_t max_scalar,
			  struct kh_error *err);

/* The same for len bytes at data, which must outlive the reader. */
int yaml_reader_open_buffer(struct yaml_reader *r, const char *name,
			    const char *data, size_t len, const char *kind,
			    size_t max_bytes, size_t max_scalar,
			    struct kh_error *err);

void yaml_reader_close(struct yaml_reader *r);

/* Fills the reader's error at pos and returns -1. */
int yaml_reader_fail(struct yaml_reader *r, struct source_pos pos,
		     const char *fmt, ...) KH_PRINTF(3, 4);

/* Where the current event starts. */
struct source_pos yaml_reader_pos(const struct yaml_reader *r);

/* Moves to the next event; an alias, anchor or tag is an error. */
int yaml_reader_next(struct yaml_reader *r);

/* Moves to the next event and checks its type; what names the expected
 * thing in the error ("a list of unit ids"). */
int yaml_reader_expect(struct yaml_reader *r, yaml_event_type_t type,
		       const char *what);

/* "a value", "an empty value", "a list", "a mapping" …: the current event
 * as the person who wrote the file would call it. */
const char *yaml_reader_event_kind(const struct yaml_reader *r);

/* Whether the current event is a plain scalar YAML reads as null (`key:`,
 * `~`, `null`). */
bool yaml_reader_is_null(const struct yaml_reader *r);

/* Checks that the current event is a non-empty scalar without NUL and
 * within the size limit; sets *value to libyaml's copy (valid until the
 * next event) and *len to its length. */
int yaml_reader_scalar(struct yaml_reader *r, const char *what,
		       const char **value, size_t *len);

/* Reads the start of the one document a file holds, up to and including
 * its first event, which must be a mapping. In errors, content names what
 * an empty file lacks ("a plan") and mapping the mapping expected. Returns
 * 0, or 1 for a file with no document (only comments, or nothing) when
 * content is NULL, or -1 with the error. */
int yaml_reader_begin_document(struct yaml_reader *r, const char *content,
			       const char *mapping);

/* Reads the end of that document and of the stream: a second document
 * is an error whose message ends with why ("a plan file holds one plan"). */
int yaml_reader_end_document(struct yaml_reader *r, const char *why);

#endif
