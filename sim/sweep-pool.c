/* SPDX-License-Identifier: MIT */
#include "sweep-pool.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "sweep-jobs.h"

/* The running program itself: the children are the very binary of the sweep, even if the file
 * it was started from is rebuilt meanwhile. */
#define SELF_EXE "/proc/self/exe"

typedef struct {
    SweepPool *pool;
    guint job;
    GSubprocess *proc;
} Child;

struct SweepPool {
    const Sweep *sweep;
    char *out;
    guint parallel;
    SweepProgress *progress;
    GPtrArray *running; /* Child * */
    SweepStop stop;
    int signal; /* the first that came */
    guint sigint, sigterm;
    SweepJobEnded ended;
    gpointer data;
};

static void child_free(gpointer p)
{
    Child *c = p;
    g_object_unref(c->proc);
    g_free(c);
}

static void stop_all(SweepPool *pool, int sig)
{
    if (pool->stop == SWEEP_GOING) {
        pool->stop = SWEEP_STOPPING;
        pool->signal = sig;
        if (pool->running->len)
            sweep_progress_message(pool->progress,
                                   "sipsim sweep: stopping %u run%s (again to kill %s)",
                                   pool->running->len, pool->running->len == 1 ? "" : "s",
                                   pool->running->len == 1 ? "it" : "them");
        for (guint i = 0; i < pool->running->len; i++)
            g_subprocess_send_signal(((Child *) g_ptr_array_index(pool->running, i))->proc, sig);
        return;
    }
    pool->stop = SWEEP_KILLED;
    for (guint i = 0; i < pool->running->len; i++)
        g_subprocess_force_exit(((Child *) g_ptr_array_index(pool->running, i))->proc);
}

static gboolean on_sigint(gpointer data)
{
    stop_all(data, SIGINT);
    return G_SOURCE_CONTINUE;
}

static gboolean on_sigterm(gpointer data)
{
    stop_all(data, SIGTERM);
    return G_SOURCE_CONTINUE;
}

SweepPool *sweep_pool_new(const Sweep *sweep, const char *out, guint parallel,
                          SweepProgress *progress)
{
    SweepPool *pool = g_new0(SweepPool, 1);
    pool->sweep = sweep;
    pool->out = g_strdup(out);
    pool->parallel = parallel;
    pool->progress = progress;
    pool->running = g_ptr_array_new_with_free_func(child_free);
    pool->sigint = g_unix_signal_add(SIGINT, on_sigint, pool);
    pool->sigterm = g_unix_signal_add(SIGTERM, on_sigterm, pool);
    return pool;
}

void sweep_pool_free(SweepPool *pool)
{
    if (!pool)
        return;
    g_source_remove(pool->sigint);
    g_source_remove(pool->sigterm);
    g_ptr_array_unref(pool->running);
    g_free(pool->out);
    g_free(pool);
}

SweepStop sweep_pool_stop(const SweepPool *pool)
{
    return pool->stop;
}

int sweep_pool_signal(const SweepPool *pool)
{
    return pool->signal;
}

void sweep_pool_poll(SweepPool *pool)
{
    while (g_main_context_iteration(NULL, FALSE))
        ;
}

/* In the child, before exec: its own process group, so that only the pool signals it; and
 * SIGTERM when the sweep dies, so that no run outlives it. */
static void child_setup(gpointer parent)
{
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != (pid_t) GPOINTER_TO_INT(parent))
        _exit(1);
}

static void report_failure(SweepPool *pool, guint job, const char *why, GBytes *err)
{
    g_autofree char *name = sweep_job_name(pool->sweep, job);
    g_autofree char *settings = sweep_job_describe(pool->sweep, job);
    GString *text = g_string_new(NULL);
    if (err && g_bytes_get_size(err)) {
        g_autofree char *s = g_strndup(g_bytes_get_data(err, NULL), g_bytes_get_size(err));
        g_auto(GStrv) lines = g_strsplit(g_strchomp(s), "\n", -1);
        for (char **l = lines; *l; l++)
            g_string_append_printf(text, "\n  %s", *l);
    }
    sweep_progress_message(pool->progress, "sipsim sweep: run %s (%s) failed: %s%s", name, settings,
                           why, text->str);
    g_string_free(text, TRUE);
}

