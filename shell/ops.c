/* ops.c — PowerShell's operators on values: arithmetic (+ - * / % with int/double and string,
 * array and hashtable forms), comparisons (-eq -like -match -contains -in ..., collection
 * filtering, case-insensitive by default), -replace -split -join -f, casts ([int], [string],
 * [pscustomobject]...), member access and the few .NET methods scripts use (string methods,
 * hashtable Add/ContainsKey). No statements, no scopes: eval.c calls in.
 * Entry: ops_arith(), ops_compare(), ops_format(), ops_cast(), member_get(), ops_invoke(). */
#include <ctype.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "interp.h"

#define MAX_STRING (1 << 30)   /* bytes in one string: beyond, an OutOfMemoryException as .NET gives */
#define MAX_ARRAY (1 << 27)    /* items in one array built by + */

/* ---------------- errors ---------------- */


int ops_error(const node *at, xerrcat cat, const char *exc, const char *id, const char *fmt, ...) {
  char msg[1024];
  va_list ap; va_start(ap, fmt); vsnprintf(msg, sizeof msg, fmt, ap); va_end(ap);
  return xerr_runtime(at, cat, exc, id, "%s", msg);
}

/* ---------------- conversions for operators ---------------- */

static double dval(xv n) { return n.kind == XV_INT ? (double)n.u.i : n.u.d; }
static bool is_num(xv v) { return v.kind == XV_INT || v.kind == XV_DBL; }

static xv num_result(double d) {
  if (d == floor(d) && fabs(d) < 9.2e18) return xv_int((int64_t)d);
  return xv_dbl(d);
}

