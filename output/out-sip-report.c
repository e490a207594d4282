/* SPDX-License-Identifier: MIT */
#include "out-sip-report.h"

#include "out-json.h"
#include "out-proxy-load.h"
#include "out-rtp.h"
#include "out-stats.h"
#include "sip-phone.h"
#include "sip-proxy.h"

struct OutSipTally {
    SimTime warmup; /* calls that start before are not counted */
    guint64 warmup_calls;
    guint64 calls;
    guint64 answered;
    guint64 failed;
    guint64 up_at_end;    /* still up when the run ended */
    guint64 goodput;      /* 2xx that came after the warm-up to callers still waiting for them */
    GHashTable *statuses; /* final status -> count (0: none) */
    GHashTable *failures; /* cause_key() -> count */
    OutSample *to_provisional;
    OutSample *to_answer;
    OutRtp *rtp;
};

static const char *const outcome_names[OUT_CALL_N_OUTCOMES] = {
    [OUT_CALL_ANSWERED] = "answered",   [OUT_CALL_SETTING_UP] = "setting-up",
    [OUT_CALL_REJECTED] = "rejected",   [OUT_CALL_TIMEOUT] = "timeout",
    [OUT_CALL_CANCELLED] = "cancelled", [OUT_CALL_HELD_BACK] = "held-back",
    [OUT_CALL_NO_FINAL] = "no-final",
};

const char *out_call_outcome_name(OutCallOutcome outcome)
{
    g_return_val_if_fail((guint) outcome < OUT_CALL_N_OUTCOMES, "?");
    return outcome_names[outcome];
}

OutCallOutcome out_call_outcome(const SipCallEvent *ev)
{
    if (ev->answered >= 0)
        return OUT_CALL_ANSWERED;
    if (ev->ended < 0)
        return OUT_CALL_SETTING_UP;
    if (ev->cancelled)
        return OUT_CALL_CANCELLED;
    if (ev->status_source == SIP_CALL_STATUS_HELD_BACK)
        return OUT_CALL_HELD_BACK;
    if (ev->status_source == SIP_CALL_STATUS_TIMEOUT)
        return OUT_CALL_TIMEOUT;
    return ev->status >= 300 ? OUT_CALL_REJECTED : OUT_CALL_NO_FINAL;
}

/* A failed call's cause as a key that sorts as reported: rejections by status code first,
 * then the other causes in their order. */
#define CAUSE_NAMED 1000

static guint cause_key(const SipCallEvent *ev, OutCallOutcome outcome)
{
    return outcome == OUT_CALL_REJECTED ? ev->status : CAUSE_NAMED + outcome;
}

static void count(GHashTable *table, guint key)
{
    gpointer k = GUINT_TO_POINTER(key);
    g_hash_table_replace(table, k,
                         GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(table, k)) + 1));
}

static void on_call(gpointer user, const SipCallEvent *ev)
{
    OutSipTally *t = user;
    t->goodput += ev->answered >= t->warmup && !ev->cancelled;
    if (ev->start < t->warmup) {
        t->warmup_calls++;
        return;
    }
    t->calls++;
    if (ev->ended < 0)
        t->up_at_end++;
    if (ev->answered >= 0) {
        t->answered++;
        out_sample_add(t->to_answer, ev->answered - ev->start);
    }
    if (ev->provisional >= 0) {
        out_sample_add(t->to_provisional, ev->provisional - ev->start);
    }
    count(t->statuses, ev->status);
    OutCallOutcome outcome = out_call_outcome(ev);
    if (outcome != OUT_CALL_ANSWERED && outcome != OUT_CALL_SETTING_UP) {
        t->failed++;
        count(t->failures, cause_key(ev, outcome));
    }
}

