/* SPDX-License-Identifier: MIT */
/*
 * The virtual network, built by API: delivery times over links, routers and segments, and the
 * trace every datagram leaves, to the nanosecond. Links here have constant delays and no loss,
 * so nothing is random.
 */
#include <string.h>

#include "net-network.h"
#include "net-test-util.h"

/* ---- a test entity that records what it receives ---- */

typedef struct {
    SimTime time;
    guint64 id;
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
    Received r = {
        .time = sim_entity_now(self),
        .id = dg->id,
        .src = dg->src,
        .dst = dg->dst,
        .ttl = dg->ttl,
    };
    memcpy(r.text, dg->data, MIN(dg->len, sizeof r.text - 1));
    g_array_append_val(rec->got, r);
}

static const SimEntityClass recorder_class = { .kind = "recorder", .receive = recorder_receive };

/* ---- the network under test and its trace ---- */

typedef struct {
    SimTime time;
    NetTraceKind kind;
    NetDropCause cause;
    guint64 id;
    const NetNode *node;
    const NetLink *link;
    int direction;
} Seen;

typedef struct {
    SimKernel *kernel;
    NetNetwork *net;
    GArray *seen; /* Seen */
    GPtrArray *recorders;
} TestNet;

static void observe(const NetTrace *t, gpointer user_data)
{
    Seen s = { t->time, t->kind, t->cause, t->dg->id, t->node, t->link, t->direction };
    g_array_append_val((GArray *) user_data, s);
}

static void recorder_free(gpointer p)
{
    Recorder *rec = p;
    sim_entity_clear(&rec->parent);
    g_array_unref(rec->got);
    g_free(rec);
}

static void testnet_init(TestNet *t)
{
    t->kernel = sim_kernel_new(1, 0);
    t->net = net_network_new(t->kernel);
    t->seen = g_array_new(FALSE, FALSE, sizeof(Seen));
    t->recorders = g_ptr_array_new_with_free_func(recorder_free);
    net_network_add_observer(t->net, observe, t->seen);
}

/* Runs what is left, so that no datagram is still in flight, then frees everything. */
static void testnet_clear(TestNet *t)
{
    g_assert_cmpint(sim_kernel_run(t->kernel, SIM_TIME_NEVER), ==, SIM_RUN_EMPTY);
    net_network_free(t->net);
    sim_kernel_free(t->kernel);
    g_ptr_array_unref(t->recorders);
    g_array_unref(t->seen);
}

/* Constant delay, nothing else; kept by the network. */
static const NetLinkParams *delay(TestNet *t, SimTime ns)
{
    NetLinkParams *p = g_new(NetLinkParams, 1);
    net_link_params_init(p);
    p->delay = sim_distribution_constant((double) ns);
    return net_network_keep_params(t->net, p);
}

/* A recorder receiving on @port of @node. */
static Recorder *listen_on(TestNet *t, NetNode *node, guint16 port)
{
    Recorder *rec = g_new0(Recorder, 1);
    rec->got = g_array_new(FALSE, FALSE, sizeof(Received));
    sim_entity_init(&rec->parent, &recorder_class, t->kernel, net_node_name(node));
    net_node_set_entity(node, &rec->parent);
    g_assert_true(net_node_bind(node, port));
    g_ptr_array_add(t->recorders, rec);
    return rec;
}

static void send_text(NetNode *from, guint16 src_port, NetEndpoint dst, const char *text)
{
    net_node_send(from, src_port, dst, net_datagram_new(text, strlen(text)));
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
    send_text(s->from, s->src_port, s->dst, s->text);
}

static void expect_seen(const TestNet *t, guint i, SimTime time, NetTraceKind kind,
                        NetDropCause cause, guint64 id, const NetNode *node, const NetLink *link,
                        int direction)
{
    g_assert_cmpuint(i, <, t->seen->len);
    const Seen *s = &g_array_index(t->seen, Seen, i);
    g_assert_cmpint(s->time, ==, time);
    g_assert_cmpstr(net_trace_kind_name(s->kind), ==, net_trace_kind_name(kind));
    g_assert_cmpstr(net_drop_cause_name(s->cause), ==, net_drop_cause_name(cause));
    g_assert_cmpuint(s->id, ==, id);
    g_assert_true(s->node == node);
    g_assert_true(s->link == link);
    g_assert_cmpint(s->direction, ==, direction);
}

