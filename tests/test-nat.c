/* SPDX-License-Identifier: MIT */
/*
 * The NAT box (RFC 4787) on small networks built by API, checked cell by cell with exact
 * endpoints and virtual times: each mapping and filtering behaviour, the port assignments, the
 * mapping lifetime and its refresh, hairpinning, a NAT behind a NAT, and the datagram balance.
 *
 * The usual network: two inside hosts and two outside hosts around the NAT N.
 *
 *   H1 192.168.1.10 --1ms--+                      +--10ms-- X 198.51.100.1
 *                          N 192.168.1.1, PUB ----+
 *   H2 192.168.1.11 --2ms--+   (PUB 203.0.113.1)  +--20ms-- Y 198.51.100.2
 */
#include <string.h>

#include "nat.h"
#include "net-test-util.h"

#define PUB "203.0.113.1"

/* ---- entities that record what they receive ---- */

typedef struct {
    SimTime time;
    NetEndpoint src;
    NetEndpoint dst;
    guint8 ttl;
    char text[16];
} Received;

typedef struct {
    SimEntity parent;
    GArray *got; /* Received */
} Recorder;

static void recorder_receive(SimEntity *self, const NetDatagram *dg)
{
    Recorder *rec = (Recorder *) self;
    Received r = { sim_entity_now(self), dg->src, dg->dst, dg->ttl, { 0 } };
    memcpy(r.text, dg->data, MIN(dg->len, sizeof r.text - 1));
    g_array_append_val(rec->got, r);
}

static const SimEntityClass recorder_class = { .kind = "recorder", .receive = recorder_receive };

static void recorder_free(gpointer p)
{
    Recorder *rec = p;
    sim_entity_clear(&rec->parent);
    g_array_unref(rec->got);
    g_free(rec);
}

/* ---- the network and its trace ---- */

typedef struct {
    SimTime time;
    NetTraceKind kind;
    NetDropCause cause;
    const NetNode *node;
    NetEndpoint src;
    NetEndpoint dst;
    char text[16];
} Seen;

typedef struct {
    SimKernel *kernel;
    NetNetwork *net;
    GArray *seen;         /* Seen */
    GPtrArray *recorders; /* Recorder */
    GPtrArray *sends;     /* SendSpec */
} TestNet;

static void observe(const NetTrace *t, gpointer user_data)
{
    Seen s = { t->time, t->kind, t->cause, t->node, t->dg->src, t->dg->dst, { 0 } };
    memcpy(s.text, t->dg->data, MIN(t->dg->len, sizeof s.text - 1));
    g_array_append_val((GArray *) user_data, s);
}

static void testnet_init(TestNet *t, guint64 seed)
{
    t->kernel = sim_kernel_new(seed, 0);
    t->net = net_network_new(t->kernel);
    t->seen = g_array_new(FALSE, FALSE, sizeof(Seen));
    t->recorders = g_ptr_array_new_with_free_func(recorder_free);
    t->sends = g_ptr_array_new_with_free_func(g_free);
    net_network_add_observer(t->net, observe, t->seen);
}

/* Every datagram accounted for: sent + duplicated = delivered + dropped + in flight. */
static void assert_balanced(const TestNet *t)
{
    const NetStats *st = net_network_stats(t->net);
    guint64 dropped = 0;
    for (int c = 0; c < NET_DROP_N_CAUSES; c++)
        dropped += st->dropped[c];
    g_assert_cmpuint(st->sent + st->duplicated, ==,
                     st->delivered + dropped + net_network_in_flight(t->net));
}

static void testnet_clear(TestNet *t)
{
    g_assert_cmpint(sim_kernel_run(t->kernel, SIM_TIME_NEVER), ==, SIM_RUN_EMPTY);
    assert_balanced(t);
    net_network_free(t->net);
    sim_kernel_free(t->kernel);
    g_ptr_array_unref(t->recorders);
    g_ptr_array_unref(t->sends);
    g_array_unref(t->seen);
}

static const NetLinkParams *params(TestNet *t, SimTime delay, double duplicate)
{
    NetLinkParams *p = g_new(NetLinkParams, 1);
    net_link_params_init(p);
    p->delay = sim_distribution_constant((double) delay);
    p->duplicate = duplicate;
    return net_network_keep_params(t->net, p);
}

static NetLink *link_nodes(TestNet *t, NetNode *a, NetNode *b, SimTime delay)
{
    g_autofree char *name = g_strdup_printf("%s-%s", net_node_name(a), net_node_name(b));
    return net_link_new(t->net, name, a, b, params(t, delay, 0), params(t, delay, 0));
}

static void default_route(NetNode *node, NetNode *via)
{
    g_assert_true(net_node_add_route(node, (NetPrefix){ 0, 0 }, via));
}

/* A recorder receiving on @ports of @node (0-terminated). */
static Recorder *listen_on(TestNet *t, NetNode *node, const guint16 *ports)
{
    Recorder *rec = g_new0(Recorder, 1);
    rec->got = g_array_new(FALSE, FALSE, sizeof(Received));
    sim_entity_init(&rec->parent, &recorder_class, t->kernel, net_node_name(node));
    net_node_set_entity(node, &rec->parent);
    for (; *ports; ports++)
        g_assert_true(net_node_bind(node, *ports));
    g_ptr_array_add(t->recorders, rec);
    return rec;
}

typedef struct {
    NetNode *from;
    guint16 src_port;
    NetEndpoint dst;
    const char *text;
} SendSpec;

static void send_event(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg)
{
    const SendSpec *s = data;
    net_node_send(s->from, s->src_port, s->dst, net_datagram_new(s->text, strlen(s->text)));
}

