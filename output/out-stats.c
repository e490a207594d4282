/* SPDX-License-Identifier: MIT */
#include "out-stats.h"

#include "out-json.h"

#include <stdio.h>

static int compare_time(gconstpointer a, gconstpointer b)
{
    SimTime x = *(const SimTime *) a, y = *(const SimTime *) b;
    return (x > y) - (x < y);
}

static SimTime nearest_rank(const SimTime *sorted, guint64 n, guint percent)
{
    guint64 rank = (n * percent + 99) / 100;
    return sorted[MAX(rank, 1) - 1];
}

OutTimes out_times_of(const GArray *samples)
{
    OutTimes t = { .n = samples->len };
    if (!t.n)
        return t;
    g_autoptr(GArray) sorted = g_array_copy((GArray *) samples);
    g_array_sort(sorted, compare_time);
    const SimTime *v = (const SimTime *) sorted->data;
    gint64 sum = 0;
    for (guint i = 0; i < t.n; i++)
        sum += v[i];
    t.min = v[0];
    t.max = v[t.n - 1];
    t.p50 = nearest_rank(v, t.n, 50);
    t.p95 = nearest_rank(v, t.n, 95);
    t.mean = (sum + (gint64) t.n / 2) / (gint64) t.n;
    return t;
}

void out_times_json(JsonBuilder *b, const char *name, const OutTimes *t)
{
    json_builder_set_member_name(b, name);
    json_builder_begin_object(b);
    out_json_int(b, "n", (gint64) t->n);
    if (t->n) {
        out_json_int(b, "min_ns", t->min);
        out_json_int(b, "mean_ns", t->mean);
        out_json_int(b, "p50_ns", t->p50);
        out_json_int(b, "p95_ns", t->p95);
        out_json_int(b, "max_ns", t->max);
    }
    json_builder_end_object(b);
}

static double ms(SimTime t)
{
    return (double) t / SIM_MS;
}

void out_times_print(FILE *f, const char *label, const OutTimes *t)
{
    if (t->n)
        fprintf(f, "%smin %.3f ms, mean %.3f ms, median %.3f ms, p95 %.3f ms, max %.3f ms\n", label,
                ms(t->min), ms(t->mean), ms(t->p50), ms(t->p95), ms(t->max));
}
