/* SPDX-License-Identifier: MIT */
/*
 * `sipsim run --ladder FILE` and `--timeline FILE`: the gnuplot scripts sipsim writes beside the
 * pictures (their data blocks, exactly), the pictures gnuplot draws from them, and what happens
 * when a name is bad, gnuplot is missing or fails, or there is nothing to draw. The scripts do
 * not need gnuplot; the pictures do, and their tests are skipped without it.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "sipsim-runner.h"

/* Runs `sipsim run SCENARIO --quiet EXTRA...` in the top directory. */
static SipsimResult run(const char *scenario, const char *const *extra)
{
    return sipsim_run_with(scenario, NULL, extra);
}

static gboolean have_gnuplot(void)
{
    g_autofree char *path = g_find_program_in_path("gnuplot");
    return path != NULL;
}

/* What a run that draws pictures exits with: 0, or 1 (pictures missing) without gnuplot. */
static int drawn_status(void)
{
    return have_gnuplot() ? 0 : 1;
}

/* The lines of data block $NAME of @script, comments left out. */
static char *data_block(const char *script, const char *name)
{
    g_autofree char *open = g_strdup_printf("\n$%s << EOD\n", name);
    const char *start = strstr(script, open);
    g_assert_nonnull(start);
    start += strlen(open);
    const char *end = strstr(start, "\nEOD\n");
    g_assert_nonnull(end);
    g_autofree char *body = g_strndup(start, end - start + 1);
    g_auto(GStrv) lines = g_strsplit(body, "\n", -1);
    GString *out = g_string_new(NULL);
    for (char **l = lines; *l; l++)
        if (**l && **l != '#')
            g_string_append_printf(out, "%s\n", *l);
    return g_string_free(out, FALSE);
}

/* The lines of @block whose field @field (from 1, blank-separated) is @value. */
static guint count_field(const char *block, guint field, const char *value)
{
    g_auto(GStrv) lines = g_strsplit(block, "\n", -1);
    guint n = 0;
    for (char **l = lines; *l; l++) {
        g_auto(GStrv) f = g_strsplit(*l, " ", -1);
        n += g_strv_length(f) >= field && g_str_equal(f[field - 1], value);
    }
    return n;
}

static guint count_lines(const char *text)
{
    guint n = 0;
    for (const char *c = text; *c; c++)
        n += *c == '\n';
    return n;
}

/* Only @names are in @dir: no temporary file was left behind. */
static void assert_dir_holds(const char *dir, const char *const *names)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *n;
    guint found = 0;
    while ((n = g_dir_read_name(d))) {
        g_test_message("%s", n);
        g_assert_true(g_strv_contains(names, n));
        found++;
    }
    g_assert_cmpuint(found, ==, g_strv_length((char **) names));
}

static char *new_dir(void)
{
    char *dir = g_dir_make_tmp("sipsim-plots-XXXXXX", NULL);
    g_assert_nonnull(dir);
    return dir;
}

#define CT_CALL "0x1f77b4 0 0"

/* The ladder of callee-terminates, one row per message as in the text ladder: the lanes in
 * the order the parties first appear, each message from its sender's lane to its receiver's. */
