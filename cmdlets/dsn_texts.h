/* dsn_texts.h — exsh's built-in system-message texts: the default DSN codes and quota
 * message types that Get-SystemMessage -Original lists, and a short text for each in every
 * language exsh ships (its own wording). Data only; systemmessage.c decides how it is used.
 * Entries: dsn_default_text(), dsn_is_default_code(). */
#ifndef EXSH_DSN_TEXTS_H
#define EXSH_DSN_TEXTS_H
#include <stdbool.h>

extern const char *const dsn_default_codes[];  /* NULL-terminated, in -Original order */
extern const char *const dsn_quota_types[];    /* NULL-terminated: Exchange 2010's 7 QuotaMessageType names */
extern const char *const dsn_text_langs[];     /* NULL-terminated culture names that have texts ("en", "sv") */

/* The built-in text for a default DSN code or a quota type name (case-insensitive) in lang;
 * NULL when exsh has no text for that pair. */
const char *dsn_default_text(const char *lang, const char *code_or_quota);
bool dsn_is_default_code(const char *code);
bool dsn_has_lang(const char *lang);

#endif
