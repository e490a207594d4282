/* SPDX-License-Identifier: MIT */
/*
 * The load benchmark (issue 8): a proxy and a population of N phones on one segment, built from
 * a topology and a scenario file as `sipsim run` builds them. The phones register in a wave
 * (REGISTER and 200 on the wire), then Poisson basic calls arrive among them: INVITE, 100, 180,
 * 200, ACK on both hops, then the caller's BYE and its 200 on both hops, 14 messages per call,
 * each rendered to text by its sender and parsed by its receiver.
 *
 * For each N it prints the simulated calls per second of wall time and of CPU time (the machine
 * may be shared), the memory per registered idle phone (resident memory after the wave and
 * malloc_trim(), less before the build, over N), the memory per active call (resident memory
 * in the middle of the traffic, less the idle figure, over the calls up at that moment), each
 * also as malloc's bytes in use (mallinfo2), and the CPU time per call against the first N.
 * Resident memory is read from /proc/self/statm. --busy-hour runs the busy hour of issue 8.
 *
 * --breakdown also records where the traffic phase's time goes, by the accounts that the layers
 * mark (sim-cost.h), and prints each one's share of the CPU time per call. Its marks cost time
 * of their own, so the other figures of such a run are not the benchmark's: they come from a
 * run without it.
 */
#include <glib/gstdio.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-measure.h"
#include "scenario.h"
#include "sim-cost.h"
#include "traffic.h"

typedef struct {
    guint64 phones;
    double rate;        /* calls per second of simulated time */
    guint64 calls;      /* arrivals */
    double holding;     /* mean, exponential, seconds */
    double ring;        /* seconds */
    double reg_rate;    /* registrations per second of simulated time, in the wave */
    gboolean one_shot;  /* the busy hour: one figure of wall time and peak memory */
    gboolean breakdown; /* record the cost accounts during the traffic */
} LoadParams;

typedef struct {
    double build_s, register_s, traffic_s;
    double traffic_cpu_s;
    double idle_bytes;     /* per phone */
    double idle_heap;      /* per phone: malloc's bytes in use (mallinfo2), less before */
    double call_bytes;     /* per active call */
    double call_heap;      /* per active call: malloc's bytes in use, less at idle */
    guint64 active;        /* calls up at the probe */
    guint64 answered;      /* calls answered during the run */
    guint64 ended;         /* calls reported ended */
    guint64 messages;      /* SIP datagrams sent during the traffic */
    double peak_rss_bytes; /* getrusage */
    double mark_ticks;     /* what one cost mark costs, with --breakdown */
    double tick_hz;        /* the cost clock's ticks per second */
    double cost_cpu_s;     /* CPU time while the accounts recorded */
} LoadResult;

static void count_call(gpointer user, const SipCallEvent *ev)
{
    LoadResult *r = user;
    r->ended++;
    if (ev->answered >= 0)
        r->answered++;
}

/* The wave, then 40 s for the REGISTER transactions to end (Timer J is 64*T1 = 32 s). */
static double wave_end_s(const LoadParams *p)
{
    return (double) p->phones / p->reg_rate;
}

static double traffic_start_s(const LoadParams *p)
{
    return wave_end_s(p) + 40;
}

static double traffic_stop_s(const LoadParams *p)
{
    return traffic_start_s(p) + (double) p->calls / p->rate;
}

