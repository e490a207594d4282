/* SPDX-License-Identifier: MIT */
/*
 * Phone behaviours beyond the reference flows, each a scenario of tests/scenarios run by
 * `sipsim run`: glare between two re-INVITEs (RFC 3261 14.1), a refused transfer (RFC 3515
 * 2.4.2), a re-INVITE that comes before the ACK of the last 2xx (RFC 3261 14.2), a call
 * to a phone already in a call, with and without call waiting, and new calls held back by an
 * overloaded proxy (RFC 3261 21.5.4, RFC 7339).
 */
#include <string.h>

#include "sipsim-runner.h"

/* "TIME FROM TO MESSAGE" for each message of @dir/messages.csv, TIME in ms. */
static char *message_lines(const char *dir)
{
    g_autofree char *text = sipsim_read_file(dir, "messages.csv");
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    GString *out = g_string_new(NULL);
    for (char **l = lines + 1; *l && **l; l++) {
        g_auto(GStrv) f = g_strsplit(*l, ",", -1);
        g_string_append_printf(out, "%" G_GINT64_FORMAT " %s %s %s\n",
                               g_ascii_strtoll(f[0], NULL, 10) / 1000000, f[1], f[2], f[3]);
    }
    return g_string_free(out, FALSE);
}

/* The time in ms of the first message FROM TO MESSAGE at or after @after ms; -1: none. */
static gint64 first_after(const char *lines, const char *from, const char *to, const char *msg,
                          gint64 after)
{
    g_auto(GStrv) l = g_strsplit(lines, "\n", -1);
    for (char **p = l; *p && **p; p++) {
        g_auto(GStrv) f = g_strsplit(*p, " ", -1);
        gint64 t = g_ascii_strtoll(f[0], NULL, 10);
        if (t >= after && g_str_equal(f[1], from) && g_str_equal(f[2], to) &&
            g_str_equal(f[3], msg))
            return t;
    }
    return -1;
}

