/* SPDX-License-Identifier: MIT */
#include "net-network.h"

#include <string.h>

#include "sim-cost.h"

typedef struct {
    NetLink *link;
    guint8 end; /* 0: the node is the link's first end and sends on direction 0 */
} NetIface;

/* The next hop of a datagram: the interface it leaves by and, across a segment, the
 * attachment of the neighbour it goes to. */
typedef struct {
    NetIface out;
    NetLink *next_attachment;
} NetHop;

typedef struct {
    NetPrefix prefix;
    NetNode *via;
    NetHop hop;
} NetRoute;

struct NetNode {
    NetNetwork *net;
    NetMiddleboxFn middlebox; /* NULL for almost every node: one test per arrival */
    char *name;
    NetIp *addrs;
    guint n_addrs;
    NetIface *ifaces;
    guint n_ifaces;
    NetRoute *routes;
    guint n_routes;
    guint16 *ports;
    guint n_ports;
    gboolean forwarding;
    SimEntity *entity;
    gpointer box;
    GDestroyNotify free_box;
};

struct NetSegment {
    char *name;
    GHashTable *members; /* NetIp -> the attachment (NetLink) of the node owning it */
};

struct NetLink {
    char *name;
    NetNode *ends[2];    /* ends[1] is NULL for a segment attachment ... */
    NetSegment *segment; /* ... whose second end is this segment */
    NetLinkDir dir[2];
    char *labels[2]; /* made on first use */
};

typedef struct {
    NetObserver fn;
    gpointer user_data;
} NetObserverEntry;

struct NetNetwork {
    SimKernel *kernel;
    GPtrArray *nodes;
    GHashTable *nodes_by_name;
    GPtrArray *links;
    GPtrArray *segments;
    GPtrArray *params;
    GArray *observers;
    guint64 next_datagram_id;
    NetStats stats;
};

static const char *const trace_kind_names[] = {
    [NET_TRACE_SEND] = "send", [NET_TRACE_FORWARD] = "forward",     [NET_TRACE_DELIVER] = "deliver",
    [NET_TRACE_DROP] = "drop", [NET_TRACE_DUPLICATE] = "duplicate",
};

const char *net_trace_kind_name(NetTraceKind kind)
{
    g_return_val_if_fail((guint) kind < G_N_ELEMENTS(trace_kind_names), "?");
    return trace_kind_names[kind];
}

/* ---- construction ---- */

static void node_free(gpointer p)
{
    NetNode *n = p;
    g_free(n->name);
    g_free(n->addrs);
    g_free(n->ifaces);
    g_free(n->routes);
    g_free(n->ports);
    if (n->free_box)
        n->free_box(n->box);
    g_free(n);
}

static void link_free(gpointer p)
{
    NetLink *l = p;
    for (int d = 0; d < 2; d++) {
        net_link_dir_clear(&l->dir[d]);
        g_free(l->labels[d]);
    }
    g_free(l->name);
    g_free(l);
}

static void segment_free(gpointer p)
{
    NetSegment *s = p;
    g_hash_table_destroy(s->members);
    g_free(s->name);
    g_free(s);
}

static void params_free(gpointer p)
{
    net_link_params_clear(p);
    g_free(p);
}

NetNetwork *net_network_new(SimKernel *kernel)
{
    NetNetwork *net = g_new0(NetNetwork, 1);
    net->kernel = kernel;
    net->nodes = g_ptr_array_new_with_free_func(node_free);
    net->nodes_by_name = g_hash_table_new(g_str_hash, g_str_equal);
    net->links = g_ptr_array_new_with_free_func(link_free);
    net->segments = g_ptr_array_new_with_free_func(segment_free);
    net->params = g_ptr_array_new_with_free_func(params_free);
    net->observers = g_array_new(FALSE, FALSE, sizeof(NetObserverEntry));
    net->next_datagram_id = 1;
    return net;
}

static void arrive_at_node(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg);
static void arrive_at_segment(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg);
static void arrive_loopback(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg);

static gboolean is_arrival(const SimEvent *ev)
{
    return ev->fn == arrive_at_node || ev->fn == arrive_at_segment || ev->fn == arrive_loopback;
}

