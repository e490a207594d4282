/* SPDX-License-Identifier: MIT */
/*
 * A SIP phone: a user agent (RFC 3261 sections 8, 10, 12 to 15) whose behaviour the scenario
 * sets: when it registers, whom it calls and when it hangs up or gives up, and how it answers.
 */
#pragma once

#include "sim-distribution.h"
#include "sip-stack.h"

typedef struct {
    char *user; /* the user part of its address-of-record sip:user@domain */
    char *domain;
    char *password;    /* answers digest challenges; NULL: none */
    NetEndpoint proxy; /* its outbound proxy and registrar */
    guint16 rtp_port;  /* the audio port its SDP offers */
    /* Announces RFC 7339 overload control to its proxy (oc in its Vias) and holds new calls
     * back as the proxy's oc values ask; a 503's Retry-After holds them back in any case. */
    gboolean overload_control;
} SipPhoneAccount;

/* How it answers an incoming INVITE (after 100 Trying). */
typedef struct {
    SimDistribution ring; /* rings (180 Ringing) this long before the final answer, drawn for
                           * each call; constant 0: answers at once */
    guint code;           /* the final answer: 200 accepts, 300-699 refuses; 0: rings on */
    /* Drawn for each call, in this order: busy (486 at once), declines (603 after ringing),
     * never answers (rings on); otherwise @code. Probabilities, summing to at most 1. */
    double busy;
    double decline;
    double no_answer;
    guint lines; /* calls it takes at once (ringing or up), each answered as if alone; beyond,
                  * 486 at once; 0: one line with @call_waiting */
    guint bar_anonymous;          /* non-zero: answers an anonymous caller (RFC 3323) with this code
                                   * at once */
    SimDistribution hangup_after; /* hangs up an answered call this long after its ACK, drawn
                                   * for each call (a call's holding time); constant 0: never */
    /* A call that comes while another is up: TRUE, it rings, is queued (182) after @ring and
     * is answered by @code when the phone's other calls have ended; FALSE: 486 at once. */
    gboolean call_waiting;
} SipAnswerPolicy;

typedef enum {
    SIP_PHONE_REGISTER, /* registers with its registrar */
    SIP_PHONE_CALL,     /* calls someone */
    SIP_PHONE_HANGUP,   /* ends a call (BYE), or cancels it if not yet answered */
    SIP_PHONE_HOLD,     /* puts a call on hold (re-INVITE, RFC 3264 8.4) */
    SIP_PHONE_RESUME,   /* takes it off hold */
    SIP_PHONE_TRANSFER, /* transfers a call (REFER, RFC 3515), to someone or to another call */
} SipPhoneActionKind;

/* When a transferor ends the call it transferred. */
typedef enum {
    SIP_TRANSFER_HANGUP_TRYING,  /* when the transferee says it is trying (blind transfer) */
    SIP_TRANSFER_HANGUP_SUCCESS, /* when the transferee says the transfer succeeded */
    SIP_TRANSFER_HANGUP_NEVER,
} SipTransferHangup;

typedef struct {
    SipPhoneActionKind kind;
    SimTime at;
    char *call; /* the call's name: set by CALL, used by HANGUP; NULL: the phone's
                 * only call */
    /* SIP_PHONE_CALL */
    char *target;         /* the Request-URI: sip:user@domain */
    char *callee;         /* the callee's name in reports */
    gboolean anonymous;   /* From: "Anonymous" <sip:anonymous@anonymous.invalid> and
                           * Privacy: id (RFC 3323) */
    SimTime cancel_after; /* gives up (CANCEL) if not answered by then; 0: never */
    SimTime hangup_after; /* hangs up this long after the answer; 0: never */
    /* SIP_PHONE_REGISTER */
    SimTime expires;
    /* SIP_PHONE_TRANSFER: to @target (blind) or, attended, to the other side of @replace (a
     * call's name), whose dialog the transferee's INVITE replaces (RFC 3891) */
    char *replace;
    SipTransferHangup transfer_hangup;
} SipPhoneAction;

/* How it takes a transfer (a REFER). */
typedef struct {
    gboolean refuse;    /* answers 603 Decline */
    SimTime call_after; /* calls the Refer-To target this long after accepting */
} SipTransferPolicy;

