#!/usr/bin/env python3
"""compare_exports.py KIND ORIGINAL_DIR EXPORTED_DIR — compares what an independent reader
made of the original .pst with what it made of exsh's export of it (tests/pst/roundtrip.sh).

KIND pffexport: the DIRs are `pffexport -m items -f all -t X` outputs (X.export). The IPM
  subtree is the one top-level folder that isn't a known system folder; folders are compared
  below it. Per item: its kind (Message, Appointment, Contact...), subject, sender name, sender
  address (when the original's is an SMTP address: exsh keeps SMTP where the original had an
  Exchange DN and an SMTP fallback), and the sha256 of every other file it wrote (bodies
  Message.txt / Message.html, attachment files, embedded messages' bodies and attachments);
  headers, conversation index, recipient dumps and RTF are left out.
KIND readpst: the DIRs are `readpst -S -D -j 1 -o X` outputs. Per item file: Subject, the
  From name (and address when SMTP), the text and HTML parts, and the sha256 of its
  attachment files (N-name), RTF bodies left out.
Folders: every original folder must exist in the export (exsh adds the mailbox's default
folders, so the export may have more); items are compared folder by folder as sorted lists.
Prints the differences; exits 1 if there are any."""
import email
import email.policy
import hashlib
import os
import re
import sys

SYSTEM = {"Search Root", "ItemProcSearch", "SPAM Search Folder 2", "Freebusy Data",
          "IPM_COMMON_VIEWS", "IPM_VIEWS", "Reminders", "To-Do Search",
          "Tracked Mail Processing", "Finder", "検索ルート", "Shortcuts", "Views",
          "Common Views", "Deferred Action", "Spooler Queue"}
SKIP_FILES = {"OutlookHeaders.txt", "ConversationIndex.txt", "InternetHeaders.txt",
              "Recipients.txt"}
ITEM_DIR = re.compile(r"^[A-Za-z]+\d{5}$")


# pffexport's property dumps of non-mail items: their "Size:" line is PidTagMessageSize, the
# bytes the item takes in that file's layout, not content; it is left out of the comparison.
ITEM_DUMPS = {"Appointment.txt", "Contact.txt", "DistributionList.txt", "Task.txt", "Note.txt",
              "Activity.txt", "Meeting.txt"}


def sha(path):
    with open(path, "rb") as f:
        data = f.read()
    if os.path.basename(path) in ITEM_DUMPS:
        data = b"".join(l for l in data.splitlines(True) if not l.startswith(b"Size:"))
    return hashlib.sha256(data).hexdigest()[:16]


def is_smtp(addr):
    return "@" in addr


# ---------------- pffexport ----------------

def pff_top(root):
    tops = [d for d in os.listdir(root) if d not in SYSTEM and os.path.isdir(os.path.join(root, d))]
    if len(tops) != 1:
        sys.exit(f"{root}: can't tell the IPM subtree among {tops}")
    return os.path.join(root, tops[0])


def pff_headers(item):
    out = {}
    path = os.path.join(item, "OutlookHeaders.txt")
    if os.path.exists(path):
        for line in open(path, encoding="utf-8", errors="replace"):
            k, _, v = line.partition(":")
            out.setdefault(k.strip(), v.strip())
    return out


def pff_item(item):
    h = pff_headers(item)
    files = []
    for dirpath, dirs, names in os.walk(item):
        dirs.sort()
        for n in sorted(names):
            if n in SKIP_FILES or n.endswith(".rtf"):
                continue
            p = os.path.join(dirpath, n)
            files.append((os.path.relpath(p, item), sha(p)))
    kind = re.sub(r"\d+$", "", os.path.basename(item))
    return {"kind": kind, "subject": h.get("Subject", ""), "sender": h.get("Sender name", ""),
            "address": h.get("Sender email address", ""), "files": files}


def pff_read(root):
    top = pff_top(root)
    folders, items = set(), {}
    for dirpath, dirs, names in os.walk(top):
        rel = os.path.relpath(dirpath, top).casefold()   # MAPI folder names ignore case
        item_dirs = [d for d in dirs if ITEM_DIR.match(d)]
        dirs[:] = sorted(d for d in dirs if not ITEM_DIR.match(d))
        folders.add(rel)
        for d in item_dirs:
            items.setdefault(rel, []).append(pff_item(os.path.join(dirpath, d)))
    return folders, items


# ---------------- readpst ----------------

