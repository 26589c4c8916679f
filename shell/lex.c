/* lex.c — Lexical analyzer: text to tokens, in expression or command-argument mode.
 * Owns comment and line-continuation skipping, string/number/variable/parameter spans,
 * and the folding of copied typography (U+2013/4/5 as '-', curly quotes as quotes).
 * String contents are decoded later by the parser (expansion needs the parser). */
#include "lex.h"

#include <ctype.h>
#include <string.h>

static const char *const kind_names[] = {
#define X(k, d) d,
#include "token.def"
#undef X
};
const char *lex_kind_name(tkind k) { return k < TK__COUNT ? kind_names[k] : "?"; }

void lex_init(lexer *L, const char *src, size_t len) {
  memset(L, 0, sizeof *L);
  L->src = src; L->len = len; L->line = 1; L->col_n = 1;
  /* a UTF-8 byte order mark is not part of the script */
  if (len >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3)) L->pos = 3;
}

int lex_dash_len(const char *p) {
  if (*p == '-') return 1;
  if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
      (unsigned char)p[2] >= 0x93 && (unsigned char)p[2] <= 0x95) return 3;
  return 0;
}
int lex_squote_len(const char *p) {
  if (*p == '\'') return 1;
  if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
      (unsigned char)p[2] >= 0x98 && (unsigned char)p[2] <= 0x9B) return 3;
  return 0;
}
int lex_dquote_len(const char *p) {
  if (*p == '"') return 1;
  if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
      (unsigned char)p[2] >= 0x9C && (unsigned char)p[2] <= 0x9E) return 3;
  return 0;
}
bool lex_is_name_char(int c) { return isalnum(c) || c == '_' || c >= 0x80; }

void lex_position(const lexer *L, size_t pos, int *line, int *col) {
  int ln = 1; size_t ls = 0;
  for (size_t i = 0; i < pos && i < L->len; i++)
    if (L->src[i] == '\n') { ln++; ls = i + 1; }
  int c = 1;
  for (size_t i = ls; i < pos; i++)
    if (((unsigned char)L->src[i] & 0xC0) != 0x80) c++;
  *line = ln; *col = c;
}

static char cur(const lexer *L) { return L->pos < L->len ? L->src[L->pos] : 0; }
static char at(const lexer *L, size_t off) { return L->pos + off < L->len ? L->src[L->pos + off] : 0; }

/* skips blanks, comments and backtick line continuations; false at a new line or the end */
static bool skip_blank(lexer *L) {
  bool any = false;
  for (;;) {
    char c = cur(L);
    if (c == ' ' || c == '\t' || c == '\f' || c == '\v' || (c == '\r' && at(L, 1) != '\n')) { L->pos++; any = true; continue; }
    if ((unsigned char)c == 0xC2 && (unsigned char)at(L, 1) == 0xA0) { L->pos += 2; any = true; continue; } /* NBSP */
    if (c == '`' && (at(L, 1) == '\n' || (at(L, 1) == '\r' && at(L, 2) == '\n'))) {
      L->pos += at(L, 1) == '\n' ? 2 : 3; L->line++; L->line_start = L->pos; any = true; continue;
    }
    if (c == '#') { while (cur(L) && cur(L) != '\n') L->pos++; any = true; continue; }
    if (c == '<' && at(L, 1) == '#') {
      L->pos += 2;
      while (cur(L) && !(cur(L) == '#' && at(L, 1) == '>')) {
        if (cur(L) == '\n') { L->line++; L->line_start = L->pos + 1; }
        L->pos++;
      }
      if (!cur(L)) { L->err = "The terminator '#>' is missing from the multiline comment."; L->err_pos = L->pos; return any; }
      L->pos += 2; any = true; continue;
    }
    return any;
  }
}

