/* SPDX-License-Identifier: MIT */
/*
 * datagrams.csv: one row per datagram event (send, forward, deliver, drop, duplicate), written
 * by an observer of the network's trace points.
 */
#pragma once

#include <stdio.h>

#include "net-network.h"

#define OUT_DATAGRAMS_HEADER "time_ns,event,datagram,node,link,src,dst,bytes,cause\n"

/* Writes the header to @stream and every traced event after it. */
void out_datagrams_attach(NetNetwork *net, FILE *stream);
