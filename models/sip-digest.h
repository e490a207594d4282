/* SPDX-License-Identifier: MIT */
/*
 * HTTP Digest authentication as SIP uses it (RFC 3261 §22.4 over RFC 2617 and RFC 7616): the
 * challenge (WWW-Authenticate / Proxy-Authenticate) and credentials (Authorization /
 * Proxy-Authorization) header values, the response computation, and the nonces a registrar
 * issues. Header values are plain strings: the text after "Name:", already unfolded or not.
 * SHA-512-256 (RFC 7616 §3.2) is not offered: GLib's GChecksum has no SHA-512/256 and no crypto
 * library is linked, so a challenge naming it is SIP_DIGEST_ERROR_UNSUPPORTED.
 */
#pragma once

#include "sim-time.h"

#include <glib.h>

#define SIP_DIGEST_ERROR (sip_digest_error_quark())
GQuark sip_digest_error_quark(void);

typedef enum {
    SIP_DIGEST_ERROR_MALFORMED,   /* not the RFC 3261 §25 grammar, or a required field missing */
    SIP_DIGEST_ERROR_UNSUPPORTED, /* another scheme (Basic...), or an algorithm we cannot compute */
} SipDigestError;

typedef enum {
    SIP_DIGEST_ALGORITHM_UNSPECIFIED, /* no algorithm parameter: MD5 (RFC 2617 §3.2.1) */
    SIP_DIGEST_ALGORITHM_MD5,
    SIP_DIGEST_ALGORITHM_MD5_SESS,
    SIP_DIGEST_ALGORITHM_SHA256,
    SIP_DIGEST_ALGORITHM_SHA256_SESS,
} SipDigestAlgorithm;

/* Quality of protection: one value in credentials, a set of flags in a challenge. */
typedef enum {
    SIP_DIGEST_QOP_NONE = 0, /* RFC 2069 compatibility: no cnonce, no nc */
    SIP_DIGEST_QOP_AUTH = 1 << 0,
    SIP_DIGEST_QOP_AUTH_INT = 1 << 1,
} SipDigestQop;

/* "MD5", "MD5-sess", "SHA-256", "SHA-256-sess", case-insensitive. */
gboolean sip_digest_algorithm_parse(const char *name, SipDigestAlgorithm *out);

/* A challenge (RFC 2617 §3.2.1). Strings are owned; the optional ones may be NULL. */
typedef struct {
    char *realm;
    char *nonce;
    char *opaque;
    SipDigestAlgorithm algorithm;
    guint qop_options; /* SipDigestQop flags; unknown qop values are dropped */
    gboolean stale;
} SipDigestChallenge;

/* A challenge with @realm and @nonce, no qop, not stale; set the other fields directly. */
SipDigestChallenge *sip_digest_challenge_new(const char *realm, const char *nonce);
void sip_digest_challenge_free(SipDigestChallenge *challenge);
/* Requires realm and nonce; parameters other than those of the struct are ignored. */
SipDigestChallenge *sip_digest_challenge_parse(const char *value, GError **error);
/* `Digest realm="...", nonce="..."[, opaque="..."][, algorithm=X][, qop="..."][, stale=TRUE]` */
char *sip_digest_challenge_to_string(const SipDigestChallenge *challenge);

/* Credentials (RFC 2617 §3.2.2). cnonce and nc are meaningful only when qop is set. */
typedef struct {
    char *username;
    char *realm;
    char *nonce;
    char *uri; /* may be NULL when parsed (RFC 3261's own examples omit it): never verifies */
    char *response;
    char *cnonce;
    char *opaque;
    SipDigestAlgorithm algorithm;
    SipDigestQop qop;
    guint32 nc;
} SipDigestCredentials;

/*
 * Credentials answering @challenge for a request to @uri, without a response yet: realm, nonce,
 * opaque and algorithm are the challenge's; qop is auth when offered, else auth-int when offered,
 * else none (then @cnonce and @nc are not used).
 */
SipDigestCredentials *sip_digest_credentials_new(const SipDigestChallenge *challenge,
                                                 const char *username, const char *uri,
                                                 const char *cnonce, guint32 nc);
void sip_digest_credentials_free(SipDigestCredentials *credentials);
/* Requires username, realm, nonce and response, and cnonce and nc when qop is present. */
SipDigestCredentials *sip_digest_credentials_parse(const char *value, GError **error);
/* RFC 2617 §3.5's order: username, realm, nonce, uri, algorithm, qop, nc, cnonce, response,
 * opaque. */
char *sip_digest_credentials_to_string(const SipDigestCredentials *credentials);

/*
 * The computation (RFC 2617 §3.2.2.1-3, RFC 7616 §3.4.1-3); every result is lowercase hex.
 * H(username ":" realm ":" password): what a registrar may store instead of the password.
 */
char *sip_digest_ha1(SipDigestAlgorithm algorithm, const char *username, const char *realm,
                     const char *password);
/* For a -sess algorithm H(ha1 ":" nonce ":" cnonce), else a copy of @ha1. */
char *sip_digest_session_ha1(SipDigestAlgorithm algorithm, const char *ha1, const char *nonce,
                             const char *cnonce);
/* H(entity-body), for auth-int; a request without a body hashes the empty string (RFC 3261
 * §22.4 item 7). */
char *sip_digest_body_hash(SipDigestAlgorithm algorithm, const char *body, gsize len);
/* H(method ":" uri), or H(method ":" uri ":" body_hash) for auth-int. */
char *sip_digest_ha2(SipDigestAlgorithm algorithm, SipDigestQop qop, const char *method,
                     const char *uri, const char *body_hash);
/* H(session_ha1 ":" nonce ":" nc ":" cnonce ":" qop ":" ha2), or H(session_ha1 ":" nonce ":"
 * ha2) without qop. */
char *sip_digest_response(SipDigestAlgorithm algorithm, const char *session_ha1, const char *nonce,
                          SipDigestQop qop, guint32 nc, const char *cnonce, const char *ha2);

/* Client: sets @credentials->response for a request with @method and @body, given @ha1 (from
 * sip_digest_ha1()). */
void sip_digest_credentials_sign(SipDigestCredentials *credentials, const char *ha1,
                                 const char *method, const char *body, gsize body_len);
/*
 * Server: whether @credentials carry the right response for a request with @method and @body,
 * given the HA1 stored for the user (sip_digest_ha1() of the password, with the credentials'
 * algorithm). Checking the nonce and the uri against the Request-URI is the caller's.
 */
gboolean sip_digest_verify(const SipDigestCredentials *credentials, const char *ha1,
                           const char *method, const char *body, gsize body_len);

/*
 * Registrar nonces (RFC 2617 §3.2.1 suggests time-stamp plus a keyed hash): the issue time
 * and a counter in clear, and an HMAC-SHA-256 over them keyed by @secret, so that a nonce needs
 * no server state. Deterministic: same secret, time and counter, same nonce.
 */
char *sip_digest_nonce_new(const char *secret, SimTime now, guint64 counter);

typedef enum {
    SIP_DIGEST_NONCE_VALID,
    SIP_DIGEST_NONCE_STALE,   /* ours, but older than the lifetime: challenge again, stale=TRUE */
    SIP_DIGEST_NONCE_INVALID, /* not ours (other secret, altered, garbage, issued in the future) */
} SipDigestNonceStatus;

/* Valid while now < issue time + @lifetime. */
SipDigestNonceStatus sip_digest_nonce_check(const char *secret, const char *nonce, SimTime now,
                                            SimTime lifetime);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SipDigestChallenge, sip_digest_challenge_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SipDigestCredentials, sip_digest_credentials_free)
