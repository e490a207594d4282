/* SPDX-License-Identifier: MIT */
/*
 * The media of a call: the SDP offer and answer (RFC 3264), hold and resume by re-INVITE
 * (RFC 3264 8.4, RFC 6337: "sendonly" to hold, "inactive" when both sides hold, "sendrecv" to
 * resume, each new description with a higher version), and glare (RFC 3261 14).
 */
#include "sip-phone-private.h"

#include "sim-cost.h"

static const SipSdpCodec codecs[] = { { 0, "PCMU/8000" }, { 8, "PCMA/8000" } };

/* What the phone brings to the call's session: one audio stream on its address. Each call's
 * session has its own id (RFC 4566 5.2), the same in every version. */
static SipSdpLocal local_media(SipCall *c, char *ip)
{
    SipPhone *phone = c->phone;
    if (!c->sdp_session)
        c->sdp_session = ++phone->sdp_sessions;
    return (SipSdpLocal){
        .username = phone->user,
        .session_id = c->sdp_session,
        .address = net_ip_format(
            c->media_public.port ? c->media_public.ip : net_node_address(phone->node), ip),
        .port = c->media_public.port ? c->media_public.port : phone->config->account.rtp_port,
        .codecs = codecs,
        .n_codecs = G_N_ELEMENTS(codecs),
    };
}

SipSdp *sip_call_offer(SipCall *c, SipSdpDirection direction)
{
    char ip[NET_IP_BUF];
    SipSdpLocal local = local_media(c, ip);
    SipSdp *offer = sip_sdp_offer_new(&local, direction);
    if (c->local_sdp) /* the same session, its next version (RFC 3264 8) */
        sip_sdp_set_previous(offer, c->local_sdp);
    return offer;
}

SipSdp *sip_call_answer(SipCall *c, const SipMessage *request)
{
    SipSdpDirection wish = c->holding ? SIP_SDP_SENDONLY : SIP_SDP_SENDRECV;
    SipStr body = sip_message_body(request);
    SIM_COST_ENTER(parse);
    g_autoptr(SipSdp) offer = body.len ? sip_sdp_parse(body.s, body.len, NULL) : NULL;
    SIM_COST_LEAVE(parse);
    if (!offer)
        return sip_call_offer(c, wish); /* no offer in the request: ours goes in the 2xx */
    char ip[NET_IP_BUF];
    SipSdpLocal local = local_media(c, ip);
    SipSdp *answer = sip_sdp_answer_new(&local, offer, wish);
    if (c->local_sdp)
        sip_sdp_set_previous(answer, c->local_sdp);
    return answer;
}

/* Our direction in the last exchange, sendrecv before any. */
static SipSdpDirection local_direction(const SipCall *c)
{
    return c->local_sdp && c->local_sdp->media->len ? sip_sdp_media_direction(c->local_sdp, 0)
                                                    : SIP_SDP_SENDRECV;
}

void sip_call_media_agreed(SipCall *c, SipSdp *local, const SipMessage *remote, gboolean we_offered)
{
    SipStr body = sip_message_body(remote);
    SIM_COST_ENTER(parse);
    SipSdp *peer = body.len ? sip_sdp_parse(body.s, body.len, NULL) : NULL;
    SIM_COST_LEAVE(parse);
    if (c->local_sdp)
        sip_sdp_free(c->local_sdp);
    c->local_sdp = local;
    if (!peer)
        return;
    if (c->remote_sdp)
        sip_sdp_free(c->remote_sdp);
    /* Only the media check reads it again (sip_call_rtp_start): without it, it goes once read
     * here, rather than stay with the call. */
    g_autoptr(SipSdp) unused = c->phone->config->nat.rtp_burst ? NULL : peer;
    c->remote_sdp = unused ? NULL : peer;
    SipSdpMediaState m;
    if (we_offered)
        sip_sdp_media_state(local, peer, &m);
    else
        sip_sdp_media_state(peer, local, &m);
    if (!sip_trace_active(c->phone->trace))
        return;
    SipMediaEvent ev = {
        .time = sim_entity_now(&c->phone->entity),
        .node = c->phone->node,
        .call_id = c->call_id,
        .direction = sip_sdp_direction_name(we_offered ? m.offerer : m.answerer),
        .remote_address = we_offered ? m.answerer_address : m.offerer_address,
        .remote_port = we_offered ? m.answerer_port : m.offerer_port,
        .local_version = local->session_version,
        .remote_version = peer->session_version,
    };
    sip_trace_media(c->phone->trace, &ev);
}

