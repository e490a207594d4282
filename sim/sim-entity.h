/* SPDX-License-Identifier: MIT */
/*
 * Entities: the things that act in a simulation (phones, proxies, probes...). Each kind gives
 * the kernel a table of handlers; the kernel calls them and never asks what kind it holds.
 * A model embeds SimEntity as its first member.
 */
#pragma once

#include <gsl/gsl_rng.h>

#include "sim-kernel.h"
#include "sim-rng.h"

typedef struct SimEntity SimEntity;
typedef struct NetDatagram NetDatagram; /* opaque here: see net-datagram.h */

typedef struct {
    const char *kind;
    /* At time 0, in the order the entities were added. */
    void (*start)(SimEntity *self);
    /* A datagram addressed to one of the entity's bound ports; borrowed for the call. */
    void (*receive)(SimEntity *self, const NetDatagram *dg);
    /* A timer set with sim_entity_timer(). */
    void (*timer)(SimEntity *self, guint32 kind, gpointer data);
    /* After the run, in the order the entities were added. */
    void (*finish)(SimEntity *self);
    void (*free)(SimEntity *self);
} SimEntityClass;

struct SimEntity {
    const SimEntityClass *klass;
    SimKernel *kernel;
    char *name;
    SimRng rng; /* seeded on first use */
};

void sim_entity_init(SimEntity *self, const SimEntityClass *klass, SimKernel *kernel,
                     const char *name);
/* Releases what sim_entity_init() set up; models call it from their free handler. */
void sim_entity_clear(SimEntity *self);

/* The entity's own random stream, seeded from (seed, run, name). */
gsl_rng *sim_entity_rng(SimEntity *self);

SimEventId sim_entity_timer(SimEntity *self, SimTime delay, guint32 kind, gpointer data);

static inline SimTime sim_entity_now(const SimEntity *self)
{
    return sim_kernel_now(self->kernel);
}

/* The set of entities of a run, in the order they were added; owns them. */
typedef struct {
    GPtrArray *all;
    GHashTable *by_name;
} SimWorld;

void sim_world_init(SimWorld *world);
void sim_world_clear(SimWorld *world);
/* FALSE when the name is taken. */
gboolean sim_world_add(SimWorld *world, SimEntity *entity);
SimEntity *sim_world_lookup(const SimWorld *world, const char *name);
/* Schedules every start handler at the current time, in insertion order. */
void sim_world_start(SimWorld *world, SimKernel *kernel);
void sim_world_finish(SimWorld *world);
