/* SPDX-License-Identifier: MIT */
/*
 * The INVITE server transaction: RFC 3261 section 17.2.1 over UDP, as amended by RFC 6026
 * sections 8.5 to 8.7 (a 2xx moves it to Accepted, where it absorbs INVITE retransmissions,
 * passes the TU's 2xx retransmissions out and the ACK in, until Timer L).
 */
#include <string.h>

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

/* RFC 6026 8.5: the 2xx goes out and Timer L keeps the transaction for its retransmissions. */
static void send_2xx(SipTransaction *t, const SipTxnInput *in)
{
    sip_txn_send_new_response(t, in);
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
    gboolean again =
        in->len == t->response.len && memcmp(in->bytes, t->response.data, in->len) == 0;
    if (!again)
        sip_bytes_set(&t->response, in->bytes, in->len);
    sip_txn_send_response(t, again);
}

static const SipTxnRow rows[] = {
    { SIP_TXN_INIT, SIP_TXN_EV_RECV_REQUEST, receive, SIP_TXN_PROCEEDING },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_RECV_REQUEST, resend_provisional, SIP_TXN_PROCEEDING },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_SEND_1XX, sip_txn_send_new_response, SIP_TXN_PROCEEDING },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_SEND_2XX, send_2xx, SIP_TXN_ACCEPTED },
    { SIP_TXN_PROCEEDING, SIP_TXN_EV_SEND_FINAL, send_final, SIP_TXN_COMPLETED },
    { SIP_TXN_COMPLETED, SIP_TXN_EV_RECV_REQUEST, resend_final, SIP_TXN_COMPLETED },
    { SIP_TXN_COMPLETED, SIP_TXN_EV_TIMER_OF(SIP_TIMER_G), timer_g, SIP_TXN_COMPLETED },
    { SIP_TXN_COMPLETED, SIP_TXN_EV_RECV_ACK, confirm, SIP_TXN_CONFIRMED },
    { SIP_TXN_COMPLETED, SIP_TXN_EV_TIMER_OF(SIP_TIMER_H), no_ack, SIP_TXN_TERMINATED },
    { SIP_TXN_CONFIRMED, SIP_TXN_EV_RECV_ACK, NULL, SIP_TXN_CONFIRMED },
    { SIP_TXN_CONFIRMED, SIP_TXN_EV_TIMER_OF(SIP_TIMER_I), NULL, SIP_TXN_TERMINATED },
    { SIP_TXN_ACCEPTED, SIP_TXN_EV_RECV_REQUEST, NULL, SIP_TXN_ACCEPTED },
    { SIP_TXN_ACCEPTED, SIP_TXN_EV_SEND_2XX, pass_2xx, SIP_TXN_ACCEPTED },
    { SIP_TXN_ACCEPTED, SIP_TXN_EV_RECV_ACK, sip_txn_deliver, SIP_TXN_ACCEPTED },
    { SIP_TXN_ACCEPTED, SIP_TXN_EV_TIMER_OF(SIP_TIMER_L), NULL, SIP_TXN_TERMINATED },
};

const SipTxnMachine sip_ist_machine = {
    .kind = SIP_TXN_IST,
    .rfc = "RFC 3261 17.2.1, RFC 6026 8.5-8.7",
    .rows = rows,
    .n_rows = G_N_ELEMENTS(rows),
};
