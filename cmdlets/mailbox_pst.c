/* mailbox_pst.c — Import-Mailbox and Export-Mailbox (Exchange 2007 SP1 – 2010 RTM): copy
 * mailbox content from and to Outlook .pst files, or into another mailbox, through one set of
 * filters (dates, keywords, attachment names, folders), duplicate detection and BadItemLimit.
 * Owns the filters, the per-mailbox run (progress bar, result object, report file) and the two
 * cmdlet tables; reading .pst is pst_read.c's, writing it pst_write.c's, mailboxes and their
 * content mailbox.c's and store/mailstore.c's. Entries: xc_import_mailbox, xc_export_mailbox,
 * mailbox_pst_module_init(). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "exsh.h"
#include "mailbox_pst.h"
#include "pst_read.h"
#include "systemmessage.h"   /* sysmsg_locale_find: culture names and LCIDs */
#include "types.h"      /* xt_culture, xt_fqdn, types_int32_convert */

#define MPST_RESULT_TYPE "Microsoft.Exchange.Management.RecipientTasks.MoveMailboxResult"
#define MPST_E_FAIL (-2147467259)           /* 0x80004005, the StatusCode of a failed mailbox */

/* ==========================================================================================
 * Parameter types
 * ========================================================================================== */

/* bind.c words the whole message ("Cannot bind parameter 'X'. Cannot convert value ...
 * Error: "<why>""); a type gives the reason only. */
static int type_fail(xv in, xv *err, const char *why) {
  xv_free(in);
  *err = xv_str(why);
  return EXSH_ERR;
}

/* DateTime: ISO "2001-05-14[ |T]10:30[:00][Z]" or US "5/14/2001[ 10:30[:00][ AM|PM]]",
 * local time unless it ends in Z; the value is INT Unix seconds. */
static bool date_parse(const char *s, int64_t *out) {
  struct tm tm = {0};
  int y, mo, d, h = 0, mi = 0, sec = 0, n = 0, k = 0;
  char ampm[3] = "";
  while (isspace((unsigned char)*s)) s++;
  if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3) {
  } else if (sscanf(s, "%2d/%2d/%4d%n", &mo, &d, &y, &n) == 3) {
  } else {
    return false;
  }
  s += n;
  if (*s == 'T' || *s == ' ') {
    if (sscanf(s + 1, "%2d:%2d%n", &h, &mi, &k) == 2) {
      s += 1 + k;
      if (sscanf(s, ":%2d%n", &sec, &k) == 1) s += k;
      if (sscanf(s, " %2[AaPp]%*[Mm]%n", ampm, &k) == 1 && k) {
        s += k;
        if (h < 1 || h > 12) return false;
        h = h % 12 + (tolower((unsigned char)ampm[0]) == 'p' ? 12 : 0);
      }
    }
  }
  bool utc = *s == 'Z' || *s == 'z';
  s += utc;
  while (isspace((unsigned char)*s)) s++;
  if (*s || y < 1601 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59)
    return false;
  tm.tm_year = y - 1900, tm.tm_mon = mo - 1, tm.tm_mday = d;
  tm.tm_hour = h, tm.tm_min = mi, tm.tm_sec = sec, tm.tm_isdst = -1;
  time_t t = utc ? timegm(&tm) : mktime(&tm);
  if (tm.tm_mday != d) return false;          /* 2/30 normalised into March */
  *out = (int64_t)t;
  return true;
}

static int datetime_convert(const xtype *t, xv in, xv *out, xv *err) {
  int64_t v;
  if (in.kind == XV_STR && date_parse(xv_str_b(in), &v)) {
    xv_free(in);
    *out = xv_int(v);
    return EXSH_OK;
  }
  (void)t;
  return type_fail(in, err, "String was not recognized as a valid DateTime.");
}
static const xtype xt_datetime = {"System.DateTime", datetime_convert, NULL, 0};

/* MapiFolderPath[]: each "\Folder[\Sub]" (a missing leading \ is added, a trailing one
 * dropped); ARR of STR. */
static int folder_paths_convert(const xtype *t, xv in, xv *out, xv *err) {
  xv src = in.kind == XV_ARR ? in : xv_arr_push(xv_arr(), in), arr = xv_arr();
  for (uint32_t i = 0; i < xv_len_b(src); i++) {
    xv s = xv_to_str(xv_copy(xv_arr_get_b(src, i)));
    const char *p = xv_str_b(s);
    size_t len = strlen(p);
    while (len > 1 && p[len - 1] == '\\') len--;
    if (!len || strstr(p, "\\\\")) {
      xv_free(arr);
      xv_free(src);
      (void)t;
      return type_fail(s, err, "A MAPI folder path looks like \\Inbox or \\Inbox\\Projects.");
    }
    arr = xv_arr_push(arr, p[0] == '\\' ? xv_strn(p, len) : xv_strf("\\%.*s", (int)len, p));
    xv_free(s);
  }
  xv_free(src);
  *out = arr;
  return EXSH_OK;
}
static const xtype xt_folder_paths = {
  "Microsoft.Exchange.Data.Mapi.MapiFolderPath[]", folder_paths_convert, NULL, XTF_ARRAY,
};
static const xtype_range xt_nonneg_int =
    XTYPE_RANGE("System.Int32", types_int32_convert, 0, 2147483647, 0);

/* ==========================================================================================
 * Filters: one filter set, built from the bound arguments, judges folders and messages
 * ========================================================================================== */

typedef struct mfilter {
  bool has_start, has_end;
  int64_t start, end;                   /* Unix seconds */
  xv subject, content, all, sender, recipient, attach;  /* borrowed ARR of STR, or NULL kind */
  xv include, exclude;                  /* borrowed ARR of folder paths, or NULL kind */
  int lang;                             /* -Locale's primary language id (LCID & 0x3FF); 0: none */
} mfilter;

/* The primary language id of a culture name ("en-US" -> 9), from the LCIDs exsh knows; 0 when
 * unknown. */
static int culture_lang(const char *name) {
  char lang[16];
  const sysmsg_locale *l = name ? sysmsg_locale_find(name) : NULL;
  if (!l && name) {
    snprintf(lang, sizeof lang, "%.*s", (int)strcspn(name, "-"), name);
    l = sysmsg_locale_find(lang);
  }
  return l ? l->lcid & 0x3FF : 0;
}

static xv arr_arg(xctx *c, const char *name) {
  xv v = xctx_arg_b(c, name);
  return v.kind == XV_ARR && xv_len_b(v) ? v : xv_null();
}

