/* SPDX-License-Identifier: MIT */
/*
 * The kernel: event order, cancellation, run limits; the radix heap on its own; the random
 * streams and entity timers built on them. Every assertion is exact: the clock is ours.
 */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

#include "sim-entity.h"
#include "sim-kernel.h"
#include "sim-rng.h"

typedef struct {
    SimTime time;
    guint32 tag;
} Fired;

/* obj: a GArray of Fired; arg: the tag. */
static void record_fired(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg)
{
    Fired f = { sim_kernel_now(kernel), arg };
    g_array_append_val((GArray *) obj, f);
}

/* Records, then posts tag @arg + 100 at the same time. */
static void record_and_spawn(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg)
{
    record_fired(kernel, obj, data, arg);
    sim_kernel_post(kernel, 0, record_fired, obj, NULL, arg + 100);
}

/* Records, then cancels the event whose handle @data points to. */
static void record_and_cancel(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg)
{
    record_fired(kernel, obj, data, arg);
    g_assert_true(sim_kernel_cancel(kernel, *(SimEventId *) data));
}

static void record_and_stop(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg)
{
    record_fired(kernel, obj, data, arg);
    sim_kernel_stop(kernel);
}

/* Records, then raises the flag @data points to. */
static void record_and_interrupt(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg)
{
    record_fired(kernel, obj, data, arg);
    *(volatile sig_atomic_t *) data = 1;
}

static void assert_fired(GArray *log, const Fired *expected, guint n)
{
    g_assert_cmpuint(log->len, ==, n);
    for (guint i = 0; i < n; i++) {
        const Fired *f = &g_array_index(log, Fired, i);
        g_assert_cmpint(f->time, ==, expected[i].time);
        g_assert_cmpuint(f->tag, ==, expected[i].tag);
    }
}

static void test_same_time_in_schedule_order(void)
{
    SimKernel *k = sim_kernel_new(1, 0);
    GArray *log = g_array_new(FALSE, FALSE, sizeof(Fired));
    /* All three ways of scheduling share one sequence: the order of the calls decides. */
    sim_kernel_post(k, 5, record_fired, log, NULL, 0);
    sim_kernel_schedule(k, 3, record_fired, log, NULL, 1);
    sim_kernel_schedule_at(k, 5, record_fired, log, NULL, 2);
    sim_kernel_post(k, 5, record_and_spawn, log, NULL, 3);
    sim_kernel_schedule(k, 5, record_fired, log, NULL, 4);
    g_assert_cmpint(sim_kernel_run(k, SIM_TIME_NEVER), ==, SIM_RUN_EMPTY);
    /* The zero-delay event posted at 5 runs after every event already due at 5. */
    const Fired expected[] = { { 3, 1 }, { 5, 0 }, { 5, 2 }, { 5, 3 }, { 5, 4 }, { 5, 103 } };
    assert_fired(log, expected, G_N_ELEMENTS(expected));
    g_array_unref(log);
    sim_kernel_free(k);
}

static void test_cancelled_never_fires(void)
{
    SimKernel *k = sim_kernel_new(1, 0);
    GArray *log = g_array_new(FALSE, FALSE, sizeof(Fired));
    sim_kernel_schedule(k, 10, record_fired, log, NULL, 0);
    SimEventId mid = sim_kernel_schedule(k, 20, record_fired, log, NULL, 1);
    sim_kernel_schedule(k, 30, record_fired, log, NULL, 2);
    g_assert_true(sim_kernel_is_pending(k, mid));
    g_assert_true(sim_kernel_cancel(k, mid));
    g_assert_false(sim_kernel_is_pending(k, mid));
    g_assert_false(sim_kernel_cancel(k, mid));
    g_assert_false(sim_kernel_cancel(k, SIM_EVENT_NONE));
    /* An event cancelled by one due at the same time, after the queue has lined both up. */
    SimEventId victim = SIM_EVENT_NONE;
    sim_kernel_schedule(k, 40, record_and_cancel, log, &victim, 3);
    victim = sim_kernel_schedule(k, 40, record_fired, log, NULL, 4);
    /* A cancelled event after the last live one neither runs nor keeps the run going: the run
     * ends with no event left, its clock at the last event that ran. */
    sim_kernel_cancel(k, sim_kernel_schedule(k, 100, record_fired, log, NULL, 5));
    g_assert_cmpint(sim_kernel_run(k, 200), ==, SIM_RUN_EMPTY);
    g_assert_cmpint(sim_kernel_now(k), ==, 40);
    const Fired expected[] = { { 10, 0 }, { 30, 2 }, { 40, 3 } };
    assert_fired(log, expected, G_N_ELEMENTS(expected));
    g_assert_cmpuint(sim_kernel_executed(k), ==, 3);
    g_array_unref(log);
    sim_kernel_free(k);
}

