/* SPDX-License-Identifier: MIT */
#include "out-plot-ladder.h"

#include <math.h>
#include <string.h>

/* A lost message's arrow stops this far along its way, at a cross. */
#define LOST_STOP 0.7
/* How many calls the key names one by one; past that, it says that colours repeat. */
#define KEY_CALLS 8

typedef struct {
    SimTime time, end; /* end: delivered or dropped, -1 in flight */
    guint from, to;    /* party lanes */
    guint call;        /* index in calls, or G_MAXUINT for STUN */
    gboolean again;
    const char *fate;
    char *label;
} Arrow;

typedef struct {
    char *call_id;
    char *first; /* the label of its first message: what the call is ("INVITE", "REGISTER") */
} Call;

struct OutPlotLadder {
    OutPlot *plot;
    OutLadderTime time;
    guint max;
    guint64 count;
    GPtrArray *parties;     /* const char *, in order of first appearance */
    GArray *arrows;         /* Arrow, in send order */
    GArray *calls;          /* Call, in order of first message */
    GHashTable *call_index; /* call-id -> index + 1 */
    gboolean stun, again, lost;
};

gboolean out_ladder_time_parse(const char *text, OutLadderTime *time)
{
    if (g_str_equal(text, "scaled"))
        *time = OUT_LADDER_TIME_SCALED;
    else if (g_str_equal(text, "compressed"))
        *time = OUT_LADDER_TIME_COMPRESSED;
    else
        return FALSE;
    return TRUE;
}

static guint party(OutPlotLadder *l, const char *name)
{
    for (guint i = 0; i < l->parties->len; i++)
        if (g_str_equal(g_ptr_array_index(l->parties, i), name))
            return i;
    g_ptr_array_add(l->parties, (gpointer) name);
    return l->parties->len - 1;
}

static guint call_of(OutPlotLadder *l, const OutMessage *m)
{
    if (g_str_has_prefix(m->label, "STUN-")) {
        l->stun = TRUE;
        return G_MAXUINT;
    }
    gpointer index = g_hash_table_lookup(l->call_index, m->call_id);
    if (index)
        return GPOINTER_TO_UINT(index) - 1;
    Call c = { g_strdup(m->call_id), g_strdup(m->label) };
    g_array_append_val(l->calls, c);
    g_hash_table_insert(l->call_index, c.call_id, GUINT_TO_POINTER(l->calls->len));
    return l->calls->len - 1;
}

static void on_message(const OutMessage *m, gpointer user)
{
    OutPlotLadder *l = user;
    if (++l->count > l->max)
        return;
    Arrow a = {
        .time = m->time,
        .end = m->end,
        .from = party(l, m->from),
        .to = party(l, m->to[0] ? m->to : "?"),
        .call = call_of(l, m),
        .again = m->retransmission,
        .fate = m->fate,
        .label = g_strdup_printf("%s%s", m->label, m->retransmission ? " (again)" : ""),
    };
    l->again |= a.again;
    l->lost |= !g_str_equal(a.fate, "delivered");
    g_array_append_val(l->arrows, a);
}

OutPlotLadder *out_plot_ladder_new(OutMessageLog *log, const char *path, OutLadderTime time,
                                   guint max, GError **error)
{
    OutPlot *plot = out_plot_open("--ladder", path, error);
    if (!plot)
        return NULL;
    OutPlotLadder *l = g_new0(OutPlotLadder, 1);
    l->plot = plot;
    l->time = time;
    l->max = max;
    l->parties = g_ptr_array_new();
    l->arrows = g_array_new(FALSE, FALSE, sizeof(Arrow));
    l->calls = g_array_new(FALSE, FALSE, sizeof(Call));
    l->call_index = g_hash_table_new(g_str_hash, g_str_equal);
    out_message_log_subscribe(log, on_message, l);
    return l;
}

void out_plot_ladder_free(OutPlotLadder *l)
{
    if (!l)
        return;
    out_plot_abort(l->plot);
    for (guint i = 0; i < l->arrows->len; i++)
        g_free(g_array_index(l->arrows, Arrow, i).label);
    for (guint i = 0; i < l->calls->len; i++) {
        g_free(g_array_index(l->calls, Call, i).call_id);
        g_free(g_array_index(l->calls, Call, i).first);
    }
    g_array_unref(l->arrows);
    g_array_unref(l->calls);
    g_hash_table_destroy(l->call_index);
    g_ptr_array_unref(l->parties);
    g_free(l);
}

