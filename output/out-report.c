/* SPDX-License-Identifier: MIT */
#include "out-report.h"

#include "out-json.h"
#include "out-sip-report.h"
#include "out-stats.h"
#include "probe.h"

static void add_drops(JsonBuilder *b, const guint64 *dropped)
{
    json_builder_set_member_name(b, "dropped");
    json_builder_begin_object(b);
    for (int c = NET_DROP_NONE + 1; c < NET_DROP_N_CAUSES; c++) {
        if (!dropped[c])
            continue;
        json_builder_set_member_name(b, net_drop_cause_name(c));
        json_builder_add_int_value(b, (gint64) dropped[c]);
    }
    json_builder_end_object(b);
}

static void add_probe(JsonBuilder *b, SimEntity *e, const Probe *p)
{
    const ProbeStats *st = probe_stats(p);
    char target[NET_ENDPOINT_BUF];
    OutTimes r = out_times_of(st->rtts);
    json_builder_begin_object(b);
    out_json_string(b, "name", e->name);
    out_json_string(b, "target", net_endpoint_format(probe_config(p)->target, target));
    out_json_int(b, "sent", (gint64) st->sent);
    out_json_int(b, "replies", (gint64) st->replies);
    out_json_int(b, "lost", (gint64) st->lost);
    out_json_int(b, "late", (gint64) st->late);
    out_json_int(b, "duplicates", (gint64) st->duplicates);
    out_json_int(b, "pending", (gint64) st->pending);
    out_times_json(b, "round_trip", &r, NULL);
    json_builder_end_object(b);
}

JsonNode *out_report_json(const OutRunInfo *info, const NetNetwork *net, const SimWorld *world)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    const NetStats *ns = net_network_stats(net);
    json_builder_begin_object(b);
    out_json_string(b, "scenario", info->scenario);
    out_json_string(b, "topology", info->topology);
    out_json_int(b, "seed", (gint64) info->seed);
    out_json_int(b, "run", (gint64) info->run);
    json_builder_set_member_name(b, "complete");
    json_builder_add_boolean_value(b, info->complete);
    out_json_string(b, "ended", info->ended);
    json_builder_set_member_name(b, "until_ns");
    if (info->until == SIM_TIME_NEVER)
        json_builder_add_null_value(b);
    else
        json_builder_add_int_value(b, info->until);
    out_json_int(b, "simulated_ns", info->reached);
    out_json_int(b, "events", (gint64) info->events);

    json_builder_set_member_name(b, "datagrams");
    json_builder_begin_object(b);
    out_json_int(b, "sent", (gint64) ns->sent);
    out_json_int(b, "delivered", (gint64) ns->delivered);
    out_json_int(b, "forwarded", (gint64) ns->forwarded);
    out_json_int(b, "duplicated", (gint64) ns->duplicated);
    add_drops(b, ns->dropped);
    out_json_int(b, "in_flight", (gint64) net_network_in_flight(net));
    json_builder_end_object(b);

    json_builder_set_member_name(b, "links");
    json_builder_begin_array(b);
    for (guint i = 0; i < net_network_n_links(net); i++) {
        const NetLink *l = net_network_link(net, i);
        for (int d = 0; d < 2; d++) {
            NetLinkStats st = net_link_stats(l, d);
            json_builder_begin_object(b);
            out_json_string(b, "link", net_link_name(l));
            out_json_string(b, "direction", net_link_direction_label(l, d));
            out_json_int(b, "sent", (gint64) st.sent);
            out_json_int(b, "duplicated", (gint64) st.duplicated);
            add_drops(b, st.dropped);
            json_builder_end_object(b);
        }
    }
    json_builder_end_array(b);

    json_builder_set_member_name(b, "probes");
    json_builder_begin_array(b);
    for (guint i = 0; i < world->all->len; i++) {
        SimEntity *e = g_ptr_array_index(world->all, i);
        Probe *p = probe_from_entity(e);
        if (p)
            add_probe(b, e, p);
    }
    json_builder_end_array(b);
    if (info->sip)
        out_sip_report_json(b, info->sip, world);
    json_builder_end_object(b);
    return json_builder_get_root(b);
}

