/* SPDX-License-Identifier: MIT */
/*
 * `sipsim run` as a user runs it: the same seed gives byte-identical files, an interrupted run
 * leaves only files marked partial, and bad options are refused with exit status 2.
 */
#include <string.h>

#include "sipsim-runner.h"

static gboolean exists(const char *dir, const char *name)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    return g_file_test(path, G_FILE_TEST_EXISTS);
}

/* Runs the probe-echo scenario into a new directory with a seed and run; returns the
 * directory. */
static char *run_demo(const char *seed, const char *run)
{
    const char *extra[] = { "--seed", seed, "--run", run, NULL };
    return sipsim_run_scenario("scenarios/probe-echo.yaml", extra);
}

static void test_same_seed_same_bytes(void)
{
    g_autofree char *a = run_demo("7", "0"), *b = run_demo("7", "0");
    const char *files[] = { "datagrams.csv", "summary.json" };
    for (gsize i = 0; i < G_N_ELEMENTS(files); i++) {
        g_autofree char *x = sipsim_read_file(a, files[i]), *y = sipsim_read_file(b, files[i]);
        g_assert_cmpstr(x, ==, y);
    }
    g_autofree char *csv = sipsim_read_file(a, "datagrams.csv");
    g_assert_true(g_str_has_prefix(csv, "time_ns,event,datagram,node,link,src,dst,bytes,cause\n"));
    sipsim_remove_dir(a);
    sipsim_remove_dir(b);
}

static void test_seed_and_run_change_draws(void)
{
    g_autofree char *a = run_demo("7", "0"), *b = run_demo("8", "0"), *c = run_demo("7", "1");
    g_autofree char *x = sipsim_read_file(a, "datagrams.csv"),
                    *y = sipsim_read_file(b, "datagrams.csv"),
                    *z = sipsim_read_file(c, "datagrams.csv");
    g_assert_cmpstr(x, !=, y);
    g_assert_cmpstr(x, !=, z);
    g_assert_cmpstr(y, !=, z);
    sipsim_remove_dir(a);
    sipsim_remove_dir(b);
    sipsim_remove_dir(c);
}

/* SIGINT mid-run: exit 130, every file renamed NAME.partial, an older complete file removed. */
static void test_interrupt_leaves_partial_files(void)
{
    g_autofree char *dir = g_dir_make_tmp("sipsim-run-XXXXXX", NULL);
    g_autofree char *old = g_build_filename(dir, "summary.json", NULL);
    g_assert_true(g_file_set_contents(old, "{}\n", -1, NULL));
    const char *args[] = { "run", "tests/config/long-run.yaml", "--quiet", "--out", dir, NULL };
    g_assert_cmpint(sipsim_interrupt(args, dir, 200), ==, 130);
    const char *names[] = { "datagrams.csv", "summary.json", "timing.json" };
    for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
        g_autofree char *partial = g_strconcat(names[i], ".partial", NULL);
        g_assert_false(exists(dir, names[i]));
        g_assert_true(exists(dir, partial));
    }
    g_assert_false(sipsim_has_temp_file(dir));
    g_autofree char *summary = sipsim_read_file(dir, "summary.json.partial");
    g_assert_nonnull(strstr(summary, "\"complete\" : false"));
    g_assert_nonnull(strstr(summary, "\"ended\" : \"interrupted\""));
    sipsim_remove_dir(dir);
}

typedef struct {
    const char *name;
    const char *args[6];
    const char *err;
} BadOption;

static const BadOption bad_options[] = {
    { "seed-not-a-number",
      { "run", "--seed", "abc", NULL },
      "sipsim run: --seed: expected a whole number from 0 to 18446744073709551615, got 'abc'\n"
      "Try 'sipsim run --help'.\n" },
    { "seed-negative",
      { "run", "--seed=-1", NULL },
      "sipsim run: --seed: expected a whole number from 0 to 18446744073709551615, got '-1'\n"
      "Try 'sipsim run --help'.\n" },
    { "until-without-unit",
      { "run", "--until", "5", NULL },
      "sipsim run: --until: missing or unknown unit; expected a duration such as 20ms or 1.5s "
      "(units: ns, us, ms, s, min, h), got '5'\nTry 'sipsim run --help'.\n" },
    { "unknown-option",
      { "run", "--speed", NULL },
      "sipsim run: Unknown option --speed\nTry 'sipsim run --help'.\n" },
    { "two-scenarios",
      { "run", "a.yaml", "b.yaml", NULL },
      "sipsim run: one scenario at a time, got 2 files\nTry 'sipsim run --help'.\n" },
    { "missing-scenario",
      { "run", "no-such.yaml", NULL },
      "no-such.yaml: cannot read: no such file\n" },
    { "unknown-command", { "fly", NULL }, NULL /* the usage text follows the first line */ },
    { "until-negative",
      { "run", "--until=-1s", NULL },
      "sipsim run: --until: negative duration; expected a duration of 0 or more, got '-1s'\n"
      "Try 'sipsim run --help'.\n" },
    { "run-not-a-number",
      { "run", "--run", "x", NULL },
      "sipsim run: --run: expected a whole number from 0 to 18446744073709551615, got 'x'\n"
      "Try 'sipsim run --help'.\n" },
    { "set-without-value",
      { "run", "--set", "duration", NULL },
      "--set duration: expected PATH=VALUE, such as topology.links[*].loss=0.2\n" },
    { "set-no-such-key",
      { "run", "scenarios/callee-terminates.yaml", "--set", "topology.linkz[*].loss=0", NULL },
      "--set topology.linkz[*].loss=0: no key 'linkz' at topologies/reference.yaml:5:1; expected "
      "one of: nodes, segments, links\n" },
    { "set-index-too-big",
      { "run", "scenarios/callee-terminates.yaml", "--set", "topology.links[9].loss=0", NULL },
      "--set topology.links[9].loss=0: 'links' in topologies/reference.yaml has 4 items; expected "
      "an index below that\n" },
};

static void test_bad_option(gconstpointer data)
{
    const BadOption *b = data;
    g_auto(SipsimResult) r = sipsim_run(NULL, b->args);
    g_assert_cmpint(r.status, ==, 2);
    if (b->err)
        g_assert_cmpstr(r.err, ==, b->err);
    else
        g_assert_true(g_str_has_prefix(r.err, "sipsim: unknown command 'fly'\n"));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_nonnull(g_getenv("SIPSIM"));
    g_test_add_func("/run/same-seed-same-bytes", test_same_seed_same_bytes);
    g_test_add_func("/run/seed-and-run-change-draws", test_seed_and_run_change_draws);
    g_test_add_func("/run/interrupt-leaves-partial-files", test_interrupt_leaves_partial_files);
    for (gsize i = 0; i < G_N_ELEMENTS(bad_options); i++) {
        g_autofree char *path = g_strdup_printf("/run/bad-option/%s", bad_options[i].name);
        g_test_add_data_func(path, &bad_options[i], test_bad_option);
    }
    return g_test_run();
}
