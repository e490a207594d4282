/* SPDX-License-Identifier: MIT */
/*
 * The proxy's processing model: a multi-server FIFO queue in front of its stack. Each datagram
 * that reaches the proxy costs processing time by its kind, retransmissions as much as first
 * copies (the proxy parses one to know what it is); a worker takes it in arrival order and the
 * stack gets it when that time is over, so the queueing delay shows in every timing. Keep-alives
 * go past the model, and what the proxy does on its own timers (retransmissions, Timer C) costs
 * nothing: see docs/topology.md.
 */
#include "sip-proxy-private.h"

#include <string.h>

#include "sim-cost.h"

typedef struct {
    NetDatagram *dg; /* a copy */
    SimTime arrived;
    SimTime cost;    /* drawn when it came */
    gboolean refuse; /* a new INVITE refused with 503 */
    gboolean lost;   /* the proxy restarted while it was served: its end delivers nothing */
} ProxyJob;

static void job_free(gpointer data)
{
    ProxyJob *job = data;
    net_datagram_free(job->dg);
    g_free(job);
}

/* The integral of the workers busy from the proxy's creation to @t, which is not before the
 * model's last change. */
static SimTime busy_area_at(const SipProxy *p, SimTime t)
{
    const ProxyCapacity *c = &p->capacity;
    return c->busy_area + (SimTime) c->serving.length * (t - c->changed);
}

/* The areas under the busy workers and the queue's length run to now; the intervals of
 * loss-based control close first, with what they measured. */
static void advance(SipProxy *p)
{
    ProxyCapacity *c = &p->capacity;
    SimTime now = sim_entity_now(&p->entity);
    sip_proxy_overload_roll(p);
    c->busy_area = busy_area_at(p, now);
    c->queue_area += (double) c->waiting.length * (double) (now - c->changed);
    c->changed = now;
}

static void trace(SipProxy *p, SipLoadChange change, SimTime wait)
{
    if (!sip_trace_active(p->trace))
        return;
    SipLoadEvent ev = {
        .time = sim_entity_now(&p->entity),
        .node = sip_stack_node(p->stack),
        .change = change,
        .waiting = p->capacity.waiting.length,
        .busy = p->capacity.serving.length,
        .wait = wait,
    };
    sip_trace_load(p->trace, &ev);
}

static SimTime draw(SipProxy *p, SipProxyCost cost)
{
    const SimDistribution *d = &p->config.capacity.costs[cost];
    return sim_rng_round_ns(sim_distribution_sample(d, sim_entity_rng(&p->entity)));
}

/* Drawn when the datagram comes, so that loss-based control knows the work that came (see
 * sip-proxy-overload.c). */
static SimTime cost_of(SipProxy *p, SipProxyLoadKind kind, gboolean refuse, gboolean auth)
{
    static const SipProxyCost by_kind[SIP_PROXY_LOAD_KINDS] = {
        [SIP_PROXY_LOAD_INVITE] = SIP_PROXY_COST_INVITE,
        [SIP_PROXY_LOAD_REQUEST] = SIP_PROXY_COST_REQUEST,
        [SIP_PROXY_LOAD_RESPONSE] = SIP_PROXY_COST_RESPONSE,
    };
    if (refuse)
        return draw(p, SIP_PROXY_COST_REJECT);
    SimTime t = draw(p, by_kind[kind]);
    return auth ? t + draw(p, SIP_PROXY_COST_AUTH) : t;
}

static void job_done(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg);

static void start(SipProxy *p, ProxyJob *job)
{
    ProxyCapacity *c = &p->capacity;
    SimTime wait = sim_entity_now(&p->entity) - job->arrived;
    g_queue_push_tail(&c->serving, job);
    c->stats.started++;
    c->wait_sum += wait;
    c->stats.wait_max = MAX(c->stats.wait_max, wait);
    trace(p, SIP_LOAD_STARTED, wait);
    sim_kernel_post(p->entity.kernel, job->cost, job_done, p, job, 0);
}

/* The workers free take the datagrams that wait, in order. */
static void start_waiting(SipProxy *p)
{
    ProxyCapacity *c = &p->capacity;
    while (c->serving.length < p->config.capacity.workers && c->waiting.length)
        start(p, g_queue_pop_head(&c->waiting));
}

/* The next datagram starts before this one reaches the stack, so that whatever the stack does
 * finds the model as it now is. */
static void job_done(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg)
{
    SipProxy *p = obj;
    ProxyJob *job = data;
    if (job->lost) {
        job_free(job);
        return;
    }
    SIM_COST_ENTER(proxy);
    advance(p);
    g_queue_remove(&p->capacity.serving, job);
    trace(p, SIP_LOAD_DONE, 0);
    start_waiting(p);
    p->refusing = job->refuse;
    sip_stack_receive(p->stack, job->dg);
    p->refusing = FALSE;
    job_free(job);
    SIM_COST_LEAVE(proxy);
}