static void filter_init(xctx *c, mfilter *f) {
  memset(f, 0, sizeof *f);
  if ((f->has_start = xctx_has(c, "StartDate"))) f->start = xctx_arg_b(c, "StartDate").u.i;
  if ((f->has_end = xctx_has(c, "EndDate"))) f->end = xctx_arg_b(c, "EndDate").u.i;
  f->subject = arr_arg(c, "SubjectKeywords");
  f->content = arr_arg(c, "ContentKeywords");
  f->all = arr_arg(c, "AllContentKeywords");
  f->sender = arr_arg(c, "SenderKeywords");
  f->recipient = arr_arg(c, "RecipientKeywords");
  f->attach = arr_arg(c, "AttachmentFilenames");
  f->include = arr_arg(c, "IncludeFolders");
  f->exclude = arr_arg(c, "ExcludeFolders");
  f->lang = culture_lang(xv_str_b(xctx_arg_b(c, "Locale")));
}

/* path is the folder entry or one of its subfolders (case-insensitive, literal). */
static bool path_under(const char *path, const char *entry) {
  size_t n = strlen(entry);
  if (!strcmp(entry, "\\")) return true;
  return !strncasecmp(path, entry, n) && (path[n] == '\0' || path[n] == '\\');
}

static bool path_in(const char *path, xv list) {
  for (uint32_t i = 0; i < xv_len_b(list); i++)
    if (path_under(path, xv_str_b(xv_arr_get_b(list, i)))) return true;
  return false;
}

/* Whether a source folder's messages are copied: in IncludeFolders (when given; a folder
 * includes its subfolders) and not in ExcludeFolders. */
static bool filter_folder(const mfilter *f, const char *path) {
  if (f->include.kind == XV_ARR && !path_in(path, f->include)) return false;
  return !(f->exclude.kind == XV_ARR && path_in(path, f->exclude));
}

static bool has_ci(const char *hay, size_t n, const char *needle) {
  size_t k = strlen(needle);
  if (!hay || !k) return !k;
  for (size_t i = 0; i + k <= n; i++)
    if (!strncasecmp(hay + i, needle, k)) return true;
  return false;
}

static bool field_has(xv m, const char *key, const char *needle) {
  xv v = xv_get_b(m, key);
  return v.kind == XV_STR && has_ci(xv_str_b(v), xv_strlen_b(v), needle);
}

static bool body_has(xv m, const char *kw) {
  if (field_has(m, "Body", kw) || field_has(m, "BodyHtml", kw)) return true;
  xv atts = xv_get_b(m, "Attachments");
  for (uint32_t i = 0; i < xv_len_b(atts); i++) {
    xv a = xv_arr_get_b(atts, i);
    if (field_has(a, "Data", kw)) return true;
    if (xv_get_b(a, "Message").kind == XV_DICT && body_has(xv_get_b(a, "Message"), kw)) return true;
  }
  return false;
}

static bool sender_has(xv m, const char *kw) {
  return field_has(m, "SenderName", kw) || field_has(m, "SenderEmail", kw);
}

static bool recipient_has(xv m, const char *kw) {
  xv rs = xv_get_b(m, "Recipients");
  if (field_has(m, "DisplayTo", kw) || field_has(m, "DisplayCc", kw)) return true;
  for (uint32_t i = 0; i < xv_len_b(rs); i++)
    if (field_has(xv_arr_get_b(rs, i), "Name", kw) || field_has(xv_arr_get_b(rs, i), "Email", kw))
      return true;
  return false;
}

static bool subject_has(xv m, const char *kw) { return field_has(m, "Subject", kw); }
static bool all_has(xv m, const char *kw) { return subject_has(m, kw) || body_has(m, kw); }

static bool attach_name_has(xv m, const char *pattern) {
  xv atts = xv_get_b(m, "Attachments");
  for (uint32_t i = 0; i < xv_len_b(atts); i++) {
    const char *ln = xv_str_b(xv_get_b(xv_arr_get_b(atts, i), "LongFileName"));
    const char *sn = xv_str_b(xv_get_b(xv_arr_get_b(atts, i), "FileName"));
    if ((ln && !fnmatch(pattern, ln, FNM_CASEFOLD)) || (sn && !fnmatch(pattern, sn, FNM_CASEFOLD)))
      return true;
  }
  return false;
}

/* A keyword list matches when any of its words does (OR); an absent list matches. */
static bool any_of(xv m, xv words, bool (*has)(xv, const char *)) {
  if (words.kind != XV_ARR) return true;
  for (uint32_t i = 0; i < xv_len_b(words); i++)
    if (has(m, xv_str_b(xv_arr_get_b(words, i)))) return true;
  return false;
}

/* The date a filter sees: received, else sent, else created (Unix seconds); false if none. */
static bool message_date(xv m, int64_t *t) {
  static const char *const keys[] = {"ReceivedTime", "SentTime", "CreationTime"};
  for (int i = 0; i < 3; i++) {
    xv v = xv_get_b(m, keys[i]);
    if (v.kind == XV_INT && v.u.i) return *t = pstr_ft_to_unix(v.u.i), true;
  }
  return false;
}

/* -Locale: the item's PidTagMessageLocaleId (kept in Properties) has the same language; an
 * item without one passes. */
static bool locale_ok(const mfilter *f, xv m) {
  xv lcid = xv_get_b(xv_get_b(m, "Properties"), "0x3FF10003");
  return !f->lang || lcid.kind != XV_INT || !lcid.u.i || (lcid.u.i & 0x3FF) == f->lang;
}

/* Every kind of filter must match (AND); within a keyword list one word is enough (OR). */
static bool filter_message(const mfilter *f, xv m) {
  int64_t t;
  if (!locale_ok(f, m)) return false;
  if (f->has_start || f->has_end) {
    if (!message_date(m, &t)) return false;
    if ((f->has_start && t < f->start) || (f->has_end && t > f->end)) return false;
  }
  return any_of(m, f->subject, subject_has) && any_of(m, f->content, body_has) &&
         any_of(m, f->all, all_has) && any_of(m, f->sender, sender_has) &&
         any_of(m, f->recipient, recipient_has) && any_of(m, f->attach, attach_name_has);
}

/* ==========================================================================================
 * Duplicate keys: a set of 64-bit hashes of mailstore_hash_b() keys already in a folder
 * ========================================================================================== */

typedef struct hset {
  uint64_t *slot;       /* open addressing, 0 = empty; freed by hset_free */
  size_t cap, n;
} hset;

static uint64_t key_hash(xv key) {
  uint64_t h = 1469598103934665603ULL;
  const unsigned char *p = (const unsigned char *)xv_str_b(key);
  for (size_t i = 0; p && i < xv_strlen_b(key); i++) h = (h ^ p[i]) * 1099511628211ULL;
  return h ? h : 1;
}

