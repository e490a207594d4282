/* SPDX-License-Identifier: MIT */
/*
 * A STUN Binding client transaction over UDP (RFC 5389 §7.2.1, §7.3.3, §7.3.4), usable by any
 * entity from any of its ports: the owner binds the port, starts the transaction, and hands it
 * the datagrams that arrive there; the client sends through the owner's node and keeps its own
 * cancellable kernel timer (it needs no timer slot of its owner's class). It reports once, by
 * the done callback: the mapped address, an error response, or a timeout.
 */
#pragma once

#include "net-network.h"
#include "stun.h"

/* §7.2.1: RTO 500 ms, doubled after each send; Rc = 7 requests; Rm = 16: after the last
 * request, wait Rm x RTO. Sends at 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s; timeout at 39.5 s. */
#define STUN_DEFAULT_RTO     (500 * SIM_MS)
#define STUN_DEFAULT_RC      7
#define STUN_DEFAULT_RM      16
#define STUN_CLIENT_SOFTWARE "sipsim"

typedef struct {
    SimTime rto;          /* the first retransmission timeout, > 0 */
    guint rc;             /* requests sent at most, >= 1 */
    guint rm;             /* the wait after the last request, in initial RTOs, >= 1 */
    const char *software; /* SOFTWARE in the request (copied; UTF-8, under 128 characters),
                           * NULL for none */
} StunClientConfig;

static inline StunClientConfig stun_client_config_defaults(void)
{
    return (StunClientConfig){
        .rto = STUN_DEFAULT_RTO,
        .rc = STUN_DEFAULT_RC,
        .rm = STUN_DEFAULT_RM,
        .software = STUN_CLIENT_SOFTWARE,
    };
}

typedef enum {
    STUN_CLIENT_SUCCESS,      /* a success response with an IPv4 mapped address */
    STUN_CLIENT_ERROR,        /* an error response: error_code, reason */
    STUN_CLIENT_BAD_RESPONSE, /* a response that ends the transaction as failed: reason */
    STUN_CLIENT_TIMEOUT,      /* no response within the schedule */
} StunClientOutcome;

typedef struct {
    StunClientOutcome outcome;
    NetEndpoint mapped;  /* SUCCESS: the server-reflexive address */
    gboolean xor_mapped; /* SUCCESS: from XOR-MAPPED-ADDRESS (else MAPPED-ADDRESS) */
    guint error_code;    /* ERROR: 300..699 */
    const char *reason;  /* ERROR: the reason phrase; BAD_RESPONSE: why; valid during the call */
    guint requests;      /* requests sent, retransmissions included */
} StunClientResult;

typedef struct StunClient StunClient;
/* Called once; it may free the client. */
typedef void (*StunClientDone)(gpointer user, const StunClientResult *result);

/*
 * Sends the first request now from @local_port of @node (which @owner must have bound) to
 * @server. The transaction id is three 32-bit draws from @owner's random stream. @config NULL:
 * stun_client_config_defaults().
 */
StunClient *stun_client_start(SimEntity *owner, NetNode *node, guint16 local_port,
                              NetEndpoint server, const StunClientConfig *config,
                              StunClientDone done, gpointer user);
/* TRUE when @dg is a STUN response with this transaction's id: the owner must not process it
 * further. It completes the transaction when it is the first well-formed one (a malformed one
 * is dropped, §7.3; a later copy, after completion, too). */
gboolean stun_client_receive(StunClient *client, const NetDatagram *dg);
/* Cancels the transaction if it is still running; no callback. Safe from the done callback. */
void stun_client_free(StunClient *client);
const guint8 *stun_client_transaction_id(const StunClient *client);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(StunClient, stun_client_free)
