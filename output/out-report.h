/* SPDX-License-Identifier: MIT */
/*
 * The report of a run: a few lines for the terminal and summary.json with the same figures.
 * Both depend only on the simulation, never on the wall clock, so the same seed gives the same
 * bytes.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "net-network.h"
#include "out-sip-report.h"

typedef struct {
    const char *scenario;
    const char *topology;
    guint64 seed;
    guint64 run;
    SimTime until;   /* SIM_TIME_NEVER when none was set */
    SimTime reached; /* the simulated time the run reached */
    guint64 events;
    gboolean complete;      /* FALSE when interrupted */
    const char *ended;      /* why it ended: "time limit", "no event left", "interrupted" */
    const OutSipTally *sip; /* the calls, when the run has SIP elements */
} OutRunInfo;

JsonNode *out_report_json(const OutRunInfo *info, const NetNetwork *net, const SimWorld *world);
void out_report_print(FILE *f, const OutRunInfo *info, const NetNetwork *net,
                      const SimWorld *world);
/* Writes @node as indented JSON with a final newline. */
gboolean out_report_write_json(FILE *f, JsonNode *node);
