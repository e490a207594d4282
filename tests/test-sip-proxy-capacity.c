/* SPDX-License-Identifier: MIT */
/*
 * The proxy's processing model and its overload control (docs/topology.md), on the network of
 * sip-proxy-fixture.h: the FIFO queue in virtual time, its statistics, and the 503 and
 * loss-based (RFC 7339) modes. "load" lines are the model's trace: the time in milliseconds,
 * what changed, the datagrams waiting and the workers busy after it.
 */
#include "sip-proxy-fixture.h"

#define INVITE_BIT SIP_METHOD_BIT(SIP_METHOD_INVITE)

static void on_load(gpointer user, const SipLoadEvent *ev)
{
    static const char *const changes[] = { "queued", "started", "done", "dropped" };
    Fixture *f = user;
    g_string_append_printf(f->log, "%" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT " load %s",
                           ev->time / SIM_MS, ev->time % SIM_MS / SIM_US, changes[ev->change]);
    if (ev->change == SIP_LOAD_STARTED)
        g_string_append_printf(f->log, " after %" G_GINT64_FORMAT "us", ev->wait / SIM_US);
    g_string_append_printf(f->log, ", %u waiting, %u busy\n", ev->waiting, ev->busy);
}

/* One worker; INVITEs cost 1 ms, other requests 0.5 ms, responses 0.3 ms, authentication
 * 1 ms more and a refusal 0.1 ms (the defaults); the load trace in the log when @trace. */
static void capacity(Fixture *f, guint queue, gboolean trace)
{
    f->config.capacity.workers = 1;
    f->config.capacity.queue = queue;
    if (trace) {
        SipObserver obs = { .load = on_load, .user = f };
        sip_trace_add(&f->trace, &obs);
    }
}

/* Everyone calls "nobody", who has no binding: the proxy answers 100 and 404 itself. */
static void call_nobody(Fixture *f, Ua *ua, SimTime at)
{
    ua->callee = "nobody";
    schedule(ua, at, ACT_INVITE);
}

/* Three INVITEs that come together are handed to the stack 1, 2 and 3 ms after they came: the
 * proxy's 100 and 404 leave then; the ACKs find the worker free. */
static void test_fifo(void)
{
    Fixture f;
    fixture_init(&f);
    capacity(&f, 500, TRUE);
    fixture_start(&f);
    for (int i = 0; i < N_UAS; i++)
        call_nobody(&f, &f.ua[i], 0);
    sim_kernel_run(f.kernel, SIM_S);
    SipProxyLoadStats s;
    sip_proxy_load_stats(f.proxy, &s);
    fixture_finish(&f, "0 A->P INVITE sip:nobody@example.com\n"
                       "0 B->P INVITE sip:nobody@example.com\n"
                       "0 C->P INVITE sip:nobody@example.com\n"
                       "10.000 load started after 0us, 0 waiting, 1 busy\n"
                       "10.000 load queued, 1 waiting, 1 busy\n"
                       "10.000 load queued, 2 waiting, 1 busy\n"
                       "11.000 load done, 2 waiting, 0 busy\n"
                       "11.000 load started after 1000us, 1 waiting, 1 busy\n"
                       "11 P->A 100/INVITE\n"
                       "11 P->A 404/INVITE\n"
                       "12.000 load done, 1 waiting, 0 busy\n"
                       "12.000 load started after 2000us, 0 waiting, 1 busy\n"
                       "12 P->B 100/INVITE\n"
                       "12 P->B 404/INVITE\n"
                       "13.000 load done, 0 waiting, 0 busy\n"
                       "13 P->C 100/INVITE\n"
                       "13 P->C 404/INVITE\n"
                       "21 A->P ACK sip:nobody@example.com\n"
                       "22 B->P ACK sip:nobody@example.com\n"
                       "23 C->P ACK sip:nobody@example.com\n"
                       "31.000 load started after 0us, 0 waiting, 1 busy\n"
                       "31.500 load done, 0 waiting, 0 busy\n"
                       "32.000 load started after 0us, 0 waiting, 1 busy\n"
                       "32.500 load done, 0 waiting, 0 busy\n"
                       "33.000 load started after 0us, 0 waiting, 1 busy\n"
                       "33.500 load done, 0 waiting, 0 busy\n");
    /* At 1 s: 3 INVITEs of 1 ms and 3 ACKs of 0.5 ms; two waited from 10 to 11 ms, one more
     * until 12 ms: 3 ms of queue over 1 s; the waits were 0, 1, 2, 0, 0 and 0 ms. */
    g_assert_cmpuint(s.arrived[SIP_PROXY_LOAD_INVITE], ==, 3);
    g_assert_cmpuint(s.arrived[SIP_PROXY_LOAD_REQUEST], ==, 3);
    g_assert_cmpuint(s.arrived[SIP_PROXY_LOAD_RESPONSE], ==, 0);
    g_assert_cmpuint(s.started, ==, 6);
    g_assert_cmpuint(s.dropped, ==, 0);
    g_assert_cmpint(s.elapsed, ==, SIM_S);
    g_assert_cmpint(s.busy, ==, 4500 * SIM_US);
    g_assert_cmpfloat(s.utilization, ==, 0.0045);
    g_assert_cmpuint(s.waiting, ==, 0);
    g_assert_cmpuint(s.queue_max, ==, 2);
    g_assert_cmpfloat(s.queue_mean, ==, 0.003);
    g_assert_cmpint(s.wait_mean, ==, 500 * SIM_US);
    g_assert_cmpint(s.wait_max, ==, 2 * SIM_MS);
}

