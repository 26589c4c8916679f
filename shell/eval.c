/* eval.c — the evaluator: AST to values and pipelines. Owns scopes and variables, operators
 * (arithmetic, comparison, -like/-match, -f, ranges), member access, statements and flow
 * control, and the running of pipelines (stages come from cmdlet.c, binding from bind.c).
 * Entry: eval_script_text(), eval_block(), eval_expr(), eval_call_block(). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "interp.h"

#define MAX_CALL_DEPTH 200

/* ---------------- sinks ---------------- */

static int collect_put(xsink *s, xv v) {
  xcollect *c = (xcollect *)s;
  if (c->n == 0) c->first = v;
  else {
    if (c->n == 1) { c->arr = xv_arr_push(xv_arr(), c->first); c->first = xv_null(); }
    c->arr = xv_arr_push(c->arr, v);
  }
  c->n++;
  return EXSH_OK;
}
void collect_init(xcollect *c) {
  c->base.put = collect_put;
  c->first = xv_null(); c->arr = xv_null(); c->n = 0;
}
xv collect_take(xcollect *c, bool as_array) {
  xv r;
  if (c->n == 0) r = as_array ? xv_arr() : xv_null();
  else if (c->n == 1) r = as_array ? xv_arr_push(xv_arr(), c->first) : c->first;
  else r = c->arr;
  c->first = xv_null(); c->arr = xv_null(); c->n = 0;
  return r;
}
void collect_drop(xcollect *c) { xv_free(collect_take(c, false)); }
static int null_put(xsink *s, xv v) { (void)s; xv_free(v); return EXSH_OK; }
xsink sink_null = { null_put };

/* ---------------- scopes and variables ---------------- */

interp *I;
struct arena_list { arena *a; const char *src; char *name; struct arena_list *next; };

void interp_init(void) {
  I = calloc(1, sizeof *I);
  I->global = calloc(1, sizeof(scope));
  I->global->vars = xv_dict();
  I->cur = I->global;
  I->under = xv_null();
  I->caught = I->rethrow = xv_null();
  I->errors = xv_arr();
  I->funcs = xv_dict();
  I->last_ok = true;
  I->width = 120;
  struct rlimit rl;
  size_t lim = 8u << 20;
  if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < lim) lim = rl.rlim_cur;
  I->stack_top = __builtin_frame_address(0);
  I->stack_room = lim / 4 * 3;
}
void interp_keep_arena(arena *a, const char *src, const char *name) {
  struct arena_list *l = malloc(sizeof *l);
  if (!l) abort();
  l->a = a; l->src = src; l->name = name ? strdup(name) : NULL;
  l->next = I->arenas; I->arenas = l;
}
const char *interp_source_name(const char *src) {
  for (struct arena_list *l = I->arenas; l; l = l->next)
    if (l->src == src) return l->name;
  return NULL;
}
static void scripts_seen_free(void);
void interp_free(void) {
  if (!I) return;
  xv_free(I->global->vars); free(I->global);
  xv_free(I->under); xv_free(I->errors); xv_free(I->funcs);
  xv_free(I->caught); xv_free(I->rethrow);
  I->caught = I->rethrow = xv_null();
  scripts_seen_free();
  while (I->arenas) {
    struct arena_list *n = I->arenas->next;
    arena_free(I->arenas->a);
    free(I->arenas->name);
    free(I->arenas);
    I->arenas = n;
  }
  free(I->store_dir);
  free(I);
  I = NULL;
}

xv var_get(const char *name) {
  if (name[0] == '_' && !name[1]) return xv_copy(I->under);
  if (name[0] == '?' && !name[1]) return xv_bool(I->last_ok);
  switch (tolower((unsigned char)name[0])) {
  case 'p':
    if (!xstrcasecmp(name, "psitem")) return xv_copy(I->under);
    if (!xstrcasecmp(name, "pwd")) { char b[4096]; return xv_str(getcwd(b, sizeof b) ? b : ""); }
    break;
  case 'e':
    if (!xstrcasecmp(name, "error")) return xv_copy(I->errors);
    if (!strncasecmp(name, "env:", 4)) { const char *e = getenv(name + 4); return e ? xv_str(e) : xv_null(); }
    break;
  case 't': if (!xstrcasecmp(name, "true")) return xv_bool(true); break;
  case 'f': if (!xstrcasecmp(name, "false")) return xv_bool(false); break;
  case 'n': if (!xstrcasecmp(name, "null")) return xv_null(); break;
  case 'h':
    if (!xstrcasecmp(name, "home")) { const char *e = getenv("HOME"); return e ? xv_str(e) : xv_null(); }
    break;
  }
  for (scope *s = I->cur; s; s = s->parent) {
    if (xv_has_b(s->vars, name)) return xv_copy(xv_get_b(s->vars, name));
  }
  return xv_null();
}
void var_set(const char *name, xv v) {
  if (name[0] == '_' && !name[1]) { xv_free(I->under); I->under = v; return; }
  if (!strncasecmp(name, "env:", 4)) {
    xv s = xv_to_str(v);
    setenv(name + 4, xv_str_b(s), 1);
    xv_free(s);
    return;
  }
  I->cur->vars = xv_set(I->cur->vars, name, v);
}
void var_set_global(const char *name, xv v) { I->global->vars = xv_set(I->global->vars, name, v); }

/* finds the scope that holds name (for += and member assignment), or the current one */
static scope *scope_of(const char *name) {
  for (scope *s = I->cur; s; s = s->parent) if (xv_has_b(s->vars, name)) return s;
  return I->cur;
}

/* ---------------- enumeration ---------------- */

void enumerate(xv v, int (*each)(void *, xv), void *ud) {
  if (v.kind == XV_ARR) {
    uint32_t n = xv_len_b(v);
    for (uint32_t i = 0; i < n; i++)
      if (each(ud, xv_copy(xv_arr_get_b(v, i))) != EXSH_OK) break;
    xv_free(v);
    return;
  }
  if (v.kind == XV_NULL) return;
  each(ud, v);
}

typedef struct put_ud { xsink *out; int status; } put_ud;
static int put_each(void *ud, xv v) {
  put_ud *p = ud;
  if (p->status != EXSH_OK) { xv_free(v); return p->status; }
  if (I->interrupted) { xv_free(v); p->status = EXSH_ERR; return p->status; }
  p->status = p->out->put(p->out, v);
  return p->status;
}
/* writes v to out, unrolling one level of array, as PowerShell's output does */
static int output(xsink *out, xv v) {
  put_ud p = { out, EXSH_OK };
  enumerate(v, put_each, &p);
  return p.status;
}

/* ---------------- expressions ---------------- */

static int eval_pipeline(const node *pl, xsink *out);
static int eval_statement(const node *s, xsink *out);

/* runs a statement and collects what it outputs */
static int eval_collect(const node *s, xv *res, bool as_array) {
  xcollect c;
  collect_init(&c);
  int st = eval_statement(s, &c.base);
  *res = collect_take(&c, as_array);
  if (st) { xv_free(*res); *res = xv_null(); }   /* on failure the caller owns no result */
  return st;
}
static int eval_block_collect(const node *b, xv *res, bool as_array) {
  xcollect c;
  collect_init(&c);
  int st = eval_block(b, &c.base);
  *res = collect_take(&c, as_array);
  if (st) { xv_free(*res); *res = xv_null(); }   /* on failure the caller owns no result */
  return st;
}

