/* SPDX-License-Identifier: MIT */
/*
 * `sipsim run --pcap FILE`: the capture of each reference flow (tests/data/seed-flows.txt).
 * libpcap reads it back and every packet's headers must be the datagram's of datagrams.csv,
 * with checksums that verify (RFC 791, RFC 768); then tshark, Wireshark's command line, must
 * decode it without a malformed packet or an error, and find the SIP and STUN messages of
 * messages.csv, at the same times and in the same order. The tshark tests are skipped when it
 * is not installed (CI installs it).
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <pcap/pcap.h>
#include <string.h>

#include "sipsim-runner.h"

#define PCAP_NAME "run.pcap"

static char *tshark;      /* its path; NULL when it is not installed */
static char *tshark_home; /* a writable HOME for its preferences */

/* Runs `sipsim run SCENARIO --quiet --out DIR --pcap DIR/run.pcap EXTRA...`; returns DIR. */
static char *run_with_pcap(const char *scenario, const char *const *extra)
{
    char *dir = g_dir_make_tmp("sipsim-pcap-XXXXXX", NULL);
    g_assert_nonnull(dir);
    g_autofree char *pcap = g_build_filename(dir, PCAP_NAME, NULL);
    const char *const opts[] = { "--out", dir, "--pcap", pcap, NULL };
    sipsim_run_ok(scenario, opts, extra);
    return dir;
}

static char *flow_scenario(const char *flow)
{
    return g_strdup_printf("scenarios/%s.yaml", flow);
}

/* The rows of a CSV file of @dir, each split into fields, without the header. */
static GPtrArray *csv_rows(const char *dir, const char *name)
{
    g_autofree char *text = sipsim_read_file(dir, name);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify) g_strfreev);
    for (char **l = lines + 1; *l && **l; l++)
        g_ptr_array_add(rows, g_strsplit(*l, ",", -1));
    return rows;
}

/* sent + duplicated of summary.json: the datagrams that came into being. */
static gint64 datagrams_made(const char *dir)
{
    g_autofree char *path = g_build_filename(dir, "summary.json", NULL);
    g_autoptr(JsonParser) parser = json_parser_new();
    g_assert_true(json_parser_load_from_file(parser, path, NULL));
    JsonObject *d = json_object_get_object_member(
        json_node_get_object(json_parser_get_root(parser)), "datagrams");
    return json_object_get_int_member(d, "sent") + json_object_get_int_member(d, "duplicated");
}

/* ---- the headers, read with libpcap ---- */

static guint get16(const guint8 *p)
{
    return (guint) p[0] << 8 | p[1];
}

/* The one's complement sum of @len bytes, folded: 0xffff when a checksum field among them
 * verifies (RFC 1071). */
static guint fold_sum(guint32 sum, const guint8 *p, gsize len)
{
    for (gsize i = 0; i + 1 < len; i += 2)
        sum += get16(p + i);
    if (len % 2)
        sum += (guint32) p[len - 1] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return sum;
}

static char *endpoint(const guint8 *ip, const guint8 *port)
{
    return g_strdup_printf("%u.%u.%u.%u:%u", ip[0], ip[1], ip[2], ip[3], get16(port));
}

/* One packet against the datagrams.csv row (time_ns,event,datagram,node,link,src,dst,bytes,...)
 * of the send or duplicate it stands for. */
static void check_packet(const struct pcap_pkthdr *h, const guint8 *p, char **row)
{
    gint64 time = (gint64) h->ts.tv_sec * G_GINT64_CONSTANT(1000000000) + h->ts.tv_usec;
    g_assert_cmpint(time, ==, g_ascii_strtoll(row[0], NULL, 10));
    g_assert_cmpuint(h->caplen, ==, h->len);
    g_assert_cmpuint(h->len, ==, 28 + g_ascii_strtoull(row[7], NULL, 10));
    /* IPv4: version 4, 20-byte header, total length, id, DF, TTL as sent, UDP, checksum. */
    g_assert_cmphex(p[0], ==, 0x45);
    g_assert_cmpuint(get16(p + 2), ==, h->len);
    g_assert_cmpuint(get16(p + 4), ==, g_ascii_strtoull(row[2], NULL, 10) & 0xffff);
    g_assert_cmphex(get16(p + 6), ==, 0x4000);
    if (g_str_equal(row[1], "send"))
        g_assert_cmpuint(p[8], ==, 64);
    g_assert_cmpuint(p[9], ==, 17);
    g_assert_cmphex(fold_sum(0, p, 20), ==, 0xffff);
    g_autofree char *src = endpoint(p + 12, p + 20), *dst = endpoint(p + 16, p + 22);
    g_assert_cmpstr(src, ==, row[5]);
    g_assert_cmpstr(dst, ==, row[6]);
    /* UDP: length, and a checksum over the pseudo-header that verifies. */
    const guint8 *udp = p + 20;
    guint udp_len = get16(udp + 4);
    g_assert_cmpuint(udp_len, ==, h->len - 20);
    g_assert_cmphex(get16(udp + 6), !=, 0);
    guint8 pseudo[12] = { 0 };
    memcpy(pseudo, p + 12, 8);
    pseudo[9] = 17;
    pseudo[10] = (guint8) (udp_len >> 8);
    pseudo[11] = (guint8) udp_len;
    g_assert_cmphex(fold_sum(fold_sum(0, pseudo, 12), udp, udp_len), ==, 0xffff);
}

