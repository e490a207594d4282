/* SPDX-License-Identifier: MIT */
#include "nat.h"

#include <gsl/gsl_rng.h>

/* What a mapping is found by: the inside endpoint and, as the mapping behaviour requires, the
 * remote address and port (zero where it does not depend on them). */
typedef struct {
    NetEndpoint inside;
    NetEndpoint remote;
} MapKey;

typedef struct {
    MapKey key;
    guint16 public_port;
    SimTime expires;
    /* Its keys in the box's permit table: the remotes it has sent to, as the filtering sees
     * them (NULL with endpoint-independent filtering, which needs none). */
    GArray *permits;
} Mapping;

struct NatBox {
    NatConfig cfg;
    SimKernel *kernel;
    GHashTable *by_key;  /* MapKey -> Mapping (owns it) */
    GHashTable *by_port; /* public port -> Mapping */
    /* (public port, remote) packed in a guint64 (owns it) -> Mapping: where the filter lets
     * datagrams in from. One table for the box, so a check is one lookup. */
    GHashTable *permits;
    guint32 next_port; /* sequential: where the search for a free port starts */
    NatStats stats;    /* mappings_expired counts the reclaimed ones only */
    SimRng rng;
};

/* ---- configuration ---- */

static const char *const behaviour_names[] = {
    [NAT_ENDPOINT_INDEPENDENT] = "endpoint-independent",
    [NAT_ADDRESS_DEPENDENT] = "address-dependent",
    [NAT_ADDRESS_AND_PORT_DEPENDENT] = "address-and-port-dependent",
};

static const char *const port_assignment_names[] = {
    [NAT_PORT_PRESERVING] = "preserving",
    [NAT_PORT_SEQUENTIAL] = "sequential",
    [NAT_PORT_RANDOM] = "random",
};

typedef struct {
    const char *name;
    NatBehaviour mapping;
    NatBehaviour filtering;
    NatPortAssignment ports;
} PresetRow;

/* The cones keep the inside port when they can, as most home routers do; a symmetric NAT gives
 * each new destination a port nobody can predict. */
static const PresetRow presets[] = {
    [NAT_PRESET_FULL_CONE] = { "full-cone", NAT_ENDPOINT_INDEPENDENT, NAT_ENDPOINT_INDEPENDENT,
                               NAT_PORT_PRESERVING },
    [NAT_PRESET_RESTRICTED_CONE] = { "restricted-cone", NAT_ENDPOINT_INDEPENDENT,
                                     NAT_ADDRESS_DEPENDENT, NAT_PORT_PRESERVING },
    [NAT_PRESET_PORT_RESTRICTED_CONE] = { "port-restricted-cone", NAT_ENDPOINT_INDEPENDENT,
                                          NAT_ADDRESS_AND_PORT_DEPENDENT, NAT_PORT_PRESERVING },
    [NAT_PRESET_SYMMETRIC] = { "symmetric", NAT_ADDRESS_AND_PORT_DEPENDENT,
                               NAT_ADDRESS_AND_PORT_DEPENDENT, NAT_PORT_RANDOM },
};

G_STATIC_ASSERT(G_N_ELEMENTS(behaviour_names) == NAT_N_BEHAVIOURS);
G_STATIC_ASSERT(G_N_ELEMENTS(port_assignment_names) == NAT_N_PORT_ASSIGNMENTS);
G_STATIC_ASSERT(G_N_ELEMENTS(presets) == NAT_N_PRESETS);

void nat_config_init(NatConfig *cfg, NatPreset preset)
{
    g_return_if_fail((guint) preset < NAT_N_PRESETS);
    *cfg = (NatConfig){
        .mapping = presets[preset].mapping,
        .filtering = presets[preset].filtering,
        .port_assignment = presets[preset].ports,
        .port_base = NAT_DEFAULT_PORT_BASE,
        .lifetime = NAT_DEFAULT_LIFETIME,
        .inbound_refresh = FALSE, /* REQ-6a only allows it */
        .hairpinning = TRUE,      /* REQ-9: a NAT MUST support it */
    };
}

const char *nat_behaviour_name(NatBehaviour b)
{
    g_return_val_if_fail((guint) b < NAT_N_BEHAVIOURS, "?");
    return behaviour_names[b];
}

const char *nat_port_assignment_name(NatPortAssignment a)
{
    g_return_val_if_fail((guint) a < NAT_N_PORT_ASSIGNMENTS, "?");
    return port_assignment_names[a];
}

