/* i18n: the locale and the gettext text domain (see i18n.h). */
#include "kehoach/i18n.h"

#include <dirent.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "kehoach/util.h"

#define TEXT_DOMAIN "kehoach"

/* Whether dir holds a compiled catalogue, LANG/LC_MESSAGES/kehoach.mo,
 * for any language. */
static bool has_catalogue(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return false;
	bool found = false;
	struct dirent *entry;
	while (!found && (entry = readdir(d))) {
		if (entry->d_name[0] == '.')
			continue;
		char *mo = x_asprintf("%s/%s/LC_MESSAGES/%s.mo", dir, entry->d_name,
				      TEXT_DOMAIN);
		found = access(mo, R_OK) == 0;
		x_free(mo);
	}
	closedir(d);
	return found;
}

static const char *locale_dir(void)
{
	const char *dir = getenv("KEHOACH_LOCALEDIR");
	if (dir && *dir)
		return dir;
	if (running_in_build_tree() && has_catalogue(KEHOACH_BUILD_LOCALEDIR))
		return KEHOACH_BUILD_LOCALEDIR;
	return KEHOACH_LOCALEDIR;
}

/* The locale the environment asks for messages in, as setlocale() reads
 * it, or NULL. */
static const char *wanted_messages_locale(void)
{
	static const char *const names[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	for (size_t i = 0; i < KH_ARRAY_LEN(names); i++) {
		const char *value = getenv(names[i]);
		if (value && *value)
			return value;
	}
	return NULL;
}

/* The environment asked for a locale that is not installed: Debian
 * installs no vi_VN.UTF-8 unless someone generates it. Take the built-in
 * C.UTF-8 instead and keep the language it asked for through $LANGUAGE
 * (unless that is set already), so a Vietnamese desktop still gets
 * Vietnamese. */
static void fall_back_to_c_utf8(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const char *wanted = wanted_messages_locale();
	const char *language = getenv("LANGUAGE");
	if (!wanted || (language && *language))
		return;
	char name[64];
	size_t len = strcspn(wanted, ".@");   /* vi_VN.UTF-8@x → vi_VN */
	if (len == 0 || len >= sizeof(name))
		return;
	memcpy(name, wanted, len);
	name[len] = '\0';
	if (strcmp(name, "C") && strcmp(name, "POSIX"))
		setenv("LANGUAGE", name, 1);
}

void i18n_init(const char *lang)
{
	if (!setlocale(LC_ALL, ""))
		fall_back_to_c_utf8();
	if (!lang) {
		const char *env = getenv("KEHOACH_LANG");
		if (env && *env)
			lang = env;
	}
	if (lang) {
		/* GNU gettext ignores $LANGUAGE when the message locale is "C"
		 * (not when it is C.UTF-8), and C.UTF-8 is built into glibc
		 * 2.35 and later, so no locale has to be generated. */
		const char *messages = setlocale(LC_MESSAGES, NULL);
		if (messages && (!strcmp(messages, "C") || !strcmp(messages, "POSIX")))
			setlocale(LC_MESSAGES, "C.UTF-8");
		setenv("LANGUAGE", lang, 1);
	}
	bindtextdomain(TEXT_DOMAIN, locale_dir());
	bind_textdomain_codeset(TEXT_DOMAIN, "UTF-8");
	/* textdomain() also drops the translations gettext cached, which
	 * were looked up under the old $LANGUAGE. */
	textdomain(TEXT_DOMAIN);
}
