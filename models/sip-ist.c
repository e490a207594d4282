/* SPDX-License-Identifier: MIT */
/*
 * The INVITE server transaction: RFC 3261 section 17.2.1 over UDP, as amended by RFC 6026
 * sections 8.5 to 8.7 (a 2xx moves it to Accepted, where it absorbs INVITE retransmissions,
 * passes the TU's 2xx retransmissions out and the ACK in, until Timer L).
 */
#include "sip-transaction.h"

/* 17.2.1: the INVITE goes to the TU, which sends 100 Trying (or the proxy core does). */
static void receive(SipTransaction *t, const SipTxnInput *in)
{
    sip_txn_deliver(t, in);
}

/* A retransmitted INVITE in Proceeding: send the last provisional response again, if any. */
static void resend_provisional(SipTransaction *t, const SipTxnInput *in)
{
    if (t->response.data)
        sip_txn_send_response(t, TRUE);
}

/* RFC 6026 8.5: the 2xx goes out and Timer L keeps the transaction for its retransmissions.
 * In Accepted it never resends a response itself: the last provisional one goes. */
static void send_2xx(SipTransaction *t, const SipTxnInput *in)
{
    sip_bytes_clear(&t->response);
    sip_txn_pass_response(t, in, TRUE);
    sip_txn_start_timer(t, SIP_TIMER_L, sip_timer_64t1(t->timers));
}

/* 17.2.1: a 300-699 response; Timer G retransmits it until the ACK, Timer H gives up. */
static void send_final(SipTransaction *t, const SipTxnInput *in)
{
    sip_txn_send_new_response(t, in);
    t->interval = t->timers->t1;
    sip_txn_start_timer(t, SIP_TIMER_G, t->interval);
    sip_txn_start_timer(t, SIP_TIMER_H, sip_timer_64t1(t->timers));
}

static void resend_final(SipTransaction *t, const SipTxnInput *in)
{
    sip_txn_send_response(t, TRUE);
}

/* Timer G doubles up to T2. */
static void timer_g(SipTransaction *t, const SipTxnInput *in)
{
    sip_txn_send_response(t, TRUE);
    t->interval = MIN(2 * t->interval, t->timers->t2);
    sip_txn_start_timer(t, SIP_TIMER_G, t->interval);
}

/* The ACK for the final response: Timer I (T4 over UDP) absorbs further ACKs. */
static void confirm(SipTransaction *t, const SipTxnInput *in)
{
    sip_txn_stop_timer(t, SIP_TIMER_G);
    sip_txn_stop_timer(t, SIP_TIMER_H);
    sip_txn_start_timer(t, SIP_TIMER_I, t->timers->t4);
}

static void no_ack(SipTransaction *t, const SipTxnInput *in)
{
    t->ops->timeout(t, SIP_TIMER_H);
}

/* RFC 6026 8.7: in Accepted, the TU's 2xx retransmissions go out (the same bytes again). */
static void pass_2xx(SipTransaction *t, const SipTxnInput *in)
{
    sip_txn_pass_response(t, in, FALSE);
}

static const SipTxnAction RECEIVE_ = { receive, "pass the INVITE to the TU" };
static const SipTxnAction RESEND_PROVISIONAL_ = {
    resend_provisional, "send the last provisional response again, if any"
};
static const SipTxnAction SEND_2XX_ = { send_2xx, "send the 2xx; start Timer L (64*T1)" };
static const SipTxnAction SEND_FINAL_ = {
    send_final, "send the response; start Timer G (T1) and Timer H (64*T1)"
};
static const SipTxnAction RESEND_FINAL_ = { resend_final, "send the final response again" };
static const SipTxnAction TIMER_G_ = { timer_g,
                                       "send the final response again; double Timer G, up to T2" };
static const SipTxnAction CONFIRM_ = { confirm, "stop Timers G and H; start Timer I (T4)" };
static const SipTxnAction NO_ACK_ = { no_ack, "tell the TU: no ACK" };
static const SipTxnAction PASS_2XX_ = { pass_2xx, "send the TU's 2xx (again)" };

static const SipTxnRow rows[] = {
    { SIP_TXN_INIT, SIP_TXN_EV_RECV_REQUEST, &RECEIVE_, SIP_TXN_PROCEEDING },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_RECV_REQUEST, &RESEND_PROVISIONAL_, SIP_TXN_PROCEEDING },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_SEND_1XX, &sip_txn_send_response_action, SIP_TXN_PROCEEDING },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_SEND_2XX, &SEND_2XX_, SIP_TXN_ACCEPTED },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_SEND_FINAL, &SEND_FINAL_, SIP_TXN_COMPLETED },
    { SIP_TXN_COMPLETED, SIP_TXN_EV_RECV_REQUEST, &RESEND_FINAL_, SIP_TXN_COMPLETED },
    { SIP_TXN_COMPLETED, SIP_TXN_EV_TIMER_OF(SIP_TIMER_G), &TIMER_G_, SIP_TXN_COMPLETED },
    { SIP_TXN_COMPLETED, SIP_TXN_EV_RECV_ACK, &CONFIRM_, SIP_TXN_CONFIRMED },
    { SIP_TXN_COMPLETED, SIP_TXN_EV_TIMER_OF(SIP_TIMER_H), &NO_ACK_, SIP_TXN_TERMINATED },
    { SIP_TXN_CONFIRMED, SIP_TXN_EV_RECV_ACK, NULL, SIP_TXN_CONFIRMED },
    { SIP_TXN_CONFIRMED, SIP_TXN_EV_TIMER_OF(SIP_TIMER_I), NULL, SIP_TXN_TERMINATED },
    { SIP_TXN_ACCEPTED, SIP_TXN_EV_RECV_REQUEST, NULL, SIP_TXN_ACCEPTED },
    { SIP_TXN_ACCEPTED, SIP_TXN_EV_SEND_2XX, &PASS_2XX_, SIP_TXN_ACCEPTED },
    { SIP_TXN_ACCEPTED, SIP_TXN_EV_RECV_ACK, &sip_txn_deliver_action, SIP_TXN_ACCEPTED },
    { SIP_TXN_ACCEPTED, SIP_TXN_EV_TIMER_OF(SIP_TIMER_L), NULL, SIP_TXN_TERMINATED },
};

const SipTxnMachine sip_ist_machine = {
    .kind = SIP_TXN_IST,
    .title = "INVITE server transaction",
    .rfc = "RFC 3261 17.2.1, RFC 6026 8.5-8.7",
    .rows = rows,
    .n_rows = G_N_ELEMENTS(rows),
};
