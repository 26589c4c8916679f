/* test_store.c — unit tests of store/store.c: CRUD and error codes, durability, several handles
 * and processes on one folder, compaction, torn and corrupt files, schema, file modes.
 * Each test runs in its own mkdtemp folder (the store is <tmp>/store, made by store_open). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store.h"

typedef struct fixture {
  char tmp[64];        /* the mkdtemp folder, removed by teardown */
  char dir[128];       /* tmp/store: the store folder */
  char path[256];      /* scratch for file paths inside dir */
  long live0;          /* xv_live_count() before the test: 0 unless an earlier test failed */
} fixture;

/* ---------------- helpers ---------------- */

/* Asserts that call returns STORE_OK, printing its message (from the caller's `e`) if not. */
#define MUST(call)                                                                \
  do {                                                                            \
    int rc_ = (call);                                                             \
    if (rc_ != STORE_OK) print_message("%s: %s\n", #call, e.msg);                 \
    assert_int_equal(rc_, STORE_OK);                                              \
  } while (0)

static const char *fpath(fixture *f, const char *name) {
  snprintf(f->path, sizeof f->path, "%s/%s", f->dir, name);
  return f->path;
}

static xv rec(const char *name, int64_t n) {
  xv r = xv_set(xv_dict(), "Name", xv_str(name));
  return xv_set(r, "N", xv_int(n));
}

static char *slurp(const char *path, size_t *len) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return NULL;
  char *buf = malloc(1 << 22);
  size_t n = fread(buf, 1, (1 << 22) - 1, fp);
  fclose(fp);
  buf[n] = 0;
  if (len) *len = n;
  return buf;
}

static void spit(const char *path, const char *text, const char *mode) {
  FILE *fp = fopen(path, mode);
  assert_non_null(fp);
  fputs(text, fp);
  fclose(fp);
}

static bool exists(const char *path) { return access(path, F_OK) == 0; }

static long generation_of(fixture *f) {
  char *t = slurp(fpath(f, "config.json"), NULL);
  assert_non_null(t);
  char *g = strstr(t, "\"generation\"");
  assert_non_null(g);
  long gen = strtol(strchr(g, ':') + 1, NULL, 10);
  free(t);
  return gen;
}

static int64_t field_int(xv r, const char *name) { return xv_get_b(r, name).u.i; }

static void expect_n(store *s, const char *coll, const char *key, int64_t n) {
  xv r;
  store_err e;
  assert_int_equal(store_get(s, coll, key, &r, &e), STORE_OK);
  assert_int_equal(field_int(r, "N"), n);
  xv_free(r);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st; (void)flag; (void)ftw;
  return remove(p);
}

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  strcpy(f->tmp, "/tmp/exsh-store-XXXXXX");
  if (!mkdtemp(f->tmp)) return -1;
  snprintf(f->dir, sizeof f->dir, "%s/store", f->tmp);
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

/* ---------------- create, read, update, delete ---------------- */

static void test_create_get_list(void **state) {
  fixture *f = *state;
  store *s;
  store_err e;
  MUST(store_open(f->dir, &s, &e));
  MUST(store_put(s, "msg", "b", rec("b", 2), STORE_CREATE, &e));
  MUST(store_put(s, "msg", "a", rec("a", 1), STORE_CREATE, &e));
  MUST(store_put(s, "msg", "C", rec("C", 3), STORE_CREATE, &e));
  assert_int_equal(store_put(s, "msg", "A", rec("dup", 9), STORE_CREATE, &e), STORE_EXISTS);
  assert_int_equal(e.code, STORE_EXISTS);
  assert_non_null(strstr(e.msg, "already exists"));
  expect_n(s, "msg", "c", 3);                        /* keys match case-insensitively */
  expect_n(s, "MSG", "A", 1);                        /* the unchanged record */
  xv r;
  assert_int_equal(store_get(s, "msg", "zz", &r, &e), STORE_NOTFOUND);
  assert_int_equal(xv_kind_b(r), XV_NULL);
  assert_int_equal(store_get(s, "nope", "a", &r, &e), STORE_NOTFOUND);
  xv list;
  MUST(store_list(s, "msg", &list, &e));
  assert_int_equal(xv_len_b(list), 3);
  assert_string_equal(xv_str_b(xv_get_b(xv_arr_get_b(list, 0), "Name")), "b"); /* insertion order */
  assert_string_equal(xv_str_b(xv_get_b(xv_arr_get_b(list, 2), "Name")), "C");
  xv_free(list);
  MUST(store_list(s, "nope", &list, &e));
  assert_int_equal(xv_len_b(list), 0);
  xv_free(list);
  assert_int_equal(store_count(s, "msg"), 3);
  assert_int_equal(store_count(s, "nope"), 0);
  store_close(s);
}

