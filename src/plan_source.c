/* plan_source: where each unit of a plan file lies, byte by byte (see
 * plan_source.h). Both readings here go through the file once in chunks:
 * the memory is a few ranges' state, whatever the file's size. */
#include "kehoach/plan_source.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kehoach/file_io.h"
#include "kehoach/plan_yaml.h"

void source_hash_hex(const XXH3_state_t *state, char out[SOURCE_HASH_HEX])
{
	XXH128_hash_t hash = XXH3_128bits_digest(state);
	snprintf(out, SOURCE_HASH_HEX, "%016llx%016llx",
		 (unsigned long long)hash.high64, (unsigned long long)hash.low64);
}

static bool is_lead(unsigned char c)
{
	return (c & 0xC0) != 0x80;
}

/* The byte of p at which character number *need starts; len, with *need
 * less the characters passed, when it is not in p. Blocks without it are
 * counted, not walked (a 30 MB file is walked whole when laid out). */
static size_t advance_chars(const unsigned char *p, size_t len, size_t *need)
{
	enum { BLOCK = 64 };
	size_t i = 0;
	while (len - i >= BLOCK) {
		size_t leads = 0;
		for (size_t j = 0; j < BLOCK; j++)
			leads += is_lead(p[i + j]);
		if (leads > *need)
			break;
		*need -= leads;
		i += BLOCK;
	}
	for (; i < len; i++) {
		if (!is_lead(p[i]))
			continue;
		if (*need == 0)
			return i;
		(*need)--;
	}
	return len;
}

size_t source_char_byte(const char *s, size_t len, size_t chars)
{
	return advance_chars((const unsigned char *)s, len, &chars);
}

bool source_dash_line(const char *line, size_t len, unsigned *dash)
{
	size_t i = 0;
	while (i < len && line[i] == ' ')
		i++;
	if (i == len || line[i] != '-' || i + 1 == len)
		return false;
	*dash = (unsigned)i;
	for (i++; i < len; i++)
		if (line[i] != ' ')
			return false;
	return true;
}

/* ---- laying a file out ---------------------------------------------------
 *
 * The marks of the plan (in characters, as libyaml counts them) are
 * found in the file's bytes as it is read: each unit's line and mapping,
 * then the end of the list. Each range is hashed as it passes. */

enum { DASH_LINE_MAX = 256 };

struct layout_walk {
	const struct plan *plan;
	struct source_layout *out;
	XXH3_state_t whole, range;
	size_t mark, n_marks;     /* 2u: unit u's line, 2u + 1: its mapping; 2n: the end */
	size_t chars;             /* characters before the byte at offset */
	size_t offset;
	size_t range_start, range_index;   /* 0: the head, 1 + u: unit u */
	size_t end_at;            /* the byte where the list ends */
	char line[DASH_LINE_MAX];
	size_t line_len;
	bool in_line, failed;
};

static size_t mark_chars(const struct layout_walk *lw, size_t mark)
{
	const struct plan *plan = lw->plan;
	if (mark == 2 * plan->n_units)
		return plan->units_end;
	const struct unit *unit = &plan->units[mark / 2];
	return mark % 2 ? unit->at : unit->line_at;
}

static void walk_bytes(struct layout_walk *lw, const char *bytes, size_t len)
{
	XXH3_64bits_update(&lw->range, bytes, len);
	if (!lw->in_line || !len)
		return;
	if (lw->line_len + len > sizeof(lw->line)) {
		lw->failed = true;
		return;
	}
	memcpy(lw->line + lw->line_len, bytes, len);
	lw->line_len += len;
}

/* Ends the range being hashed at byte at: the head or a unit. */
static void end_range(struct layout_walk *lw, size_t at)
{
	struct source_layout *out = lw->out;
	uint64_t hash = XXH3_64bits_digest(&lw->range);
	size_t bytes = at - lw->range_start;
	if (lw->range_index == 0) {
		out->head = bytes;
		out->head_hash = hash;
	} else {
		out->units[lw->range_index - 1] = (struct source_range){ bytes, hash };
	}
	lw->range_index++;
	lw->range_start = at;
	XXH3_64bits_reset(&lw->range);
}

/* The walk has come to mark, at byte at. */
static void reach_mark(struct layout_walk *lw, size_t at)
{
	size_t mark = lw->mark++;
	if (mark % 2 == 0) {
		end_range(lw, at);
		lw->in_line = mark < 2 * lw->plan->n_units;
		lw->line_len = 0;
		if (!lw->in_line)
			lw->end_at = at;
		return;
	}
	unsigned dash;
	lw->in_line = false;
	if (!source_dash_line(lw->line, lw->line_len, &dash) ||
	    (mark > 1 && dash != lw->out->dash))
		lw->failed = true;
	lw->out->dash = dash;
}

