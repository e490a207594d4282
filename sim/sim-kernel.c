/* SPDX-License-Identifier: MIT */
#include "sim-kernel.h"

#include "sim-cost.h"

/* A cancellation slot: 8 bytes, so the table stays small and warm. While the event is queued,
 * @state says whether it is live or cancelled; while the slot is free, it links the free list. */
typedef struct {
    guint32 gen;
    guint32 state;
} SimEventSlot;

#define SLOT_LIVE      (G_MAXUINT32 - 1)
#define SLOT_CANCELLED (G_MAXUINT32 - 2)
#define SLOT_END       G_MAXUINT32 /* end of the free list */

struct SimKernel {
    SimTime now;
    guint64 next_seq;
    guint64 executed;
    gsize pending;
    SimEventQueue queue;
    SimEventSlot *slots;
    guint32 n_slots;
    guint32 free_head;
    gboolean stop;
    volatile sig_atomic_t *interrupt;
    guint64 seed;
    guint64 run;
};

static volatile sig_atomic_t never_interrupted;

SimKernel *sim_kernel_new(guint64 seed, guint64 run)
{
    SimKernel *k = g_new0(SimKernel, 1);
    sim_event_queue_init(&k->queue);
    k->free_head = SLOT_END;
    k->interrupt = &never_interrupted;
    k->seed = seed;
    k->run = run;
    return k;
}

void sim_kernel_free(SimKernel *kernel)
{
    if (!kernel)
        return;
    sim_event_queue_clear(&kernel->queue);
    g_free(kernel->slots);
    g_free(kernel);
}

SimTime sim_kernel_now(const SimKernel *kernel)
{
    return kernel->now;
}

guint64 sim_kernel_seed(const SimKernel *kernel)
{
    return kernel->seed;
}

guint64 sim_kernel_run_number(const SimKernel *kernel)
{
    return kernel->run;
}

guint64 sim_kernel_executed(const SimKernel *kernel)
{
    return kernel->executed;
}

gsize sim_kernel_pending(const SimKernel *kernel)
{
    return kernel->pending;
}

static guint32 slot_alloc(SimKernel *k)
{
    if (k->free_head == SLOT_END) {
        guint32 old = k->n_slots;
        guint32 grown = old ? old * 2 : 1024;
        g_assert(grown > old && grown < SLOT_CANCELLED);
        k->slots = g_renew(SimEventSlot, k->slots, grown);
        for (guint32 i = old; i < grown; i++) {
            k->slots[i].gen = 1;
            k->slots[i].state = i + 1 < grown ? i + 1 : SLOT_END;
        }
        k->n_slots = grown;
        k->free_head = old;
    }
    guint32 s = k->free_head;
    k->free_head = k->slots[s].state;
    k->slots[s].state = SLOT_LIVE;
    return s;
}

static void slot_release(SimKernel *k, guint32 s)
{
    SimEventSlot *slot = &k->slots[s];
    if (++slot->gen == 0) /* keep 0 out of handles */
        slot->gen = 1;
    slot->state = k->free_head;
    k->free_head = s;
}

/* Inlined: its marks would otherwise make it a call on every push. */
G_ALWAYS_INLINE static inline void enqueue(SimKernel *k, SimTime when, SimEventFn fn, gpointer obj,
                                           gpointer data, guint32 arg, guint32 slot)
{
    SIM_COST_ENTER(kernel);
    SimEvent ev = {
        .time = when,
        .seq = k->next_seq++,
        .fn = fn,
        .obj = obj,
        .data = data,
        .arg = arg,
        .slot = slot,
    };
    sim_event_queue_push(&k->queue, &ev);
    k->pending++;
    SIM_COST_LEAVE(kernel);
}

void sim_kernel_post(SimKernel *kernel, SimTime delay, SimEventFn fn, gpointer obj, gpointer data,
                     guint32 arg)
{
    g_return_if_fail(fn != NULL);
    g_return_if_fail(delay >= 0 && delay <= SIM_TIME_NEVER - kernel->now);
    enqueue(kernel, kernel->now + delay, fn, obj, data, arg, SIM_EVENT_SLOT_NONE);
}

SimEventId sim_kernel_schedule_at(SimKernel *kernel, SimTime when, SimEventFn fn, gpointer obj,
                                  gpointer data, guint32 arg)
{
    g_return_val_if_fail(fn != NULL, SIM_EVENT_NONE);
    g_return_val_if_fail(when >= kernel->now, SIM_EVENT_NONE);
    guint32 s = slot_alloc(kernel);
    enqueue(kernel, when, fn, obj, data, arg, s);
    return ((guint64) kernel->slots[s].gen << 32) | s;
}

