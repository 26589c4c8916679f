/* test_value.c — cmocka tests of shell/value.c: refcounting and copy-on-write, strings,
 * arrays, the ordered case-insensitive bags (DICT/OBJ) with and without their hash index,
 * in-place (reference) writes, and PowerShell's conversions: truthiness, to-string,
 * number parsing, -eq and ordering with the left operand's type leading.
 * Every test checks that it leaves no value alive (teardown). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value.h"

/* ---------------- helpers ---------------- */

/* values alive before the test (0 unless an earlier test failed and leaked) */
static long baseline;
static int mark(void **state) { (void)state; baseline = xv_live_count(); return 0; }
static int no_leak(void **state) {
  (void)state;
  long n = xv_live_count() - baseline;
  if (n) print_error("%ld values alive after the test\n", n);
  assert_int_equal(n, 0);
  return 0;
}

/* consumes v; its string conversion must be want */
static void str_is(xv v, const char *want) {
  xv s = xv_to_str(v);
  assert_int_equal(s.kind, XV_STR);
  assert_string_equal(xv_str_b(s), want);
  xv_free(s);
}

static xv ints(int n, ...) {
  va_list ap; va_start(ap, n);
  xv a = xv_arr();
  for (int i = 0; i < n; i++) a = xv_arr_push(a, xv_int(va_arg(ap, int)));
  va_end(ap);
  return a;
}

/* parses s as a number: expects kind INT with value i */
static void num_int(const char *s, int64_t want) {
  xv n = xv_null();
  bool ok = xv_to_num(xv_str(s), &n);
  if (!ok) print_error("\"%s\" did not convert\n", s);
  assert_true(ok);
  assert_int_equal(n.kind, XV_INT);
  assert_int_equal(n.u.i, want);
}
static void num_dbl(const char *s, double want) {
  xv n = xv_null();
  bool ok = xv_to_num(xv_str(s), &n);
  assert_true(ok);
  assert_int_equal(n.kind, XV_DBL);
  assert_true(fabs(n.u.d - want) < 1e-9);
}
static void num_bad(const char *s) {
  xv n = xv_null();
  bool ok = xv_to_num(xv_str(s), &n);
  if (ok) print_error("\"%s\" converted, but PowerShell refuses it\n", s);
  assert_false(ok);
}

/* -eq with borrowed operands, freed here */
static bool eq(xv a, xv b) {
  bool r = xv_eq_b(a, b, true);
  xv_free(a); xv_free(b);
  return r;
}
static int cmp(xv a, xv b, bool *ok) {
  int r = xv_cmp_b(a, b, true, ok);
  xv_free(a); xv_free(b);
  return r;
}

/* ---------------- references and copy-on-write ---------------- */

static void test_refcount(void **state) {
  (void)state;
  xv s = xv_str("hello");
  assert_int_equal(xv_live_count() - baseline, 1);
  xv t = xv_copy(s);
  assert_ptr_equal(t.u.h, s.u.h);                 /* a copy shares the storage */
  assert_int_equal(xv_live_count() - baseline, 1);
  xv_free(s);
  assert_int_equal(xv_live_count() - baseline, 1);/* t still holds it */
  assert_string_equal(xv_str_b(t), "hello");
  xv_free(t);
  assert_int_equal(xv_live_count() - baseline, 0);
  /* scalars are not counted */
  xv_free(xv_copy(xv_int(3)));
  xv_free(xv_bool(true));
  xv_free(xv_null());
  assert_int_equal(xv_live_count() - baseline, 0);
}

