#!/usr/bin/env python3
"""verify_pst.py — checks the NDB-level invariants of a Unicode PST that lenient readers skip:
header CRCs, B-tree page trailers (ptype, wSig, CRC, BID = BREF), sorted keys, every block's
trailer (cb and BID as in the BBT, CRC, wSig), blocks that overlap no map page and no other
block, NBT data/subnode BIDs present in the BBT, AMap bits covering every block and page,
ibFileEof = file size. Usage: verify_pst.py FILE.pst  (exit 0 = clean, 1 = problems listed)."""
import struct, sys, zlib

def crc(data):
    """[MS-PST] CRC: zlib's table, initial value 0, no final inversion."""
    return ~zlib.crc32(data, 0xFFFFFFFF) & 0xFFFFFFFF

def sig(ib, bid):
    x = ib ^ bid
    return ((x >> 16) ^ x) & 0xFFFF

AMAP_IB, SPAN = 0x4400, 0x3E000
d = open(sys.argv[1], 'rb').read()
errs = []
def err(m):
    if len(errs) < 50: errs.append(m)

if d[:4] != b'!BDN' or struct.unpack_from('<H', d, 10)[0] != 23: err('not a Unicode PST header')
if struct.unpack_from('<I', d, 4)[0] != crc(d[8:8 + 471]): err('dwCRCPartial wrong')
if struct.unpack_from('<I', d, 524)[0] != crc(d[8:8 + 516]): err('dwCRCFull wrong')
eof, amap_last = struct.unpack_from('<QQ', d, 184)
nbt_root = struct.unpack_from('<QQ', d, 216)
bbt_root = struct.unpack_from('<QQ', d, 232)
if eof != len(d): err('ibFileEof %d != file size %d' % (eof, len(d)))

def map_overlap(ib, n):
    k0 = max(0, (ib - AMAP_IB) // SPAN)
    for k in range(k0, (ib + n - AMAP_IB) // SPAN + 1):
        s = AMAP_IB + k * SPAN
        res = 1024 if k % 8 == 0 else 512
        if ib < s + res and ib + n > s: return True
    return False

pages = []
def walk(bref, ptype, leaf_size, out, lo=None):
    bid, ib = bref
    pg = d[ib:ib + 512]
    pt, pt2, ws, pc, pbid = struct.unpack_from('<BBHIQ', pg, 496)
    if pt != ptype or pt2 != ptype: err('page %#x: ptype %#x' % (ib, pt))
    if pbid != bid: err('page %#x: BID %#x != BREF %#x' % (ib, pbid, bid))
    if ws != sig(ib, bid): err('page %#x: wSig' % ib)
    if pc != crc(pg[:496]): err('page %#x: CRC' % ib)
    if ib % 512 or map_overlap(ib, 512): err('page %#x misplaced' % ib)
    pages.append((ib, 512))
    cent, cmax, cbent, level = pg[488:492]
    keys = [struct.unpack_from('<Q', pg, i * cbent)[0] for i in range(cent)]
    if keys != sorted(keys): err('page %#x: keys unsorted' % ib)
    if lo is not None and keys and keys[0] != lo: err('page %#x: first key != parent key' % ib)
    for i in range(cent):
        if level == 0:
            if cbent != leaf_size: err('page %#x: cbEnt %d' % (ib, cbent))
            out.append(pg[i * cbent:(i + 1) * cbent])
        else:
            k, cb, ci = struct.unpack_from('<QQQ', pg, i * 24)
            walk((cb, ci), ptype, leaf_size, out, k)

nbt, bbt = [], []
walk(nbt_root, 0x81, 32, nbt)
walk(bbt_root, 0x80, 24, bbt)
blocks = {}
spans = list(pages)
for e in bbt:
    bid, ib, cb, cref = struct.unpack_from('<QQHH', e)
    tot = (cb + 16 + 63) // 64 * 64
    tcb, tsig, tcrc, tbid = struct.unpack_from('<HHIQ', d, ib + tot - 16)
    if tcb != cb: err('block %#x: trailer cb %d != BBT %d' % (bid, tcb, cb))
    if tbid != bid: err('block %#x: trailer BID %#x' % (bid, tbid))
    if tsig != sig(ib, bid): err('block %#x: wSig' % bid)
    if tcrc != crc(d[ib:ib + cb]): err('block %#x: CRC' % bid)
    if ib % 64 or map_overlap(ib, tot): err('block %#x at %#x overlaps a map page' % (bid, ib))
    blocks[bid] = (ib, cb)
    spans.append((ib, tot))
spans.sort()
for (a, n), (b, _) in zip(spans, spans[1:]):
    if a + n > b: err('overlap at %#x and %#x' % (a, b))
nids = [struct.unpack_from('<Q', e)[0] for e in nbt]
if len(set(nids)) != len(nids): err('duplicate NIDs')
for e in nbt:
    nid, bdata, bsub = struct.unpack_from('<QQQ', e)
    for b in (bdata, bsub):
        if b and (b & ~1) not in blocks: err('NID %#x: BID %#x not in the BBT' % (nid, b))
for k in range((len(d) - AMAP_IB) // SPAN):
    s = AMAP_IB + k * SPAN
    pg = d[s:s + 512]
    if pg[496] != 0x84 or struct.unpack_from('<I', pg, 500)[0] != crc(pg[:496]): err('AMap %#x bad' % s)
    for ib, n in spans:
        if s <= ib < s + SPAN:
            for u in range((ib - s) // 64, (ib - s + n + 63) // 64):
                if not pg[u // 8] & (0x80 >> (u % 8)): err('AMap %#x: %#x not marked' % (s, ib)); break
print('%s: %d nodes, %d blocks, %d pages, %s' % (sys.argv[1], len(nbt), len(bbt), len(pages),
      'clean' if not errs else '%d problems' % len(errs)))
for e in errs: print('  ' + e)
sys.exit(1 if errs else 0)
