/* SPDX-License-Identifier: MIT */
/*
 * A parsed SIP message (RFC 3261 §7), read-only. Parsing copies the datagram once and every
 * view points into that copy (or, for a folded header, into its unfolded copy), all in one
 * allocation for a typical message. The headers the call flows use are parsed during the parse,
 * so a malformed one is a parse error naming its line; the others are kept as raw views.
 * The parser reads a UDP datagram: no Content-Length means the body runs to its end, and octets
 * after Content-Length are discarded (§18.3).
 */
#pragma once

#include "sip-header.h"
#include "sip-uri.h"

#define SIP_PARSE_ERROR (sip_parse_error_quark())
GQuark sip_parse_error_quark(void);

typedef enum {
    SIP_PARSE_ERROR_START_LINE, /* the request or status line */
    SIP_PARSE_ERROR_HEADER,     /* a header line, or the value of a header sipsim parses */
    SIP_PARSE_ERROR_FRAMING,    /* no empty line after the headers, or a body shorter than
                                   Content-Length */
} SipParseError;

typedef enum {
    SIP_METHOD_OTHER = 0, /* any other token: see sip_message_method_text() */
    SIP_METHOD_INVITE,
    SIP_METHOD_ACK,
    SIP_METHOD_BYE,
    SIP_METHOD_CANCEL,
    SIP_METHOD_REGISTER,
    SIP_METHOD_OPTIONS,
    SIP_METHOD_REFER,
    SIP_METHOD_NOTIFY,
    SIP_METHOD_SUBSCRIBE,
    SIP_METHOD_INFO,
    SIP_METHOD_UPDATE,
    SIP_METHOD_PRACK,
    SIP_METHOD_MESSAGE,
    SIP_METHOD_PUBLISH,
    SIP_METHOD_COUNT
} SipMethod;

/* "INVITE"...; NULL for SIP_METHOD_OTHER. */
const char *sip_method_name(SipMethod method);
/* Method names are case-sensitive (RFC 3261 §7.1). */
SipMethod sip_method_lookup(SipStr text);

typedef struct {
    SipHeaderId id;
    SipStr name;  /* as written, compact or long */
    SipStr value; /* without surrounding spaces; continuation lines joined by one SP */
} SipHeader;

/* One via-parm (RFC 3261 §20.42), several of which may share a header line. */
typedef struct {
    SipStr text;      /* the via-parm as written */
    SipStr transport; /* "UDP", "TCP", "TLS", "SCTP"... as written */
    SipStr host;
    gint port;       /* -1 when absent */
    SipStr branch;   /* unset when absent */
    SipStr received; /* unset when absent */
    gint rport;      /* RFC 3581: -1 absent, 0 present without a value, else the value */
    SipStr params;   /* every parameter, from the first ';' */
} SipVia;

/* A name-addr or addr-spec with its header parameters: From, To, Contact, Route... */
typedef struct {
    SipStr text;    /* the element as written */
    SipStr display; /* inside the quotes for a quoted-string, escapes kept; unset when none */
    SipUri uri;
    SipStr tag;     /* unset when absent */
    gint64 expires; /* the expires parameter (Contact), -1 when absent; at most 2**32-1 */
    SipStr params;  /* every header parameter, from the first ';' */
} SipNameAddr;

typedef struct {
    guint32 number;
    SipMethod method;
    SipStr method_text;
} SipCSeq;

typedef struct {
    SipStr type;    /* "application" */
    SipStr subtype; /* "sdp" */
    SipStr params;  /* from the first ';' */
} SipContentType;

typedef struct SipMessage SipMessage;

/* Parses one datagram of @len bytes; copies them. */
SipMessage *sip_message_parse(const char *data, gsize len, GError **error);
void sip_message_free(SipMessage *msg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SipMessage, sip_message_free)

/* The message as received (the parsed copy): what a trace shows. */
SipStr sip_message_bytes(const SipMessage *msg);

/* --- start line --- */
gboolean sip_message_is_request(const SipMessage *msg);
SipStr sip_message_version(const SipMessage *msg); /* "SIP/2.0" as written */
SipMethod sip_message_method(const SipMessage *msg);
SipStr sip_message_method_text(const SipMessage *msg);
const SipUri *sip_message_request_uri(const SipMessage *msg);
guint sip_message_status(const SipMessage *msg);
SipStr sip_message_reason(const SipMessage *msg);

/* --- headers, in order --- */
guint sip_message_header_count(const SipMessage *msg);
const SipHeader *sip_message_header(const SipMessage *msg, guint i);
/* Headers with id @id: how many, the first, the @n-th (from 0); NULL when there is none. */
guint sip_message_count(const SipMessage *msg, SipHeaderId id);
const SipHeader *sip_message_find(const SipMessage *msg, SipHeaderId id);
const SipHeader *sip_message_find_nth(const SipMessage *msg, SipHeaderId id, guint n);
/* The value of the first header @id: a raw view (Privacy, User-Agent, Authorization...). */
SipStr sip_message_value(const SipMessage *msg, SipHeaderId id);

SipStr sip_message_body(const SipMessage *msg);

/* --- structured views; single-valued headers give their first occurrence --- */
const SipNameAddr *sip_message_from(const SipMessage *msg); /* NULL when absent */
const SipNameAddr *sip_message_to(const SipMessage *msg);
SipStr sip_message_call_id(const SipMessage *msg);
const SipCSeq *sip_message_cseq(const SipMessage *msg);                /* NULL when absent */
gint sip_message_max_forwards(const SipMessage *msg);                  /* -1 when absent */
gint64 sip_message_expires(const SipMessage *msg);                     /* -1; at most 2**32-1 */
gint64 sip_message_content_length(const SipMessage *msg);              /* -1 when absent */
const SipContentType *sip_message_content_type(const SipMessage *msg); /* NULL when absent */

/* Every via-parm of every Via header, top first. */
guint sip_message_via_count(const SipMessage *msg);
const SipVia *sip_message_via(const SipMessage *msg, guint i);
/* Every Contact value; "Contact: *" (RFC 3261 §10.2.2) has none and sets the star. */
guint sip_message_contact_count(const SipMessage *msg);
const SipNameAddr *sip_message_contact(const SipMessage *msg, guint i);
gboolean sip_message_contact_star(const SipMessage *msg);
guint sip_message_route_count(const SipMessage *msg);
const SipNameAddr *sip_message_route(const SipMessage *msg, guint i);
guint sip_message_record_route_count(const SipMessage *msg);
const SipNameAddr *sip_message_record_route(const SipMessage *msg, guint i);

/* The comma-separated elements of every header @id, in order, without surrounding spaces:
 * option tags (Require, Supported...), methods (Allow), media ranges (Accept). */
typedef struct {
    const SipMessage *msg;
    SipHeaderId id;
    guint next_header;
    const char *p;
    const char *end;
} SipListIter;

void sip_list_iter_init(SipListIter *it, const SipMessage *msg, SipHeaderId id);
gboolean sip_list_iter_next(SipListIter *it, SipStr *item);