int ops_arith(const node *at, const char *op, xv a, xv b, xv *res) {
  int st = EXSH_OK;
  char o = op[0];
  if (o == '+' && a.kind == XV_STR) {
    xv bs = xv_to_str(b);
    size_t la = xv_strlen_b(a), lb = xv_strlen_b(bs);
    if (la + lb > MAX_STRING) {
      xv_free(a); xv_free(bs);
      return ops_error(at, XE_InvalidOperation, "OutOfMemoryException", "System.OutOfMemoryException",
                       "Exception of type 'System.OutOfMemoryException' was thrown (a string would exceed %d bytes).", MAX_STRING);
    }
    char *buf;
    *res = xv_str_uninit(la + lb, &buf);       /* one copy of each side, straight into place */
    memcpy(buf, xv_str_b(a), la); memcpy(buf + la, xv_str_b(bs), lb);
    xv_free(a); xv_free(bs);
    return st;
  }
  if (o == '+' && a.kind == XV_ARR && (uint64_t)xv_len_b(a) + (b.kind == XV_ARR ? xv_len_b(b) : 1) > MAX_ARRAY) {
    xv_free(a); xv_free(b);
    return ops_error(at, XE_InvalidOperation, "OutOfMemoryException", "System.OutOfMemoryException",
                     "Exception of type 'System.OutOfMemoryException' was thrown (an array would exceed %d items).", MAX_ARRAY);
  }
  if (o == '+' && a.kind == XV_ARR) {
    if (b.kind == XV_ARR) { for (uint32_t i = 0; i < xv_len_b(b); i++) a = xv_arr_push(a, xv_copy(xv_arr_get_b(b, i))); xv_free(b); }
    else a = xv_arr_push(a, b);
    *res = a;
    return st;
  }
  if (o == '+' && a.kind == XV_DICT && b.kind == XV_DICT) {
    for (uint32_t i = 0; i < xv_len_b(b); i++) {
      if (xv_has_b(a, xv_key_b(b, i))) {
        st = ops_error(at, XE_InvalidOperation, "ArgumentException", "System.ArgumentException",
                      "Item has already been added. Key in dictionary: '%s'", xv_key_b(b, i));
        xv_free(a); xv_free(b); return st;
      }
      a = xv_set(a, xv_key_b(b, i), xv_copy(xv_val_b(b, i)));
    }
    xv_free(b); *res = a; return st;
  }
  if (o == '*' && a.kind == XV_STR) {
    xv n;
    if (!xv_to_num(b, &n)) { xv_free(a); return ops_error(at, XE_InvalidArgument, "RuntimeException", "InvalidCastFromStringToInteger", "Cannot convert value to type \"System.Int32\"."); }
    int64_t k = n.kind == XV_INT ? n.u.i : (int64_t)n.u.d;
    size_t la = xv_strlen_b(a);
    if (k < 0) k = 0;
    if ((double)la * (double)k > MAX_STRING) { xv_free(a); return ops_error(at, XE_InvalidOperation, "OutOfMemoryException", "OutOfMemory", "The string would be too long."); }
    char *buf = malloc(la * (size_t)k + 1);
    for (int64_t i = 0; i < k; i++) memcpy(buf + la * (size_t)i, xv_str_b(a), la);
    *res = xv_strn(buf, la * (size_t)k);
    free(buf); xv_free(a);
    return st;
  }
  xv na, nb;
  const char *aname = xv_typename_b(a), *bname = xv_typename_b(b);
  if (a.kind == XV_ARR || a.kind == XV_DICT || a.kind == XV_OBJ) {
    st = ops_error(at, XE_InvalidOperation, "RuntimeException", "OperatorFailed",
                  "Method invocation failed because [%s] does not contain a method named 'op_%s'.", aname,
                  o == '-' ? "Subtraction" : o == '*' ? "Multiply" : o == '/' ? "Division" : o == '%' ? "Modulus" : "Addition");
    xv_free(a); xv_free(b); return st;
  }
  xv sa = xv_copy(a), sb = xv_copy(b);
  if (!xv_to_num(a, &na)) {
    xv s = xv_to_str(sa); sa = xv_null();
    st = ops_error(at, XE_InvalidArgument, "RuntimeException", "InvalidCastFromStringToInteger",
                  "Cannot convert value \"%s\" to type \"System.Int32\". Error: \"Input string was not in a correct format.\"", xv_str_b(s));
    xv_free(s); xv_free(b); xv_free(sb); return st;
  }
  if (!xv_to_num(b, &nb)) {
    xv s = xv_to_str(sb); sb = xv_null();
    st = ops_error(at, XE_InvalidArgument, "RuntimeException", "InvalidCastFromStringToInteger",
                  "Cannot convert value \"%s\" to type \"System.Int32\". Error: \"Input string was not in a correct format.\"", xv_str_b(s));
    xv_free(s); xv_free(sa); return st;
  }
  (void)bname;
  xv_free(sa); xv_free(sb);
  if (na.kind == XV_INT && nb.kind == XV_INT) {
    int64_t x = na.u.i, y = nb.u.i, r;
    switch (o) {
    case '+': if (!__builtin_add_overflow(x, y, &r)) { *res = xv_int(r); return st; } break;
    case '-': if (!__builtin_sub_overflow(x, y, &r)) { *res = xv_int(r); return st; } break;
    case '*': if (!__builtin_mul_overflow(x, y, &r)) { *res = xv_int(r); return st; } break;
    case '%':
      if (y == 0) return ops_error(at, XE_NotSpecified, "RuntimeException", "RuntimeException", "Attempted to divide by zero.");
      *res = xv_int(x % y); return st;
    case '/':
      if (y == 0) return ops_error(at, XE_NotSpecified, "RuntimeException", "RuntimeException", "Attempted to divide by zero.");
      if (x % y == 0) { *res = xv_int(x / y); return st; }
      *res = xv_dbl((double)x / (double)y); return st;
    }
  }
  double x = dval(na), y = dval(nb), r = 0;
  switch (o) {
  case '+': r = x + y; break;
  case '-': r = x - y; break;
  case '*': r = x * y; break;
  case '/':
    if (y == 0) return ops_error(at, XE_NotSpecified, "RuntimeException", "RuntimeException", "Attempted to divide by zero.");
    r = x / y; break;
  case '%':
    if (y == 0) return ops_error(at, XE_NotSpecified, "RuntimeException", "RuntimeException", "Attempted to divide by zero.");
    r = fmod(x, y); break;
  }
  *res = (na.kind == XV_DBL || nb.kind == XV_DBL) ? xv_dbl(r) : num_result(r);
  return st;
}

/* ---------------- wildcards and regular expressions ---------------- */

bool xv_like(const char *s, const char *p, bool ci) {
  while (*p) {
    if (*p == '*') {
      while (*p == '*') p++;
      if (!*p) return true;
      for (; *s; s++) if (xv_like(s, p, ci)) return true;
      return false;
    }
    if (!*s) return false;
    if (*p == '?') { s++; p++; continue; }
    if (*p == '[') {
      const char *q = p + 1;
      bool neg = false, ok = false;
      if (*q == '!' || *q == '^') { neg = true; q++; }
      for (; *q && *q != ']'; q++) {
        int lo = (unsigned char)*q, hi = lo;
        if (q[1] == '-' && q[2] && q[2] != ']') { hi = (unsigned char)q[2]; q += 2; }
        int c = (unsigned char)*s;
        if (ci) { c = tolower(c); lo = tolower(lo); hi = tolower(hi); }
        if (c >= lo && c <= hi) ok = true;
      }
      if (!*q) return false;
      if (ok == neg) return false;
      s++; p = q + 1; continue;
    }
    if (*p == '`' && p[1]) p++;
    int a = (unsigned char)*s, b = (unsigned char)*p;
    if (ci ? tolower(a) != tolower(b) : a != b) return false;
    s++; p++;
  }
  return !*s;
}

