/* SPDX-License-Identifier: MIT */
/*
 * `sipsim run --html FILE`: the page of a few reference runs holds every message of messages.csv
 * with its text and loads nothing; the same seed gives the same bytes; an interrupted run leaves
 * FILE.partial. Then tests/html/check.mjs opens each page in headless Chromium and clicks, steps
 * and filters (skipped, with the reason, when node, Chromium or tests/html/node_modules are
 * missing: `npm ci --prefix tests/html`).
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sipsim-runner.h"

typedef struct {
    const char *name;
    const char *scenario;
    const char *extra[5];
} Case;

static const Case cases[] = {
    { "callee-terminates", "scenarios/callee-terminates.yaml", { NULL } },
    { "attended-transfer", "scenarios/attended-transfer.yaml", { NULL } },
    { "call-stun", "scenarios/call-stun.yaml", { NULL } },
    /* retransmissions and losses: 19 and 12 at this seed */
    { "lossy",
      "scenarios/callee-terminates.yaml",
      { "--set", "topology.links[*].loss=0.2", "--seed", "3", NULL } },
};

/* messages.csv's columns */
enum { TIME, FROM, TO, MESSAGE, CALL_ID, CSEQ, BRANCH, BYTES, RETRANSMISSION, FATE, N_COLUMNS };

/* Runs the case with --out DIR and --html in another directory, as a user may; moves the page
 * into DIR as run.html and returns DIR. */
static char *run_case(const Case *c)
{
    g_autofree char *elsewhere = g_dir_make_tmp("sipsim-html-XXXXXX", NULL);
    g_autofree char *page = g_build_filename(elsewhere, "run.html", NULL);
    g_autoptr(GPtrArray) extra = g_ptr_array_new();
    g_ptr_array_add(extra, "--html");
    g_ptr_array_add(extra, page);
    for (const char *const *e = c->extra; *e; e++)
        g_ptr_array_add(extra, (gpointer) *e);
    g_ptr_array_add(extra, NULL);
    char *dir = sipsim_run_scenario(c->scenario, (const char *const *) extra->pdata);
    g_autofree char *moved = g_build_filename(dir, "run.html", NULL);
    g_assert_cmpint(g_rename(page, moved), ==, 0);
    sipsim_remove_dir(elsewhere);
    return dir;
}

/* The rows of messages.csv, each split into its columns. */
static GPtrArray *read_rows(const char *dir)
{
    g_autofree char *csv = sipsim_read_file(dir, "messages.csv");
    g_auto(GStrv) lines = g_strsplit(csv, "\n", -1);
    GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify) g_strfreev);
    for (guint i = 1; lines[i] && lines[i][0]; i++) {
        char **row = g_strsplit(lines[i], ",", -1);
        g_assert_cmpuint(g_strv_length(row), ==, N_COLUMNS);
        g_ptr_array_add(rows, row);
    }
    return rows;
}

static guint count(const char *text, const char *what)
{
    guint n = 0;
    for (const char *p = text; (p = strstr(p, what)); p += strlen(what))
        n++;
    return n;
}

/* The text from @start up to and including @end, which must be there. */
static char *element(const char *page, const char *start, const char *end)
{
    const char *a = strstr(page, start);
    g_assert_nonnull(a);
    const char *b = strstr(a, end);
    g_assert_nonnull(b);
    return g_strndup(a, (gsize) (b - a) + strlen(end));
}

static void assert_contains(const char *text, const char *what)
{
    if (!strstr(text, what))
        g_error("expected '%s' in:\n%s", what, text);
}

/* Row @i is drawn with its label and has its details: metadata and text. */
static void check_message(const char *page, guint i, char **row)
{
    gboolean stun = !row[CALL_ID][0];
    g_autofree char *g_start = g_strdup_printf("id=\"m%u\" ", i);
    g_autofree char *g = element(page, g_start, "</g>");
    g_autofree char *label = g_strdup_printf(
        "\">%s%s</text>", row[MESSAGE], g_str_equal(row[RETRANSMISSION], "1") ? " (again)" : "");
    assert_contains(g, label);
    g_autofree char *d_start = g_strdup_printf("<article id=\"d%u\" hidden>", i);
    g_autofree char *d = element(page, d_start, "</article>");
    g_autofree char *from = g_strdup_printf("<dt>from</dt><dd>%s</dd>", row[FROM]);
    g_autofree char *to = g_strdup_printf("<dt>to</dt><dd>%s</dd>", row[TO]);
    g_autofree char *fate = g_strdup_printf("<dt>fate</dt><dd>%s</dd>", row[FATE]);
    g_autofree char *bytes = g_strdup_printf("<dt>bytes</dt><dd>%s</dd>", row[BYTES]);
    assert_contains(d, from);
    assert_contains(d, to);
    assert_contains(d, fate);
    assert_contains(d, bytes);
    if (stun) {
        g_autofree char *tid = g_strdup_printf("  transaction id %s\n", row[BRANCH]);
        assert_contains(d, "<pre class=\"text\">\nSTUN Binding ");
        assert_contains(d, tid);
        assert_contains(d, "<pre class=\"hex\">0000 ");
    } else {
        g_autofree char *call_id = g_strdup_printf("&#13;\nCall-ID: %s&#13;\n", row[CALL_ID]);
        g_autofree char *branch = g_strdup_printf(";branch=%s", row[BRANCH]);
        assert_contains(d, call_id);
        assert_contains(d, branch);
        /* the start line first: a response's, or the request's method */
        g_autofree char *status = g_strndup(row[MESSAGE], 3);
        g_autofree char *start = strchr(row[MESSAGE], '/')
                                     ? g_strdup_printf("<pre class=\"text\">\nSIP/2.0 %s ", status)
                                     : g_strdup_printf("<pre class=\"text\">\n%s ", row[MESSAGE]);
        assert_contains(d, start);
    }
}