static void layout_chunk(void *ctx, const char *bytes, size_t len)
{
	struct layout_walk *lw = ctx;
	XXH3_128bits_update(&lw->whole, bytes, len);
	/* libyaml does not count a byte-order mark: marks would be off. */
	if (lw->offset == 0 && len && (unsigned char)bytes[0] == 0xEF)
		lw->failed = true;
	size_t i = 0;
	while (!lw->failed && i < len && lw->mark < lw->n_marks) {
		size_t need = mark_chars(lw, lw->mark) - lw->chars;
		size_t at = advance_chars((const unsigned char *)bytes + i, len - i, &need);
		walk_bytes(lw, bytes + i, at);
		lw->chars = mark_chars(lw, lw->mark) - need;
		i += at;
		if (i == len)
			break;
		reach_mark(lw, lw->offset + i);
	}
	if (i < len)
		walk_bytes(lw, bytes + i, len - i);
	lw->offset += len;
}

/* Whether the marks come in the file's order, each unit after the last. */
static bool marks_in_order(const struct layout_walk *lw)
{
	for (size_t m = 1; m < lw->n_marks; m++)
		if (mark_chars(lw, m) < mark_chars(lw, m - 1))
			return false;
	return true;
}

int source_layout_find(const char *path, const struct plan *plan,
		       const char *hash, struct source_layout *out)
{
	memset(out, 0, sizeof(*out));
	if (plan->n_units == 0)
		return -1;
	out->n_units = plan->n_units;
	out->units = x_calloc(plan->n_units, sizeof(*out->units));
	struct layout_walk lw = { .plan = plan, .out = out,
				  .n_marks = 2 * plan->n_units + 1 };
	XXH3_128bits_reset(&lw.whole);
	XXH3_64bits_reset(&lw.range);
	struct kh_error ignored;
	if (!marks_in_order(&lw) ||
	    file_read_chunks(path, PLAN_FILE_MAX_BYTES, layout_chunk, &lw, &ignored) < 0)
		lw.failed = true;
	/* The list may end with the file, after its last character. */
	if (!lw.failed && lw.mark == lw.n_marks - 1 && lw.chars == plan->units_end)
		reach_mark(&lw, lw.offset);
	/* The tail starts a line of its own, or is empty. */
	if (lw.mark != lw.n_marks ||
	    (plan->units_end_column != 0 && lw.end_at != lw.offset))
		lw.failed = true;
	char seen[SOURCE_HASH_HEX];
	source_hash_hex(&lw.whole, seen);
	if (lw.failed || strcmp(seen, hash) != 0) {
		source_layout_free(out);
		return -1;
	}
	out->tail = lw.offset - lw.range_start;
	out->tail_hash = XXH3_64bits_digest(&lw.range);
	return 0;
}

void source_layout_free(struct source_layout *layout)
{
	x_free(layout->units);
	memset(layout, 0, sizeof(*layout));
}

/* ---- comparing a file with an older layout ------------------------------ */

/* Hashes ranges [bounds[r] + shift, bounds[r + 1] + shift) of a file read
 * in order; those wholly in the file are done. */
struct range_hasher {
	const size_t *bounds;
	long long shift;
	size_t n, r;
	XXH3_state_t state;
	uint64_t *hash;
	bool *done;
};

static void hasher_feed(struct range_hasher *h, size_t off, const char *bytes, size_t len)
{
	size_t end = off + len;
	while (h->r < h->n) {
		long long a = (long long)h->bounds[h->r] + h->shift;
		long long b = (long long)h->bounds[h->r + 1] + h->shift;
		if (a < 0) {
			h->r++;
			continue;
		}
		if ((size_t)a > end)
			return;
		size_t from = (size_t)a > off ? (size_t)a : off;
		size_t to = (size_t)b < end ? (size_t)b : end;
		if (to > from)
			XXH3_64bits_update(&h->state, bytes + (from - off), to - from);
		if ((size_t)b > end)
			return;
		h->hash[h->r] = XXH3_64bits_digest(&h->state);
		h->done[h->r] = true;
		XXH3_64bits_reset(&h->state);
		h->r++;
	}
}

static void hasher_init(struct range_hasher *h, const size_t *bounds, size_t n,
			long long shift)
{
	*h = (struct range_hasher){ .bounds = bounds, .shift = shift, .n = n };
	h->hash = x_calloc(n, sizeof(*h->hash));
	h->done = x_calloc(n, sizeof(*h->done));
	XXH3_64bits_reset(&h->state);
}

static void hasher_free(struct range_hasher *h)
{
	x_free(h->hash);
	x_free(h->done);
}

/* The first reading: the new file's hash, and the old ranges' hashes at
 * their old places (front) and moved by the change in size (back). */
struct compare_walk {
	XXH3_state_t whole;
	struct range_hasher front, back;
	size_t offset;
};

