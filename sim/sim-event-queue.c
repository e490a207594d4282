/* SPDX-License-Identifier: MIT */
#include "sim-event-queue.h"

#include <string.h>

void sim_event_queue_init(SimEventQueue *q)
{
    memset(q, 0, sizeof *q);
}

void sim_event_queue_clear(SimEventQueue *q)
{
    for (int b = 0; b < SIM_EVENT_QUEUE_BUCKETS; b++)
        g_free(q->buckets[b].items);
    memset(q, 0, sizeof *q);
}

void sim_event_queue_foreach(const SimEventQueue *q, void (*fn)(const SimEvent *ev, gpointer user),
                             gpointer user)
{
    for (int b = 0; b < SIM_EVENT_QUEUE_BUCKETS; b++) {
        const SimEventBucket *bucket = &q->buckets[b];
        for (gsize i = b == 0 ? q->head : 0; i < bucket->len; i++)
            fn(&bucket->items[i], user);
    }
}

static inline int bucket_of(SimTime last, SimTime t)
{
    guint64 diff = (guint64) t ^ (guint64) last;
    return diff ? 64 - __builtin_clzll(diff) : 0;
}

static inline void bucket_append(SimEventBucket *b, const SimEvent *ev)
{
    if (G_UNLIKELY(b->len == b->cap)) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->items = g_renew(SimEvent, b->items, b->cap);
    }
    b->items[b->len++] = *ev;
}

/* A bucket just emptied gives its array back if a burst made it large: a wave of registrations
 * leaves tens of bytes per phone in arrays that an idle population no longer needs. Small arrays
 * are kept, so that the buckets refilled at every step do not go back to malloc each time. */
#define BUCKET_KEEP 1024 /* events: 48 KiB */

static inline void bucket_emptied(SimEventBucket *b)
{
    b->len = 0;
    if (G_UNLIKELY(b->cap > BUCKET_KEEP)) {
        g_clear_pointer(&b->items, g_free);
        b->cap = 0;
    }
}

/* An event earlier than the base: re-spread around @t the buckets whose index depends on the
 * base. Those above bucket_of(last, t) keep theirs, since @t and the base agree on those bits. */
static void rebase(SimEventQueue *q, SimTime t)
{
    int top = bucket_of(q->last, t);
    gsize n = q->buckets[0].len - q->head;
    for (int b = 1; b <= top; b++)
        n += q->buckets[b].len;
    SimEvent *moved = g_new(SimEvent, n);
    gsize k = 0;
    for (int b = 0; b <= top; b++) {
        SimEventBucket *src = &q->buckets[b];
        gsize from = b ? 0 : q->head;
        if (src->len > from)
            memcpy(moved + k, src->items + from, (src->len - from) * sizeof *moved);
        k += src->len - from;
        bucket_emptied(src);
        q->occupied &= ~(G_GUINT64_CONSTANT(1) << b);
    }
    q->head = 0;
    q->last = t;
    for (gsize i = 0; i < n; i++) {
        int to = bucket_of(t, moved[i].time); /* never 0: every queued time is after @t */
        bucket_append(&q->buckets[to], &moved[i]);
        q->occupied |= G_GUINT64_CONSTANT(1) << to;
    }
    g_free(moved);
}

void sim_event_queue_push(SimEventQueue *q, const SimEvent *ev)
{
    g_assert(ev->time >= q->popped);
    if (G_UNLIKELY(ev->time < q->last))
        rebase(q, ev->time);
    int b = bucket_of(q->last, ev->time);
    /* Bucket 0 stays in schedule order: a push carries the largest sequence number yet. */
    bucket_append(&q->buckets[b], ev);
    if (b)
        q->occupied |= G_GUINT64_CONSTANT(1) << b;
    q->size++;
}

/* Bucket 0 is empty: take the lowest occupied bucket, make its earliest time the new "last",
 * and spread its events over the lower buckets. */
static void refill(SimEventQueue *q)
{
    if (!q->occupied)
        return;
    int b = __builtin_ctzll(q->occupied);
    SimEventBucket *src = &q->buckets[b];
    SimTime min = src->items[0].time;
    for (gsize i = 1; i < src->len; i++)
        if (src->items[i].time < min)
            min = src->items[i].time;
    q->last = min;
    for (gsize i = 0; i < src->len; i++) {
        int to = bucket_of(min, src->items[i].time);
        bucket_append(&q->buckets[to], &src->items[i]);
        if (to)
            q->occupied |= G_GUINT64_CONSTANT(1) << to;
    }
    bucket_emptied(src);
    q->occupied &= ~(G_GUINT64_CONSTANT(1) << b);
    /* No sort needed: events of equal time always share a bucket, and every move (a push, this
     * spreading, a rebase) appends in order, so they stay in schedule order. */
}

const SimEvent *sim_event_queue_peek(SimEventQueue *q)
{
    if (q->size == 0)
        return NULL;
    if (q->head == q->buckets[0].len)
        refill(q);
    return &q->buckets[0].items[q->head];
}

void sim_event_queue_drop_head(SimEventQueue *q)
{
    SimEventBucket *zero = &q->buckets[0];
    g_assert(q->size > 0 && q->head < zero->len);
    q->popped = q->last;
    q->head++;
    q->size--;
    if (q->head == zero->len) {
        q->head = 0;
        bucket_emptied(zero);
    } else if (G_UNLIKELY(q->head >= 4096 && q->head > zero->len / 2)) {
        /* A long chain of zero-delay events: reclaim the consumed front. */
        memmove(zero->items, zero->items + q->head, (zero->len - q->head) * sizeof *zero->items);
        zero->len -= q->head;
        q->head = 0;
    }
}
