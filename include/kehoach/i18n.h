/* i18n: the gettext set-up. English is the source language; the
 * catalogues (po/LANG.po) translate it, for now into Vietnamese. */
#ifndef KEHOACH_I18N_H
#define KEHOACH_I18N_H

#include <libintl.h>

/* _() translates now; N_() only marks a string for xgettext, for tables
 * and usage texts translated with _() where they are printed. */
#define _(s) gettext(s)
#define N_(s) (s)

/* Sets the locale from the environment and binds the "kehoach" text
 * domain, in UTF-8, to the first catalogue folder of: $KEHOACH_LOCALEDIR;
 * the build tree's po/ when this binary is in the build tree and a
 * catalogue was built there; the installed localedir.
 *
 * lang ("vi", "en"; NULL for none), else $KEHOACH_LANG, forces a language:
 * it becomes $LANGUAGE, and a "C" message locale is switched to C.UTF-8,
 * under which gettext honours $LANGUAGE (under plain "C" it ignores it).
 * "en", or a language without a catalogue, means the English originals.
 * When the environment asks for a locale that is not installed (often
 * vi_VN.UTF-8), the locale becomes C.UTF-8 and, unless $LANGUAGE says
 * otherwise, that locale's language is used all the same.
 *
 * May be called again, e.g. once a --lang option has been read; strings
 * translated before keep the old language. Modifies the environment
 * ($LANGUAGE), so call it before starting threads. */
void i18n_init(const char *lang);

#endif
