/* module: the parts of kehoach kept in modules of their own, loaded the
 * first time they are wanted (the PDF writer, the .docx reader): the
 * libraries they bring (cairo and pango; libzip, libxml2 and ICU) would
 * otherwise be loaded, and cost their milliseconds, at every command. */
#ifndef KEHOACH_MODULE_H
#define KEHOACH_MODULE_H

#include <stddef.h>

/* The function symbol of the module file name (e.g. "kehoach-pdf.so"):
 * the build tree's module when running from it, else the installed one
 * (in installed_dir). Returns NULL and says why in why. */
void *module_symbol(const char *build_path, const char *installed_path,
		    const char *symbol, char *why, size_t why_size);

#endif