static void test_cancel_stale_handle_is_ignored(void)
{
    SimKernel *k = sim_kernel_new(1, 0);
    GArray *log = g_array_new(FALSE, FALSE, sizeof(Fired));

    /* A handle whose event ran. */
    SimEventId ran = sim_kernel_schedule(k, 1, record_fired, log, NULL, 0);
    sim_kernel_run(k, SIM_TIME_NEVER);
    SimEventId fresh = sim_kernel_schedule(k, 1, record_fired, log, NULL, 1);
    /* The handle's low half is its slot: the new event must really reuse the old one's. */
    g_assert_cmpuint((guint32) fresh, ==, (guint32) ran);
    g_assert_cmpuint(fresh, !=, ran);
    g_assert_false(sim_kernel_is_pending(k, ran));
    g_assert_false(sim_kernel_cancel(k, ran));
    g_assert_true(sim_kernel_is_pending(k, fresh));

    /* A handle whose event was cancelled, then dropped from the queue. */
    g_assert_true(sim_kernel_cancel(k, fresh));
    sim_kernel_run(k, SIM_TIME_NEVER);
    SimEventId newer = sim_kernel_schedule(k, 1, record_fired, log, NULL, 2);
    g_assert_cmpuint((guint32) newer, ==, (guint32) fresh);
    g_assert_false(sim_kernel_cancel(k, fresh));
    g_assert_false(sim_kernel_cancel(k, ran));
    /* A handle naming a slot that was never allocated. */
    g_assert_false(sim_kernel_cancel(k, (G_GUINT64_CONSTANT(1) << 32) | 1000000));
    g_assert_cmpuint(sim_kernel_pending(k), ==, 1);
    sim_kernel_run(k, SIM_TIME_NEVER);

    /* A dropped cancelled event does not move the clock: the last event ran at 1. */
    const Fired expected[] = { { 1, 0 }, { 2, 2 } };
    assert_fired(log, expected, G_N_ELEMENTS(expected));
    g_array_unref(log);
    sim_kernel_free(k);
}

/* ---- randomized stress against an independently computed order ---- */

#define STRESS_EVENTS  20000
#define STRESS_INITIAL 300

typedef struct {
    gsl_rng *rng;
    guint n; /* events scheduled so far; an event's index is its place in schedule order */
    gsize live;
    SimTime last_run;
    SimTime *time;
    SimEventId *id; /* SIM_EVENT_NONE for posted events */
    gboolean *ran;
    gboolean *cancelled;
    GArray *order; /* indices, as the events ran */
} Stress;

static void stress_fire(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg);

/* Delays mostly zero or small and round, so that many events share a time. */
static SimTime stress_delay(gsl_rng *r)
{
    switch (gsl_rng_uniform_int(r, 10)) {
    case 0:
    case 1:
    case 2:
    case 3:
        return 0;
    case 4:
    case 5:
        return (SimTime) gsl_rng_uniform_int(r, 3);
    case 6:
    case 7:
        return 1000 * (SimTime) gsl_rng_uniform_int(r, 4);
    case 8:
        return (SimTime) gsl_rng_uniform_int(r, 1 << 20);
    default:
        return (SimTime) gsl_rng_get(r) << 8;
    }
}

static void stress_add(Stress *s, SimKernel *k)
{
    guint i = s->n++;
    SimTime delay = stress_delay(s->rng);
    s->time[i] = sim_kernel_now(k) + delay;
    switch (gsl_rng_uniform_int(s->rng, 3)) {
    case 0:
        sim_kernel_post(k, delay, stress_fire, s, NULL, i);
        s->id[i] = SIM_EVENT_NONE;
        break;
    case 1:
        s->id[i] = sim_kernel_schedule(k, delay, stress_fire, s, NULL, i);
        break;
    default:
        s->id[i] = sim_kernel_schedule_at(k, s->time[i], stress_fire, s, NULL, i);
        break;
    }
    s->live++;
}