static char *write_files(const char *dir, const LoadParams *p)
{
    g_autofree char *topo = g_build_filename(dir, "load-topology.yaml", NULL);
    g_autofree char *scen = g_build_filename(dir, "load.yaml", NULL);
    g_autofree char *t = g_strdup_printf("nodes:\n"
                                         "  - {name: proxy, kind: proxy, address: 10.0.0.1}\n"
                                         "segments: [{name: core}]\n"
                                         "links:\n"
                                         "  - {between: [proxy, core], delay: 5ms}\n"
                                         "populations:\n"
                                         "  - {name: u, count: %" G_GUINT64_FORMAT
                                         ", address: 11.0.0.0/8, attach: core,\n"
                                         "     link: {delay: 5ms}, sip: {rtp_burst: 0}}\n",
                                         p->phones);
    /* The run lasts until the longest call has ended: 20 mean holding times after the last
     * arrival leave about one call in 500 million up. */
    g_autofree char *s =
        g_strdup_printf("topology: load-topology.yaml\n"
                        "duration: %.0fs\n"
                        "populations:\n"
                        "  u:\n"
                        "    registered: {from: 0s, to: %.3fs}\n"
                        "    answer: {ring: %.3fs, lines: 16}\n"
                        "traffic:\n"
                        "  - name: load\n"
                        "    from: u\n"
                        "    to: u\n"
                        "    rate: %.3f/s\n"
                        "    start: %.3fs\n"
                        "    stop: %.3fs\n"
                        "    holding: {dist: exponential, mean: %.3fs}\n",
                        traffic_stop_s(p) + 20 * p->holding + p->ring + 40, wave_end_s(p), p->ring,
                        p->rate, traffic_start_s(p), traffic_stop_s(p), p->holding);
    GError *error = NULL;
    if (!g_file_set_contents(topo, t, -1, &error) || !g_file_set_contents(scen, s, -1, &error))
        g_error("%s", error->message);
    return g_steal_pointer(&scen);
}

static guint64 traffic_placed(const Scenario *s)
{
    for (guint i = 0; i < s->world.all->len; i++) {
        const TrafficStats *t = traffic_stats(g_ptr_array_index(s->world.all, i));
        if (t)
            return t->placed;
    }
    g_error("no traffic generator");
}

static LoadResult run_one(const LoadParams *p)
{
    LoadResult r = { 0 };
    GError *error = NULL;
    g_autofree char *dir = g_dir_make_tmp("sipsim-load-XXXXXX", &error);
    if (!dir)
        g_error("%s", error->message);
    g_autofree char *path = write_files(dir, p);

    double rss0 = bench_resident_bytes(), heap0 = (double) mallinfo2().uordblks, t0 = bench_now_s();
    ScenarioOverrides none = { 0 };
    Scenario *s = scenario_load(path, &none, &error);
    if (!s)
        g_error("%s", error->message);
    SipObserver obs = { .call = count_call, .user = &r };
    sip_trace_add(&s->sip_trace, &obs);
    sim_world_start(&s->world, s->kernel);
    double t1 = bench_now_s();
    r.build_s = t1 - t0;

    SimTime start = (SimTime) (traffic_start_s(p) * SIM_S);
    sim_kernel_run(s->kernel, start);
    if (p->breakdown) {
        /* A mark comes every microsecond or so: a stretch of 50 us may hold a wait. */
        r.tick_hz = sim_cost_ticks_per_second();
        sim_cost_set_wait_check((guint64) (r.tick_hz * 50e-6), NULL);
        r.mark_ticks = sim_cost_switch_ticks();
    }
    double t2 = bench_now_s(), c2 = bench_cpu_s();
    r.register_s = t2 - t1;
    /* What the phones hold, without the heap that the wave's transactions (kept 32 s after
     * their 200, Timer J) left free: malloc gives it back to the system. */
    malloc_trim(0);
    double rss_idle = bench_resident_bytes();
    r.idle_bytes = (rss_idle - rss0) / (double) p->phones;
    double heap_idle = (double) mallinfo2().uordblks;
    r.idle_heap = (heap_idle - heap0) / (double) p->phones;
    guint64 sent0 = net_network_stats(s->net)->sent;
    /* The accounts record the traffic (and the probe's measures, in "other"), not
     * malloc_trim(). */
    double cost_cpu0 = bench_cpu_s();
    if (p->breakdown)
        sim_cost_start();

    if (!p->one_shot) {
        /* The probe: half-way through the arrivals, long after the first calls ended. */
        SimTime probe = start + (SimTime) ((traffic_stop_s(p) - traffic_start_s(p)) / 2 * SIM_S);
        sim_kernel_run(s->kernel, probe);
        r.active = traffic_placed(s) - r.ended;
        r.call_bytes = (bench_resident_bytes() - rss_idle) / (double) r.active;
        r.call_heap = ((double) mallinfo2().uordblks - heap_idle) / (double) r.active;
    }
    sim_kernel_run(s->kernel, s->until);
    r.traffic_s = bench_now_s() - t2;
    r.traffic_cpu_s = bench_cpu_s() - c2;
    if (p->breakdown)
        sim_cost_stop();
    r.cost_cpu_s = bench_cpu_s() - cost_cpu0;
    sim_world_finish(&s->world);
    r.messages = net_network_stats(s->net)->sent - sent0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    r.peak_rss_bytes = ru.ru_maxrss * 1024.0;
    scenario_free(s);

    g_autofree char *topo = g_build_filename(dir, "load-topology.yaml", NULL);
    g_unlink(topo);
    g_unlink(path);
    g_rmdir(dir);
    return r;
}

