/* SPDX-License-Identifier: MIT */
/*
 * The SIP parser on any datagram, then what the elements read in a parsed message: the checks
 * of a user agent and a proxy, the digest challenges and credentials, the SDP body, and the
 * explanation `sipsim parse` prints.
 */
#include <string.h>

#include "fuzz-common.h"
#include "out-sip-describe.h"
#include "sip-chars.h"
#include "sip-check.h"
#include "sip-digest.h"
#include "sip-message.h"
#include "sip-sdp.h"

/* Every header @id parsed as a digest challenge (@challenge) or credentials, as the phone and
 * the proxy parse them. */
static void read_digest(const SipMessage *msg, SipHeaderId id, gboolean challenge)
{
    const SipHeader *h;
    for (guint n = 0; (h = sip_message_find_nth(msg, id, n)); n++) {
        g_autofree char *value = sip_str_dup(h->value);
        if (challenge)
            sip_digest_challenge_free(sip_digest_challenge_parse(value, NULL));
        else
            sip_digest_credentials_free(sip_digest_credentials_parse(value, NULL));
    }
}

/* The comma-separated lists, each item without surrounding spaces as sip_list_iter_next()
 * promises, and without a line break: an element that echoes one (a 420's Unsupported) must
 * not write a header of the sender's choosing. */
static void read_lists(const SipMessage *msg)
{
    static const SipHeaderId ids[] = { SIP_HDR_REQUIRE, SIP_HDR_SUPPORTED, SIP_HDR_ALLOW };
    for (gsize i = 0; i < G_N_ELEMENTS(ids); i++) {
        SipListIter it;
        SipStr item;
        sip_list_iter_init(&it, msg, ids[i]);
        while (sip_list_iter_next(&it, &item))
            g_assert_true(item.len == 0 ||
                          (!sip_is_lws(item.s[0]) && !sip_is_lws(item.s[item.len - 1]) &&
                           !memchr(item.s, '\r', item.len) && !memchr(item.s, '\n', item.len)));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(SipMessage) msg = sip_message_parse((const char *) data, size, NULL);
    if (!msg)
        return 0;
    g_free(out_sip_describe(msg));
    if (sip_message_is_request(msg)) {
        for (int proxy = 0; proxy < 2; proxy++) {
            SipCheckOptions options = { .proxy = proxy };
            SipCheckResult r = { 0 };
            sip_request_check(msg, &options, &r);
            sip_check_result_clear(&r);
        }
    }
    read_digest(msg, SIP_HDR_WWW_AUTHENTICATE, TRUE);
    read_digest(msg, SIP_HDR_PROXY_AUTHENTICATE, TRUE);
    read_digest(msg, SIP_HDR_AUTHORIZATION, FALSE);
    read_digest(msg, SIP_HDR_PROXY_AUTHORIZATION, FALSE);
    read_lists(msg);
    SipStr body = sip_message_body(msg);
    if (body.len)
        sip_sdp_free(sip_sdp_parse(body.s, body.len, NULL));
    return 0;
}