SimEventId sim_kernel_schedule(SimKernel *kernel, SimTime delay, SimEventFn fn, gpointer obj,
                               gpointer data, guint32 arg)
{
    g_return_val_if_fail(delay >= 0 && delay <= SIM_TIME_NEVER - kernel->now, SIM_EVENT_NONE);
    return sim_kernel_schedule_at(kernel, kernel->now + delay, fn, obj, data, arg);
}

static SimEventSlot *live_slot(const SimKernel *kernel, SimEventId id)
{
    guint32 s = (guint32) id;
    if (id == SIM_EVENT_NONE || s >= kernel->n_slots)
        return NULL;
    SimEventSlot *slot = &kernel->slots[s];
    if (slot->gen != (guint32) (id >> 32) || slot->state != SLOT_LIVE)
        return NULL;
    return slot;
}

gboolean sim_kernel_is_pending(const SimKernel *kernel, SimEventId id)
{
    return live_slot(kernel, id) != NULL;
}

gboolean sim_kernel_cancel(SimKernel *kernel, SimEventId id)
{
    SimEventSlot *slot = live_slot(kernel, id);
    if (!slot)
        return FALSE;
    slot->state = SLOT_CANCELLED;
    kernel->pending--;
    return TRUE;
}

typedef struct {
    const SimKernel *kernel;
    void (*fn)(const SimEvent *ev, gpointer user);
    gpointer user;
} PendingVisit;

static void visit_if_live(const SimEvent *ev, gpointer user)
{
    const PendingVisit *v = user;
    if (ev->slot == SIM_EVENT_SLOT_NONE || v->kernel->slots[ev->slot].state == SLOT_LIVE)
        v->fn(ev, v->user);
}

void sim_kernel_foreach_pending(SimKernel *kernel, void (*fn)(const SimEvent *ev, gpointer user),
                                gpointer user)
{
    PendingVisit v = { kernel, fn, user };
    sim_event_queue_foreach(&kernel->queue, visit_if_live, &v);
}

void sim_kernel_stop(SimKernel *kernel)
{
    kernel->stop = TRUE;
}

void sim_kernel_set_interrupt_flag(SimKernel *kernel, volatile sig_atomic_t *flag)
{
    kernel->interrupt = flag ? flag : &never_interrupted;
}

/* Drops the queued events, all cancelled, and frees their slots; the clock stays. */
static void drain_cancelled(SimKernel *kernel)
{
    const SimEvent *top;
    while ((top = sim_event_queue_peek(&kernel->queue))) {
        g_assert(top->slot != SIM_EVENT_SLOT_NONE &&
                 kernel->slots[top->slot].state == SLOT_CANCELLED);
        slot_release(kernel, top->slot);
        sim_event_queue_drop_head(&kernel->queue);
    }
}

static SimRunEnd run_events(SimKernel *kernel, SimTime until)
{
    for (;;) {
        if (G_UNLIKELY(*kernel->interrupt))
            return SIM_RUN_INTERRUPTED;
        /* Cancelled events may still be queued: they do not keep the run going. */
        if (kernel->pending == 0) {
            drain_cancelled(kernel);
            return SIM_RUN_EMPTY;
        }
        const SimEvent *top = sim_event_queue_peek(&kernel->queue);
        if (top->time >= until) {
            kernel->now = until;
            return SIM_RUN_UNTIL;
        }
        /* Copied out: the handler may push, and pushing may move the bucket. */
        SimEvent ev = *top;
        sim_event_queue_prefetch(&kernel->queue, 8);
        sim_event_queue_drop_head(&kernel->queue);
        if (ev.slot != SIM_EVENT_SLOT_NONE) {
            gboolean cancelled = kernel->slots[ev.slot].state == SLOT_CANCELLED;
            slot_release(kernel, ev.slot);
            if (cancelled)
                continue;
        }
        g_assert(ev.time >= kernel->now);
        kernel->now = ev.time;
        kernel->pending--;
        kernel->executed++;
        /* The handler's time is its model's: "other" unless the model marks it. */
        SIM_COST_ENTER(other);
        ev.fn(kernel, ev.obj, ev.data, ev.arg);
        SIM_COST_LEAVE(other);
        if (G_UNLIKELY(kernel->stop))
            return SIM_RUN_STOPPED;
    }
}

SimRunEnd sim_kernel_run(SimKernel *kernel, SimTime until)
{
    g_return_val_if_fail(until >= kernel->now, SIM_RUN_UNTIL);
    kernel->stop = FALSE;
    SIM_COST_ENTER(kernel);
    SimRunEnd end = run_events(kernel, until);
    SIM_COST_LEAVE(kernel);
    return end;
}
