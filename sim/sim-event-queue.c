/* SPDX-License-Identifier: MIT */
#include "sim-event-queue.h"

#include <stdlib.h>

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

void sim_event_queue_push(SimEventQueue *q, const SimEvent *ev)
{
    g_assert(ev->time >= q->last);
    int b = bucket_of(q->last, ev->time);
    /* Bucket 0 stays in schedule order: a push carries the largest sequence number yet. */
    bucket_append(&q->buckets[b], ev);
    if (b)
        q->occupied |= G_GUINT64_CONSTANT(1) << b;
    q->size++;
}

static int compare_seq(const void *a, const void *b)
{
    guint64 x = ((const SimEvent *) a)->seq, y = ((const SimEvent *) b)->seq;
    return (x > y) - (x < y);
}

static void sort_by_seq(SimEvent *items, gsize n)
{
    /* Ties usually arrive nearly in order; insertion sort handles short or sorted runs. */
    if (n > 32) {
        qsort(items, n, sizeof *items, compare_seq);
        return;
    }
    for (gsize i = 1; i < n; i++) {
        SimEvent ev = items[i];
        gsize j = i;
        while (j > 0 && items[j - 1].seq > ev.seq) {
            items[j] = items[j - 1];
            j--;
        }
        items[j] = ev;
    }
}

/* Bucket 0 is empty: take the lowest occupied bucket, make its earliest time the new "last",
 * and spread its events over the lower buckets. */
static void refill(SimEventQueue *q)
{
    SimEventBucket *zero = &q->buckets[0];
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
    src->len = 0;
    q->occupied &= ~(G_GUINT64_CONSTANT(1) << b);
    sort_by_seq(zero->items, zero->len);
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
    q->head++;
    q->size--;
    if (q->head == zero->len) {
        q->head = zero->len = 0;
    } else if (G_UNLIKELY(q->head >= 4096 && q->head > zero->len / 2)) {
        /* A long chain of zero-delay events: reclaim the consumed front. */
        memmove(zero->items, zero->items + q->head, (zero->len - q->head) * sizeof *zero->items);
        zero->len -= q->head;
        q->head = 0;
    }
}
