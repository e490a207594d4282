/* SPDX-License-Identifier: MIT */
/*
 * The stateful proxy of the proxy element (RFC 3261 section 16): forwarding, responses, CANCEL,
 * Timer C, forking, authentication of other requests (22.3) and loops, on the network of
 * sip-proxy-fixture.h.
 */
#include "sip-proxy-fixture.h"

#define INVITE_BIT SIP_METHOD_BIT(SIP_METHOD_INVITE)

/* bob at B and carol at C, registered before the run. */
static void provision(Fixture *f)
{
    sip_proxy_provision(f->proxy, "sip:bob@example.com", "sip:bob@10.0.0.2", 3600 * SIM_S);
    sip_proxy_provision(f->proxy, "sip:carol@example.com", "sip:carol@10.0.0.3", 3600 * SIM_S);
}

/* 16.2 to 16.7: 100 Trying at once; the INVITE goes to the binding with the proxy's Via on top
 * (and the caller's with rport filled, RFC 3581), its Record-Route and Max-Forwards one less;
 * the 180 and the 200 come back without the proxy's Via; the ACK of the 2xx and the BYE come
 * with Route: the proxy's, and leave without it (16.4, 16.12). */
static void test_invite_answered(void)
{
    Fixture f;
    fixture_init(&f);
    fixture_start(&f);
    provision(&f);
    Ua *a = &f.ua[UA_A], *b = &f.ua[UA_B];
    a->callee = "bob";
    b->dump = TRUE;
    b->ring = 180;
    b->answer = 200;
    b->answer_at = SIM_S;
    schedule(a, 0, ACT_INVITE);
    schedule(a, 5 * SIM_S, ACT_BYE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->B INVITE sip:bob@10.0.0.2\n"
                       "20 B gets\n"
                       "  INVITE sip:bob@10.0.0.2 SIP/2.0\n"
                       "  Via: SIP/2.0/UDP 10.0.0.10:5060;branch=z9hG4bK-P-1\n"
                       "  Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-A-1;rport=5060\n"
                       "  Record-Route: <sip:10.0.0.10;lr>\n"
                       "  Max-Forwards: 69\n"
                       "  From: <sip:alice@example.com>;tag=A-tag\n"
                       "  To: <sip:bob@example.com>\n"
                       "  Call-ID: call-A\n"
                       "  CSeq: 1 INVITE\n"
                       "  Contact: <sip:alice@10.0.0.1>\n"
                       "  Content-Length: 0\n"
                       "20 B->P 100/INVITE\n"
                       "20 B->P 180/INVITE\n"
                       "30 P->A 180/INVITE\n"
                       "1020 B->P 200/INVITE\n"
                       "1030 P->A 200/INVITE\n"
                       "1040 A->P ACK sip:bob@10.0.0.2\n"
                       "1050 P->B ACK sip:bob@10.0.0.2\n"
                       "1060 B gets\n"
                       "  ACK sip:bob@10.0.0.2 SIP/2.0\n"
                       "  Via: SIP/2.0/UDP 10.0.0.10:5060;branch=z9hG4bK-P-306568468de0ef5b\n"
                       "  Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-A-2;rport\n"
                       "  Max-Forwards: 69\n"
                       "  From: <sip:alice@example.com>;tag=A-tag\n"
                       "  To: <sip:bob@example.com>;tag=B-tag\n"
                       "  Call-ID: call-A\n"
                       "  CSeq: 1 ACK\n"
                       "  Content-Length: 0\n"
                       "5000 A->P BYE sip:bob@10.0.0.2\n"
                       "5010 P->B BYE sip:bob@10.0.0.2\n"
                       "5020 B gets\n"
                       "  BYE sip:bob@10.0.0.2 SIP/2.0\n"
                       "  Via: SIP/2.0/UDP 10.0.0.10:5060;branch=z9hG4bK-P-2\n"
                       "  Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-A-3;rport=5060\n"
                       "  Max-Forwards: 69\n"
                       "  From: <sip:alice@example.com>;tag=A-tag\n"
                       "  To: <sip:bob@example.com>;tag=B-tag\n"
                       "  Call-ID: call-A\n"
                       "  CSeq: 2 BYE\n"
                       "  Content-Length: 0\n"
                       "5020 B->P 200/BYE\n"
                       "5030 P->A 200/BYE\n");
    g_assert_cmpuint(f.stats.requests[SIP_METHOD_INVITE], ==, 1);
    g_assert_cmpuint(f.stats.requests[SIP_METHOD_ACK], ==, 1);
    g_assert_cmpuint(f.stats.requests[SIP_METHOD_BYE], ==, 1);
    g_assert_cmpuint(f.stats.generated[100], ==, 1);
    g_assert_cmpuint(f.stats.forwarded_requests, ==, 3);
    g_assert_cmpuint(f.stats.forwarded_responses, ==, 3);
    g_assert_cmpuint(f.stats.contexts, ==, 2);
}

