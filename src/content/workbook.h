/* workbook: the operator's workbook (content.xlsx, docs/workbook.md) as playlists: its sheets
 * (设置 头条 数据 热线 滚动字幕 图片 播放顺序 时间表, or their English names) become one format-v1
 * document per screen, which the schema then checks like any playlist file; every finding names
 * the sheet and cell ("数据!C5") it came from. Values are read as people type them (cellval.h). */
#pragma once
#include <stddef.h>

#include "content/fields.h"

#define WORKBOOK_NAME "content.xlsx"
#define WORKBOOK_MAX_COLS 18

struct workbook_column {
    const char *zh, *en, *help;   /* help: "中文 / English" */
};
struct workbook_sheet {
    const char *zh, *en, *help;
    struct workbook_column cols[WORKBOOK_MAX_COLS];  /* ends at zh == NULL */
};
/* The sheets in the order the template writes them (0..n-1); NULL past the last. */
const struct workbook_sheet *workbook_sheet(int i);

/* Reads the workbook data[0..len) (the file `display`, in folder dir_abs) into ld's playlists. */
void workbook_load(struct loader *ld, const char *display, const char *data, size_t len, const char *dir_abs);

/* Provided by content.c: runs format v1 over one document (built, not parsed) as the file `display`. */
void content_load_json(struct loader *ld, const char *display, json_t *root, const char *dir_abs);
