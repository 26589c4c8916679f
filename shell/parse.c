/* parse.c — Parser: tokens to an AST, PowerShell's grammar in recursive descent, with the
 * lexer switched between expression and command-argument modes as PowerShell does. Each
 * function is headed by the rule it parses. Errors longjmp to parse_script() (the only
 * jump in exsh); all nodes live in the parse arena, dropped on error.
 * Also decodes string literals and splits "double-quoted $(expansions)" into parts. */
#include "parse.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"

/* ---------------- arena ---------------- */

struct arena {
  struct chunk *chunks;  /* owned list of memory chunks */
  xv *consts;            /* owned values referenced by CONST nodes */
  size_t nconst, capconst;
};
struct chunk { struct chunk *next; size_t used, cap; char mem[]; };

static void *amalloc(arena *A, size_t n) {
  n = (n + 15) & ~(size_t)15;
  struct chunk *c = A->chunks;
  if (!c || c->used + n > c->cap) {
    size_t cap = n > 16384 ? n : 16384;
    c = malloc(sizeof *c + cap);
    if (!c) abort();
    c->next = A->chunks; c->used = 0; c->cap = cap;
    A->chunks = c;
  }
  void *p = c->mem + c->used;
  c->used += n;
  memset(p, 0, n);
  return p;
}
static char *astrndup(arena *A, const char *s, size_t n) {
  char *p = amalloc(A, n + 1);
  memcpy(p, s, n); p[n] = 0;
  return p;
}
static void aconst(arena *A, xv v) {
  if (!xv_is_heap(v)) return;
  if (A->nconst == A->capconst) {
    A->capconst = A->capconst ? A->capconst * 2 : 16;
    A->consts = realloc(A->consts, A->capconst * sizeof(xv));
    if (!A->consts) abort();
  }
  A->consts[A->nconst++] = v;
}
void arena_free(arena *A) {
  if (!A) return;
  for (size_t i = 0; i < A->nconst; i++) xv_free(A->consts[i]);
  free(A->consts);
  while (A->chunks) { struct chunk *n = A->chunks->next; free(A->chunks); A->chunks = n; }
  free(A);
}

const char *parse_node_name(nkind k) {
  static const char *const names[] = {
#define X(k) #k,
#include "ast.def"
#undef X
  };
  return k < N__COUNT ? names[k] : "?";
}

/* ---------------- parser state ---------------- */

typedef struct P {
  lexer L;               /* the token source */
  arena *A;              /* where nodes go */
  jmp_buf jb;            /* parse_script's error exit */
  parse_error *err;      /* filled before jumping */
  int depth;             /* nesting, limited to stay off the C stack's edge */
  bool no_comma;         /* ',' ends the expression (method arguments, parameter defaults) */
  size_t brace_pos;      /* the '{' a missing '}' is reported at */
} P;

#define MAX_DEPTH 400
#define MAX_CHAIN 10000   /* operators in one left-deep chain */
#define NO_BRACE ((size_t)-1)

static void perr_at(P *p, size_t pos, bool incomplete, const char *id, const char *fmt, ...)
    __attribute__((format(printf, 5, 6), noreturn));
static void perr_at(P *p, size_t pos, bool incomplete, const char *id, const char *fmt, ...) {
  va_list ap; va_start(ap, fmt);
  vsnprintf(p->err->msg, sizeof p->err->msg, fmt, ap);
  va_end(ap);
  snprintf(p->err->id, sizeof p->err->id, "%s", id);
  lex_position(&p->L, pos, &p->err->line, &p->err->col);
  size_t ls = pos > p->L.len ? p->L.len : pos;
  while (ls > 0 && p->L.src[ls - 1] != '\n') ls--;
  size_t le = ls;
  while (le < p->L.len && p->L.src[le] != '\n' && p->L.src[le] != '\r') le++;
  snprintf(p->err->linetext, sizeof p->err->linetext, "%.*s", (int)(le - ls), p->L.src + ls);
  p->err->incomplete = incomplete;
  longjmp(p->jb, 1);
}

static node *mk(P *p, nkind k, const token *t) {
  node *n = amalloc(p->A, sizeof *n);
  n->kind = (uint8_t)k;
  n->src = p->L.src;
  if (t) { n->line = t->line; n->col = t->col; n->pos = (uint32_t)t->pos; n->end = (uint32_t)(t->pos + t->len); }
  return n;
}
static node *mkconst(P *p, const token *t, xv v) {
  node *n = mk(p, N_CONST, t);
  n->val = v;
  aconst(p->A, v);
  return n;
}

/* a growable list of nodes, its buffers in the arena (so a parse error leaks nothing) */
typedef struct nlist { node **v; int n, cap; arena *A; } nlist;
static arena *cur_arena;   /* the arena of the parse in progress (nlist growth) */
static void nl_push(nlist *l, node *x) {
  if (l->n == l->cap) {
    int cap = l->cap ? l->cap * 2 : 8;
    node **v = amalloc(cur_arena, sizeof(node *) * (size_t)cap);
    if (l->n) memcpy(v, l->v, sizeof(node *) * (size_t)l->n);
    l->v = v; l->cap = cap;
  }
  l->v[l->n++] = x;
}
static void nl_to(P *p, nlist *l, node *n) {
  (void)p;
  n->kids = l->v;
  n->nkids = l->n;
  l->v = NULL; l->n = l->cap = 0;
}
#define guard(l) ((void)(l))
#define unguard() ((void)0)

static token peek(P *p, lmode m) { return lex_peek(&p->L, m); }
static token next(P *p, lmode m) {
  token t = lex_next(&p->L, m);
  if (p->L.err) perr_at(p, p->L.err_pos ? p->L.err_pos : t.pos, true,
                        strstr(p->L.err, "'#>'") ? "MissingTerminatorMultiLineComment" : "TerminatorExpectedAtEndOfString", "%s", p->L.err);
  return t;
}
static bool accept(P *p, tkind k, lmode m) {
  if (peek(p, m).kind != k) return false;
  next(p, m);
  return true;
}
static void skip_newlines(P *p) {
  while (peek(p, LM_EXPR).kind == TK_NEWLINE) next(p, LM_EXPR);
}
static void expect(P *p, tkind k, lmode m, const char *id, const char *msg) {
  token t = peek(p, m);
  if (t.kind != k) perr_at(p, t.pos, t.kind == TK_EOF, id, "%s", msg);
  next(p, m);
}
static bool word_is(P *p, const token *t, const char *w) {
  return t->kind == TK_WORD && strlen(w) == t->len && !strncasecmp(p->L.src + t->pos, w, t->len);
}
static char *tok_text(P *p, const token *t) { return astrndup(p->A, p->L.src + t->pos, t->len); }

static void enter(P *p, size_t pos) {
  if (++p->depth > MAX_DEPTH)
    perr_at(p, pos, false, "ScriptTooDeeplyNested", "The script is nested too deeply (more than %d levels of blocks, parentheses or operators).", MAX_DEPTH);
}
static void leave(P *p) { p->depth--; }

static node *parse_statements(P *p, tkind closer);
static const char *close_id, *close_msg;   /* what a missing ')' of the innermost $( ) or @( ) is called */
static node *parse_statement(P *p);
static node *parse_pipeline(P *p);
static node *parse_expr(P *p);
static node *parse_unary(P *p);
static node *parse_primary(P *p, lmode m);
static node *parse_block_body(P *p, const token *open);

/* ---------------- literals ---------------- */

static xv number_value(P *p, const token *t) {
  char buf[80];
  size_t n = t->len < sizeof buf - 1 ? t->len : sizeof buf - 1;
  memcpy(buf, p->L.src + t->pos, n); buf[n] = 0;
  /* type suffixes l/d are accepted and dropped */
  if (n && strchr("lLdD", buf[n - 1]) && !(n > 1 && strchr("xX", buf[1]) && isxdigit((unsigned char)buf[n - 1]))) buf[--n] = 0;
  if (buf[0] == '-' || (unsigned char)buf[0] == 0xE2) {
    int dl = lex_dash_len(buf);
    memmove(buf + 1, buf + dl, n - (size_t)dl + 1);
    buf[0] = '-';
  }
  xv out;
  if (!xv_to_num(xv_str(buf), &out)) perr_at(p, t->pos, false, "BadNumericConstant", "The numeric constant %s is not valid.", buf);
  return out;
}