/* Cancels a random earlier event; the kernel must agree with our own bookkeeping. */
static void stress_cancel(Stress *s, SimKernel *k)
{
    guint j = (guint) gsl_rng_uniform_int(s->rng, s->n);
    if (s->id[j] == SIM_EVENT_NONE)
        return;
    gboolean expected = !s->ran[j] && !s->cancelled[j];
    g_assert_cmpint(sim_kernel_cancel(k, s->id[j]), ==, expected);
    if (expected) {
        s->cancelled[j] = TRUE;
        s->live--;
    }
}

static void stress_fire(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg)
{
    Stress *s = obj;
    SimTime now = sim_kernel_now(kernel);
    g_assert_false(s->ran[arg]);
    g_assert_false(s->cancelled[arg]);
    g_assert_cmpint(now, ==, s->time[arg]);
    g_assert_cmpint(now, >=, s->last_run);
    s->last_run = now;
    s->ran[arg] = TRUE;
    s->live--;
    g_array_append_val(s->order, arg);
    g_assert_cmpuint(sim_kernel_pending(kernel), ==, s->live);
    /* 0 to 3 children, 1.5 on average: the population grows until the budget is spent. */
    for (gulong c = gsl_rng_uniform_int(s->rng, 4); c > 0 && s->n < STRESS_EVENTS; c--)
        stress_add(s, kernel);
    if (gsl_rng_uniform(s->rng) < 0.1)
        stress_cancel(s, kernel);
}

/* An event's key, for the reference orders the tests compute by sorting. */
typedef struct {
    SimTime time;
    guint64 seq;
} TimeSeq;

