/* SPDX-License-Identifier: MIT */
/*
 * The reports of `sipsim run`, as a user reads them: the terminal's report and summary.json's
 * call figures (failures by cause, percentiles, histograms), exact in virtual time on the
 * reference flows and checked against calls.csv on a run of many calls.
 */
#include <gsl/gsl_statistics_double.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "sipsim-runner.h"

#define MS 1000000LL

static JsonNode *read_summary(const char *dir)
{
    g_autofree char *text = sipsim_read_file(dir, "summary.json");
    GError *error = NULL;
    JsonNode *root = json_from_string(text, &error);
    g_assert_no_error(error);
    return root;
}

static JsonObject *member(JsonObject *o, const char *path)
{
    g_auto(GStrv) keys = g_strsplit(path, ".", -1);
    for (char **k = keys; *k; k++) {
        g_assert_true(json_object_has_member(o, *k));
        o = json_object_get_object_member(o, *k);
    }
    return o;
}

static gint64 int_at(JsonObject *o, const char *name)
{
    g_assert_true(json_object_has_member(o, name));
    return json_object_get_int_member(o, name);
}

/* The rows of a CSV file of @dir, each split at @sep, without the header. */
static GPtrArray *csv_rows(const char *dir, const char *name, const char *sep)
{
    g_autofree char *text = sipsim_read_file(dir, name);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify) g_strfreev);
    for (char **l = lines + 1; *l && **l; l++)
        g_ptr_array_add(rows, g_strsplit(*l, sep, -1));
    return rows;
}

/* The figures of one time are all @v ns: a single sample. */
static void assert_single(JsonObject *t, gint64 v)
{
    g_assert_cmpint(int_at(t, "n"), ==, 1);
    const char *names[] = { "min_ns", "mean_ns", "p50_ns", "p90_ns", "p95_ns", "p99_ns", "max_ns" };
    for (gsize i = 0; i < G_N_ELEMENTS(names); i++)
        g_assert_cmpint(int_at(t, names[i]), ==, v);
    g_assert_false(json_object_has_member(t, "sd_ns")); /* from two samples */
}

/* The histogram's bins are the documented ones and hold @n samples, all in bin @bin. */
static void assert_histogram(JsonObject *t, gint64 n, guint bin)
{
    static const gint64 from_ms[] = { 0,   1,    2,    5,    10,    20,    50,    100,   200,
                                      500, 1000, 2000, 5000, 10000, 20000, 50000, 100000 };
    JsonObject *h = member(t, "histogram");
    JsonArray *from = json_object_get_array_member(h, "from_ns");
    JsonArray *count = json_object_get_array_member(h, "count");
    g_assert_cmpuint(json_array_get_length(from), ==, G_N_ELEMENTS(from_ms));
    g_assert_cmpuint(json_array_get_length(count), ==, G_N_ELEMENTS(from_ms));
    for (guint i = 0; i < G_N_ELEMENTS(from_ms); i++) {
        g_assert_cmpint(json_array_get_int_element(from, i), ==, from_ms[i] * MS);
        g_assert_cmpint(json_array_get_int_element(count, i), ==, i == bin ? n : 0);
    }
}

/* callee-terminates: the 100 Trying reaches A 20 ms after its INVITE, the 200 2040 ms after. */
static void test_summary_one_call(void)
{
    g_autofree char *dir = sipsim_run_scenario("scenarios/callee-terminates.yaml", NULL);
    g_autoptr(JsonNode) root = read_summary(dir);
    JsonObject *calls = member(json_node_get_object(root), "sip.calls");
    g_assert_cmpint(int_at(calls, "placed"), ==, 1);
    g_assert_cmpint(int_at(calls, "answered"), ==, 1);
    g_assert_cmpint(int_at(calls, "failed"), ==, 0);
    g_assert_cmpuint(json_object_get_size(member(calls, "failed_by_cause")), ==, 0);
    assert_single(member(calls, "time_to_first_provisional"), 20 * MS);
    assert_histogram(member(calls, "time_to_first_provisional"), 1, 5); /* 20 ms to 50 ms */
    assert_single(member(calls, "time_to_answer"), 2040 * MS);
    assert_histogram(member(calls, "time_to_answer"), 1, 11); /* 2 s to 5 s */
    sipsim_remove_dir(dir);
}

