/*
 * gzbuf.h - inflate a whole gzip buffer in memory: a .gz page read by the
 * command, a gzip-compressed model file.
 */
#ifndef SS_GZBUF_H
#define SS_GZBUF_H

#include <stddef.h>

/*
 * Inflate in[0..inlen) (every member, as gunzip does) into a new malloc'ed
 * buffer, NUL-terminated, of at most cap + 1 bytes: *outlen > cap tells
 * the caller the data is larger than cap. Returns NULL with *err set to a
 * static message on failure (corrupt or truncated data, no memory).
 */
char *ss_gunzip(const char *in,
                size_t inlen,
                size_t cap,
                size_t *outlen,
                const char **err);

#endif /* SS_GZBUF_H */
