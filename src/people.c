/* people: logins shown as the names of the people behind them. */
#include "kehoach/people.h"

#include <stdlib.h>
#include <string.h>

#include "kehoach/util.h"

static int compare_login(const void *key, const void *item)
{
	return strcmp(key, ((const struct person *)item)->login);
}

const struct person *people_find(const struct people *people, const char *login)
{
	if (!people || !people->count || !login)
		return NULL;
	return bsearch(login, people->list, people->count, sizeof(*people->list),
		       compare_login);
}

const char *people_name(const struct people *people, const char *login)
{
	const struct person *p = people_find(people, login);
	return p ? p->name : login;
}

char *people_label(const struct people *people, const char *login)
{
	const struct person *p = people_find(people, login);
	return p ? x_asprintf("%s (%s)", p->name, p->login) : x_strdup(login ? login : "");
}
