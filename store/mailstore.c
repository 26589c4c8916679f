/* mailstore.c — owns the mail/ part of the store folder: mailbox content as append-only logs
 * and one file per message, so importing a message never rewrites what is already stored and
 * listing, statistics and export stream with flat memory. Leaves mailbox records to store.c
 * and the meaning of messages to the cmdlets. Entry points: mailstore.h. */

/* LAYOUT of mail/<guid>/ (folders mode 0700, files 0600):
 *   folders.jsonl        append-only folder log, one JSON line per event:
 *                          {"Id":2,"ParentId":1,"Name":"Inbox","ContainerClass":"IPF.Note"}  created
 *                          {"Id":2,"Name":"Post","ParentId":1}   renamed/moved (an Id seen before)
 *                          {"Id":2,"Deleted":true}               deleted
 *                        The root (Id 1, path "\") is implicit. Folders are few: kept in memory.
 *   index-<folder>.jsonl append-only message index of one folder, a line per event:
 *                          {"Id":7,"MessageClass":..,"Subject":..,"SenderName":..,"SenderEmail":..,
 *                           "SentTime":..,"ReceivedTime":..,"Size":..,"HasAttachments":..,"Hash":..}
 *                          {"del":7}                             tombstone
 *                        Listing and statistics read these only (a tombstone pass, then a pass
 *                        that hands out live lines one by one).
 *   msg/<xx>/<id>.json   one message, xx = (id / 1024) % 256 in two hex digits: runs of 1,024
 *                        consecutive ids share a folder (an import of n messages makes n/1024
 *                        folders, not one per message), 256 folders of bounded size in all:
 *                        {"Folder":F,"Size":S,"Message":{the model of mailstore.h}}.
 *                        An attachment's Data is not inside: it is {"$file":"<id>.<n>.bin"}, the
 *                        exact bytes in msg/<xx>/<id>.<n>.bin (n: 0-based index in Attachments);
 *                        an embedded message's attachments go to <id>.<n>.<m>.bin, and so on.
 *   next-id              the next message id as text, written at each add without fsync (open also
 *                        reads the highest id of every index's tail, so no committed id is reused).
 *   lock                 flock(2) target: LOCK_EX around every write.
 * JSON ENCODING: a string that is not valid UTF-8 is {"$base64":".."}; a hashtable whose only
 * key is "$file", "$base64" or "$dict" is wrapped as {"$dict":{..}}. Integers are int64.
 * DURABILITY (group commit): add writes the message's files and queues its index line; a commit
 * (every 256 messages, 32 MB or 1 s; before a scan of a folder with queued lines, a load, a
 * delete or a listing; at close) makes the queued messages' files, new folders (their log
 * lines, index files and msg/<xx> directories) and folder entries durable with one syncfs, then
 * appends the index lines and makes them durable (fdatasync of each index, or one more syncfs
 * when more than two folders have lines). So an import costs two flushes per commit, not one
 * per file, folder or directory. Creating a folder does not flush by itself: its log line is
 * durable before any index line that needs it, and at the latest when the handle closes.
 * A crash leaves at most orphan message files (their ids may
 * be handed out again and overwritten), never an index line pointing at nothing; what it loses
 * is the uncommitted tail of an import, which re-importing restores (duplicates are skipped).
 * Ids are reserved at add time in next-id, so other writers never take them. delete appends
 * the tombstone first, then unlinks. A last line without '\n' is a torn write: readers ignore
 * it and the next writer truncates it. Size of a message: its JSON file plus its attachment files, in bytes. */
#include "mailstore.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define ROOT_ID 1

typedef struct mfolder {
  uint64_t id, parent; /* parent 0 for the root */
  char *name;          /* owned; "" for the root */
  char *cls;           /* ContainerClass; owned, may be NULL */
  bool dead;           /* deleted by a log line */
} mfolder;

struct mailstore {
  char *dir;           /* store_dir/mail/<guid>; owned, freed by mailstore_close */
  int lockfd;          /* dir/lock, opened on the first write; -1 before */
  int idfd;            /* dir/next-id, opened on the first add; -1 before */
  mfolder *f;          /* folders in log order, f[0] the root; owned with their strings */
  size_t nf, capf;
  off_t flog_off;      /* bytes of folders.jsonl applied (ends at a '\n') */
  uint64_t next_id;    /* lower bound for the next message id */
  struct pend {        /* index lines of added messages not yet committed, per folder */
    uint64_t folder;
    char *buf;         /* whole lines; owned */
    size_t len, cap;
  } *pend;             /* owned array */
  size_t npend_f;      /* folders in pend */
  size_t npend;        /* messages waiting for the commit */
  int64_t pend_bytes;  /* their size */
  double pend_since;   /* CLOCK_MONOTONIC seconds of the first of them */
  bool dirty;          /* folders or directories made since the last flush: commit syncs them */
  uint64_t have_dir[4];/* bit xx: msg/<xx> is known to exist (no mkdir per message) */
};

/* Group commit: add returns once a message's files are written; the commit makes them durable
 * (one syncfs) and then appends their index lines (one fdatasync per folder). It runs when this
 * many messages or bytes wait, when the first waited this long, before any other call on the
 * handle, and at close. */
enum { COMMIT_MSGS = 256 };
static const int64_t COMMIT_BYTES = 32 << 20;
static const double COMMIT_SECONDS = 1.0;

/* ---------------- errors and paths ---------------- */


static int io_err(store_err *err, const char *what, const char *path) {
  return store_set_err(err, STORE_IO, "The mailbox store could not %s '%s': %s.", what, path, strerror(errno));
}


static void pathf(char *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void pathf(char *out, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(out, PATH_MAX, fmt, ap);
  va_end(ap);
}

static void msg_dir(const mailstore *m, uint64_t id, char *out) {
  pathf(out, "%s/msg/%02x", m->dir, (unsigned)(id >> 10 & 0xFF));
}

/* Makes everything written under dir durable, file data and folder entries alike, with one
 * syncfs(2) of its file system: one flush for a message's several files instead of an fsync
 * each plus one for their folder. */
static int sync_dir_fs(const char *dir, store_err *err) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return io_err(err, "open the folder", dir);
  int rc = syncfs(fd) ? io_err(err, "sync the folder", dir) : STORE_OK;
  close(fd);
  return rc;
}

