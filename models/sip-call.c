/* SPDX-License-Identifier: MIT */
/*
 * A call of a phone, from either side: the INVITE session (RFC 3261 sections 9, 12 to 15) and
 * its report when it ends. Its dialog lives on while a REFER subscription uses it (RFC 5057).
 */
#include <string.h>

#include "sip-phone-private.h"

SipCall *sip_call_new(SipPhone *phone, gboolean outgoing)
{
    SipCall *c = g_new0(SipCall, 1);
    c->phone = phone;
    c->outgoing = outgoing;
    c->start = sim_entity_now(&phone->entity);
    c->provisional = c->answered = c->ended = -1;
    g_ptr_array_add(phone->calls, c);
    return c;
}

void sip_call_stop_timer(SipCall *c, CallTimer t)
{
    sim_kernel_cancel(c->phone->entity.kernel, c->timers[t]);
    c->timers[t] = SIM_EVENT_NONE;
}

void sip_call_start_timer(SipCall *c, CallTimer t, SimTime delay)
{
    sip_call_stop_timer(c, t);
    c->timers[t] = sip_phone_timer(c->phone, delay, t, c);
}

void sip_call_free(SipCall *call)
{
    SipPhone *phone = call->phone;
    for (int t = 0; t < CALL_N_TIMERS; t++)
        sip_call_stop_timer(call, (CallTimer) t);
    g_ptr_array_remove(phone->calls, call);
    /* No other call may keep pointing here. */
    for (guint i = 0; i < phone->calls->len; i++) {
        SipCall *o = g_ptr_array_index(phone->calls, i);
        if (o->refer.placed == call)
            o->refer.placed = NULL;
        if (o->referred_by_call == call)
            o->referred_by_call = NULL;
        if (o->replacing == call)
            o->replacing = NULL;
    }
    sip_call_refer_free(call);
    sip_call_nat_free(call);
    g_queue_clear(&call->deferred);
    for (guint i = 0; i < call->n_owned; i++)
        sip_phone_action_clear(&call->owned[i]);
    g_free(call->owned);
    g_free(call->name);
    g_free(call->target);
    g_free(call->callee);
    g_free(call->call_id);
    g_free(call->local_tag);
    g_free(call->replaces);
    sip_dialog_free(call->dialog);
    sip_bytes_clear(&call->ack);
    sip_bytes_clear(&call->ok);
    if (call->local_sdp)
        sip_sdp_free(call->local_sdp);
    if (call->remote_sdp)
        sip_sdp_free(call->remote_sdp);
    if (call->offer)
        sip_sdp_free(call->offer);
    g_free(call);
}

void sip_call_release(SipCall *call)
{
    if (call->state == CALL_ENDED && !call->refer.active && call->transactions == 0)
        sip_call_free(call);
}

/* The caller reports each call once, when its session ends (or when the run ends with it up). */
static void report(SipCall *c)
{
    if (!c->outgoing || !sip_trace_active(c->phone->trace))
        return;
    SipCallEvent ev = {
        .call_id = c->call_id,
        .name = c->name,
        .caller = c->phone->entity.name,
        .callee = c->callee,
        .start = c->start,
        .provisional = c->provisional,
        .answered = c->answered,
        .ended = c->ended,
        .status = c->status,
        .status_source = c->status_source,
        .cancelled = c->cancel_wanted || c->cancelled,
    };
    sip_trace_call(c->phone->trace, &ev);
}

static void answer_next(SipPhone *phone, SipCall *ended);

void sip_call_end_session(SipCall *c)
{
    if (c->state == CALL_ENDED)
        return;
    c->state = CALL_ENDED;
    c->ended = sim_entity_now(&c->phone->entity);
    for (int t = 0; t < CALL_N_TIMERS; t++)
        if (t != CALL_TIMER_TRANSFER && t != CALL_TIMER_SUBSCRIPTION) /* they outlive a BYE */
            sip_call_stop_timer(c, (CallTimer) t);
    /* Our re-INVITE may wait in Proceeding for a 2xx that the other side, its session ended
     * too, no longer retransmits: as after a CANCEL (9.1), it is given up 64*T1 later. */
    if (c->reinvite)
        sip_call_start_timer(c, CALL_TIMER_CANCELLED, sip_timer_64t1(&c->phone->config->timers));
    sip_bytes_clear(&c->ok);
    sip_call_nat_free(c);
    if (c->outgoing && c->answered < 0)
        c->phone->stats.calls_failed++;
    report(c);
    sip_call_rtp_report(c);
    if (c->referred_by_call)
        sip_call_referred_outcome(c, c->status ? c->status : 487);
    answer_next(c->phone, c);
    sip_call_release(c);
}

