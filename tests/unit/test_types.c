/* test_types.c — cmocka tests of cmdlets/types.c: every converter's accepted and refused
 * inputs (with the key words of each error), the display forms, and the multi-valued edit.
 * The last test checks that no value leaked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "types.h"

/* ---------------- helpers ---------------- */

/* Converts and expects success with a STR result equal to want. */
static void ok_str(const xtype *t, xv in, const char *want) {
  xv out = xv_null(), err = xv_null();
  int rc = t->convert(t, in, &out, &err);
  if (rc) print_error("unexpected error: %s\n", xv_str_b(err));
  assert_int_equal(rc, EXSH_OK);
  assert_int_equal(out.kind, XV_STR);
  assert_string_equal(xv_str_b(out), want);
  xv_free(out);
}

static void ok_int(const xtype *t, xv in, int64_t want) {
  xv out = xv_null(), err = xv_null();
  int rc = t->convert(t, in, &out, &err);
  if (rc) print_error("unexpected error: %s\n", xv_str_b(err));
  assert_int_equal(rc, EXSH_OK);
  assert_int_equal(out.kind, XV_INT);
  assert_int_equal(out.u.i, want);
}

static void ok_kind(const xtype *t, xv in, xv_kind want) {
  xv out = xv_null(), err = xv_null();
  int rc = t->convert(t, in, &out, &err);
  if (rc) print_error("unexpected error: %s\n", xv_str_b(err));
  assert_int_equal(rc, EXSH_OK);
  assert_int_equal(out.kind, want);
  xv_free(out);
}

/* Converts and expects a refusal whose message contains needle. */
static void bad(const xtype *t, xv in, const char *needle) {
  xv out = xv_null(), err = xv_null();
  int rc = t->convert(t, in, &out, &err);
  assert_int_equal(rc, EXSH_ERR);
  assert_int_equal(err.kind, XV_STR);
  if (!strstr(xv_str_b(err), needle)) print_error("message: %s\n", xv_str_b(err));
  assert_non_null(strstr(xv_str_b(err), needle));
  xv_free(err);
}

static void display_is(xv got, const char *want) {
  assert_int_equal(got.kind, XV_STR);
  assert_string_equal(xv_str_b(got), want);
  xv_free(got);
}

static xv list2(const char *a, const char *b) {
  xv l = xv_arr_push(xv_arr(), xv_str(a));
  return b ? xv_arr_push(l, xv_str(b)) : l;
}

/* ---------------- status codes ---------------- */

static void test_status_code(void **state) {
  (void)state;
  ok_str(&xt_status_code, xv_str("5.1.2"), "5.1.2");
  ok_str(&xt_status_code, xv_str("4.4.7"), "4.4.7");
  ok_str(&xt_status_code, xv_str("2.0.0"), "2.0.0");
  ok_str(&xt_status_code, xv_str("5.7.900"), "5.7.900");
  ok_str(&xt_status_code, xv_str("5.01.002"), "5.01.002");
  bad(&xt_status_code, xv_str("5.1234.1"), "This enhanced status code (5.1234.1) isn't properly formatted.");
  bad(&xt_status_code, xv_str("6.1.1"), "the first digit must be 2, 4, or 5");
  bad(&xt_status_code, xv_str("5.1"), "(5.1)");
  bad(&xt_status_code, xv_str("5.1.1 "), "(5.1.1 )");
  bad(&xt_status_code, xv_str("5.1.1.1"), "x.y.z");
  bad(&xt_status_code, xv_str("5..1"), "isn't properly formatted");
  bad(&xt_status_code, xv_str(""), "()");
  bad(&xt_status_code, xv_dbl(5.1), "(5.1)");
  bad(&xt_status_code, xv_null(), "isn't properly formatted");
}

/* ---------------- cultures ---------------- */

