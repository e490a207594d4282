/* SPDX-License-Identifier: MIT */
#include "stun-client.h"

#include <string.h>

/* A request: header, SOFTWARE (fewer than 128 characters of at most 4 bytes), FINGERPRINT. */
#define REQUEST_MAX (STUN_HEADER_SIZE + 4 + 127 * 4 + 8)

struct StunClient {
    SimKernel *kernel;
    NetNode *node;
    guint16 port;
    NetEndpoint server;
    StunClientConfig config;
    char *software;
    StunClientDone done;
    gpointer user;
    guint8 tid[STUN_TID_SIZE];
    guint8 *request;
    gsize request_len;
    guint sent;
    SimTime interval; /* the wait after the latest request, doubled after each send */
    SimEventId timer;
    gboolean finished;
};

static void client_send(StunClient *c)
{
    net_node_send(c->node, c->port, c->server, net_datagram_new(c->request, c->request_len));
    c->sent++;
}

/* Reports @r and stops; the callback may free the client, so nothing touches it afterwards. */
static void client_finish(StunClient *c, StunClientResult *r)
{
    sim_kernel_cancel(c->kernel, c->timer);
    c->timer = SIM_EVENT_NONE;
    c->finished = TRUE;
    r->requests = c->sent;
    c->done(c->user, r);
}

static void client_timer_fired(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg);

static void client_arm(StunClient *c, SimTime delay)
{
    c->timer = sim_kernel_schedule(c->kernel, delay, client_timer_fired, c, NULL, 0);
}

/* §7.2.1: resend after RTO, 2 RTO, 4 RTO...; after the Rc-th request wait Rm x RTO. */
static void client_timer_fired(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg)
{
    StunClient *c = obj;
    c->timer = SIM_EVENT_NONE;
    if (c->sent >= c->config.rc) {
        StunClientResult r = { .outcome = STUN_CLIENT_TIMEOUT };
        client_finish(c, &r);
        return;
    }
    client_send(c);
    c->interval *= 2;
    client_arm(c, c->sent < c->config.rc ? c->interval : c->config.rm * c->config.rto);
}

StunClient *stun_client_start(SimEntity *owner, NetNode *node, guint16 local_port,
                              NetEndpoint server, const StunClientConfig *config,
                              StunClientDone done, gpointer user)
{
    StunClientConfig defaults = stun_client_config_defaults();
    if (!config)
        config = &defaults;
    g_return_val_if_fail(config->rto > 0 && config->rc >= 1 && config->rm >= 1, NULL);
    g_return_val_if_fail(!config->software || (g_utf8_validate(config->software, -1, NULL) &&
                                               g_utf8_strlen(config->software, -1) < 128),
                         NULL);
    StunClient *c = g_new0(StunClient, 1);
    c->kernel = owner->kernel;
    c->node = node;
    c->port = local_port;
    c->server = server;
    c->config = *config;
    c->software = g_strdup(config->software);
    c->config.software = c->software;
    c->done = done;
    c->user = user;
    gsl_rng *rng = sim_entity_rng(owner);
    for (guint i = 0; i < STUN_TID_SIZE; i += 4) {
        guint32 v = (guint32) gsl_rng_get(rng);
        c->tid[i] = (guint8) (v >> 24);
        c->tid[i + 1] = (guint8) (v >> 16);
        c->tid[i + 2] = (guint8) (v >> 8);
        c->tid[i + 3] = (guint8) v;
    }
    guint8 buf[REQUEST_MAX];
    StunWriter w;
    stun_writer_init_buffer(&w, buf, sizeof buf, STUN_METHOD_BINDING, STUN_CLASS_REQUEST, c->tid);
    if (c->software)
        stun_writer_add_text(&w, STUN_ATTR_SOFTWARE, c->software);
    /* FINGERPRINT: the owner's port may carry SIP or RTP as well (§8). */
    stun_writer_add_fingerprint(&w);
    c->request_len = stun_writer_finish(&w);
    c->request = g_memdup2(buf, c->request_len);
    client_send(c);
    c->interval = config->rto;
    client_arm(c, config->rc > 1 ? c->interval : config->rm * config->rto);
    return c;
}

/* §7.3.3 and §7.3.4: what a response to this transaction ends it with. */
static void client_outcome(const StunMessage *msg, StunClientResult *r, char **why)
{
    if (msg->unknown_required->len) {
        r->outcome = STUN_CLIENT_BAD_RESPONSE;
        *why = g_strdup_printf("unknown comprehension-required attribute 0x%04x",
                               g_array_index(msg->unknown_required, guint16, 0));
    } else if (msg->header.klass == STUN_CLASS_ERROR) {
        if (!msg->has_error_code) {
            r->outcome = STUN_CLIENT_BAD_RESPONSE;
            *why = g_strdup("an error response without ERROR-CODE");
        } else {
            r->outcome = STUN_CLIENT_ERROR;
            r->error_code = msg->error_code;
            *why = g_strndup(msg->error_reason.s, msg->error_reason.len);
        }
    } else if (msg->has_xor_mapped_address &&
               stun_address_to_endpoint(&msg->xor_mapped_address, &r->mapped)) {
        r->outcome = STUN_CLIENT_SUCCESS;
        r->xor_mapped = TRUE;
    } else if (!msg->has_xor_mapped_address && msg->has_mapped_address &&
               stun_address_to_endpoint(&msg->mapped_address, &r->mapped)) {
        r->outcome = STUN_CLIENT_SUCCESS;
    } else {
        r->outcome = STUN_CLIENT_BAD_RESPONSE;
        *why = g_strdup(msg->has_xor_mapped_address || msg->has_mapped_address
                            ? "an IPv6 mapped address on an IPv4 network"
                            : "a success response without a mapped address");
    }
}

gboolean stun_client_receive(StunClient *c, const NetDatagram *dg)
{
    StunHeader h;
    if (!stun_header_parse(dg->data, dg->len, &h, NULL) ||
        memcmp(h.tid, c->tid, STUN_TID_SIZE) != 0 ||
        (h.klass != STUN_CLASS_SUCCESS && h.klass != STUN_CLASS_ERROR))
        return FALSE;
    g_autoptr(StunMessage) msg = NULL;
    if (c->finished || h.method != STUN_METHOD_BINDING ||
        !(msg = stun_message_parse(dg->data, dg->len, NULL)))
        return TRUE;
    StunClientResult r = { 0 };
    g_autofree char *why = NULL;
    client_outcome(msg, &r, &why);
    r.reason = why;
    client_finish(c, &r);
    return TRUE;
}

void stun_client_free(StunClient *client)
{
    if (!client)
        return;
    sim_kernel_cancel(client->kernel, client->timer);
    g_free(client->software);
    g_free(client->request);
    g_free(client);
}

const guint8 *stun_client_transaction_id(const StunClient *client)
{
    return client->tid;
}
