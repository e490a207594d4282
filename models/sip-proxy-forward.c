/* SPDX-License-Identifier: MIT */
/*
 * The transaction-stateful proxy of RFC 3261: request forwarding (16.6) through one client
 * transaction per target, each a branch of the request's response context; response processing
 * (16.7) and the choice of the best final response; Timer C (16.8); CANCEL (16.10); and the
 * stateless forwarding of ACKs and of responses no transaction knows (16.11). The conditions of
 * call forwarding are met here; sip-proxy-call-forwarding.c acts on them.
 */
#include "sip-proxy-private.h"

#include <string.h>

#define LOOP_HASH_LEN 16

/* 12.1, RFC 6665 4.1, RFC 3515 2.4.4: the requests that can create a dialog get the proxy's
 * Record-Route (16.6 item 4), in a dialog as well as outside one. */
#define DIALOG_METHODS                                                                             \
    (SIP_METHOD_BIT(SIP_METHOD_INVITE) | SIP_METHOD_BIT(SIP_METHOD_SUBSCRIBE) |                    \
     SIP_METHOD_BIT(SIP_METHOD_REFER))

/* ---- the proxy's own URIs and Vias ---- */

/* A URI that names this proxy (16.4): its host, at its port. */
static gboolean uri_is_proxy(const SipProxy *p, const SipUri *uri)
{
    return uri->kind != SIP_URI_OTHER && sip_proxy_host_is_ours(p, uri->host) &&
           (uri->port < 0 || uri->port == SIP_DEFAULT_PORT);
}

static gboolean via_is_ours(const SipProxy *p, const SipVia *via)
{
    return sip_str_equal(via->host, sip_str(p->host)) &&
           (via->port < 0 || via->port == SIP_DEFAULT_PORT);
}

/* 16.4: the first Route value names the proxy: it is removed. */
static gboolean first_route_is_ours(const SipProxy *p, const SipMessage *req)
{
    return sip_message_route_count(req) > 0 && uri_is_proxy(p, &sip_message_route(req, 0)->uri);
}

/* ---- loops (16.3 item 4, 16.6 item 8) ---- */

static void hash_add(GChecksum *ck, SipStr s)
{
    if (s.s)
        g_checksum_update(ck, (const guchar *) s.s, (gssize) s.len);
    g_checksum_update(ck, (const guchar *) "\n", 1);
}

/* What decides how a request is processed: the Request-URI as received, the From and To tags,
 * Call-ID, CSeq number, Route, Proxy-Require and Proxy-Authorization. 16.6 item 8 suggests the
 * top Via too; it is left out, since a request that comes back through another element has
 * another top Via and would always pass for a spiral. */
static char *loop_hash(const SipMessage *req)
{
    GChecksum *ck = g_checksum_new(G_CHECKSUM_MD5);
    hash_add(ck, sip_message_request_uri(req)->text);
    hash_add(ck, sip_message_from(req)->tag);
    hash_add(ck, sip_message_to(req)->tag);
    hash_add(ck, sip_message_call_id(req));
    char cseq[16];
    g_snprintf(cseq, sizeof cseq, "%u", sip_message_cseq(req)->number);
    hash_add(ck, sip_str(cseq));
    for (guint i = 0; i < sip_message_header_count(req); i++) {
        const SipHeader *h = sip_message_header(req, i);
        if (h->id == SIP_HDR_ROUTE || h->id == SIP_HDR_PROXY_REQUIRE ||
            h->id == SIP_HDR_PROXY_AUTHORIZATION)
            hash_add(ck, h->value);
    }
    char *hash = g_strndup(g_checksum_get_string(ck), LOOP_HASH_LEN);
    g_checksum_free(ck);
    return hash;
}