static const Received *received(const Recorder *rec, guint i)
{
    g_assert_cmpuint(i, <, rec->got->len);
    return &g_array_index(rec->got, Received, i);
}

/* ---- tests ---- */

static void test_point_to_point(void)
{
    TestNet t;
    testnet_init(&t);
    NetNode *a = node_with(t.net, "a", "10.0.0.1");
    NetNode *b = node_with(t.net, "b", "10.0.0.2");
    NetLink *ab = net_link_new(t.net, "ab", a, b, delay(&t, 3 * SIM_MS), delay(&t, 5 * SIM_MS));
    Recorder *ra = listen_on(&t, a, 5060);
    Recorder *rb = listen_on(&t, b, 5060);
    const SendSpec hello = { a, 5061, endpoint("10.0.0.2", 5060), "hello" };
    const SendSpec reply = { b, 5060, endpoint("10.0.0.1", 5060), "hi" };
    sim_kernel_post(t.kernel, 1 * SIM_MS, send_event, NULL, (gpointer) &hello, 0);
    sim_kernel_post(t.kernel, 2 * SIM_MS, send_event, NULL, (gpointer) &reply, 0);
    sim_kernel_run(t.kernel, SIM_TIME_NEVER);

    g_assert_cmpuint(rb->got->len, ==, 1);
    const Received *r = received(rb, 0);
    g_assert_cmpint(r->time, ==, 4 * SIM_MS);
    g_assert_cmpuint(r->id, ==, 1);
    g_assert_cmpuint(r->src.ip, ==, ip("10.0.0.1"));
    g_assert_cmpuint(r->src.port, ==, 5061);
    g_assert_cmpuint(r->dst.ip, ==, ip("10.0.0.2"));
    g_assert_cmpuint(r->dst.port, ==, 5060);
    g_assert_cmpuint(r->ttl, ==, NET_DEFAULT_TTL);
    g_assert_cmpstr(r->text, ==, "hello");
    g_assert_cmpuint(ra->got->len, ==, 1);
    g_assert_cmpint(received(ra, 0)->time, ==, 7 * SIM_MS);
    g_assert_cmpstr(received(ra, 0)->text, ==, "hi");

    g_assert_cmpuint(t.seen->len, ==, 4);
    expect_seen(&t, 0, 1 * SIM_MS, NET_TRACE_SEND, NET_DROP_NONE, 1, a, NULL, 0);
    expect_seen(&t, 1, 2 * SIM_MS, NET_TRACE_SEND, NET_DROP_NONE, 2, b, NULL, 0);
    expect_seen(&t, 2, 4 * SIM_MS, NET_TRACE_DELIVER, NET_DROP_NONE, 1, b, ab, 0);
    expect_seen(&t, 3, 7 * SIM_MS, NET_TRACE_DELIVER, NET_DROP_NONE, 2, a, ab, 1);
    const NetStats *st = net_network_stats(t.net);
    g_assert_cmpuint(st->sent, ==, 2);
    g_assert_cmpuint(st->delivered, ==, 2);
    g_assert_cmpuint(net_link_stats(ab, 0).sent, ==, 1);
    g_assert_cmpuint(net_link_stats(ab, 1).sent, ==, 1);
    g_assert_cmpstr(net_link_direction_label(ab, 0), ==, "a->b");
    g_assert_cmpstr(net_link_direction_label(ab, 1), ==, "b->a");
    testnet_clear(&t);
}

