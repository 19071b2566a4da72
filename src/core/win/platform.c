#include "core/platform.h"

#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

#include "core/xalloc.h"

void platform_init(int *argc, char ***argv)
{
    SetConsoleOutputCP(CP_UTF8);
    SetConsoleCP(CP_UTF8);
    _setmode(_fileno(stdout), _O_BINARY); /* "\n" as on the board: the same bytes in files and pipes */
    _setmode(_fileno(stderr), _O_BINARY);
    int n = 0;
    wchar_t **w = CommandLineToArgvW(GetCommandLineW(), &n);
    if (!w || n < 1)
        return;
    char **a = calloc((size_t)n + 1, sizeof *a);
    for (int i = 0; a && i < n; i++) {
        int len = WideCharToMultiByte(CP_UTF8, 0, w[i], -1, NULL, 0, NULL, NULL);
        a[i] = len > 0 ? malloc((size_t)len) : NULL;
        if (!a[i] || WideCharToMultiByte(CP_UTF8, 0, w[i], -1, a[i], len, NULL, NULL) != len)
            return; /* keep the CRT's argv */
    }
    LocalFree(w);
    if (a) { /* the process keeps them: argv lives as long as main */
        *argc = n;
        *argv = a;
    }
}

bool platform_is_windows(void)
{
    return true;
}

char *platform_user_dir(void)
{
    wchar_t w[MAX_PATH * 2];
    DWORD n = GetEnvironmentVariableW(L"APPDATA", w, MAX_PATH * 2);
    char buf[MAX_PATH * 6];
    if (n == 0 || n >= MAX_PATH * 2 || WideCharToMultiByte(CP_UTF8, 0, w, -1, buf, sizeof buf, NULL, NULL) <= 0)
        return NULL;
    for (char *c = buf; *c; c++)
        if (*c == '\\')
            *c = '/';
    return xasprintf("%s/lobbysign", buf);
}
