/* SPDX-License-Identifier: MIT */
#include "sweep-file.h"

#include <string.h>

#include "scenario.h"

#define MAX_REPLICATIONS 1000000
#define MAX_RANGE_VALUES 10000

static const char *const sweep_keys[] = { "scenario", "seed", "replications", "confidence", "axes",
                                          "points",   "list", "metrics",      "plots",      NULL };
static const char *const axis_keys[] = { "name", "path", "values", "range", "unit", NULL };
static const char *const range_keys[] = { "from", "to", "step", NULL };
static const char *const metric_keys[] = { "name", "path", "per", NULL };
static const char *const plot_keys[] = { "metric", "against", "by", NULL };
/* Columns of runs.csv and points.csv that an axis or a metric may not take. */
static const char *const reserved_columns[] = { "point", "seed", "run", "confidence", NULL };

static void value_free(gpointer p)
{
    SweepValue *v = p;
    g_free(v->label);
    g_free(v->text);
    g_free(v);
}

static void axis_free(gpointer p)
{
    SweepAxis *a = p;
    g_free(a->name);
    g_free(a->path);
    g_free(a->unit);
    g_ptr_array_unref(a->values);
    g_free(a);
}

void sweep_free(Sweep *sweep)
{
    if (!sweep)
        return;
    g_ptr_array_unref(sweep->axes);
    g_array_unref(sweep->metrics);
    g_array_unref(sweep->plots);
    g_free(sweep->points);
    g_free(sweep->scenario_file);
    g_free(sweep->scenario);
    g_free(sweep->path);
    cfg_doc_free(sweep->doc);
    g_free(sweep);
}

guint sweep_n_jobs(const Sweep *sweep)
{
    return sweep->n_points * sweep->replications;
}

const SweepValue *sweep_value(const Sweep *sweep, guint point, guint axis)
{
    const SweepAxis *a = g_ptr_array_index(sweep->axes, axis);
    return g_ptr_array_index(a->values, sweep->points[point * sweep->axes->len + axis]);
}

char *sweep_set_arg(const Sweep *sweep, guint point, guint axis)
{
    const SweepAxis *a = g_ptr_array_index(sweep->axes, axis);
    return g_strconcat(a->path, "=", sweep_value(sweep, point, axis)->text, NULL);
}

static gboolean is_reserved(const char *name)
{
    return g_strv_contains(reserved_columns, name);
}

/* ---- values ---- */

/* Whether @text, set into a scenario as a plain YAML scalar, would read as something else. */
static gboolean needs_quotes(const char *text)
{
    if (!*text || g_str_equal(text, "~") || !g_ascii_strcasecmp(text, "null") ||
        g_ascii_isspace(text[0]) || g_ascii_isspace(text[strlen(text) - 1]))
        return TRUE;
    if (strchr(",[]{}#&*!|>'\"%@`", text[0]) ||
        (strchr("-?:", text[0]) && (text[1] == ' ' || !text[1])))
        return TRUE;
    return strstr(text, ": ") || strstr(text, " #") || strchr(text, '\n') ||
           g_str_has_suffix(text, ":");
}

static char *yaml_scalar(const char *text)
{
    if (!needs_quotes(text))
        return g_strdup(text);
    GString *s = g_string_new("\"");
    for (const char *p = text; *p; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_c(s, '\\');
        if (*p == '\n')
            g_string_append(s, "\\n");
        else
            g_string_append_c(s, *p);
    }
    g_string_append_c(s, '"');
    return g_string_free(s, FALSE);
}

static SweepValue *value_new(const SweepAxis *axis, const char *label, const CfgNode *where)
{
    SweepValue *v = g_new0(SweepValue, 1);
    v->label = g_strdup(label);
    g_autofree char *text = g_strconcat(label, axis->unit, NULL);
    v->text = yaml_scalar(text);
    v->where = where;
    return v;
}

/* The index of @label among @axis's values, adding it when new. */
static guint value_index(SweepAxis *axis, const char *label, const CfgNode *where)
{
    for (guint i = 0; i < axis->values->len; i++)
        if (g_str_equal(((SweepValue *) g_ptr_array_index(axis->values, i))->label, label))
            return i;
    g_ptr_array_add(axis->values, value_new(axis, label, where));
    return axis->values->len - 1;
}