/* The picture's layout: x in lanes (party i at x = i), y in rows (compressed) or seconds, down. */
typedef struct {
    double lane_px, row_px, left_px, right_px, title_px, key_px;
    double unit; /* y per row */
    double xmin, xmax, ytop, ynames, ybottom;
    int width, height;
    OutPlotLegend *legend;
    guint8 *shown;  /* per message, the texts drawn: SHOW_TIME | SHOW_LABEL | SHOW_CAUSE */
    guint left_out; /* labels left out where they would overlap */
    char *title, *note;
} Layout;

static void layout_clear(Layout *g)
{
    out_plot_legend_free(g->legend);
    g_free(g->shown);
    g_free(g->title);
    g_free(g->note);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Layout, layout_clear)

enum { SHOW_TIME = 1, SHOW_LABEL = 2, SHOW_CAUSE = 4 };

static gboolean lost(const Arrow *a)
{
    return !g_str_equal(a->fate, "delivered");
}

static double y_send(const OutPlotLadder *l, guint i)
{
    const Arrow *a = &g_array_index(l->arrows, Arrow, i);
    return l->time == OUT_LADDER_TIME_COMPRESSED ? i + 1 : (double) a->time / SIM_S;
}

static SimTime end_time(const Arrow *a, const OutPlotRun *run)
{
    return a->end >= 0 ? a->end : MAX(run->end, a->time);
}

static double y_end(const OutPlotLadder *l, guint i, const OutPlotRun *run)
{
    const Arrow *a = &g_array_index(l->arrows, Arrow, i);
    return l->time == OUT_LADDER_TIME_COMPRESSED ? i + 1 : (double) end_time(a, run) / SIM_S;
}

static const char *key_title(const OutPlotLadder *l, guint i, char *buf, gsize len)
{
    const Call *c = &g_array_index(l->calls, Call, i);
    g_snprintf(buf, len, "%s %s", c->first, *c->call_id ? c->call_id : "(no Call-ID)");
    return buf;
}

/* Each call's colour, named (up to KEY_CALLS calls), and the styles drawn. */
static OutPlotLegend *legend_of(const OutPlotLadder *l)
{
    OutPlotLegend *legend = out_plot_legend_new();
    char buf[256];
    if (l->calls->len > KEY_CALLS) {
        g_snprintf(buf, sizeof buf, "colour: the Call-ID (%u of them; colours repeat)",
                   l->calls->len);
        out_plot_legend_add_line(legend, out_plot_call_colour(0), FALSE, buf);
    } else {
        for (guint i = 0; i < l->calls->len; i++)
            out_plot_legend_add_line(legend, out_plot_call_colour(i), FALSE,
                                     key_title(l, i, buf, sizeof buf));
    }
    if (l->stun)
        out_plot_legend_add_line(legend, OUT_PLOT_STUN_COLOUR, FALSE, "STUN");
    if (l->again)
        out_plot_legend_add_line(legend, 0, TRUE, "retransmission (again)");
    if (l->lost)
        out_plot_legend_add_point(legend, OUT_PLOT_ALERT_COLOUR, 2,
                                  "lost: the arrow stops, with the drop cause");
    return legend;
}

static double px_x(const Layout *g, double x)
{
    return (x - g->xmin) * g->lane_px;
}

static double px_y(const Layout *g, double y)
{
    return g->title_px + (y - g->ytop) / g->unit * g->row_px;
}

/* Takes the box of a text of @chars characters whose anchor is at (@x, @y) pixels, aligned
 * left (@align -1), centred (0) or right (1); TRUE when it overlaps nothing taken before. */
static gboolean place(OutPlotLabels *space, double x, double y, gsize chars, int align)
{
    double w = chars * OUT_PLOT_CHAR_W;
    double x0 = align < 0 ? x : align > 0 ? x - w : x - w / 2;
    return out_plot_labels_place(space, x0 - 2, y - OUT_PLOT_LINE_H / 2 - 2, x0 + w + 2,
                                 y + OUT_PLOT_LINE_H / 2 + 2);
}

static void time_text(const Arrow *a, char *buf, gsize len)
{
    g_snprintf(buf, len, "%" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT, a->time / SIM_S,
               a->time % SIM_S / SIM_MS);
}

