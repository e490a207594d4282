/* SPDX-License-Identifier: MIT */
/*
 * A sweep's plots as gnuplot input: for each plot, NAME.dat (the points' means and confidence
 * intervals, one block per line) and NAME.gp (the script that draws NAME.svg and NAME.png from
 * it), so that a user can restyle a plot and redraw it with `gnuplot NAME.gp`.
 */
#pragma once

#include "out-sweep.h"

typedef struct {
    guint metric;
    guint against; /* the x axis */
    gint by;       /* one line per value of this axis; -1 for one line */
} OutSweepPlot;

/* Writes the files of @plot into @dir, one pair for each combination of the values of the axes
 * it neither plots against nor draws lines by, and adds each NAME (a new string) to @names.
 * A combination without any value of the metric has no plot. @source names the sweep file in
 * the scripts' comments. */
gboolean out_sweep_plot_write(const OutSweepTable *table, const OutSweepPlot *plot, const char *dir,
                              const char *source, GPtrArray *names, GError **error);
