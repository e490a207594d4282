/* SPDX-License-Identifier: MIT */
#include "out-proxy-load.h"

#include "out-json.h"
#include "sip-proxy.h"

/* The stats of @e when it is a proxy with its processing model on. */
static gboolean load_of(SimEntity *e, SipProxyLoadStats *s)
{
    if (!sip_proxy_is(e))
        return FALSE;
    sip_proxy_load_stats(e, s);
    return s->workers > 0;
}

static void add_double(JsonBuilder *b, const char *name, double v)
{
    json_builder_set_member_name(b, name);
    json_builder_add_double_value(b, v);
}

static void add_proxy(JsonBuilder *b, const SimEntity *e, const SipProxyLoadStats *s)
{
    json_builder_begin_object(b);
    out_json_string(b, "name", e->name);
    out_json_int(b, "workers", s->workers);
    out_json_int(b, "queue", s->queue);
    json_builder_set_member_name(b, "arrived");
    json_builder_begin_object(b);
    out_json_int(b, "invite", (gint64) s->arrived[SIP_PROXY_LOAD_INVITE]);
    out_json_int(b, "request", (gint64) s->arrived[SIP_PROXY_LOAD_REQUEST]);
    out_json_int(b, "response", (gint64) s->arrived[SIP_PROXY_LOAD_RESPONSE]);
    json_builder_end_object(b);
    out_json_int(b, "authenticated", (gint64) s->authenticated);
    out_json_int(b, "rejected", (gint64) s->rejected);
    out_json_int(b, "dropped", (gint64) s->dropped);
    out_json_int(b, "started", (gint64) s->started);
    out_json_int(b, "busy_ns", s->busy);
    add_double(b, "utilization", s->utilization);
    add_double(b, "queue_mean", s->queue_mean);
    out_json_int(b, "queue_max", s->queue_max);
    out_json_int(b, "waiting_at_end", s->waiting);
    out_json_int(b, "wait_mean_ns", s->wait_mean);
    out_json_int(b, "wait_max_ns", s->wait_max);
    out_json_int(b, "oc", s->reduction);
    json_builder_end_object(b);
}

void out_proxy_load_json(JsonBuilder *b, const SimWorld *world)
{
    json_builder_set_member_name(b, "proxies");
    json_builder_begin_array(b);
    for (guint i = 0; i < world->all->len; i++) {
        SimEntity *e = g_ptr_array_index(world->all, i);
        SipProxyLoadStats s;
        if (load_of(e, &s))
            add_proxy(b, e, &s);
    }
    json_builder_end_array(b);
}

void out_proxy_load_print(FILE *f, const SimWorld *world)
{
    for (guint i = 0; i < world->all->len; i++) {
        SimEntity *e = g_ptr_array_index(world->all, i);
        SipProxyLoadStats s;
        if (!load_of(e, &s))
            continue;
        fprintf(f,
                "proxy %s: %.1f%% busy; %" G_GUINT64_FORMAT " INVITEs, %" G_GUINT64_FORMAT
                " other requests, %" G_GUINT64_FORMAT " responses came; waited mean %.3f ms, "
                "max %.3f ms; queue mean %.1f, max %u; %" G_GUINT64_FORMAT
                " dropped (queue full), %" G_GUINT64_FORMAT " refused (503)\n",
                e->name, 100.0 * s.utilization, s.arrived[SIP_PROXY_LOAD_INVITE],
                s.arrived[SIP_PROXY_LOAD_REQUEST], s.arrived[SIP_PROXY_LOAD_RESPONSE],
                (double) s.wait_mean / SIM_MS, (double) s.wait_max / SIM_MS, s.queue_mean,
                s.queue_max, s.dropped, s.rejected);
    }
}
