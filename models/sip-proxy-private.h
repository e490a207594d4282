/* SPDX-License-Identifier: MIT */
/*
 * Inside the proxy element: the entity and its core (sip-proxy.c), the registrar
 * (sip-registrar.c), digest authentication (sip-proxy-auth.c), response contexts with their
 * branches (sip-proxy-forward.c), call forwarding (sip-proxy-call-forwarding.c), the processing
 * model in front of the stack (sip-proxy-capacity.c) and overload control
 * (sip-proxy-overload.c).
 */
#pragma once

#include "sip-check.h"
#include "sip-location.h"
#include "sip-proxy.h"
#include "sip-stack.h"

#define PROXY_FORWARD_ON_COUNT (SIP_FORWARD_QUEUED + 1)

/* A user's call forwarding rules, by condition; NULL where it has none. */
typedef struct {
    const SipForwardRule *on[PROXY_FORWARD_ON_COUNT];
} ProxyForwarding;

/* The processing model's state (sip-proxy-capacity.c). */
typedef struct {
    GQueue waiting;    /* ProxyJob *, in arrival order */
    GQueue serving;    /* ProxyJob *, under way */
    SimTime since;     /* the proxy's creation */
    SimTime changed;   /* the last change of serving or waiting: the areas run to it */
    SimTime busy_area; /* the integral of the workers busy over time */
    double queue_area; /* the integral of the queue's length over time */
    SimTime wait_sum;
    SimTime work;            /* the costs of the datagrams that came and were not dropped */
    SipProxyLoadStats stats; /* the counters; the rest is computed when asked */
} ProxyCapacity;

/* RFC 7339 loss-based control on the server side (sip-proxy-overload.c): the occupancy
 * algorithm's fraction of new requests to let through, updated once per interval from the work
 * that came in it. */
typedef struct {
    double accept;          /* f, in [OCC_ACCEPT_MIN, 1] */
    guint reduction;        /* 100 (1 - f), rounded: the oc value it gives */
    SimTime computed;       /* when it was computed: its oc-seq */
    SimTime interval_start; /* the interval being measured */
    SimTime interval_work;  /* the capacity's work at its start */
} ProxyOverload;

typedef struct {
    SimEntity entity;
    SipProxyConfig config; /* domain, passwords and capacity's costs are the proxy's copies */
    SipStack *stack;
    SipLocation *location;
    char host[NET_IP_BUF]; /* its address, as its Via and Record-Route show it */
    char *record_route;    /* "<sip:HOST;lr>" */
    char *secret;          /* keys its nonces */
    guint64 nonces;
    GHashTable *contexts;   /* the live ProxyContext set */
    SipForwardRule *rules;  /* config.forwarding: the proxy's copies, each target a URI */
    GHashTable *forwarding; /* user -> ProxyForwarding */
    SipProxyStats stats;
    const SipTrace *trace;
    ProxyCapacity capacity;
    ProxyOverload overload;
    gboolean refusing; /* the datagram being handed to the stack is a new INVITE to refuse */
} SipProxy;

/* A response context (16.6): a request forwarded to one or more targets, each a branch. */
typedef struct {
    SipProxy *proxy;
    SipTransaction *st; /* NULL once it ended */
    SipMethod method;
    GPtrArray *branches;               /* ProxyBranch *, owned */
    guint final_code;                  /* the final response sent on st, 0 before */
    const ProxyForwarding *forwarding; /* the called user's rules; NULL for none */
    guint forwarded;                   /* 1 << SipForwardOn of each rule applied */
    gboolean no_new_branches;          /* after a 6xx (16.7 item 5) or a CANCEL (16.10) */
    SimEventId no_answer;              /* the no-answer rule's timer */
} ProxyContext;

typedef enum {
    PROXY_CANCEL_NONE,
    PROXY_CANCEL_WANTED, /* to be sent on the first provisional response (9.1) */
    PROXY_CANCEL_SENT,
} ProxyCancelState;

typedef struct {
    ProxyContext *ctx;
    char *target;              /* the request's URI: a target set holds it once (16.5) */
    gboolean forwarded;        /* to a forwarding rule's target, not to the called user */
    SipTransaction *ct;        /* the forwarded request's; NULL once it ended */
    SipTransaction *cancel_ct; /* the CANCEL's; NULL when none is alive */
    guint code;                /* its final response, 0 before; 408 after a timeout, 404 for a
                                * forwarding target without bindings */
    SipMessage *response;      /* a 3xx-6xx received, a candidate best response */
    gboolean provisional;      /* a provisional response came */
    ProxyCancelState cancel;
    SimEventId timer_c;
} ProxyBranch;

enum { PROXY_TIMER_C, PROXY_TIMER_NO_ANSWER };

/* sip-proxy.c */
gboolean sip_proxy_host_is_ours(const SipProxy *p, SipStr host);
/* The user part of @uri, %-unescaped (10.3 step 5); NULL when it has none. */
char *sip_proxy_uri_user(const SipUri *uri);
/* "sip:USER@DOMAIN": the address-of-record of @user in the proxy's domain. */
char *sip_proxy_aor(const SipProxy *p, const char *user);
/* 16.5: the targets of @uri, added to @targets: itself in another domain, the bindings of its
 * address-of-record in the proxy's; FALSE when it has none. */
gboolean sip_proxy_find_targets(SipProxy *p, const SipUri *uri, GPtrArray *targets);
/* A response of the proxy's own on @st (8.2.6): the head, then the caller's headers, then
 * sip_proxy_reply_send(). Responses above 100 get a To tag. */