static void test_dsn_culture(void **state) {
  (void)state;
  ok_str(&xt_dsn_culture, xv_str("En"), "en");
  ok_str(&xt_dsn_culture, xv_str("sv"), "sv");
  ok_str(&xt_dsn_culture, xv_str("ZH-CHS"), "zh-CHS");
  ok_str(&xt_dsn_culture, xv_str("zh-cht"), "zh-CHT");
  ok_str(&xt_dsn_culture, xv_str("PT-br"), "pt-BR");
  ok_str(&xt_dsn_culture, xv_str("PT (Brazil)"), "pt-BR");
  ok_str(&xt_dsn_culture, xv_str("pt-pt"), "pt-PT");
  ok_str(&xt_dsn_culture, xv_str("SR-SP-CYRL"), "sr-SP-Cyrl");
  ok_str(&xt_dsn_culture, xv_str("sr-sp-latn"), "sr-SP-Latn");
  ok_str(&xt_dsn_culture, xv_str("FIL"), "fil");
  bad(&xt_dsn_culture, xv_str("en-US"), "\"en-US\" isn't supported for DSN customization");
  bad(&xt_dsn_culture, xv_str("pt"), "\"pt\" isn't supported");
  bad(&xt_dsn_culture, xv_str("english"), "Culture name 'english' is not supported.");
  bad(&xt_dsn_culture, xv_str("e1"), "Culture name 'e1'");
  bad(&xt_dsn_culture, xv_null(), "can't be empty");
  size_t n = 0;
  static const char *const all[] = {"AR", "EU", "BG", "CA", "ZH-CHS", "ZH-CHT", "HR", "CS", "DA",
    "NL", "EN", "ET", "FIL", "FI", "FR", "GL", "DE", "EL", "HE", "HI", "HU", "IS", "ID", "IT", "JA",
    "KK", "KO", "LV", "LT", "MS", "NB", "FA", "PL", "PT-BR", "PT-PT", "RO", "RU", "SR-SP-CYRL",
    "SR-SP-LATN", "SK", "SL", "ES", "SV", "TH", "TR", "UK", "UR", "VI"};
  for (; n < sizeof all / sizeof *all; n++) assert_non_null(types_dsn_culture_name(all[n]));
  assert_int_equal(n, 48);
}

static void test_culture(void **state) {
  (void)state;
  ok_str(&xt_culture, xv_str("EN-us"), "en-US");
  ok_str(&xt_culture, xv_str("de"), "de");
  ok_str(&xt_culture, xv_str("sr-latn-cs"), "sr-Latn-CS");
  ok_str(&xt_culture, xv_str("es-419"), "es-419");
  ok_str(&xt_culture, xv_str("sr-sp-cyrl"), "sr-SP-Cyrl");
  ok_kind(&xt_culture, xv_null(), XV_NULL);
  bad(&xt_culture, xv_str("en_US"), "Culture name 'en_US' is not supported.");
  bad(&xt_culture, xv_str("en-"), "Culture name 'en-'");
  bad(&xt_culture, xv_str("a-b-c-d"), "is not supported");
  bad(&xt_culture, xv_str(""), "Culture name ''");
  bad(&xt_culture, xv_int(1033), "Culture name '1033'");
}

/* ---------------- byte sizes ---------------- */

static void test_bytes_display(void **state) {
  (void)state;
  display_is(types_bytes_display(10485760), "10 MB (10,485,760 bytes)");
  display_is(types_bytes_display(18874368), "18 MB (18,874,368 bytes)");
  display_is(types_bytes_display(159449088), "152.1 MB (159,449,088 bytes)");
  display_is(types_bytes_display(2039480320), "1.899 GB (2,039,480,320 bytes)");
  display_is(types_bytes_display(2097151LL * 1024), "2 GB (2,147,482,624 bytes)");
  display_is(types_bytes_display(0), "0 B (0 bytes)");
  display_is(types_bytes_display(1023), "1023 B (1,023 bytes)");
  display_is(types_bytes_display(1536), "1.5 KB (1,536 bytes)");
  display_is(types_bytes_display(1LL << 40), "1 TB (1,099,511,627,776 bytes)");
  display_is(types_unlimited_bytes_display(xv_str("Unlimited")), "Unlimited");
  display_is(types_unlimited_bytes_display(xv_int(25 << 20)), "25 MB (26,214,400 bytes)");
}

