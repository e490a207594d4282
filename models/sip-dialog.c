/* SPDX-License-Identifier: MIT */
#include "sip-dialog.h"

#include "sip-stack.h"

/* "\"display\" <uri>" or "<uri>", by concatenation: see sip_dialog_write_headers(). */
char *sip_name_addr_party(const SipNameAddr *na)
{
    SipStr display = na->display, uri = na->uri.text;
    gsize len = (display.s ? display.len + 3 : 0) + uri.len + 2;
    char *party = g_malloc(len + 1), *p = party;
    if (display.s) {
        *p++ = '"';
        memcpy(p, display.s, display.len);
        p += display.len;
        *p++ = '"';
        *p++ = ' ';
    }
    *p++ = '<';
    if (uri.len)
        memcpy(p, uri.s, uri.len);
    p += uri.len;
    *p++ = '>';
    *p = '\0';
    return party;
}

gboolean sip_uri_endpoint(const SipUri *uri, NetEndpoint *out)
{
    g_autofree char *host = sip_str_dup(uri->host);
    if (!net_ip_parse(host, &out->ip))
        return FALSE;
    out->port = uri->port > 0 ? (guint16) uri->port : SIP_DEFAULT_PORT;
    return TRUE;
}

/* The peer's Contact URI, or { NULL, 0 }. */
static SipStr contact_uri(const SipMessage *msg)
{
    if (sip_message_contact_count(msg) == 0)
        return (SipStr){ 0 };
    return sip_message_contact(msg, 0)->uri.text;
}

/* What a dialog's text holds: @routes' Record-Route values, reversed for a UAC (12.1.2), in
 * order for a UAS (12.1.1); none without @routes. */
typedef struct {
    SipStr call_id, local_tag, remote_tag, local_party, remote_party;
    SipStr remote_target; /* { NULL, 0 }: none */
    const SipMessage *routes;
    gboolean reversed;
} DialogText;

static char *put(char *p, SipStr s)
{
    if (s.len)
        memcpy(p, s.s, s.len);
    p[s.len] = '\0';
    return p + s.len + 1;
}

/* A dialog lives in two blocks: its struct, and its text (the strings and the route array),
 * which a call keeps while it is up: 8 separate allocations cost about as much again. The old
 * text, which @t may point into, goes last. */
static void set_text(SipDialog *d, const DialogText *t)
{
    guint n = t->routes ? sip_message_record_route_count(t->routes) : 0;
    const SipStr *fixed[] = { &t->call_id,     &t->local_tag,    &t->remote_tag,
                              &t->local_party, &t->remote_party, &t->remote_target };
    gsize size = n * sizeof(char *);
    for (guint i = 0; i < G_N_ELEMENTS(fixed); i++)
        size += fixed[i]->len + 1;
    for (guint i = 0; i < n; i++)
        size += sip_message_record_route(t->routes, i)->text.len + 1;
    char **routes = g_malloc(size);
    char *p = (char *) (routes + n);
    char **fields[] = { &d->call_id,     &d->local_tag,    &d->remote_tag,
                        &d->local_party, &d->remote_party, &d->remote_target };
    for (guint i = 0; i < G_N_ELEMENTS(fixed); i++) {
        *fields[i] = p;
        p = put(p, *fixed[i]);
    }
    if (!t->remote_target.s)
        d->remote_target = NULL;
    for (guint i = 0; i < n; i++) {
        routes[i] = p;
        p = put(p, sip_message_record_route(t->routes, t->reversed ? n - 1 - i : i)->text);
    }
    g_free(d->route_set);
    d->route_set = routes;
    d->n_routes = n;
}

SipDialog *sip_dialog_new_uac(const SipMessage *request, const SipMessage *response)
{
    SipDialog *d = g_new0(SipDialog, 1);
    d->state = sip_message_status(response) < 200 ? SIP_DIALOG_EARLY : SIP_DIALOG_CONFIRMED;
    g_autofree char *local = sip_name_addr_party(sip_message_from(request));
    g_autofree char *remote = sip_name_addr_party(sip_message_to(response));
    DialogText t = {
        .call_id = sip_message_call_id(request),
        .local_tag = sip_message_from(request)->tag,
        .remote_tag = sip_message_to(response)->tag,
        .local_party = sip_str(local),
        .remote_party = sip_str(remote),
        .remote_target = contact_uri(response),
        .routes = response,
        .reversed = TRUE,
    };
    set_text(d, &t);
    d->local_cseq = sip_message_cseq(request)->number;
    return d;
}

SipDialog *sip_dialog_new_uas(const SipMessage *request, const char *local_tag)
{
    SipDialog *d = g_new0(SipDialog, 1);
    d->state = SIP_DIALOG_CONFIRMED;
    g_autofree char *local = sip_name_addr_party(sip_message_to(request));
    g_autofree char *remote = sip_name_addr_party(sip_message_from(request));
    DialogText t = {
        .call_id = sip_message_call_id(request),
        .local_tag = sip_str(local_tag),
        .remote_tag = sip_message_from(request)->tag,
        .local_party = sip_str(local),
        .remote_party = sip_str(remote),
        .remote_target = contact_uri(request),
        .routes = request,
    };
    set_text(d, &t);
    d->remote_cseq = sip_message_cseq(request)->number;
    return d;
}

