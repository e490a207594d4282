/* SPDX-License-Identifier: MIT */
#include "sip-digest.h"

#include <string.h>

G_DEFINE_QUARK(sipsim_sip_digest_error, sip_digest_error)

/* Indexed by SipDigestAlgorithm. A missing algorithm means MD5 (RFC 2617 §3.2.1). */
static const struct {
    const char *name;
    GChecksumType checksum;
    gboolean session; /* HA1 mixes in nonce and cnonce (RFC 2617 §3.2.2.2) */
} algorithms[] = {
    [SIP_DIGEST_ALGORITHM_UNSPECIFIED] = { NULL, G_CHECKSUM_MD5, FALSE },
    [SIP_DIGEST_ALGORITHM_MD5] = { "MD5", G_CHECKSUM_MD5, FALSE },
    [SIP_DIGEST_ALGORITHM_MD5_SESS] = { "MD5-sess", G_CHECKSUM_MD5, TRUE },
    [SIP_DIGEST_ALGORITHM_SHA256] = { "SHA-256", G_CHECKSUM_SHA256, FALSE },
    [SIP_DIGEST_ALGORITHM_SHA256_SESS] = { "SHA-256-sess", G_CHECKSUM_SHA256, TRUE },
};

gboolean sip_digest_algorithm_parse(const char *name, SipDigestAlgorithm *out)
{
    for (guint i = SIP_DIGEST_ALGORITHM_MD5; i < G_N_ELEMENTS(algorithms); i++) {
        if (g_ascii_strcasecmp(name, algorithms[i].name) == 0) {
            *out = i;
            return TRUE;
        }
    }
    return FALSE;
}

static const char *qop_name(SipDigestQop qop)
{
    return qop == SIP_DIGEST_QOP_AUTH_INT ? "auth-int" : "auth";
}

static gboolean qop_parse(const char *name, SipDigestQop *out)
{
    if (g_ascii_strcasecmp(name, "auth") == 0)
        *out = SIP_DIGEST_QOP_AUTH;
    else if (g_ascii_strcasecmp(name, "auth-int") == 0)
        *out = SIP_DIGEST_QOP_AUTH_INT;
    else
        return FALSE;
    return TRUE;
}

/* ---- Parsing: `Digest` LWS auth-param *(COMMA auth-param) (RFC 3261 §25, RFC 2617 §1.2) ---- */

/* The parameters both header kinds know; any other is ignored (RFC 2617 §3.2.1, auth-param). */
typedef enum {
    P_USERNAME,
    P_REALM,
    P_NONCE,
    P_URI,
    P_RESPONSE,
    P_ALGORITHM,
    P_CNONCE,
    P_OPAQUE,
    P_QOP,
    P_NC,
    P_STALE,
    P_N,
} ParamId;

static const char *const param_names[P_N] = {
    [P_USERNAME] = "username", [P_REALM] = "realm",
    [P_NONCE] = "nonce",       [P_URI] = "uri",
    [P_RESPONSE] = "response", [P_ALGORITHM] = "algorithm",
    [P_CNONCE] = "cnonce",     [P_OPAQUE] = "opaque",
    [P_QOP] = "qop",           [P_NC] = "nc",
    [P_STALE] = "stale",
};

typedef struct {
    const char *text;
    const char *p;
    char *values[P_N]; /* unescaped; NULL when absent */
    guint cols[P_N];   /* 1-based column of each value, for messages */
} Scanner;

static void scanner_clear(Scanner *s)
{
    for (guint i = 0; i < P_N; i++)
        g_free(s->values[i]);
}

static guint column(const Scanner *s, const char *at)
{
    return (guint) (at - s->text) + 1;
}

static gboolean fail(GError **error, SipDigestError code, guint col, const char *format, ...)
    G_GNUC_PRINTF(4, 5);

