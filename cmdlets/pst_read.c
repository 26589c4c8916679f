/* pst_read.c — turns an Outlook .pst into exsh's message model with libpff (the reader half
 * of Import-Mailbox). Owns the libpff handles, the IPM-subtree walk and the property-to-model
 * mapping; filters, duplicates and the store are mailbox_pst.c's. Every libpff item and
 * error is freed on the path that got it; only one message (with its attachments and
 * embedded messages) is in memory at a time.
 * Entries: pstr_open(), pstr_item_count(), pstr_walk(), pstr_close() (pst_read.h). */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <libpff.h>
#include "pst_read.h"

#define PSTR_MAX_DEPTH 64          /* folder and embedded-message nesting we follow */
#define PSTR_CHUNK (16 << 20)      /* attachment bytes read per call: most in one */

struct pstr {
  libpff_file_t *file;    /* open file; closed and freed by pstr_close */
  char *path;             /* the path as given, for messages; freed by pstr_close */
  bool ansi;              /* 32-bit file: strings in code page 1252 */
  uint32_t ipm_nid;       /* node id of the IPM subtree folder; 0: not found, use a fallback */
};

/* MAPI property ids read here (PidTag*; value types are matched loosely). */
enum {
  P_MSG_CLASS = 0x001A, P_SUBJECT = 0x0037, P_IMPORTANCE = 0x0017, P_SUBMIT_TIME = 0x0039,
  P_TRANSPORT_HEADERS = 0x007D, P_SENDER_NAME = 0x0C1A, P_SENDER_ADDRTYPE = 0x0C1E,
  P_SENDER_EMAIL = 0x0C1F, P_SENT_REPR_NAME = 0x0042, P_SENT_REPR_EMAIL = 0x0065,
  P_DISPLAY_CC = 0x0E03, P_DISPLAY_TO = 0x0E04, P_DELIVERY_TIME = 0x0E06, P_FLAGS = 0x0E07,
  P_INET_MSGID = 0x1035, P_RTF_COMPRESSED = 0x1009,
  P_CREATION_TIME = 0x3007, P_MODIFICATION_TIME = 0x3008,
  P_DISPLAY_NAME = 0x3001, P_ADDRTYPE = 0x3002, P_EMAIL = 0x3003, P_RCPT_TYPE = 0x0C15,
  P_SMTP = 0x39FE, P_SENDER_SMTP = 0x5D01, P_CONTAINER_CLASS = 0x3613,
  P_ATT_FILENAME = 0x3704, P_ATT_METHOD = 0x3705, P_ATT_LONG_FILENAME = 0x3707,
  P_ATT_MIME = 0x370E, P_ATT_CONTENT_ID = 0x3712, P_IPM_SUBTREE_EID = 0x35E0,
};

/* ---------------- libpff's block checksum, faster ---------------- */

/* libpff checks the CRC of every block it reads with libfmapi's weak CRC-32 (reflected
 * polynomial 0xEDB88320, no pre- or post-inversion), a byte at a time: a quarter of the
 * reader's time. libpff calls it through its PLT, so this definition, exported by the
 * executable (the linker exports a symbol a linked shared library also defines), takes its
 * place: the same function, eight bytes a step (slicing-by-8). Same signature and result:
 * int f(uint32_t *crc, const uint8_t *buf, size_t size, uint32_t initial, error **) -> 1.
 * The round-trip tests read every sample through it; a wrong CRC fails every block. */
static uint32_t crc_tab[8][256];

static void crc_init(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320U ^ (c >> 1) : c >> 1;
    crc_tab[0][i] = c;
  }
  for (uint32_t i = 0; i < 256; i++)
    for (int t = 1; t < 8; t++) crc_tab[t][i] = crc_tab[0][crc_tab[t - 1][i] & 0xFF] ^ (crc_tab[t - 1][i] >> 8);
}

