/* SPDX-License-Identifier: MIT */
#include "cfg-tree.h"
#include "sipsim-resources.h"

#include <errno.h>
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

G_DEFINE_QUARK(sipsim_config_error, cfg_error)

/* Limits that keep a hostile file from exhausting the stack or, through aliases, memory. */
#define MAX_DEPTH  64
#define MAX_WEIGHT 10000000

typedef struct {
    yaml_parser_t parser;
    CfgDoc *doc;
    GHashTable *anchors; /* name -> CfgNode */
} Loader;

void cfg_fail(GError **error, const CfgNode *node, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    g_autofree char *msg = g_strdup_vprintf(format, ap);
    va_end(ap);
    g_set_error(error, CFG_ERROR, CFG_ERROR_SCHEMA, "%s:%u:%u: %s", node->file, node->line,
                node->col, msg);
}

static void fail_at_mark(GError **error, const char *file, yaml_mark_t mark, CfgError code,
                         const char *msg)
{
    g_set_error(error, CFG_ERROR, code, "%s:%zu:%zu: %s", file, mark.line + 1, mark.column + 1,
                msg);
}

static void fail_syntax(Loader *ld, GError **error)
{
    yaml_parser_t *p = &ld->parser;
    g_autofree char *msg = NULL;
    if (p->context)
        msg = g_strdup_printf("YAML syntax error: %s %s (line %zu); expected valid YAML",
                              p->problem, p->context, p->context_mark.line + 1);
    else
        msg = g_strdup_printf("YAML syntax error: %s; expected valid YAML",
                              p->problem ? p->problem : "unreadable input");
    fail_at_mark(error, ld->doc->file, p->problem_mark, CFG_ERROR_SYNTAX, msg);
}

static CfgNode *node_new(Loader *ld, CfgKind kind, yaml_mark_t mark)
{
    CfgNode *n = g_new0(CfgNode, 1);
    n->kind = kind;
    n->line = (guint) mark.line + 1;
    n->col = (guint) mark.column + 1;
    n->file = ld->doc->file;
    n->weight = 1;
    if (kind != CFG_SCALAR)
        n->items = g_ptr_array_new();
    g_ptr_array_add(ld->doc->nodes, n);
    return n;
}

static void node_free(gpointer p)
{
    CfgNode *n = p;
    g_free(n->value);
    if (n->items)
        g_ptr_array_unref(n->items);
    g_free(n);
}

static gboolean next_event(Loader *ld, yaml_event_t *ev, GError **error)
{
    if (!yaml_parser_parse(&ld->parser, ev)) {
        fail_syntax(ld, error);
        return FALSE;
    }
    return TRUE;
}

static void remember_anchor(Loader *ld, const yaml_char_t *anchor, CfgNode *node)
{
    if (anchor)
        g_hash_table_insert(ld->anchors, g_strdup((const char *) anchor), node);
}

static CfgNode *parse_node(Loader *ld, yaml_event_t *ev, guint depth, GError **error);

static gboolean add_child(CfgNode *parent, CfgNode *child, GError **error)
{
    parent->weight += child->weight;
    if (parent->weight > MAX_WEIGHT) {
        cfg_fail(error, child,
                 "the document expands to more than %d nodes through aliases; "
                 "expected a configuration of reasonable size",
                 MAX_WEIGHT);
        return FALSE;
    }
    g_ptr_array_add(parent->items, child);
    return TRUE;
}

static const CfgNode *map_find(const CfgNode *map, const char *key)
{
    for (guint i = 0; i + 1 < map->items->len; i += 2) {
        const CfgNode *k = g_ptr_array_index(map->items, i);
        if (g_str_equal(k->value, key))
            return k;
    }
    return NULL;
}

