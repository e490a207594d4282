/* SPDX-License-Identifier: MIT */
/* The topology loader on any text: `sipsim validate` of a topology file, from memory. */
#include "fuzz-common.h"
#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GError *error = NULL;
    if (!topology_validate_text("fuzz.yaml", (const char *) data, size, &error)) {
        /* Every refusal says where and what: FILE:LINE:COL or FILE: for the whole file. */
        g_assert_true(g_str_has_prefix(error->message, "fuzz.yaml:"));
        g_error_free(error);
    }
    return 0;
}
