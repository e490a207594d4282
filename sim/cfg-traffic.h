/* SPDX-License-Identifier: MIT */
/* The scenario's 'traffic' list: one call generator per item (docs/scenario.md). */
#pragma once

#include "cfg-sip.h"
#include "sim-entity.h"

/* Adds a traffic generator to @world for each item of @list; their callers and callees are
 * phones of @sip, by name or by population (@topo: the topology's CfgTopoNode). */
gboolean cfg_traffic_build(const CfgNode *list, GArray *topo, CfgSip *sip, SimKernel *kernel,
                           SimTime until, SimWorld *world, GError **error);