/* @from sends @text from @src_port to @dst at the absolute time @when. */
static void send_at(TestNet *t, SimTime when, NetNode *from, guint16 src_port, NetEndpoint dst,
                    const char *text)
{
    SendSpec *s = g_new(SendSpec, 1);
    *s = (SendSpec){ from, src_port, dst, text };
    g_ptr_array_add(t->sends, s);
    sim_kernel_post(t->kernel, when - sim_kernel_now(t->kernel), send_event, NULL, s, 0);
}

static void nothing(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg)
{
}

/* Runs the events before @when and leaves the clock at @when. */
static void run_to(TestNet *t, SimTime when)
{
    sim_kernel_post(t->kernel, when - sim_kernel_now(t->kernel), nothing, NULL, NULL, 0);
    g_assert_cmpint(sim_kernel_run(t->kernel, when), ==, SIM_RUN_UNTIL);
    g_assert_cmpint(sim_kernel_now(t->kernel), ==, when);
}

static void assert_endpoint(NetEndpoint got, NetEndpoint want)
{
    char a[NET_ENDPOINT_BUF], b[NET_ENDPOINT_BUF];
    g_assert_cmpstr(net_endpoint_format(got, a), ==, net_endpoint_format(want, b));
}

/* The @i-th datagram @rec received. */
static void expect_got(const Recorder *rec, guint i, const char *text, SimTime time,
                       NetEndpoint src, NetEndpoint dst, guint8 ttl)
{
    g_assert_cmpuint(i, <, rec->got->len);
    const Received *r = &g_array_index(rec->got, Received, i);
    g_assert_cmpstr(r->text, ==, text);
    g_assert_cmpint(r->time, ==, time);
    assert_endpoint(r->src, src);
    assert_endpoint(r->dst, dst);
    g_assert_cmpuint(r->ttl, ==, ttl);
}

/* The datagram @text was dropped at @time at @node for @cause. */
static void expect_dropped(const TestNet *t, const char *text, SimTime time, const NetNode *node,
                           NetDropCause cause)
{
    for (guint i = 0; i < t->seen->len; i++) {
        const Seen *s = &g_array_index(t->seen, Seen, i);
        if (s->kind != NET_TRACE_DROP || !g_str_equal(s->text, text))
            continue;
        g_assert_cmpint(s->time, ==, time);
        g_assert_true(s->node == node);
        g_assert_cmpstr(net_drop_cause_name(s->cause), ==, net_drop_cause_name(cause));
        return;
    }
    g_error("'%s' was not dropped", text);
}

/* ---- the usual network ---- */

static const guint16 h1_ports[] = { 5000, 5060, 0 };
static const guint16 h2_ports[] = { 5060, 6000, 0 };
static const guint16 outside_ports[] = { 7000, 7001, 0 };

typedef struct {
    TestNet t;
    NetNode *h1, *h2, *n, *x, *y;
    Recorder *r1, *r2, *rx, *ry;
    NatBox *nat;
} Lan;

/* @cfg's inside and public address are set here. */
static void lan_init(Lan *l, guint64 seed, NatConfig *cfg)
{
    TestNet *t = &l->t;
    testnet_init(t, seed);
    l->h1 = node_with(t->net, "H1", "192.168.1.10");
    l->h2 = node_with(t->net, "H2", "192.168.1.11");
    l->n = node_with(t->net, "N", "192.168.1.1");
    net_node_add_address(l->n, ip(PUB));
    net_node_set_forwarding(l->n, TRUE);
    l->x = node_with(t->net, "X", "198.51.100.1");
    l->y = node_with(t->net, "Y", "198.51.100.2");
    link_nodes(t, l->h1, l->n, 1 * SIM_MS);
    link_nodes(t, l->h2, l->n, 2 * SIM_MS);
    link_nodes(t, l->n, l->x, 10 * SIM_MS);
    link_nodes(t, l->n, l->y, 20 * SIM_MS);
    default_route(l->h1, l->n);
    default_route(l->h2, l->n);
    l->r1 = listen_on(t, l->h1, h1_ports);
    l->r2 = listen_on(t, l->h2, h2_ports);
    l->rx = listen_on(t, l->x, outside_ports);
    l->ry = listen_on(t, l->y, outside_ports);
    g_assert_true(net_prefix_parse("192.168.1.0/24", &cfg->inside));
    cfg->public_ip = ip(PUB);
    l->nat = nat_box_new(l->n, cfg);
    g_assert_nonnull(l->nat);
}

static void lan_clear(Lan *l)
{
    testnet_clear(&l->t);
}

/* ---- mapping (RFC 4787 4.1) ---- */

typedef struct {
    NatBehaviour mapping;
    guint16 to_x, to_y, to_x2; /* the public ports X, Y, then X's other port see */
    guint64 created;
} MappingRow;

static const MappingRow mapping_rows[] = {
    { NAT_ENDPOINT_INDEPENDENT, 49152, 49152, 49152, 1 },
    { NAT_ADDRESS_DEPENDENT, 49152, 49153, 49152, 2 },
    { NAT_ADDRESS_AND_PORT_DEPENDENT, 49152, 49153, 49154, 3 },
};

