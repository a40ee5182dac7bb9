/* module: parts loaded when first wanted (module.h). */
#include <dlfcn.h>
#include <stdio.h>

#include "kehoach/module.h"
#include "kehoach/util.h"

/* The symbol of the module at build_path or installed_path, or NULL
 * with why said in why. */
static void *module_symbol(const char *build_path, const char *installed_path,
		    const char *symbol, char *why, size_t why_size)
{
	const char *path = running_in_build_tree() ? build_path : installed_path;
	void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	void *found = handle ? dlsym(handle, symbol) : NULL;
	if (!found) {
		const char *error = dlerror();
		snprintf(why, why_size, "%s", error ? error : path);
	}
	return found;
}

void *module_function_get(struct module_function *f)
{
	if (!f->tried) {
		f->tried = true;
		f->function = module_symbol(f->build_path, f->installed_path, f->symbol, f->why,
					    sizeof(f->why));
	}
	return f->function;
}