/* With room for one: the third INVITE is dropped; its caller sends it again when Timer A fires
 * (500 ms, RFC 3261 17.1.1.2), and the copy costs what the first would have. */
static void test_queue_full(void)
{
    Fixture f;
    fixture_init(&f);
    capacity(&f, 1, TRUE);
    fixture_start(&f);
    for (int i = 0; i < N_UAS; i++)
        call_nobody(&f, &f.ua[i], 0);
    sim_kernel_run(f.kernel, SIM_S);
    SipProxyLoadStats s;
    sip_proxy_load_stats(f.proxy, &s);
    fixture_finish(&f, "0 A->P INVITE sip:nobody@example.com\n"
                       "0 B->P INVITE sip:nobody@example.com\n"
                       "0 C->P INVITE sip:nobody@example.com\n"
                       "10.000 load started after 0us, 0 waiting, 1 busy\n"
                       "10.000 load queued, 1 waiting, 1 busy\n"
                       "10.000 load dropped, 1 waiting, 1 busy\n"
                       "11.000 load done, 1 waiting, 0 busy\n"
                       "11.000 load started after 1000us, 0 waiting, 1 busy\n"
                       "11 P->A 100/INVITE\n"
                       "11 P->A 404/INVITE\n"
                       "12.000 load done, 0 waiting, 0 busy\n"
                       "12 P->B 100/INVITE\n"
                       "12 P->B 404/INVITE\n"
                       "21 A->P ACK sip:nobody@example.com\n"
                       "22 B->P ACK sip:nobody@example.com\n"
                       "31.000 load started after 0us, 0 waiting, 1 busy\n"
                       "31.500 load done, 0 waiting, 0 busy\n"
                       "32.000 load started after 0us, 0 waiting, 1 busy\n"
                       "32.500 load done, 0 waiting, 0 busy\n"
                       "500 C->P INVITE sip:nobody@example.com (again)\n"
                       "510.000 load started after 0us, 0 waiting, 1 busy\n"
                       "511.000 load done, 0 waiting, 0 busy\n"
                       "511 P->C 100/INVITE\n"
                       "511 P->C 404/INVITE\n"
                       "521 C->P ACK sip:nobody@example.com\n"
                       "531.000 load started after 0us, 0 waiting, 1 busy\n"
                       "531.500 load done, 0 waiting, 0 busy\n");
    g_assert_cmpuint(s.arrived[SIP_PROXY_LOAD_INVITE], ==, 4);
    g_assert_cmpuint(s.dropped, ==, 1);
}

static void restart_proxy(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg)
{
    Fixture *f = obj;
    sip_proxy_restart(f->proxy, TRUE);
}

/* The proxy restarts at 10.5 ms, while it serves the first of three INVITEs and two wait: the
 * three are lost (dropped) and nothing answers them; the callers' copies at 500 ms (Timer A)
 * go through as the first ones would have. */
