/* SPDX-License-Identifier: MIT */
#include "stun-server.h"

struct StunServer {
    SimEntity entity;
    NetNode *node;
    guint16 port;
    StunServerStats stats;
};

/* The comprehension-required attributes this server understands in a request (RFC 5389 §18.2);
 * any other one gets a 420 (§7.3.1), ICE's PRIORITY and USE-CANDIDATE included. USERNAME,
 * MESSAGE-INTEGRITY, REALM and NONCE are understood and not used: no credentials. */
static const guint16 understood[] = {
    STUN_ATTR_MAPPED_ADDRESS, STUN_ATTR_USERNAME,           STUN_ATTR_MESSAGE_INTEGRITY,
    STUN_ATTR_ERROR_CODE,     STUN_ATTR_UNKNOWN_ATTRIBUTES, STUN_ATTR_REALM,
    STUN_ATTR_NONCE,          STUN_ATTR_XOR_MAPPED_ADDRESS,
};

static gboolean is_understood(guint16 type)
{
    for (guint i = 0; i < G_N_ELEMENTS(understood); i++)
        if (understood[i] == type)
            return TRUE;
    return FALSE;
}

/* The comprehension-required attributes of @msg outside understood[], each once. */
static GArray *unknown_required(const StunMessage *msg)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(guint16));
    for (guint i = 0; i < msg->attrs->len; i++) {
        const StunAttr *a = &g_array_index(msg->attrs, StunAttr, i);
        if (!a->ignored && a->first && stun_attr_is_required(a->type) && !is_understood(a->type))
            g_array_append_val(out, a->type);
    }
    return out;
}

static void send_reply(StunServer *s, const NetDatagram *req, StunWriter *w, GByteArray *out)
{
    stun_writer_add_text(w, STUN_ATTR_SOFTWARE, STUN_SERVER_SOFTWARE);
    stun_writer_add_fingerprint(w);
    gsize len = stun_writer_finish(w);
    g_return_if_fail(len > 0);
    net_node_send(s->node, s->port, req->src, net_datagram_new(out->data, len));
}

static void reply_error(StunServer *s, const NetDatagram *req, const StunHeader *h, guint code,
                        const char *reason, const GArray *unknown)
{
    g_autoptr(GByteArray) out = g_byte_array_new();
    StunWriter w;
    stun_writer_init(&w, out, h->method, STUN_CLASS_ERROR, h->tid);
    stun_writer_add_error_code(&w, code, reason);
    if (unknown)
        stun_writer_add_unknown_attributes(&w, (const guint16 *) unknown->data, unknown->len);
    send_reply(s, req, &w, out);
    s->stats.errors++;
}

/* §7.3.1: the reflexive transport address is the request's source as it arrived here. */
static void reply_binding(StunServer *s, const NetDatagram *req, const StunHeader *h)
{
    g_autoptr(GByteArray) out = g_byte_array_new();
    StunWriter w;
    stun_writer_init(&w, out, STUN_METHOD_BINDING, STUN_CLASS_SUCCESS, h->tid);
    StunAddress mapped = stun_address_from_endpoint(req->src);
    stun_writer_add_xor_address(&w, STUN_ATTR_XOR_MAPPED_ADDRESS, &mapped);
    send_reply(s, req, &w, out);
    s->stats.responses++;
}

static void stun_server_receive(SimEntity *self, const NetDatagram *dg)
{
    StunServer *s = (StunServer *) self;
    StunHeader h;
    g_autoptr(GError) error = NULL;
    g_autoptr(StunMessage) msg = NULL;
    /* §7.3: not STUN (a wrong FINGERPRINT included), or not a request: no answer (§7.3.2,
     * §7.3.3). */
    if (!stun_header_parse(dg->data, dg->len, &h, NULL) || h.klass != STUN_CLASS_REQUEST ||
        (!(msg = stun_message_parse(dg->data, dg->len, &error)) &&
         g_error_matches(error, STUN_ERROR, STUN_ERROR_NOT_STUN))) {
        s->stats.ignored++;
        return;
    }
    s->stats.requests++;
    if (!msg || h.method != STUN_METHOD_BINDING) {
        reply_error(s, dg, &h, 400, "Bad Request", NULL);
        return;
    }
    g_autoptr(GArray) unknown = unknown_required(msg);
    if (unknown->len)
        reply_error(s, dg, &h, 420, "Unknown Attribute", unknown);
    else
        reply_binding(s, dg, &h);
}

static void stun_server_free(SimEntity *self)
{
    sim_entity_clear(self);
    g_free(self);
}

static const SimEntityClass stun_server_class = {
    .kind = "stun-server",
    .receive = stun_server_receive,
    .free = stun_server_free,
};

SimEntity *stun_server_new(SimKernel *kernel, NetNode *node, const char *name, guint16 port)
{
    StunServer *s = g_new0(StunServer, 1);
    sim_entity_init(&s->entity, &stun_server_class, kernel, name);
    s->node = node;
    s->port = port;
    net_node_bind(node, port);
    net_node_set_entity(node, &s->entity);
    return &s->entity;
}

StunServer *stun_server_from_entity(SimEntity *entity)
{
    return entity->klass == &stun_server_class ? (StunServer *) entity : NULL;
}

const StunServerStats *stun_server_stats(const StunServer *server)
{
    return &server->stats;
}
