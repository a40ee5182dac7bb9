/* kehoach sync: load the plan files that changed, saying what happened. */
#include "kehoach/cli.h"

static int run_sync(struct cli *cli, const struct cli_args *args)
{
	(void)args;
	int failures = 0;
	cli->report_sync = true;
	if (cli_open_store(cli, &failures) < 0 || failures)
		return KH_EXIT_FAIL;
	return KH_EXIT_OK;
}

static const struct cli_option sync_options[] = { { 0 } };

/* Opens the store itself: its failures are its answer. */
const struct cli_command cli_sync_command = {
	.name = "sync",
	.summary = N_("load plan files that changed"),
	.description = N_(
		"Loads the plan files of the plans folder that changed since the\n"
		"last sync. Every other command does this first, cheaply.\n"
		"Exit 1 when a plan file could not be loaded.\n"),
	.options = sync_options,
	.flags = CLI_CHANGES_STORE,
	.run = run_sync,
};