static void test_ladder_compressed(void)
{
    g_autofree char *dir = new_dir();
    g_autofree char *svg = g_build_filename(dir, "ladder.svg", NULL);
    const char *extra[] = { "--ladder", svg, "--ladder-time", "compressed", NULL };
    g_auto(SipsimResult) r = run("scenarios/callee-terminates.yaml", extra);
    g_assert_cmpint(r.status, ==, drawn_status());
    g_autofree char *script = sipsim_read_file(dir, "ladder.svg.gp");
    g_assert_true(strstr(script, "\nset terminal svg size "));
    g_autofree char *lanes = data_block(script, "lanes");
    g_assert_cmpstr(lanes, ==, "0 \"A\"\n1 \"proxy\"\n2 \"B\"\n");
    g_autofree char *messages = data_block(script, "messages");
    g_assert_cmpstr(messages, ==,
                    "0 1 1 1 " CT_CALL " \"0.000\" \"INVITE\" \"\" \"A-3@10.0.0.11\"\n"
                    "1 0 2 2 " CT_CALL " \"0.010\" \"100/INVITE\" \"\" \"A-3@10.0.0.11\"\n"
                    "1 2 3 3 " CT_CALL " \"0.010\" \"INVITE\" \"\" \"A-3@10.0.0.11\"\n"
                    "2 1 4 4 " CT_CALL " \"0.020\" \"100/INVITE\" \"\" \"A-3@10.0.0.11\"\n"
                    "2 1 5 5 " CT_CALL " \"0.020\" \"180/INVITE\" \"\" \"A-3@10.0.0.11\"\n"
                    "1 0 6 6 " CT_CALL " \"0.030\" \"180/INVITE\" \"\" \"A-3@10.0.0.11\"\n"
                    "2 1 7 7 " CT_CALL " \"2.020\" \"200/INVITE\" \"\" \"A-3@10.0.0.11\"\n"
                    "1 0 8 8 " CT_CALL " \"2.030\" \"200/INVITE\" \"\" \"A-3@10.0.0.11\"\n"
                    "0 1 9 9 " CT_CALL " \"2.040\" \"ACK\" \"\" \"A-3@10.0.0.11\"\n"
                    "1 2 10 10 " CT_CALL " \"2.050\" \"ACK\" \"\" \"A-3@10.0.0.11\"\n"
                    "2 1 11 11 " CT_CALL " \"7.060\" \"BYE\" \"\" \"A-3@10.0.0.11\"\n"
                    "1 0 12 12 " CT_CALL " \"7.070\" \"BYE\" \"\" \"A-3@10.0.0.11\"\n"
                    "0 1 13 13 " CT_CALL " \"7.080\" \"200/BYE\" \"\" \"A-3@10.0.0.11\"\n"
                    "1 2 14 14 " CT_CALL " \"7.090\" \"200/BYE\" \"\" \"A-3@10.0.0.11\"\n");
    /* the key names the one call; nothing was resent or lost, so the key says nothing of it */
    g_assert_true(strstr(script, "set label 'INVITE A-3@10.0.0.11' at screen"));
    g_assert_null(strstr(script, "retransmission (again)"));
    g_assert_null(strstr(script, "lost: the arrow stops"));
    if (have_gnuplot()) {
        g_autofree char *picture = sipsim_read_file(dir, "ladder.svg");
        g_assert_true(g_str_has_prefix(picture, "<?xml"));
    }
    const char *names[] = { "ladder.svg", "ladder.svg.gp", NULL };
    const char *script_only[] = { "ladder.svg.gp", NULL };
    assert_dir_holds(dir, have_gnuplot() ? names : script_only);
    sipsim_remove_dir(dir);
}

/* callee-terminates at 20% loss per link direction, seed 3 (the README's example): its 35
 * messages as in messages.csv, 19 of them retransmissions (dashed), 12 lost (stopping at a
 * cross, with their cause); the styles that show them are in the script and its key. */
