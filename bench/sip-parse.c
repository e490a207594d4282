/* SPDX-License-Identifier: MIT */
/*
 * Parse and render speed of the SIP message layer on one core, for three messages of a basic
 * call: an INVITE with an SDP offer (~600 bytes), the 200 OK answering it, and a BYE.
 * "parse" is sip_message_parse() + sip_message_free(); "render" is sip_message_render() of the
 * parsed message; "build" writes the message from scratch with a SipWriter, as a UA does.
 * Each figure is messages per second of wall time over at least MIN_SECONDS.
 */
#include <stdio.h>

#include "sip-writer.h"

#define MIN_SECONDS 0.5
#define BATCH       20000

static const char sdp_offer[] = "v=0\r\n"
                                "o=alice 2890844526 2890844526 IN IP4 10.0.1.2\r\n"
                                "s=-\r\n"
                                "c=IN IP4 10.0.1.2\r\n"
                                "t=0 0\r\n"
                                "m=audio 49170 RTP/AVP 0 8 101\r\n"
                                "a=rtpmap:0 PCMU/8000\r\n"
                                "a=rtpmap:8 PCMA/8000\r\n"
                                "a=rtpmap:101 telephone-event/8000\r\n"
                                "a=sendrecv\r\n";

static const char sdp_answer[] = "v=0\r\n"
                                 "o=bob 2808844564 2808844564 IN IP4 10.0.2.3\r\n"
                                 "s=-\r\n"
                                 "c=IN IP4 10.0.2.3\r\n"
                                 "t=0 0\r\n"
                                 "m=audio 3456 RTP/AVP 0\r\n"
                                 "a=rtpmap:0 PCMU/8000\r\n"
                                 "a=sendrecv\r\n";

static char *build_invite(gsize *len)
{
    SipWriter w;
    sip_writer_init_request(&w, SIP_STR("INVITE"), SIP_STR("sip:bob@biloxi.example.com"));
    sip_writer_via(&w, SIP_STR("UDP"), SIP_STR("10.0.1.2"), 5060, SIP_STR("z9hG4bK74bf9a1c"), TRUE);
    sip_writer_max_forwards(&w, 70);
    sip_writer_name_addr(&w, SIP_HDR_FROM, SIP_STR("Alice"),
                         SIP_STR("sip:alice@atlanta.example.com"), SIP_STR("9fxced76sl"));
    sip_writer_name_addr(&w, SIP_HDR_TO, (SipStr){ NULL, 0 }, SIP_STR("sip:bob@biloxi.example.com"),
                         (SipStr){ NULL, 0 });
    sip_writer_header(&w, SIP_HDR_CALL_ID, SIP_STR("3848276298220188511@atlanta.example.com"));
    sip_writer_cseq(&w, 1, SIP_STR("INVITE"));
    sip_writer_name_addr(&w, SIP_HDR_CONTACT, (SipStr){ NULL, 0 },
                         SIP_STR("sip:alice@10.0.1.2:5060;transport=udp"), (SipStr){ NULL, 0 });
    sip_writer_header(&w, SIP_HDR_ALLOW, SIP_STR("INVITE, ACK, CANCEL, BYE, OPTIONS"));
    sip_writer_header(&w, SIP_HDR_SUPPORTED, SIP_STR("replaces"));
    sip_writer_header(&w, SIP_HDR_USER_AGENT, SIP_STR("sipsim/0.1"));
    sip_writer_body(&w, SIP_STR("application/sdp"), SIP_STR(sdp_offer));
    return sip_writer_finish(&w, len);
}

static SipMessage *parsed_invite;

static char *build_ok(gsize *len)
{
    SipWriter w;
    sip_writer_init_response_to(&w, parsed_invite,
                                &(SipResponseSpec){ .code = 200, .to_tag = SIP_STR("314159") });
    sip_writer_name_addr(&w, SIP_HDR_CONTACT, (SipStr){ NULL, 0 },
                         SIP_STR("sip:bob@10.0.2.3:5060;transport=udp"), (SipStr){ NULL, 0 });
    sip_writer_header(&w, SIP_HDR_ALLOW, SIP_STR("INVITE, ACK, CANCEL, BYE, OPTIONS"));
    sip_writer_body(&w, SIP_STR("application/sdp"), SIP_STR(sdp_answer));
    return sip_writer_finish(&w, len);
}

static char *build_bye(gsize *len)
{
    SipWriter w;
    sip_writer_init_request(&w, SIP_STR("BYE"), SIP_STR("sip:alice@10.0.1.2:5060;transport=udp"));
    sip_writer_via(&w, SIP_STR("UDP"), SIP_STR("10.0.2.3"), 5060, SIP_STR("z9hG4bKnashds7"), TRUE);
    sip_writer_max_forwards(&w, 70);
    sip_writer_name_addr(&w, SIP_HDR_FROM, (SipStr){ NULL, 0 },
                         SIP_STR("sip:bob@biloxi.example.com"), SIP_STR("314159"));
    sip_writer_name_addr(&w, SIP_HDR_TO, SIP_STR("Alice"), SIP_STR("sip:alice@atlanta.example.com"),
                         SIP_STR("9fxced76sl"));
    sip_writer_header(&w, SIP_HDR_CALL_ID, SIP_STR("3848276298220188511@atlanta.example.com"));
    sip_writer_cseq(&w, 231, SIP_STR("BYE"));
    return sip_writer_finish(&w, len);
}

typedef enum {
    PARSE,
    RENDER,
    BUILD,
} Op;

/* Messages per second of @op on @text, over at least MIN_SECONDS. */
static double rate(Op op, const char *text, gsize len, char *(*build)(gsize *) )
{
    g_autoptr(SipMessage) msg = sip_message_parse(text, len, NULL);
    g_assert(msg);
    guint64 done = 0;
    gsize bytes = 0;
    gint64 t0 = g_get_monotonic_time(), t1;
    do {
        for (int i = 0; i < BATCH; i++) {
            gsize n = 0;
            if (op == PARSE) {
                SipMessage *m = sip_message_parse(text, len, NULL);
                n = sip_message_header_count(m);
                sip_message_free(m);
            } else {
                g_free(op == RENDER ? sip_message_render(msg, &n) : build(&n));
            }
            bytes += n;
        }
        done += BATCH;
        t1 = g_get_monotonic_time();
    } while ((double) (t1 - t0) / 1e6 < MIN_SECONDS);
    g_assert(bytes > 0);
    return (double) done / ((double) (t1 - t0) / 1e6);
}

static void report(const char *name, char *(*build)(gsize *) )
{
    gsize len;
    g_autofree char *text = build(&len);
    printf("sip-parse: %-6s %4" G_GSIZE_FORMAT " bytes: parse %5.2f M/s, render %5.2f M/s, "
           "build %5.2f M/s\n",
           name, len, rate(PARSE, text, len, build) / 1e6, rate(RENDER, text, len, build) / 1e6,
           rate(BUILD, text, len, build) / 1e6);
}

int main(void)
{
    gsize len;
    g_autofree char *invite = build_invite(&len);
    parsed_invite = sip_message_parse(invite, len, NULL);
    g_assert(parsed_invite);
    report("INVITE", build_invite);
    report("200", build_ok);
    report("BYE", build_bye);
    sip_message_free(parsed_invite);
    return 0;
}
