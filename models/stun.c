/* SPDX-License-Identifier: MIT */
#include "stun.h"

#include <arpa/inet.h>
#include <string.h>
#include <zlib.h>

G_DEFINE_QUARK(sipsim_stun_error, stun_error)

#define FINGERPRINT_XOR 0x5354554eu /* "STUN" (§15.5) */
#define INTEGRITY_SIZE  20          /* HMAC-SHA1 */

static guint16 get16(const guint8 *p)
{
    return (guint16) (p[0] << 8 | p[1]);
}

static guint32 get32(const guint8 *p)
{
    return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static void put16(guint8 *p, guint16 v)
{
    p[0] = (guint8) (v >> 8);
    p[1] = (guint8) v;
}

static void put32(guint8 *p, guint32 v)
{
    put16(p, (guint16) (v >> 16));
    put16(p + 2, (guint16) v);
}

static gsize pad4(gsize n)
{
    return (n + 3) & ~(gsize) 3;
}

/* ---- Names ---- */

/* Text attributes' limits (§15.3, 15.6-15.8, 15.10): USERNAME in bytes, the others in
 * characters (at most 763 bytes). */
static const struct {
    guint16 type;
    const char *name;
    guint max_bytes;
    guint max_chars;
} attr_info[] = {
    { STUN_ATTR_MAPPED_ADDRESS, "MAPPED-ADDRESS", 0, 0 },
    { STUN_ATTR_USERNAME, "USERNAME", 512, 0 },
    { STUN_ATTR_MESSAGE_INTEGRITY, "MESSAGE-INTEGRITY", 0, 0 },
    { STUN_ATTR_ERROR_CODE, "ERROR-CODE", 763, 127 },
    { STUN_ATTR_UNKNOWN_ATTRIBUTES, "UNKNOWN-ATTRIBUTES", 0, 0 },
    { STUN_ATTR_REALM, "REALM", 763, 127 },
    { STUN_ATTR_NONCE, "NONCE", 763, 127 },
    { STUN_ATTR_XOR_MAPPED_ADDRESS, "XOR-MAPPED-ADDRESS", 0, 0 },
    { STUN_ATTR_PRIORITY, "PRIORITY", 0, 0 },
    { STUN_ATTR_USE_CANDIDATE, "USE-CANDIDATE", 0, 0 },
    { STUN_ATTR_SOFTWARE, "SOFTWARE", 763, 127 },
    { STUN_ATTR_ALTERNATE_SERVER, "ALTERNATE-SERVER", 0, 0 },
    { STUN_ATTR_FINGERPRINT, "FINGERPRINT", 0, 0 },
    { STUN_ATTR_ICE_CONTROLLED, "ICE-CONTROLLED", 0, 0 },
    { STUN_ATTR_ICE_CONTROLLING, "ICE-CONTROLLING", 0, 0 },
};

static gint attr_index(guint16 type)
{
    for (guint i = 0; i < G_N_ELEMENTS(attr_info); i++)
        if (attr_info[i].type == type)
            return (gint) i;
    return -1;
}

const char *stun_attr_name(guint16 type)
{
    gint i = attr_index(type);
    return i < 0 ? NULL : attr_info[i].name;
}

const char *stun_method_name(guint16 method)
{
    return method == STUN_METHOD_BINDING ? "Binding" : NULL;
}

const char *stun_class_name(StunClass klass)
{
    static const char *const names[] = { "request", "indication", "success response",
                                         "error response" };
    g_return_val_if_fail((guint) klass < G_N_ELEMENTS(names), NULL);
    return names[klass];
}

/* M11..M7 C1 M6..M4 C0 M3..M0 below the two zero bits (§6). */
guint16 stun_message_type(guint16 method, StunClass klass)
{
    return (guint16) ((method & 0x000F) | (method & 0x0070) << 1 | (method & 0x0F80) << 2 |
                      (klass & 1) << 4 | (klass & 2) << 7);
}

/* ---- Addresses ---- */

StunAddress stun_address_from_endpoint(NetEndpoint ep)
{
    StunAddress a = { .family = STUN_FAMILY_IPV4, .port = ep.port };
    put32(a.addr, ep.ip);
    return a;
}

gboolean stun_address_to_endpoint(const StunAddress *a, NetEndpoint *out)
{
    if (a->family != STUN_FAMILY_IPV4)
        return FALSE;
    *out = (NetEndpoint){ get32(a->addr), a->port };
    return TRUE;
}

const char *stun_address_format(const StunAddress *a, char *buf)
{
    if (a->family == STUN_FAMILY_IPV4) {
        char ip[NET_IP_BUF];
        g_snprintf(buf, STUN_ADDRESS_BUF, "%s:%u", net_ip_format(get32(a->addr), ip), a->port);
    } else {
        char ip[INET6_ADDRSTRLEN];
        inet_ntop(AF_INET6, a->addr, ip, sizeof ip);
        g_snprintf(buf, STUN_ADDRESS_BUF, "[%s]:%u", ip, a->port);
    }
    return buf;
}

/* ---- Recognising a message (§6, §7.3) ---- */

static gboolean fail(GError **error, StunErrorCode code, gsize at, const char *format, ...)
    G_GNUC_PRINTF(4, 5);

static gboolean fail(GError **error, StunErrorCode code, gsize at, const char *format, ...)
{
    /* A SIP datagram fails here on every phone that also speaks STUN: no message to build. */
    if (!error)
        return FALSE;
    va_list ap;
    va_start(ap, format);
    g_autofree char *msg = g_strdup_vprintf(format, ap);
    va_end(ap);
    g_set_error(error, STUN_ERROR, code, "byte %zu: %s", at, msg);
    return FALSE;
}

gboolean stun_header_parse(const guint8 *bytes, gsize len, StunHeader *out, GError **error)
{
    if (len < STUN_HEADER_SIZE)
        return fail(error, STUN_ERROR_NOT_STUN, len, "expected a 20-byte header, got %zu bytes",
                    len);
    if (bytes[0] & 0xC0)
        return fail(error, STUN_ERROR_NOT_STUN, 0,
                    "expected the first two bits zero, got 0x%02x (not STUN)", bytes[0]);
    guint32 cookie = get32(bytes + 4);
    if (cookie != STUN_MAGIC_COOKIE)
        return fail(error, STUN_ERROR_NOT_STUN, 4, "expected the magic cookie 0x%08x, got 0x%08x",
                    STUN_MAGIC_COOKIE, cookie);
    guint16 length = get16(bytes + 2);
    if (length % 4)
        return fail(error, STUN_ERROR_NOT_STUN, 2, "expected a length multiple of 4, got %u",
                    length);
    if ((gsize) length != len - STUN_HEADER_SIZE)
        return fail(error, STUN_ERROR_NOT_STUN, 2,
                    "length %u: expected as many bytes after the header, got %zu", length,
                    len - STUN_HEADER_SIZE);
    guint16 type = get16(bytes);
    out->type = type;
    out->method = (guint16) ((type & 0x000F) | (type & 0x00E0) >> 1 | (type & 0x3E00) >> 2);
    out->klass = (StunClass) ((type >> 4 & 1) | (type >> 7 & 2));
    out->length = length;
    memcpy(out->tid, bytes + 8, STUN_TID_SIZE);
    return TRUE;
}

static const char *attr_label(guint16 type, char buf[8])
{
    const char *name = stun_attr_name(type);
    if (name)
        return name;
    g_snprintf(buf, 8, "0x%04x", type);
    return buf;
}

/*
 * Walks the attribute headers of a message whose header passed; appends each to @attrs when
 * given. FINGERPRINT must be the last and 4 bytes long: its offset goes to *@fingerprint_at
 * (0: none). Offsets stay multiples of 4, as does the message, so an attribute header always
 * fits and only a value can run past the end.
 */
static gboolean walk(const guint8 *b, gsize len, GArray *attrs, gsize *fingerprint_at,
                     GError **error)
{
    *fingerprint_at = 0;
    for (gsize pos = STUN_HEADER_SIZE; pos < len;) {
        StunAttr a = { .type = get16(b + pos), .len = get16(b + pos + 2), .offset = (guint32) pos };
        char label[8];
        if (a.len > len - pos - 4)
            return fail(error, STUN_ERROR_MALFORMED, pos,
                        "%s: length %u runs past the end: expected at most %zu",
                        attr_label(a.type, label), a.len, len - pos - 4);
        a.value = b + pos + 4;
        if (*fingerprint_at)
            return fail(error, STUN_ERROR_MALFORMED, *fingerprint_at,
                        "expected FINGERPRINT to be the last attribute");
        if (a.type == STUN_ATTR_FINGERPRINT) {
            if (a.len != 4)
                return fail(error, STUN_ERROR_MALFORMED, pos,
                            "FINGERPRINT: expected 4 bytes, got %u", a.len);
            *fingerprint_at = pos;
        }
        if (attrs)
            g_array_append_val(attrs, a);
        pos += 4 + pad4(a.len);
    }
    return TRUE;
}

static guint32 fingerprint_of(const guint8 *b, gsize upto)
{
    return (guint32) crc32(0, b, (uInt) upto) ^ FINGERPRINT_XOR;
}

static gboolean check_fingerprint(const guint8 *b, gsize at, GError **error)
{
    guint32 want = fingerprint_of(b, at), got = get32(b + at + 4);
    if (got == want)
        return TRUE;
    return fail(error, STUN_ERROR_NOT_STUN, at, "FINGERPRINT 0x%08x: expected 0x%08x (not STUN)",
                got, want);
}

gboolean stun_is_message(const guint8 *bytes, gsize len)
{
    StunHeader h;
    gsize at;
    if (!stun_header_parse(bytes, len, &h, NULL))
        return FALSE;
    /* Attributes that cannot be walked: STUN by its header, malformed. */
    if (!walk(bytes, len, NULL, &at, NULL) || !at)
        return TRUE;
    return check_fingerprint(bytes, at, NULL);
}

/* ---- Decoding the attributes (§15) ---- */

static gboolean expect_len(const StunAttr *a, guint16 want, GError **error)
{
    char label[8];
    if (a->len == want)
        return TRUE;
    return fail(error, STUN_ERROR_MALFORMED, a->offset, "%s: expected %u bytes, got %u",
                attr_label(a->type, label), want, a->len);
}

/* §15.1, §15.2: the XOR covers the port with the cookie's top half, an IPv4 address with the
 * cookie, an IPv6 address with the cookie and the transaction id. */
static gboolean decode_address(const StunMessage *m, const StunAttr *a, gboolean xor,
                               StunAddress *out, GError **error)
{
    char label[8];
    const char *name = attr_label(a->type, label);
    if (a->len < 4)
        return fail(error, STUN_ERROR_MALFORMED, a->offset,
                    "%s: expected 8 bytes (IPv4) or 20 (IPv6), got %u", name, a->len);
    out->family = a->value[1];
    if (out->family != STUN_FAMILY_IPV4 && out->family != STUN_FAMILY_IPV6)
        return fail(error, STUN_ERROR_MALFORMED, a->offset + 5,
                    "%s: expected family 0x01 (IPv4) or 0x02 (IPv6), got 0x%02x", name,
                    out->family);
    gsize addr_len = out->family == STUN_FAMILY_IPV4 ? 4 : 16;
    if (a->len != 4 + addr_len)
        return fail(error, STUN_ERROR_MALFORMED, a->offset, "%s: expected %zu bytes for %s, got %u",
                    name, 4 + addr_len, addr_len == 4 ? "IPv4" : "IPv6", a->len);
    out->port = get16(a->value + 2);
    memset(out->addr, 0, sizeof out->addr);
    memcpy(out->addr, a->value + 4, addr_len);
    if (xor) {
        out->port ^= STUN_MAGIC_COOKIE >> 16;
        for (gsize i = 0; i < addr_len; i++)
            out->addr[i] ^= m->bytes[4 + i]; /* cookie then transaction id */
    }
    return TRUE;
}

static gboolean decode_text(const StunAttr *a, const guint8 *s, gsize len, StunText *out,
                            GError **error)
{
    char label[8];
    const char *name = attr_label(a->type, label);
    const char *end;
    gint i = attr_index(a->type);
    if (!g_utf8_validate_len((const char *) s, len, &end))
        return fail(error, STUN_ERROR_MALFORMED,
                    a->offset + 4 + (gsize) ((const guint8 *) end - a->value),
                    "%s: expected UTF-8 text", name);
    if (len > attr_info[i].max_bytes)
        return fail(error, STUN_ERROR_MALFORMED, a->offset,
                    "%s: expected at most %u bytes, got %zu", name, attr_info[i].max_bytes, len);
    if (attr_info[i].max_chars &&
        g_utf8_strlen((const char *) s, (gssize) len) > (glong) attr_info[i].max_chars)
        return fail(error, STUN_ERROR_MALFORMED, a->offset,
                    "%s: expected fewer than 128 characters, got %ld", name,
                    g_utf8_strlen((const char *) s, (gssize) len));
    if (!out->s)
        *out = (StunText){ (const char *) s, len };
    return TRUE;
}

/* §15.6: 21 reserved bits (ignored), the class (hundreds, 3..6), the number (0..99). */
static gboolean decode_error_code(StunMessage *m, const StunAttr *a, GError **error)
{
    if (a->len < 4)
        return fail(error, STUN_ERROR_MALFORMED, a->offset,
                    "ERROR-CODE: expected at least 4 bytes, got %u", a->len);
    guint klass = a->value[2] & 0x07, number = a->value[3];
    if (klass < 3 || klass > 6 || number > 99)
        return fail(error, STUN_ERROR_MALFORMED, a->offset + 6,
                    "ERROR-CODE: expected class 3..6 and number 0..99, got %u and %u", klass,
                    number);
    gboolean first = !m->has_error_code;
    StunText reason = { 0 };
    if (!decode_text(a, a->value + 4, a->len - 4u, &reason, error))
        return FALSE;
    if (first) {
        m->has_error_code = TRUE;
        m->error_code = klass * 100 + number;
        m->error_reason = reason;
    }
    return TRUE;
}

static gboolean decode_unknown_attributes(StunMessage *m, const StunAttr *a, GError **error)
{
    if (a->len % 2)
        return fail(error, STUN_ERROR_MALFORMED, a->offset,
                    "UNKNOWN-ATTRIBUTES: expected an even length, got %u", a->len);
    if (m->has_unknown_attributes)
        return TRUE;
    m->has_unknown_attributes = TRUE;
    for (guint i = 0; i < a->len; i += 2) {
        guint16 t = get16(a->value + i);
        g_array_append_val(m->unknown_attributes, t);
    }
    return TRUE;
}

static gboolean decode_address_into(StunMessage *m, const StunAttr *a, gboolean xor, gboolean *has,
                                    StunAddress *field, GError **error)
{
    StunAddress addr;
    if (!decode_address(m, a, xor, &addr, error))
        return FALSE;
    if (!*has)
        *field = addr;
    *has = TRUE;
    return TRUE;
}

static guint64 get64(const guint8 *p)
{
    return (guint64) get32(p) << 32 | get32(p + 4);
}

/* Checks every attribute the codec knows; the first of each type fills the message's fields.
 * An unknown comprehension-required type is listed once. */
static gboolean decode_attr(StunMessage *m, StunAttr *a, GError **error)
{
    switch (a->type) {
    case STUN_ATTR_MAPPED_ADDRESS:
        return decode_address_into(m, a, FALSE, &m->has_mapped_address, &m->mapped_address, error);
    case STUN_ATTR_XOR_MAPPED_ADDRESS:
        return decode_address_into(m, a, TRUE, &m->has_xor_mapped_address, &m->xor_mapped_address,
                                   error);
    case STUN_ATTR_ALTERNATE_SERVER:
        return decode_address_into(m, a, FALSE, &m->has_alternate_server, &m->alternate_server,
                                   error);
    case STUN_ATTR_USERNAME:
        return decode_text(a, a->value, a->len, &m->username, error);
    case STUN_ATTR_REALM:
        return decode_text(a, a->value, a->len, &m->realm, error);
    case STUN_ATTR_NONCE:
        return decode_text(a, a->value, a->len, &m->nonce, error);
    case STUN_ATTR_SOFTWARE:
        return decode_text(a, a->value, a->len, &m->software, error);
    case STUN_ATTR_ERROR_CODE:
        return decode_error_code(m, a, error);
    case STUN_ATTR_UNKNOWN_ATTRIBUTES:
        return decode_unknown_attributes(m, a, error);
    case STUN_ATTR_MESSAGE_INTEGRITY:
        return expect_len(a, INTEGRITY_SIZE, error);
    case STUN_ATTR_FINGERPRINT:
        return TRUE; /* checked by walk() and check_fingerprint() */
    case STUN_ATTR_PRIORITY:
        if (!expect_len(a, 4, error))
            return FALSE;
        if (!m->has_priority)
            m->priority = get32(a->value);
        m->has_priority = TRUE;
        return TRUE;
    case STUN_ATTR_USE_CANDIDATE:
        m->use_candidate = TRUE;
        return expect_len(a, 0, error);
    case STUN_ATTR_ICE_CONTROLLED:
    case STUN_ATTR_ICE_CONTROLLING: {
        if (!expect_len(a, 8, error))
            return FALSE;
        gboolean controlled = a->type == STUN_ATTR_ICE_CONTROLLED;
        gboolean *has = controlled ? &m->has_ice_controlled : &m->has_ice_controlling;
        if (!*has)
            *(controlled ? &m->ice_controlled : &m->ice_controlling) = get64(a->value);
        *has = TRUE;
        return TRUE;
    }
    default:
        if (stun_attr_is_required(a->type) && a->first)
            g_array_append_val(m->unknown_required, a->type);
        return TRUE;
    }
}

void stun_message_free(StunMessage *msg)
{
    if (!msg)
        return;
    g_free(msg->bytes);
    g_array_unref(msg->attrs);
    g_array_unref(msg->unknown_attributes);
    g_array_unref(msg->unknown_required);
    g_free(msg);
}

StunMessage *stun_message_parse(const guint8 *bytes, gsize len, GError **error)
{
    StunHeader h;
    if (!stun_header_parse(bytes, len, &h, error))
        return NULL;
    g_autoptr(StunMessage) m = g_new0(StunMessage, 1);
    m->bytes = g_memdup2(bytes, len);
    m->len = len;
    m->header = h;
    m->attrs = g_array_new(FALSE, FALSE, sizeof(StunAttr));
    m->unknown_attributes = g_array_new(FALSE, FALSE, sizeof(guint16));
    m->unknown_required = g_array_new(FALSE, FALSE, sizeof(guint16));
    m->integrity = m->fingerprint = -1;
    /* First the walk and the FINGERPRINT, which decide whether this is STUN at all (§7.3). */
    gsize fingerprint_at;
    if (!walk(m->bytes, len, m->attrs, &fingerprint_at, error))
        return NULL;
    if (fingerprint_at && !check_fingerprint(m->bytes, fingerprint_at, error))
        return NULL;
    /* A bit per type seen, for the first occurrence of each. */
    guint8 seen[65536 / 8];
    memset(seen, 0, sizeof seen);
    for (guint i = 0; i < m->attrs->len; i++) {
        StunAttr *a = &g_array_index(m->attrs, StunAttr, i);
        if (a->type == STUN_ATTR_FINGERPRINT)
            m->fingerprint = (gint) i;
        /* §15.4: what follows MESSAGE-INTEGRITY, FINGERPRINT excepted, is ignored. */
        a->ignored = m->integrity >= 0 && a->type != STUN_ATTR_FINGERPRINT;
        if (a->ignored)
            continue;
        a->first = !(seen[a->type / 8] & 1 << a->type % 8);
        seen[a->type / 8] |= (guint8) (1 << a->type % 8);
        if (!decode_attr(m, a, error))
            return NULL;
        if (a->type == STUN_ATTR_MESSAGE_INTEGRITY)
            m->integrity = (gint) i;
    }
    return g_steal_pointer(&m);
}

/* ---- MESSAGE-INTEGRITY (§15.4) ---- */

/* HMAC-SHA1 of the @upto bytes before a MESSAGE-INTEGRITY, the header's length counting the
 * attributes up to and including that MESSAGE-INTEGRITY. */
static void integrity_of(const guint8 *b, gsize upto, GBytes *key, guint8 out[INTEGRITY_SIZE])
{
    guint8 head[STUN_HEADER_SIZE];
    memcpy(head, b, sizeof head);
    put16(head + 2, (guint16) (upto - STUN_HEADER_SIZE + 4 + INTEGRITY_SIZE));
    gsize key_len;
    const guint8 *key_data = g_bytes_get_data(key, &key_len);
    GHmac *hmac = g_hmac_new(G_CHECKSUM_SHA1, key_data, key_len);
    g_hmac_update(hmac, head, sizeof head);
    g_hmac_update(hmac, b + STUN_HEADER_SIZE, (gssize) (upto - STUN_HEADER_SIZE));
    gsize n = INTEGRITY_SIZE;
    g_hmac_get_digest(hmac, out, &n);
    g_hmac_unref(hmac);
}

gboolean stun_message_check_integrity(const StunMessage *msg, GBytes *key)
{
    if (msg->integrity < 0)
        return FALSE;
    const StunAttr *a = &g_array_index(msg->attrs, StunAttr, msg->integrity);
    guint8 mac[INTEGRITY_SIZE];
    integrity_of(msg->bytes, a->offset, key, mac);
    return memcmp(mac, a->value, sizeof mac) == 0;
}

/* ---- Keys and SASLprep (RFC 4013) ---- */

typedef struct {
    gunichar from, to;
} Range;

static gboolean in_ranges(gunichar c, const Range *r, gsize n)
{
    for (gsize i = 0; i < n; i++)
        if (c >= r[i].from && c <= r[i].to)
            return TRUE;
    return FALSE;
}

/* RFC 3454 C.1.2: mapped to SPACE (RFC 4013 §2.1). */
static const Range non_ascii_space[] = {
    { 0x00A0, 0x00A0 }, { 0x1680, 0x1680 }, { 0x2000, 0x200B },
    { 0x202F, 0x202F }, { 0x205F, 0x205F }, { 0x3000, 0x3000 },
};
/* RFC 3454 B.1: mapped to nothing. */
static const Range mapped_to_nothing[] = {
    { 0x00AD, 0x00AD }, { 0x034F, 0x034F }, { 0x1806, 0x1806 }, { 0x180B, 0x180D },
    { 0x200B, 0x200D }, { 0x2060, 0x2060 }, { 0xFE00, 0xFE0F }, { 0xFEFF, 0xFEFF },
};
/* RFC 3454 C.2.1 to C.9 (C.1.2 is mapped away before; C.4's nFFFE-nFFFF is tested apart). */
static const Range prohibited[] = {
    { 0x0000, 0x001F },     { 0x007F, 0x009F },   { 0x0340, 0x0341 },   { 0x06DD, 0x06DD },
    { 0x070F, 0x070F },     { 0x180E, 0x180E },   { 0x200C, 0x200F },   { 0x2028, 0x202E },
    { 0x2060, 0x2063 },     { 0x206A, 0x206F },   { 0x2FF0, 0x2FFB },   { 0xD800, 0xDFFF },
    { 0xE000, 0xF8FF },     { 0xFDD0, 0xFDEF },   { 0xFEFF, 0xFEFF },   { 0xFFF9, 0xFFFD },
    { 0x1D173, 0x1D17A },   { 0xE0001, 0xE0001 }, { 0xE0020, 0xE007F }, { 0xF0000, 0xFFFFD },
    { 0x100000, 0x10FFFD },
};

char *stun_saslprep(const char *text, GError **error)
{
    if (!g_utf8_validate(text, -1, NULL)) {
        g_set_error(error, STUN_ERROR, STUN_ERROR_PROHIBITED, "expected UTF-8 text");
        return NULL;
    }
    g_autoptr(GString) mapped = g_string_new(NULL);
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (in_ranges(c, non_ascii_space, G_N_ELEMENTS(non_ascii_space)))
            g_string_append_c(mapped, ' ');
        else if (!in_ranges(c, mapped_to_nothing, G_N_ELEMENTS(mapped_to_nothing)))
            g_string_append_unichar(mapped, c);
    }
    g_autofree char *out = g_utf8_normalize(mapped->str, -1, G_NORMALIZE_NFKC);
    for (const char *p = out; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (in_ranges(c, prohibited, G_N_ELEMENTS(prohibited)) || (c & 0xFFFE) == 0xFFFE) {
            g_set_error(error, STUN_ERROR, STUN_ERROR_PROHIBITED,
                        "character U+%04X is prohibited by SASLprep (RFC 4013 section 2.3)", c);
            return NULL;
        }
    }
    return g_steal_pointer(&out);
}