static void test_ladder_lossy(void)
{
    g_autofree char *dir = new_dir();
    g_autofree char *png = g_build_filename(dir, "ladder.png", NULL);
    const char *extra[] = { "--ladder",   png,     "--ladder-time",
                            "compressed", "--set", "topology.links[*].loss=0.2",
                            "--seed",     "3",     "--out",
                            dir,          NULL };
    g_auto(SipsimResult) r = run("scenarios/callee-terminates.yaml", extra);
    g_assert_cmpint(r.status, ==, drawn_status());
    g_autofree char *script = sipsim_read_file(dir, "ladder.png.gp");
    g_assert_true(strstr(script, "\nset terminal pngcairo size "));
    g_autofree char *messages = data_block(script, "messages");
    g_autofree char *csv = sipsim_read_file(dir, "messages.csv");
    g_assert_cmpuint(count_lines(messages), ==, 35);
    g_assert_cmpuint(count_lines(csv), ==, 1 + 35);
    g_assert_cmpuint(count_field(messages, 6, "1"), ==, 19);
    g_assert_cmpuint(count_field(messages, 7, "1"), ==, 12);
    g_assert_true(strstr(messages, "2 1 4 4 0x1f77b4 0 1 \"0.020\" \"100/INVITE\" \"loss\" "
                                   "\"A-3@10.0.0.11\"\n"));
    g_assert_true(strstr(messages, "2 1 9 9 0x1f77b4 1 0 \"2.520\" \"200/INVITE (again)\" \"\" "
                                   "\"A-3@10.0.0.11\"\n"));
    g_assert_true(strstr(messages, "1 0 10 10 0x1f77b4 1 1 \"2.530\" \"200/INVITE (again)\" "
                                   "\"loss\" \"A-3@10.0.0.11\"\n"));
    g_assert_true(strstr(script, "\nstop = 0.7 "));
    g_assert_true(strstr(script, "using (sel(1, 0)):3:($2 - $1):($4 - $3):5 with vectors @head "
                                 "lw 1.5 dt (8,5) lc rgb variable"));
    g_assert_true(strstr(script, "with points pt 2 ps 1.2 lw 2 lc rgb '#d62728'"));
    g_assert_true(strstr(script, "nohead lw 1.5 dt (8,5) lc rgb '#000000'\n"
                                 "set label 'retransmission (again)' at screen"));
    g_assert_true(strstr(script, "point pt 2 ps 1.2 lw 1.5 lc rgb '#d62728'\n"
                                 "set label 'lost: the arrow stops, with the drop cause' at"));
    if (have_gnuplot()) {
        g_autofree char *picture = sipsim_read_file(dir, "ladder.png");
        g_assert_true(g_str_has_prefix(picture, "\x89PNG"));
    }
    sipsim_remove_dir(dir);
}

/* To scale: each arrow from its send time to its arrival (or drop) time, in seconds; the labels
 * that would overlap are left out, and the picture says so. */
static void test_ladder_scaled(void)
{
    g_autofree char *dir = new_dir();
    g_autofree char *pdf = g_build_filename(dir, "ladder.pdf", NULL);
    const char *extra[] = { "--ladder", pdf, "--set", "topology.links[*].loss=0.2",
                            "--seed",   "3", NULL };
    g_auto(SipsimResult) r = run("scenarios/callee-terminates.yaml", extra);
    g_assert_cmpint(r.status, ==, drawn_status());
    g_autofree char *script = sipsim_read_file(dir, "ladder.pdf.gp");
    g_assert_true(strstr(script, "\nset terminal pdfcairo size "));
    g_autofree char *messages = data_block(script, "messages");
    g_assert_cmpuint(count_lines(messages), ==, 35);
    g_assert_true(g_str_has_prefix(
        messages, "0 1 0.000000000 0.010000000 0x1f77b4 0 0 \"0.000\" \"INVITE\" \"\" "
                  "\"A-3@10.0.0.11\"\n"));
    /* the 100 Trying B sent at 20 ms was lost on its way */
    g_assert_true(strstr(messages, "\n2 1 0.020000000 0.020000000 0x1f77b4 0 1 "));
    g_assert_true(strstr(script, "labels left out where they would overlap; --ladder-time "
                                 "compressed shows all"));
    if (have_gnuplot()) {
        g_autofree char *picture = sipsim_read_file(dir, "ladder.pdf");
        g_assert_true(g_str_has_prefix(picture, "%PDF"));
    }
    sipsim_remove_dir(dir);
}

/* The same seed gives the same script, and the same picture. */
static void test_same_bytes(void)
{
    char *dirs[2] = { new_dir(), new_dir() };
    char *texts[2][4] = { { 0 } };
    for (int i = 0; i < 2; i++) {
        g_autofree char *ladder = g_build_filename(dirs[i], "l.svg", NULL);
        g_autofree char *timeline = g_build_filename(dirs[i], "t.svg", NULL);
        const char *extra[] = { "--ladder", ladder,  "--timeline",
                                timeline,   "--set", "topology.links[*].loss=0.1",
                                "--seed",   "7",     NULL };
        g_auto(SipsimResult) r = run("scenarios/call-hold.yaml", extra);
        g_assert_cmpint(r.status, ==, drawn_status());
        texts[i][0] = sipsim_read_file(dirs[i], "l.svg.gp");
        texts[i][1] = sipsim_read_file(dirs[i], "t.svg.gp");
        if (have_gnuplot()) {
            texts[i][2] = sipsim_read_file(dirs[i], "l.svg");
            texts[i][3] = sipsim_read_file(dirs[i], "t.svg");
        }
    }
    for (int k = 0; k < 4; k++)
        g_assert_cmpstr(texts[0][k], ==, texts[1][k]);
    for (int i = 0; i < 2; i++) {
        for (int k = 0; k < 4; k++)
            g_free(texts[i][k]);
        sipsim_remove_dir(dirs[i]);
        g_free(dirs[i]);
    }
}

