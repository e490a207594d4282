/* SPDX-License-Identifier: MIT */
#include "cfg-node-kinds.h"

#include "cfg-sip.h"
#include "echo.h"
#include "nat.h"
#include "probe.h"
#include "stun-server.h"

/* host, router and nat run nothing: any settings for them are a mistake. */
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

/* A STUN server listens on the port of RFC 5389 (3478), where the phones look for it. */
static gboolean create_stun(const CfgKindContext *ctx, SimEntity **out, GError **error)
{
    if (ctx->settings) {
        cfg_fail(error, ctx->settings,
                 "stun '%s' takes no settings; expected none (it answers on port 3478)", ctx->name);
        return FALSE;
    }
    *out = stun_server_new(ctx->kernel, ctx->node, ctx->name, STUN_DEFAULT_PORT);
    return TRUE;
}

/* The value of @key in @map, one of @names (NULL-terminated), as its index in *@out, which is
 * left alone when @key is absent. */
static gboolean choose(const CfgNode *map, const char *key, const char *what, const char *noun,
                       const char *const *names, guint *out, GError **error)
{
    const CfgNode *n = cfg_get(map, key);
    g_autofree char *field = g_strdup_printf("%s %s", what, key);
    const char *text;
    if (!n)
        return TRUE;
    if (!cfg_string(n, field, &text, error))
        return FALSE;
    for (guint i = 0; names[i]; i++) {
        if (g_str_equal(names[i], text)) {
            *out = i;
            return TRUE;
        }
    }
    g_autofree char *list = g_strjoinv(", ", (char **) names);
    cfg_fail(error, n, "%s: unknown %s '%s'; expected one of: %s", field, noun, text, list);
    return FALSE;
}

/* The preset, then the behaviours and the port assignment that override it. */
static gboolean nat_choices(const CfgNode *map, const char *what, NatConfig *cfg, GError **error)
{
    const char *presets[NAT_N_PRESETS + 1] = { NULL };
    const char *behaviours[NAT_N_BEHAVIOURS + 1] = { NULL };
    const char *assignments[NAT_N_PORT_ASSIGNMENTS + 1] = { NULL };
    for (guint i = 0; i < NAT_N_PRESETS; i++)
        presets[i] = nat_preset_name((NatPreset) i);
    for (guint i = 0; i < NAT_N_BEHAVIOURS; i++)
        behaviours[i] = nat_behaviour_name((NatBehaviour) i);
    for (guint i = 0; i < NAT_N_PORT_ASSIGNMENTS; i++)
        assignments[i] = nat_port_assignment_name((NatPortAssignment) i);
    guint preset = NAT_DEFAULT_PRESET;
    if (!choose(map, "preset", what, "preset", presets, &preset, error))
        return FALSE;
    nat_config_init(cfg, (NatPreset) preset);
    guint mapping = cfg->mapping, filtering = cfg->filtering, ports = cfg->port_assignment;
    if (!choose(map, "mapping", what, "behaviour", behaviours, &mapping, error) ||
        !choose(map, "filtering", what, "behaviour", behaviours, &filtering, error) ||
        !choose(map, "port_assignment", what, "port assignment", assignments, &ports, error))
        return FALSE;
    cfg->mapping = (NatBehaviour) mapping;
    cfg->filtering = (NatBehaviour) filtering;
    cfg->port_assignment = (NatPortAssignment) ports;
    return TRUE;
}

static gboolean bool_field(const CfgNode *map, const char *key, const char *what, gboolean *out,
                           GError **error)
{
    const CfgNode *n = cfg_get(map, key);
    g_autofree char *field = g_strdup_printf("%s %s", what, key);
    return !n || cfg_bool(n, field, out, error);
}

static gboolean node_owns(const NetNode *node, NetIp ip)
{
    for (guint i = 0; i < net_node_n_addresses(node); i++)
        if (net_node_address_at(node, i) == ip)
            return TRUE;
    return FALSE;
}

