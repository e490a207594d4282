/* SPDX-License-Identifier: MIT */
#include "sweep-results.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "out-file.h"
#include "out-report.h"
#include "out-sweep-plot.h"
#include "sipsim-config.h"
#include "sweep-jobs.h"

/* gnuplot draws this many plots per process: each holds two files open until it is done. */
#define PLOTS_PER_GNUPLOT 64

static OutSweepTable *table_new(const Sweep *sw)
{
    guint n_axes = sw->axes->len;
    OutSweepTable *t =
        out_sweep_table_new(n_axes, sw->metrics->len, sw->n_points, sw->replications);
    for (guint a = 0; a < n_axes; a++) {
        const SweepAxis *axis = g_ptr_array_index(sw->axes, a);
        t->axis_names[a] = axis->name;
        t->axis_units[a] = axis->unit;
    }
    for (guint m = 0; m < sw->metrics->len; m++)
        t->metric_names[m] = g_array_index(sw->metrics, SweepMetric, m).name;
    for (guint p = 0; p < sw->n_points; p++)
        for (guint a = 0; a < n_axes; a++)
            t->labels[p * n_axes + a] = sweep_value(sw, p, a)->label;
    t->seed = sw->seed;
    t->confidence = sw->confidence;
    return t;
}

/* Fills @t from the runs found; returns how many are missing, the first in @first. */
static gboolean read_runs(const Sweep *sw, const char *const *dirs, OutSweepTable *t,
                          guint *missing, guint *first, GError **error)
{
    *missing = 0;
    for (guint job = 0; job < sweep_n_jobs(sw); job++) {
        const char *const *d = dirs;
        while (*d && !sweep_job_done(sw, job, *d))
            d++;
        if (!*d) {
            if (!(*missing)++)
                *first = job;
            continue;
        }
        guint point = job / sw->replications, run = job % sw->replications;
        if (!sweep_job_read(sw, job, *d, out_sweep_table_run(t, point, run), error))
            return FALSE;
        t->complete[job] = TRUE;
    }
    return TRUE;
}

/* A metric that no run has is most likely misspelt. */
static void warn_absent_metrics(const Sweep *sw, OutSweepTable *t)
{
    for (guint m = 0; m < sw->metrics->len; m++) {
        gboolean seen = FALSE, any = FALSE;
        for (guint job = 0; job < sweep_n_jobs(sw) && !seen; job++) {
            any |= t->complete[job];
            seen =
                t->complete[job] &&
                out_sweep_table_run(t, job / sw->replications, job % sw->replications)[m].present;
        }
        const SweepMetric *metric = &g_array_index(sw->metrics, SweepMetric, m);
        if (any && !seen)
            fprintf(stderr, "%s:%u:%u: warning: metric '%s' has a value in no run's summary.json\n",
                    metric->where->file, metric->where->line, metric->where->col, metric->name);
    }
}

typedef gboolean (*TableWriter)(const OutSweepTable *t, FILE *f);

static gboolean write_table(const char *out, const char *name, TableWriter write,
                            const OutSweepTable *t, gboolean complete, GError **error)
{
    OutFile *f = out_file_open(out, name, error);
    if (!f)
        return FALSE;
    write(t, out_file_stream(f));
    return out_file_finish(f, complete, error);
}

static gboolean write_timing(const char *out, const SweepCounts *c, guint jobs, gboolean complete,
                             GError **error)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "sipsim");
    json_builder_add_string_value(b, SIPSIM_VERSION);
    json_builder_set_member_name(b, "wall_s");
    json_builder_add_double_value(b, c->wall_s);
    const struct {
        const char *name;
        gint64 value;
    } members[] = {
        { "runs", jobs },
        { "runs_started", c->done + c->failed + c->interrupted },
        { "runs_done", c->done },
        { "runs_failed", c->failed },
        { "runs_interrupted", c->interrupted },
        { "runs_already_done", c->already_done },
        { "jobs_at_once", c->parallel },
        { "mpi_ranks", c->ranks },
    };
    for (gsize i = 0; i < G_N_ELEMENTS(members); i++) {
        json_builder_set_member_name(b, members[i].name);
        json_builder_add_int_value(b, members[i].value);
    }
    json_builder_end_object(b);
    g_autoptr(JsonNode) root = json_builder_get_root(b);
    OutFile *f = out_file_open(out, "timing.json", error);
    if (!f)
        return FALSE;
    out_report_write_json(out_file_stream(f), root);
    return out_file_finish(f, complete, error);
}

/* plots/ is the sweep's: what an earlier aggregation drew there goes, so that no plot of other
 * runs stays beside the new tables. */
static void clear_plots(const char *dir)
{
    static const char *const ours[] = { ".dat", ".gp", ".svg", ".png" };
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *n;
    while (d && (n = g_dir_read_name(d))) {
        gboolean remove = n[0] == '.'; /* a temporary file left by a killed sweep */
        for (gsize i = 0; i < G_N_ELEMENTS(ours); i++)
            remove |= g_str_has_suffix(n, ours[i]);
        g_autofree char *path = g_build_filename(dir, n, NULL);
        if (remove && g_file_test(path, G_FILE_TEST_IS_REGULAR))
            g_unlink(path);
    }
}

/* Runs gnuplot on the scripts names[from, to) in @dir, each drawing into temporary files that
 * are renamed to NAME.svg and NAME.png once gnuplot has succeeded. */
