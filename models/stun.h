/* SPDX-License-Identifier: MIT */
/*
 * STUN messages as bytes (RFC 5389): the header, the attributes of RFC 5389 §15 and the four of
 * ICE (RFC 8445 §16.1), MESSAGE-INTEGRITY (HMAC-SHA1, §15.4) and FINGERPRINT (CRC-32, §15.5).
 * A reader that recognises STUN among other datagrams (§7.3, so that one port can carry SIP and
 * STUN) and decodes into views of its own copy of the bytes; a writer that builds a message
 * attribute by attribute. Every read is bounds-checked: no input makes the reader fail other
 * than with an error.
 */
#pragma once

#include "net-address.h"

#include <glib.h>

#define STUN_MAGIC_COOKIE 0x2112A442u
#define STUN_HEADER_SIZE  20
#define STUN_TID_SIZE     12 /* 96 bits */
#define STUN_DEFAULT_PORT 3478
/* The length field counts 16 bits of attribute bytes, a multiple of 4. */
#define STUN_MAX_MESSAGE (STUN_HEADER_SIZE + 65532)

#define STUN_ERROR (stun_error_quark())
GQuark stun_error_quark(void);

typedef enum {
    /* Not a STUN message (§7.3): too short, first two bits not zero, no magic cookie, a length
     * that is not a multiple of 4 or not the rest of the datagram, or a wrong FINGERPRINT. On a
     * port shared with SIP, hand such a datagram to SIP. */
    STUN_ERROR_NOT_STUN,
    /* A STUN header whose attributes are malformed: a server answers a request with 400. */
    STUN_ERROR_MALFORMED,
    /* A password SASLprep refuses (RFC 4013 §2.3). */
    STUN_ERROR_PROHIBITED,
} StunErrorCode;

/* The class, from bits C1 C0 of the message type (§6). */
typedef enum {
    STUN_CLASS_REQUEST = 0,
    STUN_CLASS_INDICATION = 1,
    STUN_CLASS_SUCCESS = 2,
    STUN_CLASS_ERROR = 3,
} StunClass;

/* The 12-bit method; RFC 5389 defines only Binding. */
#define STUN_METHOD_BINDING 0x001

typedef enum {
    /* Comprehension-required (0x0000-0x7FFF): RFC 5389 §18.2 */
    STUN_ATTR_MAPPED_ADDRESS = 0x0001,
    STUN_ATTR_USERNAME = 0x0006,
    STUN_ATTR_MESSAGE_INTEGRITY = 0x0008,
    STUN_ATTR_ERROR_CODE = 0x0009,
    STUN_ATTR_UNKNOWN_ATTRIBUTES = 0x000A,
    STUN_ATTR_REALM = 0x0014,
    STUN_ATTR_NONCE = 0x0015,
    STUN_ATTR_XOR_MAPPED_ADDRESS = 0x0020,
    /* ... and RFC 8445 §16.1 */
    STUN_ATTR_PRIORITY = 0x0024,
    STUN_ATTR_USE_CANDIDATE = 0x0025,
    /* Comprehension-optional (0x8000-0xFFFF) */
    STUN_ATTR_SOFTWARE = 0x8022,
    STUN_ATTR_ALTERNATE_SERVER = 0x8023,
    STUN_ATTR_FINGERPRINT = 0x8028,
    STUN_ATTR_ICE_CONTROLLED = 0x8029,
    STUN_ATTR_ICE_CONTROLLING = 0x802A,
} StunAttrType;

static inline gboolean stun_attr_is_required(guint16 type)
{
    return type < 0x8000;
}

/* "MAPPED-ADDRESS"...; NULL for a type the codec does not know. */
const char *stun_attr_name(guint16 type);
/* "Binding"; NULL for another method. */
const char *stun_method_name(guint16 method);
/* "request", "indication", "success response", "error response". */
const char *stun_class_name(StunClass klass);
/* The message type: the method's bits with the class's interleaved (§6, figure 3). */
guint16 stun_message_type(guint16 method, StunClass klass);