/* Reads the children of a sequence or map until its end event. */
static gboolean parse_children(Loader *ld, CfgNode *node, yaml_event_type_t end, guint depth,
                               GError **error)
{
    for (;;) {
        yaml_event_t ev;
        if (!next_event(ld, &ev, error))
            return FALSE;
        if (ev.type == end) {
            yaml_event_delete(&ev);
            return TRUE;
        }
        gboolean is_key = node->kind == CFG_MAP && node->items->len % 2 == 0;
        CfgNode *child = parse_node(ld, &ev, depth + 1, error);
        if (!child)
            return FALSE;
        if (is_key) {
            if (child->kind != CFG_SCALAR) {
                cfg_fail(error, child, "a map key must be a plain value, got %s",
                         cfg_kind_name(child));
                return FALSE;
            }
            const CfgNode *first = map_find(node, child->value);
            if (first) {
                cfg_fail(error, child, "duplicate key '%s' (first at line %u, column %u)",
                         child->value, first->line, first->col);
                return FALSE;
            }
        }
        if (!add_child(node, child, error))
            return FALSE;
    }
}

/* Builds the node that starts with @ev (consumed). */
static CfgNode *parse_node(Loader *ld, yaml_event_t *ev, guint depth, GError **error)
{
    CfgNode *node = NULL;
    if (depth > MAX_DEPTH) {
        fail_at_mark(error, ld->doc->file, ev->start_mark, CFG_ERROR_SCHEMA,
                     "nested too deeply; expected at most 64 levels");
        yaml_event_delete(ev);
        return NULL;
    }
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        node = node_new(ld, CFG_SCALAR, ev->start_mark);
        node->value = g_strndup((const char *) ev->data.scalar.value, ev->data.scalar.length);
        node->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
        remember_anchor(ld, ev->data.scalar.anchor, node);
        break;
    case YAML_SEQUENCE_START_EVENT:
        node = node_new(ld, CFG_SEQ, ev->start_mark);
        remember_anchor(ld, ev->data.sequence_start.anchor, node);
        if (!parse_children(ld, node, YAML_SEQUENCE_END_EVENT, depth, error))
            node = NULL;
        break;
    case YAML_MAPPING_START_EVENT:
        node = node_new(ld, CFG_MAP, ev->start_mark);
        remember_anchor(ld, ev->data.mapping_start.anchor, node);
        if (!parse_children(ld, node, YAML_MAPPING_END_EVENT, depth, error))
            node = NULL;
        break;
    case YAML_ALIAS_EVENT:
        node = g_hash_table_lookup(ld->anchors, ev->data.alias.anchor);
        if (!node) {
            g_autofree char *msg = g_strdup_printf(
                "unknown alias '*%s'; expected the name of an anchor (&name) defined above",
                ev->data.alias.anchor);
            fail_at_mark(error, ld->doc->file, ev->start_mark, CFG_ERROR_SCHEMA, msg);
        }
        break;
    default:
        fail_at_mark(error, ld->doc->file, ev->start_mark, CFG_ERROR_SYNTAX,
                     "unexpected YAML structure; expected a value");
        break;
    }
    yaml_event_delete(ev);
    return node;
}

/* stream-start, then at most one document, then stream-end. */
static gboolean parse_stream(Loader *ld, GError **error)
{
    yaml_event_t ev;
    gboolean seen_document = FALSE;
    for (;;) {
        if (!next_event(ld, &ev, error))
            return FALSE;
        yaml_event_type_t type = ev.type;
        yaml_mark_t mark = ev.start_mark;
        yaml_event_delete(&ev);
        if (type == YAML_STREAM_END_EVENT)
            return TRUE;
        if (type != YAML_DOCUMENT_START_EVENT)
            continue;
        if (seen_document) {
            fail_at_mark(error, ld->doc->file, mark, CFG_ERROR_SCHEMA,
                         "a second YAML document; expected one document per file");
            return FALSE;
        }
        seen_document = TRUE;
        if (!next_event(ld, &ev, error))
            return FALSE;
        ld->doc->root = parse_node(ld, &ev, 0, error);
        if (!ld->doc->root)
            return FALSE;
        if (!next_event(ld, &ev, error)) /* document end */
            return FALSE;
        yaml_event_delete(&ev);
    }
}

CfgDoc *cfg_doc_parse(const char *name, const char *text, gsize len, GError **error)
{
    Loader ld = { 0 };
    ld.doc = g_new0(CfgDoc, 1);
    ld.doc->file = g_strdup(name);
    ld.doc->nodes = g_ptr_array_new_with_free_func(node_free);
    ld.doc->origins = g_ptr_array_new_with_free_func(g_free);
    ld.anchors = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    yaml_parser_initialize(&ld.parser);
    yaml_parser_set_input_string(&ld.parser, (const unsigned char *) text, len);
    gboolean ok = parse_stream(&ld, error);
    yaml_parser_delete(&ld.parser);
    g_hash_table_destroy(ld.anchors);
    if (!ok) {
        cfg_doc_free(ld.doc);
        return NULL;
    }
    return ld.doc;
}

