/* SPDX-License-Identifier: MIT */
/*
 * Free lists for the blocks that parsed messages live in. A run parses every message it sends
 * and receives into one block of a few KiB, most of them freed within a second and the rest
 * kept by transactions for up to 32 s: sizes that malloc serves from its sorted large bins at a
 * cost that dominated the load profile (docs/performance.md). Blocks come in size classes of
 * SIP_BLOCK_GRAIN bytes; a freed block goes back to its class's list, up to a bound, and the
 * next block of that class is taken from the list. Each thread keeps its own lists.
 */
#pragma once

#include <glib.h>

#define SIP_BLOCK_GRAIN 512

/* At least @size bytes, 16-byte aligned as malloc's; *@got receives the block's real size,
 * to be given back to sip_block_free(). */
gpointer sip_block_alloc(gsize size, gsize *got);
void sip_block_free(gpointer block, gsize size);
