/* SPDX-License-Identifier: MIT */
/*
 * The SIP (and STUN) messages of a run, each with its fate: the log joins what the SIP elements
 * report sending (their trace points) with what the network did with each datagram (its trace
 * points), and hands every message on, in the order they were sent, once its fate is known. Writers
 * of messages.csv, calls.csv and the ladder read from it.
 */
#pragma once

#include <stdio.h>

#include "net-network.h"
#include "sip-trace.h"

typedef struct {
    SimTime time;
    guint64 datagram;
    const char *from; /* the sending node */
    const char *to;   /* the node it reached, or would have reached */
    char *label;      /* "INVITE", "180/INVITE": as in the reference flows */
    char *call_id;
    guint32 cseq;
    char *branch;
    guint32 bytes;
    gboolean retransmission;
    const char *fate; /* "delivered", a drop cause, or "in-flight" at the end */
    SimTime end;      /* when it was delivered or dropped; -1 in flight */
    GBytes *data;     /* the bytes as sent, when out_message_log_keep_data() asked; else NULL */
} OutMessage;

typedef struct OutMessageLog OutMessageLog;
typedef void (*OutMessageFn)(const OutMessage *msg, gpointer user);

OutMessageLog *out_message_log_new(NetNetwork *net, SipTrace *trace);
void out_message_log_free(OutMessageLog *log);
/* @fn gets each message once its fate is known, in send order. */
void out_message_log_subscribe(OutMessageLog *log, OutMessageFn fn, gpointer user);
/* From now on each message carries a copy of its bytes (for a writer that shows them); a run
 * that does not ask copies nothing. */
void out_message_log_keep_data(OutMessageLog *log);
/* At the end of the run: the messages still in flight get the fate "in-flight". */
void out_message_log_flush(OutMessageLog *log);
guint64 out_message_log_count(const OutMessageLog *log);

#define OUT_MESSAGES_HEADER                                                                        \
    "time_ns,from,to,message,call_id,cseq,branch,bytes,retransmission,fate\n"

/* Writes messages.csv rows to @stream (the header first). */
void out_messages_csv_attach(OutMessageLog *log, FILE *stream);
