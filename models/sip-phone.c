/* SPDX-License-Identifier: MIT */
/* The phone: its registration, its scenario actions, and where each message goes. */
#include <string.h>

#include "sim-cost.h"
#include "sip-check.h"
#include "sip-digest.h"
#include "sip-phone-private.h"

#define DEFAULT_EXPIRES (3600 * SIM_S)

char *sip_phone_aor(const SipPhoneAccount *account)
{
    return g_strdup_printf("sip:%s@%s", account->user, account->domain);
}

char *sip_phone_contact(const SipPhoneAccount *account, NetEndpoint at)
{
    char addr[NET_IP_BUF];
    return g_strdup_printf("sip:%s@%s:%u", account->user, net_ip_format(at.ip, addr), at.port);
}

/* Its public address once STUN told it (RFC 3581 rport lets the proxy answer where the request
 * really came from); oc when it takes part in overload control (RFC 7339 4.1, 5.1). */
void sip_phone_write_via(SipPhone *phone, SipWriter *w)
{
    char ip[NET_IP_BUF];
    g_autofree char *branch = sip_stack_new_branch(phone->stack);
    net_ip_format(phone->public_sip.ip, ip);
    SipStr oc =
        phone->config->account.overload_control ? SIP_STR(SIP_OVERLOAD_VIA_PARAMS) : (SipStr){ 0 };
    sip_writer_via_params(w, SIP_STR("UDP"), sip_str(ip), phone->public_sip.port, sip_str(branch),
                          TRUE, oc);
}

SimEventId sip_phone_timer(SipPhone *phone, SimTime delay, guint kind, gpointer data)
{
    return sim_entity_timer(&phone->entity, delay, kind, data);
}

SipCall *sip_phone_find_dialog(SipPhone *phone, const SipMessage *request)
{
    for (guint i = 0; i < phone->calls->len; i++) {
        SipCall *c = g_ptr_array_index(phone->calls, i);
        if (c->dialog && (c->state != CALL_ENDED || c->refer.active) &&
            sip_dialog_matches_request(c->dialog, request))
            return c;
    }
    return NULL;
}

SipCall *sip_phone_find_call(SipPhone *phone, const char *name)
{
    for (guint i = 0; i < phone->calls->len; i++) {
        SipCall *c = g_ptr_array_index(phone->calls, i);
        if (c->state != CALL_ENDED && (!name || (c->name && g_str_equal(c->name, name))))
            return c;
    }
    return NULL;
}

void sip_phone_copy_record_route(const SipTransaction *st, SipWriter *w, guint code)
{
    const SipMessage *req = sip_stack_request_of(st);
    if (code > 100 && code < 300 && sip_message_method(req) == SIP_METHOD_INVITE)
        sip_writer_copy_headers(w, req, SIP_HDR_RECORD_ROUTE);
}

/* Starts a response to @st's request. Every response but 100 carries a To tag (8.2.6.2): the
 * request's, else @to_tag (the call's), else a new one. */
static void response_init(SipPhone *phone, const SipTransaction *st, SipWriter *w, guint code,
                          const char *to_tag)
{
    g_autofree char *fresh = NULL;
    const SipNameAddr *to = sip_message_to(sip_stack_request_of(st));
    if (!to_tag && code > 100 && to && !sip_str_is_set(to->tag))
        to_tag = fresh = sip_stack_new_tag(phone->stack);
    sip_stack_response_init(st, w, code, (SipStr){ 0 }, to_tag ? sip_str(to_tag) : (SipStr){ 0 });
}

void sip_phone_respond(SipPhone *phone, SipTransaction *st, guint code, const char *to_tag,
                       const char *contact, const SipSdp *sdp)
{
    SipWriter w;
    response_init(phone, st, &w, code, to_tag);
    sip_phone_copy_record_route(st, &w, code);
    if (contact) {
        g_autofree char *c = g_strdup_printf("<%s>", contact);
        sip_writer_header(&w, SIP_HDR_CONTACT, sip_str(c));
    }
    if (sdp) {
        g_autofree char *body = sip_sdp_to_string(sdp);
        sip_writer_body(&w, SIP_STR("application/sdp"), sip_str(body));
    }
    gsize len;
    char *bytes = sip_writer_finish(&w, &len);
    sip_stack_respond(phone->stack, st, bytes, len);
}

