/* kehoach roll PLAN-FILE --to YEAR [--keep tet|lunar] [-o FILE]: a copy of
 * a plan for the Tết of another year (plan_roll.h). Needs neither the plans
 * folder nor the database. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kehoach/cli.h"
#include "kehoach/file_io.h"
#include "kehoach/lunar.h"
#include "kehoach/plan_roll.h"
#include "kehoach/plan_yaml.h"

/* ---- notes ------------------------------------------------------------------ */

/* "2022", "Nhâm Dần" or both, as a text mentions them. */
static void mention(const struct roll_note *note, int year, char *out,
		    size_t size)
{
	char can_chi[LUNAR_CAN_CHI_SIZE];
	lunar_can_chi_year(year, can_chi, sizeof(can_chi));
	if (note->mentions_year && note->mentions_can_chi)
		snprintf(out, size, "%d, %s", year, can_chi);
	else if (note->mentions_year)
		snprintf(out, size, "%d", year);
	else
		snprintf(out, size, "%s", can_chi);
}

/* "25/01/2022 (lunar 23/12)" */
static void day_and_lunar(kh_date date, const struct lunar_date *ld, char *out,
			  size_t size)
{
	char vn[DATE_STR_SIZE], lunar[LUNAR_SHORT_SIZE];
	date_format_vn(date, vn);
	lunar_format_short(ld, lunar);
	snprintf(out, size, "%s (%s)", vn, lunar);
}

static void print_note(const char *file, const struct roll_result *res,
		       const struct roll_note *note)
{
	char old[96], new[96], year_name[LUNAR_CAN_CHI_SIZE];
	switch (note->kind) {
	case ROLL_NOTE_MENTION:
		mention(note, res->from_year, old, sizeof(old));
		mention(note, res->to_year, new, sizeof(new));
		cli_error(_("note: %s:%u:%u: '%s' mentions %s; texts are copied as written: edit it by hand if it should say %s"),
			  file, note->line, note->column, note->field, old, new);
		return;
	case ROLL_NOTE_LEAP_MONTH:
	case ROLL_NOTE_DAY_30:
		day_and_lunar(note->old_date, &note->old_lunar, old, sizeof(old));
		day_and_lunar(note->new_date, &note->new_lunar, new, sizeof(new));
		lunar_can_chi_year(note->new_lunar.year, year_name, sizeof(year_name));
		if (note->kind == ROLL_NOTE_LEAP_MONTH)
			cli_error(_("note: %s:%u:%u: '%s' %s is in a leap month, which the lunar year %s does not have: it becomes %s"),
				  file, note->line, note->column, note->field, old,
				  year_name, new);
		else
			cli_error(_("note: %s:%u:%u: '%s' %s is a 30th, which month %d of the lunar year %s does not have: it becomes %s"),
				  file, note->line, note->column, note->field, old,
				  note->new_lunar.month, year_name, new);
		return;
	}
}

/* ---- the command ------------------------------------------------------------ */

static int roll_file(const char *path, int year, enum roll_keep keep,
		     const char *output)
{
	struct buf text = { 0 };
	struct roll_result result = { 0 };
	struct kh_error err;
	kh_error_clear(&err);
	int rc = KH_EXIT_FAIL;
	if (file_read_input(path, PLAN_FILE_MAX_BYTES, &text, &err) < 0 ||
	    plan_roll(path, buf_str(&text), text.len, year, keep, &result, &err) < 0) {
		cli_report_error(&err);
	} else if ((rc = cli_write_output(output, &result.text, CLI_WRITE_REPLACE)) == KH_EXIT_OK) {
		/* Lines are the same in both files: name the one to edit. */
		for (size_t i = 0; i < result.n_notes; i++)
			print_note(output ? output : path, &result, &result.notes[i]);
	}
	roll_result_free(&result);
	buf_free(&text);
	return rc;
}

/* roll --archive: the plan rolled from is archived, once its copy is
 * written. Its id is read from the file; the database is opened only
 * now, as a roll without --archive needs none. */
static int archive_source(struct cli *cli, const char *path)
{
	struct plan *plan;
	struct kh_error err;
	if (plan_load_file(path, &plan, &err) < 0) {
		cli_report_error(&err);
		return KH_EXIT_FAIL;
	}
	struct actor actor;
	cli_actor(cli, &actor);
	int rc = KH_EXIT_FAIL;
	if (cli_open_store(cli, NULL) < 0)
		goto out;
	int archived = store_archive(cli->store, plan->id, cli->today,
				     _("rolled to the next year"), &actor, &err);
	if (archived < 0) {
		cli_report_error(&err);
		goto out;
	}
	char day[DATE_STR_SIZE];
	/* On stderr, as roll's notes: stdout may be the rolled plan. */
	if (archived)
		cli_error(_("%s was archived already"), plan->id);
	else
		cli_error(_("%s archived on %s"), plan->id, cli_date(cli->today, day));
	rc = KH_EXIT_OK;
out:
	plan_free(plan);
	return rc;
}

static int run_roll(struct cli *cli, const struct cli_args *args)
{
	int rc = roll_file(args->items[0], cli_number(args, "to", 0),
			   (enum roll_keep)cli_number(args, "keep", ROLL_KEEP_TET),
			   cli_value(args, "output"));
	if (rc == KH_EXIT_OK && cli_flag(args, "archive"))
		rc = archive_source(cli, args->items[0]);
	return rc;
}

static const struct cli_choice keeps[] = {
	{ "tet", ROLL_KEEP_TET }, { "lunar", ROLL_KEEP_LUNAR }, { 0 },
};

static const struct cli_option roll_options[] = {
	{ "to", 0, CLI_YEAR, N_("the year of the new Tết (1900-2100)"), .required = true },
	{ "keep", 0, CLI_CHOICE, N_("what a date written out keeps: its distance from Tết (tet, the default) or its lunar day and month (lunar)"), keeps },
	{ "output", 'o', CLI_FILE, N_("write to FILE (through a temporary file) instead of standard output") },
	{ "archive", 0, CLI_FLAG, N_("archive the plan rolled from, once the copy is written (see kehoach archive)") },
	{ 0 },
};

/* Needs neither the plans folder nor the database. */
const struct cli_command cli_roll_command = {
	.name = "roll",
	.arguments = "PLAN-FILE",
	.argument_kind = CLI_FILE,
	.min_args = 1,
	.max_args = 1,
	.missing = N_("needs a plan file"),
	.summary = N_("a copy of a plan for the Tết of another year"),
	.description = N_(
		"A copy of the plan for the Tết of YEAR, on standard output or in FILE.\n"
		"The plan needs 'tet: YEAR'. Dates written out move; dates relative to\n"
		"Tết and lunar dates, comments and texts stay as written; the plan id\n"
		"gets the new year. Texts that name the old year are listed on standard\n"
		"error, to be checked by hand.\n"),
	.options = roll_options,
	.run = run_roll,
};
