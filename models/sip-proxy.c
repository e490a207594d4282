/* SPDX-License-Identifier: MIT */
/*
 * The proxy element: the entity, and the core that takes each request its stack delivers to the
 * registrar or through the steps of RFC 3261 16.2 (validate, preprocess routing, determine the
 * targets, forward), answering where the proxy itself must.
 */
#include "sip-proxy-private.h"

#include "sim-cost.h"

#define DEFAULT_NONCE_LIFETIME (300 * SIM_S)
#define DEFAULT_MAX_EXPIRES    (3600 * SIM_S)

void sip_proxy_config_init(SipProxyConfig *config)
{
    *config = (SipProxyConfig){
        .record_route = TRUE,
        .nonce_lifetime = DEFAULT_NONCE_LIFETIME,
        .max_expires = DEFAULT_MAX_EXPIRES,
        .timers = sip_timer_defaults(),
        .capacity = {
            .queue = 500,
            .costs = {
                [SIP_PROXY_COST_INVITE] = sim_distribution_constant(1.0 * SIM_MS),
                [SIP_PROXY_COST_REQUEST] = sim_distribution_constant(0.5 * SIM_MS),
                [SIP_PROXY_COST_RESPONSE] = sim_distribution_constant(0.3 * SIM_MS),
                [SIP_PROXY_COST_AUTH] = sim_distribution_constant(1.0 * SIM_MS),
                [SIP_PROXY_COST_REJECT] = sim_distribution_constant(0.1 * SIM_MS),
            },
        },
        .overload = {
            .threshold = 250,
            .retry_after = 5,
            .target = 0.9,
            .interval = 100 * SIM_MS,
            .validity = 500 * SIM_MS,
        },
    };
}

void sip_proxy_capacity_clear(SipProxyCapacity *capacity)
{
    for (guint i = 0; i < SIP_PROXY_N_COSTS; i++)
        sim_distribution_clear(&capacity->costs[i]);
}

/* ---- names and addresses ---- */

/* Its domain, or its own address: a phone may use either. */
gboolean sip_proxy_host_is_ours(const SipProxy *p, SipStr host)
{
    return sip_str_equal_ci(host, sip_str(p->config.domain)) ||
           sip_str_equal(host, sip_str(p->host));
}

char *sip_proxy_uri_user(const SipUri *uri)
{
    if (uri->kind == SIP_URI_OTHER || uri->user.len == 0)
        return NULL;
    return g_uri_unescape_segment(uri->user.s, uri->user.s + uri->user.len, NULL);
}

char *sip_proxy_aor(const SipProxy *p, const char *user)
{
    return g_strdup_printf("sip:%s@%s", user, p->config.domain);
}

/* ---- responses of its own ---- */

void sip_proxy_reply_begin(SipProxy *p, SipTransaction *st, guint code, SipWriter *w)
{
    /* 8.2.6.2: a To tag on every response but 100 (the writer keeps one the request has). */
    g_autofree char *tag = code > 100 ? sip_stack_new_tag(p->stack) : NULL;
    g_autofree char *oc = sip_proxy_oc_params(p, sip_message_via(sip_stack_request_of(st), 0));
    sip_stack_response_init_via(st, w, code, (SipStr){ 0 }, sip_str(tag), sip_str(oc));
    p->stats.generated[code]++;
}

void sip_proxy_reply_send(SipProxy *p, SipTransaction *st, SipWriter *w)
{
    gsize len;
    char *bytes = sip_writer_finish(w, &len);
    sip_stack_respond(p->stack, st, bytes, len);
}

void sip_proxy_reply(SipProxy *p, SipTransaction *st, guint code)
{
    SipWriter w;
    sip_proxy_reply_begin(p, st, code, &w);
    sip_proxy_reply_send(p, st, &w);
}

void sip_proxy_reply_check(SipProxy *p, SipTransaction *st, SipCheckResult *r)
{
    SipWriter w;
    sip_proxy_reply_begin(p, st, r->code, &w);
    if (r->unsupported)
        sip_writer_header(&w, SIP_HDR_UNSUPPORTED, sip_str(r->unsupported));
    sip_proxy_reply_send(p, st, &w);
    sip_check_result_clear(r);
}

/* ---- requests ---- */

