/* SPDX-License-Identifier: MIT */
/* A STUN message explained (RFC 5389): its header and each attribute decoded, with what can be
 * checked without a key (the FINGERPRINT). */
#pragma once

#include "stun.h"

char *out_stun_describe(const StunMessage *msg);
