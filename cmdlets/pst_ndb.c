/* pst_ndb.c — reads the NDB and LTP layers of a .pst ([MS-PST] 2.2, 2.3) without a library.
 * Why not libpff (which the tests still use as an independent reader): libpff 20180714 builds
 * an item tree of every node when it opens a file, finding each node's parent by a walk from
 * the root, and keeps a tree node for every index entry it ever reads. Measured on a 100,000-
 * message file: 276 s to open (quadratic), and ~1 KB per message that is never given back (a
 * 20,000-message import peaked at 106 MB). This reader keeps a fixed page cache and nothing per
 * node: a B-tree lookup reads at most one page a level, a node's blocks live as long as the
 * caller's pset. Every count, offset and size taken from the file is checked before use; a
 * failed read leaves a phrase in ndb_why() and returns -1, never touching memory out of bounds.
 * Owns: the file descriptor, the page cache. See pst_ndb.h for the entry points. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "pst_ndb.h"

#define PAGE 512
#define CACHE_PAGES 512            /* 256 KB: every B-tree level of a multi-GB file stays hot */
#define MAX_BLOCK 65536            /* larger than any real block (8,192) */
#define MAX_LEVELS 16              /* B-tree depth we follow */
#define MAX_NODE_BYTES (1u << 30)  /* a node's data tree total we accept */

/* [MS-PST] 5.1: the permutation tables of NDB_CRYPT_PERMUTE (mpbbR, mpbbS); the inverse
 * (mpbbI) is computed from mpbbR at open. Format constants, as the CRC polynomial is. */
static const uint8_t crypt_r[256] = {
  0x41, 0x36, 0x13, 0x62, 0xa8, 0x21, 0x6e, 0xbb, 0xf4, 0x16, 0xcc, 0x04, 0x7f, 0x64, 0xe8, 0x5d,
  0x1e, 0xf2, 0xcb, 0x2a, 0x74, 0xc5, 0x5e, 0x35, 0xd2, 0x95, 0x47, 0x9e, 0x96, 0x2d, 0x9a, 0x88,
  0x4c, 0x7d, 0x84, 0x3f, 0xdb, 0xac, 0x31, 0xb6, 0x48, 0x5f, 0xf6, 0xc4, 0xd8, 0x39, 0x8b, 0xe7,
  0x23, 0x3b, 0x38, 0x8e, 0xc8, 0xc1, 0xdf, 0x25, 0xb1, 0x20, 0xa5, 0x46, 0x60, 0x4e, 0x9c, 0xfb,
  0xaa, 0xd3, 0x56, 0x51, 0x45, 0x7c, 0x55, 0x00, 0x07, 0xc9, 0x2b, 0x9d, 0x85, 0x9b, 0x09, 0xa0,
  0x8f, 0xad, 0xb3, 0x0f, 0x63, 0xab, 0x89, 0x4b, 0xd7, 0xa7, 0x15, 0x5a, 0x71, 0x66, 0x42, 0xbf,
  0x26, 0x4a, 0x6b, 0x98, 0xfa, 0xea, 0x77, 0x53, 0xb2, 0x70, 0x05, 0x2c, 0xfd, 0x59, 0x3a, 0x86,
  0x7e, 0xce, 0x06, 0xeb, 0x82, 0x78, 0x57, 0xc7, 0x8d, 0x43, 0xaf, 0xb4, 0x1c, 0xd4, 0x5b, 0xcd,
  0xe2, 0xe9, 0x27, 0x4f, 0xc3, 0x08, 0x72, 0x80, 0xcf, 0xb0, 0xef, 0xf5, 0x28, 0x6d, 0xbe, 0x30,
  0x4d, 0x34, 0x92, 0xd5, 0x0e, 0x3c, 0x22, 0x32, 0xe5, 0xe4, 0xf9, 0x9f, 0xc2, 0xd1, 0x0a, 0x81,
  0x12, 0xe1, 0xee, 0x91, 0x83, 0x76, 0xe3, 0x97, 0xe6, 0x61, 0x8a, 0x17, 0x79, 0xa4, 0xb7, 0xdc,
  0x90, 0x7a, 0x5c, 0x8c, 0x02, 0xa6, 0xca, 0x69, 0xde, 0x50, 0x1a, 0x11, 0x93, 0xb9, 0x52, 0x87,
  0x58, 0xfc, 0xed, 0x1d, 0x37, 0x49, 0x1b, 0x6a, 0xe0, 0x29, 0x33, 0x99, 0xbd, 0x6c, 0xd9, 0x94,
  0xf3, 0x40, 0x54, 0x6f, 0xf0, 0xc6, 0x73, 0xb8, 0xd6, 0x3e, 0x65, 0x18, 0x44, 0x1f, 0xdd, 0x67,
  0x10, 0xf1, 0x0c, 0x19, 0xec, 0xae, 0x03, 0xa1, 0x14, 0x7b, 0xa9, 0x0b, 0xff, 0xf8, 0xa3, 0xc0,
  0xa2, 0x01, 0xf7, 0x2e, 0xbc, 0x24, 0x68, 0x75, 0x0d, 0xfe, 0xba, 0x2f, 0xb5, 0xd0, 0xda, 0x3d,
};
static const uint8_t crypt_s[256] = {
  0x14, 0x53, 0x0f, 0x56, 0xb3, 0xc8, 0x7a, 0x9c, 0xeb, 0x65, 0x48, 0x17, 0x16, 0x15, 0x9f, 0x02,
  0xcc, 0x54, 0x7c, 0x83, 0x00, 0x0d, 0x0c, 0x0b, 0xa2, 0x62, 0xa8, 0x76, 0xdb, 0xd9, 0xed, 0xc7,
  0xc5, 0xa4, 0xdc, 0xac, 0x85, 0x74, 0xd6, 0xd0, 0xa7, 0x9b, 0xae, 0x9a, 0x96, 0x71, 0x66, 0xc3,
  0x63, 0x99, 0xb8, 0xdd, 0x73, 0x92, 0x8e, 0x84, 0x7d, 0xa5, 0x5e, 0xd1, 0x5d, 0x93, 0xb1, 0x57,
  0x51, 0x50, 0x80, 0x89, 0x52, 0x94, 0x4f, 0x4e, 0x0a, 0x6b, 0xbc, 0x8d, 0x7f, 0x6e, 0x47, 0x46,
  0x41, 0x40, 0x44, 0x01, 0x11, 0xcb, 0x03, 0x3f, 0xf7, 0xf4, 0xe1, 0xa9, 0x8f, 0x3c, 0x3a, 0xf9,
  0xfb, 0xf0, 0x19, 0x30, 0x82, 0x09, 0x2e, 0xc9, 0x9d, 0xa0, 0x86, 0x49, 0xee, 0x6f, 0x4d, 0x6d,
  0xc4, 0x2d, 0x81, 0x34, 0x25, 0x87, 0x1b, 0x88, 0xaa, 0xfc, 0x06, 0xa1, 0x12, 0x38, 0xfd, 0x4c,
  0x42, 0x72, 0x64, 0x13, 0x37, 0x24, 0x6a, 0x75, 0x77, 0x43, 0xff, 0xe6, 0xb4, 0x4b, 0x36, 0x5c,
  0xe4, 0xd8, 0x35, 0x3d, 0x45, 0xb9, 0x2c, 0xec, 0xb7, 0x31, 0x2b, 0x29, 0x07, 0x68, 0xa3, 0x0e,
  0x69, 0x7b, 0x18, 0x9e, 0x21, 0x39, 0xbe, 0x28, 0x1a, 0x5b, 0x78, 0xf5, 0x23, 0xca, 0x2a, 0xb0,
  0xaf, 0x3e, 0xfe, 0x04, 0x8c, 0xe7, 0xe5, 0x98, 0x32, 0x95, 0xd3, 0xf6, 0x4a, 0xe8, 0xa6, 0xea,
  0xe9, 0xf3, 0xd5, 0x2f, 0x70, 0x20, 0xf2, 0x1f, 0x05, 0x67, 0xad, 0x55, 0x10, 0xce, 0xcd, 0xe3,
  0x27, 0x3b, 0xda, 0xba, 0xd7, 0xc2, 0x26, 0xd4, 0x91, 0x1d, 0xd2, 0x1c, 0x22, 0x33, 0xf8, 0xfa,
  0xf1, 0x5a, 0xef, 0xcf, 0x90, 0xb6, 0x8b, 0xb5, 0xbd, 0xc0, 0xbf, 0x08, 0x97, 0x1e, 0x6c, 0xe2,
  0x61, 0xe0, 0xc6, 0xc1, 0x59, 0xab, 0xbb, 0x58, 0xde, 0x5f, 0xdf, 0x60, 0x79, 0x7e, 0xb2, 0x8a,
};

