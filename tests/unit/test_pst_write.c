/* test_pst_write.c — writes PSTs with cmdlets/pst_write.c and reads them back with libpff's C
 * API (folders, counts, subjects, senders, bodies, recipients, attachment names and bytes,
 * embedded messages, a 2,000-message folder), then with pffexport and readpst through
 * tests/pst/check_readers.sh (skipped when those tools are missing). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <libpff.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pst_write.h"

/* ---------------------------------------------------------------------------------- */
/* Building messages                                                                  */
/* ---------------------------------------------------------------------------------- */

static char tmpdir[64];

static const char *tpath(const char *name)
{
  static char p[128];
  snprintf(p, sizeof p, "%s/%s", tmpdir, name);
  return p;
}

static xv recip(const char *name, const char *email, int type)
{
  xv r = xv_dict();
  r = xv_set(r, "Name", xv_str(name));
  r = xv_set(r, "Email", xv_str(email));
  r = xv_set(r, "AddressType", xv_str("SMTP"));
  return xv_set(r, "Type", xv_int(type));
}

static xv attach(const char *name, const char *data, size_t n)
{
  xv a = xv_dict();
  a = xv_set(a, "LongFileName", xv_str(name));
  a = xv_set(a, "FileName", xv_str(name));
  a = xv_set(a, "MimeType", xv_str("application/octet-stream"));
  a = xv_set(a, "Method", xv_int(1));
  return xv_set(a, "Data", xv_strn(data, n));
}

static xv message(const char *subject, const char *body)
{
  xv m = xv_dict();
  m = xv_set(m, "MessageClass", xv_str("IPM.Note"));
  m = xv_set(m, "Subject", xv_str(subject));
  m = xv_set(m, "SenderName", xv_str("Alice Example"));
  m = xv_set(m, "SenderEmail", xv_str("alice@example.com"));
  m = xv_set(m, "SentTime", xv_int(133000000000000000LL));
  m = xv_set(m, "ReceivedTime", xv_int(133000000010000000LL));
  if (body) m = xv_set(m, "Body", xv_str(body));
  return m;
}

static char *random_bytes(size_t n, unsigned seed)
{
  char *b = malloc(n);
  srand(seed);
  for (size_t i = 0; i < n; i++) b[i] = (char)(rand() >> 7);
  return b;
}

#define BIG_ATT (300 * 1024)
#define MANY 2000
/* BMP only: libpff 20180714 decodes UTF-16 surrogate pairs wrongly (U+1F600 comes back as
 * U+1F201); readpst reads them right, and the writer emits correct pairs. */
#define SUBJ_UNI "Grüße ✓ 日本語 Ωμέγα"

static void add(pstw *w, uint64_t folder, xv m)
{
  char err[256] = "";
  int rc = pstw_message(w, folder, m, err, sizeof err);
  if (rc) fprintf(stderr, "%s\n", err);
  assert_int_equal(rc, 0);
  xv_free(m);
}

/* Inbox (plain, Unicode, recipients), Inbox\Projects (HTML, attachments, embedded), a
 * Unicode-named folder with 200 recipients on one message. */
