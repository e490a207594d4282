/* SPDX-License-Identifier: MIT */
/* What every harness shares: libFuzzer's entry points (fuzz-common.c defines the first). */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A path in the source tree (FUZZ_SOURCE_ROOT, set by fuzz/meson.build): the name a YAML input
 * is loaded under, so that the files it names (../topologies/reference.yaml) are the examples. */
#define FUZZ_SOURCE_PATH(rel) FUZZ_SOURCE_ROOT "/" rel
