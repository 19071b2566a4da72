/* util: the one array-length macro (tables with a static_assert on their length use it too). */
#pragma once

#define ALEN(a) (sizeof(a) / sizeof((a)[0]))
