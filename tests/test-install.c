/* SPDX-License-Identifier: MIT */
/*
 * `meson install --destdir` from the build directory under test ($SIPSIM_BUILD_ROOT), then
 * what was installed: the installed sipsim runs an installed scenario and validates every
 * installed example (a scenario finds its ../topologies/ file; the sweep its ../ scenario); the
 * man page renders with `man -l` without a warning (skipped without man); the bash completion
 * is valid bash. $SIPSIM_BINDIR, $SIPSIM_DATADIR, $SIPSIM_MANDIR and $SIPSIM_COMPLETIONSDIR are
 * the configured absolute install paths.
 */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "sipsim-runner.h"

static char *destdir;
static gboolean installed_ok;

/* Runs @argv in @dir with @env (NULL: this one); returns its exit status, its output in
 * *@out and its errors in *@err. */
static int spawn(const char *dir, const char *const *argv, char **env, char **out, char **err)
{
    int wait = 0;
    GError *error = NULL;
    g_spawn_sync(dir, (char **) argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL, out, err, &wait,
                 &error);
    g_assert_no_error(error);
    g_assert_true(WIFEXITED(wait));
    return WEXITSTATUS(wait);
}

/* @dir_var's configured path, under the destdir; the test fails when the install did. */
static char *installed(const char *dir_var, const char *name)
{
    g_assert_true(installed_ok);
    const char *dir = g_getenv(dir_var);
    g_assert_nonnull(dir);
    g_assert_true(g_path_is_absolute(dir));
    return g_build_filename(destdir, dir, name, NULL);
}