static gboolean draw(const char *gnuplot, const char *dir, GPtrArray *names, guint from, guint to,
                     GError **error)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) files = g_ptr_array_new();
    g_ptr_array_add(argv, g_strdup(gnuplot));
    gboolean ok = TRUE;
    for (guint i = from; i < to && ok; i++) {
        const char *name = g_ptr_array_index(names, i);
        g_autofree char *svg_name = g_strconcat(name, ".svg", NULL);
        g_autofree char *png_name = g_strconcat(name, ".png", NULL);
        OutFile *svg = out_file_open(dir, svg_name, error);
        OutFile *png = svg ? out_file_open(dir, png_name, error) : NULL;
        ok = png != NULL;
        if (svg)
            g_ptr_array_add(files, svg);
        if (!ok)
            break;
        g_ptr_array_add(files, png);
        g_autofree char *svg_tmp = g_path_get_basename(out_file_temp_path(svg));
        g_autofree char *png_tmp = g_path_get_basename(out_file_temp_path(png));
        g_ptr_array_add(argv, g_strdup("-e"));
        g_ptr_array_add(argv, g_strdup_printf("svg='%s'; png='%s'", svg_tmp, png_tmp));
        g_ptr_array_add(argv, g_strconcat(name, ".gp", NULL));
    }
    g_ptr_array_add(argv, NULL);
    g_autofree char *err = NULL;
    int wait = 0;
    if (ok && !(ok = g_spawn_sync(dir, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                                  NULL, NULL, NULL, &err, &wait, error)))
        g_prefix_error(error, "cannot run %s: ", gnuplot);
    if (ok && !(ok = g_spawn_check_wait_status(wait, NULL)))
        g_set_error(error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "gnuplot failed:\n%s",
                    g_strchomp(err));
    for (guint i = 0; i < files->len; i++) {
        OutFile *f = g_ptr_array_index(files, i);
        if (ok)
            ok = out_file_finish(f, TRUE, error);
        else
            out_file_abort(f);
    }
    return ok;
}

/* Writes each plot's data and script; draws them when gnuplot is there. */
static int write_plots(const Sweep *sw, const OutSweepTable *t, const char *dir, guint *drawn)
{
    GError *error = NULL;
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *source = g_path_get_basename(sw->path);
    *drawn = 0;
    for (guint i = 0; i < sw->plots->len; i++)
        if (!out_sweep_plot_write(t, &g_array_index(sw->plots, OutSweepPlot, i), dir, source, names,
                                  &error)) {
            fprintf(stderr, "sipsim sweep: %s\n", error->message);
            g_error_free(error);
            return CLI_FAILED;
        }
    if (!names->len)
        return CLI_OK;
    g_autofree char *gnuplot = g_find_program_in_path("gnuplot");
    if (!gnuplot) {
        fprintf(stderr,
                "sipsim sweep: gnuplot not found: the plots' data and scripts are in %s but not "
                "their pictures; install gnuplot (Debian: apt-get install gnuplot-nox) and run "
                "the sweep again, which reruns nothing\n",
                dir);
        return CLI_FAILED;
    }
    for (guint from = 0; from < names->len; from += PLOTS_PER_GNUPLOT)
        if (!draw(gnuplot, dir, names, from, MIN(names->len, from + PLOTS_PER_GNUPLOT), &error)) {
            fprintf(stderr, "sipsim sweep: %s\n", error->message);
            g_error_free(error);
            return CLI_FAILED;
        }
    *drawn = names->len;
    return CLI_OK;
}

static void report_missing(const Sweep *sw, const char *const *dirs, const char *out, guint missing,
                           guint first)
{
    g_autofree char *name = sweep_job_name(sw, first);
    g_autofree char *settings = sweep_job_describe(sw, first);
    g_autofree char *where = g_strjoinv(", ", (char **) dirs);
    fprintf(stderr,
            "sipsim sweep: %u of %u runs are not complete in %s (the first: %s, %s); wrote "
            "%s/runs.csv.partial and %s/points.csv.partial\n",
            missing, sweep_n_jobs(sw), where, name, settings, out, out);
}

int sweep_results_write(const Sweep *sweep, const char *const *dirs, const char *out,
                        const SweepCounts *counts, gboolean quiet)
{
    GError *error = NULL;
    g_autoptr(OutSweepTable) t = table_new(sweep);
    guint missing, first = 0, drawn = 0;
    if (!read_runs(sweep, dirs, t, &missing, &first, &error)) {
        fprintf(stderr, "%s\n", error->message);
        g_error_free(error);
        return CLI_FAILED;
    }
    warn_absent_metrics(sweep, t);
    gboolean complete = missing == 0;
    g_autofree char *plots = g_build_filename(out, "plots", NULL);
    if (g_mkdir_with_parents(plots, 0777) != 0) {
        fprintf(stderr, "sipsim sweep: %s: cannot create the directory: %s\n", plots,
                g_strerror(errno));
        return CLI_FAILED;
    }
    if (!write_table(out, "runs.csv", out_sweep_write_runs, t, complete, &error) ||
        !write_table(out, "points.csv", out_sweep_write_points, t, complete, &error) ||
        !write_timing(out, counts, sweep_n_jobs(sweep), complete, &error)) {
        fprintf(stderr, "sipsim sweep: %s\n", error->message);
        g_error_free(error);
        return CLI_FAILED;
    }
    clear_plots(plots);
    if (!complete) {
        report_missing(sweep, dirs, out, missing, first);
        return CLI_FAILED;
    }
    int status = write_plots(sweep, t, plots, &drawn);
    if (!quiet)
        printf("wrote %s/runs.csv, %s/points.csv and %u plot%s in %s/\n", out, out, drawn,
               drawn == 1 ? "" : "s", plots);
    return status;
}
