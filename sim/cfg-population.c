/* SPDX-License-Identifier: MIT */
/*
 * Populations: many phones from one compact description in the topology, each a node with its
 * own address, attached to a segment, directly or behind NAT boxes shared by groups of phones.
 * The phones' SIP account comes from the population's 'sip' map (docs/topology.md).
 */
#include "cfg-topology-private.h"
#include "nat.h"

#define MAX_POPULATION 10000000

static const char *const population_keys[] = { "name", "count", "address", "attach", "gateway",
                                               "link", "sip",   "behind",  NULL };
static const char *const behind_keys[] = { "nat", "per", "public", "link", NULL };

typedef struct {
    const CfgNode *map; /* the population's map */
    const char *name;
    guint64 count;
    NetPrefix address;
    NetSegment *segment;
    NetNode *gateway; /* on the segment, or NULL */
    const NetLinkParams *up, *down;
    /* behind NATs */
    gboolean behind;
    NatPreset preset;
    guint64 per;
    NetPrefix public_prefix;
    const NetLinkParams *inside; /* a phone's link to its NAT, both ways */
} Population;

/* How many addresses @p holds after its first (the network address is not given out). */
static guint64 room(NetPrefix p)
{
    return ((guint64) 1 << (32 - p.len)) - 1;
}

static const NetLinkParams *link_params(Build *b, const CfgNode *map, const char *what,
                                        GError **error)
{
    NetLinkParams *p = g_new(NetLinkParams, 1);
    net_link_params_init(p);
    net_network_keep_params(b->net, p);
    if (map && (!cfg_expect_map(map, what, error) ||
                !cfg_check_keys(map, what, cfg_topo_param_keys, error) ||
                !cfg_topo_parse_params(map, what, p, error)))
        return NULL;
    return p;
}

static gboolean read_behind(Build *b, Population *pop, const CfgNode *n, const char *what,
                            GError **error)
{
    g_autofree char *field = g_strdup_printf("%s behind", what);
    g_autofree char *f_link = g_strdup_printf("%s link", field);
    const CfgNode *nat_n, *per_n, *pub_n;
    const char *preset;
    if (!cfg_expect_map(n, field, error) || !cfg_check_keys(n, field, behind_keys, error) ||
        !(nat_n = cfg_require(n, "nat", field, error)) ||
        !cfg_string(nat_n, field, &preset, error) ||
        !(per_n = cfg_require(n, "per", field, error)) ||
        !cfg_uint(per_n, field, 1, 253, &pop->per, error) ||
        !(pub_n = cfg_require(n, "public", field, error)) ||
        !cfg_prefix(pub_n, field, &pop->public_prefix, error) ||
        !(pop->inside = link_params(b, cfg_get(n, "link"), f_link, error)))
        return FALSE;
    guint p = 0;
    while (p < NAT_N_PRESETS && !g_str_equal(nat_preset_name((NatPreset) p), preset))
        p++;
    if (p == NAT_N_PRESETS) {
        cfg_fail(error, nat_n,
                 "%s nat: unknown preset '%s'; expected full-cone, restricted-cone, "
                 "port-restricted-cone or symmetric",
                 field, preset);
        return FALSE;
    }
    pop->preset = (NatPreset) p;
    pop->behind = TRUE;
    guint64 groups = (pop->count + pop->per - 1) / pop->per;
    if (pop->address.len > 24 || groups > ((guint64) 1 << (24 - pop->address.len))) {
        cfg_fail(error, cfg_get(pop->map, "address"),
                 "%s address: %" G_GUINT64_FORMAT " NATs need as many /24 networks; expected a "
                 "prefix of /%d or shorter",
                 what, groups, 24 - g_bit_storage(groups - 1));
        return FALSE;
    }
    if (groups > room(pop->public_prefix)) {
        cfg_fail(error, pub_n,
                 "%s public: %" G_GUINT64_FORMAT " NATs need as many public addresses; expected "
                 "a larger prefix",
                 field, groups);
        return FALSE;
    }
    return TRUE;
}

static gboolean read_population(Build *b, Population *pop, const CfgNode *n, GError **error)
{
    const CfgNode *name_n, *count_n, *addr_n, *attach_n, *gw_n;
    const char *attach;
    pop->map = n;
    if (!cfg_expect_map(n, "population", error) ||
        !(name_n = cfg_require(n, "name", "population", error)) ||
        !cfg_name(name_n, "population name", &pop->name, error))
        return FALSE;
    g_autofree char *what = g_strdup_printf("population '%s'", pop->name);
    g_autofree char *f_link = g_strdup_printf("%s link", what);
    if (!cfg_check_keys(n, what, population_keys, error) ||
        !(count_n = cfg_require(n, "count", what, error)) ||
        !cfg_uint(count_n, what, 1, MAX_POPULATION, &pop->count, error) ||
        !(addr_n = cfg_require(n, "address", what, error)) ||
        !cfg_prefix(addr_n, what, &pop->address, error) ||
        !(attach_n = cfg_require(n, "attach", what, error)) ||
        !cfg_name(attach_n, what, &attach, error))
        return FALSE;
    if (!(pop->segment = g_hash_table_lookup(b->segments, attach))) {
        cfg_fail(error, attach_n, "%s attach: no segment named '%s'; expected a segment", what,
                 attach);
        return FALSE;
    }
    const NetLinkParams *both = link_params(b, cfg_get(n, "link"), f_link, error);
    if (!both)
        return FALSE;
    pop->up = pop->down = both;
    if ((gw_n = cfg_get(n, "gateway"))) {
        const char *gw;
        if (!cfg_name(gw_n, what, &gw, error))
            return FALSE;
        if (!(pop->gateway = net_network_lookup_node(b->net, gw))) {
            cfg_fail(error, gw_n, "%s gateway: no node named '%s'; expected a node on '%s'", what,
                     gw, attach);
            return FALSE;
        }
    }
    const CfgNode *behind = cfg_get(n, "behind");
    if (behind)
        return read_behind(b, pop, behind, what, error);
    if (pop->count > room(pop->address)) {
        cfg_fail(error, addr_n,
                 "%s address: %" G_GUINT64_FORMAT " phones do not fit in /%u; expected a "
                 "larger prefix",
                 what, pop->count, pop->address.len);
        return FALSE;
    }
    return TRUE;
}