static gboolean fail(GError **error, SipDigestError code, guint col, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    g_autofree char *msg = g_strdup_vprintf(format, ap);
    va_end(ap);
    g_set_error(error, SIP_DIGEST_ERROR, code, "column %u: %s", col, msg);
    return FALSE;
}

/* LWS = [*WSP CRLF] 1*WSP (RFC 3261 §25.1): a folded line counts as white space. */
static gboolean skip_lws(Scanner *s)
{
    const char *start = s->p;
    for (;;) {
        if (*s->p == ' ' || *s->p == '\t')
            s->p++;
        else if (s->p[0] == '\r' && s->p[1] == '\n' && (s->p[2] == ' ' || s->p[2] == '\t'))
            s->p += 3;
        else
            return s->p != start;
    }
}

/* token characters (RFC 3261 §25.1). */
static gboolean is_token_char(char c)
{
    return g_ascii_isalnum(c) || (c != '\0' && strchr("-.!%*_+`'~", c) != NULL);
}

static char *scan_token(Scanner *s)
{
    const char *start = s->p;
    while (is_token_char(*s->p))
        s->p++;
    return s->p == start ? NULL : g_strndup(start, (gsize) (s->p - start));
}

/* quoted-string with quoted-pair escapes (RFC 3261 §25.1); s->p is on the opening quote. */
static char *scan_quoted(Scanner *s, GError **error)
{
    const char *open = s->p++;
    g_autoptr(GString) out = g_string_new(NULL);
    for (;; s->p++) {
        char c = *s->p;
        if (c == '"') {
            s->p++;
            return g_string_free(g_steal_pointer(&out), FALSE);
        }
        if (c == '\\' && s->p[1] != '\0') {
            c = *++s->p;
            /* quoted-pair excludes CR and LF. */
            if (c == '\r' || c == '\n') {
                fail(error, SIP_DIGEST_ERROR_MALFORMED, column(s, s->p),
                     "CR or LF after '\\' in a quoted string");
                return NULL;
            }
        } else if (c == '\0' || c == '\\') {
            fail(error, SIP_DIGEST_ERROR_MALFORMED, column(s, open), "unterminated quoted string");
            return NULL;
        } else if (((guchar) c < 0x20 && c != '\t') || c == 0x7f) {
            fail(error, SIP_DIGEST_ERROR_MALFORMED, column(s, s->p),
                 "control character in a quoted string");
            return NULL;
        }
        g_string_append_c(out, c);
    }
}

/* One auth-param; a known name's value is kept, a repeated one is an error. */
static gboolean scan_param(Scanner *s, GError **error)
{
    const char *name_at = s->p;
    g_autofree char *name = scan_token(s);
    if (!name)
        return fail(error, SIP_DIGEST_ERROR_MALFORMED, column(s, s->p),
                    "expected a parameter name");
    skip_lws(s);
    if (*s->p != '=')
        return fail(error, SIP_DIGEST_ERROR_MALFORMED, column(s, s->p), "expected '=' after \"%s\"",
                    name);
    s->p++;
    skip_lws(s);
    const char *value_at = s->p;
    /* Either form for every parameter: RFC 3261 fixes one per parameter, but a liberal reader
     * costs nothing and some agents quote algorithm or qop. */
    char *value = *s->p == '"' ? scan_quoted(s, error) : scan_token(s);
    if (!value) {
        if (*value_at != '"')
            fail(error, SIP_DIGEST_ERROR_MALFORMED, column(s, value_at),
                 "expected a token or a quoted string after \"%s=\"", name);
        return FALSE;
    }
    for (guint i = 0; i < P_N; i++) {
        if (g_ascii_strcasecmp(name, param_names[i]) != 0)
            continue;
        if (s->values[i]) {
            g_free(value);
            return fail(error, SIP_DIGEST_ERROR_MALFORMED, column(s, name_at),
                        "parameter \"%s\" given twice", param_names[i]);
        }
        s->values[i] = value;
        s->cols[i] = column(s, value_at);
        return TRUE;
    }
    g_free(value);
    return TRUE;
}

