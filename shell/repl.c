/* repl.c — the interactive shell on GNU readline: the [PS] prompt (">> " while a block,
 * string or pipe is open), history kept in the store folder, tab completion from the cmdlet
 * tables, Ctrl-C abandoning the line or the running pipeline, Ctrl-D leaving.
 * Also the line-by-line reader used for commands on a non-terminal standard input.
 * Entry: repl_run(), repl_run_stream(). */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "interp.h"

static volatile sig_atomic_t in_readline;

static void on_sigint(int sig) {
  (void)sig;
  if (in_readline) {
    /* abandon the line being typed */
    write(STDOUT_FILENO, "\n", 1);
    rl_on_new_line();
    rl_replace_line("", 0);
    rl_redisplay();
    return;
  }
  I->interrupted = 1;
}

static char *completion_entry(const char *text, int state) {
  static char **list;
  static int idx;
  if (!state) {
    if (list) { for (int i = 0; list[i]; i++) free(list[i]); free(list); }
    list = complete_words(rl_line_buffer, rl_point - (int)strlen(text), rl_point, text);
    idx = 0;
  }
  if (!list || !list[idx]) return NULL;
  return strdup(list[idx++]);
}

static char **attempt(const char *text, int start, int end) {
  (void)end;
  char **probe = complete_words(rl_line_buffer, start, end, text);
  if (!probe) return NULL;             /* file names */
  for (int i = 0; probe[i]; i++) free(probe[i]);
  free(probe);
  rl_attempted_completion_over = 1;
  return rl_completion_matches(text, completion_entry);
}

static char *prompt_text(bool more) {
  if (more) return strdup(">> ");
  char cwd[4096];
  if (!getcwd(cwd, sizeof cwd)) strcpy(cwd, "?");
  size_t n = strlen(cwd) + 8;
  char *p = malloc(n);
  snprintf(p, n, "[PS] %s>", cwd);
  return p;
}

/* is this text a complete script, or does it need more lines? */
static bool needs_more(const char *src, size_t n) {
  arena *A;
  parse_error pe;
  node *b = parse_script(src, n, &A, &pe);
  if (b) { arena_free(A); return false; }
  if (pe.incomplete) return true;
  /* a trailing pipe or backtick also continues */
  while (n && (src[n - 1] == '\n' || src[n - 1] == ' ')) n--;
  return n && (src[n - 1] == '|' || src[n - 1] == '`');
}

static void run_text(const char *src) {
  I->interrupted = 0;
  I->terminating = false;
  eval_script_text(src, strlen(src), NULL, NULL, true);
  if (I->interrupted) fputs("\nThe pipeline has been stopped.\n", stderr);
  I->interrupted = 0;
  I->terminating = false;
  fflush(stdout);
}

int repl_run(void) {
  char hist[4096];
  snprintf(hist, sizeof hist, "%s/history", I->store_dir);
  mkdir(I->store_dir, 0700);
  using_history();
  read_history(hist);
  rl_readline_name = "exsh";
  rl_attempted_completion_function = attempt;
  rl_basic_word_break_characters = " \t\n;|(){}=,";
  rl_catch_signals = 0;
  struct sigaction sa = {0};
  sa.sa_handler = on_sigint;
  sigaction(SIGINT, &sa, NULL);
  I->repl = true;
  fputs("exsh " EXSH_VERSION " - Exchange Management Shell. Get-Help and Get-Command describe the commands.\n", stderr);
  char *buf = NULL;
  for (;;) {
    char *pr = prompt_text(buf != NULL);
    in_readline = 1;
    char *line = readline(pr);
    in_readline = 0;
    free(pr);
    if (!line) {                                   /* Ctrl-D */
      if (buf) { free(buf); buf = NULL; fputc('\n', stdout); continue; }
      fputc('\n', stdout);
      break;
    }
    size_t bl = buf ? strlen(buf) : 0, ll = strlen(line);
    buf = realloc(buf, bl + ll + 2);
    memcpy(buf + bl, line, ll);
    buf[bl + ll] = '\n'; buf[bl + ll + 1] = 0;
    free(line);
    if (needs_more(buf, bl + ll + 1)) continue;
    char *h = strdup(buf);
    h[strlen(h) - 1] = 0;
    if (*h) { add_history(h); append_history(1, hist); }
    free(h);
    run_text(buf);
    free(buf);
    buf = NULL;
    if (I->exit_code >= 0 && I->terminating) break;
    if (getenv("EXSH_REPL_EXIT")) break;
  }
  free(buf);
  history_truncate_file(hist, 2000);
  chmod(hist, 0600);
  return I->exit_code;
}