static void count_in_flight(const SimEvent *ev, gpointer user)
{
    if (is_arrival(ev))
        (*(guint64 *) user)++;
}

guint64 net_network_in_flight(const NetNetwork *net)
{
    guint64 n = 0;
    sim_kernel_foreach_pending(net->kernel, count_in_flight, &n);
    return n;
}

static void free_in_flight(const SimEvent *ev, gpointer user)
{
    if (is_arrival(ev))
        net_datagram_free(ev->data);
}

void net_network_free(NetNetwork *net)
{
    if (!net)
        return;
    sim_kernel_foreach_pending(net->kernel, free_in_flight, NULL);
    g_hash_table_destroy(net->nodes_by_name);
    g_ptr_array_unref(net->nodes);
    g_ptr_array_unref(net->links);
    g_ptr_array_unref(net->segments);
    g_ptr_array_unref(net->params);
    g_array_unref(net->observers);
    g_free(net);
}

SimKernel *net_network_kernel(const NetNetwork *net)
{
    return net->kernel;
}

void net_network_add_observer(NetNetwork *net, NetObserver fn, gpointer user_data)
{
    NetObserverEntry e = { fn, user_data };
    g_array_append_val(net->observers, e);
}

const NetStats *net_network_stats(const NetNetwork *net)
{
    return &net->stats;
}

const NetLinkParams *net_network_keep_params(NetNetwork *net, NetLinkParams *params)
{
    g_ptr_array_add(net->params, params);
    return params;
}

NetNode *net_node_new(NetNetwork *net, const char *name)
{
    g_return_val_if_fail(!g_hash_table_contains(net->nodes_by_name, name), NULL);
    NetNode *n = g_new0(NetNode, 1);
    n->net = net;
    n->name = g_strdup(name);
    g_ptr_array_add(net->nodes, n);
    g_hash_table_insert(net->nodes_by_name, n->name, n);
    return n;
}

void net_node_add_address(NetNode *node, NetIp ip)
{
    g_return_if_fail(node->n_ifaces == 0); /* segments index addresses when a node attaches */
    node->addrs = g_renew(NetIp, node->addrs, node->n_addrs + 1);
    node->addrs[node->n_addrs++] = ip;
}

void net_node_set_forwarding(NetNode *node, gboolean forwarding)
{
    node->forwarding = forwarding;
}

NetSegment *net_segment_new(NetNetwork *net, const char *name)
{
    NetSegment *s = g_new0(NetSegment, 1);
    s->name = g_strdup(name);
    s->members = g_hash_table_new(g_direct_hash, g_direct_equal);
    g_ptr_array_add(net->segments, s);
    return s;
}

static void node_add_iface(NetNode *node, NetLink *link, guint8 end)
{
    node->ifaces = g_renew(NetIface, node->ifaces, node->n_ifaces + 1);
    node->ifaces[node->n_ifaces++] = (NetIface){ link, end };
}

static NetLink *link_alloc(NetNetwork *net, const char *name, const NetLinkParams *forward,
                           const NetLinkParams *reverse)
{
    NetLink *l = g_new0(NetLink, 1);
    l->name = g_strdup(name);
    guint64 seed = sim_kernel_seed(net->kernel), run = sim_kernel_run_number(net->kernel);
    g_autofree char *s0 = g_strconcat("link:", name, ":0", NULL);
    g_autofree char *s1 = g_strconcat("link:", name, ":1", NULL);
    net_link_dir_init(&l->dir[0], forward, seed, run, s0);
    net_link_dir_init(&l->dir[1], reverse, seed, run, s1);
    g_ptr_array_add(net->links, l);
    return l;
}

NetLink *net_link_new(NetNetwork *net, const char *name, NetNode *a, NetNode *b,
                      const NetLinkParams *forward, const NetLinkParams *reverse)
{
    NetLink *l = link_alloc(net, name, forward, reverse);
    l->ends[0] = a;
    l->ends[1] = b;
    node_add_iface(a, l, 0);
    node_add_iface(b, l, 1);
    return l;
}