static void compare_chunk(void *ctx, const char *bytes, size_t len)
{
	struct compare_walk *cw = ctx;
	XXH3_128bits_update(&cw->whole, bytes, len);
	hasher_feed(&cw->front, cw->offset, bytes, len);
	hasher_feed(&cw->back, cw->offset, bytes, len);
	cw->offset += len;
}

/* The second reading: the bytes of the head, the middle and the tail,
 * and the hash again. */
struct take_walk {
	XXH3_state_t whole;
	size_t offset;
	struct span {
		size_t from, to;
		struct buf *into;
	} spans[3];
};

static void take_chunk(void *ctx, const char *bytes, size_t len)
{
	struct take_walk *tw = ctx;
	XXH3_128bits_update(&tw->whole, bytes, len);
	size_t end = tw->offset + len;
	for (size_t s = 0; s < KH_ARRAY_LEN(tw->spans); s++) {
		const struct span *sp = &tw->spans[s];
		size_t from = sp->from > tw->offset ? sp->from : tw->offset;
		size_t to = sp->to < end ? sp->to : end;
		if (to > from)
			buf_append(sp->into, bytes + (from - tw->offset), to - from);
	}
	tw->offset = end;
}

/* Whether range r of the file matches the old layout's, by h. */
static bool range_same(const struct range_hasher *h, const uint64_t *old, size_t r)
{
	return h->done[r] && h->hash[r] == old[r];
}

int source_diff_read(const char *path, const struct source_layout *old,
		     size_t max_middle, struct source_diff *out)
{
	memset(out, 0, sizeof(*out));
	struct stat sb;
	struct kh_error ignored;
	if (file_stat_input(path, PLAN_FILE_MAX_BYTES, &sb, &ignored) < 0)
		return -1;
	/* Ranges: the head, each unit, the tail. */
	size_t n = old->n_units + 2;
	size_t *bounds = x_calloc(n + 1, sizeof(*bounds));
	uint64_t *hashes = x_calloc(n, sizeof(*hashes));
	bounds[1] = old->head;
	hashes[0] = old->head_hash;
	for (size_t u = 0; u < old->n_units; u++) {
		bounds[u + 2] = bounds[u + 1] + old->units[u].bytes;
		hashes[u + 1] = old->units[u].hash;
	}
	bounds[n] = bounds[n - 1] + old->tail;
	hashes[n - 1] = old->tail_hash;
	long long delta = (long long)sb.st_size - (long long)bounds[n];

	struct compare_walk cw = { 0 };
	XXH3_128bits_reset(&cw.whole);
	hasher_init(&cw.front, bounds, n, 0);
	hasher_init(&cw.back, bounds, n, delta);
	int rc = file_read_chunks(path, PLAN_FILE_MAX_BYTES, compare_chunk, &cw, &ignored);
	compare_chunk(&cw, "", 0);   /* the empty ranges at the end */
	size_t first = 0, last = n - 1;
	while (first < n && range_same(&cw.front, hashes, first))
		first++;
	while (last > 0 && range_same(&cw.back, hashes, last))
		last--;
	/* Bytes added or taken between two units leave each the same from
	 * its own side: both are read then. */
	if (first > last) {
		size_t swap = first;
		first = last;
		last = swap;
	}
	size_t middle_from = bounds[first];
	long long middle_to = (long long)bounds[last + 1] + delta;
	/* The head and the tail as they were, units changed between, and
	 * the same file as stat saw. */
	if (rc < 0 || cw.offset != (size_t)sb.st_size || first == 0 || first >= n ||
	    last >= n - 1 || middle_to < (long long)middle_from ||
	    (size_t)middle_to - middle_from > max_middle)
		rc = -1;
	hasher_free(&cw.front);
	hasher_free(&cw.back);
	if (rc == 0) {
		struct take_walk tw = { .spans = {
			{ 0, old->head, &out->head },
			{ middle_from, (size_t)middle_to, &out->middle },
			{ bounds[n - 1] + (size_t)delta, (size_t)sb.st_size, &out->tail },
		} };
		XXH3_128bits_reset(&tw.whole);
		rc = file_read_chunks(path, PLAN_FILE_MAX_BYTES, take_chunk, &tw, &ignored);
		source_hash_hex(&cw.whole, out->hash);
		char again[SOURCE_HASH_HEX];
		source_hash_hex(&tw.whole, again);
		if (rc == 0 && (tw.offset != cw.offset || strcmp(again, out->hash) != 0))
			rc = -1;
	}
	x_free(bounds);
	x_free(hashes);
	if (rc < 0) {
		source_diff_free(out);
		return -1;
	}
	out->first = first - 1;
	out->last = last - 1;
	out->size = (long long)sb.st_size;
	return 0;
}

void source_diff_free(struct source_diff *diff)
{
	buf_free(&diff->head);
	buf_free(&diff->middle);
	buf_free(&diff->tail);
	memset(diff, 0, sizeof(*diff));
}
