/* SPDX-License-Identifier: MIT */
#include "out-html-escape.h"

#include <string.h>

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD in UTF-8 */

void out_html_escape(FILE *f, const char *text, gssize len)
{
    const char *p = text;
    const char *end = text + (len < 0 ? (gssize) strlen(text) : len);
    while (p < end) {
        gunichar c = g_utf8_get_char_validated(p, end - p);
        if (c == (gunichar) -1 || c == (gunichar) -2) {
            fputs(REPLACEMENT, f);
            p++;
            continue;
        }
        const char *next = g_utf8_next_char(p);
        switch (c) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\r':
            fputs("&#13;", f);
            break;
        case '\t':
        case '\n':
            fputc((int) c, f);
            break;
        default:
            if (c < 0x20 || c == 0x7f)
                fputs(REPLACEMENT, f);
            else
                fwrite(p, 1, (gsize) (next - p), f);
        }
        p = next;
    }
}
