/* SPDX-License-Identifier: MIT */
/*
 * A libpcap capture of a run: every datagram as an IPv4 + UDP packet (link type raw IPv4),
 * stamped with its simulated time in nanoseconds from the Unix epoch, written by an observer of
 * the network's trace points. The capture point (docs/outputs.md): where a datagram comes into
 * being, that is where its node sends it (its header as the sender wrote it) and where a link
 * duplicates it (the copy as it was on that link).
 *
 * The file is an OutFile: written under a hidden temporary name beside @path and renamed when
 * the run ends, to @path or to @path.partial.
 */
#pragma once

#include "net-network.h"

typedef struct OutPcap OutPcap;

/* Starts the capture of @net's datagrams into @path; NULL, with @error set, when the file
 * cannot be created. */
OutPcap *out_pcap_open(NetNetwork *net, const char *path, GError **error);
/* Flushes and renames the file to its path (@complete) or to PATH.partial. Frees @pcap; the
 * network must send nothing more. */
gboolean out_pcap_finish(OutPcap *pcap, gboolean complete, GError **error);
/* Removes the temporary file. Frees @pcap; the network must send nothing more. */
void out_pcap_abort(OutPcap *pcap);
