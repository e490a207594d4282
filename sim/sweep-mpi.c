/* SPDX-License-Identifier: MIT */
#include "sweep-mpi.h"

#include <mpi.h>

enum {
    TAG_JOB = 1, /* rank 0 to a worker: a job number */
    TAG_STOP,    /* rank 0 to a worker: no more jobs */
    TAG_RESULT,  /* a worker to rank 0: the job number and its SweepJobEnd */
};

void sweep_mpi_init(int *argc, char ***argv, int *rank, int *size)
{
    int provided;
    /* Only the main thread calls MPI; GLib may run threads of its own. */
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
}

void sweep_mpi_finalize(void)
{
    MPI_Finalize();
}

gboolean sweep_mpi_all(gboolean ok)
{
    int mine = ok ? 1 : 0, all = 0;
    MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    return all == 1;
}

static void send_next(SweepPool *pool, int worker, const guint *jobs, guint n, guint *next,
                      guint *busy)
{
    if (*next < n && sweep_pool_stop(pool) == SWEEP_GOING) {
        MPI_Send(&jobs[*next], 1, MPI_UNSIGNED, worker, TAG_JOB, MPI_COMM_WORLD);
        (*next)++;
        (*busy)++;
        return;
    }
    MPI_Send(NULL, 0, MPI_UNSIGNED, worker, TAG_STOP, MPI_COMM_WORLD);
}

void sweep_mpi_lead(SweepPool *pool, int size, const guint *jobs, guint n, SweepJobEnded ended,
                    gpointer data)
{
    guint next = 0, busy = 0;
    for (int w = 1; w < size; w++)
        send_next(pool, w, jobs, n, &next, &busy);
    while (busy) {
        guint result[2];
        MPI_Status status;
        MPI_Recv(result, 2, MPI_UNSIGNED, MPI_ANY_SOURCE, TAG_RESULT, MPI_COMM_WORLD, &status);
        busy--;
        ended(result[0], (SweepJobEnd) result[1], data);
        sweep_pool_poll(pool);
        send_next(pool, status.MPI_SOURCE, jobs, n, &next, &busy);
    }
}

static void record_end(guint job, SweepJobEnd end, gpointer data)
{
    (void) job;
    *(SweepJobEnd *) data = end;
}

void sweep_mpi_work(SweepPool *pool)
{
    for (;;) {
        guint job;
        MPI_Status status;
        MPI_Recv(&job, 1, MPI_UNSIGNED, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
        if (status.MPI_TAG == TAG_STOP)
            return;
        /* A job the pool does not start (a signal came first) counts as interrupted. */
        SweepJobEnd end = SWEEP_JOB_INTERRUPTED;
        sweep_pool_poll(pool);
        sweep_pool_run(pool, &job, 1, record_end, &end);
        guint result[2] = { job, end };
        MPI_Send(result, 2, MPI_UNSIGNED, 0, TAG_RESULT, MPI_COMM_WORLD);
    }
}
