/* SPDX-License-Identifier: MIT */
/*
 * The STUN Binding client and server on a small virtual network: a client node 10.0.0.1 and a
 * server node 10.0.0.2 joined by one link of constant delay, so every time is exact. The
 * client's owner is a test entity with a client on each of two ports (SIP's and RTP's, as a
 * phone will have) that hands each datagram to its clients first.
 */
#include <string.h>

#include "stun-client.h"
#include "stun-server.h"

#define CLIENT_IP 0x0a000001 /* 10.0.0.1 */
#define SERVER_IP 0x0a000002 /* 10.0.0.2 */
#define SIP_PORT  5060
#define RTP_PORT  40000
#define DELAY     (10 * SIM_MS)

static const NetEndpoint server_ep = { SERVER_IP, STUN_DEFAULT_PORT };

/* ---- The owner ---- */

typedef struct Owner Owner;

typedef struct {
    Owner *owner;
    StunClient *client;
    guint n_done;
    StunClientResult result; /* the latest; reason copied */
    char *reason;
    SimTime done_at;
} Slot;

struct Owner {
    SimEntity entity;
    NetNode *node;
    Slot slots[2]; /* on SIP_PORT, RTP_PORT */
    gboolean free_on_done;
    guint others; /* datagrams no client took */
};

static void owner_receive(SimEntity *self, const NetDatagram *dg)
{
    Owner *o = (Owner *) self;
    for (guint i = 0; i < G_N_ELEMENTS(o->slots); i++)
        if (o->slots[i].client && stun_client_receive(o->slots[i].client, dg))
            return;
    o->others++;
}

static void owner_free(SimEntity *self)
{
    Owner *o = (Owner *) self;
    for (guint i = 0; i < G_N_ELEMENTS(o->slots); i++) {
        stun_client_free(o->slots[i].client);
        g_free(o->slots[i].reason);
    }
    sim_entity_clear(self);
    g_free(o);
}

static const SimEntityClass owner_class = {
    .kind = "test-owner",
    .receive = owner_receive,
    .free = owner_free,
};

static void slot_done(gpointer user, const StunClientResult *r)
{
    Slot *s = user;
    s->n_done++;
    s->result = *r;
    g_free(s->reason);
    s->reason = g_strdup(r->reason);
    s->result.reason = NULL;
    s->done_at = sim_entity_now(&s->owner->entity);
    if (s->owner->free_on_done)
        g_clear_pointer(&s->client, stun_client_free);
}

static void slot_start(Owner *o, guint i, const StunClientConfig *config)
{
    Slot *s = &o->slots[i];
    s->owner = o;
    stun_client_free(s->client);
    s->client = stun_client_start(&o->entity, o->node, i == 0 ? SIP_PORT : RTP_PORT, server_ep,
                                  config, slot_done, s);
}

/* ---- The network ---- */

typedef struct {
    SimTime time;
    NetTraceKind kind;
    NetDropCause cause;
    GBytes *bytes;
} Seen;

typedef struct {
    SimKernel *kernel;
    NetNetwork *net;
    NetNode *c, *s;
    Owner *owner;
    SimEntity *server;
    GArray *seen; /* Seen: the client node's sends, and every drop */
} Fixture;

static void seen_clear(gpointer p)
{
    g_bytes_unref(((Seen *) p)->bytes);
}

static void observe(const NetTrace *t, gpointer user)
{
    Fixture *f = user;
    if (!(t->kind == NET_TRACE_SEND && t->node == f->c) && t->kind != NET_TRACE_DROP)
        return;
    Seen s = { t->time, t->kind, t->cause, g_bytes_new(t->dg->data, t->dg->len) };
    g_array_append_val(f->seen, s);
}

static const NetLinkParams *link_params(Fixture *f, SimTime delay, SimTime down_from,
                                        SimTime down_to)
{
    NetLinkParams *p = g_new(NetLinkParams, 1);
    net_link_params_init(p);
    p->delay = sim_distribution_constant((double) delay);
    if (down_to > down_from) {
        p->outages = g_new(NetOutage, 1);
        p->outages[0] = (NetOutage){ down_from, down_to };
        p->n_outages = 1;
    }
    return net_network_keep_params(f->net, p);
}

