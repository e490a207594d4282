/* SPDX-License-Identifier: MIT */
#include "sip-block.h"
#include "sip-chars.h"
#include "sip-message-private.h"

/* RFC 3261 §7.1 and the extensions: RFC 3262 (PRACK), 3265/6665 (SUBSCRIBE, NOTIFY),
 * 3311 (UPDATE), 3428 (MESSAGE), 3515 (REFER), 3903 (PUBLISH), 6086 (INFO). */
static const char *const method_names[SIP_METHOD_COUNT] = {
    [SIP_METHOD_INVITE] = "INVITE",
    [SIP_METHOD_ACK] = "ACK",
    [SIP_METHOD_BYE] = "BYE",
    [SIP_METHOD_CANCEL] = "CANCEL",
    [SIP_METHOD_REGISTER] = "REGISTER",
    [SIP_METHOD_OPTIONS] = "OPTIONS",
    [SIP_METHOD_REFER] = "REFER",
    [SIP_METHOD_NOTIFY] = "NOTIFY",
    [SIP_METHOD_SUBSCRIBE] = "SUBSCRIBE",
    [SIP_METHOD_INFO] = "INFO",
    [SIP_METHOD_UPDATE] = "UPDATE",
    [SIP_METHOD_PRACK] = "PRACK",
    [SIP_METHOD_MESSAGE] = "MESSAGE",
    [SIP_METHOD_PUBLISH] = "PUBLISH",
};

const char *sip_method_name(SipMethod method)
{
    g_return_val_if_fail(method < SIP_METHOD_COUNT, NULL);
    return method_names[method];
}

SipMethod sip_method_lookup(SipStr text)
{
    for (guint m = 1; m < SIP_METHOD_COUNT; m++)
        if (strlen(method_names[m]) == text.len && memcmp(method_names[m], text.s, text.len) == 0)
            return (SipMethod) m;
    return SIP_METHOD_OTHER;
}

void sip_message_free(SipMessage *msg)
{
    if (!msg)
        return;
    for (SipChunk *c = msg->chunks, *next; c; c = next) {
        next = c->next;
        sip_block_free(c, c->size);
    }
    sip_block_free(msg, msg->block_size);
}

SipStr sip_message_bytes(const SipMessage *msg)
{
    return (SipStr){ msg->data, msg->len };
}

gboolean sip_message_is_request(const SipMessage *msg)
{
    return msg->request;
}

SipStr sip_message_version(const SipMessage *msg)
{
    return msg->version;
}

SipMethod sip_message_method(const SipMessage *msg)
{
    return msg->method;
}

SipStr sip_message_method_text(const SipMessage *msg)
{
    return msg->method_text;
}

const SipUri *sip_message_request_uri(const SipMessage *msg)
{
    return msg->request ? &msg->uri : NULL;
}

guint sip_message_status(const SipMessage *msg)
{
    return msg->status;
}

SipStr sip_message_reason(const SipMessage *msg)
{
    return msg->reason;
}

guint sip_message_header_count(const SipMessage *msg)
{
    return msg->n_headers;
}

const SipHeader *sip_message_header(const SipMessage *msg, guint i)
{
    g_return_val_if_fail(i < msg->n_headers, NULL);
    return &msg->headers[i];
}

guint sip_message_count(const SipMessage *msg, SipHeaderId id)
{
    guint n = 0;
    for (guint i = 0; i < msg->n_headers; i++)
        n += msg->headers[i].id == id;
    return n;
}

const SipHeader *sip_message_find_nth(const SipMessage *msg, SipHeaderId id, guint n)
{
    for (guint i = 0; i < msg->n_headers; i++)
        if (msg->headers[i].id == id && n-- == 0)
            return &msg->headers[i];
    return NULL;
}

const SipHeader *sip_message_find(const SipMessage *msg, SipHeaderId id)
{
    return sip_message_find_nth(msg, id, 0);
}

SipStr sip_message_value(const SipMessage *msg, SipHeaderId id)
{
    const SipHeader *h = sip_message_find(msg, id);
    return h ? h->value : (SipStr){ NULL, 0 };
}

SipStr sip_message_body(const SipMessage *msg)
{
    return msg->body;
}

const SipNameAddr *sip_message_from(const SipMessage *msg)
{
    return msg->from;
}

const SipNameAddr *sip_message_to(const SipMessage *msg)
{
    return msg->to;
}

SipStr sip_message_call_id(const SipMessage *msg)
{
    return msg->call_id;
}

const SipCSeq *sip_message_cseq(const SipMessage *msg)
{
    return msg->cseq;
}

gint sip_message_max_forwards(const SipMessage *msg)
{
    return (gint) msg->max_forwards;
}

gint64 sip_message_expires(const SipMessage *msg)
{
    return msg->expires;
}

gint64 sip_message_content_length(const SipMessage *msg)
{
    return msg->content_length;
}

const SipContentType *sip_message_content_type(const SipMessage *msg)
{
    return msg->content_type;
}

guint sip_message_via_count(const SipMessage *msg)
{
    return msg->n_vias;
}

const SipVia *sip_message_via(const SipMessage *msg, guint i)
{
    g_return_val_if_fail(i < msg->n_vias, NULL);
    return &msg->vias[i];
}

guint sip_message_contact_count(const SipMessage *msg)
{
    return msg->n_contacts;
}

const SipNameAddr *sip_message_contact(const SipMessage *msg, guint i)
{
    g_return_val_if_fail(i < msg->n_contacts, NULL);
    return &msg->contacts[i];
}

gboolean sip_message_contact_star(const SipMessage *msg)
{
    return msg->contact_star;
}

guint sip_message_route_count(const SipMessage *msg)
{
    return msg->n_routes;
}

const SipNameAddr *sip_message_route(const SipMessage *msg, guint i)
{
    g_return_val_if_fail(i < msg->n_routes, NULL);
    return &msg->routes[i];
}

guint sip_message_record_route_count(const SipMessage *msg)
{
    return msg->n_record_routes;
}

const SipNameAddr *sip_message_record_route(const SipMessage *msg, guint i)
{
    g_return_val_if_fail(i < msg->n_record_routes, NULL);
    return &msg->record_routes[i];
}

void sip_list_iter_init(SipListIter *it, const SipMessage *msg, SipHeaderId id)
{
    *it = (SipListIter){ .msg = msg, .id = id };
}

gboolean sip_list_iter_next(SipListIter *it, SipStr *item)
{
    for (;;) {
        while (it->p < it->end && (*it->p == ',' || sip_is_lws(*it->p)))
            it->p++;
        if (it->p < it->end)
            break;
        while (it->next_header < it->msg->n_headers &&
               it->msg->headers[it->next_header].id != it->id)
            it->next_header++;
        if (it->next_header == it->msg->n_headers)
            return FALSE;
        SipStr v = it->msg->headers[it->next_header++].value;
        it->p = v.s;
        it->end = v.s + v.len;
    }
    /* A comma inside a quoted string does not separate elements. */
    const char *start = it->p;
    gboolean quoted = FALSE;
    for (; it->p < it->end && (quoted || *it->p != ','); it->p++) {
        if (*it->p == '\\' && quoted && it->p + 1 < it->end)
            it->p++;
        else if (*it->p == '"')
            quoted = !quoted;
    }
    const char *stop = it->p;
    while (stop > start && sip_is_lws(stop[-1]))
        stop--;
    *item = (SipStr){ start, (gsize) (stop - start) };
    return TRUE;
}