CfgDoc *cfg_doc_load(const char *path, GError **error)
{
    GError *io = NULL;
    if (g_str_has_prefix(path, CFG_RESOURCE_PREFIX)) {
        /* Looked up in our own bundle: a static library would drop its auto-registration. */
        g_autoptr(GBytes) bytes = g_resource_lookup_data(sipsim_resources_get_resource(),
                                                         path + strlen(CFG_RESOURCE_PREFIX),
                                                         G_RESOURCE_LOOKUP_FLAGS_NONE, &io);
        if (!bytes) {
            g_set_error(error, CFG_ERROR, CFG_ERROR_FILE, "%s: not built in: %s", path,
                        io->message);
            g_error_free(io);
            return NULL;
        }
        gsize len;
        const char *text = g_bytes_get_data(bytes, &len);
        g_autofree char *name = cfg_display_name(path);
        return cfg_doc_parse(name, text, len, error);
    }
    g_autofree char *text = NULL;
    gsize len;
    if (!cfg_read_file(path, &text, &len, error))
        return NULL;
    return cfg_doc_parse(path, text, len, error);
}

static const char *read_failure(int err)
{
    return err == ENOENT   ? "no such file"
           : err == EACCES ? "permission denied"
           : err == EISDIR ? "it is a directory"
                           : g_strerror(err);
}

gboolean cfg_read_file(const char *path, char **text, gsize *len, GError **error)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        g_set_error(error, CFG_ERROR, CFG_ERROR_FILE, "%s: cannot read: %s", path,
                    read_failure(errno));
        return FALSE;
    }
    /* Read in pieces up to the bound, so that a device or a pipe that never ends (/dev/zero)
     * is an error rather than a program that eats the memory. */
    GByteArray *bytes = g_byte_array_new();
    guint8 piece[65536];
    size_t n;
    while (bytes->len <= CFG_MAX_FILE_BYTES && (n = fread(piece, 1, sizeof piece, f)) > 0)
        g_byte_array_append(bytes, piece, (guint) n);
    int err = ferror(f) ? errno : 0;
    fclose(f);
    if (err || bytes->len > CFG_MAX_FILE_BYTES) {
        g_set_error(
            error, CFG_ERROR, CFG_ERROR_FILE, "%s: cannot read: %s", path,
            err ? read_failure(err)
                : "larger than " G_STRINGIFY(CFG_MAX_FILE_MIB) " MiB, the most sipsim reads");
        g_byte_array_unref(bytes);
        return FALSE;
    }
    *len = bytes->len;
    g_byte_array_append(bytes, (const guint8 *) "", 1);
    *text = (char *) g_byte_array_free(bytes, FALSE);
    return TRUE;
}

char *cfg_display_name(const char *path)
{
    if (!g_str_has_prefix(path, CFG_RESOURCE_PREFIX "/sipsim/"))
        return g_strdup(path);
    return g_strconcat(path + strlen(CFG_RESOURCE_PREFIX "/sipsim/"), " (built in)", NULL);
}

/* Removes "." and "dir/.." pairs without touching the file system; leading ".." stay. */
static char *normalize_lexically(const char *path)
{
    gboolean absolute = g_path_is_absolute(path);
    g_auto(GStrv) parts = g_strsplit(path, G_DIR_SEPARATOR_S, -1);
    GPtrArray *kept = g_ptr_array_new();
    for (char **p = parts; *p; p++) {
        if (!**p || g_str_equal(*p, "."))
            continue;
        const char *last = kept->len ? g_ptr_array_index(kept, kept->len - 1) : NULL;
        if (g_str_equal(*p, "..") && last && !g_str_equal(last, ".."))
            g_ptr_array_remove_index(kept, kept->len - 1);
        else if (!(g_str_equal(*p, "..") && absolute && !last))
            g_ptr_array_add(kept, *p);
    }
    g_ptr_array_add(kept, NULL);
    g_autofree char *joined = g_strjoinv(G_DIR_SEPARATOR_S, (char **) kept->pdata);
    g_ptr_array_free(kept, TRUE);
    if (absolute)
        return g_strconcat(G_DIR_SEPARATOR_S, joined, NULL);
    return *joined ? g_steal_pointer(&joined) : g_strdup(".");
}

