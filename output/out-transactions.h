/* SPDX-License-Identifier: MIT */
/* transactions.csv: one row per SIP transaction of every element, written when it ends; those
 * still alive when the run ends come last. */
#pragma once

#include <stdio.h>

#include "sip-trace.h"

#define OUT_TRANSACTIONS_HEADER                                                                    \
    "node,kind,method,branch,call_id,start_ns,end_ns,status,transmissions,retransmissions,end\n"

typedef struct OutTransactions OutTransactions;

/* Writes the header to @stream, then a row for each transaction of @trace that ends. */
OutTransactions *out_transactions_attach(SipTrace *trace, FILE *stream);
/* Writes the rows of the transactions still alive, in the order they started, and frees @t. */
void out_transactions_finish(OutTransactions *t);
void out_transactions_free(OutTransactions *t);
