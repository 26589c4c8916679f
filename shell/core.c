/* core.c — the built-in cmdlets every pipeline needs: Where-Object, ForEach-Object,
 * Sort-Object, Select-Object, Measure-Object, Format-Table, Format-List, Out-Null,
 * Out-String, Out-Default, Write-Output/Host/Error/Warning, Get-Command, Get-Help.
 * One declarative table each (binding, help and completion read them); thin bodies. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stage.h"

#define FMT_TEXT "exsh.FormattedText"

static xv fmt_text(xv s) {
  xv o = xv_obj(FMT_TEXT);
  return xv_set(o, "__Text", s);
}

/* ================= Where-Object ================= */

enum { WO_BLOCK, WO_SIMPLE };
static const char *const wo_sets[] = {"ScriptBlockSet", "SimpleSet", NULL};
#define WO_OP(n, h) { n, &xt_switch, .sets = 1u << WO_SIMPLE, .help = h }
static const xparam wo_params[] = {
  { "FilterScript", &xt_block, .sets = 1u << WO_BLOCK, .mandatory = 1u << WO_BLOCK, .position = 1,
    .help = "The script block that decides, for each input object ($_), whether it passes." },
  { "Property", &xt_string, .sets = 1u << WO_SIMPLE, .mandatory = 1u << WO_SIMPLE, .position = 1,
    .help = "The property compared in the simplified syntax (where Name -eq value)." },
  { "Value", &xt_any, .sets = 1u << WO_SIMPLE, .position = 2, .help = "The value the property is compared with." },
  { "InputObject", &xt_any, .pipe = XP_VALUE, .help = "The objects to filter." },
  WO_OP("EQ", "Equal (case-insensitive)."), WO_OP("NE", "Not equal."), WO_OP("GT", "Greater than."),
  WO_OP("GE", "Greater than or equal."), WO_OP("LT", "Less than."), WO_OP("LE", "Less than or equal."),
  WO_OP("Like", "Wildcard match."), WO_OP("NotLike", "No wildcard match."), WO_OP("Match", "Regular expression match."),
  WO_OP("NotMatch", "No regular expression match."), WO_OP("Contains", "The property's collection contains the value."),
  WO_OP("NotContains", "The property's collection does not contain the value."), WO_OP("In", "The property is one of the values."),
  WO_OP("NotIn", "The property is none of the values."), WO_OP("CEQ", "Equal (case-sensitive)."),
  WO_OP("CNE", "Not equal (case-sensitive)."), WO_OP("CLike", "Wildcard match (case-sensitive)."),
  { 0 },
};
static const char *const wo_ops[] = {"EQ", "NE", "GT", "GE", "LT", "LE", "Like", "NotLike", "Match", "NotMatch",
                                     "Contains", "NotContains", "In", "NotIn", "CEQ", "CNE", "CLike", NULL};

/* builds "<left> -op <right>" evaluation through the language's own operators */
static int simple_compare(xctx *c, xv obj, bool *pass) {
  const char *op = NULL;
  for (int i = 0; wo_ops[i]; i++) if (xctx_switch(c, wo_ops[i])) op = wo_ops[i];
  xv left = member_get(obj, xv_str_b(xctx_arg_b(c, "Property")));
  if (!op) { *pass = xv_truthy(left); return EXSH_OK; }
  char lop[16];
  size_t i = 0;
  for (; op[i] && i < sizeof lop - 1; i++) lop[i] = (char)tolower((unsigned char)op[i]);
  lop[i] = 0;
  /* evaluate as a tiny binary expression node */
  node a = {0}, b = {0}, e = {0};
  a.kind = N_CONST; a.val = left;
  b.kind = N_CONST; b.val = xctx_arg_b(c, "Value");
  e.kind = N_BINOP; e.op = lop; e.a = &a; e.b = &b;
  xv r;
  int st = eval_expr(&e, &r);
  xv_free(left);
  if (st) return st;
  *pass = xv_truthy(r);
  return EXSH_OK;
}

/* Where-Object [-FilterScript] <ScriptBlock> | Where-Object [-Property] <String> [-EQ|...] [[-Value] <Object>] */
static int where_process(xctx *c) {
  xv in = xctx_input_b(c);
  bool pass;
  int st;
  if (xctx_set(c) == WO_BLOCK) {
    xv r;
    if ((st = eval_block_value(xctx_arg_b(c, "FilterScript"), xv_copy(in), &r))) return st;
    pass = xv_truthy(r);
  } else if ((st = simple_compare(c, in, &pass))) return st;
  return pass ? xctx_emit(c, xv_copy(in)) : EXSH_OK;
}
static const char *const wo_examples[] = {
  "Get-SystemMessage | Where-Object { $_.Language -eq 'en' }", "Keeps the custom messages written in English.",
  "Get-SystemMessage -Original | where Identity -like 'en\\internal\\5.1.*'", "The simplified syntax: a property, an operator and a value.",
  NULL,
};
const xcmdlet xc_where_object = {
  .name = "Where-Object", .aliases = "where|?", .class_name = "Microsoft.PowerShell.Commands.WhereObjectCommand",
  .synopsis = "Selects objects from a collection based on their property values.",
  .sets = wo_sets, .default_set = WO_BLOCK, .params = wo_params, .output_type = "System.Object",
  .examples = wo_examples, .process = where_process,
};

/* ================= ForEach-Object ================= */

