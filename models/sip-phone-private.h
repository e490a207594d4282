/* SPDX-License-Identifier: MIT */
/* What sip-phone.c (the user agent) and sip-call.c (its calls) share. */
#pragma once

#include "sip-dialog.h"
#include "sip-overload.h"
#include "sip-phone.h"
#include "sip-sdp.h"
#include "stun-client.h"

/* Timers of a call; the phone's own timers follow them (the entity timer's kind). */
typedef enum {
    CALL_TIMER_RING,         /* incoming: the ringing time is over, give the final answer */
    CALL_TIMER_CANCEL,       /* outgoing: not answered in time, give up */
    CALL_TIMER_HANGUP,       /* answered: hang up */
    CALL_TIMER_2XX,          /* resend our 2xx to an INVITE (RFC 3261 13.3.1.4) */
    CALL_TIMER_NO_ACK,       /* 64*T1 without the ACK of our 2xx, end the session */
    CALL_TIMER_CANCELLED,    /* 64*T1 after our CANCEL (outgoing), or after the session ended
                              * with our re-INVITE pending: still no final response */
    CALL_TIMER_GLARE,        /* send the re-INVITE that met a 491 again (14.1) */
    CALL_TIMER_TRANSFER,     /* the transferee calls the Refer-To target */
    CALL_TIMER_SUBSCRIPTION, /* the REFER subscription expires (RFC 3265 3.1.6.4) */
    CALL_TIMER_RTP,          /* send the next RTP packet of the media check */
    CALL_TIMER_STEP,         /* a traffic generator's next step after the answer */
    CALL_TIMER_REFUSED,      /* outgoing: refused by overload control, it ends at once */
    CALL_N_TIMERS,
} CallTimer;

enum {
    PHONE_TIMER_ACTION = CALL_N_TIMERS, /* data: the SipPhoneAction */
    PHONE_TIMER_REFRESH,                /* re-register */
    PHONE_TIMER_KEEPALIVE,              /* a CRLF keep-alive to the proxy */
    PHONE_TIMER_REGISTER,               /* the phone's turn in a registration wave */
};

/* The INVITE session of a call (its dialog may outlive it: see ReferState). */
typedef enum {
    CALL_INVITING,  /* outgoing: INVITE sent, no provisional response yet */
    CALL_RINGING,   /* a provisional response was sent or received */
    CALL_CONFIRMED, /* a 2xx was sent or received */
    CALL_ENDING,    /* BYE sent, its response awaited */
    CALL_ENDED,
} CallState;

typedef struct SipPhone SipPhone;
typedef struct SipCall SipCall;

/* The implicit subscription of a REFER (RFC 3515 2.4.4): a second usage of the call's dialog,
 * which goes on after a BYE ends the session (RFC 5057). */
typedef struct {
    enum { REFER_NONE, REFER_SUBSCRIBER, REFER_NOTIFIER } role;
    gboolean active;
    /* subscriber (the transferor): when to end the referred call */
    SipTransferHangup hangup;
    /* notifier (the transferee): what to call, and the call placed to it */
    char *refer_to; /* the Refer-To URI, with its headers (Replaces...) */
    char *referred_by;
    SipCall *placed;
} ReferState;

struct SipCall {
    SipPhone *phone;
    char *name;
    gboolean outgoing;
    CallState state;
    const SipPhoneAction *action; /* outgoing, from an action: the action that placed it */
    char *target;                 /* outgoing: the Request-URI */
    char *callee;                 /* for reports */
    char *call_id;
    char *local_tag;
    guint32 invite_cseq;
    SipTransaction *invite; /* its first INVITE's transaction, while alive */
    SipDialog *dialog;
    gboolean cancel_wanted; /* cancel as soon as a provisional response comes (9.1) */
    gboolean cancelled;     /* CANCEL sent */
    gboolean auth_sent;     /* the INVITE was sent again with credentials */
    SipBytes ack;           /* outgoing: the ACK of the last 2xx, sent again for each copy */
    SimEventId timers[CALL_N_TIMERS];
    guint transactions; /* transactions whose tu is this call */
    SimTime start, provisional, answered, ended;
    guint status;
    SipCallStatusSource status_source;
    /* the media session (RFC 3264): its o= session id, the last agreed descriptions */
    guint64 sdp_session;
    SipSdp *local_sdp;
    SipSdp *remote_sdp;
    gboolean holding;         /* we put the other side on hold */
    SipTransaction *reinvite; /* our re-INVITE, until its final response */
    SipSdp *offer;            /* the offer it carries */
    gboolean glare_hold;      /* a re-INVITE waiting after a 491: what it asks */
    /* our 2xx to an INVITE or re-INVITE, resent until its ACK (13.3.1.4) */
    SipTransaction *ok_txn;
    SipBytes ok;
    guint32 ok_cseq;
    SimTime ok_interval;
    /* actions that came before the call could take them, in order */
    GQueue deferred; /* const SipPhoneAction * */
    /* transfers */
    ReferState refer;
    SipCall *referred_by_call; /* a call placed for a REFER: the call the REFER came in */
    char *replaces;            /* outgoing: the Replaces header it carries (RFC 3891) */
    SipCall *replacing;        /* incoming with Replaces: the call it ends before answering */
    gboolean waiting;          /* incoming while another call was up: waits for it to end */
    gboolean anonymous_caller; /* incoming from a caller who hides its identity (RFC 3323) */
    guint answer_code;         /* incoming: the final answer drawn for it; 0: rings on */
    /* placed by a traffic generator: its own actions, [0] the call, then its steps */
    SipPhoneAction *owned;
    guint n_owned, next_step;
    /* behind a NAT: the media address STUN gave (port 0: none yet), and the media check */
    StunClient *media_stun; /* while learning it, before the INVITE or the answer */
    void (*media_then)(SipCall *call);
    NetEndpoint media_public;
    NetEndpoint rtp_to;
    guint32 rtp_sent, rtp_received;
    gboolean rtp_reported;
};

