/* SPDX-License-Identifier: MIT */
#include "out-messages.h"

#include "nat.h"
#include "sip-message.h"
#include "stun.h"

typedef struct {
    OutMessageFn fn;
    gpointer user;
} Subscriber;

struct OutMessageLog {
    NetNetwork *net;
    GHashTable *owners;      /* NetIp -> node name, made on first use */
    GQueue pending;          /* OutMessage *, in send order, fate not all known */
    GHashTable *by_datagram; /* datagram id -> OutMessage *, fate unknown */
    GArray *subscribers;
    guint64 count;
    GHashTable *stun_requests; /* transaction ids of STUN requests seen (hex) */
    gboolean keep_data;
};

static void message_free(OutMessage *m)
{
    g_free(m->label);
    g_free(m->call_id);
    g_free(m->branch);
    g_bytes_unref(m->data);
    g_free(m);
}

/* The node that owns @ip: where a datagram to it would have gone. */
static const char *owner_of(OutMessageLog *log, NetIp ip)
{
    if (!log->owners) {
        log->owners = g_hash_table_new(g_direct_hash, g_direct_equal);
        for (guint i = 0; i < net_network_n_nodes(log->net); i++) {
            NetNode *n = net_network_node(log->net, i);
            for (guint a = 0; a < net_node_n_addresses(n); a++)
                g_hash_table_insert(log->owners, GUINT_TO_POINTER(net_node_address_at(n, a)),
                                    (gpointer) net_node_name(n));
        }
    }
    const char *name = g_hash_table_lookup(log->owners, GUINT_TO_POINTER(ip));
    return name ? name : "";
}

/* Where a datagram to @dst would have gone: the node owning the address, or, for a NAT's public
 * address, the inside host its live mapping leads to (through nested NATs too). */
static const char *owner(OutMessageLog *log, NetEndpoint dst)
{
    for (int depth = 0; depth < NET_DEFAULT_TTL; depth++) {
        const char *name = owner_of(log, dst.ip);
        NetNode *node = *name ? net_network_lookup_node(log->net, name) : NULL;
        NatBox *nat = node ? nat_box_from_node(node) : NULL;
        NatMappingInfo m;
        if (!nat || dst.ip != nat_box_config(nat)->public_ip || !nat_box_lookup(nat, dst.port, &m))
            return name;
        dst = m.inside;
    }
    return "";
}

/* Hands on every message at the head whose fate is known. */
static void release(OutMessageLog *log)
{
    OutMessage *m;
    while ((m = g_queue_peek_head(&log->pending)) && m->fate) {
        g_queue_pop_head(&log->pending);
        for (guint i = 0; i < log->subscribers->len; i++) {
            Subscriber *s = &g_array_index(log->subscribers, Subscriber, i);
            s->fn(m, s->user);
        }
        message_free(m);
    }
}

static void track(OutMessageLog *log, OutMessage *m, gconstpointer data)
{
    if (log->keep_data)
        m->data = g_bytes_new(data, m->bytes);
    g_queue_push_tail(&log->pending, m);
    g_hash_table_insert(log->by_datagram, &m->datagram, m);
    log->count++;
}

static void on_sip_message(gpointer user, const SipMessageEvent *ev)
{
    OutMessageLog *log = user;
    OutMessage *m = g_new0(OutMessage, 1);
    m->time = ev->time;
    m->datagram = ev->datagram;
    m->from = net_node_name(ev->node);
    m->to = "";
    m->bytes = (guint32) ev->len;
    m->retransmission = ev->retransmission;
    g_autoptr(SipMessage) msg = sip_message_parse(ev->bytes, ev->len, NULL);
    if (msg && sip_message_cseq(msg)) {
        const SipCSeq *cseq = sip_message_cseq(msg);
        if (sip_message_is_request(msg))
            m->label = sip_str_dup(sip_message_method_text(msg));
        else
            m->label = g_strdup_printf("%u/%.*s", sip_message_status(msg),
                                       (int) cseq->method_text.len, cseq->method_text.s);
        m->call_id = sip_str_dup(sip_message_call_id(msg));
        m->cseq = cseq->number;
        m->branch = sip_message_via_count(msg) ? sip_str_dup(sip_message_via(msg, 0)->branch)
                                               : g_strdup("");
    } else {
        m->label = g_strdup("?");
        m->call_id = g_strdup("");
        m->branch = g_strdup("");
    }
    track(log, m, ev->bytes);
}

/* STUN (RFC 5389) shares the ports of SIP and media: its messages are logged from the wire, as
 * the reference flows name them: STUN-REQ, STUN-RESP (success) or STUN-ERR; a request whose
 * transaction id came before is a retransmission. The branch column holds the transaction id. */
