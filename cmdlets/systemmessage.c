/* systemmessage.c — New/Get/Set/Remove-SystemMessage: the custom NDR (DSN) and quota texts
 * an organisation sets, kept in the store's "systemmessages" collection under their
 * canonical identity (`en\internal\5.1.1`, `en\WarningMailbox`). Owns SystemMessageIdParameter
 * (xt_sysmsg_id), the 48 supported locales and their LCIDs, text validation and the
 * SystemMessage object; the built-in texts are in dsn_texts.c, persistence in store/.
 * Entries: the four xcmdlet tables and sysmsg_module_init(). */
#include <ctype.h>
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
#include "dsn_texts.h"
#include "systemmessage.h"
#include "types.h"      /* xt_status_code, xt_dsn_culture, xt_fqdn, xt_bool_param */

#define SYSMSG_COLL "systemmessages"
/* The domain controller exsh stands in for when -DomainController is not given. It is named
 * in not-found and already-exists errors, as Exchange names the DC it asked. */
#define SYSMSG_DEFAULT_DC EXCH_DEFAULT_DC
#define SYSMSG_CONTAINER "CN=Dsn Customization,CN=Transport Settings,CN=First Organization," \
  "CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com"
#define SYSMSG_NULL_GUID "00000000-0000-0000-0000-000000000000"

/* ==========================================================================================
 * System message model
 * ========================================================================================== */

/* Exchange 2010's "Supported Locales for Use with System Messages", with .NET's names and
 * LCIDs: neutral cultures where the list names a language only; its "PT (Brazil)" is pt-BR,
 * as types.c spells it (test_systemmessage.c checks the two lists agree). */
const sysmsg_locale sysmsg_locales[] = {
  {"ar", 1},      {"eu", 45},     {"bg", 2},      {"ca", 3},      {"zh-CHS", 4},
  {"zh-CHT", 31748}, {"hr", 26},  {"cs", 5},      {"da", 6},      {"nl", 19},
  {"en", 9},      {"et", 37},     {"fil", 100},   {"fi", 11},     {"fr", 12},
  {"gl", 86},     {"de", 7},      {"el", 8},      {"he", 13},     {"hi", 57},
  {"hu", 14},     {"is", 15},     {"id", 33},     {"it", 16},     {"ja", 17},
  {"kk", 63},     {"ko", 18},     {"lv", 38},     {"lt", 39},     {"ms", 62},
  {"nb", 31764},  {"fa", 41},     {"pl", 21},     {"pt-BR", 1046}, {"pt-PT", 2070},
  {"ro", 24},     {"ru", 25},     {"sr-SP-Cyrl", 3098}, {"sr-SP-Latn", 2074}, {"sk", 27},
  {"sl", 36},     {"es", 10},     {"sv", 29},     {"th", 30},     {"tr", 31},
  {"uk", 34},     {"ur", 32},     {"vi", 42},
  {NULL, 0},
};

const sysmsg_locale *sysmsg_locale_find(const char *name) {
  for (const sysmsg_locale *l = sysmsg_locales; name && l->name; l++)
    if (!strcasecmp(l->name, name)) return l;
  return NULL;
}

const sysmsg_locale *sysmsg_locale_by_lcid(int lcid) {
  for (const sysmsg_locale *l = sysmsg_locales; l->name; l++)
    if (l->lcid == lcid) return l;
  return NULL;
}

static bool whyf(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool whyf(char *why, size_t n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, n, fmt, ap);
  va_end(ap);
  return false;
}

static const char *quota_find(const char *name) {
  for (const char *const *q = dsn_quota_types; name && *q; q++)
    if (!strcasecmp(*q, name)) return *q;
  return NULL;
}

bool sysmsg_code_valid(const char *s) {
  if (!s || (s[0] != '2' && s[0] != '4' && s[0] != '5') || s[1] != '.') return false;
  s += 2;
  for (int group = 0; group < 2; group++) {
    int digits = 0;
    while (*s >= '0' && *s <= '9') s++, digits++;
    if (digits < 1 || digits > 3) return false;
    if (group == 0 && *s++ != '.') return false;
  }
  return *s == '\0';
}

/* A culture name as .NET spells it: the language lower case, a 2-letter region upper case,
 * a 4-letter script title case ("SR-sp-cyrl" -> "sr-SP-Cyrl"). False on bad syntax. */
static bool culture_canon(const char *s, char *out, size_t n) {
  const sysmsg_locale *l = sysmsg_locale_find(s);
  if (l) return (size_t)snprintf(out, n, "%s", l->name) < n;
  if (strlen(s) >= n) return false;
  size_t o = 0;
  for (int tag = 0;; tag++) {
    size_t k = strcspn(s, "-");
    if (k < 2 || k > (tag ? 8u : 3u)) return false;
    for (size_t j = 0; j < k; j++) {
      int ch = (unsigned char)s[j];
      if (tag ? !isalnum(ch) : !isalpha(ch)) return false;
      bool up = tag && (k == 2 || (k == 4 && j == 0));
      out[o++] = (char)(up ? toupper(ch) : tag && k != 4 ? ch : tolower(ch));
    }
    if (!s[k]) break;
    out[o++] = '-';
    s += k + 1;
  }
  out[o] = '\0';
  return true;
}


