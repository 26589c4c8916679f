/* test_mailstore.c — unit tests of store/mailstore.c: folders (ensure, find, list), messages
 * (add, scan, load, delete) with exact attachment bytes (a 1 MB random one, an embedded message
 * with its own attachment, NUL bytes, invalid UTF-8), reopening, torn and orphan writes, file
 * modes, destroy, group commit and a writer that dies before committing, the duplicate hash. Each test runs in its own mkdtemp folder. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mailstore.h"

#define GUID "0b5c3f4e-1d2a-4c6b-8e9f-a0b1c2d3e4f5"

typedef struct fixture {
  char tmp[64];        /* the mkdtemp folder (the store folder), removed by teardown */
  char path[512];      /* scratch for file paths */
  long live0;          /* xv_live_count() before the test */
} fixture;

#define MUST(call)                                                                \
  do {                                                                            \
    int rc_ = (call);                                                             \
    if (rc_ != STORE_OK) print_message("%s: %s\n", #call, e.msg);                 \
    assert_int_equal(rc_, STORE_OK);                                              \
  } while (0)

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st; (void)flag; (void)ftw;
  return remove(p);
}

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  strcpy(f->tmp, "/tmp/exsh-mail-XXXXXX");
  if (!mkdtemp(f->tmp)) return -1;
  f->live0 = xv_live_count();
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  long live0 = f->live0;
  nftw(f->tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
  free(f);
  assert_int_equal(xv_live_count(), live0);
  return 0;
}

static const char *fpath(fixture *f, const char *rel) {
  snprintf(f->path, sizeof f->path, "%s/mail/" GUID "/%s", f->tmp, rel);
  return f->path;
}

static mailstore *open_ms(fixture *f, bool create) {
  mailstore *m;
  store_err e;
  MUST(mailstore_open(f->tmp, GUID, create, &m, &e));
  return m;
}

/* Deep equality of two values (borrowed), binary-safe for strings. */
static bool same(xv a, xv b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
  case XV_STR: return xv_strlen_b(a) == xv_strlen_b(b) && !memcmp(xv_str_b(a), xv_str_b(b), xv_strlen_b(a));
  case XV_ARR:
    if (xv_len_b(a) != xv_len_b(b)) return false;
    for (uint32_t i = 0; i < xv_len_b(a); i++) if (!same(xv_arr_get_b(a, i), xv_arr_get_b(b, i))) return false;
    return true;
  case XV_DICT: case XV_OBJ:
    if (xv_len_b(a) != xv_len_b(b)) return false;
    for (uint32_t i = 0; i < xv_len_b(a); i++) {
      if (strcmp(xv_key_b(a, i), xv_key_b(b, i))) return false;   /* order kept */
      if (!same(xv_val_b(a, i), xv_val_b(b, i))) return false;
    }
    return true;
  case XV_INT: return a.u.i == b.u.i;
  case XV_BOOL: return a.u.b == b.u.b;
  case XV_DBL: return a.u.d == b.u.d;
  default: return true;
  }
}

static xv note(const char *subject, int64_t sent) {
  xv m = xv_dict();
  m = xv_set(m, "MessageClass", xv_str("IPM.Note"));
  m = xv_set(m, "Subject", xv_str(subject));
  m = xv_set(m, "SenderName", xv_str("Ayla Kol"));
  m = xv_set(m, "SenderEmail", xv_str("ayla@contoso.com"));
  m = xv_set(m, "SentTime", xv_int(sent));
  m = xv_set(m, "Body", xv_str("Hello there.\r\n"));
  return m;
}

static xv random_bytes(size_t n) {
  char *b = malloc(n);
  unsigned s = 12345;
  for (size_t i = 0; i < n; i++) s = s * 1103515245u + 12345u, b[i] = (char)(s >> 16);
  xv v = xv_strn(b, n);
  free(b);
  return v;
}

static xv attachment(const char *name, xv data) {
  xv a = xv_dict();
  a = xv_set(a, "FileName", xv_str(name));
  a = xv_set(a, "Method", xv_int(1));
  a = xv_set(a, "Size", xv_int((int64_t)xv_strlen_b(data)));
  return xv_set(a, "Data", data);
}

