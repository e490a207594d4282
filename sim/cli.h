/* SPDX-License-Identifier: MIT */
/* The sipsim command: one function per subcommand, each returning the process's exit status. */
#pragma once

#include <glib.h>

/* Exit statuses. */
enum {
    CLI_OK = 0,
    CLI_FAILED = 1,    /* the command ran and found a problem (an invalid message...) */
    CLI_BAD_INPUT = 2, /* bad options or files: nothing was run */
    /* stopped by a signal: 128 + its number, as a shell says (130 SIGINT, 143 SIGTERM) */
};

int cli_run(int argc, char **argv);
int cli_validate(int argc, char **argv);
int cli_machines(int argc, char **argv);
int cli_parse_message(int argc, char **argv);
int cli_sweep(int argc, char **argv);
int cli_merge(int argc, char **argv);

/* Reports a usage error for @command and returns CLI_BAD_INPUT. */
int cli_usage_error(const char *command, const char *format, ...) G_GNUC_PRINTF(2, 3);
/* Parses options with @context, reporting errors as usage errors. */
gboolean cli_parse(GOptionContext *context, const char *command, int *argc, char ***argv);
