/* findings: the reporter's output: a list of problems found in input files, each with file,
 * line, column, JSON path and a Chinese + English message, printed for people or as JSON. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum severity { SEV_WARNING, SEV_ERROR };

struct finding {
    enum severity severity;
    char *file;     /* path as given by the caller, joined with the file name */
    int line, col;  /* 1-based; 0 when unknown (e.g. a whole-file problem) */
    char *path;     /* JSON path: "slides[3].cards[0].value", "" for the document */
    char *msg_zh;   /* 应为数字 */
    char *msg_en;   /* expected a number */
};

struct findings {
    struct finding *items;
    size_t n, cap;
    size_t n_errors, n_warnings;
    size_t n_files, n_slides;  /* playlist files read and slides seen, valid or not (for summaries) */
};

/* Appends a finding; every string is copied. line/col 0 = unknown. */
void findings_add(struct findings *f, enum severity sev, const char *file, int line, int col,
                  const char *path, const char *zh, const char *en);
void findings_free(struct findings *f);
/* Prints "file:line:col: path: 错误/error: 中文 / English" lines, errors first. */
void findings_print(const struct findings *f, FILE *out);
/* Prints the findings as a JSON object {"errors": [...], "warnings": [...]} for machines. */
void findings_print_json(const struct findings *f, FILE *out);
/* One finding as findings_print writes it (without the newline); caller frees. */
char *finding_format(const struct finding *x);
