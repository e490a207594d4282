/* SPDX-License-Identifier: MIT */
#include "fault-plan.h"

#include "nat.h"
#include "sip-phone.h"
#include "sip-proxy.h"

typedef struct {
    SimEntity entity;
    Fault *faults;
    guint n;
} FaultPlan;

/* The timer's kinds: a fault (data: the Fault), or a restarted proxy listening again. */
enum { FAULT_TIMER_APPLY, FAULT_TIMER_LISTEN };

static const char *const kind_names[] = {
    [FAULT_LINK_DOWN] = "link-down",   [FAULT_LINK_UP] = "link-up",
    [FAULT_PROXY_RESTART] = "restart", [FAULT_NAT_REBOOT] = "reboot",
    [FAULT_PHONE_CRASH] = "crash",     [FAULT_PHONE_BOOT] = "boot",
};
G_STATIC_ASSERT(G_N_ELEMENTS(kind_names) == FAULT_N_KINDS);

const char *fault_kind_name(FaultKind kind)
{
    g_return_val_if_fail((guint) kind < FAULT_N_KINDS, "?");
    return kind_names[kind];
}

static void apply(FaultPlan *plan, const Fault *f)
{
    switch (f->kind) {
    case FAULT_LINK_DOWN:
    case FAULT_LINK_UP:
        net_link_set_down(f->link, f->kind == FAULT_LINK_DOWN);
        break;
    case FAULT_PROXY_RESTART:
        sip_proxy_restart(f->entity, f->keep_registrations);
        /* While it starts again, nothing listens: what comes is port-unreachable. */
        if (f->down > 0) {
            net_node_set_entity(f->node, NULL);
            sim_entity_timer(&plan->entity, f->down, FAULT_TIMER_LISTEN, (gpointer) f);
        }
        break;
    case FAULT_NAT_REBOOT:
        nat_box_reboot(nat_box_from_node(f->node));
        break;
    case FAULT_PHONE_CRASH:
        sip_phone_crash(f->entity);
        break;
    case FAULT_PHONE_BOOT:
        sip_phone_boot(f->entity);
        break;
    case FAULT_N_KINDS:
        g_return_if_reached();
    }
}

static void plan_start(SimEntity *self)
{
    FaultPlan *plan = (FaultPlan *) self;
    for (guint i = 0; i < plan->n; i++)
        sim_entity_timer(self, plan->faults[i].at, FAULT_TIMER_APPLY, &plan->faults[i]);
}

static void plan_timer(SimEntity *self, guint32 kind, gpointer data)
{
    const Fault *f = data;
    if (kind == FAULT_TIMER_APPLY)
        apply((FaultPlan *) self, f);
    else
        net_node_set_entity(f->node, f->entity);
}

static void plan_free(SimEntity *self)
{
    FaultPlan *plan = (FaultPlan *) self;
    g_free(plan->faults);
    sim_entity_clear(self);
    g_free(plan);
}

static const SimEntityClass plan_class = {
    .kind = "faults",
    .start = plan_start,
    .timer = plan_timer,
    .free = plan_free,
};

SimEntity *fault_plan_new(SimKernel *kernel, const Fault *faults, guint n)
{
    FaultPlan *plan = g_new0(FaultPlan, 1);
    sim_entity_init(&plan->entity, &plan_class, kernel, "(faults)");
    plan->faults = g_memdup2(faults, n * sizeof *faults);
    plan->n = n;
    return &plan->entity;
}
