/* kehoach tet [YEAR] and kehoach lunar [DATE]: the calendar a plan's dates
 * are counted in. Neither needs the plans or the database. */
#include <stdlib.h>
#include <string.h>

#include "kehoach/cli.h"
#include "kehoach/json.h"
#include "kehoach/lunar.h"
#include "kehoach/plan.h"
#include "kehoach/text.h"

/* ---- kehoach tet ----------------------------------------------------------- */

static const char tet_usage[] = N_(
	"Usage: kehoach tet [YEAR]\n"
	"The day of Tết (mùng 1 tháng Giêng) in YEAR (default: the year of\n"
	"--today), then the default phases of a plan with 'tet: YEAR' and no\n"
	"'issued' (see README: Plans).\n");

/* "  before Tết  07/01/2027 – 03/02/2027  tet-30 … tet-3" */
static void print_phase(enum phase phase, const struct date_range *range,
			kh_date tet, int title_width)
{
	char from[DATE_STR_SIZE], to[DATE_STR_SIZE];
	char from_tet[DATE_TET_STR_SIZE], to_tet[DATE_TET_STR_SIZE];
	const char *title = phase_title(phase);
	date_format_vn(range->from, from);
	date_format_vn(range->to, to);
	date_format_tet_offset((int)(range->from - tet), from_tet);
	date_format_tet_offset((int)(range->to - tet), to_tet);
	printf("  %s%*s  %s – %s  %s … %s\n", title,
	       title_width - (int)text_width(title), "", from, to, from_tet, to_tet);
}

int cli_tet(struct cli *cli, int argc, char **argv)
{
	static const struct cli_option options[] = { { 0 } };
	struct cli_args a;
	int rc;
	if (!cli_parse(argc, argv, options, _(tet_usage), 0, 1, &a, &rc))
		return rc;
	int year, month, day;
	date_to_ymd(cli->today, &year, &month, &day);
	rc = KH_EXIT_USAGE;
	if (a.count == 1 && cli_parse_year(argv[0], a.items[0], &year) < 0)
		goto out;
	kh_date tet = lunar_tet(year);
	if (tet == KH_DATE_NONE) {
		cli_usage_error(argv[0], _("no Tết is known in %d (only from %d to %d)"),
				year, LUNAR_YEAR_MIN, LUNAR_YEAR_MAX);
		goto out;
	}
	/* The phases are a plan's, so that they follow the rule the loader
	 * applies and cannot drift from it. */
	struct plan *plan = plan_new("tet");
	plan->tet = year;
	plan_apply_tet_defaults(plan, true);

	char iso[DATE_STR_SIZE], vn[DATE_STR_SIZE], can_chi[LUNAR_CAN_CHI_SIZE];
	date_format_iso(tet, iso);
	date_format_vn(tet, vn);
	lunar_can_chi_year(year, can_chi, sizeof(can_chi));
	/* TRANSLATORS: the date of Tết, its weekday, the date again as
	 * DD/MM/YYYY, and the year's name ("Nhâm Dần"). */
	printf(_("%s %s, %s — Tết %s\n"), iso, date_weekday_name(tet), vn, can_chi);
	printf(_("Default phases of a plan with 'tet: %d' and no 'issued':\n"), year);
	int width = 0;
	for (int p = PHASE_BEFORE; p < PHASE_COUNT; p++) {
		int w = (int)text_width(phase_title((enum phase)p));
		width = w > width ? w : width;
	}
	for (int p = PHASE_BEFORE; p < PHASE_COUNT; p++)
		print_phase((enum phase)p, &plan->phases[p], tet, width);
	plan_free(plan);
	rc = KH_EXIT_OK;
out:
	cli_args_free(&a);
	return rc;
}

/* ---- kehoach lunar --------------------------------------------------------- */

static const char lunar_usage[] = N_(
	"Usage: kehoach lunar [DATE] [--tet YEAR] [--format text|json]\n"
	"DATE (default: today) in the Vietnamese lunar calendar. DATE is\n"
	"YYYY-MM-DD or DD/MM/YYYY; with --tet YEAR it may also be a lunar day\n"
	"(\"23/12 ÂL\") or a day counted from Tết (\"tet-3\"), as in a plan with\n"
	"tet: YEAR, to find its day in the solar calendar.\n");