gboolean out_report_write_json(FILE *f, JsonNode *node)
{
    g_autoptr(JsonGenerator) gen = json_generator_new();
    json_generator_set_pretty(gen, TRUE);
    json_generator_set_indent(gen, 2);
    json_generator_set_root(gen, node);
    gsize len;
    g_autofree char *text = json_generator_to_data(gen, &len);
    return fwrite(text, 1, len, f) == len && fputc('\n', f) != EOF;
}

static void print_drops(FILE *f, const guint64 *dropped)
{
    const char *sep = " (";
    for (int c = NET_DROP_NONE + 1; c < NET_DROP_N_CAUSES; c++) {
        if (!dropped[c])
            continue;
        fprintf(f, "%s%s %" G_GUINT64_FORMAT, sep, net_drop_cause_name(c), dropped[c]);
        sep = ", ";
    }
    if (sep[0] == ',')
        fputc(')', f);
}

static guint64 total_drops(const guint64 *dropped)
{
    guint64 n = 0;
    for (int c = NET_DROP_NONE + 1; c < NET_DROP_N_CAUSES; c++)
        n += dropped[c];
    return n;
}

static void print_probe(FILE *f, SimEntity *e, const Probe *p)
{
    const ProbeStats *st = probe_stats(p);
    char target[NET_ENDPOINT_BUF];
    guint64 judged = st->replies + st->lost;
    fprintf(f,
            "probe %s -> %s: %" G_GUINT64_FORMAT " sent, %" G_GUINT64_FORMAT
            " replies, %" G_GUINT64_FORMAT " lost",
            e->name, net_endpoint_format(probe_config(p)->target, target), st->sent, st->replies,
            st->lost);
    if (judged)
        fprintf(f, " (%.2f%%)", 100.0 * (double) st->lost / (double) judged);
    if (st->pending)
        fprintf(f, ", %" G_GUINT64_FORMAT " still in flight at the end", st->pending);
    fputc('\n', f);
    OutTimes r = out_times_of(st->rtts);
    out_times_print(f, "  round trip ", &r);
}

void out_report_print(FILE *f, const OutRunInfo *info, const NetNetwork *net, const SimWorld *world)
{
    char t[SIM_TIME_BUF];
    const NetStats *ns = net_network_stats(net);
    fprintf(f, "scenario %s, topology %s, seed %" G_GUINT64_FORMAT ", run %" G_GUINT64_FORMAT "\n",
            info->scenario, info->topology, info->seed, info->run);
    fprintf(f, "simulated %s s, %" G_GUINT64_FORMAT " events; ended: %s\n",
            sim_time_format(info->reached, t, sizeof t), info->events, info->ended);
    fprintf(f,
            "datagrams: %" G_GUINT64_FORMAT " sent, %" G_GUINT64_FORMAT
            " delivered, %" G_GUINT64_FORMAT " dropped",
            ns->sent, ns->delivered, total_drops(ns->dropped));
    print_drops(f, ns->dropped);
    if (ns->duplicated)
        fprintf(f, ", %" G_GUINT64_FORMAT " duplicated", ns->duplicated);
    guint64 in_flight = net_network_in_flight(net);
    if (in_flight)
        fprintf(f, ", %" G_GUINT64_FORMAT " in flight at the end", in_flight);
    fputc('\n', f);
    for (guint i = 0; i < world->all->len; i++) {
        SimEntity *e = g_ptr_array_index(world->all, i);
        Probe *p = probe_from_entity(e);
        if (p)
            print_probe(f, e, p);
    }
    if (info->sip)
        out_sip_report_print(f, info->sip, world);
}