/* 16.7, 16.11: a 2xx that comes after the transactions ended (Timers L and M, 32 s) goes on
 * statelessly, to where the caller's Via says: its received address, as the caller's sent-by
 * is a private one. The caller's ACK for it goes on statelessly too. */
static void test_invite_late_2xx(void)
{
    Fixture f;
    fixture_init(&f);
    fixture_start(&f);
    provision(&f);
    Ua *a = &f.ua[UA_A], *b = &f.ua[UA_B];
    a->callee = "bob";
    a->sent_by = "192.168.1.1";
    b->answer = 200;
    schedule(a, 0, ACT_INVITE);
    schedule(b, 40 * SIM_S, ACT_RESEND_2XX);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->B INVITE sip:bob@10.0.0.2\n"
                       "20 B->P 100/INVITE\n"
                       "20 B->P 200/INVITE\n"
                       "30 P->A 200/INVITE\n"
                       "40 A->P ACK sip:bob@10.0.0.2\n"
                       "50 P->B ACK sip:bob@10.0.0.2\n"
                       "40000 B->P 200/INVITE (again)\n"
                       "40010 P->A 200/INVITE\n"
                       "40020 A->P ACK sip:bob@10.0.0.2\n"
                       "40030 P->B ACK sip:bob@10.0.0.2\n");
    g_assert_cmpuint(f.stats.forwarded_responses, ==, 2);
    g_assert_cmpuint(f.stats.forwarded_requests, ==, 3);
}

/* 16.5: an address-of-record without bindings: 404 after the 100 (the reference's not-found);
 * the ACK is absorbed by the proxy's server transaction. */
static void test_invite_not_found(void)
{
    Fixture f;
    fixture_init(&f);
    fixture_start(&f);
    f.ua[UA_A].callee = "bob";
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->A 404/INVITE\n"
                       "20 A->P ACK sip:bob@example.com\n");
}

/* 16.3 item 3: Max-Forwards 0 is refused before anything else, without a 100. */
static void test_invite_too_many_hops(void)
{
    Fixture f;
    fixture_init(&f);
    fixture_start(&f);
    provision(&f);
    f.ua[UA_A].callee = "bob";
    f.ua[UA_A].max_forwards = 0;
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 483/INVITE\n"
                       "20 A->P ACK sip:bob@example.com\n");
}

/* The reference's busy-here: the 486 goes up, each side's ACK is hop by hop (the proxy's client
 * transaction sends its own, its server transaction absorbs the caller's). */
static void test_invite_busy(void)
{
    Fixture f;
    fixture_init(&f);
    fixture_start(&f);
    provision(&f);
    f.ua[UA_A].callee = "bob";
    f.ua[UA_B].answer = 486;
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->B INVITE sip:bob@10.0.0.2\n"
                       "20 B->P 100/INVITE\n"
                       "20 B->P 486/INVITE\n"
                       "30 P->B ACK sip:bob@10.0.0.2\n"
                       "30 P->A 486/INVITE\n"

                       "40 A->P ACK sip:bob@example.com\n");
}

