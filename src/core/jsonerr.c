/* jsonerr: translation of jansson's messages (see jsonerr.h). */
#include "core/jsonerr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "core/xalloc.h"

/* jansson's English message, said in Chinese: "<what> near '<token>'". */
char *jsonerr_zh(const char *t)
{
    static const struct {
        const char *en, *zh;
    } whats[] = {
        {"unable to decode byte", "无效的 UTF-8 编码（请将文件另存为 UTF-8）"},
        {"invalid UTF-8", "无效的 UTF-8 编码（请将文件另存为 UTF-8）"},
        {"duplicate object key", "重复的键（同一对象中一个键只能出现一次）"},
        {"real number overflow", "数值超出范围"},
        {"too big", "整数超出范围"},
        {"invalid token", "无效的记号（JSON 不支持 NaN、Infinity、注释和单引号）"},
        {"u0000", "字符串中不允许 \\u0000"},
        {"string or '}' expected", "应为键（双引号字符串）或 '}'（JSON 不支持注释、单引号和末尾逗号）"},
        {"'[' or '{' expected", "文件应以 '{' 开头"},
        {"end of file expected", "文档已结束，后面不应再有内容"},
        {"premature end of input", "文件提前结束（缺少括号或引号？）"},
        {"unexpected newline", "字符串中不能直接换行（请写 \\n）"},
        {"control character", "字符串中有控制字符"},
        {"invalid escape", "无效的转义序列"},
        {"unexpected token", "意外的记号"},
        {"' expected", NULL}, /* "'X' expected": handled below */
    };
    const char *zh = "JSON 语法错误";
    char expected[8] = "";
    for (size_t i = 0; i < ALEN(whats); i++)
        if (strstr(t, whats[i].en)) {
            if (whats[i].zh)
                zh = whats[i].zh;
            else if (t[0] == '\'' && t[2] == '\'')
                snprintf(expected, sizeof expected, "%c", t[1]);
            break;
        }
    const char *near = strstr(t, " near ");
    char *tail;
    if (!near)
        tail = xstrdup("");
    else if (strcmp(near, " near end of file") == 0)
        tail = xstrdup("，位于文件末尾");
    else
        tail = xasprintf("，位置靠近 %s", near + 6);
    /* Chinese punctuation typed where JSON needs ASCII. */
    const char *hint = near && (strstr(near, "，") || strstr(near, "：") || strstr(near, "“") || strstr(near, "”"))
                           ? "（中文标点 ，：“” 不能用作 JSON 符号，请改用英文标点）"
                           : "";
    char *out = expected[0] ? xasprintf("此处应为 '%s'%s%s", expected, tail, hint) : xasprintf("%s%s%s", zh, tail, hint);
    free(tail);
    return out;
}

char *jsonerr_en(const char *t)
{
    return strstr(t, "invalid token")
               ? xasprintf("invalid token (NaN, Infinity, comments and single quotes are not JSON): %s", t)
               : xasprintf("JSON syntax error: %s", t);
}
