/* SPDX-License-Identifier: MIT */
/*
 * The discrete-event kernel: a clock and a pending-event set. It knows nothing of networks or
 * SIP: an event is a function, two pointers and a small integer, run at an integer-nanosecond
 * time; events at the same time run in the order they were scheduled.
 */
#pragma once

#include <signal.h>

#include "sim-event-queue.h"
#include "sim-time.h"

/* A handle to a cancellable event; 0 never names one. A stale handle (the event ran or was
 * cancelled and its slot reused) is recognised by its generation and ignored. */
typedef guint64 SimEventId;
#define SIM_EVENT_NONE ((SimEventId) 0)

typedef enum {
    SIM_RUN_EMPTY,       /* no event left */
    SIM_RUN_UNTIL,       /* the next event is not before the time limit */
    SIM_RUN_STOPPED,     /* sim_kernel_stop() was called by an event */
    SIM_RUN_INTERRUPTED, /* the interrupt flag was raised (a signal) */
} SimRunEnd;

SimKernel *sim_kernel_new(guint64 seed, guint64 run);
void sim_kernel_free(SimKernel *kernel);

SimTime sim_kernel_now(const SimKernel *kernel);
guint64 sim_kernel_seed(const SimKernel *kernel);
guint64 sim_kernel_run_number(const SimKernel *kernel);
/* Events executed so far (cancelled ones are not counted). */
guint64 sim_kernel_executed(const SimKernel *kernel);
/* Events scheduled and neither run nor cancelled. */
gsize sim_kernel_pending(const SimKernel *kernel);

/* An event that cannot be cancelled (a message in flight): the cheapest kind. */
void sim_kernel_post(SimKernel *kernel, SimTime delay, SimEventFn fn, gpointer obj, gpointer data,
                     guint32 arg);
/* A cancellable event (a timer). */
SimEventId sim_kernel_schedule(SimKernel *kernel, SimTime delay, SimEventFn fn, gpointer obj,
                               gpointer data, guint32 arg);
SimEventId sim_kernel_schedule_at(SimKernel *kernel, SimTime when, SimEventFn fn, gpointer obj,
                                  gpointer data, guint32 arg);
/* O(1): the event stays queued, marked dead, and is dropped when its time comes.
 * Returns TRUE when @id named a pending event. */
gboolean sim_kernel_cancel(SimKernel *kernel, SimEventId id);
gboolean sim_kernel_is_pending(const SimKernel *kernel, SimEventId id);

/* Calls @fn on each pending event (not on cancelled ones), in no particular order: how the owner
 * of an event's data releases it when a run ends with the event still queued. */
void sim_kernel_foreach_pending(SimKernel *kernel, void (*fn)(const SimEvent *ev, gpointer user),
                                gpointer user);

/* Runs the events before @until, in order: the run covers [now, @until). It returns when none
 * is left, when the next one is not before @until (the clock then reads @until), or when a stop
 * is requested. SIM_TIME_NEVER runs until no event is left. */
SimRunEnd sim_kernel_run(SimKernel *kernel, SimTime until);
void sim_kernel_stop(SimKernel *kernel);
/* The loop checks *@flag before each event; a signal handler may set it. */
void sim_kernel_set_interrupt_flag(SimKernel *kernel, volatile sig_atomic_t *flag);
