/* SPDX-License-Identifier: MIT */
/*
 * The documentation agrees with the program and with itself:
 * - the man page ($SIPSIM_MAN, data/sipsim.1 as configured) has a section for each command of
 *   `sipsim --help` and, in it, a tag for each option of `sipsim COMMAND --help`, and no other;
 * - the bash completion (data/sipsim.bash), run by bash, offers the same commands and options,
 *   the state machines of `sipsim machines`, and YAML files where a command takes them;
 * - every relative link of README.md and docs/ leads to a file of the tree, and to a heading of
 *   it when the link names one; every page of docs/ can be reached from README.md.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "sipsim-runner.h"

/* -h and --help come with every command (GOption's); the man page documents them once. */
static gboolean is_help_option(const char *opt)
{
    return g_str_equal(opt, "-h") || g_str_equal(opt, "--help");
}

static int compare_words(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

/* @words sorted and joined by spaces: a set that compares as a string. */
static char *set_string(GPtrArray *words)
{
    g_ptr_array_sort(words, compare_words);
    g_autoptr(GString) s = g_string_new(NULL);
    for (guint i = 0; i < words->len; i++) {
        if (i > 0 && g_str_equal(words->pdata[i], words->pdata[i - 1]))
            continue;
        g_string_append_printf(s, "%s%s", s->len ? " " : "", (char *) words->pdata[i]);
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}

static char *help_of(const char *command)
{
    const char *args[] = { command ? command : "--help", command ? "--help" : NULL, NULL };
    g_auto(SipsimResult) r = sipsim_run(NULL, args);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_cmpstr(r.err, ==, "");
    return g_steal_pointer(&r.out);
}

/* The commands listed by `sipsim --help`, in its order. */
static GPtrArray *commands(void)
{
    g_autofree char *help = help_of(NULL);
    GPtrArray *cmds = g_ptr_array_new_with_free_func(g_free);
    g_auto(GStrv) lines = g_strsplit(help, "\n", -1);
    gboolean in_commands = FALSE;
    for (char **l = lines; *l; l++) {
        if (g_str_equal(*l, "Commands:"))
            in_commands = TRUE;
        else if (in_commands && g_str_has_prefix(*l, "  ") && g_ascii_isalpha((*l)[2]))
            g_ptr_array_add(cmds, g_strndup(*l + 2, strcspn(*l + 2, " ")));
        else if (in_commands)
            break;
    }
    g_assert_cmpuint(cmds->len, >=, 5);
    return cmds;
}

/* The options a --help lists (`  -o, --out=DIR  ...`, `  --version  ...`), short and long;
 * without the help options when @with_help is FALSE. */
static GPtrArray *help_options(const char *command, gboolean with_help)
{
    g_autofree char *help = help_of(command);
    GPtrArray *opts = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GRegex) re =
        g_regex_new("^ +(?:(-[A-Za-z]), )?(--[a-z][a-z-]*)", G_REGEX_MULTILINE, 0, NULL);
    g_autoptr(GMatchInfo) m = NULL;
    for (g_regex_match(re, help, 0, &m); g_match_info_matches(m); g_match_info_next(m, NULL)) {
        for (int group = 1; group <= 2; group++) {
            char *opt = g_match_info_fetch(m, group);
            if (*opt && (with_help || !is_help_option(opt)))
                g_ptr_array_add(opts, opt);
            else
                g_free(opt);
        }
    }
    return opts;
}

/* The man page's lines, with roff's \- as -. */
static GStrv man_lines(void)
{
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(g_getenv("SIPSIM_MAN"), &text, NULL, NULL));
    g_auto(GStrv) parts = g_strsplit(text, "\\-", -1);
    g_autofree char *plain = g_strjoinv("-", parts);
    return g_strsplit(plain, "\n", -1);
}

/* The command of a `.SS "sipsim COMMAND ...` heading, or NULL. */
static char *man_command(const char *line)
{
    if (!g_str_has_prefix(line, ".SS \"sipsim "))
        return NULL;
    const char *c = line + strlen(".SS \"sipsim ");
    return g_strndup(c, strcspn(c, " \""));
}