/* The public address: given, or the node's first one outside the inside prefix. */
static gboolean nat_public(const NetNode *node, const CfgNode *map, const char *what,
                           NatConfig *cfg, GError **error)
{
    char inside[NET_IP_BUF], ip[NET_IP_BUF];
    net_ip_format(cfg->inside.addr, inside);
    const CfgNode *n = cfg_get(map, "public");
    if (!n) {
        for (guint i = 0; i < net_node_n_addresses(node); i++) {
            cfg->public_ip = net_node_address_at(node, i);
            if (!net_prefix_contains(cfg->inside, cfg->public_ip))
                return TRUE;
        }
        cfg_fail(error, map,
                 "%s: every address of node '%s' is inside %s/%u; expected one outside it "
                 "for the public side",
                 what, net_node_name(node), inside, cfg->inside.len);
        return FALSE;
    }
    g_autofree char *field = g_strdup_printf("%s public", what);
    if (!cfg_ip(n, field, &cfg->public_ip, error))
        return FALSE;
    net_ip_format(cfg->public_ip, ip);
    if (!node_owns(node, cfg->public_ip)) {
        GString *list = g_string_new(NULL);
        for (guint i = 0; i < net_node_n_addresses(node); i++)
            g_string_append_printf(list, "%s%s", i ? ", " : "",
                                   net_ip_format(net_node_address_at(node, i), ip));
        cfg_fail(error, n, "%s: %s is not an address of node '%s'; expected one of: %s", field,
                 n->value, net_node_name(node), list->str);
        g_string_free(list, TRUE);
        return FALSE;
    }
    if (net_prefix_contains(cfg->inside, cfg->public_ip)) {
        cfg_fail(error, n, "%s: %s is inside %s/%u; expected an address outside the inside prefix",
                 field, ip, inside, cfg->inside.len);
        return FALSE;
    }
    return TRUE;
}

/* The 'nat' map of a node of kind nat: a preset, then the keys that override it. */
static gboolean build_nat(NetNode *node, const CfgNode *map, GError **error)
{
    static const char *const keys[] = { "preset",          "mapping",     "filtering",
                                        "port_assignment", "port_base",   "binding_lifetime",
                                        "inbound_refresh", "hairpinning", "inside",
                                        "public",          NULL };
    g_autofree char *what = g_strdup_printf("node '%s' nat", net_node_name(node));
    g_autofree char *f_base = g_strdup_printf("%s port_base", what);
    g_autofree char *f_life = g_strdup_printf("%s binding_lifetime", what);
    g_autofree char *f_inside = g_strdup_printf("%s inside", what);
    NatConfig cfg;
    const CfgNode *n, *inside;
    guint64 v;
    if (!cfg_expect_map(map, what, error) || !cfg_check_keys(map, what, keys, error) ||
        !nat_choices(map, what, &cfg, error))
        return FALSE;
    if ((n = cfg_get(map, "port_base"))) {
        if (!cfg_uint(n, f_base, 1, 65535, &v, error))
            return FALSE;
        cfg.port_base = (guint16) v;
    }
    if ((n = cfg_get(map, "binding_lifetime"))) {
        if (!cfg_duration(n, f_life, &cfg.lifetime, error))
            return FALSE;
        if (cfg.lifetime <= 0) {
            cfg_fail(error, n, "%s: expected a duration above 0", f_life);
            return FALSE;
        }
    }
    if (!bool_field(map, "inbound_refresh", what, &cfg.inbound_refresh, error) ||
        !bool_field(map, "hairpinning", what, &cfg.hairpinning, error) ||
        !(inside = cfg_require(map, "inside", what, error)) ||
        !cfg_prefix(inside, f_inside, &cfg.inside, error) ||
        !nat_public(node, map, what, &cfg, error))
        return FALSE;
    nat_box_new(node, &cfg);
    return TRUE;
}

static const CfgNodeKind kinds[] = {
    { "host", "an end system that runs nothing", FALSE, FALSE, create_nothing },
    { "router", "forwards datagrams by its routes", TRUE, FALSE, create_nothing },
    { "probe", "sends datagrams at a rate and measures round trips", FALSE, FALSE, create_probe },
    { "echo", "returns every datagram to its sender", FALSE, FALSE, create_echo },
    { "phone", "a SIP user agent", FALSE, TRUE, cfg_sip_create_phone },
    { "proxy", "a SIP registrar and stateful proxy", FALSE, TRUE, cfg_sip_create_proxy },
    { "nat", "a router that translates its inside addresses to a public one", TRUE, FALSE,
      create_nothing, build_nat },
    { "stun", "a STUN server: tells a client the address it is seen from", FALSE, FALSE,
      create_stun },
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
