/* Unit tests of the configuration file: settings laid in layers, paths
 * relative to their file, who may mark which unit, and every kind of
 * mistake refused at its line and column with the configuration as it
 * was. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kehoach/config.h"

struct fixture {
	char dir[256];
	char path[3][300];     /* three layers: system, user, command line */
	struct config cfg;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	const char *tmp = getenv("TMPDIR");
	snprintf(f->dir, sizeof(f->dir), "%s/kehoach-config-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir))
		return -1;
	for (int i = 0; i < 3; i++)
		snprintf(f->path[i], sizeof(f->path[i]), "%s/layer%d.yaml", f->dir, i);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	config_free(&f->cfg);
	for (int i = 0; i < 3; i++)
		unlink(f->path[i]);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void write_layer(struct fixture *f, int i, const char *text)
{
	FILE *fp = fopen(f->path[i], "w");
	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

static void load_ok(struct fixture *f, int i)
{
	struct kh_error err;
	int rc = config_load_file(&f->cfg, f->path[i], &err);
	if (rc != 0)
		fail_msg("%s: unexpected error at %u:%u: %s", f->path[i], err.line,
			 err.column, err.message);
}

/* Loads text as layer 0, which must fail at line:column with message
 * containing expected. */
static void refused(struct fixture *f, const char *text, unsigned line,
		    unsigned column, const char *expected)
{
	write_layer(f, 0, text);
	struct kh_error err;
	assert_int_equal(config_load_file(&f->cfg, f->path[0], &err), -1);
	assert_string_equal(err.file, f->path[0]);
	if (err.line != line || err.column != column || !strstr(err.message, expected))
		fail_msg("for\n%s\nexpected %u:%u '%s', got %u:%u '%s'", text, line,
			 column, expected, err.line, err.column, err.message);
}

static void assert_units(const char *const *units, const char *expected)
{
	char got[256] = "";
	assert_non_null(units);
	for (const char *const *u = units; *u; u++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s",
			 got[0] ? " " : "", *u);
	assert_string_equal(got, expected);
}

static void test_layers(void **state)
{
	struct fixture *f = *state;
	write_layer(f, 0,
		    "# /etc/kehoach/config.yaml\n"
		    "database: /srv/kehoach/kehoach.db\n"
		    "plans: /srv/kehoach/plans\n"
		    "heads:\n"
		    "  hang.nt: [vp]\n"
		    "  minh.lv: [ns, tt]\n"
		    "office: [thu.tv]\n");
	write_layer(f, 1, "database: mine.db   # relative: beside this file\n");
	load_ok(f, 0);
	load_ok(f, 1);
	char mine[400];
	snprintf(mine, sizeof(mine), "%s/mine.db", f->dir);
	assert_string_equal(f->cfg.database, mine);
	assert_string_equal(f->cfg.plans, "/srv/kehoach/plans");
	assert_true(f->cfg.has_heads);
	assert_string_equal(f->cfg.rules_file, f->path[0]);
	assert_units(config_units_of(&f->cfg, "minh.lv"), "ns tt");
	assert_null(config_units_of(&f->cfg, "thu.tv"));

	/* A later file's heads replace the earlier ones as a whole. */
	write_layer(f, 2, "heads: { minh.lv: [vp] }\n");
	load_ok(f, 2);
	assert_string_equal(f->cfg.rules_file, f->path[2]);
	assert_units(config_units_of(&f->cfg, "minh.lv"), "vp");
	assert_units(config_units_of(&f->cfg, "hang.nt"), "");
	assert_null(config_units_of(&f->cfg, "thu.tv"));   /* office stays */
	assert_string_equal(f->cfg.plans, "/srv/kehoach/plans");
}

static void test_who_may_mark(void **state)
{
	struct fixture *f = *state;
	/* No heads anywhere: everyone may mark everything. */
	write_layer(f, 0, "office: [thu.tv]\n");
	load_ok(f, 0);
	assert_false(f->cfg.has_heads);
	assert_null(config_units_of(&f->cfg, "anyone"));
	/* Heads set: the others may mark nothing. */
	write_layer(f, 1, "heads:\n  hang.nt: [vp, vp]\n");
	load_ok(f, 1);
	assert_units(config_units_of(&f->cfg, "hang.nt"), "vp vp");
	assert_units(config_units_of(&f->cfg, "nobody"), "");
	assert_null(config_units_of(&f->cfg, "thu.tv"));
}

/* Once the system's file sets heads, later files may not change who may
 * mark what; other settings they may. */
static void test_rules_locked(void **state)
{
	struct fixture *f = *state;
	write_layer(f, 0, "heads: { hang.nt: [vp] }\noffice: [thu.tv]\n");
	load_ok(f, 0);
	f->cfg.rules_locked = f->cfg.has_heads;
	write_layer(f, 1, "database: /home/minh/k.db\nheads: { minh.lv: [vp] }\n");
	struct kh_error err;
	assert_int_equal(config_load_file(&f->cfg, f->path[1], &err), -1);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.message, "'heads' is set by"));
	assert_non_null(strstr(err.message, f->path[0]));
	write_layer(f, 1, "office: [minh.lv]\n");
	assert_int_equal(config_load_file(&f->cfg, f->path[1], &err), -1);
	assert_units(config_units_of(&f->cfg, "minh.lv"), "");
	assert_null(f->cfg.database);
	write_layer(f, 1, "database: /home/minh/k.db\n");
	load_ok(f, 1);
	assert_string_equal(f->cfg.database, "/home/minh/k.db");
}

