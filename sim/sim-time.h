/* SPDX-License-Identifier: MIT */
/* Simulated time: signed 64-bit integer nanoseconds, never floating point. */
#pragma once

#include <glib.h>

typedef gint64 SimTime;

#define SIM_NS ((SimTime) 1)
#define SIM_US ((SimTime) 1000)
#define SIM_MS ((SimTime) 1000000)
#define SIM_S  ((SimTime) 1000000000)

/* Later than any time a run can reach. */
#define SIM_TIME_NEVER G_MAXINT64

/* Formats @t as seconds with nanosecond precision ("12.000500000") into @buf. */
const char *sim_time_format(SimTime t, char *buf, gsize len);
#define SIM_TIME_BUF 32
