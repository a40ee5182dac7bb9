/* plan_source: where each unit of a plan file lies, byte by byte.
 *
 * A sync that reads a file whole notes, for each unit, the bytes of its
 * item (from the line of its "-" to the next unit's) and their hash.
 * After a small edit, the next sync compares the new file with that
 * layout, from the front and from the back: the units whose bytes are
 * the same on both sides of the edit need not be parsed again, only the
 * span between (store_sync.c says how that span is read and written). */
#ifndef KEHOACH_PLAN_SOURCE_H
#define KEHOACH_PLAN_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* XXH3_state_t whole, to keep one in a struct or on the stack. */
#ifndef XXH_STATIC_LINKING_ONLY
#define XXH_STATIC_LINKING_ONLY
#endif
#include <xxhash.h>

#include "kehoach/plan.h"
#include "kehoach/util.h"

/* A file's content hash (XXH3-128) as hex, with its NUL. */
#define SOURCE_HASH_HEX 33

void source_hash_hex(const XXH3_state_t *state, char out[SOURCE_HASH_HEX]);

/* The bytes of a file around its list of units: before the first unit
 * (head), each unit's item, after the last (tail). Every unit's item
 * starts on a line of its own, "-" at column dash. */
struct source_layout {
	size_t head, tail;
	uint64_t head_hash, tail_hash;
	unsigned dash;
	size_t n_units;
	struct source_range {
		size_t bytes;
		uint64_t hash;
	} *units;
};

/* Finds the layout of the file at path, which was loaded as plan and
 * whose content hash was hash (as hex): the file is read once more, and
 * must still be what was loaded. Returns 0, or -1 when it has no layout
 * that a later sync could use (changed since, a unit whose "-" is not at
 * the start of its line, a byte-order mark, …); out is then empty. */
int source_layout_find(const char *path, const struct plan *plan,
		       const char *hash, struct source_layout *out);
void source_layout_free(struct source_layout *layout);

/* How a file differs from the layout an older version of it had: units
 * [first, last] (the old version's) changed, and those before and after
 * them are byte for byte what they were, as are the head and the tail. */
struct source_diff {
	size_t first, last;
	long long size;                 /* the new file's */
	char hash[SOURCE_HASH_HEX];     /* its content hash */
	struct buf head, middle, tail;  /* its bytes: head, units changed, tail */
};

/* Reads the file at path (twice: to compare, then to take the bytes
 * between, checked to be of the same file) against old. Returns 0, or
 * -1 when nothing can be passed over: the head or tail changed, the
 * middle is over max_middle bytes, the file changed while read, it could
 * not be read (the sync reading it whole says why). */
int source_diff_read(const char *path, const struct source_layout *old,
		     size_t max_middle, struct source_diff *out);
void source_diff_free(struct source_diff *diff);

/* The byte of s (len bytes of UTF-8) at which character number chars
 * starts (libyaml counts its marks in characters); len if past the end. */
size_t source_char_byte(const char *s, size_t len, size_t chars);

/* Whether line (len bytes, up to the start of a unit's mapping) is
 * spaces, "-" and at least one space; *dash is then the "-"'s column. */
bool source_dash_line(const char *line, size_t len, unsigned *dash);

#endif