static int eval_index(const node *e, xv *res) {
  xv obj, idx;
  int st = eval_expr(e->a, &obj);
  if (st) return st;
  if ((st = eval_expr(e->b, &idx))) { xv_free(obj); return st; }
  if (obj.kind == XV_DICT || obj.kind == XV_OBJ) {
    xv k = xv_to_str(idx);
    *res = xv_copy(xv_get_b(obj, xv_str_b(k)));
    xv_free(k); xv_free(obj);
    return EXSH_OK;
  }
  if (idx.kind == XV_ARR) {
    xv out = xv_arr();
    for (uint32_t i = 0; i < xv_len_b(idx); i++) {
      xv n;
      if (!xv_to_num(xv_copy(xv_arr_get_b(idx, i)), &n)) continue;
      int64_t k = n.kind == XV_INT ? n.u.i : (int64_t)n.u.d;
      uint32_t len = obj.kind == XV_ARR ? xv_len_b(obj) : 1;
      if (k < 0) k += len;
      if (k < 0 || k >= len) continue;
      out = xv_arr_push(out, obj.kind == XV_ARR ? xv_copy(xv_arr_get_b(obj, (uint32_t)k)) : xv_copy(obj));
    }
    xv_free(obj); xv_free(idx);
    *res = out;
    return EXSH_OK;
  }
  xv n;
  if (!xv_to_num(idx, &n)) { xv_free(obj); *res = xv_null(); return EXSH_OK; }
  int64_t k = n.kind == XV_INT ? n.u.i : (int64_t)n.u.d;
  if (obj.kind == XV_ARR) {
    int64_t len = xv_len_b(obj);
    if (k < 0) k += len;
    *res = (k >= 0 && k < len) ? xv_copy(xv_arr_get_b(obj, (uint32_t)k)) : xv_null();
  } else if (obj.kind == XV_STR) {
    /* one character (UTF-8 aware) */
    const char *s = xv_str_b(obj);
    int64_t nch = 0;
    for (const char *q = s; *q; q++) if (((unsigned char)*q & 0xC0) != 0x80) nch++;
    if (k < 0) k += nch;
    *res = xv_null();
    if (k >= 0 && k < nch) {
      const char *q = s;
      for (int64_t i = 0; i < k; i++) { q++; while (((unsigned char)*q & 0xC0) == 0x80) q++; }
      const char *e2 = q + 1;
      while (((unsigned char)*e2 & 0xC0) == 0x80) e2++;
      *res = xv_strn(q, (size_t)(e2 - q));
    }
  } else if (obj.kind == XV_NULL) {
    *res = xv_null();
    return ops_error(e, XE_InvalidOperation, "RuntimeException", "NullArray", "Cannot index into a null array.");
  } else {
    *res = (k == 0 || k == -1) ? xv_copy(obj) : xv_null();
  }
  xv_free(obj);
  return EXSH_OK;
}

static int eval_binop(const node *e, xv *res) {
  const char *op = e->op;
  xv a, b;
  int st;
  if (!strcmp(op, "and") || !strcmp(op, "or")) {
    if ((st = eval_expr(e->a, &a))) return st;
    bool l = xv_truthy(a);
    if ((op[0] == 'a' && !l) || (op[0] == 'o' && l)) { *res = xv_bool(l); return EXSH_OK; }
    if ((st = eval_expr(e->b, &b))) return st;
    *res = xv_bool(xv_truthy(b));
    return EXSH_OK;
  }
  if ((st = eval_expr(e->a, &a))) return st;
  if ((st = eval_expr(e->b, &b))) { xv_free(a); return st; }
  /* fast path: small integers, the hot loop of filters and counters */
  if (a.kind == XV_INT && b.kind == XV_INT && op[1] == 0) {
    int64_t x = a.u.i, y = b.u.i, r;
    switch (op[0]) {
    case '+': if (!__builtin_add_overflow(x, y, &r)) { *res = xv_int(r); return EXSH_OK; } break;
    case '-': if (!__builtin_sub_overflow(x, y, &r)) { *res = xv_int(r); return EXSH_OK; } break;
    case '%': if (y) { *res = xv_int(x % y); return EXSH_OK; } break;
    }
  }
  if (a.kind == XV_INT && b.kind == XV_INT && op[0] == 'e' && op[1] == 'q' && !op[2]) { *res = xv_bool(a.u.i == b.u.i); return EXSH_OK; }
  switch (op[0]) {
  case '+': case '-': case '*': case '/': case '%':
    if (!op[1]) return ops_arith(e, op, a, b, res);
    break;
  case '.':
    if (!strcmp(op, "..")) {
      xv na, nb;
      xv ka = xv_copy(a), kb = xv_copy(b);
      if (!xv_to_num(a, &na) || !xv_to_num(b, &nb)) {
        xv_free(ka); xv_free(kb);
        return ops_error(e, XE_InvalidArgument, "RuntimeException", "InvalidCastFromStringToInteger", "Cannot convert the range bounds to integers.");
      }
      xv_free(ka); xv_free(kb);
      int64_t x = na.kind == XV_INT ? na.u.i : (int64_t)llround(na.u.d), y = nb.kind == XV_INT ? nb.u.i : (int64_t)llround(nb.u.d);
      uint64_t n = (uint64_t)(x <= y ? y - x : x - y) + 1;
      if (n > 50000000) return ops_error(e, XE_InvalidOperation, "RuntimeException", "RangeTooBig", "The range %lld..%lld is too large (more than 50,000,000 elements).", (long long)x, (long long)y);
      xv arr = xv_arr();
      for (int64_t i = x;; i += x <= y ? 1 : -1) { arr = xv_arr_push(arr, xv_int(i)); if (i == y) break; }
      *res = arr;
      return EXSH_OK;
    }
    break;
  }
  if (!strcmp(op, "xor")) { bool l = xv_truthy(a), r = xv_truthy(b); *res = xv_bool(l != r); return EXSH_OK; }
  if (!strcmp(op, "f")) return ops_format(e, a, b, res);
  if (!strcmp(op, "replace") || !strcmp(op, "ireplace") || !strcmp(op, "creplace")) {
    if (a.kind == XV_ARR) {
      xv out = xv_arr();
      for (uint32_t i = 0; i < xv_len_b(a) && !st; i++) { xv r; st = ops_replace(e, xv_arr_get_b(a, i), b, op[0] != 'c', &r); if (!st) out = xv_arr_push(out, r); }
      xv_free(a); xv_free(b);
      if (st) { xv_free(out); return st; }
      *res = out; return EXSH_OK;
    }
    st = ops_replace(e, a, b, op[0] != 'c', res);
    xv_free(a); xv_free(b);
    return st;
  }
  if (!strcmp(op, "split") || !strcmp(op, "isplit") || !strcmp(op, "csplit")) return ops_split(e, a, b, op[0] != 'c', res);
  if (!strcmp(op, "join")) {
    xv sep = xv_to_str(b);
    xv out = xv_str("");
    if (a.kind != XV_ARR) a = xv_arr_push(xv_arr(), a);
    for (uint32_t i = 0; i < xv_len_b(a); i++) {
      if (i) { xv t; ops_arith(e, "+", out, xv_copy(sep), &t); out = t; }
      xv t; ops_arith(e, "+", out, xv_copy(xv_arr_get_b(a, i)), &t); out = t;
    }
    xv_free(a); xv_free(sep);
    *res = out;
    return EXSH_OK;
  }
  if (!strcmp(op, "is") || !strcmp(op, "isnot")) {
    xv tn = xv_to_str(b);
    const char *t = xv_str_b(tn);
    if (t[0] == '[') t++;
    const char *tname = xv_typename_b(a);
    const char *dot = strrchr(tname, '.');
    bool is = !strncasecmp(t, tname, strlen(t)) || (dot && !strncasecmp(t, dot + 1, strlen(t)));
    if (!xstrcasecmp(t, "int") || !xstrcasecmp(t, "int32")) is = a.kind == XV_INT;
    if (!xstrcasecmp(t, "array")) is = a.kind == XV_ARR;
    if (!xstrcasecmp(t, "hashtable")) is = a.kind == XV_DICT;
    *res = xv_bool(op[2] ? !is : is);
    xv_free(a); xv_free(tn);
    return EXSH_OK;
  }
  if (!strcmp(op, "band") || !strcmp(op, "bor") || !strcmp(op, "bxor")) {
    xv na, nb;
    if (!xv_to_num(a, &na) || !xv_to_num(b, &nb)) return ops_error(e, XE_InvalidArgument, "RuntimeException", "InvalidCast", "The operands of -%s must be numbers.", op);
    int64_t x = na.kind == XV_INT ? na.u.i : (int64_t)na.u.d, y = nb.kind == XV_INT ? nb.u.i : (int64_t)nb.u.d;
    *res = xv_int(op[1] == 'a' ? (x & y) : op[1] == 'o' ? (x | y) : (x ^ y));
    return EXSH_OK;
  }
  return ops_compare(e, op, a, b, res);
}

