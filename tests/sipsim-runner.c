/* SPDX-License-Identifier: MIT */
#include "sipsim-runner.h"

#include <glib/gstdio.h>
#include <sys/wait.h>

char *sipsim_top_dir(void)
{
    return g_test_build_filename(G_TEST_DIST, "..", NULL);
}

SipsimResult sipsim_run(const char *dir, const char *const *args)
{
    g_autofree char *top = dir ? NULL : sipsim_top_dir();
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_ptr_array_add(argv, (gpointer) g_getenv("SIPSIM"));
    for (const char *const *a = args; *a; a++)
        g_ptr_array_add(argv, (gpointer) *a);
    g_ptr_array_add(argv, NULL);
    g_auto(GStrv) env = g_environ_setenv(g_get_environ(), "LC_ALL", "C", TRUE);
    SipsimResult r = { 0 };
    int wait = 0;
    GError *error = NULL;
    g_spawn_sync(dir ? dir : top, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, &r.out,
                 &r.err, &wait, &error);
    g_assert_no_error(error);
    g_assert_true(WIFEXITED(wait));
    r.status = WEXITSTATUS(wait);
    return r;
}

void sipsim_result_clear(SipsimResult *r)
{
    g_clear_pointer(&r->out, g_free);
    g_clear_pointer(&r->err, g_free);
}

char *sipsim_run_scenario(const char *scenario, const char *const *extra)
{
    char *dir = g_dir_make_tmp("sipsim-test-XXXXXX", NULL);
    g_assert_nonnull(dir);
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    const char *const head[] = { "run", scenario, "--quiet", "--out", dir };
    for (gsize i = 0; i < G_N_ELEMENTS(head); i++)
        g_ptr_array_add(args, (gpointer) head[i]);
    for (const char *const *e = extra; e && *e; e++)
        g_ptr_array_add(args, (gpointer) *e);
    g_ptr_array_add(args, NULL);
    g_auto(SipsimResult) r = sipsim_run(NULL, (const char *const *) args->pdata);
    g_assert_cmpstr(r.err, ==, "");
    g_assert_cmpint(r.status, ==, 0);
    return dir;
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
        g_unlink(p);
    }
    g_rmdir(dir);
}
