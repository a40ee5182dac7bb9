/* config: the layered configuration file, read with yaml_reader. */
#include "kehoach/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/i18n.h"
#include "kehoach/lunar.h"
#include "kehoach/plan.h"
#include "kehoach/text.h"
#include "kehoach/yaml_reader.h"

/* What one file says; its strings live in the layer's own arena until
 * they are copied over the configuration. */
struct layer {
	struct yaml_reader r;
	struct arena arena;
	const char *dir;          /* the file's folder, for relative paths */
	const char *database, *plans;
	const char *lang;
	const char **sendmail;
	const char *mail_from, *remind_attach;
	bool has_heads, has_office;
	struct config_head *heads;
	size_t n_heads, heads_cap;
	const char **office;
	unsigned office_line;
	bool has_people;
	struct person *people;
	size_t n_people, people_cap;
	bool rules_locked;        /* from the configuration */
	const char *rules_file;
	bool has_holidays, has_workdays, has_due_soon_days;
	kh_date *holidays, *workdays;
	size_t n_holidays, holidays_cap, n_workdays, workdays_cap;
	int due_soon_days;
};

/* The longest OS user name accepted: Linux allows 32, directory services
 * (user@domain) more. */
#define USER_NAME_MAX 128

/* OS user names: letters, digits and . _ - @ $, not starting with '-'. */
static bool user_name_valid(const char *s, size_t len)
{
	if (len == 0 || len > USER_NAME_MAX || s[0] == '-')
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || strchr("._-@$", c)))
			return false;
	}
	return true;
}

/* "expected EXPECTED, found 'VALUE'" at the current event, the value
 * sanitised. */
static int fail_found(struct layer *l, const char *expected, const char *value)
{
	char *shown = text_sanitize(value, 0);
	yaml_reader_fail(&l->r, yaml_reader_pos(&l->r), _("expected %s, found '%s'"),
			 expected, shown);
	x_free(shown);
	return -1;
}

/* lang: the language of messages and documents, vi or en. */
static int read_lang(struct layer *l)
{
	const char *value;
	size_t len;
	if (yaml_reader_next(&l->r) < 0 ||
	    yaml_reader_scalar(&l->r, _("a language (vi or en)"), &value, &len) < 0)
		return -1;
	if (strcmp(value, "vi") && strcmp(value, "en"))
		return fail_found(l, _("a language: vi or en"), value);
	l->lang = arena_strdup(&l->arena, value);
	return 0;
}

/* sendmail's words: handed to posix_spawn as they are (no shell), so
 * anything but control characters goes; none may be empty. */
static bool command_word_valid(const char *s, size_t len)
{
	if (len == 0 || !text_valid_utf8(s, len))
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* An address as mail_from and people's email take it: one '@', something
 * on each side, no spaces nor control characters. */
static bool address_valid(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len);
	if (!at || at == s || at + 1 == s + len || memchr(at + 1, '@', len - (size_t)(at + 1 - s)))
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f || strchr("<>,;\"", s[i]))
			return false;
	return true;
}

/* mail_from and remind_attach: one word each. */
static int read_mail_word(struct layer *l, const char *key, const char **out)
{
	const char *value;
	size_t len;
	char what[64];
	snprintf(what, sizeof(what), _("a value for '%s'"), key);
	if (yaml_reader_next(&l->r) < 0 ||
	    yaml_reader_scalar(&l->r, what, &value, &len) < 0)
		return -1;
	if (!strcmp(key, "mail_from") && !address_valid(value, len))
		return fail_found(l, _("an email address (name@example.gov.vn)"), value);
	if (!strcmp(key, "remind_attach") && strcmp(value, "pdf") && strcmp(value, "none"))
		return fail_found(l, _("what reminders attach: pdf or none"), value);
	*out = arena_strndup(&l->arena, value, len);
	return 0;
}

