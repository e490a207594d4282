/* SPDX-License-Identifier: MIT */
#include "sip-stack.h"

#include <string.h>

#define MAGIC_COOKIE "z9hG4bK" /* RFC 3261 8.1.1.7: a branch made by an RFC 3261 element */

struct SipStack {
    SimKernel *kernel;
    NetNode *node;
    guint16 port;
    const SipTimerConfig *timers;
    const SipTrace *trace;
    const SipCoreOps *ops;
    gpointer core;
    GHashTable *transactions; /* key -> SipTransaction * */
    guint64 next_id;
    SipStackStats stats;
};

/* What the stack keeps with each transaction (its owner field). */
typedef struct {
    SipStack *stack;
    SipMessage *request; /* client: the request sent; server: the request received */
    char *key;
    char *received; /* server: the received parameter for the top Via (18.2.1), or NULL */
    guint rport;    /* server: the rport value to fill (RFC 3581), or 0 */
    guint status;   /* the first final response received (client) or sent (server), 0: none */
} StackTxn;

static const SipTxnOps txn_ops;

/* ---- identifiers and matching keys ---- */

static gboolean has_cookie(SipStr branch)
{
    return branch.len >= 7 && memcmp(branch.s, MAGIC_COOKIE, 7) == 0;
}

/* 17.1.3: a response matches the client transaction of its top Via's branch and CSeq method. */
/* Keys and identifiers are built by concatenation: with g_strdup_printf, their formatting took
 * a tenth of a call's instructions (docs/performance.md). */
static char *concat(const SipStr *parts, guint n)
{
    gsize len = 0;
    for (guint i = 0; i < n; i++)
        len += parts[i].len;
    char *out = g_malloc(len + 1), *p = out;
    for (guint i = 0; i < n; i++) {
        if (parts[i].len) /* an absent part is { NULL, 0 } */
            memcpy(p, parts[i].s, parts[i].len);
        p += parts[i].len;
    }
    *p = '\0';
    return out;
}

/* @u in decimal, as %" G_GUINT64_FORMAT " would write it, at the end of @buf. */
#define DECIMAL_BUF 24
static SipStr udecimal(guint64 u, char buf[DECIMAL_BUF])
{
    char *end = buf + DECIMAL_BUF, *p = end;
    do
        *--p = (char) ('0' + u % 10);
    while ((u /= 10) > 0);
    return (SipStr){ p, (gsize) (end - p) };
}

/* @v as %d would write it. */
static SipStr decimal(gint64 v, char buf[DECIMAL_BUF])
{
    SipStr d = udecimal(v < 0 ? -(guint64) v : (guint64) v, buf);
    if (v >= 0)
        return d;
    char *p = (char *) d.s - 1;
    *p = '-';
    return (SipStr){ p, d.len + 1 };
}

static SipStr cstr(const char *s)
{
    return (SipStr){ s, strlen(s) };
}

static char *client_key(SipStr branch, SipStr method)
{
    SipStr parts[] = { SIP_STR("c "), branch, SIP_STR(" "), method };
    return concat(parts, G_N_ELEMENTS(parts));
}

/* 17.2.3: a request matches by the top Via's branch and sent-by, and its method (an ACK as the
 * INVITE's); without the magic cookie (RFC 2543), by Request-URI, From tag, Call-ID, CSeq number
 * and the top Via (the To tag is left out: the ACK of a non-2xx carries the response's). */
static char *server_key(const SipMessage *req, SipStr method)
{
    const SipVia *via = sip_message_via(req, 0);
    if (has_cookie(via->branch)) {
        char port[DECIMAL_BUF];
        SipStr parts[] = { SIP_STR("s "), via->branch,  SIP_STR(" "),
                           via->host,     SIP_STR(":"), decimal(via->port, port),
                           SIP_STR(" "),  method };
        return concat(parts, G_N_ELEMENTS(parts));
    }
    const SipNameAddr *from = sip_message_from(req);
    SipStr call_id = sip_message_call_id(req);
    const SipUri *ruri = sip_message_request_uri(req);
    return g_strdup_printf("o %.*s %.*s %.*s %u %.*s %.*s", (int) ruri->text.len, ruri->text.s,
                           (int) from->tag.len, from->tag.s, (int) call_id.len, call_id.s,
                           sip_message_cseq(req)->number, (int) via->text.len, via->text.s,
                           (int) method.len, method.s);
}

char *sip_stack_new_branch(SipStack *stack)
{
    char id[DECIMAL_BUF];
    SipStr parts[] = { SIP_STR(MAGIC_COOKIE "-"), cstr(net_node_name(stack->node)), SIP_STR("-"),
                       udecimal(++stack->next_id, id) };
    return concat(parts, G_N_ELEMENTS(parts));
}