void sip_dialog_free(SipDialog *dialog)
{
    if (!dialog)
        return;
    g_free(dialog->route_set); /* and the strings after it */
    g_free(dialog);
}

/* 12.1.2: the route set and remote target again, from the 2xx; the target stays when the 2xx
 * has no Contact. */
void sip_dialog_confirm(SipDialog *dialog, const SipMessage *response)
{
    dialog->state = SIP_DIALOG_CONFIRMED;
    SipStr target = contact_uri(response);
    DialogText t = {
        .call_id = sip_str(dialog->call_id),
        .local_tag = sip_str(dialog->local_tag),
        .remote_tag = sip_str(dialog->remote_tag),
        .local_party = sip_str(dialog->local_party),
        .remote_party = sip_str(dialog->remote_party),
        .remote_target =
            target.s || !dialog->remote_target ? target : sip_str(dialog->remote_target),
        .routes = response,
        .reversed = TRUE,
    };
    set_text(dialog, &t);
}

static gboolean str_is(SipStr s, const char *c)
{
    return c && sip_str_equal(s, sip_str(c));
}

gboolean sip_dialog_matches_request(const SipDialog *dialog, const SipMessage *request)
{
    return str_is(sip_message_call_id(request), dialog->call_id) &&
           str_is(sip_message_to(request)->tag, dialog->local_tag) &&
           str_is(sip_message_from(request)->tag, dialog->remote_tag);
}

gboolean sip_dialog_matches_response(const SipDialog *dialog, const SipMessage *response)
{
    return str_is(sip_message_call_id(response), dialog->call_id) &&
           str_is(sip_message_from(response)->tag, dialog->local_tag) &&
           str_is(sip_message_to(response)->tag, dialog->remote_tag);
}

gboolean sip_dialog_accept_remote_cseq(SipDialog *dialog, const SipMessage *request)
{
    guint32 cseq = sip_message_cseq(request)->number;
    if (dialog->remote_cseq && cseq < dialog->remote_cseq)
        return FALSE;
    dialog->remote_cseq = cseq;
    return TRUE;
}

/* The URI inside a Route value "<uri>;params": its text and its parsed form. */
static gboolean route_uri(const char *route, SipUri *uri)
{
    const char *lt = strchr(route, '<'), *gt = lt ? strchr(lt, '>') : NULL;
    if (!gt)
        return FALSE;
    return sip_uri_parse((SipStr){ lt + 1, (gsize) (gt - lt - 1) }, uri) == NULL;
}

static gboolean loose_router(const SipDialog *dialog)
{
    SipUri uri;
    SipStr lr;
    return dialog->n_routes == 0 ||
           (route_uri(dialog->route_set[0], &uri) && sip_uri_param(&uri, "lr", &lr));
}

void sip_dialog_start_request(const SipDialog *dialog, SipWriter *w, SipStr method)
{
    char **routes = dialog->route_set;
    if (loose_router(dialog)) {
        sip_writer_init_request(w, method, sip_str(dialog->remote_target));
        for (guint i = 0; i < dialog->n_routes; i++)
            sip_writer_header(w, SIP_HDR_ROUTE, sip_str(routes[i]));
        return;
    }
    /* A strict router: it becomes the Request-URI, and the remote target the last route. */
    SipUri first;
    route_uri(routes[0], &first);
    sip_writer_init_request(w, method, first.text);
    for (guint i = 1; i < dialog->n_routes; i++)
        sip_writer_header(w, SIP_HDR_ROUTE, sip_str(routes[i]));
    g_autofree char *target = g_strdup_printf("<%s>", dialog->remote_target);
    sip_writer_header(w, SIP_HDR_ROUTE, sip_str(target));
}

void sip_dialog_write_headers(const SipDialog *dialog, SipWriter *w, SipStr method, guint32 cseq)
{
    sip_writer_max_forwards(w, 70);
    /* Written in pieces: formatting them with printf cost more than the rest of the request. */
    sip_writer_header_tagged(w, SIP_HDR_FROM, sip_str(dialog->local_party),
                             sip_str(dialog->local_tag));
    sip_writer_header_tagged(w, SIP_HDR_TO, sip_str(dialog->remote_party),
                             sip_str(dialog->remote_tag));
    sip_writer_header(w, SIP_HDR_CALL_ID, sip_str(dialog->call_id));
    sip_writer_cseq(w, cseq, method);
}

gboolean sip_dialog_next_hop(const SipDialog *dialog, NetEndpoint *out)
{
    SipUri uri;
    if (dialog->n_routes)
        return route_uri(dialog->route_set[0], &uri) && sip_uri_endpoint(&uri, out);
    if (!dialog->remote_target || sip_uri_parse(sip_str(dialog->remote_target), &uri))
        return FALSE;
    return sip_uri_endpoint(&uri, out);
}
