/* SPDX-License-Identifier: MIT */
/*
 * Digest authentication: one test per vector file of tests/data/digest (copied byte for byte from
 * the shared reference), checking HA1, HA2 and the response the file states; parsing and
 * rendering the header values of the vectors and of RFC 2617 and RFC 3261; malformed input with
 * exact messages; every prefix and many one-byte mutations of every valid value; registrar
 * nonces, their expiry and staleness.
 */
#include "sip-digest.h"

#include <string.h>

/* ---- Vector files: "key=value" lines, '#' comments ---- */

/* Values stated inside comments ("# ... HA1=12af... HA2(auth)=13a1...") are kept as "#HA1". */
static void comment_load(GHashTable *v, const char *comment)
{
    static const char *const stated[] = { "HA1", "HA2(auth)", "nonce", "expected_response" };
    g_auto(GStrv) words = g_strsplit(comment, " ", -1);
    for (guint i = 0; words[i]; i++) {
        char *eq = strchr(words[i], '=');
        for (guint k = 0; eq && k < G_N_ELEMENTS(stated); k++) {
            if (strlen(stated[k]) == (gsize) (eq - words[i]) &&
                g_str_has_prefix(words[i], stated[k]))
                g_hash_table_insert(v, g_strconcat("#", stated[k], NULL), g_strdup(eq + 1));
        }
    }
}

/*
 * A value may carry a note in parentheses ("MD5 (absent in challenge => MD5)", "4f36... (=MD5(
 * HA1:nonce:cnonce))"): it is dropped. "(absent)" means the key is absent.
 */
static GHashTable *vector_load(const char *name)
{
    g_autofree char *path = g_test_build_filename(G_TEST_DIST, "data", "digest", name, NULL);
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    GHashTable *v = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (guint i = 0; lines[i]; i++) {
        char *eq = strchr(lines[i], '=');
        if (lines[i][0] == '#')
            comment_load(v, g_strstrip(lines[i]));
        if (lines[i][0] == '#' || !eq)
            continue;
        char *value = g_strstrip(eq + 1);
        char *note = strstr(value, " (");
        if (note && g_str_has_suffix(value, ")"))
            *note = '\0';
        if (strcmp(value, "(absent)") == 0)
            continue;
        g_hash_table_insert(v, g_strndup(lines[i], (gsize) (eq - lines[i])),
                            g_strdup(g_strstrip(value)));
    }
    return v;
}

static const char *get(GHashTable *v, const char *prefix, const char *key)
{
    g_autofree char *full = g_strconcat(prefix, key, NULL);
    return g_hash_table_lookup(v, full);
}

static const char *need(GHashTable *v, const char *key)
{
    const char *value = g_hash_table_lookup(v, key);
    g_assert_nonnull(value);
    return value;
}

static SipDigestQop qop_of(const char *name)
{
    if (!name)
        return SIP_DIGEST_QOP_NONE;
    return strcmp(name, "auth-int") == 0 ? SIP_DIGEST_QOP_AUTH_INT : SIP_DIGEST_QOP_AUTH;
}

static guint32 nc_of(GHashTable *v)
{
    const char *nc = g_hash_table_lookup(v, "nc");
    return nc ? (guint32) g_ascii_strtoull(nc, NULL, 16) : 0;
}

/*
 * The challenges a vector's "challenge" line stands for: sip-smith-3.2-3.3 writes
 * "[algorithm=MD5,] " for "with or without it", so that line gives two.
 */
static GPtrArray *challenge_variants(const char *line)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    const char *value = strchr(line, ':') + 2;
    const char *open = strchr(value, '['), *close = open ? strchr(open, ']') : NULL;
    if (!close) {
        g_ptr_array_add(out, g_strdup(value));
        return out;
    }
    g_ptr_array_add(out, g_strdup_printf("%.*s%s", (int) (open - value), value, close + 2));
    g_ptr_array_add(out, g_strdup_printf("%.*s%.*s%s", (int) (open - value), value,
                                         (int) (close - open - 1), open + 1, close + 1));
    return out;
}

/* Signs, renders, parses back and verifies credentials for @challenge as the vector states. */
static void check_round_trip(GHashTable *v, const SipDigestChallenge *challenge, const char *ha1,
                             const char *body, gsize body_len, const char *expected)
{
    const char *method = need(v, "method");
    g_autoptr(SipDigestCredentials) c = sip_digest_credentials_new(
        challenge, need(v, "username"), need(v, "uri"), g_hash_table_lookup(v, "cnonce"), nc_of(v));
    g_assert_cmpint(c->qop, ==, qop_of(g_hash_table_lookup(v, "qop")));
    sip_digest_credentials_sign(c, ha1, method, body, body_len);
    g_assert_cmpstr(c->response, ==, expected);

    g_autofree char *text = sip_digest_credentials_to_string(c);
    g_test_message("%s", text);
    GError *error = NULL;
    g_autoptr(SipDigestCredentials) back = sip_digest_credentials_parse(text, &error);
    g_assert_no_error(error);
    g_assert_true(sip_digest_verify(back, ha1, method, body, body_len));
    g_assert_false(sip_digest_verify(back, ha1, "BYE", body, body_len));
    g_autofree char *wrong = sip_digest_ha1(c->algorithm, c->username, c->realm, "wrong");
    g_assert_false(sip_digest_verify(back, wrong, method, body, body_len));
    if (c->qop == SIP_DIGEST_QOP_AUTH_INT)
        g_assert_false(sip_digest_verify(back, ha1, method, body, body_len - 1));
}

