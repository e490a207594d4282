/* SPDX-License-Identifier: MIT */
/*
 * The network the proxy element's tests run on: a star of 10 ms links, phones A (10.0.0.1, user
 * alice), B (10.0.0.2, bob) and C (10.0.0.3, carol) around the proxy P (10.0.0.10) of domain
 * example.com, each user's password being its name. The phones are small user agents over a
 * SipStack that act at set times (schedule()) and answer as their fields say. The log holds the
 * messages on the wire ("TIME FROM->TO METHOD URI" or "TIME FROM->TO CODE/METHOD", in
 * milliseconds) and what the phones noted; fixture_finish() runs to the end, compares it, and
 * checks that the proxy is left with no transaction and no response context.
 */
#pragma once

#include <glib.h>
#include <string.h>

#include "sip-check.h"
#include "sip-digest.h"
#include "sip-overload.h"
#include "sip-proxy.h"
#include "sip-stack.h"

#define PROXY_IP 0x0a00000a

enum { UA_A, UA_B, UA_C, N_UAS };

/* What a phone does when a timed action comes. */
typedef enum {
    ACT_REGISTER,   /* with its contact and expires */
    ACT_FETCH,      /* REGISTER without Contact */
    ACT_UNREGISTER, /* REGISTER with "Contact: *" and Expires 0 */
    ACT_INVITE,
    ACT_OPTIONS,
    ACT_CANCEL,
    ACT_BYE,
    ACT_RETRY,  /* the challenged request, with credentials */
    ACT_REWIND, /* forget the CSeq, keep the Call-ID (a REGISTER then comes out of order) */
    ACT_RING,
    ACT_QUEUE, /* 182 Queued, a phone with call waiting */
    ACT_ANSWER,
    ACT_RESEND_2XX, /* the last 2xx again, outside any transaction (its ACK was lost) */
} Action;

typedef struct Fixture Fixture;

typedef struct {
    SimEntity entity;
    Fixture *f;
    SipStack *stack;
    const char *user;
    const char *password;
    char ip[NET_IP_BUF];
    /* as a callee */
    guint ring;        /* a provisional response after 100 Trying, or 0 */
    SimTime ring_at;   /* after the INVITE came: 100 and the provisional response then */
    SimTime queue_at;  /* after the INVITE came: 182 then, or 0 for never */
    guint answer;      /* the final response to an INVITE, or 0 for none */
    SimTime answer_at; /* after the INVITE came */
    gboolean silent;   /* never answers an INVITE */
    gboolean deaf;     /* never answers a CANCEL */
    gboolean dump;     /* logs the text of the requests it gets */
    SipTransaction *ist;
    /* as a caller */
    gint max_forwards;       /* -1: no Max-Forwards */
    gboolean no_credentials; /* never answers a challenge */
    const char *callee;
    const char *contact; /* REGISTER: its Contact value, NULL for none */
    gint expires;        /* REGISTER: its Expires value, -1 for none */
    guint32 cseq;
    char *call_id;
    SipTransaction *ict;
    SipDigestChallenge *challenge; /* the last one, answered in the following requests */
    gboolean retried;              /* the current action already answered a challenge */
    SipMethod retry;               /* the method to send again with credentials */
    char *dialog_to;               /* the To of the 2xx; as a callee, the From of the INVITE */
    char *target;                  /* its Contact; as a callee, the INVITE's */
    char *route;                   /* its Record-Route; as a callee, the INVITE's */
    const char *sent_by;           /* in its Via, when not its address (behind a NAT) */
    GBytes *last_2xx;
    gboolean oc;      /* announces RFC 7339 overload control: oc in its Vias */
    gboolean show_oc; /* notes the oc values and the Retry-After of each response it gets */
} Ua;

struct Fixture {
    SimKernel *kernel;
    NetNetwork *net;
    NetLinkParams params;
    SipTrace trace;
    SipTimerConfig timers;
    GString *log;
    GHashTable *again; /* ids of the datagrams that carry retransmissions */
    GHashTable *passwords;
    SipProxyConfig config;
    NetNode *proxy_node;
    SimEntity *proxy;
    SipProxyStats stats; /* the proxy's, at the end */
    Ua ua[N_UAS];
};

static const char *node_name(NetIp ip)
{
    static const char *const names[] = { "?", "A", "B", "C" };
    return ip == PROXY_IP ? "P" : names[ip & 0xff];
}