/* decodes a single-quoted string token: '' (any quote pair) is one quote */
static xv sq_value(P *p, const token *t) {
  const char *s = p->L.src + t->pos;
  size_t end = t->len;
  bool here = s[0] == '@';
  size_t i = here ? 2 : (size_t)lex_squote_len(s);
  if (here) { while (s[i] != '\n') i++; i++; end -= 2; if (end > 0 && s[end - 1] == '\n') end--; if (end > 0 && s[end - 1] == '\r') end--; }
  else end -= (size_t)(lex_squote_len(s + end - 1) ? 1 : 3);
  if (!here) {
    /* find the real closing quote length */
    size_t j = t->len;
    while (j > 0 && ((unsigned char)s[j - 1] & 0xC0) == 0x80) j--;
    if (j > 0) j--;
    end = j;
  }
  char *buf = malloc(t->len + 1);
  size_t o = 0;
  while (i < end) {
    int q = here ? 0 : lex_squote_len(s + i);
    if (q) { int q2 = lex_squote_len(s + i + q); memcpy(buf + o, s + i, (size_t)q); o += (size_t)q; i += (size_t)(q + q2); continue; }
    buf[o++] = s[i++];
  }
  xv v = xv_strn(buf, o);
  free(buf);
  return v;
}

static int backtick(char c, char *out) {
  switch (c) {
  case 'n': *out = '\n'; return 1;
  case 'r': *out = '\r'; return 1;
  case 't': *out = '\t'; return 1;
  case '0': *out = 0; return 1;
  case 'a': *out = 7; return 1;
  case 'b': *out = 8; return 1;
  case 'f': *out = 12; return 1;
  case 'v': *out = 11; return 1;
  case 'e': *out = 27; return 1;
  default: *out = c; return 1;
  }
}

typedef struct sbuf { char *s; size_t n, cap; } sbuf;
/* string-building buffer in the parse arena, so a parse error mid-string leaks nothing */
static void sb_putn(sbuf *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    size_t cap = (b->n + n + 1) * 2;
    char *ns = amalloc(cur_arena, cap);
    if (b->n) memcpy(ns, b->s, b->n);
    b->s = ns; b->cap = cap;
  }
  memcpy(b->s + b->n, s, n); b->n += n; b->s[b->n] = 0;
}

static node *parse_sub_at(P *p, size_t pos, size_t *endpos);

/* flushes pending literal text as a CONST part */
static void flush_lit(P *p, sbuf *b, nlist *parts, const token *t) {
  if (!b->n) return;
  nl_push(parts, mkconst(p, t, xv_strn(b->s, b->n)));
  b->n = 0;
}

/* "text $var ${var} $(sub) `e" -> EXPSTR of parts, or CONST when nothing expands */
static node *dq_node(P *p, const token *t) {
  const char *s = p->L.src;
  size_t i = t->pos, end = t->pos + t->len;
  bool here = s[i] == '@';
  if (here) { i += 2; while (s[i] != '\n') i++; i++; end -= 2; if (end > i && s[end - 1] == '\n') end--; if (end > i && s[end - 1] == '\r') end--; }
  else {
    i += (size_t)lex_dquote_len(s + i);
    size_t j = end;
    while (j > i && ((unsigned char)s[j - 1] & 0xC0) == 0x80) j--;
    end = j - 1;
  }
  sbuf b = {0};
  nlist parts = {0};
  guard(&parts);
  while (i < end) {
    char c = s[i];
    if (c == '`' && i + 1 < end) {
      char o; backtick(s[i + 1], &o);
      if (s[i + 1] == 'u' && s[i + 2] == '{') {  /* `u{2013} */
        unsigned cp = (unsigned)strtoul(s + i + 3, NULL, 16);
        char u[4]; size_t un;
        if (cp < 0x80) { u[0] = (char)cp; un = 1; }
        else if (cp < 0x800) { u[0] = (char)(0xC0 | cp >> 6); u[1] = (char)(0x80 | (cp & 63)); un = 2; }
        else if (cp < 0x10000) { u[0] = (char)(0xE0 | cp >> 12); u[1] = (char)(0x80 | ((cp >> 6) & 63)); u[2] = (char)(0x80 | (cp & 63)); un = 3; }
        else if (cp <= 0x10FFFF) { u[0] = (char)(0xF0 | cp >> 18); u[1] = (char)(0x80 | ((cp >> 12) & 63)); u[2] = (char)(0x80 | ((cp >> 6) & 63)); u[3] = (char)(0x80 | (cp & 63)); un = 4; }
        else { u[0] = (char)0xEF; u[1] = (char)0xBF; u[2] = (char)0xBD; un = 3; }   /* U+FFFD */
        sb_putn(&b, u, un);
        while (i < end && s[i] != '}') i++;
        i++;
        continue;
      }
      sb_putn(&b, &o, 1);
      i += 2;
      continue;
    }
    if (!here) {
      int q = lex_dquote_len(s + i);
      if (q && lex_dquote_len(s + i + q)) { sb_putn(&b, s + i, (size_t)q); i += (size_t)q + (size_t)lex_dquote_len(s + i + q); continue; }
    }
    if (c == '$' && s[i + 1] == '(') {
      flush_lit(p, &b, &parts, t);
      size_t after;
      node *sub = parse_sub_at(p, i + 2, &after);
      nl_push(&parts, sub);
      i = after;
      continue;
    }
    if (c == '$' && (lex_is_name_char((unsigned char)s[i + 1]) || s[i + 1] == '{' || s[i + 1] == '?')) {
      flush_lit(p, &b, &parts, t);
      size_t st = i + 1, en;
      const char *nm; size_t nn;
      if (s[st] == '{') { en = st + 1; while (en < end && s[en] != '}') en++; nm = s + st + 1; nn = en - st - 1; en++; }
      else if (s[st] == '?') { nm = s + st; nn = 1; en = st + 1; }
      else {
        en = st;
        while (en < end && lex_is_name_char((unsigned char)s[en])) en++;
        if (s[en] == ':' && lex_is_name_char((unsigned char)s[en + 1])) { en++; while (en < end && lex_is_name_char((unsigned char)s[en])) en++; }
        nm = s + st; nn = en - st;
      }
      node *v = mk(p, N_VAR, t);
      char *name = astrndup(p->A, nm, nn);
      bool env = !strncasecmp(name, "env:", 4);
      for (char *q = name; *q && (!env || q < name + 4); q++) *q = (char)tolower((unsigned char)*q);
      v->name = name;
      v->hash = xstrhash_ci(name, nn);
      nl_push(&parts, v);
      i = en;
      continue;
    }
    sb_putn(&b, s + i, 1);
    i++;
  }
  node *r;
  if (parts.n == 0) { r = mkconst(p, t, b.n ? xv_strn(b.s, b.n) : xv_str("")); unguard(); }
  else {
    flush_lit(p, &b, &parts, t);
    r = mk(p, N_EXPSTR, t);
    unguard();
    nl_to(p, &parts, r);
  }
  return r;
}

/* parses statements from pos up to the matching ')' (used by "$( ... )" in strings) */
static node *parse_sub_at(P *p, size_t pos, size_t *endpos) {
  lexer save = p->L;
  p->L.pos = pos;
  token open; memset(&open, 0, sizeof open); open.pos = pos;
  close_id = "MissingEndParenthesisInSubexpression";
  close_msg = "Missing closing ')' in subexpression.";
  node *body = parse_statements(p, TK_RPAREN);
  close_id = close_msg = NULL;
  expect(p, TK_RPAREN, LM_EXPR, "MissingEndParenthesisInSubexpression", "Missing closing ')' in subexpression.");
  *endpos = p->L.pos;
  p->L = save;
  node *n = mk(p, N_SUBEXPR, &open);
  n->a = body;
  return n;
}

