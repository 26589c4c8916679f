/* pst_read.c — turns an Outlook .pst into exsh's message model (the reader half of
 * Import-Mailbox), on pst_ndb.c's streaming NDB/LTP reader (which says why not libpff). Owns
 * the folder and message index (one pass over the node B-tree at open: 24 bytes a message),
 * the name-to-id map, the IPM-subtree walk and the property-to-model mapping; filters,
 * duplicates and the store are mailbox_pst.c's. Only one message (with its attachments and
 * embedded messages) is in memory at a time. Folders and messages are found by their nodes'
 * parent links, in node-id order, as readpst and libpff find them.
 * Entries: pstr_open(), pstr_item_count(), pstr_walk(), pstr_close() (pst_read.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "pst_ndb.h"
#include "pst_read.h"

#define PSTR_MAX_DEPTH 64          /* folder and embedded-message nesting we follow */
#define NID_MESSAGE_STORE 0x21
#define NID_NAME_TO_ID_MAP 0x61
#define NID_ROOT_FOLDER 0x122
#define NID_RECIPIENTS 0x692       /* a message's recipient table (subnode) */
#define NID_ATTACHMENTS 0x671      /* a message's attachment table (subnode) */
#define PSTR_MAX_PARTS 65536       /* attachments and embedded messages in one message, all levels */

/* A folder or message node: the index built at open. */
typedef struct node {
  uint32_t nid, parent;
  uint64_t data, sub;
} node;

typedef struct named {           /* entry i of the name-to-id map: property 0x8000 + i */
  uint8_t guid[16];
  bool is_name;
  uint32_t lid;
  char *name;                    /* owned UTF-8, when is_name */
} named;

struct pstr {
  ndb *db;
  char *path;                    /* the path as given, for messages */
  node *fold, *msg;              /* sorted by (parent, nid) */
  uint32_t *fgen, gen;           /* fgen[i] == gen: fold[i] seen by the walk in progress */
  long budget;                   /* attachments and embedded messages one message may still hold */
  size_t nfold, nmsg, capfold, capmsg;
  named *names;
  size_t nnames;
  uint32_t ipm_nid;              /* the IPM subtree folder */
};

/* MAPI property ids read here (PidTag*). */
enum {
  P_MSG_CLASS = 0x001A, P_SUBJECT = 0x0037, P_IMPORTANCE = 0x0017, P_SUBMIT_TIME = 0x0039,
  P_TRANSPORT_HEADERS = 0x007D, P_SENDER_NAME = 0x0C1A, P_SENDER_ADDRTYPE = 0x0C1E,
  P_SENDER_EMAIL = 0x0C1F, P_SENT_REPR_NAME = 0x0042, P_SENT_REPR_EMAIL = 0x0065,
  P_DISPLAY_CC = 0x0E03, P_DISPLAY_TO = 0x0E04, P_DELIVERY_TIME = 0x0E06, P_FLAGS = 0x0E07,
  P_INET_MSGID = 0x1035, P_RTF_COMPRESSED = 0x1009, P_BODY = 0x1000, P_HTML = 0x1013,
  P_CREATION_TIME = 0x3007, P_MODIFICATION_TIME = 0x3008,
  P_DISPLAY_NAME = 0x3001, P_ADDRTYPE = 0x3002, P_EMAIL = 0x3003, P_RCPT_TYPE = 0x0C15,
  P_SMTP = 0x39FE, P_SENDER_SMTP = 0x5D01, P_CONTAINER_CLASS = 0x3613,
  P_ATT_DATA = 0x3701, P_ATT_FILENAME = 0x3704, P_ATT_METHOD = 0x3705, P_ATT_LONG_FILENAME = 0x3707,
  P_ATT_MIME = 0x370E, P_ATT_CONTENT_ID = 0x3712, P_IPM_SUBTREE_EID = 0x35E0, P_ROW_ID = 0x67F2,
};

static uint32_t le32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

/* ---------------- strings ---------------- */

