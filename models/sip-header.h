/* SPDX-License-Identifier: MIT */
/*
 * SIP header field names: the ones sipsim knows get an id, a canonical long name (what the
 * writer renders) and, where one is registered, a compact form (RFC 3261 §7.3.3 and the
 * extensions that added letters). Names compare case-insensitively (§7.3.1).
 */
#pragma once

#include <glib.h>

typedef enum {
    SIP_HDR_OTHER = 0, /* any header sipsim has no id for: kept in order, by name */
    SIP_HDR_ACCEPT,
    SIP_HDR_ACCEPT_CONTACT,
    SIP_HDR_ACCEPT_ENCODING,
    SIP_HDR_ACCEPT_LANGUAGE,
    SIP_HDR_ALERT_INFO,
    SIP_HDR_ALLOW,
    SIP_HDR_ALLOW_EVENTS,
    SIP_HDR_AUTHENTICATION_INFO,
    SIP_HDR_AUTHORIZATION,
    SIP_HDR_CALL_ID,
    SIP_HDR_CALL_INFO,
    SIP_HDR_CONTACT,
    SIP_HDR_CONTENT_DISPOSITION,
    SIP_HDR_CONTENT_ENCODING,
    SIP_HDR_CONTENT_LANGUAGE,
    SIP_HDR_CONTENT_LENGTH,
    SIP_HDR_CONTENT_TYPE,
    SIP_HDR_CSEQ,
    SIP_HDR_DATE,
    SIP_HDR_ERROR_INFO,
    SIP_HDR_EVENT,
    SIP_HDR_EXPIRES,
    SIP_HDR_FROM,
    SIP_HDR_IDENTITY,
    SIP_HDR_IDENTITY_INFO,
    SIP_HDR_IN_REPLY_TO,
    SIP_HDR_MAX_FORWARDS,
    SIP_HDR_MIME_VERSION,
    SIP_HDR_MIN_EXPIRES,
    SIP_HDR_MIN_SE,
    SIP_HDR_ORGANIZATION,
    SIP_HDR_P_ASSERTED_IDENTITY,
    SIP_HDR_P_PREFERRED_IDENTITY,
    SIP_HDR_PRIORITY,
    SIP_HDR_PRIVACY,
    SIP_HDR_PROXY_AUTHENTICATE,
    SIP_HDR_PROXY_AUTHORIZATION,
    SIP_HDR_PROXY_REQUIRE,
    SIP_HDR_RACK,
    SIP_HDR_REASON,
    SIP_HDR_RECORD_ROUTE,
    SIP_HDR_REFER_TO,
    SIP_HDR_REFERRED_BY,
    SIP_HDR_REJECT_CONTACT,
    SIP_HDR_REPLACES,
    SIP_HDR_REPLY_TO,
    SIP_HDR_REQUEST_DISPOSITION,
    SIP_HDR_REQUIRE,
    SIP_HDR_RETRY_AFTER,
    SIP_HDR_ROUTE,
    SIP_HDR_RSEQ,
    SIP_HDR_SERVER,
    SIP_HDR_SESSION_EXPIRES,
    SIP_HDR_SUBJECT,
    SIP_HDR_SUBSCRIPTION_STATE,
    SIP_HDR_SUPPORTED,
    SIP_HDR_TIMESTAMP,
    SIP_HDR_TO,
    SIP_HDR_UNSUPPORTED,
    SIP_HDR_USER_AGENT,
    SIP_HDR_VIA,
    SIP_HDR_WARNING,
    SIP_HDR_WWW_AUTHENTICATE,
    SIP_HDR_COUNT
} SipHeaderId;

/* The canonical long name ("Call-ID", "CSeq", "WWW-Authenticate"); NULL for SIP_HDR_OTHER. */
const char *sip_header_name(SipHeaderId id);
/* The id of a name as written, long or compact, in any case; SIP_HDR_OTHER when unknown. */
SipHeaderId sip_header_lookup(const char *name, gsize len);
