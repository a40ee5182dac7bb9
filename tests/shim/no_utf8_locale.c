/* A preloaded library for tests: a system with no UTF-8 locale at all
 * (no C.UTF-8, as before glibc 2.35 without generated locales), so that
 * kehoach's refusal to draw the interface there can be tested on a
 * machine that has one. setlocale() refuses every UTF-8 name, and one
 * taken from the environment ("") becomes plain C. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <locale.h>
#include <string.h>

typedef char *(*setlocale_fn)(int category, const char *name);

char *setlocale(int category, const char *name)
{
	setlocale_fn real = (setlocale_fn)dlsym(RTLD_NEXT, "setlocale");
	if (name && (strcasestr(name, "utf-8") || strcasestr(name, "utf8")))
		return NULL;
	if (name && !*name)
		name = "C";
	return real(category, name);
}
