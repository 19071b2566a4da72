/* password: one line read without echo from the terminal (the console on Windows), or from
 * standard input when it is not a terminal (scripts, tests). */
#pragma once

/* prompt goes to stderr on a terminal; returns a heap string (no newline) or NULL at end of input. */
char *password_read(const char *prompt);
/* Frees and wipes a password from password_read (NULL is fine). */
void password_free(char *pw);
