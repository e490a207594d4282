/* SPDX-License-Identifier: MIT */
/*
 * Load studies, run by `sipsim run`: populations, registration waves, Poisson traffic with its
 * mix, the callees' drawn answers, the warm-up; and validation against theory: blocking of a
 * phone with a few lines under Poisson load (Erlang B), the number of INVITE transmissions on a
 * lossy path (a truncated geometric law), and the proxy's queue as an M/M/1 queue.
 */
#include <gsl/gsl_cdf.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "sipsim-runner.h"

/* The rows of @dir/@name without its header, each split at commas. */
static GPtrArray *rows_of(const char *dir, const char *name)
{
    g_autofree char *text = sipsim_read_file(dir, name);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify) g_strfreev);
    for (char **l = lines + 1; *l && **l; l++)
        g_ptr_array_add(rows, g_strsplit(*l, ",", -1));
    return rows;
}

static JsonObject *summary_sip(JsonParser *parser, const char *dir)
{
    g_autofree char *path = g_build_filename(dir, "summary.json", NULL);
    g_assert_true(json_parser_load_from_file(parser, path, NULL));
    return json_object_get_object_member(json_node_get_object(json_parser_get_root(parser)), "sip");
}

static gint64 member(JsonObject *o, const char *a, const char *b)
{
    return json_object_get_int_member(json_object_get_object_member(o, a), b);
}

/* 12 phones on a segment and 12 behind NATs of 5: names, addresses, NATs; each registers once
 * in its wave, at a time of its own in [0, 10 s). */
static void test_population(void)
{
    g_autofree char *dir = sipsim_run_scenario("tests/scenarios/population.yaml", NULL);
    g_autoptr(GPtrArray) messages = rows_of(dir, "messages.csv");
    /* time_ns,from,to,message,call_id,cseq,branch,bytes,retransmission,fate */
    g_autoptr(GHashTable) registered = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    gint64 first = G_MAXINT64, last = 0;
    for (guint i = 0; i < messages->len; i++) {
        char **f = g_ptr_array_index(messages, i);
        if (!g_str_equal(f[3], "REGISTER") || g_str_equal(f[8], "1"))
            continue;
        gint64 t = g_ascii_strtoll(f[0], NULL, 10);
        if (g_str_equal(f[5], "1")) { /* the first REGISTER of a phone */
            g_assert_false(g_hash_table_contains(registered, f[1]));
            g_hash_table_add(registered, g_strdup(f[1]));
            first = MIN(first, t);
            last = MAX(last, t);
        }
    }
    g_assert_cmpuint(g_hash_table_size(registered), ==, 24);
    for (int i = 1; i <= 12; i++) {
        g_autofree char *u = g_strdup_printf("u%d", i), *h = g_strdup_printf("h%d", i);
        g_assert_true(g_hash_table_contains(registered, u));
        g_assert_true(g_hash_table_contains(registered, h));
    }
    g_assert_cmpint(first, >=, 0);
    g_assert_cmpint(last, <, 10 * 1000000000LL);
    g_assert_cmpint(last - first, >, 5 * 1000000000LL); /* spread over the wave, not at once */
    /* The addresses: u3 is 10.1.0.3; h7 (the 2nd phone of the 2nd NAT, h-nat2) is 10.2.1.3, and
     * the proxy sees it as h-nat2's public address 100.64.0.2. */
    g_autoptr(GPtrArray) datagrams = rows_of(dir, "datagrams.csv");
    gboolean u3 = FALSE, h7 = FALSE, nat = FALSE;
    for (guint i = 0; i < datagrams->len; i++) {
        char **f = g_ptr_array_index(datagrams, i);
        /* time_ns,event,datagram,node,link,src,dst,bytes,cause */
        if (g_str_equal(f[1], "send") && g_str_equal(f[3], "u3"))
            u3 |= g_str_equal(f[5], "10.1.0.3:5060");
        if (g_str_equal(f[1], "send") && g_str_equal(f[3], "h7"))
            h7 |= g_str_equal(f[5], "10.2.1.3:5060");
        if (g_str_equal(f[1], "deliver") && g_str_equal(f[3], "proxy"))
            nat |= g_str_has_prefix(f[5], "100.64.0.2:");
    }
    g_assert_true(u3 && h7 && nat);
    g_autoptr(JsonParser) parser = json_parser_new();
    JsonObject *sip = summary_sip(parser, dir);
    g_assert_cmpint(json_object_get_int_member(sip, "registrations"), ==, 24);
    sipsim_remove_dir(dir);
}

/* Poisson arrivals at 5/s for 200 s: about 1000 calls (within 4 standard deviations of the
 * mean 1000), each between two different phones, started within [start, stop); the mix's
 * weights show in the flows (hold: re-INVITEs; transfer: REFERs); the callees' busy share in the
 * 486s; calls in the 20 s warm-up are not counted. */