/* A message with a 1 MB random attachment, a small binary one with NULs, and an embedded
 * message that has its own attachment; a subject that is not valid UTF-8. */
static xv rich_message(void) {
  xv m = note("Quarterly \xff report", 132000000000000000LL);
  xv inner = note("Inner", 131000000000000000LL);
  xv inner_atts = xv_arr_push(xv_arr(), attachment("inner.txt", xv_strn("in\0ner", 6)));
  inner = xv_set(inner, "Attachments", inner_atts);
  xv emb = xv_set(xv_set(xv_dict(), "FileName", xv_str("Inner")), "Method", xv_int(5));
  emb = xv_set(emb, "Message", inner);
  xv atts = xv_arr();
  atts = xv_arr_push(atts, attachment("big.bin", random_bytes(1 << 20)));
  atts = xv_arr_push(atts, attachment("nul.bin", xv_strn("\0\1\2\0", 4)));
  atts = xv_arr_push(atts, emb);
  m = xv_set(m, "Attachments", atts);
  xv props = xv_set(xv_dict(), "0x0E1D001F", xv_str("normalized"));
  props = xv_set(props, "0x300B0102", xv_set(xv_dict(), "Binary", xv_str("0aff")));
  props = xv_set(props, "odd", xv_set(xv_dict(), "$file", xv_str("../../etc/passwd")));
  m = xv_set(m, "Properties", props);
  m = xv_set(m, "Recipients", xv_arr_push(xv_arr(), xv_set(xv_set(xv_dict(), "Email", xv_str("b@x.com")), "Type", xv_int(1))));
  return m;
}

typedef struct collect { xv list; int stop_after; } collect;

static int collect_visit(void *ud, xv s) {
  collect *c = ud;
  c->list = xv_arr_push(c->list, xv_copy(s));
  return c->stop_after && (int)xv_len_b(c->list) >= c->stop_after;
}

static xv scan_all(mailstore *m, uint64_t folder) {
  store_err e;
  collect c = {xv_arr(), 0};
  MUST(mailstore_scan(m, folder, collect_visit, &c, &e));
  return c.list;
}

/* ---------------- folders ---------------- */

static void test_folders(void **state) {
  fixture *f = *state;
  store_err e;
  uint64_t inbox, proj, again, sent, found;
  mailstore *m = open_ms(f, true);
  MUST(mailstore_folder_ensure(m, "\\Inbox", "IPF.Note", &inbox, &e));
  MUST(mailstore_folder_ensure(m, "\\Sent Items", "IPF.Note", &sent, &e));
  MUST(mailstore_folder_ensure(m, "\\inbox\\Projects\\2024", NULL, &proj, &e));   /* parents made */
  MUST(mailstore_folder_ensure(m, "\\INBOX", NULL, &again, &e));
  assert_int_equal(again, inbox);
  assert_true(inbox > 1 && sent > inbox && proj > sent);
  MUST(mailstore_folder_find(m, "\\Inbox\\projects\\2024", &found, &e));
  assert_int_equal(found, proj);
  MUST(mailstore_folder_find(m, "\\", &found, &e));
  assert_int_equal(found, 1);
  assert_int_equal(mailstore_folder_find(m, "\\Nope", &found, &e), STORE_NOTFOUND);
  xv list;
  MUST(mailstore_folders(m, &list, &e));
  assert_int_equal(xv_len_b(list), 5);   /* root, Inbox, Projects, 2024, Sent Items */
  const char *paths[] = {"\\", "\\Inbox", "\\Inbox\\Projects", "\\Inbox\\Projects\\2024", "\\Sent Items"};
  for (int i = 0; i < 5; i++) {
    xv d = xv_arr_get_b(list, (uint32_t)i);
    assert_string_equal(xv_str_b(xv_get_b(d, "Path")), paths[i]);
    assert_int_equal(xv_get_b(d, "ItemCount").u.i, 0);
  }
  assert_string_equal(xv_str_b(xv_get_b(xv_arr_get_b(list, 1), "ContainerClass")), "IPF.Note");
  assert_string_equal(xv_str_b(xv_get_b(xv_arr_get_b(list, 3), "Name")), "2024");
  assert_int_equal(xv_get_b(xv_arr_get_b(list, 3), "ParentId").u.i, (int64_t)(proj - 1));
  xv_free(list);
  mailstore_close(m);
  m = open_ms(f, false);   /* another handle sees the same tree */
  MUST(mailstore_folder_find(m, "\\Sent Items", &found, &e));
  assert_int_equal(found, sent);
  mailstore_close(m);
}

