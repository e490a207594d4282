/* SPDX-License-Identifier: MIT */
/*
 * `sipsim sweep`, run as a user runs it, on the sweep files of tests/data/sweep: the tables of a
 * small sweep (2 losses x 2 delays x 2 replications) against figures computed here; a second
 * run that runs nothing; -j 2, two shards joined by sipsim merge, and an MPI farm (when built with
 * MPI) giving the same bytes as one job at a time; an interrupted sweep that leaves only .partial
 * files and resumes; each bad sweep file of bad/ with the exact message its first line states
 * ("# expect: LINE:COL: message", a prefix when it ends in "..."), exit status 2 and nothing
 * written.
 */
#define _GNU_SOURCE /* posix_openpt(), ptsname() */
#include <fcntl.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sipsim-runner.h"

#define SMALL "tests/data/sweep/small.yaml"

/* The small sweep, run once with one job at a time: what the other ways must give. */
static char *reference;

static char *new_dir(void)
{
    char *dir = g_dir_make_tmp("sipsim-sweep-XXXXXX", NULL);
    g_assert_nonnull(dir);
    return dir;
}

static gboolean exists(const char *dir, const char *name)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    return g_file_test(path, G_FILE_TEST_EXISTS);
}

static gboolean have_gnuplot(void)
{
    g_autofree char *path = g_find_program_in_path("gnuplot");
    return path != NULL;
}

/* `sipsim sweep ARGS...` in the top directory; the exit status it must have: 0, or 1 when
 * there is no gnuplot to draw the plots. */
static void sweep_ok(const char *const *args)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_ptr_array_add(argv, "sweep");
    for (const char *const *a = args; *a; a++)
        g_ptr_array_add(argv, (gpointer) *a);
    g_ptr_array_add(argv, NULL);
    g_auto(SipsimResult) r = sipsim_run(NULL, (const char *const *) argv->pdata);
    if (have_gnuplot()) {
        g_assert_cmpstr(r.err, ==, "");
        g_assert_cmpint(r.status, ==, 0);
    } else {
        g_assert_nonnull(strstr(r.err, "gnuplot not found"));
        g_assert_cmpint(r.status, ==, 1);
    }
}

static const char *small_reference(void)
{
    if (!reference) {
        reference = new_dir();
        const char *args[] = { SMALL, "--out", reference, "--quiet", NULL };
        sweep_ok(args);
    }
    return reference;
}

/* The files that must be the same bytes whichever way the sweep ran: the tables and each
 * plot's data and script. */
static void assert_same_results(const char *expected, const char *got)
{
    const char *tables[] = { "runs.csv", "points.csv" };
    for (gsize i = 0; i < G_N_ELEMENTS(tables); i++) {
        g_autofree char *a = sipsim_read_file(expected, tables[i]);
        g_autofree char *b = sipsim_read_file(got, tables[i]);
        g_assert_cmpstr(a, ==, b);
    }
    g_autofree char *plots_a = g_build_filename(expected, "plots", NULL);
    g_autofree char *plots_b = g_build_filename(got, "plots", NULL);
    g_autoptr(GDir) d = g_dir_open(plots_a, 0, NULL);
    const char *n;
    guint count = 0;
    while (d && (n = g_dir_read_name(d))) {
        if (!g_str_has_suffix(n, ".dat") && !g_str_has_suffix(n, ".gp"))
            continue;
        g_autofree char *a = sipsim_read_file(plots_a, n);
        g_autofree char *b = sipsim_read_file(plots_b, n);
        g_assert_cmpstr(a, ==, b);
        count++;
    }
    g_assert_cmpuint(count, ==, 12); /* 3 metrics x 2 axes, .dat and .gp */
}

static GPtrArray *csv_rows(const char *dir, const char *name)
{
    g_autofree char *text = sipsim_read_file(dir, name);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify) g_strfreev);
    for (char **l = lines; *l; l++)
        if (**l)
            g_ptr_array_add(rows, g_strsplit(*l, ",", -1));
    return rows;
}

