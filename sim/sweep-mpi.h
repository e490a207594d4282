/* SPDX-License-Identifier: MIT */
/*
 * A sweep as an MPI task farm (built with meson -Dmpi=enabled): under mpirun, rank 0 hands out
 * one job at a time to each other rank and the next as soon as one reports back, so that runs
 * of unequal length keep every rank busy; the other ranks run the jobs they are sent, as
 * children, like a local sweep. Rank 0 then writes the results.
 */
#pragma once

#include "sweep-pool.h"

/* MPI_Init; the rank of this process and the number of ranks. */
void sweep_mpi_init(int *argc, char ***argv, int *rank, int *size);
void sweep_mpi_finalize(void);
/* TRUE on every rank when @ok is TRUE on every rank. */
gboolean sweep_mpi_all(gboolean ok);
/* Rank 0: hands out @jobs to the @size - 1 other ranks and calls @ended for each result; stops
 * handing out when @pool (which runs nothing) has seen a signal. Every other rank is told to
 * stop, also when @n is 0. */
void sweep_mpi_lead(SweepPool *pool, int size, const guint *jobs, guint n, SweepJobEnded ended,
                    gpointer data);
/* Other ranks: runs in @pool each job rank 0 sends, until it says stop. */
void sweep_mpi_work(SweepPool *pool);
