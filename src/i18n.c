/* i18n: the locale and the gettext text domain (see i18n.h). */
#include "kehoach/i18n.h"

#include <dirent.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build_config.h"
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

/* Whether the current character handling (LC_CTYPE) is UTF-8. */
static bool ctype_is_utf8(void)
{
	const char *codeset = nl_langinfo(CODESET);
	return codeset && (!strcmp(codeset, "UTF-8") || !strcmp(codeset, "utf8"));
}

/* Makes category a UTF-8 locale that exists here: C.UTF-8 is built into
 * glibc 2.35 and later; the others are tried where it is not. Returns
 * whether one was found. */
static bool use_utf8_locale(int category)
{
	static const char *const candidates[] = {
		"C.UTF-8", "C.utf8", "vi_VN.UTF-8", "en_US.UTF-8",
	};
	for (size_t i = 0; i < KH_ARRAY_LEN(candidates); i++)
		if (setlocale(category, candidates[i]))
			return true;
	return false;
}

static bool have_utf8;

/* The locale from the environment, for what it says of dates and
 * sorting; but the characters are always UTF-8 (a server's unset LANG, C
 * or a Latin-1 locale would draw Vietnamese as garbage), numbers always
 * written with a decimal point (JSON, CSV), and the message locale never
 * plain "C", under which gettext ignores $LANGUAGE. */
static void set_up_locale(void)
{
	if (!setlocale(LC_ALL, ""))
		setlocale(LC_ALL, "C");   /* it asked for one not installed */
	setlocale(LC_NUMERIC, "C");
	have_utf8 = ctype_is_utf8() || (use_utf8_locale(LC_CTYPE) && ctype_is_utf8());
	const char *messages = setlocale(LC_MESSAGES, NULL);
	if (messages && (!strcmp(messages, "C") || !strcmp(messages, "POSIX")))
		use_utf8_locale(LC_MESSAGES);
}

bool i18n_utf8(void)
{
	return have_utf8;
}

/* Changed by i18n_use(): translations remembered before are stale. */
static atomic_uint language_generation;

/* A thread's translations, by the msgid's address (direct mapped). */
#define REMEMBERED 256
static _Thread_local struct remembered {
	const char *msgid;
	unsigned long n;        /* 0, or the count a plural form is for + 1 */
	char *text;
	unsigned generation;
} remembered[REMEMBERED];

/* The slot of msgid's translation for n (0 for a singular-only one). */
static struct remembered *remembered_slot(const char *msgid, unsigned long n)
{
	uintptr_t a = (uintptr_t)msgid ^ n * 0x9e3779b1u;
	return &remembered[(a ^ (a >> 8) ^ (a >> 16)) % REMEMBERED];
}

static unsigned current_generation(void)
{
	return atomic_load_explicit(&language_generation, memory_order_relaxed) + 1;
}

char *i18n_text(const char *msgid)
{
	struct remembered *r = remembered_slot(msgid, 0);
	unsigned generation = current_generation();
	if (r->msgid != msgid || r->n != 0 || r->generation != generation)
		*r = (struct remembered){ msgid, 0, gettext(msgid), generation };
	return r->text;
}

char *i18n_plural(const char *msgid, const char *msgid_plural, unsigned long n)
{
	/* Kept apart from the singular-only entries by n + 1. */
	struct remembered *r = remembered_slot(msgid, n + 1);
	unsigned generation = current_generation();
	if (r->msgid != msgid || r->n != n + 1 || r->generation != generation)
		*r = (struct remembered){ msgid, n + 1, (ngettext)(msgid, msgid_plural, n),
					  generation };
	return r->text;
}

void i18n_use(const char *lang)
{
	/* $LANGUAGE decides for gettext whatever the locale's language:
	 * a server's en_US.UTF-8 is not a user asking for English. "en" has
	 * no catalogue, so it means the English originals. */
	setenv("LANGUAGE", lang, 1);
	/* textdomain() also drops the translations gettext cached, which
	 * were looked up under the old $LANGUAGE. */
	textdomain(TEXT_DOMAIN);
	atomic_fetch_add(&language_generation, 1);
}

void i18n_init(void)
{
	set_up_locale();
	bindtextdomain(TEXT_DOMAIN, locale_dir());
	bind_textdomain_codeset(TEXT_DOMAIN, "UTF-8");
	const char *env = getenv("KEHOACH_LANG");
	i18n_use(env && *env ? env : I18N_DEFAULT_LANG);
}

void i18n_percent(double rate, bool defined, char *out, size_t size)
{
	if (!defined) {
		snprintf(out, size, "–");
		return;
	}
	snprintf(out, size, "%.2f%%", rate * 100);
	/* TRANSLATORS: the decimal separator, after the colon: "," in Vietnamese. */
	const char *separator = strrchr(_("decimal separator: ."), ' ');
	char *dot = strchr(out, '.');
	if (dot && separator && separator[1])
		*dot = separator[1];
}
