/* bind.c — matches command-line arguments and pipeline objects to a cmdlet's parameter
 * table, as PowerShell's binder does: names by unique case-insensitive prefix or alias,
 * positions, switches (-S:$false), parameter sets, mandatory checks, type conversion,
 * pipeline input by value then by property name. Writes every binding message (one
 * table-fed function, bind_error). Runs nothing. Entry: bind_cmdline(), bind_pipeline_object(). */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stage.h"

/* ---------------- built-in parameter types ---------------- */

static int cv_any(const xtype *t, xv in, xv *out, xv *err) { (void)t; (void)err; *out = in; return EXSH_OK; }
static int cv_string(const xtype *t, xv in, xv *out, xv *err) {
  (void)t; (void)err;
  if (in.kind == XV_NULL) { *out = in; return EXSH_OK; }
  *out = xv_to_str(in);
  return EXSH_OK;
}
static int cv_strings(const xtype *t, xv in, xv *out, xv *err) {
  (void)t; (void)err;
  xv arr = xv_arr();
  if (in.kind == XV_ARR) {
    for (uint32_t i = 0; i < xv_len_b(in); i++) arr = xv_arr_push(arr, xv_to_str(xv_copy(xv_arr_get_b(in, i))));
    xv_free(in);
  } else if (in.kind != XV_NULL) arr = xv_arr_push(arr, xv_to_str(in));
  *out = arr;
  return EXSH_OK;
}
static int cv_objects(const xtype *t, xv in, xv *out, xv *err) {
  (void)t; (void)err;
  *out = in.kind == XV_ARR ? in : in.kind == XV_NULL ? xv_arr() : xv_arr_push(xv_arr(), in);
  return EXSH_OK;
}
static int cv_bool(const xtype *t, xv in, xv *out, xv *err) {
  (void)t;
  if (in.kind == XV_ARR && xv_len_b(in) == 1) { xv one = xv_copy(xv_arr_get_b(in, 0)); xv_free(in); in = one; }
  if (in.kind == XV_BOOL) { *out = in; return EXSH_OK; }
  if (in.kind == XV_INT || in.kind == XV_DBL) { *out = xv_bool(xv_truthy(in)); return EXSH_OK; }
  xv s = xv_to_str(in);
  *err = xv_strf("Cannot convert value \"%s\" to type \"System.Boolean\". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.", xv_str_b(s));
  xv_free(s);
  return EXSH_ERR;
}
static int cv_int(const xtype *t, xv in, xv *out, xv *err) {
  (void)t;
  xv keep = xv_copy(in), n;
  if (!xv_to_num(in, &n) || (n.kind == XV_DBL && (n.u.d > 9.2e18 || n.u.d < -9.2e18))) {
    xv s = xv_to_str(keep);
    *err = xv_strf("Cannot convert value \"%s\" to type \"System.Int32\". Error: \"Input string was not in a correct format.\"", xv_str_b(s));
    xv_free(s);
    return EXSH_ERR;
  }
  xv_free(keep);
  *out = n.kind == XV_DBL ? xv_int((int64_t)(n.u.d + (n.u.d < 0 ? -0.5 : 0.5))) : n;
  return EXSH_OK;
}
static int cv_double(const xtype *t, xv in, xv *out, xv *err) {
  (void)t;
  xv keep = xv_copy(in), n;
  if (!xv_to_num(in, &n)) {
    xv s = xv_to_str(keep);
    *err = xv_strf("Cannot convert value \"%s\" to type \"System.Double\". Error: \"Input string was not in a correct format.\"", xv_str_b(s));
    xv_free(s);
    return EXSH_ERR;
  }
  xv_free(keep);
  *out = n;
  return EXSH_OK;
}
static int cv_block(const xtype *t, xv in, xv *out, xv *err) {
  (void)t;
  if (in.kind == XV_BLOCK) { *out = in; return EXSH_OK; }
  xv s = xv_to_str(in);
  *err = xv_strf("Cannot convert the \"%s\" value of type \"System.String\" to type \"System.Management.Automation.ScriptBlock\".", xv_str_b(s));
  xv_free(s);
  return EXSH_ERR;
}
static int cv_hashtable(const xtype *t, xv in, xv *out, xv *err) {
  (void)t;
  if (in.kind == XV_DICT) { *out = in; return EXSH_OK; }
  xv s = xv_to_str(in);
  *err = xv_strf("Cannot convert the \"%s\" value of type \"%s\" to type \"System.Collections.Hashtable\".", xv_str_b(s), "System.String");
  xv_free(s);
  return EXSH_ERR;
}

