#!/usr/bin/env python3
"""Resolves 2025 commune names (as written in a source) to their codes in core/data/units.

Usage: scripts/resolve_communes.py <province code> "Phường Tân Định" "Xã Cần Giờ" ...
Prints one line per name: code, official name, how it matched (exact, same name with another
type word, folded = ignoring case and diacritics) or UNRESOLVED. Exit 1 if any is unresolved.
Used to fill `communes` in core/data/offices.json; nothing is guessed beyond these rules.
"""

import pathlib
import sys
import unicodedata

ROOT = pathlib.Path(__file__).resolve().parent.parent
TYPES = ("Phường", "Xã", "Đặc khu")


def fold(s):
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "d"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return " ".join(s.replace("-", " ").split())


def short(name):
    for t in TYPES:
        if name.startswith(t + " "):
            return name[len(t) + 1:]
    return name


def load(province):
    rows = []
    path = ROOT / "core" / "data" / "units" / "communes-2025.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        code, prov, _type, name = line.split("\t")
        if prov == province:
            rows.append((code, name))
    return rows


def resolve(province, name, rows=None):
    rows = rows if rows is not None else load(province)
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    for code, official in rows:
        if official == name:
            return code, official, "exact"
    for code, official in rows:
        if short(official) == short(name):
            return code, official, "other type word"
    hits = [(c, o) for c, o in rows if fold(short(o)) == fold(short(name))]
    if len(hits) == 1:
        return hits[0][0], hits[0][1], "folded"
    return None, None, "UNRESOLVED" if not hits else "AMBIGUOUS"


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    rows = load(sys.argv[1])
    failed = 0
    for name in sys.argv[2:]:
        code, official, how = resolve(sys.argv[1], name, rows)
        print(f"{code or '-'}\t{official or '-'}\t{how}\t{name}")
        failed += code is None
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
