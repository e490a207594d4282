/* SPDX-License-Identifier: MIT */
/*
 * The calls of a run over time, drawn by gnuplot (out-plot.h): one row per call, in the order
 * the calls started, with its phases as coloured bars (trying, ringing, talking, on hold,
 * transferring) and its transactions' timer firings as marks.
 */
#pragma once

#include "out-messages.h"
#include "out-plot.h"

typedef struct OutPlotTimeline OutPlotTimeline;

/* The timeline of the calls of @trace into @path (.svg, .png or .pdf; else NULL and @error);
 * @log gives the ringing and the transfers. A run with more than @max calls is not drawn. */
OutPlotTimeline *out_plot_timeline_new(OutMessageLog *log, SipTrace *trace, const char *path,
                                       guint max, GError **error);
/* Writes PATH.gp and has gnuplot draw PATH (out_plot_finish). FALSE with @error when the picture
 * is missing: not drawn (no call, or more than @max), or gnuplot missing or failing. Frees @t. */
gboolean out_plot_timeline_finish(OutPlotTimeline *t, const OutPlotRun *run, GError **error);
/* Drops the timeline unwritten. */
void out_plot_timeline_free(OutPlotTimeline *t);