static void test_update_delete(void **state) {
  fixture *f = *state;
  store *s;
  store_err e;
  xv r;
  MUST(store_open(f->dir, &s, &e));
  MUST(store_put(s, "m", "k", rec("k", 1), STORE_CREATE, &e));
  MUST(store_update(s, "m", "K", xv_set(xv_dict(), "Extra", xv_str("x")), false, &e));
  MUST(store_get(s, "m", "k", &r, &e));
  assert_int_equal(xv_len_b(r), 3);                  /* merged: Name, N, Extra */
  assert_string_equal(xv_key_b(r, 2), "Extra");
  assert_int_equal(field_int(r, "N"), 1);
  xv_free(r);
  assert_int_equal(store_update(s, "m", "missing", xv_set(xv_dict(), "a", xv_int(1)), false, &e), STORE_NOTFOUND);
  MUST(store_update(s, "single", "", xv_set(xv_dict(), "MaxSize", xv_int(10)), true, &e));
  MUST(store_get(s, "single", "", &r, &e));
  assert_int_equal(xv_len_b(r), 1);                  /* just the fields given */
  assert_int_equal(field_int(r, "MaxSize"), 10);
  xv_free(r);
  assert_int_equal(store_put(s, "m", "other", rec("o", 5), STORE_REPLACE, &e), STORE_NOTFOUND);
  MUST(store_put(s, "m", "k", rec("k", 7), STORE_REPLACE, &e));
  expect_n(s, "m", "k", 7);
  MUST(store_get(s, "m", "k", &r, &e));
  assert_false(xv_has_b(r, "Extra"));               /* replace drops old fields */
  xv_free(r);
  MUST(store_put(s, "m", "u", rec("u", 8), STORE_UPSERT, &e));
  MUST(store_put(s, "m", "u", rec("u", 9), STORE_UPSERT, &e));
  expect_n(s, "m", "u", 9);
  MUST(store_delete(s, "m", "K", &e));
  assert_int_equal(store_delete(s, "m", "k", &e), STORE_NOTFOUND);
  assert_int_equal(store_delete(s, "none", "k", &e), STORE_NOTFOUND);
  assert_int_equal(store_count(s, "m"), 1);
  store_close(s);
}

