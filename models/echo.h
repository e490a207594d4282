/* SPDX-License-Identifier: MIT */
/* An echo returns every datagram it receives to its sender, unchanged (RFC 862 over UDP). */
#pragma once

#include "net-network.h"

#define ECHO_DEFAULT_PORT 7

/* Binds @port on @node and answers there. */
SimEntity *echo_new(SimKernel *kernel, NetNode *node, const char *name, guint16 port);
