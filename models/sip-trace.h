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
} SipMessageEvent;

/* A transaction changed state. */
typedef struct {
    SimTime time;
    const NetNode *node;
    const SipTransaction *txn;
    const char *branch;
    const char *method;
    SipTxnState from;
    SipTxnState to;
    SipTxnEvent event;
} SipTxnStateEvent;

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

typedef struct {
    void (*message)(gpointer user, const SipMessageEvent *ev);
    void (*transaction)(gpointer user, const SipTxnStateEvent *ev);
    void (*call)(gpointer user, const SipCallEvent *ev);
    void (*media)(gpointer user, const SipMediaEvent *ev);
    void (*rtp)(gpointer user, const SipRtpEvent *ev);
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

void sip_trace_message(const SipTrace *trace, const SipMessageEvent *ev);
void sip_trace_transaction(const SipTrace *trace, const SipTxnStateEvent *ev);
void sip_trace_call(const SipTrace *trace, const SipCallEvent *ev);
void sip_trace_media(const SipTrace *trace, const SipMediaEvent *ev);
void sip_trace_rtp(const SipTrace *trace, const SipRtpEvent *ev);
