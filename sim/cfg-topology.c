/* SPDX-License-Identifier: MIT */
#include "cfg-topology-private.h"

#include "cfg-node-kinds.h"

static const char *const top_keys[] = { "nodes", "segments", "links", "populations", NULL };
static const char *const node_keys[] = { "name",   "kind", "address", "gateway",
                                         "routes", "sip",  "nat",     NULL };
static const char *const segment_keys[] = { "name", NULL };
static const char *const route_keys[] = { "to", "via", NULL };
const char *const cfg_topo_param_keys[] = { "delay",     "jitter", "bandwidth", "queue", "loss",
                                            "duplicate", "mtu",    "down",      NULL };
static const char *const link_keys[] = { "between", "name",    "delay",     "jitter", "bandwidth",
                                         "queue",   "loss",    "duplicate", "mtu",    "down",
                                         "forward", "reverse", NULL };
static const char *const outage_keys[] = { "from", "to", NULL };
static const char *const bernoulli_keys[] = { "model", "p", NULL };
static const char *const ge_keys[] = { "model", "p", "r", "loss_good", "loss_bad", NULL };

gboolean cfg_topo_name_free(Build *b, const CfgNode *n, const char *name, GError **error)
{
    const CfgNode *first = g_hash_table_lookup(b->defined, name);
    if (first) {
        cfg_fail(error, n,
                 "the name '%s' is already used (line %u, column %u); expected a "
                 "unique name for each node and segment",
                 name, first->line, first->col);
        return FALSE;
    }
    g_hash_table_insert(b->defined, (gpointer) name, (gpointer) n);
    return TRUE;
}

gboolean cfg_topo_claim_address(Build *b, NetNode *node, NetIp ip, const CfgNode *where,
                                GError **error)
{
    const CfgNode *first = g_hash_table_lookup(b->addresses, GUINT_TO_POINTER(ip));
    if (first) {
        char text[NET_IP_BUF];
        cfg_fail(error, where,
                 "address %s (of node '%s') is already given at line %u, column %u; expected an "
                 "address of its own for each node",
                 net_ip_format(ip, text), net_node_name(node), first->line, first->col);
        return FALSE;
    }
    g_hash_table_insert(b->addresses, GUINT_TO_POINTER(ip), (gpointer) where);
    net_node_add_address(node, ip);
    return TRUE;
}

static gboolean add_address(Build *b, NetNode *node, const CfgNode *n, GError **error)
{
    NetIp ip;
    g_autofree char *what = g_strdup_printf("node '%s' address", net_node_name(node));
    return cfg_ip(n, what, &ip, error) && cfg_topo_claim_address(b, node, ip, n, error);
}

/* One address, or a list of them. */
static gboolean add_addresses(Build *b, NetNode *node, const CfgNode *n, const char *what,
                              GError **error)
{
    if (n->kind != CFG_SEQ)
        return add_address(b, node, n, error);
    if (cfg_seq_len(n) == 0) {
        cfg_fail(error, n, "%s: no address; expected at least one", what);
        return FALSE;
    }
    for (guint i = 0; i < cfg_seq_len(n); i++)
        if (!add_address(b, node, cfg_seq_item(n, i), error))
            return FALSE;
    return TRUE;
}

