/* cellval: see cellval.h. Every parser first folds full-width forms to ASCII, then reads strictly:
 * what is not recognised is false, never a guess. */
#include "content/cellval.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

/* s with full-width digits, letters, signs and the ideographic space folded to ASCII. */
static void fold(const char *s, char *buf, size_t size)
{
    size_t len = strlen(s), n = 0;
    for (size_t i = 0; i < len && n + 5 < size;) {
        size_t start = i;
        uint32_t cp = utf8_next(s, len, &i);
        if (cp >= 0xFF01 && cp <= 0xFF5E) {
            buf[n++] = (char)(cp - 0xFF01 + 0x21);
        } else if (cp == 0x3000) {
            buf[n++] = ' ';
        } else if (cp == 0x3002 && i < len && isdigit((unsigned char)s[i]) && n > 0 && isdigit((unsigned char)buf[n - 1])) {
            buf[n++] = '.'; /* 7。8: the ideographic full stop typed for a decimal point */
        } else {
            memcpy(buf + n, s + start, i - start);
            n += i - start;
        }
    }
    buf[n] = '\0';
}

void cellval_trim(const char *s, char *buf, size_t size)
{
    size_t len = strlen(s), b = 0, e = len;
    for (size_t i = 0; i < len;) {
        size_t at = i;
        if (!utf8_cp_blank(utf8_next(s, len, &i))) {
            b = at;
            break;
        }
        b = i;
    }
    for (size_t i = b; i < len;) {
        uint32_t cp = utf8_next(s, len, &i);
        if (!utf8_cp_blank(cp))
            e = i;
    }
    if (e < b)
        e = b;
    size_t n = e - b < size - 1 ? e - b : size - 1;
    memcpy(buf, s + b, n);
    buf[n] = '\0';
}

void cellval_number_text(double v, char *buf, size_t size)
{
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    if (strchr(buf, 'e')) { /* 4001622002 in %g form: write it out when it is whole */
        if (fabs(v) < 1e17 && v == floor(v))
            snprintf(buf, size, "%.0f", v);
    }
}

int cellval_decimals(double v)
{
    char buf[64];
    cellval_number_text(v, buf, sizeof buf);
    const char *dot = strchr(buf, '.');
    if (!dot || strchr(buf, 'e'))
        return 0;
    return (int)strlen(dot + 1);
}

bool cellval_figure(const char *raw, struct figure *out)
{
    char s[512], t[512];
    cellval_trim(raw, t, sizeof t);
    fold(t, s, sizeof s);
    *out = (struct figure){0};
    size_t i = 0, len = strlen(s);
    while (i < len && !isdigit((unsigned char)s[i]) && s[i] != '-' && s[i] != '+' && s[i] != '.')
        i++;
    if (i >= sizeof out->prefix)
        return false;
    char pre[CELLVAL_SHORT];
    memcpy(pre, s, i);
    pre[i] = '\0';
    cellval_trim(pre, out->prefix, sizeof out->prefix);
    char num[128];
    size_t n = 0;
    bool sign = false, dot = false, digits = false;
    int decimals = 0;
    if (i < len && (s[i] == '-' || s[i] == '+')) {
        num[n++] = s[i++];
        sign = true;
    }
    for (; i < len && n + 1 < sizeof num; i++) {
        char c = s[i];
        if (isdigit((unsigned char)c)) {
            num[n++] = c;
            digits = true;
            decimals += dot;
        } else if (c == '.' && !dot) {
            num[n++] = c;
            dot = true;
        } else if (c == ',' && digits && !dot && isdigit((unsigned char)s[i + 1]) && isdigit((unsigned char)s[i + 2]) &&
                   isdigit((unsigned char)s[i + 3]) && !isdigit((unsigned char)s[i + 4])) {
            continue; /* thousands separator */
        } else {
            break;
        }
    }
    (void)sign;
    if (!digits)
        return false;
    num[n] = '\0';
    char *end;
    out->value = strtod(num, &end);
    if (*end || !isfinite(out->value))
        return false;
    out->decimals = decimals;
    char rest[CELLVAL_SHORT];
    size_t r = len - i;
    if (r >= sizeof rest)
        return false;
    memcpy(rest, s + i, r);
    rest[r] = '\0';
    cellval_trim(rest, out->unit, sizeof out->unit);
    for (const char *p = out->unit; *p; p++)
        if (isdigit((unsigned char)*p))
            return false; /* "7.8 / 8.1": two numbers */
    return true;
}

