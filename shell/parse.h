/* parse.h — tokens to an AST allocated in a per-parse arena. Parse errors longjmp to
 * parse_script(), which drops the arena and returns the error (line, column, caret, id).
 * Entry: parse_script(); the arena lives as long as a script block made from it may. */
#ifndef EXSH_PARSE_H
#define EXSH_PARSE_H
#include <stdbool.h>
#include <stdint.h>
#include "value.h"

typedef enum {
#define X(k) N_##k,
#include "ast.def"
#undef X
  N__COUNT
} nkind;

typedef struct node {
  uint8_t kind;          /* nkind */
  uint8_t flags;         /* kind-specific, see ast.def */
  bool colon;            /* CPARAM: -Name:value */
  const char *name;      /* arena string; VAR names are lower case */
  const char *op;        /* operator / type name, arena string */
  uint32_t hash;         /* VAR: case-insensitive hash of name */
  struct node *a, *b, *c;
  struct node **kids;    /* arena array of nkids */
  int nkids;
  xv val;                /* CONST/SCRIPTBLOCK value, owned by the arena */
  int line, col;         /* where the node starts */
  const char *src;       /* the whole source text (arena copy), for error positions */
  uint32_t pos, end;     /* byte span in the source */
  uint32_t height;       /* BINOP: length of the left-deep operator chain it ends */
} node;

typedef struct arena arena;

typedef struct parse_error {
  char msg[256];         /* PowerShell's sentence */
  char id[64];           /* FullyQualifiedErrorId, e.g. MissingEndCurlyBrace */
  int line, col;         /* where it was found */
  char linetext[256];    /* that source line, for the caret display */
  bool incomplete;       /* the input ended too early (the REPL asks for more) */
} parse_error;

/* Parses src as a script: returns its BLOCK node (arena in *out_arena) or NULL with *err set.
 * name is the script's name for messages. src must outlive the arena. */
node *parse_script(const char *src, size_t len, arena **out_arena, parse_error *err);
void arena_free(arena *a);
const char *parse_node_name(nkind k);

#endif
