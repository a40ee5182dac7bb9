/* plan_yaml: reads one plan file (docs/plan-format.md) with libyaml's
 * event API into a validated struct plan.
 *
 * Strict by design: plan files are written by hand, so every unknown key,
 * wrong type, duplicate, alias, tag, extra document or impossible date is an
 * error naming file:line:column and what was expected. */
#ifndef KEHOACH_PLAN_YAML_H
#define KEHOACH_PLAN_YAML_H

#include "kehoach/error.h"
#include "kehoach/plan.h"
#include "kehoach/yaml_reader.h"

/* Plan files larger than this are refused before parsing. */
#define PLAN_FILE_MAX_BYTES (256u * 1024 * 1024)
/* Any one text value longer than this is refused. */
#define PLAN_SCALAR_MAX_BYTES (1u * 1024 * 1024)

/* Loads and validates the plan in path. On success returns 0 and sets *out
 * to a plan the caller frees with plan_free(); on failure returns -1, sets
 * *out to NULL and fills err (file, line, column, message) with the first
 * error found. */
int plan_load_file(const char *path, struct plan **out, struct kh_error *err);

/* The same for a plan held in memory; name is used in errors. */
int plan_load_buffer(const char *name, const char *data, size_t len,
		     struct plan **out, struct kh_error *err);

/* What plan_load_file_streamed() hands over while it reads, on the thread
 * that reads. */
struct plan_stream {
	/* The plan's own fields (defaults for tet applied; no units), once
	 * they are final: when `plan:` comes before `units:` and holds no
	 * date relative to Tết. Not called otherwise. */
	void (*header)(void *ctx, const struct plan *header);
	/* Each unit as soon as it is read, in file order, while no error has
	 * been found (a copy; its own strings and arrays stay the plan's).
	 * Its duties are in bulk, which the receiver now owns and frees
	 * with arena_free() and x_free(). When dates_final, the plan lets
	 * them go (its unit has none); otherwise a duty has a date relative
	 * to Tết, known only at the end: the plan's unit keeps them, and
	 * they hold their real dates once the load is done, so bulk must
	 * live until then. Only after header. */
	void (*unit)(void *ctx, const struct unit *unit, bool dates_final,
		     struct arena *bulk);
	/* Every byte of the file as it is read (see
	 * yaml_reader_open_file_seen), or NULL. */
	yaml_bytes_fn bytes;
	void *ctx;
	/* Where the checks keep what they need of the duties let go, or
	 * NULL: in memory (plan.h). */
	const struct plan_check_store *check_store;
};

/* plan_load_file(), handing the plan over to stream as it is read, so
 * that a caller can store it while the rest is read. The plan is checked
 * as a whole only at the end: what was handed over may belong to a plan
 * that is then refused; the plan's errors are those plan_load_file()
 * finds, maybe repeated or in another order: for the message, load it
 * again with plan_load_file(). The plan given back has no duties but
 * those whose dates waited for its end. Unlike plan_load_file(), *out is
 * set on failure too (NULL when nothing was read), for what was handed
 * over points into it: the caller frees it with plan_free() once done
 * with that. */
int plan_load_file_streamed(const char *path, const struct plan_stream *stream,
			    struct plan **out, struct kh_error *err);

/* Load as plan_load_file() and plan_load_buffer() do, but go on past a
 * refused key or value and report every error they find to errors (only
 * a syntax error ends the file), for `kehoach check`. errors->first is the
 * error plan_load_file() gives. */
int plan_check_file(const char *path, struct plan **out, struct kh_errors *errors);
int plan_check_buffer(const char *name, const char *data, size_t len,
		      struct plan **out, struct kh_errors *errors);

#endif
