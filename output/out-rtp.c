/* SPDX-License-Identifier: MIT */
#include "out-rtp.h"

#include <string.h>

struct OutRtp {
    GHashTable *calls; /* call-id -> OutRtpCall */
};

static void on_rtp(gpointer user, const SipRtpEvent *ev)
{
    OutRtp *rtp = user;
    /* A side that neither sent nor received changes no verdict: a call that only such sides
     * report stays unchecked without a record (load studies turn the check off, and a record
     * per call would grow with the run). */
    if (!ev->sent && !ev->received)
        return;
    OutRtpCall *c = g_hash_table_lookup(rtp->calls, ev->call_id);
    if (!c) {
        c = g_new0(OutRtpCall, 1);
        g_hash_table_insert(rtp->calls, g_strdup(ev->call_id), c);
    }
    if (ev->caller) {
        c->caller_sent += ev->sent;
        c->caller_received += ev->received;
    } else {
        c->callee_sent += ev->sent;
        c->callee_received += ev->received;
    }
}

OutRtp *out_rtp_new(SipTrace *trace)
{
    OutRtp *rtp = g_new0(OutRtp, 1);
    rtp->calls = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    SipObserver obs = { .rtp = on_rtp, .user = rtp };
    sip_trace_add(trace, &obs);
    return rtp;
}

void out_rtp_free(OutRtp *rtp)
{
    if (!rtp)
        return;
    g_hash_table_destroy(rtp->calls);
    g_free(rtp);
}

const OutRtpCall *out_rtp_call(const OutRtp *rtp, const char *call_id)
{
    return g_hash_table_lookup(rtp->calls, call_id);
}

OutMediaVerdict out_rtp_verdict(const OutRtpCall *c)
{
    if (!c || (c->caller_sent == 0 && c->callee_sent == 0))
        return OUT_MEDIA_UNCHECKED;
    gboolean forward = c->callee_received > 0, backward = c->caller_received > 0;
    return forward && backward ? OUT_MEDIA_BOTH
           : forward           ? OUT_MEDIA_CALLER_TO_CALLEE
           : backward          ? OUT_MEDIA_CALLEE_TO_CALLER
                               : OUT_MEDIA_NONE;
}

const char *out_media_verdict_name(OutMediaVerdict v)
{
    static const char *const names[OUT_MEDIA_N_VERDICTS] = {
        "", "both", "caller-to-callee", "callee-to-caller", "none",
    };
    return names[v];
}

void out_rtp_count(const OutRtp *rtp, guint64 counts[OUT_MEDIA_N_VERDICTS])
{
    memset(counts, 0, OUT_MEDIA_N_VERDICTS * sizeof counts[0]);
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, rtp->calls);
    while (g_hash_table_iter_next(&it, NULL, &value))
        counts[out_rtp_verdict(value)]++;
}