static void test_mapping(gconstpointer data)
{
    const MappingRow *row = data;
    NatConfig cfg;
    nat_config_init(&cfg, NAT_PRESET_FULL_CONE);
    cfg.mapping = row->mapping;
    cfg.port_assignment = NAT_PORT_SEQUENTIAL;
    Lan l;
    lan_init(&l, 1, &cfg);
    g_assert_true(nat_box_from_node(l.n) == l.nat);
    g_assert_null(nat_box_from_node(l.x));
    g_assert_cmpuint(nat_box_config(l.nat)->port_base, ==, 49152);
    /* One inside endpoint, three destinations: X, Y on the same port, X on another port. */
    send_at(&l.t, 0, l.h1, 5000, endpoint("198.51.100.1", 7000), "to x");
    send_at(&l.t, 0, l.h1, 5000, endpoint("198.51.100.2", 7000), "to y");
    send_at(&l.t, 0, l.h1, 5000, endpoint("198.51.100.1", 7001), "to x2");
    sim_kernel_run(l.t.kernel, SIM_TIME_NEVER);

    g_assert_cmpuint(l.rx->got->len, ==, 2);
    expect_got(l.rx, 0, "to x", 11 * SIM_MS, endpoint(PUB, row->to_x),
               endpoint("198.51.100.1", 7000), 63);
    expect_got(l.rx, 1, "to x2", 11 * SIM_MS, endpoint(PUB, row->to_x2),
               endpoint("198.51.100.1", 7001), 63);
    g_assert_cmpuint(l.ry->got->len, ==, 1);
    expect_got(l.ry, 0, "to y", 21 * SIM_MS, endpoint(PUB, row->to_y),
               endpoint("198.51.100.2", 7000), 63);

    /* The trace shows the header as it leaves the NAT. */
    const Seen *fwd = &g_array_index(l.t.seen, Seen, 3);
    g_assert_cmpint(fwd->kind, ==, NET_TRACE_FORWARD);
    g_assert_true(fwd->node == l.n);
    g_assert_cmpstr(fwd->text, ==, "to x");
    assert_endpoint(fwd->src, endpoint(PUB, row->to_x));

    /* The last mapping, as the box shows it: what it depends on besides the inside endpoint. */
    NatMappingInfo info;
    g_assert_true(nat_box_lookup(l.nat, row->to_x2, &info));
    assert_endpoint(info.inside, endpoint("192.168.1.10", 5000));
    assert_endpoint(info.public_ep, endpoint(PUB, row->to_x2));
    NetEndpoint remote = row->mapping == NAT_ENDPOINT_INDEPENDENT ? endpoint("0.0.0.0", 0)
                         : row->mapping == NAT_ADDRESS_DEPENDENT  ? endpoint("198.51.100.1", 0)
                                                                  : endpoint("198.51.100.1", 7001);
    assert_endpoint(info.remote, remote);
    g_assert_cmpint(info.expires, ==, 1 * SIM_MS + NAT_DEFAULT_LIFETIME);
    g_assert_false(nat_box_lookup(l.nat, 49155, &info));
    NatStats st = nat_box_stats(l.nat);
    g_assert_cmpuint(st.mappings_created, ==, row->created);
    g_assert_cmpuint(st.mappings_live, ==, row->created);
    g_assert_cmpuint(st.translated_out, ==, 3);
    lan_clear(&l);
}

/* ---- filtering (RFC 4787 5) ---- */

typedef struct {
    NatBehaviour filtering;
    gboolean y_gets_in;       /* Y, never contacted, sends to the mapping */
    gboolean x_other_gets_in; /* X, from a port never contacted */
} FilteringRow;

static const FilteringRow filtering_rows[] = {
    { NAT_ENDPOINT_INDEPENDENT, TRUE, TRUE },
    { NAT_ADDRESS_DEPENDENT, FALSE, TRUE },
    { NAT_ADDRESS_AND_PORT_DEPENDENT, FALSE, FALSE },
};

static void test_filtering(gconstpointer data)
{
    const FilteringRow *row = data;
    NatConfig cfg;
    nat_config_init(&cfg, NAT_PRESET_FULL_CONE);
    cfg.filtering = row->filtering;
    Lan l;
    lan_init(&l, 1, &cfg);
    /* H1 opens 192.168.1.10:5000 -> PUB:5000 (the port is preserved) towards X:7000. */
    send_at(&l.t, 0, l.h1, 5000, endpoint("198.51.100.1", 7000), "open");
    send_at(&l.t, 20 * SIM_MS, l.x, 7000, endpoint(PUB, 5000), "reply");
    send_at(&l.t, 20 * SIM_MS, l.y, 7000, endpoint(PUB, 5000), "unsolicited");
    send_at(&l.t, 20 * SIM_MS, l.x, 7001, endpoint(PUB, 5000), "other port");
    send_at(&l.t, 20 * SIM_MS, l.x, 7000, endpoint(PUB, 5001), "no mapping");
    sim_kernel_run(l.t.kernel, SIM_TIME_NEVER);

    NetEndpoint h1 = endpoint("192.168.1.10", 5000);
    guint i = 0;
    expect_got(l.r1, i++, "reply", 31 * SIM_MS, endpoint("198.51.100.1", 7000), h1, 63);
    if (row->x_other_gets_in)
        expect_got(l.r1, i++, "other port", 31 * SIM_MS, endpoint("198.51.100.1", 7001), h1, 63);
    else
        expect_dropped(&l.t, "other port", 30 * SIM_MS, l.n, NET_DROP_NAT_FILTERED);
    if (row->y_gets_in)
        expect_got(l.r1, i++, "unsolicited", 41 * SIM_MS, endpoint("198.51.100.2", 7000), h1, 63);
    else
        expect_dropped(&l.t, "unsolicited", 40 * SIM_MS, l.n, NET_DROP_NAT_FILTERED);
    g_assert_cmpuint(l.r1->got->len, ==, i);
    expect_dropped(&l.t, "no mapping", 30 * SIM_MS, l.n, NET_DROP_NAT_NO_MAPPING);

    NatStats st = nat_box_stats(l.nat);
    g_assert_cmpuint(st.translated_in, ==, i);
    g_assert_cmpuint(st.dropped_filtered, ==, 3 - i);
    g_assert_cmpuint(st.dropped_no_mapping, ==, 1);
    const NetStats *ns = net_network_stats(l.t.net);
    g_assert_cmpuint(ns->dropped[NET_DROP_NAT_FILTERED], ==, 3 - i);
    g_assert_cmpuint(ns->dropped[NET_DROP_NAT_NO_MAPPING], ==, 1);
    lan_clear(&l);
}