static void test_two_hop_route(void)
{
    TestNet t;
    testnet_init(&t);
    NetNode *a = node_with(t.net, "a", "10.0.0.1");
    NetNode *r = net_node_new(t.net, "r");
    net_node_add_address(r, ip("10.0.0.254"));
    net_node_add_address(r, ip("10.0.1.254"));
    net_node_set_forwarding(r, TRUE);
    NetNode *b = node_with(t.net, "b", "10.0.1.1");
    net_link_new(t.net, "ar", a, r, delay(&t, 2 * SIM_MS), delay(&t, 2 * SIM_MS));
    NetLink *rb = net_link_new(t.net, "rb", r, b, delay(&t, 3 * SIM_MS), delay(&t, 3 * SIM_MS));
    /* A route must go through a neighbour. */
    g_assert_false(net_node_add_route(a, prefix("10.0.1.0/24"), b));
    g_assert_true(net_node_add_route(a, prefix("10.0.1.0/24"), r));
    Recorder *rec = listen_on(&t, b, 5060);
    send_text(a, 5060, endpoint("10.0.1.1", 5060), "via r");
    sim_kernel_run(t.kernel, SIM_TIME_NEVER);

    g_assert_cmpuint(rec->got->len, ==, 1);
    g_assert_cmpint(received(rec, 0)->time, ==, 5 * SIM_MS);
    g_assert_cmpuint(received(rec, 0)->ttl, ==, NET_DEFAULT_TTL - 1);
    g_assert_cmpuint(t.seen->len, ==, 3);
    expect_seen(&t, 0, 0, NET_TRACE_SEND, NET_DROP_NONE, 1, a, NULL, 0);
    expect_seen(&t, 1, 2 * SIM_MS, NET_TRACE_FORWARD, NET_DROP_NONE, 1, r, NULL, 0);
    expect_seen(&t, 2, 5 * SIM_MS, NET_TRACE_DELIVER, NET_DROP_NONE, 1, b, rb, 0);
    g_assert_cmpuint(net_network_stats(t.net)->forwarded, ==, 1);
    /* The path hop by hop, as a loader follows it. */
    g_assert_true(net_node_next_hop(a, ip("10.0.1.1")) == r);
    g_assert_true(net_node_next_hop(r, ip("10.0.1.1")) == b);
    g_assert_null(net_node_next_hop(b, ip("10.0.1.1")));
    g_assert_null(net_node_next_hop(a, ip("10.9.9.9")));
    testnet_clear(&t);
}

static void test_longest_prefix_wins(void)
{
    TestNet t;
    testnet_init(&t);
    NetNode *a = node_with(t.net, "a", "10.0.0.1");
    NetNode *slow = node_with(t.net, "slow", "10.0.0.2");
    NetNode *fast = node_with(t.net, "fast", "10.0.0.3");
    NetNode *b = node_with(t.net, "b", "10.1.2.3");
    net_node_set_forwarding(slow, TRUE);
    net_node_set_forwarding(fast, TRUE);
    net_link_new(t.net, "a-slow", a, slow, delay(&t, 10 * SIM_MS), delay(&t, 10 * SIM_MS));
    net_link_new(t.net, "a-fast", a, fast, delay(&t, 1 * SIM_MS), delay(&t, 1 * SIM_MS));
    net_link_new(t.net, "slow-b", slow, b, delay(&t, 10 * SIM_MS), delay(&t, 10 * SIM_MS));
    net_link_new(t.net, "fast-b", fast, b, delay(&t, 1 * SIM_MS), delay(&t, 1 * SIM_MS));
    g_assert_true(net_node_add_route(a, prefix("0.0.0.0/0"), slow));
    g_assert_true(net_node_add_route(a, prefix("10.1.2.0/24"), fast));
    g_assert_true(net_node_add_route(a, prefix("10.1.0.0/16"), slow));
    Recorder *rec = listen_on(&t, b, 5060);
    send_text(a, 5060, endpoint("10.1.2.3", 5060), "x");
    sim_kernel_run(t.kernel, SIM_TIME_NEVER);
    g_assert_cmpuint(rec->got->len, ==, 1);
    g_assert_cmpint(received(rec, 0)->time, ==, 2 * SIM_MS);
    expect_seen(&t, 1, 1 * SIM_MS, NET_TRACE_FORWARD, NET_DROP_NONE, 1, fast, NULL, 0);
    testnet_clear(&t);
}

