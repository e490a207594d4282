/* SPDX-License-Identifier: MIT */
/*
 * Call forwarding by the proxy element: sequential forking (RFC 3261 16.6 lets a proxy process
 * targets serially), where a proxy responsible for the Request-URI adds targets to the target set
 * while it processes responses (16.5, 16.7 item 4). A user's rule names a condition and a target;
 * when the INVITE to the user meets it, the target's branches join the response context, and the
 * usual response processing (16.7) picks what goes up: the first 2xx cancels the branches left,
 * else the best final response. Each rule applies at most once per context, only to what the
 * called user's own branches do, and never once the context may not grow (a 6xx, 16.7 item 5; a
 * CANCEL, 16.10) or has sent its final response.
 */
#include "sip-proxy-private.h"

/* A rule's target is a SIP or SIPS URI, else the name of a user of the domain. */
static gboolean target_is_uri(const char *target)
{
    return g_ascii_strncasecmp(target, "sip:", 4) == 0 ||
           g_ascii_strncasecmp(target, "sips:", 5) == 0;
}

static gboolean rule_valid(const SipForwardRule *r)
{
    if (!r->user || !r->target || (guint) r->on >= PROXY_FORWARD_ON_COUNT ||
        (r->on == SIP_FORWARD_NO_ANSWER && r->after <= 0))
        return FALSE;
    SipUri uri;
    return !target_is_uri(r->target) || !sip_uri_parse(sip_str(r->target), &uri);
}

gboolean sip_proxy_forwarding_valid(const SipProxyConfig *config)
{
    if (config->n_forwarding && !config->forwarding)
        return FALSE;
    for (guint i = 0; i < config->n_forwarding; i++) {
        const SipForwardRule *r = &config->forwarding[i];
        if (!rule_valid(r))
            return FALSE;
        for (guint k = 0; k < i; k++)
            if (config->forwarding[k].on == r->on &&
                g_str_equal(config->forwarding[k].user, r->user))
                return FALSE;
    }
    return TRUE;
}

/* The copies keep each target as a URI: a user name becomes its address-of-record. */
void sip_proxy_forwarding_init(SipProxy *p, const SipProxyConfig *config)
{
    p->rules = g_new0(SipForwardRule, config->n_forwarding);
    p->forwarding = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
    for (guint i = 0; i < config->n_forwarding; i++) {
        const SipForwardRule *r = &config->forwarding[i];
        SipForwardRule *copy = &p->rules[i];
        *copy = *r;
        copy->user = g_strdup(r->user);
        copy->target = target_is_uri(r->target) ? g_strdup(r->target) : sip_proxy_aor(p, r->target);
        ProxyForwarding *fw = g_hash_table_lookup(p->forwarding, copy->user);
        if (!fw) {
            fw = g_new0(ProxyForwarding, 1);
            g_hash_table_insert(p->forwarding, copy->user, fw);
        }
        fw->on[r->on] = copy;
    }
    p->config.forwarding = p->rules;
    p->config.n_forwarding = config->n_forwarding;
}

void sip_proxy_forwarding_clear(SipProxy *p)
{
    g_hash_table_destroy(p->forwarding);
    for (guint i = 0; i < p->config.n_forwarding; i++) {
        g_free(p->rules[i].user);
        g_free(p->rules[i].target);
    }
    g_free(p->rules);
}

/* Call forwarding is for new calls: an INVITE without a To tag (12.1), to a user of the domain
 * (16.5: only a proxy responsible for the Request-URI adds targets). */
const ProxyForwarding *sip_proxy_forwarding_lookup(SipProxy *p, const SipMessage *req)
{
    const SipUri *uri = sip_message_request_uri(req);
    if (sip_message_method(req) != SIP_METHOD_INVITE || sip_str_is_set(sip_message_to(req)->tag) ||
        !sip_proxy_host_is_ours(p, uri->host))
        return NULL;
    g_autofree char *user = sip_proxy_uri_user(uri);
    return user ? g_hash_table_lookup(p->forwarding, user) : NULL;
}

/* ---- the target set ---- */

/* 16.5: a URI is in the target set once, by the equality of its type (19.1.4). */
static gboolean in_target_set(const ProxyContext *ctx, const char *target)
{
    SipUri uri, other;
    if (sip_uri_parse(sip_str(target), &uri))
        return FALSE;
    for (guint i = 0; i < ctx->branches->len; i++) {
        const ProxyBranch *b = g_ptr_array_index(ctx->branches, i);
        if (!sip_uri_parse(sip_str(b->target), &other) && sip_uri_equal(&uri, &other))
            return TRUE;
    }
    return FALSE;
}

/* A target of the domain without bindings is a branch that answered 404 at once, as a call to it
 * would have been answered (16.5); it is a candidate for the best response like the others. The
 * target's own rules do not apply: forwarding does not chain, so it cannot loop here. */
static guint add_targets(ProxyContext *ctx, const char *target)
{
    g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func(g_free);
    SipUri uri;
    if (sip_uri_parse(sip_str(target), &uri) ||
        !sip_proxy_find_targets(ctx->proxy, &uri, targets)) {
        if (in_target_set(ctx, target))
            return 0;
        ProxyBranch *b = sip_proxy_branch_new(ctx, target);
        b->forwarded = TRUE;
        b->code = 404;
        return 1;
    }
    guint added = 0;
    for (guint i = 0; i < targets->len; i++) {
        const char *t = g_ptr_array_index(targets, i);
        if (in_target_set(ctx, t))
            continue;
        ProxyBranch *b = sip_proxy_branch_new(ctx, t);
        b->forwarded = TRUE;
        sip_proxy_branch_start(b);
        added++;
    }
    return added;
}

gboolean sip_proxy_call_forward(ProxyContext *ctx, SipForwardOn on)
{
    const SipForwardRule *rule = ctx->forwarding ? ctx->forwarding->on[on] : NULL;
    if (!rule || (ctx->forwarded & (1u << on)) || ctx->no_new_branches || ctx->final_code ||
        !ctx->st)
        return FALSE;
    ctx->forwarded |= 1u << on;
    if (!add_targets(ctx, rule->target))
        return FALSE;
    ctx->proxy->stats.call_forwards++;
    return TRUE;
}

/* ---- no answer ---- */

void sip_proxy_no_answer_start(ProxyContext *ctx)
{
    const SipForwardRule *rule =
        ctx->forwarding ? ctx->forwarding->on[SIP_FORWARD_NO_ANSWER] : NULL;
    if (rule)
        ctx->no_answer =
            sim_entity_timer(&ctx->proxy->entity, rule->after, PROXY_TIMER_NO_ANSWER, ctx);
}

void sip_proxy_no_answer_stop(ProxyContext *ctx)
{
    if (ctx->no_answer == SIM_EVENT_NONE)
        return;
    sim_kernel_cancel(ctx->proxy->entity.kernel, ctx->no_answer);
    ctx->no_answer = SIM_EVENT_NONE;
}

/* The user has not answered: while one of its branches still waits for a final response, the
 * target's branches start beside it. A user whose branches all ended is not "not answering". */
void sip_proxy_no_answer(ProxyContext *ctx)
{
    ctx->no_answer = SIM_EVENT_NONE;
    for (guint i = 0; i < ctx->branches->len; i++) {
        const ProxyBranch *b = g_ptr_array_index(ctx->branches, i);
        if (!b->forwarded && !b->code) {
            sip_proxy_call_forward(ctx, SIP_FORWARD_NO_ANSWER);
            return;
        }
    }
}