static void test_restart_loses_the_queue(void)
{
    Fixture f;
    fixture_init(&f);
    capacity(&f, 500, TRUE);
    fixture_start(&f);
    for (int i = 0; i < N_UAS; i++)
        call_nobody(&f, &f.ua[i], 0);
    sim_kernel_post(f.kernel, 10500 * SIM_US, restart_proxy, &f, NULL, 0);
    sim_kernel_run(f.kernel, SIM_S);
    SipProxyLoadStats s;
    sip_proxy_load_stats(f.proxy, &s);
    fixture_finish(&f, "0 A->P INVITE sip:nobody@example.com\n"
                       "0 B->P INVITE sip:nobody@example.com\n"
                       "0 C->P INVITE sip:nobody@example.com\n"
                       "10.000 load started after 0us, 0 waiting, 1 busy\n"
                       "10.000 load queued, 1 waiting, 1 busy\n"
                       "10.000 load queued, 2 waiting, 1 busy\n"
                       "10.500 load dropped, 2 waiting, 0 busy\n"
                       "10.500 load dropped, 1 waiting, 0 busy\n"
                       "10.500 load dropped, 0 waiting, 0 busy\n"
                       "500 A->P INVITE sip:nobody@example.com (again)\n"
                       "500 B->P INVITE sip:nobody@example.com (again)\n"
                       "500 C->P INVITE sip:nobody@example.com (again)\n"
                       "510.000 load started after 0us, 0 waiting, 1 busy\n"
                       "510.000 load queued, 1 waiting, 1 busy\n"
                       "510.000 load queued, 2 waiting, 1 busy\n"
                       "511.000 load done, 2 waiting, 0 busy\n"
                       "511.000 load started after 1000us, 1 waiting, 1 busy\n"
                       "511 P->A 100/INVITE\n"
                       "511 P->A 404/INVITE\n"
                       "512.000 load done, 1 waiting, 0 busy\n"
                       "512.000 load started after 2000us, 0 waiting, 1 busy\n"
                       "512 P->B 100/INVITE\n"
                       "512 P->B 404/INVITE\n"
                       "513.000 load done, 0 waiting, 0 busy\n"
                       "513 P->C 100/INVITE\n"
                       "513 P->C 404/INVITE\n"
                       "521 A->P ACK sip:nobody@example.com\n"
                       "522 B->P ACK sip:nobody@example.com\n"
                       "523 C->P ACK sip:nobody@example.com\n"
                       "531.000 load started after 0us, 0 waiting, 1 busy\n"
                       "531.500 load done, 0 waiting, 0 busy\n"
                       "532.000 load started after 0us, 0 waiting, 1 busy\n"
                       "532.500 load done, 0 waiting, 0 busy\n"
                       "533.000 load started after 0us, 0 waiting, 1 busy\n"
                       "533.500 load done, 0 waiting, 0 busy\n");
    g_assert_cmpuint(s.arrived[SIP_PROXY_LOAD_INVITE], ==, 6);
    g_assert_cmpuint(s.dropped, ==, 3);
    g_assert_cmpuint(s.started, ==, 7);
    g_assert_cmpuint(s.waiting, ==, 0);
}

/* bob at B, registered before the run. */
static void provision_bob(Fixture *f)
{
    sip_proxy_provision(f->proxy, "sip:bob@example.com", "sip:bob@10.0.0.2", 3600 * SIM_S);
}

/* 22.3: an INVITE the proxy challenges costs the INVITE's 1 ms and authentication's 1 ms; so
 * does the INVITE with credentials; the ACK between them is never challenged (22.1). */
static void test_auth_cost(void)
{
    Fixture f;
    fixture_init(&f);
    capacity(&f, 500, FALSE);
    f.config.auth = INVITE_BIT;
    fixture_start(&f);
    call_nobody(&f, &f.ua[UA_A], 0);
    sim_kernel_run(f.kernel, SIM_S);
    SipProxyLoadStats s;
    sip_proxy_load_stats(f.proxy, &s);
    fixture_finish(&f, "0 A->P INVITE sip:nobody@example.com\n"
                       "12 P->A 407/INVITE\n"
                       "22 A->P ACK sip:nobody@example.com\n"
                       "22 A challenged: realm example.com, qop auth\n"
                       "22 A->P INVITE sip:nobody@example.com\n"
                       "34 P->A 100/INVITE\n"
                       "34 P->A 404/INVITE\n"
                       "44 A->P ACK sip:nobody@example.com\n");
    g_assert_cmpuint(s.authenticated, ==, 2);
    g_assert_cmpint(s.busy, ==, 5 * SIM_MS);
}