bool cellval_integer(const char *raw, long *out)
{
    char s[128], t[128];
    cellval_trim(raw, t, sizeof t);
    fold(t, s, sizeof s);
    size_t len = strlen(s);
    static const char *const units[] = {"秒钟", "秒", "s", "sec", NULL};
    for (const char *const *u = units; *u; u++) {
        size_t ul = strlen(*u);
        if (len > ul && strcmp(s + len - ul, *u) == 0) {
            s[len - ul] = '\0';
            break;
        }
    }
    char *end;
    double v = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (end == s || *end || !isfinite(v) || v != floor(v) || fabs(v) > 1e9)
        return false;
    *out = (long)v;
    return true;
}

/* Days since 1970-01-01 -> civil y-m-d (proleptic Gregorian). */
static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static bool real_day(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

bool cellval_serial_date(double serial, char *buf)
{
    /* 1900 system: 1 = 1900-01-01; Excel counts a 1900-02-29 that never was (serial 60) */
    if (!isfinite(serial) || serial < 1 || serial >= 2958466 || serial != floor(serial) || serial == 60)
        return false;
    long days = (long)serial - (serial > 60 ? 25569 : 25568); /* to days since 1970-01-01 */
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    snprintf(buf, CELLVAL_DATE_SIZE, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    return true;
}

/* Reads an unsigned number of 1..maxd digits at s[*i]. */
static bool digits(const char *s, size_t *i, int maxd, int *out)
{
    int v = 0, n = 0;
    while (isdigit((unsigned char)s[*i]) && n < maxd) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        n++;
    }
    *out = v;
    return n > 0 && !isdigit((unsigned char)s[*i]);
}

static bool lit(const char *s, size_t *i, const char *word)
{
    size_t n = strlen(word);
    if (strncmp(s + *i, word, n) != 0)
        return false;
    *i += n;
    return true;
}

bool cellval_date(const char *raw, char *buf)
{
    char s[128], t[128];
    cellval_trim(raw, t, sizeof t);
    fold(t, s, sizeof s);
    size_t i = 0;
    int y, m, d;
    if (!digits(s, &i, 4, &y) || i != 4)
        return false;
    bool cn = lit(s, &i, "年");
    char sep = cn ? 0 : s[i];
    if (!cn) {
        if (sep != '-' && sep != '/' && sep != '.')
            return false;
        i++;
    }
    if (!digits(s, &i, 2, &m))
        return false;
    if (cn ? !lit(s, &i, "月") : s[i++] != sep)
        return false;
    if (!digits(s, &i, 2, &d))
        return false;
    if (cn && !lit(s, &i, "日"))
        lit(s, &i, "号");
    if (s[i] != '\0' || !real_day(y, m, d))
        return false;
    snprintf(buf, CELLVAL_DATE_SIZE, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    return true;
}

bool cellval_serial_time(double frac, char *buf)
{
    if (!isfinite(frac) || frac < 0 || frac > 1)
        return false;
    long minutes = lround(frac * 1440.0);
    snprintf(buf, CELLVAL_DATE_SIZE, "%02d:%02d", (int)(minutes / 60) % 100, (int)(minutes % 60));
    return true;
}

bool cellval_time(const char *raw, char *buf)
{
    char s[64], t[64];
    cellval_trim(raw, t, sizeof t);
    fold(t, s, sizeof s);
    size_t i = 0;
    int h, m, sec = 0;
    if (!digits(s, &i, 2, &h) || !(lit(s, &i, ":") || lit(s, &i, "点")) || !digits(s, &i, 2, &m))
        return false;
    if (s[i] == ':' && (i++, !digits(s, &i, 2, &sec)))
        return false;
    lit(s, &i, "分");
    if (s[i] != '\0' || h > 24 || m > 59 || sec > 59 || (h == 24 && (m || sec)))
        return false;
    snprintf(buf, CELLVAL_DATE_SIZE, "%02d:%02d", h % 100, m % 100);
    return true;
}

bool cellval_color(const char *raw, char *buf)
{
    char s[64], t[64];
    cellval_trim(raw, t, sizeof t);
    fold(t, s, sizeof s);
    const char *p = s[0] == '#' ? s + 1 : s;
    size_t n = strlen(p);
    if (n != 6 && n != 8)
        return false;
    buf[0] = '#';
    for (size_t k = 0; k < n; k++) {
        if (!isxdigit((unsigned char)p[k]))
            return false;
        buf[k + 1] = (char)toupper((unsigned char)p[k]);
    }
    buf[n + 1] = '\0';
    return true;
}