/* The options in the .TP tags of the man page's section for @command (NULL: the OPTIONS section
 * of sipsim itself), without the help options. */
static GPtrArray *man_options(const char *command)
{
    g_auto(GStrv) lines = man_lines();
    GPtrArray *opts = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GRegex) re =
        g_regex_new("(?:^|[\\s\"])(--[a-z][a-z-]*|-[A-Za-z])(?=[\\s\"=]|$)", 0, 0, NULL);
    gboolean inside = FALSE;
    for (char **l = lines; *l; l++) {
        g_autofree char *cmd = man_command(*l);
        if (g_str_has_prefix(*l, ".SH "))
            inside = !command && g_str_equal(*l, ".SH OPTIONS");
        else if (cmd)
            inside = command && g_str_equal(cmd, command);
        if (!inside || !g_str_equal(*l, ".TP") || !l[1])
            continue;
        g_autoptr(GMatchInfo) m = NULL;
        for (g_regex_match(re, l[1], 0, &m); g_match_info_matches(m); g_match_info_next(m, NULL)) {
            char *opt = g_match_info_fetch(m, 1);
            if (is_help_option(opt))
                g_free(opt);
            else
                g_ptr_array_add(opts, opt);
        }
    }
    return opts;
}

static void test_man_commands(void)
{
    g_autoptr(GPtrArray) cmds = commands();
    g_autoptr(GPtrArray) sections = g_ptr_array_new_with_free_func(g_free);
    g_auto(GStrv) lines = man_lines();
    for (char **l = lines; *l; l++) {
        char *cmd = man_command(*l);
        if (cmd)
            g_ptr_array_add(sections, cmd);
    }
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    for (guint i = 0; i < cmds->len; i++)
        g_ptr_array_add(names, cmds->pdata[i]);
    g_autofree char *expect = set_string(names);
    g_autofree char *got = set_string(sections);
    g_assert_cmpstr(got, ==, expect);
}

/* @data: a command's name, or "" for sipsim's own options. */
static void test_man_options(gconstpointer data)
{
    const char *command = *(const char *) data ? data : NULL;
    g_autoptr(GPtrArray) from_help = help_options(command, FALSE);
    g_autoptr(GPtrArray) from_man = man_options(command);
    g_autofree char *expect = set_string(from_help);
    g_autofree char *got = set_string(from_man);
    g_assert_cmpstr(got, ==, expect);
}

/* What the completion offers for the command line @words (the last one being completed), run
 * in @dir. */
