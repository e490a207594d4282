/* SPDX-License-Identifier: MIT */
#include "sip-header.h"

#include <string.h>

#include "sip-chars.h"

typedef struct {
    const char *name;
    char compact; /* 0 when none */
} HeaderName;

/* Compact forms: RFC 3261 §7.3.3 (c e f i k l m s t v), RFC 3515 (r), RFC 3841 (a d j),
 * RFC 3892 (b), RFC 4028 (x), RFC 4474 (n), RFC 6665 (o u), RFC 8224 (y). */
static const HeaderName header_names[SIP_HDR_COUNT] = {
    [SIP_HDR_ACCEPT] = { "Accept", 0 },
    [SIP_HDR_ACCEPT_CONTACT] = { "Accept-Contact", 'a' },
    [SIP_HDR_ACCEPT_ENCODING] = { "Accept-Encoding", 0 },
    [SIP_HDR_ACCEPT_LANGUAGE] = { "Accept-Language", 0 },
    [SIP_HDR_ALERT_INFO] = { "Alert-Info", 0 },
    [SIP_HDR_ALLOW] = { "Allow", 0 },
    [SIP_HDR_ALLOW_EVENTS] = { "Allow-Events", 'u' },
    [SIP_HDR_AUTHENTICATION_INFO] = { "Authentication-Info", 0 },
    [SIP_HDR_AUTHORIZATION] = { "Authorization", 0 },
    [SIP_HDR_CALL_ID] = { "Call-ID", 'i' },
    [SIP_HDR_CALL_INFO] = { "Call-Info", 0 },
    [SIP_HDR_CONTACT] = { "Contact", 'm' },
    [SIP_HDR_CONTENT_DISPOSITION] = { "Content-Disposition", 0 },
    [SIP_HDR_CONTENT_ENCODING] = { "Content-Encoding", 'e' },
    [SIP_HDR_CONTENT_LANGUAGE] = { "Content-Language", 0 },
    [SIP_HDR_CONTENT_LENGTH] = { "Content-Length", 'l' },
    [SIP_HDR_CONTENT_TYPE] = { "Content-Type", 'c' },
    [SIP_HDR_CSEQ] = { "CSeq", 0 },
    [SIP_HDR_DATE] = { "Date", 0 },
    [SIP_HDR_ERROR_INFO] = { "Error-Info", 0 },
    [SIP_HDR_EVENT] = { "Event", 'o' },
    [SIP_HDR_EXPIRES] = { "Expires", 0 },
    [SIP_HDR_FROM] = { "From", 'f' },
    [SIP_HDR_IDENTITY] = { "Identity", 'y' },
    [SIP_HDR_IDENTITY_INFO] = { "Identity-Info", 'n' },
    [SIP_HDR_IN_REPLY_TO] = { "In-Reply-To", 0 },
    [SIP_HDR_MAX_FORWARDS] = { "Max-Forwards", 0 },
    [SIP_HDR_MIME_VERSION] = { "MIME-Version", 0 },
    [SIP_HDR_MIN_EXPIRES] = { "Min-Expires", 0 },
    [SIP_HDR_MIN_SE] = { "Min-SE", 0 },
    [SIP_HDR_ORGANIZATION] = { "Organization", 0 },
    [SIP_HDR_P_ASSERTED_IDENTITY] = { "P-Asserted-Identity", 0 },
    [SIP_HDR_P_PREFERRED_IDENTITY] = { "P-Preferred-Identity", 0 },
    [SIP_HDR_PRIORITY] = { "Priority", 0 },
    [SIP_HDR_PRIVACY] = { "Privacy", 0 },
    [SIP_HDR_PROXY_AUTHENTICATE] = { "Proxy-Authenticate", 0 },
    [SIP_HDR_PROXY_AUTHORIZATION] = { "Proxy-Authorization", 0 },
    [SIP_HDR_PROXY_REQUIRE] = { "Proxy-Require", 0 },
    [SIP_HDR_RACK] = { "RAck", 0 },
    [SIP_HDR_REASON] = { "Reason", 0 },
    [SIP_HDR_RECORD_ROUTE] = { "Record-Route", 0 },
    [SIP_HDR_REFER_TO] = { "Refer-To", 'r' },
    [SIP_HDR_REFERRED_BY] = { "Referred-By", 'b' },
    [SIP_HDR_REJECT_CONTACT] = { "Reject-Contact", 'j' },
    [SIP_HDR_REPLACES] = { "Replaces", 0 },
    [SIP_HDR_REPLY_TO] = { "Reply-To", 0 },
    [SIP_HDR_REQUEST_DISPOSITION] = { "Request-Disposition", 'd' },
    [SIP_HDR_REQUIRE] = { "Require", 0 },
    [SIP_HDR_RETRY_AFTER] = { "Retry-After", 0 },
    [SIP_HDR_ROUTE] = { "Route", 0 },
    [SIP_HDR_RSEQ] = { "RSeq", 0 },
    [SIP_HDR_SERVER] = { "Server", 0 },
    [SIP_HDR_SESSION_EXPIRES] = { "Session-Expires", 'x' },
    [SIP_HDR_SUBJECT] = { "Subject", 's' },
    [SIP_HDR_SUBSCRIPTION_STATE] = { "Subscription-State", 0 },
    [SIP_HDR_SUPPORTED] = { "Supported", 'k' },
    [SIP_HDR_TIMESTAMP] = { "Timestamp", 0 },
    [SIP_HDR_TO] = { "To", 't' },
    [SIP_HDR_UNSUPPORTED] = { "Unsupported", 0 },
    [SIP_HDR_USER_AGENT] = { "User-Agent", 0 },
    [SIP_HDR_VIA] = { "Via", 'v' },
    [SIP_HDR_WARNING] = { "Warning", 0 },
    [SIP_HDR_WWW_AUTHENTICATE] = { "WWW-Authenticate", 0 },
};