/* ---------------- messages ---------------- */

static void test_add_scan_load(void **state) {
  fixture *f = *state;
  store_err e;
  uint64_t inbox, drafts, id1, id2, id3;
  mailstore *m = open_ms(f, true);
  MUST(mailstore_folder_ensure(m, "\\Inbox", "IPF.Note", &inbox, &e));
  MUST(mailstore_folder_ensure(m, "\\Drafts", "IPF.Note", &drafts, &e));
  xv rich = rich_message();
  MUST(mailstore_add(m, inbox, xv_copy(rich), &id1, &e));
  MUST(mailstore_add(m, drafts, note("Draft", 5), &id2, &e));
  MUST(mailstore_add(m, inbox, note("Second", 7), &id3, &e));
  assert_true(id1 < id2 && id2 < id3);
  /* the attachment bytes are outside the JSON, in their own files */
  char rel[64];
  struct stat st;
  snprintf(rel, sizeof rel, "msg/%02x/%llu.0.bin", (unsigned)(id1 >> 10 & 0xFF), (unsigned long long)id1);
  assert_int_equal(stat(fpath(f, rel), &st), 0);
  assert_int_equal(st.st_size, 1 << 20);
  assert_int_equal(st.st_mode & 0777, 0600);
  snprintf(rel, sizeof rel, "msg/%02x/%llu.2.0.bin", (unsigned)(id1 >> 10 & 0xFF), (unsigned long long)id1);
  assert_int_equal(stat(fpath(f, rel), &st), 0);   /* the embedded message's attachment */
  assert_int_equal(st.st_size, 6);
  snprintf(rel, sizeof rel, "msg/%02x/%llu.json", (unsigned)(id1 >> 10 & 0xFF), (unsigned long long)id1);
  assert_int_equal(stat(fpath(f, rel), &st), 0);
  assert_true(st.st_size < 4096);
  assert_int_equal(stat(fpath(f, "msg"), &st), 0);
  assert_int_equal(st.st_mode & 0777, 0700);

  xv in_inbox = scan_all(m, inbox);
  assert_int_equal(xv_len_b(in_inbox), 2);
  xv s = xv_arr_get_b(in_inbox, 0);
  assert_int_equal(xv_get_b(s, "Id").u.i, (int64_t)id1);
  assert_int_equal(xv_get_b(s, "FolderId").u.i, (int64_t)inbox);
  assert_true(same(xv_get_b(s, "Subject"), xv_get_b(rich, "Subject")));
  assert_true(xv_get_b(s, "HasAttachments").u.b);
  assert_true(xv_get_b(s, "Size").u.i > (1 << 20));
  xv h = mailstore_hash_b(rich);
  assert_string_equal(xv_str_b(xv_get_b(s, "Hash")), xv_str_b(h));
  assert_int_equal(xv_strlen_b(h), 16);
  xv_free(h);
  assert_false(xv_get_b(xv_arr_get_b(in_inbox, 1), "HasAttachments").u.b);
  xv_free(in_inbox);
  xv every = scan_all(m, 0);
  assert_int_equal(xv_len_b(every), 3);
  xv_free(every);
  collect c = {xv_arr(), 1};   /* a visitor may stop the scan */
  MUST(mailstore_scan(m, 0, collect_visit, &c, &e));
  assert_int_equal(xv_len_b(c.list), 1);
  xv_free(c.list);

  xv back;
  MUST(mailstore_load(m, id1, &back, &e));
  assert_true(same(back, rich));   /* every byte, every key, in order */
  xv_free(back);
  xv_free(rich);
  assert_int_equal(mailstore_load(m, 999, &back, &e), STORE_NOTFOUND);
  assert_int_equal(xv_kind_b(back), XV_NULL);
  assert_int_equal(mailstore_add(m, 4242, note("x", 1), &id3, &e), STORE_NOTFOUND);
  mailstore_close(m);
}