enum { FE_BLOCK, FE_MEMBER };
static const char *const fe_sets[] = {"ScriptBlockSet", "PropertyAndMethodSet", NULL};
static const xparam fe_params[] = {
  { "Process", &xt_block, .sets = 1u << FE_BLOCK, .mandatory = 1u << FE_BLOCK, .position = 1,
    .help = "The script block run for each input object ($_)." },
  { "Begin", &xt_block, .sets = 1u << FE_BLOCK, .help = "A script block run once before the first input object." },
  { "End", &xt_block, .sets = 1u << FE_BLOCK, .help = "A script block run once after the last input object." },
  { "MemberName", &xt_string, .sets = 1u << FE_MEMBER, .mandatory = 1u << FE_MEMBER, .position = 1,
    .help = "The property to get (or method to call) on each input object." },
  { "ArgumentList", &xt_objects, .sets = 1u << FE_MEMBER, .aliases = "Args", .help = "Arguments of the method named by -MemberName." },
  { "InputObject", &xt_any, .pipe = XP_VALUE, .help = "The objects to process." },
  { 0 },
};
static int fe_begin(xctx *c) {
  if (xctx_set(c) == FE_BLOCK && xctx_has(c, "Begin")) return eval_dot_block(xctx_arg_b(c, "Begin"), xv_null(), c->out);
  return EXSH_OK;
}
/* ForEach-Object [-Process] <ScriptBlock> | ForEach-Object [-MemberName] <String> */
static int fe_process(xctx *c) {
  xv in = c->has_input ? xv_copy(xctx_input_b(c)) : xv_null();
  if (xctx_set(c) == FE_BLOCK) return eval_dot_block(xctx_arg_b(c, "Process"), in, c->out);
  xv m = member_get(in, xv_str_b(xctx_arg_b(c, "MemberName")));
  xv_free(in);
  if (m.kind == XV_NULL) return EXSH_OK;
  if (m.kind == XV_ARR) { int st = EXSH_OK; for (uint32_t i = 0; i < xv_len_b(m) && !st; i++) st = xctx_emit(c, xv_copy(xv_arr_get_b(m, i))); xv_free(m); return st; }
  return xctx_emit(c, m);
}
static int fe_end(xctx *c) {
  if (xctx_set(c) == FE_BLOCK && xctx_has(c, "End")) return eval_dot_block(xctx_arg_b(c, "End"), xv_null(), c->out);
  return EXSH_OK;
}
static const char *const fe_examples[] = {
  "Get-SystemMessage | ForEach-Object { $_.Identity }", "Prints the identity of every custom message.",
  "'a','bb' | % Length", "The member-name form: the length of each string.",
  NULL,
};
const xcmdlet xc_foreach_object = {
  .name = "ForEach-Object", .aliases = "foreach|%", .class_name = "Microsoft.PowerShell.Commands.ForEachObjectCommand",
  .synopsis = "Performs an operation against each item in a collection of input objects.",
  .sets = fe_sets, .default_set = FE_BLOCK, .params = fe_params, .output_type = "System.Object",
  .examples = fe_examples, .begin = fe_begin, .process = fe_process, .end = fe_end,
};

/* ================= collecting cmdlets ================= */

typedef struct collect_state { xv items; } collect_state;
static void collect_state_free(void *s) { xv_free(((collect_state *)s)->items); }
static int collect_process(xctx *c) {
  collect_state *s = xctx_state(c);
  if (s->items.kind != XV_ARR) s->items = xv_arr();
  if (!c->has_input) return EXSH_OK;
  s->items = xv_arr_push(s->items, xv_copy(xctx_input_b(c)));
  return EXSH_OK;
}
static xv collected(xctx *c) {
  collect_state *s = xctx_state(c);
  xv r = s->items.kind == XV_ARR ? s->items : xv_arr();
  s->items = xv_null();
  return r;
}

/* property selectors: names (with wildcards), script blocks, @{Name=..; Expression=..} */
static xv select_value(xv obj, xv sel, int *st) {
  *st = EXSH_OK;
  if (sel.kind == XV_BLOCK) { xv r; *st = eval_block_value(sel, xv_copy(obj), &r); return *st ? xv_null() : r; }
  if (sel.kind == XV_DICT) {
    xv e = xv_get_b(sel, "Expression");
    if (e.kind == XV_NULL) e = xv_get_b(sel, "E");
    return select_value(obj, e, st);
  }
  xv n = xv_to_str(xv_copy(sel));
  xv r = member_get(obj, xv_str_b(n));
  xv_free(n);
  return r;
}

/* ================= Sort-Object ================= */

