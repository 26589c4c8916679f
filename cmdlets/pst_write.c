/* pst_write.c — writes Unicode .pst files ([MS-PST]) in one streaming pass.
 * Owns every layer of the format we write: NDB (blocks, XBLOCK/SLBLOCK trees, B-tree pages,
 * AMap/PMap/DList, header and CRCs), LTP (heap-on-node, BTH, property and table contexts) and
 * the messaging layer (store, folders, messages, recipients, attachments) fed from the
 * message model of store/mailstore.h. Blocks are appended to the file as messages arrive; the
 * NBT/BBT entries and one fixed-size contents row per message stay in memory for close.
 * The name-to-id map is written when a message has named properties (its streams, not its
 * hash buckets). Not written (libpff and readpst do without; Outlook may not): template and
 * search nodes, FMap/FPMap pages (files over ~32 MB), string columns in contents tables (only
 * fixed-size ones: importance, flags, size, times). Checked by tests/unit/test_pst_write.c,
 * tests/pst/check_readers.sh (pffexport, readpst) and tests/pst/verify_pst.py (CRCs, trailers,
 * map pages). Entry: pstw_open(), pstw_folder(), pstw_message(), pstw_close(), pstw_abort(). */
#include "pst_write.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ===================================================================================== */
/* Constants and little-endian helpers                                                   */
/* ===================================================================================== */

#define DLIST_IB 0x4200ull
#define AMAP_IB 0x4400ull
#define AMAP_SPAN 0x3E000ull        /* 496 bytes * 8 bits * 64 bytes */
#define DATA_START 0x4800ull        /* after the first AMap and PMap */
#define MAX_BLOCK 8176              /* data bytes of one block */
#define MAX_ALLOC 3580              /* largest heap allocation */
#define XB_MAX 1021                 /* BIDs in an XBLOCK */
#define SL_MAX 340                  /* entries in an SLBLOCK */
#define SI_MAX 510                  /* entries in an SIBLOCK */
#define HN_MAXA 1000                /* allocations per heap block (our cap) */
#define MAX_DEPTH 16                /* embedded messages inside embedded messages */

#define NID_STORE 0x21u
#define NID_NAME_MAP 0x61u
#define NID_ROOT 0x122u
#define NID_RECIPS 0x692u
#define NID_ATTACHS 0x671u
#define NT_FOLDER 0x02u
#define NT_MESSAGE 0x04u
#define NT_ATTACH 0x05u
#define NT_HIER 0x0Du
#define NT_CONTENTS 0x0Eu
#define NT_FAI 0x0Fu
#define NT_LTP 0x1Fu

static void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, v); put16(p + 2, v >> 16); }
static void put64(uint8_t *p, uint64_t v) { put32(p, (uint32_t)v); put32(p + 4, (uint32_t)(v >> 32)); }
static uint32_t get32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t round_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

/* Out of memory ends the process (jq's jv_mem_alloc does the same): a writer half-way
 * through a file has no useful way to go on. */
static void oom(void)
{
  fputs("exsh: out of memory writing PST\n", stderr);
  abort();
}

static void *xrealloc(void *p, size_t n)
{
  void *q = realloc(p, n ? n : 1);
  if (!q) oom();
  return q;
}

static void *xcalloc(size_t n, size_t sz)
{
  void *p = calloc(n ? n : 1, sz);
  if (!p) oom();
  return p;
}

/* Ensures *cap >= need for an array of esz-byte items; returns the (moved) array. */
static void *vgrow(void *p, size_t *cap, size_t need, size_t esz)
{
  if (need <= *cap) return p;
  size_t c = *cap ? *cap : 16;
  while (c < need) c *= 2;
  *cap = c;
  return xrealloc(p, c * esz);
}

static char *xstrdup(const char *s) { size_t n = strlen(s) + 1; return memcpy(xrealloc(NULL, n), s, n); }

/* ===================================================================================== */
/* CRC and signatures ([MS-PST] 5.3, 5.5)                                               */
/* ===================================================================================== */

static uint32_t crc_tab[256];

static void crc_init(void)
{
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    crc_tab[i] = c;
  }
}

/* Reflected CRC-32, initial value 0, no final inversion (not zlib's). */
static uint32_t pst_crc(const uint8_t *p, size_t n)
{
  uint32_t c = 0;
  while (n--) c = crc_tab[(c ^ *p++) & 0xFF] ^ (c >> 8);
  return c;
}

static uint16_t pst_sig(uint64_t ib, uint64_t bid)
{
  ib ^= bid;
  return (uint16_t)((ib >> 16) ^ ib);
}

/* ===================================================================================== */
/* Writer state                                                                          */
/* ===================================================================================== */

typedef struct { uint32_t nid, parent; uint64_t bid, sub; } nbt_ent;
typedef struct { uint64_t bid, ib; uint16_t cb, cref; } bbt_ent;
typedef struct {                /* one contents-table row, kept until close */
  uint32_t nid, flags, size, importance;
  uint64_t delivery, submit;
} crow;
typedef struct {
  uint32_t nid;                 /* folder PC NID (type 2) */
  size_t parent;                /* index in pstw.fold; the root is its own parent */
  char *name, *cls;             /* owned; cls may be NULL */
  crow *rows;                   /* owned: one per message */
  size_t nrows, caprows;
  uint32_t unread;
} folder;

typedef struct named {          /* a named property ([MS-PST] 2.4.7): set GUID and LID or name */
  uint8_t guid[16];
  bool is_name;
  uint32_t lid;
  char *name;                   /* owned UTF-8, when is_name */
} named;

struct pstw {
  FILE *f;                      /* owned: the output file */
  char *path;                   /* owned: unlinked by pstw_abort */
  char *name;                   /* owned: store display name */
  uint8_t guid[16];             /* the store's record key */
  int ioerr;                    /* first errno of a failed write, sticky */
  const char *fail;             /* first format limit hit (static text), sticky */
  uint64_t eof;                 /* next byte to allocate == bytes written so far */
  uint64_t next_bid;            /* next block BID, steps by 4 */
  uint64_t next_pbid;           /* next page BID */
  uint32_t next_msg;            /* next message nidIndex */
  uint32_t next_fold;           /* next folder nidIndex */
  uint32_t next_lnid;           /* next subnode nidIndex (NT_LTP, unique in the file) */
  nbt_ent *nbt; size_t nnbt, capnbt;      /* owned */
  bbt_ent *bbt; size_t nbbt, capbbt;      /* owned, sorted by construction */
  folder *fold; size_t nfold, capfold;    /* owned; handle = index + 1 */
  named *nm; size_t nnm, capnm;           /* owned: the name-to-id map, property 0x8000 + i */
};

static void nbt_add(pstw *w, uint32_t nid, uint64_t bid, uint64_t sub, uint32_t parent)
{
  w->nbt = vgrow(w->nbt, &w->capnbt, w->nnbt + 1, sizeof *w->nbt);
  w->nbt[w->nnbt++] = (nbt_ent){nid, parent, bid, sub};
}

static uint32_t lnid(pstw *w) { return (w->next_lnid++ << 5) | NT_LTP; }

/* ===================================================================================== */
/* Emitter: appends to the file, stepping over map-page positions                        */
/* ===================================================================================== */

static void em_put(pstw *w, const void *p, size_t n)
{
  if (n && fwrite(p, 1, n, w->f) != n && !w->ioerr) w->ioerr = errno ? errno : EIO;
}

static void em_zero(pstw *w, uint64_t n)
{
  static const uint8_t z[4096];
  while (n) {
    size_t c = n > sizeof z ? sizeof z : (size_t)n;
    em_put(w, z, c);
    n -= c;
  }
}

/* Bytes at the start of AMap interval k taken by map pages (AMap, and PMap every 8th). */
static uint64_t map_reserved(uint64_t k) { return k % 8 == 0 ? 1024 : 512; }

/* Reserves size bytes aligned on align that overlap no map page; pads the file to there. */
static uint64_t em_reserve(pstw *w, uint64_t size, uint64_t align)
{
  uint64_t off = round_up(w->eof, align);
  for (;;) {
    uint64_t k = (off - AMAP_IB) / AMAP_SPAN, start = AMAP_IB + k * AMAP_SPAN;
    if (off < start + map_reserved(k)) off = round_up(start + map_reserved(k), align);
    else if (off + size > start + AMAP_SPAN) off = start + AMAP_SPAN;
    else break;
  }
  em_zero(w, off - w->eof);
  w->eof = off + size;
  return off;
}

/* ===================================================================================== */
/* Blocks: data blocks, XBLOCK/XXBLOCK trees, SLBLOCK/SIBLOCK subnode trees              */
/* ===================================================================================== */

