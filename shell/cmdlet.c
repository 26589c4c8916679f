/* cmdlet.c — runs one pipeline stage (a cmdlet table or a script function): creation,
 * begin/process/end, pipeline feeding, and the API cmdlet bodies call (arguments, emit,
 * error records, ShouldProcess with -WhatIf/-Confirm, warnings, the store).
 * Binding itself is bind.c's. Entry: stage_new(), stage_begin(), stage_feed(), stage_end(). */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stage.h"
#include "store.h"

#define container_of(p, T, m) ((T *)((char *)(p) - offsetof(T, m)))

static int stage_put(xsink *s, xv v) { return stage_feed(container_of(s, xctx, self), v); }

static int pref_erroraction(void) {
  xv v = var_get("ErrorActionPreference");
  int ea = EA_CONTINUE;
  if (v.kind != XV_NULL) {
    v = xv_to_str(v);
    const char *s = xv_str_b(v);
    ea = !xstrcasecmp(s, "Stop") ? EA_STOP : !xstrcasecmp(s, "SilentlyContinue") ? EA_SILENT :
         !xstrcasecmp(s, "Ignore") ? EA_IGNORE : EA_CONTINUE;
  }
  xv_free(v);
  return ea;
}

static xctx *stage_alloc(const node *where) {
  xctx *c = calloc(1, sizeof *c);
  c->where = where;
  c->self.put = stage_put;
  c->confirm = -1;
  c->fast_pipe = -1;
  c->input = xv_null();
  c->func = xv_null();
  c->fargs = xv_null();
  c->fn_input = xv_null();
  c->erroraction = pref_erroraction();
  return c;
}

xctx *stage_new(const xcmdlet *cmd, const node *where) {
  xctx *c = stage_alloc(where);
  c->cmd = cmd;
  while (cmd->params[c->nparams].name) c->nparams++;
  c->args = calloc((size_t)c->nparams + 1, sizeof(xv));
  c->bound = calloc((size_t)c->nparams + 1, 1);
  for (int i = 0; i < c->nparams; i++) c->args[i] = xv_null();
  c->nsets = 0;
  if (cmd->sets) while (cmd->sets[c->nsets]) c->nsets++;
  if (!c->nsets) c->nsets = 1;
  if (cmd->state_size) c->state = calloc(1, cmd->state_size);
  /* pipeline input bound as is: one by-value parameter of type any/object, nothing by name */
  int byval = -1, nval = 0;
  for (int i = 0; i < c->nparams; i++) {
    if (cmd->params[i].pipe) c->any_pipe_param = true;
    if (cmd->params[i].pipe & XP_VALUE) { byval = i; nval++; }
    if (cmd->params[i].pipe & XP_PROPNAME) nval += 2;
  }
  if (nval == 1 && (cmd->params[byval].type == &xt_any || cmd->params[byval].type == &xt_object)) c->fast_pipe = byval;
  return c;
}

xctx *stage_new_function(const char *name, xv body, const node *where) {
  xctx *c = stage_alloc(where);
  c->func = body;
  c->fname = name;
  c->fn_input = xv_arr();
  return c;
}

void stage_dot(xctx *c) { if (!c->cmd) c->dot = true; }
void stage_script(xctx *c) { c->script = true; }

/* A script file's `exit N` ends that script only: the caller goes on, $LASTEXITCODE = N. */
static int script_done(xctx *c, int st) {
  if (!c->script || st != EXSH_EXIT) return st;
  var_set_global("LASTEXITCODE", xv_int(I->exit_code));
  I->last_ok = I->exit_code == 0;
  return EXSH_OK;
}

void stage_free(xctx *c) {
  if (!c) return;
  for (int i = 0; i < c->nparams; i++) xv_free(c->args[i]);
  free(c->args); free(c->bound);
  if (c->state) { if (c->cmd->state_free) c->cmd->state_free(c->state); free(c->state); }
  xv_free(c->input); xv_free(c->func); xv_free(c->fargs); xv_free(c->fn_input);
  free(c);
}

