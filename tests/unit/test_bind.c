/* test_bind.c — cmocka tests of shell/bind.c, driven through the real evaluator: each case
 * runs a script with eval_script_text() (store in a fresh temporary folder, non-interactive)
 * with stdout and stderr captured, and checks the output and the binding error text:
 * name prefixes and aliases, ambiguity, unknown names, positions, switches, missing and
 * repeated arguments, parameter sets, enum conversion, mandatory parameters and pipeline
 * input by value and by property name. The last test frees the interpreter and checks
 * that no value is alive. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interp.h"

void store_close(struct store *s);

/* ---------------- helpers ---------------- */

static char out[65536], err[65536];   /* what the last run wrote */
static char tmpdir[] = "/tmp/exsh-test-bind-XXXXXX";

static void slurp(FILE *f, char *buf, size_t cap) {
  rewind(f);
  size_t n = fread(buf, 1, cap - 1, f);
  buf[n] = 0;
  fclose(f);
}

/* runs src as a top-level script; its output and errors land in out/err */
static int run(const char *src) {
  FILE *fo = tmpfile(), *fe = tmpfile();
  assert_non_null(fo); assert_non_null(fe);
  fflush(stdout); fflush(stderr);
  int so = dup(1), se = dup(2);
  dup2(fileno(fo), 1); dup2(fileno(fe), 2);
  I->terminating = false;
  int st = eval_script_text(src, strlen(src), "t", NULL, true);
  fflush(stdout); fflush(stderr);
  dup2(so, 1); dup2(se, 2);
  close(so); close(se);
  slurp(fo, out, sizeof out);
  slurp(fe, err, sizeof err);
  return st;
}

static void has(const char *text, const char *needle) {
  if (!strstr(text, needle)) print_error("expected \"%s\" in:\n%s\n", needle, text);
  assert_non_null(strstr(text, needle));
}
/* runs src: no error, output exactly want */
static void ok(const char *src, const char *want) {
  run(src);
  if (err[0]) print_error("%s\nunexpected errors:\n%s\n", src, err);
  assert_string_equal(err, "");
  assert_string_equal(out, want);
}
/* runs src: an error record with FullyQualifiedErrorId id (",Class" follows) and text */
static void fails(const char *src, const char *id, const char *text) {
  run(src);
  char fq[128];
  snprintf(fq, sizeof fq, "FullyQualifiedErrorId : %s,", id);
  has(err, fq);
  if (text) has(err, text);
}

static int setup(void **state) {
  (void)state;
  assert_non_null(mkdtemp(tmpdir));
  interp_init();
  I->store_dir = strdup(tmpdir);
  I->noninteractive = true;
  I->color = false;
  return 0;
}
static int teardown(void **state) {
  (void)state;
  char cmd[256];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  return system(cmd) == 0 ? 0 : -1;
}

/* ---------------- names ---------------- */

static void test_prefix(void **state) {
  (void)state;
  ok("Get-SystemMessage -Or | Select-Object -First 1 | ForEach-Object Identity", "en\\internal\\5.0.0\n");
  ok("Get-SystemMessage -ORIGINAL | Select-Object -Fi 1 | ForEach-Object Identity", "en\\internal\\5.0.0\n");
  ok("'a','b','c' | Select-Object -L 1", "c\n");
}

static void test_alias(void **state) {
  (void)state;
  /* -ea is ErrorAction's alias, though "e" prefixes both ErrorAction and ErrorVariable */
  ok("Get-SystemMessage en\\internal\\5.1.9 -ea SilentlyContinue; 'after'", "after\n");
  run("Get-SystemMessage en\\internal\\5.1.9 -ErrorAction Stop; 'not reached'");
  has(err, "couldn't be found");
  assert_null(strstr(out, "not reached"));
  /* and without it the error is non-terminating */
  run("Get-SystemMessage en\\internal\\5.1.9; 'after'");
  has(err, "couldn't be found");
  assert_string_equal(out, "after\n");
}

