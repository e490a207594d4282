/* SPDX-License-Identifier: MIT */
/*
 * The cost marks of every layer (sim-cost.h) on every reference flow: each scenario of
 * scenarios/ runs in this process with the accounts recording, so that a mark entered and not
 * left, or left out of order, on any path (transfers, forwarding, NAT, STUN, overload...) aborts
 * the test; and the layers that the flow crosses have their accounts.
 */
#include <string.h>

#include "scenario.h"
#include "sim-cost.h"

static void run_scenario(const char *name)
{
    g_autofree char *path = g_test_build_filename(G_TEST_DIST, "..", "scenarios", name, NULL);
    ScenarioOverrides none = { 0 };
    GError *error = NULL;
    Scenario *s = scenario_load(path, &none, &error);
    g_assert_no_error(error);
    sim_cost_start();
    sim_world_start(&s->world, s->kernel);
    sim_kernel_run(s->kernel, s->until);
    sim_world_finish(&s->world);
    sim_cost_stop();
    scenario_free(s);
}

static void assert_crossed(const char *const *accounts, guint n)
{
    for (guint i = 0; i < n; i++) {
        int a = sim_cost_find(accounts[i]);
        g_assert_cmpint(a, >=, 0);
        g_assert_cmpuint(sim_cost_stretches((guint) a), >, 0);
    }
}

/* Every flow moves datagrams. */
static void run_flow(gconstpointer data)
{
    run_scenario(data);
    static const char *const crossed[] = { "kernel", "transport" };
    assert_crossed(crossed, G_N_ELEMENTS(crossed));
}

/* A call through the proxy crosses every layer. */
static void test_call_crosses_every_layer(void)
{
    run_scenario("callee-terminates.yaml");
    static const char *const crossed[] = { "kernel",       "transport", "parse", "render",
                                           "transactions", "proxy",     "phones" };
    assert_crossed(crossed, G_N_ELEMENTS(crossed));
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_autofree char *dir = g_test_build_filename(G_TEST_DIST, "..", "scenarios", NULL);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    g_assert_nonnull(d);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(d)))
        if (g_str_has_suffix(name, ".yaml"))
            g_ptr_array_add(names, g_strdup(name));
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len; i++) {
        const char *n = g_ptr_array_index(names, i);
        g_autofree char *test = g_strdup_printf("/cost/flows/%.*s", (int) (strlen(n) - 5), n);
        g_test_add_data_func(test, n, run_flow);
    }
    g_test_add_func("/cost/call-crosses-every-layer", test_call_crosses_every_layer);
    return g_test_run();
}