struct ndb {
  int fd;
  uint64_t size;               /* bytes in the file */
  bool ansi;                   /* 32-bit BIDs/offsets, 12-byte trailers */
  uint8_t crypt;               /* 0 none, 1 permute, 2 cyclic */
  uint64_t nbt_ib, bbt_ib;     /* root pages */
  uint64_t nbt_bid, bbt_bid;
  uint8_t inv[256];            /* mpbbI */
  char why[160];
  /* direct-mapped page cache */
  uint64_t ckey[CACHE_PAGES];  /* offset + 1; 0 = empty */
  uint8_t cpage[CACHE_PAGES][PAGE];
};

static uint16_t u16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t u32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t u64(const uint8_t *p) { return (uint64_t)u32(p) | (uint64_t)u32(p + 4) << 32; }

__attribute__((format(printf, 2, 3)))
static int fail(ndb *db, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(db->why, sizeof db->why, fmt, ap);
  va_end(ap);
  return -1;
}

const char *ndb_why(const ndb *db) { return db->why; }
bool ndb_ansi(const ndb *db) { return db->ansi; }

static int read_at(ndb *db, uint64_t off, void *buf, size_t n)
{
  if (off > db->size || n > db->size - off)
    return fail(db, "data at offset %llu (%llu bytes) lies past the end of the file", (unsigned long long)off, (unsigned long long)n);
  size_t got = 0;
  while (got < n) {
    ssize_t k = pread(db->fd, (uint8_t *)buf + got, n - got, (off_t)(off + got));
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return fail(db, "a read at offset %llu failed (%s)", (unsigned long long)(off + got), k < 0 ? strerror(errno) : "end of file");
    got += (size_t)k;
  }
  return 0;
}

/* ---------------- header ---------------- */

