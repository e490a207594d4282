/* SPDX-License-Identifier: MIT */
#include "cfg-node-kinds.h"

#include "cfg-sip.h"
#include "echo.h"
#include "probe.h"

/* host and router run nothing: any settings for them are a mistake. */
static gboolean create_nothing(const CfgKindContext *ctx, SimEntity **out, GError **error)
{
    if (ctx->settings) {
        cfg_fail(error, ctx->settings, "node '%s' runs nothing; expected no settings for it",
                 ctx->name);
        return FALSE;
    }
    *out = NULL;
    return TRUE;
}

static gboolean port_field(const CfgNode *map, const char *key, const char *what, guint16 *out,
                           GError **error)
{
    const CfgNode *n = cfg_get(map, key);
    guint64 v;
    if (!n)
        return TRUE;
    g_autofree char *field = g_strdup_printf("%s %s", what, key);
    if (!cfg_uint(n, field, 1, 65535, &v, error))
        return FALSE;
    *out = (guint16) v;
    return TRUE;
}

static gboolean duration_field(const CfgNode *map, const char *key, const char *what, SimTime *out,
                               GError **error)
{
    const CfgNode *n = cfg_get(map, key);
    g_autofree char *field = g_strdup_printf("%s %s", what, key);
    return !n || cfg_duration(n, field, out, error);
}

/* A node name or an IPv4 address. */
static gboolean target_address(const CfgKindContext *ctx, const CfgNode *n, const char *what,
                               NetIp *out, GError **error)
{
    const char *text;
    if (!cfg_string(n, what, &text, error))
        return FALSE;
    if (net_ip_parse(text, out))
        return TRUE;
    NetNode *target = net_network_lookup_node(ctx->net, text);
    if (!target) {
        cfg_fail(error, n,
                 "%s: no node named '%s'; expected a node of the topology or an "
                 "IPv4 address",
                 what, text);
        return FALSE;
    }
    if (!net_node_address(target)) {
        cfg_fail(error, n, "%s: node '%s' has no address", what, text);
        return FALSE;
    }
    *out = net_node_address(target);
    return TRUE;
}

static gboolean create_probe(const CfgKindContext *ctx, SimEntity **out, GError **error)
{
    static const char *const keys[] = { "target", "target_port", "port",  "rate",    "size",
                                        "start",  "stop",        "count", "timeout", NULL };
    g_autofree char *what = g_strdup_printf("probe '%s'", ctx->name);
    if (!ctx->settings) {
        *out = NULL; /* a probe with no settings stays silent */
        return TRUE;
    }
    const CfgNode *s = ctx->settings;
    if (!cfg_expect_map(s, what, error) || !cfg_check_keys(s, what, keys, error))
        return FALSE;
    ProbeConfig c = {
        .port = 50000,
        .target.port = ECHO_DEFAULT_PORT,
        .size = 160,
        .stop = SIM_TIME_NEVER,
        .timeout = SIM_S,
    };
    const CfgNode *target = cfg_require(s, "target", what, error);
    const CfgNode *rate = target ? cfg_require(s, "rate", what, error) : NULL;
    const CfgNode *size = cfg_get(s, "size");
    const CfgNode *count = cfg_get(s, "count");
    double per_second;
    guint64 v;
    g_autofree char *f_target = g_strdup_printf("%s target", what);
    g_autofree char *f_rate = g_strdup_printf("%s rate", what);
    g_autofree char *f_size = g_strdup_printf("%s size", what);
    g_autofree char *f_count = g_strdup_printf("%s count", what);
    if (!rate || !target_address(ctx, target, f_target, &c.target.ip, error) ||
        !port_field(s, "target_port", what, &c.target.port, error) ||
        !port_field(s, "port", what, &c.port, error) || !cfg_rate(rate, f_rate, &per_second, error))
        return FALSE;
    c.interval = (SimTime) (SIM_S / per_second + 0.5);
    if (c.interval <= 0) {
        cfg_fail(error, rate, "%s: faster than one datagram per nanosecond; expected a lower rate",
                 f_rate);
        return FALSE;
    }
    if (size) {
        if (!cfg_uint(size, f_size, PROBE_MIN_SIZE, 65507, &v, error))
            return FALSE;
        c.size = (guint32) v;
    }
    if (count && !cfg_uint(count, f_count, 1, G_MAXUINT32, &c.count, error))
        return FALSE;
    if (!duration_field(s, "start", what, &c.start, error) ||
        !duration_field(s, "stop", what, &c.stop, error) ||
        !duration_field(s, "timeout", what, &c.timeout, error))
        return FALSE;
    if (c.count == 0 && c.stop == SIM_TIME_NEVER && ctx->until == SIM_TIME_NEVER) {
        cfg_fail(error, s,
                 "%s would send forever; expected a count, a stop time, or a duration "
                 "for the scenario",
                 what);
        return FALSE;
    }
    *out = probe_new(ctx->kernel, ctx->node, ctx->name, &c);
    return TRUE;
}

static gboolean create_echo(const CfgKindContext *ctx, SimEntity **out, GError **error)
{
    static const char *const keys[] = { "port", NULL };
    g_autofree char *what = g_strdup_printf("echo '%s'", ctx->name);
    guint16 port = ECHO_DEFAULT_PORT;
    const CfgNode *s = ctx->settings;
    if (s && (!cfg_expect_map(s, what, error) || !cfg_check_keys(s, what, keys, error) ||
              !port_field(s, "port", what, &port, error)))
        return FALSE;
    *out = echo_new(ctx->kernel, ctx->node, ctx->name, port);
    return TRUE;
}

static const CfgNodeKind kinds[] = {
    { "host", "an end system that runs nothing", FALSE, FALSE, create_nothing },
    { "router", "forwards datagrams by its routes", TRUE, FALSE, create_nothing },
    { "probe", "sends datagrams at a rate and measures round trips", FALSE, FALSE, create_probe },
    { "echo", "returns every datagram to its sender", FALSE, FALSE, create_echo },
    { "phone", "a SIP user agent", FALSE, TRUE, cfg_sip_create_phone },
    { "proxy", "a SIP registrar and stateful proxy", FALSE, TRUE, cfg_sip_create_proxy },
};

const CfgNodeKind *cfg_node_kind_lookup(const char *name)
{
    for (gsize i = 0; i < G_N_ELEMENTS(kinds); i++)
        if (g_str_equal(kinds[i].name, name))
            return &kinds[i];
    return NULL;
}

char *cfg_node_kind_names(void)
{
    GString *s = g_string_new(NULL);
    for (gsize i = 0; i < G_N_ELEMENTS(kinds); i++)
        g_string_append_printf(s, "%s%s (%s)", i ? ", " : "", kinds[i].name, kinds[i].summary);
    return g_string_free(s, FALSE);
}
