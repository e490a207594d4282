/* SPDX-License-Identifier: MIT */
/*
 * A sweep's progress line on a terminal: runs and points done out of all, time elapsed, time
 * left at the pace so far. Nothing of it when stderr is not a terminal; messages go to stderr
 * either way, clearing the line first.
 */
#pragma once

#include "sweep-file.h"

typedef struct SweepProgress SweepProgress;

/* @done: which jobs are done already (copied); @to_run: how many will be run now. */
SweepProgress *sweep_progress_new(const Sweep *sweep, const gboolean *done, guint to_run,
                                  gboolean show);
/* Ends the line. */
void sweep_progress_free(SweepProgress *progress);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SweepProgress, sweep_progress_free)
void sweep_progress_ended(SweepProgress *progress, guint job, gboolean done);
/* A line on stderr; @progress may be NULL. */
void sweep_progress_message(SweepProgress *progress, const char *format, ...) G_GNUC_PRINTF(2, 3);
