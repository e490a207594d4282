/* SPDX-License-Identifier: MIT */
/*
 * OutSample, the report's bounded sample of times: exact nearest-rank percentiles up to
 * OUT_SAMPLE_EXACT values, log-linear bins beyond with each percentile within 2^-11 of the
 * exact one, exact count, minimum, mean and maximum, and no memory growth once binned.
 */
#include <gsl/gsl_statistics_double.h>
#include <malloc.h>
#include <math.h>

#include "out-stats.h"

/* Values spread over six decades, from 1 us to 1 s, and some under 2 us (exact bins). */
static SimTime draw(GRand *r)
{
    if (g_rand_int_range(r, 0, 10) == 0)
        return g_rand_int_range(r, 0, 2048);
    return (SimTime) llround(pow(10.0, g_rand_double_range(r, 3.0, 9.0)));
}

static int compare_time(gconstpointer a, gconstpointer b)
{
    SimTime x = *(const SimTime *) a, y = *(const SimTime *) b;
    return (x > y) - (x < y);
}

static SimTime nearest_rank(const GArray *sorted, guint percent)
{
    guint64 rank = MAX(((guint64) sorted->len * percent + 99) / 100, 1);
    return g_array_index(sorted, SimTime, rank - 1);
}

static void test_exact_up_to_the_cap(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(1);
    g_autoptr(OutSample) s = out_sample_new();
    g_autoptr(GArray) v = g_array_new(FALSE, FALSE, sizeof(SimTime));
    for (guint i = 0; i < OUT_SAMPLE_EXACT; i++) {
        SimTime x = draw(r);
        out_sample_add(s, x);
        g_array_append_val(v, x);
    }
    g_assert_true(out_sample_exact(s));
    OutTimes a = out_sample_times(s), b = out_times_of(v);
    g_assert_false(a.binned);
    g_assert_cmpuint(a.n, ==, b.n);
    const SimTime got[] = { a.min, a.mean, a.sd, a.p50, a.p90, a.p95, a.p99, a.max };
    const SimTime want[] = { b.min, b.mean, b.sd, b.p50, b.p90, b.p95, b.p99, b.max };
    g_assert_cmpmem(got, sizeof got, want, sizeof want);
    OutHistogram h = out_sample_histogram(s);
    guint64 total = 0;
    for (guint k = 0; k < OUT_HISTOGRAM_BINS; k++) {
        guint64 expected = 0;
        for (guint i = 0; i < v->len; i++) {
            SimTime x = g_array_index(v, SimTime, i);
            expected += x >= out_histogram_from[k] &&
                        (k + 1 == OUT_HISTOGRAM_BINS || x < out_histogram_from[k + 1]);
        }
        g_assert_cmpuint(h.count[k], ==, expected);
        total += h.count[k];
    }
    g_assert_cmpuint(total, ==, OUT_SAMPLE_EXACT);
}

static void assert_within(SimTime got, SimTime exact)
{
    g_assert_cmpint(llabs(got - exact), <=, exact >> (OUT_SAMPLE_BITS + 1));
}

static void test_binned_within_bound(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(2);
    g_autoptr(OutSample) s = out_sample_new();
    g_autoptr(GArray) v = g_array_new(FALSE, FALSE, sizeof(SimTime));
    for (guint i = 0; i < 10 * OUT_SAMPLE_EXACT; i++) {
        SimTime x = draw(r);
        out_sample_add(s, x);
        g_array_append_val(v, x);
    }
    g_assert_false(out_sample_exact(s));
    OutTimes t = out_sample_times(s);
    g_assert_true(t.binned);
    g_array_sort(v, compare_time);
    const SimTime *x = (const SimTime *) v->data;
    g_assert_cmpuint(t.n, ==, v->len);
    g_assert_cmpint(t.min, ==, x[0]);
    g_assert_cmpint(t.max, ==, x[v->len - 1]);
    gint64 sum = 0;
    g_autofree double *d = g_new(double, v->len);
    for (guint i = 0; i < v->len; i++) {
        sum += x[i];
        d[i] = (double) x[i];
    }
    g_assert_cmpint(t.mean, ==, (sum + (gint64) v->len / 2) / (gint64) v->len);
    g_assert_cmpint(llabs(t.sd - llround(gsl_stats_sd(d, 1, v->len))), <=, 1);
    assert_within(t.p50, nearest_rank(v, 50));
    assert_within(t.p90, nearest_rank(v, 90));
    assert_within(t.p95, nearest_rank(v, 95));
    assert_within(t.p99, nearest_rank(v, 99));
    /* The bins are exact below 2^(BITS + 1) ns: a sample of small values keeps exact ranks. */
    g_autoptr(OutSample) small = out_sample_new();
    for (guint i = 0; i <= OUT_SAMPLE_EXACT; i++)
        out_sample_add(small, i % 2000);
    OutTimes u = out_sample_times(small);
    g_assert_true(u.binned);
    g_assert_cmpint(u.p50, ==, 999);
    g_assert_cmpint(u.p99, ==, 1979);
}

/* Past the cap, a value costs no memory: the bins are all allocated when the cap is crossed. */
static void test_constant_memory(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(3);
    g_autoptr(OutSample) s = out_sample_new();
    for (guint i = 0; i <= OUT_SAMPLE_EXACT; i++)
        out_sample_add(s, draw(r));
    size_t before = mallinfo2().uordblks;
    for (guint i = 0; i < 20 * OUT_SAMPLE_EXACT; i++)
        out_sample_add(s, draw(r));
    g_assert_cmpuint(mallinfo2().uordblks, ==, before);
    /* The largest time has a bin: no index runs past the end. */
    out_sample_add(s, G_MAXINT64);
    OutTimes t = out_sample_times(s);
    g_assert_cmpint(t.max, ==, G_MAXINT64);
    g_assert_cmpuint(t.n, ==, 21 * OUT_SAMPLE_EXACT + 2);
}

/* summary.json says when the percentiles are binned, and only then. */
static void test_json_says_binned(void)
{
    g_autoptr(OutSample) s = out_sample_new();
    for (guint i = 0; i <= OUT_SAMPLE_EXACT; i++) {
        out_sample_add(s, i);
        if (i + 1 < OUT_SAMPLE_EXACT)
            continue;
        g_autoptr(JsonBuilder) b = json_builder_new();
        json_builder_begin_object(b);
        OutTimes t = out_sample_times(s);
        out_times_json(b, "t", &t, NULL);
        json_builder_end_object(b);
        g_autoptr(JsonNode) root = json_builder_get_root(b);
        JsonObject *o = json_object_get_object_member(json_node_get_object(root), "t");
        g_assert_cmpint(json_object_has_member(o, "percentiles_binned"), ==, i == OUT_SAMPLE_EXACT);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/out-stats/sample/exact-up-to-the-cap", test_exact_up_to_the_cap);
    g_test_add_func("/out-stats/sample/binned-within-bound", test_binned_within_bound);
    g_test_add_func("/out-stats/sample/constant-memory", test_constant_memory);
    g_test_add_func("/out-stats/sample/json-says-binned", test_json_says_binned);
    return g_test_run();
}
