/* SPDX-License-Identifier: MIT */
#include "scenario.h"

#include <string.h>

#include "cfg-faults.h"
#include "cfg-sip.h"
#include "cfg-topology.h"
#include "cfg-traffic.h"

static const char *const scenario_keys[] = { "topology", "seed",  "run",         "duration",
                                             "warmup",   "nodes", "populations", "traffic",
                                             "faults",   NULL };

void scenario_free(Scenario *scenario)
{
    if (!scenario)
        return;
    sim_world_clear(&scenario->world);
    sip_trace_clear(&scenario->sip_trace);
    net_network_free(scenario->net);
    sim_kernel_free(scenario->kernel);
    g_free(scenario->path);
    g_free(scenario->topology_path);
    g_free(scenario);
}

/* Applies the --set overrides meant for @doc: the topology's (@topology) or the scenario's. */
static gboolean apply_sets(CfgDoc *doc, const ScenarioOverrides *ov, gboolean topology,
                           GError **error)
{
    for (const char *const *set = ov->sets; set && *set; set++) {
        g_autofree char *origin = g_strdup_printf("--set %s", *set);
        const char *eq = strchr(*set, '=');
        if (!eq) {
            g_set_error(error, CFG_ERROR, CFG_ERROR_SCHEMA,
                        "%s: expected PATH=VALUE, such as topology.links[*].loss=0.2", origin);
            return FALSE;
        }
        g_autofree char *path = g_strndup(*set, (gsize) (eq - *set));
        gboolean for_topology = g_str_has_prefix(path, "topology.");
        if (for_topology != topology)
            continue;
        if (!cfg_doc_set(doc, path + (topology ? strlen("topology.") : 0), eq + 1, origin, error))
            return FALSE;
    }
    return TRUE;
}

static gboolean read_options(Scenario *s, const CfgNode *root, const ScenarioOverrides *ov,
                             GError **error)
{
    const CfgNode *n;
    s->seed = SCENARIO_DEFAULT_SEED;
    s->until = SIM_TIME_NEVER;
    if ((n = cfg_get(root, "seed")) && !cfg_uint(n, "seed", 0, G_MAXUINT64, &s->seed, error))
        return FALSE;
    if ((n = cfg_get(root, "run")) && !cfg_uint(n, "run", 0, G_MAXUINT64, &s->run, error))
        return FALSE;
    if ((n = cfg_get(root, "duration")) && !cfg_duration(n, "duration", &s->until, error))
        return FALSE;
    if ((n = cfg_get(root, "warmup")) && !cfg_duration(n, "warmup", &s->warmup, error))
        return FALSE;
    if (ov->has_seed)
        s->seed = ov->seed;
    if (ov->has_run)
        s->run = ov->run;
    if (ov->has_until)
        s->until = ov->until;
    return TRUE;
}

/* Every name in the scenario's nodes map must be a node of the topology. */
static gboolean check_node_names(const Scenario *s, const CfgNode *nodes, GError **error)
{
    for (guint i = 0; i < cfg_map_size(nodes); i++) {
        const CfgNode *key = cfg_map_key(nodes, i);
        if (net_network_lookup_node(s->net, key->value))
            continue;
        GString *names = g_string_new(NULL);
        guint n = net_network_n_nodes(s->net);
        for (guint j = 0; j < n && j < 20; j++)
            g_string_append_printf(names, "%s%s", j ? ", " : "",
                                   net_node_name(net_network_node(s->net, j)));
        if (n > 20)
            g_string_append(names, ", ...");
        cfg_fail(error, key, "no node named '%s' in %s; expected one of: %s", key->value,
                 s->topology_path, names->str);
        g_string_free(names, TRUE);
        return FALSE;
    }
    return TRUE;
}

/* Every name in the scenario's populations map must be a population of the topology. */
static gboolean check_population_names(const Scenario *s, GArray *topo, const CfgNode *pops,
                                       GError **error)
{
    for (guint i = 0; i < cfg_map_size(pops); i++) {
        const CfgNode *key = cfg_map_key(pops, i);
        gboolean found = FALSE;
        for (guint j = 0; j < topo->len && !found; j++) {
            const char *p = g_array_index(topo, CfgTopoNode, j).population;
            found = p && g_str_equal(p, key->value);
        }
        if (!found) {
            cfg_fail(error, key,
                     "no population named '%s' in %s; expected one of its 'populations'",
                     key->value, s->topology_path);
            return FALSE;
        }
    }
    return TRUE;
}

/* A node's settings: its own entry under 'nodes', else its population's. */
static const CfgNode *settings_of(const CfgTopoNode *tn, const CfgNode *nodes, const CfgNode *pops)
{
    const CfgNode *own = nodes ? cfg_get(nodes, net_node_name(tn->net_node)) : NULL;
    if (own || !tn->population || !pops)
        return own;
    return cfg_get(pops, tn->population);
}