static const xparam so_params[] = {
  { "Property", &xt_objects, .position = 1, .help = "Properties (or script blocks) to sort by, in order." },
  { "Descending", &xt_switch, .help = "Sorts from the largest value to the smallest." },
  { "Unique", &xt_switch, .help = "Keeps only the first of objects that compare equal." },
  { "CaseSensitive", &xt_switch, .help = "Compares strings case-sensitively." },
  { "InputObject", &xt_any, .pipe = XP_VALUE, .help = "The objects to sort." },
  { 0 },
};
typedef struct sortkey { xv keys; uint32_t idx; } sortkey;
static xctx *sort_ctx;
static int sort_cmp(const void *pa, const void *pb) {
  const sortkey *a = pa, *b = pb;
  bool ci = !xctx_switch(sort_ctx, "CaseSensitive"), desc = xctx_switch(sort_ctx, "Descending");
  for (uint32_t i = 0; i < xv_len_b(a->keys); i++) {
    bool ok;
    xv x = xv_arr_get_b(a->keys, i), y = xv_arr_get_b(b->keys, i);
    int r;
    if (x.kind == XV_NULL || y.kind == XV_NULL) r = (x.kind != XV_NULL) - (y.kind != XV_NULL);
    else r = xv_cmp_b(x, y, ci, &ok);
    if (r) return desc ? -r : r;
  }
  return a->idx < b->idx ? -1 : a->idx > b->idx;
}
/* Sort-Object [[-Property] <Object[]>] [-Descending] [-Unique] [-CaseSensitive] */
static int so_end(xctx *c) {
  xv items = collected(c);
  uint32_t n = xv_len_b(items);
  sortkey *k = calloc(n + 1, sizeof *k);
  xv props = xctx_arg_b(c, "Property");
  int st = EXSH_OK;
  for (uint32_t i = 0; i < n; i++) {
    xv o = xv_arr_get_b(items, i);
    k[i].idx = i;
    k[i].keys = xv_arr();
    if (props.kind == XV_ARR && xv_len_b(props)) {
      for (uint32_t j = 0; j < xv_len_b(props) && !st; j++) k[i].keys = xv_arr_push(k[i].keys, select_value(o, xv_arr_get_b(props, j), &st));
    } else k[i].keys = xv_arr_push(k[i].keys, xv_copy(o));
  }
  if (!st) {
    sort_ctx = c;
    qsort(k, n, sizeof *k, sort_cmp);
    for (uint32_t i = 0; i < n && !st; i++) {
      if (xctx_switch(c, "Unique") && i > 0) {
        sortkey a = k[i - 1], b = k[i];
        a.idx = b.idx = 0;
        sort_ctx = c;
        if (sort_cmp(&a, &b) == 0) continue;
      }
      st = xctx_emit(c, xv_copy(xv_arr_get_b(items, k[i].idx)));
    }
  }
  for (uint32_t i = 0; i < n; i++) xv_free(k[i].keys);
  free(k);
  xv_free(items);
  return st == EXSH_STOP ? EXSH_OK : st;
}
static const char *const so_examples[] = {
  "Get-SystemMessage | Sort-Object Identity", "Lists the custom messages in identity order.",
  "1,3,2 | Sort-Object -Descending", "Sorts numbers from the largest.",
  NULL,
};
const xcmdlet xc_sort_object = {
  .name = "Sort-Object", .aliases = "sort", .class_name = "Microsoft.PowerShell.Commands.SortObjectCommand",
  .synopsis = "Sorts objects by property values.", .params = so_params, .output_type = "System.Object",
  .examples = so_examples, .process = collect_process, .end = so_end,
  .state_size = sizeof(collect_state), .state_free = collect_state_free,
};

/* ================= Select-Object ================= */

static const xparam sel_params[] = {
  { "Property", &xt_objects, .position = 1, .help = "The properties to keep (names, wildcards or @{Name=...;Expression={...}})." },
  { "ExcludeProperty", &xt_strings, .help = "Properties to leave out (wildcards allowed)." },
  { "ExpandProperty", &xt_string, .help = "Outputs the value of this property instead of the object." },
  { "First", &xt_int, .help = "Outputs only this many objects from the start." },
  { "Last", &xt_int, .help = "Outputs only this many objects from the end." },
  { "Skip", &xt_int, .help = "Skips this many objects from the start." },
  { "Unique", &xt_switch, .help = "Drops objects equal to one already output." },
  { "InputObject", &xt_any, .pipe = XP_VALUE, .help = "The objects to select from." },
  { 0 },
};
typedef struct sel_state { xv items; int64_t seen; int64_t emitted; xv uniq; } sel_state;
static void sel_state_free(void *s) { xv_free(((sel_state *)s)->items); xv_free(((sel_state *)s)->uniq); }

static int select_one(xctx *c, xv o, xv *out) {
  xv props = xctx_arg_b(c, "Property");
  int st = EXSH_OK;
  if (xctx_has(c, "ExpandProperty")) {
    *out = member_get(o, xv_str_b(xctx_arg_b(c, "ExpandProperty")));
    if (out->kind == XV_NULL) {
      return xctx_error(c, XE_InvalidArgument, "PSArgumentException", "ExpandPropertyNotFound", xv_copy(o),
                        "Property \"%s\" cannot be found.", xv_str_b(xctx_arg_b(c, "ExpandProperty")));
    }
    return EXSH_OK;
  }
  if (props.kind != XV_ARR || !xv_len_b(props)) { *out = xv_copy(o); return EXSH_OK; }
  char tn[256];
  snprintf(tn, sizeof tn, "Selected.%s", xv_typename_b(o));
  xv r = xv_obj(tn);
  for (uint32_t j = 0; j < xv_len_b(props) && !st; j++) {
    xv p = xv_arr_get_b(props, j);
    if (p.kind == XV_DICT) {
      xv nm = xv_get_b(p, "Name");
      if (nm.kind == XV_NULL) nm = xv_get_b(p, "N");
      if (nm.kind == XV_NULL) nm = xv_get_b(p, "Label");
      if (nm.kind == XV_NULL) nm = xv_get_b(p, "L");
      xv name = xv_to_str(xv_copy(nm));
      r = xv_set(r, xv_str_b(name), select_value(o, p, &st));
      xv_free(name);
      continue;
    }
    xv name = xv_to_str(xv_copy(p));
    const char *pat = xv_str_b(name);
    if (strpbrk(pat, "*?[") && (o.kind == XV_OBJ || o.kind == XV_DICT)) {
      for (uint32_t k = 0; k < xv_len_b(o); k++)
        if (xv_like(xv_key_b(o, k), pat, true)) r = xv_set(r, xv_key_b(o, k), xv_copy(xv_val_b(o, k)));
    } else r = xv_set(r, pat, member_get(o, pat));
    xv_free(name);
  }
  xv ex = xctx_arg_b(c, "ExcludeProperty");
  for (uint32_t j = 0; ex.kind == XV_ARR && j < xv_len_b(ex); j++)
    for (uint32_t k = xv_len_b(r); k-- > 0;)
      if (xv_like(xv_key_b(r, k), xv_str_b(xv_arr_get_b(ex, j)), true)) { char *key = strdup(xv_key_b(r, k)); r = xv_del(r, key); free(key); }
  if (st) { xv_free(r); r = xv_null(); }   /* a failed calculated property: no object */
  *out = r;
  return st;
}

