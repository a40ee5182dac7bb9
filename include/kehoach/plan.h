/* plan: the in-memory model of one plan file, and its validation.
 *
 * A plan is built by plan_yaml (which checks shape and types) and then
 * checked by plan_validate() (ids, references, groups, dates). It knows
 * nothing of SQLite or curses. All strings are NFC and owned by the plan's
 * arena; all arrays are owned by the plan. */
#ifndef KEHOACH_PLAN_H
#define KEHOACH_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/date.h"
#include "kehoach/error.h"
#include "kehoach/util.h"

#define PLAN_FORMAT_VERSION 1
#define PLAN_ID_MAX 64

enum phase {
	PHASE_NONE = 0,
	PHASE_BEFORE,
	PHASE_DURING,
	PHASE_AFTER,
};
#define PHASE_COUNT 4

/* "before", "during", "after"; "" for PHASE_NONE. */
const char *phase_name(enum phase phase);
/* Returns 0 and sets *out for "before" / "during" / "after", else -1. */
int phase_parse(const char *s, enum phase *out);
/* The phase as people say it, translated: "before Tết" ("trước Tết"); ""
 * for PHASE_NONE. */
const char *phase_title(enum phase phase);

/* A reference to a unit by id, remembered with its position for errors. */
struct unit_ref {
	const char *id;
	struct source_pos pos;
};

struct date_range {
	kh_date from;   /* KH_DATE_NONE when open */
	kh_date to;
	struct source_pos pos;  /* where it was written, for errors */
	bool defaulted; /* an end comes from the defaults for plan.tet (pos: the tet line) */
};

struct duty {
	const char *id;
	const char *text;
	enum phase phase;
	kh_date due;            /* as written; KH_DATE_NONE if absent */
	kh_date start;
	const char **refs;
	size_t n_refs;
	struct unit_ref *with;  /* đơn vị phối hợp */
	size_t n_with;
	const char *target;     /* chỉ tiêu; NULL if absent */
	const char **was;       /* the ids it had before (a rename), or NULL */
	size_t n_was;
	struct source_pos pos;  /* of the duty's mapping */
	struct source_pos id_pos;
	struct source_pos due_pos;
	struct source_pos start_pos;
};

struct unit {
	const char *id;
	const char *name;
	const char *head;          /* NULL if absent */
	struct unit_ref *members;  /* non-NULL (maybe empty) makes a group */
	size_t n_members;
	bool is_group;
	struct duty *duties;
	size_t n_duties;
	struct source_pos pos;
	struct source_pos id_pos;
	/* Where its mapping starts in the file, and where that line starts
	 * (for a unit written "  - id: …", where its "-" is): in characters,
	 * as libyaml counts its marks (plan_source.c finds their bytes). */
	size_t at, line_at;
};

struct plan {
	const char *file;       /* the path it was loaded from */
	int version;
	const char *id;
	const char *title;
	const char *issuer;
	const char *parent;     /* NULL if absent, as for every optional string */
	const char *number;
	kh_date issued;
	const char *place;
	const char **basis;
	size_t n_basis;
	int tet;                /* Gregorian year of the Tết; 0 if absent */
	struct source_pos tet_pos;
	struct date_range period;                 /* plan.from / plan.to */
	struct date_range phases[PHASE_COUNT];    /* indexed by enum phase */
	struct unit *units;
	size_t n_units;
	/* Where the list of units ends in the file (the event after its last
	 * unit), in characters as above, and its column. */
	size_t units_end;
	unsigned units_end_column;
	struct source_pos id_pos;
	struct source_pos pos;  /* of the plan mapping */
	struct arena arena;
};

/* A new, empty plan for file; the caller frees it with plan_free(). */
struct plan *plan_new(const char *file);
void plan_free(struct plan *plan);

/* The defaults for a plan about a Tết (plan-format.md), in days from
 * mùng 1 Tết: the period runs from `issued` (or PLAN_TET_FROM) to
 * PLAN_TET_TO; phase during from PLAN_DURING_FROM to PLAN_DURING_TO,
 * before it from the plan's start, after it to the plan's end. */