/* One entity per node that runs something, in the topology's order. */
static gboolean create_entities(Scenario *s, GArray *topo, const CfgNode *root, GError **error)
{
    const CfgNode *nodes = cfg_get(root, "nodes"), *pops = cfg_get(root, "populations");
    const CfgNode *traffic = cfg_get(root, "traffic");
    g_autoptr(CfgSip) sip = cfg_sip_new(topo, error);
    if (!sip)
        return FALSE;
    for (guint i = 0; i < topo->len; i++) {
        const CfgTopoNode *tn = &g_array_index(topo, CfgTopoNode, i);
        const char *name = net_node_name(tn->net_node);
        CfgKindContext ctx = {
            .net = s->net,
            .kernel = s->kernel,
            .node = tn->net_node,
            .name = name,
            .topology = tn->node,
            .settings = settings_of(tn, nodes, pops),
            .until = s->until,
            .sip = sip,
            .trace = &s->sip_trace,
        };
        SimEntity *entity = NULL;
        if (!tn->kind->create(&ctx, &entity, error))
            return FALSE;
        if (entity)
            sim_world_add(&s->world, entity);
    }
    cfg_sip_link(sip);
    return !traffic || cfg_traffic_build(traffic, topo, sip, s->kernel, s->until, &s->world, error);
}

/* Builds the scenario of @doc, read from @path. */
static Scenario *load_doc(const char *path, CfgDoc *doc, const ScenarioOverrides *overrides,
                          GError **error)
{
    if (!doc->root) {
        g_set_error(error, CFG_ERROR, CFG_ERROR_SCHEMA,
                    "%s:1:1: the file is empty; expected a scenario (a map with 'topology:')",
                    path);
        return NULL;
    }
    if (!apply_sets(doc, overrides, FALSE, error))
        return NULL;
    const CfgNode *root = doc->root, *topo_n, *nodes, *pops;
    const char *topo_rel;
    if (!cfg_expect_map(root, "scenario", error) ||
        !cfg_check_keys(root, "scenario", scenario_keys, error) ||
        !(topo_n = cfg_require(root, "topology", "scenario", error)) ||
        !cfg_string(topo_n, "topology", &topo_rel, error))
        return NULL;
    if ((nodes = cfg_get(root, "nodes")) && !cfg_expect_map(nodes, "nodes", error))
        return NULL;
    if ((pops = cfg_get(root, "populations")) && !cfg_expect_map(pops, "populations", error))
        return NULL;
    g_autoptr(Scenario) s = g_new0(Scenario, 1);
    sim_world_init(&s->world);
    sip_trace_init(&s->sip_trace);
    s->path = cfg_display_name(path);
    s->topology_path = cfg_resolve_path(path, topo_rel);
    if (!read_options(s, root, overrides, error))
        return NULL;
    GError *topo_error = NULL;
    g_autoptr(CfgDoc) topo = cfg_doc_load(s->topology_path, &topo_error);
    if (!topo) {
        /* A file that cannot be read is reported where the scenario names it. */
        if (g_error_matches(topo_error, CFG_ERROR, CFG_ERROR_FILE))
            cfg_fail(error, topo_n, "topology %s", topo_error->message);
        else
            g_propagate_error(error, g_steal_pointer(&topo_error));
        g_clear_error(&topo_error);
        return NULL;
    }
    g_free(s->topology_path);
    s->topology_path = g_strdup(topo->file);
    if (!apply_sets(topo, overrides, TRUE, error))
        return NULL;
    s->kernel = sim_kernel_new(s->seed, s->run);
    s->net = net_network_new(s->kernel);
    g_autoptr(GArray) topo_nodes = cfg_topology_build(topo, s->net, error);
    if (!topo_nodes || (nodes && !check_node_names(s, nodes, error)) ||
        (pops && !check_population_names(s, topo_nodes, pops, error)) ||
        !create_entities(s, topo_nodes, root, error))
        return NULL;
    const CfgNode *faults = cfg_get(root, "faults");
    if (faults && !cfg_faults_build(faults, s->net, s->kernel, &s->world, error))
        return NULL;
    return g_steal_pointer(&s);
}

Scenario *scenario_load(const char *path, const ScenarioOverrides *overrides, GError **error)
{
    g_autoptr(CfgDoc) doc = cfg_doc_load(path, error);
    return doc ? load_doc(path, doc, overrides, error) : NULL;
}

Scenario *scenario_load_text(const char *path, const char *text, gsize len,
                             const ScenarioOverrides *overrides, GError **error)
{
    g_autoptr(CfgDoc) doc = cfg_doc_parse(path, text, len, error);
    return doc ? load_doc(path, doc, overrides, error) : NULL;
}

/* Builds @doc's network and its SIP settings, without running anything. */
static gboolean validate_topology_doc(const CfgDoc *doc, GError **error)
{
    SimKernel *kernel = sim_kernel_new(SCENARIO_DEFAULT_SEED, 0);
    NetNetwork *net = net_network_new(kernel);
    g_autoptr(GArray) nodes = cfg_topology_build(doc, net, error);
    g_autoptr(CfgSip) sip = nodes ? cfg_sip_new(nodes, error) : NULL;
    gboolean ok = sip != NULL;
    net_network_free(net);
    sim_kernel_free(kernel);
    return ok;
}

gboolean topology_validate(const char *path, GError **error)
{
    g_autoptr(CfgDoc) doc = cfg_doc_load(path, error);
    return doc && validate_topology_doc(doc, error);
}

gboolean topology_validate_text(const char *path, const char *text, gsize len, GError **error)
{
    g_autoptr(CfgDoc) doc = cfg_doc_parse(path, text, len, error);
    return doc && validate_topology_doc(doc, error);
}