/* Language\QuotaType (np 2) or Language\Internal|External\Code (np 3). */
static bool parts_parse(char *const *part, int np, sysmsg_id *id, char *why, size_t n) {
  if (!culture_canon(part[0], id->lang, sizeof id->lang))
    return whyf(why, n, "\"%s\" isn't a culture name", part[0]);
  const sysmsg_locale *l = sysmsg_locale_find(id->lang);
  id->lcid = l ? l->lcid : 0;
  if (np == 2) {
    id->quota = quota_find(part[1]);
    if (!id->quota) return whyf(why, n, "\"%s\" isn't a QuotaMessageType value", part[1]);
    id->kind = SYSMSG_QUOTA;
    return true;
  }
  if (!strcasecmp(part[1], "internal")) id->internal = true;
  else if (strcasecmp(part[1], "external"))
    return whyf(why, n, "the middle part must be Internal or External, not \"%s\"", part[1]);
  if (!sysmsg_code_valid(part[2]))
    return whyf(why, n, "\"%s\" isn't an enhanced status code of the form x.y.z, where x is 2, "
                "4 or 5", part[2]);
  snprintf(id->code, sizeof id->code, "%s", part[2]);
  id->kind = SYSMSG_DSN;
  return true;
}

/* CN=<code>,CN=<audience>,CN=<lcid>,CN=Dsn Customization,… or CN=<quota>,CN=<lcid>,CN=Dsn… */
static bool dn_parse(const char *s, sysmsg_id *id, char *why, size_t n) {
  char rdn[4][64], lang[32], *part[3];
  int nr = 0, at = 0;
  while (nr < 4) {
    while (*s == ' ') s++;
    if (strncasecmp(s, "CN=", 3)) break;
    size_t k = strcspn(s += 3, ",");
    if (k >= sizeof rdn[0]) break;
    memcpy(rdn[nr], s, k);
    rdn[nr++][k] = '\0';
    s += k + (s[k] == ',');
  }
  for (int i = 2; i < nr && !at; i++)
    if (!strcasecmp(rdn[i], "Dsn Customization")) at = i;
  char *end;
  long lcid = at ? strtol(rdn[at - 1], &end, 10) : 0;
  const sysmsg_locale *l = at && !*end ? sysmsg_locale_by_lcid((int)lcid) : NULL;
  if (!l || at > 3) return whyf(why, n, "it isn't the distinguished name of a system message");
  snprintf(lang, sizeof lang, "%s", l->name);
  part[0] = lang;
  part[1] = rdn[at == 3 ? 1 : 0];
  part[2] = rdn[0];
  return parts_parse(part, at, id, why, n);
}

/* 1 part: a GUID or a DN; 2: Language\QuotaType; 3: Language\Audience\Code. More parts,
 * or an empty part, is the wrong shape. */
bool sysmsg_id_parse(const char *s, sysmsg_id *id, char *why, size_t n) {
  char buf[256], *part[3], *bs;
  int np = 1;
  bool shape_ok = true;
  memset(id, 0, sizeof *id);
  if (strlen(s) >= sizeof buf) return whyf(why, n, "it is too long");
  part[0] = strcpy(buf, s);
  while (shape_ok && (bs = strchr(part[np - 1], '\\'))) {
    shape_ok = np < 3;
    *bs = '\0';
    if (shape_ok) part[np++] = bs + 1;
  }
  for (int i = 0; i < np; i++) shape_ok = shape_ok && *part[i];
  if (shape_ok && np == 1 && exch_guid_canon(s, id->guid)) return id->kind = SYSMSG_GUID, true;
  if (shape_ok && np == 1 && !strncasecmp(s, "CN=", 3)) return dn_parse(s, id, why, n);
  if (!shape_ok || np == 1)
    return whyf(why, n, "use Language\\QuotaMessageType, Language\\Internal|External\\DsnCode, "
                "a GUID or a distinguished name");
  return parts_parse(part, np, id, why, n);
}

void sysmsg_id_text(const sysmsg_id *id, char *buf, size_t n) {
  switch (id->kind) {
  case SYSMSG_DSN:
    snprintf(buf, n, "%s\\%s\\%s", id->lang, id->internal ? "internal" : "external", id->code);
    break;
  case SYSMSG_QUOTA: snprintf(buf, n, "%s\\%s", id->lang, id->quota); break;
  default: snprintf(buf, n, "%s", id->guid); break;
  }
}

size_t sysmsg_text_length(const char *t) {
  size_t units = 0;
  for (const unsigned char *p = (const unsigned char *)t; *p; p++)
    if ((*p & 0xC0) != 0x80) units += *p >= 0xF0 ? 2 : 1;  /* astral planes take a pair */
  return units;
}

/* The length of the allowed tag at p ('<'), or 0: <B> <EM> <P> <BR> <BR/> and their
 * closing tags, <A HREF="…"> with either quote or none, </A>. Blanks allowed before '>'. */
