/* SPDX-License-Identifier: MIT */
/*
 * SDP: one round-trip test per body of tests/data/sdp (from RFC 4475 messages and a digest
 * vector), each also cut at every byte; fields, directions and unknown lines; malformed input
 * with the line number; offers and answers: the RFC 3264 §6.1 direction table for every offered
 * direction and every wish of the answerer, codec matching, versions, a whole hold and resume
 * exchange (RFC 6337 §5.3) and the resulting media state.
 */
#include "sip-sdp.h"

#include <string.h>

#define CRLF "\r\n"

static SipSdp *parse_ok(const char *text)
{
    GError *error = NULL;
    SipSdp *sdp = sip_sdp_parse(text, strlen(text), &error);
    g_assert_no_error(error);
    return sdp;
}

/* Parses @text cut at every byte: a description or an error, never both, never a crash. */
static void parse_every_prefix(const char *text, gsize len)
{
    for (gsize cut = 0; cut <= len; cut++) {
        g_autofree char *prefix = g_memdup2(text, cut);
        GError *error = NULL;
        SipSdp *sdp = sip_sdp_parse(prefix, cut, &error);
        g_assert_true((sdp == NULL) != (error == NULL));
        if (sdp) {
            g_autofree char *again = sip_sdp_to_string(sdp);
            g_assert_nonnull(again);
        }
        g_clear_error(&error);
        sip_sdp_free(sdp);
    }
}

static void test_body(gconstpointer data)
{
    g_autofree char *path = g_test_build_filename(G_TEST_DIST, "data", "sdp", data, NULL);
    g_autofree char *text = NULL;
    gsize len;
    g_assert_true(g_file_get_contents(path, &text, &len, NULL));
    GError *error = NULL;
    g_autoptr(SipSdp) sdp = sip_sdp_parse(text, len, &error);
    g_assert_no_error(error);
    g_autofree char *rendered = sip_sdp_to_string(sdp);
    g_assert_cmpstr(rendered, ==, text);

    /* The same body with bare LF line ends is the same description. */
    g_auto(GStrv) lines = g_strsplit(text, CRLF, -1);
    g_autofree char *lf = g_strjoinv("\n", lines);
    g_autoptr(SipSdp) from_lf = parse_ok(lf);
    g_autofree char *rendered_lf = sip_sdp_to_string(from_lf);
    g_assert_cmpstr(rendered_lf, ==, text);
    parse_every_prefix(text, len);
    parse_every_prefix(lf, strlen(lf));
}

static void test_fields(void)
{
    g_autofree char *path = g_test_build_filename(G_TEST_DIST, "data", "sdp", "sdp01.sdp", NULL);
    g_autofree char *text = NULL;
    gsize len;
    g_assert_true(g_file_get_contents(path, &text, &len, NULL));
    g_autoptr(SipSdp) sdp = sip_sdp_parse(text, len, NULL);
    g_assert_cmpstr(sdp->username, ==, "mhandley");
    g_assert_cmpuint(sdp->session_id, ==, 29739);
    g_assert_cmpuint(sdp->session_version, ==, 7272939);
    g_assert_cmpstr(sdp->origin.nettype, ==, "IN");
    g_assert_cmpstr(sdp->origin.addrtype, ==, "IP4");
    g_assert_cmpstr(sdp->origin.address, ==, "192.0.2.5");
    g_assert_cmpstr(sdp->session_name, ==, "-");
    g_assert_cmpstr(sdp->connection.address, ==, "192.0.2.5");
    g_assert_cmpuint(sdp->start_time, ==, 0);
    g_assert_cmpuint(sdp->stop_time, ==, 0);
    g_assert_cmpuint(sdp->media->len, ==, 2);
    const SipSdpMedia *audio = g_ptr_array_index(sdp->media, 0);
    g_assert_cmpstr(audio->media, ==, "audio");
    g_assert_cmpuint(audio->port, ==, 49217);
    g_assert_cmpstr(audio->proto, ==, "RTP/AVP");
    g_assert_cmpuint(audio->formats->len, ==, 2);
    g_assert_cmpstr(g_ptr_array_index(audio->formats, 1), ==, "12");
    g_assert_null(audio->connection.address);
    const SipSdpMedia *video = g_ptr_array_index(sdp->media, 1);
    g_assert_cmpuint(video->attributes->len, ==, 1);
    g_assert_cmpstr(g_ptr_array_index(video->attributes, 0), ==, "rtpmap:31 LPC");
    g_assert_cmpint(sip_sdp_media_direction(sdp, 0), ==, SIP_SDP_SENDRECV);
    g_assert_cmpint(sip_sdp_media_direction(sdp, 1), ==, SIP_SDP_SENDRECV);
}