/* ---- port assignment (RFC 4787 4.2) ---- */

static void test_port_preserving(void)
{
    NatConfig cfg;
    nat_config_init(&cfg, NAT_PRESET_PORT_RESTRICTED_CONE);
    g_assert_cmpint(cfg.port_assignment, ==, NAT_PORT_PRESERVING);
    Lan l;
    lan_init(&l, 1, &cfg);
    send_at(&l.t, 0, l.h1, 5060, endpoint("198.51.100.1", 7000), "h1");
    send_at(&l.t, 10 * SIM_MS, l.h2, 5060, endpoint("198.51.100.1", 7000), "h2 taken");
    send_at(&l.t, 20 * SIM_MS, l.h2, 6000, endpoint("198.51.100.1", 7000), "h2 free");
    sim_kernel_run(l.t.kernel, SIM_TIME_NEVER);
    NetEndpoint x = endpoint("198.51.100.1", 7000);
    g_assert_cmpuint(l.rx->got->len, ==, 3);
    expect_got(l.rx, 0, "h1", 11 * SIM_MS, endpoint(PUB, 5060), x, 63);
    /* 5060 is H1's: H2's 5060 falls back to the sequential pool from the base. */
    expect_got(l.rx, 1, "h2 taken", 22 * SIM_MS, endpoint(PUB, 49152), x, 63);
    expect_got(l.rx, 2, "h2 free", 32 * SIM_MS, endpoint(PUB, 6000), x, 63);
    NatStats st = nat_box_stats(l.nat);
    g_assert_cmpuint(st.ports_not_preserved, ==, 1);
    g_assert_cmpuint(st.mappings_created, ==, 3);
    lan_clear(&l);
}

static void test_port_sequential(void)
{
    NatConfig cfg;
    nat_config_init(&cfg, NAT_PRESET_PORT_RESTRICTED_CONE);
    cfg.port_assignment = NAT_PORT_SEQUENTIAL;
    cfg.port_base = 1024;
    Lan l;
    lan_init(&l, 1, &cfg);
    NetEndpoint x = endpoint("198.51.100.1", 7000);
    assert_endpoint(nat_box_map_outbound(l.nat, endpoint("192.168.1.10", 5000), x),
                    endpoint(PUB, 1024));
    assert_endpoint(nat_box_map_outbound(l.nat, endpoint("192.168.1.10", 5001), x),
                    endpoint(PUB, 1025));
    assert_endpoint(nat_box_map_outbound(l.nat, endpoint("192.168.1.11", 5000), x),
                    endpoint(PUB, 1026));
    /* The same inside endpoint again: the same mapping. */
    assert_endpoint(nat_box_map_outbound(l.nat, endpoint("192.168.1.10", 5000), x),
                    endpoint(PUB, 1024));
    g_assert_cmpuint(nat_box_stats(l.nat).mappings_created, ==, 3);
    g_assert_cmpuint(nat_box_stats(l.nat).translated_out, ==, 0);
    lan_clear(&l);
}

/* A reboot forgets every mapping: the next one starts again from the base, and nat_box_lookup
 * finds none of the old ones. */
static void test_reboot(void)
{
    NatConfig cfg;
    nat_config_init(&cfg, NAT_PRESET_PORT_RESTRICTED_CONE);
    cfg.port_assignment = NAT_PORT_SEQUENTIAL;
    cfg.port_base = 1024;
    Lan l;
    lan_init(&l, 1, &cfg);
    NetEndpoint x = endpoint("198.51.100.1", 7000);
    nat_box_map_outbound(l.nat, endpoint("192.168.1.10", 5000), x);
    nat_box_map_outbound(l.nat, endpoint("192.168.1.10", 5001), x);
    nat_box_reboot(l.nat);
    NatMappingInfo info;
    g_assert_false(nat_box_lookup(l.nat, 1024, &info));
    g_assert_false(nat_box_lookup(l.nat, 1025, &info));
    NatStats st = nat_box_stats(l.nat);
    g_assert_cmpuint(st.mappings_lost, ==, 2);
    g_assert_cmpuint(st.mappings_live, ==, 0);
    assert_endpoint(nat_box_map_outbound(l.nat, endpoint("192.168.1.10", 5001), x),
                    endpoint(PUB, 1024));
    g_assert_cmpuint(nat_box_stats(l.nat).mappings_created, ==, 3);
    lan_clear(&l);
}

/* A pool of two ports: a third mapping finds none, until the first two expire; the search
 * then wraps round to the base. */