/* 16.3: the checks of sip-check (syntax, URI scheme, Max-Forwards, Proxy-Require), then, when
 * configured, loop detection; a failure is answered as a UAS would (8.2). */
static gboolean validate(SipProxy *p, SipTransaction *st, const SipMessage *req)
{
    static const SipCheckOptions checks = { .proxy = TRUE };
    SipCheckResult r;
    if (!sip_request_check(req, &checks, &r)) {
        sip_proxy_reply_check(p, st, &r);
        return FALSE;
    }
    if (p->config.loop_detection && sip_proxy_looped(p, req)) {
        sip_proxy_reply(p, st, 482);
        return FALSE;
    }
    return TRUE;
}

/* 16.5: a Request-URI in another domain is the only target; one in the proxy's domain stands
 * for the contacts bound to its address-of-record (10.3 step 5's canonical form). */
gboolean sip_proxy_find_targets(SipProxy *p, const SipUri *uri, GPtrArray *targets)
{
    if (!sip_proxy_host_is_ours(p, uri->host)) {
        g_ptr_array_add(targets, sip_str_dup(uri->text));
        return TRUE;
    }
    g_autofree char *user = sip_proxy_uri_user(uri);
    if (!user)
        return FALSE;
    g_autofree char *aor = sip_proxy_aor(p, user);
    const GPtrArray *bindings = sip_location_lookup(p->location, aor, sim_entity_now(&p->entity));
    for (guint i = 0; bindings && i < bindings->len; i++)
        g_ptr_array_add(targets,
                        g_strdup(((SipBinding *) g_ptr_array_index(bindings, i))->contact));
    return targets->len > 0;
}

/* The targets of a request's URI. FALSE when there is none: 404, for a user without bindings as
 * for an unknown one, as the reference has it (16.5 would have 480 for a known user with an
 * empty target set). */
static gboolean find_targets(SipProxy *p, const SipMessage *req, GPtrArray *targets)
{
    return sip_proxy_find_targets(p, sip_message_request_uri(req), targets);
}

/* An ACK that no server transaction absorbed (the ACK of a 2xx) is forwarded statelessly to
 * one target (16.11); being unanswerable, one that fails validation is dropped. */
static void process_ack(SipProxy *p, const SipMessage *ack)
{
    static const SipCheckOptions checks = { .proxy = TRUE };
    SipCheckResult r;
    if (!sip_request_check(ack, &checks, &r)) {
        sip_check_result_clear(&r);
        return;
    }
    g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func(g_free);
    if (find_targets(p, ack, targets))
        sip_proxy_forward_ack(p, ack, g_ptr_array_index(targets, 0));
}

/* 16.10: a CANCEL of an INVITE the proxy holds (its server transaction, 17.2.3) gets a 200 at
 * once, then the pending branches of its response context are cancelled; an INVITE the proxy
 * answered itself has none. Any other CANCEL is forwarded like any request: downstream, a
 * stateful forward cannot be told from the stateless one the RFC asks for. */
static gboolean process_cancel(SipProxy *p, SipTransaction *st, const SipMessage *cancel)
{
    SipTransaction *ist = sip_stack_find_invite(p->stack, cancel);
    if (!ist)
        return FALSE;
    sip_proxy_reply(p, st, 200);
    if (ist->tu)
        sip_proxy_cancel_context(ist->tu);
    return TRUE;
}

static void process_request(SipProxy *p, SipTransaction *st, const SipMessage *req)
{
    SipMethod m = sip_message_method(req);
    /* 10.3 step 1: a REGISTER for its domain is the registrar's; others are proxied. */
    if (m == SIP_METHOD_REGISTER && sip_proxy_host_is_ours(p, sip_message_request_uri(req)->host)) {
        sip_registrar_register(p, st, req);
        return;
    }
    if (!validate(p, st, req))
        return;
    if (m == SIP_METHOD_CANCEL && process_cancel(p, st, req))
        return;
    /* 16.3 item 6, 22.3; 22.1: a CANCEL is never challenged. */
    if ((p->config.auth & SIP_METHOD_BIT(m)) && m != SIP_METHOD_CANCEL &&
        !sip_proxy_authenticate(p, st, req, FALSE, NULL))
        return;
    /* 16.2: 100 Trying at once to an INVITE; to other methods only when configured (RFC 4320). */
    if (m == SIP_METHOD_INVITE || (p->config.trying & SIP_METHOD_BIT(m)))
        sip_proxy_reply(p, st, 100);
    g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func(g_free);
    if (!find_targets(p, req, targets)) {
        sip_proxy_reply(p, st, 404);
        return;
    }
    sip_proxy_forward(p, st, targets, sip_proxy_forwarding_lookup(p, req));
}

