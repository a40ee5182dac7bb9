/* util: allocation that never returns NULL, growable buffers, a string arena.
 *
 * Allocation failure is fatal here, in one place, so that no call site has to
 * check for NULL (see HACKING.md, house style). */
#ifndef KEHOACH_UTIL_H
#define KEHOACH_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define KH_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define KH_PRINTF(fmt, args)
#endif

#define KH_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Each returns memory the caller owns and frees with x_free(); on allocation
 * failure they print one line to stderr and exit(1). */
void *x_malloc(size_t size);
void *x_calloc(size_t count, size_t size);
void *x_realloc(void *ptr, size_t size);
char *x_strdup(const char *s);
char *x_strndup(const char *s, size_t len);
/* The folder part of path ("/" for "/x", "." for a bare name), owned
 * by the caller. */
char *path_folder(const char *path);

/* Whether the running binary is inside the build tree (then its files,
 * fresher than installed ones, are used: catalogues, the PDF module). */
bool running_in_build_tree(void);
char *x_asprintf(const char *fmt, ...) KH_PRINTF(1, 2);
char *x_vasprintf(const char *fmt, va_list ap) KH_PRINTF(1, 0);
/* Safe on NULL. */
void x_free(void *ptr);

/* Grows *items (of item_size bytes each) so that it holds at least need
 * items, doubling the capacity *cap. */
void x_grow(void **items, size_t *cap, size_t need, size_t item_size);
#define X_GROW(array, cap, need) \
	x_grow((void **)&(array), &(cap), (need), sizeof(*(array)))

/* A growable, always NUL-terminated byte buffer. A zeroed struct is empty. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_append(struct buf *b, const char *bytes, size_t len);
/* Inserts len bytes at offset at (at most b->len), moving the rest up. */
void buf_insert(struct buf *b, size_t at, const char *bytes, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) KH_PRINTF(2, 3);
/* Enough for any long long in decimal, and its NUL. */
#define KH_NUMBER_SIZE 24
/* value in decimal into out, as printf's %lld writes it; returns its
 * length. For lines written one per row, where printf's engine costs
 * more than the rest of the line (a month's report, `kehoach units`). */
size_t number_text(long long value, char out[KH_NUMBER_SIZE]);
/* The same appended to b, right-aligned in width columns (%*lld). */
void buf_put_number(struct buf *b, long long value, int width);
/* n spaces appended to b: the padding of columns. */
void buf_put_spaces(struct buf *b, size_t n);
void buf_reset(struct buf *b);
/* The buffer's contents as a string (never NULL, "" when empty); valid until
 * the next append. */
const char *buf_str(const struct buf *b);
/* Hands the string to the caller (who frees it) and leaves b empty. */
char *buf_steal(struct buf *b);
void buf_free(struct buf *b);

/* A bump allocator for many small strings freed together (a plan's text). */
struct arena_block;
struct arena {
	struct arena_block *head;
};

/* Returns memory owned by the arena, aligned for any type. */
void *arena_alloc(struct arena *a, size_t size);
/* Copies len bytes and a NUL into the arena; returns the copy. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
/* Makes from's memory into's: it lives until into is freed; from is left
 * empty. */
void arena_absorb(struct arena *into, struct arena *from);
void arena_free(struct arena *a);
/* Frees all the arena holds but the block it fills, kept empty for the
 * next allocations: an arena emptied and filled again and again (a
 * parser's batch) keeps its memory instead of giving it back. */
void arena_reset(struct arena *a);

/* A hash map from strings to integers, for id lookups that must stay
 * linear at 100,000 ids. Keys are borrowed: they must outlive the map. A
 * zeroed struct is an empty map. */
struct str_map {
	const char **keys;
	long long *values;
	size_t cap;
	size_t count;
};

/* Adds key → value unless key is present; then returns false and sets
 * *existing (which may be NULL) to the value it has. */
bool str_map_add(struct str_map *map, const char *key, long long value,
		 long long *existing);
/* Finds key; returns false when absent. */
bool str_map_get(const struct str_map *map, const char *key, long long *value);
/* Maps key to value, whether it was there or not. */
void str_map_set(struct str_map *map, const char *key, long long value);
void str_map_free(struct str_map *map);

/* The same for many short keys that need not outlive their source (a
 * streamed plan's 100,000 duty ids): each key is copied once, after its
 * value, into one buffer, and a table of 32-bit offsets finds it. An id
 * takes some 30 bytes, against some 60 as a str_map of arena copies.
 * The keys may take up to 4 GiB in all. A zeroed struct is empty. */
struct str_table {
	struct buf bytes;
	uint32_t *slots;         /* offset of an entry + 1; 0: free */
	size_t cap;
	size_t count;
};

/* As str_map_add, but key is copied. */
bool str_table_add(struct str_table *table, const char *key, long long value,
		   long long *existing);
bool str_table_get(const struct str_table *table, const char *key, long long *value);
void str_table_free(struct str_table *table);

#endif
