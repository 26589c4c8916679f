/* value.c — xv storage: refcounting, copy-on-write strings/arrays/bags, and PowerShell's
 * conversions between kinds (truthiness, to-string, number parsing, -eq / ordering).
 * Leaves formatting for display to format.c and operators to eval.c. */
#include "value.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct xheap {
  int32_t rc;          /* references; the last xv_free releases */
  uint8_t kind;        /* xv_kind, repeated for the destructor */
};
typedef struct xstr {
  struct xheap hd;
  uint32_t len;        /* bytes, without the NUL */
  char s[];            /* owned inline */
} xstr;
typedef struct xarr {
  struct xheap hd;
  uint32_t n, cap;
  xv *items;           /* owned, each item owned */
} xarr;
typedef struct xent {
  char *key;           /* owned copy */
  uint32_t hash;       /* case-insensitive hash of key */
  xv val;              /* owned */
} xent;
typedef struct xbag {
  struct xheap hd;
  char *type;          /* OBJ: owned type name; DICT: NULL */
  uint32_t n, cap;
  xent *e;             /* entries in insertion order, owned */
  uint32_t *idx;       /* open-addressing index of e (1-based; 0 empty), built when n > 8 */
  uint32_t idxcap;     /* power of two, or 0 */
} xbag;
typedef struct xblk {
  struct xheap hd;
  const void *ast;     /* borrowed: the parse arena outlives every block (eval.c keeps it) */
  char *text;          /* owned source text of the block */
} xblk;

static long live;

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) { fputs("exsh: out of memory\n", stderr); abort(); }
  return p;
}
static void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) { fputs("exsh: out of memory\n", stderr); abort(); }
  return p;
}
static char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(xmalloc(n), s, n);
}

static xv heapv(uint8_t kind, struct xheap *h) {
  h->rc = 1; h->kind = kind; live++;
  xv v; v.kind = kind; v.u.h = h;
  return v;
}

long xv_live_count(void) { return live; }

const char *xv_kind_name(xv_kind k) {
  static const char *const names[] = {
#define X(k, name) name,
#include "value.def"
#undef X
  };
  return k < XV__COUNT ? names[k] : "?";
}

/* ---------------- strings ---------------- */

xv xv_strn(const char *s, size_t n) {
  xstr *p = xmalloc(sizeof *p + n + 1);
  if (n) memcpy(p->s, s, n);
  p->s[n] = 0; p->len = (uint32_t)n;
  return heapv(XV_STR, &p->hd);
}
xv xv_str_uninit(size_t n, char **buf) {
  xstr *p = xmalloc(sizeof *p + n + 1);
  p->s[n] = 0; p->len = (uint32_t)n;
  *buf = p->s;
  return heapv(XV_STR, &p->hd);
}
xv xv_str(const char *s) { return xv_strn(s, strlen(s)); }
xv xv_strf(const char *fmt, ...) {
  va_list ap; va_start(ap, fmt);
  char small[256];
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < (int)sizeof small) return xv_strn(small, (size_t)n);
  char *big = xmalloc((size_t)n + 1);
  va_start(ap, fmt); vsnprintf(big, (size_t)n + 1, fmt, ap); va_end(ap);
  xv r = xv_strn(big, (size_t)n);
  free(big);
  return r;
}
const char *xv_str_b(xv v) { return v.kind == XV_STR ? ((xstr *)v.u.h)->s : NULL; }
size_t xv_strlen_b(xv v) { return v.kind == XV_STR ? ((xstr *)v.u.h)->len : 0; }

int xstrcasecmp(const char *a, const char *b) {
  for (;; a++, b++) {
    int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
    if (ca != cb || !ca) return ca - cb;
  }
}
uint32_t xstrhash_ci(const char *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) { h ^= (uint32_t)tolower((unsigned char)s[i]); h *= 16777619u; }
  return h;
}

/* ---------------- arrays ---------------- */

