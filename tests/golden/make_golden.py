#!/usr/bin/env python3
"""Independent counts of the real data.police.uk files, for the `cairn query` tests.

Counted with Python's csv module, not with Cairn, so the test compares Cairn against a separate
reading of the same files. Regenerate with:  python3 tests/golden/make_golden.py ../shared/data/real
"""
import collections
import csv
import glob
import os
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/real"
rows = []
for path in sorted(glob.glob(os.path.join(root, "police-uk-street", "*", "*.csv"))):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows.extend(csv.DictReader(f))

def write(name, header, key):
    counts = collections.Counter(k for k in (key(r) for r in rows) if k is not None)
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, name), "w", newline="") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(header + ["count"])
        for k in sorted(counts):
            w.writerow(list(k) + [counts[k]])

write("real-police-uk-force-category.csv", ["force", "category"],
      lambda r: (r["Falls within"], r["Crime type"]))
write("real-police-uk-month-force.csv", ["month", "force"], lambda r: (r["Month"], r["Falls within"]))
write("real-police-uk-year-category-violence.csv", ["year", "category"],
      lambda r: (r["Month"][:4], r["Crime type"]) if r["Crime type"] in
      ("Violence and sexual offences", "Robbery", "Possession of weapons") else None)
