/* fuzz_bind.c — libFuzzer target for parameter binding: the input bytes pick a cmdlet from the
 * real tables (exsh_cmdlets[]) and build a command line for it — parameter names from its table
 * (whole, abbreviated, with ':'), common parameters, values from a list of awkward literals,
 * pieces of the input as strings and bare words, pipeline input — then run the line through
 * eval_script_text() as exsh -NonInteractive would, against a store folder in a temporary
 * directory (tmpfs when there is one) that is emptied every RESET_EVERY runs; the working
 * directory is a second temporary folder, so nothing lands in the tree. exsh's stdout and
 * stderr go to /dev/null (set FUZZ_VERBOSE=1 to see them and the line run). Checks: no crash,
 * no sanitizer report, no xv alive after interp_free().
 * Regression inputs (the .ps1 files of regressions/fuzz_bind/) are command lines as text, which stay valid when
 * cmdlets are added: with FUZZ_BIND_TEXT=1 (scripts/fuzz.sh sets it to replay them) an input that
 * starts with "#exsh\n" is run as written. Fuzzing never sets it, so mutated inputs cannot run
 * arbitrary scripts. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "interp.h"
#include "store.h"

enum { RESET_EVERY = 64, MAX_LINE = 8192 };

static char store_dir[600];    /* <tmp>/exsh-fuzz-bind-XXXXXX/store */
static char root_dir[512];     /* <tmp>/exsh-fuzz-bind-XXXXXX, also the working directory */
static int ncmdlets;
static bool verbose;
static bool text_ok;           /* FUZZ_BIND_TEXT: inputs starting "#exsh\n" run as written */
static FILE *diag;      /* the original standard error, for this file's own messages */

/* values that exercise the type converters: numbers, sizes, spans, cultures, codes, arrays,
 * hashtables (Add/Remove edits of multivalued properties), script blocks, $null, booleans */
static const char *const values[] = {
  "5.7.1", "5.1.1", "4.4.7", "5.7.999", "9.9.9", "5.7", "5.7.1.1", "en", "sv", "de-DE", "xx-XX", "''",
  "'text'", "'<B>bold</B>'", "$true", "$false", "$null", "0", "1", "-1", "2147483648",
  "9223372036854775807", "99999999999999999999", "1.5", "1e308", "0x10", "10MB", "1GB", "25kb",
  "'10 MB (10,485,760 bytes)'", "Unlimited", "'unlimited'", "00:05:00", "1.00:00:00", "'7.00:00:00'",
  "-00:01:00", "Internal", "External", "ProhibitSendMailbox", "WarningMailbox", "UseExchangeDSNs",
  "PreserveDSNBody", "DoNotConvert", "@()", "@(1,2)", "1,2,3", "'a','b'", "@{Add='a.com'}",
  "@{Remove='a.com'}", "@{Add='x@y.com','z@y.com'}", "@{Add=1;Remove=2}", "@{}", "@{Foo=1}",
  "{ $_ }", "{ $true }", "{ $_.Language -eq 'en' }", "{ throw 'boom' }", "{ 1; 2 }",
  "en\\internal\\5.7.1", "en\\external\\5.1.1", "en\\ProhibitSendMailbox", "'*'", "*", "Name",
  "Text,Language", "-Text", "'contoso.com'", "dc1.contoso.com", "'a b'", "x@contoso.com",
  "(Get-Date)", "$args", "$Error", "'`n'", "\"$null\"", "\"$(1+1)\"", "[int]5", "[string]$null",
};
static const char *const commons[] = {
  "-WhatIf", "-Confirm", "-Confirm:$false", "-Confirm:$true", "-Verbose", "-ErrorAction Stop",
  "-ErrorAction SilentlyContinue", "-ErrorAction Ignore", "-ErrorAction Inquire", "-ea 0",
  "-ErrorVariable ev", "-OutVariable ov", "-Debug", "-WarningAction SilentlyContinue",
  "> fuzz-out.txt", ">> fuzz-out.txt", "2> fuzz-err.txt", "> $null", "2>&1",   /* files in the working folder */
};
static const char *const producers[] = {
  "Get-SystemMessage | ", "Get-SystemMessage -Original | ", "Get-TransportConfig | ",
  "1..3 | ", "'en\\internal\\5.7.1' | ", "$null | ", "@() | ", "@{Identity='en\\internal\\5.7.1'} | ",
  "[pscustomobject]@{DsnCode='5.7.1';Language='en';Internal=$true;Text='t'} | ",
};