static void test_cow_array(void **state) {
  (void)state;
  xv a = ints(3, 1, 2, 3);
  xv b = xv_copy(a);
  b = xv_arr_push(b, xv_int(4));                  /* shared: b is cloned first */
  b = xv_arr_set(b, 0, xv_str("x"));
  assert_int_equal(xv_len_b(a), 3);
  assert_int_equal(xv_arr_get_b(a, 0).kind, XV_INT);
  assert_int_equal(xv_arr_get_b(a, 0).u.i, 1);
  assert_int_equal(xv_len_b(b), 4);
  assert_string_equal(xv_str_b(xv_arr_get_b(b, 0)), "x");
  assert_ptr_not_equal(a.u.h, b.u.h);
  /* an unshared array is mutated in place */
  void *before = b.u.h;
  b = xv_arr_push(b, xv_int(5));
  assert_ptr_equal(b.u.h, before);
  xv_free(a); xv_free(b);
}

static void test_cow_nested(void **state) {
  (void)state;
  /* the clone shares items: changing the inner array through the copy clones it too */
  xv inner = ints(2, 1, 2);
  xv outer = xv_arr_push(xv_arr(), inner);
  xv copy = xv_copy(outer);
  xv in2 = xv_copy(xv_arr_get_b(copy, 0));
  in2 = xv_arr_push(in2, xv_int(3));
  copy = xv_arr_set(copy, 0, in2);
  assert_int_equal(xv_len_b(xv_arr_get_b(outer, 0)), 2);
  assert_int_equal(xv_len_b(xv_arr_get_b(copy, 0)), 3);
  xv_free(outer); xv_free(copy);
}

static void test_cow_dict(void **state) {
  (void)state;
  xv d = xv_set(xv_dict(), "a", xv_int(1));
  xv e = xv_copy(d);
  e = xv_set(e, "a", xv_int(2));
  e = xv_set(e, "b", xv_int(3));
  assert_int_equal(xv_get_b(d, "a").u.i, 1);
  assert_false(xv_has_b(d, "b"));
  assert_int_equal(xv_get_b(e, "a").u.i, 2);
  xv f = xv_copy(d);
  f = xv_del(f, "a");
  assert_true(xv_has_b(d, "a"));
  assert_int_equal(xv_len_b(f), 0);
  xv_free(d); xv_free(e); xv_free(f);
}

/* ---------------- strings ---------------- */

static void test_strings(void **state) {
  (void)state;
  xv s = xv_str("héllo – “x”");                  /* UTF-8 kept byte for byte */
  assert_string_equal(xv_str_b(s), "héllo – “x”");
  assert_int_equal(xv_strlen_b(s), strlen("héllo – “x”"));
  assert_int_equal(xv_len_b(s), xv_strlen_b(s));
  assert_int_equal(xv_kind_b(s), XV_STR);
  assert_string_equal(xv_typename_b(s), "System.String");
  xv_free(s);
  xv n = xv_strn("abcdef", 3);
  assert_string_equal(xv_str_b(n), "abc");
  xv_free(n);
  xv z = xv_strn("a\0b", 3);                     /* embedded NUL: length kept */
  assert_int_equal(xv_strlen_b(z), 3);
  xv_free(z);
  xv f = xv_strf("%s-%d", "x", 42);
  assert_string_equal(xv_str_b(f), "x-42");
  xv_free(f);
  char big[1000];
  memset(big, 'q', sizeof big - 1); big[sizeof big - 1] = 0;
  xv g = xv_strf("<%s>", big);                   /* longer than the small buffer */
  assert_int_equal(xv_strlen_b(g), 1001);
  assert_int_equal(xv_str_b(g)[1000], '>');
  xv_free(g);
  assert_null(xv_str_b(xv_int(1)));
  assert_int_equal(xstrcasecmp("ABC", "abc"), 0);
  assert_true(xstrcasecmp("abc", "abd") < 0);
  assert_int_equal(xstrhash_ci("Identity", 8), xstrhash_ci("IDENTITY", 8));
}

/* ---------------- arrays ---------------- */