static void test_segment_three_members(void)
{
    TestNet t;
    testnet_init(&t);
    NetSegment *lan = net_segment_new(t.net, "lan");
    NetNode *a = node_with(t.net, "a", "192.168.0.1");
    NetNode *b = node_with(t.net, "b", "192.168.0.2");
    NetNode *c = node_with(t.net, "c", "192.168.0.3");
    /* Up and down delays all different, so each sum names the path that made it. */
    NetLink *att_a =
        net_segment_attach(t.net, "a-lan", a, lan, delay(&t, 1 * SIM_MS), delay(&t, 10 * SIM_MS));
    NetLink *att_b =
        net_segment_attach(t.net, "b-lan", b, lan, delay(&t, 2 * SIM_MS), delay(&t, 20 * SIM_MS));
    NetLink *att_c =
        net_segment_attach(t.net, "c-lan", c, lan, delay(&t, 3 * SIM_MS), delay(&t, 30 * SIM_MS));
    Recorder *ra = listen_on(&t, a, 5060);
    Recorder *rb = listen_on(&t, b, 5060);
    Recorder *rc = listen_on(&t, c, 5060);
    send_text(a, 5060, endpoint("192.168.0.2", 5060), "a to b");
    send_text(a, 5060, endpoint("192.168.0.3", 5060), "a to c");
    send_text(c, 5060, endpoint("192.168.0.2", 5060), "c to b");
    send_text(b, 5060, endpoint("192.168.0.1", 5060), "b to a");
    sim_kernel_run(t.kernel, SIM_TIME_NEVER);

    g_assert_cmpuint(ra->got->len, ==, 1);
    g_assert_cmpint(received(ra, 0)->time, ==, 2 * SIM_MS + 10 * SIM_MS);
    g_assert_cmpuint(rb->got->len, ==, 2);
    g_assert_cmpint(received(rb, 0)->time, ==, 1 * SIM_MS + 20 * SIM_MS);
    g_assert_cmpstr(received(rb, 0)->text, ==, "a to b");
    g_assert_cmpint(received(rb, 1)->time, ==, 3 * SIM_MS + 20 * SIM_MS);
    g_assert_cmpstr(received(rb, 1)->text, ==, "c to b");
    g_assert_cmpuint(rc->got->len, ==, 1);
    g_assert_cmpint(received(rc, 0)->time, ==, 1 * SIM_MS + 30 * SIM_MS);
    /* A segment hop is not a router hop. */
    g_assert_cmpuint(received(rc, 0)->ttl, ==, NET_DEFAULT_TTL);

    /* Four sends, then the deliveries in time order, each on the receiver's attachment,
     * direction 1 (down from the segment). */
    g_assert_cmpuint(t.seen->len, ==, 8);
    expect_seen(&t, 4, 12 * SIM_MS, NET_TRACE_DELIVER, NET_DROP_NONE, 4, a, att_a, 1);
    expect_seen(&t, 5, 21 * SIM_MS, NET_TRACE_DELIVER, NET_DROP_NONE, 1, b, att_b, 1);
    expect_seen(&t, 6, 23 * SIM_MS, NET_TRACE_DELIVER, NET_DROP_NONE, 3, b, att_b, 1);
    expect_seen(&t, 7, 31 * SIM_MS, NET_TRACE_DELIVER, NET_DROP_NONE, 2, c, att_c, 1);
    g_assert_cmpuint(net_link_stats(att_a, 0).sent, ==, 2);
    g_assert_cmpuint(net_link_stats(att_b, 1).sent, ==, 2);
    g_assert_cmpstr(net_link_direction_label(att_b, 1), ==, "lan->b");
    g_assert_true(net_node_next_hop(a, ip("192.168.0.3")) == c);
    testnet_clear(&t);
}

static void test_no_route_drop(void)
{
    TestNet t;
    testnet_init(&t);
    NetNode *a = node_with(t.net, "a", "10.0.0.1");
    NetNode *b = node_with(t.net, "b", "10.0.0.2");
    NetLink *ab = net_link_new(t.net, "ab", a, b, delay(&t, 1 * SIM_MS), delay(&t, 1 * SIM_MS));
    send_text(a, 5060, endpoint("192.168.7.7", 5060), "nowhere");
    sim_kernel_run(t.kernel, SIM_TIME_NEVER);
    g_assert_cmpuint(t.seen->len, ==, 2);
    expect_seen(&t, 1, 0, NET_TRACE_DROP, NET_DROP_NO_ROUTE, 1, a, NULL, 0);
    g_assert_cmpuint(net_network_stats(t.net)->dropped[NET_DROP_NO_ROUTE], ==, 1);
    g_assert_cmpuint(net_link_stats(ab, 0).sent, ==, 0);
    testnet_clear(&t);
}