static uint64_t blk_put(pstw *w, const uint8_t *d, size_t cb, bool internal)
{
  uint64_t bid = w->next_bid | (internal ? 2 : 0), tot = round_up(cb + 16, 64);
  w->next_bid += 4;
  uint64_t ib = em_reserve(w, tot, 64);
  uint8_t tr[16];
  put16(tr, (uint32_t)cb);
  put16(tr + 2, pst_sig(ib, bid));
  put32(tr + 4, pst_crc(d, cb));
  put64(tr + 8, bid);
  em_put(w, d, cb);
  em_zero(w, tot - cb - 16);
  em_put(w, tr, 16);
  w->bbt = vgrow(w->bbt, &w->capbbt, w->nbbt + 1, sizeof *w->bbt);
  w->bbt[w->nbbt++] = (bbt_ent){bid, ib, (uint16_t)cb, 1};
  return bid;
}

typedef struct { uint64_t *bid; uint32_t *cb; size_t n, cap, capc; } bidlist;

static void bl_add(bidlist *l, uint64_t bid, size_t cb)
{
  l->bid = vgrow(l->bid, &l->cap, l->n + 1, sizeof *l->bid);
  l->cb = vgrow(l->cb, &l->capc, l->n + 1, sizeof *l->cb);
  l->bid[l->n] = bid;
  l->cb[l->n++] = (uint32_t)cb;
}

static void bl_free(bidlist *l) { free(l->bid); free(l->cb); }

/* One XBLOCK (level 1) or XXBLOCK (level 2) over n BIDs holding total bytes. */
static uint64_t blk_x(pstw *w, int level, const uint64_t *bid, size_t n, uint64_t total)
{
  uint8_t b[MAX_BLOCK];
  b[0] = 0x01;
  b[1] = (uint8_t)level;
  put16(b + 2, (uint32_t)n);
  put32(b + 4, (uint32_t)total);
  for (size_t i = 0; i < n; i++) put64(b + 8 + 8 * i, bid[i]);
  return blk_put(w, b, 8 + 8 * n, true);
}

/* The BID that names node data made of l's blocks: the block itself, or an X/XXBLOCK. */
static uint64_t blk_tree(pstw *w, const bidlist *l)
{
  uint64_t all = 0, xb[XB_MAX];
  size_t nx = 0;
  if (l->n == 1) return l->bid[0];
  for (size_t i = 0; i < l->n; i += XB_MAX) {
    size_t m = l->n - i < XB_MAX ? l->n - i : XB_MAX;
    uint64_t t = 0;
    for (size_t j = 0; j < m; j++) t += l->cb[i + j];
    if (l->n <= XB_MAX) return blk_x(w, 1, l->bid, m, t);
    if (nx == XB_MAX) { w->fail = "node data over 8 GB"; return 0; }
    xb[nx++] = blk_x(w, 1, l->bid + i, m, t);
    all += t;
  }
  if (all > UINT32_MAX) w->fail = "node data over 4 GB";
  return blk_x(w, 2, xb, nx, all);
}

/* Writes n (> 0) bytes of node data. */
static uint64_t blk_data(pstw *w, const uint8_t *p, size_t n)
{
  bidlist l = {0};
  for (size_t i = 0; i < n; i += MAX_BLOCK) {
    size_t c = n - i < MAX_BLOCK ? n - i : MAX_BLOCK;
    bl_add(&l, blk_put(w, p + i, c, false), c);
  }
  uint64_t bid = blk_tree(w, &l);
  bl_free(&l);
  return bid;
}

typedef struct { uint32_t nid; uint64_t bid, sub; } slent;
typedef struct { slent *e; size_t n, cap; } sublist;

static void sl_add(sublist *s, uint32_t nid, uint64_t bid, uint64_t sub)
{
  s->e = vgrow(s->e, &s->cap, s->n + 1, sizeof *s->e);
  s->e[s->n++] = (slent){nid, bid, sub};
}

static int sl_cmp(const void *a, const void *b)
{
  uint32_t x = ((const slent *)a)->nid, y = ((const slent *)b)->nid;
  return x < y ? -1 : x > y;
}

/* One SLBLOCK over s->e[i..i+m). */
static uint64_t sl_leaf(pstw *w, const slent *e, size_t m)
{
  uint8_t b[MAX_BLOCK];
  b[0] = 0x02;
  b[1] = 0;
  put16(b + 2, (uint32_t)m);
  put32(b + 4, 0);
  for (size_t j = 0; j < m; j++) {
    put64(b + 8 + 24 * j, e[j].nid);
    put64(b + 16 + 24 * j, e[j].bid);
    put64(b + 24 + 24 * j, e[j].sub);
  }
  return blk_put(w, b, 8 + 24 * m, true);
}

/* Writes the subnode tree of s (consumed); returns its BID, 0 when empty. */
static uint64_t sl_write(pstw *w, sublist *s)
{
  uint64_t bid[SI_MAX], r = 0;
  uint32_t key[SI_MAX];
  size_t ni = 0;
  if (s->n) qsort(s->e, s->n, sizeof *s->e, sl_cmp);
  for (size_t i = 0; i < s->n && !w->fail; i += SL_MAX) {
    if (ni == SI_MAX) { w->fail = "too many subnodes in one message"; break; }
    key[ni] = s->e[i].nid;
    bid[ni++] = sl_leaf(w, s->e + i, s->n - i < SL_MAX ? s->n - i : SL_MAX);
  }
  if (ni == 1) r = bid[0];
  else if (ni > 1) {
    uint8_t b[MAX_BLOCK] = {0x02, 1};
    put16(b + 2, (uint32_t)ni);
    for (size_t j = 0; j < ni; j++) {
      put64(b + 8 + 16 * j, key[j]);
      put64(b + 16 + 16 * j, bid[j]);
    }
    r = blk_put(w, b, 8 + 16 * ni, true);
  }
  free(s->e);
  *s = (sublist){0};
  return r;
}

/* ===================================================================================== */
/* Heap-on-node ([MS-PST] 2.3.1)                                                         */
/* ===================================================================================== */

typedef struct {
  uint8_t d[MAX_BLOCK];         /* the block as written: header, allocations, page map */
  uint16_t end, n;              /* first free byte; allocations */
  uint16_t off[HN_MAXA + 1];    /* allocation starts (off[n] = end at finish) */
} hnblk;
typedef struct { hnblk **b; size_t n, cap; } hn;   /* blocks owned */

static uint16_t hn_hdrsize(size_t i) { return i == 0 ? 12 : i % 128 == 8 ? 66 : 2; }

static hnblk *hn_newblk(hn *h)
{
  hnblk *k = xcalloc(1, sizeof *k);
  k->end = hn_hdrsize(h->n);
  h->b = vgrow(h->b, &h->cap, h->n + 1, sizeof *h->b);
  h->b[h->n++] = k;
  return k;
}

/* Copies n (1..3580) bytes into the heap; returns their HID. */
static uint32_t hn_put(hn *h, const void *p, size_t n)
{
  hnblk *k = h->n ? h->b[h->n - 1] : NULL;
  if (!k || k->n == HN_MAXA || round_up(k->end + n, 2) + 4 + 2 * (k->n + 2u) > MAX_BLOCK)
    k = hn_newblk(h);
  k->off[k->n++] = k->end;
  memcpy(k->d + k->end, p, n);
  k->end = (uint16_t)(k->end + n);
  return (uint32_t)k->n << 5 | (uint32_t)(h->n - 1) << 16;
}

static void hn_free(hn *h)
{
  for (size_t i = 0; i < h->n; i++) free(h->b[i]);
  free(h->b);
  *h = (hn){0};
}

/* Finishes block i (header and page map); returns its byte count. */
static size_t hn_seal(hn *h, size_t i, uint8_t sig, uint32_t root)
{
  hnblk *k = h->b[i];
  uint16_t pm = (uint16_t)round_up(k->end, 2);
  put16(k->d, pm);
  if (i == 0) {
    k->d[2] = 0xEC;
    k->d[3] = sig;
    put32(k->d + 4, root);
  }
  k->off[k->n] = k->end;
  put16(k->d + pm, k->n);
  put16(k->d + pm + 2, 0);
  for (size_t j = 0; j <= k->n; j++) put16(k->d + pm + 4 + 2 * j, k->off[j]);
  return pm + 4 + 2 * (k->n + 1u);
}

