/* SPDX-License-Identifier: MIT */
#include "out-plot.h"

#include <glib/gstdio.h>
#include <string.h>

#include "out-file.h"

G_DEFINE_QUARK(out - plot - error - quark, out_plot_error)

typedef enum { FORMAT_SVG, FORMAT_PNG, FORMAT_PDF, N_FORMATS } Format;

/* The terminals of Debian's gnuplot-nox that draw each format (`gnuplot -e 'set terminal'`). */
static const char *const extensions[N_FORMATS] = { ".svg", ".png", ".pdf" };

struct OutPlot {
    char *option;
    char *path; /* the picture */
    char *dir, *name;
    Format format;
    OutFile *script;
};

const char *out_plot_path(const OutPlot *plot)
{
    return plot->path;
}

static void plot_free(OutPlot *p)
{
    g_free(p->option);
    g_free(p->path);
    g_free(p->dir);
    g_free(p->name);
    g_free(p);
}

OutPlot *out_plot_open(const char *option, const char *path, GError **error)
{
    Format format = N_FORMATS;
    for (int i = 0; i < N_FORMATS; i++) {
        gsize n = strlen(path), e = strlen(extensions[i]);
        if (n > e && g_ascii_strcasecmp(path + n - e, extensions[i]) == 0)
            format = (Format) i;
    }
    if (format == N_FORMATS) {
        g_set_error(error, OUT_PLOT_ERROR, OUT_PLOT_ERROR_NAME,
                    "%s %s: expected a file name ending in .svg, .png or .pdf", option, path);
        return NULL;
    }
    OutPlot *p = g_new0(OutPlot, 1);
    p->option = g_strdup(option);
    p->path = g_strdup(path);
    p->dir = g_path_get_dirname(path);
    p->name = g_path_get_basename(path);
    p->format = format;
    g_autofree char *script = g_strconcat(p->name, ".gp", NULL);
    GError *e = NULL;
    if (!(p->script = out_file_open(p->dir, script, &e))) {
        g_set_error(error, OUT_PLOT_ERROR, OUT_PLOT_ERROR_NAME, "%s %s: %s", option, path,
                    e->message);
        g_error_free(e);
        plot_free(p);
        return NULL;
    }
    return p;
}

FILE *out_plot_begin(OutPlot *p, const char *what, int width, int height)
{
    FILE *f = out_file_stream(p->script);
    fprintf(f,
            "# %s\n"
            "# Written by sipsim for gnuplot 5.4: `gnuplot THIS.gp` draws it again into THIS (the\n"
            "# script's name without .gp); `gnuplot -e \"out='OTHER'\" THIS.gp` into OTHER. The\n"
            "# data come first, then the style: edit it freely.\n"
            "if (!exists(\"out\")) out = ARG0[1:strlen(ARG0) - 3]\n",
            what);
    static const char *const font = "font 'sans-serif,10' noenhanced background rgb 'white'";
    switch (p->format) {
    case FORMAT_SVG:
        fprintf(f, "set terminal svg size %d,%d %s\n", width, height, font);
        break;
    case FORMAT_PNG:
        fprintf(f, "set terminal pngcairo size %d,%d %s\n", width, height, font);
        break;
    case FORMAT_PDF: /* inches, at the 72 pixels an inch of the other two */
        fprintf(f, "set terminal pdfcairo size %.2fin,%.2fin %s\n", width / 72.0, height / 72.0,
                font);
        break;
    case N_FORMATS:
        g_assert_not_reached();
    }
    fputs("set output out\n", f);
    return f;
}

/* Removes a file of an earlier run that would look like this run's. */
static void remove_stale(const char *path, const char *suffix)
{
    g_autofree char *name = g_strconcat(path, suffix, NULL);
    g_unlink(name);
}

/* The last line gnuplot wrote on stderr: its error. */
static char *last_line(char *text)
{
    g_auto(GStrv) lines = g_strsplit(g_strchomp(text), "\n", -1);
    guint n = g_strv_length(lines);
    return g_strdup(n ? g_strstrip(lines[n - 1]) : "");
}