/* Select-Object [[-Property] <Object[]>] [-ExpandProperty <String>] [-First <Int32>] [-Last <Int32>] [-Skip <Int32>] [-Unique] */
static int sel_process(xctx *c) {
  sel_state *s = xctx_state(c);
  if (!c->has_input) return EXSH_OK;
  if (xctx_has(c, "Last")) {
    if (s->items.kind != XV_ARR) s->items = xv_arr();
    s->items = xv_arr_push(s->items, xv_copy(xctx_input_b(c)));
    return EXSH_OK;
  }
  int64_t skip = xctx_has(c, "Skip") ? xctx_arg_b(c, "Skip").u.i : 0;
  if (s->seen++ < skip) return EXSH_OK;
  if (xctx_has(c, "First") && s->emitted >= xctx_arg_b(c, "First").u.i) return EXSH_STOP;
  xv out;
  int st = select_one(c, xctx_input_b(c), &out);
  if (st || (xctx_has(c, "ExpandProperty") && out.kind == XV_NULL)) return st;
  if (xctx_switch(c, "Unique")) {
    if (s->uniq.kind != XV_ARR) s->uniq = xv_arr();
    for (uint32_t i = 0; i < xv_len_b(s->uniq); i++)
      if (xv_eq_b(xv_arr_get_b(s->uniq, i), out, false)) { xv_free(out); return EXSH_OK; }
    s->uniq = xv_arr_push(s->uniq, xv_copy(out));
  }
  s->emitted++;
  if (out.kind == XV_ARR && xctx_has(c, "ExpandProperty")) {
    for (uint32_t i = 0; i < xv_len_b(out) && !st; i++) st = xctx_emit(c, xv_copy(xv_arr_get_b(out, i)));
    xv_free(out);
  } else st = xctx_emit(c, out);
  if (!st && xctx_has(c, "First") && s->emitted >= xctx_arg_b(c, "First").u.i) return EXSH_STOP;
  return st;
}
static int sel_end(xctx *c) {
  sel_state *s = xctx_state(c);
  if (!xctx_has(c, "Last") || s->items.kind != XV_ARR) return EXSH_OK;
  int64_t n = xv_len_b(s->items), last = xctx_arg_b(c, "Last").u.i;
  int st = EXSH_OK;
  for (int64_t i = n - last < 0 ? 0 : n - last; i < n && !st; i++) {
    xv out;
    st = select_one(c, xv_arr_get_b(s->items, (uint32_t)i), &out);
    if (!st) st = xctx_emit(c, out);
  }
  return st == EXSH_STOP ? EXSH_OK : st;
}
static const char *const sel_examples[] = {
  "Get-SystemMessage | Select-Object Identity, Text", "Keeps two properties of each message.",
  "Get-SystemMessage -Original | Select-Object -First 3 -ExpandProperty Identity", "The identities of the first three built-in messages.",
  NULL,
};
const xcmdlet xc_select_object = {
  .name = "Select-Object", .aliases = "select", .class_name = "Microsoft.PowerShell.Commands.SelectObjectCommand",
  .synopsis = "Selects objects or object properties.", .params = sel_params, .output_type = "System.Management.Automation.PSObject",
  .examples = sel_examples, .process = sel_process, .end = sel_end,
  .state_size = sizeof(sel_state), .state_free = sel_state_free,
};

/* ================= Measure-Object ================= */