xv xv_arr(void) {
  xarr *a = xmalloc(sizeof *a);
  a->n = a->cap = 0; a->items = NULL;
  return heapv(XV_ARR, &a->hd);
}
uint32_t xv_len_b(xv v) {
  switch (v.kind) {
  case XV_ARR: return ((xarr *)v.u.h)->n;
  case XV_DICT: case XV_OBJ: return ((xbag *)v.u.h)->n;
  case XV_STR: return ((xstr *)v.u.h)->len;
  default: return 0;
  }
}
xv xv_arr_get_b(xv arr, uint32_t i) {
  xarr *a = (xarr *)arr.u.h;
  return (arr.kind == XV_ARR && i < a->n) ? a->items[i] : xv_null();
}
static xv arr_own(xv arr) {
  xarr *a = (xarr *)arr.u.h;
  if (a->hd.rc == 1) return arr;
  xv c = xv_arr();
  xarr *b = (xarr *)c.u.h;
  b->items = xmalloc(sizeof(xv) * (a->n ? a->n : 1));
  b->cap = a->n ? a->n : 1;
  for (uint32_t i = 0; i < a->n; i++) b->items[i] = xv_copy(a->items[i]);
  b->n = a->n;
  xv_free(arr);
  return c;
}
xv xv_arr_push(xv arr, xv item) {
  arr = arr_own(arr);
  xarr *a = (xarr *)arr.u.h;
  if (a->n == a->cap) {
    a->cap = a->cap ? a->cap * 2 : 4;
    a->items = xrealloc(a->items, sizeof(xv) * a->cap);
  }
  a->items[a->n++] = item;
  return arr;
}
xv xv_arr_set(xv arr, uint32_t i, xv item) {
  arr = arr_own(arr);
  xarr *a = (xarr *)arr.u.h;
  if (i < a->n) { xv_free(a->items[i]); a->items[i] = item; }
  else xv_free(item);
  return arr;
}

/* ---------------- bags (hashtables, objects) ---------------- */

static xv bag_new(uint8_t kind, const char *type) {
  xbag *b = xmalloc(sizeof *b);
  memset(b, 0, sizeof *b);
  b->type = type ? xstrdup(type) : NULL;
  return heapv(kind, &b->hd);
}
xv xv_dict(void) { return bag_new(XV_DICT, NULL); }
xv xv_obj(const char *type_name) { return bag_new(XV_OBJ, type_name ? type_name : "System.Management.Automation.PSCustomObject"); }

static void bag_reindex(xbag *b) {
  free(b->idx); b->idx = NULL; b->idxcap = 0;
  if (b->n <= 8) return;
  uint32_t cap = 16;
  while (cap < b->n * 2) cap *= 2;
  b->idx = xmalloc(sizeof(uint32_t) * cap);
  memset(b->idx, 0, sizeof(uint32_t) * cap);
  b->idxcap = cap;
  for (uint32_t i = 0; i < b->n; i++) {
    uint32_t j = b->e[i].hash & (cap - 1);
    while (b->idx[j]) j = (j + 1) & (cap - 1);
    b->idx[j] = i + 1;
  }
}
static long bag_find(const xbag *b, const char *key) {
  size_t kl = strlen(key);
  uint32_t h = xstrhash_ci(key, kl);
  if (!b->idx) {
    for (uint32_t i = 0; i < b->n; i++)
      if (b->e[i].hash == h && !xstrcasecmp(b->e[i].key, key)) return i;
    return -1;
  }
  for (uint32_t j = h & (b->idxcap - 1); b->idx[j]; j = (j + 1) & (b->idxcap - 1)) {
    const xent *e = &b->e[b->idx[j] - 1];
    if (e->hash == h && !xstrcasecmp(e->key, key)) return b->idx[j] - 1;
  }
  return -1;
}
static bool is_bag(xv d) { return d.kind == XV_DICT || d.kind == XV_OBJ; }

