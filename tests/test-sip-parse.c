/* SPDX-License-Identifier: MIT */
/*
 * The parser piece by piece: header names (long, compact, any case), folding, comma-separated
 * values, lookups, line endings, every error message, and messages with more structure than
 * their size suggests (the arena spills, the header table grows).
 */
#include "sip-test-util.h"
#include "sip-writer.h"

static void test_header_names(void)
{
    for (guint id = 1; id < SIP_HDR_COUNT; id++) {
        const char *name = sip_header_name((SipHeaderId) id);
        g_autofree char *upper = g_ascii_strup(name, -1);
        g_autofree char *lower = g_ascii_strdown(name, -1);
        g_assert_cmpint(sip_header_lookup(name, strlen(name)), ==, id);
        g_assert_cmpint(sip_header_lookup(upper, strlen(upper)), ==, id);
        g_assert_cmpint(sip_header_lookup(lower, strlen(lower)), ==, id);
    }
    g_assert_null(sip_header_name(SIP_HDR_OTHER));
    g_assert_cmpint(sip_header_lookup("X-Custom", 8), ==, SIP_HDR_OTHER);
    g_assert_cmpint(sip_header_lookup("Vias", 4), ==, SIP_HDR_OTHER);
    g_assert_cmpint(sip_header_lookup("q", 1), ==, SIP_HDR_OTHER);
    g_assert_cmpint(sip_header_lookup("%", 1), ==, SIP_HDR_OTHER);
}

/* RFC 3261 §7.3.3 and later extensions: each letter, in either case, names its header. */
static void test_compact_forms(void)
{
    static const struct {
        char letter;
        SipHeaderId id;
    } forms[] = {
        { 'a', SIP_HDR_ACCEPT_CONTACT },
        { 'b', SIP_HDR_REFERRED_BY },
        { 'c', SIP_HDR_CONTENT_TYPE },
        { 'd', SIP_HDR_REQUEST_DISPOSITION },
        { 'e', SIP_HDR_CONTENT_ENCODING },
        { 'f', SIP_HDR_FROM },
        { 'i', SIP_HDR_CALL_ID },
        { 'j', SIP_HDR_REJECT_CONTACT },
        { 'k', SIP_HDR_SUPPORTED },
        { 'l', SIP_HDR_CONTENT_LENGTH },
        { 'm', SIP_HDR_CONTACT },
        { 'n', SIP_HDR_IDENTITY_INFO },
        { 'o', SIP_HDR_EVENT },
        { 'r', SIP_HDR_REFER_TO },
        { 's', SIP_HDR_SUBJECT },
        { 't', SIP_HDR_TO },
        { 'u', SIP_HDR_ALLOW_EVENTS },
        { 'v', SIP_HDR_VIA },
        { 'x', SIP_HDR_SESSION_EXPIRES },
        { 'y', SIP_HDR_IDENTITY },
    };
    for (gsize i = 0; i < G_N_ELEMENTS(forms); i++) {
        char upper = g_ascii_toupper(forms[i].letter);
        g_assert_cmpint(sip_header_lookup(&forms[i].letter, 1), ==, forms[i].id);
        g_assert_cmpint(sip_header_lookup(&upper, 1), ==, forms[i].id);
    }
    /* A message in compact form parses, and renders in long form. */
    static const char compact[] = "MESSAGE sip:b@example.com SIP/2.0\r\n"
                                  "v: SIP/2.0/UDP h.example.com;branch=z9hG4bK1\r\n"
                                  "F: <sip:a@example.com>;tag=1\r\n"
                                  "t: <sip:b@example.com>\r\n"
                                  "i: abc@h\r\n"
                                  "CSeq: 1 MESSAGE\r\n"
                                  "m: <sip:a@h.example.com>\r\n"
                                  "k: 100rel\r\n"
                                  "s: hello\r\n"
                                  "X-Other: kept\r\n"
                                  "c: text/plain\r\n"
                                  "L: 5\r\n"
                                  "\r\n"
                                  "hello";
    static const char long_form[] = "MESSAGE sip:b@example.com SIP/2.0\r\n"
                                    "Via: SIP/2.0/UDP h.example.com;branch=z9hG4bK1\r\n"
                                    "From: <sip:a@example.com>;tag=1\r\n"
                                    "To: <sip:b@example.com>\r\n"
                                    "Call-ID: abc@h\r\n"
                                    "CSeq: 1 MESSAGE\r\n"
                                    "Contact: <sip:a@h.example.com>\r\n"
                                    "Supported: 100rel\r\n"
                                    "Subject: hello\r\n"
                                    "X-Other: kept\r\n"
                                    "Content-Type: text/plain\r\n"
                                    "Content-Length: 5\r\n"
                                    "\r\n"
                                    "hello";
    g_autoptr(SipMessage) msg = parse_ok(compact);
    assert_view(sip_message_header(msg, 1)->name, "F");
    g_assert_cmpint(sip_message_header(msg, 1)->id, ==, SIP_HDR_FROM);
    assert_view(sip_message_from(msg)->tag, "1");
    assert_view(sip_message_call_id(msg), "abc@h");
    gsize len;
    g_autofree char *text = sip_message_render(msg, &len);
    g_assert_cmpmem(text, len, long_form, sizeof long_form - 1);
}