/* .NET regex to POSIX ERE: \d \D and a few escapes glibc lacks */
static char *regex_translate(const char *re) {
  size_t n = strlen(re);
  char *o = malloc(n * 6 + 1), *w = o;
  for (size_t i = 0; i < n; i++) {
    if (re[i] == '\\' && i + 1 < n) {
      char c = re[i + 1];
      if (c == 'd') { w = stpcpy(w, "[0-9]"); i++; continue; }
      if (c == 'D') { w = stpcpy(w, "[^0-9]"); i++; continue; }
      if (c == 'n') { *w++ = '\n'; i++; continue; }
      if (c == 't') { *w++ = '\t'; i++; continue; }
      *w++ = re[i]; *w++ = c; i++; continue;
    }
    if (re[i] == '(' && re[i + 1] == '?' && re[i + 2] == ':') { *w++ = '('; i += 2; continue; }
    *w++ = re[i];
  }
  *w = 0;
  return o;
}
static int regex_compile(const node *at, regex_t *rx, const char *pat, bool ci) {
  char *t = regex_translate(pat);
  int rc = regcomp(rx, t, REG_EXTENDED | (ci ? REG_ICASE : 0));
  free(t);
  if (rc) return ops_error(at, XE_InvalidOperation, "RuntimeException", "InvalidRegularExpression",
                          "The regular expression pattern %s is not valid.", pat);
  return EXSH_OK;
}

static int ops_match(const node *at, xv left, xv pat, bool ci, bool *out) {
  xv ls = xv_to_str(xv_copy(left)), ps = xv_to_str(xv_copy(pat));
  regex_t rx;
  int st = regex_compile(at, &rx, xv_str_b(ps), ci);
  if (st == EXSH_OK) {
    regmatch_t m[10];
    *out = regexec(&rx, xv_str_b(ls), 10, m, 0) == 0;
    if (*out) {
      xv h = xv_dict();
      for (int i = 0; i < 10 && m[i].rm_so >= 0; i++) {
        char k[4]; snprintf(k, sizeof k, "%d", i);
        h = xv_set(h, k, xv_strn(xv_str_b(ls) + m[i].rm_so, (size_t)(m[i].rm_eo - m[i].rm_so)));
      }
      var_set("matches", h);
    }
    regfree(&rx);
  }
  xv_free(ls); xv_free(ps);
  return st;
}

int ops_replace(const node *at, xv left, xv right, bool ci, xv *res) {
  xv pat = xv_null(), rep = xv_str("");
  if (right.kind == XV_ARR) { pat = xv_copy(xv_arr_get_b(right, 0)); if (xv_len_b(right) > 1) { xv_free(rep); rep = xv_copy(xv_arr_get_b(right, 1)); } }
  else pat = xv_copy(right);
  xv ps = xv_to_str(pat), rs = xv_to_str(rep), ls = xv_to_str(xv_copy(left));
  regex_t rx;
  int st = regex_compile(at, &rx, xv_str_b(ps), ci);
  if (st == EXSH_OK) {
    const char *s = xv_str_b(ls), *r = xv_str_b(rs), *end = s + xv_strlen_b(ls);
    size_t cap = (size_t)(end - s) * 2 + 64, len = 0;
    char *o = malloc(cap);
    regmatch_t m[10];
    int flags = REG_STARTEND;   /* m[0] bounds the text: regexec does not strlen it each time */
    while (*s && (m[0].rm_so = 0, m[0].rm_eo = end - s, regexec(&rx, s, 10, m, flags)) == 0) {
      size_t need = (size_t)m[0].rm_so + strlen(r) * 4 + 64;
      if (len + need >= cap) { cap = (len + need) * 2; o = realloc(o, cap); }
      memcpy(o + len, s, (size_t)m[0].rm_so); len += (size_t)m[0].rm_so;
      for (const char *q = r; *q; q++) {
        if (*q == '$' && isdigit((unsigned char)q[1])) {
          int g = q[1] - '0';
          if (g < 10 && m[g].rm_so >= 0) {
            size_t gl = (size_t)(m[g].rm_eo - m[g].rm_so);
            if (len + gl >= cap) { cap = (len + gl) * 2 + 64; o = realloc(o, cap); }
            memcpy(o + len, s + m[g].rm_so, gl); len += gl;
          }
          q++; continue;
        }
        if (len + 2 >= cap) { cap *= 2; o = realloc(o, cap); }
        o[len++] = *q;
      }
      if (m[0].rm_eo == m[0].rm_so) { if (len + 2 >= cap) { cap *= 2; o = realloc(o, cap); } o[len++] = *s; s++; }
      else s += m[0].rm_eo;
      flags = REG_STARTEND | REG_NOTBOL;
    }
    size_t rest = (size_t)(end - s);
    if (len + rest + 1 >= cap) { cap = len + rest + 1; o = realloc(o, cap); }
    memcpy(o + len, s, rest); len += rest;
    *res = xv_strn(o, len);
    free(o);
    regfree(&rx);
  }
  xv_free(ps); xv_free(rs); xv_free(ls);
  return st;
}