static void test_empty_files(void **state)
{
	struct fixture *f = *state;
	/* A template with everything commented out sets nothing. */
	write_layer(f, 0, "# database: /srv/kehoach/kehoach.db\n");
	load_ok(f, 0);
	write_layer(f, 1, "");
	load_ok(f, 1);
	assert_null(f->cfg.database);
	assert_false(f->cfg.has_heads);
}

static void test_mistakes(void **state)
{
	struct fixture *f = *state;
	write_layer(f, 1, "database: /kept.db\nheads: { a: [vp] }\n");
	load_ok(f, 1);

	refused(f, "databse: x.db\n", 1, 1, "found 'databse'");
	refused(f, "database: a.db\ndatabase: b.db\n", 2, 1,
		"duplicate setting 'database' (first at line 1)");
	refused(f, "heads:\n  hang.nt: [vp]\n  hang.nt: [tt]\n", 3, 3,
		"'hang.nt' is listed twice");
	refused(f, "heads:\n  hang.nt: [Văn-phòng]\n", 2, 13, "expected a unit id");
	refused(f, "heads:\n  hang.nt: []\n", 2, 3, "hang.nt heads no unit");
	refused(f, "heads:\n  hang.nt: vp\n", 2, 12, "expected a list of the unit ids");
	refused(f, "heads:\n  'hang nt': [vp]\n", 2, 3, "expected an OS user name");
	refused(f, "heads: [vp]\n", 1, 8, "expected a mapping of OS user names");
	refused(f, "office: thu.tv\n", 1, 9, "expected a list of OS user names");
	refused(f, "office: [-rf]\n", 1, 10, "expected an OS user name, found '-rf'");
	refused(f, "database:\n", 1, 10, "expected a path for 'database', found an empty value");
	refused(f, "plans: \"a\\x07b\"\n", 1, 8, "a path without control characters");
	refused(f, "heads: &h { a: [vp] }\n", 1, 8, "anchors (&h) are not allowed in configuration files");
	refused(f, "office: !!str x\n", 1, 9, "tags");
	refused(f, "office: [a]\n---\noffice: [b]\n", 2, 1, "more than one document");
	refused(f, "office: [a\n", 1, 9, "YAML syntax error");
	refused(f, "- database\n", 1, 1, "expected a mapping of settings");

	/* Nothing of the refused files took effect. */
	assert_string_equal(f->cfg.database, "/kept.db");
	assert_units(config_units_of(&f->cfg, "a"), "vp");
	assert_string_equal(f->cfg.rules_file, f->path[1]);
}

/* people: names the people behind logins; every layer may, and a later
 * layer's entry for a login replaces the earlier one whole. */