/* One value as written: a scalar; a number when the axis has a unit. */
static gboolean read_value(const SweepAxis *axis, const CfgNode *node, const char **out,
                           GError **error)
{
    g_autofree char *what = g_strdup_printf("axis '%s' value", axis->name);
    if (node->kind != CFG_SCALAR || cfg_is_null(node)) {
        cfg_fail(error, node,
                 "%s: expected a single value (a number, or a text such as 20ms), got %s", what,
                 cfg_kind_name(node));
        return FALSE;
    }
    double unused;
    if (axis->unit) {
        g_autofree char *with_unit = g_strdup_printf("%s (unit %s)", what, axis->unit);
        if (!cfg_double(node, with_unit, &unused, error))
            return FALSE;
    }
    *out = node->value;
    return TRUE;
}

static gboolean read_values(SweepAxis *axis, const CfgNode *list, GError **error)
{
    g_autofree char *what = g_strdup_printf("axis '%s' values", axis->name);
    if (!cfg_expect_seq(list, what, error))
        return FALSE;
    if (!cfg_seq_len(list)) {
        cfg_fail(error, list, "%s: expected at least one value", what);
        return FALSE;
    }
    for (guint i = 0; i < cfg_seq_len(list); i++) {
        const CfgNode *n = cfg_seq_item(list, i);
        const char *label;
        if (!read_value(axis, n, &label, error))
            return FALSE;
        guint before = axis->values->len;
        if (value_index(axis, label, n) < before) {
            cfg_fail(error, n, "%s: '%s' is listed twice; expected distinct values", what, label);
            return FALSE;
        }
    }
    return TRUE;
}

/* A decimal number as an integer count of 10^-@decimals. */
typedef struct {
    gint64 units;
    guint decimals;
} Decimal;

static gboolean decimal_parse(const char *text, Decimal *out)
{
    const char *p = text;
    gboolean negative = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    gint64 units = 0;
    guint decimals = 0, digits = 0;
    gboolean point = FALSE;
    for (; *p; p++) {
        if (*p == '.' && !point) {
            point = TRUE;
            continue;
        }
        if (!g_ascii_isdigit(*p) || ++digits > 15)
            return FALSE;
        units = units * 10 + (*p - '0');
        decimals += point;
    }
    if (!digits)
        return FALSE;
    *out = (Decimal){ negative ? -units : units, decimals };
    return TRUE;
}

/* @d in units of 10^-@decimals; FALSE when that does not fit in 60 bits. */
static gboolean decimal_scaled(Decimal d, guint decimals, gint64 *out)
{
    gint64 v = d.units;
    for (guint i = d.decimals; i < decimals; i++)
        if (__builtin_mul_overflow(v, 10, &v))
            return FALSE;
    *out = v;
    return v < ((gint64) 1 << 60) && v > -((gint64) 1 << 60);
}

static char *decimal_format(gint64 units, guint decimals)
{
    gint64 scale = 1;
    for (guint i = 0; i < decimals; i++)
        scale *= 10;
    guint64 mag = (guint64) (units < 0 ? -units : units);
    GString *s = g_string_new(units < 0 ? "-" : "");
    g_string_append_printf(s, "%" G_GUINT64_FORMAT, mag / (guint64) scale);
    guint64 frac = mag % (guint64) scale;
    if (frac) {
        g_string_append_printf(s, ".%0*" G_GUINT64_FORMAT, (int) decimals, frac);
        while (s->str[s->len - 1] == '0')
            g_string_truncate(s, s->len - 1);
    }
    return g_string_free(s, FALSE);
}

static gboolean range_field(const CfgNode *range, const char *key, const char *what, Decimal *out,
                            GError **error)
{
    const CfgNode *n = cfg_require(range, key, what, error);
    if (!n)
        return FALSE;
    if (n->kind != CFG_SCALAR || !decimal_parse(n->value, out)) {
        double unused;
        if (cfg_double(n, what, &unused, error))
            cfg_fail(error, n, "%s %s: expected a decimal number of at most 15 digits, got '%s'",
                     what, key, n->value);
        return FALSE;
    }
    return TRUE;
}