const char *nat_preset_name(NatPreset p)
{
    g_return_val_if_fail((guint) p < NAT_N_PRESETS, "?");
    return presets[p].name;
}

/* ---- mappings ---- */

static NetEndpoint depends_on(NatBehaviour b, NetEndpoint remote)
{
    switch (b) {
    case NAT_ENDPOINT_INDEPENDENT:
        return (NetEndpoint){ 0, 0 };
    case NAT_ADDRESS_DEPENDENT:
        return (NetEndpoint){ remote.ip, 0 };
    default:
        return remote;
    }
}

static guint map_key_hash(gconstpointer p)
{
    const MapKey *k = p;
    guint64 a = (guint64) k->inside.ip << 16 | k->inside.port;
    guint64 b = (guint64) k->remote.ip << 16 | k->remote.port;
    guint64 h =
        a * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15) ^ b * G_GUINT64_CONSTANT(0xC2B2AE3D27D4EB4F);
    return (guint) (h ^ h >> 32);
}

static gboolean map_key_equal(gconstpointer a, gconstpointer b)
{
    const MapKey *x = a, *y = b;
    return x->inside.ip == y->inside.ip && x->inside.port == y->inside.port &&
           x->remote.ip == y->remote.ip && x->remote.port == y->remote.port;
}

static guint64 permit_key(guint16 public_port, NetEndpoint remote)
{
    return (guint64) public_port << 48 | (guint64) remote.ip << 16 | remote.port;
}

static void mapping_free(gpointer p)
{
    Mapping *m = p;
    if (m->permits)
        g_array_unref(m->permits);
    g_free(m);
}

static SimTime now(const NatBox *nat)
{
    return sim_kernel_now(nat->kernel);
}

static gboolean expired(const NatBox *nat, const Mapping *m)
{
    return now(nat) >= m->expires;
}

/* Keeps @m alive for a lifetime from now (a lifetime of centuries saturates). */
static void refresh(const NatBox *nat, Mapping *m)
{
    SimTime t = now(nat);
    m->expires = nat->cfg.lifetime > G_MAXINT64 - t ? G_MAXINT64 : t + nat->cfg.lifetime;
}

/* Forgets a mapping found dead (expiry is checked when a mapping is used: an idle box costs no
 * event). */
static void reclaim(NatBox *nat, Mapping *m)
{
    nat->stats.mappings_expired++;
    for (guint i = 0; m->permits && i < m->permits->len; i++)
        g_hash_table_remove(nat->permits, &g_array_index(m->permits, guint64, i));
    g_hash_table_remove(nat->by_port, GUINT_TO_POINTER(m->public_port));
    g_hash_table_remove(nat->by_key, &m->key);
}

/* The live mapping holding @port, or NULL. */
static Mapping *by_port(NatBox *nat, guint16 port)
{
    Mapping *m = g_hash_table_lookup(nat->by_port, GUINT_TO_POINTER(port));
    if (m && expired(nat, m)) {
        reclaim(nat, m);
        return NULL;
    }
    return m;
}

/* RFC 4787 4.2.1; never two mappings on one port (REQ-3: no port overloading). 0 when every
 * port of the pool is taken. */
static guint16 assign_port(NatBox *nat, guint16 inside_port)
{
    if (nat->cfg.port_assignment == NAT_PORT_PRESERVING && inside_port) {
        if (!by_port(nat, inside_port))
            return inside_port;
        nat->stats.ports_not_preserved++;
    }
    guint32 base = nat->cfg.port_base, n = 65536 - base;
    guint32 start = nat->cfg.port_assignment == NAT_PORT_RANDOM
                        ? base + (guint32) gsl_rng_uniform_int(&nat->rng.gen, n)
                        : nat->next_port;
    for (guint32 i = 0; i < n; i++) {
        guint32 port = start + i > 65535 ? start + i - n : start + i;
        if (by_port(nat, (guint16) port))
            continue;
        nat->next_port = port == 65535 ? base : port + 1;
        return (guint16) port;
    }
    return 0;
}

/* Lets datagrams from @remote in through @m from now on, as its filtering sees @remote. */
static void permit(NatBox *nat, Mapping *m, NetEndpoint remote)
{
    if (nat->cfg.filtering == NAT_ENDPOINT_INDEPENDENT)
        return;
    guint64 key = permit_key(m->public_port, depends_on(nat->cfg.filtering, remote));
    if (g_hash_table_contains(nat->permits, &key))
        return;
    if (!m->permits)
        m->permits = g_array_new(FALSE, FALSE, sizeof(guint64));
    g_array_append_val(m->permits, key);
    g_hash_table_insert(nat->permits, g_memdup2(&key, sizeof key), m);
}