static void test_value_kinds(void **state) {
  fixture *f = *state;
  store *s;
  store_err e;
  MUST(store_open(f->dir, &s, &e));
  xv r = xv_dict();
  r = xv_set(r, "null", xv_null());
  r = xv_set(r, "t", xv_bool(true));
  r = xv_set(r, "big", xv_int(INT64_MIN));
  r = xv_set(r, "dbl", xv_dbl(2.5));
  r = xv_set(r, "nan", xv_dbl(NAN));
  r = xv_set(r, "s", xv_str("caf\xc3\xa9 \"q\"\nline"));
  r = xv_set(r, "bad", xv_str("a\xff" "b"));
  r = xv_set(r, "arr", xv_arr_push(xv_arr_push(xv_arr(), xv_int(1)), xv_str("two")));
  r = xv_set(r, "sub", xv_set(xv_dict(), "Inner", xv_bool(false)));
  r = xv_set(r, "obj", xv_set(xv_obj("Some.Type"), "P", xv_int(4)));
  MUST(store_put(s, "c", "k", r, STORE_CREATE, &e));
  store_close(s);
  MUST(store_open(f->dir, &s, &e));
  MUST(store_get(s, "c", "k", &r, &e));
  assert_int_equal(xv_kind_b(xv_get_b(r, "null")), XV_NULL);
  assert_true(xv_get_b(r, "t").u.b);
  assert_true(xv_get_b(r, "big").u.i == INT64_MIN);
  assert_true(xv_get_b(r, "dbl").u.d == 2.5);
  assert_int_equal(xv_kind_b(xv_get_b(r, "nan")), XV_NULL);
  assert_string_equal(xv_str_b(xv_get_b(r, "s")), "caf\xc3\xa9 \"q\"\nline");
  assert_string_equal(xv_str_b(xv_get_b(r, "bad")), "a\xef\xbf\xbd" "b");
  assert_int_equal(xv_len_b(xv_get_b(r, "arr")), 2);
  assert_string_equal(xv_str_b(xv_arr_get_b(xv_get_b(r, "arr"), 1)), "two");
  assert_false(xv_get_b(xv_get_b(r, "sub"), "inner").u.b);
  assert_int_equal(xv_kind_b(xv_get_b(r, "obj")), XV_DICT);
  assert_string_equal(xv_key_b(r, 6), "bad");       /* member order kept */
  xv_free(r);
  store_close(s);
}

/* ---------------- durability and sharing ---------------- */

static void test_durable_reopen(void **state) {
  fixture *f = *state;
  store *s;
  store_err e;
  MUST(store_open(f->dir, &s, &e));
  for (int i = 0; i < 50; i++) {
    char k[16];
    snprintf(k, sizeof k, "k%d", i);
    MUST(store_put(s, "m", k, rec(k, i), STORE_CREATE, &e));
  }
  MUST(store_update(s, "m", "k3", xv_set(xv_dict(), "N", xv_int(333)), false, &e));
  MUST(store_delete(s, "m", "k4", &e));
  store_close(s);
  MUST(store_open(f->dir, &s, &e));
  assert_int_equal(store_count(s, "m"), 49);
  expect_n(s, "m", "k3", 333);
  expect_n(s, "m", "K49", 49);
  xv r;
  assert_int_equal(store_get(s, "m", "k4", &r, &e), STORE_NOTFOUND);
  store_close(s);
}

static void test_two_handles(void **state) {
  fixture *f = *state;
  store *a, *b;
  store_err e;
  MUST(store_open(f->dir, &a, &e));
  MUST(store_open(f->dir, &b, &e));
  MUST(store_put(a, "m", "x", rec("x", 1), STORE_CREATE, &e));
  expect_n(b, "m", "x", 1);
  assert_int_equal(store_put(b, "m", "X", rec("x", 2), STORE_CREATE, &e), STORE_EXISTS);
  for (int i = 0; i < 100; i++) {                     /* interleaved merges: none lost */
    char name[16];
    snprintf(name, sizeof name, "f%d", i);
    MUST(store_update(i % 2 ? a : b, "m", "x", xv_set(xv_dict(), name, xv_int(i)), false, &e));
  }
  MUST(store_delete(b, "m", "x", &e));
  assert_int_equal(store_count(a, "m"), 0);
  MUST(store_put(a, "m", "x", rec("x", 5), STORE_CREATE, &e));
  MUST(store_update(b, "m", "x", xv_set(xv_dict(), "f1", xv_int(1)), false, &e));
  xv r;
  MUST(store_get(a, "m", "x", &r, &e));
  assert_int_equal(xv_len_b(r), 3);
  xv_free(r);
  for (int i = 0; i < 100; i++) MUST(store_update(i % 2 ? a : b, "m", "x", xv_set(xv_dict(), "N", xv_int(i)), false, &e));
  expect_n(a, "m", "x", 99);
  store_close(a);
  store_close(b);
}