/* Windows-1252's 0x80-0x9F (the rest is Latin-1); undefined bytes keep their C1 code point. */
static const uint16_t cp1252_hi[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
  0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
  0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

static size_t put_utf8(char *o, uint32_t c) {
  if (c < 0x80) return o[0] = (char)c, 1;
  if (c < 0x800) return o[0] = (char)(0xC0 | c >> 6), o[1] = (char)(0x80 | (c & 0x3F)), 2;
  if (c < 0x10000)
    return o[0] = (char)(0xE0 | c >> 12), o[1] = (char)(0x80 | (c >> 6 & 0x3F)), o[2] = (char)(0x80 | (c & 0x3F)), 3;
  o[0] = (char)(0xF0 | c >> 18), o[1] = (char)(0x80 | (c >> 12 & 0x3F));
  o[2] = (char)(0x80 | (c >> 6 & 0x3F)), o[3] = (char)(0x80 | (c & 0x3F));
  return 4;
}

/* A string value as UTF-8 (owned STR), ending at the first NUL as a C reader sees it:
 * PtypString (UTF-16LE; unpaired surrogates become U+FFFD) or PtypString8 (code page 1252). */
static xv str_of(const pprop *p) {
  if (!p || (p->type != 0x001F && p->type != 0x001E)) return xv_null();
  char *o = malloc((size_t)p->len * 2 + 4);
  size_t k = 0;
  if (!o) return xv_null();
  if (p->type == 0x001E) {
    for (uint32_t i = 0; i < p->len && p->v[i]; i++) {
      uint8_t b = p->v[i];
      k += put_utf8(o + k, b >= 0x80 && b < 0xA0 ? cp1252_hi[b - 0x80] : b);
    }
  } else {
    for (uint32_t i = 0; i + 1 < p->len; i += 2) {
      uint32_t c = (uint32_t)p->v[i] | (uint32_t)p->v[i + 1] << 8;
      if (c == 0) break;
      if (c >= 0xD800 && c < 0xDC00 && i + 3 < p->len) {
        uint32_t d = (uint32_t)p->v[i + 2] | (uint32_t)p->v[i + 3] << 8;
        if (d >= 0xDC00 && d < 0xE000) c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00), i += 2;
        else c = 0xFFFD;
      } else if (c >= 0xD800 && c < 0xE000) {
        c = 0xFFFD;
      }
      k += put_utf8(o + k, c);
    }
  }
  xv out = xv_strn(o, k);
  free(o);
  return out;
}

static xv ps_str(pset *ps, uint16_t id) { return str_of(pset_get(ps, id)); }

/* A 16- or 32-bit integer or boolean; false when absent or of another type. */
static bool ps_int(pset *ps, uint16_t id, int64_t *out) {
  const pprop *p = pset_get(ps, id);
  if (!p) return false;
  if (p->type == 0x0003 && p->len >= 4) return *out = (int32_t)le32(p->v), true;
  if (p->type == 0x0002 && p->len >= 2) return *out = (uint16_t)(p->v[0] | p->v[1] << 8), true;
  if (p->type == 0x000B && p->len >= 1) return *out = p->v[0], true;
  return false;
}

static bool ps_filetime(pset *ps, uint16_t id, int64_t *out) {
  const pprop *p = pset_get(ps, id);
  if (!p || p->type != 0x0040 || p->len < 8) return false;
  uint64_t ft = (uint64_t)le32(p->v) | (uint64_t)le32(p->v + 4) << 32;
  if (!ft) return false;
  *out = (int64_t)ft;
  return true;
}

static xv set_str(xv d, const char *key, xv s) {
  if (s.kind == XV_NULL) return d;
  return xv_set(d, key, s);
}

static xv set_int(xv d, const char *key, pset *ps, uint16_t id) {
  int64_t v;
  return ps_int(ps, id, &v) ? xv_set(d, key, xv_int(v)) : d;
}

static xv set_time(xv d, const char *key, pset *ps, uint16_t id) {
  int64_t v;
  return ps_filetime(ps, id, &v) ? xv_set(d, key, xv_int(v)) : d;
}

/* PidTagSubject may begin with 0x01 and a prefix length (MS-OXCMSG's subject prefix). */
static xv subject_clean(xv s) {
  const char *p = xv_str_b(s);
  if (!p || p[0] != 0x01 || !p[1]) return s;
  xv out = xv_str(p + 2);
  xv_free(s);
  return out;
}

static xv hex_of(const unsigned char *b, size_t len) {
  static const char hex[] = "0123456789abcdef";
  char *h = malloc(2 * len + 1);
  if (!h) return xv_null();
  for (size_t i = 0; i < len; i++) h[2 * i] = hex[b[i] >> 4], h[2 * i + 1] = hex[b[i] & 15];
  h[2 * len] = '\0';
  xv out = xv_set(xv_dict(), "Binary", xv_str(h));
  free(h);
  return out;
}

/* ---------------- recipients, sender, properties ---------------- */

