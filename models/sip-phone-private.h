/* SPDX-License-Identifier: MIT */
/* What sip-phone.c (the user agent) and sip-call.c (its calls) share. */
#pragma once

#include "sip-dialog.h"
#include "sip-phone.h"
#include "sip-sdp.h"

/* Timers of a call; the phone's own timers follow them (the entity timer's kind). */
typedef enum {
    CALL_TIMER_RING,      /* incoming: the ringing time is over, give the final answer */
    CALL_TIMER_CANCEL,    /* outgoing: not answered in time, give up */
    CALL_TIMER_HANGUP,    /* answered: hang up */
    CALL_TIMER_2XX,       /* incoming: resend the 2xx (RFC 3261 13.3.1.4) */
    CALL_TIMER_NO_ACK,    /* incoming: 64*T1 without an ACK, end the session */
    CALL_TIMER_CANCELLED, /* outgoing: 64*T1 after the CANCEL, still no final response */
    CALL_N_TIMERS,
} CallTimer;

enum {
    PHONE_TIMER_ACTION = CALL_N_TIMERS, /* data: the SipPhoneAction */
    PHONE_TIMER_REFRESH,                /* re-register */
};

typedef enum {
    CALL_INVITING,  /* outgoing: INVITE sent, no provisional response yet */
    CALL_RINGING,   /* a provisional response was sent or received */
    CALL_CONFIRMED, /* a 2xx was sent or received */
    CALL_ENDING,    /* BYE sent, its response awaited */
    CALL_ENDED,
} CallState;

typedef struct SipPhone SipPhone;
typedef struct SipCall SipCall;

struct SipCall {
    SipPhone *phone;
    char *name;
    gboolean outgoing;
    CallState state;
    const SipPhoneAction *action; /* outgoing: the action that placed it */
    char *callee;                 /* for reports */
    char *call_id;
    char *local_tag;
    guint32 invite_cseq;
    SipTransaction *invite; /* its INVITE transaction, while alive */
    SipDialog *dialog;
    gboolean cancel_wanted; /* cancel as soon as a provisional response comes (9.1) */
    gboolean cancelled;     /* CANCEL sent */
    gboolean auth_sent;     /* the INVITE was sent again with credentials */
    SipBytes ack;           /* outgoing: the ACK of the 2xx, sent again for each 2xx */
    SipBytes ok;            /* incoming: the 2xx, sent again until the ACK */
    SimTime ok_interval;
    SimEventId timers[CALL_N_TIMERS];
    guint transactions; /* transactions whose tu is this call */
    SimTime start, provisional, answered, ended;
    guint status;
    SipSdp *local_sdp;
};

struct SipPhone {
    SimEntity entity;
    NetNode *node;
    SipStack *stack;
    const SipTrace *trace;
    SipPhoneConfig config;
    char *aor;
    char *contact;
    /* registration */
    char *reg_call_id;
    char *reg_tag;
    guint32 reg_cseq;
    gboolean reg_auth_sent;
    SimTime reg_expires; /* asked for */
    GPtrArray *calls;    /* SipCall *, alive */
    guint64 incoming;    /* incoming calls so far, to name them */
    SipPhoneStats stats;
};

/* sip-phone.c, for sip-call.c */
void sip_phone_write_via(SipPhone *phone, SipWriter *w);
/* 12.1.1: a response that creates a dialog (a 101-299 to an INVITE) carries the request's
 * Record-Route. */
void sip_phone_copy_record_route(const SipTransaction *st, SipWriter *w, guint code);
void sip_phone_respond(SipPhone *phone, SipTransaction *st, guint code, const char *to_tag,
                       const char *contact, const SipSdp *sdp);
/* Adds the credentials answering @challenge (a 401 or 407 to @request) to @w; FALSE when the
 * phone has no password or the challenge does not parse. */
gboolean sip_phone_write_credentials(SipPhone *phone, SipWriter *w, const SipMessage *request,
                                     const SipMessage *challenge);
SimEventId sip_phone_timer(SipPhone *phone, SimTime delay, guint kind, gpointer data);
SipCall *sip_phone_find_call(SipPhone *phone, const char *name);

/* sip-call.c */
SipCall *sip_call_place(SipPhone *phone, const SipPhoneAction *action);
void sip_call_hangup(SipCall *call);
void sip_call_incoming(SipPhone *phone, SipTransaction *st, const SipMessage *invite);
void sip_call_response(SipCall *call, SipTransaction *ct, const SipMessage *response);
void sip_call_stray_response(SipPhone *phone, const SipMessage *response);
void sip_call_ack(SipPhone *phone, const SipMessage *ack);
void sip_call_bye(SipPhone *phone, SipTransaction *st, const SipMessage *bye);
void sip_call_cancel(SipPhone *phone, SipTransaction *st, const SipMessage *cancel);
void sip_call_timer(SipCall *call, CallTimer timer);
void sip_call_timeout(SipCall *call, SipTransaction *t);
void sip_call_transaction_ended(SipCall *call, SipTransaction *t);
/* At the end of a run: reports a call still up. */
void sip_call_finish(SipCall *call);
void sip_call_free(SipCall *call);
