/* SPDX-License-Identifier: MIT */
/*
 * One direction of a link: serialization, the transmit queue, MTU, outages, the loss models,
 * duplication and the delay distributions. Deterministic parts are checked to the nanosecond.
 * Random parts are checked at a fixed seed against intervals of 99.9% confidence: a correct
 * model fails one in a thousand seeds, and the fixed seed makes any failure reproducible.
 */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

#include "net-datagram.h"
#include "net-link.h"

#define SEED 20240601
#define RUN  1

/* Two-sided 99.9%: the error rate of every statistical test in this file. */
#define ALPHA 0.001
/* The standard normal quantile 1 - ALPHA / 2. */
#define Z_999 3.2905

/* Kolmogorov's asymptotic critical value at ALPHA = 0.001: sqrt(-ln(ALPHA / 2) / 2) / sqrt(n). */
#define KS_C_999 1.949

#define KS_SAMPLES 20000

static void dir_init(NetLinkDir *dir, const NetLinkParams *p)
{
    net_link_dir_init(dir, p, SEED, RUN, "link:test:0");
}

static void expect_arrival(NetLinkDir *dir, SimTime now, guint32 wire, SimTime arrival)
{
    NetTransmission tx;
    net_link_dir_transmit(dir, now, wire, &tx);
    g_assert_cmpint(tx.drop, ==, NET_DROP_NONE);
    g_assert_cmpint(tx.arrival, ==, arrival);
    g_assert_false(tx.duplicated);
}

static void expect_drop(NetLinkDir *dir, SimTime now, guint32 wire, NetDropCause cause)
{
    NetTransmission tx;
    net_link_dir_transmit(dir, now, wire, &tx);
    g_assert_cmpstr(net_drop_cause_name(tx.drop), ==, net_drop_cause_name(cause));
}

static void test_serialization_exact(void)
{
    /* 1000 bytes of payload are 1028 on the wire: 8224 bits at 1 Mb/s. */
    g_assert_cmpint(net_serialization_time(1000 + NET_IP_UDP_HEADER, 1000000), ==, 8224000);
    g_assert_cmpint(net_serialization_time(125, 1000000000), ==, 1000);
    /* 8e9 / 3 = 2666666666.67: rounded up. */
    g_assert_cmpint(net_serialization_time(1, 3), ==, 2666666667);
    /* 12000 bits at 7 Mb/s = 1714285.71 ns. */
    g_assert_cmpint(net_serialization_time(1500, 7000000), ==, 1714286);
    /* bytes * 8 * 1e9 exceeds 2^64 in both; the results fit. */
    g_assert_cmpint(net_serialization_time(1000000000000, 10000000000), ==, 800000000000);
    g_assert_cmpint(net_serialization_time(G_MAXUINT32, 7), ==, 4908534051428571429);

    NetLinkParams p;
    net_link_params_init(&p);
    p.bandwidth_bps = 1000000;
    NetLinkDir dir;
    dir_init(&dir, &p);
    expect_arrival(&dir, 0, 1028, 8224000);
    net_link_dir_clear(&dir);
    net_link_params_clear(&p);
}

static void test_fifo_queue(void)
{
    NetLinkParams p;
    net_link_params_init(&p);
    p.bandwidth_bps = 1000000;
    p.delay = sim_distribution_constant(10 * SIM_MS);
    NetLinkDir dir;
    dir_init(&dir, &p);
    /* Back to back at 0: each waits for the one before; 128 bytes take 1024000 ns. */
    expect_arrival(&dir, 0, 1028, 8224000 + 10 * SIM_MS);
    expect_arrival(&dir, 0, 128, 9248000 + 10 * SIM_MS);
    expect_arrival(&dir, 0, 1028, 17472000 + 10 * SIM_MS);
    /* Sent while the transmitter is busy until 17472000: starts then. */
    expect_arrival(&dir, 1 * SIM_MS, 1028, 25696000 + 10 * SIM_MS);
    /* Sent the instant the transmitter frees: no wait. */
    expect_arrival(&dir, 25696000, 128, 26720000 + 10 * SIM_MS);
    /* After an idle spell. */
    expect_arrival(&dir, 100 * SIM_MS, 1028, 108224000 + 10 * SIM_MS);
    g_assert_cmpuint(net_link_dir_stats(&dir).sent, ==, 6);
    net_link_dir_clear(&dir);
    net_link_params_clear(&p);
}

