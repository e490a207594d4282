/* SPDX-License-Identifier: MIT */
#include "out-transactions.h"

#include "sip-transaction.h"

typedef struct {
    guint64 seq; /* the order it started in */
    char *node;
    SipTxnKind kind;
    char *method;
    char *branch;
    char *call_id;
    SimTime start;
    guint status;
    guint transmissions;
    guint retransmissions;
} Row;

struct OutTransactions {
    FILE *stream;
    GHashTable *live; /* const SipTransaction * -> Row *: its pointer is unique while it lives */
    guint64 started;
};

static void row_free(gpointer p)
{
    Row *r = p;
    g_free(r->node);
    g_free(r->method);
    g_free(r->branch);
    g_free(r->call_id);
    g_free(r);
}

static void write_row(FILE *f, const Row *r, SimTime end, const char *reason)
{
    fprintf(f, "%s,%s,%s,%s,%s,%" G_GINT64_FORMAT ",", r->node, sip_txn_kind_name(r->kind),
            r->method, r->branch, r->call_id, r->start);
    if (end >= 0)
        fprintf(f, "%" G_GINT64_FORMAT, end);
    fprintf(f, ",%u,%u,%u,%s\n", r->status, r->transmissions, r->retransmissions, reason);
}

/* B, F and H end a transaction that got no final response (B, F) or no ACK (H). */
static gboolean is_timeout(SipTxnEvent event)
{
    return event == SIP_TXN_EV_TIMER_OF(SIP_TIMER_B) || event == SIP_TXN_EV_TIMER_OF(SIP_TIMER_F) ||
           event == SIP_TXN_EV_TIMER_OF(SIP_TIMER_H);
}

static void on_transaction(gpointer user, const SipTxnStateEvent *ev)
{
    OutTransactions *t = user;
    Row *r = g_hash_table_lookup(t->live, ev->txn);
    if (!r) {
        r = g_new0(Row, 1);
        r->seq = t->started++;
        r->node = g_strdup(net_node_name(ev->node));
        r->kind = ev->txn->kind;
        r->method = g_strdup(ev->method);
        r->branch = g_strdup(ev->branch);
        r->call_id = g_strdup(ev->call_id);
        r->start = ev->time;
        g_hash_table_insert(t->live, (gpointer) ev->txn, r);
    }
    r->status = ev->status;
    if (ev->to != SIP_TXN_TERMINATED)
        return;
    write_row(t->stream, r, ev->time,
              ev->cut == SIP_TXN_CUT_ABANDONED ? "abandoned"
              : ev->cut == SIP_TXN_CUT_RESTART ? "restart"
              : is_timeout(ev->event)          ? "timeout"
                                               : "terminated");
    g_hash_table_remove(t->live, ev->txn);
}

static void on_message(gpointer user, const SipMessageEvent *ev)
{
    OutTransactions *t = user;
    Row *r = ev->txn ? g_hash_table_lookup(t->live, ev->txn) : NULL;
    if (!r)
        return;
    r->transmissions++;
    r->retransmissions += ev->retransmission;
}

OutTransactions *out_transactions_attach(SipTrace *trace, FILE *stream)
{
    OutTransactions *t = g_new0(OutTransactions, 1);
    t->stream = stream;
    t->live = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, row_free);
    fputs(OUT_TRANSACTIONS_HEADER, stream);
    SipObserver obs = { .transaction = on_transaction, .message = on_message, .user = t };
    sip_trace_add(trace, &obs);
    return t;
}

static gint by_seq(gconstpointer a, gconstpointer b)
{
    const Row *x = *(Row *const *) a, *y = *(Row *const *) b;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

void out_transactions_finish(OutTransactions *t)
{
    g_autoptr(GPtrArray) rows = g_ptr_array_new();
    GHashTableIter it;
    gpointer row;
    g_hash_table_iter_init(&it, t->live);
    while (g_hash_table_iter_next(&it, NULL, &row))
        g_ptr_array_add(rows, row);
    g_ptr_array_sort(rows, by_seq);
    for (guint i = 0; i < rows->len; i++)
        write_row(t->stream, g_ptr_array_index(rows, i), -1, "alive");
    out_transactions_free(t);
}

void out_transactions_free(OutTransactions *t)
{
    if (!t)
        return;
    g_hash_table_destroy(t->live);
    g_free(t);
}
