/* SPDX-License-Identifier: MIT */
/*
 * Values of the headers sipsim structures, by the RFC 3261 §25.1 grammar. LWS may surround the
 * separators ("/", ":", ";", "=", ","), as SWS allows; the views point into the header value.
 */
#include "sip-chars.h"
#include "sip-message-private.h"

#define DELTA_SECONDS_MAX G_MAXUINT32

typedef struct {
    const char *p;
    const char *end;
} Cursor;

static void skip_lws(Cursor *c)
{
    while (c->p < c->end && sip_is_lws(*c->p))
        c->p++;
}

static gboolean at(const Cursor *c, char ch)
{
    return c->p < c->end && *c->p == ch;
}

/* Skips SWS, then @ch and the SWS after it; leaves @c unmoved when @ch is not next. */
static gboolean separator(Cursor *c, char ch)
{
    Cursor t = *c;
    skip_lws(&t);
    if (!at(&t, ch))
        return FALSE;
    t.p++;
    skip_lws(&t);
    *c = t;
    return TRUE;
}

static SipStr take(Cursor *c, guint16 classes)
{
    const char *start = c->p;
    while (c->p < c->end && sip_char_is(*c->p, classes))
        c->p++;
    return (SipStr){ start, (gsize) (c->p - start) };
}

/* 1*DIGIT, saturating at @max; *@over tells whether it did. */
static gboolean digits(Cursor *c, guint64 max, guint64 *out, gboolean *over)
{
    const char *start = c->p;
    guint64 v = 0;
    *over = FALSE;
    for (; c->p < c->end && g_ascii_isdigit(*c->p); c->p++) {
        v = v * 10 + (guint64) (*c->p - '0');
        if (v > max) {
            v = max;
            *over = TRUE;
        }
    }
    *out = v;
    return c->p > start;
}

/* The whole value is a number no larger than @max, or larger when it may @saturate to @max. */
static gboolean whole_number(SipStr value, guint64 max, gboolean saturate, guint64 *out)
{
    Cursor c = { value.s, value.s + value.len };
    gboolean over;
    return digits(&c, max, out, &over) && c.p == c.end && (saturate || !over);
}

/* quoted-string (§25.1): qdtext or quoted-pair up to the closing quote; @inside excludes the
 * quotes and keeps the escapes. */
static const char *quoted_string(Cursor *c, SipStr *inside)
{
    const char *start = ++c->p;
    while (c->p < c->end) {
        guint8 ch = (guint8) *c->p;
        if (ch == '"') {
            *inside = (SipStr){ start, (gsize) (c->p - start) };
            c->p++;
            return NULL;
        }
        if (ch == '\\') {
            if (c->p + 1 >= c->end)
                break;
            if (c->p[1] == '\r' || c->p[1] == '\n')
                return "CR or LF in a quoted-pair";
            c->p += 2;
            continue;
        }
        if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
            return "control character in a quoted string";
        c->p++;
    }
    return "unterminated quoted string";
}

typedef const char *(*ParamFn)(gpointer target, SipStr name, SipStr value);

/* *( SEMI generic-param ), generic-param = token [ EQUAL gen-value ],
 * gen-value = token / host / quoted-string. @fn sees each parameter. */
static const char *params(Cursor *c, SipStr *all, ParamFn fn, gpointer target)
{
    const char *start = NULL, *last = c->p;
    while (separator(c, ';')) {
        if (!start)
            start = memchr(last, ';', (gsize) (c->p - last));
        SipStr name = take(c, SIP_C_TOKEN), value = { NULL, 0 };
        if (name.len == 0)
            return "empty parameter";
        if (separator(c, '=')) {
            if (at(c, '"')) {
                const char *q = c->p;
                SipStr inside;
                const char *err = quoted_string(c, &inside);
                if (err)
                    return err;
                value = (SipStr){ q, (gsize) (c->p - q) };
            } else {
                value = take(c, SIP_C_TOKEN | SIP_C_PARAM);
                if (value.len == 0)
                    return "expected a parameter value after '='";
            }
        }
        const char *err = fn ? fn(target, name, value) : NULL;
        if (err)
            return err;
        last = c->p;
    }
    *all = start ? (SipStr){ start, (gsize) (last - start) } : (SipStr){ NULL, 0 };
    return NULL;
}

