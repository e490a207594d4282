/* SPDX-License-Identifier: MIT */
/*
 * Phones behind NATs, run by `sipsim run`: the NAT matrix (scenarios/nat-matrix.yaml), each cell
 * checked against what the behaviours of RFC 4787 predict, and a NAT binding that expires
 * without keep-alives.
 */
#include <string.h>

#include "sipsim-runner.h"

/* One side of a call: no NAT, or a NAT's mapping and filtering behaviour (RFC 4787 4.1, 5). */
typedef enum { FILTER_EI, FILTER_AD, FILTER_APD } Filter;

typedef struct {
    gboolean nat;
    gboolean eim; /* endpoint-independent mapping: one public endpoint for every destination */
    Filter filter;
} Side;

static Side side_of(const char *preset)
{
    if (g_str_equal(preset, "none"))
        return (Side){ FALSE, TRUE, FILTER_EI };
    if (g_str_equal(preset, "full-cone"))
        return (Side){ TRUE, TRUE, FILTER_EI };
    if (g_str_equal(preset, "restricted-cone"))
        return (Side){ TRUE, TRUE, FILTER_AD };
    if (g_str_equal(preset, "port-restricted-cone"))
        return (Side){ TRUE, TRUE, FILTER_APD };
    g_assert_cmpstr(preset, ==, "symmetric");
    return (Side){ TRUE, FALSE, FILTER_APD };
}

/*
 * Whether @x receives the media @y sends to the address in @x's SDP. Without a NAT, x's own
 * address. Behind one without STUN, its private address: no route. With STUN, the mapping the
 * STUN server saw (m_x), which lets in: anyone (endpoint-independent filtering); else only
 * sources x has sent to from m_x. x sends to y's SDP address, but from m_x only if its mapping
 * is endpoint-independent (else from a new mapping, and m_x stays open to the STUN server
 * alone). Address-dependent filtering wants y's IP, which is y's SDP IP (y's NAT has one public
 * address); address-and-port-dependent filtering wants y's exact source, which is y's SDP
 * address only if y has no NAT or an endpoint-independent mapping.
 */
static gboolean receives(Side x, Side y, gboolean stun)
{
    if (!x.nat)
        return TRUE;
    if (!stun)
        return FALSE;
    if (x.filter == FILTER_EI)
        return TRUE;
    if (!x.eim)
        return FALSE;
    return x.filter == FILTER_AD || !y.nat || y.eim;
}

/*
 * The proxy's INVITE goes to the callee's registered contact: its own address without a NAT;
 * behind one, its private address without STUN (no route: Timer B, 408), else the mapping the
 * STUN server saw. That mapping lets the proxy in if it is the mapping the REGISTER and the
 * keep-alives use towards the proxy (endpoint-independent mapping), or if the filter lets
 * anyone in.
 */
static gboolean reachable(Side callee, gboolean stun)
{
    return !callee.nat || (stun && (callee.eim || callee.filter == FILTER_EI));
}

static const char *predicted_media(Side caller, Side callee, gboolean stun)
{
    gboolean forward = receives(callee, caller, stun), backward = receives(caller, callee, stun);
    return forward && backward ? "both"
           : forward           ? "caller-to-callee"
           : backward          ? "callee-to-caller"
                               : "none";
}

static void test_matrix(void)
{
    g_autofree char *dir = sipsim_run_scenario("scenarios/nat-matrix.yaml", NULL);
    g_autofree char *csv = sipsim_read_file(dir, "calls.csv");
    g_auto(GStrv) lines = g_strsplit(csv, "\n", -1);
    /* call_id,caller,callee,start_ns,first_provisional_ns,answer_ns,end_ns,status,
     * retransmissions,rtp_caller_sent,rtp_callee_received,rtp_callee_sent,rtp_caller_received,
     * media,name,outcome */
    guint cells = 0;
    for (char **l = lines + 1; *l && **l; l++) {
        g_auto(GStrv) f = g_strsplit(*l, ",", -1);
        g_assert_cmpuint(g_strv_length(f), ==, 16);
        g_auto(GStrv) cell = g_strsplit(f[14], "_", -1);
        g_assert_cmpuint(g_strv_length(cell), ==, 3);
        Side caller = side_of(cell[0]), callee = side_of(cell[1]);
        gboolean stun = g_str_equal(cell[2], "stun");
        g_test_message("cell %s: status %s, media %s", f[14], f[7], f[13]);
        if (reachable(callee, stun)) {
            g_assert_cmpstr(f[7], ==, "200");
            g_assert_cmpstr(f[13], ==, predicted_media(caller, callee, stun));
            /* Each side sent its whole burst. */
            g_assert_cmpstr(f[9], ==, "10");
            g_assert_cmpstr(f[11], ==, "10");
        } else {
            g_assert_cmpstr(f[7], ==, "408");
            g_assert_cmpstr(f[13], ==, "");
        }
        cells++;
    }
    g_assert_cmpuint(cells, ==, 50);
    sipsim_remove_dir(dir);
}

/* nat-b forgets B's mapping 30 s after B's last datagram out: without keep-alives, the proxy's
 * INVITE at 60 s finds no mapping and A gets 408 when the proxy's Timer B fires; with a
 * keep-alive every 20 s the mapping lives and the call is answered. */
static void test_binding_expiry(void)
{
    static const struct {
        const char *sip;
        const char *status;
        const char *dropped;
    } cases[] = {
        { "topology.nodes[1].sip={password: secret-b, stun: S}", "408", "nat-no-mapping" },
        { "topology.nodes[1].sip={password: secret-b, stun: S, keepalive: 20s}", "200", NULL },
    };
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        const char *extra[] = { "--set", "topology.nodes[3].nat.binding_lifetime=30s", "--set",
                                cases[i].sip, NULL };
        g_autofree char *dir =
            sipsim_run_scenario("tests/scenarios/nat-binding-expiry.yaml", extra);
        g_autofree char *calls = sipsim_read_file(dir, "calls.csv");
        g_auto(GStrv) rows = g_strsplit(calls, "\n", -1);
        g_auto(GStrv) f = g_strsplit(rows[1], ",", -1);
        g_assert_cmpstr(f[7], ==, cases[i].status);
        g_autofree char *messages = sipsim_read_file(dir, "messages.csv");
        /* The proxy's INVITE to B (its first send, at 60.075 s): lost at nat-b, or delivered. */
        const char *invite = strstr(messages, ",INVITE,A-3@192.168.1.11,2,z9hG4bK-proxy-2,");
        while (invite > messages && invite[-1] != '\n')
            invite--;
        invite--;
        g_assert_nonnull(invite);
        g_autofree char *row = g_strndup(invite + 1, strcspn(invite + 1, "\n"));
        g_assert_true(g_str_has_prefix(row, "60075000000,proxy,"));
        g_assert_true(g_str_has_suffix(row, cases[i].dropped ? cases[i].dropped : "delivered"));
        sipsim_remove_dir(dir);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_nonnull(g_getenv("SIPSIM"));
    g_test_add_func("/nat/matrix", test_matrix);
    g_test_add_func("/nat/binding-expiry", test_binding_expiry);
    return g_test_run();
}