/* Client -> server down over [down_from, down_to) when down_to > down_from. */
static void fixture_init(Fixture *f, guint64 seed, SimTime delay, SimTime down_from,
                         SimTime down_to)
{
    memset(f, 0, sizeof *f);
    f->kernel = sim_kernel_new(seed, 0);
    f->net = net_network_new(f->kernel);
    f->seen = g_array_new(FALSE, FALSE, sizeof(Seen));
    g_array_set_clear_func(f->seen, seen_clear);
    net_network_add_observer(f->net, observe, f);
    f->c = net_node_new(f->net, "c");
    net_node_add_address(f->c, CLIENT_IP);
    f->s = net_node_new(f->net, "s");
    net_node_add_address(f->s, SERVER_IP);
    net_link_new(f->net, "cs", f->c, f->s, link_params(f, delay, down_from, down_to),
                 link_params(f, delay, 0, 0));
    f->owner = g_new0(Owner, 1);
    sim_entity_init(&f->owner->entity, &owner_class, f->kernel, "c");
    f->owner->node = f->c;
    net_node_set_entity(f->c, &f->owner->entity);
    g_assert_true(net_node_bind(f->c, SIP_PORT));
    g_assert_true(net_node_bind(f->c, RTP_PORT));
}

static void fixture_init_with_server(Fixture *f, guint64 seed, SimTime delay, SimTime down_from,
                                     SimTime down_to)
{
    fixture_init(f, seed, delay, down_from, down_to);
    f->server = stun_server_new(f->kernel, f->s, "s", STUN_DEFAULT_PORT);
}

/* Runs what is left, then frees everything. */
static void fixture_clear(Fixture *f)
{
    g_assert_cmpint(sim_kernel_run(f->kernel, SIM_TIME_NEVER), ==, SIM_RUN_EMPTY);
    f->owner->entity.klass->free(&f->owner->entity);
    if (f->server)
        f->server->klass->free(f->server);
    net_network_free(f->net);
    sim_kernel_free(f->kernel);
    g_array_unref(f->seen);
}

static const Seen *seen_at(const Fixture *f, guint i)
{
    g_assert_cmpuint(i, <, f->seen->len);
    return &g_array_index(f->seen, Seen, i);
}

static const StunServerStats *server_stats(const Fixture *f)
{
    return stun_server_stats(stun_server_from_entity(f->server));
}

/* ---- The client against the server ---- */

/* One request, one response: the result at exactly two link delays, with the address the
 * server saw; the client is freed from its own callback. */
static void test_success(void)
{
    Fixture f;
    fixture_init_with_server(&f, 1, DELAY, 0, 0);
    f.owner->free_on_done = TRUE;
    slot_start(f.owner, 0, NULL);
    sim_kernel_run(f.kernel, SIM_TIME_NEVER);
    const Slot *s = &f.owner->slots[0];
    g_assert_null(s->client);
    g_assert_cmpuint(s->n_done, ==, 1);
    g_assert_cmpint(s->done_at, ==, 20000000);
    g_assert_cmpint(s->result.outcome, ==, STUN_CLIENT_SUCCESS);
    g_assert_cmphex(s->result.mapped.ip, ==, CLIENT_IP);
    g_assert_cmpuint(s->result.mapped.port, ==, SIP_PORT);
    g_assert_true(s->result.xor_mapped);
    g_assert_cmpuint(s->result.requests, ==, 1);
    g_assert_null(s->reason);
    /* The request: header, SOFTWARE "sipsim" (6 bytes and 2 of padding), FINGERPRINT. */
    g_assert_cmpuint(f.seen->len, ==, 1);
    g_autoptr(StunMessage) req = stun_message_parse(g_bytes_get_data(seen_at(&f, 0)->bytes, NULL),
                                                    g_bytes_get_size(seen_at(&f, 0)->bytes), NULL);
    g_assert_nonnull(req);
    g_assert_cmpuint(req->len, ==, 40);
    g_assert_cmpuint(req->header.type, ==, 0x0001);
    g_assert_cmpuint(req->attrs->len, ==, 2);
    g_assert_cmpmem(req->software.s, req->software.len, "sipsim", 6);
    g_assert_cmpint(req->fingerprint, ==, 1);
    g_assert_cmpuint(server_stats(&f)->requests, ==, 1);
    g_assert_cmpuint(server_stats(&f)->responses, ==, 1);
    g_assert_cmpuint(server_stats(&f)->errors, ==, 0);
    fixture_clear(&f);
}