static int eval_unop(const node *e, xv *res) {
  xv a;
  int st = eval_expr(e->a, &a);
  if (st) return st;
  const char *op = e->op;
  if (!strcmp(op, "not")) { *res = xv_bool(!xv_truthy(a)); return EXSH_OK; }
  if (!strcmp(op, ",")) { *res = xv_arr_push(xv_arr(), a); return EXSH_OK; }
  if (!strcmp(op, "-")) return ops_arith(e, "-", xv_int(0), a, res);
  if (!strcmp(op, "+")) { xv n; xv k = xv_copy(a); if (xv_to_num(a, &n)) { xv_free(k); *res = n; } else *res = k; return EXSH_OK; }
  if (!strcmp(op, "bnot")) { xv n; if (!xv_to_num(a, &n)) return ops_error(e, XE_InvalidArgument, "RuntimeException", "InvalidCast", "The operand of -bnot must be a number."); *res = xv_int(~(n.kind == XV_INT ? n.u.i : (int64_t)n.u.d)); return EXSH_OK; }
  if (!strcmp(op, "split")) return ops_split(e, a, xv_str("\\s+"), true, res);
  if (!strcmp(op, "join")) {
    xv out = xv_str("");
    if (a.kind != XV_ARR) a = xv_arr_push(xv_arr(), a);
    for (uint32_t i = 0; i < xv_len_b(a); i++) { xv t; ops_arith(e, "+", out, xv_copy(xv_arr_get_b(a, i)), &t); out = t; }
    xv_free(a);
    *res = out;
    return EXSH_OK;
  }
  xv_free(a);
  return ops_error(e, XE_InvalidOperation, "RuntimeException", "UnknownOperator", "The operator %s is not supported.", op);
}

static int eval_member(const node *e, xv *res) {
  xv obj, name;
  int st = eval_expr(e->a, &obj);
  if (st) return st;
  if (e->b->kind == N_CONST) name = xv_copy(e->b->val);
  else if ((st = eval_expr(e->b, &name))) { xv_free(obj); return st; }
  name = xv_to_str(name);
  *res = member_get(obj, xv_str_b(name));
  xv_free(obj); xv_free(name);
  return EXSH_OK;
}

static int eval_invoke(const node *e, xv *res) {
  xv obj;
  int st = eval_expr(e->a, &obj);
  if (st) return st;
  xv args[8];
  int n = e->nkids < 8 ? e->nkids : 8;
  int got = 0;
  for (; got < n; got++) if ((st = eval_expr(e->kids[got], &args[got]))) break;
  if (!st) st = ops_invoke(e, obj, e->name, args, n, res);
  for (int i = 0; i < got; i++) xv_free(args[i]);
  xv_free(obj);
  return st;
}

static int eval_hash(const node *e, xv *res) {
  xv h = xv_dict();
  for (int i = 0; i + 1 < e->nkids; i += 2) {
    xv k, v;
    int st = eval_expr(e->kids[i], &k);
    if (st) { xv_free(h); return st; }
    if ((st = eval_collect(e->kids[i + 1], &v, false))) { xv_free(k); xv_free(h); return st; }
    k = xv_to_str(k);
    h = xv_set(h, xv_str_b(k), v);
    xv_free(k);
  }
  *res = h;
  return EXSH_OK;
}

static int eval_expstr(const node *e, xv *res) {
  size_t cap = 64, len = 0;
  char *buf = malloc(cap);
  for (int i = 0; i < e->nkids; i++) {
    xv v;
    int st = eval_expr(e->kids[i], &v);
    if (st) { free(buf); return st; }
    v = xv_to_str(v);
    size_t n = xv_strlen_b(v);
    if (len + n + 1 > cap) { cap = (len + n + 1) * 2; buf = realloc(buf, cap); }
    memcpy(buf + len, xv_str_b(v), n); len += n;
    xv_free(v);
  }
  *res = xv_strn(buf, len);
  free(buf);
  return EXSH_OK;
}

/* true when the C stack is nearly used up (deep nesting times deep recursion): the caller
 * reports CallDepthOverflow instead of crashing */
static bool eval_deep(void) {
  char *here = __builtin_frame_address(0);
  return I->stack_top && (size_t)(I->stack_top - here) > I->stack_room;
}
static int deep_error(const node *at) {
  I->terminating = true;
  return ops_error(at, XE_InvalidOperation, "ScriptCallDepthException", "CallDepthOverflow",
                   "The script failed due to call depth overflow.");
}

