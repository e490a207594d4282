/* SPDX-License-Identifier: MIT */
/*
 * Call forwarding by the proxy element (RFC 3261 16.5, 16.6, 16.7: targets added to the target
 * set while responses come), on the network of sip-proxy-fixture.h: the reference flows
 * forward-no-answer, forward-busy and forward-busy-call-waiting, and what happens around them.
 */
#include "sip-proxy-fixture.h"

/* bob at B and carol at C, registered before the run. */
static void provision(Fixture *f)
{
    sip_proxy_provision(f->proxy, "sip:bob@example.com", "sip:bob@10.0.0.2", 3600 * SIM_S);
    sip_proxy_provision(f->proxy, "sip:carol@example.com", "sip:carol@10.0.0.3", 3600 * SIM_S);
}

static void start(Fixture *f, const SipForwardRule *rules, guint n)
{
    f->config.forwarding = rules;
    f->config.n_forwarding = n;
    fixture_start(f);
    provision(f);
    f->ua[UA_A].callee = "bob";
}

/* The reference's forward-no-answer: bob rings for 5 s; the proxy forks to carol and keeps bob
 * ringing; carol's 200 goes up and bob's branch is cancelled (16.7 items 5 and 10). */
static void test_no_answer(void)
{
    static const SipForwardRule rules[] = {
        { .user = "bob", .on = SIP_FORWARD_NO_ANSWER, .target = "carol", .after = 5 * SIM_S },
    };
    Fixture f;
    fixture_init(&f);
    start(&f, rules, G_N_ELEMENTS(rules));
    Ua *b = &f.ua[UA_B], *c = &f.ua[UA_C];
    b->ring = 180;
    c->ring = 180;
    c->answer = 200;
    c->answer_at = 2 * SIM_S;
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    schedule(c, 10 * SIM_S, ACT_BYE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->B INVITE sip:bob@10.0.0.2\n"
                       "20 B->P 100/INVITE\n"
                       "20 B->P 180/INVITE\n"
                       "30 P->A 180/INVITE\n"
                       "5010 P->C INVITE sip:carol@10.0.0.3\n"
                       "5020 C->P 100/INVITE\n"
                       "5020 C->P 180/INVITE\n"
                       "5030 P->A 180/INVITE\n"
                       "7020 C->P 200/INVITE\n"
                       "7030 P->A 200/INVITE\n"
                       "7030 P->B CANCEL sip:bob@10.0.0.2\n"
                       "7040 A->P ACK sip:carol@10.0.0.3\n"
                       "7040 B->P 200/CANCEL\n"
                       "7040 B->P 487/INVITE\n"
                       "7050 P->C ACK sip:carol@10.0.0.3\n"
                       "7050 P->B ACK sip:bob@10.0.0.2\n"
                       "10000 C->P BYE sip:alice@10.0.0.1\n"
                       "10010 P->A BYE sip:alice@10.0.0.1\n"
                       "10020 A->P 200/BYE\n"
                       "10030 P->C 200/BYE\n");
    g_assert_cmpuint(f.stats.call_forwards, ==, 1);
    g_assert_cmpuint(f.stats.cancels, ==, 1);
}

/* The reference's forward-busy: bob's 486 is acknowledged hop by hop and, instead of going up,
 * makes the proxy fork to carol, whose 180 and 200 go up. */
static void test_busy(void)
{
    static const SipForwardRule rules[] = {
        { .user = "bob", .on = SIP_FORWARD_BUSY, .target = "carol" },
    };
    Fixture f;
    fixture_init(&f);
    start(&f, rules, G_N_ELEMENTS(rules));
    Ua *c = &f.ua[UA_C];
    f.ua[UA_B].answer = 486;
    c->ring = 180;
    c->answer = 200;
    c->answer_at = 2 * SIM_S;
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    schedule(c, 5 * SIM_S, ACT_BYE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->B INVITE sip:bob@10.0.0.2\n"
                       "20 B->P 100/INVITE\n"
                       "20 B->P 486/INVITE\n"
                       "30 P->B ACK sip:bob@10.0.0.2\n"
                       "30 P->C INVITE sip:carol@10.0.0.3\n"
                       "40 C->P 100/INVITE\n"
                       "40 C->P 180/INVITE\n"
                       "50 P->A 180/INVITE\n"
                       "2040 C->P 200/INVITE\n"
                       "2050 P->A 200/INVITE\n"
                       "2060 A->P ACK sip:carol@10.0.0.3\n"
                       "2070 P->C ACK sip:carol@10.0.0.3\n"
                       "5000 C->P BYE sip:alice@10.0.0.1\n"
                       "5010 P->A BYE sip:alice@10.0.0.1\n"
                       "5020 A->P 200/BYE\n"
                       "5030 P->C 200/BYE\n");
    g_assert_cmpuint(f.stats.call_forwards, ==, 1);
    g_assert_cmpuint(f.stats.forwarded_responses, ==, 3);
}

