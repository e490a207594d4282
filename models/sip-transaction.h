/* SPDX-License-Identifier: MIT */
/*
 * The four transaction state machines of RFC 3261 section 17 over UDP, as amended by RFC 6026
 * (the Accepted state and Timers L and M): INVITE client (sip-ict.c), INVITE server (sip-ist.c),
 * non-INVITE client (sip-nict.c), non-INVITE server (sip-nist.c). Each machine is a table of
 * (state, event, action, next state) rows; an event with no row in the current state is dropped
 * and reported. Every state change goes through one choke point that checks it, reports it and
 * counts it.
 *
 * A transaction knows nothing of message syntax: it sends and resends rendered bytes, and hands
 * what it receives to its owner (the transaction layer) through SipTxnOps.
 */
#pragma once

#include "net-address.h"
#include "sim-kernel.h"
#include "sip-timers.h"

typedef enum {
    SIP_TXN_ICT,  /* INVITE client */
    SIP_TXN_IST,  /* INVITE server */
    SIP_TXN_NICT, /* non-INVITE client */
    SIP_TXN_NIST, /* non-INVITE server */
    SIP_TXN_N_KINDS,
} SipTxnKind;

typedef enum {
    SIP_TXN_INIT, /* created, before its first event */
    SIP_TXN_CALLING,
    SIP_TXN_TRYING,
    SIP_TXN_PROCEEDING,
    SIP_TXN_COMPLETED,
    SIP_TXN_CONFIRMED,
    SIP_TXN_ACCEPTED,
    SIP_TXN_TERMINATED,
    SIP_TXN_N_STATES,
} SipTxnState;

typedef enum {
    SIP_TIMER_A,
    SIP_TIMER_B,
    SIP_TIMER_D,
    SIP_TIMER_E,
    SIP_TIMER_F,
    SIP_TIMER_G,
    SIP_TIMER_H,
    SIP_TIMER_I,
    SIP_TIMER_J,
    SIP_TIMER_K,
    SIP_TIMER_L,
    SIP_TIMER_M,
    SIP_N_TIMERS,
} SipTimer;

/* A machine runs at most four timers (the ICT's A, B, D, M; the IST's G, H, I, L; the NICT's
 * E, F, K; the NIST's J): each timer has one of four slots in a transaction of its kind. */
#define SIP_TXN_TIMER_SLOTS 4

typedef enum {
    SIP_TXN_EV_SEND_REQUEST, /* client: the TU sends the request */
    SIP_TXN_EV_RECV_1XX,     /* client: a provisional response arrived */
    SIP_TXN_EV_RECV_2XX,     /* client: a 2xx arrived */
    SIP_TXN_EV_RECV_FINAL,   /* client: a 300-699 arrived */
    SIP_TXN_EV_RECV_REQUEST, /* server: the request arrived (first time or again) */
    SIP_TXN_EV_RECV_ACK,     /* INVITE server: an ACK arrived */
    SIP_TXN_EV_SEND_1XX,     /* server: the TU sends a provisional response */
    SIP_TXN_EV_SEND_2XX,     /* server: the TU sends a 2xx */
    SIP_TXN_EV_SEND_FINAL,   /* server: the TU sends a 300-699 */
    SIP_TXN_EV_TIMER,        /* a timer fired: the first SIP_N_TIMERS events, see below */
    SIP_TXN_N_EVENTS = SIP_TXN_EV_TIMER + SIP_N_TIMERS,
} SipTxnEvent;

/* The event of timer @t firing. */
#define SIP_TXN_EV_TIMER_OF(t) ((SipTxnEvent) (SIP_TXN_EV_TIMER + (t)))

/* Rendered message bytes, owned. */
typedef struct {
    guint8 *data;
    gsize len;
} SipBytes;

void sip_bytes_set(SipBytes *b, const void *data, gsize len);
void sip_bytes_clear(SipBytes *b);

/* What comes with an event: a received message (its bytes and, for the owner, its parse), or
 * the bytes the TU sends. */
typedef struct {
    const void *message; /* the owner's parsed message, passed through untouched */
    const guint8 *bytes;
    gsize len;
} SipTxnInput;

typedef struct SipTransaction SipTransaction;