static void write_sample(const char *path, const char *big)
{
  char err[256];
  pstw *w;
  uint64_t inbox, proj, uni, del, again;
  assert_int_equal(pstw_open(path, "Sample Store", &w, err, sizeof err), 0);
  assert_int_equal(pstw_folder(w, 0, "Inbox", "IPF.Note", &inbox, err, sizeof err), 0);
  assert_int_equal(pstw_folder(w, inbox, "Projects", "IPF.Note", &proj, err, sizeof err), 0);
  assert_int_equal(pstw_folder(w, 0, "Entwürfe 日本", NULL, &uni, err, sizeof err), 0);
  assert_int_equal(pstw_folder(w, 0, "deleted items", NULL, &del, err, sizeof err), 0);
  assert_int_equal(pstw_folder(w, 0, "INBOX", NULL, &again, err, sizeof err), 0);
  assert_true(again == inbox);

  xv m = message(SUBJ_UNI, "Plain body ✓\r\nsecond line");
  xv rl = xv_arr();
  rl = xv_arr_push(rl, recip("Bob To", "bob@example.com", 1));
  rl = xv_arr_push(rl, recip("Carol Cc", "carol@example.com", 2));
  rl = xv_arr_push(rl, recip("Dave Bcc", "dave@example.com", 3));
  m = xv_set(m, "Recipients", rl);
  m = xv_set(m, "DisplayTo", xv_str("Bob To"));
  m = xv_set(m, "InternetMessageId", xv_str("<m1@example.com>"));
  add(w, inbox, m);

  char *longbody = malloc(60001);
  for (int i = 0; i < 60000; i++) longbody[i] = (char)('a' + i % 26);
  longbody[60000] = 0;
  add(w, inbox, message("Long body", longbody));
  free(longbody);

  m = message("HTML and attachments", NULL);
  m = xv_set(m, "BodyHtml", xv_str("<html><body><b>bold</b></body></html>"));
  xv al = xv_arr();
  al = xv_arr_push(al, attach("empty.bin", "", 0));
  al = xv_arr_push(al, attach("small.txt", "small attachment", 16));
  al = xv_arr_push(al, attach("big.bin", big, BIG_ATT));
  m = xv_set(m, "Attachments", al);
  add(w, proj, m);

  xv inner = message("Inner message", "inner body");
  inner = xv_set(inner, "Recipients", xv_arr_push(xv_arr(), recip("Erin", "erin@example.com", 1)));
  inner = xv_set(inner, "Attachments", xv_arr_push(xv_arr(), attach("inner.txt", "inner bytes", 11)));
  xv ea = xv_dict();
  ea = xv_set(ea, "LongFileName", xv_str("Inner message.msg"));
  ea = xv_set(ea, "Method", xv_int(5));
  ea = xv_set(ea, "Message", inner);
  m = message("Outer message", "outer body");
  m = xv_set(m, "Attachments", xv_arr_push(xv_arr(), ea));
  add(w, proj, m);

  m = message("Many recipients", "hello all");
  rl = xv_arr();
  for (int i = 0; i < 200; i++) {
    char name[32], mail[48];
    snprintf(name, sizeof name, "Person %03d", i);
    snprintf(mail, sizeof mail, "p%03d@example.com", i);
    rl = xv_arr_push(rl, recip(name, mail, 1 + i % 3));
  }
  m = xv_set(m, "Recipients", rl);
  xv props = xv_set(xv_dict(), "0x0E1D001F", xv_str("normalized"));
  m = xv_set(m, "Properties", props);
  add(w, uni, m);
  assert_int_equal(pstw_close(w, err, sizeof err), 0);
}

/* ---------------------------------------------------------------------------------- */
/* Reading back with libpff                                                           */
/* ---------------------------------------------------------------------------------- */

typedef libpff_item_t item;

static libpff_file_t *open_pst(const char *path, item **root)
{
  libpff_file_t *f = NULL;
  assert_int_equal(libpff_file_initialize(&f, NULL), 1);
  assert_int_equal(libpff_file_open(f, path, LIBPFF_OPEN_READ, NULL), 1);
  assert_int_equal(libpff_file_get_root_folder(f, root, NULL), 1);
  return f;
}

static void close_pst(libpff_file_t *f, item *root)
{
  libpff_item_free(&root, NULL);
  libpff_file_close(f, NULL);
  libpff_file_free(&f, NULL);
}

static char *folder_name(item *f)
{
  static char b[256];
  size_t n = 0;
  b[0] = 0;
  if (libpff_folder_get_utf8_name_size(f, &n, NULL) == 1 && n <= sizeof b)
    libpff_folder_get_utf8_name(f, (uint8_t *)b, n, NULL);
  return b;
}