void sip_call_finish(SipCall *call)
{
    if (call->state != CALL_ENDED) {
        report(call);
        sip_call_rtp_report(call);
    }
}

void sip_call_transaction_ended(SipCall *call, SipTransaction *t)
{
    if (call->invite == t)
        call->invite = NULL;
    if (call->reinvite == t)
        call->reinvite = NULL;
    if (call->ok_txn == t)
        call->ok_txn = NULL;
    call->transactions--;
    sip_call_release(call);
}

static SipTransaction *send_request(SipCall *c, NetEndpoint to, char *bytes, gsize len)
{
    SipTransaction *t = sip_stack_send_request(c->phone->stack, to, bytes, len, c);
    c->transactions++;
    return t;
}

/* ---- the caller ---- */

static void send_invite(SipCall *c, const SipMessage *challenge)
{
    SipPhone *phone = c->phone;
    gboolean anonymous = c->action && c->action->anonymous;
    SipWriter w;
    sip_writer_init_request(&w, SIP_STR("INVITE"), sip_str(c->target));
    sip_phone_write_via(phone, &w);
    sip_writer_max_forwards(&w, 70);
    /* RFC 3323: an anonymous caller hides its identity in From and asks for privacy. */
    if (anonymous)
        sip_writer_name_addr(&w, SIP_HDR_FROM, SIP_STR("Anonymous"),
                             SIP_STR("sip:anonymous@anonymous.invalid"), sip_str(c->local_tag));
    else
        sip_writer_name_addr(&w, SIP_HDR_FROM, (SipStr){ 0 }, sip_str(phone->aor),
                             sip_str(c->local_tag));
    sip_writer_name_addr(&w, SIP_HDR_TO, (SipStr){ 0 }, sip_str(c->target), (SipStr){ 0 });
    sip_writer_header(&w, SIP_HDR_CALL_ID, sip_str(c->call_id));
    sip_writer_cseq(&w, c->invite_cseq, SIP_STR("INVITE"));
    g_autofree char *contact = g_strdup_printf("<%s>", phone->contact);
    sip_writer_header(&w, SIP_HDR_CONTACT, sip_str(contact));
    if (anonymous)
        sip_writer_header(&w, SIP_HDR_PRIVACY, SIP_STR("id"));
    if (c->replaces)
        sip_writer_header(&w, SIP_HDR_REPLACES, sip_str(c->replaces));
    if (c->referred_by_call && c->referred_by_call->refer.referred_by)
        sip_writer_header(&w, SIP_HDR_REFERRED_BY, sip_str(c->referred_by_call->refer.referred_by));
    sip_writer_header(&w, SIP_HDR_ALLOW, SIP_STR("INVITE, ACK, CANCEL, BYE, REFER, NOTIFY"));
    if (challenge)
        sip_phone_write_credentials(phone, &w, sip_stack_request_of(c->invite), challenge);
    g_autofree char *sdp = sip_sdp_to_string(c->offer);
    sip_writer_body(&w, SIP_STR("application/sdp"), sip_str(sdp));
    gsize len;
    char *bytes = sip_writer_finish(&w, &len);
    c->invite = send_request(c, phone->config->account.proxy, bytes, len);
}

/* A new outgoing call to @target (a URI; headers after '?' go into the INVITE, RFC 3261 19.1.5:
 * only Replaces is used). */
static SipCall *place(SipPhone *phone, const char *target)
{
    SipCall *c = sip_call_new(phone, TRUE);
    const char *q = strchr(target, '?');
    c->target = q ? g_strndup(target, (gsize) (q - target)) : g_strdup(target);
    if (q && g_str_has_prefix(q + 1, "Replaces=")) {
        g_autofree char *value = g_strdup(q + 1 + strlen("Replaces="));
        char *amp = strchr(value, '&');
        if (amp)
            *amp = 0;
        c->replaces = g_uri_unescape_string(value, NULL);
    }
    c->call_id = sip_stack_new_call_id(phone->stack);
    c->local_tag = sip_stack_new_tag(phone->stack);
    c->invite_cseq = 1;
    phone->stats.calls_placed++;
    return c;
}

/* The INVITE goes once the call knows its public media address (or at once, without STUN);
 * unless the user hung up meanwhile: then the call ends before it started. */
static void invite(SipCall *c)
{
    if (c->cancel_wanted) {
        sip_call_end_session(c);
        return;
    }
    /* A new call its proxy asks to hold back (RFC 7339 5.10, RFC 3261 21.5.4) fails with 503
     * and sends nothing; it ends from an event, once whoever placed it is done with it. */
    SipPhone *phone = c->phone;
    if (!sip_overload_admit(&phone->overload, sim_entity_now(&phone->entity),
                            sim_entity_rng(&phone->entity))) {
        c->status = 503;
        c->status_source = SIP_CALL_STATUS_HELD_BACK;
        phone->stats.calls_refused++;
        sip_call_start_timer(c, CALL_TIMER_REFUSED, 0);
        return;
    }
    c->offer = sip_call_offer(c, SIP_SDP_SENDRECV);
    send_invite(c, NULL);
}