static const char *const operators[] = {
  "eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch", "contains",
  "notcontains", "in", "notin", "replace", "split", "join", "is", "isnot", "as", "and", "or",
  "xor", "not", "band", "bor", "bxor", "bnot", "f", "shl", "shr", NULL,
};
static bool is_operator(const char *w, size_t n, char *out) {
  char buf[16];
  if (n >= sizeof buf) return false;
  for (size_t i = 0; i < n; i++) buf[i] = (char)tolower((unsigned char)w[i]);
  buf[n] = 0;
  const char *base = buf;
  for (int pass = 0; pass < 2; pass++) {
    for (const char *const *o = operators; *o; o++)
      if (!strcmp(*o, base)) {
        /* c/i prefixes only on comparison operators */
        if (base != buf && (!strcmp(base, "and") || !strcmp(base, "or") || !strcmp(base, "xor") ||
                            !strcmp(base, "not") || !strcmp(base, "f") || !strcmp(base, "band") ||
                            !strcmp(base, "bor") || !strcmp(base, "bxor") || !strcmp(base, "bnot") ||
                            !strcmp(base, "shl") || !strcmp(base, "shr") || !strcmp(base, "is") ||
                            !strcmp(base, "isnot") || !strcmp(base, "as") || !strcmp(base, "join")))
          return false;
        strcpy(out, buf);
        return true;
      }
    if (buf[0] != 'c' && buf[0] != 'i') break;
    base = buf + 1;
  }
  return false;
}

/* a generic word (command name, bareword argument) ends at these */
static bool word_end(const lexer *L, lmode mode) {
  char c = cur(L);
  if (!c || isspace((unsigned char)c)) return true;
  if (strchr(";|&(){},", c)) return true;
  if ((unsigned char)c == 0xC2 && (unsigned char)at(L, 1) == 0xA0) return true;
  if (mode == LM_EXPR && strchr("[]=+*/%!<>'\"$", c)) return true;
  if (mode == LM_EXPR && c == '.') return true;    /* $a.b.c: a member name ends at the next dot */
  if (lex_dquote_len(L->src + L->pos) || lex_squote_len(L->src + L->pos)) return true;
  return false;
}

static void scan_squote(lexer *L) {
  L->pos += (size_t)lex_squote_len(L->src + L->pos);
  for (;;) {
    if (!cur(L)) { L->err = "The string is missing the terminator: '."; return; }
    int q = lex_squote_len(L->src + L->pos);
    if (q) {
      int q2 = lex_squote_len(L->src + L->pos + q);
      if (q2) { L->pos += (size_t)(q + q2); continue; }   /* '' is one quote */
      L->pos += (size_t)q;
      return;
    }
    if (cur(L) == '\n') { L->line++; L->line_start = L->pos + 1; }
    L->pos++;
  }
}

static void scan_dquote(lexer *L);
/* skips a $( ... ) inside a double-quoted string, strings nested in it included */
static void scan_subexpr_in_string(lexer *L) {
  int depth = 1;
  L->pos += 2;
  while (cur(L) && depth) {
    char c = cur(L);
    if (c == '`' && at(L, 1)) { L->pos += 2; continue; }
    if (lex_dquote_len(L->src + L->pos)) { scan_dquote(L); continue; }
    if (lex_squote_len(L->src + L->pos)) { scan_squote(L); continue; }
    if (c == '(') depth++;
    else if (c == ')') depth--;
    else if (c == '\n') { L->line++; L->line_start = L->pos + 1; }
    L->pos++;
  }
}
static void scan_dquote(lexer *L) {
  L->pos += (size_t)lex_dquote_len(L->src + L->pos);
  for (;;) {
    char c = cur(L);
    if (!c) { L->err = "The string is missing the terminator: \"."; return; }
    if (c == '`' && at(L, 1)) { L->pos += 2; continue; }
    if (c == '$' && at(L, 1) == '(') { scan_subexpr_in_string(L); continue; }
    int q = lex_dquote_len(L->src + L->pos);
    if (q) {
      int q2 = lex_dquote_len(L->src + L->pos + q);
      if (q2) { L->pos += (size_t)(q + q2); continue; }   /* "" is one quote */
      L->pos += (size_t)q;
      return;
    }
    if (c == '\n') { L->line++; L->line_start = L->pos + 1; }
    L->pos++;
  }
}

