/* SPDX-License-Identifier: MIT */
/* sipsim: a discrete-event SIP network simulator. */
#include <gsl/gsl_version.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>
#include <zlib.h>

#include "cli.h"
#include "sipsim-config.h"

typedef struct {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
} Command;

static const Command commands[] = {
    { "run", "run a scenario (with no file: the built-in demo)", cli_run },
    { "validate", "check topology and scenario files without running them", cli_validate },
    { "parse", "explain one SIP message read from a file", cli_parse_message },
    { "machines", "print a SIP state machine's diagram and table", cli_machines },
    { "sweep", "run a scenario over a sweep of settings, with replications; tabulate, plot",
      cli_sweep },
    { "merge", "tabulate and plot a sweep's runs that shards wrote into several directories",
      cli_merge },
};

/* The libraries' versions as loaded at run time, where the library can tell; json-glib only
 * has the version it was built with. */
static void print_version(void)
{
    const char *pcap = pcap_lib_version(); /* "libpcap version 1.10.3 (with TPACKET_V3)" */
    if (g_str_has_prefix(pcap, "libpcap version "))
        pcap += strlen("libpcap version ");
    printf("sipsim %s\n", SIPSIM_VERSION);
    printf("GLib %u.%u.%u\n", glib_major_version, glib_minor_version, glib_micro_version);
    printf("libyaml %s\n", yaml_get_version_string());
    printf("GSL %s\n", gsl_version);
    printf("json-glib %s (built with)\n", JSON_VERSION_S);
    printf("zlib %s\n", zlibVersion());
    printf("libpcap %s\n", pcap);
}

static void print_help(FILE *f)
{
    fprintf(f, "Usage: sipsim COMMAND [OPTION...] [FILE...]\n\n"
               "A discrete-event SIP network simulator.\n\nCommands:\n");
    for (gsize i = 0; i < G_N_ELEMENTS(commands); i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nOptions:\n  --version  print the version and the libraries' versions\n"
               "  --help     this text; 'sipsim COMMAND --help' for a command's options\n");
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    if (argc < 2) {
        print_help(stderr);
        return CLI_BAD_INPUT;
    }
    const char *cmd = argv[1];
    if (g_str_equal(cmd, "--version")) {
        print_version();
        return CLI_OK;
    }
    if (g_str_equal(cmd, "--help") || g_str_equal(cmd, "-h") || g_str_equal(cmd, "help")) {
        print_help(stdout);
        return CLI_OK;
    }
    for (gsize i = 0; i < G_N_ELEMENTS(commands); i++) {
        if (!g_str_equal(cmd, commands[i].name))
            continue;
        g_autofree char *prgname = g_strconcat("sipsim ", cmd, NULL);
        g_set_prgname(prgname); /* GOption's usage line: "sipsim run [OPTION...]" */
        return commands[i].run(argc - 1, argv + 1);
    }
    fprintf(stderr, "sipsim: unknown command '%s'\n", cmd);
    print_help(stderr);
    return CLI_BAD_INPUT;
}