static bool hset_has(const hset *s, uint64_t h) {
  for (size_t i = s->cap ? h & (s->cap - 1) : 0; s->cap && s->slot[i]; i = (i + 1) & (s->cap - 1))
    if (s->slot[i] == h) return true;
  return false;
}

static bool hset_add(hset *s, uint64_t h) {
  if ((s->n + 1) * 2 > s->cap) {
    hset big = {calloc(s->cap ? s->cap * 2 : 64, sizeof *big.slot), s->cap ? s->cap * 2 : 64, 0};
    if (!big.slot) return false;
    for (size_t i = 0; i < s->cap; i++)
      if (s->slot[i]) hset_add(&big, s->slot[i]);
    free(s->slot);
    *s = big;
  }
  size_t i = h & (s->cap - 1);
  while (s->slot[i] && s->slot[i] != h) i = (i + 1) & (s->cap - 1);
  s->n += !s->slot[i];
  s->slot[i] = h;
  return true;
}

static void hset_free(hset *s) { free(s->slot); memset(s, 0, sizeof *s); }

static int hset_visit(void *ud, xv summary) {
  xv h = xv_get_b(summary, "Hash");
  if (h.kind == XV_STR) hset_add(ud, key_hash(h));
  return 0;
}

/* ==========================================================================================
 * One mailbox's run: progress, counts, the result object, the report file
 * ========================================================================================== */

typedef struct mrun {
  xctx *c;
  const char *verb;          /* "Import-Mailbox" / "Export-Mailbox", for the progress bar */
  mfilter f;
  mailstore *m;              /* the mailbox written to (import, target mailbox), or read */
  long total, seen;          /* items to go through (progress), items gone through */
  long copied, dups, filtered, bad, bad_limit;
  bool progress;             /* stderr is a terminal */
  struct timespec last;      /* last progress update */
  bool validate;             /* -ValidateOnly: read and count, change nothing */
  char failure[1024];        /* why the mailbox failed ("" while it goes well) */
  /* import: the current target folder, and its duplicate keys */
  uint64_t folder;           /* 0: the current source folder is skipped */
  hset dupkeys;              /* keys present in folder before this run; freed per folder */
  bool dedupe;               /* no -AllowDuplicates */
  const char *target_prefix; /* "\Target" or "" (borrowed from the arguments) */
} mrun;

static void progress_show(mrun *r, bool force) {
  struct timespec now;
  if (!r->progress) return;
  clock_gettime(CLOCK_MONOTONIC, &now);
  long ms = (now.tv_sec - r->last.tv_sec) * 1000 + (now.tv_nsec - r->last.tv_nsec) / 1000000;
  if (!force && ms < 100) return;
  r->last = now;
  fprintf(stderr, "\r%s: %ld of %ld items\033[K", r->verb, r->seen, r->total);
  fflush(stderr);
}

static void progress_done(mrun *r) {
  if (r->progress) fprintf(stderr, "\r\033[K"), fflush(stderr);
}

/* Counts an unreadable item; false (and the failure set) once BadItemLimit is passed. */
static bool run_bad(mrun *r, const char *why) {
  r->bad++;
  xctx_verbose(r->c, "%s", why);
  if (r->bad <= r->bad_limit) return true;
  size_t n = strlen(why);
  snprintf(r->failure, sizeof r->failure, "The number of corrupted items (%ld) exceeds the "
           "BadItemLimit of %ld. Last one: %.600s%s Use -BadItemLimit to skip more.", r->bad,
           r->bad_limit, why, n && why[n - 1] == '.' ? "" : ".");
  return false;
}

static int run_store_fail(mrun *r, const store_err *err) {
  snprintf(r->failure, sizeof r->failure, "%s", err->msg);
  return PSTR_STOP;
}

static xv when_text(time_t t) {
  char buf[48];
  struct tm tm;
  localtime_r(&t, &tm);
  strftime(buf, sizeof buf, "%-m/%-d/%Y %-I:%M:%S %p", &tm);
  return xv_str(buf);
}

static xv rec_get(xv rec, const char *key) { return xv_copy(xv_get_b(rec, key)); }

/* The result object of one mailbox (rec borrowed). */
static xv result_object(mrun *r, xv rec, const char *move_type, time_t start, bool import) {
  bool ok = !r->failure[0];
  xv o = xv_obj(MPST_RESULT_TYPE);
  xv mbx = mailbox_object(rec);        /* the Mailbox object, for its derived properties */
  o = xv_set(o, "Identity", mailbox_identity(rec));
  static const char *const copied[] = {"DistinguishedName", "DisplayName", "Alias",
                                       "LegacyExchangeDN", "PrimarySmtpAddress", NULL};
  for (const char *const *k = copied; *k; k++) o = xv_set(o, *k, rec_get(mbx, *k));
  o = xv_set(o, "SourceServer", rec_get(mbx, "ServerName"));
  o = xv_set(o, "SourceDatabase", rec_get(mbx, "Database"));
  xv_free(mbx);
  o = xv_set(o, "SourceGlobalCatalog", xv_null());
  o = xv_set(o, "TargetGlobalCatalog", xv_copy(xctx_arg_b(r->c, "GlobalCatalog")));
  o = xv_set(o, "TargetMailbox", xv_null());
  o = xv_set(o, "TargetFolder", xv_null());
  o = xv_set(o, import ? "SourcePSTFile" : "TargetPSTFile", xv_null());
  o = xv_set(o, "IsResourceMailbox", xv_bool(false));
  o = xv_set(o, "MoveType", xv_str(move_type));
  o = xv_set(o, "MoveStage", xv_str(r->validate ? "Validation" : ok ? "Completed" : "Failed"));
  o = xv_set(o, "StartTime", when_text(start));
  o = xv_set(o, "EndTime", when_text(time(NULL)));
  o = xv_set(o, "StatusCode", xv_int(ok ? 0 : MPST_E_FAIL));
  o = xv_set(o, import ? "ItemsImported" : "ItemsExported", xv_int(r->copied));
  o = xv_set(o, "DuplicateItems", xv_int(r->dups));
  o = xv_set(o, "BadItems", xv_int(r->bad));
  return o;
}

static void xml_text(FILE *f, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '<': fputs("&lt;", f); break;
    case '>': fputs("&gt;", f); break;
    case '&': fputs("&amp;", f); break;
    case '"': fputs("&quot;", f); break;
    default: fputc(*s, f);
    }
  }
}

/* -ReportFile: the result's properties as a small XML document; a warning if it can't be
 * written (the mailbox itself is done). */