static void test_people(void **state)
{
	struct fixture *f = *state;
	/* "Hằng" decomposed (NFD), as some editors save it: kept in NFC. */
	write_layer(f, 0,
		    "people:\n"
		    "  hang.nt: { name: \"Nguy\xe1\xbb\x85n Th\xe1\xbb\x8b Ha\xcc\x86\xcc\x80ng\", "
		    "title: \"Trưởng phòng Văn phòng\", email: hang.nt@example.gov.vn }\n"
		    "  minh.lv:\n"
		    "    name: Lê Văn Minh\n"
		    "    title: Chánh Văn phòng\n"
		    "  an.pt: { name: Phạm Thị An }\n");
	load_ok(f, 0);
	assert_int_equal(f->cfg.people.count, 3);
	const struct person *p = people_find(&f->cfg.people, "hang.nt");
	assert_non_null(p);
	assert_string_equal(p->name, "Nguyễn Thị Hằng");
	assert_string_equal(p->title, "Trưởng phòng Văn phòng");
	assert_string_equal(p->email, "hang.nt@example.gov.vn");
	p = people_find(&f->cfg.people, "an.pt");
	assert_non_null(p);
	assert_null(p->title);
	assert_null(p->email);
	assert_string_equal(people_name(&f->cfg.people, "minh.lv"), "Lê Văn Minh");
	/* Nobody named: the login, as before. */
	assert_string_equal(people_name(&f->cfg.people, "thu.tv"), "thu.tv");
	assert_string_equal(people_name(NULL, "thu.tv"), "thu.tv");
	assert_null(people_name(&f->cfg.people, NULL));
	char *label = people_label(&f->cfg.people, "hang.nt");
	assert_string_equal(label, "Nguyễn Thị Hằng (hang.nt)");
	x_free(label);
	label = people_label(&f->cfg.people, "thu.tv");
	assert_string_equal(label, "thu.tv");
	x_free(label);

	/* A later layer: minh.lv's entry is replaced whole (no title left),
	 * thu.tv is added, the others stay. */
	write_layer(f, 1, "people:\n  thu.tv: { name: Trần Văn Thu }\n"
			  "  minh.lv: { name: Lê Minh }\n");
	load_ok(f, 1);
	assert_int_equal(f->cfg.people.count, 4);
	assert_string_equal(people_name(&f->cfg.people, "minh.lv"), "Lê Minh");
	assert_null(people_find(&f->cfg.people, "minh.lv")->title);
	assert_string_equal(people_name(&f->cfg.people, "thu.tv"), "Trần Văn Thu");
	assert_string_equal(people_name(&f->cfg.people, "hang.nt"), "Nguyễn Thị Hằng");
	assert_string_equal(people_name(&f->cfg.people, "an.pt"), "Phạm Thị An");
	/* Sorted by login, as people_find's search needs. */
	for (size_t i = 1; i < f->cfg.people.count; i++)
		assert_true(strcmp(f->cfg.people.list[i - 1].login,
				   f->cfg.people.list[i].login) < 0);

	/* Naming people is not deciding who may mark: allowed after the
	 * system's file has set heads. */
	f->cfg.rules_locked = true;
	write_layer(f, 2, "people: { hang.nt: { name: Hằng } }\n");
	load_ok(f, 2);
	assert_string_equal(people_name(&f->cfg.people, "hang.nt"), "Hằng");
}

