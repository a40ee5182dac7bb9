/* kehoach brief [--verbose]: a word at login. For the user running it,
 * the overdue and due-soon duties of the units they head (every unit for
 * the office; none for anyone else), in at most three lines, and nothing
 * when there is nothing. Meant for /etc/profile.d/ (docs/kehoach-brief.sh):
 * it opens the database read-only without syncing, never writes, and
 * never fails a login: any error is silent and the exit status 0, unless
 * --verbose asks to see it. */
#include <string.h>
#include <unistd.h>

#include "kehoach/cli.h"
#include "kehoach/text.h"

/* Names shown on a line before "and N more". */
#define BRIEF_NAMES 4
/* A line is cut to this many columns: a login terminal's width. */
#define BRIEF_WIDTH 80

/* What one kind of trouble (overdue, due soon) adds up to. */
struct brief_part {
	long count;
	char *names[BRIEF_NAMES]; /* "vp-1 (trễ 5 ngày)", "tt-2 (24/01/2024)" */
	size_t shown;
	bool overdue;
};

static void add_name(struct brief_part *part, const struct duty_row *row)
{
	if (part->shown >= BRIEF_NAMES)
		return;
	char name[256], day[DATE_STR_SIZE];
	duty_row_name(row, name, sizeof(name));
	char *safe = text_sanitize(name, 0);
	if (part->overdue)
		part->names[part->shown] = x_asprintf(
			ngettext("%s (%d day late)", "%s (%d days late)", (unsigned long)row->days_late),
			safe, row->days_late);
	else
		part->names[part->shown] = x_asprintf("%s (%s)", safe, cli_date(row->deadline, day));
	x_free(safe);
	part->shown++;
}

struct brief_names {
	struct brief_part *overdue, *soon;
};

static int add_overdue(void *ctx, const struct duty_row *row)
{
	add_name(((struct brief_names *)ctx)->overdue, row);
	return 0;
}

static int add_soon(void *ctx, const struct duty_row *row)
{
	add_name(((struct brief_names *)ctx)->soon, row);
	return 0;
}

/* What one unit (NULL: every unit) adds to both parts. */
static int read_unit(struct cli *cli, const char *unit, struct brief_part *overdue,
		     struct brief_part *soon, struct kh_error *err)
{
	struct store_brief counts;
	struct brief_names names = { overdue, soon };
	long room = (long)(BRIEF_NAMES - (overdue->shown < soon->shown ? overdue->shown : soon->shown));
	if (store_brief(cli->store, unit, cli->today, room, &counts, add_overdue, add_soon,
			&names, err) < 0)
		return -1;
	overdue->count += counts.overdue;
	soon->count += counts.due_soon;
	return 0;
}

/* "  Quá hạn: vp-1 (trễ 5 ngày), … và 3 việc khác": the names that fit
 * in BRIEF_WIDTH with what is left said as a number. */
static void print_part(const char *title, const struct brief_part *part)
{
	if (!part->count)
		return;
	struct buf line = { 0 };
	buf_printf(&line, "  %s: ", title);
	size_t named = 0;
	for (; named < part->shown; named++) {
		long rest = part->count - (long)named - 1;
		char *more = rest > 0 ? x_asprintf(ngettext(" and %ld more", " and %ld more",
							     (unsigned long)rest), rest) : x_strdup("");
		char *candidate = x_asprintf("%s%s%s%s", buf_str(&line), named ? ", " : "",
					     part->names[named], more);
		bool fits = text_width(candidate) <= BRIEF_WIDTH || named == 0;
		x_free(candidate);
		x_free(more);
		if (!fits)
			break;
		buf_printf(&line, "%s%s", named ? ", " : "", part->names[named]);
	}
	long rest = part->count - (long)named;
	if (rest > 0)
		buf_printf(&line, ngettext(" and %ld more", " and %ld more", (unsigned long)rest), rest);
	char *cut = text_truncate(buf_str(&line), BRIEF_WIDTH);
	printf("%s\n", cut);
	x_free(cut);
	buf_free(&line);
}

static void free_part(struct brief_part *part)
{
	for (size_t i = 0; i < part->shown; i++)
		x_free(part->names[i]);
}

static int brief(struct cli *cli, struct kh_error *err)
{
	struct actor actor;
	cli_actor(cli, &actor);
	const char *const *units = actor.may_mark;
	if (units && !units[0])
		return 0;       /* heads are set, and this user heads nothing */
	if (access(cli->db_path, F_OK) != 0)
		return 0;       /* no database yet: nothing to say */
	if (store_open_readonly(cli->db_path, &cli->store, err) < 0)
		return -1;
	cli_set_due_soon(cli);
	struct brief_part overdue = { .overdue = true }, soon = { .overdue = false };
	const char *all[] = { NULL, NULL };
	for (const char *const *u = units ? units : all; u == all || *u; u++) {
		if (read_unit(cli, *u, &overdue, &soon, err) < 0)
			return -1;
		if (u == all)
			break;
	}
	if (overdue.count || soon.count) {
		char *head = x_asprintf(_("kehoach: %ld overdue, %ld due soon — kehoach list --overdue"),
					overdue.count, soon.count);
		char *cut = text_truncate(head, BRIEF_WIDTH);
		printf("%s\n", cut);
		x_free(cut);
		x_free(head);
		print_part(_("Overdue"), &overdue);
		print_part(_("Due soon"), &soon);
	}
	free_part(&overdue);
	free_part(&soon);
	return 0;
}

static int run_brief(struct cli *cli, const struct cli_args *args)
{
	struct kh_error err;
	kh_error_clear(&err);
	if (brief(cli, &err) < 0 && cli_flag(args, "verbose"))
		cli_report_error(&err);
	fflush(stdout);
	return KH_EXIT_OK;
}

static const struct cli_option brief_options[] = {
	{ "verbose", 0, CLI_FLAG, N_("say why nothing was shown when the database cannot be read") },
	{ 0 },
};

const struct cli_command cli_brief_command = {
	.name = "brief",
	.arguments = "",
	.min_args = 0,
	.max_args = 0,
	.summary = N_("a word at login: your units' overdue and due-soon duties"),
	.description = N_(
		"At most three lines on the overdue and due-soon duties of the units\n"
		"you head (every unit for the office, none for others); nothing when\n"
		"there is nothing. For /etc/profile.d/: it reads the database without\n"
		"syncing or writing, and any error is silent with exit status 0\n"
		"(--verbose shows it).\n"),
	.options = brief_options,
	.run = run_brief,
};
