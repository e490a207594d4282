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

/* Strings are appended to blocks; the last block of a level's list is allocated with the level
 * itself and holds what a typical description needs. */
#define STRINGS_INLINE 160
#define STRINGS_BLOCK  512

struct SipSdpStrings {
    SipSdpStrings *next;
    gsize used;
    gsize size;
    char data[];
};

static void strings_init(SipSdpStrings *s)
{
    *s = (SipSdpStrings){ NULL, 0, STRINGS_INLINE };
}

/* Room for a string of @n bytes and its NUL, kept until the level is freed. */
static char *string_new(SipSdpStrings **store, gsize n)
{
    SipSdpStrings *s = *store;
    if (s->size - s->used <= n) {
        gsize size = MAX(STRINGS_BLOCK, n + 1);
        s = g_malloc(sizeof *s + size);
        *s = (SipSdpStrings){ *store, 0, size };
        *store = s;
    }
    char *text = s->data + s->used;
    text[n] = '\0';
    s->used += n + 1;
    return text;
}

/* A NUL-terminated copy of @n bytes at @text. */
static char *keep(SipSdpStrings **store, const char *text, gsize n)
{
    char *copy = string_new(store, n);
    memcpy(copy, text, n);
    return copy;
}

static char *keep_str(SipSdpStrings **store, const char *text)
{
    return keep(store, text, strlen(text));
}

/* Frees every block but the last, which lives in the level's own allocation. */
static void strings_free(SipSdpStrings *s)
{
    while (s->next) {
        SipSdpStrings *next = s->next;
        g_free(s);
        s = next;
    }
}

static void media_free(gpointer p)
{
    SipSdpMedia *m = p;
    g_ptr_array_unref(m->formats);
    g_ptr_array_unref(m->attributes);
    g_ptr_array_unref(m->others);
    strings_free(m->strings);
    g_free(m);
}

static SipSdpMedia *media_new(void)
{
    SipSdpMedia *m = g_malloc0(sizeof *m + sizeof(SipSdpStrings) + STRINGS_INLINE);
    m->strings = (SipSdpStrings *) (m + 1);
    strings_init(m->strings);
    m->formats = g_ptr_array_new();
    m->direction = SIP_SDP_UNSET;
    m->attributes = g_ptr_array_new();
    m->others = g_ptr_array_new();
    return m;
}

static SipSdp *sdp_new(void)
{
    SipSdp *sdp = g_malloc0(sizeof *sdp + sizeof(SipSdpStrings) + STRINGS_INLINE);
    sdp->strings = (SipSdpStrings *) (sdp + 1);
    strings_init(sdp->strings);
    sdp->direction = SIP_SDP_UNSET;
    sdp->attributes = g_ptr_array_new();
    sdp->others = g_ptr_array_new();
    sdp->media = g_ptr_array_new_with_free_func(media_free);
    return sdp;
}

void sip_sdp_free(SipSdp *sdp)
{
    if (!sdp)
        return;
    g_ptr_array_unref(sdp->attributes);
    g_ptr_array_unref(sdp->others);
    g_ptr_array_unref(sdp->media);
    strings_free(sdp->strings);
    g_free(sdp);
}

SipSdpDirection sip_sdp_media_direction(const SipSdp *sdp, guint index)
{
    g_return_val_if_fail(sdp != NULL && index < sdp->media->len, SIP_SDP_SENDRECV);
    const SipSdpMedia *m = g_ptr_array_index(sdp->media, index);
    return effective(m->direction != SIP_SDP_UNSET ? m->direction : sdp->direction);
}

/* ---- Parsing (RFC 4566 §5, §9) ---- */

/* A view into the text being parsed. */
typedef struct {
    const char *s;
    gsize len;
} Span;

typedef struct {
    guint number; /* 1-based */
    char type;
    Span value; /* after "x=": no NUL, CR or LF inside */
    GError **error;
} Line;

static gboolean fail(Line *line, const char *format, ...) G_GNUC_PRINTF(2, 3);

static gboolean fail(Line *line, const char *format, ...)
{
    if (!line->error)
        return FALSE;
    va_list ap;
    va_start(ap, format);
    g_autofree char *msg = g_strdup_vprintf(format, ap);
    va_end(ap);
    g_set_error(line->error, SIP_SDP_ERROR, SIP_SDP_ERROR_MALFORMED, "line %u: %s", line->number,
                msg);
    return FALSE;
}

