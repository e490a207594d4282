/* SPDX-License-Identifier: MIT */
/*
 * The client side of SIP overload control (models/sip-overload.c): the Via parameters of RFC
 * 7339, the share of new requests held back, oc-validity, oc-seq, and a 503's Retry-After
 * (RFC 3261 21.5.4).
 */
#include <math.h>

#include "sim-rng.h"
#include "sip-overload.h"

/* A response whose top Via carries @params after its branch and rport. */
static SipMessage *response(guint code, const char *params, const char *extra)
{
    g_autofree char *text = g_strdup_printf("SIP/2.0 %u Whatever\r\n"
                                            "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-A-1;"
                                            "rport=5060%s\r\n"
                                            "From: <sip:alice@example.com>;tag=a\r\n"
                                            "To: <sip:bob@example.com>;tag=b\r\n"
                                            "Call-ID: c\r\n"
                                            "CSeq: 1 INVITE\r\n"
                                            "%s"
                                            "Content-Length: 0\r\n\r\n",
                                            code, params, extra ? extra : "");
    GError *error = NULL;
    SipMessage *msg = sip_message_parse(text, strlen(text), &error);
    g_assert_no_error(error);
    return msg;
}

static gboolean parse(const char *params, SipOverloadValues *v)
{
    g_autoptr(SipMessage) msg = response(100, params, NULL);
    return sip_overload_parse(sip_message_via(msg, 0), v);
}

/* 4.1: the client's oc has no value; the server's has one. */
static void test_via_requested(void)
{
    g_autoptr(SipMessage) asks = response(100, SIP_OVERLOAD_VIA_PARAMS, NULL);
    g_autoptr(SipMessage) answered = response(100, ";oc=20;oc-seq=1.5", NULL);
    g_autoptr(SipMessage) silent = response(100, "", NULL);
    g_assert_true(sip_overload_requested(sip_message_via(asks, 0)));
    g_assert_false(sip_overload_requested(sip_message_via(answered, 0)));
    g_assert_false(sip_overload_requested(sip_message_via(silent, 0)));
    SipOverloadValues v;
    g_assert_false(sip_overload_parse(sip_message_via(asks, 0), &v));
}

/* 4.3: oc-validity defaults to 500 ms; 4.4: oc-seq's fraction counts in units of 10 us; oc
 * above 100 is 100. */
static void test_via_parse(void)
{
    SipOverloadValues v;
    g_assert_true(parse(";oc=20;oc-algo=\"loss\";oc-validity=800;oc-seq=1282321615.781", &v));
    g_assert_cmpuint(v.reduction, ==, 20);
    g_assert_cmpint(v.validity, ==, 800 * SIM_MS);
    g_assert_cmpuint(v.seq, ==, G_GUINT64_CONSTANT(128232161578100));
    g_assert_true(parse(";oc=150;oc-seq=2.5", &v));
    g_assert_cmpuint(v.reduction, ==, 100);
    g_assert_cmpint(v.validity, ==, 500 * SIM_MS);
    g_assert_cmpuint(v.seq, ==, 250000);
    g_assert_true(parse(";oc=10;oc-algo=\"A,loss\";oc-seq=3.00001", &v));
    g_assert_cmpuint(v.seq, ==, 300001);
}

static void test_via_parse_refused(void)
{
    static const char *const bad[] = {
        ";oc=20",                                     /* no oc-seq */
        ";oc=20;oc-seq=5",                            /* no fraction */
        ";oc=20;oc-seq=5.123456",                     /* six digits of fraction */
        ";oc=x;oc-seq=5.1",                           /* not a number */
        ";oc=20;oc-algo=\"rate\";oc-seq=5.1",         /* another algorithm */
        ";oc=20;oc-validity=soon;oc-seq=5.1",         /* not milliseconds */
        ";oc-algo=\"loss\";oc-validity=0;oc-seq=1.0", /* no oc */
    };
    SipOverloadValues v;
    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_test_message("%s", bad[i]);
        g_assert_false(parse(bad[i], &v));
    }
}

/* What a server writes reads back as it was meant. */
static void test_via_format(void)
{
    g_autofree char *params = sip_overload_format(37, 1500 * SIM_MS, 12 * SIM_S + 345678901);
    g_assert_cmpstr(params, ==, ";oc=37;oc-algo=\"loss\";oc-validity=1500;oc-seq=12.345");
    SipOverloadValues v;
    g_assert_true(parse(params, &v));
    g_assert_cmpuint(v.reduction, ==, 37);
    g_assert_cmpint(v.validity, ==, 1500 * SIM_MS);
    g_assert_cmpuint(v.seq, ==, 1234500);
}

/*
 * RFC 7339 7: each new request is held back with probability oc/100. With oc = 30 and 10,000
 * requests, the number held back is binomial (n = 10,000, p = 0.3): mean 3,000, standard
 * deviation sqrt(n p (1 - p)) = 45.8. The test allows 4 standard deviations, which a correct
 * draw exceeds with probability 6e-5; at the fixed seed the outcome is the same on every run.
 */
static void test_admit_fraction(void)
{
    SimRng rng;
    sim_rng_init(&rng, 1, 0, "overload-fraction");
    SipOverload ol = { 0 };
    SipOverloadValues v = { .reduction = 30, .validity = 1000 * SIM_S, .seq = 1 };
    sip_overload_apply(&ol, &v, 0);
    const guint n = 10000;
    for (guint i = 0; i < n; i++)
        sip_overload_admit(&ol, SIM_S, &rng.gen);
    double mean = n * 0.3, sd = sqrt(n * 0.3 * 0.7);
    g_test_message("held back %" G_GUINT64_FORMAT " of %u", ol.stats.refused_oc, n);
    g_assert_cmpuint(ol.stats.refused_oc + ol.stats.admitted, ==, n);
    g_assert_cmpfloat(fabs((double) ol.stats.refused_oc - mean), <=, 4 * sd);
}