/* Writes the heap (consumed) as node data: one data block per heap block. */
static uint64_t hn_finish(pstw *w, hn *h, uint8_t sig, uint32_t root)
{
  bidlist l = {0};
  if (!h->n) hn_newblk(h);
  for (size_t i = 0; i < h->n; i++) {
    size_t cb = hn_seal(h, i, sig, root);
    bl_add(&l, blk_put(w, h->b[i]->d, cb, false), cb);
  }
  uint64_t bid = blk_tree(w, &l);
  bl_free(&l);
  hn_free(h);
  return bid;
}

/* ===================================================================================== */
/* BTH: B-tree on heap ([MS-PST] 2.3.2)                                                  */
/* ===================================================================================== */

/* Puts one tree level: records of rs bytes in allocations; returns the index level made of
 * (key, HID) records (owned), *nn its count. */
static uint8_t *bth_level(hn *h, const uint8_t *rec, size_t n, size_t rs, int ck, size_t *nn)
{
  size_t per = MAX_ALLOC / rs, is = (size_t)ck + 4;
  uint8_t *idx = xrealloc(NULL, ((n + per - 1) / per) * is);
  *nn = 0;
  for (size_t i = 0; i < n; i += per, (*nn)++) {
    size_t m = n - i < per ? n - i : per;
    memcpy(idx + *nn * is, rec + i * rs, (size_t)ck);
    put32(idx + *nn * is + ck, hn_put(h, rec + i * rs, m * rs));
  }
  return idx;
}

/* Stores n records (sorted, ck+ce bytes each) as a BTH; returns the HID of its header. */
static uint32_t bth_put(hn *h, const uint8_t *rec, size_t n, int ck, int ce)
{
  uint8_t hd[8] = {0xB5, (uint8_t)ck, (uint8_t)ce, 0};
  uint8_t *own = NULL;
  size_t rs = (size_t)(ck + ce);
  uint32_t root = 0;
  while (n > MAX_ALLOC / rs) {
    size_t nn;
    uint8_t *idx = bth_level(h, rec, n, rs, ck, &nn);
    free(own);
    rec = own = idx;
    n = nn;
    rs = (size_t)ck + 4;
    hd[3]++;
  }
  if (n) root = hn_put(h, rec, n * rs);
  free(own);
  put32(hd + 4, root);
  return hn_put(h, hd, 8);
}

/* ===================================================================================== */
/* Property lists (the values of one PC or one table row)                                */
/* ===================================================================================== */

typedef struct { uint32_t tag, v; size_t off, n; } pent;   /* v inline; else arena bytes */
typedef struct {
  pent *e; size_t n, cap;       /* owned */
  uint8_t *a; size_t an, acap;  /* owned arena of value bytes */
} props;

static int ptype_size(uint32_t tag)   /* fixed size of the type; 0 = variable (an HNID) */
{
  switch (tag & 0xFFFF) {
  case 0x0002: return 2;
  case 0x0003: case 0x000A: return 4;
  case 0x000B: return 1;
  case 0x0005: case 0x0006: case 0x0007: case 0x0014: case 0x0040: return 8;
  default: return 0;
  }
}

static pent *pr_get(props *p, uint32_t tag)
{
  for (size_t i = 0; i < p->n; i++)
    if (p->e[i].tag == tag) return &p->e[i];
  return NULL;
}

static bool pr_has_id(props *p, uint32_t tag)
{
  for (size_t i = 0; i < p->n; i++)
    if (p->e[i].tag >> 16 == tag >> 16) return true;
  return false;
}

static pent *pr_new(props *p, uint32_t tag)
{
  p->e = vgrow(p->e, &p->cap, p->n + 1, sizeof *p->e);
  pent *e = &p->e[p->n++];
  *e = (pent){tag, 0, p->an, 0};
  return e;
}

static uint8_t *pr_room(props *p, size_t n)
{
  p->a = vgrow(p->a, &p->acap, p->an + n, 1);
  p->an += n;
  return p->a + p->an - n;
}

static void pr_u32(props *p, uint32_t tag, uint32_t v) { pr_new(p, tag)->v = v; }

static void pr_bytes(props *p, uint32_t tag, const void *d, size_t n)
{
  if (!n) return;                       /* empty variable values are omitted */
  pent *e = pr_new(p, tag);
  memcpy(pr_room(p, n), d, n);
  e->n = n;
}

static void pr_u64(props *p, uint32_t tag, uint64_t v)
{
  uint8_t b[8];
  put64(b, v);
  pr_new(p, tag);
  memcpy(pr_room(p, 8), b, 8);
  p->e[p->n - 1].n = 8;
}

/* Decodes one UTF-8 sequence at s (n bytes left); invalid input gives U+FFFD, one byte. */
static uint32_t utf8_next(const uint8_t *s, size_t n, size_t *len)
{
  uint32_t c = s[0];
  size_t k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  *len = 1;
  if (!k || k > n) return k == 1 ? c : 0xFFFD;
  if (k == 1) return c;
  c &= 0x7F >> k;
  for (size_t i = 1; i < k; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0xFFFD;
    c = c << 6 | (s[i] & 0x3F);
  }
  if (c > 0x10FFFF || (c >= 0xD800 && c < 0xE000) || c < (k == 2 ? 0x80u : k == 3 ? 0x800u : 0x10000u))
    return 0xFFFD;
  *len = k;
  return c;
}

/* Adds a PtypString from n bytes of UTF-8, as UTF-16LE. */
static void pr_str(props *p, uint32_t tag, const char *s, size_t n)
{
  if (!s || !n) return;
  pent *e = pr_new(p, tag);
  uint8_t *o = pr_room(p, 4 * n);       /* worst case: 1 byte -> 2 units */
  size_t k = 0, len;
  for (size_t i = 0; i < n; i += len) {
    uint32_t c = utf8_next((const uint8_t *)s + i, n - i, &len);
    if (c >= 0x10000) {
      c -= 0x10000;
      put16(o + k, 0xD800 | c >> 10);
      put16(o + k + 2, 0xDC00 | (c & 0x3FF));
      k += 4;
    } else {
      put16(o + k, c);
      k += 2;
    }
  }
  p->an -= 4 * n - k;
  e->n = k;
}

static void pr_cstr(props *p, uint32_t tag, const char *s) { if (s) pr_str(p, tag, s, strlen(s)); }

static void pr_reset(props *p) { p->n = p->an = 0; }
static void pr_free(props *p) { free(p->e); free(p->a); *p = (props){0}; }

/* Bytes the list would take in a message (the PidTagMessageSize estimate). */
static size_t pr_size(const props *p) { return p->an + 8 * p->n; }

/* ===================================================================================== */
/* Property context ([MS-PST] 2.3.3)                                                     */
/* ===================================================================================== */

/* Stores variable bytes in the heap, or in a new subnode (added to sub) when large. */
static uint32_t hnid_put(pstw *w, hn *h, const uint8_t *d, size_t n, sublist *sub)
{
  if (!n) return 0;
  if (n <= MAX_ALLOC) return hn_put(h, d, n);
  uint32_t nid = lnid(w);
  sl_add(sub, nid, blk_data(w, d, n), 0);
  return nid;
}

static int pent_cmp(const void *a, const void *b)
{
  uint32_t x = ((const pent *)a)->tag >> 16, y = ((const pent *)b)->tag >> 16;
  return x < y ? -1 : x > y;
}

/* Writes p as a PC node; large values become subnodes in sub. Returns the data BID. */
static uint64_t pc_write(pstw *w, props *p, sublist *sub)
{
  hn h = {0};
  uint8_t *rec = xrealloc(NULL, 8 * p->n);
  if (p->n) qsort(p->e, p->n, sizeof *p->e, pent_cmp);
  for (size_t i = 0; i < p->n; i++) {
    pent *e = &p->e[i];
    int sz = ptype_size(e->tag);
    put16(rec + 8 * i, e->tag >> 16);
    put16(rec + 8 * i + 2, e->tag & 0xFFFF);
    put32(rec + 8 * i + 4, sz && sz <= 4 ? e->v : hnid_put(w, &h, p->a + e->off, e->n, sub));
  }
  uint32_t root = bth_put(&h, rec, p->n, 2, 6);
  free(rec);
  return hn_finish(w, &h, 0xBC, root);
}

/* ===================================================================================== */
/* Table context ([MS-PST] 2.3.4)                                                        */
/* ===================================================================================== */

typedef struct { uint32_t tag; uint16_t ib; uint8_t cb, bit; } tcol;
/* Fills row (reset by the caller) and *rowid for row i. */
typedef void (*tc_rowfn)(pstw *w, void *ud, size_t i, props *row, uint32_t *rowid);

typedef struct {
  tcol c[64];                   /* columns, in iBit order */
  int nc;
  uint16_t rgib[4];             /* ends of the 8/4-, 2-, 1-byte groups and of the bitmap */
} tlayout;

