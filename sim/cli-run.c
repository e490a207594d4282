/* SPDX-License-Identifier: MIT */
/* sipsim run [SCENARIO.yaml]: runs a scenario, prints its report, writes its outputs. */
#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>

#include "cli.h"
#include "out-calls.h"
#include "out-datagrams.h"
#include "out-file.h"
#include "out-html.h"
#include "out-ladder.h"
#include "out-media.h"
#include "out-messages.h"
#include "out-pcap.h"
#include "out-plot-ladder.h"
#include "out-plot-timeline.h"
#include "out-report.h"
#include "out-sipp-stats.h"
#include "out-transactions.h"
#include "scenario.h"
#include "sipsim-config.h"

#define DEMO_SCENARIO "resource:///sipsim/scenarios/callee-terminates.yaml"
/* A run with more SIP messages than this prints its report without a ladder. */
#define LADDER_MAX_ROWS 300
/* --ladder draws up to this many messages, --timeline this many calls; else says it did not. */
#define LADDER_PLOT_MAX_MESSAGES 500
#define TIMELINE_MAX_CALLS       1000

typedef struct {
    char *out;
    char *pcap;
    char *seed;
    char *run;
    char *until;
    char **sets;
    char *html;
    char *summary;
    gboolean quiet;
    gboolean calls;
    char **ladders;
    char *ladder_time;
    char *timeline;
    char *stats_interval;
    SimTime stats_every; /* --stats-interval, parsed */
} RunOptions;

/* The signal that stopped the run, 0 before one came. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    interrupted = sig;
}

/* The first SIGINT or SIGTERM stops the run cleanly; a second one kills at once (any output
 * then stays under its hidden temporary name, never under a name that looks complete). */
static void catch_signals(void)
{
    struct sigaction sa = { 0 };
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static gboolean parse_count(const char *option, const char *text, gboolean *has, guint64 *out)
{
    if (!text)
        return TRUE;
    const char *p = text;
    guint64 v = 0;
    for (; g_ascii_isdigit(*p) && v <= (G_MAXUINT64 - 9) / 10; p++)
        v = v * 10 + (guint64) (*p - '0');
    if (!*text || *p) {
        cli_usage_error("run",
                        "%s: expected a whole number from 0 to %" G_GUINT64_FORMAT ", got '%s'",
                        option, G_MAXUINT64, text);
        return FALSE;
    }
    *has = TRUE;
    *out = v;
    return TRUE;
}

static gboolean read_overrides(const RunOptions *o, ScenarioOverrides *ov)
{
    if (!parse_count("--seed", o->seed, &ov->has_seed, &ov->seed) ||
        !parse_count("--run", o->run, &ov->has_run, &ov->run))
        return FALSE;
    if (o->until) {
        g_autofree char *why = cfg_duration_parse(o->until, &ov->until);
        if (why) {
            cli_usage_error("run", "--until: %s, got '%s'", why, o->until);
            return FALSE;
        }
        ov->has_until = TRUE;
    }
    return TRUE;
}

/* --stats-interval T: stats.csv's period, 10 s by default. */
static gboolean read_stats_interval(RunOptions *o)
{
    o->stats_every = 10 * SIM_S;
    if (!o->stats_interval)
        return TRUE;
    if (!o->out) {
        cli_usage_error("run", "--stats-interval goes with --out DIR");
        return FALSE;
    }
    g_autofree char *why = cfg_duration_parse(o->stats_interval, &o->stats_every);
    if (!why && o->stats_every <= 0)
        why = g_strdup("expected a duration above 0");
    if (why) {
        cli_usage_error("run", "--stats-interval: %s, got '%s'", why, o->stats_interval);
        return FALSE;
    }
    return TRUE;
}

static const char *end_reason(SimRunEnd end)
{
    switch (end) {
    case SIM_RUN_EMPTY:
        return "no event left";
    case SIM_RUN_UNTIL:
        return "time limit";
    case SIM_RUN_STOPPED:
        return "stopped by the scenario";
    case SIM_RUN_INTERRUPTED:
        return "interrupted";
    }
    return "?";
}

static gboolean write_timing(FILE *f, double wall, guint64 events)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "sipsim");
    json_builder_add_string_value(b, SIPSIM_VERSION);
    json_builder_set_member_name(b, "wall_s");
    json_builder_add_double_value(b, wall);
    json_builder_set_member_name(b, "events_per_s");
    json_builder_add_double_value(b, wall > 0 ? (double) events / wall : 0);
    json_builder_set_member_name(b, "peak_rss_kib");
    json_builder_add_int_value(b, ru.ru_maxrss);
    json_builder_end_object(b);
    g_autoptr(JsonNode) root = json_builder_get_root(b);
    return out_report_write_json(f, root);
}

