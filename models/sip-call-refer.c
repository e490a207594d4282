/* SPDX-License-Identifier: MIT */
/*
 * Transfers: REFER and its implicit subscription (RFC 3515), Referred-By (RFC 3892) and the
 * Replaces header of an attended transfer (RFC 3891). The transferor sends the REFER and learns
 * how the transfer goes from NOTIFYs whose message/sipfrag bodies carry the status line of the
 * transferee's INVITE; the transferee answers 202, calls the Refer-To target and reports.
 */
#include <string.h>

#include "sip-phone-private.h"

#define REFER_EXPIRES 60 /* s: the subscription's duration in its NOTIFYs (RFC 3515 2.4.4) */
/* The subscriber waits this much longer for the notifier's last NOTIFY, which may be
 * retransmitted for 64*T1 = 32 s. */
#define REFER_GRACE 32

void sip_call_refer_free(SipCall *c)
{
    g_clear_pointer(&c->refer.refer_to, g_free);
    g_clear_pointer(&c->refer.referred_by, g_free);
}

/* The URI inside "<uri>" or "display <uri>;params", or the text itself. */
static char *uri_of(const char *name_addr)
{
    const char *lt = strchr(name_addr, '<'), *gt = lt ? strchr(lt, '>') : NULL;
    return gt ? g_strndup(lt + 1, (gsize) (gt - lt - 1)) : g_strdup(name_addr);
}

/* ---- the transferor ---- */

static void write_refer(SipCall *c, SipWriter *w, gpointer data)
{
    sip_writer_header(w, SIP_HDR_REFER_TO, sip_str(data));
    g_autofree char *by = g_strdup_printf("<%s>", c->phone->aor);
    sip_writer_header(w, SIP_HDR_REFERRED_BY, sip_str(by));
    g_autofree char *contact = g_strdup_printf("<%s>", c->phone->contact);
    sip_writer_header(w, SIP_HDR_CONTACT, sip_str(contact));
}

/* Refer-To of an attended transfer: the other party of @other with, escaped in the URI's
 * headers, the Replaces that names @other's dialog from the target's side (RFC 3891 3): its
 * Call-ID, the target's tag as to-tag and ours as from-tag. */
static char *refer_to_replacing(const SipCall *other)
{
    const SipDialog *d = other->dialog;
    g_autofree char *uri = uri_of(d->remote_party);
    g_autofree char *replaces =
        g_strdup_printf("%s;to-tag=%s;from-tag=%s", d->call_id, d->remote_tag, d->local_tag);
    g_autofree char *escaped = g_uri_escape_string(replaces, NULL, FALSE);
    return g_strdup_printf("<%s?Replaces=%s>", uri, escaped);
}

void sip_call_transfer(SipCall *c, const SipPhoneAction *a)
{
    if (c->state != CALL_CONFIRMED || c->refer.role != REFER_NONE)
        return;
    g_autofree char *refer_to = NULL;
    if (a->replace) {
        SipCall *other = sip_phone_find_call(c->phone, a->replace);
        if (!other || !other->dialog || other->state != CALL_CONFIRMED)
            return;
        refer_to = refer_to_replacing(other);
    } else {
        refer_to = g_strdup_printf("<%s>", a->target);
    }
    c->refer.role = REFER_SUBSCRIBER;
    c->refer.active = TRUE;
    c->refer.hangup = a->transfer_hangup;
    if (!sip_call_send_in_dialog(c, SIP_STR("REFER"), write_refer, refer_to))
        c->refer.active = FALSE;
    else
        sip_call_start_timer(c, CALL_TIMER_SUBSCRIPTION, (REFER_EXPIRES + REFER_GRACE) * SIM_S);
}

/* The REFER's final response: a refusal (or no answer) ends the subscription and the transfer;
 * the call goes on. */
