/* SPDX-License-Identifier: MIT */
/* The scenario's 'faults' list (docs/scenario.md, "Faults"). */
#pragma once

#include "cfg-tree.h"
#include "net-network.h"
#include "sim-entity.h"

/* Adds the plan of @list's faults to @world: links of @net by name, nodes and their entities
 * (a proxy, a phone) by name, NAT boxes by their node's name. */
gboolean cfg_faults_build(const CfgNode *list, NetNetwork *net, SimKernel *kernel, SimWorld *world,
                          GError **error);
