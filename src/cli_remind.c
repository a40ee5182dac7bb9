/* kehoach remind: a morning mail. Each head with an email gets one
 * message listing their units' overdue and due-soon duties, with each
 * unit's checklist as a PDF; the office gets the summary table. Sent
 * through the system's sendmail, at most once a person a day (the
 * database remembers), never on a day off unless --force. Also the
 * mailing that `checklist --mail` shares (cli.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kehoach/cli.h"
#include "kehoach/mail.h"
#include "kehoach/report.h"
#include "kehoach/text.h"
#include "kehoach/workdays.h"

/* ---- sending, shared with checklist --mail ----------------------------- */

/* The sender: mail_from, or the user at this host. Returns a new string. */
static char *sender_address(const struct cli *cli)
{
	if (cli->config.mail_from)
		return x_strdup(cli->config.mail_from);
	struct actor actor;
	store_actor_from_process(&actor);
	return x_asprintf("%s@%s", actor.user, actor.host && *actor.host ? actor.host : "localhost");
}

int cli_mail_send(struct cli *cli, const struct person *to, const char *subject,
		  const char *body, const struct mail_attachment *attachments,
		  size_t n_attachments, struct kh_error *err)
{
	char *from = sender_address(cli);
	struct mail_message m = {
		.from = from,
		.from_name = _("Work plan reminders"),
		.to = to->email,
		.to_name = to->name,
		.subject = subject,
		.body = body,
		.date = (long long)time(NULL),
		.attachments = attachments,
		.n_attachments = n_attachments,
	};
	struct buf text = { 0 };
	const char *const *command = cli->config.sendmail ? cli->config.sendmail
							  : mail_default_sendmail;
	int rc = mail_compose(&m, &text, err);
	if (rc == 0)
		rc = mail_send(command, buf_str(&text), text.len, err);
	buf_free(&text);
	x_free(from);
	return rc;
}

int cli_render_report(const struct report *r, int format, struct buf *out,
		      struct kh_error *err)
{
	char *data = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&data, &size);
	if (!fp) {
		kh_error_set(err, NULL, 0, 0, _("cannot make the document: %s"), strerror(errno));
		return -1;
	}
	int rc = report_write(r, (enum report_format)format, 80, fp, err);
	if (fclose(fp) != 0 && rc == 0) {
		kh_error_set(err, NULL, 0, 0, _("cannot make the document: %s"), strerror(errno));
		rc = -1;
	}
	if (rc == 0)
		buf_append(out, data, size);
	free(data);
	return rc;
}

/* ---- what a head is sent ------------------------------------------------ */

/* The duties of one message, as lines of its body, and the assignments
 * and checklists (plan, unit) they come from. */
struct gathered {
	struct buf overdue, soon;      /* lines, per section */
	long n_overdue, n_soon;
	long long *assignments;
	size_t n_assignments, cap;
	char **checklists;             /* "PLAN\tUNIT", each once */
	size_t n_checklists, checklists_cap;
};

static void gathered_free(struct gathered *g)
{
	buf_free(&g->overdue);
	buf_free(&g->soon);
	x_free(g->assignments);
	for (size_t i = 0; i < g->n_checklists; i++)
		x_free(g->checklists[i]);
	x_free(g->checklists);
	memset(g, 0, sizeof(*g));
}

static void add_checklist(struct gathered *g, const char *plan, const char *unit)
{
	char *key = x_asprintf("%s\t%s", plan, unit);
	for (size_t i = 0; i < g->n_checklists; i++)
		if (!strcmp(g->checklists[i], key)) {
			x_free(key);
			return;
		}
	X_GROW(g->checklists, g->checklists_cap, g->n_checklists + 1);
	g->checklists[g->n_checklists++] = key;
}

/* One duty: its name and text, then its deadline, how late, and any
 * extension (the plan's deadline and the reason). */
