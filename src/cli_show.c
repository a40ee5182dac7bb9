/* kehoach show ID: one duty in full — text, deadline, refs, coordinating
 * units, target, each unit's status and note, and its history. */
#include <stdlib.h>
#include <string.h>

#include "kehoach/cli.h"
#include "kehoach/text.h"

#define LABEL_WIDTH 12

/* Prints label padded to LABEL_WIDTH columns, counted by display width:
 * a translated label ("Trạng thái:") has more bytes than columns. At
 * least one space follows it. */
static void put_label_to(FILE *out, const char *label)
{
	size_t width = text_width(label);
	fputs(label, out);
	fprintf(out, "%*s", width < LABEL_WIDTH ? (int)(LABEL_WIDTH - width) : 1, "");
}

static void put_label(const char *label)
{
	put_label_to(stdout, label);
}

/* Prints text wrapped to the width left after the label, indented. */
static void put_wrapped(FILE *out, const char *label, const char *text)
{
	char **lines = text_wrap(text, 80 - LABEL_WIDTH);
	for (char **l = lines; *l; l++) {
		put_label_to(out, l == lines ? label : "");
		fputs(*l, out);   /* text_wrap sanitised it */
		fputc('\n', out);
	}
	text_lines_free(lines);
}

struct show_run {
	int rows;
	FILE *statuses;   /* each unit's status, printed after refs and with */
	const struct people *people;   /* who changed what, by name */
	int changes;      /* history rows printed */
};

/* " — done late, 3 days", " — overdue, 5 days", " — due soon". */
static void print_outcome(FILE *out, const struct duty_row *row)
{
	switch (row->outcome) {
	case OUTCOME_DONE_ON_TIME:
		fprintf(out, " — %s", duty_outcome_label(row->outcome));
		break;
	case OUTCOME_DONE_LATE:
	case OUTCOME_OVERDUE:
		fprintf(out, " — %s", duty_outcome_label(row->outcome));
		fprintf(out, ngettext(", %d day", ", %d days", (unsigned long)row->days_late),
			row->days_late);
		break;
	case OUTCOME_IN_TIME:
		if (row->due_soon)
			fprintf(out, " — %s", _("due soon"));
		break;
	case OUTCOME_CANCELLED:
	case OUTCOME_COUNT:
		break;
	}
}

/* "  Extended:   to 10/02/2022 (the plan's 28/01/2022): the reason" */
static void print_extension(FILE *out, const struct duty_row *row)
{
	char to[DATE_STR_SIZE], plan[DATE_STR_SIZE];
	char *text = x_asprintf(_("to %s (the plan's %s): %s"), cli_date(row->deadline, to),
				cli_date(row->plan_deadline, plan),
				row->extend_reason ? row->extend_reason : "");
	put_wrapped(out, _("  Extended:"), text);
	x_free(text);
}

static int print_assignment(void *ctx, const struct duty_row *row)
{
	struct show_run *run = ctx;
	char date[DATE_STR_SIZE], when[32];
	if (run->rows++ == 0) {
		put_label(_("Duty:"));
		cli_put(stdout, row->plan_id);
		printf("/");
		cli_put(stdout, row->duty_id);
		printf("\n");
		put_label(_("Unit:"));
		cli_put(stdout, row->owner_id);
		if (row->group_duty)
			printf("%s", _(" (a group: each member marks it for itself)"));
		printf("\n");
		put_wrapped(stdout, _("Text:"), row->text);
		put_label(_("Phase:"));
		printf("%s\n", row->phase == PHASE_NONE ? "—" : phase_name(row->phase));
		/* The plan's: an extension is each unit's, shown with its status. */
		put_label(_("Deadline:"));
		printf("%s", cli_date(row->plan_deadline, date));
		if (row->plan_deadline == KH_DATE_NONE)
			printf("%s", _(" (ongoing)"));
		else if (row->due == KH_DATE_NONE)
			printf("%s", row->phase != PHASE_NONE ? _(" (end of its phase)")
							      : _(" (end of the plan)"));
		printf("\n");
		if (row->start != KH_DATE_NONE) {
			put_label(_("Start:"));
			printf("%s\n", cli_date(row->start, date));
		}
		if (row->target)
			put_wrapped(stdout, _("Target:"), row->target);
	}
	FILE *out = run->statuses;
	put_label_to(out, run->rows == 1 ? _("Status:") : "");
	if (row->group_duty) {
		cli_put(out, row->unit_id);
		fprintf(out, ": ");
	}
	fprintf(out, "%s", row->cancelled ? duty_outcome_name(OUTCOME_CANCELLED)
					  : duty_state_name(row->state));
	if (row->state == DUTY_DOING && row->progress >= 0 && !row->cancelled)
		fprintf(out, " %d%%", row->progress);
	if (row->state == DUTY_DONE && row->done_on != KH_DATE_NONE && !row->cancelled)
		fprintf(out, _(", done on %s"), cli_date(row->done_on, date));
	print_outcome(out, row);
	if (row->changed_by) {
		cli_timestamp(row->changed_at, when, sizeof(when));
		fprintf(out, _(" (by "));
		cli_put(out, people_name(run->people, row->changed_by));
		fprintf(out, _(", %s)"), when);
	}
	fprintf(out, "\n");
	if (row->extended)
		print_extension(out, row);
	if (row->cancelled && row->cancel_reason)
		put_wrapped(out, _("  Withdrawn:"), row->cancel_reason);
	if (row->note)
		put_wrapped(out, _("  Note:"), row->note);
	return 0;
}

