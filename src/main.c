/* Program entry: everything is in cli.c so tests can link the rest. */
#include "ta_cli.h"

int main(int argc, char **argv)
{
	return ta_cli_main(argc, argv);
}
