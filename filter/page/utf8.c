/*
 * utf8.c - UTF-8 codec and Unicode character classes (see utf8.h).
 *
 * The classes are range checks, not generated tables: enough for
 * tokenizing and case-folding the Latin, Greek, Cyrillic and Armenian
 * scripts exactly, and for treating letters of the other common scripts as
 * word characters.
 */
#include "utf8.h"

size_t
ss_utf8_decode(const char *s,
               size_t len,
               uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len == 0) {
        *cp = SS_UC_REPLACEMENT;
        return 0;
    }
    unsigned char c = u[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    uint32_t v;
    size_t n;
    uint32_t min;
    if (c >= 0xC2 && c <= 0xDF) {
        v = c & 0x1Fu;
        n = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        v = c & 0x0Fu;
        n = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        v = c & 0x07u;
        n = 4;
        min = 0x10000;
    } else {
        *cp = SS_UC_REPLACEMENT;
        return 1;
    }
    if (len < n) {
        *cp = SS_UC_REPLACEMENT;
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0u) != 0x80u) {
            *cp = SS_UC_REPLACEMENT;
            return 1;
        }
        v = (v << 6) | (u[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFFu || (v >= 0xD800u && v <= 0xDFFFu)) {
        *cp = SS_UC_REPLACEMENT;
        return 1;
    }
    *cp = v;
    return n;
}

size_t
ss_utf8_encode(uint32_t cp,
               char *out4)
{
    unsigned char *o = (unsigned char *)out4;
    if (cp > 0x10FFFFu || (cp >= 0xD800u && cp <= 0xDFFFu))
        cp = SS_UC_REPLACEMENT;
    if (cp < 0x80u) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800u) {
        o[0] = (unsigned char)(0xC0u | (cp >> 6));
        o[1] = (unsigned char)(0x80u | (cp & 0x3Fu));
        return 2;
    }
    if (cp < 0x10000u) {
        o[0] = (unsigned char)(0xE0u | (cp >> 12));
        o[1] = (unsigned char)(0x80u | ((cp >> 6) & 0x3Fu));
        o[2] = (unsigned char)(0x80u | (cp & 0x3Fu));
        return 3;
    }
    o[0] = (unsigned char)(0xF0u | (cp >> 18));
    o[1] = (unsigned char)(0x80u | ((cp >> 12) & 0x3Fu));
    o[2] = (unsigned char)(0x80u | ((cp >> 6) & 0x3Fu));
    o[3] = (unsigned char)(0x80u | (cp & 0x3Fu));
    return 4;
}

bool
ss_utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        /* Fast path over ASCII. */
        if ((unsigned char)s[i] < 0x80u) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = ss_utf8_decode(s + i, len - i, &cp);
        if (cp == SS_UC_REPLACEMENT && n == 1)
            return false;
        i += n;
    }
    return true;
}