/* Costs drawn from a distribution: exponential service times for an M/M/1 check, from the
 * proxy's own random stream. */
static void test_cost_distribution(void)
{
    Fixture f;
    fixture_init(&f);
    capacity(&f, 500, TRUE);
    f.config.capacity.costs[SIP_PROXY_COST_INVITE] =
        (SimDistribution){ .kind = SIM_DIST_EXPONENTIAL, .a = 1.0 * SIM_MS };
    fixture_start(&f);
    for (int i = 0; i < N_UAS; i++)
        call_nobody(&f, &f.ua[i], 0);
    fixture_finish(&f, "0 A->P INVITE sip:nobody@example.com\n"
                       "0 B->P INVITE sip:nobody@example.com\n"
                       "0 C->P INVITE sip:nobody@example.com\n"
                       "10.000 load started after 0us, 0 waiting, 1 busy\n"
                       "10.000 load queued, 1 waiting, 1 busy\n"
                       "10.000 load queued, 2 waiting, 1 busy\n"
                       "11.401 load done, 2 waiting, 0 busy\n"
                       "11.401 load started after 1401us, 1 waiting, 1 busy\n"
                       "11 P->A 100/INVITE\n"
                       "11 P->A 404/INVITE\n"
                       "12.542 load done, 1 waiting, 0 busy\n"
                       "12.542 load started after 2542us, 0 waiting, 1 busy\n"
                       "12 P->B 100/INVITE\n"
                       "12 P->B 404/INVITE\n"
                       "13.441 load done, 0 waiting, 0 busy\n"
                       "13 P->C 100/INVITE\n"
                       "13 P->C 404/INVITE\n"
                       "21 A->P ACK sip:nobody@example.com\n"
                       "22 B->P ACK sip:nobody@example.com\n"
                       "23 C->P ACK sip:nobody@example.com\n"
                       "31.401 load started after 0us, 0 waiting, 1 busy\n"
                       "31.901 load done, 0 waiting, 0 busy\n"
                       "32.542 load started after 0us, 0 waiting, 1 busy\n"
                       "33.042 load done, 0 waiting, 0 busy\n"
                       "33.441 load started after 0us, 0 waiting, 1 busy\n"
                       "33.941 load done, 0 waiting, 0 busy\n");
}

/* 503 mode, threshold 1: the third new INVITE finds one waiting and is refused with 503 and
 * Retry-After after 1 ms of work; A's BYE, in a dialog, finds two waiting and goes through, as
 * do the ACKs. INVITEs and other requests cost 10 ms, responses and refusals 1 ms. */
