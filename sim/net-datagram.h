/* SPDX-License-Identifier: MIT */
/*
 * A UDP datagram on the virtual wire: real payload bytes (SIP text, STUN bytes...) with its
 * endpoints. Once sent, the network owns it until it is delivered or dropped; a duplicate is a
 * copy, since a NAT box may rewrite one copy's header and not the other's.
 */
#pragma once

#include "net-address.h"

/* IPv4 (20) and UDP (8) headers: a datagram's size on the wire is its payload plus these. */
#define NET_IP_UDP_HEADER 28
#define NET_DEFAULT_TTL   64

typedef struct NetDatagram NetDatagram;
struct NetDatagram {
    guint64 id; /* unique within a run, set when it is sent */
    NetEndpoint src;
    NetEndpoint dst;
    guint32 len;
    guint8 ttl;
    guint8 data[];
};

/* A datagram of @len payload bytes copied from @bytes (or zeroed when @bytes is NULL). */
NetDatagram *net_datagram_new(const void *bytes, gsize len);
NetDatagram *net_datagram_copy(const NetDatagram *dg);
void net_datagram_free(NetDatagram *dg);

static inline guint32 net_datagram_wire_size(const NetDatagram *dg)
{
    return dg->len + NET_IP_UDP_HEADER;
}
