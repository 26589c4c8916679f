/* test_pst_read.c — unit tests of cmdlets/pst_read.c on the sample .pst files of
 * ../shared/data/pst (SOURCES.md there): folder and item counts of the IPM subtree, a known
 * subject per file, exact attachment bytes, embedded messages, ANSI and Japanese names; and
 * clean errors for a missing path, a file that isn't a PST and truncated copies.
 * The samples' folder is $EXSH_PST_DIR, else ../../../shared/data/pst from this file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pst_read.h"

/* The IPM subtree of each sample as pst_read sees it. SOURCES.md counts every folder and
 * item of the file (root, search and free/busy folders too); here: folders of the IPM subtree
 * including "\" itself, and the messages in them. */
typedef struct sample {
  const char *file;
  int folders;
  int items;
  const char *folder;     /* a folder path that must be there */
  const char *subject;    /* a subject that must be there */
  bool ansi;
} sample;

static const sample samples[] = {
  {"pst-extractor-enron.pst", 8, 71, "\\lokay-m\\MLOKAY (Non-Privileged)\\Personal",
   "Cirque du Soleil - Dralion", false},
  {"pstsdk-sample1.pst", 3, 1, "\\Sample1", "Here is a sample message", false},
  {"pstsdk-sample2.pst", 3, 1, "\\Sample2", "Here is a sample message", true},
  {"pstsdk-submessage.pst", 3, 1, "\\submessage",
   "This is a message which has an embedded message attached", false},
  {"pstsdk-test_ansi.pst", 3, 1, "\\Folder", "Post", true},
  {"pstsdk-test_unicode.pst", 3, 2, "\\Folder", "Test", false},
  {"ruby-msg-200-recipients.pst", 2, 1, "\\削除済みアイテム", "200 recipients", false},
  {"ruby-msg-attachAndInline.pst", 2, 1, "\\", "Attach and inline", false},
  {"ruby-msg-msgInMsg.pst", 2, 1, "\\", "I have attachments!", false},
  {"java-libpst-dist-list.pst", 13, 3, "\\Contacts", "Test appointment", false},
  {"java-libpst-passworded.pst", 13, 2, "\\Contacts", "contact name 1", false},
};

static char pst_dir[1024];

static const char *sample_path(const char *file) {
  static char buf[2048];
  snprintf(buf, sizeof buf, "%s/%s", pst_dir, file);
  return buf;
}

/* What a walk saw. */
typedef struct seen {
  int folders, items, bad;
  bool folder_found, subject_found;
  const sample *s;
  long attach_bytes;          /* by-value attachment bytes, all messages */
  int embedded;               /* embedded messages */
  int max_recipients;
  xv first_jpeg;              /* sample1: the attachment's Data (owned) */
} seen;

static int on_folder(void *ud, const char *path, const char *cls, long items) {
  seen *w = ud;
  (void)cls, (void)items;
  w->folders++;
  if (!strcmp(path, w->s->folder)) w->folder_found = true;
  return PSTR_GO;
}

static void count_attachments(seen *w, xv msg) {
  xv atts = xv_get_b(msg, "Attachments");
  for (uint32_t i = 0; i < xv_len_b(atts); i++) {
    xv a = xv_arr_get_b(atts, i), data = xv_get_b(a, "Data");
    if (data.kind == XV_STR) {
      assert_int_equal(xv_strlen_b(data), xv_get_b(a, "Size").u.i);
      w->attach_bytes += (long)xv_strlen_b(data);
      if (w->first_jpeg.kind == XV_NULL && xv_str_b(xv_get_b(a, "LongFileName")) &&
          strstr(xv_str_b(xv_get_b(a, "LongFileName")), ".jpg"))
        w->first_jpeg = xv_copy(data);
    }
    if (xv_get_b(a, "Message").kind == XV_DICT) {
      w->embedded++;
      assert_int_equal(xv_get_b(a, "Method").u.i, 5);
      count_attachments(w, xv_get_b(a, "Message"));
    }
  }
}

static int on_message(void *ud, const char *path, xv msg) {
  seen *w = ud;
  (void)path;
  w->items++;
  const char *subj = xv_str_b(xv_get_b(msg, "Subject"));
  if (subj && !strcmp(subj, w->s->subject)) w->subject_found = true;
  assert_non_null(xv_str_b(xv_get_b(msg, "MessageClass")));
  if ((int)xv_len_b(xv_get_b(msg, "Recipients")) > w->max_recipients)
    w->max_recipients = (int)xv_len_b(xv_get_b(msg, "Recipients"));
  count_attachments(w, msg);
  xv_free(msg);
  return PSTR_GO;
}