/* range: {from: A, to: B, step: S}: A, A+S, A+2S... up to B, computed in exact decimals. */
static gboolean read_range(SweepAxis *axis, const CfgNode *range, GError **error)
{
    g_autofree char *what = g_strdup_printf("axis '%s' range", axis->name);
    Decimal from, to, step;
    if (!cfg_expect_map(range, what, error) || !cfg_check_keys(range, what, range_keys, error) ||
        !range_field(range, "from", what, &from, error) ||
        !range_field(range, "to", what, &to, error) ||
        !range_field(range, "step", what, &step, error))
        return FALSE;
    guint decimals = MAX(from.decimals, MAX(to.decimals, step.decimals));
    gint64 a, b, s;
    if (!decimal_scaled(from, decimals, &a) || !decimal_scaled(to, decimals, &b) ||
        !decimal_scaled(step, decimals, &s) || s <= 0 || b < a || (b - a) / s >= MAX_RANGE_VALUES) {
        cfg_fail(error, range, "%s: expected a step above 0 and from <= to, with at most %d values",
                 what, MAX_RANGE_VALUES);
        return FALSE;
    }
    for (gint64 v = a; v <= b; v += s) {
        g_autofree char *label = decimal_format(v, decimals);
        value_index(axis, label, range);
    }
    return TRUE;
}

/* ---- axes ---- */

static gboolean read_axis(Sweep *sw, const CfgNode *node, gboolean listed, GError **error)
{
    const CfgNode *name_n, *path_n, *values, *range, *unit;
    const char *name, *path, *unit_text = NULL;
    if (!cfg_expect_map(node, "axis", error) || !cfg_check_keys(node, "axis", axis_keys, error) ||
        !(name_n = cfg_require(node, "name", "axis", error)) ||
        !cfg_name(name_n, "axis name", &name, error) ||
        !(path_n = cfg_require(node, "path", "axis", error)) ||
        !cfg_string(path_n, "axis path", &path, error) ||
        ((unit = cfg_get(node, "unit")) && !cfg_string(unit, "axis unit", &unit_text, error)))
        return FALSE;
    if (is_reserved(name)) {
        cfg_fail(error, name_n, "axis name '%s' is a column of runs.csv; expected another name",
                 name);
        return FALSE;
    }
    if (g_str_equal(path, "seed") || g_str_equal(path, "run")) {
        cfg_fail(error, path_n,
                 "axis '%s': the sweep sets the scenario's %s itself (seed:, replications:); "
                 "expected another path",
                 name, path);
        return FALSE;
    }
    for (guint i = 0; i < sw->axes->len; i++) {
        const SweepAxis *other = g_ptr_array_index(sw->axes, i);
        if (g_str_equal(other->name, name) || g_str_equal(other->path, path)) {
            cfg_fail(error, g_str_equal(other->name, name) ? name_n : path_n,
                     "axis '%s': the same %s as axis '%s'; expected distinct names and paths", name,
                     g_str_equal(other->name, name) ? "name" : "path", other->name);
            return FALSE;
        }
    }
    SweepAxis *axis = g_new0(SweepAxis, 1);
    axis->name = g_strdup(name);
    axis->path = g_strdup(path);
    axis->unit = g_strdup(unit_text);
    axis->values = g_ptr_array_new_with_free_func(value_free);
    axis->where_path = path_n;
    g_ptr_array_add(sw->axes, axis);
    values = cfg_get(node, "values");
    range = cfg_get(node, "range");
    if (listed) {
        if (!values && !range)
            return TRUE;
        cfg_fail(error, values ? values : range,
                 "axis '%s': with 'points: listed' the list gives the values; expected no "
                 "'%s' here",
                 name, values ? "values" : "range");
        return FALSE;
    }
    if (!values == !range) {
        cfg_fail(error, node, "axis '%s': expected either 'values' or 'range'", name);
        return FALSE;
    }
    return values ? read_values(axis, values, error) : read_range(axis, range, error);
}