static gboolean build_node(Build *b, const CfgNode *n, GError **error)
{
    const char *name, *kind_name;
    const CfgNode *name_n, *kind_n, *addr_n;
    if (!cfg_expect_map(n, "node", error) || !(name_n = cfg_require(n, "name", "node", error)) ||
        !cfg_name(name_n, "node name", &name, error))
        return FALSE;
    g_autofree char *what = g_strdup_printf("node '%s'", name);
    if (!cfg_check_keys(n, what, node_keys, error) || !cfg_topo_name_free(b, name_n, name, error) ||
        !(kind_n = cfg_require(n, "kind", what, error)) ||
        !cfg_string(kind_n, what, &kind_name, error) ||
        !(addr_n = cfg_require(n, "address", what, error)))
        return FALSE;
    const CfgNodeKind *kind = cfg_node_kind_lookup(kind_name);
    if (!kind) {
        g_autofree char *list = cfg_node_kind_names();
        cfg_fail(error, kind_n, "%s: unknown kind '%s'; expected one of: %s", what, kind_name,
                 list);
        return FALSE;
    }
    const CfgNode *sip = cfg_get(n, "sip");
    if (sip && !kind->sip) {
        cfg_fail(error, sip, "%s is a %s; 'sip' settings are for phones and proxies", what,
                 kind->name);
        return FALSE;
    }
    const CfgNode *nat = cfg_get(n, "nat");
    if (nat && !kind->nat) {
        cfg_fail(error, nat, "%s is a %s; 'nat' settings are for nat nodes", what, kind->name);
        return FALSE;
    }
    NetNode *node = net_node_new(b->net, name);
    net_node_set_forwarding(node, kind->forwarding);
    CfgTopoNode tn = { node, kind, n, NULL };
    g_array_append_val(b->nodes, tn);
    if (!add_addresses(b, node, addr_n, what, error))
        return FALSE;
    /* A NAT reads its map once the node has its addresses: its public one is among them. */
    return !kind->nat ||
           ((nat = cfg_require(n, "nat", what, error)) && kind->nat(node, nat, error));
}

static gboolean build_segment(Build *b, const CfgNode *n, GError **error)
{
    const char *name;
    const CfgNode *name_n;
    if (!cfg_expect_map(n, "segment", error) ||
        !(name_n = cfg_require(n, "name", "segment", error)) ||
        !cfg_name(name_n, "segment name", &name, error) ||
        !cfg_check_keys(n, "segment", segment_keys, error) ||
        !cfg_topo_name_free(b, name_n, name, error))
        return FALSE;
    g_hash_table_insert(b->segments, (gpointer) name, net_segment_new(b->net, name));
    return TRUE;
}

static gboolean parse_loss(const CfgNode *n, const char *what, NetLossModel *loss, GError **error)
{
    g_autofree char *field = g_strdup_printf("%s loss", what);
    if (n->kind == CFG_SCALAR) {
        *loss = (NetLossModel){ .kind = NET_LOSS_BERNOULLI };
        if (!cfg_probability(n, field, &loss->p, error))
            return FALSE;
        if (loss->p == 0)
            loss->kind = NET_LOSS_NONE;
        return TRUE;
    }
    const CfgNode *model_n, *p_n;
    const char *model;
    if (!cfg_expect_map(n, field, error) || !(model_n = cfg_require(n, "model", field, error)) ||
        !cfg_string(model_n, field, &model, error))
        return FALSE;
    if (g_str_equal(model, "bernoulli")) {
        *loss = (NetLossModel){ .kind = NET_LOSS_BERNOULLI };
        return cfg_check_keys(n, field, bernoulli_keys, error) &&
               (p_n = cfg_require(n, "p", field, error)) &&
               cfg_probability(p_n, field, &loss->p, error);
    }
    if (g_str_equal(model, "gilbert-elliott")) {
        *loss = (NetLossModel){ .kind = NET_LOSS_GILBERT_ELLIOTT, .loss_bad = 1.0 };
        const CfgNode *r_n, *good, *bad;
        if (!cfg_check_keys(n, field, ge_keys, error) ||
            !(p_n = cfg_require(n, "p", field, error)) ||
            !cfg_probability(p_n, field, &loss->p, error) ||
            !(r_n = cfg_require(n, "r", field, error)) ||
            !cfg_probability(r_n, field, &loss->r, error))
            return FALSE;
        if ((good = cfg_get(n, "loss_good")) &&
            !cfg_probability(good, field, &loss->loss_good, error))
            return FALSE;
        if ((bad = cfg_get(n, "loss_bad")) && !cfg_probability(bad, field, &loss->loss_bad, error))
            return FALSE;
        return TRUE;
    }
    cfg_fail(error, model_n, "%s: unknown loss model '%s'; expected bernoulli or gilbert-elliott",
             field, model);
    return FALSE;
}