static SweepJobEnd classify(SweepPool *pool, Child *c, GBytes *err)
{
    GSubprocess *p = c->proc;
    if (g_subprocess_get_if_exited(p) && g_subprocess_get_exit_status(p) == 0) {
        if (sweep_job_done(pool->sweep, c->job, pool->out))
            return SWEEP_JOB_DONE;
        report_failure(pool, c->job, "it ended without summary.json", err);
        return SWEEP_JOB_FAILED;
    }
    if (pool->stop != SWEEP_GOING)
        return SWEEP_JOB_INTERRUPTED;
    g_autofree char *why =
        g_subprocess_get_if_exited(p)
            ? g_strdup_printf("exit status %d", g_subprocess_get_exit_status(p))
            : g_strdup_printf("killed by signal %d (%s)", g_subprocess_get_term_sig(p),
                              g_strsignal(g_subprocess_get_term_sig(p)));
    report_failure(pool, c->job, why, err);
    return SWEEP_JOB_FAILED;
}

static void on_child_exit(GObject *source, GAsyncResult *result, gpointer data)
{
    Child *c = data;
    SweepPool *pool = c->pool;
    g_autoptr(GBytes) err = NULL;
    GError *error = NULL;
    SweepJobEnd end;
    if (g_subprocess_communicate_finish(G_SUBPROCESS(source), result, NULL, &err, &error)) {
        end = classify(pool, c, err);
    } else {
        report_failure(pool, c->job, error->message, NULL);
        g_error_free(error);
        end = SWEEP_JOB_FAILED;
    }
    guint job = c->job;
    g_ptr_array_remove_fast(pool->running, c);
    pool->ended(job, end, pool->data);
}

static void start(SweepPool *pool, guint job)
{
    GError *error = NULL;
    if (!sweep_job_prepare(pool->sweep, job, pool->out, &error)) {
        report_failure(pool, job, error->message, NULL);
        g_error_free(error);
        pool->ended(job, SWEEP_JOB_FAILED, pool->data);
        return;
    }
    g_autoptr(GPtrArray) args = sweep_job_args(pool->sweep, job, pool->out);
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_ptr_array_add(argv, SELF_EXE);
    for (guint i = 0; i < args->len; i++)
        g_ptr_array_add(argv, g_ptr_array_index(args, i));
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new(
        G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
    g_subprocess_launcher_set_child_setup(launcher, child_setup, GINT_TO_POINTER(getpid()), NULL);
    GSubprocess *proc =
        g_subprocess_launcher_spawnv(launcher, (const char *const *) argv->pdata, &error);
    if (!proc) {
        report_failure(pool, job, error->message, NULL);
        g_error_free(error);
        pool->ended(job, SWEEP_JOB_FAILED, pool->data);
        return;
    }
    Child *c = g_new0(Child, 1);
    *c = (Child){ pool, job, proc };
    g_ptr_array_add(pool->running, c);
    g_subprocess_communicate_async(proc, NULL, NULL, on_child_exit, c);
}

void sweep_pool_run(SweepPool *pool, const guint *jobs, guint n, SweepJobEnded ended, gpointer data)
{
    pool->ended = ended;
    pool->data = data;
    guint next = 0;
    for (;;) {
        while (pool->stop == SWEEP_GOING && next < n && pool->running->len < pool->parallel)
            start(pool, jobs[next++]);
        if (!pool->running->len && (pool->stop != SWEEP_GOING || next == n))
            return;
        g_main_context_iteration(NULL, TRUE);
    }
}
