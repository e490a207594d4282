/* SPDX-License-Identifier: MIT */
/*
 * What a server answers a request it cannot process, before any other logic: the checks of
 * RFC 3261 §8.2 (a UAS, including a registrar) and §16.3 (a proxy), in their order, with the
 * choices RFC 4475 makes for its torture messages.
 */
#pragma once

#include "sip-message.h"

#define SIP_METHOD_BIT(m) (1u << (m))

typedef struct {
    gboolean proxy;                   /* a proxy (§16.3) rather than a UAS (§8.2) */
    guint32 methods;                  /* UAS: SIP_METHOD_BIT of each method it implements;
                                         0: every SipMethod but SIP_METHOD_OTHER */
    const char *const *schemes;       /* Request-URI schemes it handles; NULL: sip and sips */
    const char *const *extensions;    /* option tags it supports; NULL: none */
    const char *const *content_types; /* UAS: body types it handles; NULL: application/sdp */
} SipCheckOptions;

typedef struct {
    guint code;         /* 0 when the request can be processed */
    const char *reason; /* the reason phrase to answer with */
    const char *why;    /* what is wrong, for traces */
    char *unsupported;  /* 420: the value of the Unsupported header to send; owned */
} SipCheckResult;

/* Returns TRUE when @request can be processed; else fills @result with the response to send.
 * @options may be NULL (a UAS with the defaults). */
gboolean sip_request_check(const SipMessage *request, const SipCheckOptions *options,
                           SipCheckResult *result);
void sip_check_result_clear(SipCheckResult *result);
