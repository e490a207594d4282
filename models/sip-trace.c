/* SPDX-License-Identifier: MIT */
#include "sip-trace.h"

#include "sim-cost.h"

void sip_trace_init(SipTrace *trace)
{
    trace->observers = g_array_new(FALSE, FALSE, sizeof(SipObserver));
}

void sip_trace_clear(SipTrace *trace)
{
    g_clear_pointer(&trace->observers, g_array_unref);
}

void sip_trace_add(SipTrace *trace, const SipObserver *observer)
{
    g_array_append_vals(trace->observers, observer, 1);
}

gboolean sip_trace_wants_transactions(const SipTrace *trace)
{
    for (guint i = 0; i < trace->observers->len; i++)
        if (g_array_index(trace->observers, SipObserver, i).transaction)
            return TRUE;
    return FALSE;
}

gboolean sip_trace_wants_timers(const SipTrace *trace)
{
    for (guint i = 0; i < trace->observers->len; i++)
        if (g_array_index(trace->observers, SipObserver, i).timer)
            return TRUE;
    return FALSE;
}

/* Each dispatch charges its observers' time to "other" (sim-cost.h), not to the model. */
void sip_trace_message(const SipTrace *trace, const SipMessageEvent *ev)
{
    SIM_COST_ENTER(other);
    for (guint i = 0; i < trace->observers->len; i++) {
        const SipObserver *o = &g_array_index(trace->observers, SipObserver, i);
        if (o->message)
            o->message(o->user, ev);
    }
    SIM_COST_LEAVE(other);
}

void sip_trace_transaction(const SipTrace *trace, const SipTxnStateEvent *ev)
{
    SIM_COST_ENTER(other);
    for (guint i = 0; i < trace->observers->len; i++) {
        const SipObserver *o = &g_array_index(trace->observers, SipObserver, i);
        if (o->transaction)
            o->transaction(o->user, ev);
    }
    SIM_COST_LEAVE(other);
}

void sip_trace_timer(const SipTrace *trace, const SipTxnTimerEvent *ev)
{
    SIM_COST_ENTER(other);
    for (guint i = 0; i < trace->observers->len; i++) {
        const SipObserver *o = &g_array_index(trace->observers, SipObserver, i);
        if (o->timer)
            o->timer(o->user, ev);
    }
    SIM_COST_LEAVE(other);
}

void sip_trace_call(const SipTrace *trace, const SipCallEvent *ev)
{
    SIM_COST_ENTER(other);
    for (guint i = 0; i < trace->observers->len; i++) {
        const SipObserver *o = &g_array_index(trace->observers, SipObserver, i);
        if (o->call)
            o->call(o->user, ev);
    }
    SIM_COST_LEAVE(other);
}

void sip_trace_media(const SipTrace *trace, const SipMediaEvent *ev)
{
    SIM_COST_ENTER(other);
    for (guint i = 0; i < trace->observers->len; i++) {
        const SipObserver *o = &g_array_index(trace->observers, SipObserver, i);
        if (o->media)
            o->media(o->user, ev);
    }
    SIM_COST_LEAVE(other);
}

void sip_trace_rtp(const SipTrace *trace, const SipRtpEvent *ev)
{
    SIM_COST_ENTER(other);
    for (guint i = 0; i < trace->observers->len; i++) {
        const SipObserver *o = &g_array_index(trace->observers, SipObserver, i);
        if (o->rtp)
            o->rtp(o->user, ev);
    }
    SIM_COST_LEAVE(other);
}

void sip_trace_load(const SipTrace *trace, const SipLoadEvent *ev)
{
    SIM_COST_ENTER(other);
    for (guint i = 0; i < trace->observers->len; i++) {
        const SipObserver *o = &g_array_index(trace->observers, SipObserver, i);
        if (o->load)
            o->load(o->user, ev);
    }
    SIM_COST_LEAVE(other);
}
