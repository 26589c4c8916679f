/* gen_mailbox.c — fills an existing mailbox's content with a synthetic mailbox for
 * bench/mailbox.sh: N messages of about 10 KB (a plain-text body of 4-8 KB, every other one an
 * HTML body too, one message in three a binary attachment of 4-16 KB, two recipients) spread
 * over 10 folders, written straight through mailstore_add (no PST, no shell), deterministic.
 * Build (bench/mailbox.sh does it): gcc -O2 -D_GNU_SOURCE -Ishell -Istore -Icmdlets
 *   bench/gen_mailbox.c BUILD/libexsh.a -ljansson -lpff -lreadline -lm -o /tmp/gen_mailbox
 * Run:   gen_mailbox STORE_DIR MAILBOX_GUID N   (prints "messages bytes seconds") */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mailstore.h"

static const char *const FOLDERS[][2] = {
  {"\\Inbox", "IPF.Note"},           {"\\Inbox\\Projects", "IPF.Note"},
  {"\\Inbox\\Projects\\Alpha", "IPF.Note"}, {"\\Inbox\\Vendors", "IPF.Note"},
  {"\\Sent Items", "IPF.Note"},      {"\\Deleted Items", "IPF.Note"},
  {"\\Drafts", "IPF.Note"},          {"\\Archive", "IPF.Note"},
  {"\\Archive\\2009", "IPF.Note"},   {"\\Archive\\2010", "IPF.Note"},
};
enum { NFOLDERS = sizeof FOLDERS / sizeof *FOLDERS };

static const char *const WORDS[] = {
  "the", "quarterly", "report", "meeting", "schedule", "budget", "Exchange", "server", "please",
  "review", "attached", "draft", "contract", "deadline", "customer", "shipment", "invoice",
  "thanks", "regards", "update", "migration", "mailbox", "database", "tomorrow", "office",
};

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint32_t next_rand(void) {   /* xorshift64*: deterministic, fast */
  rng ^= rng >> 12, rng ^= rng << 25, rng ^= rng >> 27;
  return (uint32_t)((rng * 2685821657736338717ULL) >> 32);
}

/* Words up to n bytes, a line break every 70 columns or so. */
static size_t fill_text(char *buf, size_t n) {
  size_t len = 0, col = 0;
  while (len + 16 < n) {
    const char *w = WORDS[next_rand() % (sizeof WORDS / sizeof *WORDS)];
    size_t k = strlen(w);
    memcpy(buf + len, w, k), len += k, col += k;
    buf[len++] = col > 70 ? (col = 0, '\n') : ' ';
  }
  buf[len] = '\0';
  return len;
}

static xv recipient(const char *name, const char *email, int type) {
  xv r = xv_set(xv_dict(), "Name", xv_str(name));
  r = xv_set(r, "Email", xv_str(email));
  r = xv_set(r, "AddressType", xv_str("SMTP"));
  return xv_set(r, "Type", xv_int(type));
}

/* Message i; *bytes gets its body and attachment bytes. */
static xv message(long i, char *text, char *bin, int64_t *bytes) {
  int64_t ft = 129000000000000000LL + (int64_t)i * 600000000LL;   /* a minute apart, from 2009 */
  size_t blen = fill_text(text, 4096 + next_rand() % 4096);
  xv m = xv_set(xv_dict(), "MessageClass", xv_str("IPM.Note"));
  m = xv_set(m, "Subject", xv_strf("Synthetic message %ld: %.40s", i, text));
  m = xv_set(m, "SenderName", xv_strf("Sender %ld", i % 97));
  m = xv_set(m, "SenderEmail", xv_strf("sender%ld@example.com", i % 97));
  m = xv_set(m, "SenderAddressType", xv_str("SMTP"));
  m = xv_set(m, "DisplayTo", xv_str("Alice Able; Bob Baker"));
  xv rc = xv_arr_push(xv_arr(), recipient("Alice Able", "alice@example.com", 1));
  m = xv_set(m, "Recipients", xv_arr_push(rc, recipient("Bob Baker", "bob@example.com", 2)));
  m = xv_set(m, "SentTime", xv_int(ft));
  m = xv_set(m, "ReceivedTime", xv_int(ft + 50000000));
  m = xv_set(m, "Importance", xv_int(1));
  m = xv_set(m, "Body", xv_strn(text, blen));
  *bytes = (int64_t)blen;
  if (i % 2) {
    xv html = xv_strf("<html><body><p>%.2000s</p></body></html>", text);
    *bytes += (int64_t)xv_strlen_b(html);
    m = xv_set(m, "BodyHtml", html);
  }
  xv atts = xv_arr();
  if (i % 3 == 0) {
    size_t alen = 4096 + next_rand() % 12288;
    for (size_t k = 0; k < alen; k += 4) {
      uint32_t r = next_rand();
      memcpy(bin + k, &r, 4);
    }
    xv a = xv_set(xv_dict(), "FileName", xv_strf("att%ld.bin", i));
    a = xv_set(a, "LongFileName", xv_strf("attachment %ld.bin", i));
    a = xv_set(a, "MimeType", xv_str("application/octet-stream"));
    a = xv_set(a, "Method", xv_int(1));
    a = xv_set(a, "Size", xv_int((int64_t)alen));
    atts = xv_arr_push(atts, xv_set(a, "Data", xv_strn(bin, alen)));
    *bytes += (int64_t)alen;
  }
  return xv_set(m, "Attachments", atts);
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: gen_mailbox STORE_DIR MAILBOX_GUID N\n");
    return 2;
  }
  long n = atol(argv[3]);
  mailstore *m;
  store_err err;
  uint64_t fid[NFOLDERS], id;
  static char text[8300], bin[16400];
  struct timespec t0, t1;
  int64_t total = 0, bytes;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  if (mailstore_open(argv[1], argv[2], true, &m, &err)) return fprintf(stderr, "%s\n", err.msg), 1;
  for (int f = 0; f < NFOLDERS; f++)
    if (mailstore_folder_ensure(m, FOLDERS[f][0], FOLDERS[f][1], &fid[f], &err))
      return fprintf(stderr, "%s\n", err.msg), 1;
  for (long i = 0; i < n; i++) {
    xv msg = message(i, text, bin, &bytes);
    total += bytes;
    /* uneven spread: the Inbox gets a third, the rest share the others */
    int f = i % 3 == 0 ? 0 : 1 + (int)(next_rand() % (NFOLDERS - 1));
    if (mailstore_add(m, fid[f], msg, &id, &err)) return fprintf(stderr, "%s\n", err.msg), 1;
  }
  mailstore_close(m);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("%ld %lld %.2f\n", n, (long long)total,
         (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
  return 0;
}
