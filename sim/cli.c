/* SPDX-License-Identifier: MIT */
#include "cli.h"

#include <stdio.h>

int cli_usage_error(const char *command, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    g_autofree char *msg = g_strdup_vprintf(format, ap);
    va_end(ap);
    fprintf(stderr, "sipsim %s: %s\nTry 'sipsim %s --help'.\n", command, msg, command);
    return CLI_BAD_INPUT;
}

gboolean cli_parse(GOptionContext *context, const char *command, int *argc, char ***argv)
{
    GError *error = NULL;
    if (g_option_context_parse(context, argc, argv, &error))
        return TRUE;
    cli_usage_error(command, "%s", error->message);
    g_error_free(error);
    return FALSE;
}
