/* util: fatal-on-failure allocation, growable buffers, a string arena,
 * paths. */
#include "kehoach/util.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build_config.h"
#include "kehoach/i18n.h"

static void out_of_memory(size_t size)
{
	/* gettext does not allocate for a catalogue already loaded, and
	 * gives the English back when it cannot. */
	fprintf(stderr, _("kehoach: out of memory (%zu bytes)\n"), size);
	exit(1);
}

void *x_malloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *x_calloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory(count * size);
	return p;
}

void *x_realloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

char *x_strndup(const char *s, size_t len)
{
	char *p = x_malloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *path_folder(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return x_strdup(".");
	return x_strndup(path, slash == path ? 1 : (size_t)(slash - path));
}

char *x_strdup(const char *s)
{
	return x_strndup(s, strlen(s));
}

char *x_vasprintf(const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int len = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (len < 0)
		len = 0;
	char *p = x_malloc((size_t)len + 1);
	vsnprintf(p, (size_t)len + 1, fmt, ap);
	return p;
}

char *x_asprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = x_vasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void x_free(void *ptr)
{
	free(ptr);
}

void x_grow(void **items, size_t *cap, size_t need, size_t item_size)
{
	if (need <= *cap)
		return;
	size_t new_cap = *cap ? *cap : 8;
	while (new_cap < need)
		new_cap *= 2;
	if (new_cap > SIZE_MAX / item_size)
		out_of_memory(SIZE_MAX);
	*items = x_realloc(*items, new_cap * item_size);
	*cap = new_cap;
}

static void buf_reserve(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->data = x_realloc(b->data, cap);
	b->cap = cap;
}

void buf_append(struct buf *b, const char *bytes, size_t len)
{
	buf_reserve(b, len);
	if (len)   /* bytes may be an empty buffer's NULL */
		memcpy(b->data + b->len, bytes, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void buf_insert(struct buf *b, size_t at, const char *bytes, size_t len)
{
	buf_reserve(b, len);
	memmove(b->data + at + len, b->data + at, b->len - at);
	memcpy(b->data + at, bytes, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
	buf_append(b, &c, 1);
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap, copy;
	va_start(ap, fmt);
	va_copy(copy, ap);
	/* Printed into the room there is first: formatted twice only when
	 * it does not fit (a report prints some 100,000 short pieces). */
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	int len = vsnprintf(room ? b->data + b->len : NULL, room, fmt, copy);
	va_end(copy);
	if (len > 0 && (size_t)len >= room) {
		buf_reserve(b, (size_t)len);
		vsnprintf(b->data + b->len, (size_t)len + 1, fmt, ap);
	}
	if (len > 0)
		b->len += (size_t)len;
	else if (room)
		b->data[b->len] = '\0';
	va_end(ap);
}

size_t number_text(long long value, char out[KH_NUMBER_SIZE])
{
	char digits[KH_NUMBER_SIZE];
	size_t d = sizeof(digits);
	/* Unsigned, so that the most negative value has its magnitude. */
	unsigned long long v = value < 0 ? 0ULL - (unsigned long long)value
					 : (unsigned long long)value;
	do
		digits[--d] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	if (value < 0)
		digits[--d] = '-';
	size_t len = sizeof(digits) - d;
	memcpy(out, digits + d, len);
	out[len] = '\0';
	return len;
}

void buf_put_number(struct buf *b, long long value, int width)
{
	char text[KH_NUMBER_SIZE];
	size_t len = number_text(value, text);
	if (width > 0 && (size_t)width > len)
		buf_put_spaces(b, (size_t)width - len);
	buf_append(b, text, len);
}

void buf_put_spaces(struct buf *b, size_t n)
{
	static const char spaces[] = "                                ";
	while (n) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		buf_append(b, spaces, k);
		n -= k;
	}
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

const char *buf_str(const struct buf *b)
{
	return b->data ? b->data : "";
}

char *buf_steal(struct buf *b)
{
	char *s = b->data ? b->data : x_strdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

void buf_free(struct buf *b)
{
	x_free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

#define ARENA_BLOCK_SIZE (64 * 1024)
#define ARENA_ALIGN 16

struct arena_block {
	struct arena_block *next;
	size_t used;
	size_t size;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

void *arena_alloc(struct arena *a, size_t size)
{
	size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	struct arena_block *block = a->head;
	if (!block || block->size - block->used < size) {
		size_t block_size = size > ARENA_BLOCK_SIZE ? size : ARENA_BLOCK_SIZE;
		block = x_malloc(sizeof(*block) + block_size);
		block->used = 0;
		block->size = block_size;
		/* A big one-off allocation goes behind the current block so the
		 * current block's free space is not abandoned. */
		if (a->head && size > ARENA_BLOCK_SIZE) {
			block->next = a->head->next;
			a->head->next = block;
		} else {
			block->next = a->head;
			a->head = block;
		}
	}
	void *p = block->data + block->used;
	block->used += size;
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void arena_absorb(struct arena *into, struct arena *from)
{
	struct arena_block *last = from->head;
	if (!last)
		return;
	while (last->next)
		last = last->next;
	/* Behind into's current block, whose free space stays in use. */
	if (into->head) {
		last->next = into->head->next;
		into->head->next = from->head;
	} else {
		into->head = from->head;
	}
	from->head = NULL;
}

void arena_reset(struct arena *a)
{
	struct arena_block *keep = a->head;
	if (!keep)
		return;
	a->head = keep->next;
	arena_free(a);
	keep->next = NULL;
	keep->used = 0;
	a->head = keep;
}

void arena_free(struct arena *a)
{
	struct arena_block *block = a->head;
	while (block) {
		struct arena_block *next = block->next;
		x_free(block);
		block = next;
	}
	a->head = NULL;
}

/* FNV-1a: short ids, no adversary that matters here. */
static size_t str_hash(const char *s)
{
	size_t h = (size_t)1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * (size_t)1099511628211u;
	return h;
}

/* The slot of key, or of the empty slot where it would go. */
static size_t str_map_slot(const struct str_map *map, const char *key)
{
	size_t mask = map->cap - 1;
	size_t i = str_hash(key) & mask;
	while (map->keys[i] && strcmp(map->keys[i], key) != 0)
		i = (i + 1) & mask;
	return i;
}

static void str_map_resize(struct str_map *map, size_t cap)
{
	struct str_map bigger = {
		x_calloc(cap, sizeof(*bigger.keys)),
		x_calloc(cap, sizeof(*bigger.values)),
		cap,
		map->count,
	};
	for (size_t i = 0; i < map->cap; i++) {
		if (!map->keys[i])
			continue;
		size_t slot = str_map_slot(&bigger, map->keys[i]);
		bigger.keys[slot] = map->keys[i];
		bigger.values[slot] = map->values[i];
	}
	str_map_free(map);
	*map = bigger;
}

bool str_map_add(struct str_map *map, const char *key, long long value,
		 long long *existing)
{
	/* Keep the load at most one half so probes stay short. */
	if ((map->count + 1) * 2 > map->cap)
		str_map_resize(map, map->cap ? map->cap * 2 : 16);
	size_t slot = str_map_slot(map, key);
	if (map->keys[slot]) {
		if (existing)
			*existing = map->values[slot];
		return false;
	}
	map->keys[slot] = key;
	map->values[slot] = value;
	map->count++;
	return true;
}

void str_map_set(struct str_map *map, const char *key, long long value)
{
	long long unused;
	if (str_map_add(map, key, value, &unused))
		return;
	map->values[str_map_slot(map, key)] = value;
}

bool str_map_get(const struct str_map *map, const char *key, long long *value)
{
	if (!map->cap)
		return false;
	size_t slot = str_map_slot(map, key);
	if (!map->keys[slot])
		return false;
	*value = map->values[slot];
	return true;
}

void str_map_free(struct str_map *map)
{
	x_free(map->keys);
	x_free(map->values);
	map->keys = NULL;
	map->values = NULL;
	map->cap = map->count = 0;
}

/* ---- str_table ---- */

/* An entry of str_table's bytes: the value, then the key and its NUL.
 * Entries follow each other unaligned: the value is copied out. */
static const char *table_key(const struct str_table *table, uint32_t slot)
{
	return table->bytes.data + (slot - 1) + sizeof(long long);
}

static long long table_value(const struct str_table *table, uint32_t slot)
{
	long long value;
	memcpy(&value, table->bytes.data + (slot - 1), sizeof(value));
	return value;
}

/* The slot of key, or of the free slot where it would go. */
static size_t str_table_slot(const struct str_table *table, const uint32_t *slots,
			     size_t cap, const char *key)
{
	size_t mask = cap - 1;
	size_t i = str_hash(key) & mask;
	while (slots[i] && strcmp(table_key(table, slots[i]), key) != 0)
		i = (i + 1) & mask;
	return i;
}

static void str_table_resize(struct str_table *table, size_t cap)
{
	uint32_t *slots = x_calloc(cap, sizeof(*slots));
	for (size_t i = 0; i < table->cap; i++)
		if (table->slots[i])
			slots[str_table_slot(table, slots, cap,
					     table_key(table, table->slots[i]))] = table->slots[i];
	x_free(table->slots);
	table->slots = slots;
	table->cap = cap;
}

bool str_table_add(struct str_table *table, const char *key, long long value,
		   long long *existing)
{
	/* A load of three quarters: the slots are 4 bytes, the keys apart. */
	if ((table->count + 1) * 4 > table->cap * 3)
		str_table_resize(table, table->cap ? table->cap * 2 : 16);
	size_t i = str_table_slot(table, table->slots, table->cap, key);
	if (table->slots[i]) {
		if (existing)
			*existing = table_value(table, table->slots[i]);
		return false;
	}
	size_t at = table->bytes.len, len = strlen(key);
	if (at + sizeof(value) + len + 1 >= UINT32_MAX)
		out_of_memory(at + sizeof(value) + len + 1);
	buf_append(&table->bytes, (const char *)&value, sizeof(value));
	buf_append(&table->bytes, key, len + 1);
	table->slots[i] = (uint32_t)at + 1;
	table->count++;
	return true;
}

bool str_table_get(const struct str_table *table, const char *key, long long *value)
{
	if (!table->cap)
		return false;
	size_t i = str_table_slot(table, table->slots, table->cap, key);
	if (!table->slots[i])
		return false;
	*value = table_value(table, table->slots[i]);
	return true;
}

void str_table_free(struct str_table *table)
{
	buf_free(&table->bytes);
	x_free(table->slots);
	*table = (struct str_table){ 0 };
}

/* Whether the running binary is inside the build tree, where a fresh
 * catalogue is more to the point than an installed (maybe older) one. */
bool running_in_build_tree(void)
{
	char exe[PATH_MAX], root[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len <= 0 || !realpath(KEHOACH_BUILD_ROOT, root))
		return false;
	exe[len] = '\0';
	size_t root_len = strlen(root);
	return !strncmp(exe, root, root_len) && exe[root_len] == '/';
}
