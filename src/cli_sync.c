/* kehoach sync: load the plan files that changed, saying what happened. */
#include "kehoach/cli.h"

int cli_sync(struct cli *cli, int argc, char **argv)
{
	const char *help = NULL;
	const struct cli_option options[] = {
		{ "help", false, &help },
		{ NULL, false, NULL },
	};
	const char *args[1];
	int n_args;
	if (argc > 2) {
		cli_usage_error(argv[0], _("takes no arguments"));
		return KH_EXIT_USAGE;
	}
	if (cli_parse_options(argc, argv, options, args, &n_args) < 0)
		return KH_EXIT_USAGE;
	if (n_args) {
		cli_usage_error(argv[0], _("takes no arguments"));
		return KH_EXIT_USAGE;
	}
	if (help) {
		printf("%s", _("Usage: kehoach sync\n"
			       "Loads the plan files of the plans folder that changed since the\n"
			       "last sync. Every other command does this first, cheaply.\n"
			       "Exit 1 when a plan file could not be loaded.\n"));
		return KH_EXIT_OK;
	}
	int failures = 0;
	cli->report_sync = true;
	if (cli_open_store(cli, &failures) < 0)
		return KH_EXIT_FAIL;
	if (failures)
		return KH_EXIT_FAIL;
	return KH_EXIT_OK;
}