/* One child's work: 1,000 puts of its own keys, and every tenth step a merge into "shared". */
static int child_work(const char *dir, store *inherited, int id) {
  store *s = inherited;
  store_err e;
  int bad = 0;
  if (id == 2) { store_close(s); s = NULL; }       /* child 2 opens its own handle */
  if (!s && store_open(dir, &s, &e)) return 10;
  for (int i = 0; i < 1000 && !bad; i++) {
    char k[32];
    snprintf(k, sizeof k, "w%d-%d", id, i);
    bad |= store_put(s, "c", k, rec(k, i), STORE_CREATE, &e) != STORE_OK;
    if (i % 10 == 0) bad |= store_update(s, "c", "shared", xv_set(xv_dict(), k, xv_int(i)), true, &e) != STORE_OK;
  }
  if (bad) fprintf(stderr, "child %d: %s\n", id, e.msg);
  store_close(s);
  return bad ? 1 : xv_live_count() ? 2 : 0;
}

static void test_two_processes(void **state) {
  fixture *f = *state;
  store *s;
  store_err e;
  MUST(store_open(f->dir, &s, &e));
  pid_t pid[3];
  for (int id = 0; id < 3; id++) {
    pid[id] = fork();
    assert_true(pid[id] >= 0);
    if (pid[id] == 0) _exit(child_work(f->dir, s, id)); /* 0 and 1 share the parent's */
  }
  for (int id = 0; id < 3; id++) {
    int st;
    assert_int_equal(waitpid(pid[id], &st, 0), pid[id]);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
  }
  assert_int_equal(store_count(s, "c"), 3001);
  expect_n(s, "c", "w0-999", 999);
  expect_n(s, "c", "w1-0", 0);
  expect_n(s, "c", "w2-500", 500);
  xv r;
  MUST(store_get(s, "c", "shared", &r, &e));
  assert_int_equal(xv_len_b(r), 300);                 /* no merge lost */
  xv_free(r);
  assert_true(generation_of(f) > 1);                  /* they compacted while racing */
  store_close(s);
}

/* ---------------- files on disk ---------------- */

static void test_compaction(void **state) {
  fixture *f = *state;
  store *s;
  store_err e;
  MUST(store_open(f->dir, &s, &e));
  assert_int_equal(generation_of(f), 1);
  char pad[200];
  memset(pad, 'p', sizeof pad - 1);
  pad[sizeof pad - 1] = 0;
  int i;
  for (i = 0; exists(fpath(f, "journal-1.log")) || i == 0; i++) {
    char k[16];
    snprintf(k, sizeof k, "k%d", i);
    MUST(store_put(s, "m", k, xv_set(rec(k, i), "Pad", xv_str(pad)), STORE_CREATE, &e));
    assert_true(i < 1000);
  }
  assert_true(i > 200);                               /* 64 KiB of journal first */
  assert_int_equal(generation_of(f), 2);
  assert_false(exists(fpath(f, "config.json.tmp")));
  spit(fpath(f, "journal-1.log"), "stale, from a crash before the unlink\n", "w");
  MUST(store_put(s, "m", "after", rec("after", -1), STORE_CREATE, &e));
  assert_true(exists(fpath(f, "journal-2.log")));
  store_close(s);
  MUST(store_open(f->dir, &s, &e));                   /* the stale journal is ignored */
  assert_int_equal(store_count(s, "m"), i + 1);
  expect_n(s, "m", "k0", 0);
  expect_n(s, "m", "after", -1);
  for (int j = 0; generation_of(f) == 2; j++) {
    MUST(store_update(s, "m", "k0", xv_set(xv_dict(), "Pad", xv_str(pad)), false, &e));
    assert_true(j < 100000);
  }
  assert_false(exists(fpath(f, "journal-1.log")));   /* cleaned at the next compaction */
  assert_false(exists(fpath(f, "journal-2.log")));
  store_close(s);
}

