/* SPDX-License-Identifier: MIT */
/* A few figures of a sample of times: count, minimum, mean, median, 95th percentile, maximum. */
#pragma once

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "sim-time.h"

typedef struct {
    guint64 n;
    SimTime min, mean, p50, p95, max;
} OutTimes;

/* Percentiles are nearest-rank: each is one of the samples, an exact number of ns. */
OutTimes out_times_of(const GArray *samples /* SimTime */);
/* {"n":..., "min_ns":..., ...} as the member @name of the object being built. */
void out_times_json(JsonBuilder *b, const char *name, const OutTimes *t);
/* "@label min 12.331 ms, mean ..., median ..., p95 ..., max ...\n"; nothing without samples. */
void out_times_print(FILE *f, const char *label, const OutTimes *t);
