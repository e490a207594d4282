/* SPDX-License-Identifier: MIT */
/* sip_request_check() beyond the RFC 4475 messages: each check, its options, and its order. */
#include "sip-check.h"
#include "sip-test-util.h"
#include "sip-writer.h"

#define BASE                                                                                       \
    "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"                                                       \
    "From: <sip:a@example.com>;tag=1\r\n"                                                          \
    "To: <sip:b@example.com>\r\n"                                                                  \
    "Call-ID: c@h\r\n"

/* The status sip_request_check() gives @text under @options; its why must contain @why. */
static guint check(const char *text, const SipCheckOptions *options, const char *why)
{
    g_autoptr(SipMessage) msg = parse_ok(text);
    SipCheckResult r;
    gboolean ok = sip_request_check(msg, options, &r);
    g_assert_cmpint(ok, ==, r.code == 0);
    if (why)
        g_assert_cmpstr(r.why, ==, why);
    if (r.code)
        g_assert_cmpstr(r.reason, ==, sip_status_phrase(r.code));
    g_assert_true((r.code == 420) == (r.unsupported != NULL));
    sip_check_result_clear(&r);
    g_assert_null(r.unsupported);
    return r.code;
}

static void test_defaults(void)
{
    /* no options: a UAS doing every method, sip and sips, SDP bodies; no Max-Forwards needed */
    g_assert_cmpuint(check("INVITE sip:b@example.com sip/2.0\r\n" BASE "CSeq: 1 INVITE\r\n"
                           "Content-Type: application/SDP\r\n"
                           "Content-Length: 3\r\n\r\nv=0",
                           NULL, NULL),
                     ==, 0);
    g_assert_cmpuint(check("OPTIONS tel:+1 SIP/2.0\r\n" BASE "CSeq: 1 OPTIONS\r\n\r\n", NULL,
                           "Request-URI scheme not handled"),
                     ==, 416);
    static const char *const schemes[] = { "tel", NULL };
    SipCheckOptions tel = { .schemes = schemes };
    g_assert_cmpuint(check("OPTIONS tel:+1 SIP/2.0\r\n" BASE "CSeq: 1 OPTIONS\r\n\r\n", &tel, NULL),
                     ==, 0);
}

/* §8.1.1: each mandatory header missing, then repeated. */
static void test_mandatory(void)
{
    static const char *const lines[] = {
        "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\n",
        "From: <sip:a@example.com>;tag=1\r\n",
        "To: <sip:b@example.com>\r\n",
        "Call-ID: c@h\r\n",
        "CSeq: 1 OPTIONS\r\n",
    };
    static const char *const names[] = { "Via", "From", "To", "Call-ID", "CSeq" };
    for (gsize skip = 0; skip < G_N_ELEMENTS(lines); skip++) {
        GString *text = g_string_new("OPTIONS sip:b@example.com SIP/2.0\r\n");
        for (gsize i = 0; i < G_N_ELEMENTS(lines); i++)
            if (i != skip)
                g_string_append(text, lines[i]);
        g_string_append(text, "\r\n");
        g_autofree char *why = g_strconcat("missing ", names[skip], NULL);
        g_assert_cmpuint(check(text->str, NULL, why), ==, 400);
        g_string_free(text, TRUE);
    }
    g_assert_cmpuint(check("OPTIONS sip:b@example.com SIP/2.0\r\n" BASE "CSeq: 1 OPTIONS\r\n"
                           "Max-Forwards: 70\r\nMax-Forwards: 69\r\n\r\n",
                           NULL, "more than one Max-Forwards"),
                     ==, 400);
    g_assert_cmpuint(check("OPTIONS sip:b@example.com SIP/2.0\r\n" BASE "CSeq: 1 OPTIONS\r\n"
                           "c: text/plain\r\nContent-Type: text/plain\r\n\r\n",
                           NULL, "more than one Content-Type"),
                     ==, 400);
}

/* §8.2.1: 405 for a method the UAS knows but does not do, 501 for one it does not know; a
 * proxy forwards both. */
static void test_methods(void)
{
    SipCheckOptions phone = { .methods = SIP_METHOD_BIT(SIP_METHOD_INVITE) |
                                         SIP_METHOD_BIT(SIP_METHOD_BYE) };
    SipCheckOptions proxy = { .proxy = TRUE };
    const char *subscribe =
        "SUBSCRIBE sip:b@example.com SIP/2.0\r\n" BASE "CSeq: 1 SUBSCRIBE\r\n\r\n";
    const char *unknown = "FOO sip:b@example.com SIP/2.0\r\n" BASE "CSeq: 1 FOO\r\n\r\n";
    g_assert_cmpuint(check(subscribe, &phone, "method not allowed here"), ==, 405);
    g_assert_cmpuint(check(subscribe, NULL, NULL), ==, 0);
    g_assert_cmpuint(check(unknown, &phone, "unknown method"), ==, 501);
    g_assert_cmpuint(check(unknown, &proxy, NULL), ==, 0);
}

