/* fuzz_parse.c — libFuzzer target for the lexer and the parser: the input is a script. Checks
 * that parse_script() returns an AST or a parse error (never crashes, never leaks an xv: the
 * live-value count is the same after arena_free), and that the lexer, driven alone in
 * expression mode, in command mode and in a mode chosen per token from the input, always
 * advances, keeps every token inside the source and reaches the end.
 * Build and run: scripts/fuzz.sh (tests/fuzz/CMakeLists.txt with -DEXSH_FUZZ=ON also builds it). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "parse.h"
#include "value.h"

static void fail(const char *what, size_t pos) {
  fprintf(stderr, "fuzz_parse: %s at byte %zu\n", what, pos);
  abort();
}

/* lexes src to the end; mode_bits (may be NULL) picks the mode of each token */
static void lex_all(const char *src, size_t len, int fixed, const uint8_t *mode_bits, size_t nbits) {
  lexer L;
  lex_init(&L, src, len);
  for (size_t i = 0; i <= len + 2; i++) {
    lmode m = mode_bits && nbits ? ((mode_bits[i % nbits] >> (i & 7)) & 1 ? LM_CMD : LM_EXPR) : (lmode)fixed;
    size_t before = L.pos;
    token p = lex_peek(&L, m);
    token t = lex_next(&L, m);
    if (p.kind != t.kind || p.pos != t.pos || p.len != t.len) fail("lex_peek and lex_next disagree", t.pos);
    if (t.kind >= TK__COUNT) fail("token kind out of range", t.pos);
    if (t.pos > len || t.len > len - t.pos) fail("token outside the source", t.pos);
    if (t.line < 1 || t.col < 1) fail("bad token position", t.pos);
    if (L.err || t.kind == TK_EOF) return;
    if (L.pos <= before) fail("lexer did not advance", L.pos);
  }
  fail("lexer produced more tokens than bytes", L.pos);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *src = malloc(size + 1);   /* the lexer wants a NUL-terminated source */
  if (!src) return 0;
  memcpy(src, data, size);
  src[size] = 0;

  long live = xv_live_count();
  arena *A = NULL;
  parse_error pe;
  node *blk = parse_script(src, size, &A, &pe);
  if (blk) {
    if (!A) fail("an AST without an arena", 0);
    arena_free(A);
  } else {
    if (!pe.msg[0] || !pe.id[0]) fail("parse error without a message or id", 0);
    if (pe.line < 1 || pe.col < 1) fail("parse error without a position", 0);
  }
  if (xv_live_count() != live) fail("parse leaked values", 0);

  lex_all(src, size, LM_EXPR, NULL, 0);
  lex_all(src, size, LM_CMD, NULL, 0);
  lex_all(src, size, 0, data, size < 16 ? size : 16);
  free(src);
  return 0;
}