/* 16.10, the reference's caller-discards: 200 to the CANCEL at once, a CANCEL to the ringing
 * branch, its 487 forwarded, ACKs hop by hop. */
static void test_invite_cancel(void)
{
    Fixture f;
    fixture_init(&f);
    fixture_start(&f);
    provision(&f);
    f.ua[UA_A].callee = "bob";
    f.ua[UA_B].ring = 180;
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    schedule(&f.ua[UA_A], SIM_S, ACT_CANCEL);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->B INVITE sip:bob@10.0.0.2\n"
                       "20 B->P 100/INVITE\n"
                       "20 B->P 180/INVITE\n"
                       "30 P->A 180/INVITE\n"
                       "1000 A->P CANCEL sip:bob@example.com\n"
                       "1010 P->A 200/CANCEL\n"
                       "1010 P->B CANCEL sip:bob@10.0.0.2\n"
                       "1020 B->P 200/CANCEL\n"
                       "1020 B->P 487/INVITE\n"
                       "1030 P->B ACK sip:bob@10.0.0.2\n"
                       "1030 P->A 487/INVITE\n"

                       "1040 A->P ACK sip:bob@example.com\n");
    g_assert_cmpuint(f.stats.generated[200], ==, 1);
    g_assert_cmpuint(f.stats.cancels, ==, 1);
}

/* The reference's request-timeout: the proxy retransmits the INVITE at 0.5, 1.5, 3.5, 7.5, 15.5
 * and 31.5 s after sending it, and answers 408 when Timer B fires at 32 s (16.6 item 7). */
static void test_invite_callee_silent(void)
{
    Fixture f;
    fixture_init(&f);
    fixture_start(&f);
    provision(&f);
    f.ua[UA_A].callee = "bob";
    f.ua[UA_B].silent = TRUE;
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->B INVITE sip:bob@10.0.0.2\n"
                       "510 P->B INVITE sip:bob@10.0.0.2 (again)\n"
                       "1510 P->B INVITE sip:bob@10.0.0.2 (again)\n"
                       "3510 P->B INVITE sip:bob@10.0.0.2 (again)\n"
                       "7510 P->B INVITE sip:bob@10.0.0.2 (again)\n"
                       "15510 P->B INVITE sip:bob@10.0.0.2 (again)\n"
                       "31510 P->B INVITE sip:bob@10.0.0.2 (again)\n"
                       "32010 P->A 408/INVITE\n"
                       "32020 A->P ACK sip:bob@example.com\n");
}

/* 16.8: a callee that rings for ever is cancelled when Timer C (181 s by default, restarted by
 * the 180) fires; its 487 goes up. */
static void test_invite_timer_c(void)
{
    Fixture f;
    fixture_init(&f);
    fixture_start(&f);
    provision(&f);
    f.ua[UA_A].callee = "bob";
    f.ua[UA_B].ring = 180;
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->B INVITE sip:bob@10.0.0.2\n"
                       "20 B->P 100/INVITE\n"
                       "20 B->P 180/INVITE\n"
                       "30 P->A 180/INVITE\n"
                       "181030 P->B CANCEL sip:bob@10.0.0.2\n"
                       "181040 B->P 200/CANCEL\n"
                       "181040 B->P 487/INVITE\n"
                       "181050 P->B ACK sip:bob@10.0.0.2\n"
                       "181050 P->A 487/INVITE\n"

                       "181060 A->P ACK sip:bob@example.com\n");
}

/* 9.1: a CANCEL that gets no answer, and an INVITE that gets no final response 64*T1 after it:
 * the proxy gives the branch up as a 408, the caller's final response. */