char *cfg_resolve_path(const char *base_file, const char *relative)
{
    if (g_path_is_absolute(relative))
        return g_strdup(relative);
    gboolean builtin = g_str_has_prefix(base_file, CFG_RESOURCE_PREFIX);
    const char *base = builtin ? base_file + strlen(CFG_RESOURCE_PREFIX) : base_file;
    g_autofree char *dir = g_path_get_dirname(base);
    g_autofree char *joined = g_build_filename(dir, relative, NULL);
    g_autofree char *tidy = normalize_lexically(joined);
    return builtin ? g_strconcat(CFG_RESOURCE_PREFIX, tidy, NULL) : g_steal_pointer(&tidy);
}

void cfg_doc_free(CfgDoc *doc)
{
    if (!doc)
        return;
    g_ptr_array_unref(doc->nodes);
    g_ptr_array_unref(doc->origins);
    g_free(doc->file);
    g_free(doc);
}

const char *cfg_kind_name(const CfgNode *node)
{
    switch (node->kind) {
    case CFG_MAP:
        return "a map";
    case CFG_SEQ:
        return "a list";
    case CFG_SCALAR:
        return cfg_is_null(node) ? "nothing" : "a single value";
    }
    return "?";
}

gboolean cfg_is_null(const CfgNode *node)
{
    if (node->kind != CFG_SCALAR || node->quoted)
        return FALSE;
    const char *v = node->value;
    return !*v || g_str_equal(v, "~") || g_str_equal(v, "null") || g_str_equal(v, "Null") ||
           g_str_equal(v, "NULL");
}

/* ---- maps ---- */

gboolean cfg_expect_map(const CfgNode *node, const char *what, GError **error)
{
    if (node->kind == CFG_MAP)
        return TRUE;
    cfg_fail(error, node, "%s: expected a map (key: value lines), got %s", what,
             cfg_kind_name(node));
    return FALSE;
}

const CfgNode *cfg_get(const CfgNode *map, const char *key)
{
    for (guint i = 0; i + 1 < map->items->len; i += 2) {
        const CfgNode *k = g_ptr_array_index(map->items, i);
        if (g_str_equal(k->value, key))
            return g_ptr_array_index(map->items, i + 1);
    }
    return NULL;
}

const CfgNode *cfg_require(const CfgNode *map, const char *key, const char *what, GError **error)
{
    const CfgNode *v = cfg_get(map, key);
    if (!v)
        cfg_fail(error, map, "%s: missing '%s'", what, key);
    return v;
}

/* Levenshtein distance, small strings only: used to suggest the key meant. */
static guint edit_distance(const char *a, const char *b)
{
    gsize la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return G_MAXUINT;
    guint row[65];
    for (gsize j = 0; j <= lb; j++)
        row[j] = (guint) j;
    for (gsize i = 1; i <= la; i++) {
        guint diag = row[0];
        row[0] = (guint) i;
        for (gsize j = 1; j <= lb; j++) {
            guint up = row[j];
            guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[j] = MIN(MIN(row[j] + 1, row[j - 1] + 1), diag + cost);
            diag = up;
        }
    }
    return row[lb];
}

gboolean cfg_check_keys(const CfgNode *map, const char *what, const char *const *known,
                        GError **error)
{
    for (guint i = 0; i + 1 < map->items->len; i += 2) {
        const CfgNode *k = g_ptr_array_index(map->items, i);
        const char *nearest = NULL;
        guint best = 3; /* suggest only close matches */
        gboolean ok = FALSE;
        for (const char *const *n = known; *n; n++) {
            if (g_str_equal(*n, k->value)) {
                ok = TRUE;
                break;
            }
            guint d = edit_distance(*n, k->value);
            if (d < best) {
                best = d;
                nearest = *n;
            }
        }
        if (ok)
            continue;
        g_autofree char *list = g_strjoinv(", ", (char **) known);
        if (nearest)
            cfg_fail(error, k, "unknown key '%s' in %s (did you mean '%s'?); expected one of: %s",
                     k->value, what, nearest, list);
        else
            cfg_fail(error, k, "unknown key '%s' in %s; expected one of: %s", k->value, what, list);
        return FALSE;
    }
    return TRUE;
}