static void test_port_pool_exhausted(void)
{
    NatConfig cfg;
    nat_config_init(&cfg, NAT_PRESET_PORT_RESTRICTED_CONE);
    cfg.port_assignment = NAT_PORT_SEQUENTIAL;
    cfg.port_base = 65534;
    cfg.lifetime = 120 * SIM_S;
    Lan l;
    lan_init(&l, 1, &cfg);
    NetEndpoint x = endpoint("198.51.100.1", 7000);
    assert_endpoint(nat_box_map_outbound(l.nat, endpoint("192.168.1.10", 1), x),
                    endpoint(PUB, 65534));
    assert_endpoint(nat_box_map_outbound(l.nat, endpoint("192.168.1.10", 2), x),
                    endpoint(PUB, 65535));
    assert_endpoint(nat_box_map_outbound(l.nat, endpoint("192.168.1.10", 3), x),
                    endpoint("0.0.0.0", 0));
    send_at(&l.t, 0, l.h1, 5000, x, "no port");
    run_to(&l.t, 120 * SIM_S);
    expect_dropped(&l.t, "no port", 1 * SIM_MS, l.n, NET_DROP_NAT_NO_PORT);
    g_assert_cmpuint(nat_box_stats(l.nat).dropped_no_port, ==, 1);
    /* At 120 s both have expired. */
    NatStats st = nat_box_stats(l.nat);
    g_assert_cmpuint(st.mappings_expired, ==, 2);
    g_assert_cmpuint(st.mappings_live, ==, 0);
    assert_endpoint(nat_box_map_outbound(l.nat, endpoint("192.168.1.10", 3), x),
                    endpoint(PUB, 65534));
    st = nat_box_stats(l.nat);
    g_assert_cmpuint(st.mappings_expired, ==, 2);
    g_assert_cmpuint(st.mappings_live, ==, 1);
    g_assert_cmpuint(st.mappings_created, ==, 3);
    lan_clear(&l);
}

/* The public ports a symmetric NAT gives five destinations, with @seed. */
static void random_ports(guint64 seed, guint16 *ports)
{
    NatConfig cfg;
    nat_config_init(&cfg, NAT_PRESET_SYMMETRIC);
    g_assert_cmpint(cfg.port_assignment, ==, NAT_PORT_RANDOM);
    Lan l;
    lan_init(&l, seed, &cfg);
    for (guint16 i = 0; i < 5; i++)
        ports[i] = nat_box_map_outbound(l.nat, endpoint("192.168.1.10", 5060),
                                        endpoint("198.51.100.1", (guint16) (7000 + i)))
                       .port;
    lan_clear(&l);
}

static void test_port_random(void)
{
    guint16 a[5], b[5], c[5];
    random_ports(1, a);
    random_ports(1, b);
    random_ports(2, c);
    g_assert_cmpmem(a, sizeof a, b, sizeof b);
    g_assert_false(memcmp(a, c, sizeof a) == 0);
    for (guint i = 0; i < 5; i++) {
        g_assert_cmpuint(a[i], >=, NAT_DEFAULT_PORT_BASE);
        for (guint j = 0; j < i; j++)
            g_assert_cmpuint(a[i], !=, a[j]);
    }
}

/* ---- lifetime and refresh (RFC 4787 4.3) ---- */

#define LIFETIME (120 * SIM_S)

typedef struct {
    gboolean inbound_refresh;
} LifetimeRow;

static const LifetimeRow lifetime_rows[] = { { FALSE }, { TRUE } };

/* X's datagrams reach N at @at; H1's opening one passed N at T0 = 1 ms. */
static void test_lifetime(gconstpointer data)
{
    const LifetimeRow *row = data;
    NatConfig cfg;
    nat_config_init(&cfg, NAT_PRESET_PORT_RESTRICTED_CONE);
    cfg.lifetime = LIFETIME;
    cfg.inbound_refresh = row->inbound_refresh;
    Lan l;
    lan_init(&l, 1, &cfg);
    const SimTime t0 = 1 * SIM_MS, x_to_n = 10 * SIM_MS;
    send_at(&l.t, 0, l.h1, 5000, endpoint("198.51.100.1", 7000), "open");
    send_at(&l.t, t0 + LIFETIME - 1 - x_to_n, l.x, 7000, endpoint(PUB, 5000), "just in time");
    send_at(&l.t, t0 + LIFETIME - x_to_n, l.x, 7000, endpoint(PUB, 5000), "at lifetime");
    send_at(&l.t, t0 + 2 * LIFETIME - x_to_n, l.x, 7000, endpoint(PUB, 5000), "twice");
    sim_kernel_run(l.t.kernel, SIM_TIME_NEVER);

    NetEndpoint x = endpoint("198.51.100.1", 7000), h1 = endpoint("192.168.1.10", 5000);
    expect_got(l.r1, 0, "just in time", t0 + LIFETIME - 1 + SIM_MS, x, h1, 63);
    if (row->inbound_refresh) {
        /* Each inbound datagram let in pushes the end back: to T0 + 2L - 1, then T0 + 2L. */
        g_assert_cmpuint(l.r1->got->len, ==, 2);
        expect_got(l.r1, 1, "at lifetime", t0 + LIFETIME + SIM_MS, x, h1, 63);
    } else {
        g_assert_cmpuint(l.r1->got->len, ==, 1);
        expect_dropped(&l.t, "at lifetime", t0 + LIFETIME, l.n, NET_DROP_NAT_NO_MAPPING);
    }
    expect_dropped(&l.t, "twice", t0 + 2 * LIFETIME, l.n, NET_DROP_NAT_NO_MAPPING);
    NatStats st = nat_box_stats(l.nat);
    g_assert_cmpuint(st.mappings_created, ==, 1);
    g_assert_cmpuint(st.mappings_expired, ==, 1);
    g_assert_cmpuint(st.mappings_live, ==, 0);
    g_assert_cmpuint(st.dropped_no_mapping, ==, row->inbound_refresh ? 1 : 2);
    lan_clear(&l);
}

