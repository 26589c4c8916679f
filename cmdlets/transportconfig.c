/* transportconfig.c — Get-TransportConfig and Set-TransportConfig: the organisation-wide
 * Transport Settings singleton (Exchange 2010). Owns the property list, the defaults (in code:
 * the store keeps only what an admin changed, collection "transportconfig", key "") and the
 * list view. Conversion and validation of values live in types.c; binding in shell/bind.c.
 * Entry: xc_get_transportconfig, xc_set_transportconfig, transport_module_init(). */
#include <string.h>
#include "exchange.h"
#include "store.h"
#include "types.h"

#define TC_COLL "transportconfig"
#define TC_TYPE "Microsoft.Exchange.Data.Directory.SystemConfiguration.TransportConfigContainer"
#define TC_NAME "Transport Settings"
#define TC_CLASS_GET "Microsoft.Exchange.Management.SystemConfigurationTasks.GetTransportConfig"
#define TC_CLASS_SET "Microsoft.Exchange.Management.SystemConfigurationTasks.SetTransportConfig"
#define TC_DC EXCH_DEFAULT_DC

/* ======================= model: the properties ======================= */

/* How a property is kept (store form, see types.h) and shown. */
typedef enum { PK_BOOL, PK_ENUM, PK_TEXT, PK_BYTES, PK_UBYTES, PK_UINT, PK_INT, PK_TIME, PK_MV } pkind;

typedef struct tprop {
  const char *name;                /* property and parameter name */
  pkind kind;
  int64_t defi;                    /* default of BOOL INT BYTES TIME (and UBYTES/UINT when !defs) */
  const char *defs;                /* default of ENUM TEXT ("Unlimited" for U*); NULL: $null / defi */
  const char *const *defmv;        /* default of MV, NULL-terminated; NULL: empty */
} tprop;

static const char *const dsn_copy_codes[] = {"5.4.8", "5.4.6", "5.4.4", "5.2.4", "5.2.0", "5.1.4", NULL};
static const char *const supervision_tags[] = {"Reject", "Allow", NULL};

/* Settable properties, in the order Get-TransportConfig lists them. */
static const tprop tc_props[] = {
  {"ClearCategories", PK_BOOL, 1, NULL, NULL},
  {"ConvertDisclaimerWrapperToEml", PK_BOOL, 0, NULL, NULL},
  {"DSNConversionMode", PK_ENUM, 0, "UseExchangeDSNs", NULL},
  {"ExternalDelayDsnEnabled", PK_BOOL, 1, NULL, NULL},
  {"ExternalDsnDefaultLanguage", PK_TEXT, 0, NULL, NULL},
  {"ExternalDsnLanguageDetectionEnabled", PK_BOOL, 1, NULL, NULL},
  {"ExternalDsnMaxMessageAttachSize", PK_BYTES, 10 << 20, NULL, NULL},
  {"ExternalDsnReportingAuthority", PK_TEXT, 0, NULL, NULL},
  {"ExternalDsnSendHtml", PK_BOOL, 1, NULL, NULL},
  {"ExternalPostmasterAddress", PK_TEXT, 0, NULL, NULL},
  {"GenerateCopyOfDSNFor", PK_MV, 0, NULL, dsn_copy_codes},
  {"InternalDelayDsnEnabled", PK_BOOL, 1, NULL, NULL},
  {"InternalDsnDefaultLanguage", PK_TEXT, 0, NULL, NULL},
  {"InternalDsnLanguageDetectionEnabled", PK_BOOL, 1, NULL, NULL},
  {"InternalDsnMaxMessageAttachSize", PK_BYTES, 10 << 20, NULL, NULL},
  {"InternalDsnReportingAuthority", PK_TEXT, 0, NULL, NULL},
  {"InternalDsnSendHtml", PK_BOOL, 1, NULL, NULL},
  {"InternalSMTPServers", PK_MV, 0, NULL, NULL},
  {"JournalingReportNdrTo", PK_TEXT, 0, NULL, NULL},
  {"LegacyJournalingMigrationEnabled", PK_BOOL, 0, NULL, NULL},
  {"MaxDumpsterSizePerDatabase", PK_BYTES, 18 << 20, NULL, NULL},
  {"MaxDumpsterTime", PK_TIME, 7 * 86400, NULL, NULL},
  {"MaxReceiveSize", PK_UBYTES, 10 << 20, NULL, NULL},
  {"MaxRecipientEnvelopeLimit", PK_UINT, 5000, NULL, NULL},
  {"MaxSendSize", PK_UBYTES, 10 << 20, NULL, NULL},
  {"OrganizationFederatedMailbox", PK_TEXT, 0,
   "FederatedEmail.4c1f4d8b-8179-4148-93bf-00a95fa1e042@contoso.com", NULL},
  {"Rfc2231EncodingEnabled", PK_BOOL, 0, NULL, NULL},
  {"ShadowHeartbeatRetryCount", PK_INT, 12, NULL, NULL},
  {"ShadowHeartbeatTimeoutInterval", PK_TIME, 15 * 60, NULL, NULL},
  {"ShadowMessageAutoDiscardInterval", PK_TIME, 2 * 86400, NULL, NULL},
  {"ShadowRedundancyEnabled", PK_BOOL, 1, NULL, NULL},
  {"SupervisionTags", PK_MV, 0, NULL, supervision_tags},
  {"TLSReceiveDomainSecureList", PK_MV, 0, NULL, NULL},
  {"TLSSendDomainSecureList", PK_MV, 0, NULL, NULL},
  {"VerifySecureSubmitEnabled", PK_BOOL, 0, NULL, NULL},
  {"VoicemailJournalingEnabled", PK_BOOL, 1, NULL, NULL},
  {"HeaderPromotionModeSetting", PK_ENUM, 0, "NoCreate", NULL},
  {"Xexch50Enabled", PK_BOOL, 1, NULL, NULL},
  {0},
};

