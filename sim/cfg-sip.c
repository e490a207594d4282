/* SPDX-License-Identifier: MIT */
#include "cfg-sip.h"

#include <string.h>

#include "cfg-proxy-load.h"
#include "nat.h"
#include "sip-check.h"
#include "sip-phone.h"
#include "sip-proxy.h"
#include "stun.h"

#define DEFAULT_DOMAIN    "example.com"
#define DEFAULT_RTP_PORT  40000
#define DEFAULT_RTP_BURST 10
#define PROVISIONED_FOR   (24 * 3600 * SIM_S) /* a binding that outlives any run */

typedef struct {
    const char *name;
    NetNode *node;
    SipProxyConfig config; /* from its 'sip' map in the topology */
    char *domain;
    SimEntity *entity;         /* once created */
    GHashTable *subscribers;   /* user -> password (or "") */
    const CfgNode *forwarding; /* its 'forwarding' list, read once the phones are known */
    GArray *rules;             /* SipForwardRule */
} ProxyInfo;

typedef struct {
    const char *name;
    NetNode *node;
    ProxyInfo *proxy;
    SipPhoneAccount account;
    SipTimerConfig timers;
    SipNatConfig nat;
    gboolean registered; /* starts with a binding: from the scenario */
    SimEntity *entity;   /* once created; NULL while offline */
} PhoneInfo;

struct CfgSip {
    GHashTable *proxies;      /* name -> ProxyInfo */
    GHashTable *phones;       /* name -> PhoneInfo */
    GHashTable *stun_servers; /* name -> NetNode */
    GPtrArray *phone_order;
    /* The configuration of the last phone made, shared with the next ones that agree with it:
     * the phones of a population, made one after the other, share one. */
    SipPhoneConfig *shared;
};

static const char *const proxy_topology_keys[] = {
    "domain",      "authenticate", "trying", "record_route", "loop_detection", "nonce_lifetime",
    "max_expires", "t1",           "t2",     "t4",           "forwarding",     "capacity",
    "overload", /* with capacity, read by cfg-proxy-load.c */
    NULL
};
static const char *const forwarding_keys[] = { "user", "on", "to", "after", NULL };
static const char *const phone_topology_keys[] = { "user",      "password",  "proxy", "rtp_port",
                                                   "t1",        "t2",        "t4",    "stun",
                                                   "keepalive", "rtp_burst", NULL };
static const char *const phone_scenario_keys[] = { "registered", "online",  "answer",
                                                   "transfer",   "actions", NULL };
static const char *const transfer_keys[] = { "refuse", "call_after", NULL };
static const char *const answer_keys[] = { "ring",         "code", "bar_anonymous", "hangup_after",
                                           "call_waiting", "busy", "decline",       "no_answer",
                                           "lines",        NULL };
static const char *const action_verbs[] = { "register", "call",     "hangup", "hold",
                                            "resume",   "transfer", NULL };
static const char *const register_keys[] = { "at", "do", "expires", NULL };
static const char *const call_keys[] = { "at",        "do",           "to",           "name",
                                         "anonymous", "cancel_after", "hangup_after", NULL };
static const char *const hangup_keys[] = { "at", "do", "call", NULL };
static const char *const transfer_action_keys[] = { "at",      "do",     "call", "to",
                                                    "replace", "hangup", NULL };

static void proxy_info_free(gpointer p)
{
    ProxyInfo *x = p;
    for (guint i = 0; x->rules && i < x->rules->len; i++) {
        SipForwardRule *r = &g_array_index(x->rules, SipForwardRule, i);
        g_free(r->user);
        g_free(r->target);
    }
    if (x->rules)
        g_array_unref(x->rules);
    sip_proxy_capacity_clear(&x->config.capacity);
    g_free(x->domain);
    g_hash_table_destroy(x->subscribers);
    g_free(x);
}

static void phone_info_free(gpointer p)
{
    PhoneInfo *x = p;
    g_free(x->account.user);
    g_free(x->account.domain);
    g_free(x->account.password);
    g_free(x);
}

void cfg_sip_free(CfgSip *sip)
{
    if (!sip)
        return;
    g_hash_table_destroy(sip->proxies);
    g_hash_table_destroy(sip->phones);
    g_ptr_array_unref(sip->phone_order);
    g_hash_table_destroy(sip->stun_servers);
    g_clear_pointer(&sip->shared, sip_phone_config_unref);
    g_free(sip);
}

