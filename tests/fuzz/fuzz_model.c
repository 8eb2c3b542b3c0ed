/*
 * fuzz_model.c - libFuzzer target for the model file loader: any bytes
 * must be refused with a status or give a model whose lookups and dump stay
 * in bounds. Input that starts with the gzip magic goes through a file and
 * ss_model_open (the compressed path: header first, declared size checked,
 * then inflated); anything else through ss_model_from_buffer. Crashing
 * inputs go to tests/fuzz/corpus/model/, which test_model.c replays.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
sink(void *ud, const char *line, size_t len)
{
    (void)ud;
    (void)line;
    (void)len;
    return 0;
}

/* Lookups and the dump of a model that was accepted stay in bounds. */
static void
exercise(ss_model *m)
{
    ss_model_tok t;
    for (uint64_t h = 1; h < 64; h++)
        ss_model_lookup(m, h * 0x9e3779b97f4a7c15ull, &t);
    ss_model_dump(m, sink, NULL);
    ss_model_free(m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ss_model *m = NULL;
    char err[256];
    if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
        const char *path = fuzz_scratch("model_gz");
        fuzz_write_file(path, data, size);
        ss_status st = ss_model_open(path, &m, err, sizeof err);
        unlink(path);
        if (st == SS_OK)
            exercise(m);
        return 0;
    }
    unsigned char *b = malloc(size ? size : 1);
    if (!b)
        return 0;
    if (size)
        memcpy(b, data, size);
    /* Patch the checksum so that mutations get past it to the structure
     * checks (the checksum itself is tested by test_model.c). */
    if (size >= SS_MODEL_HEADER_BYTES) {
        uint32_t c = ss_model_image_crc(b, size);
        for (int i = 0; i < 4; i++)
            b[256 + i] = (unsigned char)(c >> (8 * i));
    }
    if (ss_model_from_buffer(b, size, true, "fuzz", &m, err, sizeof err) == SS_OK)
        exercise(m);
    return 0;
}
