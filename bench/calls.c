/* SPDX-License-Identifier: MIT */
/*
 * Simulated basic calls per second of wall time. A proxy and PAIRS caller/callee phones on one
 * LAN (5 ms to the switch); each caller places CALLS calls to its callee, one every 10 s, each
 * rung for 1 s, answered, and hung up by the caller 2 s later: 14 SIP messages on the wire per
 * call (INVITE, 100, 180, 200 and ACK on both hops, BYE and its 200 on both hops), every one
 * rendered to text by its sender and parsed by its receiver.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "sip-phone.h"
#include "sip-proxy.h"

int main(int argc, char **argv)
{
    guint pairs = argc > 1 ? (guint) atoi(argv[1]) : 1000;
    guint calls = argc > 2 ? (guint) atoi(argv[2]) : 20;
    SimKernel *k = sim_kernel_new(1, 0);
    NetNetwork *net = net_network_new(k);
    SimWorld world;
    sim_world_init(&world);
    SipTrace trace;
    sip_trace_init(&trace);
    NetLinkParams *p = g_new(NetLinkParams, 1);
    net_link_params_init(p);
    p->delay = sim_distribution_constant(5 * SIM_MS);
    net_network_keep_params(net, p);
    NetSegment *lan = net_segment_new(net, "lan");

    NetNode *pn = net_node_new(net, "proxy");
    net_node_add_address(pn, 0x0a000001);
    net_segment_attach(net, "proxy-lan", pn, lan, p, p);
    SipProxyConfig pc;
    sip_proxy_config_init(&pc);
    pc.domain = "example.com";
    SimEntity *proxy = sip_proxy_new(k, pn, "proxy", &pc, &trace);
    sim_world_add(&world, proxy);

    SipPhoneAction *actions = g_new0(SipPhoneAction, calls);
    for (guint i = 0; i < 2 * pairs; i++) {
        char name[32], user[32], target[64];
        g_snprintf(name, sizeof name, "ph%u", i);
        g_snprintf(user, sizeof user, "u%u", i);
        NetNode *n = net_node_new(net, name);
        net_node_add_address(n, 0x0a010000 + i);
        net_segment_attach(net, name, n, lan, p, p);
        SipPhoneConfig c = {
            .account = { .user = user,
                         .domain = "example.com",
                         .proxy = { 0x0a000001, SIP_DEFAULT_PORT },
                         .rtp_port = 40000 },
            .answer = { .ring = sim_distribution_constant(SIM_S), .code = 200 },
            .timers = sip_timer_defaults(),
        };
        if (i % 2 == 0) { /* a caller */
            g_snprintf(target, sizeof target, "sip:u%u@example.com", i + 1);
            for (guint j = 0; j < calls; j++)
                actions[j] = (SipPhoneAction){ .kind = SIP_PHONE_CALL,
                                               .at = (SimTime) j * 10 * SIM_S + i * SIM_MS,
                                               .target = target,
                                               .callee = target,
                                               .hangup_after = 2 * SIM_S };
            c.actions = actions;
            c.n_actions = calls;
        }
        SipPhoneConfig *shared = sip_phone_config_share(&c);
        sim_world_add(&world, sip_phone_new(k, n, name, c.account.user, shared, &trace));
        sip_phone_config_unref(shared);
        g_autofree char *aor = sip_phone_aor(&c.account);
        g_autofree char *contact =
            sip_phone_contact(&c.account, (NetEndpoint){ net_node_address(n), SIP_DEFAULT_PORT });
        sip_proxy_provision(proxy, aor, contact, 24 * 3600 * SIM_S);
    }
    sim_world_start(&world, k);
    gint64 t0 = g_get_monotonic_time();
    sim_kernel_run(k, SIM_TIME_NEVER);
    double wall = (double) (g_get_monotonic_time() - t0) / G_USEC_PER_SEC;
    sim_world_finish(&world);

    guint64 answered = 0, placed = 0;
    for (guint i = 0; i < world.all->len; i++) {
        const SipPhoneStats *s = sip_phone_stats(g_ptr_array_index(world.all, i));
        if (s) {
            placed += s->calls_placed;
            answered += s->calls_answered;
        }
    }
    const NetStats *ns = net_network_stats(net);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("calls: %u pairs x %u calls: %" G_GUINT64_FORMAT " placed, %" G_GUINT64_FORMAT
           " answered, %" G_GUINT64_FORMAT " datagrams, %" G_GUINT64_FORMAT " events\n",
           pairs, calls, placed, answered, ns->sent, sim_kernel_executed(k));
    printf("calls: %.0f simulated calls/s of wall time (%.0f messages/s, %.2f million events/s), "
           "wall %.2f s, peak RSS %.0f MiB\n",
           (double) answered / wall, (double) ns->sent / wall,
           (double) sim_kernel_executed(k) / wall / 1e6, wall, ru.ru_maxrss / 1024.0);
    g_free(actions);
    sim_world_clear(&world);
    net_network_free(net);
    sim_kernel_free(k);
    sip_trace_clear(&trace);
    return answered == placed ? 0 : 1;
}
