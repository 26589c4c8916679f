/* mailbox.c — New/Get/Set/Remove-Mailbox, Get-MailboxStatistics and
 * Get-MailboxFolderStatistics (Exchange 2010). Owns mailbox records (store collection
 * "mailboxes", keyed by Guid), MailboxIdParameter and identity resolution, address derivation
 * (alias, SMTP, UPN, SamAccountName), quotas and the Mailbox / statistics objects. Content
 * (folders, messages) is store/mailstore.c's; this file only creates the default folders and
 * reads the statistics. Entries: the six xcmdlet tables, mailbox_module_init(), mailbox.h. */
#include <ctype.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include "exchange.h"
#include "exsh.h"
#include "store.h"
#include "mailstore.h"
#include "mailbox.h"
#include "types.h"

#define STATS_TYPE "Microsoft.Exchange.Management.MapiTasks.Presentation.MailboxStatistics"
#define FSTATS_TYPE "Microsoft.Exchange.Management.Tasks.MailboxFolderConfiguration"
#define MBX_DB "Mailbox Database 01"
#define MBX_SERVER "EX01"
#define MBX_NETBIOS "CONTOSO"
#define MBX_ORG "/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)"
#define MBX_CLASS "Microsoft.Exchange.Management.RecipientTasks."
#define ROOT_NAME "Top of Information Store"

/* Exchange 2010 database quota defaults (used when UseDatabaseQuotaDefaults is true). */
static const int64_t DB_WARNING = 2040109440LL, DB_PROHIBIT_SEND = 2147483648LL,
                     DB_PROHIBIT_SEND_RECEIVE = 2469396480LL;

/* ==========================================================================================
 * Mailbox model
 * ========================================================================================== */

/* The default folders every new mailbox gets: path, container class, FolderType. */
static const struct { const char *name, *cls, *type; } default_folders[] = {
  {"Calendar", "IPF.Appointment", "Calendar"}, {"Contacts", "IPF.Contact", "Contacts"},
  {"Deleted Items", "IPF.Note", "DeletedItems"}, {"Drafts", "IPF.Note", "Drafts"},
  {"Inbox", "IPF.Note", "Inbox"}, {"Journal", "IPF.Journal", "Journal"},
  {"Junk E-Mail", "IPF.Note", "JunkEmail"}, {"Notes", "IPF.StickyNote", "Notes"},
  {"Outbox", "IPF.Note", "Outbox"}, {"Sent Items", "IPF.Note", "SentItems"},
  {"Tasks", "IPF.Task", "Tasks"}, {NULL, NULL, NULL},
};

static const char *rec_str(xv rec, const char *key) {
  const char *s = xv_str_b(xv_get_b(rec, key));
  return s ? s : "";
}
static bool rec_bool(xv rec, const char *key) { return xv_truthy(xv_copy(xv_get_b(rec, key))); }





/* ---------------- names ---------------- */

/* Characters Exchange allows in an alias (besides letters and digits). */
static bool alias_char(unsigned char ch) {
  return isalnum(ch) || strchr("!#$%&'*+-/=?^_`{|}~", ch) || ch >= 0x80;
}

static bool mailbox_alias_valid(const char *a) {
  size_t n = strlen(a);
  if (!n || n > 64 || a[0] == '.' || a[n - 1] == '.' || strstr(a, "..")) return false;
  for (size_t i = 0; i < n; i++)
    if (a[i] != '.' && !alias_char((unsigned char)a[i])) return false;
  return true;
}

/* The alias Exchange derives from a name: the allowed characters, at most 64. */
static void alias_from_name(const char *name, char *out, size_t n) {
  size_t o = 0;
  for (const unsigned char *p = (const unsigned char *)name; *p && o + 1 < n && o < 64; p++)
    if (*p < 0x80 && (alias_char(*p) || (*p == '.' && o && out[o - 1] != '.'))) out[o++] = (char)*p;
  while (o && out[o - 1] == '.') o--;
  out[o] = '\0';
  if (!o) snprintf(out, n, "mailbox");
}

/* "contoso.com/Users" from "Users", "contoso.com/Sales/East", "OU=East,OU=Sales,DC=contoso,DC=com"
 * or "CN=Users,DC=..."; false when it names nothing we can place. */
static bool ou_canon(const char *s, char *out, size_t n) {
  if (!strncasecmp(s, "OU=", 3) || !strncasecmp(s, "CN=", 3)) {
    char parts[8][64];
    int np = 0;
    for (const char *p = s; *p && np < 8;) {
      size_t k = strcspn(p, ",");
      if (!strncasecmp(p, "OU=", 3) || !strncasecmp(p, "CN=", 3))
        snprintf(parts[np++], sizeof parts[0], "%.*s", (int)(k - 3), p + 3);
      else if (strncasecmp(p, "DC=", 3)) return false;
      p += k + (p[k] == ',');
      while (*p == ' ') p++;
    }
    size_t o = (size_t)snprintf(out, n, MAILBOX_DOMAIN);
    for (int i = np - 1; i >= 0 && o < n; i--) o += (size_t)snprintf(out + o, n - o, "/%s", parts[i]);
    return np > 0 && o < n;
  }
  size_t dl = strlen(MAILBOX_DOMAIN);
  if (!strncasecmp(s, MAILBOX_DOMAIN, dl) && (s[dl] == '/' || !s[dl])) s += dl + (s[dl] == '/');
  if (!*s || s[strlen(s) - 1] == '/') return false;
  return (size_t)snprintf(out, n, MAILBOX_DOMAIN "/%s", s) < n;
}

/* CN=Name,OU=East,OU=Sales,DC=contoso,DC=com (owned); "Users" at the top is a container. */
static xv rec_dn(xv rec) {
  const char *ou = rec_str(rec, "OrganizationalUnit"), *slash = strchr(ou, '/');
  char dn[1024], name[256];
  size_t o = 0;
  for (const char *p = rec_str(rec, "Name"); *p && o + 2 < sizeof name; p++) {
    if (strchr(",+\"\\<>;=", *p)) name[o++] = '\\';
    name[o++] = *p;
  }
  name[o] = '\0';
  o = (size_t)snprintf(dn, sizeof dn, "CN=%s", name);
  const char *end = ou + strlen(ou);
  while (slash && end > slash + 1 && o < sizeof dn) {
    const char *start = end;
    while (start > slash + 1 && start[-1] != '/') start--;
    bool users = start == slash + 1 && !strncasecmp(start, "Users", (size_t)(end - start)) && end - start == 5;
    o += (size_t)snprintf(dn + o, sizeof dn - o, ",%s=%.*s", users ? "CN" : "OU", (int)(end - start), start);
    end = start - 1;
  }
  if (o < sizeof dn) snprintf(dn + o, sizeof dn - o, ",DC=contoso,DC=com");
  return xv_str(dn);
}

xv mailbox_identity(xv rec) {
  return xv_strf("%s/%s", rec_str(rec, "OrganizationalUnit"), rec_str(rec, "Name"));
}

static xv legacy_dn(xv rec) {
  return xv_strf(MBX_ORG "/cn=Recipients/cn=%s", rec_str(rec, "Alias"));
}

/* ---------------- proxy addresses ---------------- */

/* The address of a proxy ("SMTP:a@b" -> "a@b"); NULL when it is not an SMTP proxy. */
static const char *smtp_of(const char *proxy) {
  return !strncasecmp(proxy, "smtp:", 5) ? proxy + 5 : NULL;
}

/* True when some mailbox other than self_guid (NULL: none) uses addr as a proxy address. */
static xv proxy_owner(xv all, const char *addr, const char *self_guid) {
  for (uint32_t i = 0; i < xv_len_b(all); i++) {
    xv r = xv_arr_get_b(all, i), list = xv_get_b(r, "EmailAddresses");
    if (self_guid && !strcasecmp(rec_str(r, "Guid"), self_guid)) continue;
    for (uint32_t k = 0; k < xv_len_b(list); k++) {
      const char *a = smtp_of(xv_str_b(xv_arr_get_b(list, k)));
      if (a && !strcasecmp(a, addr)) return r;
    }
  }
  return xv_null();
}

/* alias@domain, or alias2@domain, alias3@... when it is taken (as the address policy does). */
static xv unique_smtp(xv all, const char *alias, const char *self_guid) {
  for (int i = 1;; i++) {
    xv a = i == 1 ? xv_strf("%s@" MAILBOX_DOMAIN, alias) : xv_strf("%s%d@" MAILBOX_DOMAIN, alias, i);
    if (proxy_owner(all, xv_str_b(a), self_guid).kind == XV_NULL) return a;
    xv_free(a);
  }
}

