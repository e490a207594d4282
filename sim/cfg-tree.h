/* SPDX-License-Identifier: MIT */
/*
 * YAML configuration as a tree whose every node remembers where it was written, so that each
 * mistake is reported as FILE:LINE:COL with what was expected. Loaders read the tree through
 * the typed getters below and list the keys each map may hold; any other key is reported.
 */
#pragma once

#include <glib.h>

#include "net-address.h"
#include "sim-distribution.h"
#include "sim-time.h"

#define CFG_ERROR (cfg_error_quark())
GQuark cfg_error_quark(void);

typedef enum {
    CFG_ERROR_FILE,   /* missing, unreadable */
    CFG_ERROR_SYNTAX, /* not YAML */
    CFG_ERROR_SCHEMA, /* YAML, but not what sipsim expects */
} CfgError;

typedef enum {
    CFG_SCALAR,
    CFG_MAP,
    CFG_SEQ,
} CfgKind;

typedef struct CfgNode CfgNode;
struct CfgNode {
    CfgKind kind;
    guint line; /* 1-based */
    guint col;  /* 1-based */
    const char *file;
    char *value;      /* CFG_SCALAR */
    gboolean quoted;  /* a quoted scalar is always a string, never null, a number or a boolean */
    GPtrArray *items; /* CFG_SEQ: the items; CFG_MAP: key, value, key, value... */
    guint64 weight;   /* nodes in this subtree, counting what aliases repeat */
};

typedef struct {
    char *file;
    CfgNode *root;      /* NULL for an empty document */
    GPtrArray *nodes;   /* owns every node */
    GPtrArray *origins; /* names of the texts set into it (see cfg_doc_set) */
} CfgDoc;

/* Paths with this prefix name files built into the program (the demo scenario). */
#define CFG_RESOURCE_PREFIX "resource://"

/* Reads @path, which is also the name used in messages. */
CfgDoc *cfg_doc_load(const char *path, GError **error);
/* Reads the whole file @path, NUL-terminated, of at most CFG_MAX_FILE_MIB MiB; else
 * CFG_ERROR_FILE "PATH: cannot read: no such file" (or "permission denied", "it is a
 * directory", "larger than 16 MiB, the most sipsim reads"). */
#define CFG_MAX_FILE_MIB   16
#define CFG_MAX_FILE_BYTES ((gsize) CFG_MAX_FILE_MIB << 20)
gboolean cfg_read_file(const char *path, char **text, gsize *len, GError **error);
/* How messages name @path: "scenarios/x.yaml (built in)" for a built-in file. */
char *cfg_display_name(const char *path);
/* The path of @relative, written in the file @base_file, as the user would name it. */
char *cfg_resolve_path(const char *base_file, const char *relative);
/* Parses @len bytes of YAML named @name in messages. */
CfgDoc *cfg_doc_parse(const char *name, const char *text, gsize len, GError **error);
void cfg_doc_free(CfgDoc *doc);

/*
 * Replaces the value at @path with the YAML text @value (a scalar, or a flow list or map). A
 * path is keys separated by dots, each with any number of [N] (an item) or [*] (every item):
 * "duration", "links[*].loss", "nodes[0].sip.password". The last key is added to its map when
 * missing; anything else the path names must exist. Errors say what @origin (the option, as
 * the user wrote it) names that does not exist.
 */
gboolean cfg_doc_set(CfgDoc *doc, const char *path, const char *value, const char *origin,
                     GError **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CfgDoc, cfg_doc_free)

/* Sets a CFG_ERROR_SCHEMA error "FILE:LINE:COL: message" located at @node. */
void cfg_fail(GError **error, const CfgNode *node, const char *format, ...) G_GNUC_PRINTF(3, 4);

const char *cfg_kind_name(const CfgNode *node);
gboolean cfg_is_null(const CfgNode *node);

/* --- maps --- */
gboolean cfg_expect_map(const CfgNode *node, const char *what, GError **error);
/* The value under @key, or NULL. */
const CfgNode *cfg_get(const CfgNode *map, const char *key);
/* As cfg_get(), but a missing key is an error located at the map. */
const CfgNode *cfg_require(const CfgNode *map, const char *key, const char *what, GError **error);
/* Reports the first key of @map not in the NULL-terminated @known, naming the keys it knows
 * (and the nearest one, when a key looks like a typo). */
gboolean cfg_check_keys(const CfgNode *map, const char *what, const char *const *known,
                        GError **error);
guint cfg_map_size(const CfgNode *map);
const CfgNode *cfg_map_key(const CfgNode *map, guint i);
const CfgNode *cfg_map_value(const CfgNode *map, guint i);

/* --- sequences --- */
gboolean cfg_expect_seq(const CfgNode *node, const char *what, GError **error);
guint cfg_seq_len(const CfgNode *seq);
const CfgNode *cfg_seq_item(const CfgNode *seq, guint i);

/* --- scalars; each says what it expected when the value does not fit --- */
gboolean cfg_string(const CfgNode *node, const char *what, const char **out, GError **error);
/* A name: letters, digits, '_', '-', '.'; not empty. */
gboolean cfg_name(const CfgNode *node, const char *what, const char **out, GError **error);
gboolean cfg_bool(const CfgNode *node, const char *what, gboolean *out, GError **error);
gboolean cfg_uint(const CfgNode *node, const char *what, guint64 min, guint64 max, guint64 *out,
                  GError **error);
gboolean cfg_double(const CfgNode *node, const char *what, double *out, GError **error);
/* A number in [0, 1]. */
gboolean cfg_probability(const CfgNode *node, const char *what, double *out, GError **error);
/* "20ms", "1.5s", "250us", "100ns", "2min", "1h", or 0: exact integer nanoseconds, >= 0. */
gboolean cfg_duration(const CfgNode *node, const char *what, SimTime *out, GError **error);
/* The same, for text from elsewhere (a command-line option): NULL when @text is a duration,
 * else what is wrong with it (to be freed). */
char *cfg_duration_parse(const char *text, SimTime *out);
/* "10Mbps", "1.5Gbps", "64kbps", "9600bps": bits per second, > 0. */
gboolean cfg_bandwidth(const CfgNode *node, const char *what, guint64 *out, GError **error);
/* "50/s", "3000/min", "2/h": events per second, > 0. */
gboolean cfg_rate(const CfgNode *node, const char *what, double *out, GError **error);
gboolean cfg_ip(const CfgNode *node, const char *what, NetIp *out, GError **error);
gboolean cfg_prefix(const CfgNode *node, const char *what, NetPrefix *out, GError **error);
/* A duration, or a map {dist: NAME, ...} of one of SimDistKind's distributions over durations;
 * the result is in nanoseconds. */
gboolean cfg_time_distribution(const CfgNode *node, const char *what, SimDistribution *out,
                               GError **error);
