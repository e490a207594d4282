/* SPDX-License-Identifier: MIT */
#include "sweep-jobs.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "out-file.h"

#define JOB_RECORD "job.txt"
#define SUMMARY    "summary.json"

static int digits(guint n)
{
    int d = 1;
    for (; n >= 10; n /= 10)
        d++;
    return d;
}

char *sweep_job_name(const Sweep *sweep, guint job)
{
    guint reps = sweep->replications;
    return g_strdup_printf("p%0*u-r%0*u", digits(sweep->n_points - 1), job / reps, digits(reps - 1),
                           job % reps);
}

char *sweep_job_dir(const Sweep *sweep, guint job, const char *out)
{
    g_autofree char *name = sweep_job_name(sweep, job);
    return g_build_filename(out, "runs", name, NULL);
}

GPtrArray *sweep_job_args(const Sweep *sweep, guint job, const char *out)
{
    GPtrArray *args = g_ptr_array_new_with_free_func(g_free);
    guint point = job / sweep->replications;
    g_ptr_array_add(args, g_strdup("run"));
    g_ptr_array_add(args, g_strdup(sweep->scenario));
    g_ptr_array_add(args, g_strdup("--quiet"));
    g_ptr_array_add(args, g_strdup("--out"));
    g_ptr_array_add(args, sweep_job_dir(sweep, job, out));
    g_ptr_array_add(args, g_strdup("--seed"));
    g_ptr_array_add(args, g_strdup_printf("%" G_GUINT64_FORMAT, sweep->seed));
    g_ptr_array_add(args, g_strdup("--run"));
    g_ptr_array_add(args, g_strdup_printf("%u", job % sweep->replications));
    for (guint a = 0; a < sweep->axes->len; a++) {
        g_ptr_array_add(args, g_strdup("--set"));
        g_ptr_array_add(args, sweep_set_arg(sweep, point, a));
    }
    g_ptr_array_add(args, NULL);
    return args;
}

char *sweep_job_describe(const Sweep *sweep, guint job)
{
    GString *s = g_string_new(NULL);
    for (guint a = 0; a < sweep->axes->len; a++) {
        const SweepAxis *axis = g_ptr_array_index(sweep->axes, a);
        g_string_append_printf(s, "%s%s=%s", a ? ", " : "", axis->name,
                               sweep_value(sweep, job / sweep->replications, a)->text);
    }
    return g_string_free(s, FALSE);
}

/* What job.txt holds: the scenario as the sweep file names it, so that the record does not
 * depend on the directory the sweep runs from. */
static char *job_record(const Sweep *sweep, guint job)
{
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "scenario: %s\nseed: %" G_GUINT64_FORMAT "\nrun: %u\n",
                           sweep->scenario_file, sweep->seed, job % sweep->replications);
    for (guint a = 0; a < sweep->axes->len; a++) {
        g_autofree char *set = sweep_set_arg(sweep, job / sweep->replications, a);
        g_string_append_printf(s, "set: %s\n", set);
    }
    return g_string_free(s, FALSE);
}

static gboolean record_matches(const char *dir, const char *record)
{
    g_autofree char *path = g_build_filename(dir, JOB_RECORD, NULL);
    g_autofree char *text = NULL;
    return g_file_get_contents(path, &text, NULL, NULL) && g_str_equal(text, record);
}

gboolean sweep_job_done(const Sweep *sweep, guint job, const char *out)
{
    g_autofree char *dir = sweep_job_dir(sweep, job, out);
    g_autofree char *record = job_record(sweep, job);
    g_autofree char *summary = g_build_filename(dir, SUMMARY, NULL);
    return record_matches(dir, record) && g_file_test(summary, G_FILE_TEST_IS_REGULAR);
}

gboolean sweep_job_prepare(const Sweep *sweep, guint job, const char *out, GError **error)
{
    g_autofree char *dir = sweep_job_dir(sweep, job, out);
    g_autofree char *record = job_record(sweep, job);
    if (g_mkdir_with_parents(dir, 0777) != 0) {
        int e = errno;
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
                    "%s: cannot create the directory: %s", dir, g_strerror(e));
        return FALSE;
    }
    if (record_matches(dir, record))
        return TRUE;
    /* A run of other settings: its summary must not pass for this job's. */
    g_autofree char *summary = g_build_filename(dir, SUMMARY, NULL);
    g_unlink(summary);
    OutFile *f = out_file_open(dir, JOB_RECORD, error);
    if (!f)
        return FALSE;
    fputs(record, out_file_stream(f));
    return out_file_finish(f, TRUE, error);
}