/* Which texts each message shows: all of them, each on its own row (compressed), or those that
 * overlap none placed before (to scale). */
static void place_texts(const OutPlotLadder *l, const OutPlotRun *run, Layout *g)
{
    g_autoptr(OutPlotLabels) space = out_plot_labels_new();
    g->shown = g_new0(guint8, l->arrows->len);
    if (l->time == OUT_LADDER_TIME_COMPRESSED) {
        memset(g->shown, SHOW_TIME | SHOW_LABEL | SHOW_CAUSE, l->arrows->len);
        return;
    }
    for (guint i = 0; i < l->arrows->len; i++) {
        const Arrow *a = &g_array_index(l->arrows, Arrow, i);
        double xe = lost(a) ? a->from + LOST_STOP * ((double) a->to - a->from) : a->to;
        double y0 = px_y(g, y_send(l, i)), y1 = px_y(g, y_end(l, i, run));
        int towards = a->to > a->from ? 1 : -1;
        char time[32];
        time_text(a, time, sizeof time);
        if (place(space, px_x(g, 0) - 2 * OUT_PLOT_CHAR_W, y0, strlen(time), 1))
            g->shown[i] |= SHOW_TIME;
        if (place(space, px_x(g, (a->from + xe) / 2), (y0 + y1) / 2 - 0.6 * OUT_PLOT_LINE_H,
                  strlen(a->label), 0))
            g->shown[i] |= SHOW_LABEL;
        else
            g->left_out++;
        if (lost(a) &&
            place(space, px_x(g, xe) + towards * OUT_PLOT_CHAR_W, y1, strlen(a->fate), -towards))
            g->shown[i] |= SHOW_CAUSE;
    }
}

/* Widens the picture by @px, half on each side of the lanes. */
static void widen(Layout *g, guint n, double px)
{
    g->left_px += px / 2;
    g->right_px += px / 2;
    g->xmin = -g->left_px / g->lane_px;
    g->xmax = n - 1 + g->right_px / g->lane_px;
    g->width = (int) ceil(g->left_px + (n - 1) * g->lane_px + g->right_px);
}

static void lay_out(const OutPlotLadder *l, const OutPlotRun *run, Layout *g)
{
    guint n = l->parties->len, rows = l->arrows->len;
    gsize label = 0, name = 0, cause = 0;
    for (guint i = 0; i < rows; i++) {
        const Arrow *a = &g_array_index(l->arrows, Arrow, i);
        label = MAX(label, strlen(a->label));
        if (lost(a))
            cause = MAX(cause, strlen(a->fate));
    }
    for (guint i = 0; i < n; i++)
        name = MAX(name, strlen(g_ptr_array_index(l->parties, i)));
    g->lane_px = MAX(150, MAX(label, name) * OUT_PLOT_CHAR_W + 40);
    g->row_px = 22;
    g->left_px = 10 * OUT_PLOT_CHAR_W + 16; /* the send times: "1234.567" */
    g->right_px = 40 + cause * OUT_PLOT_CHAR_W;
    widen(g, n, 0);

    /* Names one row above the first message, half a row of margin above them and below the
     * last message; a long ladder names the parties at the bottom too. */
    double first = y_send(l, 0), last = first;
    for (guint i = 0; i < rows; i++)
        last = MAX(last, MAX(y_send(l, i), y_end(l, i, run)));
    g->unit = l->time == OUT_LADDER_TIME_COMPRESSED ? 1 : MAX(last - first, 1e-3) / rows;
    g->ynames = first - g->unit;
    g->ytop = g->ynames - 0.6 * g->unit;
    g->ybottom = last + (rows > 40 ? 1.6 : 0.8) * g->unit;
    place_texts(l, run, g); /* widening later moves every text alike */

    g->title = g_strdup_printf(
        "Ladder of %s, seed %" G_GUINT64_FORMAT ", run %" G_GUINT64_FORMAT ": %u messages, %s",
        run->scenario, run->seed, run->run, rows,
        l->time == OUT_LADDER_TIME_COMPRESSED ? "one row each" : "time to scale");
    if (g->left_out)
        g->note = g_strdup_printf("%u labels left out where they would overlap; "
                                  "--ladder-time compressed shows all",
                                  g->left_out);
    gsize text = MAX(strlen(g->title), g->note ? strlen(g->note) : 0);
    widen(g, n, MAX(0, (text + 8) * OUT_PLOT_CHAR_W - g->width));
    g->legend = legend_of(l);
    g->key_px = out_plot_legend_height(g->legend, g->width);
    g->title_px = g->note ? 46 : 30;
    g->height = (int) ceil(g->title_px + (g->ybottom - g->ytop) / g->unit * g->row_px + g->key_px);
}