static gboolean parse_outages(const CfgNode *n, const char *what, NetLinkParams *p, GError **error)
{
    g_autofree char *field = g_strdup_printf("%s down", what);
    if (!cfg_expect_seq(n, field, error))
        return FALSE;
    g_clear_pointer(&p->outages, g_free);
    p->n_outages = cfg_seq_len(n);
    p->outages = g_new0(NetOutage, p->n_outages);
    for (guint i = 0; i < p->n_outages; i++) {
        const CfgNode *o = cfg_seq_item(n, i), *from, *to;
        NetOutage *out = &p->outages[i];
        if (!cfg_expect_map(o, field, error) || !cfg_check_keys(o, field, outage_keys, error) ||
            !(from = cfg_require(o, "from", field, error)) ||
            !(to = cfg_require(o, "to", field, error)) ||
            !cfg_duration(from, field, &out->from, error) ||
            !cfg_duration(to, field, &out->to, error))
            return FALSE;
        if (out->to <= out->from) {
            cfg_fail(error, to, "%s: the outage ends before it starts; expected 'to' after 'from'",
                     field);
            return FALSE;
        }
    }
    return TRUE;
}

gboolean cfg_topo_parse_params(const CfgNode *map, const char *what, NetLinkParams *p,
                               GError **error)
{
    const CfgNode *n;
    guint64 v;
    g_autofree char *f_delay = g_strdup_printf("%s delay", what);
    g_autofree char *f_jitter = g_strdup_printf("%s jitter", what);
    g_autofree char *f_bw = g_strdup_printf("%s bandwidth", what);
    g_autofree char *f_queue = g_strdup_printf("%s queue", what);
    g_autofree char *f_dup = g_strdup_printf("%s duplicate", what);
    g_autofree char *f_mtu = g_strdup_printf("%s mtu", what);
    if ((n = cfg_get(map, "delay"))) {
        SimDistribution d;
        if (!cfg_time_distribution(n, f_delay, &d, error))
            return FALSE;
        sim_distribution_clear(&p->delay);
        p->delay = d;
    }
    if ((n = cfg_get(map, "jitter")) && !cfg_duration(n, f_jitter, &p->jitter, error))
        return FALSE;
    if ((n = cfg_get(map, "bandwidth")) && !cfg_bandwidth(n, f_bw, &p->bandwidth_bps, error))
        return FALSE;
    if ((n = cfg_get(map, "queue"))) {
        if (!cfg_uint(n, f_queue, 0, 10000000, &v, error))
            return FALSE;
        p->queue_limit = (guint32) v;
    }
    if ((n = cfg_get(map, "loss")) && !parse_loss(n, what, &p->loss, error))
        return FALSE;
    if ((n = cfg_get(map, "duplicate")) && !cfg_probability(n, f_dup, &p->duplicate, error))
        return FALSE;
    if ((n = cfg_get(map, "mtu"))) {
        /* 68: the smallest MTU IPv4 allows (RFC 791) */
        if (!cfg_uint(n, f_mtu, 68, 65535, &v, error))
            return FALSE;
        p->mtu = (guint32) v;
    }
    if ((n = cfg_get(map, "down")) && !parse_outages(n, what, p, error))
        return FALSE;
    return TRUE;
}

/* The parameters of one direction: the link's own, then the direction's overrides. */
static const NetLinkParams *direction_params(Build *b, const CfgNode *link, const char *what,
                                             const char *key, const NetLinkParams *common,
                                             GError **error)
{
    NetLinkParams *p = g_new(NetLinkParams, 1);
    net_link_params_copy(p, common);
    net_network_keep_params(b->net, p);
    const CfgNode *over = cfg_get(link, key);
    if (!over)
        return p;
    g_autofree char *field = g_strdup_printf("%s %s", what, key);
    if (!cfg_expect_map(over, field, error) ||
        !cfg_check_keys(over, field, cfg_topo_param_keys, error) ||
        !cfg_topo_parse_params(over, field, p, error))
        return NULL;
    return p;
}