typedef struct {
    const char *scenario;
    const char *set; /* a --set, or NULL */
    const char *cause;
    const char *status; /* the final status of by_final_status */
} CauseCase;

/* One failed call each: the cause summary.json gives it, and the terminal's lines. */
static void test_failed_by_cause(gconstpointer data)
{
    const CauseCase *c = data;
    const char *extra[] = { c->set ? "--set" : NULL, c->set, NULL };
    g_autofree char *dir = sipsim_run_scenario(c->scenario, extra);
    g_autoptr(JsonNode) root = read_summary(dir);
    JsonObject *calls = member(json_node_get_object(root), "sip.calls");
    g_assert_cmpint(int_at(calls, "placed"), ==, 1);
    g_assert_cmpint(int_at(calls, "answered"), ==, 0);
    g_assert_cmpint(int_at(calls, "failed"), ==, 1);
    JsonObject *causes = member(calls, "failed_by_cause");
    g_assert_cmpuint(json_object_get_size(causes), ==, 1);
    g_assert_cmpint(int_at(causes, c->cause), ==, 1);
    g_assert_cmpint(int_at(member(calls, "by_final_status"), c->status), ==, 1);
    g_assert_cmpint(int_at(member(calls, "time_to_answer"), "n"), ==, 0);
    sipsim_remove_dir(dir);

    const char *args[] = { "run", c->scenario, c->set ? "--set" : NULL, c->set, NULL };
    g_auto(SipsimResult) r = sipsim_run(NULL, args);
    g_assert_cmpint(r.status, ==, 0);
    g_autofree char *lines = g_strdup_printf("calls: 1 placed, 0 answered, 1 failed; final status "
                                             "%s x1\n  failed by cause: %s x1\n",
                                             c->status, c->cause);
    g_assert_nonnull(strstr(r.out, lines));
}

static gint64 nearest_rank(const gint64 *sorted, gsize n, guint percent)
{
    gsize rank = (n * percent + 99) / 100;
    return sorted[MAX(rank, 1) - 1];
}

static int compare_gint64(gconstpointer a, gconstpointer b)
{
    gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
    return (x > y) - (x < y);
}

/* Every figure of time_to_answer recomputed from calls.csv's answer_ns column. */
static void assert_matches_calls(JsonObject *t, GPtrArray *rows, guint column)
{
    g_autoptr(GArray) v = g_array_new(FALSE, FALSE, sizeof(gint64));
    for (guint i = 0; i < rows->len; i++) {
        char **row = g_ptr_array_index(rows, i);
        if (*row[column]) {
            gint64 x = g_ascii_strtoll(row[column], NULL, 10);
            g_array_append_val(v, x);
        }
    }
    g_array_sort(v, compare_gint64);
    const gint64 *s = (const gint64 *) v->data;
    gsize n = v->len;
    g_assert_cmpuint(n, >, 100);
    g_assert_cmpint(int_at(t, "n"), ==, (gint64) n);
    g_assert_cmpint(int_at(t, "min_ns"), ==, s[0]);
    g_assert_cmpint(int_at(t, "max_ns"), ==, s[n - 1]);
    g_assert_cmpint(int_at(t, "p50_ns"), ==, nearest_rank(s, n, 50));
    g_assert_cmpint(int_at(t, "p90_ns"), ==, nearest_rank(s, n, 90));
    g_assert_cmpint(int_at(t, "p95_ns"), ==, nearest_rank(s, n, 95));
    g_assert_cmpint(int_at(t, "p99_ns"), ==, nearest_rank(s, n, 99));
    g_autofree double *d = g_new(double, n);
    gint64 sum = 0;
    for (gsize i = 0; i < n; i++) {
        d[i] = (double) s[i];
        sum += s[i];
    }
    g_assert_cmpint(int_at(t, "mean_ns"), ==, (sum + (gint64) n / 2) / (gint64) n);
    g_assert_cmpint(int_at(t, "sd_ns"), ==, llround(gsl_stats_sd(d, 1, n)));
    JsonArray *from = json_object_get_array_member(member(t, "histogram"), "from_ns");
    JsonArray *count = json_object_get_array_member(member(t, "histogram"), "count");
    guint bins = json_array_get_length(from);
    gint64 total = 0;
    for (guint b = 0; b < bins; b++) {
        gint64 lo = json_array_get_int_element(from, b);
        gint64 hi = b + 1 < bins ? json_array_get_int_element(from, b + 1) : G_MAXINT64;
        gint64 want = 0;
        for (gsize i = 0; i < n; i++)
            want += s[i] >= lo && s[i] < hi;
        g_assert_cmpint(json_array_get_int_element(count, b), ==, want);
        total += want;
    }
    g_assert_cmpint(total, ==, (gint64) n);
}

