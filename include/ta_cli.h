/* The command-line entry point and its exit codes. */
#ifndef TA_CLI_H
#define TA_CLI_H

enum {
	TA_EXIT_OK = 0,         /* done: a certificate was issued, or the
	                         * command did what it says */
	TA_EXIT_ERROR = 1,      /* something failed: the message says what */
	TA_EXIT_NOTHING = 2     /* nothing was due */
};

/* Runs tacme with main's arguments; returns the process exit code. */
int ta_cli_main(int argc, char **argv);

#endif