/* A client on the SIP port and one on the RTP port of the same owner, each told its own port;
 * a SIP datagram on the shared port is left to the owner. */
static void test_two_ports_and_sip(void)
{
    Fixture f;
    fixture_init_with_server(&f, 1, DELAY, 0, 0);
    slot_start(f.owner, 0, NULL);
    slot_start(f.owner, 1, NULL);
    static const char sip[] = "OPTIONS sip:c@10.0.0.1 SIP/2.0\r\n\r\n";
    net_node_send(f.s, 5060, (NetEndpoint){ CLIENT_IP, SIP_PORT },
                  net_datagram_new(sip, sizeof sip - 1));
    sim_kernel_run(f.kernel, SIM_TIME_NEVER);
    for (guint i = 0; i < 2; i++) {
        const Slot *s = &f.owner->slots[i];
        g_assert_cmpuint(s->n_done, ==, 1);
        g_assert_cmpint(s->done_at, ==, 2 * DELAY);
        g_assert_cmpint(s->result.outcome, ==, STUN_CLIENT_SUCCESS);
        g_assert_cmpuint(s->result.mapped.port, ==, i == 0 ? SIP_PORT : RTP_PORT);
    }
    g_assert_cmpint(memcmp(stun_client_transaction_id(f.owner->slots[0].client),
                           stun_client_transaction_id(f.owner->slots[1].client), STUN_TID_SIZE),
                    !=, 0);
    g_assert_cmpuint(f.owner->others, ==, 1);
    g_assert_cmpuint(server_stats(&f)->responses, ==, 2);
    fixture_clear(&f);
}

/* RFC 5389 §7.2.1 with the server unreachable: 7 requests at 0, 0.5, 1.5, 3.5, 7.5, 15.5 and
 * 31.5 s, the same bytes each time, and the timeout at 39.5 s. */
static void test_timeout_schedule(void)
{
    Fixture f;
    fixture_init_with_server(&f, 1, DELAY, 0, SIM_TIME_NEVER);
    slot_start(f.owner, 0, NULL);
    sim_kernel_run(f.kernel, SIM_TIME_NEVER);
    static const SimTime sends[] = { 0, 500, 1500, 3500, 7500, 15500, 31500 };
    g_assert_cmpuint(f.seen->len, ==, 2 * G_N_ELEMENTS(sends));
    for (guint i = 0; i < G_N_ELEMENTS(sends); i++) {
        const Seen *send = seen_at(&f, 2 * i), *drop = seen_at(&f, 2 * i + 1);
        g_assert_cmpint(send->kind, ==, NET_TRACE_SEND);
        g_assert_cmpint(send->time, ==, sends[i] * SIM_MS);
        g_assert_cmpint(drop->kind, ==, NET_TRACE_DROP);
        g_assert_cmpint(drop->cause, ==, NET_DROP_LINK_DOWN);
        g_assert_true(g_bytes_equal(send->bytes, seen_at(&f, 0)->bytes));
    }
    const Slot *s = &f.owner->slots[0];
    g_assert_cmpuint(s->n_done, ==, 1);
    g_assert_cmpint(s->result.outcome, ==, STUN_CLIENT_TIMEOUT);
    g_assert_cmpint(s->done_at, ==, 39500 * SIM_MS);
    g_assert_cmpuint(s->result.requests, ==, 7);
    g_assert_cmpuint(server_stats(&f)->requests, ==, 0);
    fixture_clear(&f);
}

/* The same schedule with other parameters: RTO 100 ms, Rc = 3, Rm = 2. */
static void test_timeout_configured(void)
{
    Fixture f;
    fixture_init_with_server(&f, 1, DELAY, 0, SIM_TIME_NEVER);
    const StunClientConfig config = { .rto = 100 * SIM_MS, .rc = 3, .rm = 2, .software = NULL };
    slot_start(f.owner, 0, &config);
    sim_kernel_run(f.kernel, SIM_TIME_NEVER);
    g_assert_cmpuint(f.seen->len, ==, 6);
    g_assert_cmpint(seen_at(&f, 2)->time, ==, 100 * SIM_MS);
    g_assert_cmpint(seen_at(&f, 4)->time, ==, 300 * SIM_MS);
    g_assert_cmpuint(g_bytes_get_size(seen_at(&f, 0)->bytes), ==, 28); /* no SOFTWARE */
    g_assert_cmpint(f.owner->slots[0].done_at, ==, 500 * SIM_MS);
    g_assert_cmpuint(f.owner->slots[0].result.requests, ==, 3);
    fixture_clear(&f);
}