/* After one element: the end, or (in a list) a comma and the next element. */
static const char *element_end(Cursor *c, gboolean list, gboolean *more)
{
    skip_lws(c);
    *more = list && at(c, ',');
    if (*more) {
        c->p++;
        return NULL;
    }
    return c->p == c->end ? NULL
           : list         ? "expected ',' or the end after a value"
                          : "unexpected text after the value";
}

/* --- Via, §20.42 and RFC 3581 --- */

static const char *via_param(gpointer target, SipStr name, SipStr value)
{
    SipVia *v = target;
    if (sip_str_equal_ci(name, SIP_STR("rport"))) {
        guint64 port = 0;
        if (value.s && (!whole_number(value, 65535, FALSE, &port) || port == 0))
            return "rport: expected a port number";
        v->rport = (gint) port;
    } else if (sip_str_equal_ci(name, SIP_STR("branch"))) {
        if (!value.s)
            return "branch without a value";
        v->branch = value;
    } else if (sip_str_equal_ci(name, SIP_STR("received"))) {
        if (!value.s)
            return "received without a value";
        v->received = value;
    }
    return NULL;
}

/* via-parm = sent-protocol LWS sent-by *( SEMI via-params ),
 * sent-protocol = protocol-name SLASH protocol-version SLASH transport. */
static const char *via_parm(Cursor *c, SipVia *v)
{
    /* Field by field: a whole-struct initializer compiles to a slow "rep stos". */
    v->text = v->transport = v->host = v->branch = v->received = v->params = (SipStr){ NULL, 0 };
    v->port = v->rport = -1;
    skip_lws(c);
    const char *start = c->p;
    if (take(c, SIP_C_TOKEN).len == 0 || !separator(c, '/') || take(c, SIP_C_TOKEN).len == 0 ||
        !separator(c, '/'))
        return "expected SIP/2.0/transport";
    v->transport = take(c, SIP_C_TOKEN);
    if (v->transport.len == 0)
        return "expected a transport after SIP/2.0/";
    if (!at(c, ' ') && !at(c, '\t'))
        return "expected a space then the sent-by host";
    skip_lws(c);
    const char *host = c->p;
    c->p = sip_skip_host(c->p, c->end);
    if (!c->p || c->p == host)
        return "expected a sent-by host";
    v->host = (SipStr){ host, (gsize) (c->p - host) };
    if (separator(c, ':')) {
        guint64 port;
        gboolean over;
        if (!digits(c, 65535, &port, &over) || over)
            return "expected a port number from 0 to 65535";
        v->port = (gint) port;
    }
    const char *err = params(c, &v->params, via_param, v);
    v->text = (SipStr){ start, (gsize) (c->p - start) };
    return err;
}

static const char *via_list(SipMessage *m, SipStr value)
{
    Cursor c = { value.s, value.s + value.len };
    gboolean more = TRUE;
    while (more) {
        if (m->n_vias == m->cap_vias)
            m->vias = sip_message_grow(m, m->vias, m->n_vias, &m->cap_vias, sizeof *m->vias);
        const char *err = via_parm(&c, &m->vias[m->n_vias++]);
        if (err || (err = element_end(&c, TRUE, &more)))
            return err;
    }
    return NULL;
}

/* --- name-addr / addr-spec, §20.10, §20.20, §20.30, §20.34, §20.39 --- */

static const char *addr_param(gpointer target, SipStr name, SipStr value)
{
    SipNameAddr *na = target;
    if (sip_str_equal_ci(name, SIP_STR("tag"))) {
        if (!value.s)
            return "tag without a value";
        if (!na->tag.s)
            na->tag = value;
    } else if (sip_str_equal_ci(name, SIP_STR("expires"))) {
        guint64 seconds;
        if (!value.s || !whole_number(value, DELTA_SECONDS_MAX, TRUE, &seconds))
            return "expires: expected a number of seconds";
        na->expires = (gint64) seconds;
    }
    return NULL;
}

/* The display name before '<': a quoted-string or *(token LWS) (§25.1 display-name).
 * Returns FALSE, @c unmoved, when no '<' follows: the value is then an addr-spec. */