/* A branch "z9hG4bK-NODE-N", with ".HASH" after it when the proxy detects loops. */
static char *new_branch(SipProxy *p, const SipMessage *req)
{
    char *branch = sip_stack_new_branch(p->stack);
    if (!p->config.loop_detection)
        return branch;
    g_autofree char *hash = loop_hash(req);
    char *both = g_strconcat(branch, ".", hash, NULL);
    g_free(branch);
    return both;
}

/* The request passed here before with the same hash: a loop; with another hash: a spiral. */
gboolean sip_proxy_looped(const SipProxy *p, const SipMessage *req)
{
    g_autofree char *hash = loop_hash(req);
    for (guint i = 0; i < sip_message_via_count(req); i++) {
        const SipVia *via = sip_message_via(req, i);
        SipStr b = via->branch;
        if (via_is_ours(p, via) && b.len > LOOP_HASH_LEN && b.s[b.len - LOOP_HASH_LEN - 1] == '.' &&
            memcmp(b.s + b.len - LOOP_HASH_LEN, hash, LOOP_HASH_LEN) == 0)
            return TRUE;
    }
    return FALSE;
}

/* 16.11: a stateless forward's branch depends on the request alone, so that a retransmission
 * gets the same: a hash of the top Via, which holds the previous hop's branch. */
static char *stateless_branch(SipProxy *p, const SipMessage *req)
{
    SipStr via = sip_message_via(req, 0)->text;
    g_autofree char *hash =
        g_compute_checksum_for_data(G_CHECKSUM_MD5, (const guchar *) via.s, via.len);
    return g_strdup_printf("z9hG4bK-%s-%.*s", net_node_name(sip_stack_node(p->stack)),
                           LOOP_HASH_LEN, hash);
}

/* ---- rendering ---- */

/* What follows the first element @first (a via-parm or a Route value) of a header's value,
 * without the comma: empty when the header held only that one. */
static SipStr rest_after(const SipHeader *h, SipStr first)
{
    const char *s = first.s + first.len, *end = h->value.s + h->value.len;
    g_return_val_if_fail(first.s >= h->value.s && s <= end, ((SipStr){ end, 0 }));
    while (s < end && (*s == ' ' || *s == '\t' || *s == ','))
        s++;
    return (SipStr){ s, (gsize) (end - s) };
}

typedef struct {
    SipStr target; /* the copy's Request-URI */
    SipStr branch;
    gboolean record_route;
    SipTransaction *st; /* the request's server transaction; NULL for a stateless forward */
} ForwardSpec;

/* Its own Via on top (item 8), then the received top Via with received and rport filled. */
static void write_vias(SipProxy *p, SipWriter *w, const SipMessage *req, const SipHeader *h,
                       const ForwardSpec *fs)
{
    sip_writer_via(w, SIP_STR("UDP"), sip_str(p->host), SIP_DEFAULT_PORT, fs->branch, FALSE);
    const SipVia *top = sip_message_via(req, 0);
    if (fs->st)
        sip_stack_via_received(fs->st, w);
    else
        sip_writer_header(w, SIP_HDR_VIA, top->text);
    SipStr rest = rest_after(h, top->text);
    if (rest.len)
        sip_writer_header(w, SIP_HDR_VIA, rest);
}

/* What the proxy adds after the Vias: its Record-Route when there is none to put it before, and
 * Max-Forwards when there is none to decrement (16.6 items 3 and 4). */
static void write_additions(SipProxy *p, SipWriter *w, const SipMessage *req, gboolean add_rr)
{
    if (add_rr)
        sip_writer_header(w, SIP_HDR_RECORD_ROUTE, sip_str(p->record_route));
    if (sip_message_max_forwards(req) < 0)
        sip_writer_max_forwards(w, 70);
}

/*
 * 16.6 items 1-9: the received request with the target as its Request-URI (item 2), every header
 * in its order but for: the proxy's Via on top (8), Max-Forwards one less, or 70 when it had none
 * (3), the proxy's Record-Route before any other (4), its own Route value gone (16.4), and
 * Content-Length recomputed (9). Headers it adds go after the Vias.
 */