/* The recipient table as the model's Recipients array (EX addresses fall back to 0x39FE). */
static xv recipients_read(pstr *r, uint64_t bid_sub) {
  xv arr = xv_arr();
  tc *t = NULL;
  if (tc_open(r->db, 0, bid_sub, NID_RECIPIENTS, &t) != 1) return arr;
  for (size_t i = 0; i < tc_rows(t); i++) {
    pset rs;
    if (tc_row(t, i, &rs)) continue;
    xv rc = xv_dict(), email = ps_str(&rs, P_EMAIL), type = ps_str(&rs, P_ADDRTYPE);
    xv smtp = ps_str(&rs, P_SMTP);
    rc = set_str(rc, "Name", ps_str(&rs, P_DISPLAY_NAME));
    if (smtp.kind == XV_STR && (email.kind == XV_NULL || !strchr(xv_str_b(email), '@'))) {
      xv_free(email);
      xv_free(type);
      email = smtp;
      type = xv_str("SMTP");
    } else {
      xv_free(smtp);
    }
    rc = set_str(rc, "Email", email);
    rc = set_str(rc, "AddressType", type);
    int64_t k;
    rc = xv_set(rc, "Type", xv_int(ps_int(&rs, P_RCPT_TYPE, &k) ? k : 1));
    arr = xv_arr_push(arr, rc);
    pset_free(&rs);
  }
  tc_free(t);
  return arr;
}

/* Sender name, address and type; an EX (X.500) address falls back to PidTagSenderSmtpAddress. */
static xv sender_read(xv m, pset *ps) {
  xv name = ps_str(ps, P_SENDER_NAME), email = ps_str(ps, P_SENDER_EMAIL);
  xv type = ps_str(ps, P_SENDER_ADDRTYPE);
  if (name.kind == XV_NULL) name = ps_str(ps, P_SENT_REPR_NAME);
  if (email.kind == XV_NULL) email = ps_str(ps, P_SENT_REPR_EMAIL);
  if (email.kind == XV_NULL || !strchr(xv_str_b(email), '@')) {
    xv smtp = ps_str(ps, P_SENDER_SMTP);
    if (smtp.kind == XV_STR) {
      xv_free(email);
      xv_free(type);
      email = smtp;
      type = xv_str("SMTP");
    }
  }
  m = set_str(m, "SenderName", name);
  m = set_str(m, "SenderEmail", email);
  return set_str(m, "SenderAddressType", type);
}

/* Properties the model maps to its own keys, and those that only make sense inside the file
 * they came from (sizes, entry ids of this store, provider-internal ranges): not kept. */
static bool prop_skipped(uint32_t id) {
  static const uint16_t mapped[] = {P_MSG_CLASS, P_SUBJECT, P_IMPORTANCE, P_SUBMIT_TIME,
    P_TRANSPORT_HEADERS, P_SENDER_NAME, P_SENDER_ADDRTYPE, P_SENDER_EMAIL, P_SENT_REPR_NAME,
    P_SENT_REPR_EMAIL, P_DISPLAY_CC, P_DISPLAY_TO, P_DELIVERY_TIME, P_FLAGS, P_INET_MSGID,
    P_RTF_COMPRESSED, P_CREATION_TIME, P_MODIFICATION_TIME, P_SENDER_SMTP, 0x1000, 0x1013,
    0x0E08, 0x0E09, 0x0E0A, 0x0E12, 0x0E13, 0x0E17, 0x0E1B, 0x3000, 0x3010};
  for (size_t i = 0; i < sizeof mapped / sizeof *mapped; i++)
    if (id == mapped[i]) return true;
  return id >= 0x8000 || (id >= 0x0E20 && id <= 0x0E2F) || (id >= 0x0FF0 && id <= 0x0FFF) ||
         (id >= 0x3FE0 && id <= 0x3FFF && id != 0x3FF1) || (id >= 0x6600 && id <= 0x67FF);
}

/* One property as a Properties value, keyed "0xPPPPTTTT" in key; a NULL xv when its type
 * isn't one the model keeps (strings come out as UTF-8, type 001F). */
static xv prop_value(const pprop *p, char *key, size_t n) {
  uint16_t type = p->type;
  xv out = xv_null();
  switch (type) {
  case 0x0003:
    if (p->len >= 4) out = xv_int((int32_t)le32(p->v));
    break;
  case 0x0002:
    if (p->len >= 2) out = xv_int((int16_t)(p->v[0] | p->v[1] << 8));
    break;
  case 0x000B:
    if (p->len >= 1) out = xv_int(p->v[0]);
    break;
  case 0x0014: case 0x0040:
    if (p->len >= 8) out = xv_int((int64_t)((uint64_t)le32(p->v) | (uint64_t)le32(p->v + 4) << 32));
    break;
  case 0x001E: case 0x001F:
    out = str_of(p);
    type = 0x001F;
    break;
  case 0x0102:
    if (p->len <= 65536) out = hex_of(p->v, p->len);
    break;
  default:
    break;
  }
  snprintf(key, n, "0x%04X%04X", p->id, type);
  return out;
}

