/* SPDX-License-Identifier: MIT */
/*
 * The proxies' processing model in a run's report (docs/outputs.md): for each proxy that has
 * one, what reached it by kind, what it refused and dropped, how busy its workers were, and how
 * long datagrams waited for them.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "sim-entity.h"

/* Adds the member "proxies" to the object being built: a list with one object per proxy whose
 * processing model is on, in the order of the run's entities. */
void out_proxy_load_json(JsonBuilder *b, const SimWorld *world);
/* One line per such proxy. */
void out_proxy_load_print(FILE *f, const SimWorld *world);