static void test_delete(void **state) {
  fixture *f = *state;
  store_err e;
  uint64_t inbox, id1, id2;
  mailstore *m = open_ms(f, true);
  MUST(mailstore_folder_ensure(m, "\\Inbox", "IPF.Note", &inbox, &e));
  MUST(mailstore_add(m, inbox, rich_message(), &id1, &e));
  MUST(mailstore_add(m, inbox, note("Keep", 1), &id2, &e));
  MUST(mailstore_delete(m, id1, &e));
  assert_int_equal(mailstore_delete(m, id1, &e), STORE_NOTFOUND);
  char rel[64];
  snprintf(rel, sizeof rel, "msg/%02x/%llu.0.bin", (unsigned)(id1 >> 10 & 0xFF), (unsigned long long)id1);
  assert_int_equal(access(fpath(f, rel), F_OK), -1);
  snprintf(rel, sizeof rel, "msg/%02x/%llu.2.0.bin", (unsigned)(id1 >> 10 & 0xFF), (unsigned long long)id1);
  assert_int_equal(access(fpath(f, rel), F_OK), -1);
  xv list = scan_all(m, inbox);
  assert_int_equal(xv_len_b(list), 1);
  assert_int_equal(xv_get_b(xv_arr_get_b(list, 0), "Id").u.i, (int64_t)id2);
  xv_free(list);
  MUST(mailstore_folders(m, &list, &e));
  assert_int_equal(xv_get_b(xv_arr_get_b(list, 1), "ItemCount").u.i, 1);
  xv_free(list);
  mailstore_close(m);
  /* ids are never handed out again, even after the highest one was deleted and on reopen */
  m = open_ms(f, false);
  MUST(mailstore_delete(m, id2, &e));
  mailstore_close(m);
  m = open_ms(f, false);
  uint64_t id3;
  MUST(mailstore_add(m, inbox, note("New", 2), &id3, &e));
  assert_true(id3 > id2);
  list = scan_all(m, inbox);
  assert_int_equal(xv_len_b(list), 1);
  xv_free(list);
  mailstore_close(m);
}

/* ---------------- durability ---------------- */

static void test_reopen_and_torn_tail(void **state) {
  fixture *f = *state;
  store_err e;
  uint64_t inbox, id1, id2, id3;
  mailstore *m = open_ms(f, true);
  MUST(mailstore_folder_ensure(m, "\\Inbox", "IPF.Note", &inbox, &e));
  MUST(mailstore_add(m, inbox, note("One", 1), &id1, &e));
  MUST(mailstore_add(m, inbox, note("Two", 2), &id2, &e));
  mailstore_close(m);
  /* a crash mid-append: half an index line, and an orphan message file, no next-id hint */
  char rel[64];
  snprintf(rel, sizeof rel, "index-%llu.jsonl", (unsigned long long)inbox);
  FILE *fp = fopen(fpath(f, rel), "ab");
  fputs("{\"Id\":99,\"Subject\":\"tor", fp);
  fclose(fp);
  fp = fopen(fpath(f, "folders.jsonl"), "ab");
  fputs("{\"Id\":50,\"ParentId\":1,\"Na", fp);
  fclose(fp);
  unlink(fpath(f, "next-id"));
  snprintf(rel, sizeof rel, "msg/%02x/%llu.json", (unsigned)((id2 + 1) >> 10 & 0xFF), (unsigned long long)(id2 + 1));
  char dir[16];
  snprintf(dir, sizeof dir, "msg/%02x", (unsigned)((id2 + 1) >> 10 & 0xFF));
  mkdir(fpath(f, dir), 0700);
  fp = fopen(fpath(f, rel), "wb");
  fputs("{\"orphan\":true}", fp);
  fclose(fp);

  m = open_ms(f, false);
  xv list = scan_all(m, inbox);
  assert_int_equal(xv_len_b(list), 2);   /* the torn line is not a message */
  assert_string_equal(xv_str_b(xv_get_b(xv_arr_get_b(list, 1), "Subject")), "Two");
  xv_free(list);
  MUST(mailstore_folders(m, &list, &e));
  assert_int_equal(xv_len_b(list), 2);   /* nor is the torn folder line */
  xv_free(list);
  MUST(mailstore_add(m, inbox, note("Three", 3), &id3, &e));   /* truncates the torn tail */
  assert_int_equal(id3, id2 + 1);                              /* the orphan's id, overwritten */
  uint64_t sub;
  MUST(mailstore_folder_ensure(m, "\\Inbox\\Sub", NULL, &sub, &e));
  mailstore_close(m);

  m = open_ms(f, false);
  list = scan_all(m, inbox);
  assert_int_equal(xv_len_b(list), 3);
  assert_string_equal(xv_str_b(xv_get_b(xv_arr_get_b(list, 2), "Subject")), "Three");
  xv_free(list);
  xv msg;
  MUST(mailstore_load(m, id3, &msg, &e));
  assert_string_equal(xv_str_b(xv_get_b(msg, "Subject")), "Three");
  xv_free(msg);
  uint64_t found;
  MUST(mailstore_folder_find(m, "\\Inbox\\Sub", &found, &e));
  assert_int_equal(found, sub);
  mailstore_close(m);
  /* no half line is left in the index */
  snprintf(rel, sizeof rel, "index-%llu.jsonl", (unsigned long long)inbox);
  fp = fopen(fpath(f, rel), "rb");
  char buf[4096];
  size_t n = fread(buf, 1, sizeof buf - 1, fp);
  fclose(fp);
  buf[n] = 0;
  assert_null(strstr(buf, "tor"));
  assert_int_equal(buf[n - 1], '\n');
}