static void test_queue_full_drops(void)
{
    const guint32 limits[] = { 0, 1, 3, 10, 100 };
    for (guint i = 0; i < G_N_ELEMENTS(limits); i++) {
        guint32 n = limits[i];
        NetLinkParams p;
        net_link_params_init(&p);
        p.bandwidth_bps = 1000000;
        p.queue_limit = n;
        NetLinkDir dir;
        dir_init(&dir, &p);
        /* One in transmission plus n waiting; the next one at the same instant is dropped. */
        for (guint32 k = 1; k <= n + 1; k++)
            expect_arrival(&dir, 0, 1028, k * 8224000);
        expect_drop(&dir, 0, 1028, NET_DROP_QUEUE_FULL);
        /* One nanosecond before the first leaves, the queue is still full ... */
        expect_drop(&dir, 8224000 - 1, 1028, NET_DROP_QUEUE_FULL);
        /* ... and the instant it leaves, the second starts and frees a place. */
        expect_arrival(&dir, 8224000, 1028, (n + 2) * 8224000);
        expect_drop(&dir, 8224000, 1028, NET_DROP_QUEUE_FULL);
        g_assert_cmpuint(net_link_dir_stats(&dir).sent, ==, n + 5);
        g_assert_cmpuint(net_link_dir_stats(&dir).dropped[NET_DROP_QUEUE_FULL], ==, 3);
        net_link_dir_clear(&dir);
        net_link_params_clear(&p);
    }
}

static void test_mtu(void)
{
    NetLinkParams p;
    net_link_params_init(&p);
    p.bandwidth_bps = 1000000;
    p.mtu = 1500;
    NetLinkDir dir;
    dir_init(&dir, &p);
    expect_drop(&dir, 0, 1501, NET_DROP_MTU);
    /* The dropped datagram never used the transmitter: 12000 bits at 1 Mb/s from 0. */
    expect_arrival(&dir, 0, 1500, 12 * SIM_MS);
    g_assert_cmpuint(net_link_dir_stats(&dir).dropped[NET_DROP_MTU], ==, 1);
    net_link_dir_clear(&dir);

    p.mtu = 0; /* no limit */
    dir_init(&dir, &p);
    expect_arrival(&dir, 0, 65535, net_serialization_time(65535, 1000000));
    net_link_dir_clear(&dir);
    net_link_params_clear(&p);
}

static void test_outage(void)
{
    NetLinkParams p;
    net_link_params_init(&p);
    p.delay = sim_distribution_constant(5 * SIM_MS);
    p.n_outages = 2;
    p.outages = g_new(NetOutage, p.n_outages);
    p.outages[0] = (NetOutage){ 100 * SIM_MS, 200 * SIM_MS };
    p.outages[1] = (NetOutage){ 300 * SIM_MS, 300 * SIM_MS + 1 };
    NetLinkDir dir;
    dir_init(&dir, &p);
    /* The link's state when it is sent decides, not when it would arrive. */
    expect_arrival(&dir, 100 * SIM_MS - 1, 100, 105 * SIM_MS - 1);
    expect_drop(&dir, 100 * SIM_MS, 100, NET_DROP_LINK_DOWN);
    expect_drop(&dir, 200 * SIM_MS - 1, 100, NET_DROP_LINK_DOWN);
    expect_arrival(&dir, 200 * SIM_MS, 100, 205 * SIM_MS);
    expect_drop(&dir, 300 * SIM_MS, 100, NET_DROP_LINK_DOWN);
    expect_arrival(&dir, 300 * SIM_MS + 1, 100, 305 * SIM_MS + 1);
    g_assert_cmpuint(net_link_dir_stats(&dir).dropped[NET_DROP_LINK_DOWN], ==, 3);
    net_link_dir_clear(&dir);
    net_link_params_clear(&p);
}

/* ---- loss and duplication ---- */