static void test_people_mistakes(void **state)
{
	struct fixture *f = *state;
	write_layer(f, 1, "people: { hang.nt: { name: Nguyễn Thị Hằng } }\n");
	load_ok(f, 1);

	refused(f, "people:\n  hang.nt: { name: A, titel: B }\n", 2, 23,
		"expected name, title or email, found 'titel'");
	refused(f, "people:\n  hang.nt: { name: A }\n  hang.nt: { name: B }\n", 3, 3,
		"'hang.nt' is listed twice under 'people'");
	refused(f, "people:\n  hang.nt: { name: A, name: B }\n", 2, 23,
		"hang.nt has two 'name' (first at line 2)");
	refused(f, "people:\n  'hang nt': { name: A }\n", 2, 3,
		"expected an OS user name, found 'hang nt'");
	refused(f, "people:\n  -x: { name: A }\n", 2, 3, "expected an OS user name, found '-x'");
	refused(f, "people:\n  hang.nt: { name: \"\" }\n", 2, 20,
		"expected the value of 'name' for hang.nt, found an empty value");
	refused(f, "people:\n  hang.nt: { name: \"   \" }\n", 2, 20,
		"the name of hang.nt is blank");
	refused(f, "people:\n  hang.nt: { title: \"   \", name: A }\n", 2, 21,
		"'title' of hang.nt is blank");
	refused(f, "people:\n  hang.nt: { title: Trưởng phòng }\n", 2, 3,
		"hang.nt has no name");
	refused(f, "people:\n  hang.nt: Nguyễn Thị Hằng\n", 2, 12,
		"expected a mapping of the name, title and email of hang.nt");
	refused(f, "people: [hang.nt]\n", 1, 9,
		"expected a mapping of OS user names to the people behind them");
	refused(f, "people:\n  hang.nt: { name: \"A\\nB\" }\n", 2, 20,
		"one line of text without control characters");
	refused(f, "people:\n  hang.nt: { name: \"A\\u202eB\" }\n", 2, 20,
		"one line of text without control characters");
	refused(f, "people:\n  hang.nt: { name: A, email: hang.nt }\n", 2, 30,
		"expected an email address");
	refused(f, "people: {}\npeople: {}\n", 2, 1,
		"duplicate setting 'people' (first at line 1)");

	/* Nothing of the refused files took effect. */
	assert_int_equal(f->cfg.people.count, 1);
	assert_string_equal(people_name(&f->cfg.people, "hang.nt"), "Nguyễn Thị Hằng");
}

/* sendmail, mail_from, remind_attach: `kehoach remind`'s settings. */
static void test_mail(void **state)
{
	struct fixture *f = *state;
	write_layer(f, 0, "sendmail: [msmtp, \"--host=127.0.0.1\", -t]\n"
		    "mail_from: kehoach@example.gov.vn\nremind_attach: none\n");
	load_ok(f, 0);
	assert_non_null(f->cfg.sendmail);
	assert_string_equal(f->cfg.sendmail[0], "msmtp");
	assert_string_equal(f->cfg.sendmail[1], "--host=127.0.0.1");
	assert_string_equal(f->cfg.sendmail[2], "-t");
	assert_null(f->cfg.sendmail[3]);
	assert_string_equal(f->cfg.mail_from, "kehoach@example.gov.vn");
	assert_string_equal(f->cfg.remind_attach, "none");
	/* A later layer replaces what it sets, keeps the rest. */
	write_layer(f, 1, "remind_attach: pdf\n");
	load_ok(f, 1);
	assert_string_equal(f->cfg.remind_attach, "pdf");
	assert_string_equal(f->cfg.sendmail[0], "msmtp");

	refused(f, "sendmail: []\n", 1, 1, "'sendmail' is empty");
	refused(f, "sendmail: /usr/sbin/sendmail -t\n", 1, 11, "the sendmail command as a list");
	refused(f, "sendmail: [\"a\\tb\"]\n", 1, 12, "a word of the command");
	refused(f, "mail_from: kehoach\n", 1, 12, "expected an email address");
	refused(f, "mail_from: \"a b@c\"\n", 1, 12, "expected an email address");
	refused(f, "remind_attach: docx\n", 1, 16, "pdf or none");
	assert_string_equal(f->cfg.remind_attach, "pdf");
}

static void test_missing_file(void **state)
{
	struct fixture *f = *state;
	struct kh_error err;
	assert_int_equal(config_load_file(&f->cfg, f->path[2], &err), -1);
	assert_non_null(strstr(err.message, "cannot open"));
	assert_string_equal(err.file, f->path[2]);
}

/* The calendar's settings: the 2025 decision (Monday 27/1 off in
 * exchange for Saturday 8/2), 2024's Tết as the notice gave it, and how
 * many working days are "due soon". */