static void write_offer(SipCall *c, SipWriter *w, gpointer data)
{
    g_autofree char *contact = g_strdup_printf("<%s>", c->phone->contact);
    sip_writer_header(w, SIP_HDR_CONTACT, sip_str(contact));
    g_autofree char *sdp = sip_sdp_to_string(c->offer);
    sip_writer_body(w, SIP_STR("application/sdp"), sip_str(sdp));
}

/* A re-INVITE with the next version of our description, sendonly (or inactive) to hold,
 * sendrecv (or recvonly) to resume: RFC 6337 5.3. One at a time (14.1). */
void sip_call_hold(SipCall *c, gboolean hold)
{
    if (c->state != CALL_CONFIRMED || c->reinvite || c->offer)
        return;
    c->holding = hold;
    c->offer = sip_call_offer(c, sip_sdp_hold_direction(local_direction(c), hold));
    if (!sip_call_send_in_dialog(c, SIP_STR("INVITE"), write_offer, NULL)) {
        sip_sdp_free(g_steal_pointer(&c->offer));
        return;
    }
}

void sip_call_reinvite_response(SipCall *c, SipTransaction *ct, const SipMessage *resp)
{
    guint code = sip_message_status(resp);
    guint32 cseq = sip_message_cseq(resp)->number;
    if (code < 200)
        return;
    if (ct == c->reinvite)
        c->reinvite = NULL; /* answered: another may follow (14.1) */
    if (code < 300) {
        if (!c->offer) { /* a retransmitted 2xx: its ACK again (13.2.2.4) */
            sip_call_send_ack(c, cseq);
            return;
        }
        sip_call_send_ack(c, cseq);
        sip_call_media_agreed(c, g_steal_pointer(&c->offer), resp, TRUE);
        sip_call_run_deferred(c);
        return;
    }
    /* The exchange failed: the session goes on as it was. */
    if (c->offer)
        sip_sdp_free(g_steal_pointer(&c->offer));
    gboolean wanted = c->holding;
    c->holding = !wanted;
    SipStr retry_after = sip_message_value(resp, SIP_HDR_RETRY_AFTER);
    if (code == 491) {
        /* 14.1: glare; try again after a random time in units of 10 ms: 2.1 to 4 s for the
         * side that owns the Call-ID (the caller), 0 to 2 s for the other. */
        c->glare_hold = wanted;
        gulong first = c->outgoing ? 210 : 0, last = c->outgoing ? 400 : 200;
        gulong ticks =
            first + gsl_rng_uniform_int(sim_entity_rng(&c->phone->entity), last - first + 1);
        sip_call_start_timer(c, CALL_TIMER_GLARE, (SimTime) ticks * 10 * SIM_MS);
    } else if (code == 500 && retry_after.len && g_ascii_isdigit(retry_after.s[0])) {
        /* 14.2: the other side was still busy with an INVITE of ours; try again when it says. */
        c->glare_hold = wanted;
        guint64 seconds = g_ascii_strtoull(retry_after.s, NULL, 10);
        sip_call_start_timer(c, CALL_TIMER_GLARE, (SimTime) MIN(seconds, 3600) * SIM_S);
    } else if (code == 408 || code == 481) {
        /* 14.1: the dialog is gone, or unreachable: end it. */
        sip_call_hangup(c);
    } else {
        sip_call_run_deferred(c);
    }
}

/* 14.2: answer a re-INVITE: 500 when out of order (12.2.2), 491 while ours is pending, 500
 * with Retry-After while our last 2xx awaits its ACK,
 * else 100 Trying (as the reference flows show) and a 2xx with our answer. */
void sip_call_reinvite_incoming(SipCall *c, SipTransaction *st, const SipMessage *invite)
{
    SipPhone *phone = c->phone;
    if (!sip_dialog_accept_remote_cseq(c->dialog, invite)) {
        sip_phone_respond(phone, st, 500, NULL, NULL, NULL);
        return;
    }
    if (c->reinvite || c->offer) {
        sip_phone_respond(phone, st, 491, NULL, NULL, NULL);
        return;
    }
    if (c->ok.data) {
        /* 14.2: our 2xx to its last INVITE still waits for the ACK: 500, with a Retry-After of
         * 0 to 10 s. */
        guint seconds = (guint) gsl_rng_uniform_int(sim_entity_rng(&phone->entity), 11);
        sip_phone_respond_retry_after(phone, st, 500, seconds);
        return;
    }
    sip_phone_respond(phone, st, 100, NULL, NULL, NULL);
    SipSdp *answer = sip_call_answer(c, invite);
    sip_call_send_2xx(c, st, answer);
    sip_call_media_agreed(c, answer, invite, FALSE);
}