enum {
	PLAN_TET_FROM = -30,
	PLAN_TET_TO = 14,
	PLAN_DURING_FROM = -2,
	PLAN_DURING_TO = 4,
};

/* Gives a plan with a tet (in LUNAR_YEAR_MIN … LUNAR_YEAR_MAX) the
 * defaults for what it does not say: each end of the period left open;
 * and, when with_phases (the plan has no `phases`), all three phases. A
 * range given a default is marked defaulted and placed at tet_pos, so
 * that plan_validate() names the line the dates come from. Does nothing
 * without a tet. */
void plan_apply_tet_defaults(struct plan *plan, bool with_phases);

/* Checks what the YAML shape cannot: id syntax and uniqueness, unit
 * references in `with` and `members`, groups not nested, start not after
 * due, phase ranges in order. Reports every problem to errors and returns
 * -1, or 0 when the plan is sound. A plan loaded with errors may lack ids
 * (those that could not be read, already reported): they are skipped. */
int plan_check(const struct plan *plan, struct kh_errors *errors);

/* plan_check() for a caller that wants the first problem only, in err. */
int plan_validate(const struct plan *plan, struct kh_error *err);

/* The checks plan_check() makes of duties, for a plan whose duties are
 * let go as it is read: each unit's duties are added as they are read
 * (checked on their own at once, their ids and references kept), and
 * _end() checks the references against the plan's units. Together with
 * plan_check() of the plan without those duties, the plan passes exactly
 * when plan_check() of the whole would pass (the errors may come in
 * another order). */
struct plan_duty_checker;

/* Where a check keeps what it needs of the duties it has let go: the
 * ids seen, each with its line, and (one record a duty) the `with` and
 * `was` it checks at the end. plan_check() and a checker given none keep
 * them in memory; a sync hands one that keeps them in a temporary file
 * (store_sync.c), so that its memory does not grow with the plan. */
struct plan_check_store {
	void *ctx;
	/* Keeps id, at line: 0; or 1 when id is kept already (*first: the
	 * line it was kept with); -1 when the store failed. */
	int (*add_id)(void *ctx, const char *id, long long line, long long *first);
	/* 1 when id is kept (*first: its line), 0 when not, -1 failed. */
	int (*find_id)(void *ctx, const char *id, long long *first);
	/* Keeps a record of len bytes: 0, or -1 failed. */
	int (*put_record)(void *ctx, const void *bytes, size_t len);
	/* The records in the order they were put, one a call: 1 with *bytes
	 * (good until the next call) and *len; 0 after the last; -1 failed. */
	int (*next_record)(void *ctx, const void **bytes, size_t *len);
	/* Why the last call failed, for a message. */
	const char *(*failure)(void *ctx);
};

/* A checker keeping what it needs in store (which outlives it), or in
 * memory when store is NULL. */
struct plan_duty_checker *plan_duty_checker_new(const struct plan_check_store *store);
void plan_duty_checker_add(struct plan_duty_checker *checker, const struct plan *plan,
			   const struct unit *unit, struct kh_errors *errors);
void plan_duty_checker_end(struct plan_duty_checker *checker, const struct plan *plan,
			   struct kh_errors *errors);
void plan_duty_checker_free(struct plan_duty_checker *checker);

/* True for [a-z0-9][a-z0-9-]*, at most PLAN_ID_MAX bytes. */
bool plan_id_valid(const char *id);

/* The duty's effective deadline: its due; else the end of its phase; else
 * the end of the plan period; else KH_DATE_NONE (ongoing, never overdue). */
kh_date plan_duty_deadline(const struct plan *plan, const struct duty *duty);

/* Looks a unit up by id (linear: for tests and small plans); NULL if absent. */
const struct unit *plan_find_unit(const struct plan *plan, const char *id);

#endif
