/* kehoach: a work-plan manager for Vietnamese government offices. */
#include "kehoach/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