static const xparam mo_params[] = {
  { "Property", &xt_strings, .position = 1, .help = "The property to measure." },
  { "Sum", &xt_switch, .help = "Adds up the values." },
  { "Average", &xt_switch, .help = "Averages the values." },
  { "Maximum", &xt_switch, .help = "Finds the largest value." },
  { "Minimum", &xt_switch, .help = "Finds the smallest value." },
  { "InputObject", &xt_any, .pipe = XP_VALUE, .help = "The objects to measure." },
  { 0 },
};
typedef struct mo_state { int64_t count; double sum; xv max, min; bool any; } mo_state;
static void mo_free(void *p) { mo_state *s = p; xv_free(s->max); xv_free(s->min); }
/* Measure-Object [[-Property] <String[]>] [-Sum] [-Average] [-Maximum] [-Minimum] */
static int mo_process(xctx *c) {
  mo_state *s = xctx_state(c);
  if (!c->has_input) return EXSH_OK;
  xv in = xctx_input_b(c);
  xv props = xctx_arg_b(c, "Property");
  xv v = props.kind == XV_ARR && xv_len_b(props) ? member_get(in, xv_str_b(xv_arr_get_b(props, 0))) : xv_copy(in);
  if (v.kind == XV_NULL && props.kind == XV_ARR) { xv_free(v); return EXSH_OK; }
  s->count++;
  bool want = xctx_switch(c, "Sum") || xctx_switch(c, "Average") || xctx_switch(c, "Maximum") || xctx_switch(c, "Minimum");
  if (!want) { xv_free(v); return EXSH_OK; }
  xv n;
  xv keep = xv_copy(v);
  if (!xv_to_num(v, &n)) {
    xv sv = xv_to_str(keep);
    int st = xctx_error(c, XE_InvalidType, "PSInvalidOperationException", "GenericMeasurePropertyNotFound", xv_copy(sv),
                        "Input object \"%s\" is not numeric.", xv_str_b(sv));
    xv_free(sv);
    return st;
  }
  xv_free(keep);
  double d = n.kind == XV_INT ? (double)n.u.i : n.u.d;
  s->sum += d;
  bool ok;
  if (!s->any || xv_cmp_b(n, s->max, true, &ok) > 0) { xv_free(s->max); s->max = n; }
  if (!s->any || xv_cmp_b(n, s->min, true, &ok) < 0) { xv_free(s->min); s->min = n; }
  s->any = true;
  return EXSH_OK;
}
static int mo_end(xctx *c) {
  mo_state *s = xctx_state(c);
  xv r = xv_obj("Microsoft.PowerShell.Commands.GenericMeasureInfo");
  r = xv_set(r, "Count", xv_int(s->count));
  r = xv_set(r, "Average", xctx_switch(c, "Average") && s->count ? xv_dbl(s->sum / (double)s->count) : xv_null());
  double sum = s->sum;
  r = xv_set(r, "Sum", xctx_switch(c, "Sum") ? (sum == floor(sum) && fabs(sum) < 9e18 ? xv_int((int64_t)sum) : xv_dbl(sum)) : xv_null());
  r = xv_set(r, "Maximum", xctx_switch(c, "Maximum") ? xv_copy(s->max) : xv_null());
  r = xv_set(r, "Minimum", xctx_switch(c, "Minimum") ? xv_copy(s->min) : xv_null());
  xv props = xctx_arg_b(c, "Property");
  r = xv_set(r, "Property", props.kind == XV_ARR && xv_len_b(props) ? xv_copy(xv_arr_get_b(props, 0)) : xv_null());
  return xctx_emit(c, r);
}
static const char *const mo_examples[] = {
  "Get-SystemMessage | Measure-Object", "Counts the custom messages.",
  "1..10 | Measure-Object -Sum -Average", "Adds up and averages ten numbers.",
  NULL,
};
const xcmdlet xc_measure_object = {
  .name = "Measure-Object", .aliases = "measure", .class_name = "Microsoft.PowerShell.Commands.MeasureObjectCommand",
  .synopsis = "Counts objects and computes sums, averages, minimums and maximums of their values.",
  .params = mo_params, .output_type = "Microsoft.PowerShell.Commands.GenericMeasureInfo",
  .examples = mo_examples, .process = mo_process, .end = mo_end,
  .state_size = sizeof(mo_state), .state_free = mo_free,
};

/* ================= Format-Table / Format-List ================= */

static const xparam ft_params[] = {
  { "Property", &xt_objects, .position = 1, .help = "The properties to show, in order; wildcards allowed." },
  { "AutoSize", &xt_switch, .help = "Sizes the columns to the data." },
  { "InputObject", &xt_any, .pipe = XP_VALUE, .help = "The objects to format." },
  { 0 },
};
static const xparam fl_params[] = {
  { "Property", &xt_objects, .position = 1, .help = "The properties to show, in order; wildcards allowed (* for all)." },
  { "InputObject", &xt_any, .pipe = XP_VALUE, .help = "The objects to format." },
  { 0 },
};

/* expands the -Property list against an object: names, wildcards */
static const char **expand_props(xctx *c, xv first, int *n, xv *keep) {
  xv props = xctx_arg_b(c, "Property");
  *keep = xv_arr();
  if (props.kind == XV_ARR) {
    for (uint32_t j = 0; j < xv_len_b(props); j++) {
      xv p = xv_to_str(xv_copy(xv_arr_get_b(props, j)));
      if (strpbrk(xv_str_b(p), "*?[") && (first.kind == XV_OBJ || first.kind == XV_DICT)) {
        for (uint32_t k = 0; k < xv_len_b(first); k++)
          if (xv_like(xv_key_b(first, k), xv_str_b(p), true) && strncmp(xv_key_b(first, k), "__", 2))
            *keep = xv_arr_push(*keep, xv_str(xv_key_b(first, k)));
        xv_free(p);
      } else *keep = xv_arr_push(*keep, p);
    }
  }
  *n = (int)xv_len_b(*keep);
  const char **names = calloc((size_t)*n + 1, sizeof(char *));
  for (int j = 0; j < *n; j++) names[j] = xv_str_b(xv_arr_get_b(*keep, (uint32_t)j));
  return names;
}

