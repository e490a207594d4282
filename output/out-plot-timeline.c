/* SPDX-License-Identifier: MIT */
#include "out-plot-timeline.h"

#include <math.h>
#include <string.h>

#include "sip-message.h"

/* Rows get names, and timer marks their letters, up to these many calls. */
#define NAMED_ROWS    40
#define LETTERED_ROWS 20
/* The marks of timers that end a transaction. */
#define WAIT_COLOUR 0x303030u

/* A call's phases; where two overlap, the later one here is drawn. */
typedef enum {
    PHASE_TRYING,
    PHASE_RINGING,
    PHASE_TALKING,
    PHASE_ON_HOLD,
    PHASE_TRANSFERRING,
    N_PHASES,
} Phase;

static const struct {
    const char *name;
    guint32 colour;
    const char *meaning;
} phases[N_PHASES] = {
    [PHASE_TRYING] = { "trying", 0xc7c7c7, "trying: the INVITE is out, nothing rings yet" },
    [PHASE_RINGING] = { "ringing", 0xfdae6b, "ringing: a 18x reached the caller" },
    [PHASE_TALKING] = { "talking", 0x74c476, "talking: answered" },
    [PHASE_ON_HOLD] = { "on-hold", 0x6baed6, "on hold: a side's media is not sendrecv" },
    [PHASE_TRANSFERRING] = { "transferring", 0x9e9ac8,
                             "transferring: from REFER to the end of its subscription" },
};

/* What a timer's firing means (RFC 3261 17, RFC 6026). */
typedef enum { MARK_RETRANSMISSION = 1, MARK_TIMEOUT, MARK_WAIT_OVER } MarkKind;

static MarkKind mark_kind(SipTimer timer)
{
    switch (timer) {
    case SIP_TIMER_A:
    case SIP_TIMER_E:
    case SIP_TIMER_G:
        return MARK_RETRANSMISSION;
    case SIP_TIMER_B:
    case SIP_TIMER_F:
    case SIP_TIMER_H:
        return MARK_TIMEOUT;
    default:
        return MARK_WAIT_OVER;
    }
}

typedef struct {
    char *call_id, *name, *caller, *callee;
    SimTime start, answered, ended; /* -1: never answered, still up at the end */
    guint status;
} Call;

typedef struct {
    SimTime time;
    char *call_id;
    SipTimer timer;
    const char *node;
    char *method;
} Mark;

typedef struct {
    SimTime time;
    const char *node;
    gboolean held; /* its media is not sendrecv */
} MediaChange;

typedef struct {
    SimTime start, end; /* the first REFER; the end of its subscription; -1: none */
} Transfer;

struct OutPlotTimeline {
    OutPlot *plot;
    guint max;
    guint64 n_calls;
    GArray *calls;         /* Call, as reported */
    GArray *marks;         /* Mark, as they fired */
    GHashTable *media;     /* call-id -> GArray of MediaChange */
    GHashTable *ringing;   /* "CALL-ID NODE" -> SimTime *: a 18x first reached NODE */
    GHashTable *transfers; /* call-id -> Transfer * */
};

static gboolean overflow(const OutPlotTimeline *t)
{
    return t->n_calls > t->max;
}

static void on_call(gpointer user, const SipCallEvent *ev)
{
    OutPlotTimeline *t = user;
    if (++t->n_calls > t->max)
        return;
    Call c = {
        .call_id = g_strdup(ev->call_id),
        .name = g_strdup(ev->name ? ev->name : ""),
        .caller = g_strdup(ev->caller),
        .callee = g_strdup(ev->callee),
        .start = ev->start,
        .answered = ev->answered,
        .ended = ev->ended,
        .status = ev->status,
    };
    g_array_append_val(t->calls, c);
}