/* The files of --out DIR, in the order they are listed in docs/outputs.md. */
enum {
    FILE_DATAGRAMS,
    FILE_MESSAGES,
    FILE_CALLS,
    FILE_TRANSACTIONS,
    FILE_STATS,
    FILE_MEDIA,
    FILE_SUMMARY,
    FILE_TIMING,
    N_FILES
};
static const char *const file_names[N_FILES] = {
    "datagrams.csv", "messages.csv", "calls.csv",    "transactions.csv",
    "stats.csv",     "media.csv",    "summary.json", "timing.json",
};

/* What watches a run: the message log behind the ladder and the files, and the files. */
typedef struct {
    OutMessageLog *messages;
    OutSipTally *sip;
    OutLadder *ladder;
    OutCalls *calls;
    OutTransactions *transactions;
    OutSippStats *stats;
    OutFile *files[N_FILES];
    OutPcap *pcap;
    OutHtml *html;
    OutFile *html_file;
    OutFile *summary_file;   /* --summary's */
    GPtrArray *ladder_plots; /* OutPlotLadder, one per --ladder */
    OutPlotTimeline *timeline;
} Outputs;

static void outputs_clear(Outputs *o)
{
    for (int i = 0; i < N_FILES; i++)
        if (o->files[i])
            out_file_abort(o->files[i]);
    out_pcap_abort(o->pcap);
    if (o->html_file)
        out_file_abort(o->html_file);
    if (o->summary_file)
        out_file_abort(o->summary_file);
    out_html_free(o->html);
    g_clear_pointer(&o->ladder_plots, g_ptr_array_unref);
    out_plot_timeline_free(o->timeline);
    out_calls_free(o->calls);
    out_transactions_free(o->transactions);
    out_sipp_stats_free(o->stats);
    out_ladder_free(o->ladder);
    out_sip_tally_free(o->sip);
    out_message_log_free(o->messages);
}

/* Opens DIR's files and attaches their writers; FALSE (and a message) when it cannot. */
static gboolean open_outputs(const char *dir, Scenario *s, Outputs *o)
{
    GError *error = NULL;
    if (g_mkdir_with_parents(dir, 0777) != 0) {
        cli_usage_error("run", "--out %s: cannot create the directory: %s", dir, g_strerror(errno));
        return FALSE;
    }
    for (int i = 0; i < N_FILES; i++) {
        if (!(o->files[i] = out_file_open(dir, file_names[i], &error))) {
            cli_usage_error("run", "--out: %s", error->message);
            g_error_free(error);
            return FALSE;
        }
    }
    out_datagrams_attach(s->net, out_file_stream(o->files[FILE_DATAGRAMS]));
    out_messages_csv_attach(o->messages, out_file_stream(o->files[FILE_MESSAGES]));
    out_media_csv_attach(&s->sip_trace, out_file_stream(o->files[FILE_MEDIA]));
    o->transactions =
        out_transactions_attach(&s->sip_trace, out_file_stream(o->files[FILE_TRANSACTIONS]));
    return TRUE;
}

/* Writes the end-of-run files and renames all of them, complete or partial. */
static gboolean finish_outputs(Outputs *o, const OutRunInfo *info, const Scenario *s, double wall,
                               GError **error)
{
    out_calls_write(o->calls, o->sip ? out_sip_tally_rtp(o->sip) : NULL,
                    out_file_stream(o->files[FILE_CALLS]));
    out_transactions_finish(g_steal_pointer(&o->transactions));
    out_sipp_stats_write(o->stats, info->reached, out_file_stream(o->files[FILE_STATS]));
    g_autoptr(JsonNode) json = out_report_json(info, s->net, &s->world);
    out_report_write_json(out_file_stream(o->files[FILE_SUMMARY]), json);
    write_timing(out_file_stream(o->files[FILE_TIMING]), wall, info->events);
    gboolean ok = TRUE;
    for (int i = 0; i < N_FILES; i++) {
        ok = out_file_finish(o->files[i], info->complete, ok ? error : NULL) && ok;
        o->files[i] = NULL;
    }
    return ok;
}

/* The file of --@option FILE, anywhere: its temporary file goes beside it, so that the rename
 * stays in one directory. NULL (and a message) when it cannot. */