xv xv_get_b(xv d, const char *key) {
  if (!is_bag(d)) return xv_null();
  long i = bag_find((xbag *)d.u.h, key);
  return i < 0 ? xv_null() : ((xbag *)d.u.h)->e[i].val;
}
bool xv_has_b(xv d, const char *key) { return is_bag(d) && bag_find((xbag *)d.u.h, key) >= 0; }

static xv bag_own(xv d) {
  xbag *a = (xbag *)d.u.h;
  if (a->hd.rc == 1) return d;
  xv c = bag_new(d.kind, a->type);
  xbag *b = (xbag *)c.u.h;
  b->cap = a->n ? a->n : 1;
  b->e = xmalloc(sizeof(xent) * b->cap);
  for (uint32_t i = 0; i < a->n; i++) {
    b->e[i].key = xstrdup(a->e[i].key);
    b->e[i].hash = a->e[i].hash;
    b->e[i].val = xv_copy(a->e[i].val);
  }
  b->n = a->n;
  bag_reindex(b);
  xv_free(d);
  return c;
}
xv xv_set(xv d, const char *key, xv val) {
  d = bag_own(d);
  xbag *b = (xbag *)d.u.h;
  long i = bag_find(b, key);
  if (i >= 0) { xv_free(b->e[i].val); b->e[i].val = val; return d; }
  if (b->n == b->cap) {
    b->cap = b->cap ? b->cap * 2 : 4;
    b->e = xrealloc(b->e, sizeof(xent) * b->cap);
  }
  xent *e = &b->e[b->n++];
  e->key = xstrdup(key);
  e->hash = xstrhash_ci(key, strlen(key));
  e->val = val;
  if (b->n > 8 && (b->idxcap == 0 || b->n * 2 > b->idxcap)) bag_reindex(b);
  else if (b->idx) {
    uint32_t j = e->hash & (b->idxcap - 1);
    while (b->idx[j]) j = (j + 1) & (b->idxcap - 1);
    b->idx[j] = b->n;
  }
  return d;
}
xv xv_del(xv d, const char *key) {
  if (!is_bag(d) || !xv_has_b(d, key)) return d;
  d = bag_own(d);
  xbag *b = (xbag *)d.u.h;
  long i = bag_find(b, key);
  free(b->e[i].key); xv_free(b->e[i].val);
  memmove(&b->e[i], &b->e[i + 1], sizeof(xent) * (b->n - (uint32_t)i - 1));
  b->n--;
  bag_reindex(b);
  return d;
}
void xv_set_inplace(xv d, const char *key, xv val) {
  if (!is_bag(d)) { xv_free(val); return; }
  d.u.h->rc++;                 /* pretend to be the only holder for xv_set, then drop back */
  int32_t rc = d.u.h->rc;
  d.u.h->rc = 1;
  xv r = xv_set(d, key, val);
  r.u.h->rc = rc - 1;
}
void xv_arr_set_inplace(xv arr, uint32_t i, xv item) {
  if (arr.kind != XV_ARR) { xv_free(item); return; }
  xarr *a = (xarr *)arr.u.h;
  if (i < a->n) { xv_free(a->items[i]); a->items[i] = item; }
  else xv_free(item);
}
const char *xv_key_b(xv d, uint32_t i) { return is_bag(d) && i < ((xbag *)d.u.h)->n ? ((xbag *)d.u.h)->e[i].key : NULL; }
xv xv_val_b(xv d, uint32_t i) { return is_bag(d) && i < ((xbag *)d.u.h)->n ? ((xbag *)d.u.h)->e[i].val : xv_null(); }
xv xv_settype(xv obj, const char *type_name) {
  if (obj.kind != XV_OBJ) return obj;
  obj = bag_own(obj);
  xbag *b = (xbag *)obj.u.h;
  free(b->type); b->type = xstrdup(type_name);
  return obj;
}
const char *xv_typename_b(xv v) {
  if (v.kind == XV_OBJ) return ((xbag *)v.u.h)->type;
  /* PowerShell's integers are Int32 while they fit, Int64 beyond */
  if (v.kind == XV_INT) return v.u.i >= INT32_MIN && v.u.i <= INT32_MAX ? "System.Int32" : "System.Int64";
  return xv_kind_name((xv_kind)v.kind);
}