static void test_byte_size(void **state) {
  (void)state;
  ok_int(&xt_byte_size, xv_int(10485760), 10485760);
  ok_int(&xt_byte_size, xv_str("10MB"), 10485760);
  ok_int(&xt_byte_size, xv_str("10 mb"), 10485760);
  ok_int(&xt_byte_size, xv_str(" 1.5GB "), 1610612736);
  ok_int(&xt_byte_size, xv_str("512"), 512);
  ok_int(&xt_byte_size, xv_str("512B"), 512);
  ok_int(&xt_byte_size, xv_str("2 KB"), 2048);
  ok_int(&xt_byte_size, xv_str("1TB"), 1LL << 40);
  ok_int(&xt_byte_size, xv_str("1,024KB"), 1 << 20);
  ok_int(&xt_byte_size, xv_str("10 MB (10,485,760 bytes)"), 10485760);  /* its own display */
  ok_int(&xt_byte_size, xv_dbl(1024.0), 1024);
  bad(&xt_byte_size, xv_str("10XB"), "\"10XB\" isn't a valid size");
  bad(&xt_byte_size, xv_str("MB"), "isn't a valid size");
  bad(&xt_byte_size, xv_str("ten MB"), "isn't a valid size");
  bad(&xt_byte_size, xv_str("10  MB"), "isn't a valid size");
  bad(&xt_byte_size, xv_str("Unlimited"), "\"Unlimited\" isn't a valid size");
  bad(&xt_byte_size, xv_str("-5MB"), "out of range");
  bad(&xt_byte_size, xv_int(-1), "can't be negative");
  bad(&xt_byte_size, xv_str("9999999TB"), "out of range");
  bad(&xt_byte_size, xv_bool(true), "System.Boolean can't be used as a size");
  bad(&xt_byte_size, xv_null(), "can't be used as a size");
}

static const xtype_range msg_size = XTYPE_RANGE("Unlimited", types_unlimited_byte_size_convert,
                                                0, 2097151LL * 1024, 1024);
static const xtype_range attach_size = XTYPE_RANGE("ByteQuantifiedSize", types_byte_size_convert,
                                                   0, 2147483647LL, 0);

static void test_unlimited_byte_size(void **state) {
  (void)state;
  ok_str(&xt_unlimited_byte_size, xv_str("unlimited"), "Unlimited");
  ok_str(&xt_unlimited_byte_size, xv_str("UNLIMITED"), "Unlimited");
  ok_int(&xt_unlimited_byte_size, xv_int(10 << 20), 10 << 20);
  bad(&xt_unlimited_byte_size, xv_str("Unlimitedd"), "isn't a valid size");
  bad(&xt_unlimited_byte_size, xv_null(), "can't be used as a size");
  /* ranged: whole KB, 0..2097151 KB */
  ok_str(&msg_size.t, xv_str("Unlimited"), "Unlimited");
  ok_int(&msg_size.t, xv_int(1000), 1024);
  ok_int(&msg_size.t, xv_str("2097151KB"), 2097151LL * 1024);
  bad(&msg_size.t, xv_str("2GB"), "The value 2 GB (2,147,483,648 bytes) is out of range. It must be "
      "between 0 B (0 bytes) and 2 GB (2,147,482,624 bytes).");
  ok_int(&attach_size.t, xv_int(1000), 1000);
  ok_int(&attach_size.t, xv_int(0), 0);
  bad(&attach_size.t, xv_str("3GB"), "is out of range");
}

/* ---------------- integers ---------------- */

static const xtype_range retry = XTYPE_RANGE("System.Int32", types_int32_convert, 1, 15, 0);
static const xtype_range envelope = XTYPE_RANGE("Unlimited", types_unlimited_int_convert, 0, 2147483647LL, 0);