/* The example of RFC 4566 §5, with every line type and a second time description added. */
static const char rfc4566_full[] =
    "v=0" CRLF "o=jdoe 2890844526 2890842807 IN IP4 10.47.16.5" CRLF "s=SDP Seminar" CRLF
    "i=A Seminar on the session description protocol" CRLF
    "u=http://www.example.com/seminars/sdp.pdf" CRLF "e=j.doe@example.com (Jane Doe)" CRLF
    "p=+1 617 555-6011" CRLF "c=IN IP4 224.2.17.12/127" CRLF "b=CT:128" CRLF
    "t=2873397496 2873404696" CRLF "r=7d 1h 0 25h" CRLF "t=3034423619 3042462419" CRLF
    "z=2882844526 -1h 2898848070 0" CRLF "k=prompt" CRLF "a=tool:sipsim" CRLF "a=recvonly" CRLF
    "y=unknown type" CRLF "m=audio 49170/2 RTP/AVP 0" CRLF "i=voice" CRLF "c=IN IP4 10.0.0.1" CRLF
    "b=AS:64" CRLF "k=prompt" CRLF "a=ptime:20" CRLF "a=sendrecv" CRLF "x=also unknown" CRLF
    "m=video 51372 RTP/AVP 99" CRLF "a=rtpmap:99 h263-1998/90000" CRLF;

static void test_every_line_type(void)
{
    g_autoptr(SipSdp) sdp = parse_ok(rfc4566_full);
    g_autofree char *text = sip_sdp_to_string(sdp);
    g_assert_cmpstr(text, ==, rfc4566_full);
    g_assert_cmpuint(sdp->start_time, ==, 2873397496u);
    g_assert_cmpstr(sdp->connection.address, ==, "224.2.17.12/127");
    g_assert_cmpuint(sdp->others->len, ==, 10);
    const SipSdpMedia *audio = g_ptr_array_index(sdp->media, 0);
    g_assert_cmpuint(audio->n_ports, ==, 2);
    g_assert_cmpstr(audio->connection.address, ==, "10.0.0.1");
    /* Media level wins; a stream without its own attribute takes the session's. */
    g_assert_cmpint(sdp->direction, ==, SIP_SDP_RECVONLY);
    g_assert_cmpint(sip_sdp_media_direction(sdp, 0), ==, SIP_SDP_SENDRECV);
    g_assert_cmpint(sip_sdp_media_direction(sdp, 1), ==, SIP_SDP_RECVONLY);

    /* Out of order, the lines come back in RFC 4566 §5 order: an equivalent description. */
    g_autoptr(SipSdp) shuffled = parse_ok(
        "v=0" CRLF "o=- 1 1 IN IP4 10.0.0.1" CRLF "s=-" CRLF "b=AS:64" CRLF "a=inactive" CRLF
        "c=IN IP4 10.0.0.1" CRLF "t=0 0" CRLF "m=audio 4000 RTP/AVP 0" CRLF "a=sendonly" CRLF
        "a=rtpmap:0 PCMU/8000" CRLF "b=AS:80" CRLF);
    g_autofree char *ordered = sip_sdp_to_string(shuffled);
    g_assert_cmpstr(ordered, ==,
                    "v=0" CRLF "o=- 1 1 IN IP4 10.0.0.1" CRLF "s=-" CRLF "c=IN IP4 10.0.0.1" CRLF
                    "b=AS:64" CRLF "t=0 0" CRLF "a=inactive" CRLF "m=audio 4000 RTP/AVP 0" CRLF
                    "b=AS:80" CRLF "a=rtpmap:0 PCMU/8000" CRLF "a=sendonly" CRLF);
    g_assert_cmpint(sip_sdp_media_direction(shuffled, 0), ==, SIP_SDP_SENDONLY);
}

