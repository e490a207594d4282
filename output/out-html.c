/* SPDX-License-Identifier: MIT */
#include "out-html.h"

#include <string.h>

#include "out-html-escape.h"
#include "out-html-ladder.h"
#include "out-html-resources.h"
#include "out-stun-describe.h"
#include "stun.h"

/* A Call-ID of the page, in the order they first appear: a call's, or a registration's. */
typedef struct {
    char *call_id;
    char *first_label; /* its first message: "INVITE", "REGISTER"... */
} Conversation;

/* A call as the caller reported it at its end. */
typedef struct {
    char *call_id;
    char *name; /* "" when the scenario gave it none */
    char *caller;
    char *callee;
    gboolean answered;
} Call;

struct OutHtml {
    guint max;
    guint64 seen; /* every message of the run, shown or not */
    guint64 retransmissions;
    guint64 lost;           /* dropped, not counting those in flight at the end */
    GPtrArray *parties;     /* const char *, in order of first appearance */
    GArray *msgs;           /* OutHtmlMessage, the first max */
    GArray *conversations;  /* Conversation */
    GHashTable *by_call_id; /* call-id -> its place in conversations + 1 */
    GArray *calls;          /* Call, as reported */
};

static guint party(OutHtml *h, const char *name)
{
    for (guint i = 0; i < h->parties->len; i++)
        if (g_str_equal(g_ptr_array_index(h->parties, i), name))
            return i;
    g_ptr_array_add(h->parties, (gpointer) name);
    return h->parties->len - 1;
}

static gint conversation(OutHtml *h, const char *call_id, const char *label)
{
    guint place = GPOINTER_TO_UINT(g_hash_table_lookup(h->by_call_id, call_id));
    if (place)
        return (gint) place - 1;
    Conversation c = { g_strdup(call_id), g_strdup(label) };
    g_array_append_val(h->conversations, c);
    g_hash_table_insert(h->by_call_id, c.call_id, GUINT_TO_POINTER(h->conversations->len));
    return (gint) h->conversations->len - 1;
}

static void on_message(const OutMessage *m, gpointer user)
{
    OutHtml *h = user;
    h->seen++;
    h->retransmissions += m->retransmission;
    h->lost += !g_str_equal(m->fate, "delivered") && !g_str_equal(m->fate, "in-flight");
    if (h->msgs->len >= h->max)
        return;
    OutHtmlMessage x = {
        .time = m->time,
        .from = party(h, m->from),
        .to = party(h, m->to[0] ? m->to : "?"),
        .label = g_strdup(m->label),
        .call_id = g_strdup(m->call_id),
        .cseq = m->cseq,
        .branch = g_strdup(m->branch),
        .bytes = m->bytes,
        .retransmission = m->retransmission,
        .stun = !m->call_id[0] && g_str_has_prefix(m->label, "STUN-"),
        .fate = m->fate,
        .data = g_bytes_ref(m->data), /* out_html_new asked the log to keep it */
    };
    x.conversation = x.stun ? -1 : conversation(h, m->call_id, m->label);
    g_array_append_val(h->msgs, x);
}

static void on_call(gpointer user, const SipCallEvent *ev)
{
    OutHtml *h = user;
    Call c = {
        .call_id = g_strdup(ev->call_id),
        .name = g_strdup(ev->name ? ev->name : ""),
        .caller = g_strdup(ev->caller),
        .callee = g_strdup(ev->callee),
        .answered = ev->answered >= 0,
    };
    g_array_append_val(h->calls, c);
}

static void message_clear(gpointer p)
{
    OutHtmlMessage *m = p;
    g_free(m->label);
    g_free(m->call_id);
    g_free(m->branch);
    g_bytes_unref(m->data);
}

static void conversation_clear(gpointer p)
{
    Conversation *c = p;
    g_free(c->call_id);
    g_free(c->first_label);
}

static void call_clear(gpointer p)
{
    Call *c = p;
    g_free(c->call_id);
    g_free(c->name);
    g_free(c->caller);
    g_free(c->callee);
}

OutHtml *out_html_new(OutMessageLog *log, SipTrace *trace, guint max_messages)
{
    OutHtml *h = g_new0(OutHtml, 1);
    h->max = max_messages;
    h->parties = g_ptr_array_new();
    h->msgs = g_array_new(FALSE, FALSE, sizeof(OutHtmlMessage));
    g_array_set_clear_func(h->msgs, message_clear);
    h->conversations = g_array_new(FALSE, FALSE, sizeof(Conversation));
    g_array_set_clear_func(h->conversations, conversation_clear);
    h->by_call_id = g_hash_table_new(g_str_hash, g_str_equal);
    h->calls = g_array_new(FALSE, FALSE, sizeof(Call));
    g_array_set_clear_func(h->calls, call_clear);
    out_message_log_keep_data(log);
    out_message_log_subscribe(log, on_message, h);
    SipObserver obs = { .call = on_call, .user = h };
    sip_trace_add(trace, &obs);
    return h;
}