static void log_stun(OutMessageLog *log, const NetTrace *t)
{
    StunHeader h;
    if (!stun_is_message(t->dg->data, t->dg->len) ||
        !stun_header_parse(t->dg->data, t->dg->len, &h, NULL))
        return;
    OutMessage *m = g_new0(OutMessage, 1);
    m->time = t->time;
    m->datagram = t->dg->id;
    m->from = net_node_name(t->node);
    m->bytes = t->dg->len;
    m->label = g_strdup(h.klass == STUN_CLASS_REQUEST   ? "STUN-REQ"
                        : h.klass == STUN_CLASS_SUCCESS ? "STUN-RESP"
                        : h.klass == STUN_CLASS_ERROR   ? "STUN-ERR"
                                                        : "STUN-IND");
    m->call_id = g_strdup("");
    GString *tid = g_string_new(NULL);
    for (gsize i = 0; i < STUN_TID_SIZE; i++)
        g_string_append_printf(tid, "%02x", h.tid[i]);
    m->branch = g_string_free(tid, FALSE);
    if (h.klass == STUN_CLASS_REQUEST) {
        if (!log->stun_requests)
            log->stun_requests = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        m->retransmission = !g_hash_table_add(log->stun_requests, g_strdup(m->branch));
    }
    m->to = owner(log, t->dg->dst);
    track(log, m, t->dg->data);
}

static void on_datagram(const NetTrace *t, gpointer user)
{
    OutMessageLog *log = user;
    OutMessage *m = g_hash_table_lookup(log->by_datagram, &t->dg->id);
    if (!m) {
        if (t->kind == NET_TRACE_SEND)
            log_stun(log, t);
        return;
    }
    switch (t->kind) {
    case NET_TRACE_SEND:
        m->to = owner(log, t->dg->dst);
        return;
    case NET_TRACE_DELIVER:
        m->to = net_node_name(t->node);
        m->fate = "delivered";
        break;
    case NET_TRACE_DROP:
        m->fate = net_drop_cause_name(t->cause);
        break;
    case NET_TRACE_FORWARD:
    case NET_TRACE_DUPLICATE:
        return;
    }
    m->end = t->time;
    g_hash_table_remove(log->by_datagram, &t->dg->id);
    release(log);
}

OutMessageLog *out_message_log_new(NetNetwork *net, SipTrace *trace)
{
    OutMessageLog *log = g_new0(OutMessageLog, 1);
    log->net = net;
    g_queue_init(&log->pending);
    log->by_datagram = g_hash_table_new(g_int64_hash, g_int64_equal);
    log->subscribers = g_array_new(FALSE, FALSE, sizeof(Subscriber));
    SipObserver obs = { .message = on_sip_message, .user = log };
    sip_trace_add(trace, &obs);
    net_network_add_observer(net, on_datagram, log);
    return log;
}

void out_message_log_subscribe(OutMessageLog *log, OutMessageFn fn, gpointer user)
{
    Subscriber s = { fn, user };
    g_array_append_val(log->subscribers, s);
}

void out_message_log_flush(OutMessageLog *log)
{
    for (GList *l = log->pending.head; l; l = l->next) {
        OutMessage *m = l->data;
        if (!m->fate) {
            m->fate = "in-flight";
            m->end = -1;
        }
    }
    g_hash_table_remove_all(log->by_datagram);
    release(log);
}

void out_message_log_keep_data(OutMessageLog *log)
{
    log->keep_data = TRUE;
}

guint64 out_message_log_count(const OutMessageLog *log)
{
    return log->count;
}

void out_message_log_free(OutMessageLog *log)
{
    if (!log)
        return;
    g_queue_clear_full(&log->pending, (GDestroyNotify) message_free);
    g_hash_table_destroy(log->by_datagram);
    if (log->owners)
        g_hash_table_destroy(log->owners);
    if (log->stun_requests)
        g_hash_table_destroy(log->stun_requests);
    g_array_unref(log->subscribers);
    g_free(log);
}

static void write_row(const OutMessage *m, gpointer user)
{
    fprintf(user, "%" G_GINT64_FORMAT ",%s,%s,%s,%s,%u,%s,%u,%d,%s\n", m->time, m->from, m->to,
            m->label, m->call_id, m->cseq, m->branch, m->bytes, m->retransmission ? 1 : 0, m->fate);
}

void out_messages_csv_attach(OutMessageLog *log, FILE *stream)
{
    fputs(OUT_MESSAGES_HEADER, stream);
    out_message_log_subscribe(log, write_row, stream);
}