static gboolean permitted(const NatBox *nat, const Mapping *m, NetEndpoint remote)
{
    if (nat->cfg.filtering == NAT_ENDPOINT_INDEPENDENT)
        return TRUE;
    guint64 key = permit_key(m->public_port, depends_on(nat->cfg.filtering, remote));
    return g_hash_table_contains(nat->permits, &key);
}

/* What a datagram from @inside to @remote does: finds, or creates, its mapping and refreshes
 * it (REQ-6: outbound refresh). NULL when it needs a port and none is left. */
static Mapping *outbound(NatBox *nat, NetEndpoint inside, NetEndpoint remote)
{
    MapKey key = { inside, depends_on(nat->cfg.mapping, remote) };
    Mapping *m = g_hash_table_lookup(nat->by_key, &key);
    if (m && expired(nat, m)) {
        reclaim(nat, m);
        m = NULL;
    }
    if (!m) {
        guint16 port = assign_port(nat, inside.port);
        if (!port)
            return NULL;
        m = g_new0(Mapping, 1);
        m->key = key;
        m->public_port = port;
        g_hash_table_insert(nat->by_key, &m->key, m);
        g_hash_table_insert(nat->by_port, GUINT_TO_POINTER(port), m);
        nat->stats.mappings_created++;
    }
    refresh(nat, m);
    permit(nat, m, remote);
    return m;
}

/* ---- the middlebox ---- */

/* A datagram for the public address: the live mapping of its port must let @from in. */
static NetDropCause inbound(NatBox *nat, guint16 public_port, NetEndpoint from, Mapping **out)
{
    Mapping *m = by_port(nat, public_port);
    if (!m) {
        nat->stats.dropped_no_mapping++;
        return NET_DROP_NAT_NO_MAPPING;
    }
    if (!permitted(nat, m, from)) {
        nat->stats.dropped_filtered++;
        return NET_DROP_NAT_FILTERED;
    }
    if (nat->cfg.inbound_refresh)
        refresh(nat, m);
    *out = m;
    return NET_DROP_NONE;
}

static NetDropCause translate_out(NatBox *nat, NetDatagram *dg)
{
    Mapping *m = outbound(nat, dg->src, dg->dst);
    if (!m) {
        nat->stats.dropped_no_port++;
        return NET_DROP_NAT_NO_PORT;
    }
    dg->src = (NetEndpoint){ nat->cfg.public_ip, m->public_port };
    nat->stats.translated_out++;
    return NET_DROP_NONE;
}

static NetDropCause translate_in(NatBox *nat, NetDatagram *dg)
{
    Mapping *m = NULL;
    NetDropCause cause = inbound(nat, dg->dst.port, dg->src, &m);
    if (cause != NET_DROP_NONE)
        return cause;
    dg->dst = m->key.inside;
    nat->stats.translated_in++;
    return NET_DROP_NONE;
}

/* RFC 4787 6: from inside to a public endpoint of this box. The datagram goes out through the
 * sender's mapping and comes back in through the target's, so the receiver sees the sender's
 * public endpoint (REQ-9a: "External source IP address and port") and the target's filtering
 * applies as to any inbound datagram. */
static NetDropCause hairpin(NatBox *nat, NetDatagram *dg)
{
    if (!by_port(nat, dg->dst.port)) {
        nat->stats.dropped_no_mapping++;
        return NET_DROP_NAT_NO_MAPPING;
    }
    Mapping *out = outbound(nat, dg->src, dg->dst), *in = NULL;
    if (!out) {
        nat->stats.dropped_no_port++;
        return NET_DROP_NAT_NO_PORT;
    }
    NetEndpoint from = { nat->cfg.public_ip, out->public_port };
    NetDropCause cause = inbound(nat, dg->dst.port, from, &in);
    if (cause != NET_DROP_NONE)
        return cause;
    dg->src = from;
    dg->dst = in->key.inside;
    nat->stats.hairpinned++;
    return NET_DROP_NONE;
}