static guint count(const char *haystack, const char *needle)
{
    guint n = 0;
    for (const char *p = haystack; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* A and B hold at 5 s: both re-INVITEs get 491 (each ACKed hop by hop); B retries 0 to 2 s after
 * its 491 came (at 5.03 s), A 2.1 to 4 s after; so they never meet again, and both end
 * inactive with each description one version higher per exchange. For several seeds. */
static void test_glare(void)
{
    for (int seed = 1; seed <= 20; seed++) {
        g_autofree char *seed_text = g_strdup_printf("%d", seed);
        const char *extra[] = { "--seed", seed_text, NULL };
        g_autofree char *dir = sipsim_run_scenario("tests/scenarios/glare.yaml", extra);
        g_autofree char *lines = message_lines(dir);
        g_assert_cmpuint(count(lines, " 491/INVITE\n"), ==, 4); /* two, each on two hops */
        g_assert_nonnull(strstr(lines, "5000 A proxy INVITE\n5000 B proxy INVITE\n"));
        g_assert_nonnull(strstr(lines, "5020 B proxy 491/INVITE\n5020 A proxy 491/INVITE\n"));
        gint64 b_retry = first_after(lines, "B", "proxy", "INVITE", 5001);
        gint64 a_retry = first_after(lines, "A", "proxy", "INVITE", 5001);
        g_assert_cmpint(b_retry, >=, 5030);
        g_assert_cmpint(b_retry, <=, 5030 + 2000);
        g_assert_cmpint(a_retry, >=, 5030 + 2100);
        g_assert_cmpint(a_retry, <=, 5030 + 4000);
        g_autofree char *media = sipsim_read_file(dir, "media.csv");
        g_auto(GStrv) rows = g_strsplit(media, "\n", -1);
        g_assert_cmpuint(g_strv_length(rows), ==, 8); /* header, 3 exchanges x 2, "" */
        g_assert_true(g_str_has_suffix(rows[5], ",inactive,10.0.0.11:40000,3,3"));
        g_assert_true(g_str_has_suffix(rows[6], ",inactive,10.0.0.12:40000,3,3"));
        g_autofree char *summary = sipsim_read_file(dir, "summary.json");
        g_assert_nonnull(strstr(summary, "\"transactions\" : 0,\n      \"calls\" : 2,"));
        sipsim_remove_dir(dir);
    }
}

/* B answers A's REFER 603: no INVITE to C, no NOTIFY; the call goes on until A's BYE. */
static void test_transfer_refused(void)
{
    g_autofree char *dir = sipsim_run_scenario("tests/scenarios/transfer-refused.yaml", NULL);
    g_autofree char *lines = message_lines(dir);
    g_assert_cmpstr(strstr(lines, "5000 "), ==,
                    "5000 A proxy REFER\n"
                    "5010 proxy A 100/REFER\n"
                    "5010 proxy B REFER\n"
                    "5020 B proxy 603/REFER\n"
                    "5030 proxy A 603/REFER\n"
                    "10000 A proxy BYE\n"
                    "10010 proxy B BYE\n"
                    "10020 B proxy 200/BYE\n"
                    "10030 proxy A 200/BYE\n");
    g_autofree char *summary = sipsim_read_file(dir, "summary.json");
    g_assert_nonnull(strstr(summary, "\"transactions\" : 0,\n      \"calls\" : 0,\n      "
                                     "\"subscriptions\" : 0,"));
    sipsim_remove_dir(dir);
}

/* B's 200 lost its ACK; A's re-INVITE (hold) reaches B before the 200 is retransmitted: 500
 * with Retry-After (RFC 3261 14.2), which A obeys: at seed 1 it says 5 s, so A tries again 5 s
 * after the 500 came, and the hold then succeeds. */
static void test_reinvite_before_ack(void)
{
    g_autofree char *dir = sipsim_run_scenario("tests/scenarios/reinvite-before-ack.yaml", NULL);
    g_autofree char *lines = message_lines(dir);
    g_assert_cmpstr(strstr(lines, "1200 "), ==,
                    "1200 A proxy INVITE\n"
                    "1210 proxy A 100/INVITE\n"
                    "1210 proxy B INVITE\n"
                    "1220 B proxy 500/INVITE\n"
                    "1230 proxy B ACK\n"
                    "1230 proxy A 500/INVITE\n"
                    "1240 A proxy ACK\n"
                    "1520 B proxy 200/INVITE\n"
                    "1530 proxy A 200/INVITE\n"
                    "1540 A proxy ACK\n"
                    "1550 proxy B ACK\n"
                    "6240 A proxy INVITE\n"
                    "6250 proxy A 100/INVITE\n"
                    "6250 proxy B INVITE\n"
                    "6260 B proxy 100/INVITE\n"
                    "6260 B proxy 200/INVITE\n"
                    "6270 proxy A 200/INVITE\n"
                    "6280 A proxy ACK\n"
                    "6290 proxy B ACK\n");
    g_autofree char *media = sipsim_read_file(dir, "media.csv");
    g_assert_true(g_str_has_suffix(media,
                                   "6260000000,B,A-3@10.0.0.11,recvonly,10.0.0.11:40000,2,2\n"
                                   "6280000000,A,A-3@10.0.0.11,sendonly,10.0.0.12:40000,2,2\n"));
    sipsim_remove_dir(dir);
}

/* Call waiting on: C's call to B, busy with A, rings, is queued (182) after B's ring time, and
 * is answered as soon as A's call ends. */
static void test_call_waiting(void)
{
    g_autofree char *dir = sipsim_run_scenario("tests/scenarios/call-waiting.yaml", NULL);
    g_autofree char *lines = message_lines(dir);
    g_assert_cmpstr(strstr(lines, "3000 "), ==,
                    "3000 C proxy INVITE\n"
                    "3010 proxy C 100/INVITE\n"
                    "3010 proxy B INVITE\n"
                    "3020 B proxy 100/INVITE\n"
                    "3020 B proxy 180/INVITE\n"
                    "3030 proxy C 180/INVITE\n"
                    "4020 B proxy 182/INVITE\n"
                    "4030 proxy C 182/INVITE\n"
                    "9040 A proxy BYE\n"
                    "9050 proxy B BYE\n"
                    "9060 B proxy 200/BYE\n"
                    "9060 B proxy 200/INVITE\n"
                    "9070 proxy A 200/BYE\n"
                    "9070 proxy C 200/INVITE\n"
                    "9080 C proxy ACK\n"
                    "9090 proxy B ACK\n"
                    "14080 C proxy BYE\n"
                    "14090 proxy B BYE\n"
                    "14100 B proxy 200/BYE\n"
                    "14110 proxy C 200/BYE\n");
    sipsim_remove_dir(dir);
}

/* Call waiting off: C's call to B, busy with A, gets 486 at once; A's call goes on. */
static void test_busy_in_call(void)
{
    g_autofree char *dir = sipsim_run_scenario("tests/scenarios/busy-in-call.yaml", NULL);
    g_autofree char *lines = message_lines(dir);
    g_assert_cmpstr(strstr(lines, "3000 "), ==,
                    "3000 C proxy INVITE\n"
                    "3010 proxy C 100/INVITE\n"
                    "3010 proxy B INVITE\n"
                    "3020 B proxy 100/INVITE\n"
                    "3020 B proxy 486/INVITE\n"
                    "3030 proxy B ACK\n"
                    "3030 proxy C 486/INVITE\n"
                    "3040 C proxy ACK\n"
                    "9040 A proxy BYE\n"
                    "9050 proxy B BYE\n"
                    "9060 B proxy 200/BYE\n"
                    "9070 proxy A 200/BYE\n");
    sipsim_remove_dir(dir);
}

/* The status of each row of @dir/calls.csv as "CALLER START_MS END_MS STATUS". */
static char *call_lines(const char *dir)
{
    g_autofree char *text = sipsim_read_file(dir, "calls.csv");
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    GString *out = g_string_new(NULL);
    for (char **l = lines + 1; *l && **l; l++) {
        g_auto(GStrv) f = g_strsplit(*l, ",", -1);
        g_string_append_printf(out, "%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s\n", f[1],
                               g_ascii_strtoll(f[3], NULL, 10) / 1000000,
                               g_ascii_strtoll(f[6], NULL, 10) / 1000000, f[7]);
    }
    return g_string_free(out, FALSE);
}

/* RFC 3261 21.5.4: C's INVITE finds B's waiting at the proxy (503 mode, threshold 1) and gets
 * 503 with Retry-After: 5 after 1 ms of the proxy's time; C's call at 1 s then fails at once
 * with 503 and sends nothing; its call at 7 s goes. */
static void test_overload_retry_after(void)
{
    g_autofree char *dir = sipsim_run_scenario("tests/scenarios/overload-503.yaml", NULL);
    g_autofree char *lines = message_lines(dir);
    g_autofree char *calls = call_lines(dir);
    g_assert_cmpstr(lines, ==,
                    "0 A proxy INVITE\n"
                    "0 B proxy INVITE\n"
                    "0 C proxy INVITE\n"
                    "50 proxy A 100/INVITE\n"
                    "50 proxy A 404/INVITE\n"
                    "60 A proxy ACK\n"
                    "90 proxy B 100/INVITE\n"
                    "90 proxy B 404/INVITE\n"
                    "91 proxy C 503/INVITE\n"
                    "100 B proxy ACK\n"
                    "101 C proxy ACK\n"
                    "7000 C proxy INVITE\n"
                    "7050 proxy C 100/INVITE\n"
                    "7050 proxy C 404/INVITE\n"
                    "7060 C proxy ACK\n");
    g_assert_cmpstr(calls, ==,
                    "A 0 60 404\n"
                    "B 0 100 404\n"
                    "C 0 101 503\n"
                    "C 1000 1000 503\n"
                    "C 7000 7060 404\n");
    /* The proxy's processing model: 4 INVITEs and 4 ACKs came; A's INVITE waited 0, B's 40 ms
     * (A's), C's 80 ms (A's and B's) and A's ACK 21 ms (from 65 ms until C's refusal ended at
     * 86 ms), the others 0: a mean of 141 / 8 ms. 3 INVITEs of 40 ms, a refusal of 1 ms and 4
     * ACKs of 1 ms kept it busy 125 ms. */
    g_autofree char *summary = sipsim_read_file(dir, "summary.json");
    g_assert_nonnull(strstr(summary, "\"arrived\" : {\n"
                                     "          \"invite\" : 4,\n"
                                     "          \"request\" : 4,\n"
                                     "          \"response\" : 0\n"
                                     "        },\n"
                                     "        \"authenticated\" : 0,\n"
                                     "        \"rejected\" : 1,\n"
                                     "        \"dropped\" : 0,\n"
                                     "        \"started\" : 8,\n"
                                     "        \"busy_ns\" : 125000000,"));
    g_assert_nonnull(strstr(summary, "\"queue_max\" : 2,\n"
                                     "        \"waiting_at_end\" : 0,\n"
                                     "        \"wait_mean_ns\" : 17625000,\n"
                                     "        \"wait_max_ns\" : 80000000,\n"
                                     "        \"oc\" : 0\n"));
    sipsim_remove_dir(dir);
}

/* RFC 7339: A calls every 50 ms, keeping the proxy 80% busy against a target of 50%. A's Via
 * announces oc, the proxy's responses give it rising oc values, and A holds back that share of
 * its new calls: each fails at once with 503 and puts no INVITE on the wire. The first two calls
 * go before the first 100 ms interval closes: no reduction yet. */
static void test_overload_loss_based(void)
{
    g_autofree char *dir = sipsim_run_scenario("tests/scenarios/overload-loss.yaml", NULL);
    g_autofree char *lines = message_lines(dir);
    g_autofree char *calls = call_lines(dir);
    guint refused = count(calls, " 503\n"), sent = count(calls, " 404\n");
    g_test_message("%u calls held back, %u sent", refused, sent);
    g_assert_cmpuint(refused + sent, ==, 40);
    g_assert_cmpuint(refused, >, 0);
    g_assert_cmpuint(count(lines, " A proxy INVITE\n"), ==, sent);
    g_assert_true(g_str_has_prefix(calls, "A 0 50 404\nA 50 100 404\n"));
    sipsim_remove_dir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_nonnull(g_getenv("SIPSIM"));
    g_test_add_func("/phone/overload/retry-after", test_overload_retry_after);
    g_test_add_func("/phone/overload/loss-based", test_overload_loss_based);
    g_test_add_func("/phone/glare", test_glare);
    g_test_add_func("/phone/transfer-refused", test_transfer_refused);
    g_test_add_func("/phone/reinvite-before-ack", test_reinvite_before_ack);
    g_test_add_func("/phone/call-waiting", test_call_waiting);
    g_test_add_func("/phone/busy-in-call", test_busy_in_call);
    return g_test_run();
}