GBytes *stun_key_short_term(const char *password, GError **error)
{
    char *key = stun_saslprep(password, error);
    return key ? g_bytes_new_take(key, strlen(key)) : NULL;
}

GBytes *stun_key_long_term(const char *username, const char *realm, const char *password,
                           GError **error)
{
    g_autofree char *prepped = stun_saslprep(password, error);
    if (!prepped)
        return NULL;
    g_autoptr(GChecksum) md5 = g_checksum_new(G_CHECKSUM_MD5);
    g_autofree char *text = g_strconcat(username, ":", realm, ":", prepped, NULL);
    g_checksum_update(md5, (const guchar *) text, (gssize) strlen(text));
    guint8 digest[16];
    gsize n = sizeof digest;
    g_checksum_get_digest(md5, digest, &n);
    return g_bytes_new(digest, n);
}

/* ---- Writing ---- */

/* @n more bytes at the end of the message, or NULL when the writer has failed. */
static guint8 *reserve(StunWriter *w, gsize n)
{
    if (w->failed || w->len + n > STUN_MAX_MESSAGE || (!w->array && w->len + n > w->cap)) {
        w->failed = TRUE;
        return NULL;
    }
    if (w->array) {
        g_byte_array_set_size(w->array, (guint) (w->len + n));
        w->buf = w->array->data;
    }
    guint8 *p = w->buf + w->len;
    w->len += n;
    return p;
}