static double number(const char *text)
{
    char *end;
    double v = g_ascii_strtod(text, &end);
    g_assert_true(*text && !*end);
    return v;
}

/* runs.csv: one row per run; at zero loss the flow is the same for every seed. */
static void test_runs_table(void)
{
    const char *dir = small_reference();
    g_autofree char *runs = sipsim_read_file(dir, "runs.csv");
    g_assert_true(g_str_has_prefix(
        runs, "point,loss,delay,seed,run,sip.calls.answered,sip.calls.time_to_answer.mean_ns,"
              "sip.transactions.ict.retransmissions\n"
              "0,0,5,1,0,1,2040000000,0\n"
              "0,0,5,1,1,1,2040000000,0\n"
              "1,0,20,1,0,1,2160000000,0\n"
              "1,0,20,1,1,1,2160000000,0\n"
              "2,0.2,5,1,0,"));
    g_autoptr(GPtrArray) rows = csv_rows(dir, "runs.csv");
    g_assert_cmpuint(rows->len, ==, 1 + 8);
    const char *heads[] = { "2,0.2,5,1,0", "2,0.2,5,1,1", "3,0.2,20,1,0", "3,0.2,20,1,1" };
    for (guint i = 0; i < G_N_ELEMENTS(heads); i++) {
        g_autofree char *head = g_strjoinv(",", (char **) g_ptr_array_index(rows, 5 + i));
        g_assert_true(g_str_has_prefix(head, heads[i]));
    }
    g_assert_false(exists(dir, "runs.csv.partial"));
}

/* points.csv: n, mean, sd and the 95% interval of each metric, as computed here from runs.csv
 * with the same GSL functions, to the bit. */
static void test_points_table(void)
{
    const char *dir = small_reference();
    g_autoptr(GPtrArray) runs = csv_rows(dir, "runs.csv");
    g_autoptr(GPtrArray) points = csv_rows(dir, "points.csv");
    g_assert_cmpuint(points->len, ==, 1 + 4);
    char **head = g_ptr_array_index(points, 0);
    g_assert_cmpuint(g_strv_length(head), ==, 4 + 3 * 5);
    g_assert_cmpstr(head[3], ==, "confidence");
    g_assert_cmpstr(head[9], ==, "sip.calls.time_to_answer.mean_ns.n");
    g_assert_cmpstr(head[13], ==, "sip.calls.time_to_answer.mean_ns.ci_high");
    double t = gsl_cdf_tdist_Pinv(0.975, 1);
    for (guint p = 0; p < 4; p++) {
        char **row = g_ptr_array_index(points, 1 + p);
        g_assert_cmpstr(row[3], ==, "0.95");
        for (guint m = 0; m < 3; m++) {
            double x[2];
            for (guint r = 0; r < 2; r++)
                x[r] = number(((char **) g_ptr_array_index(runs, 1 + 2 * p + r))[5 + m]);
            double mean = gsl_stats_mean(x, 1, 2);
            double sd = gsl_stats_sd_m(x, 1, 2, mean);
            double half = t * sd / sqrt(2);
            char **cell = row + 4 + 5 * m;
            g_assert_cmpstr(cell[0], ==, "2");
            g_assert_cmpfloat(number(cell[1]), ==, mean);
            g_assert_cmpfloat(number(cell[2]), ==, sd);
            g_assert_cmpfloat(number(cell[3]), ==, mean - half);
            g_assert_cmpfloat(number(cell[4]), ==, mean + half);
        }
    }
    /* Without loss, the time to answer does not depend on the seed: the interval is the mean. */
    const char *zero_loss[] = { "0,0,5,0.95,2,1,0,1,1,2,2040000000,0,2040000000,2040000000,",
                                "1,0,20,0.95,2,1,0,1,1,2,2160000000,0,2160000000,2160000000," };
    for (guint p = 0; p < 2; p++) {
        g_autofree char *line = g_strjoinv(",", (char **) g_ptr_array_index(points, 1 + p));
        g_assert_true(g_str_has_prefix(line, zero_loss[p]));
    }
}