static void test_503(void)
{
    Fixture f;
    fixture_init(&f);
    capacity(&f, 10, FALSE);
    f.config.overload.mode = SIP_PROXY_OVERLOAD_503;
    f.config.overload.threshold = 1;
    f.config.capacity.costs[SIP_PROXY_COST_INVITE] = sim_distribution_constant(10.0 * SIM_MS);
    f.config.capacity.costs[SIP_PROXY_COST_REQUEST] = sim_distribution_constant(10.0 * SIM_MS);
    f.config.capacity.costs[SIP_PROXY_COST_RESPONSE] = sim_distribution_constant(1.0 * SIM_MS);
    f.config.capacity.costs[SIP_PROXY_COST_REJECT] = sim_distribution_constant(1.0 * SIM_MS);
    fixture_start(&f);
    provision_bob(&f);
    Ua *a = &f.ua[UA_A], *b = &f.ua[UA_B], *c = &f.ua[UA_C];
    a->callee = "bob";
    b->answer = 200;
    c->show_oc = TRUE;
    schedule(a, 0, ACT_INVITE);
    call_nobody(&f, c, 1000 * SIM_MS);
    call_nobody(&f, c, 1002 * SIM_MS);
    call_nobody(&f, c, 1004 * SIM_MS);
    schedule(a, 1005 * SIM_MS, ACT_BYE);
    sim_kernel_run(f.kernel, 2 * SIM_S);
    SipProxyLoadStats s;
    sip_proxy_load_stats(f.proxy, &s);
    g_assert_cmpuint(s.rejected, ==, 1);
    g_assert_cmpuint(s.queue_max, ==, 3);
    fixture_finish(&f, "0 A->P INVITE sip:bob@example.com\n"
                       "20 P->A 100/INVITE\n"
                       "20 P->B INVITE sip:bob@10.0.0.2\n"
                       "30 B->P 100/INVITE\n"
                       "30 B->P 200/INVITE\n"
                       "42 P->A 200/INVITE\n"
                       "52 A->P ACK sip:bob@10.0.0.2\n"
                       "72 P->B ACK sip:bob@10.0.0.2\n"
                       "1000 C->P INVITE sip:nobody@example.com\n"
                       "1002 C->P INVITE sip:nobody@example.com\n"
                       "1004 C->P INVITE sip:nobody@example.com\n"
                       "1005 A->P BYE sip:bob@10.0.0.2\n"
                       "1020 P->C 100/INVITE\n"
                       "1020 P->C 404/INVITE\n"
                       "1030 P->C 100/INVITE\n"
                       "1030 P->C 404/INVITE\n"
                       "1030 C 100/INVITE no oc\n"
                       "1030 C->P ACK sip:nobody@example.com\n"
                       "1030 C 404/INVITE no oc\n"
                       "1031 P->C 503/INVITE\n"
                       "1040 C 100/INVITE no oc\n"
                       "1040 C->P ACK sip:nobody@example.com\n"
                       "1040 C 404/INVITE no oc\n"
                       "1041 P->B BYE sip:bob@10.0.0.2\n"
                       "1041 C->P ACK sip:nobody@example.com\n"
                       "1041 C 503/INVITE no oc, Retry-After: 5\n"
                       "1051 B->P 200/BYE\n"
                       "1072 P->A 200/BYE\n");
    g_assert_cmpuint(f.stats.generated[503], ==, 1);
}

/* One worker under loss-based control with @target over 100 ms intervals, its oc values valid
 * for @validity, new INVITEs costing @invite_cost. */
static void loss_based(Fixture *f, double target, SimTime validity, SimTime invite_cost)
{
    fixture_init(f);
    capacity(f, 500, FALSE);
    f->config.overload = (SipProxyOverload){
        .mode = SIP_PROXY_OVERLOAD_LOSS,
        .target = target,
        .interval = 100 * SIM_MS,
        .validity = validity,
    };
    f->config.capacity.costs[SIP_PROXY_COST_INVITE] =
        sim_distribution_constant((double) invite_cost);
}

/* Loss-based: A sends an INVITE every 50 ms for 500 ms, each costing 40 ms: 80% busy against
 * a target of 50%, measured over 100 ms intervals. The oc value A is given follows: 0 until the
 * first interval closes, then 100 (1 - f) with f multiplied by 0.5 / 0.8 each interval; once A
 * stops, the idle intervals let f grow back (5-fold each) to 1, and oc to 0 with oc-validity 0.
 * B takes no part: no oc in its responses, and its new INVITEs are refused in the same
 * proportion. */
