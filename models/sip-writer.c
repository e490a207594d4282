/* SPDX-License-Identifier: MIT */
#include "sip-writer.h"

#include "sim-cost.h"
#include "sip-chars.h"

#define INITIAL_CAP 1024

G_NO_INLINE static void grow(SipWriter *w, gsize more)
{
    w->cap = MAX(w->cap * 2, w->len + more);
    w->buf = g_realloc(w->buf, w->cap);
}

static inline void reserve(SipWriter *w, gsize more)
{
    if (G_UNLIKELY(w->len + more > w->cap))
        grow(w, more);
}

static inline void put(SipWriter *w, const char *s, gsize n)
{
    reserve(w, n);
    if (n)
        memcpy(w->buf + w->len, s, n);
    w->len += n;
}

#define PUT_LIT(w, literal) put((w), (literal), sizeof(literal) - 1)

static void put_str(SipWriter *w, SipStr s)
{
    put(w, s.s, s.len);
}

static void put_uint(SipWriter *w, guint64 v)
{
    char digits[20];
    int n = 0;
    do {
        digits[sizeof digits - 1 - n++] = (char) ('0' + v % 10);
        v /= 10;
    } while (v);
    put(w, digits + sizeof digits - n, (gsize) n);
}

/* Building a message, from its start line to its bytes, is "render" (sim-cost.h). */
static void start(SipWriter *w, gsize cap)
{
    SIM_COST_ENTER(render);
    *w = (SipWriter){ .buf = g_malloc(cap), .cap = cap };
}

/* "Name: ", unless the body is already written (a programmer error). */
static gboolean begin_header(SipWriter *w, SipHeaderId id)
{
    g_return_val_if_fail(!w->has_body, FALSE);
    const char *name = sip_header_name(id);
    put(w, name, strlen(name));
    PUT_LIT(w, ": ");
    return TRUE;
}

void sip_writer_init_request(SipWriter *w, SipStr method, SipStr uri)
{
    start(w, INITIAL_CAP);
    put_str(w, method);
    PUT_LIT(w, " ");
    put_str(w, uri);
    PUT_LIT(w, " SIP/2.0\r\n");
}

void sip_writer_init_response(SipWriter *w, guint code, SipStr reason)
{
    start(w, INITIAL_CAP);
    g_return_if_fail(code >= 100 && code <= 699);
    PUT_LIT(w, "SIP/2.0 ");
    put_uint(w, code);
    PUT_LIT(w, " ");
    put_str(w, sip_str_is_set(reason) ? reason : sip_str(sip_status_phrase(code)));
    PUT_LIT(w, "\r\n");
}

void sip_writer_header(SipWriter *w, SipHeaderId id, SipStr value)
{
    g_return_if_fail(id != SIP_HDR_OTHER && id < SIP_HDR_COUNT);
    if (!begin_header(w, id))
        return;
    put_str(w, value);
    PUT_LIT(w, "\r\n");
}

void sip_writer_header_tagged(SipWriter *w, SipHeaderId id, SipStr value, SipStr tag)
{
    g_return_if_fail(id != SIP_HDR_OTHER && id < SIP_HDR_COUNT);
    if (!begin_header(w, id))
        return;
    put_str(w, value);
    PUT_LIT(w, ";tag=");
    put_str(w, tag);
    PUT_LIT(w, "\r\n");
}

void sip_writer_header_named(SipWriter *w, SipStr name, SipStr value)
{
    g_return_if_fail(!w->has_body);
    put_str(w, name);
    PUT_LIT(w, ": ");
    put_str(w, value);
    PUT_LIT(w, "\r\n");
}

void sip_writer_copy_header(SipWriter *w, const SipHeader *h)
{
    if (h->id == SIP_HDR_OTHER)
        sip_writer_header_named(w, h->name, h->value);
    else
        sip_writer_header(w, h->id, h->value);
}