/* Each metric against each axis, one line per value of the other, with its data and script;
 * the pictures when gnuplot is there. */
static void test_plots(void)
{
    g_autofree char *plots = g_build_filename(small_reference(), "plots", NULL);
    const char *metrics[] = { "sip.calls.answered", "sip.calls.time_to_answer.mean_ns",
                              "sip.transactions.ict.retransmissions" };
    const char *kinds[] = { "-vs-loss-by-delay", "-vs-delay-by-loss" };
    const char *exts[] = { ".dat", ".gp", ".svg", ".png" };
    for (gsize m = 0; m < G_N_ELEMENTS(metrics); m++)
        for (gsize k = 0; k < G_N_ELEMENTS(kinds); k++)
            for (gsize e = 0; e < G_N_ELEMENTS(exts); e++) {
                g_autofree char *name = g_strconcat(metrics[m], kinds[k], exts[e], NULL);
                g_test_message("%s", name);
                g_assert_true(exists(plots, name) == (e < 2 || have_gnuplot()));
            }
    g_autofree char *dat =
        sipsim_read_file(plots, "sip.calls.time_to_answer.mean_ns-vs-loss-by-delay.dat");
    g_assert_nonnull(strstr(dat, "# delay = 5\n0 \"0\" 2040000000 2040000000 2040000000 2\n"));
    g_assert_nonnull(strstr(dat, "\n\n\n# delay = 20\n0 \"0\" 2160000000 2160000000 "
                                 "2160000000 2\n"));
}

static char *member(const char *json, const char *name)
{
    g_autofree char *key = g_strdup_printf("\"%s\" : ", name);
    const char *p = strstr(json, key);
    g_assert_nonnull(p);
    p += strlen(key);
    return g_strndup(p, strcspn(p, ",\n"));
}

/* On a terminal, a line of progress, redrawn in place: runs and points done, time elapsed and
 * left. (Elsewhere, nothing: sweep_ok() expects an empty stderr.) */
static void test_progress_on_terminal(void)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    g_assert_cmpint(master, >=, 0);
    g_assert_cmpint(grantpt(master), ==, 0);
    g_assert_cmpint(unlockpt(master), ==, 0);
    int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
    g_assert_cmpint(slave, >=, 0);
    g_autofree char *dir = new_dir();
    g_autofree char *top = sipsim_top_dir();
    const char *argv[] = { g_getenv("SIPSIM"), "sweep", SMALL, "--out", dir, "-j", "2", NULL };
    GPid pid;
    GError *error = NULL;
    g_spawn_async_with_pipes_and_fds(
        top, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, -1, -1,
        slave, NULL, NULL, 0, &pid, NULL, NULL, NULL, &error);
    g_assert_no_error(error);
    close(slave);
    /* Until the sweep closes the terminal: read() then fails with EIO. */
    GString *err = g_string_new(NULL);
    char buf[4096];
    ssize_t n;
    while ((n = read(master, buf, sizeof buf)) > 0)
        g_string_append_len(err, buf, n);
    close(master);
    int wait;
    g_assert_cmpint(waitpid(pid, &wait, 0), ==, pid);
    g_spawn_close_pid(pid);
    g_test_message("%s", err->str);
    g_assert_true(WIFEXITED(wait));
    g_assert_cmpint(WEXITSTATUS(wait), ==, have_gnuplot() ? 0 : 1);
    g_assert_true(g_str_has_prefix(err->str, "\r\033[Ksweep: 0/8 runs, 0/4 points, 0:00 elapsed, "
                                             "? left"));
    g_assert_nonnull(strstr(err->str, "\r\033[Ksweep: 8/8 runs, 4/4 points, "));
    g_assert_true(g_str_has_suffix(err->str, " left\r\n") || !have_gnuplot());
    g_string_free(err, TRUE);
    sipsim_remove_dir(dir);
}