struct SipPhone {
    SimEntity entity;
    NetNode *node;
    SipStack *stack;
    const SipTrace *trace;
    const SipPhoneConfig *config; /* shared with the phones of its population, read-only */
    char *user;                   /* its account's user: @config has none */
    char *aor;
    char *contact;
    /* registration */
    char *reg_call_id;
    char *reg_tag;
    guint32 reg_cseq;
    gboolean reg_auth_sent;
    SimTime reg_expires;    /* asked for */
    GPtrArray *calls;       /* SipCall *, alive */
    guint64 incoming;       /* incoming calls so far, to name them */
    guint64 sdp_sessions;   /* media sessions so far, to number them */
    NetEndpoint public_sip; /* where it believes it is reached: its own, or from STUN */
    StunClient *sip_stun;   /* learning public_sip before a REGISTER */
    void (*sip_then)(SipPhone *phone);
    SipOverload overload; /* what its proxy asked: RFC 7339 oc values, a 503's Retry-After */
    SipPhoneStats stats;
    /* crashed: off the network, its actions skipped, until it boots */
    gboolean crashed;
    SimEventId refresh_timer, keepalive_timer;
};

/* sip-phone.c, for the call files */
void sip_phone_action_copy(SipPhoneAction *dst, const SipPhoneAction *src);
void sip_phone_action_clear(SipPhoneAction *action);
void sip_phone_write_via(SipPhone *phone, SipWriter *w);
/* 12.1.1: a response that creates a dialog (a 101-299 to an INVITE) carries the request's
 * Record-Route. */
void sip_phone_copy_record_route(const SipTransaction *st, SipWriter *w, guint code);
void sip_phone_respond(SipPhone *phone, SipTransaction *st, guint code, const char *to_tag,
                       const char *contact, const SipSdp *sdp);
/* A final response without a body that tells when to try again (RFC 3261 20.33). */
void sip_phone_respond_retry_after(SipPhone *phone, SipTransaction *st, guint code, guint seconds);
/* Adds the credentials answering @challenge (a 401 or 407 to @request) to @w; FALSE when the
 * phone has no password or the challenge does not parse. */
gboolean sip_phone_write_credentials(SipPhone *phone, SipWriter *w, const SipMessage *request,
                                     const SipMessage *challenge);
SimEventId sip_phone_timer(SipPhone *phone, SimTime delay, guint kind, gpointer data);
/* The live call named @name (an action's name, or "in-N"), the only one when @name is NULL. */
SipCall *sip_phone_find_call(SipPhone *phone, const char *name);
/* The call whose dialog @request belongs to (12.2.2), even if only its subscription lives. */
SipCall *sip_phone_find_dialog(SipPhone *phone, const SipMessage *request);

/* sip-phone-nat.c: STUN, keep-alives and the media check (RTP) */
/* Learns the public SIP address by STUN if the phone has a server, then calls @then. */
void sip_phone_stun_sip(SipPhone *phone, void (*then)(SipPhone *phone));
/* Learns the call's public media address by STUN if the phone has a server, then calls @then;
 * FALSE when there is no server (nothing to wait for). */
gboolean sip_call_stun_media(SipCall *call, void (*then)(SipCall *call));
void sip_phone_set_contact(SipPhone *phone, NetEndpoint at);
void sip_phone_keepalive(SipPhone *phone);
/* A datagram on the phone's RTP port: a STUN response for one of its calls, or RTP. */
void sip_phone_media_receive(SipPhone *phone, const NetDatagram *dg);
/* Starts the media check once the call's first offer/answer is done: rtp_burst packets to the
 * other side's SDP address, from the RTP port. */
