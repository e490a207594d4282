/* SPDX-License-Identifier: MIT */
#include "sim-time.h"

const char *sim_time_format(SimTime t, char *buf, gsize len)
{
    const char *sign = t < 0 ? "-" : "";
    guint64 abs = t < 0 ? (guint64) (-(t + 1)) + 1 : (guint64) t;

    g_snprintf(buf, len, "%s%" G_GUINT64_FORMAT ".%09" G_GUINT64_FORMAT, sign, abs / SIM_S,
               abs % SIM_S);
    return buf;
}