/* A named property's key (pst_read.h): "{guid}:0xLLLL:TTTT" or "{guid}:name=NAME:TTTT", from
 * the file's name-to-id map; false when the map has no entry for it. */
static bool named_key(pstr *r, uint16_t id, const char *typed, char *key, size_t n) {
  size_t i = (size_t)id - 0x8000;
  if (id < 0x8000 || i >= r->nnames) return false;
  const named *e = &r->names[i];
  const uint8_t *g = e->guid;
  int k = snprintf(key, n, "{%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x}:",
                   g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12],
                   g[13], g[14], g[15]);
  if (e->is_name) return e->name && snprintf(key + k, n - (size_t)k, "name=%s:%s", e->name, typed) < (int)(n - (size_t)k);
  return snprintf(key + k, n - (size_t)k, "0x%04X:%s", e->lid, typed) < (int)(n - (size_t)k);
}

/* The message's other properties as the model's Properties DICT: plain properties of the
 * types the model keeps, named ones (pst_read.h says how they are keyed) and the compressed
 * RTF body. */
static xv props_read(pstr *r, pset *ps) {
  xv d = xv_dict();
  pset_load_all(ps);        /* a value that can't be read stays empty (len 0) */
  char key[320], plain[16];
  for (size_t i = 0; i < ps->n; i++) {
    const pprop *p = &ps->p[i];
    if (p->sub) continue;   /* its subnode couldn't be read */
    if (p->id >= 0x8000 && p->id <= 0xFFFE) {
      xv v = prop_value(p, plain, sizeof plain);      /* plain: "0xPPPPTTTT" */
      if (v.kind != XV_NULL && named_key(r, p->id, plain + 6, key, sizeof key)) d = xv_set(d, key, v);
      else xv_free(v);
    } else if (!prop_skipped(p->id)) {
      xv v = prop_value(p, key, sizeof key);
      if (v.kind != XV_NULL) d = xv_set(d, key, v);
    }
  }
  const pprop *rtf = pset_get(ps, P_RTF_COMPRESSED);   /* kept whatever its size */
  if (rtf && rtf->len) d = xv_set(d, "0x10090102", hex_of(rtf->v, rtf->len));
  return d;
}

/* A body (plain text or HTML): strings as UTF-8, binaries as stored, trailing NULs cut. */
static xv body_of(pset *ps, uint16_t id) {
  const pprop *p = pset_get(ps, id);
  if (!p) return xv_null();
  if (p->type == 0x001E || p->type == 0x001F) {
    xv s = str_of(p);
    if (s.kind == XV_STR && xv_strlen_b(s) == 0) return xv_free(s), xv_null();
    return s;
  }
  if (p->type != 0x0102) return xv_null();
  uint32_t len = p->len;
  while (len && p->v[len - 1] == 0) len--;
  return len ? xv_strn((const char *)p->v, len) : xv_null();
}

/* ---------------- messages ---------------- */

static xv message_read(pstr *r, pset *ps, int depth, char *why, size_t n);

/* ndb_alloc_fn for a value read straight into a new STR (*ud). */
static void *alloc_str(void *ud, size_t n) {
  char *buf;
  *(xv *)ud = xv_str_uninit(n, &buf);
  return buf;
}