static void test_traffic(void)
{
    g_autofree char *dir = sipsim_run_scenario("tests/scenarios/traffic.yaml", NULL);
    g_autoptr(GPtrArray) calls = rows_of(dir, "calls.csv");
    guint n = calls->len, busy = 0, warm = 0;
    for (guint i = 0; i < n; i++) {
        char **f = g_ptr_array_index(calls, i);
        /* call_id,caller,callee,start_ns,...,status(7),...,name(14) */
        g_assert_cmpstr(f[1], !=, f[2]);
        gint64 start = g_ascii_strtoll(f[3], NULL, 10);
        g_assert_true(g_str_has_prefix(f[14], "load-") || g_str_has_suffix(f[14], "-transfer"));
        warm += start < 20 * 1000000000LL;
        if (g_str_has_prefix(f[14], "load-")) {
            g_assert_cmpint(start, >=, 0);
            g_assert_cmpint(start, <, 200 * 1000000000LL);
            busy += g_str_equal(f[7], "486");
        }
    }
    guint placed = 0;
    for (guint i = 0; i < n; i++)
        placed += g_str_has_prefix(((char **) g_ptr_array_index(calls, i))[14], "load-");
    g_assert_cmpuint(placed, >=, 1000 - 4 * 32);
    g_assert_cmpuint(placed, <=, 1000 + 4 * 32);
    /* busy: 0.25 of the calls, within 4 binomial standard deviations */
    double sd = sqrt(placed * 0.25 * 0.75);
    g_assert_cmpfloat(fabs(busy - placed * 0.25), <, 4 * sd);
    g_autoptr(GPtrArray) messages = rows_of(dir, "messages.csv");
    guint reinvites = 0, refers = 0;
    for (guint i = 0; i < messages->len; i++) {
        char **f = g_ptr_array_index(messages, i);
        if (g_str_equal(f[8], "1") || g_strcmp0(f[1], "proxy") == 0)
            continue;
        reinvites += g_str_equal(f[3], "INVITE") && !g_str_equal(f[5], "1");
        refers += g_str_equal(f[3], "REFER");
    }
    /* Of the answered calls (about 0.75 x 1000), a fifth hold (a re-INVITE to hold and one to
     * resume) and a fifth transfer. */
    guint answered = placed - busy;
    g_assert_cmpfloat(fabs(reinvites / 2.0 - answered * 0.2), <, 4 * sqrt(answered * 0.2 * 0.8));
    g_assert_cmpfloat(fabs(refers - answered * 0.2), <, 4 * sqrt(answered * 0.2 * 0.8));
    g_autoptr(JsonParser) parser = json_parser_new();
    JsonObject *sip = summary_sip(parser, dir);
    g_assert_cmpint(member(sip, "calls", "in_warmup"), ==, warm);
    /* Goodput: the answers that came from the warm-up to the end of the run (nobody cancels
     * here), per second; answer_ns counts from the call's start. */
    guint good = 0;
    for (guint i = 0; i < n; i++) {
        char **f = g_ptr_array_index(calls, i);
        good += *f[5] && g_ascii_strtoll(f[3], NULL, 10) + g_ascii_strtoll(f[5], NULL, 10) >=
                             20 * 1000000000LL;
    }
    gint64 end = json_object_get_int_member(json_node_get_object(json_parser_get_root(parser)),
                                            "simulated_ns");
    double goodput =
        json_object_get_double_member(json_object_get_object_member(sip, "calls"), "goodput_per_s");
    g_assert_cmpfloat_with_epsilon(goodput, good / ((end - 20 * 1000000000LL) / 1e9), 1e-9);
    sipsim_remove_dir(dir);
}

/* Erlang's loss formula: the probability that a call finds all @lines taken under @load
 * erlangs, by the recurrence B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1)). */
static double erlang_b(guint lines, double load)
{
    double b = 1;
    for (guint k = 1; k <= lines; k++)
        b = load * b / (k + load * b);
    return b;
}

/* A phone with 4 lines, Poisson calls at 1/s held 3 s on average (exponential): 3 erlangs,
 * whose blocking Erlang B gives as 0.2061. Over 5 replications of 4000 s (after a 100 s warm-up)
 * the share of 486s must hold it within their 99% confidence interval. Each call also holds the
 * line while it is set up and torn down (a few ms on 1 ms links): the load is corrected by the
 * mean time a line stays taken beyond the holding time, measured from the run. */
static void test_erlang_b(void)
{
    const int runs = 5;
    double shares[5], overhead = 0;
    for (int r = 0; r < runs; r++) {
        g_autofree char *run = g_strdup_printf("%d", r);
        const char *extra[] = { "--run", run, NULL };
        g_autofree char *dir = sipsim_run_scenario("tests/scenarios/erlang-b.yaml", extra);
        g_autoptr(GPtrArray) calls = rows_of(dir, "calls.csv");
        guint n = 0, blocked = 0;
        double extra_time = 0;
        guint answered = 0;
        for (guint i = 0; i < calls->len; i++) {
            char **f = g_ptr_array_index(calls, i);
            if (g_ascii_strtoll(f[3], NULL, 10) < 100 * 1000000000LL)
                continue;
            n++;
            blocked += g_str_equal(f[7], "486");
            if (g_str_equal(f[7], "200") && *f[6]) {
                answered++;
                /* answer_ns is from the start; the line is taken from the INVITE's arrival */
                extra_time += g_ascii_strtod(f[5], NULL);
            }
        }
        shares[r] = (double) blocked / n;
        overhead += extra_time / answered / 1e9 / runs;
        sipsim_remove_dir(dir);
    }
    double mean = 0, var = 0;
    for (int r = 0; r < runs; r++)
        mean += shares[r] / runs;
    for (int r = 0; r < runs; r++)
        var += (shares[r] - mean) * (shares[r] - mean) / (runs - 1);
    double half = gsl_cdf_tdist_Pinv(0.995, runs - 1) * sqrt(var / runs);
    double want = erlang_b(4, 1.0 * (3.0 + overhead));
    g_test_message("blocking %.4f +- %.4f (99%%), Erlang B %.4f", mean, half, want);
    g_assert_cmpfloat(fabs(mean - want), <=, half);
}