/* An address attribute's value (§15.1), unXORed for XOR-MAPPED-ADDRESS. */
#define STUN_FAMILY_IPV4 0x01
#define STUN_FAMILY_IPV6 0x02
typedef struct {
    guint8 family;   /* STUN_FAMILY_IPV4 or STUN_FAMILY_IPV6 */
    guint16 port;    /* host order */
    guint8 addr[16]; /* network order; the first 4 bytes for IPv4 */
} StunAddress;

#define STUN_ADDRESS_BUF 48 /* "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535" */

StunAddress stun_address_from_endpoint(NetEndpoint ep);
/* FALSE for an IPv6 address: the virtual network is IPv4 only. */
gboolean stun_address_to_endpoint(const StunAddress *a, NetEndpoint *out);
/* "192.0.2.1:32853" or "[2001:db8::1]:32853" (RFC 5952 text). */
const char *stun_address_format(const StunAddress *a, char *buf);

typedef struct {
    guint16 type;
    guint16 method;
    StunClass klass;
    guint16 length; /* the attribute bytes after the header */
    guint8 tid[STUN_TID_SIZE];
} StunHeader;

/* The header checks of §7.3 (not the FINGERPRINT): STUN_ERROR_NOT_STUN when they fail. */
gboolean stun_header_parse(const guint8 *bytes, gsize len, StunHeader *out, GError **error);
/* Whether a datagram is a STUN message by §7.3: the header checks and, when the attributes can
 * be walked and end with a FINGERPRINT, a correct one. Quick for SIP text (its first byte fails).
 */
gboolean stun_is_message(const guint8 *bytes, gsize len);

/* A view of a text attribute (not NUL-terminated); s is NULL when the attribute is absent. */
typedef struct {
    const char *s;
    gsize len;
} StunText;

/* One attribute as it stands in the message. */
typedef struct {
    guint16 type;
    guint16 len;         /* of the value, without padding */
    guint32 offset;      /* of the attribute's header from the start of the message */
    const guint8 *value; /* into StunMessage.bytes */
    gboolean ignored;    /* after MESSAGE-INTEGRITY and not FINGERPRINT (§15.4): not decoded */
    gboolean first;      /* the first of its type: the one decoded into StunMessage's fields */
} StunAttr;

typedef struct {
    guint8 *bytes; /* a copy of the message; every view points into it */
    gsize len;
    StunHeader header;
    GArray *attrs; /* StunAttr, in message order */

    /* The first occurrence of each attribute the codec knows, decoded; later ones are only
     * listed in attrs (§15: "only the first occurrence needs to be processed"). */
    gboolean has_mapped_address;
    StunAddress mapped_address;
    gboolean has_xor_mapped_address;
    StunAddress xor_mapped_address;
    gboolean has_alternate_server;
    StunAddress alternate_server;
    StunText username;
    StunText realm;
    StunText nonce;
    StunText software;
    gboolean has_error_code;
    guint error_code; /* 300..699 */
    StunText error_reason;
    gboolean has_unknown_attributes;
    GArray *unknown_attributes; /* guint16: the UNKNOWN-ATTRIBUTES list */
    gboolean has_priority;
    guint32 priority;
    gboolean use_candidate;
    gboolean has_ice_controlled;
    guint64 ice_controlled;
    gboolean has_ice_controlling;
    guint64 ice_controlling;
    gint integrity;   /* index in attrs of MESSAGE-INTEGRITY, -1 when absent */
    gint fingerprint; /* index in attrs of FINGERPRINT (correct, or parsing failed), or -1 */

    /* Comprehension-required attributes the codec does not know, each type once, in order of
     * appearance (ignored attributes excepted): what a 420 lists. */
    GArray *unknown_required; /* guint16 */
} StunMessage;

/*
 * Decodes @len bytes, which must be exactly one message. STUN_ERROR_NOT_STUN or
 * STUN_ERROR_MALFORMED, with a message "byte N: ...: expected ...".
 * MESSAGE-INTEGRITY is not checked here (that needs a key): see stun_message_check_integrity().
 */