/* One attachment (subnode nid of the message) as the model's DICT. */
static bool attachment_read(pstr *r, uint64_t msg_sub, uint32_t nid, int depth, xv *out,
                            char *why, size_t n) {
  pset as;
  /* a corrupt file can make an embedded message hold itself: depth stops the nesting, this the
   * fan-out (2 attachments a level, 64 levels, would be 2^64 reads) */
  if (--r->budget < 0)
    return snprintf(why, n, "it holds more than %d attachments and embedded messages (the file "
                    "loops)", PSTR_MAX_PARTS), false;
  int rc = pset_sub(r->db, msg_sub, nid, &as);
  if (rc <= 0)
    return snprintf(why, n, "an attachment couldn't be opened (%s)",
                    rc < 0 ? ndb_why(r->db) : "its node is missing"), false;
  xv a = xv_dict();
  bool ok = true;
  int64_t method = 1;
  ps_int(&as, P_ATT_METHOD, &method);
  a = set_str(a, "FileName", ps_str(&as, P_ATT_FILENAME));
  a = set_str(a, "LongFileName", ps_str(&as, P_ATT_LONG_FILENAME));
  a = set_str(a, "MimeType", ps_str(&as, P_ATT_MIME));
  a = set_str(a, "ContentId", ps_str(&as, P_ATT_CONTENT_ID));
  const pprop *data = NULL;
  for (size_t i = 0; i < as.n && !data; i++)     /* not pset_get: the bytes are read below */
    if (as.p[i].id == P_ATT_DATA) data = &as.p[i];
  if (method == 5 && data && data->type == 0x000D && (data = pset_get(&as, P_ATT_DATA)) && data->len >= 4) {
    pset ms;
    rc = pset_sub(r->db, as.bid_sub, le32(data->v), &ms);
    if (rc <= 0) {
      snprintf(why, n, "an embedded message couldn't be opened (%s)",
               rc < 0 ? ndb_why(r->db) : "its node is missing");
      ok = false;
    } else {
      xv m = message_read(r, &ms, depth + 1, why, n);
      ok = m.kind != XV_NULL;
      a = xv_set(xv_set(a, "Method", xv_int(5)), "Message", m);
      pset_free(&ms);
    }
  } else {
    xv bytes = xv_str("");
    uint8_t *buf;
    size_t len;
    if (data && data->type == 0x0102) {       /* straight from its blocks into the string */
      xv_free(bytes);
      bytes = xv_null();
      if (pset_read_into(&as, data, alloc_str, &bytes, &buf, &len)) {
        snprintf(why, n, "an attachment's data couldn't be read (%s)", ndb_why(r->db));
        xv_free(bytes);
        xv_free(a);
        pset_free(&as);
        return false;
      }
    }
    a = xv_set(a, "Method", xv_int(1));
    a = xv_set(a, "Size", xv_int((int64_t)xv_strlen_b(bytes)));
    a = xv_set(a, "Data", bytes);
  }
  pset_free(&as);
  if (!ok) xv_free(a), a = xv_null();
  *out = a;
  return ok;
}

static bool attachments_read(pstr *r, uint64_t msg_sub, int depth, xv *out, char *why, size_t n) {
  xv arr = xv_arr();
  tc *t = NULL;
  int rc = tc_open(r->db, 0, msg_sub, NID_ATTACHMENTS, &t);
  if (rc < 0) {
    snprintf(why, n, "its attachment table can't be read (%s)", ndb_why(r->db));
    xv_free(arr);
    return false;
  }
  for (size_t i = 0; t && i < tc_rows(t); i++) {
    pset row;
    int64_t nid = 0;
    if (tc_row(t, i, &row) || !ps_int(&row, P_ROW_ID, &nid)) {
      if (row.p) pset_free(&row);
      snprintf(why, n, "attachment %zu of %zu couldn't be opened (%s)", i + 1, tc_rows(t), ndb_why(r->db));
      tc_free(t);
      xv_free(arr);
      return false;
    }
    pset_free(&row);
    xv a;
    if (!attachment_read(r, msg_sub, (uint32_t)nid, depth, &a, why, n)) {
      tc_free(t);
      xv_free(arr);
      return false;
    }
    arr = xv_arr_push(arr, a);
  }
  tc_free(t);
  *out = arr;
  return true;
}

/* A message (or embedded message) as the model DICT; a NULL xv with why set when it can't be
 * read. */
static xv message_read(pstr *r, pset *ps, int depth, char *why, size_t n) {
  xv m = xv_dict(), atts;
  if (depth > PSTR_MAX_DEPTH)
    return snprintf(why, n, "embedded messages nest too deep"), xv_free(m), xv_null();
  xv cls = ps_str(ps, P_MSG_CLASS);
  m = xv_set(m, "MessageClass", cls.kind == XV_NULL ? xv_str("IPM.Note") : cls);
  m = set_str(m, "Subject", subject_clean(ps_str(ps, P_SUBJECT)));
  m = sender_read(m, ps);
  m = set_str(m, "DisplayTo", ps_str(ps, P_DISPLAY_TO));
  m = set_str(m, "DisplayCc", ps_str(ps, P_DISPLAY_CC));
  m = xv_set(m, "Recipients", recipients_read(r, ps->bid_sub));
  m = set_time(m, "SentTime", ps, P_SUBMIT_TIME);
  m = set_time(m, "ReceivedTime", ps, P_DELIVERY_TIME);
  m = set_time(m, "CreationTime", ps, P_CREATION_TIME);
  m = set_time(m, "ModificationTime", ps, P_MODIFICATION_TIME);
  m = set_int(m, "Importance", ps, P_IMPORTANCE);
  m = set_int(m, "Flags", ps, P_FLAGS);
  m = set_str(m, "InternetMessageId", ps_str(ps, P_INET_MSGID));
  m = set_str(m, "TransportHeaders", ps_str(ps, P_TRANSPORT_HEADERS));
  m = set_str(m, "Body", body_of(ps, P_BODY));
  m = set_str(m, "BodyHtml", body_of(ps, P_HTML));
  xv props = props_read(r, ps);
  if (xv_len_b(props)) m = xv_set(m, "Properties", props);
  else xv_free(props);
  if (!attachments_read(r, ps->bid_sub, depth, &atts, why, n)) return xv_free(m), xv_null();
  return xv_set(m, "Attachments", atts);
}

