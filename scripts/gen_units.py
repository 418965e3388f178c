#!/usr/bin/env python3
"""Regenerates core/data/units/*.tsv from the MIT-licensed PyPI package `vietnamadminunits`.

Downloads the wheel (pip download, no dependencies) into a temporary directory, reads its
SQLite tables `admin_units` (2025: 34 provinces, 3,321 communes) and `admin_units_legacy`
(pre-2025: 63 provinces, districts, communes) and its old->new table `converter_2025.json`,
and writes tab-separated files (UTF-8, NFC, sorted by code, one header line starting '#').

Usage: scripts/gen_units.py [--wheel path/to/vietnamadminunits-X-py3-none-any.whl]
"""

import argparse
import hashlib
import json
import pathlib
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

PACKAGE = "vietnamadminunits"
VERSION = "1.0.4"
ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "core" / "data" / "units"


def nfc(s):
    return unicodedata.normalize("NFC", s.strip()) if s else s


def write_tsv(name, header, rows):
    path = OUT / name
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("#" + "\t".join(header) + "\n")
        for row in rows:
            assert all("\t" not in c and "\n" not in c for c in row), row
            f.write("\t".join(row) + "\n")
    print(f"{path.relative_to(ROOT)}: {len(rows)} rows, {path.stat().st_size} bytes")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wheel", help="use this wheel instead of downloading")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        if args.wheel:
            wheel = pathlib.Path(args.wheel)
        else:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                 f"{PACKAGE}=={VERSION}", "-d", str(tmp)],
                check=True,
            )
            wheel = next(tmp.glob(f"{PACKAGE}-{VERSION}-*.whl"))
        sha256 = hashlib.sha256(wheel.read_bytes()).hexdigest()
        with zipfile.ZipFile(wheel) as z:
            z.extractall(tmp / "x")
        data = tmp / "x" / PACKAGE / "data"
        db = sqlite3.connect(data / "dataset.db")
        converter = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))
        licence = next((tmp / "x").glob(f"{PACKAGE}-{VERSION}.dist-info/licenses/LICENSE"))
        OUT.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(licence, OUT / f"LICENSE.{PACKAGE}")

        # 2025 units.
        provinces, communes, new_by_key = {}, [], {}
        for (p_code, p_name, w_code, w_name, w_type, p_key, w_key) in db.execute(
            "select provinceCode, province, wardCode, ward, wardType, provinceKey, wardKey "
            "from admin_units"
        ):
            p_type = "Thành phố" if p_name.startswith("Thành phố ") else "Tỉnh"
            provinces[p_code] = (p_code, p_type, nfc(p_name))
            communes.append((w_code, p_code, nfc(w_type), nfc(w_name)))
            new_by_key[(p_key, w_key)] = w_code
        communes.sort()
        assert len(provinces) == 34 and len(communes) == 3321, (len(provinces), len(communes))

        # Legacy units.
        l_provinces, l_districts, l_communes = {}, {}, {}
        legacy_by_key = {}
        for (p_code, p_name, d_code, d_name, d_type, w_code, w_name, w_type, p_key, d_key,
             w_key) in db.execute(
            "select provinceCode, province, districtCode, district, districtType, wardCode, "
            "ward, wardType, provinceKey, districtKey, wardKey from admin_units_legacy"
        ):
            p_type = "Thành phố" if p_name.startswith("Thành phố ") else "Tỉnh"
            l_provinces[p_code] = (p_code, p_type, nfc(p_name))
            l_districts[d_code] = [d_code, p_code, nfc(d_type), nfc(d_name), ""]
            key = f"{p_key}_{d_key}_{w_key or ''}"
            legacy_by_key[key] = ("commune", w_code) if w_code else ("district", d_code)
            if w_code:
                l_communes[w_code] = [w_code, d_code, nfc(w_type), nfc(w_name), ""]

        # Old -> new: each old commune goes wholly into one new commune, or is split among
        # several (the package marks one of them as the default); the default comes first.
        successors = {}
        for p_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for w_key, olds in wards.items():
                for old in olds:
                    successors.setdefault(old, []).append((0, new_by_key[(p_key, w_key)]))
        for p_key, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
            for old, parts in olds.items():
                for part in parts:
                    rank = 0 if part["isDefaultNewWard"] else 1
                    successors.setdefault(old, []).append(
                        (rank, new_by_key[(p_key, part["newWardKey"])]))
        missing = [k for k in legacy_by_key if k not in successors]
        assert not missing, missing[:10]
        for key, (kind, code) in legacy_by_key.items():
            new_codes = [c for _, c in sorted(successors[key])]
            assert sum(1 for r, _ in successors[key] if r == 0) == 1, key
            target = l_communes[code] if kind == "commune" else l_districts[code]
            target[4] = ",".join(new_codes)

        write_tsv("provinces-2025.tsv", ["code", "type", "name"], sorted(provinces.values()))
        write_tsv("communes-2025.tsv", ["code", "province", "type", "name"], communes)
        write_tsv("provinces-legacy.tsv", ["code", "type", "name"],
                  sorted(l_provinces.values()))
        write_tsv("districts-legacy.tsv",
                  ["code", "province", "type", "name", "successor (only when no communes)"],
                  sorted(tuple(d) for d in l_districts.values()))
        write_tsv("communes-legacy.tsv",
                  ["code", "district", "type", "name", "successors (default first)"],
                  sorted(tuple(c) for c in l_communes.values()))
        (OUT / "SOURCE").write_text(
            f"package\t{PACKAGE}\nversion\t{VERSION}\nlicense\tMIT\n"
            f"wheel\t{wheel.name}\nsha256\t{sha256}\n",
            encoding="utf-8",
        )
        print(f"source: {wheel.name} sha256 {sha256}")


if __name__ == "__main__":
    main()