static void on_media(gpointer user, const SipMediaEvent *ev)
{
    OutPlotTimeline *t = user;
    if (overflow(t))
        return;
    GArray *changes = g_hash_table_lookup(t->media, ev->call_id);
    if (!changes) {
        changes = g_array_new(FALSE, FALSE, sizeof(MediaChange));
        g_hash_table_insert(t->media, g_strdup(ev->call_id), changes);
    }
    MediaChange c = { ev->time, net_node_name(ev->node), !g_str_equal(ev->direction, "sendrecv") };
    g_array_append_val(changes, c);
}

static void on_timer(gpointer user, const SipTxnTimerEvent *ev)
{
    OutPlotTimeline *t = user;
    if (overflow(t))
        return;
    Mark m = { ev->time, g_strdup(ev->call_id), ev->timer, net_node_name(ev->node),
               g_strdup(ev->method) };
    g_array_append_val(t->marks, m);
}

static Transfer *transfer(OutPlotTimeline *t, const char *call_id)
{
    Transfer *x = g_hash_table_lookup(t->transfers, call_id);
    if (!x) {
        x = g_new(Transfer, 1);
        *x = (Transfer){ -1, -1 };
        g_hash_table_insert(t->transfers, g_strdup(call_id), x);
    }
    return x;
}

/* RFC 3515: a transfer's subscription ends with the NOTIFY that says "terminated". */
static void on_sip_message(gpointer user, const SipMessageEvent *ev)
{
    OutPlotTimeline *t = user;
    if (overflow(t) || ev->len < 7 || memcmp(ev->bytes, "NOTIFY ", 7) != 0)
        return;
    g_autoptr(SipMessage) msg = sip_message_parse(ev->bytes, ev->len, NULL);
    SipStr state = msg ? sip_message_value(msg, SIP_HDR_SUBSCRIPTION_STATE) : (SipStr){ 0 };
    if (!state.s || state.len < 10 || g_ascii_strncasecmp(state.s, "terminated", 10) != 0)
        return;
    g_autofree char *call_id = sip_str_dup(sip_message_call_id(msg));
    Transfer *x = transfer(t, call_id);
    if (x->end < 0)
        x->end = ev->time;
}

/* The first 18x to reach each party of a call; the first REFER of a call, and its failure. */
static void on_message(const OutMessage *m, gpointer user)
{
    OutPlotTimeline *t = user;
    if (overflow(t))
        return;
    if (g_str_has_prefix(m->label, "18") && g_str_has_suffix(m->label, "/INVITE") &&
        g_str_equal(m->fate, "delivered")) {
        char *key = g_strdup_printf("%s %s", m->call_id, m->to);
        if (g_hash_table_contains(t->ringing, key))
            g_free(key);
        else
            g_hash_table_insert(t->ringing, key, g_memdup2(&m->end, sizeof m->end));
    } else if (g_str_equal(m->label, "REFER") && !m->retransmission) {
        Transfer *x = transfer(t, m->call_id);
        if (x->start < 0)
            x->start = m->time;
    } else if (g_str_has_suffix(m->label, "/REFER") && m->label[0] >= '3') {
        Transfer *x = transfer(t, m->call_id);
        if (x->end < 0)
            x->end = m->time;
    }
}

OutPlotTimeline *out_plot_timeline_new(OutMessageLog *log, SipTrace *trace, const char *path,
                                       guint max, GError **error)
{
    OutPlot *plot = out_plot_open("--timeline", path, error);
    if (!plot)
        return NULL;
    OutPlotTimeline *t = g_new0(OutPlotTimeline, 1);
    t->plot = plot;
    t->max = max;
    t->calls = g_array_new(FALSE, FALSE, sizeof(Call));
    t->marks = g_array_new(FALSE, FALSE, sizeof(Mark));
    t->media =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
    t->ringing = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    t->transfers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    SipObserver obs = {
        .message = on_sip_message, .timer = on_timer, .call = on_call, .media = on_media, .user = t
    };
    sip_trace_add(trace, &obs);
    out_message_log_subscribe(log, on_message, t);
    return t;
}