int eval_expr(const node *e, xv *res) {
  int st;
  if (eval_deep()) return deep_error(e);
  switch ((nkind)e->kind) {
  case N_CONST: *res = xv_copy(e->val); return EXSH_OK;
  case N_VAR: *res = var_get(e->name); return EXSH_OK;
  case N_BINOP: return eval_binop(e, res);
  case N_UNOP: return eval_unop(e, res);
  case N_EXPSTR: return eval_expstr(e, res);
  case N_MEMBER: return eval_member(e, res);
  case N_INVOKE: return eval_invoke(e, res);
  case N_INDEX: return eval_index(e, res);
  case N_ARRAY: {
    xv arr = xv_arr();
    for (int i = 0; i < e->nkids; i++) {
      xv v;
      if ((st = eval_expr(e->kids[i], &v))) { xv_free(arr); return st; }
      arr = xv_arr_push(arr, v);
    }
    *res = arr;
    return EXSH_OK;
  }
  case N_PAREN:
    if (e->a->kind == N_ASSIGN) {   /* ($x = 5) assigns and yields the value */
      if ((st = eval_statement(e->a, &sink_null))) return st;
      return eval_expr(e->a->a, res);
    }
    return eval_collect(e->a, res, false);
  case N_SUBEXPR: return eval_block_collect(e->a, res, false);
  case N_ARREXPR: return eval_block_collect(e->a, res, true);
  case N_HASH: return eval_hash(e, res);
  case N_SCRIPTBLOCK: *res = xv_block(e->a, xv_str_b(e->val)); return EXSH_OK;
  case N_CAST: {
    xv v;
    if ((st = eval_expr(e->a, &v))) return st;
    return ops_cast(e, e->op, v, res);
  }
  case N_TYPE: *res = xv_strf("%s", e->op); return EXSH_OK;
  default:
    /* a statement in expression position, e.g. a pipeline in ( ) */
    return eval_collect(e, res, false);
  }
}

/* ---------------- assignment ---------------- */

static int assign_to(const node *target, xv v) {
  int st;
  switch ((nkind)target->kind) {
  case N_VAR:
    if (!strcmp(target->name, "null")) { xv_free(v); return EXSH_OK; }
    if (xv_has_b(scope_of(target->name)->vars, target->name) && scope_of(target->name) != I->cur && 0) return EXSH_OK;
    var_set(target->name, v);
    return EXSH_OK;
  case N_CAST: {
    xv c;
    if ((st = ops_cast(target, target->op, v, &c))) return st;
    return assign_to(target->a, c);
  }
  case N_MEMBER: {
    xv obj, name;
    if ((st = eval_expr(target->a, &obj))) { xv_free(v); return st; }
    if (target->b->kind == N_CONST) name = xv_copy(target->b->val);
    else if ((st = eval_expr(target->b, &name))) { xv_free(obj); xv_free(v); return st; }
    name = xv_to_str(name);
    if (obj.kind == XV_DICT || obj.kind == XV_OBJ) {
      if (obj.kind == XV_OBJ && !xv_has_b(obj, xv_str_b(name))) {
        st = ops_error(target, XE_InvalidOperation, "RuntimeException", "PropertyAssignmentException",
                      "The property '%s' cannot be found on this object. Verify that the property exists and can be set.", xv_str_b(name));
        xv_free(v);
      } else xv_set_inplace(obj, xv_str_b(name), v);
    } else {
      st = ops_error(target, XE_InvalidOperation, "RuntimeException", "PropertyNotFound",
                    "The property '%s' cannot be found on this object. Verify that the property exists and can be set.", xv_str_b(name));
      xv_free(v);
    }
    xv_free(obj); xv_free(name);
    return st;
  }
  case N_INDEX: {
    xv obj, idx;
    if ((st = eval_expr(target->a, &obj))) { xv_free(v); return st; }
    if ((st = eval_expr(target->b, &idx))) { xv_free(obj); xv_free(v); return st; }
    if (obj.kind == XV_DICT || obj.kind == XV_OBJ) {
      idx = xv_to_str(idx);
      xv_set_inplace(obj, xv_str_b(idx), v);
    } else if (obj.kind == XV_ARR) {
      xv n;
      if (!xv_to_num(xv_copy(idx), &n)) n = xv_int(-1);
      int64_t k = n.kind == XV_INT ? n.u.i : (int64_t)n.u.d;
      if (k < 0) k += xv_len_b(obj);
      if (k < 0 || k >= xv_len_b(obj)) {
        st = ops_error(target, XE_InvalidOperation, "IndexOutOfRangeException", "System.IndexOutOfRangeException", "Index was outside the bounds of the array.");
        xv_free(v);
      } else xv_arr_set_inplace(obj, (uint32_t)k, v);
    } else {
      st = ops_error(target, XE_InvalidOperation, "RuntimeException", "CannotIndex", "Cannot index into a %s.", obj.kind == XV_NULL ? "null array" : "value of this type");
      xv_free(v);
    }
    xv_free(obj); xv_free(idx);
    return st;
  }
  default:
    xv_free(v);
    return ops_error(target, XE_InvalidOperation, "RuntimeException", "InvalidLeftHandSide", "The assignment expression is not valid.");
  }
}

static int eval_assign(const node *s) {
  xv v;
  int st;
  if (!strcmp(s->op, "++")) {
    xv cur;
    if ((st = eval_expr(s->a, &cur))) return st;
    if ((st = ops_arith(s, "+", cur, xv_int(1), &v))) return st;
    return assign_to(s->a, v);
  }
  /* $x = value: a pipeline's output is collected, an expression's value kept as is */
  const node *rhs = s->b;
  if (rhs->kind == N_PIPELINE || rhs->kind == N_IF || rhs->kind == N_FOREACH || rhs->kind == N_WHILE || rhs->kind == N_FOR || rhs->kind == N_ASSIGN) st = eval_collect(rhs, &v, false);
  else st = eval_expr(rhs, &v);
  if (st) return st;
  if (s->op[0] == '=') return assign_to(s->a, v);
  /* $s += $i on a plain variable: update in place when this scope owns it (the hot loop) */
  xv cur;
  if ((st = eval_expr(s->a, &cur))) { xv_free(v); return st; }
  char o[2] = { s->op[0], 0 };
  xv r;
  if (cur.kind == XV_NULL && o[0] == '+') r = v;
  else if ((st = ops_arith(s, o, cur, v, &r))) return st;
  return assign_to(s->a, r);
}

/* ---------------- statements ---------------- */

typedef struct loop_ud { const node *body; const char *var; xsink *out; int status; } loop_ud;

static int loop_body(loop_ud *l) {
  int st = eval_block(l->body, l->out);
  if (st == EXSH_CONTINUE) return EXSH_OK;
  return st;
}
static int foreach_each(void *ud, xv v) {
  loop_ud *l = ud;
  var_set(l->var, v);
  if (I->interrupted) { l->status = EXSH_ERR; return l->status; }
  l->status = loop_body(l);
  return l->status;
}

