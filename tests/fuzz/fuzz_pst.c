/* fuzz_pst.c — libFuzzer target for the PST reader (cmdlets/pst_read.c over pst_ndb.c). The input
 * is a .pst file with its trailing zero bytes cut off: it is written to a temporary file (tmpfs
 * when there is one) and, when the header's ibFileEof says the file is longer, zero-extended to
 * that size (at most EXTEND_MAX; a sparse ftruncate, so cheap). A real PST is padded with zeros
 * to a whole allocation-map interval (271,360 bytes for a small one), so the seeds
 * (make_seeds.sh cuts the samples of ../shared/data/pst/) are 45-230 KB instead of 265 KB.
 * Then the walk Import-Mailbox does: pstr_open, pstr_is_ansi, pstr_item_count, pstr_walk over
 * every folder and message (each message consumed and freed, as import_message does).
 * Checks: nothing crashes or hangs (libFuzzer's -timeout); a refused open has a message naming
 * the file and no handle; every folder path starts with '\'; the folder callback's item count
 * is not negative; pstr_walk's -1 comes with a message; no xv leaks (xv_live_count() is the
 * same after each input).
 * Build and run: scripts/fuzz.sh 60 fuzz_pst (tests/fuzz/CMakeLists.txt with -DEXSH_FUZZ=ON
 * also builds it). */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pst_read.h"
#include "value.h"

#define EXTEND_MAX (4 << 20)   /* zero-extend to the header's size up to 4 MB */

static char path[512];

static void fail(const char *what, const char *detail) {
  fprintf(stderr, "fuzz_pst: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  abort();
}

/* ibFileEof of the header ([MS-PST] 2.2.2.6), as pst_read.c reads it; -1 when too short */
static int64_t header_eof(const uint8_t *h, size_t n) {
  if (n < 0xC0) return -1;
  unsigned ver = h[10] | h[11] << 8;
  uint64_t eof = 0;
  if (ver >= 23) {
    for (int i = 7; i >= 0; i--) eof = eof << 8 | h[0xB8 + i];
  } else {
    for (int i = 3; i >= 0; i--) eof = eof << 8 | h[0xA8 + i];
  }
  return eof > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)eof;
}

static void write_input(const uint8_t *p, size_t n) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) fail("cannot write", path);
  int64_t eof = header_eof(p, n);
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w <= 0) fail("cannot write", path);
    p += w;
    n -= (size_t)w;
  }
  off_t end = lseek(fd, 0, SEEK_END);
  if (eof > (int64_t)end && eof <= EXTEND_MAX && ftruncate(fd, (off_t)eof)) fail("cannot extend", path);
  close(fd);
}

typedef struct seen {
  long folders, messages, bad;
} seen;

static int on_folder(void *ud, const char *fpath, const char *cls, long items) {
  seen *s = ud;
  (void)cls;
  if (!fpath || fpath[0] != '\\') fail("a folder path doesn't start with '\\'", fpath);
  if (items < 0) fail("a folder has a negative item count", fpath);
  s->folders++;
  return PSTR_GO;
}

static int on_message(void *ud, const char *fpath, xv msg) {
  seen *s = ud;
  if (!fpath || fpath[0] != '\\') fail("a message's folder path doesn't start with '\\'", fpath);
  if (xv_kind_b(msg) != XV_DICT) fail("a message isn't a DICT", fpath);
  if (xv_kind_b(xv_get_b(msg, "MessageClass")) != XV_STR) fail("a message has no MessageClass", fpath);
  xv_free(msg);
  s->messages++;
  return PSTR_GO;
}

static int on_bad(void *ud, const char *fpath, const char *why) {
  seen *s = ud;
  if (!why || !*why) fail("a bad item without a reason", fpath);
  s->bad++;
  return PSTR_GO;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc; (void)argv;
  const char *t = getenv("TMPDIR");
  struct stat st;
  if (!t || !*t) t = stat("/dev/shm", &st) == 0 && access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  snprintf(path, sizeof path, "%s/exsh-fuzz-pst-%ld.pst", t, (long)getpid());
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  long live = xv_live_count();
  char err[1200];
  pstr *r = NULL;
  write_input(data, size);
  err[0] = '\0';
  if (pstr_open(path, &r, err, sizeof err) != 0) {
    if (r) fail("a refused open gave a handle", err);
    if (!strstr(err, path)) fail("the open error doesn't name the file", err);
  } else {
    if (!r) fail("pstr_open gave no handle", NULL);
    (void)pstr_is_ansi(r);
    if (pstr_item_count(r) < 0) fail("negative item count", NULL);
    seen s = {0, 0, 0};
    pstr_visitor v = {on_folder, on_message, on_bad};
    err[0] = '\0';
    int rc = pstr_walk(r, &v, &s, err, sizeof err);
    if (rc < 0 && !err[0]) fail("pstr_walk failed without a message", NULL);
    if (rc != 0 && rc != -1) fail("pstr_walk stopped though no callback asked", NULL);
    pstr_close(r);
  }
  unlink(path);
  if (xv_live_count() != live) fail("xv values leaked", NULL);
  return 0;
}