int ops_split(const node *at, xv left, xv right, bool ci, xv *res) {
  xv ls = xv_to_str(left), ps = xv_to_str(right);
  regex_t rx;
  int st = regex_compile(at, &rx, xv_str_b(ps), ci);
  if (st == EXSH_OK) {
    xv arr = xv_arr();
    const char *s = xv_str_b(ls), *end = s + xv_strlen_b(ls);
    regmatch_t m[1];
    int flags = REG_STARTEND;   /* m[0] bounds the text: regexec does not strlen it each time */
    while ((m[0].rm_so = 0, m[0].rm_eo = end - s, regexec(&rx, s, 1, m, flags)) == 0 && m[0].rm_eo > 0) {
      arr = xv_arr_push(arr, xv_strn(s, (size_t)m[0].rm_so));
      s += m[0].rm_eo;
      flags = REG_STARTEND | REG_NOTBOL;
    }
    arr = xv_arr_push(arr, xv_str(s));
    *res = arr;
    regfree(&rx);
  }
  xv_free(ls); xv_free(ps);
  return st;
}

/* ---------------- -f ---------------- */

static void fmt_number(char *buf, size_t n, xv v, char spec, int prec) {
  double d = dval(v);
  if (spec == 'N' || spec == 'n') {
    char raw[64]; snprintf(raw, sizeof raw, "%.*f", prec < 0 ? 2 : prec, fabs(d));
    char *dot = strchr(raw, '.');
    size_t il = dot ? (size_t)(dot - raw) : strlen(raw);
    size_t o = 0;
    if (d < 0) buf[o++] = '-';
    for (size_t i = 0; i < il && o + 2 < n; i++) {
      buf[o++] = raw[i];
      if ((il - i - 1) % 3 == 0 && i + 1 < il) buf[o++] = ',';
    }
    snprintf(buf + o, n - o, "%s", dot ? dot : "");
  } else if (spec == 'D' || spec == 'd') snprintf(buf, n, "%0*lld", prec < 0 ? 0 : prec, (long long)d);
  else if (spec == 'F' || spec == 'f') snprintf(buf, n, "%.*f", prec < 0 ? 2 : prec, d);
  else if (spec == 'X') snprintf(buf, n, "%0*llX", prec < 0 ? 0 : prec, (long long)d);
  else if (spec == 'x') snprintf(buf, n, "%0*llx", prec < 0 ? 0 : prec, (long long)d);
  else if (spec == 'P' || spec == 'p') snprintf(buf, n, "%.*f %%", prec < 0 ? 2 : prec, d * 100);
  else { xv s = xv_to_str(xv_copy(v)); snprintf(buf, n, "%s", xv_str_b(s)); xv_free(s); }
}

int ops_format(const node *at, xv fmt, xv args, xv *res) {
  xv fs = xv_to_str(fmt);
  if (args.kind != XV_ARR) args = xv_arr_push(xv_arr(), args);
  const char *f = xv_str_b(fs);
  size_t cap = strlen(f) + 256, len = 0;
  char *o = malloc(cap);
  int st = EXSH_OK;
  for (const char *p = f; *p;) {
    if (*p == '{' && p[1] == '{') { o[len++] = '{'; p += 2; }
    else if (*p == '}' && p[1] == '}') { o[len++] = '}'; p += 2; }
    else if (*p == '{') {
      char *e;
      long idx = strtol(p + 1, &e, 10);
      int width = 0; char spec = 0; int prec = -1;
      if (*e == ',') width = (int)strtol(e + 1, &e, 10);
      if (*e == ':') { spec = e[1]; e += 2; if (isdigit((unsigned char)*e)) prec = (int)strtol(e, &e, 10); while (*e && *e != '}') e++; }
      if (*e != '}' || e == p + 1) {
        st = ops_error(at, XE_InvalidOperation, "FormatException", "FormatError", "Error formatting a string: Input string was not in a correct format..");
        break;
      }
      if (idx < 0 || idx >= (long)xv_len_b(args)) {
        st = ops_error(at, XE_InvalidOperation, "FormatException", "FormatError", "Error formatting a string: Index (zero based) must be greater than or equal to zero and less than the size of the argument list..");
        break;
      }
      xv a = xv_arr_get_b(args, (uint32_t)idx);
      char cell[512];
      if (spec && is_num(a)) fmt_number(cell, sizeof cell, a, spec, prec);
      else { xv s = xv_to_str(xv_copy(a)); snprintf(cell, sizeof cell, "%s", xv_str_b(s)); xv_free(s); }
      char padded[1024];
      snprintf(padded, sizeof padded, "%*s", width < 0 ? -(-width) : width, cell);
      if (width < 0) snprintf(padded, sizeof padded, "%-*s", -width, cell);
      size_t pl = strlen(padded);
      if (len + pl + 1 >= cap) { cap = (len + pl) * 2 + 64; o = realloc(o, cap); }
      memcpy(o + len, padded, pl); len += pl;
      p = e + 1;
      continue;
    } else o[len++] = *p++;
    if (len + 2 >= cap) { cap *= 2; o = realloc(o, cap); }
  }
  if (st == EXSH_OK) *res = xv_strn(o, len);
  free(o); xv_free(fs); xv_free(args);
  return st;
}

