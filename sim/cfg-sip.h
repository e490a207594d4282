/* SPDX-License-Identifier: MIT */
/*
 * The SIP elements of a topology and a scenario: phones and proxies. A phone's account (user,
 * password, proxy) and a proxy's service (domain, what it challenges) are in the topology, in
 * the node's 'sip' map; what a phone does (registered at the start, how it answers, its actions)
 * is in the scenario. See docs/topology.md and docs/scenario.md.
 */
#pragma once

#include "cfg-node-kinds.h"
#include "cfg-topology.h"

/* Reads the 'sip' maps of the topology's phones and proxies (@nodes: CfgTopoNode). */
CfgSip *cfg_sip_new(GArray *nodes, GError **error);
void cfg_sip_free(CfgSip *sip);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CfgSip, cfg_sip_free)

gboolean cfg_sip_create_phone(const CfgKindContext *ctx, SimEntity **out, GError **error);
gboolean cfg_sip_create_proxy(const CfgKindContext *ctx, SimEntity **out, GError **error);

/* The phone named @name: its entity (NULL while it is switched off) and its address-of-record
 * (to be freed); FALSE when the topology has no such phone. */
gboolean cfg_sip_phone(CfgSip *sip, const char *name, SimEntity **entity, char **aor);

/* Once every entity exists: each proxy learns its subscribers, and the bindings of phones that
 * start registered. */
void cfg_sip_link(CfgSip *sip);