#define HEAD "v=0" CRLF "o=- 1 2 IN IP4 10.0.0.1" CRLF "s=-" CRLF

typedef struct {
    const char *text;
    const char *message;
} BadCase;

static const BadCase bad_cases[] = {
    { "", "line 1: expected the v= line" },
    { CRLF CRLF, "line 1: expected the v= line" },
    { "v=1" CRLF, "line 1: expected v=0" },
    { "V=0" CRLF, "line 1: expected a letter, '=' and a value, got \"V=0\"" },
    { "v=0" CRLF "s=-" CRLF, "line 2: expected the o= line" },
    { "v=0" CRLF "o=- 1 2 IN IP4" CRLF, "line 2: expected six fields in \"o=- 1 2 IN IP4\"" },
    { "v=0" CRLF "o=- 12x 2 IN IP4 h" CRLF,
      "line 2: session id \"12x\" is not a number up to 18446744073709551615" },
    { "v=0" CRLF "o=- 1 18446744073709551616 IN IP4 h" CRLF,
      "line 2: session version \"18446744073709551616\" is not a number up to "
      "18446744073709551615" },
    { "v=0" CRLF "o=- 1 2 IN IP4 h" CRLF, "line 3: expected the s= line" },
    { HEAD, "line 4: expected a t= line before the end" },
    { HEAD "m=audio 4000 RTP/AVP 0" CRLF, "line 4: m= before any t= line" },
    { HEAD "t=0" CRLF, "line 4: expected two fields in \"t=0\"" },
    { HEAD "v=0" CRLF, "line 4: a second v= line" },
    { HEAD "c=IN IP4 h" CRLF "c=IN IP4 h" CRLF, "line 5: a second c= line at this level" },
    { HEAD "c=IN IP4" CRLF, "line 4: expected three fields in \"c=IN IP4\"" },
    { HEAD CRLF "t=0 0" CRLF, "line 4: expected a letter, '=' and a value, got \"\"" },
    { HEAD "t=0 0" CRLF "a=sendonly" CRLF "a=recvonly" CRLF,
      "line 6: a second direction attribute at this level" },
    { HEAD "t=0 0" CRLF "m=audio 4000 RTP/AVP" CRLF,
      "line 5: expected media, port, proto and formats in \"m=audio 4000 RTP/AVP\"" },
    { HEAD "t=0 0" CRLF "m=audio  4000 RTP/AVP 0" CRLF,
      "line 5: expected media, port, proto and formats in \"m=audio  4000 RTP/AVP 0\"" },
    { HEAD "t=0 0" CRLF "m=audio 70000 RTP/AVP 0" CRLF,
      "line 5: port \"70000\" is not a number up to 65535" },
    { HEAD "t=0 0" CRLF "m=audio 4000/x RTP/AVP 0" CRLF,
      "line 5: number of ports \"x\" is not a number up to 4294967295" },
    { HEAD "t=0 0" CRLF "m=audio 4000 RTP/AVP 0" CRLF "a=inactive" CRLF "a=sendrecv" CRLF,
      "line 7: a second direction attribute at this level" },
    { HEAD "t=0 0" CRLF "m=audio 4000 RTP/AVP 0" CRLF "t=0 0" CRLF,
      "line 6: t= inside a media description" },
    /* The second request of RFC 4475 §3.1.1.11 (valid/dblreq.sip) carries this body. */
    { "v=0" CRLF "o=mhandley 29739 7272939 IN IP4 192.0.2.15" CRLF "s=-" CRLF
      "c=IN IP4 192.0.2.15" CRLF "t=0 0" CRLF "m=audio 49217 RTP/AVP 0 12" CRLF
      "m =video 3227 RTP/AVP 31" CRLF "a=rtpmap:31 LPC" CRLF,
      "line 7: expected a letter, '=' and a value, got \"m =video 3227 RTP/AVP 31\"" },
};

