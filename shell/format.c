/* format.c — output as PowerShell prints it: scalars one per line; objects by their type's
 * registered view, else a table (up to four properties) or a list (more); columns sized to
 * the values and cut with "..." to the width (120 when not a terminal); numbers right-aligned.
 * Also the rendering behind Format-Table, Format-List and Out-String.
 * Entry: out_default_open()/out_default_flush(), format_table(), format_list(). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "interp.h"

#define FMT_TEXT "exsh.FormattedText"   /* Format-* output: pre-rendered text (__Text) */

/* ---------------- views ---------------- */

typedef struct view { char *type; int kind; const char *const *cols; struct view *next; } view;
static view *views;

void exsh_register_view(const char *type_name, int kind, const char *const *columns) {
  view *v = calloc(1, sizeof *v);
  v->type = strdup(type_name); v->kind = kind; v->cols = columns;
  v->next = views; views = v;
}
const char *const *format_view(const char *type, int *kind) {
  exsh_modules_init();
  for (view *v = views; v; v = v->next)
    if (!strcmp(v->type, type)) { *kind = v->kind; return v->cols; }
  return NULL;
}

/* ---------------- cells ---------------- */

xv format_prop_display(xv v) {
  if (v.kind == XV_ARR) {
    xv s = xv_str("{");
    for (uint32_t i = 0; i < xv_len_b(v); i++) {
      xv item = xv_arr_get_b(v, i);   /* an inner array shows its type name, as PowerShell's does */
      xv e = item.kind == XV_ARR ? xv_str("System.Object[]") : format_prop_display(xv_copy(item));
      xv t = xv_strf("%s%s%s", xv_str_b(s), i ? ", " : "", xv_str_b(e));
      xv_free(s); xv_free(e);
      s = t;
    }
    xv t = xv_strf("%s}", xv_str_b(s));
    xv_free(s); xv_free(v);
    return t;
  }
  if (v.kind == XV_BLOCK) { xv t = xv_str(xv_block_text_b(v)); xv_free(v); return t; }
  return xv_to_str(v);
}

static size_t u8len(const char *s) {
  size_t n = 0;
  for (; *s; s++) if (((unsigned char)*s & 0xC0) != 0x80) n++;
  return n;
}
/* byte offset of the first n characters */
static size_t u8cut(const char *s, size_t n) {
  size_t i = 0;
  while (s[i] && n) { i++; while (((unsigned char)s[i] & 0xC0) == 0x80) i++; n--; }
  return i;
}
static void put_padded(FILE *f, const char *s, size_t width, bool right, bool last) {
  size_t len = u8len(s);
  /* new lines inside a cell are shown as spaces */
  if (len > width) {
    size_t keep = width > 3 ? width - 3 : 0;
    fprintf(f, "%.*s%s", (int)u8cut(s, keep), s, width >= 3 ? "..." : "");
    return;
  }
  if (right) for (size_t i = len; i < width; i++) fputc(' ', f);
  fputs(s, f);
  if (!right && !last) for (size_t i = len; i < width; i++) fputc(' ', f);
}

static xv cell_of(xv obj, const char *prop) {
  xv v = member_get(obj, prop);
  xv s = format_prop_display(v);
  /* one line per cell */
  const char *p = xv_str_b(s);
  if (strchr(p, '\n') || strchr(p, '\r')) {
    char *d = strdup(p);
    for (char *q = d; *q; q++) if (*q == '\n' || *q == '\r') *q = ' ';
    xv t = xv_str(d);
    free(d); xv_free(s);
    return t;
  }
  return s;
}

/* ---------------- table and list ---------------- */

static size_t first_min;   /* minimum width of the first column (the hashtable view's 30) */
static bool all_left;      /* the hashtable view aligns every column left */