static void test_arrays(void **state) {
  (void)state;
  xv a = xv_arr();
  assert_int_equal(xv_len_b(a), 0);
  for (int i = 0; i < 100; i++) a = xv_arr_push(a, xv_int(i));
  assert_int_equal(xv_len_b(a), 100);
  assert_int_equal(xv_arr_get_b(a, 99).u.i, 99);
  assert_int_equal(xv_arr_get_b(a, 100).kind, XV_NULL);   /* beyond the end: $null */
  a = xv_arr_set(a, 5, xv_str("five"));
  assert_string_equal(xv_str_b(xv_arr_get_b(a, 5)), "five");
  a = xv_arr_set(a, 500, xv_str("lost"));                 /* out of range: dropped, no leak */
  assert_int_equal(xv_len_b(a), 100);
  assert_string_equal(xv_typename_b(a), "System.Object[]");
  xv_free(a);
}

/* ---------------- hashtables and objects ---------------- */

static void test_dict_order_and_case(void **state) {
  (void)state;
  xv d = xv_dict();
  d = xv_set(d, "Zeta", xv_int(1));
  d = xv_set(d, "alpha", xv_int(2));
  d = xv_set(d, "Mid", xv_int(3));
  assert_string_equal(xv_key_b(d, 0), "Zeta");            /* insertion order, not sorted */
  assert_string_equal(xv_key_b(d, 1), "alpha");
  assert_string_equal(xv_key_b(d, 2), "Mid");
  assert_null(xv_key_b(d, 3));
  assert_true(xv_has_b(d, "ZETA"));
  assert_int_equal(xv_get_b(d, "ALPHA").u.i, 2);
  d = xv_set(d, "ZETA", xv_int(10));                      /* replace keeps the place and spelling */
  assert_int_equal(xv_len_b(d), 3);
  assert_string_equal(xv_key_b(d, 0), "Zeta");
  assert_int_equal(xv_val_b(d, 0).u.i, 10);
  d = xv_del(d, "alpha");
  assert_int_equal(xv_len_b(d), 2);
  assert_string_equal(xv_key_b(d, 1), "Mid");
  assert_false(xv_has_b(d, "alpha"));
  d = xv_del(d, "absent");                                /* deleting a missing key is a no-op */
  assert_int_equal(xv_len_b(d), 2);
  assert_int_equal(xv_get_b(d, "absent").kind, XV_NULL);
  assert_string_equal(xv_typename_b(d), "System.Collections.Hashtable");
  xv_free(d);
}

static void test_obj(void **state) {
  (void)state;
  xv o = xv_obj("Microsoft.Exchange.Data.SystemMessage");
  o = xv_set(o, "Identity", xv_str("en\\internal\\5.1.1"));
  o = xv_set(o, "Text", xv_str("t"));
  assert_int_equal(xv_kind_b(o), XV_OBJ);
  assert_string_equal(xv_typename_b(o), "Microsoft.Exchange.Data.SystemMessage");
  xv p = xv_copy(o);
  p = xv_settype(p, "Other");                             /* copy-on-write of the type name too */
  assert_string_equal(xv_typename_b(o), "Microsoft.Exchange.Data.SystemMessage");
  assert_string_equal(xv_typename_b(p), "Other");
  assert_string_equal(xv_str_b(xv_get_b(p, "identity")), "en\\internal\\5.1.1");
  xv q = xv_obj(NULL);
  assert_string_equal(xv_typename_b(q), "System.Management.Automation.PSCustomObject");
  xv_free(o); xv_free(p); xv_free(q);
}

