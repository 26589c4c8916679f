/* error.c — ErrorRecords: building them as PSObjects, rendering them as PowerShell does
 * (message, CategoryInfo, FullyQualifiedErrorId; position and caret for script errors), red
 * on a terminal, and keeping $Error. Entry: xerr_record(), xerr_report(), xerr_runtime(). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "interp.h"

const char *xerrcat_name(xerrcat c) {
  static const char *const names[] = {
#define X(n) #n,
#include "errcat.def"
#undef X
  };
  return c < XE__COUNT ? names[c] : "NotSpecified";
}

#define ERRTYPE "System.Management.Automation.ErrorRecord"

xv xerr_record(xerrcat cat, const char *exception, const char *fqid, xv target,
               const char *activity, const char *message) {
  xv exc = xv_obj(exception);
  exc = xv_set(exc, "Message", xv_str(message ? message : ""));
  xv tstr = xv_to_str(xv_copy(target));
  const char *ttype = target.kind == XV_NULL ? "" : xv_typename_b(target);
  const char *dot = strrchr(ttype, '.');
  xv ci = xv_obj("System.Management.Automation.ErrorCategoryInfo");
  ci = xv_set(ci, "Category", xv_str(xerrcat_name(cat)));
  ci = xv_set(ci, "Activity", xv_str(activity ? activity : ""));
  ci = xv_set(ci, "Reason", xv_str(exception));
  ci = xv_set(ci, "TargetName", tstr);
  ci = xv_set(ci, "TargetType", xv_str(dot ? dot + 1 : ttype));
  xv r = xv_obj(ERRTYPE);
  r = xv_set(r, "Exception", exc);
  r = xv_set(r, "TargetObject", target);
  r = xv_set(r, "CategoryInfo", ci);
  r = xv_set(r, "FullyQualifiedErrorId", xv_str(fqid ? fqid : exception));
  r = xv_set(r, "PositionMessage", xv_str(""));
  return r;
}

static const char *prop_s(xv o, const char *k) {
  const char *s = xv_str_b(xv_get_b(o, k));
  return s ? s : "";
}

/* prints an ErrorRecord in PowerShell's layout */
static void render(xv rec, FILE *f) {
  xv exc = xv_get_b(rec, "Exception"), ci = xv_get_b(rec, "CategoryInfo");
  const char *red = I && I->color ? "\033[31m" : "", *off = I && I->color ? "\033[0m" : "";
  fprintf(f, "%s", red);
  const char *act = prop_s(ci, "Activity");
  const char *pos = prop_s(rec, "PositionMessage");
  if (*pos && *act) fprintf(f, "%s : ", act);
  fprintf(f, "%s\n", prop_s(exc, "Message"));
  if (*pos) fprintf(f, "%s\n", pos);
  fprintf(f, "    + CategoryInfo          : %s: (%s:%s) [%s], %s\n", prop_s(ci, "Category"), prop_s(ci, "TargetName"),
          prop_s(ci, "TargetType"), act, prop_s(ci, "Reason"));
  fprintf(f, "    + FullyQualifiedErrorId : %s\n%s", prop_s(rec, "FullyQualifiedErrorId"), off);
  fprintf(f, "\n");
  fflush(f);
}

/* $Error keeps the newest first, at most 256 */
void xerr_keep(xv rec) {
  xv n = xv_arr_push(xv_arr(), xv_copy(rec));
  for (uint32_t i = 0; i < xv_len_b(I->errors) && i < 255; i++) n = xv_arr_push(n, xv_copy(xv_arr_get_b(I->errors, i)));
  xv_free(I->errors);
  I->errors = n;
  I->last_ok = false;
  I->err_seq++;
}

void xerr_report(xv rec) {
  render(rec, stderr);
  xerr_keep(rec);
}

void xerr_show(xv rec) { render(rec, stderr); }

/* Inside a try block the error is the catch clause's to show or not: it goes to $Error and waits
 * in I->caught (the newest wins: only the error that stopped the block is caught). */
void xerr_raise(xv rec) {
  if (I->try_depth <= 0) { xerr_report(rec); return; }
  xerr_keep(rec);
  xv_free(I->caught);
  I->caught = xv_copy(rec);
}

/* "At line:1 char:5", the source line and a caret under the node */
xv xerr_position(const node *at) {
  char pos[1024];
  const char *file = at->src ? interp_source_name(at->src) : NULL;   /* a called script's own name */
  int n = snprintf(pos, sizeof pos, "At %s:%d char:%d", file ? file : I->script_name ? I->script_name : "line", at->line, at->col);
  if (at->src) {
    const char *ls = at->src + at->pos;
    while (ls > at->src && ls[-1] != '\n') ls--;
    size_t ll = strcspn(ls, "\r\n");
    if (ll > 200) ll = 200;
    n += snprintf(pos + n, sizeof pos - (size_t)n, "\n+ %.*s\n+ ", (int)ll, ls);
    for (int i = 1; i < at->col && n < (int)sizeof pos - 2; i++) pos[n++] = ' ';
    size_t span = at->end > at->pos ? at->end - at->pos : 1;
    for (size_t i = 0; i < span && i < ll && n < (int)sizeof pos - 2; i++) pos[n++] = '~';
    pos[n] = 0;
  }
  return xv_str(pos);
}

int xerr_runtime(const node *at, xerrcat cat, const char *exception, const char *fqid, const char *fmt, ...) {
  char msg[2048];
  va_list ap; va_start(ap, fmt); vsnprintf(msg, sizeof msg, fmt, ap); va_end(ap);
  xv target = xv_null();
  if (!strcmp(exception, "CommandNotFoundException")) {
    const char *q1 = strchr(msg, '\''), *q2 = q1 ? strchr(q1 + 1, '\'') : NULL;
    if (q1 && q2) target = xv_strn(q1 + 1, (size_t)(q2 - q1 - 1));
  }
  xv rec = xerr_record(cat, exception, fqid, target, "", msg);
  if (at && at->line) rec = xv_set(rec, "PositionMessage", xerr_position(at));
  xerr_raise(rec);
  xv_free(rec);
  return EXSH_ERR;
}

void xerr_print_parse(const parse_error *e, const char *name) {
  const char *red = I && I->color ? "\033[31m" : "", *off = I && I->color ? "\033[0m" : "";
  fprintf(stderr, "%sAt %s:%d char:%d\n+ %s\n+ ", red, name ? name : "line", e->line, e->col, e->linetext);
  for (int i = 1; i < e->col; i++) fputc(' ', stderr);
  fprintf(stderr, "~\n%s\n", e->msg);
  fprintf(stderr, "    + CategoryInfo          : ParserError: (:) [], ParentContainsErrorRecordException\n");
  fprintf(stderr, "    + FullyQualifiedErrorId : %s\n%s\n", e->id, off);
  xv rec = xerr_record(XE_ParserError, "ParseException", e->id, xv_null(), "", e->msg);
  xerr_keep(rec);
  xv_free(rec);
}