static void dial(SipCall *c)
{
    if (!sip_call_stun_media(c, invite))
        invite(c);
}

SipCall *sip_call_place(SipPhone *phone, const SipPhoneAction *action)
{
    SipCall *c = place(phone, action->target);
    c->name = g_strdup(action->call);
    c->action = action;
    c->callee = g_strdup(action->callee);
    dial(c);
    if (c->state != CALL_ENDED && action->cancel_after)
        sip_call_start_timer(c, CALL_TIMER_CANCEL, action->cancel_after);
    return c;
}

SipCall *sip_call_place_owned(SipPhone *phone, SipPhoneAction *actions, guint n)
{
    SipCall *c = place(phone, actions[0].target);
    c->owned = actions;
    c->n_owned = n;
    c->next_step = 1;
    c->name = g_strdup(actions[0].call);
    c->action = &actions[0];
    c->callee = g_strdup(actions[0].callee);
    dial(c);
    if (c->state != CALL_ENDED && actions[0].cancel_after)
        sip_call_start_timer(c, CALL_TIMER_CANCEL, actions[0].cancel_after);
    return c;
}

/* The next step of a traffic generator's call, @at after the answer. */
static void schedule_step(SipCall *c)
{
    if (c->next_step >= c->n_owned)
        return;
    SimTime at = c->answered + c->owned[c->next_step].at;
    SimTime now = sim_entity_now(&c->phone->entity);
    sip_call_start_timer(c, CALL_TIMER_STEP, at > now ? at - now : 0);
}

static void run_step(SipCall *c)
{
    const SipPhoneAction *a = &c->owned[c->next_step++];
    if (a->kind == SIP_PHONE_HANGUP)
        sip_call_hangup(c);
    else
        sip_call_act(c, a);
    schedule_step(c);
}

SipCall *sip_call_place_referred(SipPhone *phone, SipCall *referrer, const char *target)
{
    SipCall *c = place(phone, target);
    c->name = g_strdup_printf("%s-transfer", referrer->name ? referrer->name : "call");
    c->callee = g_strdup(c->target);
    c->referred_by_call = referrer;
    dial(c);
    return c;
}

/* 9.1: the CANCEL has the INVITE's Request-URI, top Via, From, To, Call-ID, CSeq number and
 * Route, and goes where the INVITE went. Only after a provisional response. */
static void send_cancel(SipCall *c)
{
    const SipMessage *inv = sip_stack_request_of(c->invite);
    SipWriter w;
    sip_writer_init_request(&w, SIP_STR("CANCEL"), sip_message_request_uri(inv)->text);
    sip_writer_header(&w, SIP_HDR_VIA, sip_message_via(inv, 0)->text);
    sip_writer_max_forwards(&w, 70);
    sip_writer_copy_headers(&w, inv, SIP_HDR_FROM);
    sip_writer_copy_headers(&w, inv, SIP_HDR_TO);
    sip_writer_copy_headers(&w, inv, SIP_HDR_CALL_ID);
    sip_writer_cseq(&w, sip_message_cseq(inv)->number, SIP_STR("CANCEL"));
    sip_writer_copy_headers(&w, inv, SIP_HDR_ROUTE);
    gsize len;
    char *bytes = sip_writer_finish(&w, &len);
    c->cancelled = TRUE;
    sip_stack_send_request(c->phone->stack, c->invite->peer, bytes, len, NULL);
    sip_call_start_timer(c, CALL_TIMER_CANCELLED, sip_timer_64t1(&c->phone->config->timers));
}

gboolean sip_call_send_in_dialog(SipCall *c, SipStr method, SipExtraHeaders extra, gpointer data)
{
    NetEndpoint hop;
    if (!sip_dialog_next_hop(c->dialog, &hop))
        return FALSE;
    SipWriter w;
    sip_dialog_start_request(c->dialog, &w, method);
    sip_phone_write_via(c->phone, &w);
    sip_dialog_write_headers(c->dialog, &w, method, ++c->dialog->local_cseq);
    if (extra)
        extra(c, &w, data);
    gsize len;
    char *bytes = sip_writer_finish(&w, &len);
    SipTransaction *t = send_request(c, hop, bytes, len);
    if (sip_str_equal(method, SIP_STR("INVITE")))
        c->reinvite = t;
    return TRUE;
}

