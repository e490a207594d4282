/* SPDX-License-Identifier: MIT */
#include "sweep-progress.h"

#include <stdio.h>

struct SweepProgress {
    const Sweep *sweep;
    gboolean *done; /* per job */
    guint runs_done, points_done;
    guint to_run, ended;
    gint64 start;
    gboolean show;
    guint timer;
};

static gboolean point_done(const SweepProgress *p, guint point)
{
    for (guint r = 0; r < p->sweep->replications; r++)
        if (!p->done[point * p->sweep->replications + r])
            return FALSE;
    return TRUE;
}

static char *clock_text(gint64 us)
{
    gint64 s = us / G_USEC_PER_SEC;
    if (s >= 3600)
        return g_strdup_printf("%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60),
                               (int) (s % 60));
    return g_strdup_printf("%d:%02d", (int) (s / 60), (int) (s % 60));
}

static void draw(SweepProgress *p)
{
    gint64 elapsed = g_get_monotonic_time() - p->start;
    g_autofree char *took = clock_text(elapsed);
    g_autofree char *left =
        p->ended ? clock_text(elapsed / p->ended * (p->to_run - p->ended)) : g_strdup("?");
    fprintf(stderr, "\r\033[Ksweep: %u/%u runs, %u/%u points, %s elapsed, %s left", p->runs_done,
            sweep_n_jobs(p->sweep), p->points_done, p->sweep->n_points, took, left);
    fflush(stderr);
}

static gboolean on_tick(gpointer data)
{
    draw(data);
    return G_SOURCE_CONTINUE;
}

SweepProgress *sweep_progress_new(const Sweep *sweep, const gboolean *done, guint to_run,
                                  gboolean show)
{
    SweepProgress *p = g_new0(SweepProgress, 1);
    guint n = sweep_n_jobs(sweep);
    p->sweep = sweep;
    p->done = g_memdup2(done, n * sizeof(gboolean));
    for (guint j = 0; j < n; j++)
        p->runs_done += done[j];
    for (guint pt = 0; pt < sweep->n_points; pt++)
        p->points_done += point_done(p, pt);
    p->to_run = to_run;
    p->start = g_get_monotonic_time();
    p->show = show;
    if (show) {
        draw(p);
        p->timer = g_timeout_add_seconds(1, on_tick, p);
    }
    return p;
}

void sweep_progress_free(SweepProgress *progress)
{
    if (!progress)
        return;
    if (progress->show) {
        g_source_remove(progress->timer);
        draw(progress);
        fputc('\n', stderr);
    }
    g_free(progress->done);
    g_free(progress);
}

void sweep_progress_ended(SweepProgress *progress, guint job, gboolean done)
{
    progress->ended++;
    if (done && !progress->done[job]) {
        progress->done[job] = TRUE;
        progress->runs_done++;
        progress->points_done += point_done(progress, job / progress->sweep->replications);
    }
    if (progress->show)
        draw(progress);
}

void sweep_progress_message(SweepProgress *progress, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    g_autofree char *msg = g_strdup_vprintf(format, ap);
    va_end(ap);
    gboolean line = progress && progress->show;
    fprintf(stderr, "%s%s\n", line ? "\r\033[K" : "", msg);
    if (line)
        draw(progress);
}