static OutFile *open_file_option(const char *option, const char *path)
{
    if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
        cli_usage_error("run", "--%s %s: a directory; expected a file name", option, path);
        return NULL;
    }
    GError *error = NULL;
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *name = g_path_get_basename(path);
    OutFile *f = out_file_open(dir, name, &error);
    if (!f) {
        cli_usage_error("run", "--%s: %s", option, error->message);
        g_error_free(error);
    }
    return f;
}

/* --html FILE. The page needs the messages' bytes, which the log keeps only from now on. */
static gboolean open_html(const char *path, Scenario *s, Outputs *o)
{
    if (!(o->html_file = open_file_option("html", path)))
        return FALSE;
    o->html = out_html_new(o->messages, &s->sip_trace, OUT_HTML_MAX_MESSAGES);
    return TRUE;
}

static gboolean finish_html(Outputs *o, const OutRunInfo *info, const Scenario *s, GError **error)
{
    out_html_write(o->html, out_file_stream(o->html_file), info, s->net, &s->world);
    return out_file_finish(g_steal_pointer(&o->html_file), info->complete, error);
}

static gboolean finish_summary(Outputs *o, const OutRunInfo *info, const Scenario *s,
                               GError **error)
{
    g_autoptr(JsonNode) json = out_report_json(info, s->net, &s->world);
    out_report_write_json(out_file_stream(o->summary_file), json);
    return out_file_finish(g_steal_pointer(&o->summary_file), info->complete, error);
}

/* --ladder and --timeline: their scripts are opened beside their pictures now, so that a bad
 * name stops sipsim before the run. */
static gboolean open_plots(const RunOptions *opt, Scenario *s, Outputs *o)
{
    GError *error = NULL;
    OutLadderTime time = OUT_LADDER_TIME_SCALED;
    if (opt->ladder_time && !opt->ladders) {
        cli_usage_error("run", "--ladder-time goes with --ladder FILE");
        return FALSE;
    }
    if (opt->ladder_time && !out_ladder_time_parse(opt->ladder_time, &time)) {
        cli_usage_error("run", "--ladder-time: expected scaled or compressed, got '%s'",
                        opt->ladder_time);
        return FALSE;
    }
    if (opt->ladders)
        o->ladder_plots = g_ptr_array_new_with_free_func((GDestroyNotify) out_plot_ladder_free);
    for (char **path = opt->ladders; path && *path && !error; path++) {
        OutPlotLadder *plot =
            out_plot_ladder_new(o->messages, *path, time, LADDER_PLOT_MAX_MESSAGES, &error);
        if (plot)
            g_ptr_array_add(o->ladder_plots, plot);
    }
    if (opt->timeline && !error)
        o->timeline = out_plot_timeline_new(o->messages, &s->sip_trace, opt->timeline,
                                            TIMELINE_MAX_CALLS, &error);
    if (error) {
        cli_usage_error("run", "%s", error->message);
        g_error_free(error);
        return FALSE;
    }
    return TRUE;
}

/* Draws the pictures; FALSE when one is missing (each says why). */
static gboolean finish_plots(Outputs *o, const OutRunInfo *info)
{
    OutPlotRun run = { info->scenario, info->seed, info->run, info->reached, info->complete };
    GError *error = NULL;
    gboolean ok = TRUE;
    g_autoptr(GPtrArray) ladders = g_steal_pointer(&o->ladder_plots);
    if (ladders)
        g_ptr_array_set_free_func(ladders, NULL); /* each finish frees its ladder */
    for (guint i = 0; ladders && i < ladders->len; i++) {
        if (!out_plot_ladder_finish(ladders->pdata[i], &run, &error)) {
            fprintf(stderr, "sipsim run: %s\n", error->message);
            g_clear_error(&error);
            ok = FALSE;
        }
    }
    if (o->timeline && !out_plot_timeline_finish(g_steal_pointer(&o->timeline), &run, &error)) {
        fprintf(stderr, "sipsim run: %s\n", error->message);
        g_clear_error(&error);
        ok = FALSE;
    }
    return ok;
}