static int compare_time_seq(const void *a, const void *b)
{
    const TimeSeq *x = a, *y = b;
    if (x->time != y->time)
        return x->time < y->time ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static void test_time_monotone(void)
{
    SimKernel *k = sim_kernel_new(1, 0);
    Stress s = {
        .rng = gsl_rng_alloc(gsl_rng_taus2),
        .time = g_new0(SimTime, STRESS_EVENTS),
        .id = g_new0(SimEventId, STRESS_EVENTS),
        .ran = g_new0(gboolean, STRESS_EVENTS),
        .cancelled = g_new0(gboolean, STRESS_EVENTS),
        .order = g_array_new(FALSE, FALSE, sizeof(guint)),
    };
    gsl_rng_set(s.rng, 20240601);
    for (guint i = 0; i < STRESS_INITIAL; i++)
        stress_add(&s, k);
    /* In slices, adding events between them at the limit the clock stopped at: the queue may
     * already have lined up a later event by then. */
    SimRunEnd end;
    guint slices = 0;
    do {
        end = sim_kernel_run(k, sim_kernel_now(k) + (SimTime) gsl_rng_uniform_int(s.rng, 1 << 30));
        for (gulong c = gsl_rng_uniform_int(s.rng, 3); c > 0 && s.n < STRESS_EVENTS; c--)
            stress_add(&s, k);
        slices++;
    } while (end != SIM_RUN_EMPTY || sim_kernel_pending(k) > 0);
    g_test_message("%u slices", slices);
    g_assert_cmpuint(s.n, ==, STRESS_EVENTS);
    g_assert_cmpuint(s.live, ==, 0);

    /* The reference: every event not cancelled, sorted by (time, schedule index). */
    TimeSeq *expected = g_new(TimeSeq, STRESS_EVENTS);
    guint n = 0, n_cancelled = 0;
    for (guint i = 0; i < STRESS_EVENTS; i++) {
        if (s.cancelled[i])
            n_cancelled++;
        else
            expected[n++] = (TimeSeq){ s.time[i], i };
    }
    qsort(expected, n, sizeof *expected, compare_time_seq);
    g_test_message("%u events, %u cancelled", STRESS_EVENTS, n_cancelled);
    g_assert_cmpuint(n_cancelled, >, 0);
    g_assert_cmpuint(s.order->len, ==, n);
    g_assert_cmpuint(sim_kernel_executed(k), ==, n);
    for (guint i = 0; i < n; i++)
        g_assert_cmpuint(g_array_index(s.order, guint, i), ==, expected[i].seq);

    g_free(expected);
    g_array_unref(s.order);
    g_free(s.cancelled);
    g_free(s.ran);
    g_free(s.id);
    g_free(s.time);
    gsl_rng_free(s.rng);
    sim_kernel_free(k);
}

static void test_run_until(void)
{
    SimKernel *k = sim_kernel_new(1, 0);
    GArray *log = g_array_new(FALSE, FALSE, sizeof(Fired));
    sim_kernel_post(k, 10, record_fired, log, NULL, 0);
    sim_kernel_post(k, 20, record_fired, log, NULL, 1);
    sim_kernel_post(k, 30, record_fired, log, NULL, 2);
    /* The clock then reads the limit, not the time of the last event run. */
    g_assert_cmpint(sim_kernel_run(k, 25), ==, SIM_RUN_UNTIL);
    g_assert_cmpint(sim_kernel_now(k), ==, 25);
    g_assert_cmpuint(sim_kernel_executed(k), ==, 2);
    g_assert_cmpuint(sim_kernel_pending(k), ==, 1);
    /* Scheduled at the new time, though the queue has already looked at the event at 30. */
    sim_kernel_post(k, 0, record_fired, log, NULL, 3);
    /* A run covers [now, until): the event at the limit waits for the next one. */
    g_assert_cmpint(sim_kernel_run(k, 30), ==, SIM_RUN_UNTIL);
    g_assert_cmpint(sim_kernel_now(k), ==, 30);
    g_assert_cmpuint(sim_kernel_pending(k), ==, 1);
    g_assert_cmpint(sim_kernel_run(k, SIM_TIME_NEVER), ==, SIM_RUN_EMPTY);
    g_assert_cmpint(sim_kernel_now(k), ==, 30);
    const Fired expected[] = { { 10, 0 }, { 20, 1 }, { 25, 3 }, { 30, 2 } };
    assert_fired(log, expected, G_N_ELEMENTS(expected));
    g_array_unref(log);
    sim_kernel_free(k);
}

static void test_stop(void)
{
    SimKernel *k = sim_kernel_new(1, 0);
    GArray *log = g_array_new(FALSE, FALSE, sizeof(Fired));
    sim_kernel_post(k, 5, record_and_stop, log, NULL, 0);
    sim_kernel_post(k, 5, record_fired, log, NULL, 1);
    sim_kernel_post(k, 6, record_fired, log, NULL, 2);
    g_assert_cmpint(sim_kernel_run(k, SIM_TIME_NEVER), ==, SIM_RUN_STOPPED);
    g_assert_cmpint(sim_kernel_now(k), ==, 5);
    g_assert_cmpuint(sim_kernel_executed(k), ==, 1);
    g_assert_cmpuint(sim_kernel_pending(k), ==, 2);
    /* The stop request does not outlive the run that saw it. */
    g_assert_cmpint(sim_kernel_run(k, SIM_TIME_NEVER), ==, SIM_RUN_EMPTY);
    const Fired expected[] = { { 5, 0 }, { 5, 1 }, { 6, 2 } };
    assert_fired(log, expected, G_N_ELEMENTS(expected));
    g_array_unref(log);
    sim_kernel_free(k);
}

static void test_interrupt_flag(void)
{
    SimKernel *k = sim_kernel_new(1, 0);
    GArray *log = g_array_new(FALSE, FALSE, sizeof(Fired));
    volatile sig_atomic_t flag = 1;
    sim_kernel_set_interrupt_flag(k, &flag);
    sim_kernel_post(k, 5, record_and_interrupt, log, (gpointer) &flag, 0);
    sim_kernel_post(k, 6, record_fired, log, NULL, 1);
    /* Raised before the run: nothing runs. */
    g_assert_cmpint(sim_kernel_run(k, SIM_TIME_NEVER), ==, SIM_RUN_INTERRUPTED);
    g_assert_cmpuint(sim_kernel_executed(k), ==, 0);
    flag = 0;
    /* Raised by the first event: the second waits. */
    g_assert_cmpint(sim_kernel_run(k, SIM_TIME_NEVER), ==, SIM_RUN_INTERRUPTED);
    g_assert_cmpuint(sim_kernel_executed(k), ==, 1);
    g_assert_cmpuint(sim_kernel_pending(k), ==, 1);
    g_assert_cmpint(sim_kernel_now(k), ==, 5);
    flag = 0;
    g_assert_cmpint(sim_kernel_run(k, SIM_TIME_NEVER), ==, SIM_RUN_EMPTY);
    /* Once detached, the flag is no longer read. */
    sim_kernel_set_interrupt_flag(k, NULL);
    flag = 1;
    sim_kernel_post(k, 1, record_fired, log, NULL, 2);
    g_assert_cmpint(sim_kernel_run(k, SIM_TIME_NEVER), ==, SIM_RUN_EMPTY);
    const Fired expected[] = { { 5, 0 }, { 6, 1 }, { 7, 2 } };
    assert_fired(log, expected, G_N_ELEMENTS(expected));
    g_array_unref(log);
    sim_kernel_free(k);
}

static void test_pending_count(void)
{
    SimKernel *k = sim_kernel_new(1, 0);
    GArray *log = g_array_new(FALSE, FALSE, sizeof(Fired));
    g_assert_cmpuint(sim_kernel_pending(k), ==, 0);
    sim_kernel_post(k, 1, record_fired, log, NULL, 0);
    sim_kernel_post(k, 2, record_fired, log, NULL, 1);
    SimEventId a = sim_kernel_schedule(k, 1, record_fired, log, NULL, 2);
    sim_kernel_schedule(k, 3, record_fired, log, NULL, 3);
    sim_kernel_schedule_at(k, 4, record_fired, log, NULL, 4);
    g_assert_cmpuint(sim_kernel_pending(k), ==, 5);
    g_assert_true(sim_kernel_cancel(k, a));
    g_assert_cmpuint(sim_kernel_pending(k), ==, 4);
    g_assert_false(sim_kernel_cancel(k, a));
    g_assert_cmpuint(sim_kernel_pending(k), ==, 4);
    /* Up to 3: the cancelled event, still queued at 1, is not counted when it is dropped. */
    g_assert_cmpint(sim_kernel_run(k, 3), ==, SIM_RUN_UNTIL);
    g_assert_cmpuint(sim_kernel_pending(k), ==, 2);
    g_assert_cmpuint(sim_kernel_executed(k), ==, 2);
    g_assert_cmpint(sim_kernel_run(k, SIM_TIME_NEVER), ==, SIM_RUN_EMPTY);
    g_assert_cmpuint(sim_kernel_pending(k), ==, 0);
    g_assert_cmpuint(sim_kernel_executed(k), ==, 4);
    g_array_unref(log);
    sim_kernel_free(k);
}

/* ---- the radix heap on its own ---- */

static void queue_push(SimEventQueue *q, SimTime time, guint64 seq)
{
    SimEvent ev = { .time = time, .seq = seq, .slot = SIM_EVENT_SLOT_NONE };
    sim_event_queue_push(q, &ev);
}

/* Pops the head and checks it is (@time, @seq). */
static void queue_pop_expect(SimEventQueue *q, SimTime time, guint64 seq)
{
    const SimEvent *ev = sim_event_queue_peek(q);
    g_assert_nonnull(ev);
    g_assert_cmpint(ev->time, ==, time);
    g_assert_cmpuint(ev->seq, ==, seq);
    sim_event_queue_drop_head(q);
}

static void test_queue_wide_times(void)
{
    SimEventQueue q;
    sim_event_queue_init(&q);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 7);
    /* 2^0 .. 2^62 and each plus one, in a shuffled order: every bucket is used, and some times
     * repeat (2^0 + 1 == 2^1). */
    TimeSeq keys[126];
    for (guint b = 0; b < 63; b++) {
        keys[2 * b].time = (SimTime) 1 << b;
        keys[2 * b + 1].time = ((SimTime) 1 << b) + 1;
    }
    gsl_ran_shuffle(r, keys, G_N_ELEMENTS(keys), sizeof *keys);
    for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
        keys[i].seq = i;
        queue_push(&q, keys[i].time, keys[i].seq);
    }
    g_assert_cmpuint(sim_event_queue_size(&q), ==, G_N_ELEMENTS(keys));
    qsort(keys, G_N_ELEMENTS(keys), sizeof *keys, compare_time_seq);
    for (guint i = 0; i < G_N_ELEMENTS(keys); i++)
        queue_pop_expect(&q, keys[i].time, keys[i].seq);
    g_assert_null(sim_event_queue_peek(&q));
    g_assert_cmpuint(sim_event_queue_size(&q), ==, 0);
    gsl_rng_free(r);
    sim_event_queue_clear(&q);
}

