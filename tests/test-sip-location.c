/* SPDX-License-Identifier: MIT */
/* The registrar's location service (RFC 3261 10.3), at exact simulated times. */
#include <glib.h>

#include "sip-location.h"

static const SipBinding *only(SipLocation *loc, const char *aor, SimTime now)
{
    const GPtrArray *list = sip_location_lookup(loc, aor, now);
    g_assert_nonnull(list);
    g_assert_cmpuint(list->len, ==, 1);
    return g_ptr_array_index(list, 0);
}

static void test_binding_expires(void)
{
    SipLocation *loc = sip_location_new();
    g_assert_cmpint(sip_location_update(loc, "sip:alice@example.com", "sip:alice@10.0.0.11", 0,
                                        3600 * SIM_S, "c1", 1),
                    ==, SIP_LOCATION_OK);
    const SipBinding *b = only(loc, "sip:alice@example.com", 3600 * SIM_S - 1);
    g_assert_cmpstr(b->contact, ==, "sip:alice@10.0.0.11");
    g_assert_cmpint(b->expires_at, ==, 3600 * SIM_S);
    /* At its expiry time the binding is gone, and so is the address-of-record. */
    g_assert_null(sip_location_lookup(loc, "sip:alice@example.com", 3600 * SIM_S));
    g_assert_cmpuint(sip_location_size(loc), ==, 0);
    sip_location_free(loc);
}

static void test_refresh_and_remove(void)
{
    SipLocation *loc = sip_location_new();
    const char *aor = "sip:bob@example.com";
    sip_location_update(loc, aor, "sip:bob@10.0.0.12", 0, 60 * SIM_S, "c1", 1);
    sip_location_update(loc, aor, "sip:bob@10.0.0.12", 50 * SIM_S, 60 * SIM_S, "c1", 2);
    g_assert_cmpint(only(loc, aor, 100 * SIM_S)->expires_at, ==, 110 * SIM_S);
    g_assert_cmpuint(only(loc, aor, 100 * SIM_S)->cseq, ==, 2);
    /* A second contact, then Expires 0 removes just the first. */
    sip_location_update(loc, aor, "sip:bob@10.0.0.99", 100 * SIM_S, 60 * SIM_S, "c2", 1);
    g_assert_cmpuint(sip_location_lookup(loc, aor, 100 * SIM_S)->len, ==, 2);
    sip_location_update(loc, aor, "sip:bob@10.0.0.12", 101 * SIM_S, 0, "c1", 3);
    g_assert_cmpstr(only(loc, aor, 101 * SIM_S)->contact, ==, "sip:bob@10.0.0.99");
    /* Expires 0 for a contact that has no binding changes nothing. */
    g_assert_cmpint(sip_location_update(loc, aor, "sip:bob@10.9.9.9", 102 * SIM_S, 0, "c3", 1), ==,
                    SIP_LOCATION_OK);
    g_assert_cmpuint(sip_location_lookup(loc, aor, 102 * SIM_S)->len, ==, 1);
    sip_location_free(loc);
}

/* Step 7: the same Call-ID with a CSeq not above the binding's is out of order and ignored. */
static void test_out_of_order(void)
{
    SipLocation *loc = sip_location_new();
    const char *aor = "sip:carol@example.com";
    sip_location_update(loc, aor, "sip:carol@10.0.0.13", 0, 60 * SIM_S, "c1", 5);
    g_assert_cmpint(sip_location_update(loc, aor, "sip:carol@10.0.0.13", SIM_S, 0, "c1", 5), ==,
                    SIP_LOCATION_OUT_OF_ORDER);
    g_assert_cmpint(sip_location_update(loc, aor, "sip:carol@10.0.0.13", SIM_S, 0, "c1", 4), ==,
                    SIP_LOCATION_OUT_OF_ORDER);
    g_assert_cmpint(sip_location_remove_all(loc, aor, SIM_S, "c1", 5), ==,
                    SIP_LOCATION_OUT_OF_ORDER);
    only(loc, aor, SIM_S);
    /* Another Call-ID may carry any CSeq. */
    g_assert_cmpint(
        sip_location_update(loc, aor, "sip:carol@10.0.0.13", SIM_S, 120 * SIM_S, "c9", 1), ==,
        SIP_LOCATION_OK);
    g_assert_cmpint(only(loc, aor, SIM_S)->expires_at, ==, 121 * SIM_S);
    g_assert_cmpint(sip_location_remove_all(loc, aor, 2 * SIM_S, "c9", 2), ==, SIP_LOCATION_OK);
    g_assert_null(sip_location_lookup(loc, aor, 2 * SIM_S));
    sip_location_free(loc);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sip/location/binding-expires", test_binding_expires);
    g_test_add_func("/sip/location/refresh-and-remove", test_refresh_and_remove);
    g_test_add_func("/sip/location/out-of-order-cseq", test_out_of_order);
    return g_test_run();
}