static void test_loss_based(void)
{
    Fixture f;
    loss_based(&f, 0.5, 200 * SIM_MS, 40 * SIM_MS);
    f.config.capacity.costs[SIP_PROXY_COST_REQUEST] = sim_distribution_constant(0);
    f.config.capacity.costs[SIP_PROXY_COST_RESPONSE] = sim_distribution_constant(0);
    fixture_start(&f);
    Ua *a = &f.ua[UA_A], *b = &f.ua[UA_B];
    a->oc = a->show_oc = TRUE;
    b->show_oc = TRUE;
    for (int i = 0; i < 10; i++)
        call_nobody(&f, a, i * 50 * SIM_MS);
    call_nobody(&f, b, 370 * SIM_MS);
    call_nobody(&f, a, 2 * SIM_S);
    sim_kernel_run(f.kernel, 500 * SIM_MS);
    SipProxyLoadStats s;
    sip_proxy_load_stats(f.proxy, &s);
    g_assert_cmpuint(s.reduction, ==, 90);
    g_assert_cmpuint(s.rejected, ==, 1);
    fixture_finish(&f, "0 A->P INVITE sip:nobody@example.com\n"
                       "50 A->P INVITE sip:nobody@example.com\n"
                       "50 P->A 100/INVITE\n"
                       "50 P->A 404/INVITE\n"
                       "60 A 100/INVITE oc=0;oc-algo=\"loss\";oc-validity=0;oc-seq=0.000\n"
                       "60 A->P ACK sip:nobody@example.com\n"
                       "60 A 404/INVITE oc=0;oc-algo=\"loss\";oc-validity=0;oc-seq=0.000\n"
                       "100 A->P INVITE sip:nobody@example.com\n"
                       "100 P->A 100/INVITE\n"
                       "100 P->A 404/INVITE\n"
                       "110 A 100/INVITE oc=38;oc-algo=\"loss\";oc-validity=200;oc-seq=0.100\n"
                       "110 A->P ACK sip:nobody@example.com\n"
                       "110 A 404/INVITE oc=38;oc-algo=\"loss\";oc-validity=200;oc-seq=0.100\n"
                       "150 A->P INVITE sip:nobody@example.com\n"
                       "150 P->A 100/INVITE\n"
                       "150 P->A 404/INVITE\n"
                       "160 A 100/INVITE oc=38;oc-algo=\"loss\";oc-validity=200;oc-seq=0.100\n"
                       "160 A->P ACK sip:nobody@example.com\n"
                       "160 A 404/INVITE oc=38;oc-algo=\"loss\";oc-validity=200;oc-seq=0.100\n"
                       "200 A->P INVITE sip:nobody@example.com\n"
                       "200 P->A 100/INVITE\n"
                       "200 P->A 404/INVITE\n"
                       "210 A 100/INVITE oc=61;oc-algo=\"loss\";oc-validity=200;oc-seq=0.200\n"
                       "210 A->P ACK sip:nobody@example.com\n"
                       "210 A 404/INVITE oc=61;oc-algo=\"loss\";oc-validity=200;oc-seq=0.200\n"
                       "250 A->P INVITE sip:nobody@example.com\n"
                       "250 P->A 100/INVITE\n"
                       "250 P->A 404/INVITE\n"
                       "260 A 100/INVITE oc=61;oc-algo=\"loss\";oc-validity=200;oc-seq=0.200\n"
                       "260 A->P ACK sip:nobody@example.com\n"
                       "260 A 404/INVITE oc=61;oc-algo=\"loss\";oc-validity=200;oc-seq=0.200\n"
                       "300 A->P INVITE sip:nobody@example.com\n"
                       "300 P->A 100/INVITE\n"
                       "300 P->A 404/INVITE\n"
                       "310 A 100/INVITE oc=76;oc-algo=\"loss\";oc-validity=200;oc-seq=0.300\n"
                       "310 A->P ACK sip:nobody@example.com\n"
                       "310 A 404/INVITE oc=76;oc-algo=\"loss\";oc-validity=200;oc-seq=0.300\n"
                       "350 A->P INVITE sip:nobody@example.com\n"
                       "350 P->A 100/INVITE\n"
                       "350 P->A 404/INVITE\n"
                       "360 A 100/INVITE oc=76;oc-algo=\"loss\";oc-validity=200;oc-seq=0.300\n"
                       "360 A->P ACK sip:nobody@example.com\n"
                       "360 A 404/INVITE oc=76;oc-algo=\"loss\";oc-validity=200;oc-seq=0.300\n"
                       "370 B->P INVITE sip:nobody@example.com\n"
                       "400 A->P INVITE sip:nobody@example.com\n"
                       "400 P->A 100/INVITE\n"
                       "400 P->A 404/INVITE\n"
                       "400 P->B 503/INVITE\n"
                       "410 A 100/INVITE oc=85;oc-algo=\"loss\";oc-validity=200;oc-seq=0.400\n"
                       "410 A->P ACK sip:nobody@example.com\n"
                       "410 A 404/INVITE oc=85;oc-algo=\"loss\";oc-validity=200;oc-seq=0.400\n"
                       "410 B->P ACK sip:nobody@example.com\n"
                       "410 B 503/INVITE no oc\n"
                       "450 A->P INVITE sip:nobody@example.com\n"
                       "450 P->A 100/INVITE\n"
                       "450 P->A 404/INVITE\n"
                       "460 A 100/INVITE oc=85;oc-algo=\"loss\";oc-validity=200;oc-seq=0.400\n"
                       "460 A->P ACK sip:nobody@example.com\n"
                       "460 A 404/INVITE oc=85;oc-algo=\"loss\";oc-validity=200;oc-seq=0.400\n"
                       "500 P->A 100/INVITE\n"
                       "500 P->A 404/INVITE\n"
                       "510 A 100/INVITE oc=90;oc-algo=\"loss\";oc-validity=200;oc-seq=0.500\n"
                       "510 A->P ACK sip:nobody@example.com\n"
                       "510 A 404/INVITE oc=90;oc-algo=\"loss\";oc-validity=200;oc-seq=0.500\n"
                       "2000 A->P INVITE sip:nobody@example.com\n"
                       "2050 P->A 100/INVITE\n"
                       "2050 P->A 404/INVITE\n"
                       "2060 A 100/INVITE oc=0;oc-algo=\"loss\";oc-validity=0;oc-seq=2.000\n"
                       "2060 A->P ACK sip:nobody@example.com\n"
                       "2060 A 404/INVITE oc=0;oc-algo=\"loss\";oc-validity=0;oc-seq=2.000\n");
    g_assert_cmpuint(f.stats.generated[503], ==, 1);
}

