/* SPDX-License-Identifier: MIT */
/* A SIP message explained: its start line, each header with what sipsim reads in it, its body. */
#pragma once

#include "sip-message.h"

char *out_sip_describe(const SipMessage *msg);
