/* SPDX-License-Identifier: MIT */
/*
 * The pending-event set: a radix heap (Ahuja, Mehlhorn, Orlin, Tarjan 1990), a monotone priority
 * queue, which fits a discrete-event simulation because no event is ever scheduled before the
 * last one taken out. Bucket b > 0 holds the events whose time first differs from the base
 * at bit b - 1; bucket 0 holds those at exactly the base time, in schedule order.
 * Events move only towards bucket 0, by sequential appends, so the queue streams through
 * memory instead of sifting through a heap; each event moves at most 64 times, in practice a
 * few, because successive event times are close.
 */
#pragma once

#include "sim-time.h"

typedef struct SimKernel SimKernel;
typedef void (*SimEventFn)(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg);

typedef struct {
    SimTime time;
    guint64 seq; /* unique, increasing in schedule order: the tie-break */
    SimEventFn fn;
    gpointer obj;
    gpointer data;
    guint32 arg;
    guint32 slot; /* the cancellation slot, or SIM_EVENT_SLOT_NONE */
} SimEvent;

#define SIM_EVENT_SLOT_NONE     G_MAXUINT32
#define SIM_EVENT_QUEUE_BUCKETS 64

typedef struct {
    SimEvent *items;
    gsize len;
    gsize cap;
} SimEventBucket;

typedef struct {
    SimTime last;     /* the base: the earliest queued time once bucket 0 has been refilled */
    SimTime popped;   /* time of the last event taken out; no event may come before it */
    gsize head;       /* next event to pop from bucket 0 */
    guint64 occupied; /* bit b set when bucket b (b >= 1) is not empty */
    gsize size;
    SimEventBucket buckets[SIM_EVENT_QUEUE_BUCKETS];
} SimEventQueue;

void sim_event_queue_init(SimEventQueue *q);
void sim_event_queue_clear(SimEventQueue *q);
/* @ev->time must not be earlier than the last popped time. It may be earlier than the base
 * when a peek moved the base to an event the caller then left queued (a run with a time limit). */
void sim_event_queue_push(SimEventQueue *q, const SimEvent *ev);
/* The earliest event (ties in schedule order), left in the queue; NULL when empty. */
const SimEvent *sim_event_queue_peek(SimEventQueue *q);
/* Asks the CPU to fetch the objects of the events @ahead places after the head of bucket 0:
 * at scale, an event's target is rarely in cache when its turn comes. Always inlined: GCC
 * otherwise deems the call free of side effects and deletes it. */
static inline G_ALWAYS_INLINE void sim_event_queue_prefetch(const SimEventQueue *q, gsize ahead)
{
    const SimEventBucket *zero = &q->buckets[0];
    if (q->head + ahead < zero->len) {
        /* Prefetching NULL is harmless; the offset is integer arithmetic, not a NULL + 64. */
        guintptr obj = (guintptr) zero->items[q->head + ahead].obj;
        __builtin_prefetch((const void *) obj);
        __builtin_prefetch((const void *) (obj + 64));
    }
}
/* Removes the event sim_event_queue_peek() returned. */
void sim_event_queue_drop_head(SimEventQueue *q);

/* Calls @fn on every queued event, in no particular order. */
void sim_event_queue_foreach(const SimEventQueue *q, void (*fn)(const SimEvent *ev, gpointer user),
                             gpointer user);

static inline gsize sim_event_queue_size(const SimEventQueue *q)
{
    return q->size;
}
