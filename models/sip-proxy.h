/* SPDX-License-Identifier: MIT */
/*
 * The proxy element of a domain, as the reference flows have it: a registrar (RFC 3261 section
 * 10.3) and its location service, and a transaction-stateful proxy (section 16) that forwards
 * requests for the domain to the registered contacts and everything else by its Request-URI and
 * Route, with digest authentication where configured (section 22, RFC 2617), and call forwarding
 * per user (targets added while responses come, 16.5 and 16.7). It runs on one node, over a
 * SipStack on port 5060; a run's loader builds it from a SipProxyConfig.
 */
#pragma once

#include "net-network.h"
#include "sim-distribution.h"
#include "sip-check.h"
#include "sip-stack.h"
#include "sip-trace.h"

/* When a call to a user of the domain is forwarded: its INVITE, once forwarded to the user's
 * contacts, gets a new branch to the rule's target, in the same response context. */
typedef enum {
    SIP_FORWARD_NO_ANSWER, /* no 2xx @after the INVITE went to the user: the user keeps ringing */
    SIP_FORWARD_BUSY,      /* the user answers 486 (Busy Here) or 600 (Busy Everywhere) */
    SIP_FORWARD_QUEUED,    /* the user answers 182 (Queued, a phone with call waiting): the user
                            * keeps ringing */
} SipForwardOn;

typedef struct {
    char *user; /* the user part of the called address-of-record */
    SipForwardOn on;
    char *target;  /* a user of the domain (its bindings in the location service) or a SIP URI */
    SimTime after; /* SIP_FORWARD_NO_ANSWER only: > 0 */
} SipForwardRule;

/* What each datagram costs the proxy's processing (docs/topology.md). */
typedef enum {
    SIP_PROXY_COST_INVITE,   /* an INVITE: a new one, a retransmission or a re-INVITE */
    SIP_PROXY_COST_REQUEST,  /* any other request */
    SIP_PROXY_COST_RESPONSE, /* any response */
    SIP_PROXY_COST_AUTH,     /* added for a request of a method it authenticates: it checks the
                              * credentials or makes a challenge */
    SIP_PROXY_COST_REJECT,   /* instead of the others: a new INVITE refused with 503 */
    SIP_PROXY_N_COSTS,
} SipProxyCost;

/* The processing model in front of the proxy's stack: @workers servers take the datagrams that
 * reach the proxy in arrival order, each for its cost; at most @queue wait, and one that comes
 * to a full queue is dropped. The stack gets a datagram when its processing ends. */
typedef struct {
    guint workers; /* 0: infinite capacity, no cost and no queue: the model is off (default) */
    guint queue;   /* 500 by default */
    SimDistribution costs[SIP_PROXY_N_COSTS]; /* over nanoseconds: 1 ms, 0.5 ms, 0.3 ms, 1 ms
                                               * and 0.1 ms by default */
} SipProxyCapacity;

/* How the proxy behaves when its processing cannot keep up (docs/topology.md). */
typedef enum {
    SIP_PROXY_OVERLOAD_NONE, /* the queue fills and drops (RFC 6357 4: congestion collapse) */
    SIP_PROXY_OVERLOAD_503,  /* new INVITEs that find @threshold datagrams waiting get 503 */
    SIP_PROXY_OVERLOAD_LOSS, /* RFC 7339 loss-based overload control */
} SipProxyOverloadMode;

typedef struct {
    SipProxyOverloadMode mode;
    guint threshold;   /* 503: from 1 to the queue's length; 250 by default */
    guint retry_after; /* 503: the Retry-After it gives, in seconds; 0: none; 5 by default */
    double target;     /* loss: the utilization it aims at, in (0, 1]; 0.9 by default */
    SimTime interval;  /* loss: how often it measures its utilization and updates its oc
                        * value; at least 1 ms; 100 ms by default */
    SimTime validity;  /* loss: the oc-validity it gives, whole milliseconds; 500 ms by default
                        * (RFC 7339 4.3's) */
} SipProxyOverload;