/* The sub-folder of f called name (owned by the caller), or fails the test. */
static item *sub_folder(item *f, const char *name)
{
  int n = 0;
  assert_int_equal(libpff_folder_get_number_of_sub_folders(f, &n, NULL), 1);
  for (int i = 0; i < n; i++) {
    item *s = NULL;
    assert_int_equal(libpff_folder_get_sub_folder(f, i, &s, NULL), 1);
    if (!strcmp(folder_name(s), name)) return s;
    libpff_item_free(&s, NULL);
  }
  fail_msg("no folder '%s'", name);
  return NULL;
}

static int sub_folder_count(item *f)
{
  int n = -1;
  assert_int_equal(libpff_folder_get_number_of_sub_folders(f, &n, NULL), 1);
  return n;
}

static int message_count(item *f)
{
  int n = -1;
  assert_int_equal(libpff_folder_get_number_of_sub_messages(f, &n, NULL), 1);
  return n;
}

static item *message_at(item *f, int i)
{
  item *m = NULL;
  assert_int_equal(libpff_folder_get_sub_message(f, i, &m, NULL), 1);
  return m;
}

/* A string property of an item (record set 0), "" when absent. */
static char *prop_str(item *it, uint32_t type)
{
  static char b[4][512];
  static int k;
  char *o = b[k++ % 4];
  size_t n = 0;
  o[0] = 0;
  if (libpff_message_get_entry_value_utf8_string_size(it, type, &n, NULL) == 1 && n <= 512)
    libpff_message_get_entry_value_utf8_string(it, type, (uint8_t *)o, n, NULL);
  return o;
}

static char *rs_str(libpff_record_set_t *rs, uint32_t type)
{
  static char b[4][256];
  static int k;
  char *o = b[k++ % 4];
  libpff_record_entry_t *e = NULL;
  size_t n = 0;
  o[0] = 0;
  if (libpff_record_set_get_entry_by_type(rs, type, 0, &e, LIBPFF_ENTRY_VALUE_FLAG_MATCH_ANY_VALUE_TYPE, NULL) == 1) {
    if (libpff_record_entry_get_data_as_utf8_string_size(e, &n, NULL) == 1 && n <= 256)
      libpff_record_entry_get_data_as_utf8_string(e, (uint8_t *)o, n, NULL);
    libpff_record_entry_free(&e, NULL);
  }
  return o;
}

static uint32_t rs_u32(libpff_record_set_t *rs, uint32_t type)
{
  libpff_record_entry_t *e = NULL;
  uint32_t v = 0xDEAD;
  if (libpff_record_set_get_entry_by_type(rs, type, 0, &e, LIBPFF_ENTRY_VALUE_FLAG_MATCH_ANY_VALUE_TYPE, NULL) == 1) {
    libpff_record_entry_get_data_as_32bit_integer(e, &v, NULL);
    libpff_record_entry_free(&e, NULL);
  }
  return v;
}

/* Record set 0 of an item (attachment name etc.). */
static libpff_record_set_t *set0(item *it)
{
  libpff_record_set_t *rs = NULL;
  assert_int_equal(libpff_item_get_record_set_by_index(it, 0, &rs, NULL), 1);
  return rs;
}

static char *body(item *m, int html)
{
  size_t n = 0;
  int rc = html ? libpff_message_get_html_body_size(m, &n, NULL) : libpff_message_get_plain_text_body_size(m, &n, NULL);
  if (rc != 1) return NULL;
  uint8_t *b = calloc(1, n + 1);
  rc = html ? libpff_message_get_html_body(m, b, n, NULL) : libpff_message_get_plain_text_body(m, b, n, NULL);
  assert_int_equal(rc, 1);
  return (char *)b;
}

