/* SPDX-License-Identifier: MIT */
/*
 * SIP overload control as a client sees it: what one downstream server asked, and whether a new
 * request may go to it now. RFC 7339 (loss-based): a client announces support with "oc" and
 * oc-algo="loss" in the Via it adds (sections 4.1, 4.2); the server answers with oc=X (the
 * percentage of new requests to hold back), oc-validity and oc-seq in that Via of its responses
 * (5.2); the client keeps the latest values per server and holds back each new request with
 * probability X/100, drawn from its owner's random stream (section 7). RFC 3261 21.5.4: a 503
 * with Retry-After holds every new request back for that long.
 *
 * The formats of the Via parameters are here for both sides, so that they agree. A proxy as a
 * client would keep one SipOverload per next-hop server.
 */
#pragma once

#include <gsl/gsl_rng.h>

#include "sim-time.h"
#include "sip-message.h"

/* What a client adds to the Via it inserts in every request (RFC 7339 4.1, 4.2). */
#define SIP_OVERLOAD_VIA_PARAMS ";oc;oc-algo=\"loss\""
/* The oc-validity a client assumes when a server gives none (RFC 7339 4.3). */
#define SIP_OVERLOAD_DEFAULT_VALIDITY (500 * SIM_MS)

/* The loss-based parameters a server wrote in a Via. */
typedef struct {
    guint reduction;  /* oc: the percentage of new requests to hold back, 0 to 100 */
    SimTime validity; /* oc-validity; 0: no reduction is asked any more (4.3) */
    guint64 seq;      /* oc-seq "S.F", as S * 100000 + F padded to five digits */
} SipOverloadValues;

/* Whether @via announces support, "oc" without a value, which a server answers (4.1). */
gboolean sip_overload_requested(const SipVia *via);
/* The values of @via's oc parameters: FALSE unless it has oc with a value, an oc-algo naming
 * "loss" (or none) and an oc-seq, since stale values can only be told apart by it (4.4). */
gboolean sip_overload_parse(const SipVia *via, SipOverloadValues *out);
/* What a server writes in place of a client's oc and oc-algo: ";oc=X;oc-algo="loss";
 * oc-validity=MS;oc-seq=S.mmm", @seq being the time the values were computed (whole
 * milliseconds, so values computed at least 1 ms apart are ordered). */
char *sip_overload_format(guint reduction, SimTime validity, SimTime seq);

typedef struct {
    guint64 admitted;
    guint64 refused_oc;          /* held back by the server's oc */
    guint64 refused_retry_after; /* within a 503's Retry-After */
} SipOverloadStats;

/* What one server asked; all zero is the start: nothing asked. */
typedef struct {
    guint reduction;       /* the last oc applied */
    SimTime until;         /* it holds before this: its oc-validity after it came */
    guint64 seq;           /* its oc-seq */
    gboolean have_seq;     /* FALSE until values came */
    SimTime blocked_until; /* a 503's Retry-After: nothing goes before this */
    SipOverloadStats stats;
} SipOverload;

/* Values from the server at @now: newer ones (a higher oc-seq) replace the last, for their
 * validity from now; older or equal ones are stale and ignored (4.4). */
void sip_overload_apply(SipOverload *ol, const SipOverloadValues *v, SimTime now);
/* A response from the server: the values in its top Via (the client's own), and a 503's
 * Retry-After. */
void sip_overload_response(SipOverload *ol, const SipMessage *resp, SimTime now);
/* Whether a new request may go to the server now. Draws from @rng only when the reduction in
 * force is strictly between 0 and 100. */
gboolean sip_overload_admit(SipOverload *ol, SimTime now, gsl_rng *rng);
