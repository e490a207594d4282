/* SPDX-License-Identifier: MIT */
/*
 * A sweep file (docs/sweeps.md): a scenario, the axes whose values vary, the points of the
 * sweep, how many replications of each, and the figures of summary.json to tabulate and plot.
 * Loaded like the other configuration files, with FILE:LINE:COL errors, and checked against
 * its scenario before anything runs.
 */
#pragma once

#include "cfg-tree.h"
#include "out-sweep-plot.h"

typedef struct {
    char *label; /* as written in the sweep file, without the unit: the CSV's cell */
    char *text;  /* the label and the unit: the YAML value set into the scenario */
    const CfgNode *where;
} SweepValue;

typedef struct {
    char *name;
    char *path;        /* as in `sipsim run --set PATH=VALUE` */
    char *unit;        /* appended to each value; NULL for none */
    GPtrArray *values; /* SweepValue *: distinct, in order of first appearance */
    const CfgNode *where_path;
} SweepAxis;

typedef struct {
    const char *name; /* the column: the path, unless the sweep file names it */
    const char *path; /* keys separated by dots, with [N] items, into summary.json */
    const char *per;  /* NULL, or a path whose value divides the path's: a ratio */
    const CfgNode *where;
} SweepMetric;

typedef struct {
    CfgDoc *doc;
    char *path;          /* the sweep file */
    char *scenario_file; /* as written in the sweep file (relative to it) */
    char *scenario;      /* as the current directory sees it */
    guint64 seed;
    guint replications;
    double confidence;
    GPtrArray *axes; /* SweepAxis * */
    guint n_points;
    guint *points;   /* n_points x axes->len: each point's value of each axis, an index */
    GArray *metrics; /* SweepMetric */
    GArray *plots;   /* OutSweepPlot */
} Sweep;

#define SWEEP_MAX_JOBS 10000000

/* Loads @path and checks every axis against the scenario (each value set alone into it, as
 * `sipsim run --set` would), so that a path naming no key is reported at its line:col. */
Sweep *sweep_load(const char *path, GError **error);
/* As sweep_load(), from the @len bytes of @text as if read from @path: for the fuzz harnesses. */
Sweep *sweep_load_text(const char *path, const char *text, gsize len, GError **error);
void sweep_free(Sweep *sweep);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Sweep, sweep_free)

guint sweep_n_jobs(const Sweep *sweep);
/* The value of @axis at @point. */
const SweepValue *sweep_value(const Sweep *sweep, guint point, guint axis);
/* "PATH=VALUE" for `--set`. */
char *sweep_set_arg(const Sweep *sweep, guint point, guint axis);