static int format_end(xctx *c, bool list) {
  xv items = collected(c);
  if (!xv_len_b(items)) { xv_free(items); return EXSH_OK; }
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  xv first = xv_arr_get_b(items, 0);
  int n;
  xv keep;
  const char **names = expand_props(c, first, &n, &keep);
  if (!n && (first.kind == XV_OBJ || first.kind == XV_DICT)) {
    free(names); xv_free(keep);
    keep = xv_arr();
    int kind = 0;
    const char *const *cols = list ? NULL : format_view(xv_typename_b(first), &kind);
    if (cols && kind == XVIEW_TABLE) for (int j = 0; cols[j]; j++) keep = xv_arr_push(keep, xv_str(cols[j]));
    else for (uint32_t k = 0; k < xv_len_b(first); k++) if (strncmp(xv_key_b(first, k), "__", 2)) keep = xv_arr_push(keep, xv_str(xv_key_b(first, k)));
    n = (int)xv_len_b(keep);
    names = calloc((size_t)n + 1, sizeof(char *));
    for (int j = 0; j < n; j++) names[j] = xv_str_b(xv_arr_get_b(keep, (uint32_t)j));
  }
  if (!n) format_value_lines(xv_copy(items), f, I->width);
  else if (list) format_list(items, names, n, f);
  else format_table(items, names, n, f, I->width, xctx_switch(c, "AutoSize"));
  fclose(f);
  int st = xctx_emit(c, fmt_text(xv_strn(buf, len)));
  free(buf); free(names); xv_free(keep); xv_free(items);
  return st;
}
/* Format-Table [[-Property] <Object[]>] [-AutoSize] */
static int ft_end(xctx *c) { return format_end(c, false); }
/* Format-List [[-Property] <Object[]>] */
static int fl_end(xctx *c) { return format_end(c, true); }
static const char *const ft_examples[] = {
  "Get-SystemMessage | Format-Table Identity, Language, Text -AutoSize", "Shows three columns sized to the data.", NULL,
};
static const char *const fl_examples[] = {
  "Get-SystemMessage en\\internal\\5.1.1 | Format-List *", "Shows every property of one message.",
  "Get-TransportConfig | Format-List *DSN*", "Shows the DSN-related transport settings.", NULL,
};
const xcmdlet xc_format_table = {
  .name = "Format-Table", .aliases = "ft", .class_name = "Microsoft.PowerShell.Commands.FormatTableCommand",
  .synopsis = "Formats the output as a table.", .params = ft_params, .output_type = "Microsoft.PowerShell.Commands.Internal.Format",
  .examples = ft_examples, .process = collect_process, .end = ft_end,
  .state_size = sizeof(collect_state), .state_free = collect_state_free,
};
const xcmdlet xc_format_list = {
  .name = "Format-List", .aliases = "fl", .class_name = "Microsoft.PowerShell.Commands.FormatListCommand",
  .synopsis = "Formats the output as a list of properties, each on a new line.", .params = fl_params,
  .output_type = "Microsoft.PowerShell.Commands.Internal.Format",
  .examples = fl_examples, .process = collect_process, .end = fl_end,
  .state_size = sizeof(collect_state), .state_free = collect_state_free,
};

/* ================= Out-* and Write-* ================= */

static const xparam in_only[] = {
  { "InputObject", &xt_any, .pipe = XP_VALUE, .help = "The objects to send." },
  { 0 },
};
static int nothing(xctx *c) { (void)c; return EXSH_OK; }
const xcmdlet xc_out_null = {
  .name = "Out-Null", .class_name = "Microsoft.PowerShell.Commands.OutNullCommand",
  .synopsis = "Discards the output instead of sending it down the pipeline.", .params = in_only,
  .process = nothing,
};

static const xparam os_params[] = {
  { "Stream", &xt_switch, .help = "Sends one string per line instead of a single string." },
  { "Width", &xt_int, .help = "The number of characters in each line of output." },
  { "InputObject", &xt_any, .pipe = XP_VALUE, .help = "The objects to write as strings." },
  { 0 },
};
/* Out-String [-Stream] [-Width <Int32>] */
static int os_end(xctx *c) {
  xv items = collected(c);
  int width = xctx_has(c, "Width") ? (int)xctx_arg_b(c, "Width").u.i : I->width;
  xv s = format_to_string(items, width);
  if (!xctx_switch(c, "Stream")) return xctx_emit(c, s);
  int st = EXSH_OK;
  const char *p = xv_str_b(s);
  while (*p && !st) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    st = xctx_emit(c, xv_strn(p, n));
    p += n + (nl ? 1 : 0);
  }
  xv_free(s);
  return st;
}
const xcmdlet xc_out_string = {
  .name = "Out-String", .class_name = "Microsoft.PowerShell.Commands.OutStringCommand",
  .synopsis = "Sends objects to the pipeline as strings, formatted as they would be shown.", .params = os_params,
  .output_type = "System.String", .process = collect_process, .end = os_end,
  .state_size = sizeof(collect_state), .state_free = collect_state_free,
};

typedef struct od_state { xsink *sink; } od_state;
static int od_begin(xctx *c) { ((od_state *)xctx_state(c))->sink = out_default_open(); return EXSH_OK; }
static int od_process(xctx *c) {
  od_state *s = xctx_state(c);
  if (!c->has_input) return EXSH_OK;
  return s->sink->put(s->sink, xv_copy(xctx_input_b(c)));
}
static int od_end(xctx *c) { od_state *s = xctx_state(c); out_default_flush(s->sink); s->sink = NULL; return EXSH_OK; }
static void od_free(void *p) { od_state *s = p; if (s->sink) out_default_flush(s->sink); }
const xcmdlet xc_out_default = {
  .name = "Out-Default", .class_name = "Microsoft.PowerShell.Commands.OutDefaultCommand",
  .synopsis = "Sends the output to the default formatter and the console.", .params = in_only,
  .begin = od_begin, .process = od_process, .end = od_end, .state_size = sizeof(od_state), .state_free = od_free,
};