static void test_any_case(void)
{
    g_autoptr(SipMessage) msg = parse_ok("OPTIONS sip:b@example.com sip/2.0\r\n"
                                         "VIA: SIP/2.0/UDP h;BRANCH=z9hG4bK1\r\n"
                                         "from: <sip:a@example.com>;TAG=7\r\n"
                                         "tO: <sip:b@example.com>\r\n"
                                         "cAlL-iD: x\r\n"
                                         "cseq: 1 OPTIONS\r\n"
                                         "content-LENGTH: 0\r\n"
                                         "\r\n");
    assert_view(sip_message_version(msg), "sip/2.0");
    assert_view(sip_message_via(msg, 0)->branch, "z9hG4bK1");
    assert_view(sip_message_from(msg)->tag, "7");
    assert_view(sip_message_call_id(msg), "x");
    g_assert_cmpint(sip_message_content_length(msg), ==, 0);
}

/* §7.3.1: a value continues on lines that start with a space or a tab. */
static void test_folding(void)
{
    g_autoptr(SipMessage) msg = parse_ok("OPTIONS sip:b@example.com SIP/2.0\r\n"
                                         "Via: SIP/2.0/UDP h.example.com\r\n\t;branch=z9hG4bK1\r\n"
                                         "From: <sip:a@example.com>\r\n ;tag=1\r\n"
                                         "To:\r\n <sip:b@example.com>\r\n"
                                         "Call-ID: x@y\r\n"
                                         "CSeq: 2\r\n\tOPTIONS\r\n"
                                         "Subject: a \r\n  b\t\r\n c\r\n"
                                         "Content-Length: 0\r\n"
                                         "\r\n");
    g_assert_cmpuint(sip_message_header_count(msg), ==, 7);
    assert_view(sip_message_via(msg, 0)->branch, "z9hG4bK1");
    assert_view(sip_message_from(msg)->tag, "1");
    assert_view(sip_message_to(msg)->uri.user, "b");
    g_assert_cmpuint(sip_message_cseq(msg)->number, ==, 2);
    g_assert_cmpint(sip_message_cseq(msg)->method, ==, SIP_METHOD_OPTIONS);
    assert_view(sip_message_value(msg, SIP_HDR_SUBJECT), "a b c");
    assert_view(sip_message_value(msg, SIP_HDR_CSEQ), "2 OPTIONS");
}

