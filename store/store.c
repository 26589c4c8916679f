/* store.c — owns the store folder: the snapshot, the journal and the lock, and the only use of
 * jansson in exsh. Leaves the meaning of records to the cmdlet modules.
 * Entry points: store_open/close, store_get/list/count, store_put/update/delete (store.h). */

/* LAYOUT of the folder (mode 0700, files 0600):
 *   config.json        snapshot: {"schema": 1, "generation": G,
 *                                 "collections": {"<coll>": {"<key>": {record}, ...}, ...}}
 *   journal-G.log      the changes committed since snapshot G, one JSON line each:
 *                        {"op":"put","c":coll,"k":key,"v":record}
 *                        {"op":"update","c":coll,"k":key,"v":fields}   merge into the record
 *                        {"op":"del","c":coll,"k":key}
 *   store.lock         flock(2) target: LOCK_EX for a write transaction, LOCK_SH to refresh.
 *   config.json.tmp    a snapshot being written (compaction, first use); renamed over config.json.
 * A commit appends one line and fdatasyncs it, so its cost does not grow with the store. When the
 * journal outgrows max(64 KiB, snapshot size), the writer compacts: snapshot G+1 goes to
 * config.json.tmp, fsync, rename, fsync of the folder, then journal-G.log is unlinked (a crash
 * before that leaves a stale journal of an old generation, ignored, removed at the next compaction).
 * A last journal line without '\n' or that does not parse is a torn write: readers ignore it and
 * the next writer truncates it away. Any other bad content is reported (STORE_CORRUPT or
 * STORE_SCHEMA) and makes the handle refuse all later calls: a bad file is never overwritten.
 * Readers notice other processes' commits cheaply: stat of config.json (a new inode, size or time
 * means another process compacted: reload) and of the journal (grown: read only the new tail).
 * VALUES: JSON null/true/false/integer/real/string/array/object <-> xv NULL/BOOL/INT/DBL/STR/ARR/
 * DICT. Going to disk, a PSObject is stored as a hashtable (its type name is dropped), a script
 * block as its text, NaN and infinities as null, invalid UTF-8 bytes (in values, keys and names)
 * as U+FFFD. A handle is for one thread; a forked child may use it (it takes its own lock). */
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

enum { STORE_SCHEMA_VERSION = 1 };
static const off_t COMPACT_MIN = 64 * 1024; /* journal bytes below which we never compact */

struct store {
  char *dir;           /* the store folder; owned, freed by store_close */
  char *snap;          /* dir/config.json; owned */
  char *tmp;           /* dir/config.json.tmp; owned */
  char *lockp;         /* dir/store.lock; owned */
  char *jpath;         /* dir/journal-<gen>.log of the loaded generation; owned, reset by reload */
  int lockfd;          /* store.lock opened by process pid; closed by store_close */
  pid_t pid;           /* process that opened lockfd: a forked child opens its own */
  xv colls;            /* DICT collection -> DICT key -> record; owned */
  long long gen;       /* generation of the loaded snapshot */
  struct stat snap_st; /* identity of the loaded snapshot (dev, ino, size, mtime, ctime); 0 = none */
  off_t jsize;         /* journal bytes applied: the end of its last good line */
  long jline;          /* journal lines applied (for error line numbers) */
  store_err broken;    /* code != STORE_OK once a file was found bad: every later call returns it */
};

/* ---------------- errors ---------------- */

int store_set_err(store_err *err, int code, const char *fmt, ...) {
  if (!err) return code;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  va_end(ap);
  err->code = code;
  return code;
}

/* An OS failure: "The store could not <what> '<path>': <strerror>." (uses errno) */
static int io_err(store_err *err, const char *what, const char *path) {
  return store_set_err(err, STORE_IO, "The store could not %s '%s': %s.", what, path, strerror(errno));
}

int store_ok(store_err *err) {
  if (err) { err->code = STORE_OK; err->msg[0] = 0; }
  return STORE_OK;
}

/* A bad file makes the handle refuse every later call: remember the first such error. */
static int mark_broken(store *s, int rc, const store_err *err) {
  if ((rc == STORE_CORRUPT || rc == STORE_SCHEMA) && err && s->broken.code == STORE_OK)
    s->broken = *err;
  return rc;
}

static int refuse(const store *s, store_err *err) {
  if (err) *err = s->broken;
  return s->broken.code;
}

/* ---------------- strings and files ---------------- */

