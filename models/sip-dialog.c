/* SPDX-License-Identifier: MIT */
#include "sip-dialog.h"

#include "sip-stack.h"

char *sip_name_addr_party(const SipNameAddr *na)
{
    if (sip_str_is_set(na->display))
        return g_strdup_printf("\"%.*s\" <%.*s>", (int) na->display.len, na->display.s,
                               (int) na->uri.text.len, na->uri.text.s);
    return g_strdup_printf("<%.*s>", (int) na->uri.text.len, na->uri.text.s);
}

gboolean sip_uri_endpoint(const SipUri *uri, NetEndpoint *out)
{
    g_autofree char *host = sip_str_dup(uri->host);
    if (!net_ip_parse(host, &out->ip))
        return FALSE;
    out->port = uri->port > 0 ? (guint16) uri->port : SIP_DEFAULT_PORT;
    return TRUE;
}

static char *contact_uri(const SipMessage *msg)
{
    if (sip_message_contact_count(msg) == 0)
        return NULL;
    return sip_str_dup(sip_message_contact(msg, 0)->uri.text);
}

static void free_routes(SipDialog *d)
{
    g_ptr_array_set_size(d->route_set, 0);
}

/* 12.1.2: a UAC's route set is the Record-Route of the response, reversed. */
static void routes_from_response(SipDialog *d, const SipMessage *response)
{
    free_routes(d);
    guint n = sip_message_record_route_count(response);
    for (guint i = n; i-- > 0;)
        g_ptr_array_add(d->route_set, sip_str_dup(sip_message_record_route(response, i)->text));
}

SipDialog *sip_dialog_new_uac(const SipMessage *request, const SipMessage *response)
{
    SipDialog *d = g_new0(SipDialog, 1);
    d->state = sip_message_status(response) < 200 ? SIP_DIALOG_EARLY : SIP_DIALOG_CONFIRMED;
    d->call_id = sip_str_dup(sip_message_call_id(request));
    d->local_tag = sip_str_dup(sip_message_from(request)->tag);
    d->remote_tag = sip_str_dup(sip_message_to(response)->tag);
    d->local_party = sip_name_addr_party(sip_message_from(request));
    d->remote_party = sip_name_addr_party(sip_message_to(response));
    d->remote_target = contact_uri(response);
    d->route_set = g_ptr_array_new_with_free_func(g_free);
    routes_from_response(d, response);
    d->local_cseq = sip_message_cseq(request)->number;
    return d;
}

SipDialog *sip_dialog_new_uas(const SipMessage *request, const char *local_tag)
{
    SipDialog *d = g_new0(SipDialog, 1);
    d->state = SIP_DIALOG_CONFIRMED;
    d->call_id = sip_str_dup(sip_message_call_id(request));
    d->local_tag = g_strdup(local_tag);
    d->remote_tag = sip_str_dup(sip_message_from(request)->tag);
    d->local_party = sip_name_addr_party(sip_message_to(request));
    d->remote_party = sip_name_addr_party(sip_message_from(request));
    d->remote_target = contact_uri(request);
    d->route_set = g_ptr_array_new_with_free_func(g_free);
    /* 12.1.1: the Record-Route of the request, in order. */
    for (guint i = 0; i < sip_message_record_route_count(request); i++)
        g_ptr_array_add(d->route_set, sip_str_dup(sip_message_record_route(request, i)->text));
    d->remote_cseq = sip_message_cseq(request)->number;
    return d;
}

void sip_dialog_free(SipDialog *dialog)
{
    if (!dialog)
        return;
    g_free(dialog->call_id);
    g_free(dialog->local_tag);
    g_free(dialog->remote_tag);
    g_free(dialog->local_party);
    g_free(dialog->remote_party);
    g_free(dialog->remote_target);
    g_ptr_array_unref(dialog->route_set);
    g_free(dialog);
}

void sip_dialog_confirm(SipDialog *dialog, const SipMessage *response)
{
    dialog->state = SIP_DIALOG_CONFIRMED;
    routes_from_response(dialog, response);
    g_autofree char *target = contact_uri(response);
    if (target) {
        g_free(dialog->remote_target);
        dialog->remote_target = g_steal_pointer(&target);
    }
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
    return dialog->route_set->len == 0 ||
           (route_uri(g_ptr_array_index(dialog->route_set, 0), &uri) &&
            sip_uri_param(&uri, "lr", &lr));
}

void sip_dialog_start_request(const SipDialog *dialog, SipWriter *w, SipStr method)
{
    GPtrArray *routes = dialog->route_set;
    if (loose_router(dialog)) {
        sip_writer_init_request(w, method, sip_str(dialog->remote_target));
        for (guint i = 0; i < routes->len; i++)
            sip_writer_header(w, SIP_HDR_ROUTE, sip_str(g_ptr_array_index(routes, i)));
        return;
    }
    /* A strict router: it becomes the Request-URI, and the remote target the last route. */
    SipUri first;
    route_uri(g_ptr_array_index(routes, 0), &first);
    sip_writer_init_request(w, method, first.text);
    for (guint i = 1; i < routes->len; i++)
        sip_writer_header(w, SIP_HDR_ROUTE, sip_str(g_ptr_array_index(routes, i)));
    g_autofree char *target = g_strdup_printf("<%s>", dialog->remote_target);
    sip_writer_header(w, SIP_HDR_ROUTE, sip_str(target));
}

void sip_dialog_write_headers(const SipDialog *dialog, SipWriter *w, SipStr method, guint32 cseq)
{
    sip_writer_max_forwards(w, 70);
    g_autofree char *from = g_strdup_printf("%s;tag=%s", dialog->local_party, dialog->local_tag);
    g_autofree char *to = g_strdup_printf("%s;tag=%s", dialog->remote_party, dialog->remote_tag);
    sip_writer_header(w, SIP_HDR_FROM, sip_str(from));
    sip_writer_header(w, SIP_HDR_TO, sip_str(to));
    sip_writer_header(w, SIP_HDR_CALL_ID, sip_str(dialog->call_id));
    sip_writer_cseq(w, cseq, method);
}

gboolean sip_dialog_next_hop(const SipDialog *dialog, NetEndpoint *out)
{
    SipUri uri;
    if (dialog->route_set->len)
        return route_uri(g_ptr_array_index(dialog->route_set, 0), &uri) &&
               sip_uri_endpoint(&uri, out);
    if (!dialog->remote_target || sip_uri_parse(sip_str(dialog->remote_target), &uri))
        return FALSE;
    return sip_uri_endpoint(&uri, out);
}