static int read_path(struct layer *l, const char *key, const char **out)
{
	const char *value;
	size_t len;
	char what[64];
	snprintf(what, sizeof(what), _("a path for '%s'"), key);
	if (yaml_reader_next(&l->r) < 0 ||
	    yaml_reader_scalar(&l->r, what, &value, &len) < 0)
		return -1;
	/* A path is shown in messages and handed to the system as it is:
	 * no control characters, and valid UTF-8. */
	char *shown = text_sanitize(value, 0);
	bool plain = text_valid_utf8(value, len) && !strcmp(shown, value);
	x_free(shown);
	if (!plain)
		return fail_found(l, _("a path without control characters"), value);
	if (value[0] == '/') {
		*out = arena_strndup(&l->arena, value, len);
	} else {
		char *joined = x_asprintf("%s/%s", l->dir, value);
		*out = arena_strdup(&l->arena, joined);
		x_free(joined);
	}
	return 0;
}

typedef bool (*item_valid_fn)(const char *s, size_t len);

static bool unit_id_valid(const char *s, size_t len)
{
	(void)len;
	return plan_id_valid(s);
}

/* Reads a list of names, each checked by valid (described by item in
 * errors), into a NULL-terminated array in the layer's arena. */
static int read_names(struct layer *l, const char *what, const char *item,
		      item_valid_fn valid, const char ***out)
{
	if (yaml_reader_expect(&l->r, YAML_SEQUENCE_START_EVENT, what) < 0)
		return -1;
	const char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = -1;
	for (;;) {
		const char *value;
		size_t len;
		if (yaml_reader_next(&l->r) < 0)
			goto out;
		if (l->r.event.type == YAML_SEQUENCE_END_EVENT)
			break;
		if (yaml_reader_scalar(&l->r, item, &value, &len) < 0)
			goto out;
		if (!valid(value, len)) {
			fail_found(l, item, value);
			goto out;
		}
		X_GROW(names, cap, n + 2);
		names[n++] = arena_strndup(&l->arena, value, len);
	}
	X_GROW(names, cap, n + 1);
	names[n] = NULL;
	*out = arena_alloc(&l->arena, (n + 1) * sizeof(*names));
	memcpy(*out, names, (n + 1) * sizeof(*names));
	rc = 0;
out:
	x_free(names);
	return rc;
}

static int read_heads(struct layer *l)
{
	if (yaml_reader_expect(&l->r, YAML_MAPPING_START_EVENT,
			       _("a mapping of OS user names to the units they head")) < 0)
		return -1;
	for (;;) {
		const char *user;
		size_t len;
		if (yaml_reader_next(&l->r) < 0)
			return -1;
		if (l->r.event.type == YAML_MAPPING_END_EVENT)
			return 0;
		struct source_pos at = yaml_reader_pos(&l->r);
		if (yaml_reader_scalar(&l->r, _("an OS user name"), &user, &len) < 0)
			return -1;
		if (!user_name_valid(user, len))
			return fail_found(l, _("an OS user name"), user);
		for (size_t i = 0; i < l->n_heads; i++)
			if (!strcmp(l->heads[i].user, user))
				return yaml_reader_fail(&l->r, at,
							_("'%s' is listed twice under 'heads': keep one"),
							user);
		X_GROW(l->heads, l->heads_cap, l->n_heads + 1);
		struct config_head *head = &l->heads[l->n_heads++];
		head->user = arena_strndup(&l->arena, user, len);
		head->units = NULL;
		head->line = at.line;
		char what[USER_NAME_MAX + 64];
		snprintf(what, sizeof(what), _("a list of the unit ids %s heads"), head->user);
		if (read_names(l, what, _("a unit id"), unit_id_valid, &head->units) < 0)
			return -1;
		if (!head->units[0])
			return yaml_reader_fail(&l->r, at,
						_("%s heads no unit: list them, or leave %s out"),
						head->user, head->user);
	}
}

