/* SPDX-License-Identifier: MIT */
/*
 * Character classes of the RFC 3261 §25.1 grammar, as one table lookup each. Private to the
 * SIP message layer.
 */
#pragma once

#include <glib.h>

enum {
    SIP_C_ALPHA = 1 << 0,
    SIP_C_DIGIT = 1 << 1,
    SIP_C_HEX = 1 << 2,
    SIP_C_MARK = 1 << 3,      /* - _ . ! ~ * ' ( ) */
    SIP_C_TOKEN = 1 << 4,     /* alphanum - . ! % * _ + ` ' ~ */
    SIP_C_WORD = 1 << 5,      /* Call-ID words: token chars and ( ) < > : \ " / [ ] ? { } */
    SIP_C_USER = 1 << 6,      /* user-unreserved: & = + $ , ; ? / */
    SIP_C_PASSWORD = 1 << 7,  /* & = + $ , */
    SIP_C_PARAM = 1 << 8,     /* param-unreserved: [ ] / : & + $ */
    SIP_C_HNV = 1 << 9,       /* hnv-unreserved: [ ] / ? : + $ */
    SIP_C_RESERVED = 1 << 10, /* ; / ? : @ & = + $ , */
    SIP_C_SCHEME = 1 << 11,   /* + - . after the first letter of a scheme */
    SIP_C_HOST = 1 << 12,     /* - . in host names */
};

extern const guint16 sip_char_class[256];

static inline gboolean sip_char_is(char c, guint16 classes)
{
    return (sip_char_class[(guint8) c] & classes) != 0;
}

#define SIP_C_ALNUM      (SIP_C_ALPHA | SIP_C_DIGIT)
#define SIP_C_UNRESERVED (SIP_C_ALNUM | SIP_C_MARK)

static inline gboolean sip_is_lws(char c)
{
    return c == ' ' || c == '\t';
}

/* ASCII lower case, inline: header names and URI parts compare case-insensitively. */
static inline char sip_fold(char c)
{
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
}

static inline int sip_hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    return (c | 0x20) - 'a' + 10;
}

/* RFC 3261 §25.1 host: an IPv6 reference in brackets, or a host name or IPv4 address. Returns
 * where the host ends: @p itself when there is none, NULL for an unclosed '['. */
const char *sip_skip_host(const char *p, const char *end);