/* list (consumed) with addr as its one primary SMTP address; the old primary stays as smtp:. */
static xv proxies_set_primary(xv list, const char *addr) {
  xv out = xv_arr_push(xv_arr(), xv_strf("SMTP:%s", addr));
  for (uint32_t i = 0; i < xv_len_b(list); i++) {
    const char *p = xv_str_b(xv_arr_get_b(list, i)), *a = smtp_of(p);
    if (a && !strcasecmp(a, addr)) continue;
    out = xv_arr_push(out, a ? xv_strf("smtp:%s", a) : xv_str(p));
  }
  xv_free(list);
  return out;
}

/* A proxy address as typed: "a@b" means "smtp:a@b". items consumed. */
static xv proxies_prefixed(xv items) {
  xv out = xv_arr();
  for (uint32_t i = 0; i < xv_len_b(items); i++) {
    const char *p = xv_str_b(xv_arr_get_b(items, i));
    if (!p) continue;
    const char *colon = strchr(p, ':'), *at = strchr(p, '@');
    bool typed = colon && colon > p && (!at || colon < at);   /* "X500:...", "SMTP:a@b" */
    out = xv_arr_push(out, typed ? xv_str(p) : xv_strf("smtp:%s", p));
  }
  xv_free(items);
  return out;
}

/* ---------------- records ---------------- */

static int64_t quota_bytes(xv q) { return q.kind == XV_INT ? q.u.i : -1; }   /* -1: Unlimited */

/* The quotas that apply: the database's when UseDatabaseQuotaDefaults, else the mailbox's. */
static void effective_quotas(xv rec, int64_t q[3]) {
  if (rec_bool(rec, "UseDatabaseQuotaDefaults")) {
    q[0] = DB_WARNING, q[1] = DB_PROHIBIT_SEND, q[2] = DB_PROHIBIT_SEND_RECEIVE;
    return;
  }
  q[0] = quota_bytes(xv_get_b(rec, "IssueWarningQuota"));
  q[1] = quota_bytes(xv_get_b(rec, "ProhibitSendQuota"));
  q[2] = quota_bytes(xv_get_b(rec, "ProhibitSendReceiveQuota"));
}

static const char *storage_status(xv rec, int64_t size) {
  int64_t q[3];
  effective_quotas(rec, q);
  if (q[0] < 0 && q[1] < 0 && q[2] < 0) return "NoChecking";
  if (q[2] >= 0 && size >= q[2]) return "MailboxDisabled";
  if (q[1] >= 0 && size >= q[1]) return "ProhibitSend";
  if (q[0] >= 0 && size >= q[0]) return "IssueWarning";
  return "BelowLimit";
}

static xv quota_display(xv rec, const char *key) {
  xv v = xv_get_b(rec, key);
  return types_unlimited_bytes_display(v.kind == XV_INT ? v : xv_str("Unlimited"));
}

static xv strs(const char *const *s) {
  xv a = xv_arr();
  while (*s) a = xv_arr_push(a, xv_str(*s++));
  return a;
}

xv mailbox_object(xv r) {
  static const char *const classes[] = {"top", "person", "organizationalPerson", "user", NULL};
  const char *details = rec_str(r, "RecipientTypeDetails");
  xv o = xv_obj(MAILBOX_TYPE);
  o = xv_set(o, "Database", xv_str(rec_str(r, "Database")));
  o = xv_set(o, "DeletedItemFlags", xv_str("DatabaseDefault"));
  o = xv_set(o, "DeliverToMailboxAndForward", xv_bool(false));
  o = xv_set(o, "ExchangeGuid", xv_str(rec_str(r, "ExchangeGuid")));
  o = xv_set(o, "ForwardingAddress", xv_null());
  o = xv_set(o, "IsMailboxEnabled", xv_bool(true));
  o = xv_set(o, "ProhibitSendQuota", quota_display(r, "ProhibitSendQuota"));
  o = xv_set(o, "ProhibitSendReceiveQuota", quota_display(r, "ProhibitSendReceiveQuota"));
  o = xv_set(o, "RecoverableItemsQuota", types_bytes_display(30LL << 30));
  o = xv_set(o, "RecoverableItemsWarningQuota", types_bytes_display(20LL << 30));
  o = xv_set(o, "RetainDeletedItemsFor", xv_str("14.00:00:00"));
  o = xv_set(o, "UseDatabaseQuotaDefaults", xv_bool(rec_bool(r, "UseDatabaseQuotaDefaults")));
  o = xv_set(o, "IssueWarningQuota", quota_display(r, "IssueWarningQuota"));
  o = xv_set(o, "RulesQuota", types_bytes_display(64LL << 10));
  o = xv_set(o, "IsResource", xv_bool(!strcmp(details, "RoomMailbox") || !strcmp(details, "EquipmentMailbox")));
  o = xv_set(o, "IsShared", xv_bool(!strcmp(details, "SharedMailbox")));
  o = xv_set(o, "SamAccountName", xv_str(rec_str(r, "SamAccountName")));
  o = xv_set(o, "ServerLegacyDN", xv_str(MBX_ORG "/cn=Configuration/cn=Servers/cn=" MBX_SERVER));
  o = xv_set(o, "ServerName", xv_str("ex01"));
  o = xv_set(o, "UserPrincipalName", xv_str(rec_str(r, "UserPrincipalName")));
  o = xv_set(o, "Alias", xv_str(rec_str(r, "Alias")));
  o = xv_set(o, "OrganizationalUnit", xv_str(rec_str(r, "OrganizationalUnit")));
  o = xv_set(o, "DisplayName", xv_str(rec_str(r, "DisplayName")));
  o = xv_set(o, "EmailAddresses", xv_copy(xv_get_b(r, "EmailAddresses")));
  o = xv_set(o, "EmailAddressPolicyEnabled", xv_bool(rec_bool(r, "EmailAddressPolicyEnabled")));
  o = xv_set(o, "HiddenFromAddressListsEnabled", xv_bool(rec_bool(r, "HiddenFromAddressListsEnabled")));
  o = xv_set(o, "LegacyExchangeDN", legacy_dn(r));
  o = xv_set(o, "PrimarySmtpAddress", xv_str(rec_str(r, "PrimarySmtpAddress")));
  o = xv_set(o, "RecipientType", xv_str("UserMailbox"));
  o = xv_set(o, "RecipientTypeDetails", xv_str(details));
  o = xv_set(o, "WindowsEmailAddress", xv_str(rec_str(r, "PrimarySmtpAddress")));
  o = xv_set(o, "Identity", mailbox_identity(r));
  o = xv_set(o, "IsValid", xv_bool(true));
  o = xv_set(o, "ExchangeVersion", xv_str("0.10 (14.0.100.0)"));
  o = xv_set(o, "Name", xv_str(rec_str(r, "Name")));
  o = xv_set(o, "DistinguishedName", rec_dn(r));
  o = xv_set(o, "Guid", xv_str(rec_str(r, "Guid")));
  o = xv_set(o, "ObjectCategory", xv_str(MAILBOX_DOMAIN "/Configuration/Schema/Person"));
  o = xv_set(o, "ObjectClass", strs(classes));
  o = xv_set(o, "WhenChanged", exch_when(xv_str_b(xv_get_b(r, "changed")), false));
  o = xv_set(o, "WhenCreated", exch_when(xv_str_b(xv_get_b(r, "created")), false));
  o = xv_set(o, "WhenChangedUTC", exch_when(xv_str_b(xv_get_b(r, "changed")), true));
  o = xv_set(o, "WhenCreatedUTC", exch_when(xv_str_b(xv_get_b(r, "created")), true));
  o = xv_set(o, "OrganizationId", xv_null());
  o = xv_set(o, "OriginatingServer", xv_str(MAILBOX_DC));
  return o;
}

/* ---------------- identity resolution ---------------- */

static bool ieq(const char *a, const char *b) { return a && b && !strcasecmp(a, b); }

static bool match_guid(xv r, const char *t) {
  char g[40];
  return exch_guid_canon(t, g) && (ieq(rec_str(r, "Guid"), g) || ieq(rec_str(r, "ExchangeGuid"), g));
}

static bool match_path(xv r, const char *t) {
  xv id = mailbox_identity(r), dn = rec_dn(r);
  bool hit = ieq(xv_str_b(id), t) || ieq(xv_str_b(dn), t);
  xv_free(id), xv_free(dn);
  return hit;
}

static bool match_name(xv r, const char *t) { return ieq(rec_str(r, "Name"), t); }

