/* SPDX-License-Identifier: MIT */
/*
 * A scenario loaded and built: its kernel, network and entities, ready to run. Built from a
 * scenario file and the topology file it names; command-line options override the file.
 */
#pragma once

#include "cfg-tree.h"
#include "net-network.h"
#include "sim-entity.h"
#include "sip-trace.h"

typedef struct {
    gboolean has_seed;
    guint64 seed;
    gboolean has_run;
    guint64 run;
    gboolean has_until;
    SimTime until;
    /* "PATH=VALUE" (--set): PATH into the scenario, or "topology.PATH" into its topology. */
    const char *const *sets;
} ScenarioOverrides;

typedef struct {
    char *path;          /* the scenario file, as named in messages */
    char *topology_path; /* the topology file, as named in messages */
    guint64 seed;
    guint64 run;
    SimTime until;  /* SIM_TIME_NEVER: until no event is left */
    SimTime warmup; /* calls that start before are left out of the statistics */
    SimKernel *kernel;
    NetNetwork *net;
    SimWorld world;
    SipTrace sip_trace; /* the SIP elements' trace points */
} Scenario;

#define SCENARIO_DEFAULT_SEED 1

/* Paths starting with "resource:///" name files built into the program (the demo). */
Scenario *scenario_load(const char *path, const ScenarioOverrides *overrides, GError **error);
/* As scenario_load(), from the @len bytes of @text as if read from @path (which names it in
 * messages and locates the topology it names): for the fuzz harnesses. */
Scenario *scenario_load_text(const char *path, const char *text, gsize len,
                             const ScenarioOverrides *overrides, GError **error);
void scenario_free(Scenario *scenario);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Scenario, scenario_free)

/* Checks a topology file on its own, building its network without running anything. */
gboolean topology_validate(const char *path, GError **error);
gboolean topology_validate_text(const char *path, const char *text, gsize len, GError **error);
