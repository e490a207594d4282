/* SPDX-License-Identifier: MIT */
/*
 * A probe sends datagrams of a given size at a steady rate to a target (an echo) and measures
 * the round trip of each reply, like ping over UDP. It is the traffic of a network without SIP,
 * and background load on the links of one with it.
 */
#pragma once

#include "net-network.h"

/* Payload: sequence number and send time, 8 bytes each, big-endian; the rest is zeros. */
#define PROBE_MIN_SIZE 16

typedef struct {
    guint16 port; /* local port */
    NetEndpoint target;
    SimTime interval; /* between two sends, > 0 */
    guint32 size;     /* payload bytes, >= PROBE_MIN_SIZE */
    SimTime start;    /* first send */
    SimTime stop;     /* no send at or after this time (SIM_TIME_NEVER: none) */
    guint64 count;    /* sends at most this many, 0: no limit */
    SimTime timeout;  /* a reply later than this counts as lost */
} ProbeConfig;

typedef struct {
    guint64 sent;
    guint64 replies;    /* first replies within the timeout */
    guint64 late;       /* first replies after the timeout (counted as lost) */
    guint64 duplicates; /* further copies of a reply */
    guint64 lost;       /* no reply within the timeout */
    guint64 pending;    /* sent less than a timeout before the run ended: not judged */
    GArray *rtts;       /* SimTime of each reply within the timeout, in arrival order */
} ProbeStats;

typedef struct Probe Probe;

/* Binds config->port on @node and receives there. */
SimEntity *probe_new(SimKernel *kernel, NetNode *node, const char *name, const ProbeConfig *config);
/* NULL when @entity is not a probe. */
Probe *probe_from_entity(SimEntity *entity);
const ProbeConfig *probe_config(const Probe *probe);
/* Final once the run has finished. */
const ProbeStats *probe_stats(const Probe *probe);