static void test_comma_separated(void)
{
    g_autoptr(SipMessage) msg =
        parse_ok("SIP/2.0 200 OK\r\n"
                 "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1 , SIP/2.0/TCP b.example.com:5070;"
                 "branch=z9hG4bK2\r\n"
                 "Via: SIP/2.0/UDP c.example.com;branch=z9hG4bK3;received=10.0.0.1;rport=5062\r\n"
                 "Contact: \"Al, B\" <sip:a@x>;expires=30, <sip:b@y>;q=0.5 ,sip:c@z\r\n"
                 "Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
                 "Route: <sip:p3.example.com;lr>\r\n"
                 "Allow: INVITE,ACK , BYE\r\n"
                 "Allow: CANCEL\r\n"
                 "Content-Length: 0\r\n"
                 "\r\n");
    g_assert_cmpuint(sip_message_count(msg, SIP_HDR_VIA), ==, 2);
    g_assert_cmpuint(sip_message_via_count(msg), ==, 3);
    assert_view(sip_message_via(msg, 0)->text, "SIP/2.0/UDP a.example.com;branch=z9hG4bK1");
    g_assert_cmpint(sip_message_via(msg, 0)->port, ==, -1);
    g_assert_cmpint(sip_message_via(msg, 0)->rport, ==, -1);
    assert_view(sip_message_via(msg, 1)->transport, "TCP");
    g_assert_cmpint(sip_message_via(msg, 1)->port, ==, 5070);
    assert_view(sip_message_via(msg, 2)->received, "10.0.0.1");
    g_assert_cmpint(sip_message_via(msg, 2)->rport, ==, 5062);
    g_assert_cmpuint(sip_message_contact_count(msg), ==, 3);
    assert_view(sip_message_contact(msg, 0)->display, "Al, B");
    g_assert_cmpint(sip_message_contact(msg, 0)->expires, ==, 30);
    g_assert_cmpint(sip_message_contact(msg, 1)->expires, ==, -1);
    assert_view(sip_message_contact(msg, 2)->uri.host, "z");
    g_assert_cmpuint(sip_message_record_route_count(msg), ==, 2);
    assert_view(sip_message_record_route(msg, 1)->uri.host, "p2.example.com");
    g_assert_cmpuint(sip_message_route_count(msg), ==, 1);

    static const char *const allowed[] = { "INVITE", "ACK", "BYE", "CANCEL" };
    SipListIter it;
    SipStr item;
    guint n = 0;
    sip_list_iter_init(&it, msg, SIP_HDR_ALLOW);
    while (sip_list_iter_next(&it, &item))
        assert_view(item, allowed[n++]);
    g_assert_cmpuint(n, ==, G_N_ELEMENTS(allowed));
    sip_list_iter_init(&it, msg, SIP_HDR_REQUIRE);
    g_assert_false(sip_list_iter_next(&it, &item));
}

static void test_lookup(void)
{
    g_autoptr(SipMessage) msg = parse_ok("BYE sip:b@example.com SIP/2.0\r\n"
                                         "X-A: 1\r\n"
                                         "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                                         "X-B: 2\r\n"
                                         "X-A: 3\r\n"
                                         "Privacy: id\r\n"
                                         "\r\n");
    g_assert_cmpuint(sip_message_header_count(msg), ==, 5);
    g_assert_cmpuint(sip_message_count(msg, SIP_HDR_OTHER), ==, 3);
    assert_view(sip_message_find_nth(msg, SIP_HDR_OTHER, 2)->value, "3");
    assert_view(sip_message_find_nth(msg, SIP_HDR_OTHER, 1)->name, "X-B");
    g_assert_null(sip_message_find_nth(msg, SIP_HDR_OTHER, 3));
    g_assert_null(sip_message_find(msg, SIP_HDR_CONTACT));
    assert_unset(sip_message_value(msg, SIP_HDR_CONTACT));
    assert_view(sip_message_value(msg, SIP_HDR_PRIVACY), "id");
    assert_view(sip_message_header(msg, 3)->value, "3");
    /* absent structured headers */
    g_assert_null(sip_message_from(msg));
    g_assert_null(sip_message_cseq(msg));
    g_assert_null(sip_message_content_type(msg));
    assert_unset(sip_message_call_id(msg));
    g_assert_cmpint(sip_message_expires(msg), ==, -1);
    g_assert_cmpint(sip_message_content_length(msg), ==, -1);
    g_assert_cmpuint(sip_message_body(msg).len, ==, 0);
    g_assert_cmpint(sip_message_method(msg), ==, SIP_METHOD_BYE);
    g_assert_cmpstr(sip_method_name(SIP_METHOD_BYE), ==, "BYE");
    g_assert_null(sip_method_name(SIP_METHOD_OTHER));
    g_assert_cmpuint(sip_message_status(msg), ==, 0);
}