static void duty_lines(struct buf *b, long number, const struct duty_row *row)
{
	char name[256], date[DATE_STR_SIZE], plan_date[DATE_STR_SIZE];
	duty_row_name(row, name, sizeof(name));
	buf_printf(b, "%3ld. ", number);
	text_sanitize_append(b, name, 0);
	buf_puts(b, "  ");
	text_sanitize_append(b, row->text, 0);
	buf_puts(b, "\n      ");
	buf_printf(b, _("deadline %s"), cli_date(row->deadline, date));
	if (row->overdue)
		buf_printf(b, ngettext(", %d day late", ", %d days late",
				       (unsigned long)row->days_late), row->days_late);
	if (row->extended) {
		buf_printf(b, _(", extended from %s"), cli_date(row->plan_deadline, plan_date));
		if (row->extend_reason) {
			buf_puts(b, _(" (reason: "));
			text_sanitize_append(b, row->extend_reason, 0);
			buf_putc(b, ')');
		}
	}
	if (row->state == DUTY_DOING) {
		buf_puts(b, ", ");
		buf_puts(b, duty_state_label(row->state));
		if (row->progress >= 0)
			buf_printf(b, " %d%%", row->progress);
	}
	buf_putc(b, '\n');
}

static void keep_row(struct gathered *g, const struct duty_row *row)
{
	X_GROW(g->assignments, g->cap, g->n_assignments + 1);
	g->assignments[g->n_assignments++] = row->assignment;
	add_checklist(g, row->plan_id, row->unit_id);
}

static int on_overdue(void *ctx, const struct duty_row *row)
{
	struct gathered *g = ctx;
	if (row->overdue) {
		duty_lines(&g->overdue, ++g->n_overdue, row);
		keep_row(g, row);
	}
	return 0;
}

static int on_soon(void *ctx, const struct duty_row *row)
{
	struct gathered *g = ctx;
	if (row->due_soon && !row->overdue) {
		duty_lines(&g->soon, ++g->n_soon, row);
		keep_row(g, row);
	}
	return 0;
}

/* The overdue duties of unit, the most late first, then those due soon,
 * as the lists reckon them. */
static int gather_unit(struct cli *cli, const char *unit, struct gathered *g,
		       struct kh_error *err)
{
	struct duty_filter f;
	store_filter_init(&f, cli->today);
	f.unit = unit;
	f.overdue = true;
	f.order = DUTY_ORDER_EARLIEST_DEADLINE;
	if (store_list(cli->store, &f, on_overdue, g, err) < 0)
		return -1;
	store_filter_init(&f, cli->today);
	f.unit = unit;
	f.due_within = store_due_soon_days(cli->store);
	f.order = DUTY_ORDER_EARLIEST_DEADLINE;
	return store_list(cli->store, &f, on_soon, g, err) < 0 ? -1 : 0;
}

/* A message as it will be sent. */
struct reminder_mail {
	char *subject;
	struct buf body;
	struct mail_attachment *attachments;
	size_t n_attachments;
	struct buf *data;           /* the attachments' bytes */
	long duties;
};

static void reminder_mail_free(struct reminder_mail *m)
{
	x_free(m->subject);
	buf_free(&m->body);
	for (size_t i = 0; i < m->n_attachments; i++) {
		x_free((char *)m->attachments[i].filename);
		buf_free(&m->data[i]);
	}
	x_free(m->attachments);
	x_free(m->data);
	memset(m, 0, sizeof(*m));
}

static bool attach_pdf(const struct cli *cli)
{
	return (!cli->config.remind_attach || !strcmp(cli->config.remind_attach, "pdf")) &&
	       report_format_available(REPORT_PDF, NULL);
}