static void run_options_clear(RunOptions *o)
{
    g_free(o->out);
    g_free(o->pcap);
    g_free(o->seed);
    g_free(o->run);
    g_free(o->until);
    g_strfreev(o->sets);
    g_free(o->html);
    g_free(o->summary);
    g_strfreev(o->ladders);
    g_free(o->ladder_time);
    g_free(o->timeline);
    g_free(o->stats_interval);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(RunOptions, run_options_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Outputs, outputs_clear)

static int run_scenario(const RunOptions *o, const char *path, const ScenarioOverrides *ov)
{
    GError *error = NULL;
    g_autoptr(Scenario) s = scenario_load(path, ov, &error);
    if (!s) {
        fprintf(stderr, "%s\n", error->message);
        g_error_free(error);
        return CLI_BAD_INPUT;
    }
    g_auto(Outputs) out = { 0 };
    if (out_sip_report_wanted(&s->world))
        out.sip = out_sip_tally_new(&s->sip_trace);
    if (out.sip)
        out_sip_tally_set_warmup(out.sip, s->warmup);
    if (o->out || o->html || !o->quiet || o->ladders || o->timeline)
        out.messages = out_message_log_new(s->net, &s->sip_trace);
    if (!o->quiet)
        out.ladder = out_ladder_new(out.messages, LADDER_MAX_ROWS);
    if (out.messages && (o->out || o->calls))
        out.calls = out_calls_new(out.messages, &s->sip_trace);
    if (o->out && !open_outputs(o->out, s, &out))
        return CLI_BAD_INPUT;
    if (o->out)
        out.stats = out_sipp_stats_new(&s->sip_trace, &s->world, o->stats_every);
    if (o->pcap && !(out.pcap = out_pcap_open(s->net, o->pcap, &error))) {
        cli_usage_error("run", "--pcap: %s", error->message);
        g_error_free(error);
        return CLI_BAD_INPUT;
    }
    if (o->html && !open_html(o->html, s, &out))
        return CLI_BAD_INPUT;
    if (o->summary && !(out.summary_file = open_file_option("summary", o->summary)))
        return CLI_BAD_INPUT;
    if (!open_plots(o, s, &out))
        return CLI_BAD_INPUT;

    catch_signals();
    sim_kernel_set_interrupt_flag(s->kernel, &interrupted);
    sim_world_start(&s->world, s->kernel);
    gint64 t0 = g_get_monotonic_time();
    SimRunEnd end = sim_kernel_run(s->kernel, s->until);
    double wall = (double) (g_get_monotonic_time() - t0) / G_USEC_PER_SEC;
    sim_world_finish(&s->world);
    if (out.messages)
        out_message_log_flush(out.messages);

    OutRunInfo info = {
        .scenario = s->path,
        .topology = s->topology_path,
        .seed = s->seed,
        .run = s->run,
        .until = s->until,
        .reached = sim_kernel_now(s->kernel),
        .events = sim_kernel_executed(s->kernel),
        .complete = end != SIM_RUN_INTERRUPTED,
        .ended = end_reason(end),
        .sip = out.sip,
    };
    if (!o->quiet) {
        if (g_str_equal(path, DEMO_SCENARIO))
            printf("(the built-in demo; 'sipsim run FILE.yaml' runs your own scenario)\n");
        if (out_ladder_print(out.ladder, stdout))
            putchar('\n');
        out_report_print(stdout, &info, s->net, &s->world);
        if (o->calls && out.calls)
            out_calls_print(out.calls, out.sip ? out_sip_tally_rtp(out.sip) : NULL, stdout);
        printf("wall time %.3f s (%.2f million events/s)\n", wall,
               wall > 0 ? (double) info.events / wall / 1e6 : 0.0);
    }
    if (o->out && !finish_outputs(&out, &info, s, wall, &error)) {
        fprintf(stderr, "sipsim run: %s\n", error->message);
        g_error_free(error);
        return CLI_FAILED;
    }
    if (out.pcap && !out_pcap_finish(g_steal_pointer(&out.pcap), info.complete, &error)) {
        fprintf(stderr, "sipsim run: %s\n", error->message);
        g_error_free(error);
        return CLI_FAILED;
    }
    if (out.html_file && !finish_html(&out, &info, s, &error)) {
        fprintf(stderr, "sipsim run: %s\n", error->message);
        g_error_free(error);
        return CLI_FAILED;
    }
    if (out.summary_file && !finish_summary(&out, &info, s, &error)) {
        fprintf(stderr, "sipsim run: %s\n", error->message);
        g_error_free(error);
        return CLI_FAILED;
    }
    gboolean drawn = finish_plots(&out, &info);
    if (!info.complete) {
        fprintf(stderr, "sipsim run: interrupted at simulated time %.9f s%s\n",
                (double) info.reached / SIM_S,
                o->out || o->pcap || o->html || o->summary || o->ladders || o->timeline
                    ? "; the outputs were kept as *.partial"
                    : "");
        /* 128 + the signal, as a shell reports a command the signal killed: 130 for SIGINT,
         * 143 for SIGTERM. */
        return 128 + interrupted;
    }
    return drawn ? CLI_OK : CLI_FAILED;
}

int cli_run(int argc, char **argv)
{
    g_auto(RunOptions) o = { 0 };
    const GOptionEntry entries[] = {
        { "out", 'o', 0, G_OPTION_ARG_FILENAME, &o.out,
          "Write datagrams.csv, messages.csv, calls.csv, transactions.csv, stats.csv, "
          "media.csv, summary.json and timing.json into DIR",
          "DIR" },
        { "pcap", 0, 0, G_OPTION_ARG_FILENAME, &o.pcap,
          "Write every datagram, as its sender sent it, to FILE as a libpcap capture (raw "
          "IPv4, nanosecond timestamps) for Wireshark or tshark",
          "FILE" },
        { "seed", 0, 0, G_OPTION_ARG_STRING, &o.seed,
          "Seed of the random streams (default: the scenario's, else 1)", "N" },
        { "run", 0, 0, G_OPTION_ARG_STRING, &o.run,
          "Run (replication) number: other independent streams for the same seed (default 0)",
          "N" },
        { "until", 0, 0, G_OPTION_ARG_STRING, &o.until,
          "Stop at this simulated time, e.g. 30s (default: the scenario's duration)", "T" },
        { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.sets,
          "Override a value: PATH=VALUE into the scenario, topology.PATH=VALUE into its "
          "topology, e.g. 'topology.links[*].loss=0.2' (repeatable)",
          "PATH=VALUE" },
        { "calls", 0, 0, G_OPTION_ARG_NONE, &o.calls,
          "Print every call after the report: its name, parties, status, time to answer and "
          "media",
          NULL },
        { "html", 0, 0, G_OPTION_ARG_FILENAME, &o.html,
          "Write the run as one self-contained HTML page to FILE: the ladder, every message's "
          "text, stepping through the flow, a filter by call",
          "FILE" },
        { "summary", 0, 0, G_OPTION_ARG_FILENAME, &o.summary,
          "Write the run's figures to FILE, as summary.json of --out: without --out's files of "
          "one row per message or call, the memory of a long run stays flat",
          "FILE" },
        { "ladder", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.ladders,
          "Draw the ladder of the SIP and STUN messages with gnuplot into FILE (.svg, .png or "
          ".pdf), beside its script FILE.gp; repeat it for more pictures: --ladder L.svg "
          "--ladder L.png",
          "FILE" },
        { "ladder-time", 0, 0, G_OPTION_ARG_STRING, &o.ladder_time,
          "The --ladder's time axis: scaled (to scale, the default) or compressed (one row per "
          "message, as the text ladder)",
          "MODE" },
        { "timeline", 0, 0, G_OPTION_ARG_FILENAME, &o.timeline,
          "Draw each call's phases and timer firings over time with gnuplot into FILE (.svg, "
          ".png or .pdf), beside its script FILE.gp",
          "FILE" },
        { "stats-interval", 0, 0, G_OPTION_ARG_STRING, &o.stats_interval,
          "The period of stats.csv's rows in simulated time (default 10s)", "T" },
        { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o.quiet, "Print nothing but errors", NULL },
        { NULL },
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("[SCENARIO.yaml] - run a scenario");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_description(
        ctx, "With no file, runs the built-in demo: scenarios/callee-terminates.yaml.\n"
             "Files in DIR, the --pcap FILE, the --html FILE and the --summary FILE are written "
             "under temporary "
             "names and renamed when the run ends; an interrupted run (Ctrl-C) leaves them as "
             "NAME.partial.\n"
             "Exit status: 0 done, 1 an output is missing (gnuplot missing or failing...), 2 bad "
             "options or files, 130 interrupted by SIGINT (Ctrl-C), 143 by SIGTERM.");
    if (!cli_parse(ctx, "run", &argc, &argv))
        return CLI_BAD_INPUT;
    if (argc > 2)
        return cli_usage_error("run", "one scenario at a time, got %d files", argc - 1);
    ScenarioOverrides ov = { .sets = (const char *const *) o.sets };
    if (!read_overrides(&o, &ov) || !read_stats_interval(&o))
        return CLI_BAD_INPUT;
    return run_scenario(&o, argc == 2 ? argv[1] : DEMO_SCENARIO, &ov);
}