/* Read-only directory properties shown after the settings (Exchange's ADObject tail). */
static const char *const tc_tail[] = {
  "AdminDisplayName", "ExchangeVersion", "Name", "DistinguishedName", "Identity", "Guid",
  "ObjectCategory", "ObjectClass", "OrganizationId", "OriginatingServer", "IsValid", NULL};

static xv prop_default(const tprop *p) {
  switch (p->kind) {
  case PK_BOOL: return xv_bool(p->defi != 0);
  case PK_BYTES: case PK_INT: case PK_TIME: return xv_int(p->defi);
  case PK_UBYTES: case PK_UINT: return p->defs ? xv_str(p->defs) : xv_int(p->defi);
  case PK_ENUM: case PK_TEXT: return p->defs ? xv_str(p->defs) : xv_null();
  case PK_MV: {
    xv a = xv_arr();
    for (const char *const *s = p->defmv; s && *s; s++) a = xv_arr_push(a, xv_str(*s));
    return a;
  }
  }
  return xv_null();
}

/* The effective value (store form) of p: the stored one when the admin set it. */
static xv prop_value(xv stored, const tprop *p) {
  return xv_has_b(stored, p->name) ? xv_copy(xv_get_b(stored, p->name)) : prop_default(p);
}

/* Store form -> what Get-TransportConfig shows (consumes v). */
static xv prop_display(const tprop *p, xv v) {
  switch (p->kind) {
  case PK_BYTES: { xv r = types_bytes_display(v.kind == XV_INT ? v.u.i : 0); xv_free(v); return r; }
  case PK_UBYTES: return types_unlimited_bytes_display(v);
  case PK_UINT: return types_unlimited_int_display(v);
  case PK_TIME: { xv r = types_timespan_display(v.kind == XV_INT ? v.u.i : 0); xv_free(v); return r; }
  default: return v;
  }
}

/* Reads the stored changes; NOTFOUND is an empty record. EXSH_ERR after reporting. */
static int tc_load(xctx *c, struct store *st, xv *stored) {
  store_err e;
  int rc = store_get(st, TC_COLL, "", stored, &e);
  if (rc == STORE_NOTFOUND) { *stored = xv_dict(); return EXSH_OK; }
  if (rc == STORE_OK) return EXSH_OK;
  return xctx_fail(c, XE_ReadError, "DataSourceOperationException", NULL, xv_str(TC_NAME), "%s", e.msg);
}