/* Runs gnuplot on @script, drawing into a temporary file, renamed into place when whole. */
static gboolean draw(OutPlot *p, const char *gnuplot, const char *script, GError **error)
{
    GError *e = NULL;
    OutFile *picture = out_file_open(p->dir, p->name, &e);
    if (!picture) {
        g_set_error(error, OUT_PLOT_ERROR, OUT_PLOT_ERROR_GNUPLOT, "%s %s: %s", p->option, p->path,
                    e->message);
        g_error_free(e);
        return FALSE;
    }
    GString *out = g_string_new("out='");
    for (const char *c = out_file_temp_path(picture); *c; c++)
        g_string_append(out, *c == '\'' ? "''" : (char[]){ *c, 0 });
    g_string_append_c(out, '\'');
    const char *argv[] = { gnuplot, "-e", out->str, script, NULL };
    g_autofree char *err = NULL;
    int status = 0;
    gboolean ok = g_spawn_sync(NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &err, &status, &e) &&
                  g_spawn_check_wait_status(status, &e);
    g_string_free(out, TRUE);
    if (!ok) {
        g_autofree char *why = err && *err ? last_line(err) : g_strdup(e->message);
        g_set_error(error, OUT_PLOT_ERROR, OUT_PLOT_ERROR_GNUPLOT,
                    "%s %s: gnuplot failed on %s: %s", p->option, p->path, script, why);
        g_error_free(e);
        out_file_abort(picture);
        return FALSE;
    }
    if (!out_file_finish(picture, TRUE, &e)) {
        g_set_error(error, OUT_PLOT_ERROR, OUT_PLOT_ERROR_GNUPLOT, "%s %s: %s", p->option, p->path,
                    e->message);
        g_error_free(e);
        return FALSE;
    }
    return TRUE;
}

gboolean out_plot_finish(OutPlot *p, const OutPlotRun *run, GError **error)
{
    g_autofree char *script = g_strconcat(p->path, ".gp", NULL);
    GError *e = NULL;
    gboolean ok = out_file_finish(p->script, run->complete, &e);
    if (!ok) {
        g_set_error(error, OUT_PLOT_ERROR, OUT_PLOT_ERROR_GNUPLOT, "%s %s: %s", p->option, p->path,
                    e->message);
        g_error_free(e);
    } else if (run->complete) {
        g_autofree char *gnuplot = g_find_program_in_path("gnuplot");
        if (!gnuplot) {
            g_set_error(error, OUT_PLOT_ERROR, OUT_PLOT_ERROR_NO_GNUPLOT,
                        "%s %s: gnuplot not found: install gnuplot-nox; %s is written (its data "
                        "inline): run gnuplot %s once it is installed",
                        p->option, p->path, script, script);
            ok = FALSE;
        } else {
            ok = draw(p, gnuplot, script, error);
        }
    }
    if (!ok || !run->complete)
        remove_stale(p->path, "");
    plot_free(p);
    return ok;
}

void out_plot_not_drawn(OutPlot *p, const char *why, GError **error)
{
    out_file_abort(p->script);
    remove_stale(p->path, "");
    remove_stale(p->path, ".gp");
    remove_stale(p->path, ".gp.partial");
    g_set_error(error, OUT_PLOT_ERROR, OUT_PLOT_ERROR_NOT_DRAWN, "%s %s: %s: not drawn", p->option,
                p->path, why);
    plot_free(p);
}

void out_plot_abort(OutPlot *p)
{
    if (!p)
        return;
    out_file_abort(p->script);
    plot_free(p);
}

void out_plot_write_time(FILE *f, SimTime t)
{
    if (t < 0) {
        fputc('-', f);
        t = -t;
    }
    fprintf(f, "%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT, t / SIM_S, t % SIM_S);
}

void out_plot_write_data_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++)
        fputc(*s == '"' ? '\'' : *s, f);
    fputc('"', f);
}

void out_plot_write_string(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'')
            fputc('\'', f);
        fputc(*s, f);
    }
    fputc('\'', f);
}

guint32 out_plot_call_colour(guint i)
{
    static const guint32 colours[] = { 0x1f77b4, 0xff7f0e, 0x2ca02c, 0x9467bd,
                                       0x8c564b, 0xe377c2, 0x17becf, 0xbcbd22 };
    return colours[i % G_N_ELEMENTS(colours)];
}

typedef struct {
    double x0, y0, x1, y1;
} Box;

struct OutPlotLabels {
    GArray *boxes; /* Box */
};

OutPlotLabels *out_plot_labels_new(void)
{
    OutPlotLabels *l = g_new0(OutPlotLabels, 1);
    l->boxes = g_array_new(FALSE, FALSE, sizeof(Box));
    return l;
}

void out_plot_labels_free(OutPlotLabels *labels)
{
    if (!labels)
        return;
    g_array_unref(labels->boxes);
    g_free(labels);
}

gboolean out_plot_labels_place(OutPlotLabels *l, double x0, double y0, double x1, double y1)
{
    for (guint i = 0; i < l->boxes->len; i++) {
        const Box *b = &g_array_index(l->boxes, Box, i);
        if (x0 < b->x1 && b->x0 < x1 && y0 < b->y1 && b->y0 < y1)
            return FALSE;
    }
    Box b = { x0, y0, x1, y1 };
    g_array_append_val(l->boxes, b);
    return TRUE;
}

