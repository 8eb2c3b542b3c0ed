/*
 * fnv.h - FNV-1a hashing (Fowler-Noll-Vo; offset bases and primes as
 * published for 32 and 64 bits), shared by the library's hash tables and
 * token hashes. Byte at a time, so that a caller can fold case or stop as
 * it goes; the whole-buffer forms continue from a given hash.
 */
#ifndef SS_FNV_H
#define SS_FNV_H

#include <stddef.h>
#include <stdint.h>

#define SS_FNV32_OFFSET 2166136261u
#define SS_FNV32_PRIME 16777619u
#define SS_FNV64_OFFSET 0xcbf29ce484222325ull
#define SS_FNV64_PRIME 0x100000001b3ull

/* h with one more byte c. */
static inline uint32_t
ss_fnv32_byte(uint32_t h,
              unsigned char c)
{
    return (h ^ c) * SS_FNV32_PRIME;
}

/* h continued over s[0..n). */
static inline uint32_t
ss_fnv32(uint32_t h,
         const char *s,
         size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = ss_fnv32_byte(h, (unsigned char)s[i]);
    return h;
}

/* h with one more byte c (64 bits). */
static inline uint64_t
ss_fnv64_byte(uint64_t h,
              unsigned char c)
{
    return (h ^ c) * SS_FNV64_PRIME;
}

/* h continued over s[0..n) (64 bits). */
static inline uint64_t
ss_fnv64(uint64_t h,
         const char *s,
         size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = ss_fnv64_byte(h, (unsigned char)s[i]);
    return h;
}

#endif
