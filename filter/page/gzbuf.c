/*
 * gzbuf.c - inflate a whole gzip buffer in memory (see gzbuf.h).
 */
#include "gzbuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* See gzbuf.h. */
char *
ss_gunzip(const char *in,
          size_t inlen,
          size_t cap,
          size_t *outlen,
          const char **err)
{
    z_stream z;
    size_t alloc = inlen * 4 + 4096, len = 0;
    char *out;
    int rc;

    if (alloc > cap + 1)
        alloc = cap + 1;
    out = malloc(alloc + 1);
    if (!out) {
        *err = "out of memory";
        return NULL;
    }
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 16) != Z_OK) {
        free(out);
        *err = "cannot initialise zlib";
        return NULL;
    }
    z.next_in = (unsigned char *)(uintptr_t)in;
    for (;;) {
        size_t in_left = inlen - (size_t)((const char *)z.next_in - in);
        if (len == alloc) {
            size_t na;
            char *no;
            if (alloc >= cap + 1)
                break;
            na = alloc * 2 > cap + 1 ? cap + 1 : alloc * 2;
            no = realloc(out, na + 1);
            if (!no) {
                inflateEnd(&z);
                free(out);
                *err = "out of memory";
                return NULL;
            }
            out = no;
            alloc = na;
        }
        z.avail_in = in_left > UINT32_MAX ? UINT32_MAX : (unsigned)in_left;
        z.next_out = (unsigned char *)out + len;
        z.avail_out = (alloc - len) > UINT32_MAX ? UINT32_MAX
                                                 : (unsigned)(alloc - len);
        {
            unsigned before = z.avail_out;
            rc = inflate(&z, Z_NO_FLUSH);
            len += before - z.avail_out;
        }
        if (rc == Z_STREAM_END) {
            /* Another member may follow (concatenated gzip files). */
            if ((size_t)((const char *)z.next_in - in) >= inlen)
                break;
            if (inflateReset(&z) != Z_OK) {
                *err = "corrupt gzip data";
                goto fail;
            }
            continue;
        }
        if (rc == Z_BUF_ERROR && z.avail_in == 0) {
            *err = "truncated gzip data";
            goto fail;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            *err = z.msg ? z.msg : "corrupt gzip data";
            goto fail;
        }
    }
    inflateEnd(&z);
    out[len] = '\0';
    *outlen = len;
    return out;
fail:
    inflateEnd(&z);
    free(out);
    return NULL;
}
