/* types.c — Exchange value types: argument conversion with Exchange/.NET-worded errors,
 * display forms (ByteQuantifiedSize "10 MB (10,485,760 bytes)", EnhancedTimeSpan
 * "7.00:00:00") and the MultiValuedProperty edit. Owns no state; binding errors are framed
 * by shell/bind.c around the messages made here. Entry: the xt_* tables, types_* helpers. */
#include <arpa/inet.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "types.h"

/* ======================= shared helpers ======================= */

/* Frees in, sets *err to the formatted message and returns EXSH_ERR. */
static int fail(xv *err, xv in, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(xv *err, xv in, const char *fmt, ...) {
  char buf[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  xv_free(in);
  *err = xv_str(buf);
  return EXSH_ERR;
}

static int ok(xv *out, xv v) {
  *out = v;
  return EXSH_OK;
}

/* Scalars become their PowerShell string form; other kinds give NULL kind (not text). */
static xv scalar_text(xv in) {
  switch (in.kind) {
  case XV_STR: case XV_INT: case XV_DBL: case XV_BOOL: return xv_to_str(in);
  default: xv_free(in); return xv_null();
  }
}

static const xtype_range *range_of(const xtype *t) {
  return t && (t->flags & XTF_RANGE) ? (const xtype_range *)t : NULL;
}

static bool ieq_n(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i])) return false;
  return true;
}

/* Thousands-separated decimal of an unsigned value ("10,485,760"). */
static void group_digits(uint64_t v, char *buf, size_t n) {
  char raw[32], tmp[48];
  int len = snprintf(raw, sizeof raw, "%llu", (unsigned long long)v), j = 0;
  for (int i = 0; i < len; i++) {
    if (i && (len - i) % 3 == 0) tmp[j++] = ',';
    tmp[j++] = raw[i];
  }
  tmp[j] = 0;
  snprintf(buf, n, "%s", tmp);
}

/* ======================= enhanced status codes ======================= */

static bool digits_1_3(const char **p) {
  int n = 0;
  while (isdigit((unsigned char)**p) && n < 4) (*p)++, n++;
  return n >= 1 && n <= 3;
}

/* code -> C.S.D, C in {2,4,5}, S and D 1-3 ASCII digits, whole string */
static bool status_code_ok(const char *s) {
  if (!(s[0] == '2' || s[0] == '4' || s[0] == '5') || s[1] != '.') return false;
  const char *p = s + 2;
  if (!digits_1_3(&p) || *p++ != '.' || !digits_1_3(&p)) return false;
  return *p == 0;
}

static int status_code_convert(const xtype *t, xv in, xv *out, xv *err) {
  (void)t;
  xv s = scalar_text(in);
  const char *txt = xv_str_b(s) ? xv_str_b(s) : "";
  if (s.kind != XV_STR || !status_code_ok(txt))
    return fail(err, s, "This enhanced status code (%s) isn't properly formatted. Enhanced status "
                "codes are in the form of x.y.z where the first digit must be 2, 4, or 5.", txt);
  return ok(out, s);
}

/* ======================= cultures ======================= */

/* The 48 Exchange 2010 DSN languages (TechNet list), keyed by how admins type them. */
static const struct { const char *key, *name; } dsn_langs[] = {
  {"ar", "ar"}, {"eu", "eu"}, {"bg", "bg"}, {"ca", "ca"}, {"zh-chs", "zh-CHS"},
  {"zh-cht", "zh-CHT"}, {"hr", "hr"}, {"cs", "cs"}, {"da", "da"}, {"nl", "nl"}, {"en", "en"},
  {"et", "et"}, {"fil", "fil"}, {"fi", "fi"}, {"fr", "fr"}, {"gl", "gl"}, {"de", "de"},
  {"el", "el"}, {"he", "he"}, {"hi", "hi"}, {"hu", "hu"}, {"is", "is"}, {"id", "id"},
  {"it", "it"}, {"ja", "ja"}, {"kk", "kk"}, {"ko", "ko"}, {"lv", "lv"}, {"lt", "lt"},
  {"ms", "ms"}, {"nb", "nb"}, {"fa", "fa"}, {"pl", "pl"}, {"pt-br", "pt-BR"},
  {"pt-pt", "pt-PT"}, {"ro", "ro"}, {"ru", "ru"}, {"sr-sp-cyrl", "sr-SP-Cyrl"},
  {"sr-sp-latn", "sr-SP-Latn"}, {"sk", "sk"}, {"sl", "sl"}, {"es", "es"}, {"sv", "sv"},
  {"th", "th"}, {"tr", "tr"}, {"uk", "uk"}, {"ur", "ur"}, {"vi", "vi"},
  {"pt (brazil)", "pt-BR"},   /* the TechNet table's own label for pt-BR */
};