static gboolean display_name(Cursor *c, SipStr *display)
{
    Cursor t = *c;
    const char *last = t.p;
    while (take(&t, SIP_C_TOKEN).len) {
        last = t.p;
        skip_lws(&t);
    }
    if (!at(&t, '<'))
        return FALSE;
    if (last > c->p)
        *display = (SipStr){ c->p, (gsize) (last - c->p) };
    c->p = t.p;
    return TRUE;
}

/* LAQUOT addr-spec RAQUOT: no space inside the brackets (RFC 4475 §3.1.2.14). */
static const char *bracketed_uri(Cursor *c, SipUri *uri)
{
    if (!at(c, '<'))
        return "expected '<' after the display name";
    const char *start = ++c->p;
    const char *gt = memchr(start, '>', (gsize) (c->end - start));
    if (!gt)
        return "expected '>' after the URI";
    c->p = gt + 1;
    if (gt > start && (sip_is_lws(*start) || sip_is_lws(gt[-1])))
        return "a space inside '<' '>'";
    return sip_uri_parse((SipStr){ start, (gsize) (gt - start) }, uri);
}

/* §20: an addr-spec without brackets ends at ';', ',' or a space, and a URI with headers
 * ('?') needs the brackets. */
static const char *bare_uri(Cursor *c, SipUri *uri)
{
    const char *start = c->p;
    while (c->p < c->end && *c->p != ';' && *c->p != ',' && !sip_is_lws(*c->p))
        c->p++;
    SipStr text = { start, (gsize) (c->p - start) };
    if (memchr(start, '?', text.len))
        return "a URI with headers ('?') must be enclosed in '<' '>'";
    return sip_uri_parse(text, uri);
}

static const char *name_addr(Cursor *c, SipNameAddr *na, gboolean need_brackets)
{
    /* Field by field (the URI is set by its parser): see via_parm(). */
    na->text = na->display = na->tag = na->params = (SipStr){ NULL, 0 };
    na->expires = -1;
    skip_lws(c);
    const char *start = c->p, *err;
    if (at(c, '"')) {
        if (!(err = quoted_string(c, &na->display))) {
            skip_lws(c);
            err = bracketed_uri(c, &na->uri);
        }
    } else if (display_name(c, &na->display)) {
        err = bracketed_uri(c, &na->uri);
    } else if (need_brackets) {
        err = "expected '<' and a URI";
    } else if ((err = bare_uri(c, &na->uri)) && memchr(c->p, '<', (gsize) (c->end - c->p))) {
        err = "a display name with other characters than tokens must be quoted";
    }
    if (err || (err = params(c, &na->params, addr_param, na)))
        return err;
    na->text = (SipStr){ start, (gsize) (c->p - start) };
    return NULL;
}

/* From, To: one address; a repeated header is checked, and only the first kept. */
static const char *single_address(SipMessage *m, SipStr value, SipNameAddr **first)
{
    Cursor c = { value.s, value.s + value.len };
    SipNameAddr scratch, *na = *first ? &scratch : sip_message_alloc(m, sizeof *na);
    gboolean more;
    const char *err = name_addr(&c, na, FALSE);
    if (err || (err = element_end(&c, FALSE, &more)))
        return err;
    if (!*first)
        *first = na;
    return NULL;
}

static const char *address_list(SipMessage *m, SipStr value, SipNameAddr **items, guint *n,
                                guint *cap, gboolean need_brackets)
{
    Cursor c = { value.s, value.s + value.len };
    gboolean more = TRUE;
    while (more) {
        if (*n == *cap)
            *items = sip_message_grow(m, *items, *n, cap, sizeof **items);
        const char *err = name_addr(&c, &(*items)[(*n)++], need_brackets);
        if (err || (err = element_end(&c, TRUE, &more)))
            return err;
    }
    return NULL;
}

/* Contact = ( STAR / ( contact-param *( COMMA contact-param ) ) ), §20.10. */
static const char *contact(SipMessage *m, SipStr value)
{
    if (value.len == 1 && value.s[0] == '*') {
        m->contact_star = TRUE;
        return NULL;
    }
    return address_list(m, value, &m->contacts, &m->n_contacts, &m->cap_contacts, FALSE);
}

/* --- single values --- */

