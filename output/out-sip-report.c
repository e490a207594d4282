/* SPDX-License-Identifier: MIT */
#include "out-sip-report.h"

#include "out-json.h"
#include "out-rtp.h"
#include "out-stats.h"
#include "sip-phone.h"
#include "sip-proxy.h"

struct OutSipTally {
    SimTime warmup; /* calls that start before are not counted */
    guint64 warmup_calls;
    guint64 calls;
    guint64 answered;
    guint64 up_at_end;    /* still up when the run ended */
    GHashTable *statuses; /* final status -> count (0: none) */
    GArray *to_provisional;
    GArray *to_answer;
    OutRtp *rtp;
};

static void on_call(gpointer user, const SipCallEvent *ev)
{
    OutSipTally *t = user;
    if (ev->start < t->warmup) {
        t->warmup_calls++;
        return;
    }
    t->calls++;
    if (ev->ended < 0)
        t->up_at_end++;
    if (ev->answered >= 0) {
        t->answered++;
        SimTime d = ev->answered - ev->start;
        g_array_append_val(t->to_answer, d);
    }
    if (ev->provisional >= 0) {
        SimTime d = ev->provisional - ev->start;
        g_array_append_val(t->to_provisional, d);
    }
    gpointer key = GUINT_TO_POINTER(ev->status);
    g_hash_table_replace(
        t->statuses, key,
        GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(t->statuses, key)) + 1));
}

OutSipTally *out_sip_tally_new(SipTrace *trace)
{
    OutSipTally *t = g_new0(OutSipTally, 1);
    t->statuses = g_hash_table_new(g_direct_hash, g_direct_equal);
    t->to_provisional = g_array_new(FALSE, FALSE, sizeof(SimTime));
    t->to_answer = g_array_new(FALSE, FALSE, sizeof(SimTime));
    SipObserver obs = { .call = on_call, .user = t };
    sip_trace_add(trace, &obs);
    t->rtp = out_rtp_new(trace);
    return t;
}

void out_sip_tally_free(OutSipTally *tally)
{
    if (!tally)
        return;
    g_hash_table_destroy(tally->statuses);
    g_array_unref(tally->to_provisional);
    g_array_unref(tally->to_answer);
    out_rtp_free(tally->rtp);
    g_free(tally);
}

/* The figures summed over every phone and proxy of the run. */
typedef struct {
    SipStackStats stack;
    guint64 live_transactions;
    guint64 live_calls;
    guint64 live_subscriptions;
    guint64 live_contexts;
    guint64 registrations;
    guint64 registration_failures;
    guint n_elements;
} Totals;

static void add_stack(Totals *t, const SipStackStats *s)
{
    for (int k = 0; k < SIP_TXN_N_KINDS; k++) {
        t->stack.transactions[k] += s->transactions[k];
        t->stack.retransmissions[k] += s->retransmissions[k];
        t->stack.timeouts[k] += s->timeouts[k];
    }
    t->stack.malformed += s->malformed;
    t->stack.stray_responses += s->stray_responses;
}

static Totals totals(const SimWorld *world)
{
    Totals t = { 0 };
    for (guint i = 0; i < world->all->len; i++) {
        SimEntity *e = g_ptr_array_index(world->all, i);
        const SipPhoneStats *ps = sip_phone_stats(e);
        if (ps) {
            t.n_elements++;
            add_stack(&t, sip_phone_stack_stats(e));
            t.live_transactions += sip_phone_live_transactions(e);
            t.live_calls += sip_phone_live_calls(e);
            t.live_subscriptions += sip_phone_live_subscriptions(e);
            t.registrations += ps->registrations;
            t.registration_failures += ps->registration_failures;
        } else if (sip_proxy_is(e)) {
            t.n_elements++;
            add_stack(&t, sip_proxy_stack_stats(e));
            t.live_transactions += sip_proxy_live_transactions(e);
            t.live_contexts += sip_proxy_stats(e)->active_contexts;
        }
    }
    return t;
}

gboolean out_sip_report_wanted(const SimWorld *world)
{
    return totals(world).n_elements > 0;
}

static gint compare_uint(gconstpointer a, gconstpointer b)
{
    guint x = GPOINTER_TO_UINT(*(gconstpointer *) a), y = GPOINTER_TO_UINT(*(gconstpointer *) b);
    return (x > y) - (x < y);
}

/* The final statuses, in increasing order. */
static GPtrArray *sorted_statuses(const OutSipTally *t)
{
    GPtrArray *keys = g_ptr_array_new();
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, t->statuses);
    while (g_hash_table_iter_next(&it, &key, NULL))
        g_ptr_array_add(keys, key);
    g_ptr_array_sort(keys, compare_uint);
    return keys;
}