def rp_item(path, attachments):
    raw = open(path, "rb").read()
    if raw.startswith(b"BEGIN:"):   # vCard / iCalendar: compare the lines that carry content
        keep = [l for l in raw.decode("utf-8", "replace").splitlines()
                if not re.match(r"(REV|DTSTAMP|UID|X-|PRODID|LAST-MODIFIED|CREATED)", l)]
        return {"kind": "card", "subject": "", "sender": "", "address": "",
                "files": [("card", hashlib.sha256("\n".join(keep).encode()).hexdigest()[:16])]}
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    name, addr = "", ""
    try:
        frm = msg["From"]
        if frm is not None and frm.addresses:
            name, addr = frm.addresses[0].display_name, frm.addresses[0].addr_spec
    except Exception:
        name = str(msg.get("From", ""))
    files = []
    for part in msg.walk():
        ctype = part.get_content_type()
        if part.is_multipart() or part.get_filename():
            continue
        if ctype in ("text/plain", "text/html"):
            # readpst writes a body in the message's code page or UTF-8: compare the text
            try:
                text = part.get_content()
            except Exception:
                text = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
            text = text.replace("\r\n", "\n").rstrip("\r\n\0 ")
            # an embedded message rendered inline: readpst's forensic header shows the
            # original's Exchange DN (exsh keeps the SMTP address) and charset labels vary
            text = re.sub(r"(?m)^X-libpst-forensic-sender: .*\n", "", text)
            text = re.sub(r'; charset="[^"]*"', "", text)
            text = re.sub(r"iamunique-\d+", "iamunique-N", text)   # readpst's random boundary
            files.append((ctype, hashlib.sha256(text.encode()).hexdigest()[:16]))
    for a in attachments:
        files.append((os.path.basename(a).split("-", 1)[1], sha(a)))
    return {"kind": "mail", "subject": str(msg.get("Subject", "")), "sender": name,
            "address": addr, "files": sorted(files)}


def rp_read(root):
    tops = [d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d))]
    if len(tops) != 1:
        sys.exit(f"{root}: expected one store folder, found {tops}")
    top = os.path.join(root, tops[0])
    folders, items = set(), {}
    for dirpath, dirs, names in os.walk(top):
        dirs.sort()
        rel = os.path.relpath(dirpath, top).casefold()
        nums = sorted(n for n in names if n.isdigit())
        if nums:
            folders.add(rel)
        for n in nums:
            atts = sorted(os.path.join(dirpath, a) for a in names
                          if a.startswith(n + "-") and not a.endswith(".rtf"))
            items.setdefault(rel, []).append(rp_item(os.path.join(dirpath, n), atts))
    return folders, items


# ---------------- comparison ----------------

def key(it, with_address):
    return (it["kind"], it["subject"], it["sender"],
            it["address"].lower() if with_address else "", tuple(it["files"]))


def main():
    kind, orig_dir, new_dir = sys.argv[1:4]
    read = pff_read if kind == "pffexport" else rp_read
    f0, i0 = read(orig_dir)
    f1, i1 = read(new_dir)
    problems = []
    if kind == "pffexport":
        for f in sorted(f0 - f1):
            problems.append(f"folder {f!r} is missing from the export")
    else:
        for f in sorted(f0 ^ f1):
            problems.append(f"folder {f!r} has items in only one of the two")
    total0 = total1 = 0
    for folder in sorted(set(i0) | set(i1)):
        a, b = i0.get(folder, []), i1.get(folder, [])
        total0, total1 = total0 + len(a), total1 + len(b)
        if len(a) != len(b):
            problems.append(f"{folder}: {len(a)} items in the original, {len(b)} in the export")
        # an address counts only where the original's is SMTP (see the top of this file)
        smtp = {(x["kind"], x["subject"], x["sender"]): is_smtp(x["address"]) for x in a}
        ka = sorted(key(x, is_smtp(x["address"])) for x in a)
        kb = sorted(key(x, smtp.get((x["kind"], x["subject"], x["sender"]), True)) for x in b)
        for x in ka:
            if x not in kb:
                problems.append(f"{folder}: original item not in the export: {x[:4]} {list(x[4])}")
        for x in kb:
            if x not in ka:
                problems.append(f"{folder}: exported item not in the original: {x[:4]} {list(x[4])}")
    print(f"{kind}: {len(f0)} / {len(f1)} folders, {total0} / {total1} items "
          f"(original / export): {'same' if not problems else f'{len(problems)} differences'}")
    for p in problems[:40]:
        print("  " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
