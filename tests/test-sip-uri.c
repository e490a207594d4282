/* SPDX-License-Identifier: MIT */
/* SIP URIs: their parts (RFC 3261 §19.1.1), parameters, and comparison (§19.1.4). */
#include "sip-test-util.h"

static SipUri parse_uri(const char *text)
{
    SipUri uri;
    const char *err = sip_uri_parse(sip_str(text), &uri);
    g_assert_null(err);
    return uri;
}

static void test_parts(void)
{
    SipUri u = parse_uri("sips:alice:secret@atlanta.example.com:5061;transport=tls;lr?"
                         "subject=project%20x&priority=urgent");
    g_assert_cmpint(u.kind, ==, SIP_URI_SIPS);
    assert_view(u.scheme, "sips");
    assert_view(u.user, "alice");
    assert_view(u.password, "secret");
    assert_view(u.host, "atlanta.example.com");
    g_assert_cmpint(u.port, ==, 5061);
    assert_view(u.params, ";transport=tls;lr");
    assert_view(u.headers, "subject=project%20x&priority=urgent");
    assert_unset(u.opaque);

    u = parse_uri("SIP:[2001:db8::1]:5070");
    g_assert_cmpint(u.kind, ==, SIP_URI_SIP);
    assert_unset(u.user);
    assert_view(u.host, "[2001:db8::1]");
    g_assert_cmpint(u.port, ==, 5070);
    assert_unset(u.params);
    assert_unset(u.headers);

    u = parse_uri("sip:192.0.2.4");
    assert_view(u.host, "192.0.2.4");
    g_assert_cmpint(u.port, ==, -1);

    /* an empty password is still a password */
    u = parse_uri("sip:bob:@biloxi.example.com");
    assert_view(u.password, "");

    u = parse_uri("tel:+1-201-555-0123");
    g_assert_cmpint(u.kind, ==, SIP_URI_OTHER);
    assert_view(u.scheme, "tel");
    assert_view(u.opaque, "+1-201-555-0123");
    assert_unset(u.host);
}

static void test_params(void)
{
    SipUri u = parse_uri("sip:p.example.com;lr;TRANSPORT=UDP;maddr=239.255.255.1;%6Dethod=INVITE");
    SipStr v;
    g_assert_true(sip_uri_param(&u, "lr", &v));
    assert_unset(v);
    g_assert_true(sip_uri_param(&u, "transport", &v));
    assert_view(v, "UDP");
    g_assert_true(sip_uri_param(&u, "maddr", &v));
    assert_view(v, "239.255.255.1");
    g_assert_true(sip_uri_param(&u, "method", &v));
    assert_view(v, "INVITE");
    g_assert_false(sip_uri_param(&u, "ttl", &v));

    /* header parameters allow spaces around ';' and '=', and quoted values */
    SipStr params = SIP_STR(" ;  tag = 12 ; x=\"a;b\" ;flag");
    g_assert_true(sip_params_find(params, "TAG", &v));
    assert_view(v, "12");
    g_assert_true(sip_params_find(params, "x", &v));
    assert_view(v, "\"a;b\"");
    g_assert_true(sip_params_find(params, "flag", &v));
    assert_unset(v);
    g_assert_false(sip_params_find(params, "a", &v));
    g_assert_false(sip_params_find((SipStr){ NULL, 0 }, "tag", &v));

    SipParamIter it;
    SipStr name;
    guint n = 0;
    sip_param_iter_init(&it, params);
    while (sip_param_iter_next(&it, &name, &v))
        n++;
    g_assert_cmpuint(n, ==, 3);
}

typedef struct {
    const char *a;
    const char *b;
    gboolean equal;
} UriPair;

/* The examples of RFC 3261 §19.1.4, then the rules they stand for. */
static const UriPair pairs[] = {
    { "sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp", TRUE },
    { "sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5", TRUE },
    { "sip:carol@chicago.com", "sip:carol@chicago.com;security=on", TRUE },
    { "sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on", TRUE },
    { "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
      "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com", TRUE },
    { "sip:alice@atlanta.com?subject=project%20x&priority=urgent",
      "sip:alice@atlanta.com?priority=urgent&subject=project%20x", TRUE },
    { "SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP", FALSE },
    { "sip:bob@biloxi.com", "sip:bob@biloxi.com:5060", FALSE },
    { "sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp", FALSE },
    { "sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp", FALSE },
    { "sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting", FALSE },
    { "sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4", FALSE },
    { "sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off", FALSE },
    /* sip and sips never match; other schemes compare their text */
    { "sip:bob@biloxi.com", "sips:bob@biloxi.com", FALSE },
    { "tel:+12015550123", "TEL:+12015550123", TRUE },
    { "tel:+12015550123", "tel:+12015550124", FALSE },
    { "tel:+12015550123", "sip:+12015550123@example.com", FALSE },
    /* userinfo: case-sensitive, escapes of unreserved characters are the characters, but an
     * escaped reserved character is not the character */
    { "sip:%41@h", "sip:A@h", TRUE },
    { "sip:a%3Bb@h", "sip:a;b@h", FALSE },
    { "sip:a:pw@h", "sip:a:PW@h", FALSE },
    { "sip:a:pw@h", "sip:a@h", FALSE },
    { "sip:a@h", "sip:h", FALSE },
    /* parameters: names after unescaping; ttl, maddr, user and method must be in both */
    { "sip:h;%6Cr", "sip:h;lr", TRUE },
    { "sip:h;maddr=239.0.0.1", "sip:h", FALSE },
    { "sip:h;ttl=1", "sip:h;ttl=1", TRUE },
    { "sip:+1@h;user=phone", "sip:+1@h", FALSE },
    { "sip:h;method=INVITE", "sip:h", FALSE },
    { "sip:h;lr", "sip:h;lr=on", FALSE },
    /* headers: every one in both, values as written */
    { "sip:h?a=1&b=2", "sip:h?b=2", FALSE },
    { "sip:h?a=1", "sip:h?A=1", TRUE },
    { "sip:h?a=x", "sip:h?a=X", FALSE },
};

static void test_equal(void)
{
    for (gsize i = 0; i < G_N_ELEMENTS(pairs); i++) {
        SipUri a = parse_uri(pairs[i].a), b = parse_uri(pairs[i].b);
        g_test_message("%s vs %s", pairs[i].a, pairs[i].b);
        g_assert_cmpint(sip_uri_equal(&a, &b), ==, pairs[i].equal);
        g_assert_cmpint(sip_uri_equal(&b, &a), ==, pairs[i].equal);
        g_assert_true(sip_uri_equal(&a, &a));
    }
}

static void test_str(void)
{
    g_assert_true(sip_str_equal(SIP_STR("abc"), sip_str("abc")));
    g_assert_false(sip_str_equal(SIP_STR("abc"), SIP_STR("abC")));
    g_assert_true(sip_str_equal_ci(SIP_STR("abc"), SIP_STR("aBC")));
    g_assert_false(sip_str_equal_ci(SIP_STR("abc"), SIP_STR("abcd")));
    g_assert_true(sip_str_equal((SipStr){ NULL, 0 }, SIP_STR("")));
    g_assert_false(sip_str_is_set(sip_str(NULL)));
    g_autofree char *copy = sip_str_dup((SipStr){ NULL, 0 });
    g_assert_cmpstr(copy, ==, "");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sip/uri/parts", test_parts);
    g_test_add_func("/sip/uri/params", test_params);
    g_test_add_func("/sip/uri/equal", test_equal);
    g_test_add_func("/sip/uri/str", test_str);
    return g_test_run();
}