/* ---------------- the file ---------------- */

static int node_cmp(const void *a, const void *b) {
  const node *x = a, *y = b;
  if (x->parent != y->parent) return x->parent < y->parent ? -1 : 1;
  return x->nid < y->nid ? -1 : x->nid > y->nid;
}

static int index_node(void *ud, uint32_t nid, uint64_t data, uint64_t sub, uint32_t parent) {
  pstr *r = ud;
  node **arr;
  size_t *len, *cap;
  if ((nid & 0x1F) == NT_NORMAL_FOLDER) arr = &r->fold, len = &r->nfold, cap = &r->capfold;
  else if ((nid & 0x1F) == NT_NORMAL_MESSAGE) arr = &r->msg, len = &r->nmsg, cap = &r->capmsg;
  else return 0;
  if (*len == *cap) {
    size_t c = *cap ? *cap * 2 : 64;
    node *na = realloc(*arr, c * sizeof *na);
    if (!na) return 1;
    *arr = na, *cap = c;
  }
  (*arr)[(*len)++] = (node){nid, parent, data, sub};
  return 0;
}

/* The first node of arr (sorted) whose parent is parent; *count how many follow. */
static const node *children(const node *arr, size_t n, uint32_t parent, size_t *count) {
  size_t lo = 0, hi = n;
  *count = 0;
  if (!n) return arr;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (arr[mid].parent < parent) lo = mid + 1;
    else hi = mid;
  }
  size_t end = lo;
  while (end < n && arr[end].parent == parent) end++;
  *count = end - lo;
  return arr + lo;
}

static const node *folder_node(const pstr *r, uint32_t nid) {
  for (size_t i = 0; i < r->nfold; i++)
    if (r->fold[i].nid == nid) return &r->fold[i];
  return NULL;
}

/* The name-to-id map (node 0x61), when there is one: entry i is property 0x8000 + i. */
static void names_load(pstr *r) {
  uint64_t data, sub;
  uint32_t parent;
  pset ps;
  if (ndb_node(r->db, NID_NAME_TO_ID_MAP, &data, &sub, &parent) != 1 || pset_node(r->db, data, sub, &ps))
    return;
  const pprop *guids = pset_get(&ps, 0x0002), *ents = pset_get(&ps, 0x0003), *strs = pset_get(&ps, 0x0004);
  size_t n = ents && ents->type == 0x0102 ? ents->len / 8 : 0;
  r->names = n ? calloc(n, sizeof *r->names) : NULL;
  if (!r->names) n = 0;
  static const uint8_t ps_mapi[16] = {0x28, 0x03, 0x02, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46};
  static const uint8_t ps_public[16] = {0x29, 0x03, 0x02, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46};
  for (size_t i = 0; i < n; i++) {
    const uint8_t *e = ents->v + i * 8;
    uint32_t key = le32(e);
    unsigned w = (unsigned)(e[4] | e[5] << 8), idx = (unsigned)(e[6] | e[7] << 8), g = w >> 1;
    if (idx >= n) continue;
    named *d = &r->names[idx];
    if (g == 1) memcpy(d->guid, ps_mapi, 16);
    else if (g == 2) memcpy(d->guid, ps_public, 16);
    else if (g >= 3 && guids && (size_t)(g - 3) * 16 + 16 <= guids->len) memcpy(d->guid, guids->v + (size_t)(g - 3) * 16, 16);
    d->is_name = w & 1;
    d->lid = key;
    if (d->is_name && strs && (size_t)key + 4 <= strs->len) {
      uint32_t len = le32(strs->v + key);
      if (len <= strs->len - key - 4) {
        pprop s = {0, 0x001F, len, strs->v + key + 4, 0};
        xv name = str_of(&s);
        free(d->name);
        d->name = xv_str_b(name) ? strdup(xv_str_b(name)) : NULL;
        xv_free(name);
      }
    }
  }
  r->nnames = n;
  pset_free(&ps);
}

