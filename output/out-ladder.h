/* SPDX-License-Identifier: MIT */
/*
 * The text ladder: one column per party, one row per SIP message with its time and an arrow
 * from sender to receiver; retransmissions are marked "(again)", a lost message ends in "X"
 * before its receiver with the cause after the row.
 */
#pragma once

#include <stdio.h>

#include "out-messages.h"

typedef struct OutLadder OutLadder;

/* Keeps up to @max_rows messages of @log; a run with more gets no ladder. */
OutLadder *out_ladder_new(OutMessageLog *log, guint max_rows);
void out_ladder_free(OutLadder *ladder);
/* FALSE when there was nothing to draw or too much. */
gboolean out_ladder_print(const OutLadder *ladder, FILE *f);