/* Alias, any SMTP proxy, UPN, DOMAIN\account, LegacyExchangeDN. */
static bool match_other(xv r, const char *t) {
  if (ieq(rec_str(r, "Alias"), t) || ieq(rec_str(r, "UserPrincipalName"), t)) return true;
  xv list = xv_get_b(r, "EmailAddresses");
  for (uint32_t k = 0; k < xv_len_b(list); k++) {
    const char *p = xv_str_b(xv_arr_get_b(list, k)), *a = smtp_of(p);
    if (ieq(a, t) || ieq(p, t)) return true;
  }
  const char *bs = strchr(t, '\\');
  if (bs && !strncasecmp(t, MBX_NETBIOS, (size_t)(bs - t)) && bs - t == (long)strlen(MBX_NETBIOS) &&
      ieq(rec_str(r, "SamAccountName"), bs + 1))
    return true;
  xv l = legacy_dn(r);
  bool hit = ieq(xv_str_b(l), t);
  xv_free(l);
  return hit;
}

static bool match_wild(xv r, const char *t) {
  return !fnmatch(t, rec_str(r, "Name"), FNM_CASEFOLD) || !fnmatch(t, rec_str(r, "Alias"), FNM_CASEFOLD) ||
         !fnmatch(t, rec_str(r, "DisplayName"), FNM_CASEFOLD) ||
         !fnmatch(t, rec_str(r, "PrimarySmtpAddress"), FNM_CASEFOLD);
}

/* The records of all (borrowed) that t names, as Exchange tries: a GUID, then the canonical
 * name or DN, then the name, then the other addresses; the first stage that finds any wins.
 * A text with * matches names, aliases, display names and addresses as a wildcard. */
static xv mbx_match(xv all, const char *t) {
  static bool (*const stages[])(xv, const char *) = {match_guid, match_path, match_name, match_other};
  xv found = xv_arr();
  if (strchr(t, '*')) {
    for (uint32_t i = 0; i < xv_len_b(all); i++)
      if (match_wild(xv_arr_get_b(all, i), t)) found = xv_arr_push(found, xv_copy(xv_arr_get_b(all, i)));
    return found;
  }
  for (size_t s = 0; s < sizeof stages / sizeof *stages && !xv_len_b(found); s++)
    for (uint32_t i = 0; i < xv_len_b(all); i++)
      if (stages[s](xv_arr_get_b(all, i), t)) found = xv_arr_push(found, xv_copy(xv_arr_get_b(all, i)));
  return found;
}

static const char *mbx_dc(xctx *c) {
  const char *dc = xv_str_b(xctx_arg_b(c, "DomainController"));
  return dc ? dc : MAILBOX_DC;
}

static int mbx_not_found(xctx *c, const char *identity) {
  return xctx_error(c, XE_NotSpecified, "ManagementObjectNotFoundException", NULL, xv_int(0),
                    "The operation couldn't be performed because object '%s' couldn't be found "
                    "on '%s'.", identity, mbx_dc(c));
}

static int mbx_ambiguous(xctx *c, const char *identity) {
  return xctx_error(c, XE_NotSpecified, "ManagementObjectAmbiguousException", NULL, xv_int(0),
                    "The operation couldn't be performed because '%s' matches multiple entries.",
                    identity);
}

static int mbx_store_fail(xctx *c, const store_err *err) {
  bool io = err->code == STORE_IO;
  return xctx_fail(c, io ? XE_ResourceUnavailable : XE_InvalidData,
                   io ? "IOException" : "InvalidDataException", NULL, xv_null(), "%s", err->msg);
}

/* Every mailbox record (owned ARR); NULL kind after reporting a store failure. */
static xv mbx_all(xctx *c, int *status) {
  store_err err;
  xv all;
  store *s = xctx_store(c);
  *status = EXSH_ERR;
  if (!s) return xv_null();
  int rc = store_list(s, MAILBOX_COLL, &all, &err);
  if (rc == STORE_NOTFOUND) xv_free(all), all = xv_arr(), rc = STORE_OK;
  if (rc) {
    xv_free(all);
    *status = mbx_store_fail(c, &err);
    return xv_null();
  }
  *status = EXSH_OK;
  return all;
}

/* The identity as text (owned STR): a string as it is, an object's Identity. */
static xv identity_text(xv id) {
  if (id.kind == XV_OBJ || id.kind == XV_DICT) return xv_to_str(xv_copy(xv_get_b(id, "Identity")));
  return xv_to_str(xv_copy(id));
}

int mailbox_resolve_ex(xctx *c, xv identity, xv *record, int *status) {
  *record = xv_null();
  xv all = mbx_all(c, status), text = identity_text(identity), found = xv_null();
  if (all.kind == XV_NULL) goto done;
  const char *guid = identity.kind == XV_OBJ ? xv_str_b(xv_get_b(identity, "Guid")) : NULL;
  found = mbx_match(all, guid && !strcmp(xv_typename_b(identity), MAILBOX_TYPE) ? guid : xv_str_b(text));
  if (xv_len_b(found) == 1) *record = xv_copy(xv_arr_get_b(found, 0));
  else if (!xv_len_b(found)) *status = mbx_not_found(c, xv_str_b(text));
  else *status = mbx_ambiguous(c, xv_str_b(text));
done:
  xv_free(all), xv_free(text), xv_free(found);
  return record->kind == XV_NULL ? EXSH_ERR : EXSH_OK;
}

int mailbox_resolve(xctx *c, xv identity, xv *record) {
  int status;
  return mailbox_resolve_ex(c, identity, record, &status);
}

static int content_fail(xctx *c, const store_err *err) { return mbx_store_fail(c, err); }

int mailbox_open_content(xctx *c, xv record, mailstore **m) {
  store_err err;
  if (mailstore_open(exsh_store_dir(), rec_str(record, "Guid"), true, m, &err)) {
    *m = NULL;
    return content_fail(c, &err);
  }
  return EXSH_OK;
}

/* MailboxIdParameter: a string or number as text; a Mailbox object kept; another object's
 * Identity as text. */
static int mailbox_id_convert(const xtype *t, xv in, xv *out, xv *err) {
  if (in.kind == XV_OBJ && !strcmp(xv_typename_b(in), MAILBOX_TYPE) && xv_has_b(in, "Guid")) {
    *out = in;
    return EXSH_OK;
  }
  if ((in.kind == XV_OBJ || in.kind == XV_DICT) && xv_has_b(in, "Identity") &&
      xv_get_b(in, "Identity").kind != XV_NULL) {
    *out = identity_text(in);
    xv_free(in);
    return EXSH_OK;
  }
  if (in.kind == XV_STR || in.kind == XV_INT || in.kind == XV_DBL) {
    xv s = xv_to_str(in);
    if (xv_strlen_b(s)) return *out = s, EXSH_OK;
    xv_free(s);
    *err = xv_str("The argument is an empty string.");
    return EXSH_ERR;
  }
  xv shown = xv_to_str(xv_copy(in));
  *err = in.kind == XV_NULL ? xv_str("The argument is null.")
      : xv_strf("Cannot convert the \"%s\" value of type \"%s\" to type \"%s\".", xv_str_b(shown),
                xv_typename_b(in), t->name);
  xv_free(shown);
  xv_free(in);
  return EXSH_ERR;
}

const xtype xt_mailbox_id = {"Microsoft.Exchange.Configuration.Tasks.MailboxIdParameter",
                             mailbox_id_convert, NULL, 0};

#define ALIAS_RULE "Valid values are: Strings formed with characters from A to Z (uppercase or " \
  "lowercase), digits from 0 to 9, !, #, $, %, &, ', *, +, -, /, =, ?, ^, _, `, {, |, } or ~. " \
  "One or more periods may be embedded in an alias, but each period should be preceded and " \
  "followed by at least one of the other characters. Unicode characters from U+00A1 to U+00FF " \
  "are also valid in an alias, but they will be mapped to a best-fit US-ASCII string in the " \
  "e-mail address, which is generated from such an alias."

static int alias_convert(const xtype *t, xv in, xv *out, xv *err) {
  (void)t;
  xv s = xv_to_str(in);
  if (!mailbox_alias_valid(xv_str_b(s))) {
    *err = xv_strf("Property expression \"%s\" isn't valid. %s", xv_str_b(s), ALIAS_RULE);
    xv_free(s);
    return EXSH_ERR;
  }
  *out = s;
  return EXSH_OK;
}
static const xtype xt_alias = {"System.String", alias_convert, NULL, 0};

/* ---------------- content ---------------- */

/* Creates the mailbox's content folder and its default folders. */
static int content_create(const char *guid, store_err *err) {
  mailstore *m;
  uint64_t id;
  int rc = mailstore_open(exsh_store_dir(), guid, true, &m, err);
  for (int i = 0; !rc && default_folders[i].name; i++) {
    char path[64];
    snprintf(path, sizeof path, "\\%s", default_folders[i].name);
    rc = mailstore_folder_ensure(m, path, default_folders[i].cls, &id, err);
  }
  mailstore_close(m);
  return rc;
}

/* The mailbox's folders with statistics (owned ARR, see mailstore_folders); an empty list when
 * it has no content yet. */
