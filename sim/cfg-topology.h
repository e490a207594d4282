/* SPDX-License-Identifier: MIT */
/* Builds the virtual network from a topology file (see docs/topology.md). */
#pragma once

#include "cfg-tree.h"
#include "net-network.h"

/* Adds the document's nodes, segments, links and routes to @net, and records in @kinds the
 * kind of each node (name -> const CfgNodeKind *). */
gboolean cfg_topology_build(const CfgDoc *doc, NetNetwork *net, GHashTable *kinds, GError **error);
