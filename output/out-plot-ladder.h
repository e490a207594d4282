/* SPDX-License-Identifier: MIT */
/*
 * The ladder as a picture drawn by gnuplot (out-plot.h): one lane per party, in the order they
 * first appear (as in the text ladder); one arrow per message with its label and its send time,
 * in its call's colour (by Call-ID; STUN in grey); a retransmission dashed and "(again)"; a lost
 * message's arrow stops short at a cross, with the drop cause.
 */
#pragma once

#include "out-messages.h"
#include "out-plot.h"

typedef enum {
    OUT_LADDER_TIME_SCALED,     /* time to scale: each arrow from its send to its arrival */
    OUT_LADDER_TIME_COMPRESSED, /* one row per message, in send order, as in the text ladder */
} OutLadderTime;

/* "scaled" or "compressed"; FALSE for anything else. */
gboolean out_ladder_time_parse(const char *text, OutLadderTime *time);

typedef struct OutPlotLadder OutPlotLadder;

/* The ladder of @log's messages into @path (.svg, .png or .pdf; else NULL and @error). Keeps up
 * to @max messages; a run with more is not drawn. */
OutPlotLadder *out_plot_ladder_new(OutMessageLog *log, const char *path, OutLadderTime time,
                                   guint max, GError **error);
/* Writes PATH.gp and has gnuplot draw PATH (out_plot_finish). FALSE with @error when the picture
 * is missing: not drawn (no message, or more than @max), or gnuplot missing or failing. Frees
 * @ladder. */
gboolean out_plot_ladder_finish(OutPlotLadder *ladder, const OutPlotRun *run, GError **error);
/* Drops the ladder unwritten. */
void out_plot_ladder_free(OutPlotLadder *ladder);