void out_html_free(OutHtml *html)
{
    if (!html)
        return;
    g_ptr_array_unref(html->parties);
    g_array_unref(html->msgs);
    g_hash_table_destroy(html->by_call_id);
    g_array_unref(html->conversations);
    g_array_unref(html->calls);
    g_free(html);
}

/* The reported call of each conversation (NULL for a registration's Call-ID). */
static GPtrArray *calls_of_conversations(const OutHtml *h)
{
    GPtrArray *of = g_ptr_array_new();
    g_ptr_array_set_size(of, (gint) h->conversations->len);
    for (guint i = 0; i < h->calls->len; i++) {
        Call *c = &g_array_index(h->calls, Call, i);
        guint place = GPOINTER_TO_UINT(g_hash_table_lookup(h->by_call_id, c->call_id));
        if (place)
            g_ptr_array_index(of, place - 1) = c;
    }
    return of;
}

/* The conversations whose call has @node as caller or callee, in order. */
static GArray *calls_with(const GPtrArray *calls, const char *node)
{
    GArray *places = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint i = 0; i < calls->len; i++) {
        const Call *c = g_ptr_array_index(calls, i);
        if (c && (g_str_equal(c->caller, node) || g_str_equal(c->callee, node)))
            g_array_append_val(places, i);
    }
    return places;
}

/* Which Call-IDs' filter shows each message: a SIP message, its own; a STUN message, which
 * carries no Call-ID, every call whose caller or callee sent or received it (a phone's STUN
 * finds the address its SDP offers; the page cannot tell for which call). */
static GPtrArray *filters_of(const OutHtml *h, const GPtrArray *calls)
{
    g_autoptr(GPtrArray) by_lane = g_ptr_array_new_with_free_func((GDestroyNotify) g_array_unref);
    for (guint i = 0; i < h->parties->len; i++)
        g_ptr_array_add(by_lane, calls_with(calls, g_ptr_array_index(h->parties, i)));
    GPtrArray *filters = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < h->msgs->len; i++) {
        const OutHtmlMessage *m = &g_array_index(h->msgs, OutHtmlMessage, i);
        if (!m->stun) {
            g_ptr_array_add(filters, g_strdup_printf("%d", m->conversation));
            continue;
        }
        /* the union of two ascending lists */
        const GArray *a = g_ptr_array_index(by_lane, m->from),
                     *b = g_ptr_array_index(by_lane, m->to);
        GString *s = g_string_new(NULL);
        for (guint x = 0, y = 0; x < a->len || y < b->len;) {
            guint va = x < a->len ? g_array_index(a, guint, x) : G_MAXUINT;
            guint vb = y < b->len ? g_array_index(b, guint, y) : G_MAXUINT;
            guint v = MIN(va, vb);
            x += va == v;
            y += vb == v;
            g_string_append_printf(s, "%s%u", s->len ? " " : "", v);
        }
        g_ptr_array_add(filters, g_string_free(s, FALSE));
    }
    return filters;
}

static void put_text_element(FILE *f, const char *open, const char *text, const char *close)
{
    fputs(open, f);
    out_html_escape(f, text, -1);
    fputs(close, f);
}

static void put_resource(FILE *f, const char *name)
{
    g_autofree char *path = g_strconcat("/sipsim/output/html/", name, NULL);
    g_autoptr(GBytes) bytes = g_resource_lookup_data(out_html_resources_get_resource(), path,
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
    g_assert(bytes); /* listed in out-html.gresource.xml */
    gsize len;
    const char *data = g_bytes_get_data(bytes, &len);
    fwrite(data, 1, len, f);
}

/* The report as the terminal shows it. */
static char *report_text(const OutRunInfo *info, const NetNetwork *net, const SimWorld *world)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    out_report_print(mem, info, net, world);
    fclose(mem);
    return text;
}

static void put_figure(FILE *f, guint64 n, const char *what)
{
    fprintf(f, "<li><b>%" G_GUINT64_FORMAT "</b> %s</li>\n", n, what);
}

/* "callee-terminates" for "scenarios/callee-terminates.yaml (built in)". */
static char *scenario_name(const char *path)
{
    char *name = g_path_get_basename(path);
    char *yaml = strstr(name, ".yaml");
    if (yaml)
        *yaml = 0;
    return name;
}

