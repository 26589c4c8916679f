/* test_lex.c — cmocka tests of shell/lex.c: token kinds and spans in expression mode and
 * command-argument mode, numbers with multipliers, variables, parameters (with -Name:),
 * operators, the folding of copied typography (en/em-dash, horizontal bar, curly quotes),
 * quote escapes, comments, line continuation, here-strings, positions and lexical errors.
 * Each case is data: source, mode, then the expected tokens as "KIND text" lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "lex.h"

/* ---------------- helpers ---------------- */

static const char *kind_tag(tkind k) {
  static const char *const tags[] = {
#define X(k, d) #k,
#include "token.def"
#undef X
  };
  return k < TK__COUNT ? tags[k] : "?";
}

/* Lexes src in one mode to the end: "KIND text|KIND text|..." (EOF omitted; OP and
 * OPASSIGN show their folded operator after '=', PARAM a trailing ':' flag as "+colon"). */
static const char *lex_all(const char *src, lmode mode) {
  static char out[4096];
  lexer L;
  lex_init(&L, src, strlen(src));
  size_t o = 0;
  out[0] = 0;
  for (int guard = 0; guard < 200; guard++) {
    token t = lex_next(&L, mode);
    if (t.kind == TK_EOF) break;
    o += (size_t)snprintf(out + o, sizeof out - o, "%s%s %.*s", o ? "|" : "", kind_tag(t.kind),
                          t.kind == TK_NEWLINE ? 0 : (int)t.len, src + t.pos);
    if (t.kind == TK_OP || t.kind == TK_OPASSIGN) o += (size_t)snprintf(out + o, sizeof out - o, "=%s", t.op);
    if (t.colon) o += (size_t)snprintf(out + o, sizeof out - o, "+colon");
    if (L.err) break;
  }
  return out;
}
#define EXPR(src, want) assert_string_equal(lex_all(src, LM_EXPR), want)
#define CMD(src, want) assert_string_equal(lex_all(src, LM_CMD), want)

/* the first token of src */
static token first(const char *src, lmode mode) {
  lexer L;
  lex_init(&L, src, strlen(src));
  return lex_next(&L, mode);
}

/* lexes to the end and returns the lexical error (NULL if none) */
static const char *lex_error(const char *src, lmode mode) {
  lexer L;
  lex_init(&L, src, strlen(src));
  for (int i = 0; i < 100; i++) {
    token t = lex_next(&L, mode);
    if (L.err || t.kind == TK_EOF) break;
  }
  return L.err;
}

/* ---------------- numbers and ranges ---------------- */

static void test_numbers(void **state) {
  (void)state;
  EXPR("42", "NUM 42");
  EXPR("1.5", "NUM 1.5");
  EXPR("10MB", "NUM 10MB");
  EXPR("1kb", "NUM 1kb");
  EXPR("0x1F", "NUM 0x1F");
  EXPR("1e3", "NUM 1e3");
  EXPR("2.5E-2", "NUM 2.5E-2");
  EXPR("10L", "NUM 10L");
  EXPR("1..10", "NUM 1|DOTDOT ..|NUM 10");
  EXPR("1 .. 3", "NUM 1|DOTDOT ..|NUM 3");
  EXPR("-5", "MINUS -|NUM 5");                    /* the parser folds -<number> */
  EXPR("1+2*3/4%5", "NUM 1|PLUS +|NUM 2|STAR *|NUM 3|SLASH /|NUM 4|PERCENT %|NUM 5");
  EXPR("12abc", "WORD 12abc");                    /* a name character after digits: no number */
}

/* ---------------- variables ---------------- */

static void test_variables(void **state) {
  (void)state;
  EXPR("$x", "VAR $x");
  EXPR("$x.Name", "VAR $x|DOT .|WORD Name");
  EXPR("$_", "VAR $_");
  EXPR("$_.Length", "VAR $_|DOT .|WORD Length");
  EXPR("$_x", "VAR $_x");
  EXPR("${a b}", "VAR ${a b}");
  EXPR("$env:HOME", "VAR $env:HOME");
  EXPR("$global:x = 1", "VAR $global:x|ASSIGN =|NUM 1");
  EXPR("$?", "VAR $?");
  EXPR("$x[0]", "VAR $x|LBRACKET [|NUM 0|RBRACKET ]");
  EXPR("$(1)", "SUBEXPR $(|NUM 1|RPAREN )");
  EXPR("@(1)", "ARREXPR @(|NUM 1|RPAREN )");
  EXPR("@{a=1}", "HASHLIT @{|WORD a|ASSIGN =|NUM 1|RBRACE }");
}

