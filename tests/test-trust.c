/* SPDX-License-Identifier: MIT */
/*
 * Runs people can trust: the same inputs give the same bytes (each reference flow and a load
 * run, twice; a load sweep with -j 1 and -j 2); under loss up to 50% every transaction, call,
 * subscription and proxy context is closed at the end, or accounted for by what the messages
 * show; SIGTERM stops a run as SIGINT does, with status 143.
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "sipsim-runner.h"

static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* The file names of @dir, sorted. */
static GPtrArray *names_in(const char *dir)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    g_assert_nonnull(d);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *n;
    while ((n = g_dir_read_name(d)))
        g_ptr_array_add(names, g_strdup(n));
    g_ptr_array_sort(names, compare_names);
    return names;
}

/* timing.json measures the machine: only its members' names and the version must match. */
static char *timing_shape(const char *dir)
{
    g_autofree char *path = g_build_filename(dir, "timing.json", NULL);
    g_autoptr(JsonParser) parser = json_parser_new();
    g_assert_true(json_parser_load_from_file(parser, path, NULL));
    JsonObject *o = json_node_get_object(json_parser_get_root(parser));
    g_autoptr(GList) members = json_object_get_members(o);
    GString *shape = g_string_new(json_object_get_string_member(o, "sipsim"));
    for (GList *m = members; m; m = m->next)
        g_string_append_printf(shape, " %s", (const char *) m->data);
    return g_string_free(shape, FALSE);
}

/* Every file of @a and @b byte for byte, timing.json by its shape. */
static void assert_same_files(const char *a, const char *b)
{
    g_autoptr(GPtrArray) na = names_in(a), nb = names_in(b);
    g_assert_cmpuint(na->len, ==, nb->len);
    for (guint i = 0; i < na->len; i++) {
        const char *name = g_ptr_array_index(na, i);
        g_assert_cmpstr(name, ==, g_ptr_array_index(nb, i));
        if (g_str_equal(name, "timing.json")) {
            g_autofree char *x = timing_shape(a), *y = timing_shape(b);
            g_assert_cmpstr(x, ==, y);
            continue;
        }
        g_autofree char *x = sipsim_read_file(a, name), *y = sipsim_read_file(b, name);
        g_test_message("%s: %zu bytes", name, strlen(x));
        g_assert_true(g_str_equal(x, y));
    }
}

/* A run with every output: --out DIR, with the capture and the page inside it. */
static char *run_all_outputs(const char *scenario)
{
    g_autofree char *tmp = g_dir_make_tmp("sipsim-trust-XXXXXX", NULL);
    g_autofree char *pcap = g_build_filename(tmp, "run.pcap", NULL);
    g_autofree char *html = g_build_filename(tmp, "run.html", NULL);
    const char *extra[] = { "--pcap", pcap, "--html", html, NULL };
    char *dir = sipsim_run_scenario(scenario, extra);
    /* The capture and the page move into the run's directory, to be compared with the rest. */
    g_autofree char *pcap_to = g_build_filename(dir, "run.pcap", NULL);
    g_autofree char *html_to = g_build_filename(dir, "run.html", NULL);
    g_assert_cmpint(g_rename(pcap, pcap_to), ==, 0);
    g_assert_cmpint(g_rename(html, html_to), ==, 0);
    sipsim_remove_dir(tmp);
    return dir;
}

static void test_same_bytes(gconstpointer data)
{
    const char *scenario = data;
    g_autofree char *a = run_all_outputs(scenario), *b = run_all_outputs(scenario);
    assert_same_files(a, b);
    sipsim_remove_dir(a);
    sipsim_remove_dir(b);
}