/* One page, whole and self-contained, with every message of messages.csv and every call. */
static void check_page(const char *dir)
{
    g_autofree char *page = sipsim_read_file(dir, "run.html");
    g_autoptr(GPtrArray) rows = read_rows(dir);
    g_assert_true(g_str_has_prefix(page, "<!DOCTYPE html>\n<html lang=\"en\">\n"));
    g_assert_true(g_str_has_suffix(page, "</script>\n</body>\n</html>\n"));
    /* nothing to load: no external script, style sheet, font or image, no address at all */
    const char *loads[] = { " src=", " href=", "<link", "@import", "url(", "http://", "https://" };
    for (gsize i = 0; i < G_N_ELEMENTS(loads); i++)
        g_assert_null(strstr(page, loads[i]));
    g_assert_cmpuint(count(page, "<script>"), ==, 1);
    g_assert_cmpuint(count(page, "</script>"), ==, 1);
    g_assert_cmpuint(count(page, "<style>"), ==, 1);
    g_assert_cmpuint(count(page, "</style>"), ==, 1);
    g_assert_cmpuint(count(page, "\n<g class=\"msg "), ==, rows->len);
    g_assert_cmpuint(count(page, "\n<article id=\"d"), ==, rows->len);
    g_assert_null(strstr(page, "id=\"left-out\""));
    for (guint i = 0; i < rows->len; i++)
        check_message(page, i, g_ptr_array_index(rows, i));
    /* each call of calls.csv in the filter */
    g_autofree char *calls = sipsim_read_file(dir, "calls.csv");
    g_auto(GStrv) lines = g_strsplit(calls, "\n", -1);
    for (guint i = 1; lines[i] && lines[i][0]; i++) {
        g_autofree char *call_id = g_strndup(lines[i], strcspn(lines[i], ","));
        g_autofree char *option = g_strdup_printf(" (%s)</option>", call_id);
        assert_contains(page, option);
    }
    g_test_message("%u messages, %zu bytes", rows->len, strlen(page));
}

static void test_page(gconstpointer data)
{
    g_autofree char *dir = run_case(data);
    check_page(dir);
    sipsim_remove_dir(dir);
}

/* Why the browser check cannot run here, or NULL. */
static char *browser_missing(char **node)
{
    g_autofree char *modules =
        g_test_build_filename(G_TEST_DIST, "html", "node_modules", "playwright-core", NULL);
    const char *chromium = g_getenv("CHROMIUM") ? g_getenv("CHROMIUM") : "/usr/bin/chromium";
    if (!(*node = g_find_program_in_path("node")))
        return g_strdup("node is not installed");
    if (!g_file_test(chromium, G_FILE_TEST_IS_EXECUTABLE))
        return g_strdup_printf("%s is not installed (apt-get install chromium)", chromium);
    if (!g_file_test(modules, G_FILE_TEST_IS_DIR))
        return g_strdup("tests/html/node_modules is missing (npm ci --prefix tests/html)");
    return NULL;
}

/* check.mjs's verdict: its last line, a JSON object. */
static JsonObject *verdict(JsonParser *parser, const char *out)
{
    g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
    guint n = g_strv_length(lines);
    while (n > 0 && !lines[n - 1][0])
        n--;
    g_assert_cmpuint(n, >, 0);
    GError *error = NULL;
    json_parser_load_from_data(parser, lines[n - 1], -1, &error);
    g_assert_no_error(error);
    g_assert_true(JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser)));
    return json_node_get_object(json_parser_get_root(parser));
}