static gboolean scan_header(Scanner *s, const char *value, GError **error)
{
    memset(s, 0, sizeof *s);
    s->text = s->p = value;
    skip_lws(s);
    const char *scheme_at = s->p;
    g_autofree char *scheme = scan_token(s);
    if (!scheme)
        return fail(error, SIP_DIGEST_ERROR_MALFORMED, column(s, s->p),
                    "expected an authentication scheme");
    if (g_ascii_strcasecmp(scheme, "Digest") != 0)
        return fail(error, SIP_DIGEST_ERROR_UNSUPPORTED, column(s, scheme_at),
                    "scheme \"%s\" is not Digest", scheme);
    if (!skip_lws(s) || *s->p == '\0')
        return fail(error, SIP_DIGEST_ERROR_MALFORMED, column(s, s->p),
                    "expected parameters after \"Digest\"");
    for (;;) {
        if (!scan_param(s, error))
            return FALSE;
        skip_lws(s);
        if (*s->p == '\0')
            return TRUE;
        if (*s->p != ',')
            return fail(error, SIP_DIGEST_ERROR_MALFORMED, column(s, s->p),
                        "expected ',' or the end after a parameter");
        s->p++;
        skip_lws(s);
    }
}

static gboolean require(const Scanner *s, ParamId id, GError **error)
{
    if (s->values[id])
        return TRUE;
    return fail(error, SIP_DIGEST_ERROR_MALFORMED, column(s, s->p), "missing parameter \"%s\"",
                param_names[id]);
}

static gboolean take_algorithm(const Scanner *s, SipDigestAlgorithm *out, GError **error)
{
    *out = SIP_DIGEST_ALGORITHM_UNSPECIFIED;
    const char *name = s->values[P_ALGORITHM];
    if (name && !sip_digest_algorithm_parse(name, out))
        return fail(error, SIP_DIGEST_ERROR_UNSUPPORTED, s->cols[P_ALGORITHM],
                    "unsupported algorithm \"%s\"", name);
    return TRUE;
}

/* -sess algorithms hash the cnonce, which only exists with qop (RFC 3261 §22.4 item 8). */
static gboolean check_session_qop(const Scanner *s, SipDigestAlgorithm algorithm, gboolean qop,
                                  GError **error)
{
    if (!algorithms[algorithm].session || qop)
        return TRUE;
    return fail(error, SIP_DIGEST_ERROR_MALFORMED, s->cols[P_ALGORITHM], "algorithm %s needs a qop",
                algorithms[algorithm].name);
}

SipDigestChallenge *sip_digest_challenge_new(const char *realm, const char *nonce)
{
    g_return_val_if_fail(realm != NULL && nonce != NULL, NULL);
    SipDigestChallenge *c = g_new0(SipDigestChallenge, 1);
    c->realm = g_strdup(realm);
    c->nonce = g_strdup(nonce);
    return c;
}

void sip_digest_challenge_free(SipDigestChallenge *challenge)
{
    if (!challenge)
        return;
    g_free(challenge->realm);
    g_free(challenge->nonce);
    g_free(challenge->opaque);
    g_free(challenge);
}

/* qop-options = "qop" EQUAL LDQUOT qop-value *("," qop-value) RDQUOT (RFC 3261 §25.1). */
static guint qop_options_parse(const char *list)
{
    guint options = 0;
    g_auto(GStrv) items = g_strsplit(list, ",", -1);
    for (guint i = 0; items[i]; i++) {
        SipDigestQop qop;
        if (qop_parse(g_strstrip(items[i]), &qop))
            options |= qop;
    }
    return options;
}

