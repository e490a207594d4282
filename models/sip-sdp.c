/* SPDX-License-Identifier: MIT */
#include "sip-sdp.h"

#include <string.h>

G_DEFINE_QUARK(sipsim_sip_sdp_error, sip_sdp_error)

/* Indexed by the direction bits; the attribute names of RFC 3264 §5.1. */
static const char *const direction_names[] = {
    [SIP_SDP_INACTIVE] = "inactive",
    [SIP_SDP_SENDONLY] = "sendonly",
    [SIP_SDP_RECVONLY] = "recvonly",
    [SIP_SDP_SENDRECV] = "sendrecv",
};

const char *sip_sdp_direction_name(SipSdpDirection direction)
{
    return direction < G_N_ELEMENTS(direction_names) ? direction_names[direction] : "unset";
}

static SipSdpDirection effective(SipSdpDirection d)
{
    return d == SIP_SDP_UNSET ? SIP_SDP_SENDRECV : d;
}

/* The same stream seen from the other side: what one sends the other receives. */
static SipSdpDirection reverse(SipSdpDirection d)
{
    d = effective(d);
    return ((d & SIP_SDP_SENDONLY) ? SIP_SDP_RECVONLY : 0) |
           ((d & SIP_SDP_RECVONLY) ? SIP_SDP_SENDONLY : 0);
}

/* ---- The structures ---- */

static GPtrArray *strings_new(void)
{
    return g_ptr_array_new_with_free_func(g_free);
}

static void address_clear(SipSdpAddress *a)
{
    g_clear_pointer(&a->nettype, g_free);
    g_clear_pointer(&a->addrtype, g_free);
    g_clear_pointer(&a->address, g_free);
}

static void media_free(gpointer p)
{
    SipSdpMedia *m = p;
    g_free(m->media);
    g_free(m->proto);
    g_ptr_array_unref(m->formats);
    address_clear(&m->connection);
    g_ptr_array_unref(m->attributes);
    g_ptr_array_unref(m->others);
    g_free(m);
}

static SipSdpMedia *media_new(void)
{
    SipSdpMedia *m = g_new0(SipSdpMedia, 1);
    m->formats = strings_new();
    m->direction = SIP_SDP_UNSET;
    m->attributes = strings_new();
    m->others = strings_new();
    return m;
}

static SipSdp *sdp_new(void)
{
    SipSdp *sdp = g_new0(SipSdp, 1);
    sdp->direction = SIP_SDP_UNSET;
    sdp->attributes = strings_new();
    sdp->others = strings_new();
    sdp->media = g_ptr_array_new_with_free_func(media_free);
    return sdp;
}

void sip_sdp_free(SipSdp *sdp)
{
    if (!sdp)
        return;
    g_free(sdp->username);
    address_clear(&sdp->origin);
    g_free(sdp->session_name);
    address_clear(&sdp->connection);
    g_ptr_array_unref(sdp->attributes);
    g_ptr_array_unref(sdp->others);
    g_ptr_array_unref(sdp->media);
    g_free(sdp);
}

SipSdpDirection sip_sdp_media_direction(const SipSdp *sdp, guint index)
{
    g_return_val_if_fail(sdp != NULL && index < sdp->media->len, SIP_SDP_SENDRECV);
    const SipSdpMedia *m = g_ptr_array_index(sdp->media, index);
    return effective(m->direction != SIP_SDP_UNSET ? m->direction : sdp->direction);
}

/* ---- Parsing (RFC 4566 §5, §9) ---- */

typedef struct {
    guint number; /* 1-based */
    char type;
    char *value; /* after "x=" */
    GError **error;
} Line;

static gboolean fail(Line *line, const char *format, ...) G_GNUC_PRINTF(2, 3);

static gboolean fail(Line *line, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    g_autofree char *msg = g_strdup_vprintf(format, ap);
    va_end(ap);
    g_set_error(line->error, SIP_SDP_ERROR, SIP_SDP_ERROR_MALFORMED, "line %u: %s", line->number,
                msg);
    return FALSE;
}