/* The same command again runs nothing and writes the same tables. */
static void test_resume_runs_nothing(void)
{
    const char *dir = small_reference();
    g_autofree char *runs = sipsim_read_file(dir, "runs.csv");
    g_autofree char *points = sipsim_read_file(dir, "points.csv");
    const char *args[] = { SMALL, "--out", dir, "--quiet", NULL };
    sweep_ok(args);
    g_autofree char *timing = sipsim_read_file(dir, "timing.json");
    g_autofree char *started = member(timing, "runs_started");
    g_autofree char *already = member(timing, "runs_already_done");
    g_assert_cmpstr(started, ==, "0");
    g_assert_cmpstr(already, ==, "8");
    g_autofree char *runs2 = sipsim_read_file(dir, "runs.csv");
    g_autofree char *points2 = sipsim_read_file(dir, "points.csv");
    g_assert_cmpstr(runs, ==, runs2);
    g_assert_cmpstr(points, ==, points2);
}

/* A run directory of other settings is not taken for the job's: it runs again. */
static void test_stale_run_runs_again(void)
{
    g_autofree char *dir = new_dir();
    const char *args[] = { SMALL, "--out", dir, "--quiet", NULL };
    sweep_ok(args);
    g_autofree char *run = g_build_filename(dir, "runs", "p1-r0", NULL);
    g_autofree char *job = g_build_filename(run, "job.txt", NULL);
    g_assert_true(g_file_set_contents(job, "scenario: elsewhere.yaml\n", -1, NULL));
    sweep_ok(args);
    g_autofree char *timing = sipsim_read_file(dir, "timing.json");
    g_autofree char *started = member(timing, "runs_started");
    g_assert_cmpstr(started, ==, "1");
    assert_same_results(small_reference(), dir);
    sipsim_remove_dir(dir);
}

static void test_parallel_same_bytes(void)
{
    g_autofree char *dir = new_dir();
    const char *args[] = { SMALL, "--out", dir, "--quiet", "-j", "2", NULL };
    sweep_ok(args);
    assert_same_results(small_reference(), dir);
    sipsim_remove_dir(dir);
}

/* Two shards, each writing only its runs, then sipsim merge: the same bytes as one sweep. */
static void test_shards_merge(void)
{
    g_autofree char *a = new_dir();
    g_autofree char *b = new_dir();
    g_autofree char *merged = new_dir();
    const char *shard0[] = { "sweep", SMALL, "--out", a, "--shard", "0/2", "--quiet", NULL };
    const char *shard1[] = { "sweep", SMALL, "--out", b, "--shard", "1/2", "--quiet", NULL };
    g_auto(SipsimResult) r0 = sipsim_run(NULL, shard0);
    g_auto(SipsimResult) r1 = sipsim_run(NULL, shard1);
    g_assert_cmpint(r0.status, ==, 0);
    g_assert_cmpint(r1.status, ==, 0);
    g_assert_false(exists(a, "runs.csv"));
    g_assert_true(exists(a, "runs/p0-r0/summary.json"));
    g_assert_false(exists(a, "runs/p0-r1"));
    g_assert_true(exists(b, "runs/p0-r1/summary.json"));
    const char *merge[] = { "merge", SMALL, a, b, "--out", merged, "--quiet", NULL };
    g_auto(SipsimResult) rm = sipsim_run(NULL, merge);
    g_assert_cmpstr(rm.err, ==, "");
    g_assert_cmpint(rm.status, ==, 0);
    assert_same_results(small_reference(), merged);
    /* One shard alone is half the runs: tables marked partial, exit status 1. */
    const char *half[] = { "merge", SMALL, "--out", a, NULL };
    g_auto(SipsimResult) rh = sipsim_run(NULL, half);
    g_assert_cmpint(rh.status, ==, 1);
    g_assert_true(g_str_has_prefix(rh.err, "sipsim sweep: 4 of 8 runs are not complete in "));
    g_assert_true(exists(a, "runs.csv.partial"));
    g_assert_false(exists(a, "runs.csv"));
    sipsim_remove_dir(a);
    sipsim_remove_dir(b);
    sipsim_remove_dir(merged);
}