/* §8.2.2.3: a UAS ignores Require on ACK and CANCEL; a proxy checks Proxy-Require only. */
static void test_extensions(void)
{
    static const char *const known[] = { "100rel", "timer", NULL };
    SipCheckOptions uas = { .extensions = known }, proxy = { .proxy = TRUE };
    const char *ack = "ACK sip:b@example.com SIP/2.0\r\n" BASE "CSeq: 1 ACK\r\n"
                      "Require: foo\r\nProxy-Require: bar\r\n\r\n";
    g_assert_cmpuint(check(ack, &uas, NULL), ==, 0);
    g_assert_cmpuint(check(ack, &proxy, "unsupported Proxy-Require option"), ==, 420);
    const char *invite = "INVITE sip:b@example.com SIP/2.0\r\n" BASE "CSeq: 1 INVITE\r\n"
                         "Require: 100rel\r\nRequire: TIMER, foo\r\n\r\n";
    g_assert_cmpuint(check(invite, &uas, "unsupported Require option"), ==, 420);
    g_assert_cmpuint(check(invite, &proxy, NULL), ==, 0);
}

/* §8.2.3 (415) and RFC 4475 §3.3.15 (406), for a UAS only. */
static void test_content(void)
{
    static const char *const types[] = { "application/sdp", "text/plain", NULL };
    SipCheckOptions uas = { .content_types = types };
    const char *html = "MESSAGE sip:b@example.com SIP/2.0\r\n" BASE "CSeq: 1 MESSAGE\r\n"
                       "Content-Type: text/html\r\nContent-Length: 2\r\n\r\nhi";
    g_assert_cmpuint(check(html, &uas, "body type not handled"), ==, 415);
    g_assert_cmpuint(check(html, &(SipCheckOptions){ .proxy = TRUE }, NULL), ==, 0);
    /* no body: nothing to handle */
    g_assert_cmpuint(check("MESSAGE sip:b@example.com SIP/2.0\r\n" BASE "CSeq: 1 MESSAGE\r\n"
                           "Content-Type: text/html\r\nContent-Length: 0\r\n\r\n",
                           &uas, NULL),
                     ==, 0);
    static const struct {
        const char *accept;
        guint code;
    } accepts[] = {
        { "text/html", 406 },   { "text/html, application/sdp;level=1", 0 },
        { "application/*", 0 }, { "*/*", 0 },
        { "TEXT/PLAIN", 0 },    { "audio/*;q=0.5, nonsense", 406 },
    };
    for (gsize i = 0; i < G_N_ELEMENTS(accepts); i++) {
        g_autofree char *invite = g_strdup_printf("INVITE sip:b@example.com SIP/2.0\r\n" BASE
                                                  "CSeq: 1 INVITE\r\nAccept: %s\r\n\r\n",
                                                  accepts[i].accept);
        g_assert_cmpuint(check(invite, &uas, NULL), ==, accepts[i].code);
    }
    /* only an INVITE needs a body type the caller accepts */
    g_assert_cmpuint(check("OPTIONS sip:b@example.com SIP/2.0\r\n" BASE "CSeq: 1 OPTIONS\r\n"
                           "Accept: text/html\r\n\r\n",
                           &uas, NULL),
                     ==, 0);
}

/* The order of §8.2 and §16.3: version, syntax, method, CSeq, scheme, Max-Forwards, options. */
static void test_order(void)
{
    SipCheckOptions proxy = { .proxy = TRUE };
    g_assert_cmpuint(check("FOO tel:1 SIP/3.0\r\n\r\n", &proxy, NULL), ==, 505);
    g_assert_cmpuint(check("FOO tel:1 SIP/2.0\r\n" BASE "\r\n", &proxy, "missing CSeq"), ==, 400);
    g_assert_cmpuint(
        check("FOO tel:1 SIP/2.0\r\n" BASE "CSeq: 1 FOO\r\n\r\n", NULL, "unknown method"), ==, 501);
    g_assert_cmpuint(check("BYE tel:1 SIP/2.0\r\n" BASE "CSeq: 1 FOO\r\n\r\n", &proxy,
                           "CSeq method differs from the request method"),
                     ==, 400);
    g_assert_cmpuint(
        check("BYE tel:1 SIP/2.0\r\n" BASE "CSeq: 1 BYE\r\nMax-Forwards: 0\r\n\r\n", &proxy, NULL),
        ==, 416);
    g_assert_cmpuint(check("BYE sip:b@h SIP/2.0\r\n" BASE "CSeq: 1 BYE\r\nMax-Forwards: 0\r\n"
                           "Proxy-Require: x\r\n\r\n",
                           &proxy, "Max-Forwards is 0"),
                     ==, 483);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sip/check/defaults", test_defaults);
    g_test_add_func("/sip/check/mandatory", test_mandatory);
    g_test_add_func("/sip/check/methods", test_methods);
    g_test_add_func("/sip/check/extensions", test_extensions);
    g_test_add_func("/sip/check/content", test_content);
    g_test_add_func("/sip/check/order", test_order);
    return g_test_run();
}