/* 400 calls through a loaded proxy, some held back by RFC 7339 control: the figures are
 * calls.csv's. */
static void test_summary_many_calls(void)
{
    g_autofree char *dir = sipsim_run_scenario("tests/scenarios/reports-load.yaml", NULL);
    g_autoptr(JsonNode) root = read_summary(dir);
    JsonObject *calls = member(json_node_get_object(root), "sip.calls");
    g_autoptr(GPtrArray) rows = csv_rows(dir, "calls.csv", ",");
    /* call_id,caller,callee,start_ns,first_provisional_ns,answer_ns,end_ns,status,... */
    gint64 answered = 0, held_back = 0, busy = 0;
    for (guint i = 0; i < rows->len; i++) {
        char **row = g_ptr_array_index(rows, i);
        answered += *row[5] != '\0';
        held_back += g_str_equal(row[7], "503"); /* the proxy never answers 503 here */
        busy += g_str_equal(row[7], "486");
        /* The outcome column says the same as the answer and the status. */
        const char *outcome = *row[5]                      ? "answered"
                              : g_str_equal(row[7], "503") ? "held-back"
                              : g_str_equal(row[7], "486") ? "rejected"
                                                           : "?";
        g_assert_cmpstr(row[15], ==, outcome);
    }
    g_assert_cmpint(int_at(calls, "placed"), ==, rows->len);
    g_assert_cmpint(int_at(calls, "answered"), ==, answered);
    g_assert_cmpint(held_back, >, 0);
    g_assert_cmpint(busy, >, 0);
    g_assert_cmpint(int_at(calls, "failed"), ==, held_back + busy);
    JsonObject *causes = member(calls, "failed_by_cause");
    g_assert_cmpuint(json_object_get_size(causes), ==, 2);
    g_assert_cmpint(int_at(causes, "held-back"), ==, held_back);
    g_assert_cmpint(int_at(causes, "486"), ==, busy);
    assert_matches_calls(member(calls, "time_to_answer"), rows, 5);
    assert_matches_calls(member(calls, "time_to_first_provisional"), rows, 4);
    sipsim_remove_dir(dir);
}