static void test_calendar(void **state)
{
	struct fixture *f = *state;
	write_layer(f, 0, "due_soon_days: 2\nworkdays: [2024-01-02]\n");
	load_ok(f, 0);
	assert_int_equal(config_due_soon_days(&f->cfg), 2);
	write_layer(f, 1, "holidays:\n"
			  "  2025: [2025-01-27]\n"
			  "  2024: [08/02/2024]\n"
			  "workdays: [2025-02-08, 2024-02-15]\n"
			  "due_soon_days: 5\n");
	load_ok(f, 1);
	assert_int_equal(config_due_soon_days(&f->cfg), 5);
	/* A later file's list replaces the earlier one's whole, sorted. */
	assert_int_equal(f->cfg.n_workdays, 2);
	assert_int_equal(f->cfg.workdays[0], date_from_ymd(2024, 2, 15));
	assert_int_equal(f->cfg.n_holidays, 2);
	assert_int_equal(f->cfg.holidays[0], date_from_ymd(2024, 2, 8));
	struct workdays cal;
	config_calendar(&f->cfg, &cal);
	assert_false(workdays_is_working(&cal, date_from_ymd(2025, 1, 27)));
	assert_true(workdays_is_working(&cal, date_from_ymd(2025, 2, 8)));
	assert_false(workdays_is_working(&cal, date_from_ymd(2025, 2, 9)));
	const struct workdays_day *days;
	size_t n = workdays_year(&cal, 2025, &days);
	assert_int_equal(n, 13);
	assert_int_equal(days[1].date, date_from_ymd(2025, 1, 27));
	assert_string_equal(days[1].name, "day off by decision");
	/* 2024: 8/2 to 14/2, as the notice had it. */
	for (int d = 8; d <= 14; d++)
		assert_false(workdays_is_working(&cal, date_from_ymd(2024, 2, d)));
	assert_true(workdays_is_working(&cal, date_from_ymd(2024, 2, 15)));
	/* Friday 24/1/2025 + 1 working day: 27/1 is off now; 8/2 is worked. */
	assert_int_equal(workdays_add(&cal, date_from_ymd(2025, 1, 24), 1),
			 date_from_ymd(2025, 2, 4));
	assert_int_equal(workdays_add(&cal, date_from_ymd(2025, 2, 7), 1),
			 date_from_ymd(2025, 2, 8));
	workdays_free(&cal);
}

static void test_calendar_defaults(void **state)
{
	struct fixture *f = *state;
	write_layer(f, 0, "lang: vi\n");
	load_ok(f, 0);
	assert_int_equal(config_due_soon_days(&f->cfg), WORKDAYS_DUE_SOON_DEFAULT);
	assert_int_equal(f->cfg.n_holidays, 0);
	assert_int_equal(f->cfg.n_workdays, 0);
}

static void test_calendar_mistakes(void **state)
{
	struct fixture *f = *state;
	refused(f, "holidays:\n  2025: [2025-02-30]\n", 2, 10, "a date");
	refused(f, "holidays:\n  2025: [2024-12-31]\n", 2, 10, "is not in 2025");
	refused(f, "holidays:\n  25: [2025-01-27]\n", 2, 3, "a year");
	refused(f, "holidays:\n  2101: [2101-01-27]\n", 2, 3, "a year");
	refused(f, "holidays:\n  2025: [2025-01-27]\n  2025: []\n", 3, 3, "listed twice");
	refused(f, "holidays: [2025-01-27]\n", 1, 11, "a mapping of years");
	refused(f, "workdays: [2025-02-08, 08/02/2025]\n", 1, 24, "listed twice");
	refused(f, "workdays: [tet+3]\n", 1, 12, "a date");
	refused(f, "due_soon_days: 31\n", 1, 16, "from 0 to 30");
	refused(f, "due_soon_days: -1\n", 1, 16, "from 0 to 30");
	refused(f, "due_soon_days: three\n", 1, 16, "from 0 to 30");
	/* Nothing of a refused file was kept. */
	assert_int_equal(config_due_soon_days(&f->cfg), WORKDAYS_DUE_SOON_DEFAULT);
	assert_int_equal(f->cfg.n_holidays, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_layers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_who_may_mark, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rules_locked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mistakes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_people, setup, teardown),
		cmocka_unit_test_setup_teardown(test_people_mistakes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_calendar, setup, teardown),
		cmocka_unit_test_setup_teardown(test_calendar_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_calendar_mistakes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