/* A load sweep, one run at a time and two at once: the same tables. */
static void test_sweep_jobs(void)
{
    g_autofree char *one = g_dir_make_tmp("sipsim-trust-XXXXXX", NULL);
    g_autofree char *two = g_dir_make_tmp("sipsim-trust-XXXXXX", NULL);
    const char *a1[] = {
        "sweep", "tests/data/trust/traffic-sweep.yaml", "--out", one, "--quiet", "-j", "1", NULL
    };
    const char *a2[] = {
        "sweep", "tests/data/trust/traffic-sweep.yaml", "--out", two, "--quiet", "-j", "2", NULL
    };
    g_auto(SipsimResult) r1 = sipsim_run(NULL, a1);
    g_auto(SipsimResult) r2 = sipsim_run(NULL, a2);
    g_assert_cmpstr(r1.err, ==, "");
    g_assert_cmpint(r1.status, ==, 0);
    g_assert_cmpstr(r2.err, ==, "");
    g_assert_cmpint(r2.status, ==, 0);
    const char *tables[] = { "runs.csv", "points.csv" };
    for (gsize i = 0; i < G_N_ELEMENTS(tables); i++) {
        g_autofree char *x = sipsim_read_file(one, tables[i]),
                        *y = sipsim_read_file(two, tables[i]);
        g_assert_cmpstr(x, ==, y);
    }
    g_autofree char *runs = sipsim_read_file(one, "runs.csv");
    g_auto(GStrv) lines = g_strsplit(runs, "\n", -1);
    g_assert_cmpuint(g_strv_length(lines), ==, 6); /* the header, 4 runs, the last newline */
    g_autofree char *r0_1 = g_build_filename(one, "runs", "p1-r1", NULL);
    g_autofree char *r0_2 = g_build_filename(two, "runs", "p1-r1", NULL);
    assert_same_files(r0_1, r0_2);
    sipsim_remove_dir(one);
    sipsim_remove_dir(two);
}

/* The rows of @dir/@name, each split at its commas, without the header. */
static GPtrArray *csv_rows(const char *dir, const char *name)
{
    g_autofree char *text = sipsim_read_file(dir, name);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify) g_strfreev);
    for (guint i = 1; lines[i] && *lines[i]; i++)
        g_ptr_array_add(rows, g_strsplit(lines[i], ",", -1));
    return rows;
}

typedef struct {
    const char *scenario;
    const char *loss_path; /* the links' loss, set to each rate */
    const char *until;
} LossyLoad;

/* What a run may leave alive, as its messages and calls show it:
 * - a caller whose INVITE was answered by a provisional response and whose final responses were
 *   all lost waits in Proceeding, which has no timeout in RFC 3261 (17.1.1.2): its call and its
 *   transaction stay, and calls.csv gives the call no end;
 * - a BYE all of whose copies were lost before reaching the other party ends the dialog of its
 *   sender (Timer F, 15.1.1) but not the other's, whose call stays up (only RFC 4028 session
 *   timers, not modelled, would end it).
 * Nothing else: no subscription, no proxy context. */
static void test_lossy_accounting(gconstpointer data)
{
    const LossyLoad *l = data;
    static const char *const losses[] = { "0.1", "0.3", "0.5" };
    for (gsize i = 0; i < G_N_ELEMENTS(losses); i++) {
        g_autofree char *set = g_strdup_printf("%s=%s", l->loss_path, losses[i]);
        const char *extra[] = { "--until", l->until, "--set", set, NULL };
        g_autofree char *dir = sipsim_run_scenario(l->scenario, extra);
        g_autoptr(GPtrArray) calls = csv_rows(dir, "calls.csv");
        g_autoptr(GPtrArray) messages = csv_rows(dir, "messages.csv");
        /* calls.csv: call_id,caller,callee,start_ns,first_provisional_ns,answer_ns,end_ns,... */
        g_autoptr(GHashTable) parties = g_hash_table_new(g_str_hash, g_str_equal);
        gint64 waiting = 0;
        for (guint j = 0; j < calls->len; j++) {
            char **c = g_ptr_array_index(calls, j);
            g_hash_table_insert(parties, c[0], c);
            if (!*c[6]) {
                g_assert_cmpstr(c[7], ==, "0");
                waiting++;
            }
        }
        /* messages.csv: time_ns,from,to,message,call_id,...,fate. A BYE's sender is a party;
         * it is hung when no BYE of the call was delivered to the other party. */
        g_autoptr(GHashTable) bye_from = g_hash_table_new(g_str_hash, g_str_equal);
        g_autoptr(GHashTable) bye_reached = g_hash_table_new(g_str_hash, g_str_equal);
        for (guint j = 0; j < messages->len; j++) {
            char **m = g_ptr_array_index(messages, j);
            char **c = g_hash_table_lookup(parties, m[4]);
            if (!c || !g_str_equal(m[3], "BYE"))
                continue;
            if (g_str_equal(m[1], c[1]) || g_str_equal(m[1], c[2]))
                g_hash_table_insert(bye_from, m[4], m[1]);
            if (g_str_equal(m[9], "delivered") &&
                (g_str_equal(m[2], c[1]) || g_str_equal(m[2], c[2])))
                g_hash_table_add(bye_reached, m[4]);
        }
        gint64 hung = 0;
        GHashTableIter it;
        gpointer call_id;
        g_hash_table_iter_init(&it, bye_from);
        while (g_hash_table_iter_next(&it, &call_id, NULL))
            hung += !g_hash_table_contains(bye_reached, call_id);

        g_autofree char *path = g_build_filename(dir, "summary.json", NULL);
        g_autoptr(JsonParser) parser = json_parser_new();
        g_assert_true(json_parser_load_from_file(parser, path, NULL));
        JsonObject *sip = json_object_get_object_member(
            json_node_get_object(json_parser_get_root(parser)), "sip");
        JsonObject *alive = json_object_get_object_member(sip, "alive_at_end");
        g_test_message("loss %s: %u calls, %" G_GINT64_FORMAT " waiting, %" G_GINT64_FORMAT " hung",
                       losses[i], calls->len, waiting, hung);
        g_assert_cmpint(json_object_get_int_member(alive, "transactions"), ==, waiting);
        g_assert_cmpint(json_object_get_int_member(alive, "calls"), ==, waiting + hung);
        g_assert_cmpint(json_object_get_int_member(alive, "subscriptions"), ==, 0);
        g_assert_cmpint(json_object_get_int_member(alive, "proxy_contexts"), ==, 0);
        sipsim_remove_dir(dir);
    }
}