void out_plot_timeline_free(OutPlotTimeline *t)
{
    if (!t)
        return;
    out_plot_abort(t->plot);
    for (guint i = 0; i < t->calls->len; i++) {
        Call *c = &g_array_index(t->calls, Call, i);
        g_free(c->call_id);
        g_free(c->name);
        g_free(c->caller);
        g_free(c->callee);
    }
    for (guint i = 0; i < t->marks->len; i++) {
        g_free(g_array_index(t->marks, Mark, i).call_id);
        g_free(g_array_index(t->marks, Mark, i).method);
    }
    g_array_unref(t->calls);
    g_array_unref(t->marks);
    g_hash_table_destroy(t->media);
    g_hash_table_destroy(t->ringing);
    g_hash_table_destroy(t->transfers);
    g_free(t);
}

/* ---- the phases ---- */

typedef struct {
    Phase phase;
    SimTime from, to;
} Span;

static void add_span(GArray *spans, Phase phase, SimTime from, SimTime to)
{
    Span s = { phase, from, to };
    if (to > from)
        g_array_append_val(spans, s);
}

/* On hold while either side's media is not sendrecv: whichever side holds. */
static void add_holds(GArray *spans, const GArray *changes, SimTime end)
{
    g_autoptr(GPtrArray) held = g_ptr_array_new(); /* the nodes whose media is not sendrecv */
    SimTime from = -1;
    for (guint i = 0; changes && i < changes->len; i++) {
        const MediaChange *c = &g_array_index(changes, MediaChange, i);
        guint at;
        gboolean was = g_ptr_array_find_with_equal_func(held, c->node, g_str_equal, &at);
        if (c->held && !was)
            g_ptr_array_add(held, (gpointer) c->node);
        else if (!c->held && was)
            g_ptr_array_remove_index(held, at);
        if (held->len && from < 0) {
            from = c->time;
        } else if (!held->len && from >= 0) {
            add_span(spans, PHASE_ON_HOLD, from, c->time);
            from = -1;
        }
    }
    if (from >= 0)
        add_span(spans, PHASE_ON_HOLD, from, end);
}

/* Every phase of @c as a span; they overlap. */
static GArray *call_spans(const OutPlotTimeline *t, const Call *c, SimTime run_end)
{
    GArray *spans = g_array_new(FALSE, FALSE, sizeof(Span));
    SimTime end = c->ended >= 0 ? c->ended : run_end;
    g_autofree char *key = g_strdup_printf("%s %s", c->call_id, c->caller);
    const SimTime *ring = g_hash_table_lookup(t->ringing, key);
    SimTime rang = ring && *ring >= 0 && *ring <= end && (c->answered < 0 || *ring <= c->answered)
                       ? *ring
                       : -1;
    SimTime up = c->answered >= 0 ? c->answered : end;
    add_span(spans, PHASE_TRYING, c->start, rang >= 0 ? rang : up);
    if (rang >= 0)
        add_span(spans, PHASE_RINGING, rang, up);
    if (c->answered >= 0)
        add_span(spans, PHASE_TALKING, c->answered, end);
    add_holds(spans, g_hash_table_lookup(t->media, c->call_id), end);
    const Transfer *x = g_hash_table_lookup(t->transfers, c->call_id);
    if (x && x->start >= 0)
        add_span(spans, PHASE_TRANSFERRING, x->start, x->end >= x->start ? x->end : run_end);
    return spans;
}

static int compare_times(gconstpointer a, gconstpointer b)
{
    SimTime x = *(const SimTime *) a, y = *(const SimTime *) b;
    return (x > y) - (x < y);
}

static void write_phase(FILE *f, guint row, SimTime from, SimTime to, Phase p)
{
    fprintf(f, "%u ", row);
    out_plot_write_time(f, from);
    fputc(' ', f);
    out_plot_write_time(f, to);
    fprintf(f, " \"%s\" 0x%06x\n", phases[p].name, phases[p].colour);
}

