/* SPDX-License-Identifier: MIT */
/* The scenario's 'traffic': call generators between phones and populations (docs/scenario.md). */
#include "cfg-traffic.h"

#include "traffic.h"

static const char *const traffic_keys[] = { "name",           "from",  "to",   "rate",
                                            "interarrival",   "start", "stop", "holding",
                                            "answer_timeout", "mix",   NULL };
static const char *const mix_keys[] = { "flow", "weight", "after", "for", NULL };

static void parties_free(GArray *parties)
{
    for (guint i = 0; i < parties->len; i++) {
        TrafficParty *p = &g_array_index(parties, TrafficParty, i);
        g_free(p->name);
        g_free(p->aor);
    }
    g_array_unref(parties);
}

static gboolean add_phone(CfgSip *sip, GArray *parties, const char *name)
{
    TrafficParty p = { 0 };
    if (!cfg_sip_phone(sip, name, &p.phone, &p.aor))
        return FALSE;
    p.name = g_strdup(name);
    g_array_append_val(parties, p);
    return TRUE;
}

/* 'from' or 'to': a population's name, or a list of phones. */
static GArray *read_parties(const CfgNode *n, const char *what, GArray *topo, CfgSip *sip,
                            GError **error)
{
    GArray *parties = g_array_new(FALSE, FALSE, sizeof(TrafficParty));
    if (n->kind == CFG_SEQ) {
        for (guint i = 0; i < cfg_seq_len(n); i++) {
            const char *name;
            const CfgNode *item = cfg_seq_item(n, i);
            if (!cfg_name(item, what, &name, error))
                goto fail;
            if (!add_phone(sip, parties, name)) {
                cfg_fail(error, item, "%s: no phone named '%s'; expected a phone of the topology",
                         what, name);
                goto fail;
            }
        }
    } else {
        const char *pop;
        if (!cfg_name(n, what, &pop, error))
            goto fail;
        for (guint i = 0; i < topo->len; i++) {
            const CfgTopoNode *tn = &g_array_index(topo, CfgTopoNode, i);
            if (tn->population && g_str_equal(tn->population, pop))
                add_phone(sip, parties, net_node_name(tn->net_node));
        }
        if (parties->len == 0) {
            cfg_fail(error, n,
                     "%s: no population named '%s'; expected a population of the topology, or "
                     "a list of phones",
                     what, pop);
            goto fail;
        }
    }
    if (parties->len == 0) {
        cfg_fail(error, n, "%s: no phone; expected at least one", what);
        goto fail;
    }
    return parties;
fail:
    parties_free(parties);
    return NULL;
}

static gboolean read_mix(const CfgNode *n, const char *what, GArray *mix, GError **error)
{
    g_autofree char *field = g_strdup_printf("%s mix", what);
    if (!cfg_expect_seq(n, field, error))
        return FALSE;
    for (guint i = 0; i < cfg_seq_len(n); i++) {
        const CfgNode *m = cfg_seq_item(n, i), *flow_n, *w_n, *c;
        const char *flow;
        TrafficMixItem item = { .weight = 1 };
        if (!cfg_expect_map(m, field, error) || !cfg_check_keys(m, field, mix_keys, error) ||
            !(flow_n = cfg_require(m, "flow", field, error)) ||
            !cfg_string(flow_n, field, &flow, error))
            return FALSE;
        guint f = 0;
        while (f < TRAFFIC_N_FLOWS && !g_str_equal(traffic_flow_name((TrafficFlow) f), flow))
            f++;
        if (f == TRAFFIC_N_FLOWS) {
            cfg_fail(error, flow_n, "%s flow: unknown flow '%s'; expected basic, hold or transfer",
                     field, flow);
            return FALSE;
        }
        item.flow = (TrafficFlow) f;
        if ((w_n = cfg_get(m, "weight")) && !cfg_double(w_n, field, &item.weight, error))
            return FALSE;
        if (!(item.weight > 0)) {
            cfg_fail(error, w_n, "%s weight: expected a number above 0", field);
            return FALSE;
        }
        gboolean timed = item.flow != TRAFFIC_BASIC;
        if ((c = cfg_get(m, "after")) && (!timed || !cfg_duration(c, field, &item.after, error))) {
            if (!timed)
                cfg_fail(error, c, "%s: 'after' is for the hold and transfer flows", field);
            return FALSE;
        }
        if ((c = cfg_get(m, "for")) &&
            (item.flow != TRAFFIC_HOLD || !cfg_duration(c, field, &item.duration, error))) {
            if (item.flow != TRAFFIC_HOLD)
                cfg_fail(error, c, "%s: 'for' is for the hold flow", field);
            return FALSE;
        }
        g_array_append_val(mix, item);
    }
    if (mix->len == 0) {
        cfg_fail(error, n, "%s: empty; expected at least one flow", field);
        return FALSE;
    }
    return TRUE;
}