static gint compare_time_seq_data(gconstpointer a, gconstpointer b, gpointer user_data)
{
    return compare_time_seq(a, b);
}

static void test_queue_interleaved(void)
{
    enum { OPS = 200000, PHASE = 10000 };
    SimEventQueue q;
    sim_event_queue_init(&q);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 11);
    /* The reference: a balanced tree ordered by (time, seq). */
    GSequence *ref = g_sequence_new(g_free);
    SimTime last = 0;
    guint64 seq = 0;
    for (guint op = 0; op < OPS; op++) {
        /* Phases of more pushes than pops, then fewer: the queue grows and drains by turns. */
        double p_push = (op / PHASE) % 2 ? 0.45 : 0.55;
        double u = gsl_rng_uniform(r);
        if (!g_sequence_is_empty(ref) && u >= 0.9) {
            /* A peek lines up the head; later pushes may still come before it. */
            const TimeSeq *want = g_sequence_get(g_sequence_get_begin_iter(ref));
            const SimEvent *head = sim_event_queue_peek(&q);
            g_assert_cmpint(head->time, ==, want->time);
            g_assert_cmpuint(head->seq, ==, want->seq);
        } else if (g_sequence_is_empty(ref) || u < p_push * 0.9) {
            TimeSeq *key = g_new(TimeSeq, 1);
            *key = (TimeSeq){ last + stress_delay(r), seq++ };
            queue_push(&q, key->time, key->seq);
            g_sequence_insert_sorted(ref, key, compare_time_seq_data, NULL);
        } else {
            GSequenceIter *first = g_sequence_get_begin_iter(ref);
            const TimeSeq *want = g_sequence_get(first);
            last = want->time;
            queue_pop_expect(&q, want->time, want->seq);
            g_sequence_remove(first);
        }
        g_assert_cmpuint(sim_event_queue_size(&q), ==, (guint) g_sequence_get_length(ref));
    }
    g_sequence_free(ref);
    gsl_rng_free(r);
    sim_event_queue_clear(&q);
}