static void test_errors(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
        GError *error = NULL;
        SipSdp *sdp = sip_sdp_parse(bad_cases[i].text, strlen(bad_cases[i].text), &error);
        g_assert_null(sdp);
        g_assert_error(error, SIP_SDP_ERROR, SIP_SDP_ERROR_MALFORMED);
        g_assert_cmpstr(error->message, ==, bad_cases[i].message);
        g_clear_error(&error);
    }
    /* NUL or CR inside a line; trailing empty lines, which are accepted. */
    static const char nul[] = "v=0" CRLF "o=- 1 2 IN IP4 h" CRLF "s=\0" CRLF "t=0 0" CRLF;
    GError *error = NULL;
    g_assert_null(sip_sdp_parse(nul, sizeof nul - 1, &error));
    g_assert_cmpstr(error->message, ==, "line 3: NUL or CR inside the line");
    g_clear_error(&error);
    g_assert_null(sip_sdp_parse(HEAD "a=x\ry" CRLF, strlen(HEAD "a=x\ry" CRLF), &error));
    g_assert_cmpstr(error->message, ==, "line 4: NUL or CR inside the line");
    g_clear_error(&error);
    g_autoptr(SipSdp) trailing = parse_ok(HEAD "t=0 0" CRLF CRLF "\n" CRLF);
    g_assert_cmpuint(trailing->media->len, ==, 0);
}

/* ---- Offer/answer ---- */

static const SipSdpCodec alice_codecs[] = {
    { 0, "PCMU/8000" },
    { 8, "PCMA/8000" },
    { 101, "telephone-event/8000" },
};
static const SipSdpLocal alice = { "alice", 2890844526u, "10.0.1.2", 49170, alice_codecs, 3 };
static const SipSdpCodec bob_codecs[] = {
    { 8, "PCMA/8000" },
    { 96, "telephone-event/8000" },
};
static const SipSdpLocal bob = { "bob", 2890844730u, "10.0.2.3", 3456, bob_codecs, 2 };

static void test_offer(void)
{
    g_autoptr(SipSdp) offer = sip_sdp_offer_new(&alice, SIP_SDP_SENDRECV);
    g_autofree char *text = sip_sdp_to_string(offer);
    g_assert_cmpstr(text, ==,
                    "v=0" CRLF "o=alice 2890844526 2890844526 IN IP4 10.0.1.2" CRLF "s=-" CRLF
                    "c=IN IP4 10.0.1.2" CRLF "t=0 0" CRLF "m=audio 49170 RTP/AVP 0 8 101" CRLF
                    "a=rtpmap:0 PCMU/8000" CRLF "a=rtpmap:8 PCMA/8000" CRLF
                    "a=rtpmap:101 telephone-event/8000" CRLF "a=sendrecv" CRLF);
}

typedef struct {
    SipSdpDirection offered;
    SipSdpDirection wish;
    SipSdpDirection answer;
} DirectionRow;

/* RFC 3264 §6.1: sendonly -> recvonly or inactive, recvonly -> sendonly or inactive,
 * inactive -> inactive, sendrecv -> any; the answerer's wish picks among them. */
