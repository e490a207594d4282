/* SPDX-License-Identifier: MIT */
/*
 * Writes SIP message text directly, once: the start line, the headers in the order they are
 * written (known ones under their canonical long name), then Content-Length (computed), the
 * empty line and the body. A SipWriter lives on the stack; finishing hands over its buffer.
 */
#pragma once

#include "sip-message.h"

typedef struct {
    char *buf;
    gsize len;
    gsize cap;
    gboolean has_body; /* sip_writer_body() was called: only finishing may follow */
} SipWriter;

/* "METHOD uri SIP/2.0". */
void sip_writer_init_request(SipWriter *w, SipStr method, SipStr uri);
/* "SIP/2.0 code reason"; an unset @reason writes the standard phrase. */
void sip_writer_init_response(SipWriter *w, guint code, SipStr reason);

typedef struct {
    guint code;
    SipStr reason;     /* unset: the standard phrase */
    SipStr to_tag;     /* added to To when the request's To has no tag (§8.2.6.2) */
    SipStr received;   /* set on the top Via when set (§18.2.1) */
    guint rport;       /* fills the top Via's empty rport when non-zero (RFC 3581 §4) */
    SipStr via_params; /* set: ";name[=value]..." in place of the top Via's parameters of the
                        * same names, or after them (RFC 7339's oc parameters) */
} SipResponseSpec;

/* RFC 3261 §8.2.6: the status line, then every Via, From, To (with @spec's tag), Call-ID and
 * CSeq of @request, in that order, and for 100 Trying its Timestamp (§8.2.6.1). */
void sip_writer_init_response_to(SipWriter *w, const SipMessage *request,
                                 const SipResponseSpec *spec);

/* A header by id, under its canonical long name. */
void sip_writer_header(SipWriter *w, SipHeaderId id, SipStr value);
/* "Name: @value;tag=@tag", the From or To of a request in a dialog (§12.2.1.1). */
void sip_writer_header_tagged(SipWriter *w, SipHeaderId id, SipStr value, SipStr tag);
/* A header by name, written as given. */
void sip_writer_header_named(SipWriter *w, SipStr name, SipStr value);
/* A header of a parsed message: known ones under their long name, others as written. */
void sip_writer_copy_header(SipWriter *w, const SipHeader *h);
/* Every header @id of @msg, in order. */
void sip_writer_copy_headers(SipWriter *w, const SipMessage *msg, SipHeaderId id);

/* "Via: SIP/2.0/transport host[:port];branch=...[;rport]"; @port 0 writes none. */
void sip_writer_via(SipWriter *w, SipStr transport, SipStr host, guint port, SipStr branch,
                    gboolean rport);
/* The same with @params (";name[=value]...", RFC 7339's oc) after the others. */
void sip_writer_via_params(SipWriter *w, SipStr transport, SipStr host, guint port, SipStr branch,
                           gboolean rport, SipStr params);
/* "Via: " and @via with received=@received (when set) and rport=@rport filling an empty rport
 * (when non-zero), as a server transport records the source of a request. */
void sip_writer_via_received(SipWriter *w, const SipVia *via, SipStr received, guint rport);
/* The same with @params (";name[=value]...") in place of @via's parameters of the same names,
 * or after them: how a server fills in RFC 7339's oc parameters. */
void sip_writer_via_rewrite(SipWriter *w, const SipVia *via, SipStr received, guint rport,
                            SipStr params);
/* "Name: "display" <uri>;tag=..." for From, To, Contact...; an unset @display or @tag is
 * left out. */
void sip_writer_name_addr(SipWriter *w, SipHeaderId id, SipStr display, SipStr uri, SipStr tag);
void sip_writer_cseq(SipWriter *w, guint32 number, SipStr method);
void sip_writer_max_forwards(SipWriter *w, guint hops);

/* Content-Type (when @body is not empty), Content-Length and the body: the last call before
 * sip_writer_finish(). */
void sip_writer_body(SipWriter *w, SipStr content_type, SipStr body);

/* The message text, to be freed with g_free(); a message without sip_writer_body() gets
 * "Content-Length: 0". The writer is then empty. */
char *sip_writer_finish(SipWriter *w, gsize *len);

/* Renders @msg again: its start line and headers, known headers under their long names,
 * Content-Length recomputed from the body. Parsing the result gives an equivalent message. */
char *sip_message_render(const SipMessage *msg, gsize *len);

/* The standard reason phrase of @code (RFC 3261 §21 and extensions); a class phrase for an
 * unknown code. */
const char *sip_status_phrase(guint code);