/* §7.5: CRLFs before the start line are skipped; line numbers still count them. Bare LF ends
 * lines too. */
static void test_line_endings(void)
{
    g_autoptr(SipMessage) msg = parse_ok("\r\n\r\nSIP/2.0 180 Ringing\n"
                                         "Via: SIP/2.0/UDP h;branch=z9hG4bK1\n"
                                         "Content-Length: 4\n"
                                         "\n"
                                         "body");
    g_assert_cmpuint(sip_message_status(msg), ==, 180);
    assert_view(sip_message_reason(msg), "Ringing");
    g_assert_null(sip_message_request_uri(msg));
    assert_view(sip_message_body(msg), "body");
    assert_view(sip_message_bytes(msg), "SIP/2.0 180 Ringing\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n"
                                        "Content-Length: 4\n\nbody");
    g_autoptr(GError) error =
        parse_error("\r\nOPTIONS sip:a@b SIP/2.0\r\nX\r\n\r\n", SIP_PARSE_ERROR_HEADER);
    g_assert_cmpstr(error->message, ==, "line 3: expected a header name then ':'");
}

static void test_numbers(void)
{
    g_autoptr(SipMessage) msg = parse_ok("REGISTER sip:example.com SIP/2.0\r\n"
                                         "Expires: 99999999999\r\n"
                                         "Contact: <sip:a@h>;expires=4294967296\r\n"
                                         "Contact: *\r\n"
                                         "Max-Forwards: 0255\r\n"
                                         "CSeq: 4294967295 REGISTER\r\n"
                                         "\r\n");
    g_assert_cmpint(sip_message_expires(msg), ==, G_MAXUINT32);
    g_assert_cmpint(sip_message_contact(msg, 0)->expires, ==, G_MAXUINT32);
    g_assert_true(sip_message_contact_star(msg));
    g_assert_cmpint(sip_message_max_forwards(msg), ==, 255);
    g_assert_cmpuint(sip_message_cseq(msg)->number, ==, G_MAXUINT32);
}

typedef struct {
    const char *text;
    SipParseError code;
    const char *message;
} BadCase;

#define REQ(header) "INVITE sip:a@example.com SIP/2.0\r\n" header "\r\n\r\n"
#define RURI(uri)   "INVITE " uri " SIP/2.0\r\n\r\n"
#define H           SIP_PARSE_ERROR_HEADER
#define S           SIP_PARSE_ERROR_START_LINE
#define F           SIP_PARSE_ERROR_FRAMING
#define VIA         "line 2: header 'Via': "

