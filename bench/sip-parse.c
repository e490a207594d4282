/* SPDX-License-Identifier: MIT */
/*
 * Parse and render speed of the SIP message layer on one core, for each kind of message of a
 * basic call and a registration: an INVITE with an SDP offer (~600 bytes), its 100 Trying, 180
 * Ringing and 200 OK with the SDP answer, the ACK, a BYE and its 200, a REGISTER, its 401
 * challenge and the REGISTER with credentials.
 * "parse" is sip_message_parse() + sip_message_free(); "render" is sip_message_render() of the
 * parsed message; "build" writes the message from scratch with a SipWriter, as a UA does.
 * Each figure is messages per second of the process's CPU time (the machine may be shared) over
 * at least MIN_SECONDS of it.
 */
#include <stdio.h>

#include "bench-measure.h"

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

static SipMessage *parsed_invite, *parsed_bye, *parsed_register;

static char *build_trying(gsize *len)
{
    SipWriter w;
    sip_writer_init_response_to(&w, parsed_invite, &(SipResponseSpec){ .code = 100 });
    return sip_writer_finish(&w, len);
}

static char *build_ringing(gsize *len)
{
    SipWriter w;
    sip_writer_init_response_to(&w, parsed_invite,
                                &(SipResponseSpec){ .code = 180, .to_tag = SIP_STR("314159") });
    sip_writer_name_addr(&w, SIP_HDR_CONTACT, (SipStr){ NULL, 0 },
                         SIP_STR("sip:bob@10.0.2.3:5060;transport=udp"), (SipStr){ NULL, 0 });
    return sip_writer_finish(&w, len);
}

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

static char *build_ack(gsize *len)
{
    SipWriter w;
    sip_writer_init_request(&w, SIP_STR("ACK"), SIP_STR("sip:bob@10.0.2.3:5060;transport=udp"));
    sip_writer_via(&w, SIP_STR("UDP"), SIP_STR("10.0.1.2"), 5060, SIP_STR("z9hG4bK74bd5"), TRUE);
    sip_writer_max_forwards(&w, 70);
    sip_writer_name_addr(&w, SIP_HDR_FROM, SIP_STR("Alice"),
                         SIP_STR("sip:alice@atlanta.example.com"), SIP_STR("9fxced76sl"));
    sip_writer_name_addr(&w, SIP_HDR_TO, (SipStr){ NULL, 0 }, SIP_STR("sip:bob@biloxi.example.com"),
                         SIP_STR("314159"));
    sip_writer_header(&w, SIP_HDR_CALL_ID, SIP_STR("3848276298220188511@atlanta.example.com"));
    sip_writer_cseq(&w, 1, SIP_STR("ACK"));
    return sip_writer_finish(&w, len);
}

static char *build_bye_ok(gsize *len)
{
    SipWriter w;
    sip_writer_init_response_to(&w, parsed_bye, &(SipResponseSpec){ .code = 200 });
    return sip_writer_finish(&w, len);
}

/* A REGISTER, with the credentials answering a 401 when @authorization is set. */
static char *register_with(const char *authorization, gsize *len)
{
    SipWriter w;
    sip_writer_init_request(&w, SIP_STR("REGISTER"), SIP_STR("sip:biloxi.example.com"));
    sip_writer_via(&w, SIP_STR("UDP"), SIP_STR("10.0.2.3"), 5060, SIP_STR("z9hG4bKnashds7"), TRUE);
    sip_writer_max_forwards(&w, 70);
    sip_writer_name_addr(&w, SIP_HDR_FROM, SIP_STR("Bob"), SIP_STR("sip:bob@biloxi.example.com"),
                         SIP_STR("a73kszlfl"));
    sip_writer_name_addr(&w, SIP_HDR_TO, SIP_STR("Bob"), SIP_STR("sip:bob@biloxi.example.com"),
                         (SipStr){ NULL, 0 });
    sip_writer_header(&w, SIP_HDR_CALL_ID, SIP_STR("1j9FpLxk3uxtm8tn@10.0.2.3"));
    sip_writer_cseq(&w, authorization ? 2 : 1, SIP_STR("REGISTER"));
    sip_writer_name_addr(&w, SIP_HDR_CONTACT, (SipStr){ NULL, 0 },
                         SIP_STR("sip:bob@10.0.2.3:5060;transport=udp"), (SipStr){ NULL, 0 });
    sip_writer_header(&w, SIP_HDR_EXPIRES, SIP_STR("3600"));
    if (authorization)
        sip_writer_header(&w, SIP_HDR_AUTHORIZATION, SIP_STR(authorization));
    return sip_writer_finish(&w, len);
}

