/* jcheck: checks a JSON document (jansson) against a schema written in C, reporting every problem
 * as a finding (file:line:col, JSON path, Chinese + English) through typed accessors that name
 * the expected type, the allowed range or words, and suggest the key a typo meant. Used by the
 * playlist loader (content) and the font config (text); any config file can use it. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/findings.h"
#include "core/jsonpos.h"

/* Joins the Chinese and English halves of a message format: JC_ZH_EN("应为%s", "expected %s"),
 * then the Chinese arguments followed by the English ones. */
#define JC_ZH_EN(zh, en) zh "\x1f" en

#define JCHECK_MAX_DEPTH 40          /* path steps */
#define JCHECK_MAX_ERRORS 100        /* per document, then "too many problems" and nothing more */
#define JCHECK_MAX_WARNINGS 100      /* per document, then only counted (jcheck_end says how many) */

/* Where a finding points: the value at the path, its key, or the object holding it. */
enum jc_where { JC_AT_VALUE, JC_AT_KEY, JC_AT_PARENT };

struct jcheck {
    struct findings *out;
    const char *file;             /* for messages */
    const char *text;             /* the document's text (for line:col), or NULL */
    size_t len;
    struct jpath_elem path[JCHECK_MAX_DEPTH];
    size_t depth;
    size_t n_errors, n_warnings;  /* reported for this document */
    size_t n_warnings_dropped;    /* past JCHECK_MAX_WARNINGS */
    bool stopped;                 /* the error cap was reached: nothing more is reported */
};

/* Starts a document: findings go to out, positions are looked up in text (may be NULL). */
void jcheck_begin(struct jcheck *jc, struct findings *out, const char *file, const char *text, size_t len);

/* Ends a document: warnings past the cap become one warning that counts them. Warnings never
 * make a document invalid, so only errors count toward the cap. */
void jcheck_end(struct jcheck *jc);

void jcheck_push_key(struct jcheck *jc, const char *key);
void jcheck_push_index(struct jcheck *jc, size_t i);
void jcheck_pop(struct jcheck *jc);
/* "slides[3].cards[0].value" for the current path; caller frees. */
char *jcheck_path(const struct jcheck *jc);

/* Reports a problem at the current path; fmt is a JC_ZH_EN pair. */
void jcheck_report(struct jcheck *jc, enum severity sev, enum jc_where where, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define JC_ERR(jc, where, ...) jcheck_report((jc), SEV_ERROR, (where), __VA_ARGS__)
#define JC_WARN(jc, where, ...) jcheck_report((jc), SEV_WARNING, (where), __VA_ARGS__)
/* A problem with the whole document (no path), at line:col (0 = unknown); fmt is a JC_ZH_EN pair. */
void jcheck_file_error(struct jcheck *jc, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Parses text with jansson after a nesting-depth scan of our own (max_depth levels), translating
 * jansson's messages into Chinese. NULL (reported) when the text is not JSON. */
json_t *jcheck_parse(struct jcheck *jc, int max_depth);

/* "对象"/"an object" ... for the type of v. */
const char *jcheck_type_zh(const json_t *v);
const char *jcheck_type_en(const json_t *v);
/* "a, b, c" of a NULL-terminated list, cut to fit size. */
void jcheck_join(char *list, size_t size, const char *const *words);
/* The word in list (NULL-terminated) closest to s, if close enough to be a typo; else NULL. */
const char *jcheck_closest(const char *s, const char *const *list);

/* True when v has type t (JSON_REAL accepts any number); otherwise reported at the current path. */
bool jcheck_type(struct jcheck *jc, const json_t *v, json_type t);
/* obj[key], reporting it when required and missing. */
json_t *jcheck_member(struct jcheck *jc, json_t *obj, const char *key, bool required);
/* Every key of obj must be in known (NULL-terminated); a typo gets a "did you mean". */
void jcheck_keys(struct jcheck *jc, json_t *obj, const char *const *known);

/* The typed members below return NULL / false / -1 when missing or wrong (reported). */
/* A non-empty string of at most max_bytes (0 = no bound); the pointer is jansson's. */
const char *jcheck_string(struct jcheck *jc, json_t *obj, const char *key, bool required, size_t max_bytes);
/* A number in [lo, hi] (lo excluded when lo_open). */
bool jcheck_number(struct jcheck *jc, json_t *obj, const char *key, bool required, double lo, double hi,
                   bool lo_open, double *out);
/* An integer in [lo, hi]. */
bool jcheck_int(struct jcheck *jc, json_t *obj, const char *key, bool required, long lo, long hi, long *out);
/* One of the words in choices (NULL-terminated): its index. */
int jcheck_enum(struct jcheck *jc, json_t *obj, const char *key, bool required, const char *const *choices);
/* An array with min..max elements. */
json_t *jcheck_array(struct jcheck *jc, json_t *obj, const char *key, bool required, size_t min, size_t max);
json_t *jcheck_object(struct jcheck *jc, json_t *obj, const char *key, bool required);

/* Calls fn for each element of arr with the path at arr[i]; when type is not -1, elements of
 * another type are reported and skipped. */
typedef void jcheck_each_fn(void *ctx, json_t *v, size_t i);
void jcheck_each(struct jcheck *jc, json_t *arr, int type, jcheck_each_fn *fn, void *ctx);