/* more than 8 entries: lookups go through the hash index, which must follow every edit */
static void test_dict_many_keys(void **state) {
  (void)state;
  enum { N = 500 };
  char k[32];
  xv d = xv_dict();
  for (int i = 0; i < N; i++) { snprintf(k, sizeof k, "Key%d", i); d = xv_set(d, k, xv_int(i)); }
  assert_int_equal(xv_len_b(d), N);
  for (int i = 0; i < N; i++) {
    snprintf(k, sizeof k, "KEY%d", i);
    assert_true(xv_has_b(d, k));
    assert_int_equal(xv_get_b(d, k).u.i, i);
    snprintf(k, sizeof k, "Key%d", i);
    assert_string_equal(xv_key_b(d, (uint32_t)i), k);      /* order kept */
  }
  assert_false(xv_has_b(d, "Key500"));
  d = xv_set(d, "key250", xv_str("replaced"));
  assert_int_equal(xv_len_b(d), N);
  assert_string_equal(xv_key_b(d, 250), "Key250");
  assert_string_equal(xv_str_b(xv_val_b(d, 250)), "replaced");
  /* delete every even key; the odd ones stay found and in order */
  for (int i = 0; i < N; i += 2) { snprintf(k, sizeof k, "kEy%d", i); d = xv_del(d, k); }
  assert_int_equal(xv_len_b(d), N / 2);
  for (int i = 0; i < N; i++) {
    snprintf(k, sizeof k, "Key%d", i);
    assert_int_equal(xv_has_b(d, k), i % 2 == 1);
  }
  assert_string_equal(xv_key_b(d, 0), "Key1");
  /* a copy-on-write clone of an indexed bag finds everything too */
  xv e = xv_copy(d);
  e = xv_set(e, "New", xv_int(-1));
  assert_int_equal(xv_get_b(e, "key499").u.i, 499);
  assert_int_equal(xv_get_b(e, "NEW").u.i, -1);
  assert_false(xv_has_b(d, "new"));
  /* shrink below the index threshold and grow again */
  for (int i = 1; i < N - 6; i += 2) { snprintf(k, sizeof k, "Key%d", i); d = xv_del(d, k); }
  assert_int_equal(xv_len_b(d), 3);                       /* Key495 Key497 Key499 */
  assert_string_equal(xv_key_b(d, 0), "Key495");
  assert_int_equal(xv_get_b(d, "key499").u.i, 499);
  for (int i = 0; i < 20; i++) { snprintf(k, sizeof k, "again%d", i); d = xv_set(d, k, xv_int(i)); }
  assert_int_equal(xv_get_b(d, "AGAIN19").u.i, 19);
  assert_int_equal(xv_get_b(d, "key495").u.i, 495);
  assert_int_equal(xv_len_b(d), 23);
  xv_free(d); xv_free(e);
}

static void test_set_inplace(void **state) {
  (void)state;
  /* $h = @{}; $g = $h; $g.a = 1  → $h.a is 1 too (reference semantics) */
  xv h = xv_dict();
  xv g = xv_copy(h);
  xv_set_inplace(g, "a", xv_int(1));
  assert_int_equal(xv_get_b(h, "a").u.i, 1);
  xv_set_inplace(h, "A", xv_int(2));                      /* case-insensitive replace */
  assert_int_equal(xv_len_b(g), 1);
  assert_int_equal(xv_get_b(g, "a").u.i, 2);
  for (int i = 0; i < 20; i++) {                          /* across the index threshold */
    char k[16]; snprintf(k, sizeof k, "k%d", i);
    xv_set_inplace(g, k, xv_int(i));
  }
  assert_int_equal(xv_get_b(h, "K19").u.i, 19);
  /* the reference count is unchanged: two frees release it */
  xv_free(g);
  assert_int_equal(xv_live_count() - baseline, 1);
  xv_free(h);
  assert_int_equal(xv_live_count() - baseline, 0);
  /* arrays */
  xv a = ints(2, 1, 2), b = xv_copy(a);
  xv_arr_set_inplace(b, 1, xv_str("two"));
  assert_string_equal(xv_str_b(xv_arr_get_b(a, 1)), "two");
  xv_arr_set_inplace(b, 9, xv_str("lost"));
  xv_free(a); xv_free(b);
  xv_set_inplace(xv_int(1), "x", xv_str("dropped"));      /* not a bag: value freed */
}