/* Simple lower-case mapping for the cased scripts; cp if none. */
uint32_t
ss_uc_to_lower(uint32_t cp)
{
    if (cp < 0x80u)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32u : cp;
    if (cp < 0x100u) {
        if (cp >= 0xC0u && cp <= 0xDEu && cp != 0xD7u)
            return cp + 32u;
        return cp;
    }
    if (cp < 0x180u) { /* Latin Extended-A */
        if (cp == 0x130u)
            return 'i';
        if (cp == 0x178u)
            return 0xFFu;
        if ((cp >= 0x100u && cp <= 0x12Fu) || (cp >= 0x132u && cp <= 0x137u) ||
            (cp >= 0x14Au && cp <= 0x177u))
            return (cp & 1u) ? cp : cp + 1u;
        if ((cp >= 0x139u && cp <= 0x148u) || (cp >= 0x179u && cp <= 0x17Eu))
            return (cp & 1u) ? cp + 1u : cp;
        return cp;
    }
    if (cp < 0x250u) { /* Latin Extended-B: the regular pair runs */
        if ((cp >= 0x1CDu && cp <= 0x1DCu))
            return (cp & 1u) ? cp + 1u : cp;
        if ((cp >= 0x1DEu && cp <= 0x1EFu) || (cp >= 0x1F8u && cp <= 0x21Fu) ||
            (cp >= 0x222u && cp <= 0x233u) || (cp >= 0x246u && cp <= 0x24Fu))
            return (cp & 1u) ? cp : cp + 1u;
        if (cp == 0x1C4u || cp == 0x1C7u || cp == 0x1CAu || cp == 0x1F1u)
            return cp + 2u;
        return cp;
    }
    if (cp >= 0x370u && cp < 0x400u) { /* Greek */
        if (cp >= 0x391u && cp <= 0x3ABu && cp != 0x3A2u)
            return cp + 32u;
        if (cp == 0x386u)
            return 0x3ACu;
        if (cp >= 0x388u && cp <= 0x38Au)
            return cp + 37u;
        if (cp == 0x38Cu)
            return 0x3CCu;
        if (cp == 0x38Eu || cp == 0x38Fu)
            return cp + 63u;
        if (cp >= 0x3D8u && cp <= 0x3EFu)
            return (cp & 1u) ? cp : cp + 1u;
        return cp;
    }
    if (cp >= 0x400u && cp < 0x530u) { /* Cyrillic + supplement */
        if (cp <= 0x40Fu)
            return cp + 80u;
        if (cp <= 0x42Fu)
            return cp + 32u;
        if (cp < 0x460u)
            return cp;
        if (cp <= 0x481u || (cp >= 0x48Au && cp <= 0x4BFu) || cp >= 0x4D0u)
            return (cp & 1u) ? cp : cp + 1u;
        if (cp == 0x4C0u)
            return 0x4CFu;
        if (cp >= 0x4C1u && cp <= 0x4CEu)
            return (cp & 1u) ? cp + 1u : cp;
        return cp;
    }
    if (cp >= 0x531u && cp <= 0x556u) /* Armenian */
        return cp + 48u;
    if (cp >= 0x10A0u && cp <= 0x10C5u) /* Georgian Asomtavruli */
        return cp + 7264u;
    if (cp >= 0x1E00u && cp <= 0x1EFFu) { /* Latin Extended Additional */
        if (cp == 0x1E9Eu)
            return 0xDFu;
        if (cp <= 0x1E95u || cp >= 0x1EA0u)
            return (cp & 1u) ? cp : cp + 1u;
        return cp;
    }
    if (cp >= 0x1F00u && cp <= 0x1FFFu) { /* Greek Extended: common pairs */
        uint32_t lo = cp & 0xFu;
        uint32_t row = cp & 0xFFF0u;
        if (lo >= 8u && (row == 0x1F00u || row == 0x1F10u || row == 0x1F20u ||
                         row == 0x1F30u || row == 0x1F40u || row == 0x1F60u))
            return cp - 8u;
        return cp;
    }
    if (cp >= 0x2160u && cp <= 0x216Fu) /* Roman numerals */
        return cp + 16u;
    if (cp >= 0x24B6u && cp <= 0x24CFu) /* circled letters */
        return cp + 26u;
    if (cp >= 0xFF21u && cp <= 0xFF3Au) /* fullwidth Latin */
        return cp + 32u;
    return cp;
}