int ndb_open(const char *path, ndb **out, char *err, size_t n)
{
  struct stat st;
  uint8_t h[564];
  *out = NULL;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return snprintf(err, n, "The file '%s' can't be opened: %s.", path,
                    errno == ENOENT ? "it doesn't exist" : strerror(errno)), -1;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return snprintf(err, n, "'%s' isn't a file, so it can't be read as a PST file.", path), -1;
  }
  ssize_t got = pread(fd, h, sizeof h, 0);
  if (got < 4 || memcmp(h, "!BDN", 4) != 0 || (got >= 10 && memcmp(h + 8, "SM", 2) != 0)) {
    close(fd);
    return snprintf(err, n, "The file '%s' isn't an Outlook data file (.pst): it doesn't start "
                    "with the PST signature.", path), -1;
  }
  if (got < 512) {
    close(fd);
    return snprintf(err, n, "The file '%s' is truncated: it is shorter than a PST header.", path), -1;
  }
  unsigned ver = u16(h + 10);
  ndb *db = calloc(1, sizeof *db);
  if (!db) { close(fd); return snprintf(err, n, "Out of memory."), -1; }
  db->fd = fd;
  db->size = (uint64_t)st.st_size;
  uint64_t eof;
  if (ver == 14 || ver == 15) {
    db->ansi = true;
    eof = u32(h + 168);
    db->nbt_bid = u32(h + 184), db->nbt_ib = u32(h + 188);
    db->bbt_bid = u32(h + 192), db->bbt_ib = u32(h + 196);
    db->crypt = h[461];
  } else if (ver >= 23 && ver < 36) {
    eof = u64(h + 184);
    db->nbt_bid = u64(h + 216), db->nbt_ib = u64(h + 224);
    db->bbt_bid = u64(h + 232), db->bbt_ib = u64(h + 240);
    db->crypt = h[513];
  } else {
    ndb_close(db);
    if (ver >= 36)
      return snprintf(err, n, "The file '%s' uses the 4 KB-page format of Outlook 2013 offline "
                      "files (.ost), which can't be imported; export it to a .pst from Outlook.", path), -1;
    return snprintf(err, n, "The file '%s' is corrupt, so it can't be read as a PST file "
                    "(unknown format version %u).", path, ver), -1;
  }
  if (eof > db->size) {
    ndb_close(db);
    return snprintf(err, n, "The file '%s' is truncated: its header says %llu bytes, but only "
                    "%llu are there.", path, (unsigned long long)eof, (unsigned long long)st.st_size), -1;
  }
  if (db->crypt > 2) {
    unsigned c = db->crypt;
    ndb_close(db);
    return snprintf(err, n, "The file '%s' is corrupt, so it can't be read as a PST file "
                    "(unknown encoding %u).", path, c), -1;
  }
  if (db->nbt_ib + PAGE > db->size || db->bbt_ib + PAGE > db->size || db->nbt_ib < 512 || db->bbt_ib < 512) {
    ndb_close(db);
    return snprintf(err, n, "The file '%s' is corrupt, so it can't be read as a PST file "
                    "(its index roots point outside the file).", path), -1;
  }
  for (int i = 0; i < 256; i++) db->inv[crypt_r[i]] = (uint8_t)i;
  *out = db;
  return 0;
}

void ndb_close(ndb *db)
{
  if (!db) return;
  if (db->fd >= 0) close(db->fd);
  free(db);
}

/* ---------------- B-tree pages ---------------- */

typedef struct bpage {
  const uint8_t *p;
  unsigned cent, cbent, level;
} bpage;

/* The B-tree page at ib (ptype 0x80 BBT or 0x81 NBT), from the cache. */
static int page_get(ndb *db, uint64_t ib, uint8_t ptype, bpage *out)
{
  size_t slot = (size_t)((ib / PAGE) % CACHE_PAGES);
  if (db->ckey[slot] != ib + 1) {
    if (read_at(db, ib, db->cpage[slot], PAGE)) return -1;
    db->ckey[slot] = ib + 1;
  }
  const uint8_t *p = db->cpage[slot];
  unsigned area = db->ansi ? 496 : 488, tr = db->ansi ? 500 : 496;
  out->p = p;
  out->cent = p[area], out->cbent = p[area + 2], out->level = p[area + 3];
  if (p[tr] != ptype) {
    db->ckey[slot] = 0;
    return fail(db, "the index page at offset %llu isn't an index page (type 0x%02x)", (unsigned long long)ib, p[tr]);
  }
  unsigned min = out->level ? (db->ansi ? 12 : 24) : ptype == 0x81 ? (db->ansi ? 16 : 32) : (db->ansi ? 12 : 24);
  if (out->cbent < min || (size_t)out->cent * out->cbent > area) {
    db->ckey[slot] = 0;
    return fail(db, "the index page at offset %llu is corrupt (%u entries)", (unsigned long long)ib, out->cent);
  }
  return 0;
}

/* Key of entry i (the first field of every entry kind). */
static uint64_t ent_key(const ndb *db, const bpage *pg, unsigned i)
{
  const uint8_t *e = pg->p + (size_t)i * pg->cbent;
  return db->ansi ? u32(e) : u64(e);
}

/* Finds key in the tree rooted at ib: the leaf entry's bytes in *ent (valid until the next
 * page read). 1 found, 0 absent, -1 error. */
static int bt_find(ndb *db, uint64_t ib, uint8_t ptype, uint64_t key, const uint8_t **ent)
{
  for (int depth = 0; depth < MAX_LEVELS; depth++) {
    bpage pg;
    if (page_get(db, ib, ptype, &pg)) return -1;
    /* last entry with key <= target */
    unsigned lo = 0, hi = pg.cent;
    while (lo < hi) {
      unsigned mid = (lo + hi) / 2;
      if (ent_key(db, &pg, mid) <= key) lo = mid + 1;
      else hi = mid;
    }
    if (lo == 0) return 0;
    const uint8_t *e = pg.p + (size_t)(lo - 1) * pg.cbent;
    if (pg.level == 0) {
      if (ent_key(db, &pg, lo - 1) != key) return 0;
      *ent = e;
      return 1;
    }
    ib = db->ansi ? u32(e + 8) : u64(e + 16);
  }
  return fail(db, "an index is deeper than %d levels", MAX_LEVELS);
}

/* Visits every leaf entry of the NBT below ib, in order. */
/* Visits the NBT below page ib, whose level must be want (-1: the root, any). Levels go down by
 * one a step, so a loop can't recur, and no page is visited more often than a tree holds pages:
 * a corrupt index that shares pages ends with an error, not an exponential walk. */