static int content_folders(xctx *c, xv rec, xv *out) {
  store_err err;
  mailstore *m;
  *out = xv_null();
  int rc = mailstore_open(exsh_store_dir(), rec_str(rec, "Guid"), false, &m, &err);
  if (rc == STORE_NOTFOUND) { *out = xv_arr(); return EXSH_OK; }
  if (!rc) rc = mailstore_folders(m, out, &err);
  mailstore_close(m);
  return rc ? mbx_store_fail(c, &err) : EXSH_OK;
}


static const char *arg_str(xctx *c, const char *name) { return xv_str_b(xctx_arg_b(c, name)); }

/* True (after reporting PowerShell's validation error) when one of the named parameters was
 * given $null or an empty string. */
static bool null_args(xctx *c, const char *const *names, int *status) {
  for (; *names; names++) {
    const char *v = arg_str(c, *names);
    if (!xctx_has(c, *names) || (v && *v)) continue;
    *status = xctx_error(c, XE_InvalidData, "ParameterBindingValidationException",
                         "ParameterArgumentValidationError", xv_null(),
                         "Cannot validate argument on parameter '%s'. The argument is null or "
                         "empty. Supply an argument that is not null or empty and then try the "
                         "command again.", *names);
    return true;
  }
  return false;
}

/* The first mailbox of all (borrowed) in OU ou named name, other than self; NULL kind if none. */
static xv name_taken(xv all, const char *ou, const char *name, const char *self) {
  for (uint32_t i = 0; i < xv_len_b(all); i++) {
    xv r = xv_arr_get_b(all, i);
    if (ieq(rec_str(r, "OrganizationalUnit"), ou) && ieq(rec_str(r, "Name"), name) &&
        !(self && ieq(rec_str(r, "Guid"), self)))
      return r;
  }
  return xv_null();
}

static xv field_owner(xv all, const char *field, const char *value, const char *self) {
  for (uint32_t i = 0; i < xv_len_b(all); i++) {
    xv r = xv_arr_get_b(all, i);
    if (ieq(rec_str(r, field), value) && !(self && ieq(rec_str(r, "Guid"), self))) return r;
  }
  return xv_null();
}

static int already_exists(xctx *c, xv rec) {
  xv dn = rec_dn(rec);
  int st = xctx_error(c, XE_NotSpecified, "ADObjectAlreadyExistsException", NULL, xv_int(0),
                      "Active Directory operation failed on %s. The object '%s' already exists.",
                      mbx_dc(c), xv_str_b(dn));
  xv_free(dn);
  return st;
}

static int proxy_in_use(xctx *c, const char *addr, xv owner) {
  xv id = mailbox_identity(owner);
  int st = xctx_error(c, XE_NotSpecified, "ProxyAddressExistsException", NULL, xv_strf("SMTP:%s", addr),
                      "The proxy address \"SMTP:%s\" is already being used by the proxy addresses "
                      "or LegacyExchangeDN of \"%s\". Please choose another proxy address.",
                      addr, xv_str_b(id));
  xv_free(id);
  return st;
}

/* SamAccountName: the alias cut to 20 characters, with digits when taken. */
static xv unique_sam(xv all, const char *alias) {
  char base[21];
  snprintf(base, sizeof base, "%.20s", alias);
  for (int i = 1;; i++) {
    xv s = i == 1 ? xv_str(base) : xv_strf("%.*s%d", 18, base, i);
    if (field_owner(all, "SamAccountName", xv_str_b(s), NULL).kind == XV_NULL) return s;
    xv_free(s);
  }
}

static const char *details_of_set(int set) {
  static const char *const d[] = {"UserMailbox", "SharedMailbox", "RoomMailbox", "EquipmentMailbox"};
  return set >= 0 && set < 4 ? d[set] : d[0];
}

/* Builds the new record from New-Mailbox's arguments; checks names and addresses against
 * all. NULL kind after reporting why not (*status). */
static xv new_record(xctx *c, xv all, int *status) {
  char alias[72], ou[512], guid[40], xguid[40];
  const char *name = arg_str(c, "Name"), *smtp = arg_str(c, "PrimarySmtpAddress");
  const char *upn = arg_str(c, "UserPrincipalName"), *db = arg_str(c, "Database");
  *status = EXSH_OK;
  if (xctx_has(c, "Alias")) snprintf(alias, sizeof alias, "%s", arg_str(c, "Alias"));
  else alias_from_name(name, alias, sizeof alias);
  if (!ou_canon(xctx_has(c, "OrganizationalUnit") ? arg_str(c, "OrganizationalUnit") : "Users", ou, sizeof ou)) {
    *status = mbx_not_found(c, arg_str(c, "OrganizationalUnit"));
    return xv_null();
  }
  if (db && strcasecmp(db, MBX_DB)) {
    *status = mbx_not_found(c, db);
    return xv_null();
  }
  exch_new_guid(guid), exch_new_guid(xguid);
  xv r = xv_dict();
  r = xv_set(r, "Name", xv_str(name));
  r = xv_set(r, "Alias", xv_str(alias));
  r = xv_set(r, "DisplayName", xv_str(xctx_has(c, "DisplayName") ? arg_str(c, "DisplayName") : name));
  r = xv_set(r, "FirstName", xv_copy(xctx_arg_b(c, "FirstName")));
  r = xv_set(r, "LastName", xv_copy(xctx_arg_b(c, "LastName")));
  r = xv_set(r, "OrganizationalUnit", xv_str(ou));
  r = xv_set(r, "Database", xv_str(MBX_DB));
  r = xv_set(r, "Guid", xv_str(guid));
  r = xv_set(r, "ExchangeGuid", xv_str(xguid));
  r = xv_set(r, "RecipientTypeDetails", xv_str(details_of_set(xctx_set(c))));
  if (name_taken(all, ou, name, NULL).kind != XV_NULL) {
    *status = already_exists(c, r);
    goto fail;
  }
  xv owner = smtp ? proxy_owner(all, smtp, NULL) : xv_null();
  if (owner.kind != XV_NULL) { *status = proxy_in_use(c, smtp, owner); goto fail; }
  xv addr = smtp ? xv_str(smtp) : unique_smtp(all, alias, NULL);
  r = xv_set(r, "PrimarySmtpAddress", xv_copy(addr));
  r = xv_set(r, "EmailAddresses", xv_arr_push(xv_arr(), xv_strf("SMTP:%s", xv_str_b(addr))));
  r = xv_set(r, "EmailAddressPolicyEnabled", xv_bool(smtp == NULL));
  xv upn_owner = upn ? field_owner(all, "UserPrincipalName", upn, NULL) : xv_null();
  if (upn_owner.kind != XV_NULL) {
    xv id = mailbox_identity(upn_owner);
    *status = xctx_error(c, XE_InvalidArgument, "RecipientTaskException", NULL, xv_str(upn),
                         "The user principal name \"%s\" is already used by \"%s\". Please choose "
                         "another user principal name.", upn, xv_str_b(id));
    xv_free(id), xv_free(addr);
    goto fail;
  }
  r = xv_set(r, "UserPrincipalName", upn ? xv_str(upn) : xv_copy(addr));
  xv_free(addr);
  r = xv_set(r, "SamAccountName", xctx_has(c, "SamAccountName") ? xv_str(arg_str(c, "SamAccountName"))
                                                                 : unique_sam(all, alias));
  r = xv_set(r, "IssueWarningQuota", xv_str("Unlimited"));
  r = xv_set(r, "ProhibitSendQuota", xv_str("Unlimited"));
  r = xv_set(r, "ProhibitSendReceiveQuota", xv_str("Unlimited"));
  r = xv_set(r, "UseDatabaseQuotaDefaults", xv_bool(true));
  r = xv_set(r, "HiddenFromAddressListsEnabled", xv_bool(false));
  r = xv_set(r, "created", exch_iso_now());
  r = xv_set(r, "changed", exch_iso_now());
  return r;
fail:
  xv_free(r);
  return xv_null();
}

/* New-Mailbox [-Name] <String> [-Alias <String>] [-DisplayName <String>] [-FirstName <String>]
 *   [-LastName <String>] [-UserPrincipalName <String>] [-Password <SecureString>]
 *   [-Database <DatabaseIdParameter>] [-OrganizationalUnit <OrganizationalUnitIdParameter>]
 *   [-PrimarySmtpAddress <SmtpAddress>] [-SamAccountName <String>] [-Shared|-Room|-Equipment] */