static void write_header(FILE *f, const OutHtml *h, const OutRunInfo *info, const NetNetwork *net,
                         const SimWorld *world)
{
    g_autofree char *name = scenario_name(info->scenario);
    put_text_element(f, "<header>\n<h1>", name, "</h1>\n<dl class=\"identity\">\n");
    put_text_element(f, "<div><dt>scenario</dt><dd>", info->scenario, "</dd></div>\n");
    put_text_element(f, "<div><dt>topology</dt><dd>", info->topology, "</dd></div>\n");
    fprintf(f, "<div><dt>seed</dt><dd>%" G_GUINT64_FORMAT "</dd></div>\n", info->seed);
    fprintf(f, "<div><dt>run</dt><dd>%" G_GUINT64_FORMAT "</dd></div>\n", info->run);
    char t[SIM_TIME_BUF];
    fprintf(f, "<div><dt>simulated</dt><dd>%s s</dd></div>\n",
            sim_time_format(info->reached, t, sizeof t));
    put_text_element(f, "<div><dt>ended</dt><dd>", info->ended, "</dd></div>\n</dl>\n");

    guint64 answered = 0;
    for (guint i = 0; i < h->calls->len; i++)
        answered += g_array_index(h->calls, Call, i).answered;
    const NetStats *ns = net_network_stats(net);
    fputs("<ul class=\"figures\">\n", f);
    put_figure(f, h->seen, "SIP and STUN messages");
    put_figure(f, h->retransmissions, "retransmissions");
    put_figure(f, h->lost, "lost");
    put_figure(f, h->calls->len, "calls");
    put_figure(f, answered, "answered");
    put_figure(f, ns->sent, "datagrams sent");
    put_figure(f, info->events, "events");
    fputs("</ul>\n", f);
    if (h->seen > h->msgs->len)
        fprintf(f,
                "<p class=\"warning\" id=\"left-out\">This page shows the first %u of the run's "
                "%" G_GUINT64_FORMAT " messages; messages.csv (--out) lists them all.</p>\n",
                h->msgs->len, h->seen);
    if (!info->complete)
        fputs("<p class=\"warning\">The run was interrupted: the page shows the messages sent "
              "until then.</p>\n",
              f);
    g_autofree char *report = report_text(info, net, world);
    put_text_element(f, "<details><summary>The run's report</summary><pre>", report,
                     "</pre></details>\n</header>\n");
}

/* The option of a Call-ID: the call's name and parties, or its first request. */
static void put_option(FILE *f, guint i, const Conversation *c, const Call *call)
{
    fprintf(f, "<option value=\"%u\">", i);
    if (call && call->name[0])
        put_text_element(f, "", call->name, ": ");
    if (call) {
        put_text_element(f, "", call->caller, " &#8594; ");
        put_text_element(f, "", call->callee, " (");
    } else {
        put_text_element(f, "", c->first_label, " (");
    }
    put_text_element(f, "", c->call_id, ")</option>\n");
}

static void write_controls(FILE *f, const OutHtml *h, const GPtrArray *calls)
{
    fputs("<nav class=\"controls\" aria-label=\"step through the flow\">\n"
          "<button type=\"button\" id=\"prev\" title=\"previous message (left arrow)\">&#9664; "
          "previous</button>\n"
          "<button type=\"button\" id=\"next\" title=\"next message (right arrow)\">next "
          "&#9654;</button>\n",
          f);
    fprintf(f,
            "<input type=\"range\" id=\"slider\" min=\"0\" max=\"%u\" value=\"0\" "
            "aria-label=\"message\">\n<output id=\"position\">%u messages</output>\n",
            h->msgs->len ? h->msgs->len - 1 : 0, h->msgs->len);
    fputs("<label>call <select id=\"call\">\n<option value=\"\">all messages</option>\n", f);
    for (guint i = 0; i < h->conversations->len; i++)
        put_option(f, i, &g_array_index(h->conversations, Conversation, i),
                   g_ptr_array_index(calls, i));
    fputs("</select></label>\n"
          "<span class=\"note\">STUN has no Call-ID: a call shows the STUN messages its caller or "
          "callee sent or received.</span>\n</nav>\n",
          f);
}

static void put_hex(FILE *f, const guint8 *p, gsize len)
{
    for (gsize i = 0; i < len; i++) {
        if (i % 16 == 0)
            fprintf(f, "%s%04zx ", i ? "\n" : "", i);
        fprintf(f, "%s%02x", i % 16 == 8 ? "  " : " ", p[i]);
    }
}

