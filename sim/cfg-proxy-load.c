/* SPDX-License-Identifier: MIT */
#include "cfg-proxy-load.h"

#define MAX_WORKERS     1000
#define MAX_QUEUE       10000000
#define MAX_RETRY_AFTER (24 * 3600 * SIM_S)

static const char *const capacity_keys[] = { "workers", "queue", "costs", NULL };
/* In SipProxyCost's order. */
static const char *const cost_keys[] = { "invite", "request", "response", "auth", "reject", NULL };
/* In SipProxyOverloadMode's order, with the keys each takes. */
static const char *const modes[] = { "none", "503", "loss-based", NULL };
static const char *const mode_keys[][5] = {
    { "mode", NULL },
    { "mode", "threshold", "retry_after", NULL },
    { "mode", "target", "interval", "validity", NULL },
};

/* 'costs': a duration or a distribution for each kind of datagram. */
static gboolean read_costs(const CfgNode *map, const char *what, SipProxyCapacity *c,
                           GError **error)
{
    g_autofree char *field = g_strdup_printf("%s costs", what);
    if (!cfg_expect_map(map, field, error) || !cfg_check_keys(map, field, cost_keys, error))
        return FALSE;
    for (guint i = 0; i < SIP_PROXY_N_COSTS; i++) {
        const CfgNode *n = cfg_get(map, cost_keys[i]);
        g_autofree char *key = g_strdup_printf("%s %s", field, cost_keys[i]);
        SimDistribution d;
        if (!n)
            continue;
        if (!cfg_time_distribution(n, key, &d, error))
            return FALSE;
        sim_distribution_clear(&c->costs[i]);
        c->costs[i] = d;
    }
    return TRUE;
}

/* 'capacity': {workers, queue, costs}; a map without workers has one. */
static gboolean read_capacity(const CfgNode *map, const char *what, SipProxyCapacity *c,
                              GError **error)
{
    g_autofree char *field = g_strdup_printf("%s capacity", what);
    const CfgNode *n;
    guint64 v = 1;
    if (!cfg_expect_map(map, field, error) || !cfg_check_keys(map, field, capacity_keys, error))
        return FALSE;
    g_autofree char *f_workers = g_strdup_printf("%s workers", field);
    g_autofree char *f_queue = g_strdup_printf("%s queue", field);
    if ((n = cfg_get(map, "workers")) && !cfg_uint(n, f_workers, 1, MAX_WORKERS, &v, error))
        return FALSE;
    c->workers = (guint) v;
    if ((n = cfg_get(map, "queue"))) {
        if (!cfg_uint(n, f_queue, 0, MAX_QUEUE, &v, error))
            return FALSE;
        c->queue = (guint) v;
    }
    return !(n = cfg_get(map, "costs")) || read_costs(n, field, c, error);
}

/* A duration of whole @unit from @min to @max. */
static gboolean whole_duration(const CfgNode *n, const char *field, SimTime unit, SimTime min,
                               SimTime max, const char *expected, SimTime *out, GError **error)
{
    if (!cfg_duration(n, field, out, error))
        return FALSE;
    if (*out % unit || *out < min || *out > max) {
        cfg_fail(error, n, "%s: expected %s, got '%s'", field, expected, n->value);
        return FALSE;
    }
    return TRUE;
}

static gboolean read_503(const CfgNode *map, const char *field, const CfgNode *mode_n,
                         SipProxyConfig *config, GError **error)
{
    SipProxyOverload *o = &config->overload;
    const CfgNode *n;
    guint64 v;
    SimTime t;
    guint queue = config->capacity.queue;
    if (queue == 0) {
        cfg_fail(error, mode_n,
                 "%s: mode 503 watches the queue; expected a capacity queue of 1 or more", field);
        return FALSE;
    }
    g_autofree char *f_threshold = g_strdup_printf("%s threshold", field);
    g_autofree char *f_retry = g_strdup_printf("%s retry_after", field);
    o->threshold = MAX(1, queue / 2);
    if ((n = cfg_get(map, "threshold"))) {
        if (!cfg_uint(n, f_threshold, 1, queue, &v, error))
            return FALSE;
        o->threshold = (guint) v;
    }
    if ((n = cfg_get(map, "retry_after"))) {
        if (!whole_duration(n, f_retry, SIM_S, 0, MAX_RETRY_AFTER,
                            "whole seconds from 0s (none) to 24h", &t, error))
            return FALSE;
        o->retry_after = (guint) (t / SIM_S);
    }
    return TRUE;
}

static gboolean read_loss(const CfgNode *map, const char *field, SipProxyOverload *o,
                          GError **error)
{
    const CfgNode *n;
    g_autofree char *f_target = g_strdup_printf("%s target", field);
    g_autofree char *f_interval = g_strdup_printf("%s interval", field);
    g_autofree char *f_validity = g_strdup_printf("%s validity", field);
    if ((n = cfg_get(map, "target"))) {
        if (!cfg_double(n, f_target, &o->target, error))
            return FALSE;
        if (o->target <= 0 || o->target > 1) {
            cfg_fail(error, n, "%s: expected a utilization above 0 and at most 1, got '%s'",
                     f_target, n->value);
            return FALSE;
        }
    }
    if ((n = cfg_get(map, "interval")) &&
        !whole_duration(n, f_interval, 1, SIM_MS, G_MAXINT64, "a duration of 1ms or more",
                        &o->interval, error))
        return FALSE;
    return !(n = cfg_get(map, "validity")) ||
           whole_duration(n, f_validity, SIM_MS, SIM_MS, G_MAXINT64,
                          "whole milliseconds, 1ms or more", &o->validity, error);
}

/* 'overload': {mode, ...the mode's keys}. */
static gboolean read_overload(const CfgNode *map, const char *what, SipProxyConfig *config,
                              GError **error)
{
    g_autofree char *field = g_strdup_printf("%s overload", what);
    const CfgNode *mode_n;
    const char *mode;
    if (!cfg_expect_map(map, field, error) || !(mode_n = cfg_require(map, "mode", field, error)) ||
        !cfg_string(mode_n, field, &mode, error))
        return FALSE;
    guint m = 0;
    while (modes[m] && !g_str_equal(modes[m], mode))
        m++;
    if (!modes[m]) {
        cfg_fail(error, mode_n, "%s mode: unknown mode '%s'; expected none, 503 or loss-based",
                 field, mode);
        return FALSE;
    }
    g_autofree char *in = g_strdup_printf("%s (%s)", field, mode);
    if (!cfg_check_keys(map, in, mode_keys[m], error))
        return FALSE;
    config->overload.mode = (SipProxyOverloadMode) m;
    if (m != SIP_PROXY_OVERLOAD_NONE && !config->capacity.workers) {
        cfg_fail(error, mode_n,
                 "%s: mode %s acts on the processing model; expected 'capacity' in the same "
                 "sip map",
                 field, mode);
        return FALSE;
    }
    if (m == SIP_PROXY_OVERLOAD_503)
        return read_503(map, in, mode_n, config, error);
    if (m == SIP_PROXY_OVERLOAD_LOSS)
        return read_loss(map, in, &config->overload, error);
    return TRUE;
}

gboolean cfg_proxy_load_read(const CfgNode *sip, const char *what, SipProxyConfig *config,
                             GError **error)
{
    const CfgNode *n;
    if ((n = cfg_get(sip, "capacity")) && !read_capacity(n, what, &config->capacity, error))
        return FALSE;
    return !(n = cfg_get(sip, "overload")) || read_overload(n, what, config, error);
}
