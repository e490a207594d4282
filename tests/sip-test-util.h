/* SPDX-License-Identifier: MIT */
/* Helpers shared by the SIP message tests. */
#pragma once

#include "sip-message.h"

/* Compares a view with a C string, keeping the caller's line in the failure message. */
#define assert_view(view, expected)                                                                \
    do {                                                                                           \
        SipStr v_ = (view);                                                                        \
        g_assert_nonnull(v_.s);                                                                    \
        g_autofree char *s_ = sip_str_dup(v_);                                                     \
        g_assert_cmpstr(s_, ==, (expected));                                                       \
    } while (0)

#define assert_unset(view) g_assert_null((view).s)

/* A message from text, which must parse. */
static inline SipMessage *parse_ok(const char *text)
{
    GError *error = NULL;
    SipMessage *msg = sip_message_parse(text, strlen(text), &error);
    g_assert_no_error(error);
    g_assert_nonnull(msg);
    return msg;
}

/* The parse error of @text, which must not parse; to be freed. */
static inline GError *parse_error(const char *text, SipParseError code)
{
    GError *error = NULL;
    SipMessage *msg = sip_message_parse(text, strlen(text), &error);
    g_assert_null(msg);
    g_assert_error(error, SIP_PARSE_ERROR, (gint) code);
    return error;
}