/* here-strings @" ... "@ and @' ... '@: the closing marker starts a line */
static bool scan_herestring(lexer *L, char q) {
  size_t p = L->pos + 2;
  while (p < L->len && (L->src[p] == ' ' || L->src[p] == '\t' || L->src[p] == '\r')) p++;
  if (p >= L->len || L->src[p] != '\n') return false;
  for (p++; p < L->len; p++) {
    if (L->src[p] == '\n') { L->line++; L->line_start = p + 1; }
    if ((p == 0 || L->src[p - 1] == '\n') && L->src[p] == q && p + 1 < L->len && L->src[p + 1] == '@') {
      L->pos = p + 2;
      return true;
    }
  }
  L->err = "The here-string is not terminated ('@ must start a line).";
  L->pos = L->len;
  return true;
}

static void scan_variable(lexer *L) {
  L->pos++;  /* $ */
  char c = cur(L);
  if (c == '{') {
    while (cur(L) && cur(L) != '}') L->pos++;
    if (cur(L)) L->pos++; else L->err = "Missing '}' in the variable name.";
    return;
  }
  if (c == '_' && !lex_is_name_char((unsigned char)at(L, 1))) { L->pos++; return; }
  if (c == '?' || c == '$' || c == '^') { L->pos++; return; }
  while (lex_is_name_char((unsigned char)cur(L))) L->pos++;
  /* scope or drive qualifier: $env:PATH, $global:x */
  if (cur(L) == ':' && lex_is_name_char((unsigned char)at(L, 1))) {
    L->pos++;
    while (lex_is_name_char((unsigned char)cur(L))) L->pos++;
  }
}

static bool scan_number(lexer *L) {
  size_t p = L->pos;
  const char *s = L->src;
  if (s[p] == '0' && (s[p + 1] == 'x' || s[p + 1] == 'X') && isxdigit((unsigned char)s[p + 2])) {
    p += 2;
    while (isxdigit((unsigned char)s[p])) p++;
  } else {
    while (isdigit((unsigned char)s[p])) p++;
    if (s[p] == '.' && isdigit((unsigned char)s[p + 1])) { p++; while (isdigit((unsigned char)s[p])) p++; }
    if ((s[p] == 'e' || s[p] == 'E') && (isdigit((unsigned char)s[p + 1]) ||
        ((s[p + 1] == '-' || s[p + 1] == '+') && isdigit((unsigned char)s[p + 2])))) {
      p += 2; while (isdigit((unsigned char)s[p])) p++;
    }
  }
  if (s[p] && strchr("kKmMgGtTpP", s[p]) && (s[p + 1] == 'b' || s[p + 1] == 'B')) p += 2;
  if (s[p] == 'l' || s[p] == 'L' || s[p] == 'd' || s[p] == 'D') p++;
  if (lex_is_name_char((unsigned char)s[p])) return false;
  L->pos = p;
  return true;
}

/* does a bareword in command mode read entirely as a number? */
static bool word_is_number(const char *s, size_t n) {
  size_t i = 0;
  if (i < n && (s[i] == '-' || s[i] == '+')) i++;
  if (i >= n || !isdigit((unsigned char)s[i])) return false;
  lexer tmp; lex_init(&tmp, s + i, n - i);
  char buf[64];
  if (n - i >= sizeof buf) return false;
  memcpy(buf, s + i, n - i); buf[n - i] = 0;
  tmp.src = buf; tmp.len = n - i;
  return scan_number(&tmp) && tmp.pos == n - i;
}