/* Under mpirun -np 2: rank 0 hands the jobs to rank 1; the same bytes again. */
static void test_mpi_farm(void)
{
    const char *mpirun = g_getenv("SIPSIM_MPIRUN");
    if (!mpirun) {
        g_test_skip("sipsim was built without MPI (meson -Dmpi=enabled)");
        return;
    }
    g_autofree char *dir = new_dir();
    const char *argv[] = {
        mpirun, "--oversubscribe", "-np", "2", g_getenv("SIPSIM"), "sweep", SMALL, "--out",
        dir,    "--quiet",         NULL
    };
    const char *env[] = { "OMPI_ALLOW_RUN_AS_ROOT=1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1", NULL };
    g_auto(SipsimResult) r = sipsim_spawn(NULL, argv, env);
    g_test_message("%s", r.err);
    g_assert_cmpint(r.status, ==, have_gnuplot() ? 0 : 1);
    assert_same_results(small_reference(), dir);
    g_autofree char *timing = sipsim_read_file(dir, "timing.json");
    g_autofree char *ranks = member(timing, "mpi_ranks");
    g_assert_cmpstr(ranks, ==, "2");
    sipsim_remove_dir(dir);
}

/* SIGINT while the first run is under way: it stops, exit 130, only .partial files; the same
 * command then completes the sweep. */
static void test_interrupt_then_resume(void)
{
    g_autofree char *dir = new_dir();
    g_autofree char *run = g_build_filename(dir, "runs", "p0-r0", NULL);
    const char *args[] = { "sweep", "tests/data/sweep/slow.yaml", "--out", dir, "--quiet", NULL };
    g_assert_cmpint(sipsim_interrupt(args, run, 200), ==, 130);
    const char *names[] = { "runs.csv", "points.csv", "timing.json" };
    for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
        g_autofree char *partial = g_strconcat(names[i], ".partial", NULL);
        g_assert_false(exists(dir, names[i]));
        g_assert_true(exists(dir, partial));
    }
    g_assert_true(exists(run, "summary.json.partial"));
    g_assert_false(exists(run, "summary.json"));
    g_assert_false(exists(dir, "runs/p1-r0"));

    g_auto(SipsimResult) r = sipsim_run(NULL, args);
    g_assert_cmpint(r.status, ==, have_gnuplot() ? 0 : 1);
    for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
        g_autofree char *partial = g_strconcat(names[i], ".partial", NULL);
        g_assert_true(exists(dir, names[i]));
        g_assert_false(exists(dir, partial));
    }
    g_assert_false(exists(run, "summary.json.partial"));
    g_autofree char *runs = sipsim_read_file(dir, "runs.csv");
    g_assert_cmpstr(runs, ==,
                    "point,duration,seed,run,probes[0].sent\n"
                    "0,800ms,1,0,160000\n"
                    "1,900ms,1,0,180000\n");
    sipsim_remove_dir(dir);
}

/* SIGTERM stops a sweep as SIGINT does, with 143: what a batch system sends a job out of time. */
static void test_sigterm(void)
{
    g_autofree char *dir = new_dir();
    g_autofree char *run = g_build_filename(dir, "runs", "p0-r0", NULL);
    const char *args[] = { "sweep", "tests/data/sweep/slow.yaml", "--out", dir, "--quiet", NULL };
    g_assert_cmpint(sipsim_signal(args, run, 200, SIGTERM), ==, 143);
    g_assert_true(exists(dir, "runs.csv.partial"));
    g_assert_false(exists(dir, "runs.csv"));
    g_assert_true(exists(run, "summary.json.partial"));
    g_assert_false(exists(run, "summary.json"));
    sipsim_remove_dir(dir);
}

