/* SPDX-License-Identifier: MIT */
/*
 * A scenario's faults (docs/scenario.md, "Faults"): at set times a link goes down or comes back,
 * the proxy restarts, a NAT box reboots, a phone crashes or boots. The plan is an entity of its
 * own that applies each fault to its target at its time; what follows is the SIP elements' own
 * doing (retransmissions, timeouts, refreshes).
 */
#pragma once

#include "net-network.h"
#include "sim-entity.h"

typedef enum {
    FAULT_LINK_DOWN,     /* @link: both directions drop what they are handed */
    FAULT_LINK_UP,       /* @link: back up */
    FAULT_PROXY_RESTART, /* @entity (a proxy) on @node: loses its state, keeps or loses its
                          * registrations, and nothing listens for @down */
    FAULT_NAT_REBOOT,    /* @node's NAT box forgets its mappings */
    FAULT_PHONE_CRASH,   /* @entity (a phone) */
    FAULT_PHONE_BOOT,    /* @entity (a phone) */
    FAULT_N_KINDS,
} FaultKind;

typedef struct {
    FaultKind kind;
    SimTime at;
    NetLink *link;
    NetNode *node;
    SimEntity *entity;
    gboolean keep_registrations;
    SimTime down;
} Fault;

/* "link-down", "link-up", "restart", "reboot", "crash", "boot": the scenario's verbs. */
const char *fault_kind_name(FaultKind kind);

/* The plan of @faults (copied), in any order; its name is "(faults)", which no node has. */
SimEntity *fault_plan_new(SimKernel *kernel, const Fault *faults, guint n);