/* mkdir with mode 0700; an existing folder is fine. *made tells whether it was created. */
static int make_dir(const char *dir, bool *made, store_err *err) {
  *made = mkdir(dir, 0700) == 0;
  if (!*made && errno != EEXIST) return io_err(err, "create the folder", dir);
  return STORE_OK;
}

static int write_all(int fd, const char *buf, size_t n) {
  while (n) {
    ssize_t w = write(fd, buf, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return -1;
    buf += w, n -= (size_t)w;
  }
  return 0;
}

/* Writes a whole new file (0600); the caller makes it durable (sync_dir_fs). */
static int write_file(const char *path, const char *buf, size_t n, store_err *err) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return io_err(err, "create", path);
  int rc = write_all(fd, buf, n) ? io_err(err, "write", path) : STORE_OK;
  close(fd);
  return rc;
}

/* write_file of the concatenation of iov[0..cnt). */
static int write_filev(const char *path, struct iovec *iov, int cnt, store_err *err) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return io_err(err, "create", path);
  size_t want = 0;
  for (int i = 0; i < cnt; i++) want += iov[i].iov_len;
  ssize_t w = writev(fd, iov, cnt);   /* regular files: short only on errors (then finish by hand) */
  int rc = STORE_OK;
  if (w != (ssize_t)want) {
    size_t done = w > 0 ? (size_t)w : 0;
    for (int i = 0; i < cnt && !rc; i++) {
      size_t skip = done < iov[i].iov_len ? done : iov[i].iov_len;
      done -= skip;
      if (write_all(fd, (const char *)iov[i].iov_base + skip, iov[i].iov_len - skip)) rc = io_err(err, "write", path);
    }
  }
  close(fd);
  return rc;
}

/* Reads a whole file into a malloc'd buffer (NUL-terminated); ENOENT gives STORE_NOTFOUND. */
static int read_file(const char *path, char **buf, size_t *len, store_err *err) {
  *buf = NULL;
  FILE *fp = fopen(path, "rbe");
  if (!fp) {
    if (errno == ENOENT) return store_set_err(err, STORE_NOTFOUND, "The file '%s' does not exist.", path);
    return io_err(err, "open", path);
  }
  struct stat st;
  int rc = STORE_OK;
  if (fstat(fileno(fp), &st)) { rc = io_err(err, "read", path); goto done; }
  *buf = malloc((size_t)st.st_size + 1);
  if (!*buf) { errno = ENOMEM; rc = io_err(err, "read", path); goto done; }
  *len = fread(*buf, 1, (size_t)st.st_size, fp);
  if (ferror(fp) || *len != (size_t)st.st_size) { rc = io_err(err, "read", path); goto done; }
  (*buf)[*len] = '\0';
done:
  if (rc) free(*buf), *buf = NULL;
  fclose(fp);
  return rc;
}

/* ---------------- locking and appending ---------------- */