/* Fields separated by exactly one space (RFC 4566 §5): an empty field is an error. */
static GStrv split_fields(Line *line, guint min, guint max, const char *what)
{
    GStrv fields = g_strsplit(line->value, " ", -1);
    guint n = g_strv_length(fields);
    gboolean ok = n >= min && n <= max;
    for (guint i = 0; ok && i < n; i++)
        ok = fields[i][0] != '\0';
    if (!ok) {
        fail(line, "expected %s in \"%c=%s\"", what, line->type, line->value);
        g_strfreev(fields);
        return NULL;
    }
    return fields;
}

static gboolean parse_number(Line *line, const char *text, guint64 max, const char *what,
                             guint64 *out)
{
    gboolean digits = text[0] != '\0';
    for (const char *p = text; digits && *p; p++)
        digits = g_ascii_isdigit(*p);
    if (digits && g_ascii_string_to_unsigned(text, 10, 0, max, out, NULL))
        return TRUE;
    return fail(line, "%s \"%s\" is not a number up to %" G_GUINT64_FORMAT, what, text, max);
}

static void address_set(SipSdpAddress *a, GStrv fields)
{
    a->nettype = g_strdup(fields[0]);
    a->addrtype = g_strdup(fields[1]);
    a->address = g_strdup(fields[2]);
}

/* o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address> (§5.2) */
static gboolean parse_origin(Line *line, SipSdp *sdp)
{
    g_auto(GStrv) f = split_fields(line, 6, 6, "six fields");
    if (!f || !parse_number(line, f[1], G_MAXUINT64, "session id", &sdp->session_id) ||
        !parse_number(line, f[2], G_MAXUINT64, "session version", &sdp->session_version))
        return FALSE;
    sdp->username = g_strdup(f[0]);
    address_set(&sdp->origin, f + 3);
    return TRUE;
}

/* c=<nettype> <addrtype> <connection-address> (§5.7), at most one per level. */
static gboolean parse_connection(Line *line, SipSdpAddress *a)
{
    if (a->address)
        return fail(line, "a second c= line at this level");
    g_auto(GStrv) f = split_fields(line, 3, 3, "three fields");
    if (!f)
        return FALSE;
    address_set(a, f);
    return TRUE;
}

/* t=<start-time> <stop-time> (§5.9) */
static gboolean parse_timing(Line *line, SipSdp *sdp)
{
    g_auto(GStrv) f = split_fields(line, 2, 2, "two fields");
    return f && parse_number(line, f[0], G_MAXUINT64, "start time", &sdp->start_time) &&
           parse_number(line, f[1], G_MAXUINT64, "stop time", &sdp->stop_time);
}

/* m=<media> <port>[/<number of ports>] <proto> <fmt> ... (§5.14) */
static gboolean parse_media(Line *line, SipSdpMedia *m)
{
    g_auto(GStrv) f = split_fields(line, 4, G_MAXUINT, "media, port, proto and formats");
    if (!f)
        return FALSE;
    char *slash = strchr(f[1], '/');
    guint64 port, n_ports = 0;
    if (slash)
        *slash = '\0';
    if (!parse_number(line, f[1], G_MAXUINT16, "port", &port) ||
        (slash && !parse_number(line, slash + 1, G_MAXUINT, "number of ports", &n_ports)))
        return FALSE;
    m->media = g_strdup(f[0]);
    m->port = (guint16) port;
    m->n_ports = (guint) n_ports;
    m->proto = g_strdup(f[2]);
    for (guint i = 3; f[i]; i++)
        g_ptr_array_add(m->formats, g_strdup(f[i]));
    return TRUE;
}

static gboolean direction_parse(const char *name, SipSdpDirection *out)
{
    for (guint i = 0; i < G_N_ELEMENTS(direction_names); i++) {
        if (strcmp(name, direction_names[i]) == 0) {
            *out = i;
            return TRUE;
        }
    }
    return FALSE;
}

/* a=<attribute>[:<value>] (§5.13); a direction attribute sets the level's direction. */
static gboolean parse_attribute(Line *line, SipSdpDirection *direction, GPtrArray *attributes)
{
    SipSdpDirection d;
    if (!direction_parse(line->value, &d)) {
        g_ptr_array_add(attributes, g_strdup(line->value));
        return TRUE;
    }
    if (*direction != SIP_SDP_UNSET)
        return fail(line, "a second direction attribute at this level");
    *direction = d;
    return TRUE;
}