SipDigestChallenge *sip_digest_challenge_parse(const char *value, GError **error)
{
    g_return_val_if_fail(value != NULL, NULL);
    Scanner s;
    SipDigestAlgorithm algorithm;
    if (!scan_header(&s, value, error) || !require(&s, P_REALM, error) ||
        !require(&s, P_NONCE, error) || !take_algorithm(&s, &algorithm, error)) {
        scanner_clear(&s);
        return NULL;
    }
    guint qop_options = s.values[P_QOP] ? qop_options_parse(s.values[P_QOP]) : 0;
    if (!check_session_qop(&s, algorithm, qop_options != 0, error)) {
        scanner_clear(&s);
        return NULL;
    }
    SipDigestChallenge *c = g_new0(SipDigestChallenge, 1);
    c->realm = g_steal_pointer(&s.values[P_REALM]);
    c->nonce = g_steal_pointer(&s.values[P_NONCE]);
    c->opaque = g_steal_pointer(&s.values[P_OPAQUE]);
    c->algorithm = algorithm;
    c->qop_options = qop_options;
    /* "If stale is TRUE (case-insensitive)": anything else is FALSE (RFC 2617 §3.2.1). */
    c->stale = s.values[P_STALE] && g_ascii_strcasecmp(s.values[P_STALE], "true") == 0;
    scanner_clear(&s);
    return c;
}

static gboolean take_qop(const Scanner *s, SipDigestQop *out, GError **error)
{
    *out = SIP_DIGEST_QOP_NONE;
    const char *name = s->values[P_QOP];
    if (!name)
        return TRUE;
    if (!qop_parse(name, out))
        return fail(error, SIP_DIGEST_ERROR_UNSUPPORTED, s->cols[P_QOP], "unsupported qop \"%s\"",
                    name);
    /* cnonce and nc MUST be given with a qop (RFC 2617 §3.2.2). */
    return require(s, P_CNONCE, error) && require(s, P_NC, error);
}

/* nc-value = 8LHEX (RFC 3261 §25.1). */
static gboolean take_nc(const Scanner *s, guint32 *out, GError **error)
{
    *out = 0;
    const char *nc = s->values[P_NC];
    if (!nc)
        return TRUE;
    gboolean ok = strlen(nc) == 8;
    for (guint i = 0; ok && i < 8; i++)
        ok = g_ascii_isxdigit(nc[i]);
    if (!ok)
        return fail(error, SIP_DIGEST_ERROR_MALFORMED, s->cols[P_NC],
                    "nc \"%s\" is not 8 hex digits", nc);
    *out = (guint32) g_ascii_strtoull(nc, NULL, 16);
    return TRUE;
}

SipDigestCredentials *sip_digest_credentials_new(const SipDigestChallenge *challenge,
                                                 const char *username, const char *uri,
                                                 const char *cnonce, guint32 nc)
{
    g_return_val_if_fail(challenge != NULL && username != NULL && uri != NULL, NULL);
    g_return_val_if_fail(cnonce != NULL || challenge->qop_options == 0, NULL);
    SipDigestCredentials *c = g_new0(SipDigestCredentials, 1);
    c->username = g_strdup(username);
    c->realm = g_strdup(challenge->realm);
    c->nonce = g_strdup(challenge->nonce);
    c->uri = g_strdup(uri);
    c->opaque = g_strdup(challenge->opaque);
    c->algorithm = challenge->algorithm;
    if (challenge->qop_options & SIP_DIGEST_QOP_AUTH)
        c->qop = SIP_DIGEST_QOP_AUTH;
    else if (challenge->qop_options & SIP_DIGEST_QOP_AUTH_INT)
        c->qop = SIP_DIGEST_QOP_AUTH_INT;
    if (c->qop != SIP_DIGEST_QOP_NONE) {
        c->cnonce = g_strdup(cnonce);
        c->nc = nc;
    }
    return c;
}

void sip_digest_credentials_free(SipDigestCredentials *credentials)
{
    if (!credentials)
        return;
    g_free(credentials->username);
    g_free(credentials->realm);
    g_free(credentials->nonce);
    g_free(credentials->uri);
    g_free(credentials->response);
    g_free(credentials->cnonce);
    g_free(credentials->opaque);
    g_free(credentials);
}