/* A person's name, title or email: one line of text, in NFC. Control,
 * bidi and zero-width characters are refused here rather than shown
 * escaped on every page the name is printed on. */
static int read_person_text(struct layer *l, const char *login, const char *key,
			    const char **out)
{
	const char *value;
	size_t len;
	char what[USER_NAME_MAX + 64];
	snprintf(what, sizeof(what), _("the value of '%s' for %s"), key, login);
	if (yaml_reader_next(&l->r) < 0 ||
	    yaml_reader_scalar(&l->r, what, &value, &len) < 0)
		return -1;
	char *shown = text_sanitize(value, 0);
	bool plain = !strcmp(shown, value);
	x_free(shown);
	if (!plain)
		return fail_found(l, _("one line of text without control characters"), value);
	if (value[strspn(value, " ")] == '\0')
		return strcmp(key, "name")
			? yaml_reader_fail(&l->r, yaml_reader_pos(&l->r),
					   _("'%s' of %s is blank: write it, or leave it out"),
					   key, login)
			: yaml_reader_fail(&l->r, yaml_reader_pos(&l->r),
					   _("the name of %s is blank: write the person's full name"),
					   login);
	if (!strcmp(key, "email")) {
		if (!address_valid(value, len))
			return fail_found(l, _("an email address (name@example.gov.vn)"), value);
	}
	char *nfc = text_nfc(value);
	*out = arena_strdup(&l->arena, nfc);
	x_free(nfc);
	return 0;
}

/* Moves to the next key of the mapping being read: returns 1 at its end,
 * or 0 with the key in *key (libyaml's, valid until the next event) and
 * where it is written in *at; -1 with the error. what names the keys the
 * mapping holds. */
static int next_key(struct layer *l, const char *what, const char **key,
		    struct source_pos *at)
{
	size_t len;
	if (yaml_reader_next(&l->r) < 0)
		return -1;
	if (l->r.event.type == YAML_MAPPING_END_EVENT)
		return 1;
	*at = yaml_reader_pos(&l->r);
	return yaml_reader_scalar(&l->r, what, key, &len);
}

/* One person: { name: …, title: …, email: … }, the name required. at is
 * where the login was written. */
static int read_person(struct layer *l, struct person *p, struct source_pos at)
{
	static const char *const keys[] = { "name", "title", "email" };
	struct source_pos seen[KH_ARRAY_LEN(keys)] = { { 0, 0 } };
	const char **fields[] = { &p->name, &p->title, &p->email };
	char what[USER_NAME_MAX + 64];
	snprintf(what, sizeof(what), _("a mapping of the name, title and email of %s"),
		 p->login);
	if (yaml_reader_expect(&l->r, YAML_MAPPING_START_EVENT, what) < 0)
		return -1;
	const char *key;
	struct source_pos key_at;
	int end;
	while ((end = next_key(l, _("name, title or email"), &key, &key_at)) == 0) {
		size_t k = 0;
		while (k < KH_ARRAY_LEN(keys) && strcmp(keys[k], key))
			k++;
		if (k == KH_ARRAY_LEN(keys))
			return fail_found(l, _("name, title or email"), key);
		if (seen[k].line)
			return yaml_reader_fail(&l->r, key_at,
						_("%s has two '%s' (first at line %u)"),
						p->login, keys[k], seen[k].line);
		seen[k] = key_at;
		if (read_person_text(l, p->login, keys[k], fields[k]) < 0)
			return -1;
	}
	if (end < 0)
		return -1;
	if (!p->name)
		return yaml_reader_fail(&l->r, at,
					_("%s has no name: add name: \"…\" with the person's full name"),
					p->login);
	return 0;
}

static int compare_people(const void *a, const void *b)
{
	return strcmp(((const struct person *)a)->login, ((const struct person *)b)->login);
}