static int lock_ex(mailstore *m, store_err *err) {
  char p[PATH_MAX];
  pathf(p, "%s/lock", m->dir);
  if (m->lockfd < 0 && (m->lockfd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
    return io_err(err, "open the lock file", p);
  while (flock(m->lockfd, LOCK_EX))
    if (errno != EINTR) return io_err(err, "lock", p);
  return STORE_OK;
}

static void unlock(mailstore *m) { flock(m->lockfd, LOCK_UN); }

/* The end of the last complete line of fd (size: the file's size). */
static off_t good_end(int fd, off_t size) {
  char buf[4096];
  off_t pos = size;
  while (pos > 0) {
    size_t n = pos < (off_t)sizeof buf ? (size_t)pos : sizeof buf;
    if (pread(fd, buf, n, pos - (off_t)n) != (ssize_t)n) return 0;
    for (size_t i = n; i-- > 0;)
      if (buf[i] == '\n') return pos - (off_t)n + (off_t)i + 1;
    pos -= (off_t)n;
  }
  return 0;
}

/* Appends lines (each with its '\n') to path under the lock, truncating a torn tail first.
 * sync: fdatasyncs it, and a file created here gets its folder synced too; otherwise the
 * caller flushes (commit). */
static int append_line(const char *path, const char *dir, const char *line, size_t n, bool sync, store_err *err) {
  bool made = false;
  int fd = open(path, O_RDWR | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600), made = true;
  if (fd < 0) return io_err(err, "open", path);
  struct stat st;
  int rc = STORE_OK;
  if (fstat(fd, &st)) { rc = io_err(err, "read", path); goto done; }
  off_t end = good_end(fd, st.st_size);
  if (end != st.st_size && ftruncate(fd, end)) { rc = io_err(err, "truncate", path); goto done; }
  if (lseek(fd, end, SEEK_SET) < 0 || write_all(fd, line, n) || (sync && fdatasync(fd))) {
    rc = io_err(err, "append to", path);
    if (ftruncate(fd, end)) {}  /* best effort: leave no half line behind */
    goto done;
  }
  if (made && sync) rc = store_fsync_dir(dir, err);
done:
  close(fd);
  return rc;
}

/* ---------------- JSON <-> xv ---------------- */

static bool utf8_valid(const unsigned char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    unsigned c = s[i];
    size_t k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (!k || i + k > n) return false;
    uint32_t cp = k == 1 ? c : c & (0x7F >> k);
    for (size_t j = 1; j < k; j++) {
      if ((s[i + j] & 0xC0) != 0x80) return false;
      cp = cp << 6 | (s[i + j] & 0x3F);
    }
    if ((k == 2 && cp < 0x80) || (k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += k;
  }
  return true;
}

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static char *b64_encode(const unsigned char *s, size_t n) {
  char *out = malloc(4 * ((n + 2) / 3) + 1), *o = out;
  for (size_t i = 0; i < n; i += 3) {
    uint32_t v = (uint32_t)s[i] << 16 | (i + 1 < n ? (uint32_t)s[i + 1] << 8 : 0) | (i + 2 < n ? s[i + 2] : 0);
    *o++ = B64[v >> 18 & 63], *o++ = B64[v >> 12 & 63];
    *o++ = i + 1 < n ? B64[v >> 6 & 63] : '=';
    *o++ = i + 2 < n ? B64[v & 63] : '=';
  }
  *o = '\0';
  return out;
}

static xv b64_decode(const char *s) {
  size_t n = strlen(s), o = 0;
  unsigned char *out = malloc(n / 4 * 3 + 3);
  uint32_t v = 0;
  int bits = 0;
  for (size_t i = 0; i < n && s[i] != '='; i++) {
    const char *p = strchr(B64, s[i]);
    if (!p || !s[i]) continue;
    v = v << 6 | (uint32_t)(p - B64), bits += 6;
    if (bits >= 8) out[o++] = (unsigned char)(v >> (bits -= 8));
  }
  xv r = xv_strn((const char *)out, o);
  free(out);
  return r;
}

static json_t *str_json(const char *s, size_t n) {
  if (utf8_valid((const unsigned char *)s, n)) return json_stringn(s, n);
  char *b = b64_encode((const unsigned char *)s, n);
  json_t *j = json_pack("{s:s}", "$base64", b);
  free(b);
  return j;
}

static bool is_marker(const char *k) {
  return !strcmp(k, "$file") || !strcmp(k, "$base64") || !strcmp(k, "$dict");
}

static json_t *to_json(xv v);

static json_t *bag_json(xv v) {
  json_t *o = json_object();
  for (uint32_t i = 0; i < xv_len_b(v); i++) json_object_set_new(o, xv_key_b(v, i), to_json(xv_val_b(v, i)));
  if (xv_len_b(v) == 1 && is_marker(xv_key_b(v, 0))) o = json_pack("{s:o}", "$dict", o);
  return o;
}

/* v borrowed. */
static json_t *to_json(xv v) {
  switch (v.kind) {
  case XV_BOOL: return json_boolean(v.u.b);
  case XV_INT: return json_integer(v.u.i);
  case XV_DBL: return json_real(v.u.d);
  case XV_STR: return str_json(xv_str_b(v), xv_strlen_b(v));
  case XV_ARR: {
    json_t *a = json_array();
    for (uint32_t i = 0; i < xv_len_b(v); i++) json_array_append_new(a, to_json(xv_arr_get_b(v, i)));
    return a;
  }
  case XV_DICT: case XV_OBJ: return bag_json(v);
  case XV_BLOCK: return json_string(xv_block_text_b(v));
  default: return json_null();
  }
}

/* dir: where "$file" markers point (NULL: markers stay as they are). *rc set on a read failure. */
static xv from_json(json_t *j, const char *dir, int *rc, store_err *err) {
  switch (json_typeof(j)) {
  case JSON_TRUE: return xv_bool(true);
  case JSON_FALSE: return xv_bool(false);
  case JSON_INTEGER: return xv_int(json_integer_value(j));
  case JSON_REAL: return xv_dbl(json_real_value(j));
  case JSON_STRING: return xv_strn(json_string_value(j), json_string_length(j));
  case JSON_ARRAY: {
    xv a = xv_arr();
    for (size_t i = 0; i < json_array_size(j); i++) a = xv_arr_push(a, from_json(json_array_get(j, i), dir, rc, err));
    return a;
  }
  case JSON_OBJECT: {
    const char *k;
    json_t *val;
    if (json_object_size(j) == 1) {
      json_t *b = json_object_get(j, "$base64"), *d = json_object_get(j, "$dict"), *f = json_object_get(j, "$file");
      if (json_is_string(b)) return b64_decode(json_string_value(b));
      if (json_is_object(d)) j = d;
      if (json_is_string(f) && dir && !strchr(json_string_value(f), '/')) {
        char p[PATH_MAX], *buf;
        size_t n = 0;
        pathf(p, "%s/%s", dir, json_string_value(f));
        int r = read_file(p, &buf, &n, err);
        if (r) { if (!*rc) *rc = r == STORE_NOTFOUND ? STORE_CORRUPT : r; return xv_null(); }
        xv s = xv_strn(buf, n);
        free(buf);
        return s;
      }
    }
    xv d = xv_dict();
    json_object_foreach(j, k, val) d = xv_set(d, k, from_json(val, dir, rc, err));
    return d;
  }
  default: return xv_null();
  }
}

static char *dump_line(json_t *j, size_t *n) {
  char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
  size_t len = strlen(s);
  s = realloc(s, len + 2);
  s[len] = '\n', s[len + 1] = '\0';
  *n = len + 1;
  return s;
}

static int corrupt(store_err *err, const char *path, const json_error_t *je) {
  return store_set_err(err, STORE_CORRUPT, "The mailbox file '%s' is not valid JSON: %s at line %d, column %d.",
                 path, je->text, je->line, je->column);
}

/* ---------------- line reading ---------------- */

/* Calls fn for each complete line of path up to its size at the start (a torn tail is skipped).
 * A missing file has no lines. fn returns nonzero to stop; that value is returned. */
typedef int (*line_fn)(void *ud, char *line, size_t n, long lineno);
static int each_line(const char *path, off_t from, off_t *end, line_fn fn, void *ud, store_err *err) {
  FILE *fp = fopen(path, "rbe");
  if (!fp && errno == ENOENT && end) *end = from;
  if (!fp) return errno == ENOENT ? STORE_OK : io_err(err, "open", path);
  struct stat st;
  char *line = NULL;
  size_t cap = 0;
  int rc = STORE_OK;
  long lineno = 0;
  if (fstat(fileno(fp), &st) || fseeko(fp, from, SEEK_SET)) { rc = io_err(err, "read", path); goto done; }
  off_t pos = from;
  ssize_t n;
  while (pos < st.st_size && (n = getline(&line, &cap, fp)) > 0) {
    if (line[n - 1] != '\n' || pos + n > st.st_size) break;   /* torn or newer than we look at */
    pos += n, lineno++;
    if ((rc = fn(ud, line, (size_t)n, lineno))) break;
  }
  if (ferror(fp)) rc = io_err(err, "read", path);
  if (end) *end = pos;
done:
  free(line);
  fclose(fp);
  return rc;
}

/* ---------------- group commit ---------------- */

static double mono_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void pend_push(mailstore *m, uint64_t folder, const char *line, size_t n, int64_t size) {
  struct pend *p = NULL;
  for (size_t i = 0; i < m->npend_f && !p; i++) if (m->pend[i].folder == folder) p = &m->pend[i];
  if (!p) {
    m->pend = realloc(m->pend, (m->npend_f + 1) * sizeof *m->pend);
    p = &m->pend[m->npend_f++];
    *p = (struct pend){.folder = folder};
  }
  if (p->len + n > p->cap) p->buf = realloc(p->buf, p->cap = (p->len + n) * 2);
  memcpy(p->buf + p->len, line, n);
  p->len += n;
  if (!m->npend++) m->pend_since = mono_now();
  m->pend_bytes += size;
}

/* Makes the queued messages and new folders durable, then appends the index lines and makes
 * them durable (see DURABILITY). On a failure the lines stay queued for the next commit. */
static int commit(mailstore *m, store_err *err) {
  char p[PATH_MAX];
  size_t nfold = 0;
  if (!m->npend && !m->dirty) return STORE_OK;
  int rc = sync_dir_fs(m->dir, err);
  if (rc) return rc;
  m->dirty = false;
  if (!m->npend) return STORE_OK;
  for (size_t i = 0; i < m->npend_f; i++) nfold += m->pend[i].len > 0;
  bool each = nfold <= 2;   /* fdatasync one or two indexes; more: one syncfs for all */
  if ((rc = lock_ex(m, err))) return rc;
  for (size_t i = 0; i < m->npend_f && !rc; i++) {
    struct pend *q = &m->pend[i];
    pathf(p, "%s/index-%llu.jsonl", m->dir, (unsigned long long)q->folder);
    if (q->len && !(rc = append_line(p, m->dir, q->buf, q->len, each, err))) q->len = 0;
  }
  if (!rc && !each) rc = sync_dir_fs(m->dir, err);
  unlock(m);
  if (!rc) m->npend = 0, m->pend_bytes = 0;
  return rc;
}

/* Whether folder (0: any) has index lines waiting for a commit. */
static bool pending_in(const mailstore *m, uint64_t folder) {
  for (size_t i = 0; i < m->npend_f; i++)
    if (m->pend[i].len && (!folder || m->pend[i].folder == folder)) return true;
  return false;
}

static bool commit_due(const mailstore *m) {
  return m->npend >= COMMIT_MSGS || m->pend_bytes >= COMMIT_BYTES ||
         (m->npend && mono_now() - m->pend_since >= COMMIT_SECONDS);
}

/* ---------------- folders ---------------- */

static mfolder *folder_get(mailstore *m, uint64_t id) {
  for (size_t i = 0; i < m->nf; i++)
    if (m->f[i].id == id && !m->f[i].dead) return &m->f[i];
  return NULL;
}

static char *dup_or_null(json_t *j) { return json_is_string(j) ? strdup(json_string_value(j)) : NULL; }

typedef struct flog_ctx { mailstore *m; const char *path; store_err *err; } flog_ctx;

static int flog_line(void *ud, char *line, size_t n, long lineno) {
  flog_ctx *x = ud;
  json_error_t je;
  json_t *j = json_loadb(line, n, 0, &je);
  uint64_t id = j ? (uint64_t)json_integer_value(json_object_get(j, "Id")) : 0;
  if (!j || id <= ROOT_ID) {
    json_decref(j);
    return store_set_err(x->err, STORE_CORRUPT, "The folder log '%s' is damaged at line %ld.", x->path, lineno);
  }
  mailstore *m = x->m;
  mfolder *f = NULL;
  for (size_t i = 0; i < m->nf && !f; i++) if (m->f[i].id == id) f = &m->f[i];
  if (!f) {
    if (m->nf == m->capf) m->f = realloc(m->f, (m->capf = m->capf * 2 + 16) * sizeof *m->f);
    f = &m->f[m->nf++];
    memset(f, 0, sizeof *f);
    f->id = id, f->parent = ROOT_ID, f->name = strdup("");
  }
  json_t *v;
  if ((v = json_object_get(j, "ParentId"))) f->parent = (uint64_t)json_integer_value(v);
  if (json_is_string(v = json_object_get(j, "Name"))) free(f->name), f->name = strdup(json_string_value(v));
  if ((v = json_object_get(j, "ContainerClass"))) free(f->cls), f->cls = dup_or_null(v);
  if (json_is_true(json_object_get(j, "Deleted"))) f->dead = true;
  json_decref(j);
  return 0;
}

/* Applies the folder log lines other writers appended since the last look. */
static int folders_refresh(mailstore *m, store_err *err) {
  char p[PATH_MAX];
  pathf(p, "%s/folders.jsonl", m->dir);
  flog_ctx x = {m, p, err};
  off_t end = m->flog_off;
  int rc = each_line(p, m->flog_off, &end, flog_line, &x, err);
  if (!rc) m->flog_off = end;
  return rc;
}

static mfolder *child_named(mailstore *m, uint64_t parent, const char *name, size_t len) {
  for (size_t i = 0; i < m->nf; i++) {
    mfolder *f = &m->f[i];
    if (!f->dead && f->parent == parent && strlen(f->name) == len && !strncasecmp(f->name, name, len)) return f;
  }
  return NULL;
}

/* Walks path ("\A\B", "A\B", "\" ); create: make the missing ones (lock held). */
static int folder_walk(mailstore *m, const char *path, const char *cls, bool create, uint64_t *id, store_err *err) {
  uint64_t cur = ROOT_ID;
  for (const char *p = path; *p;) {
    while (*p == '\\') p++;
    size_t len = strcspn(p, "\\");
    if (!len) break;
    mfolder *f = child_named(m, cur, p, len);
    if (!f && !create) return store_set_err(err, STORE_NOTFOUND, "The folder '%s' does not exist.", path);
    if (!f) {
      uint64_t nid = ROOT_ID;
      for (size_t i = 0; i < m->nf; i++) if (m->f[i].id > nid) nid = m->f[i].id;
      bool leaf = !p[len] || !p[len + strspn(p + len, "\\")];
      json_t *j = json_pack("{s:I,s:I,s:o}", "Id", (json_int_t)(nid + 1), "ParentId", (json_int_t)cur,
                            "Name", json_stringn(p, len));
      if (leaf && cls) json_object_set_new(j, "ContainerClass", json_string(cls));
      size_t n;
      char *line = dump_line(j, &n), fp[PATH_MAX], ip[PATH_MAX];
      json_decref(j);
      pathf(fp, "%s/folders.jsonl", m->dir);
      int rc = append_line(fp, m->dir, line, n, false, err);   /* flushed by the next commit */
      free(line);
      if (!rc) rc = folders_refresh(m, err);
      if (rc) return rc;
      pathf(ip, "%s/index-%llu.jsonl", m->dir, (unsigned long long)(nid + 1));
      int fd = open(ip, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);   /* the index, empty, made now */
      if (fd < 0) return io_err(err, "create", ip);
      close(fd);
      m->dirty = true;
      f = folder_get(m, nid + 1);
      if (!f) return store_set_err(err, STORE_CORRUPT, "The folder log '%s' lost a line.", fp);
    }
    cur = f->id;
    p += len;
  }
  *id = cur;
  return store_ok(err);
}

int mailstore_folder_find(mailstore *m, const char *path, uint64_t *id, store_err *err) {
  int rc = folders_refresh(m, err);   /* queued messages don't matter here: no commit */
  return rc ? rc : folder_walk(m, path ? path : "", NULL, false, id, err);
}

int mailstore_folder_ensure(mailstore *m, const char *path, const char *cls, uint64_t *id, store_err *err) {
  int rc = folders_refresh(m, err);   /* no commit: a new folder is flushed by the next one */
  if (rc || folder_walk(m, path ? path : "", NULL, false, id, NULL) == STORE_OK) return rc ? rc : store_ok(err);
  if ((rc = lock_ex(m, err))) return rc;
  rc = folders_refresh(m, err);
  if (!rc) rc = folder_walk(m, path ? path : "", cls, true, id, err);
  unlock(m);
  return rc;
}

/* ---------------- index scanning ---------------- */

typedef struct scan_ctx {
  uint64_t *dels;      /* tombstoned ids, sorted after pass 1; owned */
  size_t ndel, capdel;
  uint64_t folder;
  mailstore_visit visit;
  void *ud;
  const char *path;
  store_err *err;
  uint64_t last_id;    /* highest added id seen */
} scan_ctx;

static int tomb_line(void *ud, char *line, size_t n, long lineno) {
  scan_ctx *x = ud;
  (void)n, (void)lineno;
  if (strncmp(line, "{\"del\":", 7)) return 0;
  if (x->ndel == x->capdel) x->dels = realloc(x->dels, (x->capdel = x->capdel * 2 + 64) * sizeof *x->dels);
  x->dels[x->ndel++] = strtoull(line + 7, NULL, 10);
  return 0;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static int live_line(void *ud, char *line, size_t n, long lineno) {
  scan_ctx *x = ud;
  if (!strncmp(line, "{\"del\":", 7)) return 0;
  json_error_t je;
  json_t *j = json_loadb(line, n, JSON_ALLOW_NUL, &je);
  json_t *jid = j ? json_object_get(j, "Id") : NULL;
  if (!json_is_integer(jid)) {
    json_decref(j);
    return store_set_err(x->err, STORE_CORRUPT, "The message index '%s' is damaged at line %ld.", x->path, lineno);
  }
  uint64_t id = (uint64_t)json_integer_value(jid);
  if (id > x->last_id) x->last_id = id;
  if (!x->visit || (x->ndel && bsearch(&id, x->dels, x->ndel, sizeof id, cmp_u64))) { json_decref(j); return 0; }
  int rc = 0;
  xv s = from_json(j, NULL, &rc, x->err);
  json_decref(j);
  s = xv_set(s, "FolderId", xv_int((int64_t)x->folder));
  rc = x->visit(x->ud, s);
  xv_free(s);
  return rc ? -1 : 0;   /* -1: the visitor stopped */
}

/* Visits the live summaries of one folder's index; visit NULL: just finds its last id. */
static int scan_folder(mailstore *m, uint64_t folder, scan_ctx *x, store_err *err) {
  char p[PATH_MAX];
  pathf(p, "%s/index-%llu.jsonl", m->dir, (unsigned long long)folder);
  x->ndel = 0, x->folder = folder, x->path = p, x->err = err;
  off_t end = 0;
  int rc = x->visit ? each_line(p, 0, &end, tomb_line, x, err) : STORE_OK;
  if (rc) return rc;
  if (x->ndel) qsort(x->dels, x->ndel, sizeof *x->dels, cmp_u64);
  return each_line(p, 0, NULL, live_line, x, err);
}

int mailstore_scan(mailstore *m, uint64_t folder, mailstore_visit visit, void *ud, store_err *err) {
  scan_ctx x = {.visit = visit, .ud = ud};
  int rc = pending_in(m, folder) ? commit(m, err) : STORE_OK;   /* so the scan sees them */
  if (!rc) rc = folders_refresh(m, err);
  if (!rc && folder && !folder_get(m, folder))
    rc = store_set_err(err, STORE_NOTFOUND, "The folder %llu does not exist.", (unsigned long long)folder);
  for (size_t i = 0; !rc && i < m->nf; i++)
    if (!m->f[i].dead && (!folder || m->f[i].id == folder)) rc = scan_folder(m, m->f[i].id, &x, err);
  free(x.dels);
  return rc == -1 ? store_ok(err) : rc;
}

/* The highest message id any index mentions, read from each index's tail (the last add line
 * of a folder holds its highest id, since ids grow under the lock), or by a full read when the
 * tail holds only tombstones. */
static uint64_t index_last_id(const char *path) {
  char buf[8192];
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  struct stat st;
  uint64_t best = 0;
  if (!fstat(fd, &st)) {
    off_t end = good_end(fd, st.st_size), from = end > (off_t)sizeof buf - 1 ? end - (off_t)sizeof buf + 1 : 0;
    ssize_t n = pread(fd, buf, (size_t)(end - from), from);
    buf[n > 0 ? n : 0] = '\0';
    for (char *p = buf; (p = strstr(p, "{\"Id\":")); p += 6) {   /* writers may commit out of order */
      uint64_t id = strtoull(p + 6, NULL, 10);
      if (id > best) best = id;
    }
    if (!best && from > 0) {
      scan_ctx x = {0};
      x.path = path;
      each_line(path, 0, NULL, live_line, &x, NULL);
      best = x.last_id;
    }
  }
  close(fd);
  return best;
}

/* ---------------- open, close, destroy ---------------- */

static bool guid_ok(const char *g) {
  size_t n = g ? strlen(g) : 0;
  return n > 0 && n <= 64 && strspn(g, "0123456789abcdefABCDEF-") == n;
}

int mailstore_open(const char *store_dir, const char *guid, bool create, mailstore **out, store_err *err) {
  char p[PATH_MAX];
  bool made, any_made = false;
  int rc;
  *out = NULL;
  if (!guid_ok(guid)) return store_set_err(err, STORE_NOTFOUND, "'%s' isn't a mailbox GUID.", guid ? guid : "");
  pathf(p, "%s/mail/%s", store_dir, guid);
  struct stat st;
  if (!create && stat(p, &st)) {
    if (errno == ENOENT) return store_set_err(err, STORE_NOTFOUND, "The mailbox content '%s' does not exist.", p);
    return io_err(err, "open", p);
  }
  if (create) {   /* store_dir, mail, mail/<guid>, mail/<guid>/msg; each new one synced in its parent */
    char d[4][PATH_MAX];
    pathf(d[0], "%s", store_dir);
    pathf(d[1], "%s/mail", store_dir);
    pathf(d[2], "%s/mail/%s", store_dir, guid);
    pathf(d[3], "%s/mail/%s/msg", store_dir, guid);
    for (int i = 0; i < 4; i++) {
      if ((rc = make_dir(d[i], &made, err))) return rc;
      any_made |= made;
    }
  }
  mailstore *m = calloc(1, sizeof *m);
  m->dir = strdup(p);
  m->lockfd = -1, m->idfd = -1;
  m->f = calloc(16, sizeof *m->f), m->capf = 16, m->nf = 1;
  m->f[0] = (mfolder){.id = ROOT_ID, .parent = 0, .name = strdup("")};
  m->dirty = any_made;   /* new folders: synced (one syncfs) by the first commit or close */
  if ((rc = folders_refresh(m, err))) { mailstore_close(m); return rc; }
  m->next_id = 1;
  for (size_t i = 0; i < m->nf; i++) {
    pathf(p, "%s/index-%llu.jsonl", m->dir, (unsigned long long)m->f[i].id);
    uint64_t last = index_last_id(p);
    if (last >= m->next_id) m->next_id = last + 1;
  }
  *out = m;
  return store_ok(err);
}

void mailstore_close(mailstore *m) {
  if (!m) return;
  commit(m, NULL);   /* a failure here leaves the messages uncommitted: as if the process had died */
  for (size_t i = 0; i < m->npend_f; i++) free(m->pend[i].buf);
  free(m->pend);
  for (size_t i = 0; i < m->nf; i++) free(m->f[i].name), free(m->f[i].cls);
  free(m->f);
  if (m->lockfd >= 0) close(m->lockfd);
  if (m->idfd >= 0) close(m->idfd);
  free(m->dir);
  free(m);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st, (void)flag, (void)ftw;
  return remove(path);
}

int mailstore_destroy(const char *store_dir, const char *guid, store_err *err) {
  char p[PATH_MAX], trash[PATH_MAX], mail[PATH_MAX];
  if (!guid_ok(guid)) return store_set_err(err, STORE_NOTFOUND, "'%s' isn't a mailbox GUID.", guid ? guid : "");
  pathf(mail, "%s/mail", store_dir);
  pathf(p, "%s/%s", mail, guid);
  pathf(trash, "%s/.removed-%s-%ld", mail, guid, (long)getpid());
  if (rename(p, trash)) {   /* one atomic step: after it the mailbox has no content */
    if (errno == ENOENT) return store_set_err(err, STORE_NOTFOUND, "The mailbox content '%s' does not exist.", p);
    return io_err(err, "remove", p);
  }
  int rc = store_fsync_dir(mail, err);
  if (nftw(trash, rm_one, 16, FTW_DEPTH | FTW_PHYS) && !rc) rc = io_err(err, "remove", trash);
  return rc ? rc : store_ok(err);
}

/* ---------------- messages ---------------- */

/* Writes a message's attachment bytes to files while turning it into JSON. */
typedef struct wctx {
  char dir[PATH_MAX];  /* msg/<xx> */
  int64_t bytes;       /* attachment bytes written */
  char **files;        /* names written (for cleanup on failure); owned */
  size_t nfiles;
  int rc;
  store_err *err;
} wctx;

static json_t *msg_json(xv msg, const char *name, wctx *w);

static json_t *att_json(xv att, const char *name, wctx *w) {
  if (att.kind != XV_DICT && att.kind != XV_OBJ) return to_json(att);
  json_t *o = json_object();
  for (uint32_t i = 0; i < xv_len_b(att); i++) {
    const char *k = xv_key_b(att, i);
    xv v = xv_val_b(att, i);
    json_t *j;
    if (!strcmp(k, "Data") && v.kind == XV_STR) {
      char file[96], p[PATH_MAX];
      snprintf(file, sizeof file, "%s.bin", name);
      pathf(p, "%s/%s", w->dir, file);
      if (!w->rc) w->rc = write_file(p, xv_str_b(v), xv_strlen_b(v), w->err);
      w->files = realloc(w->files, (w->nfiles + 1) * sizeof *w->files);
      w->files[w->nfiles++] = strdup(p);
      w->bytes += (int64_t)xv_strlen_b(v);
      j = json_pack("{s:s}", "$file", file);
    } else if (!strcmp(k, "Message") && (v.kind == XV_DICT || v.kind == XV_OBJ)) {
      j = msg_json(v, name, w);
    } else {
      j = to_json(v);
    }
    json_object_set_new(o, k, j);
  }
  return o;
}

/* name: "<id>" or "<id>.<n>..." (the prefix of its attachments' files). */
static json_t *msg_json(xv msg, const char *name, wctx *w) {
  json_t *o = json_object();
  for (uint32_t i = 0; i < xv_len_b(msg); i++) {
    const char *k = xv_key_b(msg, i);
    xv v = xv_val_b(msg, i);
    if (strcmp(k, "Attachments") || v.kind != XV_ARR) { json_object_set_new(o, k, to_json(v)); continue; }
    json_t *a = json_array();
    for (uint32_t n = 0; n < xv_len_b(v); n++) {
      char sub[96];
      snprintf(sub, sizeof sub, "%s.%u", name, n);
      json_array_append_new(a, att_json(xv_arr_get_b(v, n), sub, w));
    }
    json_object_set_new(o, k, a);
  }
  return o;
}

/* FNV-1a 64 over class|subject|sender|senttime|body size (sender: SMTP address, else name;
 * body: plain text, else HTML). */
xv mailstore_hash_b(xv msg) {
  uint64_t h = 14695981039346656037ULL;
  char tail[64];
  xv sender = xv_get_b(msg, "SenderEmail"), body = xv_get_b(msg, "Body"), sent = xv_get_b(msg, "SentTime");
  if (sender.kind != XV_STR || !xv_strlen_b(sender)) sender = xv_get_b(msg, "SenderName");
  if (body.kind != XV_STR) body = xv_get_b(msg, "BodyHtml");
  snprintf(tail, sizeof tail, "%lld|%zu", sent.kind == XV_INT ? (long long)sent.u.i : 0LL,
           body.kind == XV_STR ? xv_strlen_b(body) : (size_t)0);
  xv parts[] = {xv_get_b(msg, "MessageClass"), xv_get_b(msg, "Subject"), sender};
  for (int i = 0; i < 3; i++) {
    const char *s = xv_str_b(parts[i]);
    size_t n = s ? xv_strlen_b(parts[i]) : 0;
    for (size_t k = 0; k < n; k++) h = (h ^ (unsigned char)s[k]) * 1099511628211ULL;
    h = (h ^ '|') * 1099511628211ULL;
  }
  for (const char *t = tail; *t; t++) h = (h ^ (unsigned char)*t) * 1099511628211ULL;
  return xv_strf("%016llx", (unsigned long long)h);
}

static json_t *summary_json(uint64_t id, xv msg, int64_t size) {
  static const char *const strs[] = {"MessageClass", "Subject", "SenderName", "SenderEmail"};
  json_t *o = json_pack("{s:I}", "Id", (json_int_t)id);
  for (int i = 0; i < 4; i++) json_object_set_new(o, strs[i], to_json(xv_get_b(msg, strs[i])));
  json_object_set_new(o, "SentTime", to_json(xv_get_b(msg, "SentTime")));
  json_object_set_new(o, "ReceivedTime", to_json(xv_get_b(msg, "ReceivedTime")));
  json_object_set_new(o, "Size", json_integer(size));
  json_object_set_new(o, "HasAttachments", json_boolean(xv_len_b(xv_get_b(msg, "Attachments")) > 0));
  xv h = mailstore_hash_b(msg);
  json_object_set_new(o, "Hash", json_string(xv_str_b(h)));
  xv_free(h);
  return o;
}

/* next-id holds a fixed-width number, rewritten in place (no O_TRUNC: ext4 would flush the
 * file at each close). Open on first use; kept in the handle. */
static int id_fd(mailstore *m) {
  char p[PATH_MAX];
  if (m->idfd < 0) {
    pathf(p, "%s/next-id", m->dir);
    m->idfd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  }
  return m->idfd;
}

/* The next id under the lock: the larger of ours and the shared next-id hint. */
static uint64_t take_id(mailstore *m) {
  char buf[32] = "";
  int fd = id_fd(m);
  ssize_t n = fd >= 0 ? pread(fd, buf, sizeof buf - 1, 0) : 0;
  buf[n > 0 ? n : 0] = '\0';
  uint64_t hint = strtoull(buf, NULL, 10);
  return hint > m->next_id ? hint : m->next_id;
}

static void put_id(mailstore *m, uint64_t next) {
  char buf[32];
  int fd = id_fd(m), n = snprintf(buf, sizeof buf, "%020llu\n", (unsigned long long)next);
  if (fd >= 0 && pwrite(fd, buf, (size_t)n, 0) != n) {}   /* a hint: open rebuilds it */
  m->next_id = next;
}

int mailstore_add(mailstore *m, uint64_t folder, xv msg, uint64_t *id, store_err *err) {
  char name[32], p[PATH_MAX];
  wctx w = {.err = err};
  json_t *doc = NULL, *sum = NULL;
  char *text = NULL, *line = NULL;
  size_t n, ln;
  bool made, written = false;
  int rc = folder_get(m, folder) ? STORE_OK : folders_refresh(m, err);   /* known: no re-read */
  if (!rc && !folder_get(m, folder))
    rc = store_set_err(err, STORE_NOTFOUND, "The folder %llu does not exist.", (unsigned long long)folder);
  if (!rc && msg.kind != XV_DICT && msg.kind != XV_OBJ)
    rc = store_set_err(err, STORE_CORRUPT, "A message must be a hashtable.");
  if (rc || (rc = lock_ex(m, err))) goto done;
  *id = take_id(m);   /* reserved at once: other writers take the ids after it */
  put_id(m, *id + 1);
  unlock(m);
  msg_dir(m, *id, w.dir);
  unsigned xx = (unsigned)(*id >> 10 & 0xFF);
  if (!(m->have_dir[xx / 64] >> (xx % 64) & 1)) {
    if ((rc = make_dir(w.dir, &made, err))) goto done;
    m->have_dir[xx / 64] |= 1ULL << (xx % 64);
    m->dirty |= made;
  }
  snprintf(name, sizeof name, "%llu", (unsigned long long)*id);
  doc = msg_json(msg, name, &w);
  if ((rc = w.rc)) goto done;
  /* {"Folder":F,"Size":S,"Message":<doc>}: the message is dumped once and the head written
   * around it; S counts its own digits, so settle on a fixed point */
  text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
  if (!text) { errno = ENOMEM; rc = io_err(err, "encode the message for", m->dir); goto done; }
  n = strlen(text);
  char head[96];
  int hl = 0;
  int64_t size = 0;
  for (int k = 0; k < 4; k++) {
    hl = snprintf(head, sizeof head, "{\"Folder\":%llu,\"Size\":%lld,\"Message\":",
                  (unsigned long long)folder, (long long)size);
    int64_t total = (int64_t)hl + (int64_t)n + 1 + w.bytes;
    if (total == size) break;
    size = total;
  }
  pathf(p, "%s/%s.json", w.dir, name);
  struct iovec iov[3] = {{head, (size_t)hl}, {text, n}, {"}", 1}};
  if ((rc = write_filev(p, iov, 3, err))) goto done;
  sum = summary_json(*id, msg, size);
  line = dump_line(sum, &ln);
  pend_push(m, folder, line, ln, size);
  written = true;
  if (commit_due(m)) rc = commit(m, err);
done:
  for (size_t i = 0; i < w.nfiles; i++) {
    if (!written) unlink(w.files[i]);
    free(w.files[i]);
  }
  free(w.files);
  free(text), free(line);
  json_decref(doc), json_decref(sum);
  xv_free(msg);
  if (rc && !written) *id = 0;   /* written but not yet committed: the id stands */
  return rc ? rc : store_ok(err);
}

/* Reads msg/<xx>/<id>.json: its document (owned) and path. */
static int load_doc(mailstore *m, uint64_t id, json_t **doc, char *dir, char *path, store_err *err) {
  char *buf;
  size_t n;
  json_error_t je;
  msg_dir(m, id, dir);
  pathf(path, "%s/%llu.json", dir, (unsigned long long)id);
  int rc = read_file(path, &buf, &n, err);
  if (rc == STORE_NOTFOUND) return store_set_err(err, rc, "The message %llu does not exist.", (unsigned long long)id);
  if (rc) return rc;
  *doc = json_loadb(buf, n, JSON_ALLOW_NUL, &je);
  free(buf);
  if (!*doc || !json_is_object(json_object_get(*doc, "Message"))) {
    json_decref(*doc);
    return corrupt(err, path, &je);
  }
  return STORE_OK;
}

int mailstore_load(mailstore *m, uint64_t id, xv *msg, store_err *err) {
  char dir[PATH_MAX], path[PATH_MAX];
  json_t *doc;
  *msg = xv_null();
  int rc = commit(m, err);
  if (!rc) rc = load_doc(m, id, &doc, dir, path, err);
  if (rc) return rc;
  *msg = from_json(json_object_get(doc, "Message"), dir, &rc, err);
  json_decref(doc);
  if (rc) xv_free(*msg), *msg = xv_null();
  return rc ? rc : store_ok(err);
}

/* Unlinks every "$file" j refers to. */
static void unlink_files(json_t *j, const char *dir) {
  const char *k;
  json_t *v;
  size_t i;
  if (json_is_array(j)) json_array_foreach(j, i, v) unlink_files(v, dir);
  if (!json_is_object(j)) return;
  json_t *f = json_object_get(j, "$file");
  if (json_object_size(j) == 1 && json_is_string(f) && !strchr(json_string_value(f), '/')) {
    char p[PATH_MAX];
    pathf(p, "%s/%s", dir, json_string_value(f));
    unlink(p);
    return;
  }
  json_object_foreach(j, k, v) unlink_files(v, dir);
}

int mailstore_delete(mailstore *m, uint64_t id, store_err *err) {
  char dir[PATH_MAX], path[PATH_MAX], ip[PATH_MAX], line[48];
  json_t *doc = NULL;
  int rc = commit(m, err);
  if (rc || (rc = lock_ex(m, err))) return rc;
  if ((rc = load_doc(m, id, &doc, dir, path, err))) goto done;
  uint64_t folder = (uint64_t)json_integer_value(json_object_get(doc, "Folder"));
  pathf(ip, "%s/index-%llu.jsonl", m->dir, (unsigned long long)folder);
  int n = snprintf(line, sizeof line, "{\"del\":%llu}\n", (unsigned long long)id);
  if ((rc = append_line(ip, m->dir, line, (size_t)n, true, err))) goto done;
  unlink_files(json_object_get(doc, "Message"), dir);
  unlink(path);
done:
  json_decref(doc);
  unlock(m);
  return rc ? rc : store_ok(err);
}

/* ---------------- folder listing with statistics ---------------- */

typedef struct stat_ctx { int64_t count, size; } stat_ctx;

static int count_visit(void *ud, xv s) {
  stat_ctx *x = ud;
  x->count++;
  x->size += xv_get_b(s, "Size").u.i;
  return 0;
}

static xv folder_path(mailstore *m, const mfolder *f) {
  if (f->id == ROOT_ID) return xv_str("\\");
  mfolder *up = folder_get(m, f->parent);
  xv pp = up && up->id != ROOT_ID ? folder_path(m, up) : xv_str("");
  xv r = xv_strf("%s\\%s", xv_str_b(pp), f->name);
  xv_free(pp);
  return r;
}

/* Appends folder f and, depth first, its live children in creation order. */
static int folders_tree(mailstore *m, const mfolder *f, xv *out, int depth, store_err *err) {
  stat_ctx st = {0, 0};
  scan_ctx x = {.visit = count_visit, .ud = &st};
  int rc = scan_folder(m, f->id, &x, err);
  free(x.dels);
  if (rc) return rc;
  xv d = xv_dict();
  d = xv_set(d, "Id", xv_int((int64_t)f->id));
  d = xv_set(d, "ParentId", xv_int((int64_t)f->parent));
  d = xv_set(d, "Path", folder_path(m, f));
  d = xv_set(d, "Name", xv_str(f->name));
  d = xv_set(d, "ContainerClass", f->cls ? xv_str(f->cls) : xv_null());
  d = xv_set(d, "ItemCount", xv_int(st.count));
  d = xv_set(d, "Size", xv_int(st.size));
  *out = xv_arr_push(*out, d);
  for (size_t i = 0; i < m->nf && !rc && depth < 256; i++)
    if (!m->f[i].dead && m->f[i].parent == f->id && m->f[i].id != f->id) rc = folders_tree(m, &m->f[i], out, depth + 1, err);
  return rc;
}

int mailstore_folders(mailstore *m, xv *out, store_err *err) {
  *out = xv_arr();
  int rc = commit(m, err);
  if (!rc) rc = folders_refresh(m, err);
  if (!rc) rc = folders_tree(m, &m->f[0], out, 0, err);
  if (rc) xv_free(*out), *out = xv_null();
  return rc ? rc : store_ok(err);
}