static void test_ambiguous(void **state) {
  (void)state;
  fails("Select-Object -Ex x", "AmbiguousParameter",
        "Parameter cannot be processed because the parameter name 'Ex' is ambiguous. "
        "Possible matches include: -ExcludeProperty -ExpandProperty.");
  fails("Get-SystemMessage -Er x", "AmbiguousParameter", "Possible matches include: -ErrorAction -ErrorVariable.");
  has(err, "[Get-SystemMessage], ParameterBindingException");
}

static void test_unknown(void **state) {
  (void)state;
  fails("Get-SystemMessage -Bogus 1", "NamedParameterNotFound",
        "A parameter cannot be found that matches parameter name 'Bogus'.");
  has(err, "NamedParameterNotFound,Microsoft.Exchange.Management.Dsn.GetSystemMessage");
  /* -WhatIf exists only where the cmdlet supports ShouldProcess */
  fails("Get-SystemMessage -WhatIf", "NamedParameterNotFound", "'WhatIf'");
  assert_string_equal(out, "");                           /* the command did not run */
}

/* ---------------- positions and switches ---------------- */

static void test_positional(void **state) {
  (void)state;
  ok("New-SystemMessage -DsnCode 5.1.1 -Internal $true -Language en -Text hello | Out-Null", "");
  ok("Get-SystemMessage en\\internal\\5.1.1 | ForEach-Object Text", "hello\n");
  ok("'x' | Select-Object -First 1", "x\n");
  fails("Select-Object Name extra", "PositionalParameterNotFound",
        "A positional parameter cannot be found that accepts argument 'extra'.");
}

static void test_switch(void **state) {
  (void)state;
  ok("3,1,2 | Sort-Object -Descending", "3\n2\n1\n");
  ok("3,1,2 | Sort-Object -Descending:$true", "3\n2\n1\n");
  ok("3,1,2 | Sort-Object -Descending:$false", "1\n2\n3\n");
  ok("3,1,2 | Sort-Object -Descending:0", "1\n2\n3\n");
  fails("3,1,2 | Sort-Object -Descending:'maybe'", "CannotConvertArgumentNoMessage",
        "Boolean parameters accept only Boolean values and numbers");
}

/* Regression (fixed): Get-SystemMessage -Original:$false lists the built-in texts, as -Original does;
 * PowerShell binds the switch as not present, so it lists the custom messages (none here).
 * get_sysmsg_process (cmdlets/systemmessage.c) tests the set, not xctx_switch("Original"). */
static void test_switch_false_original(void **state) {
  (void)state;
  ok("(Get-SystemMessage -Original:$false | Measure-Object).Count -eq (Get-SystemMessage | Measure-Object).Count",
     "True\n");
}

/* ---------------- argument errors ---------------- */

static void test_missing_argument(void **state) {
  (void)state;
  fails("Get-SystemMessage -Identity", "MissingArgument",
        "Missing an argument for parameter 'Identity'. Specify a parameter of type "
        "'Microsoft.Exchange.Configuration.Tasks.SystemMessageIdParameter' and try again.");
  fails("'a' | Select-Object -First -Last 1", "MissingArgument",
        "Missing an argument for parameter 'First'. Specify a parameter of type 'System.Int32' and try again.");
  assert_string_equal(out, "");
}

static void test_twice(void **state) {
  (void)state;
  fails("Get-SystemMessage -Original -Original", "ParameterAlreadyBound",
        "Cannot bind parameter because parameter 'Original' is specified more than once.");
  fails("'a' | Select-Object -First 1 -Fi 2", "ParameterAlreadyBound", "'First'");
}

static void test_parameter_set(void **state) {
  (void)state;
  fails("New-SystemMessage -DsnCode 5.1.1 -QuotaMessageType WarningMailbox -Language en -Text x",
        "AmbiguousParameterSet", "Parameter set cannot be resolved using the specified named parameters.");
  fails("Get-SystemMessage -Original -Identity en\\internal\\5.1.1", "AmbiguousParameterSet", NULL);
  assert_string_equal(out, "");
}

