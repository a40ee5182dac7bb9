/* kehoach: a work-plan manager for Vietnamese government offices. */
#include "kehoach/cli.h"
#include "kehoach/report.h"

int main(int argc, char **argv)
{
	int rc = cli_main(argc, argv);
	report_release_caches();
	return rc;
}
