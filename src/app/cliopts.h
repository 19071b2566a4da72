/* cliopts: parsing of the option values the player commands share. False on a bad value. */
#pragma once
#include <stdbool.h>

bool cliopt_size(const char *s, int *w, int *h);       /* "1920x1080" */
bool cliopt_rotate(const char *s, int *deg);           /* 0, 90, 180, 270 */
bool cliopt_percent(const char *s, float *pct, float max);
bool cliopt_seconds(const char *s, double *sec);
