/* SPDX-License-Identifier: MIT */
/*
 * The media check of each call: the RTP packets each side sent at call setup and how many the
 * other side received (the phones report them), joined by Call-ID, and what they say: media
 * flows both ways, one way (the classic one-way audio of a NAT), or not at all.
 */
#pragma once

#include "sip-trace.h"

typedef struct {
    guint32 caller_sent, callee_received; /* caller -> callee */
    guint32 callee_sent, caller_received; /* callee -> caller */
} OutRtpCall;

typedef enum {
    OUT_MEDIA_UNCHECKED, /* neither side sent any: no media session, or the check is off */
    OUT_MEDIA_BOTH,
    OUT_MEDIA_CALLER_TO_CALLEE, /* only the callee hears */
    OUT_MEDIA_CALLEE_TO_CALLER, /* only the caller hears */
    OUT_MEDIA_NONE,
    OUT_MEDIA_N_VERDICTS,
} OutMediaVerdict;

typedef struct OutRtp OutRtp;

OutRtp *out_rtp_new(SipTrace *trace);
void out_rtp_free(OutRtp *rtp);
/* NULL when no side of the call reported. */
const OutRtpCall *out_rtp_call(const OutRtp *rtp, const char *call_id);
OutMediaVerdict out_rtp_verdict(const OutRtpCall *call);
/* "both", "caller-to-callee", "callee-to-caller", "none", or "" when unchecked. */
const char *out_media_verdict_name(OutMediaVerdict v);
/* How many calls got each verdict. */
void out_rtp_count(const OutRtp *rtp, guint64 counts[OUT_MEDIA_N_VERDICTS]);