static char *render_forward(SipProxy *p, const SipMessage *req, const ForwardSpec *fs, gsize *len)
{
    SipWriter w;
    sip_writer_init_request(&w, sip_message_method_text(req), fs->target);
    gboolean add_rr = fs->record_route && sip_message_record_route_count(req) == 0;
    gboolean rr_before_first = fs->record_route && !add_rr;
    gboolean route_pending = first_route_is_ours(p, req);
    gboolean seen_via = FALSE, additions = FALSE;
    for (guint i = 0; i < sip_message_header_count(req); i++) {
        const SipHeader *h = sip_message_header(req, i);
        if (additions && h->id != SIP_HDR_VIA) {
            write_additions(p, &w, req, add_rr);
            additions = FALSE;
        }
        if (h->id == SIP_HDR_VIA && !seen_via) {
            write_vias(p, &w, req, h, fs);
            seen_via = additions = TRUE;
        } else if (h->id == SIP_HDR_MAX_FORWARDS) {
            sip_writer_max_forwards(&w, (guint) MAX(sip_message_max_forwards(req), 1) - 1);
        } else if (h->id == SIP_HDR_RECORD_ROUTE && rr_before_first) {
            sip_writer_header(&w, SIP_HDR_RECORD_ROUTE, sip_str(p->record_route));
            sip_writer_copy_header(&w, h);
            rr_before_first = FALSE;
        } else if (h->id == SIP_HDR_ROUTE && route_pending) {
            SipStr rest = rest_after(h, sip_message_route(req, 0)->text);
            if (rest.len)
                sip_writer_header(&w, SIP_HDR_ROUTE, rest);
            route_pending = FALSE;
        } else if (h->id != SIP_HDR_CONTENT_LENGTH) {
            sip_writer_copy_header(&w, h);
        }
    }
    if (additions)
        write_additions(p, &w, req, add_rr);
    sip_writer_body(&w, (SipStr){ 0 }, sip_message_body(req));
    return sip_writer_finish(&w, len);
}

/* 16.7 item 7: a 401 or 407 carries the challenges of every other 401 and 407 received. */
static void add_challenges(SipWriter *w, const ProxyContext *ctx, const ProxyBranch *best)
{
    for (guint i = 0; i < ctx->branches->len; i++) {
        const ProxyBranch *b = g_ptr_array_index(ctx->branches, i);
        if (b == best || !b->response || (b->code != 401 && b->code != 407))
            continue;
        sip_writer_copy_headers(w, b->response, SIP_HDR_WWW_AUTHENTICATE);
        sip_writer_copy_headers(w, b->response, SIP_HDR_PROXY_AUTHENTICATE);
    }
}

/* The Via that is now on top, the client's, with @oc in place of its oc parameters (RFC 7339
 * 5.2), then what follows it in its header @h. */
static void write_client_via(SipWriter *w, const SipMessage *resp, const SipHeader *h,
                             const char *oc)
{
    const SipVia *client = sip_message_via(resp, 1);
    sip_writer_via_rewrite(w, client, (SipStr){ 0 }, 0, sip_str(oc));
    SipStr rest = rest_after(h, client->text);
    if (rest.len)
        sip_writer_header(w, SIP_HDR_VIA, rest);
}

/* 16.7 items 3 and 9: the response without its top Via, the proxy's; else unchanged, but for
 * the oc parameters of the Via then on top when the proxy gives them. @best is set when it is
 * the context's best final response. */