void sip_call_refer_response(SipCall *c, const SipMessage *resp)
{
    if (resp && sip_message_status(resp) < 300)
        return;
    c->refer.active = FALSE;
    sip_call_stop_timer(c, CALL_TIMER_SUBSCRIPTION);
    sip_call_release(c);
}

/* The status code of a message/sipfrag body: "SIP/2.0 200 OK". */
static guint sipfrag_status(const SipMessage *notify)
{
    SipStr body = sip_message_body(notify);
    if (body.len < 11 || memcmp(body.s, "SIP/2.0 ", 8) != 0 || !g_ascii_isdigit(body.s[8]) ||
        !g_ascii_isdigit(body.s[9]) || !g_ascii_isdigit(body.s[10]))
        return 0;
    return (guint) ((body.s[8] - '0') * 100 + (body.s[9] - '0') * 10 + (body.s[10] - '0'));
}

/* RFC 3515 2.4.5: each NOTIFY tells how the transferee's INVITE goes; the transferor ends the
 * transferred call when its policy says, and the subscription ends with "terminated". */
void sip_call_notify_incoming(SipCall *c, SipTransaction *st, const SipMessage *notify)
{
    SipPhone *phone = c->phone;
    SipStr event = sip_message_value(notify, SIP_HDR_EVENT);
    if (!event.s || event.len < 5 || g_ascii_strncasecmp(event.s, "refer", 5) != 0) {
        sip_phone_respond(phone, st, 489, NULL, NULL, NULL); /* RFC 3265 3.2.4: Bad Event */
        return;
    }
    if (c->refer.role != REFER_SUBSCRIBER || !c->refer.active) {
        sip_phone_respond(phone, st, 481, NULL, NULL, NULL);
        return;
    }
    sip_phone_respond(phone, st, 200, NULL, NULL, NULL);
    guint status = sipfrag_status(notify);
    gboolean hangup = (c->refer.hangup == SIP_TRANSFER_HANGUP_TRYING && status >= 100) ||
                      (c->refer.hangup == SIP_TRANSFER_HANGUP_SUCCESS && status / 100 == 2);
    if (hangup && c->state == CALL_CONFIRMED)
        sip_call_hangup(c);
    SipStr state = sip_message_value(notify, SIP_HDR_SUBSCRIPTION_STATE);
    if (state.s && state.len >= 10 && g_ascii_strncasecmp(state.s, "terminated", 10) == 0) {
        c->refer.active = FALSE;
        sip_call_stop_timer(c, CALL_TIMER_SUBSCRIPTION);
        sip_call_release(c);
    }
}

/* ---- the transferee ---- */

typedef struct {
    guint code;
    const char *terminated; /* the reason, or NULL while the subscription goes on */
} NotifyBody;

static void write_notify(SipCall *c, SipWriter *w, gpointer data)
{
    const NotifyBody *n = data;
    sip_writer_header(w, SIP_HDR_EVENT, SIP_STR("refer"));
    g_autofree char *state = n->terminated ? g_strdup_printf("terminated;reason=%s", n->terminated)
                                           : g_strdup_printf("active;expires=%d", REFER_EXPIRES);
    sip_writer_header(w, SIP_HDR_SUBSCRIPTION_STATE, sip_str(state));
    g_autofree char *contact = g_strdup_printf("<%s>", c->phone->contact);
    sip_writer_header(w, SIP_HDR_CONTACT, sip_str(contact));
    g_autofree char *frag =
        g_strdup_printf("SIP/2.0 %u %s\r\n", n->code, sip_status_phrase(n->code));
    sip_writer_body(w, SIP_STR("message/sipfrag;version=2.0"), sip_str(frag));
}

static void send_notify(SipCall *c, guint code, const char *terminated)
{
    NotifyBody n = { code, terminated };
    sip_call_send_in_dialog(c, SIP_STR("NOTIFY"), write_notify, &n);
}

/* RFC 3515 2.4.2: accept with 202 (or refuse with 603), then the first NOTIFY: 100 Trying.
 * The call to the Refer-To target follows after the phone's delay. */