/* A datagrams.csv row where a datagram comes into being: its send, a link's copy. */
static gboolean comes_into_being(char **row)
{
    return g_str_equal(row[1], "send") || g_str_equal(row[1], "duplicate");
}

/* Every packet of @dir's capture is, in order, a send or a duplicate of datagrams.csv. */
static void check_headers(const char *dir)
{
    g_autofree char *path = g_build_filename(dir, PCAP_NAME, NULL);
    char err[PCAP_ERRBUF_SIZE];
    pcap_t *pcap = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, err);
    g_assert_nonnull(pcap);
    g_assert_cmpint(pcap_datalink(pcap), ==, DLT_RAW);
    g_assert_cmpint(pcap_get_tstamp_precision(pcap), ==, PCAP_TSTAMP_PRECISION_NANO);
    g_autoptr(GPtrArray) rows = csv_rows(dir, "datagrams.csv");
    guint r = 0, packets = 0;
    struct pcap_pkthdr *h;
    const u_char *data;
    while (pcap_next_ex(pcap, &h, &data) == 1) {
        while (r < rows->len && !comes_into_being(g_ptr_array_index(rows, r)))
            r++;
        g_assert_cmpuint(r, <, rows->len);
        check_packet(h, data, g_ptr_array_index(rows, r++));
        packets++;
    }
    pcap_close(pcap);
    g_assert_cmpint(packets, ==, datagrams_made(dir));
}

static void test_headers(gconstpointer data)
{
    g_autofree char *scenario = flow_scenario(data);
    g_autofree char *dir = run_with_pcap(scenario, NULL);
    check_headers(dir);
    sipsim_remove_dir(dir);
}

/* ---- decoded by tshark ---- */

static gboolean have_tshark(void)
{
    if (!tshark)
        g_test_skip("tshark is not installed (apt-get install tshark): the capture cannot be "
                    "decoded");
    return tshark != NULL;
}

/* tshark -n -r DIR/run.pcap, verifying checksums, with @args; its output. It must succeed; its
 * stderr (a warning for root) matters only when it does not. */
static char *run_tshark(const char *dir, const char *const *args)
{
    g_autofree char *pcap = g_build_filename(dir, PCAP_NAME, NULL);
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    const char *const head[] = {
        tshark, "-n", "-r", pcap, "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"
    };
    for (gsize i = 0; i < G_N_ELEMENTS(head); i++)
        g_ptr_array_add(argv, (gpointer) head[i]);
    for (const char *const *a = args; *a; a++)
        g_ptr_array_add(argv, (gpointer) *a);
    g_ptr_array_add(argv, NULL);
    g_auto(GStrv) env = g_environ_setenv(g_get_environ(), "HOME", tshark_home, TRUE);
    char *out = NULL;
    g_autofree char *err = NULL;
    int wait = 0;
    GError *error = NULL;
    g_spawn_sync(NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &wait,
                 &error);
    g_assert_no_error(error);
    if (!g_spawn_check_wait_status(wait, NULL))
        g_error("tshark failed: %s", err);
    return out;
}

/* No packet tshark finds malformed, none with an error (a bad checksum is one). */
static void check_decodes_cleanly(const char *dir)
{
    const char *args[] = { "-Y", "_ws.malformed || _ws.expert.severity >= \"Error\"", NULL };
    g_autofree char *bad = run_tshark(dir, args);
    g_assert_cmpstr(bad, ==, "");
}

/* frame.time_epoch "S.NNNNNNNNN" in nanoseconds. */
static gint64 epoch_ns(const char *text)
{
    g_auto(GStrv) parts = g_strsplit(text, ".", 2);
    g_assert_cmpuint(g_strv_length(parts), ==, 2);
    g_assert_cmpuint(strlen(parts[1]), ==, 9);
    return g_ascii_strtoll(parts[0], NULL, 10) * G_GINT64_CONSTANT(1000000000) +
           g_ascii_strtoll(parts[1], NULL, 10);
}