/* ---------------- blocks ---------------- */

xv xv_block(const void *ast, const char *text) {
  xblk *k = xmalloc(sizeof *k);
  k->ast = ast; k->text = xstrdup(text ? text : "");
  return heapv(XV_BLOCK, &k->hd);
}
const void *xv_block_ast_b(xv v) { return v.kind == XV_BLOCK ? ((xblk *)v.u.h)->ast : NULL; }
const char *xv_block_text_b(xv v) { return v.kind == XV_BLOCK ? ((xblk *)v.u.h)->text : ""; }

/* ---------------- references ---------------- */

xv xv_copy(xv v) {
  if (xv_is_heap(v)) v.u.h->rc++;
  return v;
}
/* Frees iteratively: a value nested a million levels deep must not overflow the C stack.
 * A dropped heap value is queued; the outermost call drains the queue, and children released
 * meanwhile are queued rather than recursed into. */
static struct xheap **pending;   /* queue of heap values whose count reached 0 (owned array) */
static size_t npending, cappending;
static bool draining;

static void release(struct xheap *h) {
  live--;
  switch (h->kind) {
  case XV_ARR: {
    xarr *a = (xarr *)h;
    for (uint32_t i = 0; i < a->n; i++) xv_free(a->items[i]);
    free(a->items);
    break;
  }
  case XV_DICT: case XV_OBJ: {
    xbag *b = (xbag *)h;
    for (uint32_t i = 0; i < b->n; i++) { free(b->e[i].key); xv_free(b->e[i].val); }
    free(b->e); free(b->idx); free(b->type);
    break;
  }
  case XV_BLOCK: free(((xblk *)h)->text); break;
  default: break;
  }
  free(h);
}

void xv_free(xv v) {
  if (!xv_is_heap(v) || --v.u.h->rc > 0) return;
  if (v.kind == XV_STR) { live--; free(v.u.h); return; }   /* no children */
  if (npending == cappending) {
    cappending = cappending ? cappending * 2 : 64;
    pending = xrealloc(pending, cappending * sizeof *pending);
  }
  pending[npending++] = v.u.h;
  if (draining) return;
  draining = true;
  while (npending) release(pending[--npending]);
  draining = false;
  if (cappending > 4096) { free(pending); pending = NULL; cappending = 0; }
}

/* ---------------- conversions ---------------- */

bool xv_truthy(xv v) {
  bool r;
  switch (v.kind) {
  case XV_NULL: r = false; break;
  case XV_BOOL: r = v.u.b; break;
  case XV_INT: r = v.u.i != 0; break;
  case XV_DBL: r = v.u.d != 0; break;
  case XV_STR: r = xv_strlen_b(v) > 0; break;
  case XV_ARR: {
    uint32_t n = xv_len_b(v);
    r = n == 0 ? false : n == 1 ? xv_truthy(xv_copy(xv_arr_get_b(v, 0))) : true;
    break;
  }
  default: r = true;
  }
  xv_free(v);
  return r;
}

static void fmt_dbl(char *buf, size_t n, double d) {
  if (isnan(d)) { snprintf(buf, n, "NaN"); return; }
  if (isinf(d)) { snprintf(buf, n, d > 0 ? "Infinity" : "-Infinity"); return; }
  if (d == floor(d) && fabs(d) < 1e15) { snprintf(buf, n, "%.0f", d); return; }
  snprintf(buf, n, "%.15g", d);
  /* .NET prints E+15 style exponents */
  char *e = strchr(buf, 'e');
  if (e) *e = 'E';
}