/* The phases of a call one after the other: between two of the spans' ends, the last phase (in
 * Phase's order) of the spans that cover it. */
static void write_call_phases(FILE *f, guint row, const GArray *spans)
{
    g_autoptr(GArray) bounds = g_array_new(FALSE, FALSE, sizeof(SimTime));
    for (guint i = 0; i < spans->len; i++) {
        g_array_append_val(bounds, g_array_index(spans, Span, i).from);
        g_array_append_val(bounds, g_array_index(spans, Span, i).to);
    }
    g_array_sort(bounds, compare_times);
    int current = -1;
    SimTime since = 0;
    for (guint k = 0; k + 1 < bounds->len; k++) {
        SimTime a = g_array_index(bounds, SimTime, k), b = g_array_index(bounds, SimTime, k + 1);
        if (a == b)
            continue;
        int best = -1;
        for (guint i = 0; i < spans->len; i++) {
            const Span *s = &g_array_index(spans, Span, i);
            if (s->from <= a && b <= s->to)
                best = MAX(best, (int) s->phase);
        }
        if (best == current)
            continue;
        if (current >= 0)
            write_phase(f, row, since, a, (Phase) current);
        current = best;
        since = a;
    }
    if (current >= 0)
        write_phase(f, row, since, g_array_index(bounds, SimTime, bounds->len - 1),
                    (Phase) current);
}

/* ---- the picture ---- */

/* In the order the calls started, then by name and Call-ID (as calls.csv). */
static int by_start(gconstpointer a, gconstpointer b)
{
    const Call *x = a, *y = b;
    if (x->start != y->start)
        return (x->start > y->start) - (x->start < y->start);
    int by_name = strcmp(x->name, y->name);
    return by_name ? by_name : strcmp(x->call_id, y->call_id);
}

static char *row_name(const Call *c)
{
    return g_strdup_printf("%s: %s->%s (%u)", *c->name ? c->name : c->call_id, c->caller, c->callee,
                           c->status);
}

typedef struct {
    guint rows;
    double row_px, left_px, right_px, title_px, axis_px, key_px, plot_w;
    int width, height;
    double end_s; /* the time axis ends at the run's end */
    OutPlotLegend *legend;
} Layout;

static void layout_clear(Layout *g)
{
    out_plot_legend_free(g->legend);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Layout, layout_clear)

/* What each colour and mark means. */
static OutPlotLegend *legend_new(void)
{
    OutPlotLegend *legend = out_plot_legend_new();
    for (int p = 0; p < N_PHASES; p++)
        out_plot_legend_add_box(legend, phases[p].colour, phases[p].meaning);
    out_plot_legend_add_point(legend, 0, 9, "timer A, E or G fired: a retransmission");
    out_plot_legend_add_point(legend, OUT_PLOT_ALERT_COLOUR, 2, "timer B, F or H fired: a timeout");
    out_plot_legend_add_point(legend, WAIT_COLOUR, 6,
                              "timer D, I, J, K, L or M fired: the transaction ends");
    return legend;
}

static void lay_out(const GArray *calls, const OutPlotRun *run, Layout *g)
{
    g->rows = calls->len;
    g->row_px = g->rows <= NAMED_ROWS ? 30 : CLAMP(1200.0 / g->rows, 4, 30);
    gsize name = 4;
    for (guint i = 0; g->rows <= NAMED_ROWS && i < calls->len; i++) {
        g_autofree char *n = row_name(&g_array_index(calls, Call, i));
        name = MAX(name, strlen(n));
    }
    g->left_px = name * OUT_PLOT_CHAR_W + 30;
    g->right_px = 30;
    g->width = (int) ceil(MAX(1000, g->left_px + 600));
    g->plot_w = g->width - g->left_px - g->right_px;
    g->title_px = 34;
    g->axis_px = 44;
    g->legend = legend_new();
    g->key_px = out_plot_legend_height(g->legend, g->width);
    g->height = (int) ceil(g->title_px + g->rows * g->row_px + g->axis_px + g->key_px);
    g->end_s = MAX((double) run->end / SIM_S, 1e-3);
}

