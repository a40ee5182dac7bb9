/* i18n: the gettext set-up. English is the source language; the
 * catalogues (po/LANG.po) translate it, for now into Vietnamese. */
#ifndef KEHOACH_I18N_H
#define KEHOACH_I18N_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>

/* _() translates now; N_() only marks a string for xgettext, for tables
 * and usage texts translated with _() where they are printed. */
#define _(s) i18n_text(s)
#define N_(s) (s)

/* gettext(msgid), remembered by this thread by the string's address:
 * msgid must be a string that never changes (a literal, a static
 * table's). gettext's own lookup, a search tree behind a lock, was 4% of
 * a month's report, which asks for the same few labels for each of
 * 100,000 duties. The language is chosen (i18n_use) before any module
 * is loaded: a module's own copy of the cache never sees a switch. */
#if defined(__GNUC__)
__attribute__((format_arg(1)))   /* printf formats are checked through it */
#endif
char *i18n_text(const char *msgid);

/* ngettext() remembered the same way, by msgid's address and n: a
 * report says "3 days late" of tens of thousands of duties. The macro
 * keeps the name xgettext looks for (and replaces libintl's own). */
#if defined(__GNUC__)
__attribute__((format_arg(1), format_arg(2)))
#endif
char *i18n_plural(const char *msgid, const char *msgid_plural, unsigned long n);
#undef ngettext
#define ngettext(msgid, msgid_plural, n) i18n_plural(msgid, msgid_plural, n)

/* The language when nothing says otherwise: kehoach's users are
 * Vietnamese civil servants, whatever the server's locale. */
#define I18N_DEFAULT_LANG "vi"

/* Sets the locale from the environment, but with UTF-8 characters (a
 * UTF-8 locale that exists, C.UTF-8 first, when the environment's is
 * not), numbers in the C locale, and binds the "kehoach" text domain, in
 * UTF-8, to the first catalogue folder of: $KEHOACH_LOCALEDIR; the build
 * tree's po/ when this binary is in the build tree and a catalogue was
 * built there; the installed localedir. The language is $KEHOACH_LANG,
 * else I18N_DEFAULT_LANG: the locale's language never decides. Modifies
 * the environment ($LANGUAGE), so call it before starting threads. */
void i18n_init(void);

/* Switches messages to lang ("vi", "en"; "en", or a language without a
 * catalogue, means the English originals). Strings translated before
 * keep the old language. */
void i18n_use(const char *lang);

/* Whether characters are handled as UTF-8: false only where no UTF-8
 * locale exists at all (the interface then refuses to start). */
bool i18n_utf8(void);

/* A rate as a percentage in the current language, "98.63%" ("98,63%" in
 * Vietnamese), or "–" when it is not defined: the one way rates are
 * shown, on the command line and in the interface. */
void i18n_percent(double rate, bool defined, char *out, size_t size);

#endif
