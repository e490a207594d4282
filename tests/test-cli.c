/* SPDX-License-Identifier: MIT */
/*
 * The command line's subcommands, run as a user runs them.
 * `sipsim validate` on every file under tests/config: each bad file states, on its first line
 * ("# expect: LINE:COL: message"), the exact message it must produce, with exit status 2; each
 * good file must validate with exit status 0.
 * Each other mistake with a file (missing, unreadable, empty, a directory, a list) or an option
 * of run, sweep and parse: the exact message and exit status 2.
 * `sipsim machines NAME` prints exactly the committed page docs/state-machines/NAME.md.
 */
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sipsim-runner.h"

static char *expected_message(const char *path, const char *name)
{
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_assert_true(g_str_has_prefix(text, "# expect: "));
    char *eol = strchr(text, '\n');
    g_autofree char *expect =
        g_strndup(text + 10, eol ? (gsize) (eol - text - 10) : strlen(text + 10));
    /* A message located in this file is prefixed with its name. */
    if (g_ascii_isdigit(expect[0]))
        return g_strdup_printf("%s:%s\n", name, expect);
    return g_strdup_printf("%s\n", expect);
}

static void test_bad_file(gconstpointer data)
{
    const char *name = data;
    g_autofree char *dir = g_test_build_filename(G_TEST_DIST, "config", "bad", NULL);
    g_autofree char *path = g_build_filename(dir, name, NULL);
    g_autofree char *expect = expected_message(path, name);
    const char *args[] = { "validate", name, NULL };
    g_auto(SipsimResult) r = sipsim_run(dir, args);
    g_assert_cmpstr(r.err, ==, expect);
    g_assert_cmpstr(r.out, ==, "");
    g_assert_cmpint(r.status, ==, 2);
}

static void test_good_file(gconstpointer data)
{
    const char *name = data;
    g_autofree char *dir = g_test_build_filename(G_TEST_DIST, "config", "ok", NULL);
    const char *args[] = { "validate", name, NULL };
    g_auto(SipsimResult) r = sipsim_run(dir, args);
    g_autofree char *expect = g_strdup_printf("%s: valid\n", name);
    g_assert_cmpstr(r.err, ==, "");
    g_assert_cmpstr(r.out, ==, expect);
    g_assert_cmpint(r.status, ==, 0);
}

/* Every shipped topology and scenario must stay valid. */
static void test_examples(void)
{
    g_autofree char *top = g_test_build_filename(G_TEST_DIST, "..", NULL);
    static const char *const dirs[] = { "topologies", "scenarios" };
    for (gsize i = 0; i < G_N_ELEMENTS(dirs); i++) {
        g_autofree char *dir = g_build_filename(top, dirs[i], NULL);
        g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
        g_assert_nonnull(d);
        const char *n;
        guint count = 0;
        while ((n = g_dir_read_name(d))) {
            if (!g_str_has_suffix(n, ".yaml"))
                continue;
            g_autofree char *rel = g_build_filename(dirs[i], n, NULL);
            const char *args[] = { "validate", rel, NULL };
            g_auto(SipsimResult) r = sipsim_run(top, args);
            g_test_message("%s", rel);
            g_assert_cmpstr(r.err, ==, "");
            g_assert_cmpint(r.status, ==, 0);
            count++;
        }
        g_assert_cmpuint(count, >, 0);
    }
}

static void test_no_file(void)
{
    const char *args[] = { "validate", NULL };
    g_auto(SipsimResult) r = sipsim_run(".", args);
    g_assert_cmpstr(r.err, ==,
                    "sipsim validate: no file given; expected one or more YAML files\n"
                    "Try 'sipsim validate --help'.\n");
    g_assert_cmpint(r.status, ==, 2);
}

static void test_missing_file(void)
{
    const char *args[] = { "validate", "no-such-file.yaml", NULL };
    g_auto(SipsimResult) r = sipsim_run(".", args);
    g_assert_cmpstr(r.err, ==, "no-such-file.yaml: cannot read: no such file\n");
    g_assert_cmpint(r.status, ==, 2);
}