static gboolean span_is(Span s, const char *text)
{
    return strlen(text) == s.len && memcmp(s.s, text, s.len) == 0;
}

/* Fields separated by exactly one space (RFC 4566 §5): an empty field is an error. Stores the
 * first @max fields in @f (at most 6), and returns how many there are, or 0 after an error. */
static guint split_fields(Line *line, Span *f, guint min, guint max, const char *what)
{
    const char *p = line->value.s, *end = p + line->value.len;
    guint n = 0;
    gboolean ok = p < end;
    while (ok) {
        const char *sp = memchr(p, ' ', (gsize) (end - p)), *stop = sp ? sp : end;
        ok = stop > p && ++n <= max;
        if (ok && n <= 6)
            f[n - 1] = (Span){ p, (gsize) (stop - p) };
        if (!sp)
            break;
        p = sp + 1;
    }
    if (ok && n >= min)
        return n;
    fail(line, "expected %s in \"%c=%.*s\"", what, line->type, (int) line->value.len,
         line->value.s);
    return 0;
}

/* 1*DIGIT no larger than @max. */
static gboolean parse_number(Line *line, Span text, guint64 max, const char *what, guint64 *out)
{
    guint64 v = 0;
    gboolean ok = text.len > 0;
    for (gsize i = 0; ok && i < text.len; i++) {
        guint d = (guint) (text.s[i] - '0');
        ok = d <= 9 && v <= (max - d) / 10;
        v = v * 10 + d;
    }
    if (ok) {
        *out = v;
        return TRUE;
    }
    return fail(line, "%s \"%.*s\" is not a number up to %" G_GUINT64_FORMAT, what, (int) text.len,
                text.s, max);
}

static char *keep_span(SipSdpStrings **store, Span s)
{
    return keep(store, s.s, s.len);
}

static void address_set(SipSdpStrings **store, SipSdpAddress *a, const Span *fields)
{
    a->nettype = keep_span(store, fields[0]);
    a->addrtype = keep_span(store, fields[1]);
    a->address = keep_span(store, fields[2]);
}

/* o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address> (§5.2) */
static gboolean parse_origin(Line *line, SipSdp *sdp)
{
    Span f[6];
    if (!split_fields(line, f, 6, 6, "six fields") ||
        !parse_number(line, f[1], G_MAXUINT64, "session id", &sdp->session_id) ||
        !parse_number(line, f[2], G_MAXUINT64, "session version", &sdp->session_version))
        return FALSE;
    sdp->username = keep_span(&sdp->strings, f[0]);
    address_set(&sdp->strings, &sdp->origin, f + 3);
    return TRUE;
}

/* c=<nettype> <addrtype> <connection-address> (§5.7), at most one per level. */
static gboolean parse_connection(Line *line, SipSdpStrings **store, SipSdpAddress *a)
{
    if (a->address)
        return fail(line, "a second c= line at this level");
    Span f[6];
    if (!split_fields(line, f, 3, 3, "three fields"))
        return FALSE;
    address_set(store, a, f);
    return TRUE;
}

/* t=<start-time> <stop-time> (§5.9) */
static gboolean parse_timing(Line *line, SipSdp *sdp)
{
    Span f[6];
    return split_fields(line, f, 2, 2, "two fields") &&
           parse_number(line, f[0], G_MAXUINT64, "start time", &sdp->start_time) &&
           parse_number(line, f[1], G_MAXUINT64, "stop time", &sdp->stop_time);
}

/* m=<media> <port>[/<number of ports>] <proto> <fmt> ... (§5.14) */
static gboolean parse_media(Line *line, SipSdpMedia *m)
{
    Span f[6];
    if (!split_fields(line, f, 4, G_MAXUINT, "media, port, proto and formats"))
        return FALSE;
    Span port_text = f[1];
    const char *slash = memchr(port_text.s, '/', port_text.len);
    guint64 port, n_ports = 0;
    if (slash)
        port_text.len = (gsize) (slash - port_text.s);
    Span count = slash ? (Span){ slash + 1, (gsize) (f[1].s + f[1].len - slash - 1) } : port_text;
    if (!parse_number(line, port_text, G_MAXUINT16, "port", &port) ||
        (slash && !parse_number(line, count, G_MAXUINT, "number of ports", &n_ports)))
        return FALSE;
    m->media = keep_span(&m->strings, f[0]);
    m->port = (guint16) port;
    m->n_ports = (guint) n_ports;
    m->proto = keep_span(&m->strings, f[2]);
    const char *p = f[3].s, *end = line->value.s + line->value.len;
    for (const char *sp; p; p = sp ? sp + 1 : NULL) {
        sp = memchr(p, ' ', (gsize) (end - p));
        g_ptr_array_add(m->formats, keep(&m->strings, p, (gsize) ((sp ? sp : end) - p)));
    }
    return TRUE;
}