static int eval_foreach(const node *s, xsink *out) {
  loop_ud l = { s->b, s->name, out, EXSH_OK };
  const node *coll = s->a;
  /* a range is walked without building it */
  if (coll->kind == N_BINOP && !strcmp(coll->op, "..")) {
    xv a, b, na, nb;
    int st = eval_expr(coll->a, &a);
    if (st) return st;
    if ((st = eval_expr(coll->b, &b))) { xv_free(a); return st; }
    if (xv_to_num(a, &na) && xv_to_num(b, &nb)) {
      int64_t x = na.kind == XV_INT ? na.u.i : (int64_t)na.u.d, y = nb.kind == XV_INT ? nb.u.i : (int64_t)nb.u.d;
      int64_t step = x <= y ? 1 : -1;
      for (int64_t i = x;; i += step) {
        if (foreach_each(&l, xv_int(i)) != EXSH_OK) break;
        if (i == y) break;
      }
      return l.status == EXSH_BREAK ? EXSH_OK : l.status;
    }
  }
  xv c;
  int st = eval_collect(coll, &c, false);
  if (st) return st;
  enumerate(c, foreach_each, &l);
  return l.status == EXSH_BREAK ? EXSH_OK : l.status;
}

static int cond_true(const node *c, bool *out) {
  xv v;
  int st = eval_collect(c, &v, false);
  if (st) return st;
  *out = xv_truthy(v);
  return EXSH_OK;
}

static int eval_while(const node *s, xsink *out) {
  loop_ud l = { s->b, NULL, out, EXSH_OK };
  for (;;) {
    bool go = true;
    int st;
    if (s->flags == 0) { if ((st = cond_true(s->a, &go))) return st; if (!go) break; }
    if (I->interrupted) return EXSH_ERR;
    st = loop_body(&l);
    if (st == EXSH_BREAK) break;
    if (st) return st;
    if (s->flags) { if ((st = cond_true(s->a, &go))) return st; if (s->flags == 2) go = !go; if (!go) break; }
  }
  return EXSH_OK;
}

static int eval_for(const node *s, xsink *out) {
  int st;
  if (s->a && (st = eval_statement(s->a, &sink_null))) return st;
  loop_ud l = { s->kids[0], NULL, out, EXSH_OK };
  for (;;) {
    bool go = true;
    if (s->b && (st = cond_true(s->b, &go))) return st;
    if (!go) break;
    if (I->interrupted) return EXSH_ERR;
    st = loop_body(&l);
    if (st == EXSH_BREAK) break;
    if (st) return st;
    if (s->c && (st = eval_statement(s->c, &sink_null))) return st;
  }
  return EXSH_OK;
}

static int eval_try(const node *s, xsink *out);
static int eval_if(const node *s, xsink *out) {
  for (int i = 0; i + 1 < s->nkids; i += 2) {
    bool go;
    int st = cond_true(s->kids[i], &go);
    if (st) return st;
    if (go) return eval_block(s->kids[i + 1], out);
  }
  if (s->c) return eval_block(s->c, out);
  return EXSH_OK;
}

static int eval_statement(const node *s, xsink *out) {
  int st;
  xv v;
  switch ((nkind)s->kind) {
  case N_PIPELINE: return eval_pipeline(s, out);
  case N_ASSIGN: return eval_assign(s);
  case N_IF: return eval_if(s, out);
  case N_TRY: return eval_try(s, out);
  case N_FOREACH: return eval_foreach(s, out);
  case N_WHILE: return eval_while(s, out);
  case N_FOR: return eval_for(s, out);
  case N_FUNCDEF:
    I->funcs = xv_set(I->funcs, s->name, xv_block(s->a, s->name));
    return EXSH_OK;
  case N_BREAK: return EXSH_BREAK;
  case N_CONTINUE: return EXSH_CONTINUE;
  case N_RETURN:
    if (s->a) { if ((st = eval_statement(s->a, out))) return st; }
    return EXSH_RETURN;
  case N_EXIT:
    I->exit_code = 0;
    if (s->a) {
      if ((st = eval_collect(s->a, &v, false))) return st;
      xv n;
      if (xv_to_num(v, &n)) I->exit_code = (int)(n.kind == XV_INT ? n.u.i : (int64_t)n.u.d);
    }
    return EXSH_EXIT;
  case N_THROW: {
    xv msg = xv_str("ScriptHalted");
    if (s->a) { xv_free(msg); if ((st = eval_collect(s->a, &msg, false))) return st; }
    else if (I->rethrow.kind != XV_NULL) { xv_free(msg); msg = xv_copy(I->rethrow); }  /* in a catch: rethrows */
    if (msg.kind == XV_OBJ && !strcmp(xv_typename_b(msg), "System.Management.Automation.ErrorRecord")) {
      xerr_raise(msg);
      xv_free(msg);
    } else {
      msg = xv_to_str(msg);
      xv rec = xerr_record(XE_OperationStopped, "RuntimeException", xv_str_b(msg), xv_copy(msg), NULL, xv_str_b(msg));
      xerr_raise(rec);
      xv_free(rec); xv_free(msg);
    }
    I->terminating = true;
    return EXSH_ERR;
  }
  case N_BLOCK: return eval_block(s, out);
  default:
    if ((st = eval_expr(s, &v))) return st;
    /* an assignment-free expression statement outputs its value */
    if (s->kind == N_PAREN && s->a && s->a->kind == N_ASSIGN) {}
    return output(out, v);
  }
}

/* Does catch clause c take an error whose exception is `exc` (a short or full .NET name)? No
 * types: every error; [Exception] / [System.Exception]: every error; else the last segments of
 * the names must match ([RuntimeException] takes the shell's RuntimeException, ...). */
static bool catch_takes(const node *c, const char *exc) {
  if (!c->nkids) return true;
  const char *ed = strrchr(exc, '.');
  const char *es = ed ? ed + 1 : exc;
  for (int i = 0; i < c->nkids; i++) {
    const char *t = c->kids[i]->op ? c->kids[i]->op : "";
    const char *td = strrchr(t, '.');
    const char *ts = td ? td + 1 : t;
    if (!xstrcasecmp(t, "exception") || !xstrcasecmp(t, "system.exception") || !xstrcasecmp(ts, es)) return true;
  }
  return false;
}

/* try { } catch [types] { } ... finally { }: an error (statement- or script-terminating) stops
 * the try block; the first catch clause that takes it runs with $_ = its ErrorRecord; finally
 * runs whatever happened (error, break, return, exit). An error no clause takes goes on up:
 * to an enclosing try, else it is shown and ends the try statement (the script goes on after a
 * statement-terminating one, as PowerShell's does). */
static int eval_try(const node *s, xsink *out) {
  xv_free(I->caught);
  I->caught = xv_null();
  I->try_depth++;
  int st = eval_block(s->a, out);
  I->try_depth--;
  xv rec = I->caught;
  I->caught = xv_null();
  if (st == EXSH_ERR && rec.kind != XV_NULL && !I->interrupted) {
    const char *exc = xv_typename_b(xv_get_b(rec, "Exception"));
    for (int i = 0; i < s->nkids; i++) {
      const node *c = s->kids[i];
      if (!catch_takes(c, exc ? exc : "")) continue;
      I->terminating = false;
      xv saved = I->under, saved_rethrow = I->rethrow;
      I->under = xv_copy(rec);
      I->rethrow = rec;
      rec = xv_null();
      st = eval_block(c->a, out);
      xv_free(I->under);
      xv_free(I->rethrow);
      I->under = saved;
      I->rethrow = saved_rethrow;
      break;
    }
  } else if (st != EXSH_ERR && rec.kind != XV_NULL) {
    xerr_show(rec);            /* raised but not stopping: shown as it would have been */
    xv_free(rec);
    rec = xv_null();
  }
  if (s->c) {                  /* finally: its own error or flow wins, else the try's stands */
    bool term = I->terminating;
    xv pending = rec;
    I->terminating = false;
    int fst = eval_block(s->c, out);
    if (fst != EXSH_OK) {
      st = fst;
      xv_free(pending);
      rec = xv_null();
    } else {
      I->terminating = term;
      rec = pending;
    }
  }
  if (rec.kind != XV_NULL) {   /* taken by no clause */
    if (I->try_depth > 0) { xv_free(I->caught); I->caught = rec; }
    else { xerr_show(rec); xv_free(rec); }
  }
  return st;
}