/* ---------------- operators and parameters ---------------- */

static void test_operators(void **state) {
  (void)state;
  EXPR("$a -eq 1", "VAR $a|OP -eq=eq|NUM 1");
  EXPR("$a -EQ 1", "VAR $a|OP -EQ=eq|NUM 1");
  EXPR("-not $a", "OP -not=not|VAR $a");
  EXPR("$a -ceq $b", "VAR $a|OP -ceq=ceq|VAR $b");
  EXPR("$a -ilike 'x*'", "VAR $a|OP -ilike=ilike|SQSTR 'x*'");
  EXPR("'{0}' -f 1", "SQSTR '{0}'|OP -f=f|NUM 1");
  EXPR("$a -and $b", "VAR $a|OP -and=and|VAR $b");
  EXPR("$a -cand $b", "VAR $a|MINUS -|WORD cand|VAR $b");   /* no c/i prefix on -and */
  EXPR("$a += 1", "VAR $a|OPASSIGN +==+=|NUM 1");
  EXPR("$a -= 1", "VAR $a|OPASSIGN -==-=|NUM 1");
  EXPR("$a++", "VAR $a|OPASSIGN ++=++");
  EXPR("!$a", "BANG !|VAR $a");
  EXPR("a | b; c", "WORD a|PIPE ||WORD b|SEMI ;|WORD c");
  EXPR("2>&1", "REDIR 2>&1");
}

static void test_parameters(void **state) {
  (void)state;
  CMD("-Name", "PARAM -Name");
  CMD("-Name x", "PARAM -Name|WORD x");
  CMD("-Name:", "PARAM -Name:+colon");
  CMD("-Confirm:$false", "PARAM -Confirm:+colon|VAR $false");
  CMD("-Identity:'x'", "PARAM -Identity:+colon|SQSTR 'x'");
  CMD("-5", "NUM -5");                            /* a negative number is an argument */
  CMD("-", "WORD -");
  CMD("--%", "WORD --%");
  token t = first("-Name:", LM_CMD);
  assert_int_equal(t.kind, TK_PARAM);
  assert_true(t.colon);
  assert_int_equal(t.len, 6);
  t = first("-Name", LM_CMD);
  assert_false(t.colon);
}

/* ---------------- copied typography ---------------- */

static void test_dashes(void **state) {
  (void)state;
  /* U+2013 en dash, U+2014 em dash, U+2015 horizontal bar fold to '-' */
  CMD("\xE2\x80\x93Name x", "PARAM \xE2\x80\x93Name|WORD x");
  CMD("\xE2\x80\x94Name:", "PARAM \xE2\x80\x94Name:+colon");
  CMD("\xE2\x80\x95Name", "PARAM \xE2\x80\x95Name");
  EXPR("$a \xE2\x80\x93" "eq 1", "VAR $a|OP \xE2\x80\x93" "eq=eq|NUM 1");
  EXPR("$a \xE2\x80\x94ne 1", "VAR $a|OP \xE2\x80\x94ne=ne|NUM 1");
  EXPR("\xE2\x80\x95not $a", "OP \xE2\x80\x95not=not|VAR $a");
  EXPR("1 \xE2\x80\x93 2", "NUM 1|MINUS \xE2\x80\x93|NUM 2");
  assert_int_equal(lex_dash_len("-"), 1);
  assert_int_equal(lex_dash_len("\xE2\x80\x93"), 3);
  assert_int_equal(lex_dash_len("\xE2\x80\x92"), 0);        /* U+2012 figure dash: not a dash */
  assert_int_equal(lex_dash_len("\xE2\x80\x96"), 0);        /* U+2016 */
}