/* One algorithm of a vector: @prefix is "" or, in multi-algorithm files, "MD5." and the like. */
static void check_case(GHashTable *v, const char *algorithm_name, const char *prefix)
{
    SipDigestAlgorithm algorithm = SIP_DIGEST_ALGORITHM_UNSPECIFIED;
    if (algorithm_name && strcmp(algorithm_name, "SHA-512-256") == 0) {
        g_test_message("SHA-512-256 left out: GChecksum has no SHA-512/256");
        return;
    }
    if (algorithm_name)
        g_assert_true(sip_digest_algorithm_parse(algorithm_name, &algorithm));
    const char *realm = need(v, "realm"), *nonce = need(v, "nonce");
    const char *cnonce = g_hash_table_lookup(v, "cnonce");
    SipDigestQop qop = qop_of(g_hash_table_lookup(v, "qop"));

    g_autofree char *ha1 =
        sip_digest_ha1(algorithm, need(v, "username"), realm, need(v, "password"));
    if (get(v, prefix, "HA1"))
        g_assert_cmpstr(ha1, ==, get(v, prefix, "HA1"));
    if (get(v, "#", "HA1"))
        g_assert_cmpstr(ha1, ==, get(v, "#", "HA1"));
    g_autofree char *session_ha1 = sip_digest_session_ha1(algorithm, ha1, nonce, cnonce);
    if (get(v, prefix, "HA1_sess"))
        g_assert_cmpstr(session_ha1, ==, get(v, prefix, "HA1_sess"));

    /* auth-int: the body itself, or only its hash where the source gave no body. */
    g_autofree char *body = NULL;
    gsize body_len = 0;
    g_autofree char *body_hash = g_strdup(g_hash_table_lookup(v, "H_entity_body"));
    const char *body_file = g_hash_table_lookup(v, "body_file");
    if (body_file) {
        g_autofree char *path =
            g_test_build_filename(G_TEST_DIST, "data", "digest", body_file, NULL);
        g_assert_true(g_file_get_contents(path, &body, &body_len, NULL));
        body_hash = sip_digest_body_hash(algorithm, body, body_len);
        g_assert_cmpstr(body_hash, ==, get(v, prefix, "H_body"));
    }
    g_autofree char *ha2 =
        sip_digest_ha2(algorithm, qop, need(v, "method"), need(v, "uri"), body_hash);
    if (get(v, prefix, "HA2"))
        g_assert_cmpstr(ha2, ==, get(v, prefix, "HA2"));
    if (get(v, "#", "HA2(auth)") && qop != SIP_DIGEST_QOP_AUTH_INT)
        g_assert_cmpstr(ha2, ==, get(v, "#", "HA2(auth)"));
    const char *expected = get(v, prefix, "expected_response");
    g_autofree char *response =
        sip_digest_response(algorithm, session_ha1, nonce, qop, nc_of(v), cnonce, ha2);
    g_assert_cmpstr(response, ==, expected);
    /* A second case a comment states: the same request under another nonce. */
    if (get(v, "#", "nonce")) {
        g_autofree char *other = sip_digest_response(algorithm, session_ha1, get(v, "#", "nonce"),
                                                     qop, nc_of(v), cnonce, ha2);
        g_assert_cmpstr(other, ==, get(v, "#", "expected_response"));
    }

    if (qop == SIP_DIGEST_QOP_AUTH_INT && !body) {
        g_test_message("no body bytes: signing and verifying left out");
        return;
    }
    const char *line = g_hash_table_lookup(v, "challenge");
    if (line) {
        g_autoptr(GPtrArray) variants = challenge_variants(line);
        for (guint i = 0; i < variants->len; i++) {
            GError *error = NULL;
            g_autoptr(SipDigestChallenge) ch =
                sip_digest_challenge_parse(variants->pdata[i], &error);
            g_assert_no_error(error);
            g_assert_cmpstr(ch->realm, ==, realm);
            g_assert_cmpstr(ch->nonce, ==, nonce);
            g_assert_cmpstr(ch->opaque, ==, g_hash_table_lookup(v, "opaque"));
            check_round_trip(v, ch, ha1, body, body_len, expected);
        }
        return;
    }
    g_autoptr(SipDigestChallenge) ch = sip_digest_challenge_new(realm, nonce);
    ch->opaque = g_strdup(g_hash_table_lookup(v, "opaque"));
    ch->algorithm = algorithm;
    ch->qop_options = qop;
    check_round_trip(v, ch, ha1, body, body_len, expected);
}