static size_t html_tag_len(const char *p) {
  const char *q = p + 1;
  bool close = *q == '/';
  q += close;
  size_t k = 0;
  while (isalpha((unsigned char)q[k])) k++;
  char name[4] = "";
  if (k == 0 || k > 2) return 0;
  memcpy(name, q, k);
  name[k] = '\0';
  q += k;
  if (!close && !strcasecmp(name, "A")) {
    while (*q == ' ') q++;
    if (q == p + 2 || strncasecmp(q, "HREF", 4)) return 0;
    for (q += 4; *q == ' '; q++) {}
    if (*q++ != '=') return 0;
    while (*q == ' ') q++;
    if (*q == '"' || *q == '\'') {
      const char *e = strchr(q + 1, *q);
      if (!e) return 0;
      q = e + 1;
    } else {
      q += strcspn(q, " >");
    }
  } else if (!strcasecmp(name, "BR") && !close) {
    while (*q == ' ') q++;
    q += *q == '/';
  } else if (strcasecmp(name, "B") && strcasecmp(name, "EM") && strcasecmp(name, "P") &&
             strcasecmp(name, "A")) {
    return 0;
  }
  while (*q == ' ') q++;
  return *q == '>' ? (size_t)(q + 1 - p) : 0;
}

bool sysmsg_text_check(const char *text, char *why, size_t n) {
  size_t len = sysmsg_text_length(text);
  if (len > SYSMSG_MAX_TEXT)
    return whyf(why, n, "The length of the property is too long. The maximum length is %d and the "
                "length of the value provided is %zu.", SYSMSG_MAX_TEXT, len);
  for (const char *p = strchr(text, '<'); p; p = strchr(p, '<')) {
    size_t k = html_tag_len(p);
    if (!k) {
      size_t show = strcspn(p, ">");
      show = p[show] ? show + 1 : show;
      return whyf(why, n, "The text contains \"%.*s\", which isn't an allowed HTML tag. Only <B>, "
                  "<EM>, <BR>, <P> and <A HREF=\"...\"> may be used; write a plain < as &lt;.",
                  (int)(show > 40 ? 40 : show), p);
    }
    p += k;
  }
  return true;
}

/* ---------------- SystemMessageIdParameter ---------------- */

/* Binds a string, or any object with an Identity (a piped SystemMessage), to the identity
 * text as given; the bodies parse it again. */
static int sysmsg_id_convert(const xtype *t, xv in, xv *out, xv *err) {
  char why[256];
  sysmsg_id id;
  xv s;
  if (in.kind == XV_OBJ && xv_has_b(in, "Identity")) {
    s = xv_to_str(xv_copy(xv_get_b(in, "Identity")));
  } else if (in.kind == XV_STR || in.kind == XV_INT || in.kind == XV_DBL) {
    s = xv_to_str(xv_copy(in));
  } else {
    xv shown = xv_to_str(xv_copy(in));
    *err = in.kind == XV_NULL ? xv_str("The argument is null.")
        : xv_strf("Cannot convert the \"%s\" value of type \"%s\" to type \"%s\".",
                  xv_str_b(shown), xv_typename_b(in), t->name);
    xv_free(shown);
    xv_free(in);
    return EXSH_ERR;
  }
  xv_free(in);
  if (!sysmsg_id_parse(xv_str_b(s), &id, why, sizeof why)) {
    *err = xv_strf("The identity \"%s\" isn't valid: %s.", xv_str_b(s), why);
    xv_free(s);
    return EXSH_ERR;
  }
  *out = s;
  return EXSH_OK;
}

const xtype xt_sysmsg_id = {
  "Microsoft.Exchange.Configuration.Tasks.SystemMessageIdParameter", sysmsg_id_convert, NULL, 0,
};
static const xtype xt_quota_type =
    XTYPE_ENUM("Microsoft.Exchange.Data.Directory.SystemConfiguration.QuotaMessageType",
               dsn_quota_types);



/* A store record (owned). stored: a new custom message (fresh GUID and times); otherwise a
 * built-in one for -Original (null GUID, no times). Fields: identity language lcid internal
 * code quota text name guid created changed. */
static xv sysmsg_record(const sysmsg_id *id, const char *text, bool stored) {
  char key[96], guid[40] = SYSMSG_NULL_GUID;
  bool dsn = id->kind == SYSMSG_DSN;
  sysmsg_id_text(id, key, sizeof key);
  if (stored) exch_new_guid(guid);
  xv r = xv_dict();
  r = xv_set(r, "identity", xv_str(key));
  r = xv_set(r, "language", xv_str(id->lang));
  r = xv_set(r, "lcid", xv_int(id->lcid));
  r = xv_set(r, "internal", xv_bool(!dsn || id->internal));
  r = xv_set(r, "code", dsn ? xv_str(id->code) : xv_null());
  r = xv_set(r, "quota", dsn ? xv_null() : xv_str(id->quota));
  r = xv_set(r, "text", xv_str(text));
  r = xv_set(r, "name", xv_str(dsn ? id->code : id->quota));
  r = xv_set(r, "guid", xv_str(guid));
  r = xv_set(r, "created", stored ? exch_iso_now() : xv_null());
  r = xv_set(r, "changed", stored ? exch_iso_now() : xv_null());
  return r;
}