/* The accounts of issue 8's breakdown, in its order; then any other account a layer named, then
 * "other" (the harness, observers, and what no layer marked). */
static const char *const accounts[] = { "kernel",       "transport", "parse", "render",
                                        "transactions", "proxy",     "phones" };

static gboolean is_listed(const char *name)
{
    for (guint i = 0; i < G_N_ELEMENTS(accounts); i++)
        if (strcmp(accounts[i], name) == 0)
            return TRUE;
    return strcmp(name, "other") == 0;
}

static void print_account(guint64 phones, const char *name, double us, double work_us)
{
    printf("load: %" G_GUINT64_FORMAT " phones:   %-13s %7.2f us %5.1f%%\n", phones, name, us,
           100 * us / work_us);
}

/* Each account's ticks less the cost of the marks around its stretches, as shares of the CPU
 * time per call. The ticks charged should add up to about the CPU time: the line says so. */
static void print_breakdown(guint64 phones, const LoadResult *r)
{
    guint n = sim_cost_n_accounts();
    double net[SIM_COST_MAX_ACCOUNTS], raw = 0, work = 0, stretches = 0;
    for (guint a = 0; a < n; a++) {
        double t = (double) sim_cost_ticks(a), k = (double) sim_cost_stretches(a);
        net[a] = MAX(0, t - k * r->mark_ticks);
        raw += t;
        work += net[a];
        stretches += k;
    }
    double calls = (double) r->answered, us_per_tick = r->cost_cpu_s * 1e6 / calls / raw;
    double work_us = work * us_per_tick;
    printf("load: %" G_GUINT64_FORMAT " phones: cost per call by account: %.1f us of CPU, of "
           "which %.1f us are the %.0f cost marks per call (%.1f clock ticks each) and %.1f us "
           "the work:\n",
           phones, r->cost_cpu_s * 1e6 / calls, (raw - work) * us_per_tick, stretches / calls,
           r->mark_ticks, work_us);
    guint64 wait_ticks = 0, waits = sim_cost_waits(&wait_ticks);
    printf("load: %" G_GUINT64_FORMAT " phones: (the accounts add up to %.2f s, for %.2f s of "
           "CPU time; %.2f s of waits for the processor, found in %" G_GUINT64_FORMAT
           " stretches, were taken off)\n",
           phones, raw / r->tick_hz, r->cost_cpu_s, (double) wait_ticks / r->tick_hz, waits);
    for (guint i = 0; i < G_N_ELEMENTS(accounts); i++) {
        int a = sim_cost_find(accounts[i]);
        print_account(phones, accounts[i], a < 0 ? 0 : net[a] * us_per_tick, work_us);
    }
    for (guint a = 0; a < n; a++)
        if (!is_listed(sim_cost_account_name(a)))
            print_account(phones, sim_cost_account_name(a), net[a] * us_per_tick, work_us);
    print_account(phones, "other", net[SIM_COST_OTHER] * us_per_tick, work_us);
    print_account(phones, "total", work_us, work_us);
}

static void busy_hour(void)
{
    /* 1,000,000 subscribers at 0.1 Erlang each with a 120 s mean holding time: 833.3 calls/s,
     * 3,000,000 calls in the hour. */
    LoadParams p = { .phones = 1000000,
                     .rate = 1e6 * 0.1 / 120,
                     .calls = 3000000,
                     .holding = 120,
                     .ring = 1,
                     .reg_rate = 20000,
                     .one_shot = TRUE };
    LoadResult r = run_one(&p);
    double wall = r.build_s + r.register_s + r.traffic_s;
    printf("busy hour: 1,000,000 phones, 0.1 Erlang, 120 s mean holding: %" G_GUINT64_FORMAT
           " calls answered in %.0f s of wall time (build %.0f s, registration %.0f s, the hour "
           "%.0f s of wall time, %.0f s of CPU time: %.0f calls/s of CPU time), peak RSS %.2f "
           "GiB; target: under 180 s and 4 GiB\n",
           r.answered, wall, r.build_s, r.register_s, r.traffic_s, r.traffic_cpu_s,
           (double) r.answered / r.traffic_cpu_s, r.peak_rss_bytes / (1 << 30));
}

