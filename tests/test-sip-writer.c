/* SPDX-License-Identifier: MIT */
/* The writer: exact text of requests and responses, and what parsing that text gives back. */
#include "sip-test-util.h"
#include "sip-writer.h"

#define UNSET ((SipStr){ NULL, 0 })

static void assert_text(SipWriter *w, const char *expected)
{
    gsize len;
    g_autofree char *text = sip_writer_finish(w, &len);
    g_assert_cmpmem(text, len, expected, strlen(expected));
    g_assert_null(w->buf);
}

static void write_invite(SipWriter *w)
{
    sip_writer_init_request(w, SIP_STR("INVITE"), SIP_STR("sip:bob@biloxi.example.com"));
    sip_writer_via(w, SIP_STR("UDP"), SIP_STR("10.0.1.2"), 5060, SIP_STR("z9hG4bK74bf9"), TRUE);
    sip_writer_max_forwards(w, 70);
    sip_writer_name_addr(w, SIP_HDR_FROM, SIP_STR("Alice \"A\" \\"),
                         SIP_STR("sip:alice@atlanta.example.com"), SIP_STR("9fxced76sl"));
    sip_writer_name_addr(w, SIP_HDR_TO, UNSET, SIP_STR("sip:bob@biloxi.example.com"), UNSET);
    sip_writer_header(w, SIP_HDR_CALL_ID, SIP_STR("3848276298220188511@atlanta.example.com"));
    sip_writer_cseq(w, 4294967295u, SIP_STR("INVITE"));
    sip_writer_header_named(w, SIP_STR("X-Trace"), SIP_STR("on"));
    sip_writer_body(w, SIP_STR("application/sdp"), SIP_STR("v=0\r\n"));
}

static const char invite_text[] = "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
                                  "Via: SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bK74bf9;rport\r\n"
                                  "Max-Forwards: 70\r\n"
                                  "From: \"Alice \\\"A\\\" \\\\\" "
                                  "<sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
                                  "To: <sip:bob@biloxi.example.com>\r\n"
                                  "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
                                  "CSeq: 4294967295 INVITE\r\n"
                                  "X-Trace: on\r\n"
                                  "Content-Type: application/sdp\r\n"
                                  "Content-Length: 5\r\n"
                                  "\r\n"
                                  "v=0\r\n";

static void test_request(void)
{
    SipWriter w;
    write_invite(&w);
    assert_text(&w, invite_text);
    g_autoptr(SipMessage) msg = parse_ok(invite_text);
    assert_view(sip_message_from(msg)->display, "Alice \\\"A\\\" \\\\");
    assert_view(sip_message_via(msg, 0)->branch, "z9hG4bK74bf9");
    g_assert_cmpint(sip_message_via(msg, 0)->rport, ==, 0);
    g_assert_cmpuint(sip_message_cseq(msg)->number, ==, 4294967295u);
}

/* A dialog's From and To: the party, then its tag (sip_dialog_write_headers). */
static void test_header_tagged(void)
{
    SipWriter w;
    sip_writer_init_request(&w, SIP_STR("BYE"), SIP_STR("sip:a@h"));
    sip_writer_header_tagged(&w, SIP_HDR_FROM, SIP_STR("\"A\" <sip:a@h>"), SIP_STR("1x"));
    sip_writer_header_tagged(&w, SIP_HDR_TO, SIP_STR("<sip:b@h>"), SIP_STR("2y"));
    assert_text(&w, "BYE sip:a@h SIP/2.0\r\n"
                    "From: \"A\" <sip:a@h>;tag=1x\r\n"
                    "To: <sip:b@h>;tag=2y\r\n"
                    "Content-Length: 0\r\n\r\n");
}

static void test_no_body(void)
{
    SipWriter w;
    sip_writer_init_request(&w, SIP_STR("BYE"), SIP_STR("sip:a@h"));
    sip_writer_via(&w, SIP_STR("TCP"), SIP_STR("h"), 0, UNSET, FALSE);
    assert_text(&w, "BYE sip:a@h SIP/2.0\r\nVia: SIP/2.0/TCP h\r\nContent-Length: 0\r\n\r\n");
    /* an empty body writes no Content-Type */
    sip_writer_init_response(&w, 200, UNSET);
    sip_writer_body(&w, SIP_STR("application/sdp"), SIP_STR(""));
    assert_text(&w, "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n");
}

