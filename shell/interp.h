/* interp.h — the interpreter's state and the internal API shared by the stages of shell/
 * (eval, bind, cmdlet, format, error, core, repl). Cmdlet modules never include this; they
 * see only exsh.h. One interpreter per process: `I`. */
#ifndef EXSH_INTERP_H
#define EXSH_INTERP_H
#include <signal.h>
#include <stdio.h>
#include "exsh.h"
#include "parse.h"

/* An output sink: where a statement, a pipeline stage or a block sends its objects. */
typedef struct xsink {
  int (*put)(struct xsink *s, xv v);   /* consumes v; EXSH_OK, EXSH_ERR or EXSH_STOP */
} xsink;

/* Collects output: nothing -> $null, one object -> it, more -> an array. */
typedef struct xcollect {
  xsink base;
  xv first;            /* the first object (owned) */
  xv arr;              /* all objects once there are two (owned) */
  uint32_t n;          /* how many */
} xcollect;
void collect_init(xcollect *c);
xv collect_take(xcollect *c, bool as_array);   /* the result; resets c */
void collect_drop(xcollect *c);
extern xsink sink_null;

typedef struct scope {
  xv vars;             /* DICT name -> value (owned) */
  struct scope *parent;/* caller's scope (dynamic scoping, as PowerShell) */
} scope;

typedef struct interp {
  scope *global;              /* the global scope (owned) */
  scope *cur;                 /* the current scope */
  xv under;                   /* $_ / $PSItem (owned) */
  xv errors;                  /* $Error, newest first (owned ARR) */
  xv funcs;                   /* DICT name -> BLOCK of the FUNCDEF body */
  bool last_ok;               /* $? */
  unsigned long err_seq;      /* errors reported so far: a statement that adds one leaves $? false */
  bool terminating;           /* a script-terminating error (throw, -ErrorAction Stop) is unwinding */
  int try_depth;              /* try blocks being run: an error stops the block and is caught */
  xv caught;                  /* the unwinding error of a try block, not shown yet (owned or NULL) */
  xv rethrow;                 /* the error of the catch block being run: `throw` alone (owned) */
  int exit_code;              /* set by exit N */
  bool noninteractive;        /* -NonInteractive */
  bool repl;                  /* the REPL is running (prompts may use readline) */
  bool color;                 /* errors in red */
  int call_depth;             /* function / block nesting, limited */
  char *stack_top;            /* interp_init's frame: where the C stack starts, for eval_deep() */
  size_t stack_room;          /* how much of the C stack evaluation may use (3/4 of the limit) */
  volatile sig_atomic_t interrupted;  /* Ctrl-C seen; checked between objects */
  struct arena_list *arenas;  /* parse arenas kept while their blocks may live */
  struct store *store;        /* opened on first use */
  char *store_dir;            /* resolved store folder (owned) */
  const char *script_name;    /* for messages */
  int width;                  /* output width for tables */
} interp;
extern interp *I;

void interp_init(void);
void interp_free(void);
/* keeps a parse arena while its blocks may live; src: its nodes' source, name: its file or NULL */
void interp_keep_arena(arena *a, const char *src, const char *name);
const char *interp_source_name(const char *src);   /* the file a node's source came from, or NULL */

/* eval.c */
int eval_script_text(const char *src, size_t len, const char *name, xsink *out, bool top);
int eval_block(const node *blk, xsink *out);
int eval_expr(const node *e, xv *res);
int eval_call_block(xv block, xv under, const xv *args, int nargs, xsink *out);
int eval_block_value(xv block, xv under, xv *res);  /* collects output */
int eval_dot_block(xv block, xv under, xsink *out);
char *script_read(const char *path, size_t *len);   /* a .ps1's text as UTF-8 (malloc'd) or NULL */
/* block (borrowed) in the current scope, its param() block bound to args first (`. script`) */
int eval_dot_call(xv block, xv under, const xv *args, int nargs, xsink *out);
xv var_get(const char *name);                        /* owned copy, NULL kind if unset */
void var_set(const char *name, xv v);                /* consumes v, current scope */
void var_set_global(const char *name, xv v);
xv member_get(xv obj, const char *name);             /* borrow obj; owned result */
bool xv_like(const char *s, const char *pat, bool ci);
void enumerate(xv v, int (*each)(void *, xv), void *ud);

/* ops.c — operators; each returns EXSH_OK with *res set, or reports (at: the node) and EXSH_ERR */
int ops_error(const node *at, xerrcat cat, const char *exc, const char *id, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
int ops_arith(const node *at, const char *op, xv a, xv b, xv *res);     /* consumes a, b */
int ops_compare(const node *at, const char *op, xv a, xv b, xv *res);   /* consumes a, b */
int ops_format(const node *at, xv fmt, xv args, xv *res);               /* consumes both */
int ops_replace(const node *at, xv left, xv right, bool ci, xv *res);   /* borrows */
int ops_split(const node *at, xv left, xv right, bool ci, xv *res);     /* consumes */
int ops_invoke(const node *at, xv obj, const char *m, const xv *args, int n, xv *res); /* borrows */
int ops_cast(const node *at, const char *type, xv v, xv *res);          /* consumes v */

/* error.c */
xv xerr_record(xerrcat cat, const char *exception, const char *fqid, xv target,
               const char *activity, const char *message);
void xerr_report(xv rec);                            /* borrow; print to stderr, add to $Error */
void xerr_keep(xv rec);                              /* borrow; add to $Error only */
/* borrow; a terminating error: kept for the enclosing try (in $Error, not shown), or reported */
void xerr_raise(xv rec);
void xerr_show(xv rec);                              /* borrow; print only ($Error has it) */
int xerr_runtime(const node *at, xerrcat cat, const char *exception, const char *fqid, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));           /* terminating runtime error: reports, EXSH_ERR */
void xerr_print_parse(const parse_error *e, const char *name);
xv xerr_position(const node *at);                   /* owned STR: At line:N char:M, line, caret */

/* format.c */
typedef struct xout xout;
xsink *out_default_open(void);                       /* formats to stdout */
int out_default_flush(xsink *s);
void format_value_lines(xv v, FILE *f, int width);   /* Out-String/Out-Default rendering */
xv format_to_string(xv v, int width);                /* owned STR of the rendering */
int format_table(xv items, const char *const *props, int nprops, FILE *f, int width, bool autosize);
int format_list(xv items, const char *const *props, int nprops, FILE *f);
xv format_prop_display(xv v);                        /* value as a cell shows it ({a, b}) */
const char *const *format_view(const char *type, int *kind);

/* cmdlet.c — pipeline stages */
typedef struct xctx xctx;
xctx *stage_new(const xcmdlet *cmd, const node *where);
xctx *stage_new_function(const char *name, xv body, const node *where);
void stage_dot(xctx *c);     /* a function or script stage runs in the caller's scope */
void stage_script(xctx *c);  /* the function stage is a script file's */
void stage_free(xctx *c);
int stage_bind_args(xctx *c, const node *cmdnode);   /* evaluates and binds command-line args */
int stage_begin(xctx *c, xsink *out, bool expects_input);
int stage_feed(xctx *c, xv input);                   /* consumes input */
int stage_run_once(xctx *c);                         /* process() with no input */
int stage_end(xctx *c);
xsink *stage_sink(xctx *c);

/* completion (cmdlet.c) */
char **complete_words(const char *line, int start, int end, const char *word);

#endif
