/* SPDX-License-Identifier: MIT */
#include "out-sipp-stats.h"

#include <math.h>
#include <string.h>

#include "out-sip-report.h"
#include "sip-phone.h"
#include "sip-proxy.h"

/* The failure columns, in order, and the outcome each counts. */
static const struct {
    const char *column;
    OutCallOutcome outcome;
} failures[] = {
    { "FailedMaxUDPRetrans", OUT_CALL_TIMEOUT }, { "FailedRejected", OUT_CALL_REJECTED },
    { "FailedCancelled", OUT_CALL_CANCELLED },   { "FailedHeldBack", OUT_CALL_HELD_BACK },
    { "FailedNoFinal", OUT_CALL_NO_FINAL },
};
#define N_FAILURES G_N_ELEMENTS(failures)

/* Samples of a time: count, sum (exact) and sum of squares. */
typedef struct {
    guint64 n;
    gint64 sum;
    double squares;
} Moments;

/* What happened in one period, or up to now. */
typedef struct {
    guint64 incoming, outgoing, successful, failed, ended, retransmissions;
    guint64 by_failure[N_FAILURES];
    Moments response[2]; /* to the answer, to the first provisional response */
    Moments length;
} Counts;

typedef struct {
    char *name;
    guint workers;
    SimTime last; /* the time the state below holds from */
    guint busy, waiting;
    GArray *busy_area;  /* double per period: the integral of the busy workers, in ns */
    GArray *queue_area; /* double per period: the integral of the queue's length, in ns */
    GArray *queue_max;  /* guint per period */
    GArray *queue_end;  /* guint per period: the queue's length at its end */
} Proxy;

/* The counts are kept per period as the events come, so that a run of many calls needs no
 * memory per call: a row per period of simulated time. */
struct OutSippStats {
    SimTime interval;
    GArray *periods;        /* Counts per period */
    GHashTable *phones;     /* the phones' names (their nodes') */
    GHashTable *seen;       /* call-id -> GPtrArray of the phones (names) that received it, until
                             * the call is reported: to tell a new call from a re-INVITE */
    GHashTable *proxies;    /* node name -> Proxy * with a capacity model */
    GPtrArray *proxy_order; /* Proxy *, in the world's order */
};

static guint period_of(const OutSippStats *s, SimTime t)
{
    return (guint) (t / s->interval);
}

/* The slot of period @k of @a, grown with zeros as needed. */
static gpointer slot(GArray *a, guint k)
{
    if (k >= a->len)
        g_array_set_size(a, k + 1);
    return a->data + (gsize) k * g_array_get_element_size(a);
}

static Counts *counts_at(const OutSippStats *s, SimTime t)
{
    return slot(s->periods, period_of(s, t));
}

static void moments_add(Moments *m, SimTime v)
{
    m->n++;
    m->sum += v;
    m->squares += (double) v * (double) v;
}

static void on_call(gpointer user, const SipCallEvent *ev)
{
    OutSippStats *s = user;
    g_hash_table_remove(s->seen, ev->call_id);
    counts_at(s, ev->start)->outgoing++;
    if (ev->provisional >= 0)
        moments_add(&counts_at(s, ev->provisional)->response[1], ev->provisional - ev->start);
    if (ev->answered >= 0) {
        counts_at(s, ev->answered)->successful++;
        moments_add(&counts_at(s, ev->answered)->response[0], ev->answered - ev->start);
    }
    if (ev->ended >= 0) {
        counts_at(s, ev->ended)->ended++;
        moments_add(&counts_at(s, ev->ended)->length, ev->ended - ev->start);
    }
    OutCallOutcome outcome = out_call_outcome(ev);
    for (gsize f = 0; f < N_FAILURES; f++) {
        if (outcome == failures[f].outcome) {
            counts_at(s, ev->ended)->failed++;
            counts_at(s, ev->ended)->by_failure[f]++;
        }
    }
}

static void on_message(gpointer user, const SipMessageEvent *ev)
{
    OutSippStats *s = user;
    if (ev->retransmission)
        counts_at(s, ev->time)->retransmissions++;
}