/* ---------------- primaries ---------------- */

static node *var_node(P *p, const token *t) {
  const char *s = p->L.src + t->pos + 1;
  size_t n = t->len - 1;
  if (*s == '{') { s++; n -= 2; }
  if (n == 4 && !strncasecmp(s, "true", 4)) return mkconst(p, t, xv_bool(true));
  if (n == 5 && !strncasecmp(s, "false", 5)) return mkconst(p, t, xv_bool(false));
  if (n == 4 && !strncasecmp(s, "null", 4)) return mkconst(p, t, xv_null());
  node *v = mk(p, N_VAR, t);
  char *name = astrndup(p->A, s, n);
  /* names are case-insensitive (lower-cased here), but $env:NAME keeps its case (Linux) */
  bool env = !strncasecmp(name, "env:", 4);
  for (char *q = name; *q && (!env || q < name + 4); q++) *q = (char)tolower((unsigned char)*q);
  if (!strncmp(name, "global:", 7) || !strncmp(name, "script:", 7) || !strncmp(name, "local:", 6))
    name = strchr(name, ':') + 1;
  v->name = name;
  v->hash = xstrhash_ci(name, strlen(name));
  return v;
}

/* hash-literal -> '@{' { key '=' statement sep } '}' */
static node *parse_hash(P *p, const token *open) {
  node *h = mk(p, N_HASH, open);
  nlist kv = {0};
  guard(&kv);
  for (;;) {
    token t = next(p, LM_EXPR);
    while (t.kind == TK_NEWLINE || t.kind == TK_SEMI) t = next(p, LM_EXPR);
    if (t.kind == TK_RBRACE) break;
    if (t.kind == TK_EOF) perr_at(p, t.pos, true, "MissingEndCurlyBrace", "Missing closing '}' in statement block or type definition.");
    node *key;
    if (t.kind == TK_WORD) key = mkconst(p, &t, xv_strn(p->L.src + t.pos, t.len));
    else if (t.kind == TK_SQSTR) key = mkconst(p, &t, sq_value(p, &t));
    else if (t.kind == TK_DQSTR) key = dq_node(p, &t);
    else if (t.kind == TK_NUM) key = mkconst(p, &t, number_value(p, &t));
    else if (t.kind == TK_VAR) key = var_node(p, &t);
    else perr_at(p, t.pos, false, "MissingEqualsInHashLiteral", "Missing '=' operator after key in hash literal.");
    token eq = next(p, LM_EXPR);
    if (eq.kind != TK_ASSIGN) perr_at(p, eq.pos, eq.kind == TK_EOF, "MissingEqualsInHashLiteral", "Missing '=' operator after key in hash literal.");
    skip_newlines(p);
    node *val = parse_statement(p);
    if (!val) perr_at(p, p->L.pos, false, "MissingStatementInHashLiteral", "Missing statement after '=' in hash literal.");
    nl_push(&kv, key);
    nl_push(&kv, val);
    token sep = peek(p, LM_EXPR);
    if (sep.kind != TK_NEWLINE && sep.kind != TK_SEMI && sep.kind != TK_RBRACE)
      perr_at(p, sep.pos, sep.kind == TK_EOF, "MissingEndCurlyBrace", "Missing closing '}' in statement block or type definition.");
  }
  unguard();
  nl_to(p, &kv, h);
  return h;
}

/* script-block -> '{' [param-block] statements '}' */
static node *parse_scriptblock(P *p, const token *open) {
  node *sb = mk(p, N_SCRIPTBLOCK, open);
  sb->a = parse_block_body(p, open);
  token close = next(p, LM_EXPR);   /* the '}' checked by parse_block_body */
  size_t from = open->pos + 1, to = close.pos;
  sb->val = xv_strn(p->L.src + from, to - from);
  aconst(p->A, sb->val);
  sb->end = (uint32_t)(close.pos + 1);
  return sb;
}

/* primary -> number | string | variable | '(' pipeline ')' | '$(' statements ')' |
 *            '@(' statements ')' | '@{' hash '}' | '{' block '}' | '[' type ']' [unary] */
static node *parse_primary(P *p, lmode m) {
  token t = next(p, m);
  node *n;
  switch (t.kind) {
  case TK_NUM: return mkconst(p, &t, number_value(p, &t));
  case TK_SQSTR: return mkconst(p, &t, sq_value(p, &t));
  case TK_DQSTR: return dq_node(p, &t);
  case TK_VAR: return var_node(p, &t);
  case TK_LPAREN: {
    enter(p, t.pos);
    n = mk(p, N_PAREN, &t);
    skip_newlines(p);
    bool save_nc = p->no_comma;
    p->no_comma = false;
    n->a = parse_statement(p);
    p->no_comma = save_nc;
    if (!n->a) perr_at(p, peek(p, LM_EXPR).pos, peek(p, LM_EXPR).kind == TK_EOF, "ExpectedExpression", "An expression was expected after '('.");
    skip_newlines(p);
    expect(p, TK_RPAREN, LM_EXPR, "MissingEndParenthesisInExpression", "Missing closing ')' in expression.");
    leave(p);
    return n;
  }
  case TK_SUBEXPR: case TK_ARREXPR:
    enter(p, t.pos);
    n = mk(p, t.kind == TK_SUBEXPR ? N_SUBEXPR : N_ARREXPR, &t);
    close_id = t.kind == TK_SUBEXPR ? "MissingEndParenthesisInSubexpression" : "MissingEndParenthesisInArrayExpression";
    close_msg = t.kind == TK_SUBEXPR ? "Missing closing ')' in subexpression." : "Missing closing ')' in array subexpression.";
    n->a = parse_statements(p, TK_RPAREN);
    close_id = close_msg = NULL;
    expect(p, TK_RPAREN, LM_EXPR, t.kind == TK_SUBEXPR ? "MissingEndParenthesisInSubexpression" : "MissingEndParenthesisInExpression",
           t.kind == TK_SUBEXPR ? "Missing closing ')' in subexpression." : "Missing closing ')' in expression.");
    leave(p);
    return n;
  case TK_HASHLIT:
    enter(p, t.pos);
    n = parse_hash(p, &t);
    leave(p);
    return n;
  case TK_LBRACE:
    enter(p, t.pos);
    n = parse_scriptblock(p, &t);
    leave(p);
    return n;
  case TK_LBRACKET: {
    size_t st = p->L.pos;
    while (p->L.pos < p->L.len && p->L.src[p->L.pos] != ']' && p->L.src[p->L.pos] != '\n') p->L.pos++;
    if (p->L.pos >= p->L.len || p->L.src[p->L.pos] != ']')
      perr_at(p, t.pos, p->L.pos >= p->L.len, "EndSquareBracketExpectedAtEndOfType", "Missing ] at end of type token.");
    const char *tn = astrndup(p->A, p->L.src + st, p->L.pos - st);
    p->L.pos++;
    token nx = peek(p, LM_EXPR);
    bool operand = !nx.ws_before && (nx.kind == TK_VAR || nx.kind == TK_NUM || nx.kind == TK_SQSTR ||
        nx.kind == TK_DQSTR || nx.kind == TK_LPAREN || nx.kind == TK_HASHLIT || nx.kind == TK_SUBEXPR ||
        nx.kind == TK_ARREXPR || nx.kind == TK_LBRACKET);
    if (!operand && (nx.kind == TK_VAR || nx.kind == TK_NUM || nx.kind == TK_SQSTR || nx.kind == TK_DQSTR || nx.kind == TK_HASHLIT || nx.kind == TK_LPAREN))
      operand = true;
    if (operand) {
      n = mk(p, N_CAST, &t);
      n->op = tn;
      enter(p, t.pos);
      n->a = parse_unary(p);
      leave(p);
      return n;
    }
    n = mk(p, N_TYPE, &t);
    n->op = tn;
    return n;
  }
  case TK_WORD:
    if (m == LM_CMD) return mkconst(p, &t, xv_strn(p->L.src + t.pos, t.len));
    perr_at(p, t.pos, false, "UnexpectedToken", "Unexpected token '%.*s' in expression or statement.", (int)t.len, p->L.src + t.pos);
  case TK_EOF:
    perr_at(p, t.pos, true, "ExpectedExpression", "An expression was expected after this point.");
  default:
    perr_at(p, t.pos, false, "UnexpectedToken", "Unexpected token '%.*s' in expression or statement.", (int)(t.len ? t.len : 1), p->L.src + t.pos);
  }
}

