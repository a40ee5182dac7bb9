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
		put_label(_("Deadline:"));
		printf("%s", cli_date(row->deadline, date));
		if (row->deadline == KH_DATE_NONE)
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
	fprintf(out, "%s", duty_state_name(row->state));
	if (row->overdue)
		fprintf(out, " — %s", _("overdue"));
	else if (row->due_soon)
		fprintf(out, " — %s", _("due soon"));
	if (row->state == DUTY_DONE && row->done_on != KH_DATE_NONE)
		fprintf(out, _(", done on %s"), cli_date(row->done_on, date));
	if (row->changed_by) {
		cli_timestamp(row->changed_at, when, sizeof(when));
		fprintf(out, _(" (by "));
		cli_put(out, people_name(run->people, row->changed_by));
		fprintf(out, _(", %s)"), when);
	}
	fprintf(out, "\n");
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
	printf("  %s → %s", duty_state_name(row->old_state),
	       duty_state_name(row->new_state));
	if (row->undoes)
		printf(_(" (undo)"));
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