StunMessage *stun_message_parse(const guint8 *bytes, gsize len, GError **error);
void stun_message_free(StunMessage *msg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(StunMessage, stun_message_free)

/* Keys for MESSAGE-INTEGRITY (§15.4). Short-term: SASLprep(password). Long-term:
 * MD5(username ":" realm ":" SASLprep(password)), the username and realm as they stand in the
 * attributes. STUN_ERROR_PROHIBITED when SASLprep refuses the password, or it is not UTF-8. */
GBytes *stun_key_short_term(const char *password, GError **error);
GBytes *stun_key_long_term(const char *username, const char *realm, const char *password,
                           GError **error);
/*
 * SASLprep (RFC 4013) as far as sipsim goes: the mappings of §2.1 (non-ASCII spaces to SPACE,
 * B.1 to nothing), NFKC (GLib's Unicode version, not 3.2), and the prohibited output of §2.3
 * (tables C.1.2 to C.9). Not done: the bidirectional check (§2.4) and the refusal of unassigned
 * code points (table A.1).
 */
char *stun_saslprep(const char *text, GError **error);

/* §15.4: whether MESSAGE-INTEGRITY is present and right for @key. */
gboolean stun_message_check_integrity(const StunMessage *msg, GBytes *key);

/*
 * The writer: a header, then attributes in the order they are added. The length field is kept
 * right after each one, so that MESSAGE-INTEGRITY and FINGERPRINT (add them last, in that
 * order) cover what precedes them. It writes into a GByteArray (grown as needed) or into a
 * caller's buffer; when the buffer is too small, or the message would exceed STUN_MAX_MESSAGE,
 * the writer fails: later additions do nothing and stun_writer_finish() returns 0.
 */
typedef struct {
    GByteArray *array; /* NULL when writing into a caller's buffer */
    guint8 *buf;
    gsize cap;
    gsize len;
    guint8 pad;      /* padding byte: 0, unless set (RFC 5769's first vectors pad with 0x20) */
    gboolean failed; /* out of room */
} StunWriter;

/* Empties @out and writes the header into it. */
void stun_writer_init(StunWriter *w, GByteArray *out, guint16 method, StunClass klass,
                      const guint8 tid[STUN_TID_SIZE]);
void stun_writer_init_buffer(StunWriter *w, guint8 *buf, gsize cap, guint16 method, StunClass klass,
                             const guint8 tid[STUN_TID_SIZE]);
/* Padding of the attributes added from now on (§15: any value; zeros by default). */
void stun_writer_set_padding(StunWriter *w, guint8 pad);
/* Any attribute, with @len bytes of value. */
void stun_writer_add(StunWriter *w, guint16 type, const void *value, gsize len);
/* USERNAME, REALM, NONCE, SOFTWARE: the text as given (UTF-8, already SASLprep'd). */
void stun_writer_add_text(StunWriter *w, guint16 type, const char *text);
/* MAPPED-ADDRESS, ALTERNATE-SERVER (plain) or XOR-MAPPED-ADDRESS (XORed, §15.2). */
void stun_writer_add_address(StunWriter *w, guint16 type, const StunAddress *a);
void stun_writer_add_xor_address(StunWriter *w, guint16 type, const StunAddress *a);
/* PRIORITY, ICE-CONTROLLED, ICE-CONTROLLING: big-endian integers. */
void stun_writer_add_u32(StunWriter *w, guint16 type, guint32 value);
void stun_writer_add_u64(StunWriter *w, guint16 type, guint64 value);
/* @code 300..699 and its reason phrase (§15.6). */
void stun_writer_add_error_code(StunWriter *w, guint code, const char *reason);
void stun_writer_add_unknown_attributes(StunWriter *w, const guint16 *types, guint n);
void stun_writer_add_integrity(StunWriter *w, GBytes *key);
void stun_writer_add_fingerprint(StunWriter *w);
/* The message's length in bytes, or 0 when the writer failed. */
gsize stun_writer_finish(const StunWriter *w);