/* Without gnuplot: a clear message, the tables and the plots' data and scripts all the same,
 * exit status 1. */
static void test_no_gnuplot(void)
{
    g_autofree char *dir = new_dir();
    const char *argv[] = { g_getenv("SIPSIM"), "sweep", SMALL, "--out", dir, "--quiet", NULL };
    const char *env[] = { "PATH=/nonexistent", NULL };
    g_auto(SipsimResult) r = sipsim_spawn(NULL, argv, env);
    g_assert_cmpint(r.status, ==, 1);
    g_autofree char *expect = g_strdup_printf(
        "sipsim sweep: gnuplot not found: the plots' data and scripts are in %s/plots but not "
        "their pictures; install gnuplot (Debian: apt-get install gnuplot-nox) and run the "
        "sweep again, which reruns nothing\n",
        dir);
    g_assert_cmpstr(r.err, ==, expect);
    assert_same_results(small_reference(), dir);
    g_assert_false(exists(dir, "plots/sip.calls.answered-vs-loss-by-delay.png"));
    sipsim_remove_dir(dir);
}

/* A range with a unit gives exact decimal values; the unit goes into the scenario only. */
static void test_range(void)
{
    g_autofree char *dir = new_dir();
    const char *args[] = { "tests/data/sweep/ok/range.yaml", "--out", dir, "--quiet", NULL };
    sweep_ok(args);
    g_autofree char *runs = sipsim_read_file(dir, "runs.csv");
    g_assert_cmpstr(runs, ==,
                    "point,ring,seed,run,sip.calls.time_to_answer.mean_ns\n"
                    "0,1,1,0,1040000000\n"
                    "1,1.5,1,0,1540000000\n"
                    "2,2,1,0,2040000000\n"
                    "3,2.5,1,0,2540000000\n"
                    "4,3,1,0,3040000000\n");
    g_autofree char *job = sipsim_read_file(dir, "runs/p1-r0/job.txt");
    g_assert_cmpstr(job, ==,
                    "scenario: ../../../../scenarios/callee-terminates.yaml\n"
                    "seed: 1\nrun: 0\nset: nodes.B.answer.ring=1.5s\n");
    sipsim_remove_dir(dir);
}

static void test_listed(void)
{
    g_autofree char *dir = new_dir();
    const char *args[] = { "tests/data/sweep/ok/listed.yaml", "--out", dir, "--quiet", NULL };
    sweep_ok(args);
    g_autofree char *runs = sipsim_read_file(dir, "runs.csv");
    g_assert_true(g_str_has_prefix(runs, "point,loss,delay,seed,run,sip.calls.answered,"
                                         "sip.calls.time_to_answer.mean_ns\n"
                                         "0,0,5,1,0,1,2040000000\n"
                                         "1,0,50,1,0,1,2400000000\n"
                                         "2,0.1,5,1,0,"));
    g_assert_true(exists(dir, "plots/sip.calls.time_to_answer.mean_ns-vs-delay-by-loss.dat"));
    sipsim_remove_dir(dir);
}

/* Named metrics and ratios: a ratio with a divisor of 0 has an empty cell. */
static void test_ratio(void)
{
    g_autofree char *dir = new_dir();
    const char *args[] = { "tests/data/sweep/ok/ratio.yaml", "--out", dir, "--quiet", NULL };
    sweep_ok(args);
    g_autofree char *runs = sipsim_read_file(dir, "runs.csv");
    g_assert_cmpstr(runs, ==,
                    "point,loss,seed,run,answered_share,answers_per_retransmission,answer_ns\n"
                    "0,0,1,0,1,,2040000000\n"
                    "1,0.3,1,0,1,0.25,4040000000\n");
    g_autofree char *points = sipsim_read_file(dir, "points.csv");
    g_assert_true(g_str_has_suffix(points, "\n0,0,0.95,1,1,,,,0,,,,,1,2040000000,,,\n"
                                           "1,0.3,0.95,1,1,,,,1,0.25,,,,1,4040000000,,,\n"));
    g_assert_true(exists(dir, "plots/answered_share-vs-loss.dat"));
    sipsim_remove_dir(dir);
}