/* The checklist of unit in plan, as a PDF attached to m. */
static int attach_checklist(struct cli *cli, const char *plan, const char *unit,
			    struct reminder_mail *m, struct kh_error *err)
{
	struct checklist_options opts = {
		.plan = plan, .unit = unit, .phase = -1, .state = -1,
		.today = cli->today, .people = &cli->config.people,
	};
	struct report *r;
	if (report_checklist(cli->store, &opts, &r, err) < 0)
		return -1;
	struct buf pdf = { 0 };
	int rc = cli_render_report(r, REPORT_PDF, &pdf, err);
	report_free(r);
	if (rc < 0) {
		buf_free(&pdf);
		return -1;
	}
	size_t i = m->n_attachments++;
	m->attachments = x_realloc(m->attachments, m->n_attachments * sizeof(*m->attachments));
	m->data = x_realloc(m->data, m->n_attachments * sizeof(*m->data));
	m->data[i] = pdf;
	m->attachments[i] = (struct mail_attachment){
		.filename = x_asprintf(_("Checklist %s %s.pdf"), plan, unit),
		.content_type = "application/pdf",
		.data = m->data[i].data,
		.size = m->data[i].len,
	};
	return 0;
}

static void greeting(struct buf *b, const struct person *p)
{
	buf_printf(b, _("Dear %s,"), p->name);
	buf_puts(b, "\n\n");
}

static void signature(struct buf *b)
{
	buf_puts(b, "\n-- \n");
	buf_puts(b, _("Sent by kehoach, the work plan manager. Mark duties done with\n"
		      "`kehoach done ID`, or in the kehoach interface.\n"));
}

/* The message for a head: their units' duties, or none (m->duties 0)
 * when nothing is overdue or due soon. */
static int head_mail(struct cli *cli, const struct person *p, const char *const *units,
		     struct reminder_mail *m, struct gathered *g, struct kh_error *err)
{
	char day[DATE_STR_SIZE];
	for (const char *const *u = units; *u; u++)
		if (gather_unit(cli, *u, g, err) < 0)
			return -1;
	m->duties = g->n_overdue + g->n_soon;
	if (!m->duties)
		return 0;
	cli_date(cli->today, day);
	m->subject = x_asprintf(_("Duties to see to on %s: %ld overdue, %ld due soon"), day,
				g->n_overdue, g->n_soon);
	greeting(&m->body, p);
	buf_printf(&m->body, _("As of %s, the units you head have %ld overdue duties and %ld"
			       " due soon."), day, g->n_overdue, g->n_soon);
	buf_puts(&m->body, "\n");
	if (g->n_overdue) {
		buf_printf(&m->body, "\n%s\n", _("Overdue:"));
		buf_append(&m->body, g->overdue.data, g->overdue.len);
	}
	if (g->n_soon) {
		buf_printf(&m->body, "\n%s\n", _("Due soon:"));
		buf_append(&m->body, g->soon.data, g->soon.len);
	}
	if (attach_pdf(cli)) {
		for (size_t i = 0; i < g->n_checklists; i++) {
			char *plan = x_strdup(g->checklists[i]);
			char *unit = strchr(plan, '\t');
			*unit++ = '\0';
			int rc = attach_checklist(cli, plan, unit, m, err);
			x_free(plan);
			if (rc < 0)
				return -1;
		}
		buf_printf(&m->body, "\n%s\n", _("The checklist of each unit is attached (PDF)."));
	}
	signature(&m->body);
	return 0;
}

/* The message for the office: the summary table of every unit. */
static int office_mail(struct cli *cli, const struct person *p, struct reminder_mail *m,
		       struct kh_error *err)
{
	char day[DATE_STR_SIZE];
	struct outcome_counts total;
	struct buf table = { 0 };
	if (cli_stats_text(cli, &table, &total, err) < 0) {
		buf_free(&table);
		return -1;
	}
	cli_date(cli->today, day);
	m->duties = total.overdue;
	m->subject = x_asprintf(_("Summary of duties on %s: %ld overdue"), day, total.overdue);
	greeting(&m->body, p);
	buf_puts(&m->body, _("The summary of every unit's duties:"));
	buf_puts(&m->body, "\n\n");
	buf_append(&m->body, table.data, table.len);
	buf_free(&table);
	signature(&m->body);
	return 0;
}

