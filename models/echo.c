/* SPDX-License-Identifier: MIT */
#include "echo.h"

typedef struct {
    SimEntity entity;
    NetNode *node;
    guint16 port;
} Echo;

static void echo_receive(SimEntity *self, const NetDatagram *dg)
{
    Echo *e = (Echo *) self;
    net_node_send(e->node, e->port, dg->src, net_datagram_new(dg->data, dg->len));
}

static void echo_free(SimEntity *self)
{
    sim_entity_clear(self);
    g_free(self);
}

static const SimEntityClass echo_class = {
    .kind = "echo",
    .receive = echo_receive,
    .free = echo_free,
};

SimEntity *echo_new(SimKernel *kernel, NetNode *node, const char *name, guint16 port)
{
    Echo *e = g_new0(Echo, 1);
    sim_entity_init(&e->entity, &echo_class, kernel, name);
    e->node = node;
    e->port = port;
    net_node_bind(node, port);
    net_node_set_entity(node, &e->entity);
    return &e->entity;
}
