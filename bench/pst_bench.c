/* pst_bench.c — writes a synthetic mailbox of N messages (~10 KB each: a 4 KB text body, which
 * is 8 KB as UTF-16, a 2 KB attachment, one recipient) to a PST with pst_write.c and prints
 * MB/s and peak RSS. Optionally reads it back with libpff (message count only).
 * Build: gcc -O2 -D_GNU_SOURCE -Ishell -Icmdlets -Istore bench/pst_bench.c build/libexsh.a \
 *          -ljansson -lpff -lreadline -lm -o /tmp/pst_bench
 * Run:   /tmp/pst_bench /tmp/big.pst 100000 [folders] */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "pst_write.h"

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static xv bench_message(int i, const char *body, const char *att)
{
  xv m = xv_dict();
  m = xv_set(m, "Subject", xv_strf("Benchmark message %d", i));
  m = xv_set(m, "SenderName", xv_str("Bench Sender"));
  m = xv_set(m, "SenderEmail", xv_str("sender@example.com"));
  m = xv_set(m, "SentTime", xv_int(133000000000000000LL + i * 10000000LL));
  m = xv_set(m, "ReceivedTime", xv_int(133000000000000000LL + i * 10000000LL));
  m = xv_set(m, "Body", xv_str(body));
  xv r = xv_set(xv_dict(), "Name", xv_str("Receiver"));
  r = xv_set(r, "Email", xv_str("rcpt@example.com"));
  m = xv_set(m, "Recipients", xv_arr_push(xv_arr(), r));
  xv a = xv_set(xv_dict(), "LongFileName", xv_strf("file%d.bin", i));
  a = xv_set(a, "Data", xv_strn(att, 2048));
  return xv_set(m, "Attachments", xv_arr_push(xv_arr(), a));
}

int main(int argc, char **argv)
{
  const char *path = argc > 1 ? argv[1] : "/tmp/pst_bench.pst";
  int n = argc > 2 ? atoi(argv[2]) : 100000, nf = argc > 3 ? atoi(argv[3]) : 10;
  char err[256], body[4097], att[2048];
  pstw *w;
  uint64_t fold[64];
  for (int i = 0; i < 4096; i++) body[i] = (char)(i % 64 == 63 ? '\n' : 'a' + i % 26);
  body[4096] = 0;
  for (int i = 0; i < 2048; i++) att[i] = (char)(i * 7);
  nf = nf < 1 ? 1 : nf > 64 ? 64 : nf;
  unlink(path);   /* the writer never replaces a file: the bench owns this one */
  double t0 = now();
  if (pstw_open(path, "Bench", &w, err, sizeof err)) { fprintf(stderr, "%s\n", err); return 1; }
  for (int f = 0; f < nf; f++) {
    char name[32];
    snprintf(name, sizeof name, "Folder %02d", f);
    pstw_folder(w, 0, name, "IPF.Note", &fold[f], err, sizeof err);
  }
  for (int i = 0; i < n; i++) {
    xv m = bench_message(i, body, att);
    if (pstw_message(w, fold[i % nf], m, err, sizeof err)) { fprintf(stderr, "%s\n", err); return 1; }
    xv_free(m);
  }
  if (pstw_close(w, err, sizeof err)) { fprintf(stderr, "%s\n", err); return 1; }
  double t = now() - t0;
  struct stat st;
  struct rusage ru;
  stat(path, &st);
  getrusage(RUSAGE_SELF, &ru);
  printf("export: %d messages, %.1f MB in %.2f s = %.1f MB/s, peak RSS %.1f MB\n", n,
         st.st_size / 1e6, t, st.st_size / 1e6 / t, ru.ru_maxrss / 1024.0);
  return 0;
}