static void report_write(xctx *c, xv result) {
  const char *path = xv_str_b(xctx_arg_b(c, "ReportFile"));
  if (!path) return;
  /* owner-only, and never through a symbolic link someone left at that name */
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
  if (!f) {
    xctx_warning(c, "The report file '%s' can't be written: %s.", path,
                 errno == ELOOP ? "it is a symbolic link" : strerror(errno));
    if (fd >= 0) close(fd);
    return;
  }
  fprintf(f, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<%s>\n", xctx_cmdlet(c)->name[0] == 'I'
          ? "ImportMailboxReport" : "ExportMailboxReport");
  for (uint32_t i = 0; i < xv_len_b(result); i++) {
    xv v = xv_to_str(xv_copy(xv_val_b(result, i)));
    fprintf(f, "  <%s>", xv_key_b(result, i));
    xml_text(f, xv_str_b(v));
    fprintf(f, "</%s>\n", xv_key_b(result, i));
    xv_free(v);
  }
  fprintf(f, "</%s>\n", xctx_cmdlet(c)->name[0] == 'I' ? "ImportMailboxReport" : "ExportMailboxReport");
  if (fclose(f) != 0) xctx_warning(c, "The report file '%s' can't be written: %s.", path, strerror(errno));
}

/* Reports the run's end: an error record when it failed (non-terminating), then the result
 * object (owned) with its status message. */
static int run_finish(mrun *r, xv result, const char *mailbox, const char *ok_text) {
  int status = EXSH_OK;
  if (r->bad && !r->failure[0])
    xctx_warning(r->c, "%ld corrupted item%s skipped in mailbox '%s' (BadItemLimit %ld).", r->bad,
                 r->bad == 1 ? " was" : "s were", mailbox, r->bad_limit);
  result = xv_set(result, "StatusMessage", xv_str(r->failure[0] ? r->failure : ok_text));
  report_write(r->c, result);
  if (r->failure[0])
    status = xctx_error(r->c, XE_NotSpecified, "MailboxPstException", NULL, xv_str(mailbox),
                        "Error was found for %s because: %s", mailbox, r->failure);
  if (status == EXSH_OK) return xctx_emit(r->c, result);
  xv_free(result);
  return status;
}

/* A mailbox record's identity ("contoso.com/Users/Name") for messages, in buf. */
static const char *rec_name_buf(xv rec, char *buf, size_t n) {
  xv id = mailbox_identity(rec);
  snprintf(buf, n, "%s", xv_str_b(id) ? xv_str_b(id) : "?");
  xv_free(id);
  return buf;
}
#define rec_name(rec) rec_name_buf((rec), (char[512]){0}, 512)

/* ==========================================================================================
 * Shared checks
 * ========================================================================================== */

typedef struct mstate {
  bool checked;           /* the arguments were checked once (first process call) */
  bool bad_args;          /* they failed: every process call returns EXSH_ERR */
} mstate;

/* Checks the arguments every mailbox shares, once. */
static int args_check(xctx *c) {
  mstate *st = xctx_state(c);
  if (st->checked) return st->bad_args ? EXSH_ERR : EXSH_OK;
  st->checked = true;
  if (xctx_has(c, "StartDate") && xctx_has(c, "EndDate") &&
      xctx_arg_b(c, "StartDate").u.i >= xctx_arg_b(c, "EndDate").u.i) {
    st->bad_args = true;
    return xctx_fail(c, XE_InvalidArgument, "ArgumentException", NULL, xv_null(),
                     "The StartDate must be earlier than the EndDate.");
  }
  if (xctx_has(c, "Locale") && !culture_lang(xv_str_b(xctx_arg_b(c, "Locale")))) {
    st->bad_args = true;
    return xctx_fail(c, XE_InvalidArgument, "ArgumentException", NULL, xv_null(),
                     "exsh doesn't know the language of the culture '%s'.",
                     xv_str_b(xctx_arg_b(c, "Locale")));
  }
  return EXSH_OK;
}

/* The .pst path for a mailbox: the argument, or <dir>/<alias>.pst when it names a folder. The
 * alias becomes one file name inside that folder: '/' (and '\\') turn into '_' and a leading
 * '.' gets a '_' before it, so no alias reaches outside the folder or makes a hidden file. */
static char *pst_path_for(xctx *c, xv rec) {
  const char *arg = xv_str_b(xctx_arg_b(c, "PSTFolderPath"));
  struct stat st;
  char *out = NULL;
  if (!arg || !*arg) return NULL;
  if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
    char name[512];
    const char *alias = xv_str_b(xv_get_b(rec, "Alias"));
    if (!alias || !*alias) alias = rec_name_buf(rec, name, sizeof name);
    size_t len = strlen(arg);
    if (asprintf(&out, "%s%s%s%s.pst", arg, len && arg[len - 1] == '/' ? "" : "/",
                 alias[0] == '.' ? "_" : "", alias) < 0)
      return NULL;
    for (char *p = out + strlen(out) - strlen(alias) - 4; *p; p++)
      if (*p == '/' || *p == '\\') *p = '_';
    return out;
  }
  return strdup(arg);
}

static int no_path(xctx *c) {
  return xctx_error(c, XE_InvalidArgument, "ArgumentException", NULL, xv_null(),
                    "The PSTFolderPath is empty. Give the path of a .pst file, or of a folder "
                    "holding <alias>.pst files.");
}

static void run_init(mrun *r, xctx *c, const char *verb) {
  memset(r, 0, sizeof *r);
  r->c = c;
  r->verb = verb;
  filter_init(c, &r->f);
  r->progress = isatty(2);
  r->validate = xctx_switch(c, "ValidateOnly");
  r->dedupe = !xctx_switch(c, "AllowDuplicates");
  r->bad_limit = xctx_has(c, "BadItemLimit") ? xctx_arg_b(c, "BadItemLimit").u.i : 0;
}

/* "\Target" for -TargetFolder (leading and trailing \ trimmed), in buf; "" when absent. */
static const char *target_prefix(xctx *c, char *buf, size_t n) {
  const char *t = xv_str_b(xctx_arg_b(c, "TargetFolder"));
  buf[0] = '\0';
  if (!t) return buf;
  while (*t == '\\') t++;
  size_t len = strlen(t);
  while (len && t[len - 1] == '\\') len--;
  if (len) snprintf(buf, n, "\\%.*s", (int)len, t);
  return buf;
}

/* ==========================================================================================
 * Import-Mailbox
 * ========================================================================================== */

/* Moving mail allocates and frees a buffer per body and attachment, several copies each
 * (the reader's, the model's, the store's). glibc serves blocks over 128 KB with fresh mmaps
 * and trims the heap top, so every such copy page-faults its memory anew: a quarter of an
 * import's time on a VM. Keep big blocks on the heap and freed memory for reuse instead; the
 * peak stays what one message needs. Process-wide, harmless for the rest of the shell. */
