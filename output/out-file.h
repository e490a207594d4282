/* SPDX-License-Identifier: MIT */
/*
 * Output files that never look complete before they are: each is written under a hidden
 * temporary name in its directory and renamed to its real name when the run has finished, or to
 * NAME.partial when it was interrupted. A file without ".partial" is always whole.
 */
#pragma once

#include <glib.h>
#include <stdio.h>

typedef struct OutFile OutFile;

OutFile *out_file_open(const char *dir, const char *name, GError **error);
FILE *out_file_stream(OutFile *file);
/* The temporary file's path, for a file another program writes by name (gnuplot's picture):
 * the stream is then left unused, and out_file_finish() renames what the program wrote. */
const char *out_file_temp_path(const OutFile *file);
/* Flushes and renames to the real name (@complete) or to NAME.partial, removing the other, so
 * the directory never holds an old complete file beside a new partial one. Frees @file. */
gboolean out_file_finish(OutFile *file, gboolean complete, GError **error);
/* Removes the temporary file. Frees @file. */
void out_file_abort(OutFile *file);