int xt_enum_convert(const xtype *t, xv in, xv *out, xv *err) {
  if (in.kind == XV_ARR && xv_len_b(in) == 1) { xv one = xv_copy(xv_arr_get_b(in, 0)); xv_free(in); in = one; }
  xv s = xv_to_str(in);
  for (const char *const *v = t->values; *v; v++)
    if (!xstrcasecmp(*v, xv_str_b(s))) { xv_free(s); *out = xv_str(*v); return EXSH_OK; }
  size_t cap = 256, len = 0;
  char *list = malloc(cap);
  list[0] = 0;
  for (const char *const *v = t->values; *v; v++) {
    size_t n = strlen(*v);
    if (len + n + 3 >= cap) { cap = (len + n + 3) * 2; list = realloc(list, cap); }
    len += (size_t)sprintf(list + len, "%s%s", v == t->values ? "" : ", ", *v);
  }
  *err = xv_strf("Unable to match the identifier name %s to a valid enumerator name. Specify one of the following enumerator names and try again: %s", xv_str_b(s), list);
  free(list);
  xv_free(s);
  return EXSH_ERR;
}

const xtype xt_any = { "System.Object", cv_any, NULL, 0 };
const xtype xt_object = { "System.Management.Automation.PSObject", cv_any, NULL, 0 };
const xtype xt_objects = { "System.Management.Automation.PSObject[]", cv_objects, NULL, XTF_ARRAY };
const xtype xt_string = { "System.String", cv_string, NULL, 0 };
const xtype xt_strings = { "System.String[]", cv_strings, NULL, XTF_ARRAY };
const xtype xt_bool = { "System.Boolean", cv_bool, NULL, 0 };
const xtype xt_switch = { "System.Management.Automation.SwitchParameter", cv_bool, NULL, XTF_SWITCH };
const xtype xt_int = { "System.Int32", cv_int, NULL, 0 };
const xtype xt_double = { "System.Double", cv_double, NULL, 0 };
const xtype xt_block = { "System.Management.Automation.ScriptBlock", cv_block, NULL, XTF_BLOCK };
const xtype xt_hashtable = { "System.Collections.Hashtable", cv_hashtable, NULL, 0 };

/* ---------------- common parameters ---------------- */

static const char *const ea_values[] = {"Continue", "Stop", "SilentlyContinue", "Ignore", "Inquire", "Suspend", NULL};
static const xtype xt_erroraction = XTYPE_ENUM("System.Management.Automation.ActionPreference", ea_values);

/* index -1..-N in bind results */
typedef struct common { const char *name; const char *aliases; const xtype *type; bool should_process; } common;
static const common commons[] = {
  {"WhatIf", "wi", &xt_switch, true},
  {"Confirm", "cf", &xt_switch, true},
  {"ErrorAction", "ea", &xt_erroraction, false},
  {"Verbose", "vb", &xt_switch, false},
  {"Debug", "db", &xt_switch, false},
  {"WarningAction", "wa", &xt_erroraction, false},
  {"ErrorVariable", "ev", &xt_string, false},
  {"WarningVariable", "wv", &xt_string, false},
  {"OutVariable", "ov", &xt_string, false},
  {"OutBuffer", "ob", &xt_int, false},
  {NULL, NULL, NULL, false},
};

/* ---------------- errors ---------------- */

static const char *cmd_name(const xctx *c) { return c->cmd ? c->cmd->name : c->fname; }

int bind_error(xctx *c, xerrcat cat, const char *id, xv target, const char *fmt, ...) {
  char msg[2048];
  va_list ap; va_start(ap, fmt); vsnprintf(msg, sizeof msg, fmt, ap); va_end(ap);
  char fq[256];
  snprintf(fq, sizeof fq, "%s,%s", id, c->cmd && c->cmd->class_name ? c->cmd->class_name : cmd_name(c));
  xv rec = xerr_record(cat, "ParameterBindingException", fq, target, cmd_name(c), msg);
  xerr_raise(rec);
  xv_free(rec);
  return EXSH_ERR;
}