static int read_people(struct layer *l)
{
	if (yaml_reader_expect(&l->r, YAML_MAPPING_START_EVENT,
			       _("a mapping of OS user names to the people behind them")) < 0)
		return -1;
	const char *login;
	struct source_pos at;
	int end;
	while ((end = next_key(l, _("an OS user name"), &login, &at)) == 0) {
		size_t len = strlen(login);
		if (!user_name_valid(login, len))
			return fail_found(l, _("an OS user name"), login);
		for (size_t i = 0; i < l->n_people; i++)
			if (!strcmp(l->people[i].login, login))
				return yaml_reader_fail(&l->r, at,
							_("'%s' is listed twice under 'people'"), login);
		X_GROW(l->people, l->people_cap, l->n_people + 1);
		struct person *p = &l->people[l->n_people++];
		*p = (struct person){ .login = arena_strndup(&l->arena, login, len) };
		if (read_person(l, p, at) < 0)
			return -1;
	}
	if (end < 0)
		return -1;
	/* Sorted, as struct people wants them. */
	if (l->n_people)
		qsort(l->people, l->n_people, sizeof(*l->people), compare_people);
	return 0;
}

/* ---- the calendar: holidays, workdays, due_soon_days ---------------------- */

/* A list of dates into *days (growing *n, *cap), each new to it, and each
 * in year unless year is 0. */
static int read_dates(struct layer *l, const char *what, int year,
		      kh_date **days, size_t *n, size_t *cap)
{
	if (yaml_reader_expect(&l->r, YAML_SEQUENCE_START_EVENT, what) < 0)
		return -1;
	const char *item = _("a date (2025-01-27 or 27/01/2025)");
	for (;;) {
		const char *value;
		size_t len;
		kh_date day;
		if (yaml_reader_next(&l->r) < 0)
			return -1;
		if (l->r.event.type == YAML_SEQUENCE_END_EVENT)
			return 0;
		if (yaml_reader_scalar(&l->r, item, &value, &len) < 0)
			return -1;
		if (date_parse(value, &day, NULL) != DATE_PARSE_OK)
			return fail_found(l, item, value);
		int y, m, d;
		date_to_ymd(day, &y, &m, &d);
		if (year && y != year)
			return yaml_reader_fail(&l->r, yaml_reader_pos(&l->r),
						_("%s is not in %d: list it under %d"),
						value, year, y);
		for (size_t i = 0; i < *n; i++)
			if ((*days)[i] == day)
				return yaml_reader_fail(&l->r, yaml_reader_pos(&l->r),
							_("%s is listed twice: keep one"), value);
		X_GROW(*days, *cap, *n + 1);
		(*days)[(*n)++] = day;
	}
}

/* A year as the key of holidays: digits, one the calendar knows. */
static int read_year(struct layer *l, const char *value, int *year)
{
	const char *what = _("a year (from 1900 to 2100)");
	if (strlen(value) != 4 || strspn(value, "0123456789") != 4)
		return fail_found(l, what, value);
	*year = atoi(value);
	if (*year < LUNAR_YEAR_MIN || *year > LUNAR_YEAR_MAX)
		return fail_found(l, what, value);
	return 0;
}

/* holidays: { YEAR: [DATE, …], … }, the extra days off of each year. */
static int read_holidays(struct layer *l)
{
	if (yaml_reader_expect(&l->r, YAML_MAPPING_START_EVENT,
			       _("a mapping of years to their extra days off")) < 0)
		return -1;
	const char *key;
	struct source_pos at;
	int end;
	int years[LUNAR_YEAR_MAX - LUNAR_YEAR_MIN + 1] = { 0 };
	while ((end = next_key(l, _("a year (from 1900 to 2100)"), &key, &at)) == 0) {
		int year = 0;
		if (read_year(l, key, &year) < 0)
			return -1;
		if (years[year - LUNAR_YEAR_MIN])
			return yaml_reader_fail(&l->r, at,
						_("%d is listed twice under 'holidays' (first at line %d): keep one"),
						year, years[year - LUNAR_YEAR_MIN]);
		years[year - LUNAR_YEAR_MIN] = (int)at.line;
		char what[64];
		snprintf(what, sizeof(what), _("a list of the extra days off in %d"), year);
		if (read_dates(l, what, year, &l->holidays, &l->n_holidays,
			       &l->holidays_cap) < 0)
			return -1;
	}
	return end < 0 ? -1 : 0;
}