typedef struct { const uint8_t *p; size_t n; } in;
static int byte(in *r) { if (!r->n) return -1; r->n--; return *r->p++; }

typedef struct { char buf[MAX_LINE]; size_t n; } line;
static void put(line *l, const char *s, size_t n) {
  if (n > sizeof l->buf - 1 - l->n) n = sizeof l->buf - 1 - l->n;
  memcpy(l->buf + l->n, s, n);
  l->n += n;
  l->buf[l->n] = 0;
}
static void puts_(line *l, const char *s) { put(l, s, strlen(s)); }

/* a slice of the input as a single-quoted string: quotes doubled, curly quotes and NULs defused */
static void put_quoted(line *l, in *r) {
  int n = byte(r);
  if (n < 0) return;
  puts_(l, " '");
  for (int i = 0; i < n % 64 && r->n; i++) {
    char c = (char)byte(r);
    if (c == '\'') puts_(l, "''");
    else if (c == 0 || (unsigned char)c == 0xE2) puts_(l, "?");
    else put(l, &c, 1);
  }
  puts_(l, "'");
}

/* a slice of the input as a bare word: ASCII only, no statement, block or pipe characters and no
 * redirection or '/' (a command must not write files outside the fuzzer's working folder) */
static void put_bare(line *l, in *r) {
  int n = byte(r);
  if (n < 0) return;
  puts_(l, " ");
  for (int i = 0; i < n % 32 && r->n; i++) {
    char c = (char)byte(r);
    if ((unsigned char)c < 0x21 || (unsigned char)c > 0x7E || strchr(";|&(){}`<>/", c)) c = 'x';
    put(l, &c, 1);
  }
}

static void put_param(line *l, const xcmdlet *cmd, int pick, int how) {
  int np = 0;
  while (cmd->params[np].name) np++;
  if (!np) { puts_(l, " -Foo"); return; }
  const char *name = cmd->params[pick % np].name;
  size_t len = strlen(name);
  puts_(l, " -");
  if (how == 1 && len > 1) put(l, name, 1 + (size_t)pick % (len - 1));   /* an abbreviation */
  else if (how == 2) { for (size_t i = 0; i < len; i++) { char c = (char)(i & 1 ? name[i] ^ 0x20 : name[i]); put(l, &c, 1); } }
  else puts_(l, name);
  if (how == 3) puts_(l, ":");
}

static void build(line *l, in *r) {
  int c = byte(r);
  const xcmdlet *cmd = exsh_cmdlets[(c < 0 ? 0 : c) % ncmdlets];
  int op;
  if (r->n && r->p[0] == 0xFF) { byte(r); int k = byte(r); puts_(l, producers[(k < 0 ? 0 : k) % (int)(sizeof producers / sizeof *producers)]); }
  puts_(l, cmd->name);
  while ((op = byte(r)) >= 0) {
    int a = byte(r); if (a < 0) a = 0;
    switch (op % 8) {
    case 0: case 1: put_param(l, cmd, a, op / 8 % 4); break;
    case 2: case 3: puts_(l, " "); puts_(l, values[a % (int)(sizeof values / sizeof *values)]); break;
    case 4: r->p--, r->n++; put_quoted(l, r); break;
    case 5: r->p--, r->n++; put_bare(l, r); break;
    case 6: puts_(l, " "); puts_(l, commons[a % (int)(sizeof commons / sizeof *commons)]); break;
    case 7: /* a second statement or a downstream stage */
      puts_(l, a & 1 ? "; " : " | ");
      cmd = exsh_cmdlets[(a / 2) % ncmdlets];
      puts_(l, cmd->name);
      break;
    }
  }
}

