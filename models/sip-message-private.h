/* SPDX-License-Identifier: MIT */
/*
 * Inside a SipMessage: one block holds the struct, the header table, the copy of the datagram
 * and an arena for the structured views and unfolded values; the arena spills into extra chunks
 * only when a message has far more structure than its size suggests. Private to the message
 * layer (sip-message.c, sip-parse.c, sip-value.c).
 */
#pragma once

#include "sip-message.h"

typedef struct SipChunk SipChunk;
struct SipChunk {
    SipChunk *next;
    gsize size; /* of the block, for sip_block_free() */
};

struct SipMessage {
    gsize block_size; /* the message's own block (sip-block.h) */
    char *arena;
    char *arena_end;
    SipChunk *chunks; /* spilled arena chunks */

    const char *data;
    gsize len;
    SipHeader *headers;
    guint n_headers, cap_headers;

    gboolean request;
    SipStr version;
    SipMethod method;
    SipStr method_text;
    SipUri uri;
    guint status;
    SipStr reason;
    SipStr body;

    /* The first occurrence of each, in the arena; NULL when absent. */
    SipNameAddr *from;
    SipNameAddr *to;
    SipCSeq *cseq;
    SipContentType *content_type;
    SipStr call_id;
    gint64 max_forwards;
    gint64 expires;
    gint64 content_length;

    SipVia *vias;
    guint n_vias, cap_vias;
    SipNameAddr *contacts;
    guint n_contacts, cap_contacts;
    gboolean contact_star;
    SipNameAddr *routes;
    guint n_routes, cap_routes;
    SipNameAddr *record_routes;
    guint n_record_routes, cap_record_routes;
};

/* @size bytes from the message's arena, 8-byte aligned. */
gpointer sip_message_alloc(SipMessage *msg, gsize size);
/* @items, or a copy twice as large in the arena when its @n items fill its *@cap. */
gpointer sip_message_grow(SipMessage *msg, gpointer items, guint n, guint *cap, gsize size);

/* Parses the value of @h when sipsim structures it, and stores the result in @msg. Returns NULL,
 * or what was expected, as a static string. */
const char *sip_value_parse(SipMessage *msg, const SipHeader *h);