static void tc_layout(tlayout *t, const uint32_t *tags, int n)
{
  uint16_t off = 8;
  static const int sizes[4] = {8, 4, 2, 1};
  t->nc = n + 2;
  t->c[0] = (tcol){0x67F20003, 0, 4, 0};
  t->c[1] = (tcol){0x67F30003, 4, 4, 1};
  for (int s = 0; s < 4; s++) {
    for (int j = 0; j < n; j++) {
      int sz = ptype_size(tags[j]) ? ptype_size(tags[j]) : 4;
      if (sz != sizes[s]) continue;
      t->c[j + 2] = (tcol){tags[j], off, (uint8_t)sz, (uint8_t)(j + 2)};
      off = (uint16_t)(off + sz);
    }
    if (s) t->rgib[s - 1] = off;
  }
  t->rgib[3] = (uint16_t)(off + (t->nc + 7) / 8);
}

/* Encodes one row into out (rgib[3] bytes). */
static void tc_row(pstw *w, hn *h, const tlayout *t, props *row, uint32_t rowid, uint8_t *out,
                   sublist *sub)
{
  uint8_t *bm = out + t->rgib[2];
  memset(out, 0, t->rgib[3]);
  put32(out, rowid);
  bm[0] = 0xC0;
  for (int j = 2; j < t->nc; j++) {
    const tcol *c = &t->c[j];
    pent *e = pr_get(row, c->tag);
    if (!e) continue;
    int sz = ptype_size(c->tag);
    if (sz == 8) memcpy(out + c->ib, row->a + e->off, 8);
    else if (sz == 4) put32(out + c->ib, e->v);
    else if (sz == 2) put16(out + c->ib, e->v);
    else if (sz == 1) out[c->ib] = (uint8_t)e->v;
    else put32(out + c->ib, hnid_put(w, h, row->a + e->off, e->n, sub));
    bm[j / 8] |= (uint8_t)(0x80 >> (j % 8));
  }
}

static int tcol_cmp(const void *a, const void *b)
{
  uint32_t x = ((const tcol *)a)->tag, y = ((const tcol *)b)->tag;
  return x < y ? -1 : x > y;
}

static int rix_cmp(const void *a, const void *b)
{
  uint32_t x = get32(a), y = get32(b);
  return x < y ? -1 : x > y;
}

/* Puts the TCINFO (columns sorted by tag) in the heap; returns its HID. */
static uint32_t tc_info(hn *h, const tlayout *t, uint32_t hid_rix, uint32_t hnid_rows)
{
  uint8_t b[22 + 8 * 64];
  tcol c[64];
  memcpy(c, t->c, sizeof c[0] * (size_t)t->nc);
  qsort(c, (size_t)t->nc, sizeof c[0], tcol_cmp);
  b[0] = 0x7C;
  b[1] = (uint8_t)t->nc;
  for (int i = 0; i < 4; i++) put16(b + 2 + 2 * i, t->rgib[i]);
  put32(b + 10, hid_rix);
  put32(b + 14, hnid_rows);
  put32(b + 18, 0);
  for (int i = 0; i < t->nc; i++) {
    put32(b + 22 + 8 * i, c[i].tag);
    put16(b + 26 + 8 * i, c[i].ib);
    b[28 + 8 * i] = c[i].cb;
    b[29 + 8 * i] = c[i].bit;
  }
  return hn_put(h, b, 22 + 8 * (size_t)t->nc);
}

typedef struct {                /* a table being written */
  tlayout t;
  hn h;                         /* the TC's heap */
  sublist sub;                  /* its subnodes (row matrix, large cells) */
  uint8_t *mat;                 /* rows not yet written (owned) */
  size_t inmat, rpb;            /* rows in mat; rows per block */
  bool big;                     /* row matrix in a subnode */
  bidlist bl;                   /* row-matrix blocks written so far */
} tcw;

static uint32_t tc_rows_hnid(pstw *w, tcw *c)
{
  size_t rs = c->t.rgib[3];
  if (!c->big) return c->inmat ? hn_put(&c->h, c->mat, c->inmat * rs) : 0;
  if (c->inmat) bl_add(&c->bl, blk_put(w, c->mat, c->inmat * rs, false), c->inmat * rs);
  uint32_t nid = lnid(w);
  sl_add(&c->sub, nid, blk_tree(w, &c->bl), 0);
  bl_free(&c->bl);
  return nid;
}

/* Writes a table of nrows rows (from fn) over the columns tags; *bsub its subnode tree. */
static uint64_t tc_write(pstw *w, const uint32_t *tags, int ntags, size_t nrows, tc_rowfn fn,
                         void *ud, uint64_t *bsub)
{
  tcw c = {0};
  props row = {0};
  tc_layout(&c.t, tags, ntags);
  size_t rs = c.t.rgib[3];
  uint8_t *rix = xrealloc(NULL, 8 * nrows);
  c.rpb = MAX_BLOCK / rs;
  c.big = nrows * rs > MAX_ALLOC;
  c.mat = xrealloc(NULL, (c.big ? c.rpb : nrows) * rs);
  for (size_t i = 0; i < nrows; i++) {
    uint32_t rowid = 0;
    pr_reset(&row);
    fn(w, ud, i, &row, &rowid);
    tc_row(w, &c.h, &c.t, &row, rowid, c.mat + c.inmat++ * rs, &c.sub);
    put32(rix + 8 * i, rowid);
    put32(rix + 8 * i + 4, (uint32_t)i);
    if (c.big && c.inmat == c.rpb) {
      bl_add(&c.bl, blk_put(w, c.mat, c.inmat * rs, false), c.inmat * rs);
      c.inmat = 0;
    }
  }
  uint32_t rows = tc_rows_hnid(w, &c);
  qsort(rix, nrows, 8, rix_cmp);
  uint32_t hid_rix = bth_put(&c.h, rix, nrows, 4, 4);
  uint64_t bid = hn_finish(w, &c.h, 0x7C, tc_info(&c.h, &c.t, hid_rix, rows));
  *bsub = sl_write(w, &c.sub);
  free(rix);
  free(c.mat);
  pr_free(&row);
  return bid;
}

/* ===================================================================================== */
/* Messages: the mailstore.h model as a PC with recipient and attachment tables          */
/* ===================================================================================== */

static const char *mstr(xv m, const char *key, size_t *n)
{
  xv v = xv_get_b(m, key);
  *n = xv_kind_b(v) == XV_STR ? xv_strlen_b(v) : 0;
  return *n ? xv_str_b(v) : NULL;
}

static bool mint(xv m, const char *key, int64_t *out)
{
  xv v = xv_get_b(m, key);
  if (xv_kind_b(v) == XV_INT) *out = v.u.i;
  else if (xv_kind_b(v) == XV_BOOL) *out = v.u.b;
  else if (xv_kind_b(v) == XV_DBL) *out = (int64_t)v.u.d;
  else return false;
  return true;
}

static void pr_mstr(props *p, uint32_t tag, xv m, const char *key)
{
  size_t n;
  const char *s = mstr(m, key, &n);
  pr_str(p, tag, s, n);
}

/* Model key -> property, for strings, times and 32-bit integers. */
static const struct mprop { const char *key; uint32_t tag; } msg_props[] = {
#define MSG_PROPS(X) \
  X("Subject", 0x0037001F) X("SenderName", 0x0C1A001F) X("SenderName", 0x0042001F) \
  X("SenderEmail", 0x0C1F001F) X("SenderEmail", 0x0065001F) \
  X("SenderAddressType", 0x0C1E001F) X("SenderAddressType", 0x0064001F) \
  X("DisplayTo", 0x0E04001F) X("DisplayCc", 0x0E03001F) X("InternetMessageId", 0x1035001F) \
  X("TransportHeaders", 0x007D001F) X("Body", 0x1000001F) \
  X("SentTime", 0x00390040) X("ReceivedTime", 0x0E060040) X("CreationTime", 0x30070040) \
  X("ModificationTime", 0x30080040)
#define X(k, t) {k, t},
  MSG_PROPS(X)
#undef X
};

static void msg_model_props(props *p, xv m)
{
  for (size_t i = 0; i < sizeof msg_props / sizeof msg_props[0]; i++) {
    const struct mprop *d = &msg_props[i];
    int64_t v;
    if (ptype_size(d->tag) == 8) {
      if (mint(m, d->key, &v)) pr_u64(p, d->tag, (uint64_t)v);
    } else pr_mstr(p, d->tag, m, d->key);
  }
  size_t n;
  const char *s = mstr(m, "MessageClass", &n);
  if (s) pr_str(p, 0x001A001F, s, n);
  else pr_cstr(p, 0x001A001F, "IPM.Note");
  if (mstr(m, "SenderEmail", &n) && !mstr(m, "SenderAddressType", &n)) {
    pr_cstr(p, 0x0C1E001F, "SMTP");
    pr_cstr(p, 0x0064001F, "SMTP");
  }
  if ((s = mstr(m, "BodyHtml", &n))) {
    pr_bytes(p, 0x10130102, s, n);
    pr_u32(p, 0x3FDE0003, 65001);      /* PidTagInternetCodepage: the HTML is UTF-8 */
  }
}

