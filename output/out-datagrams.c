/* SPDX-License-Identifier: MIT */
#include "out-datagrams.h"

static void on_trace(const NetTrace *t, gpointer user_data)
{
    FILE *f = user_data;
    char src[NET_ENDPOINT_BUF], dst[NET_ENDPOINT_BUF];
    fprintf(f, "%" G_GINT64_FORMAT ",%s,%" G_GUINT64_FORMAT ",%s,%s,%s,%s,%u,%s\n", t->time,
            net_trace_kind_name(t->kind), t->dg->id, t->node ? net_node_name(t->node) : "",
            t->link ? net_link_direction_label(t->link, t->direction) : "",
            net_endpoint_format(t->dg->src, src), net_endpoint_format(t->dg->dst, dst), t->dg->len,
            t->kind == NET_TRACE_DROP ? net_drop_cause_name(t->cause) : "");
}

void out_datagrams_attach(NetNetwork *net, FILE *stream)
{
    fputs(OUT_DATAGRAMS_HEADER, stream);
    net_network_add_observer(net, on_trace, stream);
}