static void write_y(const OutPlotLadder *l, FILE *f, guint i, SimTime t)
{
    if (l->time == OUT_LADDER_TIME_COMPRESSED)
        fprintf(f, "%u", i + 1);
    else
        out_plot_write_time(f, t);
}

/* One line per message. */
static void write_messages(const OutPlotLadder *l, const OutPlotRun *run, const Layout *g, FILE *f)
{
    fputs("# The messages, in the order they were sent, one a line:\n"
          "#   from, to: the lanes of the sender and of the receiver (or where it was going)\n",
          f);
    if (l->time == OUT_LADDER_TIME_COMPRESSED)
        fputs("#   y_send, y_end: the message's row\n", f);
    else
        fputs("#   y_send, y_end: when it was sent, and delivered or dropped (s)\n", f);
    fputs("#   colour: its call's (0xRRGGBB); again: 1 for a retransmission; lost: 1 when it was\n"
          "#   lost; time, label, cause: the texts drawn, empty where they would overlap another\n"
          "# from to y_send y_end colour again lost time label cause call_id\n"
          "$messages << EOD\n",
          f);
    for (guint i = 0; i < l->arrows->len; i++) {
        const Arrow *a = &g_array_index(l->arrows, Arrow, i);
        const Call *c = a->call == G_MAXUINT ? NULL : &g_array_index(l->calls, Call, a->call);
        char time[32];
        time_text(a, time, sizeof time);
        fprintf(f, "%u %u ", a->from, a->to);
        write_y(l, f, i, a->time);
        fputc(' ', f);
        write_y(l, f, i, end_time(a, run));
        fprintf(f, " 0x%06x %d %d ", c ? out_plot_call_colour(a->call) : OUT_PLOT_STUN_COLOUR,
                a->again, lost(a));
        out_plot_write_data_string(f, g->shown[i] & SHOW_TIME ? time : "");
        fputc(' ', f);
        out_plot_write_data_string(f, g->shown[i] & SHOW_LABEL ? a->label : "");
        fputc(' ', f);
        out_plot_write_data_string(f, lost(a) && g->shown[i] & SHOW_CAUSE ? a->fate : "");
        fputc(' ', f);
        out_plot_write_data_string(f, c ? c->call_id : "");
        fputc('\n', f);
    }
    fputs("EOD\n\n", f);
}

static void write_lanes(const OutPlotLadder *l, FILE *f)
{
    fputs("# The parties, one lane each, in the order they first appear: x, name.\n"
          "$lanes << EOD\n",
          f);
    for (guint i = 0; i < l->parties->len; i++) {
        fprintf(f, "%u ", i);
        out_plot_write_data_string(f, g_ptr_array_index(l->parties, i));
        fputc('\n', f);
    }
    fputs("EOD\n\n", f);
}

static void write_y_value(const OutPlotLadder *l, FILE *f, const char *name, double y)
{
    fprintf(f, l->time == OUT_LADDER_TIME_COMPRESSED ? "%s = %.2f\n" : "%s = %.9f\n", name, y);
}