char *sip_stack_new_tag(SipStack *stack)
{
    char id[DECIMAL_BUF];
    SipStr parts[] = { cstr(net_node_name(stack->node)), SIP_STR("-"),
                       udecimal(++stack->next_id, id) };
    return concat(parts, G_N_ELEMENTS(parts));
}

char *sip_stack_new_call_id(SipStack *stack)
{
    char ip[NET_IP_BUF];
    return g_strdup_printf("%s-%" G_GUINT64_FORMAT "@%s", net_node_name(stack->node),
                           ++stack->next_id, net_ip_format(net_node_address(stack->node), ip));
}

/* ---- sending ---- */

static void transmit(SipStack *s, const SipTransaction *t, NetEndpoint to, const char *bytes,
                     gsize len, gboolean retransmission)
{
    NetDatagram *dg = net_datagram_new(bytes, len);
    if (sip_trace_active(s->trace)) {
        SipMessageEvent ev = {
            .time = sim_kernel_now(s->kernel),
            .node = s->node,
            .datagram = net_network_next_datagram_id(net_node_network(s->node)),
            .bytes = bytes,
            .len = len,
            .retransmission = retransmission,
            .txn = t,
        };
        sip_trace_message(s->trace, &ev);
    }
    net_node_send(s->node, s->port, to, dg);
}

static StackTxn *stack_txn(const SipTransaction *t)
{
    return t->owner;
}

static SipTransaction *new_transaction(SipStack *s, SipTxnKind kind, NetEndpoint peer,
                                       SipMessage *request, char *key)
{
    StackTxn *st = g_new0(StackTxn, 1);
    st->stack = s;
    st->request = request;
    st->key = key;
    SipTransaction *t = sip_transaction_new(kind, s->kernel, s->timers, &txn_ops, st, peer);
    g_hash_table_insert(s->transactions, key, t);
    s->stats.transactions[kind]++;
    return t;
}

SipTransaction *sip_stack_send_request(SipStack *stack, NetEndpoint to, char *bytes, gsize len,
                                       gpointer tu)
{
    GError *error = NULL;
    SipMessage *msg = sip_message_parse(bytes, len, &error);
    if (!msg)
        g_error("a core rendered a request that does not parse: %s", error->message);
    SipMethod method = sip_message_method(msg);
    if (method == SIP_METHOD_ACK) {
        transmit(stack, NULL, to, bytes, len, FALSE);
        sip_message_free(msg);
        g_free(bytes);
        return NULL;
    }
    const SipVia *via = sip_message_via(msg, 0);
    char *key = client_key(via->branch, sip_message_method_text(msg));
    g_return_val_if_fail(!g_hash_table_contains(stack->transactions, key), NULL);
    SipTransaction *t = new_transaction(
        stack, method == SIP_METHOD_INVITE ? SIP_TXN_ICT : SIP_TXN_NICT, to, msg, key);
    t->tu = tu;
    SipTxnInput in = { .message = msg, .bytes = (const guint8 *) bytes, .len = len };
    sip_transaction_dispatch(t, SIP_TXN_EV_SEND_REQUEST, &in);
    g_free(bytes);
    return t;
}

/* The status code of rendered response bytes: "SIP/2.0 NNN ...". */
static guint status_of(const char *bytes, gsize len)
{
    g_return_val_if_fail(len >= 12 && memcmp(bytes, "SIP/2.0 ", 8) == 0, 500);
    return (guint) ((bytes[8] - '0') * 100 + (bytes[9] - '0') * 10 + (bytes[10] - '0'));
}

void sip_stack_respond(SipStack *stack, SipTransaction *st, char *bytes, gsize len)
{
    guint code = status_of(bytes, len);
    SipTxnEvent ev = code < 200   ? SIP_TXN_EV_SEND_1XX
                     : code < 300 ? SIP_TXN_EV_SEND_2XX
                                  : SIP_TXN_EV_SEND_FINAL;
    SipTxnInput in = { .bytes = (const guint8 *) bytes, .len = len };
    if (code >= 200 && !stack_txn(st)->status)
        stack_txn(st)->status = code;
    sip_transaction_dispatch(st, ev, &in);
    g_free(bytes);
}

void sip_stack_send_stateless(SipStack *stack, NetEndpoint to, char *bytes, gsize len,
                              gboolean retransmission)
{
    transmit(stack, NULL, to, bytes, len, retransmission);
    g_free(bytes);
}

const SipMessage *sip_stack_request_of(const SipTransaction *t)
{
    return stack_txn(t)->request;
}