/* due_soon_days: how many working days ahead a deadline is due soon. */
static int read_due_soon_days(struct layer *l)
{
	const char *value;
	size_t len;
	char what[64];
	snprintf(what, sizeof(what), _("a number of working days from 0 to %d"),
		 WORKDAYS_DUE_SOON_MAX);
	if (yaml_reader_next(&l->r) < 0 ||
	    yaml_reader_scalar(&l->r, what, &value, &len) < 0)
		return -1;
	if (len > 2 || strspn(value, "0123456789") != len ||
	    atoi(value) > WORKDAYS_DUE_SOON_MAX)
		return fail_found(l, what, value);
	l->due_soon_days = atoi(value);
	return 0;
}

static int read_settings(struct layer *l)
{
	enum {
		KEY_DATABASE, KEY_PLANS, KEY_HEADS, KEY_OFFICE, KEY_LANG, KEY_PEOPLE,
		KEY_HOLIDAYS, KEY_WORKDAYS, KEY_DUE_SOON_DAYS,
		KEY_SENDMAIL, KEY_MAIL_FROM, KEY_REMIND_ATTACH,
	};
	static const char *const keys[] = {
		"database", "plans", "heads", "office", "lang", "people",
		"holidays", "workdays", "due_soon_days",
		"sendmail", "mail_from", "remind_attach",
	};
	struct source_pos seen[KH_ARRAY_LEN(keys)] = { { 0, 0 } };
	int begun = yaml_reader_begin_document(&l->r, NULL,
		_("a mapping of settings (database, plans, heads, office, lang, people, holidays, workdays, due_soon_days, sendmail, mail_from, remind_attach)"));
	if (begun != 0)
		return begun < 0 ? -1 : 0;
	for (;;) {
		if (yaml_reader_next(&l->r) < 0)
			return -1;
		if (l->r.event.type == YAML_MAPPING_END_EVENT)
			break;
		const char *key;
		size_t len;
		struct source_pos at = yaml_reader_pos(&l->r);
		if (yaml_reader_scalar(&l->r, _("a setting's name"), &key, &len) < 0)
			return -1;
		size_t k = 0;
		while (k < KH_ARRAY_LEN(keys) && strcmp(keys[k], key))
			k++;
		if (k == KH_ARRAY_LEN(keys))
			return fail_found(l, _("a setting: database, plans, heads, office, lang, people, holidays, workdays, due_soon_days, sendmail, mail_from or remind_attach"),
					  key);
		if (seen[k].line)
			return yaml_reader_fail(&l->r, at,
						_("duplicate setting '%s' (first at line %u): keep one"),
						keys[k], seen[k].line);
		seen[k] = at;
		if ((k == KEY_HEADS || k == KEY_OFFICE) && l->rules_locked)
			return yaml_reader_fail(&l->r, at,
						_("'%s' is set by %s, which only its administrator may change"),
						keys[k], l->rules_file);
		int rc;
		switch (k) {
		case KEY_DATABASE:
			rc = read_path(l, "database", &l->database);
			break;
		case KEY_PLANS:
			rc = read_path(l, "plans", &l->plans);
			break;
		case KEY_HEADS:
			l->has_heads = true;
			rc = read_heads(l);
			break;
		case KEY_LANG:
			rc = read_lang(l);
			break;
		case KEY_OFFICE:
			l->has_office = true;
			l->office_line = yaml_reader_pos(&l->r).line;
			rc = read_names(l, _("a list of OS user names for 'office'"),
					_("an OS user name"), user_name_valid, &l->office);
			break;
		case KEY_SENDMAIL:
			rc = read_names(l, _("the sendmail command as a list: [/usr/sbin/sendmail, -t, -oi]"),
					_("a word of the command, without control characters"),
					command_word_valid, &l->sendmail);
			if (rc == 0 && !l->sendmail[0])
				rc = yaml_reader_fail(&l->r, at, "%s",
						      _("'sendmail' is empty: name the command, or leave it out"));
			break;
		case KEY_MAIL_FROM:
			rc = read_mail_word(l, "mail_from", &l->mail_from);
			break;
		case KEY_REMIND_ATTACH:
			rc = read_mail_word(l, "remind_attach", &l->remind_attach);
			break;
		case KEY_PEOPLE:
			l->has_people = true;
			rc = read_people(l);
			break;
		case KEY_HOLIDAYS:
			l->has_holidays = true;
			rc = read_holidays(l);
			break;
		case KEY_WORKDAYS:
			l->has_workdays = true;
			rc = read_dates(l, _("a list of the days worked although off"), 0,
					&l->workdays, &l->n_workdays, &l->workdays_cap);
			break;
		default:   /* KEY_DUE_SOON_DAYS */
			l->has_due_soon_days = true;
			rc = read_due_soon_days(l);
			break;
		}
		if (rc < 0)
			return -1;
	}
	return yaml_reader_end_document(&l->r, _("a configuration file holds one"));
}