static int nbt_walk(ndb *db, uint64_t ib, int want, uint64_t *visits, ndb_node_fn fn, void *ud)
{
  bpage pg;
  if (++*visits > db->size / PAGE + 1) return fail(db, "the node index refers to its pages more than once");
  if (page_get(db, ib, 0x81, &pg)) return -1;
  unsigned cent = pg.cent, cbent = pg.cbent, level = pg.level;
  if ((want >= 0 && level != (unsigned)want) || level >= MAX_LEVELS)
    return fail(db, "the node index page at offset %llu has the wrong level (%u)", (unsigned long long)ib, level);
  uint8_t copy[PAGE];           /* the cache slot may be reused while we descend */
  memcpy(copy, pg.p, PAGE);
  for (unsigned i = 0; i < cent; i++) {
    const uint8_t *e = copy + (size_t)i * cbent;
    int rc;
    if (level) {
      rc = nbt_walk(db, db->ansi ? u32(e + 8) : u64(e + 16), (int)level - 1, visits, fn, ud);
    } else if (db->ansi) {
      rc = fn(ud, u32(e), u32(e + 4), u32(e + 8), u32(e + 12));
    } else {
      rc = fn(ud, u32(e), u64(e + 8), u64(e + 16), u32(e + 24));
    }
    if (rc) return rc;
  }
  return 0;
}

int ndb_nbt_each(ndb *db, ndb_node_fn fn, void *ud)
{
  uint64_t visits = 0;
  return nbt_walk(db, db->nbt_ib, -1, &visits, fn, ud);
}

int ndb_node(ndb *db, uint32_t nid, uint64_t *data, uint64_t *sub, uint32_t *parent)
{
  const uint8_t *e;
  int rc = bt_find(db, db->nbt_ib, 0x81, nid, &e);
  if (rc != 1) return rc;
  if (db->ansi) *data = u32(e + 4), *sub = u32(e + 8), *parent = u32(e + 12);
  else *data = u64(e + 8), *sub = u64(e + 16), *parent = u32(e + 24);
  return 1;
}

/* ---------------- blocks ---------------- */

/* Decodes a data block in place (NDB_CRYPT_PERMUTE or NDB_CRYPT_CYCLIC, [MS-PST] 5.1, 5.2). */
static void decode(const ndb *db, uint64_t bid, uint8_t *b, uint32_t cb)
{
  if (db->crypt == 1) {
    for (uint32_t i = 0; i < cb; i++) b[i] = db->inv[b[i]];
  } else if (db->crypt == 2) {
    uint32_t k = (uint32_t)bid;
    uint16_t w = (uint16_t)(k ^ (k >> 16));
    for (uint32_t i = 0; i < cb; i++, w++) {
      uint8_t x = (uint8_t)(b[i] + (uint8_t)w);
      x = crypt_r[x];
      x = (uint8_t)(x + (uint8_t)(w >> 8));
      x = crypt_s[x];
      x = (uint8_t)(x - (uint8_t)(w >> 8));
      x = db->inv[x];
      b[i] = (uint8_t)(x - (uint8_t)w);
    }
  }
}

/* Block bid, decoded, in a malloc'd buffer. */
static int block_read(ndb *db, uint64_t bid, uint8_t **buf, uint32_t *len)
{
  const uint8_t *e;
  uint64_t key = bid & ~(uint64_t)1;
  int rc = bt_find(db, db->bbt_ib, 0x80, key, &e);
  if (rc < 0) return -1;
  if (rc == 0) return fail(db, "block 0x%llx isn't in the block index", (unsigned long long)bid);
  uint64_t ib = db->ansi ? u32(e + 4) : u64(e + 8);
  uint32_t cb = u16(db->ansi ? e + 8 : e + 16);
  if (cb > MAX_BLOCK) return fail(db, "block 0x%llx has an impossible size (%u)", (unsigned long long)bid, cb);
  uint8_t *b = malloc(cb ? cb : 1);
  if (!b) return fail(db, "out of memory");
  if (read_at(db, ib, b, cb)) return free(b), -1;
  if (!(bid & 2)) decode(db, bid, b, cb);   /* external (data) blocks are encoded; internal ones aren't */
  *buf = b, *len = cb;
  return 0;
}

void nblocks_free(nblocks *nb)
{
  for (size_t i = 0; i < nb->n; i++) free(nb->b[i]);
  free(nb->b);
  free(nb->len);
  memset(nb, 0, sizeof *nb);
}

static int nb_push(ndb *db, nblocks *nb, uint8_t *b, uint32_t len)
{
  uint8_t **nbb = realloc(nb->b, (nb->n + 1) * sizeof *nb->b);
  if (!nbb) return free(b), fail(db, "out of memory");
  nb->b = nbb;
  uint32_t *nl = realloc(nb->len, (nb->n + 1) * sizeof *nb->len);
  if (!nl) return free(b), fail(db, "out of memory");
  nb->len = nl;
  nb->b[nb->n] = b, nb->len[nb->n++] = len;
  return 0;
}

/* Appends the leaves of the data tree at bid to nb; total counts bytes so far. */
/* Is the data-tree block b (len bytes, internal) an XBLOCK/XXBLOCK of level want (-1: 1 or 2)
 * with room for its BIDs? Children of a level-L block are of level L-1 (0: data blocks), so
 * a tree can't loop. */
static bool xblock_ok(const ndb *db, const uint8_t *b, uint32_t len, int want)
{
  unsigned bsz = db->ansi ? 4 : 8;
  return len >= 8 && b[0] == 1 && (b[1] == 1 || b[1] == 2) && (want < 0 || b[1] == want) &&
         8 + (size_t)u16(b + 2) * bsz <= len;
}

