/* SPDX-License-Identifier: MIT */
/*
 * The STUN codec against RFC 5769's four vectors (tests/data/stun/, copied with their README
 * from the shared reference): each decodes to exactly the fields the README lists, its
 * MESSAGE-INTEGRITY verifies with the README's password and its FINGERPRINT is right, and the
 * writer given the same fields reproduces the exact bytes. The first three vectors pad with
 * 0x20 where RFC 5389 lets padding take any value: the writer's padding byte is an option
 * (stun_writer_set_padding), zero by default. Then malformed input, rejected with a message,
 * and random input, never a crash.
 */
#include <string.h>

#include "stun.h"

static GBytes *load(const char *name)
{
    g_autofree char *path = g_test_build_filename(G_TEST_DIST, "data", "stun", name, NULL);
    char *data = NULL;
    gsize len = 0;
    g_assert_true(g_file_get_contents(path, &data, &len, NULL));
    return g_bytes_new_take(data, len);
}

static char *hex(const guint8 *p, gsize len)
{
    GString *s = g_string_new(NULL);
    for (gsize i = 0; i < len; i++)
        g_string_append_printf(s, "%02x", p[i]);
    return g_string_free(s, FALSE);
}

static StunMessage *parse_ok(const guint8 *bytes, gsize len)
{
    GError *error = NULL;
    StunMessage *msg = stun_message_parse(bytes, len, &error);
    g_assert_no_error(error);
    g_assert_nonnull(msg);
    return msg;
}

static void assert_parse_error(const guint8 *bytes, gsize len, StunErrorCode code,
                               const char *message)
{
    GError *error = NULL;
    StunMessage *msg = stun_message_parse(bytes, len, &error);
    g_assert_null(msg);
    g_assert_error(error, STUN_ERROR, (gint) code);
    g_assert_cmpstr(error->message, ==, message);
    g_clear_error(&error);
    g_assert_cmpint(stun_is_message(bytes, len), ==, code != STUN_ERROR_NOT_STUN);
}

static void assert_text(StunText t, const char *expected)
{
    if (!expected) {
        g_assert_null(t.s);
        return;
    }
    g_assert_nonnull(t.s);
    g_autofree char *s = g_strndup(t.s, t.len);
    g_assert_cmpstr(s, ==, expected);
}

/* ---- The RFC 5769 vectors ---- */

#define PASSWORD    "VOkJxbRl1RmTxUk/WvJxBt"
#define MATRIX      "\xe3\x83\x9e\xe3\x83\x88\xe3\x83\xaa\xe3\x83\x83\xe3\x82\xaf\xe3\x82\xb9"
#define MATRIX_PASS "The\xc2\xadM\xc2\xaatr\xe2\x85\xa8" /* The<U+00AD>M<U+00AA>tr<U+2168> */
#define MAX_ATTRS   6

typedef struct {
    const char *file;
    guint16 type;
    StunClass klass;
    guint16 length;
    const char *tid;
    guint16 attrs[MAX_ATTRS]; /* types in order, 0 after the last */
    guint8 pad;               /* the vector's padding byte */
    const char *software;
    guint32 priority;       /* 0: absent */
    guint64 ice_controlled; /* 0: absent */
    const char *username;
    const char *nonce;
    const char *realm;
    const char *xor_mapped; /* formatted, NULL: absent */
    const char *integrity;  /* hex of the HMAC */
    guint32 fingerprint;    /* 0: absent */
} Vector;

static const Vector vectors[] = {
    {
        "rfc5769-2.1-sample-request",
        0x0001,
        STUN_CLASS_REQUEST,
        88,
        "b7e7a701bc34d686fa87dfae",
        { STUN_ATTR_SOFTWARE, STUN_ATTR_PRIORITY, STUN_ATTR_ICE_CONTROLLED, STUN_ATTR_USERNAME,
          STUN_ATTR_MESSAGE_INTEGRITY, STUN_ATTR_FINGERPRINT },
        0x20,
        .software = "STUN test client",
        .priority = 1845494271,
        .ice_controlled = 0x932ff9b151263b36,
        .username = "evtj:h6vY",
        .integrity = "9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2",
        .fingerprint = 0xe57a3bcf,
    },
    {
        "rfc5769-2.2-ipv4-response",
        0x0101,
        STUN_CLASS_SUCCESS,
        60,
        "b7e7a701bc34d686fa87dfae",
        { STUN_ATTR_SOFTWARE, STUN_ATTR_XOR_MAPPED_ADDRESS, STUN_ATTR_MESSAGE_INTEGRITY,
          STUN_ATTR_FINGERPRINT },
        0x20,
        .software = "test vector",
        .xor_mapped = "192.0.2.1:32853",
        .integrity = "2b91f599fd9e90c38c7489f92af9ba53f06be7d7",
        .fingerprint = 0xc07d4c96,
    },
    {
        "rfc5769-2.3-ipv6-response",
        0x0101,
        STUN_CLASS_SUCCESS,
        72,
        "b7e7a701bc34d686fa87dfae",
        { STUN_ATTR_SOFTWARE, STUN_ATTR_XOR_MAPPED_ADDRESS, STUN_ATTR_MESSAGE_INTEGRITY,
          STUN_ATTR_FINGERPRINT },
        0x20,
        .software = "test vector",
        .xor_mapped = "[2001:db8:1234:5678:11:2233:4455:6677]:32853",
        .integrity = "a382954e4be67bf11784c97c8292c275bfe3ed41",
        .fingerprint = 0xc8fb0b4c,
    },
    {
        "rfc5769-2.4-request-long-term-auth",
        0x0001,
        STUN_CLASS_REQUEST,
        96,
        "78ad3433c6ad72c029da412e",
        { STUN_ATTR_USERNAME, STUN_ATTR_NONCE, STUN_ATTR_REALM, STUN_ATTR_MESSAGE_INTEGRITY },
        0x00,
        .username = MATRIX,
        .nonce = "f//499k954d6OL34oL9FSTvy64sA",
        .realm = "example.org",
        .integrity = "f67024656dd64a3e02b8e0712e85c9a28ca89666",
    },
};