guint cfg_map_size(const CfgNode *map)
{
    return map->items->len / 2;
}

const CfgNode *cfg_map_key(const CfgNode *map, guint i)
{
    return g_ptr_array_index(map->items, 2 * i);
}

const CfgNode *cfg_map_value(const CfgNode *map, guint i)
{
    return g_ptr_array_index(map->items, 2 * i + 1);
}

/* ---- sequences ---- */

gboolean cfg_expect_seq(const CfgNode *node, const char *what, GError **error)
{
    if (node->kind == CFG_SEQ)
        return TRUE;
    cfg_fail(error, node, "%s: expected a list (- item lines or [a, b]), got %s", what,
             cfg_kind_name(node));
    return FALSE;
}

guint cfg_seq_len(const CfgNode *seq)
{
    return seq->items->len;
}

const CfgNode *cfg_seq_item(const CfgNode *seq, guint i)
{
    return g_ptr_array_index(seq->items, i);
}

/* ---- overrides ---- */

typedef struct {
    char *key;
    GArray *indexes; /* gint: N, or -1 for every item */
} PathStep;

static void path_free(GPtrArray *steps)
{
    for (guint i = 0; i < steps->len; i++) {
        PathStep *st = g_ptr_array_index(steps, i);
        g_free(st->key);
        g_array_unref(st->indexes);
        g_free(st);
    }
    g_ptr_array_free(steps, TRUE);
}

/* "a.b[2][*].c" into steps; NULL when malformed. */
static GPtrArray *path_parse(const char *path)
{
    GPtrArray *steps = g_ptr_array_new();
    const char *p = path;
    for (;;) {
        const char *k = p;
        while (g_ascii_isalnum(*p) || *p == '_' || *p == '-')
            p++;
        if (p == k)
            break;
        PathStep *st = g_new0(PathStep, 1);
        st->key = g_strndup(k, (gsize) (p - k));
        st->indexes = g_array_new(FALSE, FALSE, sizeof(gint));
        g_ptr_array_add(steps, st);
        while (*p == '[') {
            gint idx = -1;
            if (p[1] == '*' && p[2] == ']') {
                p += 3;
            } else {
                char *end;
                guint64 n = g_ascii_strtoull(p + 1, &end, 10);
                if (end == p + 1 || *end != ']' || n > G_MAXINT)
                    goto bad;
                idx = (gint) n;
                p = end + 1;
            }
            g_array_append_val(st->indexes, idx);
        }
        if (*p == 0)
            return steps;
        if (*p++ != '.')
            goto bad;
    }
bad:
    path_free(steps);
    return NULL;
}

typedef struct {
    const char *origin;
    const char *file;
    CfgNode *value;
    GPtrArray *nodes; /* where a key made for the value goes */
} SetCtx;

static gboolean set_at(SetCtx *c, CfgNode *node, GPtrArray *steps, guint i, GError **error);

/* Applies the step's indexes to @slot (a value in its parent), then the rest of the path. */
static gboolean set_indexes(SetCtx *c, CfgNode **slot, GPtrArray *steps, guint i, guint j,
                            GError **error)
{
    PathStep *st = g_ptr_array_index(steps, i);
    if (j == st->indexes->len) {
        if (i + 1 == steps->len) {
            *slot = c->value;
            return TRUE;
        }
        return set_at(c, *slot, steps, i + 1, error);
    }
    CfgNode *seq = *slot;
    if (seq->kind != CFG_SEQ) {
        g_set_error(error, CFG_ERROR, CFG_ERROR_SCHEMA,
                    "%s: '%s' in %s is %s; expected a list to index", c->origin, st->key, c->file,
                    cfg_kind_name(seq));
        return FALSE;
    }
    gint idx = g_array_index(st->indexes, gint, j);
    if (idx >= (gint) seq->items->len) {
        g_set_error(error, CFG_ERROR, CFG_ERROR_SCHEMA,
                    "%s: '%s' in %s has %u items; expected an index below that", c->origin, st->key,
                    c->file, seq->items->len);
        return FALSE;
    }
    for (guint k = idx < 0 ? 0 : (guint) idx; k < seq->items->len; k++) {
        if (!set_indexes(c, (CfgNode **) &g_ptr_array_index(seq->items, k), steps, i, j + 1, error))
            return FALSE;
        if (idx >= 0)
            break;
    }
    return TRUE;
}