/* Loss p = 0.3 on the caller's way to the proxy only: each INVITE transmission gets there with
 * probability 0.7, and the 100 Trying always comes back, so the transmissions of a call follow a
 * geometric law truncated at 7 (Timer A's sends before Timer B): E[N] = (1 - p^7) / (1 - p).
 * Over 4000 calls the mean must be within 4 standard errors of it. */
static void test_invite_transmissions(void)
{
    g_autofree char *dir = sipsim_run_scenario("tests/scenarios/lossy-invites.yaml", NULL);
    g_autoptr(GPtrArray) messages = rows_of(dir, "messages.csv");
    g_autoptr(GHashTable) sends = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < messages->len; i++) {
        char **f = g_ptr_array_index(messages, i);
        if (g_str_equal(f[3], "INVITE") && g_str_equal(f[2], "proxy") &&
            !g_str_equal(f[1], "proxy")) {
            gpointer n = g_hash_table_lookup(sends, f[4]);
            g_hash_table_replace(sends, g_strdup(f[4]), GUINT_TO_POINTER(GPOINTER_TO_UINT(n) + 1));
        }
    }
    double p = 0.3, sum = 0, sum2 = 0;
    guint calls = g_hash_table_size(sends);
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, sends);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        double k = GPOINTER_TO_UINT(value);
        sum += k;
        sum2 += k * k;
    }
    double mean = sum / calls, sd = sqrt((sum2 - calls * mean * mean) / (calls - 1));
    double want = (1 - pow(p, 7)) / (1 - p);
    g_test_message("%u calls: %.4f transmissions per INVITE, expected %.4f", calls, mean, want);
    g_assert_cmpuint(calls, >=, 3500);
    g_assert_cmpfloat(fabs(mean - want), <, 4 * sd / sqrt(calls));
    sipsim_remove_dir(dir);
}

/* An M/M/1 queue at the proxy (tests/scenarios/mm1.yaml): Poisson REGISTERs at lambda = 500/s,
 * each costing an exponential time of mean 1/mu = 1 ms, to one worker: the mean wait in the
 * queue is Wq = rho / (mu - lambda) = 1 ms (an M/D/1 queue would give 0.5 ms). Over 5
 * replications of 10000 arrivals, the proxy's mean wait must hold it within its 99% confidence
 * interval. */
static void test_mm1_wait(void)
{
    const int runs = 5;
    const double lambda = 500, mu = 1000, rho = lambda / mu;
    double waits[5], mean = 0, var = 0;
    for (int r = 0; r < runs; r++) {
        g_autofree char *run = g_strdup_printf("%d", r);
        const char *extra[] = { "--run", run, NULL };
        g_autofree char *dir = sipsim_run_scenario("tests/scenarios/mm1.yaml", extra);
        g_autoptr(JsonParser) parser = json_parser_new();
        JsonObject *sip = summary_sip(parser, dir);
        JsonObject *proxy =
            json_array_get_object_element(json_object_get_array_member(sip, "proxies"), 0);
        g_assert_cmpint(member(proxy, "arrived", "request"), ==, 10000);
        g_assert_cmpint(json_object_get_int_member(proxy, "started"), ==, 10000);
        waits[r] = json_object_get_int_member(proxy, "wait_mean_ns") / 1e9;
        mean += waits[r] / runs;
        sipsim_remove_dir(dir);
    }
    for (int r = 0; r < runs; r++)
        var += (waits[r] - mean) * (waits[r] - mean) / (runs - 1);
    double half = gsl_cdf_tdist_Pinv(0.995, runs - 1) * sqrt(var / runs);
    double want = rho / (mu - lambda);
    g_test_message("mean wait %.4f ms +- %.4f (99%%), M/M/1 %.4f ms", mean * 1e3, half * 1e3,
                   want * 1e3);
    g_assert_cmpfloat(fabs(mean - want), <=, half);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_nonnull(g_getenv("SIPSIM"));
    g_test_add_func("/load/population", test_population);
    g_test_add_func("/load/traffic", test_traffic);
    g_test_add_func("/load/erlang-b", test_erlang_b);
    g_test_add_func("/load/invite-transmissions", test_invite_transmissions);
    g_test_add_func("/load/mm1-wait", test_mm1_wait);
    return g_test_run();
}