/* postfix -> primary { '.' member [ '(' args ')' ] | '[' expr ']' }  (no blank before . or [) */
static node *parse_postfix(P *p, node *n, lmode m) {
  for (;;) {
    size_t at = p->L.pos;
    const char *s = p->L.src;
    if (at < p->L.len && s[at] == '.' && at + 1 < p->L.len &&
        (lex_is_name_char((unsigned char)s[at + 1]) || s[at + 1] == '$' || lex_squote_len(s + at + 1) || lex_dquote_len(s + at + 1) || s[at + 1] == '(')) {
      p->L.pos++;
      token t = next(p, LM_EXPR);
      node *mem;
      if (t.kind == TK_WORD || t.kind == TK_NUM) {
        size_t e = t.pos;
        while (e < t.pos + t.len && lex_is_name_char((unsigned char)s[e])) e++;
        p->L.pos = e;   /* a member name stops at the first non-name character */
        mem = mkconst(p, &t, xv_strn(s + t.pos, e - t.pos));
      } else if (t.kind == TK_SQSTR) mem = mkconst(p, &t, sq_value(p, &t));
      else if (t.kind == TK_DQSTR) mem = dq_node(p, &t);
      else if (t.kind == TK_VAR) mem = var_node(p, &t);
      else if (t.kind == TK_LPAREN) { p->L.pos = t.pos; mem = parse_primary(p, LM_EXPR); }
      else perr_at(p, t.pos, t.kind == TK_EOF, "MissingPropertyName", "Missing property name after reference operator.");
      if (p->L.pos < p->L.len && s[p->L.pos] == '(' && mem->kind == N_CONST) {
        p->L.pos++;
        node *inv = mk(p, N_INVOKE, &t);
        inv->a = n;
        inv->name = xv_str_b(mem->val);
        nlist args = {0};
        guard(&args);
        skip_newlines(p);
        if (!accept(p, TK_RPAREN, LM_EXPR)) {
          for (;;) {
            skip_newlines(p);
            enter(p, t.pos);
            bool save_nc = p->no_comma;
            p->no_comma = true;
            nl_push(&args, parse_expr(p));
            p->no_comma = save_nc;
            leave(p);
            skip_newlines(p);
            token sep = next(p, LM_EXPR);
            if (sep.kind == TK_RPAREN) break;
            if (sep.kind != TK_COMMA) perr_at(p, sep.pos, sep.kind == TK_EOF, "MissingEndParenthesisInMethodCall", "Missing ')' in method call.");
          }
        }
        unguard();
        nl_to(p, &args, inv);
        n = inv;
        continue;
      }
      node *mb = mk(p, N_MEMBER, &t);
      mb->a = n; mb->b = mem;
      n = mb;
      continue;
    }
    if (at < p->L.len && s[at] == '[' && (m == LM_EXPR || n->kind != N_CONST)) {
      p->L.pos++;
      token t; memset(&t, 0, sizeof t); t.pos = at;
      node *ix = mk(p, N_INDEX, &t);
      enter(p, at);
      skip_newlines(p);
      ix->a = n;
      ix->b = parse_expr(p);
      skip_newlines(p);
      expect(p, TK_RBRACKET, LM_EXPR, "MissingEndSquareBracket", "Array index expression is missing or not valid.");
      leave(p);
      n = ix;
      continue;
    }
    if (at + 1 < p->L.len && s[at] == ':' && s[at + 1] == ':' && n->kind == N_TYPE) {
      /* [Type]::Member: static members are not supported; parse as member access */
      p->L.pos += 2;
      token t = next(p, LM_EXPR);
      node *mb = mk(p, N_MEMBER, &t);
      mb->a = n; mb->b = mkconst(p, &t, xv_strn(s + t.pos, t.len));
      n = mb;
      continue;
    }
    return n;
  }
}

/* unary -> '-not' unary | '!' unary | '-' unary | '+' unary | ',' unary | '-bnot' unary |
 *          '-split' unary | '-join' unary | '++'/'--' ... | postfix */
static node *parse_unary(P *p) {
  token t = peek(p, LM_EXPR);
  if ((t.kind == TK_OP && (!strcmp(t.op, "not") || !strcmp(t.op, "bnot") || !strcmp(t.op, "split") || !strcmp(t.op, "join"))) ||
      t.kind == TK_BANG || t.kind == TK_MINUS || t.kind == TK_PLUS || t.kind == TK_COMMA) {
    next(p, LM_EXPR);
    enter(p, t.pos);
    node *n = mk(p, N_UNOP, &t);
    n->op = t.kind == TK_OP ? astrndup(p->A, t.op, strlen(t.op)) : t.kind == TK_BANG ? "not" : t.kind == TK_MINUS ? "-" : t.kind == TK_PLUS ? "+" : ",";
    skip_newlines(p);
    n->a = parse_unary(p);
    leave(p);
    /* fold -<number> */
    if (n->op[0] == '-' && !n->op[1] && n->a->kind == N_CONST && (n->a->val.kind == XV_INT || n->a->val.kind == XV_DBL)) {
      node *c = n->a;
      if (c->val.kind == XV_INT) c->val.u.i = -c->val.u.i; else c->val.u.d = -c->val.u.d;
      return c;
    }
    return n;
  }
  return parse_postfix(p, parse_primary(p, LM_EXPR), LM_EXPR);
}

/* after a binary operator: the input must not end there */
static void need_operand(P *p, const token *t) {
  token n = peek(p, LM_EXPR);
  if (n.kind == TK_EOF)
    perr_at(p, t->pos + t->len, true, "ExpectedValueExpression", "You must provide a value expression following the '%.*s' operator.", (int)t->len, p->L.src + t->pos);
}

static node *binop(P *p, const token *t, const char *op, node *a, node *b) {
  node *n = mk(p, N_BINOP, t);
  /* a left-deep chain (1+1+...) is evaluated recursively: bound its height like nesting */
  n->height = (a->kind == N_BINOP ? a->height : 0) + 1;
  if (n->height > MAX_CHAIN)
    perr_at(p, t->pos, false, "ScriptTooDeeplyNested", "The expression has too many operators in a row (more than %d).", MAX_CHAIN);
  n->op = op; n->a = a; n->b = b;
  n->pos = a->pos; n->line = a->line; n->col = a->col;
  return n;
}

/* array -> unary { ',' unary } */
static node *parse_array(P *p) {
  node *first = parse_unary(p);
  token t = peek(p, LM_EXPR);
  if (t.kind != TK_COMMA || p->no_comma) return first;
  node *arr = mk(p, N_ARRAY, &t);
  nlist l = {0};
  guard(&l);
  nl_push(&l, first);
  while (accept(p, TK_COMMA, LM_EXPR)) {
    skip_newlines(p);
    token n = peek(p, LM_EXPR);
    if (n.kind == TK_EOF || n.kind == TK_RPAREN || n.kind == TK_RBRACE || n.kind == TK_SEMI)
      perr_at(p, n.pos, n.kind == TK_EOF, "MissingExpressionAfterToken", "Missing expression after ','.");
    nl_push(&l, parse_unary(p));
  }
  unguard();
  nl_to(p, &l, arr);
  arr->pos = first->pos; arr->line = first->line; arr->col = first->col;
  return arr;
}