/* The reference's forward-busy-call-waiting: bob rings, then queues the call (182); the 182 goes
 * up and the proxy forks to carol, keeping bob; carol's 200 goes up and bob is cancelled. */
static void test_queued(void)
{
    static const SipForwardRule rules[] = {
        { .user = "bob", .on = SIP_FORWARD_QUEUED, .target = "carol" },
    };
    Fixture f;
    fixture_init(&f);
    start(&f, rules, G_N_ELEMENTS(rules));
    Ua *b = &f.ua[UA_B], *c = &f.ua[UA_C];
    b->ring = 180;
    b->queue_at = 2 * SIM_S;
    c->ring = 180;
    c->answer = 200;
    c->answer_at = 2 * SIM_S;
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    schedule(c, 8 * SIM_S, ACT_BYE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->B INVITE sip:bob@10.0.0.2\n"
                       "20 B->P 100/INVITE\n"
                       "20 B->P 180/INVITE\n"
                       "30 P->A 180/INVITE\n"
                       "2020 B->P 182/INVITE\n"
                       "2030 P->A 182/INVITE\n"
                       "2030 P->C INVITE sip:carol@10.0.0.3\n"
                       "2040 C->P 100/INVITE\n"
                       "2040 C->P 180/INVITE\n"
                       "2050 P->A 180/INVITE\n"
                       "4040 C->P 200/INVITE\n"
                       "4050 P->A 200/INVITE\n"
                       "4050 P->B CANCEL sip:bob@10.0.0.2\n"
                       "4060 A->P ACK sip:carol@10.0.0.3\n"
                       "4060 B->P 200/CANCEL\n"
                       "4060 B->P 487/INVITE\n"
                       "4070 P->C ACK sip:carol@10.0.0.3\n"
                       "4070 P->B ACK sip:bob@10.0.0.2\n"
                       "8000 C->P BYE sip:alice@10.0.0.1\n"
                       "8010 P->A BYE sip:alice@10.0.0.1\n"
                       "8020 A->P 200/BYE\n"
                       "8030 P->C 200/BYE\n");
    g_assert_cmpuint(f.stats.call_forwards, ==, 1);
}

/* Bob answers before the no-answer time: the call is his, carol is never tried, and the timer
 * goes with the context. */
static void test_no_answer_answered_in_time(void)
{
    static const SipForwardRule rules[] = {
        { .user = "bob", .on = SIP_FORWARD_NO_ANSWER, .target = "carol", .after = 5 * SIM_S },
    };
    Fixture f;
    fixture_init(&f);
    start(&f, rules, G_N_ELEMENTS(rules));
    Ua *b = &f.ua[UA_B];
    b->ring = 180;
    b->answer = 200;
    b->answer_at = 2 * SIM_S;
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->B INVITE sip:bob@10.0.0.2\n"
                       "20 B->P 100/INVITE\n"
                       "20 B->P 180/INVITE\n"
                       "30 P->A 180/INVITE\n"
                       "2020 B->P 200/INVITE\n"
                       "2030 P->A 200/INVITE\n"
                       "2040 A->P ACK sip:bob@10.0.0.2\n"
                       "2050 P->B ACK sip:bob@10.0.0.2\n");
    g_assert_cmpuint(f.stats.call_forwards, ==, 0);
}

/* Carol is busy too: of the two 486s the first branch's goes up (16.7 item 6). Carol's own rule
 * (back to bob) does not apply: forwarding does not chain. */
