/* SPDX-License-Identifier: MIT */
#include "out-calls.h"

#include <string.h>

#include "out-sip-report.h"

typedef struct {
    char *call_id;
    char *name;
    char *caller;
    char *callee;
    SimTime start, provisional, answered, ended;
    guint status;
    OutCallOutcome outcome;
} Call;

struct OutCalls {
    GArray *calls;               /* Call, as reported */
    GHashTable *retransmissions; /* call-id -> count, every element's */
};

static void on_call(gpointer user, const SipCallEvent *ev)
{
    OutCalls *c = user;
    Call call = {
        .call_id = g_strdup(ev->call_id),
        .name = g_strdup(ev->name ? ev->name : ""),
        .caller = g_strdup(ev->caller),
        .callee = g_strdup(ev->callee),
        .start = ev->start,
        .provisional = ev->provisional,
        .answered = ev->answered,
        .ended = ev->ended,
        .status = ev->status,
        .outcome = out_call_outcome(ev),
    };
    g_array_append_val(c->calls, call);
}

static void on_message(const OutMessage *m, gpointer user)
{
    OutCalls *c = user;
    if (!m->retransmission)
        return;
    gpointer n = g_hash_table_lookup(c->retransmissions, m->call_id);
    g_hash_table_replace(c->retransmissions, g_strdup(m->call_id),
                         GUINT_TO_POINTER(GPOINTER_TO_UINT(n) + 1));
}

OutCalls *out_calls_new(OutMessageLog *log, SipTrace *trace)
{
    OutCalls *c = g_new0(OutCalls, 1);
    c->calls = g_array_new(FALSE, FALSE, sizeof(Call));
    c->retransmissions = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    SipObserver obs = { .call = on_call, .user = c };
    sip_trace_add(trace, &obs);
    out_message_log_subscribe(log, on_message, c);
    return c;
}

void out_calls_free(OutCalls *calls)
{
    if (!calls)
        return;
    for (guint i = 0; i < calls->calls->len; i++) {
        Call *c = &g_array_index(calls->calls, Call, i);
        g_free(c->call_id);
        g_free(c->name);
        g_free(c->caller);
        g_free(c->callee);
    }
    g_array_unref(calls->calls);
    g_hash_table_destroy(calls->retransmissions);
    g_free(calls);
}

/* In the order the calls started; calls started at the same time by name, then Call-ID. */
static int by_start(gconstpointer a, gconstpointer b)
{
    const Call *x = a, *y = b;
    if (x->start != y->start)
        return (x->start > y->start) - (x->start < y->start);
    int by_name = strcmp(x->name, y->name);
    return by_name ? by_name : strcmp(x->call_id, y->call_id);
}

static void write_time(FILE *f, SimTime t)
{
    if (t >= 0)
        fprintf(f, "%" G_GINT64_FORMAT, t);
    fputc(',', f);
}

void out_calls_write(const OutCalls *calls, const OutRtp *rtp, FILE *f)
{
    fputs(OUT_CALLS_HEADER, f);
    g_autoptr(GArray) sorted = g_array_copy(calls->calls);
    g_array_sort(sorted, by_start);
    for (guint i = 0; i < sorted->len; i++) {
        const Call *c = &g_array_index(sorted, Call, i);
        fprintf(f, "%s,%s,%s,%" G_GINT64_FORMAT ",", c->call_id, c->caller, c->callee, c->start);
        write_time(f, c->provisional >= 0 ? c->provisional - c->start : -1);
        write_time(f, c->answered >= 0 ? c->answered - c->start : -1);
        write_time(f, c->ended);
        fprintf(f, "%u,%u,", c->status,
                GPOINTER_TO_UINT(g_hash_table_lookup(calls->retransmissions, c->call_id)));
        const OutRtpCall *r = rtp ? out_rtp_call(rtp, c->call_id) : NULL;
        OutRtpCall none = { 0 };
        const OutRtpCall *m = r ? r : &none;
        fprintf(f, "%u,%u,%u,%u,%s,%s,%s\n", m->caller_sent, m->callee_received, m->callee_sent,
                m->caller_received, out_media_verdict_name(out_rtp_verdict(r)), c->name,
                out_call_outcome_name(c->outcome));
    }
}

void out_calls_print(const OutCalls *calls, const OutRtp *rtp, FILE *f)
{
    g_autoptr(GArray) sorted = g_array_copy(calls->calls);
    g_array_sort(sorted, by_start);
    int width = 4;
    for (guint i = 0; i < sorted->len; i++) {
        const Call *c = &g_array_index(sorted, Call, i);
        width = MAX(width, (int) strlen(*c->name ? c->name : c->call_id));
    }
    fprintf(f, "%-*s  %-10s %-10s %6s %12s  %s\n", width, "call", "caller", "callee", "status",
            "answer (ms)", "media");
    for (guint i = 0; i < sorted->len; i++) {
        const Call *c = &g_array_index(sorted, Call, i);
        char answer[32] = "-";
        if (c->answered >= 0)
            g_snprintf(answer, sizeof answer, "%.3f", (double) (c->answered - c->start) / SIM_MS);
        const char *media =
            out_media_verdict_name(out_rtp_verdict(rtp ? out_rtp_call(rtp, c->call_id) : NULL));
        fprintf(f, "%-*s  %-10s %-10s %6u %12s  %s\n", width, *c->name ? c->name : c->call_id,
                c->caller, c->callee, c->status, answer, *media ? media : "-");
    }
}
