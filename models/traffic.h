/* SPDX-License-Identifier: MIT */
/*
 * A traffic generator: calls arrive as a renewal process (Poisson by default) between a start
 * and a stop time; each picks a caller and a callee at random among phones, a flow from a
 * weighted mix (a basic call, a call put on hold and resumed, a call transferred to a third
 * phone), and a holding time, and has the caller place it.
 */
#pragma once

#include "sim-distribution.h"
#include "sim-entity.h"

typedef enum {
    TRAFFIC_BASIC,    /* talk for the holding time, then the caller hangs up */
    TRAFFIC_HOLD,     /* the caller holds @after the answer, resumes @duration later */
    TRAFFIC_TRANSFER, /* the caller transfers the callee to a third phone @after the answer */
    TRAFFIC_N_FLOWS,
} TrafficFlow;

typedef struct {
    TrafficFlow flow;
    double weight; /* > 0; the weights need not sum to 1 */
    SimTime after;
    SimTime duration;
} TrafficMixItem;

/* A phone calls may come from or go to: its entity and its address-of-record. */
typedef struct {
    SimEntity *phone; /* NULL: a phone switched off (it can still be called) */
    char *name;
    char *aor;
} TrafficParty;

typedef struct {
    SimDistribution interarrival; /* exponential for Poisson arrivals */
    SimTime start;
    SimTime stop;            /* no arrival at or after this time */
    SimDistribution holding; /* from the answer to the caller's hangup */
    SimTime answer_timeout;  /* the caller cancels a call not answered by then; 0: never */
    const TrafficMixItem *mix;
    guint n_mix;
    const TrafficParty *callers;
    guint n_callers;
    const TrafficParty *callees;
    guint n_callees;
} TrafficConfig;

typedef struct {
    guint64 arrivals;
    guint64 placed; /* arrivals that found a callee other than their caller */
    guint64 flows[TRAFFIC_N_FLOWS];
} TrafficStats;

/* Copies @config. */
SimEntity *traffic_new(SimKernel *kernel, const char *name, const TrafficConfig *config);
/* NULL when @entity is not a traffic generator. */
const TrafficStats *traffic_stats(SimEntity *entity);
const char *traffic_flow_name(TrafficFlow flow);
