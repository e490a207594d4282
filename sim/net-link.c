/* SPDX-License-Identifier: MIT */
#include "net-link.h"

#include <string.h>

struct NetLinkDirMore {
    SimTime busy_until; /* when the transmitter finishes what it has accepted */
    /* Start times of accepted datagrams still waiting for the transmitter (a growable ring). */
    SimTime *waiting;
    guint32 wait_head;
    guint32 wait_len;
    guint32 wait_cap;
    guint64 duplicated;
    guint64 dropped[NET_DROP_N_CAUSES];
};

static const char *const drop_names[NET_DROP_N_CAUSES] = {
    [NET_DROP_NONE] = "none",
    [NET_DROP_LOSS] = "loss",
    [NET_DROP_QUEUE_FULL] = "queue-full",
    [NET_DROP_MTU] = "mtu",
    [NET_DROP_LINK_DOWN] = "link-down",
    [NET_DROP_NO_ROUTE] = "no-route",
    [NET_DROP_PORT_UNREACHABLE] = "port-unreachable",
    [NET_DROP_TTL_EXPIRED] = "ttl-expired",
    [NET_DROP_NAT_NO_MAPPING] = "nat-no-mapping",
    [NET_DROP_NAT_FILTERED] = "nat-filtered",
    [NET_DROP_NAT_NO_PORT] = "nat-no-port",
};

const char *net_drop_cause_name(NetDropCause cause)
{
    g_return_val_if_fail((guint) cause < NET_DROP_N_CAUSES, "?");
    return drop_names[cause];
}

void net_link_params_init(NetLinkParams *params)
{
    memset(params, 0, sizeof *params);
    params->delay = sim_distribution_constant(0);
    params->queue_limit = NET_DEFAULT_QUEUE_LIMIT;
}

void net_link_params_clear(NetLinkParams *params)
{
    sim_distribution_clear(&params->delay);
    g_clear_pointer(&params->outages, g_free);
    params->n_outages = 0;
}

void net_link_params_copy(NetLinkParams *dst, const NetLinkParams *src)
{
    *dst = *src;
    sim_distribution_copy(&dst->delay, &src->delay);
    if (src->n_outages)
        dst->outages = g_memdup2(src->outages, src->n_outages * sizeof *src->outages);
}

SimTime net_serialization_time(guint64 wire_bytes, guint64 bps)
{
    unsigned __int128 bits_ns = (unsigned __int128) wire_bytes * 8 * (guint64) SIM_S;
    return (SimTime) ((bits_ns + bps - 1) / bps);
}

void net_link_dir_init(NetLinkDir *dir, const NetLinkParams *params, guint64 seed, guint64 run,
                       const char *stream)
{
    memset(dir, 0, sizeof *dir);
    dir->params = params;
    dir->seed = sim_rng_stream_seed(seed, run, stream);
}

void net_link_dir_clear(NetLinkDir *dir)
{
    if (dir->more)
        g_free(dir->more->waiting);
    g_clear_pointer(&dir->more, g_free);
    g_clear_pointer(&dir->rng, g_free);
}

NetLinkStats net_link_dir_stats(const NetLinkDir *dir)
{
    NetLinkStats st = { .sent = dir->sent };
    if (dir->more) {
        st.duplicated = dir->more->duplicated;
        memcpy(st.dropped, dir->more->dropped, sizeof st.dropped);
    }
    return st;
}

static NetLinkDirMore *more(NetLinkDir *dir)
{
    if (!dir->more)
        dir->more = g_new0(NetLinkDirMore, 1);
    return dir->more;
}

/* The stream is seeded on its first draw: it draws as if seeded at the start. */
static gsl_rng *rng(NetLinkDir *dir)
{
    if (!dir->rng) {
        dir->rng = g_new(SimRng, 1);
        sim_rng_init_seeded(dir->rng, dir->seed);
    }
    return &dir->rng->gen;
}

static gboolean is_down(const NetLinkParams *p, SimTime now)
{
    for (guint i = 0; i < p->n_outages; i++)
        if (now >= p->outages[i].from && now < p->outages[i].to)
            return TRUE;
    return FALSE;
}

