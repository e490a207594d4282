/* SPDX-License-Identifier: MIT */
/* The non-INVITE server transaction: RFC 3261 section 17.2.2 over UDP. */
#include "sip-transaction.h"

static void receive(SipTransaction *t, const SipTxnInput *in)
{
    sip_txn_deliver(t, in);
}

/* A retransmitted request: resend the last response (17.2.2). */
static void resend(SipTransaction *t, const SipTxnInput *in)
{
    sip_txn_send_response(t, TRUE);
}

/* A final response; Timer J (64*T1 over UDP) keeps the transaction to answer retransmissions. */
static void send_final(SipTransaction *t, const SipTxnInput *in)
{
    sip_txn_send_new_response(t, in);
    sip_txn_start_timer(t, SIP_TIMER_J, sip_timer_64t1(t->timers));
}

static const SipTxnAction RECEIVE_ = { receive, "pass the request to the TU" };
static const SipTxnAction RESEND_ = { resend, "send the last response again" };
static const SipTxnAction SEND_FINAL_ = { send_final, "send the response; start Timer J (64*T1)" };

static const SipTxnRow rows[] = {
    { SIP_TXN_INIT, SIP_TXN_EV_RECV_REQUEST, &RECEIVE_, SIP_TXN_TRYING },
    /* 17.2.2: in Trying, retransmissions are discarded (no response to resend yet). */
    { SIP_TXN_TRYING, SIP_TXN_EV_RECV_REQUEST, NULL, SIP_TXN_TRYING },
    { SIP_TXN_TRYING, SIP_TXN_EV_SEND_1XX, &sip_txn_send_response_action, SIP_TXN_PROCEEDING },
    { SIP_TXN_TRYING, SIP_TXN_EV_SEND_2XX, &SEND_FINAL_, SIP_TXN_COMPLETED },
    { SIP_TXN_TRYING, SIP_TXN_EV_SEND_FINAL, &SEND_FINAL_, SIP_TXN_COMPLETED },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_RECV_REQUEST, &RESEND_, SIP_TXN_PROCEEDING },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_SEND_1XX, &sip_txn_send_response_action, SIP_TXN_PROCEEDING },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_SEND_2XX, &SEND_FINAL_, SIP_TXN_COMPLETED },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_SEND_FINAL, &SEND_FINAL_, SIP_TXN_COMPLETED },
    { SIP_TXN_COMPLETED, SIP_TXN_EV_RECV_REQUEST, &RESEND_, SIP_TXN_COMPLETED },
    { SIP_TXN_COMPLETED, SIP_TXN_EV_TIMER_OF(SIP_TIMER_J), NULL, SIP_TXN_TERMINATED },
};

const SipTxnMachine sip_nist_machine = {
    .kind = SIP_TXN_NIST,
    .title = "non-INVITE server transaction",
    .rfc = "RFC 3261 17.2.2",
    .rows = rows,
    .n_rows = G_N_ELEMENTS(rows),
};
