/* findings: the loader's side of struct findings (content.h): adding a finding. */
#pragma once
#include "content/content.h"

/* Appends a finding; every string is copied. line/col 0 = unknown. */
void findings_add(struct findings *f, enum severity sev, const char *file, int line, int col,
                  const char *path, const char *zh, const char *en);