static const DirectionRow direction_table[] = {
    { SIP_SDP_SENDRECV, SIP_SDP_SENDRECV, SIP_SDP_SENDRECV },
    { SIP_SDP_SENDRECV, SIP_SDP_SENDONLY, SIP_SDP_SENDONLY },
    { SIP_SDP_SENDRECV, SIP_SDP_RECVONLY, SIP_SDP_RECVONLY },
    { SIP_SDP_SENDRECV, SIP_SDP_INACTIVE, SIP_SDP_INACTIVE },
    { SIP_SDP_SENDONLY, SIP_SDP_SENDRECV, SIP_SDP_RECVONLY },
    { SIP_SDP_SENDONLY, SIP_SDP_SENDONLY, SIP_SDP_INACTIVE },
    { SIP_SDP_SENDONLY, SIP_SDP_RECVONLY, SIP_SDP_RECVONLY },
    { SIP_SDP_SENDONLY, SIP_SDP_INACTIVE, SIP_SDP_INACTIVE },
    { SIP_SDP_RECVONLY, SIP_SDP_SENDRECV, SIP_SDP_SENDONLY },
    { SIP_SDP_RECVONLY, SIP_SDP_SENDONLY, SIP_SDP_SENDONLY },
    { SIP_SDP_RECVONLY, SIP_SDP_RECVONLY, SIP_SDP_INACTIVE },
    { SIP_SDP_RECVONLY, SIP_SDP_INACTIVE, SIP_SDP_INACTIVE },
    { SIP_SDP_INACTIVE, SIP_SDP_SENDRECV, SIP_SDP_INACTIVE },
    { SIP_SDP_INACTIVE, SIP_SDP_SENDONLY, SIP_SDP_INACTIVE },
    { SIP_SDP_INACTIVE, SIP_SDP_RECVONLY, SIP_SDP_INACTIVE },
    { SIP_SDP_INACTIVE, SIP_SDP_INACTIVE, SIP_SDP_INACTIVE },
};

/* Each row through the whole path: offer text, answer text, and who then sends to whom. */
static void test_direction_table(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(direction_table); i++) {
        const DirectionRow *r = &direction_table[i];
        g_test_message("offer %s, answerer wants %s: %s", sip_sdp_direction_name(r->offered),
                       sip_sdp_direction_name(r->wish), sip_sdp_direction_name(r->answer));
        g_assert_cmpint(sip_sdp_answer_direction(r->offered, r->wish), ==, r->answer);
        g_autoptr(SipSdp) offer = sip_sdp_offer_new(&alice, r->offered);
        g_autofree char *offer_text = sip_sdp_to_string(offer);
        g_autoptr(SipSdp) offer_seen = parse_ok(offer_text);
        g_autoptr(SipSdp) answer = sip_sdp_answer_new(&bob, offer_seen, r->wish);
        g_autofree char *answer_text = sip_sdp_to_string(answer);
        g_autofree char *line = g_strdup_printf("a=%s" CRLF, sip_sdp_direction_name(r->answer));
        g_assert_true(g_str_has_suffix(answer_text, line));
        g_autoptr(SipSdp) answer_seen = parse_ok(answer_text);

        SipSdpMediaState state;
        sip_sdp_media_state(offer, answer_seen, &state);
        /* The offerer sends what the answerer agreed to receive, and the reverse. */
        SipSdpDirection offerer = ((r->answer & SIP_SDP_RECVONLY) ? SIP_SDP_SENDONLY : 0) |
                                  ((r->answer & SIP_SDP_SENDONLY) ? SIP_SDP_RECVONLY : 0);
        g_assert_cmpint(state.offerer, ==, offerer);
        g_assert_cmpint(state.answerer, ==, r->answer);
        g_assert_cmpstr(state.offerer_address, ==, "10.0.1.2");
        g_assert_cmpuint(state.offerer_port, ==, 49170);
        g_assert_cmpstr(state.answerer_address, ==, "10.0.2.3");
        g_assert_cmpuint(state.answerer_port, ==, 3456);
    }
}

