/* SPDX-License-Identifier: MIT */
/*
 * The location service of a registrar (RFC 3261 section 10.3): for each address-of-record, its
 * contact bindings, each with an expiry time and the Call-ID and CSeq of the REGISTER that set
 * it. Expired bindings are never returned and are removed when next looked at.
 */
#pragma once

#include <glib.h>

#include "sim-time.h"

typedef struct SipLocation SipLocation;

typedef struct {
    char *contact; /* the Contact URI */
    SimTime expires_at;
    char *call_id;
    guint32 cseq;
} SipBinding;

typedef enum {
    SIP_LOCATION_OK,
    /* RFC 3261 10.3 step 7: a REGISTER with the Call-ID of a binding but a CSeq not above it is
     * out of order: the registrar must not apply it (it answers 500 or ignores it). */
    SIP_LOCATION_OUT_OF_ORDER,
} SipLocationResult;

SipLocation *sip_location_new(void);
void sip_location_free(SipLocation *loc);

/* Adds, refreshes or (with @expires 0) removes the binding of @contact for @aor. */
SipLocationResult sip_location_update(SipLocation *loc, const char *aor, const char *contact,
                                      SimTime now, SimTime expires, const char *call_id,
                                      guint32 cseq);
/* "Contact: *" with Expires 0: removes every binding of @aor (step 6), unless out of order. */
SipLocationResult sip_location_remove_all(SipLocation *loc, const char *aor, SimTime now,
                                          const char *call_id, guint32 cseq);
/* The live bindings of @aor at @now, in the order they were first added; NULL when none.
 * The array belongs to the location service and is valid until its next change. */
const GPtrArray *sip_location_lookup(SipLocation *loc, const char *aor, SimTime now);
/* Addresses-of-record with at least one binding (expired ones included until looked at). */
guint sip_location_size(const SipLocation *loc);
