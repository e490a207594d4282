/* SPDX-License-Identifier: MIT */
/*
 * Views of SIP text and URIs. A SipStr points into bytes someone else owns (a parsed message's
 * copy of its datagram); nothing here allocates. URIs follow RFC 3261 §19.1 (SIP and SIPS, with
 * userinfo, host, port, parameters and headers) and keep any other scheme as opaque text.
 */
#pragma once

#include <glib.h>
#include <string.h>

/* A view: @s is NULL when the element is absent; an empty but present element has @len 0. */
typedef struct {
    const char *s;
    gsize len;
} SipStr;

#define SIP_STR(literal) ((SipStr){ (literal), sizeof(literal) - 1 })

static inline SipStr sip_str(const char *s)
{
    return (SipStr){ s, s ? strlen(s) : 0 };
}

static inline gboolean sip_str_is_set(SipStr v)
{
    return v.s != NULL;
}

gboolean sip_str_equal(SipStr a, SipStr b);
/* The characters of two views of the same length, compared case-insensitively. */
gboolean sip_str_equal_ci_slow(SipStr a, SipStr b);

/* Inline: the parser compares every parameter name with a few known ones, mostly of another
 * length. */
static inline gboolean sip_str_equal_ci(SipStr a, SipStr b)
{
    return a.len == b.len && sip_str_equal_ci_slow(a, b);
}
/* A NUL-terminated copy, for callers that keep a value beyond the message's life. */
char *sip_str_dup(SipStr v);

typedef enum {
    SIP_URI_SIP,
    SIP_URI_SIPS,
    SIP_URI_OTHER, /* any other scheme: only @scheme and @opaque are set */
} SipUriKind;

typedef struct {
    SipUriKind kind;
    SipStr text;     /* the whole URI as written */
    SipStr scheme;   /* as written: "sip", "SIP", "tel"... */
    SipStr user;     /* still %-escaped; unset without userinfo */
    SipStr password; /* unset without ':' in the userinfo */
    SipStr host;     /* an IPv6 reference keeps its brackets */
    gint port;       /* -1 when absent */
    SipStr params;   /* ";lr;transport=udp": from the first ';', escapes kept; unset when none */
    SipStr headers;  /* "a=b&c=d" after the '?'; unset when none */
    SipStr opaque;   /* SIP_URI_OTHER: everything after "scheme:" */
} SipUri;

/* Parses @text, which must be exactly one URI (no surrounding spaces or brackets). Returns NULL
 * on success, else what was expected, as a static string (@out is then not to be used). */
const char *sip_uri_parse(SipStr text, SipUri *out);

/* RFC 3261 §19.1.4: scheme, userinfo (case-sensitive), host, port, the user/ttl/method/maddr/
 * transport parameters when either has them, other parameters present in both, and every header;
 * %-escapes of unreserved characters are the same as the characters. Another scheme compares
 * its scheme case-insensitively and its opaque part octet by octet. */
gboolean sip_uri_equal(const SipUri *a, const SipUri *b);

/* Parameters, as in a URI (";lr;maddr=x") or after a name-addr or a Via (" ; tag = 12"):
 * iteration skips the spaces header parameters may have around ';' and '='. */
typedef struct {
    const char *p;
    const char *end;
} SipParamIter;

void sip_param_iter_init(SipParamIter *it, SipStr params);
/* @value is unset for a parameter without '='. */
gboolean sip_param_iter_next(SipParamIter *it, SipStr *name, SipStr *value);

/* The first header parameter named @name (case-insensitive). */
gboolean sip_params_find(SipStr params, const char *name, SipStr *value);
/* The first URI parameter named @name, comparing names after %-unescaping (RFC 3261 §19.1.4:
 * ";%6C%72" is ";lr"). @value is the raw, still escaped, view. */
gboolean sip_uri_param(const SipUri *uri, const char *name, SipStr *value);