/* sipsim merge reads directories only; anything else is a usage error. */
static void test_merge_not_a_directory(void)
{
    const char *args[] = { "merge", SMALL, "tests/data/sweep/small.yaml", NULL };
    g_auto(SipsimResult) r = sipsim_run(NULL, args);
    g_assert_cmpint(r.status, ==, 2);
    g_assert_cmpstr(r.err, ==,
                    "sipsim merge: tests/data/sweep/small.yaml: expected a directory of a sweep's "
                    "runs\nTry 'sipsim merge --help'.\n");
}

/* Without --out: NAME-sweep in the current directory. */
static void test_default_out(void)
{
    g_autofree char *dir = new_dir();
    g_autofree char *top = sipsim_top_dir();
    g_autofree char *file = g_build_filename(top, SMALL, NULL);
    const char *args[] = { "sweep", file, "--quiet", NULL };
    g_auto(SipsimResult) r = sipsim_run(dir, args);
    g_assert_cmpint(r.status, ==, have_gnuplot() ? 0 : 1);
    g_assert_true(exists(dir, "small-sweep/runs.csv"));
    sipsim_remove_dir(dir);
}

/* The example of docs/sweeps.md runs whole. */
static void test_example(void)
{
    g_autofree char *dir = new_dir();
    const char *args[] = { "scenarios/sweeps/loss-delay.yaml", "--out", dir, "--quiet", NULL };
    sweep_ok(args);
    g_autoptr(GPtrArray) rows = csv_rows(dir, "runs.csv");
    g_assert_cmpuint(rows->len, ==, 1 + 4 * 3 * 3);
    sipsim_remove_dir(dir);
}

/* The example of docs/sweeps.md, loss x call rate with 3 replications, -j 2: without loss every
 * call is answered 1 s of ringing plus 4 hops of 11 ms after its INVITE; at each loss, the share
 * answered falls as the rate makes the phones busier. */
static void test_example_loss_rate(void)
{
    g_autofree char *dir = new_dir();
    const char *args[] = {
        "scenarios/sweeps/loss-rate.yaml", "--out", dir, "--quiet", "-j", "2", NULL
    };
    sweep_ok(args);
    g_autoptr(GPtrArray) runs = csv_rows(dir, "runs.csv");
    g_assert_cmpuint(runs->len, ==, 1 + 16 * 3);
    g_autoptr(GPtrArray) points = csv_rows(dir, "points.csv");
    g_assert_cmpuint(points->len, ==, 1 + 16);
    char **head = g_ptr_array_index(points, 0);
    g_assert_cmpstr(head[5], ==, "answered_share.mean");
    g_assert_cmpstr(head[10], ==, "sip.calls.time_to_answer.mean_ns.mean");
    for (guint loss = 0; loss < 4; loss++)
        for (guint rate = 0; rate < 4; rate++) {
            guint p = loss * 4 + rate;
            char **row = g_ptr_array_index(points, 1 + p);
            g_assert_cmpstr(row[4], ==, "3");
            if (loss == 0)
                g_assert_cmpstr(row[10], ==, "1044000000");
            if (rate > 0) /* the point before: the same loss, a lower rate */
                g_assert_cmpfloat(number(row[5]), <,
                                  number(((char **) g_ptr_array_index(points, p))[5]));
        }
    const char *plots[] = { "answered_share-vs-rate-by-loss",
                            "sip.calls.time_to_answer.mean_ns-vs-loss-by-rate",
                            "sip.calls.time_to_answer.p95_ns-vs-loss-by-rate",
                            "retransmissions_per_invite-vs-loss-by-rate" };
    for (gsize i = 0; i < G_N_ELEMENTS(plots); i++) {
        g_autofree char *dat = g_strconcat("plots/", plots[i], ".dat", NULL);
        g_assert_true(exists(dir, dat));
    }
    sipsim_remove_dir(dir);
}