static token make(lexer *L, tkind k, size_t start, bool ws) {
  token t;
  memset(&t, 0, sizeof t);
  t.kind = k; t.pos = start; t.len = L->pos - start; t.ws_before = ws;
  t.line = L->line;
  if (L->col_pos < L->line_start || L->col_pos > start) { L->col_pos = L->line_start; L->col_n = 1; }
  int col = L->col_n;
  for (size_t i = L->col_pos; i < start && i < L->len; i++)
    if (((unsigned char)L->src[i] & 0xC0) != 0x80) col++;
  L->col_pos = start; L->col_n = col;
  t.col = col;
  return t;
}

static token lex_dash(lexer *L, lmode mode, size_t start, bool ws) {
  int dl = lex_dash_len(L->src + L->pos);
  size_t after = L->pos + (size_t)dl;
  char c = after < L->len ? L->src[after] : 0;
  if (mode == LM_CMD && (isalpha((unsigned char)c) || c == '_' || c == '?')) {
    L->pos = after;
    while (!word_end(L, mode) && cur(L) != ':') L->pos++;
    token t = make(L, TK_PARAM, start, ws);
    if (cur(L) == ':') { L->pos++; t.colon = true; t.len = L->pos - start; }
    return t;
  }
  if (mode == LM_EXPR && isalpha((unsigned char)c)) {
    size_t e = after;
    while (e < L->len && isalpha((unsigned char)L->src[e])) e++;
    token t;
    char op[16];
    if (is_operator(L->src + after, e - after, op)) {
      L->pos = e;
      t = make(L, TK_OP, start, ws);
      strcpy(t.op, op);
      return t;
    }
  }
  if (mode == LM_EXPR && c == '=') {
    L->pos = after + 1;
    token t = make(L, TK_OPASSIGN, start, ws);
    strcpy(t.op, "-=");
    return t;
  }
  if (mode == LM_CMD && (isdigit((unsigned char)c) || c == '.')) {
    /* -5 is a number argument */
    L->pos = after;
    while (!word_end(L, mode)) L->pos++;
    return make(L, word_is_number(L->src + start, L->pos - start) ? TK_NUM : TK_WORD, start, ws);
  }
  L->pos = after;
  if (mode == LM_CMD && (word_end(L, mode))) return make(L, TK_WORD, start, ws);
  if (mode == LM_CMD) { while (!word_end(L, mode)) L->pos++; return make(L, TK_WORD, start, ws); }
  return make(L, TK_MINUS, start, ws);
}