static GBytes *vector_bytes(const Vector *v)
{
    g_autofree char *bin = g_strconcat(v->file, ".bin", NULL);
    g_autofree char *hexname = g_strconcat(v->file, ".hex", NULL);
    GBytes *bytes = load(bin);
    g_autoptr(GBytes) text = load(hexname);
    g_autofree char *want =
        g_strstrip(g_strndup(g_bytes_get_data(text, NULL), g_bytes_get_size(text)));
    g_autofree char *got = hex(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
    g_assert_cmpstr(got, ==, want);
    return bytes;
}

/* The key the README gives: the password (short-term), or MD5 of user:realm:SASLprep(pw). */
static GBytes *vector_key(const Vector *v)
{
    GError *error = NULL;
    GBytes *key = v->realm ? stun_key_long_term(v->username, v->realm, MATRIX_PASS, &error)
                           : stun_key_short_term(PASSWORD, &error);
    g_assert_no_error(error);
    return key;
}

static void test_vector_decode(gconstpointer data)
{
    const Vector *v = data;
    g_autoptr(GBytes) bytes = vector_bytes(v);
    g_autoptr(StunMessage) m = parse_ok(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
    g_assert_cmpuint(m->header.type, ==, v->type);
    g_assert_cmpuint(m->header.method, ==, STUN_METHOD_BINDING);
    g_assert_cmpint(m->header.klass, ==, v->klass);
    g_assert_cmpuint(m->header.length, ==, v->length);
    g_assert_cmpuint(m->len, ==, 20u + v->length);
    g_autofree char *tid = hex(m->header.tid, STUN_TID_SIZE);
    g_assert_cmpstr(tid, ==, v->tid);
    guint n = 0;
    while (n < MAX_ATTRS && v->attrs[n])
        n++;
    g_assert_cmpuint(m->attrs->len, ==, n);
    for (guint i = 0; i < n; i++) {
        const StunAttr *a = &g_array_index(m->attrs, StunAttr, i);
        g_assert_cmpuint(a->type, ==, v->attrs[i]);
        g_assert_false(a->ignored);
        g_assert_true(a->first);
    }
    assert_text(m->software, v->software);
    assert_text(m->username, v->username);
    assert_text(m->nonce, v->nonce);
    assert_text(m->realm, v->realm);
    g_assert_cmpint(m->has_priority, ==, v->priority != 0);
    g_assert_cmpuint(m->priority, ==, v->priority);
    g_assert_cmpint(m->has_ice_controlled, ==, v->ice_controlled != 0);
    g_assert_cmpuint(m->ice_controlled, ==, v->ice_controlled);
    g_assert_cmpint(m->has_xor_mapped_address, ==, v->xor_mapped != NULL);
    if (v->xor_mapped) {
        char buf[STUN_ADDRESS_BUF];
        g_assert_cmpstr(stun_address_format(&m->xor_mapped_address, buf), ==, v->xor_mapped);
    }
    g_assert_false(m->has_mapped_address || m->has_error_code || m->has_unknown_attributes);
    g_assert_cmpuint(m->unknown_required->len, ==, 0);
    g_assert_cmpint(m->integrity, ==, v->fingerprint ? (gint) n - 2 : (gint) n - 1);
    const StunAttr *mi = &g_array_index(m->attrs, StunAttr, m->integrity);
    g_autofree char *mac = hex(mi->value, mi->len);
    g_assert_cmpstr(mac, ==, v->integrity);
    g_assert_cmpint(m->fingerprint, ==, v->fingerprint ? (gint) n - 1 : -1);
    if (v->fingerprint) {
        const StunAttr *fp = &g_array_index(m->attrs, StunAttr, m->fingerprint);
        guint32 crc = (guint32) fp->value[0] << 24 | (guint32) fp->value[1] << 16 |
                      (guint32) fp->value[2] << 8 | fp->value[3];
        g_assert_cmphex(crc, ==, v->fingerprint);
    }
    g_assert_true(stun_is_message(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes)));
}

static void test_vector_integrity(gconstpointer data)
{
    const Vector *v = data;
    g_autoptr(GBytes) bytes = vector_bytes(v);
    g_autoptr(StunMessage) m = parse_ok(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
    g_autoptr(GBytes) key = vector_key(v);
    g_assert_true(stun_message_check_integrity(m, key));
    g_autoptr(GBytes) wrong = g_bytes_new_static("VOkJxbRl1RmTxUk/WvJxBT", 22);
    g_assert_false(stun_message_check_integrity(m, wrong));
}

/* The writer, given the README's fields in the vector's order, writes the same bytes. */
static gsize encode(const Vector *v, guint8 pad, GByteArray *out)
{
    guint8 tid[STUN_TID_SIZE];
    for (guint i = 0; i < STUN_TID_SIZE; i++)
        tid[i] =
            (guint8) g_ascii_strtoull((char[]){ v->tid[2 * i], v->tid[2 * i + 1], 0 }, NULL, 16);
    g_autoptr(GBytes) key = vector_key(v);
    StunWriter w;
    stun_writer_init(&w, out, STUN_METHOD_BINDING, v->klass, tid);
    stun_writer_set_padding(&w, pad);
    for (guint i = 0; i < MAX_ATTRS && v->attrs[i]; i++) {
        StunAddress a = { 0 };
        switch (v->attrs[i]) {
        case STUN_ATTR_SOFTWARE:
            stun_writer_add_text(&w, STUN_ATTR_SOFTWARE, v->software);
            break;
        case STUN_ATTR_PRIORITY:
            stun_writer_add_u32(&w, STUN_ATTR_PRIORITY, v->priority);
            break;
        case STUN_ATTR_ICE_CONTROLLED:
            stun_writer_add_u64(&w, STUN_ATTR_ICE_CONTROLLED, v->ice_controlled);
            break;
        case STUN_ATTR_USERNAME:
            stun_writer_add_text(&w, STUN_ATTR_USERNAME, v->username);
            break;
        case STUN_ATTR_NONCE:
            stun_writer_add_text(&w, STUN_ATTR_NONCE, v->nonce);
            break;
        case STUN_ATTR_REALM:
            stun_writer_add_text(&w, STUN_ATTR_REALM, v->realm);
            break;
        case STUN_ATTR_XOR_MAPPED_ADDRESS:
            a.port = 32853;
            if (g_str_has_prefix(v->xor_mapped, "[")) {
                static const guint8 v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x56, 0x78,
                                               0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77 };
                a.family = STUN_FAMILY_IPV6;
                memcpy(a.addr, v6, 16);
            } else {
                a.family = STUN_FAMILY_IPV4;
                memcpy(a.addr, (guint8[]){ 192, 0, 2, 1 }, 4);
            }
            stun_writer_add_xor_address(&w, STUN_ATTR_XOR_MAPPED_ADDRESS, &a);
            break;
        case STUN_ATTR_MESSAGE_INTEGRITY:
            stun_writer_add_integrity(&w, key);
            break;
        case STUN_ATTR_FINGERPRINT:
            stun_writer_add_fingerprint(&w);
            break;
        default:
            g_assert_not_reached();
        }
    }
    return stun_writer_finish(&w);
}

static void test_vector_encode(gconstpointer data)
{
    const Vector *v = data;
    g_autoptr(GBytes) bytes = vector_bytes(v);
    g_autoptr(GByteArray) out = g_byte_array_new();
    gsize len = encode(v, v->pad, out);
    g_assert_cmpuint(len, ==, out->len);
    g_assert_cmpmem(out->data, out->len, g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
    /* The same into a caller's buffer: the same bytes; one byte short: failure. */
    guint8 buf[128];
    g_autoptr(StunMessage) m = parse_ok(out->data, out->len);
    StunWriter w;
    stun_writer_init_buffer(&w, buf, len - 1, STUN_METHOD_BINDING, v->klass, m->header.tid);
    stun_writer_set_padding(&w, v->pad);
    for (guint i = 0; i < m->attrs->len; i++) {
        const StunAttr *a = &g_array_index(m->attrs, StunAttr, i);
        stun_writer_add(&w, a->type, a->value, a->len);
    }
    g_assert_true(w.failed);
    g_assert_cmpuint(stun_writer_finish(&w), ==, 0);
    stun_writer_init_buffer(&w, buf, len, STUN_METHOD_BINDING, v->klass, m->header.tid);
    stun_writer_set_padding(&w, v->pad);
    for (guint i = 0; i < m->attrs->len; i++) {
        const StunAttr *a = &g_array_index(m->attrs, StunAttr, i);
        stun_writer_add(&w, a->type, a->value, a->len);
    }
    g_assert_cmpmem(buf, stun_writer_finish(&w), out->data, out->len);
}

/* Padded with zeros (the writer's default), the message differs from the vector where padding
 * stood and in the MAC and CRC that cover it, and still decodes and verifies. */
static void test_vector_zero_padding(gconstpointer data)
{
    const Vector *v = data;
    g_autoptr(GBytes) bytes = vector_bytes(v);
    g_autoptr(GByteArray) out = g_byte_array_new();
    encode(v, 0, out);
    g_autoptr(StunMessage) m = parse_ok(out->data, out->len);
    g_autoptr(GBytes) key = vector_key(v);
    g_assert_true(stun_message_check_integrity(m, key));
    const guint8 *orig = g_bytes_get_data(bytes, NULL);
    g_assert_cmpuint(out->len, ==, g_bytes_get_size(bytes));
    const StunAttr *mi = &g_array_index(m->attrs, StunAttr, m->integrity);
    for (gsize i = 0; i < mi->offset; i++)
        g_assert_true(out->data[i] == orig[i] || (orig[i] == v->pad && out->data[i] == 0));
    gboolean padded = v->pad != 0;
    g_assert_cmpint(memcmp(out->data, orig, out->len) != 0, ==, padded);
}

/* ---- Keys ---- */

static void test_key_long_term(void)
{
    GError *error = NULL;
    g_autoptr(GBytes) key = stun_key_long_term(MATRIX, "example.org", MATRIX_PASS, &error);
    g_assert_no_error(error);
    g_autofree char *h = hex(g_bytes_get_data(key, NULL), g_bytes_get_size(key));
    g_assert_cmpstr(h, ==, "e8ca7ad59d5eb0518e312911d2dab2a9");
    g_autoptr(GBytes) same = stun_key_long_term(MATRIX, "example.org", "TheMatrIX", &error);
    g_assert_true(g_bytes_equal(key, same));
}

/* RFC 4013 §3's examples, but the bidirectional one (not checked: see stun.h). */
static void test_saslprep(void)
{
    static const struct {
        const char *in, *out;
    } ok[] = {
        { "I\xc2\xadX", "IX" },
        { "user", "user" },
        { "USER", "USER" },
        { "\xc2\xaa", "a" },
        { "\xe2\x85\xa8", "IX" },
        { MATRIX_PASS, "TheMatrIX" },
        { "a\xc2\xa0"
          "b",
          "a b" },
        { "", "" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(ok); i++) {
        GError *error = NULL;
        g_autofree char *out = stun_saslprep(ok[i].in, &error);
        g_assert_no_error(error);
        g_assert_cmpstr(out, ==, ok[i].out);
    }
    static const struct {
        const char *in, *message;
    } bad[] = {
        { "\x07", "character U+0007 is prohibited by SASLprep (RFC 4013 section 2.3)" },
        { "a\xee\x80\x80", "character U+E000 is prohibited by SASLprep (RFC 4013 section 2.3)" },
        { "\xef\xbf\xbe", "character U+FFFE is prohibited by SASLprep (RFC 4013 section 2.3)" },
        { "\xff", "expected UTF-8 text" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        GError *error = NULL;
        g_assert_null(stun_saslprep(bad[i].in, &error));
        g_assert_error(error, STUN_ERROR, STUN_ERROR_PROHIBITED);
        g_assert_cmpstr(error->message, ==, bad[i].message);
        g_clear_error(&error);
        g_assert_null(stun_key_short_term(bad[i].in, NULL));
    }
}

/* ---- Negative tests ---- */

static GByteArray *vector_copy(guint i)
{
    g_autoptr(GBytes) bytes = vector_bytes(&vectors[i]);
    GByteArray *b = g_byte_array_new();
    g_byte_array_append(b, g_bytes_get_data(bytes, NULL), (guint) g_bytes_get_size(bytes));
    return b;
}

/* coturn's checks: a flipped byte fails the FINGERPRINT, which makes it not STUN (§7.3). */
static void test_flipped_byte_fails_fingerprint(void)
{
    g_autoptr(GByteArray) b = vector_copy(0);
    b->data[27] ^= 0x01;
    assert_parse_error(b->data, b->len, STUN_ERROR_NOT_STUN,
                       "byte 100: FINGERPRINT 0xe57a3bcf: expected 0x12b667c1 (not STUN)");
}

static void test_changed_byte_fails_integrity(void)
{
    g_autoptr(GByteArray) b = vector_copy(3);
    b->data[32] ^= 0x01;
    g_autoptr(StunMessage) m = parse_ok(b->data, b->len);
    g_autoptr(GBytes) key = vector_key(&vectors[3]);
    g_assert_false(stun_message_check_integrity(m, key));
    /* A message without MESSAGE-INTEGRITY never verifies. */
    b->data[2] = b->data[3] = 0;
    g_autoptr(StunMessage) cut = parse_ok(b->data, 20);
    g_assert_false(stun_message_check_integrity(cut, key));
}

static void test_header_errors(void)
{
    g_autoptr(GByteArray) b = vector_copy(1);
    assert_parse_error(b->data, 19, STUN_ERROR_NOT_STUN,
                       "byte 19: expected a 20-byte header, got 19 bytes");
    assert_parse_error(b->data, 76, STUN_ERROR_NOT_STUN,
                       "byte 2: length 60: expected as many bytes after the header, got 56");
    b->data[0] = 0x41;
    assert_parse_error(b->data, b->len, STUN_ERROR_NOT_STUN,
                       "byte 0: expected the first two bits zero, got 0x41 (not STUN)");
    b->data[0] = 0x01;
    b->data[7] = 0x43;
    assert_parse_error(b->data, b->len, STUN_ERROR_NOT_STUN,
                       "byte 4: expected the magic cookie 0x2112a442, got 0x2112a443");
    b->data[7] = 0x42;
    b->data[3] = 0x3e;
    assert_parse_error(b->data, b->len, STUN_ERROR_NOT_STUN,
                       "byte 2: expected a length multiple of 4, got 62");
    g_assert_false(stun_is_message((const guint8 *) "INVITE sip:bob@biloxi.com SIP/2.0\r\n", 35));
}

/* A message made of one attribute of raw bytes after a Binding request's header. */
static GByteArray *one_attribute(guint16 type, const void *value, gsize len)
{
    static const guint8 tid[STUN_TID_SIZE] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
    GByteArray *b = g_byte_array_new();
    StunWriter w;
    stun_writer_init(&w, b, STUN_METHOD_BINDING, STUN_CLASS_REQUEST, tid);
    stun_writer_add(&w, type, value, len);
    g_assert_cmpuint(stun_writer_finish(&w), ==, b->len);
    return b;
}

static void test_attribute_errors(void)
{
    static const struct {
        guint16 type;
        const char *value;
        gsize len;
        const char *message;
    } cases[] = {
        { STUN_ATTR_XOR_MAPPED_ADDRESS, "\0\1\0\0\0", 5,
          "byte 20: XOR-MAPPED-ADDRESS: expected 8 bytes for IPv4, got 5" },
        { STUN_ATTR_MAPPED_ADDRESS, "\0\1\0", 3,
          "byte 20: MAPPED-ADDRESS: expected 8 bytes (IPv4) or 20 (IPv6), got 3" },
        { STUN_ATTR_ALTERNATE_SERVER, "\0\3\0\0\0\0\0\0", 8,
          "byte 25: ALTERNATE-SERVER: expected family 0x01 (IPv4) or 0x02 (IPv6), got 0x03" },
        { STUN_ATTR_MAPPED_ADDRESS, "\0\2\0\0\0\0\0\0", 8,
          "byte 20: MAPPED-ADDRESS: expected 20 bytes for IPv6, got 8" },
        { STUN_ATTR_ERROR_CODE, "\0\0\7\0", 4,
          "byte 26: ERROR-CODE: expected class 3..6 and number 0..99, got 7 and 0" },
        { STUN_ATTR_ERROR_CODE, "\0\0\4\144", 4,
          "byte 26: ERROR-CODE: expected class 3..6 and number 0..99, got 4 and 100" },
        { STUN_ATTR_ERROR_CODE, "\0\0\4", 3,
          "byte 20: ERROR-CODE: expected at least 4 bytes, got 3" },
        { STUN_ATTR_UNKNOWN_ATTRIBUTES, "\0\1\0", 3,
          "byte 20: UNKNOWN-ATTRIBUTES: expected an even length, got 3" },
        { STUN_ATTR_MESSAGE_INTEGRITY, "0123456789012345678", 19,
          "byte 20: MESSAGE-INTEGRITY: expected 20 bytes, got 19" },
        { STUN_ATTR_FINGERPRINT, "12345678", 8, "byte 20: FINGERPRINT: expected 4 bytes, got 8" },
        { STUN_ATTR_PRIORITY, "123", 3, "byte 20: PRIORITY: expected 4 bytes, got 3" },
        { STUN_ATTR_USE_CANDIDATE, "1", 1, "byte 20: USE-CANDIDATE: expected 0 bytes, got 1" },
        { STUN_ATTR_ICE_CONTROLLING, "1234", 4,
          "byte 20: ICE-CONTROLLING: expected 8 bytes, got 4" },
        { STUN_ATTR_USERNAME, "ab\xc3", 3, "byte 26: USERNAME: expected UTF-8 text" },
        { STUN_ATTR_SOFTWARE, "a\0b", 3, "byte 25: SOFTWARE: expected UTF-8 text" },
        { STUN_ATTR_ERROR_CODE, "\0\0\4\0\xff", 5, "byte 28: ERROR-CODE: expected UTF-8 text" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(GByteArray) b = one_attribute(cases[i].type, cases[i].value, cases[i].len);
        assert_parse_error(b->data, b->len, STUN_ERROR_MALFORMED, cases[i].message);
    }
    /* Text limits: USERNAME under 513 bytes, the others under 128 characters (§15). */
    g_autofree char *long_text = g_strnfill(513, 'u');
    g_autoptr(GByteArray) user = one_attribute(STUN_ATTR_USERNAME, long_text, 513);
    assert_parse_error(user->data, user->len, STUN_ERROR_MALFORMED,
                       "byte 20: USERNAME: expected at most 512 bytes, got 513");
    g_autoptr(GByteArray) ok = one_attribute(STUN_ATTR_USERNAME, long_text, 512);
    g_autoptr(StunMessage) m = parse_ok(ok->data, ok->len);
    g_autoptr(GByteArray) realm = one_attribute(STUN_ATTR_REALM, long_text, 128);
    assert_parse_error(realm->data, realm->len, STUN_ERROR_MALFORMED,
                       "byte 20: REALM: expected fewer than 128 characters, got 128");
}

static void test_overrun_and_order(void)
{
    /* The vector 2.2 with XOR-MAPPED-ADDRESS's length raised past the end. */
    g_autoptr(GByteArray) b = vector_copy(1);
    b->data[39] = 0x30;
    assert_parse_error(b->data, b->len, STUN_ERROR_MALFORMED,
                       "byte 36: XOR-MAPPED-ADDRESS: length 48 runs past the end: expected at "
                       "most 40");
    b->data[39] = 0x08;
    b->data[23] = 0x0d; /* SOFTWARE's 11 bytes become 13: 16 with padding, one word too many */
    assert_parse_error(
        b->data, b->len, STUN_ERROR_MALFORMED,
        "byte 40: MAPPED-ADDRESS: length 41287 runs past the end: expected at most 36");
    /* Something after FINGERPRINT. */
    static const guint8 tid[STUN_TID_SIZE] = { 0 };
    g_autoptr(GByteArray) c = g_byte_array_new();
    StunWriter w;
    stun_writer_init(&w, c, STUN_METHOD_BINDING, STUN_CLASS_REQUEST, tid);
    stun_writer_add_fingerprint(&w);
    stun_writer_add_text(&w, STUN_ATTR_SOFTWARE, "late");
    assert_parse_error(c->data, stun_writer_finish(&w), STUN_ERROR_MALFORMED,
                       "byte 20: expected FINGERPRINT to be the last attribute");
}

/* Unknown attributes: optional ones are kept and skipped, required ones listed once; only the
 * first of each known type is decoded; what follows MESSAGE-INTEGRITY is ignored (§15.4). */
static void test_unknown_duplicates_and_after_integrity(void)
{
    static const guint8 tid[STUN_TID_SIZE] = { 9 };
    g_autoptr(GByteArray) b = g_byte_array_new();
    StunWriter w;
    stun_writer_init(&w, b, STUN_METHOD_BINDING, STUN_CLASS_ERROR, tid);
    stun_writer_add(&w, 0x8fff, "opt", 3);
    stun_writer_add(&w, 0x7777, "req", 3);
    stun_writer_add_text(&w, STUN_ATTR_SOFTWARE, "first");
    stun_writer_add(&w, 0x7777, "again", 5);
    stun_writer_add_text(&w, STUN_ATTR_SOFTWARE, "second");
    stun_writer_add_error_code(&w, 420, "Unknown Attribute");
    const guint16 unknown[] = { 0x7777, 0x0024 };
    stun_writer_add_unknown_attributes(&w, unknown, 2);
    g_autoptr(GBytes) key = g_bytes_new_static("k", 1);
    stun_writer_add_integrity(&w, key);
    stun_writer_add_text(&w, STUN_ATTR_REALM, "ignored");
    stun_writer_add(&w, 0x6666, "", 0);
    stun_writer_add_fingerprint(&w);
    g_autoptr(StunMessage) m = parse_ok(b->data, stun_writer_finish(&w));
    g_assert_cmpuint(m->attrs->len, ==, 11);
    g_assert_cmpint(m->header.klass, ==, STUN_CLASS_ERROR);
    g_assert_cmpuint(m->unknown_required->len, ==, 1);
    g_assert_cmpuint(g_array_index(m->unknown_required, guint16, 0), ==, 0x7777);
    assert_text(m->software, "first");
    g_assert_false(g_array_index(m->attrs, StunAttr, 4).first);
    g_assert_cmpuint(m->error_code, ==, 420);
    assert_text(m->error_reason, "Unknown Attribute");
    g_assert_true(m->has_unknown_attributes);
    g_assert_cmpuint(m->unknown_attributes->len, ==, 2);
    g_assert_cmpuint(g_array_index(m->unknown_attributes, guint16, 1), ==, 0x0024);
    g_assert_cmpint(m->integrity, ==, 7);
    g_assert_true(stun_message_check_integrity(m, key));
    assert_text(m->realm, NULL);
    g_assert_true(g_array_index(m->attrs, StunAttr, 8).ignored);
    g_assert_true(g_array_index(m->attrs, StunAttr, 9).ignored);
    g_assert_false(g_array_index(m->attrs, StunAttr, 10).ignored);
    g_assert_cmpint(m->fingerprint, ==, 10);
}

/* ---- Types, addresses, writer limits ---- */

static void test_message_type(void)
{
    g_assert_cmpuint(stun_message_type(STUN_METHOD_BINDING, STUN_CLASS_REQUEST), ==, 0x0001);
    g_assert_cmpuint(stun_message_type(STUN_METHOD_BINDING, STUN_CLASS_INDICATION), ==, 0x0011);
    g_assert_cmpuint(stun_message_type(STUN_METHOD_BINDING, STUN_CLASS_SUCCESS), ==, 0x0101);
    g_assert_cmpuint(stun_message_type(STUN_METHOD_BINDING, STUN_CLASS_ERROR), ==, 0x0111);
    g_assert_cmpuint(stun_message_type(0xfff, STUN_CLASS_ERROR), ==, 0x3fff);
    static const guint8 tid[STUN_TID_SIZE] = { 0 };
    for (guint method = 0; method < 0x1000; method++) {
        for (StunClass k = STUN_CLASS_REQUEST; k <= STUN_CLASS_ERROR; k++) {
            guint8 buf[STUN_HEADER_SIZE];
            StunWriter w;
            stun_writer_init_buffer(&w, buf, sizeof buf, (guint16) method, k, tid);
            StunHeader h;
            g_assert_true(stun_header_parse(buf, stun_writer_finish(&w), &h, NULL));
            g_assert_cmpuint(h.method, ==, method);
            g_assert_cmpint(h.klass, ==, k);
        }
    }
    g_assert_cmpstr(stun_method_name(STUN_METHOD_BINDING), ==, "Binding");
    g_assert_null(stun_method_name(2));
    g_assert_cmpstr(stun_class_name(STUN_CLASS_ERROR), ==, "error response");
    g_assert_cmpstr(stun_attr_name(STUN_ATTR_ALTERNATE_SERVER), ==, "ALTERNATE-SERVER");
    g_assert_null(stun_attr_name(0x7777));
}

static void test_addresses(void)
{
    NetEndpoint ep = { 0xc0000201, 32853 }, back;
    StunAddress a = stun_address_from_endpoint(ep);
    char buf[STUN_ADDRESS_BUF];
    g_assert_cmpstr(stun_address_format(&a, buf), ==, "192.0.2.1:32853");
    g_assert_true(stun_address_to_endpoint(&a, &back));
    g_assert_cmpuint(back.ip, ==, ep.ip);
    g_assert_cmpuint(back.port, ==, ep.port);
    StunAddress v6 = { .family = STUN_FAMILY_IPV6, .port = 65535 };
    memset(v6.addr, 0xff, 16);
    g_assert_cmpstr(stun_address_format(&v6, buf), ==,
                    "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535");
    g_assert_false(stun_address_to_endpoint(&v6, &back));
    /* MAPPED-ADDRESS and ALTERNATE-SERVER round-trip unXORed. */
    static const guint8 tid[STUN_TID_SIZE] = { 0xaa };
    g_autoptr(GByteArray) b = g_byte_array_new();
    StunWriter w;
    stun_writer_init(&w, b, STUN_METHOD_BINDING, STUN_CLASS_SUCCESS, tid);
    stun_writer_add_address(&w, STUN_ATTR_MAPPED_ADDRESS, &a);
    stun_writer_add_address(&w, STUN_ATTR_ALTERNATE_SERVER, &v6);
    stun_writer_add_xor_address(&w, STUN_ATTR_XOR_MAPPED_ADDRESS, &v6);
    g_autoptr(StunMessage) m = parse_ok(b->data, stun_writer_finish(&w));
    g_assert_cmpstr(stun_address_format(&m->mapped_address, buf), ==, "192.0.2.1:32853");
    g_assert_cmpstr(stun_address_format(&m->alternate_server, buf), ==,
                    "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535");
    g_assert_cmpstr(stun_address_format(&m->xor_mapped_address, buf), ==,
                    "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535");
    g_assert_cmpuint(b->data[24 + 4 + 2], !=, 0xff); /* the XOR did happen: port bytes differ */
}

static void test_writer_limits(void)
{
    static const guint8 tid[STUN_TID_SIZE] = { 0 };
    guint8 small[10];
    StunWriter w;
    stun_writer_init_buffer(&w, small, sizeof small, STUN_METHOD_BINDING, STUN_CLASS_REQUEST, tid);
    g_assert_cmpuint(stun_writer_finish(&w), ==, 0);
    g_autoptr(GByteArray) b = g_byte_array_new();
    stun_writer_init(&w, b, STUN_METHOD_BINDING, STUN_CLASS_REQUEST, tid);
    g_autofree guint8 *big = g_malloc0(65528);
    stun_writer_add(&w, 0x8fff, big, 65528); /* 20 + 4 + 65528: the largest message */
    g_assert_cmpuint(stun_writer_finish(&w), ==, STUN_MAX_MESSAGE);
    g_autoptr(StunMessage) m = parse_ok(b->data, b->len);
    stun_writer_add(&w, 0x8fff, NULL, 0); /* one word too many */
    g_assert_cmpuint(stun_writer_finish(&w), ==, 0);
    stun_writer_init(&w, b, STUN_METHOD_BINDING, STUN_CLASS_REQUEST, tid);
    stun_writer_add(&w, 0x8fff, big, 65536); /* longer than a length field can say */
    g_assert_cmpuint(stun_writer_finish(&w), ==, 0);
}

/* ---- Random input ---- */

/* Parses @b both ways: a message or an error, consistent with stun_is_message(). */
static void parse_any(const guint8 *b, gsize len)
{
    GError *error = NULL;
    StunMessage *m = stun_message_parse(b, len, &error);
    g_assert_true((m == NULL) != (error == NULL));
    g_assert_cmpint(stun_is_message(b, len), ==,
                    m != NULL || !g_error_matches(error, STUN_ERROR, STUN_ERROR_NOT_STUN));
    if (m) {
        g_autoptr(GBytes) key = g_bytes_new_static("key", 3);
        stun_message_check_integrity(m, key);
    }
    g_clear_error(&error);
    stun_message_free(m);
}

static void test_fuzz_truncations(void)
{
    guint n = 0;
    for (guint i = 0; i < G_N_ELEMENTS(vectors); i++) {
        g_autoptr(GByteArray) b = vector_copy(i);
        for (guint cut = 0; cut <= b->len; cut++, n += 2) {
            /* Exact-size copies so that ASan sees any read past the end. */
            g_autofree guint8 *p = g_memdup2(b->data, cut);
            parse_any(p, cut);
            if (cut >= STUN_HEADER_SIZE && cut % 4 == 0) {
                p[2] = (guint8) ((cut - 20) >> 8);
                p[3] = (guint8) (cut - 20);
                parse_any(p, cut);
            }
        }
    }
    g_test_message("%u truncations parsed", n);
}

static void test_fuzz_random(void)
{
    g_autoptr(GRand) rand = g_rand_new_with_seed(5389);
    GByteArray *vecs[G_N_ELEMENTS(vectors)];
    for (guint i = 0; i < G_N_ELEMENTS(vectors); i++)
        vecs[i] = vector_copy(i);
    guint parsed = 0;
    for (guint round = 0; round < 200000; round++) {
        gsize len = (gsize) g_rand_int_range(rand, 0, 161);
        g_autofree guint8 *p = g_malloc(len ? len : 1);
        guint kind = round % 3;
        if (kind == 2) {
            /* A vector with a few random bytes changed, the length field kept right. */
            const GByteArray *b = vecs[round / 3 % G_N_ELEMENTS(vectors)];
            len = b->len;
            p = g_realloc(p, len);
            memcpy(p, b->data, len);
            for (guint k = 0; k < 3; k++)
                p[g_rand_int_range(rand, 20, (gint32) len)] = (guint8) g_rand_int(rand);
        } else {
            for (gsize i = 0; i < len; i++)
                p[i] = (guint8) g_rand_int(rand);
        }
        if (kind == 1 && len >= 20) {
            /* A valid header, so that the attributes get walked. */
            len &= ~(gsize) 3;
            p[0] &= 0x3f;
            p[2] = (guint8) ((len - 20) >> 8);
            p[3] = (guint8) (len - 20);
            p[4] = 0x21, p[5] = 0x12, p[6] = 0xa4, p[7] = 0x42;
        }
        GError *error = NULL;
        StunMessage *m = stun_message_parse(p, len, &error);
        parsed += m != NULL;
        stun_message_free(m);
        g_clear_error(&error);
        parse_any(p, len);
    }
    g_test_message("%u of 200000 random inputs parsed", parsed);
    for (guint i = 0; i < G_N_ELEMENTS(vectors); i++)
        g_byte_array_unref(vecs[i]);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (guint i = 0; i < G_N_ELEMENTS(vectors); i++) {
        static const struct {
            const char *name;
            GTestDataFunc fn;
        } kinds[] = {
            { "decode", test_vector_decode },
            { "integrity", test_vector_integrity },
            { "encode", test_vector_encode },
            { "zero-padding", test_vector_zero_padding },
        };
        for (guint k = 0; k < G_N_ELEMENTS(kinds); k++) {
            g_autofree char *path =
                g_strdup_printf("/stun/vector/%s/%s", vectors[i].file, kinds[k].name);
            g_test_add_data_func(path, &vectors[i], kinds[k].fn);
        }
    }
    g_test_add_func("/stun/key/long-term", test_key_long_term);
    g_test_add_func("/stun/key/saslprep", test_saslprep);
    g_test_add_func("/stun/reject/flipped-byte-fails-fingerprint",
                    test_flipped_byte_fails_fingerprint);
    g_test_add_func("/stun/reject/changed-byte-fails-integrity", test_changed_byte_fails_integrity);
    g_test_add_func("/stun/reject/header", test_header_errors);
    g_test_add_func("/stun/reject/attributes", test_attribute_errors);
    g_test_add_func("/stun/reject/overrun-and-order", test_overrun_and_order);
    g_test_add_func("/stun/decode/unknown-duplicates-after-integrity",
                    test_unknown_duplicates_and_after_integrity);
    g_test_add_func("/stun/codec/message-type", test_message_type);
    g_test_add_func("/stun/codec/addresses", test_addresses);
    g_test_add_func("/stun/codec/writer-limits", test_writer_limits);
    g_test_add_func("/stun/fuzz/truncations", test_fuzz_truncations);
    g_test_add_func("/stun/fuzz/random", test_fuzz_random);
    return g_test_run();
}
