/* What the fuzz targets share: the entry point libFuzzer calls, a check
 * that stops the run (libFuzzer saves the input that broke it), and the
 * input as a C string. */
#ifndef KEHOACH_FUZZ_H
#define KEHOACH_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant the code promises; abort() hands the input to libFuzzer
 * as a crash. The message says which promise was broken. */
#define FUZZ_CHECK(cond, ...)                                               \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "%s:%d: check failed: %s: ",        \
				__FILE__, __LINE__, #cond);                 \
			fprintf(stderr, __VA_ARGS__);                       \
			fputc('\n', stderr);                                \
			abort();                                            \
		}                                                           \
	} while (0)

/* The size bytes at data followed by a NUL, in memory of exactly that
 * size, so that AddressSanitizer sees a read past the NUL. The caller
 * frees it with x_free(). Text functions stop at an embedded NUL. */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	return x_strndup((const char *)data, size);
}

#endif
