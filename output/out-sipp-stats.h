/* SPDX-License-Identifier: MIT */
/*
 * stats.csv: the run's statistics as SIPp's -trace_stat file has them, for those who read SIPp
 * output: a row per period of simulated time, then a row for the whole run (docs/outputs.md).
 * Written at the end of the run from what the trace reported: sampling adds no event.
 */
#pragma once

#include <stdio.h>

#include "sim-entity.h"
#include "sip-trace.h"

typedef struct OutSippStats OutSippStats;

/* Watches the calls, transactions, messages and proxy load @trace reports from now on, for
 * periods of @interval (> 0); the phones and proxies are @world's. */
OutSippStats *out_sipp_stats_new(SipTrace *trace, const SimWorld *world, SimTime interval);
/* The rows of a run that reached @end. */
void out_sipp_stats_write(OutSippStats *s, SimTime end, FILE *f);
void out_sipp_stats_free(OutSippStats *s);