static int new_mbx_process(xctx *c) {
  static const char *const required[] = {"Name", "Alias", "DisplayName", "UserPrincipalName",
    "Database", "OrganizationalUnit", "PrimarySmtpAddress", "SamAccountName", NULL};
  store_err err;
  int status, go;
  if (null_args(c, required, &status)) return status;
  xv all = mbx_all(c, &status);
  if (all.kind == XV_NULL) return status;
  xv rec = new_record(c, all, &status);
  xv_free(all);
  if (rec.kind == XV_NULL) return status;
  xv id = mailbox_identity(rec);
  go = xctx_should_process(c, "Creating mailbox \"%s\" with User Principal Name \"%s\" in "
                           "organizational unit \"%s\" and database \"%s\".", rec_str(rec, "Name"),
                           rec_str(rec, "UserPrincipalName"), rec_str(rec, "OrganizationalUnit"),
                           rec_str(rec, "Database"));
  if (go <= 0) { status = exch_should_status(go); goto done; }
  /* content first: a record never points at content that is not there */
  if (content_create(rec_str(rec, "Guid"), &err)) {
    mailstore_destroy(exsh_store_dir(), rec_str(rec, "Guid"), NULL);
    status = mbx_store_fail(c, &err);
    goto done;
  }
  if (store_put(xctx_store(c), MAILBOX_COLL, rec_str(rec, "Guid"), xv_copy(rec), STORE_CREATE, &err)) {
    mailstore_destroy(exsh_store_dir(), rec_str(rec, "Guid"), NULL);
    status = mbx_store_fail(c, &err);
    goto done;
  }
  status = xctx_emit(c, mailbox_object(rec));
done:
  xv_free(id), xv_free(rec);
  return status;
}

typedef struct get_state { int64_t emitted; bool full; } get_state;

/* Emits rec unless -ResultSize is reached; then sets full and, for the default 1000, warns
 * as Exchange does. */
static int get_emit(xctx *c, xv rec) {
  get_state *st = xctx_state(c);
  xv rs = xctx_arg_b(c, "ResultSize");
  int64_t limit = rs.kind == XV_INT ? rs.u.i : rs.kind == XV_STR ? -1 : 1000;
  if (limit >= 0 && st->emitted >= limit) {
    if (!st->full && !xctx_has(c, "ResultSize"))
      xctx_warning(c, "By default, only the first 1000 items are returned. Use the ResultSize "
                   "parameter to specify the number of items returned. To return all items, "
                   "specify \"-ResultSize Unlimited\". Note that, depending on the actual number "
                   "of items, returning all items can take a long time and consume a large amount "
                   "of memory. Also, we don't recommend storing the results in a variable. "
                   "Instead, pipe the results to another task or script to perform batch changes.");
    st->full = true;
    return EXSH_OK;
  }
  st->emitted++;
  return xctx_emit(c, mailbox_object(rec));
}

static bool get_filter(xctx *c, xv rec) {
  const char *db = arg_str(c, "Database"), *ou = arg_str(c, "OrganizationalUnit");
  char canon[512];
  if (db && !ieq(rec_str(rec, "Database"), db)) return false;
  if (ou && ou_canon(ou, canon, sizeof canon)) {
    const char *r = rec_str(rec, "OrganizationalUnit");
    size_t n = strlen(canon);
    if (strncasecmp(r, canon, n) || (r[n] && r[n] != '/')) return false;
  }
  return true;
}

/* Get-Mailbox [[-Identity] <MailboxIdParameter>] [-Database <String>]
 *   [-OrganizationalUnit <String>] [-ResultSize <Unlimited>] [-DomainController <Fqdn>] */
static int get_mbx_process(xctx *c) {
  int status;
  get_state *st = xctx_state(c);
  xv all = mbx_all(c, &status), id = xctx_arg_b(c, "Identity"), list;
  if (all.kind == XV_NULL) return status;
  if (!xctx_has(c, "Identity")) {
    list = xv_copy(all);
  } else {
    xv text = identity_text(id);
    const char *guid = id.kind == XV_OBJ ? xv_str_b(xv_get_b(id, "Guid")) : NULL;
    bool wild = strchr(xv_str_b(text), '*') != NULL;
    list = mbx_match(all, guid ? guid : xv_str_b(text));
    if (!xv_len_b(list)) status = mbx_not_found(c, xv_str_b(text));
    else if (xv_len_b(list) > 1 && !wild) status = mbx_ambiguous(c, xv_str_b(text));
    if (!xv_len_b(list) || (xv_len_b(list) > 1 && !wild)) xv_free(list), list = xv_arr();
    xv_free(text);
  }
  for (uint32_t i = 0; i < xv_len_b(list) && status == EXSH_OK && !st->full; i++)
    if (get_filter(c, xv_arr_get_b(list, i))) status = get_emit(c, xv_arr_get_b(list, i));
  xv_free(list), xv_free(all);
  return status;
}

/* ---------------- Set-Mailbox ---------------- */

static const char *const quota_params[] = {"IssueWarningQuota", "ProhibitSendQuota", "ProhibitSendReceiveQuota", NULL};

/* Applies -EmailAddresses (a list or @{Add;Remove}) to *fields' list; false after reporting. */
static bool set_proxies(xctx *c, xv rec, xv *fields, int *status) {
  xv edit = xv_copy(xctx_arg_b(c, "EmailAddresses")), out, err;
  if (edit.kind == XV_DICT) {
    for (uint32_t i = 0; i < xv_len_b(edit); i++) {
      xv items = xv_copy(xv_val_b(edit, i));
      edit = xv_set(edit, xv_key_b(edit, i), proxies_prefixed(items));
    }
  } else {
    edit = proxies_prefixed(edit);
  }
  if (types_mv_apply(xv_copy(xv_get_b(rec, "EmailAddresses")), edit, &out, &err)) {
    *status = xctx_error(c, XE_InvalidArgument, "InvalidOperationException", NULL, xv_null(), "%s", xv_str_b(err));
    xv_free(err);
    return false;
  }
  int primaries = 0;
  const char *first = NULL, *primary = NULL;
  for (uint32_t i = 0; i < xv_len_b(out); i++) {
    const char *p = xv_str_b(xv_arr_get_b(out, i)), *a = smtp_of(p);
    if (a && !first) first = a;
    if (a && !strncmp(p, "SMTP:", 5)) primaries++, primary = a;
  }
  const char *bad = NULL;
  for (uint32_t i = 0; i < xv_len_b(out) && !bad; i++) {
    const char *a = smtp_of(xv_str_b(xv_arr_get_b(out, i)));
    if (a && (!strchr(a, '@') || strchr(a, ' '))) bad = xv_str_b(xv_arr_get_b(out, i));
  }
  if (bad || primaries > 1 || !first) {
    *status = xctx_error(c, XE_InvalidArgument, "DataValidationException", NULL, xv_null(), "%s%s%s",
                         bad ? "The proxy address \"" : primaries > 1 ?
                         "There are multiple primary SMTP addresses. Please confirm there is only "
                         "one primary address for each address type." :
                         "The e-mail address list must contain a primary SMTP address.",
                         bad ? bad : "", bad ? "\" is invalid. Use an address of the form "
                         "smtp:user@contoso.com." : "");
    xv_free(out);
    return false;
  }
  xv addr = xv_str(primary ? primary : first);
  out = proxies_set_primary(out, xv_str_b(addr));
  *fields = xv_set(*fields, "EmailAddresses", out);
  *fields = xv_set(*fields, "PrimarySmtpAddress", addr);
  return true;
}

/* The fields Set-Mailbox's arguments change in rec (owned DICT); NULL kind after reporting. */
static xv set_fields(xctx *c, xv rec, xv all, int *status) {
  const char *self = rec_str(rec, "Guid");
  xv f = xv_dict();
  *status = EXSH_OK;
  if (xctx_has(c, "Name")) {
    const char *name = arg_str(c, "Name");
    if (name_taken(all, rec_str(rec, "OrganizationalUnit"), name, self).kind != XV_NULL) {
      xv probe = xv_set(xv_copy(rec), "Name", xv_str(name));
      *status = already_exists(c, probe);
      xv_free(probe);
      goto fail;
    }
    f = xv_set(f, "Name", xv_str(name));
  }
  static const char *const plain[] = {"DisplayName", "UseDatabaseQuotaDefaults", "HiddenFromAddressListsEnabled",
                                      "EmailAddressPolicyEnabled", NULL};
  for (const char *const *p = plain; *p; p++)
    if (xctx_has(c, *p)) f = xv_set(f, *p, xv_copy(xctx_arg_b(c, *p)));
  for (const char *const *q = quota_params; *q; q++)
    if (xctx_has(c, *q)) f = xv_set(f, *q, xv_copy(xctx_arg_b(c, *q)));
  if (xctx_has(c, "EmailAddresses") && !set_proxies(c, rec, &f, status)) goto fail;
  xv list = xv_copy(xv_has_b(f, "EmailAddresses") ? xv_get_b(f, "EmailAddresses") : xv_get_b(rec, "EmailAddresses"));
  bool policy = xv_has_b(f, "EmailAddressPolicyEnabled") ? xv_get_b(f, "EmailAddressPolicyEnabled").u.b
                                                         : rec_bool(rec, "EmailAddressPolicyEnabled");
  if (xctx_has(c, "Alias")) {
    f = xv_set(f, "Alias", xv_str(arg_str(c, "Alias")));
    if (policy && !xctx_has(c, "PrimarySmtpAddress")) {   /* the policy stamps alias@domain */
      xv addr = unique_smtp(all, arg_str(c, "Alias"), self);
      list = proxies_set_primary(list, xv_str_b(addr));
      f = xv_set(f, "PrimarySmtpAddress", addr);
      f = xv_set(f, "EmailAddresses", xv_copy(list));
    }
  }
  if (xctx_has(c, "PrimarySmtpAddress")) {
    const char *smtp = arg_str(c, "PrimarySmtpAddress");
    xv owner = proxy_owner(all, smtp, self);
    if (owner.kind != XV_NULL) {
      *status = proxy_in_use(c, smtp, owner);
      xv_free(list);
      goto fail;
    }
    list = proxies_set_primary(list, smtp);
    f = xv_set(f, "PrimarySmtpAddress", xv_str(smtp));
    f = xv_set(f, "EmailAddresses", xv_copy(list));
    f = xv_set(f, "EmailAddressPolicyEnabled", xv_bool(false));
  }
  xv_free(list);
  return f;
fail:
  xv_free(f);
  return xv_null();
}

