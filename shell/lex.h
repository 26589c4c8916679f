/* lex.h — text to tokens. The lexer is mode-driven, as PowerShell's is: the parser asks for
 * the next token in expression mode or in command-argument mode. Text copied from blogs
 * (en/em-dashes, curly quotes) is folded to ASCII meaning here and nowhere else.
 * Entry: lex_init(), lex_next(); tokens point into the source (no allocation). */
#ifndef EXSH_LEX_H
#define EXSH_LEX_H
#include <stdbool.h>
#include <stddef.h>

typedef enum {
#define X(k, d) TK_##k,
#include "token.def"
#undef X
  TK__COUNT
} tkind;

typedef enum { LM_EXPR, LM_CMD } lmode;

typedef struct token {
  tkind kind;
  size_t pos, len;     /* span in the source, quotes and sigils included */
  int line, col;       /* 1-based, col in characters */
  bool ws_before;      /* white space (or start of line) came just before */
  bool colon;          /* PARAM: written -Name: (the value follows) */
  char op[16];         /* OP/OPASSIGN: the operator, lower case, without '-' ("eq", "+=") */
} token;

typedef struct lexer {
  const char *src;     /* borrowed source text, NUL-terminated */
  size_t len;          /* its length */
  size_t pos;          /* next byte to read */
  int line;            /* line of pos */
  size_t line_start;   /* byte offset where that line starts */
  size_t col_pos;      /* a byte offset on the current line whose column is known ... */
  int col_n;           /* ... and that column (tokens count on from there: no quadratic rescans) */
  const char *err;     /* last lexical error (static text), NULL if none */
  size_t err_pos;
} lexer;

void lex_init(lexer *L, const char *src, size_t len);
token lex_next(lexer *L, lmode mode);
token lex_peek(lexer *L, lmode mode);           /* next token, position unchanged */
const char *lex_kind_name(tkind k);

/* Character-level helpers shared with the parser's string expansion. */
int lex_dash_len(const char *p);                 /* '-', U+2013/4/5: bytes; 0 otherwise */
int lex_squote_len(const char *p);               /* ' and U+2018..201B */
int lex_dquote_len(const char *p);               /* " and U+201C..201E */
void lex_position(const lexer *L, size_t pos, int *line, int *col);
bool lex_is_name_char(int c);

#endif
