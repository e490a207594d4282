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

static const SipTxnAction SEND_FIRST_ = {
    send_first, "send the request; start Timer E (T1) and Timer F (64*T1)"
};
static const SipTxnAction RETRANSMIT_TRYING_ = {
    retransmit_trying, "send the request again; double Timer E, up to T2"
};
static const SipTxnAction RETRANSMIT_PROCEEDING_ = {
    retransmit_proceeding, "send the request again; restart Timer E at T2"
};
static const SipTxnAction GIVE_UP_ = { give_up, "tell the TU: timeout" };
static const SipTxnAction COMPLETE_ = {
    complete, "stop Timers E and F; pass the response to the TU; start Timer K (T4)"
};

static const SipTxnRow rows[] = {
    { SIP_TXN_INIT, SIP_TXN_EV_SEND_REQUEST, &SEND_FIRST_, SIP_TXN_TRYING },
    { SIP_TXN_TRYING, SIP_TXN_EV_TIMER_OF(SIP_TIMER_E), &RETRANSMIT_TRYING_, SIP_TXN_TRYING },
    { SIP_TXN_TRYING, SIP_TXN_EV_TIMER_OF(SIP_TIMER_F), &GIVE_UP_, SIP_TXN_TERMINATED },
    { SIP_TXN_TRYING, SIP_TXN_EV_RECV_1XX, &sip_txn_deliver_action, SIP_TXN_PROCEEDING },
    { SIP_TXN_TRYING, SIP_TXN_EV_RECV_2XX, &COMPLETE_, SIP_TXN_COMPLETED },
    { SIP_TXN_TRYING, SIP_TXN_EV_RECV_FINAL, &COMPLETE_, SIP_TXN_COMPLETED },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_TIMER_OF(SIP_TIMER_E), &RETRANSMIT_PROCEEDING_,
      SIP_TXN_PROCEEDING },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_TIMER_OF(SIP_TIMER_F), &GIVE_UP_, SIP_TXN_TERMINATED },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_RECV_1XX, &sip_txn_deliver_action, SIP_TXN_PROCEEDING },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_RECV_2XX, &COMPLETE_, SIP_TXN_COMPLETED },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_RECV_FINAL, &COMPLETE_, SIP_TXN_COMPLETED },
    /* 17.1.2.2: retransmitted responses are absorbed in Completed. */
    { SIP_TXN_COMPLETED, SIP_TXN_EV_RECV_1XX, NULL, SIP_TXN_COMPLETED },
    { SIP_TXN_COMPLETED, SIP_TXN_EV_RECV_2XX, NULL, SIP_TXN_COMPLETED },
    { SIP_TXN_COMPLETED, SIP_TXN_EV_RECV_FINAL, NULL, SIP_TXN_COMPLETED },
    { SIP_TXN_COMPLETED, SIP_TXN_EV_TIMER_OF(SIP_TIMER_K), NULL, SIP_TXN_TERMINATED },
};

const SipTxnMachine sip_nict_machine = {
    .kind = SIP_TXN_NICT,
    .title = "non-INVITE client transaction",
    .rfc = "RFC 3261 17.1.2",
    .rows = rows,
    .n_rows = G_N_ELEMENTS(rows),
};
