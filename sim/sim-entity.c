/* SPDX-License-Identifier: MIT */
#include "sim-entity.h"

void sim_entity_init(SimEntity *self, const SimEntityClass *klass, SimKernel *kernel,
                     const char *name)
{
    self->klass = klass;
    self->kernel = kernel;
    self->name = g_strdup(name);
    self->rng.gen.type = NULL;
}

void sim_entity_clear(SimEntity *self)
{
    g_clear_pointer(&self->name, g_free);
}

gsl_rng *sim_entity_rng(SimEntity *self)
{
    if (!sim_rng_ready(&self->rng))
        sim_rng_init(&self->rng, sim_kernel_seed(self->kernel), sim_kernel_run_number(self->kernel),
                     self->name);
    return &self->rng.gen;
}

static void entity_timer_fired(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg)
{
    (void) kernel;
    SimEntity *self = obj;
    self->klass->timer(self, arg, data);
}

SimEventId sim_entity_timer(SimEntity *self, SimTime delay, guint32 kind, gpointer data)
{
    g_return_val_if_fail(self->klass->timer != NULL, SIM_EVENT_NONE);
    return sim_kernel_schedule(self->kernel, delay, entity_timer_fired, self, data, kind);
}

static void entity_free(gpointer p)
{
    SimEntity *e = p;
    e->klass->free(e);
}

void sim_world_init(SimWorld *world)
{
    world->all = g_ptr_array_new_with_free_func(entity_free);
    world->by_name = g_hash_table_new(g_str_hash, g_str_equal);
}

void sim_world_clear(SimWorld *world)
{
    g_clear_pointer(&world->by_name, g_hash_table_destroy);
    g_clear_pointer(&world->all, g_ptr_array_unref);
}

gboolean sim_world_add(SimWorld *world, SimEntity *entity)
{
    if (g_hash_table_contains(world->by_name, entity->name))
        return FALSE;
    g_hash_table_insert(world->by_name, entity->name, entity);
    g_ptr_array_add(world->all, entity);
    return TRUE;
}

SimEntity *sim_world_lookup(const SimWorld *world, const char *name)
{
    return g_hash_table_lookup(world->by_name, name);
}

static void entity_start(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg)
{
    (void) kernel, (void) data, (void) arg;
    SimEntity *e = obj;
    e->klass->start(e);
}

void sim_world_start(SimWorld *world, SimKernel *kernel)
{
    for (guint i = 0; i < world->all->len; i++) {
        SimEntity *e = g_ptr_array_index(world->all, i);
        if (e->klass->start)
            sim_kernel_schedule(kernel, 0, entity_start, e, NULL, 0);
    }
}

void sim_world_finish(SimWorld *world)
{
    for (guint i = 0; i < world->all->len; i++) {
        SimEntity *e = g_ptr_array_index(world->all, i);
        if (e->klass->finish)
            e->klass->finish(e);
    }
}
