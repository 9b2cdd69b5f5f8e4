/* fuzz_logline.c - libFuzzer target: any bytes as one log line must parse
 * or be rejected, never crash, read out of bounds or loop. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "logline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = malloc(size + 1);
    struct logrec rec;
    if (!line)
        return 0;
    memcpy(line, data, size);
    line[size] = '\0';
    if (logline_parse_combined(line, size, &rec) == PARSE_OK) {
        /* every field must lie inside the line */
        const struct text *fields[] = {&rec.addr, &rec.method, &rec.target, &rec.ua};
        for (size_t i = 0; i < 4; i++)
            if (fields[i]->p < line || fields[i]->p + fields[i]->len > line + size)
                abort();
        if (rec.hour < 0 || rec.hour > 23 || rec.status < 0 || rec.status > 999)
            abort();
    }
    free(line);
    return 0;
}
