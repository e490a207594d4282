/* SPDX-License-Identifier: MIT */
/*
 * The ladder of the HTML page as inline SVG: the parties' names above their lanes, then one row
 * per message, in send order, with its send time and an arrow from sender to receiver. A
 * retransmission's arrow is dashed and its label says "(again)"; a message that was not
 * delivered stops at an X with its cause. Each row is a group the viewer's script selects,
 * filters and moves: <g class="msg" id="mN" data-calls="..."> (see output/html/viewer.js).
 */
#pragma once

#include <stdio.h>

#include "sim-time.h"

/* A message as the page keeps it. */
typedef struct {
    SimTime time;
    guint from, to; /* lanes */
    char *label;    /* as in messages.csv: "INVITE", "180/INVITE", "STUN-REQ" */
    char *call_id;  /* empty for STUN */
    guint32 cseq;
    char *branch; /* the top Via's branch; for STUN its transaction id in hex */
    guint32 bytes;
    gboolean retransmission;
    gboolean stun;
    const char *fate;  /* "delivered", a drop cause, "in-flight" */
    GBytes *data;      /* the bytes as sent */
    gint conversation; /* its Call-ID's place in the page's list; -1 for STUN */
} OutHtmlMessage;

/* The ladder of @msgs (OutHtmlMessage) between @parties (const char *, one lane each); @filters
 * holds, for each message, the places of the Call-IDs whose filter shows it, space-separated. */
void out_html_ladder_write(FILE *f, const GPtrArray *parties, const GArray *msgs,
                           const GPtrArray *filters);
