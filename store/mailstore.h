/* mailstore.h — mailbox content (folders and messages) in the store folder, beside the JSON
 * configuration (mailbox records themselves are records of store.h's collection "mailboxes").
 * The only door to the mail/ part of the store folder; cmdlets never open those files.
 *
 * Layout (mailstore.c says it in full): mail/<mailbox-guid>/ holds one append-only folder log,
 * one append-only index per folder (a line per message: id, summary, size, or a tombstone),
 * and one file per message (its properties and bodies) plus one file per attachment's bytes.
 * Importing a message writes its own files and appends one index line; nothing already stored
 * is rewritten. Listing and statistics read the indexes only; export streams message by
 * message, so memory stays flat whatever the mailbox's size.
 *
 * THE MESSAGE MODEL (an xv DICT; every key optional unless said):
 *   MessageClass   STR  "IPM.Note", "IPM.Appointment", "IPM.Contact", "IPM.Post", ...
 *   Subject        STR
 *   SenderName     STR        SenderEmail  STR (SMTP when known)   SenderAddressType STR ("SMTP"/"EX")
 *   DisplayTo      STR        DisplayCc    STR
 *   Recipients     ARR of DICT { Name STR, Email STR, AddressType STR, Type INT (1 To, 2 Cc, 3 Bcc) }
 *   SentTime       INT  FILETIME (100 ns since 1601-01-01 UTC)   ReceivedTime INT (FILETIME)
 *   CreationTime   INT  FILETIME                                  ModificationTime INT (FILETIME)
 *   Importance     INT  (0 low, 1 normal, 2 high)   Flags INT (PidTagMessageFlags)
 *   InternetMessageId STR     TransportHeaders STR
 *   Body           STR  plain text (UTF-8)
 *   BodyHtml       STR  HTML (bytes as found, usually UTF-8)
 *   Attachments    ARR of DICT {
 *       FileName STR, LongFileName STR, MimeType STR, ContentId STR, Method INT (1 by value, 5 embedded),
 *       Size INT (bytes of Data),
 *       Data STR   the exact bytes (binary-safe: use xv_strn / xv_strlen_b), for Method 1,
 *       Message DICT  the embedded message (same model, recursively), for Method 5 }
 *   Properties     DICT  other MAPI properties worth keeping, keyed "0xTTTTPPPP" (tag in hex):
 *                        values INT, STR, BOOL, or DICT {Binary: STR hex}
 * Folder paths are MAPI paths as Exchange writes them: "\Inbox", "\Inbox\Projects",
 * "\Sent Items"; the root is "\". Folder names are matched case-insensitively.
 * Ownership follows value.h: xv arguments are consumed, results owned. */
#ifndef EXSH_MAILSTORE_H
#define EXSH_MAILSTORE_H
#include <stdint.h>
#include "store.h"

typedef struct mailstore mailstore;

/* Opens mailbox guid's content under store_dir/mail/<guid>/ (created when create is set). */
int mailstore_open(const char *store_dir, const char *guid, bool create, mailstore **out, store_err *err);
void mailstore_close(mailstore *m);
/* Removes a mailbox's content entirely (Remove-Mailbox). */
int mailstore_destroy(const char *store_dir, const char *guid, store_err *err);

/* Folders: ensure creates missing parents; ids are stable, 1 is the root. container_class
 * ("IPF.Note", "IPF.Appointment", ...) may be NULL. */
int mailstore_folder_ensure(mailstore *m, const char *path, const char *container_class, uint64_t *id, store_err *err);
int mailstore_folder_find(mailstore *m, const char *path, uint64_t *id, store_err *err);  /* STORE_NOTFOUND */
/* All folders in tree order (parents before children): ARR of DICT {Id INT, ParentId INT,
 * Path STR, Name STR, ContainerClass STR, ItemCount INT, Size INT (bytes)}. */
int mailstore_folders(mailstore *m, xv *out, store_err *err);

/* Messages. add stores msg (consumed) in folder, *id its new id. */
int mailstore_add(mailstore *m, uint64_t folder, xv msg, uint64_t *id, store_err *err);
/* Calls visit for each live message of folder (0: every folder) in storing order with its
 * summary DICT {Id, FolderId, Subject, SenderName, SenderEmail, SentTime, ReceivedTime,
 * Size, HasAttachments, Hash STR (duplicate detection key)}; visit returns 0 to go on. */
typedef int (*mailstore_visit)(void *ud, xv summary);   /* summary borrowed */
int mailstore_scan(mailstore *m, uint64_t folder, mailstore_visit visit, void *ud, store_err *err);
int mailstore_load(mailstore *m, uint64_t id, xv *msg, store_err *err);   /* the whole message */
int mailstore_delete(mailstore *m, uint64_t id, store_err *err);          /* STORE_NOTFOUND if absent */

/* The duplicate key exsh uses (Import/Export without -AllowDuplicates): a hash of message
 * class, subject, sender, sent time and body size. Borrows msg. */
xv mailstore_hash_b(xv msg);

#endif
