/* SPDX-License-Identifier: MIT */
#include "sip-transaction.h"

#include <string.h>

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
    for (int i = 0; i < SIP_N_TIMERS; i++)
        sim_kernel_cancel(t->kernel, t->timer_ids[i]);
    sip_bytes_clear(&t->request);
    sip_bytes_clear(&t->response);
    sip_bytes_clear(&t->ack);
    g_free(t);
}

static void timer_fired(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg)
{
    SipTransaction *t = obj;
    t->timer_ids[arg] = SIM_EVENT_NONE;
    sip_transaction_dispatch(t, SIP_TXN_EV_TIMER_OF(arg), NULL);
}

void sip_txn_start_timer(SipTransaction *t, SipTimer timer, SimTime delay)
{
    sim_kernel_cancel(t->kernel, t->timer_ids[timer]);
    t->timer_ids[timer] = sim_kernel_schedule(t->kernel, delay, timer_fired, t, NULL, timer);
}

void sip_txn_stop_timer(SipTransaction *t, SipTimer timer)
{
    sim_kernel_cancel(t->kernel, t->timer_ids[timer]);
    t->timer_ids[timer] = SIM_EVENT_NONE;
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
    t->ops->state_changed(t, from, next, event);
    if (next == SIP_TXN_TERMINATED) {
        for (int i = 0; i < SIP_N_TIMERS; i++)
            sip_txn_stop_timer(t, (SipTimer) i);
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
