/* SPDX-License-Identifier: MIT */
/*
 * sipsim sweep SWEEP.yaml: runs a scenario at every point of a sweep, with replications, each
 * run a child process (sweep-pool.h); then tabulates and plots the figures of their summaries
 * (docs/sweeps.md). --shard runs a share of the jobs, under mpirun the ranks share the jobs as a
 * task farm (sweep-mpi.h), and sipsim merge SWEEP.yaml DIR... tabulates the runs that shards
 * wrote into several directories.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sipsim-config.h"
#include "sweep-jobs.h"
#include "sweep-pool.h"
#include "sweep-progress.h"
#include "sweep-results.h"
#ifdef SIPSIM_MPI
#include "sweep-mpi.h"
#endif

#define MAX_JOBS_AT_ONCE 4096

typedef struct {
    char *out;
    char *jobs;
    char *shard;
    gboolean quiet;
} SweepOptions;

typedef struct {
    SweepOptions o;
    const Sweep *sweep;
    char *out;
    guint parallel;
    guint shard_i, shard_n;
    int rank, size; /* MPI; 0 and 1 without */
    gboolean mpi;
    SweepProgress *progress;
    SweepCounts counts;
} Sweeper;

static void sweeper_clear(Sweeper *s)
{
    g_free(s->o.out);
    g_free(s->o.jobs);
    g_free(s->o.shard);
    g_free(s->out);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Sweeper, sweeper_clear)

/* Under mpirun, only rank 0 reports what all ranks find alike. */
static int usage(const Sweeper *s, const char *format, ...) G_GNUC_PRINTF(2, 3);
static int usage(const Sweeper *s, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    g_autofree char *msg = g_strdup_vprintf(format, ap);
    va_end(ap);
    if (s->rank == 0)
        cli_usage_error("sweep", "%s", msg);
    return CLI_BAD_INPUT;
}

/* The number of ranks when an MPI launcher (Open MPI, MPICH, PMIx) started this process, else
 * 0. */
static int launcher_size(void)
{
    static const char *const sizes[] = { "OMPI_COMM_WORLD_SIZE", "PMI_SIZE" };
    for (gsize i = 0; i < G_N_ELEMENTS(sizes); i++) {
        const char *v = g_getenv(sizes[i]);
        if (v)
            return MAX(1, atoi(v));
    }
    return g_getenv("PMIX_RANK") ? 1 : 0;
}

static gboolean parse_uint(const char *text, guint min, guint max, guint *out)
{
    char *end;
    guint64 v = g_ascii_strtoull(text, &end, 10);
    if (!g_ascii_isdigit(*text) || *end || v < min || v > max)
        return FALSE;
    *out = (guint) v;
    return TRUE;
}

static int read_options(Sweeper *s, int argc)
{
    const SweepOptions *o = &s->o;
    s->parallel = 1;
    s->shard_n = 1;
    if (o->jobs && !parse_uint(o->jobs, 1, MAX_JOBS_AT_ONCE, &s->parallel))
        return usage(s, "--jobs: expected a whole number from 1 to %d, got '%s'", MAX_JOBS_AT_ONCE,
                     o->jobs);
    if (o->shard) {
        g_auto(GStrv) parts = g_strsplit(o->shard, "/", 2);
        if (!parts[1] || !parse_uint(parts[1], 1, SWEEP_MAX_JOBS, &s->shard_n) ||
            !parse_uint(parts[0], 0, s->shard_n - 1, &s->shard_i))
            return usage(s, "--shard: expected I/N with 0 <= I < N, such as 0/4, got '%s'",
                         o->shard);
    }
    if (argc < 2)
        return usage(s, "no sweep file given; expected one SWEEP.yaml");
    if (argc > 2)
        return usage(s, "one sweep file at a time, got %d files", argc - 1);
    if (s->size > 1 && (o->shard || s->parallel > 1))
        return usage(s, "under mpirun the ranks share the jobs; expected no --shard or --jobs "
                        "(use -np)");
    return CLI_OK;
}

/* NAME-sweep in the current directory, for the sweep file NAME.yaml: sweep files live with the
 * scenarios, their results where the user works; the same command finds the same directory. */
static char *default_out(const char *path)
{
    g_autofree char *base = g_path_get_basename(path);
    char *dot = strrchr(base, '.');
    if (dot && dot != base)
        *dot = 0;
    return g_strconcat(base, "-sweep", NULL);
}

static void on_job_ended(guint job, SweepJobEnd end, gpointer data)
{
    Sweeper *s = data;
    switch (end) {
    case SWEEP_JOB_DONE:
        s->counts.done++;
        break;
    case SWEEP_JOB_FAILED:
        s->counts.failed++;
        break;
    case SWEEP_JOB_INTERRUPTED:
        s->counts.interrupted++;
        break;
    }
    if (s->progress)
        sweep_progress_ended(s->progress, job, end == SWEEP_JOB_DONE);
}

