/* SPDX-License-Identifier: MIT */
/*
 * The scenario loader on any text, loaded as scenarios/fuzz.yaml of the source tree so that the
 * topologies it names are the examples: what `sipsim run` builds before it runs.
 */
#include "fuzz-common.h"
#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ScenarioOverrides none = { 0 };
    GError *error = NULL;
    Scenario *s = scenario_load_text(FUZZ_SOURCE_PATH("scenarios/fuzz.yaml"), (const char *) data,
                                     size, &none, &error);
    g_assert_true((s == NULL) == (error != NULL));
    scenario_free(s);
    g_clear_error(&error);
    return 0;
}