NetLink *net_segment_attach(NetNetwork *net, const char *name, NetNode *node, NetSegment *seg,
                            const NetLinkParams *up, const NetLinkParams *down)
{
    NetLink *l = link_alloc(net, name, up, down);
    l->ends[0] = node;
    l->segment = seg;
    node_add_iface(node, l, 0);
    for (guint i = 0; i < node->n_addrs; i++)
        g_hash_table_insert(seg->members, GUINT_TO_POINTER(node->addrs[i]), l);
    return l;
}

static NetNode *link_peer(const NetLink *link, guint8 end)
{
    return link->segment ? NULL : link->ends[1 - end];
}

/* The hop that reaches the neighbour @via, if it is one. */
static gboolean hop_to_neighbour(const NetNode *node, const NetNode *via, NetHop *hop)
{
    for (guint i = 0; i < node->n_ifaces; i++) {
        NetIface f = node->ifaces[i];
        if (link_peer(f.link, f.end) == via) {
            *hop = (NetHop){ f, NULL };
            return TRUE;
        }
        if (f.link->segment) {
            for (guint j = 0; j < via->n_ifaces; j++) {
                NetLink *att = via->ifaces[j].link;
                if (att->segment == f.link->segment && att != f.link) {
                    *hop = (NetHop){ f, att };
                    return TRUE;
                }
            }
        }
    }
    return FALSE;
}

gboolean net_node_add_route(NetNode *node, NetPrefix prefix, NetNode *via)
{
    NetHop hop;
    if (!hop_to_neighbour(node, via, &hop))
        return FALSE;
    node->routes = g_renew(NetRoute, node->routes, node->n_routes + 1);
    node->routes[node->n_routes++] = (NetRoute){ prefix, via, hop };
    return TRUE;
}

NetNode *net_network_lookup_node(const NetNetwork *net, const char *name)
{
    return g_hash_table_lookup(net->nodes_by_name, name);
}

guint net_network_n_nodes(const NetNetwork *net)
{
    return net->nodes->len;
}

NetNode *net_network_node(const NetNetwork *net, guint i)
{
    return g_ptr_array_index(net->nodes, i);
}

guint net_network_n_links(const NetNetwork *net)
{
    return net->links->len;
}

NetLink *net_network_link(const NetNetwork *net, guint i)
{
    return g_ptr_array_index(net->links, i);
}

guint64 net_network_next_datagram_id(const NetNetwork *net)
{
    return net->next_datagram_id;
}

NetNetwork *net_node_network(const NetNode *node)
{
    return node->net;
}

const char *net_node_name(const NetNode *node)
{
    return node->name;
}

NetIp net_node_address(const NetNode *node)
{
    return node->n_addrs ? node->addrs[0] : 0;
}

guint net_node_n_addresses(const NetNode *node)
{
    return node->n_addrs;
}

NetIp net_node_address_at(const NetNode *node, guint i)
{
    g_return_val_if_fail(i < node->n_addrs, 0);
    return node->addrs[i];
}

void net_node_set_entity(NetNode *node, SimEntity *entity)
{
    node->entity = entity;
}

static gboolean node_listens(const NetNode *node, guint16 port)
{
    for (guint i = 0; i < node->n_ports; i++)
        if (node->ports[i] == port)
            return TRUE;
    return FALSE;
}

void net_node_set_middlebox(NetNode *node, NetMiddleboxFn fn, gpointer box, GDestroyNotify free_box)
{
    if (node->free_box)
        node->free_box(node->box);
    node->middlebox = fn;
    node->box = box;
    node->free_box = free_box;
}

gpointer net_node_middlebox(const NetNode *node, NetMiddleboxFn fn)
{
    return node->middlebox == fn ? node->box : NULL;
}

gboolean net_node_bind(NetNode *node, guint16 port)
{
    if (node_listens(node, port))
        return FALSE;
    node->ports = g_renew(guint16, node->ports, node->n_ports + 1);
    node->ports[node->n_ports++] = port;
    return TRUE;
}

const char *net_segment_name(const NetSegment *segment)
{
    return segment->name;
}

const char *net_link_name(const NetLink *link)
{
    return link->name;
}