static int compare_dates(const void *a, const void *b)
{
	kh_date x = *(const kh_date *)a, y = *(const kh_date *)b;
	return (x > y) - (x < y);
}

static const char **copy_names(struct arena *arena, const char *const *names)
{
	size_t n = 0;
	while (names[n])
		n++;
	const char **copy = arena_alloc(arena, (n + 1) * sizeof(*copy));
	for (size_t i = 0; i < n; i++)
		copy[i] = arena_strdup(arena, names[i]);
	copy[n] = NULL;
	return copy;
}

/* Lays the layer's people over cfg's, login by login: a login the layer
 * names takes the layer's entry whole (its title too, or none). */
static void apply_people(struct config *cfg, const struct layer *l)
{
	const struct people mine = { l->people, l->n_people };
	size_t n = 0, cap = cfg->people.count + l->n_people;
	struct person *merged = arena_alloc(&cfg->arena, (cap ? cap : 1) * sizeof(*merged));
	for (size_t i = 0; i < cfg->people.count; i++)
		if (!people_find(&mine, cfg->people.list[i].login))
			merged[n++] = cfg->people.list[i];
	for (size_t i = 0; i < l->n_people; i++) {
		const struct person *p = &l->people[i];
		merged[n++] = (struct person){
			.login = arena_strdup(&cfg->arena, p->login),
			.name = arena_strdup(&cfg->arena, p->name),
			.title = p->title ? arena_strdup(&cfg->arena, p->title) : NULL,
			.email = p->email ? arena_strdup(&cfg->arena, p->email) : NULL,
		};
	}
	qsort(merged, n, sizeof(*merged), compare_people);
	cfg->people = (struct people){ merged, n };
}

/* A sorted copy of days[n] in arena (the calendar searches it). */
static const kh_date *sorted_dates(struct arena *arena, const kh_date *days, size_t n)
{
	kh_date *copy = arena_alloc(arena, (n ? n : 1) * sizeof(*copy));
	if (n)
		memcpy(copy, days, n * sizeof(*copy));
	qsort(copy, n, sizeof(*copy), compare_dates);
	return copy;
}

static void apply_calendar(struct config *cfg, const struct layer *l)
{
	if (l->has_holidays) {
		cfg->holidays = sorted_dates(&cfg->arena, l->holidays, l->n_holidays);
		cfg->n_holidays = l->n_holidays;
	}
	if (l->has_workdays) {
		cfg->workdays = sorted_dates(&cfg->arena, l->workdays, l->n_workdays);
		cfg->n_workdays = l->n_workdays;
	}
	if (l->has_due_soon_days) {
		cfg->due_soon_days = l->due_soon_days;
		cfg->has_due_soon_days = true;
	}
}