static void write_header(StunWriter *w, guint16 method, StunClass klass,
                         const guint8 tid[STUN_TID_SIZE])
{
    guint8 *p = reserve(w, STUN_HEADER_SIZE);
    if (!p)
        return;
    put16(p, stun_message_type(method, klass));
    put16(p + 2, 0);
    put32(p + 4, STUN_MAGIC_COOKIE);
    memcpy(p + 8, tid, STUN_TID_SIZE);
}

void stun_writer_init(StunWriter *w, GByteArray *out, guint16 method, StunClass klass,
                      const guint8 tid[STUN_TID_SIZE])
{
    g_byte_array_set_size(out, 0);
    *w = (StunWriter){ .array = out, .buf = out->data };
    write_header(w, method, klass, tid);
}

void stun_writer_init_buffer(StunWriter *w, guint8 *buf, gsize cap, guint16 method, StunClass klass,
                             const guint8 tid[STUN_TID_SIZE])
{
    *w = (StunWriter){ .buf = buf, .cap = cap };
    write_header(w, method, klass, tid);
}

void stun_writer_set_padding(StunWriter *w, guint8 pad)
{
    w->pad = pad;
}

/* Room for an attribute of @len value bytes, its header and padding written and the message's
 * length updated; returns where the value goes, or NULL. */