/* Each outbound datagram restarts the lifetime; after expiry the next one makes a new mapping
 * (the same port here: it is preserved). */
static void test_outbound_refresh(void)
{
    NatConfig cfg;
    nat_config_init(&cfg, NAT_PRESET_PORT_RESTRICTED_CONE);
    cfg.lifetime = LIFETIME;
    Lan l;
    lan_init(&l, 1, &cfg);
    NetEndpoint x = endpoint("198.51.100.1", 7000), h1 = endpoint("192.168.1.10", 5000);
    const SimTime t1 = 60 * SIM_S + 1 * SIM_MS, x_to_n = 10 * SIM_MS;
    send_at(&l.t, 0, l.h1, 5000, x, "open");
    send_at(&l.t, 60 * SIM_S, l.h1, 5000, x, "refresh");
    send_at(&l.t, t1 + LIFETIME - 1 - x_to_n, l.x, 7000, endpoint(PUB, 5000), "just in time");
    send_at(&l.t, t1 + LIFETIME - x_to_n, l.x, 7000, endpoint(PUB, 5000), "at lifetime");
    send_at(&l.t, t1 + LIFETIME, l.h1, 5000, x, "reopen");
    sim_kernel_run(l.t.kernel, SIM_TIME_NEVER);
    g_assert_cmpuint(l.r1->got->len, ==, 1);
    expect_got(l.r1, 0, "just in time", t1 + LIFETIME - 1 + SIM_MS, x, h1, 63);
    expect_dropped(&l.t, "at lifetime", t1 + LIFETIME, l.n, NET_DROP_NAT_NO_MAPPING);
    g_assert_cmpuint(l.rx->got->len, ==, 3);
    expect_got(l.rx, 2, "reopen", t1 + LIFETIME + 11 * SIM_MS, endpoint(PUB, 5000), x, 63);
    NatStats st = nat_box_stats(l.nat);
    g_assert_cmpuint(st.mappings_created, ==, 2);
    g_assert_cmpuint(st.mappings_expired, ==, 1);
    g_assert_cmpuint(st.mappings_live, ==, 1);
    NatMappingInfo info;
    g_assert_true(nat_box_lookup(l.nat, 5000, &info));
    g_assert_cmpint(info.expires, ==, t1 + LIFETIME + 1 * SIM_MS + LIFETIME);
    lan_clear(&l);
}

/* ---- hairpinning (RFC 4787 6) ---- */

/* H1 and H2 open PUB:5000 and PUB:6000 towards X; at 10 ms H2 sends to PUB:5000. */
static void hairpin_setup(Lan *l, NatConfig *cfg)
{
    lan_init(l, 1, cfg);
    send_at(&l->t, 0, l->h1, 5000, endpoint("198.51.100.1", 7000), "h1 out");
    send_at(&l->t, 0, l->h2, 6000, endpoint("198.51.100.1", 7000), "h2 out");
    send_at(&l->t, 10 * SIM_MS, l->h2, 6000, endpoint(PUB, 5000), "hairpin");
}

static void test_hairpinning_on(void)
{
    NatConfig cfg;
    nat_config_init(&cfg, NAT_PRESET_FULL_CONE);
    Lan l;
    hairpin_setup(&l, &cfg);
    /* Inside to inside is routed, not translated. */
    send_at(&l.t, 10 * SIM_MS, l.h2, 6000, endpoint("192.168.1.10", 5000), "direct");
    sim_kernel_run(l.t.kernel, SIM_TIME_NEVER);
    /* H1 sees H2's public endpoint (REQ-9a), one router hop. */
    g_assert_cmpuint(l.r1->got->len, ==, 2);
    expect_got(l.r1, 0, "hairpin", 13 * SIM_MS, endpoint(PUB, 6000), endpoint("192.168.1.10", 5000),
               63);
    expect_got(l.r1, 1, "direct", 13 * SIM_MS, endpoint("192.168.1.11", 6000),
               endpoint("192.168.1.10", 5000), 63);
    NatStats st = nat_box_stats(l.nat);
    g_assert_cmpuint(st.hairpinned, ==, 1);
    g_assert_cmpuint(st.translated_out, ==, 2);
    g_assert_cmpuint(st.translated_in, ==, 0);
    g_assert_cmpuint(st.mappings_created, ==, 2);
    lan_clear(&l);
}

/* Without hairpinning the datagram is for the NAT itself, where nothing listens. */
static void test_hairpinning_off(void)
{
    NatConfig cfg;
    nat_config_init(&cfg, NAT_PRESET_FULL_CONE);
    cfg.hairpinning = FALSE;
    Lan l;
    hairpin_setup(&l, &cfg);
    sim_kernel_run(l.t.kernel, SIM_TIME_NEVER);
    g_assert_cmpuint(l.r1->got->len, ==, 0);
    expect_dropped(&l.t, "hairpin", 12 * SIM_MS, l.n, NET_DROP_PORT_UNREACHABLE);
    NatStats st = nat_box_stats(l.nat);
    g_assert_cmpuint(st.hairpinned, ==, 0);
    g_assert_cmpuint(st.mappings_created, ==, 2);
    lan_clear(&l);
}

/* The hairpinned datagram meets the target's filtering like any inbound one: H1 has not sent
 * to PUB:6000, so H2's first attempt is refused; once each has sent to the other's public
 * endpoint, both get through (hole punching). */