static gboolean parse_session_line(Line *line, SipSdp *sdp, gboolean *timed)
{
    switch (line->type) {
    case 'v':
    case 'o':
    case 's':
        return fail(line, "a second %c= line", line->type);
    case 'c':
        return parse_connection(line, &sdp->connection);
    case 't':
        if (*timed)
            break; /* a further time description: kept as it is */
        *timed = TRUE;
        return parse_timing(line, sdp);
    case 'a':
        return parse_attribute(line, &sdp->direction, sdp->attributes);
    }
    g_ptr_array_add(sdp->others, g_strdup_printf("%c=%s", line->type, line->value));
    return TRUE;
}

static gboolean parse_media_line(Line *line, SipSdpMedia *m)
{
    switch (line->type) {
    case 'v':
    case 'o':
    case 's':
    case 't':
        return fail(line, "%c= inside a media description", line->type);
    case 'c':
        return parse_connection(line, &m->connection);
    case 'a':
        return parse_attribute(line, &m->direction, m->attributes);
    }
    g_ptr_array_add(m->others, g_strdup_printf("%c=%s", line->type, line->value));
    return TRUE;
}

/* What each of the first three lines must be (§5: "v=", "o=", "s=" in this order). */
static gboolean parse_header_line(Line *line, SipSdp *sdp)
{
    static const char expected[] = "vos";
    if (line->type != expected[line->number - 1])
        return fail(line, "expected the %c= line", expected[line->number - 1]);
    switch (line->type) {
    case 'v':
        return strcmp(line->value, "0") == 0 || fail(line, "expected v=0");
    case 'o':
        return parse_origin(line, sdp);
    default:
        sdp->session_name = g_strdup(line->value);
        return TRUE;
    }
}

static gboolean parse_line(Line *line, SipSdp *sdp, gboolean *timed)
{
    if (line->number <= 3)
        return parse_header_line(line, sdp);
    if (line->type == 'm') {
        if (!*timed)
            return fail(line, "m= before any t= line");
        SipSdpMedia *m = media_new();
        g_ptr_array_add(sdp->media, m);
        return parse_media(line, m);
    }
    if (sdp->media->len == 0)
        return parse_session_line(line, sdp, timed);
    return parse_media_line(line, g_ptr_array_index(sdp->media, sdp->media->len - 1));
}

/* The line at *pos without its CR LF (@n bytes), or NULL at the end; *pos moves past it. */
static const char *next_line(const char *text, gsize len, gsize *pos, gsize *n)
{
    if (*pos >= len)
        return NULL;
    const char *start = text + *pos;
    const char *nl = memchr(start, '\n', len - *pos);
    *n = nl ? (gsize) (nl - start) : len - *pos;
    *pos += nl ? *n + 1 : *n;
    if (*n > 0 && start[*n - 1] == '\r')
        (*n)--;
    return start;
}

static gboolean only_line_ends(const char *text, gsize len, gsize pos)
{
    for (; pos < len; pos++) {
        if (text[pos] != '\r' && text[pos] != '\n')
            return FALSE;
    }
    return TRUE;
}

/* <type>=<value> (§5): one lowercase letter, '=', no space around it. */
static gboolean split_line(Line *line, const char *start, gsize n)
{
    g_autofree char *raw = g_strndup(start, n);
    /* NUL, CR and LF are the bytes a value may not hold (RFC 4566 §9, byte-string). */
    if (strlen(raw) != n || strchr(raw, '\r'))
        return fail(line, "NUL or CR inside the line");
    if (n < 2 || raw[1] != '=' || !g_ascii_islower(raw[0])) {
        g_autofree char *shown = g_strescape(raw, NULL);
        return fail(line, "expected a letter, '=' and a value, got \"%s\"", shown);
    }
    line->type = raw[0];
    line->value = g_strdup(raw + 2);
    return TRUE;
}

SipSdp *sip_sdp_parse(const char *text, gsize len, GError **error)
{
    g_return_val_if_fail(text != NULL || len == 0, NULL);
    g_autoptr(SipSdp) sdp = sdp_new();
    gboolean timed = FALSE;
    Line line = { .error = error };
    gsize pos = 0, n;
    for (const char *start; (start = next_line(text, len, &pos, &n));) {
        if (n == 0 && only_line_ends(text, len, pos))
            break;
        line.number++;
        gboolean ok = split_line(&line, start, n) && parse_line(&line, sdp, &timed);
        g_clear_pointer(&line.value, g_free);
        if (!ok)
            return NULL;
    }
    line.number++; /* where the missing line should be */
    if (line.number <= 3) {
        fail(&line, "expected the %c= line", "vos"[line.number - 1]);
        return NULL;
    }
    if (!timed) {
        fail(&line, "expected a t= line before the end");
        return NULL;
    }
    return g_steal_pointer(&sdp);
}