static void send_bye(SipCall *c)
{
    c->state = CALL_ENDING;
    if (!sip_call_send_in_dialog(c, SIP_STR("BYE"), NULL, NULL))
        sip_call_end_session(c);
}

void sip_call_send_ack(SipCall *c, guint32 cseq)
{
    NetEndpoint hop;
    if (!sip_dialog_next_hop(c->dialog, &hop))
        return;
    SipWriter w;
    sip_dialog_start_request(c->dialog, &w, SIP_STR("ACK"));
    sip_phone_write_via(c->phone, &w);
    sip_dialog_write_headers(c->dialog, &w, SIP_STR("ACK"), cseq);
    gsize len;
    char *bytes = sip_writer_finish(&w, &len);
    sip_bytes_set(&c->ack, bytes, len);
    sip_stack_send_stateless(c->phone->stack, hop, bytes, len, FALSE);
}

/* 13.2.2.4: every 2xx is acknowledged, a retransmitted one with the same ACK again. */
static void resend_ack(SipCall *c)
{
    NetEndpoint hop;
    if (!c->ack.data || !sip_dialog_next_hop(c->dialog, &hop))
        return;
    sip_stack_send_stateless(c->phone->stack, hop, g_memdup2(c->ack.data, c->ack.len), c->ack.len,
                             TRUE);
}

static void invite_answered(SipCall *c, const SipMessage *resp)
{
    if (c->dialog) { /* a 2xx retransmitted, or from another fork: acknowledge it again */
        if (sip_dialog_matches_response(c->dialog, resp))
            resend_ack(c);
        return;
    }
    SipPhone *phone = c->phone;
    c->dialog = sip_dialog_new_uac(sip_stack_request_of(c->invite), resp);
    c->status = sip_message_status(resp);
    c->answered = sim_entity_now(&phone->entity);
    phone->stats.calls_answered++;
    sip_call_stop_timer(c, CALL_TIMER_CANCEL);
    sip_call_stop_timer(c, CALL_TIMER_CANCELLED);
    sip_call_send_ack(c, c->invite_cseq);
    sip_call_media_agreed(c, g_steal_pointer(&c->offer), resp, TRUE);
    c->state = CALL_CONFIRMED;
    sip_call_rtp_start(c);
    schedule_step(c);
    if (c->referred_by_call)
        sip_call_referred_outcome(c, c->status);
    /* 15: a 2xx that crossed our CANCEL; the call is answered but we wanted out. */
    if (c->cancelled || c->cancel_wanted)
        send_bye(c);
    else if (c->action && c->action->hangup_after)
        sip_call_start_timer(c, CALL_TIMER_HANGUP, c->action->hangup_after);
    sip_call_run_deferred(c);
}

static void invite_response(SipCall *c, SipTransaction *ct, const SipMessage *resp)
{
    guint code = sip_message_status(resp);
    if (code < 200) {
        if (c->provisional < 0)
            c->provisional = sim_entity_now(&c->phone->entity);
        if (c->state == CALL_INVITING)
            c->state = CALL_RINGING;
        if (c->cancel_wanted && !c->cancelled)
            send_cancel(c);
        return;
    }
    if (code < 300) {
        invite_answered(c, resp);
        return;
    }
    if (c->state == CALL_ENDED || ct != c->invite)
        return; /* a final response of an INVITE already replaced (sent again with credentials) */
    /* 22.2, 22.3: one retry with credentials, new CSeq, same Call-ID and tags. */
    if ((code == 401 || code == 407) && !c->auth_sent && c->phone->config->account.password) {
        c->auth_sent = TRUE;
        c->invite_cseq++;
        send_invite(c, resp);
        return;
    }
    c->status = code;
    sip_call_end_session(c);
}

/* 22.2: a request in the dialog that a proxy or the other side challenged (401, 407) goes again
 * once, with credentials and the next CSeq; FALSE when it already carried them. */
