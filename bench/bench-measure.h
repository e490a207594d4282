/* SPDX-License-Identifier: MIT */
/* What the benchmarks measure a process by: its resident memory, its CPU time, the wall clock. */
#pragma once

/* Resident memory in bytes, from /proc/self/statm (its second field, in pages). */
double bench_resident_bytes(void);
/* The process's CPU time in seconds: on a shared machine, the wall time counts other programs. */
double bench_cpu_s(void);
/* The monotonic wall clock in seconds. */
double bench_now_s(void);