static char *render_response(SipProxy *p, const SipMessage *resp, const ProxyContext *ctx,
                             const ProxyBranch *best, gsize *len)
{
    SipWriter w;
    sip_writer_init_response(&w, sip_message_status(resp), sip_message_reason(resp));
    g_autofree char *oc =
        sip_message_via_count(resp) > 1 ? sip_proxy_oc_params(p, sip_message_via(resp, 1)) : NULL;
    gboolean top = TRUE, client_next = FALSE;
    for (guint i = 0; i < sip_message_header_count(resp); i++) {
        const SipHeader *h = sip_message_header(resp, i);
        if (h->id == SIP_HDR_VIA && top) {
            SipStr rest = rest_after(h, sip_message_via(resp, 0)->text);
            if (rest.len && oc)
                write_client_via(&w, resp, h, oc);
            else if (rest.len)
                sip_writer_header(&w, SIP_HDR_VIA, rest);
            else
                client_next = oc != NULL;
            top = FALSE;
        } else if (h->id == SIP_HDR_VIA && client_next) {
            write_client_via(&w, resp, h, oc);
            client_next = FALSE;
        } else if (h->id != SIP_HDR_CONTENT_LENGTH) {
            sip_writer_copy_header(&w, h);
        }
    }
    if (best && (best->code == 401 || best->code == 407))
        add_challenges(&w, ctx, best);
    sip_writer_body(&w, (SipStr){ 0 }, sip_message_body(resp));
    return sip_writer_finish(&w, len);
}

/* ---- where to send ---- */

/* Only IPv4 literals resolve: the virtual network has no DNS, so RFC 3263 finds nothing for a
 * name. */
static gboolean uri_endpoint(const SipUri *uri, NetEndpoint *out)
{
    if (uri->kind == SIP_URI_OTHER)
        return FALSE;
    g_autofree char *host = sip_str_dup(uri->host);
    if (!net_ip_parse(host, &out->ip))
        return FALSE;
    out->port = uri->port > 0 ? (guint16) uri->port : SIP_DEFAULT_PORT;
    return TRUE;
}

/* 16.6 item 7: the first Route value left, else the target. */
static gboolean next_hop(const SipProxy *p, const SipMessage *req, SipStr target, NetEndpoint *out)
{
    guint skip = first_route_is_ours(p, req) ? 1 : 0;
    if (sip_message_route_count(req) > skip)
        return uri_endpoint(&sip_message_route(req, skip)->uri, out);
    SipUri uri;
    return !sip_uri_parse(target, &uri) && uri_endpoint(&uri, out);
}

/* 18.2.2 and RFC 3581: to the received address when there is one, else the sent-by host; at the
 * rport value, else the sent-by port. */
static gboolean via_destination(const SipVia *via, NetEndpoint *out)
{
    g_autofree char *host = sip_str_dup(sip_str_is_set(via->received) ? via->received : via->host);
    if (!net_ip_parse(host, &out->ip))
        return FALSE;
    out->port = (guint16) (via->rport > 0  ? via->rport
                           : via->port > 0 ? via->port
                                           : SIP_DEFAULT_PORT);
    return TRUE;
}

/* @bytes, @resp rendered without the proxy's Via, sent without a server transaction where the
 * next Via says; dropped when there is none. */
static void send_upstream(SipProxy *p, const SipMessage *resp, char *bytes, gsize len)
{
    NetEndpoint to;
    if (sip_message_via_count(resp) > 1 && via_destination(sip_message_via(resp, 1), &to))
        sip_stack_send_stateless(p->stack, to, bytes, len, FALSE);
    else
        g_free(bytes);
}

/* ---- branches ---- */

static void timer_c_stop(ProxyBranch *b)
{
    if (b->timer_c == SIM_EVENT_NONE)
        return;
    sim_kernel_cancel(b->ctx->proxy->entity.kernel, b->timer_c);
    b->timer_c = SIM_EVENT_NONE;
}

/* 16.6 item 11, 16.7 item 2: more than 3 minutes, restarted by each provisional response; after
 * a CANCEL, 9.1's 64*T1 for the INVITE to end. */