/* A user's mistake with a file or an option, run in tests/config/bad: the exact message on
 * stderr, nothing on stdout, exit status 2. */
typedef struct {
    const char *name;
    const char *args[6];
    const char *err;
} Mistake;

static const Mistake mistakes[] = {
    { "validate-directory",
      { "validate", "../ok", NULL },
      "../ok: cannot read: it is a directory\n" },
    { "run-empty-file",
      { "run", "empty-file.yaml", NULL },
      "empty-file.yaml:1:1: the file is empty; expected a scenario (a map with 'topology:')\n" },
    { "run-list-not-map",
      { "run", "list-not-map.yaml", NULL },
      "list-not-map.yaml:2:1: scenario: expected a map (key: value lines), got a list\n" },
    { "run-directory", { "run", "../ok", NULL }, "../ok: cannot read: it is a directory\n" },
    { "sweep-missing-file",
      { "sweep", "no-such-file.yaml", NULL },
      "no-such-file.yaml: cannot read: no such file\n" },
    { "sweep-empty-file",
      { "sweep", "empty-file.yaml", NULL },
      "empty-file.yaml:1:1: the file is empty; expected a sweep (a map with 'scenario:')\n" },
    { "sweep-list-not-map",
      { "sweep", "list-not-map.yaml", NULL },
      "list-not-map.yaml:2:1: sweep: expected a map (key: value lines), got a list\n" },
    { "sweep-directory", { "sweep", "../ok", NULL }, "../ok: cannot read: it is a directory\n" },
    { "sweep-jobs-zero",
      { "sweep", "-j", "0", "empty-file.yaml", NULL },
      "sipsim sweep: --jobs: expected a whole number from 1 to 4096, got '0'\n"
      "Try 'sipsim sweep --help'.\n" },
    { "sweep-unknown-option",
      { "sweep", "--fast", "empty-file.yaml", NULL },
      "sipsim sweep: Unknown option --fast\nTry 'sipsim sweep --help'.\n" },
    { "parse-directory", { "parse", "../ok", NULL }, "../ok: cannot read: it is a directory\n" },
    { "run-endless-device",
      { "run", "/dev/zero", NULL },
      "/dev/zero: cannot read: larger than 16 MiB, the most sipsim reads\n" },
    { "parse-endless-device",
      { "parse", "/dev/zero", NULL },
      "/dev/zero: cannot read: larger than 16 MiB, the most sipsim reads\n" },
    { "parse-missing-file",
      { "parse", "no-such-file.sip", NULL },
      "no-such-file.sip: cannot read: no such file\n" },
};

static void test_mistake(gconstpointer data)
{
    const Mistake *m = data;
    g_autofree char *dir = g_test_build_filename(G_TEST_DIST, "config", "bad", NULL);
    g_auto(SipsimResult) r = sipsim_run(dir, m->args);
    g_assert_cmpstr(r.err, ==, m->err);
    g_assert_cmpstr(r.out, ==, "");
    g_assert_cmpint(r.status, ==, 2);
}

/* A file without read permission; root reads anything, so the test needs another user. */
static void test_unreadable_file(void)
{
    if (geteuid() == 0) {
        g_test_skip("root can read a file without read permission");
        return;
    }
    g_autofree char *dir = g_dir_make_tmp("sipsim-cli-XXXXXX", NULL);
    g_assert_nonnull(dir);
    g_autofree char *path = g_build_filename(dir, "secret.yaml", NULL);
    g_assert_true(g_file_set_contents(path, "nodes: []\n", -1, NULL));
    g_assert_cmpint(g_chmod(path, 0), ==, 0);
    static const char *const commands[] = { "validate", "run", "sweep", "parse" };
    for (gsize i = 0; i < G_N_ELEMENTS(commands); i++) {
        const char *args[] = { commands[i], "secret.yaml", NULL };
        g_auto(SipsimResult) r = sipsim_run(dir, args);
        g_assert_cmpstr(r.err, ==, "secret.yaml: cannot read: permission denied\n");
        g_assert_cmpint(r.status, ==, 2);
    }
    g_assert_cmpint(g_remove(path), ==, 0);
    g_assert_cmpint(g_rmdir(dir), ==, 0);
}

