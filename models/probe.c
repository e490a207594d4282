/* SPDX-License-Identifier: MIT */
#include "probe.h"

#include <string.h>

enum { PROBE_TIMER_SEND };

/* What became of each sequence number. */
enum { SEQ_WAITING, SEQ_REPLIED, SEQ_LATE };

struct Probe {
    SimEntity entity;
    NetNode *node;
    ProbeConfig config;
    guint64 next_seq;
    GByteArray *seq_state;
    ProbeStats stats;
};

static void put_u64(guint8 *p, guint64 v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        p[i] = (guint8) v;
}

static guint64 get_u64(const guint8 *p)
{
    guint64 v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
}

static gboolean may_send(const Probe *p)
{
    SimTime at = p->config.start + (SimTime) p->next_seq * p->config.interval;
    return (p->config.count == 0 || p->next_seq < p->config.count) && at < p->config.stop;
}

static void probe_start(SimEntity *self)
{
    Probe *p = (Probe *) self;
    if (may_send(p))
        sim_entity_timer(self, p->config.start, PROBE_TIMER_SEND, NULL);
}

static void probe_timer(SimEntity *self, guint32 kind, gpointer data)
{
    Probe *p = (Probe *) self;
    NetDatagram *dg = net_datagram_new(NULL, p->config.size);
    put_u64(dg->data, p->next_seq);
    put_u64(dg->data + 8, (guint64) sim_entity_now(self));
    net_node_send(p->node, p->config.port, p->config.target, dg);
    g_byte_array_append(p->seq_state, (const guint8[]){ SEQ_WAITING }, 1);
    p->stats.sent++;
    p->next_seq++;
    if (may_send(p))
        sim_entity_timer(self, p->config.interval, PROBE_TIMER_SEND, NULL);
}

static void probe_receive(SimEntity *self, const NetDatagram *dg)
{
    Probe *p = (Probe *) self;
    if (dg->len < PROBE_MIN_SIZE)
        return; /* not one of ours */
    guint64 seq = get_u64(dg->data);
    SimTime rtt = sim_entity_now(self) - (SimTime) get_u64(dg->data + 8);
    if (seq >= p->seq_state->len || rtt < 0)
        return;
    guint8 *state = &p->seq_state->data[seq];
    if (*state != SEQ_WAITING) {
        p->stats.duplicates++;
        return;
    }
    if (rtt > p->config.timeout) {
        *state = SEQ_LATE;
        p->stats.late++;
        return;
    }
    *state = SEQ_REPLIED;
    p->stats.replies++;
    g_array_append_val(p->stats.rtts, rtt);
}

static void probe_finish(SimEntity *self)
{
    Probe *p = (Probe *) self;
    SimTime now = sim_entity_now(self);
    for (guint64 seq = 0; seq < p->seq_state->len; seq++) {
        if (p->seq_state->data[seq] != SEQ_WAITING)
            continue;
        SimTime sent_at = p->config.start + (SimTime) seq * p->config.interval;
        if (now - sent_at < p->config.timeout)
            p->stats.pending++;
        else
            p->stats.lost++;
    }
    p->stats.lost += p->stats.late;
}

static void probe_free(SimEntity *self)
{
    Probe *p = (Probe *) self;
    g_byte_array_unref(p->seq_state);
    g_array_unref(p->stats.rtts);
    sim_entity_clear(self);
    g_free(p);
}

static const SimEntityClass probe_class = {
    .kind = "probe",
    .start = probe_start,
    .receive = probe_receive,
    .timer = probe_timer,
    .finish = probe_finish,
    .free = probe_free,
};

SimEntity *probe_new(SimKernel *kernel, NetNode *node, const char *name, const ProbeConfig *config)
{
    g_return_val_if_fail(config->interval > 0 && config->size >= PROBE_MIN_SIZE, NULL);
    Probe *p = g_new0(Probe, 1);
    sim_entity_init(&p->entity, &probe_class, kernel, name);
    p->node = node;
    p->config = *config;
    p->seq_state = g_byte_array_new();
    p->stats.rtts = g_array_new(FALSE, FALSE, sizeof(SimTime));
    net_node_bind(node, config->port);
    net_node_set_entity(node, &p->entity);
    return &p->entity;
}

Probe *probe_from_entity(SimEntity *entity)
{
    return entity->klass == &probe_class ? (Probe *) entity : NULL;
}

const ProbeConfig *probe_config(const Probe *probe)
{
    return &probe->config;
}

const ProbeStats *probe_stats(const Probe *probe)
{
    return &probe->stats;
}