static void test_invite_cancel_unanswered(void)
{
    Fixture f;
    fixture_init(&f);
    fixture_start(&f);
    provision(&f);
    f.ua[UA_A].callee = "bob";
    f.ua[UA_B].ring = 180;
    f.ua[UA_B].deaf = TRUE;
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    schedule(&f.ua[UA_A], SIM_S, ACT_CANCEL);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->B INVITE sip:bob@10.0.0.2\n"
                       "20 B->P 100/INVITE\n"
                       "20 B->P 180/INVITE\n"
                       "30 P->A 180/INVITE\n"
                       "1000 A->P CANCEL sip:bob@example.com\n"
                       "1010 P->A 200/CANCEL\n"
                       "1010 P->B CANCEL sip:bob@10.0.0.2\n"
                       "1510 P->B CANCEL sip:bob@10.0.0.2 (again)\n"
                       "2510 P->B CANCEL sip:bob@10.0.0.2 (again)\n"
                       "4510 P->B CANCEL sip:bob@10.0.0.2 (again)\n"
                       "8510 P->B CANCEL sip:bob@10.0.0.2 (again)\n"
                       "12510 P->B CANCEL sip:bob@10.0.0.2 (again)\n"
                       "16510 P->B CANCEL sip:bob@10.0.0.2 (again)\n"
                       "20510 P->B CANCEL sip:bob@10.0.0.2 (again)\n"
                       "24510 P->B CANCEL sip:bob@10.0.0.2 (again)\n"
                       "28510 P->B CANCEL sip:bob@10.0.0.2 (again)\n"
                       "32510 P->B CANCEL sip:bob@10.0.0.2 (again)\n"
                       "33010 P->A 408/INVITE\n"
                       "33020 A->P ACK sip:bob@example.com\n");
}

/* 22.3: 407 before the 100; the retry with Proxy-Authorization goes through. */
static void test_invite_challenge(void)
{
    Fixture f;
    fixture_init(&f);
    f.config.auth = INVITE_BIT;
    fixture_start(&f);
    provision(&f);
    f.ua[UA_A].callee = "bob";
    f.ua[UA_B].answer = 486;
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 407/INVITE\n"
                       "20 A->P ACK sip:bob@example.com\n"
                       "20 A challenged: realm example.com, qop auth\n"
                       "20 A->P INVITE sip:bob@example.com\n"
                       "30 P->A 100/INVITE\n"
                       "30 P->B INVITE sip:bob@10.0.0.2\n"
                       "40 B->P 100/INVITE\n"
                       "40 B->P 486/INVITE\n"
                       "50 P->B ACK sip:bob@10.0.0.2\n"
                       "50 P->A 486/INVITE\n"

                       "60 A->P ACK sip:bob@example.com\n");
    g_assert_cmpuint(f.stats.challenges, ==, 1);
    g_assert_cmpuint(f.stats.generated[407], ==, 1);
}

/* 16.8: Timer C (10 s here) fires before any provisional response: the caller gets 408 at
 * once; the client transaction goes on until Timer B, and a provisional response that still
 * came would be cancelled. */
static void test_invite_timer_c_no_provisional(void)
{
    Fixture f;
    fixture_init(&f);
    f.config.timers.timer_c = 10 * SIM_S;
    fixture_start(&f);
    provision(&f);
    f.ua[UA_A].callee = "bob";
    f.ua[UA_B].silent = TRUE;
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->B INVITE sip:bob@10.0.0.2\n"
                       "510 P->B INVITE sip:bob@10.0.0.2 (again)\n"
                       "1510 P->B INVITE sip:bob@10.0.0.2 (again)\n"
                       "3510 P->B INVITE sip:bob@10.0.0.2 (again)\n"
                       "7510 P->B INVITE sip:bob@10.0.0.2 (again)\n"
                       "10010 P->A 408/INVITE\n"
                       "10020 A->P ACK sip:bob@example.com\n"
                       "15510 P->B INVITE sip:bob@10.0.0.2 (again)\n"
                       "31510 P->B INVITE sip:bob@10.0.0.2 (again)\n");
}