static void test_block(void **state) {
  (void)state;
  static const int fake_ast = 0;
  xv b = xv_block(&fake_ast, " $_ * 2 ");
  assert_ptr_equal(xv_block_ast_b(b), &fake_ast);
  assert_string_equal(xv_block_text_b(b), " $_ * 2 ");
  assert_string_equal(xv_typename_b(b), "System.Management.Automation.ScriptBlock");
  str_is(xv_copy(b), " $_ * 2 ");
  assert_true(xv_truthy(b));
}

/* ---------------- truthiness ---------------- */

static void test_truthy(void **state) {
  (void)state;
  assert_false(xv_truthy(xv_null()));
  assert_true(xv_truthy(xv_bool(true)));
  assert_false(xv_truthy(xv_bool(false)));
  assert_false(xv_truthy(xv_int(0)));
  assert_true(xv_truthy(xv_int(-1)));
  assert_false(xv_truthy(xv_dbl(0.0)));
  assert_true(xv_truthy(xv_dbl(0.5)));
  assert_false(xv_truthy(xv_str("")));
  assert_true(xv_truthy(xv_str("0")));            /* a non-empty string, whatever it says */
  assert_true(xv_truthy(xv_str("False")));
  assert_true(xv_truthy(xv_str(" ")));
  assert_false(xv_truthy(xv_arr()));              /* @() */
  assert_false(xv_truthy(ints(1, 0)));            /* @(0): its one element decides */
  assert_true(xv_truthy(ints(1, 7)));
  assert_true(xv_truthy(ints(2, 0, 0)));          /* two or more: true */
  assert_false(xv_truthy(xv_arr_push(xv_arr(), xv_str(""))));
  assert_false(xv_truthy(xv_arr_push(xv_arr(), xv_arr())));   /* ,@() */
  assert_true(xv_truthy(xv_dict()));              /* even an empty hashtable */
  assert_true(xv_truthy(xv_obj(NULL)));
}

/* ---------------- to-string ---------------- */

static void test_to_str(void **state) {
  (void)state;
  str_is(xv_null(), "");
  str_is(xv_bool(true), "True");
  str_is(xv_bool(false), "False");
  str_is(xv_int(-42), "-42");
  str_is(xv_int(INT64_MAX), "9223372036854775807");
  str_is(xv_dbl(1.5), "1.5");
  str_is(xv_dbl(2.0), "2");
  str_is(xv_dbl(-0.25), "-0.25");
  str_is(xv_dbl(1e20), "1E+20");
  str_is(xv_dbl(1.5e-7), "1.5E-07");
  str_is(xv_dbl(123456789012345.0), "123456789012345");
  str_is(xv_dbl(1.0 / 3.0), "0.333333333333333");  /* Windows PowerShell: 15 digits */
  str_is(xv_dbl(INFINITY), "Infinity");
  str_is(xv_dbl(-INFINITY), "-Infinity");
  str_is(xv_dbl(NAN), "NaN");
  str_is(xv_str("as is"), "as is");
  str_is(ints(3, 1, 2, 3), "1 2 3");               /* "$a" joins with spaces */
  str_is(xv_arr(), "");
  xv mixed = xv_arr_push(xv_arr_push(xv_arr_push(xv_arr(), xv_str("a")), xv_bool(true)), xv_dbl(0.5));
  str_is(mixed, "a True 0.5");
  str_is(xv_dict(), "System.Collections.Hashtable");
  xv o = xv_set(xv_set(xv_obj(NULL), "a", xv_int(1)), "b", xv_str("x"));
  str_is(o, "@{a=1; b=x}");
  xv id = xv_set(xv_obj("T"), "Identity", xv_str("en\\internal\\5.1.1"));
  str_is(id, "en\\internal\\5.1.1");
}

/* Regression (fixed): xv_to_str flattens nested arrays. PowerShell converts each element of the outer
 * array without recursing, so [string](1,(2,3)) is "1 System.Object[]"; exsh gives "1 2 3".
 * Disabled (not in the group below) until value.c is fixed. */
