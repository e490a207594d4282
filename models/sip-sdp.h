/* SPDX-License-Identifier: MIT */
/*
 * The part of SDP (RFC 4566) that SIP calls use, and the offer/answer rules (RFC 3264) behind
 * hold and resume (RFC 3264 §8.4, RFC 6337 §5). A description is parsed from and rendered to
 * the body text of a SIP message; lines this module does not model are kept in order and
 * rendered back in their RFC 4566 §5 place.
 */
#pragma once

#include <glib.h>

#define SIP_SDP_ERROR (sip_sdp_error_quark())
GQuark sip_sdp_error_quark(void);

typedef enum {
    SIP_SDP_ERROR_MALFORMED, /* "line N: ..." */
} SipSdpError;

/*
 * A stream's direction from one side's point of view (RFC 3264 §5.1): bit 0 "this side sends",
 * bit 1 "this side receives", so that an answer is a bitwise intersection (RFC 3264 §6.1).
 */
typedef enum {
    SIP_SDP_INACTIVE = 0,
    SIP_SDP_SENDONLY = 1 << 0,
    SIP_SDP_RECVONLY = 1 << 1,
    SIP_SDP_SENDRECV = SIP_SDP_SENDONLY | SIP_SDP_RECVONLY,
    SIP_SDP_UNSET = 1 << 2, /* no direction attribute at this level */
} SipSdpDirection;

/* "sendrecv", "sendonly", "recvonly", "inactive", or "unset". */
const char *sip_sdp_direction_name(SipSdpDirection direction);

/* The strings of a description live in blocks owned by their level (the session or one media
 * description) and freed with it: a description costs a few allocations, not one per field. */
typedef struct SipSdpStrings SipSdpStrings;

/* The three fields shared by o= and c=: "IN IP4 192.0.2.1". All NULL when absent. */
typedef struct {
    char *nettype;
    char *addrtype;
    char *address; /* with any "/ttl" of a multicast address */
} SipSdpAddress;

typedef struct {
    char *media;   /* "audio", "video"... */
    guint16 port;  /* 0: the stream is rejected or disabled (RFC 3264 §6, §8.2) */
    guint n_ports; /* the 2 of "49170/2"; 0 when not given */
    char *proto;
    GPtrArray *formats; /* char *, at least one: payload type numbers for RTP/AVP */
    SipSdpAddress connection;
    SipSdpDirection direction;
    GPtrArray *attributes;  /* char *, the text after "a=" without direction ones, in order */
    GPtrArray *others;      /* char *, whole lines of other types ("b=AS:64"), in order */
    SipSdpStrings *strings; /* private: where this media description's strings live */
} SipSdpMedia;

typedef struct {
    char *username; /* o= line (RFC 4566 §5.2) */
    guint64 session_id;
    guint64 session_version;
    SipSdpAddress origin;
    char *session_name;
    SipSdpAddress connection;
    guint64 start_time; /* the first t= line */
    guint64 stop_time;
    SipSdpDirection direction;
    GPtrArray *attributes;
    GPtrArray *others;
    GPtrArray *media;       /* SipSdpMedia * */
    SipSdpStrings *strings; /* private: where the session level's strings live */
} SipSdp;

/*
 * Lines end in CRLF or LF; empty lines may only trail. v=, o= and s= come first, in that order,
 * and a t= line before the first m=. A malformed line is SIP_SDP_ERROR_MALFORMED "line N: ...".
 */
SipSdp *sip_sdp_parse(const char *text, gsize len, GError **error);
/* CRLF line ends, RFC 4566 §5 order; a description parsed from this text renders the same. */
char *sip_sdp_to_string(const SipSdp *sdp);
void sip_sdp_free(SipSdp *sdp);

/* The direction of media @index: its own attribute, else the session's, else sendrecv. */
SipSdpDirection sip_sdp_media_direction(const SipSdp *sdp, guint index);

/* ---- Offer/answer (RFC 3264) ---- */

typedef struct {
    guint8 payload_type;
    const char *encoding; /* the rtpmap text after the payload type: "PCMU/8000" */
} SipSdpCodec;

/* What one side brings to a session: one audio stream on @address:@port. */
typedef struct {
    const char *username;      /* o= username ("-" for none) */
    guint64 session_id;        /* o= sess-id; the first version is the same number */
    const char *address;       /* IPv4, for o= and c= */
    guint16 port;              /* RTP port */
    const SipSdpCodec *codecs; /* in order of preference */
    guint n_codecs;
} SipSdpLocal;

/* An offer of one audio stream with @local's codecs and @direction (RFC 3264 §5). */
SipSdp *sip_sdp_offer_new(const SipSdpLocal *local, SipSdpDirection direction);

/* The direction an answerer who wants @wish answers to @offered (RFC 3264 §6.1): the offer seen
 * from the answerer's side, intersected with the wish. UNSET counts as sendrecv. */
SipSdpDirection sip_sdp_answer_direction(SipSdpDirection offered, SipSdpDirection wish);

/*
 * An answer to @offer (RFC 3264 §6): one m= line per offered one, in order. The first audio
 * stream with a codec in common takes @local's port, the common codecs (matched by rtpmap
 * encoding name, else by static payload type) in the offer's order, and the direction
 * sip_sdp_answer_direction() gives; every other stream is rejected with port 0.
 */
SipSdp *sip_sdp_answer_new(const SipSdpLocal *local, const SipSdp *offer, SipSdpDirection wish);

/*
 * Makes @next follow @previous, the description this side sent last in the session: @next
 * takes @previous's o= line, with the version one higher if anything else differs and the same
 * if not (RFC 3264 §8).
 */
void sip_sdp_set_previous(SipSdp *next, const SipSdp *previous);

/*
 * The direction to offer to put the call on hold or take it off hold, given this side's
 * current direction (RFC 3264 §8.4, RFC 6337 §5.3): hold stops receiving (sendrecv ->
 * sendonly, recvonly -> inactive when the peer already holds), resume receives again.
 */
SipSdpDirection sip_sdp_hold_direction(SipSdpDirection current, gboolean hold);

/*
 * Who sends to whom after an exchange, for the first audio stream: each side's direction from
 * its own point of view (SENDONLY: it sends and does not receive) and where the other side
 * sends its media. A rejected or missing stream is inactive both ways; a side whose address is
 * 0.0.0.0 receives nothing (RFC 3264 §8.4, the RFC 2543 way of holding). The addresses point
 * into @offer and @answer.
 */
typedef struct {
    SipSdpDirection offerer;
    SipSdpDirection answerer;
    const char *offerer_address; /* where the answerer sends: the offer's c= and port */
    guint16 offerer_port;
    const char *answerer_address; /* where the offerer sends */
    guint16 answerer_port;
} SipSdpMediaState;

void sip_sdp_media_state(const SipSdp *offer, const SipSdp *answer, SipSdpMediaState *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SipSdp, sip_sdp_free)