static gboolean read_traffic(const CfgNode *n, guint index, GArray *topo, CfgSip *sip,
                             SimKernel *kernel, SimTime until, SimWorld *world, GError **error)
{
    const CfgNode *c, *from_n, *to_n, *rate_n, *gap_n;
    const char *name = NULL;
    if (!cfg_expect_map(n, "traffic", error))
        return FALSE;
    if ((c = cfg_get(n, "name")) && !cfg_name(c, "traffic name", &name, error))
        return FALSE;
    g_autofree char *own = name ? g_strdup(name) : g_strdup_printf("traffic%u", index + 1);
    g_autofree char *what = g_strdup_printf("traffic '%s'", own);
    if (!cfg_check_keys(n, what, traffic_keys, error) ||
        !(from_n = cfg_require(n, "from", what, error)) ||
        !(to_n = cfg_require(n, "to", what, error)))
        return FALSE;
    TrafficConfig config = { .stop = until, .holding = sim_distribution_constant(0) };
    rate_n = cfg_get(n, "rate");
    gap_n = cfg_get(n, "interarrival");
    if (!rate_n == !gap_n) {
        cfg_fail(error, n,
                 "%s: expected either 'rate' (Poisson arrivals) or 'interarrival' (a "
                 "distribution of the time between calls), not %s",
                 what, rate_n ? "both" : "neither");
        return FALSE;
    }
    double rate;
    if (rate_n) {
        g_autofree char *f = g_strdup_printf("%s rate", what);
        if (!cfg_rate(rate_n, f, &rate, error))
            return FALSE;
        config.interarrival = (SimDistribution){ .kind = SIM_DIST_EXPONENTIAL, .a = 1e9 / rate };
    } else {
        g_autofree char *f = g_strdup_printf("%s interarrival", what);
        if (!cfg_time_distribution(gap_n, f, &config.interarrival, error))
            return FALSE;
    }
    g_autofree char *f_holding = g_strdup_printf("%s holding", what);
    gboolean ok = (!(c = cfg_get(n, "start")) || cfg_duration(c, what, &config.start, error)) &&
                  (!(c = cfg_get(n, "stop")) || cfg_duration(c, what, &config.stop, error)) &&
                  (!(c = cfg_get(n, "answer_timeout")) ||
                   cfg_duration(c, what, &config.answer_timeout, error)) &&
                  (!(c = cfg_get(n, "holding")) ||
                   cfg_time_distribution(c, f_holding, &config.holding, error));
    if (ok && config.stop == SIM_TIME_NEVER) {
        cfg_fail(error, n,
                 "%s would call forever; expected a 'stop' time or a duration for the "
                 "scenario",
                 what);
        ok = FALSE;
    }
    g_autoptr(GArray) mix = g_array_new(FALSE, FALSE, sizeof(TrafficMixItem));
    if (ok && (c = cfg_get(n, "mix")))
        ok = read_mix(c, what, mix, error);
    else if (ok)
        g_array_append_val(mix, ((TrafficMixItem){ .flow = TRAFFIC_BASIC, .weight = 1 }));
    g_autofree char *f_from = g_strdup_printf("%s from", what);
    g_autofree char *f_to = g_strdup_printf("%s to", what);
    GArray *callers = ok ? read_parties(from_n, f_from, topo, sip, error) : NULL;
    GArray *callees = callers ? read_parties(to_n, f_to, topo, sip, error) : NULL;
    if (callees) {
        config.mix = (const TrafficMixItem *) mix->data;
        config.n_mix = mix->len;
        config.callers = (const TrafficParty *) callers->data;
        config.n_callers = callers->len;
        config.callees = (const TrafficParty *) callees->data;
        config.n_callees = callees->len;
        SimEntity *t = traffic_new(kernel, own, &config);
        if (!sim_world_add(world, t)) {
            cfg_fail(error, n, "%s: the name is taken by a node; expected a name of its own", what);
            t->klass->free(t);
            ok = FALSE;
        }
    }
    if (callers)
        parties_free(callers);
    if (callees)
        parties_free(callees);
    sim_distribution_clear(&config.interarrival);
    sim_distribution_clear(&config.holding);
    return ok && callees;
}

gboolean cfg_traffic_build(const CfgNode *list, GArray *topo, CfgSip *sip, SimKernel *kernel,
                           SimTime until, SimWorld *world, GError **error)
{
    if (!cfg_expect_seq(list, "traffic", error))
        return FALSE;
    for (guint i = 0; i < cfg_seq_len(list); i++)
        if (!read_traffic(cfg_seq_item(list, i), i, topo, sip, kernel, until, world, error))
            return FALSE;
    return TRUE;
}
