/* SPDX-License-Identifier: MIT */
/*
 * A sweep's results as tables (docs/sweeps.md): runs.csv, one row per run with the figures read
 * from its summary.json, and points.csv, one row per point with each figure's count, mean,
 * standard deviation and confidence interval across the replications (Student's t).
 * Numbers are written as the shortest decimal that reads back as the same double, so the same
 * runs give the same bytes.
 */
#pragma once

#include <glib.h>
#include <stdio.h>

typedef struct {
    gboolean present; /* the run's summary.json has it */
    gboolean integer; /* written as @i, else as @d */
    gint64 i;
    double d; /* the value, also for an integer */
} OutSweepValue;

/* Names are borrowed from the caller and must outlive the table. */
typedef struct {
    guint n_axes;
    const char **axis_names;
    const char **axis_units; /* NULL for an axis without one */
    guint n_metrics;
    const char **metric_names;
    guint n_points;
    const char **labels; /* n_points x n_axes: each point's value of each axis */
    guint replications;
    guint64 seed;
    double confidence;
    gboolean *complete;    /* n_points x replications: the run's summary.json was read */
    OutSweepValue *values; /* (n_points x replications) x n_metrics */
} OutSweepTable;

typedef struct {
    guint n; /* the runs that have the figure */
    double mean;
    double sd; /* sample standard deviation; with the interval, only when n >= 2 */
    double ci_low, ci_high;
} OutSweepStats;

OutSweepTable *out_sweep_table_new(guint n_axes, guint n_metrics, guint n_points,
                                   guint replications);
void out_sweep_table_free(OutSweepTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OutSweepTable, out_sweep_table_free)
OutSweepValue *out_sweep_table_run(OutSweepTable *table, guint point, guint run);

/* mean -+ t(1 - (1 - confidence) / 2, n - 1) * sd / sqrt(n). */
OutSweepStats out_sweep_stats(const OutSweepTable *table, guint point, guint metric);

/* Header: point, the axes, seed, run, the metrics. Rows of the complete runs only. */
gboolean out_sweep_write_runs(const OutSweepTable *table, FILE *f);
/* Header: point, the axes, confidence, and METRIC.n, .mean, .sd, .ci_low, .ci_high for each
 * metric; empty cells where there is no value. */
gboolean out_sweep_write_points(const OutSweepTable *table, FILE *f);

#define OUT_SWEEP_NUMBER_LEN 32
/* The shortest decimal that reads back as @v (locale-independent). */
const char *out_sweep_number(double v, char buf[OUT_SWEEP_NUMBER_LEN]);
/* @text as a CSV field, quoted when it must be. */
void out_sweep_csv_field(FILE *f, const char *text);