/* function stages take their arguments as values, -Name value pairs as NamedArgument objects */
static int bind_function_args(xctx *c, const node *cmd) {
  c->fargs = xv_arr();
  for (int k = 0; k < cmd->nkids; k++) {
    const node *a = cmd->kids[k];
    xv v;
    if (a->kind == N_CPARAM) {
      xv na = xv_obj("exsh.NamedArgument");
      na = xv_set(na, "Name", xv_str(a->name));
      if (a->colon) { int st = eval_expr(a->a, &v); if (st) { xv_free(na); return st; } }
      else if (k + 1 < cmd->nkids && cmd->kids[k + 1]->kind != N_CPARAM) { int st = eval_expr(cmd->kids[++k], &v); if (st) { xv_free(na); return st; } }
      else { v = xv_bool(true); na = xv_set(na, "Switch", xv_bool(true)); }
      na = xv_set(na, "Value", v);
      c->fargs = xv_arr_push(c->fargs, na);
      continue;
    }
    int st = eval_expr(a, &v);
    if (st) return st;
    c->fargs = xv_arr_push(c->fargs, v);
  }
  return EXSH_OK;
}

int stage_bind_args(xctx *c, const node *cmdnode) {
  if (!c->cmd) return bind_function_args(c, cmdnode);
  return bind_cmdline(c, cmdnode);
}

xsink *stage_sink(xctx *c) { return &c->self; }

int stage_begin(xctx *c, xsink *out, bool expects_input) {
  c->out = out;
  c->expects_input = expects_input;
  if (!c->cmd) return EXSH_OK;
  bind_resolve_set(c);
  int st = bind_check_mandatory(c, expects_input);
  if (st) return st;
  c->began = true;
  return c->cmd->begin ? c->cmd->begin(c) : EXSH_OK;
}

int stage_feed(xctx *c, xv input) {
  if (!c->cmd) {
    c->fn_input = xv_arr_push(c->fn_input, input);
    return EXSH_OK;
  }
  int st = EXSH_OK;
  xv_free(c->input);
  c->input = input;
  c->has_input = true;
  if (bind_pipeline_object(c, input) != EXSH_OK) return c->erroraction == EA_STOP ? EXSH_ERR : EXSH_OK;
  if (c->fast_pipe < 0) {
    unsigned saved = c->cand;
    bind_resolve_set(c);
    if (bind_check_mandatory(c, false)) { c->cand = saved; return EXSH_OK; }
    c->cand = saved;
  }
  if (c->cmd->process) st = c->cmd->process(c);
  return st;
}

int stage_run_once(xctx *c) {
  if (!c->cmd) return EXSH_OK;
  c->has_input = false;
  return c->cmd->process ? c->cmd->process(c) : EXSH_OK;
}

int stage_end(xctx *c) {
  if (!c->cmd) {
    /* a function runs its body once, with $input the objects piped to it */
    I->global->vars = I->global->vars;  /* (functions see $input in their own scope) */
    xv input = c->fn_input;
    c->fn_input = xv_null();
    uint32_t n = xv_len_b(c->fargs);
    xv *args = calloc(n + 1, sizeof(xv));
    for (uint32_t i = 0; i < n; i++) args[i] = xv_arr_get_b(c->fargs, i);
    xv under = xv_len_b(input) ? xv_copy(xv_arr_get_b(input, xv_len_b(input) - 1)) : xv_null();
    if (c->dot) {              /* `. script`: the caller's scope, so its functions and variables stay */
      int st = eval_dot_call(c->func, under, args, (int)n, c->out);
      free(args);
      xv_free(input);
      return script_done(c, st);
    }
    scope *saved = I->cur;
    /* make $input visible: set in a wrapper scope the call's scope inherits */
    scope wrap = { xv_set(xv_dict(), "input", input), I->cur };
    I->cur = &wrap;
    int st = eval_call_block(c->func, under, args, (int)n, c->out);
    I->cur = saved;
    xv_free(wrap.vars);
    free(args);
    return script_done(c, st);
  }
  if (!c->began) return EXSH_OK;
  c->has_input = false;
  return c->cmd->end ? c->cmd->end(c) : EXSH_OK;
}