/* ---- the core of the stack ---- */

static void core_request(gpointer core, SipStack *stack, SipTransaction *st, const SipMessage *req)
{
    SipProxy *p = core;
    SipMethod m = sip_message_method(req);
    p->stats.requests[m]++;
    SIM_COST_ENTER(proxy);
    /* A new INVITE that overload control refuses, before any other processing; the ACK of a
     * 2xx reaches the core with or without the INVITE server transaction (RFC 6026 8.7):
     * either way it is end to end. */
    if (p->refusing)
        sip_proxy_overload_reply(p, st);
    else if (m == SIP_METHOD_ACK)
        process_ack(p, req);
    else
        process_request(p, st, req);
    SIM_COST_LEAVE(proxy);
}

static void core_response(gpointer core, SipStack *stack, SipTransaction *ct,
                          const SipMessage *resp)
{
    SIM_COST_ENTER(proxy);
    sip_proxy_response(core, ct, resp);
    SIM_COST_LEAVE(proxy);
}

/* Timer B or F of a branch; Timer H (no ACK for a final response) needs nothing. */
static void core_timeout(gpointer core, SipStack *stack, SipTransaction *t, SipTimer timer)
{
    SIM_COST_ENTER(proxy);
    if (t->kind == SIP_TXN_ICT || t->kind == SIP_TXN_NICT)
        sip_proxy_client_timeout(core, t);
    SIM_COST_LEAVE(proxy);
}

static void core_terminated(gpointer core, SipStack *stack, SipTransaction *t)
{
    SIM_COST_ENTER(proxy);
    sip_proxy_transaction_ended(core, t);
    SIM_COST_LEAVE(proxy);
}

static const SipCoreOps core_ops = {
    .request = core_request,
    .response = core_response,
    .timeout = core_timeout,
    .terminated = core_terminated,
};

/* ---- the entity ---- */

static void proxy_receive(SimEntity *self, const NetDatagram *dg)
{
    SIM_COST_ENTER(proxy);
    sip_proxy_capacity_receive((SipProxy *) self, dg);
    SIM_COST_LEAVE(proxy);
}

static void proxy_timer(SimEntity *self, guint32 kind, gpointer data)
{
    g_return_if_fail(kind == PROXY_TIMER_C || kind == PROXY_TIMER_NO_ANSWER);
    SIM_COST_ENTER(proxy);
    if (kind == PROXY_TIMER_C)
        sip_proxy_timer_c((SipProxy *) self, data);
    else
        sip_proxy_no_answer(data);
    SIM_COST_LEAVE(proxy);
}

static void proxy_free(SimEntity *self)
{
    SipProxy *p = (SipProxy *) self;
    sip_proxy_capacity_free(p);
    sip_proxy_capacity_clear(&p->config.capacity);
    sip_stack_free(p->stack);
    GHashTableIter it;
    gpointer ctx;
    g_hash_table_iter_init(&it, p->contexts);
    while (g_hash_table_iter_next(&it, &ctx, NULL))
        sip_proxy_context_free(ctx);
    g_hash_table_destroy(p->contexts);
    sip_proxy_forwarding_clear(p);
    sip_location_free(p->location);
    g_free(p->config.domain);
    g_hash_table_destroy(p->config.passwords);
    g_free(p->record_route);
    g_free(p->secret);
    sim_entity_clear(self);
    g_free(p);
}

static const SimEntityClass proxy_class = {
    .kind = "proxy",
    .receive = proxy_receive,
    .timer = proxy_timer,
    .free = proxy_free,
};

static SipProxy *proxy_of(const SimEntity *entity)
{
    g_return_val_if_fail(entity && entity->klass == &proxy_class, NULL);
    return (SipProxy *) entity;
}

