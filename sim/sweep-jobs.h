/* SPDX-License-Identifier: MIT */
/*
 * The jobs of a sweep: one `sipsim run` per point and replication, job number
 * point * replications + replication, in its own directory OUT/runs/pPOINT-rRUN. Beside the
 * run's files, job.txt says what the run is (scenario, seed, run, settings): a directory counts
 * as this job's complete run only when its job.txt matches and its summary.json (never a
 * .partial) is there, so a sweep resumes without trusting runs of other settings.
 */
#pragma once

#include "out-sweep.h"
#include "sweep-file.h"

char *sweep_job_name(const Sweep *sweep, guint job);
char *sweep_job_dir(const Sweep *sweep, guint job, const char *out);
/* The arguments of the job's `sipsim run`, without the program: run SCENARIO --quiet --out
 * DIR --seed S --run R --set PATH=VALUE... (NULL-terminated). */
GPtrArray *sweep_job_args(const Sweep *sweep, guint job, const char *out);
/* The job's point and settings, "loss=0.1, delay=20", for messages. */
char *sweep_job_describe(const Sweep *sweep, guint job);

/* Whether @out holds the job's complete run. */
gboolean sweep_job_done(const Sweep *sweep, guint job, const char *out);
/* Makes the job's directory ready: created, without the summary.json of another job, with
 * this job's job.txt. */
gboolean sweep_job_prepare(const Sweep *sweep, guint job, const char *out, GError **error);

/* Reads the metrics of the job's summary.json in @out into @values (one per metric); FALSE
 * when one is not a number. A metric the summary does not have is left absent, and so is a
 * ratio whose divisor is absent or 0. */
gboolean sweep_job_read(const Sweep *sweep, guint job, const char *out, OutSweepValue *values,
                        GError **error);