static uint64_t xblock_child(const ndb *db, const uint8_t *b, unsigned i)
{
  return db->ansi ? u32(b + 8 + i * 4) : u64(b + 8 + (size_t)i * 8);
}

/* Appends the leaves of the data tree at bid (of level want, -1: any) to nb. */
static int tree_collect(ndb *db, uint64_t bid, int want, nblocks *nb, uint64_t *total)
{
  uint8_t *b;
  uint32_t len;
  if (!(bid & 2) != (want <= 0) && want >= 0)
    return fail(db, "the data tree at block 0x%llx is corrupt", (unsigned long long)bid);
  if (block_read(db, bid, &b, &len)) return -1;
  if (!(bid & 2)) {
    *total += len;
    if (*total > MAX_NODE_BYTES || *total > db->size) return free(b), fail(db, "a node is larger than its file");
    return nb_push(db, nb, b, len);
  }
  if (!xblock_ok(db, b, len, want)) {
    free(b);
    return fail(db, "the data tree of block 0x%llx is corrupt", (unsigned long long)bid);
  }
  unsigned n = u16(b + 2), level = b[1];
  for (unsigned i = 0; i < n; i++)
    if (tree_collect(db, xblock_child(db, b, i), (int)level - 1, nb, total)) return free(b), -1;
  free(b);
  return 0;
}

int ndb_blocks(ndb *db, uint64_t bid, nblocks *out)
{
  uint64_t total = 0;
  memset(out, 0, sizeof *out);
  if (!bid) return 0;
  if (tree_collect(db, bid, -1, out, &total)) return nblocks_free(out), -1;
  return 0;
}

/* Reads the leaves of the data tree at bid into buf at *at (up to cap bytes). */
static int tree_into(ndb *db, uint64_t bid, int want, uint8_t *buf, size_t cap, size_t *at)
{
  const uint8_t *e;
  if (!(bid & 2) != (want <= 0) && want >= 0)
    return fail(db, "the data tree at block 0x%llx is corrupt", (unsigned long long)bid);
  int rc = bt_find(db, db->bbt_ib, 0x80, bid & ~(uint64_t)1, &e);
  if (rc <= 0) return rc < 0 ? -1 : fail(db, "block 0x%llx isn't in the block index", (unsigned long long)bid);
  uint64_t ib = db->ansi ? u32(e + 4) : u64(e + 8);
  uint32_t cb = u16(db->ansi ? e + 8 : e + 16);
  if (!(bid & 2)) {
    if (cb > cap - *at) return fail(db, "the blocks of a node hold more than its size");
    if (read_at(db, ib, buf + *at, cb)) return -1;
    decode(db, bid, buf + *at, cb);
    *at += cb;
    return 0;
  }
  uint8_t *b;
  uint32_t len;
  if (block_read(db, bid, &b, &len)) return -1;
  if (!xblock_ok(db, b, len, want)) {
    free(b);
    return fail(db, "the data tree of block 0x%llx is corrupt", (unsigned long long)bid);
  }
  unsigned n = u16(b + 2), level = b[1];
  for (unsigned i = 0; i < n; i++)
    if (tree_into(db, xblock_child(db, b, i), (int)level - 1, buf, cap, at)) return free(b), -1;
  free(b);
  return 0;
}

int ndb_read_into(ndb *db, uint64_t bid, ndb_alloc_fn alloc, void *ud, uint8_t **out, size_t *len)
{
  *out = NULL, *len = 0;
  if (!bid) return (*out = alloc(ud, 0)) ? 0 : fail(db, "out of memory");
  /* the size: one block's, or the XBLOCK's lcbTotal */
  const uint8_t *e;
  int rc = bt_find(db, db->bbt_ib, 0x80, bid & ~(uint64_t)1, &e);
  if (rc <= 0) return rc < 0 ? -1 : fail(db, "block 0x%llx isn't in the block index", (unsigned long long)bid);
  uint64_t ib = db->ansi ? u32(e + 4) : u64(e + 8), total = u16(db->ansi ? e + 8 : e + 16);
  if (bid & 2) {
    uint8_t h[8];
    if (total < 8 || read_at(db, ib, h, 8)) return total < 8 ? fail(db, "a data tree block is too short") : -1;
    total = u32(h + 4);
  }
  if (total > MAX_NODE_BYTES || total > db->size) return fail(db, "a node claims %llu bytes", (unsigned long long)total);
  if (!(*out = alloc(ud, (size_t)total))) return fail(db, "out of memory");
  size_t at = 0;
  if (tree_into(db, bid, -1, *out, (size_t)total, &at)) return -1;
  if (at != total) return fail(db, "a node's blocks hold %llu of its %llu bytes", (unsigned long long)at, (unsigned long long)total);
  *len = at;
  return 0;
}

static void *alloc_malloc(void *ud, size_t n) { (void)ud; return malloc(n ? n : 1); }

int ndb_read(ndb *db, uint64_t bid, uint8_t **buf, size_t *len)
{
  if (ndb_read_into(db, bid, alloc_malloc, NULL, buf, len)) return free(*buf), *buf = NULL, -1;
  return 0;
}

/* ---------------- subnode trees ---------------- */