static void test_torn_tail(void **state) {
  fixture *f = *state;
  store *s, *other;
  store_err e;
  MUST(store_open(f->dir, &s, &e));
  MUST(store_open(f->dir, &other, &e));
  MUST(store_put(s, "m", "a", rec("a", 1), STORE_CREATE, &e));
  MUST(store_put(s, "m", "b", rec("b", 2), STORE_CREATE, &e));
  spit(fpath(f, "journal-1.log"), "{\"op\":\"put\",\"c\":\"m\",\"k\":\"torn\",\"v\":{\"N\":1,\"Pad\":\""
       "a tail longer than the line that the next writer appends, cut by it: TORNTAIL", "a");
  assert_int_equal(store_count(other, "m"), 2);       /* a reader ignores the torn line */
  store *fresh;
  MUST(store_open(f->dir, &fresh, &e));
  xv r;
  assert_int_equal(store_get(fresh, "m", "torn", &r, &e), STORE_NOTFOUND);
  MUST(store_put(fresh, "m", "c", rec("c", 3), STORE_CREATE, &e)); /* a writer cuts it away */
  size_t n = 0;
  char *j = slurp(fpath(f, "journal-1.log"), &n);
  assert_null(strstr(j, "TORNTAIL"));
  assert_int_equal(j[n - 1], '\n');
  free(j);
  spit(fpath(f, "journal-1.log"), "garbage that ends a line\n", "a");
  MUST(store_put(other, "m", "d", rec("d", 4), STORE_CREATE, &e));
  store_close(fresh);
  MUST(store_open(f->dir, &fresh, &e));
  assert_int_equal(store_count(fresh, "m"), 4);
  assert_int_equal(store_count(s, "m"), 4);
  expect_n(s, "m", "d", 4);
  store_close(fresh);
  store_close(other);
  store_close(s);
}

static void test_corrupt_journal_line(void **state) {
  fixture *f = *state;
  store *s;
  store_err e;
  MUST(store_open(f->dir, &s, &e));
  MUST(store_put(s, "m", "a", rec("a", 1), STORE_CREATE, &e));
  store_close(s);
  spit(fpath(f, "journal-1.log"), "not json\n{\"op\":\"del\",\"c\":\"m\",\"k\":\"a\"}\n", "a");
  assert_int_equal(store_open(f->dir, &s, &e), STORE_CORRUPT);
  assert_null(s);
  assert_non_null(strstr(e.msg, fpath(f, "journal-1.log")));
  assert_non_null(strstr(e.msg, "line 2"));
}

static const char bad_doc[] = "{\"schema\":1,\n\"generation\": 1,\n  garbage\n";

static void test_corrupt_snapshot(void **state) {
  fixture *f = *state;
  store *s;
  store_err e;
  assert_int_equal(mkdir(f->dir, 0700), 0);
  spit(fpath(f, "config.json"), bad_doc, "w");
  assert_int_equal(store_open(f->dir, &s, &e), STORE_CORRUPT);
  assert_null(s);
  assert_int_equal(e.code, STORE_CORRUPT);
  assert_non_null(strstr(e.msg, fpath(f, "config.json")));
  assert_non_null(strstr(e.msg, "line 3"));
  assert_non_null(strstr(e.msg, "column"));
  char *t = slurp(fpath(f, "config.json"), NULL);
  assert_string_equal(t, bad_doc);                    /* never overwritten */
  free(t);
  assert_false(exists(fpath(f, "journal-1.log")));
}