void sip_phone_respond_retry_after(SipPhone *phone, SipTransaction *st, guint code, guint seconds)
{
    SipWriter w;
    response_init(phone, st, &w, code, NULL);
    char value[16];
    g_snprintf(value, sizeof value, "%u", seconds);
    sip_writer_header(&w, SIP_HDR_RETRY_AFTER, sip_str(value));
    gsize len;
    char *bytes = sip_writer_finish(&w, &len);
    sip_stack_respond(phone->stack, st, bytes, len);
}

gboolean sip_phone_write_credentials(SipPhone *phone, SipWriter *w, const SipMessage *request,
                                     const SipMessage *challenge)
{
    gboolean proxy = sip_message_status(challenge) == 407;
    SipStr value =
        sip_message_value(challenge, proxy ? SIP_HDR_PROXY_AUTHENTICATE : SIP_HDR_WWW_AUTHENTICATE);
    if (!phone->config->account.password || !value.s)
        return FALSE;
    g_autofree char *text = sip_str_dup(value);
    g_autoptr(SipDigestChallenge) ch = sip_digest_challenge_parse(text, NULL);
    if (!ch)
        return FALSE;
    g_autofree char *uri = sip_str_dup(sip_message_request_uri(request)->text);
    g_autofree char *method = sip_str_dup(sip_message_method_text(request));
    g_autofree char *cnonce = sip_stack_new_tag(phone->stack);
    g_autoptr(SipDigestCredentials) cred =
        sip_digest_credentials_new(ch, phone->user, uri, cnonce, 1);
    g_autofree char *ha1 =
        sip_digest_ha1(ch->algorithm, phone->user, ch->realm, phone->config->account.password);
    SipStr body = sip_message_body(request);
    sip_digest_credentials_sign(cred, ha1, method, body.s, body.len);
    g_autofree char *header = sip_digest_credentials_to_string(cred);
    sip_writer_header(w, proxy ? SIP_HDR_PROXY_AUTHORIZATION : SIP_HDR_AUTHORIZATION,
                      sip_str(header));
    return TRUE;
}

/* ---- registration (RFC 3261 10.2) ---- */

static void send_register(SipPhone *phone, const SipMessage *challenge, const SipMessage *last)
{
    const SipPhoneAccount *acc = &phone->config->account;
    g_autofree char *registrar = g_strdup_printf("sip:%s", acc->domain);
    g_autofree char *contact = g_strdup_printf("<%s>;expires=%" G_GINT64_FORMAT, phone->contact,
                                               phone->reg_expires / SIM_S);
    SipWriter w;
    sip_writer_init_request(&w, SIP_STR("REGISTER"), sip_str(registrar));
    sip_phone_write_via(phone, &w);
    sip_writer_max_forwards(&w, 70);
    sip_writer_name_addr(&w, SIP_HDR_FROM, (SipStr){ 0 }, sip_str(phone->aor),
                         sip_str(phone->reg_tag));
    sip_writer_name_addr(&w, SIP_HDR_TO, (SipStr){ 0 }, sip_str(phone->aor), (SipStr){ 0 });
    sip_writer_header(&w, SIP_HDR_CALL_ID, sip_str(phone->reg_call_id));
    sip_writer_cseq(&w, ++phone->reg_cseq, SIP_STR("REGISTER"));
    sip_writer_header(&w, SIP_HDR_CONTACT, sip_str(contact));
    if (challenge)
        sip_phone_write_credentials(phone, &w, last, challenge);
    gsize len;
    char *bytes = sip_writer_finish(&w, &len);
    sip_stack_send_request(phone->stack, acc->proxy, bytes, len, NULL);
}

static void register_now(SipPhone *phone)
{
    send_register(phone, NULL, NULL);
}