void sip_stack_response_init(const SipTransaction *st, SipWriter *w, guint code, SipStr reason,
                             SipStr to_tag)
{
    sip_stack_response_init_via(st, w, code, reason, to_tag, (SipStr){ 0 });
}

void sip_stack_response_init_via(const SipTransaction *st, SipWriter *w, guint code, SipStr reason,
                                 SipStr to_tag, SipStr via_params)
{
    const StackTxn *x = stack_txn(st);
    SipResponseSpec spec = {
        .code = code,
        .reason = reason,
        .to_tag = to_tag,
        .received = x->received ? sip_str(x->received) : (SipStr){ 0 },
        .rport = x->rport,
        .via_params = via_params,
    };
    sip_writer_init_response_to(w, x->request, &spec);
}

void sip_stack_via_received(const SipTransaction *st, SipWriter *w)
{
    const StackTxn *x = stack_txn(st);
    sip_writer_via_received(w, sip_message_via(x->request, 0),
                            x->received ? sip_str(x->received) : (SipStr){ 0 }, x->rport);
}

SipTransaction *sip_stack_find_invite(SipStack *stack, const SipMessage *cancel)
{
    g_autofree char *key = server_key(cancel, SIP_STR("INVITE"));
    return g_hash_table_lookup(stack->transactions, key);
}

/* ---- the transactions' ops ---- */

static void op_send(SipTransaction *t, const SipBytes *bytes, gboolean retransmission)
{
    SipStack *s = stack_txn(t)->stack;
    if (retransmission)
        s->stats.retransmissions[t->kind]++;
    transmit(s, t, t->peer, (const char *) bytes->data, bytes->len, retransmission);
}

static void op_deliver(SipTransaction *t, const SipTxnInput *in)
{
    SipStack *s = stack_txn(t)->stack;
    if (t->kind == SIP_TXN_ICT || t->kind == SIP_TXN_NICT)
        s->ops->response(s->core, s, t, in->message);
    else
        s->ops->request(s->core, s, t, in->message);
}

static void op_timeout(SipTransaction *t, SipTimer timer)
{
    SipStack *s = stack_txn(t)->stack;
    s->stats.timeouts[t->kind]++;
    s->ops->timeout(s->core, s, t, timer);
}

/* 17.1.1.3: the ACK of a non-2xx final response: the INVITE's Request-URI, top Via, From,
 * Call-ID, CSeq number and Route set, and the response's To. */
static void op_build_ack(SipTransaction *t, const SipTxnInput *response, SipBytes *ack)
{
    const SipMessage *invite = stack_txn(t)->request;
    const SipMessage *resp = response->message;
    SipWriter w;
    sip_writer_init_request(&w, SIP_STR("ACK"), sip_message_request_uri(invite)->text);
    sip_writer_header(&w, SIP_HDR_VIA, sip_message_via(invite, 0)->text);
    sip_writer_max_forwards(&w, 70);
    sip_writer_copy_headers(&w, invite, SIP_HDR_FROM);
    sip_writer_copy_headers(&w, resp, SIP_HDR_TO);
    sip_writer_copy_headers(&w, invite, SIP_HDR_CALL_ID);
    sip_writer_cseq(&w, sip_message_cseq(invite)->number, SIP_STR("ACK"));
    sip_writer_copy_headers(&w, invite, SIP_HDR_ROUTE);
    gsize len;
    char *text = sip_writer_finish(&w, &len);
    g_free(ack->data);
    ack->data = (guint8 *) text;
    ack->len = len;
}

static void trace_timer(SipTransaction *t, SipTxnState state, SipTimer timer)
{
    StackTxn *x = stack_txn(t);
    g_autofree char *branch = sip_str_dup(sip_message_via(x->request, 0)->branch);
    g_autofree char *method = sip_str_dup(sip_message_method_text(x->request));
    g_autofree char *call_id = sip_str_dup(sip_message_call_id(x->request));
    SipTxnTimerEvent ev = {
        .time = sim_kernel_now(x->stack->kernel),
        .node = x->stack->node,
        .txn = t,
        .branch = branch,
        .method = method,
        .call_id = call_id,
        .state = state,
        .timer = timer,
    };
    sip_trace_timer(x->stack->trace, &ev);
}

static void op_event(SipTransaction *t, SipTxnState state, SipTxnEvent event, gboolean handled)
{
    SipStack *s = stack_txn(t)->stack;
    if (!handled)
        s->stats.dropped_events++;
    else if (event >= SIP_TXN_EV_TIMER && sip_trace_wants_timers(s->trace))
        trace_timer(t, state, (SipTimer) (event - SIP_TXN_EV_TIMER));
}