static void test_busy_target_busy(void)
{
    static const SipForwardRule rules[] = {
        { .user = "bob", .on = SIP_FORWARD_BUSY, .target = "carol" },
        { .user = "carol", .on = SIP_FORWARD_BUSY, .target = "bob" },
    };
    Fixture f;
    fixture_init(&f);
    start(&f, rules, G_N_ELEMENTS(rules));
    f.ua[UA_B].answer = 486;
    f.ua[UA_C].answer = 486;
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->B INVITE sip:bob@10.0.0.2\n"
                       "20 B->P 100/INVITE\n"
                       "20 B->P 486/INVITE\n"
                       "30 P->B ACK sip:bob@10.0.0.2\n"
                       "30 P->C INVITE sip:carol@10.0.0.3\n"
                       "40 C->P 100/INVITE\n"
                       "40 C->P 486/INVITE\n"
                       "50 P->C ACK sip:carol@10.0.0.3\n"
                       "50 P->A 486/INVITE\n"
                       "60 A->P ACK sip:bob@example.com\n");
    g_assert_cmpuint(f.stats.call_forwards, ==, 1);
    g_assert_cmpuint(f.stats.forwarded_responses, ==, 1);
}

/* 600 (Busy Everywhere) forwards too; when the target fails as well, the 600 is the best
 * response (16.7 item 6: a 6xx first). */
static void test_busy_everywhere(void)
{
    static const SipForwardRule rules[] = {
        { .user = "bob", .on = SIP_FORWARD_BUSY, .target = "carol" },
    };
    Fixture f;
    fixture_init(&f);
    start(&f, rules, G_N_ELEMENTS(rules));
    f.ua[UA_B].answer = 600;
    f.ua[UA_C].ring = 180;
    f.ua[UA_C].answer = 480;
    f.ua[UA_C].answer_at = SIM_S;
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->B INVITE sip:bob@10.0.0.2\n"
                       "20 B->P 100/INVITE\n"
                       "20 B->P 600/INVITE\n"
                       "30 P->B ACK sip:bob@10.0.0.2\n"
                       "30 P->C INVITE sip:carol@10.0.0.3\n"
                       "40 C->P 100/INVITE\n"
                       "40 C->P 180/INVITE\n"
                       "50 P->A 180/INVITE\n"
                       "1040 C->P 480/INVITE\n"
                       "1050 P->C ACK sip:carol@10.0.0.3\n"
                       "1050 P->A 600/INVITE\n"
                       "1060 A->P ACK sip:bob@example.com\n");
    g_assert_cmpuint(f.stats.call_forwards, ==, 1);
}

/* 16.10: the caller's CANCEL reaches both branches, each cancelled once it has rung (9.1); the
 * first branch's 487 goes up. */
static void test_queued_caller_cancels(void)
{
    static const SipForwardRule rules[] = {
        { .user = "bob", .on = SIP_FORWARD_QUEUED, .target = "carol" },
    };
    Fixture f;
    fixture_init(&f);
    start(&f, rules, G_N_ELEMENTS(rules));
    Ua *b = &f.ua[UA_B];
    b->ring = 180;
    b->queue_at = SIM_S;
    f.ua[UA_C].ring = 180;
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    schedule(&f.ua[UA_A], 3 * SIM_S, ACT_CANCEL);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->B INVITE sip:bob@10.0.0.2\n"
                       "20 B->P 100/INVITE\n"
                       "20 B->P 180/INVITE\n"
                       "30 P->A 180/INVITE\n"
                       "1020 B->P 182/INVITE\n"
                       "1030 P->A 182/INVITE\n"
                       "1030 P->C INVITE sip:carol@10.0.0.3\n"
                       "1040 C->P 100/INVITE\n"
                       "1040 C->P 180/INVITE\n"
                       "1050 P->A 180/INVITE\n"
                       "3000 A->P CANCEL sip:bob@example.com\n"
                       "3010 P->A 200/CANCEL\n"
                       "3010 P->B CANCEL sip:bob@10.0.0.2\n"
                       "3010 P->C CANCEL sip:carol@10.0.0.3\n"
                       "3020 B->P 200/CANCEL\n"
                       "3020 B->P 487/INVITE\n"
                       "3020 C->P 200/CANCEL\n"
                       "3020 C->P 487/INVITE\n"
                       "3030 P->B ACK sip:bob@10.0.0.2\n"
                       "3030 P->C ACK sip:carol@10.0.0.3\n"
                       "3030 P->A 487/INVITE\n"
                       "3040 A->P ACK sip:bob@example.com\n");
    g_assert_cmpuint(f.stats.cancels, ==, 2);
}

