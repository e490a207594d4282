/* SPDX-License-Identifier: MIT */
#include "sip-check.h"

#include "sip-writer.h"

static const char *const default_schemes[] = { "sip", "sips", NULL };
static const char *const default_content_types[] = { "application/sdp", NULL };
static const char *const no_extensions[] = { NULL };

/* §8.1.1: the headers every request carries. Max-Forwards is not among them here: RFC 2543
 * requests have none (RFC 4475 §3.4.1), and a proxy adds it (§16.6 step 3). */
static const struct {
    SipHeaderId id;
    const char *missing;
    const char *repeated;
} mandatory[] = {
    { SIP_HDR_VIA, "missing Via", NULL },
    { SIP_HDR_FROM, "missing From", "more than one From" },
    { SIP_HDR_TO, "missing To", "more than one To" },
    { SIP_HDR_CALL_ID, "missing Call-ID", "more than one Call-ID" },
    { SIP_HDR_CSEQ, "missing CSeq", "more than one CSeq" },
    { SIP_HDR_MAX_FORWARDS, NULL, "more than one Max-Forwards" },
    { SIP_HDR_CONTENT_LENGTH, NULL, "more than one Content-Length" },
    { SIP_HDR_CONTENT_TYPE, NULL, "more than one Content-Type" },
};

static gboolean refuse(SipCheckResult *r, guint code, const char *why)
{
    r->code = code;
    r->reason = sip_status_phrase(code);
    r->why = why;
    return FALSE;
}

static gboolean in_list(const char *const *list, SipStr item)
{
    for (; *list; list++)
        if (sip_str_equal_ci(sip_str(*list), item))
            return TRUE;
    return FALSE;
}

/* §7.3.1: a header that is not a comma-separated list appears at most once. */
static gboolean check_headers(const SipMessage *req, SipCheckResult *r)
{
    for (gsize i = 0; i < G_N_ELEMENTS(mandatory); i++) {
        guint n = sip_message_count(req, mandatory[i].id);
        if (n == 0 && mandatory[i].missing)
            return refuse(r, 400, mandatory[i].missing);
        if (n > 1 && mandatory[i].repeated)
            return refuse(r, 400, mandatory[i].repeated);
    }
    /* §19.1.1: a Request-URI has no headers; RFC 4475 §3.1.2.11 allows refusing one with 400. */
    if (sip_str_is_set(sip_message_request_uri(req)->headers))
        return refuse(r, 400, "headers in the Request-URI");
    return TRUE;
}

/* §8.2.1: 501 for a method the UAS does not know, 405 for one it knows but does not do. */
static gboolean check_method(const SipMessage *req, guint32 methods, SipCheckResult *r)
{
    SipMethod m = sip_message_method(req);
    if (m == SIP_METHOD_OTHER)
        return refuse(r, 501, "unknown method");
    if (methods && !(methods & SIP_METHOD_BIT(m)))
        return refuse(r, 405, "method not allowed here");
    return TRUE;
}

/* §8.1.1.5: the CSeq method matches the request's. RFC 4475 §3.1.2.18 prefers 501 over 400
 * when the method is unknown, since an extension might define the mismatch. */
static gboolean check_cseq(const SipMessage *req, SipCheckResult *r)
{
    if (sip_str_equal(sip_message_cseq(req)->method_text, sip_message_method_text(req)))
        return TRUE;
    if (sip_message_method(req) == SIP_METHOD_OTHER)
        return refuse(r, 501, "unknown method, and CSeq names another");
    return refuse(r, 400, "CSeq method differs from the request method");
}

/* §8.2.2.3 (Require, not for ACK and CANCEL) and §16.3 step 5 (Proxy-Require): 420 listing
 * every option tag not supported in an Unsupported header. */
static gboolean check_options(const SipMessage *req, const SipCheckOptions *o, SipCheckResult *r)
{
    SipMethod m = sip_message_method(req);
    if (!o->proxy && (m == SIP_METHOD_ACK || m == SIP_METHOD_CANCEL))
        return TRUE;
    const char *const *supported = o->extensions ? o->extensions : no_extensions;
    SipListIter it;
    SipStr tag;
    GString *unsupported = NULL;
    sip_list_iter_init(&it, req, o->proxy ? SIP_HDR_PROXY_REQUIRE : SIP_HDR_REQUIRE);
    while (sip_list_iter_next(&it, &tag)) {
        if (in_list(supported, tag))
            continue;
        if (!unsupported)
            unsupported = g_string_new(NULL);
        else
            g_string_append(unsupported, ", ");
        g_string_append_len(unsupported, tag.s, (gssize) tag.len);
    }
    if (!unsupported)
        return TRUE;
    r->unsupported = g_string_free(unsupported, FALSE);
    return refuse(r, 420,
                  o->proxy ? "unsupported Proxy-Require option" : "unsupported Require option");
}