/* A node named @name, its name reserved; NULL when taken. */
static NetNode *new_node(Build *b, const Population *pop, const char *name, GError **error)
{
    if (net_network_lookup_node(b->net, name) || g_hash_table_contains(b->defined, name)) {
        cfg_fail(error, cfg_get(pop->map, "name"),
                 "population '%s': its node '%s' has the name of another node or segment; "
                 "expected names of their own",
                 pop->name, name);
        return NULL;
    }
    NetNode *node = net_node_new(b->net, name);
    g_hash_table_insert(b->defined, (gpointer) net_node_name(node), (gpointer) pop->map);
    return node;
}

static gboolean route_via(Build *b, const Population *pop, NetNode *node, NetNode *via,
                          GError **error)
{
    if (net_node_add_route(node, (NetPrefix){ 0, 0 }, via))
        return TRUE;
    cfg_fail(error, cfg_get(pop->map, "gateway"),
             "population '%s' gateway: '%s' is not on the segment its phones attach to; "
             "expected a node of that segment",
             pop->name, net_node_name(via));
    return FALSE;
}

/* The NAT in front of group @g (from 0): inside 10.x.y.0/24 of the population's prefix, its
 * inside address .1, its public address the (g+1)-th of the public prefix. */
static NetNode *build_nat(Build *b, const Population *pop, guint64 g, GError **error)
{
    g_autofree char *name = g_strdup_printf("%s-nat%" G_GUINT64_FORMAT, pop->name, g + 1);
    NetNode *nat = new_node(b, pop, name, error);
    if (!nat)
        return NULL;
    net_node_set_forwarding(nat, TRUE);
    NatConfig cfg;
    nat_config_init(&cfg, pop->preset);
    cfg.inside = (NetPrefix){ pop->address.addr + (NetIp) (g << 8), 24 };
    cfg.public_ip = pop->public_prefix.addr + (NetIp) (g + 1);
    const CfgNode *where = cfg_get(pop->map, "address");
    if (!cfg_topo_claim_address(b, nat, cfg.inside.addr + 1, where, error) ||
        !cfg_topo_claim_address(b, nat, cfg.public_ip,
                                cfg_get(cfg_get(pop->map, "behind"), "public"), error))
        return NULL;
    nat_box_new(nat, &cfg);
    g_autofree char *link = g_strdup_printf("%s-%s", name, net_segment_name(pop->segment));
    net_segment_attach(b->net, link, nat, pop->segment, pop->up, pop->down);
    if (pop->gateway && !route_via(b, pop, nat, pop->gateway, error))
        return NULL;
    return nat;
}

gboolean cfg_topo_build_population(Build *b, const CfgNode *n, GError **error)
{
    Population pop = { 0 };
    if (!read_population(b, &pop, n, error))
        return FALSE;
    const CfgNodeKind *phone = cfg_node_kind_lookup("phone");
    const CfgNode *where = cfg_get(n, "address");
    NetNode *nat = NULL;
    for (guint64 i = 0; i < pop.count; i++) {
        g_autofree char *name = g_strdup_printf("%s%" G_GUINT64_FORMAT, pop.name, i + 1);
        NetNode *node = new_node(b, &pop, name, error);
        if (!node)
            return FALSE;
        CfgTopoNode tn = { node, phone, n, pop.name };
        g_array_append_val(b->nodes, tn);
        if (!pop.behind) {
            if (!cfg_topo_claim_address(b, node, pop.address.addr + (NetIp) (i + 1), where, error))
                return FALSE;
            g_autofree char *link = g_strdup_printf("%s-%s", name, net_segment_name(pop.segment));
            net_segment_attach(b->net, link, node, pop.segment, pop.up, pop.down);
            if (pop.gateway && !route_via(b, &pop, node, pop.gateway, error))
                return FALSE;
            continue;
        }
        guint64 g = i / pop.per;
        if (i % pop.per == 0 && !(nat = build_nat(b, &pop, g, error)))
            return FALSE;
        NetIp ip = pop.address.addr + (NetIp) ((g << 8) + 2 + i % pop.per);
        if (!cfg_topo_claim_address(b, node, ip, where, error))
            return FALSE;
        g_autofree char *link = g_strdup_printf("%s-%s", name, net_node_name(nat));
        net_link_new(b->net, link, node, nat, pop.inside, pop.inside);
        net_node_add_route(node, (NetPrefix){ 0, 0 }, nat);
    }
    return TRUE;
}
