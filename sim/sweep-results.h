/* SPDX-License-Identifier: MIT */
/*
 * What a sweep writes from its runs' summaries: runs.csv, points.csv and timing.json, whole or
 * as NAME.partial when runs are missing; and, when whole, the plots (plots/NAME.dat, .gp, and
 * the .svg and .png that gnuplot draws from them).
 */
#pragma once

#include "sweep-file.h"

typedef struct {
    guint already_done; /* found complete before this command */
    guint done, failed, interrupted;
    guint parallel;
    int ranks;
    double wall_s;
} SweepCounts;

/* Reads each job from the first of @dirs (NULL-terminated) that holds its complete run and
 * writes the files into @out; messages go to stderr, and to stdout the files written (unless
 * @quiet). Returns the exit status: CLI_OK when every run was there and every plot drawn. */
int sweep_results_write(const Sweep *sweep, const char *const *dirs, const char *out,
                        const SweepCounts *counts, gboolean quiet);
