/* pst_read.h — reads an Outlook .pst file (Unicode or ANSI; pst_ndb.c) and hands its IPM
 * folders and messages to a visitor, one message at a time, as exsh's message model
 * (store/mailstore.h). Knows nothing of mailboxes, filters or the store.
 * Entries: pstr_open(), pstr_item_count(), pstr_walk(), pstr_close(). */
#ifndef EXSH_PST_READ_H
#define EXSH_PST_READ_H
#include <stddef.h>
#include "value.h"

typedef struct pstr pstr;

enum { PSTR_GO = 0, PSTR_SKIP = 1, PSTR_STOP = 2 };

/* Callbacks, all optional. path is a MAPI folder path ("\", "\Inbox", "\Inbox\Sub"); the
 * PST's "Top of Personal Folders" (IPM subtree) is "\". */
typedef struct pstr_visitor {
  /* Each folder, parents first. Returns PSTR_GO, PSTR_SKIP (skip this folder's messages;
   * its subfolders are still visited) or PSTR_STOP. */
  int (*folder)(void *ud, const char *path, const char *container_class, long items);
  /* Each message of the folder (msg consumed). PSTR_GO or PSTR_STOP. */
  int (*message)(void *ud, const char *path, xv msg);
  /* An item that could not be read (why: a sentence naming it). PSTR_GO or PSTR_STOP. */
  int (*bad)(void *ud, const char *path, const char *why);
} pstr_visitor;

/* Opens path for reading: 0, or -1 with a sentence naming the file in err (missing, not a
 * file, not a PST, truncated or corrupt). */
int pstr_open(const char *path, pstr **out, char *err, size_t errlen);
void pstr_close(pstr *r);                 /* frees everything; r may be NULL */
bool pstr_is_ansi(pstr *r);               /* a 32-bit (ANSI) file, read as code page 1252 */
/* Messages in the IPM subtree (nodes counted at open, none read): the progress total. */
long pstr_item_count(pstr *r);
/* Visits the IPM subtree: 0 when done, PSTR_STOP when a callback stopped it, -1 with a
 * sentence in err when the folder tree itself can't be read. */
int pstr_walk(pstr *r, const pstr_visitor *v, void *ud, char *err, size_t errlen);

/* Properties beyond the model's own keys go to the message's Properties DICT (mailstore.h):
 *   "0xPPPPTTTT"                  plain properties (tag in hex: id, type; strings as 001F)
 *   "{guid}:0xLLLL:TTTT"          named properties by number (property set GUID, LID, type)
 *   "{guid}:name=NAME:TTTT"       named properties by name
 * values INT (integers, booleans, FILETIMEs), STR, or DICT {Binary: hex}. Sizes, this
 * file's entry ids and provider-internal properties are left out. */

/* FILETIME (100 ns since 1601-01-01 UTC) <-> Unix seconds. */
#define PSTR_FT_UNIX_DIFF 116444736000000000LL
static inline int64_t pstr_ft_to_unix(int64_t ft) { return (ft - PSTR_FT_UNIX_DIFF) / 10000000; }
static inline int64_t pstr_unix_to_ft(int64_t t) { return t * 10000000 + PSTR_FT_UNIX_DIFF; }

#endif