/* ---------------- the API of exsh.h ---------------- */

xv xctx_arg_b(xctx *c, const char *name) {
  int i = bind_param_index(c->cmd, name);
  return i >= 0 ? c->args[i] : xv_null();
}
bool xctx_has(xctx *c, const char *name) {
  int i = bind_param_index(c->cmd, name);
  return i >= 0 && c->bound[i];
}
bool xctx_switch(xctx *c, const char *name) {
  int i = bind_param_index(c->cmd, name);
  return i >= 0 && c->bound[i] && xv_truthy(xv_copy(c->args[i]));
}
int xctx_set(xctx *c) { return c->set; }
void *xctx_state(xctx *c) { return c->state; }
const xcmdlet *xctx_cmdlet(xctx *c) { return c->cmd; }
bool xctx_has_input(xctx *c) { return c->has_input; }
xv xctx_input_b(xctx *c) { return c->input; }
bool xctx_interrupted(xctx *c) { (void)c; return I->interrupted != 0; }
int xctx_emit(xctx *c, xv v) {
  if (I->interrupted) { xv_free(v); return EXSH_ERR; }
  return c->out->put(c->out, v);
}

static uint32_t fnv(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) { h ^= (unsigned char)*s; h *= 16777619u; }
  return h;
}

static int report(xctx *c, bool terminating, xerrcat cat, const char *exception, const char *fqid, xv target, const char *fmt, va_list ap) {
  char msg[2048];
  vsnprintf(msg, sizeof msg, fmt, ap);
  char fq[256], site[256];
  const char *cls = c->cmd && c->cmd->class_name ? c->cmd->class_name : c->cmd ? c->cmd->name : c->fname;
  if (fqid) snprintf(fq, sizeof fq, "%s,%s", fqid, cls);
  else {
    snprintf(site, sizeof site, "%s/%s/%s", c->cmd ? c->cmd->name : "", exception, fmt);
    snprintf(fq, sizeof fq, "%08X,%s", fnv(site), cls);
  }
  xv rec = xerr_record(cat, exception, fq, target, c->cmd ? c->cmd->name : c->fname, msg);
  if (c->erroraction != EA_IGNORE) {
    if (c->erroraction == EA_SILENT && !terminating) xerr_keep(rec);   /* kept in $Error, not shown */
    else if (terminating || c->erroraction == EA_STOP) xerr_raise(rec);
    else xerr_report(rec);
  }
  xv_free(rec);
  if (terminating) return EXSH_ERR;
  if (c->erroraction == EA_STOP) { I->terminating = true; return EXSH_ERR; }
  I->last_ok = false;
  return EXSH_OK;
}

int xctx_error(xctx *c, xerrcat cat, const char *exception, const char *fqid, xv target, const char *fmt, ...) {
  va_list ap; va_start(ap, fmt);
  int st = report(c, false, cat, exception, fqid, target, fmt, ap);
  va_end(ap);
  return st;
}
int xctx_fail(xctx *c, xerrcat cat, const char *exception, const char *fqid, xv target, const char *fmt, ...) {
  va_list ap; va_start(ap, fmt);
  int st = report(c, true, cat, exception, fqid, target, fmt, ap);
  va_end(ap);
  if (c->erroraction == EA_STOP) I->terminating = true;
  return st;
}

