/* SPDX-License-Identifier: MIT */
/*
 * Two SIP stacks on a virtual link with a 10 ms delay: transactions created, matched and ended
 * as RFC 3261 sections 17 and 18 say, at exact virtual times.
 */
#include <glib.h>
#include <string.h>

#include "sip-stack.h"

typedef struct {
    SimEntity entity;
    SipStack *stack;
    GString *log;
    guint answer; /* the final response a UAS gives an INVITE, 0: none */
} Ua;

typedef struct {
    SimKernel *kernel;
    NetNetwork *net;
    NetLinkParams params;
    SipTrace trace;
    SipTimerConfig timers;
    GString *log;
    Ua a, b;
} Fixture;

static void ua_receive(SimEntity *self, const NetDatagram *dg)
{
    sip_stack_receive(((Ua *) self)->stack, dg);
}

static const SimEntityClass ua_class = { .kind = "test-ua", .receive = ua_receive };

static void note(Ua *ua, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void note(Ua *ua, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_string_append_printf(ua->log, "%" G_GINT64_FORMAT " %s ",
                           sim_kernel_now(ua->entity.kernel) / SIM_MS, ua->entity.name);
    g_string_append_vprintf(ua->log, fmt, ap);
    g_string_append_c(ua->log, '\n');
    va_end(ap);
}

static void respond(SipStack *stack, SipTransaction *st, guint code)
{
    SipWriter w;
    sip_stack_response_init(st, &w, code, (SipStr){ 0 },
                            code > 100 ? SIP_STR("b-tag") : (SipStr){ 0 });
    gsize len;
    char *bytes = sip_writer_finish(&w, &len);
    sip_stack_respond(stack, st, bytes, len);
}

static void core_request(gpointer core, SipStack *stack, SipTransaction *st, const SipMessage *req)
{
    Ua *ua = core;
    SipStr m = sip_message_method_text(req);
    note(ua, "core gets %.*s%s", (int) m.len, m.s, st ? "" : " (no transaction)");
    if (st && sip_message_method(req) == SIP_METHOD_INVITE) {
        respond(stack, st, 100);
        respond(stack, st, 180);
        respond(stack, st, ua->answer);
    }
}

static void core_response(gpointer core, SipStack *stack, SipTransaction *ct,
                          const SipMessage *resp)
{
    note(core, "core gets %u%s", sip_message_status(resp), ct ? "" : " (stray)");
}

static void core_timeout(gpointer core, SipStack *stack, SipTransaction *t, SipTimer timer)
{
    note(core, "core gets timeout %s", sip_timer_name(timer));
}

static void core_terminated(gpointer core, SipStack *stack, SipTransaction *t)
{
    note(core, "%s ends", sip_txn_kind_name(t->kind));
}

static const SipCoreOps core_ops = {
    .request = core_request,
    .response = core_response,
    .timeout = core_timeout,
    .terminated = core_terminated,
};

static void on_message(gpointer user, const SipMessageEvent *ev)
{
    Fixture *f = user;
    const char *eol = memchr(ev->bytes, '\r', ev->len);
    g_string_append_printf(f->log, "%" G_GINT64_FORMAT " %s sends %.*s%s\n", ev->time / SIM_MS,
                           net_node_name(ev->node), (int) (eol - ev->bytes), ev->bytes,
                           ev->retransmission ? " (again)" : "");
}

static void ua_init(Fixture *f, Ua *ua, const char *name, NetNode *node)
{
    sim_entity_init(&ua->entity, &ua_class, f->kernel, name);
    ua->stack =
        sip_stack_new(f->kernel, node, SIP_DEFAULT_PORT, &f->timers, &f->trace, &core_ops, ua);
    ua->log = f->log;
    net_node_set_entity(node, &ua->entity);
}

static void fixture_init(Fixture *f)
{
    memset(f, 0, sizeof *f);
    f->kernel = sim_kernel_new(1, 0);
    f->net = net_network_new(f->kernel);
    f->timers = sip_timer_defaults();
    f->log = g_string_new(NULL);
    sip_trace_init(&f->trace);
    SipObserver obs = { .message = on_message, .user = f };
    sip_trace_add(&f->trace, &obs);
    net_link_params_init(&f->params);
    f->params.delay = sim_distribution_constant(10 * SIM_MS);
    NetNode *na = net_node_new(f->net, "A"), *nb = net_node_new(f->net, "B");
    net_node_add_address(na, 0x0a000001);
    net_node_add_address(nb, 0x0a000002);
    net_link_new(f->net, "A-B", na, nb, &f->params, &f->params);
    ua_init(f, &f->a, "A", na);
    ua_init(f, &f->b, "B", nb);
}

static void fixture_free(Fixture *f)
{
    g_assert_cmpuint(sip_stack_live_transactions(f->a.stack), ==, 0);
    g_assert_cmpuint(sip_stack_live_transactions(f->b.stack), ==, 0);
    for (Ua *ua = &f->a; ua <= &f->b; ua++) {
        sip_stack_free(ua->stack);
        sim_entity_clear(&ua->entity);
    }
    net_network_free(f->net);
    sim_kernel_free(f->kernel);
    sip_trace_clear(&f->trace);
    net_link_params_clear(&f->params);
    g_string_free(f->log, TRUE);
}

static void fixture_finish(Fixture *f, const char *expected)
{
    sim_kernel_run(f->kernel, SIM_TIME_NEVER);
    g_assert_cmpstr(f->log->str, ==, expected);
    fixture_free(f);
}

/* An INVITE from A; @old_branch NULL for a new RFC 3261 branch, "" for none at all. */
static char *invite(SipStack *stack, const char *old_branch, gsize *len)
{
    g_autofree char *branch = old_branch ? g_strdup(old_branch) : sip_stack_new_branch(stack);
    g_autofree char *call_id = sip_stack_new_call_id(stack);
    SipWriter w;
    sip_writer_init_request(&w, SIP_STR("INVITE"), SIP_STR("sip:b@10.0.0.2"));
    sip_writer_via(&w, SIP_STR("UDP"), SIP_STR("10.0.0.1"), 5060,
                   *branch ? sip_str(branch) : (SipStr){ 0 }, TRUE);
    sip_writer_max_forwards(&w, 70);
    sip_writer_name_addr(&w, SIP_HDR_FROM, (SipStr){ 0 }, SIP_STR("sip:a@example.com"),
                         SIP_STR("a-tag"));
    sip_writer_name_addr(&w, SIP_HDR_TO, (SipStr){ 0 }, SIP_STR("sip:b@example.com"),
                         (SipStr){ 0 });
    sip_writer_header(&w, SIP_HDR_CALL_ID, sip_str(call_id));
    sip_writer_cseq(&w, 1, SIP_STR("INVITE"));
    return sip_writer_finish(&w, len);
}

static void send_invite(SimKernel *k, gpointer obj, gpointer data, guint32 arg)
{
    Fixture *f = obj;
    gsize len;
    char *bytes = invite(f->a.stack, data, &len);
    g_assert_nonnull(
        sip_stack_send_request(f->a.stack, (NetEndpoint){ 0x0a000002, 5060 }, bytes, len, NULL));
}

/* A 486: the INVITE client transaction sends the ACK itself (same branch), which the server
 * transaction absorbs (Confirmed); Timer I (T4) and Timer D (32 s) end them. */
static void test_invite_rejected(void)
{
    Fixture f;
    fixture_init(&f);
    f.b.answer = 486;
    sim_kernel_post(f.kernel, 0, send_invite, &f, NULL, 0);
    fixture_finish(&f, "0 A sends INVITE sip:b@10.0.0.2 SIP/2.0\n"
                       "10 B core gets INVITE\n"
                       "10 B sends SIP/2.0 100 Trying\n"
                       "10 B sends SIP/2.0 180 Ringing\n"
                       "10 B sends SIP/2.0 486 Busy Here\n"
                       "20 A core gets 100\n"
                       "20 A core gets 180\n"
                       "20 A sends ACK sip:b@10.0.0.2 SIP/2.0\n"
                       "20 A core gets 486\n"
                       "5030 B ist ends\n"
                       "32020 A ict ends\n");
}

/* A 2xx: the INVITE client transaction passes it up and stays Accepted for Timer M; the server
 * side stays Accepted for Timer L. (The ACK of a 2xx is the core's business.) */
static void test_invite_accepted(void)
{
    Fixture f;
    fixture_init(&f);
    f.b.answer = 200;
    sim_kernel_post(f.kernel, 0, send_invite, &f, NULL, 0);
    fixture_finish(&f, "0 A sends INVITE sip:b@10.0.0.2 SIP/2.0\n"
                       "10 B core gets INVITE\n"
                       "10 B sends SIP/2.0 100 Trying\n"
                       "10 B sends SIP/2.0 180 Ringing\n"
                       "10 B sends SIP/2.0 200 OK\n"
                       "20 A core gets 100\n"
                       "20 A core gets 180\n"
                       "20 A core gets 200\n"
                       "32010 B ist ends\n"
                       "32020 A ict ends\n");
}

/* The response carries received and rport for the request's source (RFC 3581) only when
 * asked: here the Via has rport, so the 100 goes back with rport=5060 filled in. */
static void check_rport(gpointer user, const SipMessageEvent *ev)
{
    if (ev->len > 11 && memcmp(ev->bytes, "SIP/2.0 100", 11) == 0)
        g_assert_nonnull(g_strstr_len(ev->bytes, (gssize) ev->len, ";rport=5060"));
}

static void test_rport_filled(void)
{
    Fixture f;
    fixture_init(&f);
    SipObserver obs = { .message = check_rport };
    sip_trace_add(&f.trace, &obs);
    f.b.answer = 486;
    sim_kernel_post(f.kernel, 0, send_invite, &f, NULL, 0);
    sim_kernel_run(f.kernel, 50 * SIM_MS);
    g_string_truncate(f.log, 0);
    fixture_finish(&f, "5030 B ist ends\n"
                       "32020 A ict ends\n");
}

/* An RFC 2543 peer sends no branch: the server matches the ACK of its 486 by Request-URI, From
 * tag, Call-ID, CSeq and top Via (17.2.3), so it reaches Confirmed and Timer I ends it 5 s
 * later, as with an RFC 3261 branch. */
static void test_rfc2543_matching(void)
{
    Fixture f;
    fixture_init(&f);
    f.b.answer = 486;
    sim_kernel_post(f.kernel, 0, send_invite, &f, "", 0);
    fixture_finish(&f, "0 A sends INVITE sip:b@10.0.0.2 SIP/2.0\n"
                       "10 B core gets INVITE\n"
                       "10 B sends SIP/2.0 100 Trying\n"
                       "10 B sends SIP/2.0 180 Ringing\n"
                       "10 B sends SIP/2.0 486 Busy Here\n"
                       "20 A core gets 100\n"
                       "20 A core gets 180\n"
                       "20 A sends ACK sip:b@10.0.0.2 SIP/2.0\n"
                       "20 A core gets 486\n"
                       "5030 B ist ends\n"
                       "32020 A ict ends\n");
}

/* The same INVITE delivered twice (the link duplicates everything) is one transaction at the
 * server, matched by the RFC 2543 key: the copy gets the 486 again. */
static void test_rfc2543_retransmission(void)
{
    Fixture f;
    fixture_init(&f);
    f.b.answer = 486;
    f.params.duplicate = 1.0;
    sim_kernel_post(f.kernel, 0, send_invite, &f, "old-style-2", 0);
    sim_kernel_run(f.kernel, SIM_TIME_NEVER);
    g_assert_cmpuint(sip_stack_stats(f.b.stack)->transactions[SIP_TXN_IST], ==, 1);
    g_assert_cmpuint(sip_stack_stats(f.b.stack)->retransmissions[SIP_TXN_IST], ==, 1);
    fixture_free(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sip/stack/invite-rejected-ack-by-transaction", test_invite_rejected);
    g_test_add_func("/sip/stack/invite-accepted", test_invite_accepted);
    g_test_add_func("/sip/stack/rport-filled", test_rport_filled);
    g_test_add_func("/sip/stack/rfc2543-ack-matches", test_rfc2543_matching);
    g_test_add_func("/sip/stack/rfc2543-retransmission-matches", test_rfc2543_retransmission);
    return g_test_run();
}