static void test_to_str_nested_array(void **state) {
  (void)state;
  xv a = xv_arr_push(xv_arr_push(xv_arr(), xv_int(1)), ints(2, 2, 3));
  str_is(a, "1 System.Object[]");
}

/* ---------------- to-number ---------------- */

static void test_to_num(void **state) {
  (void)state;
  num_int("42", 42);
  num_int(" 42 ", 42);
  num_int("-7", -7);
  num_int("+7", 7);
  num_int("0x10", 16);
  num_int("0XfF", 255);
  num_int("-0x10", -16);
  num_int("10MB", 10485760);
  num_int("10mb", 10485760);
  num_int("1KB", 1024);
  num_int("2GB", 2147483648LL);
  num_int("1TB", 1099511627776LL);
  num_int("1PB", 1125899906842624LL);
  num_int("", 0);                                 /* [int]'' is 0 */
  num_dbl("1.5", 1.5);
  num_dbl("1e3", 1000.0);
  num_dbl("1.5KB", 1536.0);
  num_dbl(".5", 0.5);
  num_bad("abc");
  num_bad("12abc");
  num_bad("1.5.6");
  num_bad("10XB");
  num_bad("0x");
  num_bad("   ");
  xv n;
  assert_true(xv_to_num(xv_bool(true), &n));
  assert_int_equal(n.kind, XV_INT); assert_int_equal(n.u.i, 1);
  assert_true(xv_to_num(xv_null(), &n));
  assert_int_equal(n.u.i, 0);
  assert_true(xv_to_num(xv_dbl(2.5), &n));
  assert_int_equal(n.kind, XV_DBL);
  assert_true(xv_to_num(ints(1, 9), &n));         /* a one-element array converts its element */
  assert_int_equal(n.u.i, 9);
  assert_false(xv_to_num(ints(2, 1, 2), &n));
  assert_false(xv_to_num(xv_dict(), &n));
}

/* Regression (fixed): parse_num (value.c) falls back to strtod, which also reads "inf", "infinity" and
 * "nan" (any case). PowerShell refuses them: [int]'inf' and [double]'nan' are errors, and
 * 5 -lt 'inf' compares as strings. Disabled until value.c is fixed. */
static void test_to_num_words(void **state) {
  (void)state;
  num_bad("inf");
  num_bad("nan");
  num_bad("Infinity1");
  num_bad("INF");
}

/* ---------------- -eq and ordering ---------------- */

static void test_eq(void **state) {
  (void)state;
  assert_true(eq(xv_int(1), xv_str("1")));
  assert_true(eq(xv_int(1), xv_str("1.0")));      /* right side converted to the left's type */
  assert_false(eq(xv_str("1.0"), xv_int(1)));     /* string left: "1.0" vs "1" */
  assert_true(eq(xv_str("1"), xv_int(1)));
  assert_true(eq(xv_dbl(1.0), xv_int(1)));
  assert_true(eq(xv_int(10485760), xv_str("10MB")));
  assert_false(eq(xv_int(1), xv_str("abc")));     /* no conversion: not equal, no error */
  assert_true(eq(xv_str("abc"), xv_str("ABC")));  /* -eq is case-insensitive */
  assert_true(eq(xv_bool(true), xv_str("false")));/* bool left: the right side's truthiness */
  assert_true(eq(xv_bool(false), xv_str("")));
  assert_true(eq(xv_bool(false), xv_int(0)));
  assert_true(eq(xv_int(1), xv_bool(true)));
  assert_true(eq(xv_str("true"), xv_bool(true))); /* string left: "true" vs "True" */
  assert_true(eq(xv_null(), xv_null()));
  assert_false(eq(xv_int(0), xv_null()));
  assert_false(eq(xv_null(), xv_int(0)));
  assert_false(eq(xv_str(""), xv_null()));
  /* reference types: the same object only */
  xv d = xv_dict();
  assert_true(xv_eq_b(d, d, true));
  xv e = xv_dict();
  assert_false(xv_eq_b(d, e, true));
  xv_free(d); xv_free(e);
}