static void test_answer_codecs(void)
{
    g_autoptr(SipSdp) offer = sip_sdp_offer_new(&alice, SIP_SDP_SENDRECV);
    /* A video stream too, which bob cannot take. */
    g_autoptr(SipSdp) video = parse_ok(HEAD "t=0 0" CRLF "m=video 3227 RTP/AVP 31" CRLF);
    g_ptr_array_add(offer->media, g_ptr_array_steal_index(video->media, 0));
    g_autoptr(SipSdp) answer = sip_sdp_answer_new(&bob, offer, SIP_SDP_SENDRECV);
    g_autofree char *text = sip_sdp_to_string(answer);
    /* PCMA by number and name; telephone-event by name under the offer's number 101. */
    g_assert_cmpstr(text, ==,
                    "v=0" CRLF "o=bob 2890844730 2890844730 IN IP4 10.0.2.3" CRLF "s=-" CRLF
                    "c=IN IP4 10.0.2.3" CRLF "t=0 0" CRLF "m=audio 3456 RTP/AVP 8 101" CRLF
                    "a=rtpmap:8 PCMA/8000" CRLF "a=rtpmap:101 telephone-event/8000" CRLF
                    "a=sendrecv" CRLF "m=video 0 RTP/AVP 31" CRLF);

    /* sdp01 (RFC 4475 §3.3.15) offers PCMU and G.728 without rtpmap: static numbers. */
    g_autofree char *path = g_test_build_filename(G_TEST_DIST, "data", "sdp", "sdp01.sdp", NULL);
    g_autofree char *body = NULL;
    g_assert_true(g_file_get_contents(path, &body, NULL, NULL));
    g_autoptr(SipSdp) sdp01 = parse_ok(body);
    g_autoptr(SipSdp) to_alice = sip_sdp_answer_new(&alice, sdp01, SIP_SDP_SENDRECV);
    const SipSdpMedia *audio = g_ptr_array_index(to_alice->media, 0);
    g_assert_cmpuint(audio->formats->len, ==, 1);
    g_assert_cmpstr(g_ptr_array_index(audio->formats, 0), ==, "0");
    g_assert_cmpuint(audio->port, ==, 49170);
    g_assert_cmpuint(((SipSdpMedia *) g_ptr_array_index(to_alice->media, 1))->port, ==, 0);

    /* No codec in common: the stream is rejected and nothing flows. */
    g_autoptr(SipSdp) to_bob = sip_sdp_answer_new(&bob, sdp01, SIP_SDP_SENDRECV);
    const SipSdpMedia *rejected = g_ptr_array_index(to_bob->media, 0);
    g_assert_cmpuint(rejected->port, ==, 0);
    g_assert_cmpuint(rejected->formats->len, ==, 2);
    SipSdpMediaState state;
    sip_sdp_media_state(sdp01, to_bob, &state);
    g_assert_cmpint(state.offerer, ==, SIP_SDP_INACTIVE);
    g_assert_cmpint(state.answerer, ==, SIP_SDP_INACTIVE);
    g_assert_null(state.offerer_address);
}

/* RFC 3264 §8: a changed description takes the next version, an unchanged one keeps it, and the
 * rest of the o= line never changes. */
static void test_versions(void)
{
    g_autoptr(SipSdp) first = sip_sdp_offer_new(&alice, SIP_SDP_SENDRECV);
    SipSdpLocal moved = alice;
    moved.username = "someone-else";
    moved.session_id = 7;
    g_autoptr(SipSdp) same = sip_sdp_offer_new(&moved, SIP_SDP_SENDRECV);
    sip_sdp_set_previous(same, first);
    g_assert_cmpstr(same->username, ==, "alice");
    g_assert_cmpuint(same->session_id, ==, 2890844526u);
    g_assert_cmpuint(same->session_version, ==, 2890844526u);
    g_autoptr(SipSdp) held = sip_sdp_offer_new(&alice, SIP_SDP_SENDONLY);
    sip_sdp_set_previous(held, same);
    g_assert_cmpuint(held->session_version, ==, 2890844527u);
    moved.port = 5000;
    g_autoptr(SipSdp) other_port = sip_sdp_offer_new(&moved, SIP_SDP_SENDONLY);
    sip_sdp_set_previous(other_port, held);
    g_assert_cmpuint(other_port->session_version, ==, 2890844528u);
    g_autofree char *text = sip_sdp_to_string(other_port);
    g_assert_true(g_str_has_prefix(text, "v=0" CRLF "o=alice 2890844526 2890844528 IN IP4 "));
}