SipDigestCredentials *sip_digest_credentials_parse(const char *value, GError **error)
{
    g_return_val_if_fail(value != NULL, NULL);
    Scanner s;
    SipDigestCredentials *c = g_new0(SipDigestCredentials, 1);
    if (!scan_header(&s, value, error) || !require(&s, P_USERNAME, error) ||
        !require(&s, P_REALM, error) || !require(&s, P_NONCE, error) ||
        !require(&s, P_RESPONSE, error) || !take_algorithm(&s, &c->algorithm, error) ||
        !take_qop(&s, &c->qop, error) || !take_nc(&s, &c->nc, error) ||
        !check_session_qop(&s, c->algorithm, c->qop != SIP_DIGEST_QOP_NONE, error)) {
        scanner_clear(&s);
        sip_digest_credentials_free(c);
        return NULL;
    }
    c->username = g_steal_pointer(&s.values[P_USERNAME]);
    c->realm = g_steal_pointer(&s.values[P_REALM]);
    c->nonce = g_steal_pointer(&s.values[P_NONCE]);
    c->uri = g_steal_pointer(&s.values[P_URI]);
    c->response = g_steal_pointer(&s.values[P_RESPONSE]);
    c->opaque = g_steal_pointer(&s.values[P_OPAQUE]);
    /* A cnonce without qop is not used (RFC 2617 §3.2.2: it MUST NOT be sent then). */
    if (c->qop != SIP_DIGEST_QOP_NONE)
        c->cnonce = g_steal_pointer(&s.values[P_CNONCE]);
    scanner_clear(&s);
    return c;
}

/* ---- Rendering ---- */

/* Each parameter follows "Digest " or ", ". */
static void separate(GString *out)
{
    g_string_append(out, out->len == strlen("Digest") ? " " : ", ");
}

static void append_quoted(GString *out, const char *name, const char *value)
{
    separate(out);
    g_string_append_printf(out, "%s=\"", name);
    for (const char *p = value; *p; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_c(out, '\\');
        g_string_append_c(out, *p);
    }
    g_string_append_c(out, '"');
}

static void append_token(GString *out, const char *name, const char *value)
{
    separate(out);
    g_string_append_printf(out, "%s=%s", name, value);
}

char *sip_digest_challenge_to_string(const SipDigestChallenge *challenge)
{
    g_return_val_if_fail(challenge != NULL, NULL);
    GString *out = g_string_new("Digest");
    append_quoted(out, "realm", challenge->realm);
    append_quoted(out, "nonce", challenge->nonce);
    if (challenge->opaque)
        append_quoted(out, "opaque", challenge->opaque);
    if (challenge->algorithm != SIP_DIGEST_ALGORITHM_UNSPECIFIED)
        append_token(out, "algorithm", algorithms[challenge->algorithm].name);
    if (challenge->qop_options) {
        gboolean both = challenge->qop_options == (SIP_DIGEST_QOP_AUTH | SIP_DIGEST_QOP_AUTH_INT);
        append_quoted(out, "qop", both ? "auth,auth-int" : qop_name(challenge->qop_options));
    }
    if (challenge->stale)
        append_token(out, "stale", "TRUE");
    return g_string_free(out, FALSE);
}

char *sip_digest_credentials_to_string(const SipDigestCredentials *credentials)
{
    g_return_val_if_fail(credentials != NULL, NULL);
    const SipDigestCredentials *c = credentials;
    GString *out = g_string_new("Digest");
    append_quoted(out, "username", c->username);
    append_quoted(out, "realm", c->realm);
    append_quoted(out, "nonce", c->nonce);
    if (c->uri)
        append_quoted(out, "uri", c->uri);
    if (c->algorithm != SIP_DIGEST_ALGORITHM_UNSPECIFIED)
        append_token(out, "algorithm", algorithms[c->algorithm].name);
    if (c->qop != SIP_DIGEST_QOP_NONE) {
        /* message-qop and nc-value are unquoted (RFC 3261 §25.1, RFC 2617 §3.5). */
        char nc[9];
        g_snprintf(nc, sizeof nc, "%08x", c->nc);
        append_token(out, "qop", qop_name(c->qop));
        append_token(out, "nc", nc);
        append_quoted(out, "cnonce", c->cnonce);
    }
    if (c->response)
        append_quoted(out, "response", c->response);
    if (c->opaque)
        append_quoted(out, "opaque", c->opaque);
    return g_string_free(out, FALSE);
}