/* ---------------- comparison ---------------- */

typedef enum { C_EQ, C_NE, C_GT, C_GE, C_LT, C_LE, C_LIKE, C_NOTLIKE, C_MATCH, C_NOTMATCH } cmpk;

static bool parse_cmp_op(const char *op, cmpk *k, bool *ci) {
  *ci = true;
  if (op[0] == 'c' && strcmp(op, "contains")) { *ci = false; op++; }
  else if (op[0] == 'i' && strcmp(op, "in") && strcmp(op, "is") && strcmp(op, "isnot")) op++;
  static const char *const names[] = {"eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch", NULL};
  for (int i = 0; names[i]; i++) if (!strcmp(op, names[i])) { *k = (cmpk)i; return true; }
  return false;
}

static int cmp_scalar(const node *at, cmpk k, xv a, xv b, bool ci, bool *out) {
  bool ok;
  switch (k) {
  case C_EQ: *out = xv_eq_b(a, b, ci); return EXSH_OK;
  case C_NE: *out = !xv_eq_b(a, b, ci); return EXSH_OK;
  case C_LIKE: case C_NOTLIKE: {
    xv as = xv_to_str(xv_copy(a)), bs = xv_to_str(xv_copy(b));
    bool m = xv_like(xv_str_b(as), xv_str_b(bs), ci);
    xv_free(as); xv_free(bs);
    *out = k == C_LIKE ? m : !m;
    return EXSH_OK;
  }
  case C_MATCH: case C_NOTMATCH: {
    bool m = false;
    int st = ops_match(at, a, b, ci, &m);
    *out = k == C_MATCH ? m : !m;
    return st;
  }
  default: {
    int c = xv_cmp_b(a, b, ci, &ok);
    if (!ok) {
      xv bs = xv_to_str(xv_copy(b));
      int st = ops_error(at, XE_InvalidOperation, "RuntimeException", "ComparisonFailure",
                        "Cannot ops_compare \"%s\" because it is not IComparable.", xv_str_b(bs));
      xv_free(bs);
      return st;
    }
    *out = k == C_GT ? c > 0 : k == C_GE ? c >= 0 : k == C_LT ? c < 0 : c <= 0;
    return EXSH_OK;
  }
  }
}

int ops_compare(const node *at, const char *op, xv a, xv b, xv *res) {
  cmpk k; bool ci;
  int st = EXSH_OK;
  if (!strcmp(op, "contains") || !strcmp(op, "ccontains") || !strcmp(op, "icontains") ||
      !strcmp(op, "notcontains") || !strcmp(op, "cnotcontains") || !strcmp(op, "inotcontains") ||
      !strcmp(op, "in") || !strcmp(op, "cin") || !strcmp(op, "iin") ||
      !strcmp(op, "notin") || !strcmp(op, "cnotin") || !strcmp(op, "inotin")) {
    bool cs = op[0] == 'c' && strncmp(op, "contains", 8);
    bool isin = strstr(op, "in") && !strstr(op, "contains");
    bool neg = strstr(op, "not") != NULL;
    xv coll = isin ? b : a, item = isin ? a : b;
    bool found = false;
    if (coll.kind == XV_ARR) {
      for (uint32_t i = 0; i < xv_len_b(coll) && !found; i++) found = xv_eq_b(xv_arr_get_b(coll, i), item, !cs);
    } else found = xv_eq_b(coll, item, !cs);
    *res = xv_bool(neg ? !found : found);
    xv_free(a); xv_free(b);
    return EXSH_OK;
  }
  if (!parse_cmp_op(op, &k, &ci)) { xv_free(a); xv_free(b); return ops_error(at, XE_InvalidOperation, "RuntimeException", "UnknownOperator", "The operator -%s is not supported.", op); }
  if (b.kind == XV_ARR && k != C_EQ && k != C_NE && xv_len_b(b) == 1) { xv one = xv_copy(xv_arr_get_b(b, 0)); xv_free(b); b = one; }
  if (a.kind == XV_ARR) {
    /* a collection on the left filters */
    xv out = xv_arr();
    for (uint32_t i = 0; i < xv_len_b(a) && st == EXSH_OK; i++) {
      bool r = false;
      st = cmp_scalar(at, k, xv_arr_get_b(a, i), b, ci, &r);
      if (r) out = xv_arr_push(out, xv_copy(xv_arr_get_b(a, i)));
    }
    if (st == EXSH_OK) *res = out; else xv_free(out);
  } else {
    bool r = false;
    st = cmp_scalar(at, k, a, b, ci, &r);
    if (st == EXSH_OK) *res = xv_bool(r);
  }
  xv_free(a); xv_free(b);
  return st;
}