/* The link is down for the first two requests (0 and 0.5 s); the third (1.5 s) gets through. */
static void test_first_two_lost(void)
{
    Fixture f;
    fixture_init_with_server(&f, 1, DELAY, 0, 1 * SIM_S);
    slot_start(f.owner, 0, NULL);
    sim_kernel_run(f.kernel, SIM_TIME_NEVER);
    const Slot *s = &f.owner->slots[0];
    g_assert_cmpuint(s->n_done, ==, 1);
    g_assert_cmpint(s->result.outcome, ==, STUN_CLIENT_SUCCESS);
    g_assert_cmpint(s->done_at, ==, 1500 * SIM_MS + 2 * DELAY);
    g_assert_cmpuint(s->result.requests, ==, 3);
    g_assert_cmpuint(server_stats(&f)->requests, ==, 1);
    fixture_clear(&f);
}

static void restart_event(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg)
{
    slot_start(obj, 0, NULL);
}

/*
 * 300 ms each way, so a response comes 600 ms after its request. Transaction A starts at 0 and
 * is replaced at 100 ms by B on the same port (A is freed with its retransmission pending).
 * A's response (600 ms) is not B's; B completes on its first response (700 ms), and the
 * response to its retransmission (sent at 600 ms, back at 1.2 s) is taken and dropped.
 */
static void test_late_response_ignored(void)
{
    Fixture f;
    fixture_init_with_server(&f, 1, 300 * SIM_MS, 0, 0);
    slot_start(f.owner, 0, NULL);
    sim_kernel_post(f.kernel, 100 * SIM_MS, restart_event, f.owner, NULL, 0);
    sim_kernel_run(f.kernel, SIM_TIME_NEVER);
    const Slot *s = &f.owner->slots[0];
    g_assert_cmpuint(s->n_done, ==, 1);
    g_assert_cmpint(s->result.outcome, ==, STUN_CLIENT_SUCCESS);
    g_assert_cmpint(s->done_at, ==, 700 * SIM_MS);
    g_assert_cmpuint(s->result.requests, ==, 2);
    g_assert_cmpuint(f.owner->others, ==, 1); /* A's response */
    g_assert_cmpuint(server_stats(&f)->responses, ==, 3);
    fixture_clear(&f);
}

/* A client freed before any answer leaves no event behind that could touch it. */
static void test_free_while_pending(void)
{
    Fixture f;
    fixture_init_with_server(&f, 1, DELAY, 0, 0);
    slot_start(f.owner, 0, NULL);
    g_clear_pointer(&f.owner->slots[0].client, stun_client_free);
    g_assert_cmpuint(sim_kernel_pending(f.kernel), ==, 1); /* the request in flight */
    sim_kernel_run(f.kernel, SIM_TIME_NEVER);
    g_assert_cmpuint(f.owner->slots[0].n_done, ==, 0);
    g_assert_cmpuint(f.owner->others, ==, 1);
    fixture_clear(&f);
}

/* The transaction id comes from the owner's stream: same seed, same bytes. */
static GBytes *first_request(guint64 seed)
{
    Fixture f;
    fixture_init_with_server(&f, seed, DELAY, 0, 0);
    slot_start(f.owner, 0, NULL);
    sim_kernel_run(f.kernel, SIM_TIME_NEVER);
    GBytes *b = g_bytes_ref(seen_at(&f, 0)->bytes);
    fixture_clear(&f);
    return b;
}

static void test_seeded_transaction_id(void)
{
    g_autoptr(GBytes) a = first_request(7), b = first_request(7), c = first_request(8);
    g_assert_true(g_bytes_equal(a, b));
    g_assert_false(g_bytes_equal(a, c));
}

/* ---- The server's answers ---- */

/* Sends @len bytes from the client node's RTP port to the server. */
static void send_raw(Fixture *f, const void *bytes, gsize len)
{
    net_node_send(f->c, RTP_PORT, server_ep, net_datagram_new(bytes, len));
}