typedef enum { SAMPLE_BOX, SAMPLE_LINE, SAMPLE_DASHED, SAMPLE_POINT } Sample;

typedef struct {
    Sample sample;
    guint32 colour;
    int point_type;
    char *text;
} Entry;

struct OutPlotLegend {
    GArray *entries; /* Entry */
};

/* A sample is this wide, its text this far from the sample's start (pixels). */
#define SAMPLE_W 28.0
#define TEXT_AT  36.0

OutPlotLegend *out_plot_legend_new(void)
{
    OutPlotLegend *l = g_new0(OutPlotLegend, 1);
    l->entries = g_array_new(FALSE, FALSE, sizeof(Entry));
    return l;
}

void out_plot_legend_free(OutPlotLegend *legend)
{
    if (!legend)
        return;
    for (guint i = 0; i < legend->entries->len; i++)
        g_free(g_array_index(legend->entries, Entry, i).text);
    g_array_unref(legend->entries);
    g_free(legend);
}

static void add(OutPlotLegend *l, Sample sample, guint32 colour, int point_type, const char *text)
{
    Entry e = { sample, colour, point_type, g_strdup(text) };
    g_array_append_val(l->entries, e);
}

void out_plot_legend_add_box(OutPlotLegend *legend, guint32 colour, const char *text)
{
    add(legend, SAMPLE_BOX, colour, 0, text);
}

void out_plot_legend_add_line(OutPlotLegend *legend, guint32 colour, gboolean dashed,
                              const char *text)
{
    add(legend, dashed ? SAMPLE_DASHED : SAMPLE_LINE, colour, 0, text);
}

void out_plot_legend_add_point(OutPlotLegend *legend, guint32 colour, int point_type,
                               const char *text)
{
    add(legend, SAMPLE_POINT, colour, point_type, text);
}

static double column_width(const OutPlotLegend *l)
{
    gsize longest = 0;
    for (guint i = 0; i < l->entries->len; i++)
        longest = MAX(longest, strlen(g_array_index(l->entries, Entry, i).text));
    return TEXT_AT + longest * OUT_PLOT_CHAR_W + 24;
}

static guint columns(const OutPlotLegend *l, int width)
{
    guint n = MAX(1, (guint) ((width - 20) / column_width(l)));
    return MIN(n, MAX(l->entries->len, 1));
}

double out_plot_legend_height(const OutPlotLegend *legend, int width)
{
    guint n = columns(legend, width);
    return (legend->entries->len + n - 1) / n * OUT_PLOT_KEY_ROW + 12;
}

void out_plot_legend_write(const OutPlotLegend *legend, FILE *f, int width, int height)
{
    guint n = columns(legend, width);
    double w = column_width(legend), top = out_plot_legend_height(legend, width) - 6;
    double left = (width - n * w) / 2;
    fputs("# The legend.\n", f);
    for (guint i = 0; i < legend->entries->len; i++) {
        const Entry *e = &g_array_index(legend->entries, Entry, i);
        double x = (left + (i % n) * w) / width;
        double y = (top - (i / n + 0.5) * OUT_PLOT_KEY_ROW) / height;
        double x1 = x + SAMPLE_W / width, h = 0.3 * OUT_PLOT_KEY_ROW / height;
        switch (e->sample) {
        case SAMPLE_BOX:
            fprintf(f,
                    "set object rect from screen %.4f,%.4f to screen %.4f,%.4f fc rgb '#%06x' "
                    "fs solid 1.0 noborder\n",
                    x, y - h, x1, y + h, e->colour);
            break;
        case SAMPLE_LINE:
        case SAMPLE_DASHED:
            fprintf(f,
                    "set arrow from screen %.4f,%.4f to screen %.4f,%.4f nohead lw %s lc rgb "
                    "'#%06x'\n",
                    x, y, x1, y, e->sample == SAMPLE_DASHED ? "1.5 dt (8,5)" : "2", e->colour);
            break;
        case SAMPLE_POINT:
            fprintf(f,
                    "set label '' at screen %.4f,%.4f point pt %d ps 1.2 lw 1.5 lc rgb '#%06x'\n",
                    (x + x1) / 2, y, e->point_type, e->colour);
            break;
        }
        fputs("set label ", f);
        out_plot_write_string(f, e->text);
        fprintf(f, " at screen %.4f,%.4f left\n", x + TEXT_AT / width, y);
    }
}