/* Simple upper-case mapping for the cased scripts; cp if none. */
uint32_t
ss_uc_to_upper(uint32_t cp)
{
    if (cp < 0x80u)
        return (cp >= 'a' && cp <= 'z') ? cp - 32u : cp;
    if (cp < 0x100u) {
        if (cp >= 0xE0u && cp <= 0xFEu && cp != 0xF7u)
            return cp - 32u;
        if (cp == 0xFFu)
            return 0x178u;
        if (cp == 0xB5u)
            return 0x39Cu;
        return cp;
    }
    if (cp < 0x180u) {
        if (cp == 0x131u)
            return 'I';
        if (cp == 0x17Fu)
            return 'S';
        if ((cp >= 0x100u && cp <= 0x12Fu) || (cp >= 0x132u && cp <= 0x137u) ||
            (cp >= 0x14Au && cp <= 0x177u))
            return (cp & 1u) ? cp - 1u : cp;
        if ((cp >= 0x139u && cp <= 0x148u) || (cp >= 0x179u && cp <= 0x17Eu))
            return (cp & 1u) ? cp : cp - 1u;
        return cp;
    }
    if (cp < 0x250u) {
        if ((cp >= 0x1CDu && cp <= 0x1DCu))
            return (cp & 1u) ? cp : cp - 1u;
        if ((cp >= 0x1DEu && cp <= 0x1EFu) || (cp >= 0x1F8u && cp <= 0x21Fu) ||
            (cp >= 0x222u && cp <= 0x233u) || (cp >= 0x246u && cp <= 0x24Fu))
            return (cp & 1u) ? cp - 1u : cp;
        if (cp == 0x1C6u || cp == 0x1C9u || cp == 0x1CCu || cp == 0x1F3u)
            return cp - 2u;
        return cp;
    }
    if (cp >= 0x370u && cp < 0x400u) {
        if (cp >= 0x3B1u && cp <= 0x3CBu && cp != 0x3C2u)
            return cp - 32u;
        if (cp == 0x3C2u)
            return 0x3A3u;
        if (cp == 0x3ACu)
            return 0x386u;
        if (cp >= 0x3ADu && cp <= 0x3AFu)
            return cp - 37u;
        if (cp == 0x3CCu)
            return 0x38Cu;
        if (cp == 0x3CDu || cp == 0x3CEu)
            return cp - 63u;
        if (cp >= 0x3D8u && cp <= 0x3EFu)
            return (cp & 1u) ? cp - 1u : cp;
        return cp;
    }
    if (cp >= 0x400u && cp < 0x530u) {
        if (cp >= 0x450u && cp <= 0x45Fu)
            return cp - 80u;
        if (cp >= 0x430u && cp <= 0x44Fu)
            return cp - 32u;
        if (cp < 0x460u)
            return cp;
        if (cp <= 0x481u || (cp >= 0x48Au && cp <= 0x4BFu) || cp >= 0x4D0u)
            return (cp & 1u) ? cp - 1u : cp;
        if (cp == 0x4CFu)
            return 0x4C0u;
        if (cp >= 0x4C1u && cp <= 0x4CEu)
            return (cp & 1u) ? cp : cp - 1u;
        return cp;
    }
    if (cp >= 0x561u && cp <= 0x586u)
        return cp - 48u;
    if (cp >= 0x2D00u && cp <= 0x2D25u)
        return cp - 7264u;
    if (cp >= 0x1E00u && cp <= 0x1EFFu) {
        if (cp <= 0x1E95u || cp >= 0x1EA0u)
            return (cp & 1u) ? cp - 1u : cp;
        return cp;
    }
    if (cp >= 0x1F00u && cp <= 0x1FFFu) {
        uint32_t lo = cp & 0xFu;
        uint32_t row = cp & 0xFFF0u;
        if (lo < 8u && (row == 0x1F00u || row == 0x1F10u || row == 0x1F20u ||
                        row == 0x1F30u || row == 0x1F40u || row == 0x1F60u))
            return cp + 8u;
        return cp;
    }
    if (cp >= 0x2170u && cp <= 0x217Fu)
        return cp - 16u;
    if (cp >= 0x24D0u && cp <= 0x24E9u)
        return cp - 26u;
    if (cp >= 0xFF41u && cp <= 0xFF5Au)
        return cp - 32u;
    return cp;
}

bool
ss_uc_is_upper(uint32_t cp)
{
    if (cp == 0x130u || cp == 0x1E9Eu)
        return true;
    return ss_uc_to_lower(cp) != cp;
}