/* Forgets the datagrams whose transmission has started by @now; returns how many still wait. */
static guint32 waiting_count(NetLinkDirMore *dir, SimTime now)
{
    while (dir->wait_len && dir->waiting[dir->wait_head] <= now) {
        dir->wait_head = (dir->wait_head + 1) % dir->wait_cap;
        dir->wait_len--;
    }
    return dir->wait_len;
}

static void waiting_push(NetLinkDirMore *dir, SimTime start)
{
    if (dir->wait_len == dir->wait_cap) {
        guint32 cap = dir->wait_cap ? dir->wait_cap * 2 : 8;
        SimTime *ring = g_new(SimTime, cap);
        for (guint32 i = 0; i < dir->wait_len; i++)
            ring[i] = dir->waiting[(dir->wait_head + i) % dir->wait_cap];
        g_free(dir->waiting);
        dir->waiting = ring;
        dir->wait_cap = cap;
        dir->wait_head = 0;
    }
    dir->waiting[(dir->wait_head + dir->wait_len) % dir->wait_cap] = start;
    dir->wait_len++;
}

static gboolean lost(NetLinkDir *dir)
{
    const NetLossModel *m = &dir->params->loss;
    switch (m->kind) {
    case NET_LOSS_NONE:
        return FALSE;
    case NET_LOSS_BERNOULLI:
        return gsl_rng_uniform(rng(dir)) < m->p;
    case NET_LOSS_GILBERT_ELLIOTT: {
        gsl_rng *r = rng(dir);
        /* Loss is drawn in the current state, then the chain takes its step. */
        gboolean drop = gsl_rng_uniform(r) < (dir->ge_bad ? m->loss_bad : m->loss_good);
        if (dir->ge_bad ? gsl_rng_uniform(r) < m->r : gsl_rng_uniform(r) < m->p)
            dir->ge_bad = !dir->ge_bad;
        return drop;
    }
    }
    g_return_val_if_reached(FALSE);
}

static SimTime draw_delay(NetLinkDir *dir)
{
    const NetLinkParams *p = dir->params;
    /* A constant delay draws nothing: its stream need not exist. */
    double ns = p->delay.kind == SIM_DIST_CONSTANT ? p->delay.a
                                                   : sim_distribution_sample(&p->delay, rng(dir));
    if (p->jitter > 0)
        ns += (2 * gsl_rng_uniform(rng(dir)) - 1) * (double) p->jitter;
    return sim_rng_round_ns(ns);
}

void net_link_dir_transmit(NetLinkDir *dir, SimTime now, guint32 wire_bytes, NetTransmission *out)
{
    const NetLinkParams *p = dir->params;
    memset(out, 0, sizeof *out);
    dir->sent++;
    NetLinkDirMore *tx = p->bandwidth_bps ? more(dir) : NULL;
    if (dir->forced_down || is_down(p, now))
        out->drop = NET_DROP_LINK_DOWN;
    else if (p->mtu && wire_bytes > p->mtu)
        out->drop = NET_DROP_MTU;
    else if (tx && tx->busy_until > now && waiting_count(tx, now) >= p->queue_limit)
        out->drop = NET_DROP_QUEUE_FULL; /* only one that would have to wait finds it full */
    if (out->drop) {
        more(dir)->dropped[out->drop]++;
        return;
    }
    SimTime done = now;
    if (tx) {
        SimTime start = MAX(now, tx->busy_until);
        if (start > now)
            waiting_push(tx, start);
        done = start + net_serialization_time(wire_bytes, p->bandwidth_bps);
        tx->busy_until = done;
    }
    /* A datagram lost in flight has still used the transmitter. */
    if (lost(dir)) {
        out->drop = NET_DROP_LOSS;
        more(dir)->dropped[NET_DROP_LOSS]++;
        return;
    }
    out->arrival = done + draw_delay(dir);
    if (p->duplicate > 0 && gsl_rng_uniform(rng(dir)) < p->duplicate) {
        out->duplicated = TRUE;
        out->dup_arrival = done + draw_delay(dir);
        more(dir)->duplicated++;
    }
}
