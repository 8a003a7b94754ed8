"""Merge a freshly exported .pot into a .po, keeping existing translations.

Prints the number of entries and of entries still untranslated.
"""

import sys

import polib


def merge(pot_path, po_path, lang="zh_CN"):
    pot = polib.pofile(pot_path)
    try:
        old = polib.pofile(po_path)
    except OSError:
        old = polib.POFile()
    known = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in old}
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(pot.metadata)
    po.metadata["Language"] = lang
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.header = pot.header
    for entry in pot:
        entry.msgstr = known.get((entry.msgctxt, entry.msgid), "")
        po.append(entry)
    po.save(po_path)
    missing = sum(1 for entry in po if not entry.msgstr)
    print(f"{len(po)} entries, {missing} untranslated")


if __name__ == "__main__":
    merge(sys.argv[1], sys.argv[2])