typedef struct {
    SimEntity entity;
    GPtrArray *got; /* GBytes */
} Recorder;

static void recorder_receive(SimEntity *self, const NetDatagram *dg)
{
    g_ptr_array_add(((Recorder *) self)->got, g_bytes_new(dg->data, dg->len));
}

static const SimEntityClass recorder_class = { .kind = "recorder", .receive = recorder_receive };

static const guint8 tid[STUN_TID_SIZE] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

/* What the server answers: 420 listing the unknown comprehension-required attributes (ICE's
 * PRIORITY included), each once; 400 for a malformed request and for another method; nothing
 * for what is not a request. */
static void test_server_answers(void)
{
    Fixture f;
    fixture_init_with_server(&f, 1, DELAY, 0, 0);
    Recorder *rec = g_new0(Recorder, 1);
    rec->got = g_ptr_array_new_with_free_func((GDestroyNotify) g_bytes_unref);
    sim_entity_init(&rec->entity, &recorder_class, f.kernel, "c");
    net_node_set_entity(f.c, &rec->entity);

    g_autoptr(GByteArray) b = g_byte_array_new();
    StunWriter w;
    stun_writer_init(&w, b, STUN_METHOD_BINDING, STUN_CLASS_REQUEST, tid);
    stun_writer_add(&w, 0x7777, "x", 1);
    stun_writer_add_u32(&w, STUN_ATTR_PRIORITY, 1);
    stun_writer_add(&w, 0x7777, "y", 1);
    stun_writer_add(&w, 0x8fff, "optional", 8);
    stun_writer_add_fingerprint(&w);
    send_raw(&f, b->data, b->len);
    stun_writer_init(&w, b, STUN_METHOD_BINDING, STUN_CLASS_REQUEST, tid);
    stun_writer_add(&w, STUN_ATTR_XOR_MAPPED_ADDRESS, "\0\7\0\0\0\0\0\0", 8);
    send_raw(&f, b->data, b->len);
    stun_writer_init(&w, b, 0x002, STUN_CLASS_REQUEST, tid);
    send_raw(&f, b->data, b->len);
    /* Not answered: an indication, a response, SIP text, a wrong FINGERPRINT. */
    stun_writer_init(&w, b, STUN_METHOD_BINDING, STUN_CLASS_INDICATION, tid);
    send_raw(&f, b->data, b->len);
    stun_writer_init(&w, b, STUN_METHOD_BINDING, STUN_CLASS_SUCCESS, tid);
    send_raw(&f, b->data, b->len);
    send_raw(&f, "OPTIONS sip:s SIP/2.0\r\n\r\n", 25);
    stun_writer_init(&w, b, STUN_METHOD_BINDING, STUN_CLASS_REQUEST, tid);
    stun_writer_add_fingerprint(&w);
    b->data[b->len - 1] ^= 1;
    send_raw(&f, b->data, b->len);
    sim_kernel_run(f.kernel, SIM_TIME_NEVER);

    g_assert_cmpuint(rec->got->len, ==, 3);
    static const guint codes[] = { 420, 400, 400 };
    static const guint16 methods[] = { STUN_METHOD_BINDING, STUN_METHOD_BINDING, 0x002 };
    for (guint i = 0; i < 3; i++) {
        GBytes *got = rec->got->pdata[i];
        g_autoptr(StunMessage) m =
            stun_message_parse(g_bytes_get_data(got, NULL), g_bytes_get_size(got), NULL);
        g_assert_nonnull(m);
        g_assert_cmpint(m->header.klass, ==, STUN_CLASS_ERROR);
        g_assert_cmpuint(m->header.method, ==, methods[i]);
        g_assert_cmpmem(m->header.tid, STUN_TID_SIZE, tid, STUN_TID_SIZE);
        g_assert_cmpuint(m->error_code, ==, codes[i]);
        g_assert_cmpmem(m->software.s, m->software.len, "sipsim", 6);
        g_assert_cmpint(m->fingerprint, ==, (gint) m->attrs->len - 1);
        g_assert_cmpint(m->has_unknown_attributes, ==, i == 0);
        if (i == 0) {
            g_assert_cmpmem(m->error_reason.s, m->error_reason.len, "Unknown Attribute", 17);
            g_assert_cmpuint(m->unknown_attributes->len, ==, 2);
            g_assert_cmphex(g_array_index(m->unknown_attributes, guint16, 0), ==, 0x7777);
            g_assert_cmphex(g_array_index(m->unknown_attributes, guint16, 1), ==, 0x0024);
        } else {
            g_assert_cmpmem(m->error_reason.s, m->error_reason.len, "Bad Request", 11);
        }
    }
    const StunServerStats *st = server_stats(&f);
    g_assert_cmpuint(st->requests, ==, 3);
    g_assert_cmpuint(st->responses, ==, 0);
    g_assert_cmpuint(st->errors, ==, 3);
    g_assert_cmpuint(st->ignored, ==, 4);
    g_assert_null(stun_server_from_entity(&rec->entity));

    fixture_clear(&f);
    sim_entity_clear(&rec->entity);
    g_ptr_array_unref(rec->got);
    g_free(rec);
}