bool
ss_uc_is_lower(uint32_t cp)
{
    /* Lower-case letters without an upper-case partner. */
    if (cp == 0xDFu || cp == 0x138u || cp == 0x149u || cp == 0xAAu ||
        cp == 0xBAu || cp == 0x390u || cp == 0x3B0u)
        return true;
    if (cp >= 0x250u && cp <= 0x2AFu) /* IPA extensions */
        return true;
    return ss_uc_to_upper(cp) != cp;
}

bool
ss_uc_is_alpha(uint32_t cp)
{
    if (cp < 0x80u)
        return (cp | 32u) >= 'a' && (cp | 32u) <= 'z';
    if (cp < 0x100u)
        return cp == 0xAAu || cp == 0xB5u || cp == 0xBAu ||
               (cp >= 0xC0u && cp != 0xD7u && cp != 0xF7u);
    if (cp <= 0x2FFu) /* Latin Extended-A/B, IPA, modifier letters */
        return true;
    if (cp <= 0x36Fu) /* combining diacritics */
        return true;
    if (cp <= 0x3FFu) /* Greek, minus its punctuation and signs */
        return cp != 0x375u && cp != 0x37Eu && cp != 0x384u && cp != 0x385u &&
               cp != 0x387u && cp != 0x3F6u;
    if (cp <= 0x52Fu) /* Cyrillic, minus the thousands sign */
        return cp != 0x482u;
    if (cp <= 0x58Fu) /* Armenian letters */
        return (cp >= 0x531u && cp <= 0x556u) || (cp >= 0x560u && cp <= 0x588u);
    if (cp <= 0x5FFu) /* Hebrew points and letters */
        return (cp >= 0x591u && cp <= 0x5BDu) || (cp >= 0x5C1u && cp <= 0x5C2u) ||
               (cp >= 0x5C4u && cp <= 0x5C7u) || (cp >= 0x5D0u && cp <= 0x5F2u);
    if (cp <= 0x6FFu) /* Arabic */
        return (cp >= 0x610u && cp <= 0x61Au) || (cp >= 0x620u && cp <= 0x65Fu) ||
               (cp >= 0x66Eu && cp <= 0x6D3u) || (cp >= 0x6D5u && cp <= 0x6DCu) ||
               (cp >= 0x6DFu && cp <= 0x6E8u) || (cp >= 0x6EAu && cp <= 0x6EFu) ||
               (cp >= 0x6FAu && cp <= 0x6FCu) || cp == 0x6FFu;
    if (cp <= 0x8FFu) /* Syriac, Thaana, NKo, ..., Arabic Extended */
        return cp >= 0x710u;
    if (cp <= 0xDFFu) { /* Indic scripts and Sinhala */
        if (cp == 0x964u || cp == 0x965u)
            return false;
        uint32_t lo = cp & 0x7Fu; /* each Indic block is 128 long */
        return !(lo >= 0x66u && lo <= 0x6Fu); /* digits */
    }
    if (cp <= 0xEFFu) /* Thai, Lao */
        return !((cp >= 0xE50u && cp <= 0xE59u) || (cp >= 0xED0u && cp <= 0xED9u) ||
                 cp == 0xE3Fu || cp == 0xE4Fu || cp == 0xE5Au || cp == 0xE5Bu);
    if (cp <= 0xFFFu) /* Tibetan letters */
        return cp >= 0xF40u;
    if (cp <= 0x109Fu) /* Myanmar */
        return !(cp >= 0x1040u && cp <= 0x104Fu);
    if (cp <= 0x10FFu) /* Georgian */
        return cp != 0x10FBu;
    if (cp <= 0x13FFu) /* Hangul Jamo, Ethiopic, Cherokee */
        return !(cp >= 0x1360u && cp <= 0x1368u);
    if (cp <= 0x1C7Fu) /* Canadian syllabics ... Ol Chiki, minus spaces */
        return cp != 0x1680u && !(cp >= 0x17D4u && cp <= 0x17DAu) &&
               !(cp >= 0x1800u && cp <= 0x180Au);
    if (cp >= 0x1C80u && cp <= 0x1FFFu) /* Cyrillic Ext-C .. Greek Extended */
        return cp != 0x1FBDu && !(cp >= 0x1FBFu && cp <= 0x1FC1u) &&
               !(cp >= 0x1FCDu && cp <= 0x1FCFu) && !(cp >= 0x1FDDu && cp <= 0x1FDFu) &&
               !(cp >= 0x1FEDu && cp <= 0x1FEFu) && cp != 0x1FFDu && cp != 0x1FFEu;
    if (cp == 0x2071u || cp == 0x207Fu || (cp >= 0x2090u && cp <= 0x209Cu))
        return true;
    if (cp >= 0x20D0u && cp <= 0x20F0u) /* combining marks for symbols */
        return true;
    if (cp >= 0x2160u && cp <= 0x2188u) /* letterlike Roman numerals */
        return true;
    if (cp >= 0x24B6u && cp <= 0x24E9u)
        return true;
    if (cp >= 0x2C00u && cp <= 0x2DFFu) /* Glagolitic .. Cyrillic Ext-A */
        return cp < 0x2CE5u || cp > 0x2CEAu;
    if (cp >= 0x3005u && cp <= 0x3007u)
        return true;
    if (cp >= 0x3021u && cp <= 0x3035u)
        return true;
    if (cp >= 0x3041u && cp <= 0x30FFu) /* kana */
        return cp != 0x30A0u && cp != 0x30FBu;
    if (cp >= 0x3105u && cp <= 0x31FFu)
        return !(cp >= 0x3190u && cp <= 0x319Fu) && !(cp >= 0x31C0u && cp <= 0x31EFu);
    if (cp >= 0x3400u && cp <= 0x4DBFu) /* CJK Ext-A */
        return true;
    if (cp >= 0x4E00u && cp <= 0xA4CFu) /* CJK, Yi */
        return true;
    if (cp >= 0xA4D0u && cp <= 0xA4FDu)
        return true;
    if (cp >= 0xA500u && cp <= 0xA60Cu)
        return true;
    if (cp >= 0xA640u && cp <= 0xA69Fu) /* Cyrillic Ext-B */
        return cp < 0xA670u || cp > 0xA67Eu || cp == 0xA67Fu;
    if (cp >= 0xA720u && cp <= 0xA7FFu) /* Latin Ext-D */
        return cp > 0xA721u;
    if (cp >= 0xAC00u && cp <= 0xD7A3u) /* Hangul syllables */
        return true;
    if (cp >= 0xF900u && cp <= 0xFAFFu) /* CJK compatibility */
        return true;
    if (cp >= 0xFB00u && cp <= 0xFDFFu) /* ligatures, Hebrew/Arabic forms */
        return cp != 0xFB29u && cp != 0xFD3Eu && cp != 0xFD3Fu && cp != 0xFDFCu &&
               cp != 0xFDFDu;
    if (cp >= 0xFE20u && cp <= 0xFE2Fu)
        return true;
    if (cp >= 0xFE70u && cp <= 0xFEFCu)
        return true;
    if ((cp >= 0xFF21u && cp <= 0xFF3Au) || (cp >= 0xFF41u && cp <= 0xFF5Au) ||
        (cp >= 0xFF66u && cp <= 0xFFDCu))
        return true;
    if (cp >= 0x10000u && cp <= 0x1D3FFu) /* historic scripts (coarse) */
        return true;
    if (cp >= 0x1D400u && cp <= 0x1D7CBu) /* mathematical alphanumerics */
        return true;
    if (cp >= 0x20000u && cp <= 0x3134Fu) /* CJK Ext-B.. */
        return true;
    return false;
}