const char *types_dsn_culture_name(const char *s) {
  for (size_t i = 0; i < sizeof dsn_langs / sizeof *dsn_langs; i++)
    if (!xstrcasecmp(dsn_langs[i].key, s)) return dsn_langs[i].name;
  return NULL;
}

static bool all_alpha(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) if (!isalpha((unsigned char)s[i])) return false;
  return true;
}
static bool all_digit(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) if (!isdigit((unsigned char)s[i])) return false;
  return true;
}

/* culture -> lang ['-' (region | script | "CHS" | "CHT")]{0,2}; writes the .NET spelling:
 * language lower case, region upper case, script title case. */
static bool culture_canon(const char *s, char *buf, size_t n) {
  size_t len = strlen(s), j = 0;
  if (len == 0 || len >= n) return false;
  int part = 0;
  for (const char *p = s; part < 3; part++) {
    const char *dash = strchr(p, '-');
    size_t m = dash ? (size_t)(dash - p) : strlen(p);
    bool alpha = all_alpha(p, m);
    if (part == 0 && !(alpha && (m == 2 || m == 3))) return false;
    if (part > 0) {
      bool region = (alpha && m == 2) || (all_digit(p, m) && m == 3);
      bool script = alpha && m == 4;
      bool legacy = alpha && m == 3 && ieq_n(p, "ch", 2);  /* zh-CHS, zh-CHT */
      if (!region && !script && !legacy) return false;
      buf[j++] = '-';
    }
    for (size_t i = 0; i < m; i++) {
      int c = (unsigned char)p[i];
      bool upper = part > 0 && (m != 4 || i == 0);
      buf[j++] = (char)(upper ? toupper(c) : tolower(c));
    }
    if (!dash) { buf[j] = 0; return true; }
    p = dash + 1;
  }
  return false;
}

static int culture_common(xv in, xv *out, xv *err, bool dsn_only) {
  if (in.kind == XV_NULL) {
    if (!dsn_only) return ok(out, in);
    return fail(err, in, "The language can't be empty. Specify a supported culture name, such as \"en\".");
  }
  xv s = scalar_text(in);
  const char *txt = s.kind == XV_STR ? xv_str_b(s) : "";
  const char *dsn = types_dsn_culture_name(txt);
  char canon[64];
  if (dsn) { xv r = xv_str(dsn); xv_free(s); return ok(out, r); }
  if (!culture_canon(txt, canon, sizeof canon))
    return fail(err, s, "Culture name '%s' is not supported.", txt);
  if (dsn_only)
    return fail(err, s, "The language \"%s\" isn't supported for DSN customization. Use one of "
                "the supported languages, such as \"en\", \"de\" or \"pt-BR\".", canon);
  xv r = xv_str(canon);
  xv_free(s);
  return ok(out, r);
}

static int dsn_culture_convert(const xtype *t, xv in, xv *out, xv *err) {
  (void)t;
  return culture_common(in, out, err, true);
}
static int culture_convert(const xtype *t, xv in, xv *out, xv *err) {
  (void)t;
  return culture_common(in, out, err, false);
}

/* ======================= byte quantities ======================= */

#define KB ((int64_t)1 << 10)
#define MB ((int64_t)1 << 20)
#define GB ((int64_t)1 << 30)
#define TB ((int64_t)1 << 40)

xv types_bytes_display(int64_t bytes) {
  static const struct { int64_t unit; const char *name; } units[] = {
    {TB, "TB"}, {GB, "GB"}, {MB, "MB"}, {KB, "KB"}, {1, "B"}};
  uint64_t b = bytes < 0 ? 0 : (uint64_t)bytes;
  size_t u = 0;
  while (units[u].unit > 1 && b / (uint64_t)units[u].unit == 0) u++;
  char num[48], grouped[48];
  snprintf(num, sizeof num, "%.4G", (double)b / (double)units[u].unit);  /* .NET "G4" */
  group_digits(b, grouped, sizeof grouped);
  return xv_strf("%s %s (%s bytes)", num, units[u].name, grouped);
}

