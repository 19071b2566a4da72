/* cliopts: parsing of the option values and path arguments the commands share. Values are what a
 * person types (digits, no sign, no spaces, no hex): anything else is refused. */
#pragma once
#include <stdbool.h>

#define CLIOPT_SIZE_MIN 64
#define CLIOPT_SIZE_MAX 8192
/* "1920x1080": digits only, each side CLIOPT_SIZE_MIN..CLIOPT_SIZE_MAX (the options and the
 * configuration file's display.size share it). */
bool cliopt_size(const char *s, int *w, int *h);
bool cliopt_rotate(const char *s, int *deg);           /* 0, 90, 180, 270 */
bool cliopt_percent(const char *s, float *pct, float max);
bool cliopt_seconds(const char *s, double *sec);
/* Every path argument: NULL when acceptable (non-empty, no control characters, < PATH_MAX), else
 * why not (English). */
const char *cliopt_path(const char *s);
/* A path argument that is read now: cliopt_path, and it exists and is a readable regular file
 * (opened through fs_open_regular, so never a FIFO or device) or a listable folder. */
const char *cliopt_input(const char *s);
