/* SPDX-License-Identifier: MIT */
/* Framing of a SIP datagram (RFC 3261 §7): start line, header lines, empty line, body. */
#include "sip-block.h"
#include "sip-chars.h"
#include "sip-message-private.h"

G_DEFINE_QUARK(sipsim_sip_parse_error, sip_parse_error)

#define ALIGN8(n) (((n) + 7) & ~(gsize) 7)

/* Room for the header table and the structured views of a typical message, from its size:
 * header lines average more than 32 bytes, a Via or a name-addr takes ~200 bytes of views and
 * a message has a handful of them. A message with more spills into extra chunks. */
#define BYTES_PER_HEADER 32
#define ARENA_BASE       1024
#define CHUNK_MIN        1024

typedef struct {
    SipMessage *msg;
    const char *p;
    const char *end;
    guint line;                /* of the datagram, from 1 */
    guint content_length_line; /* where the first Content-Length is */
    GError **error;
} Parser;

gpointer sip_message_alloc(SipMessage *msg, gsize size)
{
    size = ALIGN8(size);
    if ((gsize) (msg->arena_end - msg->arena) < size) {
        gsize got;
        SipChunk *c = sip_block_alloc(ALIGN8(sizeof(SipChunk)) + MAX(size, CHUNK_MIN), &got);
        c->next = msg->chunks;
        c->size = got;
        msg->chunks = c;
        msg->arena = (char *) c + ALIGN8(sizeof(SipChunk));
        msg->arena_end = (char *) c + got;
    }
    gpointer p = msg->arena;
    msg->arena += size;
    return p;
}

gpointer sip_message_grow(SipMessage *msg, gpointer items, guint n, guint *cap, gsize size)
{
    if (n < *cap)
        return items;
    *cap = *cap ? *cap * 2 : 2;
    gpointer bigger = sip_message_alloc(msg, *cap * size);
    if (n)
        memcpy(bigger, items, n * size);
    return bigger;
}

/* The end of the line at @p (before "\r\n" or "\n"), or NULL when no '\n' ends it. */
static const char *line_end(const char *p, const char *end, const char **next)
{
    const char *nl = memchr(p, '\n', (gsize) (end - p));
    if (!nl)
        return NULL;
    *next = nl + 1;
    return nl > p && nl[-1] == '\r' ? nl - 1 : nl;
}

static SipMessage *fail(Parser *ps, SipParseError code, const char *format, ...)
    G_GNUC_PRINTF(3, 4);

static SipMessage *fail(Parser *ps, SipParseError code, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    g_autofree char *what = g_strdup_vprintf(format, args);
    va_end(args);
    g_set_error(ps->error, SIP_PARSE_ERROR, code, "line %u: %s", ps->line, what);
    sip_message_free(ps->msg);
    return NULL;
}

/* SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT, case-insensitive (§7.1). */
static const char *skip_version(const char *p, const char *end)
{
    if (end - p < 4 || g_ascii_strncasecmp(p, "SIP/", 4) != 0)
        return NULL;
    const char *q = p + 4;
    if (q >= end || !g_ascii_isdigit(*q))
        return NULL;
    while (q < end && g_ascii_isdigit(*q))
        q++;
    if (q >= end || *q != '.' || ++q >= end || !g_ascii_isdigit(*q))
        return NULL;
    while (q < end && g_ascii_isdigit(*q))
        q++;
    return q;
}

/* Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (§7.2). */
static gboolean parse_status_line(Parser *ps, const char *p, const char *eol)
{
    SipMessage *m = ps->msg;
    const char *v = skip_version(p, eol);
    if (!v || v >= eol || *v != ' ') {
        fail(ps, SIP_PARSE_ERROR_START_LINE, "status line: expected SIP/2.0 then SP");
        return FALSE;
    }
    m->version = (SipStr){ p, (gsize) (v - p) };
    const char *code = v + 1, *q = code;
    while (q < eol && g_ascii_isdigit(*q))
        q++;
    if (q - code != 3 || *code < '1' || *code > '6' || (q < eol && *q != ' ')) {
        fail(ps, SIP_PARSE_ERROR_START_LINE, "status line: expected a 3-digit status code");
        return FALSE;
    }
    m->status = (guint) ((code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0'));
    q += q < eol;
    m->reason = (SipStr){ q, (gsize) (eol - q) };
    return TRUE;
}

/* Request-Line = Method SP Request-URI SP SIP-Version CRLF (§7.1): single spaces, nothing
 * after the version (RFC 4475 §3.1.2.9, §3.1.2.10). */
static gboolean parse_request_line(Parser *ps, const char *p, const char *eol)
{
    SipMessage *m = ps->msg;
    const char *q = p;
    while (q < eol && sip_char_is(*q, SIP_C_TOKEN))
        q++;
    if (q == p || q >= eol || *q != ' ') {
        fail(ps, SIP_PARSE_ERROR_START_LINE, "request line: expected a method then SP");
        return FALSE;
    }
    m->request = TRUE;
    m->method_text = (SipStr){ p, (gsize) (q - p) };
    m->method = sip_method_lookup(m->method_text);
    const char *uri = q + 1;
    const char *sp = memchr(uri, ' ', (gsize) (eol - uri));
    if (sp == uri) {
        fail(ps, SIP_PARSE_ERROR_START_LINE,
             "request line: expected a single SP before the Request-URI");
        return FALSE;
    }
    if (!sp) {
        fail(ps, SIP_PARSE_ERROR_START_LINE,
             "request line: expected SP then the SIP version after the Request-URI");
        return FALSE;
    }
    const char *err = sip_uri_parse((SipStr){ uri, (gsize) (sp - uri) }, &m->uri);
    if (err) {
        fail(ps, SIP_PARSE_ERROR_START_LINE, "request line: Request-URI: %s", err);
        return FALSE;
    }
    const char *v = skip_version(sp + 1, eol);
    if (!v) {
        fail(ps, SIP_PARSE_ERROR_START_LINE,
             "request line: expected a single SP then SIP/2.0 after the Request-URI");
        return FALSE;
    }
    if (v != eol) {
        fail(ps, SIP_PARSE_ERROR_START_LINE, "request line: unexpected text after the version");
        return FALSE;
    }
    m->version = (SipStr){ sp + 1, (gsize) (v - sp - 1) };
    return TRUE;
}

static SipStr trim(const char *p, const char *end)
{
    while (p < end && sip_is_lws(*p))
        p++;
    while (end > p && sip_is_lws(end[-1]))
        end--;
    return (SipStr){ p, (gsize) (end - p) };
}

/* §7.3.1: a line break followed by whitespace continues the value; the break and the
 * whitespace around it become one SP. The copy goes to the arena. */
static SipStr unfold(SipMessage *m, const char *p, const char *end)
{
    char *out = sip_message_alloc(m, (gsize) (end - p)), *o = out;
    while (p < end) {
        if (*p == '\r' || *p == '\n') {
            while (o > out && sip_is_lws(o[-1]))
                o--;
            while (p < end && (*p == '\r' || *p == '\n' || sip_is_lws(*p)))
                p++;
            if (o > out && p < end)
                *o++ = ' ';
        } else {
            *o++ = *p++;
        }
    }
    return trim(out, o);
}

/* Whether [@p, @end) holds a CR that does not start a CRLF: lines end with CRLF (or LF), and
 * a lone CR would end a line for one element and not for another (§7). */
static gboolean has_lone_cr(const char *p, const char *end)
{
    for (; (p = memchr(p, '\r', (gsize) (end - p))); p++)
        if (p + 1 == end || p[1] != '\n')
            return TRUE;
    return FALSE;
}

typedef enum {
    LINE_HEADER,
    LINE_EMPTY, /* the end of the headers */
    LINE_ERROR,
} LineKind;

/* One header line and its continuation lines. */
static LineKind parse_header(Parser *ps)
{
    SipMessage *m = ps->msg;
    const char *next, *eol = ps->p < ps->end ? line_end(ps->p, ps->end, &next) : NULL;
    if (!eol) {
        fail(ps, SIP_PARSE_ERROR_FRAMING, "the headers do not end with an empty line");
        return LINE_ERROR;
    }
    const char *p = ps->p;
    if (eol == p) {
        ps->p = next;
        return LINE_EMPTY;
    }
    const char *q = p;
    while (q < eol && sip_char_is(*q, SIP_C_TOKEN))
        q++;
    SipStr name = { p, (gsize) (q - p) };
    while (q < eol && sip_is_lws(*q))
        q++;
    if (name.len == 0 || q >= eol || *q != ':') {
        fail(ps, SIP_PARSE_ERROR_HEADER, "expected a header name then ':'");
        return LINE_ERROR;
    }
    const char *value = q + 1;
    guint first_line = ps->line;
    gboolean folded = FALSE;
    while (next < ps->end && sip_is_lws(*next)) {
        ps->line++;
        eol = line_end(next, ps->end, &next);
        if (!eol) {
            fail(ps, SIP_PARSE_ERROR_FRAMING, "the headers do not end with an empty line");
            return LINE_ERROR;
        }
        folded = TRUE;
    }
    if (has_lone_cr(value, eol)) {
        ps->line = first_line;
        fail(ps, SIP_PARSE_ERROR_HEADER, "header '%.*s': a CR without LF; expected CRLF",
             (int) name.len, name.s);
        return LINE_ERROR;
    }
    if (m->n_headers == m->cap_headers)
        m->headers =
            sip_message_grow(m, m->headers, m->n_headers, &m->cap_headers, sizeof(SipHeader));
    SipHeader *h = &m->headers[m->n_headers++];
    h->id = sip_header_lookup(name.s, name.len);
    h->name = name;
    h->value = folded ? unfold(m, value, eol) : trim(value, eol);
    const char *err = sip_value_parse(m, h);
    if (err) {
        ps->line = first_line;
        fail(ps, SIP_PARSE_ERROR_HEADER, "header '%.*s': %s", (int) name.len, name.s, err);
        return LINE_ERROR;
    }
    if (h->id == SIP_HDR_CONTENT_LENGTH && !ps->content_length_line)
        ps->content_length_line = first_line;
    ps->p = next;
    ps->line++;
    return LINE_HEADER;
}

static SipMessage *new_message(const char *data, gsize len)
{
    gsize cap = len / BYTES_PER_HEADER + 8;
    gsize head = ALIGN8(sizeof(SipMessage)), table = ALIGN8(cap * sizeof(SipHeader)), got;
    char *block = sip_block_alloc(head + table + ARENA_BASE + len + len, &got);
    /* The arena takes what the block has beyond the estimate, the datagram the end. */
    gsize arena = got - head - table - len;
    SipMessage *m = (SipMessage *) block;
    *m = (SipMessage){
        .block_size = got,
        .headers = (SipHeader *) (block + head),
        .cap_headers = (guint) cap,
        .arena = block + head + table,
        .arena_end = block + head + table + arena,
        .data = block + head + table + arena,
        .len = len,
        .max_forwards = -1,
        .expires = -1,
        .content_length = -1,
    };
    memcpy(block + head + table + arena, data, len);
    return m;
}

SipMessage *sip_message_parse(const char *data, gsize len, GError **error)
{
    g_return_val_if_fail(data != NULL || len == 0, NULL);
    g_return_val_if_fail(error == NULL || *error == NULL, NULL);
    Parser ps = { .line = 1, .error = error };
    /* §7.5: CRLFs before the start line are ignored. */
    gsize skip = 0;
    while (skip < len && (data[skip] == '\r' || data[skip] == '\n'))
        ps.line += data[skip++] == '\n';
    if (skip == len)
        return fail(&ps, SIP_PARSE_ERROR_START_LINE, "empty message");
    SipMessage *m = ps.msg = new_message(data + skip, len - skip);
    ps.p = m->data;
    ps.end = m->data + m->len;

    const char *next, *eol = line_end(ps.p, ps.end, &next);
    if (!eol)
        return fail(&ps, SIP_PARSE_ERROR_FRAMING, "the start line does not end with CRLF");
    if (has_lone_cr(ps.p, eol))
        return fail(&ps, SIP_PARSE_ERROR_START_LINE, "a CR without LF; expected CRLF");
    gboolean response = skip_version(ps.p, eol) != NULL;
    if (!(response ? parse_status_line : parse_request_line)(&ps, ps.p, eol))
        return NULL;
    ps.p = next;
    ps.line++;
    if (ps.p < ps.end && sip_is_lws(*ps.p))
        return fail(&ps, SIP_PARSE_ERROR_HEADER, "a continuation line after the start line");

    LineKind kind;
    while ((kind = parse_header(&ps)) == LINE_HEADER)
        ;
    if (kind == LINE_ERROR)
        return NULL;

    /* §18.3: over UDP the body runs to the end of the datagram when Content-Length is absent,
     * a larger Content-Length is an error (400), and octets beyond it are discarded. */
    gsize rest = (gsize) (ps.end - ps.p);
    ps.line = ps.content_length_line;
    if (m->content_length > (gint64) rest)
        return fail(&ps, SIP_PARSE_ERROR_FRAMING,
                    "Content-Length is %" G_GINT64_FORMAT " but %" G_GSIZE_FORMAT
                    " bytes follow the headers",
                    m->content_length, rest);
    m->body = (SipStr){ ps.p, m->content_length >= 0 ? (gsize) m->content_length : rest };
    return m;
}
