/* SPDX-License-Identifier: MIT */
/*
 * The virtual network: nodes with IPv4 addresses and UDP ports, joined by point-to-point links
 * or attached to shared segments, forwarding by static routes. Every datagram's fate goes to the
 * observers (the trace points); the network itself writes nothing.
 *
 * A path across a segment takes two directions: the sender's attachment up to the segment, then
 * the receiver's attachment down from it, each with its own delay, loss and queue.
 */
#pragma once

#include "net-address.h"
#include "net-datagram.h"
#include "net-link.h"
#include "sim-entity.h"

typedef struct NetNetwork NetNetwork;
typedef struct NetNode NetNode;
typedef struct NetLink NetLink;
typedef struct NetSegment NetSegment;

typedef enum {
    NET_TRACE_SEND,      /* a node's application handed it to the network */
    NET_TRACE_FORWARD,   /* a router passed it on */
    NET_TRACE_DELIVER,   /* it reached a bound port at its destination */
    NET_TRACE_DROP,      /* lost; see the cause */
    NET_TRACE_DUPLICATE, /* the link made a second copy */
} NetTraceKind;

typedef struct {
    SimTime time;
    NetTraceKind kind;
    NetDropCause cause; /* for NET_TRACE_DROP */
    const NetDatagram *dg;
    const NetNode *node; /* where it happened: for a drop or duplicate on a link, the node
                          * that sent on it, or NULL when a segment sent it down to a node */
    const NetLink *link; /* the link it was handed to or lost on, or NULL */
    int direction;       /* on @link: 0 from its first end, 1 from its second */
} NetTrace;

typedef void (*NetObserver)(const NetTrace *trace, gpointer user_data);

const char *net_trace_kind_name(NetTraceKind kind);

typedef struct {
    guint64 sent;
    guint64 delivered;
    guint64 forwarded;
    guint64 duplicated;
    guint64 dropped[NET_DROP_N_CAUSES];
} NetStats;

NetNetwork *net_network_new(SimKernel *kernel);
/* Frees the datagrams still in flight too; call it before freeing the kernel. */
void net_network_free(NetNetwork *net);
/* Datagrams on a link or about to be delivered: sent + duplicated = delivered + dropped + this. */
guint64 net_network_in_flight(const NetNetwork *net);
SimKernel *net_network_kernel(const NetNetwork *net);
void net_network_add_observer(NetNetwork *net, NetObserver fn, gpointer user_data);
const NetStats *net_network_stats(const NetNetwork *net);

/* Building (the loaders do this; names are checked for uniqueness by the caller). */
NetNode *net_node_new(NetNetwork *net, const char *name);
void net_node_add_address(NetNode *node, NetIp ip);
void net_node_set_forwarding(NetNode *node, gboolean forwarding);
NetSegment *net_segment_new(NetNetwork *net, const char *name);
const char *net_segment_name(const NetSegment *segment);
/* Joins two nodes; @forward and @reverse configure a -> b and b -> a and must outlive the
 * network (the network's parameter store keeps them: see net_network_keep_params). */
NetLink *net_link_new(NetNetwork *net, const char *name, NetNode *a, NetNode *b,
                      const NetLinkParams *forward, const NetLinkParams *reverse);
/* Attaches a node to a segment: @up configures node -> segment, @down segment -> node. */
NetLink *net_segment_attach(NetNetwork *net, const char *name, NetNode *node, NetSegment *seg,
                            const NetLinkParams *up, const NetLinkParams *down);
/* Takes ownership of @params (allocated with g_new) until the network is freed. */
const NetLinkParams *net_network_keep_params(NetNetwork *net, NetLinkParams *params);
/* Destinations in @prefix go to the neighbour @via (a node sharing a link or segment with
 * @node). FALSE when @via is not a neighbour. */
gboolean net_node_add_route(NetNode *node, NetPrefix prefix, NetNode *via);

/* The neighbour a datagram from @node to @dst goes to first, by @node's routes; NULL when @node
 * owns @dst or has no route. A loader follows it to find the middleboxes on a path. */
NetNode *net_node_next_hop(const NetNode *node, NetIp dst);
NetNode *net_network_lookup_node(const NetNetwork *net, const char *name);
guint net_network_n_nodes(const NetNetwork *net);
NetNode *net_network_node(const NetNetwork *net, guint i);
guint net_network_n_links(const NetNetwork *net);
NetLink *net_network_link(const NetNetwork *net, guint i);

const char *net_node_name(const NetNode *node);
/* The address datagrams leave from; 0.0.0.0 when the node has none. */
NetIp net_node_address(const NetNode *node);
/* All its addresses. */
guint net_node_n_addresses(const NetNode *node);
NetIp net_node_address_at(const NetNode *node, guint i);
/* Attaches the entity that receives the node's datagrams. */
void net_node_set_entity(NetNode *node, SimEntity *entity);
/*
 * A middlebox (a NAT box, a firewall) sees every datagram that reaches @node from a link, before
 * the network delivers it (the node owns its destination and listens) or forwards it; it never
 * sees the node's own sends. It may rewrite dg->src and dg->dst, never the payload, and returns
 * NET_DROP_NONE to let the datagram go on, or the cause it is dropped for.
 */
typedef NetDropCause (*NetMiddleboxFn)(gpointer box, NetNode *node, NetDatagram *dg,
                                       const NetLink *via, int direction);
/* Puts @box on @node, replacing (and freeing) any earlier one; @free_box, if not NULL, frees it
 * with the network. */
void net_node_set_middlebox(NetNode *node, NetMiddleboxFn fn, gpointer box,
                            GDestroyNotify free_box);
/* The box on @node when its middlebox is @fn, else NULL: how a model finds its own boxes. */
gpointer net_node_middlebox(const NetNode *node, NetMiddleboxFn fn);
/* Opens a UDP port for receiving; FALSE when it is already open. */
gboolean net_node_bind(NetNode *node, guint16 port);

/* The id the next datagram sent will get: a trace may name a datagram before sending it. */
guint64 net_network_next_datagram_id(const NetNetwork *net);
NetNetwork *net_node_network(const NetNode *node);

/* Sends @dg (the network takes it) from @src_port of @node to @dst. */
void net_node_send(NetNode *node, guint16 src_port, NetEndpoint dst, NetDatagram *dg);

const char *net_link_name(const NetLink *link);
/* "A->B": the direction's two ends (a segment's name for a segment end). */
const char *net_link_direction_label(const NetLink *link, int direction);
NetLinkStats net_link_stats(const NetLink *link, int direction);
/* Takes both directions of @link down (datagrams handed to it are dropped, as in an outage) or
 * back up; the outages of its parameters apply in either case. */
void net_link_set_down(NetLink *link, gboolean down);