/* The STUN message decoded, then its bytes. */
static void put_stun(FILE *f, const guint8 *p, gsize len)
{
    GError *error = NULL;
    g_autoptr(StunMessage) msg = stun_message_parse(p, len, &error);
    g_autofree char *text =
        msg ? out_stun_describe(msg) : g_strdup_printf("not a STUN message: %s", error->message);
    g_clear_error(&error);
    put_text_element(f, "<pre class=\"text\">\n", text,
                     "</pre>\n<h3>the bytes</h3>\n<pre class=\"hex\">");
    put_hex(f, p, len);
    fputs("</pre>\n", f);
}

static void put_meta(FILE *f, const char *what, const char *value)
{
    fprintf(f, "<dt>%s</dt>", what);
    put_text_element(f, "<dd>", value, "</dd>\n");
}

/* A message's details, shown when it is selected: what it is, then its text. */
static void write_detail(FILE *f, const OutHtml *h, guint i, const Call *call)
{
    const OutHtmlMessage *m = &g_array_index(h->msgs, OutHtmlMessage, i);
    fprintf(f, "<article id=\"d%u\" hidden>\n", i);
    put_text_element(f, "<h2>", m->label,
                     m->retransmission ? " (again)</h2>\n<dl>\n" : "</h2>\n<dl>\n");
    char t[SIM_TIME_BUF];
    fprintf(f, "<dt>time</dt><dd>%s s</dd>\n", sim_time_format(m->time, t, sizeof t));
    put_meta(f, "from", g_ptr_array_index(h->parties, m->from));
    put_meta(f, "to", g_ptr_array_index(h->parties, m->to));
    put_meta(f, "fate", m->fate);
    fprintf(f, "<dt>bytes</dt><dd>%u</dd>\n", m->bytes);
    if (m->stun) {
        put_meta(f, "transaction", m->branch);
    } else {
        put_meta(f, "Call-ID", m->call_id);
        if (call && call->name[0])
            put_meta(f, "call", call->name);
        fprintf(f, "<dt>transaction</dt><dd>CSeq %u, branch ", m->cseq);
        put_text_element(f, "", m->branch, "</dd>\n");
    }
    if (m->retransmission)
        fputs("<dt>retransmission</dt><dd>yes: it repeats an earlier send</dd>\n", f);
    fputs("</dl>\n", f);
    gsize len;
    const char *data = g_bytes_get_data(m->data, &len);
    if (m->stun) {
        put_stun(f, (const guint8 *) data, len);
    } else {
        fputs("<pre class=\"text\">\n", f); /* a parser drops this first newline */
        out_html_escape(f, data, (gssize) len);
        fputs("</pre>\n", f);
    }
    fputs("</article>\n", f);
}

void out_html_write(const OutHtml *html, FILE *f, const OutRunInfo *info, const NetNetwork *net,
                    const SimWorld *world)
{
    g_autoptr(GPtrArray) calls = calls_of_conversations(html);
    g_autoptr(GPtrArray) filters = filters_of(html, calls);
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
          f);
    g_autofree char *name = scenario_name(info->scenario);
    put_text_element(f, "<title>sipsim: ", name, "");
    fprintf(f, ", seed %" G_GUINT64_FORMAT ", run %" G_GUINT64_FORMAT "</title>\n<style>\n",
            info->seed, info->run);
    put_resource(f, "viewer.css");
    fputs("</style>\n</head>\n<body>\n", f);
    write_header(f, html, info, net, world);
    write_controls(f, html, calls);
    fputs("<p class=\"legend\"><span class=\"solid\"></span> delivered "
          "<span class=\"dashed\"></span> retransmission (again) "
          "<span class=\"cross\">&#10005;</span> not delivered, with the cause; "
          "a colour per Call-ID, <span class=\"grey\">grey</span> for STUN</p>\n",
          f);
    fputs("<main>\n<section class=\"ladder\" id=\"ladder\">\n", f);
    out_html_ladder_write(f, html->parties, html->msgs, filters);
    fputs("</section>\n<section class=\"detail\" id=\"detail\">\n"
          "<p id=\"hint\">Click a message to read it, or step through the flow with the buttons "
          "or the arrow keys.</p>\n",
          f);
    for (guint i = 0; i < html->msgs->len; i++) {
        const OutHtmlMessage *m = &g_array_index(html->msgs, OutHtmlMessage, i);
        write_detail(f, html, i, m->stun ? NULL : g_ptr_array_index(calls, m->conversation));
    }
    fputs("</section>\n</main>\n<script>\n", f);
    put_resource(f, "viewer.js");
    fputs("</script>\n</body>\n</html>\n", f);
}