token lex_next(lexer *L, lmode mode) {
  bool ws = skip_blank(L) || L->pos == L->line_start;
  size_t start = L->pos;
  char c = cur(L);
  token t;
  if (!c) return make(L, TK_EOF, start, ws);
  if (c == '\n' || (c == '\r' && at(L, 1) == '\n')) {
    L->pos += c == '\n' ? 1 : 2;
    t = make(L, TK_NEWLINE, start, ws);
    L->line++; L->line_start = L->pos;
    return t;
  }
  if (lex_dash_len(L->src + L->pos)) return lex_dash(L, mode, start, ws);
  if (lex_squote_len(L->src + L->pos)) { scan_squote(L); return make(L, TK_SQSTR, start, ws); }
  if (lex_dquote_len(L->src + L->pos)) { scan_dquote(L); return make(L, TK_DQSTR, start, ws); }
  switch (c) {
  case ';': L->pos++; return make(L, TK_SEMI, start, ws);
  case '|': L->pos++; return make(L, TK_PIPE, start, ws);
  case '(': L->pos++; return make(L, TK_LPAREN, start, ws);
  case ')': L->pos++; return make(L, TK_RPAREN, start, ws);
  case '{': L->pos++; return make(L, TK_LBRACE, start, ws);
  case '}': L->pos++; return make(L, TK_RBRACE, start, ws);
  case ',': L->pos++; return make(L, TK_COMMA, start, ws);
  case '&': L->pos++; return make(L, TK_AMP, start, ws);
  case '$':
    if (at(L, 1) == '(') { L->pos += 2; return make(L, TK_SUBEXPR, start, ws); }
    scan_variable(L);
    return make(L, TK_VAR, start, ws);
  case '@':
    if (at(L, 1) == '(') { L->pos += 2; return make(L, TK_ARREXPR, start, ws); }
    if (at(L, 1) == '{') { L->pos += 2; return make(L, TK_HASHLIT, start, ws); }
    if (at(L, 1) == '"' || at(L, 1) == '\'') {
      tkind k = at(L, 1) == '"' ? TK_DQSTR : TK_SQSTR;
      if (scan_herestring(L, at(L, 1))) return make(L, k, start, ws);
    }
    break;
  case '>':
    L->pos += at(L, 1) == '>' ? 2 : 1;
    return make(L, TK_REDIR, start, ws);
  case '2': case '3': case '4': case '5': case '6':
    if (at(L, 1) == '>' ) {
      L->pos += 2;
      if (cur(L) == '&' && isdigit((unsigned char)at(L, 1))) L->pos += 2;
      else if (cur(L) == '>') L->pos++;
      return make(L, TK_REDIR, start, ws);
    }
    break;
  case '*':
    if (at(L, 1) == '>') { L->pos += 2; if (cur(L) == '&' && isdigit((unsigned char)at(L, 1))) L->pos += 2; return make(L, TK_REDIR, start, ws); }
    break;
  }
  if (mode == LM_EXPR) {
    if (c == '[') { L->pos++; return make(L, TK_LBRACKET, start, ws); }
    if (c == ']') { L->pos++; return make(L, TK_RBRACKET, start, ws); }
    if (c == '.' && at(L, 1) == '.') { L->pos += 2; return make(L, TK_DOTDOT, start, ws); }
    if (c == '.' && !isdigit((unsigned char)at(L, 1))) { L->pos++; return make(L, TK_DOT, start, ws); }
    if (strchr("+*/%", c) && at(L, 1) == '=') {
      L->pos += 2; t = make(L, TK_OPASSIGN, start, ws);
      t.op[0] = c; t.op[1] = '='; t.op[2] = 0;
      return t;
    }
    if (c == '+' && at(L, 1) == '+') { L->pos += 2; t = make(L, TK_OPASSIGN, start, ws); strcpy(t.op, "++"); return t; }
    if (c == '=') { L->pos++; return make(L, TK_ASSIGN, start, ws); }
    if (c == '+') { L->pos++; return make(L, TK_PLUS, start, ws); }
    if (c == '*') { L->pos++; return make(L, TK_STAR, start, ws); }
    if (c == '/') { L->pos++; return make(L, TK_SLASH, start, ws); }
    if (c == '%') { L->pos++; return make(L, TK_PERCENT, start, ws); }
    if (c == '!') { L->pos++; return make(L, TK_BANG, start, ws); }
    if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)at(L, 1)))) {
      size_t save = L->pos;
      if (scan_number(L)) return make(L, TK_NUM, start, ws);
      L->pos = save;
    }
  }
  /* a generic word: command name, keyword or bareword argument */
  if (mode == LM_CMD && c == '[') { L->pos++; while (!word_end(L, mode)) L->pos++; return make(L, TK_WORD, start, ws); }
  L->pos++;
  while (!word_end(L, mode)) {
    if (mode == LM_EXPR && cur(L) == '.' && at(L, 1) == '.') break;
    L->pos++;
  }
  if (mode == LM_CMD && word_is_number(L->src + start, L->pos - start)) return make(L, TK_NUM, start, ws);
  return make(L, TK_WORD, start, ws);
}

token lex_peek(lexer *L, lmode mode) {
  lexer save = *L;
  token t = lex_next(L, mode);
  *L = save;
  return t;
}
