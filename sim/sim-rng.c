/* SPDX-License-Identifier: MIT */
#include "sim-rng.h"

#include <math.h>
#include <string.h>

guint32 sim_rng_stream_seed(guint64 seed, guint64 run, const char *name)
{
    /* SHA-256 of the three fields: stable across platforms and GLib versions (g_str_hash is
     * neither promised nor 64-bit), and each name maps to an unrelated seed. */
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    guint8 buf[16];
    for (int i = 0; i < 8; i++) {
        buf[i] = (guint8) (seed >> (8 * i));
        buf[8 + i] = (guint8) (run >> (8 * i));
    }
    g_checksum_update(sum, (const guchar *) "sipsim-stream", 14);
    g_checksum_update(sum, buf, sizeof buf);
    g_checksum_update(sum, (const guchar *) name, (gssize) strlen(name));
    guint8 digest[32];
    gsize len = sizeof digest;
    g_checksum_get_digest(sum, digest, &len);
    g_checksum_free(sum);
    return (guint32) digest[0] | (guint32) digest[1] << 8 | (guint32) digest[2] << 16 |
           (guint32) digest[3] << 24;
}

void sim_rng_init_seeded(SimRng *rng, guint32 stream_seed)
{
    g_assert(SIM_RNG_TYPE->size <= sizeof rng->state);
    rng->gen.type = SIM_RNG_TYPE;
    rng->gen.state = rng->state;
    gsl_rng_set(&rng->gen, stream_seed);
}

void sim_rng_init(SimRng *rng, guint64 seed, guint64 run, const char *name)
{
    sim_rng_init_seeded(rng, sim_rng_stream_seed(seed, run, name));
}

gint64 sim_rng_round_ns(double ns)
{
    const double max = (double) (G_MAXINT64 / 4);
    if (!(ns > 0)) /* also catches NaN */
        return 0;
    if (ns >= max)
        return G_MAXINT64 / 4;
    return (gint64) llround(ns);
}