static int on_bad(void *ud, const char *path, const char *why) {
  seen *w = ud;
  (void)path;
  print_message("bad item: %s\n", why);
  w->bad++;
  return PSTR_GO;
}

static const pstr_visitor visitor = {on_folder, on_message, on_bad};

static void walk_sample(const sample *s, seen *w) {
  char err[1024];
  pstr *r = NULL;
  memset(w, 0, sizeof *w);
  w->s = s;
  int rc = pstr_open(sample_path(s->file), &r, err, sizeof err);
  if (rc) print_message("%s: %s\n", s->file, err);
  assert_int_equal(rc, 0);
  assert_int_equal(pstr_is_ansi(r), s->ansi);
  assert_int_equal(pstr_item_count(r), s->items);
  assert_int_equal(pstr_walk(r, &visitor, w, err, sizeof err), 0);
  pstr_close(r);
}

/* ---------------- every sample ---------------- */

static void test_every_sample(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
    seen w;
    walk_sample(&samples[i], &w);
    print_message("%-30s folders %d items %d attachment bytes %ld\n", samples[i].file, w.folders,
                  w.items, w.attach_bytes);
    assert_int_equal(w.folders, samples[i].folders);
    assert_int_equal(w.items, samples[i].items);
    assert_int_equal(w.bad, 0);
    assert_true(w.folder_found);
    assert_true(w.subject_found);
    xv_free(w.first_jpeg);
  }
  assert_int_equal(xv_live_count(), 0);
}

/* sample1's JPEG: 93,142 bytes, a JFIF start and end marker; the ANSI copy has the same. */
static void test_attachment_bytes(void **state) {
  (void)state;
  seen w1, w2;
  walk_sample(&samples[1], &w1);
  walk_sample(&samples[2], &w2);
  assert_int_equal(w1.first_jpeg.kind, XV_STR);
  const unsigned char *b = (const unsigned char *)xv_str_b(w1.first_jpeg);
  size_t n = xv_strlen_b(w1.first_jpeg);
  assert_int_equal(n, 93142);
  assert_true(b[0] == 0xFF && b[1] == 0xD8 && b[n - 2] == 0xFF && b[n - 1] == 0xD9);
  assert_int_equal(xv_strlen_b(w2.first_jpeg), n);
  assert_memory_equal(xv_str_b(w2.first_jpeg), b, n);
  xv_free(w1.first_jpeg);
  xv_free(w2.first_jpeg);
  seen e;
  walk_sample(&samples[0], &e);        /* enron: 70 attachment files, all non-empty */
  xv_free(e.first_jpeg);
  assert_true(e.attach_bytes > 1000000);
  assert_int_equal(xv_live_count(), 0);
}

static void test_embedded_and_recipients(void **state) {
  (void)state;
  seen w = {0};
  walk_sample(&samples[3], &w);        /* submessage */
  assert_int_equal(w.embedded, 1);
  walk_sample(&samples[8], &w);        /* msgInMsg: one embedded, one PNG */
  assert_int_equal(w.embedded, 1);
  assert_int_equal(w.attach_bytes, 134);
  walk_sample(&samples[6], &w);        /* 200 recipients */
  assert_int_equal(w.max_recipients, 200);
  assert_int_equal(xv_live_count(), 0);
}

/* ---------------- walk control ---------------- */

static int skip_all(void *ud, const char *path, const char *cls, long items) {
  (void)ud, (void)path, (void)cls, (void)items;
  return PSTR_SKIP;
}

static int stop_after_3(void *ud, const char *path, xv msg) {
  int *n = ud;
  (void)path;
  xv_free(msg);
  return ++*n == 3 ? PSTR_STOP : PSTR_GO;
}

/* PSTR_SKIP leaves a folder's messages unread (its subfolders are still visited);
 * PSTR_STOP from a message ends the walk at once. */
static void test_walk_control(void **state) {
  (void)state;
  char err[1024];
  pstr *r = NULL;
  int n = 0;
  assert_int_equal(pstr_open(sample_path("pst-extractor-enron.pst"), &r, err, sizeof err), 0);
  pstr_visitor skip = {skip_all, stop_after_3, NULL};
  assert_int_equal(pstr_walk(r, &skip, &n, err, sizeof err), 0);
  assert_int_equal(n, 0);
  pstr_visitor stop = {NULL, stop_after_3, NULL};
  assert_int_equal(pstr_walk(r, &stop, &n, err, sizeof err), PSTR_STOP);
  assert_int_equal(n, 3);
  pstr_close(r);
  assert_int_equal(xv_live_count(), 0);
}

/* ---------------- errors ---------------- */