static xv tc_object(xv stored, const char *dc) {
  xv o = xv_obj(TC_TYPE);
  for (const tprop *p = tc_props; p->name; p++) o = xv_set(o, p->name, prop_display(p, prop_value(stored, p)));
  xv cls = xv_arr_push(xv_arr_push(xv_arr(), xv_str("top")), xv_str("msExchTransportSettings"));
  o = xv_set(o, "AdminDisplayName", xv_null());
  o = xv_set(o, "ExchangeVersion", xv_str("0.1 (8.0.535.0)"));
  o = xv_set(o, "Name", xv_str(TC_NAME));
  o = xv_set(o, "DistinguishedName", xv_str("CN=Transport Settings,CN=First Organization,"
             "CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com"));
  o = xv_set(o, "Identity", xv_str(TC_NAME));
  o = xv_set(o, "Guid", xv_str("0b6ca84a-5c37-4a8e-9a1f-6f0d2c3e7b51"));
  o = xv_set(o, "ObjectCategory", xv_str("contoso.com/Configuration/Schema/ms-Exch-Transport-Settings"));
  o = xv_set(o, "ObjectClass", cls);
  o = xv_set(o, "OrganizationId", xv_null());
  o = xv_set(o, "OriginatingServer", xv_str(dc));
  o = xv_set(o, "IsValid", xv_bool(true));
  xv_free(stored);
  return o;
}

/* ======================= Get-TransportConfig ======================= */

/* Get-TransportConfig [[-Identity] <OrganizationIdParameter>] [-DomainController <Fqdn>] */
static int get_tc_process(xctx *c) {
  struct store *st = xctx_store(c);
  xv stored;
  if (!st || tc_load(c, st, &stored)) return EXSH_ERR;
  xv dc = xctx_arg_b(c, "DomainController");
  return xctx_emit(c, tc_object(stored, dc.kind == XV_STR ? xv_str_b(dc) : TC_DC));
}

static const xparam get_tc_params[] = {
  {"Identity", &xt_string, 0, 0, 1, XP_VALUE, NULL, 0,
   "Names the organization whose settings are read; reserved for Microsoft's hosted service, "
   "an on-premises organization has exactly one Transport Settings object."},
  {"DomainController", &xt_fqdn, 0, 0, 0, 0, NULL, 0,
   "The fully qualified name of the domain controller to read the settings from."},
  {0},
};

static const char *const get_tc_examples[] = {
  "Get-TransportConfig",
  "Lists every organization-wide transport setting with its current value.",
  "(Get-TransportConfig).MaxSendSize",
  "Shows only the largest message size that users may send, for example 10 MB (10,485,760 bytes).",
  NULL,
};

const xcmdlet xc_get_transportconfig = {
  .name = "Get-TransportConfig",
  .class_name = TC_CLASS_GET,
  .synopsis = "Shows the transport settings that apply to the whole Exchange organization.",
  .params = get_tc_params,
  .impact = XI_NONE,
  .output_type = TC_TYPE,
  .examples = get_tc_examples,
  .process = get_tc_process,
};

/* ======================= Set-TransportConfig ======================= */

static const char *const dsn_modes[] = {"UseExchangeDSNs", "PreserveDSNBody", "DoNotConvert", NULL};
static const xtype xt_dsnmode = XTYPE_ENUM("Microsoft.Exchange.Data.Directory.SystemConfiguration.DSNConversionOption", dsn_modes);
static const char *const promo_modes[] = {"NoCreate", "MayCreate", "MustCreate", NULL};
static const xtype xt_promomode = XTYPE_ENUM("Microsoft.Exchange.Data.Directory.SystemConfiguration.HeaderPromotionMode", promo_modes);

#define INT32_MAXV 2147483647LL
static const xtype_range xt_attach_size =
    XTYPE_RANGE("Microsoft.Exchange.Data.ByteQuantifiedSize", types_byte_size_convert, 0, INT32_MAXV, 0);
static const xtype_range xt_dumpster_size =
    XTYPE_RANGE("Microsoft.Exchange.Data.ByteQuantifiedSize", types_byte_size_convert, 0, INT32_MAXV * 1024, 1024);
static const xtype_range xt_msg_size =
    XTYPE_RANGE("Microsoft.Exchange.Data.Unlimited`1[Microsoft.Exchange.Data.ByteQuantifiedSize]",
                types_unlimited_byte_size_convert, 0, 2097151LL * 1024, 1024);
static const xtype_range xt_recipient_limit =
    XTYPE_RANGE("Microsoft.Exchange.Data.Unlimited`1[System.Int32]", types_unlimited_int_convert, 0, INT32_MAXV, 0);