/* ---------------- name resolution ---------------- */

static bool alias_has(const char *aliases, const char *name, size_t n, bool prefix) {
  for (const char *p = aliases; p && *p;) {
    const char *bar = strchr(p, '|');
    size_t len = bar ? (size_t)(bar - p) : strlen(p);
    if (prefix ? (n <= len && !strncasecmp(p, name, n)) : (len == n && !strncasecmp(p, name, n))) return true;
    p = bar ? bar + 1 : NULL;
  }
  return false;
}

int bind_param_index(const xcmdlet *cmd, const char *name) {
  for (int i = 0; cmd->params[i].name; i++)
    if (!xstrcasecmp(cmd->params[i].name, name)) return i;
  return -1;
}

/* resolves a typed parameter name: >= 0 a table index, <= -2 a common parameter (-2 - k),
 * -1 reported as an error */
static int resolve_name(xctx *c, const char *typed) {
  size_t n = strlen(typed);
  const xcmdlet *k = c->cmd;
  bool sp = k->impact != XI_NONE;
  for (int i = 0; k->params[i].name; i++)
    if (!xstrcasecmp(k->params[i].name, typed) || alias_has(k->params[i].aliases, typed, n, false)) return i;
  for (int j = 0; commons[j].name; j++)
    if ((sp || !commons[j].should_process) && (!xstrcasecmp(commons[j].name, typed) || alias_has(commons[j].aliases, typed, n, false))) return -2 - j;
  int found = -1, count = 0;
  char list[1024] = "";
  size_t ll = 0;
  for (int i = 0; k->params[i].name; i++)
    if (!strncasecmp(k->params[i].name, typed, n) || alias_has(k->params[i].aliases, typed, n, true)) {
      found = i; count++;
      ll += (size_t)snprintf(list + ll, sizeof list - ll, "%s-%s", ll ? " " : "", k->params[i].name);
      if (ll >= sizeof list) ll = sizeof list - 1;
    }
  for (int j = 0; commons[j].name; j++)
    if ((sp || !commons[j].should_process) && !strncasecmp(commons[j].name, typed, n)) {
      found = -2 - j; count++;
      ll += (size_t)snprintf(list + ll, sizeof list - ll, "%s-%s", ll ? " " : "", commons[j].name);
      if (ll >= sizeof list) ll = sizeof list - 1;
    }
  if (count == 1) return found;
  if (count == 0)
    bind_error(c, XE_InvalidArgument, "NamedParameterNotFound", xv_null(),
               "A parameter cannot be found that matches parameter name '%s'.", typed);
  else
    bind_error(c, XE_InvalidArgument, "AmbiguousParameter", xv_null(),
               "Parameter cannot be processed because the parameter name '%s' is ambiguous. Possible matches include: %s.", typed, list);
  return -1;
}

static unsigned all_sets(const xctx *c) { return c->nsets >= 32 ? ~0u : (1u << c->nsets) - 1; }
static unsigned param_sets(const xctx *c, const xparam *p) { return p->sets ? p->sets : all_sets(c); }

/* converts and stores a value for table parameter i */
static int bind_value(xctx *c, int i, xv v, uint8_t how) {
  const xparam *p = &c->cmd->params[i];
  if (c->bound[i] == BOUND_CMDLINE && how == BOUND_CMDLINE) {
    xv_free(v);
    return bind_error(c, XE_InvalidArgument, "ParameterAlreadyBound", xv_null(),
                      "Cannot bind parameter because parameter '%s' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, \"-parameter value1,value2,value3\".", p->name);
  }
  if (v.kind == XV_NULL && p->mandatory && !(p->type->flags & XTF_SWITCH)) {
    return bind_error(c, XE_InvalidData, "ParameterArgumentValidationErrorNullNotAllowed", v,
                      "Cannot bind argument to parameter '%s' because it is null.", p->name);
  }
  xv out = xv_null(), err = xv_null();
  xv shown = xv_to_str(xv_copy(v)), original = xv_copy(v);
  if (p->type->convert(p->type, v, &out, &err) != EXSH_OK) {
    int st = bind_error(c, XE_InvalidArgument, "CannotConvertArgumentNoMessage", original,
                        "Cannot bind parameter '%s'. Cannot convert value \"%s\" to type \"%s\". Error: \"%s\"",
                        p->name, xv_str_b(shown), p->type->name, err.kind == XV_STR ? xv_str_b(err) : "The value is not valid.");
    xv_free(err); xv_free(shown);
    return st;
  }
  if (p->max_len && out.kind == XV_STR) {
    long chars = 0;
    for (const char *s = xv_str_b(out); *s; s++) if (((unsigned char)*s & 0xC0) != 0x80) chars++;
    if (chars > p->max_len) {
      xv_free(out); xv_free(shown);
      return bind_error(c, XE_InvalidData, "ParameterArgumentValidationError", original,
                        "Cannot validate argument on parameter '%s'. The character length of the %ld argument is too long. Shorten the character length of the argument so it is fewer than or equal to \"%d\" characters, and then try the command again.",
                        p->name, chars, p->max_len);
    }
  }
  xv_free(shown); xv_free(original);
  xv_free(c->args[i]);
  c->args[i] = out;
  c->bound[i] = how;
  return EXSH_OK;
}