/* The IPM subtree's node id from the message store's PidTagIpmSubTreeEntryId (a 24-byte
 * PST entry id: flags, provider uid, nid); 0 when absent. */
static uint32_t ipm_subtree_nid(pstr *r) {
  uint64_t data, sub;
  uint32_t parent, nid = 0;
  pset ps;
  if (ndb_node(r->db, NID_MESSAGE_STORE, &data, &sub, &parent) != 1 || pset_node(r->db, data, sub, &ps))
    return 0;
  const pprop *eid = pset_get(&ps, P_IPM_SUBTREE_EID);
  if (eid && eid->len >= 24) nid = le32(eid->v + 20);
  pset_free(&ps);
  return nid;
}

/* A folder's name, with '\' (the path separator) replaced by '_'. */
static void folder_name(pset *ps, char *buf, size_t n) {
  xv s = ps_str(ps, P_DISPLAY_NAME);
  snprintf(buf, n, "%s", xv_str_b(s) ? xv_str_b(s) : "");
  xv_free(s);
  for (char *p = buf; *p; p++)
    if (*p == '\\') *p = '_';
}

int pstr_open(const char *path, pstr **out, char *err, size_t n) {
  *out = NULL;
  pstr *r = calloc(1, sizeof *r);
  if (!r || !(r->path = strdup(path))) return free(r), snprintf(err, n, "Out of memory."), -1;
  if (ndb_open(path, &r->db, err, n)) return pstr_close(r), -1;
  int rc = ndb_nbt_each(r->db, index_node, r);
  if (rc) {
    snprintf(err, n, "The file '%s' is corrupt, so it can't be read as a PST file (%s).", path,
             rc < 0 ? ndb_why(r->db) : "out of memory");
    return pstr_close(r), -1;
  }
  if (r->nfold) qsort(r->fold, r->nfold, sizeof *r->fold, node_cmp);
  if (r->nmsg) qsort(r->msg, r->nmsg, sizeof *r->msg, node_cmp);
  if (!(r->fgen = calloc(r->nfold ? r->nfold : 1, sizeof *r->fgen))) {
    snprintf(err, n, "Out of memory.");
    return pstr_close(r), -1;
  }
  if (!folder_node(r, NID_ROOT_FOLDER)) {
    snprintf(err, n, "The file '%s' is corrupt: its folder tree can't be read (it has no root "
             "folder).", path);
    return pstr_close(r), -1;
  }
  names_load(r);
  r->ipm_nid = ipm_subtree_nid(r);
  if (r->ipm_nid && !folder_node(r, r->ipm_nid)) r->ipm_nid = 0;
  if (!r->ipm_nid) {       /* the root's subfolder "Top of Personal Folders", else the root */
    size_t k;
    const node *c = children(r->fold, r->nfold, NID_ROOT_FOLDER, &k);
    for (size_t i = 0; i < k && !r->ipm_nid; i++) {
      pset ps;
      char name[512];
      if (c[i].nid == NID_ROOT_FOLDER || pset_node(r->db, c[i].data, c[i].sub, &ps)) continue;
      folder_name(&ps, name, sizeof name);
      if (!strncasecmp(name, "Top of ", 7)) r->ipm_nid = c[i].nid;
      pset_free(&ps);
    }
    if (!r->ipm_nid) r->ipm_nid = NID_ROOT_FOLDER;
  }
  *out = r;
  return 0;
}

void pstr_close(pstr *r) {
  if (!r) return;
  ndb_close(r->db);
  for (size_t i = 0; i < r->nnames; i++) free(r->names[i].name);
  free(r->names);
  free(r->fold);
  free(r->fgen);
  free(r->msg);
  free(r->path);
  free(r);
}

bool pstr_is_ansi(pstr *r) { return ndb_ansi(r->db); }

/* Marks folder f seen by the walk in progress: false if it already was (a corrupt file can
 * make a folder its own ancestor; each folder is visited once). */
static bool folder_first(pstr *r, const node *f) {
  size_t i = (size_t)(f - r->fold);
  if (r->fgen[i] == r->gen) return false;
  r->fgen[i] = r->gen;
  return true;
}