static void test_quotes(void **state) {
  (void)state;
  /* single: ' and U+2018 ‘ U+2019 ’ U+201A ‚ U+201B ‛ ; double: " and U+201C “ U+201D ” U+201E „ */
  CMD("\xE2\x80\x98hi\xE2\x80\x99 x", "SQSTR \xE2\x80\x98hi\xE2\x80\x99|WORD x");
  CMD("\xE2\x80\x9Ahi\xE2\x80\x9B", "SQSTR \xE2\x80\x9Ahi\xE2\x80\x9B");
  CMD("'hi\xE2\x80\x99", "SQSTR 'hi\xE2\x80\x99");          /* mixed pairs close too */
  EXPR("\xE2\x80\x9Chi\xE2\x80\x9D", "DQSTR \xE2\x80\x9Chi\xE2\x80\x9D");
  EXPR("\xE2\x80\x9Ehi\xE2\x80\x9C", "DQSTR \xE2\x80\x9Ehi\xE2\x80\x9C");
  assert_int_equal(lex_squote_len("\xE2\x80\x9B"), 3);
  assert_int_equal(lex_squote_len("\xE2\x80\x9C"), 0);
  assert_int_equal(lex_dquote_len("\xE2\x80\x9E"), 3);
  assert_int_equal(lex_dquote_len("\xE2\x80\x9F"), 0);     /* U+201F is not folded */
  assert_int_equal(lex_dquote_len("'"), 0);
}

static void test_string_escapes(void **state) {
  (void)state;
  EXPR("'it''s' x", "SQSTR 'it''s'|WORD x");
  EXPR("'a`' 'b'", "SQSTR 'a`'|SQSTR 'b'");                 /* no backtick escapes in '' */
  EXPR("\"say \"\"hi\"\"\" x", "DQSTR \"say \"\"hi\"\"\"|WORD x");
  EXPR("\"a `\" b\" x", "DQSTR \"a `\" b\"|WORD x");
  EXPR("\"$(\"in\") out\" x", "DQSTR \"$(\"in\") out\"|WORD x"); /* strings nested in $( ) */
  EXPR("\"a\nb\"", "DQSTR \"a\nb\"");                      /* may span lines */
}

/* ---------------- comments, continuation, here-strings ---------------- */

static void test_comments(void **state) {
  (void)state;
  CMD("a # comment\nb", "WORD a|NEWLINE |WORD b");
  CMD("a <# block\n comment #> b", "WORD a|WORD b");
  CMD("<##>a", "WORD a");
  CMD("a `\nb", "WORD a|WORD b");                          /* backtick line continuation */
  CMD("a `\r\n b", "WORD a|WORD b");
  CMD("a\r\nb", "WORD a|NEWLINE |WORD b");
  CMD("a b#c", "WORD a|WORD b#c");                         /* # inside a word is not a comment */
  lexer L;
  const char *src = "a <# x\ny #> b";
  lex_init(&L, src, strlen(src));
  lex_next(&L, LM_CMD);
  token b = lex_next(&L, LM_CMD);
  assert_int_equal(b.line, 2);
  assert_int_equal(b.col, 6);
}

static void test_herestrings(void **state) {
  (void)state;
  EXPR("@'\nhe said 'hi'\n'@", "SQSTR @'\nhe said 'hi'\n'@");
  EXPR("@\"\nx $y\n\"@ | a", "DQSTR @\"\nx $y\n\"@|PIPE ||WORD a");
  EXPR("@'\n'@", "SQSTR @'\n'@");                          /* empty */
  EXPR("@'\nnot the end '@\n'@", "SQSTR @'\nnot the end '@\n'@");  /* '@ must start a line */
  assert_non_null(lex_error("@'\nnever closed\n", LM_EXPR));
  token t = first("@\"\r\nx\r\n\"@", LM_EXPR);
  assert_int_equal(t.kind, TK_DQSTR);
  assert_int_equal(t.len, 9);
}

/* ---------------- command-mode barewords ---------------- */