/* $? after statement s ran to its end: false if it reported an error since `before`; a try
 * statement's is its last statement's (an error it caught was handled). */
static void note_ok(const node *s, unsigned long before) {
  if (s->kind != N_TRY) I->last_ok = I->err_seq == before;
}

int eval_block(const node *blk, xsink *out) {
  if (eval_deep()) return deep_error(blk);
  for (int i = 0; i < blk->nkids; i++) {
    const node *s = blk->kids[i];
    unsigned long before = I->err_seq;
    int st = eval_statement(s, out);
    if (st == EXSH_OK) { note_ok(s, before); continue; }
    if (st == EXSH_ERR) {
      I->last_ok = false;
      if (I->terminating || I->interrupted || I->try_depth > 0) return st;
      continue;   /* statement-terminating: the script goes on (not in a try block) */
    }
    return st;    /* break, continue, return, exit; or downstream's stop (Select-Object -First) */
  }
  return EXSH_OK;
}

/* ---------------- pipelines ---------------- */

typedef struct feed_ud { xctx *stage; int status; } feed_ud;
static int feed_each(void *ud, xv v) {
  feed_ud *f = ud;
  if (I->interrupted) { xv_free(v); f->status = EXSH_ERR; return f->status; }
  f->status = stage_feed(f->stage, v);
  return f->status;
}

/* feeds the first element's value into stage 0: ranges are produced lazily */
static int feed_source(const node *src, xctx *first) {
  feed_ud f = { first, EXSH_OK };
  if (src->kind == N_BINOP && !strcmp(src->op, "..")) {
    xv a, b, na, nb;
    int st = eval_expr(src->a, &a);
    if (st) return st;
    if ((st = eval_expr(src->b, &b))) { xv_free(a); return st; }
    if (!xv_to_num(a, &na) || !xv_to_num(b, &nb))
      return ops_error(src, XE_InvalidArgument, "RuntimeException", "InvalidCastFromStringToInteger", "Cannot convert the range bounds to integers.");
    int64_t x = na.kind == XV_INT ? na.u.i : (int64_t)na.u.d, y = nb.kind == XV_INT ? nb.u.i : (int64_t)nb.u.d;
    int64_t step = x <= y ? 1 : -1;
    for (int64_t i = x;; i += step) {
      if (feed_each(&f, xv_int(i)) != EXSH_OK) break;
      if (i == y) break;
    }
    return f.status;
  }
  xv v;
  int st = eval_expr(src, &v);
  if (st) return st;
  enumerate(v, feed_each, &f);
  return f.status;
}

static const xcmdlet *resolve(const char *name) { return exsh_find_cmdlet(name); }

static char *utf16_to_utf8(char *buf, size_t *len);

/* A script file's text as UTF-8 (malloc'd, NUL-terminated, *len bytes), or NULL when it can't
 * be read. UTF-16 files (with a byte order mark) are decoded; a UTF-8 mark is the lexer's to skip. */
char *script_read(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap);
  size_t r;
  if (!buf) { fclose(f); return NULL; }
  while ((r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += r;
    if (n + 1 >= cap) { cap *= 2; buf = realloc(buf, cap); }
  }
  fclose(f);
  buf[n] = 0;
  *len = n;
  return utf16_to_utf8(buf, len);
}

/* a script saved by Windows PowerShell 5.1 (Out-File, `>`, the ISE) is UTF-16 with a byte order
 * mark: decode it to UTF-8 in place of buf (freed); any other text is taken as UTF-8 */
static char *utf16_to_utf8(char *buf, size_t *len) {
  const unsigned char *b = (const unsigned char *)buf;
  bool le = *len >= 2 && b[0] == 0xFF && b[1] == 0xFE, be = *len >= 2 && b[0] == 0xFE && b[1] == 0xFF;
  if (!le && !be) return buf;
  size_t n = (*len - 2) / 2, o = 0;
  char *out = malloc(n * 3 + 1);
#define U16(i) (le ? (unsigned)b[2 + 2 * (i)] | (unsigned)b[3 + 2 * (i)] << 8 : (unsigned)b[2 + 2 * (i)] << 8 | (unsigned)b[3 + 2 * (i)])
  for (size_t i = 0; i < n; i++) {
    unsigned c = U16(i);
    if (c >= 0xD800 && c < 0xDC00 && i + 1 < n && U16(i + 1) >= 0xDC00 && U16(i + 1) < 0xE000)
      c = 0x10000 + ((c - 0xD800) << 10) + (U16(i + 1) - 0xDC00), i++;
    else if (c >= 0xD800 && c < 0xE000) c = 0xFFFD;
    if (c < 0x80) out[o++] = (char)c;
    else if (c < 0x800) { out[o++] = (char)(0xC0 | c >> 6); out[o++] = (char)(0x80 | (c & 0x3F)); }
    else if (c < 0x10000) { out[o++] = (char)(0xE0 | c >> 12); out[o++] = (char)(0x80 | (c >> 6 & 0x3F)); out[o++] = (char)(0x80 | (c & 0x3F)); }
    else { out[o++] = (char)(0xF0 | c >> 18); out[o++] = (char)(0x80 | (c >> 12 & 0x3F)); out[o++] = (char)(0x80 | (c >> 6 & 0x3F)); out[o++] = (char)(0x80 | (c & 0x3F)); }
  }
#undef U16
  out[o] = 0;
  free(buf);
  *len = o;
  return out;
}

/* A script file named as a command (a path ending in .ps1, as PowerShell wants it: .\x.ps1,
 * ./x.ps1, /dir/x.ps1; backslashes read as slashes) as a script block: its param() block binds
 * the arguments as a function's does. NULL kind when name is no script file that exists;
 * *st = EXSH_ERR (reported) when it exists but doesn't parse or can't be read. */
/* Script files parsed so far, by file and version: a script called in a loop is read and parsed
 * once (its AST lives as long as the interpreter, since functions it defines may), not once a
 * call. A changed file (size, time or inode) is parsed again. */
struct script_seen { dev_t dev; ino_t ino; off_t size; struct timespec mtime; xv block; struct script_seen *next; };
static struct script_seen *scripts_seen;