static const char *rec_str(xv rec, const char *key) { return xv_str_b(xv_get_b(rec, key)); }


static xv rec_dn(xv rec) {
  const char *code = rec_str(rec, "code");
  long lcid = (long)xv_get_b(rec, "lcid").u.i;
  if (code)
    return xv_strf("CN=%s,CN=%s,CN=%ld," SYSMSG_CONTAINER, code,
                   xv_truthy(xv_copy(xv_get_b(rec, "internal"))) ? "internal" : "external", lcid);
  return xv_strf("CN=%s,CN=%ld," SYSMSG_CONTAINER, rec_str(rec, "quota"), lcid);
}

/* The SystemMessage object for a record (borrowed), in Exchange's property order. dc: the
 * originating server, NULL for built-in messages. */
static xv sysmsg_object(xv rec, const char *dc) {
  xv o = xv_obj(SYSMSG_TYPE);
  xv classes = xv_arr_push(xv_arr_push(xv_arr(), xv_str("top")), xv_str("msExchDSNMessage"));
  o = xv_set(o, "Text", xv_copy(xv_get_b(rec, "text")));
  o = xv_set(o, "Internal", xv_bool(xv_truthy(xv_copy(xv_get_b(rec, "internal")))));
  o = xv_set(o, "Language", xv_copy(xv_get_b(rec, "language")));
  o = xv_set(o, "DsnCode", xv_copy(xv_get_b(rec, "code")));
  o = xv_set(o, "QuotaMessageType", xv_copy(xv_get_b(rec, "quota")));
  o = xv_set(o, "AdminDisplayName", xv_null());
  o = xv_set(o, "ExchangeVersion", xv_str("0.1 (8.0.535.0)"));
  o = xv_set(o, "Name", xv_copy(xv_get_b(rec, "name")));
  o = xv_set(o, "DistinguishedName", rec_dn(rec));
  o = xv_set(o, "Identity", xv_copy(xv_get_b(rec, "identity")));
  o = xv_set(o, "Guid", xv_copy(xv_get_b(rec, "guid")));
  o = xv_set(o, "ObjectCategory", xv_str("contoso.com/Configuration/Schema/ms-Exch-DSN-Message"));
  o = xv_set(o, "ObjectClass", classes);
  o = xv_set(o, "WhenChanged", exch_when(xv_str_b(xv_get_b(rec, "changed")), false));
  o = xv_set(o, "WhenCreated", exch_when(xv_str_b(xv_get_b(rec, "created")), false));
  o = xv_set(o, "WhenChangedUTC", exch_when(xv_str_b(xv_get_b(rec, "changed")), true));
  o = xv_set(o, "WhenCreatedUTC", exch_when(xv_str_b(xv_get_b(rec, "created")), true));
  o = xv_set(o, "OrganizationId", xv_null());
  o = xv_set(o, "OriginatingServer", dc ? xv_str(dc) : xv_null());
  o = xv_set(o, "IsValid", xv_bool(true));
  return o;
}

/* Reads the record id names into *rec (owned): STORE_OK, STORE_NOTFOUND, or a failure
 * described in err. A GUID is found by scanning, as AD finds an objectGuid. */
static int sysmsg_find(store *s, const sysmsg_id *id, xv *rec, store_err *err) {
  char key[96];
  xv all;
  *rec = xv_null();
  if (id->kind != SYSMSG_GUID) {
    sysmsg_id_text(id, key, sizeof key);
    return store_get(s, SYSMSG_COLL, key, rec, err);
  }
  int rc = store_list(s, SYSMSG_COLL, &all, err);
  if (rc) {
    xv_free(all);
    return rc;
  }
  rc = STORE_NOTFOUND;
  for (uint32_t i = 0; i < xv_len_b(all) && rc; i++) {
    const char *g = rec_str(xv_arr_get_b(all, i), "guid");
    if (g && !strcasecmp(g, id->guid)) *rec = xv_copy(xv_arr_get_b(all, i)), rc = STORE_OK;
  }
  xv_free(all);
  return rc;
}

/* The built-in text for a stored message's code or quota type; NULL when the code has none.
 * A language without built-in texts falls back to English, as Exchange falls back to its
 * neutral resources, with a warning. */
static const char *sysmsg_original_text(xctx *c, xv rec) {
  const char *lang = rec_str(rec, "language"), *code = rec_str(rec, "code");
  if (code && !dsn_is_default_code(code)) return NULL;
  if (!dsn_has_lang(lang)) {
    xctx_warning(c, "exsh has no built-in system message texts in '%s'; the English text is used.",
                 lang);
    lang = "en";
  }
  return dsn_default_text(lang, code ? code : rec_str(rec, "quota"));
}

/* ==========================================================================================
 * System message cmdlets
 * ========================================================================================== */