/* 16.7 item 6: a 503 tells that the next hop cannot serve, not the proxy: the caller gets 500. */
static void test_invite_503(void)
{
    Fixture f;
    fixture_init(&f);
    fixture_start(&f);
    provision(&f);
    f.ua[UA_A].callee = "bob";
    f.ua[UA_B].answer = 503;
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->B INVITE sip:bob@10.0.0.2\n"
                       "20 B->P 100/INVITE\n"
                       "20 B->P 503/INVITE\n"
                       "30 P->B ACK sip:bob@10.0.0.2\n"
                       "30 P->A 500/INVITE\n"

                       "40 A->P ACK sip:bob@example.com\n");
}

/* A calls bob, who is registered at B and C: the proxy forks (16.6). */
static void start_fork(Fixture *f)
{
    fixture_init(f);
    fixture_start(f);
    sip_proxy_provision(f->proxy, "sip:bob@example.com", "sip:bob@10.0.0.2", 3600 * SIM_S);
    sip_proxy_provision(f->proxy, "sip:bob@example.com", "sip:bob@10.0.0.3", 3600 * SIM_S);
    f->ua[UA_A].callee = "bob";
}

/* 16.6, 16.7 item 10: bob has two contacts, both rung in parallel; the first 2xx goes up and
 * the other branch is cancelled. */
static void test_fork_first_2xx(void)
{
    Fixture f;
    start_fork(&f);
    f.ua[UA_B].ring = 180;
    f.ua[UA_B].answer = 200;
    f.ua[UA_B].answer_at = SIM_S;
    f.ua[UA_C].ring = 180;
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->B INVITE sip:bob@10.0.0.2\n"
                       "10 P->C INVITE sip:bob@10.0.0.3\n"
                       "20 B->P 100/INVITE\n"
                       "20 B->P 180/INVITE\n"
                       "20 C->P 100/INVITE\n"
                       "20 C->P 180/INVITE\n"
                       "30 P->A 180/INVITE\n"
                       "30 P->A 180/INVITE\n"
                       "1020 B->P 200/INVITE\n"
                       "1030 P->A 200/INVITE\n"
                       "1030 P->C CANCEL sip:bob@10.0.0.3\n"
                       "1040 A->P ACK sip:bob@10.0.0.2\n"
                       "1040 C->P 200/CANCEL\n"
                       "1040 C->P 487/INVITE\n"
                       "1050 P->B ACK sip:bob@10.0.0.2\n"
                       "1050 P->C ACK sip:bob@10.0.0.3\n");
}

/* 9.1: a branch without a provisional response is cancelled only once it gets one. */
static void test_fork_cancel_waits(void)
{
    Fixture f;
    start_fork(&f);
    f.ua[UA_B].answer = 200;
    f.ua[UA_C].ring = 180;
    f.ua[UA_C].ring_at = SIM_S;
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->B INVITE sip:bob@10.0.0.2\n"
                       "10 P->C INVITE sip:bob@10.0.0.3\n"
                       "20 B->P 100/INVITE\n"
                       "20 B->P 200/INVITE\n"
                       "30 P->A 200/INVITE\n"
                       "40 A->P ACK sip:bob@10.0.0.2\n"
                       "50 P->B ACK sip:bob@10.0.0.2\n"
                       "510 P->C INVITE sip:bob@10.0.0.3 (again)\n"
                       "1020 C->P 100/INVITE\n"
                       "1020 C->P 180/INVITE\n"
                       "1030 P->C CANCEL sip:bob@10.0.0.3\n"
                       "1040 C->P 200/CANCEL\n"
                       "1040 C->P 487/INVITE\n"
                       "1050 P->C ACK sip:bob@10.0.0.3\n");
}