static void test_hairpinning_filtered(void)
{
    NatConfig cfg;
    nat_config_init(&cfg, NAT_PRESET_PORT_RESTRICTED_CONE);
    Lan l;
    hairpin_setup(&l, &cfg);
    send_at(&l.t, 20 * SIM_MS, l.h1, 5000, endpoint(PUB, 6000), "punch");
    send_at(&l.t, 30 * SIM_MS, l.h2, 6000, endpoint(PUB, 5000), "again");
    send_at(&l.t, 30 * SIM_MS, l.h2, 6000, endpoint(PUB, 5001), "nobody");
    sim_kernel_run(l.t.kernel, SIM_TIME_NEVER);
    expect_dropped(&l.t, "hairpin", 12 * SIM_MS, l.n, NET_DROP_NAT_FILTERED);
    expect_dropped(&l.t, "nobody", 32 * SIM_MS, l.n, NET_DROP_NAT_NO_MAPPING);
    g_assert_cmpuint(l.r2->got->len, ==, 1);
    expect_got(l.r2, 0, "punch", 23 * SIM_MS, endpoint(PUB, 5000), endpoint("192.168.1.11", 6000),
               63);
    g_assert_cmpuint(l.r1->got->len, ==, 1);
    expect_got(l.r1, 0, "again", 33 * SIM_MS, endpoint(PUB, 6000), endpoint("192.168.1.10", 5000),
               63);
    NatStats st = nat_box_stats(l.nat);
    g_assert_cmpuint(st.hairpinned, ==, 2);
    g_assert_cmpuint(st.dropped_filtered, ==, 1);
    g_assert_cmpuint(st.dropped_no_mapping, ==, 1);
    lan_clear(&l);
}

/* What is neither from inside to outside nor for the public address is routed untouched: an
 * outside host with a route to the inside prefix reaches it (the box is no firewall), and the
 * NAT's inside address is its own. */
static void test_not_translated(void)
{
    NatConfig cfg;
    nat_config_init(&cfg, NAT_PRESET_SYMMETRIC);
    Lan l;
    lan_init(&l, 1, &cfg);
    NetPrefix lan;
    g_assert_true(net_prefix_parse("192.168.1.0/24", &lan));
    g_assert_true(net_node_add_route(l.x, lan, l.n));
    send_at(&l.t, 0, l.x, 7000, endpoint("192.168.1.10", 5000), "routed");
    send_at(&l.t, 0, l.h1, 5000, endpoint("192.168.1.1", 5000), "to the nat");
    sim_kernel_run(l.t.kernel, SIM_TIME_NEVER);
    g_assert_cmpuint(l.r1->got->len, ==, 1);
    expect_got(l.r1, 0, "routed", 11 * SIM_MS, endpoint("198.51.100.1", 7000),
               endpoint("192.168.1.10", 5000), 63);
    expect_dropped(&l.t, "to the nat", 1 * SIM_MS, l.n, NET_DROP_PORT_UNREACHABLE);
    NatStats st = nat_box_stats(l.nat);
    g_assert_cmpuint(st.mappings_created, ==, 0);
    g_assert_cmpuint(st.translated_in + st.translated_out, ==, 0);
    lan_clear(&l);
}

/* ---- a NAT behind a NAT ---- */

static void test_nested(void)
{
    TestNet t;
    testnet_init(&t, 1);
    NetNode *h = node_with(t.net, "H", "10.0.0.2");
    NetNode *inner = node_with(t.net, "N2", "10.0.0.1");
    net_node_add_address(inner, ip("192.168.1.2"));
    NetNode *outer = node_with(t.net, "N1", "192.168.1.1");
    net_node_add_address(outer, ip(PUB));
    NetNode *x = node_with(t.net, "X", "198.51.100.1");
    net_node_set_forwarding(inner, TRUE);
    net_node_set_forwarding(outer, TRUE);
    link_nodes(&t, h, inner, 1 * SIM_MS);
    link_nodes(&t, inner, outer, 2 * SIM_MS);
    link_nodes(&t, outer, x, 10 * SIM_MS);
    default_route(h, inner);
    default_route(inner, outer);
    static const guint16 h_ports[] = { 5000, 0 };
    Recorder *rh = listen_on(&t, h, h_ports);
    Recorder *rx = listen_on(&t, x, outside_ports);
    NatConfig c2, c1;
    nat_config_init(&c2, NAT_PRESET_PORT_RESTRICTED_CONE);
    c2.port_assignment = NAT_PORT_SEQUENTIAL;
    c2.port_base = 40000;
    g_assert_true(net_prefix_parse("10.0.0.0/24", &c2.inside));
    c2.public_ip = ip("192.168.1.2");
    nat_config_init(&c1, NAT_PRESET_SYMMETRIC);
    c1.port_assignment = NAT_PORT_SEQUENTIAL;
    c1.port_base = 50000;
    g_assert_true(net_prefix_parse("192.168.1.0/24", &c1.inside));
    c1.public_ip = ip(PUB);
    NatBox *n2 = nat_box_new(inner, &c2), *n1 = nat_box_new(outer, &c1);

    send_at(&t, 0, h, 5000, endpoint("198.51.100.1", 7000), "out");
    send_at(&t, 20 * SIM_MS, x, 7000, endpoint(PUB, 50000), "back");
    send_at(&t, 20 * SIM_MS, x, 7000, endpoint(PUB, 40000), "wrong layer");
    sim_kernel_run(t.kernel, SIM_TIME_NEVER);
    g_assert_cmpuint(rx->got->len, ==, 1);
    expect_got(rx, 0, "out", 13 * SIM_MS, endpoint(PUB, 50000), endpoint("198.51.100.1", 7000), 62);
    g_assert_cmpuint(rh->got->len, ==, 1);
    expect_got(rh, 0, "back", 33 * SIM_MS, endpoint("198.51.100.1", 7000),
               endpoint("10.0.0.2", 5000), 62);
    expect_dropped(&t, "wrong layer", 30 * SIM_MS, outer, NET_DROP_NAT_NO_MAPPING);
    NatMappingInfo info;
    g_assert_true(nat_box_lookup(n2, 40000, &info));
    assert_endpoint(info.inside, endpoint("10.0.0.2", 5000));
    g_assert_true(nat_box_lookup(n1, 50000, &info));
    assert_endpoint(info.inside, endpoint("192.168.1.2", 40000));
    assert_endpoint(info.remote, endpoint("198.51.100.1", 7000));
    testnet_clear(&t);
}