void sip_writer_copy_headers(SipWriter *w, const SipMessage *msg, SipHeaderId id)
{
    const SipHeader *h;
    for (guint n = 0; (h = sip_message_find_nth(msg, id, n)); n++)
        sip_writer_copy_header(w, h);
}

void sip_writer_via(SipWriter *w, SipStr transport, SipStr host, guint port, SipStr branch,
                    gboolean rport)
{
    sip_writer_via_params(w, transport, host, port, branch, rport, (SipStr){ 0 });
}

void sip_writer_via_params(SipWriter *w, SipStr transport, SipStr host, guint port, SipStr branch,
                           gboolean rport, SipStr params)
{
    if (!begin_header(w, SIP_HDR_VIA))
        return;
    PUT_LIT(w, "SIP/2.0/");
    put_str(w, transport);
    PUT_LIT(w, " ");
    put_str(w, host);
    if (port) {
        PUT_LIT(w, ":");
        put_uint(w, port);
    }
    if (sip_str_is_set(branch)) {
        PUT_LIT(w, ";branch=");
        put_str(w, branch);
    }
    if (rport)
        PUT_LIT(w, ";rport");
    put_str(w, params);
    PUT_LIT(w, "\r\n");
}

/* Whether the parameter list @params has one named @name. */
static gboolean has_param(SipStr params, SipStr name)
{
    SipParamIter it;
    SipStr n, v;
    sip_param_iter_init(&it, params);
    while (sip_param_iter_next(&it, &n, &v))
        if (sip_str_equal_ci(n, name))
            return TRUE;
    return FALSE;
}

/* A via-parm with received and rport filled in and @params in place of the parameters of the
 * same names; the other parameters keep their order. */
static void put_via_parm(SipWriter *w, const SipVia *via, SipStr received, guint rport,
                         SipStr params)
{
    const char *end = via->params.s ? via->params.s : via->text.s + via->text.len;
    while (end > via->text.s && sip_is_lws(end[-1]))
        end--;
    put(w, via->text.s, (gsize) (end - via->text.s));
    SipParamIter it;
    SipStr name, value;
    sip_param_iter_init(&it, via->params);
    while (sip_param_iter_next(&it, &name, &value)) {
        gboolean is_received = sip_str_equal_ci(name, SIP_STR("received"));
        if ((is_received && sip_str_is_set(received)) || has_param(params, name))
            continue;
        PUT_LIT(w, ";");
        put_str(w, name);
        if (sip_str_equal_ci(name, SIP_STR("rport")) && !sip_str_is_set(value) && rport) {
            PUT_LIT(w, "=");
            put_uint(w, rport);
        } else if (sip_str_is_set(value)) {
            PUT_LIT(w, "=");
            put_str(w, value);
        }
    }
    if (sip_str_is_set(received)) {
        PUT_LIT(w, ";received=");
        put_str(w, received);
    }
    put_str(w, params);
}

void sip_writer_via_received(SipWriter *w, const SipVia *via, SipStr received, guint rport)
{
    sip_writer_via_rewrite(w, via, received, rport, (SipStr){ 0 });
}

void sip_writer_via_rewrite(SipWriter *w, const SipVia *via, SipStr received, guint rport,
                            SipStr params)
{
    if (!begin_header(w, SIP_HDR_VIA))
        return;
    put_via_parm(w, via, received, rport, params);
    PUT_LIT(w, "\r\n");
}

/* A quoted-string: '"' and '\' are escaped (§25.1 quoted-pair). */
static void put_quoted(SipWriter *w, SipStr text)
{
    PUT_LIT(w, "\"");
    for (gsize i = 0; i < text.len; i++) {
        if (text.s[i] == '"' || text.s[i] == '\\')
            PUT_LIT(w, "\\");
        put(w, text.s + i, 1);
    }
    PUT_LIT(w, "\"");
}

