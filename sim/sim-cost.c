/* SPDX-License-Identifier: MIT */
#include "sim-cost.h"

#include <string.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

/* Deep enough for transport -> transactions -> proxy -> transactions -> render -> kernel...
 * with room to spare; a deeper stack means marks that are not left. */
#define MAX_DEPTH 64

int sim_cost_recording;

static struct {
    const char *names[SIM_COST_MAX_ACCOUNTS];
    guint n;
    guint64 ticks[SIM_COST_MAX_ACCOUNTS];
    guint64 stretches[SIM_COST_MAX_ACCOUNTS];
    guint stack[MAX_DEPTH];
    guint depth; /* stack[depth] is the account being charged; stack[0] is "other" */
    guint64 last;
    guint64 limit;              /* 0: no check for waits */
    SimCostClock cpu;           /* the thread's CPU time, in ticks */
    double cpu_ticks_per_ns;    /* for the default one */
    guint64 win_ticks, win_cpu; /* both clocks at the last check */
    guint64 waits, wait_ticks;
    SimCostClock clock;
} cost = { .names = { "other" }, .n = 1 };

static guint64 default_clock(void)
{
#if defined(__x86_64__) || defined(__i386__)
    return __rdtsc();
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (guint64) ts.tv_sec * G_GUINT64_CONSTANT(1000000000) + (guint64) ts.tv_nsec;
#endif
}

static inline guint64 read_clock(void)
{
    return G_UNLIKELY(cost.clock) ? cost.clock() : default_clock();
}

void sim_cost_set_clock(SimCostClock clock)
{
    cost.clock = clock;
}

static guint64 thread_cpu_ticks(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (guint64) (((double) ts.tv_sec * 1e9 + (double) ts.tv_nsec) * cost.cpu_ticks_per_ns);
}

void sim_cost_set_wait_check(guint64 limit, SimCostClock cpu)
{
    g_return_if_fail(!sim_cost_recording);
    cost.limit = limit;
    if (!cpu && limit && cost.cpu_ticks_per_ns == 0)
        cost.cpu_ticks_per_ns = sim_cost_ticks_per_second() / 1e9;
    cost.cpu = cpu ? cpu : thread_cpu_ticks;
}

guint64 sim_cost_waits(guint64 *ticks)
{
    if (ticks)
        *ticks = cost.wait_ticks;
    return cost.waits;
}

double sim_cost_ticks_per_second(void)
{
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    guint64 t0 = read_clock(), t1;
    double ns;
    do { /* 20 ms: both clocks count wall time, so waiting for the processor does not matter */
        clock_gettime(CLOCK_MONOTONIC, &b);
        t1 = read_clock();
        ns = (double) (b.tv_sec - a.tv_sec) * 1e9 + (double) (b.tv_nsec - a.tv_nsec);
    } while (ns < 2e7);
    return (double) (t1 - t0) / ns * 1e9;
}

int sim_cost_find(const char *name)
{
    for (guint i = 0; i < cost.n; i++)
        if (strcmp(cost.names[i], name) == 0)
            return (int) i;
    return -1;
}

guint sim_cost_account(const char *name)
{
    int found = sim_cost_find(name);
    if (found >= 0)
        return (guint) found;
    if (cost.n == SIM_COST_MAX_ACCOUNTS)
        g_error("sim_cost_account: more than %u accounts", SIM_COST_MAX_ACCOUNTS);
    cost.names[cost.n] = g_intern_string(name);
    return cost.n++;
}

guint sim_cost_n_accounts(void)
{
    return cost.n;
}

const char *sim_cost_account_name(guint account)
{
    g_return_val_if_fail(account < cost.n, NULL);
    return cost.names[account];
}

guint64 sim_cost_ticks(guint account)
{
    g_return_val_if_fail(account < cost.n, 0);
    return cost.ticks[account];
}

guint64 sim_cost_stretches(guint account)
{
    g_return_val_if_fail(account < cost.n, 0);
    return cost.stretches[account];
}

static void forget(void)
{
    memset(cost.ticks, 0, sizeof cost.ticks);
    memset(cost.stretches, 0, sizeof cost.stretches);
    cost.waits = cost.wait_ticks = 0;
    cost.depth = 0;
    cost.stack[0] = SIM_COST_OTHER;
}

void sim_cost_start(void)
{
    forget();
    cost.last = read_clock();
    if (cost.limit) {
        cost.win_ticks = cost.last;
        cost.win_cpu = cost.cpu();
    }
    sim_cost_recording = 1;
}

/* A long stretch: the time the thread did not run since the last check is taken to be in it
 * (the short ones cannot hold much of it) and is taken off it. */
G_NO_INLINE static guint64 less_waits(guint64 now, guint64 stretch)
{
    guint64 cpu = cost.cpu();
    guint64 window = now - cost.win_ticks, ran = cpu - cost.win_cpu;
    guint64 wait = MIN(window > ran ? window - ran : 0, stretch);
    cost.win_ticks = now;
    cost.win_cpu = cpu;
    if (wait) {
        cost.waits++;
        cost.wait_ticks += wait;
    }
    return stretch - wait;
}

/* Charges the time since the last mark to the account on top. */
static inline void charge(void)
{
    guint64 now = read_clock(), stretch = now - cost.last;
    cost.last = now;
    if (G_UNLIKELY(cost.limit && stretch > cost.limit))
        stretch = less_waits(now, stretch);
    guint top = cost.stack[cost.depth];
    cost.ticks[top] += stretch;
    cost.stretches[top]++;
}

void sim_cost_stop(void)
{
    g_return_if_fail(sim_cost_recording);
    charge();
    sim_cost_recording = 0;
    if (cost.depth != 0)
        g_error("sim_cost_stop: \"%s\" was entered and not left",
                cost.names[cost.stack[cost.depth]]);
}

static guint resolve(guint *cache, const char *name)
{
    if (G_UNLIKELY(*cache == 0))
        *cache = sim_cost_account(name) + 1;
    return *cache - 1;
}

void sim_cost_enter_slow(guint *cache, const char *name)
{
    guint account = resolve(cache, name);
    charge();
    if (cost.depth + 1 == MAX_DEPTH)
        g_error("sim_cost: \"%s\" entered %u marks deep: a mark is not left", name, MAX_DEPTH);
    cost.stack[++cost.depth] = account;
}

void sim_cost_leave_slow(guint *cache, const char *name)
{
    guint account = resolve(cache, name);
    charge();
    if (cost.depth == 0 || cost.stack[cost.depth] != account)
        g_error("sim_cost: leaving \"%s\" while in \"%s\"", name,
                cost.names[cost.stack[cost.depth]]);
    cost.depth--;
}

/* Each batch: a start, pairs of empty marks, a stop; every stretch in it is the time between
 * two clock readings with only a mark's own work between them. The least average over the
 * batches is the one least disturbed by interrupts and other programs. */
double sim_cost_switch_ticks(void)
{
    g_return_val_if_fail(!sim_cost_recording, 0);
    double best = G_MAXDOUBLE;
    for (guint batch = 0; batch < 64; batch++) {
        sim_cost_start();
        for (guint i = 0; i < 256; i++) {
            SIM_COST_ENTER(other);
            SIM_COST_LEAVE(other);
        }
        sim_cost_stop();
        best = MIN(best,
                   (double) cost.ticks[SIM_COST_OTHER] / (double) cost.stretches[SIM_COST_OTHER]);
    }
    forget();
    return best;
}
