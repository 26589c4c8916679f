/* fuzz_store.c — libFuzzer target for the store loader. The input is a store folder in one
 * file: its first byte chooses what to write, the rest is the text of config.json, then
 * (after a line "--journal--") the text of journal-1.log:
 *   bit 0  write config.json          bit 1  write journal-1.log
 *   bit 2  also write a stale config.json.tmp and journal-0.log (a crash during compaction)
 *   bit 3  after a good open, commit one change, then reopen and read it back
 * Then store_open / store_list / store_get / store_count. Checks: nothing crashes; a refused
 * open names the path in its message and leaves config.json and the journal byte for byte as
 * they were; a committed change is there when the store is opened again; no xv leaks.
 * The folder is a fresh temporary directory (tmpfs when there is one), emptied after each run. */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"

static char dir[512];
static const char SEP[] = "\n--journal--\n";
static const char *const colls[] = { "systemmessages", "transportconfig", "", "x" };

static void fail(const char *what, const char *detail) {
  fprintf(stderr, "fuzz_store: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  abort();
}

static void write_file(const char *name, const uint8_t *p, size_t n) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) fail("cannot write", path);
  while (n) { ssize_t w = write(fd, p, n); if (w <= 0) fail("cannot write", path); p += w; n -= (size_t)w; }
  close(fd);
}

/* the file's bytes (malloc'd, *n its length) or NULL when absent */
static char *slurp(const char *name, size_t *n) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "rb");
  if (!f) { *n = 0; return NULL; }
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  rewind(f);
  char *b = malloc((size_t)len + 1);
  *n = fread(b, 1, (size_t)len, f);
  fclose(f);
  return b;
}

static bool same(const char *name, const char *before, size_t nbefore) {
  size_t n;
  char *now = slurp(name, &n);
  bool eq = (!now && !before) || (now && before && n == nbefore && !memcmp(now, before, n));
  free(now);
  return eq;
}

static void empty_dir(void) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  char p[1024];
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    unlink(p);
  }
  closedir(d);
}

static void read_all(store *s) {
  for (size_t i = 0; i < sizeof colls / sizeof *colls; i++) {
    store_err err;
    xv out = xv_null();
    int rc = store_list(s, colls[i], &out, &err);
    if (rc == STORE_OK && xv_kind_b(out) != XV_ARR) fail("store_list gave no array", colls[i]);
    if (rc != STORE_OK && !err.msg[0] && rc != STORE_NOTFOUND) fail("store_list failed silently", colls[i]);
    xv_free(out);
    out = xv_null();
    store_get(s, colls[i], "", &out, &err);
    xv_free(out);
    out = xv_null();
    store_get(s, colls[i], "en\\internal\\5.7.1", &out, &err);
    xv_free(out);
    store_count(s, colls[i]);
  }
}

/* commits one change, reopens the folder and reads it back */
static void write_and_reread(store *s) {
  store_err err;
  xv rec = xv_set(xv_dict(), "Text", xv_str("fuzz"));
  int rc = store_put(s, "systemmessages", "fuzz\\key", rec, STORE_UPSERT, &err);
  if (rc != STORE_OK) {
    if (!err.msg[0]) fail("store_put failed silently", NULL);
    return;
  }
  store *t;
  if (store_open(dir, &t, &err) != STORE_OK) fail("the store does not open after a commit", err.msg);
  xv out = xv_null();
  if (store_get(t, "systemmessages", "fuzz\\key", &out, &err) != STORE_OK) fail("a committed change is lost", err.msg);
  xv text = xv_get_b(out, "Text");
  if (xv_kind_b(text) != XV_STR || strcmp(xv_str_b(text), "fuzz")) fail("a committed change reads back wrong", NULL);
  xv_free(out);
  store_close(t);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc; (void)argv;
  const char *t = getenv("TMPDIR");
  struct stat st;
  if (!t || !*t) t = stat("/dev/shm", &st) == 0 && access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  snprintf(dir, sizeof dir, "%s/exsh-fuzz-store-XXXXXX", t);
  if (!mkdtemp(dir)) { perror("mkdtemp"); abort(); }
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  int mode = data[0];
  const uint8_t *cfg = data + 1, *jr = NULL;
  size_t ncfg = size - 1, njr = 0;
  const uint8_t *sep = memmem(cfg, ncfg, SEP, sizeof SEP - 1);
  if (sep) { jr = sep + sizeof SEP - 1; njr = (size_t)(data + size - jr); ncfg = (size_t)(sep - cfg); }

  empty_dir();
  if (mode & 1) write_file("config.json", cfg, ncfg);
  if (mode & 2) write_file("journal-1.log", jr ? jr : (const uint8_t *)"", njr);
  if (mode & 4) { write_file("config.json.tmp", cfg, ncfg / 2); write_file("journal-0.log", cfg, ncfg); }
  size_t nc0, nj0;
  char *c0 = slurp("config.json", &nc0), *j0 = slurp("journal-1.log", &nj0);

  long live = xv_live_count();
  store *s = NULL;
  store_err err;
  int rc = store_open(dir, &s, &err);
  if (rc == STORE_OK) {
    if (!s) fail("store_open gave no handle", NULL);
    read_all(s);
    if (mode & 8) write_and_reread(s);
    store_close(s);
  } else {
    if (!err.msg[0]) fail("store_open refused without a message", NULL);
    if ((rc == STORE_CORRUPT || rc == STORE_SCHEMA) && !strstr(err.msg, dir)) fail("the message does not name the file", err.msg);
    if (!same("config.json", c0, nc0)) fail("a refused config.json was changed", err.msg);
    if (!same("journal-1.log", j0, nj0)) fail("a refused journal was changed", err.msg);
    if (s) store_close(s);
  }
  if (xv_live_count() != live) fail("xv values leaked", NULL);
  free(c0);
  free(j0);
  empty_dir();
  return 0;
}
