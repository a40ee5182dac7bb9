/* Unit tests of util's buffer printing, which prints into the room the
 * buffer has before growing it, and of i18n's remembered plural forms,
 * which must follow the count they were asked for; of numbers written
 * without printf; and of the string map as it grows. */
#include <stdarg.h>
#include <stddef.h>
#include <limits.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/i18n.h"
#include "kehoach/util.h"

/* A buffer of len bytes of 'x', with whatever room its growth left. */
static struct buf filled(size_t len)
{
	struct buf b = {0};
	for (size_t i = 0; i < len; i++)
		buf_putc(&b, 'x');
	return b;
}

static char *piece_of(size_t n)
{
	char *piece = malloc(n + 1);
	assert_non_null(piece);
	for (size_t i = 0; i < n; i++)
		piece[i] = (char)('a' + i % 26);
	piece[n] = '\0';
	return piece;
}

static void expect_printed(const struct buf *b, size_t len_before, const char *printed)
{
	assert_int_equal(b->len, len_before + strlen(printed));
	assert_int_equal(strlen(b->data), b->len);
	assert_memory_equal(b->data + len_before, printed, strlen(printed));
	for (size_t i = 0; i < len_before; i++)
		assert_int_equal(b->data[i], 'x');
}

static void test_buf_printf_room(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_printf(&b, "%d-%s", 12, "ab");            /* no room at all */
	assert_string_equal(buf_str(&b), "12-ab");
	buf_free(&b);

	for (size_t len = 1; len < 300; len += 13) {
		/* Pieces of one byte less than the room (the NUL fills it),
		 * the room exactly, one more, and three times as much: each
		 * printed whole after what was there; then nothing. */
		struct buf probe = filled(len);
		size_t room = probe.cap - probe.len;
		buf_free(&probe);
		size_t sizes[] = { room - 1, room, room + 1, 3 * room };
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			b = filled(len);
			assert_int_equal(b.cap - b.len, room);
			char *piece = piece_of(sizes[i]);
			buf_printf(&b, "%s", piece);
			expect_printed(&b, len, piece);
			buf_printf(&b, "%s", "");
			expect_printed(&b, len, piece);
			buf_free(&b);
			free(piece);
		}
	}
}

/* English has no catalogue: the originals, singular for 1 only. The
 * forms asked for in turn must not be taken for each other. */
/* number_text() and buf_put_number() write what printf's %lld and
 * %*lld write, at the edges of long long too; buf_put_spaces() what
 * %*s writes of "". */
static void test_numbers_as_printf_writes_them(void **state)
{
	(void)state;
	const long long values[] = { 0, 7, -7, 10, 99, -100, 123456789, LLONG_MAX, LLONG_MIN };
	const int widths[] = { 0, 1, 2, 5, 21 };
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		char want[64], got[KH_NUMBER_SIZE];
		snprintf(want, sizeof(want), "%lld", values[i]);
		assert_int_equal(number_text(values[i], got), strlen(want));
		assert_string_equal(got, want);
		for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]); w++) {
			struct buf b = { 0 };
			buf_puts(&b, "x");
			buf_put_number(&b, values[i], widths[w]);
			snprintf(want, sizeof(want), "x%*lld", widths[w], values[i]);
			assert_string_equal(buf_str(&b), want);
			buf_free(&b);
		}
	}
	/* The padding alone, past the 32 spaces it appends at a time. */
	for (size_t n = 0; n <= 70; n += 7) {
		struct buf b = { 0 };
		buf_put_spaces(&b, n);
		char want[80];
		snprintf(want, sizeof(want), "%*s", (int)n, "");
		assert_string_equal(buf_str(&b), want);
		buf_free(&b);
	}
}

static void test_plural_follows_count(void **state)
{
	(void)state;
	i18n_use("en");
	for (int round = 0; round < 3; round++) {
		for (unsigned long n = 0; n < 600; n++) {
			const char *s = ngettext("%d day", "%d days", n);
			assert_string_equal(s, n == 1 ? "%d day" : "%d days");
			assert_string_equal(_("%d day"), "%d day");
		}
	}
}

/* 100,000 ids, as many as a large plan's duties: the map grows a dozen
 * times, and every key is still found, with its value, and only once. */
static void test_str_map_keeps_every_key_as_it_grows(void **state)
{
	(void)state;
	enum { N = 100000 };
	char (*ids)[16] = malloc(N * sizeof(*ids));
	assert_non_null(ids);
	struct str_map map = { 0 };
	for (int i = 0; i < N; i++) {
		snprintf(ids[i], sizeof(ids[i]), "u%04d-%03d", i / 100, i % 100);
		assert_true(str_map_add(&map, ids[i], i, NULL));
	}
	assert_int_equal(map.count, N);
	for (int i = 0; i < N; i++) {
		long long value = -1;
		char copy[16];
		memcpy(copy, ids[i], sizeof(copy));   /* found by content */
		assert_true(str_map_get(&map, copy, &value));
		assert_int_equal(value, i);
		long long existing = -1;
		assert_false(str_map_add(&map, copy, -i, &existing));
		assert_int_equal(existing, i);
	}
	long long value;
	assert_false(str_map_get(&map, "u1000-000", &value));
	assert_false(str_map_get(&map, "", &value));
	str_map_set(&map, ids[N / 2], 7);
	assert_true(str_map_get(&map, ids[N / 2], &value));
	assert_int_equal(value, 7);
	assert_int_equal(map.count, N);
	str_map_free(&map);
	assert_false(str_map_get(&map, ids[0], &value));
	free(ids);
}

/* The same of str_table, which keeps its own copies: the keys are
 * overwritten after they are added, and still found; values are whole
 * long longs (copied out of unaligned bytes); an empty key is a key. */
static void test_str_table_copies_every_key_as_it_grows(void **state)
{
	(void)state;
	enum { N = 100000 };
	struct str_table table = { 0 };
	char id[16];
	for (int i = 0; i < N; i++) {
		snprintf(id, sizeof(id), "u%04d-%03d", i / 100, i % 100);
		assert_true(str_table_add(&table, id, (long long)i << 33, NULL));
		memset(id, 'x', sizeof(id) - 1);
	}
	assert_int_equal(table.count, N);
	for (int i = 0; i < N; i++) {
		long long value = -1, existing = -1;
		snprintf(id, sizeof(id), "u%04d-%03d", i / 100, i % 100);
		assert_true(str_table_get(&table, id, &value));
		assert_true(value == (long long)i << 33);
		assert_false(str_table_add(&table, id, -i, &existing));
		assert_true(existing == (long long)i << 33);
	}
	long long value;
	assert_false(str_table_get(&table, "u1000-000", &value));
	assert_false(str_table_get(&table, "", &value));
	assert_true(str_table_add(&table, "", 5, NULL));
	assert_true(str_table_get(&table, "", &value));
	assert_int_equal(value, 5);
	assert_false(str_table_add(&table, "", 6, NULL));   /* existing may be NULL */
	assert_int_equal(table.count, N + 1);
	str_table_free(&table);
	assert_false(str_table_get(&table, "u0000-000", &value));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_printf_room),
		cmocka_unit_test(test_plural_follows_count),
		cmocka_unit_test(test_numbers_as_printf_writes_them),
		cmocka_unit_test(test_str_map_keeps_every_key_as_it_grows),
		cmocka_unit_test(test_str_table_copies_every_key_as_it_grows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