static gboolean timer_field(const CfgNode *map, const char *key, const char *what, SimTime *out,
                            GError **error)
{
    const CfgNode *n = cfg_get(map, key);
    g_autofree char *field = g_strdup_printf("%s %s", what, key);
    if (!n)
        return TRUE;
    if (!cfg_duration(n, field, out, error))
        return FALSE;
    if (*out <= 0) {
        cfg_fail(error, n, "%s: expected a duration above 0", field);
        return FALSE;
    }
    return TRUE;
}

/* A phone's account: its user (the node's name by default), password, and proxy (the only one
 * of the topology by default). */
/* A duration that must be above zero. */
static gboolean positive(const CfgNode *n, const char *what, const char *key, SimTime value,
                         GError **error)
{
    if (value > 0)
        return TRUE;
    cfg_fail(error, n, "%s %s: expected a duration above 0", what, key);
    return FALSE;
}

static gboolean read_phone(CfgSip *sip, const CfgTopoNode *tn, GError **error)
{
    PhoneInfo *x = g_new0(PhoneInfo, 1);
    x->name = net_node_name(tn->net_node);
    x->node = tn->net_node;
    x->timers = sip_timer_defaults();
    x->account.rtp_port = DEFAULT_RTP_PORT;
    x->nat.rtp_burst = DEFAULT_RTP_BURST;
    g_hash_table_insert(sip->phones, (gpointer) x->name, x);
    g_ptr_array_add(sip->phone_order, x);
    g_autofree char *what = g_strdup_printf("phone '%s' sip", x->name);
    const CfgNode *s = cfg_get(tn->node, "sip"), *n;
    const char *user = x->name, *password = NULL, *proxy_name = NULL;
    guint64 v;
    if (s &&
        (!cfg_expect_map(s, what, error) || !cfg_check_keys(s, what, phone_topology_keys, error)))
        return FALSE;
    if (s && (n = cfg_get(s, "user")) && !cfg_name(n, what, &user, error))
        return FALSE;
    if (s && (n = cfg_get(s, "password")) && !cfg_string(n, what, &password, error))
        return FALSE;
    x->account.user = g_strdup(user);
    x->account.password = g_strdup(password);
    g_autofree char *f_port = g_strdup_printf("%s rtp_port", what);
    g_autofree char *f_burst = g_strdup_printf("%s rtp_burst", what);
    if (s && (n = cfg_get(s, "rtp_port"))) {
        if (!cfg_uint(n, f_port, 1024, 65534, &v, error))
            return FALSE;
        x->account.rtp_port = (guint16) v;
    }
    if (s && (n = cfg_get(s, "rtp_burst"))) {
        if (!cfg_uint(n, f_burst, 0, 10000, &v, error))
            return FALSE;
        x->nat.rtp_burst = (guint) v;
    }
    if (s && (n = cfg_get(s, "keepalive")) &&
        (!cfg_duration(n, what, &x->nat.keepalive, error) ||
         !positive(n, what, "keepalive", x->nat.keepalive, error)))
        return FALSE;
    if (s && (n = cfg_get(s, "stun"))) {
        const char *stun_name;
        if (!cfg_name(n, what, &stun_name, error))
            return FALSE;
        NetNode *server = g_hash_table_lookup(sip->stun_servers, stun_name);
        if (!server) {
            cfg_fail(error, n, "%s stun: no STUN server named '%s'; expected a node of kind stun",
                     what, stun_name);
            return FALSE;
        }
        x->nat.stun = (NetEndpoint){ net_node_address(server), STUN_DEFAULT_PORT };
    }
    if (s && (!timer_field(s, "t1", what, &x->timers.t1, error) ||
              !timer_field(s, "t2", what, &x->timers.t2, error) ||
              !timer_field(s, "t4", what, &x->timers.t4, error)))
        return FALSE;
    n = s ? cfg_get(s, "proxy") : NULL;
    if (n && !cfg_name(n, what, &proxy_name, error))
        return FALSE;
    if (proxy_name) {
        x->proxy = g_hash_table_lookup(sip->proxies, proxy_name);
        if (!x->proxy) {
            cfg_fail(error, n, "%s proxy: no proxy named '%s'; expected a node of kind proxy", what,
                     proxy_name);
            return FALSE;
        }
    } else if (g_hash_table_size(sip->proxies) == 1) {
        GHashTableIter it;
        g_hash_table_iter_init(&it, sip->proxies);
        g_hash_table_iter_next(&it, NULL, (gpointer *) &x->proxy);
    } else if (g_hash_table_size(sip->proxies) == 0) {
        cfg_fail(error, tn->node,
                 "phone '%s' needs a registrar and proxy; expected a node of "
                 "kind proxy in the topology",
                 x->name);
        return FALSE;
    } else {
        cfg_fail(error, s ? s : tn->node,
                 "phone '%s' needs its proxy: the topology has %u; expected 'sip: {proxy: "
                 "NAME}'",
                 x->name, g_hash_table_size(sip->proxies));
        return FALSE;
    }
    x->account.domain = g_strdup(x->proxy->domain);
    x->account.proxy = (NetEndpoint){ net_node_address(x->proxy->node), SIP_DEFAULT_PORT };
    /* A proxy that does RFC 7339 overload control has its phones take part. */
    x->account.overload_control = x->proxy->config.overload.mode == SIP_PROXY_OVERLOAD_LOSS;
    g_hash_table_insert(x->proxy->subscribers, g_strdup(x->account.user),
                        g_strdup(x->account.password ? x->account.password : ""));
    return TRUE;
}

