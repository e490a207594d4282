/* SPDX-License-Identifier: MIT */
/* Helpers shared by the tests that build virtual networks by hand. */
#pragma once

#include "net-network.h"

static inline NetIp ip(const char *text)
{
    NetIp v;
    g_assert_true(net_ip_parse(text, &v));
    return v;
}

static inline NetPrefix prefix(const char *text)
{
    NetPrefix p;
    g_assert_true(net_prefix_parse(text, &p));
    return p;
}

static inline NetEndpoint endpoint(const char *addr, guint16 port)
{
    return (NetEndpoint){ ip(addr), port };
}

/* A node with one address. */
static inline NetNode *node_with(NetNetwork *net, const char *name, const char *addr)
{
    NetNode *n = net_node_new(net, name);
    net_node_add_address(n, ip(addr));
    return n;
}