/* The generated page of a state machine must match the code: regenerate it with
 * `meson compile -C build docs`. */
static void test_machine_page(gconstpointer data)
{
    const char *name = data;
    g_autofree char *page =
        g_test_build_filename(G_TEST_DIST, "..", "docs", "state-machines", name, NULL);
    g_autofree char *path = g_strconcat(page, ".md", NULL);
    g_autofree char *committed = NULL;
    g_assert_true(g_file_get_contents(path, &committed, NULL, NULL));
    const char *args[] = { "machines", name, NULL };
    g_auto(SipsimResult) r = sipsim_run(".", args);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_cmpstr(r.out, ==, committed);
}

/* `sipsim parse` explains a message exactly as the committed text says. */
static void test_parse_explains(void)
{
    g_autofree char *dir = g_test_build_filename(G_TEST_DIST, "data", "parse", NULL);
    g_autofree char *expected_path = g_build_filename(dir, "register.expected", NULL);
    g_autofree char *expected = NULL;
    g_assert_true(g_file_get_contents(expected_path, &expected, NULL, NULL));
    const char *args[] = { "parse", "register.sip", NULL };
    g_auto(SipsimResult) r = sipsim_run(dir, args);
    g_assert_cmpstr(r.out, ==, expected);
    g_assert_cmpint(r.status, ==, 0);
}

/* Exit 1 with the reason for a message that does not parse or must be refused. */
static void test_parse_invalid(void)
{
    g_autofree char *dir = g_test_build_filename(G_TEST_DIST, "data", "rfc4475", NULL);
    const char *ncl[] = { "parse", "invalid/ncl.sip", NULL };
    g_auto(SipsimResult) r = sipsim_run(dir, ncl);
    g_assert_cmpstr(r.out, ==,
                    "invalid/ncl.sip: not a valid SIP message: line 10: header "
                    "'Content-Length': expected a number of bytes\n");
    g_assert_cmpint(r.status, ==, 1);
    sipsim_result_clear(&r);
    const char *badvers[] = { "parse", "invalid/badvers.sip", NULL };
    r = sipsim_run(dir, badvers);
    g_assert_true(g_str_has_suffix(r.out, "a user agent would answer 505 Version Not Supported: "
                                          "SIP version other than 2.0\n"
                                          "a proxy would answer 505 Version Not Supported: SIP "
                                          "version other than 2.0\n"));
    g_assert_cmpint(r.status, ==, 1);
    sipsim_result_clear(&r);
    const char *missing[] = { "parse", "no-such.sip", NULL };
    r = sipsim_run(dir, missing);
    g_assert_true(g_str_has_prefix(r.err, "no-such.sip: cannot read: "));
    g_assert_cmpint(r.status, ==, 2);
}

/* `sipsim parse` explains a STUN message, RFC 5769's vector 2.2, exactly as committed. */
static void test_parse_stun(void)
{
    g_autofree char *dir = g_test_build_filename(G_TEST_DIST, "data", "stun", NULL);
    g_autofree char *expected_path =
        g_build_filename(dir, "rfc5769-2.2-ipv4-response.expected", NULL);
    g_autofree char *expected = NULL;
    g_assert_true(g_file_get_contents(expected_path, &expected, NULL, NULL));
    const char *args[] = { "parse", "rfc5769-2.2-ipv4-response.bin", NULL };
    g_auto(SipsimResult) r = sipsim_run(dir, args);
    g_assert_cmpstr(r.out, ==, expected);
    g_assert_cmpstr(r.err, ==, "");
    g_assert_cmpint(r.status, ==, 0);
}

/* Exit 1 with the reason for malformed STUN: vector 2.2 with XOR-MAPPED-ADDRESS's length
 * raised from 8 to 48 (byte 39), and vector 2.1 with byte 27 flipped. */