/* A list of method names, as SIP_METHOD_BITs. */
static gboolean read_methods(const CfgNode *n, const char *what, guint32 *out, GError **error)
{
    if (!cfg_expect_seq(n, what, error))
        return FALSE;
    for (guint i = 0; i < cfg_seq_len(n); i++) {
        const char *name;
        const CfgNode *item = cfg_seq_item(n, i);
        if (!cfg_string(item, what, &name, error))
            return FALSE;
        SipMethod m = sip_method_lookup(sip_str(name));
        if (m == SIP_METHOD_OTHER) {
            cfg_fail(error, item,
                     "%s: unknown method '%s'; expected a SIP method such as "
                     "REGISTER, INVITE or BYE",
                     what, name);
            return FALSE;
        }
        *out |= SIP_METHOD_BIT(m);
    }
    return TRUE;
}

/* A proxy's service, read first: its phones' accounts need its domain. */
static gboolean read_proxy(CfgSip *sip, const CfgTopoNode *tn, GError **error)
{
    ProxyInfo *x = g_new0(ProxyInfo, 1);
    x->name = net_node_name(tn->net_node);
    x->node = tn->net_node;
    x->subscribers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    sip_proxy_config_init(&x->config);
    x->config.timers = sip_timer_defaults();
    g_hash_table_insert(sip->proxies, (gpointer) x->name, x);
    g_autofree char *what = g_strdup_printf("proxy '%s' sip", x->name);
    const char *domain = DEFAULT_DOMAIN;
    SipProxyConfig *c = &x->config;
    const CfgNode *s = cfg_get(tn->node, "sip"), *n;
    if (s &&
        (!cfg_expect_map(s, what, error) || !cfg_check_keys(s, what, proxy_topology_keys, error) ||
         ((n = cfg_get(s, "domain")) && !cfg_string(n, what, &domain, error)) ||
         ((n = cfg_get(s, "authenticate")) && !read_methods(n, what, &c->auth, error)) ||
         ((n = cfg_get(s, "trying")) && !read_methods(n, what, &c->trying, error)) ||
         ((n = cfg_get(s, "record_route")) && !cfg_bool(n, what, &c->record_route, error)) ||
         ((n = cfg_get(s, "loop_detection")) && !cfg_bool(n, what, &c->loop_detection, error)) ||
         ((n = cfg_get(s, "nonce_lifetime")) &&
          !cfg_duration(n, what, &c->nonce_lifetime, error)) ||
         ((n = cfg_get(s, "max_expires")) && !cfg_duration(n, what, &c->max_expires, error)) ||
         !timer_field(s, "t1", what, &c->timers.t1, error) ||
         !timer_field(s, "t2", what, &c->timers.t2, error) ||
         !timer_field(s, "t4", what, &c->timers.t4, error) ||
         !cfg_proxy_load_read(s, what, c, error)))
        return FALSE;
    x->domain = g_strdup(domain);
    x->forwarding = s ? cfg_get(s, "forwarding") : NULL;
    x->rules = g_array_new(FALSE, FALSE, sizeof(SipForwardRule));
    return TRUE;
}

