/* registry.c — the list of every cmdlet table exsh knows (as Lua's linit.c lists its
 * libraries) and lookup by name or alias. Adding a cmdlet means adding its table here. */
#include <string.h>
#include "exsh.h"

/* shell/core.c: the built-in cmdlets */
extern const xcmdlet xc_where_object, xc_foreach_object, xc_sort_object, xc_select_object,
    xc_measure_object, xc_format_table, xc_format_list, xc_out_null, xc_out_string,
    xc_out_default, xc_write_output, xc_write_host, xc_write_error, xc_write_warning,
    xc_get_command, xc_get_help;
/* cmdlets/systemmessage.c */
extern const xcmdlet xc_new_systemmessage, xc_get_systemmessage, xc_set_systemmessage,
    xc_remove_systemmessage;
/* cmdlets/transportconfig.c */
extern const xcmdlet xc_get_transportconfig, xc_set_transportconfig;
/* cmdlets/mailbox.c */
extern const xcmdlet xc_new_mailbox, xc_get_mailbox, xc_set_mailbox, xc_remove_mailbox,
    xc_get_mailboxstatistics, xc_get_mailboxfolderstatistics;
/* cmdlets/mailbox_pst.c */
extern const xcmdlet xc_import_mailbox, xc_export_mailbox;

void core_module_init(void);
void sysmsg_module_init(void);
void transport_module_init(void);
void mailbox_module_init(void);
void mailbox_pst_module_init(void);

const xcmdlet *const exsh_cmdlets[] = {
  &xc_where_object, &xc_foreach_object, &xc_sort_object, &xc_select_object,
  &xc_measure_object, &xc_format_table, &xc_format_list, &xc_out_null, &xc_out_string,
  &xc_out_default, &xc_write_output, &xc_write_host, &xc_write_error, &xc_write_warning,
  &xc_get_command, &xc_get_help,
  &xc_new_systemmessage, &xc_get_systemmessage, &xc_set_systemmessage, &xc_remove_systemmessage,
  &xc_get_transportconfig, &xc_set_transportconfig,
  &xc_new_mailbox, &xc_get_mailbox, &xc_set_mailbox, &xc_remove_mailbox,
  &xc_get_mailboxstatistics, &xc_get_mailboxfolderstatistics,
  &xc_import_mailbox, &xc_export_mailbox,
  NULL,
};

void exsh_modules_init(void) {
  static bool done;
  if (done) return;
  done = true;
  core_module_init();
  sysmsg_module_init();
  transport_module_init();
  mailbox_module_init();
  mailbox_pst_module_init();
}

static bool alias_match(const char *aliases, const char *name) {
  size_t n = strlen(name);
  for (const char *p = aliases; p && *p;) {
    const char *bar = strchr(p, '|');
    size_t len = bar ? (size_t)(bar - p) : strlen(p);
    if (len == n && !strncasecmp(p, name, n)) return true;
    p = bar ? bar + 1 : NULL;
  }
  return false;
}

const xcmdlet *exsh_find_cmdlet(const char *name) {
  for (const xcmdlet *const *c = exsh_cmdlets; *c; c++)
    if (!strcasecmp((*c)->name, name)) return *c;
  for (const xcmdlet *const *c = exsh_cmdlets; *c; c++)
    if (alias_match((*c)->aliases, name)) return *c;
  return NULL;
}