/* True when some field of fields differs from rec (case-sensitive for text). */
static bool changes(xv rec, xv fields) {
  for (uint32_t i = 0; i < xv_len_b(fields); i++) {
    xv a = xv_val_b(fields, i), b = xv_get_b(rec, xv_key_b(fields, i));
    if (a.kind == XV_ARR && b.kind == XV_ARR) {
      if (xv_len_b(a) != xv_len_b(b)) return true;
      for (uint32_t k = 0; k < xv_len_b(a); k++)
        if (!xv_eq_b(xv_arr_get_b(a, k), xv_arr_get_b(b, k), false)) return true;
    } else if (!xv_eq_b(a, b, false) || a.kind != b.kind) {
      return true;
    }
  }
  return false;
}

/* Set-Mailbox [-Identity] <MailboxIdParameter> [-Name <String>] [-DisplayName <String>]
 *   [-Alias <String>] [-PrimarySmtpAddress <SmtpAddress>] [-EmailAddresses <ProxyAddressCollection>]
 *   [-EmailAddressPolicyEnabled <Boolean>] [-IssueWarningQuota <Unlimited>]
 *   [-ProhibitSendQuota <Unlimited>] [-ProhibitSendReceiveQuota <Unlimited>]
 *   [-UseDatabaseQuotaDefaults <Boolean>] [-HiddenFromAddressListsEnabled <Boolean>] */
static int set_mbx_process(xctx *c) {
  store_err err;
  int status, go;
  static const char *const required[] = {"Name", "DisplayName", "Alias", "PrimarySmtpAddress", NULL};
  xv rec, all = xv_null(), fields = xv_null(), id = xv_null();
  if (null_args(c, required, &status)) return status;
  if (mailbox_resolve_ex(c, xctx_arg_b(c, "Identity"), &rec, &status)) return status;
  if ((all = mbx_all(c, &status)).kind == XV_NULL) goto done;
  if ((fields = set_fields(c, rec, all, &status)).kind == XV_NULL) goto done;
  id = mailbox_identity(rec);
  go = xctx_should_process(c, "Setting mailbox \"%s\".", xv_str_b(id));
  if (go <= 0) { status = exch_should_status(go); goto done; }
  if (!changes(rec, fields)) {
    xctx_warning(c, "The command completed successfully but no settings of '%s' have been "
                 "modified.", xv_str_b(id));
    goto done;
  }
  fields = xv_set(fields, "changed", exch_iso_now());
  int rc = store_update(xctx_store(c), MAILBOX_COLL, rec_str(rec, "Guid"), fields, false, &err);
  fields = xv_null();
  if (rc == STORE_NOTFOUND) status = mbx_not_found(c, xv_str_b(id));
  else if (rc) status = mbx_store_fail(c, &err);
done:
  xv_free(id), xv_free(fields), xv_free(all), xv_free(rec);
  return status;
}

/* Remove-Mailbox [-Identity] <MailboxIdParameter> [-Permanent <Boolean>] */
static int remove_mbx_process(xctx *c) {
  store_err err;
  int status, go, rc;
  xv rec;
  if (mailbox_resolve_ex(c, xctx_arg_b(c, "Identity"), &rec, &status)) return status;
  xv id = mailbox_identity(rec);
  bool permanent = xctx_has(c, "Permanent") && xv_truthy(xv_copy(xctx_arg_b(c, "Permanent")));
  go = xctx_should_process(c, permanent ?
                           "Removing the Mailbox \"%s\" will remove the Active Directory user "
                           "object and permanently remove the mailbox and the archive (if present) "
                           "from the database." :
                           "Removing the Mailbox \"%s\" will remove the Active Directory user "
                           "object and mark the mailbox and the archive (if present) in the "
                           "database for removal.", xv_str_b(id));
  if (go <= 0) {
    status = exch_should_status(go);
  } else if ((rc = store_delete(xctx_store(c), MAILBOX_COLL, rec_str(rec, "Guid"), &err)) == STORE_NOTFOUND) {
    status = mbx_not_found(c, xv_str_b(id));
  } else if (rc) {
    status = mbx_store_fail(c, &err);
  } else if ((rc = mailstore_destroy(exsh_store_dir(), rec_str(rec, "Guid"), &err)) && rc != STORE_NOTFOUND) {
    status = mbx_store_fail(c, &err);
  }
  xv_free(id), xv_free(rec);
  return status;
}

/* ---------------- statistics ---------------- */

static xv stats_object(xv rec, int64_t count, int64_t size) {
  xv o = xv_obj(STATS_TYPE);
  o = xv_set(o, "AssociatedItemCount", xv_int(0));
  o = xv_set(o, "DeletedItemCount", xv_int(0));
  o = xv_set(o, "DisconnectDate", xv_null());
  o = xv_set(o, "DisplayName", xv_str(rec_str(rec, "DisplayName")));
  o = xv_set(o, "ItemCount", xv_int(count));
  o = xv_set(o, "LastLoggedOnUserAccount", xv_null());
  o = xv_set(o, "LastLogoffTime", xv_null());
  o = xv_set(o, "LastLogonTime", xv_null());
  o = xv_set(o, "LegacyDN", legacy_dn(rec));
  o = xv_set(o, "MailboxGuid", xv_str(rec_str(rec, "ExchangeGuid")));
  o = xv_set(o, "ObjectClass", xv_str("Mailbox"));
  o = xv_set(o, "StorageLimitStatus", xv_str(storage_status(rec, size)));
  o = xv_set(o, "TotalDeletedItemSize", types_bytes_display(0));
  o = xv_set(o, "TotalItemSize", types_bytes_display(size));
  o = xv_set(o, "Database", xv_str(rec_str(rec, "Database")));
  o = xv_set(o, "ServerName", xv_str(MBX_SERVER));
  o = xv_set(o, "DatabaseName", xv_str(rec_str(rec, "Database")));
  o = xv_set(o, "IsArchiveMailbox", xv_bool(false));
  o = xv_set(o, "Identity", xv_str(rec_str(rec, "ExchangeGuid")));
  o = xv_set(o, "MapiIdentity", xv_str(rec_str(rec, "ExchangeGuid")));
  o = xv_set(o, "OriginatingServer", xv_str(MBX_SERVER "." MAILBOX_DOMAIN));
  o = xv_set(o, "IsValid", xv_bool(true));
  return o;
}

static int stats_emit(xctx *c, xv rec) {
  xv folders;
  int64_t count = 0, size = 0;
  int status = content_folders(c, rec, &folders);
  if (status) return status;
  for (uint32_t i = 0; i < xv_len_b(folders); i++) {
    count += xv_get_b(xv_arr_get_b(folders, i), "ItemCount").u.i;
    size += xv_get_b(xv_arr_get_b(folders, i), "Size").u.i;
  }
  xv_free(folders);
  return xctx_emit(c, stats_object(rec, count, size));
}

/* Get-MailboxStatistics [-Identity] <GeneralMailboxIdParameter>
 * Get-MailboxStatistics -Database <DatabaseIdParameter> */
static int get_stats_process(xctx *c) {
  int status;
  xv rec;
  if (xctx_set(c) == 1) {
    const char *db = arg_str(c, "Database");
    xv all = mbx_all(c, &status);
    if (all.kind == XV_NULL) return status;
    if (!ieq(db, MBX_DB)) status = mbx_not_found(c, db);
    for (uint32_t i = 0; i < xv_len_b(all) && status == EXSH_OK; i++)
      status = stats_emit(c, xv_arr_get_b(all, i));
    xv_free(all);
    return status;
  }
  if (mailbox_resolve_ex(c, xctx_arg_b(c, "Identity"), &rec, &status)) return status;
  status = stats_emit(c, rec);
  xv_free(rec);
  return status;
}