static gboolean direction_parse(Span name, SipSdpDirection *out)
{
    for (guint i = 0; i < G_N_ELEMENTS(direction_names); i++) {
        if (span_is(name, direction_names[i])) {
            *out = i;
            return TRUE;
        }
    }
    return FALSE;
}

/* a=<attribute>[:<value>] (§5.13); a direction attribute sets the level's direction. */
static gboolean parse_attribute(Line *line, SipSdpStrings **store, SipSdpDirection *direction,
                                GPtrArray *attributes)
{
    SipSdpDirection d;
    if (!direction_parse(line->value, &d)) {
        g_ptr_array_add(attributes, keep_span(store, line->value));
        return TRUE;
    }
    if (*direction != SIP_SDP_UNSET)
        return fail(line, "a second direction attribute at this level");
    *direction = d;
    return TRUE;
}

/* A line of another type, kept whole ("b=AS:64"). */
static char *whole_line(SipSdpStrings **store, const Line *line)
{
    return keep(store, line->value.s - 2, line->value.len + 2);
}

static gboolean parse_session_line(Line *line, SipSdp *sdp, gboolean *timed)
{
    switch (line->type) {
    case 'v':
    case 'o':
    case 's':
        return fail(line, "a second %c= line", line->type);
    case 'c':
        return parse_connection(line, &sdp->strings, &sdp->connection);
    case 't':
        if (*timed)
            break; /* a further time description: kept as it is */
        *timed = TRUE;
        return parse_timing(line, sdp);
    case 'a':
        return parse_attribute(line, &sdp->strings, &sdp->direction, sdp->attributes);
    }
    g_ptr_array_add(sdp->others, whole_line(&sdp->strings, line));
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
        return parse_connection(line, &m->strings, &m->connection);
    case 'a':
        return parse_attribute(line, &m->strings, &m->direction, m->attributes);
    }
    g_ptr_array_add(m->others, whole_line(&m->strings, line));
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
        return span_is(line->value, "0") || fail(line, "expected v=0");
    case 'o':
        return parse_origin(line, sdp);
    default:
        sdp->session_name = keep_span(&sdp->strings, line->value);
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
    /* NUL, CR and LF are the bytes a value may not hold (RFC 4566 §9, byte-string). */
    if (memchr(start, '\0', n) || memchr(start, '\r', n))
        return fail(line, "NUL or CR inside the line");
    if (n < 2 || start[1] != '=' || !g_ascii_islower(start[0])) {
        g_autofree char *raw = g_strndup(start, n);
        g_autofree char *shown = g_strescape(raw, NULL);
        return fail(line, "expected a letter, '=' and a value, got \"%s\"", shown);
    }
    line->type = start[0];
    line->value = (Span){ start + 2, n - 2 };
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
        if (!split_line(&line, start, n) || !parse_line(&line, sdp, &timed))
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

/* The decimal digits of @v, at the end of @buf; returns where they start. */
static char *uint_text(char buf[21], guint64 v)
{
    char *p = buf + 20;
    *p = '\0';
    do
        *--p = (char) ('0' + v % 10);
    while ((v /= 10));
    return p;
}

static void append_uint(GString *out, guint64 v)
{
    char buf[21];
    g_string_append(out, uint_text(buf, v));
}

/* "x=" @value CRLF */
static void append_line(GString *out, const char *prefix, const char *value)
{
    g_string_append(out, prefix);
    g_string_append(out, value);
    g_string_append_len(out, "\r\n", 2);
}

static void render_others(GString *out, GPtrArray *others, const char *types, gboolean in)
{
    for (guint i = 0; i < others->len; i++) {
        const char *o = g_ptr_array_index(others, i);
        if ((strchr(types, o[0]) != NULL) == in)
            append_line(out, "", o);
    }
}

static void render_address(GString *out, const char *prefix, const SipSdpAddress *a)
{
    if (!a->address)
        return;
    g_string_append(out, prefix);
    g_string_append(out, a->nettype);
    g_string_append_c(out, ' ');
    g_string_append(out, a->addrtype);
    g_string_append_c(out, ' ');
    append_line(out, "", a->address);
}

