/* SPDX-License-Identifier: MIT */
#include "sip-location.h"

struct SipLocation {
    GHashTable *aors; /* char * -> GPtrArray of SipBinding * */
};

static void binding_free(gpointer p)
{
    SipBinding *b = p;
    g_free(b->contact);
    g_free(b->call_id);
    g_free(b);
}

static void bindings_free(gpointer p)
{
    g_ptr_array_unref(p);
}

SipLocation *sip_location_new(void)
{
    SipLocation *loc = g_new0(SipLocation, 1);
    loc->aors = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, bindings_free);
    return loc;
}

void sip_location_free(SipLocation *loc)
{
    if (!loc)
        return;
    g_hash_table_destroy(loc->aors);
    g_free(loc);
}

/* The bindings of @aor with the expired ones dropped; NULL (and the entry gone) when none is
 * left. */
static GPtrArray *live_bindings(SipLocation *loc, const char *aor, SimTime now)
{
    GPtrArray *list = g_hash_table_lookup(loc->aors, aor);
    if (!list)
        return NULL;
    for (guint i = list->len; i-- > 0;) {
        const SipBinding *b = g_ptr_array_index(list, i);
        if (b->expires_at <= now)
            g_ptr_array_remove_index(list, i);
    }
    if (list->len == 0) {
        g_hash_table_remove(loc->aors, aor);
        return NULL;
    }
    return list;
}

/* Step 7: a request with the same Call-ID must carry a higher CSeq. */
static gboolean out_of_order(const SipBinding *b, const char *call_id, guint32 cseq)
{
    return g_str_equal(b->call_id, call_id) && cseq <= b->cseq;
}

SipLocationResult sip_location_update(SipLocation *loc, const char *aor, const char *contact,
                                      SimTime now, SimTime expires, const char *call_id,
                                      guint32 cseq)
{
    GPtrArray *list = live_bindings(loc, aor, now);
    for (guint i = 0; list && i < list->len; i++) {
        SipBinding *b = g_ptr_array_index(list, i);
        if (!g_str_equal(b->contact, contact))
            continue;
        if (out_of_order(b, call_id, cseq))
            return SIP_LOCATION_OUT_OF_ORDER;
        if (expires == 0) {
            g_ptr_array_remove_index(list, i);
            if (list->len == 0)
                g_hash_table_remove(loc->aors, aor);
            return SIP_LOCATION_OK;
        }
        b->expires_at = now + expires;
        g_free(b->call_id);
        b->call_id = g_strdup(call_id);
        b->cseq = cseq;
        return SIP_LOCATION_OK;
    }
    if (expires == 0)
        return SIP_LOCATION_OK;
    if (!list) {
        list = g_ptr_array_new_with_free_func(binding_free);
        g_hash_table_insert(loc->aors, g_strdup(aor), list);
    }
    SipBinding *b = g_new0(SipBinding, 1);
    b->contact = g_strdup(contact);
    b->expires_at = now + expires;
    b->call_id = g_strdup(call_id);
    b->cseq = cseq;
    g_ptr_array_add(list, b);
    return SIP_LOCATION_OK;
}

SipLocationResult sip_location_remove_all(SipLocation *loc, const char *aor, SimTime now,
                                          const char *call_id, guint32 cseq)
{
    GPtrArray *list = live_bindings(loc, aor, now);
    for (guint i = 0; list && i < list->len; i++)
        if (out_of_order(g_ptr_array_index(list, i), call_id, cseq))
            return SIP_LOCATION_OUT_OF_ORDER;
    if (list)
        g_hash_table_remove(loc->aors, aor);
    return SIP_LOCATION_OK;
}

const GPtrArray *sip_location_lookup(SipLocation *loc, const char *aor, SimTime now)
{
    return live_bindings(loc, aor, now);
}

guint sip_location_size(const SipLocation *loc)
{
    return g_hash_table_size(loc->aors);
}