/* Long names in an open-addressing table keyed by a case-folded hash; 0 marks an empty slot. */
#define SLOTS 256
G_STATIC_ASSERT(SIP_HDR_COUNT < SLOTS / 2 && SIP_HDR_COUNT <= G_MAXUINT8);

static guint8 slots[SLOTS];
static guint8 lengths[SIP_HDR_COUNT];
static guint8 compact[26];

/* Cheap and good enough for ~60 names: the length and three folded characters. */
static guint32 fold_hash(const char *s, gsize len)
{
    return (guint32) len * 131u + (guint8) sip_fold(s[0]) * 31u +
           (guint8) sip_fold(s[len / 2]) * 7u + (guint8) sip_fold(s[len - 1]);
}

static void build_tables(void)
{
    for (guint id = 1; id < SIP_HDR_COUNT; id++) {
        const HeaderName *h = &header_names[id];
        lengths[id] = (guint8) strlen(h->name);
        guint32 i = fold_hash(h->name, lengths[id]) % SLOTS;
        while (slots[i])
            i = (i + 1) % SLOTS;
        slots[i] = (guint8) id;
        if (h->compact)
            compact[h->compact - 'a'] = (guint8) id;
    }
}

const char *sip_header_name(SipHeaderId id)
{
    g_return_val_if_fail(id < SIP_HDR_COUNT, NULL);
    return header_names[id].name;
}

SipHeaderId sip_header_lookup(const char *name, gsize len)
{
    static gsize built;
    if (g_once_init_enter(&built)) {
        build_tables();
        g_once_init_leave(&built, 1);
    }
    if (len == 1) {
        guint8 c = (guint8) sip_fold(name[0]);
        return c >= 'a' && c <= 'z' ? (SipHeaderId) compact[c - 'a'] : SIP_HDR_OTHER;
    }
    for (guint32 i = fold_hash(name, len) % SLOTS; slots[i]; i = (i + 1) % SLOTS) {
        if (lengths[slots[i]] != len)
            continue;
        const char *known = header_names[slots[i]].name;
        if (memcmp(known, name, len) == 0) /* as usually written */
            return (SipHeaderId) slots[i];
        gsize k = 0;
        while (k < len && sip_fold(known[k]) == sip_fold(name[k]))
            k++;
        if (k == len)
            return (SipHeaderId) slots[i];
    }
    return SIP_HDR_OTHER;
}
