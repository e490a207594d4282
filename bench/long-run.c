/* SPDX-License-Identifier: MIT */
/*
 * The long run (issue 9): does a run's memory stay constant once its population is up, however
 * many calls it places? It loads scenarios/poisson-calls.yaml (its path is the first argument)
 * with a population of --phones phones and Poisson calls at --rate calls/s, attaches the
 * report's tally as `sipsim run -q` does, and runs until --calls calls have arrived. After
 * each --every calls it prints malloc's bytes in use (mallinfo2) and the resident memory, and
 * at the end the growth per call from the first checkpoint (the warm-up) to the last.
 */
#include <malloc.h>
#include <stdio.h>

#include "bench-measure.h"
#include "out-sip-report.h"
#include "scenario.h"

static void count_call(gpointer user, const SipCallEvent *ev)
{
    (void) ev;
    (*(guint64 *) user)++;
}

int main(int argc, char **argv)
{
    gint64 calls = 10000000, every = 1000000, phones = 20000;
    double rate = 500, holding = 10;
    GOptionEntry entries[] = {
        { "calls", 0, 0, G_OPTION_ARG_INT64, &calls, "Call arrivals (10000000)", "C" },
        { "every", 0, 0, G_OPTION_ARG_INT64, &every, "Calls between checkpoints (1000000)", "C" },
        { "phones", 0, 0, G_OPTION_ARG_INT64, &phones, "Registered phones (20000)", "N" },
        { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate, "Calls per simulated second (500)", "R" },
        { "holding", 0, 0, G_OPTION_ARG_DOUBLE, &holding, "Mean holding time, s (10)", "S" },
        { NULL },
    };
    g_autoptr(GOptionContext) ctx =
        g_option_context_new("SCENARIOS/poisson-calls.yaml - the long-run memory benchmark");
    g_option_context_add_main_entries(ctx, entries, NULL);
    GError *error = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &error) || argc != 2 || calls <= 0 ||
        every <= 0 || phones < 2 || phones > 65000 || rate <= 0 || holding <= 0) {
        fprintf(stderr, "bench-long-run: %s\n",
                error ? error->message : "expected the scenario's path and positive values");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    double stop = (double) calls / rate;
    g_autofree char *count =
        g_strdup_printf("topology.populations[0].count=%" G_GINT64_FORMAT, phones);
    g_autofree char *rate_set = g_strdup_printf("traffic[0].rate=%.3f/s", rate);
    g_autofree char *stop_set = g_strdup_printf("traffic[0].stop=%.3fs", stop);
    g_autofree char *holding_set =
        g_strdup_printf("traffic[0].holding={dist: exponential, mean: %.3fs}", holding);
    g_autofree char *duration = g_strdup_printf("duration=%.3fs", stop + 20 * holding + 60);
    const char *sets[] = { count, rate_set, stop_set, holding_set, duration, NULL };
    ScenarioOverrides ov = { .sets = sets };
    g_autoptr(Scenario) s = scenario_load(argv[1], &ov, &error);
    if (!s) {
        fprintf(stderr, "%s\n", error->message);
        return 2;
    }
    OutSipTally *tally = out_sip_tally_new(&s->sip_trace);
    out_sip_tally_set_warmup(tally, s->warmup);
    guint64 ended = 0;
    SipObserver obs = { .call = count_call, .user = &ended };
    sip_trace_add(&s->sip_trace, &obs);
    sim_world_start(&s->world, s->kernel);

    double first_heap = 0;
    guint64 first_ended = 0;
    for (gint64 placed = every; placed <= calls; placed += every) {
        sim_kernel_run(s->kernel, (SimTime) ((double) placed / rate * SIM_S));
        double heap = (double) mallinfo2().uordblks;
        if (placed == every) {
            first_heap = heap;
            first_ended = ended;
        }
        printf("long run: %" G_GINT64_FORMAT " calls placed, %" G_GUINT64_FORMAT
               " ended: %.1f MiB in malloc'd blocks (%+.1f MiB since the first checkpoint), "
               "%.1f MiB resident\n",
               placed, ended, heap / (1 << 20), (heap - first_heap) / (1 << 20),
               bench_resident_bytes() / (1 << 20));
        if (placed + every > calls && placed > every)
            printf("long run: %.2f bytes per call in malloc'd blocks from the first checkpoint "
                   "to the last (%" G_GUINT64_FORMAT " calls)\n",
                   (heap - first_heap) / (double) (ended - first_ended), ended - first_ended);
    }
    sim_kernel_run(s->kernel, s->until);
    sim_world_finish(&s->world);
    out_sip_tally_free(tally);
    return 0;
}