xv types_unlimited_bytes_display(xv v) {
  if (v.kind == XV_INT) return types_bytes_display(v.u.i);
  xv_free(v);
  return xv_str("Unlimited");
}

xv types_unlimited_int_display(xv v) {
  if (v.kind == XV_INT) return v;
  xv_free(v);
  return xv_str("Unlimited");
}

/* Splits "<number>[ ]<unit>[ (<bytes> bytes)]" (Exchange's ByteQuantifiedSize syntax).
 * Returns the unit multiplier (0: malformed); *num and *nlen are the number, *lng and *llen the
 * optional exact byte count. */
static int64_t bytes_split(const char *s, size_t len, const char **num, size_t *nlen,
                           const char **lng, size_t *llen) {
  *lng = NULL, *llen = 0;
  static const char tail[] = " bytes)";
  size_t tl = sizeof tail - 1;
  if (len > tl && ieq_n(s + len - tl, tail, tl)) {
    const char *open = NULL;
    for (const char *p = s; p + 1 < s + len - tl; p++) if (p[0] == ' ' && p[1] == '(') open = p;
    if (!open) return 0;
    *lng = open + 2, *llen = (size_t)(s + len - tl - *lng);
    len = (size_t)(open - s);
  }
  int64_t unit = 1;
  size_t ul = 0;
  if (len >= 1 && tolower((unsigned char)s[len - 1]) == 'b') {
    ul = 1;
    if (len >= 2) {
      switch (tolower((unsigned char)s[len - 2])) {
      case 'k': unit = KB; ul = 2; break;
      case 'm': unit = MB; ul = 2; break;
      case 'g': unit = GB; ul = 2; break;
      case 't': unit = TB; ul = 2; break;
      default: break;
      }
    }
  } else if (*lng) {
    return 0;                   /* the exact count needs a unit before it */
  }
  len -= ul;
  if (ul && len && s[len - 1] == ' ') len--;
  if (len < 1 || len > 15 || !isdigit((unsigned char)s[len - 1])) return 0;
  for (size_t i = 0; i < len; i++) if (isspace((unsigned char)s[i])) return 0;
  *num = s, *nlen = len;
  return unit;
}

/* Parses digits with optional ',' separators into *v; false when malformed or too big. */
static bool parse_grouped(const char *s, size_t n, uint64_t *v) {
  *v = 0;
  if (!n) return false;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == ',') continue;
    if (!isdigit((unsigned char)s[i]) || *v > (UINT64_MAX - 9) / 10) return false;
    *v = *v * 10 + (uint64_t)(s[i] - '0');
  }
  return true;
}

/* A .NET double with sign, decimal point, thousands and exponent; nothing else. */
static bool parse_real(const char *s, size_t n, double *d) {
  char buf[32];
  size_t j = 0;
  for (size_t i = 0; i < n && j + 1 < sizeof buf; i++) {
    if (s[i] == ',') continue;
    if (!strchr("0123456789.eE+-", s[i])) return false;
    buf[j++] = s[i];
  }
  buf[j] = 0;
  char *end;
  *d = strtod(buf, &end);
  return j > 0 && *end == 0;
}

/* Text -> bytes; on error the message is written to msg. */
static bool bytes_parse(const char *txt, int64_t *bytes, char *msg, size_t mn) {
  while (isspace((unsigned char)*txt)) txt++;
  size_t len = strlen(txt);
  while (len && isspace((unsigned char)txt[len - 1])) len--;
  const char *num, *lng;
  size_t nlen, llen;
  int64_t unit = bytes_split(txt, len, &num, &nlen, &lng, &llen);
  if (lng) {
    uint64_t v;
    if (unit && parse_grouped(lng, llen, &v) && v <= INT64_MAX) { *bytes = (int64_t)v; return true; }
    unit = 0;
  }
  double d;
  if (!unit || !parse_real(num, nlen, &d)) {
    snprintf(msg, mn, "The value \"%.*s\" isn't a valid size. Use a number with an optional unit "
             "B, KB, MB, GB or TB, for example 10MB or \"1.5 GB\".", (int)len, txt);
    return false;
  }
  double b = d * (double)unit;
  if (d < 0 || !(b < 9.2233720368547758e18)) {
    snprintf(msg, mn, "The value \"%.*s\" is out of range. A size must be between 0 B and "
             "8,388,607 TB.", (int)len, txt);
    return false;
  }
  *bytes = (int64_t)b;
  return true;
}

