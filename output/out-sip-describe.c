/* SPDX-License-Identifier: MIT */
#include "out-sip-describe.h"

#include "sip-sdp.h"

static void put_str(GString *s, const char *label, SipStr v)
{
    if (sip_str_is_set(v))
        g_string_append_printf(s, "%s%.*s", label, (int) v.len, v.s);
}

static void describe_uri(GString *s, const SipUri *u)
{
    put_str(s, "scheme ", u->scheme);
    put_str(s, ", user ", u->user);
    put_str(s, ", host ", u->host);
    if (u->port >= 0)
        g_string_append_printf(s, ", port %d", u->port);
    put_str(s, ", parameters ", u->params);
}

static void describe_name_addr(GString *s, const SipNameAddr *na)
{
    g_string_append(s, "    ");
    put_str(s, "display \"", na->display);
    if (sip_str_is_set(na->display))
        g_string_append(s, "\", ");
    g_string_append(s, "URI: ");
    describe_uri(s, &na->uri);
    put_str(s, ", tag ", na->tag);
    if (na->expires >= 0)
        g_string_append_printf(s, ", expires %" G_GINT64_FORMAT, na->expires);
    g_string_append_c(s, '\n');
}

typedef guint (*CountFn)(const SipMessage *msg);
typedef const SipNameAddr *(*ItemFn)(const SipMessage *msg, guint i);

/* The elements of a list header (Contact, Route...) that stand in header line @h. */
static void describe_list(GString *s, const SipMessage *msg, const SipHeader *h, guint *next,
                          CountFn count, ItemFn item)
{
    for (; *next < count(msg); (*next)++) {
        const SipNameAddr *na = item(msg, *next);
        if (na->text.s < h->value.s || na->text.s >= h->value.s + h->value.len)
            break;
        describe_name_addr(s, na);
    }
}

/* What sipsim reads in the headers it parses. */
static void describe_header(GString *s, const SipMessage *msg, const SipHeader *h, guint *via,
                            guint *contact, guint *route, guint *rr)
{
    switch (h->id) {
    case SIP_HDR_VIA:
        /* several via-parms may share one line */
        for (const char *p = h->value.s; *via < sip_message_via_count(msg); (*via)++) {
            const SipVia *v = sip_message_via(msg, *via);
            if (v->text.s < p || v->text.s >= h->value.s + h->value.len)
                break;
            g_string_append(s, "    ");
            put_str(s, "transport ", v->transport);
            put_str(s, ", sent-by ", v->host);
            if (v->port >= 0)
                g_string_append_printf(s, ":%d", v->port);
            put_str(s, ", branch ", v->branch);
            put_str(s, ", received ", v->received);
            if (v->rport == 0)
                g_string_append(s, ", rport (asked)");
            else if (v->rport > 0)
                g_string_append_printf(s, ", rport %d", v->rport);
            g_string_append_c(s, '\n');
        }
        break;
    case SIP_HDR_FROM:
        describe_name_addr(s, sip_message_from(msg));
        break;
    case SIP_HDR_TO:
        describe_name_addr(s, sip_message_to(msg));
        break;
    case SIP_HDR_CONTACT:
        describe_list(s, msg, h, contact, sip_message_contact_count, sip_message_contact);
        break;
    case SIP_HDR_ROUTE:
        describe_list(s, msg, h, route, sip_message_route_count, sip_message_route);
        break;
    case SIP_HDR_RECORD_ROUTE:
        describe_list(s, msg, h, rr, sip_message_record_route_count, sip_message_record_route);
        break;
    case SIP_HDR_CSEQ: {
        const SipCSeq *c = sip_message_cseq(msg);
        g_string_append_printf(s, "    number %u, method %.*s\n", c->number,
                               (int) c->method_text.len, c->method_text.s);
        break;
    }
    default:
        break;
    }
}

char *out_sip_describe(const SipMessage *msg)
{
    GString *s = g_string_new(NULL);
    if (sip_message_is_request(msg)) {
        SipStr m = sip_message_method_text(msg);
        g_string_append_printf(s, "request %.*s\n  Request-URI: ", (int) m.len, m.s);
        describe_uri(s, sip_message_request_uri(msg));
        g_string_append_c(s, '\n');
    } else {
        SipStr r = sip_message_reason(msg);
        g_string_append_printf(s, "response %u %.*s\n", sip_message_status(msg), (int) r.len, r.s);
    }
    guint n = sip_message_header_count(msg), via = 0, contact = 0, route = 0, rr = 0;
    g_string_append_printf(s, "headers (%u):\n", n);
    for (guint i = 0; i < n; i++) {
        const SipHeader *h = sip_message_header(msg, i);
        const char *name = h->id != SIP_HDR_OTHER ? sip_header_name(h->id) : NULL;
        if (name)
            g_string_append_printf(s, "  %s: %.*s\n", name, (int) h->value.len, h->value.s);
        else
            g_string_append_printf(s, "  %.*s: %.*s (not known to sipsim, kept as is)\n",
                                   (int) h->name.len, h->name.s, (int) h->value.len, h->value.s);
        describe_header(s, msg, h, &via, &contact, &route, &rr);
    }
    SipStr body = sip_message_body(msg);
    const SipContentType *ct = sip_message_content_type(msg);
    g_string_append_printf(s, "body: %zu bytes", body.len);
    if (ct)
        g_string_append_printf(s, " of %.*s/%.*s", (int) ct->type.len, ct->type.s,
                               (int) ct->subtype.len, ct->subtype.s);
    g_string_append_c(s, '\n');
    if (ct && sip_str_equal_ci(ct->subtype, SIP_STR("sdp")) && body.len) {
        g_autoptr(GError) error = NULL;
        g_autoptr(SipSdp) sdp = sip_sdp_parse(body.s, body.len, &error);
        if (!sdp) {
            g_string_append_printf(s, "  SDP: malformed: %s\n", error->message);
        } else {
            for (guint i = 0; i < sdp->media->len; i++) {
                const SipSdpMedia *m = g_ptr_array_index(sdp->media, i);
                const char *addr =
                    m->connection.address ? m->connection.address : sdp->connection.address;
                g_string_append_printf(
                    s, "  SDP: %s to %s port %u, %s, session version %" G_GUINT64_FORMAT "\n",
                    m->media, addr ? addr : "?", m->port,
                    sip_sdp_direction_name(sip_sdp_media_direction(sdp, i)), sdp->session_version);
            }
        }
    }
    return g_string_free(s, FALSE);
}
