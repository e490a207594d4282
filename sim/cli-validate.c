/* SPDX-License-Identifier: MIT */
/* sipsim validate FILE...: builds each file's model without running it. */
#include <stdio.h>

#include "cli.h"
#include "scenario.h"

/* Keys only a scenario has; a topology has nodes, links or segments and none of these. */
static gboolean looks_like_scenario(const CfgNode *root)
{
    return cfg_get(root, "topology") || cfg_get(root, "duration") || cfg_get(root, "seed") ||
           cfg_get(root, "run");
}

static gboolean validate_file(const char *path, GError **error)
{
    g_autoptr(CfgDoc) doc = cfg_doc_load(path, error);
    if (!doc)
        return FALSE;
    const CfgNode *root = doc->root;
    if (!root) {
        g_set_error(error, CFG_ERROR, CFG_ERROR_SCHEMA,
                    "%s:1:1: the file is empty; expected a scenario or a topology", doc->file);
        return FALSE;
    }
    if (root->kind != CFG_MAP || !(cfg_get(root, "nodes") || cfg_get(root, "links") ||
                                   cfg_get(root, "segments") || looks_like_scenario(root))) {
        cfg_fail(error, root,
                 "expected a scenario (a map with 'topology:') or a topology (a map "
                 "with 'nodes:'), got %s",
                 root->kind == CFG_MAP ? "a map with neither" : cfg_kind_name(root));
        return FALSE;
    }
    if (looks_like_scenario(root)) {
        ScenarioOverrides none = { 0 };
        g_autoptr(Scenario) s = scenario_load(path, &none, error);
        return s != NULL;
    }
    return topology_validate(path, error);
}

int cli_validate(int argc, char **argv)
{
    g_autoptr(GOptionContext) ctx = g_option_context_new("FILE.yaml... - check sipsim files");
    g_option_context_set_description(
        ctx, "Checks topology and scenario files (a scenario with its topology) and builds their "
             "model without running it.\nPrints FILE:LINE:COL: and what is wrong for the first "
             "mistake in each file.\nExit status: 0 when every file is valid, 2 otherwise.");
    if (!cli_parse(ctx, "validate", &argc, &argv))
        return CLI_BAD_INPUT;
    if (argc < 2)
        return cli_usage_error("validate", "no file given; expected one or more YAML files");
    int status = CLI_OK;
    for (int i = 1; i < argc; i++) {
        GError *error = NULL;
        if (validate_file(argv[i], &error)) {
            printf("%s: valid\n", argv[i]);
        } else {
            fprintf(stderr, "%s\n", error->message);
            g_error_free(error);
            status = CLI_BAD_INPUT;
        }
    }
    return status;
}