static int hexval(int c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; }

/* Adds property tag with the model's value v when its type is one we write. */
static void extra_value(props *p, unsigned long tag, xv v)
{
  int sz = ptype_size((uint32_t)tag);
  xv_kind k = xv_kind_b(v);
  if ((tag & 0xFFFF) == 0x001F && k == XV_STR && !xv_strlen_b(v)) pr_new(p, (uint32_t)tag);   /* kept empty */
  else if ((tag & 0xFFFF) == 0x001F && k == XV_STR) pr_str(p, (uint32_t)tag, xv_str_b(v), xv_strlen_b(v));
  else if (sz == 8 && k == XV_INT) pr_u64(p, (uint32_t)tag, (uint64_t)v.u.i);
  else if (sz && sz <= 4 && (k == XV_INT || k == XV_BOOL))
    pr_u32(p, (uint32_t)tag, k == XV_BOOL ? v.u.b : (uint32_t)v.u.i);
  else if ((tag & 0xFFFF) == 0x0102 && k == XV_DICT) {
    xv hex = xv_get_b(v, "Binary");
    size_t n = xv_kind_b(hex) == XV_STR ? xv_strlen_b(hex) / 2 : 0;
    const char *s = xv_str_b(hex);
    uint8_t *b = xrealloc(NULL, n);
    for (size_t i = 0; i < n; i++) {
      int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
      if (hi < 0 || lo < 0) { n = 0; break; }
      b[i] = (uint8_t)(hi << 4 | lo);
    }
    pr_bytes(p, (uint32_t)tag, b, n);
    free(b);
  }
}

/* The property id (0x8000 + its index in the name-to-id map, added when new) of a named
 * property keyed as pst_read.h says: "{guid}:0xLLLL:TTTT" or "{guid}:name=NAME:TTTT"; the
 * type in *type. 0 when the key isn't one. */
static uint32_t named_id(pstw *w, const char *key, uint32_t *type)
{
  uint8_t t[16], g[16];
  const char *p = key + 1, *colon = strrchr(key, ':');
  if (key[0] != '{' || !colon || colon - key < 40 || key[37] != '}' || key[38] != ':') return 0;
  for (int i = 0; i < 16; i++) {
    if (*p == '-') p++;
    int hi = hexval(p[0]), lo = hi < 0 ? -1 : hexval(p[1]);
    if (hi < 0 || lo < 0) return 0;
    t[i] = (uint8_t)(hi << 4 | lo), p += 2;
  }
  static const int order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
  for (int i = 0; i < 16; i++) g[order[i]] = t[i];   /* the text's byte order back to the file's */
  char *end;
  unsigned long ty = strtoul(colon + 1, &end, 16);
  if (*end || colon[1] == 0 || ty > 0xFFFF) return 0;
  named e = {.is_name = !strncmp(key + 39, "name=", 5)};
  memcpy(e.guid, g, 16);
  if (e.is_name) {
    size_t n = (size_t)(colon - (key + 44));
    if (colon < key + 44) return 0;
    e.name = memcpy(xrealloc(NULL, n + 1), key + 44, n);
    e.name[n] = 0;
  } else {
    unsigned long lid = strtoul(key + 39, &end, 16);
    if (end != colon || strncmp(key + 39, "0x", 2) || lid > 0xFFFFFFFFul) return 0;
    e.lid = (uint32_t)lid;
  }
  size_t i = 0;
  for (; i < w->nnm; i++) {
    const named *x = &w->nm[i];
    if (x->is_name == e.is_name && !memcmp(x->guid, e.guid, 16) &&
        (e.is_name ? !strcmp(x->name, e.name) : x->lid == e.lid)) break;
  }
  if (i == w->nnm) {
    if (w->nnm >= 0x7FFE) return free(e.name), 0;
    w->nm = vgrow(w->nm, &w->capnm, w->nnm + 1, sizeof *w->nm);
    w->nm[w->nnm++] = e;
  } else {
    free(e.name);
  }
  *type = (uint32_t)ty;
  return 0x8000 + (uint32_t)i;
}

/* The model's Properties DICT: "0xPPPPTTTT" keys as they are, named ones through the map. */
static void msg_extra_props(pstw *w, props *p, xv m)
{
  xv d = xv_get_b(m, "Properties");
  if (xv_kind_b(d) != XV_DICT && xv_kind_b(d) != XV_OBJ) return;
  for (uint32_t i = 0; i < xv_len_b(d); i++) {
    const char *k = xv_key_b(d, i);
    char *end;
    uint32_t type;
    unsigned long tag;
    if (!k) continue;
    if (k[0] == '0' && (k[1] == 'x' || k[1] == 'X')) {
      tag = strtoul(k + 2, &end, 16);
      if (*end || tag >> 16 == 0 || tag >> 16 >= 0x8000) continue;
    } else if (k[0] == '{') {
      uint32_t id = named_id(w, k, &type);
      if (!id) continue;
      tag = (unsigned long)id << 16 | type;
    } else {
      continue;
    }
    if (!pr_has_id(p, (uint32_t)tag)) extra_value(p, tag, xv_val_b(d, i));
  }
}

/* --- recipients table (subnode 0x692) --- */

static const uint32_t recip_cols[] = {0x0C150003, 0x0FFE0003, 0x39000003, 0x3001001F, 0x3002001F,
                                      0x3003001F, 0x39FE001F, 0x5FF6001F};

static void recip_row(pstw *w, void *ud, size_t i, props *row, uint32_t *rowid)
{
  xv r = xv_arr_get_b(*(xv *)ud, (uint32_t)i);
  size_t n, ne;
  int64_t type = 1;
  (void)w;
  *rowid = (uint32_t)i;
  mint(r, "Type", &type);
  pr_u32(row, 0x0C150003, (uint32_t)type);
  pr_u32(row, 0x0FFE0003, 6);              /* MAPI_MAILUSER */
  pr_u32(row, 0x39000003, 0);              /* DT_MAILUSER */
  pr_mstr(row, 0x3001001F, r, "Name");
  pr_mstr(row, 0x5FF6001F, r, "Name");
  const char *e = mstr(r, "Email", &ne), *t = mstr(r, "AddressType", &n);
  pr_str(row, 0x3003001F, e, ne);
  if (t) pr_str(row, 0x3002001F, t, n);
  else if (e) pr_cstr(row, 0x3002001F, "SMTP");
  if (e && (!t || (n == 4 && !strncasecmp(t, "SMTP", 4)) || memchr(e, '@', ne)))
    pr_str(row, 0x39FE001F, e, ne);
}

/* --- attachments --- */

static const uint32_t attach_cols[] = {0x0E200003, 0x37050003, 0x370B0003, 0x3704001F, 0x3707001F};

typedef struct { xv list; uint32_t first; } attctx;

static void attach_row(pstw *w, void *ud, size_t i, props *row, uint32_t *rowid)
{
  attctx *c = ud;
  xv a = xv_arr_get_b(c->list, (uint32_t)i);
  size_t n;
  int64_t method = 1;
  (void)w;
  *rowid = ((c->first + (uint32_t)i) << 5) | NT_ATTACH;
  mint(a, "Method", &method);
  mstr(a, "Data", &n);
  pr_u32(row, 0x0E200003, (uint32_t)n);
  pr_u32(row, 0x37050003, (uint32_t)method);
  pr_u32(row, 0x370B0003, 0xFFFFFFFF);
  pr_mstr(row, 0x3704001F, a, "FileName");
  pr_mstr(row, 0x3707001F, a, "LongFileName");
}

static int msg_build(pstw *w, xv m, int depth, uint64_t *bid, uint64_t *bsub, size_t *size);

/* Writes attachment a as a PC; its data goes in a subnode when large, an embedded message
 * in a subnode of its own. Returns -1 when a limit is hit. */