static void test_enum(void **state) {
  (void)state;
  fails("Set-TransportConfig -DSNConversionMode Bad", "CannotConvertArgumentNoMessage",
        "Cannot bind parameter 'DSNConversionMode'. Cannot convert value \"Bad\" to type "
        "\"Microsoft.Exchange.Data.Directory.SystemConfiguration.DSNConversionOption\". Error: "
        "\"Unable to match the identifier name Bad to a valid enumerator name. Specify one of the "
        "following enumerator names and try again: UseExchangeDSNs, PreserveDSNBody, DoNotConvert\"");
  has(err, "(Bad:String)");
  fails("Set-TransportConfig -DSNConversionMode Preserve", "CannotConvertArgumentNoMessage", "Preserve");
  ok("Set-TransportConfig -DSNConversionMode preservedsnbody; (Get-TransportConfig).DSNConversionMode",
     "PreserveDSNBody\n");                                /* any case, stored canonical */
  ok("Set-TransportConfig -DSNConversionMode UseExchangeDSNs", "");
}

static void test_mandatory(void **state) {
  (void)state;
  fails("New-SystemMessage -Text x", "MissingMandatoryParameter",
        "Cannot process command because of one or more missing mandatory parameters: DsnCode Internal Language.");
  fails("Set-SystemMessage", "MissingMandatoryParameter", "Identity");
}

/* ---------------- pipeline input ---------------- */

static void test_pipeline_by_value(void **state) {
  (void)state;
  ok("'a','bb' | ForEach-Object Length", "1\n2\n");
  ok("'en\\internal\\5.1.1' | Get-SystemMessage | ForEach-Object Text", "hello\n");
}

static void test_pipeline_by_property(void **state) {
  (void)state;
  ok("[pscustomobject]@{Identity = 'en\\internal\\5.1.1'; Other = 1} | Get-SystemMessage | ForEach-Object Text",
     "hello\n");
  ok("Get-SystemMessage en\\internal\\5.1.1 | Get-SystemMessage | ForEach-Object Identity",
     "en\\internal\\5.1.1\n");
}

static void test_input_not_bound(void **state) {
  (void)state;
  /* New-SystemMessage takes no pipeline input: each object is an error, the rest goes on */
  fails("1 | New-SystemMessage -DsnCode 5.1.2 -Internal $true -Language en -Text x; 'after'",
        "InputObjectNotBound",
        "The input object cannot be bound to any parameters for the command either because the "
        "command does not take pipeline input or the input and its properties do not match any of "
        "the parameters that take pipeline input.");
  assert_string_equal(out, "after\n");
  ok("Get-SystemMessage en\\internal\\5.1.2 -ea SilentlyContinue | Measure-Object | ForEach-Object Count",
     "0\n");                                              /* nothing was created */
}

static void test_finish(void **state) {
  (void)state;
  if (I->store) store_close(I->store);
  interp_free();
  if (xv_live_count()) print_error("%ld values alive\n", xv_live_count());
  assert_int_equal(xv_live_count(), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_prefix),
    cmocka_unit_test(test_alias),
    cmocka_unit_test(test_ambiguous),
    cmocka_unit_test(test_unknown),
    cmocka_unit_test(test_positional),
    cmocka_unit_test(test_switch),
    cmocka_unit_test(test_missing_argument),
    cmocka_unit_test(test_twice),
    cmocka_unit_test(test_parameter_set),
    cmocka_unit_test(test_enum),
    cmocka_unit_test(test_mandatory),
    cmocka_unit_test(test_pipeline_by_value),
    cmocka_unit_test(test_pipeline_by_property),
    cmocka_unit_test(test_input_not_bound),
    cmocka_unit_test(test_switch_false_original),   /* regression: -Original:$false */
    cmocka_unit_test(test_finish),
  };
  return cmocka_run_group_tests_name("bind", tests, setup, teardown);
}
