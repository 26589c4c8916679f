/* help.c — what Get-Help, Get-Command -Syntax and tab completion say about a cmdlet, all
 * derived from its declarative table (never written by hand per cmdlet).
 * Entry: cmdlet_syntax(), cmdlet_help_text(), complete_words(). */
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "stage.h"

/* "Microsoft.Exchange.Data.Unlimited[...ByteQuantifiedSize]" -> "Unlimited"; "System.String[]" -> "String[]" */
static const char *short_type(const xtype *t) {
  static char buf[128];
  const char *n = t->name;
  size_t len = strcspn(n, "<[");
  if (n[len] == '[' && n[len + 1] == ']') len += 2;
  snprintf(buf, sizeof buf, "%.*s", (int)len, n);
  char *open = strchr(buf, '[');
  if (open) *open = 0;
  char *d = strrchr(buf, '.');
  const char *base = d ? d + 1 : buf;
  if (n[strcspn(n, "<[")] == '[' && n[strcspn(n, "<[") + 1] == ']') {
    static char arr[140];
    snprintf(arr, sizeof arr, "%s[]", base);
    return arr;
  }
  return base;
}
static unsigned psets(const xparam *p, int nsets) { return p->sets ? p->sets : (1u << nsets) - 1; }
static int nsets_of(const xcmdlet *k) {
  int n = 0;
  if (k->sets) while (k->sets[n]) n++;
  return n ? n : 1;
}

/* Verb-Noun [-A] <T> [[-B] <T>] [-C <T>] [-S] [-WhatIf] [-Confirm] [<CommonParameters>] */
xv cmdlet_syntax(const xcmdlet *k, int set) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  fputs(k->name, f);
  int ns = nsets_of(k);
  /* positional first, in position order, then the rest in table order */
  for (int pos = 1; pos < 16; pos++)
    for (int i = 0; k->params[i].name; i++) {
      const xparam *p = &k->params[i];
      if (p->position != pos || !(psets(p, ns) & (1u << set))) continue;
      bool m = p->mandatory & (1u << set);
      fprintf(f, m ? " [-%s] <%s>" : " [[-%s] <%s>]", p->name, short_type(p->type));
    }
  for (int i = 0; k->params[i].name; i++) {
    const xparam *p = &k->params[i];
    if (p->position || !(psets(p, ns) & (1u << set))) continue;
    bool m = p->mandatory & (1u << set);
    if (p->type->flags & XTF_SWITCH) fprintf(f, m ? " -%s" : " [-%s]", p->name);
    else fprintf(f, m ? " -%s <%s>" : " [-%s <%s>]", p->name, short_type(p->type));
  }
  if (k->impact != XI_NONE) fputs(" [-WhatIf] [-Confirm]", f);
  fputs(" [<CommonParameters>]", f);
  fclose(f);
  xv s = xv_strn(buf, len);
  free(buf);
  return s;
}

static void param_help(const xparam *p, FILE *f, int ns) {
  fprintf(f, "    -%s <%s>\n        %s\n", p->name, short_type(p->type), p->help ? p->help : "");
  if (p->type->values) {
    fputs("        Possible values: ", f);
    for (const char *const *v = p->type->values; *v; v++) fprintf(f, "%s%s", v == p->type->values ? "" : ", ", *v);
    fputc('\n', f);
  }
  fprintf(f, "\n        Required?                    %s\n", p->mandatory ? "true" : "false");
  if (p->position) fprintf(f, "        Position?                    %d\n", p->position);
  else fputs("        Position?                    named\n", f);
  fprintf(f, "        Accept pipeline input?       %s\n",
          (p->pipe & XP_VALUE) && (p->pipe & XP_PROPNAME) ? "true (ByValue, ByPropertyName)" :
          p->pipe & XP_VALUE ? "true (ByValue)" : p->pipe & XP_PROPNAME ? "true (ByPropertyName)" : "false");
  if (p->aliases) fprintf(f, "        Aliases                      %s\n", p->aliases);
  (void)ns;
  fputc('\n', f);
}

/* mode: 0 summary, 1 detailed, 2 full, 3 examples, 4 one parameter */
void cmdlet_help_text(const xcmdlet *k, FILE *f, int mode, const char *param) {
  int ns = nsets_of(k);
  if (mode == 4) {
    for (int i = 0; k->params[i].name; i++)
      if (xv_like(k->params[i].name, param, true)) param_help(&k->params[i], f, ns);
    return;
  }
  fprintf(f, "\nNAME\n    %s\n\n", k->name);
  if (mode != 3) {
    fprintf(f, "SYNOPSIS\n    %s\n\n\nSYNTAX\n", k->synopsis ? k->synopsis : "");
    for (int s = 0; s < ns; s++) {
      xv syn = cmdlet_syntax(k, s);
      fprintf(f, "    %s\n\n", xv_str_b(syn));
      xv_free(syn);
    }
    if (k->aliases) fprintf(f, "\nALIASES\n    %s\n\n", k->aliases);
  }
  if (mode == 1 || mode == 2) {
    fputs("\nPARAMETERS\n", f);
    for (int i = 0; k->params[i].name; i++) param_help(&k->params[i], f, ns);
    if (k->impact != XI_NONE)
      fputs("    -WhatIf [<SwitchParameter>]\n        Describes what the command would do without doing it.\n\n"
            "    -Confirm [<SwitchParameter>]\n        Asks before doing it.\n\n", f);
    fputs("    <CommonParameters>\n        -ErrorAction, -Verbose, -WarningAction and the others PowerShell defines.\n\n", f);
    if (mode == 2 && k->output_type) fprintf(f, "OUTPUTS\n    %s\n\n", k->output_type);
  }
  if ((mode >= 1 || mode == 3) && k->examples) {
    int n = 1;
    for (const char *const *e = k->examples; e[0] && e[1]; e += 2, n++)
      fprintf(f, "    -------------------------- EXAMPLE %d --------------------------\n\n    PS C:\\>%s\n\n    %s\n\n", n, e[0], e[1]);
  }
  if (mode == 0) fprintf(f, "\nREMARKS\n    For more, type: \"Get-Help %s -Detailed\" or \"Get-Help %s -Full\".\n\n", k->name, k->name);
}