/* A STUN message type's class bits (RFC 5389 6) as messages.csv names them. */
static const char *stun_label(const char *type)
{
    switch (g_ascii_strtoull(type, NULL, 16) & 0x0110) {
    case 0x0000:
        return "STUN-REQ";
    case 0x0100:
        return "STUN-RESP";
    case 0x0110:
        return "STUN-ERR";
    default:
        return "STUN-IND";
    }
}

/* "TIME_NS MESSAGE" for each SIP or STUN message tshark decodes, with messages.csv's names; the
 * number of packets in @packets. Every packet's checksums must be Good. */
static char *decoded_messages(const char *dir, gint64 *packets)
{
    const char *args[] = { "-T", "fields",
                           "-E", "occurrence=f",
                           "-e", "frame.time_epoch",
                           "-e", "ip.checksum.status",
                           "-e", "udp.checksum.status",
                           "-e", "sip.Method",
                           "-e", "sip.Status-Code",
                           "-e", "sip.CSeq.method",
                           "-e", "stun.type",
                           NULL };
    g_autofree char *out = run_tshark(dir, args);
    g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
    GString *seq = g_string_new(NULL);
    *packets = 0;
    for (char **l = lines; *l && **l; l++) {
        g_auto(GStrv) f = g_strsplit(*l, "\t", -1);
        g_assert_cmpuint(g_strv_length(f), ==, 7);
        g_assert_cmpstr(f[1], ==, "1"); /* Good */
        g_assert_cmpstr(f[2], ==, "1");
        gint64 t = epoch_ns(f[0]);
        if (*f[3])
            g_string_append_printf(seq, "%" G_GINT64_FORMAT " %s\n", t, f[3]);
        else if (*f[4])
            g_string_append_printf(seq, "%" G_GINT64_FORMAT " %s/%s\n", t, f[4], f[5]);
        else if (*f[6])
            g_string_append_printf(seq, "%" G_GINT64_FORMAT " %s\n", t, stun_label(f[6]));
        (*packets)++;
    }
    return g_string_free(seq, FALSE);
}

/* "TIME_NS MESSAGE" for each row of messages.csv. */
static char *logged_messages(const char *dir)
{
    g_autoptr(GPtrArray) rows = csv_rows(dir, "messages.csv");
    GString *seq = g_string_new(NULL);
    for (guint i = 0; i < rows->len; i++) {
        char **f = g_ptr_array_index(rows, i); /* time_ns,from,to,message,... */
        g_string_append_printf(seq, "%s %s\n", f[0], f[3]);
    }
    return g_string_free(seq, FALSE);
}

static void test_tshark(gconstpointer data)
{
    if (!have_tshark())
        return;
    const char *flow = data;
    g_autofree char *scenario = flow_scenario(flow);
    g_autofree char *dir = run_with_pcap(scenario, NULL);
    check_decodes_cleanly(dir);
    gint64 packets = 0;
    g_autofree char *decoded = decoded_messages(dir, &packets);
    g_autofree char *logged = logged_messages(dir);
    g_assert_cmpstr(decoded, ==, logged);
    g_assert_cmpint(packets, ==, datagrams_made(dir));
    if (g_str_has_suffix(flow, "-stun"))
        g_assert_nonnull(strstr(decoded, " STUN-RESP\n"));
    sipsim_remove_dir(dir);
}

/* ---- duplicates, same bytes, interrupted runs, bad paths ---- */

/* A link's copy of a datagram is a packet of its own, with the original's IP id. */
static void test_duplicates(void)
{
    const char *extra[] = { "--set", "topology.links[*].duplicate=0.3", NULL };
    g_autofree char *dir = run_with_pcap("scenarios/callee-terminates.yaml", extra);
    g_autofree char *csv = sipsim_read_file(dir, "datagrams.csv");
    g_assert_nonnull(strstr(csv, ",duplicate,"));
    check_headers(dir);
    if (tshark)
        check_decodes_cleanly(dir);
    sipsim_remove_dir(dir);
}

static void test_same_seed_same_bytes(void)
{
    const char *extra[] = { "--seed", "7", "--set", "topology.links[*].loss=0.2", NULL };
    g_autofree char *a = run_with_pcap("scenarios/call-stun.yaml", extra);
    g_autofree char *b = run_with_pcap("scenarios/call-stun.yaml", extra);
    g_autofree char *x = NULL, *y = NULL;
    gsize nx = 0, ny = 0;
    g_autofree char *px = g_build_filename(a, PCAP_NAME, NULL);
    g_autofree char *py = g_build_filename(b, PCAP_NAME, NULL);
    g_assert_true(g_file_get_contents(px, &x, &nx, NULL));
    g_assert_true(g_file_get_contents(py, &y, &ny, NULL));
    g_assert_cmpmem(x, nx, y, ny);
    sipsim_remove_dir(a);
    sipsim_remove_dir(b);
}