/* Range and rounding of a ranged byte type; formats the error into msg. */
static bool bytes_ranged(const xtype *t, int64_t *b, char *msg, size_t mn) {
  const xtype_range *r = range_of(t);
  if (!r) return true;
  if (r->unit > 1 && *b % r->unit && *b <= INT64_MAX - r->unit) *b += r->unit - *b % r->unit;
  if (*b >= r->min && *b <= r->max) return true;
  xv v = types_bytes_display(*b), lo = types_bytes_display(r->min), hi = types_bytes_display(r->max);
  snprintf(msg, mn, "The value %s is out of range. It must be between %s and %s.", xv_str_b(v),
           xv_str_b(lo), xv_str_b(hi));
  xv_free(v), xv_free(lo), xv_free(hi);
  return false;
}

int types_byte_size_convert(const xtype *t, xv in, xv *out, xv *err) {
  char msg[512];
  int64_t b;
  switch (in.kind) {
  case XV_INT:
    if (in.u.i < 0) return fail(err, in, "The value %lld is out of range. A size can't be negative.", (long long)in.u.i);
    b = in.u.i;
    break;
  case XV_DBL:
    if (!(in.u.d >= 0 && in.u.d < 9.2233720368547758e18))
      return fail(err, in, "The value %g is out of range. A size must be between 0 B and 8,388,607 TB.", in.u.d);
    b = (int64_t)in.u.d;
    break;
  case XV_STR:
    if (!bytes_parse(xv_str_b(in), &b, msg, sizeof msg)) return fail(err, in, "%s", msg);
    break;
  default:
    return fail(err, in, "A value of type %s can't be used as a size. Use a number with an optional "
                "unit B, KB, MB, GB or TB, for example 10MB.", xv_typename_b(in));
  }
  if (!bytes_ranged(t, &b, msg, sizeof msg)) return fail(err, in, "%s", msg);
  xv_free(in);
  return ok(out, xv_int(b));
}

static bool is_unlimited(xv in) {
  return in.kind == XV_STR && !xstrcasecmp(xv_str_b(in), "Unlimited");
}

int types_unlimited_byte_size_convert(const xtype *t, xv in, xv *out, xv *err) {
  if (!is_unlimited(in)) return types_byte_size_convert(t, in, out, err);
  xv_free(in);
  return ok(out, xv_str("Unlimited"));
}

/* ======================= integers ======================= */

int types_int32_convert(const xtype *t, xv in, xv *out, xv *err) {
  int64_t v;
  if (in.kind == XV_STR) {
    const char *s = xv_str_b(in);
    char *end;
    while (isspace((unsigned char)*s)) s++;
    if (!*s || !(isdigit((unsigned char)*s) || ((*s == '-' || *s == '+') && isdigit((unsigned char)s[1]))))
      return fail(err, in, "Input string was not in a correct format.");
    long long ll = strtoll(s, &end, 10);
    while (isspace((unsigned char)*end)) end++;
    if (*end) return fail(err, in, "Input string was not in a correct format.");
    v = ll;
  } else if (in.kind == XV_INT || in.kind == XV_BOOL) {
    v = in.kind == XV_INT ? in.u.i : in.u.b;
  } else if (in.kind == XV_DBL) {
    if (!(fabs(in.u.d) < 3e9)) return fail(err, in, "Value was either too large or too small for an Int32.");
    v = (int64_t)nearbyint(in.u.d);   /* banker's rounding, as [int] */
  } else {
    return fail(err, in, "A value of type %s can't be converted to System.Int32.", xv_typename_b(in));
  }
  if (v < INT32_MIN || v > INT32_MAX) return fail(err, in, "Value was either too large or too small for an Int32.");
  const xtype_range *r = range_of(t);
  if (r && (v < r->min || v > r->max))
    return fail(err, in, "The value %lld is out of range. It must be between %lld and %lld.",
                (long long)v, (long long)r->min, (long long)r->max);
  xv_free(in);
  return ok(out, xv_int(v));
}

int types_unlimited_int_convert(const xtype *t, xv in, xv *out, xv *err) {
  if (!is_unlimited(in)) return types_int32_convert(t, in, out, err);
  xv_free(in);
  return ok(out, xv_str("Unlimited"));
}