static void write_calls(FILE *f, const GArray *calls)
{
    fputs("# The calls, one a row, in the order they started: row, name (the scenario's or the\n"
          "# Call-ID, caller->callee, final status), Call-ID\n"
          "$calls << EOD\n",
          f);
    for (guint i = 0; i < calls->len; i++) {
        const Call *c = &g_array_index(calls, Call, i);
        g_autofree char *n = row_name(c);
        fprintf(f, "%u ", i + 1);
        out_plot_write_data_string(f, n);
        fputc(' ', f);
        out_plot_write_data_string(f, c->call_id);
        fputc('\n', f);
    }
    fputs("EOD\n\n", f);
}

static void write_phases(const OutPlotTimeline *t, FILE *f, const GArray *calls,
                         const OutPlotRun *run)
{
    fputs("# Each call's phases, one after the other: row, from, to (s), phase, colour\n"
          "$phases << EOD\n",
          f);
    for (guint i = 0; i < calls->len; i++) {
        g_autoptr(GArray) spans = call_spans(t, &g_array_index(calls, Call, i), run->end);
        write_call_phases(f, i + 1, spans);
    }
    fputs("EOD\n\n", f);
}

static void write_marks(const OutPlotTimeline *t, FILE *f, const GArray *calls, const Layout *g)
{
    fputs("# The timer firings of each call's transactions, in the order they fired: row, time\n"
          "# (s), timer, kind (1 a retransmission, 2 a timeout, 3 a wait that ends the\n"
          "# transaction), node, method, the letter drawn (empty where it would overlap)\n"
          "$timers << EOD\n",
          f);
    g_autoptr(GHashTable) rows = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = calls->len; i > 0; i--) /* the first call of a Call-ID has its marks */
        g_hash_table_insert(rows, g_array_index(calls, Call, i - 1).call_id, GUINT_TO_POINTER(i));
    g_autoptr(OutPlotLabels) space = out_plot_labels_new();
    for (guint i = 0; i < t->marks->len; i++) {
        const Mark *m = &g_array_index(t->marks, Mark, i);
        guint row = GPOINTER_TO_UINT(g_hash_table_lookup(rows, m->call_id));
        if (!row)
            continue; /* a registration's */
        const char *letter = sip_timer_name(m->timer);
        double x = (double) m->time / SIM_S / g->end_s * g->plot_w;
        double y = (row - 0.5) * g->row_px - 0.9 * OUT_PLOT_LINE_H;
        gboolean shown =
            g->rows <= LETTERED_ROWS &&
            out_plot_labels_place(space, x - OUT_PLOT_CHAR_W / 2, y - OUT_PLOT_LINE_H / 2,
                                  x + OUT_PLOT_CHAR_W / 2, y + OUT_PLOT_LINE_H / 2);
        fprintf(f, "%u ", row);
        out_plot_write_time(f, m->time);
        fprintf(f, " \"%s\" %d ", letter, mark_kind(m->timer));
        out_plot_write_data_string(f, m->node);
        fputc(' ', f);
        out_plot_write_data_string(f, m->method);
        fputc(' ', f);
        out_plot_write_data_string(f, shown ? letter : "");
        fputc('\n', f);
    }
    fputs("EOD\n\n", f);
}

