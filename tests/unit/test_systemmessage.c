/* test_systemmessage.c — unit tests of cmdlets/systemmessage.c and dsn_texts.c: the
 * SystemMessageIdParameter parser and its xtype, enhanced status codes, text validation
 * (length in UTF-16 units, allowed HTML), the locale table and the built-in texts.
 * The cmdlets themselves are tested by tests/golden/sysmsg-* through the exsh binary. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dsn_texts.h"
#include "systemmessage.h"
#include "types.h"

/* ---------------- helpers ---------------- */

/* Parses s and checks its canonical text (NULL: must be refused). */
static void id_is(const char *s, const char *canonical) {
  sysmsg_id id;
  char why[256] = "", text[128];
  bool ok = sysmsg_id_parse(s, &id, why, sizeof why);
  if (!canonical) {
    if (ok) print_message("accepted: \"%s\"\n", s);
    assert_false(ok);
    assert_true(why[0] != '\0');
    return;
  }
  if (!ok) print_message("refused: \"%s\": %s\n", s, why);
  assert_true(ok);
  sysmsg_id_text(&id, text, sizeof text);
  assert_string_equal(text, canonical);
}

static bool text_ok(const char *text) {
  char why[512];
  return sysmsg_text_check(text, why, sizeof why);
}

static char *repeat(char *buf, const char *unit, int n) {
  buf[0] = '\0';
  for (int i = 0; i < n; i++) strcat(buf, unit);
  return buf;
}

/* ---------------- identities ---------------- */

static void test_id_dsn(void **state) {
  (void)state;
  id_is("En\\Internal\\5.1.2", "en\\internal\\5.1.2");
  id_is("en\\external\\5.7.1", "en\\external\\5.7.1");
  id_is("SV\\EXTERNAL\\4.4.7", "sv\\external\\4.4.7");
  id_is("en\\internal\\5.7.900", "en\\internal\\5.7.900");
  id_is("en\\internal\\2.0.0", "en\\internal\\2.0.0");          /* valid syntax; New refuses 2.x.y */
  id_is("sr-sp-cyrl\\Internal\\5.1.1", "sr-SP-Cyrl\\internal\\5.1.1");
  id_is("zh-chs\\internal\\5.1.1", "zh-CHS\\internal\\5.1.1");
  id_is("en-us\\internal\\5.1.1", "en-US\\internal\\5.1.1");    /* a culture, just not stored */
  sysmsg_id id;
  char why[128];
  assert_true(sysmsg_id_parse("EN\\Internal\\5.1.1", &id, why, sizeof why));
  assert_int_equal(id.kind, SYSMSG_DSN);
  assert_int_equal(id.lcid, 9);
  assert_true(id.internal);
  assert_string_equal(id.code, "5.1.1");
  assert_true(sysmsg_id_parse("en-US\\External\\5.1.1", &id, why, sizeof why));
  assert_int_equal(id.lcid, 0);
  assert_false(id.internal);
}

static void test_id_quota(void **state) {
  (void)state;
  id_is("en\\WarningMailbox", "en\\WarningMailbox");
  id_is("EN\\warningmailbox", "en\\WarningMailbox");
  id_is("sv\\prohibitsendreceivemailbox", "sv\\ProhibitSendReceiveMailBox");
  sysmsg_id id;
  char why[128];
  assert_true(sysmsg_id_parse("pt-br\\ProhibitSendMailbox", &id, why, sizeof why));
  assert_int_equal(id.kind, SYSMSG_QUOTA);
  assert_int_equal(id.lcid, 1046);
  assert_string_equal(id.quota, "ProhibitSendMailbox");
}