OutSipTally *out_sip_tally_new(SipTrace *trace)
{
    OutSipTally *t = g_new0(OutSipTally, 1);
    t->statuses = g_hash_table_new(g_direct_hash, g_direct_equal);
    t->failures = g_hash_table_new(g_direct_hash, g_direct_equal);
    t->to_provisional = out_sample_new();
    t->to_answer = out_sample_new();
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
    g_hash_table_destroy(tally->failures);
    out_sample_free(tally->to_provisional);
    out_sample_free(tally->to_answer);
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

/* The keys of @table, in increasing order. */
static GPtrArray *sorted_keys(GHashTable *table)
{
    GPtrArray *keys = g_ptr_array_new();
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, table);
    while (g_hash_table_iter_next(&it, &key, NULL))
        g_ptr_array_add(keys, key);
    g_ptr_array_sort(keys, compare_uint);
    return keys;
}

/* A cause_key() as reported: its status code, or its outcome's name. */
static const char *cause_name(guint key, char buf[16])
{
    if (key >= CAUSE_NAMED)
        return out_call_outcome_name((OutCallOutcome) (key - CAUSE_NAMED));
    g_snprintf(buf, 16, "%u", key);
    return buf;
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
    SimTime end = sim_entity_now(g_ptr_array_index(world->all, 0));
    double measured_s = (double) (end - tally->warmup) / SIM_S;
    json_builder_set_member_name(b, "goodput_per_s");
    json_builder_add_double_value(b, measured_s > 0 ? (double) tally->goodput / measured_s : 0.0);
    json_builder_set_member_name(b, "by_final_status");
    json_builder_begin_object(b);
    g_autoptr(GPtrArray) codes = sorted_keys(tally->statuses);
    for (guint i = 0; i < codes->len; i++) {
        guint code = GPOINTER_TO_UINT(g_ptr_array_index(codes, i));
        char name[16];
        g_snprintf(name, sizeof name, "%u", code);
        out_json_int(
            b, code ? name : "none",
            GPOINTER_TO_UINT(g_hash_table_lookup(tally->statuses, GUINT_TO_POINTER(code))));
    }
    json_builder_end_object(b);
    out_json_int(b, "failed", (gint64) tally->failed);
    json_builder_set_member_name(b, "failed_by_cause");
    json_builder_begin_object(b);
    g_autoptr(GPtrArray) causes = sorted_keys(tally->failures);
    for (guint i = 0; i < causes->len; i++) {
        char name[16];
        out_json_int(
            b, cause_name(GPOINTER_TO_UINT(g_ptr_array_index(causes, i)), name),
            GPOINTER_TO_UINT(g_hash_table_lookup(tally->failures, g_ptr_array_index(causes, i))));
    }
    json_builder_end_object(b);
    OutTimes prov = out_sample_times(tally->to_provisional),
             ans = out_sample_times(tally->to_answer);
    OutHistogram prov_h = out_sample_histogram(tally->to_provisional),
                 ans_h = out_sample_histogram(tally->to_answer);
    out_times_json(b, "time_to_first_provisional", &prov, &prov_h);
    out_times_json(b, "time_to_answer", &ans, &ans_h);
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
    out_proxy_load_json(b, world);
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
    fprintf(f,
            "calls: %" G_GUINT64_FORMAT " placed, %" G_GUINT64_FORMAT
            " answered, %" G_GUINT64_FORMAT " failed",
            tally->calls, tally->answered, tally->failed);
    g_autoptr(GPtrArray) codes = sorted_keys(tally->statuses);
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
    g_autoptr(GPtrArray) causes = sorted_keys(tally->failures);
    sep = "  failed by cause: ";
    for (guint i = 0; i < causes->len; i++) {
        char name[16];
        gpointer key = g_ptr_array_index(causes, i);
        fprintf(f, "%s%s x%u", sep, cause_name(GPOINTER_TO_UINT(key), name),
                GPOINTER_TO_UINT(g_hash_table_lookup(tally->failures, key)));
        sep = ", ";
    }
    if (causes->len)
        fputc('\n', f);
    OutTimes prov = out_sample_times(tally->to_provisional),
             ans = out_sample_times(tally->to_answer);
    out_times_print(f, "  time to first provisional ", &prov);
    out_times_print(f, "  time to answer ", &ans);
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
    out_proxy_load_print(f, world);
}