/* Behind a NAT, each REGISTER follows a STUN Binding from the SIP port: the contact it
 * registers is the public address the NAT gives it now. */
static void start_registration(SipPhone *phone, SimTime expires)
{
    phone->reg_expires = expires ? expires : DEFAULT_EXPIRES;
    phone->reg_auth_sent = FALSE;
    sip_phone_stun_sip(phone, register_now);
}

/* The expiry the registrar granted our contact: its expires parameter, else Expires. */
static SimTime granted_expires(SipPhone *phone, const SipMessage *ok)
{
    for (guint i = 0; i < sip_message_contact_count(ok); i++) {
        const SipNameAddr *c = sip_message_contact(ok, i);
        if (sip_str_equal(c->uri.text, sip_str(phone->contact)) && c->expires >= 0)
            return c->expires * SIM_S;
    }
    gint64 e = sip_message_expires(ok);
    return e >= 0 ? e * SIM_S : phone->reg_expires;
}

static void register_response(SipPhone *phone, SipTransaction *ct, const SipMessage *resp)
{
    guint code = sip_message_status(resp);
    if (code < 200)
        return;
    if ((code == 401 || code == 407) && !phone->reg_auth_sent) {
        phone->reg_auth_sent = TRUE;
        send_register(phone, resp, sip_stack_request_of(ct));
        return;
    }
    if (code >= 300) {
        phone->stats.registration_failures++;
        return;
    }
    phone->stats.registrations++;
    phone->reg_auth_sent = FALSE;
    /* Refreshed when 90% of the granted time has passed. */
    SimTime granted = granted_expires(phone, resp);
    if (granted > 0)
        phone->refresh_timer =
            sip_phone_timer(phone, granted - granted / 10, PHONE_TIMER_REFRESH, NULL);
}

/* ---- the stack's core ---- */

static gboolean is_register(const SipMessage *msg)
{
    const SipCSeq *cseq = sip_message_cseq(msg);
    return cseq && cseq->method == SIP_METHOD_REGISTER;
}

/* A request inside a dialog (REFER, NOTIFY): 481 when there is no such dialog (12.2.2). */
static SipCall *dialog_of(SipPhone *phone, SipTransaction *st, const SipMessage *req)
{
    SipCall *c = sip_phone_find_dialog(phone, req);
    if (!c)
        sip_phone_respond(phone, st, 481, NULL, NULL, NULL);
    else if (!sip_dialog_accept_remote_cseq(c->dialog, req)) {
        sip_phone_respond(phone, st, 500, NULL, NULL, NULL);
        return NULL;
    }
    return c;
}

static void request(SipPhone *phone, SipTransaction *st, const SipMessage *req)
{
    SipMethod method = sip_message_method(req);
    if (method == SIP_METHOD_ACK) {
        sip_call_ack(phone, req);
        return;
    }
    static const char *const content_types[] = { "application/sdp", "message/sipfrag", NULL };
    static const SipCheckOptions options = {
        .methods = SIP_METHOD_BIT(SIP_METHOD_INVITE) | SIP_METHOD_BIT(SIP_METHOD_ACK) |
                   SIP_METHOD_BIT(SIP_METHOD_BYE) | SIP_METHOD_BIT(SIP_METHOD_CANCEL) |
                   SIP_METHOD_BIT(SIP_METHOD_REFER) | SIP_METHOD_BIT(SIP_METHOD_NOTIFY),
        .content_types = content_types,
    };
    SipCheckResult check = { 0 };
    if (!sip_request_check(req, &options, &check)) {
        sip_phone_respond(phone, st, check.code, NULL, NULL, NULL);
        sip_check_result_clear(&check);
        return;
    }
    SipCall *c;
    switch (method) {
    case SIP_METHOD_INVITE:
        sip_call_incoming(phone, st, req);
        break;
    case SIP_METHOD_BYE:
        sip_call_bye(phone, st, req);
        break;
    case SIP_METHOD_CANCEL:
        sip_call_cancel(phone, st, req);
        break;
    case SIP_METHOD_REFER:
        if ((c = dialog_of(phone, st, req)))
            sip_call_refer_incoming(c, st, req);
        break;
    case SIP_METHOD_NOTIFY:
        if ((c = dialog_of(phone, st, req)))
            sip_call_notify_incoming(c, st, req);
        break;
    default:
        g_assert_not_reached(); /* the check answered 405 */
    }
}