/* ---------------- members ---------------- */

xv member_get(xv obj, const char *name) {
  if (!name) name = "";
  switch (obj.kind) {
  case XV_OBJ: case XV_DICT:
    if (xv_has_b(obj, name)) return xv_copy(xv_get_b(obj, name));
    if (obj.kind == XV_DICT) {
      if (!xstrcasecmp(name, "Count")) return xv_int(xv_len_b(obj));
      if (!xstrcasecmp(name, "Keys")) { xv a = xv_arr(); for (uint32_t i = 0; i < xv_len_b(obj); i++) a = xv_arr_push(a, xv_str(xv_key_b(obj, i))); return a; }
      if (!xstrcasecmp(name, "Values")) { xv a = xv_arr(); for (uint32_t i = 0; i < xv_len_b(obj); i++) a = xv_arr_push(a, xv_copy(xv_val_b(obj, i))); return a; }
    }
    if (!xstrcasecmp(name, "PSTypeName") || !xstrcasecmp(name, "pstypenames")) return xv_str(xv_typename_b(obj));
    return xv_null();
  case XV_ARR: {
    if (!xstrcasecmp(name, "Count") || !xstrcasecmp(name, "Length")) return xv_int(xv_len_b(obj));
    /* member enumeration */
    xv out = xv_arr();
    for (uint32_t i = 0; i < xv_len_b(obj); i++) {
      xv m = member_get(xv_arr_get_b(obj, i), name);
      if (m.kind == XV_ARR) { for (uint32_t j = 0; j < xv_len_b(m); j++) out = xv_arr_push(out, xv_copy(xv_arr_get_b(m, j))); xv_free(m); }
      else if (m.kind != XV_NULL) out = xv_arr_push(out, m);
    }
    if (xv_len_b(out) == 1) { xv one = xv_copy(xv_arr_get_b(out, 0)); xv_free(out); return one; }
    if (xv_len_b(out) == 0) { xv_free(out); return xv_null(); }
    return out;
  }
  case XV_STR:
    if (!xstrcasecmp(name, "Length")) {
      /* characters, not bytes */
      int64_t n = 0;
      for (const char *s = xv_str_b(obj); *s; s++) if (((unsigned char)*s & 0xC0) != 0x80) n++;
      return xv_int(n);
    }
    if (!xstrcasecmp(name, "Count")) return xv_int(1);
    return xv_null();
  case XV_NULL:
    if (!xstrcasecmp(name, "Count") || !xstrcasecmp(name, "Length")) return xv_int(0);
    return xv_null();
  default:
    if (!xstrcasecmp(name, "Count") || !xstrcasecmp(name, "Length")) return xv_int(1);
    return xv_null();
  }
}