typedef struct {
    /* Sends @bytes to the transaction's peer; @retransmission when it repeats an earlier send. */
    void (*send)(SipTransaction *t, const SipBytes *bytes, gboolean retransmission);
    /* Client: a response for the TU. Server: the request for the TU, or an ACK for a 2xx. */
    void (*deliver)(SipTransaction *t, const SipTxnInput *in);
    /* Timer B or F fired (no final response), or H (no ACK for a final response). */
    void (*timeout)(SipTransaction *t, SipTimer timer);
    /* INVITE client: the ACK for a 300-699 response (RFC 3261 17.1.1.3). */
    void (*build_ack)(SipTransaction *t, const SipTxnInput *response, SipBytes *ack);
    /* Every event the machine receives, before it acts: @handled is FALSE when it has no row
     * for @event in @state, and drops it. Timer firings come this way too. */
    void (*event)(SipTransaction *t, SipTxnState state, SipTxnEvent event, gboolean handled);
    /* Every state change; @event caused it. */
    void (*state_changed)(SipTransaction *t, SipTxnState from, SipTxnState to, SipTxnEvent event);
    /* The transaction reached Terminated and is about to be freed. */
    void (*terminated)(SipTransaction *t);
} SipTxnOps;

struct SipTransaction {
    SipTxnKind kind;
    SipTxnState state;
    SimKernel *kernel;
    const SipTimerConfig *timers;
    const SipTxnOps *ops;
    gpointer owner;   /* the transaction layer */
    gpointer tu;      /* the TU's data for this transaction */
    NetEndpoint peer; /* where it sends */
    union {
        SipBytes request;  /* client: the request it (re)sends */
        SipBytes response; /* server: the last response it (re)sends */
    };
    union {
        SipBytes ack; /* INVITE client: the ACK for a non-2xx final response */
        /* INVITE server in Accepted: a digest of the last 2xx it passed (not the bytes: the TU
         * keeps those, and resends them itself; RFC 6026 8.7) */
        guint64 passed[2];
    };
    SimTime interval; /* the current interval of Timer A, E or G */
    SimEventId timer_ids[SIP_TXN_TIMER_SLOTS];
    guint retransmissions; /* of the request (client) or of the final response (server) */
    gboolean dispatching;  /* inside sip_transaction_dispatch: defer the free */
};

SipTransaction *sip_transaction_new(SipTxnKind kind, SimKernel *kernel,
                                    const SipTimerConfig *timers, const SipTxnOps *ops,
                                    gpointer owner, NetEndpoint peer);
/* Feeds @event to the machine. The transaction may terminate and be freed inside the call; it
 * says so by returning FALSE. */
gboolean sip_transaction_dispatch(SipTransaction *t, SipTxnEvent event, const SipTxnInput *in);
/* Frees a transaction without running its machine (at the end of a run). */
void sip_transaction_free(SipTransaction *t);

const char *sip_txn_kind_name(SipTxnKind kind);
const char *sip_txn_state_name(SipTxnState state);
const char *sip_txn_event_name(SipTxnEvent event);
const char *sip_timer_name(SipTimer timer);

/* --- for the machines (sip-ict.c ...) --- */

/* An action and what it does, in words (for the generated docs). */
typedef struct {
    void (*run)(SipTransaction *t, const SipTxnInput *in);
    const char *does;
} SipTxnAction;

typedef struct {
    SipTxnState state;
    SipTxnEvent event;
    const SipTxnAction *action; /* NULL: nothing to do (the event is absorbed) */
    SipTxnState next;
} SipTxnRow;

typedef struct {
    SipTxnKind kind;
    const char *title;
    const char *rfc; /* the text it follows */
    const SipTxnRow *rows;
    gsize n_rows;
} SipTxnMachine;

extern const SipTxnMachine sip_ict_machine;
extern const SipTxnMachine sip_ist_machine;
extern const SipTxnMachine sip_nict_machine;
extern const SipTxnMachine sip_nist_machine;

const SipTxnMachine *sip_txn_machine(SipTxnKind kind);

void sip_txn_start_timer(SipTransaction *t, SipTimer timer, SimTime delay);
void sip_txn_stop_timer(SipTransaction *t, SipTimer timer);
void sip_txn_send_request(SipTransaction *t, gboolean retransmission);
void sip_txn_send_response(SipTransaction *t, gboolean retransmission);
void sip_txn_deliver(SipTransaction *t, const SipTxnInput *in);
/* Keeps @in's bytes as the response to (re)send and sends them. */
void sip_txn_send_new_response(SipTransaction *t, const SipTxnInput *in);
/* Sends @in's bytes without keeping them, as a retransmission when they are those it passed
 * last (by their digest); @first: the first it passes, never a retransmission. */
void sip_txn_pass_response(SipTransaction *t, const SipTxnInput *in, gboolean first);

/* Actions shared by several machines. */
extern const SipTxnAction sip_txn_deliver_action;       /* pass it to the TU */
extern const SipTxnAction sip_txn_send_response_action; /* keep the response and send it */