/* One command gives every view of a reference flow: the text ladder on the terminal, an SVG
 * and a PNG ladder, the HTML page and the capture. */
static void test_every_view(void)
{
    g_autofree char *dir = new_dir();
    g_autofree char *svg = g_build_filename(dir, "l.svg", NULL);
    g_autofree char *png = g_build_filename(dir, "l.png", NULL);
    g_autofree char *html = g_build_filename(dir, "l.html", NULL);
    g_autofree char *pcap = g_build_filename(dir, "l.pcap", NULL);
    const char *args[] = { "run",      "scenarios/busy-here.yaml",
                           "--ladder", svg,
                           "--ladder", png,
                           "--html",   html,
                           "--pcap",   pcap,
                           NULL };
    g_auto(SipsimResult) r = sipsim_run(NULL, args);
    g_assert_cmpint(r.status, ==, drawn_status());
    g_assert_true(strstr(r.out, "|<-486/INVITE---|               |\n"));
    const char *drawn[] = { "l.svg", "l.svg.gp", "l.png", "l.png.gp", "l.html", "l.pcap", NULL };
    const char *scripts[] = { "l.svg.gp", "l.png.gp", "l.html", "l.pcap", NULL };
    assert_dir_holds(dir, have_gnuplot() ? drawn : scripts);
    if (have_gnuplot()) {
        g_autofree char *picture = sipsim_read_file(dir, "l.png");
        g_assert_true(g_str_has_prefix(picture, "\x89PNG"));
    }
    sipsim_remove_dir(dir);
}

/* A picture's name must say its format; nothing runs, nothing is written. */
static void test_bad_name(void)
{
    g_autofree char *dir = new_dir();
    g_autofree char *txt = g_build_filename(dir, "ladder.txt", NULL);
    const char *extra[] = { "--ladder", txt, NULL };
    g_auto(SipsimResult) r = run("scenarios/callee-terminates.yaml", extra);
    g_assert_cmpint(r.status, ==, 2);
    g_autofree char *want = g_strdup_printf(
        "sipsim run: --ladder %s: expected a file name ending in .svg, .png or .pdf\n", txt);
    g_assert_true(g_str_has_prefix(r.err, want));
    g_autofree char *jpg = g_build_filename(dir, "calls.jpg", NULL);
    const char *extra2[] = { "--timeline", jpg, NULL };
    g_auto(SipsimResult) r2 = run("scenarios/callee-terminates.yaml", extra2);
    g_assert_cmpint(r2.status, ==, 2);
    g_assert_true(strstr(r2.err, "--timeline"));
    g_assert_true(strstr(r2.err, "expected a file name ending in .svg, .png or .pdf"));
    const char *none[] = { NULL };
    assert_dir_holds(dir, none);
    sipsim_remove_dir(dir);
}

static void test_bad_ladder_time(void)
{
    g_autofree char *dir = new_dir();
    g_autofree char *svg = g_build_filename(dir, "ladder.svg", NULL);
    const char *extra[] = { "--ladder", svg, "--ladder-time", "linear", NULL };
    g_auto(SipsimResult) r = run("scenarios/callee-terminates.yaml", extra);
    g_assert_cmpint(r.status, ==, 2);
    g_assert_true(g_str_has_prefix(
        r.err, "sipsim run: --ladder-time: expected scaled or compressed, got 'linear'\n"));
    const char *alone[] = { "--ladder-time", "compressed", NULL };
    g_auto(SipsimResult) r2 = run("scenarios/callee-terminates.yaml", alone);
    g_assert_cmpint(r2.status, ==, 2);
    g_assert_true(g_str_has_prefix(r2.err, "sipsim run: --ladder-time goes with --ladder FILE\n"));
    const char *none[] = { NULL };
    assert_dir_holds(dir, none);
    sipsim_remove_dir(dir);
}

