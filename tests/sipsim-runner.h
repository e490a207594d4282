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
void sipsim_result_clear(SipsimResult *r);
/* Runs `sipsim run SCENARIO --quiet --out DIR EXTRA...` in the top directory, expecting success
 * and nothing on stderr; returns the new temporary DIR. */
char *sipsim_run_scenario(const char *scenario, const char *const *extra);

/* The contents of @dir/@name, which must exist. */
char *sipsim_read_file(const char *dir, const char *name);
/* Removes @dir and the files in it. */
void sipsim_remove_dir(const char *dir);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(SipsimResult, sipsim_result_clear)