static int attach_write(pstw *w, xv a, int depth, uint64_t *bid, uint64_t *bsub, size_t *size)
{
  props p = {0};
  sublist sub = {0};
  int64_t method = 1;
  size_t n;
  const char *data = mstr(a, "Data", &n);
  int rc = 0;
  mint(a, "Method", &method);
  pr_u32(&p, 0x37050003, (uint32_t)method);
  pr_u32(&p, 0x370B0003, 0xFFFFFFFF);
  pr_mstr(&p, 0x3704001F, a, "FileName");
  pr_mstr(&p, 0x3707001F, a, "LongFileName");
  pr_mstr(&p, 0x3001001F, a, xv_kind_b(xv_get_b(a, "LongFileName")) == XV_STR ? "LongFileName" : "FileName");
  pr_mstr(&p, 0x370E001F, a, "MimeType");
  pr_mstr(&p, 0x3712001F, a, "ContentId");
  xv em = xv_get_b(a, "Message");
  if (method == 5 && depth < MAX_DEPTH && (xv_kind_b(em) == XV_DICT || xv_kind_b(em) == XV_OBJ)) {
    uint64_t ebid, esub;
    size_t esize = 0;
    rc = msg_build(w, em, depth + 1, &ebid, &esub, &esize);
    uint32_t nid = lnid(w);
    uint8_t obj[8];
    put32(obj, nid);
    put32(obj + 4, (uint32_t)esize);
    sl_add(&sub, nid, ebid, esub);
    pr_bytes(&p, 0x3701000D, obj, 8);
    n = esize;
  } else if (n) pr_bytes(&p, 0x37010102, data, n);
  else pr_new(&p, 0x37010102);         /* empty data: HNID 0; readers want the property */
  pr_u32(&p, 0x0E200003, (uint32_t)(n + pr_size(&p)));
  *size += n + pr_size(&p);
  *bid = pc_write(w, &p, &sub);
  *bsub = sl_write(w, &sub);
  pr_free(&p);
  return rc;
}

static int msg_attachments(pstw *w, xv m, int depth, sublist *sub, size_t *size)
{
  attctx c = {xv_get_b(m, "Attachments"), 0x400};
  uint32_t n = xv_kind_b(c.list) == XV_ARR ? xv_len_b(c.list) : 0;
  int rc = 0;
  for (uint32_t i = 0; i < n && !rc; i++) {
    uint64_t bid, bsub;
    rc = attach_write(w, xv_arr_get_b(c.list, i), depth, &bid, &bsub, size);
    sl_add(sub, ((c.first + i) << 5) | NT_ATTACH, bid, bsub);
  }
  if (n && !rc) {
    uint64_t bsub, bid = tc_write(w, attach_cols, 5, n, attach_row, &c, &bsub);
    sl_add(sub, NID_ATTACHS, bid, bsub);
  }
  return rc;
}

/* Builds message m (PC, recipients, attachments); *bid and *bsub its node, *size grows by its
 * size. Returns -1 when a limit is hit (w->fail says which). */
static int msg_build(pstw *w, xv m, int depth, uint64_t *bid, uint64_t *bsub, size_t *size)
{
  props p = {0};
  sublist sub = {0};
  xv rl = xv_get_b(m, "Recipients");
  uint32_t nr = xv_kind_b(rl) == XV_ARR ? xv_len_b(rl) : 0;
  int64_t v;
  size_t asize = 0;
  uint64_t rbid, rsub;
  int rc = msg_attachments(w, m, depth, &sub, &asize);
  rbid = tc_write(w, recip_cols, 8, nr, recip_row, &rl, &rsub);
  sl_add(&sub, NID_RECIPS, rbid, rsub);
  msg_model_props(&p, m);
  if (mint(m, "Importance", &v)) pr_u32(&p, 0x00170003, (uint32_t)v);   /* absent: normal */
  bool has_att = xv_kind_b(xv_get_b(m, "Attachments")) == XV_ARR && xv_len_b(xv_get_b(m, "Attachments"));
  uint32_t flags = mint(m, "Flags", &v) ? (uint32_t)v : 1;   /* MSGFLAG_READ */
  pr_u32(&p, 0x0E070003, has_att ? flags | 0x10 : flags & ~0x10u);
  pr_u32(&p, 0x0E1B000B, has_att);
  msg_extra_props(w, &p, m);
  *size += asize + pr_size(&p) + 8;
  pr_u32(&p, 0x0E080003, (uint32_t)*size);
  *bid = pc_write(w, &p, &sub);
  *bsub = sl_write(w, &sub);
  pr_free(&p);
  return rc;
}

/* ===================================================================================== */
/* Folders                                                                               */
/* ===================================================================================== */

static size_t fold_add(pstw *w, size_t parent, const char *name, const char *cls, uint32_t nid)
{
  w->fold = vgrow(w->fold, &w->capfold, w->nfold + 1, sizeof *w->fold);
  folder *f = &w->fold[w->nfold];
  *f = (folder){.nid = nid ? nid : (w->next_fold++ << 5) | NT_FOLDER, .parent = parent};
  f->name = xstrdup(name);
  f->cls = cls ? xstrdup(cls) : NULL;
  return w->nfold++;
}

static void fold_props(pstw *w, props *p, size_t i)
{
  folder *f = &w->fold[i];
  bool subs = false;
  for (size_t j = 0; j < w->nfold && !subs; j++) subs = j != i && w->fold[j].parent == i;
  pr_cstr(p, 0x3001001F, f->name);
  pr_u32(p, 0x36020003, (uint32_t)f->nrows);
  pr_u32(p, 0x36030003, f->unread);
  pr_u32(p, 0x360A000B, subs);
  pr_cstr(p, 0x3613001F, f->cls);
}

static const uint32_t hier_cols[] = {0x36020003, 0x36030003, 0x360A000B, 0x3001001F, 0x3613001F};

typedef struct { size_t *kids; } hierctx;

static void hier_row(pstw *w, void *ud, size_t i, props *row, uint32_t *rowid)
{
  size_t k = ((hierctx *)ud)->kids[i];
  *rowid = w->fold[k].nid;
  fold_props(w, row, k);
}

static const uint32_t cont_cols[] = {0x00170003, 0x0E070003, 0x0E080003, 0x0E060040, 0x00390040};

static void cont_row(pstw *w, void *ud, size_t i, props *row, uint32_t *rowid)
{
  const crow *r = &((folder *)ud)->rows[i];
  (void)w;
  *rowid = r->nid;
  pr_u32(row, 0x00170003, r->importance);
  pr_u32(row, 0x0E070003, r->flags);
  pr_u32(row, 0x0E080003, r->size);
  if (r->delivery) pr_u64(row, 0x0E060040, r->delivery);
  if (r->submit) pr_u64(row, 0x00390040, r->submit);
}

/* Writes folder i's PC and its hierarchy, contents and FAI tables. */
static void fold_write(pstw *w, size_t i)
{
  folder *f = &w->fold[i];
  props p = {0};
  sublist sub = {0};
  hierctx hc = {xrealloc(NULL, w->nfold * sizeof(size_t))};
  size_t nk = 0;
  uint64_t bid, bsub, idx = (uint64_t)f->nid & ~0x1Full;
  for (size_t j = 0; j < w->nfold; j++)
    if (j != i && w->fold[j].parent == i) hc.kids[nk++] = j;
  fold_props(w, &p, i);
  bid = pc_write(w, &p, &sub);
  nbt_add(w, f->nid, bid, sl_write(w, &sub), w->fold[f->parent].nid);
  bid = tc_write(w, hier_cols, 5, nk, hier_row, &hc, &bsub);
  nbt_add(w, (uint32_t)idx | NT_HIER, bid, bsub, 0);
  bid = tc_write(w, cont_cols, 5, f->nrows, cont_row, f, &bsub);
  nbt_add(w, (uint32_t)idx | NT_CONTENTS, bid, bsub, 0);
  bid = tc_write(w, cont_cols, 5, 0, cont_row, f, &bsub);
  nbt_add(w, (uint32_t)idx | NT_FAI, bid, bsub, 0);
  free(hc.kids);
  pr_free(&p);
}

/* The message store PC (NID 0x21) with the entry IDs of the IPM subtree, wastebasket and
 * search root: 4 flag bytes, the store's record key, the folder NID. */
static void store_write(pstw *w)
{
  props p = {0};
  sublist sub = {0};
  static const struct { uint32_t tag; size_t fold; } eids[] = {
    {0x35E00102, 1}, {0x35E30102, 3}, {0x35E70102, 2}};
  pr_bytes(&p, 0x0FF90102, w->guid, 16);
  pr_cstr(&p, 0x3001001F, w->name);
  pr_u32(&p, 0x35DF0003, 0x89);          /* PidTagValidFolderMask: subtree, wastebasket, finder */
  for (size_t i = 0; i < 3; i++) {
    uint8_t e[24] = {0};
    memcpy(e + 4, w->guid, 16);
    put32(e + 20, w->fold[eids[i].fold].nid);
    pr_bytes(&p, eids[i].tag, e, 24);
  }
  uint64_t bid = pc_write(w, &p, &sub);
  nbt_add(w, NID_STORE, bid, sl_write(w, &sub), 0);
  pr_free(&p);
}