/* A user of the proxy's domain: a phone of the topology (its user) or a user name. */
static char *user_of(CfgSip *sip, const char *name)
{
    const PhoneInfo *p = g_hash_table_lookup(sip->phones, name);
    return g_strdup(p ? p->account.user : name);
}

/* 'forwarding': [{user, on: no-answer|busy|queued, to, after}], at most one rule per user and
 * condition. */
static gboolean read_forwarding(CfgSip *sip, ProxyInfo *x, GError **error)
{
    static const char *const conditions[] = { "no-answer", "busy", "queued", NULL };
    g_autofree char *what = g_strdup_printf("proxy '%s' sip forwarding", x->name);
    const CfgNode *list = x->forwarding;
    if (!list)
        return TRUE;
    if (!cfg_expect_seq(list, what, error))
        return FALSE;
    for (guint i = 0; i < cfg_seq_len(list); i++) {
        const CfgNode *n = cfg_seq_item(list, i), *user_n, *on_n, *to_n, *after_n;
        const char *user, *on, *to;
        if (!cfg_expect_map(n, what, error) || !cfg_check_keys(n, what, forwarding_keys, error) ||
            !(user_n = cfg_require(n, "user", what, error)) ||
            !cfg_string(user_n, what, &user, error) ||
            !(on_n = cfg_require(n, "on", what, error)) || !cfg_string(on_n, what, &on, error) ||
            !(to_n = cfg_require(n, "to", what, error)) || !cfg_string(to_n, what, &to, error))
            return FALSE;
        SipForwardRule r = { 0 };
        guint c = 0;
        while (conditions[c] && !g_str_equal(conditions[c], on))
            c++;
        if (!conditions[c]) {
            cfg_fail(error, on_n,
                     "%s on: unknown condition '%s'; expected no-answer, busy or "
                     "queued",
                     what, on);
            return FALSE;
        }
        r.on = c == 0 ? SIP_FORWARD_NO_ANSWER : c == 1 ? SIP_FORWARD_BUSY : SIP_FORWARD_QUEUED;
        after_n = cfg_get(n, "after");
        if (r.on == SIP_FORWARD_NO_ANSWER && !after_n) {
            cfg_fail(error, n, "%s: on: no-answer expects 'after', how long the user rings first",
                     what);
            return FALSE;
        }
        if (r.on != SIP_FORWARD_NO_ANSWER && after_n) {
            cfg_fail(error, after_n,
                     "%s: 'after' goes with on: no-answer only; expected no "
                     "'after' with on: %s",
                     what, on);
            return FALSE;
        }
        if (after_n && (!cfg_duration(after_n, what, &r.after, error) || r.after <= 0)) {
            if (r.after <= 0 && !(error && *error))
                cfg_fail(error, after_n, "%s after: expected a duration above 0", what);
            return FALSE;
        }
        r.user = user_of(sip, user);
        if (g_str_has_prefix(to, "sip:")) {
            SipUri uri;
            const char *expected = sip_uri_parse(sip_str(to), &uri);
            if (expected) {
                cfg_fail(error, to_n, "%s to: '%s' is not a SIP URI: %s", what, to, expected);
                g_free(r.user);
                return FALSE;
            }
        }
        r.target = g_str_has_prefix(to, "sip:") ? g_strdup(to) : user_of(sip, to);
        for (guint j = 0; j < x->rules->len; j++) {
            const SipForwardRule *o = &g_array_index(x->rules, SipForwardRule, j);
            if (o->on == r.on && g_str_equal(o->user, r.user)) {
                cfg_fail(error, n, "%s: a second %s rule for user '%s'; expected one", what, on,
                         r.user);
                g_free(r.user);
                g_free(r.target);
                return FALSE;
            }
        }
        g_array_append_val(x->rules, r);
    }
    return TRUE;
}