static NetDropCause nat_process(gpointer box, NetNode *node, NetDatagram *dg, const NetLink *via,
                                int direction)
{
    NatBox *nat = box;
    gboolean from_inside = net_prefix_contains(nat->cfg.inside, dg->src.ip);
    if (dg->dst.ip == nat->cfg.public_ip) {
        if (!from_inside)
            return translate_in(nat, dg);
        /* Without hairpinning it is for the box itself, where nothing listens. */
        return nat->cfg.hairpinning ? hairpin(nat, dg) : NET_DROP_NONE;
    }
    if (from_inside && !net_prefix_contains(nat->cfg.inside, dg->dst.ip))
        return translate_out(nat, dg);
    return NET_DROP_NONE; /* not the box's business: routed as by any router */
}

/* ---- the box ---- */

static void nat_box_free(gpointer p)
{
    NatBox *nat = p;
    g_hash_table_destroy(nat->permits);
    g_hash_table_destroy(nat->by_port);
    g_hash_table_destroy(nat->by_key);
    g_free(nat);
}

static gboolean node_owns(const NetNode *node, NetIp ip)
{
    for (guint i = 0; i < net_node_n_addresses(node); i++)
        if (net_node_address_at(node, i) == ip)
            return TRUE;
    return FALSE;
}

NatBox *nat_box_new(NetNode *node, const NatConfig *cfg)
{
    g_return_val_if_fail((guint) cfg->mapping < NAT_N_BEHAVIOURS, NULL);
    g_return_val_if_fail((guint) cfg->filtering < NAT_N_BEHAVIOURS, NULL);
    g_return_val_if_fail((guint) cfg->port_assignment < NAT_N_PORT_ASSIGNMENTS, NULL);
    g_return_val_if_fail(cfg->port_base > 0 && cfg->lifetime > 0, NULL);
    g_return_val_if_fail(node_owns(node, cfg->public_ip), NULL);
    g_return_val_if_fail(!net_prefix_contains(cfg->inside, cfg->public_ip), NULL);
    NatBox *nat = g_new0(NatBox, 1);
    nat->cfg = *cfg;
    nat->kernel = net_network_kernel(net_node_network(node));
    nat->by_key = g_hash_table_new_full(map_key_hash, map_key_equal, NULL, mapping_free);
    nat->by_port = g_hash_table_new(g_direct_hash, g_direct_equal);
    nat->permits = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    nat->next_port = cfg->port_base;
    g_autofree char *stream = g_strconcat("nat:", net_node_name(node), NULL);
    sim_rng_init(&nat->rng, sim_kernel_seed(nat->kernel), sim_kernel_run_number(nat->kernel),
                 stream);
    net_node_set_middlebox(node, nat_process, nat, nat_box_free);
    return nat;
}

NatBox *nat_box_from_node(const NetNode *node)
{
    return net_node_middlebox(node, nat_process);
}

const NatConfig *nat_box_config(const NatBox *nat)
{
    return &nat->cfg;
}

NetEndpoint nat_box_map_outbound(NatBox *nat, NetEndpoint inside, NetEndpoint remote)
{
    g_return_val_if_fail(net_prefix_contains(nat->cfg.inside, inside.ip), (NetEndpoint){ 0 });
    Mapping *m = outbound(nat, inside, remote);
    return m ? (NetEndpoint){ nat->cfg.public_ip, m->public_port } : (NetEndpoint){ 0, 0 };
}

gboolean nat_box_lookup(const NatBox *nat, guint16 public_port, NatMappingInfo *out)
{
    const Mapping *m = g_hash_table_lookup(nat->by_port, GUINT_TO_POINTER(public_port));
    if (!m || expired(nat, m))
        return FALSE;
    *out = (NatMappingInfo){
        .inside = m->key.inside,
        .remote = m->key.remote,
        .public_ep = { nat->cfg.public_ip, m->public_port },
        .expires = m->expires,
    };
    return TRUE;
}

void nat_box_reboot(NatBox *nat)
{
    nat->stats.mappings_lost += g_hash_table_size(nat->by_key);
    g_hash_table_remove_all(nat->permits);
    g_hash_table_remove_all(nat->by_port);
    g_hash_table_remove_all(nat->by_key);
    nat->next_port = nat->cfg.port_base;
}

NatStats nat_box_stats(const NatBox *nat)
{
    NatStats st = nat->stats;
    GHashTableIter it;
    gpointer m;
    g_hash_table_iter_init(&it, nat->by_key);
    while (g_hash_table_iter_next(&it, NULL, &m)) {
        if (expired(nat, m))
            st.mappings_expired++;
        else
            st.mappings_live++;
    }
    return st;
}