int ndb_sub_find(ndb *db, uint64_t bid_sub, uint32_t nid, uint64_t *data, uint64_t *sub)
{
  for (int depth = 0; bid_sub && depth < 4; depth++) {
    uint8_t *b;
    uint32_t len;
    if (block_read(db, bid_sub, &b, &len)) return -1;
    unsigned hdr = db->ansi ? 4 : 8, w = db->ansi ? 4 : 8;
    unsigned esz = b[1] == 0 ? 3 * w : 2 * w;
    if (len < hdr || b[0] != 2 || b[1] > 1 || hdr + (size_t)u16(b + 2) * esz > len) {
      free(b);
      return fail(db, "the subnode tree in block 0x%llx is corrupt", (unsigned long long)bid_sub);
    }
    unsigned n = u16(b + 2), level = b[1];
    const uint8_t *best = NULL;
    for (unsigned i = 0; i < n; i++) {
      const uint8_t *e = b + hdr + (size_t)i * esz;
      uint32_t k = u32(e);
      if (level == 0 && k == nid) { best = e; break; }
      if (level == 1 && k <= nid) best = e;
    }
    if (!best) return free(b), 0;
    if (level == 0) {
      *data = w == 4 ? u32(best + 4) : u64(best + 8);
      *sub = w == 4 ? u32(best + 8) : u64(best + 16);
      free(b);
      return 1;
    }
    bid_sub = w == 4 ? u32(best + 4) : u64(best + 8);
    free(b);
  }
  return bid_sub ? fail(db, "a subnode tree is too deep") : 0;
}

/* ---------------- heap-on-node ---------------- */

/* Allocation hid of the heap in nb: pointer and length, or -1. hid 0 is an empty value. */
static int hn_get(ndb *db, const nblocks *nb, uint32_t hid, const uint8_t **p, uint32_t *len)
{
  if (hid == 0) { *p = (const uint8_t *)"", *len = 0; return 0; }
  uint32_t idx = (hid >> 5) & 0x7FF, blk = hid >> 16;
  if ((hid & 0x1F) || blk >= nb->n || idx == 0) return fail(db, "a heap reference (0x%llx) is out of range", (unsigned long long)hid);
  const uint8_t *b = nb->b[blk];
  uint32_t blen = nb->len[blk];
  if (blen < 4) return fail(db, "a heap block is too short");
  uint32_t pm = u16(b);
  if ((size_t)pm + 4 > blen) return fail(db, "a heap page map is out of range");
  uint32_t calloc_ = u16(b + pm);
  if (idx > calloc_ || (size_t)pm + 4 + 2 * ((size_t)calloc_ + 1) > blen)
    return fail(db, "a heap reference (0x%llx) names no allocation", (unsigned long long)hid);
  uint32_t start = u16(b + pm + 4 + 2 * (idx - 1)), end = u16(b + pm + 4 + 2 * idx);
  if (start > end || end > pm) return fail(db, "a heap allocation (0x%llx) is corrupt", (unsigned long long)hid);
  *p = b + start, *len = end - start;
  return 0;
}

/* The heap's client signature and user root, checking the HNHDR. */
static int hn_root(ndb *db, const nblocks *nb, uint8_t want, uint32_t *root)
{
  if (nb->n == 0 || nb->len[0] < 12 || nb->b[0][2] != 0xEC || nb->b[0][3] != want)
    return fail(db, "a heap isn't of the expected kind (0x%02llx)", (unsigned long long)want);
  *root = u32(nb->b[0] + 4);
  return 0;
}

/* ---------------- BTH ---------------- */

typedef int (*bth_fn)(void *ud, const uint8_t *key, const uint8_t *data);

/* Visits the records below allocation hid (level: index levels left). *budget counts the
 * allocations a walk may read: a heap can't hold more than one per 2 bytes, so an index whose
 * entries all point at one big node ends with an error, not an exponential walk. */
static int bth_walk(ndb *db, const nblocks *nb, uint32_t hid, unsigned level, unsigned ckey,
                    unsigned cent, uint64_t *budget, bth_fn fn, void *ud)
{
  const uint8_t *p;
  uint32_t len;
  if (hid == 0) return 0;
  if (*budget == 0) return fail(db, "a B-tree-on-heap refers to its records more than once");
  --*budget;
  if (hn_get(db, nb, hid, &p, &len)) return -1;
  unsigned rs = ckey + (level ? 4 : cent);
  for (uint32_t off = 0; off + rs <= len; off += rs) {
    int rc = level ? bth_walk(db, nb, u32(p + off + ckey), level - 1, ckey, cent, budget, fn, ud)
                   : fn(ud, p + off, p + off + ckey);
    if (rc) return rc;
  }
  return 0;
}

/* Walks the BTH whose header is allocation hdr. */
static int bth_each(ndb *db, const nblocks *nb, uint32_t hdr, unsigned wkey, unsigned went,
                    bth_fn fn, void *ud)
{
  const uint8_t *h;
  uint32_t len;
  if (hn_get(db, nb, hdr, &h, &len)) return -1;
  if (len < 8 || h[0] != 0xB5 || h[1] != wkey || (went && h[2] != went) || h[3] > 8 || h[1] == 0)
    return fail(db, "a B-tree-on-heap header is corrupt");
  uint64_t budget = 16;
  for (size_t i = 0; i < nb->n; i++) budget += nb->len[i] / 2;
  return bth_walk(db, nb, u32(h + 4), h[3], h[1], h[2], &budget, fn, ud);
}

/* ---------------- property sets ---------------- */

void pset_free(pset *ps)
{
  nblocks_free(&ps->heap);
  for (size_t i = 0; i < ps->nown; i++) free(ps->own[i]);
  free(ps->own);
  free(ps->p);
  memset(ps, 0, sizeof *ps);
}

static int load_sub(pset *ps, pprop *p);

const pprop *pset_get(pset *ps, uint16_t id)
{
  for (size_t i = 0; i < ps->n; i++)
    if (ps->p[i].id == id) return ps->p[i].sub && load_sub(ps, &ps->p[i]) ? NULL : &ps->p[i];
  return NULL;
}

static int ps_add(ndb *db, pset *ps, uint16_t id, uint16_t type, const uint8_t *v, uint32_t len)
{
  if (ps->n == ps->cap) {
    size_t cap = ps->cap ? ps->cap * 2 : 32;
    pprop *np = realloc(ps->p, cap * sizeof *np);
    if (!np) return fail(db, "out of memory");
    ps->p = np, ps->cap = cap;
  }
  ps->p[ps->n++] = (pprop){id, type, len, v, 0};
  return 0;
}