gboolean cfg_sip_create_proxy(const CfgKindContext *ctx, SimEntity **out, GError **error)
{
    ProxyInfo *x = g_hash_table_lookup(ctx->sip->proxies, ctx->name);
    if (ctx->settings) {
        cfg_fail(error, ctx->settings,
                 "proxy '%s' takes no settings in the scenario; expected "
                 "its 'sip' map in the topology",
                 ctx->name);
        return FALSE;
    }
    x->config.domain = x->domain;
    x->config.passwords = x->subscribers;
    x->config.forwarding = (const SipForwardRule *) x->rules->data;
    x->config.n_forwarding = x->rules->len;
    *out = x->entity = sip_proxy_new(ctx->kernel, ctx->node, ctx->name, &x->config, ctx->trace);
    return TRUE;
}

CfgSip *cfg_sip_new(GArray *nodes, GError **error)
{
    CfgSip *sip = g_new0(CfgSip, 1);
    sip->proxies = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, proxy_info_free);
    sip->phones = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, phone_info_free);
    sip->phone_order = g_ptr_array_new();
    sip->stun_servers = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < nodes->len; i++) {
        const CfgTopoNode *tn = &g_array_index(nodes, CfgTopoNode, i);
        if (g_str_equal(tn->kind->name, "stun"))
            g_hash_table_insert(sip->stun_servers, (gpointer) net_node_name(tn->net_node),
                                tn->net_node);
        if (g_str_equal(tn->kind->name, "proxy") && !read_proxy(sip, tn, error)) {
            cfg_sip_free(sip);
            return NULL;
        }
    }
    for (guint i = 0; i < nodes->len; i++) {
        const CfgTopoNode *tn = &g_array_index(nodes, CfgTopoNode, i);
        if (g_str_equal(tn->kind->name, "phone") && !read_phone(sip, tn, error)) {
            cfg_sip_free(sip);
            return NULL;
        }
    }
    GHashTableIter it;
    ProxyInfo *x;
    g_hash_table_iter_init(&it, sip->proxies);
    while (g_hash_table_iter_next(&it, NULL, (gpointer *) &x)) {
        if (!read_forwarding(sip, x, error)) {
            cfg_sip_free(sip);
            return NULL;
        }
    }
    return sip;
}

/* ---- a phone's part of the scenario ---- */

/* 'registered': true (a binding provisioned before the run), false, or a registration wave
 * {from, to}: the phone registers at a time drawn uniformly in [from, to). */
static gboolean read_registered(const CfgNode *n, const char *what, gboolean *provisioned,
                                SipPhoneConfig *config, GError **error)
{
    static const char *const wave_keys[] = { "from", "to", NULL };
    if (n->kind != CFG_MAP)
        return cfg_bool(n, what, provisioned, error);
    g_autofree char *field = g_strdup_printf("%s registered", what);
    const CfgNode *from, *to;
    *provisioned = FALSE;
    if (!cfg_check_keys(n, field, wave_keys, error) ||
        !(from = cfg_require(n, "from", field, error)) ||
        !(to = cfg_require(n, "to", field, error)) ||
        !cfg_duration(from, field, &config->register_from, error) ||
        !cfg_duration(to, field, &config->register_to, error))
        return FALSE;
    if (config->register_to <= config->register_from) {
        cfg_fail(error, to, "%s: the wave ends before it starts; expected 'to' after 'from'",
                 field);
        return FALSE;
    }
    return TRUE;
}

