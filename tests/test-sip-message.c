/* SPDX-License-Identifier: MIT */
/*
 * The 49 RFC 4475 torture messages (and the two variants seen in other suites), one test each,
 * from a table that states what the RFC prose expects of each: valid ones parse (with exact
 * checks of what makes them tortuous) and render back to an equivalent message; invalid ones
 * are rejected by the parser with the reason, or parse and are refused by sip_request_check()
 * with the status the prose gives; application ones parse and get the prose's response.
 */
#include "sip-block.h"
#include "sip-check.h"
#include "sip-test-util.h"
#include "sip-writer.h"

typedef struct {
    const char *name;   /* folder/file under tests/data/rfc4475, without ".sip" */
    const char *error;  /* NULL when it parses, else part of the parse error */
    SipParseError code; /* the error's code */
    guint uas;          /* a request: what sip_request_check() answers as a UAS (0: accept) */
    guint proxy;        /* ... and as a proxy */
    void (*fields)(const SipMessage *msg);
} Torture;

/* The UAS of these tests handles the body types the valid messages carry. */
static const char *const uas_types[] = { "application/sdp", "multipart/mixed", "text/plain", NULL };
static const SipCheckOptions uas = { .content_types = uas_types };
static const SipCheckOptions proxy = { .proxy = TRUE };

static guint check_code(const SipMessage *msg, const SipCheckOptions *options)
{
    SipCheckResult r;
    gboolean ok = sip_request_check(msg, options, &r);
    g_assert_cmpint(ok, ==, r.code == 0);
    if (r.code)
        g_test_message("%s: %u %s (%s)", options->proxy ? "proxy" : "UAS", r.code, r.reason, r.why);
    sip_check_result_clear(&r);
    return r.code;
}

/* --- 3.1.1 valid messages --- */

static void wsinv(const SipMessage *m)
{
    /* Three via-parms over two folded lines, with LWS around every separator. */
    g_assert_cmpuint(sip_message_via_count(m), ==, 3);
    assert_view(sip_message_via(m, 0)->transport, "UDP");
    assert_view(sip_message_via(m, 0)->host, "192.0.2.2");
    assert_view(sip_message_via(m, 0)->branch, "390skdjuw");
    assert_view(sip_message_via(m, 1)->host, "spindle.example.com");
    assert_view(sip_message_via(m, 1)->branch, "z9hG4bK9ikj8");
    assert_view(sip_message_via(m, 2)->transport, "UDP");
    assert_view(sip_message_via(m, 2)->branch, "z9hG4bK30239");
    assert_view(sip_message_to(m)->tag, "1918181833n");
    assert_view(sip_message_from(m)->display, "J Rosenberg \\\\\\\"");
    assert_view(sip_message_from(m)->tag, "98asjd8");
    g_assert_cmpint(sip_message_max_forwards(m), ==, 68);
    g_assert_cmpuint(sip_message_cseq(m)->number, ==, 9);
    g_assert_cmpint(sip_message_cseq(m)->method, ==, SIP_METHOD_INVITE);
    assert_view(sip_message_value(m, SIP_HDR_SUBJECT), "");
    const SipHeader *h = sip_message_find_nth(m, SIP_HDR_OTHER, 0);
    assert_view(h->name, "NewFangledHeader");
    assert_view(h->value, "newfangled value continued newfangled value");
    assert_view(sip_message_find_nth(m, SIP_HDR_OTHER, 1)->value, ";;,,;;,;");
    const SipNameAddr *c = sip_message_contact(m, 0);
    assert_view(c->display, "Quoted string \\\"\\\"");
    SipStr q;
    g_assert_true(sip_params_find(c->params, "q", &q));
    assert_view(q, "0.33");
    g_assert_true(sip_params_find(c->params, "secondparam", &q));
    assert_unset(q);
    g_assert_cmpuint(sip_message_route_count(m), ==, 1);
    g_assert_true(sip_uri_param(&sip_message_route(m, 0)->uri, "lr", &q));
    g_assert_true(sip_uri_param(sip_message_request_uri(m), "unknownparam", &q));
    g_assert_cmpuint(sip_message_body(m).len, ==, 150);
}