static const xtype_range xt_retry_count = XTYPE_RANGE("System.Int32", types_int32_convert, 1, 15, 0);
static const xtype_range xt_dumpster_time =
    XTYPE_RANGE("Microsoft.Exchange.Data.EnhancedTimeSpan", types_timespan_convert, 0, INT32_MAXV, 0);
static const xtype_range xt_heartbeat_time =
    XTYPE_RANGE("Microsoft.Exchange.Data.EnhancedTimeSpan", types_timespan_convert, 1, 86400, 0);
static const xtype_range xt_discard_time =
    XTYPE_RANGE("Microsoft.Exchange.Data.EnhancedTimeSpan", types_timespan_convert, 5, 90 * 86400, 0);

#define P(n, t, h) {n, t, 0, 0, 0, 0, NULL, 0, h}
static const xparam set_tc_params[] = {
  {"Identity", &xt_any, 0, 0, 1, XP_VALUE, NULL, 0,
   "Names the organization whose settings change; reserved for Microsoft's hosted service and "
   "ignored on premises, where the one Transport Settings object is always changed."},
  P("ClearCategories", &xt_bool_param,
    "Whether Outlook categories are stripped from messages while their content is converted."),
  P("ConvertDisclaimerWrapperToEml", &xt_bool_param,
    "Whether a message that can't take a disclaimer is wrapped as an EML attachment rather than "
    "a TNEF one."),
  P("DomainController", &xt_fqdn,
    "The fully qualified name of the domain controller that receives the change."),
  P("DSNConversionMode", &xt_dsnmode,
    "How delivery status notifications produced by other mail systems are treated: rewritten in "
    "Exchange's format (UseExchangeDSNs), rewritten while keeping their text (PreserveDSNBody), "
    "or passed on untouched (DoNotConvert)."),
  P("ExternalDelayDsnEnabled", &xt_bool_param,
    "Whether senders outside the organization are told when delivery of their message is delayed."),
  P("ExternalDsnDefaultLanguage", &xt_culture,
    "The language of notifications sent to outside senders when no better one is known; $null "
    "uses the server's own language."),
  P("ExternalDsnLanguageDetectionEnabled", &xt_bool_param,
    "Whether notifications to outside senders try to use the language of the original message."),
  P("ExternalDsnMaxMessageAttachSize", &xt_attach_size.t,
    "The largest original message returned inside a notification to an outside sender; a bigger "
    "one is returned as headers only, and 0 always sends headers only."),
  P("ExternalDsnReportingAuthority", &xt_smtp_domain,
    "The domain named as the reporting authority in the machine-readable part of notifications "
    "to outside senders."),
  P("ExternalDsnSendHtml", &xt_bool_param,
    "Whether notifications to outside senders are written in HTML ($true) or plain text ($false)."),
  P("ExternalPostmasterAddress", &xt_smtp_address,
    "The sender address put on notifications to outside senders; $null uses postmaster at the "
    "default accepted domain."),
  P("GenerateCopyOfDSNFor", &xt_status_codes_mv,
    "The delivery status codes whose failure notifications are also copied to the postmaster; "
    "give a list to replace it, or @{Add=...; Remove=...} to change it."),
  P("HeaderPromotionModeSetting", &xt_promomode,
    "Whether custom X-headers of incoming mail become named properties: never (NoCreate), for "
    "authenticated senders (MayCreate) or always (MustCreate)."),
  P("InternalDelayDsnEnabled", &xt_bool_param,
    "Whether senders inside the organization are told when delivery of their message is delayed."),
  P("InternalDsnDefaultLanguage", &xt_culture,
    "The language of notifications sent to inside senders when no better one is known; $null "
    "uses the server's own language."),
  P("InternalDsnLanguageDetectionEnabled", &xt_bool_param,
    "Whether notifications to inside senders try to use the language of the original message."),
  P("InternalDsnMaxMessageAttachSize", &xt_attach_size.t,
    "The largest original message returned inside a notification to an inside sender; a bigger "
    "one is returned as headers only, and 0 always sends headers only."),
  P("InternalDsnReportingAuthority", &xt_smtp_domain,
    "The domain named as the reporting authority in the machine-readable part of notifications "
    "to inside senders."),
  P("InternalDsnSendHtml", &xt_bool_param,
    "Whether notifications to inside senders are written in HTML ($true) or plain text ($false)."),
  P("InternalSMTPServers", &xt_ip_mv,
    "Addresses or ranges of the organization's own SMTP servers, which Sender ID and connection "
    "filtering skip over."),
  P("JournalingReportNdrTo", &xt_smtp_address,
    "The mailbox that receives journal reports which can't be delivered to their journal mailbox."),
  P("LegacyJournalingMigrationEnabled", &xt_bool_param,
    "Whether journal reports from Exchange 2003 servers are rewritten into the current format."),
  P("MaxDumpsterSizePerDatabase", &xt_dumpster_size.t,
    "How much mail the transport dumpster keeps for each mailbox database; 0 turns it off."),
  P("MaxDumpsterTime", &xt_dumpster_time.t,
    "How long mail stays in the transport dumpster, written d.hh:mm:ss; 00:00:00 turns it off."),
  P("MaxReceiveSize", &xt_msg_size.t,
    "The largest message anyone in the organization may receive, or Unlimited."),
  P("MaxRecipientEnvelopeLimit", &xt_recipient_limit.t,
    "The most recipients one message may have, a group that isn't expanded counting once, or "
    "Unlimited."),
  P("MaxSendSize", &xt_msg_size.t,
    "The largest message anyone in the organization may send, or Unlimited."),
  P("OrganizationFederatedMailbox", &xt_smtp_address,
    "The address of the system mailbox that sends and receives federated delivery messages."),
  P("Rfc2231EncodingEnabled", &xt_bool_param,
    "Whether MIME parameters of outgoing mail are encoded as RFC 2231 describes."),
  P("ShadowHeartbeatRetryCount", &xt_retry_count.t,
    "How many heartbeats a server may miss, from 1 to 15, before it resubmits the mail it holds "
    "shadow copies of."),
  P("ShadowHeartbeatTimeoutInterval", &xt_heartbeat_time.t,
    "How long a server waits for a heartbeat before counting it as missed, from 00:00:01 to "
    "1.00:00:00."),
  P("ShadowMessageAutoDiscardInterval", &xt_discard_time.t,
    "How long a shadow copy is kept when no discard event arrives, from 00:00:05 to 90.00:00:00."),
  P("ShadowRedundancyEnabled", &xt_bool_param,
    "Whether transport keeps shadow copies of messages until the next hop confirms delivery."),
  P("SupervisionTags", &xt_strings_mv,
    "The tags that supervision policies may use; give a list to replace them, or "
    "@{Add=...; Remove=...} to change them."),
  P("TLSReceiveDomainSecureList", &xt_smtp_domains_mv,
    "Domains from which mail must arrive over mutually authenticated TLS; wildcards aren't allowed."),
  P("TLSSendDomainSecureList", &xt_smtp_domains_mv,
    "Domains to which mail must be sent over mutually authenticated TLS; wildcards aren't allowed."),
  P("VerifySecureSubmitEnabled", &xt_bool_param,
    "Whether mail submitted from Outlook 2007 or later is checked to come from a secure submission."),
  P("VoicemailJournalingEnabled", &xt_bool_param,
    "Whether voice mail and missed-call notifications are journaled along with other mail."),
  P("Xexch50Enabled", &xt_bool_param,
    "Whether the XEXCH50 command, needed by Exchange 2003 servers, is offered and used."),
  {0},
};
#undef P