static void test_vector(gconstpointer data)
{
    g_autoptr(GHashTable) v = vector_load(data);
    static const char *const per_algorithm[] = { "MD5", "SHA-256", "SHA-512-256" };
    gboolean sections = FALSE;
    for (guint i = 0; i < G_N_ELEMENTS(per_algorithm); i++) {
        g_autofree char *prefix = g_strconcat(per_algorithm[i], ".", NULL);
        if (get(v, prefix, "expected_response")) {
            check_case(v, per_algorithm[i], prefix);
            sections = TRUE;
        }
    }
    if (!sections)
        check_case(v, g_hash_table_lookup(v, "algorithm"), "");

    /* A captured header: it must verify as it stands. */
    const char *header = g_hash_table_lookup(v, "header");
    if (header) {
        GError *error = NULL;
        g_autoptr(SipDigestCredentials) c =
            sip_digest_credentials_parse(strchr(header, ':') + 2, &error);
        g_assert_no_error(error);
        g_assert_cmpstr(c->response, ==, need(v, "expected_response"));
        g_assert_cmpstr(c->uri, ==, need(v, "uri"));
        g_autofree char *ha1 =
            sip_digest_ha1(c->algorithm, c->username, c->realm, need(v, "password"));
        g_assert_true(sip_digest_verify(c, ha1, need(v, "method"), NULL, 0));
    }
}

/* ---- Header values from RFC 2617 and RFC 3261 ---- */

/* RFC 3261 §20.44 (WWW-Authenticate) and §20.27 (Proxy-Authenticate). */
static const char rfc3261_www_authenticate[] =
    "Digest realm=\"atlanta.com\", domain=\"sip:boxesbybob.com\", qop=\"auth\", "
    "nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", stale=FALSE, algorithm=MD5";
static const char rfc3261_proxy_authenticate[] =
    "Digest realm=\"atlanta.com\", domain=\"sip:ss1.carrier.com\", qop=\"auth\", "
    "nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", stale=FALSE, algorithm=MD5";
/* RFC 3261 §20.7 (Authorization) and §20.28 (Proxy-Authorization): no uri, as printed there. */
static const char rfc3261_authorization[] =
    "Digest username=\"Alice\", realm=\"atlanta.com\", "
    "nonce=\"84a4cc6f3082121f32b42a2187831a9e\", response=\"7587245234b3434cc3412213e5f113a5432\"";
static const char rfc3261_proxy_authorization[] =
    "Digest username=\"Alice\", realm=\"atlanta.com\", nonce=\"c60f3082ee1212b402a21831ae\", "
    "response=\"245f23415f11432b3434341c022\"";
/* RFC 2617 §3.5, folded over lines as printed there. */
static const char rfc2617_authorization[] =
    "Digest username=\"Mufasa\",\r\n"
    "                 realm=\"testrealm@host.com\",\r\n"
    "                 nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\",\r\n"
    "                 uri=\"/dir/index.html\",\r\n"
    "                 qop=auth,\r\n"
    "                 nc=00000001,\r\n"
    "                 cnonce=\"0a4f113b\",\r\n"
    "                 response=\"6629fae49393a05397450978507c4ef1\",\r\n"
    "                 opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
static const char rfc2617_challenge[] =
    "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
    "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

static void test_parse_rfc3261_challenges(void)
{
    const char *values[] = { rfc3261_www_authenticate, rfc3261_proxy_authenticate };
    for (guint i = 0; i < G_N_ELEMENTS(values); i++) {
        GError *error = NULL;
        g_autoptr(SipDigestChallenge) c = sip_digest_challenge_parse(values[i], &error);
        g_assert_no_error(error);
        g_assert_cmpstr(c->realm, ==, "atlanta.com");
        g_assert_cmpstr(c->nonce, ==, "f84f1cec41e6cbe5aea9c8e88d359");
        g_assert_cmpstr(c->opaque, ==, "");
        g_assert_cmpint(c->algorithm, ==, SIP_DIGEST_ALGORITHM_MD5);
        g_assert_cmpuint(c->qop_options, ==, SIP_DIGEST_QOP_AUTH);
        g_assert_false(c->stale);
        /* domain is not kept: a phone answers any challenge for its request. */
        g_autofree char *text = sip_digest_challenge_to_string(c);
        g_assert_cmpstr(text, ==,
                        "Digest realm=\"atlanta.com\", nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", "
                        "opaque=\"\", algorithm=MD5, qop=\"auth\"");
    }
}

