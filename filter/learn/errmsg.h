/*
 * errmsg.h - the error message of the learning code (model file, corpus
 * reader, trainer, pruning): a caller-owned buffer that may be absent.
 */
#ifndef SS_ERRMSG_H
#define SS_ERRMSG_H

#include <stddef.h>

/* Format a message into err (errlen bytes); no-op without a buffer. */
void ss_errmsg(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