static void print_item(void *ctx, const char *item)
{
	const char *label = *(const char **)ctx;
	put_wrapped(stdout, label, item);
	*(const char **)ctx = "";
}

static int print_change(void *ctx, const struct history_row *row)
{
	struct show_run *run = ctx;
	char when[32];
	if (run->changes++ == 0)
		printf("%s", _("History:\n"));
	cli_timestamp(row->at, when, sizeof(when));
	printf("  %s  ", when);
	char *who = people_label(run->people, row->user);
	cli_put(stdout, who);
	x_free(who);
	if (row->group_duty) {
		printf("  @");
		cli_put(stdout, row->unit_id);
	}
	printf("  ");
	cli_print_change_what(stdout, row);
	if (row->new_note && (!row->old_note || strcmp(row->old_note, row->new_note))) {
		printf(": ");
		cli_put(stdout, row->new_note);
	}
	printf("\n");
	return 0;
}

static int run_show(struct cli *cli, const struct cli_args *args)
{
	int rc = KH_EXIT_FAIL;
	struct duty_ref ref;
	struct kh_error err;
	if (store_resolve(cli->store, args->items[0], RESOLVE_ALLOW_GROUP, &ref, &err) < 0) {
		cli_report_error(&err);
		goto out;
	}
	struct duty_filter filter;
	store_filter_init(&filter, cli->today);
	filter.duty = ref.duty;
	filter.assignment = ref.assignment;
	char *statuses = NULL;
	size_t statuses_len = 0;
	struct show_run run = {
		.statuses = open_memstream(&statuses, &statuses_len),
		.people = &cli->config.people,
	};
	if (!run.statuses) {
		cli_error(_("out of memory"));
		goto out;
	}
	const char *refs_label = _("Refs:"), *with_label = _("With:");
	struct history_filter history = { ref.duty, ref.assignment };
	int failed = store_list(cli->store, &filter, print_assignment, &run, &err) < 0 ||
		     store_duty_list(cli->store, ref.duty, DUTY_REFS, print_item, &refs_label, &err) < 0 ||
		     store_duty_list(cli->store, ref.duty, DUTY_WITH, print_item, &with_label, &err) < 0;
	fclose(run.statuses);
	if (!failed) {
		fputs(statuses, stdout);
		failed = store_history(cli->store, &history, print_change, &run, &err) < 0;
	}
	free(statuses);
	if (failed) {
		cli_report_error(&err);
		goto out;
	}
	rc = KH_EXIT_OK;
out:
	return rc;
}

static const struct cli_option show_options[] = { { 0 } };

const struct cli_command cli_show_command = {
	.name = "show",
	.arguments = "ID",
	.argument_kind = CLI_DUTY,
	.min_args = 1,
	.max_args = 1,
	.missing = N_("needs a duty name"),
	.summary = N_("a duty in full, with its history"),
	.description = N_(
		"Shows a duty in full: text, deadline, refs, coordinating units,\n"
		"target, each unit's status and note, and its history.\n"),
	.options = show_options,
	.flags = CLI_OPENS_STORE,
	.run = run_show,
};