enum { SET_DSN = 1, SET_QUOTA = 2 };        /* New-SystemMessage: set 0 Dsn, set 1 Quota */
enum { SET_IDENTITY = 1, SET_ORIGINAL = 2 }; /* Get-SystemMessage: set 0 Identity, set 1 Original */

static const char *sysmsg_dc(xctx *c) {
  const char *dc = xv_str_b(xctx_arg_b(c, "DomainController"));
  return dc ? dc : SYSMSG_DEFAULT_DC;
}

/* A bound argument as text in buf ("" when unbound). */
static const char *arg_text(xctx *c, const char *name, char *buf, size_t n) {
  xv v = xv_to_str(xv_copy(xctx_arg_b(c, name)));
  snprintf(buf, n, "%s", xv_str_b(v));
  xv_free(v);
  return buf;
}

static int sysmsg_not_found(xctx *c, const char *identity) {
  return xctx_error(c, XE_NotSpecified, "ManagementObjectNotFoundException", NULL, xv_int(0),
                    "The operation couldn't be performed because object '%s' couldn't be found "
                    "on '%s'.", identity, sysmsg_dc(c));
}

static int sysmsg_store_fail(xctx *c, const store_err *err) {
  bool io = err->code == STORE_IO;
  return xctx_fail(c, io ? XE_ResourceUnavailable : XE_InvalidData,
                   io ? "IOException" : "InvalidDataException", NULL, xv_null(), "%s", err->msg);
}

static int text_error(xctx *c, const char *why, const char *target) {
  return xctx_error(c, XE_InvalidArgument, "DataValidationException", NULL, xv_str(target), "%s",
                    why);
}

/* Finds the message the bound -Identity names: *rec owned, or NULL kind after the not-found
 * (or store) error was reported, whose status is returned. */
static int sysmsg_resolve(xctx *c, store *s, xv *rec) {
  char why[256];
  const char *raw = xv_str_b(xctx_arg_b(c, "Identity"));
  sysmsg_id id;
  store_err err;
  *rec = xv_null();
  if (!raw || !sysmsg_id_parse(raw, &id, why, sizeof why))  /* xt_sysmsg_id checked it */
    return xctx_fail(c, XE_InvalidArgument, "ArgumentException", NULL, xv_null(),
                     "The identity isn't valid.");
  int rc = sysmsg_find(s, &id, rec, &err);
  if (rc == STORE_NOTFOUND) return sysmsg_not_found(c, raw);
  return rc ? sysmsg_store_fail(c, &err) : EXSH_OK;
}


/* The identity New-SystemMessage's arguments name; false after reporting why not. */
static bool new_sysmsg_id(xctx *c, sysmsg_id *id, int *status) {
  char lang[64], code[64];
  const sysmsg_locale *l = sysmsg_locale_find(arg_text(c, "Language", lang, sizeof lang));
  memset(id, 0, sizeof *id);
  if (!l) {
    *status = xctx_error(c, XE_InvalidArgument, "DataValidationException", NULL, xv_str(lang),
                         "The language '%s' isn't supported for system messages. Use one of the "
                         "48 supported locales, such as en, de or sv.", lang);
    return false;
  }
  snprintf(id->lang, sizeof id->lang, "%s", l->name);
  id->lcid = l->lcid;
  if (xctx_set(c) == 1) {
    id->kind = SYSMSG_QUOTA;
    id->quota = quota_find(arg_text(c, "QuotaMessageType", code, sizeof code));
    if (!id->quota)  /* xt_quota_type bound it, so only a runtime bug lands here */
      *status = xctx_fail(c, XE_InvalidArgument, "ArgumentException", NULL, xv_str(code),
                          "\"%s\" isn't a QuotaMessageType value.", code);
    return id->quota != NULL;
  }
  arg_text(c, "DsnCode", code, sizeof code);
  if (!sysmsg_code_valid(code) || code[0] == '2') {
    *status = xctx_error(c, XE_InvalidArgument, "DataValidationException", NULL, xv_str(code),
                         "The DSN code %s can't be customized. Use a code of the form 4.x.y or "
                         "5.x.y, where x and y have one to three digits.", code);
    return false;
  }
  id->kind = SYSMSG_DSN;
  id->internal = xv_truthy(xv_copy(xctx_arg_b(c, "Internal")));
  snprintf(id->code, sizeof id->code, "%.15s", code);
  return true;
}

/* New-SystemMessage -DsnCode <code> -Internal <bool> -Language <culture> -Text <string>
 * New-SystemMessage -QuotaMessageType <type> -Language <culture> -Text <string> */