static void core_request(gpointer core, SipStack *stack, SipTransaction *st, const SipMessage *req)
{
    SIM_COST_ENTER(phones);
    request(core, st, req);
    SIM_COST_LEAVE(phones);
}

static void core_response(gpointer core, SipStack *stack, SipTransaction *ct,
                          const SipMessage *resp)
{
    SipPhone *phone = core;
    SIM_COST_ENTER(phones);
    /* Every response comes through its proxy: what it asks of new requests. */
    sip_overload_response(&phone->overload, resp, sim_entity_now(&phone->entity));
    if (!ct)
        sip_call_stray_response(phone, resp);
    else if (is_register(resp))
        register_response(phone, ct, resp);
    else if (ct->tu)
        sip_call_response(ct->tu, ct, resp);
    SIM_COST_LEAVE(phones);
}

static void core_timeout(gpointer core, SipStack *stack, SipTransaction *t, SipTimer timer)
{
    SipPhone *phone = core;
    SIM_COST_ENTER(phones);
    if (is_register(sip_stack_request_of(t)))
        phone->stats.registration_failures++;
    else if (t->tu)
        sip_call_timeout(t->tu, t);
    SIM_COST_LEAVE(phones);
}

static void core_terminated(gpointer core, SipStack *stack, SipTransaction *t)
{
    SIM_COST_ENTER(phones);
    if (t->tu)
        sip_call_transaction_ended(t->tu, t);
    SIM_COST_LEAVE(phones);
}

static const SipCoreOps core_ops = {
    .request = core_request,
    .response = core_response,
    .timeout = core_timeout,
    .terminated = core_terminated,
};

/* ---- the entity ---- */

static void run_action(SipPhone *phone, const SipPhoneAction *a)
{
    switch (a->kind) {
    case SIP_PHONE_REGISTER:
        start_registration(phone, a->expires);
        break;
    case SIP_PHONE_CALL:
        sip_call_place(phone, a);
        break;
    case SIP_PHONE_HANGUP:
    case SIP_PHONE_HOLD:
    case SIP_PHONE_RESUME:
    case SIP_PHONE_TRANSFER: {
        SipCall *call = sip_phone_find_call(phone, a->call);
        if (!call)
            break;
        if (a->kind == SIP_PHONE_HANGUP)
            sip_call_hangup(call);
        else
            sip_call_act(call, a);
        break;
    }
    }
}

static void phone_start(SimEntity *self)
{
    SipPhone *phone = (SipPhone *) self;
    if (phone->config->nat.keepalive)
        phone->keepalive_timer =
            sip_phone_timer(phone, phone->config->nat.keepalive, PHONE_TIMER_KEEPALIVE, NULL);
    const SipPhoneConfig *c = phone->config;
    if (c->register_to > c->register_from) {
        double u = gsl_rng_uniform(sim_entity_rng(self));
        SimTime at =
            c->register_from + (SimTime) (u * (double) (c->register_to - c->register_from));
        sip_phone_timer(phone, at, PHONE_TIMER_REGISTER, NULL);
    }
    for (guint i = 0; i < phone->config->n_actions; i++)
        sip_phone_timer(phone, phone->config->actions[i].at, PHONE_TIMER_ACTION,
                        (gpointer) &phone->config->actions[i]);
}

