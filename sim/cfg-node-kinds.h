/* SPDX-License-Identifier: MIT */
/*
 * The kinds of node a topology may declare, and how a scenario's settings for a node of each
 * kind become the entity that runs on it.
 */
#pragma once

#include "cfg-tree.h"
#include "net-network.h"
#include "sim-entity.h"
#include "sip-trace.h"

typedef struct CfgSip CfgSip;

typedef struct {
    NetNetwork *net;
    SimKernel *kernel;
    NetNode *node;
    const char *name;
    const CfgNode *topology; /* the node's map in the topology */
    const CfgNode *settings; /* the node's map in the scenario, or NULL */
    SimTime until;           /* the scenario's end, SIM_TIME_NEVER if none */
    CfgSip *sip;             /* what the SIP elements of the topology need of each other */
    const SipTrace *trace;
} CfgKindContext;

typedef struct {
    const char *name;
    const char *summary;
    gboolean forwarding;
    gboolean sip; /* a SIP element: it may have a 'sip' map in the topology */
    /* Makes the node's entity (NULL in *@out for a node that runs nothing). */
    gboolean (*create)(const CfgKindContext *ctx, SimEntity **out, GError **error);
    /* A NAT: reads its 'nat' map (required) and puts a NAT box on the node, which has its
     * addresses by then. NULL for the kinds that have no 'nat' map. */
    gboolean (*nat)(NetNode *node, const CfgNode *map, GError **error);
} CfgNodeKind;

const CfgNodeKind *cfg_node_kind_lookup(const char *name);
/* "host (an end system that runs nothing), router (...), ...": for messages. */
char *cfg_node_kind_names(void);