/* Runs @scenario with --out DIR, --ladder DIR/l.svg and --timeline DIR/t.svg, with PATH
 * holding only @bin (a directory without gnuplot, or with a gnuplot that fails). */
static SipsimResult run_with_path(const char *bin, const char *scenario, const char *dir)
{
    g_autofree char *ladder = g_build_filename(dir, "l.svg", NULL);
    g_autofree char *timeline = g_build_filename(dir, "t.svg", NULL);
    const char *extra[] = { "--out", dir, "--ladder", ladder, "--timeline", timeline, NULL };
    g_autofree char *path = g_strdup(g_getenv("PATH"));
    g_setenv("PATH", bin, TRUE);
    SipsimResult r = run(scenario, extra);
    g_setenv("PATH", path, TRUE);
    return r;
}

static const char *const run_files[] = {
    "datagrams.csv", "messages.csv", "calls.csv", "transactions.csv", "stats.csv", "media.csv",
    "summary.json",  "timing.json",  "l.svg.gp",  "t.svg.gp",         NULL,
};

/* Without gnuplot: the scripts and the run's other outputs are written, the pictures are not,
 * and the exit status says an output is missing. */
static void test_gnuplot_missing(void)
{
    g_autofree char *bin = new_dir();
    g_autofree char *dir = new_dir();
    g_auto(SipsimResult) r = run_with_path(bin, "scenarios/callee-terminates.yaml", dir);
    g_assert_cmpint(r.status, ==, 1);
    g_autofree char *want = g_strdup_printf(
        "sipsim run: --ladder %s/l.svg: gnuplot not found: install gnuplot-nox; %s/l.svg.gp is "
        "written (its data inline): run gnuplot %s/l.svg.gp once it is installed\n"
        "sipsim run: --timeline %s/t.svg: gnuplot not found: install gnuplot-nox; %s/t.svg.gp "
        "is written (its data inline): run gnuplot %s/t.svg.gp once it is installed\n",
        dir, dir, dir, dir, dir, dir);
    g_assert_cmpstr(r.err, ==, want);
    assert_dir_holds(dir, run_files);
    g_autofree char *script = sipsim_read_file(dir, "l.svg.gp");
    g_autofree char *messages = data_block(script, "messages");
    g_assert_cmpuint(count_lines(messages), ==, 14);
    sipsim_remove_dir(dir);
    sipsim_remove_dir(bin);
}

/* gnuplot fails: its error is told, no picture is left, not even a temporary one. */
static void test_gnuplot_fails(void)
{
    g_autofree char *bin = new_dir();
    g_autofree char *dir = new_dir();
    g_autofree char *fake = g_build_filename(bin, "gnuplot", NULL);
    g_assert_true(g_file_set_contents(
        fake, "#!/bin/sh\necho '\"x.gp\" line 9: unknown terminal' >&2\nexit 1\n", -1, NULL));
    g_assert_cmpint(g_chmod(fake, 0755), ==, 0);
    g_autofree char *old = g_build_filename(dir, "l.svg", NULL);
    g_assert_true(g_file_set_contents(old, "an earlier run's", -1, NULL));
    g_auto(SipsimResult) r = run_with_path(bin, "scenarios/callee-terminates.yaml", dir);
    g_assert_cmpint(r.status, ==, 1);
    g_autofree char *want = g_strdup_printf("sipsim run: --ladder %s/l.svg: gnuplot failed on "
                                            "%s/l.svg.gp: \"x.gp\" line 9: unknown terminal\n",
                                            dir, dir);
    g_assert_true(g_str_has_prefix(r.err, want));
    assert_dir_holds(dir, run_files);
    sipsim_remove_dir(dir);
    sipsim_remove_dir(bin);
}