static void check_recipients(item *m, int n, const char *first_name, const char *first_mail)
{
  item *rc = NULL;
  int sets = 0;
  assert_int_equal(libpff_message_get_recipients(m, &rc, NULL), 1);
  assert_int_equal(libpff_item_get_number_of_record_sets(rc, &sets, NULL), 1);
  assert_int_equal(sets, n);
  for (int i = 0; i < sets; i++) {
    libpff_record_set_t *rs = NULL;
    assert_int_equal(libpff_item_get_record_set_by_index(rc, i, &rs, NULL), 1);
    assert_int_equal(rs_u32(rs, 0x0C15), (uint32_t)(n == 200 ? 1 + i % 3 : i + 1));
    assert_string_equal(rs_str(rs, 0x3002), "SMTP");
    if (i == 0) {
      assert_string_equal(rs_str(rs, 0x3001), first_name);
      assert_string_equal(rs_str(rs, 0x3003), first_mail);
      assert_string_equal(rs_str(rs, 0x39FE), first_mail);
    }
    libpff_record_set_free(&rs, NULL);
  }
  libpff_item_free(&rc, NULL);
}

/* Attachment i of m: checks its long file name and exact bytes. */
static void check_attachment(item *m, int i, const char *name, const char *data, size_t n)
{
  item *a = NULL;
  size64_t size = 0;
  int type = 0;
  assert_int_equal(libpff_message_get_attachment(m, i, &a, NULL), 1);
  assert_int_equal(libpff_attachment_get_type(a, &type, NULL), 1);
  assert_int_equal(type, LIBPFF_ATTACHMENT_TYPE_DATA);
  libpff_record_set_t *rs = set0(a);
  assert_string_equal(rs_str(rs, 0x3707), name);
  libpff_record_set_free(&rs, NULL);
  int rc = libpff_attachment_get_data_size(a, &size, NULL);
  assert_true(rc == 1 || (rc == 0 && n == 0));
  assert_int_equal(size, n);
  if (n) {
    uint8_t *b = malloc(n);
    assert_int_equal(libpff_attachment_data_read_buffer(a, b, n, NULL), (ssize_t)n);
    assert_memory_equal(b, data, n);
    free(b);
  }
  libpff_item_free(&a, NULL);
}

static void check_inbox(item *ipm)
{
  item *inbox = sub_folder(ipm, "Inbox");
  assert_int_equal(message_count(inbox), 2);
  assert_int_equal(sub_folder_count(inbox), 1);
  item *m = message_at(inbox, 0);
  assert_string_equal(prop_str(m, 0x0037), SUBJ_UNI);
  assert_string_equal(prop_str(m, 0x0C1A), "Alice Example");
  assert_string_equal(prop_str(m, 0x0C1F), "alice@example.com");
  assert_string_equal(prop_str(m, 0x1035), "<m1@example.com>");
  uint64_t t = 0;
  assert_int_equal(libpff_message_get_delivery_time(m, &t, NULL), 1);
  assert_true(t == 133000000010000000ULL);
  char *b = body(m, 0);
  assert_string_equal(b, "Plain body ✓\r\nsecond line");
  free(b);
  check_recipients(m, 3, "Bob To", "bob@example.com");
  libpff_item_free(&m, NULL);
  m = message_at(inbox, 1);
  b = body(m, 0);
  assert_int_equal(strlen(b), 60000);
  assert_int_equal(b[59999], 'a' + 59999 % 26);
  free(b);
  libpff_item_free(&m, NULL);
  libpff_item_free(&inbox, NULL);
}

static void check_embedded(item *m)
{
  item *a = NULL, *in = NULL;
  int type = 0, n = 0;
  assert_int_equal(libpff_message_get_number_of_attachments(m, &n, NULL), 1);
  assert_int_equal(n, 1);
  assert_int_equal(libpff_message_get_attachment(m, 0, &a, NULL), 1);
  assert_int_equal(libpff_attachment_get_type(a, &type, NULL), 1);
  assert_int_equal(type, LIBPFF_ATTACHMENT_TYPE_ITEM);
  assert_int_equal(libpff_attachment_get_item(a, &in, NULL), 1);
  assert_string_equal(prop_str(in, 0x0037), "Inner message");
  char *b = body(in, 0);
  assert_string_equal(b, "inner body");
  free(b);
  check_recipients(in, 1, "Erin", "erin@example.com");
  check_attachment(in, 0, "inner.txt", "inner bytes", 11);
  libpff_item_free(&in, NULL);
  libpff_item_free(&a, NULL);
}