xv xv_to_str(xv v) {
  char buf[64];
  switch (v.kind) {
  case XV_STR: return v;
  case XV_NULL: return xv_str("");
  case XV_BOOL: return xv_str(v.u.b ? "True" : "False");
  case XV_INT: snprintf(buf, sizeof buf, "%lld", (long long)v.u.i); return xv_str(buf);
  case XV_DBL: fmt_dbl(buf, sizeof buf, v.u.d); return xv_str(buf);
  case XV_ARR: {
    /* "$a" joins with spaces ($OFS) */
    size_t cap = 64, len = 0;
    char *s = xmalloc(cap);
    for (uint32_t i = 0; i < xv_len_b(v); i++) {
      xv e = xv_arr_get_b(v, i);
      xv p = e.kind == XV_ARR ? xv_str("System.Object[]") : xv_to_str(xv_copy(e));
      size_t pl = xv_strlen_b(p);
      while (len + pl + 2 > cap) { cap *= 2; s = xrealloc(s, cap); }
      if (i) s[len++] = ' ';
      memcpy(s + len, xv_str_b(p), pl); len += pl;
      xv_free(p);
    }
    xv r = xv_strn(s, len);
    free(s); xv_free(v);
    return r;
  }
  case XV_DICT: xv_free(v); return xv_str("System.Collections.Hashtable");
  case XV_BLOCK: { xv r = xv_str(xv_block_text_b(v)); xv_free(v); return r; }
  case XV_OBJ: {
    /* an object with a ToString-like display property prints it; else @{a=1; b=2} */
    if (!strcmp(xv_typename_b(v), "System.Management.Automation.ErrorRecord")) {
      xv m = xv_get_b(xv_get_b(v, "Exception"), "Message");
      xv r = xv_to_str(xv_copy(m));
      xv_free(v);
      return r;
    }
    if (xv_has_b(v, "__Text")) { xv r = xv_to_str(xv_copy(xv_get_b(v, "__Text"))); xv_free(v); return r; }
    xv id = xv_get_b(v, "Identity");
    if (id.kind != XV_NULL && id.kind != XV_OBJ) { xv r = xv_to_str(xv_copy(id)); xv_free(v); return r; }
    size_t cap = 64, len = 0;
    char *s = xmalloc(cap);
    len += (size_t)snprintf(s, cap, "@{");
    for (uint32_t i = 0; i < xv_len_b(v); i++) {
      xv p = xv_to_str(xv_copy(xv_val_b(v, i)));
      const char *k = xv_key_b(v, i);
      size_t need = len + strlen(k) + xv_strlen_b(p) + 8;
      while (need > cap) { cap *= 2; s = xrealloc(s, cap); }
      len += (size_t)snprintf(s + len, cap - len, "%s%s=%s", i ? "; " : "", k, xv_str_b(p));
      xv_free(p);
    }
    while (len + 2 > cap) { cap *= 2; s = xrealloc(s, cap); }
    s[len++] = '}';
    xv r = xv_strn(s, len);
    free(s); xv_free(v);
    return r;
  }
  default: xv_free(v); return xv_str("");
  }
}

/* Parses a PowerShell numeric literal in s (whole string, surrounding blanks allowed):
 * decimal or 0x hex integers, reals, and KB MB GB TB PB multipliers. */
