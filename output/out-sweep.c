/* SPDX-License-Identifier: MIT */
#include "out-sweep.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <string.h>

OutSweepTable *out_sweep_table_new(guint n_axes, guint n_metrics, guint n_points,
                                   guint replications)
{
    OutSweepTable *t = g_new0(OutSweepTable, 1);
    gsize runs = (gsize) n_points * replications;
    t->n_axes = n_axes;
    t->n_metrics = n_metrics;
    t->n_points = n_points;
    t->replications = replications;
    t->axis_names = g_new0(const char *, n_axes);
    t->axis_units = g_new0(const char *, n_axes);
    t->metric_names = g_new0(const char *, n_metrics);
    t->labels = g_new0(const char *, (gsize) n_points *n_axes);
    t->complete = g_new0(gboolean, runs);
    t->values = g_new0(OutSweepValue, runs * n_metrics);
    return t;
}

void out_sweep_table_free(OutSweepTable *table)
{
    if (!table)
        return;
    g_free(table->axis_names);
    g_free(table->axis_units);
    g_free(table->metric_names);
    g_free(table->labels);
    g_free(table->complete);
    g_free(table->values);
    g_free(table);
}

OutSweepValue *out_sweep_table_run(OutSweepTable *table, guint point, guint run)
{
    return &table->values[((gsize) point * table->replications + run) * table->n_metrics];
}

static const OutSweepValue *value_at(const OutSweepTable *t, guint point, guint run, guint metric)
{
    return &t->values[((gsize) point * t->replications + run) * t->n_metrics + metric];
}

static gboolean run_complete(const OutSweepTable *t, guint point, guint run)
{
    return t->complete[(gsize) point * t->replications + run];
}

OutSweepStats out_sweep_stats(const OutSweepTable *table, guint point, guint metric)
{
    OutSweepStats st = { 0 };
    g_autofree double *x = g_new(double, table->replications);
    for (guint r = 0; r < table->replications; r++) {
        const OutSweepValue *v = value_at(table, point, r, metric);
        if (run_complete(table, point, r) && v->present)
            x[st.n++] = v->d;
    }
    if (st.n >= 1)
        st.mean = gsl_stats_mean(x, 1, st.n);
    if (st.n >= 2) {
        st.sd = gsl_stats_sd_m(x, 1, st.n, st.mean);
        double t = gsl_cdf_tdist_Pinv(1 - (1 - table->confidence) / 2, st.n - 1);
        double half = t * st.sd / sqrt(st.n);
        st.ci_low = st.mean - half;
        st.ci_high = st.mean + half;
    }
    return st;
}

const char *out_sweep_number(double v, char buf[OUT_SWEEP_NUMBER_LEN])
{
    static const char *const formats[] = { "%.15g", "%.16g", "%.17g" };
    for (gsize i = 0; i < G_N_ELEMENTS(formats); i++) {
        g_ascii_formatd(buf, OUT_SWEEP_NUMBER_LEN, formats[i], v);
        if (g_ascii_strtod(buf, NULL) == v)
            break;
    }
    return buf;
}

void out_sweep_csv_field(FILE *f, const char *text)
{
    if (!strpbrk(text, ",\"\r\n")) {
        fputs(text, f);
        return;
    }
    fputc('"', f);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

static void write_point_head(const OutSweepTable *t, FILE *f, guint point)
{
    fprintf(f, "%u", point);
    for (guint a = 0; a < t->n_axes; a++) {
        fputc(',', f);
        out_sweep_csv_field(f, t->labels[(gsize) point * t->n_axes + a]);
    }
}

static void write_header_head(const OutSweepTable *t, FILE *f)
{
    fputs("point", f);
    for (guint a = 0; a < t->n_axes; a++) {
        fputc(',', f);
        out_sweep_csv_field(f, t->axis_names[a]);
    }
}

gboolean out_sweep_write_runs(const OutSweepTable *table, FILE *f)
{
    char num[OUT_SWEEP_NUMBER_LEN];
    write_header_head(table, f);
    fputs(",seed,run", f);
    for (guint m = 0; m < table->n_metrics; m++) {
        fputc(',', f);
        out_sweep_csv_field(f, table->metric_names[m]);
    }
    fputc('\n', f);
    for (guint p = 0; p < table->n_points; p++)
        for (guint r = 0; r < table->replications; r++) {
            if (!run_complete(table, p, r))
                continue;
            write_point_head(table, f, p);
            fprintf(f, ",%" G_GUINT64_FORMAT ",%u", table->seed, r);
            for (guint m = 0; m < table->n_metrics; m++) {
                const OutSweepValue *v = value_at(table, p, r, m);
                fputc(',', f);
                if (v->present && v->integer)
                    fprintf(f, "%" G_GINT64_FORMAT, v->i);
                else if (v->present)
                    fputs(out_sweep_number(v->d, num), f);
            }
            fputc('\n', f);
        }
    return !ferror(f);
}

gboolean out_sweep_write_points(const OutSweepTable *table, FILE *f)
{
    static const char *const columns[] = { "n", "mean", "sd", "ci_low", "ci_high" };
    char num[OUT_SWEEP_NUMBER_LEN];
    write_header_head(table, f);
    fputs(",confidence", f);
    for (guint m = 0; m < table->n_metrics; m++)
        for (gsize c = 0; c < G_N_ELEMENTS(columns); c++) {
            g_autofree char *name = g_strdup_printf("%s.%s", table->metric_names[m], columns[c]);
            fputc(',', f);
            out_sweep_csv_field(f, name);
        }
    fputc('\n', f);
    for (guint p = 0; p < table->n_points; p++) {
        write_point_head(table, f, p);
        fprintf(f, ",%s", out_sweep_number(table->confidence, num));
        for (guint m = 0; m < table->n_metrics; m++) {
            OutSweepStats st = out_sweep_stats(table, p, m);
            fprintf(f, ",%u,", st.n);
            if (st.n >= 1)
                fputs(out_sweep_number(st.mean, num), f);
            if (st.n < 2) {
                fputs(",,,", f);
                continue;
            }
            fprintf(f, ",%s", out_sweep_number(st.sd, num));
            fprintf(f, ",%s", out_sweep_number(st.ci_low, num));
            fprintf(f, ",%s", out_sweep_number(st.ci_high, num));
        }
        fputc('\n', f);
    }
    return !ferror(f);
}
