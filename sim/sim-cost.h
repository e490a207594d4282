/* SPDX-License-Identifier: MIT */
/*
 * Cost accounting: where a run's processor time goes, by account. The layers name their
 * accounts ("kernel", "transport", "parse"...; this module knows none of them) and mark the
 * work they do with SIM_COST_ENTER(account) ... SIM_COST_LEAVE(account). The marks nest: the
 * accounts form a stack, and each stretch of time between two marks is charged to the account
 * on top, so an account gets its own (exclusive) time and not the time of the accounts it
 * calls. The time outside any mark goes to "other", which also serves to suspend an account
 * around a call into code it does not own (an upcall): SIM_COST_ENTER(other).
 *
 * Off by default: then a mark is one load and one predicted branch, and nothing is recorded.
 * On (sim_cost_start()), each mark reads a clock: the processor's time-stamp counter on x86
 * (cycles, counted whether the process runs or waits: the shares are what to read, scaled to
 * the CPU time measured apart), CLOCK_MONOTONIC elsewhere, or a clock the caller sets (tests).
 * One thread: the state is global, as a run is single-threaded.
 *
 * On a shared machine the thread waits for the processor in the middle of some stretches, and
 * the time-stamp counter counts the wait: a few stretches of milliseconds would outweigh
 * millions of real ones. With sim_cost_set_wait_check(), a stretch over a limit reads the
 * thread's CPU time (a system call, so only then), and the time the thread did not run since
 * the last such reading is taken off that stretch and counted apart: the accounts then add up
 * to the CPU time, less the waits shorter than the limit, which stay where they fell.
 */
#pragma once

#include <glib.h>

/* The account that the time outside any mark goes to. */
#define SIM_COST_OTHER 0u
/* Accounts that can be named, "other" included. */
#define SIM_COST_MAX_ACCOUNTS 32u

/* The clock: any monotonic count of ticks. */
typedef guint64 (*SimCostClock)(void);

/* Nonzero while recording; read by the marks. */
extern int sim_cost_recording;

/* The account named @name, registered on first use (at most SIM_COST_MAX_ACCOUNTS). */
guint sim_cost_account(const char *name);
/* -1 when no account has that name. */
int sim_cost_find(const char *name);
guint sim_cost_n_accounts(void);
const char *sim_cost_account_name(guint account);

/* Forgets what was recorded and starts recording; the caller's time goes to "other". Call it
 * outside any mark. */
void sim_cost_start(void);
/* Stops recording; every mark entered since the start must have been left. */
void sim_cost_stop(void);

/* Ticks charged to @account between the last start and stop. */
guint64 sim_cost_ticks(guint account);
/* How many stretches of time were charged to @account: each one also carries part of the
 * cost of the two marks around it (see sim_cost_switch_ticks()). */
guint64 sim_cost_stretches(guint account);

/* What a mark costs in ticks: the least over batches of enter and leave pairs, as timed by
 * the clock itself. Not while recording; it forgets what was recorded. */
double sim_cost_switch_ticks(void);

/* NULL: the default clock. */
void sim_cost_set_clock(SimCostClock clock);
/* The clock's ticks per second of wall time, measured over 20 ms. */
double sim_cost_ticks_per_second(void);
/* Checks stretches longer than @limit ticks for waits (0, the default: no check). @cpu: the
 * thread's CPU time in ticks; NULL: CLOCK_THREAD_CPUTIME_ID at sim_cost_ticks_per_second(). */
void sim_cost_set_wait_check(guint64 limit, SimCostClock cpu);
/* How many stretches had waits taken off since the last start, and the ticks taken off. */
guint64 sim_cost_waits(guint64 *ticks);

void sim_cost_enter_slow(guint *cache, const char *name);
void sim_cost_leave_slow(guint *cache, const char *name);

/* @account: a bare word, the account's name ("parse"). Each mark caches its account's number. */
#define SIM_COST_ENTER(account)                                                                    \
    do {                                                                                           \
        static guint sim_cost_cache_;                                                              \
        if (G_UNLIKELY(sim_cost_recording))                                                        \
            sim_cost_enter_slow(&sim_cost_cache_, #account);                                       \
    } while (0)
#define SIM_COST_LEAVE(account)                                                                    \
    do {                                                                                           \
        static guint sim_cost_cache_;                                                              \
        if (G_UNLIKELY(sim_cost_recording))                                                        \
            sim_cost_leave_slow(&sim_cost_cache_, #account);                                       \
    } while (0)