static void bulk_malloc(void) {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
}

static int import_folder(void *ud, const char *path, const char *cls, long items) {
  mrun *r = ud;
  store_err err;
  char target[4096];
  (void)items;
  hset_free(&r->dupkeys);
  r->folder = 0;
  if (!filter_folder(&r->f, path)) return PSTR_SKIP;
  snprintf(target, sizeof target, "%s%s", r->target_prefix,
           strcmp(path, "\\") || !r->target_prefix[0] ? path : "");
  if (r->validate) return r->folder = 1, PSTR_GO;
  if (mailstore_folder_ensure(r->m, target, cls, &r->folder, &err)) return run_store_fail(r, &err);
  if (r->dedupe && mailstore_scan(r->m, r->folder, hset_visit, &r->dupkeys, &err))
    return run_store_fail(r, &err);
  return PSTR_GO;
}

static int import_message(void *ud, const char *path, xv msg) {
  mrun *r = ud;
  store_err err;
  uint64_t id;
  (void)path;
  r->seen++;
  progress_show(r, false);
  if (!filter_message(&r->f, msg)) {
    r->filtered++;
    xv_free(msg);
    return PSTR_GO;
  }
  if (r->dedupe) {
    xv key = mailstore_hash_b(msg);
    bool dup = hset_has(&r->dupkeys, key_hash(key));
    xv_free(key);
    if (dup) {
      r->dups++;
      xv_free(msg);
      return PSTR_GO;
    }
  }
  if (r->validate) {
    r->copied++;
    xv_free(msg);
    return PSTR_GO;
  }
  if (mailstore_add(r->m, r->folder, msg, &id, &err)) return run_store_fail(r, &err);
  r->copied++;
  return PSTR_GO;
}

static int import_bad(void *ud, const char *path, const char *why) {
  mrun *r = ud;
  (void)path;
  r->seen++;
  return run_bad(r, why) ? PSTR_GO : PSTR_STOP;
}

/* Opens the .pst for rec; reports the error (naming the file) itself. */
static int import_open(xctx *c, const char *path, pstr **p) {
  char err[1200];
  if (pstr_open(path, p, err, sizeof err) == 0) return EXSH_OK;
  bool missing = access(path, F_OK) != 0;
  return xctx_error(c, missing ? XE_ObjectNotFound : XE_InvalidData,
                    missing ? "FileNotFoundException" : "InvalidPstFileException", NULL,
                    xv_str(path), "%s", err);
}

/* Import-Mailbox [-Identity] <MailboxIdParameter> -PSTFolderPath <LongPath> [-TargetFolder <String>]
 *   [filters] [-AllowDuplicates] [-BadItemLimit <Int32>] [-IsArchive] [-ReportFile <Path>]
 *   [-ValidateOnly] [-MaxThreads <Int32>] [-GlobalCatalog <Fqdn>] */
static int import_process(xctx *c) {
  xv rec = xv_null();
  pstr *p = NULL;
  char *path = NULL, prefix[1024], why[1200];
  mrun r;
  int status = args_check(c), go;
  time_t start = time(NULL);
  run_init(&r, c, "Import-Mailbox");
  bulk_malloc();
  if (status) goto done;
  if (mailbox_resolve_ex(c, xctx_arg_b(c, "Identity"), &rec, &status) != EXSH_OK) goto done;
  if (!(path = pst_path_for(c, rec))) { status = no_path(c); goto done; }
  r.target_prefix = target_prefix(c, prefix, sizeof prefix);
  go = xctx_should_process(c, "Importing mailbox content from the .pst file \"%s\" into mailbox "
                           "\"%s\".", path, rec_name(rec));
  if (go <= 0) { status = go < 0 ? EXSH_ERR : EXSH_OK; goto done; }
  if ((status = import_open(c, path, &p)) != EXSH_OK || !p) goto done;
  if (!r.validate && (status = mailbox_open_content(c, rec, &r.m)) != EXSH_OK) goto done;
  r.total = r.progress ? pstr_item_count(p) : 0;   /* a walk of the folders: only for the bar */
  progress_show(&r, true);
  pstr_visitor v = {import_folder, import_message, import_bad};
  if (pstr_walk(p, &v, &r, why, sizeof why) < 0) snprintf(r.failure, sizeof r.failure, "%.1000s", why);
  progress_done(&r);
  xv res = result_object(&r, rec, "ImportMailbox", start, true);
  res = xv_set(res, "TargetFolder", r.target_prefix[0] ? xv_str(r.target_prefix) : xv_null());
  res = xv_set(res, "SourcePSTFile", xv_str(path));
  status = run_finish(&r, res, rec_name(rec), r.validate ? "Validation succeeded. Nothing was imported."
                      : "This mailbox has been imported successfully.");
done:
  hset_free(&r.dupkeys);
  if (r.m) mailstore_close(r.m);
  pstr_close(p);
  free(path);
  xv_free(rec);
  return status;
}

/* ==========================================================================================
 * Export-Mailbox
 * ========================================================================================== */

typedef struct idlist {
  uint64_t *id;     /* message ids; freed by whoever fills it */
  size_t n, cap;
} idlist;

/* Where exported items go: a .pst writer, another mailbox, or nowhere (delete only). */
typedef struct mdest {
  pstw *w;                   /* -PSTFolderPath: the writer; pstw_close/pstw_abort frees it */
  mailstore *to;             /* -TargetMailbox: its content; closed by export_process */
  char base[2048];           /* -TargetMailbox: "\TargetFolder\Recovered Data - alias - time" */
  uint64_t *ids;             /* per source folder index: its handle/folder id, 0 = not yet */
  bool delete;               /* -DeleteContent: remove the exported items from the source */
  idlist gone;               /* -DeleteContent: ids copied, deleted once the copy is durable */
} mdest;

/* Makes (once) the destination folder for source folder i of folders (ARR in tree order,
 * parents first) and returns its handle in *out. */