/* The FolderType of a folder: a well-known top-level one, the root, or "User Created". */
static const char *folder_type(xv f) {
  if (xv_get_b(f, "Id").u.i == 1) return "Root";
  if (xv_get_b(f, "ParentId").u.i == 1)
    for (int i = 0; default_folders[i].name; i++)
      if (ieq(default_folders[i].name, rec_str(f, "Name"))) return default_folders[i].type;
  return "User Created";
}

/* "/Inbox/Projects" from "\Inbox\Projects"; the root is "/Top of Information Store". */
static xv folder_path_display(xv f) {
  const char *p = rec_str(f, "Path");
  if (!strcmp(p, "\\")) return xv_str("/" ROOT_NAME);
  char *s = strdup(p);
  for (char *q = s; *q; q++) if (*q == '\\') *q = '/';
  xv r = xv_str(s);
  free(s);
  return r;
}

static bool under(const char *path, const char *top) {
  size_t n = strlen(top);
  if (!strcmp(top, "\\")) return true;
  return !strncasecmp(path, top, n) && (path[n] == '\0' || path[n] == '\\');
}

/* The FolderType a scope keeps (NULL: All). */
static const char *const folder_scopes[] = {"All", "Calendar", "Contacts", "DeletedItems", "Drafts",
  "Inbox", "JunkEmail", "Journal", "Notes", "Outbox", "SentItems", "Tasks", NULL};
static const xtype xt_folder_scope =
    XTYPE_ENUM("Microsoft.Exchange.Data.Directory.SystemConfiguration.ElcFolderType", folder_scopes);

static xv folder_stats_object(xv rec, xv folders, uint32_t i) {
  xv f = xv_arr_get_b(folders, i), id = mailbox_identity(rec);
  const char *path = rec_str(f, "Path");
  int64_t sub_count = 0, sub_size = 0;
  for (uint32_t k = 0; k < xv_len_b(folders); k++) {
    xv g = xv_arr_get_b(folders, k);
    if (under(rec_str(g, "Path"), path))
      sub_count += xv_get_b(g, "ItemCount").u.i, sub_size += xv_get_b(g, "Size").u.i;
  }
  xv o = xv_obj(FSTATS_TYPE);
  o = xv_set(o, "Date", exch_when(xv_str_b(xv_get_b(rec, "created")), false));
  o = xv_set(o, "Name", xv_str(xv_get_b(f, "Id").u.i == 1 ? ROOT_NAME : rec_str(f, "Name")));
  o = xv_set(o, "FolderPath", folder_path_display(f));
  o = xv_set(o, "FolderType", xv_str(folder_type(f)));
  o = xv_set(o, "ItemsInFolder", xv_int(xv_get_b(f, "ItemCount").u.i));
  o = xv_set(o, "DeletedItemsInFolder", xv_int(0));
  o = xv_set(o, "FolderSize", types_bytes_display(xv_get_b(f, "Size").u.i));
  o = xv_set(o, "ItemsInFolderAndSubfolders", xv_int(sub_count));
  o = xv_set(o, "DeletedItemsInFolderAndSubfolders", xv_int(0));
  o = xv_set(o, "FolderAndSubfolderSize", types_bytes_display(sub_size));
  o = xv_set(o, "OldestItemReceivedDate", xv_null());
  o = xv_set(o, "NewestItemReceivedDate", xv_null());
  o = xv_set(o, "ManagedFolder", xv_null());
  o = xv_set(o, "Identity", xv_strf("%s%s", xv_str_b(id), path));
  o = xv_set(o, "IsValid", xv_bool(true));
  xv_free(id);
  return o;
}

/* Get-MailboxFolderStatistics [-Identity] <GeneralMailboxIdParameter> [-FolderScope <ElcFolderType>] */
static int get_fstats_process(xctx *c) {
  int status;
  xv rec, folders;
  const char *scope = arg_str(c, "FolderScope");
  if (mailbox_resolve_ex(c, xctx_arg_b(c, "Identity"), &rec, &status)) return status;
  if ((status = content_folders(c, rec, &folders))) { xv_free(rec); return status; }
  char top[128] = "";
  for (uint32_t i = 0; i < xv_len_b(folders) && scope && strcmp(scope, "All"); i++) {
    xv f = xv_arr_get_b(folders, i);
    if (!strcmp(folder_type(f), scope)) snprintf(top, sizeof top, "%s", rec_str(f, "Path"));
  }
  for (uint32_t i = 0; i < xv_len_b(folders) && status == EXSH_OK; i++) {
    if (scope && strcmp(scope, "All") && (!*top || !under(rec_str(xv_arr_get_b(folders, i), "Path"), top))) continue;
    status = xctx_emit(c, folder_stats_object(rec, folders, i));
  }
  xv_free(folders), xv_free(rec);
  return status;
}

/* ---------------- tables ---------------- */

enum { SET_USER = 1, SET_SHARED = 2, SET_ROOM = 4, SET_EQUIPMENT = 8, SET_ALLNEW = 15 };

#define DC_HELP "The fully qualified domain name of the domain controller to read from or write " \
  "to, for example dc01.contoso.com. Errors name it; when it is left out, exsh names " \
  MAILBOX_DC "."
#define ID_HELP "The mailbox: its name, alias, SMTP address, GUID, distinguished name, canonical " \
  "name (contoso.com/Users/Name), user principal name, CONTOSO\\account or legacy Exchange DN. " \
  "Case doesn't matter. Accepts a Mailbox object (or any object with an Identity) from the pipeline."
#define QUOTA_HELP(what) "The mailbox size at which " what ", as a size with a unit (500MB, " \
  "2GB) or Unlimited. It applies only when UseDatabaseQuotaDefaults is $false."

static const char *const new_mbx_sets[] = {"User", "Shared", "Room", "Equipment", NULL};
static const xparam new_mbx_params[] = {
  {"Name", &xt_string, .mandatory = SET_ALLNEW, .position = 1, .max_len = 64,
   .help = "The name of the mailbox's user account, unique in its organizational unit, at most 64 "
           "characters. The alias and display name are derived from it unless given."},
  {"Alias", &xt_alias, .help = "The Exchange alias (mail nickname), at most 64 characters: "
           "letters, digits, ! # $ % & ' * + - / = ? ^ _ ` { | } ~ and embedded periods. Default: "
           "the name without the characters an alias can't hold. The primary SMTP address is "
           "alias@" MAILBOX_DOMAIN "."},
  {"DisplayName", &xt_string, .max_len = 256, .help = "The name shown in the address book. Default: the name."},
  {"FirstName", &xt_string, .max_len = 64, .help = "The user's first name."},
  {"LastName", &xt_string, .max_len = 64, .help = "The user's last name."},
  {"UserPrincipalName", &xt_string, .max_len = 1024,
   .help = "The logon name, such as ayla@" MAILBOX_DOMAIN ". Default: the primary SMTP address."},
  {"Password", &xt_any, .help = "The account's initial password (a SecureString; exsh accepts "
           "any value and doesn't keep it)."},
  {"Database", &xt_string, .help = "The mailbox database: " MBX_DB ", the only one this organization has."},
  {"OrganizationalUnit", &xt_string,
   .help = "Where the user account goes: a canonical name (contoso.com/Sales), an OU name (Sales) "
           "or a distinguished name. Default: contoso.com/Users."},
  {"PrimarySmtpAddress", &xt_smtp_address,
   .help = "The primary SMTP address. Giving it turns the e-mail address policy off for the mailbox."},
  {"SamAccountName", &xt_string, .max_len = 20,
   .help = "The pre-Windows 2000 logon name. Default: the alias, cut to 20 characters."},
  {"ResetPasswordOnNextLogon", &xt_bool_param, .help = "Accepted for compatibility; exsh has no passwords."},
  {"Shared", &xt_switch, .sets = SET_SHARED, .mandatory = SET_SHARED, .help = "Creates a shared mailbox."},
  {"Room", &xt_switch, .sets = SET_ROOM, .mandatory = SET_ROOM, .help = "Creates a room mailbox."},
  {"Equipment", &xt_switch, .sets = SET_EQUIPMENT, .mandatory = SET_EQUIPMENT,
   .help = "Creates an equipment mailbox."},
  {"DomainController", &xt_fqdn, .help = DC_HELP},
  {0},
};
static const char *const new_mbx_examples[] = {
  "New-Mailbox -Name 'Ayla Kol' -Alias ayla -UserPrincipalName ayla@contoso.com -Password $pw",
  "Creates a user and a mailbox with the default folders; its address is ayla@contoso.com.",
  "New-Mailbox 'Front Desk' -Shared", "Creates a shared mailbox with alias FrontDesk.",
  NULL,
};
const xcmdlet xc_new_mailbox = {
  .name = "New-Mailbox",
  .class_name = MBX_CLASS "NewMailbox",
  .synopsis = "Creates a user account and its mailbox, with the default folders.",
  .sets = new_mbx_sets,
  .default_set = 0,
  .params = new_mbx_params,
  .impact = XI_MEDIUM,
  .output_type = MAILBOX_TYPE,
  .examples = new_mbx_examples,
  .process = new_mbx_process,
};

