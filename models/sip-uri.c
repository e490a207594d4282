/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE /* memrchr */
#include "sip-uri.h"

#include "sip-chars.h"

gboolean sip_str_equal(SipStr a, SipStr b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.s, b.s, a.len) == 0);
}

gboolean sip_str_equal_ci_slow(SipStr a, SipStr b)
{
    /* Folds only where the bytes differ: names are usually written as compared. */
    for (gsize i = 0; i < a.len; i++)
        if (a.s[i] != b.s[i] && sip_fold(a.s[i]) != sip_fold(b.s[i]))
            return FALSE;
    return TRUE;
}

char *sip_str_dup(SipStr v)
{
    return g_strndup(v.s ? v.s : "", v.len);
}

/* Skips characters of @classes and valid %-escapes; stops at anything else. */
static const char *skip_escaped(const char *p, const char *end, guint16 classes)
{
    while (p < end) {
        if (sip_char_is(*p, classes))
            p++;
        else if (*p == '%' && end - p >= 3 && sip_char_is(p[1], SIP_C_HEX) &&
                 sip_char_is(p[2], SIP_C_HEX))
            p += 3;
        else
            break;
    }
    return p;
}

static const char *skip_class(const char *p, const char *end, guint16 classes)
{
    while (p < end && sip_char_is(*p, classes))
        p++;
    return p;
}

/* RFC 3261 §25.1 hostport: a host name, an IPv4 address or an IPv6 reference, then ":port". */
static const char *parse_hostport(const char **pp, const char *end, SipUri *out)
{
    const char *p = *pp;
    const char *host = p;
    p = sip_skip_host(p, end);
    if (!p)
        return "expected ']' closing the IPv6 reference";
    if (p == host)
        return "expected a host";
    out->host = (SipStr){ host, (gsize) (p - host) };
    if (p < end && *p == ':') {
        const char *digits = ++p;
        guint port = 0;
        while (p < end && g_ascii_isdigit(*p) && port <= 65535)
            port = port * 10 + (guint) (*p++ - '0');
        if (p == digits || port > 65535)
            return "expected a port number from 0 to 65535";
        out->port = (gint) port;
    }
    *pp = p;
    return NULL;
}

/* uri-parameters = *( ";" pname [ "=" pvalue ] ), then headers = "?" header *( "&" header ). */
static const char *parse_params_headers(const char *p, const char *end, SipUri *out)
{
    const char *params = p;
    guint16 pchar = SIP_C_UNRESERVED | SIP_C_PARAM;
    while (p < end && *p == ';') {
        const char *name = ++p;
        p = skip_escaped(p, end, pchar);
        if (p == name)
            return "empty URI parameter";
        if (p < end && *p == '=') {
            const char *value = ++p;
            p = skip_escaped(p, end, pchar);
            if (p == value)
                return "empty URI parameter value";
        }
    }
    out->params = p > params ? (SipStr){ params, (gsize) (p - params) } : (SipStr){ NULL, 0 };
    if (p < end && *p == '?') {
        const char *headers = ++p;
        guint16 hchar = SIP_C_UNRESERVED | SIP_C_HNV;
        for (;;) {
            const char *name = p;
            p = skip_escaped(p, end, hchar);
            if (p == name || p >= end || *p != '=')
                return "expected name=value in the URI headers";
            p = skip_escaped(p + 1, end, hchar);
            if (p >= end || *p != '&')
                break;
            p++;
        }
        out->headers = (SipStr){ headers, (gsize) (p - headers) };
    }
    return p == end ? NULL : "unexpected character in the URI";
}

/* RFC 3261 §19.1.1: sip:user:password@host:port;uri-parameters?headers. The userinfo may hold
 * ';', '?' and '/', but never '@' (escaped, it is "%40"): the last '@' ends it. */
static const char *parse_sip_uri(const char *p, const char *end, SipUri *out)
{
    const char *at = memrchr(p, '@', (gsize) (end - p));
    if (at) {
        const char *user_end = skip_escaped(p, at, SIP_C_UNRESERVED | SIP_C_USER);
        if (user_end == p)
            return "expected a user before '@'";
        out->user = (SipStr){ p, (gsize) (user_end - p) };
        if (user_end < at && *user_end == ':') {
            const char *pw = user_end + 1;
            user_end = skip_escaped(pw, at, SIP_C_UNRESERVED | SIP_C_PASSWORD);
            out->password = (SipStr){ pw, (gsize) (user_end - pw) };
        }
        if (user_end != at)
            return "invalid character in the URI userinfo";
        p = at + 1;
    }
    const char *err = parse_hostport(&p, end, out);
    return err ? err : parse_params_headers(p, end, out);
}