static guint8 *begin_attr(StunWriter *w, guint16 type, gsize len)
{
    if (len > G_MAXUINT16) {
        w->failed = TRUE;
        return NULL;
    }
    guint8 *p = reserve(w, 4 + pad4(len));
    if (!p)
        return NULL;
    put16(p, type);
    put16(p + 2, (guint16) len);
    memset(p + 4 + len, w->pad, pad4(len) - len);
    put16(w->buf + 2, (guint16) (w->len - STUN_HEADER_SIZE));
    return p + 4;
}

void stun_writer_add(StunWriter *w, guint16 type, const void *value, gsize len)
{
    guint8 *p = begin_attr(w, type, len);
    if (p && len)
        memcpy(p, value, len);
}

void stun_writer_add_text(StunWriter *w, guint16 type, const char *text)
{
    stun_writer_add(w, type, text, strlen(text));
}

static void write_address(StunWriter *w, guint16 type, const StunAddress *a, gboolean xor)
{
    g_return_if_fail(a->family == STUN_FAMILY_IPV4 || a->family == STUN_FAMILY_IPV6);
    gsize addr_len = a->family == STUN_FAMILY_IPV4 ? 4 : 16;
    guint8 *p = begin_attr(w, type, 4 + addr_len);
    if (!p)
        return;
    p[0] = 0;
    p[1] = a->family;
    put16(p + 2, xor? a->port ^ STUN_MAGIC_COOKIE >> 16 : a->port);
    for (gsize i = 0; i < addr_len; i++)
        p[4 + i] = xor? a->addr[i] ^ w->buf[4 + i] : a->addr[i];
}