static const xparam wo_out_params[] = {
  { "InputObject", &xt_objects, .mandatory = 1, .position = 1, .pipe = XP_VALUE, .help = "The objects to send down the pipeline." },
  { "NoEnumerate", &xt_switch, .help = "Sends a collection as one object." },
  { 0 },
};
/* Write-Output [-InputObject] <PSObject[]> [-NoEnumerate] */
static int wout_process(xctx *c) {
  xv v = xctx_arg_b(c, "InputObject");
  if (xctx_switch(c, "NoEnumerate")) return xctx_emit(c, xv_copy(v));
  int st = EXSH_OK;
  for (uint32_t i = 0; i < xv_len_b(v) && !st; i++) st = xctx_emit(c, xv_copy(xv_arr_get_b(v, i)));
  return st;
}
const xcmdlet xc_write_output = {
  .name = "Write-Output", .aliases = "echo|write", .class_name = "Microsoft.PowerShell.Commands.WriteOutputCommand",
  .synopsis = "Sends the specified objects to the next command in the pipeline.", .params = wo_out_params,
  .process = wout_process,
};

static const xparam wh_params[] = {
  { "Object", &xt_objects, .position = 1, .pipe = XP_VALUE, .help = "The objects to show on the host." },
  { "NoNewline", &xt_switch, .help = "Does not end the output with a new line." },
  { "Separator", &xt_string, .help = "The string put between objects." },
  { "ForegroundColor", &xt_string, .help = "The text colour (ignored without a terminal)." },
  { "BackgroundColor", &xt_string, .help = "The background colour (ignored without a terminal)." },
  { 0 },
};
/* Write-Host [[-Object] <Object[]>] [-NoNewline] [-Separator <Object>] — host talk, to standard error */
static int wh_process(xctx *c) {
  xv v = xctx_arg_b(c, "Object");
  xv sep = xctx_arg_b(c, "Separator");
  for (uint32_t i = 0; i < xv_len_b(v); i++) {
    xv s = format_prop_display(xv_copy(xv_arr_get_b(v, i)));
    if (xv_arr_get_b(v, i).kind == XV_ARR) { xv_free(s); s = xv_to_str(xv_copy(xv_arr_get_b(v, i))); }
    fprintf(stderr, "%s%s", i ? (sep.kind == XV_STR ? xv_str_b(sep) : " ") : "", xv_str_b(s));
    xv_free(s);
  }
  if (!xctx_switch(c, "NoNewline")) fputc('\n', stderr);
  fflush(stderr);
  return EXSH_OK;
}
const xcmdlet xc_write_host = {
  .name = "Write-Host", .class_name = "Microsoft.PowerShell.Commands.WriteHostCommand",
  .synopsis = "Writes text to the host (standard error), not to the pipeline.", .params = wh_params, .process = wh_process,
};

static const xparam msg_params[] = {
  { "Message", &xt_string, .mandatory = 1, .position = 1, .pipe = XP_VALUE, .help = "The text of the message." },
  { 0 },
};
/* Write-Error [-Message] <String> */
static int we_process(xctx *c) {
  return xctx_error(c, XE_NotSpecified, "WriteErrorException", "Microsoft.PowerShell.Commands.WriteErrorException", xv_null(),
                    "%s", xv_str_b(xctx_arg_b(c, "Message")));
}
const xcmdlet xc_write_error = {
  .name = "Write-Error", .class_name = "Microsoft.PowerShell.Commands.WriteErrorCommand",
  .synopsis = "Writes a non-terminating error record.", .params = msg_params, .process = we_process,
};
/* Write-Warning [-Message] <String> */
static int ww_process(xctx *c) { xctx_warning(c, "%s", xv_str_b(xctx_arg_b(c, "Message"))); return EXSH_OK; }
const xcmdlet xc_write_warning = {
  .name = "Write-Warning", .class_name = "Microsoft.PowerShell.Commands.WriteWarningCommand",
  .synopsis = "Writes a warning message to the host.", .params = msg_params, .process = ww_process,
};

/* ================= Get-Command / Get-Help ================= */

