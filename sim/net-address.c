/* SPDX-License-Identifier: MIT */
#include "net-address.h"

#include <string.h>

static const char *parse_octet(const char *p, guint32 *out)
{
    if (!g_ascii_isdigit(*p))
        return NULL;
    guint32 v = 0;
    const char *start = p;
    while (g_ascii_isdigit(*p)) {
        v = v * 10 + (guint32) (*p - '0');
        if (v > 255)
            return NULL;
        p++;
    }
    if (p - start > 1 && *start == '0')
        return NULL; /* "010" is octal to some tools: refuse the ambiguity */
    *out = v;
    return p;
}

gboolean net_ip_parse(const char *text, NetIp *out)
{
    NetIp ip = 0;
    const char *p = text;
    for (int i = 0; i < 4; i++) {
        guint32 octet;
        if (!(p = parse_octet(p, &octet)))
            return FALSE;
        ip = ip << 8 | octet;
        if (i < 3 && *p++ != '.')
            return FALSE;
    }
    if (*p)
        return FALSE;
    *out = ip;
    return TRUE;
}

gboolean net_prefix_parse(const char *text, NetPrefix *out)
{
    const char *slash = strchr(text, '/');
    if (!slash)
        return FALSE;
    g_autofree char *addr = g_strndup(text, (gsize) (slash - text));
    NetIp ip;
    if (!net_ip_parse(addr, &ip))
        return FALSE;
    guint32 len;
    const char *end = parse_octet(slash + 1, &len);
    if (!end || *end || len > 32)
        return FALSE;
    NetPrefix p = { .addr = ip, .len = (guint8) len };
    if (!net_prefix_contains(p, ip))
        return FALSE; /* host bits set */
    *out = p;
    return TRUE;
}

const char *net_ip_format(NetIp ip, char *buf)
{
    /* By hand: every message a phone sends formats its address, and printf costs ten times. */
    char *p = buf;
    for (int shift = 24; shift >= 0; shift -= 8) {
        guint octet = (ip >> shift) & 255;
        if (octet >= 100)
            *p++ = (char) ('0' + octet / 100);
        if (octet >= 10)
            *p++ = (char) ('0' + octet / 10 % 10);
        *p++ = (char) ('0' + octet % 10);
        *p++ = shift ? '.' : '\0';
    }
    return buf;
}

const char *net_endpoint_format(NetEndpoint ep, char *buf)
{
    char ip[NET_IP_BUF];
    g_snprintf(buf, NET_ENDPOINT_BUF, "%s:%u", net_ip_format(ep.ip, ip), ep.port);
    return buf;
}
