/* SPDX-License-Identifier: MIT */
/*
 * Random variates for the models: link delays now, answer delays and holding times later.
 * Values are doubles in the caller's unit (nanoseconds for times); sampling goes through GSL.
 */
#pragma once

#include <glib.h>
#include <gsl/gsl_rng.h>

typedef enum {
    SIM_DIST_CONSTANT,    /* a = value */
    SIM_DIST_UNIFORM,     /* a = min, b = max */
    SIM_DIST_NORMAL,      /* a = mean, b = standard deviation; truncated at 0 */
    SIM_DIST_EXPONENTIAL, /* a = mean */
    SIM_DIST_PARETO,      /* a = scale (the minimum), b = shape */
    SIM_DIST_EMPIRICAL,   /* piecewise-linear CDF through (values[i], probs[i]) */
    SIM_DIST_LOGNORMAL,   /* a = mean, b = standard deviation (of the variate itself) */
} SimDistKind;

typedef struct {
    SimDistKind kind;
    double a;
    double b;
    /* SIM_DIST_EMPIRICAL: n points, values strictly increasing, probs rising from 0 to 1. */
    guint n;
    double *values;
    double *probs;
} SimDistribution;

static inline SimDistribution sim_distribution_constant(double value)
{
    return (SimDistribution){ .kind = SIM_DIST_CONSTANT, .a = value };
}

/* Checks the parameters; on failure, returns FALSE and says what is wrong in *@why. */
gboolean sim_distribution_check(const SimDistribution *d, const char **why);
double sim_distribution_sample(const SimDistribution *d, gsl_rng *rng);
void sim_distribution_clear(SimDistribution *d);
void sim_distribution_copy(SimDistribution *dst, const SimDistribution *src);
const char *sim_distribution_kind_name(SimDistKind kind);
