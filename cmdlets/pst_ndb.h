/* pst_ndb.h — the two lower layers of an Outlook .pst file ([MS-PST] 2.2 NDB, 2.3 LTP), read
 * straight from the file: header, node and block B-trees, blocks (with the permute and cyclic
 * encodings), data trees, subnode trees, heap-on-node, BTH, property and table contexts.
 * Unicode (wVer 23) and ANSI (wVer 14/15) files. Nothing is kept per node or per block beyond
 * a fixed page cache, so memory does not grow with the file; everything a caller gets is freed
 * by the matching *_free. Every offset, count and size read from the file is checked before use.
 * Entries: ndb_open/ndb_close, ndb_nbt_each, ndb_node, ndb_sub_find, ndb_read,
 * pset_node/pset_sub/pset_free, tc_open/tc_row/tc_free. */
#ifndef EXSH_PST_NDB_H
#define EXSH_PST_NDB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ndb ndb;

/* Node types (the low 5 bits of a NID, [MS-PST] 2.2.2.1). */
enum { NT_HID = 0x00, NT_INTERNAL = 0x01, NT_NORMAL_FOLDER = 0x02, NT_SEARCH_FOLDER = 0x03,
       NT_NORMAL_MESSAGE = 0x04, NT_ATTACHMENT = 0x05, NT_ASSOC_MESSAGE = 0x08,
       NT_HIERARCHY_TABLE = 0x0D, NT_CONTENTS_TABLE = 0x0E };

/* Opens path: 0, or -1 with a sentence naming the file in err (missing, not a file, not a PST,
 * truncated, an unsupported variant, or a header that points outside the file). */
int ndb_open(const char *path, ndb **out, char *err, size_t errlen);
void ndb_close(ndb *db);          /* db may be NULL */
bool ndb_ansi(const ndb *db);     /* 32-bit (ANSI) file */
/* Why the last failing call failed (a short phrase, no file name); "" if none did. */
const char *ndb_why(const ndb *db);

/* Every NBT leaf entry in key order: fn returns 0 to go on, nonzero to stop (returned). -1 when
 * the tree can't be read (ndb_why). */
typedef int (*ndb_node_fn)(void *ud, uint32_t nid, uint64_t bid_data, uint64_t bid_sub,
                           uint32_t parent);
int ndb_nbt_each(ndb *db, ndb_node_fn fn, void *ud);
/* One node by NID: 1 found, 0 absent, -1 error. */
int ndb_node(ndb *db, uint32_t nid, uint64_t *bid_data, uint64_t *bid_sub, uint32_t *parent);
/* A subnode of the subnode tree at bid_sub: 1 found, 0 absent, -1 error. */
int ndb_sub_find(ndb *db, uint64_t bid_sub, uint32_t nid, uint64_t *bid_data, uint64_t *bid_sub_out);

/* A node's data as its blocks (a data tree's leaves, decoded), in order. */
typedef struct nblocks {
  uint8_t **b;
  uint32_t *len;
  size_t n;
} nblocks;
int ndb_blocks(ndb *db, uint64_t bid, nblocks *out);   /* 0 or -1 (ndb_why); bid 0: no blocks */
void nblocks_free(nblocks *nb);
/* A node's data in one buffer (malloc'd; *len bytes): 0 or -1. */
int ndb_read(ndb *db, uint64_t bid, uint8_t **buf, size_t *len);
/* The same, into a buffer from alloc(ud, total) (NULL: out of memory), each block read
 * straight into place: no copy. *out is the buffer (owned by the caller even on error). */
typedef void *(*ndb_alloc_fn)(void *ud, size_t n);
int ndb_read_into(ndb *db, uint64_t bid, ndb_alloc_fn alloc, void *ud, uint8_t **out, size_t *len);

/* ---------------- LTP: property sets (a PC, or one TC row) ---------------- */

/* One property: value bytes as stored (fixed-size types in their size, strings UTF-16LE or
 * 8-bit, binaries raw; PtypObject is the 8-byte {nid, size}). */
typedef struct pprop {
  uint16_t id, type;
  uint32_t len;
  const uint8_t *v;
  uint32_t sub;           /* nonzero: the value is subnode `sub`, not read yet (pset_get reads it) */
} pprop;

typedef struct pset {
  ndb *db;
  pprop *p;
  size_t n, cap;
  uint64_t bid_sub;       /* the owning node's subnode tree (embedded objects, big values) */
  nblocks heap;           /* owned: the heap the values point into */
  uint8_t **own;          /* owned: values read from subnodes */
  size_t nown, capown;
} pset;

/* The PC of a node (bid_data, bid_sub): 0, or -1 (ndb_why). */
int pset_node(ndb *db, uint64_t bid_data, uint64_t bid_sub, pset *out);
/* The PC in subnode nid of the subnode tree bid_sub: 1, 0 when there's no such subnode, -1. */
int pset_sub(ndb *db, uint64_t bid_sub, uint32_t nid, pset *out);
void pset_free(pset *ps);
/* Property id, its value read if it lives in a subnode; NULL when absent or unreadable. */
const pprop *pset_get(pset *ps, uint16_t id);
/* p's value when it is still in its subnode (p->sub): read through alloc as ndb_read_into does,
 * without keeping it in ps. 0, or -1. */
int pset_read_into(pset *ps, const pprop *p, ndb_alloc_fn alloc, void *ud, uint8_t **out, size_t *len);
/* Reads every value still in a subnode (for a caller that walks ps->p): 0, or -1. */
int pset_load_all(pset *ps);

/* A table context, rows read one at a time. */
typedef struct tc tc;
/* The TC in subnode nid of bid_sub (sub != 0), or of node (bid_data, bid_sub) (sub == 0):
 * 1 open, 0 no such subnode, -1 error. */
int tc_open(ndb *db, uint64_t bid_data, uint64_t bid_sub, uint32_t sub, tc **out);
size_t tc_rows(const tc *t);
/* Row i as a property set (cells that exist); 0 or -1. */
int tc_row(tc *t, size_t i, pset *out);
void tc_free(tc *t);

#endif