/* Lays what the layer set over cfg, copying into cfg's arena. */
static void apply_layer(struct config *cfg, const struct layer *l, const char *path)
{
	if (l->database)
		cfg->database = arena_strdup(&cfg->arena, l->database);
	if (l->plans)
		cfg->plans = arena_strdup(&cfg->arena, l->plans);
	if (l->lang)
		cfg->lang = arena_strdup(&cfg->arena, l->lang);
	if (l->sendmail)
		cfg->sendmail = copy_names(&cfg->arena, l->sendmail);
	if (l->mail_from)
		cfg->mail_from = arena_strdup(&cfg->arena, l->mail_from);
	if (l->remind_attach)
		cfg->remind_attach = arena_strdup(&cfg->arena, l->remind_attach);
	if (l->has_heads) {
		struct config_head *heads = arena_alloc(&cfg->arena,
			(l->n_heads ? l->n_heads : 1) * sizeof(*heads));
		for (size_t i = 0; i < l->n_heads; i++) {
			heads[i].user = arena_strdup(&cfg->arena, l->heads[i].user);
			heads[i].units = copy_names(&cfg->arena, l->heads[i].units);
			heads[i].line = l->heads[i].line;
		}
		cfg->heads = heads;
		cfg->n_heads = l->n_heads;
		cfg->has_heads = true;
		cfg->rules_file = arena_strdup(&cfg->arena, path);
	}
	if (l->has_office) {
		cfg->office = copy_names(&cfg->arena, l->office);
		cfg->office_file = arena_strdup(&cfg->arena, path);
		cfg->office_line = l->office_line;
	}
	if (l->has_people)
		apply_people(cfg, l);
	apply_calendar(cfg, l);
}

/* Configuration files hold a few settings: a value this long is a mistake. */
#define CONFIG_SCALAR_MAX_BYTES 4096u

int config_load_file(struct config *cfg, const char *path, struct kh_error *err)
{
	struct layer l = { .rules_locked = cfg->rules_locked, .rules_file = cfg->rules_file };
	const char *slash = strrchr(path, '/');
	l.dir = slash ? arena_strndup(&l.arena, path, slash == path ? 1 : (size_t)(slash - path))
		      : ".";
	int rc = yaml_reader_open_file(&l.r, path, N_("configuration files"),
				       CONFIG_FILE_MAX_BYTES, CONFIG_SCALAR_MAX_BYTES, err);
	if (rc == 0)
		rc = read_settings(&l);
	yaml_reader_close(&l.r);
	if (rc == 0)
		apply_layer(cfg, &l, path);
	x_free(l.heads);
	x_free(l.people);
	x_free(l.holidays);
	x_free(l.workdays);
	arena_free(&l.arena);
	return rc;
}

void config_free(struct config *cfg)
{
	arena_free(&cfg->arena);
	memset(cfg, 0, sizeof(*cfg));
}

const char *const *config_units_of(const struct config *cfg, const char *user)
{
	static const char *const none[] = { NULL };
	if (!cfg->has_heads)
		return NULL;
	for (const char *const *o = cfg->office; o && *o; o++)
		if (!strcmp(*o, user))
			return NULL;
	for (size_t i = 0; i < cfg->n_heads; i++)
		if (!strcmp(cfg->heads[i].user, user))
			return cfg->heads[i].units;
	return none;
}

int config_due_soon_days(const struct config *cfg)
{
	return cfg->has_due_soon_days ? cfg->due_soon_days : WORKDAYS_DUE_SOON_DEFAULT;
}

void config_calendar(const struct config *cfg, struct workdays *cal)
{
	workdays_init(cal, cfg->holidays, cfg->n_holidays, cfg->workdays, cfg->n_workdays);
}
