/* SPDX-License-Identifier: MIT */
#include "sip-stack.h"

#include <string.h>

#include "sim-cost.h"

#define MAGIC_COOKIE "z9hG4bK" /* RFC 3261 8.1.1.7: a branch made by an RFC 3261 element */

struct SipStack {
    SimKernel *kernel;
    NetNode *node;
    guint16 port;
    const SipTimerConfig *timers;
    const SipTrace *trace;
    const SipCoreOps *ops;
    gpointer core;
    /* key -> SipTransaction *; NULL while there is none: an idle phone holds no table */
    GHashTable *transactions;
    GQueue answered; /* StackTxn *: transactions whose request can go, at the next safe moment */
    guint64 next_id;
    SipStackStats stats;
};

/* What the stack keeps with each transaction (its owner field). */
typedef struct {
    SipStack *stack;
    /* client: the request sent; server: the request received. NULL once the transaction is
     * answered (see release_request); a client's is parsed from @sent when first asked for. */
    SipMessage *request;
    char *sent; /* client: the request's bytes as its core rendered them, until answered */
    gsize sent_len;
    char *key;
    char *received; /* server: the received parameter for the top Via (18.2.1), or NULL */
    guint rport;    /* server: the rport value to fill (RFC 3581), or 0 */
    guint status;   /* the first final response received (client) or sent (server), 0: none */
    char *labels;   /* without its request, for the trace: "branch\0method\0call-id" */
    GList answered; /* its link in the stack's answered queue; data is NULL when out of it */
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

/* The transaction's request, parsed now if it was not yet (a client's own request: most are
 * never asked for, so the stack does not parse back what its core just rendered). */
static const SipMessage *request_of(StackTxn *x)
{
    if (!x->request && x->sent) {
        GError *error = NULL;
        SIM_COST_ENTER(parse);
        x->request = sip_message_parse(x->sent, x->sent_len, &error);
        SIM_COST_LEAVE(parse);
        if (!x->request)
            g_error("a core rendered a request that does not parse: %s", error->message);
    }
    return x->request;
}

/* The method and the top Via's branch of a request that sipsim's writer rendered: its start
 * line's first token, and the branch parameter of its first Via header's first value. FALSE
 * when the text is not so simple (the caller parses it then). */
static gboolean scan_sent(const char *bytes, gsize len, SipStr *method, SipStr *branch)
{
    const char *end = bytes + len, *sp = memchr(bytes, ' ', len);
    if (!sp)
        return FALSE;
    *method = (SipStr){ bytes, (gsize) (sp - bytes) };
    for (const char *line = memchr(sp, '\n', (gsize) (end - sp)); line && line + 1 < end;
         line = memchr(line + 1, '\n', (gsize) (end - line - 1))) {
        const char *h = line + 1;
        if (h < end && (*h == '\r' || *h == '\n'))
            return FALSE; /* the end of the headers: no Via */
        if (end - h < 4 || g_ascii_strncasecmp(h, "Via:", 4) != 0)
            continue;
        const char *eol = memchr(h, '\r', (gsize) (end - h));
        const char *comma = memchr(h, ',', (gsize) ((eol ? eol : end) - h));
        const char *stop = comma ? comma : eol ? eol : end;
        for (const char *q = h; q + 8 <= stop; q++) {
            if (g_ascii_strncasecmp(q, ";branch=", 8) != 0)
                continue;
            const char *v = q + 8, *e = v;
            while (e < stop && *e != ';' && *e != ' ' && *e != '\t')
                e++;
            *branch = (SipStr){ v, (gsize) (e - v) };
            return branch->len > 0;
        }
        return FALSE;
    }
    return FALSE;
}

static SipTransaction *lookup(const SipStack *s, const char *key)
{
    return s->transactions ? g_hash_table_lookup(s->transactions, key) : NULL;
}

static SipTransaction *new_transaction(SipStack *s, SipTxnKind kind, NetEndpoint peer,
                                       SipMessage *request, char *key)
{
    StackTxn *st = g_new0(StackTxn, 1);
    st->stack = s;
    st->request = request;
    st->key = key;
    SipTransaction *t = sip_transaction_new(kind, s->kernel, s->timers, &txn_ops, st, peer);
    if (!s->transactions)
        s->transactions = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_hash_table_insert(s->transactions, key, t);
    s->stats.transactions[kind]++;
    return t;
}

static SipTransaction *send_request(SipStack *stack, NetEndpoint to, char *bytes, gsize len,
                                    gpointer tu)
{
    SipStr method, branch;
    g_autoptr(SipMessage) parsed = NULL;
    if (!scan_sent(bytes, len, &method, &branch)) {
        GError *error = NULL;
        SIM_COST_ENTER(parse);
        parsed = sip_message_parse(bytes, len, &error);
        SIM_COST_LEAVE(parse);
        if (!parsed)
            g_error("a core rendered a request that does not parse: %s", error->message);
        method = sip_message_method_text(parsed);
        branch = sip_message_via(parsed, 0)->branch;
    }
    SipMethod m = sip_method_lookup(method);
    if (m == SIP_METHOD_ACK) {
        transmit(stack, NULL, to, bytes, len, FALSE);
        g_free(bytes);
        return NULL;
    }
    char *key = client_key(branch, method);
    g_return_val_if_fail(!lookup(stack, key), NULL);
    SipTransaction *t = new_transaction(stack, m == SIP_METHOD_INVITE ? SIP_TXN_ICT : SIP_TXN_NICT,
                                        to, g_steal_pointer(&parsed), key);
    StackTxn *x = stack_txn(t);
    x->sent = bytes;
    x->sent_len = len;
    t->tu = tu;
    SipTxnInput in = { .bytes = (const guint8 *) bytes, .len = len };
    sip_transaction_dispatch(t, SIP_TXN_EV_SEND_REQUEST, &in);
    return t;
}

SipTransaction *sip_stack_send_request(SipStack *stack, NetEndpoint to, char *bytes, gsize len,
                                       gpointer tu)
{
    SIM_COST_ENTER(transactions);
    SipTransaction *t = send_request(stack, to, bytes, len, tu);
    SIM_COST_LEAVE(transactions);
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
    SIM_COST_ENTER(transactions);
    sip_transaction_dispatch(st, ev, &in);
    SIM_COST_LEAVE(transactions);
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
    StackTxn *x = stack_txn(t);
    g_return_val_if_fail(x->request || x->sent, NULL);
    return request_of(x);
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
    return lookup(stack, key);
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
    const SipMessage *invite = request_of(stack_txn(t));
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

/* What the trace names a transaction by: its request's top Via branch, method and Call-ID. */
static SipStr *txn_labels(StackTxn *x, SipStr labels[3])
{
    if (x->request || x->sent) {
        const SipMessage *req = request_of(x);
        labels[0] = sip_message_via(req, 0)->branch;
        labels[1] = sip_message_method_text(req);
        labels[2] = sip_message_call_id(req);
    } else {
        const char *p = x->labels;
        for (int i = 0; i < 3; i++) {
            labels[i] = cstr(p);
            p += labels[i].len + 1;
        }
    }
    return labels;
}

static void trace_timer(SipTransaction *t, SipTxnState state, SipTimer timer)
{
    StackTxn *x = stack_txn(t);
    SipStr *labels = txn_labels(x, (SipStr[3]){ 0 });
    g_autofree char *branch = sip_str_dup(labels[0]);
    g_autofree char *method = sip_str_dup(labels[1]);
    g_autofree char *call_id = sip_str_dup(labels[2]);
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
    SipStr *labels = txn_labels(x, (SipStr[3]){ 0 });
    g_autofree char *branch = sip_str_dup(labels[0]);
    g_autofree char *method = sip_str_dup(labels[1]);
    g_autofree char *call_id = sip_str_dup(labels[2]);
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

/* Whether a transaction in @state is done with its request: it no longer sends or answers it,
 * and its TU no longer asks for it. A client with its final response resends only its ACK (built
 * already, 17.1.1.3) and passes 2xx retransmissions up; a server with its final response sent
 * resends that. An INVITE server in Completed keeps it: Timer H tells the TU (17.2.1). */
static gboolean done_with_request(SipTxnKind kind, SipTxnState state)
{
    switch (state) {
    case SIP_TXN_ACCEPTED:
    case SIP_TXN_CONFIRMED:
        return TRUE;
    case SIP_TXN_COMPLETED:
        return kind != SIP_TXN_IST;
    default:
        return FALSE;
    }
}

static void op_state_changed(SipTransaction *t, SipTxnState from, SipTxnState to, SipTxnEvent event)
{
    trace_state(t, from, to, event, SIP_TXN_CUT_NONE);
    StackTxn *x = stack_txn(t);
    if (done_with_request(t->kind, to) && !x->answered.data && (x->request || x->sent)) {
        x->answered.data = x;
        g_queue_push_tail_link(&x->stack->answered, &x->answered);
    }
}

/*
 * A transaction's parsed request is most of what it holds (2 to 4 KiB), and the answered ones
 * outlive their call's setup by 32 s (Timers J, L and M). The request goes, and with it the
 * received address for the responses, once the transaction is answered; the trace keeps its
 * names. Not at once: the TU that answered may still be reading the request it got (whoever
 * called sip_stack_respond), so the stack waits for a moment where no TU is running: the start
 * or end of its handling of a datagram, which always comes from the kernel.
 */
static void release_request(StackTxn *x)
{
    if (sip_trace_wants_transactions(x->stack->trace) || sip_trace_wants_timers(x->stack->trace)) {
        SipStr *labels = txn_labels(x, (SipStr[3]){ 0 });
        SipStr parts[] = { labels[0], SIP_STR("\0"), labels[1], SIP_STR("\0"), labels[2] };
        x->labels = concat(parts, G_N_ELEMENTS(parts));
    }
    g_clear_pointer(&x->request, sip_message_free);
    g_clear_pointer(&x->sent, g_free);
    g_clear_pointer(&x->received, g_free);
}

static void release_answered(SipStack *s)
{
    GList *link;
    while ((link = g_queue_pop_head_link(&s->answered))) {
        StackTxn *x = link->data;
        x->answered.data = NULL;
        release_request(x);
    }
}

static void stack_txn_free(StackTxn *x)
{
    if (x->answered.data)
        g_queue_unlink(&x->stack->answered, &x->answered);
    sip_message_free(x->request);
    g_free(x->sent);
    g_free(x->received);
    g_free(x->labels);
    g_free(x);
}

static void op_terminated(SipTransaction *t)
{
    StackTxn *x = stack_txn(t);
    SipStack *s = x->stack;
    g_hash_table_remove(s->transactions, x->key); /* frees the key */
    if (g_hash_table_size(s->transactions) == 0)
        g_clear_pointer(&s->transactions, g_hash_table_destroy);
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
        SipTransaction *t = lookup(s, key);
        if (t)
            sip_transaction_dispatch(t, SIP_TXN_EV_RECV_ACK, &in);
        else
            s->ops->request(s->core, s, NULL, msg);
        sip_message_free(msg);
        return;
    }
    char *key = server_key(msg, sip_message_method_text(msg));
    SipTransaction *t = lookup(s, key);
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
    SipTransaction *t = lookup(s, key);
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

static void receive(SipStack *stack, const NetDatagram *dg)
{
    if (sip_stack_is_keepalive(dg)) {
        stack->stats.keepalives++;
        return;
    }
    SIM_COST_ENTER(parse);
    SipMessage *msg = sip_message_parse((const char *) dg->data, dg->len, NULL);
    SIM_COST_LEAVE(parse);
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

void sip_stack_receive(SipStack *stack, const NetDatagram *dg)
{
    SIM_COST_ENTER(transactions);
    release_answered(stack); /* answered since the last datagram, by a timer's TU */
    receive(stack, dg);
    release_answered(stack);
    SIM_COST_LEAVE(transactions);
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
    net_node_bind(node, port);
    return s;
}

/* @cut: each is reported as ended so (a restart), else freed silently (the run's end). */
static void free_transactions(SipStack *stack, SipTxnCut cut)
{
    GHashTableIter it;
    gpointer t;
    if (!stack->transactions)
        return;
    g_hash_table_iter_init(&it, stack->transactions);
    while (g_hash_table_iter_next(&it, NULL, &t)) {
        if (cut != SIP_TXN_CUT_NONE)
            trace_state(t, ((SipTransaction *) t)->state, SIP_TXN_TERMINATED, SIP_TXN_N_EVENTS,
                        cut);
        stack_txn_free(stack_txn(t));
        sip_transaction_free(t);
        g_hash_table_iter_remove(&it);
    }
    g_clear_pointer(&stack->transactions, g_hash_table_destroy);
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
    return stack->transactions ? g_hash_table_size(stack->transactions) : 0;
}
