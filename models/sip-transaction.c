/* SPDX-License-Identifier: MIT */
#include "sip-transaction.h"

#include <string.h>

#include "sim-cost.h"

static const char *const kind_names[SIP_TXN_N_KINDS] = {
    [SIP_TXN_ICT] = "ict",
    [SIP_TXN_IST] = "ist",
    [SIP_TXN_NICT] = "nict",
    [SIP_TXN_NIST] = "nist",
};

static const char *const state_names[SIP_TXN_N_STATES] = {
    [SIP_TXN_INIT] = "init",           [SIP_TXN_CALLING] = "calling",
    [SIP_TXN_TRYING] = "trying",       [SIP_TXN_PROCEEDING] = "proceeding",
    [SIP_TXN_COMPLETED] = "completed", [SIP_TXN_CONFIRMED] = "confirmed",
    [SIP_TXN_ACCEPTED] = "accepted",   [SIP_TXN_TERMINATED] = "terminated",
};

static const char *const timer_names[SIP_N_TIMERS] = {
    [SIP_TIMER_A] = "A", [SIP_TIMER_B] = "B", [SIP_TIMER_D] = "D", [SIP_TIMER_E] = "E",
    [SIP_TIMER_F] = "F", [SIP_TIMER_G] = "G", [SIP_TIMER_H] = "H", [SIP_TIMER_I] = "I",
    [SIP_TIMER_J] = "J", [SIP_TIMER_K] = "K", [SIP_TIMER_L] = "L", [SIP_TIMER_M] = "M",
};

static const char *const event_names[SIP_TXN_EV_TIMER] = {
    [SIP_TXN_EV_SEND_REQUEST] = "send-request", [SIP_TXN_EV_RECV_1XX] = "recv-1xx",
    [SIP_TXN_EV_RECV_2XX] = "recv-2xx",         [SIP_TXN_EV_RECV_FINAL] = "recv-300-699",
    [SIP_TXN_EV_RECV_REQUEST] = "recv-request", [SIP_TXN_EV_RECV_ACK] = "recv-ack",
    [SIP_TXN_EV_SEND_1XX] = "send-1xx",         [SIP_TXN_EV_SEND_2XX] = "send-2xx",
    [SIP_TXN_EV_SEND_FINAL] = "send-300-699",
};

static const char *const timer_event_names[SIP_N_TIMERS] = {
    "timer-A", "timer-B", "timer-D", "timer-E", "timer-F", "timer-G",
    "timer-H", "timer-I", "timer-J", "timer-K", "timer-L", "timer-M",
};

const char *sip_txn_kind_name(SipTxnKind kind)
{
    g_return_val_if_fail((guint) kind < SIP_TXN_N_KINDS, "?");
    return kind_names[kind];
}

const char *sip_txn_state_name(SipTxnState state)
{
    g_return_val_if_fail((guint) state < SIP_TXN_N_STATES, "?");
    return state_names[state];
}

const char *sip_txn_event_name(SipTxnEvent event)
{
    g_return_val_if_fail((guint) event < SIP_TXN_N_EVENTS, "?");
    return event < SIP_TXN_EV_TIMER ? event_names[event]
                                    : timer_event_names[event - SIP_TXN_EV_TIMER];
}

const char *sip_timer_name(SipTimer timer)
{
    g_return_val_if_fail((guint) timer < SIP_N_TIMERS, "?");
    return timer_names[timer];
}

void sip_bytes_set(SipBytes *b, const void *data, gsize len)
{
    g_free(b->data);
    b->data = g_memdup2(data, len);
    b->len = len;
}

void sip_bytes_clear(SipBytes *b)
{
    g_clear_pointer(&b->data, g_free);
    b->len = 0;
}

const SipTxnMachine *sip_txn_machine(SipTxnKind kind)
{
    static const SipTxnMachine *const machines[SIP_TXN_N_KINDS] = {
        [SIP_TXN_ICT] = &sip_ict_machine,
        [SIP_TXN_IST] = &sip_ist_machine,
        [SIP_TXN_NICT] = &sip_nict_machine,
        [SIP_TXN_NIST] = &sip_nist_machine,
    };
    g_return_val_if_fail((guint) kind < SIP_TXN_N_KINDS, NULL);
    return machines[kind];
}