/* ---- Rendering (RFC 4566 §5 order) ---- */

static void render_others(GString *out, GPtrArray *others, const char *types, gboolean in)
{
    for (guint i = 0; i < others->len; i++) {
        const char *o = g_ptr_array_index(others, i);
        if ((strchr(types, o[0]) != NULL) == in)
            g_string_append_printf(out, "%s\r\n", o);
    }
}

static void render_address(GString *out, char type, const SipSdpAddress *a)
{
    if (a->address)
        g_string_append_printf(out, "%c=%s %s %s\r\n", type, a->nettype, a->addrtype, a->address);
}

static void render_attributes(GString *out, GPtrArray *attributes, SipSdpDirection direction)
{
    for (guint i = 0; i < attributes->len; i++)
        g_string_append_printf(out, "a=%s\r\n", (const char *) g_ptr_array_index(attributes, i));
    if (direction != SIP_SDP_UNSET)
        g_string_append_printf(out, "a=%s\r\n", sip_sdp_direction_name(direction));
}

static void render_media(GString *out, const SipSdpMedia *m)
{
    g_string_append_printf(out, "m=%s %u", m->media, m->port);
    if (m->n_ports)
        g_string_append_printf(out, "/%u", m->n_ports);
    g_string_append_printf(out, " %s", m->proto);
    for (guint i = 0; i < m->formats->len; i++)
        g_string_append_printf(out, " %s", (const char *) g_ptr_array_index(m->formats, i));
    g_string_append(out, "\r\n");
    render_others(out, m->others, "i", TRUE);
    render_address(out, 'c', &m->connection);
    render_others(out, m->others, "b", TRUE);
    render_others(out, m->others, "k", TRUE);
    render_attributes(out, m->attributes, m->direction);
    render_others(out, m->others, "ibk", FALSE);
}

char *sip_sdp_to_string(const SipSdp *sdp)
{
    g_return_val_if_fail(sdp != NULL, NULL);
    GString *out = g_string_new("v=0\r\n");
    g_string_append_printf(out, "o=%s %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " ", sdp->username,
                           sdp->session_id, sdp->session_version);
    g_string_append_printf(out, "%s %s %s\r\n", sdp->origin.nettype, sdp->origin.addrtype,
                           sdp->origin.address);
    g_string_append_printf(out, "s=%s\r\n", sdp->session_name);
    render_others(out, sdp->others, "iuep", TRUE);
    render_address(out, 'c', &sdp->connection);
    render_others(out, sdp->others, "b", TRUE);
    g_string_append_printf(out, "t=%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT "\r\n",
                           sdp->start_time, sdp->stop_time);
    /* Further t= lines and their r= lines, then z= (§5: time descriptions, then z=). */
    render_others(out, sdp->others, "tr", TRUE);
    render_others(out, sdp->others, "z", TRUE);
    render_others(out, sdp->others, "k", TRUE);
    render_attributes(out, sdp->attributes, sdp->direction);
    render_others(out, sdp->others, "iuepbtrzk", FALSE);
    for (guint i = 0; i < sdp->media->len; i++)
        render_media(out, g_ptr_array_index(sdp->media, i));
    return g_string_free(out, FALSE);
}

/* ---- Offer/answer (RFC 3264) ---- */

static SipSdp *description_new(const SipSdpLocal *local)
{
    SipSdp *sdp = sdp_new();
    sdp->username = g_strdup(local->username);
    sdp->session_id = sdp->session_version = local->session_id;
    sdp->origin = (SipSdpAddress){ g_strdup("IN"), g_strdup("IP4"), g_strdup(local->address) };
    sdp->session_name = g_strdup("-");
    sdp->connection = (SipSdpAddress){ g_strdup("IN"), g_strdup("IP4"), g_strdup(local->address) };
    return sdp;
}