/* ---- The client's reading of responses (§7.3.3, §7.3.4), from a scripted responder ---- */

typedef struct {
    const char *name;
    StunClass klass;
    guint16 attrs[3]; /* added in order, 0 after the last */
    StunClientOutcome outcome;
    gboolean xor_mapped;
    guint error_code;
    const char *reason;
} ResponseCase;

/* Not an attribute: in a script, XOR-MAPPED-ADDRESS with an IPv6 address. */
#define XOR_MAPPED_IPV6 0xfffe

static const ResponseCase response_cases[] = {
    { .name = "error-401",
      .klass = STUN_CLASS_ERROR,
      .attrs = { STUN_ATTR_ERROR_CODE },
      .outcome = STUN_CLIENT_ERROR,
      .error_code = 401,
      .reason = "Unauthorized" },
    { .name = "mapped-address-only",
      .klass = STUN_CLASS_SUCCESS,
      .attrs = { STUN_ATTR_MAPPED_ADDRESS },
      .outcome = STUN_CLIENT_SUCCESS },
    { .name = "xor-preferred",
      .klass = STUN_CLASS_SUCCESS,
      .attrs = { STUN_ATTR_MAPPED_ADDRESS, STUN_ATTR_XOR_MAPPED_ADDRESS },
      .outcome = STUN_CLIENT_SUCCESS,
      .xor_mapped = TRUE },
    { .name = "no-address",
      .klass = STUN_CLASS_SUCCESS,
      .attrs = { STUN_ATTR_SOFTWARE },
      .outcome = STUN_CLIENT_BAD_RESPONSE,
      .reason = "a success response without a mapped address" },
    { .name = "ipv6-address",
      .klass = STUN_CLASS_SUCCESS,
      .attrs = { XOR_MAPPED_IPV6 },
      .outcome = STUN_CLIENT_BAD_RESPONSE,
      .reason = "an IPv6 mapped address on an IPv4 network" },
    { .name = "unknown-required",
      .klass = STUN_CLASS_SUCCESS,
      .attrs = { STUN_ATTR_XOR_MAPPED_ADDRESS, 0x7777 },
      .outcome = STUN_CLIENT_BAD_RESPONSE,
      .reason = "unknown comprehension-required attribute 0x7777" },
    { .name = "error-without-code",
      .klass = STUN_CLASS_ERROR,
      .attrs = { STUN_ATTR_SOFTWARE },
      .outcome = STUN_CLIENT_BAD_RESPONSE,
      .reason = "an error response without ERROR-CODE" },
    /* PRIORITY of 1 byte: malformed, dropped each time (§7.3), so the transaction times out. */
    { .name = "malformed-dropped",
      .klass = STUN_CLASS_SUCCESS,
      .attrs = { STUN_ATTR_XOR_MAPPED_ADDRESS, STUN_ATTR_PRIORITY },
      .outcome = STUN_CLIENT_TIMEOUT },
};

typedef struct {
    SimEntity entity;
    NetNode *node;
    const ResponseCase *script;
} Responder;

