/* exsh.h — the runtime API that cmdlet modules include (our lua.h): values, the declarative
 * cmdlet/parameter tables, pipeline output, error records, ShouldProcess, host talk.
 * A cmdlet is one static const xcmdlet table plus thin begin/process/end bodies; binding,
 * Get-Help, Get-Command, tab completion, -WhatIf/-Confirm and the common parameters are all
 * driven by the table (shell/bind.c, shell/cmdlet.c), never by per-cmdlet code. */
#ifndef EXSH_H
#define EXSH_H
#include <stdarg.h>
#include "value.h"

#define EXSH_VERSION "0.1.0"

/* Status codes returned through the runtime. */
enum {
  EXSH_OK = 0,
  EXSH_ERR = 1,        /* terminating error: the record is in $Error[0] and already reported */
  EXSH_BREAK = 2,      /* flow control, used by the evaluator */
  EXSH_CONTINUE = 3,
  EXSH_RETURN = 4,
  EXSH_EXIT = 5,
  EXSH_STOP = 6,       /* downstream asked to stop the pipeline (Select-Object -First) */
};

typedef enum {
#define X(n) XE_##n,
#include "errcat.def"
#undef X
  XE__COUNT
} xerrcat;
const char *xerrcat_name(xerrcat c);

/* ---------------- parameter types ----------------
 * A type converts a bound argument (consumed) to the parameter's value, or fails with a
 * message (an owned STR in *err) that bind.c wraps in PowerShell's "Cannot bind parameter"
 * record. Modules declare their own (enums, status codes, cultures) beside their tables. */
typedef struct xtype {
  const char *name;                         /* .NET-style name for Get-Help and errors */
  int (*convert)(const struct xtype *t, xv in, xv *out, xv *err); /* EXSH_OK or EXSH_ERR */
  const char *const *values;                /* enum names (NULL-terminated) for validation and completion */
  unsigned flags;                           /* XTF_* */
} xtype;
enum { XTF_SWITCH = 1, XTF_ARRAY = 2, XTF_BLOCK = 4 };

extern const xtype xt_any, xt_string, xt_strings, xt_bool, xt_switch, xt_int, xt_double,
    xt_block, xt_object, xt_objects, xt_hashtable;
/* Generic enum conversion: case-insensitive, unique-prefix match is NOT allowed (as .NET). */
int xt_enum_convert(const xtype *t, xv in, xv *out, xv *err);
#define XTYPE_ENUM(tname, vals) { tname, xt_enum_convert, vals, 0 }

/* ---------------- parameters and cmdlets ---------------- */
enum { XP_VALUE = 1, XP_PROPNAME = 2 };   /* pipeline binding */
typedef struct xparam {
  const char *name;        /* canonical name, as Get-Help prints it */
  const xtype *type;
  unsigned sets;           /* bit i: belongs to parameter set i; 0: every set */
  unsigned mandatory;      /* bit i: mandatory in set i */
  int position;            /* 1-based position; 0: named only */
  unsigned pipe;           /* XP_VALUE | XP_PROPNAME */
  const char *aliases;     /* "a|b" */
  int max_len;             /* strings: maximum length in characters; 0: none */
  const char *help;        /* one paragraph for Get-Help -Parameter / -Full */
} xparam;

enum { XI_NONE = 0, XI_LOW, XI_MEDIUM, XI_HIGH };  /* ConfirmImpact; XI_NONE: no ShouldProcess */

typedef struct xctx xctx;
typedef struct xcmdlet {
  const char *name;              /* Verb-Noun */
  const char *aliases;           /* "where|?" */
  const char *class_name;        /* .NET class for FullyQualifiedErrorId (NULL: the cmdlet name) */
  const char *synopsis;
  const char *const *sets;       /* parameter set names, NULL-terminated; NULL: one set */
  int default_set;               /* index into sets */
  const xparam *params;          /* terminated by { 0 } */
  int impact;                    /* XI_*: SupportsShouldProcess when not XI_NONE */
  const char *output_type;
  const char *const *examples;   /* pairs: code, explanation; NULL-terminated */
  int (*begin)(xctx *c);         /* may be NULL */
  int (*process)(xctx *c);       /* once per pipeline input, or once with none; may be NULL */
  int (*end)(xctx *c);           /* may be NULL */
  size_t state_size;             /* bytes of zeroed per-invocation state (xctx_state) */
  void (*state_free)(void *state);
} xcmdlet;

/* ---------------- what a cmdlet body may call ---------------- */
xv xctx_arg_b(xctx *c, const char *name);       /* bound value (borrowed), NULL kind if unbound */
bool xctx_has(xctx *c, const char *name);       /* bound on the command line or from the pipeline */
bool xctx_switch(xctx *c, const char *name);    /* a switch that is present and true */
int xctx_set(xctx *c);                          /* index of the resolved parameter set */
void *xctx_state(xctx *c);                      /* per-invocation state (state_size bytes) */
const xcmdlet *xctx_cmdlet(xctx *c);
bool xctx_has_input(xctx *c);                   /* process() runs for a pipeline object */
xv xctx_input_b(xctx *c);                       /* the current pipeline object */
int xctx_emit(xctx *c, xv v);                   /* consumes v; EXSH_OK, EXSH_ERR or EXSH_STOP */
bool xctx_interrupted(xctx *c);                 /* Ctrl-C was pressed: stop between items, return EXSH_ERR */

/* Reports an error record. Non-terminating by default: returns EXSH_OK and the pipeline goes
 * on; with -ErrorAction Stop (or $ErrorActionPreference = 'Stop') it returns EXSH_ERR and the
 * caller must return it. fqid NULL: an 8-hex id hashed from the cmdlet and exception names
 * (Exchange style), followed by ",<class_name>". target is consumed. */
int xctx_error(xctx *c, xerrcat cat, const char *exception, const char *fqid, xv target,
               const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* The same, always terminating: returns EXSH_ERR. */
int xctx_fail(xctx *c, xerrcat cat, const char *exception, const char *fqid, xv target,
              const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* ShouldProcess: -WhatIf prints `What if: <action>` and returns 0; a confirmation asks
 * (Y/A/N/L/?) when -Confirm or impact >= $ConfirmPreference; returns 1 to go ahead, 0 to
 * skip, -1 when it could not ask (non-interactive, end of input): an error is reported. */
int xctx_should_process(xctx *c, const char *action_fmt, ...) __attribute__((format(printf, 2, 3)));
void xctx_warning(xctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void xctx_verbose(xctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The store folder (made on first use) and the opened store (store/store.h). */
const char *exsh_store_dir(void);
struct store *xctx_store(xctx *c);               /* NULL after reporting an error */

/* ---------------- views (format.c) ----------------
 * A type with a registered view prints that way by default; others: <= 4 properties a
 * table, more a list. columns: NULL-terminated property names. */
enum { XVIEW_TABLE = 1, XVIEW_LIST = 2 };
void exsh_register_view(const char *type_name, int kind, const char *const *columns);

/* ---------------- registry (cmdlets/registry.c) ---------------- */
extern const xcmdlet *const exsh_cmdlets[];      /* NULL-terminated */
const xcmdlet *exsh_find_cmdlet(const char *name_or_alias);
void exsh_modules_init(void);                   /* registers views; called once, lazily */

#endif
