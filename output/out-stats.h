/* SPDX-License-Identifier: MIT */
/* The figures of a sample of times: count, minimum, mean, standard deviation, percentiles,
 * maximum; and its histogram over fixed bins. */
#pragma once

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "sim-time.h"

typedef struct {
    guint64 n;
    SimTime min, mean, p50, p90, p95, p99, max;
    SimTime sd; /* the sample standard deviation (n - 1), rounded; 0 below two samples */
} OutTimes;

/* The histogram's bins, the same for every sample: bin i holds the times from
 * out_histogram_from[i] up to the next bin's start (excluded); the last bin has no end. The
 * starts go 1, 2, 5 per decade, from 0 to 100 s. */
#define OUT_HISTOGRAM_BINS 17
extern const SimTime out_histogram_from[OUT_HISTOGRAM_BINS];

typedef struct {
    guint64 count[OUT_HISTOGRAM_BINS];
} OutHistogram;

/* Percentiles are nearest-rank: each is one of the samples, an exact number of ns. */
OutTimes out_times_of(const GArray *samples /* SimTime */);
/* Negative samples are not counted. */
OutHistogram out_histogram_of(const GArray *samples /* SimTime */);
/* {"n":..., "min_ns":..., ...} (no "sd_ns" below two samples) as the member @name of the object
 * being built, with @histogram as its member "histogram" unless NULL. */
void out_times_json(JsonBuilder *b, const char *name, const OutTimes *t,
                    const OutHistogram *histogram);
/* "@label(ms): min 12.331, mean ..., sd ..., p50 ..., p90 ..., p95 ..., p99 ..., max ...\n";
 * nothing without samples, no sd below two. */
void out_times_print(FILE *f, const char *label, const OutTimes *t);