/* ======================= time spans ======================= */

xv types_timespan_display(int64_t secs) {
  const char *sign = secs < 0 ? "-" : "";
  uint64_t s = secs < 0 ? (uint64_t)0 - (uint64_t)secs : (uint64_t)secs;
  unsigned long long d = s / 86400;
  unsigned h = (unsigned)(s / 3600 % 24), m = (unsigned)(s / 60 % 60), x = (unsigned)(s % 60);
  if (d) return xv_strf("%s%llu.%02u:%02u:%02u", sign, d, h, m, x);
  return xv_strf("%s%02u:%02u:%02u", sign, h, m, x);
}

/* Reads up to maxd digits; -1 when none, -2 when too many. */
static long long read_num(const char **p, int maxd) {
  long long v = 0;
  int n = 0;
  while (isdigit((unsigned char)**p)) {
    if (++n > maxd) return -2;
    v = v * 10 + (**p - '0');
    (*p)++;
  }
  return n ? v : -1;
}

#define TS_FORMAT "String was not recognized as a valid TimeSpan."
#define TS_RANGE "The TimeSpan could not be parsed because at least one of the numeric components " \
                 "is out of range or contains too many digits."

/* timespan -> [-] ( d | [d.]hh:mm[:ss[.fffffff]] )   (.NET TimeSpan.Parse) */
static const char *timespan_parse(const char *s, int64_t *out) {
  while (isspace((unsigned char)*s)) s++;
  bool neg = *s == '-';
  if (neg) s++;
  const char *p = s;
  long long d = 0, h, m, x = 0, f = 0;
  long long a = read_num(&p, 8);
  if (a == -2) return TS_RANGE;
  if (a < 0) return TS_FORMAT;
  if (*p != '.' && *p != ':') {
    h = m = 0, d = a;
  } else {
    if (*p == '.') { d = a; p++; h = read_num(&p, 2); } else h = a;
    if (h == -2) return TS_RANGE;
    if (h < 0 || *p++ != ':') return TS_FORMAT;
    if ((m = read_num(&p, 2)) < 0) return m == -2 ? TS_RANGE : TS_FORMAT;
    if (*p == ':') {
      p++;
      if ((x = read_num(&p, 2)) < 0) return x == -2 ? TS_RANGE : TS_FORMAT;
      if (*p == '.') {
        p++;
        if ((f = read_num(&p, 7)) < 0) return f == -2 ? TS_RANGE : TS_FORMAT;
      }
    }
  }
  while (isspace((unsigned char)*p)) p++;
  if (*p) return TS_FORMAT;
  if (h > 23 || m > 59 || x > 59 || d > 10675199) return TS_RANGE;
  if (f) return "Fractions of a second aren't supported; use whole seconds.";
  int64_t v = ((d * 24 + h) * 60 + m) * 60 + x;
  *out = neg ? -v : v;
  return NULL;
}

int types_timespan_convert(const xtype *t, xv in, xv *out, xv *err) {
  xv s = scalar_text(in);
  if (s.kind != XV_STR) return fail(err, s, TS_FORMAT);
  int64_t v;
  const char *msg = timespan_parse(xv_str_b(s), &v);
  if (msg) return fail(err, s, "%s", msg);
  const xtype_range *r = range_of(t);
  if (r && (v < r->min || v > r->max)) {
    xv a = types_timespan_display(v), lo = types_timespan_display(r->min), hi = types_timespan_display(r->max);
    int rc = fail(err, s, "The value %s is out of range. It must be between %s and %s.",
                  xv_str_b(a), xv_str_b(lo), xv_str_b(hi));
    xv_free(a), xv_free(lo), xv_free(hi);
    return rc;
  }
  xv_free(s);
  return ok(out, xv_int(v));
}

/* ======================= names: domains, FQDNs, addresses ======================= */

/* domain -> label ('.' label)* ; labels of letters, digits, '-' and '_', not edged by '-' */
static bool domain_ok(const char *s, size_t n, bool need_dot) {
  if (n == 0 || n > 255) return false;
  size_t lab = 0, dots = 0;
  for (size_t i = 0; i <= n; i++) {
    char c = i < n ? s[i] : '.';
    if (c == '.') {
      if (lab == 0 || lab > 63 || s[i - 1] == '-' || s[i - lab] == '-') return false;
      lab = 0, dots += i < n;
    } else if (isalnum((unsigned char)c) || c == '-' || c == '_') {
      lab++;
    } else {
      return false;
    }
  }
  return !need_dot || dots > 0;
}