static void timer_c_start(ProxyBranch *b, SimTime delay)
{
    timer_c_stop(b);
    b->timer_c = sim_entity_timer(&b->ctx->proxy->entity, delay, PROXY_TIMER_C, b);
}

/* 9.1: the CANCEL of the branch's INVITE: its Request-URI, top Via (so its branch), From, To,
 * Call-ID, CSeq number and Route, to the same next hop. */
static void send_cancel(ProxyBranch *b)
{
    SipProxy *p = b->ctx->proxy;
    const SipMessage *invite = sip_stack_request_of(b->ct);
    SipWriter w;
    sip_writer_init_request(&w, SIP_STR("CANCEL"), sip_message_request_uri(invite)->text);
    sip_writer_header(&w, SIP_HDR_VIA, sip_message_via(invite, 0)->text);
    sip_writer_max_forwards(&w, 70);
    sip_writer_copy_headers(&w, invite, SIP_HDR_FROM);
    sip_writer_copy_headers(&w, invite, SIP_HDR_TO);
    sip_writer_copy_headers(&w, invite, SIP_HDR_CALL_ID);
    sip_writer_cseq(&w, sip_message_cseq(invite)->number, SIP_STR("CANCEL"));
    sip_writer_copy_headers(&w, invite, SIP_HDR_ROUTE);
    gsize len;
    char *bytes = sip_writer_finish(&w, &len);
    b->cancel = PROXY_CANCEL_SENT;
    b->cancel_ct = sip_stack_send_request(p->stack, b->ct->peer, bytes, len, b);
    p->stats.cancels++;
    /* 9.1: the INVITE has 64*T1 more to end; Timer C counts that now. */
    timer_c_start(b, sip_timer_64t1(&p->config.timers));
}

/* After a 6xx (16.7 item 5) or a CANCEL (16.10): no forwarding rule applies any more. */
static void stop_new_branches(ProxyContext *ctx)
{
    ctx->no_new_branches = TRUE;
    sip_proxy_no_answer_stop(ctx);
}

/* The final response went up on the server transaction: no rule can apply any more. */
static void set_final(ProxyContext *ctx, guint code)
{
    ctx->final_code = code;
    sip_proxy_no_answer_stop(ctx);
}

/* 16.7 item 10, 16.10: every INVITE branch still without a final response is cancelled; one
 * without a provisional response yet is cancelled when it gets one (9.1). */
static void cancel_pending(ProxyContext *ctx)
{
    if (ctx->method != SIP_METHOD_INVITE)
        return;
    for (guint i = 0; i < ctx->branches->len; i++) {
        ProxyBranch *b = g_ptr_array_index(ctx->branches, i);
        if (b->code || !b->ct || b->cancel != PROXY_CANCEL_NONE)
            continue;
        if (b->provisional)
            send_cancel(b);
        else
            b->cancel = PROXY_CANCEL_WANTED;
    }
}

/* 16.10: a cancelled request gets no new branches either. */
void sip_proxy_cancel_context(ProxyContext *ctx)
{
    stop_new_branches(ctx);
    cancel_pending(ctx);
}

/* 16.7 item 9: through the server transaction while it can send it; statelessly once it ended
 * or, for a 2xx, once it sent a non-2xx final response. */
static void forward_response(ProxyContext *ctx, const SipMessage *resp, const ProxyBranch *best)
{
    SipProxy *p = ctx->proxy;
    gsize len;
    char *bytes = render_response(ctx->proxy, resp, ctx, best, &len);
    p->stats.forwarded_responses++;
    gboolean is_2xx = sip_message_status(resp) / 100 == 2;
    if (ctx->st && (ctx->final_code == 0 || (ctx->final_code / 100 == 2 && is_2xx)))
        sip_stack_respond(p->stack, ctx->st, bytes, len);
    else
        send_upstream(p, resp, bytes, len);
}

/* 16.7 item 6: a 6xx if there is one; else the lowest class, with the 4xx that help resubmit
 * the request (401, 407, 415, 420, 484) before other 4xx, and a 503 after other 5xx; the first
 * branch among equals. */