void sip_proxy_reply_begin(SipProxy *p, SipTransaction *st, guint code, SipWriter *w);
void sip_proxy_reply_send(SipProxy *p, SipTransaction *st, SipWriter *w);
void sip_proxy_reply(SipProxy *p, SipTransaction *st, guint code);
/* The answer to a request sip_request_check() refused; clears @r. */
void sip_proxy_reply_check(SipProxy *p, SipTransaction *st, SipCheckResult *r);

/* sip-registrar.c: a REGISTER for the proxy's domain. */
void sip_registrar_register(SipProxy *p, SipTransaction *st, const SipMessage *req);

/* sip-proxy-auth.c: whether @req carries valid credentials for the domain (22.2 for the
 * registrar, 22.3 for the proxy) of a user allowed to act for @user (NULL: any subscriber);
 * else answers it with a challenge, 403 or 400 and returns FALSE. */
gboolean sip_proxy_authenticate(SipProxy *p, SipTransaction *st, const SipMessage *req,
                                gboolean registrar, const char *user);

/* sip-proxy-forward.c */
/* 16.3 item 4: whether one of the proxy's own Vias in @req carries the loop hash of @req. */
gboolean sip_proxy_looped(const SipProxy *p, const SipMessage *req);
/* Forwards @st's request to each of @targets (URIs), in parallel (16.6), with the called user's
 * @forwarding rules (NULL for none). */
void sip_proxy_forward(SipProxy *p, SipTransaction *st, const GPtrArray *targets,
                       const ProxyForwarding *forwarding);
/* A new branch of @ctx to @target, with no request sent yet. */
ProxyBranch *sip_proxy_branch_new(ProxyContext *ctx, const char *target);
/* 16.6 items 1-11 for @b's target. */
void sip_proxy_branch_start(ProxyBranch *b);
/* An ACK for a 2xx, or one that no server transaction absorbed, goes on statelessly (16.11). */
void sip_proxy_forward_ack(SipProxy *p, const SipMessage *ack, const char *target);
/* A CANCEL of a request with a response context: cancel its pending branches (16.10). */
void sip_proxy_cancel_context(ProxyContext *ctx);
void sip_proxy_response(SipProxy *p, SipTransaction *ct, const SipMessage *resp);
void sip_proxy_client_timeout(SipProxy *p, SipTransaction *ct);
void sip_proxy_timer_c(SipProxy *p, ProxyBranch *b);
/* Forgets an ended transaction; frees its context when nothing of it is left. */
void sip_proxy_transaction_ended(SipProxy *p, SipTransaction *t);
void sip_proxy_context_free(ProxyContext *ctx);
/* Frees every response context with its timers, sending nothing (a restart). */
void sip_proxy_forget_contexts(SipProxy *p);

/* sip-proxy-capacity.c */
void sip_proxy_capacity_init(SipProxy *p);
/* A datagram for the proxy: through the model when it has workers, else to the stack at once. */
void sip_proxy_capacity_receive(SipProxy *p, const NetDatagram *dg);
/* The proxy restarts: what waits for a worker or is being served is lost. */
void sip_proxy_capacity_restart(SipProxy *p);
void sip_proxy_capacity_free(SipProxy *p);

/* sip-proxy-overload.c */
void sip_proxy_overload_init(SipProxy *p);
/* Closes the measurement intervals that ended by now, updating the oc value (loss-based). Called
 * before each arrival, so that the work of each interval is exact. */
void sip_proxy_overload_roll(SipProxy *p);
/* Whether @dg, an INVITE that arrives when @waiting datagrams wait, is a new one to refuse with
 * 503 at the rejection cost rather than process: 503 mode, at the threshold; loss-based, from a
 * client that does not take part (its Via has no oc), with the probability oc/100. */
gboolean sip_proxy_overload_refuse(SipProxy *p, const NetDatagram *dg, guint waiting);
/* The refusal of a new INVITE (@st's): 503, with Retry-After in 503 mode. */
void sip_proxy_overload_reply(SipProxy *p, SipTransaction *st);
/* What replaces @client's oc and oc-algo in a response to it (RFC 7339 5.2): NULL unless the
 * proxy does loss-based control and @client asked (an oc without value). */
char *sip_proxy_oc_params(SipProxy *p, const SipVia *client);

/* sip-proxy-call-forwarding.c */
/* Whether @config's rules are well formed: a known condition, a user, a target that is a user
 * name or a SIP URI, a delay for no answer, at most one rule per user and condition. */
gboolean sip_proxy_forwarding_valid(const SipProxyConfig *config);
/* Copies @config's rules into @p (config.forwarding, rules, forwarding). */
void sip_proxy_forwarding_init(SipProxy *p, const SipProxyConfig *config);
void sip_proxy_forwarding_clear(SipProxy *p);
/* The rules of the user an initial INVITE calls, when it calls one of the domain's; else NULL. */
const ProxyForwarding *sip_proxy_forwarding_lookup(SipProxy *p, const SipMessage *req);
/* A new context's no-answer timer, when its user has the rule; stopping it, once no rule can
 * apply any more. */
void sip_proxy_no_answer_start(ProxyContext *ctx);
void sip_proxy_no_answer_stop(ProxyContext *ctx);
void sip_proxy_no_answer(ProxyContext *ctx);
/* Applies the rule for @on of @ctx's user, if it has one not applied yet and the context may
 * still get branches: the target's branches start. FALSE when no branch was added. */
gboolean sip_proxy_call_forward(ProxyContext *ctx, SipForwardOn on);
