/* people: the people behind OS logins, as the configuration names them
 *
 *     people:
 *       hang.nt: { name: "Nguyễn Thị Hằng", title: "Trưởng phòng Văn phòng" }
 *
 * The store keeps logins, never names: the configuration may change, and
 * a name is only how a login is shown. Whatever shows who made a change
 * (reports, show, history, the interface, conflict messages) asks
 * people_name() or people_label(), so that a login is turned into a name
 * in one way everywhere. Names are NFC; like every string, they are
 * sanitised where they are written out. */
#ifndef KEHOACH_PEOPLE_H
#define KEHOACH_PEOPLE_H

#include <stddef.h>

struct person {
	const char *login;      /* the OS user name */
	const char *name;       /* "Nguyễn Thị Hằng": never NULL or empty */
	const char *title;      /* NULL when not given */
	const char *email;      /* NULL when not given */
};

/* A zeroed struct names nobody. The strings belong to whoever filled it
 * (the configuration). */
struct people {
	const struct person *list;   /* sorted by login (strcmp), each once */
	size_t count;
};

/* The person behind login, or NULL (people may be NULL: nobody named). */
const struct person *people_find(const struct people *people, const char *login);

/* What to show for login: the person's name, else the login itself
 * (NULL for NULL). Valid as long as people and login are. */
const char *people_name(const struct people *people, const char *login);

/* What to show where the login must stay visible (history): "Nguyễn Thị
 * Hằng (hang.nt)", or the login alone when nobody is named by it. Returns
 * a new string the caller frees. */
char *people_label(const struct people *people, const char *login);

#endif