static void test_id_guid_and_dn(void **state) {
  (void)state;
  id_is("{0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0}", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
  id_is("0f1e2d3c4b5a69788796a5b4c3d2e1f0", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
  id_is("CN=5.7.1,CN=external,CN=9,CN=Dsn Customization,CN=Transport Settings,"
        "CN=First Organization,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com",
        "en\\external\\5.7.1");
  id_is("cn=WarningMailbox,cn=29,cn=Dsn Customization,CN=Transport Settings,DC=contoso,DC=com",
        "sv\\WarningMailbox");
  id_is("CN=5.7.1,CN=external,CN=12345,CN=Dsn Customization,DC=contoso,DC=com", NULL);
  id_is("CN=5.7.1,CN=Users,DC=contoso,DC=com", NULL);
  id_is("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1fz", NULL);
}

static void test_id_refused(void **state) {
  (void)state;
  const char *bad[] = {
    "", "en", "5.1.1", "en\\Foo\\5.1.1", "en\\internal\\6.1.1", "en\\internal\\5.1",
    "en\\internal\\5.1234.1", "en\\internal\\5.1.1 ", "en\\internal\\5.1.1.1", "a\\b\\c\\d",
    "en\\\\5.1.1", "\\internal\\5.1.1", "en\\internal\\", "e1\\internal\\5.1.1",
    "english\\internal\\5.1.1", "en\\NotAQuota", "en\\WarningMailbox\\", "en\\internal\\5.a.1",
    "en-\\WarningMailbox", "en\\internal\\*", NULL,
  };
  for (const char **s = bad; *s; s++) id_is(*s, NULL);
}

static void test_status_codes(void **state) {
  (void)state;
  const char *good[] = {"5.7.1", "4.4.7", "2.0.0", "5.7.900", "5.123.999", "5.0.0", NULL};
  const char *bad[] = {"6.1.1", "5.1", "5.1234.1", "5.1.1 ", " 5.1.1", "5..1", "5.1.1.", "x.1.1",
                       "5.1.1a", "", "51.1.1", NULL};
  for (const char **s = good; *s; s++) assert_true(sysmsg_code_valid(*s));
  for (const char **s = bad; *s; s++) assert_false(sysmsg_code_valid(*s));
  assert_false(sysmsg_code_valid(NULL));
}

/* ---------------- the xtype ---------------- */

static void test_id_type(void **state) {
  (void)state;
  xv out = xv_null(), err = xv_null();
  assert_int_equal(xt_sysmsg_id.convert(&xt_sysmsg_id, xv_str("En\\Internal\\5.1.1"), &out, &err),
                   EXSH_OK);
  assert_string_equal(xv_str_b(out), "En\\Internal\\5.1.1");   /* kept as typed, for errors */
  xv_free(out);

  xv obj = xv_set(xv_obj(SYSMSG_TYPE), "Identity", xv_str("sv\\external\\5.7.1"));
  assert_int_equal(xt_sysmsg_id.convert(&xt_sysmsg_id, obj, &out, &err), EXSH_OK);
  assert_string_equal(xv_str_b(out), "sv\\external\\5.7.1");
  xv_free(out);

  assert_int_equal(xt_sysmsg_id.convert(&xt_sysmsg_id, xv_str("En\\Foo\\5.1.1"), &out, &err),
                   EXSH_ERR);
  assert_non_null(strstr(xv_str_b(err), "En\\Foo\\5.1.1"));
  assert_non_null(strstr(xv_str_b(err), "Internal or External"));
  xv_free(err);

  assert_int_equal(xt_sysmsg_id.convert(&xt_sysmsg_id, xv_dict(), &out, &err), EXSH_ERR);
  assert_non_null(strstr(xv_str_b(err), "SystemMessageIdParameter"));
  xv_free(err);
  assert_int_equal(xt_sysmsg_id.convert(&xt_sysmsg_id, xv_null(), &out, &err), EXSH_ERR);
  xv_free(err);
  obj = xv_set(xv_obj("Some.Other.Type"), "Name", xv_str("x"));
  assert_int_equal(xt_sysmsg_id.convert(&xt_sysmsg_id, obj, &out, &err), EXSH_ERR);
  xv_free(err);
}

/* ---------------- text ---------------- */

static void test_text_length(void **state) {
  (void)state;
  static char buf[4096];
  char why[512];
  assert_int_equal(sysmsg_text_length("abc"), 3);
  assert_int_equal(sysmsg_text_length("Användaren"), 10);
  assert_int_equal(sysmsg_text_length("\xF0\x9F\x98\x80"), 2);   /* U+1F600: a surrogate pair */
  assert_true(text_ok(repeat(buf, "a", 512)));
  assert_true(text_ok(repeat(buf, "ä", 512)));                    /* 1024 bytes, 512 characters */
  assert_false(sysmsg_text_check(repeat(buf, "a", 513), why, sizeof why));
  assert_string_equal(why, "The length of the property is too long. The maximum length is 512 and "
                           "the length of the value provided is 513.");
  assert_false(text_ok(repeat(buf, "\xF0\x9F\x98\x80", 257)));    /* 514 units */
  assert_true(text_ok(""));
}

static void test_text_html(void **state) {
  (void)state;
  char why[512];
  const char *good[] = {
    "<B>bold</B> and <EM>stressed</EM><BR><P>para</P>",
    "<b>x</b><em>y</em><br><br/><br /><p>z</p>",
    "See <A HREF=\"http://help.contoso.com\">help</A>.",
    "See <a href='http://help.contoso.com'>help</a>.",
    "See <A HREF = \"u\" >help</A >.",
    "Escaped &lt;tags&gt; &amp; &quot;quotes&quot; are fine.",
    "No tags > at all.",
    NULL,
  };
  const char *bad[] = {
    "<script>alert(1)</script>", "<b onclick=1>x</b>", "<A>link</A>", "a < b", "<div>x</div>",
    "end <BR", "<A HREF=\"unterminated>x</A>", "<IMG SRC='x'>", "<>", "< B>x</B>",
    "<A TITLE='x' HREF='u'>x</A>", "</BR>", "<B/>", NULL,
  };
  for (const char **s = good; *s; s++) {
    if (!text_ok(*s)) print_message("refused: %s\n", *s);
    assert_true(text_ok(*s));
  }
  for (const char **s = bad; *s; s++) {
    if (text_ok(*s)) print_message("accepted: %s\n", *s);
    assert_false(text_ok(*s));
  }
  assert_false(sysmsg_text_check("Hi <script>x</script>", why, sizeof why));
  assert_non_null(strstr(why, "\"<script>\""));
}

/* ---------------- locales and built-in texts ---------------- */

static void test_locales(void **state) {
  (void)state;
  int n = 0;
  for (const sysmsg_locale *l = sysmsg_locales; l->name; l++, n++) {
    const char *t = types_dsn_culture_name(l->name);   /* types.c's list must agree */
    if (!t || strcmp(t, l->name)) print_message("locale %s: types.c says %s\n", l->name, t);
    assert_non_null(t);
    assert_string_equal(t, l->name);
    assert_ptr_equal(sysmsg_locale_by_lcid(l->lcid), l);   /* LCIDs are unique */
  }
  assert_int_equal(n, 48);
  assert_int_equal(sysmsg_locale_find("EN")->lcid, 9);
  assert_int_equal(sysmsg_locale_find("sv")->lcid, 29);
  assert_null(sysmsg_locale_find("en-US"));
  assert_null(sysmsg_locale_find("xx"));
}

static void test_default_texts(void **state) {
  (void)state;
  int codes = 0, quotas = 0;
  for (const char *const *c = dsn_default_codes; *c; c++, codes++) assert_true(sysmsg_code_valid(*c));
  for (const char *const *q = dsn_quota_types; *q; q++) quotas++;
  assert_int_equal(codes, 52);
  assert_int_equal(quotas, 7);
  assert_true(dsn_is_default_code("5.7.1"));
  assert_false(dsn_is_default_code("5.7.100"));
  assert_false(dsn_is_default_code("4.4.7"));
  for (const char *const *lang = dsn_text_langs; *lang; lang++) {
    assert_non_null(sysmsg_locale_find(*lang));
    for (int k = 0; k < 2; k++)
      for (const char *const *key = k ? dsn_quota_types : dsn_default_codes; *key; key++) {
        const char *t = dsn_default_text(*lang, *key);
        if (!t) print_message("no %s text for %s\n", *lang, *key);
        assert_non_null(t);
        assert_true(text_ok(t));
      }
  }
  assert_non_null(dsn_default_text("EN", "warningmailbox"));
  assert_null(dsn_default_text("fr", "5.1.1"));
  assert_null(dsn_default_text("en", "5.7.100"));
  assert_true(dsn_has_lang("SV"));
  assert_false(dsn_has_lang("de"));
}

static void test_no_leaks(void **state) {
  (void)state;
  assert_int_equal(xv_live_count(), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_id_dsn),       cmocka_unit_test(test_id_quota),
    cmocka_unit_test(test_id_guid_and_dn), cmocka_unit_test(test_id_refused),
    cmocka_unit_test(test_status_codes), cmocka_unit_test(test_id_type),
    cmocka_unit_test(test_text_length),  cmocka_unit_test(test_text_html),
    cmocka_unit_test(test_locales),      cmocka_unit_test(test_default_texts),
    cmocka_unit_test(test_no_leaks),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
