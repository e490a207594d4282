/* SPDX-License-Identifier: MIT */
#include "out-sweep-plot.h"

#include <math.h>
#include <string.h>

#include "out-file.h"

typedef struct {
    const OutSweepTable *t;
    const OutSweepPlot *plot;
    const char *source;
    OutSweepStats *stats;  /* per point */
    gboolean numeric;      /* every value of the x axis is a number: plotted at that number */
    GPtrArray *categories; /* else: the x axis's values in order, plotted at their index */
} Plot;

static const char *label(const OutSweepTable *t, guint point, guint axis)
{
    return t->labels[(gsize) point * t->n_axes + axis];
}

static gboolean parse_number(const char *text, double *out)
{
    char *end;
    double d = g_ascii_strtod(text, &end);
    if (end == text || *end || !isfinite(d))
        return FALSE;
    *out = d;
    return TRUE;
}

static gboolean is_other_axis(const OutSweepPlot *plot, guint axis)
{
    return axis != plot->against && (gint) axis != plot->by;
}

static double x_of(const Plot *pl, guint point)
{
    const char *text = label(pl->t, point, pl->plot->against);
    double x = 0;
    if (pl->numeric) {
        parse_number(text, &x);
        return x;
    }
    for (guint i = 0; i < pl->categories->len; i++)
        if (g_str_equal(g_ptr_array_index(pl->categories, i), text))
            return i;
    g_return_val_if_reached(0);
}

static char *name_of(const Plot *pl, guint point)
{
    const OutSweepTable *t = pl->t;
    GString *s = g_string_new(t->metric_names[pl->plot->metric]);
    g_string_append_printf(s, "-vs-%s", t->axis_names[pl->plot->against]);
    if (pl->plot->by >= 0)
        g_string_append_printf(s, "-by-%s", t->axis_names[pl->plot->by]);
    for (guint a = 0; a < t->n_axes; a++)
        if (is_other_axis(pl->plot, a))
            g_string_append_printf(s, "-at-%s=%s", t->axis_names[a], label(t, point, a));
    for (char *p = s->str; *p; p++)
        if (!g_ascii_isalnum(*p) && !strchr("._=-", *p))
            *p = '_';
    return g_string_free(s, FALSE);
}

static char *axis_title(const OutSweepTable *t, guint axis)
{
    if (t->axis_units[axis])
        return g_strdup_printf("%s (%s)", t->axis_names[axis], t->axis_units[axis]);
    return g_strdup(t->axis_names[axis]);
}