static void test_ints(void **state) {
  (void)state;
  ok_int(&xt_unlimited_int, xv_int(5000), 5000);
  ok_int(&xt_unlimited_int, xv_str(" 250 "), 250);
  ok_int(&xt_unlimited_int, xv_dbl(2.5), 2);              /* [int] rounds half to even */
  ok_str(&xt_unlimited_int, xv_str("unlimited"), "Unlimited");
  bad(&xt_unlimited_int, xv_str("lots"), "Input string was not in a correct format.");
  bad(&xt_unlimited_int, xv_str("12abc"), "Input string was not in a correct format.");
  bad(&xt_unlimited_int, xv_int(3000000000LL), "too large or too small for an Int32");
  bad(&xt_unlimited_int, xv_null(), "can't be converted to System.Int32");
  ok_int(&envelope.t, xv_int(0), 0);
  bad(&envelope.t, xv_int(-1), "It must be between 0 and 2147483647.");
  ok_int(&retry.t, xv_int(15), 15);
  ok_int(&retry.t, xv_str("1"), 1);
  bad(&retry.t, xv_int(0), "The value 0 is out of range. It must be between 1 and 15.");
  bad(&retry.t, xv_int(16), "between 1 and 15");
  display_is(types_unlimited_int_display(xv_str("Unlimited")), "Unlimited");
  xv i = types_unlimited_int_display(xv_int(5000));
  assert_int_equal(i.kind, XV_INT);
  assert_int_equal(i.u.i, 5000);
}

/* ---------------- time spans ---------------- */

static const xtype_range heartbeat = XTYPE_RANGE("EnhancedTimeSpan", types_timespan_convert, 1, 86400, 0);

static void test_timespan(void **state) {
  (void)state;
  ok_int(&xt_timespan, xv_str("7.00:00:00"), 7 * 86400);
  ok_int(&xt_timespan, xv_str("00:15:00"), 900);
  ok_int(&xt_timespan, xv_str("1:30"), 5400);
  ok_int(&xt_timespan, xv_str("10"), 10 * 86400);          /* a bare number is days */
  ok_int(&xt_timespan, xv_int(3), 3 * 86400);
  ok_int(&xt_timespan, xv_str("24855.03:14:07"), 2147483647LL);
  ok_int(&xt_timespan, xv_str("00:00:05.0"), 5);
  ok_int(&xt_timespan, xv_str("-1.00:00:00"), -86400);
  bad(&xt_timespan, xv_str("7 days"), "String was not recognized as a valid TimeSpan.");
  bad(&xt_timespan, xv_str("1.2"), "not recognized as a valid TimeSpan");
  bad(&xt_timespan, xv_str("24:00:00"), "at least one of the numeric components is out of range");
  bad(&xt_timespan, xv_str("00:60:00"), "out of range");
  bad(&xt_timespan, xv_str("00:00:01.5"), "Fractions of a second");
  bad(&xt_timespan, xv_null(), "not recognized as a valid TimeSpan");
  ok_int(&heartbeat.t, xv_str("1.00:00:00"), 86400);
  bad(&heartbeat.t, xv_str("00:00:00"), "The value 00:00:00 is out of range. It must be between "
      "00:00:01 and 1.00:00:00.");
  display_is(types_timespan_display(7 * 86400), "7.00:00:00");
  display_is(types_timespan_display(900), "00:15:00");
  display_is(types_timespan_display(2147483647LL), "24855.03:14:07");
  display_is(types_timespan_display(-90), "-00:01:30");
}

/* ---------------- names ---------------- */

static void test_smtp_address(void **state) {
  (void)state;
  ok_str(&xt_smtp_address, xv_str("postmaster@contoso.com"), "postmaster@contoso.com");
  ok_str(&xt_smtp_address, xv_str("first.last+tag@mail.contoso.co.uk"), "first.last+tag@mail.contoso.co.uk");
  ok_str(&xt_smtp_address, xv_str("\"john doe\"@contoso.com"), "\"john doe\"@contoso.com");
  ok_str(&xt_smtp_address, xv_str("admin@[192.168.1.1]"), "admin@[192.168.1.1]");
  ok_kind(&xt_smtp_address, xv_null(), XV_NULL);
  bad(&xt_smtp_address, xv_str("postmaster"), "\"postmaster\" isn't a valid SMTP address. The domain "
      "name can't contain spaces and it has to have a prefix and a suffix, such as example.com.");
  bad(&xt_smtp_address, xv_str("a@contoso"), "isn't a valid SMTP address");
  bad(&xt_smtp_address, xv_str("a b@contoso.com"), "isn't a valid SMTP address");
  bad(&xt_smtp_address, xv_str(".a@contoso.com"), "isn't a valid SMTP address");
  bad(&xt_smtp_address, xv_str("a..b@contoso.com"), "isn't a valid SMTP address");
  bad(&xt_smtp_address, xv_str("a@-contoso.com"), "isn't a valid SMTP address");
  bad(&xt_smtp_address, xv_str(""), "\"\" isn't a valid SMTP address");
}

