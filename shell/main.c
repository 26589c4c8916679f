/* main.c — the exsh program: reads argv (-File, -Command, a script path, or standard input)
 * and hands the text to the evaluator or starts the REPL; nothing else. Start-up does no
 * work a command does not need (modules and the store load on first use). */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "interp.h"

int repl_run(void);
int repl_run_stream(FILE *in);

static void usage(FILE *f) {
  fputs("Usage: exsh [options] [[-File] FILE.ps1 [args...]]\n"
        "       exsh [options] -Command '<commands>'\n\n"
        "  -File FILE        run the script FILE (the first non-option argument also does)\n"
        "  -Command, -c TEXT run TEXT; exit status 1 when its last statement failed\n"
        "  -NonInteractive   never prompt: a confirmation that would ask is an error\n"
        "  -NoProfile        accepted for compatibility (exsh reads no profile)\n"
        "  --store DIR       the store folder (default $EXSH_HOME, else\n"
        "                    ${XDG_DATA_HOME:-$HOME/.local/share}/exsh)\n"
        "  -Help, --version\n\n"
        "Without -File or -Command, exsh reads commands from standard input when it is not a\n"
        "terminal, and starts the interactive shell when it is.\n", f);
}

/* PowerShell-style option match: case-insensitive unique prefix, with - or -- */
static bool opt(const char *arg, const char *name, size_t min) {
  if (arg[0] != '-') return false;
  arg += arg[1] == '-' ? 2 : 1;
  size_t n = strlen(arg);
  return n >= min && n <= strlen(name) && !strncasecmp(arg, name, n);
}

static void resolve_store(const char *flag) {
  const char *e = getenv("EXSH_HOME");
  char path[4096];
  if (e && *e) snprintf(path, sizeof path, "%s", e);
  else if (flag) snprintf(path, sizeof path, "%s", flag);
  else {
    const char *x = getenv("XDG_DATA_HOME"), *h = getenv("HOME");
    if (x && *x) snprintf(path, sizeof path, "%s/exsh", x);
    else snprintf(path, sizeof path, "%s/.local/share/exsh", h ? h : ".");
  }
  I->store_dir = strdup(path);
}

static void on_sigint(int sig) { (void)sig; I->interrupted = 1; }

int main(int argc, char **argv) {
  const char *file = NULL, *command = NULL, *store = NULL;
  char *cmdbuf = NULL;
  int script_args = argc;
  bool nonint = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (opt(a, "File", 1) && i + 1 < argc) { file = argv[++i]; script_args = i + 1; break; }
    if ((opt(a, "Command", 1) || !strcmp(a, "-c")) && i + 1 < argc) {
      size_t n = 0;
      for (int j = i + 1; j < argc; j++) n += strlen(argv[j]) + 1;
      cmdbuf = calloc(n + 1, 1);
      for (int j = i + 1; j < argc; j++) { strcat(cmdbuf, argv[j]); if (j + 1 < argc) strcat(cmdbuf, " "); }
      command = cmdbuf;
      break;
    }
    if (opt(a, "NonInteractive", 4)) { nonint = true; continue; }
    if (opt(a, "NoProfile", 3) || opt(a, "NoLogo", 3)) continue;
    if (opt(a, "ExecutionPolicy", 2) && i + 1 < argc) { i++; continue; }
    if (opt(a, "store", 2) && i + 1 < argc) { store = argv[++i]; continue; }
    if (opt(a, "Help", 1) || !strcmp(a, "-?") || !strcmp(a, "/?")) { usage(stdout); return 0; }
    if (opt(a, "version", 4)) { printf("exsh %s\n", EXSH_VERSION); return 0; }
    if (a[0] == '-') { fprintf(stderr, "exsh: unknown option '%s'\n", a); usage(stderr); return 64; }
    file = a; script_args = i + 1;
    break;
  }
  interp_init();
  resolve_store(store);
  I->noninteractive = nonint;
  const char *nc = getenv("NO_COLOR");
  I->color = isatty(2) && !(nc && *nc);
  struct winsize ws;
  if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20) I->width = ws.ws_col - 1;
  int code = 0;
  if (file || command) {
    struct sigaction sa = {0};
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, NULL);
  }
  if (file) {
    size_t len;
    char *src = script_read(file, &len);
    if (!src) {
      fprintf(stderr, "The argument '%s' to the -File parameter does not exist. Provide the path to an existing '.ps1' file as an argument to the -File parameter.\n", file);
      interp_free();
      return 64;
    }
    xv args = xv_arr();
    for (int i = script_args; i < argc; i++) args = xv_arr_push(args, xv_str(argv[i]));
    var_set("args", args);
    I->script_name = file;
    int st = eval_script_text(src, len, file, NULL, true);
    code = st == EXSH_EXIT ? I->exit_code : (I->terminating || (st == EXSH_ERR && !I->last_ok && I->terminating)) ? 1 : 0;
    free(src);
  } else if (command) {
    int st = eval_script_text(command, strlen(command), NULL, NULL, true);
    code = st == EXSH_EXIT ? I->exit_code : I->last_ok ? 0 : 1;
  } else if (!isatty(0)) {
    code = repl_run_stream(stdin);
  } else {
    code = repl_run();
  }
  fflush(stdout);
  free(cmdbuf);
  if (I->store) {
    extern void store_close(struct store *);
    store_close(I->store);
  }
  interp_free();
  if (getenv("EXSH_CHECK_LEAKS") && xv_live_count() != 0) {
    fprintf(stderr, "exsh: %ld values still alive at exit\n", xv_live_count());
    return 70;
  }
  return code;
}