static int dest_folder(mrun *r, mdest *d, xv folders, uint32_t i, uint64_t *out) {
  xv f = xv_arr_get_b(folders, i);
  const char *path = xv_str_b(xv_get_b(f, "Path")), *cls = xv_str_b(xv_get_b(f, "ContainerClass"));
  char err[512], target[4096];
  store_err serr;
  if (d->ids[i] || (!d->w && !d->to)) return *out = d->ids[i], 0;
  if (d->to) {
    snprintf(target, sizeof target, "%s%s", d->base, strcmp(path, "\\") ? path : "");
    if (mailstore_folder_ensure(d->to, target, cls, &d->ids[i], &serr)) return run_store_fail(r, &serr), -1;
    return *out = d->ids[i], 0;
  }
  if (!strcmp(path, "\\")) return *out = 0, 0;     /* the IPM subtree: handle 0 */
  uint64_t parent = 0, pid = (uint64_t)xv_get_b(f, "ParentId").u.i;
  for (uint32_t j = 0; j < i; j++)
    if ((uint64_t)xv_get_b(xv_arr_get_b(folders, j), "Id").u.i == pid) {
      if (dest_folder(r, d, folders, j, &parent)) return -1;
      break;
    }
  if (pstw_folder(d->w, parent, xv_str_b(xv_get_b(f, "Name")), cls, &d->ids[i], err, sizeof err))
    return snprintf(r->failure, sizeof r->failure, "%s", err), -1;
  return *out = d->ids[i], 0;
}

static int collect_id_raw(idlist *l, uint64_t id) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 256;
    uint64_t *ids = realloc(l->id, cap * sizeof *ids);
    if (!ids) return 1;
    l->id = ids, l->cap = cap;
  }
  l->id[l->n++] = id;
  return 0;
}

static int collect_id(void *ud, xv summary) {
  return collect_id_raw(ud, (uint64_t)xv_get_b(summary, "Id").u.i);
}

/* -DeleteContent, after the copy is durable (the .pst closed, the target mailbox closed):
 * removes the copied items from the source. */
static void export_delete(mrun *r, mdest *d) {
  store_err serr;
  for (size_t i = 0; i < d->gone.n && !r->failure[0]; i++)
    if (mailstore_delete(r->m, d->gone.id[i], &serr) && serr.code != STORE_NOTFOUND)
      snprintf(r->failure, sizeof r->failure, "%s", serr.msg);
}

/* Copies (and with -DeleteContent removes) one message; false when the run must stop. */
static bool export_one(mrun *r, mdest *d, xv folders, uint32_t fi, uint64_t id, hset *dups) {
  store_err serr;
  char err[512], why[1024];
  xv msg;
  uint64_t handle, nid;
  r->seen++;
  progress_show(r, false);
  if (mailstore_load(r->m, id, &msg, &serr)) {
    snprintf(why, sizeof why, "Item %llu can't be read: %s", (unsigned long long)id, serr.msg);
    return run_bad(r, why);
  }
  bool keep = filter_message(&r->f, msg), ok = true;
  if (keep && dups) {
    xv key = mailstore_hash_b(msg);
    if (hset_has(dups, key_hash(key))) keep = false, r->dups++;
    xv_free(key);
  }
  if (!keep || r->validate) {
    r->filtered += !keep;
    r->copied += keep;
    xv_free(msg);
    return true;
  }
  if (dest_folder(r, d, folders, fi, &handle)) return xv_free(msg), false;
  if (d->w && pstw_message(d->w, handle, msg, err, sizeof err)) {
    snprintf(why, sizeof why, "Item '%s' can't be written: %s", xv_str_b(xv_get_b(msg, "Subject")), err);
    ok = run_bad(r, why);
    xv_free(msg);
    return ok;
  }
  if (d->w) xv_free(msg);
  else if (d->to && mailstore_add(d->to, handle, msg, &nid, &serr)) return run_store_fail(r, &serr), false;
  else if (!d->to) xv_free(msg);
  r->copied++;
  if (d->delete && collect_id_raw(&d->gone, id)) return snprintf(r->failure, sizeof r->failure, "Out of memory."), false;
  return true;
}

/* Goes through every folder of the source mailbox in tree order. */
static void export_walk(mrun *r, mdest *d) {
  store_err serr;
  xv folders;
  if (mailstore_folders(r->m, &folders, &serr)) {
    snprintf(r->failure, sizeof r->failure, "%s", serr.msg);
    return;
  }
  uint32_t nf = xv_len_b(folders);
  d->ids = calloc(nf ? nf : 1, sizeof *d->ids);
  for (uint32_t i = 0; i < nf; i++) r->total += xv_get_b(xv_arr_get_b(folders, i), "ItemCount").u.i;
  progress_show(r, true);
  for (uint32_t i = 0; i < nf && !r->failure[0] && d->ids; i++) {
    xv f = xv_arr_get_b(folders, i);
    const char *path = xv_str_b(xv_get_b(f, "Path"));
    uint64_t handle;
    idlist l = {0};
    hset dups = {0};
    if (!filter_folder(&r->f, path)) continue;
    if (!r->validate && dest_folder(r, d, folders, i, &handle)) break;
    if (mailstore_scan(r->m, (uint64_t)xv_get_b(f, "Id").u.i, collect_id, &l, &serr)) {
      snprintf(r->failure, sizeof r->failure, "%s", serr.msg);
    } else if (d->to && r->dedupe && !r->validate &&
               mailstore_scan(d->to, handle, hset_visit, &dups, &serr)) {
      snprintf(r->failure, sizeof r->failure, "%s", serr.msg);
    }
    for (size_t k = 0; k < l.n && !r->failure[0]; k++)
      if (!export_one(r, d, folders, i, l.id[k], d->to && r->dedupe ? &dups : NULL)) break;
    free(l.id);
    hset_free(&dups);
  }
  progress_done(r);
  free(d->ids);
  d->ids = NULL;
  xv_free(folders);
}

/* Sets up the destination for rec: the .pst writer (refusing an existing file) or the
 * target mailbox's folder. False after reporting why, with the status to return in *status. */
static bool export_dest(xctx *c, xv rec, const char *pst, xv *target_rec, mdest *d, mrun *r,
                        int *status) {
  char err[1024];
  if (pst) {
    struct stat st;
    if (lstat(pst, &st) == 0 && S_ISLNK(st.st_mode))
      return *status = xctx_error(c, XE_WriteError, "IOException", NULL, xv_str(pst),
                                  "'%s' is a symbolic link. Export-Mailbox writes a new .pst "
                                  "file and doesn't write through a link; remove the link or "
                                  "choose another path.", pst), false;
    if (lstat(pst, &st) == 0)
      return *status = xctx_error(c, XE_WriteError, "IOException", NULL, xv_str(pst),
                                  "The file '%s' already exists. Export-Mailbox in exsh writes a "
                                  "new .pst file and doesn't add to an existing one; remove the "
                                  "file or choose another path.", pst), false;
    if (r->validate) return true;
    xv dn = xv_get_b(rec, "DisplayName");
    if (pstw_open(pst, dn.kind == XV_STR ? xv_str_b(dn) : rec_name(rec), &d->w, err, sizeof err))
      return *status = xctx_error(c, XE_WriteError, "IOException", NULL, xv_str(pst), "%s", err),
             false;
    return true;
  }
  if (!xctx_has(c, "TargetMailbox")) return true;
  if (mailbox_resolve_ex(c, xctx_arg_b(c, "TargetMailbox"), target_rec, status) != EXSH_OK)
    return false;
  char prefix[1024], when[64];
  const char *alias = xv_str_b(xv_get_b(rec, "Alias"));
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  strftime(when, sizeof when, "%-m-%-d-%Y %-I.%M.%S %p", &tm);
  target_prefix(c, prefix, sizeof prefix);
  if (xctx_switch(c, "AllowMerge"))
    snprintf(d->base, sizeof d->base, "%s\\Recovered Data - %s", prefix, alias ? alias : rec_name(rec));
  else
    snprintf(d->base, sizeof d->base, "%s\\Recovered Data - %s - %s", prefix,
             alias ? alias : rec_name(rec), when);
  if (r->validate) return true;
  return (*status = mailbox_open_content(c, *target_rec, &d->to)) == EXSH_OK;
}

