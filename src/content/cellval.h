/* cellval: values as people type them into a spreadsheet cell, pure functions: figures with
 * units and prefixes (约7.8%, 3,570.8, 156.02万, 8600亿元), integers (15, 15秒), dates (Excel serials,
 * 2025-07-09, 2025/7/9, 2025年7月9日), times (Excel fractions, 08:30), colours. Full-width digits
 * and signs (７．８％) count as their ASCII forms. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#define CELLVAL_SHORT 64
#define CELLVAL_DATE_SIZE 32   /* buffer for a date or a time */

struct figure {
    double value;
    int decimals;                 /* digits after the point as typed */
    char prefix[CELLVAL_SHORT];   /* 约 / 突破 / 超, "" if none */
    char unit[CELLVAL_SHORT];     /* % / 万 / 亿元, "" if none */
};

/* A number cell's value as text, shortest form that reads back the same ("7.8", "4001622002"). */
void cellval_number_text(double v, char *buf, size_t size);
/* Digits after the decimal point in the shortest form of v. */
int cellval_decimals(double v);
/* "约7.8%" -> {7.8, 1, "约", "%"}. False when s holds no number or more than one. */
bool cellval_figure(const char *s, struct figure *out);
/* "15", "15秒", "15s", "15.0" -> 15. False otherwise. */
bool cellval_integer(const char *s, long *out);
/* An Excel date serial (1900 system) -> "yyyy-mm-dd" (buf: CELLVAL_DATE_SIZE). False when out of range. */
bool cellval_serial_date(double serial, char *buf);
/* "2025-07-09", "2025/7/9", "2025.7.9", "2025年7月9日" -> "2025-07-09". False otherwise. */
bool cellval_date(const char *s, char *buf);
/* An Excel time fraction of a day -> "HH:MM" (1.0 -> "24:00"; buf: CELLVAL_DATE_SIZE). */
bool cellval_serial_time(double frac, char *buf);
/* "8:30", "08:30", "08:30:00", "8：30" -> "08:30". False otherwise. */
bool cellval_time(const char *s, char *buf);
/* "#0B1F3A", "0b1f3a", "#0B1F3AFF" -> "#0B1F3A" (upper case, with #; buf >= 10). */
bool cellval_color(const char *s, char *buf);
/* s with leading and trailing blanks (ASCII, U+3000, U+00A0) removed, into buf. */
void cellval_trim(const char *s, char *buf, size_t size);