/* range -> array [ '..' array ] */
static node *parse_range(P *p) {
  node *a = parse_array(p);
  token t = peek(p, LM_EXPR);
  if (t.kind != TK_DOTDOT) return a;
  next(p, LM_EXPR);
  skip_newlines(p);
  need_operand(p, &t);
  return binop(p, &t, "..", a, parse_array(p));
}

/* format -> range { '-f' range } */
static node *parse_format(P *p) {
  node *a = parse_range(p);
  for (;;) {
    token t = peek(p, LM_EXPR);
    if (t.kind != TK_OP || strcmp(t.op, "f")) return a;
    next(p, LM_EXPR); skip_newlines(p); need_operand(p, &t);
    a = binop(p, &t, "f", a, parse_range(p));
  }
}

/* multiplicative -> format { ('*' | '/' | '%') format } */
static node *parse_mul(P *p) {
  node *a = parse_format(p);
  for (;;) {
    token t = peek(p, LM_EXPR);
    const char *op = t.kind == TK_STAR ? "*" : t.kind == TK_SLASH ? "/" : t.kind == TK_PERCENT ? "%" : NULL;
    if (!op) return a;
    next(p, LM_EXPR); skip_newlines(p); need_operand(p, &t);
    a = binop(p, &t, op, a, parse_format(p));
  }
}

/* additive -> multiplicative { ('+' | '-') multiplicative } */
static node *parse_add(P *p) {
  node *a = parse_mul(p);
  for (;;) {
    token t = peek(p, LM_EXPR);
    const char *op = t.kind == TK_PLUS ? "+" : t.kind == TK_MINUS ? "-" : NULL;
    if (!op) return a;
    next(p, LM_EXPR); skip_newlines(p); need_operand(p, &t);
    a = binop(p, &t, op, a, parse_mul(p));
  }
}

static bool is_logical(const char *op) { return !strcmp(op, "and") || !strcmp(op, "or") || !strcmp(op, "xor"); }

/* comparison -> additive { cmp-op additive }   (-eq -like -match -replace -split -join -is ... ) */
static node *parse_cmp(P *p) {
  node *a = parse_add(p);
  for (;;) {
    token t = peek(p, LM_EXPR);
    if (t.kind != TK_OP || is_logical(t.op) || !strcmp(t.op, "not") || !strcmp(t.op, "f") || !strcmp(t.op, "bnot")) return a;
    next(p, LM_EXPR); skip_newlines(p);
    if (peek(p, LM_EXPR).kind == TK_EOF) perr_at(p, t.pos + t.len, true, "ExpectedValueExpression", "You must provide a value expression following the '-%s' operator.", t.op);
    a = binop(p, &t, astrndup(p->A, t.op, strlen(t.op)), a, parse_add(p));
  }
}

/* expression -> comparison { ('-and' | '-or' | '-xor') comparison } */
static node *parse_expr(P *p) {
  enter(p, p->L.pos);
  node *a = parse_cmp(p);
  for (;;) {
    token t = peek(p, LM_EXPR);
    if (t.kind != TK_OP || !is_logical(t.op)) break;
    next(p, LM_EXPR); skip_newlines(p);
    if (peek(p, LM_EXPR).kind == TK_EOF) perr_at(p, t.pos + t.len, true, "ExpectedValueExpression", "You must provide a value expression following the '-%s' operator.", t.op);
    a = binop(p, &t, astrndup(p->A, t.op, strlen(t.op)), a, parse_cmp(p));
  }
  leave(p);
  return a;
}

/* ---------------- commands ---------------- */

static bool ends_command(tkind k) {
  return k == TK_NEWLINE || k == TK_SEMI || k == TK_PIPE || k == TK_RPAREN || k == TK_RBRACE || k == TK_EOF;
}

/* command-value -> primary-in-command-mode postfix { ',' command-value } */
static node *parse_cmd_value(P *p) {
  token t = peek(p, LM_CMD);
  node *v;
  if (t.kind == TK_PARAM) {  /* a parameter token as a value after ',' is text */
    next(p, LM_CMD);
    v = mkconst(p, &t, xv_strn(p->L.src + t.pos, t.len));
  } else {
    v = parse_postfix(p, parse_primary(p, LM_CMD), LM_CMD);
  }
  token c = peek(p, LM_CMD);
  if (c.kind != TK_COMMA) return v;
  node *arr = mk(p, N_ARRAY, &c);
  nlist l = {0};
  guard(&l);
  nl_push(&l, v);
  while (accept(p, TK_COMMA, LM_CMD)) {
    skip_newlines(p);
    nl_push(&l, parse_postfix(p, parse_primary(p, LM_CMD), LM_CMD));
  }
  unguard();
  nl_to(p, &l, arr);
  return arr;
}

/* command -> (name | '&' primary) { parameter [value] | value | redirection } */
static node *parse_command(P *p) {
  token t = next(p, LM_CMD);
  node *cmd = mk(p, N_COMMAND, &t);
  if (t.len == 1 && p->L.src[t.pos] == '.') {      /* `. command`: dot-sourced */
    cmd->flags |= 1;
    token u = peek(p, LM_CMD);
    if (u.kind == TK_WORD || u.kind == TK_NUM || u.kind == TK_SQSTR || u.kind == TK_DQSTR || u.kind == TK_AMP)
      t = next(p, LM_CMD);
    else
      t.kind = TK_AMP;       /* `. { ... }`, `. $block`: the expression, as after & */
  }
  if (t.kind == TK_AMP) {
    cmd->a = parse_postfix(p, parse_primary(p, LM_CMD), LM_CMD);
  } else if (t.kind == TK_WORD || t.kind == TK_NUM) {
    cmd->name = tok_text(p, &t);
  } else if (t.kind == TK_SQSTR || t.kind == TK_DQSTR) {
    cmd->a = t.kind == TK_SQSTR ? mkconst(p, &t, sq_value(p, &t)) : dq_node(p, &t);
  } else {
    perr_at(p, t.pos, t.kind == TK_EOF, "ExpectedExpression", "An expression was expected after '|'.");
  }
  nlist args = {0}, redirs = {0};
  guard(&args); guard(&redirs);
  for (;;) {
    token a = peek(p, LM_CMD);
    if (ends_command(a.kind)) break;
    if (a.kind == TK_AMP) perr_at(p, a.pos, false, "AmpersandNotAllowed", "The ampersand (&) character is not allowed. The & operator is reserved for future use; wrap an ampersand in double quotation marks (\"&\") to pass it as part of a string.");
    if (a.kind == TK_PARAM) {
      next(p, LM_CMD);
      node *pn = mk(p, N_CPARAM, &a);
      size_t dl = (size_t)lex_dash_len(p->L.src + a.pos);
      pn->name = astrndup(p->A, p->L.src + a.pos + dl, a.len - dl - (a.colon ? 1 : 0));
      pn->colon = a.colon;
      if (a.colon) {
        token v = peek(p, LM_CMD);
        if (ends_command(v.kind)) perr_at(p, v.pos, v.kind == TK_EOF, "ParameterRequiresArgument", "Missing an argument for parameter '%s'. Specify a parameter of the right type and try again.", pn->name);
        pn->a = parse_cmd_value(p);
      }
      nl_push(&args, pn);
      continue;
    }
    if (a.kind == TK_REDIR) {
      next(p, LM_CMD);
      node *r = mk(p, N_REDIR, &a);
      r->op = tok_text(p, &a);
      for (int k = 0; k < redirs.n; k++) {
        const char *o = redirs.v[k]->op, *q = r->op;
        char so = (o[0] == '>' || o[0] == '1') ? '1' : o[0], sq = (q[0] == '>' || q[0] == '1') ? '1' : q[0];
        if (so == sq)
          perr_at(p, a.pos, false, "StreamAlreadyRedirected", "The output stream for this command is already redirected.");
      }
      if (!strchr(r->op, '&')) {
        token f = peek(p, LM_CMD);
        if (ends_command(f.kind)) perr_at(p, f.pos, f.kind == TK_EOF, "MissingFileSpecification", "Missing file specification after redirection operator.");
        r->a = parse_postfix(p, parse_primary(p, LM_CMD), LM_CMD);
      }
      nl_push(&redirs, r);
      continue;
    }
    nl_push(&args, parse_cmd_value(p));
  }
  unguard(); unguard();
  cmd->end = (uint32_t)p->L.pos;
  nl_to(p, &args, cmd);
  if (redirs.n) { node *rb = mk(p, N_BLOCK, &t); nl_to(p, &redirs, rb); cmd->b = rb; }
  return cmd;
}

