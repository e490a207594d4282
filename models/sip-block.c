/* SPDX-License-Identifier: MIT */
#include "sip-block.h"

#include <sanitizer/asan_interface.h>

/* Blocks up to 32 grains (16 KiB) are pooled; larger ones go straight to malloc. A class keeps
 * at most BLOCK_KEEP free blocks: beyond, a burst's blocks go back to malloc for other uses. */
#define BLOCK_CLASSES 32
#define BLOCK_KEEP    1024

typedef struct FreeBlock FreeBlock;
struct FreeBlock {
    FreeBlock *next;
};

typedef struct {
    FreeBlock *head[BLOCK_CLASSES];
    guint count[BLOCK_CLASSES];
} BlockLists;

static _Thread_local BlockLists lists;

/* The class of a block of @size bytes, rounded up to whole grains: 0 holds 1 grain. */
static guint block_class(gsize size)
{
    return (guint) ((size + SIP_BLOCK_GRAIN - 1) / SIP_BLOCK_GRAIN) - 1;
}

gpointer sip_block_alloc(gsize size, gsize *got)
{
    guint c = block_class(MAX(size, 1));
    if (c >= BLOCK_CLASSES) {
        *got = size;
        return g_malloc(size);
    }
    *got = (gsize) (c + 1) * SIP_BLOCK_GRAIN;
    FreeBlock *b = lists.head[c];
    if (!b)
        return g_malloc(*got);
    ASAN_UNPOISON_MEMORY_REGION(b, *got);
    lists.head[c] = b->next;
    lists.count[c]--;
    return b;
}

void sip_block_free(gpointer block, gsize size)
{
    if (!block)
        return;
    guint c = block_class(size);
    if (c >= BLOCK_CLASSES || lists.count[c] >= BLOCK_KEEP) {
        g_free(block);
        return;
    }
    FreeBlock *b = block;
    b->next = lists.head[c];
    lists.head[c] = b;
    lists.count[c]++;
    /* Under AddressSanitizer a use after free of a pooled block is still caught. */
    ASAN_POISON_MEMORY_REGION((char *) b + sizeof *b, size - sizeof *b);
}