static bool ip_literal_ok(const char *s, size_t n) {
  char buf[64];
  unsigned char a[16];
  if (n < 3 || s[0] != '[' || s[n - 1] != ']' || n - 2 >= sizeof buf) return false;
  memcpy(buf, s + 1, n - 2), buf[n - 2] = 0;
  if (!strncasecmp(buf, "IPv6:", 5)) return inet_pton(AF_INET6, buf + 5, a) == 1;
  return inet_pton(AF_INET, buf, a) == 1;
}

/* local -> dot-atom | quoted-string (RFC 5321) */
static bool local_ok(const char *s, size_t n) {
  if (n == 0 || n > 64) return false;
  if (s[0] == '"') {
    if (n < 2 || s[n - 1] != '"') return false;
    for (size_t i = 1; i < n - 1; i++) {
      if (s[i] == '\\') { if (++i >= n - 1) return false; continue; }
      if (s[i] == '"' || (unsigned char)s[i] < 32) return false;
    }
    return true;
  }
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '.') { if (i == 0 || i == n - 1 || s[i + 1] == '.') return false; continue; }
    if (!isalnum(c) && !strchr("!#$%&'*+/=?^_`{|}~-", c) && c < 128) return false;
  }
  return true;
}

static int smtp_address_convert(const xtype *t, xv in, xv *out, xv *err) {
  (void)t;
  if (in.kind == XV_NULL) return ok(out, in);
  xv s = scalar_text(in);
  const char *txt = s.kind == XV_STR ? xv_str_b(s) : "";
  const char *at = strrchr(txt, '@');
  size_t n = strlen(txt);
  if (!at || n > 320 || !local_ok(txt, (size_t)(at - txt)) ||
      !(domain_ok(at + 1, strlen(at + 1), true) || ip_literal_ok(at + 1, strlen(at + 1))))
    return fail(err, s, "\"%s\" isn't a valid SMTP address. The domain name can't contain spaces "
                "and it has to have a prefix and a suffix, such as example.com.", txt);
  return ok(out, s);
}

static int smtp_domain_convert(const xtype *t, xv in, xv *out, xv *err) {
  (void)t;
  if (in.kind == XV_NULL) return ok(out, in);
  xv s = scalar_text(in);
  const char *txt = s.kind == XV_STR ? xv_str_b(s) : "";
  if (strchr(txt, '*'))
    return fail(err, s, "\"%s\" isn't a valid SMTP domain: wildcard characters (*) aren't allowed "
                "here. Use a full domain name such as contoso.com.", txt);
  if (!domain_ok(txt, strlen(txt), false))
    return fail(err, s, "\"%s\" isn't a valid SMTP domain. Use a domain name such as contoso.com, "
                "made of letters, digits and hyphens separated by dots.", txt);
  return ok(out, s);
}

static int fqdn_convert(const xtype *t, xv in, xv *out, xv *err) {
  (void)t;
  xv s = scalar_text(in);
  const char *txt = s.kind == XV_STR ? xv_str_b(s) : "";
  if (!domain_ok(txt, strlen(txt), false))
    return fail(err, s, "\"%s\" isn't a valid fully qualified domain name (FQDN). Use a name "
                "such as dc01.contoso.com.", txt);
  return ok(out, s);
}

/* ======================= IP addresses and ranges ======================= */

/* One address into bytes; returns its family or 0. */
static int ip_parse(const char *s, size_t n, unsigned char a[16]) {
  char buf[64];
  if (n == 0 || n >= sizeof buf) return 0;
  memcpy(buf, s, n), buf[n] = 0;
  if (inet_pton(AF_INET, buf, a) == 1) return AF_INET;
  if (inet_pton(AF_INET6, buf, a) == 1) return AF_INET6;
  return 0;
}