static void test_domains(void **state) {
  (void)state;
  ok_str(&xt_smtp_domain, xv_str("contoso.com"), "contoso.com");
  ok_str(&xt_smtp_domain, xv_str("mail-1.contoso.com"), "mail-1.contoso.com");
  ok_kind(&xt_smtp_domain, xv_null(), XV_NULL);
  bad(&xt_smtp_domain, xv_str("*.contoso.com"), "wildcard characters (*) aren't allowed");
  bad(&xt_smtp_domain, xv_str("contoso..com"), "\"contoso..com\" isn't a valid SMTP domain");
  bad(&xt_smtp_domain, xv_str("con toso.com"), "isn't a valid SMTP domain");
  bad(&xt_smtp_domain, xv_str("contoso.com."), "isn't a valid SMTP domain");
  ok_str(&xt_fqdn, xv_str("dc01.contoso.com"), "dc01.contoso.com");
  ok_str(&xt_fqdn, xv_str("DC01"), "DC01");
  bad(&xt_fqdn, xv_str("dc01 .contoso.com"), "isn't a valid fully qualified domain name (FQDN)");
  bad(&xt_fqdn, xv_null(), "\"\" isn't a valid fully qualified domain name");
}

/* ---------------- Booleans ---------------- */

static void test_bool_param(void **state) {
  (void)state;
  xv out, err;
  assert_int_equal(xt_bool_param.convert(&xt_bool_param, xv_bool(false), &out, &err), EXSH_OK);
  assert_true(out.kind == XV_BOOL && !out.u.b);
  assert_int_equal(xt_bool_param.convert(&xt_bool_param, xv_int(1), &out, &err), EXSH_OK);
  assert_true(out.kind == XV_BOOL && out.u.b);
  assert_int_equal(xt_bool_param.convert(&xt_bool_param, xv_int(0), &out, &err), EXSH_OK);
  assert_true(out.kind == XV_BOOL && !out.u.b);
  bad(&xt_bool_param, xv_str("false"), "Boolean parameters accept only Boolean values and numbers, "
      "such as $True, $False, 1 or 0.");
  bad(&xt_bool_param, xv_str("true"), "only Boolean values and numbers");
  bad(&xt_bool_param, xv_null(), "only Boolean values and numbers");
}

/* ---------------- multi-valued ---------------- */

static void test_mv_convert(void **state) {
  (void)state;
  xv out, err;
  assert_int_equal(xt_status_codes_mv.convert(&xt_status_codes_mv, list2("5.1.1", "4.4.7"), &out, &err), EXSH_OK);
  assert_int_equal(out.kind, XV_ARR);
  assert_int_equal(xv_len_b(out), 2);
  xv_free(out);
  assert_int_equal(xt_status_codes_mv.convert(&xt_status_codes_mv, xv_str("5.1.1"), &out, &err), EXSH_OK);
  assert_int_equal(xv_len_b(out), 1);
  xv_free(out);
  ok_kind(&xt_status_codes_mv, xv_null(), XV_ARR);
  bad(&xt_status_codes_mv, list2("5.1.1", "9.9.9"), "This enhanced status code (9.9.9)");
  xv edit = xv_set(xv_set(xv_dict(), "add", xv_str("5.7.1")), "REMOVE", list2("5.1.4", "5.2.0"));
  assert_int_equal(xt_status_codes_mv.convert(&xt_status_codes_mv, edit, &out, &err), EXSH_OK);
  assert_int_equal(out.kind, XV_DICT);
  assert_int_equal(xv_len_b(xv_get_b(out, "Add")), 1);
  assert_int_equal(xv_len_b(xv_get_b(out, "Remove")), 2);
  assert_string_equal(xv_key_b(out, 0), "Add");
  xv_free(out);
  bad(&xt_status_codes_mv, xv_set(xv_dict(), "Replace", xv_str("5.1.1")), "The hash table key \"Replace\" isn't valid.");
  bad(&xt_status_codes_mv, xv_set(xv_dict(), "Add", xv_str("5.1")), "(5.1)");
  bad(&xt_smtp_domains_mv, list2("contoso.com", "*.fabrikam.com"), "wildcard");
  assert_int_equal(xt_ip_mv.convert(&xt_ip_mv, list2("192.168.1.10", "10.0.0.1-10.0.0.9"), &out, &err), EXSH_OK);
  bad(&xt_ip_mv, xv_str("10.0.0.9-10.0.0.1"), "isn't a valid IP address or range");
  xv_free(out);
}

