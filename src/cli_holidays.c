/* kehoach holidays [YEAR]: the named days off of a year, as the calendar
 * that "due soon" counts working days by has them. Needs no plans. */
#include <stdio.h>

#include "kehoach/cli.h"
#include "kehoach/json.h"
#include "kehoach/workdays.h"

static void print_text(const struct workdays_day *days, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char vn[DATE_STR_SIZE];
		date_format_vn(days[i].date, vn);
		printf("%s  %s  %s\n", vn, date_weekday_name(days[i].date), _(days[i].name));
	}
}

static void print_json(const struct workdays_day *days, size_t n)
{
	struct buf b = { 0 };
	buf_puts(&b, "[");
	for (size_t i = 0; i < n; i++) {
		struct json_object o;
		buf_puts(&b, i ? ",\n  " : "\n  ");
		json_object_begin(&o, &b);
		json_member_date(&o, "date", days[i].date);
		json_member_string(&o, "name", _(days[i].name));
		json_object_end(&o);
	}
	buf_puts(&b, n ? "\n]\n" : "]\n");
	fwrite(buf_str(&b), 1, b.len, stdout);
	buf_free(&b);
}

static int run_holidays(struct cli *cli, const struct cli_args *args)
{
	int year, month, day;
	date_to_ymd(cli->today, &year, &month, &day);
	if (args->count == 1 && cli_parse_year(args->command->name, args->items[0], &year) < 0)
		return KH_EXIT_USAGE;
	const struct workdays_day *days;
	size_t n = workdays_year(&cli->calendar, year, &days);
	if (cli_number(args, "format", FORMAT_TEXT) == FORMAT_JSON)
		print_json(days, n);
	else
		print_text(days, n);
	return KH_EXIT_OK;
}

static const struct cli_option holidays_options[] = {
	{ "format", 0, CLI_CHOICE, N_("text (the default) or json"), cli_formats_text_json },
	{ 0 },
};

const struct cli_command cli_holidays_command = {
	.name = "holidays",
	.arguments = "[YEAR]",
	.argument_kind = CLI_YEAR,
	.max_args = 1,
	.summary = N_("the public holidays and other days off of a year"),
	.description = N_(
		"The days off of YEAR (default: the year of --today) besides\n"
		"Saturdays and Sundays: the public holidays of the Labor Code (Tết\n"
		"Dương lịch, Tết Nguyên đán from the last day of the lunar year to\n"
		"mùng 4, Giỗ Tổ Hùng Vương, 30/4, 1/5, Quốc khánh 2/9 and a day beside\n"
		"it), a day in lieu for each that falls on a weekend, and the\n"
		"configuration's 'holidays:' of that year, less its 'workdays:'. Due\n"
		"soon counts the working days of this calendar. Needs no plans.\n"),
	.options = holidays_options,
	.run = run_holidays,
};