static gboolean read_answer(const CfgNode *n, const char *what, SipAnswerPolicy *p, GError **error)
{
    g_autofree char *field = g_strdup_printf("%s answer", what);
    guint64 v;
    const CfgNode *c;
    if (!cfg_expect_map(n, field, error) || !cfg_check_keys(n, field, answer_keys, error))
        return FALSE;
    /* Given settings replace the default ring. */
    sim_distribution_clear(&p->ring);
    p->ring = sim_distribution_constant(0);
    if ((c = cfg_get(n, "ring"))) {
        sim_distribution_clear(&p->ring);
        if (!cfg_time_distribution(c, field, &p->ring, error))
            return FALSE;
    }
    if ((c = cfg_get(n, "code"))) {
        if (cfg_is_null(c) || (c->kind == CFG_SCALAR && g_str_equal(c->value, "never")))
            p->code = 0;
        else if (!cfg_uint(c, field, 180, 699, &v, error))
            return FALSE;
        else
            p->code = (guint) v;
        if (p->code > 200 && p->code < 300) {
            cfg_fail(error, c,
                     "%s code: a phone accepts with 200; expected 180 to 199 (the call "
                     "waits, as with 182 Queued), 200, or 300 to 699",
                     field);
            return FALSE;
        }
    }
    if ((c = cfg_get(n, "bar_anonymous"))) {
        if (!cfg_uint(c, field, 300, 699, &v, error))
            return FALSE;
        p->bar_anonymous = (guint) v;
    }
    if ((c = cfg_get(n, "hangup_after"))) {
        sim_distribution_clear(&p->hangup_after);
        if (!cfg_time_distribution(c, field, &p->hangup_after, error))
            return FALSE;
    }
    if ((c = cfg_get(n, "call_waiting")) && !cfg_bool(c, field, &p->call_waiting, error))
        return FALSE;
    if (((c = cfg_get(n, "busy")) && !cfg_probability(c, field, &p->busy, error)) ||
        ((c = cfg_get(n, "decline")) && !cfg_probability(c, field, &p->decline, error)) ||
        ((c = cfg_get(n, "no_answer")) && !cfg_probability(c, field, &p->no_answer, error)))
        return FALSE;
    if (p->busy + p->decline + p->no_answer > 1 + 1e-12) {
        cfg_fail(error, n, "%s: busy + decline + no_answer is %g; expected at most 1", field,
                 p->busy + p->decline + p->no_answer);
        return FALSE;
    }
    if ((c = cfg_get(n, "lines"))) {
        if (!cfg_uint(c, field, 1, 1000000, &v, error))
            return FALSE;
        p->lines = (guint) v;
    }
    return TRUE;
}

/* A call target: a phone of the topology, a SIP URI, or a user of the caller's domain. */
static void resolve_target(CfgSip *sip, const PhoneInfo *caller, const char *to, SipPhoneAction *a)
{
    const PhoneInfo *callee = g_hash_table_lookup(sip->phones, to);
    if (callee) {
        a->target = sip_phone_aor(&callee->account);
        a->callee = g_strdup(callee->name);
    } else if (g_str_has_prefix(to, "sip:")) {
        a->target = g_strdup(to);
        a->callee = g_strdup(to);
    } else {
        a->target = g_strdup_printf("sip:%s@%s", to, caller->account.domain);
        a->callee = g_strdup(to);
    }
}

/* A reference to a call: the name a call action gave, or "in-N" for the phone's N-th incoming
 * call. */
static gboolean call_ref(const CfgNode *n, const char *key, const char *what, GPtrArray *names,
                         char **out, GError **error)
{
    const CfgNode *c = cfg_get(n, key);
    const char *name;
    if (!c)
        return TRUE;
    if (!cfg_name(c, what, &name, error))
        return FALSE;
    gboolean incoming = g_str_has_prefix(name, "in-") && name[3] &&
                        strspn(name + 3, "0123456789") == strlen(name + 3);
    if (!incoming && !g_ptr_array_find_with_equal_func(names, name, g_str_equal, NULL)) {
        cfg_fail(error, c,
                 "%s: no call named '%s' before it; expected the name a call action "
                 "gave, or in-N for the N-th incoming call",
                 what, name);
        return FALSE;
    }
    *out = g_strdup(name);
    return TRUE;
}