static const xparam gc_params[] = {
  { "Name", &xt_strings, .position = 1, .help = "Command names to find; wildcards allowed." },
  { "Verb", &xt_strings, .help = "Only commands with these verbs." },
  { "Noun", &xt_strings, .help = "Only commands with these nouns." },
  { "Syntax", &xt_switch, .help = "Prints each command's syntax instead of its object." },
  { 0 },
};
static bool any_like(xv pats, const char *s) {
  if (pats.kind != XV_ARR || !xv_len_b(pats)) return true;
  for (uint32_t i = 0; i < xv_len_b(pats); i++) if (xv_like(s, xv_str_b(xv_arr_get_b(pats, i)), true)) return true;
  return false;
}
xv cmdlet_syntax(const xcmdlet *k, int set);
/* Get-Command [[-Name] <String[]>] [-Verb <String[]>] [-Noun <String[]>] [-Syntax] */
static int gc_process(xctx *c) {
  int st = EXSH_OK, found = 0;
  xv names = xctx_arg_b(c, "Name");
  for (const xcmdlet *const *k = exsh_cmdlets; *k && !st; k++) {
    const char *dash = strchr((*k)->name, '-');
    char verb[64];
    snprintf(verb, sizeof verb, "%.*s", (int)(dash - (*k)->name), (*k)->name);
    bool alias_hit = false;
    if (names.kind == XV_ARR && xv_len_b(names) && (*k)->aliases)
      for (uint32_t i = 0; i < xv_len_b(names); i++) if (exsh_find_cmdlet(xv_str_b(xv_arr_get_b(names, i))) == *k) alias_hit = true;
    if (!(any_like(names, (*k)->name) || alias_hit) || !any_like(xctx_arg_b(c, "Verb"), verb) || !any_like(xctx_arg_b(c, "Noun"), dash + 1)) continue;
    found++;
    if (xctx_switch(c, "Syntax")) {
      int nsets = 0;
      if ((*k)->sets) while ((*k)->sets[nsets]) nsets++;
      for (int s = 0; s < (nsets ? nsets : 1) && !st; s++) st = xctx_emit(c, cmdlet_syntax(*k, s));
      continue;
    }
    xv o = xv_obj("System.Management.Automation.CmdletInfo");
    o = xv_set(o, "CommandType", xv_str("Cmdlet"));
    o = xv_set(o, "Name", xv_str((*k)->name));
    o = xv_set(o, "Version", xv_str(EXSH_VERSION));
    o = xv_set(o, "Source", xv_str(strstr((*k)->class_name ? (*k)->class_name : "", "Exchange") ? "Microsoft.Exchange.Management" : "Microsoft.PowerShell.Core"));
    o = xv_set(o, "Definition", cmdlet_syntax(*k, (*k)->default_set));
    st = xctx_emit(c, o);
  }
  if (!found && names.kind == XV_ARR && xv_len_b(names) && !strpbrk(xv_str_b(xv_arr_get_b(names, 0)), "*?")) {
    const char *n = xv_str_b(xv_arr_get_b(names, 0));
    return xctx_error(c, XE_ObjectNotFound, "CommandNotFoundException", "CommandNotFoundException,Microsoft.PowerShell.Commands.GetCommandCommand", xv_str(n),
                      "The term '%s' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.", n);
  }
  return st;
}
const xcmdlet xc_get_command = {
  .name = "Get-Command", .aliases = "gcm", .class_name = "Microsoft.PowerShell.Commands.GetCommandCommand",
  .synopsis = "Gets the commands exsh knows.", .params = gc_params, .output_type = "System.Management.Automation.CmdletInfo",
  .process = gc_process,
};

static const xparam gh_params[] = {
  { "Name", &xt_string, .position = 1, .help = "The command to describe." },
  { "Full", &xt_switch, .help = "Shows every section, parameters included." },
  { "Detailed", &xt_switch, .help = "Shows parameter descriptions and examples." },
  { "Examples", &xt_switch, .help = "Shows only the examples." },
  { "Parameter", &xt_string, .help = "Shows only the named parameter; wildcards allowed." },
  { 0 },
};
void cmdlet_help_text(const xcmdlet *k, FILE *f, int mode, const char *param);
/* Get-Help [[-Name] <String>] [-Full] [-Detailed] [-Examples] [-Parameter <String>] */
static int gh_process(xctx *c) {
  xv nm = xctx_arg_b(c, "Name");
  if (nm.kind != XV_STR) {
    xv s = xv_str("\nexsh " EXSH_VERSION " - an Exchange Management Shell.\n\n"
                  "Get-Command lists the commands; Get-Help <command> [-Full|-Examples] describes one.\n"
                  "Parameters complete with Tab; en-dashes and curly quotes copied from documents are accepted.\n\n");
    return xctx_emit(c, fmt_text(s));
  }
  const xcmdlet *k = exsh_find_cmdlet(xv_str_b(nm));
  if (!k)
    return xctx_error(c, XE_ResourceUnavailable, "HelpNotFoundException", "HelpNotFound,Microsoft.PowerShell.Commands.GetHelpCommand", xv_copy(nm),
                      "Get-Help could not find %s in a help file in this session.", xv_str_b(nm));
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  int mode = xctx_switch(c, "Full") ? 2 : xctx_switch(c, "Detailed") ? 1 : xctx_switch(c, "Examples") ? 3 : xctx_has(c, "Parameter") ? 4 : 0;
  cmdlet_help_text(k, f, mode, xctx_has(c, "Parameter") ? xv_str_b(xctx_arg_b(c, "Parameter")) : NULL);
  fclose(f);
  int st = xctx_emit(c, fmt_text(xv_strn(buf, len)));
  free(buf);
  return st;
}
const xcmdlet xc_get_help = {
  .name = "Get-Help", .aliases = "help|man", .class_name = "Microsoft.PowerShell.Commands.GetHelpCommand",
  .synopsis = "Shows information about a command: its syntax, parameters and examples.", .params = gh_params,
  .process = gh_process,
};

static const char *const measure_view[] = {"Count", "Average", "Sum", "Maximum", "Minimum", "Property", NULL};
static const char *const command_view[] = {"CommandType", "Name", "Version", "Source", NULL};
void core_module_init(void) {
  exsh_register_view("Microsoft.PowerShell.Commands.GenericMeasureInfo", XVIEW_LIST, measure_view);
  exsh_register_view("System.Management.Automation.CmdletInfo", XVIEW_TABLE, command_view);
}