static int bind_common(xctx *c, int j, xv v) {
  const common *cp = &commons[j];
  xv out = xv_null(), err = xv_null();
  xv shown = xv_to_str(xv_copy(v));
  if (cp->type->convert(cp->type, v, &out, &err) != EXSH_OK) {
    int st = bind_error(c, XE_InvalidArgument, "CannotConvertArgumentNoMessage", shown,
                        "Cannot bind parameter '%s'. Cannot convert value \"%s\" to type \"%s\". Error: \"%s\"",
                        cp->name, xv_str_b(shown), cp->type->name, err.kind == XV_STR ? xv_str_b(err) : "");
    xv_free(err);
    return st;
  }
  xv_free(shown);
  if (!strcmp(cp->name, "WhatIf")) c->whatif = xv_truthy(out);
  else if (!strcmp(cp->name, "Confirm")) c->confirm = xv_truthy(out) ? 1 : 0;
  else if (!strcmp(cp->name, "Verbose")) c->verbose = xv_truthy(out);
  else if (!strcmp(cp->name, "ErrorAction")) {
    const char *s = xv_str_b(out);
    c->erroraction = !strcmp(s, "Stop") ? EA_STOP : !strcmp(s, "SilentlyContinue") ? EA_SILENT :
                     !strcmp(s, "Ignore") ? EA_IGNORE : !strcmp(s, "Inquire") ? EA_INQUIRE : EA_CONTINUE;
    xv_free(out);
  } else xv_free(out);
  return EXSH_OK;
}

/* ---------------- command line ---------------- */

/* evaluates one argument node; a CPARAM given as a value (after ',') is text */
static int arg_value(const node *a, xv *v) { return eval_expr(a, v); }

