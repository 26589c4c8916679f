/* stage.h — one command of a running pipeline (the xctx that cmdlet bodies receive), shared
 * by bind.c (which fills its arguments) and cmdlet.c (which runs it). Private to shell/. */
#ifndef EXSH_STAGE_H
#define EXSH_STAGE_H
#include "interp.h"

enum { BOUND_NONE = 0, BOUND_CMDLINE = 1, BOUND_PIPE = 2 };
enum { EA_CONTINUE = 0, EA_STOP, EA_SILENT, EA_IGNORE, EA_INQUIRE };

struct xctx {
  const xcmdlet *cmd;        /* the cmdlet's table; NULL for a function or script block */
  xv func;                   /* function stage: BLOCK of its body (owned) */
  bool dot;                  /* dot-sourced (`. script.ps1`): runs in the caller's scope */
  bool script;               /* a script file: its `exit` ends it alone ($LASTEXITCODE) */
  const char *fname;         /* function stage: its name (borrowed from the AST or "<scriptblock>") */
  const node *where;         /* the command in the script, for error positions */
  int nparams;               /* entries in cmd->params */
  xv *args;                  /* bound value per parameter (owned), NULL kind when unbound */
  uint8_t *bound;            /* BOUND_* per parameter */
  xv fargs;                  /* function stage: evaluated arguments, ARR (owned) */
  unsigned cand;             /* parameter sets still possible (bit per set) */
  int set;                   /* the resolved parameter set */
  int nsets;                 /* number of sets (1 when the table names none) */
  bool has_input;            /* process() runs for a pipeline object */
  xv input;                  /* that object (owned) */
  bool expects_input;        /* an earlier stage feeds this one */
  xsink *out;                /* the next stage's sink, or the statement's output */
  xsink self;                /* the sink that feeds this stage (container_of) */
  void *state;               /* cmd->state_size bytes, freed with cmd->state_free then free() */
  bool whatif;               /* -WhatIf */
  int confirm;               /* -Confirm: -1 not given, 0 false, 1 true */
  int erroraction;           /* EA_* from -ErrorAction or $ErrorActionPreference */
  bool verbose;              /* -Verbose */
  bool yes_all, no_all;      /* answers A / L given at a confirmation prompt */
  int fast_pipe;             /* parameter bound by value as is (no conversion), or -1 */
  bool any_pipe_param;       /* the table has a pipeline-bound parameter */
  xv fn_input;               /* function stage: the pipeline objects ($input), ARR (owned) */
  bool began;                /* begin() ran: end() and state_free are due */
};

int bind_cmdline(xctx *c, const node *cmd);
int bind_resolve_set(xctx *c);
int bind_pipeline_object(xctx *c, xv input);       /* borrow input; EXSH_OK bound, EXSH_ERR reported */
int bind_check_mandatory(xctx *c, bool deferred_ok);
int bind_param_index(const xcmdlet *cmd, const char *name);
int bind_error(xctx *c, xerrcat cat, const char *id, xv target, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
#endif
