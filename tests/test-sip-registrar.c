/* SPDX-License-Identifier: MIT */
/*
 * The registrar of the proxy element (RFC 3261 10.3, with digest authentication, 22.2 and RFC
 * 2617), on the network of sip-proxy-fixture.h.
 */
#include "sip-proxy-fixture.h"

#define REGISTER_BIT SIP_METHOD_BIT(SIP_METHOD_REGISTER)

/* 10.3 with 22.2: a 401 with a fresh nonce (qop auth, realm the domain), then the binding for
 * the default hour. */
static void test_register_challenge(void)
{
    Fixture f;
    fixture_init(&f);
    f.config.auth = REGISTER_BIT;
    fixture_start(&f);
    f.ua[UA_A].contact = "<sip:alice@10.0.0.1>";
    schedule(&f.ua[UA_A], 0, ACT_REGISTER);
    fixture_finish(&f, "0 A->P REGISTER sip:example.com\n"
                       "10 P->A 401/REGISTER\n"
                       "20 A challenged: realm example.com, qop auth\n"
                       "20 A->P REGISTER sip:example.com\n"
                       "30 P->A 200/REGISTER\n"
                       "40 A registered: <sip:alice@10.0.0.1>;expires=3600\n");
    g_assert_cmpuint(f.stats.challenges, ==, 1);
    g_assert_cmpuint(f.stats.registrations, ==, 1);
}

/* RFC 2617 3.2.1: right credentials on a nonce past its lifetime: 401 with stale=true, which
 * the phone answers with the new nonce. */
static void test_register_stale_nonce(void)
{
    Fixture f;
    fixture_init(&f);
    f.config.auth = REGISTER_BIT;
    f.config.nonce_lifetime = 60 * SIM_S;
    fixture_start(&f);
    f.ua[UA_A].contact = "<sip:alice@10.0.0.1>";
    schedule(&f.ua[UA_A], 0, ACT_REGISTER);
    schedule(&f.ua[UA_A], 100 * SIM_S, ACT_REGISTER);
    fixture_finish(&f, "0 A->P REGISTER sip:example.com\n"
                       "10 P->A 401/REGISTER\n"
                       "20 A challenged: realm example.com, qop auth\n"
                       "20 A->P REGISTER sip:example.com\n"
                       "30 P->A 200/REGISTER\n"
                       "40 A registered: <sip:alice@10.0.0.1>;expires=3600\n"
                       "100000 A->P REGISTER sip:example.com\n"
                       "100010 P->A 401/REGISTER\n"
                       "100020 A challenged: realm example.com, qop auth, stale\n"
                       "100020 A->P REGISTER sip:example.com\n"
                       "100030 P->A 200/REGISTER\n"
                       "100040 A registered: <sip:alice@10.0.0.1>;expires=3600\n");
    g_assert_cmpuint(f.stats.challenges, ==, 2);
}

static void test_register_wrong_password(void)
{
    Fixture f;
    fixture_init(&f);
    f.config.auth = REGISTER_BIT;
    fixture_start(&f);
    f.ua[UA_A].contact = "<sip:alice@10.0.0.1>";
    f.ua[UA_A].password = "guess";
    schedule(&f.ua[UA_A], 0, ACT_REGISTER);
    fixture_finish(&f, "0 A->P REGISTER sip:example.com\n"
                       "10 P->A 401/REGISTER\n"
                       "20 A challenged: realm example.com, qop auth\n"
                       "20 A->P REGISTER sip:example.com\n"
                       "30 P->A 403/REGISTER\n");
    g_assert_cmpuint(f.stats.auth_failures, ==, 1);
    g_assert_cmpuint(f.stats.registrations, ==, 0);
}

/* 10.3 step 5: an address-of-record the domain does not have. */
static void test_register_unknown_user(void)
{
    Fixture f;
    fixture_init(&f);
    fixture_start(&f);
    f.ua[UA_A].user = "dave";
    f.ua[UA_A].contact = "<sip:dave@10.0.0.1>";
    schedule(&f.ua[UA_A], 0, ACT_REGISTER);
    fixture_finish(&f, "0 A->P REGISTER sip:example.com\n"
                       "10 P->A 404/REGISTER\n");
}

/* 10.3 steps 7 and 8: the proxy grants at most max_expires; a REGISTER without Contact fetches
 * the bindings with the time they have left; once expired, the user cannot be reached. */