int bind_cmdline(xctx *c, const node *cmd) {
  int st = EXSH_OK;
  xv positional = xv_arr();
  for (int k = 0; k < cmd->nkids && !st; k++) {
    const node *a = cmd->kids[k];
    if (a->kind != N_CPARAM) {
      xv v;
      if ((st = arg_value(a, &v))) break;
      positional = xv_arr_push(positional, v);
      continue;
    }
    int i = resolve_name(c, a->name);
    if (i == -1) { st = EXSH_ERR; break; }
    const xtype *t = i >= 0 ? c->cmd->params[i].type : commons[-2 - i].type;
    const char *pname = i >= 0 ? c->cmd->params[i].name : commons[-2 - i].name;
    xv v;
    if (a->colon) {
      if ((st = arg_value(a->a, &v))) break;
    } else if (t->flags & XTF_SWITCH) {
      v = xv_bool(true);
    } else {
      if (k + 1 >= cmd->nkids || cmd->kids[k + 1]->kind == N_CPARAM) {
        st = bind_error(c, XE_InvalidArgument, "MissingArgument", xv_null(),
                        "Missing an argument for parameter '%s'. Specify a parameter of type '%s' and try again.", pname, t->name);
        break;
      }
      if ((st = arg_value(cmd->kids[++k], &v))) break;
    }
    st = i >= 0 ? bind_value(c, i, v, BOUND_CMDLINE) : bind_common(c, -2 - i, v);
  }
  if (st) { xv_free(positional); return st; }
  /* parameter sets narrowed by what was named */
  c->cand = all_sets(c);
  for (int i = 0; i < c->nparams; i++)
    if (c->bound[i]) c->cand &= param_sets(c, &c->cmd->params[i]);
  if (!c->cand) {
    xv_free(positional);
    return bind_error(c, XE_InvalidArgument, "AmbiguousParameterSet", xv_null(), "Parameter set cannot be resolved using the specified named parameters.");
  }
  /* positional arguments in position order, among parameters of the remaining sets; at a
   * tie (one position in several sets) the first parameter whose type takes the value wins */
  for (uint32_t pi = 0; pi < xv_len_b(positional) && !st; pi++) {
    int minpos = 0;
    for (int i = 0; i < c->nparams; i++) {
      const xparam *p = &c->cmd->params[i];
      if (!p->position || c->bound[i] || !(param_sets(c, p) & c->cand)) continue;
      if (!minpos || p->position < minpos) minpos = p->position;
    }
    xv v = xv_copy(xv_arr_get_b(positional, pi));
    if (!minpos) {
      xv s = xv_to_str(v);
      st = bind_error(c, XE_InvalidArgument, "PositionalParameterNotFound", xv_copy(s),
                      "A positional parameter cannot be found that accepts argument '%s'.", xv_str_b(s));
      xv_free(s);
      break;
    }
    int chosen = -1, first = -1;
    for (int i = 0; i < c->nparams && chosen < 0; i++) {
      const xparam *p = &c->cmd->params[i];
      if (p->position != minpos || c->bound[i] || !(param_sets(c, p) & c->cand)) continue;
      if (first < 0) first = i;
      xv out = xv_null(), err = xv_null();
      if (p->type->convert(p->type, xv_copy(v), &out, &err) == EXSH_OK) { chosen = i; xv_free(out); }
      else xv_free(err);   /* on failure *out is unspecified: only err is ours */
    }
    if (chosen < 0) chosen = first;   /* none takes it: the first reports why */
    st = bind_value(c, chosen, v, BOUND_CMDLINE);
    if (!st) c->cand &= param_sets(c, &c->cmd->params[chosen]);
  }
  xv_free(positional);
  return st;
}

/* picks the parameter set: the only candidate, else the default, else the first whose
 * mandatory parameters are all bound */
int bind_resolve_set(xctx *c) {
  unsigned cand = c->cand ? c->cand : all_sets(c);
  if (!(cand & (cand - 1))) { c->set = __builtin_ctz(cand); return EXSH_OK; }
  if (cand & (1u << c->cmd->default_set)) { c->set = c->cmd->default_set; return EXSH_OK; }
  for (int s = 0; s < c->nsets; s++) {
    if (!(cand & (1u << s))) continue;
    bool ok = true;
    for (int i = 0; i < c->nparams; i++)
      if ((c->cmd->params[i].mandatory & (1u << s)) && !c->bound[i]) ok = false;
    if (ok) { c->set = s; return EXSH_OK; }
  }
  c->set = __builtin_ctz(cand);
  return EXSH_OK;
}

/* in the interactive shell, asks for missing mandatory values as PowerShell does */
static bool prompt_missing(xctx *c, bool deferred_ok) {
  if (!I->repl || I->noninteractive || !isatty(0)) return false;
  bool header = false;
  for (int i = 0; i < c->nparams; i++) {
    const xparam *p = &c->cmd->params[i];
    if (!(p->mandatory & (1u << c->set)) || c->bound[i] || (deferred_ok && p->pipe)) continue;
    if (!header) {
      fprintf(stderr, "\ncmdlet %s at command pipeline position 1\nSupply values for the following parameters:\n", c->cmd->name);
      header = true;
    }
    fprintf(stderr, "%s: ", p->name);
    fflush(stderr);
    char line[4096];
    if (!fgets(line, sizeof line, stdin)) return false;
    line[strcspn(line, "\r\n")] = 0;
    if (!line[0]) return false;
    if (bind_value(c, i, xv_str(line), BOUND_CMDLINE) != EXSH_OK) return false;
  }
  return header;
}