void net_link_set_down(NetLink *link, gboolean down)
{
    link->dir[0].forced_down = link->dir[1].forced_down = down;
}

const char *net_link_direction_label(const NetLink *link, int direction)
{
    g_return_val_if_fail(direction == 0 || direction == 1, "?");
    NetLink *l = (NetLink *) link; /* the label cache is not part of the link's value */
    if (!l->labels[direction]) {
        const char *a = l->ends[0]->name;
        const char *b = l->segment ? l->segment->name : l->ends[1]->name;
        l->labels[direction] =
            direction == 0 ? g_strconcat(a, "->", b, NULL) : g_strconcat(b, "->", a, NULL);
    }
    return l->labels[direction];
}

NetLinkStats net_link_stats(const NetLink *link, int direction)
{
    return net_link_dir_stats(&link->dir[direction]);
}

/* ---- moving datagrams ---- */

static void emit(NetNetwork *net, NetTraceKind kind, NetDropCause cause, const NetDatagram *dg,
                 const NetNode *node, const NetLink *link, int direction)
{
    if (net->observers->len == 0)
        return;
    NetTrace t = {
        .time = sim_kernel_now(net->kernel),
        .kind = kind,
        .cause = cause,
        .dg = dg,
        .node = node,
        .link = link,
        .direction = direction,
    };
    SIM_COST_ENTER(other);
    for (guint i = 0; i < net->observers->len; i++) {
        NetObserverEntry *e = &g_array_index(net->observers, NetObserverEntry, i);
        e->fn(&t, e->user_data);
    }
    SIM_COST_LEAVE(other);
}

static void drop(NetNetwork *net, NetDropCause cause, NetDatagram *dg, const NetNode *node,
                 const NetLink *link, int direction)
{
    net->stats.dropped[cause]++;
    emit(net, NET_TRACE_DROP, cause, dg, node, link, direction);
    net_datagram_free(dg);
}

static gboolean node_owns(const NetNode *node, NetIp ip)
{
    for (guint i = 0; i < node->n_addrs; i++)
        if (node->addrs[i] == ip)
            return TRUE;
    return FALSE;
}

/* Directly connected destinations first, then the longest matching route. */
static gboolean route_lookup(const NetNode *node, NetIp dst, NetHop *hop)
{
    for (guint i = 0; i < node->n_ifaces; i++) {
        NetIface f = node->ifaces[i];
        if (f.link->segment) {
            NetLink *att = g_hash_table_lookup(f.link->segment->members, GUINT_TO_POINTER(dst));
            if (att && att != f.link) {
                *hop = (NetHop){ f, att };
                return TRUE;
            }
        } else if (node_owns(link_peer(f.link, f.end), dst)) {
            *hop = (NetHop){ f, NULL };
            return TRUE;
        }
    }
    const NetRoute *best = NULL;
    for (guint i = 0; i < node->n_routes; i++) {
        const NetRoute *r = &node->routes[i];
        if (net_prefix_contains(r->prefix, dst) && (!best || r->prefix.len > best->prefix.len))
            best = r;
    }
    if (!best)
        return FALSE;
    *hop = best->hop;
    return TRUE;
}

/* Hands @dg to one direction of @link; schedules its arrival (and a duplicate's) or drops it.
 * @next is the attachment of the neighbour across a segment, NULL on a point-to-point link. */
static void transmit(NetNetwork *net, const NetNode *from, NetLink *link, guint8 dir, NetLink *next,
                     NetDatagram *dg)
{
    NetTransmission tx;
    SimTime now = sim_kernel_now(net->kernel);
    net_link_dir_transmit(&link->dir[dir], now, net_datagram_wire_size(dg), &tx);
    if (tx.drop) {
        drop(net, tx.drop, dg, from, link, dir);
        return;
    }
    SimEventFn fn = next ? arrive_at_segment : arrive_at_node;
    gpointer obj = next ? next : link;
    if (tx.duplicated) {
        NetDatagram *copy = net_datagram_copy(dg);
        net->stats.duplicated++;
        emit(net, NET_TRACE_DUPLICATE, NET_DROP_NONE, copy, from, link, dir);
        sim_kernel_post(net->kernel, tx.dup_arrival - now, fn, obj, copy, dir);
    }
    sim_kernel_post(net->kernel, tx.arrival - now, fn, obj, dg, dir);
}