static const BadCase bad[] = {
    { "", S, "line 1: empty message" },
    { "\r\n\r\n", S, "line 3: empty message" },
    { "INVITE sip:a@b SIP/2.0", F, "line 1: the start line does not end with CRLF" },
    { "INVITE sip:a@b SIP/2.0\r\nTo: <sip:a@b>\r\n", F,
      "line 3: the headers do not end with an empty line" },
    { "INVITE sip:a@b SIP/2.0\r\nTo: <sip:a@b>\r\n x", F,
      "line 3: the headers do not end with an empty line" },
    { " INVITE sip:a@b SIP/2.0\r\n\r\n", S, "line 1: request line: expected a method then SP" },
    /* Found by fuzz/fuzz-sip-message: a lone CR ended the value of Require as "\r". */
    { "I p:u SIP/2.0\nRequire:\r\r\n\n", H,
      "line 2: header 'Require': a CR without LF; expected CRLF" },
    { REQ("To: <sip:a@b>\r\n x\ry"), H, "line 2: header 'To': a CR without LF; expected CRLF" },
    { "SIP/2.0 200 O\rK\r\n\r\n", S, "line 1: a CR without LF; expected CRLF" },
    { "INVITE sip:a@b SIP/2.0\r\n To: x\r\n\r\n", H,
      "line 2: a continuation line after the start line" },
    { REQ("Via SIP/2.0/UDP h"), H, "line 2: expected a header name then ':'" },
    { REQ(": x"), H, "line 2: expected a header name then ':'" },
    { REQ("Max-Forwards: 256"), H,
      "line 2: header 'Max-Forwards': expected a number from 0 to 255" },
    { REQ("Expires: -1"), H, "line 2: header 'Expires': expected a number of seconds" },
    { REQ("Content-Length: 1x"), H, "line 2: header 'Content-Length': expected a number of bytes" },
    { REQ("Content-Length: 4294967296"), H,
      "line 2: header 'Content-Length': expected a number of bytes" },
    { REQ("Content-Length: 10") "abc", F,
      "line 2: Content-Length is 10 but 3 bytes follow the headers" },
    { REQ("Via: SIP/2.0/UDP h:70000"), H, VIA "expected a port number from 0 to 65535" },
    { REQ("Via: SIP/2.0/UDP h;rport=0"), H, VIA "rport: expected a port number" },
    { REQ("Via: SIP/2.0/UDP h;rport=x"), H, VIA "rport: expected a port number" },
    { REQ("Via: SIP/2.0 h"), H, VIA "expected SIP/2.0/transport" },
    { REQ("Via: SIP/2.0/"), H, VIA "expected a transport after SIP/2.0/" },
    { REQ("Via: SIP/2.0/UDPh"), H, VIA "expected a space then the sent-by host" },
    { REQ("Via: SIP/2.0/UDP ;branch=z"), H, VIA "expected a sent-by host" },
    { REQ("Via: SIP/2.0/UDP [::1"), H, VIA "expected a sent-by host" },
    { REQ("Via: SIP/2.0/UDP h;branch"), H, VIA "branch without a value" },
    { REQ("Via: SIP/2.0/UDP h;received"), H, VIA "received without a value" },
    { REQ("Via: SIP/2.0/UDP h;x="), H, VIA "expected a parameter value after '='" },
    { REQ("Via: SIP/2.0/UDP h;x=\"open"), H, VIA "unterminated quoted string" },
    { REQ("Via: SIP/2.0/UDP h x"), H, VIA "expected ',' or the end after a value" },
    { REQ("CSeq: 1"), H, "line 2: header 'CSeq': expected a number then a method" },
    { REQ("CSeq: INVITE"), H, "line 2: header 'CSeq': expected a number then a method" },
    { REQ("CSeq: 1 INVITE x"), H, "line 2: header 'CSeq': expected a number then a method" },
    { REQ("Call-ID: a b"), H, "line 2: header 'Call-ID': expected word[@word]" },
    { REQ("Call-ID: a@"), H, "line 2: header 'Call-ID': expected word[@word]" },
    { REQ("Content-Type: text"), H, "line 2: header 'Content-Type': expected type/subtype" },
    { REQ("Content-Type: text/plain;"), H, "line 2: header 'Content-Type': empty parameter" },
    { REQ("To: <sip:a@b>, <sip:c@d>"), H, "line 2: header 'To': unexpected text after the value" },
    { REQ("Route: sip:p1"), H, "line 2: header 'Route': expected '<' and a URI" },
    { REQ("From: <sip:a@b"), H, "line 2: header 'From': expected '>' after the URI" },
    { REQ("From: \"A\" sip:a@b"), H, "line 2: header 'From': expected '<' after the display name" },
    { REQ("From: <sip:a@b>;tag"), H, "line 2: header 'From': tag without a value" },
    { REQ("From: \"a\x01\" <sip:a@b>"), H,
      "line 2: header 'From': control character in a quoted string" },
    { REQ("Contact: <sip:a@b>;expires=soon"), H,
      "line 2: header 'Contact': expires: expected a number of seconds" },
    { REQ("Contact: <sip:a@b> <sip:c@d>"), H,
      "line 2: header 'Contact': expected ',' or the end after a value" },
    { "SIP/2.0 99 Low\r\n\r\n", S, "line 1: status line: expected a 3-digit status code" },
    { "SIP/2.0 700 High\r\n\r\n", S, "line 1: status line: expected a 3-digit status code" },
    { "SIP/2.0 200OK\r\n\r\n", S, "line 1: status line: expected a 3-digit status code" },
    { "SIP/2.0\r\n\r\n", S, "line 1: status line: expected SIP/2.0 then SP" },
    { RURI("sip:a@b:99999"), S,
      "line 1: request line: Request-URI: expected a port number from 0 to 65535" },
    { RURI("sip:@b"), S, "line 1: request line: Request-URI: expected a user before '@'" },
    { RURI("sip:a:b:c@d"), S,
      "line 1: request line: Request-URI: invalid character in the URI userinfo" },
    { RURI("sip:a@"), S, "line 1: request line: Request-URI: expected a host" },
    { RURI("sip:a@[::1"), S,
      "line 1: request line: Request-URI: expected ']' closing the IPv6 reference" },
    { RURI("sip:a@b;x="), S, "line 1: request line: Request-URI: empty URI parameter value" },
    { RURI("sip:a@b?x"), S,
      "line 1: request line: Request-URI: expected name=value in the URI headers" },
    { RURI("sip:a@b#"), S, "line 1: request line: Request-URI: unexpected character in the URI" },
    { RURI("http:"), S,
      "line 1: request line: Request-URI: expected something after the URI scheme" },
    { RURI("http:a<b"), S, "line 1: request line: Request-URI: invalid character in the URI" },
    { RURI("1sip:a"), S, "line 1: request line: Request-URI: expected a URI scheme" },
    { RURI("sip"), S, "line 1: request line: Request-URI: expected a URI scheme then ':'" },
    { "INVITE sip:a@b SIP/2\r\n\r\n", S,
      "line 1: request line: expected a single SP then SIP/2.0 after the Request-URI" },
    { "INVITE sip:a@b  SIP/2.0\r\n\r\n", S,
      "line 1: request line: expected a single SP then SIP/2.0 after the Request-URI" },
};

