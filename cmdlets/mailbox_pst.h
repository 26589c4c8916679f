/* mailbox_pst.h — what Import-Mailbox and Export-Mailbox (mailbox_pst.c) use from the mailbox
 * module and the PST writer, plus the two cmdlet tables. While cmdlets/mailbox.h is being
 * written, its two entry points are declared here with the signatures agreed for it. */
#ifndef EXSH_MAILBOX_PST_H
#define EXSH_MAILBOX_PST_H
#include "exsh.h"
#include "mailstore.h"
#include "pst_write.h"

#include "mailbox.h"        /* xt_mailbox_id, mailbox_resolve_ex, mailbox_open_content */

extern const xcmdlet xc_import_mailbox, xc_export_mailbox;
void mailbox_pst_module_init(void);     /* registers the result view */

#endif