static guint rank(guint code)
{
    if (code >= 600)
        return 0;
    guint r = code / 100 * 4;
    switch (code) {
    case 401:
    case 407:
    case 415:
    case 420:
    case 484:
        return r;
    case 503:
        return r + 2;
    default:
        return r + 1;
    }
}

static void send_best(ProxyContext *ctx)
{
    ProxyBranch *best = NULL;
    for (guint i = 0; i < ctx->branches->len; i++) {
        ProxyBranch *b = g_ptr_array_index(ctx->branches, i);
        if (!best || rank(b->code) < rank(best->code))
            best = b;
    }
    /* A branch without a response (a timeout's 408, a forwarding target's 404) becomes the
     * proxy's own response. A 503 says the next hop cannot serve, not that this proxy cannot:
     * it goes up as 500. */
    if (!best->response || best->code == 503) {
        set_final(ctx, best->response ? 500 : best->code);
        sip_proxy_reply(ctx->proxy, ctx->st, ctx->final_code);
        return;
    }
    forward_response(ctx, best->response, best);
    set_final(ctx, best->code);
}

/* 16.7 item 6: once every branch has a final response, and none went up at once, the best
 * goes. The RFC waits for the client transactions to terminate; a final response is the same
 * moment, without Timer D's 32 seconds. */
static void context_check(ProxyContext *ctx)
{
    if (ctx->final_code || !ctx->st)
        return;
    for (guint i = 0; i < ctx->branches->len; i++)
        if (!((ProxyBranch *) g_ptr_array_index(ctx->branches, i))->code)
            return;
    send_best(ctx);
}

/* 16.7 items 4 and 5: a 3xx-6xx, or @code 408 without a response for a timeout, is kept for
 * the choice of the best; a 6xx cancels the other branches at once, and no new ones start. The
 * called user's busy (486 or 600) starts the forwarding target's branches, after the cancels, so
 * that the context waits for them: the forwarding service acts on a 600 the way 16.7 item 4 lets
 * a proxy recurse on a 3xx, and keeps it as a candidate. */
static void branch_final(ProxyBranch *b, guint code, const SipMessage *resp)
{
    ProxyContext *ctx = b->ctx;
    if (b->code)
        return; /* Timer C already counted it as a 408 */
    timer_c_stop(b);
    b->code = code;
    if (resp && !ctx->final_code) {
        SipStr bytes = sip_message_bytes(resp);
        b->response = sip_message_parse(bytes.s, bytes.len, NULL);
    }
    if (code >= 600)
        cancel_pending(ctx);
    gboolean busy = (code == 486 || code == 600) && !b->forwarded;
    if (!(busy && sip_proxy_call_forward(ctx, SIP_FORWARD_BUSY)) && code >= 600)
        stop_new_branches(ctx);
    context_check(ctx);
}

/* 16.7 item 5: every 2xx of an INVITE goes up at once, even after a final response (a
 * non-INVITE request gets exactly one); the first ends the context: the others are cancelled
 * (item 10). */
static void branch_2xx(ProxyBranch *b, const SipMessage *resp)
{
    ProxyContext *ctx = b->ctx;
    timer_c_stop(b);
    if (!b->code)
        b->code = sip_message_status(resp);
    if (ctx->final_code && ctx->method != SIP_METHOD_INVITE)
        return;
    forward_response(ctx, resp, NULL);
    if (!ctx->final_code) {
        set_final(ctx, b->code);
        cancel_pending(ctx);
    }
}

/* A provisional response: the branch may now be cancelled (9.1); Timer C restarts (16.7 item
 * 2); all but 100 go up until a final response has (item 5). The called user's 182 (Queued)
 * goes up, then its forwarding target's branches start. */