void sip_call_rtp_start(SipCall *call);
void sip_call_rtp_next(SipCall *call);
/* Reports the call's media check (once, when its session ends or the run ends). */
void sip_call_rtp_report(SipCall *call);
void sip_call_nat_free(SipCall *call);

/* sip-call.c: the session */
SipCall *sip_call_new(SipPhone *phone, gboolean outgoing);
SipCall *sip_call_place(SipPhone *phone, const SipPhoneAction *action);
/* A call placed by a traffic generator: @actions[0] places it, the rest follow the answer (their
 * @at after it); the call owns them. */
SipCall *sip_call_place_owned(SipPhone *phone, SipPhoneAction *actions, guint n);
/* Places a call to @target (a URI with optional headers) for a REFER received in @referrer. */
SipCall *sip_call_place_referred(SipPhone *phone, SipCall *referrer, const char *target);
void sip_call_hangup(SipCall *call);
/* Holds, resumes or transfers @call now, or once it can (answered, no re-INVITE under way). */
void sip_call_act(SipCall *call, const SipPhoneAction *action);
/* Runs the deferred actions the call can now take. */
void sip_call_run_deferred(SipCall *call);
void sip_call_incoming(SipPhone *phone, SipTransaction *st, const SipMessage *invite);
void sip_call_response(SipCall *call, SipTransaction *ct, const SipMessage *response);
void sip_call_stray_response(SipPhone *phone, const SipMessage *response);
void sip_call_ack(SipPhone *phone, const SipMessage *ack);
void sip_call_bye(SipPhone *phone, SipTransaction *st, const SipMessage *bye);
void sip_call_cancel(SipPhone *phone, SipTransaction *st, const SipMessage *cancel);
void sip_call_timer(SipCall *call, CallTimer timer);
void sip_call_timeout(SipCall *call, SipTransaction *t);
void sip_call_transaction_ended(SipCall *call, SipTransaction *t);
/* The session ends (reported by the caller); the call goes when its dialog has no usage left. */
void sip_call_end_session(SipCall *call);
/* Frees the call if nothing uses it any more. */
void sip_call_release(SipCall *call);
void sip_call_start_timer(SipCall *c, CallTimer t, SimTime delay);
void sip_call_stop_timer(SipCall *c, CallTimer t);
/* A request inside the call's dialog with the caller's extra headers and body written by
 * @extra (may be NULL); the call is the transaction's tu. FALSE when there is no route. */
typedef void (*SipExtraHeaders)(SipCall *call, SipWriter *w, gpointer data);
gboolean sip_call_send_in_dialog(SipCall *call, SipStr method, SipExtraHeaders extra,
                                 gpointer data);
/* Sends our 2xx to @st (an INVITE or re-INVITE) and resends it until its ACK (13.3.1.4). */
void sip_call_send_2xx(SipCall *call, SipTransaction *st, const SipSdp *sdp);
/* The ACK of a 2xx to our INVITE or re-INVITE with CSeq @cseq. */
void sip_call_send_ack(SipCall *call, guint32 cseq);
/* At the end of a run: reports a call still up. */
void sip_call_finish(SipCall *call);
void sip_call_free(SipCall *call);

/* sip-call-media.c: offers, answers, hold and resume (RFC 3264, RFC 6337) */
SipSdp *sip_call_offer(SipCall *call, SipSdpDirection direction);
SipSdp *sip_call_answer(SipCall *call, const SipMessage *request);
/* The offer/answer exchange is done: keep both and report the media state. */
void sip_call_media_agreed(SipCall *call, SipSdp *local, const SipMessage *remote,
                           gboolean we_offered);
void sip_call_hold(SipCall *call, gboolean hold);
void sip_call_reinvite_incoming(SipCall *call, SipTransaction *st, const SipMessage *invite);
void sip_call_reinvite_response(SipCall *call, SipTransaction *ct, const SipMessage *resp);

/* sip-call-refer.c: transfers (RFC 3515, RFC 3892, RFC 3891) */
void sip_call_transfer(SipCall *call, const SipPhoneAction *action);
void sip_call_refer_incoming(SipCall *call, SipTransaction *st, const SipMessage *refer);
void sip_call_refer_response(SipCall *call, const SipMessage *resp);
void sip_call_notify_incoming(SipCall *call, SipTransaction *st, const SipMessage *notify);
/* The call placed for a REFER got a final response, or ended before one: notify the referrer. */
void sip_call_referred_outcome(SipCall *placed, guint status);
/* An incoming INVITE with Replaces: the call it replaces, or NULL (RFC 3891 3). */
SipCall *sip_call_find_replaced(SipPhone *phone, const SipMessage *invite);
void sip_call_refer_free(SipCall *call);
void sip_call_subscription_expired(SipCall *call);