static gboolean retry_with_credentials(SipCall *c, SipTransaction *ct, const SipMessage *resp)
{
    guint code = sip_message_status(resp);
    if (code != 401 && code != 407)
        return FALSE; /* before asking for the request: an answered transaction has none */
    const SipMessage *req = sip_stack_request_of(ct);
    SipHeaderId answer = code == 407 ? SIP_HDR_PROXY_AUTHORIZATION : SIP_HDR_AUTHORIZATION;
    NetEndpoint hop;
    if (sip_message_find(req, answer) || !sip_dialog_next_hop(c->dialog, &hop))
        return FALSE;
    SipWriter w;
    SipStr method = sip_message_method_text(req);
    sip_writer_init_request(&w, method, sip_message_request_uri(req)->text);
    sip_phone_write_via(c->phone, &w);
    for (guint i = 0; i < sip_message_header_count(req); i++) {
        const SipHeader *h = sip_message_header(req, i);
        if (h->id != SIP_HDR_VIA && h->id != SIP_HDR_CSEQ && h->id != SIP_HDR_CONTENT_LENGTH &&
            h->id != SIP_HDR_CONTENT_TYPE)
            sip_writer_copy_header(&w, h);
    }
    sip_writer_cseq(&w, ++c->dialog->local_cseq, method);
    gboolean answered = sip_phone_write_credentials(c->phone, &w, req, resp);
    SipStr body = sip_message_body(req);
    if (body.len)
        sip_writer_body(&w, sip_message_value(req, SIP_HDR_CONTENT_TYPE), body);
    gsize len;
    char *bytes = sip_writer_finish(&w, &len);
    if (!answered) {
        g_free(bytes);
        return FALSE;
    }
    SipTransaction *t = send_request(c, hop, bytes, len);
    if (ct == c->reinvite)
        c->reinvite = t;
    return TRUE;
}

void sip_call_response(SipCall *call, SipTransaction *ct, const SipMessage *resp)
{
    const SipCSeq *cseq = sip_message_cseq(resp);
    if (call->dialog && ct != call->invite && retry_with_credentials(call, ct, resp))
        return;
    /* CSeq numbers count per direction: a callee's INVITEs are all re-INVITEs. */
    if (cseq->method == SIP_METHOD_INVITE && (!call->outgoing || cseq->number != call->invite_cseq))
        sip_call_reinvite_response(call, ct, resp);
    else if (cseq->method == SIP_METHOD_INVITE)
        invite_response(call, ct, resp);
    else if (cseq->method == SIP_METHOD_BYE && sip_message_status(resp) >= 200)
        sip_call_end_session(call); /* 15.1.1: any final response ends the session */
    else if (cseq->method == SIP_METHOD_REFER)
        sip_call_refer_response(call, resp);
}

/* A 2xx after its INVITE transaction ended: acknowledge it again (13.2.2.4). */
void sip_call_stray_response(SipPhone *phone, const SipMessage *resp)
{
    const SipCSeq *cseq = sip_message_cseq(resp);
    if (cseq->method != SIP_METHOD_INVITE || sip_message_status(resp) / 100 != 2)
        return;
    for (guint i = 0; i < phone->calls->len; i++) {
        SipCall *c = g_ptr_array_index(phone->calls, i);
        if (c->dialog && sip_dialog_matches_response(c->dialog, resp)) {
            resend_ack(c);
            return;
        }
    }
}

void sip_call_timeout(SipCall *call, SipTransaction *t)
{
    const SipMessage *req = sip_stack_request_of(t);
    SipMethod m = sip_message_method(req);
    if (m == SIP_METHOD_REFER) {
        sip_call_refer_response(call, NULL);
        return;
    }
    if (m == SIP_METHOD_NOTIFY)
        return; /* the subscription ends with its last NOTIFY, answered or not */
    if (t == call->invite && call->state < CALL_CONFIRMED) {
        call->status = 408; /* 8.1.3.1: a transaction timeout is a 408 */
        call->status_source = SIP_CALL_STATUS_TIMEOUT;
    }
    /* 14.1: a re-INVITE that times out ends the dialog, like a BYE that does (15.1.1). */
    if (t == call->reinvite && call->state == CALL_CONFIRMED) {
        send_bye(call);
        return;
    }
    sip_call_end_session(call);
}

/* Whether @c can take a hold, resume or transfer now. */
static gboolean ready(const SipCall *c)
{
    return c->state == CALL_CONFIRMED && !c->reinvite && !c->offer && !c->ok.data;
}

void sip_call_act(SipCall *call, const SipPhoneAction *a)
{
    if (call->state >= CALL_ENDING)
        return;
    if (!ready(call) || !g_queue_is_empty(&call->deferred)) {
        g_queue_push_tail(&call->deferred, (gpointer) a);
        return;
    }
    if (a->kind == SIP_PHONE_TRANSFER)
        sip_call_transfer(call, a);
    else
        sip_call_hold(call, a->kind == SIP_PHONE_HOLD);
}

void sip_call_run_deferred(SipCall *call)
{
    while (ready(call) && !g_queue_is_empty(&call->deferred)) {
        const SipPhoneAction *a = g_queue_pop_head(&call->deferred);
        if (a->kind == SIP_PHONE_TRANSFER)
            sip_call_transfer(call, a);
        else
            sip_call_hold(call, a->kind == SIP_PHONE_HOLD);
    }
}