int format_table(xv items, const char *const *props, int n, FILE *f, int width, bool autosize) {
  (void)autosize;
  uint32_t rows = xv_len_b(items);
  size_t *w = calloc((size_t)n, sizeof(size_t));
  bool *num = calloc((size_t)n, sizeof(bool));
  xv *cells = calloc((size_t)rows * (size_t)n + 1, sizeof(xv));
  for (int j = 0; j < n; j++) { w[j] = u8len(props[j]); num[j] = rows > 0; }
  if (n > 1 && first_min > w[0]) w[0] = first_min;
  if (all_left) for (int j = 0; j < n; j++) num[j] = false;
  for (uint32_t r = 0; r < rows; r++) {
    xv o = xv_arr_get_b(items, r);
    for (int j = 0; j < n; j++) {
      xv raw = member_get(o, props[j]);
      if (!(raw.kind == XV_INT || raw.kind == XV_DBL || raw.kind == XV_NULL)) num[j] = false;
      if (all_left) num[j] = false;
      xv_free(raw);
      cells[r * (uint32_t)n + (uint32_t)j] = cell_of(o, props[j]);
      size_t l = u8len(xv_str_b(cells[r * (uint32_t)n + (uint32_t)j]));
      if (l > w[j]) w[j] = l;
    }
  }
  /* fit the width: shrink the widest column until the row fits */
  for (;;) {
    size_t total = (size_t)(n - 1);
    int widest = 0;
    for (int j = 0; j < n; j++) { total += w[j]; if (w[j] > w[widest]) widest = j; }
    if (total <= (size_t)width || w[widest] <= 4) break;
    w[widest] -= total - (size_t)width < w[widest] - 4 ? total - (size_t)width : w[widest] - 4;
  }
  fputc('\n', f);
  for (int j = 0; j < n; j++) { put_padded(f, props[j], w[j], num[j], j == n - 1); if (j < n - 1) fputc(' ', f); }
  fputc('\n', f);
  for (int j = 0; j < n; j++) {
    size_t dl = u8len(props[j]) < w[j] ? u8len(props[j]) : w[j];
    if (num[j]) for (size_t i = dl; i < w[j]; i++) fputc(' ', f);
    for (size_t i = 0; i < dl; i++) fputc('-', f);
    if (!num[j] && j < n - 1) for (size_t i = dl; i < w[j]; i++) fputc(' ', f);
    if (j < n - 1) fputc(' ', f);
  }
  fputc('\n', f);
  for (uint32_t r = 0; r < rows; r++) {
    for (int j = 0; j < n; j++) {
      put_padded(f, xv_str_b(cells[r * (uint32_t)n + (uint32_t)j]), w[j], num[j], j == n - 1);
      if (j < n - 1) fputc(' ', f);
    }
    fputc('\n', f);
  }
  fputs("\n\n", f);
  for (uint32_t i = 0; i < rows * (uint32_t)n; i++) xv_free(cells[i]);
  free(cells); free(w); free(num);
  return EXSH_OK;
}

int format_list(xv items, const char *const *props, int n, FILE *f) {
  size_t w = 0;
  for (int j = 0; j < n; j++) if (u8len(props[j]) > w) w = u8len(props[j]);
  fputc('\n', f);
  for (uint32_t r = 0; r < xv_len_b(items); r++) {
    xv o = xv_arr_get_b(items, r);
    for (int j = 0; j < n; j++) {
      xv c = format_prop_display(member_get(o, props[j]));
      fprintf(f, "%s", props[j]);
      for (size_t i = u8len(props[j]); i < w; i++) fputc(' ', f);
      const char *s = xv_str_b(c);
      fputs(" : ", f);
      /* continuation lines are indented under the value */
      for (const char *q = s; *q; q++) {
        if (*q == '\r') continue;
        fputc(*q, f);
        if (*q == '\n') for (size_t i = 0; i < w + 3; i++) fputc(' ', f);
      }
      fputc('\n', f);
      xv_free(c);
    }
    fputc('\n', f);
  }
  fputc('\n', f);
  return EXSH_OK;
}

/* the property names of an object, or of a hashtable shown as Name/Value */
static const char **props_of(xv o, int *n) {
  uint32_t k = xv_len_b(o);
  const char **p = calloc(k + 1, sizeof(char *));
  int m = 0;
  for (uint32_t i = 0; i < k; i++) if (xv_key_b(o, i)[0] != '_' || xv_key_b(o, i)[1] != '_') p[m++] = xv_key_b(o, i);
  *n = m;
  return p;
}

