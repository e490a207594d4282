/* SPDX-License-Identifier: MIT */
/* sipsim parse FILE: reads one SIP or STUN message and explains it. */
#include <stdio.h>

#include "cfg-tree.h"
#include "cli.h"
#include "out-sip-describe.h"
#include "out-stun-describe.h"
#include "sip-check.h"

/* What a user agent and a proxy would answer a request they cannot process. */
static gboolean check_request(const SipMessage *msg)
{
    SipCheckOptions ua = { .proxy = FALSE }, proxy = { .proxy = TRUE };
    SipCheckResult r = { 0 };
    gboolean ok = sip_request_check(msg, &ua, &r);
    if (ok)
        printf("a user agent would process it\n");
    else
        printf("a user agent would answer %u %s: %s\n", r.code, r.reason, r.why);
    sip_check_result_clear(&r);
    if (sip_request_check(msg, &proxy, &r))
        printf("a proxy would process it\n");
    else
        printf("a proxy would answer %u %s: %s\n", r.code, r.reason, r.why);
    sip_check_result_clear(&r);
    return ok;
}

/* ---- STUN (RFC 5389) ---- */

/* The first two bits zero and the magic cookie (RFC 5389 §6): explained as STUN even when the
 * rest is wrong. Anything else goes to the SIP parser. */
static gboolean looks_like_stun(const guint8 *b, gsize len)
{
    return len >= 8 && (b[0] & 0xC0) == 0 &&
           ((guint32) b[4] << 24 | (guint32) b[5] << 16 | (guint32) b[6] << 8 | b[7]) ==
               STUN_MAGIC_COOKIE;
}

static int parse_stun(const char *file, const guint8 *bytes, gsize len)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(StunMessage) msg = stun_message_parse(bytes, len, &error);
    if (!msg) {
        printf("%s: not a valid STUN message: %s\n", file, error->message);
        return CLI_FAILED;
    }
    g_autofree char *text = out_stun_describe(msg);
    fputs(text, stdout);
    printf("valid\n");
    return CLI_OK;
}

int cli_parse_message(int argc, char **argv)
{
    g_autoptr(GOptionContext) ctx = g_option_context_new("FILE - explain one SIP or STUN message");
    g_option_context_set_description(
        ctx, "Reads a SIP message (the exact bytes of one datagram) and prints its structure: "
             "the start line, each header with what sipsim reads in it, the body.\n"
             "A STUN message (RFC 5389: first two bits zero, then the magic cookie) is printed "
             "as its header and each attribute decoded, with the FINGERPRINT checked.\n"
             "Exit status: 0 when it parses and a user agent would process it (SIP), 1 when it "
             "does not (the reason is printed), 2 when the file cannot be read.");
    if (!cli_parse(ctx, "parse", &argc, &argv))
        return CLI_BAD_INPUT;
    if (argc != 2)
        return cli_usage_error("parse", "expected one file, got %d", argc - 1);
    g_autofree char *data = NULL;
    gsize len;
    g_autoptr(GError) error = NULL;
    if (!cfg_read_file(argv[1], &data, &len, &error)) {
        fprintf(stderr, "%s\n", error->message);
        return CLI_BAD_INPUT;
    }
    if (looks_like_stun((const guint8 *) data, len))
        return parse_stun(argv[1], (const guint8 *) data, len);
    g_autoptr(SipMessage) msg = sip_message_parse(data, len, &error);
    if (!msg) {
        printf("%s: not a valid SIP message: %s\n", argv[1], error->message);
        return CLI_FAILED;
    }
    g_autofree char *text = out_sip_describe(msg);
    fputs(text, stdout);
    if (sip_message_is_request(msg) && !check_request(msg))
        return CLI_FAILED;
    printf("valid\n");
    return CLI_OK;
}