static int ps_own(ndb *db, pset *ps, uint8_t *b)
{
  if (ps->nown == ps->capown) {
    size_t cap = ps->capown ? ps->capown * 2 : 4;
    uint8_t **no = realloc(ps->own, cap * sizeof *no);
    if (!no) return free(b), fail(db, "out of memory");
    ps->own = no, ps->capown = cap;
  }
  ps->own[ps->nown++] = b;
  return 0;
}

static bool type_variable(uint16_t t)
{
  return t == 0x001E || t == 0x001F || t == 0x0102 || t == 0x000D || t == 0x0048 || (t & 0x1000);
}

static uint32_t type_fixed(uint16_t t)
{
  switch (t) {
  case 0x0002: return 2;
  case 0x000B: return 1;
  case 0x0003: case 0x0004: case 0x000A: return 4;
  case 0x0005: case 0x0006: case 0x0007: case 0x0014: case 0x0040: return 8;
  default: return 0;
  }
}

/* Resolves an HNID (a heap allocation, or a subnode's data) to bytes kept alive by ps. */
static int hnid_value(ndb *db, pset *ps, uint32_t hnid, const uint8_t **v, uint32_t *len)
{
  if ((hnid & 0x1F) == 0) return hn_get(db, &ps->heap, hnid, v, len);
  uint64_t data, sub;
  int rc = ndb_sub_find(db, ps->bid_sub, hnid, &data, &sub);
  if (rc < 0) return -1;
  if (rc == 0) return fail(db, "value subnode 0x%llx is missing", (unsigned long long)hnid);
  uint8_t *b;
  size_t n;
  if (ndb_read(db, data, &b, &n)) return -1;
  if (n > UINT32_MAX) return free(b), fail(db, "a value is too large");
  if (ps_own(db, ps, b)) return -1;
  *v = b, *len = (uint32_t)n;
  return 0;
}

typedef struct pc_walk { ndb *db; pset *ps; int bad; } pc_walk;

static int pc_rec(void *ud, const uint8_t *key, const uint8_t *data)
{
  pc_walk *w = ud;
  uint16_t id = u16(key), type = u16(data);
  uint32_t val = u32(data + 2), fixed = type_fixed(type), len;
  const uint8_t *v;
  if (fixed && fixed <= 4) {
    v = data + 2, len = fixed;            /* inline */
  } else if (type_variable(type) && (val & 0x1F)) {
    if (ps_add(w->db, w->ps, id, type, NULL, 0)) return -1;   /* in a subnode: read when asked */
    w->ps->p[w->ps->n - 1].sub = val;
    return 0;
  } else if (fixed || type_variable(type)) {
    if (hnid_value(w->db, w->ps, val, &v, &len)) { w->bad++; return 0; }   /* skip the one value */
    if (fixed && len < fixed) { w->bad++; return 0; }
  } else {
    return 0;                               /* a type we don't read */
  }
  return ps_add(w->db, w->ps, id, type, v, len) ? -1 : 0;
}

static int sub_bid(pset *ps, uint32_t nid, uint64_t *data)
{
  uint64_t sub;
  int rc = ndb_sub_find(ps->db, ps->bid_sub, nid, data, &sub);
  if (rc == 0) return fail(ps->db, "value subnode 0x%llx is missing", (unsigned long long)nid);
  return rc < 0 ? -1 : 0;
}

static int load_sub(pset *ps, pprop *p)
{
  uint64_t data;
  uint8_t *b;
  size_t n;
  if (sub_bid(ps, p->sub, &data) || ndb_read(ps->db, data, &b, &n)) return -1;
  if (n > UINT32_MAX) return free(b), fail(ps->db, "a value is too large");
  if (ps_own(ps->db, ps, b)) return -1;
  p->v = b, p->len = (uint32_t)n, p->sub = 0;
  return 0;
}

int pset_load_all(pset *ps)
{
  for (size_t i = 0; i < ps->n; i++)
    if (ps->p[i].sub && load_sub(ps, &ps->p[i])) return -1;
  return 0;
}

int pset_read_into(pset *ps, const pprop *p, ndb_alloc_fn alloc, void *ud, uint8_t **out, size_t *len)
{
  uint64_t data;
  *out = NULL, *len = 0;
  if (!p->sub) {
    if (!(*out = alloc(ud, p->len))) return fail(ps->db, "out of memory");
    memcpy(*out, p->v, p->len);
    *len = p->len;
    return 0;
  }
  if (sub_bid(ps, p->sub, &data)) return -1;
  return ndb_read_into(ps->db, data, alloc, ud, out, len);
}

int pset_node(ndb *db, uint64_t bid_data, uint64_t bid_sub, pset *out)
{
  memset(out, 0, sizeof *out);
  out->db = db;
  out->bid_sub = bid_sub;
  uint32_t root;
  if (ndb_blocks(db, bid_data, &out->heap) || hn_root(db, &out->heap, 0xBC, &root)) return pset_free(out), -1;
  pc_walk w = {db, out, 0};
  if (bth_each(db, &out->heap, root, 2, 6, pc_rec, &w)) return pset_free(out), -1;
  return 0;
}

int pset_sub(ndb *db, uint64_t bid_sub, uint32_t nid, pset *out)
{
  uint64_t data, sub;
  int rc = ndb_sub_find(db, bid_sub, nid, &data, &sub);
  if (rc <= 0) return memset(out, 0, sizeof *out), rc;
  return pset_node(db, data, sub, out) ? -1 : 1;
}

/* ---------------- table contexts ---------------- */

typedef struct tcol { uint32_t tag; uint16_t ib; uint8_t cb, bit; } tcol;