/* --summary FILE writes the same bytes as --out's summary.json, alone. */
static void test_summary_alone(void)
{
    g_autofree char *alone = g_dir_make_tmp("sipsim-summary-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(alone, "figures.json", NULL);
    const char *extra[] = { "--summary", path, NULL };
    g_autofree char *dir = sipsim_run_scenario("tests/scenarios/reports-load.yaml", extra);
    g_autofree char *want = sipsim_read_file(dir, "summary.json");
    g_autofree char *got = sipsim_read_file(alone, "figures.json");
    g_assert_cmpstr(got, ==, want);
    sipsim_remove_dir(dir);
    sipsim_remove_dir(alone);
}

/* callee-terminates' 8 transactions, in the order they end: Timer K (T4, 5 s) after the 200 to
 * each BYE, Timer L and M (64*T1, 32 s) after the 200 to the INVITE (RFC 6026), Timer J (64*T1)
 * after each 200 to a BYE. The INVITE servers sent 100, 180 and 200. */
static void test_transactions_reference(void)
{
    g_autofree char *dir = sipsim_run_scenario("scenarios/callee-terminates.yaml", NULL);
    g_autofree char *csv = sipsim_read_file(dir, "transactions.csv");
    g_assert_cmpstr(
        csv, ==,
        "node,kind,method,branch,call_id,start_ns,end_ns,status,transmissions,retransmissions,end\n"
        "proxy,nict,BYE,z9hG4bK-proxy-2,A-3@10.0.0.11,7070000000,12090000000,200,1,0,terminated\n"
        "B,nict,BYE,z9hG4bK-B-4,A-3@10.0.0.11,7060000000,12100000000,200,1,0,terminated\n"
        "B,ist,INVITE,z9hG4bK-proxy-1,A-3@10.0.0.11,20000000,34020000000,200,3,0,terminated\n"
        "proxy,ict,INVITE,z9hG4bK-proxy-1,A-3@10.0.0.11,10000000,34030000000,200,1,0,terminated\n"
        "proxy,ist,INVITE,z9hG4bK-A-5,A-3@10.0.0.11,10000000,34030000000,200,3,0,terminated\n"
        "A,ict,INVITE,z9hG4bK-A-5,A-3@10.0.0.11,0,34040000000,200,1,0,terminated\n"
        "A,nist,BYE,z9hG4bK-proxy-2,A-3@10.0.0.11,7080000000,39080000000,200,1,0,terminated\n"
        "proxy,nist,BYE,z9hG4bK-B-4,A-3@10.0.0.11,7070000000,39090000000,200,1,0,terminated\n");
    sipsim_remove_dir(dir);
}

typedef struct {
    const char *option, *value;
    const char *rows; /* after the header */
} TxnEndCase;

/* A transaction that times out, and those still alive when the run ends. */
static void test_transactions_end(gconstpointer data)
{
    const TxnEndCase *c = data;
    const char *extra[] = { c->option, c->value, NULL };
    g_autofree char *dir = sipsim_run_scenario("scenarios/callee-terminates.yaml", extra);
    g_autofree char *csv = sipsim_read_file(dir, "transactions.csv");
    g_assert_cmpstr(strchr(csv, '\n') + 1, ==, c->rows);
    sipsim_remove_dir(dir);
}

/* The method of a messages.csv label: "INVITE", "180/INVITE" -> "INVITE". */
static const char *method_of(const char *message)
{
    const char *slash = strchr(message, '/');
    return slash ? slash + 1 : message;
}

/* With loss, each transaction's transmissions and retransmissions are the messages.csv rows its
 * node sent with its branch and method (an INVITE client's ACK of a 300-699 too), and the rows
 * of each kind add up to summary.json's counts. */
static void test_transactions_lossy(void)
{
    gint64 retransmitted = 0;
    for (int seed = 1; seed <= 5; seed++) {
        g_autofree char *seed_text = g_strdup_printf("%d", seed);
        const char *extra[] = { "--seed", seed_text, "--set", "topology.links[*].loss=0.2", NULL };
        g_autofree char *dir = sipsim_run_scenario("scenarios/callee-terminates.yaml", extra);
        g_autoptr(GPtrArray) txns = csv_rows(dir, "transactions.csv", ",");
        g_autoptr(GPtrArray) msgs = csv_rows(dir, "messages.csv", ",");
        g_autoptr(JsonNode) root = read_summary(dir);
        JsonObject *kinds = member(json_node_get_object(root), "sip.transactions");
        gint64 count[4] = { 0 }, again[4] = { 0 };
        const char *kind_names[4] = { "ict", "ist", "nict", "nist" };
        for (guint i = 0; i < txns->len; i++) {
            /* node,kind,method,branch,call_id,start_ns,end_ns,status,transmissions,
             * retransmissions,end */
            char **t = g_ptr_array_index(txns, i);
            gint64 sent = 0, resent = 0;
            for (guint j = 0; j < msgs->len; j++) {
                /* time_ns,from,to,message,call_id,cseq,branch,bytes,retransmission,fate */
                char **m = g_ptr_array_index(msgs, j);
                if (!g_str_equal(m[1], t[0]) || !g_str_equal(m[6], t[3]))
                    continue;
                if (g_str_equal(method_of(m[3]), t[2]) ||
                    (g_str_equal(t[1], "ict") && g_str_equal(m[3], "ACK"))) {
                    sent++;
                    resent += g_str_equal(m[8], "1");
                }
            }
            g_assert_cmpint(g_ascii_strtoll(t[8], NULL, 10), ==, sent);
            g_assert_cmpint(g_ascii_strtoll(t[9], NULL, 10), ==, resent);
            for (int k = 0; k < 4; k++) {
                if (g_str_equal(t[1], kind_names[k])) {
                    count[k]++;
                    again[k] += resent;
                }
            }
            retransmitted += resent;
        }
        for (int k = 0; k < 4; k++) {
            JsonObject *o = member(kinds, kind_names[k]);
            g_assert_cmpint(int_at(o, "count"), ==, count[k]);
            g_assert_cmpint(int_at(o, "retransmissions"), ==, again[k]);
        }
        sipsim_remove_dir(dir);
    }
    g_assert_cmpint(retransmitted, >, 0);
}

/* stats.csv: its header, and its rows split at ';' (SIPp ends each field with one). */
typedef struct {
    char **header;
    GPtrArray *rows; /* char ** */
} Stats;

static void stats_clear(Stats *st)
{
    g_strfreev(st->header);
    g_ptr_array_unref(st->rows);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Stats, stats_clear)

static Stats read_stats(const char *dir)
{
    g_autofree char *text = sipsim_read_file(dir, "stats.csv");
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    Stats st = { g_strsplit(lines[0], ";", -1), csv_rows(dir, "stats.csv", ";") };
    return st;
}

/* The cell of @row in column @name. */
static const char *cell(const Stats *st, guint row, const char *name)
{
    for (guint i = 0; st->header[i]; i++)
        if (g_str_equal(st->header[i], name))
            return ((char **) g_ptr_array_index(st->rows, row))[i];
    g_error("no column %s in stats.csv", name);
}

static gint64 cell_int(const Stats *st, guint row, const char *name)
{
    return g_ascii_strtoll(cell(st, row, name), NULL, 10);
}

/* A date cell's time in ns: "YYYY-MM-DD<TAB>HH:MM:SS.uuuuuu<TAB>seconds.uuuuuu". */
static gint64 cell_time(const Stats *st, guint row, const char *name)
{
    const char *epoch = strrchr(cell(st, row, name), '\t') + 1;
    char *dot;
    gint64 sec = g_ascii_strtoll(epoch, &dot, 10);
    return sec * 1000000000 + g_ascii_strtoll(dot + 1, NULL, 10) * 1000;
}

#define STATS_HEADER                                                                               \
    "StartTime;LastResetTime;CurrentTime;ElapsedTime(P);ElapsedTime(C);CallRate(P);CallRate(C);"   \
    "IncomingCall(P);IncomingCall(C);OutgoingCall(P);OutgoingCall(C);TotalCallCreated;"            \
    "CurrentCall;SuccessfulCall(P);SuccessfulCall(C);FailedCall(P);FailedCall(C);"                 \
    "FailedMaxUDPRetrans(P);FailedMaxUDPRetrans(C);FailedRejected(P);FailedRejected(C);"           \
    "FailedCancelled(P);FailedCancelled(C);FailedHeldBack(P);FailedHeldBack(C);FailedNoFinal(P);"  \
    "FailedNoFinal(C);Retransmissions(P);Retransmissions(C);ResponseTime1(P);ResponseTime1(C);"    \
    "ResponseTime1StDev(P);ResponseTime1StDev(C);ResponseTime2(P);ResponseTime2(C);"               \
    "ResponseTime2StDev(P);ResponseTime2StDev(C);CallLength(P);CallLength(C);CallLengthStDev(P);"  \
    "CallLengthStDev(C);"

/* callee-terminates every 5 s: the call starts at 0, is answered at 2.04 s and ends (for A) at
 * 7.08 s; the run ends at 39.09 s. Seven full periods, a last one of 4.09 s, then the whole
 * run. */
static void test_stats_reference(void)
{
    const char *extra[] = { "--stats-interval", "5s", NULL };
    g_autofree char *dir = sipsim_run_scenario("scenarios/callee-terminates.yaml", extra);
    g_autofree char *text = sipsim_read_file(dir, "stats.csv");
    g_assert_true(g_str_has_prefix(text, STATS_HEADER "\n"));
    g_auto(Stats) st = read_stats(dir);
    g_assert_cmpuint(st.rows->len, ==, 9);
    static const struct {
        const char *column;
        const char *cells[9];
    } want[] = {
        { "StartTime", { [0 ... 8] = "1970-01-01\t00:00:00.000000\t0000000000.000000" } },
        { "LastResetTime",
          { "1970-01-01\t00:00:00.000000\t0000000000.000000",
            "1970-01-01\t00:00:05.000000\t0000000005.000000",
            "1970-01-01\t00:00:10.000000\t0000000010.000000",
            "1970-01-01\t00:00:15.000000\t0000000015.000000",
            "1970-01-01\t00:00:20.000000\t0000000020.000000",
            "1970-01-01\t00:00:25.000000\t0000000025.000000",
            "1970-01-01\t00:00:30.000000\t0000000030.000000",
            "1970-01-01\t00:00:35.000000\t0000000035.000000",
            "1970-01-01\t00:00:00.000000\t0000000000.000000" } },
        { "CurrentTime",
          { "1970-01-01\t00:00:05.000000\t0000000005.000000",
            "1970-01-01\t00:00:10.000000\t0000000010.000000",
            "1970-01-01\t00:00:15.000000\t0000000015.000000",
            "1970-01-01\t00:00:20.000000\t0000000020.000000",
            "1970-01-01\t00:00:25.000000\t0000000025.000000",
            "1970-01-01\t00:00:30.000000\t0000000030.000000",
            "1970-01-01\t00:00:35.000000\t0000000035.000000",
            "1970-01-01\t00:00:39.090000\t0000000039.090000",
            "1970-01-01\t00:00:39.090000\t0000000039.090000" } },
        { "ElapsedTime(P)",
          { "00:00:05", "00:00:05", "00:00:05", "00:00:05", "00:00:05", "00:00:05", "00:00:05",
            "00:00:04", "00:00:39" } },
        { "CallRate(P)",
          { "0.200000", "0.000000", "0.000000", "0.000000", "0.000000", "0.000000", "0.000000",
            "0.000000", "0.025582" } },
        { "OutgoingCall(P)", { "1", "0", "0", "0", "0", "0", "0", "0", "1" } },
        { "IncomingCall(P)", { "1", "0", "0", "0", "0", "0", "0", "0", "1" } },
        { "TotalCallCreated", { [0 ... 8] = "1" } },
        { "CurrentCall", { "1", "0", "0", "0", "0", "0", "0", "0", "0" } },
        { "SuccessfulCall(P)", { "1", "0", "0", "0", "0", "0", "0", "0", "1" } },
        { "FailedCall(C)", { [0 ... 8] = "0" } },
        { "Retransmissions(C)", { [0 ... 8] = "0" } },
        { "ResponseTime1(P)",
          { "00:00:02:040000", "", "", "", "", "", "", "", "00:00:02:040000" } },
        { "ResponseTime1(C)", { [0 ... 8] = "00:00:02:040000" } },
        { "ResponseTime1StDev(C)", { [0 ... 8] = "00:00:00:000000" } },
        { "ResponseTime2(C)", { [0 ... 8] = "00:00:00:020000" } },
        { "CallLength(P)", { "", "00:00:07:080000", "", "", "", "", "", "", "00:00:07:080000" } },
        { "CallLength(C)", { "", [1 ... 8] = "00:00:07:080000" } },
    };
    for (gsize c = 0; c < G_N_ELEMENTS(want); c++)
        for (guint r = 0; r < 9; r++)
            g_assert_cmpstr(cell(&st, r, want[c].column), ==, want[c].cells[r]);
    sipsim_remove_dir(dir);
}

static gint64 csv_int(char **row, guint column)
{
    return g_ascii_strtoll(row[column], NULL, 10);
}

/* Each periodic row of the loaded run against calls.csv, messages.csv and transactions.csv; the
 * last row against summary.json. */
static void test_stats_load(void)
{
    const char *extra[] = { "--stats-interval", "2s", NULL };
    g_autofree char *dir = sipsim_run_scenario("tests/scenarios/reports-load.yaml", extra);
    g_auto(Stats) st = read_stats(dir);
    g_autoptr(GPtrArray) calls = csv_rows(dir, "calls.csv", ",");
    g_autoptr(GPtrArray) msgs = csv_rows(dir, "messages.csv", ",");
    g_autoptr(GPtrArray) txns = csv_rows(dir, "transactions.csv", ",");
    g_autoptr(JsonNode) root = read_summary(dir);
    JsonObject *summary = member(json_node_get_object(root), "sip.calls");
    guint n = st.rows->len - 1; /* the periodic rows */
    g_assert_cmpint(cell_time(&st, n, "CurrentTime"), ==,
                    int_at(json_node_get_object(root), "simulated_ns"));
    g_assert_cmpuint(n, ==, 30); /* the run ends at 60 s */
    gint64 max_queue = 0;
    for (guint k = 0; k <= n; k++) {
        gint64 t0 = cell_time(&st, k, "LastResetTime"), t1 = cell_time(&st, k, "CurrentTime");
        gboolean last = k >= n - 1; /* the last period and the whole run include their end */
        g_assert_cmpint(t1 - t0, ==, k < n ? 2000000000 : t1);
#define IN(t) ((t) >= t0 && ((t) < t1 || (last && (t) == t1)))
        gint64 placed = 0, answered = 0, current = 0, again = 0;
        for (guint i = 0; i < calls->len; i++) {
            /* call_id,caller,callee,start_ns,first_provisional_ns,answer_ns,end_ns,... */
            char **c = g_ptr_array_index(calls, i);
            gint64 start = csv_int(c, 3), end = *c[6] ? csv_int(c, 6) : -1;
            placed += IN(start);
            answered += *c[5] && IN(start + csv_int(c, 5));
            current += start <= t1 && (end < 0 || end > t1 || (!last && end == t1));
        }
        for (guint i = 0; i < msgs->len; i++) {
            char **m = g_ptr_array_index(msgs, i);
            again += g_str_equal(m[8], "1") && IN(csv_int(m, 0));
        }
#undef IN
        g_assert_cmpint(cell_int(&st, k, "OutgoingCall(P)"), ==, placed);
        g_assert_cmpint(cell_int(&st, k, "SuccessfulCall(P)"), ==, answered);
        g_assert_cmpint(cell_int(&st, k, "CurrentCall"), ==, current);
        g_assert_cmpint(cell_int(&st, k, "Retransmissions(P)"), ==, again);
        double busy = g_ascii_strtod(cell(&st, k, "proxy.Utilization(P)"), NULL);
        g_assert_cmpfloat(busy, >=, 0);
        g_assert_cmpfloat(busy, <=, 1);
        if (k < n)
            max_queue = MAX(max_queue, cell_int(&st, k, "proxy.QueueLengthMax(P)"));
        else
            g_assert_cmpint(cell_int(&st, k, "proxy.QueueLengthMax(P)"), ==, max_queue);
    }
    g_assert_cmpint(max_queue, >, 0);
    g_assert_cmpint(cell_int(&st, n, "TotalCallCreated"), ==, int_at(summary, "placed"));
    g_assert_cmpint(cell_int(&st, n, "SuccessfulCall(C)"), ==, int_at(summary, "answered"));
    g_assert_cmpint(cell_int(&st, n, "FailedCall(C)"), ==, int_at(summary, "failed"));
    JsonObject *causes = member(summary, "failed_by_cause");
    g_assert_cmpint(cell_int(&st, n, "FailedHeldBack(C)"), ==, int_at(causes, "held-back"));
    g_assert_cmpint(cell_int(&st, n, "FailedRejected(C)"), ==, int_at(causes, "486"));
    g_assert_cmpint(cell_int(&st, n, "Retransmissions(C)"), >, 0);
    /* An incoming call: the first transaction of its Call-ID at a phone is an INVITE server. */
    g_autoptr(GHashTable) first = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < txns->len; i++) {
        char **t = g_ptr_array_index(txns, i);
        if (g_str_equal(t[0], "proxy"))
            continue;
        char *key = g_strconcat(t[0], " ", t[4], NULL);
        char **seen = g_hash_table_lookup(first, key);
        if (!seen || csv_int(t, 5) < csv_int(seen, 5))
            g_hash_table_replace(first, key, t);
        else
            g_free(key);
    }
    gint64 incoming = 0;
    GHashTableIter it;
    gpointer t;
    g_hash_table_iter_init(&it, first);
    while (g_hash_table_iter_next(&it, NULL, &t))
        incoming += g_str_equal(((char **) t)[1], "ist") && g_str_equal(((char **) t)[2], "INVITE");
    g_assert_cmpint(incoming, >, 0);
    g_assert_cmpint(cell_int(&st, n, "IncomingCall(C)"), ==, incoming);
    sipsim_remove_dir(dir);
}

