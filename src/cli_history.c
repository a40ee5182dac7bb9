/* kehoach history [ID]: every change — who, when, old → new, note. */
#include <string.h>
#include <time.h>

#include "kehoach/cli.h"
#include "kehoach/json.h"

struct history_run {
	enum cli_format format;
	int rows;
	struct buf line;
	const struct people *people;   /* who made each change, by name */
};

void cli_print_change_what(FILE *out, const struct history_row *row)
{
	char date[DATE_STR_SIZE];
	fprintf(out, "%s → %s", duty_state_name(row->old_state),
		duty_state_name(row->new_state));
	if (row->new_progress != row->old_progress && row->new_progress >= 0)
		fprintf(out, _(", progress %d%%"), row->new_progress);
	if (row->new_extended_to != row->old_extended_to) {
		if (row->new_extended_to != KH_DATE_NONE)
			fprintf(out, _(", deadline extended to %s"),
				cli_date(row->new_extended_to, date));
		else
			fprintf(out, _(", back to the plan's deadline %s"),
				cli_date(row->plan_deadline, date));
	}
	if (row->new_cancelled != row->old_cancelled)
		fprintf(out, "%s", row->new_cancelled ? _(", withdrawn") : _(", brought back"));
	if (row->reason) {
		fprintf(out, _(" (reason: "));
		cli_put(out, row->reason);
		fputc(')', out);
	}
	if (row->undoes)
		fprintf(out, "%s", _(" (undo)"));
}

static int print_change(void *ctx, const struct history_row *row)
{
	struct history_run *run = ctx;
	struct buf *b = &run->line;
	char when[32], name[256];
	duty_full_name(row->plan_id, row->duty_id, row->group_duty ? row->unit_id : NULL,
		       name, sizeof(name));
	buf_reset(b);
	if (run->format == FORMAT_JSON) {
		time_t t = (time_t)row->at;
		struct tm tm;
		char iso[32] = "";
		if (localtime_r(&t, &tm))
			strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%S%z", &tm);
		buf_puts(b, run->rows ? ",\n  " : "\n  ");
		struct json_object o;
		json_object_begin(&o, b);
		json_member_int(&o, "seq", row->seq);
		json_member_string(&o, "plan", row->plan_id);
		json_member_string(&o, "id", row->duty_id);
		json_member_string(&o, "unit", row->unit_id);
		json_member_string(&o, "at", iso);
		json_member_int(&o, "uid", row->uid);
		json_member_string(&o, "user", row->user);
		/* The person's name; null when the configuration names nobody
		 * behind that login. */
		const struct person *who = people_find(run->people, row->user);
		json_member_string(&o, "name", who ? who->name : NULL);
		json_member_string(&o, "host", row->host);
		json_member_int(&o, "pid", row->pid);
		json_member_string(&o, "old", duty_state_name(row->old_state));
		json_member_string(&o, "new", duty_state_name(row->new_state));
		json_member_string(&o, "old_note", row->old_note);
		json_member_string(&o, "note", row->new_note);
		json_member_date(&o, "done_on", row->done_on);
		if (row->undoes)
			json_member_int(&o, "undoes", row->undoes);
		else
			json_member_string(&o, "undoes", NULL);
		if (row->new_progress >= 0)
			json_member_int(&o, "progress", row->new_progress);
		else
			json_member_string(&o, "progress", NULL);
		json_member_date(&o, "old_extended_to", row->old_extended_to);
		json_member_date(&o, "extended_to", row->new_extended_to);
		json_member_bool(&o, "old_cancelled", row->old_cancelled);
		json_member_bool(&o, "cancelled", row->new_cancelled);
		json_member_string(&o, "reason", row->reason);
		/* A reminder (đôn đốc), not a change: to whom. */
		if (row->reminded) {
			json_member_string(&o, "reminded", row->reminded);
			json_member_string(&o, "address", row->reminded_address);
		}
		json_object_end(&o);
		fwrite(buf_str(b), 1, b->len, stdout);
	} else {
		cli_timestamp(row->at, when, sizeof(when));
		printf("%s  ", when);
		char *who = people_label(run->people, row->user);
		cli_put(stdout, who);
		x_free(who);
		printf("  ");
		cli_put(stdout, name);
		printf("  ");
		if (row->reminded) {
			/* "đôn đốc Nguyễn Thị Hằng (hang.nt) <hang.nt@…>" */
			char *whom = people_label(run->people, row->reminded);
			printf("%s ", _("reminded"));
			cli_put(stdout, whom);
			printf(" <");
			cli_put(stdout, row->reminded_address);
			printf(">\n");
			x_free(whom);
			run->rows++;
			return 0;
		}
		cli_print_change_what(stdout, row);
		if (row->new_note &&
		    (!row->old_note || strcmp(row->old_note, row->new_note))) {
			printf("  ");
			cli_put(stdout, row->new_note);
		}
		printf("\n");
	}
	run->rows++;
	return 0;
}

static long long local_midnight(kh_date day)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_isdst = -1 };
	return (long long)mktime(&tm);
}

static int run_history(struct cli *cli, const struct cli_args *args)
{
	struct history_run run = {
		.people = &cli->config.people,
		.format = (enum cli_format)cli_number(args, "format", FORMAT_TEXT),
	};
	struct history_filter filter = {
		.unit = cli_value(args, "unit"),
		.user = cli_value(args, "user"),
		.reminders = true,
	};
	kh_date since = cli_date_value(args, "since"), until = cli_date_value(args, "until");
	if (since != KH_DATE_NONE) {
		filter.has_from = true;
		filter.from_at = local_midnight(since);
	}
	if (until != KH_DATE_NONE) {
		filter.has_until = true;
		filter.until_at = local_midnight(until + 1);
	}
	int rc = KH_EXIT_FAIL;
	struct kh_error err;
	if (args->count == 1) {
		struct duty_ref ref;
		if (store_resolve(cli->store, args->items[0], RESOLVE_ALLOW_GROUP, &ref, &err) < 0) {
			cli_report_error(&err);
			goto out;
		}
		filter.duty = ref.duty;
		filter.assignment = ref.assignment;
	}
	if (run.format == FORMAT_JSON)
		fputs("[", stdout);
	int failed = store_history(cli->store, &filter, print_change, &run, &err);
	if (run.format == FORMAT_JSON)
		fputs(run.rows ? "\n]\n" : "]\n", stdout);
	if (failed < 0) {
		cli_report_error(&err);
		goto out;
	}
	rc = KH_EXIT_OK;
out:
	buf_free(&run.line);
	return rc;
}

static const struct cli_option history_options[] = {
	{ "unit", 0, CLI_UNIT, N_("changes to that unit's duties") },
	{ "user", 0, CLI_USER, N_("changes made by that OS user") },
	{ "since", 0, CLI_DATE, N_("changes on or after that day") },
	{ "until", 0, CLI_DATE, N_("changes on or before that day") },
	{ "format", 0, CLI_CHOICE, N_("text (the default) or json, which also has the uid, host and process"),
	  cli_formats_text_json },
	{ 0 },
};

const struct cli_command cli_history_command = {
	.name = "history",
	.arguments = "[ID]",
	.argument_kind = CLI_DUTY,
	.max_args = 1,
	.summary = N_("every change"),
	.description = N_("Every change (of one duty, with ID), oldest first: who, when,\n"
			  "old → new, note; and the reminders `kehoach remind` mailed about\n"
			  "each duty (reminded), to whom.\n"),
	.options = history_options,
	.flags = CLI_OPENS_STORE,
	.run = run_history,
};
