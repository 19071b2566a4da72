/* wbwrite: a snapshot written as the operator's workbook (content.xlsx, docs/workbook.md), the
 * template `lobbysign template` hands out: a 说明 sheet explaining every column, lists on the
 * columns with fixed choices, widths that fit Chinese text. Read back by workbook.c, it gives
 * the same snapshot. The zip is libarchive's writer (fixed times: same input, same bytes). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "content/model.h"

/* The workbook of snap in *data (malloc'd, *len bytes). False with a Chinese and an English
 * reason (zh/en, msg_size bytes each) when snap holds something a workbook cannot say. */
bool wbwrite_workbook(const struct snapshot *snap, char **data, size_t *len, char *zh, char *en, size_t msg_size);
