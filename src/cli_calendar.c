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

static int run_tet(struct cli *cli, const struct cli_args *args)
{
	int year, month, day;
	date_to_ymd(cli->today, &year, &month, &day);
	if (args->count == 1 && cli_parse_year(args->command->name, args->items[0], &year) < 0)
		return KH_EXIT_USAGE;
	kh_date tet = lunar_tet(year);
	if (tet == KH_DATE_NONE) {
		cli_usage_error(args->command->name, _("no Tết is known in %d (only from %d to %d)"),
				year, LUNAR_YEAR_MIN, LUNAR_YEAR_MAX);
		return KH_EXIT_USAGE;
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
	return KH_EXIT_OK;
}

static const struct cli_option tet_options[] = { { 0 } };

const struct cli_command cli_tet_command = {
	.name = "tet",
	.arguments = "[YEAR]",
	.argument_kind = CLI_YEAR,
	.max_args = 1,
	.summary = N_("the day of Tết and the default phases"),
	.description = N_(
		"The day of Tết (mùng 1 tháng Giêng) in YEAR (default: the year of\n"
		"--today), then the default phases of a plan with 'tet: YEAR' and no\n"
		"'issued' (see README: Plans). Needs no plans.\n"),
	.options = tet_options,
	.run = run_tet,
};

/* ---- kehoach lunar --------------------------------------------------------- */

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

static int run_lunar(struct cli *cli, const struct cli_args *args)
{
	const char *command = args->command->name;
	kh_date date = cli->today;
	struct lunar_date ld;
	int tet_year = cli_number(args, "tet", 0);
	if (args->count == 1 && parse_any_date(command, args->items[0], tet_year, &date) < 0)
		return KH_EXIT_USAGE;
	if (lunar_from_date(date, &ld) < 0) {
		char vn[DATE_STR_SIZE], first[DATE_STR_SIZE], last[DATE_STR_SIZE];
		date_format_vn(lunar_tet(LUNAR_YEAR_MIN), first);
		date_format_vn(date_from_ymd(LUNAR_YEAR_MAX, 12, 31), last);
		cli_usage_error(command,
				_("%s is outside the lunar calendar kehoach knows (%s to %s)"),
				cli_date(date, vn), first, last);
		return KH_EXIT_USAGE;
	}
	if (cli_number(args, "format", FORMAT_TEXT) == FORMAT_JSON) {
		print_lunar_json(date, &ld);
	} else {
		char vn[DATE_STR_SIZE], lunar[LUNAR_LONG_SIZE];
		date_format_vn(date, vn);
		lunar_format_long(&ld, lunar);
		printf("%s — %s\n", vn, lunar);
	}
	return KH_EXIT_OK;
}

static const struct cli_option lunar_options[] = {
	{ "tet", 0, CLI_YEAR, N_("read DATE as a plan with 'tet: YEAR' does") },
	{ "format", 0, CLI_CHOICE, N_("text (the default) or json"), cli_formats_text_json },
	{ 0 },
};

const struct cli_command cli_lunar_command = {
	.name = "lunar",
	.arguments = "[DATE]",
	.argument_kind = CLI_TEXT,
	.max_args = 1,
	.summary = N_("a day in the lunar calendar"),
	.description = N_(
		"DATE (default: today) in the Vietnamese lunar calendar, as\n"
		"\"25/01/2022 — 23 tháng Chạp năm Tân Sửu\". DATE is\n"
		"YYYY-MM-DD or DD/MM/YYYY; with --tet YEAR it may also be a lunar day\n"
		"(\"23/12 ÂL\") or a day counted from Tết (\"tet-3\"), as in a plan with\n"
		"tet: YEAR, to find its day in the solar calendar. Needs no plans.\n"),
	.options = lunar_options,
	.run = run_lunar,
};