static void scripts_seen_free(void) {
  while (scripts_seen) {
    struct script_seen *n = scripts_seen->next;
    xv_free(scripts_seen->block);
    free(scripts_seen);
    scripts_seen = n;
  }
}

static xv script_file_block(const char *name, int *st) {
  size_t n = strlen(name);
  struct stat sb;
  if (n < 5 || xstrcasecmp(name + n - 4, ".ps1") || (!strchr(name, '/') && !strchr(name, '\\')))
    return xv_null();
  char *path = strdup(name);
  if (!path) return xv_null();
  for (char *q = path; *q; q++) if (*q == '\\') *q = '/';
  if (stat(path, &sb) || !S_ISREG(sb.st_mode)) { free(path); return xv_null(); }
  for (struct script_seen *s = scripts_seen; s; s = s->next)
    if (s->dev == sb.st_dev && s->ino == sb.st_ino && s->size == sb.st_size &&
        s->mtime.tv_sec == sb.st_mtim.tv_sec && s->mtime.tv_nsec == sb.st_mtim.tv_nsec) {
      free(path);
      return xv_copy(s->block);
    }
  size_t len;
  char *text = script_read(path, &len);
  if (!text) { free(path); return xv_null(); }
  arena *A;
  parse_error pe;
  node *blk = parse_script(text, len, &A, &pe);
  xv out = xv_null();
  if (!blk) {
    xerr_print_parse(&pe, path);
    *st = EXSH_ERR;
  } else {
    char *full = realpath(path, NULL);   /* errors inside it say "At /its/path.ps1:N" */
    interp_keep_arena(A, blk->src, full ? full : path);
    free(full);
    out = xv_block(blk, text);
    struct script_seen *s = malloc(sizeof *s);
    if (s) {
      *s = (struct script_seen){sb.st_dev, sb.st_ino, sb.st_size, sb.st_mtim, xv_copy(out), scripts_seen};
      scripts_seen = s;
    }
  }
  free(text);
  free(path);
  return out;
}

static xctx *make_stage(const node *cmd, int *st) {
  *st = EXSH_OK;
  const char *name = cmd->name;
  xv nm = xv_null();
  if (!name) {
    if ((*st = eval_expr(cmd->a, &nm))) return NULL;
    if (nm.kind == XV_BLOCK) {
      xctx *c = stage_new_function("<scriptblock>", nm, cmd);
      if (cmd->flags & 1) stage_dot(c);
      return c;
    }
    nm = xv_to_str(nm);
    name = xv_str_b(nm);
  }
  xv fn = xv_get_b(I->funcs, name);
  xctx *c = NULL;
  if (fn.kind == XV_BLOCK) c = stage_new_function(name, xv_copy(fn), cmd);
  else {
    const xcmdlet *k = resolve(name);
    if (k) c = stage_new(k, cmd);
  }
  if (!c) {
    xv sb = script_file_block(name, st);
    if (*st) { xv_free(nm); return NULL; }
    if (sb.kind == XV_BLOCK) {
      c = stage_new_function(cmd->name ? cmd->name : "<script>", sb, cmd);
      stage_script(c);
    }
  }
  if (c && (cmd->flags & 1)) stage_dot(c);   /* `. Get-Mailbox` runs a cmdlet as it is */
  if (!c) {
    xv target = xv_str(name);
    xv rec = xerr_record(XE_ObjectNotFound, "CommandNotFoundException", "CommandNotFoundException", target, "",
                         NULL);
    xv_free(rec);
    char msg[1024];
    snprintf(msg, sizeof msg, "The term '%s' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.", name);
    *st = xerr_runtime(cmd, XE_ObjectNotFound, "CommandNotFoundException", "CommandNotFoundException", "%s", msg);
  }
  xv_free(nm);
  return c;
}

typedef struct file_sink { xsink base; FILE *f; xv items; } file_sink;
static int file_put(xsink *s, xv v) { file_sink *f = (file_sink *)s; f->items = xv_arr_push(f->items, v); return EXSH_OK; }

static int eval_pipeline(const node *pl, xsink *out) {
  int n = pl->nkids, st = EXSH_OK;
  const node *src = pl->kids[0]->kind == N_COMMAND ? NULL : pl->kids[0];
  int first_cmd = src ? 1 : 0, nst = n - first_cmd;
  if (nst == 0) {
    xv v;
    if ((st = eval_expr(src, &v))) return st;
    return output(out, v);
  }
  xctx *stages[64];
  if (nst > 64) return ops_error(pl, XE_InvalidOperation, "RuntimeException", "PipelineTooLong", "The pipeline has more than 64 commands.");
  int made = 0;
  file_sink fs = { { file_put }, NULL, xv_null() };
  const node *last = pl->kids[n - 1];
  bool to_null = false;
  if (last->b) {
    for (int i = 0; i < last->b->nkids; i++) {
      const node *r = last->b->kids[i];
      if (r->op[0] == '>' && r->a) {
        if (r->a->kind == N_VAR && !strcmp(r->a->name, "null")) { to_null = true; continue; }
        xv path;
        if ((st = eval_expr(r->a, &path))) return st;
        path = xv_to_str(path);
        fs.f = fopen(xv_str_b(path), r->op[1] == '>' ? "a" : "w");
        if (!fs.f) {
          st = ops_error(r, XE_OpenError, "IOException", "FileOpenFailure", "Could not open the file '%s': %s.", xv_str_b(path), strerror(errno));
          xv_free(path);
          return st;
        }
        xv_free(path);
        fs.items = xv_arr();
      }
    }
  }
  for (int i = 0; i < nst; i++) {
    stages[i] = make_stage(pl->kids[first_cmd + i], &st);
    if (!stages[i]) goto done;
    made++;
    if ((st = stage_bind_args(stages[i], pl->kids[first_cmd + i]))) goto done;
  }
  for (int i = 0; i < nst; i++) {
    xsink *next = i + 1 < nst ? stage_sink(stages[i + 1]) : to_null ? &sink_null : fs.f ? &fs.base : out;
    if ((st = stage_begin(stages[i], next, i > 0 || src != NULL))) goto done;
  }
  if (src) st = feed_source(src, stages[0]);
  else st = stage_run_once(stages[0]);
  if (st == EXSH_STOP) st = EXSH_OK;
  if (st == EXSH_OK || st == EXSH_ERR) {
    int st_run = st;
    for (int i = 0; i < nst; i++) {
      if (st_run == EXSH_ERR && I->terminating) break;
      int e = stage_end(stages[i]);
      if (e == EXSH_STOP) continue;
      if (e) { st = e; break; }
    }
  }
done:
  for (int i = 0; i < made; i++) stage_free(stages[i]);
  if (fs.f) {
    format_value_lines(fs.items, fs.f, I->width);   /* consumes the items */
    fclose(fs.f);
  }
  if (I->interrupted && st == EXSH_ERR) I->terminating = true;
  return st;
}

/* ---------------- blocks and functions ---------------- */