/* ---- Computation (RFC 2617 §3.2.2.1-3, RFC 7616 §3.4.1-3) ---- */

/* H(part ":" part ":" ...), lowercase hex; the list ends with NULL. */
static char *hash_join(SipDigestAlgorithm algorithm, ...) G_GNUC_NULL_TERMINATED;

static char *hash_join(SipDigestAlgorithm algorithm, ...)
{
    GChecksum *sum = g_checksum_new(algorithms[algorithm].checksum);
    va_list ap;
    va_start(ap, algorithm);
    const char *part = va_arg(ap, const char *);
    for (gboolean first = TRUE; part; part = va_arg(ap, const char *), first = FALSE) {
        if (!first)
            g_checksum_update(sum, (const guchar *) ":", 1);
        g_checksum_update(sum, (const guchar *) part, -1);
    }
    va_end(ap);
    char *hex = g_strdup(g_checksum_get_string(sum));
    g_checksum_free(sum);
    return hex;
}

char *sip_digest_ha1(SipDigestAlgorithm algorithm, const char *username, const char *realm,
                     const char *password)
{
    g_return_val_if_fail(username != NULL && realm != NULL && password != NULL, NULL);
    return hash_join(algorithm, username, realm, password, NULL);
}

char *sip_digest_session_ha1(SipDigestAlgorithm algorithm, const char *ha1, const char *nonce,
                             const char *cnonce)
{
    g_return_val_if_fail(ha1 != NULL, NULL);
    if (!algorithms[algorithm].session)
        return g_strdup(ha1);
    g_return_val_if_fail(nonce != NULL && cnonce != NULL, NULL);
    return hash_join(algorithm, ha1, nonce, cnonce, NULL);
}

char *sip_digest_body_hash(SipDigestAlgorithm algorithm, const char *body, gsize len)
{
    g_return_val_if_fail(body != NULL || len == 0, NULL);
    return g_compute_checksum_for_data(algorithms[algorithm].checksum, (const guchar *) body, len);
}

char *sip_digest_ha2(SipDigestAlgorithm algorithm, SipDigestQop qop, const char *method,
                     const char *uri, const char *body_hash)
{
    g_return_val_if_fail(method != NULL && uri != NULL, NULL);
    if (qop != SIP_DIGEST_QOP_AUTH_INT)
        return hash_join(algorithm, method, uri, NULL);
    g_return_val_if_fail(body_hash != NULL, NULL);
    return hash_join(algorithm, method, uri, body_hash, NULL);
}

char *sip_digest_response(SipDigestAlgorithm algorithm, const char *session_ha1, const char *nonce,
                          SipDigestQop qop, guint32 nc, const char *cnonce, const char *ha2)
{
    g_return_val_if_fail(session_ha1 != NULL && nonce != NULL && ha2 != NULL, NULL);
    if (qop == SIP_DIGEST_QOP_NONE)
        return hash_join(algorithm, session_ha1, nonce, ha2, NULL);
    g_return_val_if_fail(cnonce != NULL, NULL);
    char nc_text[9];
    g_snprintf(nc_text, sizeof nc_text, "%08x", nc);
    return hash_join(algorithm, session_ha1, nonce, nc_text, cnonce, qop_name(qop), ha2, NULL);
}