SimEntity *sip_proxy_new(SimKernel *kernel, NetNode *node, const char *name,
                         const SipProxyConfig *config, const SipTrace *trace)
{
    g_return_val_if_fail(config->domain != NULL && config->max_expires > 0, NULL);
    g_return_val_if_fail(sip_proxy_forwarding_valid(config), NULL);
    const SipProxyOverload *ol = &config->overload;
    g_return_val_if_fail(ol->mode == SIP_PROXY_OVERLOAD_NONE || config->capacity.workers, NULL);
    g_return_val_if_fail(ol->mode != SIP_PROXY_OVERLOAD_503 ||
                             (ol->threshold >= 1 && ol->threshold <= config->capacity.queue),
                         NULL);
    g_return_val_if_fail(
        ol->mode != SIP_PROXY_OVERLOAD_LOSS ||
            (ol->target > 0 && ol->target <= 1 && ol->interval >= SIM_MS && ol->validity > 0),
        NULL);
    SipProxy *p = g_new0(SipProxy, 1);
    sim_entity_init(&p->entity, &proxy_class, kernel, name);
    p->config = *config;
    for (guint i = 0; i < SIP_PROXY_N_COSTS; i++)
        sim_distribution_copy(&p->config.capacity.costs[i], &config->capacity.costs[i]);
    p->config.domain = g_strdup(config->domain);
    p->config.passwords = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    if (config->passwords) {
        GHashTableIter it;
        gpointer user, password;
        g_hash_table_iter_init(&it, config->passwords);
        while (g_hash_table_iter_next(&it, &user, &password))
            g_hash_table_insert(p->config.passwords, g_strdup(user), g_strdup(password));
    }
    sip_proxy_forwarding_init(p, config);
    net_ip_format(net_node_address(node), p->host);
    p->record_route = g_strdup_printf("<sip:%s;lr>", p->host);
    /* Fixed per proxy, so that runs repeat; the nonces' time is simulated time. */
    p->secret = g_strdup_printf("sipsim-%s", name);
    p->location = sip_location_new();
    p->contexts = g_hash_table_new(NULL, NULL);
    p->trace = trace;
    sip_proxy_capacity_init(p);
    sip_proxy_overload_init(p);
    p->stack =
        sip_stack_new(kernel, node, SIP_DEFAULT_PORT, &p->config.timers, trace, &core_ops, p);
    net_node_set_entity(node, &p->entity);
    return &p->entity;
}

void sip_proxy_provision(SimEntity *proxy, const char *aor, const char *contact, SimTime expires)
{
    SipProxy *p = proxy_of(proxy);
    g_return_if_fail(p && aor && contact && expires > 0);
    sip_location_update(p->location, aor, contact, sim_entity_now(proxy), expires, "provisioned",
                        0);
}

void sip_proxy_restart(SimEntity *proxy, gboolean keep_registrations)
{
    SipProxy *p = proxy_of(proxy);
    g_return_if_fail(p);
    sip_proxy_forget_contexts(p);
    sip_stack_forget_all(p->stack);
    if (p->config.capacity.workers)
        sip_proxy_capacity_restart(p);
    if (!keep_registrations) {
        sip_location_free(p->location);
        p->location = sip_location_new();
    }
}

gboolean sip_proxy_is(const SimEntity *entity)
{
    return entity->klass == &proxy_class;
}

guint sip_proxy_workers(const SimEntity *proxy)
{
    SipProxy *p = proxy_of(proxy);
    g_return_val_if_fail(p, 0);
    return p->config.capacity.workers;
}

const SipStackStats *sip_proxy_stack_stats(const SimEntity *proxy)
{
    SipProxy *p = proxy_of(proxy);
    g_return_val_if_fail(p, NULL);
    return sip_stack_stats(p->stack);
}

const SipProxyStats *sip_proxy_stats(const SimEntity *proxy)
{
    SipProxy *p = proxy_of(proxy);
    g_return_val_if_fail(p, NULL);
    return &p->stats;
}

guint sip_proxy_live_transactions(const SimEntity *proxy)
{
    SipProxy *p = proxy_of(proxy);
    g_return_val_if_fail(p, 0);
    return sip_stack_live_transactions(p->stack);
}