static char *build_register(gsize *len)
{
    return register_with(NULL, len);
}

static char *build_challenge(gsize *len)
{
    SipWriter w;
    sip_writer_init_response_to(&w, parsed_register,
                                &(SipResponseSpec){ .code = 401, .to_tag = SIP_STR("1410948204") });
    sip_writer_header(&w, SIP_HDR_WWW_AUTHENTICATE,
                      SIP_STR("Digest realm=\"biloxi.example.com\", qop=\"auth\", "
                              "nonce=\"ea9c8e88df84f1cec4341ae6cbe5a359\", opaque=\"\", "
                              "stale=FALSE, algorithm=MD5"));
    return sip_writer_finish(&w, len);
}

static char *build_register_auth(gsize *len)
{
    return register_with("Digest username=\"bob\", realm=\"biloxi.example.com\", "
                         "nonce=\"ea9c8e88df84f1cec4341ae6cbe5a359\", "
                         "uri=\"sip:biloxi.example.com\", "
                         "response=\"dfe56131d1958046689d83306477ecc\", "
                         "algorithm=MD5, cnonce=\"0a4f113b\", qop=auth, nc=00000001",
                         len);
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
    double t0 = bench_cpu_s(), t1;
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
        t1 = bench_cpu_s();
    } while (t1 - t0 < MIN_SECONDS);
    g_assert(bytes > 0);
    return (double) done / (t1 - t0);
}

static void report(const char *name, char *(*build)(gsize *) )
{
    gsize len;
    g_autofree char *text = build(&len);
    printf("sip-parse: %-15s %4" G_GSIZE_FORMAT " bytes: parse %5.2f M/s, render %5.2f M/s, "
           "build %5.2f M/s\n",
           name, len, rate(PARSE, text, len, build) / 1e6, rate(RENDER, text, len, build) / 1e6,
           rate(BUILD, text, len, build) / 1e6);
}

/* The message @build writes, parsed: the request that responses are built from. */
static SipMessage *parsed(char *(*build)(gsize *) )
{
    gsize len;
    g_autofree char *text = build(&len);
    SipMessage *m = sip_message_parse(text, len, NULL);
    g_assert(m);
    return m;
}

int main(void)
{
    parsed_invite = parsed(build_invite);
    parsed_bye = parsed(build_bye);
    parsed_register = parsed(build_register);
    static const struct {
        const char *name;
        char *(*build)(gsize *);
    } kinds[] = {
        { "INVITE+SDP", build_invite },
        { "100 Trying", build_trying },
        { "180 Ringing", build_ringing },
        { "200 INVITE+SDP", build_ok },
        { "ACK", build_ack },
        { "BYE", build_bye },
        { "200 BYE", build_bye_ok },
        { "REGISTER", build_register },
        { "401 challenge", build_challenge },
        { "REGISTER+auth", build_register_auth },
    };
    for (gsize i = 0; i < G_N_ELEMENTS(kinds); i++)
        report(kinds[i].name, kinds[i].build);
    sip_message_free(parsed_invite);
    sip_message_free(parsed_bye);
    sip_message_free(parsed_register);
    return 0;
}