/* ---- the balance, with duplicates through the NAT ---- */

static void test_balance(void)
{
    NatConfig cfg;
    nat_config_init(&cfg, NAT_PRESET_PORT_RESTRICTED_CONE);
    Lan l;
    TestNet *t = &l.t;
    lan_init(&l, 1, &cfg);
    /* Z is outside too, on a link that copies every datagram, both ways. */
    NetNode *z = node_with(t->net, "Z", "198.51.100.9");
    net_link_new(t->net, "N-Z", l.n, z, params(t, 5 * SIM_MS, 1.0), params(t, 5 * SIM_MS, 1.0));
    static const guint16 z_ports[] = { 7000, 0 };
    Recorder *rz = listen_on(t, z, z_ports);
    send_at(t, 0, l.h1, 5000, endpoint("198.51.100.9", 7000), "open");
    send_at(t, 20 * SIM_MS, z, 7000, endpoint(PUB, 5000), "reply");
    send_at(t, 20 * SIM_MS, z, 7000, endpoint(PUB, 9999), "nowhere");
    send_at(t, 20 * SIM_MS, l.y, 7000, endpoint(PUB, 5000), "stranger");
    /* At 22 ms: both copies of the reply and of "nowhere", and the stranger, are on links. */
    sim_kernel_run(t->kernel, 22 * SIM_MS);
    g_assert_cmpuint(net_network_in_flight(t->net), ==, 5);
    assert_balanced(t);
    sim_kernel_run(t->kernel, SIM_TIME_NEVER);

    g_assert_cmpuint(rz->got->len, ==, 2);
    expect_got(rz, 0, "open", 6 * SIM_MS, endpoint(PUB, 5000), endpoint("198.51.100.9", 7000), 63);
    expect_got(rz, 1, "open", 6 * SIM_MS, endpoint(PUB, 5000), endpoint("198.51.100.9", 7000), 63);
    g_assert_cmpuint(l.r1->got->len, ==, 2);
    expect_got(l.r1, 0, "reply", 26 * SIM_MS, endpoint("198.51.100.9", 7000),
               endpoint("192.168.1.10", 5000), 63);
    expect_got(l.r1, 1, "reply", 26 * SIM_MS, endpoint("198.51.100.9", 7000),
               endpoint("192.168.1.10", 5000), 63);
    const NetStats *st = net_network_stats(t->net);
    g_assert_cmpuint(st->sent, ==, 4);
    g_assert_cmpuint(st->duplicated, ==, 3);
    g_assert_cmpuint(st->delivered, ==, 4);
    g_assert_cmpuint(st->dropped[NET_DROP_NAT_NO_MAPPING], ==, 2);
    g_assert_cmpuint(st->dropped[NET_DROP_NAT_FILTERED], ==, 1);
    /* Each copy is translated on its own. */
    g_assert_cmpuint(nat_box_stats(l.nat).translated_in, ==, 2);
    lan_clear(&l);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (gsize i = 0; i < G_N_ELEMENTS(mapping_rows); i++) {
        g_autofree char *path =
            g_strdup_printf("/nat/mapping/%s", nat_behaviour_name(mapping_rows[i].mapping));
        g_test_add_data_func(path, &mapping_rows[i], test_mapping);
    }
    for (gsize i = 0; i < G_N_ELEMENTS(filtering_rows); i++) {
        g_autofree char *path =
            g_strdup_printf("/nat/filtering/%s", nat_behaviour_name(filtering_rows[i].filtering));
        g_test_add_data_func(path, &filtering_rows[i], test_filtering);
    }
    g_test_add_func("/nat/ports/preserving-falls-back-when-taken", test_port_preserving);
    g_test_add_func("/nat/ports/sequential", test_port_sequential);
    g_test_add_func("/nat/reboot-forgets-every-mapping", test_reboot);
    g_test_add_func("/nat/ports/pool-exhausted-then-wraps", test_port_pool_exhausted);
    g_test_add_func("/nat/ports/random-reproducible-by-seed", test_port_random);
    g_test_add_data_func("/nat/lifetime/inbound-does-not-refresh", &lifetime_rows[0],
                         test_lifetime);
    g_test_add_data_func("/nat/lifetime/inbound-refresh", &lifetime_rows[1], test_lifetime);
    g_test_add_func("/nat/lifetime/outbound-refresh", test_outbound_refresh);
    g_test_add_func("/nat/hairpinning/on", test_hairpinning_on);
    g_test_add_func("/nat/hairpinning/off", test_hairpinning_off);
    g_test_add_func("/nat/hairpinning/filtered", test_hairpinning_filtered);
    g_test_add_func("/nat/not-translated", test_not_translated);
    g_test_add_func("/nat/nested", test_nested);
    g_test_add_func("/nat/balance", test_balance);
    return g_test_run();
}