static char *path_join(const char *dir, const char *name) {
  size_t n = strlen(dir) + strlen(name) + 2;
  char *p = malloc(n);
  if (p) snprintf(p, n, "%s/%s", dir, name);
  return p;
}

static char *journal_path(const char *dir, long long gen) {
  char name[64];
  snprintf(name, sizeof name, "journal-%lld.log", gen);
  return path_join(dir, name);
}

/* Length of the valid UTF-8 sequence at s (jansson's rules), or 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (!len || len > n) return 0;
  unsigned cp = len == 1 ? c : c & (0x7F >> len);
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  static const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

/* A malloc'd copy of s[0..n) where invalid UTF-8 bytes become U+FFFD (JSON needs UTF-8);
 * *outn gets its length. s may be NULL (""). */
static char *utf8_fix(const char *s, size_t n, size_t *outn) {
  char *r = malloc(n * 3 + 1), *w = r;
  if (!r) return NULL;
  for (size_t i = 0; s && i < n;) {
    size_t len = utf8_seq((const unsigned char *)s + i, n - i);
    if (len) { memcpy(w, s + i, len); w += len; i += len; }
    else { memcpy(w, "\xEF\xBF\xBD", 3); w += 3; i++; }
  }
  *w = 0;
  if (outn) *outn = (size_t)(w - r);
  return r;
}

static char *name_fix(const char *s) { return utf8_fix(s, s ? strlen(s) : 0, NULL); }

int store_fsync_dir(const char *dir, store_err *err) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return io_err(err, "open the folder", dir);
  int rc = fsync(fd) ? io_err(err, "sync the folder", dir) : STORE_OK;
  close(fd);
  return rc;
}

/* mkdir -p with mode 0700 for each folder made. */
static int mkdir_p(const char *dir, store_err *err) {
  char *p = strdup(dir), *slash;
  bool made = false;                         /* the last mkdir made dir: sync its parent */
  int rc = STORE_OK;
  if (!p) { errno = ENOMEM; return io_err(err, "create the folder", dir); }
  for (char *q = p + 1; ; q++) {
    if (*q != '/' && *q) continue;
    char c = *q;
    *q = 0;
    made = !mkdir(p, 0700);
    if (!made && errno != EEXIST) { rc = io_err(err, "create the folder", p); goto done; }
    *q = c;
    if (!c) break;
  }
  struct stat st;
  if (stat(dir, &st)) rc = io_err(err, "open the folder", dir);
  else if (!S_ISDIR(st.st_mode)) { errno = ENOTDIR; rc = io_err(err, "open the folder", dir); }
  else if (made && (slash = strrchr(p, '/')) && slash > p) { *slash = 0; rc = store_fsync_dir(p, err); }
done:
  free(p);
  return rc;
}