static void render_attributes(GString *out, GPtrArray *attributes, SipSdpDirection direction)
{
    for (guint i = 0; i < attributes->len; i++)
        append_line(out, "a=", g_ptr_array_index(attributes, i));
    if (direction != SIP_SDP_UNSET)
        append_line(out, "a=", sip_sdp_direction_name(direction));
}

static void render_media(GString *out, const SipSdpMedia *m)
{
    g_string_append(out, "m=");
    g_string_append(out, m->media);
    g_string_append_c(out, ' ');
    append_uint(out, m->port);
    if (m->n_ports) {
        g_string_append_c(out, '/');
        append_uint(out, m->n_ports);
    }
    g_string_append_c(out, ' ');
    g_string_append(out, m->proto);
    for (guint i = 0; i < m->formats->len; i++) {
        g_string_append_c(out, ' ');
        g_string_append(out, g_ptr_array_index(m->formats, i));
    }
    g_string_append_len(out, "\r\n", 2);
    render_others(out, m->others, "i", TRUE);
    render_address(out, "c=", &m->connection);
    render_others(out, m->others, "b", TRUE);
    render_others(out, m->others, "k", TRUE);
    render_attributes(out, m->attributes, m->direction);
    render_others(out, m->others, "ibk", FALSE);
}

char *sip_sdp_to_string(const SipSdp *sdp)
{
    g_return_val_if_fail(sdp != NULL, NULL);
    /* Room for a typical description, so that it is not grown piece by piece. */
    GString *out = g_string_sized_new(400);
    g_string_append(out, "v=0\r\no=");
    g_string_append(out, sdp->username);
    g_string_append_c(out, ' ');
    append_uint(out, sdp->session_id);
    g_string_append_c(out, ' ');
    append_uint(out, sdp->session_version);
    render_address(out, " ", &sdp->origin);
    append_line(out, "s=", sdp->session_name);
    render_others(out, sdp->others, "iuep", TRUE);
    render_address(out, "c=", &sdp->connection);
    render_others(out, sdp->others, "b", TRUE);
    g_string_append(out, "t=");
    append_uint(out, sdp->start_time);
    g_string_append_c(out, ' ');
    append_uint(out, sdp->stop_time);
    g_string_append_len(out, "\r\n", 2);
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
    SipSdpStrings **store = &sdp->strings;
    sdp->username = keep_str(store, local->username);
    sdp->session_id = sdp->session_version = local->session_id;
    sdp->origin = (SipSdpAddress){ keep_str(store, "IN"), keep_str(store, "IP4"),
                                   keep_str(store, local->address) };
    sdp->session_name = keep_str(store, "-");
    sdp->connection = sdp->origin;
    return sdp;
}

static SipSdpMedia *audio_new(const SipSdpLocal *local, const char *proto)
{
    SipSdpMedia *m = media_new();
    m->media = keep_str(&m->strings, "audio");
    m->port = local->port;
    m->proto = keep_str(&m->strings, proto);
    return m;
}

static void add_codec(SipSdpMedia *m, guint payload_type, const char *encoding)
{
    char buf[21];
    const char *number = uint_text(buf, payload_type);
    gsize digits = strlen(number), n = strlen(encoding);
    g_ptr_array_add(m->formats, keep(&m->strings, number, digits));
    /* "rtpmap:<number> <encoding>", written in place. */
    char *rtpmap = string_new(&m->strings, 7 + digits + 1 + n);
    memcpy(rtpmap, "rtpmap:", 7);
    memcpy(rtpmap + 7, number, digits);
    rtpmap[7 + digits] = ' ';
    memcpy(rtpmap + 8 + digits, encoding, n);
    g_ptr_array_add(m->attributes, rtpmap);
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
    m->media = keep_str(&m->strings, o->media);
    m->proto = keep_str(&m->strings, o->proto);
    for (guint i = 0; i < o->formats->len; i++)
        g_ptr_array_add(m->formats, keep_str(&m->strings, g_ptr_array_index(o->formats, i)));
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
    next->username = keep_str(&next->strings, previous->username);
    next->session_id = previous->session_id;
    next->session_version = previous->session_version;
    next->origin = (SipSdpAddress){ keep_str(&next->strings, previous->origin.nettype),
                                    keep_str(&next->strings, previous->origin.addrtype),
                                    keep_str(&next->strings, previous->origin.address) };
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