static void test_parse_stun_invalid(void)
{
    g_autofree char *dir = g_test_build_filename(G_TEST_DIST, "data", "stun", NULL);
    const char *overrun[] = { "parse", "malformed-attribute-overrun.bin", NULL };
    g_auto(SipsimResult) r = sipsim_run(dir, overrun);
    g_assert_cmpstr(r.out, ==,
                    "malformed-attribute-overrun.bin: not a valid STUN message: byte 36: "
                    "XOR-MAPPED-ADDRESS: length 48 runs past the end: expected at most 40\n");
    g_assert_cmpint(r.status, ==, 1);
    sipsim_result_clear(&r);
    const char *flipped[] = { "parse", "malformed-bad-fingerprint.bin", NULL };
    r = sipsim_run(dir, flipped);
    g_assert_cmpstr(r.out, ==,
                    "malformed-bad-fingerprint.bin: not a valid STUN message: byte 100: "
                    "FINGERPRINT 0xe57a3bcf: expected 0x12b667c1 (not STUN)\n");
    g_assert_cmpint(r.status, ==, 1);
}

/* What the fuzzers found in the SIP parser (tests/data/fuzz/sip-message, docs/fuzzing.md):
 * each message is refused with the reason, exit status 1. */
static void test_parse_fuzz_findings(void)
{
    static const struct {
        const char *file;
        const char *out;
    } findings[] = {
        { "require-lone-cr.sip", "require-lone-cr.sip: not a valid SIP message: line 2: header "
                                 "'Require': a CR without LF; expected CRLF\n" },
    };
    g_autofree char *dir = g_test_build_filename(G_TEST_DIST, "data", "fuzz", "sip-message", NULL);
    for (gsize i = 0; i < G_N_ELEMENTS(findings); i++) {
        const char *args[] = { "parse", findings[i].file, NULL };
        g_auto(SipsimResult) r = sipsim_run(dir, args);
        g_assert_cmpstr(r.out, ==, findings[i].out);
        g_assert_cmpstr(r.err, ==, "");
        g_assert_cmpint(r.status, ==, 1);
    }
}

/* Registers one test per file of tests/config/@sub. */
static void add_file_tests(const char *sub, GTestDataFunc fn, GPtrArray *keep)
{
    g_autofree char *dir = g_test_build_filename(G_TEST_DIST, "config", sub, NULL);
    g_autofree char *prefix = g_strdup_printf("/validate/%s", sub);
    sipsim_add_file_tests(prefix, dir, fn, keep);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_nonnull(g_getenv("SIPSIM"));
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    add_file_tests("bad", test_bad_file, names);
    add_file_tests("ok", test_good_file, names);
    g_test_add_func("/validate/examples", test_examples);
    g_test_add_func("/validate/no-file", test_no_file);
    g_test_add_func("/validate/missing-file", test_missing_file);
    g_test_add_func("/mistake/unreadable-file", test_unreadable_file);
    for (gsize i = 0; i < G_N_ELEMENTS(mistakes); i++) {
        g_autofree char *path = g_strdup_printf("/mistake/%s", mistakes[i].name);
        g_test_add_data_func(path, &mistakes[i], test_mistake);
    }
    g_test_add_func("/parse/explains", test_parse_explains);
    g_test_add_func("/parse/invalid", test_parse_invalid);
    g_test_add_func("/parse/stun", test_parse_stun);
    g_test_add_func("/parse/stun-invalid", test_parse_stun_invalid);
    g_test_add_func("/parse/fuzz-findings", test_parse_fuzz_findings);
    static const char *const machines[] = { "ict", "ist", "nict", "nist" };
    for (gsize i = 0; i < G_N_ELEMENTS(machines); i++) {
        g_autofree char *path = g_strdup_printf("/machines/page-matches-code/%s", machines[i]);
        g_test_add_data_func(path, machines[i], test_machine_page);
    }
    return g_test_run();
}