static void check_projects(item *ipm, const char *big)
{
  item *inbox = sub_folder(ipm, "Inbox"), *proj = sub_folder(inbox, "Projects");
  int n = 0;
  assert_int_equal(message_count(proj), 2);
  item *m = message_at(proj, 0);
  assert_string_equal(prop_str(m, 0x0037), "HTML and attachments");
  char *b = body(m, 1);
  assert_string_equal(b, "<html><body><b>bold</b></body></html>");
  free(b);
  assert_int_equal(libpff_message_get_number_of_attachments(m, &n, NULL), 1);
  assert_int_equal(n, 3);
  check_attachment(m, 0, "empty.bin", "", 0);
  check_attachment(m, 1, "small.txt", "small attachment", 16);
  check_attachment(m, 2, "big.bin", big, BIG_ATT);
  libpff_item_free(&m, NULL);
  m = message_at(proj, 1);
  check_embedded(m);
  libpff_item_free(&m, NULL);
  libpff_item_free(&proj, NULL);
  libpff_item_free(&inbox, NULL);
}

static void test_sample_roundtrip(void **state)
{
  (void)state;
  char *big = random_bytes(BIG_ATT, 42);
  const char *path = tpath("sample.pst");
  write_sample(path, big);
  item *root = NULL;
  libpff_file_t *f = open_pst(path, &root);
  item *ipm = sub_folder(root, "Top of Personal Folders");
  assert_int_equal(sub_folder_count(ipm), 3);   /* Deleted Items, Inbox, Entwürfe 日本 */
  item *del = sub_folder(ipm, "Deleted Items");
  assert_int_equal(message_count(del), 0);
  libpff_item_free(&del, NULL);
  check_inbox(ipm);
  check_projects(ipm, big);
  item *uni = sub_folder(ipm, "Entwürfe 日本"), *m = message_at(uni, 0);
  assert_string_equal(prop_str(m, 0x0E1D), "normalized");
  check_recipients(m, 200, "Person 000", "p000@example.com");
  libpff_item_free(&m, NULL);
  libpff_item_free(&uni, NULL);
  libpff_item_free(&ipm, NULL);
  close_pst(f, root);
  free(big);
}

/* ---------------------------------------------------------------------------------- */
/* A large folder: multi-level B-trees, row matrix in a subnode, BTH index levels     */
/* ---------------------------------------------------------------------------------- */

static void write_many(const char *path)
{
  char err[256], subj[64];
  pstw *w;
  uint64_t fold;
  assert_int_equal(pstw_open(path, NULL, &w, err, sizeof err), 0);
  assert_int_equal(pstw_folder(w, 0, "Bulk", "IPF.Note", &fold, err, sizeof err), 0);
  for (int i = 0; i < MANY; i++) {
    snprintf(subj, sizeof subj, "Bulk message %04d", i);
    xv m = message(subj, "bulk body text");
    m = xv_set(m, "Recipients", xv_arr_push(xv_arr(), recip("Bob", "bob@example.com", 1)));
    add(w, fold, m);
  }
  assert_int_equal(pstw_close(w, err, sizeof err), 0);
}

static void test_large_folder(void **state)
{
  (void)state;
  const char *path = tpath("many.pst");
  char want[64];
  write_many(path);
  item *root = NULL;
  libpff_file_t *f = open_pst(path, &root);
  item *ipm = sub_folder(root, "Top of Personal Folders"), *bulk = sub_folder(ipm, "Bulk");
  assert_int_equal(message_count(bulk), MANY);
  for (int i = 0; i < MANY; i += 97) {
    item *m = message_at(bulk, i);
    snprintf(want, sizeof want, "Bulk message %04d", i);
    assert_string_equal(prop_str(m, 0x0037), want);
    libpff_item_free(&m, NULL);
  }
  item *m = message_at(bulk, MANY - 1);
  assert_string_equal(prop_str(m, 0x0037), "Bulk message 1999");
  libpff_item_free(&m, NULL);
  libpff_item_free(&bulk, NULL);
  libpff_item_free(&ipm, NULL);
  close_pst(f, root);
}

