/* formats: the value formats of playlist strings: dates, times of day, colours, ids, phone numbers. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "content/model.h"

/* "2025-07-09" -> 20250709 (a real calendar day from 1900 on). */
bool format_date(const char *s, uint32_t *ymd);
/* "HH:MM" -> minutes since midnight; "24:00" only when allow_24 (a span's end). */
bool format_hhmm(const char *s, bool allow_24, uint16_t *minutes);
/* "#RRGGBB" or "#RRGGBBAA". */
bool format_color(const char *s, struct rgba *out);
/* a-z, 0-9, '-' and '_' only. */
bool format_id(const char *s);
/* Digits, spaces and - + ( ) only, at least three digits. */
bool format_phone(const char *s);
