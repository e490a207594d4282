/* SPDX-License-Identifier: MIT */
#include "out-stun-describe.h"

/* Text between quotes, UTF-8 as is, with '"', '\' and control bytes escaped. */
static void put_text(GString *s, const guint8 *p, gsize len)
{
    g_string_append_c(s, '"');
    for (gsize i = 0; i < len; i++) {
        if (p[i] == '"' || p[i] == '\\')
            g_string_append_printf(s, "\\%c", p[i]);
        else if (p[i] < 0x20 || p[i] == 0x7f)
            g_string_append_printf(s, "\\x%02x", p[i]);
        else
            g_string_append_c(s, (char) p[i]);
    }
    g_string_append_c(s, '"');
}

static void put_hex(GString *s, const guint8 *p, gsize len)
{
    for (gsize i = 0; i < len; i++)
        g_string_append_printf(s, "%02x", p[i]);
}

static void put_address(GString *s, const StunAddress *a)
{
    char buf[STUN_ADDRESS_BUF];
    g_string_append(s, stun_address_format(a, buf));
}

/* The value of the first attribute of its type, as the codec decoded it. */
static void describe_stun_value(GString *s, const StunMessage *msg, const StunAttr *a)
{
    switch (a->type) {
    case STUN_ATTR_MAPPED_ADDRESS:
        put_address(s, &msg->mapped_address);
        break;
    case STUN_ATTR_XOR_MAPPED_ADDRESS:
        put_address(s, &msg->xor_mapped_address);
        break;
    case STUN_ATTR_ALTERNATE_SERVER:
        put_address(s, &msg->alternate_server);
        break;
    case STUN_ATTR_USERNAME:
    case STUN_ATTR_REALM:
    case STUN_ATTR_NONCE:
    case STUN_ATTR_SOFTWARE:
        put_text(s, a->value, a->len);
        break;
    case STUN_ATTR_ERROR_CODE:
        g_string_append_printf(s, "%u ", msg->error_code);
        put_text(s, (const guint8 *) msg->error_reason.s, msg->error_reason.len);
        break;
    case STUN_ATTR_UNKNOWN_ATTRIBUTES:
        for (guint i = 0; i < msg->unknown_attributes->len; i++) {
            guint16 t = g_array_index(msg->unknown_attributes, guint16, i);
            const char *name = stun_attr_name(t);
            g_string_append_printf(s, "%s0x%04x", i ? ", " : "", t);
            if (name)
                g_string_append_printf(s, " (%s)", name);
        }
        break;
    case STUN_ATTR_PRIORITY:
        g_string_append_printf(s, "%u", msg->priority);
        break;
    case STUN_ATTR_ICE_CONTROLLED:
    case STUN_ATTR_ICE_CONTROLLING:
        g_string_append_printf(s, "tie-breaker 0x%016" G_GINT64_MODIFIER "x",
                               a->type == STUN_ATTR_ICE_CONTROLLED ? msg->ice_controlled
                                                                   : msg->ice_controlling);
        break;
    case STUN_ATTR_USE_CANDIDATE:
        g_string_append(s, "(no value)");
        break;
    default: /* MESSAGE-INTEGRITY, FINGERPRINT, unknown types */
        put_hex(s, a->value, a->len);
    }
}

static void describe_stun_attr(GString *s, const StunMessage *msg, const StunAttr *a)
{
    const char *name = stun_attr_name(a->type);
    if (name)
        g_string_append_printf(s, "  %s (0x%04x), %u bytes: ", name, a->type, a->len);
    else
        g_string_append_printf(s, "  0x%04x (unknown, comprehension-%s), %u bytes: ", a->type,
                               stun_attr_is_required(a->type) ? "required" : "optional", a->len);
    if (a->ignored) {
        put_hex(s, a->value, a->len);
        g_string_append(s, " (after MESSAGE-INTEGRITY: ignored)");
    } else if (!a->first && name) {
        put_hex(s, a->value, a->len);
        g_string_append(s, " (repeated: not used)");
    } else {
        describe_stun_value(s, msg, a);
    }
    /* RFC 5389 lets padding take any value: shown when it is not zeros. */
    gsize pad = (4 - a->len % 4) % 4;
    gboolean zeros = TRUE;
    for (gsize i = 0; i < pad; i++)
        zeros = zeros && a->value[a->len + i] == 0;
    if (!zeros) {
        g_string_append(s, ", padded with ");
        put_hex(s, a->value + a->len, pad);
    }
    g_string_append_c(s, '\n');
}

char *out_stun_describe(const StunMessage *msg)
{
    GString *s = g_string_new("STUN ");
    const StunHeader *h = &msg->header;
    const char *method = stun_method_name(h->method);
    g_string_append_printf(s, "%s %s\n", method ? method : "unknown method",
                           stun_class_name(h->klass));
    g_string_append_printf(s, "  type 0x%04x: method 0x%03x%s%s%s, class %s\n", h->type, h->method,
                           method ? " (" : "", method ? method : "", method ? ")" : "",
                           stun_class_name(h->klass));
    g_string_append_printf(s, "  length %u, magic cookie 0x%08x\n", h->length, STUN_MAGIC_COOKIE);
    g_string_append(s, "  transaction id ");
    put_hex(s, h->tid, STUN_TID_SIZE);
    g_string_append_printf(s, "\nattributes (%u):\n", msg->attrs->len);
    for (guint i = 0; i < msg->attrs->len; i++) {
        describe_stun_attr(s, msg, &g_array_index(msg->attrs, StunAttr, i));
        /* No key here: MESSAGE-INTEGRITY cannot be checked; FINGERPRINT always can. */
        if ((gint) i == msg->integrity)
            g_string_append(s, "    integrity: present, not checked (no key)\n");
        if ((gint) i == msg->fingerprint)
            g_string_append(s, "    fingerprint: correct\n");
    }
    if (msg->unknown_required->len) {
        g_string_append(s, "unknown comprehension-required attributes (a server answers 420):");
        for (guint i = 0; i < msg->unknown_required->len; i++)
            g_string_append_printf(s, " 0x%04x", g_array_index(msg->unknown_required, guint16, i));
        g_string_append_c(s, '\n');
    }
    return g_string_free(s, FALSE);
}
