/* SPDX-License-Identifier: MIT */
/*
 * Runs the sipsim binary under test ($SIPSIM) as a user would, for the tests of the command line
 * and of whole scenarios; and the file chores around it.
 */
#pragma once

#include <glib.h>

typedef struct {
    int status; /* the exit status */
    char *out;
    char *err;
} SipsimResult;

/* The source tree's top directory. */
char *sipsim_top_dir(void);
/* Runs sipsim with @args (NULL-terminated) in @dir (NULL: the source tree's top), in the C
 * locale; the process must exit normally. */
SipsimResult sipsim_run(const char *dir, const char *const *args);
/* Runs @argv (a program, such as $SIPSIM or mpirun, and its arguments; NULL-terminated) as
 * sipsim_run does, with the variables @env ("NAME=VALUE"..., NULL-terminated; may be NULL) set. */
SipsimResult sipsim_spawn(const char *dir, const char *const *argv, const char *const *env);
/* Starts sipsim with @args in the top directory, waits until @dir holds a file being written (a
 * hidden temporary file), lets it run @settle_ms more, sends SIGINT, and returns the exit
 * status; the process must exit normally. */
int sipsim_interrupt(const char *const *args, const char *dir, guint settle_ms);
/* The same with signal @sig. */
int sipsim_signal(const char *const *args, const char *dir, guint settle_ms, int sig);
/* Whether @dir holds a hidden file: one being written, not yet renamed to its name. */
gboolean sipsim_has_temp_file(const char *dir);
void sipsim_result_clear(SipsimResult *r);
/* Runs `sipsim run SCENARIO --quiet OPTS... EXTRA...` in the top directory (@opts and @extra:
 * NULL-terminated, or NULL). */
SipsimResult sipsim_run_with(const char *scenario, const char *const *opts,
                             const char *const *extra);
/* The same, expecting success and nothing on stderr. */
void sipsim_run_ok(const char *scenario, const char *const *opts, const char *const *extra);
/* Runs `sipsim run SCENARIO --quiet --out DIR EXTRA...` in the top directory, expecting success
 * and nothing on stderr; returns the new temporary DIR. */
char *sipsim_run_scenario(const char *scenario, const char *const *extra);

/* Registers the test @fn once per file NAME.yaml of @dir, in name order, as PREFIX/NAME with
 * the file's name as its data; the names are added to @keep, which must outlive the tests and
 * free its items. */
void sipsim_add_file_tests(const char *prefix, const char *dir, GTestDataFunc fn, GPtrArray *keep);

/* The contents of @dir/@name, which must exist. */
char *sipsim_read_file(const char *dir, const char *name);
/* Removes @dir and everything in it. */
void sipsim_remove_dir(const char *dir);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(SipsimResult, sipsim_result_clear)