static long folder_count(pstr *r, const node *f, int depth) {
  size_t msgs, subs;
  if (depth > PSTR_MAX_DEPTH || !folder_first(r, f)) return 0;
  children(r->msg, r->nmsg, f->nid, &msgs);
  const node *c = children(r->fold, r->nfold, f->nid, &subs);
  long total = (long)msgs;
  for (size_t i = 0; i < subs; i++) total += folder_count(r, &c[i], depth + 1);
  return total;
}

long pstr_item_count(pstr *r) {
  const node *top = folder_node(r, r->ipm_nid);
  r->gen++;
  return top ? folder_count(r, top, 0) : 0;
}

typedef struct walk {
  pstr *r;
  const pstr_visitor *v;
  void *ud;
} walk;

/* Reports an unreadable item or subfolder: what ("Item", "Subfolder") number i of path. */
static int walk_bad(walk *w, const char *path, const char *what, size_t i, const char *why) {
  char msg[1024];
  snprintf(msg, sizeof msg, "%s %zu in folder '%s' can't be read: %s.", what, i, path, why);
  return w->v->bad ? w->v->bad(w->ud, path, msg) : PSTR_GO;
}

static int walk_messages(walk *w, uint32_t fnid, const char *path) {
  char why[512];
  int rc = PSTR_GO;
  size_t count;
  const node *c = children(w->r->msg, w->r->nmsg, fnid, &count);
  for (size_t i = 0; i < count && rc == PSTR_GO; i++) {
    pset ps;
    if (pset_node(w->r->db, c[i].data, c[i].sub, &ps)) {
      rc = walk_bad(w, path, "Item", i + 1, ndb_why(w->r->db));
      continue;
    }
    why[0] = '\0';
    w->r->budget = PSTR_MAX_PARTS;
    xv m = message_read(w->r, &ps, 0, why, sizeof why);
    pset_free(&ps);
    if (m.kind == XV_NULL)
      rc = walk_bad(w, path, "Item", i + 1, why);
    else if (w->v->message)
      rc = w->v->message(w->ud, path, m);
    else
      xv_free(m);
  }
  return rc;
}

/* Visits folder f (at path) and its subfolders, parents first. */
static int walk_folder(walk *w, const node *f, const char *path, int depth) {
  pset ps;
  xv cls = xv_null();
  size_t msgs, subs;
  int rc = PSTR_GO;
  char name[512];
  if (!folder_first(w->r, f)) return PSTR_GO;
  if (pset_node(w->r->db, f->data, f->sub, &ps) == 0) {
    cls = ps_str(&ps, P_CONTAINER_CLASS);
    pset_free(&ps);
  }
  children(w->r->msg, w->r->nmsg, f->nid, &msgs);
  uint32_t fnid = f->nid;            /* f points into r->fold, which doesn't move */
  if (w->v->folder) rc = w->v->folder(w->ud, path, xv_str_b(cls), (long)msgs);
  xv_free(cls);
  if (rc == PSTR_GO) rc = walk_messages(w, fnid, path);
  if (rc == PSTR_SKIP) rc = PSTR_GO;
  const node *c = children(w->r->fold, w->r->nfold, fnid, &subs);
  if (depth >= PSTR_MAX_DEPTH) subs = 0;
  for (size_t i = 0; i < subs && rc == PSTR_GO; i++) {
    if (c[i].nid == fnid || w->r->fgen[&c[i] - w->r->fold] == w->r->gen) continue;
    if (pset_node(w->r->db, c[i].data, c[i].sub, &ps)) {
      rc = walk_bad(w, path, "Subfolder", i + 1, ndb_why(w->r->db));
      continue;
    }
    folder_name(&ps, name, sizeof name);
    pset_free(&ps);
    if (!name[0]) snprintf(name, sizeof name, "Folder %zu", i + 1);
    size_t plen = strlen(path) + strlen(name) + 2;
    char *child = malloc(plen);
    if (child) {
      snprintf(child, plen, "%s%s%s", strcmp(path, "\\") ? path : "", "\\", name);
      rc = walk_folder(w, &c[i], child, depth + 1);
      free(child);
    }
  }
  return rc;
}

int pstr_walk(pstr *r, const pstr_visitor *v, void *ud, char *err, size_t n) {
  walk w = {r, v, ud};
  const node *top = folder_node(r, r->ipm_nid);
  if (!top) return snprintf(err, n, "The folder tree of '%s' can't be read.", r->path), -1;
  r->gen++;
  int rc = walk_folder(&w, top, "\\", 0);
  return rc == PSTR_STOP ? PSTR_STOP : 0;
}
