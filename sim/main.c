/* SPDX-License-Identifier: MIT */
/* sipsim: a discrete-event SIP network simulator. */
#include <gsl/gsl_version.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>
#include <yaml.h>

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
};

static void print_version(void)
{
    printf("sipsim %s\n", SIPSIM_VERSION);
    printf("GLib %u.%u.%u, libyaml %s, GSL %s, json-glib %s\n", glib_major_version,
           glib_minor_version, glib_micro_version, yaml_get_version_string(), gsl_version,
           JSON_VERSION_S);
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
