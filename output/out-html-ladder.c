/* SPDX-License-Identifier: MIT */
#include "out-html-ladder.h"

#include <string.h>

#include "out-html-escape.h"

/* Geometry, in CSS pixels. The labels are 12px monospace, about 7.3 pixels a character. */
enum {
    ROW_H = 26,   /* one message */
    ROW_TOP = 18, /* the first arrow's y */
    TIME_W = 64,  /* the time column, right-aligned at TIME_W - 8 */
    CHAR_W = 8,   /* a label's character, rounded up */
    LANE_MIN = 110,
    HEAD = 9, /* the arrow head's length */
    RIGHT_PAD = 24,
    N_COLOURS = 8, /* the calls' colours in viewer.css: c0 ... c7 */
};

static int lane_width(const GPtrArray *parties, const GArray *msgs)
{
    gsize chars = 0;
    for (guint i = 0; i < msgs->len; i++) {
        const OutHtmlMessage *m = &g_array_index(msgs, OutHtmlMessage, i);
        chars = MAX(chars, strlen(m->label) + (m->retransmission ? 8 : 0));
    }
    for (guint i = 0; i < parties->len; i++)
        chars = MAX(chars, strlen(g_ptr_array_index(parties, i)));
    return MAX(LANE_MIN, (int) chars * CHAR_W + 4 * HEAD);
}

static int lane_x(guint lane, int lane_w)
{
    return TIME_W + lane_w / 2 + (int) lane * lane_w;
}

/* Seconds with milliseconds, as the text ladder shows them. */
static void put_time(FILE *f, SimTime t)
{
    fprintf(f, "%" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT, t / SIM_S, t % SIM_S / SIM_MS);
}

/* The arrow of a message to another lane: a line with a head, or, when it was not delivered, a
 * line that stops at an X with the cause after it. */
static void put_arrow(FILE *f, const OutHtmlMessage *m, int x1, int x2)
{
    int d = x2 > x1 ? 1 : -1;
    if (g_str_equal(m->fate, "delivered")) {
        fprintf(f, "<line class=\"arrow\" x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"0\"/>", x1, x2 - d * 2);
        fprintf(f, "<path class=\"head\" d=\"M%d 0l%d -4.5v9z\"/>", x2, -d * HEAD);
    } else {
        int xl = x1 + (x2 - x1) * 7 / 10;
        fprintf(f, "<line class=\"arrow\" x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"0\"/>", x1, xl);
        fprintf(f, "<path class=\"x\" d=\"M%d -5l10 10m0 -10l-10 10\"/>", xl - 5);
        fprintf(f, "<text class=\"cause\" x=\"%d\" y=\"4\"%s>", xl + d * 9,
                d > 0 ? "" : " text-anchor=\"end\"");
        out_html_escape(f, m->fate, -1);
        fputs("</text>", f);
    }
    fprintf(f, "<text class=\"label\" x=\"%d\" y=\"-5\">", (x1 + x2) / 2);
}

/* A message a node sent to itself: a loop to the right of its lane. */
static void put_loop(FILE *f, const OutHtmlMessage *m, int x)
{
    fprintf(f, "<path class=\"arrow\" d=\"M%d -4h28v8h-26\"/>", x);
    if (g_str_equal(m->fate, "delivered"))
        fprintf(f, "<path class=\"head\" d=\"M%d 4l%d -4.5v9z\"/>", x, HEAD);
    fprintf(f, "<text class=\"label\" x=\"%d\" y=\"4\" text-anchor=\"start\">", x + 34);
}

static void put_row(FILE *f, const OutHtmlMessage *m, guint i, const char *filter, int lane_w,
                    int width)
{
    char colour[16] = "stun";
    if (!m->stun)
        g_snprintf(colour, sizeof colour, "c%d", m->conversation % N_COLOURS);
    fprintf(f,
            "<g class=\"msg %s%s%s\" id=\"m%u\" data-calls=\"%s\" transform=\"translate(0,%u)\">",
            colour, m->retransmission ? " again" : "",
            g_str_equal(m->fate, "delivered") ? "" : " lost", i, filter, ROW_TOP + i * ROW_H);
    fprintf(f, "<rect class=\"hit\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\"/>", 1 - ROW_TOP,
            width, ROW_H);
    fprintf(f, "<text class=\"t\" x=\"%d\" y=\"4\">", TIME_W - 8);
    put_time(f, m->time);
    fputs("</text>", f);
    int x1 = lane_x(m->from, lane_w), x2 = lane_x(m->to, lane_w);
    if (x1 == x2)
        put_loop(f, m, x1);
    else
        put_arrow(f, m, x1, x2);
    out_html_escape(f, m->label, -1);
    fputs(m->retransmission ? " (again)</text></g>\n" : "</text></g>\n", f);
}

void out_html_ladder_write(FILE *f, const GPtrArray *parties, const GArray *msgs,
                           const GPtrArray *filters)
{
    int lane_w = lane_width(parties, msgs);
    int width = TIME_W + (int) parties->len * lane_w + RIGHT_PAD;
    int height = ROW_TOP + (int) msgs->len * ROW_H;
    fprintf(f, "<div class=\"names\"><svg width=\"%d\" height=\"30\" aria-hidden=\"true\">", width);
    fprintf(f, "<text class=\"t\" x=\"%d\" y=\"20\">time (s)</text>", TIME_W - 8);
    for (guint i = 0; i < parties->len; i++) {
        fprintf(f, "<text class=\"party\" x=\"%d\" y=\"20\">", lane_x(i, lane_w));
        out_html_escape(f, g_ptr_array_index(parties, i), -1);
        fputs("</text>", f);
    }
    fputs("</svg></div>\n", f);
    fprintf(f,
            "<svg class=\"flow\" id=\"flow\" width=\"%d\" height=\"%d\" data-row=\"%d\" "
            "data-top=\"%d\" aria-label=\"the ladder of the run's messages\">\n",
            width, height, ROW_H, ROW_TOP);
    fputs("<g class=\"lanes\">", f);
    for (guint i = 0; i < parties->len; i++)
        fprintf(f, "<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"100%%\"/>", lane_x(i, lane_w),
                lane_x(i, lane_w));
    fputs("</g>\n", f);
    for (guint i = 0; i < msgs->len; i++)
        put_row(f, &g_array_index(msgs, OutHtmlMessage, i), i, g_ptr_array_index(filters, i),
                lane_w, width);
    fputs("</svg>\n", f);
}