static void note(Ua *ua, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void note(Ua *ua, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_string_append_printf(ua->f->log, "%" G_GINT64_FORMAT " %s ",
                           sim_entity_now(&ua->entity) / SIM_MS, ua->entity.name);
    g_string_append_vprintf(ua->f->log, fmt, ap);
    g_string_append_c(ua->f->log, '\n');
    va_end(ap);
}

/* ---- the log of the wire ---- */

static void on_sip_message(gpointer user, const SipMessageEvent *ev)
{
    Fixture *f = user;
    if (ev->retransmission)
        g_hash_table_add(f->again, GSIZE_TO_POINTER(ev->datagram));
}

/* "INVITE sip:bob@example.com" or "180/INVITE". */
static void on_net(const NetTrace *t, gpointer user)
{
    Fixture *f = user;
    if (t->kind != NET_TRACE_SEND)
        return;
    g_autoptr(SipMessage) msg = sip_message_parse((const char *) t->dg->data, t->dg->len, NULL);
    g_assert_nonnull(msg);
    g_string_append_printf(f->log, "%" G_GINT64_FORMAT " %s->%s ", t->time / SIM_MS,
                           node_name(t->dg->src.ip), node_name(t->dg->dst.ip));
    SipStr m = sip_message_is_request(msg) ? sip_message_method_text(msg)
                                           : sip_message_cseq(msg)->method_text;
    if (sip_message_is_request(msg)) {
        SipStr uri = sip_message_request_uri(msg)->text;
        g_string_append_printf(f->log, "%.*s %.*s", (int) m.len, m.s, (int) uri.len, uri.s);
    } else {
        g_string_append_printf(f->log, "%u/%.*s", sip_message_status(msg), (int) m.len, m.s);
    }
    gboolean again = g_hash_table_contains(f->again, GSIZE_TO_POINTER(t->dg->id));
    g_string_append(f->log, again ? " (again)\n" : "\n");
}

/* ---- the phones as callees ---- */

/* 12.1.1: the dialog of a callee that answers 2xx, for its BYE. */
static void callee_dialog(Ua *ua, const SipMessage *invite)
{
    g_free(ua->call_id);
    g_free(ua->dialog_to);
    g_free(ua->target);
    g_free(ua->route);
    ua->call_id = sip_str_dup(sip_message_call_id(invite));
    ua->dialog_to = sip_str_dup(sip_message_value(invite, SIP_HDR_FROM));
    ua->target = sip_str_dup(sip_message_contact(invite, 0)->uri.text);
    ua->route = sip_str_dup(sip_message_value(invite, SIP_HDR_RECORD_ROUTE));
}

static void respond(Ua *ua, SipTransaction *st, guint code)
{
    SipWriter w;
    g_autofree char *tag = g_strdup_printf("%s-tag", ua->entity.name);
    sip_stack_response_init(st, &w, code, (SipStr){ 0 }, code > 100 ? sip_str(tag) : (SipStr){ 0 });
    g_autofree char *contact = g_strdup_printf("<sip:%s@%s>", ua->user, ua->ip);
    const SipMessage *req = sip_stack_request_of(st);
    /* 12.1.1: a response that creates a dialog copies Record-Route and gives a Contact. */
    if (code > 100 && code < 300 && sip_message_method(req) == SIP_METHOD_INVITE) {
        sip_writer_copy_headers(&w, req, SIP_HDR_RECORD_ROUTE);
        sip_writer_header(&w, SIP_HDR_CONTACT, sip_str(contact));
        if (code >= 200)
            callee_dialog(ua, req);
    }
    g_autofree char *challenge =
        g_strdup_printf("Digest realm=\"%s\", nonce=\"%s-nonce\"", ua->user, ua->user);
    if (code == 407)
        sip_writer_header(&w, SIP_HDR_PROXY_AUTHENTICATE, sip_str(challenge));
    gsize len;
    char *bytes = sip_writer_finish(&w, &len);
    if (code / 100 == 2) {
        g_clear_pointer(&ua->last_2xx, g_bytes_unref);
        ua->last_2xx = g_bytes_new(bytes, len);
    }
    sip_stack_respond(ua->stack, st, bytes, len);
}

static void schedule(Ua *ua, SimTime delay, Action action);

static void callee_invite(Ua *ua, SipTransaction *st)
{
    if (ua->silent)
        return;
    ua->ist = st;
    if (ua->ring_at) {
        schedule(ua, ua->ring_at, ACT_RING);
    } else {
        respond(ua, st, 100);
        if (ua->ring)
            respond(ua, st, ua->ring);
    }
    if (ua->queue_at)
        schedule(ua, ua->queue_at, ACT_QUEUE);
    if (ua->answer && ua->answer_at == 0)
        respond(ua, st, ua->answer);
    else if (ua->answer)
        schedule(ua, ua->answer_at, ACT_ANSWER);
}

/* 9.2: 200 to the CANCEL, then 487 to the INVITE if it has no final response yet. */
static void callee_cancel(Ua *ua, SipTransaction *st)
{
    if (ua->deaf)
        return;
    respond(ua, st, 200);
    if (ua->ist && ua->ist->state == SIP_TXN_PROCEEDING)
        respond(ua, ua->ist, 487);
}

static void dump(Ua *ua, const SipMessage *req)
{
    SipStr text = sip_message_bytes(req);
    g_autofree char *copy = g_strndup(text.s, text.len - strlen("\r\n\r\n"));
    g_auto(GStrv) lines = g_strsplit(copy, "\r\n", -1);
    g_autofree char *joined = g_strjoinv("\n  ", lines);
    note(ua, "gets\n  %s", joined);
}

static void core_request(gpointer core, SipStack *stack, SipTransaction *st, const SipMessage *req)
{
    Ua *ua = core;
    if (ua->dump)
        dump(ua, req);
    switch (sip_message_method(req)) {
    case SIP_METHOD_INVITE:
        callee_invite(ua, st);
        break;
    case SIP_METHOD_CANCEL:
        callee_cancel(ua, st);
        break;
    case SIP_METHOD_BYE:
    case SIP_METHOD_OPTIONS:
        respond(ua, st, 200);
        break;
    default:
        break;
    }
}

/* ---- the phones as callers ---- */

static void start_request(Ua *ua, SipWriter *w, const char *method, const char *uri, const char *to,
                          guint32 cseq)
{
    g_autofree char *branch = sip_stack_new_branch(ua->stack);
    g_autofree char *from = g_strdup_printf("sip:%s@example.com", ua->user);
    g_autofree char *tag = g_strdup_printf("%s-tag", ua->entity.name);
    sip_writer_init_request(w, sip_str(method), sip_str(uri));
    sip_writer_via_params(w, SIP_STR("UDP"), sip_str(ua->sent_by ? ua->sent_by : ua->ip),
                          SIP_DEFAULT_PORT, sip_str(branch), TRUE,
                          ua->oc ? SIP_STR(SIP_OVERLOAD_VIA_PARAMS) : (SipStr){ 0 });
    if (ua->max_forwards >= 0)
        sip_writer_max_forwards(w, (guint) ua->max_forwards);
    sip_writer_name_addr(w, SIP_HDR_FROM, (SipStr){ 0 }, sip_str(from), sip_str(tag));
    sip_writer_header(w, SIP_HDR_TO, sip_str(to));
    sip_writer_header(w, SIP_HDR_CALL_ID, sip_str(ua->call_id));
    sip_writer_cseq(w, cseq, sip_str(method));
}

/* Credentials for the last challenge (22.2, 22.3). */
static void add_credentials(Ua *ua, SipWriter *w, const char *method, const char *uri)
{
    if (!ua->challenge)
        return;
    g_autoptr(SipDigestCredentials) c =
        sip_digest_credentials_new(ua->challenge, ua->user, uri, "0a4f113b", 1);
    g_autofree char *ha1 =
        sip_digest_ha1(c->algorithm, ua->user, ua->challenge->realm, ua->password);
    sip_digest_credentials_sign(c, ha1, method, "", 0);
    g_autofree char *value = sip_digest_credentials_to_string(c);
    sip_writer_header(
        w, strcmp(method, "REGISTER") == 0 ? SIP_HDR_AUTHORIZATION : SIP_HDR_PROXY_AUTHORIZATION,
        sip_str(value));
}

static SipTransaction *send_to_proxy(Ua *ua, SipWriter *w)
{
    gsize len;
    char *bytes = sip_writer_finish(w, &len);
    return sip_stack_send_request(ua->stack, (NetEndpoint){ PROXY_IP, SIP_DEFAULT_PORT }, bytes,
                                  len, NULL);
}

static void send_register(Ua *ua, const char *contact, gint expires)
{
    g_free(ua->call_id);
    ua->call_id = g_strdup_printf("reg-%s", ua->entity.name);
    g_autofree char *to = g_strdup_printf("<sip:%s@example.com>", ua->user);
    SipWriter w;
    start_request(ua, &w, "REGISTER", "sip:example.com", to, ++ua->cseq);
    if (contact)
        sip_writer_header(&w, SIP_HDR_CONTACT, sip_str(contact));
    if (expires >= 0) {
        g_autofree char *value = g_strdup_printf("%d", expires);
        sip_writer_header(&w, SIP_HDR_EXPIRES, sip_str(value));
    }
    add_credentials(ua, &w, "REGISTER", "sip:example.com");
    send_to_proxy(ua, &w);
}

static void send_invite(Ua *ua, const char *method)
{
    g_autofree char *uri = g_strdup_printf("sip:%s@example.com", ua->callee);
    g_autofree char *to = g_strdup_printf("<%s>", uri);
    g_autofree char *contact = g_strdup_printf("<sip:%s@%s>", ua->user, ua->ip);
    if (!ua->call_id)
        ua->call_id = g_strdup_printf("call-%s", ua->entity.name);
    SipWriter w;
    start_request(ua, &w, method, uri, to, ++ua->cseq);
    sip_writer_header(&w, SIP_HDR_CONTACT, sip_str(contact));
    add_credentials(ua, &w, method, uri);
    SipTransaction *t = send_to_proxy(ua, &w);
    if (strcmp(method, "INVITE") == 0)
        ua->ict = t;
}

/* 9.1: the INVITE's Request-URI, Via, From, To, Call-ID and CSeq number. */
static void send_cancel(Ua *ua)
{
    const SipMessage *invite = sip_stack_request_of(ua->ict);
    SipWriter w;
    sip_writer_init_request(&w, SIP_STR("CANCEL"), sip_message_request_uri(invite)->text);
    sip_writer_copy_headers(&w, invite, SIP_HDR_VIA);
    sip_writer_max_forwards(&w, 70);
    sip_writer_copy_headers(&w, invite, SIP_HDR_FROM);
    sip_writer_copy_headers(&w, invite, SIP_HDR_TO);
    sip_writer_copy_headers(&w, invite, SIP_HDR_CALL_ID);
    sip_writer_cseq(&w, sip_message_cseq(invite)->number, SIP_STR("CANCEL"));
    send_to_proxy(ua, &w);
}

/* 12.2.1.1: to the remote target, through the route set (one loose router here). */
static void send_in_dialog(Ua *ua, const char *method, guint32 cseq)
{
    SipWriter w;
    start_request(ua, &w, method, ua->target, ua->dialog_to, cseq);
    sip_writer_header(&w, SIP_HDR_ROUTE, sip_str(ua->route));
    send_to_proxy(ua, &w);
}

static void caller_2xx(Ua *ua, const SipMessage *resp)
{
    g_free(ua->dialog_to);
    g_free(ua->target);
    g_free(ua->route);
    ua->dialog_to = sip_str_dup(sip_message_value(resp, SIP_HDR_TO));
    ua->target = sip_str_dup(sip_message_contact(resp, 0)->uri.text);
    ua->route = sip_str_dup(sip_message_value(resp, SIP_HDR_RECORD_ROUTE));
    send_in_dialog(ua, "ACK", sip_message_cseq(resp)->number);
}

/* Every challenge is noted; the first is answered, once per action, and again when only its
 * nonce was stale. */
static void caller_challenged(Ua *ua, const SipMessage *resp)
{
    SipHeaderId id =
        sip_message_status(resp) == 401 ? SIP_HDR_WWW_AUTHENTICATE : SIP_HDR_PROXY_AUTHENTICATE;
    sip_digest_challenge_free(ua->challenge);
    ua->challenge = NULL;
    const SipHeader *h;
    for (guint n = 0; (h = sip_message_find_nth(resp, id, n)); n++) {
        g_autofree char *value = sip_str_dup(h->value);
        SipDigestChallenge *c = sip_digest_challenge_parse(value, NULL);
        g_assert_nonnull(c);
        note(ua, "challenged: realm %s, qop %s%s", c->realm,
             c->qop_options == SIP_DIGEST_QOP_AUTH ? "auth" : "none", c->stale ? ", stale" : "");
        if (ua->challenge)
            sip_digest_challenge_free(c);
        else
            ua->challenge = c;
    }
    if (ua->no_credentials || (ua->retried && !ua->challenge->stale))
        return;
    ua->retried = TRUE;
    ua->retry = sip_message_cseq(resp)->method;
    /* After the ACK that the INVITE client transaction sends once this returns. */
    schedule(ua, 0, ACT_RETRY);
}

/* "180/INVITE oc=...": what the top Via's parameters say from its first oc one, and the
 * Retry-After. */
static void show_oc(Ua *ua, const SipMessage *resp)
{
    SipStr params = sip_message_via(resp, 0)->params, method = sip_message_cseq(resp)->method_text;
    const char *oc = g_strstr_len(params.s, (gssize) params.len, ";oc");
    SipStr retry = sip_message_value(resp, SIP_HDR_RETRY_AFTER);
    g_autofree char *text =
        oc ? g_strndup(oc + 1, (gsize) (params.s + params.len - oc - 1)) : g_strdup("no oc");
    note(ua, "%u/%.*s %s%s%.*s", sip_message_status(resp), (int) method.len, method.s, text,
         retry.s ? ", Retry-After: " : "", (int) retry.len, retry.s ? retry.s : "");
}

static void core_response(gpointer core, SipStack *stack, SipTransaction *ct,
                          const SipMessage *resp)
{
    Ua *ua = core;
    guint code = sip_message_status(resp);
    SipMethod method = sip_message_cseq(resp)->method;
    if (ua->show_oc)
        show_oc(ua, resp);
    if (code == 401 || code == 407) {
        caller_challenged(ua, resp);
    } else if (method == SIP_METHOD_INVITE && code / 100 == 2) {
        caller_2xx(ua, resp);
    } else if (method == SIP_METHOD_REGISTER && code == 200) {
        GString *contacts = g_string_new(NULL);
        for (guint i = 0; i < sip_message_count(resp, SIP_HDR_CONTACT); i++) {
            SipStr c = sip_message_find_nth(resp, SIP_HDR_CONTACT, i)->value;
            g_string_append_printf(contacts, " %.*s", (int) c.len, c.s);
        }
        note(ua, "registered:%s", contacts->len ? contacts->str : " nothing");
        g_string_free(contacts, TRUE);
    }
}

static void core_timeout(gpointer core, SipStack *stack, SipTransaction *t, SipTimer timer)
{
    note(core, "timer %s", sip_timer_name(timer));
}

static void core_terminated(gpointer core, SipStack *stack, SipTransaction *t)
{
    Ua *ua = core;
    if (t == ua->ist)
        ua->ist = NULL;
    if (t == ua->ict)
        ua->ict = NULL;
}

static const SipCoreOps core_ops = {
    .request = core_request,
    .response = core_response,
    .timeout = core_timeout,
    .terminated = core_terminated,
};

/* ---- timed actions ---- */

static void act(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg)
{
    Ua *ua = obj;
    switch ((Action) arg) {
    case ACT_REGISTER:
        ua->retried = FALSE;
        send_register(ua, ua->contact, ua->expires);
        break;
    case ACT_FETCH:
        send_register(ua, NULL, -1);
        break;
    case ACT_UNREGISTER:
        send_register(ua, "*", 0);
        break;
    case ACT_INVITE:
        ua->retried = FALSE;
        send_invite(ua, "INVITE");
        break;
    case ACT_OPTIONS:
        send_invite(ua, "OPTIONS");
        break;
    case ACT_RETRY:
        if (ua->retry == SIP_METHOD_REGISTER)
            send_register(ua, ua->contact, ua->expires);
        else
            send_invite(ua, "INVITE");
        break;
    case ACT_REWIND:
        ua->cseq = 0;
        break;
    case ACT_CANCEL:
        send_cancel(ua);
        break;
    case ACT_BYE:
        send_in_dialog(ua, "BYE", ++ua->cseq);
        break;
    case ACT_RING:
        if (ua->ist) {
            respond(ua, ua->ist, 100);
            respond(ua, ua->ist, ua->ring);
        }
        break;
    case ACT_QUEUE:
        if (ua->ist && ua->ist->state == SIP_TXN_PROCEEDING)
            respond(ua, ua->ist, 182);
        break;
    case ACT_ANSWER:
        if (ua->ist && ua->ist->state == SIP_TXN_PROCEEDING)
            respond(ua, ua->ist, ua->answer);
        break;
    case ACT_RESEND_2XX: {
        gsize len;
        const char *bytes = g_bytes_get_data(ua->last_2xx, &len);
        sip_stack_send_stateless(ua->stack, (NetEndpoint){ PROXY_IP, SIP_DEFAULT_PORT },
                                 g_memdup2(bytes, len), len, TRUE);
        break;
    }
    }
}

static void schedule(Ua *ua, SimTime delay, Action action)
{
    sim_kernel_post(ua->f->kernel, delay, act, ua, NULL, action);
}

/* ---- the fixture ---- */

static void ua_receive(SimEntity *self, const NetDatagram *dg)
{
    sip_stack_receive(((Ua *) self)->stack, dg);
}

static const SimEntityClass ua_class = { .kind = "test-ua", .receive = ua_receive };

static void fixture_init(Fixture *f)
{
    static const char *const users[N_UAS] = { "alice", "bob", "carol" };
    memset(f, 0, sizeof *f);
    f->kernel = sim_kernel_new(1, 0);
    f->net = net_network_new(f->kernel);
    f->timers = sip_timer_defaults();
    f->log = g_string_new(NULL);
    f->again = g_hash_table_new(NULL, NULL);
    sip_trace_init(&f->trace);
    SipObserver obs = { .message = on_sip_message, .user = f };
    sip_trace_add(&f->trace, &obs);
    net_network_add_observer(f->net, on_net, f);
    net_link_params_init(&f->params);
    f->params.delay = sim_distribution_constant(10 * SIM_MS);
    f->passwords = g_hash_table_new(g_str_hash, g_str_equal);
    sip_proxy_config_init(&f->config);
    f->config.domain = "example.com";
    f->config.passwords = f->passwords;
    f->proxy_node = net_node_new(f->net, "P");
    net_node_add_address(f->proxy_node, PROXY_IP);
    for (int i = 0; i < N_UAS; i++) {
        Ua *ua = &f->ua[i];
        char name[2] = { (char) ('A' + i), '\0' };
        NetNode *node = net_node_new(f->net, name);
        net_node_add_address(node, 0x0a000001 + (guint) i);
        net_link_new(f->net, name, node, f->proxy_node, &f->params, &f->params);
        sim_entity_init(&ua->entity, &ua_class, f->kernel, name);
        ua->stack =
            sip_stack_new(f->kernel, node, SIP_DEFAULT_PORT, &f->timers, &f->trace, &core_ops, ua);
        net_node_set_entity(node, &ua->entity);
        ua->f = f;
        ua->user = users[i];
        ua->password = users[i];
        g_hash_table_insert(f->passwords, (gpointer) users[i], (gpointer) users[i]);
        net_ip_format(net_node_address(node), ua->ip);
        ua->max_forwards = 70;
        ua->expires = -1;
    }
}

/* The proxy, once the test has set its configuration. */
static void fixture_start(Fixture *f)
{
    f->proxy = sip_proxy_new(f->kernel, f->proxy_node, "P", &f->config, &f->trace);
}

static void fixture_finish(Fixture *f, const char *expected)
{
    sim_kernel_run(f->kernel, SIM_TIME_NEVER);
    g_assert_cmpstr(f->log->str, ==, expected);
    g_assert_cmpuint(sip_proxy_live_transactions(f->proxy), ==, 0);
    f->stats = *sip_proxy_stats(f->proxy);
    g_assert_cmpuint(f->stats.active_contexts, ==, 0);
    f->proxy->klass->free(f->proxy);
    for (int i = 0; i < N_UAS; i++) {
        Ua *ua = &f->ua[i];
        sip_stack_free(ua->stack);
        sim_entity_clear(&ua->entity);
        sip_digest_challenge_free(ua->challenge);
        g_free(ua->call_id);
        g_free(ua->dialog_to);
        g_free(ua->target);
        g_free(ua->route);
        g_clear_pointer(&ua->last_2xx, g_bytes_unref);
    }
    net_network_free(f->net);
    sim_kernel_free(f->kernel);
    sip_trace_clear(&f->trace);
    net_link_params_clear(&f->params);
    g_hash_table_destroy(f->again);
    g_hash_table_destroy(f->passwords);
    g_string_free(f->log, TRUE);
}
