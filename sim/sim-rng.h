/* SPDX-License-Identifier: MIT */
/*
 * Independent random streams. Each stream is its own GSL generator seeded from
 * (seed, run, stream name), so adding a stream never changes what another one draws.
 */
#pragma once

#include <glib.h>
#include <gsl/gsl_rng.h>

/* taus2 (L'Ecuyer 1996): 24 bytes of state, period 2^88, fast; a million streams fit in memory,
 * which MT19937's 5 KiB each would not. GSL seeds it from 32 bits. */
#define SIM_RNG_TYPE gsl_rng_taus2

/*
 * A generator whose state lives inline in its owner rather than in two separate allocations:
 * the entity and its stream then share cache lines. It is a real gsl_rng (the struct is public
 * GSL API): pass &rng->gen to any gsl_ran_* function.
 */
typedef struct {
    gsl_rng gen;
    guint64 state[4];
} SimRng;

/* The 32-bit value a stream is seeded with. */
guint32 sim_rng_stream_seed(guint64 seed, guint64 run, const char *name);
void sim_rng_init(SimRng *rng, guint64 seed, guint64 run, const char *name);
/* The same from the stream's seed, once computed: sim_rng_stream_seed(seed, run, name). */
void sim_rng_init_seeded(SimRng *rng, guint32 stream_seed);
static inline gboolean sim_rng_ready(const SimRng *rng)
{
    return rng->gen.type != NULL;
}

/* A draw rounded to integer nanoseconds, clamped to [0, G_MAXINT64 / 4] so that sums of
 * a few draws cannot overflow. */
gint64 sim_rng_round_ns(double ns);
