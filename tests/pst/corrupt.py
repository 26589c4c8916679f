#!/usr/bin/env python3
"""corrupt.py KIND IN OUT — writes OUT, a copy of the Unicode .pst IN with one structural loop:
  folder-loop   the IPM subtree folder's parent becomes one of its own subfolders (NBT)
  xblock-self   the first XBLOCK's first child BID becomes its own BID (a data tree that loops)
Internal B-tree pages and XBLOCKs are not encoded, so the patch is plain bytes. Exits 1 when IN
has nothing to patch."""
import struct
import sys


def leaves(d, ib, key_size):
    """(entry offset) of every leaf entry of the B-tree page at ib."""
    p = d[ib:ib + 512]
    cent, cb, level = p[488], p[490], p[491]
    for i in range(cent):
        off = ib + i * cb
        if level:
            yield from leaves(d, struct.unpack_from("<Q", d, off + 16)[0], key_size)
        else:
            yield off


def main():
    kind, src, dst = sys.argv[1:4]
    d = bytearray(open(src, "rb").read())
    if struct.unpack_from("<H", d, 10)[0] < 23:
        sys.exit("corrupt.py: not a Unicode .pst")
    done = False
    if kind == "folder-loop":
        parent = {}
        where = {}
        for off in leaves(d, struct.unpack_from("<Q", d, 224)[0], 8):
            nid, par = struct.unpack_from("<I", d, off)[0], struct.unpack_from("<I", d, off + 24)[0]
            if nid & 31 == 2:
                parent[nid], where[nid] = par, off
        for top in (n for n, p in parent.items() if p == 0x122 and n != 0x122):
            kids = [n for n, p in parent.items() if p == top]
            if kids:
                struct.pack_into("<I", d, where[top] + 24, kids[0])
                done = True
                break
    elif kind == "xblock-self":
        for off in leaves(d, struct.unpack_from("<Q", d, 240)[0], 8):
            bid, ib = struct.unpack_from("<QQ", d, off)
            if bid & 2 and d[ib] == 1 and d[ib + 1] == 1:
                struct.pack_into("<Q", d, ib + 8, bid)
                done = True
                break
    if not done:
        sys.exit(f"corrupt.py: nothing to patch for {kind} in {src}")
    open(dst, "wb").write(d)


main()