static void test_install(void)
{
    const char *argv[] = { g_getenv("MESON"), "install", "--no-rebuild",
                           "--quiet",         "-C",      g_getenv("SIPSIM_BUILD_ROOT"),
                           "--destdir",       destdir,   NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = spawn(NULL, argv, NULL, &out, &err);
    if (status != 0)
        g_test_message("%s%s", out, err);
    g_assert_cmpint(status, ==, 0);
    installed_ok = TRUE;
}

static void test_run_installed_scenario(void)
{
    g_autofree char *sipsim = installed("SIPSIM_BINDIR", "sipsim");
    g_autofree char *scenario = installed("SIPSIM_DATADIR", "scenarios/busy-here.yaml");
    g_autofree char *out_dir = g_dir_make_tmp("sipsim-installed-run-XXXXXX", NULL);
    const char *argv[] = { sipsim, "run", scenario, "--quiet", "--out", out_dir, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    /* From / so that nothing is found relative to the source or build tree. */
    g_assert_cmpint(spawn("/", argv, NULL, &out, &err), ==, 0);
    g_assert_cmpstr(err, ==, "");
    g_autofree char *calls = sipsim_read_file(out_dir, "calls.csv");
    g_assert_nonnull(strstr(calls, ",486,"));
    sipsim_remove_dir(out_dir);
}

/* Every installed example validates; the sweep runs one job of its 36 (--shard 0/36). */
static void test_examples_valid(void)
{
    g_autofree char *sipsim = installed("SIPSIM_BINDIR", "sipsim");
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(argv, g_strdup(sipsim));
    g_ptr_array_add(argv, g_strdup("validate"));
    static const char *const dirs[] = { "scenarios", "topologies" };
    for (gsize i = 0; i < G_N_ELEMENTS(dirs); i++) {
        g_autofree char *dir = installed("SIPSIM_DATADIR", dirs[i]);
        g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
        g_assert_nonnull(d);
        const char *name;
        while ((name = g_dir_read_name(d)))
            if (g_str_has_suffix(name, ".yaml"))
                g_ptr_array_add(argv, g_build_filename(dir, name, NULL));
    }
    g_assert_cmpuint(argv->len, >, 20);
    g_ptr_array_add(argv, NULL);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_assert_cmpint(spawn("/", (const char *const *) argv->pdata, NULL, &out, &err), ==, 0);
    g_assert_cmpstr(err, ==, "");

    g_autofree char *sweep = installed("SIPSIM_DATADIR", "scenarios/sweeps/loss-delay.yaml");
    g_autofree char *sweep_dir = g_dir_make_tmp("sipsim-installed-sweep-XXXXXX", NULL);
    const char *sweep_argv[] = { sipsim,  "sweep",   sweep,     "--shard", "0/36",
                                 "--out", sweep_dir, "--quiet", NULL };
    g_autofree char *sweep_out = NULL;
    g_autofree char *sweep_err = NULL;
    g_assert_cmpint(spawn("/", sweep_argv, NULL, &sweep_out, &sweep_err), ==, 0);
    g_assert_cmpstr(sweep_err, ==, "");
    /* One job ran: the one directory under runs/ holds its summary. */
    g_autofree char *runs = g_build_filename(sweep_dir, "runs", NULL);
    g_autoptr(GDir) d = g_dir_open(runs, 0, NULL);
    g_assert_nonnull(d);
    g_autofree char *job = g_strdup(g_dir_read_name(d));
    g_assert_nonnull(job);
    g_assert_null(g_dir_read_name(d));
    g_autofree char *summary = g_build_filename(runs, job, "summary.json", NULL);
    g_assert_true(g_file_test(summary, G_FILE_TEST_IS_REGULAR));
    g_autofree char *rm_argv0 = g_find_program_in_path("rm");
    const char *rm[] = { rm_argv0, "-rf", sweep_dir, NULL };
    g_assert_cmpint(spawn(NULL, rm, NULL, NULL, NULL), ==, 0);
}

static void test_man_renders(void)
{
    g_autofree char *man = g_find_program_in_path("man");
    if (!man) {
        g_test_skip("no man command (Debian: apt-get install man-db)");
        return;
    }
    g_autofree char *page = installed("SIPSIM_MANDIR", "man1/sipsim.1");
    const char *argv[] = { man, "--warnings", "-l", page, NULL };
    g_auto(GStrv) env = g_get_environ();
    env = g_environ_setenv(env, "MANWIDTH", "80", TRUE);
    env = g_environ_setenv(env, "MANPAGER", "cat", TRUE);
    env = g_environ_setenv(env, "LC_ALL", "C.UTF-8", TRUE);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_assert_cmpint(spawn(NULL, argv, env, &out, &err), ==, 0);
    g_assert_cmpstr(err, ==, "");
    g_assert_true(g_str_has_prefix(out, "SIPSIM(1)"));
    static const char *const sections[] = { "\nNAME\n", "\nSYNOPSIS\n", "\nCOMMANDS\n",
                                            "\n   sipsim sweep [OPTION...] SWEEP.yaml" };
    for (gsize i = 0; i < G_N_ELEMENTS(sections); i++)
        g_assert_nonnull(strstr(out, sections[i]));
    /* The FILES section names where the examples were installed. */
    g_autofree char *files = g_strdup_printf("%s/scenarios/", g_getenv("SIPSIM_DATADIR"));
    g_assert_nonnull(strstr(out, files));
}

/* The installed sipsim's --version: its version, then a line per library that starts with the
 * library's name and the version meson found ($SIPSIM_VERSIONS: "NAME VERSION;..."), which in
 * the build tree is the one loaded at run time. */
static void test_version(void)
{
    g_autofree char *sipsim = installed("SIPSIM_BINDIR", "sipsim");
    const char *argv[] = { sipsim, "--version", NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_assert_cmpint(spawn("/", argv, NULL, &out, &err), ==, 0);
    g_assert_cmpstr(err, ==, "");
    g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
    g_autofree char *first = g_strdup_printf("sipsim %s", g_getenv("SIPSIM_VERSION"));
    g_assert_cmpstr(lines[0], ==, first);
    g_auto(GStrv) libs = g_strsplit(g_getenv("SIPSIM_VERSIONS"), ";", -1);
    g_assert_cmpuint(g_strv_length(lines), ==, g_strv_length(libs) + 2); /* + sipsim, "" */
    for (guint i = 0; libs[i]; i++) {
        const char *line = lines[i + 1];
        g_assert_true(g_str_has_prefix(line, libs[i]));
        const char *rest = line + strlen(libs[i]);
        /* "NAME VERSION", or "NAME VERSION (more)"; else fail, showing both. */
        if (*rest != '\0' && !g_str_has_prefix(rest, " ("))
            g_assert_cmpstr(line, ==, libs[i]);
    }
}

static void test_completion_syntax(void)
{
    g_autofree char *file = installed("SIPSIM_COMPLETIONSDIR", "sipsim");
    const char *argv[] = { "bash", "-n", file, NULL };
    g_autofree char *err = NULL;
    g_assert_cmpint(spawn(NULL, argv, NULL, NULL, &err), ==, 0);
    g_assert_cmpstr(err, ==, "");
}

static void remove_tree(void)
{
    g_autofree char *rm_argv0 = g_find_program_in_path("rm");
    const char *rm[] = { rm_argv0, "-rf", destdir, NULL };
    g_assert_cmpint(spawn(NULL, rm, NULL, NULL, NULL), ==, 0);
    g_free(destdir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    destdir = g_dir_make_tmp("sipsim-install-XXXXXX", NULL);
    g_assert_nonnull(destdir);
    g_test_add_func("/install/meson-install", test_install);
    g_test_add_func("/install/run-installed-scenario", test_run_installed_scenario);
    g_test_add_func("/install/examples-valid", test_examples_valid);
    g_test_add_func("/install/man-renders", test_man_renders);
    g_test_add_func("/install/version", test_version);
    g_test_add_func("/install/completion-syntax", test_completion_syntax);
    int status = g_test_run();
    remove_tree();
    return status;
}