static uint32_t pstr_weak_crc32(uint32_t crc, const uint8_t *p, size_t n) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, crc_init);
  for (; n && ((uintptr_t)p & 7); n--) crc = crc_tab[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
  for (; n >= 8; n -= 8, p += 8) {
    uint32_t lo, hi;
    memcpy(&lo, p, 4), memcpy(&hi, p + 4, 4);   /* little-endian hosts (x86-64, arm64) */
    lo ^= crc;
    crc = crc_tab[7][lo & 0xFF] ^ crc_tab[6][lo >> 8 & 0xFF] ^ crc_tab[5][lo >> 16 & 0xFF] ^
          crc_tab[4][lo >> 24] ^ crc_tab[3][hi & 0xFF] ^ crc_tab[2][hi >> 8 & 0xFF] ^
          crc_tab[1][hi >> 16 & 0xFF] ^ crc_tab[0][hi >> 24];
  }
  while (n--) crc = crc_tab[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
  return crc;
}

#if defined(__x86_64__) || defined(__aarch64__)
int libfmapi_checksum_calculate_weak_crc32(uint32_t *crc32, const uint8_t *buffer, size_t size,
                                           uint32_t initial_value, void **error);
int libfmapi_checksum_calculate_weak_crc32(uint32_t *crc32, const uint8_t *buffer, size_t size,
                                           uint32_t initial_value, void **error) {
  (void)error;
  if (!crc32 || !buffer || size > (size_t)SSIZE_MAX) return -1;
  *crc32 = pstr_weak_crc32(initial_value, buffer, size);
  return 1;
}
#endif

/* ---------------- errors ---------------- */

/* The last line of a libpff error (its most specific reason), then frees it. */
static void pff_take(libpff_error_t **e, char *buf, size_t n) {
  char all[2048] = "";
  if (n) buf[0] = '\0';
  if (!*e) return;
  libpff_error_sprint(*e, all, sizeof all);
  libpff_error_free(e);
  size_t len = strlen(all);
  while (len && (all[len - 1] == '\n' || all[len - 1] == '.')) all[--len] = '\0';
  const char *last = strrchr(all, '\n');
  snprintf(buf, n, "%s", last ? last + 1 : all);
}

static void pff_drop(libpff_error_t **e) {
  if (*e) libpff_error_free(e);
}

static void item_free(libpff_item_t **item) {
  libpff_error_t *e = NULL;
  if (*item && libpff_item_free(item, &e) != 1) pff_drop(&e);
  *item = NULL;
}

/* ---------------- properties of record set 0 ---------------- */

/* Record set 0 of item (the object's own properties), or NULL. Free with rs_free. */
static libpff_record_set_t *rs_get(libpff_item_t *item) {
  libpff_record_set_t *rs = NULL;
  libpff_error_t *e = NULL;
  if (libpff_item_get_record_set_by_index(item, 0, &rs, &e) != 1) pff_drop(&e), rs = NULL;
  return rs;
}

static void rs_free(libpff_record_set_t **rs) {
  libpff_error_t *e = NULL;
  if (*rs && libpff_record_set_free(rs, &e) != 1) pff_drop(&e);
  *rs = NULL;
}

static libpff_record_entry_t *rs_entry(libpff_record_set_t *rs, uint32_t id) {
  libpff_record_entry_t *re = NULL;
  libpff_error_t *e = NULL;
  if (!rs) return NULL;
  if (libpff_record_set_get_entry_by_type(rs, id, 0, &re, LIBPFF_ENTRY_VALUE_FLAG_MATCH_ANY_VALUE_TYPE,
                                          &e) != 1)
    pff_drop(&e), re = NULL;
  return re;
}

static void re_free(libpff_record_entry_t **re) {
  libpff_error_t *e = NULL;
  if (*re && libpff_record_entry_free(re, &e) != 1) pff_drop(&e);
  *re = NULL;
}

/* A string property as UTF-8 (owned STR), or a NULL xv when absent or unreadable. */
static xv rs_str(libpff_record_set_t *rs, uint32_t id) {
  libpff_record_entry_t *re = rs_entry(rs, id);
  libpff_error_t *e = NULL;
  size_t size = 0;
  xv out = xv_null();
  if (!re) return out;
  if (libpff_record_entry_get_data_as_utf8_string_size(re, &size, &e) == 1 && size > 0) {
    uint8_t *buf = malloc(size);
    if (buf && libpff_record_entry_get_data_as_utf8_string(re, buf, size, &e) == 1)
      out = xv_strn((const char *)buf, strnlen((const char *)buf, size));
    free(buf);
  }
  pff_drop(&e);
  re_free(&re);
  return out;
}

/* A 16- or 32-bit integer or boolean property; false when absent. */
static bool rs_int(libpff_record_set_t *rs, uint32_t id, int64_t *out) {
  libpff_record_entry_t *re = rs_entry(rs, id);
  libpff_error_t *e = NULL;
  uint32_t v32 = 0;
  uint16_t v16 = 0;
  uint8_t b = 0;
  bool ok = false;
  if (!re) return false;
  if (libpff_record_entry_get_data_as_32bit_integer(re, &v32, &e) == 1) ok = true, *out = (int32_t)v32;
  else if (pff_drop(&e), libpff_record_entry_get_data_as_16bit_integer(re, &v16, &e) == 1)
    ok = true, *out = v16;
  else if (pff_drop(&e), libpff_record_entry_get_data_as_boolean(re, &b, &e) == 1) ok = true, *out = b;
  pff_drop(&e);
  re_free(&re);
  return ok;
}

static bool rs_filetime(libpff_record_set_t *rs, uint32_t id, int64_t *out) {
  libpff_record_entry_t *re = rs_entry(rs, id);
  libpff_error_t *e = NULL;
  uint64_t ft = 0;
  bool ok = false;
  if (!re) return false;
  if (libpff_record_entry_get_data_as_filetime(re, &ft, &e) == 1 && ft) ok = true, *out = (int64_t)ft;
  pff_drop(&e);
  re_free(&re);
  return ok;
}

/* Raw bytes of a property (owned STR, binary-safe), or a NULL xv. */
static xv rs_bin(libpff_record_set_t *rs, uint32_t id) {
  libpff_record_entry_t *re = rs_entry(rs, id);
  libpff_error_t *e = NULL;
  size_t size = 0;
  xv out = xv_null();
  if (!re) return out;
  if (libpff_record_entry_get_data_size(re, &size, &e) == 1 && size > 0) {
    uint8_t *buf = malloc(size);
    if (buf && libpff_record_entry_get_data(re, buf, size, &e) == 1) out = xv_strn((char *)buf, size);
    free(buf);
  }
  pff_drop(&e);
  re_free(&re);
  return out;
}

static xv set_str(xv d, const char *key, xv s) {
  if (s.kind == XV_NULL) return d;
  return xv_set(d, key, s);
}

static xv set_int(xv d, const char *key, libpff_record_set_t *rs, uint32_t id) {
  int64_t v;
  return rs_int(rs, id, &v) ? xv_set(d, key, xv_int(v)) : d;
}

static xv set_time(xv d, const char *key, libpff_record_set_t *rs, uint32_t id) {
  int64_t v;
  return rs_filetime(rs, id, &v) ? xv_set(d, key, xv_int(v)) : d;
}

/* PidTagSubject may begin with 0x01 and a prefix length (MS-OXCMSG's subject prefix). */
static xv subject_clean(xv s) {
  const char *p = xv_str_b(s);
  if (!p || p[0] != 0x01 || !p[1]) return s;
  xv out = xv_str(p + 2);
  xv_free(s);
  return out;
}

/* ---------------- messages ---------------- */

/* A body read through getsize/get (plain text or HTML); a NULL xv when absent. */
typedef int (*body_size_fn)(libpff_item_t *, size_t *, libpff_error_t **);
typedef int (*body_get_fn)(libpff_item_t *, uint8_t *, size_t, libpff_error_t **);
static xv body_read(libpff_item_t *msg, body_size_fn getsize, body_get_fn get) {
  libpff_error_t *e = NULL;
  size_t size = 0;
  xv out = xv_null();
  if (getsize(msg, &size, &e) == 1 && size > 0) {
    uint8_t *buf = malloc(size);
    if (buf && get(msg, buf, size, &e) == 1) {
      while (size && buf[size - 1] == 0) size--;   /* the size counts a terminating NUL */
      out = xv_strn((const char *)buf, size);
    }
    free(buf);
  }
  pff_drop(&e);
  return out;
}

/* The recipient table as the model's Recipients array (EX addresses fall back to 0x39FE). */
static xv recipients_read(libpff_item_t *msg) {
  libpff_item_t *rcpts = NULL;
  libpff_error_t *e = NULL;
  int n = 0;
  xv arr = xv_arr();
  if (libpff_message_get_recipients(msg, &rcpts, &e) != 1) {
    pff_drop(&e);
    return arr;
  }
  if (libpff_item_get_number_of_record_sets(rcpts, &n, &e) != 1) pff_drop(&e), n = 0;
  for (int i = 0; i < n; i++) {
    libpff_record_set_t *rs = NULL;
    if (libpff_item_get_record_set_by_index(rcpts, i, &rs, &e) != 1) { pff_drop(&e); continue; }
    xv r = xv_dict(), email = rs_str(rs, P_EMAIL), type = rs_str(rs, P_ADDRTYPE);
    xv smtp = rs_str(rs, P_SMTP);
    r = set_str(r, "Name", rs_str(rs, P_DISPLAY_NAME));
    if (smtp.kind == XV_STR && (email.kind == XV_NULL || !strchr(xv_str_b(email), '@'))) {
      xv_free(email);
      xv_free(type);
      email = smtp;
      type = xv_str("SMTP");
    } else {
      xv_free(smtp);
    }
    r = set_str(r, "Email", email);
    r = set_str(r, "AddressType", type);
    int64_t t;
    r = xv_set(r, "Type", xv_int(rs_int(rs, P_RCPT_TYPE, &t) ? t : 1));
    arr = xv_arr_push(arr, r);
    rs_free(&rs);
  }
  item_free(&rcpts);
  return arr;
}

/* Sender name, address and type; an EX (X.500) address falls back to PidTagSenderSmtpAddress. */
static xv sender_read(xv m, libpff_record_set_t *rs) {
  xv name = rs_str(rs, P_SENDER_NAME), email = rs_str(rs, P_SENDER_EMAIL);
  xv type = rs_str(rs, P_SENDER_ADDRTYPE);
  if (name.kind == XV_NULL) name = rs_str(rs, P_SENT_REPR_NAME);
  if (email.kind == XV_NULL) email = rs_str(rs, P_SENT_REPR_EMAIL);
  if (email.kind == XV_NULL || !strchr(xv_str_b(email), '@')) {
    xv smtp = rs_str(rs, P_SENDER_SMTP);
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

static xv message_read(libpff_item_t *msg, int depth, char *why, size_t n);

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

/* One record entry as a Properties value, keyed "0xPPPPTTTT" in key; a NULL xv when its type
 * isn't one the model keeps (strings come out as UTF-8, type 001F). */
static xv prop_value(libpff_record_entry_t *re, uint32_t id, char *key, size_t n) {
  libpff_error_t *e = NULL;
  uint32_t type = 0, v32 = 0;
  uint64_t v64 = 0;
  xv out = xv_null();
  if (libpff_record_entry_get_value_type(re, &type, &e) != 1) return pff_drop(&e), out;
  switch (type) {
  case 0x0002: case 0x0003: case 0x000B:
    if (libpff_record_entry_get_data_as_32bit_integer(re, &v32, &e) == 1) out = xv_int((int32_t)v32);
    else if (pff_drop(&e), type != 0x0003) {
      uint16_t v16 = 0;
      uint8_t b = 0;
      if (type == 0x0002 && libpff_record_entry_get_data_as_16bit_integer(re, &v16, &e) == 1) out = xv_int((int16_t)v16);
      else if (pff_drop(&e), type == 0x000B && libpff_record_entry_get_data_as_boolean(re, &b, &e) == 1) out = xv_int(b);
    }
    break;
  case 0x0014: case 0x0040:
    if (libpff_record_entry_get_data_as_64bit_integer(re, &v64, &e) == 1) out = xv_int((int64_t)v64);
    break;
  case 0x001E: case 0x001F: {
    size_t size = 0;
    if (libpff_record_entry_get_data_as_utf8_string_size(re, &size, &e) == 1 && size) {
      uint8_t *buf = malloc(size);
      if (buf && libpff_record_entry_get_data_as_utf8_string(re, buf, size, &e) == 1)
        out = xv_strn((char *)buf, strnlen((char *)buf, size));
      free(buf);
    }
    type = 0x001F;
    break;
  }
  case 0x0102: {
    size_t size = 0;
    if (libpff_record_entry_get_data_size(re, &size, &e) == 1 && size <= 65536) {
      uint8_t *buf = malloc(size ? size : 1);
      if (buf && (!size || libpff_record_entry_get_data(re, buf, size, &e) == 1))
        out = hex_of(buf, size);
      free(buf);
    }
    break;
  }
  default:
    break;
  }
  pff_drop(&e);
  snprintf(key, n, "0x%04X%04X", id, type);
  return out;
}

/* A named property's key (pst_read.h): "{guid}:0xLLLL:TTTT" or "{guid}:name=NAME:TTTT", from
 * the file's name-to-id map; false when the map has no entry for it. */
static bool named_key(libpff_record_entry_t *re, const char *typed, char *key, size_t n) {
  libpff_name_to_id_map_entry_t *ne = NULL;
  libpff_error_t *e = NULL;
  uint8_t g[16], kind = 0;
  uint32_t lid = 0;
  char name[256] = "";
  bool ok = false;
  if (libpff_record_entry_get_name_to_id_map_entry(re, &ne, &e) != 1 || !ne ||
      libpff_name_to_id_map_entry_get_guid(ne, g, sizeof g, &e) != 1 ||
      libpff_name_to_id_map_entry_get_type(ne, &kind, &e) != 1)
    return pff_drop(&e), false;
  int k = snprintf(key, n, "{%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x}:",
                   g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12],
                   g[13], g[14], g[15]);
  if (kind == LIBPFF_NAME_TO_ID_MAP_ENTRY_TYPE_NUMERIC &&
      libpff_name_to_id_map_entry_get_number(ne, &lid, &e) == 1)
    ok = snprintf(key + k, n - (size_t)k, "0x%04X:%s", lid, typed) < (int)(n - (size_t)k);
  else if (kind == LIBPFF_NAME_TO_ID_MAP_ENTRY_TYPE_STRING &&
           libpff_name_to_id_map_entry_get_utf8_string(ne, (uint8_t *)name, sizeof name, &e) == 1)
    ok = snprintf(key + k, n - (size_t)k, "name=%s:%s", name, typed) < (int)(n - (size_t)k);
  pff_drop(&e);
  return ok;
}

/* The message's other properties (record set 0) as the model's Properties DICT: plain
 * properties of the types the model keeps, named ones (pst_read.h says how they are keyed)
 * and the compressed RTF body. */
static xv props_read(libpff_record_set_t *rs) {
  libpff_error_t *e = NULL;
  int count = 0;
  xv d = xv_dict();
  char key[320], plain[16];
  if (libpff_record_set_get_number_of_entries(rs, &count, &e) != 1) pff_drop(&e), count = 0;
  for (int i = 0; i < count; i++) {
    libpff_record_entry_t *re = NULL;
    uint32_t id = 0;
    if (libpff_record_set_get_entry_by_index(rs, i, &re, &e) != 1) { pff_drop(&e); continue; }
    if (libpff_record_entry_get_entry_type(re, &id, &e) != 1) pff_drop(&e), id = 0x8000;
    if (id >= 0x8000 && id <= 0xFFFE) {
      xv v = prop_value(re, id, plain, sizeof plain);      /* plain: "0xPPPPTTTT" */
      if (v.kind != XV_NULL && named_key(re, plain + 6, key, sizeof key)) d = xv_set(d, key, v);
      else xv_free(v);
    } else if (!prop_skipped(id)) {
      xv v = prop_value(re, id, key, sizeof key);
      if (v.kind != XV_NULL) d = xv_set(d, key, v);
    }
    re_free(&re);
  }
  xv rtf = rs_bin(rs, P_RTF_COMPRESSED);   /* kept whatever its size, so a writer can put it back */
  if (rtf.kind == XV_STR) {
    d = xv_set(d, "0x10090102", hex_of((const unsigned char *)xv_str_b(rtf), xv_strlen_b(rtf)));
    xv_free(rtf);
  }
  return d;
}

/* Exact bytes of a by-value attachment, read in chunks. */
static bool attachment_bytes(libpff_item_t *att, xv *out, char *why, size_t n) {
  libpff_error_t *e = NULL;
  size64_t size = 0;
  if (libpff_attachment_get_data_size(att, &size, &e) != 1) {
    pff_drop(&e);
    *out = xv_str("");
    return true;
  }
  uint8_t *buf = size ? malloc((size_t)size) : NULL;
  size_t got = 0;
  if (size && !buf) return snprintf(why, n, "an attachment of %llu bytes doesn't fit in memory",
                                    (unsigned long long)size), false;
  while (got < size) {
    size_t want = size - got > PSTR_CHUNK ? PSTR_CHUNK : (size_t)(size - got);
    ssize_t k = libpff_attachment_data_read_buffer(att, buf + got, want, &e);
    if (k <= 0) {
      char msg[256];
      pff_take(&e, msg, sizeof msg);
      snprintf(why, n, "an attachment couldn't be read after %zu of %llu bytes (%s)", got,
               (unsigned long long)size, k < 0 ? msg : "unexpected end of data");
      free(buf);
      return false;
    }
    got += (size_t)k;
  }
  *out = xv_strn((const char *)buf, got);
  free(buf);
  return true;
}

/* One attachment as the model's attachment DICT; false (why set) when unreadable. */
static bool attachment_read(libpff_item_t *att, int depth, xv *out, char *why, size_t n) {
  libpff_error_t *e = NULL;
  int type = 0;
  libpff_record_set_t *rs = rs_get(att);
  xv a = xv_dict();
  bool ok = true;
  if (libpff_attachment_get_type(att, &type, &e) != 1) pff_drop(&e), type = 0;
  a = set_str(a, "FileName", rs_str(rs, P_ATT_FILENAME));
  a = set_str(a, "LongFileName", rs_str(rs, P_ATT_LONG_FILENAME));
  a = set_str(a, "MimeType", rs_str(rs, P_ATT_MIME));
  a = set_str(a, "ContentId", rs_str(rs, P_ATT_CONTENT_ID));
  rs_free(&rs);
  if (type == LIBPFF_ATTACHMENT_TYPE_ITEM) {
    libpff_item_t *sub = NULL;
    if (libpff_attachment_get_item(att, &sub, &e) != 1) {
      char msg[256];
      pff_take(&e, msg, sizeof msg);
      snprintf(why, n, "an embedded message couldn't be opened (%s)", msg);
      ok = false;
    } else {
      xv m = message_read(sub, depth + 1, why, n);
      ok = m.kind != XV_NULL;
      a = xv_set(xv_set(a, "Method", xv_int(5)), "Message", m);
      item_free(&sub);
    }
  } else {
    xv data;
    ok = attachment_bytes(att, &data, why, n);
    if (ok) {
      a = xv_set(a, "Method", xv_int(1));
      a = xv_set(a, "Size", xv_int((int64_t)xv_strlen_b(data)));
      a = xv_set(a, "Data", data);
    }
  }
  if (!ok) xv_free(a), a = xv_null();
  *out = a;
  return ok;
}

static bool attachments_read(libpff_item_t *msg, int depth, xv *out, char *why, size_t n) {
  libpff_error_t *e = NULL;
  int count = 0;
  xv arr = xv_arr();
  if (libpff_message_get_number_of_attachments(msg, &count, &e) != 1) pff_drop(&e), count = 0;
  for (int i = 0; i < count; i++) {
    libpff_item_t *att = NULL;
    xv a;
    if (libpff_message_get_attachment(msg, i, &att, &e) != 1) {
      char m[256];
      pff_take(&e, m, sizeof m);
      snprintf(why, n, "attachment %d of %d couldn't be opened (%s)", i + 1, count, m);
      xv_free(arr);
      return false;
    }
    bool ok = attachment_read(att, depth, &a, why, n);
    item_free(&att);
    if (!ok) { xv_free(arr); return false; }
    arr = xv_arr_push(arr, a);
  }
  *out = arr;
  return true;
}

/* A message (or embedded message) as the model DICT; a NULL xv with why set when libpff
 * can't read it. */
static xv message_read(libpff_item_t *msg, int depth, char *why, size_t n) {
  libpff_record_set_t *rs = rs_get(msg);
  xv m = xv_dict(), atts;
  if (!rs) return snprintf(why, n, "its properties can't be read"), xv_free(m), xv_null();
  if (depth > PSTR_MAX_DEPTH)
    return snprintf(why, n, "embedded messages nest too deep"), rs_free(&rs), xv_free(m), xv_null();
  xv cls = rs_str(rs, P_MSG_CLASS);
  m = xv_set(m, "MessageClass", cls.kind == XV_NULL ? xv_str("IPM.Note") : cls);
  m = set_str(m, "Subject", subject_clean(rs_str(rs, P_SUBJECT)));
  m = sender_read(m, rs);
  m = set_str(m, "DisplayTo", rs_str(rs, P_DISPLAY_TO));
  m = set_str(m, "DisplayCc", rs_str(rs, P_DISPLAY_CC));
  m = xv_set(m, "Recipients", recipients_read(msg));
  m = set_time(m, "SentTime", rs, P_SUBMIT_TIME);
  m = set_time(m, "ReceivedTime", rs, P_DELIVERY_TIME);
  m = set_time(m, "CreationTime", rs, P_CREATION_TIME);
  m = set_time(m, "ModificationTime", rs, P_MODIFICATION_TIME);
  m = set_int(m, "Importance", rs, P_IMPORTANCE);
  m = set_int(m, "Flags", rs, P_FLAGS);
  m = set_str(m, "InternetMessageId", rs_str(rs, P_INET_MSGID));
  m = set_str(m, "TransportHeaders", rs_str(rs, P_TRANSPORT_HEADERS));
  m = set_str(m, "Body", body_read(msg, libpff_message_get_plain_text_body_size,
                                   libpff_message_get_plain_text_body));
  m = set_str(m, "BodyHtml", body_read(msg, libpff_message_get_html_body_size,
                                       libpff_message_get_html_body));
  xv props = props_read(rs);
  if (xv_len_b(props)) m = xv_set(m, "Properties", props);
  else xv_free(props);
  rs_free(&rs);
  if (!attachments_read(msg, depth, &atts, why, n)) return xv_free(m), xv_null();
  return xv_set(m, "Attachments", atts);
}

/* ---------------- the file ---------------- */

/* The IPM subtree's node id from the message store's PidTagIpmSubTreeEntryId (a 24-byte
 * PST entry id: flags, provider uid, nid); 0 when absent. */
static uint32_t ipm_subtree_nid(libpff_file_t *f) {
  libpff_item_t *store = NULL;
  libpff_error_t *e = NULL;
  uint32_t nid = 0;
  if (libpff_file_get_message_store(f, &store, &e) != 1) return pff_drop(&e), 0;
  libpff_record_set_t *rs = rs_get(store);
  xv eid = rs_bin(rs, P_IPM_SUBTREE_EID);
  const unsigned char *b = (const unsigned char *)xv_str_b(eid);
  if (b && xv_strlen_b(eid) >= 24)
    nid = (uint32_t)b[20] | (uint32_t)b[21] << 8 | (uint32_t)b[22] << 16 | (uint32_t)b[23] << 24;
  xv_free(eid);
  rs_free(&rs);
  item_free(&store);
  return nid;
}

/* The header's own idea of the file's size (ibFileEof: [MS-PST] 2.2.2.5/2.2.2.6), so a
 * truncated copy is named as such before libpff fails on it with a less telling reason. */
static int64_t header_eof(const char *path) {
  unsigned char h[0x200];
  FILE *f = fopen(path, "rb");
  size_t got = f ? fread(h, 1, sizeof h, f) : 0;
  if (f) fclose(f);
  if (got < 0xC0) return -1;
  unsigned ver = h[10] | h[11] << 8;
  uint64_t eof = 0;   /* unsigned: a hostile 64-bit size must not overflow a signed shift */
  if (ver >= 23) {
    for (int i = 7; i >= 0; i--) eof = eof << 8 | h[0xB8 + i];
  } else {
    for (int i = 3; i >= 0; i--) eof = eof << 8 | h[0xA8 + i];
  }
  return eof > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)eof;
}

int pstr_open(const char *path, pstr **out, char *err, size_t n) {
  libpff_error_t *e = NULL;
  struct stat st;
  char why[512];
  *out = NULL;
  if (stat(path, &st) != 0)
    return snprintf(err, n, "The file '%s' can't be opened: %s.", path,
                    errno == ENOENT ? "it doesn't exist" : strerror(errno)), -1;
  if (!S_ISREG(st.st_mode))
    return snprintf(err, n, "'%s' isn't a file, so it can't be read as a PST file.", path), -1;
  int sig = libpff_check_file_signature(path, &e);
  if (sig != 1) {
    pff_take(&e, why, sizeof why);
    if (sig == 0 || st.st_size < 512)
      return snprintf(err, n, "The file '%s' isn't an Outlook data file (.pst): it doesn't start "
                      "with the PST signature.", path), -1;
    return snprintf(err, n, "The file '%s' can't be read: %s.", path, why), -1;
  }
  int64_t eof = header_eof(path);
  if (eof < 0)
    return snprintf(err, n, "The file '%s' is truncated: it is shorter than a PST header.", path), -1;
  if (eof > (int64_t)st.st_size)
    return snprintf(err, n, "The file '%s' is truncated: its header says %lld bytes, but only "
                    "%lld are there.", path, (long long)eof, (long long)st.st_size), -1;
  pstr *r = calloc(1, sizeof *r);
  if (!r || !(r->path = strdup(path))) return free(r), snprintf(err, n, "Out of memory."), -1;
  if (libpff_file_initialize(&r->file, &e) != 1 ||
      libpff_file_set_ascii_codepage(r->file, 1252, &e) != 1 ||
      libpff_file_open(r->file, path, LIBPFF_OPEN_READ, &e) != 1) {
    pff_take(&e, why, sizeof why);
    snprintf(err, n, "The file '%s' is corrupt, so it can't be read as a PST file (%s).", path,
             why);
    pstr_close(r);
    return -1;
  }
  uint8_t type = 0;
  if (libpff_file_get_type(r->file, &type, &e) == 1) r->ansi = type == LIBPFF_FILE_TYPE_32BIT;
  pff_drop(&e);
  libpff_item_t *root = NULL;
  if (libpff_file_get_root_folder(r->file, &root, &e) != 1) {
    pff_take(&e, why, sizeof why);
    snprintf(err, n, "The file '%s' is corrupt: its folder tree can't be read%s%s%s.", path,
             why[0] ? " (" : "", why, why[0] ? ")" : "");
    pstr_close(r);
    return -1;
  }
  item_free(&root);
  r->ipm_nid = ipm_subtree_nid(r->file);
  *out = r;
  return 0;
}

void pstr_close(pstr *r) {
  libpff_error_t *e = NULL;
  if (!r) return;
  if (r->file) {
    if (libpff_file_close(r->file, &e) != 0) pff_drop(&e);
    if (libpff_file_free(&r->file, &e) != 1) pff_drop(&e);
  }
  free(r->path);
  free(r);
}

bool pstr_is_ansi(pstr *r) { return r->ansi; }

/* A folder's name, with '\' (the path separator) replaced by '_'. */
static void folder_name(libpff_item_t *f, char *buf, size_t n) {
  libpff_error_t *e = NULL;
  size_t size = 0;
  buf[0] = '\0';
  if (libpff_folder_get_utf8_name_size(f, &size, &e) != 1 || size == 0 || size > n ||
      libpff_folder_get_utf8_name(f, (uint8_t *)buf, size, &e) != 1)
    pff_drop(&e), buf[0] = '\0';
  for (char *p = buf; *p; p++)
    if (*p == '\\') *p = '_';
}

/* The IPM subtree folder (owned item): by the store's entry id, else the root folder's
 * subfolder "Top of Personal Folders" / "Top of Outlook data file", else the root. */
static libpff_item_t *ipm_root(pstr *r, char *err, size_t n) {
  libpff_item_t *root = NULL, *top = NULL;
  libpff_error_t *e = NULL;
  char why[512], name[512];
  int count = 0;
  if (r->ipm_nid && libpff_file_get_item_by_identifier(r->file, r->ipm_nid, &top, &e) == 1)
    return top;
  pff_drop(&e);
  if (libpff_file_get_root_folder(r->file, &root, &e) != 1) {
    pff_take(&e, why, sizeof why);
    snprintf(err, n, "The folder tree of '%s' can't be read (%s).", r->path, why);
    return NULL;
  }
  if (libpff_folder_get_number_of_sub_folders(root, &count, &e) != 1) pff_drop(&e), count = 0;
  for (int i = 0; i < count && !top; i++) {
    libpff_item_t *sub = NULL;
    if (libpff_folder_get_sub_folder(root, i, &sub, &e) != 1) { pff_drop(&e); continue; }
    folder_name(sub, name, sizeof name);
    if (!strncasecmp(name, "Top of ", 7)) top = sub;
    else item_free(&sub);
  }
  if (top) item_free(&root);
  return top ? top : root;
}

static long folder_count(libpff_item_t *f, int depth) {
  libpff_error_t *e = NULL;
  int msgs = 0, subs = 0;
  long total = 0;
  if (depth > PSTR_MAX_DEPTH) return 0;
  if (libpff_folder_get_number_of_sub_messages(f, &msgs, &e) != 1) pff_drop(&e), msgs = 0;
  if (libpff_folder_get_number_of_sub_folders(f, &subs, &e) != 1) pff_drop(&e), subs = 0;
  total = msgs;
  for (int i = 0; i < subs; i++) {
    libpff_item_t *sub = NULL;
    if (libpff_folder_get_sub_folder(f, i, &sub, &e) != 1) { pff_drop(&e); continue; }
    total += folder_count(sub, depth + 1);
    item_free(&sub);
  }
  return total;
}

long pstr_item_count(pstr *r) {
  char err[64];
  libpff_item_t *top = ipm_root(r, err, sizeof err);
  long total = top ? folder_count(top, 0) : 0;
  item_free(&top);
  return total;
}

typedef struct walk {
  pstr *r;
  const pstr_visitor *v;
  void *ud;
} walk;

/* Reports an unreadable item or subfolder: what ("Item", "Subfolder") number i of path. */
static int walk_bad(walk *w, const char *path, const char *what, int i, const char *why) {
  char msg[1024];
  snprintf(msg, sizeof msg, "%s %d in folder '%s' can't be read: %s.", what, i, path, why);
  return w->v->bad ? w->v->bad(w->ud, path, msg) : PSTR_GO;
}

static int walk_messages(walk *w, libpff_item_t *f, const char *path, int count) {
  libpff_error_t *e = NULL;
  char why[512];
  int rc = PSTR_GO;
  for (int i = 0; i < count && rc == PSTR_GO; i++) {
    libpff_item_t *msg = NULL;
    if (libpff_folder_get_sub_message(f, i, &msg, &e) != 1) {
      pff_take(&e, why, sizeof why);
      rc = walk_bad(w, path, "Item", i + 1, why);
      continue;
    }
    why[0] = '\0';
    xv m = message_read(msg, 0, why, sizeof why);
    item_free(&msg);
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
static int walk_folder(walk *w, libpff_item_t *f, const char *path, int depth) {
  libpff_error_t *e = NULL;
  libpff_record_set_t *rs = rs_get(f);
  xv cls = rs_str(rs, P_CONTAINER_CLASS);
  int msgs = 0, subs = 0, rc = PSTR_GO;
  char name[512], why[512];
  rs_free(&rs);
  if (libpff_folder_get_number_of_sub_messages(f, &msgs, &e) != 1) pff_drop(&e), msgs = 0;
  if (libpff_folder_get_number_of_sub_folders(f, &subs, &e) != 1) pff_drop(&e), subs = 0;
  if (w->v->folder) rc = w->v->folder(w->ud, path, xv_str_b(cls), msgs);
  xv_free(cls);
  if (rc == PSTR_GO) rc = walk_messages(w, f, path, msgs);
  if (rc == PSTR_SKIP) rc = PSTR_GO;
  if (depth >= PSTR_MAX_DEPTH) subs = 0;
  for (int i = 0; i < subs && rc == PSTR_GO; i++) {
    libpff_item_t *sub = NULL;
    if (libpff_folder_get_sub_folder(f, i, &sub, &e) != 1) {
      pff_take(&e, why, sizeof why);
      rc = walk_bad(w, path, "Subfolder", i + 1, why);
      continue;
    }
    folder_name(sub, name, sizeof name);
    if (!name[0]) snprintf(name, sizeof name, "Folder %d", i + 1);
    size_t plen = strlen(path) + strlen(name) + 2;
    char *child = malloc(plen);
    if (child) {
      snprintf(child, plen, "%s%s%s", strcmp(path, "\\") ? path : "", "\\", name);
      rc = walk_folder(w, sub, child, depth + 1);
      free(child);
    }
    item_free(&sub);
  }
  return rc;
}

int pstr_walk(pstr *r, const pstr_visitor *v, void *ud, char *err, size_t n) {
  walk w = {r, v, ud};
  libpff_item_t *top = ipm_root(r, err, n);
  if (!top) return -1;
  int rc = walk_folder(&w, top, "\\", 0);
  item_free(&top);
  return rc == PSTR_STOP ? PSTR_STOP : 0;
}