static void test_barewords(void **state) {
  (void)state;
  CMD("Get-SystemMessage -Identity en\\External\\5.7.1",
      "WORD Get-SystemMessage|PARAM -Identity|WORD en\\External\\5.7.1");
  CMD("5.4.8", "WORD 5.4.8");
  CMD("5.4.8,5.4.6", "WORD 5.4.8|COMMA ,|WORD 5.4.6");
  CMD("10MB", "NUM 10MB");
  CMD("1.5", "NUM 1.5");
  CMD("0x10", "NUM 0x10");
  CMD("10MBx", "WORD 10MBx");
  CMD("a.b.c", "WORD a.b.c");
  CMD("C:\\temp\\x.txt", "WORD C:\\temp\\x.txt");
  CMD("user@contoso.com", "WORD user@contoso.com");
  CMD("[int]", "WORD [int]");
  CMD("a=b", "WORD a=b");                                  /* = is text in command mode */
  CMD("x$y", "WORD x$y");
  CMD("f (1) {2}", "WORD f|LPAREN (|NUM 1|RPAREN )|LBRACE {|NUM 2|RBRACE }");
}

/* ---------------- positions and flags ---------------- */

static void test_positions(void **state) {
  (void)state;
  const char *src = "ab  cd\n  \xE2\x80\x93x y";
  lexer L;
  lex_init(&L, src, strlen(src));
  token a = lex_next(&L, LM_CMD);
  assert_int_equal(a.pos, 0); assert_int_equal(a.len, 2);
  assert_int_equal(a.line, 1); assert_int_equal(a.col, 1);
  assert_true(a.ws_before);                                /* start of line counts */
  token c = lex_next(&L, LM_CMD);
  assert_int_equal(c.pos, 4); assert_int_equal(c.col, 5);
  token nl = lex_next(&L, LM_CMD);
  assert_int_equal(nl.kind, TK_NEWLINE);
  token p = lex_next(&L, LM_CMD);
  assert_int_equal(p.kind, TK_PARAM);
  assert_int_equal(p.line, 2); assert_int_equal(p.col, 3);
  token y = lex_next(&L, LM_CMD);
  assert_int_equal(y.col, 6);                              /* columns count characters, not bytes */
  assert_int_equal(y.pos, strlen("ab  cd\n  \xE2\x80\x93x "));
  /* peek does not move */
  lex_init(&L, "a b", 3);
  token p1 = lex_peek(&L, LM_CMD), p2 = lex_peek(&L, LM_CMD);
  assert_int_equal(p1.pos, p2.pos);
  token n1 = lex_next(&L, LM_CMD);
  assert_int_equal(n1.pos, p1.pos);
  token b = lex_next(&L, LM_CMD);
  assert_true(b.ws_before);
  lex_init(&L, "$a.b", 4);
  lex_next(&L, LM_EXPR);
  assert_false(lex_next(&L, LM_EXPR).ws_before);          /* '.' right after $a */
  int line, col;
  lex_init(&L, src, strlen(src));
  lex_position(&L, strlen("ab  cd\n  \xE2\x80\x93"), &line, &col);
  assert_int_equal(line, 2); assert_int_equal(col, 4);
  /* a UTF-8 byte order mark is skipped */
  token bom = first("\xEF\xBB\xBFGet-X", LM_CMD);
  assert_int_equal(bom.kind, TK_WORD);
  assert_int_equal(bom.pos, 3);
}

/* ---------------- errors ---------------- */

static void test_errors(void **state) {
  (void)state;
  assert_non_null(lex_error("'abc", LM_EXPR));
  assert_non_null(strstr(lex_error("'abc", LM_EXPR), "'"));
  assert_non_null(lex_error("\"abc", LM_CMD));
  assert_non_null(strstr(lex_error("\"abc", LM_CMD), "\""));
  assert_non_null(lex_error("\xE2\x80\x9C" "abc", LM_EXPR));
  assert_non_null(lex_error("'it''", LM_EXPR));            /* '' is a quote, not the end */
  assert_non_null(lex_error("a <# open", LM_CMD));
  assert_non_null(lex_error("${abc", LM_EXPR));
  assert_null(lex_error("'ok' \"ok\" <# ok #>", LM_EXPR));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_numbers),
    cmocka_unit_test(test_variables),
    cmocka_unit_test(test_operators),
    cmocka_unit_test(test_parameters),
    cmocka_unit_test(test_dashes),
    cmocka_unit_test(test_quotes),
    cmocka_unit_test(test_string_escapes),
    cmocka_unit_test(test_comments),
    cmocka_unit_test(test_herestrings),
    cmocka_unit_test(test_barewords),
    cmocka_unit_test(test_positions),
    cmocka_unit_test(test_errors),
  };
  return cmocka_run_group_tests_name("lex", tests, NULL, NULL);
}