static bool is_keyword(P *p, const token *t) {
  static const char *const kw[] = {"if", "elseif", "else", "foreach", "while", "do", "for", "function",
                                   "filter", "return", "exit", "break", "continue", "throw", "param", "until",
                                   "try", "catch", "finally", NULL};
  if (t->kind != TK_WORD) return false;
  for (const char *const *k = kw; *k; k++) if (word_is(p, t, *k)) return true;
  return false;
}

/* does the pipeline element at the current position start a command? */
static bool starts_command(P *p) {
  token t = peek(p, LM_EXPR);
  if (t.kind == TK_AMP) return true;
  /* a script path (.\x.ps1, ./x.ps1, /dir/x.ps1) or the dot-source operator (`. path`) */
  const char *s = p->L.src + t.pos;
  size_t left = p->L.len - t.pos;
  if (left >= 2 && s[0] == '.' && (s[1] == '\\' || s[1] == '/' || s[1] == ' ' || s[1] == '\t')) return true;
  if (left >= 2 && s[0] == '.' && s[1] == '.' && left >= 3 && (s[2] == '\\' || s[2] == '/')) return true;
  if (left >= 2 && s[0] == '/' && (isalnum((unsigned char)s[1]) || s[1] == '_' || s[1] == '.')) return true;
  if (t.kind == TK_WORD) return true;
  if (t.kind == TK_PERCENT) return true;   /* % alias of ForEach-Object */
  return false;
}

/* pipeline -> element { '|' element }   element -> command | expression (first only)
 *   assignment -> expression assign-op statement  (when the first element is an lvalue) */
static node *parse_pipeline(P *p) {
  token t = peek(p, LM_EXPR);
  node *first;
  if (starts_command(p)) {
    if (t.kind == TK_PERCENT) {
      /* re-read '%' as a word in command mode */
      first = parse_command(p);
    } else {
      first = parse_command(p);
    }
  } else {
    first = parse_expr(p);
    token a = peek(p, LM_EXPR);
    if (a.kind == TK_ASSIGN || a.kind == TK_OPASSIGN) {
      if (first->kind == N_CONST && first->val.kind == XV_NULL && p->L.src[first->pos] == '$') {
        /* $null = ...: assigning to $null discards the value */
        first->kind = N_VAR; first->name = "null"; first->hash = xstrhash_ci("null", 4);
      }
      if (first->kind != N_VAR && first->kind != N_MEMBER && first->kind != N_INDEX && first->kind != N_CAST)
        perr_at(p, a.pos, false, "InvalidLeftHandSide", "The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.");
      next(p, LM_EXPR);
      node *as = mk(p, N_ASSIGN, &a);
      as->op = a.kind == TK_ASSIGN ? "=" : astrndup(p->A, a.op, strlen(a.op));
      as->a = first;
      if (!strcmp(as->op, "++")) return as;
      skip_newlines(p);
      as->b = parse_statement(p);
      if (!as->b) perr_at(p, p->L.pos, peek(p, LM_EXPR).kind == TK_EOF, "ExpectedValueExpression", "You must provide a value expression on the right-hand side of the '%s' operator.", as->op);
      as->pos = first->pos; as->line = first->line; as->col = first->col;
      return as;
    }
  }
  token bar = peek(p, LM_EXPR);
  while (bar.kind == TK_REDIR && first->kind != N_COMMAND) { next(p, LM_EXPR); bar = peek(p, LM_EXPR); }
  if (bar.kind != TK_PIPE) {
    if (first->kind != N_COMMAND) return first;
    node *pl = mk(p, N_PIPELINE, &t);
    nlist l = {0}; nl_push(&l, first); nl_to(p, &l, pl);
    return pl;
  }
  node *pl = mk(p, N_PIPELINE, &t);
  nlist l = {0};
  guard(&l);
  nl_push(&l, first);
  while (accept(p, TK_PIPE, LM_EXPR)) {
    skip_newlines(p);
    token c = peek(p, LM_CMD);
    if (c.kind == TK_EOF || c.kind == TK_PIPE) perr_at(p, c.pos, c.kind == TK_EOF, "EmptyPipeElement", "An empty pipe element is not allowed.");
    if (!(c.kind == TK_WORD || c.kind == TK_AMP || c.kind == TK_SQSTR || c.kind == TK_DQSTR))
      perr_at(p, c.pos, false, "ExpressionsMustBeFirstInPipeline", "Expressions are only allowed as the first element of a pipeline.");
    nl_push(&l, parse_command(p));
  }
  unguard();
  nl_to(p, &l, pl);
  return pl;
}

/* ---------------- statements ---------------- */

static node *parse_cond(P *p, const char *kw) {
  skip_newlines(p);
  token t = next(p, LM_EXPR);
  if (t.kind != TK_LPAREN) perr_at(p, t.pos, t.kind == TK_EOF, "MissingOpenParenthesisInIfStatement", "Missing '(' after '%s' in %s statement.", kw, kw);
  skip_newlines(p);
  node *c = parse_pipeline(p);
  skip_newlines(p);
  token r = next(p, LM_EXPR);
  if (r.kind != TK_RPAREN) perr_at(p, r.pos, r.kind == TK_EOF, "MissingEndParenthesisAfterStatement", "Missing closing ')' after expression in '%s' statement.", kw);
  return c;
}
static node *parse_braced(P *p, const char *what) {
  skip_newlines(p);
  token t = next(p, LM_EXPR);
  if (t.kind != TK_LBRACE && !strncmp(what, "foreach", 7))
    perr_at(p, t.pos, t.kind == TK_EOF, "MissingForeachStatement", "Missing statement body in foreach loop.");
  if (t.kind != TK_LBRACE) perr_at(p, t.pos, t.kind == TK_EOF, "MissingStatementBlock", "Missing statement block after %s.", what);
  enter(p, t.pos);
  size_t save_bp = p->brace_pos;
  p->brace_pos = t.pos;
  node *b = parse_statements(p, TK_RBRACE);
  p->brace_pos = save_bp;
  token c = next(p, LM_EXPR);
  if (c.kind != TK_RBRACE) perr_at(p, c.pos, true, "MissingEndCurlyBrace", "Missing closing '}' in statement block or type definition.");
  leave(p);
  return b;
}

/* if -> 'if' '(' pipeline ')' block { 'elseif' '(' pipeline ')' block } [ 'else' block ] */
static node *parse_if(P *p, const token *t) {
  node *n = mk(p, N_IF, t);
  nlist l = {0};
  guard(&l);
  nl_push(&l, parse_cond(p, "if"));
  nl_push(&l, parse_braced(p, "if ( condition )"));
  for (;;) {
    lexer save = p->L;
    skip_newlines(p);
    token e = peek(p, LM_EXPR);
    if (word_is(p, &e, "elseif")) { next(p, LM_EXPR); nl_push(&l, parse_cond(p, "elseif")); nl_push(&l, parse_braced(p, "elseif ( condition )")); continue; }
    if (word_is(p, &e, "else")) { next(p, LM_EXPR); n->c = parse_braced(p, "else"); break; }
    p->L = save;
    break;
  }
  unguard();
  nl_to(p, &l, n);
  return n;
}