static void rm_files(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  char p[1024];
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2]))) continue;
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    unlink(p);
  }
  closedir(d);
}
static void rm_store(void) { rm_files(store_dir); rm_files(root_dir); }

/* the fuzzer's working directory becomes a temporary folder: file and folder arguments (inputs,
 * corpora, -artifact_prefix=…) given relative to the old one are made absolute first */
static void absolute_args(int argc, char **argv) {
  static const char *const path_flags[] = { "-artifact_prefix=", "-exact_artifact_path=", "-dict=", NULL };
  char cwd[4096];
  if (!getcwd(cwd, sizeof cwd)) return;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *path = a[0] == '-' ? NULL : a;
    for (int j = 0; !path && path_flags[j]; j++)
      if (!strncmp(a, path_flags[j], strlen(path_flags[j]))) path = a + strlen(path_flags[j]);
    if (!path || path[0] == '/' || !path[0]) continue;
    size_t n = strlen(a) + strlen(cwd) + 2, pre = (size_t)(path - a);
    char *abs = malloc(n);
    snprintf(abs, n, "%.*s%s/%s", (int)pre, a, cwd, path);
    argv[i] = abs;   /* lives as long as the process */
  }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  absolute_args(*argc, *argv);
  const char *t = getenv("TMPDIR");
  struct stat st;
  if (!t || !*t) t = stat("/dev/shm", &st) == 0 && access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  snprintf(root_dir, sizeof root_dir, "%s/exsh-fuzz-bind-XXXXXX", t);
  if (!mkdtemp(root_dir) || chdir(root_dir)) { perror(root_dir); abort(); }
  snprintf(store_dir, sizeof store_dir, "%s/store", root_dir);
  while (exsh_cmdlets[ncmdlets]) ncmdlets++;
  verbose = getenv("FUZZ_VERBOSE") && *getenv("FUZZ_VERBOSE");
  text_ok = getenv("FUZZ_BIND_TEXT") && *getenv("FUZZ_BIND_TEXT");
  diag = fdopen(dup(2), "w");
  if (!diag) diag = stderr;
  setvbuf(diag, NULL, _IONBF, 0);
  if (!verbose) {
    /* exsh prints through the stdout and stderr FILEs; libFuzzer and the sanitizers keep fd 2 */
    stdout = fopen("/dev/null", "w");
    stderr = fopen("/dev/null", "w");
  }
  return 0;
}

static void cleanup_dir(void) { rm_store(); rmdir(store_dir); rmdir(root_dir); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static unsigned long runs;
  static bool registered;
  if (!registered) { atexit(cleanup_dir); registered = true; }
  if (runs++ % RESET_EVERY == 0) rm_store();

  line l = { .n = 0 };
  l.buf[0] = 0;
  in r = { data, size };
  if (text_ok && size >= 6 && !memcmp(data, "#exsh\n", 6)) put(&l, (const char *)data + 6, size - 6);
  else build(&l, &r);
  if (verbose) fprintf(diag, "fuzz_bind: %s\n", l.buf);

  interp_init();
  I->store_dir = strdup(store_dir);
  I->noninteractive = true;
  eval_script_text(l.buf, l.n, NULL, NULL, true);
  fflush(stdout);
  if (I->store) store_close(I->store);
  interp_free();
  if (xv_live_count() != 0) {
    fprintf(diag, "fuzz_bind: %ld values alive after: %s\n", xv_live_count(), l.buf);
    abort();
  }
  return 0;
}
