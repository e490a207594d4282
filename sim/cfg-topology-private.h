/* SPDX-License-Identifier: MIT */
/* What the topology's builders share: cfg-topology.c (nodes, segments, links, routes) and
 * cfg-population.c (populations of phones). */
#pragma once

#include "cfg-topology.h"

typedef struct {
    NetNetwork *net;
    GArray *nodes;         /* CfgTopoNode, in order */
    GHashTable *defined;   /* node or segment name -> the CfgNode naming it */
    GHashTable *segments;  /* name -> NetSegment * */
    GHashTable *addresses; /* NetIp -> the CfgNode where it was given */
    GHashTable *links;     /* link name -> the CfgNode naming it */
} Build;

extern const char *const cfg_topo_param_keys[];

/* Reserves @name for a node or segment; the error names where it was first used. */
gboolean cfg_topo_name_free(Build *b, const CfgNode *n, const char *name, GError **error);
/* Gives @ip to @node unless another node has it; @where is what an error points at. */
gboolean cfg_topo_claim_address(Build *b, NetNode *node, NetIp ip, const CfgNode *where,
                                GError **error);
/* Applies the link parameters present in @map over @p. */
gboolean cfg_topo_parse_params(const CfgNode *map, const char *what, NetLinkParams *p,
                               GError **error);
/* One item of 'populations' (cfg-population.c). */
gboolean cfg_topo_build_population(Build *b, const CfgNode *n, GError **error);
