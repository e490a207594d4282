/* SPDX-License-Identifier: MIT */
/*
 * A call of a phone, from either side: the INVITE dialog (RFC 3261 sections 9, 12 to 15), the
 * SDP offer and answer (RFC 3264), and the report of the call when it ends.
 */
#include <string.h>

#include "sip-phone-private.h"

static const SipSdpCodec codecs[] = { { 0, "PCMU/8000" }, { 8, "PCMA/8000" } };

/* What the phone brings to a session: one audio stream on its address. */
static SipSdpLocal local_media(SipPhone *phone, char *ip)
{
    return (SipSdpLocal){
        .username = phone->config.account.user,
        .session_id = phone->incoming + phone->stats.calls_placed + 1,
        .address = net_ip_format(net_node_address(phone->node), ip),
        .port = phone->config.account.rtp_port,
        .codecs = codecs,
        .n_codecs = G_N_ELEMENTS(codecs),
    };
}

static SipSdp *local_offer(SipPhone *phone)
{
    char ip[NET_IP_BUF];
    SipSdpLocal local = local_media(phone, ip);
    return sip_sdp_offer_new(&local, SIP_SDP_SENDRECV);
}

static SipSdp *local_answer(SipPhone *phone, const SipMessage *invite)
{
    SipStr body = sip_message_body(invite);
    g_autoptr(SipSdp) offer = body.len ? sip_sdp_parse(body.s, body.len, NULL) : NULL;
    if (!offer)
        return local_offer(phone); /* no offer in the INVITE: the 2xx offers (13.2.1) */
    char ip[NET_IP_BUF];
    SipSdpLocal local = local_media(phone, ip);
    return sip_sdp_answer_new(&local, offer, SIP_SDP_SENDRECV);
}

static SipCall *call_new(SipPhone *phone, gboolean outgoing)
{
    SipCall *c = g_new0(SipCall, 1);
    c->phone = phone;
    c->outgoing = outgoing;
    c->start = sim_entity_now(&phone->entity);
    c->provisional = c->answered = c->ended = -1;
    g_ptr_array_add(phone->calls, c);
    return c;
}

static void stop_timer(SipCall *c, CallTimer t)
{
    sim_kernel_cancel(c->phone->entity.kernel, c->timers[t]);
    c->timers[t] = SIM_EVENT_NONE;
}

static void start_timer(SipCall *c, CallTimer t, SimTime delay)
{
    stop_timer(c, t);
    c->timers[t] = sip_phone_timer(c->phone, delay, t, c);
}

void sip_call_free(SipCall *call)
{
    for (int t = 0; t < CALL_N_TIMERS; t++)
        stop_timer(call, (CallTimer) t);
    g_ptr_array_remove(call->phone->calls, call);
    g_free(call->name);
    g_free(call->callee);
    g_free(call->call_id);
    g_free(call->local_tag);
    sip_dialog_free(call->dialog);
    sip_bytes_clear(&call->ack);
    sip_bytes_clear(&call->ok);
    if (call->local_sdp)
        sip_sdp_free(call->local_sdp);
    g_free(call);
}

/* The caller reports each call once, when it ends (or when the run ends with it up). */
static void report(SipCall *c)
{
    if (!c->outgoing || !sip_trace_active(c->phone->trace))
        return;
    SipCallEvent ev = {
        .call_id = c->call_id,
        .caller = c->phone->entity.name,
        .callee = c->callee,
        .start = c->start,
        .provisional = c->provisional,
        .answered = c->answered,
        .ended = c->ended,
        .status = c->status,
    };
    sip_trace_call(c->phone->trace, &ev);
}

static void end_call(SipCall *c)
{
    if (c->state == CALL_ENDED)
        return;
    c->state = CALL_ENDED;
    c->ended = sim_entity_now(&c->phone->entity);
    for (int t = 0; t < CALL_N_TIMERS; t++)
        stop_timer(c, (CallTimer) t);
    if (c->outgoing && c->answered < 0)
        c->phone->stats.calls_failed++;
    report(c);
    if (c->transactions == 0)
        sip_call_free(c);
}

void sip_call_finish(SipCall *call)
{
    if (call->state != CALL_ENDED)
        report(call);
}