static void test_large(void)
{
    SipWriter w;
    g_autofree char *big = g_strnfill(5000, 'x');
    sip_writer_init_response(&w, 699, SIP_STR("Custom"));
    sip_writer_header(&w, SIP_HDR_SUBJECT, sip_str(big));
    sip_writer_body(&w, SIP_STR("text/plain"), sip_str(big));
    gsize len;
    g_autofree char *text = sip_writer_finish(&w, &len);
    g_autoptr(SipMessage) msg = sip_message_parse(text, len, NULL);
    g_assert_nonnull(msg);
    assert_view(sip_message_reason(msg), "Custom");
    g_assert_cmpuint(sip_message_value(msg, SIP_HDR_SUBJECT).len, ==, 5000);
    g_assert_cmpuint(sip_message_body(msg).len, ==, 5000);
}

static const char request[] =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "v: SIP/2.0/UDP 10.0.1.2:5060 ;rport; branch=z9hG4bK1;received=1.1.1.1, SIP/2.0/UDP p\r\n"
    "Via: SIP/2.0/UDP q;branch=z9hG4bK0\r\n"
    "Max-Forwards: 70\r\n"
    "f: A <sip:alice@atlanta.example.com>;tag=88\r\n"
    "t: B <sip:bob@biloxi.example.com>\r\n"
    "Call-ID: c@h\r\n"
    "CSeq: 7 INVITE\r\n"
    "Timestamp: 54\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

/* RFC 3261 §8.2.6: Via, From, To (with the UAS's tag), Call-ID, CSeq copied. */
static void test_response_to(void)
{
    g_autoptr(SipMessage) req = parse_ok(request);
    SipWriter w;
    sip_writer_init_response_to(&w, req,
                                &(SipResponseSpec){ .code = 180, .to_tag = SIP_STR("b0b") });
    assert_text(&w, "SIP/2.0 180 Ringing\r\n"
                    "Via: SIP/2.0/UDP 10.0.1.2:5060 ;rport; branch=z9hG4bK1;received=1.1.1.1, "
                    "SIP/2.0/UDP p\r\n"
                    "Via: SIP/2.0/UDP q;branch=z9hG4bK0\r\n"
                    "From: A <sip:alice@atlanta.example.com>;tag=88\r\n"
                    "To: B <sip:bob@biloxi.example.com>;tag=b0b\r\n"
                    "Call-ID: c@h\r\n"
                    "CSeq: 7 INVITE\r\n"
                    "Content-Length: 0\r\n"
                    "\r\n");
    /* §8.2.6.1: 100 Trying copies the Timestamp; §18.2.1 and RFC 3581: received and rport on
     * the top via-parm only */
    sip_writer_init_response_to(&w, req,
                                &(SipResponseSpec){ .code = 100,
                                                    .reason = SIP_STR("Trying hard"),
                                                    .received = SIP_STR("192.0.2.9"),
                                                    .rport = 40000 });
    assert_text(&w, "SIP/2.0 100 Trying hard\r\n"
                    "Via: SIP/2.0/UDP 10.0.1.2:5060;rport=40000;branch=z9hG4bK1;"
                    "received=192.0.2.9, SIP/2.0/UDP p\r\n"
                    "Via: SIP/2.0/UDP q;branch=z9hG4bK0\r\n"
                    "From: A <sip:alice@atlanta.example.com>;tag=88\r\n"
                    "To: B <sip:bob@biloxi.example.com>\r\n"
                    "Call-ID: c@h\r\n"
                    "CSeq: 7 INVITE\r\n"
                    "Timestamp: 54\r\n"
                    "Content-Length: 0\r\n"
                    "\r\n");
}

