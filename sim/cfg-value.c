/* SPDX-License-Identifier: MIT */
/* The typed scalar getters of cfg-tree.h. */
#include <math.h>
#include <string.h>

#include "cfg-tree.h"

static const char *describe(const CfgNode *node, char *buf, gsize len)
{
    if (node->kind != CFG_SCALAR || cfg_is_null(node))
        return cfg_kind_name(node);
    g_snprintf(buf, len, "'%.40s%s'", node->value, strlen(node->value) > 40 ? "..." : "");
    return buf;
}

static gboolean mismatch(const CfgNode *node, const char *what, const char *expected,
                         GError **error)
{
    char buf[64];
    cfg_fail(error, node, "%s: expected %s, got %s", what, expected,
             describe(node, buf, sizeof buf));
    return FALSE;
}

/* The text of a non-null scalar, or NULL after reporting what was expected. */
static const char *scalar_text(const CfgNode *node, const char *what, const char *expected,
                               GError **error)
{
    if (node->kind != CFG_SCALAR || cfg_is_null(node)) {
        mismatch(node, what, expected, error);
        return NULL;
    }
    return node->value;
}

gboolean cfg_string(const CfgNode *node, const char *what, const char **out, GError **error)
{
    const char *v = scalar_text(node, what, "a text value", error);
    if (v)
        *out = v;
    return v != NULL;
}

gboolean cfg_name(const CfgNode *node, const char *what, const char **out, GError **error)
{
    static const char expected[] = "a name made of letters, digits, '_', '-' and '.'";
    const char *v = scalar_text(node, what, expected, error);
    if (!v)
        return FALSE;
    for (const char *p = v; *p; p++)
        if (!g_ascii_isalnum(*p) && *p != '_' && *p != '-' && *p != '.')
            return mismatch(node, what, expected, error);
    *out = v;
    return TRUE;
}

gboolean cfg_bool(const CfgNode *node, const char *what, gboolean *out, GError **error)
{
    const char *v = scalar_text(node, what, "true or false", error);
    if (!v)
        return FALSE;
    if (g_str_equal(v, "true"))
        *out = TRUE;
    else if (g_str_equal(v, "false"))
        *out = FALSE;
    else
        return mismatch(node, what, "true or false", error);
    return TRUE;
}