/* SIGTERM mid-run: as SIGINT (test-run.c), but status 143. */
static void test_sigterm(void)
{
    g_autofree char *dir = g_dir_make_tmp("sipsim-trust-XXXXXX", NULL);
    g_autofree char *alone = g_build_filename(dir, "alone.json", NULL);
    const char *args[] = {
        "run", "tests/config/long-run.yaml", "--quiet", "--out", dir, "--summary", alone, NULL
    };
    g_assert_cmpint(sipsim_signal(args, dir, 200, SIGTERM), ==, 143);
    g_autoptr(GPtrArray) names = names_in(dir);
    const char *want[] = { "calls.csv.partial",    "datagrams.csv.partial", "media.csv.partial",
                           "messages.csv.partial", "summary.json.partial",  "timing.json.partial",
                           "alone.json.partial" };
    for (gsize i = 0; i < G_N_ELEMENTS(want); i++)
        g_assert_true(g_ptr_array_find_with_equal_func(names, want[i], g_str_equal, NULL));
    for (guint i = 0; i < names->len; i++)
        g_assert_true(g_str_has_suffix(g_ptr_array_index(names, i), ".partial"));
    g_autofree char *summary = sipsim_read_file(dir, "summary.json.partial");
    g_assert_nonnull(strstr(summary, "\"ended\" : \"interrupted\""));
    g_autofree char *alone_text = sipsim_read_file(dir, "alone.json.partial");
    g_assert_cmpstr(alone_text, ==, summary);
    sipsim_remove_dir(dir);
}

static const char *const flows[] = {
    "register",
    "callee-terminates",
    "caller-discards",
    "callee-discards",
    "not-found",
    "busy-here",
    "no-answer",
    "anonymous-barring",
    "request-timeout",
    "call-hold",
    "consultation-hold",
    "call-swap",
    "unattended-transfer",
    "attended-transfer",
    "forward-no-answer",
    "forward-busy",
    "forward-busy-call-waiting",
    "register-stun",
    "call-stun",
};

static const LossyLoad lossy_loads[] = {
    { "tests/scenarios/traffic.yaml", "topology.populations[0].link.loss", "3600s" },
    { "tests/scenarios/lossy-invites.yaml", "topology.links[0].reverse.loss", "5000s" },
};

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_nonnull(g_getenv("SIPSIM"));
    for (gsize i = 0; i < G_N_ELEMENTS(flows); i++) {
        g_autofree char *path = g_strdup_printf("/trust/same-bytes/%s", flows[i]);
        g_autofree char *scenario = g_strdup_printf("scenarios/%s.yaml", flows[i]);
        g_test_add_data_func_full(path, g_steal_pointer(&scenario), test_same_bytes, g_free);
    }
    g_test_add_data_func("/trust/same-bytes/traffic", "tests/scenarios/traffic.yaml",
                         test_same_bytes);
    g_test_add_func("/trust/sweep-jobs", test_sweep_jobs);
    g_test_add_data_func("/trust/lossy/traffic", &lossy_loads[0], test_lossy_accounting);
    g_test_add_data_func("/trust/lossy/lossy-invites", &lossy_loads[1], test_lossy_accounting);
    g_test_add_func("/trust/sigterm", test_sigterm);
    return g_test_run();
}
