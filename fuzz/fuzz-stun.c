/* SPDX-License-Identifier: MIT */
/*
 * The STUN decoder (RFC 5389) on any datagram: the quick test the stack makes on every datagram,
 * the full decode, MESSAGE-INTEGRITY against a short-term and a long-term key (the latter from
 * the message's own USERNAME and REALM, as a server derives it), and the explanation `sipsim
 * parse` prints.
 */
#include "fuzz-common.h"
#include "out-stun-describe.h"
#include "stun.h"

/* RFC 5769's password: its vectors' MESSAGE-INTEGRITY verifies with it. */
#define PASSWORD "VOkJxbRl1RmTxUk/WvJxBt"

static void check_long_term(const StunMessage *msg)
{
    if (!msg->username.s || !msg->realm.s)
        return;
    g_autofree char *username = g_strndup(msg->username.s, msg->username.len);
    g_autofree char *realm = g_strndup(msg->realm.s, msg->realm.len);
    g_autoptr(GBytes) key = stun_key_long_term(username, realm, PASSWORD, NULL);
    if (key)
        stun_message_check_integrity(msg, key);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gboolean is_stun = stun_is_message(data, size);
    g_autoptr(StunMessage) msg = stun_message_parse(data, size, NULL);
    /* A message that decodes passes the quick test: the stack would not drop it unread. */
    g_assert_true(!msg || is_stun);
    if (!msg)
        return 0;
    g_free(out_stun_describe(msg));
    g_autoptr(GBytes) key = stun_key_short_term(PASSWORD, NULL);
    stun_message_check_integrity(msg, key);
    check_long_term(msg);
    return 0;
}
