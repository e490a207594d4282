/* SPDX-License-Identifier: MIT */
#include "out-media.h"

static void on_media(gpointer user, const SipMediaEvent *ev)
{
    fprintf(user,
            "%" G_GINT64_FORMAT ",%s,%s,%s,%s:%u,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT "\n",
            ev->time, net_node_name(ev->node), ev->call_id, ev->direction,
            ev->remote_address ? ev->remote_address : "", ev->remote_port, ev->local_version,
            ev->remote_version);
}

void out_media_csv_attach(SipTrace *trace, FILE *stream)
{
    fputs(OUT_MEDIA_HEADER, stream);
    SipObserver obs = { .media = on_media, .user = stream };
    sip_trace_add(trace, &obs);
}