static gboolean read_action(CfgSip *sip, const PhoneInfo *phone, const CfgNode *n, const char *what,
                            GPtrArray *names, SipPhoneAction *a, GError **error)
{
    const CfgNode *at, *verb, *c;
    const char *v;
    if (!cfg_expect_map(n, what, error) || !(at = cfg_require(n, "at", what, error)) ||
        !cfg_duration(at, what, &a->at, error) || !(verb = cfg_require(n, "do", what, error)) ||
        !cfg_string(verb, what, &v, error))
        return FALSE;
    g_autofree char *field = g_strdup_printf("%s (%s)", what, v);
    if (g_str_equal(v, "register")) {
        a->kind = SIP_PHONE_REGISTER;
        return cfg_check_keys(n, field, register_keys, error) &&
               (!(c = cfg_get(n, "expires")) || cfg_duration(c, field, &a->expires, error));
    }
    if (g_str_equal(v, "call")) {
        const char *to, *name;
        a->kind = SIP_PHONE_CALL;
        if (!cfg_check_keys(n, field, call_keys, error) ||
            !(c = cfg_require(n, "to", field, error)) || !cfg_string(c, field, &to, error))
            return FALSE;
        resolve_target(sip, phone, to, a);
        if ((c = cfg_get(n, "name"))) {
            if (!cfg_name(c, field, &name, error))
                return FALSE;
            a->call = g_strdup(name);
            g_ptr_array_add(names, a->call);
        }
        return (!(c = cfg_get(n, "anonymous")) || cfg_bool(c, field, &a->anonymous, error)) &&
               (!(c = cfg_get(n, "cancel_after")) ||
                cfg_duration(c, field, &a->cancel_after, error)) &&
               (!(c = cfg_get(n, "hangup_after")) ||
                cfg_duration(c, field, &a->hangup_after, error));
    }
    if (g_str_equal(v, "hangup") || g_str_equal(v, "hold") || g_str_equal(v, "resume")) {
        a->kind = g_str_equal(v, "hangup") ? SIP_PHONE_HANGUP
                  : g_str_equal(v, "hold") ? SIP_PHONE_HOLD
                                           : SIP_PHONE_RESUME;
        return cfg_check_keys(n, field, hangup_keys, error) &&
               call_ref(n, "call", field, names, &a->call, error);
    }
    if (g_str_equal(v, "transfer")) {
        const char *to, *hangup = NULL;
        a->kind = SIP_PHONE_TRANSFER;
        if (!cfg_check_keys(n, field, transfer_action_keys, error) ||
            !call_ref(n, "call", field, names, &a->call, error) ||
            !call_ref(n, "replace", field, names, &a->replace, error))
            return FALSE;
        const CfgNode *to_n = cfg_get(n, "to");
        if (!to_n == !a->replace) {
            cfg_fail(error, n,
                     "%s: expected either 'to' (a blind transfer) or 'replace' (the "
                     "call to connect the other side with), not %s",
                     field, to_n ? "both" : "neither");
            return FALSE;
        }
        if (to_n) {
            if (!cfg_string(to_n, field, &to, error))
                return FALSE;
            resolve_target(sip, phone, to, a);
        }
        /* A blind transfer lets go as soon as the transferee tries, an attended one once it
         * has succeeded. */
        a->transfer_hangup = to_n ? SIP_TRANSFER_HANGUP_TRYING : SIP_TRANSFER_HANGUP_SUCCESS;
        if ((c = cfg_get(n, "hangup"))) {
            if (!cfg_string(c, field, &hangup, error))
                return FALSE;
            if (g_str_equal(hangup, "trying"))
                a->transfer_hangup = SIP_TRANSFER_HANGUP_TRYING;
            else if (g_str_equal(hangup, "success"))
                a->transfer_hangup = SIP_TRANSFER_HANGUP_SUCCESS;
            else if (g_str_equal(hangup, "never"))
                a->transfer_hangup = SIP_TRANSFER_HANGUP_NEVER;
            else {
                cfg_fail(error, c, "%s hangup: unknown '%s'; expected trying, success or never",
                         field, hangup);
                return FALSE;
            }
        }
        return TRUE;
    }
    g_autofree char *list = g_strjoinv(", ", (char **) action_verbs);
    cfg_fail(error, verb, "%s: unknown action '%s'; expected one of: %s", what, v, list);
    return FALSE;
}

