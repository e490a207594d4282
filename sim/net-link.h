/* SPDX-License-Identifier: MIT */
/*
 * One direction of a link: what happens to a datagram between the moment a node hands it to
 * the link and the moment it reaches the far end. In order: the link may be down (outage); the
 * datagram may exceed the MTU; it waits in a FIFO queue for the transmitter (a full queue drops
 * it) and takes its serialization time; it may be lost in flight (Bernoulli or Gilbert-Elliott);
 * it arrives after a propagation delay drawn from a distribution, plus jitter; it may be
 * duplicated, the copy drawing its own delay. Independent delay draws let packets overtake each
 * other only where the delay variation exceeds their spacing, as on a real path.
 */
#pragma once

#include "sim-distribution.h"
#include "sim-rng.h"
#include "sim-time.h"

typedef enum {
    NET_DROP_NONE,
    NET_DROP_LOSS,             /* random loss in flight */
    NET_DROP_QUEUE_FULL,       /* the transmit queue was full */
    NET_DROP_MTU,              /* larger than the path MTU, and UDP does not fragment here */
    NET_DROP_LINK_DOWN,        /* sent during an outage */
    NET_DROP_NO_ROUTE,         /* the node had no route for the destination */
    NET_DROP_PORT_UNREACHABLE, /* nothing listens on the destination port */
    NET_DROP_TTL_EXPIRED,      /* a forwarding loop */
    NET_DROP_NAT_NO_MAPPING,   /* a NAT has no live mapping for its destination port */
    NET_DROP_NAT_FILTERED,     /* a NAT's mapping exists but its filtering refuses the source */
    NET_DROP_NAT_NO_PORT,      /* a NAT needs a new mapping and has no public port left */
    NET_DROP_N_CAUSES,
} NetDropCause;

const char *net_drop_cause_name(NetDropCause cause);

typedef enum {
    NET_LOSS_NONE,
    NET_LOSS_BERNOULLI,       /* each datagram lost with probability p */
    NET_LOSS_GILBERT_ELLIOTT, /* two-state Markov chain, one step per datagram */
} NetLossKind;

typedef struct {
    NetLossKind kind;
    double p;         /* Bernoulli: loss probability. Gilbert-Elliott: P(good -> bad) */
    double r;         /* Gilbert-Elliott: P(bad -> good) */
    double loss_good; /* Gilbert-Elliott: loss probability in the good state */
    double loss_bad;  /* Gilbert-Elliott: loss probability in the bad state */
} NetLossModel;

typedef struct {
    SimTime from; /* down from this time ... */
    SimTime to;   /* ... until this one (exclusive) */
} NetOutage;

/* The configuration of one direction; several directions may share one. */
typedef struct {
    SimDistribution delay; /* propagation delay, ns */
    SimTime jitter; /* uniform in [-jitter, +jitter] added to the delay, total clamped at 0 */
    guint64 bandwidth_bps; /* 0: no serialization delay, no queue */
    guint32 queue_limit;   /* datagrams waiting for the transmitter, when bandwidth is set */
    NetLossModel loss;
    double duplicate; /* probability that a delivered datagram is delivered twice */
    guint32 mtu;      /* largest IP datagram (payload + 28), 0: no limit */
    NetOutage *outages;
    guint n_outages;
} NetLinkParams;

#define NET_DEFAULT_QUEUE_LIMIT 1000 /* Linux's default txqueuelen */

void net_link_params_init(NetLinkParams *params);
void net_link_params_clear(NetLinkParams *params);
void net_link_params_copy(NetLinkParams *dst, const NetLinkParams *src);

/* Serialization time of @wire_bytes at @bps, rounded up to the nanosecond. */
SimTime net_serialization_time(guint64 wire_bytes, guint64 bps);

typedef struct {
    guint64 sent; /* handed to this direction */
    guint64 duplicated;
    guint64 dropped[NET_DROP_N_CAUSES];
} NetLinkStats;

/* What only some directions need, made on first use (net-link.c): the transmitter's queue (a
 * bandwidth), the counts of duplicates and drops. */
typedef struct NetLinkDirMore NetLinkDirMore;

/* The state of one direction: 40 bytes, two per phone of a population. */
typedef struct {
    const NetLinkParams *params;
    SimRng *rng;          /* made on the first draw: a constant delay without loss draws none */
    NetLinkDirMore *more; /* made on first use */
    guint64 sent;         /* handed to this direction */
    guint32 seed;         /* of @rng: sim_rng_stream_seed(seed, run, stream) */
    guint8 ge_bad;        /* Gilbert-Elliott state */
    guint8 forced_down;   /* down by a scenario's fault, on top of the outages */
} NetLinkDir;

typedef struct {
    NetDropCause drop;   /* NET_DROP_NONE when it arrives */
    SimTime arrival;     /* absolute time it reaches the far end */
    gboolean duplicated; /* a copy arrives too ... */
    SimTime dup_arrival; /* ... at this time */
} NetTransmission;

/* @stream names the direction's random stream, seeded from (seed, run, @stream). */
void net_link_dir_init(NetLinkDir *dir, const NetLinkParams *params, guint64 seed, guint64 run,
                       const char *stream);
void net_link_dir_clear(NetLinkDir *dir);
NetLinkStats net_link_dir_stats(const NetLinkDir *dir);
/* Decides the fate of a datagram of @wire_bytes handed to @dir at @now. */
void net_link_dir_transmit(NetLinkDir *dir, SimTime now, guint32 wire_bytes, NetTransmission *out);