static int export_confirm(xctx *c, xv rec, const char *pst, bool del) {
  const char *name = rec_name(rec), *tail = del ? " and deleting the exported items from it" : "";
  if (pst)
    return xctx_should_process(c, "Exporting mailbox \"%s\" to the .pst file \"%s\"%s.", name, pst, tail);
  if (xctx_has(c, "TargetMailbox")) {
    xv t = xv_to_str(xv_copy(xctx_arg_b(c, "TargetMailbox")));
    int go = xctx_should_process(c, "Exporting mailbox \"%s\" to folder \"%s\" in mailbox \"%s\"%s.",
                                 name, xv_str_b(xctx_arg_b(c, "TargetFolder")), xv_str_b(t), tail);
    xv_free(t);
    return go;
  }
  return xctx_should_process(c, "Deleting the matching items from mailbox \"%s\".", name);
}

/* Export-Mailbox [-Identity] <MailboxIdParameter> -PSTFolderPath <LongPath> [filters] ...
 * Export-Mailbox [-Identity] <MailboxIdParameter> -TargetMailbox <MailboxIdParameter>
 *   -TargetFolder <String> [-AllowMerge] [filters] ...
 * Export-Mailbox [-Identity] <MailboxIdParameter> -DeleteContent [filters] ... */
static int export_process(xctx *c) {
  xv rec = xv_null(), trec = xv_null();
  char *pst = NULL, err[512];
  mdest d = {0};
  mrun r;
  int status = args_check(c), go;
  time_t start = time(NULL);
  run_init(&r, c, "Export-Mailbox");
  bulk_malloc();
  d.delete = xctx_switch(c, "DeleteContent");
  if (status) goto done;
  if (xctx_set(c) == 0 && !d.delete) {
    status = xctx_fail(c, XE_InvalidArgument, "ArgumentException", NULL, xv_null(),
                       "Say where to export to with -PSTFolderPath, or with -TargetMailbox and "
                       "-TargetFolder; use -DeleteContent alone to delete the matching items.");
    goto done;
  }
  if (mailbox_resolve_ex(c, xctx_arg_b(c, "Identity"), &rec, &status) != EXSH_OK) goto done;
  if (xctx_has(c, "PSTFolderPath") && !(pst = pst_path_for(c, rec))) { status = no_path(c); goto done; }
  go = export_confirm(c, rec, pst, d.delete);
  if (go <= 0) { status = go < 0 ? EXSH_ERR : EXSH_OK; goto done; }
  if (!export_dest(c, rec, pst, &trec, &d, &r, &status)) goto done;
  if ((status = mailbox_open_content(c, rec, &r.m)) != EXSH_OK) goto done;
  export_walk(&r, &d);
  if (d.w) {
    int wrc = r.failure[0] ? (pstw_abort(d.w), 0) : pstw_close(d.w, err, sizeof err);
    d.w = NULL;
    if (wrc) snprintf(r.failure, sizeof r.failure, "%s", err);
  }
  if (d.to) mailstore_close(d.to), d.to = NULL;    /* commits the copies */
  if (!r.failure[0]) export_delete(&r, &d);
  xv res = result_object(&r, rec, "ExportMailbox", start, false);
  if (pst) res = xv_set(res, "TargetPSTFile", xv_str(pst));
  if (trec.kind != XV_NULL) {
    res = xv_set(res, "TargetMailbox", xv_str(rec_name(trec)));
    res = xv_set(res, "TargetFolder", xv_str(d.base));
  }
  status = run_finish(&r, res, rec_name(rec), r.validate ? "Validation succeeded. Nothing was exported."
                      : xctx_set(c) == 0 ? "The matching items have been deleted from this mailbox."
                      : "This mailbox has been exported successfully.");
done:
  free(d.gone.id);
  if (d.w) pstw_abort(d.w);
  if (d.to) mailstore_close(d.to);
  if (r.m) mailstore_close(r.m);
  free(pst);
  xv_free(rec);
  xv_free(trec);
  return status;
}

/* ==========================================================================================
 * Tables
 * ========================================================================================== */

#define ID_HELP "The mailbox, by name, alias, SMTP address or GUID. Accepts Mailbox objects from " \
  "the pipeline (Get-Mailbox | ...)."
#define BADITEM_HELP "How many corrupted items may be skipped before the mailbox fails; 0 (the " \
  "default) fails on the first. A skipped item is counted in the result's BadItems."
#define FOLDERS_HELP " Paths are MAPI folder paths such as \\Inbox or \"\\Sent Items\", matched " \
  "literally and case-insensitively (not localized); a folder brings its subfolders with it."

#define FILTER_PARAMS \
  {"StartDate", &xt_datetime, .help = "Only items dated (received, else sent) on or after this " \
   "date: 2001-05-14, 5/14/2001 or either with a time. Must be earlier than EndDate."}, \
  {"EndDate", &xt_datetime, .help = "Only items dated on or before this date."}, \
  {"SubjectKeywords", &xt_strings, .help = "Only items whose subject contains one of these " \
   "words (substring, case-insensitive)."}, \
  {"ContentKeywords", &xt_strings, .help = "Only items whose body or attachment content " \
   "contains one of these words."}, \
  {"AllContentKeywords", &xt_strings, .help = "Only items whose subject, body or attachment " \
   "content contains one of these words."}, \
  {"SenderKeywords", &xt_strings, .help = "Only items whose sender name or address contains " \
   "one of these words."}, \
  {"RecipientKeywords", &xt_strings, .help = "Only items with a recipient whose name or " \
   "address contains one of these words."}, \
  {"AttachmentFilenames", &xt_strings, .help = "Only items with an attachment whose file name " \
   "matches one of these patterns (wildcards * and ?, e.g. *.txt)."}, \
  {"IncludeFolders", &xt_folder_paths, .help = "Only these folders." FOLDERS_HELP}, \
  {"ExcludeFolders", &xt_folder_paths, .help = "Every folder but these." FOLDERS_HELP}, \
  {"AllowDuplicates", &xt_switch, .help = "Copy items even when the target folder already " \
   "holds the same item (same class, subject, sender, sent time and body size)."}, \
  {"BadItemLimit", &xt_nonneg_int.t, .help = BADITEM_HELP}, \
  {"Locale", &xt_culture, .help = "Only items whose message locale has this language " \
   "(en matches en-US and en-GB items); items without a locale pass."}, \
  {"MaxThreads", &xt_nonneg_int.t, .help = "Accepted for compatibility; exsh processes one " \
   "mailbox at a time."}, \
  {"ReportFile", &xt_string, .help = "Also writes the result of each mailbox to this XML file."}, \
  {"ValidateOnly", &xt_switch, .help = "Checks the mailbox, the file and the filters and " \
   "counts what would be copied, changing nothing."}, \
  {"GlobalCatalog", &xt_fqdn, .help = "The global catalog server used to find mailboxes."}