static void test_queue_zero_delay_chain(void)
{
    enum { LIVE = 5000, PASSES = 100000 };
    SimEventQueue q;
    sim_event_queue_init(&q);
    const SimTime t = 123456789;
    queue_push(&q, 1, 0);
    queue_pop_expect(&q, 1, 0);
    /* LIVE events at one time; each pop pushes another at that same time, as a chain of
     * zero-delay events does, so bucket 0 is consumed at its front and grows at its back. */
    guint64 seq = 1;
    for (guint i = 0; i < LIVE; i++)
        queue_push(&q, t, seq++);
    for (guint64 want = 1; want <= PASSES; want++) {
        queue_pop_expect(&q, t, want);
        queue_push(&q, t, seq++);
        /* The consumed front is reclaimed: bucket 0 never holds much more than twice the
         * events still waiting, where it would otherwise reach LIVE + PASSES. */
        g_assert_cmpuint(q.buckets[0].len, <=, 2 * LIVE + 2);
    }
    for (guint64 want = PASSES + 1; want < seq; want++)
        queue_pop_expect(&q, t, want);
    g_assert_null(sim_event_queue_peek(&q));
    sim_event_queue_clear(&q);
}

/* ---- random streams and entities ---- */

enum { DRAWS = 8 };

static void draw_from(gsl_rng *r, gulong *out)
{
    for (int i = 0; i < DRAWS; i++)
        out[i] = gsl_rng_get(r);
}

static gboolean same_draws(const gulong *a, const gulong *b)
{
    return memcmp(a, b, DRAWS * sizeof *a) == 0;
}

static const SimEntityClass plain_class = { .kind = "plain" };

/* The draws of entity @name in a run of (@seed, @run) where @others other entities exist and
 * draw first and in between. */