static SipSdpMedia *audio_new(const SipSdpLocal *local, const char *proto)
{
    SipSdpMedia *m = media_new();
    m->media = g_strdup("audio");
    m->port = local->port;
    m->proto = g_strdup(proto);
    return m;
}

static void add_codec(SipSdpMedia *m, guint payload_type, const char *encoding)
{
    g_ptr_array_add(m->formats, g_strdup_printf("%u", payload_type));
    g_ptr_array_add(m->attributes, g_strdup_printf("rtpmap:%u %s", payload_type, encoding));
}

/* An RTP payload type, 0..127 (RFC 3551 §6). */
static gboolean payload_type_parse(const char *format, guint *out)
{
    guint64 pt;
    if (!g_ascii_isdigit(format[0]) || !g_ascii_string_to_unsigned(format, 10, 0, 127, &pt, NULL))
        return FALSE;
    *out = (guint) pt;
    return TRUE;
}

SipSdp *sip_sdp_offer_new(const SipSdpLocal *local, SipSdpDirection direction)
{
    g_return_val_if_fail(local != NULL && local->n_codecs > 0, NULL);
    g_return_val_if_fail(direction <= SIP_SDP_SENDRECV, NULL);
    SipSdp *sdp = description_new(local);
    SipSdpMedia *m = audio_new(local, "RTP/AVP");
    for (guint i = 0; i < local->n_codecs; i++)
        add_codec(m, local->codecs[i].payload_type, local->codecs[i].encoding);
    /* Written even when sendrecv, the default, so that a trace shows it. */
    m->direction = direction;
    g_ptr_array_add(sdp->media, m);
    return sdp;
}

SipSdpDirection sip_sdp_answer_direction(SipSdpDirection offered, SipSdpDirection wish)
{
    return reverse(offered) & effective(wish);
}

/* The encoding an offer's rtpmap gives @format ("PCMU/8000"), or NULL. */
static const char *offered_encoding(const SipSdpMedia *m, const char *format)
{
    gsize n = strlen(format);
    for (guint i = 0; i < m->attributes->len; i++) {
        const char *a = g_ptr_array_index(m->attributes, i);
        if (g_str_has_prefix(a, "rtpmap:") && strncmp(a + 7, format, n) == 0 && a[7 + n] == ' ')
            return a + 8 + n;
    }
    return NULL;
}

/* The local codec for an offered payload type: by encoding name when the offer maps it
 * (dynamic payload types, RFC 4566 §6), else by number (static ones, RFC 3551 §6). */
static const SipSdpCodec *common_codec(const SipSdpLocal *local, const SipSdpMedia *offered,
                                       const char *format, guint payload_type)
{
    const char *encoding = offered_encoding(offered, format);
    for (guint i = 0; i < local->n_codecs; i++) {
        const SipSdpCodec *c = &local->codecs[i];
        if (encoding ? g_ascii_strcasecmp(encoding, c->encoding) == 0
                     : payload_type == c->payload_type)
            return c;
    }
    return NULL;
}

/* Accepts the offered stream @index with the codecs in common, or returns NULL. */
static SipSdpMedia *accept_audio(const SipSdpLocal *local, const SipSdp *offer, guint index,
                                 SipSdpDirection wish)
{
    const SipSdpMedia *o = g_ptr_array_index(offer->media, index);
    SipSdpMedia *m = audio_new(local, o->proto);
    for (guint i = 0; i < o->formats->len; i++) {
        const char *format = g_ptr_array_index(o->formats, i);
        guint pt;
        const SipSdpCodec *c =
            payload_type_parse(format, &pt) ? common_codec(local, o, format, pt) : NULL;
        /* The offer's numbers, so that both sides use one mapping (RFC 3264 §6.1). */
        if (c)
            add_codec(m, pt, c->encoding);
    }
    if (m->formats->len == 0) {
        media_free(m);
        return NULL;
    }
    m->direction = sip_sdp_answer_direction(sip_sdp_media_direction(offer, index), wish);
    return m;
}

/* A rejected stream: port 0 and the offered formats, which must stay (RFC 3264 §6). */
static SipSdpMedia *reject(const SipSdpMedia *o)
{
    SipSdpMedia *m = media_new();
    m->media = g_strdup(o->media);
    m->proto = g_strdup(o->proto);
    for (guint i = 0; i < o->formats->len; i++)
        g_ptr_array_add(m->formats, g_strdup(g_ptr_array_index(o->formats, i)));
    return m;
}