SipTransaction *sip_transaction_new(SipTxnKind kind, SimKernel *kernel,
                                    const SipTimerConfig *timers, const SipTxnOps *ops,
                                    gpointer owner, NetEndpoint peer)
{
    SipTransaction *t = g_new0(SipTransaction, 1);
    t->kind = kind;
    t->state = SIP_TXN_INIT;
    t->kernel = kernel;
    t->timers = timers;
    t->ops = ops;
    t->owner = owner;
    t->peer = peer;
    return t;
}

void sip_transaction_free(SipTransaction *t)
{
    if (!t)
        return;
    for (int i = 0; i < SIP_TXN_TIMER_SLOTS; i++)
        sim_kernel_cancel(t->kernel, t->timer_ids[i]);
    sip_bytes_clear(&t->request); /* or response: they share their storage */
    if (t->kind == SIP_TXN_ICT)
        sip_bytes_clear(&t->ack); /* or an INVITE server's digest */
    g_free(t);
}

static const SipTxnKind timer_kinds[SIP_N_TIMERS] = {
    [SIP_TIMER_A] = SIP_TXN_ICT,  [SIP_TIMER_B] = SIP_TXN_ICT,  [SIP_TIMER_D] = SIP_TXN_ICT,
    [SIP_TIMER_M] = SIP_TXN_ICT,  [SIP_TIMER_G] = SIP_TXN_IST,  [SIP_TIMER_H] = SIP_TXN_IST,
    [SIP_TIMER_I] = SIP_TXN_IST,  [SIP_TIMER_L] = SIP_TXN_IST,  [SIP_TIMER_E] = SIP_TXN_NICT,
    [SIP_TIMER_F] = SIP_TXN_NICT, [SIP_TIMER_K] = SIP_TXN_NICT, [SIP_TIMER_J] = SIP_TXN_NIST,
};

static const guint8 timer_slots[SIP_N_TIMERS] = {
    [SIP_TIMER_A] = 0, [SIP_TIMER_B] = 1, [SIP_TIMER_D] = 2, [SIP_TIMER_M] = 3,
    [SIP_TIMER_G] = 0, [SIP_TIMER_H] = 1, [SIP_TIMER_I] = 2, [SIP_TIMER_L] = 3,
    [SIP_TIMER_E] = 0, [SIP_TIMER_F] = 1, [SIP_TIMER_K] = 2, [SIP_TIMER_J] = 0,
};

/* Where @t keeps the event of @timer, which must be one of its kind's. */
static SimEventId *timer_slot(SipTransaction *t, SipTimer timer)
{
    g_assert(timer_kinds[timer] == t->kind);
    return &t->timer_ids[timer_slots[timer]];
}

static void timer_fired(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg)
{
    SipTransaction *t = obj;
    *timer_slot(t, (SipTimer) arg) = SIM_EVENT_NONE;
    SIM_COST_ENTER(transactions);
    sip_transaction_dispatch(t, SIP_TXN_EV_TIMER_OF(arg), NULL);
    SIM_COST_LEAVE(transactions);
}

void sip_txn_start_timer(SipTransaction *t, SipTimer timer, SimTime delay)
{
    SimEventId *slot = timer_slot(t, timer);
    sim_kernel_cancel(t->kernel, *slot);
    *slot = sim_kernel_schedule(t->kernel, delay, timer_fired, t, NULL, timer);
}

void sip_txn_stop_timer(SipTransaction *t, SipTimer timer)
{
    SimEventId *slot = timer_slot(t, timer);
    sim_kernel_cancel(t->kernel, *slot);
    *slot = SIM_EVENT_NONE;
}

void sip_txn_send_request(SipTransaction *t, gboolean retransmission)
{
    if (retransmission)
        t->retransmissions++;
    t->ops->send(t, &t->request, retransmission);
}

void sip_txn_send_response(SipTransaction *t, gboolean retransmission)
{
    if (retransmission)
        t->retransmissions++;
    t->ops->send(t, &t->response, retransmission);
}

/* Two 64-bit lanes over the bytes, 8 at a time, each step a bijection of its lane for a given
 * word (so two texts of one length that differ in one word never collide), then mixed (the
 * finalizer of MurmurHash3). Chance collisions, between 2xx responses that differ in several
 * words, are about one in 2^128. */
