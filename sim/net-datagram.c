/* SPDX-License-Identifier: MIT */
#include "net-datagram.h"

#include <string.h>

/* The largest UDP payload IPv4 can carry. */
#define NET_MAX_PAYLOAD (65535 - NET_IP_UDP_HEADER)

NetDatagram *net_datagram_new(const void *bytes, gsize len)
{
    g_return_val_if_fail(len <= NET_MAX_PAYLOAD, NULL);
    NetDatagram *dg = g_malloc(sizeof *dg + len);
    memset(dg, 0, sizeof *dg);
    dg->len = (guint32) len;
    dg->ttl = NET_DEFAULT_TTL;
    if (bytes)
        memcpy(dg->data, bytes, len);
    else
        memset(dg->data, 0, len);
    return dg;
}

NetDatagram *net_datagram_copy(const NetDatagram *dg)
{
    return g_memdup2(dg, sizeof *dg + dg->len);
}

void net_datagram_free(NetDatagram *dg)
{
    g_free(dg);
}
