/* xlsx: the cells of an Office Open XML workbook (as Excel, WPS and LibreOffice save it), read
 * from memory under bounds with libarchive (zip) and libexpat (no DTD, no entities): sheet names
 * and order, hidden sheets and rows, shared/inline/rich strings, formulas by their cached value,
 * merged ranges. No styles: the reader of a column knows whether it wants a date or a number.
 * Windows build: needs libarchive and libexpat only (both in MSYS2/vcpkg); no iconv. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bounds. Exceeding any is an error naming the bound, never a silent truncation. */
#define XLSX_MAX_FILE_BYTES (16u << 20)     /* the .xlsx itself */
#define XLSX_MAX_ENTRIES 512                /* zip entries */
#define XLSX_MAX_PART_BYTES (32u << 20)     /* one XML part, uncompressed */
#define XLSX_MAX_TOTAL_BYTES (96u << 20)    /* every part read, uncompressed */
#define XLSX_MAX_RATIO 200                  /* uncompressed bytes per byte of the file */
#define XLSX_MAX_SHEETS 64
#define XLSX_MAX_ROWS 5000                  /* per sheet */
#define XLSX_MAX_COLS 64                    /* A..BL */
#define XLSX_MAX_CELLS 100000               /* per workbook */
#define XLSX_MAX_STRINGS 100000             /* shared strings */
#define XLSX_MAX_STRING_BYTES 8192          /* one cell's text */

enum xlsx_type { XLSX_EMPTY, XLSX_NUMBER, XLSX_STRING, XLSX_BOOL, XLSX_ERROR };

struct xlsx_cell {
    uint32_t row, col;       /* 0-based */
    enum xlsx_type type;
    double num;              /* XLSX_NUMBER, XLSX_BOOL (0/1) */
    const char *str;         /* XLSX_STRING text, XLSX_ERROR code ("#DIV/0!"); owned by the book */
    bool merged;             /* copied from the top-left cell of a merged range */
};

struct xlsx_sheet {
    const char *name;
    bool hidden;
    struct xlsx_cell *cells; /* sorted by row, then column */
    size_t n_cells;
    uint32_t *hidden_rows;   /* 0-based row numbers marked hidden */
    size_t n_hidden_rows;
};

struct xlsx_book {
    struct xlsx_sheet *sheets;  /* in the workbook's order */
    size_t n_sheets;
    void *mem;                  /* internal */
};

/* Reads data[0..len) into book. False with a Chinese and an English reason (zh/en, each at
 * least 256 bytes) when the file is not a workbook, is damaged, or exceeds a bound. */
bool xlsx_read(const void *data, size_t len, struct xlsx_book *book, char *zh, char *en, size_t msg_size);
void xlsx_free(struct xlsx_book *book);

/* "C5" for row 4, col 2 (0-based) into buf (at least 16 bytes). */
const char *xlsx_cell_name(uint32_t row, uint32_t col, char *buf);
/* "C" for col 2. */
const char *xlsx_col_name(uint32_t col, char *buf);