static int bind_block_params(const node *pb, const xv *args, int nargs) {
  int pos = 0;
  xv rest = xv_arr();
  bool *used = calloc((size_t)nargs + 1, 1);
  /* named arguments arrive as a DICT in args (see cmdlet.c: function stages) */
  for (int i = 0; pb && i < pb->nkids; i++) {
    const node *d = pb->kids[i];
    xv v = xv_null();
    bool set = false;
    for (int j = 0; j < nargs; j++) {
      if (used[j] || args[j].kind != XV_OBJ || strcmp(xv_typename_b(args[j]), "exsh.NamedArgument")) continue;
      xv nm = xv_get_b(args[j], "Name");
      const char *n = xv_str_b(nm);
      if (!n || strncasecmp(d->name, n, strlen(n))) continue;
      if (strlen(n) != strlen(d->name)) {
        /* a prefix must name one parameter only */
        for (int o = 0; o < pb->nkids; o++)
          if (o != i && !strncasecmp(pb->kids[o]->name, n, strlen(n)) && strlen(pb->kids[o]->name) != strlen(n)) {
            free(used); xv_free(rest);
            return ops_error(d, XE_InvalidArgument, "ParameterBindingException", "AmbiguousParameter",
                            "Parameter cannot be processed because the parameter name '%s' is ambiguous. Possible matches include: -%s -%s.",
                            n, d->name, pb->kids[o]->name);
          }
      }
      v = xv_copy(xv_get_b(args[j], "Value")); set = true; used[j] = true; break;
    }
    if (!set) {
      for (; pos < nargs; pos++) {
        if (used[pos] || (args[pos].kind == XV_OBJ && !strcmp(xv_typename_b(args[pos]), "exsh.NamedArgument"))) continue;
        if (d->flags & 2) break;
        v = xv_copy(args[pos]); used[pos] = true; set = true; pos++;
        break;
      }
    }
    if (!set && (d->flags & 2)) { v = xv_bool(false); set = true; }
    if (!set && d->a) { int st = eval_expr(d->a, &v); if (st) { free(used); xv_free(rest); return st; } }
    if (set && d->op && d->op[0] && strcmp(d->op, "switch")) {
      xv c;
      if (ops_cast(d, d->op, v, &c) == EXSH_OK) v = c; else v = xv_null();
    }
    var_set(d->name, v);
  }
  for (int j = 0; j < nargs; j++) if (!used[j]) {
    if (args[j].kind == XV_OBJ && !strcmp(xv_typename_b(args[j]), "exsh.NamedArgument")) {
      rest = xv_arr_push(rest, xv_strf("-%s", xv_str_b(xv_get_b(args[j], "Name"))));
      xv val = xv_get_b(args[j], "Value");
      if (val.kind != XV_BOOL || !xv_has_b(args[j], "Switch")) rest = xv_arr_push(rest, xv_copy(val));
    } else rest = xv_arr_push(rest, xv_copy(args[j]));
  }
  var_set("args", rest);
  free(used);
  return EXSH_OK;
}

int eval_call_block(xv block, xv under, const xv *args, int nargs, xsink *out) {
  const node *body = xv_block_ast_b(block);
  if (++I->call_depth > MAX_CALL_DEPTH) {
    I->call_depth--;
    xv_free(under);
    I->terminating = true;
    return ops_error(body, XE_InvalidOperation, "ScriptCallDepthException", "CallDepthOverflow",
                    "The script failed due to call depth overflow.");
  }
  scope sc = { xv_dict(), I->cur };
  I->cur = &sc;
  xv saved = I->under;
  I->under = under;
  int st = bind_block_params(body->a, args, nargs);
  if (!st) st = eval_block(body, out);
  I->under = saved;
  xv_free(under);
  I->cur = sc.parent;
  xv_free(sc.vars);
  I->call_depth--;
  if (st == EXSH_RETURN || st == EXSH_BREAK || st == EXSH_CONTINUE) st = EXSH_OK;
  return st;
}

/* runs a script block with $_ = under in the current scope (Where-Object, ForEach-Object:
 * their blocks are dot-sourced, as PowerShell runs them) and collects its output */
int eval_block_value(xv block, xv under, xv *res) {
  const node *body = xv_block_ast_b(block);
  xv saved = I->under;
  I->under = under;
  int st;
  if (body->nkids == 1 && !body->a) {
    const node *s = body->kids[0];
    nkind k = (nkind)s->kind;
    if (k == N_BINOP || k == N_UNOP || k == N_VAR || k == N_CONST || k == N_MEMBER || k == N_EXPSTR) {
      st = eval_expr(s, res);   /* the common one-expression filter, without a sink */
      if (st == EXSH_OK && res->kind == XV_ARR && xv_len_b(*res) == 1) { xv one = xv_copy(xv_arr_get_b(*res, 0)); xv_free(*res); *res = one; }
      goto done;
    }
  }
  {
    xcollect c;
    collect_init(&c);
    st = eval_block(body, &c.base);
    *res = collect_take(&c, false);
    if (st == EXSH_RETURN) st = EXSH_OK;
  }
done:
  I->under = saved;
  xv_free(under);
  return st;
}

/* ---------------- scripts ---------------- */

int eval_script_text(const char *src, size_t len, const char *name, xsink *out, bool top) {
  arena *A;
  parse_error pe;
  node *blk = parse_script(src, len, &A, &pe);
  if (!blk) {
    xerr_print_parse(&pe, name);
    I->last_ok = false;
    if (top) I->terminating = true;   /* a script that does not parse does not run: exit 1 */
    return EXSH_ERR;
  }
  interp_keep_arena(A, blk->src, name);
  int st = EXSH_OK;
  if (!top) return eval_block(blk, out);
  if (blk->a) bind_block_params(blk->a, NULL, 0);
  /* the whole script's output goes through one Out-Default, as in PowerShell: objects of one
   * type written by consecutive statements share a table */
  xsink *o = out_default_open();
  for (int i = 0; i < blk->nkids; i++) {
    unsigned long before = I->err_seq;
    st = eval_statement(blk->kids[i], o);
    if (st == EXSH_OK || st == EXSH_STOP) { note_ok(blk->kids[i], before); st = EXSH_OK; continue; }
    if (st == EXSH_ERR) {
      I->last_ok = false;
      if (I->terminating || I->interrupted) break;
      continue;
    }
    if (st == EXSH_RETURN || st == EXSH_BREAK || st == EXSH_CONTINUE) { st = EXSH_OK; break; }
    break;   /* exit */
  }
  out_default_flush(o);
  return st;
}

/* runs a script block with $_ = under in the current scope, its output to out (the
 * ForEach-Object way: dot-sourced, as PowerShell runs it) */
int eval_dot_call(xv block, xv under, const xv *args, int nargs, xsink *out) {
  const node *body = xv_block_ast_b(block);
  if (body && body->a) {
    int st = bind_block_params(body->a, args, nargs);
    if (st) { xv_free(under); return st; }
  }
  return eval_dot_block(block, under, out);
}

int eval_dot_block(xv block, xv under, xsink *out) {
  const node *body = xv_block_ast_b(block);
  xv saved = I->under;
  I->under = under;
  int st = eval_block(body, out);
  I->under = saved;
  xv_free(under);
  if (st == EXSH_RETURN) st = EXSH_OK;
  return st;
}
