/* store_bench.c — per-operation cost of store_put(CREATE), store_update and store_delete on an
 * empty store and on one already holding 10,000 records, and the ratio; also the cost of
 * store_open (what every exsh process pays once). Standalone: build like the unit test,
 *   gcc -std=c11 -O2 -D_GNU_SOURCE -Ishell -Istore store/store.c shell/value.c \
 *       bench/store_bench.c -ljansson -lm -o /tmp/store_bench && /tmp/store_bench [ops] */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store.h"

enum { BIG = 10000 };

typedef struct costs {
  double put, update, del, open;         /* wall-clock microseconds per call */
  double put_cpu, update_cpu, del_cpu;   /* CPU microseconds per call (without the disk's wait) */
} costs;

static double clock_us(clockid_t id) {
  struct timespec t;
  clock_gettime(id, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}
static double now_us(void) { return clock_us(CLOCK_MONOTONIC); }
static double cpu_us(void) { return clock_us(CLOCK_PROCESS_CPUTIME_ID); }

/* A record shaped like a system message: a dozen fields, ~300 bytes of JSON. */
static xv record(const char *key, int i) {
  xv r = xv_set(xv_dict(), "Identity", xv_str(key));
  r = xv_set(r, "Language", xv_str("en-US"));
  r = xv_set(r, "DsnCode", xv_strf("5.7.%d", i % 1000));
  r = xv_set(r, "Internal", xv_bool(i % 2));
  r = xv_set(r, "Text", xv_strf("Your message to the recipient could not be delivered (%d); please "
                                "contact the help desk and quote this code.", i));
  r = xv_set(r, "QuotaMessageType", xv_null());
  r = xv_set(r, "Size", xv_int(i * 1024LL));
  return xv_set(r, "Tags", xv_arr_push(xv_arr_push(xv_arr(), xv_str("a")), xv_str("b")));
}

static int check(int rc, const store_err *e) {
  if (rc) { fprintf(stderr, "store_bench: %s\n", e->msg); exit(1); }
  return rc;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st; (void)flag; (void)ftw;
  return remove(p);
}

/* Fills a fresh store with n records, then times ops calls of each kind. */
static costs measure(int n, int ops) {
  char tmp[] = "/tmp/exsh-bench-XXXXXX", key[32];
  store *s;
  store_err e;
  costs c;
  if (!mkdtemp(tmp)) exit(1);
  check(store_open(tmp, &s, &e), &e);
  for (int i = 0; i < n; i++) {
    snprintf(key, sizeof key, "base-%d", i);
    check(store_put(s, "msg", key, record(key, i), STORE_CREATE, &e), &e);
  }
  store_close(s);
  double t = now_us(), u;
  for (int i = 0; i < 5; i++) { check(store_open(tmp, &s, &e), &e); if (i < 4) store_close(s); }
  c.open = (now_us() - t) / 5;
  t = now_us(); u = cpu_us();
  for (int i = 0; i < ops; i++) {
    snprintf(key, sizeof key, "new-%d", i);
    check(store_put(s, "msg", key, record(key, i), STORE_CREATE, &e), &e);
  }
  c.put = (now_us() - t) / ops; c.put_cpu = (cpu_us() - u) / ops;
  t = now_us(); u = cpu_us();
  for (int i = 0; i < ops; i++) {
    snprintf(key, sizeof key, "new-%d", i);
    check(store_update(s, "msg", key, xv_set(xv_dict(), "Text", xv_strf("changed %d", i)), false, &e), &e);
  }
  c.update = (now_us() - t) / ops; c.update_cpu = (cpu_us() - u) / ops;
  t = now_us(); u = cpu_us();
  for (int i = 0; i < ops; i++) {
    snprintf(key, sizeof key, "new-%d", i);
    check(store_delete(s, "msg", key, &e), &e);
  }
  c.del = (now_us() - t) / ops; c.del_cpu = (cpu_us() - u) / ops;
  store_close(s);
  nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
  return c;
}

int main(int argc, char **argv) {
  int ops = argc > 1 ? atoi(argv[1]) : 500;
  costs a = measure(0, ops), b = measure(BIG, ops);
  printf("%-8s %12s %12s %6s | %12s %12s %6s\n", "op", "empty us", "10,000 us", "ratio",
         "empty cpu", "10,000 cpu", "ratio");
  printf("%-8s %12.1f %12.1f %6.2f | %12.1f %12.1f %6.2f\n", "put", a.put, b.put, b.put / a.put,
         a.put_cpu, b.put_cpu, b.put_cpu / a.put_cpu);
  printf("%-8s %12.1f %12.1f %6.2f | %12.1f %12.1f %6.2f\n", "update", a.update, b.update,
         b.update / a.update, a.update_cpu, b.update_cpu, b.update_cpu / a.update_cpu);
  printf("%-8s %12.1f %12.1f %6.2f | %12.1f %12.1f %6.2f\n", "delete", a.del, b.del, b.del / a.del,
         a.del_cpu, b.del_cpu, b.del_cpu / a.del_cpu);
  printf("%-8s %12.1f %12.1f %6.2f   (a new handle: what each exsh process pays once)\n", "open",
         a.open, b.open, b.open / a.open);
  return 0;
}
