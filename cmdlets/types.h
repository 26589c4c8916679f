/* types.h — Exchange value types for cmdlet parameter tables: enhanced status codes, DSN
 * cultures, byte quantities, Unlimited<T>, EnhancedTimeSpan, SMTP addresses and domains,
 * FQDNs, Boolean parameters and MultiValuedProperty (replace list or @{Add=..;Remove=..}).
 * Owns conversion (bound argument -> typed value, or an error message) and the display forms
 * Exchange prints; binding errors themselves are worded by shell/bind.c.
 *
 * Converted representations (what xctx_arg_b() hands a cmdlet body, and what a module stores):
 *   status code       STR "5.1.2" (the digits as typed)
 *   culture           STR in .NET spelling ("en", "pt-BR", "zh-CHS", "sr-SP-Latn"); NULL for $null
 *                     (xt_culture only)
 *   byte size         INT bytes
 *   Unlimited<bytes>  INT bytes, or STR "Unlimited"
 *   Unlimited<int>    INT, or STR "Unlimited"
 *   timespan          INT whole seconds (a bare number is days, as .NET's TimeSpan.Parse)
 *   SMTP address, SMTP domain, FQDN    STR (address and domain: NULL for $null)
 *   Boolean           BOOL
 *   multi-valued      ARR of STR (a replacement list; $null gives an empty one), or a DICT
 *                     edit {Add: ARR, Remove: ARR} for types_mv_apply() */
#ifndef EXSH_TYPES_H
#define EXSH_TYPES_H
#include "exsh.h"

extern const xtype xt_status_code, xt_dsn_culture, xt_culture, xt_byte_size,
    xt_unlimited_byte_size, xt_unlimited_int, xt_timespan, xt_smtp_address, xt_smtp_domain,
    xt_fqdn, xt_bool_param, xt_status_codes_mv, xt_smtp_domains_mv, xt_ip_mv, xt_strings_mv;

/* A ranged variant of a numeric type: the convert functions below look for XTF_RANGE in
 * t->flags and then read the enclosing xtype_range (t must be its first member).
 * min/max are in the type's stored unit (bytes, seconds, plain integers); unit, when not 0,
 * rounds a byte size up to a multiple of it (Exchange keeps some sizes in whole KB). */
enum { XTF_RANGE = 0x100 };
typedef struct xtype_range {
  xtype t;             /* must stay first: the runtime only sees &r.t */
  int64_t min, max;    /* inclusive bounds */
  int64_t unit;        /* byte sizes: round up to this many bytes; 0: none */
} xtype_range;
#define XTYPE_RANGE(tname, conv, lo, hi, rounding) \
  { { tname, conv, NULL, XTF_RANGE }, (lo), (hi), (rounding) }

int types_byte_size_convert(const xtype *t, xv in, xv *out, xv *err);
int types_unlimited_byte_size_convert(const xtype *t, xv in, xv *out, xv *err);
int types_unlimited_int_convert(const xtype *t, xv in, xv *out, xv *err);
int types_int32_convert(const xtype *t, xv in, xv *out, xv *err);
int types_timespan_convert(const xtype *t, xv in, xv *out, xv *err);

/* Display forms (all return owned STR values). */
xv types_bytes_display(int64_t bytes);         /* "10 MB (10,485,760 bytes)" */
xv types_unlimited_bytes_display(xv v);        /* consumes: INT bytes or "Unlimited" */
xv types_timespan_display(int64_t seconds);    /* "7.00:00:00", "00:15:00" */
xv types_unlimited_int_display(xv v);          /* consumes: INT stays INT, else "Unlimited" */

/* Applies a multi-valued edit to the current list (both consumed). edit: an ARR replaces
 * (NULL clears), a DICT {Add, Remove} removes then adds; values compare case-insensitively.
 * Removing an absent value is a no-op; adding a present one (or a replacement list with a
 * repeat) is an error: EXSH_ERR with an owned message STR in *err, nothing in *out. */
int types_mv_apply(xv current, xv edit, xv *out, xv *err);

/* Looks a DSN language up (case-insensitive); returns its .NET spelling or NULL. */
const char *types_dsn_culture_name(const char *s);

#endif