static int new_sysmsg_process(xctx *c) {
  char why[320], key[96];
  const char *text = xv_str_b(xctx_arg_b(c, "Text"));
  sysmsg_id id;
  store_err err;
  int status = EXSH_OK, go;
  if (!new_sysmsg_id(c, &id, &status)) return status;
  sysmsg_id_text(&id, key, sizeof key);
  if (!text) text = "";
  if (!sysmsg_text_check(text, why, sizeof why)) return text_error(c, why, key);
  if (id.kind == SYSMSG_DSN)
    go = xctx_should_process(c, "Creating system message for DSN code \"%s\", internal \"%s\", "
                             "language \"%s\", text \"%s\".", id.code,
                             id.internal ? "True" : "False", id.lang, text);
  else
    go = xctx_should_process(c, "Creating system message for quota message type \"%s\", "
                             "language \"%s\", text \"%s\".", id.quota, id.lang, text);
  if (go <= 0) return exch_should_status(go);
  store *s = xctx_store(c);
  if (!s) return EXSH_ERR;
  xv rec = sysmsg_record(&id, text, true);
  int rc = store_put(s, SYSMSG_COLL, key, xv_copy(rec), STORE_CREATE, &err);
  if (rc == STORE_EXISTS) {
    xv dn = rec_dn(rec);
    status = xctx_error(c, XE_NotSpecified, "ADObjectAlreadyExistsException", NULL, xv_int(0),
                        "Active Directory operation failed on %s. The object '%s' already exists.",
                        sysmsg_dc(c), xv_str_b(dn));
    xv_free(dn);
  } else if (rc) {
    status = sysmsg_store_fail(c, &err);
  } else {
    status = xctx_emit(c, sysmsg_object(rec, sysmsg_dc(c)));
  }
  xv_free(rec);
  return status;
}

/* Get-SystemMessage -Original: the built-in texts, per language codes then quota types. */
static int get_sysmsg_original(xctx *c) {
  int status = EXSH_OK;
  for (const char *const *lang = dsn_text_langs; *lang && status == EXSH_OK; lang++) {
    sysmsg_id id = {.kind = SYSMSG_DSN, .internal = true};
    const sysmsg_locale *l = sysmsg_locale_find(*lang);
    snprintf(id.lang, sizeof id.lang, "%s", l->name);
    id.lcid = l->lcid;
    for (const char *const *code = dsn_default_codes; *code && status == EXSH_OK; code++) {
      snprintf(id.code, sizeof id.code, "%s", *code);
      xv rec = sysmsg_record(&id, dsn_default_text(*lang, *code), false);
      status = xctx_emit(c, sysmsg_object(rec, NULL));
      xv_free(rec);
    }
    id.kind = SYSMSG_QUOTA;
    for (const char *const *q = dsn_quota_types; *q && status == EXSH_OK; q++) {
      id.quota = *q;
      xv rec = sysmsg_record(&id, dsn_default_text(*lang, *q), false);
      status = xctx_emit(c, sysmsg_object(rec, NULL));
      xv_free(rec);
    }
  }
  return status;
}

/* Get-SystemMessage [[-Identity] <SystemMessageIdParameter>] [-DomainController <Fqdn>]
 * Get-SystemMessage -Original [-DomainController <Fqdn>] */
static int get_sysmsg_process(xctx *c) {
  store_err err;
  xv rec, all;
  int status = EXSH_OK;
  if (xctx_switch(c, "Original")) return get_sysmsg_original(c);   /* -Original:$false lists the custom ones */
  store *s = xctx_store(c);
  if (!s) return EXSH_ERR;
  if (xctx_has(c, "Identity")) {
    status = sysmsg_resolve(c, s, &rec);
    if (rec.kind == XV_NULL) return status;
    status = xctx_emit(c, sysmsg_object(rec, sysmsg_dc(c)));
    xv_free(rec);
    return status;
  }
  int rc = store_list(s, SYSMSG_COLL, &all, &err);
  if (rc) status = rc == STORE_NOTFOUND ? EXSH_OK : sysmsg_store_fail(c, &err);
  for (uint32_t i = 0; i < xv_len_b(all) && status == EXSH_OK; i++)
    status = xctx_emit(c, sysmsg_object(xv_arr_get_b(all, i), sysmsg_dc(c)));
  xv_free(all);
  return status;
}

/* True when some field of fields differs from rec (case-sensitive for text). */
static bool sysmsg_changes(xv rec, xv fields) {
  for (uint32_t i = 0; i < xv_len_b(fields); i++)
    if (!xv_eq_b(xv_val_b(fields, i), xv_get_b(rec, xv_key_b(fields, i)), false)) return true;
  return false;
}

/* Set-SystemMessage [-Identity] <SystemMessageIdParameter> [-Text <String>] [-Name <String>]
 *   [-Original] [-DomainController <Fqdn>] */