/* ip -> address | address '-' address | address '/' bits; *canon gets the normal form */
static bool ip_entry(const char *s, char *canon, size_t cn) {
  unsigned char a[16], b[16];
  char x[64], y[64];
  const char *sep = strpbrk(s, "-/");
  int fa = ip_parse(s, sep ? (size_t)(sep - s) : strlen(s), a);
  if (!fa) return false;
  inet_ntop(fa, a, x, sizeof x);
  if (!sep) { snprintf(canon, cn, "%s", x); return true; }
  if (*sep == '/') {
    const char *p = sep + 1;
    long long bits = read_num(&p, 3);
    if (*p || bits < 0 || bits > (fa == AF_INET ? 32 : 128)) return false;
    snprintf(canon, cn, "%s/%lld", x, bits);
    return true;
  }
  int fb = ip_parse(sep + 1, strlen(sep + 1), b);
  if (fb != fa || memcmp(a, b, fa == AF_INET ? 4 : 16) > 0) return false;
  inet_ntop(fb, b, y, sizeof y);
  snprintf(canon, cn, "%s-%s", x, y);
  return true;
}

static int ip_convert(const xtype *t, xv in, xv *out, xv *err) {
  (void)t;
  xv s = scalar_text(in);
  char canon[160];
  const char *txt = s.kind == XV_STR ? xv_str_b(s) : "";
  if (!ip_entry(txt, canon, sizeof canon))
    return fail(err, s, "\"%s\" isn't a valid IP address or range. Use an address (192.168.1.10), "
                "a range (192.168.1.10-192.168.1.20) or a CIDR block (192.168.1.0/24).", txt);
  xv_free(s);
  return ok(out, xv_str(canon));
}

static int string_elem_convert(const xtype *t, xv in, xv *out, xv *err) {
  (void)t;
  xv s = scalar_text(in);
  if (s.kind != XV_STR) return fail(err, s, "A multi-valued property can't hold a null or non-text value.");
  return ok(out, s);
}

/* ======================= Booleans ======================= */

static int bool_param_convert(const xtype *t, xv in, xv *out, xv *err) {
  (void)t;
  switch (in.kind) {
  case XV_BOOL: return ok(out, in);
  case XV_INT: return ok(out, xv_bool(in.u.i != 0));
  case XV_DBL: return ok(out, xv_bool(in.u.d != 0));
  default:
    return fail(err, in, "Boolean parameters accept only Boolean values and numbers, such as "
                "$True, $False, 1 or 0.");
  }
}

/* ======================= multi-valued properties ======================= */

typedef int (*convert_fn)(const xtype *, xv, xv *, xv *);

static bool mv_has(xv arr, xv item) {
  for (uint32_t i = 0; i < xv_len_b(arr); i++)
    if (!xstrcasecmp(xv_str_b(xv_arr_get_b(arr, i)), xv_str_b(item))) return true;
  return false;
}

/* A list (or one value, or $null) -> ARR of converted items. */
static int mv_list(convert_fn elem, xv in, xv *out, xv *err) {
  xv arr = xv_arr();
  if (in.kind == XV_NULL) { xv_free(in); return ok(out, arr); }
  if (in.kind != XV_ARR) in = xv_arr_push(xv_arr(), in);
  for (uint32_t i = 0; i < xv_len_b(in); i++) {
    xv item;
    if (elem(NULL, xv_copy(xv_arr_get_b(in, i)), &item, err)) {
      xv_free(arr), xv_free(in);
      return EXSH_ERR;
    }
    arr = xv_arr_push(arr, item);
  }
  xv_free(in);
  return ok(out, arr);
}

/* mv -> list | @{Add=list; Remove=list} */
static int mv_convert(convert_fn elem, xv in, xv *out, xv *err) {
  if (in.kind != XV_DICT) return mv_list(elem, in, out, err);
  xv edit = xv_dict();
  for (uint32_t i = 0; i < xv_len_b(in); i++) {
    const char *k = xv_key_b(in, i);
    const char *name = !xstrcasecmp(k, "Add") ? "Add" : !xstrcasecmp(k, "Remove") ? "Remove" : NULL;
    xv list;
    if (!name) {
      xv_free(edit);
      return fail(err, in, "The hash table key \"%s\" isn't valid. Use @{Add=<values>} and/or "
                  "@{Remove=<values>} to change a multi-valued property.", k);
    }
    if (mv_list(elem, xv_copy(xv_val_b(in, i)), &list, err)) {
      xv_free(edit), xv_free(in);
      return EXSH_ERR;
    }
    edit = xv_set(edit, name, list);
  }
  xv_free(in);
  return ok(out, edit);
}

