/* SPDX-License-Identifier: MIT */
/*
 * The sweep loader on any text, loaded as scenarios/sweeps/fuzz.yaml of the source tree so that
 * the scenarios it names are the examples: what `sipsim sweep` checks before it runs anything.
 */
#include "fuzz-common.h"
#include "sweep-file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GError *error = NULL;
    Sweep *sw = sweep_load_text(FUZZ_SOURCE_PATH("scenarios/sweeps/fuzz.yaml"), (const char *) data,
                                size, &error);
    g_assert_true((sw == NULL) == (error != NULL));
    if (sw)
        g_assert_cmpuint(sweep_n_jobs(sw), <=, SWEEP_MAX_JOBS);
    sweep_free(sw);
    g_clear_error(&error);
    return 0;
}
