/* SPDX-License-Identifier: MIT */
/*
 * The SIP trace points. The SIP elements of a run share one SipTrace and report to it what they
 * do; writers (output/) observe it. With no observer, reporting costs a test and a branch.
 */
#pragma once

#include "net-network.h"
#include "sip-transaction.h"

/* A SIP message handed to the network. */
typedef struct {
    SimTime time;
    const NetNode *node; /* the sender */
    guint64 datagram;    /* the id of the datagram that carries it */
    const char *bytes;
    gsize len;
    gboolean retransmission;
    const SipTransaction *txn; /* the transaction that sent it, or NULL (the TU's 2xx and its ACK,
                                * a stateless forward) */
} SipMessageEvent;

/* How a transaction was ended from outside its machine, if it was. */
typedef enum {
    SIP_TXN_CUT_NONE,
    SIP_TXN_CUT_ABANDONED, /* its TU gave it up: an INVITE with no final response 64*T1 after its
                            * CANCEL (RFC 3261 9.1, 16.8) */
    SIP_TXN_CUT_RESTART,   /* its element restarted and lost every transaction */
} SipTxnCut;

/* A transaction changed state. The first change of each is out of SIP_TXN_INIT; the last, into
 * SIP_TXN_TERMINATED, unless the run ends first. */
typedef struct {
    SimTime time;
    const NetNode *node;
    const SipTransaction *txn;
    const char *branch;
    const char *method;
    const char *call_id;
    SipTxnState from;
    SipTxnState to;
    SipTxnEvent event; /* what caused it, unless @cut */
    SipTxnCut cut;
    guint status; /* the first final response it received (client) or sent (server), 0: none */
} SipTxnStateEvent;

/* A transaction's timer fired and its machine had a row for it (RFC 3261 17, RFC 6026): a
 * retransmission (A, E, G), a timeout (B, F, H) or the end of a wait (D, I, J, K, L, M). A
 * firing that changes the state is also reported as a SipTxnStateEvent, after this. */
typedef struct {
    SimTime time;
    const NetNode *node;
    const SipTransaction *txn;
    const char *branch;
    const char *method;
    const char *call_id;
    SipTxnState state; /* the state it fired in */
    SipTimer timer;
} SipTxnTimerEvent;

/* Where an unanswered call's final status came from, as its caller knows it. */
typedef enum {
    SIP_CALL_STATUS_RESPONSE,  /* a final response (or none: status 0) */
    SIP_CALL_STATUS_TIMEOUT,   /* the INVITE transaction timed out: 408 (RFC 3261 8.1.3.1) */
    SIP_CALL_STATUS_HELD_BACK, /* overload control held the call back, nothing was sent: 503
                                * (RFC 7339 5.10) */
} SipCallStatusSource;

/* A call ended (or the run ended with it still up), reported by the caller. */
typedef struct {
    const char *call_id;
    const char *name;   /* the name the scenario gave it, or NULL */
    const char *caller; /* node names */
    const char *callee;
    SimTime start;       /* the INVITE was sent */
    SimTime provisional; /* first provisional response, -1: none */
    SimTime answered;    /* the 2xx arrived, -1: never */
    SimTime ended;       /* the call ended, -1: still up when the run ended */
    guint status;        /* the INVITE's final status, 0: none */
    SipCallStatusSource status_source;
    gboolean cancelled; /* the caller gave up: sent a CANCEL, or hung up before the INVITE went */
} SipCallEvent;

/* A phone's media in a call after an offer/answer exchange (RFC 3264), from its point of view. */
typedef struct {
    SimTime time;
    const NetNode *node;
    const char *call_id;
    const char *direction; /* "sendrecv", "sendonly" (we hold), "recvonly" (held), "inactive" */
    const char *remote_address; /* where it sends its media */
    guint16 remote_port;
    guint64 local_version;  /* the o= session versions of the two descriptions (RFC 4566 5.2): */
    guint64 remote_version; /* each new offer or answer of a session has a higher one */
} SipMediaEvent;

/* A phone's media check in a call (RTP packets at call setup), reported by each side when its
 * session ends or the run ends. */
typedef struct {
    const NetNode *node;
    const char *call_id;
    gboolean caller; /* the phone is the call's caller */
    guint32 sent;
    guint32 received;
} SipRtpEvent;

/* A proxy's processing model changed (docs/topology.md): a datagram came and waits, took a worker,
 * was handed to the stack, or was dropped at a full queue. Sampling @waiting at these times
 * gives the queue's length over time; the waits of SIP_LOAD_STARTED, the queueing delays. */
typedef enum {
    SIP_LOAD_QUEUED,
    SIP_LOAD_STARTED,
    SIP_LOAD_DONE,
    SIP_LOAD_DROPPED,
} SipLoadChange;

typedef struct {
    SimTime time;
    const NetNode *node;
    SipLoadChange change;
    guint waiting; /* datagrams in the queue after the change */
    guint busy;    /* workers serving after it */
    SimTime wait;  /* SIP_LOAD_STARTED: how long it waited */
} SipLoadEvent;

typedef struct {
    void (*message)(gpointer user, const SipMessageEvent *ev);
    void (*transaction)(gpointer user, const SipTxnStateEvent *ev);
    void (*timer)(gpointer user, const SipTxnTimerEvent *ev);
    void (*call)(gpointer user, const SipCallEvent *ev);
    void (*media)(gpointer user, const SipMediaEvent *ev);
    void (*rtp)(gpointer user, const SipRtpEvent *ev);
    void (*load)(gpointer user, const SipLoadEvent *ev);
    gpointer user;
} SipObserver;

typedef struct {
    GArray *observers; /* SipObserver */
} SipTrace;

void sip_trace_init(SipTrace *trace);
void sip_trace_clear(SipTrace *trace);
void sip_trace_add(SipTrace *trace, const SipObserver *observer);

static inline gboolean sip_trace_active(const SipTrace *trace)
{
    return trace->observers->len > 0;
}
/* Whether an observer takes transaction state changes, or timer firings: the stack builds
 * those events (copies of the branch, method and Call-ID) only then. */
gboolean sip_trace_wants_transactions(const SipTrace *trace);
gboolean sip_trace_wants_timers(const SipTrace *trace);

void sip_trace_message(const SipTrace *trace, const SipMessageEvent *ev);
void sip_trace_transaction(const SipTrace *trace, const SipTxnStateEvent *ev);
void sip_trace_timer(const SipTrace *trace, const SipTxnTimerEvent *ev);
void sip_trace_call(const SipTrace *trace, const SipCallEvent *ev);
void sip_trace_media(const SipTrace *trace, const SipMediaEvent *ev);
void sip_trace_rtp(const SipTrace *trace, const SipRtpEvent *ev);
void sip_trace_load(const SipTrace *trace, const SipLoadEvent *ev);