int bind_check_mandatory(xctx *c, bool deferred_ok) {
  if (prompt_missing(c, deferred_ok)) return bind_check_mandatory(c, deferred_ok);
  char missing[1024] = "";
  size_t ml = 0;
  for (int i = 0; i < c->nparams; i++) {
    const xparam *p = &c->cmd->params[i];
    if (!(p->mandatory & (1u << c->set)) || c->bound[i]) continue;
    if (deferred_ok && p->pipe) continue;      /* will come from the pipeline */
    ml += (size_t)snprintf(missing + ml, sizeof missing - ml, "%s%s", ml ? " " : "", p->name);
    if (ml >= sizeof missing) ml = sizeof missing - 1;
  }
  if (!ml) return EXSH_OK;
  return bind_error(c, XE_InvalidArgument, "MissingMandatoryParameter", xv_null(),
                    "Cannot process command because of one or more missing mandatory parameters: %s.", missing);
}

/* ---------------- pipeline objects ---------------- */

int bind_pipeline_object(xctx *c, xv input) {
  for (int i = 0; i < c->nparams; i++)
    if (c->bound[i] == BOUND_PIPE) { xv_free(c->args[i]); c->args[i] = xv_null(); c->bound[i] = BOUND_NONE; }
  if (c->fast_pipe >= 0 && c->bound[c->fast_pipe] != BOUND_CMDLINE) {
    c->args[c->fast_pipe] = xv_copy(input);
    c->bound[c->fast_pipe] = BOUND_PIPE;
    return EXSH_OK;
  }
  bool any = false;
  xv first_err = xv_null();
  /* by value: the first parameter of a possible set that converts the object */
  for (int i = 0; i < c->nparams && !any; i++) {
    const xparam *p = &c->cmd->params[i];
    if (!(p->pipe & XP_VALUE) || c->bound[i] || !(param_sets(c, p) & c->cand)) continue;
    xv out = xv_null(), err = xv_null();
    if (p->type->convert(p->type, xv_copy(input), &out, &err) == EXSH_OK) {
      c->args[i] = out; c->bound[i] = BOUND_PIPE; any = true;
      c->cand &= param_sets(c, p);
      xv_free(err);
    } else if (first_err.kind == XV_NULL) {
      first_err = err.kind == XV_STR ? err : xv_str("The value is not valid.");
      first_err = xv_set(xv_set(xv_dict(), "msg", first_err), "param", xv_str(p->name));
    } else xv_free(err);
  }
  /* by property name */
  if (!any && (input.kind == XV_OBJ || input.kind == XV_DICT)) {
    for (int i = 0; i < c->nparams; i++) {
      const xparam *p = &c->cmd->params[i];
      if (!(p->pipe & XP_PROPNAME) || c->bound[i] || !(param_sets(c, p) & c->cand)) continue;
      xv prop = xv_null();
      bool has = xv_has_b(input, p->name);
      if (has) prop = xv_copy(xv_get_b(input, p->name));
      for (const char *al = p->aliases; !has && al && *al;) {
        const char *bar = strchr(al, '|');
        char nm[64];
        snprintf(nm, sizeof nm, "%.*s", (int)(bar ? bar - al : (long)strlen(al)), al);
        if (xv_has_b(input, nm)) { has = true; prop = xv_copy(xv_get_b(input, nm)); }
        al = bar ? bar + 1 : NULL;
      }
      if (!has) continue;
      xv out = xv_null(), err = xv_null();
      if (p->type->convert(p->type, prop, &out, &err) == EXSH_OK) {
        c->args[i] = out; c->bound[i] = BOUND_PIPE; any = true;
        c->cand &= param_sets(c, p);
      } else {
        int st = bind_error(c, XE_InvalidArgument, "CannotConvertArgumentNoMessage", xv_copy(input),
                            "Cannot bind parameter '%s'. %s", p->name, err.kind == XV_STR ? xv_str_b(err) : "The value is not valid.");
        xv_free(err); xv_free(first_err);
        return st;
      }
    }
  }
  if (!any) {
    int st;
    if (first_err.kind != XV_NULL)
      st = bind_error(c, XE_InvalidArgument, "CannotConvertArgumentNoMessage", xv_copy(input),
                      "Cannot bind argument to parameter '%s'. %s", xv_str_b(xv_get_b(first_err, "param")), xv_str_b(xv_get_b(first_err, "msg")));
    else
      st = bind_error(c, XE_InvalidArgument, "InputObjectNotBound", xv_copy(input),
                      "The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.");
    xv_free(first_err);
    return st;
  }
  xv_free(first_err);
  return EXSH_OK;
}