int main(int argc, char **argv)
{
    g_autofree char *phones = NULL;
    gint64 calls = 60000;
    double rate = 200, holding = 120;
    gboolean hour = FALSE, breakdown = FALSE;
    GOptionEntry entries[] = {
        { "phones", 0, 0, G_OPTION_ARG_STRING, &phones,
          "Populations, comma-separated (default 10000,100000,1000000)", "N,..." },
        { "calls", 0, 0, G_OPTION_ARG_INT64, &calls, "Call arrivals per population (60000)", "C" },
        { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate, "Calls per simulated second (200)", "R" },
        { "holding", 0, 0, G_OPTION_ARG_DOUBLE, &holding, "Mean holding time, s (120)", "S" },
        { "busy-hour", 0, 0, G_OPTION_ARG_NONE, &hour,
          "Run the busy hour of 1,000,000 subscribers instead", NULL },
        { "breakdown", 0, 0, G_OPTION_ARG_NONE, &breakdown,
          "Also print the cost per call by account (slows the run by its marks)", NULL },
        { NULL },
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("- the load benchmark");
    g_option_context_add_main_entries(ctx, entries, NULL);
    GError *error = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &error) || calls <= 0 || rate <= 0 ||
        holding <= 0) {
        fprintf(stderr, "bench-load: %s\n", error ? error->message : "expected positive values");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* each figure as soon as it is known, under meson too */
    if (hour) {
        busy_hour();
        return 0;
    }
    g_auto(GStrv) list = g_strsplit(phones ? phones : "10000,100000,1000000", ",", -1);
    double first_cost = 0;
    for (guint i = 0; list[i]; i++) {
        LoadParams p = { .phones = g_ascii_strtoull(list[i], NULL, 10),
                         .rate = rate,
                         .calls = (guint64) calls,
                         .holding = holding,
                         .ring = 1,
                         .reg_rate = 20000,
                         .breakdown = breakdown };
        if (p.phones < 2) {
            fprintf(stderr, "bench-load: --phones: expected numbers of at least 2\n");
            return 2;
        }
        LoadResult r = run_one(&p);
        double cost = r.traffic_cpu_s / (double) r.answered;
        if (i == 0)
            first_cost = cost;
        printf("load: %" G_GUINT64_FORMAT " phones: build %.1f s, registration %.1f s; "
               "%.0f bytes per registered idle phone (%.0f of them in malloc'd blocks)\n",
               p.phones, r.build_s, r.register_s, r.idle_bytes, r.idle_heap);
        printf("load: %" G_GUINT64_FORMAT " phones: %" G_GUINT64_FORMAT
               " calls answered in %.2f s of wall time, %.2f s of CPU time: %.0f calls/s of wall "
               "time, %.0f of CPU time (%.0f messages/s); %.1f us of CPU per call (%.2fx the "
               "first population's)\n",
               p.phones, r.answered, r.traffic_s, r.traffic_cpu_s,
               (double) r.answered / r.traffic_s, (double) r.answered / r.traffic_cpu_s,
               (double) r.messages / r.traffic_cpu_s, cost * 1e6, cost / first_cost);
        printf("load: %" G_GUINT64_FORMAT " phones: %" G_GUINT64_FORMAT
               " calls up at the probe, %.0f bytes per active call (%.0f in malloc'd blocks); "
               "peak RSS %.0f MiB\n",
               p.phones, r.active, r.call_bytes, r.call_heap, r.peak_rss_bytes / (1 << 20));
        if (breakdown)
            print_breakdown(p.phones, &r);
    }
    printf("load: busy hour not run (bench-load --busy-hour runs it: several minutes)\n");
    return 0;
}
