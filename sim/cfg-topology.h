/* SPDX-License-Identifier: MIT */
/* Builds the virtual network from a topology file (see docs/topology.md). */
#pragma once

#include "cfg-node-kinds.h"
#include "cfg-tree.h"
#include "net-network.h"

/* A node as the topology declares it. */
typedef struct {
    NetNode *net_node;
    const CfgNodeKind *kind;
    const CfgNode *node;    /* its map in the topology document: a population's for its phones */
    const char *population; /* a phone of a population: the population's name, else NULL */
} CfgTopoNode;

/* Adds the document's nodes, segments, links and routes to @net; returns its nodes in the
 * document's order (an array of CfgTopoNode), or NULL with @error set. */
GArray *cfg_topology_build(const CfgDoc *doc, NetNetwork *net, GError **error);