/* The smallest k in [0, n] for which @pred holds; @pred is false, then true, as k grows. */
static guint smallest_k(guint n, double p, gboolean (*pred)(guint k, double p, guint n))
{
    guint lo = 0, hi = n;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (pred(mid, p, n))
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static gboolean lower_tail_exceeds(guint k, double p, guint n)
{
    return gsl_cdf_binomial_P(k, p, n) > ALPHA / 2;
}

static gboolean upper_tail_within(guint k, double p, guint n)
{
    return gsl_cdf_binomial_Q(k, p, n) <= ALPHA / 2;
}

/* Asserts that @count successes in @n trials of probability @p lie in the exact binomial
 * interval [lo, hi] with P(X < lo) <= ALPHA / 2 and P(X > hi) <= ALPHA / 2. */
static void assert_binomial(guint count, guint n, double p)
{
    guint lo = smallest_k(n, p, lower_tail_exceeds);
    guint hi = smallest_k(n, p, upper_tail_within);
    g_test_message("%u of %u at p = %g; 99.9%% interval [%u, %u]", count, n, p, lo, hi);
    g_assert_cmpuint(count, >=, lo);
    g_assert_cmpuint(count, <=, hi);
}

static void test_bernoulli_loss_rate(void)
{
    enum { N = 100000 };
    NetLinkParams p;
    net_link_params_init(&p);
    p.loss = (NetLossModel){ .kind = NET_LOSS_BERNOULLI, .p = 0.1 };
    NetLinkDir dir;
    dir_init(&dir, &p);
    guint lost = 0;
    for (guint i = 0; i < N; i++) {
        NetTransmission tx;
        net_link_dir_transmit(&dir, i * SIM_US, 100, &tx);
        lost += tx.drop == NET_DROP_LOSS;
    }
    assert_binomial(lost, N, 0.1);
    g_assert_cmpuint(net_link_dir_stats(&dir).dropped[NET_DROP_LOSS], ==, lost);
    g_assert_cmpuint(net_link_dir_stats(&dir).sent, ==, N);
    net_link_dir_clear(&dir);
    net_link_params_clear(&p);
}

/* Runs @n datagrams through a Gilbert-Elliott link; @lost[i] says whether the i-th was lost. */
static void gilbert_elliott_run(const NetLossModel *m, guint n, gboolean *lost)
{
    NetLinkParams p;
    net_link_params_init(&p);
    p.loss = *m;
    NetLinkDir dir;
    dir_init(&dir, &p);
    for (guint i = 0; i < n; i++) {
        NetTransmission tx;
        net_link_dir_transmit(&dir, i * SIM_US, 100, &tx);
        lost[i] = tx.drop == NET_DROP_LOSS;
    }
    net_link_dir_clear(&dir);
    net_link_params_clear(&p);
}

/* The mean length of the completed runs of @value in @lost, checked against a geometric
 * distribution of parameter @q (mean 1/q, variance (1-q)/q^2): the runs are the chain's
 * sojourns, independent, so the normal approximation of their mean holds at 99.9%. */
static void assert_mean_run(const gboolean *lost, guint n, gboolean value, double q)
{
    guint runs = 0, total = 0, len = 0;
    for (guint i = 0; i < n; i++) {
        if (lost[i] == value) {
            len++;
        } else if (len) {
            runs++;
            total += len;
            len = 0;
        }
    }
    double mean = (double) total / runs;
    double half = Z_999 * sqrt((1 - q) / (q * q) / runs);
    g_test_message("%u runs of %s, mean %.4f, expected %.4f +- %.4f", runs,
                   value ? "losses" : "deliveries", mean, 1 / q, half);
    g_assert_cmpfloat(fabs(mean - 1 / q), <, half);
}

static void test_gilbert_elliott(void)
{
    enum { N = 1000000 };
    gboolean *lost = g_new(gboolean, N);

    /* The stationary loss rate. The losses are correlated, so no binomial interval: by the
     * central limit theorem for Markov chains, the mean of N losses has variance
     * (E[l(1-l)] + Var(l) (1 + lambda) / (1 - lambda)) / N, l the state's loss probability and
     * lambda = 1 - p - r the chain's second eigenvalue. */
    const NetLossModel m = {
        .kind = NET_LOSS_GILBERT_ELLIOTT, .p = 0.01, .r = 0.25, .loss_good = 0.001, .loss_bad = 0.5
    };
    gilbert_elliott_run(&m, N, lost);
    guint count = 0;
    for (guint i = 0; i < N; i++)
        count += lost[i];
    double bad = m.p / (m.p + m.r), good = m.r / (m.p + m.r);
    double rate = bad * m.loss_bad + good * m.loss_good;
    double lambda = 1 - m.p - m.r;
    double within = good * m.loss_good * (1 - m.loss_good) + bad * m.loss_bad * (1 - m.loss_bad);
    double between = good * bad * (m.loss_bad - m.loss_good) * (m.loss_bad - m.loss_good);
    double half = Z_999 * sqrt((within + between * (1 + lambda) / (1 - lambda)) / N);
    double observed = (double) count / N;
    g_test_message("loss rate %.5f, expected %.5f +- %.5f", observed, rate, half);
    g_assert_cmpfloat(fabs(observed - rate), <, half);

    /* Bursts: with certain loss in the bad state and none in the good one, a burst of losses
     * is a stay in the bad state, geometric with mean 1/r; a gap is a stay in the good one. */
    const NetLossModel bursty = {
        .kind = NET_LOSS_GILBERT_ELLIOTT, .p = 0.05, .r = 0.2, .loss_good = 0, .loss_bad = 1
    };
    gilbert_elliott_run(&bursty, N, lost);
    assert_mean_run(lost, N, TRUE, bursty.r);
    assert_mean_run(lost, N, FALSE, bursty.p);
    g_free(lost);
}

static void test_duplicate_rate(void)
{
    enum { N = 100000 };
    NetLinkParams p;
    net_link_params_init(&p);
    p.duplicate = 0.05;
    p.delay = (SimDistribution){ .kind = SIM_DIST_UNIFORM, .a = 1 * SIM_MS, .b = 3 * SIM_MS };
    NetLinkDir dir;
    dir_init(&dir, &p);
    guint dups = 0, own_delay = 0;
    for (guint i = 0; i < N; i++) {
        NetTransmission tx;
        SimTime now = i * SIM_US;
        net_link_dir_transmit(&dir, now, 100, &tx);
        g_assert_cmpint(tx.drop, ==, NET_DROP_NONE);
        if (!tx.duplicated)
            continue;
        dups++;
        g_assert_cmpint(tx.dup_arrival, >=, now + 1 * SIM_MS);
        g_assert_cmpint(tx.dup_arrival, <=, now + 3 * SIM_MS);
        own_delay += tx.dup_arrival != tx.arrival;
    }
    assert_binomial(dups, N, 0.05);
    g_assert_cmpuint(net_link_dir_stats(&dir).duplicated, ==, dups);
    /* The copy draws its own delay. */
    g_assert_cmpuint(own_delay, >, 0);
    net_link_dir_clear(&dir);
    net_link_params_clear(&p);
}

/* ---- delays ---- */

/* @n delays (arrival - send time, ns) through a link with no bandwidth and no loss, drawn
 * from a stream of its own for each distribution: the samplers all transform uniform draws,
 * and a shared stream would make their tests one test. */
static double *draw_delays(const NetLinkParams *p, guint n)
{
    NetLinkDir dir;
    g_autofree char *stream =
        g_strconcat("link:delay-", sim_distribution_kind_name(p->delay.kind), NULL);
    net_link_dir_init(&dir, p, SEED, RUN, stream);
    double *x = g_new(double, n);
    for (guint i = 0; i < n; i++) {
        NetTransmission tx;
        SimTime now = i * SIM_MS;
        net_link_dir_transmit(&dir, now, 100, &tx);
        g_assert_cmpint(tx.drop, ==, NET_DROP_NONE);
        x[i] = (double) (tx.arrival - now);
    }
    net_link_dir_clear(&dir);
    return x;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

typedef double (*Cdf)(double x, const SimDistribution *d);

/* The Kolmogorov-Smirnov test of the @n delays @x (sorted in place) against @model's continuous
 * @cdf, at level ALPHA. The draws are rounded to whole nanoseconds; at millisecond delays that
 * moves the CDF by about 1e-6, far below the critical value (0.0138 for 20000 draws). */
static void assert_ks(double *x, guint n, Cdf cdf, const SimDistribution *model)
{
    qsort(x, n, sizeof *x, compare_double);
    double d = 0;
    for (guint i = 0; i < n; i++) {
        double f = cdf(x[i], model);
        d = MAX(d, MAX((double) (i + 1) / n - f, f - (double) i / n));
    }
    double critical = KS_C_999 / sqrt(n);
    g_test_message("%s: D = %.5f, critical %.5f", sim_distribution_kind_name(model->kind), d,
                   critical);
    g_assert_cmpfloat(d, <, critical);
}

static void assert_delay_distribution(SimDistribution delay, Cdf cdf)
{
    NetLinkParams p;
    net_link_params_init(&p);
    p.delay = delay;
    double *x = draw_delays(&p, KS_SAMPLES);
    assert_ks(x, KS_SAMPLES, cdf, &p.delay);
    g_free(x);
    net_link_params_clear(&p);
}

static void test_delay_constant(void)
{
    /* A point mass has no continuous CDF for the KS statistic to measure against; every draw
     * must be the value itself, which is stronger. */
    NetLinkParams p;
    net_link_params_init(&p);
    p.delay = sim_distribution_constant(12.5 * SIM_MS);
    double *x = draw_delays(&p, KS_SAMPLES);
    for (guint i = 0; i < KS_SAMPLES; i++)
        g_assert_cmpint((SimTime) x[i], ==, 12500000);
    g_free(x);
    net_link_params_clear(&p);
}

static double uniform_cdf(double x, const SimDistribution *d)
{
    return CLAMP((x - d->a) / (d->b - d->a), 0.0, 1.0);
}

static void test_delay_uniform(void)
{
    assert_delay_distribution(
        (SimDistribution){ .kind = SIM_DIST_UNIFORM, .a = 5 * SIM_MS, .b = 15 * SIM_MS },
        uniform_cdf);
}

/* The normal distribution truncated to x >= 0. */
static double truncated_normal_cdf(double x, const SimDistribution *d)
{
    double below = gsl_cdf_ugaussian_P(-d->a / d->b);
    return (gsl_cdf_ugaussian_P((x - d->a) / d->b) - below) / (1 - below);
}

static void test_delay_normal_truncated(void)
{
    /* A mean of one standard deviation cuts off 16% of the mass: clamping at zero instead of
     * redrawing would put an atom there that the test sees at once. */
    assert_delay_distribution(
        (SimDistribution){ .kind = SIM_DIST_NORMAL, .a = 5 * SIM_MS, .b = 5 * SIM_MS },
        truncated_normal_cdf);
}

static double exponential_cdf(double x, const SimDistribution *d)
{
    return gsl_cdf_exponential_P(x, d->a);
}

static void test_delay_exponential(void)
{
    assert_delay_distribution((SimDistribution){ .kind = SIM_DIST_EXPONENTIAL, .a = 10 * SIM_MS },
                              exponential_cdf);
}

static double pareto_cdf(double x, const SimDistribution *d)
{
    return gsl_cdf_pareto_P(x, d->b, d->a); /* GSL: (x, shape, scale) */
}

static void test_delay_pareto(void)
{
    assert_delay_distribution(
        (SimDistribution){ .kind = SIM_DIST_PARETO, .a = 10 * SIM_MS, .b = 2.5 }, pareto_cdf);
}

/* Linear between the table's points, 0 before the first, 1 after the last. */
static double empirical_cdf(double x, const SimDistribution *d)
{
    if (x <= d->values[0])
        return 0;
    for (guint i = 1; i < d->n; i++) {
        if (x <= d->values[i]) {
            double f = (x - d->values[i - 1]) / (d->values[i] - d->values[i - 1]);
            return d->probs[i - 1] + f * (d->probs[i] - d->probs[i - 1]);
        }
    }
    return 1;
}

static void test_delay_empirical(void)
{
    /* With a flat stretch (20 to 30 ms): no delay may fall there. */
    static const double values[] = { 2 * SIM_MS,  5 * SIM_MS,  10 * SIM_MS,
                                     20 * SIM_MS, 30 * SIM_MS, 60 * SIM_MS };
    static const double probs[] = { 0, 0.3, 0.7, 0.9, 0.9, 1 };
    SimDistribution d = {
        .kind = SIM_DIST_EMPIRICAL,
        .n = G_N_ELEMENTS(values),
        .values = g_memdup2(values, sizeof values),
        .probs = g_memdup2(probs, sizeof probs),
    };
    const char *why = NULL;
    g_assert_true(sim_distribution_check(&d, &why));
    assert_delay_distribution(d, empirical_cdf);
}

static void test_jitter(void)
{
    enum { N = 10000 };
    NetLinkParams p;
    net_link_params_init(&p);
    p.delay = sim_distribution_constant(20 * SIM_MS);
    p.jitter = 5 * SIM_MS;
    double *x = draw_delays(&p, N);
    double sum = 0;
    for (guint i = 0; i < N; i++) {
        g_assert_cmpfloat(x[i], >=, 15 * SIM_MS);
        g_assert_cmpfloat(x[i], <=, 25 * SIM_MS);
        sum += x[i];
    }
    /* Uniform jitter on [-5, 5] ms has standard deviation 5 / sqrt(3) ms; the normal
     * approximation of the mean of N draws at 99.9%. */
    double half = Z_999 * 5 * SIM_MS / sqrt(3) / sqrt(N);
    g_assert_cmpfloat(fabs(sum / N - 20 * SIM_MS), <, half);
    /* Its whole shape: uniform on [15, 25] ms. */
    const SimDistribution window = { .kind = SIM_DIST_UNIFORM, .a = 15 * SIM_MS, .b = 25 * SIM_MS };
    assert_ks(x, N, uniform_cdf, &window);
    g_free(x);
    net_link_params_clear(&p);
}

/* A direction seeds its stream on its first draw (an idle phone's links hold none), and draws
 * exactly what a stream seeded at the start would: a uniform delay of [10, 20) ms. */
static void test_stream_on_first_draw(void)
{
    NetLinkParams p;
    net_link_params_init(&p);
    p.delay = sim_distribution_constant(10 * SIM_MS);
    NetLinkDir dir;
    dir_init(&dir, &p);
    expect_arrival(&dir, 0, 100, 10 * SIM_MS);
    g_assert_null(dir.rng);
    g_assert_null(dir.more);
    net_link_dir_clear(&dir);

    p.delay = (SimDistribution){ .kind = SIM_DIST_UNIFORM, .a = 10 * SIM_MS, .b = 20 * SIM_MS };
    dir_init(&dir, &p);
    SimRng ref;
    sim_rng_init(&ref, SEED, RUN, "link:test:0");
    for (int i = 0; i < 3; i++)
        expect_arrival(&dir, 0, 100,
                       sim_rng_round_ns(10 * SIM_MS + gsl_rng_uniform(&ref.gen) * 10 * SIM_MS));
    g_assert_nonnull(dir.rng);
    g_assert_null(dir.more);
    g_assert_cmpuint(net_link_dir_stats(&dir).sent, ==, 3);
    net_link_dir_clear(&dir);
    net_link_params_clear(&p);
}

/* Counts arrivals earlier than the one sent just before, for datagrams sent every @spacing. */
static guint count_reordered(SimTime jitter, SimTime spacing)
{
    enum { N = 10000 };
    NetLinkParams p;
    net_link_params_init(&p);
    p.delay = sim_distribution_constant(10 * SIM_MS);
    p.jitter = jitter;
    NetLinkDir dir;
    dir_init(&dir, &p);
    guint reordered = 0;
    SimTime previous = 0;
    for (guint i = 0; i < N; i++) {
        NetTransmission tx;
        net_link_dir_transmit(&dir, i * spacing, 100, &tx);
        if (jitter == 0)
            g_assert_cmpint(tx.arrival, ==, i * spacing + 10 * SIM_MS);
        reordered += tx.arrival < previous;
        previous = tx.arrival;
    }
    net_link_dir_clear(&dir);
    net_link_params_clear(&p);
    return reordered;
}

static void test_reordering(void)
{
    /* Without delay variation, never; with variation (2 x 0.4 ms) below the spacing, never. */
    g_assert_cmpuint(count_reordered(0, 0), ==, 0);
    g_assert_cmpuint(count_reordered(0, 1 * SIM_MS), ==, 0);
    g_assert_cmpuint(count_reordered(400 * SIM_US, 1 * SIM_MS), ==, 0);
    /* With variation well above the spacing, often. */
    guint n = count_reordered(5 * SIM_MS, 1 * SIM_MS);
    g_test_message("%u of 10000 overtaken", n);
    g_assert_cmpuint(n, >, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/net/link/serialization-exact", test_serialization_exact);
    g_test_add_func("/net/link/fifo-queue", test_fifo_queue);
    g_test_add_func("/net/link/queue-full-drops", test_queue_full_drops);
    g_test_add_func("/net/link/mtu", test_mtu);
    g_test_add_func("/net/link/outage", test_outage);
    g_test_add_func("/net/link/bernoulli-loss-rate", test_bernoulli_loss_rate);
    g_test_add_func("/net/link/gilbert-elliott", test_gilbert_elliott);
    g_test_add_func("/net/link/duplicate-rate", test_duplicate_rate);
    g_test_add_func("/net/link/delay/constant", test_delay_constant);
    g_test_add_func("/net/link/delay/uniform", test_delay_uniform);
    g_test_add_func("/net/link/delay/normal-truncated", test_delay_normal_truncated);
    g_test_add_func("/net/link/delay/exponential", test_delay_exponential);
    g_test_add_func("/net/link/delay/pareto", test_delay_pareto);
    g_test_add_func("/net/link/delay/empirical", test_delay_empirical);
    g_test_add_func("/net/link/jitter", test_jitter);
    g_test_add_func("/net/link/stream-on-first-draw", test_stream_on_first_draw);
    g_test_add_func("/net/link/reordering", test_reordering);
    return g_test_run();
}