void sip_call_transaction_ended(SipCall *call, SipTransaction *t)
{
    if (call->invite == t)
        call->invite = NULL;
    if (--call->transactions == 0 && call->state == CALL_ENDED)
        sip_call_free(call);
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
    const SipPhoneAction *a = c->action;
    SipWriter w;
    sip_writer_init_request(&w, SIP_STR("INVITE"), sip_str(a->target));
    sip_phone_write_via(phone, &w);
    sip_writer_max_forwards(&w, 70);
    /* RFC 3323: an anonymous caller hides its identity in From and asks for privacy. */
    if (a->anonymous)
        sip_writer_name_addr(&w, SIP_HDR_FROM, SIP_STR("Anonymous"),
                             SIP_STR("sip:anonymous@anonymous.invalid"), sip_str(c->local_tag));
    else
        sip_writer_name_addr(&w, SIP_HDR_FROM, (SipStr){ 0 }, sip_str(phone->aor),
                             sip_str(c->local_tag));
    sip_writer_name_addr(&w, SIP_HDR_TO, (SipStr){ 0 }, sip_str(a->target), (SipStr){ 0 });
    sip_writer_header(&w, SIP_HDR_CALL_ID, sip_str(c->call_id));
    sip_writer_cseq(&w, c->invite_cseq, SIP_STR("INVITE"));
    g_autofree char *contact = g_strdup_printf("<%s>", phone->contact);
    sip_writer_header(&w, SIP_HDR_CONTACT, sip_str(contact));
    if (a->anonymous)
        sip_writer_header(&w, SIP_HDR_PRIVACY, SIP_STR("id"));
    sip_writer_header(&w, SIP_HDR_ALLOW, SIP_STR("INVITE, ACK, CANCEL, BYE"));
    if (challenge)
        sip_phone_write_credentials(phone, &w, sip_stack_request_of(c->invite), challenge);
    g_autofree char *sdp = sip_sdp_to_string(c->local_sdp);
    sip_writer_body(&w, SIP_STR("application/sdp"), sip_str(sdp));
    gsize len;
    char *bytes = sip_writer_finish(&w, &len);
    c->invite = send_request(c, phone->config.account.proxy, bytes, len);
}

SipCall *sip_call_place(SipPhone *phone, const SipPhoneAction *action)
{
    SipCall *c = call_new(phone, TRUE);
    c->name = g_strdup(action->call);
    c->action = action;
    c->callee = g_strdup(action->callee);
    c->call_id = sip_stack_new_call_id(phone->stack);
    c->local_tag = sip_stack_new_tag(phone->stack);
    c->invite_cseq = 1;
    c->local_sdp = local_offer(phone);
    phone->stats.calls_placed++;
    send_invite(c, NULL);
    if (action->cancel_after)
        start_timer(c, CALL_TIMER_CANCEL, action->cancel_after);
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
    start_timer(c, CALL_TIMER_CANCELLED, sip_timer_64t1(&c->phone->config.timers));
}

/* A request inside the call's dialog; the caller gets its client transaction. */
static gboolean send_in_dialog(SipCall *c, SipStr method)
{
    NetEndpoint hop;
    if (!sip_dialog_next_hop(c->dialog, &hop))
        return FALSE;
    SipWriter w;
    sip_dialog_start_request(c->dialog, &w, method);
    sip_phone_write_via(c->phone, &w);
    sip_dialog_write_headers(c->dialog, &w, method, ++c->dialog->local_cseq);
    gsize len;
    char *bytes = sip_writer_finish(&w, &len);
    send_request(c, hop, bytes, len);
    return TRUE;
}

static void send_bye(SipCall *c)
{
    c->state = CALL_ENDING;
    if (!send_in_dialog(c, SIP_STR("BYE")))
        end_call(c);
}

/* 13.2.2.4: the ACK of a 2xx is built by the core, in the dialog, with the INVITE's CSeq. */
static void send_ack(SipCall *c)
{
    NetEndpoint hop;
    if (!sip_dialog_next_hop(c->dialog, &hop))
        return;
    SipWriter w;
    sip_dialog_start_request(c->dialog, &w, SIP_STR("ACK"));
    sip_phone_write_via(c->phone, &w);
    sip_dialog_write_headers(c->dialog, &w, SIP_STR("ACK"), c->invite_cseq);
    gsize len;
    char *bytes = sip_writer_finish(&w, &len);
    sip_bytes_set(&c->ack, bytes, len);
    sip_stack_send_stateless(c->phone->stack, hop, bytes, len, FALSE);
}

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
    stop_timer(c, CALL_TIMER_CANCEL);
    stop_timer(c, CALL_TIMER_CANCELLED);
    send_ack(c);
    c->state = CALL_CONFIRMED;
    /* 15: a 2xx that crossed our CANCEL; the call is answered but we wanted out. */
    if (c->cancelled || c->cancel_wanted)
        send_bye(c);
    else if (c->action->hangup_after)
        start_timer(c, CALL_TIMER_HANGUP, c->action->hangup_after);
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
    if ((code == 401 || code == 407) && !c->auth_sent && c->phone->config.account.password) {
        c->auth_sent = TRUE;
        c->invite_cseq++;
        send_invite(c, resp);
        return;
    }
    c->status = code;
    end_call(c);
}