static char *complete(const char *dir, const char *const *words)
{
    static const char script[] = "source \"$1\"; shift; COMP_WORDS=(\"$@\"); "
                                 "COMP_CWORD=$(($# - 1)); _sipsim; "
                                 "printf '%s\\n' \"${COMPREPLY[@]}\"";
    g_autofree char *file = g_test_build_filename(G_TEST_DIST, "..", "data", "sipsim.bash", NULL);
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    const char *head[] = { "bash", "--norc", "--noprofile", "-c", script, "bash", file };
    for (gsize i = 0; i < G_N_ELEMENTS(head); i++)
        g_ptr_array_add(argv, (gpointer) head[i]);
    for (const char *const *w = words; *w; w++)
        g_ptr_array_add(argv, (gpointer) *w);
    g_ptr_array_add(argv, NULL);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int wait = 0;
    GError *error = NULL;
    g_spawn_sync(dir, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                 &wait, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(err, ==, "");
    g_assert_true(g_spawn_check_wait_status(wait, NULL));
    g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
    g_autoptr(GPtrArray) offered = g_ptr_array_new();
    for (char **l = lines; *l; l++)
        if (**l)
            g_ptr_array_add(offered, *l);
    return set_string(offered);
}

static void test_completion_commands(void)
{
    g_autoptr(GPtrArray) expect = commands();
    g_ptr_array_extend_and_steal(expect, help_options(NULL, TRUE));
    g_autofree char *want = set_string(expect);
    const char *words[] = { "sipsim", "", NULL };
    g_autofree char *got = complete(NULL, words);
    g_assert_cmpstr(got, ==, want);
}

/* @data: a command's name. */
static void test_completion_options(gconstpointer data)
{
    g_autoptr(GPtrArray) opts = help_options(data, TRUE);
    g_autofree char *want = set_string(opts);
    const char *words[] = { "sipsim", data, "-", NULL };
    g_autofree char *got = complete(NULL, words);
    g_assert_cmpstr(got, ==, want);
}

static void test_completion_machines(void)
{
    const char *list[] = { "machines", NULL };
    g_auto(SipsimResult) r = sipsim_run(NULL, list);
    g_assert_cmpint(r.status, ==, 0);
    g_auto(GStrv) lines = g_strsplit(r.out, "\n", -1);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    for (char **l = lines; *l; l++)
        if (**l)
            g_ptr_array_add(names, g_strndup(*l, strcspn(*l, " ")));
    g_autofree char *want = set_string(names);
    const char *words[] = { "sipsim", "machines", "", NULL };
    g_autofree char *got = complete(NULL, words);
    g_assert_cmpstr(got, ==, want);
}

/* Where a command takes YAML files, the YAML files and the folders; an option's value after
 * "=" (which bash makes a word of its own); an option's fixed values. */
static void test_completion_files(void)
{
    g_autofree char *dir = g_dir_make_tmp("sipsim-completion-XXXXXX", NULL);
    g_assert_nonnull(dir);
    static const char *const files[] = { "a.yaml", "b.txt" };
    for (gsize i = 0; i < G_N_ELEMENTS(files); i++) {
        g_autofree char *path = g_build_filename(dir, files[i], NULL);
        g_assert_true(g_file_set_contents(path, "", 0, NULL));
    }
    g_autofree char *sub = g_build_filename(dir, "sub", NULL);
    g_assert_cmpint(g_mkdir(sub, 0700), ==, 0);
    static const struct {
        const char *words[6];
        const char *offered;
    } cases[] = {
        { { "sipsim", "run", "", NULL }, "a.yaml sub" },
        { { "sipsim", "validate", "a.yaml", "", NULL }, "a.yaml sub" },
        { { "sipsim", "sweep", "-j", "2", "", NULL }, "a.yaml sub" },
        { { "sipsim", "parse", "", NULL }, "a.yaml b.txt sub" },
        { { "sipsim", "run", "--out", "", NULL }, "sub" },
        { { "sipsim", "run", "--out", "=", NULL }, "sub" },
        { { "sipsim", "sweep", "-o", "=", "s", NULL }, "sub" },
        { { "sipsim", "run", "--ladder-time", "", NULL }, "compressed scaled" },
        { { "sipsim", "run", "--seed", "", NULL }, "" },
    };
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *got = complete(dir, cases[i].words);
        g_assert_cmpstr(got, ==, cases[i].offered);
    }
    g_rmdir(sub);
    sipsim_remove_dir(dir);
}

/* A heading's anchor as GitHub makes it: lower case, spaces to '-', punctuation dropped. */
static char *anchor_of(const char *heading)
{
    GString *a = g_string_new(NULL);
    for (const char *p = heading; *p; p++) {
        guchar c = (guchar) *p;
        if (c == ' ')
            g_string_append_c(a, '-');
        else if (g_ascii_isalnum(c) || c == '-' || c == '_' || c >= 0x80)
            g_string_append_c(a, g_ascii_tolower(c));
    }
    return g_string_free(a, FALSE);
}

/* A Markdown page: its path, its lines outside fenced code, its headings' anchors. */
typedef struct {
    char *path;
    GPtrArray *lines;
    GHashTable *anchors;
} Page;

static void page_free(Page *p)
{
    g_free(p->path);
    g_ptr_array_unref(p->lines);
    g_hash_table_unref(p->anchors);
    g_free(p);
}

