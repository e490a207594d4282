/* SPDX-License-Identifier: MIT */
/* A state machine's page: its diagram and its table, generated from the table itself. */
#pragma once

#include <glib.h>

#include "sip-transaction.h"

/* The Markdown page of @m: a Mermaid state diagram and the rows, in the table's order. */
char *out_state_machine_page(const SipTxnMachine *m);