/* ---- kehoach remind ------------------------------------------------------ */

/* The office's working days (workdays.h): weekends, the holidays and
 * the configuration's corrections. */
static bool remind_is_working_day(struct cli *cli, kh_date day)
{
	return workdays_is_working(&cli->calendar, day);
}

struct recipient {
	const char *login;
	const char *const *units;   /* a head's; NULL: the office */
};

static bool is_office(const struct cli *cli, const char *login)
{
	for (const char *const *o = cli->config.office; o && *o; o++)
		if (!strcmp(*o, login))
			return true;
	return false;
}

/* Heads in the order the configuration lists them, then the office;
 * someone who is both is the office. Returns a new array, its count in *n. */
static struct recipient *recipients(const struct cli *cli, size_t *n)
{
	size_t cap = cli->config.n_heads + 1;
	for (const char *const *o = cli->config.office; o && *o; o++)
		cap++;
	struct recipient *list = x_calloc(cap, sizeof(*list));
	*n = 0;
	for (size_t i = 0; i < cli->config.n_heads; i++)
		if (!is_office(cli, cli->config.heads[i].user))
			list[(*n)++] = (struct recipient){ cli->config.heads[i].user,
							   cli->config.heads[i].units };
	for (const char *const *o = cli->config.office; o && *o; o++)
		list[(*n)++] = (struct recipient){ *o, NULL };
	return list;
}

static void print_dry_run(const struct person *p, const struct reminder_mail *m)
{
	printf("%s ", _("To:"));
	cli_put(stdout, p->name);
	printf(" <");
	cli_put(stdout, p->email);
	printf(">\n%s ", _("Subject:"));
	cli_put(stdout, m->subject);
	printf("\n\n");
	char *body = text_sanitize(buf_str(&m->body), TEXT_KEEP_NEWLINES);
	fputs(body, stdout);
	x_free(body);
	for (size_t i = 0; i < m->n_attachments; i++) {
		printf("%s ", _("Attached:"));
		cli_put(stdout, m->attachments[i].filename);
		printf(" (%zu B)\n", m->attachments[i].size);
	}
	printf("\n");
}

/* One person: composes, sends (or shows), records. Returns KH_EXIT_OK or
 * KH_EXIT_FAIL after printing why. */
static int remind_one(struct cli *cli, const struct recipient *who, bool dry_run,
		      const struct actor *actor, int *sent)
{
	const struct person *p = people_find(&cli->config.people, who->login);
	struct kh_error err;
	kh_error_clear(&err);
	if (!p || !p->email) {
		if (dry_run) {
			printf(_("%s: no email in 'people:', nothing sent"), who->login);
			printf("\n");
		}
		return KH_EXIT_OK;
	}
	long long at;
	int reminded = store_reminded(cli->store, who->login, cli->today, &at, &err);
	if (reminded < 0) {
		cli_report_error(&err);
		return KH_EXIT_FAIL;
	}
	if (reminded) {
		char when[32];
		cli_timestamp(at, when, sizeof(when));
		char *label = people_label(&cli->config.people, who->login);
		printf(_("%s: already reminded today (%s), not again"), label, when);
		printf("\n");
		x_free(label);
		return KH_EXIT_OK;
	}
	struct reminder_mail m = { 0 };
	struct gathered g = { 0 };
	int rc = KH_EXIT_FAIL;
	if ((who->units ? head_mail(cli, p, who->units, &m, &g, &err)
			: office_mail(cli, p, &m, &err)) < 0) {
		cli_report_error(&err);
		goto out;
	}
	rc = KH_EXIT_OK;
	if (who->units && !m.duties)
		goto out;    /* nothing overdue or due soon: nothing to say */
	if (dry_run) {
		print_dry_run(p, &m);
		goto out;
	}
	if (cli_mail_send(cli, p, m.subject, buf_str(&m.body), m.attachments,
			  m.n_attachments, &err) < 0) {
		char *label = people_label(&cli->config.people, who->login);
		cli_error(_("cannot send the reminder to %s <%s>: %s"), label, p->email,
			  err.message);
		x_free(label);
		rc = KH_EXIT_FAIL;
		goto out;
	}
	struct reminder r = {
		.login = who->login, .address = p->email, .day = cli->today,
		.duties = m.duties, .assignments = g.assignments, .n_assignments = g.n_assignments,
	};
	if (store_record_reminder(cli->store, &r, actor, &err) < 0) {
		cli_report_error(&err);
		rc = KH_EXIT_FAIL;
		goto out;
	}
	char *label = people_label(&cli->config.people, who->login);
	printf(_("Reminded %s <%s>: %s"), label, p->email, m.subject);
	printf("\n");
	x_free(label);
	(*sent)++;
out:
	gathered_free(&g);
	reminder_mail_free(&m);
	return rc;
}