/* Loss-based control measures the work that comes, not the time its worker is busy: three new
 * INVITEs of 100 ms each come at 10 ms, 300 ms of work in the first 100 ms interval, three times
 * what one worker can do. With a target of 90%, one interval brings the fraction let through to
 * 0.9 / 3 = 0.3: oc 70. (Busy time would read 90%, on target, and ask for nothing while the
 * backlog grows.) */
static void test_loss_based_overloaded(void)
{
    Fixture f;
    loss_based(&f, 0.9, 500 * SIM_MS, 100 * SIM_MS);
    fixture_start(&f);
    for (int i = 0; i < N_UAS; i++)
        call_nobody(&f, &f.ua[i], 0);
    sim_kernel_run(f.kernel, 150 * SIM_MS);
    SipProxyLoadStats s;
    sip_proxy_load_stats(f.proxy, &s);
    g_assert_cmpuint(s.reduction, ==, 70);
    g_assert_cmpint(s.busy, ==, 140 * SIM_MS);
    fixture_finish(&f, "0 A->P INVITE sip:nobody@example.com\n"
                       "0 B->P INVITE sip:nobody@example.com\n"
                       "0 C->P INVITE sip:nobody@example.com\n"
                       "110 P->A 100/INVITE\n"
                       "110 P->A 404/INVITE\n"
                       "120 A->P ACK sip:nobody@example.com\n"
                       "210 P->B 100/INVITE\n"
                       "210 P->B 404/INVITE\n"
                       "220 B->P ACK sip:nobody@example.com\n"
                       "310 P->C 100/INVITE\n"
                       "310 P->C 404/INVITE\n"
                       "320 C->P ACK sip:nobody@example.com\n");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sip/proxy/capacity/fifo", test_fifo);
    g_test_add_func("/sip/proxy/capacity/queue-full-drops", test_queue_full);
    g_test_add_func("/sip/proxy/capacity/restart-loses-the-queue", test_restart_loses_the_queue);
    g_test_add_func("/sip/proxy/capacity/auth-cost", test_auth_cost);
    g_test_add_func("/sip/proxy/capacity/cost-distribution", test_cost_distribution);
    g_test_add_func("/sip/proxy/overload/503", test_503);
    g_test_add_func("/sip/proxy/overload/loss-based", test_loss_based);
    g_test_add_func("/sip/proxy/overload/loss-based-overloaded", test_loss_based_overloaded);
    return g_test_run();
}