/* 16.7 items 5 and 6: a 6xx cancels the other branches and, once they end (487), is the best
 * response. */
static void test_fork_6xx(void)
{
    Fixture f;
    start_fork(&f);
    f.ua[UA_B].ring = 180;
    f.ua[UA_C].ring = 180;
    f.ua[UA_C].answer = 603;
    f.ua[UA_C].answer_at = SIM_S;
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->B INVITE sip:bob@10.0.0.2\n"
                       "10 P->C INVITE sip:bob@10.0.0.3\n"
                       "20 B->P 100/INVITE\n"
                       "20 B->P 180/INVITE\n"
                       "20 C->P 100/INVITE\n"
                       "20 C->P 180/INVITE\n"
                       "30 P->A 180/INVITE\n"
                       "30 P->A 180/INVITE\n"
                       "1020 C->P 603/INVITE\n"
                       "1030 P->C ACK sip:bob@10.0.0.3\n"
                       "1030 P->B CANCEL sip:bob@10.0.0.2\n"
                       "1040 B->P 200/CANCEL\n"
                       "1040 B->P 487/INVITE\n"
                       "1050 P->B ACK sip:bob@10.0.0.2\n"
                       "1050 P->A 603/INVITE\n"

                       "1060 A->P ACK sip:bob@example.com\n");
}

/* 16.7 items 6 and 7: of a 486 and two 407s, a 407 goes up, with both challenges. */
static void test_fork_challenges_aggregated(void)
{
    Fixture f;
    fixture_init(&f);
    fixture_start(&f);
    sip_proxy_provision(f.proxy, "sip:bob@example.com", "sip:bob@10.0.0.1", 3600 * SIM_S);
    sip_proxy_provision(f.proxy, "sip:bob@example.com", "sip:bob@10.0.0.2", 3600 * SIM_S);
    sip_proxy_provision(f.proxy, "sip:bob@example.com", "sip:bob@10.0.0.3", 3600 * SIM_S);
    Ua *a = &f.ua[UA_A];
    a->callee = "bob";
    a->no_credentials = TRUE;
    a->answer = 486;
    f.ua[UA_B].answer = 407;
    f.ua[UA_C].answer = 407;
    schedule(a, 0, ACT_INVITE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->A INVITE sip:bob@10.0.0.1\n"
                       "10 P->B INVITE sip:bob@10.0.0.2\n"
                       "10 P->C INVITE sip:bob@10.0.0.3\n"
                       "20 A->P 100/INVITE\n"
                       "20 A->P 486/INVITE\n"
                       "20 B->P 100/INVITE\n"
                       "20 B->P 407/INVITE\n"
                       "20 C->P 100/INVITE\n"
                       "20 C->P 407/INVITE\n"
                       "30 P->A ACK sip:bob@10.0.0.1\n"
                       "30 P->B ACK sip:bob@10.0.0.2\n"
                       "30 P->C ACK sip:bob@10.0.0.3\n"
                       "30 P->A 407/INVITE\n"

                       "40 A->P ACK sip:bob@example.com\n"
                       "40 A challenged: realm bob, qop none\n"
                       "40 A challenged: realm carol, qop none\n");
}

/* Without loop detection, a binding that points back at the proxy makes the request go round
 * until Max-Forwards runs out: 483, back along the way it came. */
static void test_loop_max_forwards(void)
{
    Fixture f;
    fixture_init(&f);
    fixture_start(&f);
    sip_proxy_provision(f.proxy, "sip:bob@example.com", "sip:bob@10.0.0.10", 3600 * SIM_S);
    f.ua[UA_A].callee = "bob";
    f.ua[UA_A].max_forwards = 2;
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->P INVITE sip:bob@10.0.0.10\n"
                       "10 P->P 100/INVITE\n"
                       "10 P->P INVITE sip:bob@10.0.0.10\n"
                       "10 P->P 483/INVITE\n"
                       "10 P->P ACK sip:bob@10.0.0.10\n"
                       "10 P->P 483/INVITE\n"
                       "10 P->P ACK sip:bob@10.0.0.10\n"
                       "10 P->A 483/INVITE\n"
                       "20 A->P ACK sip:bob@example.com\n");
}

