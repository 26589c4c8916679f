/* exchange.h — what every Exchange noun module shares: GUIDs, the UTC times records keep and
 * their display as Exchange 2010 prints DateTime, the default domain controller's name, and
 * ShouldProcess's answer turned into a body's status. Entry: exch_*(). */
#ifndef EXSH_EXCHANGE_H
#define EXSH_EXCHANGE_H
#include <stdbool.h>
#include "exsh.h"

#define EXCH_DEFAULT_DC "DC01.contoso.com"   /* named in not-found errors and OriginatingServer */

void exch_new_guid(char out[37]);                       /* a random (v4) GUID, lower case, dashed */
bool exch_guid_canon(const char *s, char out[37]);      /* 8-4-4-4-12, 32 digits or {..}: canonical form */
xv exch_iso_now(void);                                  /* owned STR "2026-11-25T12:00:00Z" */
xv exch_when(const char *iso, bool utc);                /* "5/1/2024 1:05:09 PM" (local or UTC); NULL kind when iso is not a time */
static inline int exch_should_status(int go) { return go < 0 ? EXSH_ERR : EXSH_OK; }  /* xctx_should_process's 0/-1 */

#endif
