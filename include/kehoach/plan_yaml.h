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

/* Plan files larger than this are refused before parsing. */
#define PLAN_FILE_MAX_BYTES (256u * 1024 * 1024)
/* Any one text value longer than this is refused. */
#define PLAN_SCALAR_MAX_BYTES (1u * 1024 * 1024)

/* Loads and validates the plan in path. On success returns 0 and sets *out
 * to a plan the caller frees with plan_free(); on failure returns -1, sets
 * *out to NULL and fills err (file, line, column, message). */
int plan_load_file(const char *path, struct plan **out, struct kh_error *err);

/* The same for a plan held in memory; name is used in errors. */
int plan_load_buffer(const char *name, const char *data, size_t len,
		     struct plan **out, struct kh_error *err);

#endif