/* A gnuplot double-quoted string. */
static void gp_string(FILE *f, const char *text)
{
    fputc('"', f);
    for (const char *p = text; *p; p++) {
        if (*p == '"' || *p == '\\')
            fputc('\\', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

static gint compare_x(gconstpointer a, gconstpointer b, gpointer data)
{
    double x = x_of(data, *(const guint *) a), y = x_of(data, *(const guint *) b);
    return (x > y) - (x < y);
}

/* The group's points with a value, one line (a GArray of points, by x) per value of `by`. */
static GPtrArray *lines_of(const Plot *pl, const GArray *group)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func((GDestroyNotify) g_array_unref);
    g_autoptr(GPtrArray) keys = g_ptr_array_new();
    for (guint i = 0; i < group->len; i++) {
        guint p = g_array_index(group, guint, i);
        if (!pl->stats[p].n)
            continue;
        const char *key = pl->plot->by >= 0 ? label(pl->t, p, (guint) pl->plot->by) : "";
        guint k = 0;
        while (k < keys->len && !g_str_equal(g_ptr_array_index(keys, k), key))
            k++;
        if (k == keys->len) {
            g_ptr_array_add(keys, (gpointer) key);
            g_ptr_array_add(lines, g_array_new(FALSE, FALSE, sizeof(guint)));
        }
        g_array_append_val(g_ptr_array_index(lines, k), p);
    }
    for (guint k = 0; k < lines->len; k++)
        g_array_sort_with_data(g_ptr_array_index(lines, k), compare_x, (gpointer) pl);
    return lines;
}

static void write_data(const Plot *pl, const GPtrArray *lines, FILE *f)
{
    const OutSweepTable *t = pl->t;
    char num[OUT_SWEEP_NUMBER_LEN];
    fprintf(f, "# %s: mean and %s%% confidence interval over the replications (%s)\n",
            t->metric_names[pl->plot->metric], out_sweep_number(t->confidence * 100, num),
            pl->source);
    fprintf(f, "# %s label mean ci_low ci_high n\n", t->axis_names[pl->plot->against]);
    for (guint k = 0; k < lines->len; k++) {
        const GArray *line = g_ptr_array_index(lines, k);
        if (k)
            fputs("\n\n", f);
        if (pl->plot->by >= 0)
            fprintf(f, "# %s = %s\n", t->axis_names[pl->plot->by],
                    label(t, g_array_index(line, guint, 0), (guint) pl->plot->by));
        for (guint i = 0; i < line->len; i++) {
            guint p = g_array_index(line, guint, i);
            const OutSweepStats *st = &pl->stats[p];
            const char *x = label(t, p, pl->plot->against);
            if (pl->numeric)
                fprintf(f, "%s ", x);
            else
                fprintf(f, "%.0f ", x_of(pl, p));
            gp_string(f, x);
            /* One run: no interval, the bar collapses to the mean. */
            fprintf(f, " %s", out_sweep_number(st->mean, num));
            fprintf(f, " %s", out_sweep_number(st->n >= 2 ? st->ci_low : st->mean, num));
            fprintf(f, " %s", out_sweep_number(st->n >= 2 ? st->ci_high : st->mean, num));
            fprintf(f, " %u\n", st->n);
        }
    }
}

static void write_script(const Plot *pl, const GPtrArray *lines, const char *name, guint point,
                         FILE *f)
{
    const OutSweepTable *t = pl->t;
    const char *metric = t->metric_names[pl->plot->metric];
    /* Times are in ns in summary.json; a plot reads better in ms. */
    gboolean ns = g_str_has_suffix(metric, "_ns");
    const char *using = ns ? "1:($3/1e6):($4/1e6):($5/1e6)" : "1:3:4:5";
    char num[OUT_SWEEP_NUMBER_LEN];
    g_autofree char *x_title = axis_title(t, pl->plot->against);
    GString *title = g_string_new(metric);
    for (guint a = 0, n = 0; a < t->n_axes; a++)
        if (is_other_axis(pl->plot, a))
            g_string_append_printf(title, "%s%s = %s", n++ ? ", " : " at ", t->axis_names[a],
                                   label(t, point, a));
    fprintf(f, "# %s against %s", title->str, x_title);
    if (pl->plot->by >= 0)
        fprintf(f, ", one line per %s", t->axis_names[pl->plot->by]);
    fprintf(f, " (sipsim sweep %s).\n", pl->source);
    fprintf(f,
            "# Each point: the mean over the replications and its %s%% confidence interval "
            "(Student's t).\n",
            out_sweep_number(t->confidence * 100, num));
    fprintf(f,
            "# The numbers are in %s.dat; edit this file and run 'gnuplot %s.gp' here to "
            "redraw.\n",
            name, name);
    fprintf(f, "reset\nif (!exists(\"svg\")) svg = \"%s.svg\"\n", name);
    fprintf(f, "if (!exists(\"png\")) png = \"%s.png\"\n", name);
    fputs("set title ", f);
    gp_string(f, title->str);
    fputs("\nset xlabel ", f);
    gp_string(f, x_title);
    fprintf(f, "\nset ylabel \"mean, %s%% confidence interval%s\"\n",
            out_sweep_number(t->confidence * 100, num), ns ? " (ms)" : "");
    if (pl->plot->by >= 0) {
        g_autofree char *by_title = axis_title(t, (guint) pl->plot->by);
        fputs("set key outside right title ", f);
        gp_string(f, by_title);
        fputc('\n', f);
    } else {
        fputs("unset key\n", f);
    }
    fputs("set grid\nset offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05\n"
          "set terminal svg size 800,480 dynamic noenhanced font \"sans,12\"\n"
          "set output svg\nplot ",
          f);
    for (guint k = 0; k < lines->len; k++) {
        const GArray *line = g_ptr_array_index(lines, k);
        fprintf(f, "%s\"%s.dat\" index %u using %s%s with yerrorlines title ",
                k ? ", \\\n     " : "", name, k, using, pl->numeric ? "" : ":xtic(2)");
        gp_string(f, pl->plot->by >= 0
                         ? label(t, g_array_index(line, guint, 0), (guint) pl->plot->by)
                         : metric);
    }
    fputs("\nset terminal png size 800,480 noenhanced\nset output png\nreplot\nset output\n", f);
    g_string_free(title, TRUE);
}

static gboolean write_file(const char *dir, const char *name, const char *ext, const Plot *pl,
                           const GPtrArray *lines, guint point, GError **error)
{
    g_autofree char *file = g_strconcat(name, ext, NULL);
    OutFile *out = out_file_open(dir, file, error);
    if (!out)
        return FALSE;
    if (g_str_equal(ext, ".dat"))
        write_data(pl, lines, out_file_stream(out));
    else
        write_script(pl, lines, name, point, out_file_stream(out));
    return out_file_finish(out, TRUE, error);
}

static gboolean write_group(const Plot *pl, const GArray *group, const char *dir, GPtrArray *names,
                            GError **error)
{
    g_autoptr(GPtrArray) lines = lines_of(pl, group);
    if (!lines->len)
        return TRUE;
    guint first = g_array_index(group, guint, 0);
    char *name = name_of(pl, first);
    g_ptr_array_add(names, name);
    return write_file(dir, name, ".dat", pl, lines, first, error) &&
           write_file(dir, name, ".gp", pl, lines, first, error);
}

/* The points grouped by the values of the other axes, in order of first appearance. */
static GPtrArray *groups_of(const Plot *pl)
{
    const OutSweepTable *t = pl->t;
    GPtrArray *groups = g_ptr_array_new_with_free_func((GDestroyNotify) g_array_unref);
    g_autoptr(GHashTable) index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint p = 0; p < t->n_points; p++) {
        GString *key = g_string_new(NULL);
        for (guint a = 0; a < t->n_axes; a++)
            if (is_other_axis(pl->plot, a))
                g_string_append_printf(key, "%s%c", label(t, p, a), 0x1f);
        gpointer found;
        if (!g_hash_table_lookup_extended(index, key->str, NULL, &found)) {
            found = GUINT_TO_POINTER(groups->len);
            g_ptr_array_add(groups, g_array_new(FALSE, FALSE, sizeof(guint)));
            g_hash_table_insert(index, g_strdup(key->str), found);
        }
        g_array_append_val(g_ptr_array_index(groups, GPOINTER_TO_UINT(found)), p);
        g_string_free(key, TRUE);
    }
    return groups;
}

gboolean out_sweep_plot_write(const OutSweepTable *table, const OutSweepPlot *plot, const char *dir,
                              const char *source, GPtrArray *names, GError **error)
{
    g_return_val_if_fail(plot->metric < table->n_metrics && plot->against < table->n_axes, FALSE);
    Plot pl = { .t = table, .plot = plot, .source = source, .numeric = TRUE };
    g_autofree OutSweepStats *stats = g_new(OutSweepStats, table->n_points);
    g_autoptr(GPtrArray) categories = g_ptr_array_new();
    pl.stats = stats;
    pl.categories = categories;
    for (guint p = 0; p < table->n_points; p++) {
        stats[p] = out_sweep_stats(table, p, plot->metric);
        const char *x = label(table, p, plot->against);
        double unused;
        pl.numeric = pl.numeric && parse_number(x, &unused);
        if (!g_ptr_array_find_with_equal_func(categories, x, g_str_equal, NULL))
            g_ptr_array_add(categories, (gpointer) x);
    }
    g_autoptr(GPtrArray) groups = groups_of(&pl);
    for (guint g = 0; g < groups->len; g++)
        if (!write_group(&pl, g_ptr_array_index(groups, g), dir, names, error))
            return FALSE;
    return TRUE;
}
