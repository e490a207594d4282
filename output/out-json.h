/* SPDX-License-Identifier: MIT */
/* Members of the JSON object being built, in one call each. */
#pragma once

#include <json-glib/json-glib.h>

static inline void out_json_int(JsonBuilder *b, const char *name, gint64 v)
{
    json_builder_set_member_name(b, name);
    json_builder_add_int_value(b, v);
}

static inline void out_json_string(JsonBuilder *b, const char *name, const char *v)
{
    json_builder_set_member_name(b, name);
    json_builder_add_string_value(b, v);
}
