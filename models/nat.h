/* SPDX-License-Identifier: MIT */
/*
 * A NAT box (a NAPT, RFC 4787 "NAT Behavioral Requirements for Unicast UDP") on a forwarding
 * node: datagrams from its inside prefix to anywhere else leave with the source rewritten to the
 * box's public address and a mapped port; datagrams reaching that address are let in, rewritten
 * to the inside endpoint, when a live mapping and the filtering allow. The three mapping and the
 * three filtering behaviours (sections 4.1 and 5), three port assignments (4.2), the mapping
 * lifetime and its refresh (4.3) and hairpinning (6) are configurable. UDP only; ICMP is not
 * modelled (no error is ever sent back). See docs/nat.md.
 */
#pragma once

#include "net-network.h"

typedef struct NatBox NatBox;

/* What a mapping or a filter depends on besides the inside endpoint (RFC 4787 4.1, 5). */
typedef enum {
    NAT_ENDPOINT_INDEPENDENT,       /* nothing: one mapping, open to anyone */
    NAT_ADDRESS_DEPENDENT,          /* the remote address */
    NAT_ADDRESS_AND_PORT_DEPENDENT, /* the remote address and port */
    NAT_N_BEHAVIOURS,
} NatBehaviour;

/* How a new mapping gets its public port (RFC 4787 4.2.1). */
typedef enum {
    NAT_PORT_PRESERVING, /* the inside port when free, else as sequential */
    NAT_PORT_SEQUENTIAL, /* the next free port after the last one given, from the base */
    NAT_PORT_RANDOM,     /* a free port drawn from the box's own random stream */
    NAT_N_PORT_ASSIGNMENTS,
} NatPortAssignment;

/* The names RFC 3489 (STUN's first version) gave NATs, as combinations of the behaviours. */
typedef enum {
    NAT_PRESET_FULL_CONE,            /* endpoint-independent mapping and filtering */
    NAT_PRESET_RESTRICTED_CONE,      /* endpoint-independent mapping, address-dependent filter */
    NAT_PRESET_PORT_RESTRICTED_CONE, /* ... address-and-port-dependent filter */
    NAT_PRESET_SYMMETRIC, /* address-and-port-dependent mapping and filtering, random ports */
    NAT_N_PRESETS,
} NatPreset;

#define NAT_DEFAULT_PRESET NAT_PRESET_PORT_RESTRICTED_CONE
/* REQ-5c: a default of five minutes or more is RECOMMENDED (REQ-5: never under two). */
#define NAT_DEFAULT_LIFETIME  (5 * 60 * SIM_S)
#define NAT_DEFAULT_PORT_BASE 49152 /* the dynamic ports (RFC 6335) */

typedef struct {
    NatBehaviour mapping;
    NatBehaviour filtering;
    NatPortAssignment port_assignment;
    guint16 port_base;        /* sequential and random ports are in [port_base, 65535] */
    SimTime lifetime;         /* a mapping dies this long after the last refresh, > 0 */
    gboolean inbound_refresh; /* inbound datagrams refresh too (REQ-6a allows it) */
    gboolean hairpinning;     /* REQ-9 */
    NetPrefix inside;         /* the private side: sources translated on the way out */
    NetIp public_ip;          /* one of the node's addresses, outside @inside */
} NatConfig;

/* @preset's behaviours with the defaults above; @inside and @public_ip left zero. */
void nat_config_init(NatConfig *cfg, NatPreset preset);

/* "endpoint-independent", "address-dependent", "address-and-port-dependent". */
const char *nat_behaviour_name(NatBehaviour b);
/* "preserving", "sequential", "random". */
const char *nat_port_assignment_name(NatPortAssignment a);
/* "full-cone", "restricted-cone", "port-restricted-cone", "symmetric". */
const char *nat_preset_name(NatPreset p);

typedef struct {
    guint64 mappings_created;
    guint64 mappings_expired; /* timed out, whether already reclaimed or not */
    guint64 mappings_live;
    guint64 mappings_lost;       /* forgotten in a reboot, live or not */
    guint64 ports_not_preserved; /* preserving fell back to sequential: the port was taken */
    guint64 translated_out;      /* datagrams sent out with a public source */
    guint64 translated_in;       /* datagrams let in to an inside endpoint */
    guint64 hairpinned;          /* datagrams turned back inside (REQ-9) */
    guint64 dropped_no_mapping;
    guint64 dropped_filtered;
    guint64 dropped_no_port;
} NatStats;

typedef struct {
    NetEndpoint inside;
    NetEndpoint remote; /* what the mapping depends on: 0.0.0.0:0 for endpoint-independent,
                         * port 0 for address-dependent */
    NetEndpoint public_ep;
    SimTime expires; /* it is dead from this time on */
} NatMappingInfo;

/* Puts a NAT box on @node, a forwarding node that owns @cfg->public_ip; the node keeps it and
 * frees it with the network. Random ports come from the stream "nat:NODE". */
NatBox *nat_box_new(NetNode *node, const NatConfig *cfg);
/* The NAT box on @node, or NULL. */
NatBox *nat_box_from_node(const NetNode *node);
const NatConfig *nat_box_config(const NatBox *nat);

/* As if @inside sent a datagram to @remote now: creates or refreshes the mapping and returns its
 * public endpoint (port 0 when no public port is left). */
NetEndpoint nat_box_map_outbound(NatBox *nat, NetEndpoint inside, NetEndpoint remote);
/* The live mapping holding @public_port, if any. */
gboolean nat_box_lookup(const NatBox *nat, guint16 public_port, NatMappingInfo *out);
NatStats nat_box_stats(const NatBox *nat);
/* The box reboots now: it forgets every mapping (and so every filter), and sequential ports
 * start again from the base. */
void nat_box_reboot(NatBox *nat);
