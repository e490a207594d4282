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
    SimTime sd;      /* the sample standard deviation (n - 1), rounded; 0 below two samples */
    gboolean binned; /* the percentiles are bins' middles (see OutSample), not samples */
} OutTimes;

/* The histogram's bins, the same for every sample: bin i holds the times from
 * out_histogram_from[i] up to the next bin's start (excluded); the last bin has no end. The
 * starts go 1, 2, 5 per decade, from 0 to 100 s. */
#define OUT_HISTOGRAM_BINS 17
extern const SimTime out_histogram_from[OUT_HISTOGRAM_BINS];

typedef struct {
    guint64 count[OUT_HISTOGRAM_BINS];
} OutHistogram;

/* A sample of times in bounded memory. It keeps every value up to OUT_SAMPLE_EXACT of them, and
 * its percentiles are then nearest-rank: each is one of the values, an exact number of ns.
 * Beyond that it counts the values in log-linear bins (OUT_SAMPLE_BITS bits of mantissa: the
 * values below 2^(OUT_SAMPLE_BITS + 1) ns exactly, the others in bins of relative width 2^-10)
 * and each percentile is its bin's middle, within 0.05% of the nearest-rank value (clamped to
 * [min, max]). The count, minimum, mean and maximum stay exact, the standard deviation within
 * rounding (Welford). A run of 10 million calls needs no more memory than one of 100,000. */
#define OUT_SAMPLE_EXACT 100000
#define OUT_SAMPLE_BITS  10
typedef struct OutSample OutSample;

OutSample *out_sample_new(void);
void out_sample_free(OutSample *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OutSample, out_sample_free)
void out_sample_add(OutSample *s, SimTime v);
/* Whether the percentiles are exact (no more than OUT_SAMPLE_EXACT values). */
gboolean out_sample_exact(const OutSample *s);
OutTimes out_sample_times(const OutSample *s);
/* Negative values are not counted. */
OutHistogram out_sample_histogram(const OutSample *s);

/* Percentiles are nearest-rank: each is one of the samples, an exact number of ns. */
OutTimes out_times_of(const GArray *samples /* SimTime */);
/* {"n":..., "min_ns":..., ...} (no "sd_ns" below two samples; "percentiles_binned": true when
 * they are) as the member @name of the object being built, with @histogram as its member
 * "histogram" unless NULL. */
void out_times_json(JsonBuilder *b, const char *name, const OutTimes *t,
                    const OutHistogram *histogram);
/* "@label(ms): min 12.331, mean ..., sd ..., p50 ..., p90 ..., p95 ..., p99 ..., max ...\n";
 * nothing without samples, no sd below two; " (percentiles binned)" before the newline when
 * they are. */
void out_times_print(FILE *f, const char *label, const OutTimes *t);
