/* SPDX-License-Identifier: MIT */
/*
 * The sweep speed-up of issue 8: the same sweep run with -j 1 and with -j 2, from scratch each
 * time, timed from the start of `sipsim sweep` to its end (runs, tables and plots); prints both
 * wall times and their ratio, which should be at least 1.8 on two idle cores. Each way runs
 * REPEATS times (default 2), alternating, and the best time counts: other work on the machine
 * only ever makes a run slower; the processor time the sweep took (its runs and gnuplot
 * included) and the load averages before and after say how much other work there was: on an
 * idle machine, -j 1 takes about as much wall time as processor time. Both ways must write the
 * same runs.csv.
 *
 * Usage: bench-sweep-jobs SIPSIM SWEEP.yaml [REPEATS]
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>

static void remove_tree(const char *path)
{
    if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
        g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
        const char *n;
        while (d && (n = g_dir_read_name(d))) {
            g_autofree char *child = g_build_filename(path, n, NULL);
            remove_tree(child);
        }
        g_rmdir(path);
    } else {
        g_unlink(path);
    }
}

/* User and system time of the children waited for so far, with their own children's. */
static double children_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double) ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double) ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

/* Runs the sweep with -j @jobs into a new directory; returns its wall time in seconds, its
 * processor time in @cpu and its runs.csv in @runs. */
static double run_sweep(const char *sipsim, const char *sweep, guint jobs, double *cpu, char **runs)
{
    g_autofree char *dir = g_dir_make_tmp("sipsim-bench-sweep-XXXXXX", NULL);
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    g_autofree char *j = g_strdup_printf("%u", jobs);
    const char *argv[] = { sipsim, "sweep", sweep, "--out", out, "--quiet", "-j", j, NULL };
    g_autofree char *err = NULL;
    GError *error = NULL;
    int wait = 0;
    double cpu0 = children_cpu();
    gint64 t0 = g_get_monotonic_time();
    if (!g_spawn_sync(NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                      &err, &wait, &error)) {
        fprintf(stderr, "bench-sweep-jobs: %s\n", error->message);
        exit(1);
    }
    double wall = (double) (g_get_monotonic_time() - t0) / G_USEC_PER_SEC;
    *cpu = children_cpu() - cpu0;
    if (!WIFEXITED(wait) || WEXITSTATUS(wait) != 0) {
        fprintf(stderr, "bench-sweep-jobs: sipsim sweep -j %u failed:\n%s", jobs, err);
        exit(1);
    }
    g_autofree char *path = g_build_filename(out, "runs.csv", NULL);
    if (!g_file_get_contents(path, runs, NULL, &error)) {
        fprintf(stderr, "bench-sweep-jobs: %s\n", error->message);
        exit(1);
    }
    remove_tree(dir);
    return wall;
}

/* The 1-minute load average, from /proc/loadavg. */
static double load_average(void)
{
    g_autofree char *text = NULL;
    if (!g_file_get_contents("/proc/loadavg", &text, NULL, NULL))
        return -1;
    return g_ascii_strtod(text, NULL);
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: bench-sweep-jobs SIPSIM SWEEP.yaml [REPEATS]\n");
        return 2;
    }
    int repeats = argc == 4 ? atoi(argv[3]) : 2;
    if (repeats < 1) {
        fprintf(stderr, "bench-sweep-jobs: REPEATS: expected a whole number from 1, got '%s'\n",
                argv[3]);
        return 2;
    }
    double best[2] = { G_MAXDOUBLE, G_MAXDOUBLE };
    g_autofree char *reference = NULL;
    double load_before = load_average();
    for (int r = 0; r < repeats; r++)
        for (guint j = 1; j <= 2; j++) {
            g_autofree char *runs = NULL;
            double cpu;
            double wall = run_sweep(argv[1], argv[2], j, &cpu, &runs);
            printf("sweep %s -j %u: %.2f s wall, %.2f s of processor time (repeat %d)\n", argv[2],
                   j, wall, cpu, r + 1);
            best[j - 1] = MIN(best[j - 1], wall);
            if (!reference)
                reference = g_steal_pointer(&runs);
            else if (!g_str_equal(reference, runs)) {
                fprintf(stderr, "bench-sweep-jobs: -j %u wrote another runs.csv\n", j);
                return 1;
            }
        }
    printf("sweep wall time, best of %d: -j 1 %.2f s, -j 2 %.2f s: -j 2 is %.2fx faster "
           "(target: at least 1.8x on two idle cores; this machine has %u)\n",
           repeats, best[0], best[1], best[0] / best[1], g_get_num_processors());
    printf("load average (1 min) before: %.2f, after: %.2f\n", load_before, load_average());
    return 0;
}
