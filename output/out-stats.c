/* SPDX-License-Identifier: MIT */
#include "out-stats.h"

#include <gsl/gsl_histogram.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>

#include "out-json.h"

const SimTime out_histogram_from[OUT_HISTOGRAM_BINS] = {
    0,           1 * SIM_MS,   2 * SIM_MS,   5 * SIM_MS,   10 * SIM_MS, 20 * SIM_MS,
    50 * SIM_MS, 100 * SIM_MS, 200 * SIM_MS, 500 * SIM_MS, 1 * SIM_S,   2 * SIM_S,
    5 * SIM_S,   10 * SIM_S,   20 * SIM_S,   50 * SIM_S,   100 * SIM_S,
};

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
    g_autofree double *x = g_new(double, t.n);
    for (guint i = 0; i < t.n; i++) {
        sum += v[i];
        x[i] = (double) v[i];
    }
    t.min = v[0];
    t.max = v[t.n - 1];
    t.p50 = nearest_rank(v, t.n, 50);
    t.p90 = nearest_rank(v, t.n, 90);
    t.p95 = nearest_rank(v, t.n, 95);
    t.p99 = nearest_rank(v, t.n, 99);
    t.mean = (sum + (gint64) t.n / 2) / (gint64) t.n;
    if (t.n > 1)
        t.sd = (SimTime) llround(gsl_stats_sd(x, 1, t.n));
    return t;
}

OutHistogram out_histogram_of(const GArray *samples)
{
    OutHistogram h = { { 0 } };
    double ranges[OUT_HISTOGRAM_BINS + 1];
    for (int i = 0; i < OUT_HISTOGRAM_BINS; i++)
        ranges[i] = (double) out_histogram_from[i];
    ranges[OUT_HISTOGRAM_BINS] = INFINITY;
    gsl_histogram *g = gsl_histogram_alloc(OUT_HISTOGRAM_BINS);
    gsl_histogram_set_ranges(g, ranges, OUT_HISTOGRAM_BINS + 1);
    for (guint i = 0; i < samples->len; i++) {
        SimTime v = g_array_index(samples, SimTime, i);
        if (v >= 0) /* ns are exact in a double up to 2^53, past 104 days */
            gsl_histogram_increment(g, (double) v);
    }
    for (int i = 0; i < OUT_HISTOGRAM_BINS; i++)
        h.count[i] = (guint64) gsl_histogram_get(g, (size_t) i);
    gsl_histogram_free(g);
    return h;
}

static void histogram_json(JsonBuilder *b, const OutHistogram *h)
{
    json_builder_set_member_name(b, "histogram");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "from_ns");
    json_builder_begin_array(b);
    for (int i = 0; i < OUT_HISTOGRAM_BINS; i++)
        json_builder_add_int_value(b, out_histogram_from[i]);
    json_builder_end_array(b);
    json_builder_set_member_name(b, "count");
    json_builder_begin_array(b);
    for (int i = 0; i < OUT_HISTOGRAM_BINS; i++)
        json_builder_add_int_value(b, (gint64) h->count[i]);
    json_builder_end_array(b);
    json_builder_end_object(b);
}

void out_times_json(JsonBuilder *b, const char *name, const OutTimes *t,
                    const OutHistogram *histogram)
{
    json_builder_set_member_name(b, name);
    json_builder_begin_object(b);
    out_json_int(b, "n", (gint64) t->n);
    if (t->n) {
        out_json_int(b, "min_ns", t->min);
        out_json_int(b, "mean_ns", t->mean);
        if (t->n > 1)
            out_json_int(b, "sd_ns", t->sd);
        out_json_int(b, "p50_ns", t->p50);
        out_json_int(b, "p90_ns", t->p90);
        out_json_int(b, "p95_ns", t->p95);
        out_json_int(b, "p99_ns", t->p99);
        out_json_int(b, "max_ns", t->max);
    }
    if (histogram)
        histogram_json(b, histogram);
    json_builder_end_object(b);
}

static double ms(SimTime t)
{
    return (double) t / SIM_MS;
}

void out_times_print(FILE *f, const char *label, const OutTimes *t)
{
    if (!t->n)
        return;
    fprintf(f, "%s(ms): min %.3f, mean %.3f", label, ms(t->min), ms(t->mean));
    if (t->n > 1)
        fprintf(f, ", sd %.3f", ms(t->sd));
    fprintf(f, ", p50 %.3f, p90 %.3f, p95 %.3f, p99 %.3f, max %.3f\n", ms(t->p50), ms(t->p90),
            ms(t->p95), ms(t->p99), ms(t->max));
}