typedef struct {
    NetNode *node;
    NetSegment *segment;
    const char *name;
} LinkEnd;

static gboolean link_end(Build *b, const CfgNode *n, LinkEnd *end, GError **error)
{
    if (!cfg_name(n, "link end", &end->name, error))
        return FALSE;
    end->node = net_network_lookup_node(b->net, end->name);
    end->segment = g_hash_table_lookup(b->segments, end->name);
    if (!end->node && !end->segment) {
        cfg_fail(error, n,
                 "link end '%s' is not defined; expected the name of a node or a "
                 "segment of this topology",
                 end->name);
        return FALSE;
    }
    return TRUE;
}

static gboolean build_link(Build *b, const CfgNode *n, GError **error)
{
    const CfgNode *between, *name_n;
    LinkEnd e[2];
    if (!cfg_expect_map(n, "link", error) || !(between = cfg_require(n, "between", "link", error)))
        return FALSE;
    if (between->kind != CFG_SEQ || cfg_seq_len(between) != 2) {
        cfg_fail(error, between,
                 "link between: expected a list of two names, [node, node] or "
                 "[node, segment], got %s",
                 cfg_kind_name(between));
        return FALSE;
    }
    if (!link_end(b, cfg_seq_item(between, 0), &e[0], error) ||
        !link_end(b, cfg_seq_item(between, 1), &e[1], error))
        return FALSE;
    if (e[0].segment && e[1].segment) {
        cfg_fail(error, between, "link between two segments; expected at least one node");
        return FALSE;
    }
    if (e[0].node && e[0].node == e[1].node) {
        cfg_fail(error, between, "link from node '%s' to itself; expected two different ends",
                 e[0].name);
        return FALSE;
    }
    g_autofree char *name = g_strdup_printf("%s-%s", e[0].name, e[1].name);
    if ((name_n = cfg_get(n, "name"))) {
        const char *given;
        if (!cfg_name(name_n, "link name", &given, error))
            return FALSE;
        g_free(name);
        name = g_strdup(given);
    }
    const CfgNode *where = name_n ? name_n : between;
    const CfgNode *first = g_hash_table_lookup(b->links, name);
    if (first) {
        cfg_fail(error, where,
                 "a second link named '%s' (first at line %u, column %u); "
                 "expected a unique name: give each link its own 'name'",
                 name, first->line, first->col);
        return FALSE;
    }
    g_hash_table_insert(b->links, g_strdup(name), (gpointer) where);
    g_autofree char *what = g_strdup_printf("link '%s'", name);
    NetLinkParams common;
    net_link_params_init(&common);
    gboolean ok =
        cfg_check_keys(n, what, link_keys, error) && cfg_topo_parse_params(n, what, &common, error);
    const NetLinkParams *fwd = NULL, *rev = NULL;
    if (ok)
        ok = (fwd = direction_params(b, n, what, "forward", &common, error)) &&
             (rev = direction_params(b, n, what, "reverse", &common, error));
    net_link_params_clear(&common);
    if (!ok)
        return FALSE;
    if (e[1].segment)
        net_segment_attach(b->net, name, e[0].node, e[1].segment, fwd, rev);
    else if (e[0].segment)
        net_segment_attach(b->net, name, e[1].node, e[0].segment, rev, fwd);
    else
        net_link_new(b->net, name, e[0].node, e[1].node, fwd, rev);
    return TRUE;
}