/* points: grid: every combination, the last axis varying fastest. */
static gboolean make_grid(Sweep *sw, const CfgNode *axes, GError **error)
{
    guint n_axes = sw->axes->len;
    guint64 n = 1;
    for (guint a = 0; a < n_axes; a++) {
        n *= ((SweepAxis *) g_ptr_array_index(sw->axes, a))->values->len;
        if (n * sw->replications > SWEEP_MAX_JOBS) {
            cfg_fail(error, axes, "the grid has more than %d runs; expected fewer", SWEEP_MAX_JOBS);
            return FALSE;
        }
    }
    sw->n_points = (guint) n;
    sw->points = g_new(guint, n * n_axes);
    for (guint p = 0; p < sw->n_points; p++) {
        guint rest = p;
        for (guint a = n_axes; a-- > 0;) {
            guint len = ((SweepAxis *) g_ptr_array_index(sw->axes, a))->values->len;
            sw->points[p * n_axes + a] = rest % len;
            rest /= len;
        }
    }
    return TRUE;
}

/* points: listed: each item of list: gives a value to each axis. */
static gboolean make_list(Sweep *sw, const CfgNode *list, GError **error)
{
    guint n_axes = sw->axes->len;
    if (!cfg_expect_seq(list, "list", error))
        return FALSE;
    sw->n_points = cfg_seq_len(list);
    if (!sw->n_points || (guint64) sw->n_points * sw->replications > SWEEP_MAX_JOBS) {
        cfg_fail(error, list, "list: expected from 1 to %d runs", SWEEP_MAX_JOBS);
        return FALSE;
    }
    g_autofree const char **names = g_new0(const char *, n_axes + 1);
    for (guint a = 0; a < n_axes; a++)
        names[a] = ((SweepAxis *) g_ptr_array_index(sw->axes, a))->name;
    sw->points = g_new(guint, sw->n_points * n_axes);
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint p = 0; p < sw->n_points; p++) {
        const CfgNode *item = cfg_seq_item(list, p);
        if (!cfg_expect_map(item, "point", error) ||
            !cfg_check_keys(item, "point", (const char *const *) names, error))
            return FALSE;
        GString *key = g_string_new(NULL);
        for (guint a = 0; a < n_axes; a++) {
            SweepAxis *axis = g_ptr_array_index(sw->axes, a);
            const CfgNode *n = cfg_require(item, axis->name, "point", error);
            const char *label;
            if (!n || !read_value(axis, n, &label, error)) {
                g_string_free(key, TRUE);
                return FALSE;
            }
            sw->points[p * n_axes + a] = value_index(axis, label, n);
            g_string_append_printf(key, "%u,", sw->points[p * n_axes + a]);
        }
        if (!g_hash_table_add(seen, g_string_free(key, FALSE))) {
            cfg_fail(error, item, "this point is listed twice; expected distinct points");
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean read_axes(Sweep *sw, const CfgNode *root, GError **error)
{
    const CfgNode *axes = cfg_require(root, "axes", "sweep", error), *points, *list;
    const char *mode = "grid";
    if (!axes || !cfg_expect_seq(axes, "axes", error) ||
        ((points = cfg_get(root, "points")) && !cfg_string(points, "points", &mode, error)))
        return FALSE;
    gboolean listed = g_str_equal(mode, "listed");
    if (!listed && !g_str_equal(mode, "grid")) {
        cfg_fail(error, points, "points: expected grid or listed, got '%s'", mode);
        return FALSE;
    }
    if (!cfg_seq_len(axes)) {
        cfg_fail(error, axes, "axes: expected at least one axis");
        return FALSE;
    }
    for (guint i = 0; i < cfg_seq_len(axes); i++)
        if (!read_axis(sw, cfg_seq_item(axes, i), listed, error))
            return FALSE;
    list = cfg_get(root, "list");
    if (listed)
        return (list = cfg_require(root, "list", "sweep with 'points: listed'", error)) &&
               make_list(sw, list, error);
    if (list) {
        cfg_fail(error, list, "list: only with 'points: listed'; expected no list with a grid");
        return FALSE;
    }
    return make_grid(sw, axes, error);
}

/* ---- metrics and plots ---- */

/* Keys of letters, digits, '_' and '-', separated by dots, each with any [N]. */
static gboolean metric_syntax_ok(const char *p)
{
    for (;;) {
        const char *k = p;
        while (g_ascii_isalnum(*p) || *p == '_' || *p == '-')
            p++;
        if (p == k)
            return FALSE;
        while (*p == '[') {
            const char *d = ++p;
            while (g_ascii_isdigit(*p))
                p++;
            if (p == d || *p++ != ']')
                return FALSE;
        }
        if (!*p)
            return TRUE;
        if (*p++ != '.')
            return FALSE;
    }
}

static gint axis_index(const Sweep *sw, const char *name)
{
    for (guint i = 0; i < sw->axes->len; i++)
        if (g_str_equal(((SweepAxis *) g_ptr_array_index(sw->axes, i))->name, name))
            return (gint) i;
    return -1;
}

static gboolean metric_path(const CfgNode *n, const char *what, const char **out, GError **error)
{
    if (!cfg_string(n, what, out, error))
        return FALSE;
    if (metric_syntax_ok(*out))
        return TRUE;
    cfg_fail(error, n,
             "%s '%s': expected keys of summary.json separated by dots, each with optional [N], "
             "such as sip.calls.time_to_answer.mean_ns",
             what, *out);
    return FALSE;
}

/* A metric: a path into summary.json; or {name, path, per}: a named figure, the ratio of two
 * when it has per. */
static gboolean read_metric(const CfgNode *n, SweepMetric *m, GError **error)
{
    *m = (SweepMetric){ .where = n };
    if (n->kind != CFG_MAP) {
        if (!metric_path(n, "metric", &m->path, error))
            return FALSE;
        m->name = m->path;
        return TRUE;
    }
    const CfgNode *name_n, *path_n, *per_n;
    return cfg_check_keys(n, "metric", metric_keys, error) &&
           (name_n = cfg_require(n, "name", "metric", error)) &&
           cfg_name(name_n, "metric name", &m->name, error) &&
           (path_n = cfg_require(n, "path", "metric", error)) &&
           metric_path(path_n, "metric path", &m->path, error) &&
           (!(per_n = cfg_get(n, "per")) || metric_path(per_n, "metric per", &m->per, error));
}

static gboolean read_metrics(Sweep *sw, const CfgNode *root, GError **error)
{
    const CfgNode *list = cfg_require(root, "metrics", "sweep", error);
    if (!list || !cfg_expect_seq(list, "metrics", error))
        return FALSE;
    if (!cfg_seq_len(list)) {
        cfg_fail(error, list, "metrics: expected at least one path into summary.json");
        return FALSE;
    }
    for (guint i = 0; i < cfg_seq_len(list); i++) {
        const CfgNode *n = cfg_seq_item(list, i);
        SweepMetric m;
        if (!read_metric(n, &m, error))
            return FALSE;
        for (guint j = 0; j < sw->metrics->len; j++)
            if (g_str_equal(g_array_index(sw->metrics, SweepMetric, j).name, m.name)) {
                cfg_fail(error, n, "metric '%s' is listed twice; expected distinct metrics",
                         m.name);
                return FALSE;
            }
        if (is_reserved(m.name) || axis_index(sw, m.name) >= 0) {
            cfg_fail(error, n, "metric '%s' has the name of another column of runs.csv", m.name);
            return FALSE;
        }
        g_array_append_val(sw->metrics, m);
    }
    return TRUE;
}

static gboolean plot_axis(const Sweep *sw, const CfgNode *plot, const char *key, gint *out,
                          GError **error)
{
    const CfgNode *n = cfg_get(plot, key);
    const char *name;
    if (!n)
        return TRUE;
    if (!cfg_string(n, key, &name, error))
        return FALSE;
    if ((*out = axis_index(sw, name)) < 0) {
        cfg_fail(error, n, "plot %s: no axis named '%s'", key, name);
        return FALSE;
    }
    return TRUE;
}

static gboolean read_plot(Sweep *sw, const CfgNode *node, GError **error)
{
    const CfgNode *metric_n;
    const char *metric;
    gint against = -1, by = -1;
    if (!cfg_expect_map(node, "plot", error) || !cfg_check_keys(node, "plot", plot_keys, error) ||
        !(metric_n = cfg_require(node, "metric", "plot", error)) ||
        !cfg_string(metric_n, "plot metric", &metric, error) ||
        !cfg_require(node, "against", "plot", error) ||
        !plot_axis(sw, node, "against", &against, error) || !plot_axis(sw, node, "by", &by, error))
        return FALSE;
    guint m = 0;
    while (m < sw->metrics->len &&
           !g_str_equal(g_array_index(sw->metrics, SweepMetric, m).name, metric))
        m++;
    if (m == sw->metrics->len) {
        cfg_fail(error, metric_n, "plot metric '%s': expected one of the sweep's metrics", metric);
        return FALSE;
    }
    if (by == against) {
        cfg_fail(error, cfg_get(node, "by"), "plot: 'by' is the 'against' axis; expected another");
        return FALSE;
    }
    OutSweepPlot p = { m, (guint) against, by };
    g_array_append_val(sw->plots, p);
    return TRUE;
}

/* Without plots:, each metric against each axis, one line per value of the next axis. */
static gboolean read_plots(Sweep *sw, const CfgNode *root, GError **error)
{
    const CfgNode *list = cfg_get(root, "plots");
    if (list) {
        if (!cfg_expect_seq(list, "plots", error))
            return FALSE;
        for (guint i = 0; i < cfg_seq_len(list); i++)
            if (!read_plot(sw, cfg_seq_item(list, i), error))
                return FALSE;
        return TRUE;
    }
    guint n_axes = sw->axes->len;
    for (guint m = 0; m < sw->metrics->len; m++)
        for (guint a = 0; a < n_axes; a++) {
            OutSweepPlot p = { m, a, n_axes > 1 ? (gint) ((a + 1) % n_axes) : -1 };
            g_array_append_val(sw->plots, p);
        }
    return TRUE;
}

/* ---- against the scenario ---- */

/* The scenario's message for "--set SET" without that origin and the place in the value's own
 * text (":1:1"): the sweep names its own place instead. */
static const char *strip_origin(const char *message, const char *set)
{
    g_autofree char *origin = g_strconcat("--set ", set, NULL);
    if (!g_str_has_prefix(message, origin))
        return message;
    const char *p = message + strlen(origin);
    if (*p == ':' && g_ascii_isdigit(p[1])) {
        const char *q = p + 1;
        while (g_ascii_isdigit(*q))
            q++;
        if (*q == ':' && g_ascii_isdigit(q[1])) {
            for (q++; g_ascii_isdigit(*q);)
                q++;
            p = q;
        }
    }
    return g_str_has_prefix(p, ": ") ? p + 2 : message;
}

/* Builds the scenario with each value of @axis set alone: a path that fails with every value
 * is the path's fault; otherwise the first value that fails is. */
static gboolean check_axis(const Sweep *sw, const SweepAxis *axis, GError **error)
{
    GError *first = NULL;
    const SweepValue *first_value = NULL;
    guint failed = 0;
    for (guint i = 0; i < axis->values->len; i++) {
        const SweepValue *v = g_ptr_array_index(axis->values, i);
        g_autofree char *set = g_strconcat(axis->path, "=", v->text, NULL);
        const char *sets[] = { set, NULL };
        ScenarioOverrides ov = { .sets = sets };
        GError *e = NULL;
        g_autoptr(Scenario) s = scenario_load(sw->scenario, &ov, &e);
        if (s)
            continue;
        failed++;
        if (first) {
            g_error_free(e);
            continue;
        }
        first_value = v;
        g_set_error(&first, CFG_ERROR, CFG_ERROR_SCHEMA, "%s", strip_origin(e->message, set));
        g_error_free(e);
    }
    if (!failed)
        return TRUE;
    if (failed == axis->values->len)
        cfg_fail(error, axis->where_path, "axis '%s': path '%s': %s", axis->name, axis->path,
                 first->message);
    else
        cfg_fail(error, first_value->where, "axis '%s': value '%s' at '%s': %s", axis->name,
                 first_value->text, axis->path, first->message);
    g_error_free(first);
    return FALSE;
}

static gboolean check_scenario(Sweep *sw, const CfgNode *scenario_n, const CfgNode *seed_n,
                               GError **error)
{
    ScenarioOverrides none = { 0 };
    GError *e = NULL;
    g_autoptr(Scenario) s = scenario_load(sw->scenario, &none, &e);
    if (!s) {
        /* A file that cannot be read is reported where the sweep names it. */
        if (g_error_matches(e, CFG_ERROR, CFG_ERROR_FILE))
            cfg_fail(error, scenario_n, "scenario %s", e->message);
        else
            g_propagate_error(error, g_steal_pointer(&e));
        g_clear_error(&e);
        return FALSE;
    }
    if (!seed_n)
        sw->seed = s->seed;
    for (guint a = 0; a < sw->axes->len; a++)
        if (!check_axis(sw, g_ptr_array_index(sw->axes, a), error))
            return FALSE;
    return TRUE;
}

static gboolean read_sweep(Sweep *sw, const CfgNode *root, GError **error)
{
    const CfgNode *scenario_n, *seed_n, *n;
    const char *scenario;
    guint64 reps = 1;
    sw->confidence = 0.95;
    if (!cfg_expect_map(root, "sweep", error) ||
        !cfg_check_keys(root, "sweep", sweep_keys, error) ||
        !(scenario_n = cfg_require(root, "scenario", "sweep", error)) ||
        !cfg_string(scenario_n, "scenario", &scenario, error) ||
        ((seed_n = cfg_get(root, "seed")) &&
         !cfg_uint(seed_n, "seed", 0, G_MAXUINT64, &sw->seed, error)) ||
        ((n = cfg_get(root, "replications")) &&
         !cfg_uint(n, "replications", 1, MAX_REPLICATIONS, &reps, error)))
        return FALSE;
    if ((n = cfg_get(root, "confidence"))) {
        if (!cfg_double(n, "confidence", &sw->confidence, error))
            return FALSE;
        if (!(sw->confidence > 0 && sw->confidence < 1)) {
            cfg_fail(error, n,
                     "confidence: expected a level between 0 and 1, such as 0.95, got '%s'",
                     n->value);
            return FALSE;
        }
    }
    sw->replications = (guint) reps;
    sw->scenario_file = g_strdup(scenario);
    sw->scenario = cfg_resolve_path(sw->path, scenario);
    return read_axes(sw, root, error) && read_metrics(sw, root, error) &&
           read_plots(sw, root, error) && check_scenario(sw, scenario_n, seed_n, error);
}

/* Reads the sweep of @doc (taken), read from @path. */
static Sweep *load_doc(const char *path, CfgDoc *doc, GError **error)
{
    g_autoptr(Sweep) sw = g_new0(Sweep, 1);
    sw->path = g_strdup(path);
    sw->axes = g_ptr_array_new_with_free_func(axis_free);
    sw->metrics = g_array_new(FALSE, FALSE, sizeof(SweepMetric));
    sw->plots = g_array_new(FALSE, FALSE, sizeof(OutSweepPlot));
    sw->doc = doc;
    if (!sw->doc->root) {
        g_set_error(error, CFG_ERROR, CFG_ERROR_SCHEMA,
                    "%s:1:1: the file is empty; expected a sweep (a map with 'scenario:')", path);
        return NULL;
    }
    if (!read_sweep(sw, sw->doc->root, error))
        return NULL;
    return g_steal_pointer(&sw);
}

Sweep *sweep_load(const char *path, GError **error)
{
    CfgDoc *doc = cfg_doc_load(path, error);
    return doc ? load_doc(path, doc, error) : NULL;
}

Sweep *sweep_load_text(const char *path, const char *text, gsize len, GError **error)
{
    CfgDoc *doc = cfg_doc_parse(path, text, len, error);
    return doc ? load_doc(path, doc, error) : NULL;
}