/* Pushes the items of list onto *res; false (and *dup set, borrowed) on a repeat. */
static bool mv_push_all(xv *res, xv list, const char **dup) {
  for (uint32_t i = 0; i < xv_len_b(list); i++) {
    xv item = xv_arr_get_b(list, i);
    if (mv_has(*res, item)) { *dup = xv_str_b(item); return false; }
    *res = xv_arr_push(*res, xv_copy(item));
  }
  return true;
}

int types_mv_apply(xv current, xv edit, xv *out, xv *err) {
  xv res = xv_arr();
  const char *dup = NULL;
  bool fine;
  if (edit.kind == XV_DICT) {
    xv rem = xv_get_b(edit, "Remove");
    for (uint32_t i = 0; i < xv_len_b(current); i++)
      if (!mv_has(rem, xv_arr_get_b(current, i))) res = xv_arr_push(res, xv_copy(xv_arr_get_b(current, i)));
    fine = mv_push_all(&res, xv_get_b(edit, "Add"), &dup);
  } else {
    fine = mv_push_all(&res, edit, &dup);   /* NULL: no items, an empty list */
  }
  if (!fine) {
    *err = xv_strf("The value \"%s\" is already present in the collection.", dup);
    xv_free(res);
  } else {
    *out = res;
  }
  xv_free(current), xv_free(edit);
  return fine ? EXSH_OK : EXSH_ERR;
}

static int status_codes_mv_convert(const xtype *t, xv in, xv *out, xv *err) {
  (void)t;
  return mv_convert(status_code_convert, in, out, err);
}
static int smtp_domains_mv_convert(const xtype *t, xv in, xv *out, xv *err) {
  (void)t;
  return mv_convert(smtp_domain_convert, in, out, err);
}
static int ip_mv_convert(const xtype *t, xv in, xv *out, xv *err) {
  (void)t;
  return mv_convert(ip_convert, in, out, err);
}
static int strings_mv_convert(const xtype *t, xv in, xv *out, xv *err) {
  (void)t;
  return mv_convert(string_elem_convert, in, out, err);
}

/* ======================= the tables ======================= */

const xtype xt_status_code = {"Microsoft.Exchange.Data.EnhancedStatusCode", status_code_convert, NULL, 0};
const xtype xt_dsn_culture = {"System.Globalization.CultureInfo", dsn_culture_convert, NULL, 0};
const xtype xt_culture = {"System.Globalization.CultureInfo", culture_convert, NULL, 0};
const xtype xt_byte_size = {"Microsoft.Exchange.Data.ByteQuantifiedSize", types_byte_size_convert, NULL, 0};
const xtype xt_unlimited_byte_size = {
  "Microsoft.Exchange.Data.Unlimited`1[Microsoft.Exchange.Data.ByteQuantifiedSize]",
  types_unlimited_byte_size_convert, NULL, 0};
const xtype xt_unlimited_int = {"Microsoft.Exchange.Data.Unlimited`1[System.Int32]",
                                types_unlimited_int_convert, NULL, 0};
const xtype xt_timespan = {"Microsoft.Exchange.Data.EnhancedTimeSpan", types_timespan_convert, NULL, 0};
const xtype xt_smtp_address = {"Microsoft.Exchange.Data.SmtpAddress", smtp_address_convert, NULL, 0};
const xtype xt_smtp_domain = {"Microsoft.Exchange.Data.SmtpDomain", smtp_domain_convert, NULL, 0};
const xtype xt_fqdn = {"Microsoft.Exchange.Data.Fqdn", fqdn_convert, NULL, 0};
const xtype xt_bool_param = {"System.Boolean", bool_param_convert, NULL, 0};
const xtype xt_status_codes_mv = {
  "Microsoft.Exchange.Data.MultiValuedProperty`1[Microsoft.Exchange.Data.EnhancedStatusCode]",
  status_codes_mv_convert, NULL, 0};
const xtype xt_smtp_domains_mv = {
  "Microsoft.Exchange.Data.MultiValuedProperty`1[Microsoft.Exchange.Data.SmtpDomain]",
  smtp_domains_mv_convert, NULL, 0};
const xtype xt_ip_mv = {"Microsoft.Exchange.Data.MultiValuedProperty`1[Microsoft.Exchange.Data.IPRange]",
                        ip_mv_convert, NULL, 0};
const xtype xt_strings_mv = {"Microsoft.Exchange.Data.MultiValuedProperty`1[System.String]",
                             strings_mv_convert, NULL, 0};
