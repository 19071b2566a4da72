/* log: one line per event on stderr, "lobbysign: [level] tag: message" (the journal under systemd).
 * Rate-limited: one call site (same tag and format, whatever its values) prints at most LOG_BURST
 * lines per LOG_REPEAT_MS; past that its messages are only counted, and the count goes with its next
 * line ("repeated N times"), so events at a human pace all show and an error repeating every frame
 * costs LOG_BURST lines a minute. Thread-safe (one lock): the import worker thread logs too; each line is
 * written whole. Each .c file defines LOG_TAG before including this. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/clock.h"

#define LOG_REPEAT_MS 60000
#define LOG_BURST 5

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Messages below `min` are dropped; LOG_INFO by default, LOBBYSIGN_LOG=debug|info|warn|error overrides. */
void log_set_level(enum log_level min);
/* The clock the rate limit reads (tests, the soak); NULL: CLOCK_MONOTONIC. Borrowed. */
void log_set_clock(const struct clock_src *clk);
/* Prints the counts of messages held back and forgets them (at exit). */
void log_flush_repeats(void);
/* Errors logged so far (printed or held back) and the text of the last one ("" when none). */
unsigned long log_error_count(void);
const char *log_last_error(char *buf, size_t cap); /* copied under the lock; returns buf */
void log_msg(enum log_level level, const char *tag, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#ifndef LOG_TAG
#define LOG_TAG "lobbysign"
#endif
#define LOG_DBG(...) log_msg(LOG_DEBUG, LOG_TAG, __VA_ARGS__)
#define LOG_INFO(...) log_msg(LOG_INFO, LOG_TAG, __VA_ARGS__)
#define LOG_WARN(...) log_msg(LOG_WARN, LOG_TAG, __VA_ARGS__)
#define LOG_ERR(...) log_msg(LOG_ERROR, LOG_TAG, __VA_ARGS__)
