/* SPDX-License-Identifier: MIT */
#include "sipsim-runner.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

char *sipsim_top_dir(void)
{
    return g_test_build_filename(G_TEST_DIST, "..", NULL);
}

/* $SIPSIM and @args, NULL-terminated. */
static GPtrArray *sipsim_argv(const char *const *args)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (gpointer) g_getenv("SIPSIM"));
    for (const char *const *a = args; *a; a++)
        g_ptr_array_add(argv, (gpointer) *a);
    g_ptr_array_add(argv, NULL);
    return argv;
}

SipsimResult sipsim_spawn(const char *dir, const char *const *argv, const char *const *env)
{
    g_autofree char *top = dir ? NULL : sipsim_top_dir();
    g_auto(GStrv) envp = g_environ_setenv(g_get_environ(), "LC_ALL", "C", TRUE);
    for (const char *const *e = env; e && *e; e++) {
        g_auto(GStrv) pair = g_strsplit(*e, "=", 2);
        g_assert_nonnull(pair[1]);
        envp = g_environ_setenv(envp, pair[0], pair[1], TRUE);
    }
    SipsimResult r = { 0 };
    int wait = 0;
    GError *error = NULL;
    g_spawn_sync(dir ? dir : top, (char **) argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL, &r.out,
                 &r.err, &wait, &error);
    g_assert_no_error(error);
    g_assert_true(WIFEXITED(wait));
    r.status = WEXITSTATUS(wait);
    return r;
}

SipsimResult sipsim_run(const char *dir, const char *const *args)
{
    g_autoptr(GPtrArray) argv = sipsim_argv(args);
    return sipsim_spawn(dir, (const char *const *) argv->pdata, NULL);
}

gboolean sipsim_has_temp_file(const char *dir)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *n;
    while (d && (n = g_dir_read_name(d)))
        if (n[0] == '.')
            return TRUE;
    return FALSE;
}

int sipsim_interrupt(const char *const *args, const char *dir, guint settle_ms)
{
    return sipsim_signal(args, dir, settle_ms, SIGINT);
}

int sipsim_signal(const char *const *args, const char *dir, guint settle_ms, int sig)
{
    g_autofree char *top = sipsim_top_dir();
    g_autoptr(GPtrArray) argv = sipsim_argv(args);
    GPid pid;
    GError *error = NULL;
    g_spawn_async(top, (char **) argv->pdata, NULL,
                  G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, &error);
    g_assert_no_error(error);
    for (int i = 0; i < 3000 && !sipsim_has_temp_file(dir); i++)
        g_usleep(10000);
    g_assert_true(sipsim_has_temp_file(dir));
    g_usleep(settle_ms * 1000);
    kill(pid, sig);
    int wait;
    g_assert_cmpint(waitpid(pid, &wait, 0), ==, pid);
    g_spawn_close_pid(pid);
    g_assert_true(WIFEXITED(wait));
    return WEXITSTATUS(wait);
}

void sipsim_result_clear(SipsimResult *r)
{
    g_clear_pointer(&r->out, g_free);
    g_clear_pointer(&r->err, g_free);
}

SipsimResult sipsim_run_with(const char *scenario, const char *const *opts,
                             const char *const *extra)
{
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    g_ptr_array_add(args, "run");
    g_ptr_array_add(args, (gpointer) scenario);
    g_ptr_array_add(args, "--quiet");
    for (const char *const *o = opts; o && *o; o++)
        g_ptr_array_add(args, (gpointer) *o);
    for (const char *const *e = extra; e && *e; e++)
        g_ptr_array_add(args, (gpointer) *e);
    g_ptr_array_add(args, NULL);
    return sipsim_run(NULL, (const char *const *) args->pdata);
}

void sipsim_run_ok(const char *scenario, const char *const *opts, const char *const *extra)
{
    g_auto(SipsimResult) r = sipsim_run_with(scenario, opts, extra);
    g_assert_cmpstr(r.err, ==, "");
    g_assert_cmpint(r.status, ==, 0);
}

char *sipsim_run_scenario(const char *scenario, const char *const *extra)
{
    char *dir = g_dir_make_tmp("sipsim-test-XXXXXX", NULL);
    g_assert_nonnull(dir);
    const char *const opts[] = { "--out", dir, NULL };
    sipsim_run_ok(scenario, opts, extra);
    return dir;
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

void sipsim_add_file_tests(const char *prefix, const char *dir, GTestDataFunc fn, GPtrArray *keep)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    g_assert_nonnull(d);
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    const char *n;
    while ((n = g_dir_read_name(d)))
        if (g_str_has_suffix(n, ".yaml"))
            g_ptr_array_add(names, g_strdup(n));
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len; i++) {
        char *name = g_ptr_array_index(names, i);
        g_autofree char *stem = g_strndup(name, strlen(name) - 5);
        g_autofree char *test = g_strdup_printf("%s/%s", prefix, stem);
        g_test_add_data_func(test, name, fn);
        g_ptr_array_add(keep, name);
    }
}

char *sipsim_read_file(const char *dir, const char *name)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    char *text = NULL;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    return text;
}

void sipsim_remove_dir(const char *dir)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *n;
    while (d && (n = g_dir_read_name(d))) {
        g_autofree char *p = g_build_filename(dir, n, NULL);
        if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
            sipsim_remove_dir(p);
        else
            g_unlink(p);
    }
    g_rmdir(dir);
}
