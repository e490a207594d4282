/* SPDX-License-Identifier: MIT */
/* Text inside an HTML page. */
#pragma once

#include <glib.h>
#include <stdio.h>

/* Writes @len bytes of @text (-1: up to its NUL) escaped for HTML text or a quoted attribute:
 * '&', '<', '>' and '"' as references, a CR as "&#13;" so that the text reads back exactly (an
 * HTML parser would turn CR LF into LF), and each byte that is not UTF-8 text, or a control
 * character other than tab and line feed, as U+FFFD. */
void out_html_escape(FILE *f, const char *text, gssize len);
