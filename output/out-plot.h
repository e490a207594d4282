/* SPDX-License-Identifier: MIT */
/*
 * Pictures drawn by gnuplot, an external program found on PATH. A writer writes a gnuplot
 * script with its data inline, FILE.gp beside the picture FILE, so that a user can restyle it
 * and run `gnuplot FILE.gp` again; sipsim then runs gnuplot on it. The script and the picture are
 * written under hidden temporary names and renamed when whole (out-file.h): FILE is always this
 * run's complete picture, or absent.
 */
#pragma once

#include <glib.h>
#include <stdio.h>

#include "sim-time.h"

#define OUT_PLOT_ERROR (out_plot_error_quark())
GQuark out_plot_error_quark(void);

typedef enum {
    OUT_PLOT_ERROR_NAME,       /* the file's name asks for no format gnuplot draws here */
    OUT_PLOT_ERROR_NOT_DRAWN,  /* too much, or nothing, to draw */
    OUT_PLOT_ERROR_NO_GNUPLOT, /* gnuplot is not on PATH */
    OUT_PLOT_ERROR_GNUPLOT,    /* gnuplot failed */
} OutPlotError;

/* What a picture says about its run. */
typedef struct {
    const char *scenario;
    guint64 seed, run;
    SimTime end;       /* the simulated time the run reached */
    gboolean complete; /* FALSE when interrupted: the script becomes FILE.gp.partial, undrawn */
} OutPlotRun;

typedef struct OutPlot OutPlot;

/* Checks @path's extension (.svg, .png or .pdf) and opens the script's temporary file beside it;
 * @option ("--ladder") names it in messages. */
OutPlot *out_plot_open(const char *option, const char *path, GError **error);
/* Writes the script's header: what it draws (@what, one line), how to run it, the terminal for a
 * picture of @width x @height pixels; returns the script's stream for the rest. */
FILE *out_plot_begin(OutPlot *plot, const char *what, int width, int height);
/* Renames the script into place, then, for a complete run, has gnuplot draw the picture into a
 * temporary file and renames it. FALSE with @error when the picture is missing (the script is
 * still there). Frees @plot. */
gboolean out_plot_finish(OutPlot *plot, const OutPlotRun *run, GError **error);
/* The picture is not drawn (@why says why): removes the temporary script and any picture or
 * script of an earlier run under the same names. Sets @error. Frees @plot. */
void out_plot_not_drawn(OutPlot *plot, const char *why, GError **error);
/* Removes the temporary script (sipsim stops before running). Frees @plot. */
void out_plot_abort(OutPlot *plot);

/* The path and option name, for messages. */
const char *out_plot_path(const OutPlot *plot);

/* --- for the writers --- */

/* Text metrics of the terminals' font (sans, 10 pt, 72 pixels an inch), in pixels. */
#define OUT_PLOT_CHAR_W  7.0
#define OUT_PLOT_LINE_H  13.0
#define OUT_PLOT_KEY_ROW 18.0 /* a row of the key */

/* Seconds, exactly: "12.000500000". */
void out_plot_write_time(FILE *f, SimTime t);
/* A string column of a data block, double-quoted (a '"' inside becomes '\''). */
void out_plot_write_data_string(FILE *f, const char *s);
/* A string of the script, single-quoted (a '\'' inside is doubled, as gnuplot reads it). */
void out_plot_write_string(FILE *f, const char *s);
/* The colour of the @i-th call, 0xRRGGBB: eight that read apart, none red or grey (red marks
 * losses and timeouts; grey is STUN's and the lanes'). */
guint32 out_plot_call_colour(guint i);
#define OUT_PLOT_STUN_COLOUR  0x7f7f7fu
#define OUT_PLOT_ALERT_COLOUR 0xd62728u

/* The legend below a picture, laid out by sipsim in rows of columns (gnuplot's key cannot be
 * told precisely enough where to go): each entry a sample and its meaning. */
typedef struct OutPlotLegend OutPlotLegend;
OutPlotLegend *out_plot_legend_new(void);
void out_plot_legend_free(OutPlotLegend *legend);
void out_plot_legend_add_box(OutPlotLegend *legend, guint32 colour, const char *text);
void out_plot_legend_add_line(OutPlotLegend *legend, guint32 colour, gboolean dashed,
                              const char *text);
/* @point_type: gnuplot's (2 a cross, 6 a circle, 9 a filled triangle...). */
void out_plot_legend_add_point(OutPlotLegend *legend, guint32 colour, int point_type,
                               const char *text);
/* Its height in pixels, in a picture @width pixels wide. */
double out_plot_legend_height(const OutPlotLegend *legend, int width);
/* Its objects and labels, at the bottom of a picture of @width x @height pixels. */
void out_plot_legend_write(const OutPlotLegend *legend, FILE *f, int width, int height);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OutPlotLegend, out_plot_legend_free)

/* Where labels go without covering each other: boxes in pixels, first come first placed. */
typedef struct OutPlotLabels OutPlotLabels;
OutPlotLabels *out_plot_labels_new(void);
void out_plot_labels_free(OutPlotLabels *labels);
/* TRUE, and the box is taken, when it overlaps no box taken before. */
gboolean out_plot_labels_place(OutPlotLabels *labels, double x0, double y0, double x1, double y1);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OutPlotLabels, out_plot_labels_free)