static void write_axes(FILE *f, const GArray *calls, const Layout *g)
{
    if (g->rows <= NAMED_ROWS) {
        fputs("set ytics scale 0 (", f);
        for (guint i = 0; i < calls->len; i++) {
            g_autofree char *n = row_name(&g_array_index(calls, Call, i));
            fputs(i ? ", " : "", f);
            out_plot_write_string(f, n);
            fprintf(f, " %u", i + 1);
        }
        fputs(")\n", f);
    } else {
        fputs("set ytics out nomirror\nset ylabel 'call, in the order they started'\n", f);
    }
    fprintf(f,
            "set xrange [0:%.9f]\n"
            "set yrange [%.1f:0.5]\n"
            "set xtics out nomirror\nset mxtics\n"
            "set xlabel 'simulated time (s)' offset 0,0.5\n"
            "set grid xtics lc rgb '#e8e8e8'\n"
            "set border 3 lc rgb '#808080'\n"
            "set tics textcolor rgb 'black'\n"
            "set lmargin at screen %.4f\nset rmargin at screen %.4f\n"
            "set tmargin at screen %.4f\nset bmargin at screen %.4f\n",
            g->end_s, g->rows + 0.5, g->left_px / g->width, 1 - g->right_px / g->width,
            1 - g->title_px / g->height, (g->axis_px + g->key_px) / g->height);
}

static void write_style(FILE *f, const GArray *calls, const OutPlotRun *run, const Layout *g)
{
    g_autofree char *title = g_strdup_printf(
        "Calls of %s, seed %" G_GUINT64_FORMAT ", run %" G_GUINT64_FORMAT ": %u call%s",
        run->scenario, run->seed, run->run, calls->len, calls->len == 1 ? "" : "s");
    fprintf(f,
            "# The style.\n"
            "bar = 0.35  # half a bar's height, in rows\n"
            "marks = %.2f  # the marks' size\n"
            "set title ",
            g->rows <= NAMED_ROWS ? 1.0 : CLAMP(g->row_px / 30, 0.3, 1.0));
    out_plot_write_string(f, title);
    fputc('\n', f);
    write_axes(f, calls, g);
    out_plot_legend_write(g->legend, f, g->width, g->height);
    fprintf(f,
            "unset key\n"
            "plot $phases using (($2 + $3) / 2):1:2:3:($1 - bar):($1 + bar):5 with boxxyerror "
            "fs solid 1.0 noborder lc rgb variable notitle, \\\n"
            "     $timers using 2:($4 == 1 ? $1 : NaN) with points pt 9 ps marks lc rgb 'black' "
            "notitle, \\\n"
            "     $timers using 2:($4 == 2 ? $1 : NaN) with points pt 2 ps 1.5 * marks lw 2 "
            "lc rgb '#%06x' notitle, \\\n"
            "     $timers using 2:($4 == 3 ? $1 : NaN) with points pt 6 ps marks lc rgb '#%06x' "
            "notitle, \\\n"
            "     $timers using 2:1:7 with labels offset 0,0.9 font ',8' notitle\n",
            OUT_PLOT_ALERT_COLOUR, WAIT_COLOUR);
}

gboolean out_plot_timeline_finish(OutPlotTimeline *t, const OutPlotRun *run, GError **error)
{
    if (t->n_calls == 0 || overflow(t)) {
        g_autofree char *why =
            t->n_calls ? g_strdup_printf("the run had %" G_GUINT64_FORMAT " calls, more than %u",
                                         t->n_calls, t->max)
                       : g_strdup("the run had no call");
        out_plot_not_drawn(g_steal_pointer(&t->plot), why, error);
        out_plot_timeline_free(t);
        return FALSE;
    }
    g_autoptr(GArray) calls = g_array_copy(t->calls);
    g_array_sort(calls, by_start);
    g_auto(Layout) g = { 0 };
    lay_out(calls, run, &g);
    g_autofree char *what = g_strdup_printf("The calls of %s, seed %" G_GUINT64_FORMAT
                                            ", run %" G_GUINT64_FORMAT ", over time.",
                                            run->scenario, run->seed, run->run);
    FILE *f = out_plot_begin(t->plot, what, g.width, g.height);
    fputc('\n', f);
    write_calls(f, calls);
    write_phases(t, f, calls, run);
    write_marks(t, f, calls, &g);
    write_style(f, calls, run, &g);
    gboolean ok = out_plot_finish(g_steal_pointer(&t->plot), run, error);
    out_plot_timeline_free(t);
    return ok;
}