static void branch_provisional(ProxyBranch *b, const SipMessage *resp)
{
    ProxyContext *ctx = b->ctx;
    b->provisional = TRUE;
    if (b->cancel == PROXY_CANCEL_WANTED)
        send_cancel(b);
    if (sip_message_status(resp) == 100 || b->code)
        return;
    if (ctx->method == SIP_METHOD_INVITE && b->cancel == PROXY_CANCEL_NONE)
        timer_c_start(b, ctx->proxy->config.timers.timer_c);
    if (!ctx->final_code)
        forward_response(ctx, resp, NULL);
    if (sip_message_status(resp) == 182 && !b->forwarded)
        sip_proxy_call_forward(ctx, SIP_FORWARD_QUEUED);
}

ProxyBranch *sip_proxy_branch_new(ProxyContext *ctx, const char *target)
{
    ProxyBranch *b = g_new0(ProxyBranch, 1);
    b->ctx = ctx;
    b->target = g_strdup(target);
    g_ptr_array_add(ctx->branches, b);
    return b;
}

/* A target with no address to try acts as if it answered 408 (item 7). */
void sip_proxy_branch_start(ProxyBranch *b)
{
    ProxyContext *ctx = b->ctx;
    SipProxy *p = ctx->proxy;
    const SipMessage *req = sip_stack_request_of(ctx->st);
    NetEndpoint hop;
    if (!next_hop(p, req, sip_str(b->target), &hop)) {
        b->code = 408;
        return;
    }
    g_autofree char *branch = new_branch(p, req);
    ForwardSpec fs = {
        .target = sip_str(b->target),
        .branch = sip_str(branch),
        .record_route = p->config.record_route && (DIALOG_METHODS & SIP_METHOD_BIT(ctx->method)),
        .st = ctx->st,
    };
    gsize len;
    char *bytes = render_forward(p, req, &fs, &len);
    b->ct = sip_stack_send_request(p->stack, hop, bytes, len, b);
    p->stats.forwarded_requests++;
    if (ctx->method == SIP_METHOD_INVITE)
        timer_c_start(b, p->config.timers.timer_c);
}

static void branch_free(gpointer data)
{
    ProxyBranch *b = data;
    sip_message_free(b->response);
    g_free(b->target);
    g_free(b);
}

/* ---- response contexts ---- */

void sip_proxy_forward(SipProxy *p, SipTransaction *st, const GPtrArray *targets,
                       const ProxyForwarding *forwarding)
{
    ProxyContext *ctx = g_new0(ProxyContext, 1);
    ctx->proxy = p;
    ctx->st = st;
    ctx->method = sip_message_method(sip_stack_request_of(st));
    ctx->branches = g_ptr_array_new_with_free_func(branch_free);
    ctx->forwarding = forwarding;
    st->tu = ctx;
    g_hash_table_add(p->contexts, ctx);
    p->stats.contexts++;
    p->stats.active_contexts++;
    sip_proxy_no_answer_start(ctx);
    /* 16.6: every target in parallel. */
    for (guint i = 0; i < targets->len; i++)
        sip_proxy_branch_start(sip_proxy_branch_new(ctx, g_ptr_array_index(targets, i)));
    context_check(ctx);
}

void sip_proxy_context_free(ProxyContext *ctx)
{
    sip_proxy_no_answer_stop(ctx);
    g_ptr_array_unref(ctx->branches);
    g_free(ctx);
}

/* 16.7 items 1 and 3: the branch of the client transaction; with none, the response goes on
 * statelessly (16.11) if the top Via is the proxy's. The answer to the proxy's own CANCEL has no
 * Via left once the proxy's is removed: it was meant for the proxy. */