/* renders a run of objects of one type */
static void render_group(xv items, FILE *f, int width) {
  xv first = xv_arr_get_b(items, 0);
  if (first.kind == XV_DICT) {
    /* hashtables: a Name / Value table of all their entries */
    xv rows = xv_arr();
    for (uint32_t r = 0; r < xv_len_b(items); r++) {
      xv h = xv_arr_get_b(items, r);
      for (uint32_t i = 0; i < xv_len_b(h); i++) {
        xv e = xv_obj("System.Collections.DictionaryEntry");
        e = xv_set(e, "Name", xv_str(xv_key_b(h, i)));
        e = xv_set(e, "Value", xv_copy(xv_val_b(h, i)));
        rows = xv_arr_push(rows, e);
      }
    }
    static const char *const nv[] = {"Name", "Value"};
    /* PowerShell's hashtable view gives Name 30 columns */
    first_min = 30; all_left = true;
    format_table(rows, nv, 2, f, width, false);
    first_min = 0; all_left = false;
    xv_free(rows);
    return;
  }
  int kind = 0;
  const char *const *cols = format_view(xv_typename_b(first), &kind);
  if (cols) {
    int n = 0;
    while (cols[n]) n++;
    if (kind == XVIEW_TABLE) format_table(items, cols, n, f, width, false);
    else format_list(items, cols, n, f);
    return;
  }
  int n;
  const char **p = props_of(first, &n);
  if (n == 0) { for (uint32_t r = 0; r < xv_len_b(items); r++) fputc('\n', f); }
  else if (n <= 4) format_table(items, p, n, f, width, false);
  else format_list(items, p, n, f);
  free(p);
}

static bool is_scalar(xv v) { return v.kind != XV_OBJ && v.kind != XV_DICT; }

/* renders a sequence of values to f */
void format_value_lines(xv v, FILE *f, int width) {
  xv items = v.kind == XV_ARR ? xv_copy(v) : xv_arr_push(xv_arr(), xv_copy(v));
  uint32_t n = xv_len_b(items), i = 0;
  while (i < n) {
    xv it = xv_arr_get_b(items, i);
    if (it.kind == XV_NULL) { i++; continue; }
    if (it.kind == XV_OBJ && !strcmp(xv_typename_b(it), FMT_TEXT)) { fputs(xv_str_b(xv_get_b(it, "__Text")), f); i++; continue; }
    if (is_scalar(it)) {
      xv s = it.kind == XV_ARR ? format_prop_display(xv_copy(it)) : xv_to_str(xv_copy(it));
      fprintf(f, "%s\n", xv_str_b(s));
      xv_free(s);
      i++;
      continue;
    }
    uint32_t j = i + 1;
    while (j < n && xv_arr_get_b(items, j).kind == it.kind && !strcmp(xv_typename_b(xv_arr_get_b(items, j)), xv_typename_b(it))) j++;
    xv group = xv_arr();
    for (uint32_t k = i; k < j; k++) group = xv_arr_push(group, xv_copy(xv_arr_get_b(items, k)));
    render_group(group, f, width);
    xv_free(group);
    i = j;
  }
  xv_free(items);
  xv_free(v);
}

xv format_to_string(xv v, int width) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  format_value_lines(v, f, width);
  fclose(f);
  xv s = xv_strn(buf, len);
  free(buf);
  return s;
}

/* ---------------- Out-Default ---------------- */

typedef struct outdef {
  xsink base;
  xv pending;          /* objects of one type waiting to be laid out together (owned ARR) */
} outdef;

static void od_flush_pending(outdef *o) {
  if (xv_len_b(o->pending)) {
    format_value_lines(o->pending, stdout, I->width);
    o->pending = xv_arr();
  }
}

static int od_put(xsink *s, xv v) {
  outdef *o = (outdef *)s;
  if (is_scalar(v) || (v.kind == XV_OBJ && !strcmp(xv_typename_b(v), FMT_TEXT))) {
    od_flush_pending(o);
    if (v.kind == XV_NULL) return EXSH_OK;
    if (v.kind == XV_OBJ) fputs(xv_str_b(xv_get_b(v, "__Text")), stdout);
    else {
      xv t = v.kind == XV_ARR ? format_prop_display(v) : xv_to_str(v);
      fputs(xv_str_b(t), stdout);
      fputc('\n', stdout);
      xv_free(t);
      return EXSH_OK;
    }
    xv_free(v);
    return EXSH_OK;
  }
  uint32_t n = xv_len_b(o->pending);
  if (n) {
    xv last = xv_arr_get_b(o->pending, n - 1);
    if (last.kind != v.kind || strcmp(xv_typename_b(last), xv_typename_b(v))) od_flush_pending(o);
  }
  o->pending = xv_arr_push(o->pending, v);
  if (xv_len_b(o->pending) >= 4096) od_flush_pending(o);   /* bounded memory for long outputs */
  return EXSH_OK;
}

xsink *out_default_open(void) {
  outdef *o = calloc(1, sizeof *o);
  o->base.put = od_put;
  o->pending = xv_arr();
  return &o->base;
}
int out_default_flush(xsink *s) {
  outdef *o = (outdef *)s;
  od_flush_pending(o);
  xv_free(o->pending);
  free(o);
  fflush(stdout);
  return EXSH_OK;
}