static int pwrite_all(int fd, const char *buf, size_t n, off_t off) {
  while (n) {
    ssize_t w = pwrite(fd, buf, n, off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return -1;
    buf += w; n -= (size_t)w; off += w;
  }
  return 0;
}

static int pread_all(int fd, char *buf, size_t n, off_t off) {
  while (n) {
    ssize_t r = pread(fd, buf, n, off);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (r == 0) { errno = EIO; return -1; }
    buf += r; n -= (size_t)r; off += r;
  }
  return 0;
}

/* ---------------- JSON <-> xv ---------------- */

static json_t *str_json(const char *s, size_t n) {
  char *f = utf8_fix(s, n, &n);
  json_t *j = f ? json_stringn(f, n) : NULL;
  free(f);
  return j;
}

static json_t *to_json(xv v);

static json_t *bag_json(xv v) {
  json_t *o = json_object();
  for (uint32_t i = 0; o && i < xv_len_b(v); i++) {
    char *k = name_fix(xv_key_b(v, i));
    if (k) json_object_set_new(o, k, to_json(xv_val_b(v, i)));
    free(k);
  }
  return o;
}

/* A new JSON value for v (borrowed). Doubles that JSON cannot hold (NaN, infinities) become null;
 * a script block becomes its text; an object (PSObject) loses its type name. */
static json_t *to_json(xv v) {
  switch (xv_kind_b(v)) {
  case XV_BOOL: return json_boolean(v.u.b);
  case XV_INT: return json_integer(v.u.i);
  case XV_DBL: return isfinite(v.u.d) ? json_real(v.u.d) : json_null();
  case XV_STR: return str_json(xv_str_b(v), xv_strlen_b(v));
  case XV_BLOCK: { const char *t = xv_block_text_b(v); return str_json(t, strlen(t)); }
  case XV_DICT: case XV_OBJ: return bag_json(v);
  case XV_ARR: {
    json_t *a = json_array();
    for (uint32_t i = 0; a && i < xv_len_b(v); i++) json_array_append_new(a, to_json(xv_arr_get_b(v, i)));
    return a;
  }
  default: return json_null();
  }
}

/* A new xv for j (borrowed). */
static xv from_json(json_t *j) {
  switch (json_typeof(j)) {
  case JSON_TRUE: return xv_bool(true);
  case JSON_FALSE: return xv_bool(false);
  case JSON_INTEGER: return xv_int(json_integer_value(j));
  case JSON_REAL: return xv_dbl(json_real_value(j));
  case JSON_STRING: return xv_strn(json_string_value(j), json_string_length(j));
  case JSON_ARRAY: {
    xv a = xv_arr();
    for (size_t i = 0; i < json_array_size(j); i++) a = xv_arr_push(a, from_json(json_array_get(j, i)));
    return a;
  }
  case JSON_OBJECT: {
    xv d = xv_dict();
    const char *k;
    json_t *val;
    json_object_foreach(j, k, val) d = xv_set(d, k, from_json(val));
    return d;
  }
  default: return xv_null();
  }
}

/* ---------------- the in-memory model ---------------- */

/* Takes collection c out of *colls (made if absent) so that it is unshared and can be changed
 * in place; give it back with coll_give. */
static xv coll_take(xv *colls, const char *c) {
  xv coll = xv_has_b(*colls, c) ? xv_copy(xv_get_b(*colls, c)) : xv_dict();
  *colls = xv_set(*colls, c, xv_null());
  return coll;
}

static void coll_give(xv *colls, const char *c, xv coll) { *colls = xv_set(*colls, c, coll); }

static bool has_record(const store *s, const char *c, const char *k) {
  return xv_has_b(xv_get_b(s->colls, c), k);
}

/* Merges the members of fields into the record k of coll (a new record if absent). Fields that
 * are not an object replace the record. Returns coll. */
static xv merge(xv coll, const char *k, json_t *fields) {
  if (!json_is_object(fields)) return xv_set(coll, k, from_json(fields));
  xv rec = xv_has_b(coll, k) ? xv_copy(xv_get_b(coll, k)) : xv_dict();
  coll = xv_set(coll, k, xv_null());
  if (xv_kind_b(rec) != XV_DICT && xv_kind_b(rec) != XV_OBJ) { xv_free(rec); rec = xv_dict(); }
  const char *name;
  json_t *val;
  json_object_foreach(fields, name, val) rec = xv_set(rec, name, from_json(val));
  return xv_set(coll, k, rec);
}

/* Applies one journal change to *colls; false when op is not a well-formed change. */
static bool apply_op(xv *colls, json_t *op) {
  const char *o = json_string_value(json_object_get(op, "op"));
  const char *c = json_string_value(json_object_get(op, "c"));
  const char *k = json_string_value(json_object_get(op, "k"));
  json_t *v = json_object_get(op, "v");
  if (!o || !c || !k) return false;
  bool put = !strcmp(o, "put"), upd = !strcmp(o, "update"), del = !strcmp(o, "del");
  if (!(put || upd || del) || (!del && !v)) return false;
  xv coll = coll_take(colls, c);
  if (put) coll = xv_set(coll, k, from_json(v));
  else if (upd) coll = merge(coll, k, v);
  else coll = xv_del(coll, k);
  coll_give(colls, c, coll);
  return true;
}

/* ---------------- reading the files ---------------- */

static int schema_err(const char *path, json_t *schema, store_err *err) {
  char *found = schema ? json_dumps(schema, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
  int rc = store_set_err(err, STORE_SCHEMA, "The store file '%s' has schema version %s, but this exsh "
                   "reads only version %d.", path, found ? found : "(none)", STORE_SCHEMA_VERSION);
  free(found);
  return rc;
}

/* Checks the snapshot document doc and converts its collections into *colls. */
static int parse_doc(const char *path, json_t *doc, xv *colls, long long *gen, store_err *err) {
  json_t *schema = json_object_get(doc, "schema");
  json_t *jgen = json_object_get(doc, "generation"), *jcolls = json_object_get(doc, "collections");
  if (!json_is_object(doc))
    return store_set_err(err, STORE_CORRUPT, "The store file '%s' is not a store document: it is not a JSON object.", path);
  if (!json_is_integer(schema) || json_integer_value(schema) != STORE_SCHEMA_VERSION)
    return schema_err(path, schema, err);
  if (!json_is_integer(jgen) || json_integer_value(jgen) < 1 || !json_is_object(jcolls))
    return store_set_err(err, STORE_CORRUPT, "The store file '%s' is not a store document: it lacks a "
                   "positive \"generation\" or a \"collections\" object.", path);
  const char *name;
  json_t *coll;
  json_object_foreach(jcolls, name, coll)
    if (!json_is_object(coll))
      return store_set_err(err, STORE_CORRUPT, "The store file '%s' is not a store document: collection "
                     "'%s' is not a JSON object.", path, name);
  *colls = from_json(jcolls);
  *gen = json_integer_value(jgen);
  return STORE_OK;
}

/* Reads and checks config.json: its collections, generation and file identity. */
static int load_snapshot(const char *path, xv *colls, long long *gen, struct stat *st, store_err *err) {
  json_error_t je;
  json_t *doc = NULL;
  char *buf = NULL;
  int rc, fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_err(err, "open", path);
  if (fstat(fd, st) || !(buf = malloc((size_t)st->st_size + 1)) ||
      pread_all(fd, buf, (size_t)st->st_size, 0)) {
    rc = io_err(err, "read", path);
    goto done;
  }
  doc = json_loadb(buf, (size_t)st->st_size, JSON_ALLOW_NUL, &je);
  if (!doc) {
    rc = store_set_err(err, STORE_CORRUPT, "The store file '%s' is not valid JSON: %s at line %d, column %d.",
                 path, je.text, je.line, je.column);
    goto done;
  }
  rc = parse_doc(path, doc, colls, gen, err);
done:
  json_decref(doc);
  free(buf);
  close(fd);
  return rc;
}

static bool same_file(const struct stat *a, const struct stat *b) {
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
         a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
         a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/* Applies the complete lines of buf[0..n) (the journal from s->jsize on). A last line that has
 * no '\n' or does not parse is a torn write and is left alone. */
static int apply_lines(store *s, const char *buf, size_t n, store_err *err) {
  for (size_t off = 0; off < n;) {
    const char *nl = memchr(buf + off, '\n', n - off);
    if (!nl) break;
    size_t len = (size_t)(nl - (buf + off));
    bool last = !memchr(nl + 1, '\n', n - off - len - 1);
    json_error_t je;
    json_t *op = json_loadb(buf + off, len, JSON_ALLOW_NUL, &je);
    if (!op && last) break;
    bool good = op && apply_op(&s->colls, op);
    json_decref(op);
    if (!good)
      return store_set_err(err, STORE_CORRUPT, "The store journal '%s' is not valid at line %ld: %s.",
                     s->jpath, s->jline + 1, op ? "not a store change" : je.text);
    off += len + 1;
    s->jsize += (off_t)len + 1;
    s->jline++;
  }
  return STORE_OK;
}

static int reload(store *s, store_err *err);

/* Reads what was appended to the journal since s->jsize. */
static int read_tail(store *s, store_err *err) {
  struct stat st;
  if (stat(s->jpath, &st)) {
    if (errno != ENOENT) return io_err(err, "read", s->jpath);
    return s->jsize ? reload(s, err) : STORE_OK; /* compacted under a reused inode */
  }
  if (st.st_size == s->jsize) return STORE_OK;
  if (st.st_size < s->jsize) return reload(s, err);
  size_t n = (size_t)(st.st_size - s->jsize);
  char *buf = malloc(n);
  int rc, fd = open(s->jpath, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || !buf) rc = io_err(err, "open", s->jpath);
  else if (pread_all(fd, buf, n, s->jsize)) rc = io_err(err, "read", s->jpath);
  else rc = apply_lines(s, buf, n, err);
  if (fd >= 0) close(fd);
  free(buf);
  return rc;
}

/* Loads the snapshot and its journal from scratch. */
static int reload(store *s, store_err *err) {
  xv colls = xv_null();
  long long gen = 0;
  struct stat st;
  int rc = load_snapshot(s->snap, &colls, &gen, &st, err);
  if (rc) return rc;
  char *jp = journal_path(s->dir, gen);
  if (!jp) { xv_free(colls); errno = ENOMEM; return io_err(err, "read", s->dir); }
  xv_free(s->colls);
  free(s->jpath);
  s->colls = colls; s->gen = gen; s->snap_st = st; s->jpath = jp;
  s->jsize = 0; s->jline = 0;
  return read_tail(s, err);
}

/* Brings the handle up to date with what other handles committed. Caller holds the lock. */
static int refresh(store *s, store_err *err) {
  struct stat st;
  if (stat(s->snap, &st)) return io_err(err, "read", s->snap);
  return same_file(&st, &s->snap_st) ? read_tail(s, err) : reload(s, err);
}

/* ---------------- locking ---------------- */

static int lock(store *s, int how, store_err *err) {
  if (s->pid != getpid()) {                   /* forked: the inherited fd shares the parent's lock */
    if (s->lockfd >= 0) close(s->lockfd);
    s->lockfd = open(s->lockp, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (s->lockfd < 0) return io_err(err, "open", s->lockp);
    s->pid = getpid();
  }
  while (flock(s->lockfd, how))
    if (errno != EINTR) return io_err(err, "lock", s->lockp);
  return STORE_OK;
}

static void unlock(store *s) { flock(s->lockfd, LOCK_UN); }

/* Takes the lock (LOCK_SH or LOCK_EX) and refreshes; on failure the lock is released. */
static int begin(store *s, int how, store_err *err) {
  if (s->broken.code) return refuse(s, err);
  int rc = lock(s, how, err);
  if (rc) return rc;
  rc = mark_broken(s, refresh(s, err), err);
  if (rc) unlock(s);
  return rc;
}

/* ---------------- writing the files ---------------- */

/* Removes journal-N.log files of generations other than keep. */
static void remove_stale_journals(const char *dir, long long keep) {
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    long long g;
    char tail[8];
    if (sscanf(e->d_name, "journal-%lld.lo%1s", &g, tail) != 2 || g == keep || strcmp(tail, "g")) continue;
    char *p = path_join(dir, e->d_name);
    if (p) unlink(p);
    free(p);
  }
  if (d) closedir(d);
}

/* Writes colls as snapshot gen: config.json.tmp, fsync, rename over config.json, fsync folder. */
static int write_snapshot(store *s, xv colls, long long gen, store_err *err) {
  json_t *doc = json_pack("{s:i, s:I, s:o}", "schema", STORE_SCHEMA_VERSION, "generation",
                          (json_int_t)gen, "collections", to_json(colls));
  char *jp = journal_path(s->dir, gen);
  int rc = STORE_OK, fd = open(s->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) { rc = io_err(err, "create", s->tmp); goto done; }
  if (!doc || !jp || json_dumpfd(doc, fd, JSON_INDENT(1)) || write(fd, "\n", 1) != 1) {
    rc = io_err(err, "write", s->tmp);
    goto done;
  }
  if (fsync(fd)) { rc = io_err(err, "sync", s->tmp); goto done; }
  if (unlink(jp) && errno != ENOENT) { rc = io_err(err, "remove", jp); goto done; }
  if (rename(s->tmp, s->snap)) { rc = io_err(err, "replace", s->snap); goto done; }
  rc = store_fsync_dir(s->dir, err);
done:
  if (fd >= 0) close(fd);
  free(jp);
  json_decref(doc);
  return rc;
}

/* Rewrites the snapshot as generation gen+1 and drops the journal. Caller holds LOCK_EX with
 * a fresh state. A failure leaves the files valid; the handle then reloads at its next call. */
static int compact(store *s, store_err *err) {
  long long gen = s->gen + 1;
  char *jp = journal_path(s->dir, gen);
  struct stat st;
  int rc = jp ? write_snapshot(s, s->colls, gen, err) : store_set_err(err, STORE_IO, "Out of memory.");
  if (!rc && stat(s->snap, &st)) rc = io_err(err, "read", s->snap);
  if (rc) {
    free(jp);
    memset(&s->snap_st, 0, sizeof s->snap_st);
    return rc;
  }
  remove_stale_journals(s->dir, gen);
  free(s->jpath);
  s->jpath = jp; s->gen = gen; s->snap_st = st; s->jsize = 0; s->jline = 0;
  return STORE_OK;
}

/* Appends line[0..n) to the journal at s->jsize (cutting a torn tail first) and syncs it. */
static int append_line(store *s, const char *line, size_t n, store_err *err) {
  bool made = false;
  int rc = STORE_OK, fd = open(s->jpath, O_WRONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) { fd = open(s->jpath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600); made = true; }
  if (fd < 0) return io_err(err, "open", s->jpath);
  struct stat st;
  if (fstat(fd, &st)) { rc = io_err(err, "read", s->jpath); goto done; }
  if (st.st_size > s->jsize && ftruncate(fd, s->jsize)) { rc = io_err(err, "repair", s->jpath); goto done; }
  if (pwrite_all(fd, line, n, s->jsize) || fdatasync(fd)) {
    rc = io_err(err, "write", s->jpath);
    if (ftruncate(fd, s->jsize)) { /* else the next writer cuts the torn line */ }
    goto done;
  }
  if (made) rc = store_fsync_dir(s->dir, err);
done:
  close(fd);
  return rc;
}

/* Commits op (stolen): journal line, sync, apply in memory, compact when due. Caller holds
 * LOCK_EX with a fresh state. */
static int commit(store *s, json_t *op, store_err *err) {
  char *line = op ? json_dumps(op, JSON_COMPACT) : NULL;
  int rc;
  if (!line) { errno = ENOMEM; rc = io_err(err, "write", s->jpath); goto done; }
  size_t n = strlen(line);
  line[n] = '\n'; /* over the NUL: the line goes by length */
  rc = append_line(s, line, n + 1, err);
  if (rc) goto done;
  s->jsize += (off_t)n + 1;
  s->jline++;
  apply_op(&s->colls, op);
  off_t limit = s->snap_st.st_size > COMPACT_MIN ? s->snap_st.st_size : COMPACT_MIN;
  store_err cerr;
  if (s->jsize > limit) compact(s, &cerr); /* the change is durable either way */
done:
  free(line);
  json_decref(op);
  return rc;
}

/* A journal change {"op":o,"c":c,"k":k,"v":v} (v stolen; NULL for "del"), or NULL when out of
 * memory: never a change without its value. */
static json_t *make_op(const char *o, const char *c, const char *k, json_t *v) {
  json_t *op = json_pack("{s:s, s:s, s:s}", "op", o, "c", c, "k", k);
  if (!op || (!v && strcmp(o, "del"))) { json_decref(op); json_decref(v); return NULL; }
  if (v && json_object_set_new(op, "v", v)) { json_decref(op); return NULL; }
  return op;
}

/* ---------------- open and close ---------------- */

static store *handle_new(const char *dir) {
  store *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->dir = strdup(dir);
  s->snap = path_join(dir, "config.json");
  s->tmp = path_join(dir, "config.json.tmp");
  s->lockp = path_join(dir, "store.lock");
  s->lockfd = -1;
  s->colls = xv_dict();
  if (s->dir && s->snap && s->tmp && s->lockp) return s;
  store_close(s);
  return NULL;
}

/* Under LOCK_EX: makes the empty snapshot on first use, then loads. */
static int first_load(store *s, store_err *err) {
  struct stat st;
  if (stat(s->snap, &st)) {
    if (errno != ENOENT) return io_err(err, "read", s->snap);
    xv empty = xv_dict();
    int rc = write_snapshot(s, empty, 1, err);
    xv_free(empty);
    if (rc) return rc;
  }
  return reload(s, err);
}

int store_open(const char *dir, store **out, store_err *err) {
  store *s = NULL;
  int rc;
  *out = NULL;
  if (!dir || !*dir) { errno = EINVAL; return io_err(err, "open the folder", dir ? dir : ""); }
  if ((rc = mkdir_p(dir, err))) return rc;
  if (!(s = handle_new(dir))) { errno = ENOMEM; return io_err(err, "open", dir); }
  s->pid = getpid();
  s->lockfd = open(s->lockp, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (s->lockfd < 0) { rc = io_err(err, "open", s->lockp); goto done; }
  if ((rc = lock(s, LOCK_EX, err))) goto done;
  rc = first_load(s, err);
  unlock(s);
done:
  if (rc) store_close(s);
  else *out = s;
  return rc ? rc : store_ok(err);
}

void store_close(store *s) {
  if (!s) return;
  if (s->lockfd >= 0) close(s->lockfd);
  xv_free(s->colls);
  free(s->dir); free(s->snap); free(s->tmp); free(s->lockp); free(s->jpath);
  free(s);
}

/* ---------------- reads ---------------- */

int store_get(store *s, const char *coll, const char *key, xv *out, store_err *err) {
  char *c = name_fix(coll), *k = name_fix(key);
  int rc = begin(s, LOCK_SH, err);
  *out = xv_null();
  if (rc) goto done;
  unlock(s);
  if (!has_record(s, c, k)) {
    rc = store_set_err(err, STORE_NOTFOUND, "There is no record '%s' in '%s'.", k, c);
    goto done;
  }
  *out = xv_copy(xv_get_b(xv_get_b(s->colls, c), k));
  rc = store_ok(err);
done:
  free(c); free(k);
  return rc;
}

int store_list(store *s, const char *coll, xv *out_array, store_err *err) {
  char *c = name_fix(coll);
  int rc = begin(s, LOCK_SH, err);
  *out_array = xv_arr();
  if (rc) goto done;
  unlock(s);
  xv recs = xv_get_b(s->colls, c);
  for (uint32_t i = 0; i < xv_len_b(recs); i++) *out_array = xv_arr_push(*out_array, xv_copy(xv_val_b(recs, i)));
  rc = store_ok(err);
done:
  free(c);
  return rc;
}

long store_count(store *s, const char *coll) {
  char *c = name_fix(coll);
  long n = 0;
  store_err err;
  if (!begin(s, LOCK_SH, &err)) {
    unlock(s);
    n = (long)xv_len_b(xv_get_b(s->colls, c));
  }
  free(c);
  return n;
}

/* ---------------- writes ---------------- */

int store_put(store *s, const char *coll, const char *key, xv record, int mode, store_err *err) {
  char *c = name_fix(coll), *k = name_fix(key);
  int rc = begin(s, LOCK_EX, err);
  if (rc) goto done;
  bool has = has_record(s, c, k);
  if (has && mode == STORE_CREATE)
    rc = store_set_err(err, STORE_EXISTS, "A record '%s' already exists in '%s'.", k, c);
  else if (!has && mode == STORE_REPLACE)
    rc = store_set_err(err, STORE_NOTFOUND, "There is no record '%s' in '%s'.", k, c);
  else if (!(rc = commit(s, make_op("put", c, k, to_json(record)), err)))
    store_ok(err);
  unlock(s);
done:
  xv_free(record);
  free(c); free(k);
  return rc;
}

int store_update(store *s, const char *coll, const char *key, xv fields, bool create, store_err *err) {
  char *c = name_fix(coll), *k = name_fix(key);
  int rc = begin(s, LOCK_EX, err);
  if (rc) goto done;
  if (!create && !has_record(s, c, k))
    rc = store_set_err(err, STORE_NOTFOUND, "There is no record '%s' in '%s'.", k, c);
  else if (!(rc = commit(s, make_op("update", c, k, to_json(fields)), err)))
    store_ok(err);
  unlock(s);
done:
  xv_free(fields);
  free(c); free(k);
  return rc;
}

int store_modify(store *s, const char *coll, const char *key, store_modify_fn fn, void *ud, store_err *err) {
  char *c = name_fix(coll), *k = name_fix(key);
  xv fields = xv_null();
  int rc = begin(s, LOCK_EX, err);
  if (rc) goto done;
  xv cur = has_record(s, c, k) ? xv_get_b(xv_get_b(s->colls, c), k) : xv_null();
  rc = fn(ud, cur, &fields);
  if (rc == STORE_OK && xv_len_b(fields) > 0 && !(rc = commit(s, make_op("update", c, k, to_json(fields)), err)))
    store_ok(err);
  else if (rc == STORE_ABANDONED)
    store_set_err(err, STORE_ABANDONED, "The change to '%s' in '%s' was abandoned.", k, c);
  unlock(s);
done:
  xv_free(fields);
  free(c); free(k);
  return rc;
}

int store_delete(store *s, const char *coll, const char *key, store_err *err) {
  char *c = name_fix(coll), *k = name_fix(key);
  int rc = begin(s, LOCK_EX, err);
  if (rc) goto done;
  if (!has_record(s, c, k))
    rc = store_set_err(err, STORE_NOTFOUND, "There is no record '%s' in '%s'.", k, c);
  else if (!(rc = commit(s, make_op("del", c, k, NULL), err)))
    store_ok(err);
  unlock(s);
done:
  free(c); free(k);
  return rc;
}