/* try -> 'try' block { 'catch' [ type { ',' type } ] block } [ 'finally' block ] */
static node *parse_try(P *p, const token *t) {
  node *n = mk(p, N_TRY, t);
  nlist l = {0};
  n->a = parse_braced(p, "try");
  for (;;) {
    lexer save = p->L;
    skip_newlines(p);
    token e = peek(p, LM_EXPR);
    if (word_is(p, &e, "catch") && !n->c) {
      next(p, LM_EXPR);
      node *c = mk(p, N_CATCH, &e);
      nlist types = {0};
      for (token b = peek(p, LM_EXPR); b.kind == TK_LBRACKET; b = peek(p, LM_EXPR)) {
        node *ty = parse_primary(p, LM_EXPR);
        if (ty->kind != N_TYPE) perr_at(p, b.pos, false, "MissingTypeLiteralToken", "Missing type literal in the Catch block.");
        nl_push(&types, ty);
        token comma = peek(p, LM_EXPR);
        if (comma.kind != TK_COMMA) break;
        next(p, LM_EXPR);
        skip_newlines(p);
      }
      nl_to(p, &types, c);
      c->a = parse_braced(p, "catch");
      nl_push(&l, c);
      continue;
    }
    if (word_is(p, &e, "finally") && !n->c) {
      next(p, LM_EXPR);
      n->c = parse_braced(p, "finally");
      continue;
    }
    p->L = save;
    /* at the end of the input a catch may still come (the REPL asks for more lines) */
    if (!l.n && !n->c)
      perr_at(p, p->L.pos, e.kind == TK_EOF, "MissingCatchOrFinally", "The Try statement is missing its Catch or Finally block.");
    break;
  }
  nl_to(p, &l, n);
  return n;
}

/* foreach -> 'foreach' '(' variable 'in' pipeline ')' block */
static node *parse_foreach(P *p, const token *t) {
  node *n = mk(p, N_FOREACH, t);
  skip_newlines(p);
  token o = next(p, LM_EXPR);
  if (o.kind != TK_LPAREN) perr_at(p, o.pos, o.kind == TK_EOF, "MissingOpenParenthesisAfterKeyword", "Missing opening '(' after keyword 'foreach'.");
  token v = next(p, LM_EXPR);
  if (v.kind != TK_VAR) perr_at(p, v.pos, v.kind == TK_EOF, "MissingVariableNameAfterForeach", "Missing variable name after foreach.");
  n->name = var_node(p, &v)->name;
  token in = next(p, LM_EXPR);
  if (!word_is(p, &in, "in")) perr_at(p, in.pos, in.kind == TK_EOF, "MissingInInForeach", "Missing 'in' after variable in foreach loop.");
  skip_newlines(p);
  n->a = parse_pipeline(p);
  skip_newlines(p);
  token c = next(p, LM_EXPR);
  if (c.kind != TK_RPAREN) perr_at(p, c.pos, c.kind == TK_EOF, "MissingEndParenthesisAfterForeach", "Missing closing ')' after expression in 'foreach' statement.");
  n->b = parse_braced(p, "foreach ( … )");
  return n;
}

/* for -> 'for' '(' [pipeline] ';' [pipeline] ';' [pipeline] ')' block */
static node *parse_for(P *p, const token *t) {
  node *n = mk(p, N_FOR, t);
  token o = next(p, LM_EXPR);
  if (o.kind != TK_LPAREN) perr_at(p, o.pos, o.kind == TK_EOF, "MissingOpenParenthesisAfterKeyword", "Missing opening '(' after keyword 'for'.");
  node *parts[3] = {0};
  for (int i = 0; i < 3; i++) {
    skip_newlines(p);
    token k = peek(p, LM_EXPR);
    if (!(k.kind == TK_SEMI || k.kind == TK_RPAREN)) parts[i] = parse_pipeline(p);
    skip_newlines(p);
    token s = next(p, LM_EXPR);
    if (i < 2 && s.kind != TK_SEMI && !(s.kind == TK_RPAREN && i == 1)) perr_at(p, s.pos, s.kind == TK_EOF, "MissingEndParenthesisAfterFor", "Missing closing ')' after expression in 'for' statement.");
    if (s.kind == TK_RPAREN) break;
    if (i == 2 && s.kind != TK_RPAREN) perr_at(p, s.pos, s.kind == TK_EOF, "MissingEndParenthesisAfterFor", "Missing closing ')' after expression in 'for' statement.");
  }
  n->a = parts[0]; n->b = parts[1]; n->c = parts[2];
  nlist l = {0};
  nl_push(&l, parse_braced(p, "for ( … )"));
  nl_to(p, &l, n);
  return n;
}

/* param-block -> 'param' '(' [ param-decl { ',' param-decl } ] ')'
 * param-decl -> { '[' attribute-or-type ']' } variable [ '=' expression ] */
static node *parse_param_block(P *p, const token *t) {
  node *pb = mk(p, N_PARAMBLOCK, t);
  skip_newlines(p);
  expect(p, TK_LPAREN, LM_EXPR, "MissingOpenParenthesisAfterKeyword", "Missing '(' after 'param'.");
  nlist l = {0};
  guard(&l);
  skip_newlines(p);
  if (!accept(p, TK_RPAREN, LM_EXPR)) {
    for (;;) {
      skip_newlines(p);
      node *d = mk(p, N_PARAMDECL, NULL);
      d->op = "";
      token x = next(p, LM_EXPR);
      while (x.kind == TK_LBRACKET) {
        size_t st = p->L.pos;
        int depth = 1;
        while (p->L.pos < p->L.len && depth) {
          char c = p->L.src[p->L.pos++];
          if (c == '[') depth++; else if (c == ']') depth--;
        }
        if (depth) perr_at(p, x.pos, true, "EndSquareBracketExpectedAtEndOfAttribute", "Missing ']' at end of attribute or type literal.");
        const char *txt = astrndup(p->A, p->L.src + st, p->L.pos - st - 1);
        if (!strncasecmp(txt, "Parameter", 9)) { if (strcasestr(txt, "Mandatory")) d->flags |= 1; }
        else if (!strcasecmp(txt, "switch")) { d->flags |= 2; d->op = "switch"; }
        else d->op = txt;
        skip_newlines(p);
        x = next(p, LM_EXPR);
      }
      if (x.kind == TK_RBRACE || x.kind == TK_EOF)
        perr_at(p, x.pos, x.kind == TK_EOF, "MissingEndParenthesisInFunctionParameterList", "Missing ')' in function parameter list.");
      if (x.kind != TK_VAR) perr_at(p, x.pos, false, "InvalidFunctionParameter", "Missing parameter name in the param block.");
      d->name = var_node(p, &x)->name;
      d->line = x.line; d->col = x.col;
      skip_newlines(p);
      if (accept(p, TK_ASSIGN, LM_EXPR)) {
        skip_newlines(p);
        bool save_nc = p->no_comma;
        p->no_comma = true;       /* param($a = 1, $b): the comma ends the default */
        d->a = parse_expr(p);
        p->no_comma = save_nc;
      }
      nl_push(&l, d);
      skip_newlines(p);
      token s = next(p, LM_EXPR);
      if (s.kind == TK_RPAREN) break;
      if (s.kind != TK_COMMA) perr_at(p, s.pos, s.kind == TK_EOF, "MissingEndParenthesisInFunctionParameterList", "Missing ')' in function parameter list.");
    }
  }
  unguard();
  nl_to(p, &l, pb);
  return pb;
}

/* block-body -> [ param-block ] statements   (stops before the closing '}') */
static node *parse_block_body(P *p, const token *open) {
  lexer save = p->L;
  skip_newlines(p);
  token t = peek(p, LM_EXPR);
  node *pb = NULL;
  if (word_is(p, &t, "param")) { next(p, LM_EXPR); pb = parse_param_block(p, &t); }
  else p->L = save;
  size_t save_bp = p->brace_pos;
  p->brace_pos = open->pos;
  node *b = parse_statements(p, TK_RBRACE);
  p->brace_pos = save_bp;
  b->a = pb;
  token c = peek(p, LM_EXPR);
  if (c.kind != TK_RBRACE) perr_at(p, open->pos, true, "MissingEndCurlyBrace", "Missing closing '}' in statement block or type definition.");
  return b;
}