/* Behind a NAT: how it learns its public address and keeps its NAT binding open. */
typedef struct {
    NetEndpoint stun;  /* its STUN server (RFC 5389); port 0: none. With one, it learns its
                        * public SIP address before each REGISTER and its public media address
                        * before each call, and uses them in Via, Contact and SDP */
    SimTime keepalive; /* sends a CRLF keep-alive to its proxy at this interval (RFC 5626
                        * 3.5.1); 0: never */
    guint rtp_burst;   /* media check: RTP packets sent at call setup, one per 20 ms; 0: none */
} SipNatConfig;

typedef struct {
    SipPhoneAccount account;
    SipAnswerPolicy answer;
    SipTransferPolicy transfer;
    SipNatConfig nat;
    SipTimerConfig timers;
    SipPhoneAction *actions; /* in time order */
    guint n_actions;
    /* A registration wave: registers at a time drawn uniformly in [from, to) (to > from). */
    SimTime register_from, register_to;
} SipPhoneConfig;

typedef struct {
    guint64 calls_placed;
    guint64 calls_answered; /* outgoing calls that got a 2xx */
    guint64 calls_failed;   /* outgoing calls that ended with a final non-2xx or a timeout */
    guint64 calls_refused;  /* of those, refused by the phone itself (503): overload control */
    guint64 calls_received;
    guint64 registrations; /* 2xx to REGISTER */
    guint64 registration_failures;
    guint64 stun_requests; /* STUN Binding transactions, and those without an address */
    guint64 stun_failures;
    guint64 keepalives;
    guint64 rtp_sent;
    guint64 rtp_received;
} SipPhoneStats;

/* Places a call now, for a traffic generator: @call's kind is SIP_PHONE_CALL (its target,
 * callee, cancel_after...; its @at is ignored); @steps follow the answer, each @at after it:
 * SIP_PHONE_HOLD, SIP_PHONE_RESUME, SIP_PHONE_TRANSFER (to @target) or SIP_PHONE_HANGUP. The
 * phone copies what it keeps. */
void sip_phone_place_call(SimEntity *phone, const SipPhoneAction *call, const SipPhoneAction *steps,
                          guint n_steps);

/* A read-only copy of @config that phones share (a population's, 300 bytes and more that each
 * phone would otherwise copy), without the account's user: each phone has its own. */
SipPhoneConfig *sip_phone_config_share(const SipPhoneConfig *config);
void sip_phone_config_unref(SipPhoneConfig *shared);
/* TRUE when phones configured by @a and by @b behave alike: all but the account's user agree. */
gboolean sip_phone_config_equal(const SipPhoneConfig *a, const SipPhoneConfig *b);
/* Binds SIP_DEFAULT_PORT on @node and answers there as @user (copied), with @shared (from
 * sip_phone_config_share(): the phone keeps a reference). */
SimEntity *sip_phone_new(SimKernel *kernel, NetNode *node, const char *name, const char *user,
                         SipPhoneConfig *shared, const SipTrace *trace);
void sip_phone_config_clear(SipPhoneConfig *config);

/* NULL when @entity is not a phone. */
const SipPhoneStats *sip_phone_stats(SimEntity *entity);
const SipStackStats *sip_phone_stack_stats(SimEntity *entity);
/* Calls, dialogs and transactions still alive: at the end of a run that let every call end,
 * all zero. */
guint sip_phone_live_calls(SimEntity *entity);
guint sip_phone_live_subscriptions(SimEntity *entity);
guint sip_phone_live_transactions(SimEntity *entity);
/* The phone crashes now: it forgets its calls, transactions and registration state without a
 * word, and nothing listens on its ports until it boots. At boot it registers again (a phone
 * registers when it is switched on), with a new Call-ID, and takes up its actions. */
void sip_phone_crash(SimEntity *entity);
void sip_phone_boot(SimEntity *entity);
/* The address-of-record "sip:user@domain" and the Contact URI it registers from @at. */
char *sip_phone_aor(const SipPhoneAccount *account);
char *sip_phone_contact(const SipPhoneAccount *account, NetEndpoint at);
/* The SIP endpoint it believes others reach it at: its own, or what STUN told it. A loader that
 * provisions a binding for a phone behind a NAT (as if it had used STUN and registered before
 * the run) tells it what it would have learnt. */
NetEndpoint sip_phone_public_sip(SimEntity *entity);
void sip_phone_set_public_sip(SimEntity *entity, NetEndpoint at);