/* What a datagram is, from its start line: "SIP/2.0 " begins a response. */
static SipProxyLoadKind kind_of(const NetDatagram *dg, SipMethod *method)
{
    const char *text = (const char *) dg->data;
    if (dg->len >= 8 && memcmp(text, "SIP/2.0 ", 8) == 0)
        return SIP_PROXY_LOAD_RESPONSE;
    const char *sp = memchr(text, ' ', dg->len);
    *method = sip_method_lookup((SipStr){ text, sp ? (gsize) (sp - text) : dg->len });
    return *method == SIP_METHOD_INVITE ? SIP_PROXY_LOAD_INVITE : SIP_PROXY_LOAD_REQUEST;
}

void sip_proxy_capacity_receive(SipProxy *p, const NetDatagram *dg)
{
    ProxyCapacity *c = &p->capacity;
    const SipProxyCapacity *config = &p->config.capacity;
    if (!config->workers || sip_stack_is_keepalive(dg)) {
        sip_stack_receive(p->stack, dg);
        return;
    }
    advance(p);
    SipMethod method = SIP_METHOD_OTHER;
    SipProxyLoadKind kind = kind_of(dg, &method);
    c->stats.arrived[kind]++;
    gboolean free_worker = c->serving.length < config->workers;
    if (!free_worker && c->waiting.length >= config->queue) {
        c->stats.dropped++;
        trace(p, SIP_LOAD_DROPPED, 0);
        return;
    }
    ProxyJob *job = g_new0(ProxyJob, 1);
    job->dg = net_datagram_copy(dg);
    job->arrived = sim_entity_now(&p->entity);
    job->refuse =
        kind == SIP_PROXY_LOAD_INVITE && sip_proxy_overload_refuse(p, dg, c->waiting.length);
    /* 22.1: ACK and CANCEL are never challenged. */
    gboolean auth = !job->refuse && kind != SIP_PROXY_LOAD_RESPONSE &&
                    (p->config.auth & SIP_METHOD_BIT(method)) && method != SIP_METHOD_ACK &&
                    method != SIP_METHOD_CANCEL;
    job->cost = cost_of(p, kind, job->refuse, auth);
    c->work += job->cost;
    c->stats.rejected += job->refuse;
    c->stats.authenticated += auth;
    if (free_worker) {
        start(p, job);
        return;
    }
    g_queue_push_tail(&c->waiting, job);
    c->stats.queue_max = MAX(c->stats.queue_max, c->waiting.length);
    trace(p, SIP_LOAD_QUEUED, 0);
}

void sip_proxy_capacity_init(SipProxy *p)
{
    ProxyCapacity *c = &p->capacity;
    g_queue_init(&c->waiting);
    g_queue_init(&c->serving);
    c->since = c->changed = sim_entity_now(&p->entity);
}

/* A restart loses what waits and what is being served, at once: the workers are free, and
 * each datagram lost counts as dropped. The jobs being served stay until their end event,
 * which then only frees them. */
void sip_proxy_capacity_restart(SipProxy *p)
{
    ProxyCapacity *c = &p->capacity;
    advance(p);
    ProxyJob *job;
    while ((job = g_queue_pop_head(&c->serving))) {
        job->lost = TRUE;
        c->stats.dropped++;
        trace(p, SIP_LOAD_DROPPED, 0);
    }
    while ((job = g_queue_pop_head(&c->waiting))) {
        job_free(job);
        c->stats.dropped++;
        trace(p, SIP_LOAD_DROPPED, 0);
    }
}

void sip_proxy_capacity_free(SipProxy *p)
{
    ProxyCapacity *c = &p->capacity;
    g_queue_clear_full(&c->waiting, job_free);
    g_queue_clear_full(&c->serving, job_free);
}

void sip_proxy_load_stats(SimEntity *proxy, SipProxyLoadStats *out)
{
    g_return_if_fail(sip_proxy_is(proxy));
    SipProxy *p = (SipProxy *) proxy;
    const ProxyCapacity *c = &p->capacity;
    SimTime now = sim_entity_now(proxy);
    *out = (SipProxyLoadStats){ 0 };
    if (!p->config.capacity.workers)
        return;
    sip_proxy_overload_roll(p);
    *out = c->stats;
    out->workers = p->config.capacity.workers;
    out->queue = p->config.capacity.queue;
    out->elapsed = now - c->since;
    out->busy = busy_area_at(p, now);
    out->waiting = c->waiting.length;
    out->wait_mean = c->stats.started ? c->wait_sum / (SimTime) c->stats.started : 0;
    out->reduction = p->overload.reduction;
    if (out->elapsed > 0) {
        double queue_area =
            c->queue_area + (double) c->waiting.length * (double) (now - c->changed);
        out->queue_mean = queue_area / (double) out->elapsed;
        out->utilization = (double) out->busy / ((double) out->workers * (double) out->elapsed);
    }
}