void stun_writer_add_address(StunWriter *w, guint16 type, const StunAddress *a)
{
    write_address(w, type, a, FALSE);
}

void stun_writer_add_xor_address(StunWriter *w, guint16 type, const StunAddress *a)
{
    write_address(w, type, a, TRUE);
}

void stun_writer_add_u32(StunWriter *w, guint16 type, guint32 value)
{
    guint8 v[4];
    put32(v, value);
    stun_writer_add(w, type, v, sizeof v);
}

void stun_writer_add_u64(StunWriter *w, guint16 type, guint64 value)
{
    guint8 v[8];
    put32(v, (guint32) (value >> 32));
    put32(v + 4, (guint32) value);
    stun_writer_add(w, type, v, sizeof v);
}

void stun_writer_add_error_code(StunWriter *w, guint code, const char *reason)
{
    g_return_if_fail(code >= 300 && code <= 699);
    gsize len = strlen(reason);
    guint8 *p = begin_attr(w, STUN_ATTR_ERROR_CODE, 4 + len);
    if (!p)
        return;
    p[0] = p[1] = 0;
    p[2] = (guint8) (code / 100);
    p[3] = (guint8) (code % 100);
    memcpy(p + 4, reason, len);
}

void stun_writer_add_unknown_attributes(StunWriter *w, const guint16 *types, guint n)
{
    guint8 *p = begin_attr(w, STUN_ATTR_UNKNOWN_ATTRIBUTES, 2 * (gsize) n);
    for (guint i = 0; p && i < n; i++)
        put16(p + 2 * i, types[i]);
}

void stun_writer_add_integrity(StunWriter *w, GBytes *key)
{
    gsize upto = w->len;
    guint8 *p = begin_attr(w, STUN_ATTR_MESSAGE_INTEGRITY, INTEGRITY_SIZE);
    if (p)
        integrity_of(w->buf, upto, key, p);
}

void stun_writer_add_fingerprint(StunWriter *w)
{
    gsize upto = w->len;
    guint8 *p = begin_attr(w, STUN_ATTR_FINGERPRINT, 4);
    if (p)
        put32(p, fingerprint_of(w->buf, upto));
}

gsize stun_writer_finish(const StunWriter *w)
{
    return w->failed ? 0 : w->len;
}