void out_sip_report_json(JsonBuilder *b, const OutSipTally *tally, const SimWorld *world)
{
    Totals t = totals(world);
    json_builder_set_member_name(b, "sip");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "calls");
    json_builder_begin_object(b);
    out_json_int(b, "placed", (gint64) tally->calls);
    out_json_int(b, "in_warmup", (gint64) tally->warmup_calls);
    out_json_int(b, "answered", (gint64) tally->answered);
    out_json_int(b, "up_at_end", (gint64) tally->up_at_end);
    json_builder_set_member_name(b, "by_final_status");
    json_builder_begin_object(b);
    g_autoptr(GPtrArray) codes = sorted_statuses(tally);
    for (guint i = 0; i < codes->len; i++) {
        guint code = GPOINTER_TO_UINT(g_ptr_array_index(codes, i));
        char name[16];
        g_snprintf(name, sizeof name, "%u", code);
        out_json_int(
            b, code ? name : "none",
            GPOINTER_TO_UINT(g_hash_table_lookup(tally->statuses, GUINT_TO_POINTER(code))));
    }
    json_builder_end_object(b);
    OutTimes prov = out_times_of(tally->to_provisional), ans = out_times_of(tally->to_answer);
    out_times_json(b, "time_to_first_provisional", &prov);
    out_times_json(b, "time_to_answer", &ans);
    json_builder_end_object(b);
    guint64 media[OUT_MEDIA_N_VERDICTS];
    out_rtp_count(tally->rtp, media);
    json_builder_set_member_name(b, "media");
    json_builder_begin_object(b);
    out_json_int(b, "checked",
                 (gint64) (media[OUT_MEDIA_BOTH] + media[OUT_MEDIA_CALLER_TO_CALLEE] +
                           media[OUT_MEDIA_CALLEE_TO_CALLER] + media[OUT_MEDIA_NONE]));
    for (int v = OUT_MEDIA_BOTH; v < OUT_MEDIA_N_VERDICTS; v++)
        out_json_int(b, out_media_verdict_name((OutMediaVerdict) v), (gint64) media[v]);
    json_builder_end_object(b);
    json_builder_set_member_name(b, "transactions");
    json_builder_begin_object(b);
    for (int k = 0; k < SIP_TXN_N_KINDS; k++) {
        json_builder_set_member_name(b, sip_txn_kind_name(k));
        json_builder_begin_object(b);
        out_json_int(b, "count", (gint64) t.stack.transactions[k]);
        out_json_int(b, "retransmissions", (gint64) t.stack.retransmissions[k]);
        out_json_int(b, "timeouts", (gint64) t.stack.timeouts[k]);
        json_builder_end_object(b);
    }
    json_builder_end_object(b);
    out_json_int(b, "registrations", (gint64) t.registrations);
    out_json_int(b, "registration_failures", (gint64) t.registration_failures);
    out_json_int(b, "malformed", (gint64) t.stack.malformed);
    json_builder_set_member_name(b, "alive_at_end");
    json_builder_begin_object(b);
    out_json_int(b, "transactions", (gint64) t.live_transactions);
    out_json_int(b, "calls", (gint64) t.live_calls);
    out_json_int(b, "subscriptions", (gint64) t.live_subscriptions);
    out_json_int(b, "proxy_contexts", (gint64) t.live_contexts);
    json_builder_end_object(b);
    json_builder_end_object(b);
}

void out_sip_tally_set_warmup(OutSipTally *tally, SimTime warmup)
{
    tally->warmup = warmup;
}

const OutRtp *out_sip_tally_rtp(const OutSipTally *tally)
{
    return tally->rtp;
}

void out_sip_report_print(FILE *f, const OutSipTally *tally, const SimWorld *world)
{
    Totals t = totals(world);
    fprintf(f, "calls: %" G_GUINT64_FORMAT " placed, %" G_GUINT64_FORMAT " answered", tally->calls,
            tally->answered);
    g_autoptr(GPtrArray) codes = sorted_statuses(tally);
    const char *sep = "; final status ";
    for (guint i = 0; i < codes->len; i++) {
        guint code = GPOINTER_TO_UINT(g_ptr_array_index(codes, i));
        guint n = GPOINTER_TO_UINT(g_hash_table_lookup(tally->statuses, GUINT_TO_POINTER(code)));
        if (code)
            fprintf(f, "%s%u x%u", sep, code, n);
        else
            fprintf(f, "%snone x%u", sep, n);
        sep = ", ";
    }
    if (tally->up_at_end)
        fprintf(f, "; %" G_GUINT64_FORMAT " still up at the end", tally->up_at_end);
    if (tally->warmup_calls)
        fprintf(f, " (and %" G_GUINT64_FORMAT " started in the warm-up, not counted)",
                tally->warmup_calls);
    fputc('\n', f);
    OutTimes ans = out_times_of(tally->to_answer);
    out_times_print(f, "  time to answer: ", &ans);
    guint64 media[OUT_MEDIA_N_VERDICTS];
    out_rtp_count(tally->rtp, media);
    if (media[OUT_MEDIA_BOTH] + media[OUT_MEDIA_CALLER_TO_CALLEE] +
        media[OUT_MEDIA_CALLEE_TO_CALLER] + media[OUT_MEDIA_NONE])
        fprintf(f,
                "media (RTP at call setup): both ways %" G_GUINT64_FORMAT
                ", caller to callee only %" G_GUINT64_FORMAT
                ", callee to caller only %" G_GUINT64_FORMAT ", none %" G_GUINT64_FORMAT "\n",
                media[OUT_MEDIA_BOTH], media[OUT_MEDIA_CALLER_TO_CALLEE],
                media[OUT_MEDIA_CALLEE_TO_CALLER], media[OUT_MEDIA_NONE]);
    if (t.registrations || t.registration_failures)
        fprintf(f, "registrations: %" G_GUINT64_FORMAT " accepted, %" G_GUINT64_FORMAT " failed\n",
                t.registrations, t.registration_failures);
    fputs("transactions (retransmissions):", f);
    for (int k = 0; k < SIP_TXN_N_KINDS; k++)
        fprintf(f, " %s %" G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT ")", sip_txn_kind_name(k),
                t.stack.transactions[k], t.stack.retransmissions[k]);
    fputc('\n', f);
    if (t.live_transactions || t.live_calls || t.live_subscriptions || t.live_contexts)
        fprintf(f,
                "alive at the end: %" G_GUINT64_FORMAT " transactions, %" G_GUINT64_FORMAT
                " calls, %" G_GUINT64_FORMAT " subscriptions, %" G_GUINT64_FORMAT
                " proxy contexts\n",
                t.live_transactions, t.live_calls, t.live_subscriptions, t.live_contexts);
}
