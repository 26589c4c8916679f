/* systemmessage.h — the parts of systemmessage.c that tests (and other modules) may call:
 * the SystemMessageIdParameter parser, text validation and the supported-locale table.
 * The cmdlets themselves are reached through their xcmdlet tables (cmdlets/registry.c). */
#ifndef EXSH_SYSTEMMESSAGE_H
#define EXSH_SYSTEMMESSAGE_H
#include <stdbool.h>
#include <stddef.h>
#include "exsh.h"

#define SYSMSG_TYPE "Microsoft.Exchange.Data.Directory.SystemConfiguration.SystemMessage"
#define SYSMSG_MAX_TEXT 512   /* characters (UTF-16 units, as .NET counts), tags included */

enum { SYSMSG_DSN = 1, SYSMSG_QUOTA, SYSMSG_GUID };

/* A parsed identity; DN input comes out as DSN or QUOTA. Plain data, nothing to free. */
typedef struct sysmsg_id {
  int kind;          /* SYSMSG_* */
  char lang[32];     /* DSN/QUOTA: canonical culture name ("en", "pt-PT", "sr-SP-Cyrl") */
  int lcid;          /* DSN/QUOTA: the culture's LCID when it is a supported locale, else 0 */
  bool internal;     /* DSN: the audience */
  char code[16];     /* DSN: the enhanced status code as given ("5.7.1") */
  const char *quota; /* QUOTA: the QuotaMessageType name in its enum spelling (static) */
  char guid[40];     /* GUID: lower-case 8-4-4-4-12 */
} sysmsg_id;

/* A locale that system messages may be written in (Exchange 2010's 48). */
typedef struct sysmsg_locale {
  const char *name;  /* .NET culture name, canonical case */
  int lcid;          /* the CN under Dsn Customization */
} sysmsg_locale;

/* Parses SystemMessageIdParameter text: Language\QuotaType, Language\Internal|External\Code,
 * a GUID or a distinguished name. False with a reason (a sentence fragment) in why. */
bool sysmsg_id_parse(const char *s, sysmsg_id *id, char *why, size_t whyn);
/* The canonical identity text (`en\internal\5.1.1`, `en\WarningMailbox`, or the GUID). */
void sysmsg_id_text(const sysmsg_id *id, char *buf, size_t n);
/* C.S.D with C in 2, 4, 5 and S, D of 1–3 digits (EnhancedStatusCode). */
bool sysmsg_code_valid(const char *code);

/* Length in UTF-16 units, as Exchange counts it. */
size_t sysmsg_text_length(const char *text);
/* Length (<= 512) and HTML (only B, EM, BR, P, A HREF). False with the error sentence in why. */
bool sysmsg_text_check(const char *text, char *why, size_t whyn);

const sysmsg_locale *sysmsg_locale_find(const char *name);  /* case-insensitive; NULL: unsupported */
const sysmsg_locale *sysmsg_locale_by_lcid(int lcid);
extern const sysmsg_locale sysmsg_locales[];                /* terminated by { NULL, 0 } */

extern const xtype xt_sysmsg_id;  /* SystemMessageIdParameter: binds to its input string */

#endif