static bool same_value(xv a, xv b) {
  if (a.kind != b.kind) return false;
  if (a.kind == XV_ARR) {
    if (xv_len_b(a) != xv_len_b(b)) return false;
    for (uint32_t i = 0; i < xv_len_b(a); i++)
      if (!same_value(xv_arr_get_b(a, i), xv_arr_get_b(b, i))) return false;
    return true;
  }
  if (a.kind == XV_STR) return !strcmp(xv_str_b(a), xv_str_b(b));
  return a.kind == XV_NULL || xv_eq_b(a, b, false);
}

/* Collects the bound settings that differ from the effective ones into *fields (store form).
 * Multi-valued edits are applied to the current list here, before anything is written.
 * Returns EXSH_OK, or after reporting a refused edit TC_SKIP (non-terminating) or EXSH_ERR. */
enum { TC_SKIP = -1 };
static int tc_changes(xctx *c, xv stored, xv *fields) {
  xv f = xv_dict();
  for (const tprop *p = tc_props; p->name; p++) {
    if (!xctx_has(c, p->name)) continue;
    xv cur = prop_value(stored, p), v = xv_copy(xctx_arg_b(c, p->name)), err;
    if (p->kind == PK_MV && types_mv_apply(xv_copy(cur), v, &v, &err)) {
      xv_free(cur), xv_free(f);
      int rc = xctx_error(c, XE_InvalidArgument, "InvalidOperationException", NULL, xv_str(TC_NAME),
                          "%s", xv_str_b(err));
      xv_free(err);
      return rc == EXSH_OK ? TC_SKIP : rc;
    }
    if (same_value(cur, v)) xv_free(v);
    else f = xv_set(f, p->name, v);
    xv_free(cur);
  }
  *fields = f;
  return EXSH_OK;
}