static void intmeth(const SipMessage *m)
{
    g_assert_cmpint(sip_message_method(m), ==, SIP_METHOD_OTHER);
    assert_view(sip_message_method_text(m), "!interesting-Method0123456789_*+`.%indeed'~");
    assert_view(sip_message_cseq(m)->method_text, "!interesting-Method0123456789_*+`.%indeed'~");
    g_assert_cmpuint(sip_message_cseq(m)->number, ==, 139122385);
    const SipUri *u = sip_message_request_uri(m);
    assert_view(u->user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    assert_view(u->password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
    assert_view(u->host, "example.com");
    /* quoted-pairs escape BEL, NUL and DEL in the display name */
    SipStr d = sip_message_to(m)->display;
    static const char expected[] = "BEL:\\\x07 NUL:\\\0 DEL:\\\x7f";
    g_assert_cmpmem(d.s, d.len, expected, sizeof expected - 1);
    assert_view(sip_message_from(m)->display, "token1~` token2'+_ token3*%!.-");
    assert_view(sip_message_from(m)->tag, "_token~1'+`*%!-.");
    assert_view(sip_message_call_id(m), "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
    g_assert_cmpint(sip_message_max_forwards(m), ==, 255);
}

static void esc01(const SipMessage *m)
{
    SipUri plain;
    assert_view(sip_message_request_uri(m)->user, "sips%3Auser%40example.com");
    g_assert_null(sip_uri_parse(SIP_STR("sip:user@example.com"), &plain));
    g_assert_true(sip_uri_equal(&sip_message_to(m)->uri, &plain));
    g_assert_null(sip_uri_parse(SIP_STR("sip:I%20have%20spaces@example.net"), &plain));
    g_assert_true(sip_uri_equal(&sip_message_from(m)->uri, &plain));
    /* ";%6C%72" is ";lr"; "n%61me=v%61lue%25%34%31" is name=value%41, not valueA */
    const SipUri *c = &sip_message_contact(m, 0)->uri;
    SipStr v;
    g_assert_true(sip_uri_param(c, "lr", &v));
    g_assert_true(sip_uri_param(c, "name", &v));
    assert_view(v, "v%61lue%25%34%31");
    g_assert_null(
        sip_uri_parse(SIP_STR("sip:caller@host5.example.net;lr;name=value%2541"), &plain));
    g_assert_true(sip_uri_equal(c, &plain));
    g_assert_null(sip_uri_parse(SIP_STR("sip:caller@host5.example.net;lr;name=valueA"), &plain));
    g_assert_false(sip_uri_equal(c, &plain));
}

static void escnull(const SipMessage *m)
{
    assert_view(sip_message_to(m)->uri.user, "null-%00-null");
    g_assert_cmpuint(sip_message_contact_count(m), ==, 2);
    const SipUri *one = &sip_message_contact(m, 0)->uri, *two = &sip_message_contact(m, 1)->uri;
    assert_view(one->user, "%00");
    assert_view(two->user, "%00%00");
    /* unescaping must not shorten the user at the NUL */
    g_assert_false(sip_uri_equal(one, two));
}

static void esc02(const SipMessage *m)
{
    /* RE%47IST%45R is a method of its own, and C%6Fntact a header of its own */
    g_assert_cmpint(sip_message_method(m), ==, SIP_METHOD_OTHER);
    assert_view(sip_message_method_text(m), "RE%47IST%45R");
    g_assert_cmpuint(sip_message_contact_count(m), ==, 2);
    assert_view(sip_message_contact(m, 1)->uri.host, "host3.example.com");
    assert_view(sip_message_find(m, SIP_HDR_OTHER)->name, "C%6Fntact");
    assert_view(sip_message_to(m)->display, "%Z%45");
    assert_view(sip_message_via(m, 0)->branch, "z9hG4bK209%fzsnel234");
}

static void lwsdisp(const SipMessage *m)
{
    assert_view(sip_message_from(m)->display, "caller");
    assert_view(sip_message_from(m)->uri.user, "caller");
    assert_view(sip_message_from(m)->tag, "323");
}

static void longreq(const SipMessage *m)
{
    g_assert_cmpuint(sip_message_via_count(m), ==, 34);
    assert_view(sip_message_via(m, 0)->host, "sip33.example.com");
    assert_view(sip_message_via(m, 33)->received, "192.0.2.5");
    g_assert_cmpuint(sip_message_via(m, 33)->branch.len, ==, 215);
    g_assert_cmpuint(sip_message_to(m)->display.len, ==, 103);
    g_assert_cmpint(sip_message_to(m)->uri.port, ==, 6000);
    g_assert_cmpuint(sip_message_from(m)->tag.len, ==, 155);
    g_assert_cmpuint(sip_message_call_id(m).len, ==, 141);
    g_assert_cmpint(sip_message_content_length(m), ==, 150);
}

static void dblreq(const SipMessage *m)
{
    /* the INVITE after the REGISTER's empty body is discarded (§18.3) */
    g_assert_cmpint(sip_message_method(m), ==, SIP_METHOD_REGISTER);
    g_assert_cmpint(sip_message_content_length(m), ==, 0);
    g_assert_cmpuint(sip_message_body(m).len, ==, 0);
    assert_view(sip_message_call_id(m), "dblreq.0ha0isndaksdj99sdfafnl3lk233412");
    g_assert_cmpuint(sip_message_header_count(m), ==, 8);
}

static void semiuri(const SipMessage *m)
{
    const SipUri *u = sip_message_request_uri(m);
    assert_view(u->user, "user;par=u%40example.net");
    assert_view(u->host, "example.com");
    assert_unset(u->params);
    SipListIter it;
    SipStr item;
    guint n = 0;
    sip_list_iter_init(&it, m, SIP_HDR_ACCEPT);
    while (sip_list_iter_next(&it, &item))
        n++;
    g_assert_cmpuint(n, ==, 6);
    assert_view(item, "message/sipfrag");
}

static void transports(const SipMessage *m)
{
    static const char *const expected[] = { "UDP", "SCTP", "TLS", "UNKNOWN", "TCP" };
    g_assert_cmpuint(sip_message_via_count(m), ==, G_N_ELEMENTS(expected));
    for (guint i = 0; i < G_N_ELEMENTS(expected); i++)
        assert_view(sip_message_via(m, i)->transport, expected[i]);
    assert_view(sip_message_call_id(m), "transports.kijh4akdnaqjkwendsasfdj");
}

static void mpart01(const SipMessage *m)
{
    const SipContentType *ct = sip_message_content_type(m);
    assert_view(ct->type, "multipart");
    assert_view(ct->subtype, "mixed");
    SipStr boundary;
    g_assert_true(sip_params_find(ct->params, "boundary", &boundary));
    assert_view(boundary, "7a9cbec02ceef655");
    g_assert_cmpuint(sip_message_body(m).len, ==, 553);
    g_assert_cmpint(sip_message_via(m, 0)->rport, ==, 0);
    assert_view(sip_message_value(m, SIP_HDR_USER_AGENT), "SIPimp.org/0.2.5 (curses)");
    g_assert_cmpint(sip_message_find(m, SIP_HDR_IDENTITY)->id, ==, SIP_HDR_IDENTITY);
}

static void unreason(const SipMessage *m)
{
    g_assert_cmpuint(sip_message_status(m), ==, 200);
    g_autofree char *reason = sip_str_dup(sip_message_reason(m));
    g_assert_true(g_str_has_prefix(reason, "= 2**3 * 5**2 "));
    g_assert_cmpuint(sip_message_reason(m).len, ==, 74);
    g_assert_cmpuint(sip_message_body(m).len, ==, 154);
}

static void noreason(const SipMessage *m)
{
    g_assert_false(sip_message_is_request(m));
    g_assert_cmpuint(sip_message_status(m), ==, 100);
    assert_view(sip_message_reason(m), "");
}

/* --- 3.1.2 invalid messages that parse --- */

static void badvers(const SipMessage *m)
{
    assert_view(sip_message_version(m), "SIP/7.0");
}

/* --- 3.2, 3.3, 3.4 --- */

static void badbranch(const SipMessage *m)
{
    assert_view(sip_message_via(m, 0)->branch, "z9hG4bK");
}

static void novelsc(const SipMessage *m)
{
    const SipUri *u = sip_message_request_uri(m);
    g_assert_cmpint(u->kind, ==, SIP_URI_OTHER);
    assert_view(u->scheme, "soap.beep");
    assert_view(u->opaque, "//192.0.2.103:3002");
}

static void unksm2(const SipMessage *m)
{
    assert_view(sip_message_to(m)->uri.scheme, "isbn");
    assert_view(sip_message_to(m)->uri.opaque, "2983792873");
    assert_view(sip_message_from(m)->uri.scheme, "http");
    assert_view(sip_message_from(m)->tag, "3234233");
    assert_view(sip_message_contact(m, 0)->uri.scheme, "name");
}

static void bext01(const SipMessage *m)
{
    SipCheckResult r;
    g_assert_false(sip_request_check(m, &uas, &r));
    g_assert_cmpstr(r.unsupported, ==, "nothingSupportsThis, nothingSupportsThisEither");
    sip_check_result_clear(&r);
    g_assert_false(sip_request_check(m, &proxy, &r));
    g_assert_cmpstr(r.unsupported, ==, "noProxiesSupportThis, norDoAnyProxiesSupportThis");
    sip_check_result_clear(&r);
    /* an element that supports the options goes on */
    static const char *const all[] = { "nothingSupportsThis", "nothingSupportsThisEither",
                                       "noProxiesSupportThis", "norDoAnyProxiesSupportThis", NULL };
    SipCheckOptions knowing = { .extensions = all, .content_types = uas_types };
    g_assert_true(sip_request_check(m, &knowing, &r));
    knowing.proxy = TRUE;
    g_assert_true(sip_request_check(m, &knowing, &r));
}

static void regaut01(const SipMessage *m)
{
    /* a registrar leaves the unknown scheme to authentication; an endpoint that is not a
     * registrar answers 405 */
    assert_view(sip_message_value(m, SIP_HDR_AUTHORIZATION),
                "NoOneKnowsThisScheme opaque-data=here");
    SipCheckOptions endpoint = { .methods = SIP_METHOD_BIT(SIP_METHOD_INVITE) |
                                            SIP_METHOD_BIT(SIP_METHOD_ACK) |
                                            SIP_METHOD_BIT(SIP_METHOD_BYE) };
    g_assert_cmpuint(check_code(m, &endpoint), ==, 405);
}

static void mcl01(const SipMessage *m)
{
    /* the first Content-Length frames the body; the check refuses the message anyway */
    g_assert_cmpuint(sip_message_count(m, SIP_HDR_CONTENT_LENGTH), ==, 2);
    g_assert_cmpuint(sip_message_body(m).len, ==, 13);
}

static void bcast(const SipMessage *m)
{
    g_assert_cmpuint(sip_message_status(m), ==, 200);
    g_assert_cmpuint(sip_message_via_count(m), ==, 2);
    assert_view(sip_message_via(m, 1)->host, "255.255.255.255");
}

static void zeromf(const SipMessage *m)
{
    g_assert_cmpint(sip_message_max_forwards(m), ==, 0);
}

static void cparam01(const SipMessage *m)
{
    /* without '<' '>', ";unknownparam" belongs to the Contact, not to its URI */
    const SipNameAddr *c = sip_message_contact(m, 0);
    assert_unset(c->uri.params);
    assert_view(c->params, ";unknownparam");
}

static void cparam02(const SipMessage *m)
{
    const SipNameAddr *c = sip_message_contact(m, 0);
    SipStr v;
    g_assert_true(sip_uri_param(&c->uri, "unknownparam", &v));
    assert_unset(c->params);
}

static void regescrt(const SipMessage *m)
{
    assert_view(sip_message_contact(m, 0)->uri.headers, "Route=%3Csip:sip.example.com%3E");
}

static void inv2543(const SipMessage *m)
{
    /* no Content-Length over UDP: the body runs to the end of the datagram */
    g_assert_cmpint(sip_message_content_length(m), ==, -1);
    g_assert_cmpuint(sip_message_body(m).len, ==, 105);
    g_assert_cmpint(sip_message_max_forwards(m), ==, -1);
    assert_unset(sip_message_via(m, 0)->branch);
    assert_unset(sip_message_from(m)->tag);
    const SipNameAddr *to = sip_message_to(m);
    assert_unset(to->uri.params);
    assert_view(to->params, ";user=phone");
    SipStr maddr;
    g_assert_true(sip_uri_param(&sip_message_record_route(m, 0)->uri, "maddr", &maddr));
    assert_view(maddr, "ss1.example.com");
}

#define HEADER  SIP_PARSE_ERROR_HEADER
#define START   SIP_PARSE_ERROR_START_LINE
#define FRAMING SIP_PARSE_ERROR_FRAMING

static const Torture torture[] = {
    /* 3.1.1: a parser must accept these. */
    { "valid/wsinv", .fields = wsinv },
    { "valid/intmeth", .uas = 501, .fields = intmeth },
    { "valid/esc01", .fields = esc01 },
    { "valid/escnull", .fields = escnull },
    { "valid/esc02", .uas = 501, .fields = esc02 },
    { "valid/lwsdisp", .fields = lwsdisp },
    { "valid/longreq", .fields = longreq },
    { "valid/dblreq", .fields = dblreq },
    { "valid/semiuri", .fields = semiuri },
    { "valid/transports", .fields = transports },
    { "valid/mpart01", .fields = mpart01 },
    { "valid/unreason", .fields = unreason },
    { "valid/noreason", .fields = noreason },
    /* 3.1.2: invalid; most get 400. */
    { "invalid/badinv01", "line 7: header 'Via': empty parameter", HEADER },
    /* over UDP, a Content-Length beyond the datagram is an error (§18.3) */
    { "invalid/clerr", "line 10: Content-Length is 9999 but 154 bytes follow", FRAMING },
    { "invalid/ncl", "line 10: header 'Content-Length': expected a number", HEADER },
    /* 400 for the CSeq; Max-Forwards 300 and the huge expires would be errors too */
    { "invalid/scalar02", "line 5: header 'CSeq': sequence number larger than 2**32-1", HEADER },
    { "invalid/scalarlg", "line 5: header 'CSeq': sequence number larger than", HEADER },
    { "invalid/quotbal", "line 2: header 'To': unterminated quoted string", HEADER },
    { "invalid/ltgtruri", "line 1: request line: Request-URI: expected a URI scheme", START },
    { "invalid/lwsruri", "line 1: request line: Request-URI: empty URI parameter", START },
    { "invalid/lwsstart", "line 1: request line: expected a single SP before the Request-URI",
      START },
    { "invalid/trws", "line 1: request line: unexpected text after the version", START },
    /* "acceptable to reject with 400": the check does */
    { "invalid/escruri", .uas = 400, .proxy = 400 },
    /* "shouldn't reject unless the Date were important": sipsim's elements never use it */
    { "invalid/baddate" },
    { "invalid/regbadct", "line 8: header 'Contact': a URI with headers ('?') must be enclosed",
      HEADER },
    { "invalid/badaspec", "line 5: header 'To': a space inside '<' '>'", HEADER },
    { "invalid/baddn",
      "line 4: header 'From': a display name with other characters than tokens "
      "must be quoted",
      HEADER },
    { "invalid/badvers", .uas = 505, .proxy = 505, .fields = badvers },
    { "invalid/mismatch01", .uas = 400, .proxy = 400 },
    /* "501 is better, particularly at proxies; 400 is acceptable" */
    { "invalid/mismatch02", .uas = 501, .proxy = 501 },
    { "invalid/bigcode", "line 1: status line: expected a 3-digit status code", START },
    /* 3.2: parses; the transaction layer may fall back to RFC 2543 matching. */
    { "transaction/badbranch", .fields = badbranch },
    /* 3.3: valid syntax calling for a specific response. */
    { "application/insuf", .uas = 400, .proxy = 400 },
    { "application/unkscm", .uas = 416, .proxy = 416 },
    { "application/novelsc", .uas = 416, .proxy = 416, .fields = novelsc },
    /* proxies forward it; a registrar needs a SIP or SIPS To */
    { "application/unksm2", .uas = 400, .fields = unksm2 },
    { "application/bext01", .uas = 420, .proxy = 420, .fields = bext01 },
    { "application/invut", .uas = 415 },
    { "application/regaut01", .fields = regaut01 },
    { "application/multi01", .uas = 400, .proxy = 400 },
    { "application/mcl01", .uas = 400, .proxy = 400, .fields = mcl01 },
    { "application/bcast", .fields = bcast },
    { "application/zeromf", .proxy = 483, .fields = zeromf },
    { "application/cparam01", .fields = cparam01 },
    { "application/cparam02", .fields = cparam02 },
    { "application/regescrt", .fields = regescrt },
    /* "406 Not Acceptable, or 400" */
    { "application/sdp01", .uas = 406 },
    /* 3.4: RFC 2543 syntax, accepted. */
    { "backcompat/inv2543", .fields = inv2543 },
    /* The archive's baddn had no final CRLF; other suites added it. Both fail on From first. */
    { "variants/baddn.ersip-with-final-crlf",
      "line 4: header 'From': a display name with other characters than tokens must be quoted",
      HEADER },
    /* test.dat of the archive: no SIP version on the request line */
    { "variants/test.extra-in-rfc-archive",
      "line 1: request line: expected SP then the SIP version", START },
};

static char *load(const char *name, gsize *len)
{
    g_autofree char *file = g_strconcat(name, ".sip", NULL);
    g_autofree char *path = g_test_build_filename(G_TEST_DIST, "data", "rfc4475", file, NULL);
    char *data;
    GError *error = NULL;
    g_file_get_contents(path, &data, len, &error);
    g_assert_no_error(error);
    return data;
}

/* Same start line, same headers in order (Content-Length aside: rendering recomputes it),
 * same structured views, same body. */
static void assert_equivalent(const SipMessage *a, const SipMessage *b)
{
    g_assert_cmpint(sip_message_is_request(a), ==, sip_message_is_request(b));
    g_assert_true(sip_str_equal(sip_message_version(a), sip_message_version(b)));
    if (sip_message_is_request(a)) {
        g_assert_true(sip_str_equal(sip_message_method_text(a), sip_message_method_text(b)));
        g_assert_true(sip_uri_equal(sip_message_request_uri(a), sip_message_request_uri(b)));
    } else {
        g_assert_cmpuint(sip_message_status(a), ==, sip_message_status(b));
        g_assert_true(sip_str_equal(sip_message_reason(a), sip_message_reason(b)));
    }
    guint j = 0;
    for (guint i = 0; i < sip_message_header_count(a); i++) {
        const SipHeader *ha = sip_message_header(a, i);
        if (ha->id == SIP_HDR_CONTENT_LENGTH)
            continue;
        const SipHeader *hb = sip_message_header(b, j++);
        g_assert_cmpint(ha->id, ==, hb->id);
        g_assert_true(ha->id != SIP_HDR_OTHER || sip_str_equal(ha->name, hb->name));
        g_assert_true(sip_str_equal(ha->value, hb->value));
    }
    g_assert_cmpuint(j + 1, ==, sip_message_header_count(b)); /* and one Content-Length */
    g_assert_cmpuint(sip_message_via_count(a), ==, sip_message_via_count(b));
    g_assert_cmpuint(sip_message_contact_count(a), ==, sip_message_contact_count(b));
    g_assert_cmpuint(sip_message_route_count(a), ==, sip_message_route_count(b));
    SipStr ba = sip_message_body(a), bb = sip_message_body(b);
    g_assert_cmpmem(ba.s, ba.len, bb.s, bb.len);
}

static void assert_round_trip(const SipMessage *msg)
{
    gsize len;
    g_autofree char *text = sip_message_render(msg, &len);
    GError *error = NULL;
    g_autoptr(SipMessage) again = sip_message_parse(text, len, &error);
    g_assert_no_error(error);
    assert_equivalent(msg, again);
}

static void test_torture(gconstpointer data)
{
    const Torture *t = data;
    gsize len;
    g_autofree char *bytes = load(t->name, &len);
    GError *error = NULL;
    g_autoptr(SipMessage) msg = sip_message_parse(bytes, len, &error);
    if (t->error) {
        g_assert_null(msg);
        g_assert_error(error, SIP_PARSE_ERROR, (gint) t->code);
        g_test_message("%s", error->message);
        g_assert_nonnull(strstr(error->message, t->error));
        g_error_free(error);
        return;
    }
    g_assert_no_error(error);
    if (sip_message_is_request(msg)) {
        g_assert_cmpuint(check_code(msg, &uas), ==, t->uas);
        g_assert_cmpuint(check_code(msg, &proxy), ==, t->proxy);
    }
    if (t->fields)
        t->fields(msg);
    assert_round_trip(msg);
}

/* Every prefix of every torture message either parses or fails cleanly; what parses renders
 * and parses again. Each prefix is its own allocation, so a read past it is caught by ASan. */
static void test_truncated(void)
{
    for (gsize i = 0; i < G_N_ELEMENTS(torture); i++) {
        gsize len;
        g_autofree char *bytes = load(torture[i].name, &len);
        for (gsize cut = 0; cut <= len; cut++) {
            g_autofree char *prefix = g_memdup2(bytes, cut);
            GError *error = NULL;
            g_autoptr(SipMessage) msg = sip_message_parse(prefix, cut, &error);
            g_assert_true((msg == NULL) != (error == NULL));
            if (msg)
                assert_round_trip(msg);
            g_clear_error(&error);
        }
    }
}

/* Random single-octet changes, insertions and deletions at a fixed seed. */
static void test_mutated(void)
{
    static const char specials[] = "\r\n \t:;,<>\"\\%@=/?\0";
    GRand *rand = g_rand_new_with_seed(4475);
    for (guint round = 0; round < 20000; round++) {
        const Torture *t = &torture[g_rand_int_range(rand, 0, G_N_ELEMENTS(torture))];
        gsize len;
        g_autofree char *bytes = load(t->name, &len);
        gsize at = (gsize) g_rand_int_range(rand, 0, (gint32) len);
        char c = g_rand_boolean(rand) ? specials[g_rand_int_range(rand, 0, sizeof specials)]
                                      : (char) g_rand_int_range(rand, 0, 256);
        GByteArray *mutated = g_byte_array_new();
        g_byte_array_append(mutated, (guint8 *) bytes, (guint) at);
        switch (g_rand_int_range(rand, 0, 3)) {
        case 0: /* replace */
            g_byte_array_append(mutated, (guint8 *) &c, 1);
            at++;
            break;
        case 1: /* insert */
            g_byte_array_append(mutated, (guint8 *) &c, 1);
            break;
        default: /* delete */
            at++;
        }
        g_byte_array_append(mutated, (guint8 *) bytes + at, (guint) (len - at));
        g_autofree char *exact = g_memdup2(mutated->data, mutated->len);
        g_autoptr(SipMessage) msg = sip_message_parse(exact, mutated->len, NULL);
        if (msg)
            assert_round_trip(msg);
        g_byte_array_unref(mutated);
    }
    g_rand_free(rand);
}

/* A freed block comes back for the next request of its size class; sizes round up to grains;
 * blocks beyond the pooled classes keep their size. */
static void test_block_reuse(void)
{
    gsize got, again, big;
    gpointer a = sip_block_alloc(700, &got);
    g_assert_cmpuint(got, ==, 2 * SIP_BLOCK_GRAIN);
    sip_block_free(a, got);
    gpointer b = sip_block_alloc(2 * SIP_BLOCK_GRAIN, &again);
    g_assert_true(b == a);
    g_assert_cmpuint(again, ==, got);
    gpointer c = sip_block_alloc(SIP_BLOCK_GRAIN + 1, &again);
    g_assert_true(c != a);
    gpointer d = sip_block_alloc(64 * SIP_BLOCK_GRAIN + 3, &big);
    g_assert_cmpuint(big, ==, 64 * SIP_BLOCK_GRAIN + 3);
    sip_block_free(d, big);
    sip_block_free(c, again);
    sip_block_free(b, got);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (gsize i = 0; i < G_N_ELEMENTS(torture); i++) {
        g_autofree char *path = g_strconcat("/sip/rfc4475/", torture[i].name, NULL);
        g_test_add_data_func(path, &torture[i], test_torture);
    }
    g_test_add_func("/sip/message/truncated-anywhere", test_truncated);
    g_test_add_func("/sip/message/mutated", test_mutated);
    g_test_add_func("/sip/block/reuse", test_block_reuse);
    return g_test_run();
}
