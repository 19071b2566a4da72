/* csvsheet: one sheet of the workbook as a .csv file (头条.csv, 数据.csv, 热线.csv or their English
 * names, beside content.xlsx): the encoding detected, never guessed silently — UTF-8 with a BOM,
 * UTF-16LE with its BOM ("Unicode text", tab-separated), UTF-8, then GB18030 (what Excel writes
 * for "CSV" on a Chinese Windows; GBK is a subset) — and RFC 4180 quoting, comma or tab separated.
 * Decoding goes through ICU's converters (ucnv), which the Windows build has as well. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "content/arena.h"
#include "content/xlsx.h"

#define CSVSHEET_MAX_BYTES (4u << 20)

/* Reads data[0..len) into sh (named name; cells and strings in arena). *encoding gets the
 * encoding found ("UTF-8", "UTF-8 BOM", "UTF-16LE", "GB18030"). False with a Chinese and an
 * English reason (msg_size bytes each) when it is valid in no encoding tried or breaks a bound. */
bool csvsheet_read(const char *data, size_t len, const char *name, struct arena *arena, struct xlsx_sheet *sh,
                   const char **encoding, char *zh, char *en, size_t msg_size);