static void write_style(const OutPlotLadder *l, const Layout *g, FILE *f)
{
    fprintf(f,
            "# The style.\n"
            "stop = %.1f  # a lost message's arrow stops this far along its way, at a cross\n"
            "xend(from, to, lost) = lost != 0 ? from + stop * (to - from) : to\n"
            "# the sender's lane of a message that is a retransmission or not (again), lost or "
            "not\n"
            "sel(again, lost) = column(6) == again && column(7) == lost ? column(1) : NaN\n"
            "head = 'head filled size character 1.2,18'\n"
            "timex = %.4f  # where the send times end, left of the first lane\n",
            LOST_STOP, -2 * OUT_PLOT_CHAR_W / g->lane_px);
    write_y_value(l, f, "ynames", g->ynames);
    write_y_value(l, f, "ybottom", g->ybottom);
    fputs("set title ", f);
    out_plot_write_string(f, g->title);
    fputc('\n', f);
    if (g->note) {
        fputs("set label ", f);
        out_plot_write_string(f, g->note);
        fprintf(f, " at screen 0.5, screen %.4f center\n", 1 - (g->title_px - 6) / g->height);
    }
    fprintf(f,
            "unset border\nunset xtics\nunset ytics\n"
            "set xrange [%.4f:%.4f]\n"
            "set yrange [ybottom:%.9f]\n"
            "set lmargin at screen 0\nset rmargin at screen 1\n"
            "set tmargin at screen %.4f\nset bmargin at screen %.4f\n"
            "unset key\n"
            "set style textbox opaque border lc rgb '#808080'\n",
            g->xmin, g->xmax, g->ytop, 1 - g->title_px / g->height, g->key_px / g->height);
    out_plot_legend_write(g->legend, f, g->width, g->height);
    fputs(
        "plot $lanes using 1:(ynames):(0):(ybottom - ynames) with vectors nohead lc rgb '#b0b0b0' "
        "notitle, \\\n",
        f);
    if (l->arrows->len > 40)
        fputs("     $lanes using 1:(ybottom):2 with labels boxed notitle, \\\n", f);
    fprintf(f,
            "     $lanes using 1:(ynames):2 with labels boxed notitle, \\\n"
            "     $messages using (sel(0, 0)):3:($2 - $1):($4 - $3):5 with vectors @head lw 1.5 "
            "lc rgb variable notitle, \\\n"
            "     $messages using (sel(1, 0)):3:($2 - $1):($4 - $3):5 with vectors @head lw 1.5 "
            "dt (8,5) lc rgb variable notitle, \\\n"
            "     $messages using (sel(0, 1)):3:(xend($1, $2, 1) - $1):($4 - $3):5 with vectors "
            "nohead lw 1.5 lc rgb variable notitle, \\\n"
            "     $messages using (sel(1, 1)):3:(xend($1, $2, 1) - $1):($4 - $3):5 with vectors "
            "nohead lw 1.5 dt (8,5) lc rgb variable notitle, \\\n"
            "     $messages using ($7 != 0 ? xend($1, $2, 1) : NaN):4 with points pt 2 ps 1.2 lw 2 "
            "lc rgb '#%06x' notitle, \\\n"
            "     $messages using ((xend($1, $2, $7) + $1) / 2):(($3 + $4) / 2):9:5 with labels "
            "offset 0,0.6 tc rgb variable notitle, \\\n"
            "     $messages using (timex):3:8 with labels right tc rgb '#505050' notitle, \\\n"
            "     $messages using ($7 != 0 && $2 > $1 ? xend($1, $2, 1) : NaN):4:10 with labels "
            "left offset 1,0 tc rgb '#%06x' notitle, \\\n"
            "     $messages using ($7 != 0 && $2 < $1 ? xend($1, $2, 1) : NaN):4:10 with labels "
            "right offset -1,0 tc rgb '#%06x' notitle",
            OUT_PLOT_ALERT_COLOUR, OUT_PLOT_ALERT_COLOUR, OUT_PLOT_ALERT_COLOUR);
    fputc('\n', f);
}

gboolean out_plot_ladder_finish(OutPlotLadder *l, const OutPlotRun *run, GError **error)
{
    if (l->count == 0 || l->count > l->max) {
        g_autofree char *why = l->count ? g_strdup_printf("the run sent %" G_GUINT64_FORMAT
                                                          " SIP and STUN messages, more than %u",
                                                          l->count, l->max)
                                        : g_strdup("the run sent no SIP or STUN message");
        out_plot_not_drawn(g_steal_pointer(&l->plot), why, error);
        out_plot_ladder_free(l);
        return FALSE;
    }
    g_auto(Layout) g = { 0 };
    lay_out(l, run, &g);
    g_autofree char *what =
        g_strdup_printf("The ladder of %s, seed %" G_GUINT64_FORMAT ", run %" G_GUINT64_FORMAT ".",
                        run->scenario, run->seed, run->run);
    FILE *f = out_plot_begin(l->plot, what, g.width, g.height);
    fputc('\n', f);
    write_lanes(l, f);
    write_messages(l, run, &g, f);
    write_style(l, &g, f);
    gboolean ok = out_plot_finish(g_steal_pointer(&l->plot), run, error);
    out_plot_ladder_free(l);
    return ok;
}