static guint64 mix(guint64 h)
{
    h ^= h >> 33;
    h *= G_GUINT64_CONSTANT(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= G_GUINT64_CONSTANT(0xc4ceb9fe1a85ec53);
    return h ^ (h >> 33);
}

static void digest(const guint8 *bytes, gsize len, guint64 out[2])
{
    guint64 a = G_GUINT64_CONSTANT(0x9e3779b97f4a7c15) ^ len;
    guint64 b = G_GUINT64_CONSTANT(0x6a09e667f3bcc909) + len;
    for (gsize i = 0; i < len; i += 8) {
        guint64 w = 0;
        if (len - i >= 8)
            memcpy(&w, bytes + i, 8); /* a fixed size: one load */
        else
            memcpy(&w, bytes + i, len - i);
        a = ((a ^ w) * G_GUINT64_CONSTANT(0x100000001b3)) + 1;
        b = ((b + w) ^ (b >> 31)) * G_GUINT64_CONSTANT(0x9fb21c651e98df25);
    }
    out[0] = mix(a);
    out[1] = mix(b ^ a);
}

void sip_txn_pass_response(SipTransaction *t, const SipTxnInput *in, gboolean first)
{
    guint64 d[2];
    digest(in->bytes, in->len, d);
    gboolean again = !first && d[0] == t->passed[0] && d[1] == t->passed[1];
    t->passed[0] = d[0];
    t->passed[1] = d[1];
    if (again)
        t->retransmissions++;
    SipBytes bytes = { (guint8 *) in->bytes, in->len };
    t->ops->send(t, &bytes, again);
}

void sip_txn_send_new_response(SipTransaction *t, const SipTxnInput *in)
{
    sip_bytes_set(&t->response, in->bytes, in->len);
    sip_txn_send_response(t, FALSE);
}

void sip_txn_deliver(SipTransaction *t, const SipTxnInput *in)
{
    t->ops->deliver(t, in);
}

const SipTxnAction sip_txn_deliver_action = { sip_txn_deliver, "pass it to the TU" };
const SipTxnAction sip_txn_send_response_action = { sip_txn_send_new_response,
                                                    "send the response (kept for resending)" };

/* The one place a state changes: checks the move, reports it, and on Terminated stops the
 * timers and tells the owner. */
static void set_state(SipTransaction *t, SipTxnState next, SipTxnEvent event)
{
    g_assert(t->state != SIP_TXN_TERMINATED);
    g_assert(next != SIP_TXN_INIT);
    SipTxnState from = t->state;
    t->state = next;
    /* A client resends its request only from Calling, Trying and Proceeding (Timers A and E):
     * once it has its final response, the bytes go (a call holds its INVITE's 32 s longer). */
    if ((t->kind == SIP_TXN_ICT || t->kind == SIP_TXN_NICT) &&
        (next == SIP_TXN_COMPLETED || next == SIP_TXN_ACCEPTED))
        sip_bytes_clear(&t->request);
    t->ops->state_changed(t, from, next, event);
    if (next == SIP_TXN_TERMINATED) {
        for (int i = 0; i < SIP_TXN_TIMER_SLOTS; i++) {
            sim_kernel_cancel(t->kernel, t->timer_ids[i]);
            t->timer_ids[i] = SIM_EVENT_NONE;
        }
        t->ops->terminated(t);
    }
}

/*
 * The state changes before the row's action, so that a TU answering from inside the action (an
 * INVITE server delivering the request gets a 100 back at once) finds the machine in its new
 * state; a move into Terminated comes after the action, which may still need the transaction
 * (reporting a timeout). A transaction that terminates inside a nested call is freed when the
 * outermost call returns.
 */
gboolean sip_transaction_dispatch(SipTransaction *t, SipTxnEvent event, const SipTxnInput *in)
{
    const SipTxnMachine *m = sip_txn_machine(t->kind);
    const SipTxnRow *row = NULL;
    for (gsize i = 0; i < m->n_rows && !row; i++)
        if (m->rows[i].state == t->state && m->rows[i].event == event)
            row = &m->rows[i];
    t->ops->event(t, t->state, event, row != NULL);
    if (!row)
        return TRUE;
    gboolean outer = !t->dispatching;
    t->dispatching = TRUE;
    if (row->next != SIP_TXN_TERMINATED && row->next != t->state)
        set_state(t, row->next, event);
    if (row->action)
        row->action->run(t, in);
    if (row->next == SIP_TXN_TERMINATED && t->state != SIP_TXN_TERMINATED)
        set_state(t, SIP_TXN_TERMINATED, event);
    if (!outer)
        return t->state != SIP_TXN_TERMINATED;
    t->dispatching = FALSE;
    if (t->state == SIP_TXN_TERMINATED) {
        sip_transaction_free(t);
        return FALSE;
    }
    return TRUE;
}
