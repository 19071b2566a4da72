/* jsonerr: jansson's syntax-error messages said in Chinese (with a hint for Chinese punctuation
 * typed where JSON needs ASCII) and in English. */
#pragma once

/* Both return heap strings; text is json_error_t.text. */
char *jsonerr_zh(const char *text);
char *jsonerr_en(const char *text);