static void test_port_unreachable(void)
{
    TestNet t;
    testnet_init(&t);
    NetNode *a = node_with(t.net, "a", "10.0.0.1");
    NetNode *b = node_with(t.net, "b", "10.0.0.2");
    NetNode *c = node_with(t.net, "c", "10.0.0.3");
    NetLink *ab = net_link_new(t.net, "ab", a, b, delay(&t, 3 * SIM_MS), delay(&t, 3 * SIM_MS));
    NetLink *ac = net_link_new(t.net, "ac", a, c, delay(&t, 4 * SIM_MS), delay(&t, 4 * SIM_MS));
    Recorder *rb = listen_on(&t, b, 5060);
    g_assert_false(net_node_bind(b, 5060));
    /* c has a port open but no entity to receive. */
    g_assert_true(net_node_bind(c, 5060));
    send_text(a, 5060, endpoint("10.0.0.2", 5070), "closed");
    send_text(a, 5060, endpoint("10.0.0.3", 5060), "nobody");
    sim_kernel_run(t.kernel, SIM_TIME_NEVER);
    g_assert_cmpuint(rb->got->len, ==, 0);
    g_assert_cmpuint(t.seen->len, ==, 4);
    expect_seen(&t, 2, 3 * SIM_MS, NET_TRACE_DROP, NET_DROP_PORT_UNREACHABLE, 1, b, ab, 0);
    expect_seen(&t, 3, 4 * SIM_MS, NET_TRACE_DROP, NET_DROP_PORT_UNREACHABLE, 2, c, ac, 0);
    g_assert_cmpuint(net_network_stats(t.net)->dropped[NET_DROP_PORT_UNREACHABLE], ==, 2);
    testnet_clear(&t);
}

static void test_forwarding_loop_ttl_expired(void)
{
    TestNet t;
    testnet_init(&t);
    NetNode *a = node_with(t.net, "a", "10.0.0.1");
    NetNode *r1 = node_with(t.net, "r1", "10.0.0.254");
    NetNode *r2 = node_with(t.net, "r2", "10.0.9.254");
    net_node_set_forwarding(r1, TRUE);
    net_node_set_forwarding(r2, TRUE);
    net_link_new(t.net, "a-r1", a, r1, delay(&t, 1 * SIM_MS), delay(&t, 1 * SIM_MS));
    NetLink *r1r2 =
        net_link_new(t.net, "r1-r2", r1, r2, delay(&t, 2 * SIM_MS), delay(&t, 2 * SIM_MS));
    NetPrefix lost = prefix("10.9.0.0/16");
    g_assert_true(net_node_add_route(a, lost, r1));
    g_assert_true(net_node_add_route(r1, lost, r2));
    g_assert_true(net_node_add_route(r2, lost, r1));
    send_text(a, 5060, endpoint("10.9.0.1", 5060), "round and round");
    sim_kernel_run(t.kernel, SIM_TIME_NEVER);

    /* Visit k of a router is at 1 + 2 (k - 1) ms, to r1 when k is odd. Each visit takes one
     * from the TTL: visits 1 to 63 forward, visit 64 (at r2) finds it at zero. */
    g_assert_cmpuint(t.seen->len, ==, 1 + 63 + 1);
    for (guint k = 1; k <= 63; k++)
        expect_seen(&t, k, (1 + 2 * (SimTime) (k - 1)) * SIM_MS, NET_TRACE_FORWARD, NET_DROP_NONE,
                    1, k % 2 ? r1 : r2, NULL, 0);
    expect_seen(&t, 64, 127 * SIM_MS, NET_TRACE_DROP, NET_DROP_TTL_EXPIRED, 1, r2, r1r2, 0);
    g_assert_cmpuint(net_network_stats(t.net)->forwarded, ==, 63);
    testnet_clear(&t);
}

static void test_host_does_not_forward(void)
{
    TestNet t;
    testnet_init(&t);
    NetNode *a = node_with(t.net, "a", "10.0.0.1");
    NetNode *h = node_with(t.net, "h", "10.0.0.2");
    NetNode *b = node_with(t.net, "b", "10.0.1.1");
    NetLink *ah = net_link_new(t.net, "ah", a, h, delay(&t, 2 * SIM_MS), delay(&t, 2 * SIM_MS));
    net_link_new(t.net, "hb", h, b, delay(&t, 3 * SIM_MS), delay(&t, 3 * SIM_MS));
    g_assert_true(net_node_add_route(a, prefix("10.0.1.0/24"), h));
    Recorder *rb = listen_on(&t, b, 5060);
    send_text(a, 5060, endpoint("10.0.1.1", 5060), "not for h");
    sim_kernel_run(t.kernel, SIM_TIME_NEVER);
    g_assert_cmpuint(rb->got->len, ==, 0);
    g_assert_cmpuint(t.seen->len, ==, 2);
    expect_seen(&t, 1, 2 * SIM_MS, NET_TRACE_DROP, NET_DROP_NO_ROUTE, 1, h, ah, 0);

    /* The same path with forwarding on: delivered. */
    net_node_set_forwarding(h, TRUE);
    send_text(a, 5060, endpoint("10.0.1.1", 5060), "through h");
    sim_kernel_run(t.kernel, SIM_TIME_NEVER);
    g_assert_cmpuint(rb->got->len, ==, 1);
    /* Sent at 2 ms, where the first run left the clock. */
    g_assert_cmpint(received(rb, 0)->time, ==, 2 * SIM_MS + 2 * SIM_MS + 3 * SIM_MS);
    testnet_clear(&t);
}

