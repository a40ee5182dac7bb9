/* cli_complete: the words shell completion offers (completion/kehoach.bash,
 * completion/_kehoach), from the table of commands and from the database,
 * read without syncing: completion must be quick, and must not change
 * anything. */
#include <string.h>
#include <unistd.h>

#include "kehoach/cli.h"

/* What a value is completed with when kehoach cannot list it: the shell
 * completes names of files (or folders) itself. */
#define COMPLETE_FILES ":file"

/* A word, when it begins with prefix. */
static int print_completion(const char *word, const char *prefix)
{
	if (!strncmp(word, prefix, strlen(prefix)))
		printf("%s\n", word);
	return 0;
}

static int complete_unit(void *ctx, const struct unit_row *row)
{
	return print_completion(row->unit_id, ctx);
}

static int complete_plan(void *ctx, const struct plan_row *row)
{
	return print_completion(row->plan_id, ctx);
}

static int complete_duty(void *ctx, const struct duty_row *row)
{
	char name[256];
	duty_row_name(row, name, sizeof(name));
	return print_completion(name, ctx);
}

/* The plans, units or duties of the database, without creating a
 * database that is not there. */
static int complete_from_store(struct cli *cli, enum cli_kind kind,
			       const char *prefix)
{
	struct kh_error err;
	struct duty_filter filter;
	void *ctx = (void *)prefix;
	int rc = -1;
	if (access(cli->db_path, F_OK) != 0 ||
	    store_open(cli->db_path, &cli->store, &err) < 0)
		return KH_EXIT_FAIL;
	if (kind == CLI_UNIT) {
		rc = store_units(cli->store, NULL, cli->today, complete_unit, ctx, &err);
	} else if (kind == CLI_PLAN) {
		rc = store_plans(cli->store, complete_plan, ctx, &err);
	} else {
		store_filter_init(&filter, cli->today);
		rc = store_list(cli->store, &filter, complete_duty, ctx, &err);
	}
	return rc < 0 ? KH_EXIT_FAIL : KH_EXIT_OK;
}

/* The values of a kind: from the database, the choices, or files. */
static int complete_kind(struct cli *cli, enum cli_kind kind,
			 const struct cli_choice *choices, const char *prefix)
{
	switch (kind) {
	case CLI_PLAN:
	case CLI_UNIT:
	case CLI_DUTY:
		return complete_from_store(cli, kind, prefix);
	case CLI_CHOICE:
		for (const struct cli_choice *c = choices; c->name; c++)
			print_completion(c->name, prefix);
		return KH_EXIT_OK;
	case CLI_FILE:
	case CLI_PATH:
		printf("%s\n", COMPLETE_FILES);
		return KH_EXIT_OK;
	default:
		return KH_EXIT_OK;
	}
}

/* The option as typed: "--unit" or "-o". */
static const struct cli_option *find_typed_option(const struct cli_command *c,
						  const char *typed)
{
	for (const struct cli_option *opt = c->options; opt->name; opt++) {
		if (!strncmp(typed, "--", 2) && !strcmp(typed + 2, opt->name))
			return opt;
		if (opt->letter && typed[0] == '-' && typed[1] == opt->letter &&
		    typed[2] == '\0')
			return opt;
	}
	return NULL;
}

/* kehoach __complete command PREFIX
 * kehoach __complete plan|unit|duty PREFIX
 * kehoach __complete option COMMAND PREFIX
 * kehoach __complete value COMMAND OPTION PREFIX
 * kehoach __complete argument COMMAND PREFIX
 * Hidden, and silent on a mistake (exit 2): whatever it printed would
 * land on the user's command line. */
int cli_complete(struct cli *cli, int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	const char *prefix = argv[argc - 1];
	const struct cli_command *c = argc > 3 ? cli_find_command(argv[2]) : NULL;
	if (argc == 3 && !strcmp(what, "command")) {
		for (size_t i = 0; i < cli_n_commands; i++)
			print_completion(cli_commands[i]->name, prefix);
		return KH_EXIT_OK;
	}
	if (argc == 3 && !strcmp(what, "plan"))
		return complete_from_store(cli, CLI_PLAN, prefix);
	if (argc == 3 && !strcmp(what, "unit"))
		return complete_from_store(cli, CLI_UNIT, prefix);
	if (argc == 3 && !strcmp(what, "duty"))
		return complete_from_store(cli, CLI_DUTY, prefix);
	if (argc == 4 && c && !strcmp(what, "option")) {
		for (const struct cli_option *opt = c->options; opt->name; opt++) {
			char *form = x_asprintf("--%s", opt->name);
			print_completion(form, prefix);
			x_free(form);
		}
		return KH_EXIT_OK;
	}
	if (argc == 4 && c && !strcmp(what, "argument"))
		return c->max_args == 0 ? KH_EXIT_OK
					: complete_kind(cli, c->argument_kind, NULL, prefix);
	if (argc == 5 && c && !strcmp(what, "value")) {
		const struct cli_option *opt = find_typed_option(c, argv[3]);
		if (!opt)
			return KH_EXIT_USAGE;
		return complete_kind(cli, opt->kind, opt->choices, prefix);
	}
	return KH_EXIT_USAGE;
}
