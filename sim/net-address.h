/* SPDX-License-Identifier: MIT */
/* IPv4 addresses, prefixes and UDP endpoints, in host byte order. */
#pragma once

#include <glib.h>

typedef guint32 NetIp;

typedef struct {
    NetIp ip;
    guint16 port;
} NetEndpoint;

typedef struct {
    NetIp addr;
    guint8 len; /* 0..32 */
} NetPrefix;

#define NET_IP_BUF       16 /* "255.255.255.255" */
#define NET_ENDPOINT_BUF 22 /* "255.255.255.255:65535" */

/* Dotted quad, exactly four decimal fields 0..255, no leading zeros beyond "0". */
gboolean net_ip_parse(const char *text, NetIp *out);
/* "10.0.0.0/8"; the host bits must be zero. */
gboolean net_prefix_parse(const char *text, NetPrefix *out);
const char *net_ip_format(NetIp ip, char *buf);
const char *net_endpoint_format(NetEndpoint ep, char *buf);

static inline gboolean net_prefix_contains(NetPrefix p, NetIp ip)
{
    guint32 mask = p.len ? ~(guint32) 0 << (32 - p.len) : 0;
    return (ip & mask) == p.addr;
}