/* The name-to-id map (NID 0x61, [MS-PST] 2.4.7) of the named properties written: the GUID,
 * entry and string streams readers use. Written only when there is a named property (an empty
 * map makes libpff refuse the file). Not written: the hash buckets (0x1000+), which only
 * Outlook's lookups by name use. */
static void names_write(pstw *w)
{
  static const uint8_t ps_mapi[16] = {0x28, 0x03, 0x02, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46};
  static const uint8_t ps_public[16] = {0x29, 0x03, 0x02, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46};
  if (!w->nnm) return;
  props p = {0};
  sublist sub = {0};
  uint8_t *guids = xrealloc(NULL, 16 * w->nnm), *ents = xrealloc(NULL, 8 * w->nnm), *strs = NULL;
  size_t ng = 0, ns = 0, caps = 0;
  for (size_t i = 0; i < w->nnm; i++) {
    const named *e = &w->nm[i];
    uint32_t wg = 0;
    if (!memcmp(e->guid, ps_mapi, 16)) wg = 1;
    else if (!memcmp(e->guid, ps_public, 16)) wg = 2;
    for (size_t k = 0; !wg && k < ng; k++)
      if (!memcmp(guids + 16 * k, e->guid, 16)) wg = 3 + (uint32_t)k;
    if (!wg) memcpy(guids + 16 * ng, e->guid, 16), wg = 3 + (uint32_t)ng++;
    uint32_t key = e->lid;
    if (e->is_name) {               /* length, UTF-16LE, padded to 4 bytes */
      size_t n = strlen(e->name), at = ns + 4, len;
      strs = vgrow(strs, &caps, ns + 8 + 4 * n, 1);
      key = (uint32_t)ns;
      for (size_t j = 0; j < n; j += len) {
        uint32_t c = utf8_next((const uint8_t *)e->name + j, n - j, &len);
        if (c >= 0x10000) {
          c -= 0x10000;
          put16(strs + at, 0xD800 | c >> 10), put16(strs + at + 2, 0xDC00 | (c & 0x3FF)), at += 4;
        } else {
          put16(strs + at, c), at += 2;
        }
      }
      put32(strs + ns, (uint32_t)(at - ns - 4));
      while ((at - ns) % 4) strs[at++] = 0;
      ns = at;
    }
    put32(ents + 8 * i, key);
    put16(ents + 8 * i + 4, wg << 1 | (e->is_name ? 1u : 0u));
    put16(ents + 8 * i + 6, (uint32_t)i);
  }
  pr_u32(&p, 0x00010003, 251);              /* PidTagNameidBucketCount */
  if (ng) pr_bytes(&p, 0x00020102, guids, 16 * ng);   /* the streams are there even when empty */
  else pr_new(&p, 0x00020102);
  pr_bytes(&p, 0x00030102, ents, 8 * w->nnm);
  if (ns) pr_bytes(&p, 0x00040102, strs, ns);
  else pr_new(&p, 0x00040102);
  uint64_t bid = pc_write(w, &p, &sub);
  nbt_add(w, NID_NAME_MAP, bid, sl_write(w, &sub), 0);
  pr_free(&p);
  free(guids), free(ents), free(strs);
}

/* ===================================================================================== */
/* B-tree pages, maps and header                                                         */
/* ===================================================================================== */

typedef struct { uint64_t key, bid, ib; } bref;

/* Seals and appends one 512-byte page; returns its BREF. */
static bref page_put(pstw *w, uint8_t *pg, uint8_t ptype, uint64_t key)
{
  bref r = {key, w->next_pbid++, em_reserve(w, 512, 512)};
  pg[496] = pg[497] = ptype;
  put16(pg + 498, pst_sig(r.ib, r.bid));
  put32(pg + 500, pst_crc(pg, 496));
  put64(pg + 504, r.bid);
  em_put(w, pg, 512);
  return r;
}

typedef uint64_t (*bt_entfn)(pstw *w, size_t i, uint8_t *out);   /* returns the key */

static uint64_t nbt_ent_put(pstw *w, size_t i, uint8_t *o)
{
  const nbt_ent *e = &w->nbt[i];
  put64(o, e->nid);
  put64(o + 8, e->bid);
  put64(o + 16, e->sub);
  put32(o + 24, e->parent);
  put32(o + 28, 0);
  return e->nid;
}

static uint64_t bbt_ent_put(pstw *w, size_t i, uint8_t *o)
{
  const bbt_ent *e = &w->bbt[i];
  put64(o, e->bid);
  put64(o + 8, e->ib);
  put16(o + 16, e->cb);
  put16(o + 18, e->cref);
  put32(o + 20, 0);
  return e->bid;
}

static void bt_meta(uint8_t *pg, size_t n, int max, int cb, int level)
{
  pg[488] = (uint8_t)n;
  pg[489] = (uint8_t)max;
  pg[490] = (uint8_t)cb;
  pg[491] = (uint8_t)level;
}

/* Writes a B-tree bottom-up over n leaf entries; returns the root's BREF. */
static bref bt_build(pstw *w, uint8_t ptype, size_t n, int cbent, int maxent, bt_entfn fn)
{
  size_t nl = n ? (n + maxent - 1) / maxent : 1, cnt = 0;
  bref *lv = xrealloc(NULL, nl * sizeof *lv);
  for (size_t i = 0; i < nl; i++) {
    uint8_t pg[512] = {0};
    size_t m = n - i * maxent < (size_t)maxent ? n - i * maxent : (size_t)maxent;
    uint64_t key = 0;
    for (size_t j = 0; j < m; j++) {
      uint64_t k = fn(w, i * maxent + j, pg + j * cbent);
      if (!j) key = k;
    }
    bt_meta(pg, m, maxent, cbent, 0);
    lv[cnt++] = page_put(w, pg, ptype, key);
  }
  for (int level = 1; cnt > 1; level++) {
    size_t up = 0;
    for (size_t i = 0; i < cnt; i += 20) {
      uint8_t pg[512] = {0};
      size_t m = cnt - i < 20 ? cnt - i : 20;
      for (size_t j = 0; j < m; j++) {
        put64(pg + 24 * j, lv[i + j].key);
        put64(pg + 24 * j + 8, lv[i + j].bid);
        put64(pg + 24 * j + 16, lv[i + j].ib);
      }
      bt_meta(pg, m, 20, 24, level);
      lv[up++] = page_put(w, pg, ptype, lv[i].key);
    }
    cnt = up;
  }
  bref root = lv[0];
  free(lv);
  return root;
}

static int nbt_cmp(const void *a, const void *b)
{
  uint32_t x = ((const nbt_ent *)a)->nid, y = ((const nbt_ent *)b)->nid;
  return x < y ? -1 : x > y;
}

static void pg_seal_map(uint8_t *pg, uint8_t ptype, uint64_t ib, bool sig)
{
  pg[496] = pg[497] = ptype;
  put16(pg + 498, sig ? pst_sig(ib, ib) : 0);
  put32(pg + 500, pst_crc(pg, 496));
  put64(pg + 504, ib);
}

static void pg_write_at(pstw *w, const uint8_t *pg, size_t n, uint64_t ib)
{
  if (pwrite(fileno(w->f), pg, n, (off_t)ib) != (ssize_t)n && !w->ioerr) w->ioerr = errno ? errno : EIO;
}

/* Writes every AMap (allocated up to used), PMap and the empty DList; returns free bytes. */
static uint64_t maps_write(pstw *w, uint64_t used, uint64_t final)
{
  uint64_t freeb = 0;
  for (uint64_t k = 0; AMAP_IB + k * AMAP_SPAN < final; k++) {
    uint64_t start = AMAP_IB + k * AMAP_SPAN, hi = used < start + AMAP_SPAN ? used : start + AMAP_SPAN;
    uint64_t bits = (hi - start + 63) / 64;
    uint8_t pg[512] = {0};
    memset(pg, 0xFF, bits / 8);
    if (bits % 8) pg[bits / 8] = (uint8_t)(0xFF00 >> (bits % 8));
    freeb += AMAP_SPAN - bits * 64;
    pg_seal_map(pg, 0x84, start, false);
    pg_write_at(w, pg, 512, start);
    if (k % 8 == 0) {
      memset(pg, 0xFF, 496);
      pg_seal_map(pg, 0x83, start + 512, false);
      pg_write_at(w, pg, 512, start + 512);
    }
  }
  uint8_t dl[512] = {0};
  pg_seal_map(dl, 0x86, DLIST_IB, true);
  pg_write_at(w, dl, 512, DLIST_IB);
  return freeb;
}