struct tc {
  ndb *db;
  nblocks heap;       /* the TC's heap */
  uint64_t bid_sub;
  tcol *col;
  unsigned ncol;
  uint32_t rowsize, ceb;  /* row size (TCI_bm), start of the cell existence bitmap (TCI_1b) */
  nblocks rows;       /* the row matrix when in a subnode; else rowp/rowlen in the heap */
  const uint8_t *rowp;
  uint32_t rowlen;
  size_t nrows;
};

void tc_free(tc *t)
{
  if (!t) return;
  nblocks_free(&t->heap);
  nblocks_free(&t->rows);
  free(t->col);
  free(t);
}

size_t tc_rows(const tc *t) { return t->nrows; }

static int count_rec(void *ud, const uint8_t *key, const uint8_t *data)
{
  (void)key, (void)data;
  (*(size_t *)ud)++;
  return 0;
}

int tc_open(ndb *db, uint64_t bid_data, uint64_t bid_sub, uint32_t sub, tc **out)
{
  *out = NULL;
  if (sub) {
    uint64_t d, s;
    int rc = ndb_sub_find(db, bid_sub, sub, &d, &s);
    if (rc <= 0) return rc;
    bid_data = d, bid_sub = s;
  }
  tc *t = calloc(1, sizeof *t);
  if (!t) return fail(db, "out of memory");
  t->db = db, t->bid_sub = bid_sub;
  uint32_t root, len;
  const uint8_t *h;
  if (ndb_blocks(db, bid_data, &t->heap) || hn_root(db, &t->heap, 0x7C, &root) ||
      hn_get(db, &t->heap, root, &h, &len))
    return tc_free(t), -1;
  if (len < 22 || h[0] != 0x7C || 22 + (size_t)h[1] * 8 > len) return tc_free(t), fail(db, "a table header is corrupt");
  t->ncol = h[1];
  t->rowsize = u16(h + 8), t->ceb = u16(h + 6);
  t->col = calloc(t->ncol ? t->ncol : 1, sizeof *t->col);
  if (!t->col) return tc_free(t), fail(db, "out of memory");
  for (unsigned i = 0; i < t->ncol; i++) {
    const uint8_t *c = h + 22 + i * 8;
    t->col[i] = (tcol){u32(c), u16(c + 4), c[6], c[7]};
    if ((uint32_t)t->col[i].ib + t->col[i].cb > t->rowsize || t->ceb + t->col[i].bit / 8u >= t->rowsize + 0u)
      return tc_free(t), fail(db, "a table column is corrupt");
  }
  if (t->ceb + (t->ncol + 7) / 8 > t->rowsize) return tc_free(t), fail(db, "a table row layout is corrupt");
  uint32_t hidrows = u32(h + 14), hidindex = u32(h + 10);
  size_t indexed = 0;
  if (hidindex && bth_each(db, &t->heap, hidindex, 4, 0, count_rec, &indexed)) return tc_free(t), -1;
  size_t have = 0;
  if (hidrows == 0 || t->rowsize == 0) {
    have = 0;
  } else if ((hidrows & 0x1F) == 0) {
    if (hn_get(db, &t->heap, hidrows, &t->rowp, &t->rowlen)) return tc_free(t), -1;
    have = t->rowlen / t->rowsize;
  } else {
    uint64_t d, s;
    int rc = ndb_sub_find(db, bid_sub, hidrows, &d, &s);
    if (rc <= 0) return tc_free(t), rc < 0 ? -1 : fail(db, "a table's rows are missing");
    if (ndb_blocks(db, d, &t->rows)) return tc_free(t), -1;
    for (size_t i = 0; i < t->rows.n; i++) have += t->rows.len[i] / t->rowsize;
  }
  t->nrows = indexed < have ? indexed : have;
  *out = t;
  return 1;
}

int tc_row(tc *t, size_t i, pset *out)
{
  ndb *db = t->db;
  const uint8_t *row = NULL;
  memset(out, 0, sizeof *out);
  out->db = db;
  out->bid_sub = t->bid_sub;
  if (i >= t->nrows) return fail(db, "row %llu of a table doesn't exist", (unsigned long long)i);
  if (t->rowp) {
    row = t->rowp + i * t->rowsize;
  } else {
    size_t k = i;
    for (size_t b = 0; b < t->rows.n; b++) {
      size_t per = t->rows.len[b] / t->rowsize;
      if (k < per) { row = t->rows.b[b] + k * t->rowsize; break; }
      k -= per;
    }
    if (!row) return fail(db, "row %llu of a table is missing", (unsigned long long)i);
  }
  /* Values point into the TC's heap: borrow it (the pset doesn't own t->heap). */
  nblocks borrowed = t->heap;
  out->heap = borrowed;
  for (unsigned c = 0; c < t->ncol; c++) {
    const tcol *col = &t->col[c];
    if (!(row[t->ceb + col->bit / 8] & (0x80 >> (col->bit % 8)))) continue;
    uint16_t id = (uint16_t)(col->tag >> 16), type = (uint16_t)col->tag;
    const uint8_t *cell = row + col->ib, *v;
    uint32_t len;
    if (type_variable(type)) {
      if (col->cb != 4 || hnid_value(db, out, u32(cell), &v, &len)) continue;
    } else if (type_fixed(type)) {
      v = cell, len = col->cb < type_fixed(type) ? col->cb : type_fixed(type);
    } else {
      continue;
    }
    if (ps_add(db, out, id, type, v, len)) { out->heap = (nblocks){0}; pset_free(out); return -1; }
  }
  out->heap = (nblocks){0};   /* not ours to free */
  /* hn_get for later lookups isn't needed: every value is resolved above */
  (void)borrowed;
  return 0;
}