/* ---------------- completion ---------------- */

typedef struct cands { char **v; int n, cap; } cands;
static void add(cands *c, const char *s) {
  for (int i = 0; i < c->n; i++) if (!strcmp(c->v[i], s)) return;
  if (c->n + 2 > c->cap) { c->cap = c->cap ? c->cap * 2 : 16; c->v = realloc(c->v, sizeof(char *) * (size_t)c->cap); }
  c->v[c->n++] = strdup(s);
  c->v[c->n] = NULL;
}

/* the command at the start of the pipeline segment holding position end, and the word before */
static void context(const char *line, int start, char *cmd, size_t cn, char *prev, size_t pn) {
  int seg = 0;
  bool sq = false, dq = false;
  for (int i = 0; i < start; i++) {
    char ch = line[i];
    if (ch == '\'' && !dq) sq = !sq;
    else if (ch == '"' && !sq) dq = !dq;
    else if (!sq && !dq && (ch == '|' || ch == ';' || ch == '{' || ch == '(')) seg = i + 1;
  }
  while (line[seg] == ' ' || line[seg] == '\t') seg++;
  int e = seg;
  while (line[e] && !isspace((unsigned char)line[e])) e++;
  snprintf(cmd, cn, "%.*s", e - seg, line + seg);
  int pe = start;
  while (pe > 0 && isspace((unsigned char)line[pe - 1])) pe--;
  int ps = pe;
  while (ps > 0 && !isspace((unsigned char)line[ps - 1])) ps--;
  snprintf(prev, pn, "%.*s", pe - ps, line + ps);
  if (ps <= seg) prev[0] = 0;
}

char **complete_words(const char *line, int start, int end, const char *word) {
  (void)end;
  cands c = {0};
  char cmd[128], prev[128];
  context(line, start, cmd, sizeof cmd, prev, sizeof prev);
  size_t wl = strlen(word);
  bool first = !cmd[0] || (int)(strstr(line + (start > 0 ? 0 : 0), cmd) - line) >= start;
  const xcmdlet *k = cmd[0] ? exsh_find_cmdlet(cmd) : NULL;
  if (first || !cmd[0]) {
    for (const xcmdlet *const *p = exsh_cmdlets; *p; p++) {
      if (!strncasecmp((*p)->name, word, wl)) add(&c, (*p)->name);
      for (const char *a = (*p)->aliases; a && *a;) {
        const char *bar = strchr(a, '|');
        size_t n = bar ? (size_t)(bar - a) : strlen(a);
        if (n >= wl && !strncasecmp(a, word, wl)) { char t[64]; snprintf(t, sizeof t, "%.*s", (int)n, a); add(&c, t); }
        a = bar ? bar + 1 : NULL;
      }
    }
    if (I) for (uint32_t i = 0; i < xv_len_b(I->funcs); i++) if (!strncasecmp(xv_key_b(I->funcs, i), word, wl)) add(&c, xv_key_b(I->funcs, i));
    return c.v;
  }
  if (!k) return NULL;
  int dl = lex_dash_len(word);
  if (dl) {
    const char *w = word + dl;
    size_t n = strlen(w);
    for (int i = 0; k->params[i].name; i++)
      if (!strncasecmp(k->params[i].name, w, n)) { char t[128]; snprintf(t, sizeof t, "-%s", k->params[i].name); add(&c, t); }
    static const char *const common[] = {"WhatIf", "Confirm", "ErrorAction", "Verbose", "WarningAction", NULL};
    for (int i = 0; common[i]; i++) {
      if (i < 2 && k->impact == XI_NONE) continue;
      if (!strncasecmp(common[i], w, n)) { char t[128]; snprintf(t, sizeof t, "-%s", common[i]); add(&c, t); }
    }
    return c.v;
  }
  /* the value of an enum parameter */
  int pdl = lex_dash_len(prev);
  if (pdl) {
    const char *pn = prev + pdl;
    for (int i = 0; k->params[i].name; i++)
      if (!xstrcasecmp(k->params[i].name, pn) && k->params[i].type->values) {
        for (const char *const *v = k->params[i].type->values; *v; v++)
          if (!strncasecmp(*v, word, wl)) add(&c, *v);
        return c.v;
      }
    if (!xstrcasecmp(pn, "ErrorAction") || !xstrcasecmp(pn, "ea")) {
      static const char *const ea[] = {"Continue", "Stop", "SilentlyContinue", "Ignore", "Inquire", NULL};
      for (int i = 0; ea[i]; i++) if (!strncasecmp(ea[i], word, wl)) add(&c, ea[i]);
      return c.v;
    }
  }
  return NULL;   /* file names: readline's own completion */
}