/* The files and the report of a run do not depend on --out or on the statistics' period:
 * sampling adds no event. */
static void test_stats_change_nothing(void)
{
    const char *bare[] = { "run", "tests/scenarios/reports-load.yaml", NULL };
    g_auto(SipsimResult) a = sipsim_run(NULL, bare);
    g_autofree char *dir = g_dir_make_tmp("sipsim-test-XXXXXX", NULL);
    const char *with_out[] = {
        "run", "tests/scenarios/reports-load.yaml", "--out", dir, "--stats-interval", "1s", NULL
    };
    g_auto(SipsimResult) b = sipsim_run(NULL, with_out);
    g_assert_cmpint(a.status, ==, 0);
    g_assert_cmpint(b.status, ==, 0);
    /* All but the last line, the wall time. */
    *strstr(a.out, "wall time") = '\0';
    *strstr(b.out, "wall time") = '\0';
    g_assert_cmpstr(a.out, ==, b.out);
    const char *extra[] = { "--stats-interval", "7s", NULL };
    g_autofree char *other = sipsim_run_scenario("tests/scenarios/reports-load.yaml", extra);
    const char *files[] = { "summary.json", "messages.csv", "transactions.csv", "calls.csv" };
    for (gsize i = 0; i < G_N_ELEMENTS(files); i++) {
        g_autofree char *x = sipsim_read_file(dir, files[i]);
        g_autofree char *y = sipsim_read_file(other, files[i]);
        g_assert_cmpstr(x, ==, y);
    }
    sipsim_remove_dir(dir);
    sipsim_remove_dir(other);
}

