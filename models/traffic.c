/* SPDX-License-Identifier: MIT */
#include "traffic.h"

#include "sip-phone.h"

typedef struct {
    SimEntity entity;
    TrafficConfig config;
    double total_weight;
    guint64 calls; /* to name them: the generator's name and a number */
    TrafficStats stats;
} Traffic;

static const char *const flow_names[TRAFFIC_N_FLOWS] = { "basic", "hold", "transfer" };

const char *traffic_flow_name(TrafficFlow flow)
{
    return flow_names[flow];
}

static SimTime draw(Traffic *t, const SimDistribution *d)
{
    return sim_rng_round_ns(sim_distribution_sample(d, sim_entity_rng(&t->entity)));
}

static void next_arrival(Traffic *t)
{
    SimTime gap = draw(t, &t->config.interarrival);
    SimTime at = sim_entity_now(&t->entity) + gap;
    if (at < t->config.stop)
        sim_entity_timer(&t->entity, gap, 0, NULL);
}

static const TrafficMixItem *pick_flow(Traffic *t)
{
    double u = gsl_rng_uniform(sim_entity_rng(&t->entity)) * t->total_weight;
    for (guint i = 0; i + 1 < t->config.n_mix; i++) {
        if (u < t->config.mix[i].weight)
            return &t->config.mix[i];
        u -= t->config.mix[i].weight;
    }
    return &t->config.mix[t->config.n_mix - 1];
}

/* A party of @among other than @not1 and @not2 (NULL: none); NULL after a few tries when there
 * is none (a population of one calling itself). */
static const TrafficParty *pick(Traffic *t, const TrafficParty *among, guint n,
                                const TrafficParty *not1, const TrafficParty *not2)
{
    gsl_rng *rng = sim_entity_rng(&t->entity);
    for (int tries = 0; tries < 16; tries++) {
        const TrafficParty *p = &among[gsl_rng_uniform_int(rng, n)];
        if ((!not1 || !g_str_equal(p->name, not1->name)) &&
            (!not2 || !g_str_equal(p->name, not2->name)))
            return p;
    }
    return NULL;
}

static void arrival(Traffic *t)
{
    const TrafficConfig *c = &t->config;
    t->stats.arrivals++;
    next_arrival(t);
    const TrafficParty *caller = pick(t, c->callers, c->n_callers, NULL, NULL);
    const TrafficParty *callee = pick(t, c->callees, c->n_callees, caller, NULL);
    if (!caller->phone || !callee)
        return; /* a caller switched off, or nobody else to call */
    const TrafficMixItem *mix = pick_flow(t);
    g_autofree char *name = g_strdup_printf("%s-%" G_GUINT64_FORMAT, t->entity.name, ++t->calls);
    SipPhoneAction call = {
        .kind = SIP_PHONE_CALL,
        .call = name,
        .target = callee->aor,
        .callee = callee->name,
        .cancel_after = c->answer_timeout,
    };
    SimTime holding = draw(t, &c->holding);
    SipPhoneAction steps[3];
    guint n = 0;
    if (mix->flow == TRAFFIC_HOLD) {
        steps[n++] = (SipPhoneAction){ .kind = SIP_PHONE_HOLD, .at = mix->after };
        steps[n++] = (SipPhoneAction){ .kind = SIP_PHONE_RESUME, .at = mix->after + mix->duration };
    } else if (mix->flow == TRAFFIC_TRANSFER) {
        const TrafficParty *third = pick(t, c->callees, c->n_callees, caller, callee);
        if (third)
            steps[n++] = (SipPhoneAction){ .kind = SIP_PHONE_TRANSFER,
                                           .at = mix->after,
                                           .target = third->aor,
                                           .callee = third->name,
                                           .transfer_hangup = SIP_TRANSFER_HANGUP_TRYING };
    }
    /* The caller hangs up after the holding time, unless a transfer let it go earlier. */
    steps[n++] = (SipPhoneAction){ .kind = SIP_PHONE_HANGUP, .at = holding };
    /* In time order: a step after the hangup never runs. */
    for (guint i = 1; i < n; i++)
        for (guint j = i; j > 0 && steps[j].at < steps[j - 1].at; j--) {
            SipPhoneAction s = steps[j];
            steps[j] = steps[j - 1];
            steps[j - 1] = s;
        }
    t->stats.placed++;
    t->stats.flows[mix->flow]++;
    sip_phone_place_call(caller->phone, &call, steps, n);
}

static void traffic_start(SimEntity *self)
{
    Traffic *t = (Traffic *) self;
    SimTime first = t->config.start + draw(t, &t->config.interarrival);
    if (first < t->config.stop)
        sim_entity_timer(self, first, 0, NULL);
}

static void traffic_timer(SimEntity *self, guint32 kind, gpointer data)
{
    arrival((Traffic *) self);
}

static TrafficParty *copy_parties(const TrafficParty *parties, guint n)
{
    TrafficParty *copy = g_new(TrafficParty, n);
    for (guint i = 0; i < n; i++)
        copy[i] =
            (TrafficParty){ parties[i].phone, g_strdup(parties[i].name), g_strdup(parties[i].aor) };
    return copy;
}

static void free_parties(const TrafficParty *parties, guint n)
{
    for (guint i = 0; i < n; i++) {
        g_free(parties[i].name);
        g_free(parties[i].aor);
    }
    g_free((TrafficParty *) parties);
}

static void traffic_free(SimEntity *self)
{
    Traffic *t = (Traffic *) self;
    free_parties(t->config.callers, t->config.n_callers);
    free_parties(t->config.callees, t->config.n_callees);
    sim_distribution_clear(&t->config.interarrival);
    sim_distribution_clear(&t->config.holding);
    g_free((TrafficMixItem *) t->config.mix);
    sim_entity_clear(self);
    g_free(t);
}

static const SimEntityClass traffic_class = {
    .kind = "traffic",
    .start = traffic_start,
    .timer = traffic_timer,
    .free = traffic_free,
};

SimEntity *traffic_new(SimKernel *kernel, const char *name, const TrafficConfig *config)
{
    Traffic *t = g_new0(Traffic, 1);
    sim_entity_init(&t->entity, &traffic_class, kernel, name);
    t->config = *config;
    sim_distribution_copy(&t->config.interarrival, &config->interarrival);
    sim_distribution_copy(&t->config.holding, &config->holding);
    t->config.mix = g_memdup2(config->mix, config->n_mix * sizeof *config->mix);
    t->config.callers = copy_parties(config->callers, config->n_callers);
    t->config.callees = copy_parties(config->callees, config->n_callees);
    for (guint i = 0; i < config->n_mix; i++)
        t->total_weight += config->mix[i].weight;
    return &t->entity;
}

const TrafficStats *traffic_stats(SimEntity *entity)
{
    return entity->klass == &traffic_class ? &((Traffic *) entity)->stats : NULL;
}