/* A target of the domain without bindings is a branch that answered 404 (16.5): beside bob's
 * 486, bob's goes up, the first branch among equals (16.7 item 6). */
static void test_busy_target_unbound(void)
{
    static const SipForwardRule rules[] = {
        { .user = "bob", .on = SIP_FORWARD_BUSY, .target = "dave" },
    };
    Fixture f;
    fixture_init(&f);
    start(&f, rules, G_N_ELEMENTS(rules));
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
    g_assert_cmpuint(f.stats.call_forwards, ==, 1);
    g_assert_cmpuint(f.stats.generated[404], ==, 0);
}

/* No answer, forwarded to a user without bindings: bob keeps ringing; when he gives up with a
 * 503, the 404 is the best response (the lowest class, 16.7 item 6), the proxy's own. */
static void test_no_answer_target_unbound(void)
{
    static const SipForwardRule rules[] = {
        { .user = "bob",
          .on = SIP_FORWARD_NO_ANSWER,
          .target = "sip:dave@example.com",
          .after = 2 * SIM_S },
    };
    Fixture f;
    fixture_init(&f);
    start(&f, rules, G_N_ELEMENTS(rules));
    Ua *b = &f.ua[UA_B];
    b->ring = 180;
    b->answer = 503;
    b->answer_at = 5 * SIM_S;
    schedule(&f.ua[UA_A], 0, ACT_INVITE);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "10 P->A 100/INVITE\n"
                       "10 P->B INVITE sip:bob@10.0.0.2\n"
                       "20 B->P 100/INVITE\n"
                       "20 B->P 180/INVITE\n"
                       "30 P->A 180/INVITE\n"
                       "5020 B->P 503/INVITE\n"
                       "5030 P->B ACK sip:bob@10.0.0.2\n"
                       "5030 P->A 404/INVITE\n"
                       "5040 A->P ACK sip:bob@example.com\n");
    g_assert_cmpuint(f.stats.call_forwards, ==, 1);
    g_assert_cmpuint(f.stats.generated[404], ==, 1);
}

/* 16.10: once the caller has cancelled, no branch starts, even when bob does not answer the
 * CANCEL: his 182 still goes up (no final response has), and he still rings when the no-answer
 * time comes. */
static void test_cancel_stops_new_branches(void)
{
    static const SipForwardRule rules[] = {
        { .user = "bob", .on = SIP_FORWARD_NO_ANSWER, .target = "carol", .after = 5 * SIM_S },
        { .user = "bob", .on = SIP_FORWARD_QUEUED, .target = "carol" },
    };
    Fixture f;
    fixture_init(&f);
    start(&f, rules, G_N_ELEMENTS(rules));
    Ua *b = &f.ua[UA_B];
    b->ring = 180;
    b->queue_at = 3 * SIM_S;
    b->deaf = TRUE;
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
                       "3020 B->P 182/INVITE\n"
                       "3030 P->A 182/INVITE\n"
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
    g_assert_cmpuint(f.stats.call_forwards, ==, 0);
}

/* 16.7 item 5: after a 6xx (a 603 from one of bob's two phones) no branch starts, though the
 * other phone, deaf to the CANCEL, still rings when the no-answer time comes and then queues
 * the call; a 603 is no busy signal either. The 603 goes up once the other branch is given up
 * (9.1). */