void sip_writer_name_addr(SipWriter *w, SipHeaderId id, SipStr display, SipStr uri, SipStr tag)
{
    if (!begin_header(w, id))
        return;
    if (sip_str_is_set(display)) {
        put_quoted(w, display);
        PUT_LIT(w, " ");
    }
    PUT_LIT(w, "<");
    put_str(w, uri);
    PUT_LIT(w, ">");
    if (sip_str_is_set(tag)) {
        PUT_LIT(w, ";tag=");
        put_str(w, tag);
    }
    PUT_LIT(w, "\r\n");
}

void sip_writer_cseq(SipWriter *w, guint32 number, SipStr method)
{
    if (!begin_header(w, SIP_HDR_CSEQ))
        return;
    put_uint(w, number);
    PUT_LIT(w, " ");
    put_str(w, method);
    PUT_LIT(w, "\r\n");
}

void sip_writer_max_forwards(SipWriter *w, guint hops)
{
    if (!begin_header(w, SIP_HDR_MAX_FORWARDS))
        return;
    put_uint(w, hops);
    PUT_LIT(w, "\r\n");
}

/* The top Via with the transport's received/rport, then the rest of its header line. */
static void put_top_via(SipWriter *w, const SipMessage *req, const SipResponseSpec *spec)
{
    const SipHeader *h = sip_message_find(req, SIP_HDR_VIA);
    const SipVia *top = sip_message_via(req, 0);
    if (!begin_header(w, SIP_HDR_VIA))
        return;
    put_via_parm(w, top, spec->received, spec->rport, spec->via_params);
    const char *rest = top->text.s + top->text.len, *end = h->value.s + h->value.len;
    put(w, rest, (gsize) (end - rest));
    PUT_LIT(w, "\r\n");
}

void sip_writer_init_response_to(SipWriter *w, const SipMessage *request,
                                 const SipResponseSpec *spec)
{
    sip_writer_init_response(w, spec->code, spec->reason);
    g_return_if_fail(sip_message_is_request(request));
    const SipHeader *h;
    for (guint n = 0; (h = sip_message_find_nth(request, SIP_HDR_VIA, n)); n++) {
        if (n == 0 &&
            (sip_str_is_set(spec->received) || spec->rport || sip_str_is_set(spec->via_params)))
            put_top_via(w, request, spec);
        else
            sip_writer_copy_header(w, h);
    }
    if ((h = sip_message_find(request, SIP_HDR_FROM)))
        sip_writer_copy_header(w, h);
    const SipNameAddr *to = sip_message_to(request);
    if (to && begin_header(w, SIP_HDR_TO)) {
        put_str(w, sip_message_value(request, SIP_HDR_TO));
        if (!sip_str_is_set(to->tag) && sip_str_is_set(spec->to_tag)) {
            PUT_LIT(w, ";tag=");
            put_str(w, spec->to_tag);
        }
        PUT_LIT(w, "\r\n");
    }
    sip_writer_copy_headers(w, request, SIP_HDR_CALL_ID);
    sip_writer_copy_headers(w, request, SIP_HDR_CSEQ);
    if (spec->code == 100)
        sip_writer_copy_headers(w, request, SIP_HDR_TIMESTAMP);
}

void sip_writer_body(SipWriter *w, SipStr content_type, SipStr body)
{
    g_return_if_fail(!w->has_body);
    if (body.len && sip_str_is_set(content_type))
        sip_writer_header(w, SIP_HDR_CONTENT_TYPE, content_type);
    reserve(w, body.len + 40);
    PUT_LIT(w, "Content-Length: ");
    put_uint(w, body.len);
    PUT_LIT(w, "\r\n\r\n");
    put_str(w, body);
    w->has_body = TRUE;
}

char *sip_writer_finish(SipWriter *w, gsize *len)
{
    if (!w->has_body)
        sip_writer_body(w, (SipStr){ NULL, 0 }, (SipStr){ NULL, 0 });
    char *text = w->buf;
    *len = w->len;
    *w = (SipWriter){ 0 };
    SIM_COST_LEAVE(render);
    return text;
}

