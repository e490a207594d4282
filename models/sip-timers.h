/* SPDX-License-Identifier: MIT */
/* The SIP timers of RFC 3261 (Table 4 and section 17), as amended by RFC 6026, over UDP. */
#pragma once

#include "sim-time.h"

typedef struct {
    SimTime t1;      /* RTT estimate, default 500 ms */
    SimTime t2;      /* longest interval between non-INVITE request or INVITE response
                      * retransmissions, default 4 s */
    SimTime t4;      /* longest time a message stays in the network, default 5 s */
    SimTime timer_d; /* wait time for response retransmits, at least 32 s over UDP */
    SimTime timer_c; /* a proxy's INVITE transaction timeout, more than 3 min (RFC 3261 16.6 11) */
} SipTimerConfig;

#define SIP_DEFAULT_T1      (500 * SIM_MS)
#define SIP_DEFAULT_T2      (4 * SIM_S)
#define SIP_DEFAULT_T4      (5 * SIM_S)
#define SIP_DEFAULT_TIMER_D (32 * SIM_S)
#define SIP_DEFAULT_TIMER_C (180 * SIM_S + SIM_S)

static inline SipTimerConfig sip_timer_defaults(void)
{
    return (SipTimerConfig){
        .t1 = SIP_DEFAULT_T1,
        .t2 = SIP_DEFAULT_T2,
        .t4 = SIP_DEFAULT_T4,
        .timer_d = SIP_DEFAULT_TIMER_D,
        .timer_c = SIP_DEFAULT_TIMER_C,
    };
}

/* Timers B, F, H, J (over UDP), L and M all last 64*T1. */
static inline SimTime sip_timer_64t1(const SipTimerConfig *c)
{
    return 64 * c->t1;
}