typedef struct {
    char *domain;            /* the domain it serves; its realm too */
    GHashTable *passwords;   /* user -> password: the subscribers; NULL or empty: anyone may
                              * register, nobody can authenticate */
    guint32 auth;            /* SIP_METHOD_BIT of each method to challenge: REGISTER gets 401,
                              * the others 407; ACK and CANCEL never are (22.1) */
    guint32 trying;          /* SIP_METHOD_BIT of each non-INVITE method answered with 100 Trying at
                              * once (the reference shows it for REFER and NOTIFY; RFC 4320 forbids
                              * it over UDP before Timer E reaches T2): 0 by default */
    gboolean record_route;   /* stay on the path of the dialogs (16.6 item 4): TRUE by default */
    gboolean loop_detection; /* answer a looped request 482 (16.3 item 4): FALSE by default, so a
                              * loop ends when Max-Forwards runs out (483) */
    SimTime nonce_lifetime;  /* a nonce older than this is stale: 300 s by default */
    SimTime max_expires;     /* the longest binding the registrar grants (> 0): 3600 s by
                              * default */
    SipTimerConfig timers;   /* its transactions' timers, and its Timer C (16.6 item 11) */
    const SipForwardRule *forwarding; /* call forwarding, at most one rule per user and condition:
                                       * none by default */
    guint n_forwarding;
    SipProxyCapacity capacity;
    SipProxyOverload overload; /* anything but NONE needs workers */
} SipProxyConfig;

/* The defaults above, with no domain and no subscribers. */
void sip_proxy_config_init(SipProxyConfig *config);
/* Frees what a distribution of @capacity's costs holds (an empirical table). */
void sip_proxy_capacity_clear(SipProxyCapacity *capacity);

/* What the proxy did during a run. */
typedef struct {
    guint64 requests[SIP_METHOD_COUNT]; /* requests its core received (not retransmissions) */
    guint64 generated[700];             /* responses it generated, by status code */
    guint64 forwarded_requests;         /* through a client transaction or statelessly (ACK) */
    guint64 forwarded_responses;
    guint64 cancels;         /* CANCEL requests it generated (16.7 item 10, 16.8) */
    guint64 contexts;        /* response contexts created */
    guint64 active_contexts; /* response contexts alive now */
    guint64 challenges;      /* 401 and 407 */
    guint64 auth_failures;   /* wrong credentials (403) or malformed ones (400) */
    guint64 registrations;   /* REGISTER requests accepted (200) */
    guint64 call_forwards;   /* forwarding rules applied: branches to a rule's target */
} SipProxyStats;

/* The datagrams that reach the processing model, by kind (keep-alives go past it). */
typedef enum {
    SIP_PROXY_LOAD_INVITE,
    SIP_PROXY_LOAD_REQUEST,
    SIP_PROXY_LOAD_RESPONSE,
    SIP_PROXY_LOAD_KINDS,
} SipProxyLoadKind;

/* The processing model's figures, from the proxy's creation to now. */
typedef struct {
    guint workers; /* its configuration: 0 when the model is off */
    guint queue;
    guint64 arrived[SIP_PROXY_LOAD_KINDS]; /* retransmissions included */
    guint64 authenticated;                 /* requests that cost the auth extra */
    guint64 rejected;                      /* new INVITEs refused with 503, at the rejection cost */
    guint64 dropped;                       /* came to a full queue */
    guint64 started;                       /* took a worker: served or being served */
    SimTime elapsed;
    SimTime busy;       /* worker time spent, the part of services under way included */
    double utilization; /* busy / (workers x elapsed) */
    guint waiting;      /* in the queue now */
    guint queue_max;
    double queue_mean; /* time-weighted */
    SimTime wait_mean; /* queueing delay of the datagrams started, rounded down */
    SimTime wait_max;
    guint reduction; /* loss-based: the oc value it gives now */
} SipProxyLoadStats;

/* Binds port 5060 of @node and attaches to it. The proxy copies what it keeps of @config. */
SimEntity *sip_proxy_new(SimKernel *kernel, NetNode *node, const char *name,
                         const SipProxyConfig *config, const SipTrace *trace);

/* A binding of @aor ("sip:user@domain") to @contact (a SIP URI) for @expires from now: a phone
 * registered before the run began. */
void sip_proxy_provision(SimEntity *proxy, const char *aor, const char *contact, SimTime expires);

/* The proxy restarts now: its transactions and response contexts are lost without a word (it
 * keeps no dialog state: in-dialog requests go on by their Route), and so are its registrations
 * unless @keep_registrations (a location service on disk), and the datagrams waiting in or
 * going through its processing model (counted as dropped). Its counters go on. */
void sip_proxy_restart(SimEntity *proxy, gboolean keep_registrations);

/* Whether @entity is a proxy. */
gboolean sip_proxy_is(const SimEntity *entity);
const SipProxyStats *sip_proxy_stats(const SimEntity *proxy);
const SipStackStats *sip_proxy_stack_stats(const SimEntity *proxy);
/* All zero when the model is off. */
void sip_proxy_load_stats(SimEntity *proxy, SipProxyLoadStats *out);
/* The processing model's workers: 0 when the model is off. */
guint sip_proxy_workers(const SimEntity *proxy);
/* Transactions alive now on the proxy's stack: with active_contexts, what a finished run must
 * not leave behind. */
guint sip_proxy_live_transactions(const SimEntity *proxy);