char *sip_message_render(const SipMessage *msg, gsize *len)
{
    SipWriter w;
    SipStr bytes = sip_message_bytes(msg);
    start(&w, bytes.len + 64);
    if (sip_message_is_request(msg)) {
        put_str(&w, sip_message_method_text(msg));
        PUT_LIT(&w, " ");
        put_str(&w, sip_message_request_uri(msg)->text);
        PUT_LIT(&w, " ");
        put_str(&w, sip_message_version(msg));
    } else {
        put_str(&w, sip_message_version(msg));
        PUT_LIT(&w, " ");
        put_uint(&w, sip_message_status(msg));
        PUT_LIT(&w, " ");
        put_str(&w, sip_message_reason(msg));
    }
    PUT_LIT(&w, "\r\n");
    for (guint i = 0; i < sip_message_header_count(msg); i++) {
        const SipHeader *h = sip_message_header(msg, i);
        if (h->id != SIP_HDR_CONTENT_LENGTH)
            sip_writer_copy_header(&w, h);
    }
    sip_writer_body(&w, (SipStr){ NULL, 0 }, sip_message_body(msg));
    return sip_writer_finish(&w, len);
}

/* RFC 3261 §21, RFC 3265 (202), RFC 5079 (433), RFC 6665 (489), sorted by code. */
static const struct {
    guint16 code;
    const char *phrase;
} phrases[] = {
    { 100, "Trying" },
    { 180, "Ringing" },
    { 181, "Call Is Being Forwarded" },
    { 182, "Queued" },
    { 183, "Session Progress" },
    { 200, "OK" },
    { 202, "Accepted" },
    { 300, "Multiple Choices" },
    { 301, "Moved Permanently" },
    { 302, "Moved Temporarily" },
    { 305, "Use Proxy" },
    { 380, "Alternative Service" },
    { 400, "Bad Request" },
    { 401, "Unauthorized" },
    { 402, "Payment Required" },
    { 403, "Forbidden" },
    { 404, "Not Found" },
    { 405, "Method Not Allowed" },
    { 406, "Not Acceptable" },
    { 407, "Proxy Authentication Required" },
    { 408, "Request Timeout" },
    { 410, "Gone" },
    { 413, "Request Entity Too Large" },
    { 414, "Request-URI Too Long" },
    { 415, "Unsupported Media Type" },
    { 416, "Unsupported URI Scheme" },
    { 420, "Bad Extension" },
    { 421, "Extension Required" },
    { 423, "Interval Too Brief" },
    { 433, "Anonymity Disallowed" },
    { 480, "Temporarily Unavailable" },
    { 481, "Call/Transaction Does Not Exist" },
    { 482, "Loop Detected" },
    { 483, "Too Many Hops" },
    { 484, "Address Incomplete" },
    { 485, "Ambiguous" },
    { 486, "Busy Here" },
    { 487, "Request Terminated" },
    { 488, "Not Acceptable Here" },
    { 489, "Bad Event" },
    { 491, "Request Pending" },
    { 493, "Undecipherable" },
    { 500, "Server Internal Error" },
    { 501, "Not Implemented" },
    { 502, "Bad Gateway" },
    { 503, "Service Unavailable" },
    { 504, "Server Time-out" },
    { 505, "Version Not Supported" },
    { 513, "Message Too Large" },
    { 600, "Busy Everywhere" },
    { 603, "Decline" },
    { 604, "Does Not Exist Anywhere" },
    { 606, "Not Acceptable" },
};

const char *sip_status_phrase(guint code)
{
    gsize lo = 0, hi = G_N_ELEMENTS(phrases);
    while (lo < hi) {
        gsize mid = (lo + hi) / 2;
        if (phrases[mid].code == code)
            return phrases[mid].phrase;
        if (phrases[mid].code < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* §21: an unknown code is treated as the x00 code of its class. */
    return code > 100 && code <= 699 ? sip_status_phrase(code / 100 * 100) : "Unknown";
}