static gboolean add_route(Build *b, NetNode *node, NetPrefix prefix, const CfgNode *via_n,
                          GError **error)
{
    const char *via_name;
    g_autofree char *what = g_strdup_printf("node '%s' route via", net_node_name(node));
    if (!cfg_name(via_n, what, &via_name, error))
        return FALSE;
    NetNode *via = net_network_lookup_node(b->net, via_name);
    if (!via) {
        cfg_fail(error, via_n, "%s: no node named '%s'; expected a neighbouring node", what,
                 via_name);
        return FALSE;
    }
    if (!net_node_add_route(node, prefix, via)) {
        cfg_fail(error, via_n,
                 "%s: '%s' is not a neighbour of '%s'; expected a node that shares "
                 "a link or a segment with it",
                 what, via_name, net_node_name(node));
        return FALSE;
    }
    return TRUE;
}

static gboolean build_routes(Build *b, const CfgNode *n, GError **error)
{
    const char *name = cfg_get(n, "name")->value;
    NetNode *node = net_network_lookup_node(b->net, name);
    const CfgNode *gw = cfg_get(n, "gateway"), *routes = cfg_get(n, "routes");
    if (gw && !add_route(b, node, (NetPrefix){ 0, 0 }, gw, error))
        return FALSE;
    if (!routes)
        return TRUE;
    g_autofree char *what = g_strdup_printf("node '%s' routes", name);
    if (!cfg_expect_seq(routes, what, error))
        return FALSE;
    for (guint i = 0; i < cfg_seq_len(routes); i++) {
        const CfgNode *r = cfg_seq_item(routes, i), *to, *via;
        NetPrefix prefix;
        if (!cfg_expect_map(r, what, error) || !cfg_check_keys(r, what, route_keys, error) ||
            !(to = cfg_require(r, "to", what, error)) ||
            !(via = cfg_require(r, "via", what, error)) || !cfg_prefix(to, what, &prefix, error) ||
            !add_route(b, node, prefix, via, error))
            return FALSE;
    }
    return TRUE;
}

typedef gboolean (*BuildItem)(Build *b, const CfgNode *n, GError **error);

static gboolean each_item(Build *b, const CfgNode *root, const char *key, gboolean required,
                          BuildItem fn, GError **error)
{
    const CfgNode *seq = required ? cfg_require(root, key, "topology", error) : cfg_get(root, key);
    if (!seq)
        return !required;
    if (!cfg_expect_seq(seq, key, error))
        return FALSE;
    for (guint i = 0; i < cfg_seq_len(seq); i++)
        if (!fn(b, cfg_seq_item(seq, i), error))
            return FALSE;
    return TRUE;
}

GArray *cfg_topology_build(const CfgDoc *doc, NetNetwork *net, GError **error)
{
    if (!doc->root) {
        g_set_error(error, CFG_ERROR, CFG_ERROR_SCHEMA,
                    "%s:1:1: the file is empty; expected a topology (a map with 'nodes:')",
                    doc->file);
        return NULL;
    }
    const CfgNode *root = doc->root;
    if (!cfg_expect_map(root, "topology", error) ||
        !cfg_check_keys(root, "topology", top_keys, error))
        return NULL;
    Build b = {
        .net = net,
        .nodes = g_array_new(FALSE, FALSE, sizeof(CfgTopoNode)),
        .defined = g_hash_table_new(g_str_hash, g_str_equal),
        .segments = g_hash_table_new(g_str_hash, g_str_equal),
        .addresses = g_hash_table_new(g_direct_hash, g_direct_equal),
        .links = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
    };
    /* Nodes and their addresses first, then what joins them, then routes over those joins. */
    gboolean ok = each_item(&b, root, "nodes", TRUE, build_node, error) &&
                  each_item(&b, root, "segments", FALSE, build_segment, error) &&
                  each_item(&b, root, "links", FALSE, build_link, error) &&
                  each_item(&b, root, "nodes", TRUE, build_routes, error) &&
                  each_item(&b, root, "populations", FALSE, cfg_topo_build_population, error);
    g_hash_table_destroy(b.defined);
    g_hash_table_destroy(b.segments);
    g_hash_table_destroy(b.addresses);
    g_hash_table_destroy(b.links);
    if (!ok)
        g_clear_pointer(&b.nodes, g_array_unref);
    return b.nodes;
}