static int set_sysmsg_process(xctx *c) {
  char why[320];
  store_err err;
  xv rec, fields = xv_dict();
  store *s = xctx_store(c);
  if (!s) { xv_free(fields); return EXSH_ERR; }
  int status = sysmsg_resolve(c, s, &rec), go, rc;
  if (rec.kind == XV_NULL) { xv_free(fields); return status; }
  const char *key = rec_str(rec, "identity"), *text = xv_str_b(xctx_arg_b(c, "Text"));
  if (xctx_switch(c, "Original")) {   /* applied last in Exchange, so it wins over -Text */
    text = sysmsg_original_text(c, rec);
    if (!text) {
      status = xctx_error(c, XE_InvalidOperation, "CodeNotADefaultException", NULL, xv_str(key),
                          "The DSN code %s has no built-in text, so -Original can't be used "
                          "with it.", rec_str(rec, "code"));
      goto done;
    }
  }
  if (text && !sysmsg_text_check(text, why, sizeof why)) {
    status = text_error(c, why, key);
    goto done;
  }
  if (text) fields = xv_set(fields, "text", xv_str(text));
  if (xctx_has(c, "Name")) fields = xv_set(fields, "name", xv_copy(xctx_arg_b(c, "Name")));
  go = xctx_should_process(c, "Setting system message \"%s\".", key);
  if (go <= 0) { status = exch_should_status(go); goto done; }
  if (!sysmsg_changes(rec, fields)) {
    xctx_warning(c, "The command completed successfully but no settings of '%s' have been "
                 "modified.", key);
    goto done;
  }
  fields = xv_set(fields, "changed", exch_iso_now());
  rc = store_update(s, SYSMSG_COLL, key, fields, false, &err);
  fields = xv_null();
  if (rc == STORE_NOTFOUND) status = sysmsg_not_found(c, key);
  else if (rc) status = sysmsg_store_fail(c, &err);
done:
  xv_free(fields);
  xv_free(rec);
  return status;
}

/* Remove-SystemMessage [-Identity] <SystemMessageIdParameter> [-DomainController <Fqdn>] */
static int remove_sysmsg_process(xctx *c) {
  store_err err;
  xv rec;
  store *s = xctx_store(c);
  if (!s) return EXSH_ERR;
  int status = sysmsg_resolve(c, s, &rec), go, rc;
  if (rec.kind == XV_NULL) return status;
  const char *key = rec_str(rec, "identity");
  go = xctx_should_process(c, "Removing system message \"%s\".", key);
  if (go <= 0) {
    status = exch_should_status(go);
  } else if ((rc = store_delete(s, SYSMSG_COLL, key, &err)) == STORE_NOTFOUND) {
    status = sysmsg_not_found(c, key);
  } else if (rc) {
    status = sysmsg_store_fail(c, &err);
  }
  xv_free(rec);
  return status;
}

/* ---------------- tables ---------------- */

#define DC_HELP "The fully qualified domain name of the domain controller to read from or write " \
  "to, for example dc01.contoso.com. Errors name it; when it is left out, exsh names " \
  SYSMSG_DEFAULT_DC "."
#define ID_HELP "The message to act on: Language\\Internal\\DsnCode or " \
  "Language\\External\\DsnCode for an NDR text (en\\internal\\5.1.1), Language\\QuotaMessageType for a quota text " \
  "(en\\WarningMailbox), or the message's GUID or distinguished name. Case doesn't matter. " \
  "Accepts a SystemMessage object from the pipeline."
#define TEXT_HELP "The text to show, at most 512 characters including HTML tags. Only <B>, <EM>, " \
  "<BR>, <P> and <A HREF=\"url\"> tags are allowed; write <, >, \" and & as &lt;, &gt;, &quot; " \
  "and &amp;. Single-quote a value that contains double quotes."

static const char *const new_sysmsg_sets[] = {"Dsn", "Quota", NULL};
static const xparam new_sysmsg_params[] = {
  {"DsnCode", &xt_status_code, .sets = SET_DSN, .mandatory = SET_DSN,
   .help = "The enhanced status code of the NDR whose text you write: 4.x.y or 5.x.y, where x "
           "and y have one to three digits. Any code in those ranges may be customized, not only "
           "the default ones that Get-SystemMessage -Original lists."},
  {"Internal", &xt_bool_param, .sets = SET_DSN, .mandatory = SET_DSN,
   .help = "$true to write the text internal senders see, $false for external senders."},
  {"QuotaMessageType", &xt_quota_type, .sets = SET_QUOTA, .mandatory = SET_QUOTA,
   .help = "The mailbox or public folder quota event whose message you write, such as "
           "WarningMailbox or ProhibitSendReceiveMailBox."},
  {"Language", &xt_dsn_culture, .mandatory = SET_DSN | SET_QUOTA,
   .help = "The language of the text, one of the 48 locales supported for system messages "
           "(for example en, de, ja, pt-PT or sv). A neutral language such as en is a different "
           "message from a specific culture such as en-US."},
  {"Text", &xt_string, .mandatory = SET_DSN | SET_QUOTA, .max_len = SYSMSG_MAX_TEXT,
   .help = TEXT_HELP},
  {"DomainController", &xt_fqdn, .help = DC_HELP},
  {0},
};
static const char *const new_sysmsg_examples[] = {
  "New-SystemMessage -DsnCode 5.1.1 -Internal $true -Language en -Text 'No mailbox has that "
  "address. Call the help desk at extension 4040.'",
  "Writes the text that internal senders see in an NDR with code 5.1.1, in English.",
  "New-SystemMessage -QuotaMessageType ProhibitSendMailbox -Language en -Text '<B>Your mailbox "
  "is full.</B> Archive old mail to send again.'",
  "Writes the English message users get when their mailbox passes its prohibit-send limit.",
  NULL,
};
const xcmdlet xc_new_systemmessage = {
  .name = "New-SystemMessage",
  .class_name = "Microsoft.Exchange.Management.Dsn.NewSystemMessage",
  .synopsis = "Creates a custom NDR (DSN) or quota message text in one language.",
  .sets = new_sysmsg_sets,
  .default_set = 0,
  .params = new_sysmsg_params,
  .impact = XI_LOW,
  .output_type = SYSMSG_TYPE,
  .examples = new_sysmsg_examples,
  .process = new_sysmsg_process,
};