void sip_call_hangup(SipCall *call)
{
    switch (call->state) {
    case CALL_INVITING:
        call->cancel_wanted = TRUE; /* 9.1: wait for a provisional response */
        break;
    case CALL_RINGING:
        if (call->outgoing) {
            call->cancel_wanted = TRUE;
            if (!call->cancelled)
                send_cancel(call);
        } else {
            sip_phone_respond(call->phone, call->invite, 603, call->local_tag, NULL, NULL);
            sip_call_end_session(call);
        }
        break;
    case CALL_CONFIRMED:
        send_bye(call);
        break;
    case CALL_ENDING:
    case CALL_ENDED:
        break;
    }
}

/* ---- the callee ---- */

/* RFC 3323: a caller who hides its identity. */
static gboolean anonymous(const SipMessage *invite)
{
    const SipNameAddr *from = sip_message_from(invite);
    SipStr privacy = sip_message_value(invite, SIP_HDR_PRIVACY);
    return sip_str_equal_ci(from->uri.host, SIP_STR("anonymous.invalid")) ||
           (privacy.s && (g_strstr_len(privacy.s, (gssize) privacy.len, "id") ||
                          g_strstr_len(privacy.s, (gssize) privacy.len, "user")));
}

void sip_call_send_2xx(SipCall *c, SipTransaction *st, const SipSdp *sdp)
{
    SipPhone *phone = c->phone;
    SipWriter w;
    sip_stack_response_init(st, &w, 200, (SipStr){ 0 }, sip_str(c->local_tag));
    sip_phone_copy_record_route(st, &w, 200);
    g_autofree char *contact = g_strdup_printf("<%s>", phone->contact);
    sip_writer_header(&w, SIP_HDR_CONTACT, sip_str(contact));
    sip_writer_header(&w, SIP_HDR_ALLOW, SIP_STR("INVITE, ACK, CANCEL, BYE, REFER, NOTIFY"));
    g_autofree char *body = sip_sdp_to_string(sdp);
    sip_writer_body(&w, SIP_STR("application/sdp"), sip_str(body));
    gsize len;
    char *bytes = sip_writer_finish(&w, &len);
    sip_bytes_set(&c->ok, bytes, len);
    c->ok_txn = st;
    c->ok_cseq = sip_message_cseq(sip_stack_request_of(st))->number;
    sip_stack_respond(phone->stack, st, bytes, len);
    c->ok_interval = phone->config->timers.t1;
    sip_call_start_timer(c, CALL_TIMER_2XX, c->ok_interval);
    sip_call_start_timer(c, CALL_TIMER_NO_ACK, sip_timer_64t1(&phone->config->timers));
}

static void answer_final(SipCall *c, guint code)
{
    SipPhone *phone = c->phone;
    if (code < 200) { /* 182 Queued and the like: the call waits, unanswered */
        sip_phone_respond(phone, c->invite, code, c->local_tag, NULL, NULL);
        return;
    }
    if (code >= 300) {
        sip_phone_respond(phone, c->invite, code, c->local_tag, NULL, NULL);
        sip_call_end_session(c);
        return;
    }
    const SipMessage *invite = sip_stack_request_of(c->invite);
    c->dialog = sip_dialog_new_uas(invite, c->local_tag);
    SipSdp *answer = sip_call_answer(c, invite);
    c->state = CALL_CONFIRMED;
    c->answered = sim_entity_now(&phone->entity);
    sip_call_send_2xx(c, c->invite, answer);
    sip_call_media_agreed(c, answer, invite, FALSE);
    sip_call_rtp_start(c);
}

/* Whether the phone has a call other than @c whose session is up. */
static gboolean in_another_call(const SipPhone *phone, const SipCall *c);
static guint other_calls(const SipPhone *phone, const SipCall *c);

/* After 100 Trying (and STUN, behind a NAT): how the phone answers a new call. */
static void answer_start(SipCall *c)
{
    SipPhone *phone = c->phone;
    const SipAnswerPolicy *policy = &phone->config->answer;
    if (c->replacing) {
        /* RFC 3891 3: the new call takes the place of the old one, which ends with a BYE; it
         * is answered once that BYE is done, without ringing. */
        if (c->replacing->state == CALL_ENDED) {
            c->replacing = NULL;
            answer_final(c, 200);
        } else {
            sip_call_hangup(c->replacing);
        }
        return;
    }
    /* All its lines taken: busy. */
    if (policy->lines && other_calls(phone, c) >= policy->lines) {
        answer_final(c, 486);
        return;
    }
    gsl_rng *rng = sim_entity_rng(&phone->entity);
    SimTime ring = sim_rng_round_ns(sim_distribution_sample(&policy->ring, rng));
    /* A phone without set lines in another call: busy, or call waiting (rings, then queued
     * until that call ends). */
    if (!policy->lines && in_another_call(phone, c)) {
        if (!policy->call_waiting) {
            answer_final(c, 486);
            return;
        }
        c->waiting = TRUE;
        sip_phone_respond(phone, c->invite, 180, c->local_tag, NULL, NULL);
        sip_call_start_timer(c, CALL_TIMER_RING, ring);
        return;
    }
    /* This call's answer: busy, declined, never answered, or the phone's code. */
    c->answer_code = policy->code;
    if (policy->busy + policy->decline + policy->no_answer > 0) {
        double u = gsl_rng_uniform(rng);
        if (u < policy->busy) {
            answer_final(c, 486);
            return;
        }
        c->answer_code = u < policy->busy + policy->decline                       ? 603
                         : u < policy->busy + policy->decline + policy->no_answer ? 0
                                                                                  : policy->code;
    }
    /* Refused at once (no ringing), or rings: for a while before its answer, or for ever. */
    if (policy->bar_anonymous && c->anonymous_caller) {
        answer_final(c, policy->bar_anonymous);
    } else if (c->answer_code && !ring) {
        answer_final(c, c->answer_code);
    } else {
        sip_phone_respond(phone, c->invite, 180, c->local_tag, NULL, NULL);
        if (c->answer_code)
            sip_call_start_timer(c, CALL_TIMER_RING, ring);
    }
}