/* commands read line by line from a non-terminal standard input (answers to prompts are
 * read from the same stream, after the command that asks) */
/* Where a multi-line construct stands after the lines read so far, so that the parser (the
 * judge of completeness) need not re-read a growing construct after every line: brackets
 * open, and whether a string, here-string or block comment is open. Lines are scanned once. */
typedef struct openness {
  int depth;          /* ( { [ minus ) } ] outside strings and comments */
  char quote;         /* '\'' or '"' inside a string, 0 outside */
  char here;          /* '\'' or '"' inside a here-string, 0 outside */
  bool block;         /* inside <# ... #> */
  int sub;            /* $( ... ) depth inside a double-quoted string */
} openness;

static void scan_line(openness *o, const char *s) {
  bool start = true;                /* at a token start: # begins a comment */
  if (o->here) {                    /* a here-string ends with '@ / "@ at the start of a line */
    if (s[0] == o->here && s[1] == '@') { o->here = 0; s += 2; start = false; }
    else return;
  }
  for (; *s; s++) {
    char c = *s;
    if (o->block) {
      if (c == '#' && s[1] == '>') { o->block = false; s++; }
      continue;
    }
    if (o->quote == '\'') {
      if (c == '\'' && s[1] == '\'') s++;
      else if (c == '\'') o->quote = 0;
      continue;
    }
    if (o->quote == '"') {
      if (c == '`' && s[1]) { s++; continue; }
      if (c == '$' && s[1] == '(') { o->sub++; s++; continue; }
      if (o->sub && c == '(') { o->sub++; continue; }
      if (o->sub && c == ')') { o->sub--; continue; }
      if (c == '"' && !o->sub) { if (s[1] == '"') s++; else o->quote = 0; }
      continue;
    }
    if (c == '@' && (s[1] == '\'' || s[1] == '"') && (s[2] == '\n' || s[2] == '\r' || !s[2])) { o->here = s[1]; return; }
    if (c == '<' && s[1] == '#') { o->block = true; s++; continue; }
    if (c == '#' && start) return;
    if (c == '`' && s[1]) { s++; start = false; continue; }
    if (c == '\'' || c == '"') { o->quote = c; start = false; continue; }
    if (c == '(' || c == '{' || c == '[') o->depth++;
    else if (c == ')' || c == '}' || c == ']') o->depth--;
    start = c == ' ' || c == '\t' || c == ';' || c == '(' || c == '{' || c == '|' || c == '\n' || c == '\r';
  }
}

/* Surely more to come: a bracket, string, here-string or block comment is still open. */
static bool surely_open(const openness *o) { return o->depth > 0 || o->quote || o->here || o->block; }

int repl_run_stream(FILE *in) {
  char *buf = NULL;
  size_t cap = 0, len = 0, parsed_at = 0, linecap = 0;
  char *line = NULL;
  ssize_t got;
  int st = EXSH_OK;
  openness o = {0};
  while ((got = getline(&line, &linecap, in)) > 0) {
    size_t ll = (size_t)got;          /* a NUL byte stays in: the parser reports it */
    if (len + ll + 1 > cap) { cap = (len + ll + 1) * 2; buf = realloc(buf, cap); }
    memcpy(buf + len, line, ll + 1);
    len += ll;
    scan_line(&o, line);
    /* the parser decides, but only when the scan sees everything closed, or (should the scan
     * be wrong) once the text has doubled since it last decided: linear in the input */
    if (surely_open(&o) && len < 2 * parsed_at + 4096) continue;
    parsed_at = len;
    if (needs_more(buf, len)) continue;
    o = (openness){0};
    parsed_at = 0;
    I->terminating = false;
    st = eval_script_text(buf, len, NULL, NULL, true);
    len = 0; buf[0] = 0;
    if (st == EXSH_EXIT) break;
  }
  if (len && st != EXSH_EXIT) st = eval_script_text(buf, len, NULL, NULL, true);
  free(buf);
  free(line);
  if (st == EXSH_EXIT) return I->exit_code;
  return I->last_ok ? 0 : 1;
}