static char *expected_response(const SipDigestCredentials *c, const char *ha1, const char *method,
                               const char *body, gsize body_len)
{
    g_autofree char *session_ha1 = sip_digest_session_ha1(c->algorithm, ha1, c->nonce, c->cnonce);
    g_autofree char *body_hash = c->qop == SIP_DIGEST_QOP_AUTH_INT
                                     ? sip_digest_body_hash(c->algorithm, body, body_len)
                                     : NULL;
    g_autofree char *ha2 = sip_digest_ha2(c->algorithm, c->qop, method, c->uri, body_hash);
    return sip_digest_response(c->algorithm, session_ha1, c->nonce, c->qop, c->nc, c->cnonce, ha2);
}

void sip_digest_credentials_sign(SipDigestCredentials *credentials, const char *ha1,
                                 const char *method, const char *body, gsize body_len)
{
    g_return_if_fail(credentials != NULL && credentials->uri != NULL);
    g_return_if_fail(ha1 != NULL && method != NULL);
    g_free(credentials->response);
    credentials->response = expected_response(credentials, ha1, method, body, body_len);
}

gboolean sip_digest_verify(const SipDigestCredentials *credentials, const char *ha1,
                           const char *method, const char *body, gsize body_len)
{
    g_return_val_if_fail(credentials != NULL && ha1 != NULL && method != NULL, FALSE);
    if (!credentials->uri || !credentials->response)
        return FALSE;
    g_autofree char *expected = expected_response(credentials, ha1, method, body, body_len);
    /* Hex digits: the case does not matter. */
    return g_ascii_strcasecmp(expected, credentials->response) == 0;
}

/* ---- Nonces: 16 hex digits of time, 16 of counter, 32 of HMAC-SHA-256 over those 32 ---- */

#define NONCE_CLEAR 32
#define NONCE_MAC   32
#define NONCE_LEN   (NONCE_CLEAR + NONCE_MAC)

static char *nonce_mac(const char *secret, const char *clear)
{
    char *mac = g_compute_hmac_for_data(G_CHECKSUM_SHA256, (const guchar *) secret, strlen(secret),
                                        (const guchar *) clear, NONCE_CLEAR);
    mac[NONCE_MAC] = '\0';
    return mac;
}

char *sip_digest_nonce_new(const char *secret, SimTime now, guint64 counter)
{
    g_return_val_if_fail(secret != NULL && now >= 0, NULL);
    char clear[NONCE_CLEAR + 1];
    g_snprintf(clear, sizeof clear, "%016" G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER "x",
               (guint64) now, counter);
    g_autofree char *mac = nonce_mac(secret, clear);
    return g_strconcat(clear, mac, NULL);
}

SipDigestNonceStatus sip_digest_nonce_check(const char *secret, const char *nonce, SimTime now,
                                            SimTime lifetime)
{
    g_return_val_if_fail(secret != NULL && nonce != NULL, SIP_DIGEST_NONCE_INVALID);
    if (strlen(nonce) != NONCE_LEN)
        return SIP_DIGEST_NONCE_INVALID;
    for (guint i = 0; i < NONCE_LEN; i++) {
        if (!g_ascii_isdigit(nonce[i]) && !(nonce[i] >= 'a' && nonce[i] <= 'f'))
            return SIP_DIGEST_NONCE_INVALID;
    }
    char clear[NONCE_CLEAR + 1];
    memcpy(clear, nonce, NONCE_CLEAR);
    clear[NONCE_CLEAR] = '\0';
    g_autofree char *mac = nonce_mac(secret, clear);
    if (strcmp(mac, nonce + NONCE_CLEAR) != 0)
        return SIP_DIGEST_NONCE_INVALID;
    clear[16] = '\0';
    guint64 issued = g_ascii_strtoull(clear, NULL, 16);
    if (issued > (guint64) now)
        return SIP_DIGEST_NONCE_INVALID;
    return now - (SimTime) issued < lifetime ? SIP_DIGEST_NONCE_VALID : SIP_DIGEST_NONCE_STALE;
}