static void test_parse_rfc3261_credentials(void)
{
    const char *values[] = { rfc3261_authorization, rfc3261_proxy_authorization };
    for (guint i = 0; i < G_N_ELEMENTS(values); i++) {
        GError *error = NULL;
        g_autoptr(SipDigestCredentials) c = sip_digest_credentials_parse(values[i], &error);
        g_assert_no_error(error);
        g_assert_cmpstr(c->username, ==, "Alice");
        g_assert_cmpstr(c->realm, ==, "atlanta.com");
        g_assert_null(c->uri);
        g_assert_cmpint(c->qop, ==, SIP_DIGEST_QOP_NONE);
        g_autofree char *text = sip_digest_credentials_to_string(c);
        g_assert_cmpstr(text, ==, values[i]);
        /* Without a uri nothing can match. */
        g_assert_false(sip_digest_verify(c, "00", "INVITE", NULL, 0));
    }
}

static void test_parse_rfc2617_folded(void)
{
    GError *error = NULL;
    g_autoptr(SipDigestCredentials) c = sip_digest_credentials_parse(rfc2617_authorization, &error);
    g_assert_no_error(error);
    g_assert_cmpint(c->qop, ==, SIP_DIGEST_QOP_AUTH);
    g_assert_cmpuint(c->nc, ==, 1);
    g_assert_cmpstr(c->cnonce, ==, "0a4f113b");
    g_autofree char *text = sip_digest_credentials_to_string(c);
    g_assert_cmpstr(text, ==,
                    "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
                    "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", "
                    "qop=auth, nc=00000001, cnonce=\"0a4f113b\", "
                    "response=\"6629fae49393a05397450978507c4ef1\", "
                    "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
    g_autofree char *ha1 = sip_digest_ha1(c->algorithm, "Mufasa", c->realm, "Circle Of Life");
    g_assert_true(sip_digest_verify(c, ha1, "GET", NULL, 0));

    g_autoptr(SipDigestChallenge) ch = sip_digest_challenge_parse(rfc2617_challenge, &error);
    g_assert_no_error(error);
    g_autofree char *challenge = sip_digest_challenge_to_string(ch);
    g_assert_cmpstr(challenge, ==,
                    "Digest realm=\"testrealm@host.com\", "
                    "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
                    "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", qop=\"auth,auth-int\"");
}

static void test_parse_case_insensitive(void)
{
    GError *error = NULL;
    g_autoptr(SipDigestChallenge) c = sip_digest_challenge_parse(
        "dIgEsT REALM=\"Biloxi.com\", Nonce=\"n\", QOP=\"AUTH-INT, x-future\", "
        "Algorithm=md5-SESS, STALE=true",
        &error);
    g_assert_no_error(error);
    g_assert_cmpstr(c->realm, ==, "Biloxi.com");
    g_assert_cmpint(c->algorithm, ==, SIP_DIGEST_ALGORITHM_MD5_SESS);
    g_assert_cmpuint(c->qop_options, ==, SIP_DIGEST_QOP_AUTH_INT);
    g_assert_true(c->stale);
    g_autofree char *text = sip_digest_challenge_to_string(c);
    g_assert_cmpstr(text, ==,
                    "Digest realm=\"Biloxi.com\", nonce=\"n\", algorithm=MD5-sess, "
                    "qop=\"auth-int\", stale=TRUE");
}

static void test_parse_escapes_and_unknown(void)
{
    GError *error = NULL;
    g_autoptr(SipDigestChallenge) c = sip_digest_challenge_parse(
        "Digest realm=\"a \\\"quoted\\\" \\\\ realm\", x-new=token, y=\"q,u\\\"o=te\", "
        "nonce=\"x\\yz\",userhash=false,charset=UTF-8, stale=no",
        &error);
    g_assert_no_error(error);
    g_assert_cmpstr(c->realm, ==, "a \"quoted\" \\ realm");
    g_assert_cmpstr(c->nonce, ==, "xyz");
    g_assert_null(c->opaque);
    g_assert_false(c->stale);
    g_autofree char *text = sip_digest_challenge_to_string(c);
    g_assert_cmpstr(text, ==, "Digest realm=\"a \\\"quoted\\\" \\\\ realm\", nonce=\"xyz\"");
    g_autoptr(SipDigestChallenge) back = sip_digest_challenge_parse(text, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(back->realm, ==, c->realm);

    /* Quoted algorithm and qop, which some agents send, are read too. */
    g_autoptr(SipDigestCredentials) cred = sip_digest_credentials_parse(
        "Digest username=\"bob\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"0\", "
        "algorithm=\"SHA-256\", qop=\"auth\", nc=0000000A, cnonce=\"c\", opaque=\"o\"",
        &error);
    g_assert_no_error(error);
    g_assert_cmpint(cred->algorithm, ==, SIP_DIGEST_ALGORITHM_SHA256);
    g_assert_cmpint(cred->qop, ==, SIP_DIGEST_QOP_AUTH);
    g_assert_cmpuint(cred->nc, ==, 10);
}

typedef struct {
    gboolean credentials; /* else a challenge */
    const char *value;
    SipDigestError code;
    const char *message;
} BadCase;

static const BadCase bad_cases[] = {
    { FALSE, "", SIP_DIGEST_ERROR_MALFORMED, "column 1: expected an authentication scheme" },
    { FALSE, "Basic realm=\"x\"", SIP_DIGEST_ERROR_UNSUPPORTED,
      "column 1: scheme \"Basic\" is not Digest" },
    { FALSE, "Digest", SIP_DIGEST_ERROR_MALFORMED,
      "column 7: expected parameters after \"Digest\"" },
    { FALSE, "Digest realm", SIP_DIGEST_ERROR_MALFORMED,
      "column 13: expected '=' after \"realm\"" },
    { FALSE, "Digest realm=", SIP_DIGEST_ERROR_MALFORMED,
      "column 14: expected a token or a quoted string after \"realm=\"" },
    { FALSE, "Digest realm=\"abc", SIP_DIGEST_ERROR_MALFORMED,
      "column 14: unterminated quoted string" },
    { FALSE, "Digest realm=\"abc\\", SIP_DIGEST_ERROR_MALFORMED,
      "column 14: unterminated quoted string" },
    { FALSE, "Digest realm=\"a\x01\"", SIP_DIGEST_ERROR_MALFORMED,
      "column 16: control character in a quoted string" },
    { FALSE, "Digest realm=\"a\\\r\n b\"", SIP_DIGEST_ERROR_MALFORMED,
      "column 17: CR or LF after '\\' in a quoted string" },
    { FALSE, "Digest realm=\"r\" nonce=\"n\"", SIP_DIGEST_ERROR_MALFORMED,
      "column 18: expected ',' or the end after a parameter" },
    { FALSE, "Digest realm=\"r\",, nonce=\"n\"", SIP_DIGEST_ERROR_MALFORMED,
      "column 18: expected a parameter name" },
    { FALSE, "Digest realm=\"r\", nonce=\"n\",", SIP_DIGEST_ERROR_MALFORMED,
      "column 29: expected a parameter name" },
    { FALSE, "Digest realm=\"r\", REALM=\"s\", nonce=\"n\"", SIP_DIGEST_ERROR_MALFORMED,
      "column 19: parameter \"realm\" given twice" },
    { FALSE, "Digest realm=\"r\"", SIP_DIGEST_ERROR_MALFORMED,
      "column 17: missing parameter \"nonce\"" },
    { FALSE, "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256", SIP_DIGEST_ERROR_UNSUPPORTED,
      "column 40: unsupported algorithm \"SHA-512-256\"" },
    { FALSE, "Digest realm=\"r\", nonce=\"n\", algorithm=MD5-sess", SIP_DIGEST_ERROR_MALFORMED,
      "column 40: algorithm MD5-sess needs a qop" },
    { TRUE, "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:r\"",
      SIP_DIGEST_ERROR_MALFORMED, "column 55: missing parameter \"response\"" },
    { TRUE, "Digest username=\"u\", realm=\"r\", nonce=\"n\", response=\"0\", qop=auth",
      SIP_DIGEST_ERROR_MALFORMED, "column 66: missing parameter \"cnonce\"" },
    { TRUE, "Digest username=\"u\", realm=\"r\", nonce=\"n\", response=\"0\", qop=auth-conf",
      SIP_DIGEST_ERROR_UNSUPPORTED, "column 62: unsupported qop \"auth-conf\"" },
    { TRUE,
      "Digest username=\"u\", realm=\"r\", nonce=\"n\", response=\"0\", qop=auth, cnonce=\"c\", "
      "nc=1",
      SIP_DIGEST_ERROR_MALFORMED, "column 83: nc \"1\" is not 8 hex digits" },
};

static void test_parse_errors(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
        const BadCase *b = &bad_cases[i];
        GError *error = NULL;
        gpointer result = b->credentials ? (gpointer) sip_digest_credentials_parse(b->value, &error)
                                         : (gpointer) sip_digest_challenge_parse(b->value, &error);
        g_assert_null(result);
        g_assert_error(error, SIP_DIGEST_ERROR, (gint) b->code);
        g_assert_cmpstr(error->message, ==, b->message);
        g_clear_error(&error);
    }
}

/* Parses @text both ways: a result or an error, never both or neither, never a crash. */
static void parse_both(const char *text)
{
    GError *error = NULL;
    SipDigestChallenge *c = sip_digest_challenge_parse(text, &error);
    g_assert_true((c == NULL) != (error == NULL));
    g_clear_error(&error);
    sip_digest_challenge_free(c);
    SipDigestCredentials *d = sip_digest_credentials_parse(text, &error);
    g_assert_true((d == NULL) != (error == NULL));
    g_clear_error(&error);
    sip_digest_credentials_free(d);
}

/* Every prefix, and every byte replaced by each character the grammar gives a meaning to. */
static void test_parse_prefixes_and_mutations(void)
{
    g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func(g_free);
    const char *fixed[] = { rfc3261_www_authenticate, rfc3261_proxy_authenticate,
                            rfc3261_authorization,    rfc3261_proxy_authorization,
                            rfc2617_authorization,    rfc2617_challenge };
    for (guint i = 0; i < G_N_ELEMENTS(fixed); i++)
        g_ptr_array_add(values, g_strdup(fixed[i]));
    g_autofree char *dir = g_test_build_filename(G_TEST_DIST, "data", "digest", NULL);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    for (const char *name; (name = g_dir_read_name(d));) {
        if (!g_str_has_suffix(name, ".txt") || strcmp(name, "README.txt") == 0)
            continue;
        g_autoptr(GHashTable) v = vector_load(name);
        const char *keys[] = { "challenge", "header" };
        for (guint k = 0; k < G_N_ELEMENTS(keys); k++) {
            const char *line = g_hash_table_lookup(v, keys[k]);
            if (line)
                g_ptr_array_extend_and_steal(values, challenge_variants(line));
        }
    }
    g_assert_cmpuint(values->len, >=, 12);
    static const char specials[] = "\"\\,= \t\r\n\x01";
    guint n = 0;
    for (guint i = 0; i < values->len; i++) {
        const char *value = values->pdata[i];
        gsize len = strlen(value);
        for (gsize cut = 0; cut <= len; cut++, n++) {
            g_autofree char *prefix = g_strndup(value, cut);
            parse_both(prefix);
            for (guint s = 0; cut < len && s < strlen(specials); s++, n++) {
                g_autofree char *mutant = g_strdup(value);
                mutant[cut] = specials[s];
                parse_both(mutant);
            }
        }
    }
    g_test_message("%u values parsed both ways", n);
}

/* ---- Computation ---- */

/* RFC 3261 §22.4 item 7: a request without a body hashes the empty string. */
static void test_empty_body_hash(void)
{
    g_autofree char *md5 = sip_digest_body_hash(SIP_DIGEST_ALGORITHM_MD5, NULL, 0);
    g_assert_cmpstr(md5, ==, "d41d8cd98f00b204e9800998ecf8427e");
    g_autofree char *sha = sip_digest_body_hash(SIP_DIGEST_ALGORITHM_SHA256_SESS, "", 0);
    g_assert_cmpstr(sha, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* SHA-256-sess has no published vector: its session HA1 is checked against GChecksum directly,
 * and every algorithm with every qop signs and verifies, and refuses a wrong password. */
static void test_every_algorithm_and_qop(void)
{
    g_autofree char *sess = sip_digest_session_ha1(SIP_DIGEST_ALGORITHM_SHA256_SESS, "h", "n", "c");
    g_autofree char *direct = g_compute_checksum_for_string(G_CHECKSUM_SHA256, "h:n:c", -1);
    g_assert_cmpstr(sess, ==, direct);
    static const char body[] = "v=0\r\n";
    const SipDigestQop qops[] = { SIP_DIGEST_QOP_NONE, SIP_DIGEST_QOP_AUTH,
                                  SIP_DIGEST_QOP_AUTH_INT };
    for (SipDigestAlgorithm a = SIP_DIGEST_ALGORITHM_UNSPECIFIED;
         a <= SIP_DIGEST_ALGORITHM_SHA256_SESS; a++) {
        for (guint q = 0; q < G_N_ELEMENTS(qops); q++) {
            gboolean session =
                a == SIP_DIGEST_ALGORITHM_MD5_SESS || a == SIP_DIGEST_ALGORITHM_SHA256_SESS;
            if (session && qops[q] == SIP_DIGEST_QOP_NONE)
                continue; /* refused by the parser: no cnonce without qop */
            g_autoptr(SipDigestChallenge) ch = sip_digest_challenge_new("biloxi.com", "abc");
            ch->algorithm = a;
            ch->qop_options = qops[q];
            g_autoptr(SipDigestCredentials) c =
                sip_digest_credentials_new(ch, "bob", "sip:bob@biloxi.com", "xyz", 3);
            g_autofree char *ha1 = sip_digest_ha1(a, "bob", "biloxi.com", "zanzibar");
            sip_digest_credentials_sign(c, ha1, "INVITE", body, strlen(body));
            g_assert_cmpuint(strlen(c->response), ==, a >= SIP_DIGEST_ALGORITHM_SHA256 ? 64 : 32);
            g_autofree char *text = sip_digest_credentials_to_string(c);
            GError *error = NULL;
            g_autoptr(SipDigestCredentials) back = sip_digest_credentials_parse(text, &error);
            g_assert_no_error(error);
            g_assert_true(sip_digest_verify(back, ha1, "INVITE", body, strlen(body)));
            g_autofree char *wrong = sip_digest_ha1(a, "bob", "biloxi.com", "zanzibaR");
            g_assert_false(sip_digest_verify(back, wrong, "INVITE", body, strlen(body)));
        }
    }
}

/* The client uses the first qop it can: auth, then auth-int, then none (RFC 2069 style). */
static void test_credentials_qop_choice(void)
{
    g_autoptr(SipDigestChallenge) ch = sip_digest_challenge_new("r", "n");
    ch->qop_options = SIP_DIGEST_QOP_AUTH_INT;
    g_autoptr(SipDigestCredentials) a = sip_digest_credentials_new(ch, "u", "sip:r", "c", 1);
    g_assert_cmpint(a->qop, ==, SIP_DIGEST_QOP_AUTH_INT);
    ch->qop_options = SIP_DIGEST_QOP_NONE;
    g_autoptr(SipDigestCredentials) b = sip_digest_credentials_new(ch, "u", "sip:r", "c", 1);
    g_assert_cmpint(b->qop, ==, SIP_DIGEST_QOP_NONE);
    g_assert_null(b->cnonce);
    g_autofree char *ha1 = sip_digest_ha1(b->algorithm, "u", "r", "p");
    sip_digest_credentials_sign(b, ha1, "REGISTER", NULL, 0);
    g_autofree char *text = sip_digest_credentials_to_string(b);
    g_assert_cmpstr(text, ==,
                    "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", "
                    "response=\"5790559ba44538767b07fb5adb649909\"");
    /* A cnonce sent without qop is not used (RFC 2617 §3.2.2). */
    g_autoptr(SipDigestCredentials) c =
        sip_digest_credentials_parse("Digest username=\"u\", realm=\"r\", nonce=\"n\", "
                                     "uri=\"sip:r\", cnonce=\"x\", nc=00000001, "
                                     "response=\"5790559ba44538767b07fb5adb649909\"",
                                     NULL);
    g_assert_null(c->cnonce);
    g_assert_true(sip_digest_verify(c, ha1, "REGISTER", NULL, 0));
}

/* ---- Nonces ---- */

#define SECRET "registrar-secret"

static void test_nonce_deterministic(void)
{
    g_autofree char *a = sip_digest_nonce_new(SECRET, 5 * SIM_S, 7);
    g_autofree char *b = sip_digest_nonce_new(SECRET, 5 * SIM_S, 7);
    g_autofree char *c = sip_digest_nonce_new(SECRET, 5 * SIM_S, 8);
    /* Time 0x12a05f200 ns, counter 7, then HMAC-SHA-256 (computed independently). */
    g_assert_cmpstr(a, ==,
                    "000000012a05f2000000000000000007"
                    "7f33860518c60fca11c875aaadbb1b82");
    g_assert_cmpstr(a, ==, b);
    g_assert_cmpstr(a, !=, c);
}

static void test_nonce_expiry(void)
{
    const SimTime issued = 5 * SIM_S, lifetime = 30 * SIM_S;
    g_autofree char *n = sip_digest_nonce_new(SECRET, issued, 1);
    g_assert_cmpint(sip_digest_nonce_check(SECRET, n, issued, lifetime), ==,
                    SIP_DIGEST_NONCE_VALID);
    g_assert_cmpint(sip_digest_nonce_check(SECRET, n, issued + lifetime - 1, lifetime), ==,
                    SIP_DIGEST_NONCE_VALID);
    g_assert_cmpint(sip_digest_nonce_check(SECRET, n, issued + lifetime, lifetime), ==,
                    SIP_DIGEST_NONCE_STALE);
    g_assert_cmpint(sip_digest_nonce_check(SECRET, n, G_MAXINT64, lifetime), ==,
                    SIP_DIGEST_NONCE_STALE);
    g_assert_cmpint(sip_digest_nonce_check(SECRET, n, G_MAXINT64, SIM_TIME_NEVER), ==,
                    SIP_DIGEST_NONCE_VALID);
}

static void test_nonce_invalid(void)
{
    g_autofree char *n = sip_digest_nonce_new(SECRET, 5 * SIM_S, 1);
    const SimTime now = 6 * SIM_S, lifetime = 30 * SIM_S;
    g_assert_cmpint(sip_digest_nonce_check("other-secret", n, now, lifetime), ==,
                    SIP_DIGEST_NONCE_INVALID);
    /* Issued in the future: a forged time, since the MAC covers it. */
    g_assert_cmpint(sip_digest_nonce_check(SECRET, n, 5 * SIM_S - 1, lifetime), ==,
                    SIP_DIGEST_NONCE_INVALID);
    for (gsize i = 0; i < strlen(n); i++) {
        g_autofree char *altered = g_strdup(n);
        altered[i] = altered[i] == '0' ? '1' : '0';
        g_assert_cmpint(sip_digest_nonce_check(SECRET, altered, now, lifetime), ==,
                        SIP_DIGEST_NONCE_INVALID);
        g_autofree char *cut = g_strndup(n, i);
        g_assert_cmpint(sip_digest_nonce_check(SECRET, cut, now, lifetime), ==,
                        SIP_DIGEST_NONCE_INVALID);
    }
    g_autofree char *upper = g_ascii_strup(n, -1);
    g_assert_cmpint(sip_digest_nonce_check(SECRET, upper, now, lifetime), ==,
                    SIP_DIGEST_NONCE_INVALID);
}

/* A registrar's exchange: challenge, answer, accept; later the same credentials are stale. */
static void test_registrar_exchange(void)
{
    const SimTime lifetime = 60 * SIM_S;
    g_autofree char *nonce = sip_digest_nonce_new(SECRET, 2 * SIM_S, 1);
    g_autoptr(SipDigestChallenge) ch = sip_digest_challenge_new("biloxi.com", nonce);
    ch->algorithm = SIP_DIGEST_ALGORITHM_MD5;
    ch->qop_options = SIP_DIGEST_QOP_AUTH;
    g_autofree char *www = sip_digest_challenge_to_string(ch);

    GError *error = NULL;
    g_autoptr(SipDigestChallenge) seen = sip_digest_challenge_parse(www, &error);
    g_assert_no_error(error);
    g_autoptr(SipDigestCredentials) mine =
        sip_digest_credentials_new(seen, "bob", "sip:biloxi.com", "0a4f113b", 1);
    g_autofree char *ha1 = sip_digest_ha1(seen->algorithm, "bob", seen->realm, "zanzibar");
    sip_digest_credentials_sign(mine, ha1, "REGISTER", NULL, 0);
    g_autofree char *authorization = sip_digest_credentials_to_string(mine);

    g_autoptr(SipDigestCredentials) got = sip_digest_credentials_parse(authorization, &error);
    g_assert_no_error(error);
    g_assert_true(sip_digest_verify(got, ha1, "REGISTER", NULL, 0));
    g_assert_cmpint(sip_digest_nonce_check(SECRET, got->nonce, 3 * SIM_S, lifetime), ==,
                    SIP_DIGEST_NONCE_VALID);
    g_assert_cmpint(sip_digest_nonce_check(SECRET, got->nonce, 62 * SIM_S, lifetime), ==,
                    SIP_DIGEST_NONCE_STALE);

    /* The right password on an old nonce: challenge again with stale=TRUE (RFC 2617 §3.2.1). */
    g_autofree char *fresh = sip_digest_nonce_new(SECRET, 62 * SIM_S, 2);
    g_autoptr(SipDigestChallenge) again = sip_digest_challenge_new("biloxi.com", fresh);
    again->qop_options = SIP_DIGEST_QOP_AUTH;
    again->stale = TRUE;
    g_autofree char *text = sip_digest_challenge_to_string(again);
    g_assert_true(g_str_has_suffix(text, ", qop=\"auth\", stale=TRUE"));
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_autofree char *dir = g_test_build_filename(G_TEST_DIST, "data", "digest", NULL);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    g_assert_nonnull(d);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    for (const char *name; (name = g_dir_read_name(d));) {
        if (g_str_has_suffix(name, ".txt") && strcmp(name, "README.txt") != 0)
            g_ptr_array_add(names, g_strdup(name));
    }
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *stem = g_strndup(names->pdata[i], strlen(names->pdata[i]) - 4);
        g_autofree char *path = g_strconcat("/sip/digest/vector/", stem, NULL);
        g_test_add_data_func(path, names->pdata[i], test_vector);
    }
    g_test_add_func("/sip/digest/parse/rfc3261-challenges", test_parse_rfc3261_challenges);
    g_test_add_func("/sip/digest/parse/rfc3261-credentials", test_parse_rfc3261_credentials);
    g_test_add_func("/sip/digest/parse/rfc2617-folded", test_parse_rfc2617_folded);
    g_test_add_func("/sip/digest/parse/case-insensitive", test_parse_case_insensitive);
    g_test_add_func("/sip/digest/parse/escapes-and-unknown", test_parse_escapes_and_unknown);
    g_test_add_func("/sip/digest/parse/errors", test_parse_errors);
    g_test_add_func("/sip/digest/parse/prefixes-and-mutations", test_parse_prefixes_and_mutations);
    g_test_add_func("/sip/digest/compute/empty-body", test_empty_body_hash);
    g_test_add_func("/sip/digest/compute/every-algorithm-and-qop", test_every_algorithm_and_qop);
    g_test_add_func("/sip/digest/compute/qop-choice", test_credentials_qop_choice);
    g_test_add_func("/sip/digest/nonce/deterministic", test_nonce_deterministic);
    g_test_add_func("/sip/digest/nonce/expiry", test_nonce_expiry);
    g_test_add_func("/sip/digest/nonce/invalid", test_nonce_invalid);
    g_test_add_func("/sip/digest/nonce/registrar-exchange", test_registrar_exchange);
    return g_test_run();
}