static void test_errors(void)
{
    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(GError) error = parse_error(bad[i].text, bad[i].code);
        g_assert_cmpstr(error->message, ==, bad[i].message);
    }
}

/* 300 short header lines overflow the header table's estimate; 200 via-parms on one line and
 * 50 contacts overflow the arena. */
static void test_growth(void)
{
    GString *text = g_string_new("OPTIONS sip:b@example.com SIP/2.0\r\nVia: ");
    for (int i = 0; i < 200; i++)
        g_string_append_printf(text, "%sSIP/2.0/UDP h%d", i ? "," : "", i);
    g_string_append(text, "\r\n");
    for (int i = 0; i < 50; i++)
        g_string_append_printf(text, "m:<sip:c%d@h>;expires=%d\r\n", i, i);
    for (int i = 0; i < 300; i++)
        g_string_append_printf(text, "x:%d\r\n", i);
    g_string_append(text, "\r\n");
    g_autoptr(SipMessage) msg = parse_ok(text->str);
    g_string_free(text, TRUE);
    g_assert_cmpuint(sip_message_via_count(msg), ==, 200);
    assert_view(sip_message_via(msg, 199)->host, "h199");
    g_assert_cmpuint(sip_message_contact_count(msg), ==, 50);
    g_assert_cmpint(sip_message_contact(msg, 49)->expires, ==, 49);
    g_assert_cmpuint(sip_message_header_count(msg), ==, 351);
    assert_view(sip_message_header(msg, 350)->value, "299");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sip/parse/header-names", test_header_names);
    g_test_add_func("/sip/parse/compact-forms", test_compact_forms);
    g_test_add_func("/sip/parse/any-case", test_any_case);
    g_test_add_func("/sip/parse/folding", test_folding);
    g_test_add_func("/sip/parse/comma-separated", test_comma_separated);
    g_test_add_func("/sip/parse/lookup", test_lookup);
    g_test_add_func("/sip/parse/line-endings", test_line_endings);
    g_test_add_func("/sip/parse/numbers", test_numbers);
    g_test_add_func("/sip/parse/errors", test_errors);
    g_test_add_func("/sip/parse/growth", test_growth);
    return g_test_run();
}