/* ---------------------------------------------------------------------------------- */
/* Independent readers (pffexport, readpst) and errors                                */
/* ---------------------------------------------------------------------------------- */

/* Runs tests/pst/<script> (found from this file's path) on pst; returns its exit code. */
static int run_script(const char *script, const char *pst, const char *args)
{
  char cmd[1024], dir[512];
  snprintf(dir, sizeof dir, "%s", __FILE__);
  char *slash = strrchr(dir, '/');
  if (slash) *slash = 0;
  snprintf(cmd, sizeof cmd, "'%s/../pst/%s' '%s' %s >&2", dir, script, pst, args);
  int rc = system(cmd);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static int run_readers(const char *pst, const char *args)
{
  return run_script("check_readers.sh", pst, args);
}

/* tests/pst/verify_pst.py: CRCs, signatures, trailers, map pages, AMap bits. */
static void test_structure(void **state)
{
  (void)state;
  char *big = random_bytes(BIG_ATT, 9);
  write_sample(tpath("verify.pst"), big);
  free(big);
  if (system("command -v python3 >/dev/null 2>&1")) skip();
  assert_int_equal(run_script("verify_pst.py", tpath("verify.pst"), ""), 0);
  write_many(tpath("verify-many.pst"));
  assert_int_equal(run_script("verify_pst.py", tpath("verify-many.pst"), ""), 0);
}

static void test_readers(void **state)
{
  (void)state;
  char *big = random_bytes(BIG_ATT, 7);
  write_sample(tpath("readers.pst"), big);
  free(big);
  int rc = run_readers(tpath("readers.pst"), "5 'second line' 'Long body' 'HTML and attachments'"
                                              " small.txt big.bin 'hello all' 'outer body'");
  if (rc == 77) skip();
  assert_int_equal(rc, 0);
  write_many(tpath("many2.pst"));
  assert_int_equal(run_readers(tpath("many2.pst"), "2000 'Bulk message 1999' 'bulk body text'"), 0);
}

static void test_errors(void **state)
{
  (void)state;
  char err[256] = "";
  pstw *w = NULL;
  uint64_t h;
  assert_int_equal(pstw_open("/nonexistent-dir/x.pst", NULL, &w, err, sizeof err), -1);
  assert_non_null(strstr(err, "/nonexistent-dir/x.pst"));
  assert_null(w);
  const char *path = tpath("aborted.pst");
  assert_int_equal(pstw_open(path, NULL, &w, err, sizeof err), 0);
  assert_int_equal(pstw_folder(w, 99, "X", NULL, &h, err, sizeof err), -1);
  assert_int_equal(pstw_folder(w, 0, "", NULL, &h, err, sizeof err), -1);
  assert_int_equal(pstw_message(w, 42, xv_null(), err, sizeof err), -1);
  assert_int_equal(pstw_folder(w, 0, "Inbox", NULL, &h, err, sizeof err), 0);
  assert_int_equal(pstw_message(w, h, xv_null(), err, sizeof err), -1);
  assert_int_equal(access(path, F_OK), 0);
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);
  pstw_abort(w);
  assert_int_equal(access(path, F_OK), -1);
}

static int setup(void **state)
{
  (void)state;
  snprintf(tmpdir, sizeof tmpdir, "/tmp/test_pst_write.XXXXXX");
  return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
  char cmd[128];
  (void)state;
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  assert_int_equal(xv_live_count(), 0);
  return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_sample_roundtrip),
    cmocka_unit_test(test_large_folder),
    cmocka_unit_test(test_readers),
    cmocka_unit_test(test_structure),
    cmocka_unit_test(test_errors),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
