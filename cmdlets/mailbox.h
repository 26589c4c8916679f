/* mailbox.h — what mailbox.c offers other modules (Import-/Export-Mailbox): the Mailbox object
 * type, MailboxIdParameter, identity resolution and the door to a mailbox's content.
 * The cmdlets themselves are reached through their xcmdlet tables (cmdlets/registry.c). */
#ifndef EXSH_MAILBOX_H
#define EXSH_MAILBOX_H
#include "exsh.h"
#include "mailstore.h"

#define MAILBOX_TYPE "Microsoft.Exchange.Data.Directory.Management.Mailbox"
#define MAILBOX_COLL "mailboxes"          /* store.h collection, records keyed by Guid */
#define MAILBOX_DOMAIN "contoso.com"      /* the default accepted domain */
#define MAILBOX_DC "DC01.contoso.com"     /* named in not-found errors */

/* MailboxIdParameter: binds a string (name, alias, SMTP address, GUID, DN, canonical name
 * "contoso.com/Users/Name", DOMAIN\account, UPN, LegacyExchangeDN; * wildcards for Get-*), or a
 * Mailbox object, kept as it is, or any object with an Identity (its Identity as text). Use it
 * for -Identity / -TargetMailbox with .pipe = XP_VALUE | XP_PROPNAME: Get-Mailbox output then
 * binds by value. */
extern const xtype xt_mailbox_id;

/* A mailbox record (a DICT as stored) has: Name Alias DisplayName PrimarySmtpAddress
 * EmailAddresses (ARR "SMTP:a@b", "smtp:..") UserPrincipalName SamAccountName
 * OrganizationalUnit ("contoso.com/Users") Database Guid ExchangeGuid IssueWarningQuota
 * ProhibitSendQuota ProhibitSendReceiveQuota (INT bytes or "Unlimited")
 * UseDatabaseQuotaDefaults HiddenFromAddressListsEnabled EmailAddressPolicyEnabled (BOOL)
 * RecipientTypeDetails created changed (ISO 8601 UTC). Its Identity (the canonical name) is
 * mailbox_identity(). */

/* Finds the one mailbox identity names (borrowed: a string or a Mailbox object, as
 * xt_mailbox_id bound it). EXSH_OK: *record is the record (owned DICT). EXSH_ERR: *record is
 * NULL and the not-found / "matches multiple entries" / store error has been reported. */
int mailbox_resolve(xctx *c, xv identity, xv *record);
/* The same, telling a process body what to return after a failure: *status is EXSH_OK for a
 * non-terminating error (the pipeline goes on with the next object) or EXSH_ERR (-ErrorAction
 * Stop, store failures). Returns EXSH_OK when found. */
int mailbox_resolve_ex(xctx *c, xv identity, xv *record, int *status);

/* Opens the content of a mailbox (record borrowed), creating it when missing. *m is for the
 * caller to mailstore_close(). EXSH_ERR after reporting a store error. */
int mailbox_open_content(xctx *c, xv record, mailstore **m);

/* The Mailbox object for a record (borrowed): Identity, Alias, Guid, PrimarySmtpAddress,
 * DisplayName, Name, Database, EmailAddresses... (Get-Mailbox's output). */
xv mailbox_object(xv record);
/* "contoso.com/Users/Name" (owned STR). */
xv mailbox_identity(xv record);

#endif