static const xparam get_mbx_params[] = {
  {"Identity", &xt_mailbox_id, .position = 1, .pipe = XP_VALUE | XP_PROPNAME,
   .help = ID_HELP " * is a wildcard (Get-Mailbox *kol*). Without it, every mailbox is listed."},
  {"Database", &xt_string, .help = "Lists only the mailboxes in this database."},
  {"OrganizationalUnit", &xt_string, .help = "Lists only the mailboxes in this organizational unit or below it."},
  {"ResultSize", &xt_unlimited_int,
   .help = "The most mailboxes to return, or Unlimited. Default 1000, with a warning when there are more."},
  {"DomainController", &xt_fqdn, .help = DC_HELP},
  {0},
};
static const char *const get_mbx_examples[] = {
  "Get-Mailbox", "Lists the mailboxes: Name, Alias, ServerName, ProhibitSendQuota.",
  "Get-Mailbox ayla@contoso.com | Format-List", "Shows every property of one mailbox.",
  NULL,
};
const xcmdlet xc_get_mailbox = {
  .name = "Get-Mailbox",
  .class_name = MBX_CLASS "GetMailbox",
  .synopsis = "Gets mailboxes and their settings.",
  .params = get_mbx_params,
  .impact = XI_NONE,
  .output_type = MAILBOX_TYPE,
  .examples = get_mbx_examples,
  .process = get_mbx_process,
  .state_size = sizeof(get_state),
};

static const xparam set_mbx_params[] = {
  {"Identity", &xt_mailbox_id, .mandatory = 1, .position = 1, .pipe = XP_VALUE | XP_PROPNAME, .help = ID_HELP},
  {"Name", &xt_string, .max_len = 64, .help = "A new name, unique in the mailbox's organizational unit."},
  {"DisplayName", &xt_string, .max_len = 256, .help = "The name shown in the address book."},
  {"Alias", &xt_alias, .help = "A new alias. While the e-mail address policy is on, the primary "
           "SMTP address becomes alias@" MAILBOX_DOMAIN " and the old one stays as a secondary address."},
  {"PrimarySmtpAddress", &xt_smtp_address, .help = "A new primary SMTP address; the old one "
           "stays as a secondary address. Turns the e-mail address policy off for the mailbox."},
  {"EmailAddresses", &xt_strings_mv,
   .help = "The proxy addresses: a list that replaces them, or @{Add=...; Remove=...}. SMTP:x is "
           "the primary address, smtp:x (or a bare address) a secondary one."},
  {"EmailAddressPolicyEnabled", &xt_bool_param, .help = "Whether the e-mail address policy sets the primary address."},
  {"IssueWarningQuota", &xt_unlimited_byte_size, .help = QUOTA_HELP("the user is warned")},
  {"ProhibitSendQuota", &xt_unlimited_byte_size, .help = QUOTA_HELP("the user can't send")},
  {"ProhibitSendReceiveQuota", &xt_unlimited_byte_size, .help = QUOTA_HELP("the mailbox can't send or receive")},
  {"UseDatabaseQuotaDefaults", &xt_bool_param,
   .help = "$true (the default) to use the database's quotas (1.9 GB, 2 GB, 2.3 GB), $false for the mailbox's own."},
  {"HiddenFromAddressListsEnabled", &xt_bool_param, .help = "$true hides the mailbox from address lists."},
  {"DomainController", &xt_fqdn, .help = DC_HELP},
  {0},
};
static const char *const set_mbx_examples[] = {
  "Set-Mailbox ayla -ProhibitSendQuota 2GB -UseDatabaseQuotaDefaults $false",
  "Gives one mailbox its own prohibit-send quota.",
  "Set-Mailbox ayla -EmailAddresses @{Add='ayla.kol@contoso.com'}", "Adds a secondary address.",
  NULL,
};
const xcmdlet xc_set_mailbox = {
  .name = "Set-Mailbox",
  .class_name = MBX_CLASS "SetMailbox",
  .synopsis = "Changes a mailbox's names, addresses, quotas and visibility.",
  .params = set_mbx_params,
  .impact = XI_MEDIUM,
  .examples = set_mbx_examples,
  .process = set_mbx_process,
};

static const xparam remove_mbx_params[] = {
  {"Identity", &xt_mailbox_id, .mandatory = 1, .position = 1, .pipe = XP_VALUE | XP_PROPNAME, .help = ID_HELP},
  {"Permanent", &xt_bool_param, .help = "$true to purge the mailbox from the database at once. exsh "
           "removes the content either way."},
  {"DomainController", &xt_fqdn, .help = DC_HELP},
  {0},
};
static const char *const remove_mbx_examples[] = {
  "Remove-Mailbox ayla", "Removes the user account and its mailbox after asking.",
  "Get-Mailbox test* | Remove-Mailbox -Confirm:$false", "Removes several without asking.",
  NULL,
};
const xcmdlet xc_remove_mailbox = {
  .name = "Remove-Mailbox",
  .class_name = MBX_CLASS "RemoveMailbox",
  .synopsis = "Removes a user account and its mailbox, content included.",
  .params = remove_mbx_params,
  .impact = XI_HIGH,
  .examples = remove_mbx_examples,
  .process = remove_mbx_process,
};

static const char *const get_stats_sets[] = {"Identity", "Database", NULL};
static const xparam get_stats_params[] = {
  {"Identity", &xt_mailbox_id, .sets = 1, .mandatory = 1, .position = 1, .pipe = XP_VALUE | XP_PROPNAME,
   .help = ID_HELP},
  {"Database", &xt_string, .sets = 2, .mandatory = 2, .help = "Every mailbox of this database."},
  {"DomainController", &xt_fqdn, .help = DC_HELP},
  {0},
};
static const char *const get_stats_examples[] = {
  "Get-MailboxStatistics ayla", "Shows the item count and quota status of one mailbox.",
  "Get-Mailbox | Get-MailboxStatistics | Format-List DisplayName, TotalItemSize",
  "Shows every mailbox's size in Exchange's format, such as 1.234 MB (1,294,336 bytes).",
  NULL,
};
const xcmdlet xc_get_mailboxstatistics = {
  .name = "Get-MailboxStatistics",
  .class_name = "Microsoft.Exchange.Management.MapiTasks.GetMailboxStatistics",
  .synopsis = "Gets a mailbox's item count, total size and quota status.",
  .sets = get_stats_sets,
  .params = get_stats_params,
  .impact = XI_NONE,
  .output_type = STATS_TYPE,
  .examples = get_stats_examples,
  .process = get_stats_process,
};

static const xparam get_fstats_params[] = {
  {"Identity", &xt_mailbox_id, .mandatory = 1, .position = 1, .pipe = XP_VALUE | XP_PROPNAME, .help = ID_HELP},
  {"FolderScope", &xt_folder_scope,
   .help = "Only one well-known folder and its subfolders (Inbox, SentItems, Calendar, ...); All by default."},
  {"DomainController", &xt_fqdn, .help = DC_HELP},
  {0},
};
static const char *const get_fstats_examples[] = {
  "Get-MailboxFolderStatistics ayla", "Lists every folder with its item count and size.",
  "Get-MailboxFolderStatistics ayla -FolderScope Inbox | Format-Table Name, ItemsInFolder, FolderSize",
  "Shows the Inbox and its subfolders.",
  NULL,
};
const xcmdlet xc_get_mailboxfolderstatistics = {
  .name = "Get-MailboxFolderStatistics",
  .class_name = "Microsoft.Exchange.Management.Tasks.GetMailboxFolderStatistics",
  .synopsis = "Gets the folders of a mailbox with their item counts and sizes.",
  .params = get_fstats_params,
  .impact = XI_NONE,
  .output_type = FSTATS_TYPE,
  .examples = get_fstats_examples,
  .process = get_fstats_process,
};

void mailbox_module_init(void) {
  static const char *const mbx_cols[] = {"Name", "Alias", "ServerName", "ProhibitSendQuota", NULL};
  static const char *const stats_cols[] = {"DisplayName", "ItemCount", "StorageLimitStatus", "LastLogonTime", NULL};
  exsh_register_view(MAILBOX_TYPE, XVIEW_TABLE, mbx_cols);
  exsh_register_view(STATS_TYPE, XVIEW_TABLE, stats_cols);
}
