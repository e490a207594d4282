/* SPDX-License-Identifier: MIT */
/*
 * The SIP part of a run's report: calls by outcome with their setup times and media checks,
 * transactions and retransmissions by kind, and what was still alive when the run ended.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "out-rtp.h"
#include "sim-entity.h"
#include "sip-trace.h"

typedef struct OutSipTally OutSipTally;

/* What became of a call, from its caller's report; failures in the order they are listed. */
typedef enum {
    OUT_CALL_ANSWERED,
    OUT_CALL_SETTING_UP, /* not answered, not over when the run ended */
    OUT_CALL_REJECTED,   /* failed: a 3xx-6xx final response */
    OUT_CALL_TIMEOUT,    /* failed: its INVITE transaction timed out (408) */
    OUT_CALL_CANCELLED,  /* failed: the caller gave up (CANCEL), whatever the final status */
    OUT_CALL_HELD_BACK,  /* failed: overload control held it back (503, nothing sent) */
    OUT_CALL_NO_FINAL,   /* failed: it ended with no final response, not cancelled */
    OUT_CALL_N_OUTCOMES,
} OutCallOutcome;

OutCallOutcome out_call_outcome(const SipCallEvent *ev);
/* "answered", "setting-up", "rejected", "timeout", "cancelled", "held-back", "no-final" */
const char *out_call_outcome_name(OutCallOutcome outcome);

/* Counts the calls @trace reports from now on. */
OutSipTally *out_sip_tally_new(SipTrace *trace);
void out_sip_tally_free(OutSipTally *tally);
/* Calls that start before @warmup are left out (only counted as such). */
void out_sip_tally_set_warmup(OutSipTally *tally, SimTime warmup);
/* The calls' media checks, as the phones reported them. */
const OutRtp *out_sip_tally_rtp(const OutSipTally *tally);
/* Whether the run has SIP elements, and so a SIP report. */
gboolean out_sip_report_wanted(const SimWorld *world);
/* Adds the member "sip" to the object being built. */
void out_sip_report_json(JsonBuilder *b, const OutSipTally *tally, const SimWorld *world);
void out_sip_report_print(FILE *f, const OutSipTally *tally, const SimWorld *world);