static void test_ip_entries(void **state) {
  (void)state;
  xv out, err;
  assert_int_equal(xt_ip_mv.convert(&xt_ip_mv, list2("10.0.0.0/8", "fe80::1"), &out, &err), EXSH_OK);
  assert_string_equal(xv_str_b(xv_arr_get_b(out, 0)), "10.0.0.0/8");
  assert_string_equal(xv_str_b(xv_arr_get_b(out, 1)), "fe80::1");
  xv_free(out);
  bad(&xt_ip_mv, xv_str("10.0.0.0/33"), "CIDR block");
  bad(&xt_ip_mv, xv_str("300.1.1.1"), "\"300.1.1.1\" isn't a valid IP address");
  bad(&xt_ip_mv, xv_str("10.0.0.1-fe80::1"), "isn't a valid IP address");
  ok_kind(&xt_strings_mv, list2("Reject", "Allow"), XV_ARR);
}

static void test_mv_apply(void **state) {
  (void)state;
  xv out, err;
  /* replace */
  assert_int_equal(types_mv_apply(list2("a", "b"), list2("c", NULL), &out, &err), EXSH_OK);
  assert_int_equal(xv_len_b(out), 1);
  assert_string_equal(xv_str_b(xv_arr_get_b(out, 0)), "c");
  xv_free(out);
  /* $null clears */
  assert_int_equal(types_mv_apply(list2("a", "b"), xv_null(), &out, &err), EXSH_OK);
  assert_int_equal(xv_len_b(out), 0);
  xv_free(out);
  /* add and remove; an absent removal is a no-op */
  xv edit = xv_set(xv_set(xv_dict(), "Add", list2("c", NULL)), "Remove", list2("A", "zz"));
  assert_int_equal(types_mv_apply(list2("a", "b"), edit, &out, &err), EXSH_OK);
  assert_int_equal(xv_len_b(out), 2);
  assert_string_equal(xv_str_b(xv_arr_get_b(out, 0)), "b");
  assert_string_equal(xv_str_b(xv_arr_get_b(out, 1)), "c");
  xv_free(out);
  /* removing and re-adding the same value in one edit is fine */
  edit = xv_set(xv_set(xv_dict(), "Add", list2("a", NULL)), "Remove", list2("a", NULL));
  assert_int_equal(types_mv_apply(list2("a", "b"), edit, &out, &err), EXSH_OK);
  xv_free(out);
  /* adding a present value */
  edit = xv_set(xv_dict(), "Add", list2("B", NULL));
  assert_int_equal(types_mv_apply(list2("a", "b"), edit, &out, &err), EXSH_ERR);
  assert_string_equal(xv_str_b(err), "The value \"B\" is already present in the collection.");
  xv_free(err);
  /* a replacement list with a repeat */
  assert_int_equal(types_mv_apply(xv_arr(), list2("x", "X"), &out, &err), EXSH_ERR);
  assert_string_equal(xv_str_b(err), "The value \"X\" is already present in the collection.");
  xv_free(err);
}

static void test_no_leaks(void **state) {
  (void)state;
  assert_int_equal(xv_live_count(), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_status_code),     cmocka_unit_test(test_dsn_culture),
    cmocka_unit_test(test_culture),         cmocka_unit_test(test_bytes_display),
    cmocka_unit_test(test_byte_size),       cmocka_unit_test(test_unlimited_byte_size),
    cmocka_unit_test(test_ints),            cmocka_unit_test(test_timespan),
    cmocka_unit_test(test_smtp_address),    cmocka_unit_test(test_domains),
    cmocka_unit_test(test_bool_param),      cmocka_unit_test(test_mv_convert),
    cmocka_unit_test(test_ip_entries),      cmocka_unit_test(test_mv_apply),
    cmocka_unit_test(test_no_leaks),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