static gboolean set_at(SetCtx *c, CfgNode *node, GPtrArray *steps, guint i, GError **error)
{
    PathStep *st = g_ptr_array_index(steps, i);
    if (node->kind != CFG_MAP) {
        g_set_error(error, CFG_ERROR, CFG_ERROR_SCHEMA,
                    "%s: cannot look up '%s' in %s:%u:%u, which is %s; expected a map", c->origin,
                    st->key, node->file, node->line, node->col, cfg_kind_name(node));
        return FALSE;
    }
    for (guint k = 0; k + 1 < node->items->len; k += 2) {
        const CfgNode *key = g_ptr_array_index(node->items, k);
        if (g_str_equal(key->value, st->key))
            return set_indexes(c, (CfgNode **) &g_ptr_array_index(node->items, k + 1), steps, i, 0,
                               error);
    }
    if (i + 1 == steps->len && st->indexes->len == 0) { /* a new last key */
        CfgNode *key = g_new0(CfgNode, 1);
        *key = (CfgNode){ .kind = CFG_SCALAR,
                          .line = 1,
                          .col = 1,
                          .file = c->value->file,
                          .value = g_strdup(st->key),
                          .weight = 1 };
        g_ptr_array_add(node->items, key);
        g_ptr_array_add(node->items, c->value);
        g_ptr_array_add(c->nodes, key);
        return TRUE;
    }
    GString *known = g_string_new(NULL);
    for (guint k = 0; k + 1 < node->items->len; k += 2)
        g_string_append_printf(known, "%s%s", k ? ", " : "",
                               ((const CfgNode *) g_ptr_array_index(node->items, k))->value);
    g_set_error(error, CFG_ERROR, CFG_ERROR_SCHEMA,
                "%s: no key '%s' at %s:%u:%u; expected one of: %s", c->origin, st->key, node->file,
                node->line, node->col, known->len ? known->str : "(none)");
    g_string_free(known, TRUE);
    return FALSE;
}

gboolean cfg_doc_set(CfgDoc *doc, const char *path, const char *value, const char *origin,
                     GError **error)
{
    GPtrArray *steps = path_parse(path);
    if (!steps) {
        g_set_error(error, CFG_ERROR, CFG_ERROR_SCHEMA,
                    "%s: bad path '%s'; expected keys separated by dots, each with optional [N] "
                    "or [*], such as links[*].loss",
                    origin, path);
        return FALSE;
    }
    CfgDoc *v = cfg_doc_parse(origin, value, strlen(value), error);
    if (!v) {
        path_free(steps);
        return FALSE;
    }
    if (!v->root) { /* an empty value is a null scalar */
        yaml_mark_t start = { 0 };
        Loader ld = { .doc = v };
        v->root = node_new(&ld, CFG_SCALAR, start);
        v->root->value = g_strdup("");
    }
    gboolean ok = doc->root != NULL;
    if (!ok)
        g_set_error(error, CFG_ERROR, CFG_ERROR_SCHEMA, "%s: %s is empty; expected a map", origin,
                    doc->file);
    SetCtx c = { origin, doc->file, v->root, v->nodes };
    if (ok)
        ok = set_at(&c, doc->root, steps, 0, error);
    /* The value's nodes, and any key made for it, now belong to @doc. */
    g_ptr_array_extend_and_steal(doc->nodes, g_steal_pointer(&v->nodes));
    v->nodes = g_ptr_array_new();
    g_ptr_array_add(doc->origins, g_steal_pointer(&v->file));
    cfg_doc_free(v);
    path_free(steps);
    return ok;
}
