/* SPDX-License-Identifier: MIT */
/*
 * Faults inside the simulation (docs/scenario.md, "Faults"): a link down and up, the proxy
 * restarting with and without its registrations, a NAT box rebooting, a phone crashing mid-call.
 * Each run's SIP messages (time, sender, receiver, message, retransmission, fate; REGISTER and
 * STUN left out) must be exactly tests/data/faults/NAME.csv, and its calls end as listed.
 */
#include <string.h>

#include "sipsim-runner.h"

typedef struct {
    const char *name;      /* tests/data/faults/NAME.csv, the test's path */
    const char *scenario;  /* tests/scenarios/fault-SCENARIO.yaml */
    const char *set;       /* a --set, or NULL */
    const char *calls[4];  /* call_id,caller,callee,start_ns,first_provisional_ns,answer_ns,
                            * end_ns,status of each call, in calls.csv's order */
    const char *registers; /* the REGISTER rows (time_ns,from,to,message), in order, joined */
} FaultCase;

static const FaultCase cases[] = {
    /* Timer B: the proxy's INVITE to B is lost 7 times on the way down, A gets 408. */
    { "link-down",
      "link-down",
      NULL,
      { "A-3@10.0.0.11,A,B,5000000000,20000000,,37020000000,408",
        "A-6@10.0.0.11,A,B,45000000000,20000000,2040000000,49080000000,200" },
      "" },
    /* B's binding is lost: 404 until B's refresh at 54 s; the ringing call survives. */
    { "proxy-restart",
      "proxy-restart",
      NULL,
      { "A-6@10.0.0.11,A,C,5000000000,20000000,20040000000,28080000000,200",
        "B-6@10.0.0.12,B,C,11000000000,1520000000,,12520000000,404",
        "A-9@10.0.0.11,A,B,15000000000,20000000,,15020000000,404",
        "A-17@10.0.0.11,A,B,60000000000,20000000,2040000000,65080000000,200" },
      NULL },
    { "proxy-restart-keep",
      "proxy-restart",
      "faults[0].keep_registrations=true",
      { "A-6@10.0.0.11,A,C,5000000000,20000000,20040000000,28080000000,200",
        "B-6@10.0.0.12,B,C,11000000000,1520000000,21540000000,35580000000,200",
        "A-9@10.0.0.11,A,B,15000000000,20000000,2040000000,20080000000,200",
        "A-19@10.0.0.11,A,B,60000000000,20000000,2040000000,65080000000,200" },
      NULL },
    /* B's keep-alive at 40 s opens the same public port again: answered at 48.65 s. */
    { "nat-reboot",
      "nat-reboot",
      NULL,
      { "A-3@192.168.1.11,A,B,32000000000,90000000,16650000000,50740000000,200",
        "A-12@192.168.1.11,A,B,80000000000,90000000,1150000000,83240000000,200" },
      NULL },
    /* Another port: 408 until B registers again at 54 s. */
    { "nat-reboot-random",
      "nat-reboot",
      "topology.nodes[3].nat.port_assignment=random",
      { "A-3@192.168.1.11,A,B,32000000000,90000000,,64090000000,408",
        "A-8@192.168.1.11,A,B,80000000000,90000000,1150000000,83240000000,200" },
      NULL },
    /* A's BYE reaches nobody: Timer F ends the call at 42.04 s; B registers when it boots. */
    { "phone-crash",
      "phone-crash",
      NULL,
      { "A-3@10.0.0.11,A,B,0,20000000,2040000000,42040000000,200" },
      "0,B,proxy,REGISTER;10000000,proxy,B,401/REGISTER;20000000,B,proxy,REGISTER;"
      "30000000,proxy,B,200/REGISTER;60000000000,B,proxy,REGISTER;"
      "60010000000,proxy,B,401/REGISTER;60020000000,B,proxy,REGISTER;"
      "60030000000,proxy,B,200/REGISTER" },
};

/* The first @n comma-separated fields of @row. */
static char *fields(const char *row, guint n)
{
    const char *p = row;
    for (guint i = 0; i < n && p; i++) {
        p = strchr(p, ',');
        if (p && i + 1 < n)
            p++;
    }
    return p ? g_strndup(row, (gsize) (p - row)) : g_strdup(row);
}

/* messages.csv as the data files have it: time_ns,from,to,message,retransmission,fate of each
 * message but REGISTERs and STUN; @registers gets time_ns,from,to,message of each REGISTER row,
 * each followed by ';'. */
static char *project(const char *messages, GString *registers)
{
    g_auto(GStrv) rows = g_strsplit(messages, "\n", -1);
    GString *out = g_string_new(NULL);
    for (guint i = 1; rows[i] && *rows[i]; i++) {
        g_auto(GStrv) f = g_strsplit(rows[i], ",", -1);
        g_assert_cmpuint(g_strv_length(f), ==, 10);
        if (strstr(f[3], "REGISTER"))
            g_string_append_printf(registers, "%s,%s,%s,%s;", f[0], f[1], f[2], f[3]);
        else if (!g_str_has_prefix(f[3], "STUN"))
            g_string_append_printf(out, "%s,%s,%s,%s,%s,%s\n", f[0], f[1], f[2], f[3], f[8], f[9]);
    }
    return g_string_free(out, FALSE);
}