static void test_hold_direction_table(void)
{
    static const struct {
        SipSdpDirection current;
        gboolean hold;
        SipSdpDirection offer;
    } rows[] = {
        { SIP_SDP_SENDRECV, TRUE, SIP_SDP_SENDONLY },
        { SIP_SDP_RECVONLY, TRUE, SIP_SDP_INACTIVE },
        { SIP_SDP_SENDONLY, TRUE, SIP_SDP_SENDONLY },
        { SIP_SDP_INACTIVE, TRUE, SIP_SDP_INACTIVE },
        { SIP_SDP_UNSET, TRUE, SIP_SDP_SENDONLY },
        { SIP_SDP_SENDONLY, FALSE, SIP_SDP_SENDRECV },
        { SIP_SDP_INACTIVE, FALSE, SIP_SDP_RECVONLY },
        { SIP_SDP_SENDRECV, FALSE, SIP_SDP_SENDRECV },
        { SIP_SDP_RECVONLY, FALSE, SIP_SDP_RECVONLY },
    };
    for (guint i = 0; i < G_N_ELEMENTS(rows); i++)
        g_assert_cmpint(sip_sdp_hold_direction(rows[i].current, rows[i].hold), ==, rows[i].offer);
}

/* One side of a call: what it sent last, and whether its user holds the call. */
typedef struct {
    const SipSdpLocal *local;
    SipSdp *last;
    SipSdpDirection state;
    gboolean holding;
} Party;

static void party_send(Party *p, SipSdp *next)
{
    if (p->last)
        sip_sdp_set_previous(next, p->last);
    sip_sdp_free(p->last);
    p->last = next;
}

/* @from offers (to hold, or to resume), @to answers; both learn the media state. */
static void exchange(Party *from, Party *to, gboolean hold)
{
    from->holding = hold;
    SipSdpDirection direction =
        from->last ? sip_sdp_hold_direction(from->state, hold) : SIP_SDP_SENDRECV;
    party_send(from, sip_sdp_offer_new(from->local, direction));
    g_autofree char *offer_text = sip_sdp_to_string(from->last);
    g_autoptr(SipSdp) offer = parse_ok(offer_text);
    /* A holding answerer still wants to send only (RFC 6337 §5.3). */
    party_send(to, sip_sdp_answer_new(to->local, offer,
                                      to->holding ? SIP_SDP_SENDONLY : SIP_SDP_SENDRECV));
    g_autofree char *answer_text = sip_sdp_to_string(to->last);
    g_autoptr(SipSdp) answer = parse_ok(answer_text);
    SipSdpMediaState state;
    sip_sdp_media_state(offer, answer, &state);
    from->state = state.offerer;
    to->state = state.answerer;
}