static void trace_state(SipTransaction *t, SipTxnState from, SipTxnState to, SipTxnEvent event,
                        SipTxnCut cut)
{
    StackTxn *x = stack_txn(t);
    SipStack *s = x->stack;
    if (!sip_trace_wants_transactions(s->trace))
        return;
    g_autofree char *branch = sip_str_dup(sip_message_via(x->request, 0)->branch);
    g_autofree char *method = sip_str_dup(sip_message_method_text(x->request));
    g_autofree char *call_id = sip_str_dup(sip_message_call_id(x->request));
    SipTxnStateEvent ev = {
        .time = sim_kernel_now(s->kernel),
        .node = s->node,
        .txn = t,
        .branch = branch,
        .method = method,
        .call_id = call_id,
        .from = from,
        .to = to,
        .event = event,
        .cut = cut,
        .status = x->status,
    };
    sip_trace_transaction(s->trace, &ev);
}

static void op_state_changed(SipTransaction *t, SipTxnState from, SipTxnState to, SipTxnEvent event)
{
    trace_state(t, from, to, event, SIP_TXN_CUT_NONE);
}

static void stack_txn_free(StackTxn *x)
{
    sip_message_free(x->request);
    g_free(x->received);
    g_free(x);
}

static void op_terminated(SipTransaction *t)
{
    StackTxn *x = stack_txn(t);
    SipStack *s = x->stack;
    g_hash_table_remove(s->transactions, x->key); /* frees the key */
    s->ops->terminated(s->core, s, t);
    stack_txn_free(x);
}

static const SipTxnOps txn_ops = {
    .send = op_send,
    .deliver = op_deliver,
    .timeout = op_timeout,
    .build_ack = op_build_ack,
    .event = op_event,
    .state_changed = op_state_changed,
    .terminated = op_terminated,
};

void sip_stack_abandon(SipStack *stack, SipTransaction *t)
{
    g_return_if_fail(stack_txn(t)->stack == stack && !t->dispatching);
    trace_state(t, t->state, SIP_TXN_TERMINATED, SIP_TXN_N_EVENTS, SIP_TXN_CUT_ABANDONED);
    op_terminated(t);
    sip_transaction_free(t);
}

/* ---- receiving ---- */

/* 18.2.2 with RFC 3581 section 4: responses go to the source of the request when its top Via
 * asks for rport, else to its received address or sent-by host, at the Via's port. The Via
 * records the source: received when the sent-by host differs from it, and the rport value. */
static NetEndpoint response_target(StackTxn *x, const SipVia *via, const NetDatagram *dg)
{
    char src[NET_IP_BUF];
    net_ip_format(dg->src.ip, src);
    NetIp sent_by;
    g_autofree char *host = sip_str_dup(via->host);
    if (!net_ip_parse(host, &sent_by) || sent_by != dg->src.ip)
        x->received = g_strdup(src);
    if (via->rport >= 0) {
        x->rport = dg->src.port;
        return dg->src;
    }
    return (NetEndpoint){ dg->src.ip, via->port > 0 ? (guint16) via->port : SIP_DEFAULT_PORT };
}

static void receive_request(SipStack *s, SipMessage *msg, const NetDatagram *dg)
{
    SipMethod method = sip_message_method(msg);
    SipTxnInput in = { .message = msg, .bytes = dg->data, .len = dg->len };
    if (method == SIP_METHOD_ACK) {
        g_autofree char *key = server_key(msg, SIP_STR("INVITE"));
        SipTransaction *t = g_hash_table_lookup(s->transactions, key);
        if (t)
            sip_transaction_dispatch(t, SIP_TXN_EV_RECV_ACK, &in);
        else
            s->ops->request(s->core, s, NULL, msg);
        sip_message_free(msg);
        return;
    }
    char *key = server_key(msg, sip_message_method_text(msg));
    SipTransaction *t = g_hash_table_lookup(s->transactions, key);
    if (t) { /* a retransmission */
        g_free(key);
        sip_transaction_dispatch(t, SIP_TXN_EV_RECV_REQUEST, &in);
        sip_message_free(msg);
        return;
    }
    t = new_transaction(s, method == SIP_METHOD_INVITE ? SIP_TXN_IST : SIP_TXN_NIST,
                        (NetEndpoint){ 0 }, msg, key);
    t->peer = response_target(stack_txn(t), sip_message_via(msg, 0), dg);
    sip_transaction_dispatch(t, SIP_TXN_EV_RECV_REQUEST, &in);
}