static void test_bad_file(gconstpointer data)
{
    const char *name = data;
    g_autofree char *dir = g_test_build_filename(G_TEST_DIST, "data", "sweep", "bad", NULL);
    g_autofree char *path = g_build_filename(dir, name, NULL);
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_assert_true(g_str_has_prefix(text, "# expect: "));
    g_autofree char *expect =
        g_strdup_printf("%s:%.*s", name, (int) strcspn(text + 10, "\n"), text + 10);
    g_autofree char *out = new_dir();
    g_autofree char *never = g_build_filename(out, "never", NULL);
    const char *args[] = { "sweep", name, "--out", never, NULL };
    g_auto(SipsimResult) r = sipsim_run(dir, args);
    if (g_str_has_suffix(expect, "...")) {
        expect[strlen(expect) - 3] = 0;
        g_assert_true(g_str_has_prefix(r.err, expect));
    } else {
        g_autofree char *line = g_strconcat(expect, "\n", NULL);
        g_assert_cmpstr(r.err, ==, line);
    }
    g_assert_cmpstr(r.out, ==, "");
    g_assert_cmpint(r.status, ==, 2);
    g_assert_false(g_file_test(never, G_FILE_TEST_EXISTS));
    sipsim_remove_dir(out);
}

static void test_help_lists_sweep(void)
{
    const char *args[] = { "--help", NULL };
    g_auto(SipsimResult) r = sipsim_run(NULL, args);
    g_assert_nonnull(strstr(r.out, "\n  sweep      run a scenario over a sweep of settings"));
    g_assert_nonnull(strstr(r.out, "\n  merge      tabulate and plot a sweep's runs"));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_nonnull(g_getenv("SIPSIM"));
    g_test_add_func("/sweep/help", test_help_lists_sweep);
    g_test_add_func("/sweep/small/runs-table", test_runs_table);
    g_test_add_func("/sweep/small/points-table", test_points_table);
    g_test_add_func("/sweep/small/plots", test_plots);
    g_test_add_func("/sweep/small/resume-runs-nothing", test_resume_runs_nothing);
    g_test_add_func("/sweep/small/stale-run-runs-again", test_stale_run_runs_again);
    g_test_add_func("/sweep/small/jobs-2-same-bytes", test_parallel_same_bytes);
    g_test_add_func("/sweep/small/shards-merge-same-bytes", test_shards_merge);
    g_test_add_func("/sweep/small/mpi-farm-same-bytes", test_mpi_farm);
    g_test_add_func("/sweep/small/no-gnuplot", test_no_gnuplot);
    g_test_add_func("/sweep/progress-on-terminal", test_progress_on_terminal);
    g_test_add_func("/sweep/interrupt-then-resume", test_interrupt_then_resume);
    g_test_add_func("/sweep/sigterm", test_sigterm);
    g_test_add_func("/sweep/range", test_range);
    g_test_add_func("/sweep/listed", test_listed);
    g_test_add_func("/sweep/default-out", test_default_out);
    g_test_add_func("/sweep/ratio", test_ratio);
    g_test_add_func("/sweep/merge-not-a-directory", test_merge_not_a_directory);
    g_test_add_func("/sweep/example", test_example);
    g_test_add_func("/sweep/example-loss-rate", test_example_loss_rate);
    g_autofree char *bad = g_test_build_filename(G_TEST_DIST, "data", "sweep", "bad", NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    sipsim_add_file_tests("/sweep/bad", bad, test_bad_file, names);
    int status = g_test_run();
    if (reference)
        sipsim_remove_dir(reference);
    g_free(reference);
    return status;
}