/* Both sides hold and resume in turn, as in RFC 6337 §5.3; each change bumps the version. */
static void test_hold_and_resume(void)
{
    Party a = { &alice, NULL, SIP_SDP_INACTIVE, FALSE };
    Party b = { &bob, NULL, SIP_SDP_INACTIVE, FALSE };
    static const struct {
        gboolean a_offers;
        gboolean hold;
        SipSdpDirection a_state, b_state;
        guint64 a_version, b_version; /* above the session ids */
    } steps[] = {
        { TRUE, FALSE, SIP_SDP_SENDRECV, SIP_SDP_SENDRECV, 0, 0 },  /* the call */
        { FALSE, TRUE, SIP_SDP_RECVONLY, SIP_SDP_SENDONLY, 1, 1 },  /* B holds */
        { TRUE, TRUE, SIP_SDP_INACTIVE, SIP_SDP_INACTIVE, 2, 2 },   /* A holds too */
        { FALSE, FALSE, SIP_SDP_SENDONLY, SIP_SDP_RECVONLY, 3, 3 }, /* B resumes */
        { TRUE, FALSE, SIP_SDP_SENDRECV, SIP_SDP_SENDRECV, 4, 4 },  /* A resumes */
        { TRUE, FALSE, SIP_SDP_SENDRECV, SIP_SDP_SENDRECV, 4, 4 },  /* a refresh changes nothing */
    };
    for (guint i = 0; i < G_N_ELEMENTS(steps); i++) {
        if (steps[i].a_offers)
            exchange(&a, &b, steps[i].hold);
        else
            exchange(&b, &a, steps[i].hold);
        g_test_message("step %u: A %s, B %s", i, sip_sdp_direction_name(a.state),
                       sip_sdp_direction_name(b.state));
        g_assert_cmpint(a.state, ==, steps[i].a_state);
        g_assert_cmpint(b.state, ==, steps[i].b_state);
        g_assert_cmpuint(a.last->session_version, ==, alice.session_id + steps[i].a_version);
        g_assert_cmpuint(b.last->session_version, ==, bob.session_id + steps[i].b_version);
    }
    sip_sdp_free(a.last);
    sip_sdp_free(b.last);
}

/* RFC 3264 §8.4: c=0.0.0.0 (the RFC 2543 hold) means "send me nothing". */
static void test_zero_address(void)
{
    g_autoptr(SipSdp) offer =
        parse_ok("v=0" CRLF "o=- 1 1 IN IP4 10.0.1.2" CRLF "s=-" CRLF "c=IN IP4 0.0.0.0" CRLF
                 "t=0 0" CRLF "m=audio 49170 RTP/AVP 0" CRLF);
    g_autoptr(SipSdp) answer = sip_sdp_answer_new(&alice, offer, SIP_SDP_SENDRECV);
    SipSdpMediaState state;
    sip_sdp_media_state(offer, answer, &state);
    g_assert_cmpint(state.offerer, ==, SIP_SDP_SENDONLY);
    g_assert_cmpint(state.answerer, ==, SIP_SDP_RECVONLY);
    g_assert_null(state.offerer_address);
    g_assert_cmpuint(state.offerer_port, ==, 0);
    g_assert_cmpstr(state.answerer_address, ==, "10.0.1.2");
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_autofree char *dir = g_test_build_filename(G_TEST_DIST, "data", "sdp", NULL);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    g_assert_nonnull(d);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    for (const char *name; (name = g_dir_read_name(d));) {
        if (g_str_has_suffix(name, ".sdp"))
            g_ptr_array_add(names, g_strdup(name));
    }
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *stem = g_strndup(names->pdata[i], strlen(names->pdata[i]) - 4);
        g_autofree char *path = g_strconcat("/sip/sdp/body/", stem, NULL);
        g_test_add_data_func(path, names->pdata[i], test_body);
    }
    g_test_add_func("/sip/sdp/parse/fields", test_fields);
    g_test_add_func("/sip/sdp/parse/every-line-type", test_every_line_type);
    g_test_add_func("/sip/sdp/parse/errors", test_errors);
    g_test_add_func("/sip/sdp/offer/audio", test_offer);
    g_test_add_func("/sip/sdp/answer/direction-table", test_direction_table);
    g_test_add_func("/sip/sdp/answer/codecs", test_answer_codecs);
    g_test_add_func("/sip/sdp/version/changed-only", test_versions);
    g_test_add_func("/sip/sdp/hold/direction-table", test_hold_direction_table);
    g_test_add_func("/sip/sdp/hold/hold-and-resume", test_hold_and_resume);
    g_test_add_func("/sip/sdp/media-state/zero-address", test_zero_address);
    return g_test_run();
}
