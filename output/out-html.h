/* SPDX-License-Identifier: MIT */
/*
 * The run as one self-contained HTML page, for teachers and students: the ladder drawn as inline
 * SVG (a lane per party, an arrow per message, retransmissions and losses marked, calls in their
 * own colours), every message's full text behind a click, stepping through the flow in time and
 * a filter by call. The viewer's script and style (output/html/) are embedded at build time; the
 * page loads nothing.
 */
#pragma once

#include <stdio.h>

#include "out-messages.h"
#include "out-report.h"

/* A run with more messages shows the first ones only, and says so. */
#define OUT_HTML_MAX_MESSAGES 2000

typedef struct OutHtml OutHtml;

/* Keeps the first @max_messages messages of @log with their bytes, and the calls of @trace. */
OutHtml *out_html_new(OutMessageLog *log, SipTrace *trace, guint max_messages);
void out_html_free(OutHtml *html);
/* Writes the page, once the run has ended and the log was flushed; a failed write shows in the
 * stream's error flag. */
void out_html_write(const OutHtml *html, FILE *f, const OutRunInfo *info, const NetNetwork *net,
                    const SimWorld *world);
