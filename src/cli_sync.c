/* kehoach sync: load the plan files that changed, saying what happened. */
#include "kehoach/cli.h"

static const char usage[] = N_(
	"Usage: kehoach sync\n"
	"Loads the plan files of the plans folder that changed since the\n"
	"last sync. Every other command does this first, cheaply.\n"
	"Exit 1 when a plan file could not be loaded.\n");

int cli_sync(struct cli *cli, int argc, char **argv)
{
	static const struct cli_option options[] = { { 0 } };
	struct cli_args args;
	int rc;
	if (!cli_parse(argc, argv, options, _(usage), 0, 0, &args, &rc))
		return rc;
	cli_args_free(&args);
	int failures = 0;
	cli->report_sync = true;
	if (cli_open_store(cli, &failures) < 0 || failures)
		return KH_EXIT_FAIL;
	return KH_EXIT_OK;
}
