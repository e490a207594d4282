/* SPDX-License-Identifier: MIT */
/*
 * Digest authentication by the proxy element (RFC 3261 section 22 over RFC 2617 3.2): the
 * registrar challenges with 401 and WWW-Authenticate (22.2), the proxy with 407 and
 * Proxy-Authenticate (22.3). The realm is the domain; nonces carry their issue time in
 * simulated time and a keyed hash (sip_digest_nonce_new), so that checking one needs no state.
 */
#include "sip-proxy-private.h"

#include "sip-digest.h"

/* 22.4 item 8: a challenge always offers qop. */
static void challenge(SipProxy *p, SipTransaction *st, gboolean registrar, gboolean stale)
{
    g_autofree char *nonce =
        sip_digest_nonce_new(p->secret, sim_entity_now(&p->entity), ++p->nonces);
    g_autoptr(SipDigestChallenge) ch = sip_digest_challenge_new(p->config.domain, nonce);
    ch->algorithm = SIP_DIGEST_ALGORITHM_MD5;
    ch->qop_options = SIP_DIGEST_QOP_AUTH;
    ch->stale = stale;
    g_autofree char *value = sip_digest_challenge_to_string(ch);
    SipWriter w;
    sip_proxy_reply_begin(p, st, registrar ? 401 : 407, &w);
    sip_writer_header(&w, registrar ? SIP_HDR_WWW_AUTHENTICATE : SIP_HDR_PROXY_AUTHENTICATE,
                      sip_str(value));
    sip_proxy_reply_send(p, st, &w);
    p->stats.challenges++;
}

static gboolean refuse(SipProxy *p, SipTransaction *st, guint code)
{
    p->stats.auth_failures++;
    sip_proxy_reply(p, st, code);
    return FALSE;
}

/* The credentials for the proxy's realm: others are for other servers (22.3). *@malformed
 * tells that a value did not parse. */
static SipDigestCredentials *find_credentials(const SipProxy *p, const SipMessage *req,
                                              SipHeaderId id, gboolean *malformed)
{
    const SipHeader *h;
    *malformed = FALSE;
    for (guint n = 0; (h = sip_message_find_nth(req, id, n)); n++) {
        g_autofree char *value = sip_str_dup(h->value);
        SipDigestCredentials *c = sip_digest_credentials_parse(value, NULL);
        if (!c)
            *malformed = TRUE;
        else if (g_strcmp0(c->realm, p->config.domain) == 0)
            return c;
        sip_digest_credentials_free(c);
    }
    return NULL;
}

static gboolean verify(const SipProxy *p, const SipDigestCredentials *c, const SipMessage *req)
{
    const char *password = g_hash_table_lookup(p->config.passwords, c->username);
    if (!password)
        return FALSE;
    g_autofree char *ha1 = sip_digest_ha1(c->algorithm, c->username, c->realm, password);
    g_autofree char *method = sip_str_dup(sip_message_method_text(req));
    SipStr body = sip_message_body(req);
    return sip_digest_verify(c, ha1, method, body.s ? body.s : "", body.len);
}

/*
 * No credentials for the realm, or a nonce that is not the proxy's: a challenge. Improper
 * credentials: 400 (RFC 2617 3.2.2). An unknown user or a wrong response: 403, rather than a new
 * challenge that a phone with a wrong password would answer for ever (22.1 allows either).
 * Right credentials on a stale nonce: a challenge with stale=true (RFC 2617 3.2.1). Right
 * credentials of a user who may not act for @user: 403 (10.3 step 4).
 */
gboolean sip_proxy_authenticate(SipProxy *p, SipTransaction *st, const SipMessage *req,
                                gboolean registrar, const char *user)
{
    gboolean malformed;
    g_autoptr(SipDigestCredentials) c = find_credentials(
        p, req, registrar ? SIP_HDR_AUTHORIZATION : SIP_HDR_PROXY_AUTHORIZATION, &malformed);
    if (!c && malformed)
        return refuse(p, st, 400);
    SipDigestNonceStatus nonce =
        c ? sip_digest_nonce_check(p->secret, c->nonce, sim_entity_now(&p->entity),
                                   p->config.nonce_lifetime)
          : SIP_DIGEST_NONCE_INVALID;
    if (nonce == SIP_DIGEST_NONCE_INVALID) {
        challenge(p, st, registrar, FALSE);
        return FALSE;
    }
    if (!verify(p, c, req))
        return refuse(p, st, 403);
    if (nonce == SIP_DIGEST_NONCE_STALE) {
        challenge(p, st, registrar, TRUE);
        return FALSE;
    }
    if (user && g_strcmp0(c->username, user) != 0)
        return refuse(p, st, 403);
    return TRUE;
}
