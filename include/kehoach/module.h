/* module: the parts of kehoach kept in modules of their own, loaded the
 * first time they are wanted (the PDF writer, the .docx reader): the
 * libraries they bring (cairo and pango; libzip, libxml2 and ICU) would
 * otherwise be loaded, and cost their milliseconds, at every command. */
#ifndef KEHOACH_MODULE_H
#define KEHOACH_MODULE_H

#include <stddef.h>

#include <stdbool.h>

/* One function of a module, looked up the first time it is wanted and
 * remembered, found or not (a static of the caller's): in the build
 * tree's module when running from it, else the installed one. */
struct module_function {
	const char *build_path, *installed_path, *symbol;
	bool tried;
	void *function;           /* NULL: not found, and why says why */
	char why[512];
};

/* The function, or NULL (see ->why). */
void *module_function_get(struct module_function *f);

#endif
