/* SPDX-License-Identifier: MIT */
/*
 * A phone behind a NAT: it learns its public addresses by STUN (RFC 5389) and puts them in Via,
 * Contact and SDP; it keeps its NAT binding open with CRLF keep-alives to its proxy (RFC 5626
 * 3.5.1); and it checks that media gets through: a short burst of RTP packets (RFC 3550) to the
 * address the other side's SDP gave, counted by the receiver.
 */
#include <string.h>

#include "sip-phone-private.h"

#define RTP_INTERVAL     (20 * SIM_MS) /* 20 ms of PCMU per packet */
#define RTP_HEADER       12
#define RTP_PAYLOAD      160
#define RTP_PAYLOAD_PCMU 0

/* ---- STUN ---- */

static void sip_stun_done(gpointer user, const StunClientResult *r)
{
    SipPhone *phone = user;
    stun_client_free(g_steal_pointer(&phone->sip_stun));
    if (r->outcome == STUN_CLIENT_SUCCESS)
        sip_phone_set_contact(phone, r->mapped);
    else
        phone->stats.stun_failures++; /* goes on with the address it had */
    phone->sip_then(phone);
}

void sip_phone_stun_sip(SipPhone *phone, void (*then)(SipPhone *phone))
{
    if (!phone->config->nat.stun.port) {
        then(phone);
        return;
    }
    if (phone->sip_stun) /* a newer need replaces the Binding under way */
        stun_client_free(phone->sip_stun);
    phone->sip_then = then;
    phone->stats.stun_requests++;
    phone->sip_stun = stun_client_start(&phone->entity, phone->node, SIP_DEFAULT_PORT,
                                        phone->config->nat.stun, NULL, sip_stun_done, phone);
}

static void media_stun_done(gpointer user, const StunClientResult *r)
{
    SipCall *c = user;
    stun_client_free(g_steal_pointer(&c->media_stun));
    if (r->outcome == STUN_CLIENT_SUCCESS)
        c->media_public = r->mapped;
    else
        c->phone->stats.stun_failures++;
    c->media_then(c);
}

gboolean sip_call_stun_media(SipCall *c, void (*then)(SipCall *call))
{
    SipPhone *phone = c->phone;
    if (!phone->config->nat.stun.port)
        return FALSE;
    c->media_then = then;
    phone->stats.stun_requests++;
    c->media_stun = stun_client_start(&phone->entity, phone->node, phone->config->account.rtp_port,
                                      phone->config->nat.stun, NULL, media_stun_done, c);
    return TRUE;
}

void sip_phone_set_contact(SipPhone *phone, NetEndpoint at)
{
    phone->public_sip = at;
    g_free(phone->contact);
    SipPhoneAccount account = phone->config->account;
    account.user = phone->user;
    phone->contact = sip_phone_contact(&account, at);
}

/* ---- keep-alives ---- */

void sip_phone_keepalive(SipPhone *phone)
{
    static const char crlf[] = "\r\n\r\n";
    net_node_send(phone->node, SIP_DEFAULT_PORT, phone->config->account.proxy,
                  net_datagram_new(crlf, sizeof crlf - 1));
    phone->stats.keepalives++;
    phone->keepalive_timer =
        sip_phone_timer(phone, phone->config->nat.keepalive, PHONE_TIMER_KEEPALIVE, NULL);
}

/* ---- the media check ---- */

/* Each side of a call has its own synchronization source, which the other side knows without
 * signalling: derived from the Call-ID and the side. */
static guint32 ssrc_of(const char *call_id, gboolean caller)
{
    return (g_str_hash(call_id) << 1) | (caller ? 1u : 0u);
}

void sip_call_rtp_start(SipCall *c)
{
    if (c->rtp_to.port || !c->phone->config->nat.rtp_burst || !c->remote_sdp)
        return;
    SipSdpMediaState m;
    if (c->outgoing)
        sip_sdp_media_state(c->local_sdp, c->remote_sdp, &m);
    else
        sip_sdp_media_state(c->remote_sdp, c->local_sdp, &m);
    const char *address = c->outgoing ? m.answerer_address : m.offerer_address;
    guint16 port = c->outgoing ? m.answerer_port : m.offerer_port;
    if (!address || !port || !net_ip_parse(address, &c->rtp_to.ip))
        return;
    c->rtp_to.port = port;
    sip_call_rtp_next(c);
}

void sip_call_rtp_next(SipCall *c)
{
    SipPhone *phone = c->phone;
    if (c->state != CALL_CONFIRMED || c->rtp_sent >= phone->config->nat.rtp_burst)
        return;
    guint8 packet[RTP_HEADER + RTP_PAYLOAD] = { 0 };
    guint32 seq = c->rtp_sent, timestamp = c->rtp_sent * RTP_PAYLOAD;
    guint32 ssrc = ssrc_of(c->call_id, c->outgoing);
    packet[0] = 0x80; /* version 2, no padding, no extension, no CSRC */
    packet[1] = RTP_PAYLOAD_PCMU;
    packet[2] = (guint8) (seq >> 8);
    packet[3] = (guint8) seq;
    for (int i = 0; i < 4; i++) {
        packet[4 + i] = (guint8) (timestamp >> (24 - 8 * i));
        packet[8 + i] = (guint8) (ssrc >> (24 - 8 * i));
    }
    memset(packet + RTP_HEADER, 0xff, RTP_PAYLOAD); /* PCMU silence */
    net_node_send(phone->node, phone->config->account.rtp_port, c->rtp_to,
                  net_datagram_new(packet, sizeof packet));
    c->rtp_sent++;
    phone->stats.rtp_sent++;
    if (c->rtp_sent < phone->config->nat.rtp_burst)
        sip_call_start_timer(c, CALL_TIMER_RTP, RTP_INTERVAL);
}

void sip_phone_media_receive(SipPhone *phone, const NetDatagram *dg)
{
    if (stun_is_message(dg->data, dg->len)) {
        for (guint i = 0; i < phone->calls->len; i++) {
            SipCall *c = g_ptr_array_index(phone->calls, i);
            if (c->media_stun && stun_client_receive(c->media_stun, dg))
                return;
        }
        return;
    }
    if (dg->len < RTP_HEADER || (dg->data[0] & 0xC0) != 0x80)
        return;
    guint32 ssrc = (guint32) dg->data[8] << 24 | (guint32) dg->data[9] << 16 |
                   (guint32) dg->data[10] << 8 | dg->data[11];
    for (guint i = 0; i < phone->calls->len; i++) {
        SipCall *c = g_ptr_array_index(phone->calls, i);
        if (c->state != CALL_ENDED && ssrc == ssrc_of(c->call_id, !c->outgoing)) {
            c->rtp_received++;
            phone->stats.rtp_received++;
            return;
        }
    }
}

void sip_call_rtp_report(SipCall *c)
{
    if (c->rtp_reported || !sip_trace_active(c->phone->trace))
        return;
    c->rtp_reported = TRUE;
    SipRtpEvent ev = {
        .node = c->phone->node,
        .call_id = c->call_id,
        .caller = c->outgoing,
        .sent = c->rtp_sent,
        .received = c->rtp_received,
    };
    sip_trace_rtp(c->phone->trace, &ev);
}

void sip_call_nat_free(SipCall *c)
{
    g_clear_pointer(&c->media_stun, stun_client_free);
}