static int run_remind(struct cli *cli, const struct cli_args *args)
{
	bool dry_run = cli_flag(args, "dry-run");
	const char *to = cli_value(args, "to");
	char day[DATE_STR_SIZE];
	if (!remind_is_working_day(cli, cli->today) && !cli_flag(args, "force")) {
		printf(_("%s is not a working day: no reminders sent (--force sends them)"),
		       cli_date(cli->today, day));
		printf("\n");
		return KH_EXIT_OK;
	}
	size_t n;
	struct recipient *list = recipients(cli, &n);
	int rc = KH_EXIT_OK, sent = 0;
	bool found = !to;
	struct actor actor;
	cli_actor(cli, &actor);
	for (size_t i = 0; i < n && rc == KH_EXIT_OK; i++) {
		if (to && strcmp(list[i].login, to))
			continue;
		found = true;
		rc = remind_one(cli, &list[i], dry_run, &actor, &sent);
	}
	if (!found) {
		cli_error(_("%s is neither a head ('heads:') nor of the office ('office:'):"
			    " nobody to remind"), to);
		rc = KH_EXIT_FAIL;
	} else if (rc == KH_EXIT_OK && !dry_run && !sent) {
		printf("%s\n", _("No reminder to send."));
	}
	x_free(list);
	return rc;
}

static const struct cli_option remind_options[] = {
	{ "dry-run", 0, CLI_FLAG, N_("show the messages that would be sent; send nothing") },
	{ "to", 0, CLI_USER, N_("only this person (a login of 'heads:' or 'office:')") },
	{ "force", 0, CLI_FLAG, N_("also on a day that is not a working day") },
	{ 0 },
};

const struct cli_command cli_remind_command = {
	.name = "remind",
	.summary = N_("mail each head their overdue and due-soon duties"),
	.description = N_(
		"A morning mail. Each unit head ('heads:') with an email in 'people:'\n"
		"gets one message listing the overdue and due-soon duties of the units\n"
		"they head, with how late each is and any extension, and (remind_attach:\n"
		"pdf, the default) each unit's checklist as a PDF; a head with nothing\n"
		"overdue or due soon gets nothing. The office ('office:') gets the\n"
		"summary table of every unit.\n"
		"\n"
		"Mail goes through the 'sendmail' command of the configuration\n"
		"(/usr/sbin/sendmail by default, which msmtp, postfix and exim give),\n"
		"from 'mail_from'. A person is reminded at most once a day: the database\n"
		"remembers, and `kehoach history` shows each reminder. Nothing is sent\n"
		"on a day that is not a working day, unless --force.\n"),
	.options = remind_options,
	.flags = CLI_OPENS_STORE | CLI_CHANGES_STORE,
	.run = run_remind,
};
