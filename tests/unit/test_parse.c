/* test_parse.c — cmocka tests of shell/parse.c. Each script is parsed and its AST printed
 * as a compact S-expression, compared with the expected text:
 *   KIND[name]<op>(kids... a b c)   CONST as 1, 1.5, 'text', $true, $null;  VAR as $name
 * (children in that order, absent ones omitted). Errors are checked by id, line, column and
 * the incomplete flag. Every arena is freed; the last check is that no value leaked. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

/* ---------------- helpers ---------------- */

typedef struct buf { char s[8192]; size_t n; } buf;
static void put(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(buf *b, const char *fmt, ...) {
  va_list ap; va_start(ap, fmt);
  int k = vsnprintf(b->s + b->n, sizeof b->s - b->n, fmt, ap);
  va_end(ap);
  if (k > 0) b->n += (size_t)k;
  if (b->n >= sizeof b->s) b->n = sizeof b->s - 1;
}

static void dump(buf *b, const node *n) {
  if (!n) { put(b, "-"); return; }
  if (n->kind == N_CONST) {
    xv v = n->val;
    switch (v.kind) {
    case XV_INT: put(b, "%lld", (long long)v.u.i); return;
    case XV_DBL: put(b, "%g", v.u.d); return;
    case XV_STR: put(b, "'%s'", xv_str_b(v)); return;
    case XV_BOOL: put(b, v.u.b ? "$true" : "$false"); return;
    case XV_NULL: put(b, "$null"); return;
    default: put(b, "CONST?"); return;
    }
  }
  if (n->kind == N_VAR) { put(b, "$%s", n->name); return; }
  put(b, "%s", parse_node_name((nkind)n->kind));
  if (n->name) put(b, "[%s]", n->name);
  if (n->op && *n->op) put(b, "<%s>", n->op);
  if (n->flags) put(b, "#%d", n->flags);
  if (n->colon) put(b, ":");
  if (n->kind == N_SCRIPTBLOCK && n->val.kind == XV_STR) put(b, "'%s'", xv_str_b(n->val));
  const node *sub[3] = {n->a, n->b, n->c};
  if (!n->nkids && !sub[0] && !sub[1] && !sub[2]) return;
  put(b, "(");
  bool sp = false;
  for (int i = 0; i < n->nkids; i++) { if (sp) put(b, " "); dump(b, n->kids[i]); sp = true; }
  for (int i = 0; i < 3; i++) if (sub[i]) { if (sp) put(b, " "); dump(b, sub[i]); sp = true; }
  put(b, ")");
}

/* parses src and returns its dump (static), or "ERROR <id>" */
static const char *ast(const char *src) {
  static buf b;
  b.n = 0; b.s[0] = 0;
  arena *A = NULL;
  parse_error e;
  node *root = parse_script(src, strlen(src), &A, &e);
  if (!root) { put(&b, "ERROR %s at %d:%d: %s", e.id, e.line, e.col, e.msg); return b.s; }
  dump(&b, root);
  arena_free(A);
  return b.s;
}
#define AST(src, want) assert_string_equal(ast(src), want)

/* parses src and expects the error id at line:col, with the incomplete flag */
static void perr(const char *src, const char *id, int line, int col, bool incomplete) {
  arena *A = (arena *)1;
  parse_error e;
  node *root = parse_script(src, strlen(src), &A, &e);
  if (root) { print_error("parsed without error: %s\n", src); arena_free(A); }
  assert_null(root);
  assert_null(A);
  if (strcmp(e.id, id) || e.line != line || e.col != col || e.incomplete != incomplete)
    print_error("%s: got %s at %d:%d incomplete=%d (%s)\n", src, e.id, e.line, e.col, e.incomplete, e.msg);
  assert_string_equal(e.id, id);
  assert_int_equal(e.line, line);
  assert_int_equal(e.col, col);
  assert_int_equal(e.incomplete, incomplete);
  assert_true(e.msg[0] != 0);
}

/* ---------------- pipelines and commands ---------------- */

static void test_pipeline(void **state) {
  (void)state;
  AST("a | b -x 1 y", "BLOCK(PIPELINE(COMMAND[a] COMMAND[b](CPARAM[x] 1 'y')))");
  AST("Get-SystemMessage", "BLOCK(PIPELINE(COMMAND[Get-SystemMessage]))");
  AST("a -Name:$false", "BLOCK(PIPELINE(COMMAND[a](CPARAM[Name]:($false))))");
  AST("a \xE2\x80\x93Name x", "BLOCK(PIPELINE(COMMAND[a](CPARAM[Name] 'x')))");
  AST("a 5.4.8,5.4.6 10MB", "BLOCK(PIPELINE(COMMAND[a](ARRAY('5.4.8' '5.4.6') 10485760)))");
  AST("a en\\External\\5.7.1", "BLOCK(PIPELINE(COMMAND[a]('en\\External\\5.7.1')))");
  AST("'x','y' | % Length", "BLOCK(PIPELINE(ARRAY('x' 'y') COMMAND[%]('Length')))");
  AST("& $f 1", "BLOCK(PIPELINE(COMMAND(1 $f)))");
  AST("a; b\nc", "BLOCK(PIPELINE(COMMAND[a]) PIPELINE(COMMAND[b]) PIPELINE(COMMAND[c]))");
  AST("a |\n b", "BLOCK(PIPELINE(COMMAND[a] COMMAND[b]))");
  AST("a > out.txt", "BLOCK(PIPELINE(COMMAND[a](BLOCK(REDIR<>>('out.txt')))))");
  AST("a `\n -x", "BLOCK(PIPELINE(COMMAND[a](CPARAM[x])))");
  AST("a (1 + 2)", "BLOCK(PIPELINE(COMMAND[a](PAREN(BINOP<+>(1 2)))))");
  AST("a $x.Name", "BLOCK(PIPELINE(COMMAND[a](MEMBER($x 'Name'))))");
}

/* ---------------- expressions ---------------- */

static void test_precedence(void **state) {
  (void)state;
  AST("1 + 2 * 3", "BLOCK(BINOP<+>(1 BINOP<*>(2 3)))");
  AST("(1 + 2) * 3", "BLOCK(BINOP<*>(PAREN(BINOP<+>(1 2)) 3))");
  AST("1 - 2 - 3", "BLOCK(BINOP<->(BINOP<->(1 2) 3))");        /* left associative */
  AST("-not $a -eq $b", "BLOCK(BINOP<eq>(UNOP<not>($a) $b))");
  AST("!$a", "BLOCK(UNOP<not>($a))");
  AST("1,2 + 3", "BLOCK(BINOP<+>(ARRAY(1 2) 3))");            /* ',' binds tighter than + */
  AST("1..3", "BLOCK(BINOP<..>(1 3))");
  AST("$a -eq 1 -and $b -ne 2", "BLOCK(BINOP<and>(BINOP<eq>($a 1) BINOP<ne>($b 2)))");
  AST("$a -or $b -and $c", "BLOCK(BINOP<and>(BINOP<or>($a $b) $c))");   /* equal precedence */
  AST("'{0}' -f 1 + 2", "BLOCK(BINOP<+>(BINOP<f>('{0}' 1) 2))");
  AST("-5", "BLOCK(-5)");                                     /* folded constant */
  AST("- $x", "BLOCK(UNOP<->($x))");
  AST("1 \xE2\x80\x93" "eq 1", "BLOCK(BINOP<eq>(1 1))");
  AST("$a -like 'x*'", "BLOCK(BINOP<like>($a 'x*'))");
  AST("1.5", "BLOCK(1.5)");
  AST("0x10", "BLOCK(16)");
  AST("$true; $false; $null", "BLOCK($true $false $null)");
}

static void test_assignment(void **state) {
  (void)state;
  AST("$x = 1", "BLOCK(ASSIGN<=>($x 1))");
  AST("$x += 2", "BLOCK(ASSIGN<+=>($x 2))");
  AST("$x = $y = 3", "BLOCK(ASSIGN<=>($x ASSIGN<=>($y 3)))");
  AST("$x = Get-X -A", "BLOCK(ASSIGN<=>($x PIPELINE(COMMAND[Get-X](CPARAM[A]))))");
  AST("$h.Key = 1", "BLOCK(ASSIGN<=>(MEMBER($h 'Key') 1))");
  AST("$a[0] = 1", "BLOCK(ASSIGN<=>(INDEX($a 0) 1))");
  AST("$i++", "BLOCK(ASSIGN<++>($i))");
  AST("$X = 1", "BLOCK(ASSIGN<=>($x 1))");                    /* VAR names are lower case */
  AST("$env:HOME", "BLOCK($env:HOME)");
  AST("$global:g", "BLOCK($g)");
}

static void test_statements(void **state) {
  (void)state;
  AST("if ($a) { 1 } elseif ($b) { 2 } else { 3 }",
      "BLOCK(IF($a BLOCK(1) $b BLOCK(2) BLOCK(3)))");
  AST("if ($a)\n{\n 1\n}\nelse\n{\n 2\n}", "BLOCK(IF($a BLOCK(1) BLOCK(2)))");
  AST("if ($a) { }", "BLOCK(IF($a BLOCK))");
  AST("foreach ($i in 1..3) { $i }", "BLOCK(FOREACH[i](BINOP<..>(1 3) BLOCK($i)))");
  AST("foreach-object { $_ }", "BLOCK(PIPELINE(COMMAND[foreach-object](SCRIPTBLOCK' $_ '(BLOCK($_)))))");
  AST("while ($i -lt 3) { $i++ }", "BLOCK(WHILE(BINOP<lt>($i 3) BLOCK(ASSIGN<++>($i))))");
  AST("do { 1 } until ($x)", "BLOCK(WHILE#2($x BLOCK(1)))");
  AST("for ($i = 0; $i -lt 2; $i++) { }",
      "BLOCK(FOR(BLOCK ASSIGN<=>($i 0) BINOP<lt>($i 2) ASSIGN<++>($i)))");
  AST("return 1", "BLOCK(RETURN(1))");
  AST("exit", "BLOCK(EXIT)");
  AST("throw 'x'", "BLOCK(THROW('x'))");
  AST("break", "BLOCK(BREAK)");
}

static void test_function(void **state) {
  (void)state;
  AST("function f { param($a, [switch]$c, [int]$b = 2) $a }",
      "BLOCK(FUNCDEF[f](BLOCK($a PARAMBLOCK(PARAMDECL[a] PARAMDECL[c]<switch>#2 PARAMDECL[b]<int>(2)))))");
  AST("function g($x) { $x }", "BLOCK(FUNCDEF[g](BLOCK($x PARAMBLOCK(PARAMDECL[x]))))");
  AST("function h {\n param(\n  [Parameter(Mandatory=$true)][string]$n\n )\n}",
      "BLOCK(FUNCDEF[h](BLOCK(PARAMBLOCK(PARAMDECL[n]<string>#1))))");
  AST("param($p)\n$p", "BLOCK($p PARAMBLOCK(PARAMDECL[p]))");  /* a script's param block */
}

static void test_literals(void **state) {
  (void)state;
  AST("@{a = 1; 'b c' = 'x'\n d = 2 + 3}",
      "BLOCK(HASH('a' 1 'b c' 'x' 'd' BINOP<+>(2 3)))");
  AST("@{}", "BLOCK(HASH)");
  AST("{ $_ * 2 }", "BLOCK(SCRIPTBLOCK' $_ * 2 '(BLOCK(BINOP<*>($_ 2))))");
  AST("{}", "BLOCK(SCRIPTBLOCK''(BLOCK))");
  AST("\"a $x $(1+1) b\"", "BLOCK(EXPSTR('a ' $x ' ' SUBEXPR(BLOCK(BINOP<+>(1 1))) ' b'))");
  AST("\"plain\"", "BLOCK('plain')");
  AST("\"t`tab `\"q`\" \"\"\"", "BLOCK('t\tab \"q\" \"')");
  AST("\"${a b}!\"", "BLOCK(EXPSTR($a b '!'))");
  AST("\"$env:HOME/x\"", "BLOCK(EXPSTR($env:HOME '/x'))");
  AST("'it''s $x'", "BLOCK('it's $x')");
  AST("\xE2\x80\x98" "curly\xE2\x80\x99", "BLOCK('curly')");
  AST("\xE2\x80\x9C" "dq $x\xE2\x80\x9D", "BLOCK(EXPSTR('dq ' $x))");
  AST("@'\nline1\n  $x\n'@", "BLOCK('line1\n  $x')");
  AST("@\"\nv=$v\n\"@", "BLOCK(EXPSTR('v=' $v))");
  AST("@(1)", "BLOCK(ARREXPR(BLOCK(1)))");
  AST("$(1; 2)", "BLOCK(SUBEXPR(BLOCK(1 2)))");
  AST("[int]'5'", "BLOCK(CAST<int>('5'))");
  AST("[string]", "BLOCK(TYPE<string>)");
}

static void test_postfix(void **state) {
  (void)state;
  AST("$x.Name", "BLOCK(MEMBER($x 'Name'))");
  AST("$x.Name.Length", "BLOCK(MEMBER(MEMBER($x 'Name') 'Length'))");
  AST("$s.Split('-')", "BLOCK(INVOKE[Split]('-' $s))");
  AST("$s.ToUpper()", "BLOCK(INVOKE[ToUpper]($s))");
  AST("$a[0]", "BLOCK(INDEX($a 0))");
  AST("$a[-1].Text", "BLOCK(MEMBER(INDEX($a -1) 'Text'))");
  AST("(Get-X).Count", "BLOCK(MEMBER(PAREN(PIPELINE(COMMAND[Get-X])) 'Count'))");
  AST("$x.$y", "BLOCK(MEMBER($x $y))");
  AST("$x.'a b'", "BLOCK(MEMBER($x 'a b'))");
  AST("$h['k']", "BLOCK(INDEX($h 'k'))");
}

static void test_spans(void **state) {
  (void)state;
  const char *src = "a\n  $x + 1";
  arena *A;
  parse_error e;
  node *b = parse_script(src, strlen(src), &A, &e);
  assert_non_null(b);
  assert_int_equal(b->nkids, 2);
  node *bin = b->kids[1];
  assert_int_equal(bin->kind, N_BINOP);
  assert_int_equal(bin->line, 2);
  assert_int_equal(bin->col, 3);
  assert_int_equal(bin->pos, 4);
  assert_int_equal(bin->a->pos, 4);
  assert_int_equal(bin->a->end, 6);
  assert_int_equal(bin->b->col, 8);
  arena_free(A);
}

/* ---------------- errors ---------------- */

static void test_errors(void **state) {
  (void)state;
  perr("(1 + 2", "MissingEndParenthesisInExpression", 1, 7, true);
  perr("$(1", "MissingEndParenthesisInSubexpression", 1, 4, true);
  perr("\"abc", "TerminatorExpectedAtEndOfString", 1, 1, true);
  perr("x = 'abc", "TerminatorExpectedAtEndOfString", 1, 5, true);
  perr("1 )", "UnexpectedToken", 1, 3, false);
  perr("}", "UnexpectedToken", 1, 1, false);
  perr("$a = 1 2", "UnexpectedToken", 1, 8, false);
  perr("1 |", "EmptyPipeElement", 1, 4, true);
  perr("a |\n", "EmptyPipeElement", 2, 1, true);
  perr("a | 1", "ExpressionsMustBeFirstInPipeline", 1, 5, false);
  perr("a | $x", "ExpressionsMustBeFirstInPipeline", 1, 5, false);
  perr("1 +", "ExpectedValueExpression", 1, 4, true);
  perr("1 = 2", "InvalidLeftHandSide", 1, 3, false);
  perr("foreach ($a 1..3) { }", "MissingInInForeach", 1, 13, false);
  perr("@{a 1}", "MissingEqualsInHashLiteral", 1, 5, false);
  perr("if (1) { 1 }\nelse", "MissingStatementBlock", 2, 5, true);
  /* a missing '}' says so wherever the input ends */
  perr("if ($a) {\n 1", "MissingEndCurlyBrace", 1, 9, true);
  perr("function f {", "MissingEndCurlyBrace", 1, 12, true);
  perr("@{a = 1", "MissingEndCurlyBrace", 1, 8, true);
  perr("{ a", "MissingEndCurlyBrace", 1, 1, true);
}

/* Regression (fixed): MissingEndCurlyBrace is placed where the input ends; PowerShell places it on the '{'
 * left open (StatementBlockRule reports lCurly.Extent): `if ($a) {` → line 1 char 9.
 * Disabled until parse.c is fixed (see the report). */
static void test_error_brace_position(void **state) {
  (void)state;
  perr("if ($a) {\n 1", "MissingEndCurlyBrace", 1, 9, true);
  perr("{ a", "MissingEndCurlyBrace", 1, 1, true);
}

/* Regression (fixed): a parameter's default value swallows the parameters after it: parse_param_block
 * parses the default with parse_expr, whose ',' makes an array. PowerShell turns the comma
 * operator off there: param($a = 1, $b) declares two parameters. */
static void test_param_default_comma(void **state) {
  (void)state;
  AST("function f { param($a = 1, $b) }",
      "BLOCK(FUNCDEF[f](BLOCK(PARAMBLOCK(PARAMDECL[a](1) PARAMDECL[b]))))");
}

/* Regression (fixed): method arguments are parsed with parse_expr, whose ',' makes one array argument:
 * 'abc'.Replace('a', 'b') calls Replace with one argument (MethodNotFound at run time);
 * PowerShell passes two. */
static void test_method_args_comma(void **state) {
  (void)state;
  AST("$s.Replace('a', 'b')", "BLOCK(INVOKE[Replace]('a' 'b' $s))");
}

/* Regression (fixed): `a | | b` reports ExpressionsMustBeFirstInPipeline; PowerShell reports
 * EmptyPipeElement ("An empty pipe element is not allowed.") on the second '|'. */
static void test_error_double_pipe(void **state) {
  (void)state;
  perr("a | | b", "EmptyPipeElement", 1, 5, false);
}

static void test_too_deep(void **state) {
  (void)state;
  enum { N = 100000 };
  const char *open[] = {"(", "{", "@(", "$(", "@{a=", "-not ", "[int]"};
  const char *close[] = {")", "}", ")", ")", "}", "", ""};
  for (int k = 0; k < 7; k++) {
    size_t ol = strlen(open[k]), cl = strlen(close[k]);
    char *s = malloc(N * (ol + cl) + 2);
    size_t n = 0;
    for (int i = 0; i < N; i++) { memcpy(s + n, open[k], ol); n += ol; }
    s[n++] = '1';
    for (int i = 0; i < N; i++) { memcpy(s + n, close[k], cl); n += cl; }
    s[n] = 0;
    arena *A = (arena *)1;
    parse_error e;
    node *root = parse_script(s, n, &A, &e);
    if (root) print_error("parsed: %s...1...%s\n", open[k], close[k]);
    assert_null(root);
    assert_null(A);
    assert_string_equal(e.id, "ScriptTooDeeplyNested");
    assert_false(e.incomplete);
    assert_int_equal(e.line, 1);
    free(s);
  }
  /* unclosed too: still a clean error */
  char *s = malloc(N + 1);
  memset(s, '(', N); s[N] = 0;
  arena *A;
  parse_error e;
  assert_null(parse_script(s, N, &A, &e));
  assert_string_equal(e.id, "ScriptTooDeeplyNested");
  free(s);
  /* a modest depth is fine */
  AST("((((((((((1))))))))))", "BLOCK(PAREN(PAREN(PAREN(PAREN(PAREN(PAREN(PAREN(PAREN(PAREN(PAREN(1)))))))))))");
}

static void test_no_leak(void **state) {
  (void)state;
  assert_int_equal(xv_live_count(), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_pipeline),
    cmocka_unit_test(test_precedence),
    cmocka_unit_test(test_assignment),
    cmocka_unit_test(test_statements),
    cmocka_unit_test(test_function),
    cmocka_unit_test(test_literals),
    cmocka_unit_test(test_postfix),
    cmocka_unit_test(test_spans),
    cmocka_unit_test(test_errors),
    cmocka_unit_test(test_too_deep),
    cmocka_unit_test(test_no_leak),
  };
  /* regressions: bugs these tests found, since fixed */
  const struct CMUnitTest bugs[] = {
    cmocka_unit_test(test_error_brace_position),
    cmocka_unit_test(test_error_double_pipe),
    cmocka_unit_test(test_param_default_comma),
    cmocka_unit_test(test_method_args_comma),
  };
  int failed = cmocka_run_group_tests_name("parse", tests, NULL, NULL);
  failed += cmocka_run_group_tests_name("parse-bugs", bugs, NULL, NULL);
  return failed;
}