static void phone_timer(SimEntity *self, guint32 kind, gpointer data)
{
    SipPhone *phone = (SipPhone *) self;
    if (phone->crashed) /* only its own timers are left: the calls' went with them */
        return;
    SIM_COST_ENTER(phones);
    if (kind == PHONE_TIMER_ACTION)
        run_action(phone, data);
    else if (kind == PHONE_TIMER_REFRESH)
        sip_phone_stun_sip(phone, register_now);
    else if (kind == PHONE_TIMER_KEEPALIVE)
        sip_phone_keepalive(phone);
    else if (kind == PHONE_TIMER_REGISTER)
        start_registration(phone, 0);
    else
        sip_call_timer(data, (CallTimer) kind);
    SIM_COST_LEAVE(phones);
}

/* The SIP port carries SIP and the answers to its STUN Bindings (RFC 5389 7.3 tells them
 * apart); the RTP port carries media and STUN for the media address. */
static void phone_receive(SimEntity *self, const NetDatagram *dg)
{
    SipPhone *phone = (SipPhone *) self;
    SIM_COST_ENTER(phones);
    if (dg->dst.port != SIP_DEFAULT_PORT)
        sip_phone_media_receive(phone, dg);
    else if (!stun_is_message(dg->data, dg->len))
        sip_stack_receive(phone->stack, dg);
    else if (phone->sip_stun)
        stun_client_receive(phone->sip_stun, dg);
    SIM_COST_LEAVE(phones);
}

/* Calls still up are reported as such (and stay counted as alive). */
static void phone_finish(SimEntity *self)
{
    SipPhone *phone = (SipPhone *) self;
    for (guint i = 0; i < phone->calls->len; i++)
        sip_call_finish(g_ptr_array_index(phone->calls, i));
}

static void phone_free(SimEntity *self)
{
    SipPhone *phone = (SipPhone *) self;
    while (phone->calls->len)
        sip_call_free(g_ptr_array_index(phone->calls, phone->calls->len - 1));
    g_ptr_array_unref(phone->calls);
    sip_stack_free(phone->stack);
    g_clear_pointer(&phone->sip_stun, stun_client_free);
    sip_phone_config_unref((SipPhoneConfig *) phone->config);
    g_free(phone->user);
    g_free(phone->aor);
    g_free(phone->contact);
    g_free(phone->reg_call_id);
    g_free(phone->reg_tag);
    sim_entity_clear(self);
    g_free(phone);
}

static const SimEntityClass phone_class = {
    .kind = "phone",
    .start = phone_start,
    .receive = phone_receive,
    .timer = phone_timer,
    .finish = phone_finish,
    .free = phone_free,
};

void sip_phone_action_copy(SipPhoneAction *dst, const SipPhoneAction *src)
{
    *dst = *src;
    dst->call = g_strdup(src->call);
    dst->target = g_strdup(src->target);
    dst->callee = g_strdup(src->callee);
    dst->replace = g_strdup(src->replace);
}

void sip_phone_action_clear(SipPhoneAction *a)
{
    g_free(a->call);
    g_free(a->target);
    g_free(a->callee);
    g_free(a->replace);
}

static void copy_config(SipPhoneConfig *dst, const SipPhoneConfig *src)
{
    *dst = *src;
    sim_distribution_copy(&dst->answer.ring, &src->answer.ring);
    sim_distribution_copy(&dst->answer.hangup_after, &src->answer.hangup_after);
    dst->account.user = g_strdup(src->account.user);
    dst->account.domain = g_strdup(src->account.domain);
    dst->account.password = g_strdup(src->account.password);
    dst->actions = g_new0(SipPhoneAction, src->n_actions);
    for (guint i = 0; i < src->n_actions; i++)
        sip_phone_action_copy(&dst->actions[i], &src->actions[i]);
}

void sip_phone_config_clear(SipPhoneConfig *config)
{
    g_free(config->account.user);
    g_free(config->account.domain);
    g_free(config->account.password);
    for (guint i = 0; i < config->n_actions; i++)
        sip_phone_action_clear(&config->actions[i]);
    g_free(config->actions);
    sim_distribution_clear(&config->answer.ring);
    sim_distribution_clear(&config->answer.hangup_after);
    memset(config, 0, sizeof *config);
}