/* A call is incoming at a phone where its first transaction is an INVITE server's. */
static void on_transaction(gpointer user, const SipTxnStateEvent *ev)
{
    OutSippStats *s = user;
    const char *node = net_node_name(ev->node);
    if (ev->from != SIP_TXN_INIT || !g_hash_table_contains(s->phones, node))
        return;
    GPtrArray *phones = g_hash_table_lookup(s->seen, ev->call_id);
    if (!phones) {
        phones = g_ptr_array_new();
        g_hash_table_insert(s->seen, g_strdup(ev->call_id), phones);
    }
    for (guint i = 0; i < phones->len; i++)
        if (g_ptr_array_index(phones, i) == node) /* the node's name, one string per node */
            return;
    g_ptr_array_add(phones, (gpointer) node);
    if (ev->txn->kind == SIP_TXN_IST && strcmp(ev->method, "INVITE") == 0)
        counts_at(s, ev->time)->incoming++;
}

/* Integrates the proxy's state from its last change up to @t, period by period. */
static void proxy_advance(const OutSippStats *s, Proxy *p, SimTime t)
{
    while (p->last < t) {
        guint k = period_of(s, p->last);
        SimTime until = MIN(t, (SimTime) (k + 1) * s->interval);
        *(double *) slot(p->busy_area, k) += (double) p->busy * (double) (until - p->last);
        *(double *) slot(p->queue_area, k) += (double) p->waiting * (double) (until - p->last);
        guint *max = slot(p->queue_max, k);
        *max = MAX(*max, p->waiting);
        *(guint *) slot(p->queue_end, k) = p->waiting;
        p->last = until;
    }
}

static void on_load(gpointer user, const SipLoadEvent *ev)
{
    OutSippStats *s = user;
    Proxy *p = g_hash_table_lookup(s->proxies, net_node_name(ev->node));
    if (!p)
        return;
    proxy_advance(s, p, ev->time);
    p->busy = ev->busy;
    p->waiting = ev->waiting;
    guint *max = slot(p->queue_max, period_of(s, ev->time));
    *max = MAX(*max, p->waiting);
}

static void proxy_free(gpointer data)
{
    Proxy *p = data;
    g_free(p->name);
    g_array_unref(p->busy_area);
    g_array_unref(p->queue_area);
    g_array_unref(p->queue_max);
    g_array_unref(p->queue_end);
    g_free(p);
}

OutSippStats *out_sipp_stats_new(SipTrace *trace, const SimWorld *world, SimTime interval)
{
    g_return_val_if_fail(interval > 0, NULL);
    OutSippStats *s = g_new0(OutSippStats, 1);
    s->interval = interval;
    s->periods = g_array_new(FALSE, TRUE, sizeof(Counts));
    s->phones = g_hash_table_new(g_str_hash, g_str_equal);
    s->seen =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
    s->proxies = g_hash_table_new(g_str_hash, g_str_equal);
    s->proxy_order = g_ptr_array_new_with_free_func(proxy_free);
    /* A SIP element's entity is named as its node. */
    for (guint i = 0; i < world->all->len; i++) {
        SimEntity *e = g_ptr_array_index(world->all, i);
        if (sip_phone_stats(e)) {
            g_hash_table_add(s->phones, e->name);
        } else if (sip_proxy_is(e) && sip_proxy_workers(e)) {
            Proxy *p = g_new0(Proxy, 1);
            p->name = g_strdup(e->name);
            p->workers = sip_proxy_workers(e);
            p->busy_area = g_array_new(FALSE, TRUE, sizeof(double));
            p->queue_area = g_array_new(FALSE, TRUE, sizeof(double));
            p->queue_max = g_array_new(FALSE, TRUE, sizeof(guint));
            p->queue_end = g_array_new(FALSE, TRUE, sizeof(guint));
            g_hash_table_insert(s->proxies, p->name, p);
            g_ptr_array_add(s->proxy_order, p);
        }
    }
    SipObserver obs = { .call = on_call,
                        .message = on_message,
                        .transaction = on_transaction,
                        .load = on_load,
                        .user = s };
    sip_trace_add(trace, &obs);
    return s;
}

void out_sipp_stats_free(OutSippStats *s)
{
    if (!s)
        return;
    g_array_unref(s->periods);
    g_hash_table_destroy(s->phones);
    g_hash_table_destroy(s->seen);
    g_hash_table_destroy(s->proxies);
    g_ptr_array_unref(s->proxy_order);
    g_free(s);
}

static void moments_merge(Moments *into, const Moments *m)
{
    into->n += m->n;
    into->sum += m->sum;
    into->squares += m->squares;
}