typedef struct {
    const char *name;
    const char *args[8];
    const char *err;
} BadOption;

static void test_stats_bad_option(gconstpointer data)
{
    const BadOption *b = data;
    g_auto(SipsimResult) r = sipsim_run(NULL, b->args);
    g_assert_cmpint(r.status, ==, 2);
    g_assert_cmpstr(r.err, ==, b->err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_nonnull(g_getenv("SIPSIM"));
    g_test_add_func("/reports/summary/one-call", test_summary_one_call);
    static const CauseCase causes[] = {
        { "scenarios/busy-here.yaml", NULL, "486", "486" },
        { "scenarios/no-answer.yaml", NULL, "cancelled", "487" },
        /* Nothing gets through: A's INVITE transaction times out (Timer B). */
        { "scenarios/callee-terminates.yaml", "topology.links[*].loss=1", "timeout", "408" },
    };
    for (gsize i = 0; i < G_N_ELEMENTS(causes); i++) {
        g_autofree char *path =
            g_strdup_printf("/reports/summary/failed-by-cause/%s", causes[i].cause);
        g_test_add_data_func(path, &causes[i], test_failed_by_cause);
    }
    g_test_add_func("/reports/summary/many-calls-match-calls-csv", test_summary_many_calls);
    g_test_add_func("/reports/summary/alone", test_summary_alone);
    g_test_add_func("/reports/transactions/callee-terminates", test_transactions_reference);
    static const TxnEndCase ends[] = {
        /* Nothing gets through: the INVITE at 0, 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s, then
         * Timer B (64*T1). */
        { "--set", "topology.links[*].loss=1",
          "A,ict,INVITE,z9hG4bK-A-5,A-3@10.0.0.11,0,32000000000,0,7,6,timeout\n" },
        /* Stopped at 1 s while B rings: the INVITE servers sent 100 and 180. */
        { "--until", "1s",
          "A,ict,INVITE,z9hG4bK-A-5,A-3@10.0.0.11,0,,0,1,0,alive\n"
          "proxy,ist,INVITE,z9hG4bK-A-5,A-3@10.0.0.11,10000000,,0,2,0,alive\n"
          "proxy,ict,INVITE,z9hG4bK-proxy-1,A-3@10.0.0.11,10000000,,0,1,0,alive\n"
          "B,ist,INVITE,z9hG4bK-proxy-1,A-3@10.0.0.11,20000000,,0,2,0,alive\n" },
    };
    g_test_add_data_func("/reports/transactions/timeout", &ends[0], test_transactions_end);
    g_test_add_data_func("/reports/transactions/alive", &ends[1], test_transactions_end);
    g_test_add_func("/reports/transactions/lossy-match-messages", test_transactions_lossy);
    g_test_add_func("/reports/stats/callee-terminates", test_stats_reference);
    g_test_add_func("/reports/stats/load-matches-files", test_stats_load);
    g_test_add_func("/reports/stats/change-nothing", test_stats_change_nothing);
    static const BadOption bad[] = {
        { "without-out",
          { "run", "--stats-interval", "5s", NULL },
          "sipsim run: --stats-interval goes with --out DIR\nTry 'sipsim run --help'.\n" },
        { "zero",
          { "run", "--out", "/nonexistent/never", "--stats-interval", "0s", NULL },
          "sipsim run: --stats-interval: expected a duration above 0, got '0s'\n"
          "Try 'sipsim run --help'.\n" },
    };
    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *path = g_strdup_printf("/reports/stats/bad-option/%s", bad[i].name);
        g_test_add_data_func(path, &bad[i], test_stats_bad_option);
    }
    return g_test_run();
}
