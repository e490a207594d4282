/* SPDX-License-Identifier: MIT */
/*
 * What the proxy does when its processing cannot keep up (docs/topology.md has the reasons).
 *
 * 503 mode: a new INVITE (no To tag) that finds the threshold's datagrams waiting is refused with
 * 503 Service Unavailable (RFC 3261 21.5.4), with Retry-After, at the rejection cost instead of
 * being processed. Other requests and responses always go through: they finish work already
 * admitted.
 *
 * Loss-based mode (RFC 7339): the proxy measures its load rho over fixed intervals and sets
 * the fraction f of new requests to let through with the occupancy algorithm (OCC) of Cyr,
 * Kaufman and Lee (1988), which Hilt and Widjaja (ICNP 2008) evaluated for SIP servers:
 *     phi = min(target / rho, PHI_MAX),  f <- clamp(phi f, ACCEPT_MIN, 1).
 * rho is the work that came in the interval (the costs of the datagrams queued or served), over
 * the workers' time: unlike the time they were busy, it goes past 1 when the proxy is overloaded,
 * by how much it is, so that one interval brings f to what the proxy can carry. Busy time stays
 * at 1 while a backlog drains, whatever comes: f then falls for as long as the backlog lasts,
 * and rises 5-fold an interval once it is gone, a cycle of floods and famines.
 * It gives oc = 100 (1 - f) in the Via of every response to a client that announced support
 * (5.2), with an oc-seq that is the end of the interval measured; a client that did not
 * announce it has its new INVITEs refused with 503 in the same proportion (5.10.2).
 */
#include "sip-proxy-private.h"

#include <math.h>

#include "sip-overload.h"

/* f never falls below 1% (oc at most 99): some new requests still come, and a fraction
 * multiplied by phi can grow back from it. */
#define OCC_ACCEPT_MIN 0.01
/* How fast f grows back once the load is under the target: at most 5-fold an interval, so
 * that it goes from its minimum to 1 in three intervals of idleness. */
#define OCC_PHI_MAX 5.0

void sip_proxy_overload_init(SipProxy *p)
{
    SimTime now = sim_entity_now(&p->entity);
    p->overload = (ProxyOverload){ .accept = 1.0, .computed = now, .interval_start = now };
}

/* One interval measured @rho: the occupancy algorithm's update. */
static void occ_update(ProxyOverload *o, double rho, double target)
{
    double phi = rho > 0 ? MIN(target / rho, OCC_PHI_MAX) : OCC_PHI_MAX;
    o->accept = CLAMP(phi * o->accept, OCC_ACCEPT_MIN, 1.0);
    o->reduction = (guint) lround(100.0 * (1.0 - o->accept));
}

void sip_proxy_overload_roll(SipProxy *p)
{
    ProxyOverload *o = &p->overload;
    const SipProxyOverload *config = &p->config.overload;
    if (config->mode != SIP_PROXY_OVERLOAD_LOSS)
        return;
    SimTime now = sim_entity_now(&p->entity), interval = config->interval;
    SimTime work = p->capacity.work;
    double capacity = (double) p->config.capacity.workers * (double) interval;
    while (now - o->interval_start >= interval) {
        /* Letting everything through and nothing came: the intervals up to now change
         * nothing. */
        if (o->accept >= 1.0 && work == o->interval_work) {
            o->interval_start += (now - o->interval_start) / interval * interval;
            o->computed = o->interval_start;
            return;
        }
        /* Called before each arrival: all the work since the mark came in this interval. */
        occ_update(o, (double) (work - o->interval_work) / capacity, config->target);
        o->computed = o->interval_start += interval;
        o->interval_work = work;
    }
}

gboolean sip_proxy_overload_refuse(SipProxy *p, const NetDatagram *dg, guint waiting)
{
    const SipProxyOverload *config = &p->config.overload;
    if (config->mode == SIP_PROXY_OVERLOAD_NONE ||
        (config->mode == SIP_PROXY_OVERLOAD_503 && waiting < config->threshold))
        return FALSE;
    g_autoptr(SipMessage) msg = sip_message_parse((const char *) dg->data, dg->len, NULL);
    /* A new INVITE: outside any dialog. */
    if (!msg || sip_message_via_count(msg) == 0 || !sip_message_to(msg) ||
        sip_str_is_set(sip_message_to(msg)->tag))
        return FALSE;
    if (config->mode == SIP_PROXY_OVERLOAD_503)
        return TRUE;
    /* A client that announced support holds its requests back itself. */
    guint reduction = p->overload.reduction;
    if (sip_overload_requested(sip_message_via(msg, 0)) || reduction == 0)
        return FALSE;
    return reduction >= 100 || gsl_rng_uniform(sim_entity_rng(&p->entity)) * 100.0 < reduction;
}

void sip_proxy_overload_reply(SipProxy *p, SipTransaction *st)
{
    const SipProxyOverload *config = &p->config.overload;
    SipWriter w;
    sip_proxy_reply_begin(p, st, 503, &w);
    /* Loss-based refusals carry none: a Retry-After would stop the client altogether (21.5.4),
     * not by the fraction asked. */
    if (config->mode == SIP_PROXY_OVERLOAD_503 && config->retry_after) {
        char value[16];
        g_snprintf(value, sizeof value, "%u", config->retry_after);
        sip_writer_header(&w, SIP_HDR_RETRY_AFTER, sip_str(value));
    }
    sip_proxy_reply_send(p, st, &w);
}

char *sip_proxy_oc_params(SipProxy *p, const SipVia *client)
{
    if (p->config.overload.mode != SIP_PROXY_OVERLOAD_LOSS || !sip_overload_requested(client))
        return NULL;
    sip_proxy_overload_roll(p);
    const ProxyOverload *o = &p->overload;
    /* RFC 7339 4.3: oc-validity 0 says that no reduction is asked. */
    return sip_overload_format(o->reduction, o->reduction ? p->config.overload.validity : 0,
                               o->computed);
}
