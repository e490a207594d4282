/* SPDX-License-Identifier: MIT */
/*
 * The four transaction machines, row by row, at exact virtual times (RFC 3261 timer defaults:
 * T1 = 500 ms, T2 = 4 s, T4 = 5 s, Timer D = 32 s). Each test drives one transaction with timed
 * inputs and compares everything it did (sends, deliveries, timeouts, state changes, dropped
 * events) with the expected log, one line per action, times in milliseconds.
 */
#include <glib.h>
#include <string.h>

#include "sip-transaction.h"

typedef struct Fixture Fixture;
struct Fixture {
    SimKernel *kernel;
    SipTimerConfig timers;
    GString *log;
    SipTransaction *txn;
    /* The TU's reaction to a delivery (an INVITE server answering 100 at once...). */
    void (*on_deliver)(Fixture *f);
};

/* (kind, state, event) of every row some test exercised. */
static GHashTable *covered;

static void logf_(Fixture *f, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void logf_(Fixture *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_string_append_printf(f->log, "%" G_GINT64_FORMAT " ", sim_kernel_now(f->kernel) / SIM_MS);
    g_string_append_vprintf(f->log, fmt, ap);
    g_string_append_c(f->log, '\n');
    va_end(ap);
}

static void op_send(SipTransaction *t, const SipBytes *bytes, gboolean retransmission)
{
    logf_(t->owner, "send %.*s%s", (int) bytes->len, (const char *) bytes->data,
          retransmission ? " (again)" : "");
}

static void op_deliver(SipTransaction *t, const SipTxnInput *in)
{
    Fixture *f = t->owner;
    logf_(f, "deliver %.*s", (int) in->len, (const char *) in->bytes);
    if (f->on_deliver)
        f->on_deliver(f);
}

static void op_timeout(SipTransaction *t, SipTimer timer)
{
    logf_(t->owner, "timeout %s", sip_timer_name(timer));
}

static void op_build_ack(SipTransaction *t, const SipTxnInput *response, SipBytes *ack)
{
    g_autofree char *text =
        g_strdup_printf("ACK-for-%.*s", (int) response->len, (const char *) response->bytes);
    sip_bytes_set(ack, text, strlen(text));
}

static void op_event(SipTransaction *t, SipTxnState state, SipTxnEvent event, gboolean handled)
{
    if (handled)
        g_hash_table_add(covered, GUINT_TO_POINTER(t->kind << 16 | state << 8 | event));
    else
        logf_(t->owner, "drop %s in %s", sip_txn_event_name(event), sip_txn_state_name(state));
}

static void op_state_changed(SipTransaction *t, SipTxnState from, SipTxnState to, SipTxnEvent event)
{
    logf_(t->owner, "%s -> %s", sip_txn_state_name(from), sip_txn_state_name(to));
}

static void op_terminated(SipTransaction *t)
{
    Fixture *f = t->owner;
    f->txn = NULL;
}

static const SipTxnOps ops = {
    .send = op_send,
    .deliver = op_deliver,
    .timeout = op_timeout,
    .build_ack = op_build_ack,
    .event = op_event,
    .state_changed = op_state_changed,
    .terminated = op_terminated,
};

static void fixture_init(Fixture *f, SipTxnKind kind)
{
    memset(f, 0, sizeof *f);
    f->kernel = sim_kernel_new(1, 0);
    f->timers = sip_timer_defaults();
    f->log = g_string_new(NULL);
    f->txn = sip_transaction_new(kind, f->kernel, &f->timers, &ops, f, (NetEndpoint){ 0 });
}

static void fixture_check(Fixture *f, const char *expected)
{
    sim_kernel_run(f->kernel, SIM_TIME_NEVER);
    g_assert_cmpstr(f->log->str, ==, expected);
    g_assert_null(f->txn); /* every test runs its transaction to Terminated */
    sim_kernel_free(f->kernel);
    g_string_free(f->log, TRUE);
}

/* An input at a time: the event and the message text that comes with it. */
typedef struct {
    Fixture *f;
    SipTxnEvent event;
    const char *text;
} Input;

static void input_fired(SimKernel *k, gpointer obj, gpointer data, guint32 arg)
{
    Input *in = obj;
    SipTxnInput msg = { .bytes = (const guint8 *) in->text,
                        .len = in->text ? strlen(in->text) : 0 };
    if (in->f->txn)
        sip_transaction_dispatch(in->f->txn, in->event, &msg);
    g_free(in);
}

static void at(Fixture *f, SimTime ms, SipTxnEvent event, const char *text)
{
    Input *in = g_new(Input, 1);
    *in = (Input){ f, event, text };
    sim_kernel_post(f->kernel, ms * SIM_MS, input_fired, in, NULL, 0);
}

/* ---- INVITE client ---- */

/* The example of the issue: an unanswered INVITE is sent at 0, 0.5, 1.5, 3.5, 7.5, 15.5 and
 * 31.5 s and times out at 32 s (Timer A doubles, Timer B = 64*T1). */
static void test_ict_unanswered(void)
{
    Fixture f;
    fixture_init(&f, SIP_TXN_ICT);
    at(&f, 0, SIP_TXN_EV_SEND_REQUEST, "INVITE");
    fixture_check(&f, "0 init -> calling\n"
                      "0 send INVITE\n"
                      "500 send INVITE (again)\n"
                      "1500 send INVITE (again)\n"
                      "3500 send INVITE (again)\n"
                      "7500 send INVITE (again)\n"
                      "15500 send INVITE (again)\n"
                      "31500 send INVITE (again)\n"
                      "32000 timeout B\n"
                      "32000 calling -> terminated\n");
}

/* A provisional response stops the retransmissions and Timer B; later ones reach the TU; the
 * final response is acknowledged and Timer D ends the transaction 32 s later. */
static void test_ict_provisional_then_final(void)
{
    Fixture f;
    fixture_init(&f, SIP_TXN_ICT);
    at(&f, 0, SIP_TXN_EV_SEND_REQUEST, "INVITE");
    at(&f, 700, SIP_TXN_EV_RECV_1XX, "100");
    at(&f, 900, SIP_TXN_EV_RECV_1XX, "180");
    at(&f, 40000, SIP_TXN_EV_RECV_FINAL, "486");
    fixture_check(&f, "0 init -> calling\n"
                      "0 send INVITE\n"
                      "500 send INVITE (again)\n"
                      "700 calling -> proceeding\n"
                      "700 deliver 100\n"
                      "900 deliver 180\n"
                      "40000 proceeding -> completed\n"
                      "40000 send ACK-for-486\n"
                      "40000 deliver 486\n"
                      "72000 completed -> terminated\n");
}

/* A final response in Calling; its retransmission gets the ACK again, other responses are
 * dropped in Completed. */
static void test_ict_final_in_calling(void)
{
    Fixture f;
    fixture_init(&f, SIP_TXN_ICT);
    at(&f, 0, SIP_TXN_EV_SEND_REQUEST, "INVITE");
    at(&f, 300, SIP_TXN_EV_RECV_FINAL, "486");
    at(&f, 800, SIP_TXN_EV_RECV_FINAL, "486");
    at(&f, 900, SIP_TXN_EV_RECV_1XX, "180");
    at(&f, 1000, SIP_TXN_EV_RECV_2XX, "200");
    fixture_check(&f, "0 init -> calling\n"
                      "0 send INVITE\n"
                      "300 calling -> completed\n"
                      "300 send ACK-for-486\n"
                      "300 deliver 486\n"
                      "800 send ACK-for-486 (again)\n"
                      "900 drop recv-1xx in completed\n"
                      "1000 drop recv-2xx in completed\n"
                      "32300 completed -> terminated\n");
}

/* RFC 6026: a 2xx in Calling moves to Accepted; further 2xx still reach the TU until Timer M. */
static void test_ict_2xx_in_calling(void)
{
    Fixture f;
    fixture_init(&f, SIP_TXN_ICT);
    at(&f, 0, SIP_TXN_EV_SEND_REQUEST, "INVITE");
    at(&f, 200, SIP_TXN_EV_RECV_2XX, "200");
    at(&f, 1200, SIP_TXN_EV_RECV_2XX, "200");
    at(&f, 1300, SIP_TXN_EV_RECV_FINAL, "486");
    fixture_check(&f, "0 init -> calling\n"
                      "0 send INVITE\n"
                      "200 calling -> accepted\n"
                      "200 deliver 200\n"
                      "1200 deliver 200\n"
                      "1300 drop recv-300-699 in accepted\n"
                      "32200 accepted -> terminated\n");
}

static void test_ict_2xx_in_proceeding(void)
{
    Fixture f;
    fixture_init(&f, SIP_TXN_ICT);
    at(&f, 0, SIP_TXN_EV_SEND_REQUEST, "INVITE");
    at(&f, 100, SIP_TXN_EV_RECV_1XX, "180");
    at(&f, 5000, SIP_TXN_EV_RECV_2XX, "200");
    fixture_check(&f, "0 init -> calling\n"
                      "0 send INVITE\n"
                      "100 calling -> proceeding\n"
                      "100 deliver 180\n"
                      "5000 proceeding -> accepted\n"
                      "5000 deliver 200\n"
                      "37000 accepted -> terminated\n");
}

/* ---- INVITE server ---- */

static void answer_100(Fixture *f)
{
    SipTxnInput in = { .bytes = (const guint8 *) "100", .len = 3 };
    if (f->txn->state == SIP_TXN_PROCEEDING && !f->txn->response.data)
        sip_transaction_dispatch(f->txn, SIP_TXN_EV_SEND_1XX, &in);
}

/* The TU answers 100 from inside the delivery; a retransmitted INVITE gets the last provisional
 * again; a 300-699 is retransmitted by Timer G (T1 doubling up to T2) until Timer H. */
static void test_ist_final_without_ack(void)
{
    Fixture f;
    fixture_init(&f, SIP_TXN_IST);
    f.on_deliver = answer_100;
    at(&f, 0, SIP_TXN_EV_RECV_REQUEST, "INVITE");
    at(&f, 400, SIP_TXN_EV_RECV_REQUEST, "INVITE");
    at(&f, 1000, SIP_TXN_EV_SEND_1XX, "180");
    at(&f, 2000, SIP_TXN_EV_SEND_FINAL, "486");
    fixture_check(&f, "0 init -> proceeding\n"
                      "0 deliver INVITE\n"
                      "0 send 100\n"
                      "400 send 100 (again)\n"
                      "1000 send 180\n"
                      "2000 proceeding -> completed\n"
                      "2000 send 486\n"
                      "2500 send 486 (again)\n"
                      "3500 send 486 (again)\n"
                      "5500 send 486 (again)\n"
                      "9500 send 486 (again)\n"
                      "13500 send 486 (again)\n"
                      "17500 send 486 (again)\n"
                      "21500 send 486 (again)\n"
                      "25500 send 486 (again)\n"
                      "29500 send 486 (again)\n"
                      "33500 send 486 (again)\n"
                      "34000 timeout H\n"
                      "34000 completed -> terminated\n");
}

/* Before any provisional response, a retransmitted INVITE has nothing to resend. The ACK moves
 * to Confirmed, where ACKs are absorbed, until Timer I (T4). A retransmitted INVITE in Completed
 * gets the final response again. */
static void test_ist_final_acknowledged(void)
{
    Fixture f;
    fixture_init(&f, SIP_TXN_IST);
    at(&f, 0, SIP_TXN_EV_RECV_REQUEST, "INVITE");
    at(&f, 100, SIP_TXN_EV_RECV_REQUEST, "INVITE");
    at(&f, 200, SIP_TXN_EV_SEND_FINAL, "603");
    at(&f, 300, SIP_TXN_EV_RECV_REQUEST, "INVITE");
    at(&f, 400, SIP_TXN_EV_RECV_ACK, "ACK");
    at(&f, 450, SIP_TXN_EV_RECV_ACK, "ACK");
    at(&f, 500, SIP_TXN_EV_RECV_REQUEST, "INVITE");
    fixture_check(&f, "0 init -> proceeding\n"
                      "0 deliver INVITE\n"
                      "200 proceeding -> completed\n"
                      "200 send 603\n"
                      "300 send 603 (again)\n"
                      "400 completed -> confirmed\n"
                      "500 drop recv-request in confirmed\n"
                      "5400 confirmed -> terminated\n");
}

/* RFC 6026: the 2xx moves to Accepted: INVITE retransmissions are absorbed, the TU's 2xx
 * retransmissions pass out, the ACK passes in, until Timer L. */
static void test_ist_2xx_accepted(void)
{
    Fixture f;
    fixture_init(&f, SIP_TXN_IST);
    f.on_deliver = answer_100;
    at(&f, 0, SIP_TXN_EV_RECV_REQUEST, "INVITE");
    at(&f, 100, SIP_TXN_EV_SEND_2XX, "200");
    at(&f, 600, SIP_TXN_EV_SEND_2XX, "200");
    at(&f, 700, SIP_TXN_EV_RECV_REQUEST, "INVITE");
    at(&f, 800, SIP_TXN_EV_RECV_ACK, "ACK");
    at(&f, 900, SIP_TXN_EV_SEND_FINAL, "500");
    fixture_check(&f, "0 init -> proceeding\n"
                      "0 deliver INVITE\n"
                      "0 send 100\n"
                      "100 proceeding -> accepted\n"
                      "100 send 200\n"
                      "600 send 200 (again)\n"
                      "800 deliver ACK\n"
                      "900 drop send-300-699 in accepted\n"
                      "32100 accepted -> terminated\n");
}

/* RFC 6026 8.7: in Accepted a 2xx other than the last passed (another fork's) is no
 * retransmission; the transaction tells them apart by a digest of the bytes it passed. */
static void test_ist_2xx_accepted_other(void)
{
    Fixture f;
    fixture_init(&f, SIP_TXN_IST);
    f.on_deliver = answer_100;
    at(&f, 0, SIP_TXN_EV_RECV_REQUEST, "INVITE");
    at(&f, 100, SIP_TXN_EV_SEND_2XX, "200 a");
    at(&f, 200, SIP_TXN_EV_SEND_2XX, "200 b");
    at(&f, 300, SIP_TXN_EV_SEND_2XX, "200 b");
    at(&f, 400, SIP_TXN_EV_SEND_2XX, "200 a");
    fixture_check(&f, "0 init -> proceeding\n"
                      "0 deliver INVITE\n"
                      "0 send 100\n"
                      "100 proceeding -> accepted\n"
                      "100 send 200 a\n"
                      "200 send 200 b\n"
                      "300 send 200 b (again)\n"
                      "400 send 200 a\n"
                      "32100 accepted -> terminated\n");
}

/* ---- non-INVITE client ---- */

/* Timer E doubles from T1 up to T2: sends at 0, 0.5, 1.5, 3.5, 7.5, 11.5 ... 31.5 s, and
 * Timer F gives up at 32 s. */
static void test_nict_unanswered(void)
{
    Fixture f;
    fixture_init(&f, SIP_TXN_NICT);
    at(&f, 0, SIP_TXN_EV_SEND_REQUEST, "BYE");
    fixture_check(&f, "0 init -> trying\n"
                      "0 send BYE\n"
                      "500 send BYE (again)\n"
                      "1500 send BYE (again)\n"
                      "3500 send BYE (again)\n"
                      "7500 send BYE (again)\n"
                      "11500 send BYE (again)\n"
                      "15500 send BYE (again)\n"
                      "19500 send BYE (again)\n"
                      "23500 send BYE (again)\n"
                      "27500 send BYE (again)\n"
                      "31500 send BYE (again)\n"
                      "32000 timeout F\n"
                      "32000 trying -> terminated\n");
}

/* In Proceeding, Timer E is reset to T2 after each retransmission; Timer F still gives up. */
static void test_nict_proceeding_unanswered(void)
{
    Fixture f;
    fixture_init(&f, SIP_TXN_NICT);
    at(&f, 0, SIP_TXN_EV_SEND_REQUEST, "REFER");
    at(&f, 700, SIP_TXN_EV_RECV_1XX, "100");
    at(&f, 800, SIP_TXN_EV_RECV_1XX, "100");
    fixture_check(&f, "0 init -> trying\n"
                      "0 send REFER\n"
                      "500 send REFER (again)\n"
                      "700 trying -> proceeding\n"
                      "700 deliver 100\n"
                      "800 deliver 100\n"
                      "1500 send REFER (again)\n"
                      "5500 send REFER (again)\n"
                      "9500 send REFER (again)\n"
                      "13500 send REFER (again)\n"
                      "17500 send REFER (again)\n"
                      "21500 send REFER (again)\n"
                      "25500 send REFER (again)\n"
                      "29500 send REFER (again)\n"
                      "32000 timeout F\n"
                      "32000 proceeding -> terminated\n");
}

/* A final response (2xx or not) completes it; retransmitted responses are absorbed until
 * Timer K (T4). */
static void test_nict_final(void)
{
    Fixture f;
    fixture_init(&f, SIP_TXN_NICT);
    at(&f, 0, SIP_TXN_EV_SEND_REQUEST, "REGISTER");
    at(&f, 200, SIP_TXN_EV_RECV_FINAL, "401");
    at(&f, 300, SIP_TXN_EV_RECV_FINAL, "401");
    at(&f, 350, SIP_TXN_EV_RECV_2XX, "200");
    at(&f, 400, SIP_TXN_EV_RECV_1XX, "100");
    at(&f, 450, SIP_TXN_EV_RECV_REQUEST, "REGISTER");
    fixture_check(&f, "0 init -> trying\n"
                      "0 send REGISTER\n"
                      "200 trying -> completed\n"
                      "200 deliver 401\n"
                      "450 drop recv-request in completed\n"
                      "5200 completed -> terminated\n");
}

static void test_nict_2xx_after_provisional(void)
{
    Fixture f;
    fixture_init(&f, SIP_TXN_NICT);
    at(&f, 0, SIP_TXN_EV_SEND_REQUEST, "BYE");
    at(&f, 100, SIP_TXN_EV_RECV_2XX, "200");
    fixture_check(&f, "0 init -> trying\n"
                      "0 send BYE\n"
                      "100 trying -> completed\n"
                      "100 deliver 200\n"
                      "5100 completed -> terminated\n");
    fixture_init(&f, SIP_TXN_NICT);
    at(&f, 0, SIP_TXN_EV_SEND_REQUEST, "REFER");
    at(&f, 100, SIP_TXN_EV_RECV_1XX, "100");
    at(&f, 200, SIP_TXN_EV_RECV_2XX, "202");
    fixture_check(&f, "0 init -> trying\n"
                      "0 send REFER\n"
                      "100 trying -> proceeding\n"
                      "100 deliver 100\n"
                      "200 proceeding -> completed\n"
                      "200 deliver 202\n"
                      "5200 completed -> terminated\n");
    fixture_init(&f, SIP_TXN_NICT);
    at(&f, 0, SIP_TXN_EV_SEND_REQUEST, "NOTIFY");
    at(&f, 100, SIP_TXN_EV_RECV_1XX, "100");
    at(&f, 200, SIP_TXN_EV_RECV_FINAL, "481");
    fixture_check(&f, "0 init -> trying\n"
                      "0 send NOTIFY\n"
                      "100 trying -> proceeding\n"
                      "100 deliver 100\n"
                      "200 proceeding -> completed\n"
                      "200 deliver 481\n"
                      "5200 completed -> terminated\n");
}

/* ---- non-INVITE server ---- */

/* In Trying, a retransmitted request is discarded; after the final response it gets the
 * response again, until Timer J (64*T1). */
static void test_nist_final(void)
{
    Fixture f;
    fixture_init(&f, SIP_TXN_NIST);
    at(&f, 0, SIP_TXN_EV_RECV_REQUEST, "BYE");
    at(&f, 500, SIP_TXN_EV_RECV_REQUEST, "BYE");
    at(&f, 600, SIP_TXN_EV_SEND_2XX, "200");
    at(&f, 1500, SIP_TXN_EV_RECV_REQUEST, "BYE");
    at(&f, 1600, SIP_TXN_EV_SEND_FINAL, "500");
    fixture_check(&f, "0 init -> trying\n"
                      "0 deliver BYE\n"
                      "600 trying -> completed\n"
                      "600 send 200\n"
                      "1500 send 200 (again)\n"
                      "1600 drop send-300-699 in completed\n"
                      "32600 completed -> terminated\n");
}

/* Provisional responses move to Proceeding, where a retransmitted request gets the last one
 * again; any final response completes it. */
static void test_nist_provisional(void)
{
    Fixture f;
    fixture_init(&f, SIP_TXN_NIST);
    at(&f, 0, SIP_TXN_EV_RECV_REQUEST, "REFER");
    at(&f, 100, SIP_TXN_EV_SEND_1XX, "100");
    at(&f, 200, SIP_TXN_EV_RECV_REQUEST, "REFER");
    at(&f, 300, SIP_TXN_EV_SEND_1XX, "100");
    at(&f, 400, SIP_TXN_EV_SEND_2XX, "202");
    fixture_check(&f, "0 init -> trying\n"
                      "0 deliver REFER\n"
                      "100 trying -> proceeding\n"
                      "100 send 100\n"
                      "200 send 100 (again)\n"
                      "300 send 100\n"
                      "400 proceeding -> completed\n"
                      "400 send 202\n"
                      "32400 completed -> terminated\n");
    fixture_init(&f, SIP_TXN_NIST);
    at(&f, 0, SIP_TXN_EV_RECV_REQUEST, "OPTIONS");
    at(&f, 100, SIP_TXN_EV_SEND_FINAL, "404");
    fixture_check(&f, "0 init -> trying\n"
                      "0 deliver OPTIONS\n"
                      "100 trying -> completed\n"
                      "100 send 404\n"
                      "32100 completed -> terminated\n");
    fixture_init(&f, SIP_TXN_NIST);
    at(&f, 0, SIP_TXN_EV_RECV_REQUEST, "NOTIFY");
    at(&f, 100, SIP_TXN_EV_SEND_1XX, "100");
    at(&f, 200, SIP_TXN_EV_SEND_FINAL, "481");
    fixture_check(&f, "0 init -> trying\n"
                      "0 deliver NOTIFY\n"
                      "100 trying -> proceeding\n"
                      "100 send 100\n"
                      "200 proceeding -> completed\n"
                      "200 send 481\n"
                      "32200 completed -> terminated\n");
}

/* T1 and T2 are per node: with T1 = 100 ms and T2 = 400 ms, the schedule scales. */
static void test_configurable_timers(void)
{
    Fixture f;
    fixture_init(&f, SIP_TXN_NICT);
    f.timers.t1 = 100 * SIM_MS;
    f.timers.t2 = 400 * SIM_MS;
    f.timers.t4 = 1 * SIM_S;
    at(&f, 0, SIP_TXN_EV_SEND_REQUEST, "MESSAGE");
    at(&f, 2000, SIP_TXN_EV_RECV_2XX, "200");
    fixture_check(&f, "0 init -> trying\n"
                      "0 send MESSAGE\n"
                      "100 send MESSAGE (again)\n"
                      "300 send MESSAGE (again)\n"
                      "700 send MESSAGE (again)\n"
                      "1100 send MESSAGE (again)\n"
                      "1500 send MESSAGE (again)\n"
                      "1900 send MESSAGE (again)\n"
                      "2000 trying -> completed\n"
                      "2000 deliver 200\n"
                      "3000 completed -> terminated\n");
}

static GTestFunc const all_cases[] = {
    test_ict_unanswered,
    test_ict_provisional_then_final,
    test_ict_final_in_calling,
    test_ict_2xx_in_calling,
    test_ict_2xx_in_proceeding,
    test_ist_final_without_ack,
    test_ist_final_acknowledged,
    test_ist_2xx_accepted,
    test_ist_2xx_accepted_other,
    test_nict_unanswered,
    test_nict_proceeding_unanswered,
    test_nict_final,
    test_nict_2xx_after_provisional,
    test_nist_final,
    test_nist_provisional,
};

/* Every row of every machine is exercised by the cases above. */
static void test_every_row(void)
{
    for (gsize i = 0; i < G_N_ELEMENTS(all_cases); i++)
        all_cases[i]();
    for (int k = 0; k < SIP_TXN_N_KINDS; k++) {
        const SipTxnMachine *m = sip_txn_machine(k);
        for (gsize r = 0; r < m->n_rows; r++) {
            const SipTxnRow *row = &m->rows[r];
            guint key = (guint) k << 16 | row->state << 8 | row->event;
            if (!g_hash_table_contains(covered, GUINT_TO_POINTER(key)))
                g_error("%s row %zu (%s, %s) is not tested", sip_txn_kind_name(k), r,
                        sip_txn_state_name(row->state), sip_txn_event_name(row->event));
        }
    }
}

/* No two rows of a machine share (state, event): the first would hide the second. */
static void test_rows_unique(void)
{
    for (int k = 0; k < SIP_TXN_N_KINDS; k++) {
        const SipTxnMachine *m = sip_txn_machine(k);
        for (gsize a = 0; a < m->n_rows; a++)
            for (gsize b = a + 1; b < m->n_rows; b++)
                g_assert_false(m->rows[a].state == m->rows[b].state &&
                               m->rows[a].event == m->rows[b].event);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    covered = g_hash_table_new(g_direct_hash, g_direct_equal);
    g_test_add_func("/sip/ict/unanswered-invite-timer-a-doubles-timer-b", test_ict_unanswered);
    g_test_add_func("/sip/ict/provisional-then-final-timer-d", test_ict_provisional_then_final);
    g_test_add_func("/sip/ict/final-in-calling-acked-again", test_ict_final_in_calling);
    g_test_add_func("/sip/ict/2xx-in-calling-accepted-timer-m", test_ict_2xx_in_calling);
    g_test_add_func("/sip/ict/2xx-in-proceeding-accepted", test_ict_2xx_in_proceeding);
    g_test_add_func("/sip/ist/final-timer-g-capped-at-t2-timer-h", test_ist_final_without_ack);
    g_test_add_func("/sip/ist/final-acked-confirmed-timer-i", test_ist_final_acknowledged);
    g_test_add_func("/sip/ist/2xx-accepted-timer-l", test_ist_2xx_accepted);
    g_test_add_func("/sip/ist/2xx-accepted-other-2xx", test_ist_2xx_accepted_other);
    g_test_add_func("/sip/nict/unanswered-timer-e-capped-at-t2-timer-f", test_nict_unanswered);
    g_test_add_func("/sip/nict/proceeding-timer-e-at-t2", test_nict_proceeding_unanswered);
    g_test_add_func("/sip/nict/final-absorbs-retransmissions-timer-k", test_nict_final);
    g_test_add_func("/sip/nict/2xx-and-final-after-provisional", test_nict_2xx_after_provisional);
    g_test_add_func("/sip/nist/final-resent-on-retransmission-timer-j", test_nist_final);
    g_test_add_func("/sip/nist/provisional-resent-in-proceeding", test_nist_provisional);
    g_test_add_func("/sip/txn/configurable-t1-t2-t4", test_configurable_timers);
    g_test_add_func("/sip/txn/rows-unique", test_rows_unique);
    g_test_add_func("/sip/txn/every-row-tested", test_every_row);
    return g_test_run();
}