static void test_datagram_ids(void)
{
    TestNet t;
    testnet_init(&t);
    NetNode *a = node_with(t.net, "a", "10.0.0.1");
    NetNode *b = node_with(t.net, "b", "10.0.0.2");
    net_link_new(t.net, "ab", a, b, delay(&t, 1 * SIM_MS), delay(&t, 1 * SIM_MS));
    Recorder *ra = listen_on(&t, a, 5060);
    Recorder *rb = listen_on(&t, b, 5060);
    /* Delivered, dropped unrouted, looped back, refused at a port, and from the other side:
     * every send takes the next id, whatever becomes of it. */
    send_text(a, 5060, endpoint("10.0.0.2", 5060), "1");
    send_text(a, 5060, endpoint("172.16.0.1", 5060), "2");
    send_text(a, 5060, endpoint("10.0.0.1", 5060), "3");
    send_text(a, 5060, endpoint("10.0.0.2", 9), "4");
    send_text(b, 5060, endpoint("10.0.0.1", 5060), "5");
    sim_kernel_run(t.kernel, SIM_TIME_NEVER);

    guint64 last = 0;
    guint sends = 0;
    for (guint i = 0; i < t.seen->len; i++) {
        const Seen *s = &g_array_index(t.seen, Seen, i);
        if (s->kind != NET_TRACE_SEND)
            continue;
        g_assert_cmpuint(s->id, >, last);
        last = s->id;
        sends++;
    }
    g_assert_cmpuint(sends, ==, 5);
    g_assert_cmpuint(last, ==, 5);
    /* The loopback arrives at once, through no link. */
    g_assert_cmpuint(ra->got->len, ==, 2);
    g_assert_cmpint(received(ra, 0)->time, ==, 0);
    g_assert_cmpuint(received(ra, 0)->id, ==, 3);
    g_assert_cmpuint(received(ra, 1)->id, ==, 5);
    g_assert_cmpuint(rb->got->len, ==, 1);
    g_assert_cmpuint(received(rb, 0)->id, ==, 1);
    testnet_clear(&t);
}

/* Dotted quads of one, two and three digits, and the round trip through net_ip_parse(). */
static void test_address_format(void)
{
    static const char *const quads[] = { "0.0.0.0", "255.255.255.255", "10.0.1.2", "192.168.100.9",
                                         "1.23.45.200" };
    for (gsize i = 0; i < G_N_ELEMENTS(quads); i++) {
        NetIp ip;
        char text[NET_IP_BUF];
        g_assert_true(net_ip_parse(quads[i], &ip));
        g_assert_cmpstr(net_ip_format(ip, text), ==, quads[i]);
    }
    char text[NET_ENDPOINT_BUF];
    g_assert_cmpstr(net_endpoint_format((NetEndpoint){ 0x0A000102, 5060 }, text), ==,
                    "10.0.1.2:5060");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/net/address/format", test_address_format);
    g_test_add_func("/net/network/point-to-point", test_point_to_point);
    g_test_add_func("/net/network/two-hop-route", test_two_hop_route);
    g_test_add_func("/net/network/longest-prefix-wins", test_longest_prefix_wins);
    g_test_add_func("/net/network/segment-three-members", test_segment_three_members);
    g_test_add_func("/net/network/no-route-drop", test_no_route_drop);
    g_test_add_func("/net/network/port-unreachable", test_port_unreachable);
    g_test_add_func("/net/network/forwarding-loop-ttl-expired", test_forwarding_loop_ttl_expired);
    g_test_add_func("/net/network/host-does-not-forward", test_host_does_not_forward);
    g_test_add_func("/net/network/datagram-ids", test_datagram_ids);
    return g_test_run();
}
