/* SPDX-License-Identifier: MIT */
/*
 * The INVITE client transaction: RFC 3261 section 17.1.1 over UDP, as amended by RFC 6026
 * section 8.4 (a 2xx moves it to Accepted, where later 2xx responses still reach the TU, until
 * Timer M).
 */
#include "sip-transaction.h"

/* 17.1.1.2: send the INVITE, Timer A at T1 for retransmissions, Timer B at 64*T1 to give up. */
static void send_first(SipTransaction *t, const SipTxnInput *in)
{
    sip_bytes_set(&t->request, in->bytes, in->len);
    sip_txn_send_request(t, FALSE);
    t->interval = t->timers->t1;
    sip_txn_start_timer(t, SIP_TIMER_A, t->interval);
    sip_txn_start_timer(t, SIP_TIMER_B, sip_timer_64t1(t->timers));
}

/* Timer A doubles without a cap: sends at 0, T1, 3*T1, 7*T1... */
static void retransmit(SipTransaction *t, const SipTxnInput *in)
{
    sip_txn_send_request(t, TRUE);
    t->interval *= 2;
    sip_txn_start_timer(t, SIP_TIMER_A, t->interval);
}

static void give_up(SipTransaction *t, const SipTxnInput *in)
{
    t->ops->timeout(t, SIP_TIMER_B);
}

/* A provisional response: no more retransmissions; Timer B only matters in Calling. */
static void proceed(SipTransaction *t, const SipTxnInput *in)
{
    sip_txn_stop_timer(t, SIP_TIMER_A);
    sip_txn_stop_timer(t, SIP_TIMER_B);
    sip_txn_deliver(t, in);
}

/* RFC 6026 8.4: a 2xx goes to the TU, which sends the ACK itself; Timer M keeps the
 * transaction to pass on retransmitted or forked 2xx responses. */
static void accept(SipTransaction *t, const SipTxnInput *in)
{
    sip_txn_stop_timer(t, SIP_TIMER_A);
    sip_txn_stop_timer(t, SIP_TIMER_B);
    sip_txn_start_timer(t, SIP_TIMER_M, sip_timer_64t1(t->timers));
    sip_txn_deliver(t, in);
}

/* 17.1.1.2: a 300-699 response is acknowledged here (17.1.1.3) and goes to the TU; Timer D
 * absorbs its retransmissions. The ACK goes first, so that a TU answering at once (a new INVITE
 * with credentials after a 401 or 407) sends after it. */
static void complete(SipTransaction *t, const SipTxnInput *in)
{
    sip_txn_stop_timer(t, SIP_TIMER_A);
    sip_txn_stop_timer(t, SIP_TIMER_B);
    t->ops->build_ack(t, in, &t->ack);
    t->ops->send(t, &t->ack, FALSE);
    sip_txn_deliver(t, in);
    sip_txn_start_timer(t, SIP_TIMER_D, t->timers->timer_d);
}

/* A retransmitted final response: its ACK was lost, send it again. */
static void resend_ack(SipTransaction *t, const SipTxnInput *in)
{
    t->ops->send(t, &t->ack, TRUE);
}

static const SipTxnAction SEND_FIRST_ = {
    send_first, "send the INVITE; start Timer A (T1) and Timer B (64*T1)"
};
static const SipTxnAction RETRANSMIT_ = { retransmit, "send the INVITE again; double Timer A" };
static const SipTxnAction GIVE_UP_ = { give_up, "tell the TU: timeout" };
static const SipTxnAction PROCEED_ = { proceed,
                                       "stop Timers A and B; pass the response to the TU" };
static const SipTxnAction ACCEPT_ = {
    accept, "stop Timers A and B; start Timer M (64*T1); pass the 2xx to the TU"
};
static const SipTxnAction COMPLETE_ = {
    complete, "stop Timers A and B; send the ACK; pass the response to the TU; start Timer D"
};
static const SipTxnAction RESEND_ACK_ = { resend_ack, "send the ACK again" };

static const SipTxnRow rows[] = {
    { SIP_TXN_INIT, SIP_TXN_EV_SEND_REQUEST, &SEND_FIRST_, SIP_TXN_CALLING },
    { SIP_TXN_CALLING, SIP_TXN_EV_TIMER_OF(SIP_TIMER_A), &RETRANSMIT_, SIP_TXN_CALLING },
    { SIP_TXN_CALLING, SIP_TXN_EV_TIMER_OF(SIP_TIMER_B), &GIVE_UP_, SIP_TXN_TERMINATED },
    { SIP_TXN_CALLING, SIP_TXN_EV_RECV_1XX, &PROCEED_, SIP_TXN_PROCEEDING },
    { SIP_TXN_CALLING, SIP_TXN_EV_RECV_2XX, &ACCEPT_, SIP_TXN_ACCEPTED },
    { SIP_TXN_CALLING, SIP_TXN_EV_RECV_FINAL, &COMPLETE_, SIP_TXN_COMPLETED },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_RECV_1XX, &sip_txn_deliver_action, SIP_TXN_PROCEEDING },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_RECV_2XX, &ACCEPT_, SIP_TXN_ACCEPTED },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_RECV_FINAL, &COMPLETE_, SIP_TXN_COMPLETED },
    { SIP_TXN_COMPLETED, SIP_TXN_EV_RECV_FINAL, &RESEND_ACK_, SIP_TXN_COMPLETED },
    { SIP_TXN_COMPLETED, SIP_TXN_EV_TIMER_OF(SIP_TIMER_D), NULL, SIP_TXN_TERMINATED },
    { SIP_TXN_ACCEPTED, SIP_TXN_EV_RECV_2XX, &sip_txn_deliver_action, SIP_TXN_ACCEPTED },
    { SIP_TXN_ACCEPTED, SIP_TXN_EV_TIMER_OF(SIP_TIMER_M), NULL, SIP_TXN_TERMINATED },
};

const SipTxnMachine sip_ict_machine = {
    .kind = SIP_TXN_ICT,
    .title = "INVITE client transaction",
    .rfc = "RFC 3261 17.1.1, RFC 6026 8.4",
    .rows = rows,
    .n_rows = G_N_ELEMENTS(rows),
};