static void entity_draws(guint64 seed, guint64 run, const char *name, guint others, gulong *out)
{
    SimKernel *k = sim_kernel_new(seed, run);
    SimEntity *crowd = g_new0(SimEntity, others);
    for (guint i = 0; i < others; i++) {
        g_autofree char *other = g_strdup_printf("other-%u", i);
        sim_entity_init(&crowd[i], &plain_class, k, other);
        gsl_rng_get(sim_entity_rng(&crowd[i]));
    }
    SimEntity self;
    sim_entity_init(&self, &plain_class, k, name);
    for (int i = 0; i < DRAWS; i++) {
        out[i] = gsl_rng_get(sim_entity_rng(&self));
        for (guint j = 0; j < others; j++)
            gsl_rng_get(sim_entity_rng(&crowd[j]));
    }
    sim_entity_clear(&self);
    for (guint i = 0; i < others; i++)
        sim_entity_clear(&crowd[i]);
    g_free(crowd);
    sim_kernel_free(k);
}

static void test_rng_streams_independent_of_others(void)
{
    gulong alone[DRAWS], crowded[DRAWS], other[DRAWS];
    entity_draws(42, 1, "alice", 0, alone);
    entity_draws(42, 1, "alice", 5, crowded);
    g_assert_true(same_draws(alone, crowded));

    /* The same stream through the bare API. */
    SimRng bare;
    sim_rng_init(&bare, 42, 1, "alice");
    draw_from(&bare.gen, other);
    g_assert_true(same_draws(alone, other));

    entity_draws(42, 1, "alicf", 0, other);
    g_assert_false(same_draws(alone, other));
    entity_draws(43, 1, "alice", 0, other);
    g_assert_false(same_draws(alone, other));
    entity_draws(42, 2, "alice", 0, other);
    g_assert_false(same_draws(alone, other));
    /* Seed and run are separate fields, not one sum. */
    entity_draws(43, 0, "alice", 0, other);
    g_assert_false(same_draws(alone, other));
}

typedef struct {
    SimEntity parent;
    GArray *log; /* Fired, with the timer's kind as the tag */
    gpointer last_data;
} Probe;

static void probe_timer(SimEntity *self, guint32 kind, gpointer data)
{
    Probe *probe = (Probe *) self;
    Fired f = { sim_entity_now(self), kind };
    g_array_append_val(probe->log, f);
    probe->last_data = data;
}

static const SimEntityClass probe_class = { .kind = "probe", .timer = probe_timer };

static void test_entity_timer_calls_handler(void)
{
    SimKernel *k = sim_kernel_new(1, 0);
    Probe probe = { .log = g_array_new(FALSE, FALSE, sizeof(Fired)) };
    sim_entity_init(&probe.parent, &probe_class, k, "probe");
    int marker;
    sim_entity_timer(&probe.parent, 5 * SIM_MS, 7, &marker);
    SimEventId cancelled = sim_entity_timer(&probe.parent, 2 * SIM_MS, 8, NULL);
    g_assert_true(sim_kernel_cancel(k, cancelled));
    g_assert_cmpint(sim_kernel_run(k, SIM_TIME_NEVER), ==, SIM_RUN_EMPTY);
    const Fired expected[] = { { 5 * SIM_MS, 7 } };
    assert_fired(probe.log, expected, G_N_ELEMENTS(expected));
    g_assert_true(probe.last_data == &marker);
    sim_entity_clear(&probe.parent);
    g_array_unref(probe.log);
    sim_kernel_free(k);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sim/kernel/same-time-in-schedule-order", test_same_time_in_schedule_order);
    g_test_add_func("/sim/kernel/cancelled-never-fires", test_cancelled_never_fires);
    g_test_add_func("/sim/kernel/cancel-stale-handle-is-ignored",
                    test_cancel_stale_handle_is_ignored);
    g_test_add_func("/sim/kernel/time-monotone", test_time_monotone);
    g_test_add_func("/sim/kernel/run-until", test_run_until);
    g_test_add_func("/sim/kernel/stop", test_stop);
    g_test_add_func("/sim/kernel/interrupt-flag", test_interrupt_flag);
    g_test_add_func("/sim/kernel/pending-count", test_pending_count);
    g_test_add_func("/sim/queue/wide-times", test_queue_wide_times);
    g_test_add_func("/sim/queue/interleaved-push-pop", test_queue_interleaved);
    g_test_add_func("/sim/queue/zero-delay-chain", test_queue_zero_delay_chain);
    g_test_add_func("/sim/rng/streams-independent-of-others",
                    test_rng_streams_independent_of_others);
    g_test_add_func("/sim/entity/timer-calls-handler", test_entity_timer_calls_handler);
    return g_test_run();
}