/* How many of the phone's calls other than @c are ringing or up. */
static guint other_calls(const SipPhone *phone, const SipCall *c)
{
    guint n = 0;
    for (guint i = 0; i < phone->calls->len; i++) {
        const SipCall *o = g_ptr_array_index(phone->calls, i);
        n += o != c && o->state != CALL_ENDED;
    }
    return n;
}

/* Whether the phone has a call other than @c whose session is up. */
static gboolean in_another_call(const SipPhone *phone, const SipCall *c)
{
    for (guint i = 0; i < phone->calls->len; i++) {
        const SipCall *o = g_ptr_array_index(phone->calls, i);
        if (o != c && o->state == CALL_CONFIRMED)
            return TRUE;
    }
    return FALSE;
}

void sip_call_incoming(SipPhone *phone, SipTransaction *st, const SipMessage *invite)
{
    if (sip_str_is_set(sip_message_to(invite)->tag)) {
        SipCall *c = sip_phone_find_dialog(phone, invite);
        if (c && c->state == CALL_CONFIRMED) {
            st->tu = c;
            c->transactions++;
            sip_call_reinvite_incoming(c, st, invite);
        } else {
            sip_phone_respond(phone, st, 481, NULL, NULL, NULL);
        }
        return;
    }
    SipCall *replaced = NULL;
    if (sip_message_find(invite, SIP_HDR_REPLACES)) {
        replaced = sip_call_find_replaced(phone, invite);
        if (!replaced) { /* RFC 3891 3: nothing to replace */
            sip_phone_respond(phone, st, 481, NULL, NULL, NULL);
            return;
        }
    }
    SipCall *c = sip_call_new(phone, FALSE);
    c->name = g_strdup_printf("in-%" G_GUINT64_FORMAT, ++phone->incoming);
    c->call_id = sip_str_dup(sip_message_call_id(invite));
    c->invite_cseq = sip_message_cseq(invite)->number;
    c->local_tag = sip_stack_new_tag(phone->stack);
    c->invite = st;
    c->state = CALL_RINGING;
    st->tu = c;
    c->transactions++;
    phone->stats.calls_received++;
    sip_phone_respond(phone, st, 100, NULL, NULL, NULL);
    c->replacing = replaced;
    c->anonymous_caller = anonymous(invite);
    if (!sip_call_stun_media(c, answer_start))
        answer_start(c);
}

/* @ended's session is over: a call waiting to replace it answers now; else, once no other call
 * is up, the oldest waiting call gets the phone's answer, as if its user picked it up. */
static void answer_next(SipPhone *phone, SipCall *ended)
{
    for (guint i = 0; i < phone->calls->len; i++) {
        SipCall *c = g_ptr_array_index(phone->calls, i);
        if (c->replacing == ended && c->state == CALL_RINGING && !c->media_stun) {
            c->replacing = NULL;
            answer_final(c, 200);
            return;
        }
    }
    for (guint i = 0; i < phone->calls->len; i++) {
        SipCall *c = g_ptr_array_index(phone->calls, i);
        if (c->waiting && c->state == CALL_RINGING && !in_another_call(phone, c)) {
            c->waiting = FALSE;
            sip_call_stop_timer(c, CALL_TIMER_RING);
            if (phone->config->answer.code >= 200)
                answer_final(c, phone->config->answer.code);
            return;
        }
    }
}

/* The ACK of our 2xx: stop resending it. The ACK of the call's first 2xx starts the
 * callee's hangup timer. */