gboolean cfg_uint(const CfgNode *node, const char *what, guint64 min, guint64 max, guint64 *out,
                  GError **error)
{
    g_autofree char *expected = g_strdup_printf(
        "a whole number from %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT, min, max);
    const char *v = scalar_text(node, what, expected, error);
    if (!v)
        return FALSE;
    guint64 n = 0;
    if (!*v)
        return mismatch(node, what, expected, error);
    for (const char *p = v; *p; p++) {
        if (!g_ascii_isdigit(*p) || n > (G_MAXUINT64 - 9) / 10)
            return mismatch(node, what, expected, error);
        n = n * 10 + (guint64) (*p - '0');
    }
    if (n < min || n > max)
        return mismatch(node, what, expected, error);
    *out = n;
    return TRUE;
}

/* A decimal number with nothing after it; FALSE for "inf", "nan", hex and the like. */
static gboolean parse_decimal(const char *v, double *out)
{
    if (!*v || strpbrk(v, "xXiInN"))
        return FALSE;
    char *end;
    double d = g_ascii_strtod(v, &end);
    if (*end || !isfinite(d))
        return FALSE;
    *out = d;
    return TRUE;
}

gboolean cfg_double(const CfgNode *node, const char *what, double *out, GError **error)
{
    const char *v = scalar_text(node, what, "a number", error);
    if (!v)
        return FALSE;
    if (!parse_decimal(v, out))
        return mismatch(node, what, "a number", error);
    return TRUE;
}

gboolean cfg_probability(const CfgNode *node, const char *what, double *out, GError **error)
{
    static const char expected[] = "a probability from 0 to 1";
    const char *v = scalar_text(node, what, expected, error);
    double d;
    if (!v)
        return FALSE;
    if (!parse_decimal(v, &d) || d < 0 || d > 1)
        return mismatch(node, what, expected, error);
    *out = d;
    return TRUE;
}

typedef struct {
    const char *name;
    guint64 factor;
} Unit;

typedef enum {
    DECIMAL_OK,
    DECIMAL_SYNTAX,
    DECIMAL_NEGATIVE,
    DECIMAL_UNIT,
    DECIMAL_FRACTION, /* finer than the base unit */
    DECIMAL_RANGE,
} DecimalResult;

/*
 * "<digits>[.<digits>][ ]<unit>" to an exact integer count of base units (a unit's factor
 * says how many base units it holds): no floating point, so 0.1ms is exactly 100000 ns.
 */
static DecimalResult parse_with_unit(const char *v, const Unit *units, guint64 *out)
{
    const char *p = v;
    if (*p == '-')
        return DECIMAL_NEGATIVE;
    if (*p == '+')
        p++;
    guint64 whole = 0, frac = 0, frac_scale = 1;
    gboolean digits = FALSE;
    for (; g_ascii_isdigit(*p); p++, digits = TRUE) {
        if (whole > (G_MAXUINT64 - 9) / 10)
            return DECIMAL_RANGE;
        whole = whole * 10 + (guint64) (*p - '0');
    }
    if (*p == '.') {
        for (p++; g_ascii_isdigit(*p); p++, digits = TRUE) {
            if (frac_scale > G_MAXUINT64 / 100)
                return DECIMAL_FRACTION;
            frac = frac * 10 + (guint64) (*p - '0');
            frac_scale *= 10;
        }
    }
    if (!digits)
        return DECIMAL_SYNTAX;
    while (*p == ' ')
        p++;
    if (!*p)
        return whole == 0 && frac == 0 ? (*out = 0, DECIMAL_OK) : DECIMAL_UNIT;
    for (const Unit *u = units; u->name; u++) {
        if (!g_str_equal(p, u->name))
            continue;
        guint64 total;
        if (__builtin_mul_overflow(whole, u->factor, &total))
            return DECIMAL_RANGE;
        /* frac / frac_scale units, as base units: must come out whole */
        unsigned __int128 f = (unsigned __int128) frac * u->factor;
        if (f % frac_scale)
            return DECIMAL_FRACTION;
        if (__builtin_add_overflow(total, (guint64) (f / frac_scale), &total))
            return DECIMAL_RANGE;
        *out = total;
        return DECIMAL_OK;
    }
    return DECIMAL_UNIT;
}

static const Unit time_units[] = {
    { "ns", 1 },
    { "us", 1000 },
    { "ms", 1000000 },
    { "s", 1000000000 },
    { "min", G_GUINT64_CONSTANT(60000000000) },
    { "h", G_GUINT64_CONSTANT(3600000000000) },
    { NULL, 0 },
};

#define DURATION_EXPECTED "a duration such as 20ms or 1.5s (units: ns, us, ms, s, min, h)"

char *cfg_duration_parse(const char *text, SimTime *out)
{
    guint64 ns;
    switch (parse_with_unit(text, time_units, &ns)) {
    case DECIMAL_OK:
        if (ns > (guint64) G_MAXINT64 / 4)
            break;
        *out = (SimTime) ns;
        return NULL;
    case DECIMAL_NEGATIVE:
        return g_strdup("negative duration; expected a duration of 0 or more");
    case DECIMAL_UNIT:
        return g_strdup("missing or unknown unit; expected " DURATION_EXPECTED);
    case DECIMAL_FRACTION:
        return g_strdup("finer than a nanosecond; expected whole nanoseconds");
    case DECIMAL_SYNTAX:
    case DECIMAL_RANGE:
        break;
    }
    return g_strdup("expected " DURATION_EXPECTED);
}

gboolean cfg_duration(const CfgNode *node, const char *what, SimTime *out, GError **error)
{
    const char *v = scalar_text(node, what, DURATION_EXPECTED, error);
    if (!v)
        return FALSE;
    g_autofree char *why = cfg_duration_parse(v, out);
    if (why) {
        char buf[64];
        cfg_fail(error, node, "%s: %s, got %s", what, why, describe(node, buf, sizeof buf));
        return FALSE;
    }
    return TRUE;
}

static const Unit bandwidth_units[] = {
    { "bps", 1 }, { "kbps", 1000 }, { "Mbps", 1000000 }, { "Gbps", 1000000000 }, { NULL, 0 },
};

gboolean cfg_bandwidth(const CfgNode *node, const char *what, guint64 *out, GError **error)
{
    static const char expected[] =
        "a bandwidth such as 10Mbps or 64kbps (units: bps, kbps, Mbps, Gbps), more than 0";
    const char *v = scalar_text(node, what, expected, error);
    guint64 bps;
    if (!v)
        return FALSE;
    if (parse_with_unit(v, bandwidth_units, &bps) != DECIMAL_OK || bps == 0)
        return mismatch(node, what, expected, error);
    *out = bps;
    return TRUE;
}

gboolean cfg_rate(const CfgNode *node, const char *what, double *out, GError **error)
{
    static const char expected[] = "a rate such as 50/s, 300/min or 2/h, more than 0";
    const char *v = scalar_text(node, what, expected, error);
    if (!v)
        return FALSE;
    const char *slash = strrchr(v, '/');
    if (!slash)
        return mismatch(node, what, expected, error);
    g_autofree char *count = g_strndup(v, (gsize) (slash - v));
    double n, per;
    if (g_str_equal(slash, "/s"))
        per = 1;
    else if (g_str_equal(slash, "/min"))
        per = 60;
    else if (g_str_equal(slash, "/h"))
        per = 3600;
    else
        return mismatch(node, what, expected, error);
    if (!parse_decimal(g_strstrip(count), &n) || !(n > 0))
        return mismatch(node, what, expected, error);
    *out = n / per;
    return TRUE;
}

gboolean cfg_ip(const CfgNode *node, const char *what, NetIp *out, GError **error)
{
    static const char expected[] = "an IPv4 address such as 10.0.0.1";
    const char *v = scalar_text(node, what, expected, error);
    if (!v)
        return FALSE;
    if (!net_ip_parse(v, out))
        return mismatch(node, what, expected, error);
    return TRUE;
}

gboolean cfg_prefix(const CfgNode *node, const char *what, NetPrefix *out, GError **error)
{
    static const char expected[] = "an IPv4 prefix such as 10.1.0.0/16 (host bits zero)";
    const char *v = scalar_text(node, what, expected, error);
    if (!v)
        return FALSE;
    if (!net_prefix_parse(v, out))
        return mismatch(node, what, expected, error);
    return TRUE;
}

static gboolean duration_field(const CfgNode *map, const char *key, const char *what, double *out,
                               GError **error)
{
    const CfgNode *n = cfg_require(map, key, what, error);
    SimTime t;
    g_autofree char *field = g_strdup_printf("%s %s", what, key);
    if (!n || !cfg_duration(n, field, &t, error))
        return FALSE;
    *out = (double) t;
    return TRUE;
}

static gboolean empirical_table(const CfgNode *map, const char *what, SimDistribution *d,
                                GError **error)
{
    const CfgNode *table = cfg_require(map, "table", what, error);
    g_autofree char *field = g_strdup_printf("%s table", what);
    if (!table || !cfg_expect_seq(table, field, error))
        return FALSE;
    d->n = cfg_seq_len(table);
    d->values = g_new0(double, d->n);
    d->probs = g_new0(double, d->n);
    for (guint i = 0; i < d->n; i++) {
        const CfgNode *row = cfg_seq_item(table, i);
        SimTime t;
        if (row->kind != CFG_SEQ || cfg_seq_len(row) != 2) {
            cfg_fail(error, row, "%s: expected a [delay, cumulative probability] pair, got %s",
                     field, cfg_kind_name(row));
            return FALSE;
        }
        if (!cfg_duration(cfg_seq_item(row, 0), field, &t, error) ||
            !cfg_probability(cfg_seq_item(row, 1), field, &d->probs[i], error))
            return FALSE;
        d->values[i] = (double) t;
    }
    return TRUE;
}

gboolean cfg_time_distribution(const CfgNode *node, const char *what, SimDistribution *out,
                               GError **error)
{
    SimDistribution d = { 0 };
    if (node->kind == CFG_SCALAR) {
        SimTime t;
        if (!cfg_duration(node, what, &t, error))
            return FALSE;
        *out = sim_distribution_constant((double) t);
        return TRUE;
    }
    if (node->kind != CFG_MAP)
        return mismatch(node, what, "a duration or a map {dist: ..., ...}", error);
    static const char *const dists[] = { "constant", "uniform",   "normal",    "exponential",
                                         "pareto",   "empirical", "lognormal", NULL };
    static const char *const keys[][4] = {
        { "dist", "value", NULL },          { "dist", "min", "max", NULL },
        { "dist", "mean", "stddev", NULL }, { "dist", "mean", NULL },
        { "dist", "scale", "shape", NULL }, { "dist", "table", NULL },
        { "dist", "mean", "stddev", NULL },
    };
    const CfgNode *dn = cfg_require(node, "dist", what, error);
    const char *name;
    if (!dn || !cfg_string(dn, what, &name, error))
        return FALSE;
    guint kind = 0;
    while (dists[kind] && !g_str_equal(dists[kind], name))
        kind++;
    if (!dists[kind]) {
        g_autofree char *list = g_strjoinv(", ", (char **) dists);
        cfg_fail(error, dn, "%s: unknown distribution '%s'; expected one of: %s", what, name, list);
        return FALSE;
    }
    g_autofree char *in = g_strdup_printf("%s (%s distribution)", what, name);
    if (!cfg_check_keys(node, in, keys[kind], error))
        return FALSE;
    d.kind = (SimDistKind) kind;
    gboolean ok = FALSE;
    switch (d.kind) {
    case SIM_DIST_CONSTANT:
        ok = duration_field(node, "value", in, &d.a, error);
        break;
    case SIM_DIST_UNIFORM:
        ok = duration_field(node, "min", in, &d.a, error) &&
             duration_field(node, "max", in, &d.b, error);
        break;
    case SIM_DIST_NORMAL:
    case SIM_DIST_LOGNORMAL:
        ok = duration_field(node, "mean", in, &d.a, error) &&
             duration_field(node, "stddev", in, &d.b, error);
        break;
    case SIM_DIST_EXPONENTIAL:
        ok = duration_field(node, "mean", in, &d.a, error);
        break;
    case SIM_DIST_PARETO: {
        /* The shape is looked up after the scale is read: each sets the error when it fails. */
        const CfgNode *shape;
        ok = duration_field(node, "scale", in, &d.a, error) &&
             (shape = cfg_require(node, "shape", in, error)) && cfg_double(shape, in, &d.b, error);
        break;
    }
    case SIM_DIST_EMPIRICAL:
        ok = empirical_table(node, in, &d, error);
        break;
    }
    const char *why;
    if (ok && !sim_distribution_check(&d, &why)) {
        cfg_fail(error, node, "%s: %s", in, why);
        ok = FALSE;
    }
    if (!ok) {
        sim_distribution_clear(&d);
        return FALSE;
    }
    *out = d;
    return TRUE;
}