static void test_corrupt_under_open_handle(void **state) {
  fixture *f = *state;
  store *s;
  store_err e;
  MUST(store_open(f->dir, &s, &e));
  MUST(store_put(s, "m", "a", rec("a", 1), STORE_CREATE, &e));
  char tmp[300], good[300];
  snprintf(good, sizeof good, "%s.good", fpath(f, "config.json"));
  assert_int_equal(link(fpath(f, "config.json"), good), 0);
  snprintf(tmp, sizeof tmp, "%s.new", fpath(f, "config.json"));
  spit(tmp, bad_doc, "w");
  assert_int_equal(rename(tmp, fpath(f, "config.json")), 0);
  char *before = slurp(fpath(f, "journal-1.log"), NULL);
  assert_int_equal(store_put(s, "m", "b", rec("b", 2), STORE_CREATE, &e), STORE_CORRUPT);
  assert_non_null(strstr(e.msg, "line 3"));
  xv r;
  assert_int_equal(store_get(s, "m", "a", &r, &e), STORE_CORRUPT);
  assert_int_equal(store_update(s, "m", "a", xv_dict(), true, &e), STORE_CORRUPT);
  assert_int_equal(store_delete(s, "m", "a", &e), STORE_CORRUPT);
  assert_int_equal(store_count(s, "m"), 0);
  char *t = slurp(fpath(f, "config.json"), NULL), *after = slurp(fpath(f, "journal-1.log"), NULL);
  assert_string_equal(t, bad_doc);
  assert_string_equal(after, before);
  free(t); free(before); free(after);
  assert_int_equal(rename(good, fpath(f, "config.json")), 0);  /* fixed by hand: this handle */
  assert_int_equal(store_put(s, "m", "b", rec("b", 2), STORE_CREATE, &e), STORE_CORRUPT); /* still refuses */
  store_close(s);
  MUST(store_open(f->dir, &s, &e));                   /* a new one does not */
  expect_n(s, "m", "a", 1);
  store_close(s);
}

static void test_unknown_schema(void **state) {
  fixture *f = *state;
  store *s;
  store_err e;
  const char *doc = "{\"schema\": 99, \"generation\": 1, \"collections\": {}}\n";
  assert_int_equal(mkdir(f->dir, 0700), 0);
  spit(fpath(f, "config.json"), doc, "w");
  assert_int_equal(store_open(f->dir, &s, &e), STORE_SCHEMA);
  assert_null(s);
  assert_non_null(strstr(e.msg, fpath(f, "config.json")));
  assert_non_null(strstr(e.msg, "99"));
  char *t = slurp(fpath(f, "config.json"), NULL);
  assert_string_equal(t, doc);
  free(t);
}

static void test_modes_and_parents(void **state) {
  fixture *f = *state;
  store *s;
  store_err e;
  mode_t old = umask(0);                              /* the modes must not rely on the umask */
  snprintf(f->dir, sizeof f->dir, "%s/deep/er/store", f->tmp);
  MUST(store_open(f->dir, &s, &e));
  MUST(store_put(s, "m", "a", rec("a", 1), STORE_CREATE, &e));
  umask(old);
  struct stat st;
  assert_int_equal(stat(f->dir, &st), 0);
  assert_int_equal(st.st_mode & 07777, 0700);
  const char *files[] = {"config.json", "journal-1.log", "store.lock"};
  for (int i = 0; i < 3; i++) {
    assert_int_equal(stat(fpath(f, files[i]), &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
  }
  store_close(s);
  spit(fpath(f, "x"), "", "w");
  snprintf(f->path, sizeof f->path, "%s/x", f->dir);
  assert_int_equal(store_open(f->path, &s, &e), STORE_IO);   /* a file where the folder goes */
  assert_non_null(strstr(e.msg, "Not a directory"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_create_get_list, setup, teardown),
    cmocka_unit_test_setup_teardown(test_update_delete, setup, teardown),
    cmocka_unit_test_setup_teardown(test_value_kinds, setup, teardown),
    cmocka_unit_test_setup_teardown(test_durable_reopen, setup, teardown),
    cmocka_unit_test_setup_teardown(test_two_handles, setup, teardown),
    cmocka_unit_test_setup_teardown(test_two_processes, setup, teardown),
    cmocka_unit_test_setup_teardown(test_compaction, setup, teardown),
    cmocka_unit_test_setup_teardown(test_torn_tail, setup, teardown),
    cmocka_unit_test_setup_teardown(test_corrupt_journal_line, setup, teardown),
    cmocka_unit_test_setup_teardown(test_corrupt_snapshot, setup, teardown),
    cmocka_unit_test_setup_teardown(test_corrupt_under_open_handle, setup, teardown),
    cmocka_unit_test_setup_teardown(test_unknown_schema, setup, teardown),
    cmocka_unit_test_setup_teardown(test_modes_and_parents, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