static bool parse_num(const char *s, xv *out) {
  while (isspace((unsigned char)*s)) s++;
  if (!*s) return false;
  char *end;
  errno = 0;
  int64_t mult = 1;
  bool isdbl = false;
  long long iv = 0;
  double dv = 0;
  const char *p = s;
  if (*p == '+' || *p == '-') p++;
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
    unsigned long long u = strtoull(p + 2, &end, 16);
    if (end == p + 2) return false;
    iv = (long long)u;
    if (*s == '-') iv = -iv;
  } else {
    /* digits, '.', an exponent: strtod alone would also take "inf" and "nan" */
    const char *q = p;
    if (!isdigit((unsigned char)*q) && !(*q == '.' && isdigit((unsigned char)q[1]))) return false;
    iv = strtoll(s, &end, 10);
    if (end == s || (*end == '.' || *end == 'e' || *end == 'E') || errno == ERANGE) {
      dv = strtod(s, &end);
      if (end == s) return false;
      isdbl = true;
    }
  }
  if (end[0] && end[1] && (end[1] == 'b' || end[1] == 'B')) {
    switch (tolower((unsigned char)end[0])) {
    case 'k': mult = 1LL << 10; break;
    case 'm': mult = 1LL << 20; break;
    case 'g': mult = 1LL << 30; break;
    case 't': mult = 1LL << 40; break;
    case 'p': mult = 1LL << 50; break;
    default: mult = 0;
    }
    if (mult) end += 2; else mult = 1;
  }
  while (isspace((unsigned char)*end)) end++;
  if (*end) return false;
  int64_t prod;
  if (isdbl) {
    dv *= (double)mult;
    *out = xv_dbl(dv);
  } else if (__builtin_mul_overflow((int64_t)iv, mult, &prod)) {
    *out = xv_dbl((double)iv * (double)mult);   /* too big for Int64: a Double, as .NET widens */
  } else {
    *out = xv_int(prod);
  }
  return true;
}

bool xv_to_num(xv v, xv *out) {
  bool ok = true;
  switch (v.kind) {
  case XV_INT: case XV_DBL: *out = v; return true;
  case XV_BOOL: *out = xv_int(v.u.b); return true;
  case XV_NULL: *out = xv_int(0); return true;
  case XV_STR:
    if (xv_strlen_b(v) == 0) *out = xv_int(0);
    else ok = parse_num(xv_str_b(v), out);
    break;
  case XV_ARR:
    if (xv_len_b(v) == 1) ok = xv_to_num(xv_copy(xv_arr_get_b(v, 0)), out);
    else ok = false;
    break;
  default: ok = false;
  }
  xv_free(v);
  return ok;
}

static double numd(xv n) { return n.kind == XV_INT ? (double)n.u.i : n.u.d; }

int xv_cmp_b(xv a, xv b, bool ci, bool *ok) {
  *ok = true;
  if (a.kind == XV_INT || a.kind == XV_DBL || (a.kind == XV_BOOL && b.kind != XV_STR)) {
    xv na, nb;
    if (!xv_to_num(xv_copy(a), &na) || !xv_to_num(xv_copy(b), &nb)) { *ok = false; return 0; }
    if (na.kind == XV_INT && nb.kind == XV_INT) return na.u.i < nb.u.i ? -1 : na.u.i > nb.u.i;
    double x = numd(na), y = numd(nb);
    return x < y ? -1 : x > y;
  }
  if (a.kind == XV_NULL) return b.kind == XV_NULL ? 0 : -1;
  if (b.kind == XV_NULL) return 1;
  xv sa = xv_to_str(xv_copy(a)), sb = xv_to_str(xv_copy(b));
  int r = ci ? xstrcasecmp(xv_str_b(sa), xv_str_b(sb)) : strcmp(xv_str_b(sa), xv_str_b(sb));
  xv_free(sa); xv_free(sb);
  return r < 0 ? -1 : r > 0;
}

bool xv_eq_b(xv a, xv b, bool ci) {
  if (a.kind == XV_NULL || b.kind == XV_NULL) return a.kind == b.kind;
  if (a.kind == XV_BOOL) {
    bool bb = xv_truthy(xv_copy(b));
    return a.u.b == bb;
  }
  if ((a.kind == XV_OBJ || a.kind == XV_DICT || a.kind == XV_ARR || a.kind == XV_BLOCK) &&
      b.kind == a.kind)
    return a.u.h == b.u.h;
  bool ok;
  int c = xv_cmp_b(a, b, ci, &ok);
  return ok && c == 0;
}
