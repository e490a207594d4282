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

/* The log-linear bins: below 2^(BITS + 1) one per ns, then 2^BITS per power of two. */
#define EXACT_BELOW ((SimTime) 1 << (OUT_SAMPLE_BITS + 1))
#define PER_OCTAVE  ((guint) 1 << OUT_SAMPLE_BITS)
#define N_BINS      ((guint) EXACT_BELOW + (62 - OUT_SAMPLE_BITS) * PER_OCTAVE)

struct OutSample {
    guint64 n;
    SimTime min, max;
    __int128 sum;
    double mean, m2; /* Welford's running mean and sum of squared deviations */
    GArray *values;  /* SimTime, while there are at most OUT_SAMPLE_EXACT; then NULL */
    guint64 *bins;   /* N_BINS counts, once values is NULL */
    gsl_histogram *fixed;
};

static guint bin_of(SimTime v)
{
    if (v < EXACT_BELOW)
        return (guint) v;
    guint shift = (guint) (63 - __builtin_clzll((unsigned long long) v)) - OUT_SAMPLE_BITS;
    return (guint) EXACT_BELOW + (shift - 1) * PER_OCTAVE + (guint) (v >> shift) - PER_OCTAVE;
}

/* The middle of bin @i, rounded down. */
static SimTime bin_middle(guint i)
{
    if (i < EXACT_BELOW)
        return i;
    guint k = i - (guint) EXACT_BELOW, shift = k / PER_OCTAVE + 1;
    SimTime low = (SimTime) (PER_OCTAVE + k % PER_OCTAVE) << shift;
    return low + (((SimTime) 1 << shift) - 1) / 2;
}

OutSample *out_sample_new(void)
{
    OutSample *s = g_new0(OutSample, 1);
    s->values = g_array_new(FALSE, FALSE, sizeof(SimTime));
    double ranges[OUT_HISTOGRAM_BINS + 1];
    for (int i = 0; i < OUT_HISTOGRAM_BINS; i++)
        ranges[i] = (double) out_histogram_from[i];
    ranges[OUT_HISTOGRAM_BINS] = INFINITY;
    s->fixed = gsl_histogram_alloc(OUT_HISTOGRAM_BINS);
    gsl_histogram_set_ranges(s->fixed, ranges, OUT_HISTOGRAM_BINS + 1);
    return s;
}

void out_sample_free(OutSample *s)
{
    if (!s)
        return;
    if (s->values)
        g_array_unref(s->values);
    g_free(s->bins);
    gsl_histogram_free(s->fixed);
    g_free(s);
}

void out_sample_add(OutSample *s, SimTime v)
{
    g_return_if_fail(v >= 0);
    s->min = s->n ? MIN(s->min, v) : v;
    s->max = s->n ? MAX(s->max, v) : v;
    s->n++;
    s->sum += v;
    double delta = (double) v - s->mean;
    s->mean += delta / (double) s->n;
    s->m2 += delta * ((double) v - s->mean);
    gsl_histogram_increment(s->fixed, (double) v); /* exact in a double up to 2^53 ns */
    if (s->values && s->values->len < OUT_SAMPLE_EXACT) {
        g_array_append_val(s->values, v);
        return;
    }
    if (s->values) {
        s->bins = g_new0(guint64, N_BINS);
        for (guint i = 0; i < s->values->len; i++)
            s->bins[bin_of(g_array_index(s->values, SimTime, i))]++;
        g_clear_pointer(&s->values, g_array_unref);
    }
    s->bins[bin_of(v)]++;
}

gboolean out_sample_exact(const OutSample *s)
{
    return s->values != NULL;
}

OutTimes out_sample_times(const OutSample *s)
{
    if (s->values)
        return out_times_of(s->values);
    OutTimes t = { .n = s->n, .min = s->min, .max = s->max, .binned = TRUE };
    t.mean = (SimTime) ((s->sum + (__int128) (s->n / 2)) / (__int128) s->n);
    t.sd = (SimTime) llround(sqrt(s->m2 / (double) (s->n - 1)));
    static const guint percents[] = { 50, 90, 95, 99 };
    SimTime *at[] = { &t.p50, &t.p90, &t.p95, &t.p99 };
    guint64 seen = 0;
    guint next = 0;
    for (guint i = 0; i < N_BINS && next < G_N_ELEMENTS(percents); i++) {
        seen += s->bins[i];
        while (next < G_N_ELEMENTS(percents) &&
               seen >= MAX((s->n * percents[next] + 99) / 100, 1)) {
            *at[next] = CLAMP(bin_middle(i), s->min, s->max);
            next++;
        }
    }
    return t;
}

OutHistogram out_sample_histogram(const OutSample *s)
{
    OutHistogram h = { { 0 } };
    for (int i = 0; i < OUT_HISTOGRAM_BINS; i++)
        h.count[i] = (guint64) gsl_histogram_get(s->fixed, (size_t) i);
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
        if (t->binned) {
            json_builder_set_member_name(b, "percentiles_binned");
            json_builder_add_boolean_value(b, TRUE);
        }
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
    fprintf(f, ", p50 %.3f, p90 %.3f, p95 %.3f, p99 %.3f, max %.3f%s\n", ms(t->p50), ms(t->p90),
            ms(t->p95), ms(t->p99), ms(t->max), t->binned ? " (percentiles binned)" : "");
}
