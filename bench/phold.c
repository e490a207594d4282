/* SPDX-License-Identifier: MIT */
/*
 * The classic hold benchmark in its PHOLD form: N entities of 64-byte state, P pending events.
 * Each executed event updates its entity's state and schedules one new event for an entity
 * drawn at random, at now + Exp(mean) rounded to integer nanoseconds, until E events have run.
 * Prints events per second of run-phase wall time and peak RSS.
 */
#include <gsl/gsl_randist.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "sim-kernel.h"
#include "sim-rng.h"

typedef struct {
    guint64 visits;
    guint64 last_time;
    guint64 mix[6];
} PholdState; /* 64 bytes, as the benchmark prescribes */

G_STATIC_ASSERT(sizeof(PholdState) == 64);

/* An entity: its own random stream (inline, as SimEntity has it) and its 64-byte state. */
typedef struct {
    SimRng rng;
    PholdState state;
} PholdEntity;

typedef struct {
    PholdEntity *entities;
    guint32 n_entities;
    double mean_ns;
    guint64 target_events;
    gboolean timers; /* schedule cancellable events (timers) instead of messages */
} Phold;

static Phold phold;

static void phold_event(SimKernel *k, gpointer obj, gpointer data, guint32 arg)
{
    (void) data, (void) arg;
    PholdEntity *self = obj;
    PholdState *st = &self->state;
    SimTime now = sim_kernel_now(k);
    st->visits++;
    st->mix[st->visits % 6] ^= (guint64) now * 0x9e3779b97f4a7c15ull;
    st->last_time = (guint64) now;
    if (sim_kernel_executed(k) >= phold.target_events) {
        sim_kernel_stop(k);
        return;
    }
    gsl_rng *r = &self->rng.gen;
    guint32 dest = (guint32) gsl_rng_uniform_int(r, phold.n_entities);
    SimTime delay = sim_rng_round_ns(gsl_ran_exponential(r, phold.mean_ns));
    if (phold.timers)
        sim_kernel_schedule(k, delay, phold_event, &phold.entities[dest], NULL, 0);
    else
        sim_kernel_post(k, delay, phold_event, &phold.entities[dest], NULL, 0);
}

static long peak_rss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
    guint32 entities = 100000, pending = 100000;
    guint64 events = 10000000;
    for (int i = 1; i < argc; i++) {
        if (g_str_equal(argv[i], "--timers"))
            phold.timers = TRUE;
        else
            events = g_ascii_strtoull(argv[i], NULL, 10);
    }
    phold.n_entities = entities;
    phold.mean_ns = 100.0;
    phold.target_events = events;
    phold.entities = g_new0(PholdEntity, entities);
    for (guint32 i = 0; i < entities; i++) {
        char name[32];
        g_snprintf(name, sizeof name, "lp%u", i);
        sim_rng_init(&phold.entities[i].rng, 1, 0, name);
    }
    SimKernel *k = sim_kernel_new(1, 0);
    SimRng init;
    sim_rng_init(&init, 1, 0, "phold-init");
    for (guint32 i = 0; i < pending; i++) {
        SimTime t = sim_rng_round_ns(gsl_ran_exponential(&init.gen, phold.mean_ns));
        sim_kernel_post(k, t, phold_event, &phold.entities[i % entities], NULL, 0);
    }
    gint64 t0 = g_get_monotonic_time();
    sim_kernel_run(k, SIM_TIME_NEVER);
    gint64 t1 = g_get_monotonic_time();
    double secs = (double) (t1 - t0) / 1e6;
    guint64 done = sim_kernel_executed(k);
    printf("phold: entities=%u pending=%u events=%" G_GUINT64_FORMAT " as %s, wall=%.3f s\n",
           entities, pending, done, phold.timers ? "cancellable timers" : "messages", secs);
    printf("phold: %.2f million events/s (run phase), peak RSS %.1f MiB\n", done / secs / 1e6,
           peak_rss_kib() / 1024.0);
    sim_kernel_free(k);
    g_free(phold.entities);
    return 0;
}