static void hdr_write(pstw *w, uint64_t eof, uint64_t amap_free, bref nbt, bref bbt)
{
  uint8_t h[564] = {'!', 'B', 'D', 'N'};
  h[8] = 'S';
  h[9] = 'M';
  put16(h + 10, 23);
  put16(h + 12, 19);
  h[14] = h[15] = 1;
  put64(h + 32, w->next_pbid);
  put32(h + 40, w->next_msg);
  for (uint32_t t = 0; t < 32; t++)
    put32(h + 44 + 4 * t, (t == NT_FOLDER ? w->next_fold : t == NT_MESSAGE ? w->next_msg : 0x400) << 5 | t);
  put64(h + 184, eof);
  put64(h + 192, AMAP_IB + (eof - AMAP_IB - 1) / AMAP_SPAN * AMAP_SPAN);
  put64(h + 200, amap_free);
  put64(h + 216, nbt.bid);
  put64(h + 224, nbt.ib);
  put64(h + 232, bbt.bid);
  put64(h + 240, bbt.ib);
  h[248] = 2;                            /* fAMapValid = VALID_AMAP2 */
  memset(h + 256, 0xFF, 256);
  h[512] = 0x80;
  put64(h + 516, w->next_bid);
  put32(h + 4, pst_crc(h + 8, 471));
  put32(h + 524, pst_crc(h + 8, 516));
  pg_write_at(w, h, sizeof h, 0);
}

/* ===================================================================================== */
/* Public API                                                                            */
/* ===================================================================================== */

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  if (err && errlen) vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
  return -1;
}

static void make_guid(uint8_t g[16])
{
  FILE *r = fopen("/dev/urandom", "rb");
  if (!r || fread(g, 1, 16, r) != 16) {
    uint64_t t = (uint64_t)time(NULL) ^ (uint64_t)getpid() << 32;
    put64(g, t);
    put64(g + 8, t * 0x9E3779B97F4A7C15ull);
  }
  if (r) fclose(r);
}

int pstw_open(const char *path, const char *display_name, pstw **out, char *err, size_t errlen)
{
  /* A new file only: O_EXCL never replaces an existing file and, with O_NOFOLLOW, never
   * creates one through a symbolic link (even a dangling one) at the end of path. */
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  FILE *f = fd < 0 ? NULL : fdopen(fd, "wb");
  *out = NULL;
  if (!f) {
    int e = errno;
    if (fd >= 0) close(fd), unlink(path);
    if (e == EEXIST || e == ELOOP)
      return fail(err, errlen, "cannot create '%s': %s", path, "a file or link of that name "
                  "already exists, and an existing file is never replaced");
    return fail(err, errlen, "cannot create '%s': %s", path, strerror(e));
  }
  crc_init();
  pstw *w = xcalloc(1, sizeof *w);
  setvbuf(f, NULL, _IOFBF, 1 << 20);
  w->f = f;
  w->path = xstrdup(path);
  w->name = xstrdup(display_name && *display_name ? display_name : "Personal Folders");
  w->next_bid = 4;
  w->next_pbid = 1;
  w->next_msg = 0x10000;
  w->next_fold = 0x404;
  w->next_lnid = 0x100;
  make_guid(w->guid);
  em_zero(w, DATA_START);
  w->eof = DATA_START;
  fold_add(w, 0, "", NULL, NID_ROOT);
  fold_add(w, 0, "Top of Personal Folders", NULL, 0x401u << 5 | NT_FOLDER);
  fold_add(w, 0, "Search Root", NULL, 0x402u << 5 | NT_FOLDER);
  fold_add(w, 1, "Deleted Items", "IPF.Note", 0x403u << 5 | NT_FOLDER);
  *out = w;
  return 0;
}

int pstw_folder(pstw *w, uint64_t parent, const char *name, const char *container_class,
                uint64_t *folder_handle, char *err, size_t errlen)
{
  size_t p = parent ? (size_t)parent - 1 : 1;
  if (p >= w->nfold || p == 0 || p == 2) return fail(err, errlen, "no such parent folder");
  if (!name || !*name) return fail(err, errlen, "a folder name is required");
  for (size_t i = 0; i < w->nfold; i++)
    if (w->fold[i].parent == p && i != p && !strcasecmp(w->fold[i].name, name)) {
      *folder_handle = i + 1;
      return 0;
    }
  if (w->next_fold >= 0xFFFF) return fail(err, errlen, "too many folders");
  *folder_handle = fold_add(w, p, name, container_class, 0) + 1;
  return 0;
}

int pstw_message(pstw *w, uint64_t folder_handle, xv msg, char *err, size_t errlen)
{
  /* handle 0 is the top of the personal folders, as for pstw_folder */
  size_t fi = folder_handle ? (size_t)folder_handle - 1 : 1, size = 0;
  uint64_t bid, bsub;
  int64_t v;
  if (fi >= w->nfold || fi < 1 || fi == 2)
    return fail(err, errlen, "no such folder");
  if (xv_kind_b(msg) != XV_DICT && xv_kind_b(msg) != XV_OBJ)
    return fail(err, errlen, "a message must be a hashtable");
  if (w->next_msg >= (1u << 27)) return fail(err, errlen, "too many messages");
  int rc = msg_build(w, msg, 0, &bid, &bsub, &size);
  if (rc || w->fail) return fail(err, errlen, "%s: %s", w->path, w->fail ? w->fail : "bad message");
  if (w->ioerr) return fail(err, errlen, "%s: %s", w->path, strerror(w->ioerr));
  uint32_t nid = w->next_msg++ << 5 | NT_MESSAGE;
  folder *f = &w->fold[fi];
  nbt_add(w, nid, bid, bsub, f->nid);
  f->rows = vgrow(f->rows, &f->caprows, f->nrows + 1, sizeof *f->rows);
  crow *r = &f->rows[f->nrows++];
  *r = (crow){.nid = nid, .size = (uint32_t)size, .importance = 1, .flags = 1};
  if (mint(msg, "Flags", &v)) r->flags = (uint32_t)v;
  if (mint(msg, "Importance", &v)) r->importance = (uint32_t)v;
  if (mint(msg, "ReceivedTime", &v)) r->delivery = (uint64_t)v;
  if (mint(msg, "SentTime", &v)) r->submit = (uint64_t)v;
  if (!(r->flags & 1)) f->unread++;
  return 0;
}

static void pstw_free(pstw *w)
{
  for (size_t i = 0; i < w->nfold; i++) {
    free(w->fold[i].name);
    free(w->fold[i].cls);
    free(w->fold[i].rows);
  }
  free(w->fold);
  for (size_t i = 0; i < w->nnm; i++) free(w->nm[i].name);
  free(w->nm);
  free(w->nbt);
  free(w->bbt);
  free(w->name);
  free(w->path);
  free(w);
}

void pstw_abort(pstw *w)
{
  if (!w) return;
  fclose(w->f);
  unlink(w->path);
  pstw_free(w);
}

/* Folders and store, then NBT and BBT; pads to a whole AMap interval; maps and header. */
static void close_write(pstw *w)
{
  for (size_t i = 0; i < w->nfold; i++) fold_write(w, i);
  store_write(w);
  names_write(w);
  qsort(w->nbt, w->nnbt, sizeof *w->nbt, nbt_cmp);
  bref nbt = bt_build(w, 0x81, w->nnbt, 32, 15, nbt_ent_put);
  bref bbt = bt_build(w, 0x80, w->nbbt, 24, 20, bbt_ent_put);
  uint64_t used = w->eof, final = AMAP_IB + round_up(used - AMAP_IB, AMAP_SPAN);
  if (fflush(w->f) && !w->ioerr) w->ioerr = errno;
  if (ftruncate(fileno(w->f), (off_t)final) && !w->ioerr) w->ioerr = errno;
  uint64_t freeb = maps_write(w, used, final);
  hdr_write(w, final, freeb, nbt, bbt);
}

int pstw_close(pstw *w, char *err, size_t errlen)
{
  int rc = 0;
  if (!w->fail && !w->ioerr) close_write(w);
  if (!w->ioerr && fsync(fileno(w->f))) w->ioerr = errno;
  if (fclose(w->f) && !w->ioerr) w->ioerr = errno;
  if (w->fail || w->ioerr) {
    rc = fail(err, errlen, "%s: %s", w->path, w->fail ? w->fail : strerror(w->ioerr));
    unlink(w->path);
  }
  pstw_free(w);
  return rc;
}