/* Nothing to draw, or too much: the picture is not drawn, and no picture or script of an
 * earlier run is left to look like this run's. */
static void test_not_drawn(void)
{
    g_autofree char *dir = new_dir();
    g_autofree char *t = g_build_filename(dir, "t.svg", NULL);
    g_autofree char *t_gp = g_build_filename(dir, "t.svg.gp", NULL);
    g_assert_true(g_file_set_contents(t, "an earlier run's", -1, NULL));
    g_assert_true(g_file_set_contents(t_gp, "an earlier run's", -1, NULL));
    const char *extra[] = { "--timeline", t, NULL };
    g_auto(SipsimResult) r = run("scenarios/register.yaml", extra);
    g_assert_cmpint(r.status, ==, 1);
    g_autofree char *want = g_strdup_printf("sipsim run: --timeline %s: the run had no call: "
                                            "not drawn\n",
                                            t);
    g_assert_cmpstr(r.err, ==, want);
    /* the NAT matrix sends 1015 messages, over the ladder's 500 */
    g_autofree char *l = g_build_filename(dir, "l.png", NULL);
    const char *extra2[] = { "--ladder", l, NULL };
    g_auto(SipsimResult) r2 = run("scenarios/nat-matrix.yaml", extra2);
    g_assert_cmpint(r2.status, ==, 1);
    g_autofree char *want2 = g_strdup_printf("sipsim run: --ladder %s: the run sent 1015 SIP and "
                                             "STUN messages, more than 500: not drawn\n",
                                             l);
    g_assert_cmpstr(r2.err, ==, want2);
    const char *none[] = { NULL };
    assert_dir_holds(dir, none);
    sipsim_remove_dir(dir);
}

/* call-hold: A calls B (ringing from the 180's arrival at A, 40 ms, to the 200's, 2.040 s); B
 * holds at 5 s, and the call is on hold from A's recvonly answer (5.020 s) until both sides
 * send again (B's sendrecv at 10.040 s); B hangs up at 15 s, A has the BYE at 15.020 s. */
static void test_timeline_hold(void)
{
    g_autofree char *dir = new_dir();
    g_autofree char *svg = g_build_filename(dir, "calls.svg", NULL);
    const char *extra[] = { "--timeline", svg, NULL };
    g_auto(SipsimResult) r = run("scenarios/call-hold.yaml", extra);
    g_assert_cmpint(r.status, ==, drawn_status());
    g_autofree char *script = sipsim_read_file(dir, "calls.svg.gp");
    g_autofree char *calls = data_block(script, "calls");
    g_assert_cmpstr(calls, ==, "1 \"A-3@10.0.0.11: A->B (200)\" \"A-3@10.0.0.11\"\n");
    g_autofree char *phases = data_block(script, "phases");
    g_assert_cmpstr(phases, ==,
                    "1 0.000000000 0.040000000 \"trying\" 0xc7c7c7\n"
                    "1 0.040000000 2.040000000 \"ringing\" 0xfdae6b\n"
                    "1 2.040000000 5.020000000 \"talking\" 0x74c476\n"
                    "1 5.020000000 10.040000000 \"on-hold\" 0x6baed6\n"
                    "1 10.040000000 15.020000000 \"talking\" 0x74c476\n");
    /* the legend says what each colour and mark means */
    g_assert_true(strstr(script, "fc rgb '#6baed6' fs solid 1.0 noborder\n"
                                 "set label 'on hold: a side''s media is not sendrecv' at"));
    g_assert_true(strstr(script, "set label 'timer A, E or G fired: a retransmission' at"));
    sipsim_remove_dir(dir);
}

/* request-timeout: the proxy resends the INVITE to the silent B on Timer A (0.5 s, doubling)
 * and gives up on Timer B (64*T1 after the INVITE); then Timer I ends its server transaction
 * (T4 after the ACK of its 408) and Timer D A's client transaction (32 s after the 408). */