void sip_call_ack(SipPhone *phone, const SipMessage *ack)
{
    SipCall *c = sip_phone_find_dialog(phone, ack);
    guint32 cseq = sip_message_cseq(ack)->number;
    if (!c || !c->ok.data || cseq != c->ok_cseq)
        return;
    sip_call_stop_timer(c, CALL_TIMER_2XX);
    sip_call_stop_timer(c, CALL_TIMER_NO_ACK);
    sip_bytes_clear(&c->ok);
    const SimDistribution *hangup = &phone->config->answer.hangup_after;
    if (!c->outgoing && cseq == c->invite_cseq &&
        (hangup->kind != SIM_DIST_CONSTANT || hangup->a > 0))
        sip_call_start_timer(
            c, CALL_TIMER_HANGUP,
            sim_rng_round_ns(sim_distribution_sample(hangup, sim_entity_rng(&phone->entity))));
    sip_call_run_deferred(c);
}

/* 15.1.2: answer 200 and end the session; 481 for no such dialog. */
void sip_call_bye(SipPhone *phone, SipTransaction *st, const SipMessage *bye)
{
    SipCall *c = sip_phone_find_dialog(phone, bye);
    if (!c || c->state == CALL_ENDED) {
        sip_phone_respond(phone, st, 481, NULL, NULL, NULL);
        return;
    }
    if (!sip_dialog_accept_remote_cseq(c->dialog, bye)) {
        sip_phone_respond(phone, st, 500, NULL, NULL, NULL);
        return;
    }
    sip_phone_respond(phone, st, 200, NULL, NULL, NULL);
    sip_call_end_session(c);
}

/* 9.2: 200 to the CANCEL; if the INVITE is still unanswered, 487 to it. */
void sip_call_cancel(SipPhone *phone, SipTransaction *st, const SipMessage *cancel)
{
    SipTransaction *ist = sip_stack_find_invite(phone->stack, cancel);
    if (!ist) {
        sip_phone_respond(phone, st, 481, NULL, NULL, NULL);
        return;
    }
    SipCall *c = ist->tu;
    /* The same To tag as the INVITE's response (9.2). */
    sip_phone_respond(phone, st, 200, c ? c->local_tag : NULL, NULL, NULL);
    if (c && c->state == CALL_RINGING && ist == c->invite) {
        sip_phone_respond(phone, ist, 487, c->local_tag, NULL, NULL);
        sip_call_end_session(c);
    }
}

void sip_call_timer(SipCall *c, CallTimer timer)
{
    SipPhone *phone = c->phone;
    c->timers[timer] = SIM_EVENT_NONE;
    switch (timer) {
    case CALL_TIMER_RING:
        answer_final(c, c->waiting ? 182 : c->answer_code);
        break;
    case CALL_TIMER_RTP:
        sip_call_rtp_next(c);
        break;
    case CALL_TIMER_STEP:
        run_step(c);
        break;
    case CALL_TIMER_REFUSED:
        sip_call_end_session(c);
        break;
    case CALL_TIMER_CANCEL:
    case CALL_TIMER_HANGUP:
        sip_call_hangup(c);
        break;
    case CALL_TIMER_2XX:
        if (c->ok_txn && c->ok.data) {
            sip_stack_respond(phone->stack, c->ok_txn, g_memdup2(c->ok.data, c->ok.len), c->ok.len);
            c->ok_interval = MIN(2 * c->ok_interval, phone->config->timers.t2);
            sip_call_start_timer(c, CALL_TIMER_2XX, c->ok_interval);
        }
        break;
    case CALL_TIMER_NO_ACK:
        /* 13.3.1.4: no ACK for 64*T1: the session ends with a BYE. */
        sip_call_stop_timer(c, CALL_TIMER_2XX);
        sip_bytes_clear(&c->ok);
        send_bye(c);
        break;
    case CALL_TIMER_CANCELLED:
        /* 9.1: no final response 64*T1 after the CANCEL: the INVITE is given up. */
        if (c->invite && c->state < CALL_CONFIRMED) {
            sip_stack_abandon(phone->stack, c->invite);
            sip_call_end_session(c);
        } else if (c->reinvite && c->state == CALL_ENDED) {
            sip_stack_abandon(phone->stack, c->reinvite); /* may free the call */
        }
        break;
    case CALL_TIMER_GLARE:
        sip_call_hold(c, c->glare_hold);
        break;
    case CALL_TIMER_TRANSFER:
        if (c->refer.active && c->refer.refer_to && !c->refer.placed)
            c->refer.placed = sip_call_place_referred(phone, c, c->refer.refer_to);
        break;
    case CALL_TIMER_SUBSCRIPTION:
        sip_call_subscription_expired(c);
        break;
    case CALL_N_TIMERS:
        g_assert_not_reached();
    }
}