/* CSeq = 1*DIGIT LWS Method, §20.16; the number fits 32 bits (§8.1.1.5). */
static const char *cseq(SipMessage *m, SipStr value)
{
    Cursor c = { value.s, value.s + value.len };
    guint64 number;
    gboolean over;
    if (!digits(&c, G_MAXUINT32, &number, &over) || (!at(&c, ' ') && !at(&c, '\t')))
        return "expected a number then a method";
    if (over)
        return "sequence number larger than 2**32-1";
    skip_lws(&c);
    SipStr method = take(&c, SIP_C_TOKEN);
    if (method.len == 0 || c.p != c.end)
        return "expected a number then a method";
    if (!m->cseq) {
        m->cseq = sip_message_alloc(m, sizeof *m->cseq);
        *m->cseq = (SipCSeq){ (guint32) number, sip_method_lookup(method), method };
    }
    return NULL;
}

/* Call-ID = word [ "@" word ], §20.8. */
static const char *call_id(SipMessage *m, SipStr value)
{
    Cursor c = { value.s, value.s + value.len };
    SipStr word = take(&c, SIP_C_WORD);
    if (word.len && at(&c, '@')) {
        c.p++;
        word = take(&c, SIP_C_WORD);
    }
    if (word.len == 0 || c.p != c.end)
        return "expected word[@word]";
    if (!m->call_id.s)
        m->call_id = value;
    return NULL;
}

/* Content-Type = media-type, m-type SLASH m-subtype *( SEMI m-parameter ), §20.15. */
static const char *content_type(SipMessage *m, SipStr value)
{
    Cursor c = { value.s, value.s + value.len };
    SipContentType ct = { take(&c, SIP_C_TOKEN) };
    if (ct.type.len == 0 || !separator(&c, '/') || (ct.subtype = take(&c, SIP_C_TOKEN)).len == 0)
        return "expected type/subtype";
    gboolean more;
    const char *err = params(&c, &ct.params, NULL, NULL);
    if (err || (err = element_end(&c, FALSE, &more)))
        return err;
    if (!m->content_type) {
        m->content_type = sip_message_alloc(m, sizeof *m->content_type);
        *m->content_type = ct;
    }
    return NULL;
}

/* Max-Forwards, Expires, Content-Length: a number; a repeated header is checked, and only the
 * first kept. */
static const char *first_number(SipStr value, guint64 max, gboolean saturate, gint64 *out,
                                const char *expected)
{
    guint64 v;
    if (!whole_number(value, max, saturate, &v))
        return expected;
    if (*out < 0)
        *out = (gint64) v;
    return NULL;
}

const char *sip_value_parse(SipMessage *m, const SipHeader *h)
{
    switch (h->id) {
    case SIP_HDR_VIA:
        return via_list(m, h->value);
    case SIP_HDR_FROM:
        return single_address(m, h->value, &m->from);
    case SIP_HDR_TO:
        return single_address(m, h->value, &m->to);
    case SIP_HDR_CONTACT:
        return contact(m, h->value);
    case SIP_HDR_ROUTE:
        return address_list(m, h->value, &m->routes, &m->n_routes, &m->cap_routes, TRUE);
    case SIP_HDR_RECORD_ROUTE:
        return address_list(m, h->value, &m->record_routes, &m->n_record_routes,
                            &m->cap_record_routes, TRUE);
    case SIP_HDR_CSEQ:
        return cseq(m, h->value);
    case SIP_HDR_CALL_ID:
        return call_id(m, h->value);
    case SIP_HDR_CONTENT_TYPE:
        return content_type(m, h->value);
    case SIP_HDR_MAX_FORWARDS: /* §20.22: 0-255 */
        return first_number(h->value, 255, FALSE, &m->max_forwards,
                            "expected a number from 0 to 255");
    case SIP_HDR_EXPIRES: /* §20.19: delta-seconds; larger values saturate */
        return first_number(h->value, DELTA_SECONDS_MAX, TRUE, &m->expires,
                            "expected a number of seconds");
    case SIP_HDR_CONTENT_LENGTH: /* §20.14 */
        return first_number(h->value, G_MAXUINT32, FALSE, &m->content_length,
                            "expected a number of bytes");
    default:
        return NULL;
    }
}