static void counts_merge(Counts *into, const Counts *c)
{
    into->incoming += c->incoming;
    into->outgoing += c->outgoing;
    into->successful += c->successful;
    into->failed += c->failed;
    into->ended += c->ended;
    into->retransmissions += c->retransmissions;
    for (gsize i = 0; i < N_FAILURES; i++)
        into->by_failure[i] += c->by_failure[i];
    for (int i = 0; i < 2; i++)
        moments_merge(&into->response[i], &c->response[i]);
    moments_merge(&into->length, &c->length);
}

/* The counts of each of @n periods; what falls past the last goes into it (the run's end). */
static Counts *period_counts(const OutSippStats *s, guint n)
{
    Counts *p = g_new0(Counts, n);
    for (guint k = 0; k < s->periods->len; k++)
        counts_merge(&p[MIN(k, n - 1)], &g_array_index(s->periods, Counts, k));
    return p;
}

/* SIPp's date: "YYYY-MM-DD<TAB>HH:MM:SS.uuuuuu<TAB>seconds.uuuuuu", here the simulated time
 * counted from the Unix epoch, in UTC. */
static void put_date(FILE *f, SimTime t)
{
    gint64 us = t / 1000, sec = us / 1000000;
    g_autoptr(GDateTime) d = g_date_time_new_from_unix_utc(sec);
    g_autofree char *day = g_date_time_format(d, "%Y-%m-%d\t%H:%M:%S");
    fprintf(f, "%s.%06" G_GINT64_FORMAT "\t%010" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT ";", day,
            us % 1000000, sec, us % 1000000);
}

/* SIPp's durations: "HH:MM:SS" for elapsed times, "HH:MM:SS:uuuuuu" for the others. */
static void put_duration(FILE *f, SimTime t, gboolean micro)
{
    gint64 us = t / 1000, sec = us / 1000000;
    fprintf(f, "%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT, sec / 3600,
            sec / 60 % 60, sec % 60);
    if (micro)
        fprintf(f, ":%06" G_GINT64_FORMAT, us % 1000000);
    fputc(';', f);
}

static void put_count(FILE *f, guint64 n)
{
    fprintf(f, "%" G_GUINT64_FORMAT ";", n);
}

static void put_rate(FILE *f, guint64 n, SimTime elapsed)
{
    if (elapsed > 0)
        fprintf(f, "%.6f;", (double) n / ((double) elapsed / SIM_S));
    else
        fputc(';', f);
}

/* The mean and the standard deviation (over n, as SIPp has it), empty without samples. */
static void put_mean(FILE *f, const Moments *m)
{
    if (m->n)
        put_duration(f, m->sum / (gint64) m->n, TRUE);
    else
        fputc(';', f);
}

static void put_sd(FILE *f, const Moments *m)
{
    if (!m->n) {
        fputc(';', f);
        return;
    }
    double mean = (double) m->sum / (double) m->n;
    double var = m->squares / (double) m->n - mean * mean;
    put_duration(f, (SimTime) llround(sqrt(MAX(var, 0.0))), TRUE);
}

static void write_header(const OutSippStats *s, FILE *f)
{
    fputs("StartTime;LastResetTime;CurrentTime;ElapsedTime(P);ElapsedTime(C);CallRate(P);"
          "CallRate(C);IncomingCall(P);IncomingCall(C);OutgoingCall(P);OutgoingCall(C);"
          "TotalCallCreated;CurrentCall;SuccessfulCall(P);SuccessfulCall(C);FailedCall(P);"
          "FailedCall(C);",
          f);
    for (gsize i = 0; i < N_FAILURES; i++)
        fprintf(f, "%s(P);%s(C);", failures[i].column, failures[i].column);
    fputs("Retransmissions(P);Retransmissions(C);ResponseTime1(P);ResponseTime1(C);"
          "ResponseTime1StDev(P);ResponseTime1StDev(C);ResponseTime2(P);ResponseTime2(C);"
          "ResponseTime2StDev(P);ResponseTime2StDev(C);CallLength(P);CallLength(C);"
          "CallLengthStDev(P);CallLengthStDev(C);",
          f);
    for (guint i = 0; i < s->proxy_order->len; i++) {
        const char *n = ((Proxy *) g_ptr_array_index(s->proxy_order, i))->name;
        fprintf(f,
                "%s.Utilization(P);%s.Utilization(C);%s.QueueLength;%s.QueueLengthMean(P);"
                "%s.QueueLengthMax(P);",
                n, n, n, n, n);
    }
    fputc('\n', f);
}

