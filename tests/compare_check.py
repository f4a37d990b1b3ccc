#!/usr/bin/env python3
"""Independent check of `cairn compare`: reads ONS's own workbooks with openpyxl (not Cairn's
reader) and computes force populations and homicide rates per 1,000 the long way.

usage: compare_check.py SHARED_DATA_REAL P1_WORKBOOK MID_YEAR FORCE_CODE...
prints one line per force: code count population rate_per_1000
"""
import csv
import sys

import openpyxl


def header_row(ws, first):
    for row in ws.iter_rows(values_only=True):
        if row and row[0] is not None and str(row[0]).strip() == first:
            return row
    raise SystemExit("no header row starting " + first)


def main():
    real, workbook, mid_year, forces = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    districts_of = {}
    with open(real + "/ons-lookups/lad24-csp24-pfa24.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            districts_of.setdefault(r["pfa24_code"], set()).add(r["ltla24_code"])
    mye = openpyxl.load_workbook(real + "/ons-population/mye23tablesew.xlsx", read_only=True)
    ws = mye["MYE4"]
    head = header_row(ws, "Code")
    col = [str(h).strip() if h else "" for h in head].index("Mid-" + mid_year)
    population = {}
    for row in ws.iter_rows(values_only=True):
        if row and row[0] and str(row[0]).startswith(("E0", "W0")):
            population[str(row[0])] = int(row[col])
    pfa = openpyxl.load_workbook(workbook, read_only=True)
    sheet = [n for n in pfa.sheetnames if n.strip() == "Table P1"][0]
    ws = pfa[sheet]
    head = [str(h).strip() if h else "" for h in header_row(ws, "Area Code")]
    homicide = [i for i, h in enumerate(head) if h.rstrip("0123456789,") == "Homicide"][0]
    counts = {}
    for row in ws.iter_rows(values_only=True):
        if row and row[0] and str(row[0]).strip() in forces:
            counts[str(row[0]).strip()] = int(row[homicide])
    for code in forces:
        people = sum(population[d] for d in districts_of[code])
        print(code, counts[code], people, "%.10f" % (counts[code] / people * 1000))


main()