static void test_browser(gconstpointer data)
{
    g_autofree char *node = NULL;
    g_autofree char *missing = browser_missing(&node);
    if (missing) {
        g_test_skip(missing);
        return;
    }
    g_autofree char *dir = run_case(data);
    g_autoptr(GPtrArray) rows = read_rows(dir);
    g_autofree char *script = g_test_build_filename(G_TEST_DIST, "html", "check.mjs", NULL);
    g_autofree char *page = g_build_filename(dir, "run.html", NULL);
    g_autofree char *csv = g_build_filename(dir, "messages.csv", NULL);
    const char *argv[] = { node, script, page, csv, NULL };
    g_autofree char *out = NULL, *err = NULL;
    int status = 0;
    GError *error = NULL;
    g_spawn_sync(NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                 &error);
    g_assert_no_error(error);
    if (!g_spawn_check_wait_status(status, NULL))
        g_test_message("check.mjs:\n%s%s", out, err);
    g_autoptr(JsonParser) parser = json_parser_new();
    JsonObject *v = verdict(parser, out);
    g_assert_cmpint(json_object_get_int_member(v, "errors"), ==, 0);
    g_assert_true(json_object_get_boolean_member(v, "ok"));
    g_assert_true(g_spawn_check_wait_status(status, NULL));
    g_assert_cmpint(json_object_get_int_member(v, "messages"), ==, rows->len);
    g_assert_cmpint(json_object_get_int_member(v, "elements"), ==, rows->len);
    g_assert_cmpint(json_array_get_length(json_object_get_array_member(v, "clicked")), >=, 2);
    g_assert_cmpint(json_object_get_int_member(v, "steps"), >=, 8);
    g_test_message("check.mjs: %s", g_strstrip(out));
    sipsim_remove_dir(dir);
}

/* Runs @scenario with --quiet --html DIR/NAME and @extra; returns the page. */
static char *page_of(const char *scenario, const char *const *extra)
{
    g_autofree char *dir = g_dir_make_tmp("sipsim-html-XXXXXX", NULL);
    g_autofree char *page = g_build_filename(dir, "page.html", NULL);
    const char *const opts[] = { "--html", page, NULL };
    sipsim_run_ok(scenario, opts, extra);
    char *text = sipsim_read_file(dir, "page.html");
    sipsim_remove_dir(dir);
    return text;
}

/* Same seed, same bytes; another seed draws other losses. */
static void test_same_seed_same_bytes(void)
{
    const char *seed3[] = { "--set", "topology.links[*].loss=0.2", "--seed", "3", NULL };
    const char *seed4[] = { "--set", "topology.links[*].loss=0.2", "--seed", "4", NULL };
    g_autofree char *a = page_of("scenarios/callee-terminates.yaml", seed3);
    g_autofree char *b = page_of("scenarios/callee-terminates.yaml", seed3);
    g_autofree char *c = page_of("scenarios/callee-terminates.yaml", seed4);
    g_assert_cmpstr(a, ==, b);
    g_assert_cmpstr(a, !=, c);
}

/* A run with more messages than the page holds shows the first ones and says so. */
static void test_left_out(void)
{
    const char *extra[] = { "--until", "5h", NULL }; /* the NAT matrix's keep-alives */
    g_autofree char *page = page_of("scenarios/nat-matrix.yaml", extra);
    g_assert_cmpuint(count(page, "\n<g class=\"msg "), ==, 2000);
    g_assert_cmpuint(count(page, "\n<article id=\"d"), ==, 2000);
    assert_contains(page, "<p class=\"warning\" id=\"left-out\">This page shows the first 2000 "
                          "of the run's ");
}

/* SIGINT mid-run: the page is kept as NAME.partial, and says that the run was interrupted. */
static void test_interrupted(void)
{
    g_autofree char *dir = g_dir_make_tmp("sipsim-html-XXXXXX", NULL);
    g_autofree char *page = g_build_filename(dir, "page.html", NULL);
    const char *args[] = { "run", "tests/config/long-run.yaml", "--quiet", "--html", page, NULL };
    g_assert_cmpint(sipsim_interrupt(args, dir, 0), ==, 130);
    g_autofree char *partial = sipsim_read_file(dir, "page.html.partial");
    g_assert_false(g_file_test(page, G_FILE_TEST_EXISTS));
    assert_contains(partial, "The run was interrupted");
    g_assert_true(g_str_has_suffix(partial, "</html>\n"));
    sipsim_remove_dir(dir);
}

/* --html naming a directory, or in a directory that does not exist: refused before the run. */
static void test_bad_path(void)
{
    g_autofree char *dir = g_dir_make_tmp("sipsim-html-XXXXXX", NULL);
    g_autofree char *missing = g_build_filename(dir, "no", "page.html", NULL);
    const char *paths[] = { dir, missing };
    for (gsize i = 0; i < G_N_ELEMENTS(paths); i++) {
        const char *args[] = { "run",     "scenarios/callee-terminates.yaml",
                               "--quiet", "--html",
                               paths[i],  NULL };
        g_auto(SipsimResult) r = sipsim_run(NULL, args);
        g_assert_cmpint(r.status, ==, 2);
        g_assert_true(g_str_has_prefix(r.err, "sipsim run: --html"));
    }
    sipsim_remove_dir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *page = g_strdup_printf("/html/page/%s", cases[i].name);
        g_autofree char *browser = g_strdup_printf("/html/browser/%s", cases[i].name);
        g_test_add_data_func(page, &cases[i], test_page);
        g_test_add_data_func(browser, &cases[i], test_browser);
    }
    g_test_add_func("/html/same-seed-same-bytes", test_same_seed_same_bytes);
    g_test_add_func("/html/left-out", test_left_out);
    g_test_add_func("/html/interrupted", test_interrupted);
    g_test_add_func("/html/bad-path", test_bad_path);
    return g_test_run();
}