static Page *page_load(const char *path)
{
    Page *p = g_new0(Page, 1);
    p->path = g_strdup(path);
    p->lines = g_ptr_array_new_with_free_func(g_free);
    p->anchors = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    gboolean code = FALSE;
    for (char **l = lines; *l; l++) {
        const char *t = *l + strspn(*l, " ");
        if (g_str_has_prefix(t, "```") || g_str_has_prefix(t, "~~~")) {
            code = !code;
            continue;
        }
        if (code)
            continue;
        g_ptr_array_add(p->lines, g_strdup(*l));
        if (**l != '#')
            continue;
        g_autofree char *heading = g_strstrip(g_strdup(*l + strspn(*l, "#")));
        g_autofree char *base = anchor_of(heading);
        char *anchor = g_strdup(base);
        for (int n = 1; g_hash_table_contains(p->anchors, anchor); n++) {
            g_free(anchor);
            anchor = g_strdup_printf("%s-%d", base, n);
        }
        g_hash_table_add(p->anchors, anchor);
    }
    return p;
}

/* The targets of @line's inline links and images, [text](target "title"), outside code spans. */
static void links_of(const char *line, GPtrArray *targets)
{
    gboolean code = FALSE;
    for (const char *p = line; *p; p++) {
        if (*p == '`')
            code = !code;
        if (code || p[0] != ']' || p[1] != '(')
            continue;
        const char *start = p + 2;
        gsize len = strcspn(start, " )");
        g_ptr_array_add(targets, g_strndup(start, len));
        p = start + len - 1;
    }
}

/* Every Markdown page of the documentation: README.md and docs/, at any depth. */
static void collect_pages(const char *dir, GHashTable *pages)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    g_assert_nonnull(d);
    const char *name;
    while ((name = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, name, NULL);
        if (g_file_test(path, G_FILE_TEST_IS_DIR))
            collect_pages(path, pages);
        else if (g_str_has_suffix(name, ".md"))
            g_hash_table_insert(pages, g_strdup(path), page_load(path));
    }
}

static char *canonical_top_dir(void)
{
    g_autofree char *top = sipsim_top_dir();
    return g_canonicalize_filename(top, NULL);
}

static GHashTable *load_pages(const char *top)
{
    GHashTable *pages =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) page_free);
    g_autofree char *docs = g_build_filename(top, "docs", NULL);
    collect_pages(docs, pages);
    g_autofree char *readme = g_build_filename(top, "README.md", NULL);
    g_hash_table_insert(pages, g_strdup(readme), page_load(readme));
    return pages;
}

/* The canonical path @target of a link on @page points to, or NULL for a link that leaves the
 * tree (an URL: not checked here); sets *@anchor to the part after '#', if any. */
static char *resolve(const Page *page, const char *target, char **anchor)
{
    *anchor = NULL;
    if (g_regex_match_simple("^[a-z][a-z0-9+.-]*:", target, 0, 0))
        return NULL;
    const char *hash = strchr(target, '#');
    if (hash)
        *anchor = g_strdup(hash + 1);
    g_autofree char *rel = g_strndup(target, hash ? (gsize) (hash - target) : strlen(target));
    if (!*rel)
        return g_strdup(page->path);
    g_autofree char *dir = g_path_get_dirname(page->path);
    return g_canonicalize_filename(rel, dir);
}

static void test_links(void)
{
    g_autofree char *top = canonical_top_dir();
    g_autoptr(GHashTable) pages = load_pages(top);
    g_autoptr(GString) broken = g_string_new(NULL);
    GHashTableIter it;
    Page *page;
    g_hash_table_iter_init(&it, pages);
    while (g_hash_table_iter_next(&it, NULL, (gpointer *) &page)) {
        for (guint i = 0; i < page->lines->len; i++) {
            g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func(g_free);
            links_of(page->lines->pdata[i], targets);
            for (guint k = 0; k < targets->len; k++) {
                const char *target = targets->pdata[k];
                g_autofree char *anchor = NULL;
                g_autofree char *path = resolve(page, target, &anchor);
                const Page *to = path ? g_hash_table_lookup(pages, path) : NULL;
                const char *why = NULL;
                if (!path)
                    continue;
                if (!g_str_has_prefix(path, top) || !g_file_test(path, G_FILE_TEST_EXISTS))
                    why = "no such file in the tree";
                else if (anchor && to && !g_hash_table_contains(to->anchors, anchor))
                    why = "no such heading";
                if (why)
                    g_string_append_printf(broken, "%s: (%s): %s\n", page->path + strlen(top) + 1,
                                           target, why);
            }
        }
    }
    g_assert_cmpstr(broken->str, ==, "");
}

