/* config: the configuration file, which an office administrator writes to
 * say where the shared database and plans are and which OS user heads
 * which unit.
 *
 *     database: /srv/kehoach/kehoach.db   # relative paths: from the file's folder
 *     plans: /srv/kehoach/plans
 *     heads:                               # OS user: the units they head
 *       hang.nt: [vp]
 *       minh.lv: [ns, tt]
 *     office: [thu.tv]                     # may mark any unit
 *     lang: vi                             # messages and documents: vi or en
 *     people:                              # who is behind a login
 *       hang.nt: { name: "Nguyễn Thị Hằng", title: "Trưởng phòng",
 *                  email: hang.nt@example.gov.vn }
 *     sendmail: [/usr/sbin/sendmail, -t, -oi]   # how `remind` sends mail
 *     mail_from: kehoach@example.gov.vn
 *     remind_attach: pdf                   # or none
 *     holidays:                            # extra days off, by year (the
 *       2025: [2025-01-27]                 # Government's decision)
 *     workdays: [2025-02-08]               # worked although computed off
 *     due_soon_days: 3                     # working days; 0 … 30
 *
 * The days off themselves are computed (workdays.h): `holidays` adds to
 * them, each date in the year it is listed under, and `workdays` takes
 * days out (a Saturday worked in exchange for a day off). Dates are
 * written as everywhere else, 2025-01-27 or 27/01/2025.
 *
 * Files are read in layers (the system's, the user's, the one named on
 * the command line); each key a later file sets replaces what an earlier
 * one said, except who may mark what once the system's file has said it
 * (rules_locked); `people` is laid over person by person, a later file's
 * entry for a login replacing an earlier one's. Read as strictly as a plan file: an unknown key, a duplicate
 * or a bad id is an error naming file:line:column. */
#ifndef KEHOACH_CONFIG_H
#define KEHOACH_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/date.h"
#include "kehoach/error.h"
#include "kehoach/people.h"
#include "kehoach/util.h"
#include "kehoach/workdays.h"

/* Configuration files larger than this are refused before parsing. */
#define CONFIG_FILE_MAX_BYTES (1u * 1024 * 1024)

struct config_head {
	const char *user;
	const char **units;      /* NULL-terminated unit ids */
	unsigned line;           /* in rules_file, for messages */
};

struct config {
	const char *database;    /* absolute or relative to the cwd; NULL: not set */
	const char *plans;
	const char *lang;        /* "vi" or "en"; NULL: not set */
	const char **sendmail;   /* the command mail is piped to, NULL-terminated
				  * words; NULL: not set (/usr/sbin/sendmail -t -oi) */
	const char *mail_from;   /* the sender's address; NULL: not set (user@host) */
	const char *remind_attach; /* "pdf" or "none"; NULL: not set (pdf) */
	bool has_heads;          /* some file set `heads` */
	const struct config_head *heads;
	size_t n_heads;
	const char **office;     /* NULL-terminated OS user names */
	const char *office_file; /* the file that set them, and the line */
	unsigned office_line;
	const char *rules_file;  /* the file whose `heads` are in force */
	/* Set by the caller once the system's file has set `heads`: a later
	 * file that sets `heads` or `office` is then refused, so that a
	 * user's own configuration cannot hand them other units. */
	bool rules_locked;
	struct people people;    /* the names behind logins, of every layer */
	const kh_date *holidays; /* holidays: every year's, sorted, no repeats */
	size_t n_holidays;
	const kh_date *workdays; /* workdays:, sorted, no repeats */
	size_t n_workdays;
	bool has_due_soon_days;  /* some file set due_soon_days */
	int due_soon_days;       /* 0 … WORKDAYS_DUE_SOON_MAX */
	struct arena arena;      /* owns everything above */
};

/* Reads path and lays what it sets over cfg (zeroed before the first
 * file). Returns 0, or -1 with err; on failure cfg is as it was. */
int config_load_file(struct config *cfg, const char *path, struct kh_error *err);

void config_free(struct config *cfg);

/* Which units user may mark. Returns NULL when every unit (no `heads`, or
 * user is in `office`), else a NULL-terminated list of unit ids, empty
 * when heads are set and user heads none. The list belongs to cfg. */
const char *const *config_units_of(const struct config *cfg, const char *user);

/* The working days "due soon" spans: due_soon_days, or the default. */
int config_due_soon_days(const struct config *cfg);

/* Fills *cal with the calendar the configuration corrects (holidays,
 * workdays); cal borrows cfg's lists and is freed with workdays_free(). */
void config_calendar(const struct config *cfg, struct workdays *cal);

#endif
