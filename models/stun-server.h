/* SPDX-License-Identifier: MIT */
/*
 * A STUN server (RFC 5389 §7.3): answers Binding requests with the source address it saw,
 * as XOR-MAPPED-ADDRESS, with SOFTWARE and FINGERPRINT. It uses no credentials, so it neither
 * checks nor sends MESSAGE-INTEGRITY. docs/stun.md lists what it answers.
 */
#pragma once

#include "net-network.h"
#include "stun.h"

#define STUN_SERVER_SOFTWARE "sipsim"

typedef struct {
    guint64 requests;  /* STUN requests received, malformed ones included */
    guint64 responses; /* success responses sent */
    guint64 errors;    /* error responses sent (400, 420) */
    guint64 ignored;   /* datagrams not answered: not STUN, or STUN but not a request */
} StunServerStats;

typedef struct StunServer StunServer;

/* Binds @port (STUN_DEFAULT_PORT: 3478) on @node and answers there. */
SimEntity *stun_server_new(SimKernel *kernel, NetNode *node, const char *name, guint16 port);
/* NULL when @entity is not a STUN server. */
StunServer *stun_server_from_entity(SimEntity *entity);
const StunServerStats *stun_server_stats(const StunServer *server);