/* 16.3 item 4: the first return (Request-URI rewritten) is a spiral; the second, identical, is
 * a loop: 482. */
static void test_loop_detected(void)
{
    Fixture f;
    fixture_init(&f);
    f.config.loop_detection = TRUE;
    fixture_start(&f);
    sip_proxy_provision(f.proxy, "sip:bob@example.com", "sip:bob@10.0.0.10", 3600 * SIM_S);
    f.ua[UA_A].callee = "bob";
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->P INVITE sip:bob@10.0.0.10\n"
                       "10 P->P 100/INVITE\n"
                       "10 P->P INVITE sip:bob@10.0.0.10\n"
                       "10 P->P 482/INVITE\n"
                       "10 P->P ACK sip:bob@10.0.0.10\n"
                       "10 P->P 482/INVITE\n"
                       "10 P->P ACK sip:bob@10.0.0.10\n"
                       "10 P->A 482/INVITE\n"
                       "20 A->P ACK sip:bob@example.com\n");
}

/* The option the reference needs (RFC 4320 forbids it): 100 Trying to a non-INVITE request. */
static void test_trying_non_invite(void)
{
    Fixture f;
    fixture_init(&f);
    f.config.trying = SIP_METHOD_BIT(SIP_METHOD_OPTIONS);
    fixture_start(&f);
    provision(&f);
    f.ua[UA_A].callee = "bob";
    schedule(&f.ua[UA_A], 0, ACT_OPTIONS);
    fixture_finish(&f, "0 A->P OPTIONS sip:bob@example.com\n"
                       "10 P->A 100/OPTIONS\n"
                       "10 P->B OPTIONS sip:bob@10.0.0.2\n"
                       "20 B->P 200/OPTIONS\n"
                       "30 P->A 200/OPTIONS\n");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sip/proxy/invite/answered", test_invite_answered);
    g_test_add_func("/sip/proxy/invite/late-2xx", test_invite_late_2xx);
    g_test_add_func("/sip/proxy/invite/not-found", test_invite_not_found);
    g_test_add_func("/sip/proxy/invite/too-many-hops", test_invite_too_many_hops);
    g_test_add_func("/sip/proxy/invite/busy", test_invite_busy);
    g_test_add_func("/sip/proxy/invite/cancel", test_invite_cancel);
    g_test_add_func("/sip/proxy/invite/cancel-unanswered", test_invite_cancel_unanswered);
    g_test_add_func("/sip/proxy/invite/callee-silent", test_invite_callee_silent);
    g_test_add_func("/sip/proxy/invite/timer-c", test_invite_timer_c);
    g_test_add_func("/sip/proxy/invite/timer-c-no-provisional", test_invite_timer_c_no_provisional);
    g_test_add_func("/sip/proxy/invite/503", test_invite_503);
    g_test_add_func("/sip/proxy/invite/challenge", test_invite_challenge);
    g_test_add_func("/sip/proxy/fork/first-2xx-wins", test_fork_first_2xx);
    g_test_add_func("/sip/proxy/fork/cancel-waits-for-provisional", test_fork_cancel_waits);
    g_test_add_func("/sip/proxy/fork/6xx", test_fork_6xx);
    g_test_add_func("/sip/proxy/fork/challenges-aggregated", test_fork_challenges_aggregated);
    g_test_add_func("/sip/proxy/loop/max-forwards", test_loop_max_forwards);
    g_test_add_func("/sip/proxy/loop/detected", test_loop_detected);
    g_test_add_func("/sip/proxy/trying-non-invite", test_trying_non_invite);
    return g_test_run();
}