static void test_6xx_stops_new_branches(void)
{
    static const SipForwardRule rules[] = {
        { .user = "bob",
          .on = SIP_FORWARD_NO_ANSWER,
          .target = "sip:alice@10.0.0.1",
          .after = 2 * SIM_S },
        { .user = "bob", .on = SIP_FORWARD_BUSY, .target = "sip:alice@10.0.0.1" },
        { .user = "bob", .on = SIP_FORWARD_QUEUED, .target = "sip:alice@10.0.0.1" },
    };
    Fixture f;
    fixture_init(&f);
    f.config.forwarding = rules;
    f.config.n_forwarding = G_N_ELEMENTS(rules);
    fixture_start(&f);
    sip_proxy_provision(f.proxy, "sip:bob@example.com", "sip:bob@10.0.0.2", 3600 * SIM_S);
    sip_proxy_provision(f.proxy, "sip:bob@example.com", "sip:bob@10.0.0.3", 3600 * SIM_S);
    f.ua[UA_A].callee = "bob";
    f.ua[UA_B].ring = 180;
    f.ua[UA_B].deaf = TRUE;
    f.ua[UA_B].queue_at = 3 * SIM_S;
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
                       "1530 P->B CANCEL sip:bob@10.0.0.2 (again)\n"
                       "2530 P->B CANCEL sip:bob@10.0.0.2 (again)\n"
                       "3020 B->P 182/INVITE\n"
                       "3030 P->A 182/INVITE\n"
                       "4530 P->B CANCEL sip:bob@10.0.0.2 (again)\n"
                       "8530 P->B CANCEL sip:bob@10.0.0.2 (again)\n"
                       "12530 P->B CANCEL sip:bob@10.0.0.2 (again)\n"
                       "16530 P->B CANCEL sip:bob@10.0.0.2 (again)\n"
                       "20530 P->B CANCEL sip:bob@10.0.0.2 (again)\n"
                       "24530 P->B CANCEL sip:bob@10.0.0.2 (again)\n"
                       "28530 P->B CANCEL sip:bob@10.0.0.2 (again)\n"
                       "32530 P->B CANCEL sip:bob@10.0.0.2 (again)\n"
                       "33030 P->A 603/INVITE\n"
                       "33040 A->P ACK sip:bob@example.com\n");
    g_assert_cmpuint(f.stats.call_forwards, ==, 0);
}

/* Rules the loader should have refused are a programmer's mistake: the proxy is not built. */
static void test_rules_checked(void)
{
    static const SipForwardRule twice[] = {
        { .user = "bob", .on = SIP_FORWARD_BUSY, .target = "carol" },
        { .user = "bob", .on = SIP_FORWARD_BUSY, .target = "alice" },
    };
    static const SipForwardRule no_time[] = {
        { .user = "bob", .on = SIP_FORWARD_NO_ANSWER, .target = "carol" },
    };
    static const SipForwardRule bad_uri[] = {
        { .user = "bob", .on = SIP_FORWARD_QUEUED, .target = "sip:" },
    };
    static const struct {
        const SipForwardRule *rules;
        guint n;
    } cases[] = {
        { twice, G_N_ELEMENTS(twice) },
        { no_time, G_N_ELEMENTS(no_time) },
        { bad_uri, G_N_ELEMENTS(bad_uri) },
    };
    Fixture f;
    fixture_init(&f);
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        f.config.forwarding = cases[i].rules;
        f.config.n_forwarding = cases[i].n;
        g_test_expect_message("sipsim", G_LOG_LEVEL_CRITICAL, "*sip_proxy_forwarding_valid*");
        g_assert_null(sip_proxy_new(f.kernel, f.proxy_node, "P", &f.config, &f.trace));
        g_test_assert_expected_messages();
    }
    f.config.n_forwarding = 0;
    fixture_start(&f);
    fixture_finish(&f, "");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sip/proxy/call-forwarding/no-answer", test_no_answer);
    g_test_add_func("/sip/proxy/call-forwarding/busy", test_busy);
    g_test_add_func("/sip/proxy/call-forwarding/queued", test_queued);
    g_test_add_func("/sip/proxy/call-forwarding/no-answer-answered-in-time",
                    test_no_answer_answered_in_time);
    g_test_add_func("/sip/proxy/call-forwarding/busy-target-busy", test_busy_target_busy);
    g_test_add_func("/sip/proxy/call-forwarding/busy-everywhere", test_busy_everywhere);
    g_test_add_func("/sip/proxy/call-forwarding/queued-caller-cancels", test_queued_caller_cancels);
    g_test_add_func("/sip/proxy/call-forwarding/busy-target-unbound", test_busy_target_unbound);
    g_test_add_func("/sip/proxy/call-forwarding/no-answer-target-unbound",
                    test_no_answer_target_unbound);
    g_test_add_func("/sip/proxy/call-forwarding/cancel-stops-new-branches",
                    test_cancel_stops_new_branches);
    g_test_add_func("/sip/proxy/call-forwarding/6xx-stops-new-branches",
                    test_6xx_stops_new_branches);
    g_test_add_func("/sip/proxy/call-forwarding/rules-checked", test_rules_checked);
    return g_test_run();
}