static void test_two_handles(void **state) {
  fixture *f = *state;
  store_err e;
  uint64_t inbox, a, b, found;
  mailstore *m1 = open_ms(f, true), *m2 = open_ms(f, false);
  MUST(mailstore_folder_ensure(m1, "\\Inbox", "IPF.Note", &inbox, &e));
  MUST(mailstore_folder_find(m2, "\\Inbox", &found, &e));   /* sees the other handle's folder */
  assert_int_equal(found, inbox);
  MUST(mailstore_add(m1, inbox, note("a", 1), &a, &e));
  MUST(mailstore_add(m2, inbox, note("b", 2), &b, &e));
  assert_int_not_equal(a, b);                                /* ids are reserved at add */
  xv list = scan_all(m1, inbox);                             /* commits m1's message only */
  assert_int_equal(xv_len_b(list), 1);
  xv_free(list);
  mailstore_close(m2);                                       /* commits m2's */
  list = scan_all(m1, inbox);
  assert_int_equal(xv_len_b(list), 2);
  xv_free(list);
  mailstore_close(m1);
}

/* Group commit: the index gets the lines of 256 messages (or of those a second old) without
 * any other call on the writer's handle, and the rest at close. */
static void test_group_commit(void **state) {
  fixture *f = *state;
  store_err e;
  uint64_t inbox, id;
  mailstore *w = open_ms(f, true), *r;
  MUST(mailstore_folder_ensure(w, "\\Inbox", "IPF.Note", &inbox, &e));
  for (int i = 0; i < 300; i++) MUST(mailstore_add(w, inbox, note("bulk", i), &id, &e));
  r = open_ms(f, false);
  xv list = scan_all(r, inbox);
  /* 256 on a quiet machine; a slow one also commits each second, so at most 255 wait */
  assert_in_range(xv_len_b(list), 300 - 255, 299);
  xv_free(list);
  mailstore_close(w);
  list = scan_all(r, inbox);
  assert_int_equal(xv_len_b(list), 300);
  assert_int_equal(xv_get_b(xv_arr_get_b(list, 299), "Id").u.i, (int64_t)id);
  xv_free(list);
  mailstore_close(r);
}

/* A writer that dies before its commit leaves orphan files but no index line; the next writer
 * goes on after the ids it reserved. */
