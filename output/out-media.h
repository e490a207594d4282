/* SPDX-License-Identifier: MIT */
/* media.csv: each phone's media state in each call after each offer/answer exchange. */
#pragma once

#include <stdio.h>

#include "sip-trace.h"

#define OUT_MEDIA_HEADER "time_ns,node,call_id,direction,sends_to,local_version,remote_version\n"

/* Writes the header to @stream and a row for every media event of @trace. */
void out_media_csv_attach(SipTrace *trace, FILE *stream);