void sip_proxy_response(SipProxy *p, SipTransaction *ct, const SipMessage *resp)
{
    if (!ct) {
        if (sip_message_via_count(resp) < 2 || !via_is_ours(p, sip_message_via(resp, 0)))
            return;
        gsize len;
        char *bytes = render_response(p, resp, NULL, NULL, &len);
        p->stats.forwarded_responses++;
        send_upstream(p, resp, bytes, len);
        return;
    }
    ProxyBranch *b = ct->tu;
    if (ct != b->ct)
        return;
    guint code = sip_message_status(resp);
    if (code < 200)
        branch_provisional(b, resp);
    else if (code < 300)
        branch_2xx(b, resp);
    else
        branch_final(b, code, resp);
}

/* 16.6 item 7: a client transaction that times out acts as a 408 of its target. */
void sip_proxy_client_timeout(SipProxy *p, SipTransaction *ct)
{
    ProxyBranch *b = ct->tu;
    if (ct == b->ct)
        branch_final(b, 408, NULL);
}

/*
 * 16.8: a branch with a provisional response is cancelled; one without acts as if it received a
 * 408, and is cancelled should a provisional response still come. 9.1: an INVITE still without a
 * final response 64*T1 after its CANCEL is given up, as a 408; its transaction goes last, since
 * the context may go with it.
 */
void sip_proxy_timer_c(SipProxy *p, ProxyBranch *b)
{
    b->timer_c = SIM_EVENT_NONE;
    if (b->cancel == PROXY_CANCEL_SENT) {
        branch_final(b, 408, NULL);
        sip_stack_abandon(p->stack, b->ct);
    } else if (b->provisional) {
        send_cancel(b);
    } else {
        b->cancel = PROXY_CANCEL_WANTED;
        branch_final(b, 408, NULL);
    }
}

/* 16.7 item 9: a context lives until all its transactions have ended. */
static gboolean context_alive(const ProxyContext *ctx)
{
    if (ctx->st)
        return TRUE;
    for (guint i = 0; i < ctx->branches->len; i++) {
        const ProxyBranch *b = g_ptr_array_index(ctx->branches, i);
        if (b->ct || b->cancel_ct)
            return TRUE;
    }
    return FALSE;
}

void sip_proxy_transaction_ended(SipProxy *p, SipTransaction *t)
{
    ProxyContext *ctx;
    if (t->kind == SIP_TXN_IST || t->kind == SIP_TXN_NIST) {
        ctx = t->tu;
        if (!ctx)
            return; /* a request the proxy answered itself */
        ctx->st = NULL;
    } else {
        ProxyBranch *b = t->tu;
        ctx = b->ctx;
        if (t == b->ct) {
            b->ct = NULL;
            timer_c_stop(b);
        } else {
            b->cancel_ct = NULL;
        }
    }
    if (context_alive(ctx))
        return;
    g_hash_table_remove(p->contexts, ctx);
    p->stats.active_contexts--;
    sip_proxy_context_free(ctx);
}

void sip_proxy_forget_contexts(SipProxy *p)
{
    GHashTableIter it;
    gpointer ctx;
    g_hash_table_iter_init(&it, p->contexts);
    while (g_hash_table_iter_next(&it, &ctx, NULL)) {
        GPtrArray *branches = ((ProxyContext *) ctx)->branches;
        for (guint i = 0; i < branches->len; i++)
            timer_c_stop(g_ptr_array_index(branches, i));
        sip_proxy_context_free(ctx);
        g_hash_table_iter_remove(&it);
    }
    p->stats.active_contexts = 0;
}

void sip_proxy_forward_ack(SipProxy *p, const SipMessage *ack, const char *target)
{
    NetEndpoint hop;
    if (!next_hop(p, ack, sip_str(target), &hop))
        return;
    g_autofree char *branch = stateless_branch(p, ack);
    ForwardSpec fs = { .target = sip_str(target), .branch = sip_str(branch) };
    gsize len;
    char *bytes = render_forward(p, ack, &fs, &len);
    p->stats.forwarded_requests++;
    sip_stack_send_stateless(p->stack, hop, bytes, len, FALSE);
}