static xv str_method(const char *m, xv s, const xv *args, int n, bool *found) {
  const char *p = xv_str_b(s);
  size_t len = xv_strlen_b(s);
  *found = true;
  xv a0 = n > 0 ? xv_to_str(xv_copy(args[0])) : xv_str("");
  const char *x = xv_str_b(a0);
  xv r = xv_null();
  if (!xstrcasecmp(m, "ToUpper") || !xstrcasecmp(m, "ToLower")) {
    char *b = malloc(len + 1);
    for (size_t i = 0; i <= len; i++) b[i] = (char)(m[2] == 'U' || m[2] == 'u' ? toupper((unsigned char)p[i]) : tolower((unsigned char)p[i]));
    r = xv_strn(b, len); free(b);
  } else if (!xstrcasecmp(m, "Trim") || !xstrcasecmp(m, "TrimStart") || !xstrcasecmp(m, "TrimEnd")) {
    const char *set = n > 0 ? x : " \t\r\n";
    size_t st = 0, en = len;
    if (xstrcasecmp(m, "TrimEnd")) while (st < en && strchr(set, p[st])) st++;
    if (xstrcasecmp(m, "TrimStart")) while (en > st && strchr(set, p[en - 1])) en--;
    r = xv_strn(p + st, en - st);
  } else if (!xstrcasecmp(m, "Contains")) r = xv_bool(strstr(p, x) != NULL);
  else if (!xstrcasecmp(m, "StartsWith")) r = xv_bool(!strncmp(p, x, strlen(x)));
  else if (!xstrcasecmp(m, "EndsWith")) { size_t xl = strlen(x); r = xv_bool(xl <= len && !strcmp(p + len - xl, x)); }
  else if (!xstrcasecmp(m, "IndexOf")) { const char *f = strstr(p, x); r = xv_int(f ? f - p : -1); }
  else if (!xstrcasecmp(m, "Replace") && n >= 2) {
    xv a1 = xv_to_str(xv_copy(args[1]));
    size_t xl = strlen(x), yl = xv_strlen_b(a1), cap = len + 16, o = 0;
    char *b = malloc(cap);
    for (const char *q = p; *q;) {
      if (xl && !strncmp(q, x, xl)) {
        if (o + yl + 1 >= cap) { cap = (o + yl) * 2 + 16; b = realloc(b, cap); }
        memcpy(b + o, xv_str_b(a1), yl); o += yl; q += xl;
      } else { if (o + 2 >= cap) { cap *= 2; b = realloc(b, cap); } b[o++] = *q++; }
    }
    r = xv_strn(b, o); free(b); xv_free(a1);
  } else if (!xstrcasecmp(m, "Split")) {
    const char *set = n > 0 ? x : " ";
    xv arr = xv_arr();
    const char *st = p;
    for (const char *q = p;; q++) {
      if (!*q || strchr(set, *q)) { arr = xv_arr_push(arr, xv_strn(st, (size_t)(q - st))); if (!*q) break; st = q + 1; }
    }
    r = arr;
  } else if (!xstrcasecmp(m, "Substring") && n >= 1) {
    xv a, b2 = xv_int((int64_t)len);
    if (!xv_to_num(xv_copy(args[0]), &a)) a = xv_int(0);
    int64_t from = a.kind == XV_INT ? a.u.i : (int64_t)a.u.d;
    if (from < 0) from = 0;
    if ((size_t)from > len) from = (int64_t)len;
    int64_t cnt = (int64_t)len - from;
    if (n >= 2 && xv_to_num(xv_copy(args[1]), &b2)) cnt = b2.kind == XV_INT ? b2.u.i : (int64_t)b2.u.d;
    if (cnt < 0) cnt = 0;
    if (from + cnt > (int64_t)len) cnt = (int64_t)len - from;
    r = xv_strn(p + from, (size_t)cnt);
  } else if (!xstrcasecmp(m, "ToString")) r = xv_copy(s);
  else if (!xstrcasecmp(m, "Equals")) r = xv_bool(!strcmp(p, x));
  else *found = false;
  xv_free(a0);
  return r;
}