const char *sip_uri_parse(SipStr text, SipUri *out)
{
    /* Field by field: a whole-struct initializer compiles to a slow "rep stos" here. */
    out->kind = SIP_URI_OTHER;
    out->text = text;
    out->scheme = out->user = out->password = out->host = (SipStr){ NULL, 0 };
    out->params = out->headers = out->opaque = (SipStr){ NULL, 0 };
    out->port = -1;
    const char *p = text.s, *end = text.s + text.len;
    if (text.len == 0 || !g_ascii_isalpha(*p))
        return "expected a URI scheme";
    const char *colon = skip_class(p + 1, end, SIP_C_ALNUM | SIP_C_SCHEME);
    if (colon >= end || *colon != ':')
        return "expected a URI scheme then ':'";
    out->scheme = (SipStr){ p, (gsize) (colon - p) };
    p = colon + 1;
    if (sip_str_equal_ci(out->scheme, SIP_STR("sip")))
        out->kind = SIP_URI_SIP;
    else if (sip_str_equal_ci(out->scheme, SIP_STR("sips")))
        out->kind = SIP_URI_SIPS;
    else
        out->kind = SIP_URI_OTHER;
    if (out->kind != SIP_URI_OTHER)
        return parse_sip_uri(p, end, out);
    /* RFC 3261 §25.1 absoluteURI: any uric (plus '[' and ']' of RFC 2732 hosts) after the ':'. */
    out->opaque = (SipStr){ p, (gsize) (end - p) };
    if (p == end)
        return "expected something after the URI scheme";
    if (skip_escaped(p, end, SIP_C_UNRESERVED | SIP_C_RESERVED | SIP_C_PARAM) != end)
        return "invalid character in the URI";
    return NULL;
}

/* --- parameters --- */

void sip_param_iter_init(SipParamIter *it, SipStr params)
{
    it->p = params.s;
    it->end = params.s + params.len;
}

static const char *skip_lws(const char *p, const char *end)
{
    while (p < end && sip_is_lws(*p))
        p++;
    return p;
}

gboolean sip_param_iter_next(SipParamIter *it, SipStr *name, SipStr *value)
{
    const char *p = skip_lws(it->p, it->end), *end = it->end;
    if (p >= end || *p != ';')
        return FALSE;
    p = skip_lws(p + 1, end);
    const char *n = p;
    while (p < end && *p != '=' && *p != ';' && !sip_is_lws(*p))
        p++;
    *name = (SipStr){ n, (gsize) (p - n) };
    *value = (SipStr){ NULL, 0 };
    const char *q = skip_lws(p, end);
    if (q < end && *q == '=') {
        p = skip_lws(q + 1, end);
        const char *v = p;
        if (p < end && *p == '"') {
            for (p++; p < end && *p != '"'; p++)
                if (*p == '\\' && p + 1 < end)
                    p++;
            p += p < end;
        } else {
            while (p < end && *p != ';' && !sip_is_lws(*p))
                p++;
        }
        *value = (SipStr){ v, (gsize) (p - v) };
    }
    it->p = p;
    return TRUE;
}

gboolean sip_params_find(SipStr params, const char *name, SipStr *value)
{
    SipParamIter it;
    SipStr n, v, want = sip_str(name);
    sip_param_iter_init(&it, params);
    while (sip_param_iter_next(&it, &n, &v)) {
        if (sip_str_equal_ci(n, want)) {
            *value = v;
            return TRUE;
        }
    }
    return FALSE;
}

/* --- comparison, RFC 3261 §19.1.4 --- */

/* One character of escaped text: its value, and whether it was written as %XX. */
static gboolean next_unit(const char **p, const char *end, guint8 *c, gboolean *escaped)
{
    const char *q = *p;
    if (q >= end)
        return FALSE;
    *escaped =
        *q == '%' && end - q >= 3 && sip_char_is(q[1], SIP_C_HEX) && sip_char_is(q[2], SIP_C_HEX);
    if (*escaped) {
        *c = (guint8) (sip_hex_value(q[1]) << 4 | sip_hex_value(q[2]));
        *p = q + 3;
    } else {
        *c = (guint8) *q;
        *p = q + 1;
    }
    return TRUE;
}

/* "Characters other than those in the reserved set are equivalent to their %HEX HEX encoding";
 * an escaped reserved character differs from the character itself. */
