/* SPDX-License-Identifier: MIT */
/*
 * Phone behaviours beyond the reference flows, each a scenario of tests/scenarios run by
 * `sipsim run`: glare between two re-INVITEs (RFC 3261 14.1), a refused transfer (RFC 3515
 * 2.4.2), a re-INVITE that comes before the ACK of the last 2xx (RFC 3261 14.2), and a call
 * to a phone already in a call, with and without call waiting.
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

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_nonnull(g_getenv("SIPSIM"));
    g_test_add_func("/phone/glare", test_glare);
    g_test_add_func("/phone/transfer-refused", test_transfer_refused);
    g_test_add_func("/phone/reinvite-before-ack", test_reinvite_before_ack);
    g_test_add_func("/phone/call-waiting", test_call_waiting);
    g_test_add_func("/phone/busy-in-call", test_busy_in_call);
    return g_test_run();
}