SipPhoneConfig *sip_phone_config_share(const SipPhoneConfig *config)
{
    SipPhoneConfig *shared = g_rc_box_new0(SipPhoneConfig);
    copy_config(shared, config);
    g_clear_pointer(&shared->account.user, g_free);
    return shared;
}

void sip_phone_config_unref(SipPhoneConfig *shared)
{
    g_rc_box_release_full(shared, (GDestroyNotify) sip_phone_config_clear);
}

static gboolean dist_equal(const SimDistribution *a, const SimDistribution *b)
{
    return a->kind == b->kind && a->a == b->a && a->b == b->b && a->n == b->n &&
           (!a->n || (memcmp(a->values, b->values, a->n * sizeof *a->values) == 0 &&
                      memcmp(a->probs, b->probs, a->n * sizeof *a->probs) == 0));
}

static gboolean action_equal(const SipPhoneAction *a, const SipPhoneAction *b)
{
    return a->kind == b->kind && a->at == b->at && !g_strcmp0(a->call, b->call) &&
           !g_strcmp0(a->target, b->target) && !g_strcmp0(a->callee, b->callee) &&
           a->anonymous == b->anonymous && a->cancel_after == b->cancel_after &&
           a->hangup_after == b->hangup_after && a->expires == b->expires &&
           !g_strcmp0(a->replace, b->replace) && a->transfer_hangup == b->transfer_hangup;
}

/* Every field but the account's user: a field added to SipPhoneConfig is compared here. */
gboolean sip_phone_config_equal(const SipPhoneConfig *a, const SipPhoneConfig *b)
{
    const SipPhoneAccount *x = &a->account, *y = &b->account;
    const SipAnswerPolicy *p = &a->answer, *q = &b->answer;
    if (g_strcmp0(x->domain, y->domain) || g_strcmp0(x->password, y->password) ||
        x->proxy.ip != y->proxy.ip || x->proxy.port != y->proxy.port ||
        x->rtp_port != y->rtp_port || x->overload_control != y->overload_control ||
        !dist_equal(&p->ring, &q->ring) || p->code != q->code || p->busy != q->busy ||
        p->decline != q->decline || p->no_answer != q->no_answer || p->lines != q->lines ||
        p->bar_anonymous != q->bar_anonymous || !dist_equal(&p->hangup_after, &q->hangup_after) ||
        p->call_waiting != q->call_waiting || a->transfer.refuse != b->transfer.refuse ||
        a->transfer.call_after != b->transfer.call_after || a->nat.stun.ip != b->nat.stun.ip ||
        a->nat.stun.port != b->nat.stun.port || a->nat.keepalive != b->nat.keepalive ||
        a->nat.rtp_burst != b->nat.rtp_burst || a->timers.t1 != b->timers.t1 ||
        a->timers.t2 != b->timers.t2 || a->timers.t4 != b->timers.t4 ||
        a->timers.timer_d != b->timers.timer_d || a->timers.timer_c != b->timers.timer_c ||
        a->register_from != b->register_from || a->register_to != b->register_to ||
        a->n_actions != b->n_actions)
        return FALSE;
    for (guint i = 0; i < a->n_actions; i++)
        if (!action_equal(&a->actions[i], &b->actions[i]))
            return FALSE;
    return TRUE;
}

SimEntity *sip_phone_new(SimKernel *kernel, NetNode *node, const char *name, const char *user,
                         SipPhoneConfig *shared, const SipTrace *trace)
{
    SipPhone *phone = g_new0(SipPhone, 1);
    sim_entity_init(&phone->entity, &phone_class, kernel, name);
    phone->node = node;
    phone->trace = trace;
    phone->config = g_rc_box_acquire(shared);
    phone->user = g_strdup(user);
    phone->stack = sip_stack_new(kernel, node, SIP_DEFAULT_PORT, &phone->config->timers, trace,
                                 &core_ops, phone);
    SipPhoneAccount account = shared->account;
    account.user = phone->user;
    phone->aor = sip_phone_aor(&account);
    sip_phone_set_contact(phone, (NetEndpoint){ net_node_address(node), SIP_DEFAULT_PORT });
    if (shared->account.rtp_port != SIP_DEFAULT_PORT)
        net_node_bind(node, shared->account.rtp_port);
    phone->reg_call_id = sip_stack_new_call_id(phone->stack);
    phone->reg_tag = sip_stack_new_tag(phone->stack);
    phone->calls = g_ptr_array_new();
    net_node_set_entity(node, &phone->entity);
    return &phone->entity;
}