/* DATE as a plan with `tet: tet_year` reads it (tet_year 0: no Tết, so
 * only the solar forms); prints a usage error when there is no such day. */
static int parse_any_date(const char *command, const char *s, int tet_year,
			  kh_date *out)
{
	struct date_calendar_form form;
	switch (date_parse(s, out, &form)) {
	case DATE_PARSE_TET_RELATIVE:
	case DATE_PARSE_LUNAR:
		if (!tet_year) {
			cli_usage_error(command,
					_("'%s' counts from a Tết: say which with --tet YEAR"), s);
			return -1;
		}
		if (lunar_resolve_form(tet_year, &form, out) < 0) {
			cli_usage_error(command, _("there is no '%s' around the Tết of %d"),
					s, tet_year);
			return -1;
		}
		return 0;
	case DATE_PARSE_OUT_OF_RANGE:
		cli_usage_error(command, _("'%s' is too far from Tết: kehoach counts at most %d days before or after it (tet-%d to tet+%d)"),
				s, DATE_TET_OFFSET_MAX, DATE_TET_OFFSET_MAX,
				DATE_TET_OFFSET_MAX);
		return -1;
	default:
		return cli_parse_date(command, s, out);
	}
}

static void print_lunar_json(kh_date date, const struct lunar_date *ld)
{
	struct buf b = { 0 };
	char can_chi[LUNAR_CAN_CHI_SIZE];
	lunar_can_chi_year(ld->year, can_chi, sizeof(can_chi));
	struct json_object o;
	json_object_begin(&o, &b);
	json_member_date(&o, "date", date);
	json_member_int(&o, "day", ld->day);
	json_member_int(&o, "month", ld->month);
	json_member_int(&o, "year", ld->year);
	json_member_bool(&o, "leap", ld->leap);
	json_member_string(&o, "can_chi", can_chi);
	json_object_end(&o);
	buf_putc(&b, '\n');
	fwrite(buf_str(&b), 1, b.len, stdout);
	buf_free(&b);
}

int cli_lunar(struct cli *cli, int argc, char **argv)
{
	const char *format_name = "text", *tet_name = NULL;
	const struct cli_option options[] = {
		{ "format", true, &format_name, 0 },
		{ "tet", true, &tet_name, 0 },
		{ 0 },
	};
	struct cli_args a;
	enum cli_format format;
	int rc;
	if (!cli_parse(argc, argv, options, _(lunar_usage), 0, 1, &a, &rc))
		return rc;
	kh_date date = cli->today;
	struct lunar_date ld;
	int tet_year = 0;
	rc = KH_EXIT_USAGE;
	if (cli_parse_format(argv[0], format_name, false, &format) < 0 ||
	    (tet_name && cli_parse_year(argv[0], tet_name, &tet_year) < 0))
		goto out;
	if (a.count == 1 && parse_any_date(argv[0], a.items[0], tet_year, &date) < 0)
		goto out;
	if (lunar_from_date(date, &ld) < 0) {
		char vn[DATE_STR_SIZE], first[DATE_STR_SIZE], last[DATE_STR_SIZE];
		date_format_vn(lunar_tet(LUNAR_YEAR_MIN), first);
		date_format_vn(date_from_ymd(LUNAR_YEAR_MAX, 12, 31), last);
		cli_usage_error(argv[0],
				_("%s is outside the lunar calendar kehoach knows (%s to %s)"),
				cli_date(date, vn), first, last);
		goto out;
	}
	if (format == FORMAT_JSON) {
		print_lunar_json(date, &ld);
	} else {
		char vn[DATE_STR_SIZE], lunar[LUNAR_LONG_SIZE];
		date_format_vn(date, vn);
		lunar_format_long(&ld, lunar);
		printf("%s — %s\n", vn, lunar);
	}
	rc = KH_EXIT_OK;
out:
	cli_args_free(&a);
	return rc;
}