void sip_call_refer_incoming(SipCall *c, SipTransaction *st, const SipMessage *refer)
{
    SipPhone *phone = c->phone;
    SipStr refer_to = sip_message_value(refer, SIP_HDR_REFER_TO);
    if (!refer_to.s) {
        sip_phone_respond(phone, st, 400, NULL, NULL, NULL);
        return;
    }
    if (phone->config->transfer.refuse || c->state != CALL_CONFIRMED) {
        sip_phone_respond(phone, st, 603, NULL, NULL, NULL);
        return;
    }
    if (c->refer.role != REFER_NONE) {
        sip_phone_respond(phone, st, 491, NULL, NULL, NULL); /* one transfer at a time */
        return;
    }
    sip_phone_respond(phone, st, 202, NULL, NULL, NULL);
    g_autofree char *text = sip_str_dup(refer_to);
    c->refer.role = REFER_NOTIFIER;
    c->refer.active = TRUE;
    c->refer.refer_to = uri_of(text);
    SipStr by = sip_message_value(refer, SIP_HDR_REFERRED_BY);
    c->refer.referred_by = by.s ? sip_str_dup(by) : g_strdup(c->dialog->remote_party);
    send_notify(c, 100, NULL);
    sip_call_start_timer(c, CALL_TIMER_TRANSFER, phone->config->transfer.call_after);
    sip_call_start_timer(c, CALL_TIMER_SUBSCRIPTION, REFER_EXPIRES * SIM_S);
}

/* RFC 3515 2.4.5: the final NOTIFY carries the final status of the transferee's INVITE. */
void sip_call_referred_outcome(SipCall *placed, guint status)
{
    SipCall *r = placed->referred_by_call;
    placed->referred_by_call = NULL; /* reported once */
    if (!r || !r->refer.active || r->refer.role != REFER_NOTIFIER)
        return;
    send_notify(r, status, "noresource");
    r->refer.active = FALSE;
    sip_call_stop_timer(r, CALL_TIMER_SUBSCRIPTION);
    sip_call_release(r);
}

/* RFC 3265 3.1.6.4: a subscription ends at its expiry. The notifier says so in a last NOTIFY
 * (the transfer still trying); the subscriber, when even that has not come, just lets go. */
void sip_call_subscription_expired(SipCall *c)
{
    if (!c->refer.active)
        return;
    if (c->refer.role == REFER_NOTIFIER)
        send_notify(c, 100, "timeout");
    c->refer.active = FALSE;
    sip_call_release(c);
}

/* ---- the target of an attended transfer ---- */

/* RFC 3891 3: "Replaces: call-id;to-tag=X;from-tag=Y" names a dialog of ours whose local tag is
 * X and remote tag Y; only a confirmed dialog is replaced here. */
SipCall *sip_call_find_replaced(SipPhone *phone, const SipMessage *invite)
{
    g_autofree char *value = sip_str_dup(sip_message_value(invite, SIP_HDR_REPLACES));
    g_auto(GStrv) parts = g_strsplit(value, ";", -1);
    const char *to_tag = NULL, *from_tag = NULL;
    for (char **p = parts + 1; *p; p++) {
        g_strstrip(*p);
        if (g_str_has_prefix(*p, "to-tag="))
            to_tag = *p + 7;
        else if (g_str_has_prefix(*p, "from-tag="))
            from_tag = *p + 9;
    }
    if (!parts[0] || !to_tag || !from_tag)
        return NULL;
    g_strstrip(parts[0]);
    for (guint i = 0; i < phone->calls->len; i++) {
        SipCall *c = g_ptr_array_index(phone->calls, i);
        if (c->dialog && c->state == CALL_CONFIRMED && g_str_equal(c->dialog->call_id, parts[0]) &&
            g_str_equal(c->dialog->local_tag, to_tag) &&
            g_str_equal(c->dialog->remote_tag, from_tag))
            return c;
    }
    return NULL;
}