/* SIGINT mid-run: the capture is kept as FILE.partial, readable, and an older FILE is gone. */
static void test_interrupted(void)
{
    g_autofree char *dir = g_dir_make_tmp("sipsim-pcap-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, PCAP_NAME, NULL);
    g_autofree char *partial = g_strconcat(path, ".partial", NULL);
    g_assert_true(g_file_set_contents(path, "old", -1, NULL));
    const char *args[] = { "run", "tests/config/long-run.yaml", "--quiet", "--pcap", path, NULL };
    g_assert_cmpint(sipsim_interrupt(args, dir, 100), ==, 130);
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    g_assert_false(sipsim_has_temp_file(dir));
    char err[PCAP_ERRBUF_SIZE];
    pcap_t *pcap = pcap_open_offline(partial, err);
    g_assert_nonnull(pcap);
    struct pcap_pkthdr *h;
    const u_char *data;
    g_assert_cmpint(pcap_next_ex(pcap, &h, &data), ==, 1);
    pcap_close(pcap);
    sipsim_remove_dir(dir);
}

typedef struct {
    const char *name;
    const char *path; /* @ stands for a new temporary directory */
    const char *err;  /* and here too */
} BadPath;

static const BadPath bad_paths[] = {
    { "no-directory", "@/no-such-dir/run.pcap",
      "sipsim run: --pcap: @/no-such-dir: cannot create: No such file or directory\n" },
    { "a-directory", "@", "sipsim run: --pcap: @: expected a file name, not a directory\n" },
    { "empty", "", "sipsim run: --pcap: expected a file name, got nothing\n" },
    { "trailing-slash", "@/run.pcap/",
      "sipsim run: --pcap: @/run.pcap/: expected a file name, not a directory\n" },
};

static char *with_dir(const char *text, const char *dir)
{
    g_auto(GStrv) parts = g_strsplit(text, "@", -1);
    return g_strjoinv(dir, parts);
}

/* A path sipsim cannot write to is refused before the run, with exit status 2, leaving
 * nothing behind. */
static void test_bad_path(gconstpointer data)
{
    const BadPath *b = data;
    g_autofree char *dir = g_dir_make_tmp("sipsim-pcap-XXXXXX", NULL);
    g_autofree char *path = with_dir(b->path, dir);
    const char *args[] = { "run", "scenarios/register.yaml", "--quiet", "--pcap", path, NULL };
    g_auto(SipsimResult) r = sipsim_run(NULL, args);
    g_assert_cmpint(r.status, ==, 2);
    g_autofree char *err = with_dir(b->err, dir);
    g_autofree char *want = g_strconcat(err, "Try 'sipsim run --help'.\n", NULL);
    g_assert_cmpstr(r.err, ==, want);
    g_assert_cmpstr(r.out, ==, "");
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    g_assert_null(g_dir_read_name(d));
    g_rmdir(dir);
}

/* The names of the flows of seed-flows.txt: its "flow NAME" lines. */
static GPtrArray *flow_names(void)
{
    g_autofree char *path = g_test_build_filename(G_TEST_DIST, "data", "seed-flows.txt", NULL);
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (char **l = lines; *l; l++) {
        g_auto(GStrv) w = g_strsplit_set(*l, " \t", 3);
        if (w[0] && w[1] && g_str_equal(w[0], "flow"))
            g_ptr_array_add(names, g_strdup(w[1]));
    }
    return names;
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_nonnull(g_getenv("SIPSIM"));
    tshark = g_find_program_in_path("tshark");
    tshark_home = g_dir_make_tmp("sipsim-tshark-XXXXXX", NULL);
    g_autoptr(GPtrArray) flows = flow_names();
    g_assert_cmpuint(flows->len, ==, 19);
    for (guint i = 0; i < flows->len; i++) {
        const char *flow = g_ptr_array_index(flows, i);
        g_autofree char *headers = g_strdup_printf("/pcap/headers/%s", flow);
        g_autofree char *decoded = g_strdup_printf("/pcap/tshark/%s", flow);
        g_test_add_data_func(headers, flow, test_headers);
        g_test_add_data_func(decoded, flow, test_tshark);
    }
    g_test_add_func("/pcap/duplicates", test_duplicates);
    g_test_add_func("/pcap/same-seed-same-bytes", test_same_seed_same_bytes);
    g_test_add_func("/pcap/interrupted", test_interrupted);
    for (gsize i = 0; i < G_N_ELEMENTS(bad_paths); i++) {
        g_autofree char *path = g_strdup_printf("/pcap/bad-path/%s", bad_paths[i].name);
        g_test_add_data_func(path, &bad_paths[i], test_bad_path);
    }
    int status = g_test_run();
    sipsim_remove_dir(tshark_home);
    g_free(tshark_home);
    g_free(tshark);
    return status;
}