typedef struct tc_txn { xctx *c; int status; } tc_txn;
/* store_modify's callback: the settings that differ from the record as stored right now */
static int tc_recompute(void *ud, xv current, xv *fields) {
  tc_txn *t = ud;
  xv stored = current.kind == XV_NULL ? xv_dict() : xv_copy(current);
  int rc = tc_changes(t->c, stored, fields);
  xv_free(stored);
  if (rc == EXSH_OK) return STORE_OK;
  t->status = rc == TC_SKIP ? EXSH_OK : rc;
  return STORE_ABANDONED;
}

/* Set-TransportConfig [[-Identity] <OrganizationIdParameter>] [-<Setting> <value>]...
 *   [-DomainController <Fqdn>] [-WhatIf] [-Confirm] */
static int set_tc_process(xctx *c) {
  struct store *st = xctx_store(c);
  xv stored, fields = xv_null();
  int rc = EXSH_ERR;
  store_err e;
  if (!st || tc_load(c, st, &stored)) return EXSH_ERR;
  rc = tc_changes(c, stored, &fields);
  if (rc != EXSH_OK) { rc = rc == TC_SKIP ? EXSH_OK : rc; goto done; }
  if (xv_len_b(fields) == 0) {
    xctx_warning(c, "The command completed successfully but no settings of '%s' have been modified.", TC_NAME);
    goto done;
  }
  int go = xctx_should_process(c, "Setting transport configuration \"%s\".", TC_NAME);
  if (go <= 0) { rc = go < 0 ? EXSH_ERR : EXSH_OK; goto done; }  /* -1: reported, terminating */
  /* the changes are computed again under the store's lock, from the value as it is then, so
   * a concurrent @{Add=...} by another shell is not lost */
  tc_txn t = { c, EXSH_OK };
  int src = store_modify(st, TC_COLL, "", tc_recompute, &t, &e);
  if (src == STORE_ABANDONED) rc = t.status;
  else if (src != STORE_OK)
    rc = xctx_fail(c, XE_WriteError, "DataSourceOperationException", NULL, xv_str(TC_NAME), "%s", e.msg);
done:
  xv_free(stored), xv_free(fields);
  return rc;
}

static const char *const set_tc_examples[] = {
  "Set-TransportConfig -MaxSendSize 25MB -MaxReceiveSize 25MB",
  "Lets users send and receive messages of up to 25 MB anywhere in the organization.",
  "Set-TransportConfig -GenerateCopyOfDSNFor @{Add=\"5.7.1\"; Remove=\"5.1.4\"}",
  "Starts copying 5.7.1 failure notifications to the postmaster and stops copying 5.1.4 ones; "
  "the other monitored codes stay as they are.",
  "Set-TransportConfig -DSNConversionMode DoNotConvert",
  "Passes notifications from other mail systems on exactly as they arrived.",
  NULL,
};

const xcmdlet xc_set_transportconfig = {
  .name = "Set-TransportConfig",
  .class_name = TC_CLASS_SET,
  .synopsis = "Changes transport settings that apply to the whole Exchange organization.",
  .params = set_tc_params,
  .impact = XI_MEDIUM,
  .output_type = NULL,
  .examples = set_tc_examples,
  .process = set_tc_process,
};

/* ======================= module ======================= */

void transport_module_init(void) {
  enum { NPROPS = sizeof tc_props / sizeof *tc_props - 1, NTAIL = sizeof tc_tail / sizeof *tc_tail - 1 };
  static const char *cols[NPROPS + NTAIL + 1];
  int n = 0;
  for (const tprop *p = tc_props; p->name; p++) cols[n++] = p->name;
  for (int i = 0; i < NTAIL; i++) cols[n++] = tc_tail[i];
  cols[n] = NULL;
  exsh_register_view(TC_TYPE, XVIEW_LIST, cols);
}