static void expect_open_error(const char *path, const char *words) {
  char err[1024];
  pstr *r = (pstr *)1;
  assert_int_equal(pstr_open(path, &r, err, sizeof err), -1);
  assert_null(r);
  if (!strstr(err, words) || !strstr(err, path)) print_message("got: %s\n", err);
  assert_non_null(strstr(err, words));
  assert_non_null(strstr(err, path));
}

static void copy_prefix(const char *from, const char *to, long bytes) {
  FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
  assert_non_null(in);
  assert_non_null(out);
  char buf[4096];
  while (bytes > 0) {
    size_t k = fread(buf, 1, bytes < (long)sizeof buf ? (size_t)bytes : sizeof buf, in);
    if (!k) break;
    fwrite(buf, 1, k, out);
    bytes -= (long)k;
  }
  fclose(in);
  fclose(out);
}

static void test_errors(void **state) {
  (void)state;
  char tmp[] = "/tmp/test_pst_read.XXXXXX", path[256];
  assert_non_null(mkdtemp(tmp));
  snprintf(path, sizeof path, "%s/missing.pst", tmp);
  expect_open_error(path, "doesn't exist");
  expect_open_error(tmp, "isn't a file");
  snprintf(path, sizeof path, "%s/notes.txt", tmp);
  FILE *f = fopen(path, "w");
  fputs("This is not an Outlook data file.\n", f);
  fclose(f);
  expect_open_error(path, "isn't an Outlook data file");
  unlink(path);
  static const long cuts[] = {0, 100, 600, 4096, 100000, 200000};
  for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
    snprintf(path, sizeof path, "%s/cut%ld.pst", tmp, cuts[i]);
    copy_prefix(sample_path("pstsdk-sample1.pst"), path, cuts[i]);
    expect_open_error(path, cuts[i] == 0 ? "isn't an Outlook data file" : "truncated");
    unlink(path);
  }
  snprintf(path, sizeof path, "%s/enron-half.pst", tmp);
  copy_prefix(sample_path("pst-extractor-enron.pst"), path, 7000000);
  expect_open_error(path, "truncated");
  unlink(path);
  rmdir(tmp);
  assert_int_equal(xv_live_count(), 0);
}

/* A corrupt (not truncated) file: bytes flipped past the header. Opening may fail cleanly or
 * succeed; a walk then reports bad items or reads what it can. It never crashes. */
static void test_corrupt_never_crashes(void **state) {
  (void)state;
  char tmp[] = "/tmp/test_pst_read.XXXXXX", path[256], err[1024];
  assert_non_null(mkdtemp(tmp));
  snprintf(path, sizeof path, "%s/corrupt.pst", tmp);
  FILE *in = fopen(sample_path("pstsdk-sample1.pst"), "rb");
  assert_non_null(in);
  static unsigned char buf[271360];
  size_t n = fread(buf, 1, sizeof buf, in);
  fclose(in);
  srand(7);
  for (int round = 0; round < 20; round++) {
    unsigned char copy[sizeof buf];
    memcpy(copy, buf, n);
    for (int k = 0; k < 100; k++) copy[512 + (size_t)rand() % (n - 512)] = (unsigned char)rand();
    FILE *out = fopen(path, "wb");
    fwrite(copy, 1, n, out);
    fclose(out);
    pstr *r = NULL;
    seen w = {.s = &samples[1]};
    if (pstr_open(path, &r, err, sizeof err) == 0) {
      pstr_walk(r, &visitor, &w, err, sizeof err);
      pstr_close(r);
    } else {
      assert_non_null(strstr(err, path));
    }
    xv_free(w.first_jpeg);
  }
  unlink(path);
  rmdir(tmp);
  assert_int_equal(xv_live_count(), 0);
}

int main(void) {
  const char *env = getenv("EXSH_PST_DIR");
  if (env) {
    snprintf(pst_dir, sizeof pst_dir, "%s", env);
  } else {
    char here[1024];
    snprintf(here, sizeof here, "%s", __FILE__);
    snprintf(pst_dir, sizeof pst_dir, "%s/../../../shared/data/pst", dirname(here));
  }
  if (access(sample_path("pstsdk-sample1.pst"), R_OK) != 0) {
    fprintf(stderr, "test_pst_read: the sample .pst files aren't in %s (set EXSH_PST_DIR)\n", pst_dir);
    return 1;
  }
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_every_sample),
    cmocka_unit_test(test_attachment_bytes),
    cmocka_unit_test(test_embedded_and_recipients),
    cmocka_unit_test(test_walk_control),
    cmocka_unit_test(test_errors),
    cmocka_unit_test(test_corrupt_never_crashes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