static void test_register_expiry(void)
{
    Fixture f;
    fixture_init(&f);
    f.config.max_expires = 120 * SIM_S;
    fixture_start(&f);
    Ua *a = &f.ua[UA_A];
    a->contact = "<sip:alice@10.0.0.1>";
    a->expires = 7200;
    schedule(a, 0, ACT_REGISTER);
    schedule(a, 60 * SIM_S, ACT_FETCH);
    f.ua[UA_B].callee = "alice";
    schedule(&f.ua[UA_B], 130 * SIM_S, ACT_INVITE);
    fixture_finish(&f, "0 A->P REGISTER sip:example.com\n"
                       "10 P->A 200/REGISTER\n"
                       "20 A registered: <sip:alice@10.0.0.1>;expires=120\n"
                       "60000 A->P REGISTER sip:example.com\n"
                       "60010 P->A 200/REGISTER\n"
                       "60020 A registered: <sip:alice@10.0.0.1>;expires=60\n"
                       "130000 B->P INVITE sip:alice@example.com\n"
                       "130010 P->B 100/INVITE\n"
                       "130010 P->B 404/INVITE\n"
                       "130020 B->P ACK sip:alice@example.com\n");
}

/* 10.3 step 6: "Contact: *" with Expires 0 removes every binding. */
static void test_register_remove_all(void)
{
    Fixture f;
    fixture_init(&f);
    fixture_start(&f);
    Ua *a = &f.ua[UA_A];
    a->contact = "<sip:alice@10.0.0.1>";
    schedule(a, 0, ACT_REGISTER);
    schedule(a, SIM_S, ACT_UNREGISTER);
    f.ua[UA_B].callee = "alice";
    schedule(&f.ua[UA_B], 2 * SIM_S, ACT_INVITE);
    fixture_finish(&f, "0 A->P REGISTER sip:example.com\n"
                       "10 P->A 200/REGISTER\n"
                       "20 A registered: <sip:alice@10.0.0.1>;expires=3600\n"
                       "1000 A->P REGISTER sip:example.com\n"
                       "1010 P->A 200/REGISTER\n"
                       "1020 A registered: nothing\n"
                       "2000 B->P INVITE sip:alice@example.com\n"
                       "2010 P->B 100/INVITE\n"
                       "2010 P->B 404/INVITE\n"
                       "2020 B->P ACK sip:alice@example.com\n");
}

/* 10.3 steps 6 and 7: a REGISTER with the Call-ID of a binding and a CSeq not above its own
 * fails (500) and changes nothing, be it an update or "Contact: *". */
static void test_register_out_of_order(void)
{
    Fixture f;
    fixture_init(&f);
    fixture_start(&f);
    Ua *a = &f.ua[UA_A];
    a->contact = "<sip:alice@10.0.0.1>";
    schedule(a, 0, ACT_REGISTER);
    schedule(a, SIM_S, ACT_REGISTER);
    schedule(a, 2 * SIM_S, ACT_REWIND);
    schedule(a, 2 * SIM_S, ACT_REGISTER);
    schedule(a, 3 * SIM_S, ACT_UNREGISTER);
    schedule(a, 4 * SIM_S, ACT_FETCH);
    fixture_finish(&f, "0 A->P REGISTER sip:example.com\n"
                       "10 P->A 200/REGISTER\n"
                       "20 A registered: <sip:alice@10.0.0.1>;expires=3600\n"
                       "1000 A->P REGISTER sip:example.com\n"
                       "1010 P->A 200/REGISTER\n"
                       "1020 A registered: <sip:alice@10.0.0.1>;expires=3600\n"
                       "2000 A->P REGISTER sip:example.com\n"
                       "2010 P->A 500/REGISTER\n"
                       "3000 A->P REGISTER sip:example.com\n"
                       "3010 P->A 500/REGISTER\n"
                       "4000 A->P REGISTER sip:example.com\n"
                       "4010 P->A 200/REGISTER\n"
                       "4020 A registered: <sip:alice@10.0.0.1>;expires=3597\n");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sip/registrar/challenge", test_register_challenge);
    g_test_add_func("/sip/registrar/stale-nonce", test_register_stale_nonce);
    g_test_add_func("/sip/registrar/wrong-password", test_register_wrong_password);
    g_test_add_func("/sip/registrar/unknown-user", test_register_unknown_user);
    g_test_add_func("/sip/registrar/expiry", test_register_expiry);
    g_test_add_func("/sip/registrar/remove-all", test_register_remove_all);
    g_test_add_func("/sip/registrar/out-of-order", test_register_out_of_order);
    return g_test_run();
}