static void receive_response(SipStack *s, SipMessage *msg)
{
    g_autofree char *key =
        client_key(sip_message_via(msg, 0)->branch, sip_message_cseq(msg)->method_text);
    SipTransaction *t = g_hash_table_lookup(s->transactions, key);
    if (!t) {
        s->stats.stray_responses++;
        s->ops->response(s->core, s, NULL, msg);
        sip_message_free(msg);
        return;
    }
    guint code = sip_message_status(msg);
    SipTxnEvent ev = code < 200   ? SIP_TXN_EV_RECV_1XX
                     : code < 300 ? SIP_TXN_EV_RECV_2XX
                                  : SIP_TXN_EV_RECV_FINAL;
    SipStr bytes = sip_message_bytes(msg);
    SipTxnInput in = { .message = msg, .bytes = (const guint8 *) bytes.s, .len = bytes.len };
    if (code >= 200 && !stack_txn(t)->status)
        stack_txn(t)->status = code;
    sip_transaction_dispatch(t, ev, &in);
    sip_message_free(msg);
}

/* A keep-alive: CRLFs and nothing else, which a parser would ignore before a start line
 * (RFC 3261 7.5) and RFC 5626 3.5.1 sends to keep a NAT binding open. */
gboolean sip_stack_is_keepalive(const NetDatagram *dg)
{
    for (guint32 i = 0; i < dg->len; i++)
        if (dg->data[i] != '\r' && dg->data[i] != '\n')
            return FALSE;
    return dg->len > 0;
}

void sip_stack_receive(SipStack *stack, const NetDatagram *dg)
{
    if (sip_stack_is_keepalive(dg)) {
        stack->stats.keepalives++;
        return;
    }
    SipMessage *msg = sip_message_parse((const char *) dg->data, dg->len, NULL);
    /* Without a Via and a CSeq nothing can be matched or answered: drop it (18.1.2, 18.2.1). */
    if (!msg || sip_message_via_count(msg) == 0 || !sip_message_cseq(msg) ||
        (sip_message_is_request(msg) && (!sip_message_from(msg) || !sip_message_call_id(msg).s))) {
        stack->stats.malformed++;
        sip_message_free(msg);
        return;
    }
    if (sip_message_is_request(msg))
        receive_request(stack, msg, dg);
    else
        receive_response(stack, msg);
}

/* ---- the stack ---- */

SipStack *sip_stack_new(SimKernel *kernel, NetNode *node, guint16 port,
                        const SipTimerConfig *timers, const SipTrace *trace, const SipCoreOps *ops,
                        gpointer core)
{
    SipStack *s = g_new0(SipStack, 1);
    s->kernel = kernel;
    s->node = node;
    s->port = port;
    s->timers = timers;
    s->trace = trace;
    s->ops = ops;
    s->core = core;
    s->transactions = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    net_node_bind(node, port);
    return s;
}

/* @cut: each is reported as ended so (a restart), else freed silently (the run's end). */
static void free_transactions(SipStack *stack, SipTxnCut cut)
{
    GHashTableIter it;
    gpointer t;
    g_hash_table_iter_init(&it, stack->transactions);
    while (g_hash_table_iter_next(&it, NULL, &t)) {
        if (cut != SIP_TXN_CUT_NONE)
            trace_state(t, ((SipTransaction *) t)->state, SIP_TXN_TERMINATED, SIP_TXN_N_EVENTS,
                        cut);
        stack_txn_free(stack_txn(t));
        sip_transaction_free(t);
        g_hash_table_iter_remove(&it);
    }
}

void sip_stack_forget_all(SipStack *stack)
{
    free_transactions(stack, SIP_TXN_CUT_RESTART);
}

void sip_stack_free(SipStack *stack)
{
    if (!stack)
        return;
    free_transactions(stack, SIP_TXN_CUT_NONE);
    g_hash_table_destroy(stack->transactions);
    g_free(stack);
}

NetNode *sip_stack_node(const SipStack *stack)
{
    return stack->node;
}

guint16 sip_stack_port(const SipStack *stack)
{
    return stack->port;
}

SimKernel *sip_stack_kernel(const SipStack *stack)
{
    return stack->kernel;
}

const SipTimerConfig *sip_stack_timers(const SipStack *stack)
{
    return stack->timers;
}

NetEndpoint sip_stack_address(const SipStack *stack)
{
    return (NetEndpoint){ net_node_address(stack->node), stack->port };
}

const SipStackStats *sip_stack_stats(const SipStack *stack)
{
    return &stack->stats;
}

guint sip_stack_live_transactions(const SipStack *stack)
{
    return g_hash_table_size(stack->transactions);
}