static const char *const get_sysmsg_sets[] = {"Identity", "Original", NULL};
static const xparam get_sysmsg_params[] = {
  {"Identity", &xt_sysmsg_id, .sets = SET_IDENTITY, .position = 1, .pipe = XP_VALUE | XP_PROPNAME,
   .help = ID_HELP " Without it, every custom message is listed."},
  {"Original", &xt_switch, .sets = SET_ORIGINAL, .mandatory = SET_ORIGINAL,
   .help = "Lists the built-in texts instead of the custom ones: for each language, every "
           "default DSN code (internal senders) and every quota message type."},
  {"DomainController", &xt_fqdn, .help = DC_HELP},
  {0},
};
static const char *const get_sysmsg_examples[] = {
  "Get-SystemMessage", "Lists every custom system message.",
  "Get-SystemMessage en\\internal\\5.1.1 | Format-List", "Shows every property of one message.",
  "Get-SystemMessage -Original | Where-Object { $_.Language -eq 'sv' }",
  "Lists the built-in Swedish texts.",
  NULL,
};
const xcmdlet xc_get_systemmessage = {
  .name = "Get-SystemMessage",
  .class_name = "Microsoft.Exchange.Management.Dsn.GetSystemMessage",
  .synopsis = "Gets the custom NDR and quota message texts, or the built-in ones.",
  .sets = get_sysmsg_sets,
  .default_set = 0,
  .params = get_sysmsg_params,
  .impact = XI_NONE,
  .output_type = SYSMSG_TYPE,
  .examples = get_sysmsg_examples,
  .process = get_sysmsg_process,
};

static const xparam set_sysmsg_params[] = {
  {"Identity", &xt_sysmsg_id, .mandatory = 1, .position = 1, .pipe = XP_VALUE | XP_PROPNAME,
   .help = ID_HELP},
  {"Text", &xt_string, .max_len = SYSMSG_MAX_TEXT, .help = TEXT_HELP},
  {"Name", &xt_string, .max_len = 64,
   .help = "A descriptive name for the message, at most 64 characters. It doesn't change the "
           "identity."},
  {"Original", &xt_switch,
   .help = "Replaces the custom text with the built-in text for the message's code or quota "
           "type, keeping the custom message. It wins over -Text. Fails for a DSN code that "
           "has no built-in text."},
  {"DomainController", &xt_fqdn, .help = DC_HELP},
  {0},
};
static const char *const set_sysmsg_examples[] = {
  "Set-SystemMessage en\\internal\\5.1.1 -Text 'No mailbox has that address. Check it and send "
  "again.'",
  "Changes the text of one custom message.",
  "Set-SystemMessage en\\internal\\5.1.1 -Original",
  "Puts the built-in text back while keeping the custom message.",
  NULL,
};
const xcmdlet xc_set_systemmessage = {
  .name = "Set-SystemMessage",
  .class_name = "Microsoft.Exchange.Management.Dsn.SetSystemMessage",
  .synopsis = "Changes the text or name of a custom NDR or quota message.",
  .params = set_sysmsg_params,
  .impact = XI_LOW,
  .examples = set_sysmsg_examples,
  .process = set_sysmsg_process,
};

static const xparam remove_sysmsg_params[] = {
  {"Identity", &xt_sysmsg_id, .mandatory = 1, .position = 1, .pipe = XP_VALUE | XP_PROPNAME,
   .help = ID_HELP},
  {"DomainController", &xt_fqdn, .help = DC_HELP},
  {0},
};
static const char *const remove_sysmsg_examples[] = {
  "Remove-SystemMessage en\\internal\\5.1.1",
  "Removes one custom message after asking; its NDRs use the built-in text again.",
  "Get-SystemMessage | Remove-SystemMessage -Confirm:$false",
  "Removes every custom message without asking.",
  NULL,
};
const xcmdlet xc_remove_systemmessage = {
  .name = "Remove-SystemMessage",
  .class_name = "Microsoft.Exchange.Management.Dsn.RemoveSystemMessage",
  .synopsis = "Removes a custom NDR or quota message, so the built-in text is used again.",
  .params = remove_sysmsg_params,
  .impact = XI_HIGH,
  .examples = remove_sysmsg_examples,
  .process = remove_sysmsg_process,
};

void sysmsg_module_init(void) {
  static const char *const columns[] = {"Identity", "Text", NULL};
  exsh_register_view(SYSMSG_TYPE, XVIEW_TABLE, columns);
}