/* The jobs of this shard that @out does not hold yet; @done marks every job found done. */
static GArray *plan(Sweeper *s, gboolean *done)
{
    GArray *todo = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint job = 0; job < sweep_n_jobs(s->sweep); job++) {
        if (job % s->shard_n != s->shard_i)
            continue;
        done[job] = sweep_job_done(s->sweep, job, s->out);
        if (done[job])
            s->counts.already_done++;
        else
            g_array_append_val(todo, job);
    }
    return todo;
}

/* Runs the jobs not done yet: here, -j at a time; or, under mpirun, on the other ranks. Sets
 * @signal to the signal that stopped them, if one did. */
static SweepStop run_jobs(Sweeper *s, int *signal)
{
    g_autofree gboolean *done = g_new0(gboolean, sweep_n_jobs(s->sweep));
    g_autoptr(GArray) todo = plan(s, done);
    gboolean show = !s->o.quiet && isatty(STDERR_FILENO);
    g_autoptr(SweepProgress) progress = sweep_progress_new(s->sweep, done, todo->len, show);
    s->progress = progress;
    g_autoptr(SweepPool) pool =
        sweep_pool_new(s->sweep, s->out, s->size > 1 ? 0 : s->parallel, progress);
#ifdef SIPSIM_MPI
    if (s->size > 1)
        sweep_mpi_lead(pool, s->size, (const guint *) todo->data, todo->len, on_job_ended, s);
    else
#endif
        sweep_pool_run(pool, (const guint *) todo->data, todo->len, on_job_ended, s);
    s->progress = NULL;
    *signal = sweep_pool_signal(pool);
    return sweep_pool_stop(pool);
}

static void print_counts(const Sweeper *s)
{
    const SweepCounts *c = &s->counts;
    GString *line = g_string_new(NULL);
    g_string_append_printf(line, "sweep %s", s->sweep->path);
    if (s->shard_n > 1)
        g_string_append_printf(line, " (shard %u/%u)", s->shard_i, s->shard_n);
    g_string_append_printf(line, ": %u point%s x %u replication%s: %u run%s done now, %u already",
                           s->sweep->n_points, s->sweep->n_points == 1 ? "" : "s",
                           s->sweep->replications, s->sweep->replications == 1 ? "" : "s", c->done,
                           c->done == 1 ? "" : "s", c->already_done);
    if (c->failed)
        g_string_append_printf(line, ", %u failed", c->failed);
    if (c->interrupted)
        g_string_append_printf(line, ", %u interrupted", c->interrupted);
    g_string_append_printf(line, " (%.1f s)\n", c->wall_s);
    fputs(line->str, stdout);
    g_string_free(line, TRUE);
}

static int run_sweep(Sweeper *s)
{
    gint64 t0 = g_get_monotonic_time();
    int signal = 0;
    SweepStop stop = run_jobs(s, &signal);
    s->counts.wall_s = (double) (g_get_monotonic_time() - t0) / G_USEC_PER_SEC;
    if (!s->o.quiet)
        print_counts(s);
    /* 128 + the signal, as sipsim run: 130 for SIGINT, 143 for SIGTERM */
    if (stop == SWEEP_KILLED)
        return 128 + signal;
    int status = s->counts.failed ? CLI_FAILED : CLI_OK;
    if (s->shard_n == 1) {
        const char *const dirs[] = { s->out, NULL };
        int written = sweep_results_write(s->sweep, dirs, s->out, &s->counts, s->o.quiet);
        status = status ? status : written;
    }
    if (stop == SWEEP_STOPPING) {
        fprintf(stderr, "sipsim sweep: interrupted; run the same command again to resume\n");
        return 128 + signal;
    }
    return status;
}

static int sweep_main(Sweeper *s, int argc, char **argv)
{
    SweepOptions *o = &s->o;
    const GOptionEntry entries[] = {
        { "out", 'o', 0, G_OPTION_ARG_FILENAME, &o->out,
          "Write into DIR (default: NAME-sweep in the current directory, for NAME.yaml)", "DIR" },
        { "jobs", 'j', 0, G_OPTION_ARG_STRING, &o->jobs, "Run N jobs at once (default 1)", "N" },
        { "shard", 0, 0, G_OPTION_ARG_STRING, &o->shard,
          "Run only the jobs whose number is I modulo N, and write no tables (see sipsim merge)",
          "I/N" },
        { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet, "Print nothing but errors", NULL },
        { NULL },
    };
    g_autoptr(GOptionContext) ctx =
        g_option_context_new("SWEEP.yaml - run a scenario over a sweep of settings");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_description(
        ctx, "Each job is 'sipsim run SCENARIO --set PATH=VALUE... --seed S --run R' into "
             "DIR/runs/pPOINT-rRUN; a job whose directory holds its complete summary.json is not "
             "run again, so the same command resumes an interrupted sweep. Writes DIR/runs.csv, "
             "DIR/points.csv and DIR/plots/ (gnuplot). Under mpirun, rank 0 hands the jobs out "
             "to the other ranks (when built with -Dmpi=enabled). See docs/sweeps.md.\n"
             "Exit status: 0 done, 1 runs failed or missing or no gnuplot, 2 bad options or "
             "files, 130 interrupted by SIGINT (Ctrl-C), 143 by SIGTERM.");
    GError *error = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        int status = usage(s, "%s", error->message);
        g_error_free(error);
        return status;
    }
    int status = read_options(s, argc);
    if (status != CLI_OK)
        return status;
    g_autoptr(Sweep) sweep = sweep_load(argv[1], &error);
    gboolean loaded = sweep != NULL;