/* No reduction in force: no draw, so a phone's other draws are those it had without overload
 * control. oc = 100 refuses without drawing either. */
static void test_admit_no_draw(void)
{
    SimRng a, b;
    sim_rng_init(&a, 1, 0, "overload-draws");
    sim_rng_init(&b, 1, 0, "overload-draws");
    SipOverload ol = { 0 };
    g_assert_true(sip_overload_admit(&ol, 0, &a.gen));
    SipOverloadValues v = { .reduction = 100, .validity = SIM_S, .seq = 1 };
    sip_overload_apply(&ol, &v, 0);
    g_assert_false(sip_overload_admit(&ol, 0, &a.gen));
    g_assert_cmpuint(gsl_rng_get(&a.gen), ==, gsl_rng_get(&b.gen));
}

/* 4.3: values hold for oc-validity from when they came: 1 ns before its end they apply, at its
 * end they do not; oc-validity 0 ends a reduction at once. */
static void test_admit_validity(void)
{
    SimRng rng;
    sim_rng_init(&rng, 1, 0, "overload-validity");
    SipOverload ol = { 0 };
    SipOverloadValues v = { .reduction = 100, .validity = 500 * SIM_MS, .seq = 10 };
    sip_overload_apply(&ol, &v, 2 * SIM_S);
    g_assert_false(sip_overload_admit(&ol, 2 * SIM_S, &rng.gen));
    g_assert_false(sip_overload_admit(&ol, 2500 * SIM_MS - 1, &rng.gen));
    g_assert_true(sip_overload_admit(&ol, 2500 * SIM_MS, &rng.gen));
    sip_overload_apply(&ol, &v, 3 * SIM_S); /* the same oc-seq again: it does not restart */
    g_assert_true(sip_overload_admit(&ol, 3 * SIM_S, &rng.gen));
    v.seq = 11;
    sip_overload_apply(&ol, &v, 3 * SIM_S);
    g_assert_false(sip_overload_admit(&ol, 3 * SIM_S, &rng.gen));
    SipOverloadValues stop = { .reduction = 100, .validity = 0, .seq = 12 };
    sip_overload_apply(&ol, &stop, 3100 * SIM_MS);
    g_assert_true(sip_overload_admit(&ol, 3100 * SIM_MS, &rng.gen));
    g_assert_cmpuint(ol.stats.refused_oc, ==, 3);
    g_assert_cmpuint(ol.stats.admitted, ==, 3);
}

/* 4.4: values with an oc-seq below the last are stale, and ignored, even when they come later
 * (a response that took a slower path). */
static void test_admit_stale_seq(void)
{
    SimRng rng;
    sim_rng_init(&rng, 1, 0, "overload-seq");
    SipOverload ol = { 0 };
    g_autoptr(SipMessage) newer =
        response(180, ";oc=0;oc-algo=\"loss\";oc-validity=0;oc-seq=5.200", NULL);
    g_autoptr(SipMessage) older =
        response(100, ";oc=100;oc-algo=\"loss\";oc-validity=1000;oc-seq=5.100", NULL);
    sip_overload_response(&ol, newer, 6 * SIM_S);
    sip_overload_response(&ol, older, 6 * SIM_S);
    g_assert_true(sip_overload_admit(&ol, 6 * SIM_S, &rng.gen));
    g_autoptr(SipMessage) later =
        response(200, ";oc=100;oc-algo=\"loss\";oc-validity=1000;oc-seq=5.300", NULL);
    sip_overload_response(&ol, later, 6 * SIM_S);
    g_assert_false(sip_overload_admit(&ol, 6 * SIM_S, &rng.gen));
}

/* RFC 3261 21.5.4: a 503 with Retry-After holds every new request back for that long; a 503
 * without one, or another status with one, does not. */
static void test_retry_after(void)
{
    SimRng rng;
    sim_rng_init(&rng, 1, 0, "overload-retry-after");
    SipOverload ol = { 0 };
    g_autoptr(SipMessage) plain = response(503, "", NULL);
    g_autoptr(SipMessage) other = response(500, "", "Retry-After: 9\r\n");
    g_autoptr(SipMessage) retry = response(503, "", "Retry-After: 5 (busy);duration=10\r\n");
    sip_overload_response(&ol, plain, 0);
    sip_overload_response(&ol, other, 0);
    g_assert_true(sip_overload_admit(&ol, 0, &rng.gen));
    sip_overload_response(&ol, retry, SIM_S);
    g_assert_false(sip_overload_admit(&ol, SIM_S, &rng.gen));
    g_assert_false(sip_overload_admit(&ol, 6 * SIM_S - 1, &rng.gen));
    g_assert_true(sip_overload_admit(&ol, 6 * SIM_S, &rng.gen));
    g_assert_cmpuint(ol.stats.refused_retry_after, ==, 2);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sip/overload/via/requested", test_via_requested);
    g_test_add_func("/sip/overload/via/parse", test_via_parse);
    g_test_add_func("/sip/overload/via/parse-refused", test_via_parse_refused);
    g_test_add_func("/sip/overload/via/format", test_via_format);
    g_test_add_func("/sip/overload/admit/binomial-fraction", test_admit_fraction);
    g_test_add_func("/sip/overload/admit/no-draw-without-reduction", test_admit_no_draw);
    g_test_add_func("/sip/overload/admit/validity", test_admit_validity);
    g_test_add_func("/sip/overload/admit/stale-seq-ignored", test_admit_stale_seq);
    g_test_add_func("/sip/overload/admit/retry-after", test_retry_after);
    return g_test_run();
}