void sip_call_response(SipCall *call, SipTransaction *ct, const SipMessage *resp)
{
    const SipCSeq *cseq = sip_message_cseq(resp);
    if (cseq->method == SIP_METHOD_INVITE)
        invite_response(call, ct, resp);
    else if (cseq->method == SIP_METHOD_BYE && sip_message_status(resp) >= 200)
        end_call(call); /* 15.1.1: any final response ends the dialog */
}

/* A 2xx after its INVITE transaction ended: acknowledge it again (13.2.2.4). */
void sip_call_stray_response(SipPhone *phone, const SipMessage *resp)
{
    const SipCSeq *cseq = sip_message_cseq(resp);
    if (cseq->method != SIP_METHOD_INVITE || sip_message_status(resp) / 100 != 2)
        return;
    for (guint i = 0; i < phone->calls->len; i++) {
        SipCall *c = g_ptr_array_index(phone->calls, i);
        if (c->outgoing && c->dialog && sip_dialog_matches_response(c->dialog, resp)) {
            resend_ack(c);
            return;
        }
    }
}

void sip_call_timeout(SipCall *call, SipTransaction *t)
{
    if (t == call->invite && call->state < CALL_CONFIRMED)
        call->status = 408; /* 8.1.3.1: a transaction timeout is a 408 */
    end_call(call);
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
            end_call(call);
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

static void answer_final(SipCall *c, guint code)
{
    SipPhone *phone = c->phone;
    if (code >= 300) {
        sip_phone_respond(phone, c->invite, code, c->local_tag, NULL, NULL);
        end_call(c);
        return;
    }
    /* 13.3.1.4: accept, then resend the 2xx (T1 doubling up to T2) until the ACK comes. */
    const SipMessage *invite = sip_stack_request_of(c->invite);
    c->dialog = sip_dialog_new_uas(invite, c->local_tag);
    c->local_sdp = local_answer(phone, invite);
    SipWriter w;
    sip_stack_response_init(c->invite, &w, code, (SipStr){ 0 }, sip_str(c->local_tag));
    sip_phone_copy_record_route(c->invite, &w, code);
    g_autofree char *contact = g_strdup_printf("<%s>", phone->contact);
    sip_writer_header(&w, SIP_HDR_CONTACT, sip_str(contact));
    sip_writer_header(&w, SIP_HDR_ALLOW, SIP_STR("INVITE, ACK, CANCEL, BYE"));
    g_autofree char *sdp = sip_sdp_to_string(c->local_sdp);
    sip_writer_body(&w, SIP_STR("application/sdp"), sip_str(sdp));
    gsize len;
    char *bytes = sip_writer_finish(&w, &len);
    sip_bytes_set(&c->ok, bytes, len);
    c->state = CALL_CONFIRMED;
    c->answered = sim_entity_now(&phone->entity);
    sip_stack_respond(phone->stack, c->invite, bytes, len);
    c->ok_interval = phone->config.timers.t1;
    start_timer(c, CALL_TIMER_2XX, c->ok_interval);
    start_timer(c, CALL_TIMER_NO_ACK, sip_timer_64t1(&phone->config.timers));
}

void sip_call_incoming(SipPhone *phone, SipTransaction *st, const SipMessage *invite)
{
    if (sip_str_is_set(sip_message_to(invite)->tag)) {
        sip_phone_respond(phone, st, 481, NULL, NULL, NULL); /* re-INVITEs come with issue 4 */
        return;
    }
    const SipAnswerPolicy *policy = &phone->config.answer;
    SipCall *c = call_new(phone, FALSE);
    c->name = g_strdup_printf("in-%" G_GUINT64_FORMAT, ++phone->incoming);
    c->call_id = sip_str_dup(sip_message_call_id(invite));
    c->local_tag = sip_stack_new_tag(phone->stack);
    c->invite = st;
    c->state = CALL_RINGING;
    st->tu = c;
    c->transactions++;
    phone->stats.calls_received++;
    sip_phone_respond(phone, st, 100, NULL, NULL, NULL);
    /* Refused at once (no ringing), or rings: for a while before its answer, or for ever. */
    if (policy->bar_anonymous && anonymous(invite)) {
        answer_final(c, policy->bar_anonymous);
    } else if (policy->code && !policy->ring) {
        answer_final(c, policy->code);
    } else {
        sip_phone_respond(phone, st, 180, c->local_tag, NULL, NULL);
        if (policy->code)
            start_timer(c, CALL_TIMER_RING, policy->ring);
    }
}

static SipCall *find_by_dialog(SipPhone *phone, const SipMessage *req)
{
    for (guint i = 0; i < phone->calls->len; i++) {
        SipCall *c = g_ptr_array_index(phone->calls, i);
        if (c->dialog && c->state != CALL_ENDED && sip_dialog_matches_request(c->dialog, req))
            return c;
    }
    return NULL;
}

/* The ACK of our 2xx: stop resending it. */
void sip_call_ack(SipPhone *phone, const SipMessage *ack)
{
    SipCall *c = find_by_dialog(phone, ack);
    if (!c || c->outgoing || !c->ok.data)
        return;
    stop_timer(c, CALL_TIMER_2XX);
    stop_timer(c, CALL_TIMER_NO_ACK);
    sip_bytes_clear(&c->ok);
    if (phone->config.answer.hangup_after)
        start_timer(c, CALL_TIMER_HANGUP, phone->config.answer.hangup_after);
}

/* 15.1.2: answer 200 and end the session; 481 for no such dialog. */
void sip_call_bye(SipPhone *phone, SipTransaction *st, const SipMessage *bye)
{
    SipCall *c = find_by_dialog(phone, bye);
    if (!c) {
        sip_phone_respond(phone, st, 481, NULL, NULL, NULL);
        return;
    }
    if (!sip_dialog_accept_remote_cseq(c->dialog, bye)) {
        sip_phone_respond(phone, st, 500, NULL, NULL, NULL);
        return;
    }
    sip_phone_respond(phone, st, 200, NULL, NULL, NULL);
    end_call(c);
}

/* 9.2: 200 to the CANCEL; if the INVITE is still unanswered, 487 to it. */
void sip_call_cancel(SipPhone *phone, SipTransaction *st, const SipMessage *cancel)
{
    SipTransaction *ist = sip_stack_find_invite(phone->stack, cancel);
    if (!ist) {
        sip_phone_respond(phone, st, 481, NULL, NULL, NULL);
        return;
    }
    sip_phone_respond(phone, st, 200, NULL, NULL, NULL);
    SipCall *c = ist->tu;
    if (c && c->state == CALL_RINGING) {
        sip_phone_respond(phone, ist, 487, c->local_tag, NULL, NULL);
        end_call(c);
    }
}

void sip_call_timer(SipCall *c, CallTimer timer)
{
    SipPhone *phone = c->phone;
    c->timers[timer] = SIM_EVENT_NONE;
    switch (timer) {
    case CALL_TIMER_RING:
        answer_final(c, phone->config.answer.code);
        break;
    case CALL_TIMER_CANCEL:
    case CALL_TIMER_HANGUP:
        sip_call_hangup(c);
        break;
    case CALL_TIMER_2XX:
        if (c->invite && c->ok.data) {
            sip_stack_respond(phone->stack, c->invite, g_memdup2(c->ok.data, c->ok.len), c->ok.len);
            c->ok_interval = MIN(2 * c->ok_interval, phone->config.timers.t2);
            start_timer(c, CALL_TIMER_2XX, c->ok_interval);
        }
        break;
    case CALL_TIMER_CANCELLED:
        /* 9.1: no final response 64*T1 after the CANCEL: the INVITE is given up. */
        if (c->invite && c->state < CALL_CONFIRMED) {
            sip_stack_abandon(phone->stack, c->invite);
            end_call(c);
        }
        break;
    case CALL_TIMER_NO_ACK:
        /* 13.3.1.4: no ACK for 64*T1: the session ends with a BYE. */
        stop_timer(c, CALL_TIMER_2XX);
        sip_bytes_clear(&c->ok);
        send_bye(c);
        break;
    case CALL_N_TIMERS:
        g_assert_not_reached();
    }
}