#ifdef SIPSIM_MPI
    if (s->mpi && !sweep_mpi_all(loaded)) {
        if (s->rank == 0)
            fprintf(stderr, "%s\n",
                    loaded ? "sipsim sweep: another MPI rank cannot load the sweep: is it on "
                             "every node's file system?"
                           : error->message);
        g_clear_error(&error);
        return CLI_BAD_INPUT;
    }
#endif
    if (!loaded) {
        fprintf(stderr, "%s\n", error->message);
        g_error_free(error);
        return CLI_BAD_INPUT;
    }
    s->sweep = sweep;
    s->out = o->out ? g_strdup(o->out) : default_out(argv[1]);
    s->counts.parallel = s->parallel;
    s->counts.ranks = s->size;
#ifdef SIPSIM_MPI
    if (s->rank > 0) {
        g_autoptr(SweepPool) pool = sweep_pool_new(sweep, s->out, 1, NULL);
        sweep_mpi_work(pool);
        return CLI_OK;
    }
#endif
    return run_sweep(s);
}

int cli_sweep(int argc, char **argv)
{
    g_auto(Sweeper) s = { .rank = 0, .size = 1 };
    int launched = launcher_size();
#ifdef SIPSIM_MPI
    s.mpi = launched > 0;
    if (s.mpi)
        sweep_mpi_init(&argc, &argv, &s.rank, &s.size);
    int status = sweep_main(&s, argc, argv);
    if (s.mpi)
        sweep_mpi_finalize();
    return status;
#else
    /* Each rank would say the same: only the first does. */
    const char *rank = g_getenv("OMPI_COMM_WORLD_RANK");
    rank = rank ? rank : g_getenv("PMI_RANK");
    rank = rank ? rank : g_getenv("PMIX_RANK");
    s.rank = rank ? atoi(rank) : 0;
    if (launched > 1)
        return usage(&s,
                     "started by mpirun with %d ranks, but this sipsim was built without MPI; "
                     "rebuild with 'meson configure BUILD -Dmpi=enabled', or use --jobs or "
                     "--shard",
                     launched);
    return sweep_main(&s, argc, argv);
#endif
}

int cli_merge(int argc, char **argv)
{
    g_autofree char *out = NULL;
    gboolean quiet = FALSE;
    const GOptionEntry entries[] = {
        { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
          "Write into DIR (default: NAME-sweep in the current directory, for NAME.yaml)", "DIR" },
        { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print nothing but errors", NULL },
        { NULL },
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new(
        "SWEEP.yaml [DIR...] - tabulate and plot the runs of a sweep that shards wrote");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_description(
        ctx, "Runs nothing: reads each job's complete run from the first DIR that holds it (the "
             "--out directories of 'sipsim sweep --shard'; default: the output directory) and "
             "writes runs.csv, points.csv, timing.json and plots/ into the output directory, as "
             "'sipsim sweep' does. See docs/sweeps.md.\n"
             "Exit status: 0 done, 1 runs missing (the tables are written as NAME.partial) or no "
             "gnuplot, 2 bad options or files.");
    if (!cli_parse(ctx, "merge", &argc, &argv))
        return CLI_BAD_INPUT;
    if (argc < 2)
        return cli_usage_error("merge", "no sweep file given; expected SWEEP.yaml DIR...");
    for (int i = 2; i < argc; i++)
        if (!g_file_test(argv[i], G_FILE_TEST_IS_DIR))
            return cli_usage_error("merge", "%s: expected a directory of a sweep's runs", argv[i]);
    GError *error = NULL;
    g_autoptr(Sweep) sweep = sweep_load(argv[1], &error);
    if (!sweep) {
        fprintf(stderr, "%s\n", error->message);
        g_error_free(error);
        return CLI_BAD_INPUT;
    }
    if (!out)
        out = default_out(argv[1]);
    const char *const own[] = { out, NULL };
    const SweepCounts nothing_ran = { 0 };
    return sweep_results_write(sweep, argc > 2 ? (const char *const *) argv + 2 : own, out,
                               &nothing_ran, quiet);
}