/* function -> 'function' name [ '(' params ')' ] '{' block-body '}' */
static node *parse_function(P *p, const token *t) {
  node *n = mk(p, N_FUNCDEF, t);
  token nm = next(p, LM_CMD);
  if (nm.kind != TK_WORD) perr_at(p, nm.pos, nm.kind == TK_EOF, "MissingNameAfterKeyword", "Missing name after function keyword.");
  n->name = tok_text(p, &nm);
  skip_newlines(p);
  node *pb = NULL;
  token o = peek(p, LM_EXPR);
  if (o.kind == TK_LPAREN) {
    /* function f($a, $b) { }: the same as a param block */
    p->L.pos = o.pos;
    token fake = o;
    lexer save = p->L;
    (void)save;
    pb = parse_param_block(p, &fake);
    skip_newlines(p);
  }
  token b = next(p, LM_EXPR);
  if (b.kind != TK_LBRACE) perr_at(p, b.pos, b.kind == TK_EOF, "MissingFunctionBody", "Missing function body in function declaration.");
  enter(p, b.pos);
  node *body = parse_block_body(p, &b);
  next(p, LM_EXPR);
  leave(p);
  if (pb && !body->a) body->a = pb;
  n->a = body;
  return n;
}

/* statement -> if | foreach | while | do | for | function | return | exit | break |
 *              continue | throw | pipeline */
static node *parse_statement(P *p) {
  token t = peek(p, LM_EXPR);
  if (t.kind == TK_WORD && is_keyword(p, &t)) {
    next(p, LM_EXPR);
    if (word_is(p, &t, "if")) return parse_if(p, &t);
    if (word_is(p, &t, "foreach")) {
      token o = peek(p, LM_EXPR);
      if (o.kind == TK_LPAREN) return parse_foreach(p, &t);
      p->L.pos = t.pos;  /* foreach as the ForEach-Object alias */
      return parse_pipeline(p);
    }
    if (word_is(p, &t, "while")) {
      node *n = mk(p, N_WHILE, &t);
      n->a = parse_cond(p, "while");
      n->b = parse_braced(p, "while ( condition )");
      return n;
    }
    if (word_is(p, &t, "do")) {
      node *n = mk(p, N_WHILE, &t);
      n->b = parse_braced(p, "do");
      skip_newlines(p);
      token w = next(p, LM_EXPR);
      if (word_is(p, &w, "while")) n->flags = 1;
      else if (word_is(p, &w, "until")) n->flags = 2;
      else perr_at(p, w.pos, w.kind == TK_EOF, "MissingWhileOrUntilInDoWhile", "Missing while or until keyword in do loop.");
      n->a = parse_cond(p, w.kind == TK_WORD && n->flags == 1 ? "while" : "until");
      return n;
    }
    if (word_is(p, &t, "for")) return parse_for(p, &t);
    if (word_is(p, &t, "try")) return parse_try(p, &t);
    if (word_is(p, &t, "catch") || word_is(p, &t, "finally"))
      perr_at(p, t.pos, false, "MissingTryBlock", "The %.*s block is missing its Try block.", (int)t.len, p->L.src + t.pos);
    if (word_is(p, &t, "function") || word_is(p, &t, "filter")) return parse_function(p, &t);
    if (word_is(p, &t, "param")) {
      perr_at(p, t.pos, false, "UnexpectedToken", "The param block must be the first statement of a script, function or script block.");
    }
    nkind k = word_is(p, &t, "return") ? N_RETURN : word_is(p, &t, "exit") ? N_EXIT :
              word_is(p, &t, "break") ? N_BREAK : word_is(p, &t, "continue") ? N_CONTINUE :
              word_is(p, &t, "throw") ? N_THROW : N_BLOCK;
    if (k == N_BLOCK)
      perr_at(p, t.pos, false, "UnexpectedToken", "Unexpected token '%.*s' in expression or statement.", (int)t.len, p->L.src + t.pos);
    node *n = mk(p, k, &t);
    token v = peek(p, LM_EXPR);
    if (k != N_BREAK && k != N_CONTINUE && !ends_command(v.kind)) n->a = parse_pipeline(p);
    else if ((k == N_BREAK || k == N_CONTINUE) && v.kind == TK_WORD) next(p, LM_EXPR); /* loop labels: ignored */
    return n;
  }
  if (ends_command(t.kind)) return NULL;
  return parse_pipeline(p);
}

/* statements -> { separator } [ statement { separator { separator } statement } ] */
static node *parse_statements(P *p, tkind closer) {
  token start = peek(p, LM_EXPR);
  node *b = mk(p, N_BLOCK, &start);
  nlist l = {0};
  guard(&l);
  for (;;) {
    token t = peek(p, LM_EXPR);
    if (t.kind == TK_NEWLINE || t.kind == TK_SEMI) { next(p, LM_EXPR); continue; }
    if (t.kind == TK_EOF) {
      next(p, LM_EXPR);   /* reports a lexical error met at the end (an open <# comment) */
      if (closer != TK_EOF)
        perr_at(p, closer == TK_RBRACE && p->brace_pos != NO_BRACE ? p->brace_pos : t.pos, true, closer == TK_RBRACE ? "MissingEndCurlyBrace" : close_id ? close_id : "MissingEndParenthesisInExpression",
                "%s", closer == TK_RBRACE ? "Missing closing '}' in statement block or type definition." : close_msg ? close_msg : "Missing closing ')' in expression.");
      break;
    }
    if (t.kind == closer) break;
    if (t.kind == TK_RBRACE || t.kind == TK_RPAREN)
      perr_at(p, t.pos, false, "UnexpectedToken", "Unexpected token '%c' in expression or statement.", p->L.src[t.pos]);
    node *s = parse_statement(p);
    if (!s) { next(p, LM_EXPR); continue; }
    nl_push(&l, s);
    token sep = peek(p, LM_EXPR);
    if (!(sep.kind == TK_NEWLINE || sep.kind == TK_SEMI || sep.kind == TK_EOF || sep.kind == closer))
      perr_at(p, sep.pos, false, "UnexpectedToken", "Unexpected token '%.*s' in expression or statement.", (int)(sep.len ? sep.len : 1), p->L.src + sep.pos);
  }
  unguard();
  nl_to(p, &l, b);
  return b;
}

node *parse_script(const char *src, size_t len, arena **out_arena, parse_error *err) {
  P *p = calloc(1, sizeof *p);
  if (!p) abort();
  p->A = calloc(1, sizeof(arena));
  if (!p->A) abort();
  p->err = err;
  p->brace_pos = NO_BRACE;
  memset(err, 0, sizeof *err);
  /* the nodes point into the source (error positions, script block text): keep a copy in the
   * arena, which lives as long as they do, not the caller's buffer (a REPL line, a stdin chunk) */
  lex_init(&p->L, astrndup(p->A, src, len), len);
  cur_arena = p->A;
  node *result = NULL;
  if (setjmp(p->jb) == 0) {
    /* a NUL byte is no character of a script (a UTF-16 file without its byte order mark, a
     * binary file): say so where it is, rather than stop reading there */
    const char *nul = len ? memchr(p->L.src, 0, len) : NULL;
    if (nul)
      perr_at(p, (size_t)(nul - p->L.src), false, "UnexpectedCharacter", "The script contains a NUL character (byte 0), which no PowerShell text holds. Save the file as UTF-8 or Unicode (UTF-16) text and try again.");
    lexer save = p->L;
    skip_newlines(p);
    token t = peek(p, LM_EXPR);
    node *pb = NULL;
    if (word_is(p, &t, "param")) { next(p, LM_EXPR); pb = parse_param_block(p, &t); }
    else p->L = save;
    result = parse_statements(p, TK_EOF);
    result->a = pb;
    *out_arena = p->A;
  } else {
    arena_free(p->A);
    *out_arena = NULL;
    result = NULL;
  }
  free(p);
  return result;
}
