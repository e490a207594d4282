/* SPDX-License-Identifier: MIT */
/*
 * Runs a sweep's jobs as child processes of this very program (/proc/self/exe run ...), a
 * given number at a time. Processes rather than threads: each run has its own memory, returned
 * whole when it ends; a run that crashes takes no other with it; each stops on a signal exactly
 * as `sipsim run` does, leaving its files as NAME.partial; and a job is a command that a user
 * can rerun by hand, or that a cluster can run anywhere (docs/sweeps.md).
 *
 * The first SIGINT or SIGTERM stops the children (they live in their own process groups, so a
 * terminal's Ctrl-C reaches them only through the pool, once) and starts no more; a second one
 * kills them at once.
 */
#pragma once

#include "sweep-file.h"
#include "sweep-progress.h"

typedef enum {
    SWEEP_JOB_DONE,
    SWEEP_JOB_FAILED,      /* the run failed: its message is printed */
    SWEEP_JOB_INTERRUPTED, /* stopped by a signal */
} SweepJobEnd;

typedef enum {
    SWEEP_GOING,
    SWEEP_STOPPING, /* one signal: the runs under way stop cleanly; no new one starts */
    SWEEP_KILLED,   /* two signals */
} SweepStop;

typedef void (*SweepJobEnded)(guint job, SweepJobEnd end, gpointer data);

typedef struct SweepPool SweepPool;

/* A pool that runs @parallel jobs at a time into @out; @progress (may be NULL) prints its
 * messages. A pool of 0 jobs at a time only watches the signals. */
SweepPool *sweep_pool_new(const Sweep *sweep, const char *out, guint parallel,
                          SweepProgress *progress);
void sweep_pool_free(SweepPool *pool);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SweepPool, sweep_pool_free)

/* Runs @jobs until each has ended or a signal stopped the pool; @ended is called for each job
 * that ran. */
void sweep_pool_run(SweepPool *pool, const guint *jobs, guint n, SweepJobEnded ended,
                    gpointer data);
/* Handles the signals that came, without waiting (for a caller that waits elsewhere). */
void sweep_pool_poll(SweepPool *pool);
SweepStop sweep_pool_stop(const SweepPool *pool);
/* The first signal that stopped the pool (SIGINT or SIGTERM); 0 while it goes on. */
int sweep_pool_signal(const SweepPool *pool);