gboolean cfg_sip_create_phone(const CfgKindContext *ctx, SimEntity **out, GError **error)
{
    PhoneInfo *x = g_hash_table_lookup(ctx->sip->phones, ctx->name);
    g_autofree char *what = g_strdup_printf("phone '%s'", ctx->name);
    SipPhoneConfig config = {
        .account = x->account,
        .nat = x->nat,
        .timers = x->timers,
        /* Without settings a phone picks up after two seconds of ringing. */
        .answer = { .ring = sim_distribution_constant(2 * SIM_S),
                    .code = 200,
                    .call_waiting = TRUE },
    };
    const CfgNode *s = ctx->settings, *n;
    if (s &&
        (!cfg_expect_map(s, what, error) || !cfg_check_keys(s, what, phone_scenario_keys, error)))
        return FALSE;
    gboolean online = TRUE;
    if (s && (n = cfg_get(s, "registered")) &&
        !read_registered(n, what, &x->registered, &config, error))
        return FALSE;
    if (s && (n = cfg_get(s, "online")) && !cfg_bool(n, what, &online, error))
        return FALSE;
    if (s && (n = cfg_get(s, "answer")) && !read_answer(n, what, &config.answer, error))
        return FALSE;
    if (s && (n = cfg_get(s, "transfer"))) {
        g_autofree char *f = g_strdup_printf("%s transfer", what);
        const CfgNode *c;
        if (!cfg_expect_map(n, f, error) || !cfg_check_keys(n, f, transfer_keys, error) ||
            ((c = cfg_get(n, "refuse")) && !cfg_bool(c, f, &config.transfer.refuse, error)) ||
            ((c = cfg_get(n, "call_after")) &&
             !cfg_duration(c, f, &config.transfer.call_after, error)))
            return FALSE;
    }
    const CfgNode *actions = s ? cfg_get(s, "actions") : NULL;
    g_autofree char *f_actions = g_strdup_printf("%s actions", what);
    if (actions && !cfg_expect_seq(actions, f_actions, error))
        return FALSE;
    config.n_actions = actions ? cfg_seq_len(actions) : 0;
    SipPhoneAction *list = g_new0(SipPhoneAction, config.n_actions);
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < config.n_actions; i++)
        ok = read_action(ctx->sip, x, cfg_seq_item(actions, i), f_actions, names, &list[i], error);
    config.actions = list;
    /* A phone switched off keeps its binding at the registrar, but nothing listens. */
    if (ok && online) {
        if (!ctx->sip->shared || !sip_phone_config_equal(ctx->sip->shared, &config)) {
            g_clear_pointer(&ctx->sip->shared, sip_phone_config_unref);
            ctx->sip->shared = sip_phone_config_share(&config);
        }
        *out = x->entity = sip_phone_new(ctx->kernel, ctx->node, ctx->name, x->account.user,
                                         ctx->sip->shared, ctx->trace);
    }
    /* The phone and the shared configuration copied what they keep; the account's strings stay
     * with the PhoneInfo. */
    config.account = (SipPhoneAccount){ 0 };
    sip_phone_config_clear(&config);
    return ok;
}

gboolean cfg_sip_phone(CfgSip *sip, const char *name, SimEntity **entity, char **aor)
{
    const PhoneInfo *x = g_hash_table_lookup(sip->phones, name);
    if (!x)
        return FALSE;
    *entity = x->entity;
    *aor = sip_phone_aor(&x->account);
    return TRUE;
}

/* Where a datagram from @from at @node to @to seems to come from once it got there: each NAT
 * on the way maps it (creating or refreshing the mapping, as the datagram would). */
static NetEndpoint through_nats(NetNode *node, NetEndpoint from, NetEndpoint to)
{
    for (int hops = 0; hops < NET_DEFAULT_TTL && (node = net_node_next_hop(node, to.ip)); hops++) {
        NatBox *nat = nat_box_from_node(node);
        const NatConfig *c = nat ? nat_box_config(nat) : NULL;
        if (c && net_prefix_contains(c->inside, from.ip) && !net_prefix_contains(c->inside, to.ip))
            from = nat_box_map_outbound(nat, from, to);
    }
    return from;
}

/* A phone that starts registered registered before the run: behind a NAT with a STUN server,
 * it learnt its public address from a Binding and registered that; the NATs on its way kept the
 * mappings of both. Without STUN it registered its own address. */
void cfg_sip_link(CfgSip *sip)
{
    for (guint i = 0; i < sip->phone_order->len; i++) {
        const PhoneInfo *x = g_ptr_array_index(sip->phone_order, i);
        if (!x->registered || !x->proxy->entity)
            continue;
        NetEndpoint self = { net_node_address(x->node), SIP_DEFAULT_PORT }, contact = self;
        if (x->nat.stun.port)
            contact = through_nats(x->node, self, x->nat.stun);
        through_nats(x->node, self, x->account.proxy);
        if (x->entity)
            sip_phone_set_public_sip(x->entity, contact);
        g_autofree char *aor = sip_phone_aor(&x->account);
        g_autofree char *uri = sip_phone_contact(&x->account, contact);
        sip_proxy_provision(x->proxy->entity, aor, uri, PROVISIONED_FOR);
    }
}
