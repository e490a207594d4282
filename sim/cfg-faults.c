/* SPDX-License-Identifier: MIT */
#include "cfg-faults.h"

#include "fault-plan.h"
#include "nat.h"
#include "sip-phone.h"
#include "sip-proxy.h"

static const char *const link_keys[] = { "at", "do", "link", NULL };
static const char *const restart_keys[] = {
    "at", "do", "node", "keep_registrations", "down", NULL
};
static const char *const node_keys[] = { "at", "do", "node", NULL };

static NetLink *find_link(NetNetwork *net, const char *name)
{
    for (guint i = 0; i < net_network_n_links(net); i++)
        if (g_str_equal(net_link_name(net_network_link(net, i)), name))
            return net_network_link(net, i);
    return NULL;
}

static gboolean read_link(const CfgNode *item, const char *what, NetNetwork *net, Fault *f,
                          GError **error)
{
    const CfgNode *n = cfg_require(item, "link", what, error);
    const char *name;
    if (!n || !cfg_string(n, what, &name, error))
        return FALSE;
    if (!(f->link = find_link(net, name))) {
        cfg_fail(error, n, "%s: no link named '%s'; expected a link of the topology", what, name);
        return FALSE;
    }
    return TRUE;
}

/* The node the fault names, which must be of the kind the verb acts on. */
static gboolean read_node(const CfgNode *item, const char *what, NetNetwork *net,
                          const SimWorld *world, Fault *f, GError **error)
{
    const CfgNode *n = cfg_require(item, "node", what, error);
    const char *name;
    if (!n || !cfg_string(n, what, &name, error))
        return FALSE;
    if (!(f->node = net_network_lookup_node(net, name))) {
        cfg_fail(error, n, "%s: no node named '%s'; expected a node of the topology", what, name);
        return FALSE;
    }
    f->entity = sim_world_lookup(world, name);
    const char *want = NULL;
    if (f->kind == FAULT_NAT_REBOOT && !nat_box_from_node(f->node))
        want = "a nat";
    else if (f->kind == FAULT_PROXY_RESTART && !(f->entity && sip_proxy_is(f->entity)))
        want = "a proxy";
    else if ((f->kind == FAULT_PHONE_CRASH || f->kind == FAULT_PHONE_BOOT) &&
             !(f->entity && sip_phone_stats(f->entity)))
        want = "a phone that is online";
    if (want) {
        cfg_fail(error, n, "%s: node '%s' cannot %s; expected %s", what, name,
                 fault_kind_name(f->kind), want);
        return FALSE;
    }
    return TRUE;
}

static gboolean read_fault(const CfgNode *item, const char *what, NetNetwork *net,
                           const SimWorld *world, Fault *f, GError **error)
{
    const CfgNode *at, *verb, *n;
    const char *v;
    g_autofree char *f_at = g_strdup_printf("%s at", what);
    g_autofree char *f_do = g_strdup_printf("%s do", what);
    if (!cfg_expect_map(item, what, error) || !(at = cfg_require(item, "at", what, error)) ||
        !(verb = cfg_require(item, "do", what, error)) || !cfg_duration(at, f_at, &f->at, error) ||
        !cfg_string(verb, f_do, &v, error))
        return FALSE;
    guint k = 0;
    while (k < FAULT_N_KINDS && !g_str_equal(v, fault_kind_name((FaultKind) k)))
        k++;
    if (k == FAULT_N_KINDS) {
        cfg_fail(error, verb,
                 "%s: unknown fault '%s'; expected one of: link-down, link-up, restart, reboot, "
                 "crash, boot",
                 what, v);
        return FALSE;
    }
    f->kind = (FaultKind) k;
    if (f->kind == FAULT_LINK_DOWN || f->kind == FAULT_LINK_UP)
        return cfg_check_keys(item, what, link_keys, error) && read_link(item, what, net, f, error);
    if (!cfg_check_keys(item, what, f->kind == FAULT_PROXY_RESTART ? restart_keys : node_keys,
                        error) ||
        !read_node(item, what, net, world, f, error))
        return FALSE;
    g_autofree char *f_keep = g_strdup_printf("%s keep_registrations", what);
    g_autofree char *f_down = g_strdup_printf("%s down", what);
    if ((n = cfg_get(item, "keep_registrations")) &&
        !cfg_bool(n, f_keep, &f->keep_registrations, error))
        return FALSE;
    return !(n = cfg_get(item, "down")) || cfg_duration(n, f_down, &f->down, error);
}

gboolean cfg_faults_build(const CfgNode *list, NetNetwork *net, SimKernel *kernel, SimWorld *world,
                          GError **error)
{
    if (!cfg_expect_seq(list, "faults", error))
        return FALSE;
    guint n = cfg_seq_len(list);
    g_autofree Fault *faults = g_new0(Fault, n);
    for (guint i = 0; i < n; i++) {
        g_autofree char *what = g_strdup_printf("faults[%u]", i);
        if (!read_fault(cfg_seq_item(list, i), what, net, world, &faults[i], error))
            return FALSE;
    }
    sim_world_add(world, fault_plan_new(kernel, faults, n));
    return TRUE;
}