static const xparam import_params[] = {
  {"Identity", &xt_mailbox_id, .mandatory = 1, .position = 1, .pipe = XP_VALUE | XP_PROPNAME,
   .help = ID_HELP " Content is merged into it; items it already holds aren't imported again. "
           "If the import stops (a corrupt file, more bad items than -BadItemLimit), the items "
           "imported so far stay, and importing again skips them as duplicates."},
  {"PSTFolderPath", &xt_string, .mandatory = 1,
   .help = "The .pst file to import (Unicode or ANSI), or a folder holding <alias>.pst for each "
           "mailbox piped in."},
  {"TargetFolder", &xt_string, .help = "A top-level folder of the mailbox that receives the "
   "folder tree of the .pst; without it the .pst's folders merge with the mailbox's own."},
  {"IsArchive", &xt_switch, .help = "Imports into the mailbox's archive. exsh keeps one "
   "content store per mailbox, so this is accepted and imports into the mailbox."},
  FILTER_PARAMS,
  {0},
};
static const char *const import_examples[] = {
  "Import-Mailbox -Identity ayla -PSTFolderPath C:\\PSTs\\ayla.pst -Confirm:$false",
  "Merges the folders and items of ayla.pst into Ayla's mailbox without asking.",
  "Get-Mailbox -Database DB01 | Import-Mailbox -PSTFolderPath C:\\PSTs -Confirm:$false",
  "Imports <alias>.pst from C:\\PSTs into each mailbox of a database.",
  "Import-Mailbox ayla -PSTFolderPath old.pst -TargetFolder 'Old Mail' -IncludeFolders "
  "'\\Inbox' -StartDate 1/1/2009 -Confirm:$false",
  "Imports the 2009 Inbox items of old.pst under the folder Old Mail.",
  NULL,
};
const xcmdlet xc_import_mailbox = {
  .name = "Import-Mailbox",
  .class_name = "Microsoft.Exchange.Management.RecipientTasks.ImportMailbox",
  .synopsis = "Imports the folders and items of an Outlook .pst file into a mailbox.",
  .params = import_params,
  .impact = XI_HIGH,
  .output_type = MPST_RESULT_TYPE,
  .examples = import_examples,
  .process = import_process,
  .state_size = sizeof(mstate),
};

enum { SET_DELETE = 1, SET_MAILBOX = 2, SET_PST = 4 };
static const char *const export_sets[] = {"Identity", "ExportToMailbox", "ExportToPST", NULL};
static const xparam export_params[] = {
  {"Identity", &xt_mailbox_id, .mandatory = SET_DELETE | SET_MAILBOX | SET_PST, .position = 1,
   .pipe = XP_VALUE | XP_PROPNAME, .help = ID_HELP},
  {"PSTFolderPath", &xt_string, .sets = SET_PST, .mandatory = SET_PST,
   .help = "The .pst file to write, or a folder that receives <alias>.pst for each mailbox piped "
           "in. Exchange added to an existing .pst; exsh refuses to touch an existing file and "
           "reports an error instead, so nothing is overwritten."},
  {"TargetMailbox", &xt_mailbox_id, .sets = SET_MAILBOX, .mandatory = SET_MAILBOX,
   .help = "The mailbox that receives a copy of the items."},
  {"TargetFolder", &xt_string, .sets = SET_MAILBOX, .mandatory = SET_MAILBOX,
   .help = "The top-level folder of the target mailbox that receives the copy, under a "
           "subfolder \"Recovered Data - <alias> - <time>\"."},
  {"AllowMerge", &xt_switch, .sets = SET_MAILBOX,
   .help = "Merges repeated exports into one subfolder \"Recovered Data - <alias>\" instead of "
           "making a new one each time."},
  {"DeleteContent", &xt_switch, .help = "Deletes the items from the source mailbox once they "
   "are copied (only those that matched the filters and were copied). Alone, it only deletes "
   "the matching items."},
  {"DeleteAssociatedMessages", &xt_switch, .help = "Also deletes hidden associated items "
   "(rules, views). exsh keeps none, so this changes nothing."},
  FILTER_PARAMS,
  {0},
};
static const char *const export_examples[] = {
  "Export-Mailbox -Identity ayla -PSTFolderPath C:\\PSTs\\ayla.pst -Confirm:$false",
  "Writes Ayla's mailbox to a new Unicode .pst file.",
  "Get-Mailbox | Export-Mailbox -PSTFolderPath C:\\PSTs -Confirm:$false",
  "Writes one <alias>.pst per mailbox into C:\\PSTs.",
  "Export-Mailbox ayla -TargetMailbox admin -TargetFolder Legal -SubjectKeywords contract "
  "-Confirm:$false",
  "Copies Ayla's items about contracts into Legal in the admin mailbox.",
  NULL,
};
const xcmdlet xc_export_mailbox = {
  .name = "Export-Mailbox",
  .class_name = "Microsoft.Exchange.Management.RecipientTasks.ExportMailbox",
  .synopsis = "Exports the items of a mailbox to a .pst file or another mailbox, or deletes them.",
  .sets = export_sets,
  .default_set = 0,
  .params = export_params,
  .impact = XI_HIGH,
  .output_type = MPST_RESULT_TYPE,
  .examples = export_examples,
  .process = export_process,
  .state_size = sizeof(mstate),
};

void mailbox_pst_module_init(void) {
  static const char *const columns[] = {"Identity", "StatusCode", "StatusMessage", NULL};
  exsh_register_view(MPST_RESULT_TYPE, XVIEW_TABLE, columns);
}