static gboolean type_handled(const char *const *types, SipStr type, SipStr subtype)
{
    for (; *types; types++) {
        const char *slash = strchr(*types, '/');
        if (slash && sip_str_equal_ci((SipStr){ *types, (gsize) (slash - *types) }, type) &&
            sip_str_equal_ci(sip_str(slash + 1), subtype))
            return TRUE;
    }
    return FALSE;
}

/* An Accept media-range (a type and subtype, either of which may be "*", then parameters)
 * that covers one of @types. */
static gboolean range_accepts(SipStr range, const char *const *types)
{
    const char *semi = memchr(range.s, ';', range.len);
    SipStr r = { range.s, semi ? (gsize) (semi - range.s) : range.len };
    while (r.len && (r.s[r.len - 1] == ' ' || r.s[r.len - 1] == '\t'))
        r.len--;
    const char *slash = memchr(r.s, '/', r.len);
    if (!slash)
        return FALSE;
    SipStr type = { r.s, (gsize) (slash - r.s) };
    SipStr subtype = { slash + 1, r.len - type.len - 1 };
    for (; *types; types++) {
        const char *ts = strchr(*types, '/');
        if (!ts)
            continue;
        gboolean type_ok = sip_str_equal(type, SIP_STR("*")) ||
                           sip_str_equal_ci(type, (SipStr){ *types, (gsize) (ts - *types) });
        gboolean sub_ok =
            sip_str_equal(subtype, SIP_STR("*")) || sip_str_equal_ci(subtype, sip_str(ts + 1));
        if (type_ok && sub_ok)
            return TRUE;
    }
    return FALSE;
}

/* §8.2.3: 415 for a body the UAS cannot handle; RFC 4475 §3.3.15: 406 for an INVITE whose
 * Accept excludes every type the UAS could answer with. */
static gboolean check_content(const SipMessage *req, const SipCheckOptions *o, SipCheckResult *r)
{
    const char *const *types = o->content_types ? o->content_types : default_content_types;
    const SipContentType *ct = sip_message_content_type(req);
    if (sip_message_body(req).len && ct && !type_handled(types, ct->type, ct->subtype))
        return refuse(r, 415, "body type not handled");
    if (sip_message_method(req) != SIP_METHOD_INVITE || !sip_message_find(req, SIP_HDR_ACCEPT))
        return TRUE;
    SipListIter it;
    SipStr range;
    sip_list_iter_init(&it, req, SIP_HDR_ACCEPT);
    while (sip_list_iter_next(&it, &range))
        if (range_accepts(range, types))
            return TRUE;
    return refuse(r, 406, "Accept excludes every body type handled");
}

gboolean sip_request_check(const SipMessage *req, const SipCheckOptions *options,
                           SipCheckResult *result)
{
    *result = (SipCheckResult){ 0 };
    g_return_val_if_fail(sip_message_is_request(req), FALSE);
    static const SipCheckOptions uas = { 0 };
    const SipCheckOptions *o = options ? options : &uas;
    /* §21.5.6 (505) comes first: nothing else can be read in another version. */
    if (!sip_str_equal_ci(sip_message_version(req), SIP_STR("SIP/2.0")))
        return refuse(result, 505, "SIP version other than 2.0");
    if (!check_headers(req, result))
        return FALSE;
    if (!o->proxy && !check_method(req, o->methods, result))
        return FALSE;
    if (!check_cseq(req, result))
        return FALSE;
    /* §8.2.2.1, §16.3 step 2 */
    const SipUri *uri = sip_message_request_uri(req);
    if (!in_list(o->schemes ? o->schemes : default_schemes, uri->scheme))
        return refuse(result, 416, "Request-URI scheme not handled");
    /* §16.3 step 3; a UAS processes the request whatever the value (RFC 4475 §3.3.11). */
    if (o->proxy && sip_message_max_forwards(req) == 0)
        return refuse(result, 483, "Max-Forwards is 0");
    /* A registrar needs a SIP or SIPS address-of-record in To (§10.3, RFC 4475 §3.3.4). */
    if (!o->proxy && sip_message_method(req) == SIP_METHOD_REGISTER &&
        sip_message_to(req)->uri.kind == SIP_URI_OTHER)
        return refuse(result, 400, "To of a REGISTER is not a SIP or SIPS URI");
    if (!check_options(req, o, result))
        return FALSE;
    if (!o->proxy && !check_content(req, o, result))
        return FALSE;
    return TRUE;
}

void sip_check_result_clear(SipCheckResult *result)
{
    g_clear_pointer(&result->unsupported, g_free);
}