static void test_timeline_timers(void)
{
    g_autofree char *dir = new_dir();
    g_autofree char *png = g_build_filename(dir, "calls.png", NULL);
    const char *extra[] = { "--timeline", png, NULL };
    g_auto(SipsimResult) r = run("scenarios/request-timeout.yaml", extra);
    g_assert_cmpint(r.status, ==, drawn_status());
    g_autofree char *script = sipsim_read_file(dir, "calls.png.gp");
    g_autofree char *phases = data_block(script, "phases");
    g_assert_cmpstr(phases, ==, "1 0.000000000 32.020000000 \"trying\" 0xc7c7c7\n");
    g_autofree char *timers = data_block(script, "timers");
    g_assert_cmpstr(timers, ==,
                    "1 0.510000000 \"A\" 1 \"proxy\" \"INVITE\" \"A\"\n"
                    "1 1.510000000 \"A\" 1 \"proxy\" \"INVITE\" \"A\"\n"
                    "1 3.510000000 \"A\" 1 \"proxy\" \"INVITE\" \"A\"\n"
                    "1 7.510000000 \"A\" 1 \"proxy\" \"INVITE\" \"A\"\n"
                    "1 15.510000000 \"A\" 1 \"proxy\" \"INVITE\" \"A\"\n"
                    "1 31.510000000 \"A\" 1 \"proxy\" \"INVITE\" \"A\"\n"
                    "1 32.010000000 \"B\" 2 \"proxy\" \"INVITE\" \"\"\n"
                    "1 37.030000000 \"I\" 3 \"proxy\" \"INVITE\" \"I\"\n"
                    "1 64.020000000 \"D\" 3 \"A\" \"INVITE\" \"D\"\n");
    sipsim_remove_dir(dir);
}

/* unattended-transfer: A refers B to C at 5 s; the subscription outlives A's BYE until B's
 * NOTIFY that says "terminated" (8.060 s), when the transferred call B->C is answered. */
static void test_timeline_transfer(void)
{
    g_autofree char *dir = new_dir();
    g_autofree char *svg = g_build_filename(dir, "calls.svg", NULL);
    const char *extra[] = { "--timeline", svg, NULL };
    g_auto(SipsimResult) r = run("scenarios/unattended-transfer.yaml", extra);
    g_assert_cmpint(r.status, ==, drawn_status());
    g_autofree char *script = sipsim_read_file(dir, "calls.svg.gp");
    g_autofree char *phases = data_block(script, "phases");
    g_assert_cmpstr(phases, ==,
                    "1 0.000000000 0.040000000 \"trying\" 0xc7c7c7\n"
                    "1 0.040000000 2.040000000 \"ringing\" 0xfdae6b\n"
                    "1 2.040000000 5.000000000 \"talking\" 0x74c476\n"
                    "1 5.000000000 8.060000000 \"transferring\" 0x9e9ac8\n"
                    "2 6.020000000 6.060000000 \"trying\" 0xc7c7c7\n"
                    "2 6.060000000 8.060000000 \"ringing\" 0xfdae6b\n"
                    "2 8.060000000 13.100000000 \"talking\" 0x74c476\n");
    sipsim_remove_dir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_nonnull(g_getenv("SIPSIM"));
    g_test_add_func("/plots/ladder/compressed", test_ladder_compressed);
    g_test_add_func("/plots/ladder/lossy", test_ladder_lossy);
    g_test_add_func("/plots/ladder/scaled", test_ladder_scaled);
    g_test_add_func("/plots/same-bytes", test_same_bytes);
    g_test_add_func("/plots/every-view", test_every_view);
    g_test_add_func("/plots/bad-name", test_bad_name);
    g_test_add_func("/plots/bad-ladder-time", test_bad_ladder_time);
    g_test_add_func("/plots/gnuplot-missing", test_gnuplot_missing);
    g_test_add_func("/plots/gnuplot-fails", test_gnuplot_fails);
    g_test_add_func("/plots/not-drawn", test_not_drawn);
    g_test_add_func("/plots/timeline/hold", test_timeline_hold);
    g_test_add_func("/plots/timeline/timers", test_timeline_timers);
    g_test_add_func("/plots/timeline/transfer", test_timeline_transfer);
    return g_test_run();
}
