/* SPDX-License-Identifier: MIT */
/* The non-INVITE client transaction: RFC 3261 section 17.1.2 over UDP. */
#include "sip-transaction.h"

/* 17.1.2.2: send the request, Timer E at T1 for retransmissions, Timer F at 64*T1 to give up. */
static void send_first(SipTransaction *t, const SipTxnInput *in)
{
    sip_bytes_set(&t->request, in->bytes, in->len);
    sip_txn_send_request(t, FALSE);
    t->interval = t->timers->t1;
    sip_txn_start_timer(t, SIP_TIMER_E, t->interval);
    sip_txn_start_timer(t, SIP_TIMER_F, sip_timer_64t1(t->timers));
}

/* In Trying, Timer E doubles up to T2. */
static void retransmit_trying(SipTransaction *t, const SipTxnInput *in)
{
    sip_txn_send_request(t, TRUE);
    t->interval = MIN(2 * t->interval, t->timers->t2);
    sip_txn_start_timer(t, SIP_TIMER_E, t->interval);
}

/* In Proceeding, Timer E is reset to T2 each time. */
static void retransmit_proceeding(SipTransaction *t, const SipTxnInput *in)
{
    sip_txn_send_request(t, TRUE);
    t->interval = t->timers->t2;
    sip_txn_start_timer(t, SIP_TIMER_E, t->interval);
}

static void give_up(SipTransaction *t, const SipTxnInput *in)
{
    t->ops->timeout(t, SIP_TIMER_F);
}

/* A final response (200-699): to the TU; Timer K (T4 over UDP) absorbs its retransmissions. */
static void complete(SipTransaction *t, const SipTxnInput *in)
{
    sip_txn_stop_timer(t, SIP_TIMER_E);
    sip_txn_stop_timer(t, SIP_TIMER_F);
    sip_txn_deliver(t, in);
    sip_txn_start_timer(t, SIP_TIMER_K, t->timers->t4);
}

static const SipTxnRow rows[] = {
    { SIP_TXN_INIT, SIP_TXN_EV_SEND_REQUEST, send_first, SIP_TXN_TRYING },
    { SIP_TXN_TRYING, SIP_TXN_EV_TIMER_OF(SIP_TIMER_E), retransmit_trying, SIP_TXN_TRYING },
    { SIP_TXN_TRYING, SIP_TXN_EV_TIMER_OF(SIP_TIMER_F), give_up, SIP_TXN_TERMINATED },
    { SIP_TXN_TRYING, SIP_TXN_EV_RECV_1XX, sip_txn_deliver, SIP_TXN_PROCEEDING },
    { SIP_TXN_TRYING, SIP_TXN_EV_RECV_2XX, complete, SIP_TXN_COMPLETED },
    { SIP_TXN_TRYING, SIP_TXN_EV_RECV_FINAL, complete, SIP_TXN_COMPLETED },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_TIMER_OF(SIP_TIMER_E), retransmit_proceeding,
      SIP_TXN_PROCEEDING },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_TIMER_OF(SIP_TIMER_F), give_up, SIP_TXN_TERMINATED },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_RECV_1XX, sip_txn_deliver, SIP_TXN_PROCEEDING },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_RECV_2XX, complete, SIP_TXN_COMPLETED },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_RECV_FINAL, complete, SIP_TXN_COMPLETED },
    /* 17.1.2.2: retransmitted responses are absorbed in Completed. */
    { SIP_TXN_COMPLETED, SIP_TXN_EV_RECV_1XX, NULL, SIP_TXN_COMPLETED },
    { SIP_TXN_COMPLETED, SIP_TXN_EV_RECV_2XX, NULL, SIP_TXN_COMPLETED },
    { SIP_TXN_COMPLETED, SIP_TXN_EV_RECV_FINAL, NULL, SIP_TXN_COMPLETED },
    { SIP_TXN_COMPLETED, SIP_TXN_EV_TIMER_OF(SIP_TIMER_K), NULL, SIP_TXN_TERMINATED },
};

const SipTxnMachine sip_nict_machine = {
    .kind = SIP_TXN_NICT,
    .rfc = "RFC 3261 17.1.2",
    .rows = rows,
    .n_rows = G_N_ELEMENTS(rows),
};