static SipPhone *as_phone(SimEntity *entity)
{
    return entity->klass == &phone_class ? (SipPhone *) entity : NULL;
}

void sip_phone_place_call(SimEntity *entity, const SipPhoneAction *call,
                          const SipPhoneAction *steps, guint n_steps)
{
    SipPhone *phone = as_phone(entity);
    if (phone->crashed)
        return;
    SIM_COST_ENTER(phones);
    SipPhoneAction *owned = g_new(SipPhoneAction, n_steps + 1);
    sip_phone_action_copy(&owned[0], call);
    for (guint i = 0; i < n_steps; i++)
        sip_phone_action_copy(&owned[i + 1], &steps[i]);
    sip_call_place_owned(phone, owned, n_steps + 1);
    SIM_COST_LEAVE(phones);
}

void sip_phone_crash(SimEntity *entity)
{
    SipPhone *phone = as_phone(entity);
    g_return_if_fail(phone);
    if (phone->crashed)
        return;
    phone->crashed = TRUE;
    sip_stack_forget_all(phone->stack);
    while (phone->calls->len)
        sip_call_free(g_ptr_array_index(phone->calls, phone->calls->len - 1));
    g_clear_pointer(&phone->sip_stun, stun_client_free);
    sim_kernel_cancel(entity->kernel, phone->refresh_timer);
    sim_kernel_cancel(entity->kernel, phone->keepalive_timer);
    phone->refresh_timer = phone->keepalive_timer = SIM_EVENT_NONE;
    net_node_set_entity(phone->node, NULL);
}

void sip_phone_boot(SimEntity *entity)
{
    SipPhone *phone = as_phone(entity);
    g_return_if_fail(phone);
    if (!phone->crashed)
        return;
    phone->crashed = FALSE;
    net_node_set_entity(phone->node, entity);
    /* A new registration Call-ID: the old one's CSeq is forgotten (RFC 3261 10.2.4). */
    g_free(phone->reg_call_id);
    phone->reg_call_id = sip_stack_new_call_id(phone->stack);
    phone->reg_cseq = 0;
    if (phone->config->nat.keepalive)
        phone->keepalive_timer =
            sip_phone_timer(phone, phone->config->nat.keepalive, PHONE_TIMER_KEEPALIVE, NULL);
    start_registration(phone, phone->reg_expires);
}

NetEndpoint sip_phone_public_sip(SimEntity *entity)
{
    return as_phone(entity)->public_sip;
}

void sip_phone_set_public_sip(SimEntity *entity, NetEndpoint at)
{
    sip_phone_set_contact(as_phone(entity), at);
}

const SipPhoneStats *sip_phone_stats(SimEntity *entity)
{
    SipPhone *phone = as_phone(entity);
    return phone ? &phone->stats : NULL;
}

const SipStackStats *sip_phone_stack_stats(SimEntity *entity)
{
    SipPhone *phone = as_phone(entity);
    return phone ? sip_stack_stats(phone->stack) : NULL;
}

guint sip_phone_live_calls(SimEntity *entity)
{
    return as_phone(entity)->calls->len;
}

guint sip_phone_live_subscriptions(SimEntity *entity)
{
    SipPhone *phone = as_phone(entity);
    guint n = 0;
    for (guint i = 0; i < phone->calls->len; i++)
        n += ((SipCall *) g_ptr_array_index(phone->calls, i))->refer.active;
    return n;
}

guint sip_phone_live_transactions(SimEntity *entity)
{
    return sip_stack_live_transactions(as_phone(entity)->stack);
}
