/* SPDX-License-Identifier: MIT */
#include "fuzz-common.h"

#include <stdlib.h>

/* A critical or a warning (a g_return_if_fail(), an error set twice) aborts, after GLib prints
 * it: libFuzzer keeps the input for SIGABRT, not for the SIGTRAP of GLib's own fatal logs. */
static void abort_on_warning(const char *domain, GLogLevelFlags level, const char *message,
                             gpointer data)
{
    g_log_default_handler(domain, level, message, data);
    if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
        abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    g_log_set_default_handler(abort_on_warning, NULL);
    return 0;
}