/* Answers each request as the script says; other types get one byte of value. */
static void responder_receive(SimEntity *self, const NetDatagram *dg)
{
    Responder *r = (Responder *) self;
    StunHeader h;
    g_assert_true(stun_header_parse(dg->data, dg->len, &h, NULL));
    g_autoptr(GByteArray) b = g_byte_array_new();
    StunWriter w;
    stun_writer_init(&w, b, h.method, r->script->klass, h.tid);
    StunAddress seen = stun_address_from_endpoint(dg->src);
    StunAddress v6 = { .family = STUN_FAMILY_IPV6, .port = 1 };
    for (guint i = 0; i < G_N_ELEMENTS(r->script->attrs) && r->script->attrs[i]; i++) {
        switch (r->script->attrs[i]) {
        case STUN_ATTR_ERROR_CODE:
            stun_writer_add_error_code(&w, 401, "Unauthorized");
            break;
        case STUN_ATTR_MAPPED_ADDRESS:
            seen.port++; /* tells it from XOR-MAPPED-ADDRESS */
            stun_writer_add_address(&w, STUN_ATTR_MAPPED_ADDRESS, &seen);
            seen.port--;
            break;
        case STUN_ATTR_XOR_MAPPED_ADDRESS:
            stun_writer_add_xor_address(&w, STUN_ATTR_XOR_MAPPED_ADDRESS, &seen);
            break;
        case XOR_MAPPED_IPV6:
            stun_writer_add_xor_address(&w, STUN_ATTR_XOR_MAPPED_ADDRESS, &v6);
            break;
        case STUN_ATTR_SOFTWARE:
            stun_writer_add_text(&w, STUN_ATTR_SOFTWARE, "script");
            break;
        default:
            stun_writer_add(&w, r->script->attrs[i], "?", 1);
        }
    }
    net_node_send(r->node, dg->dst.port, dg->src, net_datagram_new(b->data, b->len));
}

static void responder_free(SimEntity *self)
{
    sim_entity_clear(self);
    g_free(self);
}

static const SimEntityClass responder_class = {
    .kind = "responder",
    .receive = responder_receive,
    .free = responder_free,
};

static void test_response_case(gconstpointer data)
{
    const ResponseCase *rc = data;
    Fixture f;
    fixture_init(&f, 1, DELAY, 0, 0);
    Responder *r = g_new0(Responder, 1);
    sim_entity_init(&r->entity, &responder_class, f.kernel, "s");
    r->node = f.s;
    r->script = rc;
    net_node_bind(f.s, STUN_DEFAULT_PORT);
    net_node_set_entity(f.s, &r->entity);
    f.server = &r->entity;
    slot_start(f.owner, 0, NULL);
    sim_kernel_run(f.kernel, SIM_TIME_NEVER);
    const Slot *s = &f.owner->slots[0];
    gboolean timeout = rc->outcome == STUN_CLIENT_TIMEOUT;
    g_assert_cmpuint(s->n_done, ==, 1);
    g_assert_cmpint(s->done_at, ==, timeout ? 39500 * SIM_MS : 2 * DELAY);
    g_assert_cmpuint(s->result.requests, ==, timeout ? 7 : 1);
    g_assert_cmpuint(f.owner->others, ==, 0);
    g_assert_cmpint(s->result.outcome, ==, rc->outcome);
    g_assert_cmpuint(s->result.error_code, ==, rc->error_code);
    g_assert_cmpstr(s->reason, ==, rc->reason);
    if (rc->outcome == STUN_CLIENT_SUCCESS) {
        g_assert_cmpint(s->result.xor_mapped, ==, rc->xor_mapped);
        g_assert_cmpuint(s->result.mapped.port, ==, rc->xor_mapped ? SIP_PORT : SIP_PORT + 1);
    }
    fixture_clear(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/stun/client/success", test_success);
    g_test_add_func("/stun/client/two-ports-and-sip", test_two_ports_and_sip);
    g_test_add_func("/stun/client/timeout-schedule", test_timeout_schedule);
    g_test_add_func("/stun/client/timeout-configured", test_timeout_configured);
    g_test_add_func("/stun/client/first-two-lost", test_first_two_lost);
    g_test_add_func("/stun/client/late-response-ignored", test_late_response_ignored);
    g_test_add_func("/stun/client/free-while-pending", test_free_while_pending);
    g_test_add_func("/stun/client/seeded-transaction-id", test_seeded_transaction_id);
    for (guint i = 0; i < G_N_ELEMENTS(response_cases); i++) {
        g_autofree char *path = g_strdup_printf("/stun/client/response/%s", response_cases[i].name);
        g_test_add_data_func(path, &response_cases[i], test_response_case);
    }
    g_test_add_func("/stun/server/answers", test_server_answers);
    return g_test_run();
}
