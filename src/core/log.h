/* log: one line per event on stderr, "lobbysign: [level] tag: message". Each line is written
 * whole (stderr locked), so the import worker thread may log too; set the level before it starts.
 * Each .c file defines LOG_TAG before including this. */
#pragma once
#include <stdbool.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Messages below `min` are dropped; LOG_INFO by default, LOBBYSIGN_LOG=debug|info|warn|error overrides. */
void log_set_level(enum log_level min);
void log_msg(enum log_level level, const char *tag, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#ifndef LOG_TAG
#define LOG_TAG "lobbysign"
#endif
#define LOG_DBG(...) log_msg(LOG_DEBUG, LOG_TAG, __VA_ARGS__)
#define LOG_INFO(...) log_msg(LOG_INFO, LOG_TAG, __VA_ARGS__)
#define LOG_WARN(...) log_msg(LOG_WARN, LOG_TAG, __VA_ARGS__)
#define LOG_ERR(...) log_msg(LOG_ERROR, LOG_TAG, __VA_ARGS__)
