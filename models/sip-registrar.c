/* SPDX-License-Identifier: MIT */
/*
 * The registrar (RFC 3261 10.3): REGISTER requests for the proxy's domain add, refresh, remove
 * and fetch the bindings of an address-of-record in the location service, each request applied
 * whole or not at all.
 */
#include "sip-proxy-private.h"

#include "sip-check.h"

#define DEFAULT_EXPIRES 3600 /* seconds: step 7's locally configured default */

/* Step 5: an address-of-record in the domain, of a subscriber when the proxy has any. */
static gboolean aor_valid(const SipProxy *p, const SipUri *to, const char *user)
{
    return user && sip_proxy_host_is_ours(p, to->host) &&
           (g_hash_table_size(p->config.passwords) == 0 ||
            g_hash_table_contains(p->config.passwords, user));
}

/* Step 7: the contact's expires parameter, else the Expires header, else the default; never
 * more than the proxy grants. */
static SimTime contact_expires(const SipProxy *p, const SipMessage *req, const SipNameAddr *contact)
{
    gint64 seconds = contact->expires >= 0           ? contact->expires
                     : sip_message_expires(req) >= 0 ? sip_message_expires(req)
                                                     : DEFAULT_EXPIRES;
    return MIN(seconds * SIM_S, p->config.max_expires);
}

/* Step 7: a contact bound with the request's Call-ID and a CSeq not below the request's makes
 * the whole request fail; checked before any change. */
static gboolean in_order(SipProxy *p, const char *aor, const SipMessage *req, const char *call_id,
                         guint32 cseq)
{
    const GPtrArray *bindings = sip_location_lookup(p->location, aor, sim_entity_now(&p->entity));
    for (guint i = 0; bindings && i < bindings->len; i++) {
        const SipBinding *b = g_ptr_array_index(bindings, i);
        for (guint k = 0; k < sip_message_contact_count(req); k++) {
            if (sip_str_equal(sip_message_contact(req, k)->uri.text, sip_str(b->contact)) &&
                g_str_equal(b->call_id, call_id) && cseq <= b->cseq)
                return FALSE;
        }
    }
    return TRUE;
}

/* Steps 6 and 7; FALSE when the request is out of order. */
static gboolean update(SipProxy *p, const char *aor, const SipMessage *req)
{
    SimTime now = sim_entity_now(&p->entity);
    g_autofree char *call_id = sip_str_dup(sip_message_call_id(req));
    guint32 cseq = sip_message_cseq(req)->number;
    if (sip_message_contact_star(req))
        return sip_location_remove_all(p->location, aor, now, call_id, cseq) == SIP_LOCATION_OK;
    if (!in_order(p, aor, req, call_id, cseq))
        return FALSE;
    for (guint k = 0; k < sip_message_contact_count(req); k++) {
        const SipNameAddr *contact = sip_message_contact(req, k);
        g_autofree char *uri = sip_str_dup(contact->uri.text);
        sip_location_update(p->location, aor, uri, now, contact_expires(p, req, contact), call_id,
                            cseq);
    }
    return TRUE;
}

/* Step 8: 200 with every binding and the seconds it has left. */
static void accept(SipProxy *p, SipTransaction *st, const char *aor)
{
    SimTime now = sim_entity_now(&p->entity);
    SipWriter w;
    sip_proxy_reply_begin(p, st, 200, &w);
    const GPtrArray *bindings = sip_location_lookup(p->location, aor, now);
    for (guint i = 0; bindings && i < bindings->len; i++) {
        const SipBinding *b = g_ptr_array_index(bindings, i);
        g_autofree char *value = g_strdup_printf("<%s>;expires=%" G_GINT64_FORMAT, b->contact,
                                                 (b->expires_at - now + SIM_S - 1) / SIM_S);
        sip_writer_header(&w, SIP_HDR_CONTACT, sip_str(value));
    }
    sip_proxy_reply_send(p, st, &w);
    p->stats.registrations++;
}

void sip_registrar_register(SipProxy *p, SipTransaction *st, const SipMessage *req)
{
    /* A registrar is a UAS (8.2); step 2 is among its checks. */
    SipCheckResult r;
    if (!sip_request_check(req, NULL, &r)) {
        sip_proxy_reply_check(p, st, &r);
        return;
    }
    const SipUri *to = &sip_message_to(req)->uri;
    g_autofree char *user = sip_proxy_uri_user(to);
    /* Steps 3 and 4: the credentials must be those of the address-of-record's user. */
    if ((p->config.auth & SIP_METHOD_BIT(SIP_METHOD_REGISTER)) &&
        !sip_proxy_authenticate(p, st, req, TRUE, user ? user : ""))
        return;
    if (!aor_valid(p, to, user)) {
        sip_proxy_reply(p, st, 404);
        return;
    }
    /* Step 6: "*" goes alone, with Expires: 0. */
    if (sip_message_contact_star(req) &&
        (sip_message_contact_count(req) > 0 || sip_message_expires(req) != 0)) {
        sip_proxy_reply(p, st, 400);
        return;
    }
    g_autofree char *aor = sip_proxy_aor(p, user);
    if (!update(p, aor, req)) {
        sip_proxy_reply(p, st, 500);
        return;
    }
    accept(p, st, aor);
}