static void host(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void host(const char *fmt, ...) {
  va_list ap; va_start(ap, fmt); vfprintf(stderr, fmt, ap); va_end(ap);
  fflush(stderr);
}

void xctx_warning(xctx *c, const char *fmt, ...) {
  (void)c;
  char msg[2048];
  va_list ap; va_start(ap, fmt); vsnprintf(msg, sizeof msg, fmt, ap); va_end(ap);
  if (I->color) host("\033[33mWARNING: %s\033[0m\n", msg); else host("WARNING: %s\n", msg);
}
void xctx_verbose(xctx *c, const char *fmt, ...) {
  if (!c->verbose) return;
  char msg[2048];
  va_list ap; va_start(ap, fmt); vsnprintf(msg, sizeof msg, fmt, ap); va_end(ap);
  if (I->color) host("\033[33mVERBOSE: %s\033[0m\n", msg); else host("VERBOSE: %s\n", msg);
}

/* reads one answer line from standard input; false at end of input */
static bool read_answer(char *buf, size_t n) {
  if (!fgets(buf, (int)n, stdin)) return false;
  buf[strcspn(buf, "\r\n")] = 0;
  return true;
}

static int confirm_pref(void) {
  xv v = var_get("ConfirmPreference");
  int p = XI_HIGH;
  if (v.kind != XV_NULL) {
    v = xv_to_str(v);
    const char *s = xv_str_b(v);
    p = !xstrcasecmp(s, "None") ? XI_HIGH + 1 : !xstrcasecmp(s, "Low") ? XI_LOW : !xstrcasecmp(s, "Medium") ? XI_MEDIUM : XI_HIGH;
  }
  xv_free(v);
  return p;
}

int xctx_should_process(xctx *c, const char *fmt, ...) {
  char action[2048];
  va_list ap; va_start(ap, fmt); vsnprintf(action, sizeof action, fmt, ap); va_end(ap);
  if (c->whatif) { host("What if: %s\n", action); return 0; }
  bool ask = c->confirm == 1 || (c->confirm == -1 && c->cmd->impact >= confirm_pref());
  if (!ask || c->yes_all) return 1;
  if (c->no_all) return 0;
  if (I->noninteractive) {
    xctx_fail(c, XE_InvalidOperation, "PSInvalidOperationException", "HostFunctionNotImplemented", xv_null(),
              "Windows PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.");
    return -1;
  }
  for (;;) {
    host("\nConfirm\nAre you sure you want to perform this action?\n%s\n"
         "[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [?] Help (default is \"Y\"): ", action);
    char ans[256];
    if (!read_answer(ans, sizeof ans)) {
      host("\n");
      xctx_fail(c, XE_InvalidOperation, "PSInvalidOperationException", "HostFunctionNotImplemented", xv_null(),
                "The confirmation prompt could not be answered: standard input has ended. Use -Confirm:$false to proceed without asking.");
      return -1;
    }
    char *a = ans;
    while (*a == ' ' || *a == '\t') a++;
    char k = (char)tolower((unsigned char)a[0]);
    if (!k || k == 'y') return 1;
    if (k == 'a') { c->yes_all = true; return 1; }
    if (k == 'n') return 0;
    if (k == 'l') { c->no_all = true; return 0; }
    if (k == '?')
      host("Y - Continue with only the next step of the operation.\n"
           "A - Continue with all the steps of the operation.\n"
           "N - Skip this operation and proceed with the next operation.\n"
           "L - Skip this operation and all subsequent operations.\n");
  }
}

/* ---------------- the store ---------------- */

const char *exsh_store_dir(void) { return I->store_dir; }

struct store *xctx_store(xctx *c) {
  if (I->store) return I->store;
  store_err err;
  if (store_open(I->store_dir, &I->store, &err) != STORE_OK) {
    I->store = NULL;
    xctx_fail(c, XE_ReadError, "DataSourceOperationException", "StoreOpenFailed", xv_str(I->store_dir), "%s", err.msg);
    return NULL;
  }
  return I->store;
}