static gboolean escaped_equal(SipStr a, SipStr b, gboolean ci)
{
    const char *pa = a.s, *ea = a.s + a.len, *pb = b.s, *eb = b.s + b.len;
    guint8 ca, cb;
    gboolean xa, xb;
    for (;;) {
        gboolean more_a = next_unit(&pa, ea, &ca, &xa), more_b = next_unit(&pb, eb, &cb, &xb);
        if (!more_a || !more_b)
            return more_a == more_b;
        if (ci) {
            ca = (guint8) sip_fold((char) ca);
            cb = (guint8) sip_fold((char) cb);
        }
        if (ca != cb || (sip_char_is((char) ca, SIP_C_RESERVED) && xa != xb))
            return FALSE;
    }
}

static gboolean optional_equal(SipStr a, SipStr b, gboolean ci)
{
    if (sip_str_is_set(a) != sip_str_is_set(b))
        return FALSE;
    return !sip_str_is_set(a) || escaped_equal(a, b, ci);
}

static gboolean find_escaped_param(SipStr params, SipStr name, SipStr *value)
{
    SipParamIter it;
    SipStr n, v;
    sip_param_iter_init(&it, params);
    while (sip_param_iter_next(&it, &n, &v)) {
        if (escaped_equal(n, name, TRUE)) {
            *value = v;
            return TRUE;
        }
    }
    return FALSE;
}

gboolean sip_uri_param(const SipUri *uri, const char *name, SipStr *value)
{
    return find_escaped_param(uri->params, sip_str(name), value);
}

/* "user, ttl, method, maddr and transport" must match when either URI has them. */
static gboolean is_must_match_param(SipStr name)
{
    static const char *const names[] = { "user", "ttl", "method", "maddr", "transport" };
    for (gsize i = 0; i < G_N_ELEMENTS(names); i++)
        if (escaped_equal(name, sip_str(names[i]), TRUE))
            return TRUE;
    return FALSE;
}

/* Every parameter of @a found in @b matches; those that must match are in @b. */
static gboolean params_match_one_way(SipStr a, SipStr b)
{
    SipParamIter it;
    SipStr n, va, vb;
    sip_param_iter_init(&it, a);
    while (sip_param_iter_next(&it, &n, &va)) {
        if (find_escaped_param(b, n, &vb)) {
            if (!optional_equal(va, vb, TRUE))
                return FALSE;
        } else if (is_must_match_param(n)) {
            return FALSE;
        }
    }
    return TRUE;
}

typedef struct {
    const char *p;
    const char *end;
} HeaderIter;

static gboolean header_next(HeaderIter *it, SipStr *name, SipStr *value)
{
    if (it->p >= it->end)
        return FALSE;
    const char *amp = memchr(it->p, '&', (gsize) (it->end - it->p));
    const char *stop = amp ? amp : it->end;
    const char *eq = memchr(it->p, '=', (gsize) (stop - it->p));
    *name = (SipStr){ it->p, (gsize) ((eq ? eq : stop) - it->p) };
    *value = eq ? (SipStr){ eq + 1, (gsize) (stop - eq - 1) } : (SipStr){ stop, 0 };
    it->p = amp ? amp + 1 : it->end;
    return TRUE;
}

static guint header_count(SipStr headers)
{
    HeaderIter it = { headers.s, headers.s + headers.len };
    SipStr n, v;
    guint count = 0;
    while (header_next(&it, &n, &v))
        count++;
    return count;
}

/* "Any present header component MUST be present in both URIs and match": names compare
 * case-insensitively, values octet by octet after unescaping. */
static gboolean headers_match(SipStr a, SipStr b)
{
    if (header_count(a) != header_count(b))
        return FALSE;
    HeaderIter ia = { a.s, a.s + a.len };
    SipStr na, va;
    while (header_next(&ia, &na, &va)) {
        HeaderIter ib = { b.s, b.s + b.len };
        SipStr nb, vb;
        gboolean found = FALSE;
        while (!found && header_next(&ib, &nb, &vb))
            found = escaped_equal(na, nb, TRUE) && escaped_equal(va, vb, FALSE);
        if (!found)
            return FALSE;
    }
    return TRUE;
}

gboolean sip_uri_equal(const SipUri *a, const SipUri *b)
{
    if (a->kind != b->kind)
        return FALSE;
    if (a->kind == SIP_URI_OTHER)
        return sip_str_equal_ci(a->scheme, b->scheme) && sip_str_equal(a->opaque, b->opaque);
    return optional_equal(a->user, b->user, FALSE) &&
           optional_equal(a->password, b->password, FALSE) && sip_str_equal_ci(a->host, b->host) &&
           a->port == b->port && params_match_one_way(a->params, b->params) &&
           params_match_one_way(b->params, a->params) && headers_match(a->headers, b->headers);
}
