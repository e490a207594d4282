/* SPDX-License-Identifier: MIT */
/*
 * A proxy's load keys in its topology 'sip' map: 'capacity' (the processing model in front of
 * its stack) and 'overload' (what it does when that model cannot keep up). See
 * docs/topology.md.
 */
#pragma once

#include "cfg-tree.h"
#include "sip-proxy.h"

/* Reads @sip's 'capacity' and 'overload' maps, when present, into @config; @what names the map
 * in messages ("proxy 'P' sip"). */
gboolean cfg_proxy_load_read(const CfgNode *sip, const char *what, SipProxyConfig *config,
                             GError **error);