static void test_fault(gconstpointer data)
{
    const FaultCase *c = data;
    g_autofree char *scenario = g_strdup_printf("tests/scenarios/fault-%s.yaml", c->scenario);
    const char *extra[] = { "--set", c->set, NULL };
    g_autofree char *dir = sipsim_run_scenario(scenario, c->set ? extra : NULL);
    g_autofree char *messages = sipsim_read_file(dir, "messages.csv");
    g_autoptr(GString) registers = g_string_new(NULL);
    g_autofree char *got = project(messages, registers);
    g_autofree char *want_path =
        g_test_build_filename(G_TEST_DIST, "data", "faults", c->name, NULL);
    g_autofree char *want_file = g_strconcat(want_path, ".csv", NULL);
    g_autofree char *want = NULL;
    g_assert_true(g_file_get_contents(want_file, &want, NULL, NULL));
    g_assert_cmpstr(got, ==, want);
    if (c->registers) {
        g_autofree char *regs = g_strjoin(NULL, c->registers, ";", NULL);
        g_assert_cmpstr(registers->str, ==, *c->registers ? regs : "");
    }

    g_autofree char *calls = sipsim_read_file(dir, "calls.csv");
    g_auto(GStrv) rows = g_strsplit(calls, "\n", -1);
    guint n = 0;
    for (; n < G_N_ELEMENTS(c->calls) && c->calls[n]; n++) {
        g_assert_nonnull(rows[n + 1]);
        g_autofree char *head = fields(rows[n + 1], 8);
        g_assert_cmpstr(head, ==, c->calls[n]);
    }
    g_assert_cmpstr(rows[n + 1], ==, "");
    sipsim_remove_dir(dir);
}

/* The proxy loses B's and C's bindings at 10 s; they come back with the refreshes at 54 s. */
static void test_restart_registrations(void)
{
    const FaultCase *c = &cases[1];
    g_autofree char *scenario = g_strdup_printf("tests/scenarios/fault-%s.yaml", c->scenario);
    g_autofree char *dir = sipsim_run_scenario(scenario, NULL);
    g_autofree char *messages = sipsim_read_file(dir, "messages.csv");
    g_autoptr(GString) registers = g_string_new(NULL);
    g_autofree char *got = project(messages, registers);
    /* Each phone: REGISTER, 401, REGISTER, 200 at 0 s, 54.04 s and 108.08 s: 36 rows. */
    g_auto(GStrv) regs = g_strsplit(registers->str, ";", -1);
    g_assert_cmpuint(g_strv_length(regs), ==, 37);
    g_assert_cmpstr(regs[12], ==, "54040000000,A,proxy,REGISTER");
    g_assert_cmpstr(regs[23], ==, "54070000000,proxy,C,200/REGISTER");
    sipsim_remove_dir(dir);
}

typedef struct {
    const char *name;
    const char *set;
    const char *err;
} BadFault;

static const BadFault bad_faults[] = {
    { "unknown-verb", "faults[0].do=explode",
      "--set faults[0].do=explode:1:1: faults[0]: unknown fault 'explode'; expected one of: "
      "link-down, link-up, restart, reboot, crash, boot\n" },
    { "unknown-link", "faults[0].link=nope",
      "--set faults[0].link=nope:1:1: faults[0]: no link named 'nope'; expected a link of the "
      "topology\n" },
    { "restart-a-phone", "faults[0]={at: 1s, do: restart, node: A}",
      "--set faults[0]={at: 1s, do: restart, node: A}:1:29: faults[0]: node 'A' cannot restart; "
      "expected a proxy\n" },
    { "crash-keeps-registrations",
      "faults[0]={at: 1s, do: crash, node: A, keep_registrations: true}",
      "--set faults[0]={at: 1s, do: crash, node: A, keep_registrations: true}:1:30: unknown key "
      "'keep_registrations' in faults[0]; expected one of: at, do, node\n" },
};

static void test_bad_fault(gconstpointer data)
{
    const BadFault *b = data;
    const char *args[] = { "run",     "tests/scenarios/fault-link-down.yaml",
                           "--quiet", "--set",
                           b->set,    NULL };
    g_auto(SipsimResult) r = sipsim_run(NULL, args);
    g_assert_cmpint(r.status, ==, 2);
    g_assert_cmpstr(r.err, ==, b->err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_nonnull(g_getenv("SIPSIM"));
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *path = g_strdup_printf("/faults/%s", cases[i].name);
        g_test_add_data_func(path, &cases[i], test_fault);
    }
    g_test_add_func("/faults/proxy-restart/registrations", test_restart_registrations);
    for (gsize i = 0; i < G_N_ELEMENTS(bad_faults); i++) {
        g_autofree char *path = g_strdup_printf("/faults/bad/%s", bad_faults[i].name);
        g_test_add_data_func(path, &bad_faults[i], test_bad_fault);
    }
    return g_test_run();
}