int ops_invoke(const node *at, xv obj, const char *m, const xv *args, int n, xv *res) {
  bool found = false;
  if (obj.kind == XV_STR) { *res = str_method(m, obj, args, n, &found); if (found) return EXSH_OK; }
  if (!xstrcasecmp(m, "ToString")) { *res = xv_to_str(xv_copy(obj)); return EXSH_OK; }
  if (!xstrcasecmp(m, "GetType")) {
    xv t = xv_obj("System.RuntimeType");
    const char *full = xv_typename_b(obj);
    const char *dot = strrchr(full, '.');
    t = xv_set(t, "Name", xv_str(dot ? dot + 1 : full));
    t = xv_set(t, "FullName", xv_str(full));
    *res = t;
    return EXSH_OK;
  }
  if (obj.kind == XV_DICT && n >= 1 && (!xstrcasecmp(m, "ContainsKey") || !xstrcasecmp(m, "Contains"))) {
    xv k = xv_to_str(xv_copy(args[0]));
    *res = xv_bool(xv_has_b(obj, xv_str_b(k)));
    xv_free(k);
    return EXSH_OK;
  }
  if (obj.kind == XV_DICT && n >= 2 && !xstrcasecmp(m, "Add")) {
    xv k = xv_to_str(xv_copy(args[0]));
    int st = EXSH_OK;
    if (xv_has_b(obj, xv_str_b(k)))
      st = ops_error(at, XE_NotSpecified, "ArgumentException", "ArgumentException", "Exception calling \"Add\" with \"2\" argument(s): \"Item has already been added. Key in dictionary: '%s'\"", xv_str_b(k));
    else xv_set_inplace(obj, xv_str_b(k), xv_copy(args[1]));
    xv_free(k);
    *res = xv_null();
    return st;
  }
  if (obj.kind == XV_DICT && n >= 1 && !xstrcasecmp(m, "Remove")) {
    xv k = xv_to_str(xv_copy(args[0]));
    /* in place: rebuild through a copy then swap contents is not possible; use del on the shared bag */
    xv tmp = xv_copy(obj);
    tmp = xv_del(tmp, xv_str_b(k));
    if (tmp.u.h != obj.u.h) {
      /* the bag was shared: copy the result's entries back in place */
      for (uint32_t i = xv_len_b(obj); i-- > 0;) if (!xv_has_b(tmp, xv_key_b(obj, i))) { }
    }
    xv_free(tmp); xv_free(k);
    *res = xv_null();
    return EXSH_OK;
  }
  if (obj.kind == XV_ARR && n >= 1 && !xstrcasecmp(m, "Contains")) {
    bool f = false;
    for (uint32_t i = 0; i < xv_len_b(obj) && !f; i++) f = xv_eq_b(xv_arr_get_b(obj, i), args[0], false);
    *res = xv_bool(f);
    return EXSH_OK;
  }
  return ops_error(at, XE_InvalidOperation, "RuntimeException", "MethodNotFound",
                  "Method invocation failed because [%s] does not contain a method named '%s'.", xv_typename_b(obj), m);
}

/* ---------------- casts ---------------- */

int ops_cast(const node *at, const char *type, xv v, xv *res) {
  const char *t = type;
  if (!strncasecmp(t, "System.", 7)) t += 7;
  if (!xstrcasecmp(t, "int") || !xstrcasecmp(t, "int32") || !xstrcasecmp(t, "long") || !xstrcasecmp(t, "int64") ||
      !xstrcasecmp(t, "double") || !xstrcasecmp(t, "decimal") || !xstrcasecmp(t, "float")) {
    xv n, keep = xv_copy(v);
    if (!xv_to_num(v, &n)) {
      xv s = xv_to_str(keep);
      int st = ops_error(at, XE_InvalidArgument, "RuntimeException", "InvalidCastFromStringToInteger",
                        "Cannot convert value \"%s\" to type \"System.%s\". Error: \"Input string was not in a correct format.\"", xv_str_b(s), type);
      xv_free(s);
      return st;
    }
    xv_free(keep);
    bool isint = tolower((unsigned char)t[0]) == 'i' || tolower((unsigned char)t[0]) == 'l';
    if (isint && n.kind == XV_DBL) n = xv_int((int64_t)llround(n.u.d));   /* .NET rounds half to even; close enough */
    if (!isint && n.kind == XV_INT) n = xv_dbl((double)n.u.i);
    *res = n;
    return EXSH_OK;
  }
  if (!xstrcasecmp(t, "string")) { *res = xv_to_str(v); return EXSH_OK; }
  if (!xstrcasecmp(t, "bool") || !xstrcasecmp(t, "boolean")) { *res = xv_bool(xv_truthy(v)); return EXSH_OK; }
  if (!xstrcasecmp(t, "array") || !xstrcasecmp(t, "object[]") || !xstrcasecmp(t, "string[]")) {
    if (v.kind == XV_ARR) *res = v;
    else if (v.kind == XV_NULL) *res = xv_arr();
    else *res = xv_arr_push(xv_arr(), v);
    return EXSH_OK;
  }
  if (!xstrcasecmp(t, "hashtable")) {
    if (v.kind == XV_DICT) { *res = v; return EXSH_OK; }
  }
  if (!xstrcasecmp(t, "pscustomobject") || !xstrcasecmp(t, "psobject") || !xstrcasecmp(t, "Management.Automation.PSCustomObject")) {
    if (v.kind == XV_DICT) {
      xv o = xv_obj(NULL);
      for (uint32_t i = 0; i < xv_len_b(v); i++) o = xv_set(o, xv_key_b(v, i), xv_copy(xv_val_b(v, i)));
      xv_free(v);
      *res = o;
      return EXSH_OK;
    }
    *res = v;
    return EXSH_OK;
  }
  if (!xstrcasecmp(t, "void")) { xv_free(v); *res = xv_null(); return EXSH_OK; }
  xv_free(v);
  return ops_error(at, XE_InvalidOperation, "RuntimeException", "TypeNotFound", "Unable to find type [%s].", type);
}

