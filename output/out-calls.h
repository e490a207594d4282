/* SPDX-License-Identifier: MIT */
/* calls.csv: one row per call, with its timings, its final status, its retransmissions and its
 * media check. */
#pragma once

#include <stdio.h>

#include "out-messages.h"
#include "out-rtp.h"

#define OUT_CALLS_HEADER                                                                           \
    "call_id,caller,callee,start_ns,first_provisional_ns,answer_ns,end_ns,status,"                 \
    "retransmissions,rtp_caller_sent,rtp_callee_received,rtp_callee_sent,rtp_caller_received,"     \
    "media,name,outcome\n"

typedef struct OutCalls OutCalls;

OutCalls *out_calls_new(OutMessageLog *log, SipTrace *trace);
void out_calls_free(OutCalls *calls);
/* The rows, in the order the calls started (then by name); times to the first provisional response
 * and to the answer are durations from the start, empty when none came; end_ns is empty for a call
 * still up when the run ended. The media check's counts and verdict come from @rtp (NULL: none). */
void out_calls_write(const OutCalls *calls, const OutRtp *rtp, FILE *f);
/* The same calls as a table for the terminal: name, caller, callee, status, time to answer,
 * media. */
void out_calls_print(const OutCalls *calls, const OutRtp *rtp, FILE *f);