static void test_eq_case_sensitive(void **state) {
  (void)state;
  xv a = xv_str("abc"), b = xv_str("ABC");
  assert_false(xv_eq_b(a, b, false));             /* -ceq */
  assert_true(xv_eq_b(a, b, true));
  xv_free(a); xv_free(b);
}

static void test_cmp(void **state) {
  (void)state;
  bool ok;
  assert_true(cmp(xv_int(2), xv_str("10"), &ok) < 0); assert_true(ok);  /* numeric */
  assert_true(cmp(xv_str("2"), xv_str("10"), &ok) > 0); assert_true(ok); /* as strings */
  assert_true(cmp(xv_str("2"), xv_int(10), &ok) > 0);                    /* left leads: strings */
  assert_int_equal(cmp(xv_str("Apple"), xv_str("apple"), &ok), 0);
  assert_true(cmp(xv_str("apple"), xv_str("Banana"), &ok) < 0);
  assert_true(cmp(xv_dbl(1.5), xv_int(2), &ok) < 0);
  assert_true(cmp(xv_int(3), xv_dbl(2.5), &ok) > 0);
  assert_int_equal(cmp(xv_int(5), xv_str("5"), &ok), 0);
  assert_true(cmp(xv_int(INT64_MAX), xv_int(INT64_MAX - 1), &ok) > 0);   /* no double rounding */
  cmp(xv_int(1), xv_str("abc"), &ok);
  assert_false(ok);                                                      /* incomparable */
  assert_true(cmp(xv_null(), xv_int(1), &ok) < 0);                       /* $null sorts first */
  assert_true(cmp(xv_str("a"), xv_null(), &ok) > 0);
  assert_int_equal(cmp(xv_null(), xv_null(), &ok), 0);
  xv a = xv_str("a"), b = xv_str("B");
  assert_true(xv_cmp_b(a, b, false, &ok) > 0);    /* -clt: ordinal, 'a' (97) after 'B' (66) */
  xv_free(a); xv_free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_refcount, mark, no_leak),
    cmocka_unit_test_setup_teardown(test_cow_array, mark, no_leak),
    cmocka_unit_test_setup_teardown(test_cow_nested, mark, no_leak),
    cmocka_unit_test_setup_teardown(test_cow_dict, mark, no_leak),
    cmocka_unit_test_setup_teardown(test_strings, mark, no_leak),
    cmocka_unit_test_setup_teardown(test_arrays, mark, no_leak),
    cmocka_unit_test_setup_teardown(test_dict_order_and_case, mark, no_leak),
    cmocka_unit_test_setup_teardown(test_obj, mark, no_leak),
    cmocka_unit_test_setup_teardown(test_dict_many_keys, mark, no_leak),
    cmocka_unit_test_setup_teardown(test_set_inplace, mark, no_leak),
    cmocka_unit_test_setup_teardown(test_block, mark, no_leak),
    cmocka_unit_test_setup_teardown(test_truthy, mark, no_leak),
    cmocka_unit_test_setup_teardown(test_to_str, mark, no_leak),
    cmocka_unit_test_setup_teardown(test_to_num, mark, no_leak),
    cmocka_unit_test_setup_teardown(test_eq, mark, no_leak),
    cmocka_unit_test_setup_teardown(test_eq_case_sensitive, mark, no_leak),
    cmocka_unit_test_setup_teardown(test_cmp, mark, no_leak),
  };
  /* regressions: bugs these tests found, since fixed */
  const struct CMUnitTest bugs[] = {
    cmocka_unit_test_setup_teardown(test_to_str_nested_array, mark, no_leak),
    cmocka_unit_test_setup_teardown(test_to_num_words, mark, no_leak),
  };
  int failed = cmocka_run_group_tests_name("value", tests, NULL, NULL);
  failed += cmocka_run_group_tests_name("value-bugs", bugs, NULL, NULL);
  return failed;
}