static void test_crash_before_commit(void **state) {
  fixture *f = *state;
  store_err e;
  uint64_t inbox, id, kept;
  mailstore *m = open_ms(f, true);
  MUST(mailstore_folder_ensure(m, "\\Inbox", "IPF.Note", &inbox, &e));
  MUST(mailstore_add(m, inbox, note("kept", 1), &kept, &e));
  mailstore_close(m);
  pid_t pid = fork();
  if (pid == 0) {
    mailstore *c;
    uint64_t cid;
    if (mailstore_open(f->tmp, GUID, false, &c, NULL)) _exit(2);
    for (int i = 0; i < 3; i++) if (mailstore_add(c, inbox, rich_message(), &cid, NULL)) _exit(3);
    _exit(0);   /* no close: nothing committed */
  }
  int status;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_int_equal(WEXITSTATUS(status), 0);
  m = open_ms(f, false);
  xv list = scan_all(m, inbox);
  assert_int_equal(xv_len_b(list), 1);
  xv_free(list);
  MUST(mailstore_add(m, inbox, note("after", 2), &id, &e));
  assert_int_equal(id, kept + 4);
  list = scan_all(m, inbox);
  assert_int_equal(xv_len_b(list), 2);
  xv_free(list);
  mailstore_close(m);
}

static void test_open_missing_and_destroy(void **state) {
  fixture *f = *state;
  store_err e;
  mailstore *m;
  uint64_t inbox, id;
  assert_int_equal(mailstore_open(f->tmp, GUID, false, &m, &e), STORE_NOTFOUND);
  assert_null(m);
  assert_int_equal(mailstore_open(f->tmp, "../../etc", true, &m, &e), STORE_NOTFOUND);
  m = open_ms(f, true);
  MUST(mailstore_folder_ensure(m, "\\Inbox", "IPF.Note", &inbox, &e));
  MUST(mailstore_add(m, inbox, rich_message(), &id, &e));
  mailstore_close(m);
  struct stat st;
  assert_int_equal(stat(fpath(f, ""), &st), 0);
  assert_int_equal(st.st_mode & 0777, 0700);
  assert_int_equal(stat(fpath(f, "folders.jsonl"), &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);
  MUST(mailstore_destroy(f->tmp, GUID, &e));
  assert_int_equal(access(fpath(f, ""), F_OK), -1);
  assert_int_equal(mailstore_destroy(f->tmp, GUID, &e), STORE_NOTFOUND);
  snprintf(f->path, sizeof f->path, "%s/mail", f->tmp);
  assert_int_equal(stat(f->path, &st), 0);   /* only that mailbox went */
}

static void test_hash(void **state) {
  (void)state;
  xv a = note("Hello", 10), b = note("Hello", 10), c = note("Hello", 11);
  b = xv_set(b, "Body", xv_str("Other words.\r\n"));   /* same length: same key */
  xv ha = mailstore_hash_b(a), hb = mailstore_hash_b(b), hc = mailstore_hash_b(c);
  assert_string_equal(xv_str_b(ha), xv_str_b(hb));
  assert_string_equal(xv_str_b(ha), "4f01192d80193be2");   /* FNV-1a 64 of "IPM.Note|Hello|ayla@contoso.com|10|14" */
  assert_string_not_equal(xv_str_b(ha), xv_str_b(hc));
  xv_free(ha), xv_free(hb), xv_free(hc);
  xv empty = xv_dict(), he = mailstore_hash_b(empty);
  assert_string_equal(xv_str_b(he), "1e271700f62e3285");   /* of "|||0|0" */
  xv_free(he), xv_free(empty);
  xv_free(a), xv_free(b), xv_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_folders, setup, teardown),
    cmocka_unit_test_setup_teardown(test_add_scan_load, setup, teardown),
    cmocka_unit_test_setup_teardown(test_delete, setup, teardown),
    cmocka_unit_test_setup_teardown(test_reopen_and_torn_tail, setup, teardown),
    cmocka_unit_test_setup_teardown(test_two_handles, setup, teardown),
    cmocka_unit_test_setup_teardown(test_group_commit, setup, teardown),
    cmocka_unit_test_setup_teardown(test_crash_before_commit, setup, teardown),
    cmocka_unit_test_setup_teardown(test_open_missing_and_destroy, setup, teardown),
    cmocka_unit_test_setup_teardown(test_hash, setup, teardown),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  if (xv_live_count() != 0) { fprintf(stderr, "xv_live_count() = %ld at exit\n", xv_live_count()); return 1; }
  return rc;
}
