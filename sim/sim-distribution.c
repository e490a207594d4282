/* SPDX-License-Identifier: MIT */
#include "sim-distribution.h"

#include <gsl/gsl_randist.h>
#include <math.h>

static const char *const kind_names[] = {
    [SIM_DIST_CONSTANT] = "constant",   [SIM_DIST_UNIFORM] = "uniform",
    [SIM_DIST_NORMAL] = "normal",       [SIM_DIST_EXPONENTIAL] = "exponential",
    [SIM_DIST_PARETO] = "pareto",       [SIM_DIST_EMPIRICAL] = "empirical",
    [SIM_DIST_LOGNORMAL] = "lognormal",
};

const char *sim_distribution_kind_name(SimDistKind kind)
{
    g_return_val_if_fail((guint) kind < G_N_ELEMENTS(kind_names), "?");
    return kind_names[kind];
}

gboolean sim_distribution_check(const SimDistribution *d, const char **why)
{
    switch (d->kind) {
    case SIM_DIST_CONSTANT:
        if (!(d->a >= 0)) {
            *why = "the value must not be negative";
            return FALSE;
        }
        return TRUE;
    case SIM_DIST_UNIFORM:
        if (!(d->a >= 0 && d->b >= d->a)) {
            *why = "need 0 <= min <= max";
            return FALSE;
        }
        return TRUE;
    case SIM_DIST_NORMAL:
        /* A non-negative mean keeps the truncation's rejection rate at or below one half. */
        if (!(d->a >= 0 && d->b >= 0)) {
            *why = "need mean >= 0 and stddev >= 0";
            return FALSE;
        }
        return TRUE;
    case SIM_DIST_EXPONENTIAL:
        if (!(d->a > 0)) {
            *why = "the mean must be positive";
            return FALSE;
        }
        return TRUE;
    case SIM_DIST_LOGNORMAL:
        if (!(d->a > 0 && d->b >= 0)) {
            *why = "need mean > 0 and stddev >= 0";
            return FALSE;
        }
        return TRUE;
    case SIM_DIST_PARETO:
        if (!(d->a > 0 && d->b > 0)) {
            *why = "need scale > 0 and shape > 0";
            return FALSE;
        }
        return TRUE;
    case SIM_DIST_EMPIRICAL:
        if (d->n < 2) {
            *why = "the table needs at least two points";
            return FALSE;
        }
        if (d->probs[0] != 0.0 || d->probs[d->n - 1] != 1.0) {
            *why = "the cumulative probabilities must run from 0 to 1";
            return FALSE;
        }
        for (guint i = 0; i < d->n; i++) {
            if (!(d->values[i] >= 0)) {
                *why = "the table's values must not be negative";
                return FALSE;
            }
            if (i > 0 && !(d->values[i] > d->values[i - 1])) {
                *why = "the table's values must increase strictly";
                return FALSE;
            }
            if (i > 0 && !(d->probs[i] >= d->probs[i - 1])) {
                *why = "the cumulative probabilities must not decrease";
                return FALSE;
            }
        }
        return TRUE;
    }
    *why = "unknown distribution";
    return FALSE;
}

/* Inverse transform through the piecewise-linear CDF. */
static double empirical_sample(const SimDistribution *d, gsl_rng *rng)
{
    double u = gsl_rng_uniform(rng);
    guint lo = 0, hi = d->n - 1; /* probs[lo] <= u < probs[hi] */
    while (hi - lo > 1) {
        guint mid = (lo + hi) / 2;
        if (d->probs[mid] <= u)
            lo = mid;
        else
            hi = mid;
    }
    double span = d->probs[hi] - d->probs[lo];
    double f = span > 0 ? (u - d->probs[lo]) / span : 0;
    return d->values[lo] + f * (d->values[hi] - d->values[lo]);
}

double sim_distribution_sample(const SimDistribution *d, gsl_rng *rng)
{
    switch (d->kind) {
    case SIM_DIST_CONSTANT:
        return d->a;
    case SIM_DIST_UNIFORM:
        return d->a + gsl_rng_uniform(rng) * (d->b - d->a);
    case SIM_DIST_NORMAL:
        /* Truncated, not clamped: redraw until non-negative, so the density keeps its shape. */
        for (;;) {
            double x = d->a + gsl_ran_gaussian_ziggurat(rng, d->b);
            if (x >= 0)
                return x;
        }
    case SIM_DIST_EXPONENTIAL:
        return gsl_ran_exponential(rng, d->a);
    case SIM_DIST_PARETO:
        return gsl_ran_pareto(rng, d->b, d->a);
    case SIM_DIST_EMPIRICAL:
        return empirical_sample(d, rng);
    case SIM_DIST_LOGNORMAL: {
        /* The underlying normal's parameters from the variate's mean m and deviation s:
         * sigma^2 = ln(1 + s^2/m^2), mu = ln m - sigma^2/2. */
        double v = log1p(d->b * d->b / (d->a * d->a));
        return gsl_ran_lognormal(rng, log(d->a) - v / 2, sqrt(v));
    }
    }
    g_return_val_if_reached(0);
}

void sim_distribution_clear(SimDistribution *d)
{
    g_clear_pointer(&d->values, g_free);
    g_clear_pointer(&d->probs, g_free);
    d->n = 0;
}

void sim_distribution_copy(SimDistribution *dst, const SimDistribution *src)
{
    *dst = *src;
    if (src->n) {
        dst->values = g_memdup2(src->values, src->n * sizeof(double));
        dst->probs = g_memdup2(src->probs, src->n * sizeof(double));
    }
}