static void test_response_keeps_to_tag(void)
{
    g_autoptr(SipMessage) req = parse_ok("BYE sip:a@h SIP/2.0\r\n"
                                         "Via: SIP/2.0/UDP h;branch=z9hG4bK2\r\n"
                                         "From: <sip:b@h>;tag=1\r\n"
                                         "To: <sip:a@h>;tag=2\r\n"
                                         "Call-ID: x\r\n"
                                         "CSeq: 3 BYE\r\n"
                                         "\r\n");
    SipWriter w;
    sip_writer_init_response_to(&w, req,
                                &(SipResponseSpec){ .code = 200, .to_tag = SIP_STR("new") });
    gsize len;
    g_autofree char *text = sip_writer_finish(&w, &len);
    g_autoptr(SipMessage) res = sip_message_parse(text, len, NULL);
    assert_view(sip_message_to(res)->tag, "2");
    g_assert_cmpuint(sip_message_status(res), ==, 200);
    assert_view(sip_message_reason(res), "OK");
}

static void test_via_received(void)
{
    g_autoptr(SipMessage) msg = parse_ok(request);
    SipWriter w;
    sip_writer_init_request(&w, SIP_STR("ACK"), SIP_STR("sip:b@h"));
    /* no rport value to fill: rport stays empty; received replaces the old one */
    sip_writer_via_received(&w, sip_message_via(msg, 0), SIP_STR("10.9.9.9"), 0);
    /* no received given: the old one stays */
    sip_writer_via_received(&w, sip_message_via(msg, 0), UNSET, 5);
    /* no parameters at all */
    sip_writer_via_received(&w, sip_message_via(msg, 1), SIP_STR("10.0.0.1"), 9);
    assert_text(&w, "ACK sip:b@h SIP/2.0\r\n"
                    "Via: SIP/2.0/UDP 10.0.1.2:5060;rport;branch=z9hG4bK1;received=10.9.9.9\r\n"
                    "Via: SIP/2.0/UDP 10.0.1.2:5060;rport=5;branch=z9hG4bK1;received=1.1.1.1\r\n"
                    "Via: SIP/2.0/UDP p;received=10.0.0.1\r\n"
                    "Content-Length: 0\r\n"
                    "\r\n");
}

static void test_copy(void)
{
    g_autoptr(SipMessage) msg = parse_ok("OPTIONS sip:a@h SIP/2.0\r\n"
                                         "record-route: <sip:p1;lr>\r\n"
                                         "X-Any:  value \r\n"
                                         "Record-Route: <sip:p2;lr>\r\n"
                                         "\r\n");
    SipWriter w;
    sip_writer_init_response(&w, 486, UNSET);
    sip_writer_copy_headers(&w, msg, SIP_HDR_RECORD_ROUTE);
    sip_writer_copy_header(&w, sip_message_find(msg, SIP_HDR_OTHER));
    assert_text(&w, "SIP/2.0 486 Busy Here\r\n"
                    "Record-Route: <sip:p1;lr>\r\n"
                    "Record-Route: <sip:p2;lr>\r\n"
                    "X-Any: value\r\n"
                    "Content-Length: 0\r\n"
                    "\r\n");
}

static void test_status_phrases(void)
{
    g_assert_cmpstr(sip_status_phrase(100), ==, "Trying");
    g_assert_cmpstr(sip_status_phrase(183), ==, "Session Progress");
    g_assert_cmpstr(sip_status_phrase(407), ==, "Proxy Authentication Required");
    g_assert_cmpstr(sip_status_phrase(606), ==, "Not Acceptable");
    /* §21: unknown codes read as the x00 of their class */
    g_assert_cmpstr(sip_status_phrase(199), ==, "Trying");
    g_assert_cmpstr(sip_status_phrase(499), ==, "Bad Request");
    g_assert_cmpstr(sip_status_phrase(42), ==, "Unknown");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sip/writer/request", test_request);
    g_test_add_func("/sip/writer/no-body", test_no_body);
    g_test_add_func("/sip/writer/header-tagged", test_header_tagged);
    g_test_add_func("/sip/writer/large", test_large);
    g_test_add_func("/sip/writer/response-to", test_response_to);
    g_test_add_func("/sip/writer/response-keeps-to-tag", test_response_keeps_to_tag);
    g_test_add_func("/sip/writer/via-received", test_via_received);
    g_test_add_func("/sip/writer/copy", test_copy);
    g_test_add_func("/sip/writer/status-phrases", test_status_phrases);
    return g_test_run();
}
