/* SPDX-License-Identifier: MIT */
#include "bench-measure.h"

#include <glib.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

double bench_resident_bytes(void)
{
    unsigned long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f || fscanf(f, "%lu %lu", &size, &resident) != 2)
        g_error("cannot read /proc/self/statm");
    fclose(f);
    return (double) resident * (double) sysconf(_SC_PAGESIZE);
}

double bench_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

double bench_now_s(void)
{
    return (double) g_get_monotonic_time() / G_USEC_PER_SEC;
}
