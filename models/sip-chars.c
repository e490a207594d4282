/* SPDX-License-Identifier: MIT */
#include "sip-chars.h"

#define LETTER (SIP_C_ALPHA | SIP_C_TOKEN | SIP_C_WORD)
#define HEXDIG (SIP_C_HEX | SIP_C_TOKEN | SIP_C_WORD)

/* RFC 3261 §25.1: each character once, with every class it belongs to. */
const guint16 sip_char_class[256] = {
    ['0' ... '9'] = SIP_C_DIGIT | HEXDIG,
    ['A' ... 'F'] = LETTER | SIP_C_HEX,
    ['G' ... 'Z'] = LETTER,
    ['a' ... 'f'] = LETTER | SIP_C_HEX,
    ['g' ... 'z'] = LETTER,
    ['!'] = SIP_C_MARK | SIP_C_TOKEN | SIP_C_WORD,
    ['"'] = SIP_C_WORD,
    ['$'] = SIP_C_USER | SIP_C_PASSWORD | SIP_C_PARAM | SIP_C_HNV | SIP_C_RESERVED,
    ['%'] = SIP_C_TOKEN | SIP_C_WORD,
    ['&'] = SIP_C_USER | SIP_C_PASSWORD | SIP_C_PARAM | SIP_C_RESERVED,
    ['\''] = SIP_C_MARK | SIP_C_TOKEN | SIP_C_WORD,
    ['('] = SIP_C_MARK | SIP_C_WORD,
    [')'] = SIP_C_MARK | SIP_C_WORD,
    ['*'] = SIP_C_MARK | SIP_C_TOKEN | SIP_C_WORD,
    ['+'] = SIP_C_TOKEN | SIP_C_WORD | SIP_C_USER | SIP_C_PASSWORD | SIP_C_PARAM | SIP_C_HNV |
            SIP_C_RESERVED | SIP_C_SCHEME,
    [','] = SIP_C_USER | SIP_C_PASSWORD | SIP_C_RESERVED,
    ['-'] = SIP_C_MARK | SIP_C_TOKEN | SIP_C_WORD | SIP_C_SCHEME | SIP_C_HOST,
    ['.'] = SIP_C_MARK | SIP_C_TOKEN | SIP_C_WORD | SIP_C_SCHEME | SIP_C_HOST,
    ['/'] = SIP_C_WORD | SIP_C_USER | SIP_C_PARAM | SIP_C_HNV | SIP_C_RESERVED,
    [':'] = SIP_C_WORD | SIP_C_PARAM | SIP_C_HNV | SIP_C_RESERVED,
    [';'] = SIP_C_USER | SIP_C_RESERVED,
    ['<'] = SIP_C_WORD,
    ['='] = SIP_C_USER | SIP_C_PASSWORD | SIP_C_RESERVED,
    ['>'] = SIP_C_WORD,
    ['?'] = SIP_C_WORD | SIP_C_USER | SIP_C_HNV | SIP_C_RESERVED,
    ['@'] = SIP_C_RESERVED,
    ['['] = SIP_C_WORD | SIP_C_PARAM | SIP_C_HNV,
    ['\\'] = SIP_C_WORD,
    [']'] = SIP_C_WORD | SIP_C_PARAM | SIP_C_HNV,
    ['_'] = SIP_C_MARK | SIP_C_TOKEN | SIP_C_WORD,
    ['`'] = SIP_C_TOKEN | SIP_C_WORD,
    ['{'] = SIP_C_WORD,
    ['}'] = SIP_C_WORD,
    ['~'] = SIP_C_MARK | SIP_C_TOKEN | SIP_C_WORD,
};

const char *sip_skip_host(const char *p, const char *end)
{
    if (p < end && *p == '[') {
        while (++p < end && (sip_char_is(*p, SIP_C_HEX) || *p == ':' || *p == '.'))
            ;
        return p < end && *p == ']' ? p + 1 : NULL;
    }
    while (p < end && sip_char_is(*p, SIP_C_ALNUM | SIP_C_HOST))
        p++;
    return p;
}
