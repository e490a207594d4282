/* SPDX-License-Identifier: MIT */
/*
 * The SIP stack of a node: its transport over the virtual network (RFC 3261 section 18, with
 * RFC 3581's rport) and its transaction layer (section 17): it parses what arrives, matches it
 * to a transaction by branch (17.1.3, 17.2.3, with the RFC 2543 fallback), creates the server
 * transaction of a new request and the client transaction of each request its core sends, and
 * hands the rest to its core (a phone or a proxy) through SipCoreOps.
 */
#pragma once

#include "sip-message.h"
#include "sip-trace.h"
#include "sip-transaction.h"
#include "sip-writer.h"

#define SIP_DEFAULT_PORT 5060

typedef struct SipStack SipStack;

typedef struct {
    /* A request. @st is its server transaction; for an ACK it is the INVITE server transaction
     * that the ACK of a 2xx reached, or NULL when the ACK matched none (an end-to-end ACK). */
    void (*request)(gpointer core, SipStack *stack, SipTransaction *st, const SipMessage *request);
    /* A response. @ct is its client transaction, or NULL when it matched none (a 2xx
     * retransmitted after the INVITE transaction ended, or one a proxy forwards statelessly). */
    void (*response)(gpointer core, SipStack *stack, SipTransaction *ct,
                     const SipMessage *response);
    /* Timer B or F (no final response) or H (no ACK). */
    void (*timeout)(gpointer core, SipStack *stack, SipTransaction *t, SipTimer timer);
    /* @t is about to be freed: the core must forget it. */
    void (*terminated)(gpointer core, SipStack *stack, SipTransaction *t);
} SipCoreOps;

typedef struct {
    guint64 transactions[SIP_TXN_N_KINDS];
    guint64 retransmissions[SIP_TXN_N_KINDS]; /* requests (clients), final responses (servers) */
    guint64 timeouts[SIP_TXN_N_KINDS];
    guint64 dropped_events;  /* events a machine had no row for */
    guint64 malformed;       /* datagrams that did not parse as SIP */
    guint64 stray_responses; /* responses that matched no client transaction */
    guint64 keepalives;      /* datagrams of CRLFs only: keep-alives (RFC 5626 3.5.1) */
} SipStackStats;

SipStack *sip_stack_new(SimKernel *kernel, NetNode *node, guint16 port,
                        const SipTimerConfig *timers, const SipTrace *trace, const SipCoreOps *ops,
                        gpointer core);
/* Frees the stack and its live transactions (at the end of a run). */
void sip_stack_free(SipStack *stack);
/* Frees every live transaction at once, with its timers, telling the core nothing: the state a
 * crash or a restart loses. The core must drop its own pointers to them. */
void sip_stack_forget_all(SipStack *stack);

/* A datagram for the stack's port (the core's entity hands it over). */
void sip_stack_receive(SipStack *stack, const NetDatagram *dg);
/* Whether @dg is a keep-alive: CRLFs and nothing else (RFC 5626 3.5.1). */
gboolean sip_stack_is_keepalive(const NetDatagram *dg);

/* Sends a request the core rendered; the stack takes @bytes. An INVITE gets an INVITE client
 * transaction, an ACK none (NULL is returned), any other request a non-INVITE one; the
 * transaction's tu field is set to @tu. */
SipTransaction *sip_stack_send_request(SipStack *stack, NetEndpoint to, char *bytes, gsize len,
                                       gpointer tu);
/* Sends a response through server transaction @st; the stack takes @bytes. */
void sip_stack_respond(SipStack *stack, SipTransaction *st, char *bytes, gsize len);
/* Sends bytes outside any transaction (an ACK for a 2xx, a stateless forward); takes @bytes.
 * @retransmission marks a repeat (an ACK sent again for a retransmitted 2xx). */
void sip_stack_send_stateless(SipStack *stack, NetEndpoint to, char *bytes, gsize len,
                              gboolean retransmission);

/* The request of a transaction: the one a client sent, or the one a server received. */
const SipMessage *sip_stack_request_of(const SipTransaction *t);
/* RFC 3261 8.2.6 for server transaction @st: the status line and the request's Via (the top one
 * with received and rport filled as 18.2.1 and RFC 3581 say), From, To (with @to_tag), Call-ID
 * and CSeq. */
void sip_stack_response_init(const SipTransaction *st, SipWriter *w, guint code, SipStr reason,
                             SipStr to_tag);
/* The same with @via_params (";name[=value]...") in place of the top Via's parameters of the
 * same names, or after them: a server's RFC 7339 oc parameters. */
void sip_stack_response_init_via(const SipTransaction *st, SipWriter *w, guint code, SipStr reason,
                                 SipStr to_tag, SipStr via_params);
/* Writes the top Via of server transaction @st's request as the transport recorded it, with
 * received and rport filled (18.2.1, RFC 3581): what a proxy puts in the copy it forwards, so
 * that the responses it forwards back find their way. */
void sip_stack_via_received(const SipTransaction *st, SipWriter *w);
/* Ends client transaction @t at once, without its machine (as at the end of a run); the core's
 * terminated callback runs first. For RFC 3261 9.1: an INVITE that a CANCEL did not end within
 * 64*T1 is given up (16.8 for a proxy). Not from inside a callback of @t. */
void sip_stack_abandon(SipStack *stack, SipTransaction *t);
/* The INVITE server transaction that a CANCEL (@cancel) targets (17.2.3), or NULL. */
SipTransaction *sip_stack_find_invite(SipStack *stack, const SipMessage *cancel);

/* Identifiers, unique in the run and the same for the same seed: branch "z9hG4bK-NODE-N",
 * tags and Call-IDs from a counter. */
char *sip_stack_new_branch(SipStack *stack);
char *sip_stack_new_tag(SipStack *stack);
char *sip_stack_new_call_id(SipStack *stack);

NetNode *sip_stack_node(const SipStack *stack);
guint16 sip_stack_port(const SipStack *stack);
SimKernel *sip_stack_kernel(const SipStack *stack);
const SipTimerConfig *sip_stack_timers(const SipStack *stack);
/* The stack's own address: its node's address and port. */
NetEndpoint sip_stack_address(const SipStack *stack);
const SipStackStats *sip_stack_stats(const SipStack *stack);
/* Transactions alive now: a finished run that left some is a leak of state. */
guint sip_stack_live_transactions(const SipStack *stack);