bool
ss_uc_is_digit(uint32_t cp)
{
    if (cp < 0x80u)
        return cp >= '0' && cp <= '9';
    return (cp >= 0x660u && cp <= 0x669u) || (cp >= 0x6F0u && cp <= 0x6F9u) ||
           (cp >= 0x966u && cp <= 0x96Fu) || (cp >= 0xFF10u && cp <= 0xFF19u);
}

bool
ss_uc_is_space(uint32_t cp)
{
    if (cp < 0x80u)
        return cp == ' ' || (cp >= 0x09u && cp <= 0x0Du);
    return cp == 0x85u || cp == 0xA0u || cp == 0x1680u ||
           (cp >= 0x2000u && cp <= 0x200Au) || cp == 0x2028u || cp == 0x2029u ||
           cp == 0x202Fu || cp == 0x205Fu || cp == 0x3000u;
}

bool
ss_uc_is_punct(uint32_t cp)
{
    if (cp < 0x80u)
        return (cp >= 0x21u && cp <= 0x2Fu) || (cp >= 0x3Au && cp <= 0x40u) ||
               (cp >= 0x5Bu && cp <= 0x60u) || (cp >= 0x7Bu && cp <= 0x7Eu);
    if (cp < 0x100u)
        return (cp >= 0xA1u && cp <= 0xBFu && cp != 0xAAu && cp != 0xB2u &&
                cp != 0xB3u && cp != 0xB5u && cp != 0xB9u && cp != 0xBAu &&
                cp != 0xBCu && cp != 0xBDu && cp != 0xBEu && cp != 0xADu) ||
               cp == 0xD7u || cp == 0xF7u;
    if (cp == 0x37Eu || cp == 0x387u || cp == 0x55Au || cp == 0x55Bu ||
        cp == 0x55Cu || cp == 0x55Du || cp == 0x55Eu || cp == 0x55Fu ||
        cp == 0x589u || cp == 0x58Au || cp == 0x5BEu || cp == 0x5C0u ||
        cp == 0x5C3u || cp == 0x5F3u || cp == 0x5F4u || cp == 0x60Cu ||
        cp == 0x61Bu || cp == 0x61Fu || cp == 0x66Au || cp == 0x6D4u ||
        cp == 0x964u || cp == 0x965u || cp == 0xE3Fu || cp == 0x10FBu)
        return true;
    if (cp >= 0x2010u && cp <= 0x2027u)
        return true;
    if (cp >= 0x2030u && cp <= 0x205Eu)
        return true;
    if (cp >= 0x20A0u && cp <= 0x20CFu) /* currency */
        return true;
    if (cp >= 0x2100u && cp <= 0x214Fu) /* letterlike symbols: (c), TM, ... */
        return !ss_uc_is_alpha(cp) || cp == 0x2122u;
    if (cp >= 0x2190u && cp <= 0x2BFFu) /* arrows, math, boxes, shapes */
        return !(cp >= 0x24B6u && cp <= 0x24E9u);
    if (cp >= 0x2E00u && cp <= 0x2E7Fu)
        return true;
    if ((cp >= 0x3001u && cp <= 0x3004u) || (cp >= 0x3008u && cp <= 0x3020u) ||
        cp == 0x3030u || cp == 0x303Du || cp == 0x30A0u || cp == 0x30FBu)
        return true;
    if ((cp >= 0xFE10u && cp <= 0xFE19u) || (cp >= 0xFE30u && cp <= 0xFE6Bu))
        return true;
    if ((cp >= 0xFF01u && cp <= 0xFF0Fu) || (cp >= 0xFF1Au && cp <= 0xFF20u) ||
        (cp >= 0xFF3Bu && cp <= 0xFF40u) || (cp >= 0xFF5Bu && cp <= 0xFF65u) ||
        (cp >= 0xFFE0u && cp <= 0xFFEEu))
        return true;
    return false;
}
