/* SPDX-License-Identifier: MIT */
#include "sip-overload.h"

#include <string.h>

#define SEQ_FRACTION 100000 /* oc-seq's fraction has at most five digits (RFC 7339's grammar) */

/* Digits only, at most @max_digits of them, as a number. */
static gboolean parse_digits(SipStr s, guint max_digits, guint64 *out)
{
    if (s.len == 0 || s.len > max_digits)
        return FALSE;
    guint64 v = 0;
    for (gsize i = 0; i < s.len; i++) {
        if (!g_ascii_isdigit(s.s[i]))
            return FALSE;
        v = v * 10 + (guint64) (s.s[i] - '0');
    }
    *out = v;
    return TRUE;
}

/* oc-seq = 1*12DIGIT "." 1*5DIGIT */
static gboolean parse_seq(SipStr s, guint64 *out)
{
    const char *dot = memchr(s.s, '.', s.len);
    guint64 whole, fraction;
    if (!dot)
        return FALSE;
    SipStr a = { s.s, (gsize) (dot - s.s) }, b = { dot + 1, s.len - a.len - 1 };
    if (!parse_digits(a, 12, &whole) || !parse_digits(b, 5, &fraction))
        return FALSE;
    for (gsize i = b.len; i < 5; i++)
        fraction *= 10;
    *out = whole * SEQ_FRACTION + fraction;
    return TRUE;
}

/* oc-algo = DQUOTE algo-list *(COMMA algo-list) DQUOTE: whether "loss" is among them. */
static gboolean algo_has_loss(SipStr v)
{
    if (v.len < 2 || v.s[0] != '"' || v.s[v.len - 1] != '"')
        return FALSE;
    g_autofree char *list = g_strndup(v.s + 1, v.len - 2);
    g_auto(GStrv) names = g_strsplit(list, ",", -1);
    for (guint i = 0; names[i]; i++)
        if (g_ascii_strcasecmp(g_strstrip(names[i]), "loss") == 0)
            return TRUE;
    return FALSE;
}

gboolean sip_overload_requested(const SipVia *via)
{
    SipStr v;
    return sip_params_find(via->params, "oc", &v) && !sip_str_is_set(v);
}

gboolean sip_overload_parse(const SipVia *via, SipOverloadValues *out)
{
    SipStr oc, algo, validity, seq;
    guint64 reduction, ms = SIP_OVERLOAD_DEFAULT_VALIDITY / SIM_MS;
    if (!sip_params_find(via->params, "oc", &oc) || !parse_digits(oc, 9, &reduction))
        return FALSE;
    if (sip_params_find(via->params, "oc-algo", &algo) && !algo_has_loss(algo))
        return FALSE;
    if (sip_params_find(via->params, "oc-validity", &validity) && !parse_digits(validity, 9, &ms))
        return FALSE;
    if (!sip_params_find(via->params, "oc-seq", &seq) || !parse_seq(seq, &out->seq))
        return FALSE;
    out->reduction = (guint) MIN(reduction, 100);
    out->validity = (SimTime) ms * SIM_MS;
    return TRUE;
}

char *sip_overload_format(guint reduction, SimTime validity, SimTime seq)
{
    return g_strdup_printf(";oc=%u;oc-algo=\"loss\";oc-validity=%" G_GINT64_FORMAT
                           ";oc-seq=%" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT,
                           reduction, validity / SIM_MS, seq / SIM_S, seq % SIM_S / SIM_MS);
}

void sip_overload_apply(SipOverload *ol, const SipOverloadValues *v, SimTime now)
{
    if (ol->have_seq && v->seq <= ol->seq)
        return;
    ol->have_seq = TRUE;
    ol->seq = v->seq;
    ol->reduction = v->validity > 0 ? v->reduction : 0;
    ol->until = now + v->validity;
}

/* Retry-After = delta-seconds [comment] *(SEMI retry-param) (RFC 3261 20.33). */
static gboolean retry_after(const SipMessage *resp, guint64 *seconds)
{
    SipStr v = sip_message_value(resp, SIP_HDR_RETRY_AFTER);
    gsize n = 0;
    while (n < v.len && g_ascii_isdigit(v.s[n]))
        n++;
    return parse_digits((SipStr){ v.s, n }, 9, seconds);
}

void sip_overload_response(SipOverload *ol, const SipMessage *resp, SimTime now)
{
    SipOverloadValues v;
    if (sip_message_via_count(resp) > 0 && sip_overload_parse(sip_message_via(resp, 0), &v))
        sip_overload_apply(ol, &v, now);
    /* 21.5.4: no other request to the server for the Retry-After; without one, a 503 acts as
     * a 500. */
    guint64 seconds;
    if (sip_message_status(resp) == 503 && retry_after(resp, &seconds))
        ol->blocked_until = MAX(ol->blocked_until, now + (SimTime) seconds * SIM_S);
}

gboolean sip_overload_admit(SipOverload *ol, SimTime now, gsl_rng *rng)
{
    if (now < ol->blocked_until) {
        ol->stats.refused_retry_after++;
        return FALSE;
    }
    guint reduction = now < ol->until ? ol->reduction : 0;
    /* RFC 7339 7: each new request is held back with probability oc/100. */
    if (reduction >= 100 || (reduction > 0 && gsl_rng_uniform(rng) * 100.0 < reduction)) {
        ol->stats.refused_oc++;
        return FALSE;
    }
    ol->stats.admitted++;
    return TRUE;
}