/* The node at @path ("a.b[2].c", checked when the sweep was loaded), or NULL. */
static JsonNode *json_walk(JsonNode *node, const char *path)
{
    const char *p = path;
    while (*p && node) {
        if (*p == '[') {
            char *end;
            guint64 i = g_ascii_strtoull(p + 1, &end, 10);
            p = end + 1;
            if (!JSON_NODE_HOLDS_ARRAY(node) ||
                i >= json_array_get_length(json_node_get_array(node)))
                return NULL;
            node = json_array_get_element(json_node_get_array(node), (guint) i);
            continue;
        }
        if (*p == '.')
            p++;
        gsize len = strcspn(p, ".[");
        g_autofree char *key = g_strndup(p, len);
        p += len;
        if (!JSON_NODE_HOLDS_OBJECT(node))
            return NULL;
        node = json_object_get_member(json_node_get_object(node), key);
    }
    return node;
}

static gboolean read_metric(JsonNode *node, OutSweepValue *v)
{
    if (!node || JSON_NODE_HOLDS_NULL(node))
        return TRUE;
    if (!JSON_NODE_HOLDS_VALUE(node))
        return FALSE;
    GType type = json_node_get_value_type(node);
    if (type == G_TYPE_INT64 || type == G_TYPE_BOOLEAN) {
        gint64 i = type == G_TYPE_INT64 ? json_node_get_int(node) : json_node_get_boolean(node);
        *v = (OutSweepValue){ .present = TRUE, .integer = TRUE, .i = i, .d = (double) i };
        return TRUE;
    }
    if (type == G_TYPE_DOUBLE) {
        *v = (OutSweepValue){ .present = TRUE, .d = json_node_get_double(node) };
        return TRUE;
    }
    return FALSE;
}

static gboolean read_path(JsonNode *root, const SweepMetric *metric, const char *path,
                          const char *file, OutSweepValue *v, GError **error)
{
    JsonNode *node = json_walk(root, path);
    *v = (OutSweepValue){ 0 };
    if (read_metric(node, v))
        return TRUE;
    cfg_fail(error, metric->where, "metric '%s': '%s' is %s in %s; expected a number", metric->name,
             path,
             JSON_NODE_HOLDS_OBJECT(node)  ? "an object"
             : JSON_NODE_HOLDS_ARRAY(node) ? "a list"
                                           : "a text",
             file);
    return FALSE;
}

gboolean sweep_job_read(const Sweep *sweep, guint job, const char *out, OutSweepValue *values,
                        GError **error)
{
    g_autofree char *dir = sweep_job_dir(sweep, job, out);
    g_autofree char *path = g_build_filename(dir, SUMMARY, NULL);
    g_autoptr(JsonParser) parser = json_parser_new();
    GError *e = NULL;
    if (!json_parser_load_from_file(parser, path, &e)) {
        g_set_error(error, CFG_ERROR, CFG_ERROR_FILE, "%s: cannot read: %s", path, e->message);
        g_error_free(e);
        return FALSE;
    }
    JsonNode *root = json_parser_get_root(parser);
    for (guint m = 0; m < sweep->metrics->len; m++) {
        const SweepMetric *metric = &g_array_index(sweep->metrics, SweepMetric, m);
        OutSweepValue *v = &values[m], per = { 0 };
        if (!read_path(root, metric, metric->path, path, v, error) ||
            (metric->per && !read_path(root, metric, metric->per, path, &per, error)))
            return FALSE;
        /* A ratio: absent when either figure is, or the divisor is 0. */
        if (metric->per)
            *v = v->present && per.present && per.d != 0
                     ? (OutSweepValue){ .present = TRUE, .d = v->d / per.d }
                     : (OutSweepValue){ 0 };
    }
    return TRUE;
}
