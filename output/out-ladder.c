/* SPDX-License-Identifier: MIT */
#include "out-ladder.h"

#include <string.h>

typedef struct {
    SimTime time;
    guint from, to; /* party columns */
    char *label;
    gboolean retransmission;
    const char *fate;
} Row;

struct OutLadder {
    guint max_rows;
    gboolean overflow;
    GPtrArray *parties; /* const char *, in order of first appearance */
    GArray *rows;       /* Row */
};

static guint party(OutLadder *l, const char *name)
{
    for (guint i = 0; i < l->parties->len; i++)
        if (g_str_equal(g_ptr_array_index(l->parties, i), name))
            return i;
    g_ptr_array_add(l->parties, (gpointer) name);
    return l->parties->len - 1;
}

static void on_message(const OutMessage *m, gpointer user)
{
    OutLadder *l = user;
    if (l->overflow || l->rows->len >= l->max_rows) {
        l->overflow = TRUE;
        return;
    }
    Row r = {
        .time = m->time,
        .from = party(l, m->from),
        .to = party(l, m->to[0] ? m->to : "?"),
        .label = g_strdup_printf("%s%s", m->label, m->retransmission ? " (again)" : ""),
        .retransmission = m->retransmission,
        .fate = m->fate,
    };
    g_array_append_val(l->rows, r);
}

OutLadder *out_ladder_new(OutMessageLog *log, guint max_rows)
{
    OutLadder *l = g_new0(OutLadder, 1);
    l->max_rows = max_rows;
    l->parties = g_ptr_array_new();
    l->rows = g_array_new(FALSE, FALSE, sizeof(Row));
    out_message_log_subscribe(log, on_message, l);
    return l;
}

void out_ladder_free(OutLadder *ladder)
{
    if (!ladder)
        return;
    for (guint i = 0; i < ladder->rows->len; i++)
        g_free(g_array_index(ladder->rows, Row, i).label);
    g_array_unref(ladder->rows);
    g_ptr_array_unref(ladder->parties);
    g_free(ladder);
}

/* Lanes are as wide as the longest label plus the arrow's ends, and the names. */
static gsize lane_width(const OutLadder *l)
{
    gsize w = 12;
    for (guint i = 0; i < l->rows->len; i++)
        w = MAX(w, strlen(g_array_index(l->rows, Row, i).label) + 6);
    for (guint i = 0; i < l->parties->len; i++)
        w = MAX(w, strlen(g_ptr_array_index(l->parties, i)) + 2);
    return w;
}

/* One row: the lanes as '|', the arrow between the two parties with its label centered. */
static void print_row(FILE *f, const Row *r, guint n, gsize lane)
{
    gsize width = lane * (n - 1) + 1;
    g_autofree char *line = g_malloc(width + 1);
    memset(line, ' ', width);
    line[width] = 0;
    for (guint i = 0; i < n; i++)
        line[i * lane] = '|';
    guint a = MIN(r->from, r->to), b = MAX(r->from, r->to);
    gsize start = a * lane + 1, end = b * lane - 1; /* inclusive */
    for (gsize i = start; i <= end; i++)
        line[i] = '-';
    gboolean lost = !g_str_equal(r->fate, "delivered");
    if (r->to > r->from)
        line[end] = lost ? 'X' : '>';
    else
        line[start] = lost ? 'X' : '<';
    gsize len = strlen(r->label);
    gsize span = end - start + 1;
    gsize at = start + (span > len ? (span - len) / 2 : 0);
    memcpy(line + at, r->label, MIN(len, width - at));
    char t[SIM_TIME_BUF];
    sim_time_format(r->time, t, sizeof t);
    /* seconds with milliseconds: "12.345" from "12.345678901" */
    t[strlen(t) - 6] = 0;
    fprintf(f, "%10s  %s", t, line);
    if (lost)
        fprintf(f, "  %s", r->fate);
    fputc('\n', f);
}

gboolean out_ladder_print(const OutLadder *l, FILE *f)
{
    if (l->overflow || l->rows->len == 0)
        return FALSE;
    guint n = l->parties->len;
    gsize lane = lane_width(l);
    fprintf(f, "%10s  ", "time (s)");
    for (guint i = 0; i < n; i++) {
        const char *name = g_ptr_array_index(l->parties, i);
        fprintf(f, "%-*s", i + 1 < n ? (int) lane : 0, name);
    }
    fputc('\n', f);
    for (guint i = 0; i < l->rows->len; i++)
        print_row(f, &g_array_index(l->rows, Row, i), MAX(n, 2), lane);
    return TRUE;
}