/* A proxy's figures over periods [@from, @to] (indices), from @t0 to @t1 in time. */
static void put_proxy(FILE *f, const Proxy *p, guint from, guint to, SimTime t0, SimTime t1)
{
    double busy = 0, queue = 0, all_busy = 0;
    guint max = 0;
    for (guint k = 0; k <= to && k < p->busy_area->len; k++) {
        all_busy += g_array_index(p->busy_area, double, k);
        if (k >= from) {
            busy += g_array_index(p->busy_area, double, k);
            queue += g_array_index(p->queue_area, double, k);
            max = MAX(max, g_array_index(p->queue_max, guint, k));
        }
    }
    double capacity = (double) p->workers;
    if (t1 > t0)
        fprintf(f, "%.6f;", busy / (capacity * (double) (t1 - t0)));
    else
        fputc(';', f);
    if (t1 > 0)
        fprintf(f, "%.6f;", all_busy / (capacity * (double) t1));
    else
        fputc(';', f);
    fprintf(f, "%u;", *(guint *) slot(p->queue_end, to));
    if (t1 > t0)
        fprintf(f, "%.6f;", queue / (double) (t1 - t0));
    else
        fputc(';', f);
    fprintf(f, "%u;", max);
}

/* A row over periods [@from, @to], ending at @t1, with @p the counts of these periods and @c
 * those since the start. */
static void write_row(const OutSippStats *s, FILE *f, guint from, guint to, SimTime t1,
                      const Counts *p, const Counts *c)
{
    SimTime t0 = (SimTime) from * s->interval;
    put_date(f, 0);
    put_date(f, t0);
    put_date(f, t1);
    put_duration(f, t1 - t0, FALSE);
    put_duration(f, t1, FALSE);
    put_rate(f, p->outgoing, t1 - t0);
    put_rate(f, c->outgoing, t1);
    put_count(f, p->incoming);
    put_count(f, c->incoming);
    put_count(f, p->outgoing);
    put_count(f, c->outgoing);
    put_count(f, c->outgoing);
    put_count(f, c->outgoing - c->ended);
    put_count(f, p->successful);
    put_count(f, c->successful);
    put_count(f, p->failed);
    put_count(f, c->failed);
    for (gsize i = 0; i < N_FAILURES; i++) {
        put_count(f, p->by_failure[i]);
        put_count(f, c->by_failure[i]);
    }
    put_count(f, p->retransmissions);
    put_count(f, c->retransmissions);
    for (int i = 0; i < 2; i++) {
        put_mean(f, &p->response[i]);
        put_mean(f, &c->response[i]);
        put_sd(f, &p->response[i]);
        put_sd(f, &c->response[i]);
    }
    put_mean(f, &p->length);
    put_mean(f, &c->length);
    put_sd(f, &p->length);
    put_sd(f, &c->length);
    for (guint i = 0; i < s->proxy_order->len; i++)
        put_proxy(f, g_ptr_array_index(s->proxy_order, i), from, to, t0, t1);
    fputc('\n', f);
}

void out_sipp_stats_write(OutSippStats *s, SimTime end, FILE *f)
{
    /* Periods of @interval, the last one up to @end (included). */
    guint n = MAX(1, (guint) ((end + s->interval - 1) / s->interval));
    for (guint i = 0; i < s->proxy_order->len; i++) {
        Proxy *p = g_ptr_array_index(s->proxy_order, i);
        proxy_advance(s, p, end);
        /* What fell past the last period (at @end exactly) goes into it. */
        for (guint k = n; k < p->queue_max->len; k++) {
            guint *last = slot(p->queue_max, n - 1);
            *last = MAX(*last, g_array_index(p->queue_max, guint, k));
        }
        *(guint *) slot(p->queue_end, n - 1) = p->waiting;
    }
    g_autofree Counts *periods = period_counts(s, n);
    write_header(s, f);
    Counts total = { 0 };
    for (guint k = 0; k < n; k++) {
        counts_merge(&total, &periods[k]);
        write_row(s, f, k, k, k + 1 < n ? (SimTime) (k + 1) * s->interval : end, &periods[k],
                  &total);
    }
    write_row(s, f, 0, n - 1, end, &total, &total);
}