/* The pages @page links to, directly: a folder stands for its README.md, else its pages. */
static void linked_pages(GHashTable *pages, const Page *page, GPtrArray *out)
{
    for (guint i = 0; i < page->lines->len; i++) {
        g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func(g_free);
        links_of(page->lines->pdata[i], targets);
        for (guint k = 0; k < targets->len; k++) {
            g_autofree char *anchor = NULL;
            g_autofree char *path = resolve(page, targets->pdata[k], &anchor);
            if (!path || !g_file_test(path, G_FILE_TEST_IS_DIR)) {
                Page *to = path ? g_hash_table_lookup(pages, path) : NULL;
                if (to)
                    g_ptr_array_add(out, to);
                continue;
            }
            g_autofree char *readme = g_build_filename(path, "README.md", NULL);
            GHashTableIter it;
            Page *to;
            g_hash_table_iter_init(&it, pages);
            while (g_hash_table_iter_next(&it, NULL, (gpointer *) &to)) {
                g_autofree char *dir = g_path_get_dirname(to->path);
                if (g_hash_table_contains(pages, readme) ? g_str_equal(to->path, readme)
                                                         : g_str_equal(dir, path))
                    g_ptr_array_add(out, to);
            }
        }
    }
}

static void test_every_page_linked(void)
{
    g_autofree char *top = canonical_top_dir();
    g_autoptr(GHashTable) pages = load_pages(top);
    g_autofree char *readme = g_build_filename(top, "README.md", NULL);
    g_autoptr(GHashTable) reached = g_hash_table_new(NULL, NULL);
    g_autoptr(GPtrArray) todo = g_ptr_array_new();
    g_ptr_array_add(todo, g_hash_table_lookup(pages, readme));
    while (todo->len) {
        Page *p = g_ptr_array_steal_index(todo, todo->len - 1);
        if (!g_hash_table_add(reached, p))
            continue;
        linked_pages(pages, p, todo);
    }
    g_autoptr(GString) orphans = g_string_new(NULL);
    GHashTableIter it;
    Page *page;
    g_hash_table_iter_init(&it, pages);
    while (g_hash_table_iter_next(&it, NULL, (gpointer *) &page))
        if (!g_hash_table_contains(reached, page))
            g_string_append_printf(orphans, "%s\n", page->path + strlen(top) + 1);
    g_assert_cmpstr(orphans->str, ==, "");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_autoptr(GPtrArray) cmds = commands();
    g_test_add_func("/docs/man/commands", test_man_commands);
    g_test_add_data_func("/docs/man/options/sipsim", "", test_man_options);
    for (guint i = 0; i < cmds->len; i++) {
        g_autofree char *path = g_strdup_printf("/docs/man/options/%s", (char *) cmds->pdata[i]);
        g_test_add_data_func(path, cmds->pdata[i], test_man_options);
    }
    g_test_add_func("/docs/completion/commands", test_completion_commands);
    for (guint i = 0; i < cmds->len; i++) {
        g_autofree char *path =
            g_strdup_printf("/docs/completion/options/%s", (char *) cmds->pdata[i]);
        g_test_add_data_func(path, cmds->pdata[i], test_completion_options);
    }
    g_test_add_func("/docs/completion/machines", test_completion_machines);
    g_test_add_func("/docs/completion/files", test_completion_files);
    g_test_add_func("/docs/links/resolve", test_links);
    g_test_add_func("/docs/links/every-page-reached", test_every_page_linked);
    return g_test_run();
}