NetNode *net_node_next_hop(const NetNode *node, NetIp dst)
{
    NetHop hop;
    if (node_owns(node, dst) || !route_lookup(node, dst, &hop))
        return NULL;
    return hop.next_attachment ? hop.next_attachment->ends[0]
                               : link_peer(hop.out.link, hop.out.end);
}

static void route_and_transmit(NetNetwork *net, NetNode *node, NetDatagram *dg)
{
    NetHop hop;
    if (!route_lookup(node, dg->dst.ip, &hop)) {
        drop(net, NET_DROP_NO_ROUTE, dg, node, NULL, 0);
        return;
    }
    transmit(net, node, hop.out.link, hop.out.end, hop.next_attachment, dg);
}

/* Delivers @dg if @node owns its destination, else forwards it. */
static void node_accept(NetNetwork *net, NetNode *node, NetDatagram *dg, const NetLink *via,
                        int direction)
{
    if (node_owns(node, dg->dst.ip)) {
        if (!node->entity || !node_listens(node, dg->dst.port)) {
            drop(net, NET_DROP_PORT_UNREACHABLE, dg, node, via, direction);
            return;
        }
        net->stats.delivered++;
        emit(net, NET_TRACE_DELIVER, NET_DROP_NONE, dg, node, via, direction);
        SIM_COST_ENTER(other); /* the entity's time is its own */
        node->entity->klass->receive(node->entity, dg);
        SIM_COST_LEAVE(other);
        net_datagram_free(dg);
        return;
    }
    if (!node->forwarding) {
        drop(net, NET_DROP_NO_ROUTE, dg, node, via, direction);
        return;
    }
    if (--dg->ttl == 0) {
        drop(net, NET_DROP_TTL_EXPIRED, dg, node, via, direction);
        return;
    }
    net->stats.forwarded++;
    emit(net, NET_TRACE_FORWARD, NET_DROP_NONE, dg, node, NULL, 0);
    route_and_transmit(net, node, dg);
}

/* obj: the link, arg: the direction it travelled; it arrives at the far end, where the node's
 * middlebox, if any, sees it first. */
static void arrive_at_node(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg)
{
    NetLink *link = obj;
    NetNode *to = link->segment ? link->ends[0] : link->ends[1 - arg];
    NetDatagram *dg = data;
    SIM_COST_ENTER(transport);
    NetDropCause cause =
        to->middlebox ? to->middlebox(to->box, to, dg, link, (int) arg) : NET_DROP_NONE;
    if (cause != NET_DROP_NONE)
        drop(to->net, cause, dg, to, link, (int) arg);
    else
        node_accept(to->net, to, dg, link, (int) arg);
    SIM_COST_LEAVE(transport);
}

/* obj: the attachment of the node the datagram goes to next; it now goes down that one. */
static void arrive_at_segment(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg)
{
    NetLink *att = obj;
    SIM_COST_ENTER(transport);
    transmit(att->ends[0]->net, NULL, att, 1, NULL, data);
    SIM_COST_LEAVE(transport);
}

static void arrive_loopback(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg)
{
    NetNode *node = obj;
    SIM_COST_ENTER(transport);
    node_accept(node->net, node, data, NULL, 0);
    SIM_COST_LEAVE(transport);
}

void net_node_send(NetNode *node, guint16 src_port, NetEndpoint dst, NetDatagram *dg)
{
    NetNetwork *net = node->net;
    SIM_COST_ENTER(transport);
    dg->id = net->next_datagram_id++;
    dg->src = (NetEndpoint){ net_node_address(node), src_port };
    dg->dst = dst;
    net->stats.sent++;
    emit(net, NET_TRACE_SEND, NET_DROP_NONE, dg, node, NULL, 0);
    if (node_owns(node, dst.ip))
        sim_kernel_post(net->kernel, 0, arrive_loopback, node, dg, 0);
    else
        route_and_transmit(net, node, dg);
    SIM_COST_LEAVE(transport);
}