SipSdp *sip_sdp_answer_new(const SipSdpLocal *local, const SipSdp *offer, SipSdpDirection wish)
{
    g_return_val_if_fail(local != NULL && offer != NULL, NULL);
    SipSdp *sdp = description_new(local);
    gboolean audio = FALSE;
    for (guint i = 0; i < offer->media->len; i++) {
        const SipSdpMedia *o = g_ptr_array_index(offer->media, i);
        SipSdpMedia *m = NULL;
        if (!audio && o->port != 0 && strcmp(o->media, "audio") == 0)
            m = accept_audio(local, offer, i, wish);
        audio = audio || m != NULL;
        g_ptr_array_add(sdp->media, m ? m : reject(o));
    }
    return sdp;
}

void sip_sdp_set_previous(SipSdp *next, const SipSdp *previous)
{
    g_return_if_fail(next != NULL && previous != NULL);
    g_free(next->username);
    next->username = g_strdup(previous->username);
    next->session_id = previous->session_id;
    next->session_version = previous->session_version;
    address_clear(&next->origin);
    next->origin =
        (SipSdpAddress){ g_strdup(previous->origin.nettype), g_strdup(previous->origin.addrtype),
                         g_strdup(previous->origin.address) };
    g_autofree char *before = sip_sdp_to_string(previous);
    g_autofree char *after = sip_sdp_to_string(next);
    if (strcmp(before, after) != 0)
        next->session_version++;
}

SipSdpDirection sip_sdp_hold_direction(SipSdpDirection current, gboolean hold)
{
    current = effective(current);
    return hold ? current & ~SIP_SDP_RECVONLY : current | SIP_SDP_RECVONLY;
}

/* The first audio stream: the one sip_sdp_answer_new() accepts. */
static gint first_audio(const SipSdp *sdp)
{
    for (guint i = 0; i < sdp->media->len; i++) {
        const SipSdpMedia *m = g_ptr_array_index(sdp->media, i);
        if (strcmp(m->media, "audio") == 0 && m->port != 0)
            return (gint) i;
    }
    return -1;
}

/* Where a side receives the stream, or NULL if nowhere: RFC 2543 held with c=0.0.0.0. */
static const char *receive_address(const SipSdp *sdp, guint index)
{
    const SipSdpMedia *m = g_ptr_array_index(sdp->media, index);
    const char *address = m->connection.address ? m->connection.address : sdp->connection.address;
    return address && strcmp(address, "0.0.0.0") != 0 ? address : NULL;
}

void sip_sdp_media_state(const SipSdp *offer, const SipSdp *answer, SipSdpMediaState *out)
{
    g_return_if_fail(offer != NULL && answer != NULL && out != NULL);
    *out = (SipSdpMediaState){ SIP_SDP_INACTIVE, SIP_SDP_INACTIVE, NULL, 0, NULL, 0 };
    gint i = first_audio(offer);
    if (i < 0 || (guint) i >= answer->media->len)
        return;
    const SipSdpMedia *a = g_ptr_array_index(answer->media, i);
    if (a->port == 0)
        return;
    const SipSdpMedia *o = g_ptr_array_index(offer->media, i);
    SipSdpDirection od = sip_sdp_media_direction(offer, i);
    SipSdpDirection ad = sip_sdp_media_direction(answer, i);
    out->offerer_address = receive_address(offer, i);
    out->offerer_port = out->offerer_address ? o->port : 0;
    out->answerer_address = receive_address(answer, i);
    out->answerer_port = out->answerer_address ? a->port : 0;
    /* Media flows one way when one side sends, the other receives, and has an address. */
    gboolean offerer_sends =
        (od & SIP_SDP_SENDONLY) && (ad & SIP_SDP_RECVONLY) && out->answerer_address;
    gboolean answerer_sends =
        (ad & SIP_SDP_SENDONLY) && (od & SIP_SDP_RECVONLY) && out->offerer_address;
    out->offerer = (offerer_sends ? SIP_SDP_SENDONLY : 0) | (answerer_sends ? SIP_SDP_RECVONLY : 0);
    out->answerer = reverse(out->offerer);
}
